# DNS wire-format parser and name helpers.
libacmd_a_SOURCES += src/dns_wire.c src/dns_wire.h src/dns_name.c
check_PROGRAMS += tests/src/test_dns_wire
TESTS += tests/src/test_dns_wire
tests_src_test_dns_wire_SOURCES = tests/src/test_dns_wire.c tests/src/testutil.h
tests_src_test_dns_wire_LDADD = $(ENGINE_LIBS)

# libFuzzer harness: needs clang, so it is built only on request
# ("make fuzz-dns-wire"), never by "make" or "make check".
FUZZ_CC = clang
FUZZ_CFLAGS = -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined
fuzz_dns_wire_src = $(srcdir)/tests/fuzz/fuzz_dns_wire.c \
	$(srcdir)/src/dns_wire.c $(srcdir)/src/dns_name.c \
	$(srcdir)/src/xalloc.c $(srcdir)/src/strbuf.c
fuzz-dns-wire: $(fuzz_dns_wire_src) config.h
	@$(MKDIR_P) tests/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(top_builddir) -I$(srcdir)/src \
		$(fuzz_dns_wire_src) -o tests/fuzz/fuzz_dns_wire
.PHONY: fuzz-dns-wire
EXTRA_DIST += tests/fuzz/fuzz_dns_wire.c
CLEANFILES += tests/fuzz/fuzz_dns_wire
