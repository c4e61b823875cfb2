# lib.sh: helpers for the cluster tests (sourced by tests/cluster/*.sh).
#
# A test starts N data instances and M arbiters (ids 1..N are data, N+1..N+M
# arbiters) as real graphd processes on 127.0.0.1, in a temporary directory
# laid out as contrib/local-cluster lays out its own (CL_TMP/I/graphd.conf,
# graphd.pid, graphd.stderr, data/), so tests/cluster/failover_time can run on
# either. Cluster, client and HTTP ports are fixed numbers from
# tests/cluster/freeport (cluster ports are in every instance's
# ha.initial_hosts; fixed client ports keep an instance's address across a
# restart); a start that hits a port taken in the meantime is retried on
# fresh ports.
#
# As in tests/e2e/lib.sh: each case prints "ok - ..." or "FAIL - ...", the
# last line is "<n> passed, <m> failed", every wait is a bounded poll, and
# everything the test started is killed on exit, also when it fails half-way.
# A sanitizer report in any graphd.stderr is a failed case.

: "${GRAPHD:?GRAPHD must name the graphd binary (make check sets it)}"
: "${GRAPHCTL:?GRAPHCTL must name the graphctl binary (make check sets it)}"
CL_BUILDDIR=${GRAPHD_TEST_BUILDDIR:-$(dirname "$GRAPHD")}
CL_FREEPORT=$CL_BUILDDIR/tests/cluster/freeport
CL_WRITER=$CL_BUILDDIR/tests/cluster/cl_writer
CL_NAME=cltest
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/case.sh"
CL_PIDS=     # every process started (graphd instances and helpers)
CL_STOPPED=  # instances under SIGSTOP (skipped by the role polls)
CL_N=0
CL_M=0
CL_EXTRA=    # extra conf lines for every instance (one per line)
CL_TMP=$(mktemp -d "${TMPDIR:-/tmp}/graphd-cluster.XXXXXX") || exit 99

# A request to a stopped or hung instance must not stall the test: graphctl
# has no timeout of its own short enough, so bound it from outside.
if command -v timeout >/dev/null 2>&1; then
	CL_TIMEOUT="timeout 10"
else
	CL_TIMEOUT=
fi

cl_cleanup() {
	for p in $CL_PIDS; do
		t_signal -9 "$p" "$CL_TMP"
	done
	if [ "$T_FAILED" -gt 0 ] && [ -n "${CL_KEEP:-}" ]; then
		echo "keeping $CL_TMP for inspection"
	else
		rm -rf "$CL_TMP"
	fi
}
trap cl_cleanup EXIT
trap 'exit 1' INT TERM HUP

