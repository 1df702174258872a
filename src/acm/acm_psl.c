/* The public suffix list (Debian's publicsuffix package, read at run time):
 * is a name itself a public suffix, or under none at all? Used to explain
 * INVALID_PUBLIC_DOMAIN before any probe. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acm/acm_cert.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "net/names.h"

struct acm_psl {
	char **rules;               /* canonical: "com.", "*.ck.", "!www.ck.", sorted */
	size_t n;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One rule from the list in our canonical form; NULL if unusable. */
static char *
psl_rule(const char *rule)
{
	bool except = rule[0] == '!';
	char why[160];
	char *n = name_from_user(rule + except, why, sizeof why);
	if (!n || !except)
		return n;
	char *out = xmalloc(strlen(n) + 2);
	sprintf(out, "!%s", n);
	free(n);
	return out;
}

struct acm_psl *
acm_psl_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct acm_psl *psl = xcalloc(1, sizeof *psl);
	size_t alloc = 0;
	char line[512];
	/* ICANN section only: private entries (github.io, ...) are names people
	 * can get certificates under, not what ACM means by a public domain. */
	while (fgets(line, sizeof line, f) && !strstr(line, "===END ICANN DOMAINS===")) {
		char *tok = line + strspn(line, " \t");
		tok[strcspn(tok, " \t\r\n")] = '\0';
		if (!*tok || !strncmp(tok, "//", 2))
			continue;
		char *rule = psl_rule(tok);
		if (!rule)
			continue;
		psl->rules = xgrow(psl->rules, &alloc, psl->n + 1, sizeof *psl->rules);
		psl->rules[psl->n++] = rule;
	}
	fclose(f);
	if (!psl->n) {
		snprintf(err, errlen, _("%s: no public suffix rules in it"), path);
		acm_psl_free(psl);
		return NULL;
	}
	qsort(psl->rules, psl->n, sizeof *psl->rules, cmp_str);
	return psl;
}

void
acm_psl_free(struct acm_psl *psl)
{
	if (!psl)
		return;
	for (size_t i = 0; i < psl->n; i++)
		free(psl->rules[i]);
	free(psl->rules);
	free(psl);
}

static bool
psl_has(const struct acm_psl *psl, const char *prefix, const char *name)
{
	char key[300];
	snprintf(key, sizeof key, "%s%s", prefix, name);
	const char *k = key;
	return bsearch(&k, psl->rules, psl->n, sizeof *psl->rules, cmp_str) != NULL;
}

/* name is a public suffix: a rule names it, or a wildcard rule covers it and
 * no exception rule takes it out. */
static bool
psl_is_suffix(const struct acm_psl *psl, const char *name)
{
	if (psl_has(psl, "", name))
		return true;
	const char *parent = strchr(name, '.');
	if (!parent || !parent[1])
		return false;
	return psl_has(psl, "*.", parent + 1) && !psl_has(psl, "!", name);
}

enum acm_psl_verdict
acm_psl_check(const struct acm_psl *psl, const char *name)
{
	const char *base = strncmp(name, "*.", 2) ? name : name + 2;
	size_t len = strlen(base);
	/* The top-level label with its dot: "com." of "www.example.com." */
	const char *tld = base;
	for (const char *p = base; p + 1 < base + len; p++)
		if (*p == '.')
			tld = p + 1;
	if (!psl_has(psl, "", tld) && !psl_has(psl, "*.", tld))
		return ACM_PSL_UNKNOWN_TLD;
	return psl_is_suffix(psl, base) ? ACM_PSL_IS_SUFFIX : ACM_PSL_OK;
}
