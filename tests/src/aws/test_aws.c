/* The AWS layer's pure parts: the shared files, XML, settings and
 * endpoints, error classification, canonical queries, credential_process
 * splitting, the trace's redaction, API Gateway's answers, credential JSON,
 * and the process made non-dumpable. The requests themselves are tested
 * against the lab's AWS endpoint (tests/e2e/aws-*.test). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "acm/acm_aws.h"
#include "aws/aws_acm.h"
#include "aws/aws_apigw.h"
#include "aws/aws_config.h"
#include "aws/aws_error.h"
#include "aws/aws_http.h"
#include "aws/aws_ini.h"
#include "aws/aws_int.h"
#include "aws/aws_secret.h"
#include "aws/aws_xml.h"
#include "core/strv.h"
#include "testutil.h"

static void
test_ini(void)
{
	static const char text[] =
		"\xef\xbb\xbf[default]\n"
		"region = eu-west-1\n"
		"# a comment\n"
		"; another\n"
		"Output: json\n"
		"[profile dev]\r\n"
		"aws_access_key_id=AKIAEXAMPLE\r\n"
		"services = lab\n"
		"this line is junk\n"
		"[services lab]\n"
		"acm =\n"
		"  endpoint_url = https://acm.lab.test\n"
		"route_53 =\n"
		"\tendpoint_url = https://r53.lab.test\n"
		"[profile dev]\n"
		"region = us-east-1\n"
		"region = us-west-2\n"
		"[empty]\n";
	size_t skipped = 0;
	struct aws_ini *ini = aws_ini_parse(text, sizeof text - 1, &skipped);
	CHECK_STR(aws_ini_get(ini, "default", "region"), "eu-west-1", "default region");
	CHECK_STR(aws_ini_get(ini, "default", "output"), "json", "key: value, key lower-cased");
	CHECK_STR(aws_ini_get(ini, "profile dev", "aws_access_key_id"), "AKIAEXAMPLE", "CRLF lines");
	CHECK_STR(aws_ini_get(ini, "services lab", "acm.endpoint_url"), "https://acm.lab.test", "nested key");
	CHECK_STR(aws_ini_get(ini, "services lab", "route_53.endpoint_url"), "https://r53.lab.test", "nested, tab");
	CHECK_STR(aws_ini_get(ini, "profile dev", "region"), "us-west-2", "the last of a repeated key");
	CHECK(aws_ini_get(ini, "profile dev", "# a comment") == NULL, "comments are not keys");
	CHECK(aws_ini_has_section(ini, "empty"), "a section without keys exists");
	CHECK(!aws_ini_has_section(ini, "missing"), "a missing section does not");
	CHECK(skipped == 1, "one junk line skipped (%zu)", skipped);
	aws_ini_free(ini);
	/* no section yet, a NUL inside, an unclosed header: skipped, never fatal */
	static const char bad[] = "key = before\n[open\nk = v\n[ok]\nx = a\0b\n";
	ini = aws_ini_parse(bad, sizeof bad - 1, &skipped);
	CHECK(aws_ini_get(ini, "ok", "x") && !strcmp(aws_ini_get(ini, "ok", "x"), "a"), "a NUL ends the line");
	CHECK(skipped == 3, "three lines skipped (%zu)", skipped);
	aws_ini_free(ini);
	char err[200];
	ini = aws_ini_load("/nonexistent/credentials", err, sizeof err);
	CHECK(ini && !aws_ini_get(ini, "default", "region"), "a missing file is an empty one");
	aws_ini_free(ini);
}

