#!/bin/bash
# Fleet scan: the CAA check of N names (1,000 / 10,000 / 100,000 by
# default), side by side with dnsperf and `dig -f` on the same resolver and
# the same names, on a warm cache.
#
#   dnsperf, dig -f  the questions a check of the list asks first: CAA at
#                    every name and each parent up to the TLD, each once
#                    (bench/caa-queries.sh)
#   acm-doctor       check --names-from FILE --parallel W --json if the
#                    binary has it; otherwise what exists today: the list in
#                    batches of 100 names (check's limit), one `check --json`
#                    process per batch, P of them at a time (xargs -P)
#
# Queries are counted by the resolver (unbound-control stats: reset before
# each tool, read after), so the three are counted the same way, extra
# questions (acm-doctor's SOA/NS for blocked names, dig's retries) included.
# Wall time and CPU by the clock and GNU time; peak RSS is GNU time's
# maximum resident set size: for the batch mode that is the largest single
# process, and up to P of them run at once.
#
# Knobs: FLEET_PARALLEL=P (batch processes at a time, default nproc),
# FLEET_WINDOW=W (--parallel for --names-from, default 128: acm-doctor's own).
# Usage (from the build tree): tests/lab/lab.sh ns-run bench/fleet.sh [N...]
set -eu
. "$(dirname "$0")/lib.sh"
sizes=${*:-1000 10000 100000}
max=$(printf '%s\n' $sizes | sort -n | tail -n 1)
P=${FLEET_PARALLEL:-$(nproc)}
W=${FLEET_WINDOW:-128}
R=$LAB_RESOLVER_ADDR:$LAB_RESOLVER_PORT
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fleet.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
uc() { unbound-control -c "$LAB_UNBOUND_CONF" "$@"; }
resolver_queries() { uc stats_noreset | awk -F= '$1 == "total.num.queries" { print $2 }'; }

# The zones: made and loaded only now, unless the lab was started with a
# big enough LAB_FLEET_DIR.
if [ -z "${LAB_FLEET_DIR:-}" ] || [ "$(wc -l <"$LAB_FLEET_DIR/names.txt")" -lt "$max" ]; then
	stamp t0
	"$BENCH_DIR/fleet-gen.sh" "$max" "$tmp/zones"
	stamp t1
	echo "fleet of $max names generated in $(( (t1 - t0) / 1000 )) ms: $(head -n 1 "$tmp/zones/summary.txt")"
	eval "$("$LAB_SH" fleet-load "$tmp/zones")"
	summary fleet "zones for $max names: generate / load into the lab" \
		"$(( (t1 - t0) / 1000 )) ms / $(cat "$LAB_RUN/fleet/load_ms") ms"
fi
sed 's/^/  /' "$LAB_FLEET_DIR/summary.txt"

if "$ACM_DOCTOR" check --help 2>&1 | grep -q -- --names-from; then
	acm_mode="check --names-from FILE --parallel $W --json"
else
	acm_mode="check --json, batches of 100 names, $P processes at a time"
fi

# Warm the cache with everything any of the tools will ask (acm-doctor also
# asks SOA at a blocked name and NS at its zone), so that no tool pays for
# the recursion of another one's questions.
head -n "$max" "$LAB_FLEET_DIR/names.txt" >"$tmp/names.max"
{
	"$BENCH_DIR/caa-queries.sh" <"$tmp/names.max"
	awk '{ n = $1; sub(/^\*\./, "", n); print n ". SOA" }' "$tmp/names.max"
	awk '{ n = $1; sub(/^\*\./, "", n); k = split(n, l, "."); if (k >= 2) print l[k - 1] "." l[k] ". NS" }' "$tmp/names.max" | uniq
} >"$tmp/warm"
stamp t0
dnsperf -s "$LAB_RESOLVER_ADDR" -p "$LAB_RESOLVER_PORT" -d "$tmp/warm" -n 1 -e -q 200 -t 10 >"$tmp/warm.out" 2>&1 || true
stamp t1
echo "cache warmed: $(wc -l <"$tmp/warm") questions in $(( (t1 - t0) / 1000 )) ms"

# The commands, run under GNU time (so no shell functions)
cmd_dnsperf() { cmd=(dnsperf -s "$LAB_RESOLVER_ADDR" -p "$LAB_RESOLVER_PORT" -d "$1" -n 1 -e -c 1 -q 100 -t 5); }
cmd_dig() { cmd=(dig @"$LAB_RESOLVER_ADDR" -p "$LAB_RESOLVER_PORT" -f "$1" +noall +answer +tries=2 +time=5); }
cmd_acm() { # names outdir
	if [ "${acm_mode#check --names-from}" != "$acm_mode" ]; then
		cmd=("$ACM_DOCTOR" check --names-from "$1" --parallel "$W" --json --resolver "$R")
	else
		cmd=(env ACM_DOCTOR="$ACM_DOCTOR" "$BENCH_DIR/batch-check.sh" "$1" "$2" "$P" "$R")
	fi
}
# names acm-doctor reported on (a check of the results, not of the speed)
acm_checked() {
	if [ "${acm_mode#check --names-from}" != "$acm_mode" ]; then
		grep -c '"name"' "$1/stdout" || true
	else
		cat "$1"/batch.*.json 2>/dev/null | jq -s '[.[].targets | length] | add // 0'
	fi
}

