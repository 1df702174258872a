# core: the event loop, memory, strings, sanitising, data files, i18n.
libacmd_a_SOURCES += \
	src/core/xalloc.c src/core/xalloc.h src/core/strbuf.c src/core/strbuf.h \
	src/core/strv.c src/core/strv.h src/core/loop.c src/core/loop.h \
	src/core/sanitize.c src/core/sanitize.h src/core/datafile.c src/core/datafile.h \
	src/core/i18n.h src/core/i18n.c src/core/arena.c src/core/arena.h src/core/lines.c src/core/lines.h src/core/harden.c src/core/harden.h

check_PROGRAMS += tests/src/core/test_sanitize tests/src/core/test_loop tests/src/core/test_harden
TESTS += tests/src/core/test_sanitize tests/src/core/test_loop tests/src/core/test_harden
check_PROGRAMS += tests/src/core/test_strbuf
TESTS += tests/src/core/test_strbuf
tests_src_core_test_strbuf_SOURCES = tests/src/core/test_strbuf.c tests/src/testutil.h
tests_src_core_test_strbuf_LDADD = $(ENGINE_LIBS)
tests_src_core_test_harden_SOURCES = tests/src/core/test_harden.c tests/src/testutil.h
tests_src_core_test_harden_LDADD = $(ENGINE_LIBS)
tests_src_core_test_sanitize_SOURCES = tests/src/core/test_sanitize.c tests/src/testutil.h
tests_src_core_test_sanitize_LDADD = $(ENGINE_LIBS)
tests_src_core_test_loop_SOURCES = tests/src/core/test_loop.c tests/src/testutil.h
tests_src_core_test_loop_LDADD = $(ENGINE_LIBS)

# Driven by tests/e2e/loop-mixed.test inside the lab, not run on its own.
check_PROGRAMS += tests/src/core/test_mixed_loop
tests_src_core_test_mixed_loop_SOURCES = tests/src/core/test_mixed_loop.c tests/src/testutil.h
tests_src_core_test_mixed_loop_LDADD = $(ENGINE_LIBS)

# --- issue 11: JSON text from outside, checked before cJSON sees it ---
libacmd_a_SOURCES += src/core/json_in.c src/core/json_in.h

# Reading a list line by line (fleet scans).
check_PROGRAMS += tests/src/core/test_lines
TESTS += tests/src/core/test_lines
tests_src_core_test_lines_SOURCES = tests/src/core/test_lines.c tests/src/testutil.h
tests_src_core_test_lines_LDADD = $(ENGINE_LIBS)
