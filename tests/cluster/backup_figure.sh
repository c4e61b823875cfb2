#!/bin/sh
# backup_figure.sh: a measurement, not a test (never in TESTS; it prints
# figures and judges nothing): a 3-instance cluster on 127.0.0.1 is loaded
# with 100,000 nodes, a backup is taken from a slave while a writer runs,
# restored into a new instance 4 that joins the cluster, and the times and
# the node counts on the master and on instance 4 are printed.
#
# From the top of a build tree, after make check-programs (or make check):
#   GRAPHD=$PWD/graphd GRAPHCTL=$PWD/graphctl GRAPHD_TEST_BUILDDIR=$PWD \
#     GRAPHD_TEST_SRCDIR=$SRC/tests sh $SRC/tests/cluster/backup_figure.sh
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"
B=$CL_TMP/backup
STOP=$CL_TMP/stop
cl_start 3 0 || cl_abort start
M=$(cl_master 15) || cl_abort master
t0=$(cl_ms)
"$CL_BUILDDIR/tests/e2e/wire_client" "$(cl_get CL_SPORT $M)" "$CL_NAME" 60000 bulk 100000 > $CL_TMP/load 2>&1
echo "load 100k nodes: $(( $(cl_ms) - t0 )) ms: $(tail -1 $CL_TMP/load)"
S=1; [ "$S" = "$M" ] && S=2
C=$(cl_status "$M" commit_index); cl_wait_applied $S $C 60
"$CL_WRITER" -s "$(cl_servers)" -c "$CL_NAME" -l Steady -f "$STOP" -t 120 >"$CL_TMP/acks" 2>"$CL_TMP/w.err" &
WPID=$!; CL_PIDS="$CL_PIDS $WPID"
sleep 1
t0=$(cl_ms)
cl_ctl $S backup --to $B > $CL_TMP/b.out 2>&1; echo "backup rc=$?"
echo "backup wall: $(( $(cl_ms) - t0 )) ms"; cat $CL_TMP/b.out; cat $B/backup.manifest
grep "Backup to client" "$(cl_log $S)"
du -sh $B
cl_ports 4; cl_conf 4
t0=$(cl_ms)
"$GRAPHD" --restore "$B" -c "$CL_TMP/4/graphd.conf"; echo "restore rc=$? $(( $(cl_ms) - t0 )) ms"
t0=$(cl_ms)
cl_start_instance 4 || echo start4 failed
cl_wait_role 4 slave 60 && echo "instance 4 slave after $(( $(cl_ms) - t0 )) ms"
touch $STOP; cl_wait_exit $WPID 30; tail -1 $CL_TMP/w.err
C=$(cl_status "$M" commit_index)
cl_wait_applied 4 $C 60 && echo "instance 4 caught up to $C after $(( $(cl_ms) - t0 )) ms from start"
echo "Steady on master $(cl_count_nodes $M Steady), on 4 $(cl_count_nodes 4 Steady)"
echo "Wire on master $(cl_count_nodes $M Wire), on 4 $(cl_count_nodes 4 Wire)"
grep -c "Store copy to instance 4" "$(cl_log $M)"
grep "after the snapshot" "$(cl_log 4)"
cl_ctl 4 status | head -12
grep -h "elected" $CL_TMP/*/data/messages.log | head
exit 0
