#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fix/change.h"
#include "fix/plan_view.h"
#include "net/dns_wire.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void
record_init_caa(struct record *r, enum rec_action action, const char *name,
		uint32_t ttl, uint8_t flags, const char *tag, const char *value)
{
	struct strbuf data;

	sb_init(&data);
	sb_addf(&data, "%u %s \"%s\"", (unsigned)flags, tag, value);
	memset(r, 0, sizeof *r);
	r->action = action;
	r->name = xstrdup(name);
	r->type = DNS_T_CAA;
	r->ttl = ttl;
	r->data = sb_steal(&data);
	sb_free(&data);
	r->caa_flags = flags;
	r->caa_tag = xstrdup(tag);
	r->caa_value = xstrdup(value);
}

/* Split zone-file CAA rdata ("0 issue \"amazon.com\"") so that records made
 * from text compare like records made with record_init_caa. A value without
 * quotes is taken as it stands; anything else is left unparsed and compared
 * as text. */
static void
caa_parse(struct record *r)
{
	const char *p = r->data;
	char *end;
	unsigned long flags = strtoul(p, &end, 10);

	if (end == p || flags > 255 || *end != ' ')
		return;
	p = end;
	while (*p == ' ')
		p++;
	const char *tag = p;
	while (isalnum((unsigned char)*p))
		p++;
	if (p == tag || *p != ' ')
		return;
	size_t tag_len = (size_t)(p - tag);
	while (*p == ' ')
		p++;
	size_t vlen = strlen(p);
	if (vlen >= 2 && p[0] == '"' && p[vlen - 1] == '"' && p[vlen - 2] != '\\') {
		p++;
		vlen -= 2;
	} else if (vlen == 0 || strpbrk(p, " \"")) {
		return;
	}
	r->caa_flags = (uint8_t)flags;
	r->caa_tag = xstrndup(tag, tag_len);
	r->caa_value = xstrndup(p, vlen);
}

void
record_init(struct record *r, enum rec_action action, const char *name,
	    uint16_t type, uint32_t ttl, const char *data)
{
	memset(r, 0, sizeof *r);
	r->action = action;
	r->name = xstrdup(name);
	r->type = type;
	r->ttl = ttl;
	r->data = xstrdup(data);
	if (type == DNS_T_CAA)
		caa_parse(r);
}

void
record_copy(struct record *dst, const struct record *src)
{
	*dst = *src;
	dst->name = dup_or_null(src->name);
	dst->data = dup_or_null(src->data);
	dst->caa_tag = dup_or_null(src->caa_tag);
	dst->caa_value = dup_or_null(src->caa_value);
}

void
record_clear(struct record *r)
{
	free(r->name);
	free(r->data);
	free(r->caa_tag);
	free(r->caa_value);
	memset(r, 0, sizeof *r);
}

static bool
is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

