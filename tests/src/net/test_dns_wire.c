/* DNS wire parser: hand-built messages for every decoded type and every
 * hostile shape we know of, then a deterministic mutation fuzz loop over
 * valid seeds. Every message handed to the parser lives in a buffer of
 * exactly its length, so the sanitizers catch any read past the end. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "net/dns_wire.h"
#include "core/xalloc.h"
#include "testutil.h"

#define F_QR 0x8000
#define F_AA 0x0400
#define F_TC 0x0200
#define F_RD 0x0100
#define F_RA 0x0080
#define F_AD 0x0020
#define F_CD 0x0010
#define F_RESP (F_QR | F_RD | F_RA)

#define ARRAY_LEN(a) (sizeof (a) / sizeof (a)[0])
#define MB_CAP 70000u

/* ---- a tiny message builder */

struct mb {
	uint8_t *buf;
	size_t len;
	size_t rd_at;           /* where the open record's rdlength goes */
};

static void
mb_init(struct mb *b)
{
	b->buf = xmalloc(MB_CAP);
	b->len = 0;
	b->rd_at = 0;
}

static void
mb_raw(struct mb *b, const void *p, size_t n)
{
	if (b->len + n > MB_CAP) {
		fputs("test builder overflow\n", stderr);
		abort();
	}
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

static void
mb_u8(struct mb *b, unsigned v)
{
	uint8_t c = (uint8_t)v;
	mb_raw(b, &c, 1);
}

static void
mb_u16(struct mb *b, unsigned v)
{
	mb_u8(b, v >> 8);
	mb_u8(b, v);
}

static void
mb_u32(struct mb *b, uint32_t v)
{
	mb_u16(b, v >> 16);
	mb_u16(b, v & 0xffff);
}

static void
mb_str(struct mb *b, const char *s)
{
	mb_raw(b, s, strlen(s));
}

/* Plain dotted name without escapes; "@" is a pointer to the question name
 * at offset 12 and "." the root. */
static void
mb_name(struct mb *b, const char *s)
{
	if (strcmp(s, "@") == 0) {
		mb_u16(b, 0xc00c);
		return;
	}
	while (*s && strcmp(s, ".") != 0) {
		size_t n = strcspn(s, ".");
		mb_u8(b, (unsigned)n);
		mb_raw(b, s, n);
		s += n;
		if (*s == '.')
			s++;
	}
	mb_u8(b, 0);
}

static void
mb_header(struct mb *b, unsigned flags, unsigned qd, unsigned an, unsigned ns,
	  unsigned ar)
{
	b->len = 0;
	mb_u16(b, 0x1234);
	mb_u16(b, flags);
	mb_u16(b, qd);
	mb_u16(b, an);
	mb_u16(b, ns);
	mb_u16(b, ar);
}

/* Header plus one question for qname/qtype. */
static void
mb_start(struct mb *b, unsigned flags, const char *qname, unsigned qtype,
	 unsigned an, unsigned ns, unsigned ar)
{
	mb_header(b, flags, 1, an, ns, ar);
	mb_name(b, qname);
	mb_u16(b, qtype);
	mb_u16(b, 1);
}

/* Type, class, TTL and an rdlength filled in by mb_rr_end. */
static void
mb_rr_fixed(struct mb *b, unsigned type, unsigned rclass, uint32_t ttl)
{
	mb_u16(b, type);
	mb_u16(b, rclass);
	mb_u32(b, ttl);
	b->rd_at = b->len;
	mb_u16(b, 0);
}

static void
mb_rr(struct mb *b, const char *owner, unsigned type, uint32_t ttl)
{
	mb_name(b, owner);
	mb_rr_fixed(b, type, 1, ttl);
}

static void
mb_rr_end(struct mb *b)
{
	size_t n = b->len - b->rd_at - 2;
	b->buf[b->rd_at] = (uint8_t)(n >> 8);
	b->buf[b->rd_at + 1] = (uint8_t)n;
}

/* A record whose rdata is the given bytes. */
static void
mb_rr_data(struct mb *b, const char *owner, unsigned type, uint32_t ttl,
	   const void *rd, size_t n)
{
	mb_rr(b, owner, type, ttl);
	mb_raw(b, rd, n);
	mb_rr_end(b);
}

static void
mb_caa(struct mb *b, const char *owner, unsigned flags, const char *tag,
       const void *value, size_t n)
{
	mb_rr(b, owner, 257, 300);
	mb_u8(b, flags);
	mb_u8(b, (unsigned)strlen(tag));
	mb_str(b, tag);
	mb_raw(b, value, n);
	mb_rr_end(b);
}

static void
mb_soa(struct mb *b, const char *owner, uint32_t ttl, uint32_t minimum)
{
	mb_rr(b, owner, 6, ttl);
	mb_name(b, "ns1.example.com");
	mb_name(b, "hostmaster.example.com");
	mb_u32(b, 2024010101);
	mb_u32(b, 7200);
	mb_u32(b, 3600);
	mb_u32(b, 1209600);
	mb_u32(b, minimum);
	mb_rr_end(b);
}

/* OPT with one EDE option (info code, text); code < 0: no option. */
static void
mb_opt_ede(struct mb *b, uint32_t ttl, int code, const void *text, size_t n)
{
	mb_name(b, ".");
	mb_rr_fixed(b, 41, 1232, ttl);
	if (code >= 0) {
		mb_u16(b, 15);
		mb_u16(b, (unsigned)(2 + n));
		mb_u16(b, (unsigned)code);
		mb_raw(b, text, n);
	}
	mb_rr_end(b);
}

/* Parse from a buffer of exactly n bytes. */
static struct dns_msg *
parse_exact(const uint8_t *p, size_t n, char *err, size_t errlen)
{
	uint8_t *copy = xmalloc(n ? n : 1);
	memcpy(copy, p, n);
	struct dns_msg *m = dns_msg_parse(copy, n, err, errlen);
	free(copy);
	return m;
}

static struct dns_msg *
parse_mb(const struct mb *b)
{
	char err[128] = "";
	struct dns_msg *m = parse_exact(b->buf, b->len, err, sizeof err);
	if (!m)
		fprintf(stderr, "  (parse failed: %s)\n", err);
	return m;
}

static bool
printable_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

static char *
rr_text_at(const struct dns_msg *m, size_t i)
{
	return m && i < m->n_rr ? dns_rr_text(&m->rrs[i]) : NULL;
}

/* ---- one record of each decoded type */

static const uint8_t rrsig_rdata[] = {
	0x01, 0x01, 13, 2, 0, 0, 0x01, 0x2c,            /* CAA, alg 13, 2 labels, 300 */
	0x65, 0x53, 0xf1, 0x00, 0x65, 0x44, 0xae, 0xc0, /* 1700000000, 1699000000 */
	0x30, 0x39,                                     /* key tag 12345 */
	7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
	1, 2, 3, 4,
};

static void
add_a(struct mb *b)
{
	mb_rr_data(b, "@", 1, 300, "\xc0\x00\x02\x01", 4);
}

static void
add_aaaa(struct mb *b)
{
	mb_rr_data(b, "@", 28, 300,
		   "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
}

static void
add_ns(struct mb *b)
{
	mb_rr(b, "@", 2, 86400);
	mb_name(b, "NS1.Example.NET");
	mb_rr_end(b);
}

static void
add_cname(struct mb *b)
{
	mb_rr(b, "www.example.com", 5, 60);
	mb_u16(b, 0xc00c);      /* target compressed to the question name */
	mb_rr_end(b);
}

static void
add_dname(struct mb *b)
{
	mb_rr(b, "@", 39, 300);
	mb_name(b, "example.net");
	mb_rr_end(b);
}

static void
add_ptr(struct mb *b)
{
	mb_rr(b, "1.2.0.192.in-addr.arpa", 12, 300);
	mb_name(b, "host.example");
	mb_rr_end(b);
}

static void
add_mx(struct mb *b)
{
	mb_rr(b, "@", 15, 300);
	mb_u16(b, 10);
	mb_u8(b, 4);
	mb_str(b, "mail");
	mb_u16(b, 0xc00c);
	mb_rr_end(b);
}

static void
add_soa(struct mb *b)
{
	mb_soa(b, "@", 3600, 300);
}

static void
add_caa(struct mb *b)
{
	mb_caa(b, "@", 0, "issue", "amazon.com", 10);
}

static void
add_caa_critical(struct mb *b)
{
	mb_caa(b, "@", 128, "issuewild", ";", 1);
}

static void
add_txt(struct mb *b)
{
	mb_rr_data(b, "@", 16, 300, "\x0bv=spf1 -all\x06second\x00", 20);
}

static void
add_rrsig(struct mb *b)
{
	mb_rr_data(b, "@", 46, 300, rrsig_rdata, sizeof rrsig_rdata);
}

static void
add_ds(struct mb *b)
{
	mb_rr_data(b, "@", 43, 3600, "\x30\x39\x0d\x02\xab\xcd\xef", 7);
}

static void
add_dnskey(struct mb *b)
{
	mb_rr_data(b, "@", 48, 3600, "\x01\x01\x03\x0d\x01\x02\x03\x04", 8);
}

static void
add_unknown(struct mb *b)
{
	mb_rr_data(b, "@", 65280, 300, "\x0a\x0b\x0c", 3);
}

static void
add_unknown_empty(struct mb *b)
{
	mb_rr_data(b, "@", 65280, 300, "", 0);
}

static void
add_a_bad_len(struct mb *b)
{
	mb_rr_data(b, "@", 1, 300, "\xc0\x00\x02", 3);
}

static void
add_cname_trailing(struct mb *b)
{
	mb_rr(b, "@", 5, 300);
	mb_u16(b, 0xc00c);
	mb_u8(b, 0x55);         /* junk after the name */
	mb_rr_end(b);
}

static void
add_cname_forward(struct mb *b)
{
	mb_rr(b, "@", 5, 300);
	mb_u16(b, 0xc000 | (unsigned)(b->len + 2));     /* points past itself */
	mb_u8(b, 0);
	mb_rr_end(b);
}

static void
add_cname_into_header(struct mb *b)
{
	mb_rr_data(b, "@", 5, 300, "\xc0\x04", 2);
}

static void
add_txt_bad(struct mb *b)
{
	mb_rr_data(b, "@", 16, 300, "\x05" "abc", 4);
}

static void
add_high_ttl(struct mb *b)
{
	mb_rr_data(b, "@", 1, 0x80000000u, "\x01\x02\x03\x04", 4);
}

static void
add_chaos_class(struct mb *b)
{
	mb_name(b, "@");
	mb_rr_fixed(b, 16, 3, 0);
	mb_raw(b, "\x04" "knot", 5);
	mb_rr_end(b);
}

static const struct {
	const char *what;
	void (*add)(struct mb *);
	bool ok;
	const char *text;
} type_cases[] = {
	{ "A", add_a, true, "example.com. 300 IN A 192.0.2.1" },
	{ "AAAA", add_aaaa, true, "example.com. 300 IN AAAA 2001:db8::1" },
	{ "NS", add_ns, true, "example.com. 86400 IN NS ns1.example.net." },
	{ "CNAME", add_cname, true, "www.example.com. 60 IN CNAME example.com." },
	{ "DNAME", add_dname, true, "example.com. 300 IN DNAME example.net." },
	{ "PTR", add_ptr, true, "1.2.0.192.in-addr.arpa. 300 IN PTR host.example." },
	{ "MX", add_mx, true, "example.com. 300 IN MX 10 mail.example.com." },
	{ "SOA", add_soa, true, "example.com. 3600 IN SOA ns1.example.com. "
	  "hostmaster.example.com. 2024010101 7200 3600 1209600 300" },
	{ "CAA", add_caa, true, "example.com. 300 IN CAA 0 issue \"amazon.com\"" },
	{ "CAA critical", add_caa_critical, true,
	  "example.com. 300 IN CAA 128 issuewild \";\"" },
	{ "TXT", add_txt, true,
	  "example.com. 300 IN TXT \"v=spf1 -all\" \"second\" \"\"" },
	{ "RRSIG", add_rrsig, true, "example.com. 300 IN RRSIG CAA 13 2 300 "
	  "20231114221320 20231103082640 12345 example.com. AQIDBA==" },
	{ "DS", add_ds, true, "example.com. 3600 IN DS 12345 13 2 ABCDEF" },
	{ "DNSKEY", add_dnskey, true, "example.com. 3600 IN DNSKEY 257 3 13 AQIDBA==" },
	{ "unknown type", add_unknown, false,
	  "example.com. 300 IN TYPE65280 \\# 3 0A0B0C" },
	{ "unknown empty", add_unknown_empty, false,
	  "example.com. 300 IN TYPE65280 \\# 0" },
	{ "A of 3 octets", add_a_bad_len, false,
	  "example.com. 300 IN A \\# 3 C00002" },
	{ "CNAME with junk", add_cname_trailing, false,
	  "example.com. 300 IN CNAME \\# 3 C00C55" },
	{ "CNAME forward ptr", add_cname_forward, false,
	  "example.com. 300 IN CNAME \\# 3 C02B00" },
	{ "CNAME ptr to header", add_cname_into_header, false,
	  "example.com. 300 IN CNAME \\# 2 C004" },
	{ "TXT overrun", add_txt_bad, false,
	  "example.com. 300 IN TXT \\# 4 05616263" },
	{ "TTL top bit", add_high_ttl, true, "example.com. 0 IN A 1.2.3.4" },
	{ "class CH", add_chaos_class, true, "example.com. 0 CH TXT \"knot\"" },
};

static void
test_types(void)
{
	struct mb b;

	mb_init(&b);
	for (size_t i = 0; i < ARRAY_LEN(type_cases); i++) {
		mb_start(&b, F_RESP | F_AA, "Example.COM", 1, 1, 0, 0);
		type_cases[i].add(&b);
		struct dns_msg *m = parse_mb(&b);
		CHECK(m && m->n_rr == 1 && m->n_answer == 1, "%s: one answer",
		      type_cases[i].what);
		if (!m)
			continue;
		CHECK(m->rrs[0].rdata_ok == type_cases[i].ok, "%s: rdata_ok %d",
		      type_cases[i].what, m->rrs[0].rdata_ok);
		char *t = rr_text_at(m, 0);
		CHECK_STR(t, type_cases[i].text, "%s: presentation", type_cases[i].what);
		free(t);
		dns_msg_free(m);
	}
	free(b.buf);
}

/* Decoded fields, beyond what the text shows. */
static void
test_type_fields(void)
{
	struct mb b;
	mb_init(&b);

	mb_start(&b, F_RESP, "example.com", 15, 6, 0, 0);
	add_a(&b);
	add_mx(&b);
	add_soa(&b);
	add_caa(&b);
	add_rrsig(&b);
	add_aaaa(&b);
	struct dns_msg *m = parse_mb(&b);
	CHECK(m && m->n_rr == 6, "six answers");
	if (m && m->n_rr == 6) {
		const struct dns_rr *r = m->rrs;
		CHECK(!memcmp(r[0].u.addr, "\xc0\x00\x02\x01", 4), "A address");
		CHECK(r[0].rdlen == 4 && r[0].rdata >= m->wire &&
		      r[0].rdata + 4 <= m->wire + m->wire_len, "rdata inside the copy");
		CHECK(r[1].u.mx.pref == 10, "MX preference %u", r[1].u.mx.pref);
		CHECK_STR(r[1].u.mx.exchange, "mail.example.com.", "MX exchange");
		CHECK(r[2].u.soa.serial == 2024010101 && r[2].u.soa.refresh == 7200 &&
		      r[2].u.soa.retry == 3600 && r[2].u.soa.expire == 1209600 &&
		      r[2].u.soa.minimum == 300, "SOA numbers");
		CHECK_STR(r[2].u.soa.rname, "hostmaster.example.com.", "SOA rname");
		CHECK(r[3].u.caa.flags == 0 && r[3].u.caa.tag_len == 5 &&
		      !memcmp(r[3].u.caa.tag, "issue", 5) &&
		      r[3].u.caa.value_len == 10 &&
		      !memcmp(r[3].u.caa.value, "amazon.com", 10), "CAA fields");
		CHECK(r[4].u.rrsig.covered == 257, "RRSIG covers CAA: %u",
		      r[4].u.rrsig.covered);
		CHECK(r[5].u.addr[0] == 0x20 && r[5].u.addr[15] == 1, "AAAA address");
		char *t = dns_rdata_text(&r[1]);
		CHECK_STR(t, "10 mail.example.com.", "rdata text alone");
		free(t);
		CHECK_STR(m->qname, "example.com.", "qname");
		CHECK(m->qtype == 15 && m->qclass == 1, "qtype %u qclass %u",
		      m->qtype, m->qclass);
	}
	dns_msg_free(m);
	free(b.buf);
}

/* ---- whole answers */

static void
build_cname_chain(struct mb *b)
{
	mb_start(b, F_RESP, "www.example.com", 1, 3, 0, 0);
	mb_rr(b, "@", 5, 300);
	mb_name(b, "a.example.net");
	mb_rr_end(b);
	mb_rr(b, "a.example.net", 5, 120);
	mb_name(b, "b.example.org");
	mb_rr_end(b);
	mb_rr_data(b, "b.example.org", 1, 60, "\xc0\x00\x02\x07", 4);
}

static void
test_cname_chain(void)
{
	struct mb b;
	mb_init(&b);
	build_cname_chain(&b);
	struct dns_msg *m = parse_mb(&b);
	CHECK(m && m->n_answer == 3 && m->n_rr == 3, "three answers");
	if (m && m->n_rr == 3) {
		/* Follow the chain the way a caller would. */
		const char *at = m->qname;
		size_t hops = 0;
		for (size_t i = 0; i < m->n_rr; i++) {
			if (m->rrs[i].type == 5 && !strcmp(m->rrs[i].owner, at)) {
				at = m->rrs[i].u.target;
				hops++;
			}
		}
		CHECK(hops == 2, "two CNAME hops, got %zu", hops);
		CHECK_STR(at, "b.example.org.", "end of the chain");
		CHECK(m->rrs[2].type == 1 && !strcmp(m->rrs[2].owner, at) &&
		      m->rrs[2].u.addr[3] == 7 && m->rrs[2].ttl == 60,
		      "address at the end of the chain");
		CHECK(m->rrs[1].ttl == 120, "TTL of the second hop");
	}
	dns_msg_free(m);
	free(b.buf);
}

static void
build_nxdomain(struct mb *b)
{
	mb_start(b, F_RESP | F_AA | DNS_RC_NXDOMAIN, "nope.example.com", 257, 0, 1, 0);
	mb_soa(b, "example.com", 900, 300);
}

static void
test_nxdomain(void)
{
	struct mb b;
	mb_init(&b);
	build_nxdomain(&b);
	struct dns_msg *m = parse_mb(&b);
	CHECK(m && m->rcode == DNS_RC_NXDOMAIN, "rcode NXDOMAIN");
	if (m) {
		CHECK_STR(dns_rcode_name(m->rcode), "NXDOMAIN", "rcode name");
		CHECK(m->aa && m->n_answer == 0 && m->n_authority == 1,
		      "no answer, one authority record");
		CHECK(m->n_rr == 1 && m->rrs[0].section == DNS_SEC_AUTHORITY &&
		      m->rrs[0].type == DNS_T_SOA, "SOA in authority");
		CHECK(m->n_rr == 1 && m->rrs[0].ttl == 900 &&
		      m->rrs[0].u.soa.minimum == 300, "negative TTL inputs");
		CHECK(!m->has_edns && m->ede_code == -1 && !m->ede_text, "no EDNS");
	}
	dns_msg_free(m);
	free(b.buf);
}

static void
build_referral(struct mb *b)
{
	mb_start(b, F_QR, "www.example.com", 257, 0, 2, 2);
	mb_rr(b, "example.com", 2, 172800);
	mb_name(b, "ns1.example.com");
	mb_rr_end(b);
	mb_rr(b, "example.com", 2, 172800);
	mb_name(b, "ns2.example.net");
	mb_rr_end(b);
	mb_rr_data(b, "ns1.example.com", 1, 172800, "\xc6\x33\x64\x01", 4);
	mb_rr_data(b, "ns1.example.com", 28, 172800,
		   "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x35", 16);
}

static void
test_referral(void)
{
	struct mb b;
	mb_init(&b);
	build_referral(&b);
	struct dns_msg *m = parse_mb(&b);
	CHECK(m && !m->aa && m->rcode == 0 && m->n_answer == 0, "referral shape");
	if (m && m->n_rr == 4) {
		CHECK(m->n_authority == 2 && m->rrs[0].section == DNS_SEC_AUTHORITY &&
		      m->rrs[1].section == DNS_SEC_AUTHORITY, "NS in authority");
		CHECK_STR(m->rrs[1].u.target, "ns2.example.net.", "second NS");
		CHECK(m->n_additional == 2 && m->rrs[2].section == DNS_SEC_ADDITIONAL,
		      "glue in additional");
		char *t = rr_text_at(m, 2);
		CHECK_STR(t, "ns1.example.com. 172800 IN A 198.51.100.1", "glue A");
		free(t);
		t = rr_text_at(m, 3);
		CHECK_STR(t, "ns1.example.com. 172800 IN AAAA 2001:db8::35", "glue AAAA");
		free(t);
	}
	dns_msg_free(m);
	free(b.buf);
}

static const char bogus_text[] = "validation failure <caa.example.com. CAA IN>";

static void
build_servfail_ede(struct mb *b)
{
	mb_start(b, F_RESP | DNS_RC_SERVFAIL, "caa.example.com", 257, 0, 0, 1);
	mb_opt_ede(b, 0x8000, 6, bogus_text, strlen(bogus_text));
}

static void
test_servfail_ede(void)
{
	struct mb b;
	mb_init(&b);
	build_servfail_ede(&b);
	struct dns_msg *m = parse_mb(&b);
	CHECK(m && m->rcode == DNS_RC_SERVFAIL, "SERVFAIL");
	if (m) {
		CHECK(m->has_edns && m->edns_udp_size == 1232 && m->edns_do &&
		      m->edns_version == 0, "EDNS fields");
		CHECK(m->ede_code == 6, "EDE code %d", m->ede_code);
		CHECK_STR(m->ede_text, bogus_text, "EDE text");
		CHECK(m->n_additional == 1 && m->rrs[0].type == DNS_T_OPT &&
		      m->rrs[0].rdata_ok, "OPT record kept");
		char *t = rr_text_at(m, 0);
		CHECK(t && printable_ascii(t) && strstr(t, " OPT \\# "),
		      "OPT presentation: %s", t ? t : "(null)");
		free(t);
	}
	dns_msg_free(m);
	free(b.buf);
}

static const struct {
	const char *what;
	uint32_t ttl;           /* OPT TTL: extended rcode, version, flags */
	unsigned hdr_rcode;
	int code;               /* EDE info code, -1 for no option */
	const char *text;
	size_t text_len;
	int want_rcode, want_code;
	const char *want_text;  /* NULL: expect NULL */
	bool opt_ok;
} ede_cases[] = {
	{ "no text", 0, 2, 9, "", 0, 2, 9, NULL, true },
	{ "NUL-terminated", 0, 2, 18, "prohibited\0", 11, 2, 18, "prohibited", true },
	{ "hostile bytes", 0, 2, 0, "\x1b[2Jx\\y\n\xc3\xa9", 10, 2, 0,
	  "\\027[2Jx\\\\y\\010\\195\\169", true },
	{ "no option", 0, 2, -1, "", 0, 2, -1, NULL, true },
	{ "BADVERS", 0x01000000, 0, -1, "", 0, 16, -1, NULL, true },
	{ "ext rcode high", 0xff000000, 5, -1, "", 0, 4085, -1, NULL, true },
};

static void
test_ede_cases(void)
{
	struct mb b;
	mb_init(&b);
	for (size_t i = 0; i < ARRAY_LEN(ede_cases); i++) {
		mb_start(&b, F_RESP | ede_cases[i].hdr_rcode, "example.com", 1, 0, 0, 1);
		mb_opt_ede(&b, ede_cases[i].ttl, ede_cases[i].code,
			   ede_cases[i].text, ede_cases[i].text_len);
		struct dns_msg *m = parse_mb(&b);
		CHECK(m != NULL, "%s: parses", ede_cases[i].what);
		if (!m)
			continue;
		CHECK(m->rcode == ede_cases[i].want_rcode, "%s: rcode %d",
		      ede_cases[i].what, m->rcode);
		CHECK(m->ede_code == ede_cases[i].want_code, "%s: code %d",
		      ede_cases[i].what, m->ede_code);
		if (ede_cases[i].want_text)
			CHECK_STR(m->ede_text, ede_cases[i].want_text, "%s: text",
				  ede_cases[i].what);
		else
			CHECK(m->ede_text == NULL, "%s: no text", ede_cases[i].what);
		CHECK(m->rrs[0].rdata_ok == ede_cases[i].opt_ok, "%s: OPT ok",
		      ede_cases[i].what);
		dns_msg_free(m);
	}
	CHECK_STR(dns_rcode_name(16), "BADVERS", "extended rcode name");

	/* A long text is cut, on an escape boundary, with a marker. */
	uint8_t longtext[600];
	memset(longtext, 0x07, sizeof longtext);
	mb_start(&b, F_RESP | 2, "example.com", 1, 0, 0, 1);
	mb_opt_ede(&b, 0, 6, longtext, sizeof longtext);
	struct dns_msg *m = parse_mb(&b);
	CHECK(m && m->ede_text && strlen(m->ede_text) <= 210 &&
	      strlen(m->ede_text) > 100 &&
	      !strcmp(m->ede_text + strlen(m->ede_text) - 7, "\\007..."),
	      "long EDE text bounded: %s", m && m->ede_text ? m->ede_text : "(null)");
	dns_msg_free(m);

	/* A broken option loses the OPT's rdata, not the message or its rcode. */
	mb_start(&b, F_RESP | 2, "example.com", 1, 0, 0, 1);
	mb_name(&b, ".");
	mb_rr_fixed(&b, 41, 512, 0);
	mb_raw(&b, "\x00\x0f\x00\x01\x06", 5);  /* EDE of length 1 */
	mb_rr_end(&b);
	m = parse_mb(&b);
	CHECK(m && m->has_edns && m->rcode == 2 && m->edns_udp_size == 512 &&
	      !m->rrs[0].rdata_ok && m->ede_code == -1, "short EDE option");
	dns_msg_free(m);

	/* Option length past the rdata. */
	mb_start(&b, F_RESP | 2, "example.com", 1, 0, 0, 1);
	mb_name(&b, ".");
	mb_rr_fixed(&b, 41, 512, 0);
	mb_raw(&b, "\x00\x0f\x00\x09\x00\x06", 6);
	mb_rr_end(&b);
	m = parse_mb(&b);
	CHECK(m && m->has_edns && !m->rrs[0].rdata_ok && m->ede_code == -1,
	      "EDE option overruns the OPT rdata");
	dns_msg_free(m);

	/* Only the first OPT counts; an OPT in the answer section is data. */
	mb_start(&b, F_RESP, "example.com", 1, 1, 0, 2);
	mb_opt_ede(&b, 0x0f000000, 3, "x", 1);
	mb_opt_ede(&b, 0, 6, "first", 5);
	mb_opt_ede(&b, 0x02000000, 7, "second", 6);
	m = parse_mb(&b);
	CHECK(m && m->n_rr == 3 && m->ede_code == 6 && m->rcode == 0 &&
	      !m->rrs[0].rdata_ok && m->rrs[1].rdata_ok && !m->rrs[2].rdata_ok,
	      "first OPT in additional wins");
	if (m)
		CHECK_STR(m->ede_text, "first", "first EDE text");
	dns_msg_free(m);
	free(b.buf);
}

/* ---- header flags */

static const struct {
	unsigned flags;
	bool qr, aa, tc, rd, ra, ad, cd;
} flag_cases[] = {
	{ 0, 0, 0, 0, 0, 0, 0, 0 },
	{ F_QR, 1, 0, 0, 0, 0, 0, 0 },
	{ F_AA, 0, 1, 0, 0, 0, 0, 0 },
	{ F_TC, 0, 0, 1, 0, 0, 0, 0 },
	{ F_RD, 0, 0, 0, 1, 0, 0, 0 },
	{ F_RA, 0, 0, 0, 0, 1, 0, 0 },
	{ F_AD, 0, 0, 0, 0, 0, 1, 0 },
	{ F_CD, 0, 0, 0, 0, 0, 0, 1 },
	{ 0x0040 | 0x7800, 0, 0, 0, 0, 0, 0, 0 },  /* Z bit and opcode 15 */
	{ 0xffff, 1, 1, 1, 1, 1, 1, 1 },
};

static void
test_flags(void)
{
	struct mb b;
	mb_init(&b);
	for (size_t i = 0; i < ARRAY_LEN(flag_cases); i++) {
		mb_start(&b, flag_cases[i].flags, "example.com", 1, 0, 0, 0);
		struct dns_msg *m = parse_mb(&b);
		CHECK(m != NULL, "flags %04x: parses", flag_cases[i].flags);
		if (!m)
			continue;
		CHECK(m->qr == flag_cases[i].qr && m->aa == flag_cases[i].aa &&
		      m->tc == flag_cases[i].tc && m->rd == flag_cases[i].rd &&
		      m->ra == flag_cases[i].ra && m->ad == flag_cases[i].ad &&
		      m->cd == flag_cases[i].cd,
		      "flags %04x: qr%d aa%d tc%d rd%d ra%d ad%d cd%d",
		      flag_cases[i].flags, m->qr, m->aa, m->tc, m->rd, m->ra,
		      m->ad, m->cd);
		CHECK(m->rcode == (int)(flag_cases[i].flags & 15) && m->id == 0x1234,
		      "flags %04x: rcode and id", flag_cases[i].flags);
		dns_msg_free(m);
	}
	free(b.buf);
}

/* ---- sizes and counts */

static void
test_bounds(void)
{
	char err[64];
	struct mb b;
	mb_init(&b);

	mb_header(&b, F_RESP, 0, 0, 0, 0);
	for (size_t n = 0; n < 12; n++) {
		err[0] = '\0';
		struct dns_msg *m = parse_exact(b.buf, n, err, sizeof err);
		CHECK(!m && err[0], "%zu-octet message refused", n);
		dns_msg_free(m);
	}
	struct dns_msg *m = parse_exact(b.buf, 12, err, sizeof err);
	CHECK(m && m->n_rr == 0 && !m->qname && m->qtype == 0, "bare header parses");
	dns_msg_free(m);
	CHECK(dns_msg_parse(NULL, 20, err, sizeof err) == NULL, "NULL input");
	CHECK(dns_msg_parse(b.buf, 5, NULL, 0) == NULL, "no error buffer");

	/* Exactly 65535 octets parses; one more is refused. */
	mb_header(&b, F_RESP, 0, 1, 0, 0);
	mb_name(&b, ".");
	mb_rr_fixed(&b, 65280, 1, 0);
	while (b.len < 65535)
		mb_u8(&b, 0x5a);
	mb_rr_end(&b);
	m = parse_mb(&b);
	CHECK(m && m->rrs[0].rdlen == 65535 - 23, "65535-octet message");
	dns_msg_free(m);
	mb_u8(&b, 0);
	err[0] = '\0';
	m = parse_exact(b.buf, b.len, err, sizeof err);
	CHECK(!m && strstr(err, "65535"), "65536 octets refused: %s", err);
	dns_msg_free(m);

	/* Counts the size cannot hold are refused before allocating. */
	static const unsigned counts[][4] = {
		{ 65535, 0, 0, 0 }, { 0, 65535, 0, 0 }, { 0, 0, 65535, 0 },
		{ 0, 0, 0, 65535 }, { 1, 1, 0, 0 }, { 0, 1, 1, 1 },
	};
	for (size_t i = 0; i < ARRAY_LEN(counts); i++) {
		mb_header(&b, F_RESP, counts[i][0], counts[i][1], counts[i][2],
			  counts[i][3]);
		err[0] = '\0';
		m = parse_exact(b.buf, b.len, err, sizeof err);
		CHECK(!m && strstr(err, "exceed"), "counts %u/%u/%u/%u refused "
		      "up front: %s", counts[i][0], counts[i][1], counts[i][2],
		      counts[i][3], err);
		dns_msg_free(m);
	}

	/* Bytes after the last record are ignored, as resolvers do. */
	mb_start(&b, F_RESP, "example.com", 1, 1, 0, 0);
	add_a(&b);
	mb_raw(&b, "\0\0\0", 3);
	m = parse_mb(&b);
	CHECK(m && m->n_rr == 1, "trailing octets tolerated");
	dns_msg_free(m);

	/* Further questions are walked but only the first is kept. */
	mb_header(&b, F_RESP, 2, 0, 0, 0);
	mb_name(&b, "one.example");
	mb_u16(&b, 1);
	mb_u16(&b, 1);
	mb_name(&b, "two.example");
	mb_u16(&b, 28);
	mb_u16(&b, 1);
	m = parse_mb(&b);
	CHECK(m && m->qname && !strcmp(m->qname, "one.example.") && m->qtype == 1,
	      "first of two questions");
	dns_msg_free(m);
	free(b.buf);
}

/* ---- every prefix of a valid message fails cleanly */

static void build_caa_set(struct mb *b);
static void build_special_owner(struct mb *b);
static void build_dnssec(struct mb *b);
static void build_misc(struct mb *b);
static void build_bad_rdata(struct mb *b);

static void
build_simple_a(struct mb *b)
{
	mb_start(b, F_RESP | F_AA, "example.com", 1, 1, 0, 0);
	add_a(b);
}

static void
build_mx_txt(struct mb *b)
{
	mb_start(b, F_RESP, "example.com", 15, 2, 0, 0);
	add_mx(b);
	add_txt(b);
}

static void
build_unknown(struct mb *b)
{
	mb_start(b, F_RESP | F_AD, "example.com", 65280, 2, 0, 1);
	add_unknown(b);
	add_unknown_empty(b);
	mb_opt_ede(b, 0, -1, "", 0);
}

static const struct {
	const char *what;
	void (*build)(struct mb *);
} seeds[] = {
	{ "A", build_simple_a },
	{ "CNAME chain", build_cname_chain },
	{ "NXDOMAIN", build_nxdomain },
	{ "referral", build_referral },
	{ "SERVFAIL+EDE", build_servfail_ede },
	{ "CAA set", build_caa_set },
	{ "special owner", build_special_owner },
	{ "DNSSEC", build_dnssec },
	{ "MX+TXT", build_mx_txt },
	{ "unknown", build_unknown },
	{ "misc", build_misc },
	{ "bad rdata", build_bad_rdata },
};

static void
build_bad_rdata(struct mb *b)
{
	mb_start(b, F_RESP, "example.com", 257, 4, 0, 0);
	add_a_bad_len(b);
	add_cname_trailing(b);
	add_txt_bad(b);
	mb_rr_data(b, "@", 257, 300, "\x00\x00" "abc", 5);
}

static void
test_truncation(void)
{
	struct mb b;
	mb_init(&b);
	for (size_t i = 0; i < ARRAY_LEN(seeds); i++) {
		seeds[i].build(&b);
		struct dns_msg *m = parse_mb(&b);
		CHECK(m != NULL, "%s: full message parses", seeds[i].what);
		dns_msg_free(m);
		size_t parsed = 0;
		for (size_t n = 0; n < b.len; n++) {
			char err[64] = "";
			m = parse_exact(b.buf, n, err, sizeof err);
			if (m || !err[0])
				parsed++;
			dns_msg_free(m);
		}
		CHECK(parsed == 0, "%s: %zu of %zu prefixes were accepted",
		      seeds[i].what, parsed, b.len);
	}
	free(b.buf);
}

/* ---- names: compression, lengths, escaping */

static const struct {
	const char *what;
	const char *bytes;      /* the question name region, from offset 12 */
	size_t n;
	const char *want;       /* NULL: the message must be refused */
} ptr_cases[] = {
	{ "plain", "\x03www\x07" "example\x03" "com\x00", 17, "www.example.com." },
	{ "root", "\x00", 1, "." },
	{ "pointer to itself", "\xc0\x0c", 2, NULL },
	{ "forward pointer", "\xc0\x0e\x00", 3, NULL },
	{ "pointer past end", "\xff\xff", 2, NULL },
	{ "label then loop", "\x01" "a\xc0\x0c", 4, NULL },
	{ "mutual pointers", "\xc0\x0e\xc0\x0c", 4, NULL },
	{ "pointer into header", "\xc0\x04", 2, NULL },
	{ "pointer to offset 0", "\xc0\x00", 2, NULL },
	{ "half a pointer", "\x03www\xc0", 5, NULL },
	{ "label type 0x40", "\x41" "a\x00", 3, NULL },
	{ "label type 0x80", "\x81" "a\x00", 3, NULL },
	{ "label past end", "\x3f" "abc", 4, NULL },
	{ "missing root", "\x03www", 4, NULL },
};

static void
test_pointers(void)
{
	struct mb b;
	mb_init(&b);
	for (size_t i = 0; i < ARRAY_LEN(ptr_cases); i++) {
		mb_header(&b, F_RESP, 1, 0, 0, 0);
		mb_raw(&b, ptr_cases[i].bytes, ptr_cases[i].n);
		mb_u16(&b, 1);
		mb_u16(&b, 1);
		char err[64] = "";
		struct dns_msg *m = parse_exact(b.buf, b.len, err, sizeof err);
		if (ptr_cases[i].want)
			CHECK(m && m->qname && !strcmp(m->qname, ptr_cases[i].want),
			      "%s: %s", ptr_cases[i].what, err);
		else
			CHECK(!m && err[0], "%s: refused", ptr_cases[i].what);
		dns_msg_free(m);
	}

	/* Legitimate compression: owner points into the question, a target
	 * points at that owner's pointer (two hops). */
	mb_start(&b, F_RESP, "foo.example.com", 5, 1, 0, 0);
	size_t owner_at = b.len;
	mb_raw(&b, "\x03www\xc0\x10", 6);       /* www + "example.com" at 16 */
	mb_rr_fixed(&b, 5, 1, 300);
	mb_u8(&b, 1);
	mb_u8(&b, 'a');
	mb_u16(&b, 0xc000 | (unsigned)owner_at);
	mb_rr_end(&b);
	struct dns_msg *m = parse_mb(&b);
	CHECK(m && m->n_rr == 1 && m->rrs[0].rdata_ok, "two-hop compression");
	if (m && m->n_rr == 1) {
		CHECK_STR(m->rrs[0].owner, "www.example.com.", "compressed owner");
		CHECK_STR(m->rrs[0].u.target, "a.www.example.com.", "two-hop target");
	}
	dns_msg_free(m);

	/* A target whose labels would run on into the next record must stay
	 * inside its own rdata. */
	mb_start(&b, F_RESP, "example.com", 5, 2, 0, 0);
	mb_rr_data(&b, "@", 5, 300, "\x03" "abc", 4);
	mb_name(&b, ".");
	mb_rr_fixed(&b, 1, 1, 300);
	mb_raw(&b, "\x01\x02\x03\x04", 4);
	mb_rr_end(&b);
	m = parse_mb(&b);
	CHECK(m && m->n_rr == 2 && !m->rrs[0].rdata_ok && m->rrs[1].rdata_ok,
	      "rdata name confined to its rdata");
	dns_msg_free(m);

	/* Cycles placed earlier in the message (inside an unknown record's
	 * rdata) and entered through a valid backward pointer. */
	static const struct {
		const char *what, *cycle;
		size_t n;
	} cycles[] = {
		{ "pointer cycle", "\xc0\x02\xc0\x00", 4 },
		{ "label and pointer cycle", "\x01" "a\xc0\x00", 4 },
		{ "jump forward after a jump back", "\xc0\x02\x00", 3 },
	};
	for (size_t i = 0; i < ARRAY_LEN(cycles); i++) {
		mb_start(&b, F_RESP, "example.com", 1, 2, 0, 0);
		mb_rr(&b, "@", 65280, 300);
		size_t at = b.len;
		for (size_t k = 0; k < cycles[i].n; k++) {
			uint8_t c = (uint8_t)cycles[i].cycle[k];
			/* Pointer offsets in the table are relative to the
			 * rdata; the rdata starts below offset 256. */
			mb_u8(&b, k > 0 && (uint8_t)cycles[i].cycle[k - 1] == 0xc0 ?
			      c + (unsigned)at : c);
		}
		mb_rr_end(&b);
		mb_u16(&b, 0xc000 | (unsigned)at);
		mb_rr_fixed(&b, 1, 1, 300);
		mb_raw(&b, "\x01\x02\x03\x04", 4);
		mb_rr_end(&b);
		char err[64] = "";
		m = parse_exact(b.buf, b.len, err, sizeof err);
		CHECK(!m && strstr(err, "owner"), "%s: refused: %s",
		      cycles[i].what, err);
		dns_msg_free(m);
	}

	/* A bad owner name fails the whole message. */
	mb_start(&b, F_RESP, "example.com", 1, 1, 0, 0);
	mb_raw(&b, "\xc0\x7f", 2);
	mb_rr_fixed(&b, 1, 1, 300);
	mb_raw(&b, "\x01\x02\x03\x04", 4);
	mb_rr_end(&b);
	char err[64] = "";
	m = parse_exact(b.buf, b.len, err, sizeof err);
	CHECK(!m && strstr(err, "owner"), "forward pointer in an owner: %s", err);
	dns_msg_free(m);
	free(b.buf);
}

/* Name of `labels` labels of `each` octets (the last `last` octets long). */
static void
mb_long_name(struct mb *b, int labels, int each, int last)
{
	for (int i = 0; i < labels; i++) {
		int n = i == labels - 1 ? last : each;
		mb_u8(b, (unsigned)n);
		for (int k = 0; k < n; k++)
			mb_u8(b, 'a' + (unsigned)(i + k) % 26);
	}
	mb_u8(b, 0);
}

static const struct {
	const char *what;
	int labels, each, last;
	bool ok;
} len_cases[] = {
	{ "64 labels", 64, 1, 1, true },
	{ "127 labels, 255 octets", 127, 1, 1, true },
	{ "128 labels, 257 octets", 128, 1, 1, false },
	{ "255 octets in 63-octet labels", 4, 63, 61, true },
	{ "256 octets", 4, 63, 62, false },
	{ "one 63-octet label", 1, 63, 63, true },
	{ "one 64-octet label", 1, 64, 64, false },
};

static void
test_name_lengths(void)
{
	struct mb b;
	mb_init(&b);
	for (size_t i = 0; i < ARRAY_LEN(len_cases); i++) {
		mb_header(&b, F_RESP, 1, 0, 0, 0);
		mb_long_name(&b, len_cases[i].labels, len_cases[i].each,
			     len_cases[i].last);
		mb_u16(&b, 1);
		mb_u16(&b, 1);
		struct dns_msg *m = parse_exact(b.buf, b.len, NULL, 0);
		CHECK((m != NULL) == len_cases[i].ok, "%s", len_cases[i].what);
		if (m) {
			CHECK(dns_name_labels(m->qname) == len_cases[i].labels,
			      "%s: %d labels", len_cases[i].what,
			      dns_name_labels(m->qname));
			char canon[DNS_NAME_TEXT_MAX];
			CHECK(dns_name_canon(m->qname, canon, sizeof canon) &&
			      !strcmp(canon, m->qname), "%s: canonical", len_cases[i].what);
		}
		dns_msg_free(m);
	}

	/* The 255-octet limit counts across compression pointers. */
	mb_header(&b, F_RESP, 1, 1, 0, 0);
	mb_long_name(&b, 50, 3, 3);                     /* 201 octets */
	mb_u16(&b, 1);
	mb_u16(&b, 1);
	for (int i = 0; i < 6; i++)
		mb_raw(&b, "\x08" "abcdefgh", 9);       /* 54 more: 255 */
	mb_u16(&b, 0xc00c);
	mb_rr_fixed(&b, 1, 1, 0);
	mb_raw(&b, "\x01\x02\x03\x04", 4);
	mb_rr_end(&b);
	struct dns_msg *m = parse_mb(&b);
	CHECK(m != NULL, "255 octets through a pointer");
	dns_msg_free(m);
	mb_header(&b, F_RESP, 1, 1, 0, 0);
	mb_long_name(&b, 50, 3, 3);
	mb_u16(&b, 1);
	mb_u16(&b, 1);
	mb_raw(&b, "\x09" "abcdefghi", 10);
	for (int i = 0; i < 5; i++)
		mb_raw(&b, "\x08" "abcdefgh", 9);
	mb_u16(&b, 0xc00c);
	mb_rr_fixed(&b, 1, 1, 0);
	mb_raw(&b, "\x01\x02\x03\x04", 4);
	mb_rr_end(&b);
	m = parse_exact(b.buf, b.len, NULL, 0);
	CHECK(m == NULL, "256 octets through a pointer");
	dns_msg_free(m);
	free(b.buf);
}

static const struct {
	uint8_t octet;
	const char *want;
} octet_cases[] = {
	{ 0x00, "\\000" }, { 0x1b, "\\027" }, { 0x7f, "\\127" }, { '.', "\\." },
	{ '\\', "\\\\" }, { '"', "\\\"" }, { '(', "\\(" }, { ')', "\\)" },
	{ ';', "\\;" }, { '@', "\\@" }, { '$', "\\$" }, { ' ', "\\032" },
	{ 0x80, "\\128" }, { 0xff, "\\255" }, { 'A', "a" }, { 'Z', "z" },
	{ '*', "*" }, { '-', "-" }, { '_', "_" }, { '~', "~" },
};

static void
test_label_octets(void)
{
	for (size_t i = 0; i < ARRAY_LEN(octet_cases); i++) {
		uint8_t wire[] = { 1, octet_cases[i].octet, 3, 'c', 'o', 'm', 0 };
		char out[64], want[64], canon[64];
		snprintf(want, sizeof want, "%s.com.", octet_cases[i].want);
		size_t next = dns_name_read(wire, sizeof wire, 0, out, sizeof out);
		CHECK(next == sizeof wire, "octet %02x: length", octet_cases[i].octet);
		CHECK_STR(next ? out : NULL, want, "octet %02x", octet_cases[i].octet);
		/* The presentation reads back to the same canonical text. */
		CHECK(dns_name_canon(want, canon, sizeof canon) && !strcmp(canon, want),
		      "octet %02x: canon round trip", octet_cases[i].octet);
		CHECK(!strcmp(dns_name_parent(want), "com.") &&
		      dns_name_labels(want) == 2, "octet %02x: one label",
		      octet_cases[i].octet);
	}
}

static void
build_special_owner(struct mb *b)
{
	mb_start(b, F_RESP, "example", 16, 1, 0, 0);
	mb_raw(b, "\x0f\x00\x1b\x7f.\\\"();@$ A\xffz", 16);
	mb_u16(b, 0xc00c);
	mb_rr_fixed(b, 16, 1, 60);
	mb_raw(b, "\x04" "a\"\\\x1b", 5);
	mb_rr_end(b);
}

static void
test_special_owner(void)
{
	static const char owner[] =
		"\\000\\027\\127\\.\\\\\\\"\\(\\)\\;\\@\\$\\032a\\255z.example.";
	struct mb b;
	mb_init(&b);
	build_special_owner(&b);
	struct dns_msg *m = parse_mb(&b);
	CHECK(m && m->n_rr == 1, "special owner parses");
	if (m && m->n_rr == 1) {
		CHECK_STR(m->rrs[0].owner, owner, "special owner");
		char *t = rr_text_at(m, 0);
		char want[256];
		snprintf(want, sizeof want, "%s 60 IN TXT \"a\\\"\\\\\\027\"", owner);
		CHECK_STR(t, want, "special owner line");
		free(t);
		CHECK_STR(dns_name_parent(m->rrs[0].owner), "example.", "its parent");
		CHECK(dns_name_is_under(m->rrs[0].owner, "example.") &&
		      dns_name_labels(m->rrs[0].owner) == 2, "under example.");
	}
	dns_msg_free(m);
	free(b.buf);
}

static void
test_name_read_api(void)
{
	static const uint8_t wire[] = { 7, 'E', 'x', 'a', 'm', 'p', 'l', 'e',
					3, 'c', 'o', 'm', 0, 3, 'w', 'w', 'w',
					0xc0, 0x00 };
	char buf[32];

	CHECK(dns_name_read(wire, sizeof wire, 13, buf, sizeof buf) == sizeof wire &&
	      !strcmp(buf, "www.example.com."), "offset after a pointer");
	memset(buf, 'Z', sizeof buf);
	CHECK(dns_name_read(wire, sizeof wire, 0, buf, 13) == 13 &&
	      !strcmp(buf, "example.com."), "exact output size");
	memset(buf, 'Z', sizeof buf);
	CHECK(dns_name_read(wire, sizeof wire, 0, buf, 12) == 0 && buf[12] == 'Z',
	      "output one short: refused, nothing written past it");
	CHECK(dns_name_read(wire, sizeof wire, 19, buf, sizeof buf) == 0,
	      "offset at the end");
	CHECK(dns_name_read(wire, sizeof wire, 500, buf, sizeof buf) == 0,
	      "offset past the end");
	CHECK(dns_name_read(wire, sizeof wire, 0, buf, 1) == 0, "outlen 1");
	CHECK(dns_name_read(NULL, 5, 0, buf, sizeof buf) == 0, "NULL wire");
	CHECK(dns_name_read(wire, 12, 0, buf, sizeof buf) == 0, "cut before root");
	CHECK(dns_name_read(wire, sizeof wire, 12, buf, 2) == 13 &&
	      !strcmp(buf, "."), "root");
	/* dns_name_read allows a pointer anywhere backwards;
	 * dns_name_read_msg not into the header. */
	CHECK(dns_name_read_msg(wire, sizeof wire, 13, buf, sizeof buf) == 0,
	      "msg variant refuses pointer to offset 0");
}

/* ---- CAA */

static void
build_caa_set(struct mb *b)
{
	mb_start(b, F_RESP | F_AA, "example.com", 257, 5, 0, 0);
	mb_caa(b, "@", 0, "issue", "amazon.com", 10);
	mb_caa(b, "@", 0, "issue", "", 0);
	mb_caa(b, "@", 0, "issuewild", "amazon\0.com", 11);
	mb_caa(b, "@", 0, "iodef", "\x1b[31mmailto:x@y\x1b[0m", 19);
	mb_caa(b, "@", 128, "tbs", "\"\\\xc3\xa9", 4);
}

static const char *const caa_set_text[] = {
	"0 issue \"amazon.com\"",
	"0 issue \"\"",
	"0 issuewild \"amazon\\000.com\"",
	"0 iodef \"\\027[31mmailto:x@y\\027[0m\"",
	"128 tbs \"\\\"\\\\\\195\\169\"",
};

static void
test_caa(void)
{
	struct mb b;
	mb_init(&b);
	build_caa_set(&b);
	struct dns_msg *m = parse_mb(&b);
	CHECK(m && m->n_rr == 5, "CAA RRset with an empty value parses whole");
	for (size_t i = 0; m && i < m->n_rr && i < ARRAY_LEN(caa_set_text); i++) {
		CHECK(m->rrs[i].rdata_ok, "CAA %zu decoded", i);
		char *t = dns_rdata_text(&m->rrs[i]);
		CHECK_STR(t, caa_set_text[i], "CAA %zu", i);
		free(t);
	}
	if (m && m->n_rr == 5) {
		CHECK(m->rrs[1].u.caa.value_len == 0 && m->rrs[1].u.caa.value,
		      "empty value");
		CHECK(m->rrs[2].u.caa.value_len == 11 &&
		      m->rrs[2].u.caa.value[6] == 0, "NUL kept in raw value");
	}
	dns_msg_free(m);

	/* Malformed tags lose rdata_ok only; the neighbours stay decoded. */
	static const struct {
		const char *what, *rd;
		size_t n;
		const char *text;
	} bad[] = {
		{ "tag_len 0", "\x00\x00" "abc", 5, "\\# 5 0000616263" },
		{ "tag_len > rdlen", "\x00\x09" "issue", 7, "\\# 7 00096973737565" },
		{ "tag_len = rdlen - 1", "\x00\x06" "issue", 7, "\\# 7 00066973737565" },
		{ "one octet", "\x80", 1, "\\# 1 80" },
		{ "empty", "", 0, "\\# 0" },
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		mb_start(&b, F_RESP, "example.com", 257, 2, 0, 0);
		mb_rr_data(&b, "@", 257, 300, bad[i].rd, bad[i].n);
		mb_caa(&b, "@", 0, "issue", "amazon.com", 10);
		m = parse_mb(&b);
		CHECK(m && m->n_rr == 2 && !m->rrs[0].rdata_ok && m->rrs[1].rdata_ok,
		      "%s: only that record is malformed", bad[i].what);
		if (m && m->n_rr == 2) {
			char *t = dns_rdata_text(&m->rrs[0]);
			CHECK_STR(t, bad[i].text, "%s: generic form", bad[i].what);
			free(t);
		}
		dns_msg_free(m);
	}
	/* A tag that is not alphanumeric is escaped like everything else. */
	mb_start(&b, F_RESP, "example.com", 257, 1, 0, 0);
	mb_caa(&b, "@", 0, "is sue\"\x1b", "x", 1);
	m = parse_mb(&b);
	char *t = m ? dns_rdata_text(&m->rrs[0]) : NULL;
	CHECK_STR(t, "0 is\\032sue\\034\\027 \"x\"", "escaped tag");
	free(t);
	dns_msg_free(m);

	/* A 60000-octet value: far over 512 octets, every octet value. */
	uint8_t *big = xmalloc(60000);
	for (size_t i = 0; i < 60000; i++)
		big[i] = (uint8_t)(i * 7);
	mb_start(&b, F_RESP, "example.com", 257, 1, 0, 0);
	mb_caa(&b, "@", 0, "issue", big, 60000);
	m = parse_mb(&b);
	CHECK(m && m->wire_len > 60000 && m->rrs[0].rdata_ok &&
	      m->rrs[0].u.caa.value_len == 60000 &&
	      !memcmp(m->rrs[0].u.caa.value, big, 60000), "60000-octet value");
	t = m ? dns_rr_text(&m->rrs[0]) : NULL;
	CHECK(t && printable_ascii(t) && strlen(t) > 60000 && strlen(t) < 4 * 60000 + 64,
	      "60000-octet value printable, length %zu", t ? strlen(t) : 0);
	free(t);
	dns_msg_free(m);
	free(big);
	free(b.buf);
}

/* ---- the name helpers */

static const struct {
	const char *in, *want;  /* want NULL: refused */
} canon_cases[] = {
	{ "Example.COM", "example.com." },
	{ "example.com.", "example.com." },
	{ "*.example.com", "*.example.com." },
	{ "_acme-challenge.Example.com", "_acme-challenge.example.com." },
	{ "xn--bcher-kva.de", "xn--bcher-kva.de." },
	{ ".", "." },
	{ "a\\.b.example", "a\\.b.example." },
	{ "a\\046b.example.", "a\\.b.example." },
	{ "\\065bc.com", "abc.com." },
	{ "\\Abc.com", "abc.com." },
	{ "a\\000.com", "a\\000.com." },
	{ "a\\;b.com", "a\\;b.com." },
	{ "a\\ b.com", "a\\032b.com." },
	{ "a\\\\.com", "a\\\\.com." },
	{ "", NULL },
	{ "..", NULL },
	{ "a..b", NULL },
	{ ".a", NULL },
	{ "a.b..", NULL },
	{ "a\\", NULL },
	{ "a\\25", NULL },
	{ "a\\25x.com", NULL },
	{ "a\\256.com", NULL },
	{ "a b.com", NULL },
	{ "exa\tmple.com", NULL },
	{ "b\xc3\xbc" "cher.de", NULL },
	{ "a;b.com", NULL },
	{ "\"quoted\".com", NULL },
	{ "a\\\x01.com", NULL },
	{ "example.com\n", NULL },
};

static void
test_canon(void)
{
	char out[DNS_NAME_TEXT_MAX];

	for (size_t i = 0; i < ARRAY_LEN(canon_cases); i++) {
		memset(out, 0, sizeof out);
		bool ok = dns_name_canon(canon_cases[i].in, out, sizeof out);
		if (canon_cases[i].want)
			CHECK_STR(ok ? out : NULL, canon_cases[i].want,
				  "canon [%s]", canon_cases[i].in);
		else
			CHECK(!ok, "canon [%s] refused, got [%s]", canon_cases[i].in, out);
	}

	/* Lengths: 63-octet label, 64, 255 and 256 octets in total. */
	char in[600];
	memset(in, 'a', 63);
	strcpy(in + 63, ".com");
	CHECK(dns_name_canon(in, out, sizeof out), "63-octet label");
	memset(in, 'a', 64);
	strcpy(in + 64, ".com");
	CHECK(!dns_name_canon(in, out, sizeof out), "64-octet label");
	/* 63.63.63.61 = 253 characters = 255 octets on the wire. */
	size_t n = 0;
	for (int l = 0; l < 4; l++) {
		int len = l == 3 ? 61 : 63;
		memset(in + n, 'b', (size_t)len);
		n += (size_t)len;
		in[n++] = '.';
	}
	in[n] = '\0';
	CHECK(dns_name_canon(in, out, sizeof out) && strlen(out) == 254,
	      "255-octet name");
	in[n - 1] = 'b';        /* the last label grows to 62 */
	in[n] = '.';
	in[n + 1] = '\0';
	CHECK(!dns_name_canon(in, out, sizeof out), "256-octet name");
	/* Escapes count as one octet: 63 escaped octets are one full label. */
	n = 0;
	for (int k = 0; k < 63; k++)
		n += (size_t)snprintf(in + n, sizeof in - n, "\\007");
	strcpy(in + n, ".x");
	CHECK(dns_name_canon(in, out, sizeof out), "63 escaped octets");
	CHECK(!dns_name_canon("example.com", out, 12) &&
	      dns_name_canon("example.com", out, 13), "output size honoured");
	CHECK(!dns_name_canon(NULL, out, sizeof out), "NULL input");
}

static const struct {
	const char *name, *parent;
	int labels;
} parent_cases[] = {
	{ "a.b.", "b.", 2 },
	{ "b.", ".", 1 },
	{ ".", ".", 0 },
	{ "www.example.com.", "example.com.", 3 },
	{ "a\\.b.example.", "example.", 2 },
	{ "\\\\.example.", "example.", 2 },
	{ "a\\046b.example.", "example.", 2 },
	{ "\\..", ".", 1 },
	{ "\\\\\\..x.", "x.", 2 },
	{ "*.example.com.", "example.com.", 3 },
	{ "", ".", 0 },
	{ "com", ".", 1 },
	{ "a\\", ".", 1 },
};

static void
test_parent_labels(void)
{
	for (size_t i = 0; i < ARRAY_LEN(parent_cases); i++) {
		CHECK_STR(dns_name_parent(parent_cases[i].name),
			  parent_cases[i].parent, "parent of [%s]", parent_cases[i].name);
		CHECK(dns_name_labels(parent_cases[i].name) == parent_cases[i].labels,
		      "labels of [%s]: %d", parent_cases[i].name,
		      dns_name_labels(parent_cases[i].name));
	}
	static const char name[] = "a.b.";
	CHECK(dns_name_parent(name) == name + 2, "parent points into the name");
	CHECK(dns_name_parent(NULL) != NULL && dns_name_labels(NULL) == 0, "NULL");

	/* Walking up always ends at the root. */
	const char *p = "a.b.c.d.e.";
	int steps = 0;
	while (strcmp(p, ".") != 0 && steps < 10) {
		p = dns_name_parent(p);
		steps++;
	}
	CHECK(steps == 5, "five steps to the root, took %d", steps);
}

static const struct {
	const char *name, *zone;
	bool under;
} under_cases[] = {
	{ "www.example.com.", "example.com.", true },
	{ "example.com.", "example.com.", true },
	{ "a.b.example.com.", "example.com.", true },
	{ "WWW.Example.COM.", "example.com.", true },
	{ "anything.", ".", true },
	{ ".", ".", true },
	{ "xexample.com.", "example.com.", false },
	{ "a\\.example.com.", "example.com.", false },
	{ "example.com.", "www.example.com.", false },
	{ "com.", "example.com.", false },
	{ ".", "com.", false },
	{ "example.com.", "com.", true },
	{ "a\\.example.com.", "com.", true },
};

static void
test_is_under(void)
{
	for (size_t i = 0; i < ARRAY_LEN(under_cases); i++)
		CHECK(dns_name_is_under(under_cases[i].name, under_cases[i].zone) ==
		      under_cases[i].under, "[%s] under [%s]", under_cases[i].name,
		      under_cases[i].zone);
	CHECK(!dns_name_is_under(NULL, ".") && !dns_name_is_under("a.", NULL),
	      "NULL arguments");
}

static void
test_names_of_codes(void)
{
	static const struct { uint16_t t; const char *s; } types[] = {
		{ 1, "A" }, { 6, "SOA" }, { 41, "OPT" }, { 46, "RRSIG" },
		{ 257, "CAA" }, { 65, "HTTPS" }, { 0, "TYPE0" },
		{ 65280, "TYPE65280" }, { 65535, "TYPE65535" },
	};
	for (size_t i = 0; i < ARRAY_LEN(types); i++)
		CHECK_STR(dns_type_name(types[i].t), types[i].s, "type %u", types[i].t);
	static const struct { int rc; const char *s; } rcodes[] = {
		{ 0, "NOERROR" }, { 2, "SERVFAIL" }, { 3, "NXDOMAIN" },
		{ 5, "REFUSED" }, { 9, "NOTAUTH" }, { 16, "BADVERS" },
		{ 23, "RCODE23" }, { 4095, "RCODE4095" }, { -1, "RCODE-1" },
	};
	for (size_t i = 0; i < ARRAY_LEN(rcodes); i++)
		CHECK_STR(dns_rcode_name(rcodes[i].rc), rcodes[i].s, "rcode %d",
			  rcodes[i].rc);
}

static void
test_escape_bytes(void)
{
	static const struct { const char *in; size_t n; const char *want; } c[] = {
		{ "", 0, "" },
		{ "abc", 3, "abc" },
		{ "a b", 3, "a b" },
		{ "a\"b", 3, "a\\\"b" },
		{ "\\", 1, "\\\\" },
		{ "\0", 1, "\\000" },
		{ "\x7f\xff\x1b", 3, "\\127\\255\\027" },
		{ "\r\n", 2, "\\013\\010" },
	};
	for (size_t i = 0; i < ARRAY_LEN(c); i++) {
		char *t = dns_escape_bytes((const uint8_t *)c[i].in, c[i].n);
		CHECK_STR(t, c[i].want, "escape case %zu", i);
		free(t);
	}
	char *t = dns_rr_text(NULL);
	CHECK(t && !*t, "NULL record");
	free(t);
}

/* ---- more seeds for the fuzz loop */

static void
build_dnssec(struct mb *b)
{
	mb_start(b, F_RESP | F_AD, "example.com", 257, 2, 0, 3);
	add_caa(b);
	add_rrsig(b);
	add_ds(b);
	add_dnskey(b);
	mb_opt_ede(b, 0x8000, 0, "", 0);
}

static void
build_misc(struct mb *b)
{
	mb_start(b, F_RESP | F_TC | F_CD, "example.com", 12, 4, 1, 0);
	add_aaaa(b);
	add_ptr(b);
	add_dname(b);
	add_cname(b);
	add_ns(b);
}

/* ---- deterministic mutation fuzzing */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1du) >> 32);
}

