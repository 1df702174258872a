#!/bin/bash
# The critical path a check cannot avoid: how many dependent rounds of
# queries the names and their delegation force, whatever the engine does.
# Asks the (undelayed) resolver and the authoritative servers with kdig, so
# run it on a warm cache, after the check it describes.
#
#   CAA of names (and wildcards): 1 round through the resolver. Every
#   question is known from the names alone: the CAA climb to the TLD, and
#   the SOA and NS a fix needs can be asked for every ancestor at once;
#   CNAMEs are followed by the resolver itself.
#   Validation record V in zone Z (parent zone P): round 1 through the
#   resolver also asks V, the SOA and NS of every ancestor. The servers of Z
#   and P must then be asked directly, which needs their addresses: one more
#   resolver round unless every one came in the additional section of the
#   NS answers (warm cache). The direct round asks P (its referral: what the
#   parent delegates) and Z's servers at once, when the referral names the
#   servers the resolver already showed; if it names others without glue,
#   their addresses cost one more resolver round and one more direct round.
#
# Prints "RESOLVER_ROUNDS DIRECT_ROUNDS  why" (the direct rounds are not
# delayed in the lab: the front sits in front of the resolver only).
# Usage: bench/forced-rounds.sh ADDR[:PORT] caa NAME...
#        bench/forced-rounds.sh ADDR[:PORT] cert FILE
set -eu
res=$1 mode=$2
shift 2
raddr=${res%:*} rport=53
[ "$raddr" != "$res" ] && rport=${res##*:}

q() { kdig @"$raddr" -p "$rport" +time=2 +retry=1 +nocookie "$@" 2>/dev/null; }
# the records of one section of a kdig answer: "owner type rdata..."
section() { # NAME(ANSWER|AUTHORITY|ADDITIONAL)
	awk -v s=";; $1 SECTION:" '$0 == s { on = 1; next } /^;;/ || /^$/ { on = 0 } on { print $1, $4, $5 }'
}

if [ "$mode" = caa ]; then
	echo "1 0  CAA: every question is known from the names"
	exit 0
fi

file=$1
worst_r=1 worst_d=0 why="CAA only"
# the zone that holds NAME: the deepest ancestor with an SOA of its own
zone_of() {
	local n=$1 z
	while :; do
		z=$(q "$n" SOA | section ANSWER | awk -v n="$n" 'tolower($1) == n && $2 == "SOA" { print $1; exit }')
		[ -n "$z" ] && { echo "$n"; return; }
		[ "$n" = . ] && { echo .; return; }
		n=${n#*.}
		[ -n "$n" ] || n=.
	done
}

for v in $(jq -r '.Certificate.DomainValidationOptions[]?.ResourceRecord.Name // empty' "$file" |
		tr 'A-Z' 'a-z' | sort -u); do
	case $v in *.) ;; *) v=$v. ;; esac
	z=$(zone_of "${v#*.}")
	p=$(zone_of "$([ "$z" = . ] && echo . || { x=${z#*.}; echo "${x:-.}"; })")
	r=1 d=1 note="$v in $z (parent $p)"
	# round 2 unless the NS answers brought every address
	missing=0
	for zz in "$z" "$p"; do
		out=$(q "$zz" NS)
		for ns in $(printf '%s\n' "$out" | section ANSWER | awk '$2 == "NS" { print tolower($3) }'); do
			printf '%s\n' "$out" | section ADDITIONAL | awk -v n="$ns" 'tolower($1) == n && $2 == "A" { f = 1 } END { exit !f }' ||
				missing=$((missing + 1))
		done
	done
	[ "$missing" -gt 0 ] && { r=2; note="$note; $missing name server address(es) not in the NS answers"; }
	# the parent's referral: the same servers, or others without glue?
	if [ "$z" != "$p" ] && [ "$z" != . ]; then
		pns=$(q "$p" NS | section ANSWER | awk '$2 == "NS" { print $3; exit }')
		paddr=$(q "$pns" A | section ANSWER | awk '$2 == "A" { print $3; exit }')
		if [ -n "$paddr" ]; then
			ref=$(kdig @"$paddr" +norec +time=2 +retry=1 "$v" CNAME 2>/dev/null)
			zns=$(q "$z" NS | section ANSWER | awk '$2 == "NS" { print tolower($3) }' | sort)
			for ns in $(printf '%s\n' "$ref" | section AUTHORITY | awk -v z="$z" 'tolower($1) == z && $2 == "NS" { print tolower($3) }'); do
				printf '%s\n' "$zns" | grep -qxF "$ns" && continue
				printf '%s\n' "$ref" | section ADDITIONAL | awk -v n="$ns" 'tolower($1) == n { f = 1 } END { exit !f }' && continue
				r=$((r + 1)) d=2 note="$note; the referral names $ns (no glue)"
				break
			done
		fi
	fi
	if [ "$r" -gt "$worst_r" ] || { [ "$r" -eq "$worst_r" ] && [ "$d" -gt "$worst_d" ]; }; then
		worst_r=$r worst_d=$d why=$note
	fi
done
echo "$worst_r $worst_d  $why"
