#!/bin/sh
# fault.sh: the fault-injection suite. A seeded nemesis applies kill -9 and
# restart, SIGSTOP/SIGCONT pauses longer than the election timeout,
# network partitions (majority/minority, isolated master, bridge), and
# master stalls while its slaves crash (the old master comes back with
# requests waiting for entries a new master overwrote) to a real
# cluster, one fault at a time, while fault_client runs registers, appends
# and bookmark reads from the hub namespace: library clients (with a
# session) and as many session-less HTTP writers (POST
# /db/neo4j/tx/commit, spread over every data instance; writes,
# compare-and-sets, linearizable reads, appends). Slow-link schedules delay
# (and reorder between connections) every cluster link, with
# ha.log_compact_every = 50 so that store copies happen and arrive late.
# After healing it checks what DESIGN.md section 2 promises: every
# acknowledged write answered with its own result and transaction id
# (fault_check), every acknowledged append on every data instance exactly
# once and nothing no client sent (fault_check), the register histories
# linearizable (fault_check), bookmark reads never back in time
# (fault_check), and identical stores on every data instance (fault_dump,
# compared byte for byte).
#
# make check: one seed (FAULT_SEED, else the time; printed), 3 data
# instances with a stall first (FAULT_FIRST_STALL=0: none forced), then 2 data instances + 1 arbiter with slow links
# (FAULT_ARBITER=0 skips it).
# make fault-long SEEDS=N (FAULT_LONG=1 FAULT_SEEDS=N): N schedules of
# FAULT_SECONDS (15) each, rotating over 3 data, 5 data, and 2 data + 1
# arbiter, with and without slow links, with every tenth the SINGLE to HA
# switch and every tenth a removal (scenarios.sh); the last lines give per
# configuration the schedules run, clean, lost acknowledged writes,
# divergences and non-linearizable registers.
# FAULT_SCENARIO=nemesis|single_to_ha|removal [FAULT_SEEDS=N] runs only
# that kind (nemesis from fault-long's FAULT_FIRST-th schedule).
# FAULT_KEEP=1 keeps the run directory of a failed run. Needs root (or
# CAP_NET_ADMIN) for the namespaces: without, it prints SKIP and exits 77.