static uint32_t
rng_below(uint32_t n)
{
	return n ? rng() % n : 0;
}

#define FUZZ_ITERATIONS 200000
#define FUZZ_SLACK 64

static void
mutate(uint8_t *p, size_t *n, size_t cap)
{
	static const uint8_t interesting[] = { 0, 1, 0x3f, 0x40, 0x7f, 0x80,
					       0xc0, 0xff, 63, 64, 12 };
	size_t len = *n;
	uint32_t op = rng_below(9), at = rng_below((uint32_t)len);

	if (len == 0)
		op = 6;
	switch (op) {
	case 0:         /* flip a bit */
		p[at] ^= (uint8_t)(1u << rng_below(8));
		break;
	case 1:         /* random octet */
		p[at] = (uint8_t)rng();
		break;
	case 2:         /* an octet that means something to the parser */
		p[at] = interesting[rng_below(sizeof interesting)];
		break;
	case 3:         /* a compression pointer somewhere */
		if (at + 1 < len) {
			p[at] = (uint8_t)(0xc0 | rng_below(2));
			p[at + 1] = (uint8_t)rng_below((uint32_t)len + 16);
		}
		break;
	case 4:         /* truncate */
		len = at;
		break;
	case 5:         /* delete a few octets */ {
		size_t k = 1 + rng_below(8);
		if (at + k > len)
			k = len - at;
		memmove(p + at, p + at + k, len - at - k);
		len -= k;
		break;
	}
	case 6:         /* insert a few octets */ {
		size_t k = 1 + rng_below(8);
		if (len + k > cap)
			break;
		memmove(p + at + k, p + at, len - at);
		for (size_t i = 0; i < k; i++)
			p[at + i] = (uint8_t)rng();
		len += k;
		break;
	}
	case 7:         /* a header count */
		if (len >= 12)
			p[4 + 2 * rng_below(4) + 1] = (uint8_t)rng_below(8);
		break;
	default:        /* a length field: rdlength, label or string length */
		p[at] = (uint8_t)(p[at] + (int)rng_below(5) - 2);
		break;
	}
	*n = len;
}

