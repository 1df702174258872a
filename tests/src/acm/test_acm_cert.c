/* Table tests of reading describe-certificate output and routing it
 * (src/acm/acm_cert.c, src/acm/acm_route.c). Samples are in tests/data/acm/. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acm/acm_cert.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "testutil.h"
#include "core/xalloc.h"

#ifndef TESTS_SRCDIR
#define TESTS_SRCDIR "tests"
#endif

#define CREATED 1795168800      /* 2026-11-20T10:00:00Z, CreatedAt of the samples */
#define HOUR 3600

static char *
sample_path(const char *file)
{
	const char *dir = getenv("ACMD_TESTS_SRCDIR");
	struct strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, "%s/data/acm/%s", dir && *dir ? dir : TESTS_SRCDIR, file);
	return sb_steal(&sb);
}

static bool
load(const char *file, struct acm_cert *cert, char *err, size_t errlen)
{
	char *path = sample_path(file);
	bool ok = acm_cert_load(path, cert, err, errlen);
	free(path);
	return ok;
}

/* ---- ISO-8601 ---- */

struct time_case {
	const char *text;
	bool ok;
	int64_t want;
};

static const struct time_case time_cases[] = {
	{ "2026-11-20T10:00:00.123000+00:00", true, CREATED },
	{ "2026-11-20T10:00:00Z", true, CREATED },
	{ "2026-11-20T10:00:00.5Z", true, CREATED },
	{ "2026-11-20 10:00:00+00:00", true, CREATED },
	{ "2026-11-20T12:00:00+02:00", true, CREATED },
	{ "2026-11-20T05:00:00-05:00", true, CREATED },
	{ "2026-11-20T05:00:00-0500", true, CREATED },
	{ "1970-01-01T00:00:00Z", true, 0 },
	{ "2000-02-29T00:00:00Z", true, 951782400 },
	{ "2026-11-20", false, 0 },
	{ "2026-11-20T10:00:00", false, 0 },
	{ "2026-13-01T00:00:00Z", false, 0 },
	{ "2026-02-30T00:00:00Z", false, 0 },
	{ "2026-11-20T25:00:00Z", false, 0 },
	{ "2026-11-20T10:00:00.Z", false, 0 },
	{ "2026-11-20T10:00:00Zjunk", false, 0 },
	{ "yesterday", false, 0 },
	{ "", false, 0 },
};

static void
test_times(void)
{
	for (size_t i = 0; i < sizeof time_cases / sizeof time_cases[0]; i++) {
		const struct time_case *tc = &time_cases[i];
		int64_t got = -1;
		bool ok = acm_time_from_iso(tc->text, &got);
		CHECK(ok == tc->ok, "time \"%s\": ok %d", tc->text, ok);
		if (ok && tc->ok)
			CHECK(got == tc->want, "time \"%s\": %lld, want %lld", tc->text,
			      (long long)got, (long long)tc->want);
	}
}

/* ---- malformed input: every error names WHERE ---- */

struct bad_case {
	const char *file;
	const char *want;       /* the error starts with this */
	const char *also;       /* and contains this (NULL: nothing more) */
};

static const struct bad_case bad_cases[] = {
	{ "bad-wrong-type-value.json",
	  "Certificate.DomainValidationOptions[2].ResourceRecord.Value: expected a string, got a number", NULL },
	{ "bad-wrong-type-dvo.json",
	  "Certificate.DomainValidationOptions: expected an array, got an object", NULL },
	{ "bad-wrong-type-time.json",
	  "Certificate.CreatedAt: expected a time (ISO-8601 text or epoch seconds), got a boolean", NULL },
	{ "bad-time-text.json", "Certificate.CreatedAt: not an ISO-8601 time: \"yesterday\"", NULL },
	{ "bad-wrong-type-san.json",
	  "Certificate.SubjectAlternativeNames[1]: expected a string, got an array", NULL },
	{ "bad-wrong-type-renewal.json",
	  "Certificate.RenewalSummary.RenewalStatus: expected a string, got a number", NULL },
	{ "bad-missing-status.json", "Certificate.Status: missing", NULL },
	{ "bad-missing-rr-name.json",
	  "Certificate.DomainValidationOptions[0].ResourceRecord.Name: missing", NULL },
	{ "bad-wrong-type-certificate.json", "Certificate: expected an object, got a string", NULL },
	{ "bad-hostile-name.json", "Certificate.DomainName: not a valid domain name", "\\x1b" },
	{ "bad-hostile-value.json",
	  "Certificate.DomainValidationOptions[0].ResourceRecord.Value: not a valid domain name", NULL },
	{ "bad-array.json", "(top level): expected a JSON object, got an array", NULL },
	{ "bad-aws-error.json", "(top level): this is an AWS error response", "ResourceNotFoundException" },
	{ "bad-unrelated.json", "(top level): neither a \"Certificate\" object", NULL },
	{ "bad-truncated.json", "byte ", "the JSON ends too early" },
	{ "bad-trailing.json", "byte ", "more text after the end of the JSON value" },
	{ "bad-syntax.json", "byte 3061 (line 72, column 9): JSON syntax error", NULL },
	{ "bad-empty.json", "(top level): empty input", NULL },
	{ "bad-blank.json", "(top level): empty input", NULL },
	{ "bad-deep-40.json", "byte 46 (line 1, column 47): nested deeper than 32 levels", NULL },
	{ "bad-deep-2000.json", "byte 32 (line 1, column 33): nested deeper than 32 levels", NULL },
	{ "bad-nul.json", "byte 100 (line ", "a NUL byte" },
	{ "bad-not-json.txt", "byte 0 (line 1, column 1): not JSON; run aws with --output json", NULL },
	/* The caller names the path once: the reason alone. */
	{ "no-such-file.json", "/", "No such file" },
	/* cJSON would cut the name at the NUL: refused, with its place. */
	{ "bad-u0000.json", "byte 51 (line 3, column 31): \\u0000 (a NUL character) in a string", NULL },
};

