#!/bin/sh
# fault.sh: the fault-injection suite. A seeded nemesis applies kill -9 and
# restart, SIGSTOP/SIGCONT pauses longer than the election timeout, and
# network partitions (majority/minority, isolated master, bridge) to a real
# cluster, one fault at a time, while fault_client runs registers, appends
# and bookmark reads from the hub namespace. After healing it checks what
# DESIGN.md section 2 promises: every acknowledged append on every data
# instance exactly once and nothing no client sent (fault_check), the
# register histories linearizable (fault_check), bookmark reads never back
# in time (fault_check), and identical stores on every data instance
# (fault_dump, compared byte for byte).
#
# make check: one seed (FAULT_SEED, else the time; printed), 3 data
# instances, then 2 data instances + 1 arbiter (FAULT_ARBITER=0 skips it).
# make fault-long SEEDS=N (FAULT_LONG=1 FAULT_SEEDS=N): N seeds of longer
# schedules rotating over 3 data, 5 data, and 2 data + 1 arbiter; the last
# line is "N schedules, M clean". FAULT_KEEP=1 keeps the run directory of a
# failed run. Needs root (or CAP_NET_ADMIN) for the namespaces: without,
# it prints SKIP and exits 77.

: "${GRAPHD:?GRAPHD must name the graphd binary (make check sets it)}"
: "${GRAPHCTL:?GRAPHCTL must name the graphctl binary (make check sets it)}"
FAULT_SRC=${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}
FAULT_BUILD=${GRAPHD_TEST_BUILDDIR:-$(dirname "$GRAPHD")}
FC=$FAULT_BUILD/tests/fault/fault_client
FCHECK=$FAULT_BUILD/tests/fault/fault_check
FDUMP=$FAULT_BUILD/tests/fault/fault_dump
FAULT_KEYS=5
FAULT_CLIENTS=4
FAULT_HTTP_CLIENTS=${FAULT_HTTP_CLIENTS:-4}
. "$FAULT_SRC/case.sh"
. "$FAULT_SRC/fault/nemesis.sh"

if ! nf_can_netns; then
	echo "SKIP: cannot create network namespaces (needs root or" \
		"CAP_NET_ADMIN and iproute2); the fault suite did not run"
	exit 77
fi
FAULT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/graphd-fault.XXXXXX") || exit 99
fault_exit() {
	nf_cleanup
	if [ "$T_FAILED" -gt 0 ] && [ -n "${FAULT_KEEP:-}" ]; then
		echo "# keeping $FAULT_TMP for inspection"
	else
		rm -rf "$FAULT_TMP"
	fi
}
trap fault_exit EXIT
trap 'exit 1' INT TERM HUP

