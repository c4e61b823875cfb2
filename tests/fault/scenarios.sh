# scenarios.sh: the fault suite's scenarios besides the plain nemesis run
# (sourced by tests/fault/fault.sh; FAULT_SCENARIO=single_to_ha or removal
# runs only them, fault-long runs them in its rotation). Both check what
# DESIGN.md section 2 items 7-9 promise (cluster identity, a removed member
# knows it) on top of the usual checks, so they fail where that is missing.
#
#   single_to_ha: a SINGLE instance takes writes (HTTP writers and library
#     clients), is stopped and switched to HA with a 3-member
#     ha.initial_hosts, two new empty instances start, writes and faults go
#     on. Then: every acknowledged write on all 3 once, one master, the
#     same member list everywhere (no second cluster), stores equal.
#   removal: `graphctl remove ID` of a slave while writes and faults go
#     on. Then: the removed instance refuses reads and writes with an
#     error, does not campaign (the others' term stays put), is in no
#     member list, and the rest is consistent.

# fault_sc_begin NAME SEED: a scenario run's directory and counters.
fault_sc_begin() {
	FV="$1 (seed $2)"
	NF_TMP=$FAULT_TMP/$1-$2
	mkdir -p "$NF_TMP"
	fv_failed=$T_FAILED
	FV_DIV=0
	FAULT_SEED=$2
	NF_SLOW=0
	NF_SLOW_KIND=
	NF_GONE=
	FAULT_COMPACT=50
}

# fault_sc_end: like the end of fault_variant; returns 0 when clean.
fault_sc_end() {
	t_sanitizer "$NF_TMP"
	NF_GONE=
	if [ "$T_FAILED" -eq "$fv_failed" ]; then
		nf_cleanup
		rm -rf "$NF_TMP"
		return 0
	fi
	fault_report
	nf_cleanup
	return 1
}

# fault_sc_clients SECONDS FIRST_ID HISTORY: the workload in the
# background (library clients and HTTP writers, ids from FIRST_ID) against
# the current members; $FV_CLIENT is its PID.
fault_sc_clients() {
	ip netns exec "$NF_HUB" "$FC" run -s "$(nf_servers)" \
		-c "$NF_CLUSTER" -k $FAULT_KEYS -n $FAULT_CLIENTS \
		-t "$1" -S "$FAULT_SEED" -r 3000 -o "$3" -i "$2" \
		-w "$(nf_http_servers)" -H "$FAULT_HTTP_CLIENTS" &
	FV_CLIENT=$!
	NF_PIDS="$NF_PIDS $FV_CLIENT"
}

# fault_sc_settle SECONDS: heal, wait for the clients, converge.
fault_sc_settle() {
	fault_heal_all
	nf_wait_exit "$FV_CLIENT" $(($1 + 30)) ||
		fail "$FV: the clients finish within their time"
	if nf_wait_converged 30; then
		ok "$FV: every member applied the same index after healing"
	else
		fail "$FV: every member applies the same index within 30 s of healing"
		fault_status_all
	fi
}

# fault_sc_check: the final reads, then the history and replica checks.
fault_sc_check() {
	NF_BOUND=30 nf_hub "$FC" final -s "$(nf_servers)" \
		-c "$NF_CLUSTER" -k $FAULT_KEYS -o "$NF_TMP/history" ||
		fail "$FV: the registers are read once more after healing"
	fault_checks
}

# fault_members I: the server ids in instance I's members table, sorted,
# space-separated.
fault_members() {
	nf_ctl "$1" --json status 2>/dev/null |
		sed 's/"members": \[/\n/' | sed -n 2p |
		grep -o '"server_id": [0-9]*' | sed 's/.*: //' | sort -n |
		tr '\n' ' '
}

# fault_one_cluster IDS: exactly one master among IDS, and every one of
# them lists the same members, IDS and nothing else.
fault_one_cluster() {
	fo_masters=
	for fo_i in $1; do
		[ "$(nf_ctl "$fo_i" role 2>/dev/null)" = master ] &&
			fo_masters="$fo_masters $fo_i"
	done
	if [ "$(echo $fo_masters | wc -w)" -eq 1 ]; then
		ok "$FV: one master among {$1}:$fo_masters"
	else
		fail "$FV: one master among {$1}" "masters:${fo_masters:- none}"
	fi
	fo_want="$(echo $1 | tr ' ' '\n' | sort -n | tr '\n' ' ')"
	for fo_i in $1; do
		fo_got=$(fault_members "$fo_i")
		if [ "$fo_got" = "$fo_want" ]; then
			ok "$FV: instance $fo_i lists the members $fo_want"
		else
			fail "$FV: instance $fo_i lists the members $fo_want" \
				"it lists: ${fo_got:-nothing}"
		fi
	done
}