: "${GRAPHD:?GRAPHD must name the graphd binary (make check sets it)}"
: "${GRAPHCTL:?GRAPHCTL must name the graphctl binary (make check sets it)}"
FAULT_SRC=${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}
FAULT_BUILD=${GRAPHD_TEST_BUILDDIR:-$(dirname "$GRAPHD")}
FC=$FAULT_BUILD/tests/fault/fault_client
FCHECK=$FAULT_BUILD/tests/fault/fault_check
FDUMP=$FAULT_BUILD/tests/fault/fault_dump
FAULT_KEYS=5
FAULT_CLIENTS=4
FAULT_HTTP_CLIENTS=${FAULT_HTTP_CLIENTS:-8}
. "$FAULT_SRC/case.sh"
. "$FAULT_SRC/fault/nemesis.sh"
. "$FAULT_SRC/fault/scenarios.sh"

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
# (a minority cut off), isolate master (resolved when applied; master+K:
# with the K-th other voter, 5 voters or more), bridge
# A|B (the one voter in neither group sees both sides), oneway A|B (A
# drops every packet to B: B's established connections still deliver to A,
# but A's answers and acknowledgements are lost), splitkill A|B I (a split
# and, during it, kill -9 of I, restarted before the heal) or, rarely,
# crash all (kill -9 every instance at once: acknowledged means fsync'd). Faults start every
# 1-3 s after the last heal and hold 1-4 s (pauses 0.5-2 s, longer than
# the 300 ms election timeout). The awk generator is deterministic for one
# awk implementation; the schedule is printed whole in any case.
#
# In 2 of 15 faults (2 of 25 with SLOW), stall master: the master stalls
# while its slaves crash (fault_stall), held 150-280 ms (the master steps down
# after 300 ms without a majority); with FIRST 1 the
# first fault is one (make check).
# With SLOW (slow cluster links, nemesis.sh), in 2 of 25 faults latecopy
# slave (fault_latecopy: a store copy from a master that has died
# delivered after its successor's), and three more, in 8 of 25 faults: slow all (every link delayed for the hold), slowkill I and
# slowpause I (links slowed, and during it kill -9 and restart, or SIGSTOP,
# of I): a store copy or entries sent just before are delivered late, after
# a new master's, and a slave may hold the old master's answers (the index
# of its forwarded writes) for entries no one else has.
fault_schedule() {
	awk -v seed="$1" -v dur=$(($2 * 1000)) -v v="$3" -v slow="${4:-0}" \
		-v first="${5:-0}" '
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
			r = int(rand() * (slow ? 25 : 15))
			x = rand() < 0.5 ? "master" : 1 + int(rand() * v)
			if (first && t == 2000)
				r = slow ? 21 : 13
			if (slow && r >= 23) {
				f = "latecopy slave"
				hold = 1000 + int(rand() * 1000)
			} else if (r >= (slow ? 21 : 13)) {
				f = "stall master"
				hold = 150 + int(rand() * 130)
			} else if (r >= 15) {
				f = (r < 18 ? "slowkill " : "slowpause ") x
			} else if (r >= 13) {
				f = "slow all"
			} else if (r == 12) {
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
				# With 5 voters, half the time with a slave: the
				# slave still forwards writes to the cut-off master
				# and gets their indexes, for entries the majority
				# never sees.
				f = "isolate " (v >= 5 && rand() < 0.5 ? \
				    "master+" (1 + int(rand() * (v - 1))) : "master")
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

# fault_isolate HOLD master|master+K: the master (with the K-th other
# voter) cut off from the rest for HOLD ms.
fault_isolate() {
	fi_m=$(fault_target master)
	fi_g=$fi_m
	if [ "$2" != master ]; then
		fi_k=$(echo $(fault_others "$fi_m") | cut -d' ' -f"${2#master+}")
		fi_g="$fi_m $fi_k"
	fi
	nf_log "isolate the master (instance $fi_m) with {$fi_g} for $1 ms"
	fi_rest=
	for fi_i in $(fault_others "$fi_m"); do
		case " $fi_g " in
		*" $fi_i "*) ;;
		*) fi_rest="$fi_rest $fi_i" ;;
		esac
	done
	nf_split "$fi_g" "$fi_rest"
	fault_sleep_ms "$1"
}

# fault_elected "I J ..." SECONDS: the first instance of the list (each
# started by nf_launch) whose log says, since it started, that it was
# elected master; polled every 20 ms for at most SECONDS. Its log, not
# graphctl: the fault continues the old master within milliseconds of the
# election, before the new master's log grows past the old one's pending
# entries.
fault_elected() {
	fe_end=$(($(nf_ms) + $2 * 1000))
	while [ "$(nf_ms)" -lt $fe_end ]; do
		for fe_i in $1; do
			if tail -n +"$(nf_get NF_FROM "$fe_i")" \
				"$NF_TMP/$fe_i/data/messages.log" 2>/dev/null |
				grep -q '(this server) was elected as master'; then
				echo "$fe_i"
				return 0
			fi
		done
		sleep 0.02
	done
	return 1
}

