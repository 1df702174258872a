#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/i18n.h"
#include "core/strbuf.h"
#include "fix/template.h"
#include "core/xalloc.h"

/* ---- data tree ---------------------------------------------------------- */

enum val_kind { V_STR, V_BOOL, V_LIST };

struct field {
	char *name;
	enum val_kind kind;
	char *str;
	size_t len;
	bool b;
	struct template_data **items;
	size_t n_items;
};

struct template_data {
	const struct template_data *parent;
	struct field *fields;
	size_t n_fields;
};

struct template_data *
template_data_new(const struct template_data *parent)
{
	struct template_data *d = xcalloc(1, sizeof *d);
	d->parent = parent;
	return d;
}

static void
field_clear(struct field *f)
{
	free(f->str);
	for (size_t i = 0; i < f->n_items; i++)
		template_data_free(f->items[i]);
	free(f->items);
	f->str = NULL;
	f->items = NULL;
	f->n_items = 0;
	f->len = 0;
}

void
template_data_free(struct template_data *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n_fields; i++) {
		field_clear(&d->fields[i]);
		free(d->fields[i].name);
	}
	free(d->fields);
	free(d);
}

static struct field *
find_field(const struct template_data *d, const char *name, size_t len)
{
	for (size_t i = 0; i < d->n_fields; i++)
		if (strlen(d->fields[i].name) == len &&
		    memcmp(d->fields[i].name, name, len) == 0)
			return &d->fields[i];
	return NULL;
}

/* The field called name, emptied, ready to take a new value. */
static struct field *
fresh_field(struct template_data *d, const char *name, enum val_kind kind)
{
	struct field *f = find_field(d, name, strlen(name));
	if (f) {
		field_clear(f);
	} else {
		d->fields = xrealloc(d->fields, (d->n_fields + 1) * sizeof *d->fields);
		f = &d->fields[d->n_fields++];
		memset(f, 0, sizeof *f);
		f->name = xstrdup(name);
	}
	f->kind = kind;
	return f;
}

void
template_set_strn(struct template_data *d, const char *name, const char *value,
		  size_t len)
{
	struct field *f = fresh_field(d, name, V_STR);
	f->str = xstrndup(value, len);
	f->len = strlen(f->str);
}

void
template_set_str(struct template_data *d, const char *name, const char *value)
{
	template_set_strn(d, name, value ? value : "", value ? strlen(value) : 0);
}

void
template_set_uint(struct template_data *d, const char *name, unsigned long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lu", v);
	template_set_str(d, name, buf);
}

void
template_set_bool(struct template_data *d, const char *name, bool value)
{
	fresh_field(d, name, V_BOOL)->b = value;
}

void
template_set_list(struct template_data *d, const char *name)
{
	fresh_field(d, name, V_LIST);
}

struct template_data *
template_add_item(struct template_data *d, const char *name)
{
	struct field *f = find_field(d, name, strlen(name));
	if (!f || f->kind != V_LIST)
		f = fresh_field(d, name, V_LIST);
	f->items = xrealloc(f->items, (f->n_items + 1) * sizeof *f->items);
	struct template_data *item = template_data_new(d);
	f->items[f->n_items++] = item;
	return item;
}

/* ---- maps --------------------------------------------------------------- */

struct map_entry {
	char *key;
	char *value;
};

struct map {
	char *name;
	struct map_entry *entries;
	size_t n;
};

struct template_maps {
	struct map *maps;
	size_t n;
};

struct template_maps *
template_maps_new(void)
{
	return xcalloc(1, sizeof(struct template_maps));
}

void
template_maps_free(struct template_maps *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		for (size_t j = 0; j < m->maps[i].n; j++) {
			free(m->maps[i].entries[j].key);
			free(m->maps[i].entries[j].value);
		}
		free(m->maps[i].entries);
		free(m->maps[i].name);
	}
	free(m->maps);
	free(m);
}

static struct map *
find_map(const struct template_maps *m, const char *name, size_t len)
{
	for (size_t i = 0; m && i < m->n; i++)
		if (strlen(m->maps[i].name) == len &&
		    memcmp(m->maps[i].name, name, len) == 0)
			return &m->maps[i];
	return NULL;
}

static struct map_entry *
find_entry(const struct map *map, const char *key, size_t len)
{
	for (size_t i = 0; i < map->n; i++)
		if (strlen(map->entries[i].key) == len &&
		    strncasecmp(map->entries[i].key, key, len) == 0)
			return &map->entries[i];
	return NULL;
}