static bool
name_is_canonical(const char *s)
{
	char c[DNS_NAME_TEXT_MAX];
	return s && dns_name_canon(s, c, sizeof c) && !strcmp(c, s) &&
	       dns_name_labels(s) <= 127;
}

/* Everything a parsed message promises; returns a reason or NULL. */
static const char *
check_parsed(const struct dns_msg *m)
{
	if (m->n_rr != m->n_answer + m->n_authority + m->n_additional)
		return "section counts";
	if (m->qname && !name_is_canonical(m->qname))
		return "qname not canonical";
	if (m->ede_text && (!printable_ascii(m->ede_text) || strlen(m->ede_text) > 210))
		return "EDE text";
	for (size_t i = 0; i < m->n_rr; i++) {
		const struct dns_rr *r = &m->rrs[i];
		if (!name_is_canonical(r->owner))
			return "owner not canonical";
		if (r->rdata < m->wire || r->rdata + r->rdlen > m->wire + m->wire_len)
			return "rdata outside the message";
		if (r->rdata_ok && (r->type == DNS_T_CNAME || r->type == DNS_T_NS) &&
		    !name_is_canonical(r->u.target))
			return "target not canonical";
		char *t = dns_rr_text(r);
		bool ok = printable_ascii(t);
		free(t);
		if (!ok)
			return "presentation not printable ASCII";
	}
	return NULL;
}

