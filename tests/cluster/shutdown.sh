#!/bin/sh
# shutdown.sh: graceful shutdown of the master (SIGTERM). The master first
# hands its role to a caught-up slave (Raft thesis 3.10), so a new master is
# elected well within ha.election_timeout, the time a slave waits before it
# campaigns after a master that vanished silently; a steady writer loses no
# acknowledged write, and the old master exits 0. When the transfer cannot
# finish (the only other data instance is frozen) the master gives up after
# 2 x ha.election_timeout and exits anyway; a second SIGTERM exits at once.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

# from_line I: the next line number of instance I's messages.log.
from_line() {
	echo $(($(wc -l <"$(cl_log "$1")") + 1))
}

# log_since I FROM PATTERN [SECONDS]: polls (default at most 10 s) until
# messages.log of I has a line matching PATTERN (grep -E) at or after FROM.
log_since() {
	ls_end=$(($(date +%s) + ${4:-10}))
	until tail -n +"$2" "$(cl_log "$1")" | grep -Eq "$3"; do
		[ "$(date +%s)" -lt $ls_end ] || return 1
		sleep 0.05
	done
}

# log_ms I FROM PATTERN: the time (ms since the epoch) of the first line of
# messages.log of I at or after FROM matching PATTERN.
log_ms() {
	lm_t=$(tail -n +"$2" "$(cl_log "$1")" | grep -E "$3" | head -n 1 |
		cut -c 1-23)
	[ -n "$lm_t" ] && date -u -d "$lm_t UTC" +%s%3N
}

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

# ha.election_timeout 1 s in both parts: the bound the handoff must beat
# (part 1) and half the time a master waits for a transfer (part 2).
CL_ELECTION_TIMEOUT=1s

# --------------------------------------- 1. handoff under a steady writer
cl_start 3 0 || cl_abort "3 data instances start"
M=$(cl_master 15) || cl_abort "a master is elected"
ok "instance $M is master"
for i in 1 2 3; do
	[ $i = "$M" ] || cl_wait_role $i slave 10 || cl_abort "instance $i is slave"
done

STOP=$CL_TMP/stop-writer
"$CL_WRITER" -s "$(cl_servers)" -c "$CL_NAME" -l Steady -f "$STOP" -t 45 \
	>"$CL_TMP/acks" 2>"$CL_TMP/writer.err" &
WPID=$!
CL_PIDS="$CL_PIDS $WPID"
check "the writer gets writes acknowledged" wait_acks 50

from=$(from_line "$M")
mpid=$(cl_get CL_PID "$M")
before=$(acked)
t0=$(cl_ms)
kill -TERM "$mpid"
N=$(cl_master 10)
t_known=$(($(cl_ms) - t0))
check "after SIGTERM to master $M another instance is master (${N:-none}, known to graphctl after $t_known ms)" \
	test -n "$N" -a "$N" != "$M"
st=99
cl_wait_exit "$mpid" 10 && st=$CL_STATUS
cl_set CL_PID "$M" ""
check "the old master exits with status 0 (status $st)" test "$st" -eq 0
check "its log says whom it hands the role to" \
	log_since "$M" "$from" "Shutting down: handing master role to instance $N first" 1
check "its log says that instance is master before it exits" \
	log_since "$M" "$from" "Instance $N is master now; exiting" 1
check "no 'did not finish' line: the transfer finished" \
	sh -c '! tail -n +"$2" "$1" | grep -q "did not finish"' - "$(cl_log "$M")" "$from"

# Timestamps from the two logs (one clock: same machine): from the signal
# to the new master's election. A slave of a master that vanished without
# closing its connections (a power cut, a partition) waits at least
# ha.election_timeout (1 s here) before it even campaigns, and then needs
# the same round trips and fsyncs as the transfer's election.
ms_term=$(log_ms "$M" "$from" "Received SIGTERM")
ms_elected=$(log_ms "$N" 1 "Instance $N \\(this server\\) was elected as master")
took=$((${ms_elected:-999999} - ${ms_term:-0}))
check "the new master is elected $took ms after the SIGTERM, under ha.election_timeout (1000 ms)" \
	test -n "$ms_term" -a -n "$ms_elected" -a "$took" -ge 0 -a "$took" -lt 1000

ms_stopped=$(log_ms "$M" "$from" "graphd stopped")
check "instance $N was master before the old master closed its store" \
	test -n "$ms_stopped" -a -n "$ms_elected" -a \
	"${ms_elected:-0}" -le "${ms_stopped:-0}"

