#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/caa/caa_eval.h"
#include "core/datafile.h"
#include "net/dns_wire.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

static char **
copy_words(char **src, size_t n)
{
	char **dst = xcalloc(n ? n : 1, sizeof *dst);
	for (size_t i = 0; i < n; i++)
		dst[i] = xstrdup(src[i]);
	return dst;
}

static void
lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

struct caa_identities *
caa_identities_load(const char *ca)
{
	struct caa_identities *ids = xcalloc(1, sizeof *ids);
	ids->tags = datafile_values("caa-issuers.txt", "tag", &ids->n_tags);
	if (ca) {
		ids->names = xcalloc(1, sizeof *ids->names);
		ids->names[0] = xstrdup(ca);
		size_t l = strlen(ids->names[0]);
		if (l > 1 && ids->names[0][l - 1] == '.')
			ids->names[0][l - 1] = '\0';
		ids->n_names = 1;
		ids->custom = true;
	} else {
		size_t n;
		char **v = datafile_values("caa-issuers.txt", "identity", &n);
		ids->names = copy_words(v, n);
		ids->n_names = n;
		datafile_values_free(v, n);
	}
	for (size_t i = 0; i < ids->n_names; i++)
		lower(ids->names[i]);
	if (!ids->n_names || !ids->n_tags) {
		caa_identities_free(ids);
		return NULL;
	}
	return ids;
}

void
caa_identities_free(struct caa_identities *ids)
{
	if (!ids)
		return;
	for (size_t i = 0; i < ids->n_names; i++)
		free(ids->names[i]);
	free(ids->names);
	datafile_values_free(ids->tags, ids->n_tags);
	free(ids);
}

/* ASCII only: isalnum() would accept Latin-1 letters in some locales. */
static bool
is_alnum(uint8_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_wsp(uint8_t c)
{
	return c == ' ' || c == '\t';
}

/* label = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT) ); also used for
 * parameter tags. Returns the length matched, 0 if none. */
static size_t
match_label(const uint8_t *v, size_t n)
{
	size_t i = 0, last_alnum = 0;
	if (!n || !is_alnum(v[0]))
		return 0;
	while (i < n && (is_alnum(v[i]) || v[i] == '-')) {
		if (v[i] != '-')
			last_alnum = i + 1;
		i++;
	}
	return last_alnum;
}

static size_t
skip_wsp(const uint8_t *v, size_t n, size_t i)
{
	while (i < n && is_wsp(v[i]))
		i++;
	return i;
}

/* parameters = (parameter *WSP ";" *WSP parameters) / parameter
 * parameter  = tag *WSP "=" *WSP value
 * So a ";" after a parameter must be followed by another one; only the
 * ";" right after the issuer may end the value. */
static bool
match_parameters(const uint8_t *v, size_t n, size_t i)
{
	if (i == n)
		return true;   /* "issuer;" with nothing after is allowed */
	for (;;) {
		size_t t = match_label(v + i, n - i);
		if (!t)
			return false;
		i = skip_wsp(v, n, i + t);
		if (i == n || v[i] != '=')
			return false;
		i = skip_wsp(v, n, i + 1);
		while (i < n && v[i] >= 0x21 && v[i] <= 0x7e && v[i] != ';')
			i++;
		i = skip_wsp(v, n, i);
		if (i == n)
			return true;
		if (v[i] != ';')
			return false;
		i = skip_wsp(v, n, i + 1);
	}
}

bool
caa_parse_issue_value(const uint8_t *v, size_t n, char **issuer, bool *params)
{
	size_t i = skip_wsp(v, n, 0), start = i;
	*issuer = NULL;
	*params = false;
	/* issuer-domain-name = label *("." label) */
	size_t l = match_label(v + i, n - i);
	if (l) {
		i += l;
		while (i < n && v[i] == '.') {
			l = match_label(v + i + 1, n - i - 1);
			if (!l)
				return false;   /* "amazon.com." or "a..b" */
			i += 1 + l;
		}
	}
	size_t issuer_end = i;
	i = skip_wsp(v, n, i);
	if (i < n) {
		if (v[i] != ';')
			return false;
		i = skip_wsp(v, n, i + 1);
		if (!match_parameters(v, n, i))
			return false;
		*params = i < n;
	}
	*issuer = xstrndup((const char *)v + start, issuer_end - start);
	lower(*issuer);
	return true;
}

static bool
is_identity(const char *name, const struct caa_identities *ids)
{
	for (size_t i = 0; i < ids->n_names; i++)
		if (!strcasecmp(name, ids->names[i]))
			return true;
	return false;
}

/* What a sloppy value probably meant: text before ';' or NUL, without
 * quotes, blanks and a trailing dot, lower case. */
static bool
repaired_names_ca(const uint8_t *v, size_t n, const struct caa_identities *ids)
{
	char buf[256];
	size_t o = 0;
	for (size_t i = 0; i < n && v[i] != ';' && v[i] != '\0' && o + 1 < sizeof buf; i++)
		if (!is_wsp(v[i]) && v[i] != '"')
			buf[o++] = (char)tolower(v[i]);
	while (o && buf[o - 1] == '.')
		o--;
	buf[o] = '\0';
	return o && is_identity(buf, ids);
}

static bool
known_tag(const char *tag, const struct caa_identities *ids)
{
	for (size_t i = 0; i < ids->n_tags; i++)
		if (!strcasecmp(tag, ids->tags[i]))
			return true;
	return false;
}

/* A tag is [A-Za-z0-9]+ by RFC 8659; anything else (a hostile tag with ';',
 * a blank or a quote) becomes \DDD so the zone-file text stays one token. */
static char *
escape_tag(const uint8_t *tag, size_t n)
{
	struct strbuf sb;
	sb_init_limit(&sb, 1024);
	for (size_t i = 0; i < n; i++) {
		if (is_alnum(tag[i]))
			sb_addc(&sb, (char)tolower(tag[i]));
		else
			sb_addf(&sb, "\\%03u", (unsigned)tag[i]);
	}
	return sb_steal(&sb);
}

void
caa_prop_analyse(struct caa_prop *p, uint8_t flags, const uint8_t *tag, size_t tag_len,
		 const uint8_t *value, size_t value_len, const struct caa_identities *ids)
{
	memset(p, 0, sizeof *p);
	p->flags = flags;
	p->critical = flags & 0x80;
	p->tag = escape_tag(tag, tag_len);
	p->value = dns_escape_bytes(value, value_len);
	struct strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, "%u %s \"%s\"", (unsigned)flags, p->tag, p->value);
	p->rdata = sb_steal(&sb);

	if (!strcmp(p->tag, "issue"))
		p->kind = CAA_TAG_ISSUE;
	else if (!strcmp(p->tag, "issuewild"))
		p->kind = CAA_TAG_ISSUEWILD;
	else if (!strcmp(p->tag, "iodef"))
		p->kind = CAA_TAG_IODEF;
	else
		p->kind = CAA_TAG_OTHER;
	p->known_tag = known_tag(p->tag, ids);
	if (p->kind != CAA_TAG_ISSUE && p->kind != CAA_TAG_ISSUEWILD)
		return;
	if (!caa_parse_issue_value(value, value_len, &p->issuer, &p->has_params)) {
		p->malformed = true;
		p->looks_like_ca = repaired_names_ca(value, value_len, ids);
		return;
	}
	p->names_ca = *p->issuer && is_identity(p->issuer, ids);
}