# fault_single_conf: instance 1 as a SINGLE instance (no cluster port).
fault_single_conf() {
	mkdir -p "$NF_TMP/1"
	cat >"$NF_TMP/1/graphd.conf" <<EOC
# instance 1 of a fault-injection run ($0, seed $FAULT_SEED), SINGLE
dbms.mode = SINGLE
ha.server_id = 1
ha.cluster_name = $NF_CLUSTER
ha.server = $NF_NET.1:6001
dbms.directories.data = $NF_TMP/1/data
dbms.connector.http.listen_address = $NF_NET.1:7474
ha.write_timeout = 8s
ha.log_compact_every = $FAULT_COMPACT
dbms.logs.level = INFO
EOC
}

# fault_single_to_ha_switch: THE hook for the SINGLE to HA procedure.
# Today it is what DESIGN.md 3.5 and the Neo4j HA manual describe: the
# stopped SINGLE instance gets dbms.mode = HA and the 3-member
# ha.initial_hosts (nf_conf), and is started again; instances 2 and 3 start
# empty with the same ha.initial_hosts. If the procedure gains a step (a
# graphctl command, a conf key on the new members), add it here.
fault_single_to_ha_switch() {
	nf_conf 1 || return 1
	nf_start 1 || {
		fail "$FV: instance 1 starts in HA mode"
		return 1
	}
	for fw_i in 2 3; do
		nf_conf $fw_i
		nf_start $fw_i || {
			fail "$FV: empty instance $fw_i starts"
			return 1
		}
	done
}

# fault_single_to_ha SECONDS SEED: the scenario (see the top). A third of
# the time is the SINGLE phase, the rest HA with the nemesis.
fault_single_to_ha() {
	fault_sc_begin single_to_ha "$2"
	fh_single=$(($1 / 3))
	[ $fh_single -ge 3 ] || fh_single=3
	fault_schedule "$2" $(($1 - fh_single)) 3 >"$NF_TMP/schedule"
	echo "# $FV: SINGLE for $fh_single s, then HA with 3 data instances" \
		"for $(($1 - fh_single)) s; schedule:"
	sed 's/^/#   /' "$NF_TMP/schedule"
	NF_N=1
	NF_M=0
	if ! nf_net 3; then
		fail "$FV: network namespaces set up"
		fault_sc_end
		return
	fi
	fault_single_conf
	if ! NF_READY="Database available for write" nf_start 1 ||
		! NF_BOUND=30 nf_hub "$FC" setup -s "$(nf_servers)" \
			-c "$NF_CLUSTER" -k $FAULT_KEYS; then
		fail "$FV: the SINGLE instance starts and takes the registers"
		fault_sc_end
		return
	fi
	fault_sc_clients "$fh_single" 0 "$NF_TMP/history.single"
	nf_wait_exit "$FV_CLIENT" $((fh_single + 30)) ||
		fail "$FV: the clients of the SINGLE phase finish"
	nf_stop 1 || fail "$FV: the SINGLE instance stops cleanly"
	NF_N=3
	nf_log "switching instance 1 to HA; instances 2 and 3 start empty"
	if fault_single_to_ha_switch && nf_wait_master 20; then
		ok "$FV: a master is elected after the switch"
		# Client ids from 100: the SINGLE run's (4 library clients,
		# 6 per HTTP writer) stay below.
		fault_sc_clients $(($1 - fh_single)) 100 "$NF_TMP/history.ha"
		fault_nemesis "$NF_TMP/schedule"
		fault_sc_settle $(($1 - fh_single))
		cat "$NF_TMP/history.single" "$NF_TMP/history.ha" \
			>"$NF_TMP/history"
		fault_sc_check
		fault_one_cluster "1 2 3"
		fault_compare_stores
		fault_one_master_per_term
	else
		fail "$FV: one master is elected within 20 s of the switch" \
			"masters: $(for i in 1 2 3; do
				printf '%s=%s ' $i "$(nf_ctl $i role 2>&1)"
			done)"
	fi
	fault_sc_end
}

