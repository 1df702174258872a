/* libFuzzer harness for the RDAP readers (src/net/rdap.c): a hostile
 * answer body as a domain object, and the same bytes as a bootstrap file.
 * Whatever is kept must be bounded and safe for a terminal; a hold is
 * only ever seen in the statuses kept. */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "net/rdap.h"

static void
require_clean(const char *s)
{
	if (!s)
		return;
	FUZZ_REQUIRE(strlen(s) <= 8 * RDAP_MAX_TEXT);
	for (; *s; s++)
		FUZZ_REQUIRE((unsigned char)*s >= 0x20 && *s != 0x7f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rdap_domain d;
	char err[200];
	if (rdap_domain_parse((const char *)data, size, &d, err, sizeof err)) {
		require_clean(d.ldh_name);
		require_clean(d.registrar);
		require_clean(d.error_title);
		FUZZ_REQUIRE(d.n_status <= RDAP_MAX_LIST && d.n_nameservers <= RDAP_MAX_LIST);
		for (size_t i = 0; i < d.n_status; i++)
			require_clean(d.status[i]);
		for (size_t i = 0; i < d.n_nameservers; i++) {
			require_clean(d.nameservers[i]);
			for (const char *p = d.nameservers[i]; *p; p++)
				FUZZ_REQUIRE(*p < 'A' || *p > 'Z');
		}
		rdap_domain_free(&d);
	} else {
		FUZZ_REQUIRE(err[0]);
	}
	char *date = NULL;
	char *url = rdap_bootstrap_lookup((const char *)data, size, "test", &date, err, sizeof err);
	if (url) {
		FUZZ_REQUIRE(!*url || (!strncmp(url, "https://", 8) && url[strlen(url) - 1] == '/'));
		require_clean(url);
		require_clean(date);
	} else {
		FUZZ_REQUIRE(err[0] && !date);
	}
	free(url);
	free(date);
	return 0;
}