/* Nothing that reaches a terminal may carry control characters. */
static bool
is_printable(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return san_is_clean(s, strlen(s));
}

static void
test_bad_files(void)
{
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *bc = &bad_cases[i];
		struct acm_cert cert;
		char err[512] = "";
		bool ok = load(bc->file, &cert, err, sizeof err);
		CHECK(!ok, "%s: parsed", bc->file);
		if (ok) {
			acm_cert_free(&cert);
			continue;
		}
		const char *got = err;
		/* The file's own path leads the open error; compare after it. */
		if (!strcmp(bc->want, "/"))
			CHECK(err[0] == '/', "%s: %s", bc->file, err);
		else
			CHECK(!strncmp(got, bc->want, strlen(bc->want)), "%s:\n  want: %s...\n  got:  %s",
			      bc->file, bc->want, got);
		if (bc->also)
			CHECK(strstr(got, bc->also) != NULL, "%s: no \"%s\" in: %s", bc->file, bc->also, got);
		CHECK(is_printable(err), "%s: unsafe error text", bc->file);
		CHECK(cert.domain_name == NULL && cert.n_domains == 0, "%s: cert not left empty", bc->file);
	}
}

/* Where an error may point: a field path, a byte position, the top level. */
static bool
names_where(const char *err)
{
	return !strncmp(err, "Certificate", 11) || !strncmp(err, "byte ", 5) ||
	       !strncmp(err, "(top level): ", 13) || !strncmp(err, "DomainValidationOptions", 23) ||
	       !strncmp(err, "RenewalSummary", 14);
}

static char *
slurp(const char *file, size_t *len)
{
	char *path = sample_path(file);
	FILE *f = fopen(path, "rb");
	free(path);
	struct strbuf sb;
	sb_init(&sb);
	char chunk[4096];
	size_t n;
	while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		sb_addn(&sb, chunk, n);
	if (f)
		fclose(f);
	*len = sb.len;
	return sb_steal(&sb);
}

/* Every prefix of a good file is an error with a place, never a crash. */
static void
test_truncations(void)
{
	size_t len;
	char *text = slurp("pending-cli.json", &len);
	int failures = 0;
	CHECK(len > 1000, "sample too short: %zu", len);
	for (size_t cut = 0; cut + 1 < len; cut++) {
		struct acm_cert cert;
		char err[512];
		char *copy = xmemdup(text, cut);     /* exact size: ASan sees overreads */
		bool ok = acm_cert_parse(copy, cut, &cert, err, sizeof err);
		free(copy);
		if (ok) {
			acm_cert_free(&cert);
			failures++;
		} else if (!names_where(err)) {
			fprintf(stderr, "cut at %zu: %s\n", cut, err);
			failures++;
		}
	}
	CHECK(failures == 0, "%d truncations parsed or gave an error without a place", failures);
	free(text);
}

