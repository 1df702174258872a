#!/bin/sh
# data/acm-reasons-msgids.c (what xgettext reads) must match the data file
# it is generated from, or translations would silently go missing.
srcdir=${TESTS_SRCDIR:-$(dirname "$0")}/..
if sh "$srcdir/data/reasons-msgids.sh" "$srcdir/data/acm-reasons.txt" | cmp -s - "$srcdir/data/acm-reasons-msgids.c"; then
	echo "1 passed, 0 failed"
	exit 0
fi
echo "data/acm-reasons-msgids.c is stale: run data/reasons-msgids.sh data/acm-reasons.txt > data/acm-reasons-msgids.c"
echo "0 passed, 1 failed"
exit 1
