#!/bin/sh
# http.sh: the HTTP port of one instance: the HA status endpoints a load
# balancer probes, Neo4j's transactional Cypher endpoint (results, stats,
# errors in Neo4j's shapes; bad input answered 4xx and nothing written), and
# that the instance keeps serving after abuse.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/e2e/lib.sh"

if ! command -v curl >/dev/null 2>&1 || ! command -v python3 >/dev/null; then
	echo "SKIP: curl and python3 are needed (contrib/install-deps)"
	exit 77
fi

D=$E2E_TMP/http
e2e_conf "$D" "ha.max_frame_size = 65536"
if ! e2e_start "$D"; then
	fail "graphd starts"
	e2e_done
fi
HP=$(cat "$D/data/graphd.http.port" 2>/dev/null)
check "the HTTP port is written to graphd.http.port ($HP)" test -n "$HP"
URL=http://127.0.0.1:$HP
OUT=$E2E_TMP/out

# get PATH: body to $OUT, prints the status code.
get() {
	curl -s -m 10 -o "$OUT" -w '%{http_code}' "$URL$1"
}
# post BODY [PATH [CURL ARGS...]]: prints the status code.
post() {
	p_body=$1
	p_path=${2:-/db/neo4j/tx/commit}
	shift
	[ $# -gt 0 ] && shift
	curl -s -m 20 -o "$OUT" -w '%{http_code}' -H 'Content-Type: application/json' \
		--data-binary "$p_body" "$@" "$URL$p_path"
}
# jget EXPR: a Python expression over the JSON answer d.
jget() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
		"$OUT" "$1" 2>/dev/null
}

# --- HA status: a SINGLE instance is master
check "ha/master answers 200 on the master" test "$(get /db/manage/server/ha/master)" = 200
check "with body true" test "$(cat "$OUT")" = true
check "ha/slave answers 404 on the master" test "$(get /db/manage/server/ha/slave)" = 404
check "with body false" test "$(cat "$OUT")" = false
check "ha/available answers 200" test "$(get /db/manage/server/ha/available)" = 200
check "with body master" test "$(cat "$OUT")" = master

# --- the transactional endpoint
st=$(post '{"statements":[{"statement":"CREATE (n:Web {name: $name, n: $n}) RETURN n.name AS name","parameters":{"name":"Ada","n":7},"includeStats":true}]}')
check "a write answers 200 ($st)" test "$st" = 200
check "its columns" test "$(jget 'd["results"][0]["columns"]')" = "['name']"
check "its row" test "$(jget 'd["results"][0]["data"][0]["row"]')" = "['Ada']"
check "its stats count the created node" test "$(jget 'd["results"][0]["stats"]["nodes_created"]')" = 1
check "contains_updates is true" test "$(jget 'd["results"][0]["stats"]["contains_updates"]')" = True
check "no errors" test "$(jget 'd["errors"]')" = "[]"

hdr=$(curl -s -m 10 -D - -o /dev/null -H 'Content-Type: application/json' \
	--data-binary '{"statements":[{"statement":"CREATE (:Web {name: \"Bob\"})"}]}' \
	"$URL/db/neo4j/tx/commit" | tr -d '\r')
check "a write's answer carries its transaction id (X-Graphd-Txn)" \
	sh -c 'echo "$1" | grep -Eq "^X-Graphd-Txn: [0-9]+$"' - "$hdr"
check "and is JSON" contains "$hdr" "Content-Type: application/json"

st=$(post '{"statements":[{"statement":"MATCH (n:Web {name: \"Ada\"}) RETURN n"}]}')
check "a node comes back as its properties" \
	test "$(jget 'sorted(d["results"][0]["data"][0]["row"][0].items())')" = "[('n', 7), ('name', 'Ada')]"
check "with meta type node" test "$(jget 'd["results"][0]["data"][0]["meta"][0]["type"]')" = node
check "and its id" sh -c 'test "$1" -ge 0' - "$(jget 'd["results"][0]["data"][0]["meta"][0]["id"]')"

post '{"statements":[{"statement":"RETURN $p AS p","parameters":{"p":[1,2.5,"ünï",null,true,{"k":[false]}]}}]}' >/dev/null
check "parameters of every JSON type round-trip" \
	test "$(jget 'd["results"][0]["data"][0]["row"][0]')" = "[1, 2.5, 'ünï', None, True, {'k': [False]}]"

