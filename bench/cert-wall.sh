#!/bin/bash
# Wall time of a full `acm-doctor check --certificate` on a certificate with
# five names (CAA for each, and the validation records: four distinct) against
# the loopback lab: median, min and max over N runs, cold resolver cache.
# Usage (from the build tree): tests/lab/lab.sh ns-run bench/cert-wall.sh [N]
set -eu
n=${1:-21}
bin=${ACM_DOCTOR:-./acm-doctor}
cert=$(mktemp)
trap 'rm -f "$cert"' EXIT
created=$(date -u -d '-2 hours' +%Y-%m-%dT%H:%M:%S+00:00)
jq -n --arg created "$created" '
def dvo($d; $rr): {DomainName: $d, ValidationStatus: "PENDING_VALIDATION", ValidationMethod: "DNS",
	ResourceRecord: {Name: $rr, Type: "CNAME", Value: "_y1.acm-validations.test."}};
{Certificate: {CertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
	DomainName: "cname-ok.test", Status: "PENDING_VALIDATION", CreatedAt: $created,
	DomainValidationOptions: [dvo("cname-ok.test"; "_x1.cname-ok.test."), dvo("*.cname-ok.test"; "_x1.cname-ok.test."),
		dvo("cname-missing.test"; "_x1.cname-missing.test."), dvo("cname-wrong.test"; "_x1.cname-wrong.test."),
		dvo("cname-doubled.test"; "_x1.cname-doubled.test.")]}}' >"$cert"
"$bin" check --json --resolver "$LAB_RESOLVER" --certificate "$cert" >/dev/null || true   # warm-up
for _ in $(seq "$n"); do
	"$LAB_SH" flush >/dev/null 2>&1
	t0=$(date +%s%N)
	"$bin" check --json --resolver "$LAB_RESOLVER" --certificate "$cert" >/dev/null || true
	t1=$(date +%s%N)
	echo $(( (t1 - t0) / 1000 ))
done | sort -n | awk '{ v[NR] = $1 } END {
	m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	printf "certificate with 5 names, cold cache: median %.1f ms  min %.1f ms  max %.1f ms  (%d runs)\n", m / 1000, v[1] / 1000, v[NR] / 1000, NR
}'