static void
test_xml(void)
{
	static const char r53[] =
		"<?xml version=\"1.0\"?>\n<!-- c -->"
		"<ListHostedZonesByNameResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
		"<HostedZones><HostedZone><Id>/hostedzone/Z1</Id><Name>a&amp;b.example.</Name>"
		"<Config><PrivateZone>false</PrivateZone></Config></HostedZone>"
		"<HostedZone><Id>/hostedzone/Z2</Id><Name><![CDATA[x<y]]>&#65;&#x42;&#xe9;</Name></HostedZone>"
		"</HostedZones><IsTruncated>false</IsTruncated><e/></ListHostedZonesByNameResponse>\n";
	char err[128];
	struct aws_xml_node *root = aws_xml_parse(r53, sizeof r53 - 1, err, sizeof err);
	CHECK(root != NULL, "Route 53 answer: %s", err);
	const struct aws_xml_node *hz = aws_xml_path(root, "HostedZones/HostedZone");
	CHECK_STR(aws_xml_text(hz, "Id"), "/hostedzone/Z1", "first zone");
	CHECK_STR(aws_xml_text(hz, "Name"), "a&b.example.", "entity decoded");
	CHECK_STR(aws_xml_text(hz, "Config/PrivateZone"), "false", "a path");
	hz = aws_xml_next(hz);
	CHECK_STR(aws_xml_text(hz, "Name"), "x<yAB\xc3\xa9", "CDATA and character references");
	CHECK(aws_xml_next(hz) == NULL, "two zones");
	CHECK_STR(aws_xml_text(root, "e"), "", "empty element");
	CHECK(aws_xml_text(root, "Missing") == NULL, "absent element");
	aws_xml_free(root);
	static const char *const bad[] = {
		"<!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>",   /* no DTD, no entity expansion */
		"<a><b></a></b>", "<a>&#0;</a>", "<a>&#xd800;</a>", "<a>&bogus;</a>", "<a></a><b></b>",
		"<a", "<a x=1></a>", "<a>text", "", "text only", "<a>\0</a>",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		size_t len = i == 11 ? 9 : strlen(bad[i]);
		struct aws_xml_node *n = aws_xml_parse(bad[i], len, err, sizeof err);
		CHECK(n == NULL && err[0], "refused: %s", bad[i]);
		aws_xml_free(n);
	}
	/* nesting beyond the bound is refused, not recursed into */
	char deep[2000] = "";
	for (int i = 0; i < 40; i++)
		strcat(deep, "<a>");
	for (int i = 0; i < 40; i++)
		strcat(deep, "</a>");
	root = aws_xml_parse(deep, strlen(deep), err, sizeof err);
	CHECK(root == NULL && strstr(err, "nested"), "too deep: %s", err);
}

static void
unset_aws(void)
{
	static const char *const vars[] = {
		"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CA_BUNDLE",
		"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_ACM", "AWS_ENDPOINT_URL_ROUTE_53", "AWS_MAX_ATTEMPTS",
		"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
	};
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++)
		unsetenv(vars[i]);
}

static char *
config_file(const char *text)
{
	char *path = strdup("/tmp/acmd-test-aws-XXXXXX");
	int fd = mkstemp(path);
	CHECK(fd >= 0, "mkstemp");
	if (fd >= 0) {
		CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text), "write");
		close(fd);
	}
	return path;
}

