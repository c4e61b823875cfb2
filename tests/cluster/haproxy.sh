#!/bin/sh
# haproxy.sh: contrib/haproxy.cfg, with this test's addresses, runs real
# HAProxy in front of a 3-instance cluster. Writes through the write
# frontend reach the master, reads through the read frontend a slave, and
# the HTTP frontend the master's HTTP port. After kill -9 of the master,
# writes through HAProxy succeed again once the new master answers the
# health check, and every write HAProxy acknowledged is on the new master.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

if ! command -v haproxy >/dev/null 2>&1; then
	echo "SKIP: haproxy is not installed (contrib/install-deps installs" \
		"it); contrib/haproxy.cfg is not tested"
	exit 77
fi
TEMPLATE=${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/../contrib/haproxy.cfg
CFG=$CL_TMP/haproxy.cfg
HLOG=$CL_TMP/haproxy.log

cl_start 3 0 || cl_abort "3 data instances start"
M=$(cl_master 15) || cl_abort "a master is elected"
ok "instance $M is master"

# The frontends' ports, and the config: the example's addresses (10.0.0.I,
# client port 6001, HTTP port 7474) become this cluster's.
p=$("$CL_FREEPORT" 3) || cl_abort "free ports for HAProxy"
WP=$(echo "$p" | sed -n 1p)
RP=$(echo "$p" | sed -n 2p)
HP=$(echo "$p" | sed -n 3p)
set -- -e "s/^\\(.bind \\):6000\$/\\1127.0.0.1:$WP/" \
	-e "s/^\\(.bind \\):6010\$/\\1127.0.0.1:$RP/" \
	-e "s/^\\(.bind \\):7400\$/\\1127.0.0.1:$HP/"
for i in 1 2 3; do
	set -- "$@" -e "/10\\.0\\.0\\.$i:/s/port 7474/port $(cl_get CL_HPORT $i)/" \
		-e "s/10\\.0\\.0\\.$i:6001/127.0.0.1:$(cl_get CL_SPORT $i)/g" \
		-e "s/10\\.0\\.0\\.$i:7474/127.0.0.1:$(cl_get CL_HPORT $i)/g"
done
sed "$@" "$TEMPLATE" >"$CFG" || cl_abort "the config is generated from $TEMPLATE"
check "every example address and port of the template was replaced" \
	sh -c '! grep -v "^[[:space:]]*#" "$1" |
	       grep -Eq "10\.0\.0\.|:6000$|:6010$|:7400$|port 7474"' - "$CFG"
check "haproxy -c accepts the generated config" \
	quiet haproxy -c -f "$CFG"

haproxy -db -f "$CFG" >"$HLOG" 2>&1 </dev/null &
HPID=$!
CL_PIDS="$CL_PIDS $HPID"

# via PORT ARGS...: graphctl through HAProxy (bounded).
via() {
	v_port=$1
	shift
	$CL_TIMEOUT "$GRAPHCTL" -s "127.0.0.1:$v_port" --cluster "$CL_NAME" "$@"
}
# via_is PORT ROLE: a new connection through PORT reaches an instance
# that says it is ROLE.
via_is() {
	[ "$(via "$1" role 2>/dev/null)" = "$2" ]
}
# poll_via PORT ROLE SECONDS: HAProxy starts with every server up until
# its first checks say otherwise, and follows a failover within a check
# interval: polls until a connection through PORT reaches a ROLE.
poll_via() {
	pv_end=$(($(date +%s) + $3))
	until via_is "$1" "$2"; do
		[ "$(date +%s)" -lt $pv_end ] || return 1
		sleep 0.1
	done
}
# write_k K: creates a node labelled Proxied with k=K through the write
# frontend; records K in acked when HAProxy's answer acknowledges it.
write_k() {
	w_out=$(via "$WP" --json create-node --label Proxied --prop "k=$1" \
		2>>"$CL_TMP/writes.err") || return 1
	[ -n "$(echo "$w_out" | cl_json txn)" ] || return 1
	echo "$1" >>"$CL_TMP/acked"
}
# poll_write FIRST SECONDS: writes k=FIRST, FIRST+1, ... until one is
# acknowledged (at most SECONDS); K is then the next k to use.
poll_write() {
	K=$1
	pw_end=$(($(date +%s) + $2))
	until write_k "$K"; do
		K=$((K + 1))
		[ "$(date +%s)" -lt $pw_end ] || return 1
		sleep 0.1
	done
	K=$((K + 1))
}
: >"$CL_TMP/acked"

check "a write through the write frontend succeeds once HAProxy has checked the instances" \
	poll_write 1 15
check "the write frontend leads to the master once HAProxy has checked" \
	poll_via "$WP" master 10
check "the read frontend leads to a slave once HAProxy has checked" \
	poll_via "$RP" slave 10
# HAProxy counts a server up until its first check says otherwise, and the
# first checks of the servers are spread over a check interval: one
# connection reaching the right role does not mean every server was checked.
# Wait (bounded) until HAProxy has logged the master down in the read
# backend and each slave down in the write backend.
hlog_down() {
	hd_end=$(($(date +%s) + $3))
	until grep -q "Server $1/$2 is DOWN" "$HLOG"; do
		[ "$(date +%s)" -lt $hd_end ] || return 1
		sleep 0.05
	done
}
check "HAProxy marks master $M down in the read backend" \
	hlog_down graphd_slaves "graphd$M" 10
for i in 1 2 3; do
	[ "$i" = "$M" ] && continue
	check "HAProxy marks slave $i down in the write backend" \
		hlog_down graphd_master "graphd$i" 10
done
ok_w=0
ok_r=0
for t in 1 2 3 4 5 6; do
	via_is "$WP" master && ok_w=$((ok_w + 1))
	via_is "$RP" slave && ok_r=$((ok_r + 1))
done
check "then every connection to the write frontend reaches the master ($ok_w of 6)" \
	test $ok_w -eq 6
check "and every connection to the read frontend a slave ($ok_r of 6)" \
	test $ok_r -eq 6
if command -v curl >/dev/null 2>&1; then
	check "the HTTP frontend leads to the master's HTTP port" \
		test "$(curl -s -m 5 "http://127.0.0.1:$HP/db/manage/server/ha/master")" = true
fi
i=0
while [ $i -lt 20 ]; do
	write_k "$K" || fail "write k=$K through HAProxy before the failover"
	K=$((K + 1))
	i=$((i + 1))
done
check "20 more writes through HAProxy are acknowledged" \
	test "$(wc -l <"$CL_TMP/acked")" -ge 21

cl_kill9 "$M"
t0=$(cl_ms)
check "after kill -9 of master $M, writes through HAProxy succeed again" \
	poll_write "$K" 20
t_back=$(($(cl_ms) - t0))
ok "writes through HAProxy were back $t_back ms after the kill"
N=$(cl_master 10)
check "a new master is elected (instance ${N:-none})" test -n "$N" -a "$N" != "$M"
check "the write frontend now leads to the new master" poll_via "$WP" master 5
check "status through the write frontend is instance $N's" \
	sh -c 'printf "%s\n" "$1" | grep -Eq "^server id: +$2\$"' - \
	"$(via "$WP" status)" "$N"
i=0
while [ $i -lt 20 ]; do
	write_k "$K" || fail "write k=$K through HAProxy after the failover"
	K=$((K + 1))
	i=$((i + 1))
done
check "the read frontend still leads to a slave" poll_via "$RP" slave 5

sort -n "$CL_TMP/acked" >"$CL_TMP/want"
cl_nodes "$N" Proxied | sed -n 's/.*k: \([0-9-]*\).*/\1/p' | sort -n \
	>"$CL_TMP/have"
missing=$(comm -23 "$CL_TMP/want" "$CL_TMP/have" | wc -l)
check "every write acknowledged through HAProxy ($(wc -l <"$CL_TMP/want")) is on the new master ($missing missing)" \
	test "$missing" -eq 0
check "no write is on the new master twice" test -z "$(uniq -d "$CL_TMP/have")"
check "HAProxy is still running" kill -0 "$HPID"
if [ "$T_FAILED" -gt 0 ]; then
	echo "--- HAProxy's log"
	tail -n 30 "$HLOG"
	tail -n 10 "$CL_TMP/writes.err" 2>/dev/null
fi
cl_done
