# report: a run's findings and fixes as JSON (the CLI contract) and text.
libacmd_a_SOURCES += src/report/report_aws.c src/report/report_json.c src/report/report_text.c src/report/report.h \
	src/report/report_int.h src/report/report_checks.c src/report/report_fleet.c src/report/json_arena.c

# --- issue 11: a TLS result as JSON, shared by `tls` and the API Gateway check ---
libacmd_a_SOURCES += src/report/report_tls.c
