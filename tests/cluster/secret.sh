#!/bin/sh
# secret.sh: ha.cluster_secret. A cluster whose members share the secret
# forms and elects; an instance with a wrong secret and one with none are
# refused (a log line on both sides, with the address), never become
# members and do not move the cluster's term; an impostor speaking the
# cluster protocol by hand cannot inject a consensus message. A control
# instance without a secret shows that the same impostor does move the term
# where there is no secret. A newcomer with the secret joins, and so does an
# arbiter, whose client port asks for a login when logins are enabled.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

FORGE=$CL_BUILDDIR/tests/cluster/forge_peer
SECRET=s3cret-for-the-cluster-test-0123
HUGE=1000000
CL_EXTRA="ha.cluster_secret = $SECRET"

cl_start 3 0 || cl_abort "3 data instances with a cluster secret start"
M=$(cl_master 15) || cl_abort "a master is elected among instances with the secret"
ok "instance $M is master of the cluster with a secret"
T=$(cl_write "$M" Item 1)
check "the cluster with a secret commits a write" test -n "$T"
for i in 1 2 3; do
	check "instance $i applies the write" cl_wait_applied $i "${T:-1}" 10
done
TERM0=$(cl_status "$M" term)
echo "# term before the intruders: $TERM0"

members() {
	cl_ctl "$1" --json status | sed 's/"members": \[/\n/' | sed -n 2p
}
member_logs() {
	grep -ihE "$1" "$(cl_log 1)" "$(cl_log 2)" "$(cl_log 3)" 2>/dev/null
}
# wait_member_log PATTERN: polls (at most 10 s) until a member logs it.
wait_member_log() {
	end=$(($(date +%s) + 10))
	until [ -n "$(member_logs "$1")" ]; do
		[ "$(date +%s)" -lt $end ] || return 1
		sleep 0.1
	done
}
# never_listed ID ADDRESS: for 2 s (polled), the master's members table
# names neither the id nor the cluster address.
never_listed() {
	end=$(($(cl_ms) + 2000))
	while [ "$(cl_ms)" -lt $end ]; do
		m=$(members "$M")
		[ -n "$m" ] || return 1
		contains "$m" "\"server_id\": $1," && return 1
		contains "$m" "$2" && return 1
		sleep 0.1
	done
	return 0
}
# term_unchanged: every member still reports TERM0 and M is master.
term_unchanged() {
	for i in 1 2 3; do
		t=$(cl_status $i term)
		[ "$t" = "$TERM0" ] || { echo "# instance $i is at term $t"; return 1; }
	done
	[ "$(cl_role "$M")" = master ]
}

# ------------------------------------------------------- a wrong secret
cl_ports 4 || cl_abort "free ports for instance 4"
CL_EXTRA=
cl_conf 4 "ha.cluster_secret = not-the-cluster-secret-9876"
cl_start_instance 4 || cl_abort "instance 4 (a wrong secret) starts"
check "instance 4 logs that the members' proof does not match" \
	cl_wait_log 4 "ha.cluster_secret proof does not match" 10
echo "# instance 4: $(grep -m1 'cluster_secret' "$(cl_log 4)")"
check "a member logs the refusal of instance 4 with its address" \
	wait_member_log "refused connection from 127\.0\.0\.1:[0-9]+ \(claims instance 4\).*ha.cluster_secret"
echo "# member side: $(member_logs 'claims instance 4' | head -n 1)"
A4=127.0.0.1:$(cl_get CL_CPORT 4)
check "instance 4 never appears in the members table" never_listed 4 "$A4"
r=$($CL_TIMEOUT "$GRAPHCTL" -s "$(cl_addr 4)" --cluster "$CL_NAME" role 2>&1)
check "instance 4 runs and is neither master nor slave ($r)" \
	test -n "$r" -a "$r" != master -a "$r" != slave
cl_kill9 4

# ------------------------------------------------------------ no secret
cl_ports 5 || cl_abort "free ports for instance 5"
cl_conf 5
cl_start_instance 5 || cl_abort "instance 5 (no secret) starts"
check "instance 5 logs that it was refused for lacking the secret" \
	cl_wait_log 5 "refused.*instance 5 has no ha.cluster_secret" 10
echo "# instance 5: $(grep -m1 'cluster_secret' "$(cl_log 5)")"
check "a member logs the refusal of instance 5 with its address" \
	wait_member_log "refused connection from 127\.0\.0\.1:[0-9]+ \(claims instance 5\): instance 5 has no ha.cluster_secret"