# fault_schedule SEED SECONDS VOTERS: the seeded schedule, one fault a line:
# "AT_MS HOLD_MS FAULT ARG" with FAULT kill I, pause I (I may be "master":
# the one found when applied), split A,B|C,D
# (a minority cut off), isolate master (resolved when applied), bridge
# A|B (the one voter in neither group sees both sides), oneway A|B (A
# drops every packet to B: B's established connections still deliver to A,
# but A's answers and acknowledgements are lost), splitkill A|B I (a split
# and, during it, kill -9 of I, restarted before the heal) or, rarely,
# crash all (kill -9 every instance at once: acknowledged means fsync'd). Faults start every
# 1-3 s after the last heal and hold 1-4 s (pauses 0.5-2 s, longer than
# the 300 ms election timeout). The awk generator is deterministic for one
# awk implementation; the schedule is printed whole in any case.
fault_schedule() {
	awk -v seed="$1" -v dur=$(($2 * 1000)) -v v="$3" '
	function pick(a, k,   i, j, x) { # first k of a random permutation
		for (i = 1; i <= v; i++) a[i] = i
		for (i = v; i > 1; i--) {
			j = 1 + int(rand() * i); x = a[i]; a[i] = a[j]; a[j] = x
		}
	}
	function join(a, from, to,   s, i) {
		s = a[from]
		for (i = from + 1; i <= to; i++) s = s "," a[i]
		return s
	}
	BEGIN {
		srand(seed)
		for (t = 2000; ; t += hold + 1000 + int(rand() * 2000)) {
			hold = 1000 + int(rand() * 3000)
			r = int(rand() * 13)
			x = rand() < 0.5 ? "master" : 1 + int(rand() * v)
			if (r == 12) {
				pick(a); s = 1 + int(rand() * int((v - 1) / 2))
				f = "splitkill " join(a, 1, s) "|" join(a, s + 1, v) \
				    " " x
			} else if (r == 11) {
				f = "crash all"
			} else if (r == 10) {
				pick(a)
				f = "oneway " a[1] "|" join(a, 2, v)
			} else if (r < 2) {
				f = "kill " x
			} else if (r < 4) {
				f = "pause " x
				hold = 500 + int(rand() * 1500)
			} else if (r < 6) {
				pick(a); s = 1 + int(rand() * int((v - 1) / 2))
				f = "split " join(a, 1, s) "|" join(a, s + 1, v)
			} else if (r < 8) {
				f = "isolate master"
			} else {
				pick(a); h = int((v - 1) / 2)
				f = "bridge " join(a, 2, 1 + h) "|" join(a, 2 + h, v)
			}
			if (t + hold > dur - 2000)
				break
			print t, hold, f
		}
	}'
}

fault_sleep_ms() {
	sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"
}

# fault_others I: every voter but I, space-separated.
fault_others() {
	fo=
	fo_i=1
	while [ $fo_i -le $((NF_N + NF_M)) ]; do
		[ $fo_i -eq "$1" ] || fo="$fo $fo_i"
		fo_i=$((fo_i + 1))
	done
	echo "$fo"
}

# fault_target I: I, or for "master" the master now (instance 1 when there
# is none or more than one).
fault_target() {
	if [ "$1" = master ]; then
		ft_m=$(nf_master) || ft_m=
		echo "${ft_m:-1}"
	else
		echo "$1"
	fi
}

# fault_apply HOLD FAULT ARG: applies one fault, holds it, heals it.
fault_apply() {
	fa_t=$(fault_target "$3")
	case $2 in
	kill)
		nf_log "kill -9 instance $fa_t ($3); restart in $1 ms"
		nf_kill9 "$fa_t"
		fault_sleep_ms "$1"
		nf_start "$fa_t" || fail "$FV: instance $fa_t restarts after kill -9"
		;;
	pause)
		nf_log "SIGSTOP instance $fa_t ($3) for $1 ms"
		kill -STOP "$(nf_get NF_PID "$fa_t")"
		fault_sleep_ms "$1"
		kill -CONT "$(nf_get NF_PID "$fa_t")"
		;;
	crash)
		nf_log "kill -9 every instance; restart in $1 ms"
		fa_i=1
		while [ $fa_i -le $((NF_N + NF_M)) ]; do
			nf_kill9 $fa_i
			fa_i=$((fa_i + 1))
		done
		fault_sleep_ms "$1"
		fa_i=1
		while [ $fa_i -le $((NF_N + NF_M)) ]; do
			nf_start $fa_i ||
				fail "$FV: instance $fa_i restarts after kill -9"
			fa_i=$((fa_i + 1))
		done
		;;
	isolate)
		fa_m=$(fault_target master)
		nf_log "isolate the master (instance $fa_m) for $1 ms"
		nf_split "$fa_m" "$(fault_others "$fa_m")"
		fault_sleep_ms "$1"
		;;
	split | bridge)
		fa_a=$(echo "${3%%|*}" | tr , ' ')
		fa_b=$(echo "${3##*|}" | tr , ' ')
		nf_log "$2: {$fa_a} | {$fa_b} for $1 ms"
		nf_split "$fa_a" "$fa_b"
		fault_sleep_ms "$1"
		;;
	splitkill)
		fa_g=${3% *}
		fa_t=$(fault_target "${3##* }")
		fa_a=$(echo "${fa_g%%|*}" | tr , ' ')
		fa_b=$(echo "${fa_g##*|}" | tr , ' ')
		nf_log "split {$fa_a} | {$fa_b} and kill -9 instance $fa_t" \
			"(${3##* }) for $1 ms"
		nf_split "$fa_a" "$fa_b"
		nf_kill9 "$fa_t"
		fault_sleep_ms "$1"
		nf_start "$fa_t" ||
			fail "$FV: instance $fa_t restarts after kill -9"
		;;
	oneway)
		fa_a=${3%%|*}
		fa_b=$(echo "${3##*|}" | tr , ' ')
		nf_log "oneway: $fa_a drops what it sends to {$fa_b} for $1 ms"
		for fa_i in $fa_b; do
			nf_block "$fa_a" "$fa_i"
		done
		fault_sleep_ms "$1"
		;;
	esac
	nf_heal_net
	nf_log "healed"
}

