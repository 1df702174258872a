/* The API Gateway check's pure helpers: the target classifier over the name
 * forms of data/apigw-names.txt, regions, wildcard reach, the hosted zone
 * table, URLs as pasted, the stage retry path, and who answered an HTTP
 * request (by its own headers, never Server). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/apigw/apigw_check.h"
#include "checks/apigw/apigw_int.h"
#include "core/xalloc.h"
#include "net/http_probe.h"
#include "apigw_test.h"
#include "testutil.h"

static void
test_classify(void)
{
	static const struct { const char *name; enum apigw_class cls; } cases[] = {
		{ "abc1234567.execute-api.us-east-1.amazonaws.com.", APIGW_C_STAGE },
		{ "ABC1234567.Execute-API.us-east-1.amazonaws.com.", APIGW_C_OTHER },   /* not canonical */
		{ "d-ok12345678.execute-api.us-east-1.amazonaws.com.", APIGW_C_REGIONAL },
		{ "d-numh1z56v6.execute-api.eu-west-1.amazonaws.com.", APIGW_C_REGIONAL },
		{ "d-abc.execute-api.us-east-1.amazonaws.com.", APIGW_C_OTHER },       /* too short */
		{ "d1a2b3c4d5e6f7.cloudfront.net.", APIGW_C_CLOUDFRONT },
		{ "d1a2b3c4d5e6f.cloudfront.net.", APIGW_C_OTHER },                    /* 12 characters */
		{ "vpce-0a1b2c3d4e5f67890-abcd1234.execute-api.us-east-1.vpce.amazonaws.com.", APIGW_C_VPCE },
		{ "abc1234567-vpce-0a1b2c3d4e5f67890.execute-api.us-east-1.amazonaws.com.", APIGW_C_VPCE },
		{ "abc1234567.execute-api.cn-north-1.amazonaws.com.cn.", APIGW_C_STAGE },
		{ "lb.apigw-other.test.", APIGW_C_OTHER },
		{ "execute-api.us-east-1.amazonaws.com.evil.test.", APIGW_C_OTHER },
		{ "abc1234567.execute-api.us-east-1.amazonaws.com.evil.test.", APIGW_C_OTHER },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		CHECK(apigw_classify(cases[i].name) == cases[i].cls, "%s: got %s", cases[i].name,
		      apigw_class_name(apigw_classify(cases[i].name)));
	CHECK(apigw_classify(NULL) == APIGW_C_NONE, "no target: none");
	CHECK_STR(apigw_class_name(APIGW_C_STAGE), "stage-url", "class names are the JSON contract");
}

static void
test_regions(void)
{
	char r[64];
	CHECK(apigw_name_region("d-ok12345678.execute-api.eu-west-1.amazonaws.com.", r, sizeof r) &&
	      !strcmp(r, "eu-west-1"), "region of a regional name: %s", r);
	CHECK(!apigw_name_region("d1a2b3c4d5e6f7.cloudfront.net.", r, sizeof r), "CloudFront has no region");
	CHECK(!apigw_name_region("x.execute-api.", r, sizeof r), "no label after execute-api");
	CHECK(apigw_arn_region("arn:aws:acm:us-east-1:123456789012:certificate/abc", r, sizeof r) &&
	      !strcmp(r, "us-east-1"), "ARN region");
	CHECK(apigw_arn_region("arn:aws-cn:acm:cn-north-1:1:certificate/x", r, sizeof r) &&
	      !strcmp(r, "cn-north-1"), "China partition");
	CHECK(!apigw_arn_region("arn:aws:acm::123:certificate/x", r, sizeof r), "empty region");
	CHECK(!apigw_arn_region("not an arn", r, sizeof r), "not an ARN");
	CHECK_STR(apigw_region_zone("us-east-1"), "Z1UJRXOUMOOFQ8", "us-east-1 zone id (data file)");
	CHECK_STR(apigw_region_zone("eu-west-1"), "ZLY8HYME6SFDD", "eu-west-1 zone id");
	CHECK_STR(apigw_region_zone("eu-central-1"), "Z1U9ULNL0V5AJ3", "eu-central-1 zone id");
	CHECK(apigw_region_zone("us-east") == NULL, "a prefix of a region is no region");
	CHECK(apigw_region_zone("mars-1") == NULL, "unknown region");
}

static void
test_covers(void)
{
	CHECK(apigw_cert_name_covers("api.example.com", "api.example.com."), "exact, dot ignored");
	CHECK(apigw_cert_name_covers("API.example.com", "api.example.com"), "case ignored");
	CHECK(apigw_cert_name_covers("*.example.com", "api.example.com"), "wildcard, one label");
	CHECK(!apigw_cert_name_covers("*.example.com", "a.b.example.com"), "wildcard, two labels");
	CHECK(!apigw_cert_name_covers("*.example.com", "example.com"), "wildcard does not cover the apex");
	CHECK(!apigw_cert_name_covers("example.com", "api.example.com"), "no suffix match");
	CHECK(!apigw_cert_name_covers("*.example.com", ".example.com"), "empty label");
}

