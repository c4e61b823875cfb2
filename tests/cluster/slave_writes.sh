#!/bin/sh
# slave_writes.sh: a write sent to a slave is forwarded to the master and
# answered only after the slave applied it, so the writer reads its own write
# on that slave at once; another slave serves the same read when given the
# write's transaction id as a bookmark; a linearizable read sees it anywhere.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

# A bookmark read waits at most ha.write_timeout; short, for the read of a
# bookmark that is never reached.
CL_WRITE_TIMEOUT=2s
cl_start 3 0 || cl_abort "3 data instances start"
M=$(cl_master 15) || cl_abort "a master is elected"
S1=$((M % 3 + 1))
S2=$((S1 % 3 + 1))
cl_wait_role $S1 slave 10 && cl_wait_role $S2 slave 10 ||
	cl_abort "instances $S1 and $S2 become slaves"
ok "master $M, slaves $S1 and $S2"

out=$(cl_ctl $S1 --json create-node --label Ada --prop name=Ada)
st=$?
check "a write on slave $S1 is acknowledged" test $st -eq 0
TXN=$(echo "$out" | cl_json txn)
ID=$(echo "$out" | cl_json id)
check "and returns its transaction id and node id" test -n "$TXN" -a -n "$ID"
check "slave $S1 has applied it when it answers (applied >= txn $TXN)" \
	test "$(cl_status $S1 applied_index)" -ge "$TXN"
check "read-your-writes on slave $S1: get-node $ID right after the write" \
	contains "$(cl_ctl $S1 get-node "$ID")" Ada
check "the master holds the write" contains "$(cl_ctl "$M" get-node "$ID")" Ada

# The slave answers itself (it forwards to the master), rather than sending
# the client to the master: the library reports where its writes went.
"$CL_WRITER" -s "$(cl_addr $S1)" -c "$CL_NAME" -l Fwd -n 5 -t 20 \
	>/dev/null 2>"$CL_TMP/fwd.err"
sed 's/^/# /' "$CL_TMP/fwd.err"
check "5 libgraphd writes to slave $S1 are answered by slave $S1 itself" \
	grep -q "5 acknowledged, 0 failed; last connected to $(cl_addr $S1)\$" \
	"$CL_TMP/fwd.err"

# Many writes through the slave, each read back at once there.
bad=0
k=1
while [ $k -le 20 ]; do
	o=$(cl_ctl $S1 --json create-node --label Ryw --prop k=$k) || bad=$((bad + 1))
	id=$(echo "$o" | cl_json id)
	contains "$(cl_ctl $S1 get-node "${id:-0}" 2>&1)" "k: $k" || bad=$((bad + 1))
	k=$((k + 1))
done
check "20 writes on slave $S1, each read back at once there ($bad misses)" \
	test $bad -eq 0

# Bookmark and linearizable reads through libgraphd (cl_read): graphctl
# does not expose these read options.
READ=$CL_BUILDDIR/tests/cluster/cl_read
# rd I ARGS...: cl_read against instance I.
rd() {
	rd_i=$1
	shift
	$CL_TIMEOUT "$READ" -s "$(cl_addr "$rd_i")" -c "$CL_NAME" "$@"
}

# A burst of writes through S1, each read at once on S2 with the write's
# txn id as the bookmark: S2 must wait until it has applied it.
bad=0
k=1
while [ $k -le 20 ]; do
	o=$(cl_ctl $S1 --json create-node --label Bm --prop k=$k)
	t=$(echo "$o" | cl_json txn)
	id=$(echo "$o" | cl_json id)
	contains "$(rd $S2 -b "${t:-1}" "${id:-0}" 2>&1)" "k=$k" || bad=$((bad + 1))
	k=$((k + 1))
done
check "20 bookmark reads on slave $S2 each see the write just made on $S1 ($bad misses)" \
	test $bad -eq 0
far=$(( $(cl_status $S2 applied_index) + 1000000 ))
t0=$(cl_ms)
rd $S2 -b $far 1 >/dev/null 2>"$CL_TMP/err"
st=$?
el=$(($(cl_ms) - t0))
echo "# bookmark $far answered in $el ms: $(cat "$CL_TMP/err")"
check "a bookmark that is not reached fails (exit $st) after ha.write_timeout (2 s) instead of hanging" \
	test $st -eq 1 -a $el -lt 9000

bad=0
k=1
while [ $k -le 20 ]; do
	o=$(cl_ctl $S1 --json create-node --label Lin --prop k=$k)
	id=$(echo "$o" | cl_json id)
	contains "$(rd $S2 -L "${id:-0}" 2>&1)" "k=$k" || bad=$((bad + 1))
	contains "$(rd "$M" -L "${id:-0}" 2>&1)" "k=$k" || bad=$((bad + 1))
	k=$((k + 1))
done
check "20 linearizable reads on slave $S2 and on the master see the write just made on $S1 ($bad misses)" \
	test $bad -eq 0
cl_done
