#!/bin/sh
# storage.sh: the disk fails under a running instance (fsync returns EIO,
# injected from outside with the LD_PRELOAD shim faultfs): graphd logs what
# happened, refuses writes from then on with a clear error, keeps answering
# status, does not crash, and after a restart on a healthy disk holds every
# acknowledged write and the failed one at most once.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/e2e/lib.sh"

SHIM=$E2E_BUILDDIR/tests/e2e/.libs/libfaultfs.so
D=$E2E_TMP/storage
LOG=$D/data/messages.log
if [ ! -f "$SHIM" ]; then
	fail "fault shim built" "$SHIM missing"
	e2e_done
fi
e2e_conf "$D"
# Only this graphd runs with the shim. It comes before the sanitizer
# runtime in an --enable-sanitize build; tell ASan that is intended.
e2e_asan=${ASAN_OPTIONS:-}
export GRAPHD_FAULT_FILE="$D/disk-broken" LD_PRELOAD="$SHIM"
export ASAN_OPTIONS="${e2e_asan:+$e2e_asan:}verify_asan_link_order=0"
e2e_start "$D"
e2e_up=$?
unset LD_PRELOAD GRAPHD_FAULT_FILE
if [ -n "$e2e_asan" ]; then export ASAN_OPTIONS="$e2e_asan"; else unset ASAN_OPTIONS; fi
if [ $e2e_up -ne 0 ]; then
	fail "graphd starts with the fault shim"
	e2e_done
fi
check "a write before the failure is acknowledged" \
	quiet gctl create-node --label Before
touch "$D/disk-broken"
gctl create-node --label During >/dev/null 2>"$E2E_TMP/err"
check "the write during the failure fails (exit 1)" test $? -eq 1
check "and says the outcome is unknown" \
	grep -q "storage failure on this instance" "$E2E_TMP/err"
check "the log names the directory and what happens next" \
	grep -q "cannot write the transaction log in $D/data: .*this instance stops accepting writes" "$LOG"
rm -f "$D/disk-broken"
gctl create-node --label After >/dev/null 2>"$E2E_TMP/err"
check "later writes are refused although the disk is back" test $? -eq 1
check "with the reason" grep -q "cannot write the transaction log" "$E2E_TMP/err"
check "status still answers" quiet gctl status
check "graphd is still running" kill -0 "$E2E_PID"
e2e_stop "$E2E_PID"
check "SIGTERM stops it with status 0" test $? -eq 0
if e2e_start "$D"; then
	ok "graphd restarts on a healthy disk"
	check "the acknowledged write is there" \
		contains "$(gctl nodes Before)" Before
	# Its outcome is unknown (the client was told so): at most once.
	check "the failed write is there at most once" \
		test "$(gctl nodes During | grep -c During)" -le 1
	check "and writes are accepted again" quiet gctl create-node --label Again
	e2e_stop "$E2E_PID"
else
	fail "graphd restarts on a healthy disk"
fi
e2e_done
