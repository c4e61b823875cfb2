#!/bin/sh
# sim-long.sh SIM SEEDS [FIRST] [JOBS]: runs SEEDS seeds from FIRST in JOBS
# parallel chunks (each `sim --first F --seeds N`), prints the total.
sim=$1
seeds=${2:-1000}
first=${3:-1}
jobs=${4:-2}
[ -n "$seeds" ] || seeds=1000
[ -n "$first" ] || first=1
[ -n "$jobs" ] || jobs=2
dir=$(mktemp -d "${TMPDIR:-/tmp}/sim-long.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
chunk=$(( (seeds + jobs - 1) / jobs ))
start=$(date +%s)
i=0
pids=
while [ "$i" -lt "$jobs" ]; do
	f=$(( first + i * chunk ))
	n=$chunk
	[ $(( f + n )) -gt $(( first + seeds )) ] && n=$(( first + seeds - f ))
	if [ "$n" -gt 0 ]; then
		"$sim" --first "$f" --seeds "$n" >"$dir/$i.log" 2>&1 &
		pids="$pids $!"
	fi
	i=$(( i + 1 ))
done
for p in $pids; do wait "$p"; done
grep -h 'FAILED\|replay:\|signal' "$dir"/*.log
passed=$(cat "$dir"/*.log | awk '/^[0-9]+ passed, [0-9]+ failed$/ {p += $1} END {print p + 0}')
failed=$(cat "$dir"/*.log | awk '/^[0-9]+ passed, [0-9]+ failed$/ {f += $3} END {print f + 0}')
echo "sim-long: seeds $first..$(( first + seeds - 1 )) in $(( $(date +%s) - start )) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -eq "$seeds" ]
