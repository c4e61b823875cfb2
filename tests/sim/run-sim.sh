#!/bin/sh
# run-sim.sh: make check's simulator run: $SIM_SEEDS seeds (default 300),
# then the self-test that proves the safety checker fires.
builddir=${GRAPHD_TEST_BUILDDIR:-.}
sim="$builddir/tests/sim/sim"
out=${TMPDIR:-/tmp}/run-sim.$$
trap 'rm -f "$out"' EXIT

"$sim" --seeds "${SIM_SEEDS:-300}" || exit 1

# A simulator whose checker never fires proves nothing: corrupt one applied
# payload on purpose and require a State Machine Safety failure.
if "$sim" --seeds 3 --selftest-break-safety >"$out" 2>&1; then
	echo "run-sim: --selftest-break-safety passed: the checker is blind" >&2
	exit 1
fi
if ! grep -q 'FAILED: State Machine Safety' "$out"; then
	echo "run-sim: self-test failed for another reason:" >&2
	cat "$out" >&2
	exit 1
fi
echo "run-sim: self-test: the State Machine Safety checker fires"

# The same for the store copy fence: install every copy, fenced or not, and
# require that a state moving backwards is caught (graphd issue 12).
if "$sim" --seeds 20 --selftest-unfenced-copies >"$out" 2>&1; then
	echo "run-sim: --selftest-unfenced-copies passed: the checker is blind" >&2
	exit 1
fi
if ! grep -q 'FAILED: state never moves backwards' "$out"; then
	echo "run-sim: unfenced self-test failed for another reason:" >&2
	cat "$out" >&2
	exit 1
fi
echo "run-sim: self-test: without the fence, a state moving backwards is caught"
exit 0
