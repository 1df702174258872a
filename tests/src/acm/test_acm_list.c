/* list-certificates output and which certificates need attention; the
 * parts of describe-certificate output that --query prints, read as the
 * whole and routed to the probes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "acm/acm_cert.h"
#include "acm/acm_input.h"
#include "acm/acm_list.h"
#include "testutil.h"

#define NOW 1767225600LL        /* 2026-01-01T00:00:00Z */

static const char list_json[] =
	"{\"CertificateSummaryList\": ["
	"{\"CertificateArn\": \"arn:aws:acm:us-east-1:111122223333:certificate/a\", \"DomainName\": \"ok.example.com\","
	" \"Status\": \"ISSUED\", \"NotAfter\": \"2026-12-01T00:00:00+00:00\", \"Type\": \"AMAZON_ISSUED\"},"
	"{\"CertificateArn\": \"arn:aws:acm:eu-west-1:111122223333:certificate/b\", \"DomainName\": \"soon.example.com\","
	" \"SubjectAlternativeNameSummaries\": [\"soon.example.com\", \"*.soon.example.com\"],"
	" \"Status\": \"ISSUED\", \"NotAfter\": 1767830400, \"InUse\": true},"
	"{\"CertificateArn\": \"arn:aws:acm:us-east-1:111122223333:certificate/c\", \"DomainName\": \"new.example.com\","
	" \"Status\": \"PENDING_VALIDATION\", \"CreatedAt\": \"2025-12-31T23:00:00Z\"},"
	"{\"CertificateArn\": \"arn:aws:acm:us-east-1:111122223333:certificate/d\", \"DomainName\": \"old.example.com\","
	" \"Status\": \"PENDING_VALIDATION\", \"CreatedAt\": \"2025-12-30T00:00:00Z\"},"
	"{\"CertificateArn\": \"arn:aws:acm:us-west-2:111122223333:certificate/e\", \"DomainName\": \"Bad.Example.COM.\","
	" \"Status\": \"FAILED\", \"CreatedAt\": \"2025-12-01T00:00:00Z\"},"
	"{\"CertificateArn\": \"arn:aws:acm:us-east-1:111122223333:certificate/f\", \"DomainName\": \"gone.example.com\","
	" \"Status\": \"VALIDATION_TIMED_OUT\"}"
	"], \"NextToken\": null}";

static void
test_list(void)
{
	struct acm_list l;
	char err[300];
	CHECK(acm_list_detect(list_json, sizeof list_json - 1), "detected");
	CHECK(!acm_list_detect("{\"Certificate\": {}}", 19), "a certificate is not a list");
	CHECK(acm_list_parse(list_json, sizeof list_json - 1, &l, err, sizeof err), "parse: %s", err);
	CHECK(l.n == 6, "six summaries");
	CHECK_STR(l.v[1].region, "eu-west-1", "region from the ARN");
	CHECK(l.v[1].n_sans == 2 && !strcmp(l.v[1].sans[1], "*.soon.example.com."), "SANs canonical");
	CHECK(l.v[1].not_after == 1767830400LL && l.v[1].in_use, "epoch NotAfter, InUse");
	CHECK_STR(l.v[4].domain_name, "bad.example.com.", "names canonical");
	acm_list_attention(&l, NOW, ACM_EXPIRING_SOON_S);
	CHECK(l.n == 5, "the healthy one dropped (%zu left)", l.n);
	static const char *const order[] = { "bad.example.com.", "gone.example.com.", "old.example.com.",
					     "new.example.com.", "soon.example.com." };
	for (size_t i = 0; i < 5 && i < l.n; i++)
		CHECK_STR(l.v[i].domain_name, order[i], "worst first, position %zu", i);
	acm_list_free(&l);
	static const char bad[] = "{\"CertificateSummaryList\": [{\"CertificateArn\": \"x\", \"DomainName\": \"a..b\"}]}";
	CHECK(!acm_list_parse(bad, sizeof bad - 1, &l, err, sizeof err) &&
	      strstr(err, "CertificateSummaryList[0].DomainName"), "a bad name, with its place: %s", err);
	CHECK(!acm_list_parse("{\"x\": 1}", 8, &l, err, sizeof err), "not a list: %s", err);
}

