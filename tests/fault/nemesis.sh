# nemesis.sh: helpers of the fault suite (sourced by tests/fault/fault.sh):
# a cluster whose instances each live in their own network namespace, wired
# to a hub namespace through veth pairs and a bridge, and the faults applied
# to it: kill -9 and restart, SIGSTOP/SIGCONT, partitions made of blackhole
# routes inside the instances' namespaces.
#
# Layout: instance I (1..N data, N+1..N+M arbiters) runs in namespace
# ${NF_P}-I with address $NF_NET.I and the fixed ports 5001 (cluster), 6001
# (client), 7474 (HTTP), which cannot clash with anything since the
# namespace is its own; the clients run in the hub ${NF_P}-h ($NF_NET.254),
# which always reaches every instance. Everything lives in NF_TMP/I as in
# tests/cluster/lib.sh (graphd.conf, graphd.stderr, data/). The log is
# compacted every FAULT_COMPACT (200) entries, so that an instance back
# from a fault of a few seconds often needs a snapshot (a store copy).
# ha.write_timeout is 8 s, longer than a stall fault (fault.sh) lasts, so
# that the requests waiting on a stalled master still wait when it comes
# back and a new master's entries have taken their indexes.
#
# Slow links (NF_SLOW=1): every cluster link is delayed. With sch_netem,
# by tc netem on the hub's veth ends (delay and reorder of packets); without
# it (nf_slow_kind says which), by a delay_proxy in front of every
# instance's cluster port ($NF_NET.I:5002, which ha.initial_hosts then
# names): each connection gets its own share of the delay, so connections
# overtake each other, and data already taken in is still delivered after
# its sender died. nf_slow_on / nf_slow_off raise the delay from
# NF_SLOW_BASE_MS to NF_SLOW_MS and back.

NF_P=gf$$
NF_NET=10.$((200 + $$ % 50)).0
NF_HUB=$NF_P-h
NF_NAMESPACES= # every namespace created, deleted on exit
NF_PIDS=       # every process started, killed on exit
NF_ROUTES=     # "I:J" blackholes in place
NF_REFUSED=    # instances the clients cannot reach (nf_refuse)
NF_CLUSTER=faulttest
NF_GONE= # data instances removed from the cluster (skipped by the checks)
NF_N=0
NF_M=0
NF_SLOW=${NF_SLOW:-0}
NF_SLOW_KIND= # netem or proxy, once nf_net found out
NF_PROXIES=   # "I:PID" of the delay proxies
NF_SLOW_BASE_MS=${NF_SLOW_BASE_MS:-20}
NF_SLOW_MS=${NF_SLOW_MS:-400}

nf_log() {
	echo "# [$(nf_elapsed)] $*"
}

nf_ms() {
	nf_t=$(date +%s%N)
	echo $((nf_t / 1000000))
}

NF_T0=$(nf_ms)
nf_elapsed() {
	nf_e=$(($(nf_ms) - NF_T0))
	printf '%d.%03d' $((nf_e / 1000)) $((nf_e % 1000))
}

nf_cleanup() {
	for p in $NF_PIDS; do
		t_signal -CONT "$p" "$FAULT_TMP"
		t_signal -9 "$p" "$FAULT_TMP"
	done
	for p in $NF_PIDS; do
		wait "$p" 2>/dev/null
	done
	for ns in $NF_NAMESPACES; do
		ip netns del "$ns" 2>/dev/null
	done
	NF_PIDS=
	NF_NAMESPACES=
	NF_PROXIES=
}

nf_forget_pid() {
	nf_left=
	for p in $NF_PIDS; do
		[ "$p" = "$1" ] || nf_left="$nf_left $p"
	done
	NF_PIDS=$nf_left
}

# nf_can_netns: whether this process may create namespaces (root or
# CAP_NET_ADMIN, and a kernel that allows it).
nf_can_netns() {
	command -v ip >/dev/null 2>&1 || return 1
	ip netns add "$NF_P-probe" 2>/dev/null || return 1
	ip netns del "$NF_P-probe"
}

nf_addns() {
	ip netns add "$1" || return 1
	NF_NAMESPACES="$NF_NAMESPACES $1"
	ip -n "$1" link set lo up
}

