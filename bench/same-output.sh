#!/bin/bash
# Two builds, the same verdicts: runs acm-doctor BEFORE and AFTER on every
# scenario of the lab (each zone of tests/lab/zones.list as ZONE *.ZONE
# www.ZONE, JSON and text; each cname-* zone's validation record with
# --record; the describe-certificate samples of tests/data/acm with their
# names moved into the lab; a certificate per cname-* zone) and compares
# exit status, standard error and standard output byte for byte, apart
# from the statistics (the JSON "stats" object, the text's last line).
# Each run starts from an empty resolver cache, and the resolver does not
# rotate RRsets, so TTLs and name-server orders are the same every time;
# a scenario random by design is run again (see run_case).
# For engine changes that must not change a verdict (issue 13); not a test.
#
# Usage (from the build tree): tests/lab/lab.sh ns-run bench/same-output.sh BEFORE AFTER
set -u
before=$1 after=$2
here=$(CDPATH='' cd "$(dirname "$0")" && pwd)
top=$here/..
tmp=$(mktemp -d "${TMPDIR:-/tmp}/same.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
[ -n "${LAB_RUN:-}" ] || { echo "same-output.sh: run it inside the lab (tests/lab/lab.sh ns-run)" >&2; exit 2; }
printf 'server:\n\trrset-roundrobin: no\n' >>"$LAB_UNBOUND_CONF"
unbound-control -c "$LAB_UNBOUND_CONF" reload >/dev/null

cases=0 differ=0
# once BUILD ARGS...: one run from an empty cache into $tmp/BUILD.{out,err,rc},
# without the statistics (the JSON's "stats" object, the text's summary line)
once() {
	local b=$1 bin=$before
	shift
	[ "$b" = after ] && bin=$after
	"$LAB_SH" flush >/dev/null 2>&1
	NO_COLOR=1 "$bin" check --resolver "$LAB_RESOLVER" "$@" >"$tmp/$b.out" 2>"$tmp/$b.err"
	echo "$?" >>"$tmp/$b.out"
	cat "$tmp/$b.err" >>"$tmp/$b.out"
	if head -c 1 "$tmp/$b.out" | grep -q '{'; then
		sed -i '/^\t"stats":/,/^\t}/d' "$tmp/$b.out"
	else
		sed -i -E '/^[0-9]+ DNS quer(y|ies) via .* in [0-9]+ ms$/d' "$tmp/$b.out"
	fi
}

# run_case LABEL ARGS...: both builds, compared (exit status and standard
# error included). A scenario that is random by design (cname-split.test:
# the resolver asks either of two servers that disagree) gets up to three
# more runs of each: AFTER passes when one of its outputs is one of BEFORE's.
run_case() {
	local label=$1 i k
	shift
	cases=$((cases + 1))
	for i in 0 1 2 3; do
		once before "$@"; mv "$tmp/before.out" "$tmp/before.$i"
		once after "$@"; mv "$tmp/after.out" "$tmp/after.$i"
		for k in $(seq 0 "$i"); do
			cmp -s "$tmp/after.$i" "$tmp/before.$k" && return
			cmp -s "$tmp/after.$k" "$tmp/before.$i" && return
		done
	done
	differ=$((differ + 1))
	echo "DIFFERS: $label"
	diff -u "$tmp/before.0" "$tmp/after.0" | head -n 40 | sed 's/^/    /'
}

# Every customer zone: the apex, its wildcard and www, as JSON and text.
awk '!/^#/ && NF >= 3 && $1 != "root" && $1 != "tld" { print $2 }' "$top/tests/lab/zones.list" |
	sed 's/\.$//' | sort -u >"$tmp/zones"
while read -r z; do
	run_case "$z (json)" --json "$z" "*.$z" "www.$z"
	run_case "$z (text)" "$z" "*.$z" "www.$z"
done <"$tmp/zones"

# The validation record of each cname-* zone (and the edited server where
# the record sits in a zone that is not delegated).
while read -r z; do
	extra=()
	[ "$z" = cname-wrongzone.test ] && extra=(--edited-ns 127.0.0.5)
	run_case "$z --record (json)" --json --record "_x1.$z=_y1.acm-validations.test" "${extra[@]}"
	run_case "$z --record (text)" --record "_x1.$z=_y1.acm-validations.test" "${extra[@]}"
done < <(grep '^cname-' "$tmp/zones")

# describe-certificate samples, their names moved into the lab.
for f in "$top"/tests/data/acm/*.json; do
	case ${f##*/} in bad-*) continue ;; esac
	sed -e 's/example\.com/example.test/g' -e 's/example\.net/caa-amazon.test/g' "$f" >"$tmp/cert.json"
	run_case "${f##*/} (json)" --json --certificate "$tmp/cert.json"
	run_case "${f##*/} (text)" --certificate "$tmp/cert.json"
done

# A pending certificate per cname-* zone, with its wildcard.
created=$(date -u -d '-2 hours' +%Y-%m-%dT%H:%M:%S+00:00)
while read -r z; do
	jq -n --arg z "$z" --arg created "$created" '
		{Certificate: {CertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
		DomainName: $z, Status: "PENDING_VALIDATION", CreatedAt: $created, SubjectAlternativeNames: [$z, "*." + $z],
		DomainValidationOptions: [($z, "*." + $z) | {DomainName: ., ValidationStatus: "PENDING_VALIDATION",
			ValidationMethod: "DNS", ResourceRecord: {Name: ("_x1." + $z + "."), Type: "CNAME",
			Value: "_y1.acm-validations.test."}}]}}' >"$tmp/cert.json"
	run_case "$z certificate (json)" --json --certificate "$tmp/cert.json"
done < <(grep '^cname-' "$tmp/zones")

echo "same-output: $cases cases, $differ differ ($before vs $after)"
[ "$differ" = 0 ]