void
template_maps_put(struct template_maps *m, const char *name, const char *key,
		  const char *value)
{
	struct map *map = find_map(m, name, strlen(name));
	if (!map) {
		m->maps = xrealloc(m->maps, (m->n + 1) * sizeof *m->maps);
		map = &m->maps[m->n++];
		memset(map, 0, sizeof *map);
		map->name = xstrdup(name);
	}
	struct map_entry *e = find_entry(map, key, strlen(key));
	if (e) {
		free(e->value);
	} else {
		map->entries = xrealloc(map->entries, (map->n + 1) * sizeof *map->entries);
		e = &map->entries[map->n++];
		e->key = xstrdup(key);
	}
	e->value = xstrdup(value);
}

bool
template_maps_has(const struct template_maps *m, const char *name)
{
	return find_map(m, name, strlen(name)) != NULL;
}

/* ---- compiled form ------------------------------------------------------ */

enum node_kind { N_TEXT, N_VAR, N_SECTION, N_INVERTED };
enum filter_kind {
	F_JSON, F_SH, F_HCL, F_URL, F_IDENT, F_NODOT, F_LOWER, F_UNZONE, F_MAP
};

struct filter {
	enum filter_kind kind;
	char *arg;                  /* map name for F_MAP */
};

struct node {
	enum node_kind kind;
	int line;
	char *text;                 /* N_TEXT: the text; else the name */
	size_t len;
	struct filter *filters;
	size_t n_filters;
	struct node *children;      /* sections */
	size_t n_children;
};

struct template {
	struct node root;
};

static void
node_clear(struct node *n)
{
	free(n->text);
	for (size_t i = 0; i < n->n_filters; i++)
		free(n->filters[i].arg);
	free(n->filters);
	for (size_t i = 0; i < n->n_children; i++)
		node_clear(&n->children[i]);
	free(n->children);
}

void
template_free(struct template *t)
{
	if (!t)
		return;
	node_clear(&t->root);
	free(t);
}

static struct node *
node_push(struct node *parent, enum node_kind kind, int line)
{
	parent->children = xrealloc(parent->children,
				    (parent->n_children + 1) * sizeof *parent->children);
	struct node *n = &parent->children[parent->n_children++];
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->line = line;
	return n;
}

static void
seterr(char *err, size_t errlen, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
seterr(char *err, size_t errlen, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(err, errlen, _("line %d: %s"), line, msg);
}

/* ---- compiler ----------------------------------------------------------- */

struct compiler {
	const char *src;
	size_t len;
	int first_line;
	struct node *stack[TEMPLATE_MAX_DEPTH + 1];
	int depth;
	char *err;
	size_t errlen;
};

static int
line_at(const struct compiler *c, size_t pos)
{
	int line = c->first_line;
	for (size_t i = 0; i < pos && i < c->len; i++)
		if (c->src[i] == '\n')
			line++;
	return line;
}

static bool
is_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_';
}

static bool
is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* [s, e) without surrounding blanks. */
static void
trim(const char **s, const char **e)
{
	while (*s < *e && is_blank(**s))
		(*s)++;
	while (*e > *s && is_blank((*e)[-1]))
		(*e)--;
}

static bool
valid_name(const char *s, const char *e)
{
	if (s == e)
		return false;
	for (; s < e; s++)
		if (!is_name_char(*s))
			return false;
	return true;
}

static const struct {
	const char *name;
	enum filter_kind kind;
} filter_names[] = {
	{ "json", F_JSON }, { "sh", F_SH }, { "hcl", F_HCL }, { "url", F_URL },
	{ "ident", F_IDENT }, { "nodot", F_NODOT }, { "lower", F_LOWER },
	{ "unzone", F_UNZONE }, { "map", F_MAP },
};

