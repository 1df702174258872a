/* The API Gateway check's evaluation, a pure function of the facts: every
 * finding code from hand-made facts (DNS, certificates, HTTP answers,
 * get-domain-name), and what must not be said twice or blamed wrongly. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/apigw/apigw_check.h"
#include "checks/apigw/apigw_int.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "net/http_probe.h"
#include "net/tls_probe.h"
#include "apigw_test.h"
#include "testutil.h"

#define REGIONAL "d-ok12345678.execute-api.us-east-1.amazonaws.com."
#define STAGE "abc1234567.execute-api.us-east-1.amazonaws.com."
#define ARN_US "arn:aws:acm:us-east-1:123456789012:certificate/1"
#define ARN_EU "arn:aws:acm:eu-west-1:123456789012:certificate/1"

/* ---- builders ---- */

static void
add_error(struct tls_result *r, int code, const char *text)
{
	r->errors = xrealloc(r->errors, (r->n_errors + 1) * sizeof *r->errors);
	r->errors[r->n_errors++] = (struct tls_verify_error){ 0, code, xstrdup(text) };
}

/* A certificate that came: CN, SANs (space-separated), does it cover the
 * name, and one more verification error (0: none; 10 expired). */
static struct tls_result *
cert(const char *cn, const char *sans, bool matches, int error)
{
	struct tls_result *r = xcalloc(1, sizeof *r);
	r->ok = r->have_cert = r->name_checked = true;
	r->name_matches = matches;
	r->subject_cn = xstrdup(cn);
	r->issuer_cn = xstrdup(error == 19 ? "untrusted CA" : "lab CA");
	r->not_before = xstrdup("2026-01-01T00:00:00Z");
	r->not_after = xstrdup(error == 10 ? "2024-04-01T00:00:00Z" : "2027-01-01T00:00:00Z");
	char *copy = xstrdup(sans), *save = NULL;
	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
		strv_push(&r->sans, &r->n_sans, t);
	free(copy);
	if (!matches)
		add_error(r, 62, "hostname mismatch");
	if (error == 10)
		r->expired = true;
	if (error)
		add_error(r, error, error == 10 ? "certificate has expired" : "self-signed certificate in certificate chain");
	return r;
}

static struct tls_result *
refused(int alert)
{
	struct tls_result *r = xcalloc(1, sizeof *r);
	r->failure = alert ? TLS_FAIL_ALERT : TLS_FAIL_CONNECT;
	r->alert = alert;
	r->error = xstrdup(alert ? "refused the handshake with TLS alert 112" : "connection refused");
	return r;
}


#define REST_200 "HTTP/2 200\nx-amzn-requestid: 1\nx-amz-apigw-id: a=\n"
#define REST_403 "HTTP/2 403\nx-amzn-requestid: 1\nx-amzn-errortype: ForbiddenException\n"
#define REST_MAT "HTTP/2 403\nx-amzn-requestid: 1\nx-amzn-errortype: MissingAuthenticationTokenException\n"
#define FORBIDDEN "{\"message\":\"Forbidden\"}"
#define MAT "{\"message\":\"Missing Authentication Token\"}"

static void
facts(struct apigw_facts *f, const char *name)
{
	memset(f, 0, sizeof *f);
	f->name = xstrdup(name);
	f->path = xstrdup("/");
	f->dns_end = APIGW_DNS_ADDRESSES;
}

static void
hop(struct apigw_facts *f, const char *name, const char *target)
{
	f->chain = xrealloc(f->chain, (f->n_chain + 1) * sizeof *f->chain);
	f->chain[f->n_chain++] = (struct apigw_hop){ xstrdup(name), xstrdup(target), 300 };
}

static void
tls(struct apigw_facts *f, enum apigw_tls_role role, const char *addr, struct tls_result *r)
{
	f->tls = xrealloc(f->tls, (f->n_tls + 1) * sizeof *f->tls);
	size_t n = strlen(f->name);
	f->tls[f->n_tls++] = (struct apigw_tls_seen){ role, xstrdup(addr), xstrndup(f->name, n - 1), r };
}

