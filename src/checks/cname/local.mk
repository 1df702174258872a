# The DNS-validation CNAME check: cname_int.h says which file does what.
libacmd_a_SOURCES += src/checks/cname/cname_check.c src/checks/cname/cname_check.h \
	src/checks/cname/cname_int.h src/checks/cname/cname_probe.c \
	src/checks/cname/cname_answer.c src/checks/cname/cname_search.c \
	src/checks/cname/cname_eval.c src/checks/cname/cname_plan.c src/checks/cname/cname_advice.c

# The engine against the lab: every finding code, one scenario zone each
# (tests/lab/README.md, "CNAME validation scenarios"), and the fix closure.
check_PROGRAMS += tests/src/checks/cname/test_cname_check
tests_src_checks_cname_test_cname_check_SOURCES = tests/src/checks/cname/test_cname_check.c tests/src/testutil.h
tests_src_checks_cname_test_cname_check_LDADD = $(ENGINE_LIBS)
TESTS += tests/e2e/cname-checks.test
EXTRA_DIST += tests/e2e/cname-checks.test