# nf_net COUNT: the hub with its bridge and COUNT instance namespaces.
nf_net() {
	nf_addns "$NF_HUB" || return 1
	ip -n "$NF_HUB" link add br0 type bridge &&
		ip -n "$NF_HUB" addr add "$NF_NET.254/24" dev br0 &&
		ip -n "$NF_HUB" link set br0 up || return 1
	nf_i=1
	while [ $nf_i -le "$1" ]; do
		nf_addns "$NF_P-$nf_i" || return 1
		ip -n "$NF_HUB" link add "h$nf_i" type veth peer name eth0 \
			netns "$NF_P-$nf_i" &&
			ip -n "$NF_HUB" link set "h$nf_i" master br0 up &&
			ip -n "$NF_P-$nf_i" addr add "$NF_NET.$nf_i/24" \
				dev eth0 &&
			ip -n "$NF_P-$nf_i" link set eth0 up || return 1
		nf_i=$((nf_i + 1))
	done
	[ "$NF_SLOW" = 1 ] || return 0
	if tc -n "$NF_HUB" qdisc add dev h1 root netem \
		delay "${NF_SLOW_BASE_MS}ms" 2>/dev/null; then
		NF_SLOW_KIND=netem
		nf_slow_set "$NF_SLOW_BASE_MS" "$1"
	else
		NF_SLOW_KIND=proxy
		nf_i=1
		while [ $nf_i -le "$1" ]; do
			nf_proxy $nf_i || return 1
			nf_i=$((nf_i + 1))
		done
	fi
	nf_log "slow cluster links by $NF_SLOW_KIND" \
		"(${NF_SLOW_BASE_MS} ms, ${NF_SLOW_MS} ms when slowed)"
}

# nf_proxy I: the delay proxy in front of instance I's cluster port, in its
# namespace (so partitions of I cut it off too), polled (at most 5 s) until
# it listens.
nf_proxy() {
	ip netns exec "$NF_P-$1" "$FAULT_BUILD/tests/fault/delay_proxy" \
		"$NF_NET.$1:5002" "$NF_NET.$1:5001" "$NF_SLOW_BASE_MS" \
		"$NF_SLOW_MS" "$(( ${FAULT_SEED:-1} + $1 ))" "$NF_TMP/proxy.$1.ctl" \
		>"$NF_TMP/proxy.$1" 2>&1 </dev/null &
	NF_PIDS="$NF_PIDS $!"
	NF_PROXIES="$NF_PROXIES $1:$!"
	nf_i2=0
	until grep -q listening "$NF_TMP/proxy.$1" 2>/dev/null; do
		nf_i2=$((nf_i2 + 1))
		if [ $nf_i2 -gt 50 ]; then
			nf_log "the delay proxy of instance $1 did not start:" \
				"$(cat "$NF_TMP/proxy.$1")"
			return 1
		fi
		sleep 0.1
	done
}

# nf_slow_set MS COUNT: netem delay MS (jitter MS/2, 25 % reordered) on
# every instance's veth end in the hub.
nf_slow_set() {
	nf_j=1
	while [ $nf_j -le "$2" ]; do
		tc -n "$NF_HUB" qdisc replace dev "h$nf_j" root netem \
			delay "${1}ms" "$(($1 / 2))ms" reorder 25% 50%
		nf_j=$((nf_j + 1))
	done
}

nf_slow_signal() {
	for nf_pp in $NF_PROXIES; do
		t_signal "$1" "${nf_pp##*:}" "$FAULT_TMP"
	done
}

# nf_hold I J: instance I's delay proxy holds what J sends it (J sends
# only on the connection it dialled, so that is every message J sends I),
# from now on, what the proxy took in and did not deliver yet included;
# nf_hold I release: it delivers what it held. Proxies only.
nf_hold() {
	for nf_pp in $NF_PROXIES; do
		[ "${nf_pp%%:*}" = "$1" ] || continue
		if [ "$2" = release ]; then
			echo release >"$NF_TMP/proxy.$1.ctl"
		else
			echo "hold $NF_NET.$2 0" >"$NF_TMP/proxy.$1.ctl"
		fi
		t_signal -HUP "${nf_pp##*:}" "$FAULT_TMP"
	done
}

nf_slow_on() {
	if [ "$NF_SLOW_KIND" = netem ]; then
		nf_slow_set "$NF_SLOW_MS" $((NF_N + NF_M))
	else
		nf_slow_signal -USR1
	fi
}

nf_slow_off() {
	if [ "$NF_SLOW_KIND" = netem ]; then
		nf_slow_set "$NF_SLOW_BASE_MS" $((NF_N + NF_M))
	else
		nf_slow_signal -USR2
	fi
}

# nf_hub CMD...: CMD in the hub (where the clients run), bounded.
nf_hub() {
	ip netns exec "$NF_HUB" timeout "${NF_BOUND:-10}" "$@"
}

# ---------------------------------------------------------------- cluster

nf_get() { eval "echo \"\${$1_$2:-}\""; }
nf_set() { eval "$1_$2=\$3"; }

nf_is_arbiter() {
	[ "$1" -gt "$NF_N" ]
}

