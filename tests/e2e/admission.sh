#!/bin/sh
# admission.sh: no unauthenticated client can take the instance's memory,
# descriptors or log (src/net/admit.c, DESIGN.md 3.4). Three instances:
#   A: 100 connections each announce a 16 MB frame before the handshake and
#      send 12 MB of it: refused on the header (ha.max_prelogin_frame_size),
#      RSS stays under 300 MB, a normal client is served meanwhile, one log
#      line per interval. A silent connection is closed by
#      dbms.connector.handshake_timeout; an HTTP header trickling in a byte
#      at a time by dbms.connector.http.read_timeout.
#   B: dbms.connector.max_connections = 5: the 6th client gets a clear error
#      (client port: ServerHello error; HTTP: 503 with a Neo4j error), and
#      once some close new ones are let in.
#   C: runs under ulimit -n 64 and gets 300 connections: the accept backs
#      off and logs at most a few lines; afterwards it serves again.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/e2e/lib.sh"
HERE=${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/e2e

if ! command -v curl >/dev/null 2>&1 || ! command -v python3 >/dev/null; then
	echo "SKIP: curl and python3 are needed (contrib/install-deps)"
	exit 77
fi
# The bound holds under AddressSanitizer too (its shadow memory adds some
# 10 MB here): refused frames are never buffered, whatever the allocator.
RSS_LIMIT=307200
ADMIT="python3 $HERE/admit_client.py"

# ---------------------------------------------------------------- A
A=$E2E_TMP/a
e2e_conf "$A" "dbms.connector.handshake_timeout = 1s" \
	"dbms.connector.http.read_timeout = 2s"
if ! e2e_start "$A"; then
	fail "instance A starts"
	e2e_done
fi
A_PID=$E2E_PID
A_HP=$(cat "$A/data/graphd.http.port")
$ADMIT flood "$E2E_PORT" "$A_PID" 100 $((16 * 1024 * 1024)) \
	$((12 * 1024 * 1024)) "$GRAPHCTL" "$SRV" "$RSS_LIMIT" \
	>"$E2E_TMP/flood.out" 2>&1
cat "$E2E_TMP/flood.out"
t_count "$E2E_TMP/flood.out"
n=$(grep -c "ha.max_prelogin_frame_size" "$A/data/messages.log")
check "the refused frames are logged on 1..3 lines ($n)" \
	test "$n" -ge 1 -a "$n" -le 3
$ADMIT silent "$E2E_PORT" 0.8 6 >"$E2E_TMP/silent.out" 2>&1
cat "$E2E_TMP/silent.out"
t_count "$E2E_TMP/silent.out"
check "the handshake deadline is logged" grep -q \
	"no handshake completed within dbms.connector.handshake_timeout" \
	"$A/data/messages.log"
$ADMIT slowloris "$A_HP" 1.5 8 >"$E2E_TMP/slow.out" 2>&1
cat "$E2E_TMP/slow.out"
t_count "$E2E_TMP/slow.out"
check "the HTTP read deadline is logged" grep -q \
	"within dbms.connector.http.read_timeout" "$A/data/messages.log"
check "instance A still serves" quiet gctl status
e2e_stop "$A_PID"

# ---------------------------------------------------------------- B
B=$E2E_TMP/b
e2e_conf "$B" "dbms.connector.max_connections = 5"
if ! e2e_start "$B"; then
	fail "instance B starts"
	e2e_done
fi
B_PID=$E2E_PID
B_HP=$(cat "$B/data/graphd.http.port")
$ADMIT hold "$E2E_PORT" 5 4 "$E2E_TMP/held_c" &
HOLD=$!
i=0
while [ ! -s "$E2E_TMP/held_c" ] && [ $i -lt 50 ]; do
	i=$((i + 1))
	sleep 0.1
done
refused=
i=0
while [ $i -lt 30 ]; do
	out=$(gctl status 2>&1)
	if contains "$out" "too many connections (dbms.connector.max_connections = 5)"; then
		refused=1
		break
	fi
	i=$((i + 1))
	sleep 0.1
done
check "the 6th client is refused with a clear error" test -n "$refused"
[ -n "$refused" ] || echo "$out"
wait $HOLD
served=
i=0
while [ $i -lt 50 ]; do
	if gctl status >/dev/null 2>&1; then served=1; break; fi
	i=$((i + 1))
	sleep 0.1
done
check "clients are let in again once others closed" test -n "$served"
check "the refusal is logged" grep -q \
	"Refusing client connection from .*dbms.connector.max_connections = 5" \
	"$B/data/messages.log"

$ADMIT hold "$B_HP" 5 4 "$E2E_TMP/held_h" &
HOLD=$!
# The 5 must be in before the 6th asks (a closed connection is counted
# until the next sweep, 100 ms).
i=0
while [ ! -s "$E2E_TMP/held_h" ] && [ $i -lt 50 ]; do
	i=$((i + 1))
	sleep 0.1
done
got=
i=0
while [ $i -lt 30 ]; do
	code=$(curl -s -m 3 -o "$E2E_TMP/503" -w '%{http_code}' \
		"http://127.0.0.1:$B_HP/db/manage/server/ha/available")
	if [ "$code" = 503 ]; then got=1; break; fi
	i=$((i + 1))
	sleep 0.1
done
check "the 6th HTTP connection is answered 503" test -n "$got"
[ -n "$got" ] || { echo "last code $code"; cat "$E2E_TMP/503"; }
check "with a Neo4j error naming the limit" grep -q \
	'Neo.TransientError.Request.ResourceExhaustion.*max_connections = 5' \
	"$E2E_TMP/503"
wait $HOLD
served=
i=0
while [ $i -lt 50 ]; do
	code=$(curl -s -m 3 -o /dev/null -w '%{http_code}' \
		"http://127.0.0.1:$B_HP/db/manage/server/ha/available")
	if [ "$code" = 200 ]; then served=1; break; fi
	i=$((i + 1))
	sleep 0.1
done
check "HTTP clients are let in again once others closed" test -n "$served"
e2e_stop "$B_PID"

# ---------------------------------------------------------------- C
C=$E2E_TMP/c
e2e_conf "$C" "dbms.connector.handshake_timeout = 30s"
rm -f "$C/data/graphd.port"
(ulimit -n 64 && exec "$GRAPHD" -c "$C/graphd.conf") 2>>"$C/graphd.stderr" &
E2E_PID=$!
E2E_PIDS="$E2E_PIDS $E2E_PID"
i=0
while [ ! -s "$C/data/graphd.port" ] && [ $i -lt 150 ]; do
	i=$((i + 1))
	sleep 0.1
done
if [ ! -s "$C/data/graphd.port" ]; then
	fail "instance C starts under ulimit -n 64"
	tail -n 20 "$C/graphd.stderr"
	e2e_done
fi
C_PID=$E2E_PID
SRV=127.0.0.1:$(cat "$C/data/graphd.port")
C_HP=$(cat "$C/data/graphd.http.port")
$ADMIT hold "${SRV#*:}" 300 5 "$E2E_TMP/held_fd"
cat "$E2E_TMP/held_fd"
n=$(grep -c "Out of file descriptors\|Too many open files" \
	"$C/data/messages.log")
check "running out of descriptors for 5 s logs 1..3 lines ($n)" \
	test "$n" -ge 1 -a "$n" -le 3
check "instance C is alive" kill -0 "$C_PID"
served=
i=0
while [ $i -lt 100 ]; do
	if gctl status >/dev/null 2>&1 &&
		[ "$(curl -s -m 3 -o /dev/null -w '%{http_code}' \
			"http://127.0.0.1:$C_HP/db/manage/server/ha/available")" = 200 ]; then
		served=1
		break
	fi
	i=$((i + 1))
	sleep 0.1
done
check "afterwards graphctl status and HTTP are served again" test -n "$served"
e2e_stop "$C_PID"
e2e_done
