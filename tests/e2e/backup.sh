#!/bin/sh
# backup.sh: graphctl backup while a writer runs (full, then incremental),
# graphctl verify, graphd --restore into a new data directory that then
# serves the same graph, refusals of corrupt, incomplete and unfinished
# backups and of occupied data directories, and a full backup when the log
# was compacted past the backup in hand.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/e2e/lib.sh"

D=$E2E_TMP/one
LOG=$D/data/messages.log
B=$E2E_TMP/backup
STOP=$E2E_TMP/stop-writer
e2e_conf "$D"
if ! e2e_start "$D"; then
	fail "graphd starts"
	e2e_done
fi
ORIG=$SRV
ORIG_PID=$E2E_PID
"$E2E_BUILDDIR/tests/e2e/wire_client" "$E2E_PORT" e2e 10000 bulk 2000 \
	>"$E2E_TMP/load" 2>&1
check "2000 nodes loaded" grep -q '^ok - ' "$E2E_TMP/load"
quiet gctl create-node --label Marker --prop name=Zebulon
quiet gctl create-rel 1 KNOWS 2 --prop since=1999

# manifest KEY [DIR]: a value of DIR/backup.manifest.
manifest() { sed -n "s/^$1=//p" "${2:-$B}/backup.manifest"; }
# count LABEL: nodes with LABEL on the instance at $SRV.
count() { gctl nodes "$1" | grep -c "$1"; }

# ------------------------------------------------- full, writer running
(
	i=0
	while [ ! -e "$STOP" ] && [ $i -lt 3000 ]; do
		i=$((i + 1))
		gctl create-node --label W --prop i=$i >/dev/null 2>&1
	done
) &
WRITER=$!
i=0
while [ "$(count W)" -lt 5 ] && [ $i -lt 100 ]; do
	i=$((i + 1))
	sleep 0.1
done
gctl backup --to "$B" >"$E2E_TMP/full.out" 2>&1
check "backup while a writer runs exits 0" test $? -eq 0
cat "$E2E_TMP/full.out"
check "the first backup says full" grep -q '^full: ' "$E2E_TMP/full.out"
check "progress without a terminal: plain lines, no carriage return" \
	sh -c '! grep -q "$(printf "\r")" "$1"' - "$E2E_TMP/full.out"
T1=$(manifest txn_id)
check "manifest: txn id, kind full, cluster, server, CRC" \
	test -n "$T1" -a "$(manifest kind)" = full \
	-a "$(manifest cluster_name)" = e2e -a "$(manifest server_id)" = 1 \
	-a -n "$(manifest stream_crc32)"
check "the writer kept writing during the backup" \
	test "$(count W)" -ge 5
check "server logs the backup's start and end" \
	sh -c 'grep -q "Backup to client .* started at txn $2 (full)" "$1" &&
	       grep -q "Backup to client .* finished: [0-9]* bytes in" "$1"' \
	- "$LOG" "$T1"
check "the backup taken under writes is consistent (verify)" \
	quiet "$GRAPHCTL" verify "$B"
touch "$STOP"
wait "$WRITER"

# ------------------------------------------------------------ incremental
gctl backup --to "$B" >"$E2E_TMP/incr.out" 2>&1
check "the second backup exits 0" test $? -eq 0
cat "$E2E_TMP/incr.out"
T2=$(manifest txn_id)
check "the second backup says incremental: N transactions, T1 -> T2" \
	grep -q "^incremental: [0-9]* transactions, $T1 -> $T2" \
	"$E2E_TMP/incr.out"
check "the manifest's txn id grew ($T1 -> $T2) and says incremental" \
	test "$T2" -gt "$T1" -a "$(manifest kind)" = incremental
out=$("$GRAPHCTL" verify "$B")
check "verify: OK with the node count and txn" \
	contains "$out" "OK: $((2001 + $(count W))) nodes, 1 relationships, txn $T2"
