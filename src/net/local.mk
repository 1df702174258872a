# net: DNS wire format and names, the c-ares client, the TLS probe.
libacmd_a_SOURCES += \
	src/net/dns_wire.c src/net/dns_wire.h src/net/dns_name.c \
	src/net/names.c src/net/names.h \
	src/net/dns_client.c src/net/dns_client.h src/net/dns_client_int.h \
	src/net/dns_window.c src/net/dns_share.c \
	src/net/tls_probe.c src/net/tls_probe.h src/net/tls_probe_int.h \
	src/net/tls_result.c src/net/tls_context.c src/net/tls_cert.c

check_PROGRAMS += tests/src/net/test_dns_wire
TESTS += tests/src/net/test_dns_wire
tests_src_net_test_dns_wire_SOURCES = tests/src/net/test_dns_wire.c tests/src/testutil.h
tests_src_net_test_dns_wire_LDADD = $(ENGINE_LIBS)

# Driven by tests/e2e/dns-client.test inside the lab.
check_PROGRAMS += tests/src/net/test_dns_client
tests_src_net_test_dns_client_SOURCES = tests/src/net/test_dns_client.c tests/src/testutil.h
tests_src_net_test_dns_client_LDADD = $(ENGINE_LIBS)

# The TLS probe against real servers: the wrapper makes a throwaway CA and
# starts openssl s_server instances on loopback, then runs the check program.
check_PROGRAMS += tests/src/net/test_tls_probe
tests_src_net_test_tls_probe_SOURCES = tests/src/net/test_tls_probe.c tests/src/testutil.h
tests_src_net_test_tls_probe_LDADD = $(ENGINE_LIBS)
TESTS += tests/src/net/run_tls_probe.sh
EXTRA_DIST += tests/src/net/run_tls_probe.sh

# libFuzzer harness: needs clang, so it is built only on request
# ("make fuzz-dns-wire"), never by "make" or "make check".
FUZZ_CC = clang
FUZZ_CFLAGS = -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined
fuzz_dns_wire_src = $(srcdir)/tests/fuzz/fuzz_dns_wire.c \
	$(srcdir)/src/net/dns_wire.c $(srcdir)/src/net/dns_name.c \
	$(srcdir)/src/core/xalloc.c $(srcdir)/src/core/strbuf.c
fuzz-dns-wire: $(fuzz_dns_wire_src) config.h
	@$(MKDIR_P) tests/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(top_builddir) -I$(srcdir)/src \
		$(fuzz_dns_wire_src) -o tests/fuzz/fuzz_dns_wire
.PHONY: fuzz-dns-wire
EXTRA_DIST += tests/fuzz/fuzz_dns_wire.c
CLEANFILES += tests/fuzz/fuzz_dns_wire

# A line of a name list.
check_PROGRAMS += tests/src/net/test_names
TESTS += tests/src/net/test_names
tests_src_net_test_names_SOURCES = tests/src/net/test_names.c tests/src/testutil.h
tests_src_net_test_names_LDADD = $(ENGINE_LIBS)

# The window and answer sharing, driven by tests/e2e/dns-window.test inside the lab.
check_PROGRAMS += tests/src/net/test_dns_window
tests_src_net_test_dns_window_SOURCES = tests/src/net/test_dns_window.c tests/src/testutil.h
tests_src_net_test_dns_window_LDADD = $(ENGINE_LIBS)
TESTS += tests/e2e/dns-window.test
EXTRA_DIST += tests/e2e/dns-window.test
