/* Domain names: wire to presentation, canonical form of typed names, and the
 * label arithmetic (parent, count, "is below") the checks walk with.
 *
 * One escaping rule is used everywhere so that a name read off the wire and
 * the same name typed by the user compare equal with strcmp():
 *   A-Z                              -> a-z
 *   . \ " ( ) ; @ $                  -> \c
 *   octets <= 0x20 and >= 0x7f       -> \DDD
 *   everything else                  -> itself
 * The character classes are spelled out instead of using <ctype.h>, whose
 * answers depend on the locale the program runs in. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "net/dns_wire.h"

#define NAME_WIRE_MAX 255       /* RFC 1035 2.3.4, length octets included */
#define LABEL_MAX 63

static bool
is_special(unsigned c)
{
	return c == '.' || c == '\\' || c == '"' || c == '(' || c == ')' ||
	       c == ';' || c == '@' || c == '$';
}

static bool
is_digit(unsigned c)
{
	return c >= '0' && c <= '9';
}

static unsigned
ascii_lower(unsigned c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Presentation of one octet into tmp (at most 5 bytes with the NUL). */
static size_t
octet_text(unsigned c, char tmp[5])
{
	c = ascii_lower(c);
	if (c <= 0x20 || c >= 0x7f)
		return (size_t)snprintf(tmp, 5, "\\%03u", c);
	if (is_special(c)) {
		tmp[0] = '\\';
		tmp[1] = (char)c;
		return 2;
	}
	tmp[0] = (char)c;
	return 1;
}

/* Append one label and its dot at out[*o]; false if it does not fit with the
 * terminating NUL. */
static bool
append_label(char *out, size_t outlen, size_t *o, const uint8_t *lab, size_t n)
{
	char tmp[5];

	for (size_t i = 0; i < n; i++) {
		/* The usual octet (a letter, a digit, '-') as itself, at once. */
		unsigned c = ascii_lower(lab[i]);
		if (c > 0x20 && c < 0x7f && !is_special(c)) {
			if (outlen - *o < 2)
				return false;
			out[(*o)++] = (char)c;
			continue;
		}
		size_t k = octet_text(lab[i], tmp);
		if (outlen - *o < k + 1)
			return false;
		memcpy(out + *o, tmp, k);
		*o += k;
	}
	if (outlen - *o < 2)
		return false;
	out[(*o)++] = '.';
	return true;
}

/* Terminate the name text; the root is the lone ".". */
static bool
finish_name(char *out, size_t outlen, size_t o)
{
	if (o == 0)
		out[o++] = '.';
	if (o >= outlen)
		return false;
	out[o] = '\0';
	return true;
}

/* Pointers must land in [min_ptr, everything read so far). */
static size_t
name_read(const uint8_t *wire, size_t len, size_t off, size_t min_ptr,
	  char *out, size_t outlen)
{
	size_t pos = off, limit = off, next = 0, octets = 0, o = 0;

	if (!wire || !out || outlen < 2)
		return 0;
	for (;;) {
		if (pos >= len)
			return 0;
		unsigned c = wire[pos];
		if ((c & 0xc0) == 0xc0) {
			if (len - pos < 2)
				return 0;
			size_t ptr = ((size_t)(c & 0x3f) << 8) | wire[pos + 1];
			/* Each jump must land before everything read so far, so the
			 * walk strictly descends and cannot loop, even through
			 * labels that lead back to the pointer. */
			if (ptr >= limit || ptr < min_ptr)
				return 0;
			if (!next)
				next = pos + 2;
			pos = limit = ptr;
			continue;
		}
		if (c & 0xc0)
			return 0;       /* 0x40/0x80: extended label types */
		octets += 1 + c;
		if (octets > NAME_WIRE_MAX)
			return 0;
		if (c == 0)
			break;
		if (len - pos - 1 < c)
			return 0;
		if (!append_label(out, outlen, &o, wire + pos + 1, c))
			return 0;
		pos += 1 + c;
	}
	if (!finish_name(out, outlen, o))
		return 0;
	return next ? next : pos + 1;
}

size_t
dns_name_read(const uint8_t *wire, size_t len, size_t off,
	      char *out, size_t outlen)
{
	return name_read(wire, len, off, 0, out, outlen);
}

size_t
dns_name_read_msg(const uint8_t *wire, size_t len, size_t off,
		  char *out, size_t outlen)
{
	return name_read(wire, len, off, 12, out, outlen);
}

/* One octet of a presentation-form name at *p, unescaping \c and \DDD.
 * Returns -1 for something that cannot be part of a typed name: bare
 * whitespace, control or non-ASCII bytes (U-labels are converted before
 * this), zone-file metacharacters, or a broken escape. */
static int
next_octet(const char **pp)
{
	const unsigned char *p = (const unsigned char *)*pp;
	unsigned c = *p++;

	if (c != '\\') {
		if (c <= 0x20 || c >= 0x7f || (is_special(c) && c != '.'))
			return -1;
		*pp = (const char *)p;
		return (int)c;
	}
	if (is_digit(p[0])) {
		if (!is_digit(p[1]) || !is_digit(p[2]))
			return -1;
		unsigned v = (p[0] - '0') * 100u + (p[1] - '0') * 10u + (p[2] - '0');
		if (v > 255)
			return -1;
		*pp = (const char *)p + 3;
		return (int)v;
	}
	if (p[0] < 0x20 || p[0] >= 0x7f)
		return -1;      /* also the NUL of a trailing backslash */
	*pp = (const char *)p + 1;
	return p[0];
}

bool
dns_name_canon(const char *in, char *out, size_t outlen)
{
	uint8_t label[LABEL_MAX];
	size_t o = 0, octets = 1;       /* the root label's length octet */

	if (!in || !out || outlen < 2 || !*in)
		return false;
	if (strcmp(in, ".") == 0)
		return finish_name(out, outlen, 0);
	while (*in) {
		size_t n = 0;
		while (*in && *in != '.') {
			int c = next_octet(&in);
			if (c < 0 || n == LABEL_MAX)
				return false;
			label[n++] = (uint8_t)c;
		}
		if (n == 0)
			return false;   /* "a..b", ".a" */
		octets += 1 + n;
		if (octets > NAME_WIRE_MAX)
			return false;
		if (!append_label(out, outlen, &o, label, n))
			return false;
		if (*in == '.')
			in++;
	}
	return finish_name(out, outlen, o);
}

/* End of the label starting at p: the unescaped '.' or the NUL. */
static const char *
label_end(const char *p)
{
	while (*p && *p != '.') {
		if (*p++ != '\\')
			continue;
		if (is_digit((unsigned char)*p)) {
			for (int i = 0; i < 3 && is_digit((unsigned char)*p); i++)
				p++;
		} else if (*p) {
			p++;
		}
	}
	return p;
}

const char *
dns_name_parent(const char *name)
{
	/* A relative or empty name has no dot to return a pointer to; the
	 * root literal keeps callers that walk up until "." terminating. */
	if (!name || !*name)
		return ".";
	if (strcmp(name, ".") == 0)
		return name;
	const char *p = label_end(name);
	if (!*p)
		return ".";
	return p[1] ? p + 1 : p;
}

size_t
dns_name_len_nodot(const char *name)
{
	size_t len = strlen(name), bs = 0;
	/* Backslashes before the dot: an odd count escapes it. */
	while (len > 1 + bs && name[len - 2 - bs] == '\\')
		bs++;
	if (len > 1 && name[len - 1] == '.' && bs % 2 == 0)
		len--;
	return len;
}

int
dns_name_labels(const char *name)
{
	int n = 0;

	if (!name || strcmp(name, ".") == 0)
		return 0;
	while (*name) {
		name = label_end(name);
		n++;
		if (*name == '.')
			name++;
	}
	return n;
}

static bool
ascii_equal_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
			return false;
	return *a == *b;
}

