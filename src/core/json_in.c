/* JSON text from outside (core/json_in.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/json_in.h"
#include "core/strbuf.h"

void
json_in_where(const char *buf, size_t off, char *out, size_t outlen)
{
	size_t line = 1, col = 1;
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	snprintf(out, outlen, _("byte %zu (line %zu, column %zu)"), off, line, col);
}

const char *
json_in_kind(const cJSON *j)
{
	if (cJSON_IsObject(j))
		return _("an object");
	if (cJSON_IsArray(j))
		return _("an array");
	if (cJSON_IsString(j))
		return _("a string");
	if (cJSON_IsNumber(j))
		return _("a number");
	if (cJSON_IsBool(j))
		return _("a boolean");
	return _("null");
}

static cJSON *
fail_at(const char *buf, size_t off, const char *what, char *err, size_t errlen)
{
	char where[96];
	json_in_where(buf, off, where, sizeof where);
	snprintf(err, errlen, "%s: %s", where, what);
	return NULL;
}

/* Everything cJSON would accept but we do not want, found with its place:
 * NUL bytes, \u0000, and nesting deeper than any real output (cJSON itself
 * recurses up to 1000 levels). Returns the offset of the problem, or len. */
static size_t
prescan(const char *buf, size_t len, int max_depth, const char **what, bool *unclosed)
{
	static char deep[128];
	int depth = 0;
	bool in_str = false;
	for (size_t i = 0; i < len; i++) {
		char ch = buf[i];
		if (ch == '\0') {
			*what = _("a NUL byte: this is not JSON text");
			return i;
		}
		if (in_str) {
			if (ch == '\\' && i + 5 < len && buf[i + 1] == 'u' && !memcmp(buf + i + 2, "0000", 4)) {
				*what = _("\\u0000 (a NUL character) in a string: no field of this input holds one");
				return i;
			}
			if (ch == '\\' && i + 1 < len)
				i++;
			else if (ch == '"')
				in_str = false;
		} else if (ch == '"') {
			in_str = true;
		} else if (ch == '{' || ch == '[') {
			if (++depth > max_depth) {
				snprintf(deep, sizeof deep, _("nested deeper than %d levels"), max_depth);
				*what = deep;
				return i;
			}
		} else if (ch == '}' || ch == ']') {
			depth--;
		}
	}
	*unclosed = in_str || depth > 0;
	return len;
}

static bool
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static size_t
skip_space(const char *buf, size_t len, size_t i)
{
	if (i == 0 && len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < len && is_space(buf[i]))
		i++;
	return i;
}

cJSON *
json_in_parse(const char *buf, size_t len, const struct json_in_opts *o, char *err, size_t errlen)
{
	if (len > o->max_len) {
		snprintf(err, errlen, _("%s: the input is %zu bytes; at most %zu are accepted"),
			 _("(top level)"), len, o->max_len);
		return NULL;
	}
	size_t start = skip_space(buf, len, 0);
	if (start == len) {
		snprintf(err, errlen, _("%s: empty input: expected %s"), _("(top level)"), o->expected);
		return NULL;
	}
	if (buf[start] != '{' && buf[start] != '[')
		return fail_at(buf, start, _("not JSON; run aws with --output json"), err, errlen);
	bool unclosed = false;
	const char *what = NULL;
	size_t bad = prescan(buf, len, o->max_depth, &what, &unclosed);
	if (bad < len)
		return fail_at(buf, bad, what, err, errlen);
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(buf, len, &end, false);
	size_t off = end && end >= buf && end <= buf + len ? (size_t)(end - buf) : len;
	if (!root) {
		/* A cut file: its end is the place to show, wherever cJSON stopped. */
		if (unclosed || skip_space(buf, len, off) >= len)
			return fail_at(buf, len, _("the JSON ends too early (truncated?)"), err, errlen);
		return fail_at(buf, off, _("JSON syntax error"), err, errlen);
	}
	off = skip_space(buf, len, off);
	if (off < len) {
		cJSON_Delete(root);
		return fail_at(buf, off, _("more text after the end of the JSON value"), err, errlen);
	}
	return root;
}

bool
json_in_read(const char *path, size_t max, const char *too_big, struct strbuf *out,
	     char *err, size_t errlen)
{
	bool is_stdin = !strcmp(path, "-");
	sb_init_limit(out, max);
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s", strerror(errno));
		return false;
	}
	/* The cap applies while reading, so /dev/zero cannot exhaust memory. */
	char chunk[64 * 1024];
	size_t n;
	errno = 0;
	while (!out->truncated && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		sb_addn(out, chunk, n);
	bool read_err = ferror(f);
	int read_errno = errno;     /* a directory: EISDIR, said as such */
	if (!is_stdin)
		fclose(f);
	if (read_err && read_errno)
		snprintf(err, errlen, "%s", strerror(read_errno));
	else if (read_err)
		snprintf(err, errlen, "%s", _("read error"));
	else if (out->truncated)
		snprintf(err, errlen, "%s", too_big);
	return !read_err && !out->truncated;
}
