#!/bin/sh
# compact.sh: the transaction log is compacted after 10000 applied
# transactions (the graph store holds the state up to applied_index), and an
# instance restarts from the compacted log, cleanly and after kill -9, with
# every transaction still there and writes still accepted.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/e2e/lib.sh"

D=$E2E_TMP/compact
LOG=$D/data/messages.log
N=10100
e2e_conf "$D"
if ! e2e_start "$D"; then
	fail "graphd starts"
	e2e_done
fi
"$E2E_BUILDDIR/tests/e2e/wire_client" "$E2E_PORT" e2e 10000 bulk $N \
	>"$E2E_TMP/out" 2>&1
cat "$E2E_TMP/out"
check "$N pipelined writes committed" grep -q '^ok - ' "$E2E_TMP/out"
check "the log was compacted after 10000 transactions" \
	grep -q "Transaction log compacted up to transaction 100[0-9][0-9]" "$LOG"

# count: how many Wire nodes the instance serves.
count() { gctl nodes Wire | grep -c Wire; }

e2e_stop "$E2E_PID"
check "SIGTERM stops graphd cleanly" test $? -eq 0
if ! e2e_start "$D"; then
	fail "graphd restarts from the compacted log"
	e2e_done
fi
ok "graphd restarts from the compacted log"
check "boot reads the snapshot point" \
	grep -q "Transaction log: recovered.*after the snapshot at 100[0-9][0-9]" "$LOG"
check "every transaction is still there ($N)" test "$(count)" -eq $N
check "and writes are accepted" \
	quiet gctl create-node --label Wire --prop n=1
e2e_kill9 "$E2E_PID"
if e2e_start "$D"; then
	ok "graphd restarts after kill -9 with a compacted log"
	check "every transaction is still there ($((N + 1)))" \
		test "$(count)" -eq $((N + 1))
	st=$(gctl --json status)
	check "applied index == committed index after the restart" \
		sh -c 'a=$(printf "%s" "$1" | sed -n "s/.*\"applied_index\": \([0-9]*\).*/\1/p");
		       c=$(printf "%s" "$1" | sed -n "s/.*\"commit_index\": \([0-9]*\).*/\1/p");
		       [ -n "$a" ] && [ "$a" = "$c" ]' - "$st"
	e2e_stop "$E2E_PID"
else
	fail "graphd restarts after kill -9 with a compacted log"
fi
e2e_done
