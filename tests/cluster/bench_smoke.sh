#!/bin/sh
# bench_smoke.sh: graphd-bench against a 3-instance cluster: every phase is
# reported, in the table and as JSON lines, with the requested count
# acknowledged and percentiles in order (p50 <= p99 <= max). It checks the
# shape of the figures, never their size: speed is not a test.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

BENCH=${GRAPHD_BENCH:-$CL_BUILDDIR/graphd-bench}
[ -x "$BENCH" ] || cl_abort "graphd-bench is built ($BENCH)"

# num LINE KEY: the number after "KEY": in a JSON line, or nothing.
num() {
	printf '%s\n' "$1" | sed -n "s/.*\"$2\":\(-\{0,1\}[0-9][0-9.eE+-]*\).*/\1/p"
}

# le A B: A <= B, both decimal numbers.
le() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'
}

# well_formed LINE PHASE CONNS OK: one JSON phase line as expected.
well_formed() {
	case $1 in "{"*"}") ;; *) return 1 ;; esac
	p50=$(num "$1" p50) p99=$(num "$1" p99) max=$(num "$1" max)
	tp=$(num "$1" throughput)
	[ "$(num "$1" phase)" = "$2" ] &&
		[ "$(num "$1" connections)" = "$3" ] &&
		{ [ "$4" = any ] || [ "$(num "$1" ok)" = "$4" ]; } &&
		[ "$(num "$1" failed)" = 0 ] &&
		[ -n "$p50" ] && [ -n "$p99" ] && [ -n "$max" ] && [ -n "$tp" ] &&
		le "$p50" "$p99" && le "$p99" "$max" && le 0 "$tp" &&
		[ "$(printf '%s\n' "$1" | grep -o '{"id":' | wc -l)" -eq 3 ]
}

# count_on I QUERY: the single number a counting query returns on I.
count_on() {
	cl_ctl "$1" --json query "$2" | sed -n 's/^{"[^"]*": *\([0-9]*\)}$/\1/p'
}

cl_start 3 0 || cl_abort "3 data instances start"
M=$(cl_master 15) || cl_abort "a master is elected"
for i in 1 2 3; do
	[ "$i" = "$M" ] || cl_wait_role $i slave 10 || cl_abort "$i is slave"
done
ok "cluster up, master $M"

check "--help explains the open loop's coordinated omission" \
	sh -c '"$1" --help | grep -q "coordinated"' - "$BENCH"
"$BENCH" run --dir "$CL_TMP" --workload nosuch >/dev/null 2>&1
check "an unknown workload is a usage error (exit 2)" test $? -eq 2

B="$BENCH run --dir $CL_TMP --cluster $CL_NAME --timeout 20s"
$B --workload create --connections 1,4 --requests 200 \
	>"$CL_TMP/table" 2>"$CL_TMP/table.err"
check "run create (table) exits 0" test $? -eq 0
check "the table has its header" grep -q '^# .*p50 ms.*p99.9 ms' "$CL_TMP/table"
for ph in "1 1" "2 4"; do
	set -- $ph
	check "table phase $1: $2 connections, 200 ok, 0 failed" \
		awk -v p="$1" -v c="$2" '$1 == p && $4 == c && $6 == 200 &&
			$7 == 0 { n++ } END { exit n != 1 }' "$CL_TMP/table"
done
check "the table lists 3 instances per phase" \
	test "$(grep -c '^ *instance ' "$CL_TMP/table")" -eq 6

$B --workload create --connections 1,4 --requests 200 --json \
	>"$CL_TMP/json" 2>"$CL_TMP/json.err"
check "run create --json exits 0" test $? -eq 0
check "--json prints one line per phase and nothing else" \
	test "$(wc -l <"$CL_TMP/json")" -eq 2
check "JSON phase 1 is well formed (200 ok, p50 <= p99 <= max)" \
	well_formed "$(sed -n 1p "$CL_TMP/json")" 1 1 200
check "JSON phase 2 is well formed (200 ok, p50 <= p99 <= max)" \
	well_formed "$(sed -n 2p "$CL_TMP/json")" 2 4 200

$B --workload hop1 --graph-nodes 300 --graph-degree 3 --connections 2 \
	--duration 1s --json >"$CL_TMP/hop1" 2>"$CL_TMP/hop1.err"
check "run hop1 exits 0" test $? -eq 0
check "hop1 phase is well formed" well_formed "$(cat "$CL_TMP/hop1")" 1 2 any
check "hop1 acknowledged some reads" le 1 "$(num "$(cat "$CL_TMP/hop1")" reads_ok)"
S=$((M % 3 + 1))
check "the prepared graph (300 BenchG nodes, 900 R) is on slave $S" \
	test "$(count_on $S 'MATCH (n:BenchG) RETURN count(n)')" = 300 -a \
	"$(count_on $S 'MATCH (:BenchG)-[r:R]->() RETURN count(r)')" = 900

$B --workload mixed --via slaves --read-ratio 0.5 --connections 2 \
	--requests 100 --json >"$CL_TMP/mixed" 2>"$CL_TMP/mixed.err"
check "run mixed --via slaves exits 0" test $? -eq 0
check "mixed via slaves: 100 ok (writes forwarded by the slaves)" \
	well_formed "$(cat "$CL_TMP/mixed")" 1 2 100
check "mixed via slaves did write" \
	le 1 "$(num "$(cat "$CL_TMP/mixed")" writes_ok)"
for f in table json hop1 mixed; do
	[ -s "$CL_TMP/$f.err" ] && { echo "# $f stderr:"; cat "$CL_TMP/$f.err"; }
done
cl_done
