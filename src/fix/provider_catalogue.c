/* The provider catalogue: every file data/providers/<id>.tmpl, loaded once on
 * first use and freed at exit, with inherit: links resolved, and the
 * lookups and accessors of provider.h. A file that does not load is left
 * out and its problem kept for provider_load_error. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/datafile.h"
#include "core/i18n.h"
#include "fix/provider_int.h"
#include "fix/template.h"
#include "core/xalloc.h"

static struct provider **providers;
static size_t n_providers;
static bool loaded;
static char load_error[512];
static struct template *default_frame;

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
			provider_add_format(p, q->tmpls[i].format);
}

/* One file; a file that does not parse is left out, noting why. */
static void
load_file(const char *file)
{
	size_t len;
	const char *text = datafile_get(file, &len);
	if (!text)
		return;
	char err[sizeof load_error];
	struct provider *p = provider_parse(file, text, len, err, sizeof err);
	if (p)
		add_provider(p);
	else
		note_error("%s", err);
}

void
provider_load_all(void)
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
		load_file(file);
	}
	for (size_t i = 0; i < n_providers; i++)
		resolve_inherit(providers[i]);
	for (size_t i = 0; i < n_providers; i++)
		inherit_formats(providers[i]);
}

const struct template *
provider_default_frame(void)
{
	provider_load_all();
	return default_frame;
}

/* ---- lookups ------------------------------------------------------------ */

const char *
provider_load_error(void)
{
	provider_load_all();
	return load_error[0] ? load_error : NULL;
}

size_t
provider_count(void)
{
	provider_load_all();
	return n_providers;
}

const struct provider *
provider_at(size_t i)
{
	provider_load_all();
	return i < n_providers ? providers[i] : NULL;
}

const struct provider *
provider_get(const char *id)
{
	provider_load_all();
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
