#!/bin/sh
# The generated lists xgettext reads must match the data files they come
# from, or translations would silently go missing: data/acm-reasons-msgids.c
# and data/explain-terms-msgids.c (the texts of the reasons and of explain),
# and data/provider-msgids.c (the provider files').
srcdir=${TESTS_SRCDIR:-$(dirname "$0")}/..
passed=0 failed=0
for name in acm-reasons explain-terms; do
	if sh "$srcdir/data/reasons-msgids.sh" "$srcdir/data/$name.txt" | cmp -s - "$srcdir/data/$name-msgids.c"; then
		passed=$((passed + 1))
	else
		echo "data/$name-msgids.c is stale: run data/reasons-msgids.sh data/$name.txt > data/$name-msgids.c"
		failed=$((failed + 1))
	fi
done
# In the order data/providers/local.mk lists them.
tmpls=$(grep -o 'data/providers/[a-z0-9]*\.tmpl' "$srcdir/data/providers/local.mk" | sed "s|^|$srcdir/|")
# shellcheck disable=SC2086 # one word per file
if sh "$srcdir/data/provider-msgids.sh" $tmpls | cmp -s - "$srcdir/data/provider-msgids.c"; then
	passed=$((passed + 1))
else
	echo "data/provider-msgids.c is stale: run data/provider-msgids.sh \$(grep -o 'data/providers/[a-z0-9]*\\.tmpl' data/providers/local.mk) > data/provider-msgids.c"
	failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
