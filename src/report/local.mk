# report: a run's findings and fixes as JSON (the CLI contract) and text.
libacmd_a_SOURCES += src/report/report_aws.c src/report/report_json.c src/report/report_text.c src/report/report.h \
	src/report/report_int.h src/report/report_checks.c src/report/report_fleet.c src/report/json_arena.c \
	src/report/json_line.c

# --- issue 11: a TLS result as JSON, shared by `tls` and the API Gateway check ---
libacmd_a_SOURCES += src/report/report_tls.c

# The NDJSON line printer against cJSON's own.
check_PROGRAMS += tests/src/report/test_json_line
TESTS += tests/src/report/test_json_line
tests_src_report_test_json_line_SOURCES = tests/src/report/test_json_line.c tests/src/testutil.h
tests_src_report_test_json_line_LDADD = $(ENGINE_LIBS)