# fault_stall HOLD: the master stalls while its slaves crash (issue 12,
# item 1). Every other voter is SIGSTOPped (connections stay open), so the
# master appends the writes it gets, HTTP ones piling up (fault_client.c),
# but commits none; after HOLD ms the master is SIGSTOPped too, the others
# are killed (its appends they had not read are lost) and restarted, and
# elect a master whose log ends before the stalled one's pending entries.
# The clients reach no instance meanwhile (a load balancer that took them
# all out; else what reached a restarting slave would be first in the new
# master's log), so the new master's log holds its term's first entry and
# little more when the old master is continued, at once. The old master
# becomes its slave while its requests still wait (ha.write_timeout); the
# clients reach it, and only it, from then for 1 s: the writes it
# forwards now land at the indexes of its pending entries, and each must
# still be answered from its own entry.
fault_stall() {
	fs_m=$(fault_target master)
	fs_o=$(fault_others "$fs_m")
	nf_log "stall: SIGSTOP {$fs_o} for $1 ms, then SIGSTOP the master" \
		"(instance $fs_m), kill -9 and restart {$fs_o}, continue" \
		"instance $fs_m once one of them is master"
	for fs_i in $fs_o; do
		kill -STOP "$(nf_get NF_PID "$fs_i")"
	done
	fault_sleep_ms "$1"
	kill -STOP "$(nf_get NF_PID "$fs_m")"
	nf_refuse "$fs_m"
	for fs_i in $fs_o; do
		nf_refuse "$fs_i"
		nf_kill9 "$fs_i"
	done
	fault_mark_logs "$fs_m"
	nf_start_all "$fs_o" || fail "$FV: instances {$fs_o} restart after kill -9"
	if fs_b=$(fault_elected "$fs_o" 10); then
		nf_log "instance $fs_b is master; continuing instance $fs_m"
		kill -CONT "$(nf_get NF_PID "$fs_m")"
		fault_logged "$fs_m" "Instance $fs_b was elected as master" 5 ||
			nf_log "instance $fs_m did not follow $fs_b within 5 s"
	else
		nf_log "no master among {$fs_o} within 10 s; continuing" \
			"instance $fs_m all the same"
		kill -CONT "$(nf_get NF_PID "$fs_m")"
	fi
	nf_unrefuse "$fs_m"
	fault_sleep_ms 1000
}

# fault_mark_logs "I J ...": fault_elected and fault_logged look at their
# logs from here on.
fault_mark_logs() {
	for fk_i in $1; do
		nf_set NF_FROM "$fk_i" $(($(wc -l 2>/dev/null \
			<"$NF_TMP/$fk_i/data/messages.log" || echo 0) + 1))
	done
}

# fault_logged I TEXT SECONDS: polls (every 20 ms, at most SECONDS) until
# instance I's log has TEXT (a grep pattern) since its mark.
fault_logged() {
	fg_end=$(($(nf_ms) + $3 * 1000))
	until tail -n +"$(nf_get NF_FROM "$1")" \
		"$NF_TMP/$1/data/messages.log" 2>/dev/null | grep -q "$2"; do
		[ "$(nf_ms)" -lt $fg_end ] || return 1
		sleep 0.02
	done
}

# fault_latecopy HOLD: a store copy from a master that died, delivered
# after the new master's (the fence of src/raft/fence.h; DESIGN.md contract
# 8). A slave is killed for HOLD ms, so that the master compacts its log
# past it; the links are slowed (a message takes 80-400 ms) and the slave
# restarted; as soon as the master's log says it sent the slave a store
# copy, the slave's delay proxy holds what the master sends it, the copy
# still on its way included, and the master is killed; once the others
# elected a new master (waited for at most 10 s) and the slave installed
# its copy (5 s), the proxy delivers the old master's copy. Proxies only
# (slow links without netem); with netem, or without a slave, it is a
# "slow all".
fault_latecopy() {
	fl_m=$(fault_target master)
	fl_s=
	for fl_i in $(fault_others "$fl_m"); do
		nf_is_arbiter "$fl_i" || { fl_s=$fl_i; break; }
	done
	if [ "$NF_SLOW_KIND" != proxy ] || [ -z "$fl_s" ]; then
		fault_slow "$1" slow
		return
	fi
	nf_log "latecopy: kill -9 slave $fl_s for $1 ms; its proxy holds the" \
		"store copy master $fl_m sends it until $fl_m was killed and a" \
		"new master's copy installed"
	nf_kill9 "$fl_s"
	fault_sleep_ms "$1"
	fault_mark_logs "$fl_m"
	nf_slow_on
	nf_start "$fl_s" || fail "$FV: instance $fl_s restarts after kill -9"
	if fault_logged "$fl_m" "Store copy to instance $fl_s sent" 5; then
		nf_hold "$fl_s" "$fl_m"
	else
		nf_log "master $fl_m sent instance $fl_s no store copy in 5 s"
	fi
	fl_o=$(fault_others "$fl_m")
	fault_mark_logs "$fl_o"
	nf_kill9 "$fl_m"
	if fl_b=$(fault_elected "$fl_o" 10); then
		fault_logged "$fl_s" "Store copy from instance $fl_b installed" 5 ||
			nf_log "instance $fl_s installed no copy of master $fl_b in 5 s"
	else
		nf_log "no new master within 10 s"
	fi
	nf_log "releasing what master $fl_m sent instance $fl_s"
	nf_hold "$fl_s" release
	fault_sleep_ms 1000
	nf_slow_off
	nf_start "$fl_m" || fail "$FV: instance $fl_m restarts after kill -9"
}

