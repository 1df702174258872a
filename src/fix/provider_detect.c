/* Recognising the DNS provider that serves a zone from its NS names, by
 * the ns: patterns of the provider files. */
#include "config.h"

#include <ctype.h>
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/dns_wire.h"
#include "fix/provider_int.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

static bool
provider_matches(const struct provider *p, const char *ns)
{
	for (size_t i = 0; i < p->n_ns; i++)
		if (regexec(&p->ns[i], ns, 0, NULL, 0) == 0)
			return true;
	return false;
}

/* The provider_at index of the provider serving name, or n_providers if
 * none does. */
#define DETECT_MEMO 64

static size_t
detect_one(const char *name, size_t n_providers)
{
	char ns[DNS_NAME_TEXT_MAX + 1];
	size_t n = strlen(name);

	if (n == 0 || n > DNS_NAME_TEXT_MAX)
		return n_providers;
	for (size_t i = 0; i < n; i++)
		ns[i] = (char)tolower((unsigned char)name[i]);
	if (n > 1 && ns[n - 1] == '.')
		n--;
	ns[n] = '\0';
	/* A fleet scan meets the same few name servers for thousands of
	 * zones: the last answer for each is kept (the catalogue is loaded
	 * once and never changes). */
	static struct {
		char ns[DNS_NAME_TEXT_MAX + 1];
		size_t found;
	} memo[DETECT_MEMO];
	uint32_t h = str_hash(STR_HASH_INIT, ns) % DETECT_MEMO;
	if (!strcmp(memo[h].ns, ns))
		return memo[h].found;
	size_t found = n_providers;
	for (size_t i = 0; i < n_providers && found == n_providers; i++)
		if (provider_matches(provider_at(i), ns))
			found = i;
	memcpy(memo[h].ns, ns, n + 1);
	memo[h].found = found;
	return found;
}

const struct provider *
provider_detect(const char *const *ns_names, size_t n, bool *mixed)
{
	size_t n_providers = provider_count();
	size_t *count = xcalloc(n_providers + 1, sizeof *count);
	for (size_t i = 0; i < n; i++)
		if (ns_names[i])
			count[detect_one(ns_names[i], n_providers)]++;

	size_t best = n_providers, kinds = 0;
	for (size_t i = 0; i <= n_providers; i++) {
		if (count[i] > 0)
			kinds++;
		if (i < n_providers && count[i] > 0 &&
		    (best == n_providers || count[i] > count[best]))
			best = i;
	}
	const struct provider *found = NULL;
	if (best < n_providers && count[best] * 2 > n)
		found = provider_at(best);
	free(count);
	if (mixed)
		*mixed = kinds > 1;
	return found;
}
