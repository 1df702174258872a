/* Rendering a change_plan for a provider: the data tree of provider.h
 * (plan, RRsets, records) filled in, each RRset rendered through the
 * provider's template for its type, and the results wrapped in the frame. */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fix/change.h"
#include "net/dns_wire.h"
#include "core/i18n.h"
#include "fix/provider_int.h"
#include "core/strbuf.h"
#include "fix/template.h"
#include "core/xalloc.h"

/* The template for (format, type) and the provider whose maps it uses:
 * the exact type, then "*", in p and then up its inherit chain. */
static const struct tmpl *
find_tmpl(const struct provider *p, const char *format, const char *type,
	  const struct provider **owner)
{
	for (int depth = 0; p && depth <= INHERIT_MAX; depth++, p = p->inherit) {
		const struct tmpl *t = provider_own_tmpl(p, format, type);
		if (!t && type)
			t = provider_own_tmpl(p, format, "*");
		if (t) {
			*owner = p;
			return t;
		}
	}
	return NULL;
}

static char *
without_dot(const char *name)
{
	return xstrndup(name, dns_name_len_nodot(name));
}

/* The name as a dashboard wants it: "@" at the apex, the labels before the
 * zone below it, the full name (no dot) when the zone is unknown. */
static char *
relative_name(const char *name, const char *zone)
{
	if (!zone || !dns_name_is_under(name, zone))
		return without_dot(name);
	size_t n = strlen(name), z = strlen(zone);
	if (n == z)
		return xstrdup("@");
	if (!strcmp(zone, "."))
		return without_dot(name);
	return xstrndup(name, n - z - 1);
}

static unsigned long
clamp_ttl(const struct provider *p, uint32_t ttl)
{
	return ttl < p->ttl_min ? p->ttl_min : ttl;
}

struct render_ctx {
	const struct provider *p;
	const struct change_plan *plan;
	const char *format;
	char *err;
	size_t errlen;
};

static void
set_names(struct template_data *d, const char *name, const char *zone)
{
	char *plain = without_dot(name);
	char *rel = relative_name(name, zone);
	template_set_str(d, "name", plain);
	template_set_str(d, "name_dot", name);
	template_set_str(d, "rel", rel);
	free(plain);
	free(rel);
}

/* An alias candidate's fields (change.h), for templates that write it as
 * an alias; alias is defined on every record so sections can test it. */
static void
set_alias(struct template_data *d, const struct record *r)
{
	template_set_bool(d, "alias", r->alias_zone != NULL);
	if (!r->alias_zone)
		return;
	char *target = without_dot(r->data);
	template_set_str(d, "alias_target", target);
	template_set_str(d, "alias_target_dot", r->data);
	template_set_str(d, "alias_zone", r->alias_zone);
	template_set_str(d, "alias_service", r->alias_service ? r->alias_service : "");
	template_set_str(d, "alias_region", r->alias_region ? r->alias_region : "");
	template_set_bool(d, "alias_ipv6", r->alias_ipv6);
	free(target);
}

static struct template_data *
add_record(const struct render_ctx *rc, struct template_data *set,
	   const char *list, const struct record *r, bool is_new)
{
	struct template_data *d = template_add_item(set, list);
	set_names(d, r->name, rc->plan->zone);
	template_set_str(d, "type", dns_type_name(r->type));
	template_set_uint(d, "ttl", is_new ? clamp_ttl(rc->p, r->ttl) : r->ttl);
	template_set_str(d, "data", r->data);
	if (r->type == DNS_T_CAA) {
		template_set_uint(d, "flags", r->caa_flags);
		template_set_str(d, "tag", r->caa_tag);
		template_set_str(d, "value", r->caa_value);
	}
	set_alias(d, r);
	if (r->type == DNS_T_MX) {
		/* "10 mx.example.com.": the priority and the mail server apart,
		 * for the dashboards and APIs that ask for them apart. */
		const char *sp = strchr(r->data, ' ');
		char *prio = xstrndup(r->data, sp ? (size_t)(sp - r->data) : strlen(r->data));
		template_set_str(d, "priority", prio);
		template_set_str(d, "exchange", sp ? sp + 1 : "");
		free(prio);
	}
	return d;
}

/* changes: the deletes, then the adds, each marked, for templates that
 * show them as one sequence of steps. */
static void
add_changes(const struct render_ctx *rc, struct template_data *d,
	    const struct rrset_change *s)
{
	template_set_list(d, "changes");
	for (size_t i = 0; i < s->n_deletes + s->n_adds; i++) {
		bool del = i < s->n_deletes;
		const struct record *r = del ? &s->deletes[i] : &s->adds[i - s->n_deletes];
		struct template_data *c = add_record(rc, d, "changes", r, !del);
		template_set_bool(c, "delete", del);
		template_set_bool(c, "add", !del);
	}
}