check "verify refuses a running instance's data directory" \
	sh -c '"$1" verify "$2" 2>&1 | grep -q "stop the instance first"' \
	- "$GRAPHCTL" "$D/data"
if command -v script >/dev/null 2>&1; then
	# script(1) gives graphctl a terminal: the bar is redrawn with \r.
	script -qec "'$GRAPHCTL' -s $SRV --cluster e2e backup --to \
		'$E2E_TMP/tty'" /dev/null >"$E2E_TMP/tty.out" 2>&1
	check "on a terminal: a progress bar redrawn with carriage returns" \
		sh -c 'grep -q "$(printf "\r")\[#*  *\] *[0-9]*%" "$1"' - \
		"$E2E_TMP/tty.out"
else
	echo "# script(1) not installed: terminal progress not checked"
fi
OTHER=$E2E_TMP/other
mkdir -p "$OTHER" && echo keep >"$OTHER/file"
check "backup refuses a non-empty directory that holds no backup" \
	sh -c '! "$@" >/dev/null 2>&1' - gctl backup --to "$OTHER"
check "and leaves it alone" test "$(cat "$OTHER/file")" = keep

# ----------------------------------------------------------------- restore
gctl nodes W | sort >"$E2E_TMP/orig.W"
gctl nodes Marker >"$E2E_TMP/orig.M"
gctl neighbours 1 --out >"$E2E_TMP/orig.N"
cp -r "$B" "$E2E_TMP/corrupt"
cp -r "$B" "$E2E_TMP/unfinished"
R=$E2E_TMP/restored
e2e_conf "$R"
"$GRAPHD" --restore "$B" -c "$R/graphd.conf" >"$E2E_TMP/restore.out" 2>&1
check "graphd --restore exits 0" test $? -eq 0
check "restore says where the graph came from" \
	grep -q "Restored the backup .* (graph at txn $T2" "$E2E_TMP/restore.out"
check "restore into a data directory with a graph: refused, remove it first" \
	sh -c '! "$1" --restore "$2" -c "$3" 2>"$4" && grep -q "remove it first" "$4"' \
	- "$GRAPHD" "$B" "$R/graphd.conf" "$E2E_TMP/again.err"
if e2e_start "$R"; then
	ok "graphd starts on the restored data directory"
	RPID=$E2E_PID
	# applied: T2, or T2 + 1 once its term's no-op entry applied.
	A=$(gctl status | sed -n 's/^last applied txn: *//p')
	check "the restored instance starts at txn $T2 (applied $A)" \
		test "$A" -ge "$T2" -a "$A" -le $((T2 + 1))
	gctl nodes W | sort >"$E2E_TMP/rest.W"
	check "same W nodes as the original" cmp -s "$E2E_TMP/orig.W" \
		"$E2E_TMP/rest.W"
	check "same Marker node" test "$(gctl nodes Marker)" = \
		"$(cat "$E2E_TMP/orig.M")"
	check "same relationships" test "$(gctl neighbours 1 --out)" = \
		"$(cat "$E2E_TMP/orig.N")"
	check "same count of bulk nodes (2000)" test "$(count Wire)" -eq 2000
	out=$(gctl create-node --label After)
	TX=$(printf '%s' "$out" | sed -n 's/.*(txn \([0-9]*\)).*/\1/p')
	check "the restored instance takes writes after txn $T2 ($TX)" \
		test "${TX:-0}" -gt "$T2"
	check "new ids continue after the restored ones" \
		sh -c '! grep -q "^($2:" "$1"' - "$E2E_TMP/orig.W" \
		"$(printf '%s' "$out" | sed -n 's/created node \([0-9]*\).*/\1/p')"
	e2e_stop "$RPID"
	check "verify a stopped instance's data directory: OK at its txn" \
		sh -c '"$1" verify "$2" | grep -q "^OK: .* nodes, 1 relationships, txn $3$"' \
		- "$GRAPHCTL" "$R/data" "$TX"
