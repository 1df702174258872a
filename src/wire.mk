# DNS wire-format parser and name helpers.
libacmd_a_SOURCES += src/dns_wire.c src/dns_wire.h src/dns_name.c
check_PROGRAMS += tests/src/test_dns_wire
TESTS += tests/src/test_dns_wire
tests_src_test_dns_wire_SOURCES = tests/src/test_dns_wire.c tests/src/testutil.h
tests_src_test_dns_wire_LDADD = $(ENGINE_LIBS)
