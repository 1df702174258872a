# The email-validation check (MX, SMTP, RDAP): email_int.h says which file
# does what.
libacmd_a_SOURCES += src/checks/email/email_check.c src/checks/email/email_check.h \
	src/checks/email/email_int.h src/checks/email/email_probe.c \
	src/checks/email/email_rdap.c src/checks/email/email_eval.c src/checks/email/email_plan.c

check_PROGRAMS += tests/src/checks/email/test_email_eval
TESTS += tests/src/checks/email/test_email_eval
tests_src_checks_email_test_email_eval_SOURCES = tests/src/checks/email/test_email_eval.c tests/src/testutil.h
tests_src_checks_email_test_email_eval_LDADD = $(ENGINE_LIBS)
