/* Parsing one provider file (data/providers/<id>.tmpl, format in
 * provider.h): the "key: value" header, then the "@@" templates, each
 * compiled right away so that a broken file is reported when it loads. */
#include "config.h"

#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "fix/provider_int.h"
#include "fix/template.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

void
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
		replace_str(&p->title, _(v));
	} else if (!strcmp(key, "inherit")) {
		replace_str(&p->inherit_id, v);
	} else if (!strcmp(key, "ttl-min")) {
		rc = parse_ttl_min(ps, v);
	} else if (!strcmp(key, "ns")) {
		rc = parse_ns(ps, v);
	} else if (!strcmp(key, "hint")) {
		p->hints = xrealloc(p->hints, (p->n_hints + 1) * sizeof *p->hints);
		p->hints[p->n_hints++] = xstrdup(_(v));
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

const struct tmpl *
provider_own_tmpl(const struct provider *p, const char *format, const char *type)
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
	if (provider_own_tmpl(ps->p, *format, *type)) {
		snprintf(ps->err, sizeof ps->err, "%s", _("template defined twice"));
		return -1;
	}
	return 0;
}

void
provider_add_format(struct provider *p, const char *format)
{
	for (size_t i = 0; i < p->n_formats; i++)
		if (!strcmp(p->formats[i], format))
			return;
	p->formats = xrealloc(p->formats, (p->n_formats + 1) * sizeof *p->formats);
	p->formats[p->n_formats++] = format;
}

/* The template in the user's language: each line looked up with _()
 * (data/provider-msgids.sh lists the ones a catalogue may translate; a
 * translation keeps the line's tags). NULL when nothing is translated or
 * the translation does not compile: the original is used then. */
static struct template *
translated(const char *text, size_t len, int first_line)
{
	struct strbuf sb;
	sb_init(&sb);
	bool changed = false;
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char *line = xstrndup(text + pos, n);
		/* "" would look up the catalogue's header. */
		const char *tr = *line ? _(line) : line;
		changed |= tr != line && strcmp(tr, line);
		sb_add(&sb, tr);
		if (nl)
			sb_addc(&sb, '\n');
		free(line);
		pos += n + (nl ? 1 : 0);
	}
	char msg[200];
	struct template *t = changed ? template_compile(sb.buf, sb.len, first_line, msg, sizeof msg) : NULL;
	sb_free(&sb);
	return t;
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
	struct template *t = translated(ps->text + body, body_end - body, head_line + 1);
	if (!t)
		t = template_compile(ps->text + body, body_end - body, head_line + 1, msg, sizeof msg);
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
		provider_add_format(p, p->tmpls[i].format);
	return 0;
}

struct provider *
provider_parse(const char *file, const char *text, size_t len, char *err,
	       size_t errlen)
{
	struct provider *p = xcalloc(1, sizeof *p);
	struct parser ps = { .p = p, .text = text, .len = len };

	p->file = xstrdup(file);
	p->maps = template_maps_new();
	if (parse_body(&ps) < 0 || check_provider(&ps, file) < 0) {
		if (ps.line > 0)
			snprintf(err, errlen, "%s:%d: %s", file, ps.line, ps.err);
		else
			snprintf(err, errlen, "%s: %s", file, ps.err);
		provider_free(p);
		return NULL;
	}
	return p;
}