/* [*s, *s + *len) without surrounding blanks. */
static void
trim_span(const char **s, size_t *len)
{
	while (*len && is_wsp(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_wsp((*s)[*len - 1]))
		(*len)--;
}

/* A CAA value is an issuer domain, then optionally ';' and parameters
 * (RFC 8659 4.2); blanks around either part do not count, and an empty
 * parameter list is no parameter list. */
static void
caa_split(const char *v, const char **dom, size_t *dlen, const char **par,
	  size_t *plen)
{
	const char *semi = strchr(v, ';');
	*dom = v;
	*dlen = semi ? (size_t)(semi - v) : strlen(v);
	*par = semi ? semi + 1 : "";
	*plen = strlen(*par);
	trim_span(dom, dlen);
	trim_span(par, plen);
}

/* Domain names and tags are case-insensitive (RFC 8659 4.1); CA-defined
 * parameters are not ours to fold, so they compare exactly. */
static bool
caa_value_equal(const char *a, const char *b)
{
	const char *ad, *ap, *bd, *bp;
	size_t adl, apl, bdl, bpl;

	caa_split(a, &ad, &adl, &ap, &apl);
	caa_split(b, &bd, &bdl, &bp, &bpl);
	return adl == bdl && strncasecmp(ad, bd, adl) == 0 &&
	       apl == bpl && memcmp(ap, bp, apl) == 0;
}

static bool
record_equal(const struct record *a, const struct record *b)
{
	if (a->type != b->type)
		return false;
	if (a->type == DNS_T_CAA && a->caa_tag && b->caa_tag)
		return a->caa_flags == b->caa_flags &&
		       strcasecmp(a->caa_tag, b->caa_tag) == 0 &&
		       caa_value_equal(a->caa_value, b->caa_value);
	return a->data && b->data && strcmp(a->data, b->data) == 0;
}

static bool
record_in(const struct record *r, const struct record *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (record_equal(r, &list[i]))
			return true;
	return false;
}

struct rrset_change *
plan_rrset(struct change_plan *plan, const char *name, uint16_t type,
	   uint32_t ttl)
{
	for (size_t i = 0; i < plan->n_sets; i++) {
		struct rrset_change *s = &plan->sets[i];
		if (s->type == type && strcasecmp(s->name, name) == 0)
			return s;
	}
	/* Sets are few (one per name and type in a fix), so growing one at a
	 * time keeps the array exactly sized. */
	plan->sets = xrealloc(plan->sets, (plan->n_sets + 1) * sizeof *plan->sets);
	struct rrset_change *s = &plan->sets[plan->n_sets++];
	memset(s, 0, sizeof *s);
	s->name = xstrdup(name);
	s->type = type;
	s->ttl = ttl;
	return s;
}

static void
push_record(struct record **list, size_t *n, const struct record *r)
{
	*list = xrealloc(*list, (*n + 1) * sizeof **list);
	record_copy(&(*list)[(*n)++], r);
}

void
plan_add(struct change_plan *plan, const struct record *r)
{
	struct rrset_change *s = plan_rrset(plan, r->name, r->type, r->ttl);

	if (r->action == REC_ADD) {
		if (!record_in(r, s->adds, s->n_adds))
			push_record(&s->adds, &s->n_adds, r);
	} else if (!record_in(r, s->deletes, s->n_deletes)) {
		push_record(&s->deletes, &s->n_deletes, r);
	}
}

void
rrset_replace(struct rrset_change *set, const struct record *r)
{
	if (!record_in(r, set->replaced, set->n_replaced))
		push_record(&set->replaced, &set->n_replaced, r);
}

static void
free_records(struct record *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		record_clear(&list[i]);
	free(list);
}

void
plan_clear(struct change_plan *plan)
{
	for (size_t i = 0; i < plan->n_sets; i++) {
		struct rrset_change *s = &plan->sets[i];
		free(s->name);
		free_records(s->existing, s->n_existing);
		free_records(s->adds, s->n_adds);
		free_records(s->deletes, s->n_deletes);
		free_records(s->replaced, s->n_replaced);
	}
	free(plan->sets);
	free(plan->zone);
	free(plan->zone_id);
	memset(plan, 0, sizeof *plan);
}

static bool
ptr_in(const struct record *r, const struct record **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (record_equal(r, list[i]))
			return true;
	return false;
}

const struct record **
rrset_final(const struct rrset_change *set, size_t *n)
{
	const struct record **out =
		xcalloc(set->n_existing + set->n_adds + 1, sizeof *out);
	size_t k = 0;

	for (size_t i = 0; i < set->n_existing; i++) {
		const struct record *r = &set->existing[i];
		if (!record_in(r, set->deletes, set->n_deletes) && !ptr_in(r, out, k))
			out[k++] = r;
	}
	/* An add that is already there (perhaps spelled in another case) is
	 * not a second value: the DNS would keep only one. */
	for (size_t i = 0; i < set->n_adds; i++)
		if (!ptr_in(&set->adds[i], out, k))
			out[k++] = &set->adds[i];
	*n = k;
	return out;
}

void
server_views_free(struct server_view *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)v[i].names);
		free((char *)v[i].addr);
		free((char *)v[i].said);
	}
	free(v);
}
