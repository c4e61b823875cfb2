#!/bin/sh
# session_bound.sh: the session table stays bounded under many short-lived
# clients. Every HTTP request is a session of its own (src/http/tx.c); with
# ha.session_retention = 2s, 20000 HTTP writes keep at most the sessions
# of the last window (plus one expiry step) in the table, measured in log
# time, and once the writers are gone the table drains to what the last
# window holds. The RSS of graphd is printed and must stay bounded too.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/e2e/lib.sh"

if ! command -v curl >/dev/null 2>&1 || ! command -v python3 >/dev/null; then
	echo "SKIP: curl and python3 are needed (contrib/install-deps)"
	exit 77
fi

# Under AddressSanitizer graphd is ~7 times slower and its shadow memory
# and quarantine make RSS meaningless: fewer writes, RSS not checked.
if grep -qa __asan_init "$GRAPHD"; then
	SANITIZED=1
	N=${SESSION_BOUND_WRITES:-8000}
else
	SANITIZED=
	N=${SESSION_BOUND_WRITES:-20000}
fi
WINDOW_MS=2000
D=$E2E_TMP/sb
e2e_conf "$D" "ha.session_retention = ${WINDOW_MS}ms" "ha.write_timeout = 1s"
if ! e2e_start "$D"; then
	fail "graphd starts"
	e2e_done
fi
HP=$(cat "$D/data/graphd.http.port" 2>/dev/null)
check "the HTTP port is known ($HP)" test -n "$HP"

# The writers: 4 keep-alive connections, one statement per request (so one
# session each). Every 1000 acknowledged writes a sample: time, writes
# acknowledged, graphd_session_table_rows, VmRSS (kB). Then a paced tail
# (a write every 20 ms, at most 30 s) until the table holds no more than
# the last window's writes plus one expiry step.
python3 - "$HP" "$E2E_PID" "$N" "$WINDOW_MS" >"$E2E_TMP/samples" \
	2>"$E2E_TMP/driver.err" <<'EOF'
import http.client, json, sys, threading, time
port, pid, n, window = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) / 1000.0
lock = threading.Lock()
acks = []      # ack times
errors = []
nxt = [0]

def conn():
    return http.client.HTTPConnection("127.0.0.1", int(port), timeout=20)

def rows():
    c = conn(); c.request("GET", "/metrics"); body = c.getresponse().read().decode(); c.close()
    for l in body.splitlines():
        if l.startswith("graphd_session_table_rows"):
            return int(l.split()[-1])
    return -1

def rss():
    for l in open("/proc/%s/status" % pid):
        if l.startswith("VmRSS:"):
            return int(l.split()[1])
    return -1

def write(c, k):
    body = json.dumps({"statements": [{"statement": "CREATE (:B {k: $k})", "parameters": {"k": k}}]})
    c.request("POST", "/db/neo4j/tx/commit", body, {"Content-Type": "application/json"})
    d = json.loads(c.getresponse().read())
    return d["errors"]

def worker():
    c = conn()
    while True:
        with lock:
            if nxt[0] >= n: break
            k = nxt[0]; nxt[0] += 1
        e = write(c, k)
        with lock:
            if e: errors.append(e)
            else: acks.append(time.monotonic())
    c.close()

def sample(tag):
    r = rows(); t = time.monotonic()
    with lock:
        total = len(acks)
        recent = sum(1 for a in acks if a >= t - window - 1.0)
    print(tag, "%.3f" % t, total, r, recent, rss(), flush=True)

ts = [threading.Thread(target=worker) for _ in range(4)]
t0 = time.monotonic()
for t in ts: t.start()
last = 0
while any(t.is_alive() for t in ts):
    time.sleep(0.05)
    with lock: cur = len(acks)
    if cur - last >= 1000:
        last = cur; sample("burst")
for t in ts: t.join()
sample("end")
print("elapsed %.1f" % (time.monotonic() - t0), flush=True)
c = conn(); end = time.monotonic() + 30
while time.monotonic() < end:
    if write(c, -1): errors.append("tail")
    else:
        with lock: acks.append(time.monotonic())
    r = rows()
    if 0 <= r <= window / 0.02 + 32: break
    time.sleep(0.02)
sample("tail")
print("errors", len(errors), flush=True)
EOF
echo "# tag time acknowledged rows acks-in-last-window+1s rss-kB"
sed 's/^/# /' "$E2E_TMP/samples"
check "the writer ran ($(tail -n 3 "$E2E_TMP/driver.err" | tr '\n' ' '))" \
	test ! -s "$E2E_TMP/driver.err"
check "no write failed" grep -qx 'errors 0' "$E2E_TMP/samples"
check "all $N writes were acknowledged" \
	awk -v n="$N" '$1 == "end" && $3 == n { f = 1 } END { exit !f }' \
	"$E2E_TMP/samples"
# A session expires at the first entry applied after its window: the table
# never holds more than the sessions of the last window (+1 s for the time
# between a proposal and its answer) and one expiry step (32).
check "the session table never holds more than the last window's sessions" \
	awk '$1 == "burst" || $1 == "end" || $1 == "tail" {
		if ($4 < 0 || $4 > $5 + 32) { print "# over:", $0; bad = 1 }
		n++ }
		END { exit bad || n < 5 }' "$E2E_TMP/samples"
check "after the writers leave, the table drains to the last window" \
	awk -v w="$WINDOW_MS" '$1 == "tail" && $4 >= 0 && $4 <= w / 20 + 32 { f = 1 }
		END { exit !f }' "$E2E_TMP/samples"
# RSS from the first sample to the last: the graph grows (20000 nodes in
# a 32 MB Berkeley DB cache), the sessions must not add per-client memory.
rss() {
	awk '$1 == "burst" && !first { first = $6 } $1 == "tail" { last = $6 }
		END { print "# rss growth kB:", last - first; exit !(first > 0 && last - first < 24576) }' \
		"$E2E_TMP/samples"
}
if [ -z "$SANITIZED" ]; then
	check "graphd's RSS grows by less than 24 MB over $N clients" rss
else
	rss
	echo "# sanitizer build: RSS not checked"
fi
e2e_stop "$E2E_PID"
check "graphd stops cleanly" test $? -eq 0
e2e_done
