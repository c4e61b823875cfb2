#!/bin/sh
# bounds.sh: no committed entry can fail on apply for its size (DESIGN.md
# 3.3, contract 10). A property doubled with SET n.s = n.s + n.s until the
# value bound refuses it: the refusal names the bound, every instance stays
# up and serving with the same last accepted value, a transaction over the
# transaction bound is rolled back alike everywhere, an over-large
# parameter or statement is refused before the log (the commit index does
# not move), and a restart of every instance works (no stuck entry).
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

# Small bounds keep the test fast: 64 KiB a value, 256 KiB a transaction.
CL_EXTRA='ha.max_value_size = 64k
dbms.memory.transaction.max = 256k
dbms.memory.pagecache.size = 8M'
cl_start 3 0 || cl_abort "3 data instances start"
M=$(cl_master 15) || cl_abort "a master is elected"
S=$((M % 3 + 1))
cl_wait_role $S slave 10 || cl_abort "instance $S becomes a slave"
ok "master $M, slave $S"

check "a node with a 16-byte string is created" quiet cl_ctl "$M" query \
	"CREATE (:S {s: 'xxxxxxxxxxxxxxxx'})"
# Doubling through the slave: the write is forwarded to the master.
i=0 size=16 err=
while [ $i -lt 20 ]; do
	if ! cl_ctl $S query "MATCH (n:S) SET n.s = n.s + n.s" \
		>/dev/null 2>"$CL_TMP/err"; then
		err=$(cat "$CL_TMP/err")
		break
	fi
	size=$((size * 2))
	i=$((i + 1))
done
echo "# refused after $i doublings: $err"
check "the doubling stops at the value bound (last accepted 65536 bytes)" \
	test "$size" -eq 65536
check "the refusal names the bound and its key" \
	contains "$err" "exceeds the maximum value size of 65536 bytes (ha.max_value_size)"

T=$(cl_status "$M" commit_index)
all_same() {
	for j in 1 2 3; do
		cl_wait_applied $j "$T" 15 || return 1
		v=$(cl_ctl $j query "MATCH (n:S) RETURN size(n.s) AS z" |
			grep -c "| $1 ")
		[ "$v" -eq 1 ] || return 1
	done
}
check "every instance applied it and holds the last accepted value" \
	all_same 65536
for j in 1 2 3; do
	check "instance $j is still up ($(cl_role $j))" \
		test "$(cl_role $j)" != down
done
check "writes still work" quiet cl_write "$M" After

# The transaction bound: three 64 KiB records fit in 256 KiB, five do not.
check "a transaction of three 64 KiB records applies" quiet cl_ctl "$M" \
	query "MATCH (n:S) UNWIND range(1, 3) AS i CREATE (:T {s: n.s})"
cl_ctl "$M" query "MATCH (n:S) UNWIND range(1, 5) AS i CREATE (:U {s: n.s})" \
	>/dev/null 2>"$CL_TMP/err"
check "one of five is refused" test $? -ne 0
check "naming dbms.memory.transaction.max" \
	grep -q "maximum transaction size (dbms.memory.transaction.max)" \
	"$CL_TMP/err"
T=$(cl_status "$M" commit_index)
counts() {
	for j in 1 2 3; do
		cl_wait_applied $j "$T" 15 || return 1
		[ "$(cl_ctl $j query 'MATCH (t:T) RETURN count(t) AS c' |
			grep -c '| 3 ')" -eq 1 ] || return 1
		[ "$(cl_ctl $j query 'MATCH (u:U) RETURN count(u) AS c' |
			grep -c '| 0 ')" -eq 1 ] || return 1
	done
}
check "every instance has the three and none of the five" counts

# Before the log: an over-large parameter and an over-large statement.
C0=$(cl_status "$M" commit_index)
BIG=$(head -c 70000 /dev/zero | tr '\0' y)
cl_ctl $S query 'CREATE (:P {s: $v})' --param "v=$BIG" \
	>/dev/null 2>"$CL_TMP/err"
check "a 70000-byte parameter is refused" test $? -ne 0
check "before the log, naming ha.max_value_size" \
	grep -q "parameter v of 70000 bytes exceeds the maximum value size of 65536 bytes (ha.max_value_size); not written" "$CL_TMP/err"
printf "CREATE (:P {a: '%s', b: '%s', c: '%s', d: '%s'})\n" \
	"$BIG" "$BIG" "$BIG" "$BIG" >"$CL_TMP/big.cypher"
cl_ctl "$M" query -f "$CL_TMP/big.cypher" >/dev/null 2>"$CL_TMP/err"
check "a 280 kB statement is refused" test $? -ne 0
check "before the log, naming dbms.memory.transaction.max" \
	grep -q "the statement with its parameters of .* bytes exceeds the maximum transaction size of 262144 bytes (dbms.memory.transaction.max); not written" "$CL_TMP/err"
check "the commit index did not move ($C0)" \
	test "$(cl_status "$M" commit_index)" -eq "$C0"

# A restart of every instance replays nothing that cannot be applied.
for j in 1 2 3; do
	cl_stop $j
done
for j in 1 2 3; do
	cl_start_instance $j || cl_abort "instance $j restarts"
done
M=$(cl_master 15) || cl_abort "a master is elected after the restart"
ok "all three restarted, master $M"
check "writes work after the restart" quiet cl_write "$M" Again
T=$(cl_status "$M" commit_index)
check "every instance still holds the last accepted value" all_same 65536
cl_done
