# The DNS-validation CNAME checks (issue 4, "The checks").
libacmd_a_SOURCES += src/cname_check.c src/cname_check.h

# The engine against the lab: every finding code, one scenario zone each
# (tests/lab/README.md, "CNAME validation scenarios"), and the fix closure.
check_PROGRAMS += tests/src/test_cname_check
tests_src_test_cname_check_SOURCES = tests/src/test_cname_check.c tests/src/testutil.h
tests_src_test_cname_check_LDADD = $(ENGINE_LIBS)
TESTS += tests/e2e/cname-checks.test
EXTRA_DIST += tests/e2e/cname-checks.test
