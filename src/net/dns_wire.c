/* DNS message parsing and zone-file presentation of what was parsed.
 *
 * The message is copied first and every pointer handed out points into that
 * copy. The structure (header, question, RR framing, owner names) must be
 * sound or the whole message is refused; a record whose rdata does not match
 * its type only loses rdata_ok, because one odd record (an empty CAA value
 * c-ares chokes on, say) is itself something to diagnose, not a reason to
 * throw away its neighbours. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/dns_wire.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define HDR_LEN 12
#define MSG_MAX 65535
#define Q_MIN 5                 /* root name, type, class */
#define RR_FIXED 10             /* type, class, TTL, rdlength */
#define RR_MIN (1 + RR_FIXED)
#define RRSIG_FIXED 18          /* up to the signer's name */
#define OPT_EDE 15              /* RFC 8914 */
#define EDE_TEXT_MAX 200        /* characters kept, escapes included */

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void
set_err(char *err, size_t errlen, const char *why)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", why);
}

/* ---- rdata decoding: each returns whether the rdata had its type's shape */

/* A name inside rdata [.., end). Reading with end as the message length
 * keeps the name inside the record; pointers still reach back into
 * earlier parts of the message because they only go backwards. */
static char *
rdata_name(const struct dns_msg *msg, size_t *off, size_t end)
{
	char buf[DNS_NAME_TEXT_MAX];
	size_t next = dns_name_read_msg(msg->wire, end, *off, buf, sizeof buf);

	if (!next)
		return NULL;
	*off = next;
	return xstrdup(buf);
}

static bool
decode_target(const struct dns_msg *msg, struct dns_rr *rr, size_t off, size_t end)
{
	char *t = rdata_name(msg, &off, end);

	if (!t || off != end) {
		free(t);
		return false;
	}
	rr->u.target = t;
	return true;
}

static bool
decode_mx(const struct dns_msg *msg, struct dns_rr *rr, size_t off, size_t end)
{
	if (end - off < 3)
		return false;
	uint16_t pref = get16(msg->wire + off);
	off += 2;
	char *x = rdata_name(msg, &off, end);
	if (!x || off != end) {
		free(x);
		return false;
	}
	rr->u.mx.pref = pref;
	rr->u.mx.exchange = x;
	return true;
}

static bool
decode_soa(const struct dns_msg *msg, struct dns_rr *rr, size_t off, size_t end)
{
	char *m = rdata_name(msg, &off, end);
	char *r = m ? rdata_name(msg, &off, end) : NULL;

	if (!m || !r || end - off != 20) {
		free(m);
		free(r);
		return false;
	}
	const uint8_t *p = msg->wire + off;
	rr->u.soa.mname = m;
	rr->u.soa.rname = r;
	rr->u.soa.serial = get32(p);
	rr->u.soa.refresh = get32(p + 4);
	rr->u.soa.retry = get32(p + 8);
	rr->u.soa.expire = get32(p + 12);
	rr->u.soa.minimum = get32(p + 16);
	return true;
}

/* RFC 8659: flags, tag length, tag, value (the rest, possibly empty). */
static bool
decode_caa(struct dns_rr *rr)
{
	if (rr->rdlen < 2)
		return false;
	uint8_t tag_len = rr->rdata[1];
	if (tag_len == 0 || (size_t)tag_len + 2 > rr->rdlen)
		return false;
	rr->u.caa.flags = rr->rdata[0];
	rr->u.caa.tag = rr->rdata + 2;
	rr->u.caa.tag_len = tag_len;
	rr->u.caa.value = rr->rdata + 2 + tag_len;
	rr->u.caa.value_len = (uint16_t)(rr->rdlen - 2 - tag_len);
	return true;
}

/* Length of an uncompressed wire name at p, or 0. RRSIG and NSEC names
 * must not be compressed (RFC 4034), which lets the presentation code read
 * them from the rdata alone. */
static size_t
plain_name_len(const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i < n && i <= 255) {
		if (p[i] & 0xc0)
			return 0;
		if (p[i] == 0)
			return i + 1 <= 255 ? i + 1 : 0;
		i += 1 + p[i];
	}
	return 0;
}

static bool
decode_rrsig(struct dns_rr *rr)
{
	if (rr->rdlen < RRSIG_FIXED + 1 ||
	    !plain_name_len(rr->rdata + RRSIG_FIXED, rr->rdlen - RRSIG_FIXED))
		return false;
	rr->u.rrsig.covered = get16(rr->rdata);
	return true;
}