# fault_slow HOLD slow|slowkill|slowpause TARGET ARG: every cluster link
# slowed for HOLD ms; for slowkill and slowpause, TARGET killed and
# restarted (or stopped) in the middle third.
fault_slow() {
	if [ "$2" = slow ]; then
		nf_log "slow every cluster link for $1 ms"
		nf_slow_on
		fault_sleep_ms "$1"
		nf_slow_off
		return
	fi
	nf_log "slow every cluster link for $1 ms and, after $(($1 / 3))" \
		"ms, ${2#slow} instance $3 ($4) for $(($1 / 3)) ms"
	nf_slow_on
	fault_sleep_ms $(($1 / 3))
	if [ "$2" = slowkill ]; then
		nf_kill9 "$3"
	else
		kill -STOP "$(nf_get NF_PID "$3")"
	fi
	fault_sleep_ms $(($1 / 3))
	if [ "$2" = slowkill ]; then
		nf_start "$3" || fail "$FV: instance $3 restarts after kill -9"
	else
		kill -CONT "$(nf_get NF_PID "$3")"
	fi
	fault_sleep_ms $(($1 / 3))
	nf_slow_off
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
		fault_isolate "$1" "$3"
		;;
	stall)
		fault_stall "$1"
		;;
	latecopy)
		fault_latecopy "$1"
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
	slow | slowkill | slowpause)
		fault_slow "$1" "$2" "$fa_t" "$3"
		;;
	remove)
		nf_log "graphctl remove of a slave (scenario removal)"
		fault_remove_slave
		return
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
	[ "$NF_SLOW" = 1 ] && nf_slow_off
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
	fs_i=0
	fs_first=
	while [ $fs_i -lt "$NF_N" ]; do
		fs_i=$((fs_i + 1))
		nf_gone $fs_i && continue
		if ! "$FDUMP" "$NF_TMP/$fs_i/data" >"$NF_TMP/dump.$fs_i" \
			2>"$NF_TMP/verify.$fs_i"; then
			fail "$FV: the store of instance $fs_i is consistent" \
				"$(head -n 5 "$NF_TMP/verify.$fs_i")"
		elif [ -z "$fs_first" ]; then
			fs_first=$fs_i
		elif ! cmp -s "$NF_TMP/dump.$fs_first" "$NF_TMP/dump.$fs_i"; then
			FV_DIV=$((FV_DIV + 1))
			fail "$FV: instance $fs_i's store equals instance $fs_first's" \
				"$(wc -l <"$NF_TMP/dump.$fs_first") vs $(wc -l <"$NF_TMP/dump.$fs_i") records"
			diff "$NF_TMP/dump.$fs_first" "$NF_TMP/dump.$fs_i" |
				head -n 20 | sed 's/^/#   /'
		else
			ok "$FV: instance $fs_i's store equals instance $fs_first's ($(wc -l <"$NF_TMP/dump.$fs_first") records)"
		fi
	done
}