static int
parse_filter(struct compiler *c, struct node *n, const char *s, const char *e,
	     int line)
{
	trim(&s, &e);
	const char *colon = memchr(s, ':', (size_t)(e - s));
	const char *name_end = colon ? colon : e;
	for (size_t i = 0; i < sizeof filter_names / sizeof filter_names[0]; i++) {
		if (strlen(filter_names[i].name) != (size_t)(name_end - s) ||
		    memcmp(filter_names[i].name, s, (size_t)(name_end - s)) != 0)
			continue;
		bool wants_arg = filter_names[i].kind == F_MAP;
		const char *arg = colon ? colon + 1 : e;
		if (wants_arg != (colon != NULL) || (colon && !valid_name(arg, e))) {
			seterr(c->err, c->errlen, line, _("bad argument to filter \"%.*s\""),
			       (int)(name_end - s), s);
			return -1;
		}
		n->filters = xrealloc(n->filters, (n->n_filters + 1) * sizeof *n->filters);
		struct filter *f = &n->filters[n->n_filters++];
		f->kind = filter_names[i].kind;
		f->arg = colon ? xstrndup(arg, (size_t)(e - arg)) : NULL;
		return 0;
	}
	seterr(c->err, c->errlen, line, _("unknown filter \"%.*s\""),
	       (int)(name_end - s), s);
	return -1;
}

static int
add_var(struct compiler *c, const char *s, const char *e, int line)
{
	const char *bar = memchr(s, '|', (size_t)(e - s));
	const char *name_end = bar ? bar : e;
	const char *ns = s;
	trim(&ns, &name_end);
	if (!valid_name(ns, name_end)) {
		seterr(c->err, c->errlen, line, _("bad variable name \"%.*s\""),
		       (int)(e - s), s);
		return -1;
	}
	struct node *n = node_push(c->stack[c->depth], N_VAR, line);
	n->text = xstrndup(ns, (size_t)(name_end - ns));
	while (bar) {
		const char *fs = bar + 1;
		bar = memchr(fs, '|', (size_t)(e - fs));
		if (parse_filter(c, n, fs, bar ? bar : e, line) < 0)
			return -1;
	}
	return 0;
}

static int
open_section(struct compiler *c, bool inverted, const char *s, const char *e,
	     int line)
{
	if (!valid_name(s, e)) {
		seterr(c->err, c->errlen, line, _("bad section name \"%.*s\""),
		       (int)(e - s), s);
		return -1;
	}
	if (c->depth >= TEMPLATE_MAX_DEPTH) {
		seterr(c->err, c->errlen, line, _("sections nested too deeply"));
		return -1;
	}
	struct node *n = node_push(c->stack[c->depth],
				   inverted ? N_INVERTED : N_SECTION, line);
	n->text = xstrndup(s, (size_t)(e - s));
	c->stack[++c->depth] = n;
	return 0;
}

static int
close_section(struct compiler *c, const char *s, const char *e, int line)
{
	if (c->depth == 0) {
		seterr(c->err, c->errlen, line, _("{{/%.*s}} without an open section"),
		       (int)(e - s), s);
		return -1;
	}
	struct node *open = c->stack[c->depth];
	if (strlen(open->text) != (size_t)(e - s) ||
	    memcmp(open->text, s, (size_t)(e - s)) != 0) {
		seterr(c->err, c->errlen, line,
		       _("{{/%.*s}} closes {{%c%s}} opened on line %d"),
		       (int)(e - s), s, open->kind == N_INVERTED ? '^' : '#',
		       open->text, open->line);
		return -1;
	}
	c->depth--;
	return 0;
}

/* One tag's contents (between the braces). */
static int
compile_tag(struct compiler *c, const char *s, const char *e, int line)
{
	trim(&s, &e);
	char sigil = s < e ? *s : '\0';
	if (sigil == '!')
		return 0;
	if (sigil == '#' || sigil == '^' || sigil == '/') {
		const char *ns = s + 1;
		trim(&ns, &e);
		if (sigil == '/')
			return close_section(c, ns, e, line);
		return open_section(c, sigil == '^', ns, e, line);
	}
	return add_var(c, s, e, line);
}

static void
add_text(struct compiler *c, size_t from, size_t to)
{
	if (to <= from)
		return;
	struct node *n = node_push(c->stack[c->depth], N_TEXT, line_at(c, from));
	n->text = xstrndup(c->src + from, to - from);
	n->len = to - from;
}

/* Is the tag [open, close) alone on its line? If so, report where that line
 * starts and where the next one begins, so that the whole line can go. */
static bool
standalone(const struct compiler *c, size_t open, size_t close,
	   size_t *line_start, size_t *next_line)
{
	size_t ls = open;
	while (ls > 0 && c->src[ls - 1] != '\n') {
		if (!is_blank(c->src[ls - 1]))
			return false;
		ls--;
	}
	size_t p = close;
	while (p < c->len && c->src[p] != '\n') {
		if (!is_blank(c->src[p]) && c->src[p] != '\r')
			return false;
		p++;
	}
	*line_start = ls;
	*next_line = p < c->len ? p + 1 : p;
	return true;
}

