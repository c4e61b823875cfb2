#!/bin/sh
# arbiter.sh: 2 data instances + 1 arbiter. The arbiter votes but holds no
# graph data (no graph.db, and no trace of a written property value anywhere
# in its data directory) and is never master; the cluster survives the loss
# of either data instance: writes still commit with the arbiter's vote. And
# when the master dies while the other data instance is down and behind,
# that instance is not elected on its return (the cluster waits for the
# master instead of losing a write).
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

A=3
cl_start 2 1 || cl_abort "2 data instances and an arbiter start"
ok "2 data instances and an arbiter start"
M=$(cl_master 15) || cl_abort "a master is elected"
S=$((3 - M))
check "instance $S becomes slave" cl_wait_role $S slave 10
check "instance $A reports role arbiter" test "$(cl_role $A)" = arbiter
out=$(cl_ctl $A status)
check "status on the arbiter shows mode ARBITER" contains "$out" ARBITER

# A value that must reach the data instances' stores and never the arbiter's.
CANARY=canary-$$-graphdata
T=$(cl_write "$M" Canary "\"$CANARY\"")
check "a write on master $M is acknowledged" test -n "$T"
check "slave $S applies it" cl_wait_applied $S "${T:-1}" 10
check "the arbiter's data directory has no graph.db" \
	test ! -e "$CL_TMP/$A/data/graph.db"
check "the data instances have a graph.db" \
	test -e "$CL_TMP/$M/data/graph.db" -a -e "$CL_TMP/$S/data/graph.db"
check "the written value is in the master's data directory (the probe works)" \
	quiet grep -rlaF "$CANARY" "$CL_TMP/$M/data"
check "and nowhere in the arbiter's data directory" \
	test -z "$(grep -rlaF "$CANARY" "$CL_TMP/$A/data")"

# Loss of the slave: the master and the arbiter are a majority.
cl_kill9 $S
T=$(cl_write "$M" Item 1)
check "with slave $S killed a write on master $M still commits" test -n "$T"
check "instance $M is still master" test "$(cl_role "$M")" = master
check "slave $S restarts" cl_start_instance $S
check "and rejoins as slave" cl_wait_role $S slave 15
C=$(cl_status "$M" commit_index)
check "and catches up to the master's commit index $C" cl_wait_applied $S "${C:-1}" 15

# Loss of the master: the slave (which holds every committed write) and the
# arbiter elect the slave.
cl_kill9 "$M"
check "with master $M killed, instance $S becomes master" cl_wait_role $S master 10
T=$(cl_write $S Item 2)
check "and a write on it commits" test -n "$T"
check "the arbiter is still arbiter" test "$(cl_role $A)" = arbiter
check "the old master restarts" cl_start_instance "$M"
check "and rejoins as slave" cl_wait_role "$M" slave 15
check "and applies the write made while it was down" \
	cl_wait_applied "$M" "${T:-1}" 15
check "both data instances hold the same nodes" \
	test "$(cl_nodes 1 Item)" = "$(cl_nodes 2 Item)" -a -n "$(cl_nodes 1 Item)"
# The documented trade-off (DESIGN 3.1): the master dies while the only
# other data copy is down and behind. The arbiter, whose log metadata holds
# the newer write, refuses its vote to the stale instance, so the cluster
# waits for the master rather than lose an acknowledged write.
P=$S
Q=$M
cl_kill9 $Q
K=$(cl_write $P Item 3)
check "with instance $Q killed a write on master $P commits (txn ${K:-none})" \
	test -n "$K"
cl_kill9 $P
check "instance $Q restarts while master $P is down" cl_start_instance $Q
# Observe for 3 s (10 election timeouts): it must never become master.
end=$(($(cl_ms) + 3000))
became=no
while [ "$(cl_ms)" -lt $end ]; do
	[ "$(cl_role $Q)" = master ] && became=yes
	sleep 0.1
done
check "the stale instance $Q is not elected with the arbiter's vote" \
	test $became = no
timeout 3 "$GRAPHCTL" -s "$(cl_addr $Q)" --cluster "$CL_NAME" \
	create-node --label Stale >/dev/null 2>&1
check "and acknowledges no write" test $? -ne 0
check "instance $P restarts" cl_start_instance $P
N=$(cl_master 15)
check "a master is elected once $P is back (${N:-none})" test -n "$N"
check "instance $Q applies the write acknowledged while it was down" \
	cl_wait_applied $Q "${K:-1}" 15
check "both data instances hold the same nodes, the write included" \
	test "$(cl_nodes 1 Item)" = "$(cl_nodes 2 Item)" -a \
	"$(cl_count_nodes $Q Item)" -ge 3
check "the arbiter was never elected master" \
	test -z "$(grep -hE "Instance $A( \(this server\))? was elected as master" \
		"$CL_TMP"/*/data/messages.log)"
check "and its data directory still holds no graph data" \
	test ! -e "$CL_TMP/$A/data/graph.db" -a \
	-z "$(grep -rlaF "$CANARY" "$CL_TMP/$A/data")"
cl_done
