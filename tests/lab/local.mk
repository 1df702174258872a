# The loopback test lab (owned by tests/lab/). End-to-end tests are listed here
# and each runs inside its own lab via the log compiler:
#     $(SHELL) tests/lab/lab.sh ns-run tests/e2e/NAME.test
# (fresh user/network/pid namespaces per test, so "make -j check" runs many
# labs side by side). Tests are bash scripts that source tests/e2e/testlib.sh.
# Other fragments add their own tests with "TESTS += tests/e2e/NAME.test" and
# "EXTRA_DIST += tests/e2e/NAME.test". See tests/lab/README.md.
TEST_EXTENSIONS = .test
TEST_LOG_COMPILER = $(SHELL) $(srcdir)/tests/lab/lab.sh
AM_TEST_LOG_FLAGS = ns-run
# Also seen by the C unit tests (harmless there).
AM_TESTS_ENVIRONMENT = \
	ACM_DOCTOR='$(abs_top_builddir)/acm-doctor'; export ACM_DOCTOR; \
	TESTS_SRCDIR='$(abs_top_srcdir)/tests'; export TESTS_SRCDIR;

TESTS += tests/e2e/lab.test

EXTRA_DIST += \
	tests/lab/blackhole.py \
	tests/lab/lab.sh \
	tests/lab/README.md \
	tests/lab/zones.list \
	tests/lab/conf/knot.conf.in \
	tests/lab/conf/unbound.conf.in \
	tests/lab/conf/dnsdist.conf.in \
	tests/lab/conf/nginx.conf.in \
	tests/lab/conf/ca.cnf.in \
	tests/lab/zones/root.zone \
	tests/lab/zones/test.zone \
	tests/lab/zones/com.zone \
	tests/lab/zones/net.zone \
	tests/lab/zones/org.zone \
	tests/lab/zones/corp.zone \
	tests/lab/zones/lab-dns.test.zone \
	tests/lab/zones/awsdns-12.org.zone \
	tests/lab/zones/awsdns-34.com.zone \
	tests/lab/zones/awsdns-56.net.zone \
	tests/lab/zones/cloudflare.com.zone \
	tests/lab/zones/domaincontrol.com.zone \
	tests/lab/zones/caa-none.test.zone \
	tests/lab/zones/caa-amazon.test.zone \
	tests/lab/zones/caa-le.test.zone \
	tests/lab/zones/caa-wild.test.zone \
	tests/lab/zones/caa-wildonly.test.zone \
	tests/lab/zones/caa-crit.test.zone \
	tests/lab/zones/caa-malformed.test.zone \
	tests/lab/zones/caa-deny.test.zone \
	tests/lab/zones/caa-params.test.zone \
	tests/lab/zones/caa-cname.test.zone \
	tests/lab/zones/hosting.test.zone \
	tests/lab/zones/cf-zone.test.zone \
	tests/lab/zones/cf-ok.test.zone \
	tests/lab/zones/gd-zone.test.zone \
	tests/lab/zones/caa-servfail.test.zone \
	tests/lab/zones/caa-servfail-signed.test.zone \
	tests/lab/zones/caa-drop.test.zone \
	tests/lab/zones/badds.test.zone \
	tests/lab/zones/caa-bogus.test.zone \
	tests/lab/zones/caa-tc.test.zone \
	tests/lab/zones/shop.corp.zone \
	tests/lab/zones/hostile.test.zone \
	tests/lab/zones/example.test.zone \
	tests/lab/zones/other-example.test.zone \
	tests/lab/zones/acm-validations.test.zone \
	tests/lab/zones/amazonaws.com.zone \
	tests/lab/zones/cname-ok.test.zone \
	tests/lab/zones/cname-missing.test.zone \
	tests/lab/zones/cname-doubled.test.zone \
	tests/lab/zones/cname-suffixed.test.zone \
	tests/lab/zones/cname-txt.test.zone \
	tests/lab/zones/cname-wrong.test.zone \
	tests/lab/zones/cname-proxied.test.zone \
	tests/lab/zones/cname-flat.test.zone \
	tests/lab/zones/cname-nounder.test.zone \
	tests/lab/zones/cname-wrongzone.test.zone \
	tests/lab/zones/cname-wrongzone.test.other.zone \
	tests/lab/zones/cname-split.test.zone \
	tests/lab/zones/cname-split.test.other.zone \
	tests/lab/zones/cname-negcache.test.zone \
	tests/lab/zones/cname-bogus.test.zone \
	tests/e2e/testlib.sh \
	tests/e2e/lab.test

# An interactive shell inside a fresh lab (private namespaces).
lab-shell:
	ACM_DOCTOR='$(abs_top_builddir)/acm-doctor' \
	$(SHELL) $(srcdir)/tests/lab/lab.sh shell
.PHONY: lab-shell

# The lab's local AWS endpoint (tests/aws, started on demand by
# "lab.sh aws-start"; README "AWS endpoint"). Its test SKIPs without
# python3-botocore or awscli.
TESTS += tests/e2e/aws-endpoint.test
EXTRA_DIST += \
	tests/aws/aws-endpoint.py \
	tests/aws/aws-lab.sh \
	tests/aws/awslib.sh \
	tests/aws/fixtures/lab.json \
	tests/aws/awsep/__init__.py \
	tests/aws/awsep/acm.py \
	tests/aws/awsep/api.py \
	tests/aws/awsep/apigw.py \
	tests/aws/awsep/changebatch.py \
	tests/aws/awsep/credhttp.py \
	tests/aws/awsep/errors.py \
	tests/aws/awsep/fixture.py \
	tests/aws/awsep/httpcore.py \
	tests/aws/awsep/rdata.py \
	tests/aws/awsep/route53.py \
	tests/aws/awsep/sigv4.py \
	tests/aws/awsep/sts.py \
	tests/aws/awsep/validate.py \
	tests/aws/awsep/wire.py \
	tests/aws/awsep/zonestore.py \
	tests/e2e/aws-endpoint.test