/* An address of the name with its certificate. */
static void
at(struct apigw_facts *f, const char *addr, struct tls_result *r)
{
	strv_push(&f->addrs, &f->n_addrs, addr);
	tls(f, APIGW_TLS_NAME, addr, r);
}

static void
http(struct apigw_facts *f, const char *head, const char *body)
{
	f->http.url = str_fmt(300, "https://%.*s%s", (int)strlen(f->name) - 1, f->name, f->path);
	f->http.address = xstrdup(f->n_addrs ? f->addrs[0] : "127.0.0.1");
	f->http.res = test_response(head, body);
}

/* get-domain-name: one endpoint. */
static void
domain(struct apigw_facts *f, enum apigw_endpoint_type type, const char *target, const char *zone,
       const char *arn)
{
	f->domain = xcalloc(1, sizeof *f->domain);
	f->domain->name = xstrdup(f->name);
	f->domain->api_version = 1;
	struct apigw_endpoint *e = &f->domain->endpoints[f->domain->n_endpoints++];
	e->type = type;
	e->target = xstrdup(target);
	e->hosted_zone_id = zone ? xstrdup(zone) : NULL;
	e->certificate_arn = arn ? xstrdup(arn) : NULL;
	e->status = xstrdup("AVAILABLE");
	f->expected = xstrdup(target);
	f->expected_type = type;
}

/* ---- running it ---- */

struct outcome {
	char codes[400];            /* "APIGW_X,APIGW_Y", most severe first */
	enum apigw_verdict verdict;
	struct finding *fs;
	size_t n;
	struct apigw_fix fix;
};

static void
evaluate(struct apigw_facts *f, struct outcome *o)
{
	memset(o, 0, sizeof *o);
	apigw_evaluate(f, &o->fs, &o->n, &o->verdict, &o->fix);
	size_t used = 0;
	for (size_t i = 0; i < o->n; i++)
		used += (size_t)snprintf(o->codes + used, sizeof o->codes - used, "%s%s", i ? "," : "",
					 finding_code_name(o->fs[i].code));
}

static bool
evidence_has(const struct finding *fd, const char *needle)
{
	for (size_t i = 0; fd && i < fd->n_evidence; i++)
		if (strstr(fd->evidence[i], needle))
			return true;
	return false;
}

static void
done(struct apigw_facts *f, struct outcome *o)
{
	for (size_t i = 0; i < o->n; i++)
		finding_clear(&o->fs[i]);
	free(o->fs);
	apigw_fix_clear(&o->fix);
	apigw_facts_clear(f);
}

#define GOOD(name) cert(name, name, true, 0)

/* ---- the cases ---- */

static void
test_ok(void)
{
	struct apigw_facts f;
	struct outcome o;
	facts(&f, "api.example.com.");
	hop(&f, "api.example.com.", REGIONAL);
	at(&f, "192.0.2.1", GOOD("api.example.com"));
	at(&f, "192.0.2.2", GOOD("api.example.com"));
	http(&f, REST_200, "{}");
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_OK", "healthy regional domain");
	CHECK(o.verdict == APIGW_V_OK, "verdict ok");
	CHECK(!o.fix.wanted, "no fix");
	CHECK(strstr(o.fs[0].message, "REST API") && strstr(o.fs[0].message, "HTTP 200"), "%s", o.fs[0].message);
	done(&f, &o);
}

