/* The data tree a template renders from: objects of named strings,
 * booleans and lists of objects, each object knowing its parent so that
 * names not found in a list item are found around it. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix/template_int.h"
#include "core/xalloc.h"

#define ARENA_BLOCK 8192

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
};

struct data_arena {
	struct arena_block *blocks;   /* the current one first */
};

static void *
arena_alloc(struct data_arena *a, size_t n)
{
	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	struct arena_block *b = a->blocks;
	if (!b || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = xmalloc(sizeof *b + size);
		b->used = 0;
		b->size = size;
		b->next = a->blocks;
		a->blocks = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

static char *
arena_strndup(struct data_arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static struct template_data *
data_in(struct data_arena *a, const struct template_data *parent)
{
	struct template_data *d = arena_alloc(a, sizeof *d);
	memset(d, 0, sizeof *d);
	d->parent = parent;
	d->arena = a;
	return d;
}

struct template_data *
template_data_new(const struct template_data *parent)
{
	struct data_arena *a = xcalloc(1, sizeof *a);
	struct template_data *d = data_in(a, parent);
	d->owns_arena = true;
	return d;
}

/* A field emptied: what it held stays in the arena until the tree goes. */
static void
field_clear(struct field *f)
{
	f->str = NULL;
	f->items = NULL;
	f->n_items = f->alloc_items = 0;
	f->len = 0;
}

void
template_data_free(struct template_data *d)
{
	if (!d || !d->owns_arena)
		return;
	struct data_arena *a = d->arena;
	while (a->blocks) {
		struct arena_block *b = a->blocks;
		a->blocks = b->next;
		free(b);
	}
	free(a);
}

/* Room for one more element in an arena array (doubling, copied). */
static void *
arena_grow(struct data_arena *a, void *v, size_t *alloc, size_t need, size_t size)
{
	if (need <= *alloc)
		return v;
	size_t n = *alloc ? *alloc * 2 : 8;
	while (n < need)
		n *= 2;
	void *nv = arena_alloc(a, n * size);
	if (*alloc)
		memcpy(nv, v, *alloc * size);
	*alloc = n;
	return nv;
}

struct field *
template_find_field(const struct template_data *d, const char *name, size_t len)
{
	for (size_t i = 0; i < d->n_fields; i++)
		if (d->fields[i].name_len == len &&
		    memcmp(d->fields[i].name, name, len) == 0)
			return &d->fields[i];
	return NULL;
}

/* The field called name, emptied, ready to take a new value. */
static struct field *
fresh_field(struct template_data *d, const char *name, enum val_kind kind)
{
	size_t len = strlen(name);
	struct field *f = template_find_field(d, name, len);
	if (f) {
		field_clear(f);
	} else {
		d->fields = arena_grow(d->arena, d->fields, &d->alloc_fields, d->n_fields + 1,
				       sizeof *d->fields);
		f = &d->fields[d->n_fields++];
		memset(f, 0, sizeof *f);
		f->name = arena_strndup(d->arena, name, len);
		f->name_len = len;
	}
	f->kind = kind;
	return f;
}

void
template_set_strn(struct template_data *d, const char *name, const char *value,
		  size_t len)
{
	struct field *f = fresh_field(d, name, V_STR);
	f->str = arena_strndup(d->arena, value, len);
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
	struct field *f = template_find_field(d, name, strlen(name));
	if (!f || f->kind != V_LIST)
		f = fresh_field(d, name, V_LIST);
	f->items = arena_grow(d->arena, f->items, &f->alloc_items, f->n_items + 1, sizeof *f->items);
	struct template_data *item = data_in(d->arena, d);
	f->items[f->n_items++] = item;
	return item;
}