/* Where the next "{{" starts at or after pos, or len. */
static size_t
find_open(const struct compiler *c, size_t pos)
{
	for (; pos + 1 < c->len; pos++)
		if (c->src[pos] == '{' && c->src[pos + 1] == '{')
			return pos;
	return c->len;
}

static int
compile_all(struct compiler *c)
{
	size_t text_from = 0, pos = 0;

	for (;;) {
		size_t open = find_open(c, pos);
		if (open >= c->len)
			break;
		/* "{{{x}}": the tag is the last two braces. */
		while (open + 2 < c->len && c->src[open + 2] == '{')
			open++;
		int line = line_at(c, open);
		const char *body = c->src + open + 2;
		const char *end = NULL;
		for (const char *q = body; q + 1 < c->src + c->len; q++)
			if (q[0] == '}' && q[1] == '}') {
				end = q;
				break;
			}
		if (!end) {
			seterr(c->err, c->errlen, line, _("unterminated {{"));
			return -1;
		}
		size_t close = (size_t)(end - c->src) + 2;
		const char *cs = body;
		while (cs < end && is_blank(*cs))
			cs++;
		bool block = cs < end && (*cs == '#' || *cs == '^' || *cs == '/' || *cs == '!');
		size_t ls, next;
		if (block && standalone(c, open, close, &ls, &next)) {
			add_text(c, text_from, ls);
			text_from = pos = next;
		} else {
			add_text(c, text_from, open);
			text_from = pos = close;
		}
		if (compile_tag(c, body, end, line) < 0)
			return -1;
	}
	add_text(c, text_from, c->len);
	if (c->depth > 0) {
		struct node *open = c->stack[c->depth];
		seterr(c->err, c->errlen, open->line,
		       _("{{%c%s}} is never closed"),
		       open->kind == N_INVERTED ? '^' : '#', open->text);
		return -1;
	}
	return 0;
}

struct template *
template_compile(const char *text, size_t len, int first_line, char *err,
		 size_t errlen)
{
	struct template *t = xcalloc(1, sizeof *t);
	struct compiler c = {
		.src = text, .len = len, .first_line = first_line,
		.err = err, .errlen = errlen,
	};

	c.stack[0] = &t->root;
	if (memchr(text, '\0', len)) {
		seterr(err, errlen, first_line, _("NUL byte in template"));
		template_free(t);
		return NULL;
	}
	if (compile_all(&c) < 0) {
		template_free(t);
		return NULL;
	}
	return t;
}

/* ---- filters ------------------------------------------------------------ */

static const char hex[] = "0123456789ABCDEF";

static void
add_u00(struct strbuf *out, unsigned char ch)
{
	char buf[7] = { '\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15], '\0' };
	sb_add(out, buf);
}

/* Values are printable ASCII by contract (change.h); anything else is
 * escaped as \u00XX so that the output stays valid, pure-ASCII JSON. */
static void
filter_json(const char *s, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		switch (ch) {
		case '"': sb_add(out, "\\\""); break;
		case '\\': sb_add(out, "\\\\"); break;
		case '\n': sb_add(out, "\\n"); break;
		case '\r': sb_add(out, "\\r"); break;
		case '\t': sb_add(out, "\\t"); break;
		default:
			if (ch < 0x20 || ch >= 0x7f)
				add_u00(out, ch);
			else
				sb_addc(out, (char)ch);
		}
	}
}

/* Inside '...' nothing is special to the shell but the quote itself. */
static void
filter_sh(const char *s, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'')
			sb_add(out, "'\\''");
		else
			sb_addc(out, s[i]);
	}
}

/* HCL quoted strings take JSON-like escapes, and ${ and %{ start template
 * interpolation unless doubled. */
static void
filter_hcl(const char *s, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if ((ch == '$' || ch == '%') && i + 1 < n && s[i + 1] == '{') {
			sb_addc(out, (char)ch);
			sb_addc(out, (char)ch);
			continue;
		}
		switch (ch) {
		case '"': sb_add(out, "\\\""); break;
		case '\\': sb_add(out, "\\\\"); break;
		case '\n': sb_add(out, "\\n"); break;
		case '\r': sb_add(out, "\\r"); break;
		case '\t': sb_add(out, "\\t"); break;
		default:
			if (ch < 0x20 || ch >= 0x7f)
				add_u00(out, ch);
			else
				sb_addc(out, (char)ch);
		}
	}
}

