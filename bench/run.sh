#!/bin/bash
# Every benchmark of issue 13 in one lab, and one table at the end: the
# injected delay and its accuracy (delay-check.sh), warm check latency as a
# multiple of the round trip (latency.sh), the manual recipe against one
# acm-doctor run (manual.sh), the fleet scan against dnsperf and dig -f
# (fleet.sh), and the TUI's first frame and memory (tui-first-frame.sh,
# tui-rss.sh). Figures, not tests: nothing here fails a build, and `make
# check` never runs it. Each part also runs alone (see its header).
#
# Usage (from the build tree, after make):  bench/run.sh [--quick]
#   --quick   fleet of 1,000 and 10,000 names only, 3 runs per latency case
# Knobs: BENCH_DELAY_MS (injected round trip, default 30), BENCH_FLEET_SIZES
# (default "1000 10000 100000"), BENCH_RUNS (latency runs, default 7),
# ACM_DOCTOR (default ./acm-doctor), FLEET_PARALLEL, FLEET_WINDOW.
set -eu
here=$(CDPATH='' cd "$(dirname "$0")" && pwd)
if [ -z "${LAB_RUN:-}" ]; then
	# a lab of our own, at low priority: the machine is shared
	exec nice -n 10 "$here/../tests/lab/lab.sh" ns-run bash "$here/run.sh" "$@"
fi
. "$here/lib.sh"

quick=0
[ "${1:-}" = --quick ] && quick=1
sizes=${BENCH_FLEET_SIZES:-1000 10000 100000}
runs=${BENCH_RUNS:-7}
if [ "$quick" = 1 ]; then
	sizes=${BENCH_FLEET_SIZES:-1000 10000}
	runs=${BENCH_RUNS:-3}
fi
export BENCH_SUMMARY
BENCH_SUMMARY=$(mktemp)
log=$(mktemp)
trap 'rm -f "$BENCH_SUMMARY" "$log"' EXIT

missing=
for t in dnsperf dig kdig jq perl tmux /usr/bin/time; do
	command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
[ -z "$missing" ] || { echo "bench/run.sh: missing:$missing (Debian: ./install-deps.sh --bench)" >&2; exit 77; }
[ -x "$ACM_DOCTOR" ] || { echo "bench/run.sh: no $ACM_DOCTOR (build first, or set ACM_DOCTOR)" >&2; exit 2; }

machine_line=$(machine)
rev=$(git -C "$here/.." describe --always --dirty 2>/dev/null || echo '?')
echo "== $("$ACM_DOCTOR" --version 2>/dev/null | head -n 1) ($rev) benchmarks"
echo "== $machine_line"
echo "== $(dnsperf -h 2>&1 | awk '/^Version/ { print "dnsperf " $2 }'), $(dig -v 2>&1), unbound $(unbound -V | awk 'NR == 1 { print $2 }'), dnsdist $(dnsdist --version | awk 'NR == 1 { print $2 }'), knot $(knotd --version | awk '{ print $NF }'); lab started in ${LAB_START_MS} ms"

part() { echo; echo "--- $1"; }

eval "$("$LAB_SH" delay-start "${BENCH_DELAY_MS:-30}")"
part "injected delay (bench/delay-check.sh)"
"$here/delay-check.sh" 21
part "latency (bench/latency.sh)"
"$here/latency.sh" "$runs"
part "manual recipe (bench/manual.sh)"
"$here/manual.sh" "$(( runs < 5 ? runs : 5 ))"
part "fleet (bench/fleet.sh)"
# shellcheck disable=SC2086  # the sizes
"$here/fleet.sh" $sizes
part "TUI first frame (bench/tui-first-frame.sh)"
"$here/tui-first-frame.sh" "$runs" | tee "$log"
awk -F': ' '/^headless/ { split($2, a, " "); print "tui\tfirst frame, headless (median)\t" a[2] " ms\t" }
	/^tmux/ { split($2, a, " "); print "tui\tfirst frame on a tmux pane (median)\t" a[2] " ms\t" }' "$log" >>"$BENCH_SUMMARY"
part "TUI memory (bench/tui-rss.sh)"
"$here/tui-rss.sh" | tee "$log"
awk '/^peak:/ { print "tui\tpeak RSS, CAA findings and fix on screen\t" $3 " " $4 "\t" }' "$log" >>"$BENCH_SUMMARY"

echo
echo "== summary: $machine_line; load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
awk -F'\t' 'BEGIN { fmt = "%-8s %-52s %-36s %s\n"; printf fmt, "part", "measure", "value", "target" }
	{ printf fmt, $1, $2, $3, $4 }' "$BENCH_SUMMARY"