# fault_refuses I: instance I, removed, refuses a read and a write on the
# client port and a write over HTTP, each with an error message.
fault_refuses() {
	fr_out=$(nf_ctl "$1" query 'MATCH (r:Reg) RETURN count(r)' 2>&1)
	if [ $? -ne 0 ] && [ -n "$fr_out" ]; then
		ok "$FV: removed instance $1 refuses a read ($fr_out)"
	else
		fail "$FV: removed instance $1 refuses a read" "it answered: $fr_out"
	fi
	fr_out=$(nf_ctl "$1" query 'CREATE (:Removed {at: 1})' 2>&1)
	if [ $? -ne 0 ] && [ -n "$fr_out" ]; then
		ok "$FV: removed instance $1 refuses a write ($fr_out)"
	else
		fail "$FV: removed instance $1 refuses a write" "it answered: $fr_out"
	fi
	fr_out=$(NF_BOUND=10 nf_hub curl -s -m 8 -H 'Content-Type: application/json' \
		-d '{"statements":[{"statement":"CREATE (:Removed {at: 2})"}]}' \
		"http://$NF_NET.$1:7474/db/neo4j/tx/commit" 2>&1)
	case $fr_out in
	*'"errors":[{'*)
		ok "$FV: removed instance $1 refuses an HTTP write ($fr_out)" ;;
	*)
		fail "$FV: removed instance $1 refuses an HTTP write" \
			"it answered: ${fr_out:-nothing}" ;;
	esac
}

# fault_no_campaign R IDS: for 3 s (10 election timeouts) without faults,
# no member's term moves: the removed instance R does not campaign (its
# vote requests would push the others' terms up).
fault_no_campaign() {
	fn_before=
	for fn_i in $2; do
		fn_before="$fn_before $(nf_status_field "$fn_i" term)"
	done
	sleep 3
	fn_after=
	for fn_i in $2; do
		fn_after="$fn_after $(nf_status_field "$fn_i" term)"
	done
	if [ "$fn_before" = "$fn_after" ]; then
		ok "$FV: the members' terms stay at$fn_after for 3 s after removing $1"
	else
		fail "$FV: the members' terms stay put for 3 s after removing $1" \
			"terms of {$2}:$fn_before ->$fn_after; instance $1 says term $(nf_status_field "$1" term)"
	fi
}

# fault_remove R SECONDS: graphctl remove R through the master, retried
# (the nemesis may be in the way) for at most SECONDS.
fault_remove() {
	fr_end=$(($(date +%s) + $2))
	while :; do
		fr_m=$(nf_master)
		if [ -n "$fr_m" ] && [ "$fr_m" != "$1" ] &&
			fr_out=$(nf_ctl "$fr_m" remove "$1" 2>&1); then
			nf_log "removed instance $1 through master $fr_m: $fr_out"
			return 0
		fi
		[ "$(date +%s)" -lt $fr_end ] || break
		sleep 0.2
	done
	fail "$FV: graphctl remove $1 succeeds within $2 s" "${fr_out:-no master}"
	return 1
}

# fault_remove_slave: the nemesis fault "remove slave" (fault_apply): a
# slave picked by the seed is removed through the master and from then on
# left out of the checks of the members (NF_GONE).
fault_remove_slave() {
	fr_m=$(nf_master) || fr_m=1
	fr_r=$((1 + (FAULT_SEED / 2 + fr_m) % NF_N))
	[ "$fr_r" != "$fr_m" ] || fr_r=$((1 + fr_r % NF_N))
	fault_remove $fr_r 10 && NF_GONE=$fr_r
}

# fault_removal SECONDS SEED: the scenario (see the top): 3 data instances
# for an even seed, 5 for an odd one; a slave is removed between the faults
# a third into the run, while the clients write.
fault_removal() {
	fault_sc_begin removal "$2"
	fr_n=$((3 + 2 * ($2 % 2)))
	fault_schedule "$2" "$1" $fr_n |
		awk -v at=$(($1 * 333)) '!done && $1 >= at {
			print at, 0, "remove slave"; done = 1 } { print }
			END { if (!done) print at, 0, "remove slave" }' \
		>"$NF_TMP/schedule"
	echo "# $FV: $fr_n data instances, $1 s; schedule:"
	sed 's/^/#   /' "$NF_TMP/schedule"
	if fault_cluster $fr_n 0; then
		fault_sc_clients "$1" 0 "$NF_TMP/history"
		fault_nemesis "$NF_TMP/schedule"
		fr_r=$NF_GONE
		fault_sc_settle "$1"
		if [ -n "$fr_r" ]; then
			fr_rest=$(nf_servers |
				sed "s/$NF_NET.\([0-9]*\):6001/\1/g; s/,/ /g")
			fault_refuses "$fr_r"
			fault_no_campaign "$fr_r" "$fr_rest"
			fault_one_cluster "$fr_rest"
		fi
		fault_sc_check
		fault_compare_stores
		fault_one_master_per_term
	fi
	fault_sc_end
}
