#!/bin/sh
# Replays the fuzz corpora through their harnesses (tests/fuzz/replay.c):
# every input libFuzzer kept must still pass under `make check` (and its
# sanitizers or valgrind). The harnesses themselves need clang: make
# fuzz-apigw-domain, make fuzz-http-head.
srcdir=${TESTS_SRCDIR:-$(dirname "$0")/..}
b=${ACMD_BUILDDIR:-.}/tests/fuzz
status=0
for h in apigw_domain http_head; do
	${ACMD_VALGRIND:+"$ACMD_VALGRIND"} "$b/replay_$h" "$srcdir/fuzz/corpus/$h"/* || status=1
done
exit $status
