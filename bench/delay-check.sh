#!/bin/bash
# How exact the lab's injected delay is: kdig's own round-trip time for the
# same warm question, N times straight to the resolver and N times through
# the delayed front (lab.sh delay-start), over UDP and over TCP. The
# injected delay is the difference of the medians; the difference of the
# fastest answers ("floor") is what the front adds when nothing else on the
# machine gets in the way, as the medians wander with the machine's load.
# Usage (from the build tree): tests/lab/lab.sh ns-run bench/delay-check.sh [N [MS]]
set -eu
. "$(dirname "$0")/lib.sh"
n=${1:-21}
if [ -z "${LAB_DELAY_RESOLVER:-}" ]; then
	eval "$("$LAB_SH" delay-start "${2:-30}")"
fi
q=(example.test CAA)

rtts() { # kdig args...: the RTT kdig reports, in ms, one line per query
	for _ in $(seq "$n"); do
		kdig +time=2 +retry=0 "$@" "${q[@]}" | awk '/^;; From / { print $(NF - 1) }'
	done
}

kdig @"$LAB_RESOLVER_ADDR" -p "$LAB_RESOLVER_PORT" "${q[@]}" >/dev/null   # warm
echo "injected delay $LAB_DELAY_MS ms, kdig ${q[*]} x $n (median min max, ms):"
for proto in notcp tcp; do
	read -r dm dmin dmax _ < <(rtts @"$LAB_RESOLVER_ADDR" -p "$LAB_RESOLVER_PORT" +$proto | med_min_max)
	read -r fm fmin fmax _ < <(rtts @"${LAB_DELAY_RESOLVER%:*}" -p "${LAB_DELAY_RESOLVER##*:}" +$proto | med_min_max)
	inj=$(awk -v f="$fm" -v d="$dm" 'BEGIN { printf "%.1f", f - d }')
	name=$([ $proto = tcp ] && echo TCP || echo UDP)
	floor=$(awk -v f="$fmin" -v d="$dmin" 'BEGIN { printf "%.1f", f - d }')
	printf '  %s: resolver %s (%s..%s)  front %s (%s..%s)  injected %s ms (%+.1f%%), floor %s ms\n' \
		"$name" "$dm" "$dmin" "$dmax" "$fm" "$fmin" "$fmax" "$inj" \
		"$(awk -v i="$inj" -v d="$LAB_DELAY_MS" 'BEGIN { print (i - d) * 100 / d }')" "$floor"
	summary delay "injected delay, $name (median of $n; floor)" "$inj ms; $floor ms" "$LAB_DELAY_MS ms"
done