static bool
record_listed(const struct record *r, const struct record **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == r)
			return true;
	return false;
}

static void
add_lists(const struct render_ctx *rc, struct template_data *d,
	  const struct rrset_change *s)
{
	static const char *const lists[] = { "existing", "adds", "deletes", "kept", "final" };
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		template_set_list(d, lists[i]);

	size_t n_final, n_kept = 0;
	const struct record **final = rrset_final(s, &n_final);
	for (size_t i = 0; i < s->n_existing; i++)
		add_record(rc, d, "existing", &s->existing[i], false);
	for (size_t i = 0; i < s->n_adds; i++)
		add_record(rc, d, "adds", &s->adds[i], true);
	for (size_t i = 0; i < s->n_deletes; i++)
		add_record(rc, d, "deletes", &s->deletes[i], false);
	for (size_t i = 0; i < s->n_existing; i++)
		if (record_listed(&s->existing[i], final, n_final)) {
			add_record(rc, d, "kept", &s->existing[i], false);
			n_kept++;
		}
	/* The final set is what the user writes, so ttl-min applies to it. */
	for (size_t i = 0; i < n_final; i++)
		add_record(rc, d, "final", final[i], true);
	template_set_bool(d, "has_existing", s->n_existing > 0);
	template_set_bool(d, "has_adds", s->n_adds > 0);
	template_set_bool(d, "has_deletes", s->n_deletes > 0);
	template_set_bool(d, "has_kept", n_kept > 0);
	template_set_bool(d, "final_empty", n_final == 0);
	free(final);
	add_changes(rc, d, s);
}

/* replaced_sets: the records that must give way, one item per type with
 * its TTL and records, as a DELETE of a whole set needs them. */
static void
add_replaced(const struct render_ctx *rc, struct template_data *d, const struct rrset_change *s)
{
	template_set_list(d, "replaced_sets");
	template_set_bool(d, "has_replaced", s->n_replaced > 0);
	for (size_t i = 0; i < s->n_replaced; i++) {
		bool seen = false;
		for (size_t k = 0; k < i; k++)
			seen |= s->replaced[k].type == s->replaced[i].type;
		if (seen)
			continue;
		struct template_data *rs = template_add_item(d, "replaced_sets");
		set_names(rs, s->replaced[i].name, rc->plan->zone);
		template_set_str(rs, "type", dns_type_name(s->replaced[i].type));
		template_set_uint(rs, "ttl", s->replaced[i].ttl);
		template_set_list(rs, "records");
		for (size_t k = i; k < s->n_replaced; k++)
			if (s->replaced[k].type == s->replaced[i].type)
				add_record(rc, rs, "records", &s->replaced[k], false);
	}
}

static void
fill_set(const struct render_ctx *rc, struct template_data *d,
	 const struct rrset_change *s, size_t index, size_t count)
{
	const char *zone = rc->plan->zone;
	set_names(d, s->name, zone);
	template_set_str(d, "type", dns_type_name(s->type));
	template_set_bool(d, "apex", zone && !strcasecmp(s->name, zone));
	template_set_uint(d, "ttl", clamp_ttl(rc->p, s->ttl));
	template_set_uint(d, "ttl_existing", s->n_existing ? s->existing[0].ttl : s->ttl);
	template_set_bool(d, "set_first", index == 0);
	template_set_bool(d, "set_last", index + 1 == count);
	template_set_uint(d, "set_index", (unsigned long)index + 1);
	add_lists(rc, d, s);
	add_replaced(rc, d, s);
}

static void
fill_plan(const struct render_ctx *rc, struct template_data *d)
{
	const struct change_plan *plan = rc->plan;
	template_set_str(d, "title", rc->p->title);
	template_set_list(d, "hints");
	for (size_t i = 0; i < rc->p->n_hints; i++)
		template_set_str(template_add_item(d, "hints"), "line", rc->p->hints[i]);
	char *zone = plan->zone ? without_dot(plan->zone) : xstrdup("");
	template_set_str(d, "zone", zone);
	template_set_str(d, "zone_dot", plan->zone ? plan->zone : "");
	template_set_bool(d, "zone_known", plan->zone != NULL);
	free(zone);
	template_set_str(d, "zone_id", plan->zone_id ? plan->zone_id : "");
	template_set_bool(d, "zone_id_known", plan->zone_id != NULL);
	template_set_bool(d, "has_caa", false);
	template_set_bool(d, "has_cname", false);
	template_set_bool(d, "has_txt", false);
	bool alias = false;
	for (size_t i = 0; i < plan->n_sets; i++)
		for (size_t k = 0; k < plan->sets[i].n_adds; k++)
			alias |= plan->sets[i].adds[k].alias_zone != NULL;
	template_set_bool(d, "has_alias_target", alias);
	template_set_bool(d, "has_mx", false);
	for (size_t i = 0; i < plan->n_sets; i++) {
		char key[32] = "has_";
		const char *tn = dns_type_name(plan->sets[i].type);
		for (size_t k = 0; tn[k] && k + 5 < sizeof key; k++)
			key[4 + k] = (char)tolower((unsigned char)tn[k]);
		template_set_bool(d, key, true);
	}
	template_set_list(d, "sets");
}