st=$(post '{"statements":[{"statement":"CREATE (:Web {name: \"Cy\"})"},{"statement":"MATCH (n:Web) RETURN count(n) AS c"}]}')
check "statements run in order: the read sees the write before it" \
	test "$(jget 'd["results"][1]["data"][0]["row"][0]')" = 3
post '{"statements":[]}' >/dev/null
check "no statements: empty results" test "$(jget 'd["results"]')" = "[]"
st=$(post '{"statements":[{"statement":"MATCH (n:Web) RETURN count(n) AS c"}]}' /db/data/transaction/commit)
check "Neo4j 3.x's /db/data/transaction/commit works too ($st)" \
	test "$(jget 'd["results"][0]["data"][0]["row"][0]')" = 3

# --- errors: statement errors are 200 with Neo4j codes, in order
st=$(post '{"statements":[{"statement":"RETURN 1 AS one"},{"statement":"MATCH (n RETURN n"},{"statement":"CREATE (:Web {name: \"never\"})"}]}')
check "a syntax error answers 200 ($st)" test "$st" = 200
check "with Neo.ClientError.Statement.SyntaxError" \
	test "$(jget 'd["errors"][0]["code"]')" = Neo.ClientError.Statement.SyntaxError
check "the statement before it has its result" test "$(jget 'len(d["results"])')" = 1
post '{"statements":[{"statement":"RETURN x"}]}' >/dev/null
check "an unknown variable: SemanticError" \
	test "$(jget 'd["errors"][0]["code"]')" = Neo.ClientError.Statement.SemanticError
post '{"statements":[{"statement":"RETURN 1/0"}]}' >/dev/null
check "a runtime error is reported ($(jget 'd["errors"][0]["code"]'))" \
	test "$(jget 'len(d["errors"])')" = 1

# --- malformed requests: 4xx, a Neo4j-shaped error, nothing written
count() {
	post '{"statements":[{"statement":"MATCH (n:Web) RETURN count(n) AS c"}]}' >/dev/null
	jget 'd["results"][0]["data"][0]["row"][0]'
}
before=$(count)
for body in '{"statements":[{"statement":"CREATE (:Web)"}' 'not json' '[1,2]' \
	'{"statements":{"statement":"CREATE (:Web)"}}' \
	'{"statements":[{"statement":"CREATE (:Web)"},{"statement":42}]}' \
	'{"statements":[{"statement":"CREATE (:Web)"},{"statement":"RETURN 1","parameters":[1]}]}' \
	'{"statements":[{"statement":"CREATE (:Web)","includeStats":"yes"}]}'; do
	st=$(post "$body")
	check "malformed body answers 400 ($body)" test "$st" = 400
	check "with Neo.ClientError.Request.InvalidFormat" \
		test "$(jget 'd["errors"][0]["code"]')" = Neo.ClientError.Request.InvalidFormat
done
check "and nothing of them was written" test "$(count)" = "$before"

python3 -c 'print("{\"statements\":[{\"statement\":\"RETURN 1\",\"parameters\":{\"p\":\"" + "x"*70000 + "\"}}]}")' >"$E2E_TMP/big"
st=$(curl -s -m 10 -o "$OUT" -w '%{http_code}' --data-binary @"$E2E_TMP/big" "$URL/db/neo4j/tx/commit")
check "a body over ha.max_frame_size answers 413 ($st)" test "$st" = 413
check "with a Neo4j-shaped error" test "$(jget 'd["errors"][0]["code"]')" = Neo.ClientError.Request.Invalid
python3 -c 'print("x"*300000)' >"$E2E_TMP/huge"
st=$(curl -s -m 10 -o /dev/null -w '%{http_code}' --data-binary @"$E2E_TMP/huge" "$URL/db/neo4j/tx/commit")
check "a far larger body is refused too ($st)" test "$st" = 413
st=$(get /db/neo4j/tx/commit)
check "GET on the transactional endpoint answers 405 ($st)" test "$st" = 405
st=$(get /no/such/thing)
check "an unknown path answers 404 ($st)" test "$st" = 404

# --- /metrics
st=$(get /metrics)
check "/metrics answers 200 ($st)" test "$st" = 200
check "in the Prometheus text format" grep -q '^# TYPE graphd_' "$OUT"

check "the instance still serves after all that" quiet gctl status
check "graphd is still running" kill -0 "$E2E_PID"
e2e_stop "$E2E_PID"
check "graphd exits 0 on SIGTERM" test $? -eq 0
check "graphd.http.port is removed at exit" test ! -e "$D/data/graphd.http.port"
e2e_done
