#include "config.h"

#include <ctype.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fix/change.h"
#include "core/datafile.h"
#include "net/dns_wire.h"
#include "core/i18n.h"
#include "fix/provider.h"
#include "core/strbuf.h"
#include "fix/template.h"
#include "core/xalloc.h"

#define PROVIDER_DIR "providers/"
#define PROVIDER_EXT ".tmpl"
/* inherit chains are short; this only stops a cycle */
#define INHERIT_MAX 4

struct tmpl {
	char *format;
	char *type;                 /* NULL: the frame of format */
	struct template *t;
};

struct provider {
	char *file;                 /* "providers/cloudflare.tmpl", for messages */
	char *id;
	char *title;
	char *inherit_id;
	const struct provider *inherit;
	unsigned long ttl_min;
	regex_t *ns;
	size_t n_ns;
	char **hints;
	size_t n_hints;
	struct template_maps *maps;
	struct tmpl *tmpls;
	size_t n_tmpls;
	const char **formats;       /* own, then inherited; point into tmpls */
	size_t n_formats;
};

static struct provider **providers;
static size_t n_providers;
static bool loaded;
static char load_error[512];
static struct template *default_frame;

/* ---- loading ------------------------------------------------------------ */

static void
provider_free(struct provider *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_ns; i++)
		regfree(&p->ns[i]);
	free(p->ns);
	for (size_t i = 0; i < p->n_hints; i++)
		free(p->hints[i]);
	free(p->hints);
	for (size_t i = 0; i < p->n_tmpls; i++) {
		free(p->tmpls[i].format);
		free(p->tmpls[i].type);
		template_free(p->tmpls[i].t);
	}
	free(p->tmpls);
	free(p->formats);
	template_maps_free(p->maps);
	free(p->file);
	free(p->id);
	free(p->title);
	free(p->inherit_id);
	free(p);
}

static void
free_all(void)
{
	for (size_t i = 0; i < n_providers; i++)
		provider_free(providers[i]);
	free(providers);
	providers = NULL;
	n_providers = 0;
	template_free(default_frame);
	default_frame = NULL;
}

static void
note_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Keep the first problem: later ones are usually its consequences. */
static void
note_error(const char *fmt, ...)
{
	va_list ap;

	if (load_error[0])
		return;
	va_start(ap, fmt);
	vsnprintf(load_error, sizeof load_error, fmt, ap);
	va_end(ap);
}

struct parser {
	struct provider *p;
	const char *text;
	size_t len;
	size_t pos;
	int line;                   /* of the line at pos */
	char err[256];
};

/* The next line [*s, *e) without its newline; false at the end. */
static bool
next_line(struct parser *ps, const char **s, const char **e)
{
	if (ps->pos >= ps->len)
		return false;
	*s = ps->text + ps->pos;
	const char *nl = memchr(*s, '\n', ps->len - ps->pos);
	*e = nl ? nl : ps->text + ps->len;
	ps->pos = (size_t)(*e - ps->text) + (nl ? 1 : 0);
	ps->line++;
	return true;
}

static char *
trimmed_dup(const char *s, const char *e)
{
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	return xstrndup(s, (size_t)(e - s));
}

static int
parse_map(struct parser *ps, const char *v)
{
	char name[64], key[64];
	int used = 0;

	if (sscanf(v, "%63s %63s = %n", name, key, &used) != 2 || used == 0) {
		snprintf(ps->err, sizeof ps->err, "%s", _("map: wants NAME KEY = VALUE"));
		return -1;
	}
	template_maps_put(ps->p->maps, name, key, v + used);
	return 0;
}

static int
parse_ns(struct parser *ps, const char *v)
{
	struct provider *p = ps->p;
	p->ns = xrealloc(p->ns, (p->n_ns + 1) * sizeof *p->ns);
	int rc = regcomp(&p->ns[p->n_ns], v, REG_EXTENDED | REG_ICASE | REG_NOSUB);
	if (rc != 0) {
		char msg[128];
		regerror(rc, &p->ns[p->n_ns], msg, sizeof msg);
		snprintf(ps->err, sizeof ps->err, _("bad ns pattern: %s"), msg);
		return -1;
	}
	p->n_ns++;
	return 0;
}

static int
parse_ttl_min(struct parser *ps, const char *v)
{
	char *end;
	unsigned long n = strtoul(v, &end, 10);
	if (end == v || *end || n > 86400) {
		snprintf(ps->err, sizeof ps->err, "%s", _("bad ttl-min"));
		return -1;
	}
	ps->p->ttl_min = n;
	return 0;
}

static void
replace_str(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v);
}

