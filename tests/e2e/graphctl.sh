#!/bin/sh
# graphctl.sh: graphctl against a running graphd (dbms.mode=SINGLE): status,
# every write and read subcommand, errors and exit statuses, config errors,
# protocol abuse from a raw client, and a restart that keeps the data.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/e2e/lib.sh"

D=$E2E_TMP/one
LOG=$D/data/messages.log
ABUSE=$E2E_BUILDDIR/tests/e2e/proto_abuse
e2e_conf "$D"
if ! e2e_start "$D"; then
	fail "graphd starts and publishes its port"
	e2e_done
fi
ok "graphd starts and publishes its port ($E2E_PORT)"
check "start-up log names the mode, the data directory and the port" \
	grep -q "starting: instance 1, mode SINGLE, data directory" "$LOG"
check "log says where it listens" \
	grep -q "Listening for clients on 127.0.0.1:$E2E_PORT" "$LOG"
check "log says it is master and available" \
	grep -q "Database available for write transactions" "$LOG"

# ---------------------------------------------------------------- status
out=$(gctl status)
check "status shows mode SINGLE" contains "$out" "SINGLE"
check "status shows role master" contains "$out" "master"
check "status shows server id 1" \
	sh -c 'printf "%s\n" "$1" | grep -Eq "^server id: +1$"' - "$out"
out=$(gctl status --json)
check "status --json has mode, role and server id" \
	sh -c 'printf "%s" "$1" | grep -q "\"mode\": \"SINGLE\"" &&
	       printf "%s" "$1" | grep -q "\"role\": \"master\"" &&
	       printf "%s" "$1" | grep -q "\"server_id\": 1"' - "$out"

# ---------------------------------------------------------------- writes
# json_id JSON: the "id" of a write's --json answer.
json_id() { printf '%s\n' "$1" | sed -n 's/.*"id": \([0-9]*\).*/\1/p'; }

ADA=$(json_id "$(gctl --json create-node --label Person --prop name=Ada --prop born=1815)")
BOB=$(json_id "$(gctl --json create-node --label Person --prop name=Charles --prop born=1791)")
check "create-node returns new ids" test -n "$ADA" -a -n "$BOB" -a "$ADA" != "$BOB"
out=$(gctl get-node "$ADA")
check "get-node shows labels and properties" \
	sh -c 'contains() { case $1 in *"$2"*) ;; *) return 1;; esac; };
	       contains "$1" Person && contains "$1" Ada && contains "$1" 1815' - "$out"
REL=$(json_id "$(gctl --json create-rel "$ADA" KNOWS "$BOB" --prop since=1833)")
check "create-rel returns an id" test -n "$REL"
check "get-rel shows the type" contains "$(gctl get-rel "$REL")" KNOWS

check "neighbours --out from the start node" \
	contains "$(gctl neighbours "$ADA" --out)" Charles
check "neighbours --in from the start node is empty" \
	test -z "$(gctl neighbours "$ADA" --in)"
check "neighbours --in from the end node" \
	contains "$(gctl neighbours "$BOB" --in)" Ada
check "neighbours --both" contains "$(gctl neighbours "$BOB" --both)" KNOWS
check "neighbours --type filters" \
	test -z "$(gctl neighbours "$ADA" --out --type LIKES)"
check "neighbours --type KNOWS" \
	contains "$(gctl neighbours "$ADA" --out --type KNOWS)" Charles

out=$(gctl nodes Person)
check "nodes by label lists both" \
	sh -c 'case $1 in *Ada*Charles*|*Charles*Ada*) ;; *) exit 1;; esac' - "$out"
out=$(gctl nodes Person --where name=Ada)
check "nodes --where selects by property" \
	sh -c 'case $1 in *Charles*) exit 1;; *Ada*) ;; *) exit 1;; esac' - "$out"

gctl set-prop "$ADA" age 36 >/dev/null
check "set-prop is visible" contains "$(gctl get-node "$ADA")" 36
gctl remove-prop "$ADA" age >/dev/null
check "remove-prop is visible" \
	sh -c 'case $1 in *age*) exit 1;; esac' - "$(gctl get-node "$ADA")"
gctl add-label "$ADA" Mathematician >/dev/null
check "add-label is visible in the label index" \
	contains "$(gctl nodes Mathematician)" Ada
gctl remove-label "$ADA" Mathematician >/dev/null
check "remove-label leaves the label index" \
	test -z "$(gctl nodes Mathematician)"

gctl delete-node "$ADA" >/dev/null 2>"$E2E_TMP/err"
st=$?
check "delete-node of a node with relationships is refused (exit 1)" \
	test "$st" -eq 1
check "and the node is still there" quiet gctl get-node "$ADA"
check "delete-node --detach deletes node and relationships" \
	quiet gctl delete-node --detach "$ADA"
check "detached relationship is gone" \
	test -z "$(gctl neighbours "$BOB" --both)"
REL2=$(json_id "$(gctl --json create-rel "$BOB" LIKES "$BOB")")
check "delete-rel" quiet gctl delete-rel "$REL2"
gctl get-rel "$REL2" >/dev/null 2>&1
check "deleted relationship is not found" test $? -eq 1

