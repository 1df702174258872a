# acm: reading describe-certificate output, and routing Status/FailureReason
# to explanations, next steps and checks (data/acm-reasons.txt).
libacmd_a_SOURCES += src/acm/acm_cert.c src/acm/acm_route.c src/acm/acm_psl.c src/acm/acm_cert.h \
	src/acm/acm_int.h src/acm/acm_partial.c src/acm/acm_load.c src/acm/acm_list.c src/acm/acm_list.h \
	src/acm/acm_input.c src/acm/acm_input.h src/acm/acm_aws.c src/acm/acm_aws.h src/acm/acm_fetch.c \
	src/acm/acm_walk.c src/acm/acm_walk.h \
	src/acm/acm_probed.c

check_PROGRAMS += tests/src/acm/test_acm_cert
TESTS += tests/src/acm/test_acm_cert
tests_src_acm_test_acm_cert_SOURCES = tests/src/acm/test_acm_cert.c tests/src/testutil.h
tests_src_acm_test_acm_cert_CPPFLAGS = $(AM_CPPFLAGS) -DTESTS_SRCDIR=\"$(abs_top_srcdir)/tests\"
tests_src_acm_test_acm_cert_LDADD = $(ENGINE_LIBS)
# Sample describe-certificate outputs, good and malformed (the whole folder).
EXTRA_DIST += tests/data/acm

check_PROGRAMS += tests/src/acm/test_acm_list
TESTS += tests/src/acm/test_acm_list
tests_src_acm_test_acm_list_SOURCES = tests/src/acm/test_acm_list.c tests/src/testutil.h
tests_src_acm_test_acm_list_LDADD = $(ENGINE_LIBS)
