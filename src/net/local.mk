# net: DNS wire format and names, the c-ares client, the TLS probe.
libacmd_a_SOURCES += \
	src/net/dns_wire.c src/net/dns_wire.h src/net/dns_name.c \
	src/net/names.c src/net/names.h src/net/addrs.c src/net/addrs.h \
	src/net/psl.c src/net/psl.h \
	src/net/dns_client.c src/net/dns_client.h src/net/dns_client_int.h \
	src/net/dns_window.c src/net/dns_share.c \
	src/net/tls_probe.c src/net/tls_probe.h src/net/tls_probe_int.h \
	src/net/tls_result.c src/net/tls_context.c src/net/tls_cert.c

# net, for the email check: SMTP replies and the SMTP probe, RDAP documents
# (its HTTPS goes through http_probe, below).
libacmd_a_SOURCES += \
	src/net/smtp_reply.c src/net/smtp_reply.h src/net/smtp_probe.c src/net/smtp_probe.h \
	src/net/rdap.c src/net/rdap.h

check_PROGRAMS += tests/src/net/test_dns_wire
TESTS += tests/src/net/test_dns_wire
tests_src_net_test_dns_wire_SOURCES = tests/src/net/test_dns_wire.c tests/src/testutil.h
tests_src_net_test_dns_wire_LDADD = $(ENGINE_LIBS)

check_PROGRAMS += tests/src/net/test_names
TESTS += tests/src/net/test_names
tests_src_net_test_names_SOURCES = tests/src/net/test_names.c tests/src/testutil.h
tests_src_net_test_names_LDADD = $(ENGINE_LIBS)

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

# --- issue 11: published address ranges, HTTP on the loop (libcurl) ---
libacmd_a_SOURCES += src/net/iprange.c src/net/iprange.h
libacmd_a_SOURCES += src/net/http_parse.c src/net/http_parse.h \
	src/net/http_probe.c src/net/http_probe.h

# The HTTP probe against the lab (tests/e2e/http-probe.test runs it inside one).
check_PROGRAMS += tests/src/net/test_http_probe
tests_src_net_test_http_probe_SOURCES = tests/src/net/test_http_probe.c tests/src/testutil.h
tests_src_net_test_http_probe_LDADD = $(ENGINE_LIBS)
TESTS += tests/e2e/http-probe.test
EXTRA_DIST += tests/e2e/http-probe.test

# The window and answer sharing, driven by tests/e2e/dns-window.test inside the lab.
check_PROGRAMS += tests/src/net/test_dns_window
tests_src_net_test_dns_window_SOURCES = tests/src/net/test_dns_window.c tests/src/testutil.h
tests_src_net_test_dns_window_LDADD = $(ENGINE_LIBS)
TESTS += tests/e2e/dns-window.test
EXTRA_DIST += tests/e2e/dns-window.test
