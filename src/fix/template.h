/* A small mustache-like template engine for the fix renderings.
 *
 * The provider files (data/providers/) hold the text a user pastes: dashboard
 * fields, curl calls, Terraform, zone-file lines. This engine fills them from
 * a data tree, so a correction to a provider's wording is a data change.
 *
 * Language:
 *   {{name}}              the string value of name (no escaping by default)
 *   {{name|f1|f2}}        the value passed through filters, left to right:
 *                         json   content of a JSON string (\" \\ \n \uXXXX);
 *                                also right for jq string literals; each
 *                                character outside printable ASCII becomes
 *                                its code point (\u00E9; a surrogate pair
 *                                above U+FFFF), a byte that is not UTF-8
 *                                \u00XX
 *                         sh     content of a shell '...' string (' -> '\'')
 *                         hcl    content of an HCL "..." string, escaped as
 *                                json but \UNNNNNNNN above U+FFFF (also ${
 *                                and %{ are doubled so they stay literal)
 *                         url    percent-encoding of all but A-Za-z0-9-._~
 *                         ident  a Terraform/HCL identifier: lower case,
 *                                anything else than [a-z0-9_-] becomes _
 *                         nodot  drops one trailing '.'
 *                         lower  ASCII lower case
 *                         unzone zone-file escapes (\" \\ \DDD) decoded
 *                         map:M  the entry for the value in map M (keys
 *                                compare case-insensitively; a "*" entry is
 *                                the default; no entry is an error)
 *   {{#name}}...{{/name}} a section: a list repeats its body once per item,
 *                         with the item's fields in scope; true or a
 *                         non-empty string renders the body once; false, an
 *                         empty list or "" renders nothing
 *   {{^name}}...{{/name}} inverted: renders once exactly when {{#name}} would
 *                         render nothing
 *   {{! comment }}        nothing
 * Inside a list item, first, last (booleans) and index (1-based) are defined,
 * so separators are written {{^last}},{{/last}}. Names are looked up from the
 * innermost item outwards, then in the parent data. A line holding nothing
 * but one section, inverted, closing or comment tag (and blanks) disappears
 * entirely, newline included, so templates can be laid out readably.
 * A "{{" preceded by more "{" leaves the extra braces as text.
 *
 * Unknown names, unknown filters, unbalanced sections, oversize output and a
 * value that would print a NUL byte (say {{x|unzone}} of "\000": no shell,
 * JSON or terminal text can carry it) are errors that carry a line number; nothing in a template or in the data can
 * crash the renderer or make it allocate without bound. */
#ifndef ACMD_TEMPLATE_H
#define ACMD_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;
struct template;
struct template_data;
struct template_maps;

/* Sections nest at most this deep. */
#define TEMPLATE_MAX_DEPTH 16
/* Default cap on what one render may append. */
#define TEMPLATE_OUTPUT_MAX (1024u * 1024u)

/* Compile len bytes of text; first_line is the line number of its first line
 * in the file it came from (for messages). NULL with err set on error. */
struct template *template_compile(const char *text, size_t len, int first_line,
				  char *err, size_t errlen);
void template_free(struct template *t);

/* The data tree: an object maps names to strings, booleans or lists of
 * objects. A name looked up and not found in an object is looked up in its
 * parent (may be NULL). Setting a name again replaces its value. */
struct template_data *template_data_new(const struct template_data *parent);
void template_data_free(struct template_data *d);
void template_set_str(struct template_data *d, const char *name, const char *value);
void template_set_strn(struct template_data *d, const char *name,
		       const char *value, size_t len);
void template_set_uint(struct template_data *d, const char *name, unsigned long v);
void template_set_bool(struct template_data *d, const char *name, bool value);
/* Make name an empty list (so that sections on it are defined). */
void template_set_list(struct template_data *d, const char *name);
/* Append a new item to the list name (created if needed) and return it; the
 * item belongs to d, and d is its parent. */
struct template_data *template_add_item(struct template_data *d, const char *name);

/* Named maps for the map: filter. */
struct template_maps *template_maps_new(void);
void template_maps_free(struct template_maps *m);
void template_maps_put(struct template_maps *m, const char *map,
		       const char *key, const char *value);
bool template_maps_has(const struct template_maps *m, const char *map);

/* Render t with data into out (appending at most TEMPLATE_OUTPUT_MAX bytes).
 * maps may be NULL. Returns 0, or -1 with err set ("line N: ..."); on error
 * out may hold part of the rendering. */
int template_render(const struct template *t, const struct template_data *data,
		    const struct template_maps *maps, struct strbuf *out,
		    char *err, size_t errlen);

#endif
