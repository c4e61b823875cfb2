#!/bin/sh
# junk.sh: seeded junk at live servers (tests/e2e/junk_client.c): random
# bytes, truncated handshakes, frames declaring huge lengths, a valid
# handshake then garbage, half a header then close, and slow clients, at the
# client and HTTP ports of a single instance, then at the cluster ports of a
# 2 data instances + arbiter cluster (and the client port of its slave, which
# forwards writes). After each burst: the instance still runs, answers
# graphctl status, accepts a write, and its stderr has no sanitizer report.
# The seed is printed; JUNK_SEED=N reruns the same junk.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/e2e/lib.sh"
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"
trap 'e2e_cleanup; cl_cleanup' EXIT

JUNK=$E2E_BUILDDIR/tests/e2e/junk_client
SEED=${JUNK_SEED:-$(date +%s)}
echo "junk.sh: seed $SEED (rerun with JUNK_SEED=$SEED)"
ALL_BURSTS="random truncated huge hello-garbage half-header slow"
N=0

# junk_alive WHAT PID STDERR STATUS_CMD WRITE_CMD BURST: the checks after a
# burst (the commands are bounded: graphctl under timeout where available).
junk_alive() {
	check "$1 still runs after $6" kill -0 "$2"
	check "$1 answers graphctl status after $6" quiet eval "$4"
	check "$1 accepts a write after $6" quiet eval "$5"
	check "$1 has no sanitizer report after $6" \
		test -z "$(grep -l 'Sanitizer\|runtime error:' "$3" 2>/dev/null)"
}

# junk_run KIND PORT CLUSTER WHAT PID STDERR STATUS_CMD WRITE_CMD BURSTS...
junk_run() {
	jk=$1 jp=$2 jc=$3 jw=$4 jpid=$5 jerr=$6 jst=$7 jwr=$8
	shift 8
	for b in "$@"; do
		N=$((N + 1))
		"$JUNK" "$jk" "$jp" "$jc" $((SEED + N)) "$b" >"$E2E_TMP/junk.out" 2>&1
		cat "$E2E_TMP/junk.out"
		t_count "$E2E_TMP/junk.out"
		grep -q '^junk_client: ' "$E2E_TMP/junk.out" ||
			fail "junk_client ran the $b burst at the $jk port of $jw"
		junk_alive "$jw" "$jpid" "$jerr" "$jst" "$jwr" "$b junk at its $jk port"
	done
}

# ------------------------------------------------------- a single instance
D=$E2E_TMP/single
e2e_conf "$D"
e2e_start "$D" || cl_abort "a single instance starts"
i=0
while [ ! -s "$D/data/graphd.http.port" ] && [ $i -lt 50 ]; do
	i=$((i + 1))
	sleep 0.1
done
ST="$CL_TIMEOUT \"\$GRAPHCTL\" -s $SRV --cluster e2e status"
WR="$CL_TIMEOUT \"\$GRAPHCTL\" -s $SRV --cluster e2e create-node \
	--label Junk --prop k=1"
junk_run client "$E2E_PORT" e2e "the single instance" "$E2E_PID" \
	"$D/graphd.stderr" "$ST" "$WR" $ALL_BURSTS
if [ -s "$D/data/graphd.http.port" ]; then
	junk_run http "$(cat "$D/data/graphd.http.port")" e2e \
		"the single instance" "$E2E_PID" "$D/graphd.stderr" "$ST" "$WR" \
		$ALL_BURSTS
else
	echo "skip - no DATA_DIR/graphd.http.port: no junk at the HTTP port"
fi
e2e_stop "$E2E_PID"
check "the single instance stops cleanly after the junk" test $? -eq 0

# -------------------------------------- 2 data instances and an arbiter
A=3
cl_start 2 1 || cl_abort "2 data instances and an arbiter start"
M=$(cl_master 15) || cl_abort "a master is elected"
S=$((3 - M))
cl_wait_role $S slave 10 || cl_abort "instance $S becomes slave"
WR="cl_write $M Junk 2"
for I in $M $A; do
	junk_run cluster "$(cl_get CL_CPORT $I)" "$CL_NAME" "instance $I" \
		"$(cl_get CL_PID $I)" "$CL_TMP/$I/graphd.stderr" \
		"cl_ctl $I status" "$WR" random truncated huge hello-garbage \
		half-header
done
junk_run cluster "$(cl_get CL_CPORT $M)" "$CL_NAME" "instance $M" \
	"$(cl_get CL_PID $M)" "$CL_TMP/$M/graphd.stderr" "cl_ctl $M status" \
	"$WR" slow
junk_run client "$(cl_get CL_SPORT $S)" "$CL_NAME" "slave $S" \
	"$(cl_get CL_PID $S)" "$CL_TMP/$S/graphd.stderr" "cl_ctl $S status" \
	"cl_write $S Junk 3" hello-garbage huge
check "instance $M is still master after the junk" \
	test "$(cl_role "$M")" = master
T=$(cl_write "$M" Junk 4)
check "a last write on master $M is acknowledged" test -n "$T"
check "slave $S still applies the master's writes" \
	cl_wait_applied $S "${T:-1}" 10
t_sanitizer "$E2E_TMP"
cl_done
