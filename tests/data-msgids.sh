#!/bin/sh
# data/NAME-msgids.c (what xgettext reads) must match the data file it is
# generated from, or translations would silently go missing.
srcdir=${TESTS_SRCDIR:-$(dirname "$0")}/..
passed=0 failed=0
for name in acm-reasons explain-apigw; do
	if sh "$srcdir/data/reasons-msgids.sh" "$srcdir/data/$name.txt" | cmp -s - "$srcdir/data/$name-msgids.c"; then
		passed=$((passed + 1))
	else
		echo "data/$name-msgids.c is stale: run data/reasons-msgids.sh data/$name.txt > data/$name-msgids.c"
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
