#!/bin/sh
# http_identity.sh: an HTTP write is answered only from the log entry it
# proposed (DESIGN.md 2.7), never from another write that later took its
# log index.
#
# The scenario overwrites two uncommitted entries deterministically, on 3
# data instances: the slaves are SIGSTOPped (their connections stay open,
# so the master keeps its role for a whole check-quorum round; a closed
# connection would depose it at the next check); two HTTP writes W0 and W1
# reach master A, which appends them at i and i+1 but cannot commit them;
# the stopped slaves are killed, so the appends waiting in their socket
# buffers are never read; A is SIGSTOPped; the slaves restart and
# elect B, whose term starts with its own empty entry at i; A is continued
# and becomes B's slave (its i and i+1 are overwritten); a third HTTP write
# W2 goes to A, which forwards it, and B puts it at i+1. Matched by index,
# A answered W1 with W2's result (same X-Graphd-Txn, W1's node never
# created) and W0 timed out.
#
# Each write must get its own answer: a distinct X-Graphd-Txn, its own
# column and value, and its node exists exactly once on every instance.
. "${GRAPHD_TEST_SRCDIR:-$(dirname "$0")/..}/cluster/lib.sh"

if ! command -v curl >/dev/null 2>&1 || ! command -v python3 >/dev/null; then
	echo "SKIP: curl and python3 are needed (contrib/install-deps)"
	exit 77
fi

# A master keeps its role for at least one election timeout after it last
# heard from a majority (check-quorum): 2s leaves room to append W0 and W1,
# also in a sanitizer build. The writes wait through two elections.
CL_ELECTION_TIMEOUT=2s
CL_WRITE_TIMEOUT=30s

hurl() { echo "http://127.0.0.1:$(cl_get CL_HPORT "$1")$2"; }

# hpost I NAME STATEMENT: POSTs STATEMENT to instance I; the body goes to
# CL_TMP/NAME.out, the headers to CL_TMP/NAME.h (bounded by curl -m).
hpost() {
	hp_body=$(python3 -c 'import json,sys; print(json.dumps({"statements":[{"statement":sys.argv[1]}]}))' "$3")
	curl -s -m 40 -o "$CL_TMP/$2.out" -D "$CL_TMP/$2.h" \
		-H 'Content-Type: application/json' --data-binary "$hp_body" \
		"$(hurl "$1" /db/neo4j/tx/commit)"
}

# last_index I: graphd_last_log_index of instance I (/metrics).
last_index() {
	curl -s -m 5 "$(hurl "$1" /metrics)" |
		awk '$1 ~ /^graphd_last_log_index([{]|$)/ { print $NF; exit }'
}

# wait_last_index I N SECONDS: polls until instance I's log reaches N.
wait_last_index() {
	wl_end=$(($(date +%s) + $3))
	while :; do
		wl_v=$(last_index "$1")
		[ -n "$wl_v" ] && [ "$wl_v" -ge "$2" ] && return 0
		[ "$(date +%s)" -lt $wl_end ] || return 1
		sleep 0.02
	done
}

# answer NAME: "ok COLUMN VALUE TXN" for a successful answer, else
# "error CODE".
answer() {
	python3 - "$CL_TMP/$1.out" "$CL_TMP/$1.h" <<'EOF'
import json, re, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception as e:
    print("error no-json-body"); sys.exit(0)
txn = ""
for line in open(sys.argv[2]):
    m = re.match(r"X-Graphd-Txn:\s*(\d+)", line, re.I)
    if m: txn = m.group(1)
if d.get("errors"):
    print("error", d["errors"][0].get("code", "?")); sys.exit(0)
r = d["results"][0]
print("ok", r["columns"][0], r["data"][0]["row"][0], txn or "none")
EOF
}

# count_on I K: how many Idem nodes with k = K instance I holds.
count_on() {
	hpost "$1" count "MATCH (n:Idem {k: '$2'}) RETURN count(n) AS c" ||
		return 1
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["data"][0]["row"][0])' \
		"$CL_TMP/count.out" 2>/dev/null
}

cl_start 3 0 || cl_abort "3 data instances start"
ok "3 data instances start"
A=$(cl_master 20) || cl_abort "a master is elected"
S1=$((A % 3 + 1))
S2=$((S1 % 3 + 1))
check "instance $S1 is a slave" cl_wait_role $S1 slave 15
check "instance $S2 is a slave" cl_wait_role $S2 slave 15
hpost $A warm "CREATE (n:Warm) RETURN 1 AS one" >/dev/null
BASE=$(last_index $A)
[ -n "$BASE" ] || cl_abort "master $A reports graphd_last_log_index"
for i in $S1 $S2; do
	cl_wait_applied $i "$BASE" 15 || cl_abort "slave $i applies $BASE"
done

# The slaves stop: the master can no longer commit, but appends.
cl_sigstop $S1
cl_sigstop $S2
hpost $A w0 "CREATE (n:Idem {k: 'w0'}) RETURN n.k AS w0" &
W0=$!
wait_last_index $A $((BASE + 1)) 5 ||
	cl_abort "master $A appends W0 at $((BASE + 1)) before it steps down"
hpost $A w1 "CREATE (n:Idem {k: 'w1'}) RETURN n.k AS w1" &
W1=$!
wait_last_index $A $((BASE + 2)) 5 ||
	cl_abort "master $A appends W1 at $((BASE + 2)) before it steps down"
ok "master $A appended W0 and W1 at $((BASE + 1)) and $((BASE + 2)), uncommitted"
cl_kill9 $S1
cl_kill9 $S2
cl_sigstop $A

# The slaves come back without A's two entries and elect one of them.
cl_start_instance $S1 || cl_abort "instance $S1 restarts"
cl_start_instance $S2 || cl_abort "instance $S2 restarts"
B=$(cl_master 30) || cl_abort "instance $S1 or $S2 becomes master"
ok "instance $B is master while $A is stopped"
check "master $B's term starts with its own entry at $((BASE + 1))" \
	wait_last_index $B $((BASE + 1)) 10
cl_sigcont $A
check "instance $A becomes a slave of $B" cl_wait_role $A slave 15
check "instance $A took $B's entry at $((BASE + 1))" \
	cl_wait_applied $A $((BASE + 1)) 15

# W2 through A: B appends it after its own entry, at A's old W1 index
# unless A already re-sent W0 and W1.
hpost $A w2 "CREATE (n:Idem {k: 'w2'}) RETURN n.k AS w2"
wait $W0
wait $W1

TXNS=
for w in w0 w1 w2; do
	a=$(answer $w)
	set -- $a
	if [ "$1" = ok ]; then
		check "$w is answered with its own column ($a)" test "$2" = "$w"
		check "$w is answered with its own value ($a)" test "$3" = "$w"
		check "$w carries a transaction id" test "$4" != none
		case " $TXNS " in
		*" $4 "*) fail "$w has a transaction id no other answer has" \
			"X-Graphd-Txn $4 answered twice" ;;
		*) ok "$w has a transaction id no other answer has ($4)" ;;
		esac
		TXNS="$TXNS $4"
	else
		fail "$w is acknowledged" "$a"
	fi
done

# Every instance applies everything the master has committed, then holds
# each acknowledged node exactly once.
hpost $B settle "CREATE (n:Settle) RETURN 1 AS one" >/dev/null
END=$(last_index $B)
for i in 1 2 3; do
	cl_wait_applied $i "${END:-0}" 15 ||
		fail "instance $i applies up to $END"
	for w in w0 w1 w2; do
		c=$(count_on $i $w)
		check "instance $i holds $w's node exactly once ($c)" test "$c" = 1
	done
done
cl_done
