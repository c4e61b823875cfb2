# case.sh: counting test cases, shared by the script tests (sourced by
# tests/e2e/lib.sh and tests/cluster/lib.sh). Each case prints "ok - NAME"
# or "FAIL - NAME: why"; t_summary prints "<n> passed, <m> failed".
T_PASSED=0
T_FAILED=0

ok() {
	T_PASSED=$((T_PASSED + 1))
	echo "ok - $1"
}

fail() {
	T_FAILED=$((T_FAILED + 1))
	echo "FAIL - $1${2:+: $2}"
}

# check NAME CMD...: the case passes when CMD exits 0.
check() {
	t_name=$1
	shift
	if "$@"; then ok "$t_name"; else fail "$t_name"; fi
}

# contains TEXT PATTERN: PATTERN (a fixed string) occurs in TEXT.
contains() {
	case $1 in *"$2"*) return 0 ;; *) return 1 ;; esac
}

# quiet CMD...: CMD with its output discarded (for check).
quiet() {
	"$@" >/dev/null 2>&1
}

# t_count FILE: adds the ok/FAIL lines a helper program printed to FILE.
t_count() {
	T_PASSED=$((T_PASSED + $(grep -c '^ok - ' "$1")))
	T_FAILED=$((T_FAILED + $(grep -c '^FAIL - ' "$1")))
}

# t_sanitizer DIR: under --enable-sanitize, a report in any graphd.stderr
# below DIR is a failed case.
t_sanitizer() {
	t_san=$(find "$1" -name graphd.stderr -exec \
		grep -l 'Sanitizer\|runtime error:' {} + 2>/dev/null)
	if [ -n "$t_san" ]; then
		fail "graphd ran without sanitizer reports" "$t_san"
		cat $t_san
	fi
}

# t_summary: the last line of every script test.
t_summary() {
	echo "$T_PASSED passed, $T_FAILED failed"
}

# t_signal SIG PID DIR: kill -SIG PID, but only while PID is still one of
# ours: a child of this shell, or a process whose command line names DIR
# (the test's temporary directory). A process that exited and was reaped
# leaves its PID free for reuse, and the tests of a parallel `make check`
# start thousands of processes: a late kill -9 by a stale PID once took
# down another test's graphd.
t_signal() {
	[ -n "$2" ] && [ -r "/proc/$2/stat" ] || return 1
	t_ppid=$(sed 's/^.*) [A-Za-z] //' "/proc/$2/stat" 2>/dev/null |
		cut -d' ' -f1)
	if [ "$t_ppid" != "$$" ] && { [ -z "$3" ] ||
		! tr '\0' ' ' <"/proc/$2/cmdline" 2>/dev/null | grep -qF "$3"; }; then
		return 1
	fi
	kill "$1" "$2" 2>/dev/null
}
