#!/bin/sh
# sighup.sh: log rotation as contrib/graphd.logrotate does it. graphd writes
# DATA_DIR/graphd.pid; after messages.log is moved aside, SIGHUP makes graphd
# open a new messages.log (with a line saying so) and write nothing more to
# the old one; graphd never exits on SIGHUP and goes on serving; the pid file
# is removed on a clean stop. The first rotation runs the postrotate script
# of contrib/graphd.logrotate itself (with this test's data directory).
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/e2e/lib.sh"

D=$E2E_TMP/one
LOG=$D/data/messages.log
OLD=$D/data/messages.log.1
REOPENED='messages.log reopened (SIGHUP)'
e2e_conf "$D"
if ! e2e_start "$D"; then
	fail "graphd starts and publishes its port"
	e2e_done
fi
ok "graphd starts and publishes its port ($E2E_PORT)"
check "graphd.pid in the data directory names the process" \
	test "$(cat "$D/data/graphd.pid" 2>/dev/null)" = "$E2E_PID"
check "a write before the rotation" \
	quiet gctl create-node --label Before --prop k=1

# lines FILE: its number of lines.
lines() { wc -l <"$1"; }

# wait_reopened N: polls (at most 10 s) until the new messages.log holds N
# "reopened" lines.
wait_reopened() {
	end=$(($(date +%s) + 10))
	while [ "$(grep -cF "$REOPENED" "$LOG" 2>/dev/null)" != "$1" ]; do
		[ "$(date +%s)" -lt $end ] || return 1
		sleep 0.05
	done
}

RECIPE=${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/../contrib/graphd.logrotate
sed -n '/^[[:space:]]*postrotate$/,/^[[:space:]]*endscript$/p' "$RECIPE" |
	sed -e '1d' -e '$d' -e "s|/var/lib/graphd/data|$D/data|g" \
	>"$E2E_TMP/postrotate.sh"
check "contrib/graphd.logrotate has a postrotate script that reads graphd.pid" \
	grep -q "$D/data/graphd.pid" "$E2E_TMP/postrotate.sh"
mv "$LOG" "$OLD"
sh "$E2E_TMP/postrotate.sh"
check "after mv and the recipe's postrotate (SIGHUP) a new messages.log has the reopened line" \
	wait_reopened 1
old_lines=$(lines "$OLD")
check "the reopened line is not in the old file" \
	test "$(grep -cF "$REOPENED" "$OLD")" -eq 0
check "graphd is still running after SIGHUP" kill -0 "$E2E_PID"
check "a write after the rotation is acknowledged" \
	quiet gctl create-node --label After --prop k=2
check "both writes are served after the rotation" \
	test "$(gctl nodes Before | grep -c Before)" -eq 1 -a \
	"$(gctl nodes After | grep -c After)" -eq 1

# A second SIGHUP without a rotation reopens the same file: one more line
# in the new file, none in the old one.
kill -HUP "$E2E_PID"
check "a second SIGHUP logs to the new file again" wait_reopened 2
check "the old file got no new lines after the reopen" \
	test "$(lines "$OLD")" -eq "$old_lines"
check "graphd is still running after the second SIGHUP" kill -0 "$E2E_PID"

e2e_stop "$E2E_PID"
st=$?
check "graphd stops cleanly on SIGTERM (exit status $st)" test $st -eq 0
check "the stop is logged in the new messages.log" grep -q "graphd stopped" "$LOG"
check "graphd.pid is removed on a clean stop" test ! -e "$D/data/graphd.pid"
e2e_done