static void
test_limits(void)
{
	struct acm_cert cert;
	char err[512];

	/* Over 4 MiB: refused before parsing, from memory and from a stream. */
	size_t big = ACM_INPUT_MAX + 1;
	char *buf = xmalloc(big);
	memset(buf, ' ', big);
	buf[0] = '{';
	buf[big - 1] = '}';
	CHECK(!acm_cert_parse(buf, big, &cert, err, sizeof err), "huge input parsed");
	CHECK_STR(err, "(top level): the input is 4194305 bytes; at most 4194304 are accepted", "huge");
	free(buf);
	CHECK(!acm_cert_load("/dev/zero", &cert, err, sizeof err), "/dev/zero loaded");
	CHECK(strstr(err, "larger than 4194304 bytes") != NULL, "/dev/zero: %s", err);

	/* 1001 domains: one over the API's own limit. */
	struct strbuf sb;
	sb_init(&sb);
	sb_add(&sb, "{\"Certificate\":{\"DomainName\":\"example.com\",\"Status\":\"PENDING_VALIDATION\","
	       "\"DomainValidationOptions\":[");
	for (int i = 0; i <= ACM_LIST_MAX; i++)
		sb_addf(&sb, "%s{\"DomainName\":\"n%d.example.com\"}", i ? "," : "", i);
	sb_add(&sb, "]}}");
	CHECK(!acm_cert_parse(sb.buf, sb.len, &cert, err, sizeof err), "1001 domains parsed");
	CHECK_STR(err, "Certificate.DomainValidationOptions: 1001 elements; at most 1000 are accepted",
		  "too many domains");

	/* Exactly 1000 is fine. */
	sb_reset(&sb);
	sb_add(&sb, "{\"DomainName\":\"example.com\",\"Status\":\"PENDING_VALIDATION\","
	       "\"DomainValidationOptions\":[");
	for (int i = 0; i < ACM_LIST_MAX; i++)
		sb_addf(&sb, "%s{\"DomainName\":\"n%d.example.com\",\"ValidationMethod\":\"DNS\","
			"\"ResourceRecord\":{\"Name\":\"_%d.n%d.example.com.\",\"Type\":\"CNAME\","
			"\"Value\":\"_%d.x.acm-validations.aws.\"}}", i ? "," : "", i, i, i, i);
	sb_add(&sb, "]}");
	bool ok = acm_cert_parse(sb.buf, sb.len, &cert, err, sizeof err);
	CHECK(ok, "1000 domains: %s", err);
	if (ok) {
		CHECK(cert.n_domains == 1000 && cert.n_records == 1000, "1000: %zu domains, %zu records",
		      cert.n_domains, cert.n_records);
		CHECK(!cert.wrapped, "bare detail marked wrapped");
		acm_cert_free(&cert);
	}

	/* Bare detail errors name fields without the "Certificate." prefix. */
	sb_reset(&sb);
	sb_add(&sb, "{\"DomainName\":\"example.com\",\"Status\":\"ISSUED\",\"DomainValidationOptions\":[{}]}");
	CHECK(!acm_cert_parse(sb.buf, sb.len, &cert, err, sizeof err), "empty DVO parsed");
	CHECK_STR(err, "DomainValidationOptions[0].DomainName: missing", "bare path");
	sb_free(&sb);

	/* A number that is no time. */
	const char *neg = "{\"DomainName\":\"example.com\",\"Status\":\"ISSUED\",\"CreatedAt\":-5}";
	CHECK(!acm_cert_parse(neg, strlen(neg), &cert, err, sizeof err), "negative time parsed");
	CHECK_STR(err, "CreatedAt: -5 is not a time in epoch seconds", "negative time");
}

/* ---- what a good file holds ---- */

static void
check_pending(const char *file)
{
	struct acm_cert c;
	char err[512];
	bool ok = load(file, &c, err, sizeof err);
	CHECK(ok, "%s: %s", file, err);
	if (!ok)
		return;
	CHECK(c.wrapped, "%s: not wrapped", file);
	CHECK_STR(c.arn, "arn:aws:acm:us-east-1:123456789012:certificate/1f0e8a4c-3b2d-4c6e-9a7b-5d4c3b2a1f00", "%s arn", file);
	CHECK_STR(c.domain_name, "example.com.", "%s DomainName", file);
	CHECK(c.status == ACM_ST_PENDING_VALIDATION, "%s status", file);
	CHECK_STR(c.status_text, "PENDING_VALIDATION", "%s status text", file);
	CHECK_STR(c.type, "AMAZON_ISSUED", "%s type", file);
	CHECK(c.created_at == CREATED, "%s CreatedAt %lld", file, (long long)c.created_at);
	CHECK(c.issued_at == ACM_TIME_NONE && c.not_after == ACM_TIME_NONE, "%s absent times", file);
	CHECK(c.n_sans == 5 && c.n_domains == 5, "%s: %zu SANs, %zu domains", file, c.n_sans, c.n_domains);
	CHECK(c.n_records == 4, "%s: %zu distinct records, want 4 (apex and wildcard share)", file, c.n_records);
	if (c.n_domains == 5 && c.n_records == 4) {
		CHECK_STR(c.sans[1], "*.example.com.", "%s SAN 1", file);
		CHECK_STR(c.domains[1].name, "*.example.com.", "%s domain 1", file);
		CHECK(c.domains[0].record == 0 && c.domains[1].record == 0, "%s: wildcard record", file);
		CHECK(c.domains[2].record == 1 && c.domains[4].record == 3, "%s: record indexes", file);
		CHECK(c.domains[0].method == ACM_VM_DNS && c.domains[0].status == ACM_DV_PENDING, "%s dv 0", file);
		CHECK(c.domains[2].status == ACM_DV_SUCCESS, "%s dv 2", file);
		CHECK_STR(c.domains[0].rr_name, "_3b1c5a6f2e9d8c7b6a5f4e3d2c1b0a99.example.com.", "%s rr name", file);
		CHECK_STR(c.domains[0].rr_value, "_8f7e6d5c4b3a29181716151413121110.hkmpvcwbzw.acm-validations.aws.",
			  "%s rr value", file);
		CHECK_STR(c.domains[0].rr_type, "CNAME", "%s rr type", file);
		CHECK_STR(c.domains[0].validation_domain, "example.com.", "%s validation domain", file);
		CHECK(c.records[0].n_domains == 2, "%s: record 0 validates %zu names", file, c.records[0].n_domains);
		if (c.records[0].n_domains == 2)
			CHECK_STR(c.records[0].domains[1], "*.example.com.", "%s record 0 names", file);
		CHECK_STR(c.records[3].name, "_5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e.shop.example.net.", "%s record 3", file);
	}
	CHECK(!c.renewal.present, "%s: renewal", file);
	acm_cert_free(&c);
}

