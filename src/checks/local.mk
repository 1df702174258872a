# checks: findings and the check interface, then one folder per check.
libacmd_a_SOURCES += src/checks/finding.c src/checks/finding.h src/checks/finding_codes.h

include $(srcdir)/src/checks/caa/local.mk
include $(srcdir)/src/checks/cname/local.mk
