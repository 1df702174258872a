# The CAA check (RFC 8659 as ACM applies it): caa_int.h says which file
# does what.
libacmd_a_SOURCES += src/checks/caa/caa_eval.c src/checks/caa/caa_eval.h \
	src/checks/caa/caa_check.c src/checks/caa/caa_check.h src/checks/caa/caa_int.h \
	src/checks/caa/caa_probe.c src/checks/caa/caa_findings.c src/checks/caa/caa_plan.c \
	src/checks/caa/caa_advice.c

check_PROGRAMS += tests/src/checks/caa/test_caa_eval
TESTS += tests/src/checks/caa/test_caa_eval
tests_src_checks_caa_test_caa_eval_SOURCES = tests/src/checks/caa/test_caa_eval.c tests/src/testutil.h
tests_src_checks_caa_test_caa_eval_LDADD = $(ENGINE_LIBS)
