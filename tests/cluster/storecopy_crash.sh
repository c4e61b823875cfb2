#!/bin/sh
# storecopy_crash.sh: a slave that crashes (kill -9) while it installs a
# store copy into its graph, after the whole copy arrived, comes back by
# itself: at the next start it installs the copy again from its sealed
# spool (src/node/storecopy.c, storecopy_recover) and catches up, instead of
# refusing to start with a half-emptied store behind a compacted log (found
# by the fault suite: tests/fault, stall fault, data3_slow seed 1021).
#
# The crash comes from outside the process: the LD_PRELOAD shim faultfs
# sends SIGKILL at the first read of the spooled copy, which happens only
# after the graph store was marked incomplete and emptied for it.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

SHIM=$CL_BUILDDIR/tests/e2e/.libs/libfaultfs.so
[ -f "$SHIM" ] || cl_abort "the fault shim $SHIM is built"
N=120
CL_EXTRA="ha.log_compact_every = 30"
cl_start 3 0 || cl_abort "3 data instances start"
M=$(cl_master 15) || cl_abort "a master is elected"
S=$((M % 3 + 1))
cl_wait_role $S slave 10 || cl_abort "instance $S becomes slave"
# The slave compacts its own log first: behind a compacted log, a graph left
# half-installed cannot be rebuilt from the log (the case that bricked it).
"$CL_WRITER" -s "$(cl_addr "$M")" -c "$CL_NAME" -l Crash -k 1 -n 40 -t 45 \
	>"$CL_TMP/acks0" 2>"$CL_TMP/writer0.err"
T=$(cl_write "$M" Crash 0)
check "slave $S applies the first 41 writes" cl_wait_applied $S "${T:-1}" 10
check "slave $S compacted its own log" \
	cl_wait_log $S "Transaction log compacted up to transaction" 10
check "slave $S stops cleanly" cl_stop $S

"$CL_WRITER" -s "$(cl_addr "$M")" -c "$CL_NAME" -l Crash -k 1000 -n $N -t 45 \
	>"$CL_TMP/acks" 2>"$CL_TMP/writer.err"
check "$N writes commit with slave $S down" \
	test "$(grep -c '^ack ' "$CL_TMP/acks")" -eq $N
check "the master compacted its log" \
	cl_wait_log "$M" "Transaction log compacted up to transaction" 10
C=$(cl_status "$M" commit_index)

# Restart the slave with the shim armed: the store copy it needs arrives
# whole, and the process dies as it starts to install it.
touch "$CL_TMP/crash"
cl_asan=${ASAN_OPTIONS:-}
export GRAPHD_FAULT_CRASH_INSTALL="$CL_TMP/crash" LD_PRELOAD="$SHIM"
export ASAN_OPTIONS="${cl_asan:+$cl_asan:}verify_asan_link_order=0"
cl_start_instance $S
cl_up=$?
unset LD_PRELOAD GRAPHD_FAULT_CRASH_INSTALL
if [ -n "$cl_asan" ]; then export ASAN_OPTIONS="$cl_asan"; else unset ASAN_OPTIONS; fi
[ $cl_up -eq 0 ] || cl_abort "slave $S restarts with the fault shim"
check "slave $S is killed while it installs the store copy" \
	cl_wait_exit "$(cl_get CL_PID $S)" 30
cl_set CL_PID $S ""
check "it had received the whole copy" \
	grep -q "Receiving a store copy from instance $M" "$(cl_log $S)"
check "it died before the copy was installed" \
	sh -c "! grep -q 'Store copy from instance $M installed' '$(cl_log $S)'"
rm -f "$CL_TMP/crash"

check "slave $S starts again after the crash" cl_start_instance $S
check "it installs the interrupted copy again at start-up" \
	cl_wait_log $S "installation was interrupted is installed again" 10
check "its applied index reaches the master's commit index $C" \
	cl_wait_applied $S "${C:-1}" 40
check "it is slave" cl_wait_role $S slave 10
check "it serves all $((N + 41)) nodes, the same as the master" \
	test "$(cl_count_nodes $S Crash)" -eq $((N + 41)) -a \
	"$(cl_nodes $S Crash)" = "$(cl_nodes "$M" Crash)"
T=$(cl_write "$S" Crash $((N + 41)))
check "a write through it commits" test -n "$T"
cl_done
