#!/bin/sh
# What a fleet scan with today's acm-doctor looks like: `check` takes at
# most 100 names, so the list is cut into batches of 100 and one
# `check --json` process runs per batch, P at a time. Each batch's JSON goes
# to OUTDIR/batch.NNNNNN.json.
# Usage: bench/batch-check.sh NAMES_FILE OUTDIR P RESOLVER
set -eu
names=$1 out=$2 p=$3 resolver=$4
bin=${ACM_DOCTOR:-./acm-doctor}
split -l 100 -a 6 -d "$names" "$out/batch."
# A batch that finds something blocked exits 1: a result, not a failure.
# xargs -d '\n' hands the names over as they are (no globbing of "*.x").
printf '%s\n' "$out"/batch.?????? | xargs -P "$p" -n 1 sh -c \
	'xargs -d "\n" -a "$2" "$0" check --json --resolver "$1" >"$2.json" 2>"$2.err"; exit 0' \
	"$bin" "$resolver"
