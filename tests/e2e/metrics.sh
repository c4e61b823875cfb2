#!/bin/sh
# metrics.sh: GET /metrics of one instance after writes through graphctl:
# the counters the benchmark divides (fsyncs per applied transaction) count
# exactly, the commit latency histogram counts every write proposed here,
# and the text is well-formed Prometheus exposition.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/e2e/lib.sh"

if ! command -v curl >/dev/null 2>&1; then
	echo "SKIP: curl is needed (contrib/install-deps)"
	exit 77
fi

N=20
D=$E2E_TMP/metrics
M=$E2E_TMP/metrics.txt
e2e_conf "$D"
if ! e2e_start "$D"; then
	fail "graphd starts"
	e2e_done
fi
HP=$(cat "$D/data/graphd.http.port" 2>/dev/null)
URL=http://127.0.0.1:$HP/metrics

# scrape: the exposition to $M; fails on an HTTP error.
scrape() {
	curl -s -f -m 10 -o "$M" "$URL"
}
# m SERIES: the value of SERIES (name{labels}) in $M, or "none".
m() {
	awk -v s="$1" '$1 == s { v = $2 } END { print (v == "" ? "none" : v) }' "$M"
}
L='server_id="1"'

check "GET /metrics answers" scrape
F0=$(m "graphd_fsyncs_total{$L}")
B0=$(m "graphd_store_log_flushes_total{$L}")
check "no transaction applied before the first write" \
	test "$(m "graphd_transactions_applied_total{$L}")" = 0

i=0
written=0
while [ $i -lt $N ]; do
	i=$((i + 1))
	gctl create-node --label Metric --prop i=$i >/dev/null &&
		written=$((written + 1))
done
check "$N writes through graphctl succeed ($written)" test $written -eq $N

# The last graphctl's connection closes asynchronously: poll (bounded).
i=0
while scrape && [ "$(m "graphd_client_connections{$L}")" != 0 ] && [ $i -lt 50 ]; do
	i=$((i + 1))
	sleep 0.1
done
check "open client connections fall back to 0" \
	test "$(m "graphd_client_connections{$L}")" = 0

APPLIED=$(m "graphd_transactions_applied_total{$L}")
PROPOSED=$(m "graphd_proposals_total{$L}")
F1=$(m "graphd_fsyncs_total{$L}")
B1=$(m "graphd_store_log_flushes_total{$L}")
check "transactions_applied_total counts the $N writes ($APPLIED)" \
	test "$APPLIED" = $N
check "proposals_total counts the $N writes ($PROPOSED)" \
	test "$PROPOSED" = $N
check "no proposal failed" \
	test "$(m "graphd_proposals_failed_total{$L}")" = 0
check "role master" test "$(m "graphd_role{$L,role=\"master\"}")" = 1
check "no other role" test "$(m "graphd_role{$L,role=\"slave\"}")" = 0
check "is_master" test "$(m "graphd_is_master{$L}")" = 1
check "one election started and won" \
	test "$(m "graphd_elections_started_total{$L}")" = 1 -a \
	"$(m "graphd_elections_won_total{$L}")" = 1
check "applied index is the commit index" \
	test "$(m "graphd_applied_index{$L}")" = "$(m "graphd_commit_index{$L}")"
check "commit latency histogram counts every write proposed here" \
	test "$(m "graphd_commit_latency_seconds_count{$L}")" = $N
check "its +Inf bucket equals its count" \
	test "$(m "graphd_commit_latency_seconds_bucket{$L,le=\"+Inf\"}")" = $N
check "fsync latency histogram counts every fsync" \
	test "$(m "graphd_fsync_latency_seconds_count{$L}")" = "$F1"
check "client write requests counted" \
	test "$(m "graphd_client_requests_total{$L,kind=\"write\"}")" = $N
check "client bytes received and sent counted" \
	test "$(m "graphd_bytes_received_total{$L,port=\"client\"}")" -gt 0 -a \
	"$(m "graphd_bytes_sent_total{$L,port=\"client\"}")" -gt 0
check "a single instance has no cluster traffic" \
	test "$(m "graphd_bytes_sent_total{$L,port=\"cluster\"}")" = 0

# Each acknowledged write was made durable in the log first, with exactly
# one fsync: sequential writes leave nothing to group, the commit-index
# update and the graph apply ride on the next log flush (ready.c, apply.c).
DF=$((F1 - F0))
check "exactly one fsync per sequential write ($DF for $N)" test $DF -eq $N
# Cross-check with Berkeley DB's own count of log flushes: during the
# writes every flush was a counted Raft log write (no checkpoint runs in the
# first minute), so nothing flushes the disk behind the metric's back.
check "every Berkeley DB log flush is counted ($((B1 - B0)) = $DF)" \
	test $((B1 - B0)) -eq $DF

# Exposition format: comments are HELP or TYPE, once per name; every other
# line is name{labels} value.
bad=$(grep -v '^# HELP graphd_[a-z_]* .' "$M" | grep -v '^# TYPE graphd_[a-z_]* \(counter\|gauge\|histogram\)$' |
	grep -cv '^graphd_[a-z_]*{\([a-z_]*="[^"]*",\)*[a-z_]*="[^"]*"} -\?[0-9.e+Inf-]*$')
check "every line is HELP, TYPE or a sample ($bad bad)" test "$bad" = 0
dup=$(grep '^# \(HELP\|TYPE\) ' "$M" | awk '{print $2, $3}' | sort | uniq -d | wc -l)
check "HELP and TYPE once per name" test "$dup" = 0

e2e_done
