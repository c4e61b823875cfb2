#!/bin/sh
# summarize.sh: counts every test case of a `make check` run and prints
# "N passed, N failed[, N skipped]" as the last line.
#
# usage: tests/summarize.sh BUILDDIR
# Each test program's .log is read: a CUnit run counts its tests (the "tests"
# row of its Run Summary); a program that ends with "<n> passed, <m> failed"
# counts those; anything else counts as one case by its .trs result. A
# program that failed without reporting a failed case (a crash, a sanitizer
# abort) counts one failure more.
set -u
dir=${1:-.}
passed=0 failed=0 skipped=0
for trs in $(find "$dir" -name '*.trs' | sort); do
	log=${trs%.trs}.log
	res=$(sed -n 's/^:test-result: //p' "$trs" | head -n 1)
	p= f=
	if [ -f "$log" ] && grep -q '^Run Summary:' "$log"; then
		set -- $(awk '$1 == "tests" && NF >= 6 { print $4, $5 }' "$log" | tail -n 1)
		p=${1:-0} f=${2:-0}
	elif [ -f "$log" ] && grep -Eq '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log"; then
		set -- $(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 |
			sed -E 's/^([A-Za-z-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2 \3/')
		p=$1 f=$2
	fi
	case "$res" in
	PASS) [ -n "$p" ] || { p=1 f=0; } ;;
	SKIP) [ -n "$p" ] || { p=0 f=0; skipped=$((skipped + 1)); } ;;
	*)    [ -n "$p" ] || { p=0 f=0; }
	      [ "$f" -gt 0 ] || f=1 ;;
	esac
	name=${trs#"$dir"/}
	printf '%-40s %-5s %4s passed %4s failed\n' "${name%.trs}" "$res" "$p" "$f"
	passed=$((passed + p))
	failed=$((failed + f))
done
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