static void
test_stage(void)
{
	struct apigw_facts f;
	struct outcome o;
	facts(&f, "api.example.com.");
	hop(&f, "api.example.com.", STAGE);
	at(&f, "192.0.2.9", cert("*.execute-api.us-east-1.amazonaws.com", "*.execute-api.us-east-1.amazonaws.com", false, 0));
	http(&f, REST_403, FORBIDDEN);
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_TARGETS_STAGE_URL", "the stage URL, not also a mismatch nor a missing mapping");
	CHECK(o.verdict == APIGW_V_WRONG_TARGET, "verdict wrong-target");
	CHECK(!o.fix.wanted && o.fs[0].plan == -1, "no target known: no fix");
	CHECK(strstr(o.fs[0].message, "get-domain-name"), "says how to find the target: %s", o.fs[0].message);
	CHECK(evidence_has(&o.fs[0], "NET::ERR_CERT_COMMON_NAME_INVALID"), "what browsers show");
	CHECK(evidence_has(&o.fs[0], "curl: (60)"), "what curl shows");
	done(&f, &o);

	facts(&f, "api.example.com.");
	hop(&f, "api.example.com.", STAGE);
	at(&f, "192.0.2.9", cert("*.execute-api.us-east-1.amazonaws.com", "*.execute-api.us-east-1.amazonaws.com", false, 0));
	domain(&f, APIGW_EP_REGIONAL, REGIONAL, NULL, ARN_US);
	strv_push(&f.expected_addrs, &f.n_expected_addrs, "192.0.2.1");
	strv_push(&f.expected_addrs, &f.n_expected_addrs, "2001:db8::1");
	tls(&f, APIGW_TLS_EXPECTED, "192.0.2.1", GOOD("api.example.com"));
	evaluate(&f, &o);
	CHECK(o.fix.wanted && o.fs[0].plan == 0, "with the domain: a fix");
	CHECK_STR(o.fix.target, REGIONAL, "to the regional name");
	CHECK_STR(o.fix.zone_id, "Z1UJRXOUMOOFQ8", "zone id from the table when the answer has none");
	CHECK_STR(o.fix.region, "us-east-1", "its region");
	CHECK(o.fix.ipv6 && !o.fix.cloudfront, "IPv6 seen, not CloudFront");
	CHECK(evidence_has(&o.fs[0], "for comparison"), "the expected target's certificate as evidence");
	done(&f, &o);
}

static void
test_certificates(void)
{
	struct apigw_facts f;
	struct outcome o;
	facts(&f, "api.example.com.");
	hop(&f, "api.example.com.", REGIONAL);
	at(&f, "192.0.2.1", cert("api.example.com", "api.example.com", true, 10));
	http(&f, REST_200, "{}");
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_CERT_EXPIRED", "expired");
	CHECK(strstr(o.fs[0].message, "2024-04-01"), "says when: %s", o.fs[0].message);
	CHECK(evidence_has(&o.fs[0], "NET::ERR_CERT_DATE_INVALID"), "browsers' words");
	done(&f, &o);

	facts(&f, "api.example.com.");
	hop(&f, "api.example.com.", REGIONAL);
	at(&f, "192.0.2.1", cert("api.example.com", "api.example.com", true, 19));
	http(&f, REST_200, "{}");
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_CERT_UNTRUSTED", "untrusted, nothing else");
	CHECK(strstr(o.fs[0].message, "self-signed") && strstr(o.fs[0].message, "untrusted CA"), "%s", o.fs[0].message);
	done(&f, &o);

	facts(&f, "api.v1.example.com.");
	hop(&f, "api.v1.example.com.", REGIONAL);
	at(&f, "192.0.2.1", cert("*.example.com", "*.example.com example.com", false, 0));
	http(&f, REST_200, "{}");
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_CERT_NAME_MISMATCH", "deep wildcard");
	CHECK(strstr(o.fs[0].message, "one label only") && strstr(o.fs[0].message, "*.v1.example.com"),
	      "explains the wildcard: %s", o.fs[0].message);
	done(&f, &o);

	facts(&f, "api.example.com.");
	hop(&f, "api.example.com.", REGIONAL);
	at(&f, "192.0.2.1", cert("other.example.net", "other.example.net www.example.net", false, 0));
	at(&f, "192.0.2.2", cert("other.example.net", "other.example.net www.example.net", false, 0));
	http(&f, REST_200, "{}");
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_CERT_NAME_MISMATCH", "one finding for two addresses");
	CHECK(strstr(o.fs[0].message, "other names") && !strstr(o.fs[0].message, "of 2 addresses"),
	      "every address: no count: %s", o.fs[0].message);
	CHECK(evidence_has(&o.fs[0], "192.0.2.1") && evidence_has(&o.fs[0], "192.0.2.2"), "both addresses in evidence");
	done(&f, &o);
}

