/* libFuzzer harness for CAA values and their evaluation: the input is a
 * CAA record set as it comes off the wire (flags, tag length, tag, value;
 * records separated by a 0xFF byte), analysed for ACM's identities and
 * decided for a plain and a wildcard name. Every text kept is printable
 * ASCII, and the decision agrees with itself. */
#include "config.h"

#include <string.h>

#include "checks/caa/caa_eval.h"
#include "fuzz.h"

#define MAX_PROPS 32

static void
require_ascii(const char *s)
{
	for (; s && *s; s++)
		FUZZ_REQUIRE((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f);
}

static void
decide_and_check(const struct caa_prop *props, size_t n, bool wildcard)
{
	struct caa_decision d;
	caa_decide(props, n, wildcard, &d);
	FUZZ_REQUIRE(d.deciding >= -1 && d.deciding < (int)n);
	FUZZ_REQUIRE(d.n_malformed <= d.n_applicable && d.n_deny_all <= d.n_applicable);
	if (d.outcome == CAA_OUT_PERMIT && d.reason == CAA_R_LISTED)
		FUZZ_REQUIRE(d.deciding >= 0 && props[d.deciding].names_ca);
	if (d.reason == CAA_R_CRITICAL)
		FUZZ_REQUIRE(d.outcome == CAA_OUT_DENY && props[d.deciding].critical && !props[d.deciding].known_tag);
	if (!wildcard)
		FUZZ_REQUIRE(!d.used_issuewild);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct caa_identities *ids;
	if (!ids && !(ids = caa_identities_load(NULL)))
		abort();
	struct caa_prop props[MAX_PROPS];
	size_t n = 0;
	for (size_t off = 0; off + 2 <= size && n < MAX_PROPS;) {
		const uint8_t *end = memchr(data + off, 0xff, size - off);
		size_t rec = end ? (size_t)(end - data) - off : size - off;
		const uint8_t *r = data + off;
		if (rec < 2) {          /* too short for flags and a tag length */
			off += rec + 1;
			continue;
		}
		size_t tag_len = r[1] < rec - 2 ? r[1] : rec - 2;
		caa_prop_analyse(&props[n], r[0], r + 2, tag_len, r + 2 + tag_len, rec - 2 - tag_len, ids);
		require_ascii(props[n].tag);
		require_ascii(props[n].value);
		require_ascii(props[n].rdata);
		require_ascii(props[n].issuer);
		n++;
		off += rec + 1;
	}
	decide_and_check(props, n, false);
	decide_and_check(props, n, true);
	/* The value alone through the issue grammar. */
	char *issuer = NULL;
	bool params;
	if (caa_parse_issue_value(data, size, &issuer, &params))
		require_ascii(issuer);
	free(issuer);
	for (size_t i = 0; i < n; i++)
		caa_prop_clear(&props[i]);
	return 0;
}