static void
test_config(void)
{
	unset_aws();
	char *cfg = config_file("[default]\nregion = sa-east-1\n[profile dev]\nregion = ap-south-1\n"
				"services = lab\nendpoint_url = https://profile.example\nca_bundle = ~/ca.pem\n"
				"[services lab]\nacm =\n  endpoint_url = https://acm.services.example/\n");
	setenv("AWS_CONFIG_FILE", cfg, 1);
	setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent", 1);
	setenv("HOME", "/home/tester", 1);
	struct aws_config c;
	char err[300];
	struct aws_config_opts o = { 0 };
	CHECK(aws_config_load(&c, &o, err, sizeof err) == 0, "load: %s", err);
	CHECK_STR(c.profile, "default", "the default profile");
	CHECK_STR(c.region, "sa-east-1", "the profile's region");
	char *u = aws_endpoint_url(&c, AWS_SVC_ACM, "eu-west-1", NULL);
	CHECK_STR(u, "https://acm.eu-west-1.amazonaws.com", "ACM's host");
	free(u);
	u = aws_endpoint_url(&c, AWS_SVC_ROUTE53, "eu-west-1", NULL);
	CHECK_STR(u, "https://route53.amazonaws.com", "Route 53 is global");
	free(u);
	u = aws_endpoint_url(&c, AWS_SVC_ACM, "cn-north-1", NULL);
	CHECK_STR(u, "https://acm.cn-north-1.amazonaws.com.cn", "China");
	free(u);
	CHECK_STR(aws_signing_region(AWS_SVC_ROUTE53, "eu-west-1"), "us-east-1", "Route 53 signs us-east-1");
	CHECK_STR(aws_signing_region(AWS_SVC_ROUTE53, "us-gov-east-1"), "us-gov-west-1", "GovCloud");
	aws_config_free(&c);

	/* the profile's own settings, then the environment over them */
	setenv("AWS_PROFILE", "dev", 1);
	CHECK(aws_config_load(&c, &o, err, sizeof err) == 0, "load dev: %s", err);
	CHECK_STR(c.region, "ap-south-1", "dev's region");
	CHECK_STR(c.ca_bundle, "/home/tester/ca.pem", "~ expanded");
	bool over = false;
	u = aws_endpoint_url(&c, AWS_SVC_ACM, "ap-south-1", &over);
	CHECK(over && !strcmp(u, "https://acm.services.example"), "the services section: %s", u);
	free(u);
	u = aws_endpoint_url(&c, AWS_SVC_STS, "ap-south-1", NULL);
	CHECK_STR(u, "https://profile.example", "the profile's endpoint_url");
	free(u);
	aws_config_free(&c);
	setenv("AWS_ENDPOINT_URL", "https://all.example", 1);
	setenv("AWS_ENDPOINT_URL_ACM", "https://acm.example", 1);
	setenv("AWS_DEFAULT_REGION", "us-west-1", 1);
	CHECK(aws_config_load(&c, &o, err, sizeof err) == 0, "load env: %s", err);
	CHECK_STR(c.region, "us-west-1", "AWS_DEFAULT_REGION over the profile");
	u = aws_endpoint_url(&c, AWS_SVC_ACM, "us-west-1", NULL);
	CHECK_STR(u, "https://acm.example", "AWS_ENDPOINT_URL_ACM first");
	free(u);
	u = aws_endpoint_url(&c, AWS_SVC_ROUTE53, NULL, NULL);
	CHECK_STR(u, "https://all.example", "then AWS_ENDPOINT_URL");
	free(u);
	aws_config_free(&c);
	setenv("AWS_REGION", "us-east-2", 1);
	struct aws_config_opts o2 = { .profile = NULL, .region = "eu-north-1" };
	CHECK(aws_config_load(&c, &o2, err, sizeof err) == 0, "load opt: %s", err);
	CHECK_STR(c.region, "eu-north-1", "--region first");
	CHECK_STR(c.region_from, "--region", "and said so");
	aws_config_free(&c);
	CHECK(aws_config_load(&c, &o, err, sizeof err) == 0 && !strcmp(c.region, "us-east-2"), "AWS_REGION over AWS_DEFAULT_REGION");
	aws_config_free(&c);
	setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", 1);
	CHECK(aws_config_load(&c, &o, err, sizeof err) == 0, "load ignore");
	u = aws_endpoint_url(&c, AWS_SVC_ACM, "us-east-2", &over);
	CHECK(!over && !strcmp(u, "https://acm.us-east-2.amazonaws.com"), "overrides ignored: %s", u);
	free(u);
	aws_config_free(&c);
	setenv("AWS_REGION", "eu west 1", 1);
	CHECK(aws_config_load(&c, &o, err, sizeof err) < 0 && strstr(err, "AWS_REGION \"eu west 1\""),
	      "a malformed AWS_REGION is refused: %s", err);
	aws_config_free(&c);
	unsetenv("AWS_REGION");
	setenv("AWS_MAX_ATTEMPTS", "0", 1);
	CHECK(aws_config_load(&c, &o, err, sizeof err) < 0 && strstr(err, "AWS_MAX_ATTEMPTS"), "attempts: %s", err);
	aws_config_free(&c);
	unlink(cfg);
	free(cfg);
	unset_aws();

	CHECK(aws_region_syntax_ok("us-gov-west-1") && aws_region_syntax_ok("eu-west-1"), "region names");
	CHECK(!aws_region_syntax_ok("us-east1") && !aws_region_syntax_ok("EU-west-1") &&
	      !aws_region_syntax_ok("all") && !aws_region_syntax_ok("eu--west-1"), "not region names");
	size_t n;
	char bad[64];
	char **v = aws_region_list("eu-west-1, us-east-1,eu-west-1", &n, bad, sizeof bad);
	CHECK(v && n == 2 && !strcmp(v[1], "us-east-1"), "a list, duplicates dropped");
	strv_free(v, n);
	v = aws_region_list("all", &n, bad, sizeof bad);
	CHECK(v && n >= 30, "all: %zu regions", n);
	CHECK(aws_region_known("us-east-1") && !aws_region_known("xx-nowhere-9"), "known regions");
	strv_free(v, n);
	v = aws_region_list("eu-west-1,us-east1", &n, bad, sizeof bad);
	CHECK(!v && !strcmp(bad, "us-east1"), "the bad one named: %s", bad);
}

