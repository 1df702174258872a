/* libFuzzer harness for what people type: domain names (IDN, wildcards,
 * escapes), resolver addresses and pasted name-server lists. Whatever is
 * accepted comes out canonical, printable and stable. */
#include "config.h"

#include <string.h>

#include "core/sanitize.h"
#include "core/strv.h"
#include "fuzz.h"
#include "net/addrs.h"
#include "net/dns_wire.h"
#include "net/names.h"

static void
require_printable(const char *s)
{
	for (; *s; s++)
		FUZZ_REQUIRE((unsigned char)*s > 0x20 && (unsigned char)*s < 0x7f);
}

static void
fuzz_name(const char *s)
{
	char why[256];
	char *n = name_from_user(s, why, sizeof why);
	if (!n) {
		FUZZ_REQUIRE(why[0]);
		return;
	}
	require_printable(n);
	size_t len = strlen(n);
	FUZZ_REQUIRE(len >= 2 && n[len - 1] == '.');
	/* '*' only as the whole first label. */
	const char *star = strchr(n, '*');
	FUZZ_REQUIRE(!star || (star == n && n[1] == '.' && !strchr(n + 1, '*')));
	char *again = name_from_user(n, why, sizeof why);
	FUZZ_REQUIRE(again && !strcmp(again, n));
	free(again);
	const char *shown = name_shown(n);
	FUZZ_REQUIRE(strlen(shown) == len - 1);
	free(n);
}

static void
fuzz_servers(const char *s)
{
	char why[256];
	char *r = resolver_from_user(s, why, sizeof why);
	if (r) {
		require_printable(r);
		char *again = resolver_from_user(r, why, sizeof why);
		FUZZ_REQUIRE(again && !strcmp(again, r));
		free(again);
	} else {
		FUZZ_REQUIRE(san_is_clean(why, strlen(why)));
	}
	free(r);
	char **v = NULL;
	size_t n = 0;
	if (ns_list_from_user(s, &v, &n, ADDRS_MAX, why, sizeof why)) {
		FUZZ_REQUIRE(n >= 1 && n <= ADDRS_MAX);
		for (size_t i = 0; i < n; i++)
			require_printable(v[i]);
	} else {
		FUZZ_REQUIRE(n == 0 && san_is_clean(why, strlen(why)));
	}
	strv_free(v, n);
	char host[64];
	int port;
	if (addr_parse(s, host, sizeof host, &port))
		FUZZ_REQUIRE(port >= 0 && port <= 65535 && host[0]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size, 4096);
	fuzz_name(s);
	fuzz_servers(s);
	free(s);
	return 0;
}
