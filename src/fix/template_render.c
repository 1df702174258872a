/* The template renderer: walks a compiled template (template_compile.c)
 * over a data tree, keeping a stack of list items for name lookup, and
 * stops with an error instead of writing more than TEMPLATE_OUTPUT_MAX. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/strbuf.h"
#include "fix/template_int.h"

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
			const struct field *fl = template_find_field(d, name, strlen(name));
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
	template_error(r->err, r->errlen, line, _("output longer than %u bytes"),
		       (unsigned)TEMPLATE_OUTPUT_MAX);
	return -1;
}

static int
apply_map(struct render *r, const struct node *n, const struct filter *f,
	  const char *s, size_t len, struct strbuf *to)
{
	const struct map *map = template_find_map(r->maps, f->arg, strlen(f->arg));
	if (!map) {
		template_error(r->err, r->errlen, n->line, _("no map called \"%s\""), f->arg);
		return -1;
	}
	const struct map_entry *e = template_find_entry(map, s, len);
	if (!e)
		e = template_find_entry(map, "*", 1);
	if (!e) {
		template_error(r->err, r->errlen, n->line, _("map \"%s\" has no entry for \"%.*s\""),
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
	if (f->kind == F_MAP)
		return apply_map(r, n, f, s, len, to);
	template_filter_apply(f->kind, s, len, to);
	return 0;
}

static int
render_var(struct render *r, const struct node *n)
{
	struct val v;
	if (!lookup(r, n->text, &v)) {
		template_error(r->err, r->errlen, n->line, _("unknown variable \"%s\""), n->text);
		return -1;
	}
	if (v.kind == V_LIST) {
		template_error(r->err, r->errlen, n->line,
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
	if (rc == 0 && memchr(a.buf, '\0', a.len)) {
		/* It would cut the text short wherever it goes. */
		template_error(r->err, r->errlen, n->line,
			       _("the value of \"%s\" holds a NUL byte, which cannot be written here"), n->text);
		rc = -1;
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
		template_error(r->err, r->errlen, n->line, _("unknown variable \"%s\""), n->text);
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
