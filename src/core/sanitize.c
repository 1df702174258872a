#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/sanitize.h"
#include "core/strbuf.h"

size_t
utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	size_t len;
	uint32_t c, min;
	if ((p[0] & 0xe0) == 0xc0) { len = 2; c = p[0] & 0x1f; min = 0x80; }
	else if ((p[0] & 0xf0) == 0xe0) { len = 3; c = p[0] & 0x0f; min = 0x800; }
	else if ((p[0] & 0xf8) == 0xf0) { len = 4; c = p[0] & 0x07; min = 0x10000; }
	else return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Characters that change how the terminal lays out or reorders text. */
static bool
is_format_control(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9f)          /* C1 controls, incl. CSI 0x9b */
	    || c == 0x061c                       /* ARABIC LETTER MARK */
	    || (c >= 0x200b && c <= 0x200f)      /* zero-width, LRM, RLM */
	    || (c >= 0x2028 && c <= 0x202e)      /* separators, embeddings, overrides */
	    || (c >= 0x2060 && c <= 0x2069)      /* word joiner, isolates */
	    || c == 0xfeff;                      /* BOM / zero-width no-break */
}

static size_t
escape_one(const unsigned char *p, size_t n, int flags, char out[16])
{
	uint32_t cp;
	size_t len = utf8_decode(p, n, &cp);
	if (len == 0) {
		snprintf(out, 16, "\\x%02x", p[0]);
		return 1;
	}
	if ((flags & SAN_MULTILINE) && (cp == '\n' || cp == '\t')) {
		out[0] = (char)cp;
		out[1] = '\0';
		return len;
	}
	if (cp < 0x20 || cp == 0x7f) {
		snprintf(out, 16, "\\x%02x", (unsigned)cp);
		return len;
	}
	if (is_format_control(cp) || (cp >= 0x80 && (flags & SAN_ASCII))) {
		snprintf(out, 16, cp > 0xffff ? "\\U%08x" : "\\u%04x", (unsigned)cp);
		return len;
	}
	memcpy(out, p, len);
	out[len] = '\0';
	return len;
}

/* Bytes that stand for themselves whatever the flags: printable ASCII. */
static size_t
plain_run(const unsigned char *p, size_t n)
{
	size_t i = 0;
	while (i < n && p[i] >= 0x20 && p[i] < 0x7f)
		i++;
	return i;
}

char *
san_text(const char *s, size_t n, size_t max, int flags)
{
	struct strbuf sb;
	sb_init(&sb);
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		/* Printable ASCII in one piece: most text is nothing else. */
		size_t run = plain_run(p + i, n - i);
		if (run) {
			size_t take = max && sb.len + run > max ? max - sb.len : run;
			sb_addn(&sb, s + i, take);
			i += take;
			if (take < run) {
				sb_addf(&sb, " ...[+%zu bytes]", n - i);
				break;
			}
			continue;
		}
		char piece[16];
		size_t used = escape_one(p + i, n - i, flags, piece);
		size_t plen = strlen(piece);
		if (max && sb.len + plen > max) {
			sb_addf(&sb, " ...[+%zu bytes]", n - i);
			break;
		}
		sb_addn(&sb, piece, plen);
		i += used;
	}
	return sb_steal(&sb);
}

char *
san_str(const char *s, size_t max, int flags)
{
	return san_text(s ? s : "", s ? strlen(s) : 0, max, flags);
}

bool
san_is_plain(const char *s, size_t n, int flags)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++)
		if ((p[i] < 0x20 || p[i] >= 0x7f) &&
		    !((flags & SAN_MULTILINE) && (p[i] == '\n' || p[i] == '\t')))
			return false;
	return true;
}

bool
san_is_clean(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		char piece[16];
		size_t used = escape_one(p + i, n - i, 0, piece);
		if (strlen(piece) != used || memcmp(piece, p + i, used))
			return false;
		i += used;
	}
	return true;
}