static void
test_tls_failed(void)
{
	struct apigw_facts f;
	struct outcome o;
	facts(&f, "api.example.com.");
	hop(&f, "api.example.com.", "d9z8y7x6w5v4u3.cloudfront.net.");
	at(&f, "192.0.2.5", refused(112));
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_TLS_FAILED", "alert 112");
	CHECK(strstr(o.fs[0].message, "alternate domain name"), "CloudFront's reason: %s", o.fs[0].message);
	CHECK(evidence_has(&o.fs[0], "ERR_SSL_UNRECOGNIZED_NAME_ALERT"), "Chrome's words for it");
	done(&f, &o);

	facts(&f, "api.example.com.");
	hop(&f, "api.example.com.", "d-gone123456.execute-api.us-east-2.amazonaws.com.");
	f.dns_end = APIGW_DNS_DANGLING;
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_TLS_FAILED", "dangling CNAME: nothing to connect to");
	CHECK(strstr(o.fs[0].message, "does not exist (NXDOMAIN)"), "blames DNS: %s", o.fs[0].message);
	CHECK(evidence_has(&o.fs[0], "NXDOMAIN") && evidence_has(&o.fs[0], "Could not resolve host"), "evidence");
	done(&f, &o);

	facts(&f, "api.example.com.");
	f.dns_end = APIGW_DNS_FAILED;
	f.dns_error = xstrdup("SERVFAIL");
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_DNS_FAILED", "the lookup failed: not called a missing name");
	CHECK(o.verdict == APIGW_V_LOOKUP_FAILED, "verdict lookup-failed");
	done(&f, &o);
}

static void
test_http(void)
{
	struct apigw_facts f;
	struct outcome o;
	facts(&f, "api.example.com.");
	hop(&f, "api.example.com.", REGIONAL);
	at(&f, "192.0.2.1", GOOD("api.example.com"));
	http(&f, REST_403, FORBIDDEN);
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_NO_MAPPING", "403 Forbidden at the right place");
	done(&f, &o);

	facts(&f, "api.example.com.");
	free(f.path);
	f.path = xstrdup("/prod/pets");
	hop(&f, "api.example.com.", REGIONAL);
	at(&f, "192.0.2.1", GOOD("api.example.com"));
	http(&f, REST_MAT, MAT);
	CHECK(apigw_wants_retry(&f), "Missing Authentication Token at /prod/pets: try /pets");
	f.http.retry_url = xstrdup("https://api.example.com/pets");
	f.http.retry = test_response(REST_200, "[]");
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_STAGE_IN_PATH", "the stage in the path");
	CHECK(strstr(o.fs[0].message, "(prod)") && strstr(o.fs[0].message, "Use https://api.example.com/pets"),
	      "%s", o.fs[0].message);
	done(&f, &o);

	facts(&f, "api.example.com.");
	free(f.path);
	f.path = xstrdup("/nothing/here");
	hop(&f, "api.example.com.", REGIONAL);
	at(&f, "192.0.2.1", GOOD("api.example.com"));
	http(&f, REST_MAT, MAT);
	f.http.retry_url = xstrdup("https://api.example.com/here");
	f.http.retry = test_response(REST_MAT, MAT);
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_OK", "both paths unknown to the API: not the stage's fault");
	done(&f, &o);

	facts(&f, "api.example.com.");
	hop(&f, "api.example.com.", "lb.example.com.");
	at(&f, "192.0.2.7", GOOD("api.example.com"));
	http(&f, "HTTP/1.1 200 OK\nServer: AmazonAPIGateway\n", "<html>");
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_NOT_APIGW", "no API Gateway header: a Server line proves nothing");
	done(&f, &o);

	facts(&f, "api.example.com.");
	hop(&f, "api.example.com.", REGIONAL);
	at(&f, "192.0.2.1", GOOD("api.example.com"));
	f.http.url = xstrdup("https://api.example.com/");
	f.http.address = xstrdup("192.0.2.1");
	f.http.res = xcalloc(1, sizeof *f.http.res);
	f.http.res->error = xstrdup("curl 28: Operation timed out");
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_HTTP_FAILED", "no HTTP answer: a warning, not a verdict on the API");
	CHECK(o.verdict == APIGW_V_WARNING, "verdict warning");
	done(&f, &o);
}

