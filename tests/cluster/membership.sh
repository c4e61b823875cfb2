#!/bin/sh
# membership.sh: a 4th instance started later with ha.initial_hosts listing
# the 3 founding members joins by itself (as a learner, then promoted once
# caught up), becomes slave and holds the data written before it came.
# `graphctl remove 4` takes it out again: the members table no longer lists
# it, the 3 go on committing, and it gets no further transactions. Then
# `graphctl transfer-master` hands the master role to a slave.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

cl_start 3 0 || cl_abort "3 data instances start"
M=$(cl_master 15) || cl_abort "a master is elected"
ok "instance $M is master"
"$CL_WRITER" -s "$(cl_servers)" -c "$CL_NAME" -l Item -n 50 -t 30 \
	>"$CL_TMP/acks" 2>"$CL_TMP/writer.err"
check "50 writes commit on the 3" \
	test "$(grep -c '^ack ' "$CL_TMP/acks")" -eq 50

# members I: the server ids in instance I's members table, sorted.
members() {
	cl_ctl "$1" --json status | sed 's/"members": \[/\n/' | sed -n 2p |
		grep -o '"server_id": [0-9]*' | sed 's/.*: //' | sort -n | tr '\n' ' '
}

cl_ports 4 || cl_abort "free ports for instance 4"
cl_conf 4
check "instance 4 (not a founding member) starts" cl_start_instance 4
check "and becomes slave" cl_wait_role 4 slave 20
check "it logs that it joined the cluster" \
	cl_wait_log 4 "joined the cluster" 5
C=$(cl_status "$M" commit_index)
check "it applies up to the master's commit index $C" cl_wait_applied 4 "${C:-1}" 15
check "it holds the 50 nodes written before it came" \
	test "$(cl_nodes 4 Item)" = "$(cl_nodes "$M" Item)" -a \
	"$(cl_count_nodes 4 Item)" -eq 50
check "the master's members table lists 1 2 3 4 ($(members "$M"))" \
	test "$(members "$M")" = "1 2 3 4 "
T=$(cl_write 4 Item 51)
check "a write through instance 4 commits" test -n "$T"
check "the master logs the join" grep -q "joined the cluster" "$(cl_log "$M")"

out=$(cl_ctl "$M" remove 4 2>&1)
st=$?
check "graphctl remove 4 succeeds ($out)" test $st -eq 0
end=$(($(date +%s) + 10))
while [ "$(members "$M")" != "1 2 3 " ] && [ "$(date +%s)" -lt $end ]; do
	sleep 0.1
done
check "the master's members table lists 1 2 3 ($(members "$M"))" \
	test "$(members "$M")" = "1 2 3 "
before=$(cl_status 4 applied_index)
T=$(cl_write "$M" Item 52)
check "the 3 remaining instances go on committing" test -n "$T"
for i in 1 2 3; do
	check "instance $i applies it" cl_wait_applied $i "${T:-1}" 10
done
after=$(cl_status 4 applied_index)
check "the removed instance gets no further transaction (${before:-?} -> ${after:-?} < ${T:-?})" \
	test -z "$after" -o "${after:-0}" -lt "${T:-0}"

# Maintenance of the master: hand the role to a slave on purpose.
X=$((M % 3 + 1))
out=$(cl_ctl "$M" transfer-master $X --timeout 10s 2>&1)
st=$?
out=$(printf '%s' "$out" | tr '\n' ';')
check "graphctl transfer-master $X succeeds ($out)" test $st -eq 0
check "graphctl wait --role master on instance $X agrees" \
	quiet cl_ctl $X wait --role master --timeout 5s
check "the old master $M is slave" cl_wait_role "$M" slave 10
T=$(cl_write "$M" Item 53)
check "a write through the old master commits on the new one" test -n "$T"
check "graphctl wait --applied $T on instance $M" \
	quiet cl_ctl "$M" wait --applied "${T:-1}" --timeout 5s
cl_done
