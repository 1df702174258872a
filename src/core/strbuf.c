#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"

void
sb_init_limit(struct strbuf *sb, size_t limit)
{
	sb->alloc = 64;
	sb->buf = xmalloc(sb->alloc);
	sb->buf[0] = '\0';
	sb->len = 0;
	sb->limit = limit;
	sb->truncated = false;
}

void
sb_init(struct strbuf *sb)
{
	sb_init_limit(sb, STRBUF_DEFAULT_CAP);
}

void
sb_free(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
}

void
sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->buf[0] = '\0';
	sb->truncated = false;
}

/* Make room for n more bytes plus the NUL; returns how many may be added. */
static size_t
sb_reserve(struct strbuf *sb, size_t n)
{
	if (sb->len + n > sb->limit) {
		sb->truncated = true;
		n = sb->limit - sb->len;
	}
	if (sb->len + n + 1 > sb->alloc) {
		size_t want = sb->alloc;
		while (want < sb->len + n + 1)
			want *= 2;
		sb->buf = xrealloc(sb->buf, want);
		sb->alloc = want;
	}
	return n;
}

void
sb_addn_grow(struct strbuf *sb, const char *s, size_t n)
{
	n = sb_reserve(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void
sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	/* Formatted once, nearly always: into the room there is when it is
	 * big enough, else into a local buffer that is copied; twice only
	 * when the text is longer than both. */
	char local[512];
	size_t avail = sb->alloc - sb->len;
	bool direct = avail >= sizeof local;
	char *dst = direct ? sb->buf + sb->len : local;
	size_t cap = direct ? avail : sizeof local;
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(dst, cap, fmt, cp);
	va_end(cp);
	if (n <= 0) {
		sb->buf[sb->len] = '\0';
		return;
	}
	if ((size_t)n < cap) {
		if (!direct) {
			sb_addn(sb, local, (size_t)n);
		} else if (sb->len + (size_t)n <= sb->limit) {
			sb->len += (size_t)n;
		} else {
			sb->len = sb->limit;        /* what fits under the limit stays */
			sb->buf[sb->len] = '\0';
			sb->truncated = true;
		}
		return;
	}
	if (direct)
		sb->buf[sb->len] = '\0';
	size_t room = sb_reserve(sb, (size_t)n);
	if (room == (size_t)n) {
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
		sb->len += (size_t)n;
	} else {
		char *tmp = xmalloc((size_t)n + 1);
		vsnprintf(tmp, (size_t)n + 1, fmt, ap);
		memcpy(sb->buf + sb->len, tmp, room);
		sb->len += room;
		sb->buf[sb->len] = '\0';
		free(tmp);
	}
}

void
sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(sb, fmt, ap);
	va_end(ap);
}

char *
sb_steal(struct strbuf *sb)
{
	char *s = sb->buf;
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
	return s;
}

char *
str_fmt(size_t limit, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;
	sb_init_limit(&sb, limit);
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	return sb_steal(&sb);
}

void
sb_add_joined(struct strbuf *sb, const char *sep, const char *s)
{
	if (sb->len)
		sb_add(sb, sep);
	sb_add(sb, s);
}

char *
str_uint(char *buf, unsigned long long v)
{
	char tmp[STR_INT_MAX];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	size_t o = 0;
	while (n)
		buf[o++] = tmp[--n];
	buf[o] = '\0';
	return buf;
}

char *
str_int(char *buf, long long v)
{
	if (v >= 0)
		return str_uint(buf, (unsigned long long)v);
	buf[0] = '-';
	/* In unsigned arithmetic, so that LLONG_MIN negates. */
	str_uint(buf + 1, 0ull - (unsigned long long)v);
	return buf;
}

uint32_t
str_hash_add(uint32_t h, unsigned v)
{
	return (h ^ v) * 16777619u;
}

uint32_t
str_hash(uint32_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = str_hash_add(h, *p);
	return h;
}
