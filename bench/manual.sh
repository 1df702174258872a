#!/bin/bash
# The manual recipe against one acm-doctor run, on the same names, as a
# ratio of wall times: straight at the resolver, and with the resolver D ms
# away (the lab's delayed front).
#
#   manual      what a user types today, one command after the other: for
#               each name `dig CAA` at the name and at every parent up to
#               the TLD, `dig CNAME` for its validation record, `dig A` for
#               its address and `openssl s_client` to that address with the
#               name as SNI
#   acm-doctor  `check --certificate` (CAA and validation records of every
#               name in one run) and `tls --sni NAME` per name, to the
#               address the lab serves it on
#
# Names: api.example.test and www.example.test with the lab's validation
# record _abc.example.test (scenario 17 of tests/lab/README.md).
# Usage (from the build tree): tests/lab/lab.sh ns-run bench/manual.sh [RUNS [D_MS]]
set -eu
. "$(dirname "$0")/lib.sh"
runs=${1:-5}
if [ -z "${LAB_DELAY_RESOLVER:-}" ]; then
	eval "$("$LAB_SH" delay-start "${2:-30}")"
fi
D=$LAB_DELAY_MS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
names=(api.example.test www.example.test)
record=_abc.example.test.
site=$LAB_TLS_SITE
"$BENCH_DIR/lab-cert.sh" "api.example.test=$record=_xyz.acm-validations.test." \
	"www.example.test=$record=_xyz.acm-validations.test." >"$tmp/cert.json"

manual() { # resolver_addr resolver_port
	local n x a
	for n in "${names[@]}"; do
		x=$n
		while :; do
			dig @"$1" -p "$2" +short "$x" CAA >/dev/null
			case $x in *.*) x=${x#*.} ;; *) break ;; esac
		done
		dig @"$1" -p "$2" +short "$record" CNAME >/dev/null
		a=$(dig @"$1" -p "$2" +short "$n" A | tail -n 1)
		openssl s_client -connect "${a:-$site}:443" -servername "$n" -CAfile "$LAB_CA" \
			-verify_hostname "$n" </dev/null >/dev/null 2>&1 || true
	done
}
doctor() { # resolver
	local n
	"$ACM_DOCTOR" check --json --resolver "$1" --certificate "$tmp/cert.json" >/dev/null 2>&1 || true
	for n in "${names[@]}"; do
		"$ACM_DOCTOR" tls --json --sni "$n" --ca-file "$LAB_CA" "$site" >/dev/null 2>&1 || true
	done
}
# commands a user runs by hand: per name its levels of CAA, CNAME, A, s_client
steps=0
for n in "${names[@]}"; do steps=$((steps + $(awk -F. '{ print NF }' <<<"$n") + 3)); done

median_of() { # command...: median wall ms over $runs runs, after one warm-up
	local t0 t1
	"$@"
	for _ in $(seq "$runs"); do
		stamp t0
		"$@"
		stamp t1
		echo $((t1 - t0))
	done | awk '{ print $1 / 1000 }' | med_min_max | cut -d' ' -f1
}

m0=$(median_of manual "$LAB_RESOLVER_ADDR" "$LAB_RESOLVER_PORT")
a0=$(median_of doctor "$LAB_RESOLVER_ADDR:$LAB_RESOLVER_PORT")
mD=$(median_of manual "${LAB_DELAY_RESOLVER%:*}" "${LAB_DELAY_RESOLVER##*:}")
aD=$(median_of doctor "$LAB_DELAY_RESOLVER")

echo "manual recipe vs acm-doctor, names ${names[*]} (validation record $record), median of $runs"
printf '%-11s %-44s %12s %12s\n' '' 'commands' 'resolver' "+$D ms"
printf '%-11s %-44s %9.1f ms %9.1f ms\n' manual "$steps (dig per level, CNAME, A; s_client)" "$m0" "$mD"
printf '%-11s %-44s %9.1f ms %9.1f ms\n' acm-doctor "$((1 + ${#names[@]})) (check --certificate; tls per name)" "$a0" "$aD"
printf '%-11s %-44s %11.1fx %11.1fx\n' ratio 'manual / acm-doctor' \
	"$(awk -v m="$m0" -v a="$a0" 'BEGIN { print m / a }')" "$(awk -v m="$mD" -v a="$aD" 'BEGIN { print m / a }')"
summary manual "manual recipe / acm-doctor (resolver, +$D ms)" \
	"$(awk -v m="$m0" -v a="$a0" -v n="$mD" -v b="$aD" 'BEGIN { printf "%.1fx, %.1fx (%.0f vs %.0f ms at +D)", m / a, n / b, n, b }')"