# fault_checks: the offline checks of the history and the replicas.
fault_checks() {
	fk_acks=
	fk_i=0
	while [ $fk_i -lt "$NF_N" ]; do
		fk_i=$((fk_i + 1))
		nf_gone $fk_i && continue
		if NF_BOUND=30 nf_hub "$FC" acks -s "$(nf_addr $fk_i)" \
			-c "$NF_CLUSTER" >"$NF_TMP/acks.$fk_i"; then
			fk_acks="$fk_acks $NF_TMP/acks.$fk_i"
		else
			fail "$FV: instance $fk_i answers the read of every Ack id"
		fi
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

# fault_variant NAME N M SECONDS SEED RETRY_MS [SLOW]: one run; returns 0
# when clean. RETRY_MS is how long the clients retry (short: more outcomes
# are unknown, which the checks must then allow for). SLOW 1: slow cluster
# links and their faults, and the log compacted every 50 entries so that
# store copies happen (and arrive late).
fault_variant() {
	FV="$1 (seed $5)"
	NF_TMP=$FAULT_TMP/$1-$5
	mkdir -p "$NF_TMP"
	fv_failed=$T_FAILED
	FV_DIV=0
	FAULT_SEED=$5
	NF_SLOW=${7:-0}
	NF_SLOW_KIND=
	FAULT_COMPACT=${FAULT_COMPACT_NORMAL:-200}
	[ "$NF_SLOW" = 1 ] && FAULT_COMPACT=50
	fault_schedule "$5" "$4" $(($2 + $3)) "$NF_SLOW" "${FAULT_FIRST_STALL:-0}" \
		>"$NF_TMP/schedule"
	echo "# $FV: $2 data instances, $3 arbiters, $4 s, clients retry" \
		"for $6 ms, slow links $NF_SLOW, ha.log_compact_every" \
		"$FAULT_COMPACT; schedule:"
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

# fault_tally CONFIG STATUS: adds one run's figures (STATUS 0: clean) to
# CONFIG's totals: lost acknowledged writes (acknowledged appends missing,
# the most on any one instance), wrong answers (acknowledged writes answered
# with another statement's result, plus transaction ids given to two),
# divergences (stores that differ, ids held twice or never sent), registers
# that are not linearizable.
fault_tally() {
	ft_lost=$(sed -n 's/.*: \([0-9]*\) acknowledged appends missing.*/\1/p' \
		"$NF_TMP/check.txt" 2>/dev/null | sort -n | tail -n 1)
	ft_foreign=$(sed -n 's/.*answers: .*, \([0-9]*\) carried another.*, \([0-9]*\) transaction ids were given.*/\1 \2/p' \
		"$NF_TMP/check.txt" 2>/dev/null)
	ft_div=$(grep -c 'FAIL - .*missing, \([1-9][0-9]* ids twice\|.*, [1-9][0-9]* ids never sent\)' \
		"$NF_TMP/check.txt" 2>/dev/null)
	ft_div=$((${ft_div:-0} + FV_DIV))
	ft_lin=$(grep -c 'register [0-9]*: not linearizable' \
		"$NF_TMP/check.txt" 2>/dev/null)
	set -- "$1" "$2" ${ft_foreign:-0 0}
	for ft_k in runs clean lost wrong div lin; do
		case $ft_k in
		runs) ft_v=1 ;;
		clean) ft_v=$(($2 == 0 ? 1 : 0)) ;;
		lost) ft_v=${ft_lost:-0} ;;
		wrong) ft_v=$(($3 + $4)) ;;
		div) ft_v=${ft_div:-0} ;;
		lin) ft_v=${ft_lin:-0} ;;
		esac
		nf_set "FT_$ft_k" "$1" $(($(nf_get "FT_$ft_k" "$1" | sed 's/^$/0/') + ft_v))
	done
	case " $FT_CONFIGS " in
	*" $1 "*) ;;
	*) FT_CONFIGS="$FT_CONFIGS $1" ;;
	esac
}

# fault_totals: fault-long's last lines, one per configuration.
fault_totals() {
	ft_all=0
	ft_clean=0
	for ft_c in $FT_CONFIGS; do
		echo "# $ft_c: $(nf_get FT_runs "$ft_c") schedules," \
			"$(nf_get FT_clean "$ft_c") clean," \
			"$(nf_get FT_lost "$ft_c") lost acknowledged writes," \
			"$(nf_get FT_wrong "$ft_c") wrong answers," \
			"$(nf_get FT_div "$ft_c") divergences," \
			"$(nf_get FT_lin "$ft_c") non-linearizable registers"
		ft_all=$((ft_all + $(nf_get FT_runs "$ft_c")))
		ft_clean=$((ft_clean + $(nf_get FT_clean "$ft_c")))
	done
	echo "# $ft_all schedules, $ft_clean clean"
}

