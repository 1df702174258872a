/* An HTTP response head, line by line (net/http_parse.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/sanitize.h"
#include "core/xalloc.h"
#include "net/http_parse.h"

void
http_head_clear(struct http_head *h)
{
	for (size_t i = 0; i < h->n_fields; i++) {
		free(h->fields[i].name);
		free(h->fields[i].value);
	}
	free(h->fields);
	free(h->version);
	free(h->reason);
	memset(h, 0, sizeof *h);
}

static bool
is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-.^_`|~", c));
}

static bool
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* "HTTP/1.1 403 Forbidden", "HTTP/2 200": a version, three digits, a reason. */
static bool
status_line(struct http_head *h, const char *s, size_t n)
{
	if (n < 10 || strncmp(s, "HTTP/", 5))
		return false;
	size_t v = 5;
	while (v < n && v < 9 && ((s[v] >= '0' && s[v] <= '9') || s[v] == '.'))
		v++;
	if (v == 5 || v >= n || s[v] != ' ' || n < v + 4)
		return false;
	const char *code = s + v + 1;
	for (int i = 0; i < 3; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	if (n > v + 4 && code[3] != ' ')
		return false;
	int status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
	if (status < 100)
		return false;
	size_t keep_bytes = h->bytes;
	int heads = h->heads;
	http_head_clear(h);
	h->bytes = keep_bytes;
	h->heads = heads + 1;
	h->status = status;
	h->version = xstrndup(s, v);
	size_t r = v + 4 + (n > v + 4);
	h->reason = san_text(s + r, n > r ? n - r : 0, 128, 0);
	return true;
}

/* An obsolete continuation line (RFC 9112 5.2): one more piece of the last
 * value, joined with a space. */
static void
continuation(struct http_head *h, const char *s, size_t n)
{
	if (!h->n_fields) {
		h->omitted++;
		return;
	}
	struct http_field *f = &h->fields[h->n_fields - 1];
	size_t old = strlen(f->value);
	if (old >= HTTP_MAX_VALUE)
		return;
	char *joined = xmalloc(old + 1 + n + 1);
	memcpy(joined, f->value, old);
	joined[old] = ' ';
	memcpy(joined + old + 1, s, n);
	joined[old + 1 + n] = '\0';
	free(f->value);
	f->value = san_str(joined, HTTP_MAX_VALUE, 0);
	free(joined);
}

static void
field(struct http_head *h, const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && is_tchar((unsigned char)s[k]))
		k++;
	/* A name is a token right before its colon (no blank between). */
	if (k == 0 || k >= n || s[k] != ':' || k > HTTP_MAX_NAME || h->n_fields >= HTTP_MAX_FIELDS) {
		h->omitted++;
		return;
	}
	size_t v = k + 1, e = n;
	while (v < e && is_ows(s[v]))
		v++;
	while (e > v && is_ows(s[e - 1]))
		e--;
	h->fields = xgrow(h->fields, &h->alloc, h->n_fields + 1, sizeof *h->fields);
	struct http_field *f = &h->fields[h->n_fields++];
	f->name = xstrndup(s, k);
	for (char *p = f->name; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	f->value = san_text(s + v, e - v, HTTP_MAX_VALUE, 0);
}

enum http_line
http_head_line(struct http_head *h, const char *line, size_t len)
{
	h->bytes += len;
	if (h->bytes > HTTP_MAX_HEAD_BYTES)
		return HTTP_LINE_TOO_BIG;
	size_t n = len;
	if (n && line[n - 1] == '\n')
		n--;
	if (n && line[n - 1] == '\r')
		n--;
	if (status_line(h, line, n))
		return HTTP_LINE_STATUS;
	if (!h->status)
		return HTTP_LINE_BAD;
	if (n == 0) {
		h->bytes = 0;
		return HTTP_LINE_END;
	}
	if (is_ows(line[0]))
		continuation(h, line + 1, n - 1);
	else
		field(h, line, n);
	return HTTP_LINE_FIELD;
}

const char *
http_head_get(const struct http_head *h, const char *name)
{
	for (size_t i = 0; i < h->n_fields; i++)
		if (!strcasecmp(h->fields[i].name, name))
			return h->fields[i].value;
	return NULL;
}

void
http_head_copy(struct http_head *dst, const struct http_head *src)
{
	*dst = *src;
	dst->version = src->version ? xstrdup(src->version) : NULL;
	dst->reason = src->reason ? xstrdup(src->reason) : NULL;
	dst->fields = src->n_fields ? xcalloc(src->n_fields, sizeof *dst->fields) : NULL;
	dst->alloc = src->n_fields;
	for (size_t i = 0; i < src->n_fields; i++) {
		dst->fields[i].name = xstrdup(src->fields[i].name);
		dst->fields[i].value = xstrdup(src->fields[i].value);
	}
}
