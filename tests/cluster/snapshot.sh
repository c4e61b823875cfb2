#!/bin/sh
# snapshot.sh: a slave that was down while the master compacted its log
# cannot catch up from the log alone: it gets the store from the master
# (snapshot / store copy), then the log after it, and ends with the same
# data. The compaction threshold is lowered to 100 transactions
# (ha.log_compact_every; default 10000) so that 300 writes cross it twice.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

N=300
CL_EXTRA="ha.log_compact_every = 100"
cl_start 3 0 || cl_abort "3 data instances start"
M=$(cl_master 15) || cl_abort "a master is elected"
S=$((M % 3 + 1))
O=$((S % 3 + 1))
cl_wait_role $S slave 10 || cl_abort "instance $S becomes slave"
ok "master $M, slave $S"
T=$(cl_write "$M" Snap 0)
check "slave $S applies a first write" cl_wait_applied $S "${T:-1}" 10
check "slave $S stops cleanly" cl_stop $S

t0=$(cl_ms)
"$CL_WRITER" -s "$(cl_addr "$M")" -c "$CL_NAME" -l Snap -k 1 -n $N -t 45 \
	>"$CL_TMP/acks" 2>"$CL_TMP/writer.err"
check "$N writes commit with slave $S down ($(($(cl_ms) - t0)) ms)" \
	test "$(grep -c '^ack ' "$CL_TMP/acks")" -eq $N
check "the master compacted its log" \
	cl_wait_log "$M" "Transaction log compacted up to transaction" 10
C=$(cl_status "$M" commit_index)
check "slave $S restarts" cl_start_instance $S
t0=$(cl_ms)
check "its applied index reaches the master's commit index $C" \
	cl_wait_applied $S "${C:-1}" 40
echo "# caught up in $(($(cl_ms) - t0)) ms"
grep -i "store copy" "$(cl_log $S)" | sed 's/^/# slave: /'
check "it logs that it installed a store copy from the master" \
	grep -q "Store copy from instance $M installed" "$(cl_log $S)"
check "the master logs that it sent one" \
	grep -q "Store copy to instance $S sent" "$(cl_log "$M")"
check "it is slave" cl_wait_role $S slave 10
check "it serves all $((N + 1)) nodes" \
	test "$(cl_count_nodes $S Snap)" -eq $((N + 1))
check "the same nodes as the master and instance $O" \
	test "$(cl_nodes $S Snap)" = "$(cl_nodes "$M" Snap)" -a \
	"$(cl_nodes $O Snap)" = "$(cl_nodes "$M" Snap)"
T=$(cl_write "$S" Snap $((N + 1)))
check "a write through it commits" test -n "$T"
check "and it reads it back at once" \
	test "$(cl_count_nodes $S Snap)" -eq $((N + 2))
cl_done
