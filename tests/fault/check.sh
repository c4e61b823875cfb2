#!/bin/sh
# check.sh: fault_check on small hand-made histories and replica contents:
# it passes a clean run and names each broken guarantee (a stale register
# read, a bookmark read back in time, an acknowledged append missing on an
# instance, one held twice, one no client sent, an HTTP write answered with
# another statement's result or another write's transaction id, a
# compare-and-set that found a value the register no longer held).
: "${GRAPHD_TEST_BUILDDIR:?make check sets GRAPHD_TEST_BUILDDIR}"
FCHECK=$GRAPHD_TEST_BUILDDIR/tests/fault/fault_check
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/case.sh"
D=$(mktemp -d "${TMPDIR:-/tmp}/graphd-faultcheck.XXXXXX") || exit 99
trap 'rm -rf "$D"' EXIT

# Client 0 writes register 0 (txn 5), client 1 reads it after; client 0
# appends id 1000000002 (txn 7) and reads it back with bookmark 7. Client 2
# is an HTTP writer: it appends 3000000001 (txn 9, echoed) and sets register
# 0 from 1000000001 to 3000000002 by compare-and-set (txn 10).
cat >"$D/good" <<EOH
0 1 invoke w 100 0 1000000001 0
0 1 ok w 200 0 1000000001 5
1 1 invoke r 300 0 0 0
1 1 ok r 400 0 1000000001 0
0 2 invoke a 500 0 1000000002 0
0 2 ok a 600 0 1000000002 7
0 3 invoke b 700 1 0 7
0 3 ok b 800 1 1 7 1000000002
1 2 invoke a 900 0 1000000003 0
1 2 unknown a 950 0 1000000003 0
2 1 invoke a 1000 0 3000000001 0
2 1 ok a 1100 0 3000000001 9 3000000001
2 2 invoke c 1200 0 3000000002 0 1000000001
2 2 ok c 1300 0 1000000001 10 3000000002
EOH
printf '1000000002\n3000000001\n' >"$D/acks.ok"
printf '1000000002\n1000000003\n3000000001\n' >"$D/acks.unknown"

# expect NAME STATUS PATTERN FILES...: fault_check exits STATUS and says
# PATTERN (grep -E).
expect() {
	e_name=$1 e_status=$2 e_pat=$3
	shift 3
	"$FCHECK" "$@" >"$D/out" 2>&1
	e_rc=$?
	if [ $e_rc -eq "$e_status" ] && grep -Eq "$e_pat" "$D/out"; then
		ok "$e_name"
	else
		fail "$e_name" "exit $e_rc, expected $e_status and /$e_pat/"
		sed 's/^/#   /' "$D/out"
	fi
}

expect "a clean history passes" 0 '5 checks passed, 0 failed' \
	"$D/good" "$D/acks.ok" "$D/acks.unknown"

sed 's/^1 1 ok r 400 0 1000000001 0$/1 1 ok r 400 0 0 0/' "$D/good" \
	>"$D/stale"
expect "a stale read after a completed write fails" 1 \
	'FAIL - register 0: not linearizable' "$D/stale"

sed 's/^0 3 ok b 800 1 1 7 1000000002$/0 3 ok b 800 1 0 7 -/' "$D/good" \
	>"$D/back"
expect "a bookmark read missing an earlier append fails" 1 \
	'FAIL - bookmark reads: 1 of 1 missed' "$D/back"

echo 3000000001 >"$D/acks.lost"
expect "an acknowledged append missing on an instance fails" 1 \
	'1 acknowledged appends missing' "$D/good" "$D/acks.lost"

printf '1000000002\n1000000002\n' >"$D/acks.twice"
expect "an append held twice fails" 1 '1 ids twice' "$D/good" \
	"$D/acks.twice"

printf '1000000002\n42\n' >"$D/acks.alien"
expect "an id no client sent fails" 1 '1 ids never sent' "$D/good" \
	"$D/acks.alien"

sed 's/^2 1 ok a 1100 0 3000000001 9 3000000001$/2 1 ok a 1100 0 3000000001 9 3000000099/' \
	"$D/good" >"$D/foreign"
expect "an HTTP append answered with another statement's result fails" 1 \
	'FAIL - answers: .* 1 carried another statement.s result' "$D/foreign"

sed 's/^2 2 ok c 1300 0 1000000001 10 3000000002$/2 2 ok c 1300 0 1000000001 9 3000000002/' \
	"$D/good" >"$D/shared"
expect "two acknowledged writes with one transaction id fail" 1 \
	'FAIL - answers: .* 1 transaction ids were given to two writes' \
	"$D/shared"

sed 's/^2 2 ok c 1300 0 1000000001 10 3000000002$/2 2 ok c 1300 0 0 10 3000000002/' \
	"$D/good" >"$D/cas"
expect "a compare-and-set that found an overwritten value fails" 1 \
	'FAIL - register 0: not linearizable' "$D/cas"

t_summary
[ "$T_FAILED" -eq 0 ]
