# fix: the abstract change, the template engine, the provider catalogue
# (data/providers/*.tmpl).
libacmd_a_SOURCES += src/fix/change.c src/fix/change.h src/fix/plan_view.h \
	src/fix/template.h src/fix/template_int.h \
	src/fix/template_data.c src/fix/template_maps.c \
	src/fix/template_compile.c src/fix/template_filters.c \
	src/fix/template_render.c \
	src/fix/provider.h src/fix/provider_int.h \
	src/fix/provider_parse.c src/fix/provider_catalogue.c \
	src/fix/provider_detect.c src/fix/provider_render.c

check_PROGRAMS += tests/src/fix/test_template tests/src/fix/test_provider
TESTS += tests/src/fix/test_template tests/src/fix/test_provider
tests_src_fix_test_template_SOURCES = tests/src/fix/test_template.c tests/src/testutil.h
tests_src_fix_test_template_LDADD = $(ENGINE_LIBS)
tests_src_fix_test_provider_SOURCES = tests/src/fix/test_provider.c tests/src/testutil.h
tests_src_fix_test_provider_LDADD = $(ENGINE_LIBS)