static void
test_errors(void)
{
	struct aws_error e;
	memset(&e, 0, sizeof e);
	static const char acm[] = "{\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"Message\":"
		"\"User: arn:aws:iam::1:user/u is not authorized to perform: acm:DescribeCertificate on resource: x\"}";
	aws_error_from_http(&e, "acm:DescribeCertificate", 400, NULL, acm, sizeof acm - 1);
	CHECK(e.kind == AWS_ERR_ACCESS_DENIED, "ACM access denied (%s)", aws_err_name(e.kind));
	CHECK_STR(e.code, "AccessDeniedException", "the code without its namespace");
	CHECK_STR(e.denied_action, "acm:DescribeCertificate", "the action AWS names");
	memset(&e, 0, sizeof e);
	aws_error_from_http(&e, "apigateway:GET", 429,
			    "TooManyRequestsException:http://internal.amazon.com/coral/x/", "{\"message\":\"slow\"}", 18);
	bool thr;
	CHECK(e.kind == AWS_ERR_THROTTLED && aws_error_retryable(&e, &thr) && thr, "API Gateway throttled");
	CHECK_STR(e.message, "slow", "message");
	memset(&e, 0, sizeof e);
	static const char r53[] = "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
		"<Message>Rate exceeded</Message></Error><RequestId>rid-1</RequestId></ErrorResponse>";
	aws_error_from_http(&e, "route53:ListHostedZonesByName", 400, NULL, r53, sizeof r53 - 1);
	CHECK(e.kind == AWS_ERR_THROTTLED && !strcmp(e.request_id, "rid-1"), "Route 53 throttled");
	memset(&e, 0, sizeof e);
	static const char skew[] = "{\"__type\":\"InvalidSignatureException\",\"message\":\"Signature expired: 20260101T000000Z is now earlier than ...\"}";
	aws_error_from_http(&e, "acm:ListCertificates", 400, NULL, skew, sizeof skew - 1);
	CHECK(e.kind == AWS_ERR_CLOCK_SKEW && !aws_error_retryable(&e, &thr), "clock skew, not retried");
	memset(&e, 0, sizeof e);
	static const char exp[] = "<ErrorResponse><Error><Code>ExpiredToken</Code><Message>m</Message></Error></ErrorResponse>";
	aws_error_from_http(&e, "route53:GetHostedZone", 403, NULL, exp, sizeof exp - 1);
	CHECK(e.kind == AWS_ERR_EXPIRED, "expired token");
	memset(&e, 0, sizeof e);
	aws_error_from_http(&e, "acm:DescribeCertificate", 503, NULL, "", 0);
	CHECK(e.kind == AWS_ERR_SERVER && aws_error_retryable(&e, &thr) && !thr, "5xx retried");
	memset(&e, 0, sizeof e);
	aws_error_from_transport(&e, "acm:ListCertificates", 6, "Could not resolve host", "acm.us-east1.amazonaws.com");
	CHECK(e.kind == AWS_ERR_REGION, "an unknown region's host");
	memset(&e, 0, sizeof e);
	aws_error_from_transport(&e, "acm:ListCertificates", 60, "SSL certificate problem", "acm.us-east-1.amazonaws.com");
	CHECK(e.kind == AWS_ERR_TLS && !aws_error_retryable(&e, &thr), "untrusted TLS, not retried");
	memset(&e, 0, sizeof e);
	aws_error_from_transport(&e, "acm:ListCertificates", 7, "Failed to connect", "127.0.0.30");
	CHECK(e.kind == AWS_ERR_NETWORK && aws_error_retryable(&e, &thr), "connection failure retried");
	/* hostile text is made printable */
	memset(&e, 0, sizeof e);
	static const char esc[] = "{\"__type\":\"X\",\"message\":\"\\u001b[31mred\"}";
	aws_error_from_http(&e, "acm:x", 400, NULL, esc, sizeof esc - 1);
	CHECK(!strchr(e.message, 0x1b), "no escape in a message: %s", e.message);
}

static void
test_findings(void)
{
	struct aws_error e;
	memset(&e, 0, sizeof e);
	static const char denied[] = "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>";
	aws_error_from_http(&e, "route53:ListHostedZonesByName", 403, NULL, denied, sizeof denied - 1);
	struct finding f;
	struct aws_identity id = { .source = AWS_SRC_PROCESS, .detail = "profile ci: vault" };
	acm_aws_finding(&f, &e, "example.com.", &id);
	CHECK(f.code == F_AWS_ACCESS_DENIED, "AccessDenied finding");
	CHECK(strstr(f.message, "route53:ListHostedZonesByName") && strstr(f.message, "profile ci: vault"),
	      "names the action and the credentials: %s", f.message);
	CHECK(f.n_evidence >= 1 && strstr(f.evidence[0], "AccessDenied"), "AWS's words as evidence");
	finding_clear(&f);
	char q[64];
	acm_zone_query_name("_x.www.shop.example.com.", q, sizeof q);
	CHECK_STR(q, "example.com.", "Route 53 is asked about the last two labels");
	acm_zone_query_name("*.example.com.", q, sizeof q);
	CHECK_STR(q, "example.com.", "wildcard");
	acm_zone_query_name("example.", q, sizeof q);
	CHECK_STR(q, "example.", "one label");
}

