#!/bin/sh
# The CAA questions a check of the names on stdin asks: for every name
# (a wildcard "*.x" is checked at x) the name itself and each parent up to
# the TLD, each distinct question once, in first-seen order: what one
# acm-doctor run over the whole list sends in its first round. Written as
# "NAME CAA" lines, the input format of both dnsperf -d and dig -f.
# Usage: bench/caa-queries.sh <names >queries
exec awk '
{
	n = tolower($1)
	sub(/\.$/, "", n)
	if (substr(n, 1, 2) == "*.")
		n = substr(n, 3)
	while (n != "") {
		if (!(n in seen)) {
			seen[n] = 1
			print n ". CAA"
		}
		i = index(n, ".")
		if (!i)
			break
		n = substr(n, i + 1)
	}
}'
