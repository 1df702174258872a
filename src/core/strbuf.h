/* A growable, always NUL-terminated byte string with a hard size cap, so that
 * nothing coming from the network can make us allocate without bound. */
#ifndef ACMD_STRBUF_H
#define ACMD_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define STRBUF_DEFAULT_CAP (16u * 1024u * 1024u)

struct strbuf {
	char *buf;        /* NUL-terminated, never NULL after sb_init */
	size_t len;
	size_t alloc;
	size_t limit;     /* hard cap on len */
	bool truncated;   /* something did not fit under the cap */
};

void sb_init(struct strbuf *sb);
void sb_init_limit(struct strbuf *sb, size_t limit);
void sb_free(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
/* Appending when the room allocated or the limit is too small: grows
 * the buffer, or cuts the text at the limit (sb_addn's slow path). */
void sb_addn_grow(struct strbuf *sb, const char *s, size_t n);

/* Appends, inline while the text fits the room there is (the usual case:
 * a fleet scan's JSON is made of a few million of them). */
static inline void
sb_addn(struct strbuf *sb, const char *s, size_t n)
{
	if (sb->len + n < sb->alloc && sb->len + n <= sb->limit) {
		memcpy(sb->buf + sb->len, s, n);
		sb->len += n;
		sb->buf[sb->len] = '\0';
		return;
	}
	sb_addn_grow(sb, s, n);
}

static inline void
sb_add(struct strbuf *sb, const char *s)
{
	sb_addn(sb, s, strlen(s));
}

static inline void
sb_addc(struct strbuf *sb, char c)
{
	sb_addn(sb, &c, 1);
}
/* Append s, after sep when sb already holds something (joining lines of a
 * data file into one text). */
void sb_add_joined(struct strbuf *sb, const char *sep, const char *s);
void sb_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Hand the buffer to the caller (free() it); sb is left empty and must be
 * re-initialised before reuse (sb_free on it is harmless). */
char *sb_steal(struct strbuf *sb);
/* A new formatted string, cut at limit bytes like sb_init_limit. */
char *str_fmt(size_t limit, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* v in decimal, as "%lld" / "%llu" print it, into buf (at least
 * STR_INT_MAX bytes); returns buf. For the hot paths that print a number
 * per field. */
#define STR_INT_MAX 24
char *str_int(char *buf, long long v);
char *str_uint(char *buf, unsigned long long v);
/* FNV-1a over s, continuing h (STR_HASH_INIT to start): for the hash
 * tables and memos of hot paths; chain calls to hash several strings as
 * one. */
#define STR_HASH_INIT 2166136261u
uint32_t str_hash(uint32_t h, const char *s);
uint32_t str_hash_add(uint32_t h, unsigned v);   /* one more value, as one step */

#endif
