# Unit tests of pure logic live in tests/src/, which mirrors src/ (each
# src/<layer>/local.mk lists its own); end-to-end tests against the loopback
# lab are in tests/e2e/, each run inside its own lab.
EXTRA_DIST += tests/src/testutil.h

# End-to-end tests: each runs in its own loopback lab (see tests/lab/local.mk
# for the log compiler), against the built acm-doctor.
E2E_CAA_TESTS = tests/e2e/caa-verdicts.test tests/e2e/caa-fix.test \
	tests/e2e/caa-failures.test tests/e2e/caa-hostile.test tests/e2e/cli.test \
	tests/e2e/loop-mixed.test tests/e2e/dns-client.test tests/e2e/cname-cli.test
TESTS += $(E2E_CAA_TESTS)
EXTRA_DIST += $(E2E_CAA_TESTS)

# Diagnostic truth (issue 8): the resolver, the domain, the stale failure,
# the fix of a lookup failure, and input refused before any probe.
E2E_TRUTH_TESTS = tests/e2e/resolver.test tests/e2e/truth.test tests/e2e/input.test \
	tests/e2e/provider-accept.test
TESTS += $(E2E_TRUTH_TESTS)
EXTRA_DIST += $(E2E_TRUTH_TESTS) tests/fix/cf_bodies.py tests/fix/cloudflare-dns-record.schema.json \
	tests/aws/fixtures/route53-fixes.json

# Fleet scans (check --names-from, --certificates-from).
E2E_FLEET_TESTS = tests/e2e/fleet.test
TESTS += $(E2E_FLEET_TESTS)
EXTRA_DIST += $(E2E_FLEET_TESTS)

# The email check against the lab's SMTP and RDAP servers (issue 10).
TESTS += tests/e2e/email-check.test
EXTRA_DIST += tests/e2e/email-check.test

# Straight from AWS, through the lab's AWS endpoint (tests/aws/): the
# credential sources and errors, then --arn, --pending, --wait and the
# wizard's My certificates.
E2E_AWS_TESTS = tests/e2e/aws-creds.test tests/e2e/aws-check.test tests/e2e/aws-email.test
TESTS += $(E2E_AWS_TESTS)
EXTRA_DIST += $(E2E_AWS_TESTS) tests/aws/checklib.sh tests/aws/connect-proxy.py \
	tests/aws/fixtures/check.json tests/ui/my-home.screen tests/ui/my-certs.screen \
	tests/ui/my-cert-wrongzone.screen tests/ui/my-cert-findings.screen tests/ui/my-cert-issued.screen

# Where test scripts find built programs; and under `make check-valgrind`,
# acm-doctor and every C test program run under valgrind (use a build
# configured without --enable-sanitizers).
AM_TESTS_ENVIRONMENT += ACMD_BUILDDIR='$(abs_top_builddir)'; export ACMD_BUILDDIR; \
	if test -n "$$ACMD_UNDER_VALGRIND"; then \
	ACMD_BIN=$$ACM_DOCTOR; ACM_DOCTOR='$(abs_top_srcdir)/tests/valgrind.sh'; \
	ACMD_VALGRIND=$$ACM_DOCTOR; export ACMD_BIN ACM_DOCTOR ACMD_VALGRIND; fi;
# No test reads the caller's AWS credentials, shared files or instance
# metadata: the tests that use AWS set what they mean (tests/aws/awslib.sh).
AM_TESTS_ENVIRONMENT += unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN \
	AWS_SECURITY_TOKEN AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE \
	AWS_CONTAINER_CREDENTIALS_RELATIVE_URI AWS_CONTAINER_CREDENTIALS_FULL_URI AWS_ENDPOINT_URL \
	AWS_REGION AWS_DEFAULT_REGION AWS_CA_BUNDLE; \
	AWS_CONFIG_FILE=/dev/null; AWS_SHARED_CREDENTIALS_FILE=/dev/null; AWS_EC2_METADATA_DISABLED=true; \
	export AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE AWS_EC2_METADATA_DISABLED;
check-valgrind:
	$(MAKE) $(AM_MAKEFLAGS) check ACMD_UNDER_VALGRIND=1 LOG_COMPILER='$(abs_top_srcdir)/tests/valgrind.sh'
.PHONY: check-valgrind
EXTRA_DIST += tests/valgrind.sh

# The data file's texts, collected for translation, must be up to date.
TESTS += tests/data-msgids.sh
EXTRA_DIST += tests/data-msgids.sh data/reasons-msgids.sh data/acm-reasons-msgids.c \
	data/explain-terms-msgids.c
EXTRA_DIST += data/provider-msgids.sh data/provider-msgids.c

# Includes go downward only (doc/ARCHITECTURE.md).
TESTS += tests/layers.sh
EXTRA_DIST += tests/layers.sh


# CI's release checks (.ci/run) after `make check` has run every test under
# ASan and UBSan: the tarball must hold every file git tracks (but
# .gitignore and m4/.gitkeep) and pass every test but the end-to-end ones
# plus one per part of the lab; valgrind runs every test program and one
# end-to-end test per check and front end. `make print-ci-tests WHICH=DIST`
# (or VALGRIND) prints a list.
CI_DIST_E2E = tests/e2e/lab.test tests/e2e/email-lab.test tests/e2e/apigw-lab.test \
	tests/e2e/aws-endpoint.test tests/e2e/caa-verdicts.test tests/e2e/tui-dumps.test
CI_VALGRIND_E2E = tests/e2e/cli.test tests/e2e/caa-verdicts.test tests/e2e/cname-cli.test \
	tests/e2e/resolver.test tests/e2e/apigw-check.test tests/e2e/email-check.test \
	tests/e2e/aws-check.test tests/e2e/fleet.test tests/e2e/tui-dumps.test
print-ci-tests:
	@echo $(filter-out tests/e2e/%,$(TESTS)) $(CI_$(WHICH)_E2E)
.PHONY: print-ci-tests
