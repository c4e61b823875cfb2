#!/bin/sh
# auth.sh: client authentication (dbms.security.auth_enabled). graphctl
# set-password writes the users file (mode 0600, one line per user, replaced
# in place); graphd refuses to start with auth enabled and no usable users
# file, naming the line; a client without a login, with a wrong password or
# an unknown user is refused with the same message; the right login works;
# a password changed while graphd runs takes effect at the next login.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/e2e/lib.sh"

D=$E2E_TMP/a
USERS=$E2E_TMP/users
unset GRAPHD_USER GRAPHD_PASSWORD

# setpw USER PASSWORD: graphctl set-password with the password on stdin.
setpw() {
	printf '%s\n' "$2" | "$GRAPHCTL" set-password "$1" --file "$USERS"
}

# ------------------------------------------------------ set-password
out=$(setpw alice 'pw-alice-1')
check "set-password creates the users file ($out)" test -f "$USERS"
check "the users file has mode 0600" test "$(stat -c %a "$USERS")" = 600
check "alice's line is pbkdf2-sha256 with a salt and a hash" \
	grep -Eq '^alice:pbkdf2-sha256:[0-9]+:[0-9a-f]{32}:[0-9a-f]{64}$' "$USERS"
check "the password itself is not in the file" \
	sh -c "! grep -q 'pw-alice-1' '$USERS'"
setpw bob 'pw-bob-1' >/dev/null
old=$(grep '^alice:' "$USERS")
out=$(setpw alice 'pw-alice-2')
check "set-password again replaces alice's line ($out)" \
	test "$(grep -c '^alice:' "$USERS")" = 1 -a "$(grep '^alice:' "$USERS")" != "$old"
check "and keeps bob" test "$(grep -c '^bob:' "$USERS")" = 1
cp "$USERS" "$E2E_TMP/users.before"
printf '' | "$GRAPHCTL" set-password alice --file "$USERS" 2>"$E2E_TMP/err"
rc=$?
check "an empty password is refused (exit $rc)" test $rc -ne 0
check "and changes nothing" cmp -s "$USERS" "$E2E_TMP/users.before"
"$GRAPHCTL" set-password 'bad:name' --file "$USERS" </dev/null 2>/dev/null
check "a user name with ':' is refused" test $? -eq 2

# ------------------------------------------------------ config errors
# start_fails LINE...: graphd with these extra lines exits with status 2
# (configuration) at once; its stderr is in $err.
start_fails() {
	e2e_conf "$D" "$@"
	err=$("$GRAPHD" -c "$D/graphd.conf" 2>&1 </dev/null)
	rc=$?
	echo "# graphd: $err"
	[ $rc -eq 2 ]
}
check "auth enabled without a users file stops start-up" \
	start_fails "dbms.security.auth_enabled = true" \
	"dbms.security.auth_file = $E2E_TMP/nonexistent"
line=$(grep -n 'auth_enabled' "$D/graphd.conf" | cut -d: -f1)
check "naming file:line of dbms.security.auth_enabled" \
	contains "$err" "$D/graphd.conf:$line: dbms.security.auth_enabled"
check "and how to create one" contains "$err" "graphctl set-password"
printf '# no users yet\n' >"$E2E_TMP/empty"
check "auth enabled with an empty users file stops start-up" \
	start_fails "dbms.security.auth_enabled = true" \
	"dbms.security.auth_file = $E2E_TMP/empty"
check "naming file:line and saying nobody could log in" \
	contains "$err" "$D/graphd.conf:$line: dbms.security.auth_enabled = true, but the users file $E2E_TMP/empty names no user"
printf 'carol:pbkdf2-sha256:10000:zz:00\n' >"$E2E_TMP/bad"
check "a malformed users file stops start-up" \
	start_fails "dbms.security.auth_enabled = true" \
	"dbms.security.auth_file = $E2E_TMP/bad"
check "naming its file:line" contains "$err" "$E2E_TMP/bad:1: salt"
check "a short ha.cluster_secret stops start-up" \
	start_fails "ha.cluster_secret = tooshort"
check "naming file:line" contains "$err" "graphd.conf:8: bad value"

# ------------------------------------------------------------- logins
e2e_conf "$D" "dbms.security.auth_enabled = true" \
	"dbms.security.auth_file = $USERS"
e2e_start "$D" || { fail "graphd starts with auth enabled"; e2e_done; }
ok "graphd starts with auth enabled"

out=$(gctl status 2>&1)
rc=$?
echo "# no login: $out"
check "graphctl without credentials is refused (exit $rc)" test $rc -eq 3
check "with a clear message" contains "$out" "authentication failed: no user given"

out=$(GRAPHD_PASSWORD=pw-alice-1 gctl -u alice status 2>&1)
rc=$?
echo "# wrong password: $out"
check "a wrong (old) password is refused (exit $rc)" test $rc -eq 3
check "with 'authentication failed for user alice'" \
	contains "$out" "authentication failed for user alice"
out2=$(GRAPHD_PASSWORD=pw-alice-2 gctl -u mallory status 2>&1)
check "an unknown user gets the same message" \
	test "$(echo "$out2" | sed 's/mallory/alice/')" = "$out"

out=$(GRAPHD_PASSWORD=pw-alice-2 gctl -u alice status 2>&1)
check "the right password works: status (exit $?)" contains "$out" "role"
out=$(GRAPHD_USER=bob GRAPHD_PASSWORD=pw-bob-1 gctl create-node --label Person --prop name=ann 2>&1)
check "GRAPHD_USER/GRAPHD_PASSWORD work: a write ($out)" contains "$out" "txn"
out=$(GRAPHD_PASSWORD=pw-alice-2 gctl -u alice query 'MATCH (p:Person) RETURN p.name' 2>&1)
check "and a query ($(echo "$out" | tr '\n' ' '))" contains "$out" "ann"

out=$(GRAPHD_PASSWORD=pw-alice-2 gctl -u alice wait --role master --timeout 5s 2>&1)
check "wait, which opens its own connections, logs in too (exit $?)" \
	test $? -eq 0
out=$(gctl wait --role master --timeout 5s 2>&1)
rc=$?
check "wait without credentials is refused at once (exit $rc: $out)" \
	contains "$out" "authentication failed"

LOG=$D/data/messages.log
check "the server logs the refusal at WARN with the client address" \
	grep -Eq 'WARN .*refusing client 127\.0\.0\.1:[0-9]+: authentication failed for user alice' "$LOG"
check "the log holds no password" \
	sh -c "! grep -q 'pw-alice\|pw-bob' '$LOG' '$D/graphd.stderr'"

# A password changed while graphd runs counts at the next login.
setpw alice 'pw-alice-3' >/dev/null
out=$(GRAPHD_PASSWORD=pw-alice-2 gctl -u alice role 2>&1)
check "after set-password the old password is refused" \
	contains "$out" "authentication failed for user alice"
out=$(GRAPHD_PASSWORD=pw-alice-3 gctl -u alice role 2>&1)
check "and the new one works ($out)" test "$out" = master
e2e_stop "$E2E_PID"
check "graphd stops cleanly" test $? -eq 0
e2e_done
