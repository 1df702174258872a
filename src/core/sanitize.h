/* Making hostile text safe for a terminal and for people.
 *
 * Everything that came from the network (DNS data, certificate fields, JSON)
 * goes through here before it is printed or drawn: control characters and
 * escape sequences become visible escapes, bidi controls are neutralised,
 * invalid UTF-8 is shown as \xHH, and the length is bounded with a marker.
 * A backslash is left alone, so text already in zone-file form (\027) keeps
 * its escapes as they are instead of doubling them. */
#ifndef ACMD_SANITIZE_H
#define ACMD_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	SAN_ASCII = 1,      /* escape every non-ASCII character too (non-UTF-8 locale) */
	SAN_MULTILINE = 2,  /* keep newlines and tabs (our own multi-line texts) */
};

/* Sanitise n bytes of s; output at most max bytes of text before the
 * truncation marker " ...[+N bytes]" (max 0: no limit). Caller frees. */
char *san_text(const char *s, size_t n, size_t max, int flags);
/* The same for a NUL-terminated string. */
char *san_str(const char *s, size_t max, int flags);
/* Would san_text(s, n, 0, flags) give s back unchanged because it is
 * printable ASCII only (with SAN_MULTILINE, newlines and tabs too)? A
 * quick test that spares the copy for most of our own text. */
bool san_is_plain(const char *s, size_t n, int flags);
/* Is s already safe (printable, no bidi controls, valid UTF-8)? */
bool san_is_clean(const char *s, size_t n);

/* Decode the UTF-8 sequence at p (n > 0 bytes left) into *cp; returns its
 * length, or 0 if it is invalid (overlong, a surrogate, beyond U+10FFFF,
 * truncated). */
size_t utf8_decode(const unsigned char *p, size_t n, uint32_t *cp);

#endif