/* Parse a part, route it, and say what the CNAME check gets. */
static void
partial(const char *json, size_t want_records, const char *want_domain, const char *label)
{
	struct acm_cert c;
	char err[300];
	bool ok = acm_cert_parse(json, strlen(json), &c, err, sizeof err);
	CHECK(ok, "%s: %s", label, err);
	if (!ok)
		return;
	CHECK(c.partial && c.status == ACM_ST_UNKNOWN && !c.status_text, "%s: partial, no status", label);
	CHECK_STR(c.domain_name, want_domain, "%s: the name", label);
	struct acm_route r;
	CHECK(acm_route(&c, NOW, NULL, &r, err, sizeof err), "%s: route: %s", label, err);
	CHECK(r.n_findings >= 1 && r.findings[0].code == F_ACM_STATUS_NOT_GIVEN, "%s: said it is partial", label);
	struct acm_input in = { 0 };
	acm_input_from_route(&in, &c, &r, true, true);
	CHECK(in.n_records == want_records && in.n_caa >= 1, "%s: %zu records, %zu CAA names", label, in.n_records, in.n_caa);
	acm_input_free(&in);
	acm_route_free(&r);
	acm_cert_free(&c);
}

static void
test_partial(void)
{
	partial("[{\"DomainName\": \"example.com\", \"ValidationMethod\": \"DNS\", \"ValidationStatus\": \"PENDING_VALIDATION\","
		" \"ResourceRecord\": {\"Name\": \"_a.example.com.\", \"Type\": \"CNAME\", \"Value\": \"_b.acm-validations.aws.\"}},"
		" {\"DomainName\": \"*.example.com\", \"ValidationMethod\": \"DNS\","
		" \"ResourceRecord\": {\"Name\": \"_a.example.com.\", \"Type\": \"CNAME\", \"Value\": \"_b.acm-validations.aws.\"}}]",
		1, "example.com.", "Certificate.DomainValidationOptions");
	partial("[{\"Name\": \"_a.example.com.\", \"Type\": \"CNAME\", \"Value\": \"_b.acm-validations.aws.\"},"
		" {\"Name\": \"_c.www.example.com.\", \"Type\": \"CNAME\", \"Value\": \"_d.acm-validations.aws.\"}]",
		2, "example.com.", "DomainValidationOptions[].ResourceRecord");
	partial("{\"Name\": \"_a.shop.example.com.\", \"Type\": \"CNAME\", \"Value\": \"_b.acm-validations.aws.\"}",
		1, "shop.example.com.", "DomainValidationOptions[0].ResourceRecord");
	partial("{\"DomainName\": \"example.com\", \"ValidationMethod\": \"DNS\","
		" \"ResourceRecord\": {\"Name\": \"_a.example.com.\", \"Type\": \"CNAME\", \"Value\": \"_b.acm-validations.aws.\"}}",
		1, "example.com.", "DomainValidationOptions[0]");
	partial("{\"DomainValidationOptions\": [{\"DomainName\": \"example.com\", \"ValidationMethod\": \"DNS\","
		" \"ResourceRecord\": {\"Name\": \"_a.example.com.\", \"Type\": \"CNAME\", \"Value\": \"_b.acm-validations.aws.\"}}]}",
		1, "example.com.", "{DomainValidationOptions: ...}");
	/* still refused, field by field */
	struct acm_cert c;
	char err[300];
	CHECK(!acm_cert_parse("[1, 2]", 6, &c, err, sizeof err), "an array of numbers: %s", err);
	CHECK(!acm_cert_parse("[{\"Name\": 5, \"Value\": \"x.\"}]", 28, &c, err, sizeof err) && strstr(err, "DomainName"),
	      "a record without a usable name: %s", err);
	CHECK(!acm_cert_parse("[]", 2, &c, err, sizeof err), "an empty array: %s", err);
	/* the whole output still needs its Status */
	CHECK(!acm_cert_parse("{\"Certificate\": {\"DomainName\": \"x.com\"}}", 40, &c, err, sizeof err) &&
	      strstr(err, "Status"), "whole output without Status: %s", err);
}

int
main(void)
{
	test_list();
	test_partial();
	return test_summary("test_acm_list");
}
