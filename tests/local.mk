# Unit tests of pure logic live in tests/src/, which mirrors src/ (each
# src/<layer>/local.mk lists its own); end-to-end tests against the loopback
# lab are in tests/e2e/, each run inside its own lab.
EXTRA_DIST += tests/src/testutil.h

# End-to-end tests: each runs in its own loopback lab (see tests/lab/local.mk
# for the log compiler), against the built acm-doctor.
E2E_CAA_TESTS = tests/e2e/caa-verdicts.test tests/e2e/caa-fix.test \
	tests/e2e/caa-failures.test tests/e2e/caa-hostile.test tests/e2e/cli.test \
	tests/e2e/loop-mixed.test tests/e2e/dns-client.test tests/e2e/cname-cli.test
TESTS += $(E2E_CAA_TESTS)
EXTRA_DIST += $(E2E_CAA_TESTS)

# Fleet scans (check --names-from, --certificates-from).
E2E_FLEET_TESTS = tests/e2e/fleet.test
TESTS += $(E2E_FLEET_TESTS)
EXTRA_DIST += $(E2E_FLEET_TESTS)

# Where test scripts find built programs; and under `make check-valgrind`,
# acm-doctor and every C test program run under valgrind (use a build
# configured without --enable-sanitizers).
AM_TESTS_ENVIRONMENT += ACMD_BUILDDIR='$(abs_top_builddir)'; export ACMD_BUILDDIR; \
	if test -n "$$ACMD_UNDER_VALGRIND"; then \
	ACMD_BIN=$$ACM_DOCTOR; ACM_DOCTOR='$(abs_top_srcdir)/tests/valgrind.sh'; \
	ACMD_VALGRIND=$$ACM_DOCTOR; export ACMD_BIN ACM_DOCTOR ACMD_VALGRIND; fi;
check-valgrind:
	$(MAKE) $(AM_MAKEFLAGS) check ACMD_UNDER_VALGRIND=1 LOG_COMPILER='$(abs_top_srcdir)/tests/valgrind.sh'
.PHONY: check-valgrind
EXTRA_DIST += tests/valgrind.sh

# The data file's texts, collected for translation, must be up to date.
TESTS += tests/data-msgids.sh
EXTRA_DIST += tests/data-msgids.sh data/reasons-msgids.sh data/acm-reasons-msgids.c

# Includes go downward only (doc/ARCHITECTURE.md).
TESTS += tests/layers.sh
EXTRA_DIST += tests/layers.sh
