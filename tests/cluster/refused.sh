#!/bin/sh
# refused.sh: the cluster handshake refuses an instance with the wrong
# ha.cluster_name and one with a duplicate ha.server_id, with a log line on
# both sides naming both instances; neither ever joins, and the cluster goes
# on unharmed.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

cl_start 3 0 || cl_abort "3 data instances start"
M=$(cl_master 15) || cl_abort "a master is elected"
ok "instance $M is master"
T=$(cl_write "$M" Item 1)

# members I: the server ids and addresses of instance I's members table.
members() {
	cl_ctl "$1" --json status | sed 's/"members": \[/\n/' | sed -n 2p
}
# member_logs PATTERN: the matching lines of instances 1..3.
member_logs() {
	grep -ihE "$1" "$(cl_log 1)" "$(cl_log 2)" "$(cl_log 3)" 2>/dev/null
}
# never_listed ID ADDRESS: for 2 s (polled), the master's members table
# names neither the id nor the cluster address of the refused instance.
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

# ------------------------------------------------ wrong cluster name
cl_ports 4 || cl_abort "free ports for instance 4"
CL_CNAME_4=othername
cl_conf 4
cl_start_instance 4 || cl_abort "instance 4 (cluster name othername) starts"
check "instance 4 logs that it was refused" \
	cl_wait_log 4 "refused" 10
line=$(grep -m1 refused "$(cl_log 4)")
echo "# instance 4: $line"
check "its line names both cluster names" \
	sh -c 'case $1 in *othername*) ;; *) exit 1;; esac; case $1 in *cltest*) ;; *) exit 1;; esac' - "$line"
end=$(($(date +%s) + 10))
until [ -n "$(member_logs 'refused.*othername|othername.*refused')" ] ||
	[ "$(date +%s)" -ge $end ]; do
	sleep 0.1
done
line=$(member_logs 'refused.*othername|othername.*refused' | head -n 1)
echo "# member side: $line"
check "a member logs the refusal naming the cluster name othername" test -n "$line"
check "and instance 4" contains "$line" "4"
A4=127.0.0.1:$(cl_get CL_CPORT 4)
check "instance 4 never appears in the members table" never_listed 4 "$A4"
# It answers clients of its own cluster name; its role is not a member's.
r=$($CL_TIMEOUT "$GRAPHCTL" -s "$(cl_addr 4)" --cluster othername role 2>&1)
check "instance 4 is up and neither master nor slave ($r)" \
	test -n "$r" -a "$r" != master -a "$r" != slave -a \
	"$(cl_get CL_PID 4)" != "" && kill -0 "$(cl_get CL_PID 4)"
cl_kill9 4

# ------------------------------------------------ duplicate server id
D=$((M % 3 + 1))
cl_ports 5 || cl_abort "free ports for instance 5"
CL_ID_5=$D
cl_conf 5
cl_start_instance 5 || cl_abort "instance 5 (a second server id $D) starts"
check "the newcomer with id $D logs that it was refused" \
	cl_wait_log 5 "refused" 10
line=$(grep -m1 refused "$(cl_log 5)")
echo "# newcomer: $line"
check "its line names the duplicate id $D" contains "$line" "$D"
end=$(($(date +%s) + 10))
until [ -n "$(member_logs "refused.*duplicate server id")" ] ||
	[ "$(date +%s)" -ge $end ]; do
	sleep 0.1
done
line=$(member_logs "refused.*duplicate server id" | head -n 1)
echo "# member side: $line"
check "a member logs the refusal of the duplicate id $D" \
	contains "$line" "$D"
A5=127.0.0.1:$(cl_get CL_CPORT 5)
check "the newcomer never appears in the members table" never_listed 0 "$A5"
r=$(cl_role 5)
check "the newcomer is up and neither master nor slave ($r)" \
	test -n "$r" -a "$r" != master -a "$r" != slave -a "$r" != down
check "the original instance $D is still slave" \
	test "$(cl_role $D)" = slave
check "instance $M is still master" test "$(cl_role "$M")" = master
T=$(cl_write "$M" Item 2)
check "the cluster still commits" test -n "$T"
check "and instance $D still applies" cl_wait_applied $D "${T:-1}" 10
cl_kill9 5
cl_done
