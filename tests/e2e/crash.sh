#!/bin/sh
# crash.sh: kill -9 a writing graphd at seeded-random moments, restart it,
# and check that every acknowledged transaction is present exactly once and
# nothing is half-applied (DESIGN.md 2.1 and 2.2, issue 2 "One write path").
#
# GRAPHD_E2E_SEED fixes the schedule (printed, to replay a failure);
# GRAPHD_CRASH_ROUNDS sets the number of kills (default 6).
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/e2e/lib.sh"

SEED=${GRAPHD_E2E_SEED:-$(date +%s)}
ROUNDS=${GRAPHD_CRASH_ROUNDS:-6}
WRITER=$E2E_BUILDDIR/tests/e2e/crash_writer
CHECKER=$E2E_BUILDDIR/tests/e2e/crash_check
D=$E2E_TMP/crash
ACKS=$E2E_TMP/acks
echo "# seed $SEED, $ROUNDS rounds (replay with GRAPHD_E2E_SEED=$SEED)"
e2e_conf "$D"
: >"$ACKS"

# rnd ROUND MAX: a number in [0, MAX) from the seed and the round.
rnd() {
	awk -v s="$SEED" -v r="$1" -v m="$2" \
		'BEGIN { srand((s % 1000003) * 1009 + r); print int(rand() * m) }'
}

# acks FILE: how many transactions the writer has seen acknowledged.
acks() { grep -c '^ACK ' "$1"; }

round=1
while [ "$round" -le "$ROUNDS" ]; do
	if ! e2e_start "$D"; then
		fail "round $round: graphd restarts after kill -9"
		break
	fi
	out=$E2E_TMP/writer.$round
	: >"$out" # exists before the writer opens it: acks() reads it at once
	"$WRITER" "$SRV" $((round * 1000000 + 1)) >"$out" 2>"$out.err" &
	wpid=$!
	E2E_PIDS="$E2E_PIDS $wpid"
	# Kill after a seeded number of acknowledged transactions (1..300):
	# bounded by 10 s, then a seeded extra delay of 0..49 ms so the kill
	# also lands between an ACK and the next one.
	want=$(($(rnd "$round" 300) + 1))
	i=0
	while [ "$(acks "$out")" -lt "$want" ] && [ $i -lt 200 ] &&
		kill -0 "$wpid" 2>/dev/null; do
		i=$((i + 1))
		sleep 0.05
	done
	sleep "0.0$(rnd "$((round + 1000))" 50 | sed 's/^\(.\)$/0\1/')"
	e2e_kill9 "$E2E_PID"
	if ! e2e_wait_exit "$wpid" 15; then
		kill -9 "$wpid" 2>/dev/null
		e2e_wait_exit "$wpid" 5
	fi
	n=$(acks "$out")
	cat "$out" >>"$ACKS"
	check "round $round: writer had $n acknowledged transactions (wanted >= $want) when graphd was killed" \
		test "$n" -ge 1
	round=$((round + 1))
done

if e2e_start "$D"; then
	ok "graphd starts after the last kill -9"
	"$CHECKER" "$SRV" "$ACKS" >"$E2E_TMP/check" 2>&1
	cat "$E2E_TMP/check"
	t_count "$E2E_TMP/check"
	grep -q '^\(ok\|FAIL\) - ' "$E2E_TMP/check" ||
		fail "crash_check ran" "$(tail -n 3 "$E2E_TMP/check")"
	e2e_stop "$E2E_PID"
	check "graphd stops cleanly after the check" test $? -eq 0
else
	fail "graphd starts after the last kill -9"
fi
e2e_done