static void
test_good_files(void)
{
	struct acm_cert c;
	char err[512];

	check_pending("pending-cli.json");
	check_pending("pending-api.json");

	CHECK(load("bare-cli.json", &c, err, sizeof err), "bare: %s", err);
	CHECK(!c.wrapped && c.n_domains == 5 && c.n_records == 4, "bare: wrapped %d", c.wrapped);
	acm_cert_free(&c);

	CHECK(load("idn-cli.json", &c, err, sizeof err), "idn: %s", err);
	CHECK_STR(c.domain_name, "xn--bcher-kva.example.com.", "IDN to A-label");
	CHECK_STR(c.n_sans == 2 ? c.sans[1] : NULL, "*.xn--bcher-kva.example.com.", "IDN wildcard");
	if (c.n_domains == 2) {
		CHECK_STR(c.domains[0].rr_name, "_abcdef0123456789abcdef0123456789.xn--bcher-kva.example.com.",
			  "record name lower case, trailing dot");
		CHECK_STR(c.domains[0].rr_value, "_0123456789abcdef0123456789abcdef.mixedcase.acm-validations.aws.",
			  "record value lower case, trailing dot");
	}
	CHECK(c.n_records == 1, "idn: %zu records", c.n_records);
	acm_cert_free(&c);

	CHECK(load("issued-api.json", &c, err, sizeof err), "issued api: %s", err);
	CHECK(c.status == ACM_ST_ISSUED && c.issued_at == 1795170000 && c.not_after == 1812326399,
	      "issued api times %lld %lld", (long long)c.issued_at, (long long)c.not_after);
	CHECK(c.n_in_use_by == 1 && c.renewal.present, "issued api InUseBy/renewal");
	CHECK_STR(c.renewal.status, "PENDING_AUTO_RENEWAL", "renewal status");
	acm_cert_free(&c);

	CHECK(load("renewal-pending-api.json", &c, err, sizeof err), "renewal: %s", err);
	CHECK(c.renewal.n_domains == 3 && c.renewal.updated_at == 1809684000, "renewal: %zu domains, %lld",
	      c.renewal.n_domains, (long long)c.renewal.updated_at);
	CHECK(c.n_records == 2, "renewal records shared with the request: %zu", c.n_records);
	if (c.renewal.n_domains == 3)
		CHECK(c.renewal.domains[2].record == c.domains[2].record, "renewal www record index");
	acm_cert_free(&c);

	CHECK(load("email-cli.json", &c, err, sizeof err), "email: %s", err);
	CHECK(c.n_domains == 3 && c.domains[0].method == ACM_VM_EMAIL && c.domains[0].n_emails == 5,
	      "email method and addresses");
	if (c.n_domains == 3) {
		CHECK(c.n_records == 0 && c.domains[0].record == -1, "email: no records");
		CHECK(c.domains[1].validation_domain == NULL, "email: no ValidationDomain");
	}
	acm_cert_free(&c);

	CHECK(load("unknown-fields-cli.json", &c, err, sizeof err), "unknown fields: %s", err);
	CHECK(c.failure_reason == NULL, "null FailureReason is absent");
	acm_cert_free(&c);

	CHECK(load("imported-cli.json", &c, err, sizeof err), "imported: %s", err);
	CHECK(c.n_domains == 0 && c.domains == NULL, "imported: no DVOs");
	acm_cert_free(&c);

	CHECK(load("hostile-text-cli.json", &c, err, sizeof err), "hostile text: %s", err);
	CHECK(c.arn && is_printable(c.arn), "hostile ARN not sanitised: %s", c.arn ? c.arn : "(null)");
	CHECK(c.type && strlen(c.type) < 2100, "5000-byte Type not bounded");
	acm_cert_free(&c);
}

/* ---- routing ---- */

struct name_want {
	const char *name;
	unsigned checks;
};

struct route_case {
	const char *file;
	int64_t now;                /* seconds after CREATED */
	bool psl;                   /* with the test public suffix list */
	const char *codes;          /* the findings' codes, comma-separated */
	size_t n_cname;             /* distinct records to probe */
	const char *says;           /* in the first finding's message (NULL: nothing) */
	const char *says2;
	struct name_want names[3];
};

