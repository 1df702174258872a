# libFuzzer harnesses, one per reader of outside input (tests/fuzz/README).
#
# Every harness is also linked with replay.c, a plain main(), and its
# committed corpus (tests/fuzz/corpus/NAME/) replays in every `make check`
# with the build's own compiler and sanitizers (and under check-valgrind).
# The fuzzers themselves need clang: built only on request, never by
# `make` or `make check`:
#   make fuzz                 every harness
#   make fuzz-acm-cert        one (fuzz-NAME, '_' written '-')
#   ./tests/fuzz/fuzz_acm_cert -max_total_time=300 NEW tests/fuzz/corpus/acm_cert
# They link an instrumented copy of the whole engine (tests/fuzz/obj/), so a
# new harness is one line in FUZZ_HARNESSES and its fuzz_NAME.c.
FUZZ_HARNESSES = dns_wire acm_cert names caa sanitize template aws rdap smtp_reply

# (automake wants the program names spelled out)
check_PROGRAMS += tests/fuzz/replay_dns_wire tests/fuzz/replay_acm_cert tests/fuzz/replay_names \
	tests/fuzz/replay_caa tests/fuzz/replay_sanitize tests/fuzz/replay_template tests/fuzz/replay_aws \
	tests/fuzz/replay_rdap tests/fuzz/replay_smtp_reply
tests_fuzz_replay_dns_wire_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_dns_wire.c tests/fuzz/fuzz.h
tests_fuzz_replay_dns_wire_LDADD = $(ENGINE_LIBS)
tests_fuzz_replay_acm_cert_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_acm_cert.c tests/fuzz/fuzz.h
tests_fuzz_replay_acm_cert_LDADD = $(ENGINE_LIBS)
tests_fuzz_replay_names_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_names.c tests/fuzz/fuzz.h
tests_fuzz_replay_names_LDADD = $(ENGINE_LIBS)
tests_fuzz_replay_caa_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_caa.c tests/fuzz/fuzz.h
tests_fuzz_replay_caa_LDADD = $(ENGINE_LIBS)
tests_fuzz_replay_sanitize_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_sanitize.c tests/fuzz/fuzz.h
tests_fuzz_replay_sanitize_LDADD = $(ENGINE_LIBS)
tests_fuzz_replay_template_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_template.c tests/fuzz/fuzz.h
tests_fuzz_replay_template_LDADD = $(ENGINE_LIBS)
tests_fuzz_replay_aws_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_aws.c tests/fuzz/fuzz.h
tests_fuzz_replay_aws_LDADD = $(ENGINE_LIBS)
tests_fuzz_replay_rdap_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_rdap.c tests/fuzz/fuzz.h
tests_fuzz_replay_rdap_LDADD = $(ENGINE_LIBS)
tests_fuzz_replay_smtp_reply_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_smtp_reply.c tests/fuzz/fuzz.h
tests_fuzz_replay_smtp_reply_LDADD = $(ENGINE_LIBS)
TESTS += tests/fuzz/replay.sh
EXTRA_DIST += tests/fuzz/replay.sh tests/fuzz/README tests/fuzz/corpus

FUZZ_CC = clang
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -std=c11 -g -O1 $(FUZZ_SAN)
FUZZ_CPPFLAGS = -I$(top_builddir) -I$(srcdir)/src -I$(builddir)/src -I$(srcdir)/tests/fuzz \
	-DLOCALEDIR=\"$(localedir)\" -DPKGDATADIR=\"$(pkgdatadir)\" \
	$(CARES_CFLAGS) $(OPENSSL_CFLAGS) $(CJSON_CFLAGS) $(IDN2_CFLAGS) $(CURL_CFLAGS)
FUZZ_LIBS = $(CARES_LIBS) $(OPENSSL_LIBS) $(CJSON_LIBS) $(IDN2_LIBS) $(CURL_LIBS) $(LIBINTL)
FUZZ_OBJS = $(patsubst %.c,tests/fuzz/obj/%.o,$(filter %.c,$(libacmd_a_SOURCES))) \
	tests/fuzz/obj/src/core/data_files.o

# Every object depends on every engine header: no dependency tracking for
# these, and a stale one (an old finding-code table) would fuzz old code.
$(FUZZ_OBJS): $(addprefix $(srcdir)/,$(filter %.h,$(libacmd_a_SOURCES)))
tests/fuzz/obj/src/core/data_files.o: src/core/data_files.c config.h
	@$(MKDIR_P) $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_CPPFLAGS) -c src/core/data_files.c -o $@
tests/fuzz/obj/%.o: $(srcdir)/%.c config.h
	@$(MKDIR_P) $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_CPPFLAGS) -c $< -o $@
tests/fuzz/libacmd-fuzz.a: $(FUZZ_OBJS)
	rm -f $@ && $(AR) cr $@ $(FUZZ_OBJS) && $(RANLIB) $@
tests/fuzz/fuzz_%: $(srcdir)/tests/fuzz/fuzz_%.c $(srcdir)/tests/fuzz/fuzz.h tests/fuzz/libacmd-fuzz.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_CPPFLAGS) $< tests/fuzz/libacmd-fuzz.a $(FUZZ_LIBS) -o $@

FUZZ_TARGETS = $(addprefix fuzz-,$(subst _,-,$(FUZZ_HARNESSES)))
fuzz: $(FUZZ_HARNESSES:%=tests/fuzz/fuzz_%)
$(FUZZ_TARGETS): fuzz-%:
	$(MAKE) $(AM_MAKEFLAGS) tests/fuzz/fuzz_$(subst -,_,$*)
.PHONY: fuzz $(FUZZ_TARGETS)
clean-local: clean-fuzz
clean-fuzz:
	rm -rf tests/fuzz/obj tests/fuzz/libacmd-fuzz.a $(FUZZ_HARNESSES:%=tests/fuzz/fuzz_%)
.PHONY: clean-fuzz