# fault_nemesis SCHEDULE: runs the schedule, each fault at its time (or
# at once when the previous one ran late).
fault_nemesis() {
	fn_t0=$(nf_ms)
	while read -r fn_at fn_hold fn_f fn_arg; do
		fn_wait=$((fn_t0 + fn_at - $(nf_ms)))
		[ $fn_wait -gt 0 ] && fault_sleep_ms $fn_wait
		fault_apply "$fn_hold" "$fn_f" "$fn_arg"
	done <"$1"
}

# fault_cluster N M: namespaces, confs, instances, and a master.
fault_cluster() {
	NF_N=$1
	NF_M=$2
	nf_net $((NF_N + NF_M)) || {
		fail "$FV: network namespaces set up"
		return 1
	}
	fc_i=1
	while [ $fc_i -le $((NF_N + NF_M)) ]; do
		nf_conf $fc_i
		nf_start $fc_i || {
			fail "$FV: instance $fc_i starts"
			return 1
		}
		fc_i=$((fc_i + 1))
	done
	nf_wait_master 20 || {
		fail "$FV: a master is elected within 20 s"
		return 1
	}
	NF_BOUND=30 nf_hub "$FC" setup -s "$(nf_servers)" -c "$NF_CLUSTER" \
		-k $FAULT_KEYS || {
		fail "$FV: the registers are created before any fault"
		return 1
	}
}

# fault_heal_all: every instance running and not stopped, no partition.
fault_heal_all() {
	nf_heal_net
	fh_i=1
	while [ $fh_i -le $((NF_N + NF_M)) ]; do
		fh_p=$(nf_get NF_PID $fh_i)
		if [ -n "$fh_p" ]; then
			kill -CONT "$fh_p" 2>/dev/null
		else
			nf_start $fh_i || fail "$FV: instance $fh_i restarts"
		fi
		fh_i=$((fh_i + 1))
	done
}

# fault_status_all: every instance's own view (role, indexes, members and
# their lag), for a run that did not converge.
fault_status_all() {
	fa_i=1
	while [ $fa_i -le $((NF_N + NF_M)) ]; do
		echo "# status of instance $fa_i:"
		nf_ctl $fa_i status 2>&1 | sed 's/^/#   /'
		echo "# TCP connections of instance $fa_i (ss -tn):"
		ip netns exec "$NF_P-$fa_i" ss -tno 2>&1 | sed 's/^/#   /'
		fa_i=$((fa_i + 1))
	done
}

