/* Reading get-domain-name output (tests/data/apigw/, in the real CLI and
 * wire shapes): every good sample is read with the right endpoints, every
 * malformed one is refused with the place and the reason, and nothing
 * hostile reaches the error text raw. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/apigw/apigw_check.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "testutil.h"

static const char *datadir;

static bool
load(const char *file, struct apigw_domain *d, char *err, size_t errlen)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", datadir, file);
	return apigw_domain_load(path, d, err, errlen);
}

static void
test_good(void)
{
	static const struct {
		const char *file, *name;
		int version;
		size_t n;
		const char *target0, *zone0;
	} cases[] = {
		{ "apigw-ok-rest.json", "api.apigw-ok.test.", 1, 1, "d-ok12345678.execute-api.us-east-1.amazonaws.com.", "Z1UJRXOUMOOFQ8" },
		{ "apigw-ok-v2.json", "api.apigw-ok.test.", 2, 1, "d-ok12345678.execute-api.us-east-1.amazonaws.com.", "Z1UJRXOUMOOFQ8" },
		{ "apigw-ok-rest-wire.json", "api.apigw-ok.test.", 1, 1, "d-ok12345678.execute-api.us-east-1.amazonaws.com.", "Z1UJRXOUMOOFQ8" },
		{ "apigw-ok-v2-wire.json", "api.apigw-ok.test.", 2, 1, "d-ok12345678.execute-api.us-east-1.amazonaws.com.", "Z1UJRXOUMOOFQ8" },
		{ "apigw-edge-rest.json", "api.apigw-edge.test.", 1, 1, "d1a2b3c4d5e6f7.cloudfront.net.", "Z2FDTNDATAQYW2" },
		{ "apigw-edge-rest-wire.json", "api.apigw-edge.test.", 1, 1, "d1a2b3c4d5e6f7.cloudfront.net.", "Z2FDTNDATAQYW2" },
		{ "apigw-edge-v2-wire.json", "api.apigw-edge.test.", 2, 1, "d1a2b3c4d5e6f7.cloudfront.net.", "Z2FDTNDATAQYW2" },
		{ "apigw-region-rest.json", "api.apigw-region.test.", 1, 1, "d-rg12345678.execute-api.eu-west-1.amazonaws.com.", "ZLY8HYME6SFDD" },
		{ "migrating-rest.json", "api.apigw-edge.test.", 1, 2, "d1a2b3c4d5e6f7.cloudfront.net.", "Z2FDTNDATAQYW2" },
		{ "migrating-v2.json", "api.apigw-edge.test.", 2, 2, "d1a2b3c4d5e6f7.cloudfront.net.", "Z2FDTNDATAQYW2" },
		{ "unknown-fields-rest.json", "api.apigw-ok.test.", 1, 1, "d-ok12345678.execute-api.us-east-1.amazonaws.com.", "Z1UJRXOUMOOFQ8" },
		{ "apigw-v2-v2.json", "api.apigw-v2.test.", 2, 1, "d-v212345678.execute-api.us-east-1.amazonaws.com.", "Z1UJRXOUMOOFQ8" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct apigw_domain d;
		char err[600];
		bool ok = load(cases[i].file, &d, err, sizeof err);
		CHECK(ok, "%s: %s", cases[i].file, err);
		if (!ok)
			continue;
		CHECK_STR(d.name, cases[i].name, "%s: domainName", cases[i].file);
		CHECK(d.api_version == cases[i].version, "%s: API version %d", cases[i].file, d.api_version);
		CHECK(d.n_endpoints == cases[i].n, "%s: %zu endpoints", cases[i].file, d.n_endpoints);
		CHECK_STR(d.endpoints[0].target, cases[i].target0, "%s: target", cases[i].file);
		CHECK_STR(d.endpoints[0].hosted_zone_id, cases[i].zone0, "%s: hosted zone id", cases[i].file);
		CHECK(d.endpoints[0].certificate_arn && !strncmp(d.endpoints[0].certificate_arn, "arn:aws:acm:", 12),
		      "%s: certificate ARN", cases[i].file);
		apigw_domain_free(&d);
	}
	/* Every scenario's sample, both shapes, is read. */
	static const char *const scenarios[] = {
		"stage", "proxy", "vpce", "alias", "aliasdiff", "expired", "wrongname", "untrusted",
		"deepwild", "chain", "nomap", "stagepath", "edge-eucert",
	};
	for (size_t i = 0; i < sizeof scenarios / sizeof *scenarios; i++)
		for (int v = 0; v < 2; v++) {
			char file[80], err[600];
			struct apigw_domain d;
			snprintf(file, sizeof file, "apigw-%s-%s.json", scenarios[i], v ? "v2" : "rest");
			CHECK(load(file, &d, err, sizeof err), "%s: %s", file, err);
			apigw_domain_free(&d);
		}
	struct apigw_domain d;
	char err[600];
	CHECK(load("apigw-untrusted-rest.json", &d, err, sizeof err) && d.ownership_certificate_arn,
	      "the ownership verification ARN of an imported certificate");
	apigw_domain_free(&d);
	CHECK(load("migrating-rest.json", &d, err, sizeof err) && d.endpoints[1].type == APIGW_EP_REGIONAL &&
	      !strcmp(d.endpoints[0].status, "UPDATING"), "EDGE and REGIONAL while migrating");
	apigw_domain_free(&d);
}