void
caa_prop_clear(struct caa_prop *p)
{
	free(p->tag);
	free(p->value);
	free(p->rdata);
	free(p->issuer);
	memset(p, 0, sizeof *p);
}

void
caa_decide(const struct caa_prop *props, size_t n, bool wildcard, struct caa_decision *d)
{
	memset(d, 0, sizeof *d);
	d->deciding = -1;
	/* RFC 8659 §4.1: a critical property the CA does not understand forbids
	 * issuance whatever else the set says. */
	for (size_t i = 0; i < n; i++)
		if (props[i].critical && !props[i].known_tag) {
			d->outcome = CAA_OUT_DENY;
			d->reason = CAA_R_CRITICAL;
			d->deciding = (int)i;
			return;
		}
	/* §4.3: for a wildcard, any issuewild property makes issue irrelevant;
	 * for other names issuewild is ignored. */
	enum caa_tag_kind use = CAA_TAG_ISSUE;
	if (wildcard)
		for (size_t i = 0; i < n; i++)
			if (props[i].kind == CAA_TAG_ISSUEWILD)
				use = CAA_TAG_ISSUEWILD;
	d->used_issuewild = use == CAA_TAG_ISSUEWILD;
	for (size_t i = 0; i < n; i++) {
		if (props[i].kind != use)
			continue;
		d->n_applicable++;
		if (props[i].malformed)
			d->n_malformed++;
		else if (!*props[i].issuer)
			d->n_deny_all++;
		else if (props[i].names_ca && d->deciding < 0)
			d->deciding = (int)i;
	}
	if (!d->n_applicable) {
		d->outcome = CAA_OUT_PERMIT;
		d->reason = CAA_R_NO_RESTRICTION;
	} else if (d->deciding >= 0) {
		d->outcome = CAA_OUT_PERMIT;
		d->reason = CAA_R_LISTED;
	} else {
		d->outcome = CAA_OUT_DENY;
		d->reason = d->used_issuewild ? CAA_R_WILD_NOT_LISTED : CAA_R_NOT_LISTED;
	}
}
