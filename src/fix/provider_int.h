/* What the pieces of the provider catalogue share and nobody else sees: a
 * parsed provider file (provider_parse.c), the catalogue of all of them
 * (provider_catalogue.c), which provider_detect.c and provider_render.c
 * read. The file format and the public interface are in provider.h. */
#ifndef ACMD_PROVIDER_INT_H
#define ACMD_PROVIDER_INT_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "fix/provider.h"

struct template;
struct template_maps;

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

/* ---- one file (provider_parse.c) ---------------------------------------- */

/* Parse the provider file called file ("providers/<id>.tmpl"), len bytes of
 * text. NULL with err set ("file:line: message" or "file: message") if it
 * does not parse or does not check out. */
struct provider *provider_parse(const char *file, const char *text, size_t len,
				char *err, size_t errlen);
void provider_free(struct provider *p);
/* p's own template for format and type (NULL: the frame), not looking at
 * "*" templates or up the inherit chain; NULL if p has none. */
const struct tmpl *provider_own_tmpl(const struct provider *p, const char *format,
				     const char *type);
/* Add format to p's list of formats unless it is there already. */
void provider_add_format(struct provider *p, const char *format);

/* ---- the catalogue (provider_catalogue.c) ------------------------------- */

/* Load every provider file, once; later calls do nothing. */
void provider_load_all(void);
/* The frame for a format whose provider has none: each RRset's text on a
 * line of its own. */
const struct template *provider_default_frame(void);

#endif