/* One or more <character-string>s filling the rdata exactly. */
static bool
valid_strings(const uint8_t *p, size_t n)
{
	size_t i = 0;

	if (n == 0)
		return false;
	while (i < n)
		i += 1 + p[i];
	return i == n;
}

/* Keep a server's EDE text printable and short: it ends up on a terminal. */
static char *
ede_sanitise(const uint8_t *p, size_t n)
{
	struct strbuf sb;

	while (n && p[n - 1] == 0)
		n--;            /* some servers NUL-terminate it */
	if (!n)
		return NULL;
	sb_init(&sb);
	for (size_t i = 0; i < n; i++) {
		char tmp[8];
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
			snprintf(tmp, sizeof tmp, "%c", p[i]);
		else if (p[i] == '\\')
			snprintf(tmp, sizeof tmp, "\\\\");
		else
			snprintf(tmp, sizeof tmp, "\\%03u", p[i]);
		if (sb.len + strlen(tmp) > EDE_TEXT_MAX) {
			sb_add(&sb, "...");
			break;
		}
		sb_add(&sb, tmp);
	}
	return sb_steal(&sb);
}

/* EDNS options: code, length, data. Only the first EDE is kept. */
static bool
decode_opt_options(struct dns_msg *msg, const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (n - i < 4)
			return false;
		uint16_t code = get16(p + i), olen = get16(p + i + 2);
		i += 4;
		if (n - i < olen)
			return false;
		if (code == OPT_EDE && msg->ede_code < 0) {
			if (olen < 2)
				return false;
			msg->ede_code = get16(p + i);
			msg->ede_text = ede_sanitise(p + i + 2, olen - 2u);
		}
		i += olen;
	}
	return true;
}

/* The first OPT of the additional section carries the message's EDNS
 * state; its class and TTL fields are not a class and a TTL. */
static bool
decode_opt(struct dns_msg *msg, struct dns_rr *rr)
{
	if (rr->section != DNS_SEC_ADDITIONAL || msg->has_edns)
		return false;
	msg->has_edns = true;
	msg->edns_udp_size = rr->rclass;
	msg->edns_version = (uint8_t)(rr->ttl >> 16);
	msg->edns_do = (rr->ttl & 0x8000) != 0;
	msg->rcode |= (int)(rr->ttl >> 24) << 4;
	return decode_opt_options(msg, rr->rdata, rr->rdlen);
}

static bool
decode_rdata(struct dns_msg *msg, struct dns_rr *rr, size_t off)
{
	size_t end = off + rr->rdlen;

	switch (rr->type) {
	case DNS_T_A:
		if (rr->rdlen != 4)
			return false;
		memcpy(rr->u.addr, rr->rdata, 4);
		return true;
	case DNS_T_AAAA:
		if (rr->rdlen != 16)
			return false;
		memcpy(rr->u.addr, rr->rdata, 16);
		return true;
	case DNS_T_NS: case DNS_T_CNAME: case DNS_T_DNAME: case DNS_T_PTR:
		return decode_target(msg, rr, off, end);
	case DNS_T_MX:
		return decode_mx(msg, rr, off, end);
	case DNS_T_SOA:
		return decode_soa(msg, rr, off, end);
	case DNS_T_CAA:
		return decode_caa(rr);
	case DNS_T_RRSIG:
		return decode_rrsig(rr);
	case DNS_T_TXT:
		return valid_strings(rr->rdata, rr->rdlen);
	case DNS_T_DS: case DNS_T_DNSKEY:
		return rr->rdlen >= 5;  /* fixed fields and some digest or key */
	case DNS_T_OPT:
		return decode_opt(msg, rr);
	default:
		return false;
	}
}

/* ---- message structure */

static const char *
parse_rr(struct dns_msg *msg, size_t *pos, struct dns_rr *rr)
{
	char name[DNS_NAME_TEXT_MAX];
	const uint8_t *w = msg->wire;
	size_t p = dns_name_read_msg(w, msg->wire_len, *pos, name, sizeof name);

	if (!p)
		return "bad owner name in a record";
	if (msg->wire_len - p < RR_FIXED)
		return "record header truncated";
	rr->owner = xstrdup(name);
	rr->type = get16(w + p);
	rr->rclass = get16(w + p + 2);
	rr->ttl = get32(w + p + 4);
	rr->rdlen = get16(w + p + 8);
	p += RR_FIXED;
	if (msg->wire_len - p < rr->rdlen)
		return "record data truncated";
	rr->rdata = w + p;
	*pos = p + rr->rdlen;
	rr->rdata_ok = decode_rdata(msg, rr, p);
	/* RFC 2181 8: a TTL with the top bit set means zero. */
	if (rr->type != DNS_T_OPT && rr->ttl > 0x7fffffffu)
		rr->ttl = 0;
	return NULL;
}

