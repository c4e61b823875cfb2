#!/bin/sh
# diskfull.sh: the data directory's disk fills under a running instance
# (writes and fsync return ENOSPC, injected from outside with the LD_PRELOAD
# shim faultfs): writes fail with a retryable "disk full" error (not an I/O
# error), graphctl status and /metrics say so, reads go on; once space is
# freed the instance writes again by itself, without a restart, and no
# acknowledged write is lost (also across a restart).
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/e2e/lib.sh"

SHIM=$E2E_BUILDDIR/tests/e2e/.libs/libfaultfs.so
D=$E2E_TMP/diskfull
LOG=$D/data/messages.log
if [ ! -f "$SHIM" ]; then
	fail "fault shim built" "$SHIM missing"
	e2e_done
fi
if ! command -v curl >/dev/null 2>&1; then
	echo "SKIP: curl is needed (contrib/install-deps)"
	exit 77
fi
e2e_conf "$D"
e2e_asan=${ASAN_OPTIONS:-}
export GRAPHD_FAULT_FULL="$D/disk-full" LD_PRELOAD="$SHIM"
export ASAN_OPTIONS="${e2e_asan:+$e2e_asan:}verify_asan_link_order=0"
e2e_start "$D"
e2e_up=$?
unset LD_PRELOAD GRAPHD_FAULT_FULL
if [ -n "$e2e_asan" ]; then export ASAN_OPTIONS="$e2e_asan"; else unset ASAN_OPTIONS; fi
if [ $e2e_up -ne 0 ]; then
	fail "graphd starts with the fault shim"
	e2e_done
fi
URL=http://127.0.0.1:$(cat "$D/data/graphd.http.port")/metrics
gauge() {
	curl -s -f -m 10 "$URL" | sed -n 's/^graphd_disk_full{[^}]*} //p'
}
check "a write before the disk fills is acknowledged" \
	quiet gctl create-node --label Before
check "graphd_disk_full is 0" test "$(gauge)" = 0

touch "$D/disk-full"
# graphctl retries a retryable error for 15 s, then reports it.
gctl create-node --label During >/dev/null 2>"$E2E_TMP/err"
check "a write on the full disk fails (exit 1)" test $? -eq 1
check "saying disk full and that writes resume by themselves" \
	grep -q "disk full on $D/data (.* kB free); writes resume by themselves once space is freed" "$E2E_TMP/err"
check "not an I/O error" sh -c "! grep -qi 'I/O error' '$E2E_TMP/err'"
check "the log says disk full and what happens next" \
	grep -q "disk full on $D/data .*this instance retries every 1000 ms and serves reads meanwhile" "$LOG"
check "graphctl status shows it" \
	grep -q "^disk full: *disk full on $D/data" <<EOF2
$(gctl status)
EOF2
check "graphd_disk_full is 1" test "$(gauge)" = 1
check "reads go on" contains "$(gctl nodes Before)" Before
check "graphd is still running" kill -0 "$E2E_PID"

# A write waiting (graphctl retries) when space is freed goes through.
gctl create-node --label Waiting >"$E2E_TMP/wait.out" 2>&1 &
W=$!
sleep 1
rm -f "$D/disk-full"
i=0
while kill -0 $W 2>/dev/null && [ $i -lt 200 ]; do
	i=$((i + 1))
	sleep 0.1
done
wait $W
check "a write sent while full is acknowledged once space is freed" test $? -eq 0
check "the log says writes resume" \
	grep -q "Disk space on $D/data is available again: this instance writes again" "$LOG"
check "graphd_disk_full is 0 again" test "$(gauge)" = 0
check "status no longer shows it" sh -c "! $GRAPHCTL -s $SRV --cluster e2e status | grep -q 'disk full'"
check "later writes are acknowledged without a restart" \
	quiet gctl create-node --label After
e2e_stop "$E2E_PID"
check "SIGTERM stops it with status 0" test $? -eq 0
if e2e_start "$D"; then
	ok "graphd restarts"
	for l in Before Waiting After; do
		check "the acknowledged write $l is there" \
			contains "$(gctl nodes $l)" $l
	done
	check "the failed write is there at most once" \
		test "$(gctl nodes During | grep -c During)" -le 1
	e2e_stop "$E2E_PID"
else
	fail "graphd restarts"
fi
e2e_done
