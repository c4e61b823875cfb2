#!/bin/sh
# single_to_ha.sh: DESIGN.md contract 9 and README "From SINGLE to HA".
# A SINGLE instance with data is stopped, switched to dbms.mode = HA with a
# 3-member ha.initial_hosts and started with two new, empty instances: the
# new ones join its cluster (learners, store copy, promotion) instead of
# founding a second one under the same name. One master, three members,
# the same data and the same cluster id everywhere.
# Then the refusal: a second cluster (instances 4 and 5, founded on their
# own) is pointed at the first; both sides refuse each other with the
# reason in messages.log, nobody's term or applied index moves, and
# graphctl status on instance 4 lists the refused instances.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

CL_N=3
for i in 1 2 3; do cl_ports $i || cl_abort "free ports for instance $i"; done
# A short log: the joiners need a store copy, not a replay from entry 1.
CL_EXTRA="ha.log_compact_every = 10"
CL_MODE_1=SINGLE
cl_conf 1
# A SINGLE instance opens no cluster port: cl_start_instance waits for it.
"$GRAPHD" -c "$CL_TMP/1/graphd.conf" </dev/null >>"$CL_TMP/1/graphd.stderr" 2>&1 &
cl_set CL_PID 1 $!
CL_PIDS="$CL_PIDS $!"
check "instance 1 is master in SINGLE mode" cl_wait_role 1 master 15
for k in $(seq 1 25); do
	cl_write 1 Item $k >/dev/null || cl_abort "SINGLE write $k"
