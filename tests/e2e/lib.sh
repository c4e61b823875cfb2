# lib.sh: helpers for the end-to-end tests (sourced by tests/e2e/*.sh).
#
# Each test gets a temporary directory, starts graphd on a free port (port 0;
# the port is read from DATA_DIR/graphd.port), counts its cases and ends with
# "<n> passed, <m> failed". Everything it started is killed on exit, also when
# the test fails half-way. Every wait is a bounded poll.

: "${GRAPHD:?GRAPHD must name the graphd binary (make check sets it)}"
: "${GRAPHCTL:?GRAPHCTL must name the graphctl binary (make check sets it)}"
E2E_BUILDDIR=${GRAPHD_TEST_BUILDDIR:-$(dirname "$GRAPHD")}
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/case.sh"
E2E_PIDS=
E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/graphd-e2e.XXXXXX") || exit 99

e2e_cleanup() {
	for p in $E2E_PIDS; do
		t_signal -9 "$p" "$E2E_TMP"
	done
	if [ "$T_FAILED" -gt 0 ] && [ -n "${E2E_KEEP:-}" ]; then
		echo "keeping $E2E_TMP for inspection"
	else
		rm -rf "$E2E_TMP"
	fi
}
trap e2e_cleanup EXIT
trap 'exit 1' INT TERM HUP

# Ends the test: the summary line and the exit status. Under
# --enable-sanitize a report in any graphd's stderr is a failed case.
e2e_done() {
	t_sanitizer "$E2E_TMP"
	t_summary
	[ "$T_FAILED" -eq 0 ]
	exit $?
}

# e2e_conf DIR [LINE]...: DIR/graphd.conf for one SINGLE instance on a free
# port with its data in DIR/data; extra lines are appended.
e2e_conf() {
	e2e_dir=$1
	shift
	mkdir -p "$e2e_dir"
	{
		echo "dbms.mode = SINGLE"
		echo "ha.server_id = 1"
		echo "ha.server = 127.0.0.1:0"
		echo "dbms.connector.http.listen_address = 127.0.0.1:0"
		echo "ha.cluster_name = e2e"
		echo "dbms.directories.data = $e2e_dir/data"
		echo "dbms.logs.level = INFO"
		for l in "$@"; do echo "$l"; done
	} >"$e2e_dir/graphd.conf"
}

e2e_forget_pid() {
	e2e_left=
	for p in $E2E_PIDS; do
		[ "$p" = "$1" ] || e2e_left="$e2e_left $p"
	done
	E2E_PIDS=$e2e_left
}

# e2e_start DIR: starts graphd -c DIR/graphd.conf and waits (at most 15 s)
# for DIR/data/graphd.port. Sets E2E_PID, E2E_PORT and SRV (host:port).
e2e_start() {
	rm -f "$1/data/graphd.port"
	"$GRAPHD" -c "$1/graphd.conf" 2>>"$1/graphd.stderr" &
	E2E_PID=$!
	E2E_PIDS="$E2E_PIDS $E2E_PID"
	i=0
	while [ ! -s "$1/data/graphd.port" ]; do
		i=$((i + 1))
		if [ $i -gt 150 ] || ! kill -0 "$E2E_PID" 2>/dev/null; then
			echo "graphd did not come up; its stderr:"
			tail -n 20 "$1/graphd.stderr"
			return 1
		fi
		sleep 0.1
	done
	E2E_PORT=$(cat "$1/data/graphd.port")
	SRV=127.0.0.1:$E2E_PORT
}

# e2e_wait_exit PID SECONDS: polls until PID is gone; then E2E_STATUS is its
# exit status. Returns 1 when it is still running after SECONDS.
e2e_wait_exit() {
	i=0
	while kill -0 "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -le $(($2 * 20)) ] || return 1
		# A zombie child answers kill -0 until it is reaped by wait.
		if grep -q ') Z' "/proc/$1/stat" 2>/dev/null; then
			break
		fi
		sleep 0.05
	done
	wait "$1"
	E2E_STATUS=$?
	e2e_forget_pid "$1"
	return 0
}

# e2e_stop PID: SIGTERM, then at most 10 s for a clean exit (else SIGKILL).
# Returns graphd's exit status.
e2e_stop() {
	t_signal -TERM "$1" "$E2E_TMP"
	if ! e2e_wait_exit "$1" 10; then
		t_signal -9 "$1" "$E2E_TMP"
		e2e_wait_exit "$1" 10
		return 99
	fi
	return "$E2E_STATUS"
}

# e2e_kill9 PID: SIGKILL and reap.
e2e_kill9() {
	t_signal -9 "$1" "$E2E_TMP"
	e2e_wait_exit "$1" 10
}

# gctl ARGS...: graphctl against the running instance.
gctl() {
	"$GRAPHCTL" -s "$SRV" --cluster e2e "$@"
}