A5=127.0.0.1:$(cl_get CL_CPORT 5)
check "instance 5 never appears in the members table" never_listed 5 "$A5"
cl_kill9 5
check "the intruders did not move the cluster's term" term_unchanged

# --------------------------------------------------- a forged handshake
# The impostor claims to be a real member (id and cluster address) and,
# without a proof, sends a heartbeat of a new term to the master.
S=$((M % 3 + 1))
AS=127.0.0.1:$(cl_get CL_CPORT $S)
PM=$(cl_get CL_CPORT "$M")
for mode in plain nonce proof; do
	out=$("$FORGE" "$PM" "$CL_NAME" $S "$AS" "$M" $HUGE $mode 2>&1)
	rc=$?
	echo "# forge_peer $mode: $(echo "$out" | tr '\n' ' ')"
	check "the master closes a forged connection ($mode)" test $rc -eq 0
	check "and says why ($mode)" contains "$out" "ha.cluster_secret"
done
# One that answers no challenge is dropped after the handshake bound.
t0=$(cl_ms)
out=$("$FORGE" "$PM" "$CL_NAME" $S "$AS" "$M" $HUGE stall 2>&1)
rc=$?
echo "# forge_peer stall: $(echo "$out" | tr '\n' ' ')after $(($(cl_ms) - t0)) ms"
check "the master drops a handshake left half-done" test $rc -eq 0
check "and logs it" cl_wait_log "$M" "no handshake completed within" 5
check "a member logs a forged connection claiming instance $S" \
	wait_member_log "claims instance $S\).*(instead of its ha.cluster_secret proof|proof does not match)"
check "the forged heartbeats did not move the cluster's term" term_unchanged
check "no instance reached term $HUGE" sh -c \
	"! grep -q 'term $HUGE' '$(cl_log 1)' '$(cl_log 2)' '$(cl_log 3)'"
T2=$(cl_write "$M" Item 2)
check "the cluster still commits" test -n "$T2"

# ------------------------------------------- a newcomer with the secret
cl_ports 7 || cl_abort "free ports for instance 7"
CL_EXTRA="ha.cluster_secret = $SECRET"
cl_conf 7
CL_EXTRA=
cl_start_instance 7 || cl_abort "instance 7 (the right secret) starts"
check "a newcomer with the secret joins and becomes slave" \
	cl_wait_role 7 slave 20
check "and applies the cluster's writes" cl_wait_applied 7 "${T2:-1}" 10
cl_kill9 7

# An arbiter with the secret joins too. With dbms.security.auth_enabled its
# status over the client port needs a login like any other request.
printf 'arb-pass-1\n' | "$GRAPHCTL" set-password op --file "$CL_TMP/users" \
	>/dev/null
cl_ports 8 || cl_abort "free ports for instance 8"
CL_MODE_8=ARBITER
CL_EXTRA="ha.cluster_secret = $SECRET"
cl_conf 8 "dbms.security.auth_enabled = true" \
	"dbms.security.auth_file = $CL_TMP/users"
CL_EXTRA=
cl_start_instance 8 || cl_abort "instance 8 (arbiter, secret, logins) starts"
export GRAPHD_USER=op GRAPHD_PASSWORD=arb-pass-1
check "an arbiter with the secret joins (status with a login)" \
	cl_wait_role 8 arbiter 20
unset GRAPHD_USER GRAPHD_PASSWORD
out=$(cl_ctl 8 status 2>&1)
check "its status without a login is refused" \
	contains "$out" "authentication failed"
cl_kill9 8

# ------------------------------------------------- control: no secret
# The same impostor against an instance without a secret does move its
# term: what the secret prevents above is real.
cl_ports 6 || cl_abort "free ports for instance 6"
CL_HOSTS_6="6@127.0.0.1:$(cl_get CL_CPORT 6)"
cl_conf 6
cl_start_instance 6 || cl_abort "instance 6 (alone, no secret) starts"
check "instance 6 becomes master of its own cluster" cl_wait_role 6 master 15
"$FORGE" "$(cl_get CL_CPORT 6)" "$CL_NAME" 7 127.0.0.1:1 6 $HUGE plain \
	>/dev/null 2>&1
# term_at_least I T: instance I reports a term >= T.
term_at_least() {
	t=$(cl_status "$1" term)
	[ -n "$t" ] && [ "$t" -ge "$2" ]
}
end=$(($(date +%s) + 10))
until term_at_least 6 $HUGE || [ "$(date +%s)" -ge $end ]; do
	sleep 0.1
done
check "without a secret the forged heartbeat moves the term to $HUGE" \
	term_at_least 6 $HUGE
cl_kill9 6
cl_done
