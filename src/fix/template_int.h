/* What the pieces of the template engine share and nobody else sees: the
 * data tree and the maps (template_data.c, template_maps.c), the compiled
 * form that template_compile.c builds and template_render.c walks, and the
 * filters (template_filters.c). The language itself is in template.h. */
#ifndef ACMD_TEMPLATE_INT_H
#define ACMD_TEMPLATE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "fix/template.h"

struct strbuf;

/* ---- data tree (template_data.c) ---------------------------------------- */

enum val_kind { V_STR, V_BOOL, V_LIST };

struct field {
	char *name;
	size_t name_len;
	enum val_kind kind;
	char *str;
	size_t len;
	bool b;
	struct template_data **items;
	size_t n_items, alloc_items;
};

/* A tree lives in one arena: its objects, names, values and arrays are
 * carved from a few blocks and go at once with the tree (a fix rendered
 * for four providers builds hundreds of fields, thousands in a fleet). */
struct arena;

struct template_data {
	const struct template_data *parent;
	struct arena *arena;   /* the tree's; owned by the root */
	bool owns_arena;
	struct field *fields;
	size_t n_fields, alloc_fields;
};

/* The field called exactly [name, name + len) of d itself (not of its
 * parents), or NULL. */
struct field *template_find_field(const struct template_data *d,
				  const char *name, size_t len);

/* ---- maps (template_maps.c) --------------------------------------------- */

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

/* The map called [name, name + len), or NULL; m may be NULL. */
struct map *template_find_map(const struct template_maps *m, const char *name,
			      size_t len);
/* The entry for key (compared case-insensitively), or NULL. */
struct map_entry *template_find_entry(const struct map *map, const char *key,
				      size_t len);

/* ---- compiled form (template_compile.c) --------------------------------- */

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

/* Set err to "line N: message", the form of every compile and render error. */
void template_error(char *err, size_t errlen, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* ---- filters (template_filters.c) --------------------------------------- */

/* The filter called [name, name + len); false if there is none. */
bool template_filter_lookup(const char *name, size_t len, enum filter_kind *kind);
/* Append s[0..n) passed through the filter kind to out. F_MAP needs the
 * render's maps and is applied by template_render.c, never here. */
void template_filter_apply(enum filter_kind kind, const char *s, size_t n,
			   struct strbuf *out);

#endif
