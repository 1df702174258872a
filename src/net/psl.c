/* The public suffix list (psl.h). */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "net/dns_wire.h"
#include "net/names.h"
#include "net/psl.h"

struct psl {
	char **rules;               /* canonical: "com.", "*.ck.", "!www.ck." */
	size_t n;
	/* Open addressing over rules (index + 1; 0: empty), a power of two
	 * at least twice n: a fleet scan asks a few times per name. */
	uint32_t *slot;
	size_t mask;
};

/* The hash of the rule "prefix name", without making it. */
static uint32_t
hash2(const char *prefix, const char *name)
{
	return str_hash(str_hash(STR_HASH_INIT, prefix), name);
}

static bool
rule_is(const char *rule, const char *prefix, const char *name)
{
	size_t lp = strlen(prefix);
	return !strncmp(rule, prefix, lp) && !strcmp(rule + lp, name);
}

/* A rule listed twice is entered once. */
static void
hash_add(struct psl *psl, size_t idx)
{
	const char *rule = psl->rules[idx];
	size_t i = hash2("", rule) & psl->mask;
	for (; psl->slot[i]; i = (i + 1) & psl->mask)
		if (!strcmp(psl->rules[psl->slot[i] - 1], rule))
			return;
	psl->slot[i] = (uint32_t)idx + 1;
}

static void
hash_build(struct psl *psl)
{
	size_t size = 16;
	while (size < 2 * psl->n)
		size *= 2;
	psl->slot = xcalloc(size, sizeof *psl->slot);
	psl->mask = size - 1;
	for (size_t i = 0; i < psl->n; i++)
		hash_add(psl, i);
}

/* One rule in our canonical form; NULL if unusable. ASCII rules (nearly
 * all) only need lower case and the dot: no IDN conversion. */
static char *
psl_rule(const char *rule)
{
	bool except = rule[0] == '!';
	const char *r = rule + except;
	bool ascii = true;
	for (const char *p = r; *p; p++)
		ascii &= (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '*';
	char *n;
	if (ascii && *r && r[strlen(r) - 1] != '.') {
		n = xmalloc(strlen(r) + 2);
		sprintf(n, "%s.", r);
	} else {
		char why[160];
		if (!(n = name_from_user(r, why, sizeof why)))
			return NULL;
	}
	if (!except)
		return n;
	char *out = xmalloc(strlen(n) + 2);
	sprintf(out, "!%s", n);
	free(n);
	return out;
}

struct psl *
psl_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct psl *psl = xcalloc(1, sizeof *psl);
	size_t alloc = 0;
	char line[512];
	/* ICANN section only: private entries (github.io, ...) are names people
	 * can get certificates under, not what registries delegate. */
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
		psl_free(psl);
		return NULL;
	}
	hash_build(psl);
	return psl;
}

void
psl_free(struct psl *psl)
{
	if (!psl)
		return;
	for (size_t i = 0; i < psl->n; i++)
		free(psl->rules[i]);
	free(psl->rules);
	free(psl->slot);
	free(psl);
}

const struct psl *
psl_default(void)
{
	static struct psl *psl;
	static bool tried;
	if (!tried) {
		char err[256];
		const char *path = getenv("ACM_DOCTOR_PSL");
		tried = true;
		psl = psl_load(path && *path ? path : PSL_DEFAULT_PATH, err, sizeof err);
	}
	return psl;
}

static bool
psl_has(const struct psl *psl, const char *prefix, const char *name)
{
	for (size_t i = hash2(prefix, name) & psl->mask; psl->slot[i]; i = (i + 1) & psl->mask)
		if (rule_is(psl->rules[psl->slot[i] - 1], prefix, name))
			return true;
	return false;
}

bool
psl_is_suffix(const struct psl *psl, const char *name)
{
	if (!psl)
		return dns_name_labels(name) <= 1;
	if (psl_has(psl, "", name))
		return true;
	const char *parent = dns_name_parent(name);
	if (!strcmp(parent, ".") || !strcmp(name, "."))
		return false;
	return psl_has(psl, "*.", parent) && !psl_has(psl, "!", name);
}

bool
psl_is_public(const struct psl *psl, const char *zone)
{
	return zone && (dns_name_labels(zone) <= 1 || psl_is_suffix(psl, zone));
}

static const char *
tld_of(const char *name)
{
	const char *t = name;
	for (int n = dns_name_labels(name); n > 1; n--)
		t = dns_name_parent(t);
	return t;
}

bool
psl_known_tld(const struct psl *psl, const char *name)
{
	const char *tld = tld_of(name);
	return psl && (psl_has(psl, "", tld) || psl_has(psl, "*.", tld));
}

const char *
psl_registered(const struct psl *psl, const char *name)
{
	if (dns_name_labels(name) < 1)
		return NULL;
	if (!psl_known_tld(psl, name))
		psl = NULL;                     /* the last label is the suffix */
	/* The longest suffix of name that is public (a top-level label always
	 * is): the name one label longer is the registered domain. */
	const char *prev = NULL;
	for (const char *p = name; strcmp(p, "."); prev = p, p = dns_name_parent(p))
		if (psl_is_suffix(psl, p) || dns_name_labels(p) == 1)
			return prev;
	return NULL;
}