/* One "key: value" line of the header. */
static int
parse_header_line(struct parser *ps, const char *s, const char *e)
{
	const char *colon = memchr(s, ':', (size_t)(e - s));
	if (!colon) {
		snprintf(ps->err, sizeof ps->err, "%s", _("expected \"key: value\""));
		return -1;
	}
	char *key = trimmed_dup(s, colon);
	char *v = trimmed_dup(colon + 1, e);
	struct provider *p = ps->p;
	int rc = 0;

	if (!strcmp(key, "id")) {
		replace_str(&p->id, v);
	} else if (!strcmp(key, "title")) {
		replace_str(&p->title, v);
	} else if (!strcmp(key, "inherit")) {
		replace_str(&p->inherit_id, v);
	} else if (!strcmp(key, "ttl-min")) {
		rc = parse_ttl_min(ps, v);
	} else if (!strcmp(key, "ns")) {
		rc = parse_ns(ps, v);
	} else if (!strcmp(key, "hint")) {
		p->hints = xrealloc(p->hints, (p->n_hints + 1) * sizeof *p->hints);
		p->hints[p->n_hints++] = xstrdup(v);
	} else if (!strcmp(key, "map")) {
		rc = parse_map(ps, v);
	} else {
		snprintf(ps->err, sizeof ps->err, _("unknown key \"%s\""), key);
		rc = -1;
	}
	free(key);
	free(v);
	return rc;
}

/* "@@ ..." (a bare "@@" too, so that it gets a useful message). */
static bool
is_template_start(const char *s, const char *e)
{
	return e - s >= 2 && s[0] == '@' && s[1] == '@' &&
	       (e - s == 2 || s[2] == ' ' || s[2] == '\t' || s[2] == '\r');
}

static bool
has_tmpl(const struct provider *p, const char *format, const char *type)
{
	for (size_t i = 0; i < p->n_tmpls; i++) {
		const struct tmpl *t = &p->tmpls[i];
		if (!strcmp(t->format, format) &&
		    (type ? t->type && !strcmp(t->type, type) : !t->type))
			return true;
	}
	return false;
}

/* "@@ FORMAT [TYPE]" */
static int
parse_template_head(struct parser *ps, const char *s, const char *e,
		    char **format, char **type)
{
	char *head = trimmed_dup(s + 2, e);
	char *sp = strchr(head, ' ');
	*type = NULL;
	if (sp) {
		*sp = '\0';
		*type = trimmed_dup(sp + 1, sp + 1 + strlen(sp + 1));
	}
	*format = head;
	if (!**format || (*type && (!**type || strchr(*type, ' ')))) {
		snprintf(ps->err, sizeof ps->err, "%s", _("expected \"@@ FORMAT [TYPE]\""));
		return -1;
	}
	if (has_tmpl(ps->p, *format, *type)) {
		snprintf(ps->err, sizeof ps->err, "%s", _("template defined twice"));
		return -1;
	}
	return 0;
}

static void
add_format(struct provider *p, const char *format)
{
	for (size_t i = 0; i < p->n_formats; i++)
		if (!strcmp(p->formats[i], format))
			return;
	p->formats = xrealloc(p->formats, (p->n_formats + 1) * sizeof *p->formats);
	p->formats[p->n_formats++] = format;
}

/* The body after an "@@" line: up to the next one, without trailing blank
 * lines. Leaves ps at the next "@@" line (or the end). */
static int
parse_template(struct parser *ps, const char *hs, const char *he)
{
	char *format, *type;
	int head_line = ps->line;
	if (parse_template_head(ps, hs, he, &format, &type) < 0) {
		free(format);
		free(type);
		return -1;
	}
	size_t body = ps->pos, body_end = ps->pos, save_pos = ps->pos;
	int save_line = ps->line;
	const char *s, *e;
	while (next_line(ps, &s, &e) && !is_template_start(s, e)) {
		const char *q = s;
		while (q < e && isspace((unsigned char)*q))
			q++;
		if (q < e)
			body_end = ps->pos;
		save_pos = ps->pos;
		save_line = ps->line;
	}
	ps->pos = save_pos;
	ps->line = save_line;

	char msg[200];
	struct template *t = template_compile(ps->text + body, body_end - body,
					      head_line + 1, msg, sizeof msg);
	if (!t) {
		/* the message carries its own line number */
		snprintf(ps->err, sizeof ps->err, "%s", msg);
		ps->line = -1;
		free(format);
		free(type);
		return -1;
	}
	struct provider *p = ps->p;
	p->tmpls = xrealloc(p->tmpls, (p->n_tmpls + 1) * sizeof *p->tmpls);
	p->tmpls[p->n_tmpls++] = (struct tmpl){ format, type, t };
	return 0;
}

