#!/bin/sh
# prehello.sh: on the cluster port, a connection is a stranger until its
# hello is accepted: 100 connections each announcing a 16 MB frame (and
# sending 12 MB of it) before any hello are refused on the header
# (ha.max_prelogin_frame_size), the master's RSS stays under 300 MB, the
# refusals take at most a few log lines, and the cluster goes on: same
# master, writes acknowledged, clients served meanwhile.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"
HERE=${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}

if ! command -v python3 >/dev/null; then
	echo "SKIP: python3 is needed (contrib/install-deps)"
	exit 77
fi
# The bound holds under AddressSanitizer too (its shadow memory adds some
# 10 MB here): refused frames are never buffered, whatever the allocator.
RSS_LIMIT=307200

cl_start 3 0 || cl_abort "3 data instances start"
M=$(cl_master 15) || cl_abort "a master is elected"
ok "instance $M is master"
T=$(cl_write "$M" Item 1)
check "a write is acknowledged before the flood" test -n "$T"

ADMIT_CLUSTER=$CL_NAME python3 "$HERE/e2e/admit_client.py" flood \
	"$(cl_get CL_CPORT "$M")" "$(cl_get CL_PID "$M")" 100 \
	$((16 * 1024 * 1024)) $((12 * 1024 * 1024)) "$GRAPHCTL" \
	"$(cl_addr "$M")" "$RSS_LIMIT" >"$CL_TMP/flood.out" 2>&1
cat "$CL_TMP/flood.out"
t_count "$CL_TMP/flood.out"
n=$(grep -c "ha.max_prelogin_frame_size" "$(cl_log "$M")")
check "the refused frames are logged on 1..3 lines ($n)" \
	test "$n" -ge 1 -a "$n" -le 3
M2=$(cl_master 15)
check "instance $M is still master ($M2)" test "$M2" = "$M"
T=$(cl_write "$M" Item 2)
check "a write is acknowledged after the flood" test -n "$T"
cl_done
