/* The data tree a template renders from: objects of named strings,
 * booleans and lists of objects, each object knowing its parent so that
 * names not found in a list item are found around it. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix/template_int.h"
#include "core/arena.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

static struct template_data *
data_in(struct arena *a, const struct template_data *parent)
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
	struct arena *a = xcalloc(1, sizeof *a);
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
	arena_clear(d->arena);
	free(d->arena);
}

/* Room for one more element in an arena array (doubling, copied). */
static void *
arena_grow(struct arena *a, void *v, size_t *alloc, size_t need, size_t size)
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
	char buf[STR_INT_MAX];
	template_set_str(d, name, str_uint(buf, v));
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
