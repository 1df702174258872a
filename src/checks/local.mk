# checks: findings and the check interface, then one folder per check.
libacmd_a_SOURCES += src/checks/finding.c src/checks/finding.h src/checks/finding_codes.h \
	src/checks/check.c src/checks/check.h src/checks/diagnosis.c src/checks/diagnosis.h \
	src/checks/resolver.c src/checks/resolver.h src/checks/deleg.c src/checks/deleg.h \
	src/checks/fleet.c src/checks/fleet.h

include $(srcdir)/src/checks/caa/local.mk
include $(srcdir)/src/checks/cname/local.mk
include $(srcdir)/src/checks/email/local.mk
include $(srcdir)/src/checks/apigw/local.mk

# The interface and the driver, without the lab (a dead resolver).
check_PROGRAMS += tests/src/checks/test_check
TESTS += tests/src/checks/test_check
tests_src_checks_test_check_SOURCES = tests/src/checks/test_check.c tests/src/testutil.h
tests_src_checks_test_check_LDADD = $(ENGINE_LIBS)

# The fleet driver, without the lab (a resolver on a closed port).
check_PROGRAMS += tests/src/checks/test_fleet
TESTS += tests/src/checks/test_fleet
tests_src_checks_test_fleet_SOURCES = tests/src/checks/test_fleet.c tests/src/testutil.h
tests_src_checks_test_fleet_LDADD = $(ENGINE_LIBS)