#define CAA ACM_CHECK_CAA
#define CNAME ACM_CHECK_CNAME
#define EMAIL ACM_CHECK_EMAIL

static const struct route_case route_cases[] = {
	{ "pending-cli.json", 58 * HOUR, false, "ACM_PENDING_VALIDATION", 3,
	  "This request times out in 14 h.", "Next step: Make every name's validation record resolve",
	  { { "*.example.com.", CAA | CNAME }, { "www.example.com.", CAA }, { "shop.example.net.", CAA | CNAME } } },
	{ "pending-cli.json", 71 * HOUR + 1800, false, "ACM_PENDING_VALIDATION", 3, "times out in 30 min", NULL, { { 0 } } },
	{ "pending-cli.json", 73 * HOUR, false, "ACM_NEEDS_NEW_REQUEST", 3,
	  "The window closed 1 h ago.",
	  NULL, { { "api.example.com.", CAA | CNAME } } },
	{ "timed-out-cli.json", 80 * HOUR, false, "ACM_VALIDATION_TIMED_OUT", 1, "It timed out 8 h ago.",
	  "the records you add now will be reused", { { "example.com.", CAA | CNAME } } },
	/* A clock behind ACM's: no "timed out -14 h ago". */
	{ "timed-out-cli.json", 58 * HOUR, false, "ACM_VALIDATION_TIMED_OUT", 1, "cannot be retried. Next step:",
	  NULL, { { 0 } } },
	{ "issued-cli.json", 24 * HOUR, false, "ACM_ISSUED", 0, "Valid until 2027-06-06 23:59 UTC (in 197 days).",
	  "In use by 1 AWS resource(s)", { { "example.com.", 0 }, { "*.example.com.", 0 } } },
	{ "imported-cli.json", 24 * HOUR, false, "ACM_ISSUED", 0, "ACM never renews an imported certificate", NULL,
	  { { "legacy.example.com.", 0 } } },
	{ "inactive-cli.json", 24 * HOUR, false, "ACM_INACTIVE", 0, NULL, NULL, { { 0 } } },
	{ "expired-cli.json", 24 * HOUR, false, "ACM_EXPIRED", 0, "Expired on 2026-11-20 00:00 UTC", NULL, { { 0 } } },
	{ "revoked-cli.json", 24 * HOUR, false, "ACM_REVOKED", 0, "Not in use by any AWS resource.", NULL, { { 0 } } },
	{ "renewal-pending-cli.json", 170 * 24 * HOUR, false, "ACM_ISSUED,ACM_RENEWAL_PENDING", 1, NULL, NULL,
	  { { "www.example.com.", CNAME }, { "example.com.", 0 } } },
	{ "renewal-failed-cli.json", 170 * 24 * HOUR, false, "ACM_ISSUED,ACM_RENEWAL_FAILED", 1, NULL, NULL,
	  { { "www.example.com.", CAA | CNAME }, { "*.example.com.", CAA } } },
	{ "failed-caa-error-cli.json", HOUR, false, "ACM_FAILED_CAA", 0, "A CAA record forbids Amazon", NULL,
	  { { "example.com.", CAA }, { "*.example.com.", CAA } } },
	{ "failed-no-available-contacts-cli.json", HOUR, false,
	  "ACM_NO_AVAILABLE_CONTACTS", 0, "no address to send the validation email to", "with DNS validation",
	  { { "example.com.", EMAIL }, { "*.example.com.", EMAIL } } },
	{ "failed-additional-verification-required-cli.json", HOUR, false, "ACM_ADDITIONAL_VERIFICATION", 0,
	  "AWS Support", NULL, { { "example.com.", 0 } } },
	{ "failed-amazon-owned-cli.json", HOUR, false, "ACM_AMAZON_OWNED_NAME", 0,
	  "Names under an Amazon domain: d111111abcdef8.cloudfront.net. Next step:", NULL,
	  { { "files.example.com.", 0 } } },
	{ "failed-domain-not-allowed-cli.json", HOUR, false, "ACM_DOMAIN_NOT_ALLOWED", 0, "VirusTotal", NULL, { { 0 } } },
	{ "failed-invalid-public-domain-cli.json", HOUR, true, "ACM_INVALID_PUBLIC_DOMAIN", 0,
	  "intranet.example.invalidpublicdomain. (a top-level domain that does not exist)",
	  "co.uk. (a public suffix itself, which nobody can own)", { { 0 } } },
	{ "failed-invalid-public-domain-cli.json", HOUR, false, "ACM_INVALID_PUBLIC_DOMAIN", 0,
	  "The public suffix list is not available", NULL, { { 0 } } },
	{ "failed-domain-validation-denied-cli.json", HOUR, false, "ACM_VALIDATION_DENIED", 0, NULL, NULL, { { 0 } } },
	{ "failed-other-cli.json", HOUR, true, "ACM_OTHER", 0,
	  "www.exmaple.comm. (a top-level domain that does not exist)",
	  "ex--ample.example.com. (\"--\" in the third and fourth position", { { "example.com.", 0 } } },
	{ "failed-other-cli.json", HOUR, false, "ACM_OTHER", 0, "ex--ample.example.com.",
	  "The public suffix list is not available", { { 0 } } },
	{ "failed-slr-not-found-cli.json", HOUR, false, "ACM_SLR_NOT_FOUND", 0, "service-linked role", NULL, { { 0 } } },
	{ "failed-pca-limit-exceeded-cli.json", HOUR, false, "ACM_PCA_PROBLEM", 0, "quota", NULL, { { 0 } } },
	{ "failed-pca-invalid-arn-cli.json", HOUR, false, "ACM_PCA_PROBLEM", 0, NULL, NULL, { { 0 } } },
	{ "failed-pca-invalid-state-cli.json", HOUR, false, "ACM_PCA_PROBLEM", 0, NULL, NULL, { { 0 } } },
	{ "failed-pca-request-failed-cli.json", HOUR, false, "ACM_PCA_PROBLEM", 0, NULL, NULL, { { 0 } } },
	{ "failed-pca-name-constraints-validation-cli.json", HOUR, false, "ACM_PCA_PROBLEM", 0, "name constraints", NULL, { { 0 } } },
	{ "failed-pca-resource-not-found-cli.json", HOUR, false, "ACM_PCA_PROBLEM", 0, NULL, NULL, { { 0 } } },
	{ "failed-pca-invalid-args-cli.json", HOUR, false, "ACM_PCA_PROBLEM", 0, NULL, NULL, { { 0 } } },
	{ "failed-pca-invalid-duration-cli.json", HOUR, false, "ACM_PCA_PROBLEM", 0, NULL, NULL, { { 0 } } },
	{ "failed-pca-access-denied-cli.json", HOUR, false, "ACM_PCA_PROBLEM", 0, NULL, NULL, { { 0 } } },
	{ "failed-no-reason-cli.json", HOUR, false, "ACM_OTHER", 1, "gave no FailureReason", NULL,
	  { { "example.com.", CNAME } } },
	{ "failed-unknown-reason-cli.json", HOUR, false, "ACM_UNKNOWN_REASON", 1, "FailureReason SOMETHING_NEW", NULL,
	  { { "example.com.", CAA | CNAME } } },
	{ "status-unknown-cli.json", HOUR, false, "ACM_UNKNOWN_REASON", 1, "Status QUARANTINED", NULL, { { 0 } } },
	{ "email-cli.json", HOUR, false,
	  "ACM_PENDING_VALIDATION,ACM_EMAIL_VALIDATION", 0, NULL, NULL,
	  { { "www.example.com.", CAA | EMAIL }, { "*.shop.example.com.", CAA | EMAIL } } },
	{ "http-cli.json", HOUR, false, "ACM_PENDING_VALIDATION,ACM_HTTP_VALIDATION", 0, NULL, NULL,
	  { { "cdn.example.com.", CAA } } },
	{ "no-record-cli.json", HOUR, false, "ACM_PENDING_VALIDATION,ACM_RECORD_NOT_PUBLISHED", 1, NULL, NULL,
	  { { "example.com.", CAA | CNAME }, { "www.example.com.", CAA } } },
	{ "unknown-fields-cli.json", HOUR, false, "ACM_PENDING_VALIDATION", 1, "times out in 71 h", NULL, { { 0 } } },
};

