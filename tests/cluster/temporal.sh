#!/bin/sh
# temporal.sh: a write's datetime() and timestamp() are the proposer's
# clock, stamped in the log entry: every replica stores the same temporal
# values, and they survive a restart of a slave (read back from its store).
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

cl_start 3 0 || cl_abort "3 data instances start"
M=$(cl_master 15) || cl_abort "a master is elected"
S=$((M % 3 + 1))
cl_wait_role $S slave 10 || cl_abort "instance $S becomes slave"
ok "master $M, slave $S"

check "a write stores datetime(), date() and duration values" \
	cl_ctl "$M" query "CREATE (:Clock {dt: datetime(), d: date(),
	ts: timestamp(), z: datetime({timezone: 'Europe/Stockholm'}),
	dur: duration('P1Y2M3DT4H5M6.007S')})"
C=$(cl_status "$M" commit_index)
check "slave $S applies it" cl_wait_applied $S "$C" 10
READ="MATCH (c:Clock) RETURN toString(c.dt) AS dt, toString(c.d) AS d,
	toString(c.z) AS z, toString(c.dur) AS dur,
	c.dt.epochMillis = c.ts AS same_clock, c.z.epochMillis = c.ts AS same_instant"
cl_ctl "$M" query "$READ" >"$CL_TMP/master.out" 2>&1
cl_ctl "$S" query "$READ" >"$CL_TMP/slave.out" 2>&1
check "the master reads back its clock in the datetime" \
	sh -c '! grep -q false "$1" && grep -q true "$1"' - "$CL_TMP/master.out"
check "the duration is stored as written" \
	grep -q "P1Y2M3DT4H5M6.007S" "$CL_TMP/master.out"
check "the zone is kept" grep -q "Europe/Stockholm" "$CL_TMP/master.out"
check "slave $S serves the same temporal values as the master" \
	cmp -s "$CL_TMP/master.out" "$CL_TMP/slave.out"
check "slave $S stops cleanly" cl_stop $S
check "slave $S restarts" cl_start_instance $S
check "and is slave again" cl_wait_role $S slave 15
cl_ctl "$S" query "$READ" >"$CL_TMP/slave2.out" 2>&1
check "after the restart it reads the same values from its store" \
	cmp -s "$CL_TMP/master.out" "$CL_TMP/slave2.out"
cl_done
