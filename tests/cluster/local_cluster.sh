#!/bin/sh
# local_cluster.sh: contrib/local-cluster from start to stop: 2 data
# instances + 1 arbiter come up with a master, status shows all three, a
# write through the cluster list works, stop ends every process by its PID
# file and --clean removes the directory. The script uses fixed ports, so the
# test picks a port offset whose ports are all free (skips when it finds none).
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

LC=$(cd "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/../contrib" && pwd)/local-cluster
DIR=$CL_TMP/lc

# ports K: the 9 ports local-cluster start 2 --arbiters 1 --offset K uses.
ports() {
	for id in 1 2 3; do
		echo $((5000 + $1 + id)) $((6000 + $1 + id)) $((7473 + $1 + id))
	done
}
K=
for try in 1 2 3 4 5 6 7 8; do
	# Below the kernel's ephemeral range (32768 and up by default), where
	# other tests' port-0 listeners and every outgoing connection take
	# their ports: a fixed port up there can be taken between the check
	# and graphd's bind.
	k=$((10000 + ($$ * 7919 + try * 4099) % 15000))
	# shellcheck disable=SC2046
	if "$CL_FREEPORT" --check $(ports $k); then
		K=$k
		break
	fi
done
if [ -z "$K" ]; then
	echo "no free port offset found; skipping"
	exit 77
fi

# track: whatever happens next, the instances local-cluster started are
# killed at exit (by the PIDs in its PID files); untrack once it stopped them.
TRACKED=
track() {
	for id in 1 2 3; do
		[ -f "$DIR/$id/graphd.pid" ] || continue
		TRACKED="$TRACKED $(cat "$DIR/$id/graphd.pid")"
	done
	CL_PIDS="$CL_PIDS $TRACKED"
}
# gone PID: not running (a zombie waiting for its reaper counts as gone:
# local-cluster's instances are children of init, not of this test).
gone() {
	! kill -0 "$1" 2>/dev/null || grep -q ') Z' "/proc/$1/stat" 2>/dev/null
}
untrack() {
	for p in $TRACKED; do
		gone "$p" && cl_forget_pid "$p"
	done
	TRACKED=
}

"$LC" start 2 --arbiters 1 --dir "$DIR" --offset $K >"$CL_TMP/start.out" 2>&1
st=$?
sed 's/^/# /' "$CL_TMP/start.out"
track
check "local-cluster start 2 --arbiters 1 succeeds" test $st -eq 0
check "it reports the elected master" grep -q "master is instance [12]" "$CL_TMP/start.out"
check "it lists instance 3 as arbiter" grep -Eq "^instance 3 +arbiter" "$CL_TMP/start.out"
check "each instance has its conf, PID file and data directory" \
	test -s "$DIR/1/graphd.pid" -a -s "$DIR/2/graphd.pid" -a -s "$DIR/3/graphd.pid" \
	-a -d "$DIR/1/data" -a -d "$DIR/3/data"
check "the arbiter's conf says dbms.mode = ARBITER" \
	grep -q "^dbms.mode = ARBITER" "$DIR/3/graphd.conf"

out=$("$LC" status --dir "$DIR" 2>&1)
check "status shows all three instances" \
	test "$(printf '%s\n' "$out" | grep -c '^=== instance')" -eq 3
check "all three are running" \
	sh -c '! printf "%s\n" "$1" | grep -q "not running"' - "$out"
check "status shows one master" \
	test "$(printf '%s\n' "$out" | grep -Ec '^role: +master$')" -eq 1

S=127.0.0.1:$((6001 + K)),127.0.0.1:$((6002 + K))
out=$($CL_TIMEOUT "$GRAPHCTL" -s "$S" --json create-node --label Lc --prop k=1)
check "a write through the cluster list commits" \
	test -n "$(echo "$out" | cl_json txn)"

P1=$(cat "$DIR/1/graphd.pid")
"$LC" stop --dir "$DIR" >"$CL_TMP/stop.out" 2>&1
st=$?
untrack
sed 's/^/# /' "$CL_TMP/stop.out"
check "local-cluster stop succeeds" test $st -eq 0
check "it stopped all three cleanly" \
	test "$(grep -c 'stopped$' "$CL_TMP/stop.out")" -eq 3
check "instance 1 (pid $P1) is gone" gone "$P1"
check "stop keeps the data" test -d "$DIR/1/data"

"$LC" start 2 --arbiters 1 --dir "$DIR" --offset $K >"$CL_TMP/start2.out" 2>&1
st=$?
track
check "start again on the same directory succeeds" test $st -eq 0
check "and the write is still there" \
	contains "$($CL_TIMEOUT "$GRAPHCTL" -s "$S" nodes Lc)" "k: 1"
"$LC" start 3 --dir "$DIR" --offset $K >"$CL_TMP/start3.out" 2>&1
check "start with another shape on the same directory is refused" test $? -ne 0
"$LC" stop --dir "$DIR" --clean >/dev/null 2>&1
untrack
check "stop --clean removes the directory" test ! -e "$DIR"
cl_done
