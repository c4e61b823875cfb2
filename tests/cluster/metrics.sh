#!/bin/sh
# metrics.sh: GET /metrics on 2 data instances + 1 arbiter. The master
# shows each member's match index and lag, and a killed slave as
# unreachable and falling behind; the slave applies what the master
# applied and proposes nothing itself (its writes are proposed by the
# master, which times them); the arbiter renders its role and no graph
# transactions.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

if ! command -v curl >/dev/null 2>&1; then
	echo "SKIP: curl is needed (contrib/install-deps)"
	exit 77
fi

A=3
cl_start 2 1 || cl_abort "2 data instances and an arbiter start"
ok "2 data instances and an arbiter start"
M=$(cl_master 15) || cl_abort "a master is elected"
S=$((3 - M))
check "instance $S becomes slave" cl_wait_role $S slave 10

# mx I SERIES: the value of SERIES (name{labels}, server_id added first) in
# instance I's /metrics, or "none".
mx() {
	curl -s -f -m 5 "http://127.0.0.1:$(cl_get CL_HPORT "$1")/metrics" |
		awk -v s="${2%%\{*}{server_id=\"$1\"${2#*\{}" \
			'$1 == s { v = $2 } END { print (v == "" ? "none" : v) }'
}
# mx_wait I SERIES VALUE [SECONDS]: polls (default at most 10 s) until
# SERIES of instance I is VALUE.
mx_wait() {
	mw_i=0
	while [ "$(mx "$1" "$2")" != "$3" ]; do
		mw_i=$((mw_i + 1))
		[ $mw_i -le $((${4:-10} * 10)) ] || return 1
		sleep 0.1
	done
}

T=
i=0
while [ $i -lt 5 ]; do
	i=$((i + 1))
	T=$(cl_write "$M" Metric $i)
	T=$(cl_write "$S" Metric $i)
done
check "writes through master $M and slave $S are acknowledged (last ${T:-none})" \
	test -n "$T"
check "slave $S applies them" cl_wait_applied $S "${T:-1}" 10

P=$(mx "$M" 'graphd_proposals_total{}')
check "the master proposed the 10 writes, the slave's forwarded ones too ($P)" \
	test "$P" -ge 10 2>/dev/null
check "the master times every proposal it made" \
	test "$(mx "$M" 'graphd_commit_latency_seconds_count{}')" = "$P"
check "the slave proposes nothing itself" \
	test "$(mx $S 'graphd_proposals_total{}')" = 0 -a \
	"$(mx $S 'graphd_commit_latency_seconds_count{}')" = 0
AM=$(mx "$M" 'graphd_transactions_applied_total{}')
check "master applied the writes ($AM)" test "$AM" -ge 10 2>/dev/null
check "the slave applied as many transactions as the master" \
	mx_wait $S 'graphd_transactions_applied_total{}' "$AM"
check "the master's role series" \
	test "$(mx "$M" 'graphd_role{,role="master"}')" = 1 -a \
	"$(mx "$M" 'graphd_is_master{}')" = 1
check "the slave's role series" \
	test "$(mx $S 'graphd_role{,role="slave"}')" = 1 -a \
	"$(mx $S 'graphd_is_master{}')" = 0
check "the master won an election" \
	test "$(mx "$M" 'graphd_elections_won_total{}')" -ge 1 2>/dev/null
check "the slave saw a master elected" \
	test "$(mx $S 'graphd_leader_changes_total{}')" -ge 1 2>/dev/null
check "the slave's lag at the master falls to 0" \
	mx_wait "$M" "graphd_peer_lag_entries{,peer=\"$S\"}" 0
LAST=$(mx "$M" 'graphd_last_log_index{}')
check "the slave's match index at the master is the master's last index ($LAST)" \
	test "$(mx "$M" "graphd_peer_match_index{,peer=\"$S\"}")" = "$LAST"
check "the arbiter's match index is shown too" \
	mx_wait "$M" "graphd_peer_match_index{,peer=\"$A\"}" "$LAST"
# Reachability is "heard from within the last heartbeats": poll it (a busy
# machine may delay one answer) rather than read it once.
reaches_both() {
	mx_wait "$M" "graphd_peer_reachable{,peer=\"$S\"}" 1 &&
		mx_wait "$M" "graphd_peer_reachable{,peer=\"$A\"}" 1
}
check "the master reaches both members" reaches_both
check "a slave shows no match index (only the master knows it)" \
	test "$(mx $S "graphd_peer_match_index{,peer=\"$M\"}")" = none
check "the slave counts cluster bytes" \
	test "$(mx $S 'graphd_bytes_received_total{,port="cluster"}')" -gt 0 \
	2>/dev/null
check "the arbiter renders role arbiter" \
	test "$(mx $A 'graphd_role{,role="arbiter"}')" = 1
check "the arbiter applies no graph transactions" \
	test "$(mx $A 'graphd_transactions_applied_total{}')" = 0

# A killed slave: unreachable at the master, and behind by what follows.
cl_kill9 $S
check "the killed slave shows unreachable at the master" \
	mx_wait "$M" "graphd_peer_reachable{,peer=\"$S\"}" 0
i=0
while [ $i -lt 3 ]; do
	i=$((i + 1))
	T=$(cl_write "$M" Metric down$i)
done
check "writes commit with the arbiter's vote" test -n "$T"
LAG=$(mx "$M" "graphd_peer_lag_entries{,peer=\"$S\"}")
check "its lag at the master counts the 3 writes it missed ($LAG)" \
	test "$LAG" -ge 3 2>/dev/null
check "slave $S restarts" cl_start_instance $S
check "and its lag falls to 0 again" \
	mx_wait "$M" "graphd_peer_lag_entries{,peer=\"$S\"}" 0 15

cl_done