/* Pure deletions first: a CNAME cannot be added while a TXT record still
 * holds its name, and Route 53 applies a change batch in order. */
static size_t *
set_order(const struct change_plan *plan)
{
	size_t *order = xcalloc(plan->n_sets + 1, sizeof *order);
	size_t k = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < plan->n_sets; i++) {
			size_t n_final;
			free(rrset_final(&plan->sets[i], &n_final));
			if ((n_final == 0) == (pass == 0))
				order[k++] = i;
		}
	return order;
}

static int
render_error(const struct render_ctx *rc, const struct provider *owner,
	     const char *msg)
{
	snprintf(rc->err, rc->errlen, "%s: %s", owner->file, msg);
	return -1;
}

/* A set whose final records all point at an AWS endpoint: a provider
 * with an "ALIAS" template (its own or inherited, never "*") writes it
 * as an alias. */
static const struct record *
alias_of(const struct rrset_change *s)
{
	size_t n;
	const struct record **final = rrset_final(s, &n);
	const struct record *first = n ? final[0] : NULL;
	for (size_t i = 0; i < n; i++)
		if (!final[i]->alias_zone)
			first = NULL;
	free(final);
	return first;
}

static const struct tmpl *
find_alias_tmpl(const struct provider *p, const char *format, const struct provider **owner)
{
	for (int depth = 0; p && depth <= INHERIT_MAX; depth++, p = p->inherit) {
		const struct tmpl *t = provider_own_tmpl(p, format, "ALIAS");
		if (t) {
			*owner = p;
			return t;
		}
	}
	return NULL;
}

/* The alias set at name in the plan, if the provider writes aliases. */
static const struct record *
alias_at(const struct render_ctx *rc, const char *name)
{
	const struct record *found = NULL;
	for (size_t i = 0; i < rc->plan->n_sets && !found; i++) {
		const struct rrset_change *s = &rc->plan->sets[i];
		const struct record *a = s->type == DNS_T_CNAME ? alias_of(s) : NULL;
		if (a && !strcasecmp(s->name, name))
			found = a;
	}
	const struct provider *owner;
	return found && find_alias_tmpl(rc->p, rc->format, &owner) ? found : NULL;
}

/* An alias record set replaces the address records of its type at its
 * name (Route 53's UPSERT): deleting them first would fail when they are
 * an alias already, which the DNS cannot tell. */
static bool
absorbed(const struct render_ctx *rc, const struct rrset_change *s)
{
	size_t n;
	free(rrset_final(s, &n));
	if (n || (s->type != DNS_T_A && s->type != DNS_T_AAAA))
		return false;
	const struct record *a = alias_at(rc, s->name);
	return a && (s->type == DNS_T_A || a->alias_ipv6);
}

static void
note_absorbed(const struct render_ctx *rc, struct template_data *d, const struct rrset_change *alias)
{
	template_set_bool(d, "alias_over_a", false);
	template_set_bool(d, "alias_over_aaaa", false);
	for (size_t i = 0; i < rc->plan->n_sets; i++) {
		const struct rrset_change *s = &rc->plan->sets[i];
		if (s != alias && !strcasecmp(s->name, alias->name) && absorbed(rc, s))
			template_set_bool(d, s->type == DNS_T_A ? "alias_over_a" : "alias_over_aaaa", true);
	}
}

static const struct tmpl *
set_tmpl(const struct render_ctx *rc, const struct rrset_change *s, const struct provider **owner)
{
	const struct tmpl *t = s->type == DNS_T_CNAME && alias_of(s) ? find_alias_tmpl(rc->p, rc->format, owner)
								      : NULL;
	if (t)
		return t;
	char type[16];
	snprintf(type, sizeof type, "%s", dns_type_name(s->type));
	return find_tmpl(rc->p, rc->format, type, owner);
}

/* A plan with a set that may be written as an alias: which sets are shown
 * then depends on the format (absorbed()), so the data is built per format. */
static bool
plan_has_alias(const struct change_plan *plan)
{
	for (size_t i = 0; i < plan->n_sets; i++)
		if (plan->sets[i].type == DNS_T_CNAME && alias_of(&plan->sets[i]))
			return true;
	return false;
}

