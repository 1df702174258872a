#!/bin/bash
# Latency of a warm check as a multiple of one resolver round trip: the
# resolver is put D ms away (the lab's delayed front, lab.sh delay-start),
# each check runs once to warm the cache, then RUNS more times, timed:
#
#   wall/D          median wall time of the process over D
#   (wall-w0)/D     the same without the fixed cost (w0: median wall time of
#                   the same check straight at the resolver, no delay)
#   elapsed/D       acm-doctor's own stats.elapsed_ms (its checks, without
#                   process start and exit) over D
#   rounds          dependent rounds of queries seen at the front (from its
#                   query log, see rounds_of in bench/lib.sh), and how many
#                   queries each round had
#   forced          the rounds the names and delegation force
#                   (bench/forced-rounds.sh): through the resolver + direct
#   target          1.3 x forced resolver rounds x D (issue 13), for the
#                   check's own time (elapsed); the wall time adds the
#                   process around it (w0: ~40 ms on a loaded 2-core VM)
#
# Checks: CAA of NAME and *.NAME for each of $LATENCY_CAA_NAMES, and
# check --certificate for a 5-name lab certificate and for
# tests/data/acm/pending-cli.json with its names moved into the lab.
# Usage (from the build tree): tests/lab/lab.sh ns-run bench/latency.sh [RUNS [D_MS]]
set -eu
. "$(dirname "$0")/lib.sh"
runs=${1:-7}
if [ -z "${LAB_DELAY_RESOLVER:-}" ]; then
	eval "$("$LAB_SH" delay-start "${2:-30}")"
fi
D=$LAB_DELAY_MS
direct=$LAB_RESOLVER_ADDR:$LAB_RESOLVER_PORT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
srcdir=$(CDPATH='' cd "$BENCH_DIR/.." && pwd)
tcp0=$(wc -l <"$LAB_DELAY_TCP_LOG")

# the certificates
"$BENCH_DIR/lab-cert.sh" cname-ok.test=_x1.cname-ok.test. '*.cname-ok.test=_x1.cname-ok.test.' \
	cname-missing.test=_x1.cname-missing.test. cname-wrong.test=_x1.cname-wrong.test. \
	cname-doubled.test=_x1.cname-doubled.test. >"$tmp/lab.json"
sed -e 's/example\.com/example.test/g' -e 's/example\.net/caa-amazon.test/g' \
	"$srcdir/tests/data/acm/pending-cli.json" >"$tmp/pending.json"

cases=()
for n in ${LATENCY_CAA_NAMES:-caa-le.test example.test}; do
	cases+=("caa $n|caa|$n *.$n")
done
cases+=("cert 5 names, lab|cert|$tmp/lab.json")
cases+=("cert pending-cli.json|cert|$tmp/pending.json")

run_check() { # resolver kind arg
	if [ "$2" = caa ]; then
		# shellcheck disable=SC2086  # the names
		"$ACM_DOCTOR" check --json --resolver "$1" $3
	else
		"$ACM_DOCTOR" check --json --resolver "$1" --certificate "$3"
	fi
}

printf 'warm checks, resolver %s ms away (lab front %s), %s runs each, medians\n' "$D" "$LAB_DELAY_RESOLVER" "$runs"
printf '%-24s %8s %6s %11s %9s %6s %-11s %7s %5s %6s %9s %s\n' check wall_ms wall/D '(wall-w0)/D' \
	elapsed/D rounds per_round queries in_fl forced target_ms 'elapsed vs target'
for c in "${cases[@]}"; do
	IFS='|' read -r label kind arg <<<"$c"
	set -f
	run_check "$LAB_DELAY_RESOLVER" "$kind" "$arg" >/dev/null 2>&1 || true   # warm
	for _ in $(seq "$runs"); do
		stamp t0
		run_check "$direct" "$kind" "$arg" >/dev/null 2>&1 || true
		stamp t1
		echo $((t1 - t0))
	done >"$tmp/w0"
	: >"$tmp/wall"
	: >"$tmp/rounds"
	: >"$tmp/elapsed"
	for _ in $(seq "$runs"); do
		from=$(($(wc -l <"$LAB_DELAY_LOG") + 1))
		stamp t0
		run_check "$LAB_DELAY_RESOLVER" "$kind" "$arg" >"$tmp/out.json" 2>/dev/null || true
		stamp t1
		echo $((t1 - t0)) >>"$tmp/wall"
		tail -n +"$from" "$LAB_DELAY_LOG" | rounds_of "$D" >>"$tmp/rounds"
		jq -r '.stats.elapsed_ms' "$tmp/out.json" >>"$tmp/elapsed" 2>/dev/null || true
	done
	set +f
	read -r w0 _ < <(awk '{ print $1 / 1000 }' "$tmp/w0" | med_min_max)
	read -r wall wmin wmax _ < <(awk '{ print $1 / 1000 }' "$tmp/wall" | med_min_max)
	read -r elapsed _ < <(grep -E '^[0-9.]+$' "$tmp/elapsed" | med_min_max)
	# the most common round pattern of the runs
	read -r rounds queries sizes < <(sort "$tmp/rounds" | uniq -c | sort -rn | head -n 1 | cut -c9-)
	inflight=$(jq -r '.stats.max_in_flight // "-"' "$tmp/out.json" 2>/dev/null || echo -)
	if [ "$kind" = caa ]; then
		# shellcheck disable=SC2086
		set -f; read -r fr fd _ < <("$BENCH_DIR/forced-rounds.sh" "$direct" caa $arg); set +f
	else
		read -r fr fd why < <("$BENCH_DIR/forced-rounds.sh" "$direct" cert "$arg")
	fi
	target=$(awk -v r="$fr" -v d="$D" 'BEGIN { printf "%.0f", 1.3 * r * d }')
	# Judged on the check's own time (stats.elapsed_ms: from its first
	# query to its report), which is what the rounds decide; the process
	# around it (start, data, output: w0) is shown beside it.
	verdict=$(awk -v e="$elapsed" -v t="$target" 'BEGIN { print (e <= t) ? "meets" : sprintf("%.2fx over", e / t) }')
	printf '%-24s %8.1f %6.2f %11.2f %9.2f %6s %-11s %7s %5s %6s %9s %s\n' "$label" "$wall" \
		"$(awk -v w="$wall" -v d="$D" 'BEGIN { print w / d }')" \
		"$(awk -v w="$wall" -v z="$w0" -v d="$D" 'BEGIN { print (w - z) / d }')" \
		"$(awk -v e="$elapsed" -v d="$D" 'BEGIN { print e / d }')" \
		"$rounds" "$sizes" "$queries" "$inflight" "$fr+${fd}d" "$target" "$verdict"
	summary latency "$label: check (x D=$D ms), process wall" \
		"$(awk -v w="$wall" -v e="$elapsed" -v d="$D" -v r="$rounds" -v f="$fr+${fd}d" -v v="$verdict" 'BEGIN { printf "%.0f ms = %.2f D; %s rounds (forced %s), %s; wall %.0f ms", e, e / d, r, f, v, w }')" \
		"<= $target ms (1.3 x $fr D)"
done
echo "  w0 = the same check straight at the resolver; forced R+Nd = R rounds through the resolver"
echo "  + N direct rounds to authoritative servers (not delayed in the lab); in_fl = acm-doctor's"
echo "  stats.max_in_flight; queries = queries seen at the front in one run"
tcp=$(( $(wc -l <"$LAB_DELAY_TCP_LOG") - tcp0 ))
[ "$tcp" = 0 ] || echo "  note: $tcp queries came over TCP (delayed by delay-tcp.pl)"
