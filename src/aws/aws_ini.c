/* INI files of the AWS tools (see aws_ini.h). One pass over the lines; the
 * entries point into one private copy of the text, wiped at free. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_ini.h"
#include "aws/aws_secret.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/xalloc.h"

struct entry {
	const char *section, *key, *value;
};

struct aws_ini {
	char *text;             /* the copy the entries point into */
	size_t text_len;
	char **owned;           /* "key.sub" names made for nested keys */
	size_t n_owned;
	struct entry *v;
	size_t n, alloc;
};

static char *
trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	char *e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static void
lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

static bool
add(struct aws_ini *ini, const char *section, const char *key, const char *value)
{
	if (ini->n >= AWS_INI_MAX_ENTRIES)
		return false;
	ini->v = xgrow(ini->v, &ini->alloc, ini->n + 1, sizeof *ini->v);
	ini->v[ini->n++] = (struct entry){ section, key, value };
	return true;
}

/* "key = value" or "key: value": the first '=' or ':' splits. */
static bool
split_kv(char *line, char **key, char **value)
{
	char *sep = line + strcspn(line, "=:");
	if (!*sep)
		return false;
	*sep = '\0';
	*key = trim(line);
	*value = trim(sep + 1);
	lower(*key);
	return **key != '\0';
}

struct parse_state {
	const char *section;
	const char *parent;     /* the last key, if its value was empty */
	size_t skipped;
};

static void
parse_line(struct aws_ini *ini, struct parse_state *st, char *line)
{
	bool indented = *line == ' ' || *line == '\t';
	char *t = trim(line);
	char *key, *value;
	if (!*t || *t == '#' || *t == ';')
		return;
	if (indented && st->parent && split_kv(t, &key, &value)) {
		/* a nested key of the key above ("acm =" / "  endpoint_url = x") */
		size_t n = strlen(st->parent) + strlen(key) + 2;
		char *full = xmalloc(n);
		snprintf(full, n, "%s.%s", st->parent, key);
		ini->owned = xrealloc(ini->owned, (ini->n_owned + 1) * sizeof *ini->owned);
		ini->owned[ini->n_owned++] = full;
		if (!add(ini, st->section, full, value))
			st->skipped++;
		return;
	}
	if (indented && st->parent)
		return;         /* a continuation line of a value: not used by any key we read */
	if (*t == '[') {
		char *end = strchr(t, ']');
		st->parent = NULL;
		if (!end) {
			st->skipped++;
			st->section = NULL;
			return;
		}
		*end = '\0';
		st->section = trim(t + 1);
		/* the header itself, so that a section without keys exists */
		if (!add(ini, st->section, "", ""))
			st->skipped++;
		return;
	}
	if (!st->section || !split_kv(t, &key, &value)) {
		st->skipped++;
		st->parent = NULL;
		return;
	}
	st->parent = *value ? NULL : key;
	if (!add(ini, st->section, key, value))
		st->skipped++;
}

struct aws_ini *
aws_ini_parse(const char *buf, size_t len, size_t *skipped)
{
	struct aws_ini *ini = xcalloc(1, sizeof *ini);
	if (len > AWS_INI_MAX_BYTES)
		len = AWS_INI_MAX_BYTES;
	ini->text = xmalloc(len + 1);
	memcpy(ini->text, buf, len);
	ini->text[len] = '\0';
	ini->text_len = len;
	struct parse_state st = { 0 };
	char *p = ini->text, *end = ini->text + len;
	/* A UTF-8 byte order mark is not part of the first header. */
	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *next = nl ? nl + 1 : end;
		if (nl)
			*nl = '\0';
		/* a NUL inside a line ends it: the rest is not text */
		parse_line(ini, &st, p);
		p = next;
	}
	if (skipped)
		*skipped = st.skipped;
	return ini;
}

struct aws_ini *
aws_ini_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (errno == ENOENT || errno == ENOTDIR)
			return aws_ini_parse("", 0, NULL);
		char *q = san_str(path, 200, 0);
		snprintf(err, errlen, "%s: %s", q, strerror(errno));
		free(q);
		return NULL;
	}
	char *buf = xmalloc(AWS_INI_MAX_BYTES + 1);
	errno = 0;
	size_t n = fread(buf, 1, AWS_INI_MAX_BYTES + 1, f);
	bool bad = ferror(f);
	int read_errno = errno;     /* a directory: EISDIR, said as such */
	fclose(f);
	struct aws_ini *ini = NULL;
	char *q = san_str(path, 200, 0);
	if (bad && read_errno)
		snprintf(err, errlen, "%s: %s", q, strerror(read_errno));
	else if (bad)
		snprintf(err, errlen, _("%s: read error"), q);
	else if (n > AWS_INI_MAX_BYTES)
		snprintf(err, errlen, _("%s: larger than %u bytes; not an AWS config file"), q,
			 AWS_INI_MAX_BYTES);
	else
		ini = aws_ini_parse(buf, n, NULL);
	free(q);
	aws_secret_wipe(buf, n < AWS_INI_MAX_BYTES ? n : AWS_INI_MAX_BYTES);
	free(buf);
	return ini;
}

void
aws_ini_free(struct aws_ini *ini)
{
	if (!ini)
		return;
	aws_secret_wipe(ini->text, ini->text_len);
	free(ini->text);
	for (size_t i = 0; i < ini->n_owned; i++)
		free(ini->owned[i]);
	free(ini->owned);
	free(ini->v);
	free(ini);
}

const char *
aws_ini_get(const struct aws_ini *ini, const char *section, const char *key)
{
	for (size_t i = ini ? ini->n : 0; i-- > 0;)
		if (!strcmp(ini->v[i].section, section) && !strcmp(ini->v[i].key, key))
			return ini->v[i].value;
	return NULL;
}

bool
aws_ini_has_section(const struct aws_ini *ini, const char *section)
{
	if (!ini)
		return false;
	for (size_t i = 0; i < ini->n; i++)
		if (!strcmp(ini->v[i].section, section))
			return true;
	return false;
}