bool
dns_name_is_under(const char *name, const char *zone)
{
	if (!name || !zone)
		return false;
	if (strcmp(zone, ".") == 0)
		return true;
	/* Walk label boundaries rather than comparing string suffixes: the
	 * one label "a\.example.com." must not count as under "example.com."
	 * and "xexample.com." must not count as under "example.com.". */
	for (const char *p = name;; p = dns_name_parent(p)) {
		if (ascii_equal_nocase(p, zone))
			return true;
		if (strcmp(p, ".") == 0)
			return false;
	}
}

static const struct {
	uint16_t type;
	const char *name;
} type_names[] = {
	{ 1, "A" }, { 2, "NS" }, { 5, "CNAME" }, { 6, "SOA" }, { 12, "PTR" },
	{ 13, "HINFO" }, { 15, "MX" }, { 16, "TXT" }, { 28, "AAAA" },
	{ 33, "SRV" }, { 35, "NAPTR" }, { 39, "DNAME" }, { 41, "OPT" },
	{ 43, "DS" }, { 46, "RRSIG" }, { 47, "NSEC" }, { 48, "DNSKEY" },
	{ 50, "NSEC3" }, { 51, "NSEC3PARAM" }, { 52, "TLSA" }, { 59, "CDS" },
	{ 60, "CDNSKEY" }, { 64, "SVCB" }, { 65, "HTTPS" }, { 255, "ANY" },
	{ 257, "CAA" },
};

const char *
dns_type_name(uint16_t type)
{
	static char buf[sizeof "TYPE65535"];

	for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
		if (type_names[i].type == type)
			return type_names[i].name;
	snprintf(buf, sizeof buf, "TYPE%u", (unsigned)type);
	return buf;
}

static const char *const rcode_names[] = {
	"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
	"YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE",
};

const char *
dns_rcode_name(int rcode)
{
	static char buf[sizeof "RCODE-2147483648"];

	if (rcode >= 0 && (size_t)rcode < sizeof rcode_names / sizeof rcode_names[0])
		return rcode_names[rcode];
	if (rcode == 16)
		return "BADVERS";       /* extended: the only one a query meets */
	snprintf(buf, sizeof buf, "RCODE%d", rcode);
	return buf;
}
