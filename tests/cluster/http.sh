#!/bin/sh
# http.sh: the HTTP port in a cluster of 2 data instances and an arbiter:
# the HA status endpoints say master and slave as a load balancer needs
# (the arbiter is neither), a write sent over HTTP to the slave is forwarded
# to the master and read back at once on the slave, the bookmark header
# reads it on the master, and after the master dies the endpoints follow
# the new master.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

if ! command -v curl >/dev/null 2>&1 || ! command -v python3 >/dev/null; then
	echo "SKIP: curl and python3 are needed (contrib/install-deps)"
	exit 77
fi

OUT=$CL_TMP/http.out
# hget I PATH: status code of GET PATH on instance I; the body in $OUT.
hget() {
	curl -s -m 5 -o "$OUT" -w '%{http_code}' \
		"http://127.0.0.1:$(cl_get CL_HPORT "$1")$2"
}
# hquery I STATEMENT [CURL ARGS...]: POSTs one statement to instance I.
hquery() {
	hq_i=$1
	hq_body=$(python3 -c 'import json,sys; print(json.dumps({"statements":[{"statement":sys.argv[1]}]}))' "$2")
	shift 2
	curl -s -m 20 -o "$OUT" -D "$OUT.h" -w '%{http_code}' \
		-H 'Content-Type: application/json' --data-binary "$hq_body" "$@" \
		"http://127.0.0.1:$(cl_get CL_HPORT "$hq_i")/db/neo4j/tx/commit"
}
jget() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
		"$OUT" "$1" 2>/dev/null
}
# hwait I PATH CODE SECONDS: polls until GET PATH answers CODE.
hwait() {
	hw_n=0
	while [ "$(hget "$1" "$2")" != "$3" ]; do
		hw_n=$((hw_n + 1))
		[ $hw_n -le $(($4 * 20)) ] || return 1
		sleep 0.05
	done
}

A=3
cl_start 2 1 || cl_abort "2 data instances and an arbiter start"
ok "2 data instances and an arbiter start"
M=$(cl_master 15) || cl_abort "a master is elected"
S=$((3 - M))
check "instance $S becomes slave" cl_wait_role $S slave 10

check "ha/master: 200 on master $M" test "$(hget $M /db/manage/server/ha/master)" = 200
check "ha/master: 404 on slave $S" test "$(hget $S /db/manage/server/ha/master)" = 404
check "ha/slave: 200 on slave $S" hwait $S /db/manage/server/ha/slave 200 5
check "ha/slave: 404 on master $M" test "$(hget $M /db/manage/server/ha/slave)" = 404
check "ha/available on the slave says slave" \
	sh -c 'test "$(curl -s -m 5 "$1")" = slave' - \
	"http://127.0.0.1:$(cl_get CL_HPORT $S)/db/manage/server/ha/available"
check "the arbiter is not master (404)" test "$(hget $A /db/manage/server/ha/master)" = 404
check "the arbiter is not slave (404)" test "$(hget $A /db/manage/server/ha/slave)" = 404
check "the arbiter is not available for queries (404 UNKNOWN)" \
	test "$(hget $A /db/manage/server/ha/available)" = 404
check "with body UNKNOWN" test "$(cat "$OUT")" = UNKNOWN
check "the arbiter serves /metrics" test "$(hget $A /metrics)" = 200

st=$(hquery $S 'CREATE (n:Viaslave {k: 42}) RETURN n.k AS k')
check "a write over HTTP to the slave answers 200 ($st)" test "$st" = 200
check "and succeeds ($(jget 'd["errors"]'))" test "$(jget 'd["results"][0]["data"][0]["row"][0]')" = 42
TXN=$(sed -n 's/^X-Graphd-Txn: \([0-9]*\).*/\1/p' "$OUT.h" | tr -d '\r')
check "it carries its transaction id ($TXN)" test -n "$TXN"
hquery $S 'MATCH (n:Viaslave) RETURN count(n) AS c' >/dev/null
check "the slave reads its own write at once" test "$(jget 'd["results"][0]["data"][0]["row"][0]')" = 1
hquery $M 'MATCH (n:Viaslave) RETURN count(n) AS c' -H "X-Graphd-Bookmark: ${TXN:-1}" >/dev/null
check "the master reads it with the bookmark" test "$(jget 'd["results"][0]["data"][0]["row"][0]')" = 1
hquery $A 'RETURN 1' >/dev/null
check "a query sent to the arbiter is refused with a Neo4j error" \
	test -n "$(jget 'd["errors"][0]["code"]')"

cl_kill9 $M
check "after master $M dies, instance $S answers ha/master 200" \
	hwait $S /db/manage/server/ha/master 200 10
check "and ha/slave 404" test "$(hget $S /db/manage/server/ha/slave)" = 404
st=$(hquery $S 'CREATE (n:Viaslave {k: 43}) RETURN n.k AS k')
check "a write over HTTP on the new master succeeds" \
	test "$(jget 'd["results"][0]["data"][0]["row"][0]')" = 43
check "instance $M restarts" cl_start_instance $M
check "and becomes a slave" cl_wait_role $M slave 15
check "its ha/slave answers 200" hwait $M /db/manage/server/ha/slave 200 10
cl_done
