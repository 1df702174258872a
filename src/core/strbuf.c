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
sb_addn(struct strbuf *sb, const char *s, size_t n)
{
	n = sb_reserve(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void
sb_add(struct strbuf *sb, const char *s)
{
	sb_addn(sb, s, strlen(s));
}

void
sb_addc(struct strbuf *sb, char c)
{
	sb_addn(sb, &c, 1);
}

void
sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	/* Straight into the room there is, which nearly always suffices: the
	 * text is formatted twice only when it does not fit. */
	size_t avail = sb->alloc - sb->len;
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(sb->buf + sb->len, avail, fmt, cp);
	va_end(cp);
	if (n > 0 && (size_t)n < avail && sb->len + (size_t)n <= sb->limit) {
		sb->len += (size_t)n;
		return;
	}
	sb->buf[sb->len] = '\0';
	if (n <= 0)
		return;
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
