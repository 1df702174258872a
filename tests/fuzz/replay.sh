#!/bin/sh
# Every harness's committed corpus, replayed through its plain-main driver
# (tests/fuzz/replay.c) with this build's sanitizers; under check-valgrind
# the drivers run under valgrind ($ACMD_VALGRIND). Any input that crashes,
# trips a sanitizer or breaks a harness invariant fails the test.
srcdir=${TESTS_SRCDIR:-$(dirname "$0")/..}
builddir=${ACMD_BUILDDIR:-.}
passed=0 failed=0
for h in dns_wire acm_cert names caa sanitize template aws rdap smtp_reply; do
	corpus=$srcdir/fuzz/corpus/$h
	if [ ! -d "$corpus" ]; then
		echo "FAIL $h: no corpus $corpus"
		failed=$((failed + 1))
		continue
	fi
	if out=$(${ACMD_VALGRIND:-} "$builddir/tests/fuzz/replay_$h" "$corpus" 2>&1); then
		echo "ok $h: $(printf '%s\n' "$out" | head -n 1)"
		passed=$((passed + 1))
	else
		echo "FAIL $h"
		printf '%s\n' "$out" | tail -n 30 | sed 's/^/    /'
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