static void
test_bad_files(void)
{
	static const char *const cases[][2] = {
		{ "bad-empty.json", "(top level): empty input: expected the JSON output of aws apigateway get-domain-name" },
		{ "bad-blank.json", "empty input" },
		{ "bad-truncated.json", "the JSON ends too early" },
		{ "bad-syntax.json", "(line 4, column " },
		{ "bad-trailing.json", "more text after the end of the JSON value" },
		{ "bad-array.json", "(top level): expected a JSON object, got an array" },
		{ "bad-unrelated.json", "no domainName" },
		{ "bad-wrong-type-types.json", "endpointConfiguration.types: expected an array, got a string" },
		{ "bad-wrong-type-target.json", "regionalDomainName: expected a string, got an array" },
		{ "bad-missing-target.json", "regionalDomainName: missing" },
		{ "bad-unknown-type.json", "endpointConfiguration.types[0]: \"SATELLITE\": unknown endpoint type" },
		{ "bad-v2-no-configurations.json", "DomainNameConfigurations: empty" },
		{ "bad-v2-wrong-type.json", "DomainNameConfigurations: expected an array, got an object" },
		{ "bad-hostile.json", "\\u0000 (a NUL character) in a string" },
		{ "bad-cli-error.txt", "AWS CLI's error message, not a domain name's description: An error occurred (NotFoundException)" },
		{ "bad-text-output.txt", "not JSON; run aws with --output json" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct apigw_domain d;
		char err[600] = "";
		CHECK(!load(cases[i][0], &d, err, sizeof err), "%s is refused", cases[i][0]);
		CHECK(strstr(err, cases[i][1]) != NULL, "%s\n  want: ...%s...\n  got:  %s", cases[i][0], cases[i][1], err);
		CHECK(san_is_clean(err, strlen(err)), "%s: the message is safe to print: %s", cases[i][0], err);
		CHECK(!d.name && !d.n_endpoints, "%s: nothing kept", cases[i][0]);
	}
	struct apigw_domain d;
	char err[600];
	CHECK(!apigw_domain_load("/nonexistent/x.json", &d, err, sizeof err) && strstr(err, "No such file"),
	      "a missing file: %s", err);
}

static void
refuse(const char *json, const char *want)
{
	struct apigw_domain d;
	char err[600] = "";
	CHECK(!apigw_domain_parse(json, strlen(json), &d, err, sizeof err), "refused: %s", json);
	CHECK(strstr(err, want) != NULL, "want ...%s...\n  got: %s", want, err);
	CHECK(san_is_clean(err, strlen(err)), "clean: %s", err);
}

static void
test_bad_fields(void)
{
	refuse("{\"domainName\":\"\\u001b[31mapi\\u001b[0m.x.test\",\"endpointConfiguration\":{\"types\":[\"REGIONAL\"]},"
	       "\"regionalDomainName\":\"d-ok12345678.execute-api.us-east-1.amazonaws.com\"}", "domainName: \"\\x1b[31mapi");
	refuse("{\"domainName\":\"api.x.test\",\"endpointConfiguration\":{\"types\":[\"REGIONAL\"]},"
	       "\"regionalDomainName\":\"\\u202emoc.swanozama\"}", "regionalDomainName: \"\\u202e");
	refuse("{\"domainName\":\"api.x.test\",\"endpointConfiguration\":{\"types\":[\"REGIONAL\"]},"
	       "\"regionalDomainName\":\"abc1234567.execute-api.us-east-1.amazonaws.com\"}",
	       "not a regional API Gateway name");
	refuse("{\"domainName\":\"api.x.test\",\"endpointConfiguration\":{\"types\":[\"EDGE\"]},"
	       "\"distributionDomainName\":\"d-ok12345678.execute-api.us-east-1.amazonaws.com\"}",
	       "distributionDomainName: \"d-ok12345678.execute-api.us-east-1.amazonaws.com.\": not a CloudFront distribution name");
	refuse("{\"domainName\":\"api.x.test\",\"endpointConfiguration\":{\"types\":[\"REGIONAL\"]},"
	       "\"regionalDomainName\":\"d-ok12345678.execute-api.us-east-1.amazonaws.com\","
	       "\"regionalCertificateArn\":\"arn:aws:iam::123:role/x\"}", "regionalCertificateArn: \"arn:aws:iam::123:role/x\": not the ARN of an ACM certificate");
	refuse("{\"domainName\":\"api.x.test\",\"endpointConfiguration\":{\"types\":[\"REGIONAL\"]},"
	       "\"regionalDomainName\":\"d-ok12345678.execute-api.us-east-1.amazonaws.com\","
	       "\"regionalHostedZoneId\":\"z1; rm -rf\"}", "regionalHostedZoneId: \"z1; rm -rf\": not a Route 53 hosted zone id");
	refuse("{\"message\":\"Invalid domain name identifier specified\"}", "an AWS error response");
	refuse("{\"DomainName\":\"api.x.test\",\"DomainNameConfigurations\":[{\"EndpointType\":\"REGIONAL\"}]}",
	       "DomainNameConfigurations[0].ApiGatewayDomainName: missing");
	refuse("{\"domainName\":\"api.x.test\"}", "endpointConfiguration: missing, and neither");
	char deep[200] = "{\"domainName\":";
	for (int i = 0; i < 40; i++)
		strcat(deep, "[");
	refuse(deep, "nested deeper than 16 levels");
}

int
main(void)
{
	const char *s = getenv("TESTS_SRCDIR");
	static char buf[1024];
	snprintf(buf, sizeof buf, "%s/data/apigw", s && *s ? s : "tests");
	datadir = buf;
	test_good();
	test_bad_files();
	test_bad_fields();
	return test_summary("test_apigw_domain");
}