static void
test_url(void)
{
	char why[200], *path;
	char *n = apigw_parse_url("https://API.Example.com/prod/pets?x=1#frag", &path, why, sizeof why);
	CHECK_STR(n, "api.example.com.", "host of a URL, canonical");
	CHECK_STR(path, "/prod/pets?x=1", "path and query kept, fragment dropped");
	free(n);
	free(path);
	n = apigw_parse_url("  api.example.com  ", &path, why, sizeof why);
	CHECK_STR(n, "api.example.com.", "a bare name");
	CHECK_STR(path, "/", "path /");
	free(n);
	free(path);
	n = apigw_parse_url("api.example.com:443/v1", &path, why, sizeof why);
	CHECK_STR(path, "/v1", "port 443 allowed, path without scheme");
	free(n);
	free(path);
	CHECK(!apigw_parse_url("https://api.example.com:8443/", &path, why, sizeof why) && strstr(why, "443"),
	      "other ports refused: %s", why);
	CHECK(!apigw_parse_url("ftp://api.example.com/", &path, why, sizeof why), "other schemes refused");
	CHECK(!apigw_parse_url("https://user:pw@api.example.com/", &path, why, sizeof why), "credentials refused");
	CHECK(!apigw_parse_url("https://api.example.com/a b", &path, why, sizeof why), "a blank in the path");
	CHECK(!apigw_parse_url("https://api.example.com/\x1b[31m", &path, why, sizeof why), "ESC in the path");
	CHECK(!apigw_parse_url("https://api.example.com/%zz", &path, why, sizeof why), "a broken escape");
	CHECK(!apigw_parse_url("https://*.example.com/", &path, why, sizeof why), "a wildcard host");
	n = apigw_parse_url("https://api.example.com/a%20b", &path, why, sizeof why);
	CHECK_STR(path, "/a%20b", "an escape is fine");
	free(n);
	free(path);
}

static void
test_stage_path(void)
{
	static const char *const cases[][2] = {
		{ "/prod/pets", "/pets" }, { "/prod", "/" }, { "/prod/", "/" },
		{ "/prod?x=1", "/?x=1" }, { "/", NULL }, { "/?x", NULL }, { "//x", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *got = apigw_path_without_stage(cases[i][0]);
		if (cases[i][1])
			CHECK_STR(got, cases[i][1], "%s without its stage", cases[i][0]);
		else
			CHECK(!got, "%s has no stage segment: %s", cases[i][0], got);
		free(got);
	}
}


static void
test_who_answered(void)
{
	struct http_response *r = test_response("HTTP/2 403\nx-amzn-requestid: 1\nx-amzn-errortype: ForbiddenException\n",
					   "{\"message\":\"Forbidden\"}");
	CHECK(apigw_http_api(r) == APIGW_API_REST, "REST API by x-amzn-RequestId");
	char *m = apigw_http_message(r);
	CHECK_STR(m, "Forbidden", "the message of the body");
	free(m);
	CHECK(!apigw_http_mat(r), "Forbidden is not Missing Authentication Token");
	http_response_free(r);

	r = test_response("HTTP/1.1 200 OK\r\napigw-requestid: abc=\r\n\r\n", "{}");
	CHECK(apigw_http_api(r) == APIGW_API_HTTP, "HTTP API by apigw-requestid");
	http_response_free(r);

	r = test_response("HTTP/1.1 200 OK\nServer: AmazonAPIGateway\nServer: CloudFront\n", "");
	CHECK(apigw_http_api(r) == APIGW_API_NONE && !apigw_http_cloudfront(r), "never by Server");
	http_response_free(r);

	r = test_response("HTTP/1.1 403 Forbidden\nVia: 1.1 abc.cloudfront.net (CloudFront)\nX-Cache: Error from cloudfront\n", "");
	CHECK(apigw_http_cloudfront(r) && !apigw_http_api(r), "CloudFront by Via and X-Cache");
	http_response_free(r);

	r = test_response("HTTP/2 403\nx-amzn-errortype: MissingAuthenticationTokenException:http://x\n",
		     "{\"message\":\"Missing Authentication Token\"}");
	CHECK(apigw_http_mat(r), "Missing Authentication Token by its error type");
	http_response_free(r);

	r = test_response("HTTP/2 403\nx-amz-apigw-id: x\n", "{\"message\":\"Missing Authentication Token\"}");
	CHECK(apigw_http_mat(r), "... or by its body");
	http_response_free(r);

	r = test_response("HTTP/2 200\ncf-ray: 1-IAD\n", "");
	CHECK(apigw_http_cloudflare(r), "Cloudflare by CF-RAY");
	http_response_free(r);
}

int
main(void)
{
	test_classify();
	test_regions();
	test_covers();
	test_url();
	test_stage_path();
	test_who_answered();
	return test_summary("test_apigw_names");
}
