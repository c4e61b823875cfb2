#!/bin/sh
# election.sh: three data instances started together elect exactly one
# master; the other two become slaves that follow it, and the election is
# in messages.log where an operator greps for it.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

cl_start 3 0 || cl_abort "3 data instances start"
ok "3 data instances start"

t0=$(cl_ms)
M=$(cl_master 15) || cl_abort "a master is elected within 15 s"
ok "a master is elected within 15 s (instance $M, $(($(cl_ms) - t0)) ms after start-up)"
for i in 1 2 3; do
	[ "$i" = "$M" ] && continue
	check "instance $i becomes slave" cl_wait_role $i slave 10
done
n=0
for i in 1 2 3; do
	[ "$(cl_role $i)" = master ] && n=$((n + 1))
done
check "exactly one instance reports master" test $n -eq 1
for i in 1 2 3; do
	check "instance $i names $M as master" \
		test "$(cl_status $i master_id)" = "$M"
done
term=$(cl_status "$M" term)
check "every instance is in the master's term ($term)" \
	test "$(cl_status 1 term)" = "$term" -a "$(cl_status 2 term)" = "$term" \
	-a "$(cl_status 3 term)" = "$term"
check "the master logs that it was elected" \
	grep -q "was elected as master" "$(cl_log "$M")"
check "a slave logs the election too" \
	grep -q "was elected as master" "$(cl_log $((M % 3 + 1)))"
out=$(cl_ctl "$M" status)
check "status on the master lists the 3 members" \
	test "$(printf '%s\n' "$out" | grep -Ec '^[0-9]+ +(master|slave) ')" -eq 3
check "a write on the master is acknowledged" quiet cl_write "$M"
cl_done
