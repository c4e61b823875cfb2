#!/bin/sh
# failover.sh: kill -9 of the master under a steady writer (cl_writer: the
# client library with the whole server list, as an application uses it),
# three times. Each time a new master is elected within a bound, the writer
# goes on, and the old master comes back as a slave; at the end every
# acknowledged write is on every data instance, none twice, and the three
# node sets are equal.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

cl_start 3 0 || cl_abort "3 data instances start"
M=$(cl_master 15) || cl_abort "a master is elected"
ok "instance $M is master"

STOP=$CL_TMP/stop-writer
: >"$CL_TMP/acks"
"$CL_WRITER" -s "$(cl_servers)" -c "$CL_NAME" -l Steady -f "$STOP" -t 45 \
	>"$CL_TMP/acks" 2>"$CL_TMP/writer.err" &
WPID=$!
CL_PIDS="$CL_PIDS $WPID"

# acked: how many writes the writer has had acknowledged so far.
acked() {
	a=$(grep -c '^ack ' "$CL_TMP/acks" 2>/dev/null)
	echo "${a:-0}"
}
# wait_acks N: polls (at most 20 s) until at least N writes are acknowledged.
wait_acks() {
	end=$(($(date +%s) + 20))
	while [ "$(acked)" -lt "$1" ]; do
		[ "$(date +%s)" -lt $end ] || return 1
		sleep 0.05
	done
}

check "the writer gets writes acknowledged" wait_acks 50
# Three rounds: kill -9 the master, a new one is elected, the writer goes on,
# the old master comes back as a slave.
for round in 1 2 3; do
	M=$(cl_master 10) || { fail "round $round: a master to kill"; break; }
	before=$(acked)
	cl_kill9 "$M"
	t0=$(cl_ms)
	N=$(cl_master 10)
	check "round $round: kill -9 of master $M, a new master within 10 s (instance ${N:-none}, $(($(cl_ms) - t0)) ms)" \
		test -n "$N" -a "$N" != "$M"
	check "round $round: the writer goes on after the failover" \
		wait_acks $((before + 100))
	check "round $round: the killed master restarts" cl_start_instance "$M"
	check "round $round: and rejoins as slave" cl_wait_role "$M" slave 15
done
check "writes go on with every instance back" wait_acks $(($(acked) + 50))
touch "$STOP"
st=99
cl_wait_exit $WPID 30 && st=$CL_STATUS
sed "s/^/# /" "$CL_TMP/writer.err"
check "no write failed in the writer (after the library's retries)" test $st -eq 0

# Every acknowledged write is on every instance once they have applied the
# last acknowledged transaction.
last=$(tail -n 1 "$CL_TMP/acks" | cut -d' ' -f3)
for i in 1 2 3; do
	check "instance $i applies up to the last acknowledged txn $last" \
		cl_wait_applied $i "$last" 15
done
sed -n 's/^ack \([0-9]*\) .*/\1/p' "$CL_TMP/acks" | sort -n >"$CL_TMP/want"
for i in 1 2 3; do
	cl_nodes $i Steady >"$CL_TMP/nodes.$i"
	sed -n 's/.*k: \([0-9-]*\).*/\1/p' "$CL_TMP/nodes.$i" | sort -n \
		>"$CL_TMP/have.$i"
	missing=$(comm -23 "$CL_TMP/want" "$CL_TMP/have.$i" | wc -l)
	check "every acknowledged write ($(wc -l <"$CL_TMP/want")) is on instance $i ($missing missing)" \
		test "$missing" -eq 0
	check "no write is on instance $i twice" \
		test -z "$(uniq -d "$CL_TMP/have.$i")"
done
check "instances 1 and 2 hold the same nodes" cmp -s "$CL_TMP/nodes.1" "$CL_TMP/nodes.2"
check "instances 1 and 3 hold the same nodes" cmp -s "$CL_TMP/nodes.1" "$CL_TMP/nodes.3"
cl_done
