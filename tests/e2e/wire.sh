#!/bin/sh
# wire.sh: raw protocol frames against graphd (tests/e2e/wire_client.c):
# exactly-once answers to a repeated (session, seq), pipelined writes,
# bookmark and linearizable reads, a bookmark that times out after
# ha.write_timeout, and a bad request that leaves the connection open.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/e2e/lib.sh"

D=$E2E_TMP/wire
e2e_conf "$D" "ha.write_timeout = 1s"
if ! e2e_start "$D"; then
	fail "graphd starts"
	e2e_done
fi
"$E2E_BUILDDIR/tests/e2e/wire_client" "$E2E_PORT" e2e 1000 >"$E2E_TMP/out" 2>&1
cat "$E2E_TMP/out"
t_count "$E2E_TMP/out"
grep -q '^\(ok\|FAIL\) - ' "$E2E_TMP/out" || fail "wire_client ran"
e2e_stop "$E2E_PID"
check "graphd stops cleanly" test $? -eq 0
e2e_done