# Ends the test: sanitizer reports, the summary line and the exit status.
cl_done() {
	t_sanitizer "$CL_TMP"
	if [ "$T_FAILED" -gt 0 ]; then
		for f in "$CL_TMP"/*/data/messages.log; do
			[ -f "$f" ] || continue
			echo "--- last lines of $f"
			tail -n 15 "$f"
		done
	fi
	t_summary
	[ "$T_FAILED" -eq 0 ]
	exit $?
}

# cl_abort REASON: a step the rest of the test depends on failed.
cl_abort() {
	fail "$1"
	cl_done
}

# ------------------------------------------------------------ small helpers

cl_get() { eval "echo \"\${$1_$2:-}\""; }
cl_set() { eval "$1_$2=\$3"; }

cl_forget_pid() {
	cl_left=
	for p in $CL_PIDS; do
		[ "$p" = "$1" ] || cl_left="$cl_left $p"
	done
	CL_PIDS=$cl_left
}

cl_is_stopped() {
	case " $CL_STOPPED " in *" $1 "*) return 0 ;; *) return 1 ;; esac
}

# cl_wait_exit PID SECONDS: polls until PID is gone and reaps it; then
# CL_STATUS is its exit status. Returns 1 when it still runs after SECONDS.
cl_wait_exit() {
	cl_i=0
	while kill -0 "$1" 2>/dev/null; do
		cl_i=$((cl_i + 1))
		[ $cl_i -le $(($2 * 20)) ] || return 1
		# A zombie child answers kill -0 until it is reaped by wait.
		grep -q ') Z' "/proc/$1/stat" 2>/dev/null && break
		sleep 0.05
	done
	wait "$1" 2>/dev/null
	CL_STATUS=$?
	cl_forget_pid "$1"
	return 0
}

# ---------------------------------------------------------- configuration

# cl_ports I: fresh cluster, client and HTTP ports for instance I.
cl_ports() {
	cl_p=$("$CL_FREEPORT" 3) || return 1
	cl_set CL_CPORT "$1" "$(echo "$cl_p" | sed -n 1p)"
	cl_set CL_SPORT "$1" "$(echo "$cl_p" | sed -n 2p)"
	cl_set CL_HPORT "$1" "$(echo "$cl_p" | sed -n 3p)"
}

# cl_is_arbiter I
cl_is_arbiter() {
	[ "$1" -gt "$CL_N" ] && [ "$1" -le $((CL_N + CL_M)) ]
}

# cl_hosts: ha.initial_hosts of the founding members, in the id@ form.
cl_hosts() {
	cl_h=
	cl_i=1
	while [ $cl_i -le $((CL_N + CL_M)) ]; do
		cl_e="$cl_i@127.0.0.1:$(cl_get CL_CPORT $cl_i)"
		cl_is_arbiter $cl_i && cl_e="$cl_e/arbiter"
		cl_h="${cl_h:+$cl_h,}$cl_e"
		cl_i=$((cl_i + 1))
	done
	echo "$cl_h"
}

# cl_conf I [LINE]...: writes CL_TMP/I/graphd.conf; the LINEs (and
# CL_EXTRA) are appended. graphd refuses a duplicate key, so a test changes
# a default key of one instance through a variable instead: CL_CNAME_I
# (cluster name), CL_ID_I (server id), CL_MODE_I (HA, ARBITER), CL_HOSTS_I
# (ha.initial_hosts). CL_ELECTION_TIMEOUT sets ha.election_timeout of every
# instance (default 300ms).
cl_conf() {
	cl_d=$CL_TMP/$1
	cl_mode=$(cl_get CL_MODE "$1")
	[ -n "$cl_mode" ] || { cl_is_arbiter "$1" && cl_mode=ARBITER || cl_mode=HA; }
	cl_cn=$(cl_get CL_CNAME "$1")
	cl_id=$(cl_get CL_ID "$1")
	cl_ih=$(cl_get CL_HOSTS "$1")
	mkdir -p "$cl_d"
	{
		echo "# instance $1 of a cluster test ($0)"
		echo "dbms.mode = $cl_mode"
		echo "ha.server_id = ${cl_id:-$1}"
		echo "ha.cluster_name = ${cl_cn:-$CL_NAME}"
		echo "ha.initial_hosts = ${cl_ih:-$(cl_hosts)}"
		echo "ha.cluster_server = 127.0.0.1:$(cl_get CL_CPORT "$1")"
		echo "ha.server = 127.0.0.1:$(cl_get CL_SPORT "$1")"
		echo "dbms.directories.data = $cl_d/data"
		echo "dbms.connector.http.listen_address = 127.0.0.1:$(cl_get CL_HPORT "$1")"
		echo "ha.heartbeat_interval = 50ms"
		echo "ha.election_timeout = ${CL_ELECTION_TIMEOUT:-300ms}"
		echo "ha.write_timeout = ${CL_WRITE_TIMEOUT:-10s}"
		echo "dbms.logs.level = INFO"
		[ -n "$CL_EXTRA" ] && printf '%s\n' "$CL_EXTRA"
		shift
		for l in "$@"; do echo "$l"; done
	} >"$cl_d/graphd.conf"
}

# ------------------------------------------------------------- processes

# cl_listening DIR FROM: messages.log in DIR, from line FROM on, says that
# both the client and the cluster port are bound (graphd.port is written
# before the cluster port is bound, so it alone is not enough).
cl_listening() {
	[ -s "$1/data/graphd.port" ] &&
		tail -n +"$2" "$1/data/messages.log" 2>/dev/null |
		grep -q "Listening for the other members on"
}

# cl_start_instance I: starts graphd for instance I and waits (at most 15 s)
# until it listens on its client and cluster ports. Returns 2 when it died
# because a port was taken (the caller may retry on fresh ports), 1 on any
# other failure.
cl_start_instance() {
	cl_d=$CL_TMP/$1
	rm -f "$cl_d/data/graphd.port"
	cl_from=$(($(wc -l 2>/dev/null <"$cl_d/data/messages.log" || echo 0) + 1))
	"$GRAPHD" -c "$cl_d/graphd.conf" </dev/null >>"$cl_d/graphd.stderr" 2>&1 &
	cl_pid=$!
	cl_set CL_PID "$1" $cl_pid
	echo $cl_pid >"$cl_d/graphd.pid"
	CL_PIDS="$CL_PIDS $cl_pid"
	cl_i=0
	while ! cl_listening "$cl_d" $cl_from; do
		cl_i=$((cl_i + 1))
		if [ $cl_i -gt 150 ] || ! kill -0 $cl_pid 2>/dev/null ||
			grep -q ') Z' "/proc/$cl_pid/stat" 2>/dev/null; then
			t_signal -9 "$cl_pid" "$CL_TMP"
			cl_wait_exit $cl_pid 5
			if grep -qi 'in use' "$cl_d/graphd.stderr" \
				"$cl_d/data/messages.log" 2>/dev/null; then
				return 2
			fi
			echo "# instance $1 did not come up; its stderr:"
			tail -n 20 "$cl_d/graphd.stderr" | sed 's/^/# /'
			return 1
		fi
		sleep 0.1
	done
	return 0
}

# cl_kill9 I: SIGKILL and reap.
cl_kill9() {
	cl_pid=$(cl_get CL_PID "$1")
	[ -n "$cl_pid" ] || return 0
	t_signal -9 "$cl_pid" "$CL_TMP"
	cl_wait_exit "$cl_pid" 10
	cl_set CL_PID "$1" ""
	CL_STOPPED=$(echo " $CL_STOPPED " | sed "s/ $1 / /")
}

# cl_stop I: SIGTERM, at most 10 s for a clean exit, else SIGKILL.
# Returns 1 when SIGKILL was needed or graphd exited with a failure status.
cl_stop() {
	cl_pid=$(cl_get CL_PID "$1")
	[ -n "$cl_pid" ] || return 0
	t_signal -TERM "$cl_pid" "$CL_TMP"
	if ! cl_wait_exit "$cl_pid" 10; then
		cl_kill9 "$1"
		return 1
	fi
	cl_set CL_PID "$1" ""
	[ "$CL_STATUS" -eq 0 ]
}

cl_sigstop() {
	t_signal -STOP "$(cl_get CL_PID "$1")" "$CL_TMP" &&
		CL_STOPPED="$CL_STOPPED $1"
}

cl_sigcont() {
	t_signal -CONT "$(cl_get CL_PID "$1")" "$CL_TMP"
	CL_STOPPED=$(echo " $CL_STOPPED " | sed "s/ $1 / /")
}

# cl_start N M: writes the confs of N data instances and M arbiters and
# starts them all (up to 3 attempts on fresh ports when a port was taken).
cl_start() {
	CL_N=$1
	CL_M=$2
	for cl_try in 1 2 3; do
		cl_j=1
		while [ $cl_j -le $((CL_N + CL_M)) ]; do
			cl_ports $cl_j || return 1
			cl_j=$((cl_j + 1))
		done
		cl_rc=0
		cl_j=1
		while [ $cl_j -le $((CL_N + CL_M)) ] && [ $cl_rc -eq 0 ]; do
			cl_conf $cl_j
			cl_start_instance $cl_j
			cl_rc=$?
			cl_j=$((cl_j + 1))
		done
		[ $cl_rc -eq 0 ] && return 0
		cl_j=1
		while [ $cl_j -le $((CL_N + CL_M)) ]; do
			cl_kill9 $cl_j
			rm -rf "${CL_TMP:?}/$cl_j"
			cl_j=$((cl_j + 1))
		done
		[ $cl_rc -eq 2 ] || return 1
		echo "# a port was taken while starting (attempt $cl_try); retrying"
	done
	return 1
}

# ----------------------------------------------------------------- queries

# cl_addr I: the client address of instance I.
cl_addr() {
	echo "127.0.0.1:$(cl_get CL_SPORT "$1")"
}

# cl_servers: the client addresses of the data instances, for -s.
cl_servers() {
	cl_s=
	cl_i=1
	while [ $cl_i -le "$CL_N" ]; do
		cl_s="${cl_s:+$cl_s,}$(cl_addr $cl_i)"
		cl_i=$((cl_i + 1))
	done
	echo "$cl_s"
}

# cl_ctl I ARGS...: graphctl against instance I only (bounded).
cl_ctl() {
	cl_a=$(cl_addr "$1")
	shift
	$CL_TIMEOUT "$GRAPHCTL" -s "$cl_a" --cluster "$CL_NAME" "$@"
}

# cl_role I: the role instance I reports, or "down".
cl_role() {
	if cl_is_stopped "$1" || [ -z "$(cl_get CL_PID "$1")" ]; then
		echo down
		return
	fi
	cl_ctl "$1" role 2>/dev/null || echo down
}

# cl_wait_role I ROLE [SECONDS]: polls (default at most 15 s) until
# instance I reports ROLE.
cl_wait_role() {
	cl_end=$(($(date +%s) + ${3:-15}))
	while [ "$(cl_role "$1")" != "$2" ]; do
		[ "$(date +%s)" -lt $cl_end ] || return 1
		sleep 0.05
	done
	return 0
}

# cl_master [SECONDS]: prints the id of the one running data instance that
# reports itself master, polled (default at most 15 s). Fails when there is
# none (or more than one) within the bound.
cl_master() {
	cl_end=$(($(date +%s) + ${1:-15}))
	while :; do
		cl_found=
		cl_count=0
		cl_k=1
		while [ $cl_k -le "$CL_N" ]; do
			if [ "$(cl_role $cl_k)" = master ]; then
				cl_found=$cl_k
				cl_count=$((cl_count + 1))
			fi
			cl_k=$((cl_k + 1))
		done
		if [ $cl_count -eq 1 ]; then
			echo "$cl_found"
			return 0
		fi
		[ "$(date +%s)" -lt $cl_end ] || return 1
		sleep 0.05
	done
}

# cl_json FIELD: the numeric FIELD of a JSON object on stdin (first match).
cl_json() {
	sed -n "s/.*\"$1\": \([0-9]*\).*/\1/p" | head -n 1
}