# fault_compare_stores: stops every instance and compares the data
# instances' stores, byte for byte (fault_dump.h says what is compared).
fault_compare_stores() {
	fs_i=1
	while [ $fs_i -le $((NF_N + NF_M)) ]; do
		nf_stop $fs_i || fail "$FV: instance $fs_i stops cleanly on SIGTERM" \
			"exit status $NF_STATUS; its stderr ends with: $(tail -n 3 "$NF_TMP/$fs_i/graphd.stderr")"
		fs_i=$((fs_i + 1))
	done
	fs_i=1
	while [ $fs_i -le "$NF_N" ]; do
		if ! "$FDUMP" "$NF_TMP/$fs_i/data" >"$NF_TMP/dump.$fs_i" \
			2>"$NF_TMP/verify.$fs_i"; then
			fail "$FV: the store of instance $fs_i is consistent" \
				"$(head -n 5 "$NF_TMP/verify.$fs_i")"
		elif [ $fs_i -gt 1 ] &&
			! cmp -s "$NF_TMP/dump.1" "$NF_TMP/dump.$fs_i"; then
			fail "$FV: instance $fs_i's store equals instance 1's" \
				"$(wc -l <"$NF_TMP/dump.1") vs $(wc -l <"$NF_TMP/dump.$fs_i") records"
			diff "$NF_TMP/dump.1" "$NF_TMP/dump.$fs_i" | head -n 20 |
				sed 's/^/#   /'
		elif [ $fs_i -gt 1 ]; then
			ok "$FV: instance $fs_i's store equals instance 1's ($(wc -l <"$NF_TMP/dump.1") records)"
		fi
		fs_i=$((fs_i + 1))
	done
}

# fault_checks: the offline checks of the history and the replicas.
fault_checks() {
	fk_acks=
	fk_i=1
	while [ $fk_i -le "$NF_N" ]; do
		if NF_BOUND=30 nf_hub "$FC" acks -s "$(nf_addr $fk_i)" \
			-c "$NF_CLUSTER" >"$NF_TMP/acks.$fk_i"; then
			fk_acks="$fk_acks $NF_TMP/acks.$fk_i"
		else
			fail "$FV: instance $fk_i answers the read of every Ack id"
		fi
		fk_i=$((fk_i + 1))
	done
	"$FCHECK" "$NF_TMP/history" $fk_acks >"$NF_TMP/check.out" 2>&1
	sed "s|$NF_TMP/||g; s/^\(ok\|FAIL\) - /\1 - $FV: /" \
		"$NF_TMP/check.out" >"$NF_TMP/check.txt"
	cat "$NF_TMP/check.txt"
	t_count "$NF_TMP/check.txt"
	grep -q '^# fault_check:' "$NF_TMP/check.out" ||
		fail "$FV: fault_check ran to the end"
}

# fault_one_master_per_term: no two instances say they were elected for the
# same term (DESIGN.md section 2, item 3: no split brain).
fault_one_master_per_term() {
	sed -n 's/.*Instance \([0-9]*\) (this server) was elected as master for term \([0-9]*\).*/\2 \1/p' \
		"$NF_TMP"/*/data/messages.log | sort -u >"$NF_TMP/masters"
	fm_terms=$(wc -l <"$NF_TMP/masters")
	fm_dup=$(cut -d' ' -f1 "$NF_TMP/masters" | uniq -d)
	if [ -z "$fm_dup" ]; then
		ok "$FV: one master per term ($fm_terms elections won)"
	else
		fail "$FV: one master per term" "terms with two masters: $fm_dup"
		sed 's/^/#   term, instance: /' "$NF_TMP/masters"
	fi
}

# fault_report: what a failed run needs to be replayed and understood.
fault_report() {
	echo "# FAILED: $FV, seed $FAULT_SEED; the schedule was:"
	sed 's/^/#   /' "$NF_TMP/schedule"
	echo "# the nemesis log is above; last lines of each messages.log:"
	for f in "$NF_TMP"/*/data/messages.log; do
		[ -f "$f" ] || continue
		echo "# --- $f"
		tail -n 15 "$f" | sed 's/^/#   /'
	done
}