/* Header lines until the first "@@"; from there on everything belongs to
 * some template (so "#" lines there are template text). */
static int
parse_body(struct parser *ps)
{
	const char *s, *e;

	while (next_line(ps, &s, &e)) {
		if (is_template_start(s, e)) {
			if (parse_template(ps, s, e) < 0)
				return -1;
			continue;
		}
		const char *q = s;
		while (q < e && isspace((unsigned char)*q))
			q++;
		if (q == e || *q == '#')
			continue;
		if (parse_header_line(ps, s, e) < 0)
			return -1;
	}
	return 0;
}

static int
check_provider(struct parser *ps, const char *file)
{
	struct provider *p = ps->p;
	const char *base = file + strlen(PROVIDER_DIR);
	size_t blen = strlen(base) - strlen(PROVIDER_EXT);

	ps->line = -1;      /* these are about the whole file */
	if (!p->id || strlen(p->id) != blen || strncmp(p->id, base, blen) != 0) {
		snprintf(ps->err, sizeof ps->err, "%s", _("id must be the file name"));
		return -1;
	}
	if (!p->title) {
		snprintf(ps->err, sizeof ps->err, "%s", _("no title"));
		return -1;
	}
	for (size_t i = 0; i < p->n_tmpls; i++)
		add_format(p, p->tmpls[i].format);
	return 0;
}

static struct provider *
parse_file(const char *file, const char *text, size_t len)
{
	struct provider *p = xcalloc(1, sizeof *p);
	struct parser ps = { .p = p, .text = text, .len = len };

	p->file = xstrdup(file);
	p->maps = template_maps_new();
	if (parse_body(&ps) < 0 || check_provider(&ps, file) < 0) {
		if (ps.line > 0)
			note_error("%s:%d: %s", file, ps.line, ps.err);
		else
			note_error("%s: %s", file, ps.err);
		provider_free(p);
		return NULL;
	}
	return p;
}

static const struct provider *
find_loaded(const char *id)
{
	for (size_t i = 0; i < n_providers; i++)
		if (!strcmp(providers[i]->id, id))
			return providers[i];
	return NULL;
}

static void
add_provider(struct provider *p)
{
	if (find_loaded(p->id)) {
		note_error(_("%s: provider id \"%s\" used twice"), p->file, p->id);
		provider_free(p);
		return;
	}
	providers = xrealloc(providers, (n_providers + 1) * sizeof *providers);
	providers[n_providers++] = p;
}

static void
resolve_inherit(struct provider *p)
{
	if (!p->inherit_id)
		return;
	p->inherit = find_loaded(p->inherit_id);
	if (!p->inherit || p->inherit == p) {
		note_error(_("%s: cannot inherit from \"%s\""), p->file, p->inherit_id);
		p->inherit = NULL;
	}
}

/* Inherited formats come after a provider's own, in the parent's order. */
static void
inherit_formats(struct provider *p)
{
	const struct provider *q = p->inherit;
	for (int depth = 0; q && depth < INHERIT_MAX; depth++, q = q->inherit)
		for (size_t i = 0; i < q->n_tmpls; i++)
			add_format(p, q->tmpls[i].format);
}

static void
load_all(void)
{
	if (loaded)
		return;
	loaded = true;
	atexit(free_all);
	static const char frame[] = "{{#sets}}\n{{text}}\n{{/sets}}\n";
	default_frame = template_compile(frame, sizeof frame - 1, 1, NULL, 0);

	size_t cursor = 0;
	const char *file;
	while ((file = datafile_next(PROVIDER_DIR, &cursor)) != NULL) {
		size_t n = strlen(file), elen = strlen(PROVIDER_EXT);
		if (n <= elen + strlen(PROVIDER_DIR) || strcmp(file + n - elen, PROVIDER_EXT))
			continue;
		size_t len;
		const char *text = datafile_get(file, &len);
		struct provider *p = text ? parse_file(file, text, len) : NULL;
		if (p)
			add_provider(p);
	}
	for (size_t i = 0; i < n_providers; i++)
		resolve_inherit(providers[i]);
	for (size_t i = 0; i < n_providers; i++)
		inherit_formats(providers[i]);
}

/* ---- lookups ------------------------------------------------------------ */

const char *
provider_load_error(void)
{
	load_all();
	return load_error[0] ? load_error : NULL;
}

size_t
provider_count(void)
{
	load_all();
	return n_providers;
}

const struct provider *
provider_at(size_t i)
{
	load_all();
	return i < n_providers ? providers[i] : NULL;
}

const struct provider *
provider_get(const char *id)
{
	load_all();
	return id ? find_loaded(id) : NULL;
}