static const struct acm_name_route *
find_name(const struct acm_route *r, const char *name)
{
	for (size_t i = 0; i < r->n_names; i++)
		if (!strcmp(r->names[i].name, name))
			return &r->names[i];
	return NULL;
}

static void
check_route(const struct route_case *rc, const struct acm_psl *psl)
{
	struct acm_cert c;
	struct acm_route r;
	char err[512];
	if (!load(rc->file, &c, err, sizeof err)) {
		CHECK(false, "%s: %s", rc->file, err);
		return;
	}
	bool ok = acm_route(&c, CREATED + rc->now, rc->psl ? psl : NULL, &r, err, sizeof err);
	CHECK(ok, "%s: route: %s", rc->file, err);
	if (!ok) {
		acm_cert_free(&c);
		return;
	}
	struct strbuf codes;
	sb_init(&codes);
	for (size_t i = 0; i < r.n_findings; i++) {
		sb_addf(&codes, "%s%s", i ? "," : "", finding_code_name(r.findings[i].code));
		CHECK(is_printable(r.findings[i].message), "%s: message not clean: %s", rc->file, r.findings[i].message);
		CHECK(r.next_steps[i] && *r.next_steps[i], "%s: no next step", rc->file);
		CHECK(strstr(r.findings[i].message, r.next_steps[i]) != NULL, "%s: next step not in message", rc->file);
	}
	CHECK_STR(codes.buf, rc->codes, "%s: codes", rc->file);
	sb_free(&codes);
	CHECK(r.n_cname_records == rc->n_cname, "%s: %zu CNAME records to probe, want %zu", rc->file,
	      r.n_cname_records, rc->n_cname);
	const char *msg = r.n_findings ? r.findings[0].message : "";
	if (rc->says)
		CHECK(strstr(msg, rc->says) != NULL, "%s: no \"%s\" in: %s", rc->file, rc->says, msg);
	if (rc->says2)
		CHECK(strstr(msg, rc->says2) != NULL, "%s: no \"%s\" in: %s", rc->file, rc->says2, msg);
	for (size_t i = 0; i < 3 && rc->names[i].name; i++) {
		const struct acm_name_route *nr = find_name(&r, rc->names[i].name);
		CHECK(nr && nr->checks == rc->names[i].checks, "%s: %s checks %u, want %u", rc->file,
		      rc->names[i].name, nr ? nr->checks : 99u, rc->names[i].checks);
		if (nr && (nr->checks & ACM_CHECK_CNAME))
			CHECK(nr->record >= 0 && (size_t)nr->record < c.n_records, "%s: %s record", rc->file, nr->name);
	}
	for (size_t i = 0; i < r.n_names; i++)
		for (size_t k = i + 1; k < r.n_names; k++)
			CHECK(strcmp(r.names[i].name, r.names[k].name), "%s: %s twice", rc->file, r.names[i].name);
	acm_route_free(&r);
	acm_cert_free(&c);
}

