#!/bin/sh
# catchup.sh: a slave stopped (SIGTERM) while 100 transactions commit
# catches up from the master's log when it restarts: its applied index
# reaches the master's commit index and it serves the same nodes. The same
# after kill -9 of a slave.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

cl_start 3 0 || cl_abort "3 data instances start"
M=$(cl_master 15) || cl_abort "a master is elected"
S=$((M % 3 + 1))
cl_wait_role $S slave 10 || cl_abort "instance $S becomes slave"
ok "master $M, slave $S"
T=$(cl_write "$M" Item 0)
check "slave $S applies a first write" cl_wait_applied $S "${T:-1}" 10

check "slave $S stops cleanly on SIGTERM" cl_stop $S
before=$(cl_status "$M" commit_index)
"$CL_WRITER" -s "$(cl_servers)" -c "$CL_NAME" -l Item -k 1 -n 100 -t 40 \
	>"$CL_TMP/acks" 2>"$CL_TMP/writer.err"
check "100 writes commit with slave $S down" \
	test "$(grep -c '^ack ' "$CL_TMP/acks")" -eq 100
C=$(cl_status "$M" commit_index)
check "the master's commit index moved by at least 100 ($before -> $C)" \
	test "$C" -ge $((before + 100))
L=$(wc -l <"$(cl_log $S)")
check "slave $S restarts" cl_start_instance $S
check "and is slave again" cl_wait_role $S slave 15
t0=$(cl_ms)
check "its applied index reaches the commit index $C" \
	cl_wait_applied $S "$C" 20
echo "# caught up $(($(cl_ms) - t0)) ms after it reported slave"
check "it serves the same 101 nodes as the master" \
	test "$(cl_nodes $S Item)" = "$(cl_nodes "$M" Item)" -a \
	"$(cl_count_nodes $S Item)" -eq 101
check "after the restart it logs that the master joined the cluster" \
	sh -c 'tail -n +$(($1 + 1)) "$2" | grep -q "Instance $3 .*joined the cluster"' \
	- "$L" "$(cl_log $S)" "$M"

# The same after kill -9 (no clean shutdown).
cl_kill9 $S
"$CL_WRITER" -s "$(cl_servers)" -c "$CL_NAME" -l Item -k 101 -n 100 -t 40 \
	>"$CL_TMP/acks2" 2>>"$CL_TMP/writer.err"
C=$(cl_status "$M" commit_index)
check "100 more writes commit with slave $S killed" \
	test "$(grep -c '^ack ' "$CL_TMP/acks2")" -eq 100
check "slave $S restarts after kill -9" cl_start_instance $S
check "and applies up to $C" cl_wait_applied $S "$C" 20
O=$((S % 3 + 1))
check "all three instances serve the same 201 nodes" \
	test "$(cl_count_nodes $S Item)" -eq 201 -a \
	"$(cl_nodes $S Item)" = "$(cl_nodes "$M" Item)" -a \
	"$(cl_nodes $O Item)" = "$(cl_nodes "$M" Item)"
cl_done