static const char *
parse_questions(struct dns_msg *msg, size_t *pos, unsigned qd)
{
	char name[DNS_NAME_TEXT_MAX];

	if (qd > (msg->wire_len - *pos) / Q_MIN)
		return "question count exceeds message size";
	for (unsigned i = 0; i < qd; i++) {
		size_t p = dns_name_read_msg(msg->wire, msg->wire_len, *pos,
					     name, sizeof name);
		if (!p)
			return "bad name in the question";
		if (msg->wire_len - p < 4)
			return "question truncated";
		if (i == 0) {
			msg->qname = xstrdup(name);
			msg->qtype = get16(msg->wire + p);
			msg->qclass = get16(msg->wire + p + 2);
		}
		*pos = p + 4;
	}
	return NULL;
}

static enum dns_section
section_of(const struct dns_msg *msg, size_t i)
{
	if (i < msg->n_answer)
		return DNS_SEC_ANSWER;
	if (i < msg->n_answer + msg->n_authority)
		return DNS_SEC_AUTHORITY;
	return DNS_SEC_ADDITIONAL;
}

static const char *
parse_body(struct dns_msg *msg)
{
	const uint8_t *w = msg->wire;
	size_t pos = HDR_LEN;
	const char *why = parse_questions(msg, &pos, get16(w + 4));

	if (why)
		return why;
	msg->n_answer = get16(w + 6);
	msg->n_authority = get16(w + 8);
	msg->n_additional = get16(w + 10);
	size_t total = msg->n_answer + msg->n_authority + msg->n_additional;
	/* Every RR takes at least 11 octets: refuse counts the message cannot
	 * hold before allocating for them. */
	if (total > (msg->wire_len - pos) / RR_MIN)
		return "record counts exceed message size";
	msg->rrs = xcalloc(total ? total : 1, sizeof *msg->rrs);
	for (size_t i = 0; i < total; i++) {
		struct dns_rr *rr = &msg->rrs[msg->n_rr++];
		rr->section = section_of(msg, i);
		if ((why = parse_rr(msg, &pos, rr)))
			return why;
	}
	return NULL;
}

static void
parse_header(struct dns_msg *msg)
{
	const uint8_t *w = msg->wire;

	msg->id = get16(w);
	msg->qr = w[2] & 0x80;
	msg->aa = w[2] & 0x04;
	msg->tc = w[2] & 0x02;
	msg->rd = w[2] & 0x01;
	msg->ra = w[3] & 0x80;
	msg->ad = w[3] & 0x20;
	msg->cd = w[3] & 0x10;
	msg->rcode = w[3] & 0x0f;
	msg->ede_code = -1;
}

struct dns_msg *
dns_msg_parse(const uint8_t *wire, size_t len, char *err, size_t errlen)
{
	if (!wire || len < HDR_LEN) {
		set_err(err, errlen, "message shorter than a DNS header");
		return NULL;
	}
	if (len > MSG_MAX) {
		set_err(err, errlen, "message longer than 65535 octets");
		return NULL;
	}
	struct dns_msg *msg = xcalloc(1, sizeof *msg);
	/* Exactly len bytes (xmemdup adds a NUL), so that a sanitizer sees
	 * any read past the end. */
	msg->wire = xmalloc(len);
	memcpy(msg->wire, wire, len);
	msg->wire_len = len;
	parse_header(msg);
	const char *why = parse_body(msg);
	if (why) {
		set_err(err, errlen, why);
		dns_msg_free(msg);
		return NULL;
	}
	return msg;
}

static void
free_rr(struct dns_rr *rr)
{
	free(rr->owner);
	if (!rr->rdata_ok)
		return;
	switch (rr->type) {
	case DNS_T_NS: case DNS_T_CNAME: case DNS_T_DNAME: case DNS_T_PTR:
		free(rr->u.target);
		break;
	case DNS_T_MX:
		free(rr->u.mx.exchange);
		break;
	case DNS_T_SOA:
		free(rr->u.soa.mname);
		free(rr->u.soa.rname);
		break;
	default:
		break;
	}
}

struct dns_msg *
dns_msg_ref(struct dns_msg *msg)
{
	if (msg)
		msg->refs++;
	return msg;
}

