# The engine (no curses here) and the command-line program.
libacmd_a_SOURCES += \
	src/xalloc.c src/xalloc.h src/strbuf.c src/strbuf.h src/strv.c src/strv.h \
	src/loop.c src/loop.h src/sanitize.c src/sanitize.h \
	src/datafile.c src/datafile.h src/i18n.h src/names.c src/names.h \
	src/dns_client.c src/dns_client.h \
	src/finding.c src/finding.h src/finding_codes.h \
	src/caa_eval.c src/caa_eval.h src/caa_check.c src/caa_check.h \
	src/report_json.c src/report_text.c src/report.h \
	src/cli_check.c src/cli_tls.c src/cli_explain.c src/cli.h

bin_PROGRAMS += acm-doctor
acm_doctor_SOURCES = src/main.c
acm_doctor_LDADD = $(ENGINE_LIBS)