else
	fail "graphd starts on the restored data directory"
fi

# --------------------------------------------------------------- refusals
C=$E2E_TMP/corrupt
python3 - "$C/graph.db" <<'EOF'
import sys
p = sys.argv[1]
b = open(p, 'rb').read()
i = b.find(b'Zebulon')
assert i >= 0, 'marker not found in graph.db'
open(p, 'r+b').write(b[:i] + b'Zebulom' + b[i + 7:])
EOF
"$GRAPHCTL" verify "$C" >"$E2E_TMP/verify.out" 2>&1
check "verify reports a corrupted byte (exit 1)" test $? -eq 1
cat "$E2E_TMP/verify.out"
check "and says what is wrong" \
	grep -q "does not match the manifest" "$E2E_TMP/verify.out"
e2e_conf "$E2E_TMP/r2"
"$GRAPHD" --restore "$C" -c "$E2E_TMP/r2/graphd.conf" 2>"$E2E_TMP/r2.err"
check "restore refuses the corrupt backup (exit 1)" test $? -eq 1
check "with the reason on one line" \
	grep -q "cannot restore: .*the backup is corrupt" "$E2E_TMP/r2.err"
check "and writes nothing into the data directory" \
	test ! -e "$E2E_TMP/r2/data/graph.db"
U=$E2E_TMP/unfinished
touch "$U/backup.incomplete"
"$GRAPHD" --restore "$U" -c "$E2E_TMP/r2/graphd.conf" 2>"$E2E_TMP/r3.err"
check "restore refuses a backup marked incomplete" \
	sh -c '[ $1 -eq 1 ] && grep -q "incomplete backup" "$2"' - $? \
	"$E2E_TMP/r3.err"
rm -f "$U/backup.incomplete" "$U/backup.manifest"
"$GRAPHD" --restore "$U" -c "$E2E_TMP/r2/graphd.conf" 2>"$E2E_TMP/r4.err"
check "restore refuses a directory without a manifest" \
	sh -c '[ $1 -eq 1 ] && grep -q "backup.manifest" "$2"' - $? \
	"$E2E_TMP/r4.err"
SRV=$ORIG
e2e_stop "$ORIG_PID"

# ------------------------------------------- a stream that breaks or lies
# fake MODE DIR: a fake server (hand-encoded protobuf) answers graphctl
# backup --to DIR with one chunk, then closes (cut) or ends with a wrong
# CRC (badcrc). Prints graphctl's exit status and output to DIR.out.
fake() {
	rm -f "$E2E_TMP/fake.port"
	python3 - "$1" "$E2E_TMP/fake.port" <<'PY' &
import socket, struct, sys
def varint(n):
    out = b''
    while True:
        b = n & 0x7f
        n >>= 7
        out += bytes([b | (0x80 if n else 0)])
        if not n:
            return out
def field(num, data):
    return varint(num << 3 | 2) + varint(len(data)) + data
def frame(payload):
    return struct.pack('>I', len(payload)) + payload
def recv_frame(c):
    hdr = b''
    while len(hdr) < 4:
        hdr += c.recv(4 - len(hdr))
    n = struct.unpack('>I', hdr)[0]
    body = b''
    while len(body) < n:
        body += c.recv(n - len(body))
s = socket.socket()
s.bind(('127.0.0.1', 0))
s.listen(1)
s.settimeout(10)
open(sys.argv[2] + '.tmp', 'w').write(str(s.getsockname()[1]))
import os
os.rename(sys.argv[2] + '.tmp', sys.argv[2])
c, _ = s.accept()
c.settimeout(10)
recv_frame(c)
c.sendall(frame(b'\x08\x01\x10\x09' + field(3, b'SINGLE') + field(4, b'master')))
recv_frame(c)
key, val = b'next_node_id', struct.pack('>Q', 5)
rec = bytes([4]) + struct.pack('>I', len(key)) + key + struct.pack('>I', len(val)) + val
chunk = field(1, rec) + b'\x10\x01\x18\x05'
c.sendall(frame(b'\x08\x01' + field(17, chunk)))
if sys.argv[1] == 'badcrc':
    done = b'\x08\x05\x10\x01\x18' + varint(len(rec)) + b'\x20\x07\x30\x01\x38\x09'
    c.sendall(frame(b'\x08\x01' + field(19, done)))
c.close()
PY
	FAKE=$!
	i=0
	while [ ! -s "$E2E_TMP/fake.port" ] && [ $i -lt 100 ]; do
		i=$((i + 1))
		sleep 0.05
	done
	"$GRAPHCTL" -s "127.0.0.1:$(cat "$E2E_TMP/fake.port")" --cluster e2e \
		backup --to "$2" >"$2.out" 2>&1
	FAKE_RC=$?
	wait "$FAKE"
}
cp -r "$B" "$E2E_TMP/cut"
fake cut "$E2E_TMP/cut"
cat "$E2E_TMP/cut.out"
check "a stream cut after a chunk: exit 1" test "$FAKE_RC" -eq 1
check "saying the connection was lost and DIR is marked incomplete" \
	sh -c 'grep -q "connection to .* lost.*marked incomplete" "$1"' - \
	"$E2E_TMP/cut.out"
