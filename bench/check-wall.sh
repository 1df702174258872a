#!/bin/bash
# Wall time of `acm-doctor check` on one name against the loopback lab:
# median, min and max over N runs, with a cold resolver cache (flushed
# before each run) and a warm one. A benchmark, not a test: it reports.
# Usage (from the build tree): tests/lab/lab.sh ns-run bench/check-wall.sh [N] [NAME]
set -eu
n=${1:-21}
name=${2:-www.caa-le.test}
bin=${ACM_DOCTOR:-./acm-doctor}

run() {
	local t0 t1
	t0=$(date +%s%N)
	"$bin" check --json --resolver "$LAB_RESOLVER" "$name" >/dev/null || true
	t1=$(date +%s%N)
	echo $(( (t1 - t0) / 1000 ))
}

stats() {
	sort -n | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "median %.1f ms  min %.1f ms  max %.1f ms  (%d runs)\n", m / 1000, v[1] / 1000, v[NR] / 1000, NR
	}'
}

"$bin" check --resolver "$LAB_RESOLVER" "$name" >/dev/null || true   # warm-up
echo "acm-doctor check $name"
printf 'cold cache: '
for _ in $(seq "$n"); do "$LAB_SH" flush >/dev/null 2>&1; run; done | stats
printf 'warm cache: '
for _ in $(seq "$n"); do run; done | stats
