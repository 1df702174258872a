# Fix rendering: the change model, the template engine, the provider catalogue.
libacmd_a_SOURCES += src/change.c src/change.h src/template.c src/template.h \
	src/provider.c src/provider.h
check_PROGRAMS += tests/src/test_template tests/src/test_provider
TESTS += tests/src/test_template tests/src/test_provider
tests_src_test_template_SOURCES = tests/src/test_template.c tests/src/testutil.h
tests_src_test_template_LDADD = $(ENGINE_LIBS)
tests_src_test_provider_SOURCES = tests/src/test_provider.c tests/src/testutil.h
tests_src_test_provider_LDADD = $(ENGINE_LIBS)