check "the writer goes on with the new master" wait_acks $((before + 50))
touch "$STOP"
wst=99
cl_wait_exit $WPID 30 && wst=$CL_STATUS
sed "s/^/# /" "$CL_TMP/writer.err"
check "no write failed in the writer (after the library's retries)" \
	test "$wst" -eq 0

last=$(tail -n 1 "$CL_TMP/acks" | cut -d' ' -f3)
sed -n 's/^ack \([0-9]*\) .*/\1/p' "$CL_TMP/acks" | sort -n >"$CL_TMP/want"
for i in 1 2 3; do
	[ $i = "$M" ] && continue
	check "instance $i applies up to the last acknowledged txn $last" \
		cl_wait_applied $i "$last" 15
	cl_nodes $i Steady | sed -n 's/.*k: \([0-9-]*\).*/\1/p' | sort -n \
		>"$CL_TMP/have.$i"
	missing=$(comm -23 "$CL_TMP/want" "$CL_TMP/have.$i" | wc -l)
	check "every acknowledged write ($(wc -l <"$CL_TMP/want")) is on instance $i ($missing missing)" \
		test "$missing" -eq 0
	check "no write is on instance $i twice" \
		test -z "$(uniq -d "$CL_TMP/have.$i")"
done
check "the old master restarts" cl_start_instance "$M"
check "and rejoins as slave" cl_wait_role "$M" slave 15

for i in 1 2 3; do
	cl_kill9 $i
	rm -rf "${CL_TMP:?}/$i"
done

# ------------------ 2. a transfer that cannot finish; a second SIGTERM
# Two data instances and an arbiter: the master keeps its quorum through
# the arbiter while the slave is frozen, and the frozen slave still counts
# as caught up for a moment (it was heard within ha.election_timeout).
cl_start 2 1 || cl_abort "2 data instances and an arbiter start"
M=$(cl_master 15) || cl_abort "a master is elected"
S=$((3 - M))
cl_wait_role $S slave 10 || cl_abort "instance $S is slave"
commit=$(cl_status "$M" commit_index)
cl_wait_applied "$S" "${commit:-999999}" 15 ||
	cl_abort "instance $S catches up with master $M"

from=$(from_line "$M")
mpid=$(cl_get CL_PID "$M")
cl_sigstop "$S"
t0=$(cl_ms)
kill -TERM "$mpid"
st=99
cl_wait_exit "$mpid" 10 && st=$CL_STATUS
took=$(($(cl_ms) - t0))
cl_set CL_PID "$M" ""
check "with slave $S frozen, master $M still tries to hand over" \
	log_since "$M" "$from" "Shutting down: handing master role to instance $S first" 1
check "it gives up after 2 x ha.election_timeout (took $took ms)" \
	log_since "$M" "$from" "instance $S did not finish in 2000 ms; exiting anyway" 1
check "it waited for the transfer before giving up" test "$took" -ge 1900
check "and exits with status 0 (status $st)" test "$st" -eq 0
cl_sigcont "$S"
check "instance $S becomes master with the arbiter's vote" \
	cl_wait_role "$S" master 15
check "the old master $M restarts" cl_start_instance "$M"
check "and rejoins as slave" cl_wait_role "$M" slave 15

# Roles swapped: S is master, M slave. Freeze M once it has caught up
# (the master streams to it again), SIGTERM S twice.
commit=$(cl_status "$S" commit_index)
check "instance $M catches up with master $S (transaction ${commit:-?})" \
	cl_wait_applied "$M" "${commit:-999999}" 15
from=$(from_line "$S")
spid=$(cl_get CL_PID "$S")
cl_sigstop "$M"
kill -TERM "$spid"
check "SIGTERM to master $S starts a handoff to frozen instance $M" \
	log_since "$S" "$from" "Shutting down: handing master role to instance $M first" 5
t0=$(cl_ms)
kill -TERM "$spid"
st=99
cl_wait_exit "$spid" 10 && st=$CL_STATUS
took=$(($(cl_ms) - t0))
cl_set CL_PID "$S" ""
check "a second SIGTERM exits at once ($took ms, well before the 2000 ms deadline)" \
	test "$took" -lt 1000
check "the log says so" \
	log_since "$S" "$from" "Received SIGTERM again: exiting now" 1
check "and no 'did not finish' line" \
	sh -c '! tail -n +"$2" "$1" | grep -q "did not finish"' - "$(cl_log "$S")" "$from"
check "exit status 0 (status $st)" test "$st" -eq 0
cl_sigcont "$M"
cl_done
