/* DNS messages as they come off the wire, parsed by our own small parser.
 *
 * c-ares 1.18 cannot parse CNAME/SOA/TTLs for most types and rejects a whole
 * CAA RRset when one value is empty, so every answer is walked here. The input
 * is hostile: every length is checked, compression pointers may only point
 * backwards, and names longer than 255 octets are refused. */
#ifndef ACMD_DNS_WIRE_H
#define ACMD_DNS_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum dns_type {
	DNS_T_A = 1, DNS_T_NS = 2, DNS_T_CNAME = 5, DNS_T_SOA = 6,
	DNS_T_PTR = 12, DNS_T_MX = 15, DNS_T_TXT = 16, DNS_T_AAAA = 28,
	DNS_T_DNAME = 39, DNS_T_OPT = 41, DNS_T_DS = 43, DNS_T_RRSIG = 46,
	DNS_T_NSEC = 47, DNS_T_DNSKEY = 48, DNS_T_NSEC3 = 50, DNS_T_CAA = 257,
};

enum dns_rcode {
	DNS_RC_NOERROR = 0, DNS_RC_FORMERR = 1, DNS_RC_SERVFAIL = 2,
	DNS_RC_NXDOMAIN = 3, DNS_RC_NOTIMP = 4, DNS_RC_REFUSED = 5,
};

enum dns_section { DNS_SEC_ANSWER, DNS_SEC_AUTHORITY, DNS_SEC_ADDITIONAL };

/* Longest presentation form of a name: 255 octets, each up to "\DDD". */
#define DNS_NAME_TEXT_MAX 1024

struct dns_rr {
	enum dns_section section;
	char *owner;            /* presentation form, lower case, absolute ("a.b.") */
	uint16_t type;
	uint16_t rclass;
	uint32_t ttl;
	const uint8_t *rdata;   /* points into dns_msg.wire */
	uint16_t rdlen;
	bool rdata_ok;          /* the type-specific fields below were decoded */
	union {
		char *target;   /* CNAME, DNAME, NS, PTR: presentation, lower case */
		struct { uint16_t pref; char *exchange; } mx;
		struct {
			char *mname, *rname;
			uint32_t serial, refresh, retry, expire, minimum;
		} soa;
		struct {
			uint8_t flags;
			const uint8_t *tag;   uint8_t tag_len;    /* raw bytes */
			const uint8_t *value; uint16_t value_len; /* raw bytes, may hold NUL */
		} caa;
		uint8_t addr[16];       /* A (4 bytes used), AAAA */
		struct { uint16_t covered; } rrsig;
	} u;
};

struct dns_msg {
	uint8_t *wire;          /* owned copy of the message */
	size_t wire_len;
	uint16_t id;
	bool qr, aa, tc, rd, ra, ad, cd;
	int rcode;              /* including the EDNS extended bits */
	char *qname;            /* presentation, lower case; NULL if no question */
	uint16_t qtype;
	struct dns_rr *rrs;     /* answer, then authority, then additional */
	size_t n_rr;
	size_t n_answer, n_authority, n_additional;
	bool has_edns;
	uint16_t edns_udp_size;
	int ede_code;           /* RFC 8914 extended error, -1 if none */
	char *ede_text;         /* sanitised to printable ASCII, may be NULL */
	/* Added after the first version of this interface. */
	uint16_t qclass;        /* of the first question; 0 if none */
	uint8_t edns_version;   /* valid if has_edns */
	bool edns_do;           /* DNSSEC OK bit of the OPT record */
	int refs;               /* holders beyond the first (dns_msg_ref) */
};

/* Parse len bytes. On failure returns NULL and writes a short reason to err.
 * A message that parses only partly is a failure: no half-trusted answers. */
struct dns_msg *dns_msg_parse(const uint8_t *wire, size_t len,
			      char *err, size_t errlen);
/* One more holder of msg, which none of them may change; each frees it. */
struct dns_msg *dns_msg_ref(struct dns_msg *msg);
void dns_msg_free(struct dns_msg *msg);

/* Wire-format name at off (with compression) to presentation form: lower case,
 * non-printable and special octets as \DDD or \c, trailing dot.
 * Returns the offset just past the name in the original position, or 0. */
size_t dns_name_read(const uint8_t *wire, size_t len, size_t off,
		     char *out, size_t outlen);

/* dns_name_read for names inside a whole DNS message (added): compression
 * pointers into the 12-octet header are refused as well, since no real name
 * lives there. dns_msg_parse reads every name this way. */
size_t dns_name_read_msg(const uint8_t *wire, size_t len, size_t off,
			 char *out, size_t outlen);

/* Canonical presentation form of a name the user typed or a zone holds:
 * lower case, trailing dot. Returns false if it is not a valid name. */
bool dns_name_canon(const char *in, char *out, size_t outlen);

/* Parent of a presentation-form name ("a.b." -> "b.", "b." -> "."); handles
 * escaped dots. Returns a pointer into name. */
const char *dns_name_parent(const char *name);
/* Length of a presentation-form name without its final dot; a dot that
 * is escaped ("a\\." ) is part of the last label and stays. */
size_t dns_name_len_nodot(const char *name);
/* Number of labels ("." = 0). */
int dns_name_labels(const char *name);
/* Is name equal to or below zone (both canonical)? */
bool dns_name_is_under(const char *name, const char *zone);

const char *dns_type_name(uint16_t type);   /* "CAA", or "TYPE65280" (static buffer) */
const char *dns_rcode_name(int rcode);      /* "NXDOMAIN", or "RCODE23" */

/* The first A record of owner in section sec of m (m may be NULL), as
 * text in buf; NULL when there is none. */
const char *dns_msg_a(const struct dns_msg *m, const char *owner, enum dns_section sec,
		      char *buf, size_t buflen);

/* Zone-file presentation of one RR's data ("0 issue \"amazon.com\"").
 * Strings are quoted with \" \\ and \DDD for any non-printable octet, so the
 * result is printable ASCII whatever the wire held. Caller frees. */
char *dns_rdata_text(const struct dns_rr *rr);
/* The whole line: "owner TTL IN TYPE rdata". Caller frees. */
char *dns_rr_text(const struct dns_rr *rr);
/* Quote raw bytes as a zone-file character-string body (no surrounding quotes). */
char *dns_escape_bytes(const uint8_t *p, size_t n);

#endif
