# The email check's libFuzzer harnesses (issue 10): the RDAP readers and the
# SMTP reply reader. Same shape as the other harnesses: fuzz_NAME.c with
# fuzz.h, linked with replay.c (a plain main) so the committed corpus
# (tests/fuzz/corpus/NAME/) replays in every `make check` with the build's
# sanitizers (tests/fuzz/replay-email.sh). The fuzzers need clang:
#   make fuzz-rdap fuzz-smtp-reply
#   ./tests/fuzz/fuzz_rdap -max_total_time=300 NEW tests/fuzz/corpus/rdap
EMAIL_FUZZ = rdap smtp_reply
check_PROGRAMS += tests/fuzz/replay_rdap tests/fuzz/replay_smtp_reply
tests_fuzz_replay_rdap_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_rdap.c tests/fuzz/fuzz.h
tests_fuzz_replay_rdap_LDADD = $(ENGINE_LIBS)
tests_fuzz_replay_smtp_reply_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_smtp_reply.c tests/fuzz/fuzz.h
tests_fuzz_replay_smtp_reply_LDADD = $(ENGINE_LIBS)
TESTS += tests/fuzz/replay-email.sh
EXTRA_DIST += tests/fuzz/replay-email.sh tests/fuzz/corpus/rdap tests/fuzz/corpus/smtp_reply

# The parsers need only core/ and these files: no instrumented engine.
EMAIL_FUZZ_SRC = $(srcdir)/src/core/xalloc.c $(srcdir)/src/core/strbuf.c $(srcdir)/src/core/sanitize.c \
	$(srcdir)/src/core/strv.c
fuzz_rdap_src = $(srcdir)/tests/fuzz/fuzz_rdap.c $(srcdir)/src/net/rdap.c $(EMAIL_FUZZ_SRC)
fuzz_smtp_reply_src = $(srcdir)/tests/fuzz/fuzz_smtp_reply.c $(srcdir)/src/net/smtp_reply.c $(EMAIL_FUZZ_SRC)
EMAIL_FUZZ_FLAGS = -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I$(top_builddir) -I$(srcdir)/src -I$(srcdir)/tests/fuzz
fuzz-rdap: $(fuzz_rdap_src) config.h
	@$(MKDIR_P) tests/fuzz
	clang $(EMAIL_FUZZ_FLAGS) $(CJSON_CFLAGS) $(fuzz_rdap_src) $(CJSON_LIBS) -o tests/fuzz/fuzz_rdap
fuzz-smtp-reply: $(fuzz_smtp_reply_src) config.h
	@$(MKDIR_P) tests/fuzz
	clang $(EMAIL_FUZZ_FLAGS) $(fuzz_smtp_reply_src) -o tests/fuzz/fuzz_smtp_reply
.PHONY: fuzz-rdap fuzz-smtp-reply
CLEANFILES += tests/fuzz/fuzz_rdap tests/fuzz/fuzz_smtp_reply
