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
# --- email-lab: begin (README "Email scenarios") ---
TESTS += tests/e2e/email-lab.test
EXTRA_DIST += \
	tests/lab/email/lab-email.sh \
	tests/lab/email/serve.py \
	tests/lab/email/smtp.py \
	tests/lab/email/rdap.py \
	tests/lab/email/rdap_hostile.py \
	tests/lab/email/eventlog.py \
	tests/lab/email/rdap/dns.json \
	tests/lab/email/rdap/dns-ip.json \
	tests/lab/email/rdap/domain.json.in \
	tests/lab/email/rdap/help.json \
	tests/lab/email/rdap/domain/email-hold.test.json \
	tests/lab/email/rdap/domain/email-serverhold.test.json \
	tests/lab/email/rdap/domain/email-nsdiff.test.json \
	tests/lab/email/rdap/domain/email-redacted.test.json \
	tests/lab/zones/email-plain.zone \
	tests/lab/zones/email-ok.test.zone \
	tests/lab/zones/email-nomx.test.zone \
	tests/lab/zones/email-nullmx.test.zone \
	tests/lab/zones/email-parent.test.zone \
	tests/lab/zones/email-nxmx.test.zone \
	tests/lab/zones/email-cname.test.zone \
	tests/lab/zones/email-literal.test.zone \
	tests/lab/zones/email-554.test.zone \
	tests/lab/zones/email-silent.test.zone \
	tests/lab/zones/email-refused.test.zone \
	tests/lab/zones/email-multi.test.zone \
	tests/lab/zones/email-mixed.test.zone \
	tests/lab/zones/email-v6.test.zone \
	tests/lab/zones/email-badsmtp.test.zone \
	tests/e2e/email-lab.test
# --- email-lab: end ---

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

# Benchmark extensions of the lab (bench/ only; no test uses them):
# lab.sh delay-start/delay-stop/fleet-load, see tests/lab/README.md.
EXTRA_DIST += \
	tests/lab/lab-bench.sh \
	tests/lab/delay-tcp.pl \
	tests/lab/conf/dnsdist-delay.conf.in
# >>> apigw-lab: the API Gateway scenarios (README "API Gateway scenarios")
TESTS += tests/e2e/apigw-lab.test
EXTRA_DIST += \
	tests/e2e/apigw-lab.test \
	tests/lab/apigw.sh \
	tests/lab/conf/apigw/nginx.conf.in \
	tests/lab/conf/apigw/proxy.conf.in \
	tests/lab/conf/apigw/rest-headers.inc \
	tests/lab/conf/apigw/httpapi-headers.inc \
	tests/lab/conf/apigw/cloudfront-headers.inc \
	tests/lab/conf/apigw/front-answer.inc \
	tests/lab/conf/apigw/stage-url-answer.inc \
	tests/lab/zones/apigw-alias.test.zone \
	tests/lab/zones/apigw-aliasdiff.test.zone \
	tests/lab/zones/apigw-chain.test.zone \
	tests/lab/zones/apigw-dangling.test.zone \
	tests/lab/zones/apigw-deepwild.test.zone \
	tests/lab/zones/apigw-edge.test.zone \
	tests/lab/zones/apigw-expired.test.zone \
	tests/lab/zones/apigw-nomap.test.zone \
	tests/lab/zones/apigw-ok.test.zone \
	tests/lab/zones/apigw-other.test.zone \
	tests/lab/zones/apigw-proxy.test.zone \
	tests/lab/zones/apigw-region.test.zone \
	tests/lab/zones/apigw-reject.test.zone \
	tests/lab/zones/apigw-stage.test.zone \
	tests/lab/zones/apigw-stagepath.test.zone \
	tests/lab/zones/apigw-untrusted.test.zone \
	tests/lab/zones/apigw-v2.test.zone \
	tests/lab/zones/apigw-vpce.test.zone \
	tests/lab/zones/apigw-wrongname.test.zone \
	tests/lab/zones/cloudfront.net.zone \
	tests/data/apigw
# <<< apigw-lab