# cl_write I [LABEL] [K]: creates a node (LABEL, default Item; property k=K)
# through instance I and prints the transaction id. Fails when the write
# was not acknowledged.
cl_write() {
	cl_out=$(cl_ctl "$1" --json create-node --label "${2:-Item}" \
		--prop "k=${3:-0}") || return 1
	cl_t=$(echo "$cl_out" | cl_json txn)
	[ -n "$cl_t" ] && echo "$cl_t"
}

# cl_nodes I LABEL [READ OPTIONS]...: the nodes with LABEL on instance I,
# sorted (for comparing replicas).
cl_nodes() {
	cl_i=$1
	shift
	cl_ctl "$cl_i" nodes "$@" | sort
}

# cl_count_nodes I LABEL: how many nodes with LABEL instance I serves.
cl_count_nodes() {
	cl_ctl "$1" nodes "$2" | grep -c "$2"
}

# cl_status I FIELD: a numeric field of instance I's status --json
# (applied_index, commit_index, term, master_id, server_id).
cl_status() {
	cl_ctl "$1" --json status | cl_json "$2"
}

# cl_wait_applied I INDEX [SECONDS]: polls until instance I has applied
# INDEX (default at most 15 s).
cl_wait_applied() {
	cl_end=$(($(date +%s) + ${3:-15}))
	while :; do
		cl_a=$(cl_status "$1" applied_index 2>/dev/null)
		[ -n "$cl_a" ] && [ "$cl_a" -ge "$2" ] && return 0
		[ "$(date +%s)" -lt $cl_end ] || return 1
		sleep 0.05
	done
}

# cl_log I: the messages.log of instance I.
cl_log() {
	echo "$CL_TMP/$1/data/messages.log"
}

# cl_wait_log I PATTERN [SECONDS]: polls until messages.log of I has a line
# matching PATTERN (grep -E), default at most 10 s.
cl_wait_log() {
	cl_end=$(($(date +%s) + ${3:-10}))
	until grep -Eq "$2" "$(cl_log "$1")" 2>/dev/null; do
		[ "$(date +%s)" -lt $cl_end ] || return 1
		sleep 0.05
	done
}

# cl_ms: a millisecond clock (for the figures the tests print).
cl_ms() {
	cl_t=$(date +%s%N)
	echo $((cl_t / 1000000))
}