/* Each case runs on the CLI sample and on its raw API twin (epoch seconds). */
static void
test_routes(const struct acm_psl *psl)
{
	for (size_t i = 0; i < sizeof route_cases / sizeof route_cases[0]; i++) {
		struct route_case rc = route_cases[i];
		check_route(&rc, psl);
		const char *cli = strstr(rc.file, "-cli.json");
		if (!cli)
			continue;
		char api[160];
		snprintf(api, sizeof api, "%.*s-api.json", (int)(cli - rc.file), rc.file);
		rc.file = api;
		check_route(&rc, psl);
	}
}

/* Specific per-name messages. */
static void
test_route_details(void)
{
	struct acm_cert c;
	struct acm_route r;
	char err[512];
	CHECK(load("email-cli.json", &c, err, sizeof err), "email: %s", err);
	CHECK(acm_route(&c, CREATED + HOUR, NULL, &r, err, sizeof err), "email route: %s", err);
	/* One finding for every email-validated name, said once; the
	 * addresses are the email check's to show. */
	CHECK(r.n_findings == 2, "email: %zu findings", r.n_findings);
	if (r.n_findings == 2) {
		const char *m = r.findings[1].message;
		CHECK(strstr(m, "Validated by email: example.com., www.example.com., *.shop.example.com.") != NULL,
		      "every email name listed once: %s", m);
		CHECK(!strstr(m, "mailed") && !strstr(m, "ACM mails"), "no address list: %s", m);
		CHECK(strstr(m, "email check") != NULL, "points at the email check: %s", m);
		CHECK(strstr(m, "DNS validation") != NULL, "DNS validation suggested");
		CHECK_STR(r.findings[1].name, "example.com.", "certificate-level finding");
	}
	CHECK(r.deadline == CREATED + 72 * HOUR, "deadline %lld", (long long)r.deadline);
	acm_route_free(&r);
	acm_cert_free(&c);

	CHECK(load("pending-cli.json", &c, err, sizeof err), "pending: %s", err);
	CHECK(acm_route(&c, CREATED, NULL, &r, err, sizeof err), "pending route: %s", err);
	CHECK_STR(r.findings[0].name, "example.com.", "certificate-level finding name");
	CHECK(r.findings[0].severity == SEV_WARNING, "pending severity");
	CHECK(r.n_names == 5, "5 names routed: %zu", r.n_names);
	acm_route_free(&r);
	acm_cert_free(&c);

	/* Many suspicious names: the message lists ten. */
	struct strbuf sb;
	sb_init(&sb);
	sb_add(&sb, "{\"DomainName\":\"example.com\",\"Status\":\"FAILED\",\"FailureReason\":\"OTHER\","
	       "\"SubjectAlternativeNames\":[\"example.com\"");
	for (int i = 0; i < 30; i++)
		sb_addf(&sb, ",\"-n%d.example.com\"", i);
	sb_add(&sb, "]}");
	CHECK(acm_cert_parse(sb.buf, sb.len, &c, err, sizeof err), "30 names: %s", err);
	CHECK(acm_route(&c, CREATED, NULL, &r, err, sizeof err), "30 names route: %s", err);
	CHECK(strstr(r.findings[0].message, "-n9.example.com. (a label that starts or ends with a hyphen) and 20 more.") != NULL,
	      "30 names: %s", r.findings[0].message);
	CHECK(strstr(r.findings[0].message, "-n10.") == NULL, "30 names: eleventh listed");
	acm_route_free(&r);
	acm_cert_free(&c);
	sb_free(&sb);
}