static void
test_query_and_split(void)
{
	const char *kv[] = { "maxitems", "100", "dnsname", "a b.example.", "hostedzoneid", "Z1/x~" };
	char *q = aws_query_build(kv, 3);
	CHECK_STR(q, "dnsname=a%20b.example.&hostedzoneid=Z1%2Fx~&maxitems=100", "sorted, encoded");
	free(q);
	char **argv;
	size_t argc;
	char err[100];
	CHECK(aws_shell_split("aws configure export-credentials --profile 'my prof' --format \"process\" a\\ b",
			      &argv, &argc, err, sizeof err) == 0 && argc == 8, "split");
	CHECK(argc == 8 && !strcmp(argv[4], "my prof") && !strcmp(argv[6], "process") && !strcmp(argv[7], "a b"),
	      "quotes and backslashes");
	strv_free(argv, argc);
	CHECK(aws_shell_split("sh -c \"echo \\\"x\\\" \\$HOME\"", &argv, &argc, err, sizeof err) == 0 && argc == 3 &&
	      !strcmp(argv[2], "echo \"x\" $HOME"), "escapes in double quotes");
	strv_free(argv, argc);
	CHECK(aws_shell_split("tool 'open", &argv, &argc, err, sizeof err) < 0, "an open quote: %s", err);
	CHECK(aws_shell_split("   ", &argv, &argc, err, sizeof err) < 0, "nothing: %s", err);
}

static void
test_redaction(void)
{
	char out[200];
	static const char *const lines[] = {
		"Authorization: AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/acm/aws4_request, SignedHeaders=host, Signature=abc\r\n",
		"X-Amz-Security-Token: CANARYTOKENsecret\r\n", "x-aws-ec2-metadata-token: CANARYIMDS123",
		"authorization: CANARYCONTAINERAUTH",
	};
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
		aws_http_redact_header(lines[i], strlen(lines[i]), out, sizeof out);
		CHECK(strstr(out, " chars>") && !strstr(out, "CANARY") && !strstr(out, "Signature="),
		      "redacted: %s", out);
	}
	aws_http_redact_header("Content-Type: a\x1b[31m", 18, out, sizeof out);
	CHECK(!strchr(out, 0x1b) && strstr(out, "Content-Type"), "other headers sanitised: %s", out);
}

static void
test_apigw(void)
{
	struct aws_apigw_domain d;
	char err[200];
	static const char edge[] = "{\"domainName\":\"api.example.test\",\"certificateArn\":\"arn:aws:acm:us-east-1:1:certificate/a\","
		"\"distributionDomainName\":\"d1.cloudfront.net\",\"distributionHostedZoneId\":\"Z2FDTNDATAQYW2\","
		"\"endpointConfiguration\":{\"types\":[\"EDGE\"]},\"domainNameStatus\":\"AVAILABLE\"}";
	CHECK(aws_apigw_parse(edge, sizeof edge - 1, &d, err, sizeof err), "edge: %s", err);
	CHECK(d.endpoint == AWS_APIGW_EDGE && !d.v2 && !strcmp(d.target, "d1.cloudfront.net") &&
	      !strcmp(d.hosted_zone_id, "Z2FDTNDATAQYW2"), "edge fields");
	aws_apigw_domain_clear(&d);
	static const char reg[] = "{\"domainName\":\"c.example.test\",\"regionalDomainName\":\"d-abc.execute-api.us-east-1.amazonaws.com\","
		"\"regionalHostedZoneId\":\"Z1UJRXOUMOOFQ8\",\"regionalCertificateArn\":\"arn:r\"}";
	CHECK(aws_apigw_parse(reg, sizeof reg - 1, &d, err, sizeof err) && d.endpoint == AWS_APIGW_REGIONAL &&
	      !strcmp(d.certificate_arn, "arn:r"), "regional, the type inferred");
	aws_apigw_domain_clear(&d);
	static const char v2cli[] = "{\"DomainName\":\"c.example.test\",\"DomainNameConfigurations\":[{"
		"\"ApiGatewayDomainName\":\"d-abc.execute-api.us-east-1.amazonaws.com\",\"CertificateArn\":\"arn:c\","
		"\"EndpointType\":\"REGIONAL\",\"HostedZoneId\":\"Z1\",\"DomainNameStatus\":\"AVAILABLE\"}]}";
	CHECK(aws_apigw_parse(v2cli, sizeof v2cli - 1, &d, err, sizeof err) && d.v2 && d.n_configurations == 1 &&
	      !strcmp(d.hosted_zone_id, "Z1") && !strcmp(d.status, "AVAILABLE"), "v2 as the CLI prints it");
	aws_apigw_domain_clear(&d);
	static const char v2bad[] = "{\"domainNameConfigurations\":3,\"domainName\":\"x\"}";
	CHECK(!aws_apigw_parse(v2bad, sizeof v2bad - 1, &d, err, sizeof err) &&
	      strstr(err, "domainNameConfigurations"), "malformed v2: %s", err);
	CHECK(!aws_apigw_parse("[1]", 3, &d, err, sizeof err), "not an object");
}