check "the cut backup is marked incomplete" \
	test -e "$E2E_TMP/cut/backup.incomplete"
"$GRAPHD" --restore "$E2E_TMP/cut" -c "$E2E_TMP/r2/graphd.conf" 2>/dev/null
check "restore refuses the cut backup" test $? -eq 1
check "verify reports the cut backup" \
	sh -c '! "$1" verify "$2" >/dev/null 2>&1' - "$GRAPHCTL" "$E2E_TMP/cut"
fake badcrc "$E2E_TMP/badcrc"
cat "$E2E_TMP/badcrc.out"
check "a stream whose CRC does not match: exit 1, saying so" \
	sh -c '[ $1 -eq 1 ] && grep -q "stream is damaged" "$2"' - "$FAKE_RC" \
	"$E2E_TMP/badcrc.out"
check "and no manifest is written" test ! -e "$E2E_TMP/badcrc/backup.manifest"

# ---------------------------------------------- compacted log: full again
K=$E2E_TMP/compact
e2e_conf "$K" "ha.log_compact_every = 10"
if e2e_start "$K"; then
	KPID=$E2E_PID
	quiet gctl create-node --label K
	gctl backup --to "$K.bak" >/dev/null 2>&1
	check "backup of the compacting instance" test -s "$K.bak/backup.manifest"
	K1=$(manifest txn_id "$K.bak")
	i=0
	while [ $i -lt 30 ]; do
		i=$((i + 1))
		quiet gctl create-node --label K
	done
	check "the log was compacted past txn $K1" \
		grep -q "Transaction log compacted up to transaction" \
		"$K/data/messages.log"
	out=$(gctl backup --to "$K.bak" 2>&1)
	check "backup after compaction is full" contains "$out" "full: "
	check "and its manifest is past the compaction" \
		test "$(manifest txn_id "$K.bak")" -ge $((K1 + 30)) \
		-a "$(manifest kind "$K.bak")" = full
	check "it verifies with 31 K nodes" \
		sh -c '"$1" verify "$2" | grep -q "^OK: 31 nodes"' - \
		"$GRAPHCTL" "$K.bak"
	e2e_stop "$KPID"
	out=$(gctl backup --to "$E2E_TMP/none" 2>&1)
	check "backup of a stopped instance fails and says why (exit 1)" \
		sh -c '[ $1 -eq 1 ]' - $?
else
	fail "graphd starts with ha.log_compact_every = 10"
fi
e2e_done