const char *
provider_id(const struct provider *p)
{
	return p->id;
}

const char *
provider_title(const struct provider *p)
{
	return p->title;
}

size_t
provider_formats(const struct provider *p, const char *const **out)
{
	if (out)
		*out = p->formats;
	return p->n_formats;
}

bool
provider_has_format(const struct provider *p, const char *format)
{
	for (size_t i = 0; i < p->n_formats; i++)
		if (!strcmp(p->formats[i], format))
			return true;
	return false;
}

/* ---- detection ---------------------------------------------------------- */

static bool
provider_matches(const struct provider *p, const char *ns)
{
	for (size_t i = 0; i < p->n_ns; i++)
		if (regexec(&p->ns[i], ns, 0, NULL, 0) == 0)
			return true;
	return false;
}

/* Index of the provider serving ns, or n_providers if none. */
static size_t
detect_one(const char *name)
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
	for (size_t i = 0; i < n_providers; i++)
		if (provider_matches(providers[i], ns))
			return i;
	return n_providers;
}

const struct provider *
provider_detect(const char *const *ns_names, size_t n, bool *mixed)
{
	load_all();
	size_t *count = xcalloc(n_providers + 1, sizeof *count);
	for (size_t i = 0; i < n; i++)
		if (ns_names[i])
			count[detect_one(ns_names[i])]++;

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
		found = providers[best];
	free(count);
	if (mixed)
		*mixed = kinds > 1;
	return found;
}

/* ---- rendering ---------------------------------------------------------- */

static const struct tmpl *
own_tmpl(const struct provider *p, const char *format, const char *type)
{
	for (size_t i = 0; i < p->n_tmpls; i++) {
		const struct tmpl *t = &p->tmpls[i];
		if (strcmp(t->format, format))
			continue;
		if (type ? t->type && !strcmp(t->type, type) : !t->type)
			return t;
	}
	return NULL;
}

/* The template for (format, type) and the provider whose maps it uses:
 * the exact type, then "*", in p and then up its inherit chain. */
static const struct tmpl *
find_tmpl(const struct provider *p, const char *format, const char *type,
	  const struct provider **owner)
{
	for (int depth = 0; p && depth <= INHERIT_MAX; depth++, p = p->inherit) {
		const struct tmpl *t = own_tmpl(p, format, type);
		if (!t && type)
			t = own_tmpl(p, format, "*");
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
	size_t n = strlen(name);
	if (n > 1 && name[n - 1] == '.' && !(n > 2 && name[n - 2] == '\\'))
		n--;
	return xstrndup(name, n);
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
	template_set_bool(d, "has_caa", false);
	template_set_bool(d, "has_cname", false);
	template_set_bool(d, "has_txt", false);
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

static int
render_sets(const struct render_ctx *rc, struct template_data *root)
{
	const struct change_plan *plan = rc->plan;
	size_t *order = set_order(plan);
	int status = 0;

	for (size_t k = 0; k < plan->n_sets && status == 0; k++) {
		const struct rrset_change *s = &plan->sets[order[k]];
		char type[16];
		snprintf(type, sizeof type, "%s", dns_type_name(s->type));
		const struct provider *owner = rc->p;
		const struct tmpl *t = find_tmpl(rc->p, rc->format, type, &owner);
		if (!t) {
			snprintf(rc->err, rc->errlen,
				 _("%s: the %s format has no template for %s records"),
				 rc->p->title, rc->format, type);
			status = -1;
			break;
		}
		struct template_data *d = template_add_item(root, "sets");
		fill_set(rc, d, s, k, plan->n_sets);
		struct strbuf text;
		char msg[256];
		sb_init_limit(&text, TEMPLATE_OUTPUT_MAX);
		if (template_render(t->t, d, owner->maps, &text, msg, sizeof msg) < 0)
			status = render_error(rc, owner, msg);
		else	/* frames put {{text}} on a line of its own */
			template_set_strn(d, "text", text.buf,
					  text.len - (text.len && text.buf[text.len - 1] == '\n'));
		sb_free(&text);
	}
	free(order);
	return status;
}

int
provider_render(const struct provider *p, const char *format,
		const struct change_plan *plan, struct strbuf *out, char *err,
		size_t errlen)
{
	load_all();
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
	int status = render_sets(&rc, root);
	if (status == 0) {
		const struct provider *owner = p;
		const struct tmpl *frame = find_tmpl(p, format, NULL, &owner);
		char msg[256];
		if (template_render(frame ? frame->t : default_frame, root,
				    owner->maps, out, msg, sizeof msg) < 0)
			status = render_error(&rc, owner, msg);
	}
	template_data_free(root);
	return status;
}