static void
test_durations(void)
{
	static const struct { int64_t s; const char *want; } cases[] = {
		{ 14 * HOUR + 59 * 60, "14 h" }, { 1800, "30 min" }, { 59, "1 min" }, { 0, "0 min" },
		{ HOUR, "1 h" }, { 71 * HOUR, "71 h" }, { 99 * HOUR, "99 h" }, { 5 * 24 * HOUR + 5, "5 days" },
		{ -2 * HOUR, "2 h" },
	};
	char out[32];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		acm_duration_text(cases[i].s, out, sizeof out);
		CHECK_STR(out, cases[i].want, "duration %lld", (long long)cases[i].s);
	}
}

/* ---- public suffix list ---- */

struct psl_case {
	const char *name;
	enum acm_psl_verdict want;
};

static const struct psl_case psl_cases[] = {
	{ "example.com.", ACM_PSL_OK },
	{ "www.example.com.", ACM_PSL_OK },
	{ "*.example.com.", ACM_PSL_OK },
	{ "com.", ACM_PSL_IS_SUFFIX },
	{ "*.com.", ACM_PSL_IS_SUFFIX },
	{ "co.uk.", ACM_PSL_IS_SUFFIX },
	{ "*.co.uk.", ACM_PSL_IS_SUFFIX },
	{ "shop.co.uk.", ACM_PSL_OK },
	{ "foo.ck.", ACM_PSL_IS_SUFFIX },        /* *.ck */
	{ "www.ck.", ACM_PSL_OK },               /* !www.ck */
	{ "a.foo.ck.", ACM_PSL_OK },
	{ "x.kawasaki.jp.", ACM_PSL_IS_SUFFIX },
	{ "city.kawasaki.jp.", ACM_PSL_OK },
	{ "xn--p1ai.", ACM_PSL_IS_SUFFIX },      /* рф, listed as a U-label */
	{ "xn--d1acufc.xn--p1ai.", ACM_PSL_OK },
	{ "github.io.", ACM_PSL_OK },            /* private section: ignored */
	{ "example.invalidpublicdomain.", ACM_PSL_UNKNOWN_TLD },
	{ "intranet.corp.", ACM_PSL_UNKNOWN_TLD },
	{ "localhost.", ACM_PSL_UNKNOWN_TLD },
};

static void
test_psl(const struct acm_psl *psl)
{
	for (size_t i = 0; i < sizeof psl_cases / sizeof psl_cases[0]; i++) {
		enum acm_psl_verdict got = acm_psl_check(psl, psl_cases[i].name);
		CHECK(got == psl_cases[i].want, "psl %s: %d, want %d", psl_cases[i].name, got, psl_cases[i].want);
	}
	char err[512];
	CHECK(acm_psl_load("/nonexistent/psl.dat", err, sizeof err) == NULL, "missing PSL loaded");
	CHECK(strstr(err, "/nonexistent/psl.dat: ") == err, "missing PSL error: %s", err);

	/* The system's list, when Debian's publicsuffix package is installed. */
	struct acm_psl *sys = acm_psl_load(ACM_PSL_DEFAULT_PATH, err, sizeof err);
	if (!sys) {
		printf("# %s: skipped the system list checks\n", err);
		return;
	}
	CHECK(acm_psl_check(sys, "www.example.com.") == ACM_PSL_OK, "system: example.com");
	CHECK(acm_psl_check(sys, "example.invalidpublicdomain.") == ACM_PSL_UNKNOWN_TLD, "system: invalid TLD");
	CHECK(acm_psl_check(sys, "co.uk.") == ACM_PSL_IS_SUFFIX, "system: co.uk");
	CHECK(acm_psl_check(sys, "user.github.io.") == ACM_PSL_OK, "system: private section ignored");
	acm_psl_free(sys);
}

/* A broken reason table is refused with the line that is wrong. Last: the
 * data-file override is cached for the rest of the run. */
static void
test_broken_table(void)
{
	struct acm_cert c;
	struct acm_route r;
	char err[512];
	char *dir = sample_path("broken-data");
	CHECK(load("issued-cli.json", &c, err, sizeof err), "issued: %s", err);
	setenv("ACM_DOCTOR_DATADIR", dir, 1);
	CHECK(!acm_route(&c, CREATED, NULL, &r, err, sizeof err), "broken table accepted");
	CHECK_STR(err, "data file acm-reasons.txt, line 9: unknown finding code ACM_NO_SUCH_CODE", "broken table");
	unsetenv("ACM_DOCTOR_DATADIR");
	acm_cert_free(&c);
	free(dir);
}

int
main(void)
{
	char err[512];
	char *path = sample_path("psl-test.dat");
	struct acm_psl *psl = acm_psl_load(path, err, sizeof err);
	free(path);
	CHECK(psl != NULL, "test PSL: %s", err);
	if (!psl)
		return test_summary("test_acm_cert");

	test_times();
	test_bad_files();
	test_truncations();
	test_limits();
	test_good_files();
	test_routes(psl);
	test_route_details();
	test_durations();
	test_psl(psl);
	test_broken_table();
	acm_psl_free(psl);
	return test_summary("test_acm_cert");
}
