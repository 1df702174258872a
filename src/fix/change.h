/* The abstract fix: records to add or delete, grouped into RRsets and zones.
 *
 * Findings carry these; provider templates (data/providers/) turn them into
 * dashboard fields, API calls, Terraform and zone-file lines. Every string in
 * here is printable ASCII: names in presentation form, CAA values escaped with
 * \DDD, so nothing from the network reaches a template raw. */
#ifndef ACMD_CHANGE_H
#define ACMD_CHANGE_H

#include <stddef.h>
#include <stdint.h>

enum rec_action { REC_ADD, REC_DELETE };

struct record {
	enum rec_action action;
	char *name;         /* absolute, lower case, A-labels, trailing dot */
	uint16_t type;      /* DNS_T_CAA, DNS_T_CNAME, ... */
	uint32_t ttl;
	char *data;         /* zone-file rdata: 0 issue "amazon.com" */
	/* CAA only (NULL otherwise); value is the escaped string body, no quotes */
	uint8_t caa_flags;
	char *caa_tag;
	char *caa_value;
};

/* Everything that changes at one (name, type). */
struct rrset_change {
	char *name;
	uint16_t type;
	uint32_t ttl;
	struct record *existing;  /* what the DNS returns there now */
	size_t n_existing;
	struct record *adds;
	size_t n_adds;
	struct record *deletes;
	size_t n_deletes;
	/* Records of other types that hold the name now and must give way
	 * first (a CNAME cannot share its name): the A/AAAA records of a
	 * proxied or flattened name, as an authoritative server showed them
	 * (behind a Cloudflare proxy these are Cloudflare's addresses, not the
	 * records' content: Cloudflare's templates find them by type). */
	struct record *replaced;
	size_t n_replaced;
};

/* All changes in one zone: what a user does in one provider's dashboard. */
struct change_plan {
	char *zone;               /* apex, trailing dot; NULL if it could not be found */
	struct rrset_change *sets;
	size_t n_sets;
	char *zone_id;            /* the provider's id of the zone (a Route 53 hosted
				   * zone), when known; NULL otherwise */
};

void record_init_caa(struct record *r, enum rec_action action, const char *name,
		     uint32_t ttl, uint8_t flags, const char *tag, const char *value);
void record_init(struct record *r, enum rec_action action, const char *name,
		 uint16_t type, uint32_t ttl, const char *data);
void record_copy(struct record *dst, const struct record *src);
void record_clear(struct record *r);

struct rrset_change *plan_rrset(struct change_plan *plan, const char *name,
				uint16_t type, uint32_t ttl);
void plan_add(struct change_plan *plan, const struct record *r);
/* Note that r (another type, at the set's name) must go before set is
 * written. */
void rrset_replace(struct rrset_change *set, const struct record *r);
void plan_clear(struct change_plan *plan);
/* The values the RRset will hold after the change (existing - deletes + adds),
 * as a freshly allocated array of pointers into set; caller frees the array. */
const struct record **rrset_final(const struct rrset_change *set, size_t *n);

#endif
