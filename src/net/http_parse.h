/* An HTTP response head read line by line as it arrives (libcurl hands each
 * raw header line to a callback): the status line, then "Name: value"
 * fields. The server is hostile: a line and the whole head are bounded, a
 * field name must be an RFC 9110 token, values are sanitised for display,
 * and fields beyond the cap are only counted. No network here. */
#ifndef ACMD_NET_HTTP_PARSE_H
#define ACMD_NET_HTTP_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#define HTTP_MAX_FIELDS     100          /* fields kept per response */
#define HTTP_MAX_NAME       64           /* bytes of a field name kept */
#define HTTP_MAX_VALUE      1024         /* bytes of a value kept, then "...[+N bytes]" */
#define HTTP_MAX_HEAD_BYTES (64 * 1024)  /* a head larger than this is refused */

struct http_field {
	char *name;             /* lower case token */
	char *value;            /* trimmed, sanitised (san_text), bounded */
};

struct http_head {
	int status;             /* 0 until a status line came */
	char *version;          /* "HTTP/1.1", "HTTP/2" */
	char *reason;           /* sanitised; "" for HTTP/2 */
	struct http_field *fields;
	size_t n_fields, alloc;
	size_t omitted;         /* fields beyond HTTP_MAX_FIELDS, or not well formed */
	size_t bytes;           /* of this head so far */
	int heads;              /* status lines seen (1xx, redirects followed) */
};

enum http_line {
	HTTP_LINE_STATUS,       /* a status line: a new head starts */
	HTTP_LINE_FIELD,        /* a field, kept or counted in omitted */
	HTTP_LINE_END,          /* the empty line that ends a head */
	HTTP_LINE_BAD,          /* not HTTP: no status line before it, or garbage */
	HTTP_LINE_TOO_BIG,      /* the head passed HTTP_MAX_HEAD_BYTES: stop reading */
};

/* Take one raw line (CRLF or LF at its end optional). A status line forgets
 * the fields of the head before it (an interim 100 Continue, a redirect). */
enum http_line http_head_line(struct http_head *h, const char *line, size_t len);
void http_head_clear(struct http_head *h);
/* The first value of a field (name in any case), or NULL. */
const char *http_head_get(const struct http_head *h, const char *name);
/* A deep copy into dst. */
void http_head_copy(struct http_head *dst, const struct http_head *src);

#endif
