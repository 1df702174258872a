# Unit tests of pure logic (tests/src mirrors src/) and end-to-end tests
# against the loopback lab (tests/e2e, each run inside its own lab).
check_PROGRAMS += tests/src/test_caa_eval tests/src/test_sanitize tests/src/test_loop
TESTS += tests/src/test_caa_eval tests/src/test_sanitize tests/src/test_loop
tests_src_test_caa_eval_SOURCES = tests/src/test_caa_eval.c tests/src/testutil.h
tests_src_test_caa_eval_LDADD = $(ENGINE_LIBS)
tests_src_test_sanitize_SOURCES = tests/src/test_sanitize.c tests/src/testutil.h
tests_src_test_sanitize_LDADD = $(ENGINE_LIBS)
tests_src_test_loop_SOURCES = tests/src/test_loop.c tests/src/testutil.h
tests_src_test_loop_LDADD = $(ENGINE_LIBS)
EXTRA_DIST += tests/src/testutil.h