static void
filter_url(const char *s, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || strchr("-._~", ch)) {
			sb_addc(out, (char)ch);
		} else {
			sb_addc(out, '%');
			sb_addc(out, hex[ch >> 4]);
			sb_addc(out, hex[ch & 15]);
		}
	}
}

static void
filter_ident(const char *s, size_t n, struct strbuf *out)
{
	if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
			s[0] == '_'))
		sb_addc(out, '_');
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      ch == '_' || ch == '-'))
			ch = '_';
		sb_addc(out, ch);
	}
}

/* Drop the final '.' of a name, but not an escaped one ("a\."). */
static void
filter_nodot(const char *s, size_t n, struct strbuf *out)
{
	size_t bs = 0;
	if (n > 0 && s[n - 1] == '.') {
		while (bs + 1 < n && s[n - 2 - bs] == '\\')
			bs++;
		if (bs % 2 == 0)
			n--;
	}
	sb_addn(out, s, n);
}

static void
filter_lower(const char *s, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n; i++)
		sb_addc(out, (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i]);
}

/* Zone-file escapes (\X and \DDD) back to the bytes they stand for: CAA
 * values are kept escaped (change.h), APIs want them raw. */
static void
filter_unzone(const char *s, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\' || i + 1 == n) {
			sb_addc(out, s[i]);
			continue;
		}
		if (i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '2' &&
		    s[i + 2] >= '0' && s[i + 2] <= '9' && s[i + 3] >= '0' && s[i + 3] <= '9') {
			int v = (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
			if (v <= 255) {
				sb_addc(out, (char)v);
				i += 3;
				continue;
			}
		}
		sb_addc(out, s[++i]);
	}
}

/* ---- renderer ----------------------------------------------------------- */

struct frame {
	const struct template_data *data;
	bool is_item;
	bool first, last;
	char index[24];
};

struct render {
	const struct template_maps *maps;
	struct strbuf *out;
	size_t start;
	struct frame frames[TEMPLATE_MAX_DEPTH + 2];
	int depth;
	char *err;
	size_t errlen;
};

struct val {
	enum val_kind kind;
	const char *str;
	size_t len;
	bool b;
	struct template_data *const *items;
	size_t n_items;
};

static bool
lookup_meta(const struct frame *f, const char *name, struct val *v)
{
	if (!f->is_item)
		return false;
	if (!strcmp(name, "first") || !strcmp(name, "last")) {
		v->kind = V_BOOL;
		v->b = name[0] == 'f' ? f->first : f->last;
		return true;
	}
	if (!strcmp(name, "index")) {
		v->kind = V_STR;
		v->str = f->index;
		v->len = strlen(f->index);
		return true;
	}
	return false;
}

static bool
lookup(const struct render *r, const char *name, struct val *v)
{
	memset(v, 0, sizeof *v);
	for (int i = r->depth; i >= 0; i--) {
		const struct frame *f = &r->frames[i];
		if (lookup_meta(f, name, v))
			return true;
		/* An item's parent is already below it on the stack; only the
		 * data rendered from falls back to its own parents. */
		for (const struct template_data *d = f->data; d;
		     d = f->is_item ? NULL : d->parent) {
			const struct field *fl = find_field(d, name, strlen(name));
			if (!fl)
				continue;
			v->kind = fl->kind;
			v->str = fl->str;
			v->len = fl->len;
			v->b = fl->b;
			v->items = fl->items;
			v->n_items = fl->n_items;
			return true;
		}
	}
	return false;
}

static bool
out_full(struct render *r)
{
	return r->out->truncated || r->out->len - r->start > TEMPLATE_OUTPUT_MAX;
}

static int
fail_full(struct render *r, int line)
{
	seterr(r->err, r->errlen, line, _("output longer than %u bytes"),
	       (unsigned)TEMPLATE_OUTPUT_MAX);
	return -1;
}

static int
apply_map(struct render *r, const struct node *n, const struct filter *f,
	  const char *s, size_t len, struct strbuf *to)
{
	const struct map *map = find_map(r->maps, f->arg, strlen(f->arg));
	if (!map) {
		seterr(r->err, r->errlen, n->line, _("no map called \"%s\""), f->arg);
		return -1;
	}
	const struct map_entry *e = find_entry(map, s, len);
	if (!e)
		e = find_entry(map, "*", 1);
	if (!e) {
		seterr(r->err, r->errlen, n->line, _("map \"%s\" has no entry for \"%.*s\""),
		       f->arg, (int)(len > 64 ? 64 : len), s);
		return -1;
	}
	sb_add(to, e->value);
	return 0;
}