nf_hosts() {
	nf_h=
	nf_i=1
	nf_port=5001
	[ "$NF_SLOW_KIND" = proxy ] && nf_port=5002
	while [ $nf_i -le $((NF_N + NF_M)) ]; do
		nf_e="$nf_i@$NF_NET.$nf_i:$nf_port"
		nf_is_arbiter $nf_i && nf_e="$nf_e/arbiter"
		nf_h="${nf_h:+$nf_h,}$nf_e"
		nf_i=$((nf_i + 1))
	done
	echo "$nf_h"
}

nf_conf() {
	nf_d=$NF_TMP/$1
	nf_mode=HA
	nf_is_arbiter "$1" && nf_mode=ARBITER
	mkdir -p "$nf_d"
	cat >"$nf_d/graphd.conf" <<EOC
# instance $1 of a fault-injection run ($0, seed $FAULT_SEED)
dbms.mode = $nf_mode
ha.server_id = $1
ha.cluster_name = $NF_CLUSTER
ha.initial_hosts = $(nf_hosts)
ha.cluster_server = $NF_NET.$1:5001
ha.server = $NF_NET.$1:6001
dbms.directories.data = $nf_d/data
dbms.connector.http.listen_address = $NF_NET.$1:7474
ha.heartbeat_interval = 50ms
ha.election_timeout = 300ms
ha.write_timeout = 8s
ha.log_compact_every = ${FAULT_COMPACT:-200}
dbms.logs.level = INFO
EOC
}

# nf_start I: starts instance I in its namespace (ip netns exec executes
# graphd in place, so $! is graphd's PID) and polls (at most 15 s) until
# it listens on its cluster port.
nf_start() {
	nf_launch "$1"
	nf_wait_up "$1"
}

# nf_start_all "I J ...": starts them all at once, then waits for each.
nf_start_all() {
	for nf_sa in $1; do
		nf_launch "$nf_sa"
	done
	nf_sa_rc=0
	for nf_sa in $1; do
		nf_wait_up "$nf_sa" || nf_sa_rc=1
	done
	return $nf_sa_rc
}

nf_launch() {
	nf_d=$NF_TMP/$1
	nf_set NF_FROM "$1" \
		$(($(wc -l 2>/dev/null <"$nf_d/data/messages.log" || echo 0) + 1))
	ip netns exec "$NF_P-$1" "$GRAPHD" -c "$nf_d/graphd.conf" </dev/null \
		>>"$nf_d/graphd.stderr" 2>&1 &
	nf_set NF_PID "$1" $!
	NF_PIDS="$NF_PIDS $!"
}

nf_wait_up() {
	nf_d=$NF_TMP/$1
	nf_pid=$(nf_get NF_PID "$1")
	nf_i=0
	until tail -n +"$(nf_get NF_FROM "$1")" "$nf_d/data/messages.log" \
		2>/dev/null |
		grep -q "${NF_READY:-Listening for the other members on}"; do
		nf_i=$((nf_i + 1))
		if [ $nf_i -gt 300 ] || ! kill -0 "$nf_pid" 2>/dev/null; then
			nf_log "instance $1 did not come up; its stderr:"
			tail -n 20 "$nf_d/graphd.stderr" | sed 's/^/# /'
			return 1
		fi
		sleep 0.05
	done
}

# nf_wait_exit PID SECONDS: polls until PID is gone, then reaps it.
nf_wait_exit() {
	nf_i=0
	while kill -0 "$1" 2>/dev/null; do
		grep -q ') Z' "/proc/$1/stat" 2>/dev/null && break
		nf_i=$((nf_i + 1))
		[ $nf_i -le $(($2 * 20)) ] || return 1
		sleep 0.05
	done
	wait "$1" 2>/dev/null
	NF_STATUS=$?
	nf_forget_pid "$1"
}

nf_kill9() {
	nf_pid=$(nf_get NF_PID "$1")
	[ -n "$nf_pid" ] || return 0
	t_signal -9 "$nf_pid" "$FAULT_TMP"
	nf_wait_exit "$nf_pid" 10
	nf_set NF_PID "$1" ""
}

# nf_stop I: SIGTERM and at most 10 s for a clean exit, else SIGKILL.
nf_stop() {
	nf_pid=$(nf_get NF_PID "$1")
	[ -n "$nf_pid" ] || return 0
	t_signal -CONT "$nf_pid" "$FAULT_TMP"
	t_signal -TERM "$nf_pid" "$FAULT_TMP"
	if ! nf_wait_exit "$nf_pid" 10; then
		nf_log "instance $1 ignored SIGTERM for 10 s; killing it"
		nf_kill9 "$1"
		return 1
	fi
	nf_set NF_PID "$1" ""
	[ "$NF_STATUS" -eq 0 ]
}

nf_addr() {
	echo "$NF_NET.$1:6001"
}

