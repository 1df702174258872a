#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/datafile.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"

/* Files read from $ACM_DOCTOR_DATADIR live as long as the program. */
struct loaded {
	char *name;
	char *text;
	size_t len;
	struct loaded *next;
};
static struct loaded *loaded;

static void
free_loaded(void)
{
	while (loaded) {
		struct loaded *n = loaded->next;
		free(loaded->name);
		free(loaded->text);
		free(loaded);
		loaded = n;
	}
}

static const char *
load_override(const char *dir, const char *name, size_t *len)
{
	for (struct loaded *l = loaded; l; l = l->next)
		if (!strcmp(l->name, name)) {
			if (len)
				*len = l->len;
			return l->text;
		}
	struct strbuf path, body;
	sb_init(&path);
	sb_addf(&path, "%s/%s", dir, name);
	FILE *f = fopen(path.buf, "r");
	sb_free(&path);
	if (!f)
		return NULL;
	sb_init_limit(&body, 4u * 1024u * 1024u);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		sb_addn(&body, chunk, n);
	fclose(f);
	if (!loaded)
		atexit(free_loaded);
	struct loaded *l = xcalloc(1, sizeof *l);
	l->name = xstrdup(name);
	l->len = body.len;
	l->text = sb_steal(&body);
	sb_free(&body);
	l->next = loaded;
	loaded = l;
	if (len)
		*len = l->len;
	return l->text;
}

const char *
datafile_get(const char *name, size_t *len)
{
	const char *dir = getenv("ACM_DOCTOR_DATADIR");
	if (dir && *dir) {
		const char *t = load_override(dir, name, len);
		if (t)
			return t;
	}
	for (const struct data_file *d = data_files; d->name; d++)
		if (!strcmp(d->name, name)) {
			if (len)
				*len = d->len;
			return d->text;
		}
	return NULL;
}

const char *
datafile_next(const char *prefix, size_t *cursor)
{
	size_t plen = strlen(prefix);
	while (data_files[*cursor].name) {
		const char *name = data_files[(*cursor)++].name;
		if (!strncmp(name, prefix, plen))
			return name;
	}
	return NULL;
}

bool
datafile_each_line(const char *name, bool (*line)(void *ctx, char *kw, char *val), void *ctx)
{
	size_t len;
	const char *text = datafile_get(name, &len);
	if (!text)
		return false;
	bool ok = true;
	for (const char *p = text, *end = text + len; p < end && ok;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		char *copy = xstrndup(p, (size_t)(eol - p));
		p = eol + 1;
		char *kw = copy + strspn(copy, " \t");
		if (*kw && *kw != '#') {
			char *val = kw + strcspn(kw, " \t");
			if (*val)
				*val++ = '\0';
			val += strspn(val, " \t");
			val[strcspn(val, "\r")] = '\0';
			ok = line(ctx, kw, val);
		}
		free(copy);
	}
	return ok;
}

char **
datafile_values(const char *name, const char *keyword, size_t *n)
{
	size_t len, klen = strlen(keyword);
	const char *text = datafile_get(name, &len);
	char **out = NULL;
	*n = 0;
	if (!text)
		return NULL;
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		if ((size_t)(eol - p) > klen && !strncmp(p, keyword, klen) &&
		    (p[klen] == ' ' || p[klen] == '\t')) {
			const char *v = p + klen;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			const char *ve = eol;
			while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r'))
				ve--;
			if (ve > v) {
				char *value = xstrndup(v, (size_t)(ve - v));
				strv_push(&out, n, value);
				free(value);
			}
		}
		p = eol + 1;
	}
	return out;
}

void
datafile_values_free(char **v, size_t n)
{
	strv_free(v, n);
}

char *
datafile_words(const char *text)
{
	struct strbuf sb;
	sb_init_limit(&sb, 4096);
	bool gap = false;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		unsigned char c = *p;
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (!alnum) {
			gap = sb.len > 0;
			continue;
		}
		if (gap)
			sb_addc(&sb, '_');
		gap = false;
		sb_addc(&sb, (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
	}
	return sb_steal(&sb);
}

bool
datafile_words_match(const char *words, const char *match)
{
	return !strcmp(words, match) || (strlen(match) >= DATAFILE_PART_MATCH_MIN && strstr(words, match));
}