static void
test_vpce_and_proxy(void)
{
	struct apigw_facts f;
	struct outcome o;
	facts(&f, "api.example.com.");
	hop(&f, "api.example.com.", "vpce-0a1b2c3d4e5f67890-abcd1234.execute-api.us-east-1.vpce.amazonaws.com.");
	at(&f, "10.0.0.7", cert("*.execute-api.us-east-1.vpce.amazonaws.com", "*.execute-api.us-east-1.vpce.amazonaws.com", false, 0));
	http(&f, REST_403, FORBIDDEN);
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_CERT_NAME_MISMATCH", "a VPC endpoint: its own certificate, not a missing mapping");
	CHECK(strstr(o.fs[0].message, "VPC endpoint"), "%s", o.fs[0].message);
	done(&f, &o);

	facts(&f, "api.example.com.");
	at(&f, "104.21.48.70", GOOD("api.example.com"));
	http(&f, "HTTP/2 200\ncf-ray: 1-IAD\nx-amzn-requestid: 1\n", "{}");
	domain(&f, APIGW_EP_REGIONAL, REGIONAL, "Z1UJRXOUMOOFQ8", ARN_US);
	strv_push(&f.expected_addrs, &f.n_expected_addrs, "192.0.2.1");
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_PROXY_IN_FRONT", "Cloudflare in front; its addresses are not blamed as typed");
	CHECK(o.verdict == APIGW_V_PROXIED && o.fix.wanted, "proxied, with the DNS-only fix");
	done(&f, &o);
}

static void
test_domain_facts(void)
{
	struct apigw_facts f;
	struct outcome o;
	facts(&f, "api.example.com.");
	hop(&f, "api.example.com.", "d-rg12345678.execute-api.eu-west-1.amazonaws.com.");
	at(&f, "192.0.2.3", GOOD("api.example.com"));
	http(&f, REST_200, "{}");
	domain(&f, APIGW_EP_REGIONAL, "d-rg12345678.execute-api.eu-west-1.amazonaws.com.", "ZLY8HYME6SFDD", ARN_US);
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_CERT_WRONG_REGION", "regional in eu-west-1, certificate in us-east-1");
	CHECK(strstr(o.fs[0].message, "eu-west-1") && strstr(o.fs[0].message, "us-east-1"), "%s", o.fs[0].message);
	done(&f, &o);

	facts(&f, "api.example.com.");
	hop(&f, "api.example.com.", "d1a2b3c4d5e6f7.cloudfront.net.");
	at(&f, "192.0.2.4", GOOD("api.example.com"));
	http(&f, REST_200, "{}");
	domain(&f, APIGW_EP_EDGE, "d1a2b3c4d5e6f7.cloudfront.net.", NULL, ARN_EU);
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_CERT_WRONG_REGION", "edge-optimized with a eu-west-1 certificate");
	CHECK_STR(o.fix.zone_id, "Z2FDTNDATAQYW2", "CloudFront's zone id for an edge target");
	done(&f, &o);

	facts(&f, "api.example.com.");
	hop(&f, "api.example.com.", "d-xx12345678.execute-api.us-east-1.amazonaws.com.");
	at(&f, "192.0.2.1", GOOD("api.example.com"));
	http(&f, REST_200, "{}");
	domain(&f, APIGW_EP_REGIONAL, REGIONAL, "ZCUSTOM1", ARN_US);
	free(f.domain->endpoints[0].status);
	f.domain->endpoints[0].status = xstrdup("UPDATING");
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_TARGET_DIFFERS,APIGW_DOMAIN_NOT_AVAILABLE", "another d- name; an update under way");
	CHECK_STR(o.fix.zone_id, "ZCUSTOM1", "the zone id API Gateway gave wins over the table");
	done(&f, &o);
}

