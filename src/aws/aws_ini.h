/* The AWS shared files, ~/.aws/config and ~/.aws/credentials, read the way
 * botocore reads them (configparser, raw): "[section]" headers, "key = value"
 * or "key: value" lines with the key in lower case, whole-line comments
 * starting with '#' or ';', and nested keys: a key with an empty value
 * followed by indented "sub = value" lines (as in "[services x]" sections:
 * "acm =" then "  endpoint_url = ..."), kept as "key.sub".
 *
 * The files are the user's, but still parsed defensively: bounded in size
 * and entries, any byte accepted, nothing interpreted. Values may be
 * secrets (aws_secret_access_key): the whole text is wiped when freed. */
#ifndef ACMD_AWS_INI_H
#define ACMD_AWS_INI_H

#include <stdbool.h>
#include <stddef.h>

#define AWS_INI_MAX_BYTES (1024u * 1024u)
#define AWS_INI_MAX_ENTRIES 20000

struct aws_ini;

/* Parse len bytes (need not be NUL-terminated). Never fails: a line that
 * is neither a header, a comment nor key/value is skipped, as are entries
 * beyond the cap; *skipped (may be NULL) counts them. */
struct aws_ini *aws_ini_parse(const char *buf, size_t len, size_t *skipped);
/* Read and parse path. A file that does not exist gives an empty set (the
 * SDKs treat it so); NULL with err set when it exists but cannot be read
 * or is larger than AWS_INI_MAX_BYTES. */
struct aws_ini *aws_ini_load(const char *path, char *err, size_t errlen);
void aws_ini_free(struct aws_ini *ini);

/* The value of key (lower case; "acm.endpoint_url" for a nested key) in
 * section (exactly as written between the brackets, trimmed), or NULL.
 * When a key repeats, the last one counts. */
const char *aws_ini_get(const struct aws_ini *ini, const char *section, const char *key);
bool aws_ini_has_section(const struct aws_ini *ini, const char *section);

#endif
