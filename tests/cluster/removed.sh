#!/bin/sh
# removed.sh: a removed instance knows it (DESIGN.md contract 9). A slave
# is SIGSTOPped, `graphctl remove` takes it out while it hears nothing, then
# it is continued: the master no longer replicates to it, so it learns its
# removal from the members it asks for votes. It logs it, stops
# campaigning (its term stays still, and so does everybody else's),
# reports role "removed" and refuses reads and writes (client port and
# HTTP) with a clear error; a restart keeps it removed.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

cl_start 3 0 || cl_abort "3 data instances start"
M=$(cl_master 15) || cl_abort "a master is elected"
ok "instance $M is master"
for k in 1 2 3 4 5; do
	T=$(cl_write "$M" Item $k) || cl_abort "write $k commits"
done
X=$((M % 3 + 1))
O=$((X % 3 + 1))
[ "$O" = "$M" ] && O=$((O % 3 + 1))
check "instance $X applies the writes" cl_wait_applied $X "${T:-1}" 10

# members I: the server ids in instance I's members table, sorted.
members() {
	cl_ctl "$1" --json status | sed 's/"members": \[/\n/' | sed -n 2p |
		grep -o '"server_id": [0-9]*' | sed 's/.*: //' | sort -n | tr '\n' ' '
}

cl_sigstop $X || cl_abort "SIGSTOP instance $X"
out=$(cl_ctl "$M" remove $X 2>&1)
check "graphctl remove $X succeeds while it is stopped ($out)" test $? -eq 0
end=$(($(date +%s) + 10))
while [ "$(members "$M" | wc -w)" -ne 2 ] && [ "$(date +%s)" -lt $end ]; do
	sleep 0.1
done
check "the master's members table lists 2 instances ($(members "$M"))" \
	test "$(members "$M" | wc -w)" -eq 2
T=$(cl_write "$M" Item 6)
check "the 2 remaining instances go on committing" test -n "$T"
TM=$(cl_status "$M" term)
cl_sigcont $X

check "instance $X logs its removal" cl_wait_log $X \
	"Instance $X \\(this server\\) was removed from the cluster at transaction [0-9]+; it no longer votes, campaigns or serves reads and writes" 15
check "it reports role removed" cl_wait_role $X removed 5
TX=$(cl_status $X term)
# Stillness can only be watched for a while: 10 election timeouts.
sleep 3
check "its term stays still (${TX:-?} -> $(cl_status $X term))" \
	test -n "$TX" -a "$(cl_status $X term)" = "$TX"
check "the master's term does not move (${TM:-?} -> $(cl_status "$M" term))" \
	test -n "$TM" -a "$(cl_status "$M" term)" = "$TM"
check "instance $M is still master" test "$(cl_role "$M")" = master
check "instance $X logged no election since" \
	sh -c "! sed -n '/(this server) was removed/,\$p' '$(cl_log $X)' | grep -q 'starting an election'"

out=$(cl_ctl $X nodes Item 2>&1)
st=$?
check "a read on instance $X is refused ($out)" \
	sh -c "test $st -ne 0 && echo \"\$1\" | grep -q 'was removed from the cluster'" _ "$out"
out=$(cl_ctl $X create-node --label Item --prop k=7 2>&1)
st=$?
check "a write on instance $X is refused ($out)" \
	sh -c "test $st -ne 0 && echo \"\$1\" | grep -q 'was removed from the cluster'" _ "$out"
if command -v curl >/dev/null 2>&1; then
	body=$(curl -s -m 5 -H 'Content-Type: application/json' \
		--data-binary '{"statements":[{"statement":"MATCH (n) RETURN count(n)"}]}' \
		"http://127.0.0.1:$(cl_get CL_HPORT $X)/db/neo4j/tx/commit")
	check "an HTTP query on instance $X is refused ($body)" \
		sh -c "echo \"\$1\" | grep -q 'was removed from the cluster'" _ "$body"
	code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' \
		"http://127.0.0.1:$(cl_get CL_HPORT $X)/db/manage/server/ha/available")
	check "HA available on instance $X answers 404 ($code)" test "$code" = 404
fi

cl_stop $X
check "instance $X restarts" cl_start_instance $X
check "it is still removed after the restart" cl_wait_role $X removed 5
check "and says so in its log" cl_wait_log $X "was \\(as stored\\) removed from the cluster" 5
TX=$(cl_status $X term)
sleep 2
check "its term stays still after the restart (${TX:-?} -> $(cl_status $X term))" \
	test -n "$TX" -a "$(cl_status $X term)" = "$TX"
check "the master's term still has not moved" \
	test "$(cl_status "$M" term)" = "$TM"
out=$(cl_ctl $X nodes Item 2>&1)
check "reads stay refused after the restart" \
	sh -c "echo \"\$1\" | grep -q 'was removed from the cluster'" _ "$out"
T=$(cl_write "$O" Item 8)
check "the cluster still takes writes through instance $O" test -n "$T"
cl_done