# fault_long_one N SEED: the N-th schedule of fault-long. Nemesis runs
# rotate over 3 data, 5 data, and 2 data + 1 arbiter; every other round of
# three has slow links (store copies late), every other pair of rounds
# clients that retry for only 500 ms. Every tenth is the SINGLE to HA switch
# and every tenth the removal of a slave (scenarios.sh), unless
# FAULT_SCENARIO picks one kind for all.
fault_long_one() {
	fo_kind=${FAULT_SCENARIO:-}
	if [ -z "$fo_kind" ]; then
		case $(($1 % 10)) in
		8) fo_kind=single_to_ha ;;
		9) fo_kind=removal ;;
		*) fo_kind=nemesis ;;
		esac
	fi
	fo_secs=${FAULT_SECONDS:-15}
	case $fo_kind in
	single_to_ha)
		fault_single_to_ha "$fo_secs" "$2"
		fault_tally single_to_ha $?
		return
		;;
	removal)
		fault_removal "$fo_secs" "$2"
		fault_tally removal $?
		return
		;;
	esac
	case $(($1 % 3)) in
	0) fo_v="data3 3 0" ;;
	1) fo_v="data5 5 0" ;;
	*) fo_v="arbiter 2 1" ;;
	esac
	fo_slow=$(($1 / 3 % 2))
	fo_retry=3000
	[ $(($1 / 6 % 2)) -eq 0 ] || fo_retry=500
	# shellcheck disable=SC2086
	fault_variant $fo_v "$fo_secs" "$2" $fo_retry $fo_slow
	fo_rc=$?
	fault_tally "${fo_v%% *}$([ $fo_slow = 1 ] && echo _slow)" $fo_rc
}

FAULT_SEED=${FAULT_SEED:-$(date +%s)}
if [ -n "${FAULT_LONG:-}" ]; then
	fl_n=0
	fl_base=$FAULT_SEED # fault_variant sets FAULT_SEED to each run's
	echo "# fault-long: seeds from $fl_base (FAULT_SEED=$fl_base to replay)"
	while [ $fl_n -lt "${FAULT_SEEDS:-10}" ]; do
		fault_long_one $fl_n $((fl_base + fl_n))
		fl_n=$((fl_n + 1))
	done
	fault_totals
elif [ -n "${FAULT_SCENARIO:-}" ]; then
	# Schedules of one kind (nemesis, single_to_ha, removal) only:
	# FAULT_SCENARIO=removal FAULT_SEEDS=3. For nemesis, FAULT_FIRST=K
	# starts at fault-long's K-th schedule (3: 3 data, slow links).
	fl_n=0
	fl_base=$FAULT_SEED # fault_variant sets FAULT_SEED to each run's
	while [ $fl_n -lt "${FAULT_SEEDS:-1}" ]; do
		fault_long_one $((${FAULT_FIRST:-0} + fl_n)) \
			$((fl_base + fl_n))
		fl_n=$((fl_n + 1))
	done
	fault_totals
else
	echo "# fault suite: seed $FAULT_SEED (FAULT_SEED=$FAULT_SEED to replay)"
	FAULT_FIRST_STALL=${FAULT_FIRST_STALL:-1} # the stall, once, cheaply
	fault_variant data3 3 0 "${FAULT_SECONDS:-20}" "$FAULT_SEED" 3000
	FAULT_FIRST_STALL=0
	[ "${FAULT_ARBITER:-1}" = 0 ] ||
		fault_variant arbiter 2 1 "${FAULT_SECONDS_ARBITER:-15}" \
			"$FAULT_SEED" 1000 1
fi
t_summary
[ "$T_FAILED" -eq 0 ]
