#!/bin/sh
# The email check's harnesses (tests/fuzz/email.mk): each committed corpus
# replayed through its plain-main driver with this build's sanitizers (under
# check-valgrind, under valgrind). Any input that crashes, trips a
# sanitizer or breaks a harness invariant fails the test.
srcdir=${TESTS_SRCDIR:-$(dirname "$0")/..}
builddir=${ACMD_BUILDDIR:-.}
passed=0 failed=0
for h in rdap smtp_reply; do
	if out=$(${ACMD_VALGRIND:-} "$builddir/tests/fuzz/replay_$h" "$srcdir/fuzz/corpus/$h" 2>&1); then
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
