#!/bin/sh
# cypher.sh: Cypher end to end: the example dataset loads through graphctl
# (every write through the log), reads and writes answer with rows and
# counters, errors say where, the index is used, and the shell reads
# statements from a pipe.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/e2e/lib.sh"

D=$E2E_TMP/cypher
DATA=${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/../contrib/examples/people.cypher
e2e_conf "$D"
if ! e2e_start "$D"; then
	fail "graphd starts"
	e2e_done
fi

gctl query -f "$DATA" >"$E2E_TMP/load" 2>&1
check "the example dataset loads (graphctl query -f)" test $? -eq 0
out=$(gctl query 'MATCH (p:Person) RETURN count(*) AS people' 2>&1)
check "240 people ($out)" contains "$out" "| 240"
out=$(gctl query 'MATCH (c:City) RETURN count(c) AS n' 2>&1)
check "12 cities" contains "$out" "| 12"
out=$(gctl query --json "MATCH (p:Person)-[:LIVES_IN]->(c:City) \
	RETURN c.name AS city, count(*) AS n ORDER BY n DESC, city LIMIT 1" 2>&1)
check "an aggregation answers JSON rows ($out)" contains "$out" '"n":'
out=$(gctl query "CREATE (a:Probe {k: 1})-[:T]->(b:Probe {k: 2}) RETURN a.k" 2>&1)
check "a write reports its counters and txn ($out)" \
	sh -c 'case "$1" in *"nodes created: 2"*txn*) ;; *) exit 1;; esac' - "$out"
out=$(gctl query 'MATCH (a:Probe)-[:T]->(b) RETURN b.k' 2>&1)
check "and it is read back" contains "$out" "| 2"
out=$(gctl query 'MATCH (n:Person RETURN n' 2>&1)
st=$?
check "a syntax error exits 1 (got $st)" test $st -eq 1
check "and shows the column with a caret" contains "$out" "^"
out=$(gctl query 'MATCH (n) RETURN m' 2>&1)
check "an unknown variable is named ($out)" contains "$out" "m"
out=$(gctl query "EXPLAIN MATCH (p:Person {name: 'Ada Lovelace'}) RETURN p" 2>&1)
check "EXPLAIN shows the index seek ($out)" contains "$out" "NodeIndexSeek"
out=$(printf 'MATCH (p:Probe) RETURN count(*) AS c;\n:exit\n' |
	"$GRAPHCTL" -s "$SRV" --cluster e2e shell 2>&1)
check "the shell reads statements from a pipe ($out)" contains "$out" "| 2"
out=$(gctl query 'MATCH (p:Probe) DELETE p' 2>&1)
st=$?
check "deleting a connected node is refused (exit $st: $out)" test $st -eq 1
check "and the nodes are still there" \
	contains "$(gctl query 'MATCH (p:Probe) RETURN count(*) AS c' 2>&1)" "| 2"
e2e_done