void
dns_msg_free(struct dns_msg *msg)
{
	if (!msg)
		return;
	if (msg->refs > 0) {
		msg->refs--;
		return;
	}
	for (size_t i = 0; i < msg->n_rr; i++)
		free_rr(&msg->rrs[i]);
	free(msg->rrs);
	free(msg->qname);
	free(msg->ede_text);
	free(msg->wire);
	free(msg);
}

/* ---- presentation */

static void
add_escaped(struct strbuf *sb, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\')
			sb_addf(sb, "\\%c", p[i]);
		else if (p[i] >= 0x20 && p[i] < 0x7f)
			sb_addc(sb, (char)p[i]);
		else
			sb_addf(sb, "\\%03u", p[i]);
	}
}

char *
dns_escape_bytes(const uint8_t *p, size_t n)
{
	struct strbuf sb;

	sb_init(&sb);
	if (p)
		add_escaped(&sb, p, n);
	return sb_steal(&sb);
}

static void
add_quoted(struct strbuf *sb, const uint8_t *p, size_t n)
{
	sb_addc(sb, '"');
	add_escaped(sb, p, n);
	sb_addc(sb, '"');
}

static void
add_hex(struct strbuf *sb, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sb_addf(sb, "%02X", p[i]);
}

static void
add_base64(struct strbuf *sb, const uint8_t *p, size_t n)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		char q[4] = { b64[v >> 18 & 63], b64[v >> 12 & 63],
			      i + 1 < n ? b64[v >> 6 & 63] : '=',
			      i + 2 < n ? b64[v & 63] : '=' };
		sb_addn(sb, q, 4);
	}
}

/* RFC 3597 generic form, for unknown types and rdata that did not decode. */
static void
add_generic(struct strbuf *sb, const struct dns_rr *rr)
{
	size_t n = rr->rdata ? rr->rdlen : 0;

	sb_addf(sb, "\\# %zu", n);
	if (n) {
		sb_addc(sb, ' ');
		add_hex(sb, rr->rdata, n);
	}
}

static bool
add_addr(struct strbuf *sb, int af, const uint8_t *addr)
{
	char buf[INET6_ADDRSTRLEN];

	if (!inet_ntop(af, addr, buf, sizeof buf))
		return false;
	sb_add(sb, buf);
	return true;
}

