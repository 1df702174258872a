# cli: the subcommands, and the program (src/main.c; the TUI is in ui/).
libacmd_a_SOURCES += src/cli/cli_aws.c src/cli/cli_aws.h src/cli/cli_aws_run.c src/cli/cli_check.c src/cli/cli_tls.c src/cli/cli_explain.c src/cli/cli.h \
	src/cli/cli_int.h src/cli/cli_fleet.c src/cli/cli_fleet.h src/cli/cli_fleet_out.c \
	src/cli/cli_email.c

bin_PROGRAMS += acm-doctor
acm_doctor_SOURCES = src/main.c
acm_doctor_LDADD = $(ENGINE_LIBS)

# End to end against the lab's nginx (run inside a lab; skipped outside one).
TESTS += tests/e2e/tls.test
EXTRA_DIST += tests/e2e/tls.test

# --- issue 11: explain what curl and browsers print about API Gateway domains ---
libacmd_a_SOURCES += src/cli/cli_explain_apigw.c