static void
test_addresses(void)
{
	struct apigw_facts f;
	struct outcome o;
	facts(&f, "example.com.");
	at(&f, "192.0.2.1", GOOD("example.com"));
	at(&f, "192.0.2.6", cert("*.execute-api.us-east-1.amazonaws.com", "*.execute-api.us-east-1.amazonaws.com", false, 0));
	http(&f, REST_200, "{}");
	domain(&f, APIGW_EP_REGIONAL, REGIONAL, "Z1UJRXOUMOOFQ8", ARN_US);
	strv_push(&f.expected_addrs, &f.n_expected_addrs, "192.0.2.1");
	strv_push(&f.expected_addrs, &f.n_expected_addrs, "192.0.2.2");
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_CERT_NAME_MISMATCH,APIGW_ADDRESSES_DIFFER", "typed addresses, one of them stale");
	CHECK(strstr(o.fs[0].message, "192.0.2.6 (1 of 2 addresses)") &&
	      strstr(o.fs[0].message, "not an address of"), "%s", o.fs[0].message);
	CHECK(o.fix.wanted && o.fs[1].plan == 0, "the alias fix");
	done(&f, &o);

	facts(&f, "example.com.");
	at(&f, "192.0.2.2", GOOD("example.com"));
	at(&f, "192.0.2.1", GOOD("example.com"));
	http(&f, REST_200, "{}");
	domain(&f, APIGW_EP_REGIONAL, REGIONAL, "Z1UJRXOUMOOFQ8", ARN_US);
	strv_push(&f.expected_addrs, &f.n_expected_addrs, "192.0.2.1");
	strv_push(&f.expected_addrs, &f.n_expected_addrs, "192.0.2.2");
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_OK", "exactly the target's addresses: an alias");
	CHECK(strstr(o.fs[0].message, "an alias"), "%s", o.fs[0].message);
	done(&f, &o);
}

static void
test_not_applicable(void)
{
	struct apigw_facts f;
	struct outcome o;
	facts(&f, "www.example.com.");
	f.only_if_https = true;
	at(&f, "192.0.2.8", GOOD("www.example.com"));
	http(&f, "HTTP/1.1 200 OK\n", "<html>");
	evaluate(&f, &o);
	CHECK_STR(o.codes, "", "Diagnose a domain: a web site is not an API, nothing to say");
	CHECK(o.verdict == APIGW_V_NOT_APPLICABLE, "verdict not-applicable");
	done(&f, &o);

	facts(&f, "www.example.com.");
	f.only_if_https = true;
	f.dns_end = APIGW_DNS_NXDOMAIN;
	evaluate(&f, &o);
	CHECK_STR(o.codes, "", "no address, no API");
	CHECK(o.verdict == APIGW_V_NOT_APPLICABLE, "verdict not-applicable");
	done(&f, &o);

	facts(&f, "api.example.com.");
	f.only_if_https = true;
	hop(&f, "api.example.com.", STAGE);
	at(&f, "192.0.2.9", cert("*.execute-api.us-east-1.amazonaws.com", "*.execute-api.us-east-1.amazonaws.com", false, 0));
	http(&f, REST_403, FORBIDDEN);
	evaluate(&f, &o);
	CHECK_STR(o.codes, "APIGW_TARGETS_STAGE_URL", "an AWS target is an API even when not asked for");
	done(&f, &o);
}

int
main(void)
{
	test_ok();
	test_stage();
	test_certificates();
	test_tls_failed();
	test_http();
	test_vpce_and_proxy();
	test_domain_facts();
	test_addresses();
	test_not_applicable();
	return test_summary("test_apigw_eval");
}
