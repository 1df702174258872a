/* libFuzzer harness for the reader of get-domain-name output
 * (src/checks/apigw/apigw_domain.c). It needs clang, so it is built only on
 * request:
 *   make fuzz-apigw-domain
 *   ./tests/fuzz/fuzz_apigw_domain -max_total_time=300 tests/fuzz/corpus/apigw_domain
 * `make check` replays the corpus through tests/fuzz/replay.c (tests/fuzz/README). Any crash,
 * sanitizer report or abort() below is a bug. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/apigw/apigw_check.h"
#include "core/sanitize.h"
#include "fuzz.h"

static void
require_clean(const char *s)
{
	if (s && !san_is_clean(s, strlen(s)))
		abort();
}

/* A name kept is canonical: lower-case LDH, a trailing dot. */
static void
require_name(const char *s)
{
	if (!s)
		return;
	size_t n = strlen(s);
	if (!n || s[n - 1] != '.')
		abort();
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-.*", *p)))
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct apigw_domain d;
	char err[600];
	if (!apigw_domain_parse((const char *)data, size, &d, err, sizeof err)) {
		require_clean(err);
		if (d.name || d.n_endpoints)
			abort();
		return 0;
	}
	require_name(d.name);
	if (!d.n_endpoints || d.n_endpoints > APIGW_MAX_ENDPOINTS)
		abort();
	for (size_t i = 0; i < d.n_endpoints; i++) {
		const struct apigw_endpoint *e = &d.endpoints[i];
		require_name(e->target);
		if (e->type == APIGW_EP_REGIONAL && apigw_classify(e->target) != APIGW_C_REGIONAL)
			abort();
		if (e->type == APIGW_EP_EDGE && apigw_classify(e->target) != APIGW_C_CLOUDFRONT)
			abort();
		require_clean(e->hosted_zone_id);
		require_clean(e->certificate_arn);
		require_clean(e->status);
		require_clean(e->status_message);
	}
	struct apigw_domain copy;
	apigw_domain_copy(&copy, &d);
	apigw_domain_free(&copy);
	apigw_domain_free(&d);
	return 0;
}
