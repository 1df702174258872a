/* The filters of {{name|filter}}: escaping a value for the place it is
 * pasted into (JSON, shell, HCL, URLs, identifiers) and the small rewrites
 * of names (nodot, lower, unzone). Each one appends to a buffer and cannot
 * fail; map:, the one that can, needs the render's maps and lives in
 * template_render.c. */
#include "config.h"

#include <string.h>

#include "core/sanitize.h"
#include "core/strbuf.h"
#include "fix/template_int.h"

static const struct {
	const char *name;
	enum filter_kind kind;
} filter_names[] = {
	{ "json", F_JSON }, { "sh", F_SH }, { "hcl", F_HCL }, { "url", F_URL },
	{ "ident", F_IDENT }, { "nodot", F_NODOT }, { "lower", F_LOWER },
	{ "unzone", F_UNZONE }, { "map", F_MAP },
};

bool
template_filter_lookup(const char *name, size_t len, enum filter_kind *kind)
{
	for (size_t i = 0; i < sizeof filter_names / sizeof filter_names[0]; i++) {
		if (strlen(filter_names[i].name) == len &&
		    memcmp(filter_names[i].name, name, len) == 0) {
			*kind = filter_names[i].kind;
			return true;
		}
	}
	return false;
}

static const char hex[] = "0123456789ABCDEF";

static void
add_hex(struct strbuf *out, const char *prefix, uint32_t v, int digits)
{
	sb_add(out, prefix);
	for (int i = digits - 1; i >= 0; i--)
		sb_addc(out, hex[(v >> (4 * i)) & 15]);
}

/* One character inside a JSON string (hcl false) or an HCL quoted string
 * (hcl true); returns the bytes it took. Values are printable ASCII by
 * contract (change.h), but filters like unzone decode them: a character
 * beyond ASCII is escaped as the one code point it is (\u00E9, not one
 * \u00XX per UTF-8 byte), above U+FFFF as a JSON surrogate pair or HCL's
 * \UNNNNNNNN, so the output stays pure ASCII and means the same string. A
 * byte that is not UTF-8 has no code point: it is written as \u00XX. */
static size_t
add_json_char(struct strbuf *out, const unsigned char *p, size_t n, bool hcl)
{
	switch (p[0]) {
	case '"': sb_add(out, "\\\""); return 1;
	case '\\': sb_add(out, "\\\\"); return 1;
	case '\n': sb_add(out, "\\n"); return 1;
	case '\r': sb_add(out, "\\r"); return 1;
	case '\t': sb_add(out, "\\t"); return 1;
	default: break;
	}
	if (p[0] >= 0x20 && p[0] < 0x7f) {
		sb_addc(out, (char)p[0]);
		return 1;
	}
	uint32_t cp;
	size_t len = p[0] >= 0x80 ? utf8_decode(p, n, &cp) : 0;
	if (!len) {
		add_hex(out, "\\u", p[0], 4);
		return 1;
	}
	if (cp <= 0xffff)
		add_hex(out, "\\u", cp, 4);
	else if (hcl)
		add_hex(out, "\\U", cp, 8);
	else {
		add_hex(out, "\\u", 0xd800 + ((cp - 0x10000) >> 10), 4);
		add_hex(out, "\\u", 0xdc00 + ((cp - 0x10000) & 0x3ff), 4);
	}
	return len;
}

static void
filter_json(const char *s, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n;)
		i += add_json_char(out, (const unsigned char *)s + i, n - i, false);
}

/* Inside '...' nothing is special to the shell but the quote itself. */
static void
filter_sh(const char *s, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'')
			sb_add(out, "'\\''");
		else
			sb_addc(out, s[i]);
	}
}

/* HCL quoted strings take JSON-like escapes, and ${ and %{ start template
 * interpolation unless doubled. */
static void
filter_hcl(const char *s, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n;) {
		unsigned char ch = (unsigned char)s[i];
		if ((ch == '$' || ch == '%') && i + 1 < n && s[i + 1] == '{') {
			sb_addc(out, (char)ch);
			sb_addc(out, (char)ch);
			i++;
			continue;
		}
		i += add_json_char(out, (const unsigned char *)s + i, n - i, true);
	}
}

static void
filter_url(const char *s, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || strchr("-._~", ch)) {
			sb_addc(out, (char)ch);
		} else {
			sb_addc(out, '%');
			sb_addc(out, hex[ch >> 4]);
			sb_addc(out, hex[ch & 15]);
		}
	}
}

static void
filter_ident(const char *s, size_t n, struct strbuf *out)
{
	if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
			s[0] == '_'))
		sb_addc(out, '_');
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      ch == '_' || ch == '-'))
			ch = '_';
		sb_addc(out, ch);
	}
}

/* Drop the final '.' of a name, but not an escaped one ("a\."). */
static void
filter_nodot(const char *s, size_t n, struct strbuf *out)
{
	size_t bs = 0;
	if (n > 0 && s[n - 1] == '.') {
		while (bs + 1 < n && s[n - 2 - bs] == '\\')
			bs++;
		if (bs % 2 == 0)
			n--;
	}
	sb_addn(out, s, n);
}

static void
filter_lower(const char *s, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n; i++)
		sb_addc(out, (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i]);
}

/* Zone-file escapes (\X and \DDD) back to the bytes they stand for: CAA
 * values are kept escaped (change.h), APIs want them raw. */
static void
filter_unzone(const char *s, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\' || i + 1 == n) {
			sb_addc(out, s[i]);
			continue;
		}
		if (i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '2' &&
		    s[i + 2] >= '0' && s[i + 2] <= '9' && s[i + 3] >= '0' && s[i + 3] <= '9') {
			int v = (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
			if (v <= 255) {
				sb_addc(out, (char)v);
				i += 3;
				continue;
			}
		}
		sb_addc(out, s[++i]);
	}
}

void
template_filter_apply(enum filter_kind kind, const char *s, size_t n,
		      struct strbuf *out)
{
	switch (kind) {
	case F_JSON: filter_json(s, n, out); break;
	case F_SH: filter_sh(s, n, out); break;
	case F_HCL: filter_hcl(s, n, out); break;
	case F_URL: filter_url(s, n, out); break;
	case F_IDENT: filter_ident(s, n, out); break;
	case F_NODOT: filter_nodot(s, n, out); break;
	case F_LOWER: filter_lower(s, n, out); break;
	case F_UNZONE: filter_unzone(s, n, out); break;
	case F_MAP: break;      /* template_render.c applies it */
	}
}