echo
echo "acm-doctor: $acm_mode; resolver $R (unbound, 1 thread); P=$P"
fmt='%-8s %-11s %9s %9s %9s %9s %9s %8s %7s  %s\n'
printf "$fmt" names tool wall_s queries q/s names/s us/name cpu_s rss_MB note
: >"$tmp/rows"
for n in $sizes; do
	head -n "$n" "$LAB_FLEET_DIR/names.txt" >"$tmp/names"
	"$BENCH_DIR/caa-queries.sh" <"$tmp/names" >"$tmp/q"
	for tool in dnsperf dig acm-doctor; do
		rm -rf "$tmp/out"
		mkdir -p "$tmp/out"
		uc stats >/dev/null
		case $tool in
			dnsperf) cmd_dnsperf "$tmp/q" ;;
			dig) cmd_dig "$tmp/q" ;;
			acm-doctor) cmd_acm "$tmp/names" "$tmp/out" ;;
		esac
		read -r wall rss cpu st < <(BENCH_OUT=$tmp/out/stdout timed "${cmd[@]}")
		queries=$(resolver_queries)
		case $tool in
			dnsperf) note="lost $(awk '/Queries lost:/ { print $3 }' "$tmp/out/stdout")" ;;
			dig) note="" ;;
			acm-doctor) c=$(acm_checked "$tmp/out"); note="$c of $n names reported" ;;
		esac
		[ "$st" = 0 ] || note="$note exit $st"
		row=$(awk -v n="$n" -v w="$wall" -v q="$queries" -v r="$rss" 'BEGIN {
			printf "%.2f %d %.0f %.0f %.1f %.1f", w / 1000, q, q * 1000 / w, n * 1000 / w, w * 1000 / n, r / 1024 }')
		read -r ws qq qps nps upn mb <<<"$row"
		printf "$fmt" "$n" "$tool" "$ws" "$qq" "$qps" "$nps" "$upn" "$cpu" "$mb" "$note"
		echo "$n $tool $ws $qq $qps $nps $upn $cpu $mb" >>"$tmp/rows"
	done
done

# Goals of issue 13, at each size (also rows of bench/run.sh's table)
echo
awk -v P="$P" -v S="${BENCH_SUMMARY:-/dev/null}" -v batch="$([ "${acm_mode#check --names-from}" = "$acm_mode" ] && echo 1 || echo 0)" '
{ k = $1 " " $2; wall[k] = $3; qps[k] = $5; upn[k] = $7; mb[k] = $9
  if (!($1 in seen)) { seen[$1] = 1; order[++nn] = $1 } }
END {
	for (i = 1; i <= nn; i++) {
		n = order[i]; a = n " acm-doctor"; p = n " dnsperf"; d = n " dig"
		r = 100 * qps[a] / qps[p]; x = wall[a] / wall[d]
		rss = sprintf("%.1f MB%s", mb[a], batch ? sprintf(" per process (%d at a time)", P) : "")
		printf "%s names: acm-doctor at %.0f%% of dnsperf'"'"'s query rate (goal >= 50%%), %.2fx dig -f'"'"'s wall time (goal < 1), peak RSS %s\n", n, r, x, rss
		printf "fleet\t%s names: wall s acm-doctor / dnsperf / dig -f\t%s / %s / %s\t\n", n, wall[a], wall[p], wall[d] >> S
		printf "fleet\t%s names: acm-doctor q/s, %% of dnsperf\t%s, %.0f%% (dnsperf %s)\t>= 50%%\n", n, qps[a], r, qps[p] >> S
		printf "fleet\t%s names: acm-doctor wall / dig -f wall\t%.2fx\t< 1\n", n, x >> S
		printf "fleet\t%s names: acm-doctor peak RSS\t%s\t%s\n", n, rss, (n >= 100000 ? "< 16 MB" : "") >> S
	}
	if (nn > 1) {
		f = order[1]; l = order[nn]
		split("acm-doctor dnsperf dig", tools, " ")
		for (t = 1; t <= 3; t++) {
			k1 = f " " tools[t]; k2 = l " " tools[t]
			printf "linearity %s: %.1f us/name at %s names, %.1f at %s (x%.2f; 1.00 = linear)\n", tools[t], upn[k1], f, upn[k2], l, upn[k2] / upn[k1]
			if (t == 1)
				printf "fleet\tlinearity: acm-doctor us/name, %s -> %s names\t%.1f -> %.1f (x%.2f)\t~1.0\n", f, l, upn[k1], upn[k2], upn[k2] / upn[k1] >> S
		}
		# the last step alone, where fixed costs (process start) weigh least
		if (nn > 2) {
			p2 = order[nn - 1]
			printf "linearity acm-doctor, last step: %.1f us/name at %s names, %.1f at %s (x%.2f)\n", upn[p2 " acm-doctor"], p2, upn[l " acm-doctor"], l, upn[l " acm-doctor"] / upn[p2 " acm-doctor"]
			printf "fleet\tlinearity: acm-doctor us/name, %s -> %s names\t%.1f -> %.1f (x%.2f)\t~1.0\n", p2, l, upn[p2 " acm-doctor"], upn[l " acm-doctor"], upn[l " acm-doctor"] / upn[p2 " acm-doctor"] >> S
		}
	}
}' "$tmp/rows"