# ---------------------------------------------------------------- errors
gctl get-node 999999 >/dev/null 2>"$E2E_TMP/err"
st=$?
check "get-node of a missing id exits 1" test "$st" -eq 1
check "with one line on stderr" test "$(wc -l <"$E2E_TMP/err")" -eq 1
"$GRAPHCTL" -s 127.0.0.1:1 status >/dev/null 2>&1
check "a dead port exits 3" test $? -eq 3
"$GRAPHCTL" -s "$SRV" --cluster other status >/dev/null 2>"$E2E_TMP/err"
st=$?
check "a wrong cluster name is refused" test "$st" -ne 0
check "the refusal names the cluster" grep -q "cluster name" "$E2E_TMP/err"
check "and is logged with the peer" \
	grep -q "refusing client 127.0.0.1:[0-9]*: cluster name \"other\"" "$LOG"

# ------------------------------------------------------- protocol abuse
"$ABUSE" "$E2E_PORT" oversize
check "an oversized frame closes the connection" test $? -eq 0
check "with a warning naming the size and the limit" \
	grep -q "closing client 127.0.0.1:[0-9]*: frame of 99999999 bytes exceeds ha.max_prelogin_frame_size" "$LOG"
"$ABUSE" "$E2E_PORT" garbage
check "a garbage first frame closes the connection" test $? -eq 0
check "with a warning" grep -q "closing client 127.0.0.1:[0-9]*: first frame.*not a ClientHello" "$LOG"
"$ABUSE" "$E2E_PORT" prehello
check "a request before the handshake closes the connection" test $? -eq 0
check "with a warning" grep -q "refusing client 127.0.0.1:[0-9]*: protocol version 7" "$LOG"
"$ABUSE" "$E2E_PORT" badreq e2e
check "an undecodable request closes the connection" test $? -eq 0
check "with a warning" grep -q "closing client 127.0.0.1:[0-9]*: frame of 8 bytes does not decode as a Request" "$LOG"
check "graphctl status still works after the abuse" quiet gctl status

# ------------------------------------------------- refused second starts
"$GRAPHD" -c "$D/graphd.conf" >/dev/null 2>"$E2E_TMP/err"
check "a second graphd on the same data directory exits 1" test $? -eq 1
check "and names the instance holding it" \
	grep -q "in use by another graphd (pid $E2E_PID" "$E2E_TMP/err"
check "and leaves the first one's port file alone" \
	test -s "$D/data/graphd.port"
e2e_conf "$E2E_TMP/busy" "ha.server = 127.0.0.1:$E2E_PORT"
sed -i '/^ha.server = 127.0.0.1:0$/d' "$E2E_TMP/busy/graphd.conf"
"$GRAPHD" -c "$E2E_TMP/busy/graphd.conf" >/dev/null 2>"$E2E_TMP/err"
check "a busy client port exits 1" test $? -eq 1
check "and says which address" \
	grep -q "cannot listen for clients on 127.0.0.1:$E2E_PORT" "$E2E_TMP/err"
check "the first instance still serves" quiet gctl status

# ------------------------------------------------------------- restart
before=$(gctl --json status | sed -n 's/.*"applied_index": \([0-9]*\).*/\1/p')
e2e_stop "$E2E_PID"
check "SIGTERM stops graphd with status 0" test $? -eq 0
check "and it says so" grep -q "graphd stopped" "$LOG"
if e2e_start "$D"; then
	ok "graphd restarts on the same data"
	check "restart keeps the data" contains "$(gctl get-node "$BOB")" Charles
	check "deleted data stays deleted" sh -c '! "$@" >/dev/null 2>&1' - \
		"$GRAPHCTL" -s "$SRV" --cluster e2e get-node "$ADA"
	check "the restarted instance is master and takes writes" \
		quiet gctl create-node --label Person --prop name=Restarted
	after=$(gctl --json status | sed -n 's/.*"applied_index": \([0-9]*\).*/\1/p')
	check "applied index survives ($before -> $after)" \
		test "${after:-0}" -ge "${before:-1}"
	e2e_stop "$E2E_PID"
else
	fail "graphd restarts on the same data"
fi

# ------------------------------------------------------- config errors
C=$E2E_TMP/conf
mkdir -p "$C"
# conf_error NAME FILE PATTERN: graphd -c FILE exits 2, PATTERN on stderr.
conf_error() {
	"$GRAPHD" -c "$2" >/dev/null 2>"$C/err"
	st=$?
	check "$1: exit 2 (got $st)" test "$st" -eq 2
	check "$1: says where ($(head -n 1 "$C/err"))" grep -q "$3" "$C/err"
}
printf 'ha.server = 127.0.0.1:0\nno.such.key = 1\n' >"$C/unknown.conf"
conf_error "unknown key" "$C/unknown.conf" "$C/unknown.conf:2:"
printf '# x\n\nha.heartbeat_interval = soon\n' >"$C/badvalue.conf"
conf_error "bad value" "$C/badvalue.conf" "$C/badvalue.conf:3:"
printf 'ha.server_id = 1\nha.server_id = 2\n' >"$C/dup.conf"
conf_error "duplicate key" "$C/dup.conf" "$C/dup.conf:2:"
conf_error "missing file" "$C/missing.conf" "$C/missing.conf"
e2e_conf "$C/arb" "ha.initial_hosts = 1@127.0.0.1:5001,2@127.0.0.1:5002"
"$GRAPHD" -c "$C/arb/graphd.conf" --arbiter >/dev/null 2>"$C/err"
check "--arbiter listed as a data instance is refused (exit 2)" test $? -eq 2
check "with a message saying how to list an arbiter" \
	grep -q "lists it as a data instance (write 1@127.0.0.1:5001/arbiter)" "$C/err"
check "--version" sh -c '"$1" --version | grep -q "^graphd [0-9]"' - "$GRAPHD"
check "--help" sh -c '"$1" --help | grep -q "usage: graphd"' - "$GRAPHD"

e2e_done