nf_servers() {
	nf_s=
	nf_i=1
	while [ $nf_i -le "$NF_N" ]; do
		nf_gone $nf_i || nf_s="${nf_s:+$nf_s,}$(nf_addr $nf_i)"
		nf_i=$((nf_i + 1))
	done
	echo "$nf_s"
}

# nf_http_servers: every data instance's HTTP address (the session-less
# writers spread their requests over all of them).
nf_http_servers() {
	nf_s=
	nf_i=1
	while [ $nf_i -le "$NF_N" ]; do
		nf_gone $nf_i || nf_s="${nf_s:+$nf_s,}$NF_NET.$nf_i:7474"
		nf_i=$((nf_i + 1))
	done
	echo "$nf_s"
}

nf_ctl() {
	nf_a=$(nf_addr "$1")
	shift
	NF_BOUND=3 nf_hub "$GRAPHCTL" -s "$nf_a" --cluster "$NF_CLUSTER" "$@"
}

nf_gone() {
	case " $NF_GONE " in *" $1 "*) return 0 ;; esac
	return 1
}

# nf_master: the one data instance that says it is master, or nothing.
nf_master() {
	nf_found=
	nf_k=1
	while [ $nf_k -le "$NF_N" ]; do
		if ! nf_gone $nf_k && [ -n "$(nf_get NF_PID $nf_k)" ] &&
			[ "$(nf_ctl $nf_k role 2>/dev/null)" = master ]; then
			[ -n "$nf_found" ] && return 1
			nf_found=$nf_k
		fi
		nf_k=$((nf_k + 1))
	done
	[ -n "$nf_found" ] && echo $nf_found
}

# nf_wait_master SECONDS
nf_wait_master() {
	nf_end=$(($(date +%s) + $1))
	until nf_master >/dev/null; do
		[ "$(date +%s)" -lt $nf_end ] || return 1
		sleep 0.1
	done
}

nf_status_field() {
	nf_ctl "$1" --json status 2>/dev/null |
		sed -n "s/.*\"$2\": \([0-9]*\).*/\1/p" | head -n 1
}

# nf_wait_converged SECONDS: polls until there is a master and every data
# instance has applied the master's commit index.
nf_wait_converged() {
	nf_end=$(($(date +%s) + $1))
	while :; do
		nf_m=$(nf_master)
		nf_c=
		[ -n "$nf_m" ] && nf_c=$(nf_status_field "$nf_m" commit_index)
		nf_all=${nf_c:+yes}
		nf_k=1
		while [ -n "$nf_all" ] && [ $nf_k -le "$NF_N" ]; do
			nf_gone $nf_k ||
				[ "$(nf_status_field $nf_k applied_index)" = "$nf_c" ] ||
				nf_all=
			nf_k=$((nf_k + 1))
		done
		if [ -n "$nf_all" ]; then
			nf_log "all $NF_N data instances applied index $nf_c" \
				"(master $nf_m)"
			return 0
		fi
		[ "$(date +%s)" -lt $nf_end ] || return 1
		sleep 0.2
	done
}

# ------------------------------------------------------------- partitions

# nf_block I J: I drops what it sends to J (and so J's connection to it).
nf_block() {
	ip -n "$NF_P-$1" route add blackhole "$NF_NET.$2/32" &&
		NF_ROUTES="$NF_ROUTES $1:$2"
}

# nf_split "A B" "C D": no traffic between the two groups, both ways.
nf_split() {
	for nf_a in $1; do
		for nf_b in $2; do
			nf_block "$nf_a" "$nf_b"
			nf_block "$nf_b" "$nf_a"
		done
	done
}

# nf_refuse I: the clients' connections to instance I fail at once (a
# prohibit route in the hub: connect gets an error), as with an instance a
# load balancer took out; healed by nf_heal_net.
nf_refuse() {
	ip -n "$NF_HUB" route add prohibit "$NF_NET.$1/32" &&
		NF_REFUSED="$NF_REFUSED $1"
}

nf_unrefuse() {
	ip -n "$NF_HUB" route del prohibit "$NF_NET.$1/32"
	nf_left=
	for nf_r in $NF_REFUSED; do
		[ "$nf_r" = "$1" ] || nf_left="$nf_left $nf_r"
	done
	NF_REFUSED=$nf_left
}

nf_heal_net() {
	for nf_r in $NF_ROUTES; do
		ip -n "$NF_P-${nf_r%%:*}" route del blackhole \
			"$NF_NET.${nf_r##*:}/32"
	done
	NF_ROUTES=
	for nf_r in $NF_REFUSED; do
		ip -n "$NF_HUB" route del prohibit "$NF_NET.$nf_r/32"
	done
	NF_REFUSED=
}
