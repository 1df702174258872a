/* A small, strict XML reader (see aws_xml.h). Recursive descent over the
 * bytes; text is decoded into each element as it is met. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_xml.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

struct xp {
	const char *s;
	size_t len, i;
	size_t nodes;
	char *err;
	size_t errlen;
	bool failed;
};

static bool
fail(struct xp *p, const char *what)
{
	if (!p->failed)
		snprintf(p->err, p->errlen, "byte %zu: %s", p->i, what);
	p->failed = true;
	return false;
}

static bool
at(const struct xp *p, const char *lit)
{
	size_t n = strlen(lit);
	return p->len - p->i >= n && !memcmp(p->s + p->i, lit, n);
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void
skip_space(struct xp *p)
{
	while (p->i < p->len && is_space(p->s[p->i]))
		p->i++;
}

/* Skip to just after lit; false (and fail) if it never comes. */
static bool
skip_past(struct xp *p, const char *lit, const char *what)
{
	size_t n = strlen(lit);
	while (p->len - p->i >= n) {
		if (!memcmp(p->s + p->i, lit, n)) {
			p->i += n;
			return true;
		}
		p->i++;
	}
	return fail(p, what);
}

static bool
name_char(char c, bool first)
{
	unsigned char u = (unsigned char)c;
	if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || c == '_' || c == ':' || u >= 0x80)
		return true;
	return !first && ((u >= '0' && u <= '9') || c == '-' || c == '.');
}

/* A name; the local part (after the last ':') is returned, malloc'd. */
static char *
read_name(struct xp *p)
{
	size_t start = p->i;
	while (p->i < p->len && name_char(p->s[p->i], p->i == start))
		p->i++;
	if (p->i == start || p->i - start > 256) {
		fail(p, "expected an element name");
		return NULL;
	}
	const char *n = p->s + start;
	size_t nl = p->i - start;
	const char *colon = memrchr(n, ':', nl);
	if (colon) {
		nl -= (size_t)(colon + 1 - n);
		n = colon + 1;
	}
	return xstrndup(n, nl);
}

static void
put_utf8(struct strbuf *sb, uint32_t cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	sb_addn(sb, b, n);
}