static bool
add_caa(struct strbuf *sb, const struct dns_rr *rr)
{
	const uint8_t *tag = rr->u.caa.tag;

	if (!tag || (!rr->u.caa.value && rr->u.caa.value_len))
		return false;
	char flags[STR_INT_MAX];
	sb_add(sb, str_uint(flags, rr->u.caa.flags));
	sb_addc(sb, ' ');
	/* A tag is a bare token: anything but a letter or digit is escaped. */
	for (size_t i = 0; i < rr->u.caa.tag_len; i++) {
		unsigned c = tag[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9'))
			sb_addc(sb, (char)c);
		else
			sb_addf(sb, "\\%03u", c);
	}
	sb_addc(sb, ' ');
	add_quoted(sb, rr->u.caa.value, rr->u.caa.value_len);
	return true;
}

static bool
add_txt(struct strbuf *sb, const struct dns_rr *rr)
{
	const uint8_t *p = rr->rdata;
	size_t n = rr->rdlen, i = 0;

	if (!p || !valid_strings(p, n))
		return false;
	while (i < n) {
		if (i)
			sb_addc(sb, ' ');
		add_quoted(sb, p + i + 1, p[i]);
		i += 1 + p[i];
	}
	return true;
}

static void
add_time(struct strbuf *sb, uint32_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm)) {
		sb_addf(sb, "%u", t);
		return;
	}
	sb_addf(sb, "%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900,
		tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* RFC 4034 3.2: covered alg labels ttl expiration inception tag signer sig */
static bool
add_rrsig(struct strbuf *sb, const struct dns_rr *rr)
{
	const uint8_t *p = rr->rdata;
	char signer[DNS_NAME_TEXT_MAX];

	if (!p || rr->rdlen < RRSIG_FIXED + 1)
		return false;
	size_t nlen = plain_name_len(p + RRSIG_FIXED, rr->rdlen - RRSIG_FIXED);
	if (!nlen || !dns_name_read(p + RRSIG_FIXED, nlen, 0, signer, sizeof signer))
		return false;
	sb_addf(sb, "%s %u %u %u ", dns_type_name(get16(p)), p[2], p[3],
		get32(p + 4));
	add_time(sb, get32(p + 8));
	sb_addc(sb, ' ');
	add_time(sb, get32(p + 12));
	sb_addf(sb, " %u %s ", get16(p + 16), signer);
	add_base64(sb, p + RRSIG_FIXED + nlen, rr->rdlen - RRSIG_FIXED - nlen);
	return true;
}

/* DS: tag alg digest-type HEX; DNSKEY: flags protocol alg BASE64. */
static bool
add_ds_dnskey(struct strbuf *sb, const struct dns_rr *rr)
{
	const uint8_t *p = rr->rdata;

	if (!p || rr->rdlen < 5)
		return false;
	sb_addf(sb, "%u %u %u ", get16(p), p[2], p[3]);
	if (rr->type == DNS_T_DS)
		add_hex(sb, p + 4, rr->rdlen - 4u);
	else
		add_base64(sb, p + 4, rr->rdlen - 4u);
	return true;
}

static bool
add_name(struct strbuf *sb, const char *name)
{
	if (!name)
		return false;
	sb_add(sb, name);
	return true;
}

/* Type-specific presentation; false falls back to the generic form. */
static bool
add_typed(struct strbuf *sb, const struct dns_rr *rr)
{
	switch (rr->type) {
	case DNS_T_A:
		return add_addr(sb, AF_INET, rr->u.addr);
	case DNS_T_AAAA:
		return add_addr(sb, AF_INET6, rr->u.addr);
	case DNS_T_NS: case DNS_T_CNAME: case DNS_T_DNAME: case DNS_T_PTR:
		return add_name(sb, rr->u.target);
	case DNS_T_MX:
		sb_addf(sb, "%u ", rr->u.mx.pref);
		return add_name(sb, rr->u.mx.exchange);
	case DNS_T_SOA:
		if (!rr->u.soa.mname || !rr->u.soa.rname)
			return false;
		sb_addf(sb, "%s %s %u %u %u %u %u", rr->u.soa.mname,
			rr->u.soa.rname, rr->u.soa.serial, rr->u.soa.refresh,
			rr->u.soa.retry, rr->u.soa.expire, rr->u.soa.minimum);
		return true;
	case DNS_T_CAA:
		return add_caa(sb, rr);
	case DNS_T_TXT:
		return add_txt(sb, rr);
	case DNS_T_RRSIG:
		return add_rrsig(sb, rr);
	case DNS_T_DS: case DNS_T_DNSKEY:
		return add_ds_dnskey(sb, rr);
	default:
		return false;
	}
}

static void
add_rdata(struct strbuf *sb, const struct dns_rr *rr)
{
	size_t mark = sb->len;

	if (rr->rdata_ok && add_typed(sb, rr))
		return;
	sb->len = mark;
	sb->buf[mark] = '\0';
	add_generic(sb, rr);
}

char *
dns_rdata_text(const struct dns_rr *rr)
{
	struct strbuf sb;

	sb_init(&sb);
	if (rr)
		add_rdata(&sb, rr);
	return sb_steal(&sb);
}

static void
add_class(struct strbuf *sb, uint16_t rclass)
{
	switch (rclass) {
	case 1: sb_add(sb, "IN"); break;
	case 3: sb_add(sb, "CH"); break;
	case 4: sb_add(sb, "HS"); break;
	case 255: sb_add(sb, "ANY"); break;
	default: sb_addf(sb, "CLASS%u", rclass); break;
	}
}

char *
dns_rr_text(const struct dns_rr *rr)
{
	struct strbuf sb;

	sb_init(&sb);
	if (!rr)
		return sb_steal(&sb);
	/* "%s %u CLASS %s " without printf: a fleet scan prints some 100,000. */
	char ttl[STR_INT_MAX];
	sb_add(&sb, rr->owner ? rr->owner : ".");
	sb_addc(&sb, ' ');
	sb_add(&sb, str_uint(ttl, rr->ttl));
	sb_addc(&sb, ' ');
	add_class(&sb, rr->rclass);
	sb_addc(&sb, ' ');
	sb_add(&sb, dns_type_name(rr->type));
	sb_addc(&sb, ' ');
	add_rdata(&sb, rr);
	return sb_steal(&sb);
}

const char *
dns_msg_a(const struct dns_msg *m, const char *owner, enum dns_section sec, char *buf, size_t buflen)
{
	for (size_t i = 0; m && i < m->n_rr; i++) {
		const struct dns_rr *rr = &m->rrs[i];
		if (rr->section == sec && rr->type == DNS_T_A && rr->rdata_ok && !strcmp(rr->owner, owner))
			return inet_ntop(AF_INET, rr->u.addr, buf, (socklen_t)buflen);
	}
	return NULL;
}