static int
apply_filter(struct render *r, const struct node *n, const struct filter *f,
	     const char *s, size_t len, struct strbuf *to)
{
	switch (f->kind) {
	case F_JSON: filter_json(s, len, to); break;
	case F_SH: filter_sh(s, len, to); break;
	case F_HCL: filter_hcl(s, len, to); break;
	case F_URL: filter_url(s, len, to); break;
	case F_IDENT: filter_ident(s, len, to); break;
	case F_NODOT: filter_nodot(s, len, to); break;
	case F_LOWER: filter_lower(s, len, to); break;
	case F_UNZONE: filter_unzone(s, len, to); break;
	case F_MAP: return apply_map(r, n, f, s, len, to);
	}
	return 0;
}

static int
render_var(struct render *r, const struct node *n)
{
	struct val v;
	if (!lookup(r, n->text, &v)) {
		seterr(r->err, r->errlen, n->line, _("unknown variable \"%s\""), n->text);
		return -1;
	}
	if (v.kind == V_LIST) {
		seterr(r->err, r->errlen, n->line,
		       _("\"%s\" is a list: use {{#%s}}...{{/%s}}"), n->text, n->text, n->text);
		return -1;
	}
	if (v.kind == V_BOOL) {
		v.str = v.b ? "true" : "false";
		v.len = strlen(v.str);
	}
	/* Filters run through two scratch buffers capped like the output. */
	struct strbuf a, b;
	sb_init_limit(&a, TEMPLATE_OUTPUT_MAX);
	sb_init_limit(&b, TEMPLATE_OUTPUT_MAX);
	sb_addn(&a, v.str, v.len);
	int rc = 0;
	for (size_t i = 0; i < n->n_filters && rc == 0; i++) {
		sb_reset(&b);
		rc = apply_filter(r, n, &n->filters[i], a.buf, a.len, &b);
		struct strbuf tmp = a;
		a = b;
		b = tmp;
		if (a.truncated)
			rc = fail_full(r, n->line);
	}
	if (rc == 0)
		sb_addn(r->out, a.buf, a.len);
	sb_free(&a);
	sb_free(&b);
	return rc;
}

static int render_nodes(struct render *r, const struct node *nodes, size_t n);

static bool
truthy(const struct val *v)
{
	switch (v->kind) {
	case V_STR: return v->len > 0;
	case V_BOOL: return v->b;
	case V_LIST: return v->n_items > 0;
	}
	return false;
}

static int
render_items(struct render *r, const struct node *n, const struct val *v)
{
	for (size_t i = 0; i < v->n_items; i++) {
		struct frame *f = &r->frames[++r->depth];
		f->data = v->items[i];
		f->is_item = true;
		f->first = i == 0;
		f->last = i + 1 == v->n_items;
		snprintf(f->index, sizeof f->index, "%zu", i + 1);
		int rc = render_nodes(r, n->children, n->n_children);
		r->depth--;
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
render_section(struct render *r, const struct node *n)
{
	struct val v;
	if (!lookup(r, n->text, &v)) {
		seterr(r->err, r->errlen, n->line, _("unknown variable \"%s\""), n->text);
		return -1;
	}
	bool on = truthy(&v);
	if (n->kind == N_INVERTED)
		return on ? 0 : render_nodes(r, n->children, n->n_children);
	if (!on)
		return 0;
	if (v.kind == V_LIST)
		return render_items(r, n, &v);
	return render_nodes(r, n->children, n->n_children);
}

static int
render_nodes(struct render *r, const struct node *nodes, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const struct node *n = &nodes[i];
		int rc = 0;
		switch (n->kind) {
		case N_TEXT: sb_addn(r->out, n->text, n->len); break;
		case N_VAR: rc = render_var(r, n); break;
		case N_SECTION:
		case N_INVERTED: rc = render_section(r, n); break;
		}
		if (rc < 0)
			return rc;
		if (out_full(r))
			return fail_full(r, n->line);
	}
	return 0;
}

int
template_render(const struct template *t, const struct template_data *data,
		const struct template_maps *maps, struct strbuf *out, char *err,
		size_t errlen)
{
	struct render r = {
		.maps = maps, .out = out, .start = out->len, .err = err, .errlen = errlen,
	};

	r.frames[0].data = data;
	return render_nodes(&r, t->root.children, t->root.n_children);
}
