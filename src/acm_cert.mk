# Reading describe-certificate output and routing Status/FailureReason to
# explanations, next steps and probes (issue 4, "Input"). The reason table is
# data/acm-reasons.txt (listed in DATA_FILES in data/local.mk).
libacmd_a_SOURCES += src/acm_cert.c src/acm_route.c src/acm_cert.h

check_PROGRAMS += tests/src/test_acm_cert
TESTS += tests/src/test_acm_cert
tests_src_test_acm_cert_SOURCES = tests/src/test_acm_cert.c tests/src/testutil.h
tests_src_test_acm_cert_CPPFLAGS = $(AM_CPPFLAGS) -DTESTS_SRCDIR=\"$(abs_top_srcdir)/tests\"
tests_src_test_acm_cert_LDADD = $(ENGINE_LIBS)
# Sample describe-certificate outputs, good and malformed (the whole folder).
EXTRA_DIST += tests/data/acm
