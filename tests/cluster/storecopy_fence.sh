#!/bin/sh
# storecopy_fence.sh: a store copy is installed only from the master an
# instance follows in its current term, only when it is newer than what the
# instance applied, and never on the master (DESIGN.md contract 8; graphd
# issue 12: a copy delayed from an old master was installed over newer
# state). An impostor on the cluster port (forge_peer copy) sends each kind
# of stale copy as a complete, well-formed copy of an empty graph: an
# instance that installed one would lose its nodes. Each must be refused
# with a log line saying why, and the nodes and the applied index stay.
# Store copies that are due still work: tests/cluster/snapshot.sh.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

FORGE=$CL_BUILDDIR/tests/cluster/forge_peer
N=20
HUGE=1000000
cl_start 3 0 || cl_abort "3 data instances start"
M=$(cl_master 15) || cl_abort "a master is elected"
S=$((M % 3 + 1))
O=$((S % 3 + 1))
cl_wait_role $S slave 10 || cl_abort "instance $S becomes slave"
"$CL_WRITER" -s "$(cl_addr "$M")" -c "$CL_NAME" -l Fence -k 1 -n $N -t 20 \
	>"$CL_TMP/acks" 2>"$CL_TMP/writer.err"
check "$N writes commit" test "$(grep -c '^ack ' "$CL_TMP/acks")" -eq $N
C=$(cl_status "$M" commit_index)
for i in $S $O; do
	check "instance $i applies them" cl_wait_applied $i "${C:-1}" 10
done
ok "master $M, slaves $S and $O, applied $C"

# forge TO CLAIMED TERM APPLIED: a copy to instance TO claiming to come
# from instance CLAIMED (its real id and cluster address).
forge() {
	"$FORGE" "$(cl_get CL_CPORT "$1")" "$CL_NAME" "$2" \
		"127.0.0.1:$(cl_get CL_CPORT "$2")" "$1" "$3" copy "$4" \
		>>"$CL_TMP/forge.out" 2>&1
}
# intact I: instance I still serves all N nodes and has applied C or more.
intact() {
	n=$(cl_count_nodes "$1" Fence)
	a=$(cl_status "$1" applied_index)
	echo "# instance $1: $n nodes, applied ${a:-?}"
	[ "$n" -eq $N ] && [ -n "$a" ] && [ "$a" -ge "$C" ]
}
# refused I FROM WHY: instance I logged the refusal of the copy from FROM.
refused() {
	cl_wait_log "$1" "Store copy from instance $2 \(term [0-9]+, transaction [0-9]+\) refused: $3" 10
}

T=$(cl_status $S term)
check "a copy to slave $S from master $M's id with an older term is sent" \
	forge $S "$M" $((T - 1)) $HUGE
check "slave $S refuses it: older term" \
	refused $S "$M" "it is from an older term"
check "slave $S keeps its graph" intact $S

T=$(cl_status $S term)
check "a copy to slave $S from slave $O in the current term is sent" \
	forge $S "$O" "$T" $HUGE
check "slave $S refuses it: not its master" \
	refused $S "$O" "its sender is not the master this instance follows"
check "slave $S keeps its graph" intact $S

T=$(cl_status $S term)
M=$(cl_status $S master_id)
check "a copy to slave $S from master $M, current term, transaction 1, is sent" \
	forge $S "$M" "$T" 1
check "slave $S refuses it: not newer than what it applied" \
	refused $S "$M" "it is not newer than what this instance has applied"
check "slave $S keeps its graph" intact $S

T=$(cl_status $S term)
check "a copy to slave $S from master $M with a newer term is sent" \
	forge $S "$M" $((T + 1)) $HUGE
check "slave $S refuses it until it follows that term's master" \
	refused $S "$M" "it is from a newer term"
check "slave $S keeps its graph" intact $S

M=$(cl_master 15)
T=$(cl_status "$M" term)
check "a copy to master $M from $S with a newer term is sent" \
	forge "$M" $S $((T + 1)) $HUGE
check "master $M refuses it: a master never installs a copy" \
	refused "$M" $S "this instance is master"
check "master $M keeps its graph" intact "$M"
check "instance $M is still master" cl_wait_role "$M" master 5

W=$(cl_write "$M" Fence2 1)
check "a write commits after the refusals" test -n "$W"
for i in 1 2 3; do
	check "instance $i applies it" cl_wait_applied $i "${W:-1}" 10
done
grep -h "Store copy from instance .* refused" "$(cl_log $S)" "$(cl_log "$M")" |
	sed 's/^/# /'
cl_done
