/* The public suffix list for ACM's INVALID_PUBLIC_DOMAIN: is a name itself
 * a public suffix, or under none at all? Explained before any probe. The
 * list itself is net/psl.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "acm/acm_cert.h"
#include "core/xalloc.h"
#include "net/psl.h"

struct acm_psl {
	struct psl *list;
};

struct acm_psl *
acm_psl_load(const char *path, char *err, size_t errlen)
{
	struct psl *list = psl_load(path, err, errlen);
	if (!list)
		return NULL;
	struct acm_psl *psl = xcalloc(1, sizeof *psl);
	psl->list = list;
	return psl;
}

void
acm_psl_free(struct acm_psl *psl)
{
	if (!psl)
		return;
	psl_free(psl->list);
	free(psl);
}

enum acm_psl_verdict
acm_psl_check(const struct acm_psl *psl, const char *name)
{
	const char *base = strncmp(name, "*.", 2) ? name : name + 2;
	if (!psl_known_tld(psl->list, base))
		return ACM_PSL_UNKNOWN_TLD;
	return psl_is_suffix(psl->list, base) ? ACM_PSL_IS_SUFFIX : ACM_PSL_OK;
}
