#!/bin/sh
# backup_join.sh: a backup taken from a slave while a writer runs, restored
# into a new instance that joins the cluster with ha.initial_hosts pointing
# at it: it becomes a slave, catches up from the master's log (no store
# copy: the restored snapshot point carries the term of its last entry), and
# serves the master's data once the writer stops. An arbiter refuses a
# backup.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

B=$CL_TMP/backup
STOP=$CL_TMP/stop-writer
J=5 # the joiner (1..3 data instances, 4 an arbiter)
cl_start 3 1 || cl_abort "3 data instances and an arbiter start"
M=$(cl_master 15) || cl_abort "a master is elected"
S=1
[ "$S" = "$M" ] && S=2
"$CL_WRITER" -s "$(cl_servers)" -c "$CL_NAME" -l Item -n 200 -t 30 \
	>"$CL_TMP/acks" 2>"$CL_TMP/writer.err"
check "200 writes commit" test "$(grep -c '^ack ' "$CL_TMP/acks")" -eq 200
"$CL_WRITER" -s "$(cl_servers)" -c "$CL_NAME" -l Steady -f "$STOP" -t 60 \
	>"$CL_TMP/acks2" 2>"$CL_TMP/writer2.err" &
WPID=$!
CL_PIDS="$CL_PIDS $WPID"

out=$(cl_ctl 4 backup --to "$CL_TMP/arb" 2>&1)
check "an arbiter refuses a backup (exit 1)" test $? -eq 1
check "saying it holds no graph data" contains "$out" "arbiter"

cl_wait_applied "$S" 220 20
cl_ctl "$S" backup --to "$B" >"$CL_TMP/backup.out" 2>&1
check "backup from slave $S while the writer runs" test $? -eq 0
cat "$CL_TMP/backup.out"
check "it is a full backup from instance $S" \
	grep -q "^full: .*from instance $S" "$CL_TMP/backup.out"
T=$(sed -n 's/^txn_id=//p' "$B/backup.manifest")
check "the manifest carries the term of txn $T" \
	test "$(sed -n 's/^term=//p' "$B/backup.manifest")" -gt 0

cl_ports $J || cl_abort "free ports for instance $J"
cl_conf $J
"$GRAPHD" --restore "$B" -c "$CL_TMP/$J/graphd.conf" >"$CL_TMP/restore.out" 2>&1
check "graphd --restore seeds instance $J" test $? -eq 0
check "it says the instance joins the cluster" \
	grep -q "it joins the cluster" "$CL_TMP/restore.out"
check "instance $J starts on the restored data" cl_start_instance $J
check "and becomes slave" cl_wait_role $J slave 30
check "it was added to the cluster" \
	cl_wait_log "$M" "joined the cluster|asked to join" 10

touch "$STOP"
cl_wait_exit "$WPID" 30
check "the writer stops without failed writes" test "$CL_STATUS" -eq 0
C=$(cl_status "$M" commit_index)
check "instance $J applies up to the master's commit index $C" \
	cl_wait_applied $J "${C:-1}" 20
check "it has the master's Item nodes (200)" \
	test "$(cl_nodes $J Item)" = "$(cl_nodes "$M" Item)" -a \
	"$(cl_count_nodes $J Item)" -eq 200
check "and the master's Steady nodes, written during and after the backup" \
	test "$(cl_nodes $J Steady)" = "$(cl_nodes "$M" Steady)" -a \
	"$(cl_count_nodes $J Steady)" -gt 0
check "it caught up from the log (no store copy was sent to it)" \
	sh -c '! grep -q "Store copy to instance $2" "$1"' - "$(cl_log "$M")" $J
check "its restored graph started at txn $T" \
	grep -q "after the snapshot at $T" "$(cl_log $J)"

# A brand-new cluster from the backup: every instance stops, the data
# instances (founding members, listed by id) are restored from the same
# backup, the arbiter starts empty.
for i in 1 2 3 4 $J; do
	cl_stop $i
	rm -rf "${CL_TMP:?}/$i/data"
done
for i in 1 2 3; do
	"$GRAPHD" --restore "$B" -c "$CL_TMP/$i/graphd.conf" >/dev/null 2>&1 ||
		fail "restore founding member $i"
done
for i in 1 2 3 4; do
	cl_start_instance $i || fail "instance $i of the new cluster starts"
done
M=$(cl_master 20) || cl_abort "the restored cluster elects a master"
ok "the restored cluster elects a master ($M)"
check "it serves the backup's 200 Item nodes on every data instance" \
	test "$(cl_count_nodes 1 Item)" -eq 200 -a \
	"$(cl_count_nodes 2 Item)" -eq 200 -a "$(cl_count_nodes 3 Item)" -eq 200
W=$(cl_write "$M" Item 201)
check "it takes a write after txn $T (txn $W)" test "${W:-0}" -gt "$T"
for i in 1 2 3; do
	check "instance $i applies it" cl_wait_applied $i "${W:-1}" 10
done
cl_done
