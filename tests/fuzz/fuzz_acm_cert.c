/* libFuzzer harness for `aws acm describe-certificate` output: the JSON
 * reader, its time fields and the routing built on what it kept. Whatever
 * it accepts must hold only what acm_cert.h promises (sanitised text,
 * canonical LDH names), and routing it must not fail. */
#include "config.h"

#include <string.h>

#include "acm/acm_cert.h"
#include "core/sanitize.h"
#include "fuzz.h"
#include "net/names.h"

static void
require_name(const char *n)
{
	if (!n)
		return;
	char why[160];
	char *again = name_from_user(n, why, sizeof why);
	FUZZ_REQUIRE(again && !strcmp(again, n));   /* canonical: a fixed point */
	free(again);
	for (const char *p = !strncmp(n, "*.", 2) ? n + 2 : n; *p; p++)
		FUZZ_REQUIRE((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
			     *p == '_' || *p == '.');
}

static void
require_clean(const char *s)
{
	FUZZ_REQUIRE(!s || san_is_clean(s, strlen(s)));
}

static void
require_domains(const struct acm_domain *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		require_name(d[i].name);
		require_name(d[i].rr_name);
		require_name(d[i].rr_value);
		require_name(d[i].validation_domain);
		require_clean(d[i].status_text);
		require_clean(d[i].method_text);
		for (size_t k = 0; k < d[i].n_emails; k++)
			require_clean(d[i].emails[k]);
	}
}

static void
fuzz_certificate(const uint8_t *data, size_t size)
{
	struct acm_cert c;
	char err[512];
	if (!acm_cert_parse((const char *)data, size, &c, err, sizeof err)) {
		FUZZ_REQUIRE(err[0] && san_is_clean(err, strlen(err)));
		return;
	}
	require_name(c.domain_name);
	for (size_t i = 0; i < c.n_sans; i++)
		require_name(c.sans[i]);
	require_clean(c.arn);
	require_clean(c.status_text);
	require_clean(c.failure_reason);
	require_domains(c.domains, c.n_domains);
	require_domains(c.renewal.domains, c.renewal.n_domains);
	struct acm_route r;
	FUZZ_REQUIRE(acm_route(&c, 1800000000, NULL, &r, err, sizeof err));
	for (size_t i = 0; i < r.n_findings; i++)
		FUZZ_REQUIRE(r.findings[i].message && san_is_clean(r.findings[i].message, strlen(r.findings[i].message)));
	acm_route_free(&r);
	acm_cert_free(&c);
}

/* The same bytes as one time field: an accepted time is a real instant. */
static void
fuzz_time(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size, 64);
	int64_t t;
	if (acm_time_from_iso(s, &t))
		FUZZ_REQUIRE(t > -100000LL * 86400 * 366 && t < 10000LL * 366 * 86400);
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_certificate(data, size);
	fuzz_time(data, size);
	return 0;
}