# fault_variant NAME N M SECONDS SEED RETRY_MS: one run; returns 0 when
# clean. RETRY_MS is how long the clients retry (short: more outcomes are
# unknown, which the checks must then allow for).
fault_variant() {
	FV="$1 (seed $5)"
	NF_TMP=$FAULT_TMP/$1-$5
	mkdir -p "$NF_TMP"
	fv_failed=$T_FAILED
	FAULT_SEED=$5
	fault_schedule "$5" "$4" $(($2 + $3)) >"$NF_TMP/schedule"
	echo "# $FV: $2 data instances, $3 arbiters, $4 s, clients retry" \
		"for $6 ms; schedule:"
	sed 's/^/#   /' "$NF_TMP/schedule"
	if fault_cluster "$2" "$3"; then
		ip netns exec "$NF_HUB" "$FC" run -s "$(nf_servers)" \
			-c "$NF_CLUSTER" -k $FAULT_KEYS -n $FAULT_CLIENTS \
			-t "$4" -S "$5" -r "$6" -o "$NF_TMP/history" \
			-w "$(nf_http_servers)" -H "$FAULT_HTTP_CLIENTS" &
		fv_client=$!
		NF_PIDS="$NF_PIDS $fv_client"
		fault_nemesis "$NF_TMP/schedule"
		fault_heal_all
		nf_log "nemesis done; waiting for the clients"
		nf_wait_exit $fv_client $(($4 + 30)) ||
			fail "$FV: the clients finish within their time"
		if nf_wait_converged 30; then
			ok "$FV: every data instance applied the same index after healing"
		else
			fail "$FV: every data instance applies the same index within 30 s of healing"
			fault_status_all
		fi
		NF_BOUND=30 nf_hub "$FC" final -s "$(nf_servers)" \
			-c "$NF_CLUSTER" -k $FAULT_KEYS -o "$NF_TMP/history" ||
			fail "$FV: the registers are read once more after healing"
		fault_checks
		fault_compare_stores
		fault_one_master_per_term
		nf_log "store copies installed during the run:" \
			"$(cat "$NF_TMP"/*/data/messages.log 2>/dev/null |
				grep -c 'Store copy from instance .* installed')"
	fi
	t_sanitizer "$NF_TMP"
	if [ "$T_FAILED" -eq "$fv_failed" ]; then
		nf_cleanup
		rm -rf "$NF_TMP"
		return 0
	fi
	fault_report
	nf_cleanup
	return 1
}

FAULT_SEED=${FAULT_SEED:-$(date +%s)}
if [ -z "${FAULT_LONG:-}" ]; then
	echo "# fault suite: seed $FAULT_SEED (FAULT_SEED=$FAULT_SEED to replay)"
	fault_variant data3 3 0 "${FAULT_SECONDS:-30}" "$FAULT_SEED" 3000
	[ "${FAULT_ARBITER:-1}" = 0 ] ||
		fault_variant arbiter 2 1 "${FAULT_SECONDS_ARBITER:-20}" \
			"$FAULT_SEED" 1000
else
	fl_n=0
	fl_clean=0
	fl_base=$FAULT_SEED # fault_variant sets FAULT_SEED to each run's
	echo "# fault-long: seeds from $fl_base (FAULT_SEED=$fl_base to replay)"
	while [ $fl_n -lt "${FAULT_SEEDS:-10}" ]; do
		fl_seed=$((fl_base + fl_n))
		case $((fl_n % 3)) in
		0) fl_v="data3 3 0" ;;
		1) fl_v="data5 5 0" ;;
		*) fl_v="arbiter 2 1" ;;
		esac
		fl_retry=3000
		[ $((fl_n / 3 % 2)) -eq 0 ] || fl_retry=500
		# shellcheck disable=SC2086
		fault_variant $fl_v "${FAULT_SECONDS:-60}" $fl_seed $fl_retry &&
			fl_clean=$((fl_clean + 1))
		fl_n=$((fl_n + 1))
	done
	echo "# $fl_n schedules, $fl_clean clean"
fi
t_summary
[ "$T_FAILED" -eq 0 ]
