#!/bin/bash
# Wall time of the email check against the lab's email scenarios: median,
# min and max over N runs, with a cold resolver cache (flushed before each
# run) and a warm one, for `check --only email` on a healthy domain (MX,
# A/AAAA, an SMTP greeting, RDAP over HTTPS), for the same with CAA too
# (`check --email`), and for an email-validated certificate end to end
# (`check --certificate`). A benchmark, not a test: it reports.
# Usage (from the build tree): tests/lab/lab.sh ns-run bench/email-wall.sh [N] [NAME]
set -eu
n=${1:-11}
name=${2:-email-ok.test}
bin=${ACM_DOCTOR:-./acm-doctor}
opts=(--json --resolver "$LAB_RESOLVER" --rdap-bootstrap "$LAB_RDAP_BOOTSTRAP" --https-ca-file "$LAB_CA")
cert=$(mktemp "$LAB_RUN/email-cert.XXXXXX")
cat >"$cert" <<JSON
{"Certificate": {"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/1f0e8a4c-3b2d-4c6e-9a7b-5d4c3b2a1f00",
 "DomainName": "$name", "SubjectAlternativeNames": ["$name", "www.$name"],
 "DomainValidationOptions": [
  {"DomainName": "$name", "ValidationStatus": "PENDING_VALIDATION", "ValidationMethod": "EMAIL"},
  {"DomainName": "www.$name", "ValidationStatus": "PENDING_VALIDATION", "ValidationMethod": "EMAIL"}],
 "Status": "PENDING_VALIDATION", "Type": "AMAZON_ISSUED", "CreatedAt": $(( $(date +%s) - 3600 ))}}
JSON

run() {
	local t0 t1
	t0=$(date +%s%N)
	"$bin" check "${opts[@]}" "$@" >/dev/null || true
	t1=$(date +%s%N)
	echo $(( (t1 - t0) / 1000 ))
}

stats() {
	sort -n | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "median %.1f ms  min %.1f ms  max %.1f ms  (%d runs)\n", m / 1000, v[1] / 1000, v[NR] / 1000, NR
	}'
}

measure() {
	run "$@" >/dev/null   # warm-up: the RDAP server makes its certificate on first use
	echo "acm-doctor check $*"
	printf '  cold cache: '
	for _ in $(seq "$n"); do "$LAB_SH" flush >/dev/null 2>&1; run "$@"; done | stats
	printf '  warm cache: '
	for _ in $(seq "$n"); do run "$@"; done | stats
}

measure --only email "$name"
measure --email "$name"
measure --certificate "$cert"
rm -f "$cert"