/* With TEST_DNS_WIRE_CORPUS=dir, also write the seeds there as a starting
 * corpus for the libFuzzer harness (tests/fuzz/fuzz_dns_wire.c). */
static void
write_corpus(const struct mb *seed, size_t n)
{
	const char *dir = getenv("TEST_DNS_WIRE_CORPUS");

	for (size_t i = 0; dir && i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/seed-%02zu.bin", dir, i);
		FILE *f = fopen(path, "wb");
		CHECK(f != NULL, "cannot write %s", path);
		if (!f)
			return;
		CHECK(fwrite(seed[i].buf, 1, seed[i].len, f) == seed[i].len &&
		      fclose(f) == 0, "writing %s", path);
	}
}

static void
test_fuzz(void)
{
	struct mb seed[ARRAY_LEN(seeds)];
	size_t parsed = 0, bad = 0, rr_seen = 0;
	struct timespec t0, t1;

	for (size_t i = 0; i < ARRAY_LEN(seeds); i++) {
		mb_init(&seed[i]);
		seeds[i].build(&seed[i]);
	}
	write_corpus(seed, ARRAY_LEN(seeds));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long it = 0; it < FUZZ_ITERATIONS; it++) {
		const struct mb *s = &seed[rng_below(ARRAY_LEN(seeds))];
		size_t cap = s->len + FUZZ_SLACK, n = s->len;
		uint8_t *work = xmalloc(cap);
		memcpy(work, s->buf, n);
		for (uint32_t k = 1 + rng_below(4); k; k--)
			mutate(work, &n, cap);
		/* Re-allocate at the exact size so that ASan sees overreads. */
		uint8_t *exact = xmalloc(n ? n : 1);
		memcpy(exact, work, n);
		free(work);
		struct dns_msg *m = dns_msg_parse(exact, n, NULL, 0);
		if (m) {
			parsed++;
			rr_seen += m->n_rr;
			const char *why = check_parsed(m);
			if (why && bad++ < 5)
				fprintf(stderr, "fuzz iteration %ld: %s\n", it, why);
			dns_msg_free(m);
		}
		free(exact);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) +
		      (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("fuzz: %d mutated messages, %zu parsed (%zu records), %.2f s\n",
	       FUZZ_ITERATIONS, parsed, rr_seen, secs);
	CHECK(bad == 0, "%zu parsed messages broke a promise", bad);
	/* The loop is only worth something if mutants get past the parser
	 * often enough to exercise the presentation code. */
	CHECK(parsed > FUZZ_ITERATIONS / 10 && parsed < FUZZ_ITERATIONS,
	      "parsed %zu of %d", parsed, FUZZ_ITERATIONS);
	for (size_t i = 0; i < ARRAY_LEN(seeds); i++)
		free(seed[i].buf);
}

int
main(void)
{
	/* A parser loop must fail the test, not hang it (valgrind runs the
	 * whole program in under ten seconds). */
	alarm(120);
	test_types();
	test_type_fields();
	test_cname_chain();
	test_nxdomain();
	test_referral();
	test_servfail_ede();
	test_ede_cases();
	test_flags();
	test_bounds();
	test_truncation();
	test_pointers();
	test_name_lengths();
	test_label_octets();
	test_special_owner();
	test_name_read_api();
	test_caa();
	test_canon();
	test_parent_labels();
	test_is_under();
	test_names_of_codes();
	test_escape_bytes();
	test_fuzz();
	return test_summary("test_dns_wire");
}