done
check "it holds 25 nodes" test "$(cl_count_nodes 1 Item)" -eq 25
ID1=$(cl_ctl 1 --json status | sed -n 's/.*"cluster_id": "\([0-9a-f]*\)".*/\1/p')
check "the SINGLE instance has a cluster id ($ID1)" test ${#ID1} -eq 32
cl_stop 1 || cl_abort "the SINGLE instance stops cleanly"

CL_MODE_1=HA
cl_conf 1
check "instance 1 starts in HA mode" cl_start_instance 1
check "it logs that it keeps its stored membership" \
	cl_wait_log 1 "stored membership of 1 instance" 5
for i in 2 3; do
	cl_conf $i
	check "new instance $i starts" cl_start_instance $i
done
for i in 2 3; do
	check "instance $i becomes slave" cl_wait_role $i slave 30
done
M=$(cl_master 10)
check "exactly one master, instance 1 (${M:-none})" test "$M" = 1

# members I: the server ids in instance I's members table, sorted.
members() {
	cl_ctl "$1" --json status | sed 's/"members": \[/\n/' | sed -n 2p |
		grep -o '"server_id": [0-9]*' | sed 's/.*: //' | sort -n | tr '\n' ' '
}
cid() {
	cl_ctl "$1" --json status | sed -n 's/.*"cluster_id": "\([0-9a-f]*\)".*/\1/p'
}
for i in 1 2 3; do
	check "instance $i reports members 1 2 3 ($(members $i))" \
		test "$(members $i)" = "1 2 3 "
	check "instance $i reports master 1" test "$(cl_status $i master_id)" = 1
	check "instance $i has the SINGLE instance's cluster id" \
		test "$(cid $i)" = "$ID1"
done
for i in 2 3; do
	check "instance $i received a store copy" \
		grep -qi "store copy" "$(cl_log $i)"
	check "instance $i holds the 25 nodes of the SINGLE instance" \
		test "$(cl_nodes $i Item)" = "$(cl_nodes 1 Item)" -a \
		"$(cl_count_nodes $i Item)" -eq 25
done
T=$(cl_write 3 Item 26)
check "a write through instance 3 commits" test -n "$T"
for i in 1 2 3; do
	check "instance $i applies it" cl_wait_applied $i "${T:-1}" 10
	check "instance $i serves 26 nodes" test "$(cl_count_nodes $i Item)" -eq 26
done

# --------------------------------------------- a second cluster is refused
CL_N=5
for i in 4 5; do cl_ports $i || cl_abort "free ports for instance $i"; done
H45="4@127.0.0.1:$(cl_get CL_CPORT 4),5@127.0.0.1:$(cl_get CL_CPORT 5)"
CL_HOSTS_4=$H45
CL_HOSTS_5=$H45
for i in 4 5; do
	cl_conf $i
	check "instance $i of a second cluster starts" cl_start_instance $i
done
M2=
end=$(($(date +%s) + 15))
while [ -z "$M2" ] && [ "$(date +%s)" -lt $end ]; do
	for i in 4 5; do [ "$(cl_role $i)" = master ] && M2=$i; done
	sleep 0.05
done
check "the second cluster elects a master (${M2:-none})" test -n "$M2"
end=$(($(date +%s) + 10))
while [ ${#ID4} -ne 32 ] && [ "$(date +%s)" -lt $end ]; do
	ID4=$(cid 4)
	sleep 0.05
done
check "its founders agree on a cluster id ($ID4 = $(cid 5))" \
	test ${#ID4} -eq 32 -a "$ID4" = "$(cid 5)"
check "which is not the first cluster's" test "$ID4" != "$ID1"
cl_stop 5
cl_stop 4
for i in 1 2 3; do
	cl_set TERM $i "$(cl_status $i term)"
	cl_set APPL $i "$(cl_status $i applied_index)"
done
# Point instance 4 at the first cluster, as the careless switch would.
CL_HOSTS_4="1@127.0.0.1:$(cl_get CL_CPORT 1),2@127.0.0.1:$(cl_get CL_CPORT 2),3@127.0.0.1:$(cl_get CL_CPORT 3),4@127.0.0.1:$(cl_get CL_CPORT 4)"
cl_conf 4
A4=$(cl_status 4 applied_index 2>/dev/null)
check "instance 4 restarts pointed at the first cluster" cl_start_instance 4
check "instance 4 logs the refusal with both ids" cl_wait_log 4 \
	"belongs to another cluster \\(id $ID1\\); instance 4's cluster is $ID4" 10
refused=0
end=$(($(date +%s) + 10))
while [ $refused -eq 0 ] && [ "$(date +%s)" -lt $end ]; do
	for i in 1 2 3; do
		grep -q "instance 4 at .* belongs to another cluster (id $ID4); instance $i's cluster is $ID1" \
			"$(cl_log $i)" && refused=$i
	done
	sleep 0.05
done
check "the first cluster logs the refusal of instance 4 with both ids (instance $refused)" \
	test $refused -ne 0
check "the message says what to do" \
	grep -q "wipe its data directory; see README 'From SINGLE to HA'" "$(cl_log 4)"
out=$(cl_ctl 4 status 2>&1)
check "graphctl status on instance 4 lists the refused instances" \
	sh -c "echo \"\$1\" | grep -q 'Refused, another cluster' && echo \"\$1\" | grep -q \"$ID1\"" _ "$out"
# Watch for a while (10 election timeouts): nothing crosses the line.
sleep 3
for i in 1 2 3; do
	check "instance $i: term unchanged ($(cl_get TERM $i) -> $(cl_status $i term))" \
		test "$(cl_status $i term)" = "$(cl_get TERM $i)"
	check "instance $i: applied unchanged" \
		test "$(cl_status $i applied_index)" = "$(cl_get APPL $i)"
	check "instance $i still lists members 1 2 3" test "$(members $i)" = "1 2 3 "
done
check "instance 1 is still the only master of 1..3" test "$(cl_master 5)" = 1
check "instance 4 got no store copy or entries from the first cluster" \
	sh -c "! grep -qi 'store copy' '$(cl_log 4)'"
check "instance 4 still lists its own members 4 5 ($(members 4))" \
	test "$(members 4)" = "4 5 "
cl_done
