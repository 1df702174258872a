#!/bin/sh
# Prints an 'aws acm describe-certificate' answer (PENDING_VALIDATION, DNS
# validation, requested two hours ago) for names of the lab, for check
# --certificate. Each argument is NAME=RECORD_NAME[=RECORD_VALUE]; the value
# defaults to _y1.acm-validations.test. (which exists in the lab).
# Usage: bench/lab-cert.sh cname-ok.test=_x1.cname-ok.test. '*.cname-ok.test=_x1.cname-ok.test.' ...
set -eu
created=$(date -u -d '-2 hours' +%Y-%m-%dT%H:%M:%S+00:00)
for a; do printf '%s\n' "$a"; done | jq -R -s --arg created "$created" '
	[split("\n")[] | select(length > 0) | split("=")] as $p |
	{Certificate: {
		CertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
		DomainName: $p[0][0], Status: "PENDING_VALIDATION", CreatedAt: $created,
		SubjectAlternativeNames: [$p[][0]],
		DomainValidationOptions: [$p[] | {DomainName: .[0], ValidationStatus: "PENDING_VALIDATION",
			ValidationMethod: "DNS",
			ResourceRecord: {Name: .[1], Type: "CNAME", Value: (.[2] // "_y1.acm-validations.test.")}}]}}'