/* The data of every set the format shows, in the order it shows them. */
struct sets {
	size_t *order;              /* set_order(), absorbed sets left out */
	size_t n;
	struct template_data **items;
};

static void
build_sets(const struct render_ctx *rc, struct template_data *root, struct sets *out)
{
	const struct change_plan *plan = rc->plan;
	out->order = set_order(plan);
	out->n = 0;
	for (size_t k = 0; k < plan->n_sets; k++)
		if (!absorbed(rc, &plan->sets[out->order[k]]))
			out->order[out->n++] = out->order[k];
	out->items = xcalloc(out->n + 1, sizeof *out->items);
	for (size_t k = 0; k < out->n; k++) {
		const struct rrset_change *s = &plan->sets[out->order[k]];
		out->items[k] = template_add_item(root, "sets");
		fill_set(rc, out->items[k], s, k, out->n);
		if (s->type == DNS_T_CNAME && alias_of(s))
			note_absorbed(rc, out->items[k], s);
	}
}

static void
sets_free(struct sets *s)
{
	free(s->order);
	free(s->items);
}

/* Each set through the format's template for its type (its "text"), then
 * the frame around them. */
static int
render_format(const struct render_ctx *rc, struct template_data *root,
	      const struct sets *sets, struct strbuf *out)
{
	const struct change_plan *plan = rc->plan;
	struct template_data **items = sets->items;
	char msg[256];
	for (size_t k = 0; k < sets->n; k++) {
		const struct rrset_change *s = &plan->sets[sets->order[k]];
		const struct provider *owner = rc->p;
		const struct tmpl *t = set_tmpl(rc, s, &owner);
		if (!t) {
			snprintf(rc->err, rc->errlen,
				 _("%s: the %s format has no template for %s records"),
				 rc->p->title, rc->format, dns_type_name(s->type));
			return -1;
		}
		struct strbuf text;
		sb_init_limit(&text, TEMPLATE_OUTPUT_MAX);
		int status = template_render(t->t, items[k], owner->maps, &text, msg, sizeof msg);
		if (status < 0)
			render_error(rc, owner, msg);
		else	/* frames put {{text}} on a line of its own */
			template_set_strn(items[k], "text", text.buf,
					  text.len - (text.len && text.buf[text.len - 1] == '\n'));
		sb_free(&text);
		if (status < 0)
			return -1;
	}
	const struct provider *owner = rc->p;
	const struct tmpl *frame = find_tmpl(rc->p, rc->format, NULL, &owner);
	if (template_render(frame ? frame->t : provider_default_frame(), root, owner->maps, out,
			    msg, sizeof msg) < 0)
		return render_error(rc, owner, msg);
	return 0;
}

int
provider_render(const struct provider *p, const char *format,
		const struct change_plan *plan, struct strbuf *out, char *err,
		size_t errlen)
{
	provider_load_all();
	if (!p || !plan || !format) {
		snprintf(err, errlen, "%s", _("nothing to render"));
		return -1;
	}
	if (!provider_has_format(p, format)) {
		snprintf(err, errlen, _("%s has no format \"%s\""), p->title, format);
		return -1;
	}
	if (plan->n_sets == 0)
		return 0;

	struct render_ctx rc = { p, plan, format, err, errlen };
	struct template_data *root = template_data_new(NULL);
	fill_plan(&rc, root);
	struct sets sets;
	build_sets(&rc, root, &sets);
	int status = render_format(&rc, root, &sets, out);
	sets_free(&sets);
	template_data_free(root);
	return status;
}

void
provider_render_each(const struct provider *p, const struct change_plan *plan,
		     provider_visit visit, void *ctx)
{
	provider_load_all();
	const char *const *formats;
	size_t nf = provider_formats(p, &formats);
	char err[256] = "";
	struct render_ctx rc = { p, plan, NULL, err, sizeof err };
	/* The data is built once for every format, unless an alias makes
	 * what is shown depend on the format. */
	bool shared = !plan_has_alias(plan);
	struct template_data *root = NULL;
	struct sets sets;
	for (size_t i = 0; i < nf; i++) {
		rc.format = formats[i];
		if (!root) {
			root = template_data_new(NULL);
			fill_plan(&rc, root);
			build_sets(&rc, root, &sets);
		}
		struct strbuf sb;
		sb_init(&sb);
		err[0] = '\0';
		bool ok = !plan->n_sets || render_format(&rc, root, &sets, &sb) == 0;
		visit(ctx, formats[i], ok ? sb.buf : NULL, err);
		sb_free(&sb);
		if (!shared) {
			sets_free(&sets);
			template_data_free(root);
			root = NULL;
		}
	}
	if (root) {
		sets_free(&sets);
		template_data_free(root);
	}
}
