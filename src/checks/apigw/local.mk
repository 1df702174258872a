# The API Gateway custom domain check: apigw_int.h says which file does what.
libacmd_a_SOURCES += src/checks/apigw/apigw_check.c src/checks/apigw/apigw_check.h \
	src/checks/apigw/apigw_int.h src/checks/apigw/apigw_domain.c \
	src/checks/apigw/apigw_url.c src/checks/apigw/apigw_names.c \
	src/checks/apigw/apigw_clients.c src/checks/apigw/apigw_clients.h \
	src/checks/apigw/apigw_probe.c src/checks/apigw/apigw_dns.c \
	src/checks/apigw/apigw_eval.c src/checks/apigw/apigw_judge.c \
	src/checks/apigw/apigw_words.c src/checks/apigw/apigw_plan.c

# The pure parts: the classifier and helpers, the evaluation from hand-made
# facts, the reader of get-domain-name output (tests/data/apigw/).
APIGW_UNIT_TESTS = tests/src/checks/apigw/test_apigw_names tests/src/checks/apigw/test_apigw_eval \
	tests/src/checks/apigw/test_apigw_domain
check_PROGRAMS += $(APIGW_UNIT_TESTS)
TESTS += $(APIGW_UNIT_TESTS)
tests_src_checks_apigw_test_apigw_names_SOURCES = tests/src/checks/apigw/test_apigw_names.c tests/src/testutil.h \
	tests/src/checks/apigw/apigw_test.h
tests_src_checks_apigw_test_apigw_names_LDADD = $(ENGINE_LIBS)
tests_src_checks_apigw_test_apigw_eval_SOURCES = tests/src/checks/apigw/test_apigw_eval.c tests/src/testutil.h \
	tests/src/checks/apigw/apigw_test.h
tests_src_checks_apigw_test_apigw_eval_LDADD = $(ENGINE_LIBS)
tests_src_checks_apigw_test_apigw_domain_SOURCES = tests/src/checks/apigw/test_apigw_domain.c tests/src/testutil.h
tests_src_checks_apigw_test_apigw_domain_LDADD = $(ENGINE_LIBS)

# Every lab scenario through `check --only apigw --json` (tests/lab/README.md,
# "API Gateway scenarios"), the input refused before any probe, tls HOST,
# explain.
TESTS += tests/e2e/apigw-check.test
EXTRA_DIST += tests/e2e/apigw-check.test

# The fix closed with the real AWS CLI against the lab's AWS endpoint.
TESTS += tests/e2e/apigw-fix.test
EXTRA_DIST += tests/e2e/apigw-fix.test tests/aws/fixtures/apigw.json
