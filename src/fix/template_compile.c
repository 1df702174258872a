/* The template compiler: text with {{tags}} to the tree of nodes that
 * template_render.c walks. Every problem (an unbalanced section, a bad name,
 * an unknown filter) is found here, with its line, so that a provider file
 * that loads cannot fail on its syntax later. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "fix/template_int.h"
#include "core/xalloc.h"

/* ---- compiled form ------------------------------------------------------ */

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

void
template_error(char *err, size_t errlen, int line, const char *fmt, ...)
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

static int
parse_filter(struct compiler *c, struct node *n, const char *s, const char *e,
	     int line)
{
	trim(&s, &e);
	const char *colon = memchr(s, ':', (size_t)(e - s));
	const char *name_end = colon ? colon : e;
	enum filter_kind kind;
	if (!template_filter_lookup(s, (size_t)(name_end - s), &kind)) {
		template_error(c->err, c->errlen, line, _("unknown filter \"%.*s\""),
			       (int)(name_end - s), s);
		return -1;
	}
	bool wants_arg = kind == F_MAP;
	const char *arg = colon ? colon + 1 : e;
	if (wants_arg != (colon != NULL) || (colon && !valid_name(arg, e))) {
		template_error(c->err, c->errlen, line, _("bad argument to filter \"%.*s\""),
			       (int)(name_end - s), s);
		return -1;
	}
	n->filters = xrealloc(n->filters, (n->n_filters + 1) * sizeof *n->filters);
	struct filter *f = &n->filters[n->n_filters++];
	f->kind = kind;
	f->arg = colon ? xstrndup(arg, (size_t)(e - arg)) : NULL;
	return 0;
}

static int
add_var(struct compiler *c, const char *s, const char *e, int line)
{
	const char *bar = memchr(s, '|', (size_t)(e - s));
	const char *name_end = bar ? bar : e;
	const char *ns = s;
	trim(&ns, &name_end);
	if (!valid_name(ns, name_end)) {
		template_error(c->err, c->errlen, line, _("bad variable name \"%.*s\""),
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
		template_error(c->err, c->errlen, line, _("bad section name \"%.*s\""),
			       (int)(e - s), s);
		return -1;
	}
	if (c->depth >= TEMPLATE_MAX_DEPTH) {
		template_error(c->err, c->errlen, line, _("sections nested too deeply"));
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
		template_error(c->err, c->errlen, line, _("{{/%.*s}} without an open section"),
			       (int)(e - s), s);
		return -1;
	}
	struct node *open = c->stack[c->depth];
	if (strlen(open->text) != (size_t)(e - s) ||
	    memcmp(open->text, s, (size_t)(e - s)) != 0) {
		template_error(c->err, c->errlen, line,
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
			template_error(c->err, c->errlen, line, _("unterminated {{"));
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
		template_error(c->err, c->errlen, open->line,
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
		template_error(err, errlen, first_line, _("NUL byte in template"));
		template_free(t);
		return NULL;
	}
	if (compile_all(&c) < 0) {
		template_free(t);
		return NULL;
	}
	return t;
}