static void
test_creds_json(void)
{
	struct aws_creds *c = aws_creds_new(AWS_SRC_CONTAINER);
	struct aws_error e;
	memset(&e, 0, sizeof e);
	static const char ok[] = "{\"AccessKeyId\":\"ASIAX\",\"SecretAccessKey\":\"CANARYSECRETx\",\"Token\":\"CANARYTOKENy\","
		"\"Expiration\":\"2099-01-01T00:00:00Z\"}";
	CHECK(aws_creds_from_json(ok, sizeof ok - 1, "Token", c, &e) && c->token && c->expiration == 4070908800LL,
	      "container answer");
	aws_creds_free(c);
	c = aws_creds_new(AWS_SRC_PROCESS);
	static const char bad[] = "{\"AccessKeyId\":\"AKIAX\",\"SecretAccessKey\":\"CANARYSECRETz\",\"Expiration\":\"soon\"}";
	CHECK(!aws_creds_from_json(bad, sizeof bad - 1, "SessionToken", c, &e) && !strstr(e.message, "CANARY"),
	      "a bad Expiration refused, the secret not quoted: %s", e.message);
	aws_creds_free(c);
	c = aws_creds_new(AWS_SRC_PROCESS);
	CHECK(!aws_creds_from_json("{\"AccessKeyId\":\"A\"}", 18, "SessionToken", c, &e) && e.kind == AWS_ERR_CREDENTIAL_SOURCE,
	      "no secret");
	aws_creds_free(c);
	int64_t t;
	CHECK(aws_time_parse("2026-01-01T01:00:00+01:00", &t) && t == 1767225600LL, "time with an offset");
	CHECK(aws_time_parse("2026-01-01T00:00:00.123Z", &t) && t == 1767225600LL, "time with a fraction");
	CHECK(!aws_time_parse("yesterday", &t), "not a time");
}

static void
test_arn_and_secrets(void)
{
	char region[64];
	CHECK(aws_acm_arn_parse("arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-0000-4000-8000-000000000001",
				region, sizeof region) && !strcmp(region, "eu-west-1"), "an ARN and its region");
	CHECK(aws_acm_arn_parse("arn:aws-cn:acm:cn-north-1:111122223333:certificate/0a1b2c3d-0000-4000-8000-000000000001",
				region, sizeof region), "China's partition");
	CHECK(!aws_acm_arn_parse("arn:aws:acm:eu-west-1:1111:certificate/x", region, sizeof region), "a short account");
	CHECK(!aws_acm_arn_parse("arn:aws:iam::111122223333:role/x", region, sizeof region), "not ACM");
	char *s = aws_secret_dup("CANARYSECRET");
	CHECK_STR(s, "CANARYSECRET", "a copy");
	aws_secret_free(s);
	aws_secret_protect_process();
	struct rlimit rl;
	CHECK(aws_secret_protected() && prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0, "not dumpable");
	CHECK(getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_cur == 0, "no core size");
}

int
main(void)
{
	test_ini();
	test_xml();
	test_config();
	test_errors();
	test_findings();
	test_query_and_split();
	test_redaction();
	test_apigw();
	test_creds_json();
	test_arn_and_secrets();
	return test_summary("test_aws");
}
