/* JSON text from outside (a file the user saved, a pipe, an HTTP body),
 * checked before cJSON sees it: its size, NUL bytes and \u0000 escapes
 * (cJSON would cut the string there and lose what follows), nesting deeper
 * than any real document, then the syntax, with the place of the first
 * problem as "byte N (line L, column C)". Shared by every reader of AWS
 * output (acm/acm_cert.c, checks/apigw/apigw_domain.c). */
#ifndef ACMD_CORE_JSON_IN_H
#define ACMD_CORE_JSON_IN_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

struct strbuf;

struct json_in_opts {
	size_t max_len;         /* bytes accepted */
	int max_depth;          /* objects and arrays nested */
	const char *expected;   /* for "empty input: expected ...": "the JSON output of aws acm describe-certificate" */
};

/* Parse len bytes; NULL with err set to "WHERE: WHAT" ("(top level): empty
 * input: expected ...", "byte 12 (line 2, column 3): JSON syntax error").
 * The caller frees the tree with cJSON_Delete. */
cJSON *json_in_parse(const char *buf, size_t len, const struct json_in_opts *o,
		     char *err, size_t errlen);

/* Read a whole file, "-" for standard input, into out (initialised here)
 * stopping at max bytes: false with err set when it cannot be opened or
 * read, or is larger (too_big: what to say then, translated). err does not
 * repeat the path: the caller names it once. */
bool json_in_read(const char *path, size_t max, const char *too_big, struct strbuf *out,
		  char *err, size_t errlen);

/* What a value is, for "expected a string, got an array" (translated). */
const char *json_in_kind(const cJSON *j);

/* "byte N (line L, column C)" of offset off in buf. */
void json_in_where(const char *buf, size_t off, char *out, size_t outlen);

#endif