/* &#N; &#xH; and the five predefined entities; p->i is at '&'. */
static bool
reference(struct xp *p, struct strbuf *out)
{
	static const struct { const char *ent; char c; } named[] = {
		{ "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' }, { "&quot;", '"' }, { "&apos;", '\'' },
	};
	for (size_t k = 0; k < sizeof named / sizeof named[0]; k++)
		if (at(p, named[k].ent)) {
			sb_addc(out, named[k].c);
			p->i += strlen(named[k].ent);
			return true;
		}
	if (!at(p, "&#"))
		return fail(p, "unknown entity (no DTD is accepted)");
	p->i += 2;
	bool hex = p->i < p->len && p->s[p->i] == 'x';
	p->i += hex;
	uint32_t cp = 0;
	size_t digits = 0;
	for (; p->i < p->len && p->s[p->i] != ';'; p->i++, digits++) {
		char c = p->s[p->i];
		int v = c >= '0' && c <= '9' ? c - '0'
			: hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
			: hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (v < 0 || digits >= 8)
			return fail(p, "bad character reference");
		cp = cp * (hex ? 16 : 10) + (uint32_t)v;
	}
	if (!digits || p->i >= p->len || cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return fail(p, "bad character reference");
	p->i++;
	put_utf8(out, cp);
	return true;
}

/* Text up to the next '<', appended to out (whitespace kept). */
static bool
text(struct xp *p, struct strbuf *out)
{
	while (p->i < p->len && p->s[p->i] != '<') {
		char c = p->s[p->i];
		if (c == '&') {
			if (!reference(p, out))
				return false;
			continue;
		}
		if (c == '\0')
			return fail(p, "a NUL byte");
		sb_addc(out, c);
		p->i++;
	}
	return true;
}

/* Attributes: skipped, but they must be well formed. Stops at '>' or "/>". */
static bool
attributes(struct xp *p)
{
	for (;;) {
		skip_space(p);
		if (p->i >= p->len)
			return fail(p, "the document ends inside a tag");
		if (p->s[p->i] == '>' || at(p, "/>"))
			return true;
		char *n = read_name(p);
		if (!n)
			return false;
		free(n);
		skip_space(p);
		if (p->i >= p->len || p->s[p->i] != '=')
			return fail(p, "expected '=' after an attribute name");
		p->i++;
		skip_space(p);
		char q = p->i < p->len ? p->s[p->i] : 0;
		if (q != '"' && q != '\'')
			return fail(p, "expected a quoted attribute value");
		const char *end = memchr(p->s + p->i + 1, q, p->len - p->i - 1);
		if (!end || memchr(p->s + p->i + 1, '<', (size_t)(end - (p->s + p->i + 1))))
			return fail(p, "bad attribute value");
		p->i = (size_t)(end - p->s) + 1;
	}
}

/* Comments, processing instructions and CDATA between elements. */
static bool
misc(struct xp *p, struct strbuf *out, bool *handled)
{
	*handled = true;
	if (at(p, "<!--"))
		return skip_past(p, "-->", "unterminated comment");
	if (at(p, "<?"))
		return skip_past(p, "?>", "unterminated processing instruction");
	if (at(p, "<![CDATA[")) {
		if (!out)
			return fail(p, "CDATA outside the root element");
		p->i += 9;
		size_t start = p->i;
		if (!skip_past(p, "]]>", "unterminated CDATA section"))
			return false;
		if (memchr(p->s + start, '\0', p->i - 3 - start))
			return fail(p, "a NUL byte");
		sb_addn(out, p->s + start, p->i - 3 - start);
		return true;
	}
	if (at(p, "<!"))
		return fail(p, "a DTD or declaration: not accepted");
	*handled = false;
	return true;
}

static struct aws_xml_node *element(struct xp *p, struct aws_xml_node *parent, int depth);

static bool
content(struct xp *p, struct aws_xml_node *n, int depth)
{
	struct strbuf sb;
	struct aws_xml_node **tail = &n->child;
	bool ok = true;
	sb_init_limit(&sb, AWS_XML_MAX_BYTES);
	while (ok) {
		bool handled;
		if (!(ok = text(p, &sb)))
			break;
		if (p->i >= p->len) {
			ok = fail(p, "the document ends inside an element");
			break;
		}
		if (at(p, "</"))
			break;
		if (!(ok = misc(p, &sb, &handled)) || handled)
			continue;
		struct aws_xml_node *c = element(p, n, depth + 1);
		if (!c) {
			ok = false;
			break;
		}
		*tail = c;
		tail = &c->next;
	}
	n->text_len = sb.len;
	n->text = sb_steal(&sb);
	return ok;
}

static struct aws_xml_node *
element(struct xp *p, struct aws_xml_node *parent, int depth)
{
	if (depth > AWS_XML_MAX_DEPTH) {
		fail(p, "nested too deeply");
		return NULL;
	}
	if (++p->nodes > AWS_XML_MAX_NODES) {
		fail(p, "too many elements");
		return NULL;
	}
	p->i++;         /* '<' */
	struct aws_xml_node *n = xcalloc(1, sizeof *n);
	n->parent = parent;
	if (!(n->name = read_name(p)) || !attributes(p))
		goto bad;
	if (at(p, "/>")) {
		p->i += 2;
		n->text = xstrdup("");
		return n;
	}
	p->i++;         /* '>' */
	if (!content(p, n, depth))
		goto bad;
	p->i += 2;      /* "</" */
	char *close = read_name(p);
	bool same = close && !strcmp(close, n->name);
	free(close);
	skip_space(p);
	if (!same || p->i >= p->len || p->s[p->i] != '>') {
		fail(p, "the closing tag does not match");
		goto bad;
	}
	p->i++;
	return n;
bad:
	aws_xml_free(n);
	return NULL;
}

struct aws_xml_node *
aws_xml_parse(const char *buf, size_t len, char *err, size_t errlen)
{
	struct xp p = { .s = buf, .len = len, .err = err, .errlen = errlen };
	if (errlen)
		err[0] = '\0';
	if (len > AWS_XML_MAX_BYTES) {
		snprintf(err, errlen, "the document is %zu bytes; at most %u are accepted", len, AWS_XML_MAX_BYTES);
		return NULL;
	}
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		p.i = 3;
	for (;;) {
		bool handled;
		skip_space(&p);
		if (p.i >= p.len) {
			fail(&p, "no element");
			return NULL;
		}
		if (!misc(&p, NULL, &handled))
			return NULL;
		if (!handled)
			break;
	}
	if (p.s[p.i] != '<') {
		fail(&p, "expected '<'");
		return NULL;
	}
	struct aws_xml_node *root = element(&p, NULL, 1);
	if (!root)
		return NULL;
	for (;;) {
		bool handled;
		skip_space(&p);
		if (p.i >= p.len)
			return root;
		if (!misc(&p, NULL, &handled) || !handled) {
			fail(&p, "more than one root element");
			aws_xml_free(root);
			return NULL;
		}
	}
}

void
aws_xml_free(struct aws_xml_node *n)
{
	while (n) {
		struct aws_xml_node *next = n->next;
		aws_xml_free(n->child);
		free(n->name);
		free(n->text);
		free(n);
		n = next;
	}
}

const struct aws_xml_node *
aws_xml_child(const struct aws_xml_node *n, const char *name)
{
	for (const struct aws_xml_node *c = n ? n->child : NULL; c; c = c->next)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

const struct aws_xml_node *
aws_xml_next(const struct aws_xml_node *n)
{
	for (const struct aws_xml_node *c = n ? n->next : NULL; c; c = c->next)
		if (!strcmp(c->name, n->name))
			return c;
	return NULL;
}

const struct aws_xml_node *
aws_xml_path(const struct aws_xml_node *n, const char *path)
{
	char step[128];
	while (n && *path) {
		size_t k = strcspn(path, "/");
		if (k >= sizeof step)
			return NULL;
		memcpy(step, path, k);
		step[k] = '\0';
		n = aws_xml_child(n, step);
		path += k + (path[k] == '/');
	}
	return n;
}

const char *
aws_xml_text(const struct aws_xml_node *n, const char *path)
{
	n = aws_xml_path(n, path);
	return n ? n->text : NULL;
}
