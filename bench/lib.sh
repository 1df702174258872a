# Helpers shared by the benchmarks in bench/ (sourced, never run).
# Benchmarks print figures; none of them passes or fails a build.

BENCH_DIR=$(CDPATH='' cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ACM_DOCTOR=${ACM_DOCTOR:-./acm-doctor}

# stamp VAR: microseconds since the epoch into VAR, without a fork (bash 5's
# EPOCHREALTIME; no $(...)): a fork costs 5-20 ms on a loaded 2-core
# machine, as much as some of what we measure
stamp() { printf -v "$1" '%s' "${EPOCHREALTIME/[.,]/}"; }

# median, min, max (and count) of numbers on stdin: "median min max n"
med_min_max() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (!NR) { print "- - - 0"; exit }
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		print m, v[1], v[NR], NR }'
}

# The machine, for the header of every table.
machine() {
	printf '%s; %s CPUs (%s); kernel %s; load %s; %s\n' \
		"$(hostname 2>/dev/null || echo '?')" "$(nproc)" \
		"$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" \
		"$(uname -r)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(date -u +%Y-%m-%dT%H:%MZ)"
}

# Rounds of dependent queries in the lines of a front query log on stdin
# ("[sec.nsec] ..." per query; dnsdist 1.7 prints nsec without leading
# zeros, so the part after the dot is read as an integer). A query that
# depends on an answer cannot arrive before one injected delay after the
# question it depends on, while the queries of one round arrive within a
# few ms: a query opens a new round when it arrives at least D/2 after the
# first query of the current round. Prints "ROUNDS QUERIES SIZES" where
# SIZES is "n1+n2+..." (queries per round).
rounds_of() { # delay_ms
	awk '{ s = $1; gsub(/[][]/, "", s); split(s, p, "."); printf "%.3f\n", (p[1] % 1000000) * 1000 + p[2] / 1e6 }' |
	sort -n | awk -v d="$1" '
	NR == 1 { r = 1; start = $1 }
	NR > 1 && $1 - start >= d / 2 { r++; start = $1 }
	{ size[r]++ }
	END {
		if (!NR) { print 0, 0, "-"; exit }
		sizes = size[1]
		for (i = 2; i <= r; i++) sizes = sizes "+" size[i]
		print r, NR, sizes
	}'
}

# Run "$@" and print "WALL_MS MAXRSS_KB CPU_S EXIT": wall time, GNU time's
# maximum resident set size (for a process tree: that of its largest
# process, not the sum) and user + system CPU time of the whole tree.
# Output of the command goes to $BENCH_OUT (default /dev/null).
timed() {
	local tf t0 t1 st=0
	tf=$(mktemp)
	stamp t0
	/usr/bin/time -f '%M %U %S' -o "$tf" "$@" >"${BENCH_OUT:-/dev/null}" 2>>"${BENCH_ERR:-/dev/null}" || st=$?
	stamp t1
	tail -n 1 "$tf" | awk -v us=$((t1 - t0)) -v st="$st" '{ printf "%.1f %s %.2f %s\n", us / 1000, $1, $2 + $3, st }'
	rm -f "$tf"
}

# One summary row for bench/run.sh's final table (when run from there):
# summary PART METRIC VALUE [TARGET]
summary() {
	[ -n "${BENCH_SUMMARY:-}" ] || return 0
	printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >>"$BENCH_SUMMARY"
}
