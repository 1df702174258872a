# Non-blocking TLS probe on the event loop (src/cli_tls.c is listed with the
# other subcommands in src/local.mk).
libacmd_a_SOURCES += src/tls_probe.c src/tls_probe.h

# The probe against real servers: the wrapper makes a throwaway CA and starts
# openssl s_server instances on loopback, then runs the check program.
check_PROGRAMS += tests/src/test_tls_probe
tests_src_test_tls_probe_SOURCES = tests/src/test_tls_probe.c tests/src/testutil.h
tests_src_test_tls_probe_LDADD = $(ENGINE_LIBS)
TESTS += tests/src/run_tls_probe.sh
EXTRA_DIST += tests/src/run_tls_probe.sh

# End to end against the lab's nginx (run inside a lab; skipped outside one).
TESTS += tests/e2e/tls.test
EXTRA_DIST += tests/e2e/tls.test
