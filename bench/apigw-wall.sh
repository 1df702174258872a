#!/bin/bash
# Wall time of the API Gateway check (`check --only apigw`) against the
# loopback lab's API Gateway scenarios: median, min and max over N runs per
# name, with a cold resolver cache (flushed before each run), and the
# check's own elapsed time from its JSON (the span from its first query to
# its report: DNS, TLS to every address, the HTTPS request). A benchmark,
# not a test: it reports.
# Usage (from the build tree):
#   tests/lab/lab.sh ns-run bench/apigw-wall.sh [N] [NAME...]
set -eu
. "$(dirname "$0")/lib.sh"
n=${1:-11}
shift || true
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(api.apigw-ok.test api.apigw-stage.test)

echo "# $(machine)"
for name in "${names[@]}"; do
	"$ACM_DOCTOR" check --only apigw --resolver "$LAB_RESOLVER" --ca-file "$LAB_CA" "$name" >/dev/null || true
	walls=() checks=()
	for _ in $(seq "$n"); do
		"$LAB_SH" flush >/dev/null 2>&1
		stamp t0
		out=$("$ACM_DOCTOR" check --only apigw --json --resolver "$LAB_RESOLVER" --ca-file "$LAB_CA" "$name" || true)
		stamp t1
		walls+=($(( (t1 - t0) / 1000 )))
		checks+=("$(jq -r '.stats.elapsed_ms' <<<"$out")")
	done
	read -r wm wmin wmax _ < <(printf '%s\n' "${walls[@]}" | med_min_max)
	read -r cm cmin cmax _ < <(printf '%s\n' "${checks[@]}" | med_min_max)
	verdict=$(jq -r '.targets[0].checks[0].verdict' <<<"$out")
	printf '%-24s %-13s wall median %s ms (min %s, max %s); check median %s ms (min %s, max %s); %d runs\n' \
		"$name" "$verdict" "$wm" "$wmin" "$wmax" "$cm" "$cmin" "$cmax" "$n"
done
