/* RFC 8659 issuance evaluation for one CA, over one relevant CAA RRset.
 *
 * Pure logic, no I/O: caa_check.c finds the relevant RRset in the live DNS,
 * this file says what it means for a CA identity set (ACM's four names by
 * default, from data/caa-issuers.txt). Table-tested in tests/src. */
#ifndef ACMD_CAA_EVAL_H
#define ACMD_CAA_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct caa_identities {
	char **names;          /* issuer domain names of the CA, lower case */
	size_t n_names;
	char **tags;           /* property tags the CA understands */
	size_t n_tags;
	bool custom;           /* names came from --ca, not the ACM defaults */
};

/* ACM's identities from data/caa-issuers.txt; with ca != NULL, that one CA
 * identity instead (--ca NAME) and the same tag list. NULL on a broken data file. */
struct caa_identities *caa_identities_load(const char *ca);
void caa_identities_free(struct caa_identities *ids);

enum caa_tag_kind { CAA_TAG_ISSUE, CAA_TAG_ISSUEWILD, CAA_TAG_IODEF, CAA_TAG_OTHER };

/* One CAA property, analysed. All text is printable ASCII (escaped). */
struct caa_prop {
	uint8_t flags;
	char *tag;             /* lower case, escaped */
	char *value;           /* escaped string body, as in a zone file between quotes */
	char *rdata;           /* full zone-file rdata: 0 issue "amazon.com" */
	enum caa_tag_kind kind;
	bool critical;         /* flags & 128 */
	bool known_tag;        /* the CA understands this tag */
	bool malformed;        /* issue/issuewild value breaks the RFC 8659 grammar */
	char *issuer;          /* issuer domain, lower case; "" = none (";"); NULL if malformed */
	bool has_params;
	bool names_ca;         /* well-formed and the issuer is one of the identities */
	bool looks_like_ca;    /* malformed, but would name the CA once repaired (e.g. "amazon.com.") */
};

void caa_prop_analyse(struct caa_prop *p, uint8_t flags, const uint8_t *tag, size_t tag_len,
		      const uint8_t *value, size_t value_len, const struct caa_identities *ids);
void caa_prop_clear(struct caa_prop *p);

/* Parse an issue/issuewild value per RFC 8659 §4.2. Returns false when it
 * does not match the grammar; otherwise *issuer gets the (possibly empty)
 * issuer domain, lower case, malloc'd, and *params whether parameters follow. */
bool caa_parse_issue_value(const uint8_t *v, size_t n, char **issuer, bool *params);

enum caa_outcome { CAA_OUT_PERMIT, CAA_OUT_DENY };

enum caa_reason {
	CAA_R_NO_RESTRICTION,   /* no issue (or, for wildcards, issuewild) property applies */
	CAA_R_LISTED,           /* an applicable property names the CA */
	CAA_R_NOT_LISTED,       /* issue properties apply, none names the CA */
	CAA_R_WILD_NOT_LISTED,  /* issuewild properties apply, none names the CA */
	CAA_R_CRITICAL,         /* a critical property with a tag the CA does not know */
};

struct caa_decision {
	enum caa_outcome outcome;
	enum caa_reason reason;
	bool used_issuewild;    /* the wildcard rule looked at issuewild, not issue */
	size_t n_applicable;    /* issue/issuewild properties considered */
	size_t n_malformed;     /* of those, malformed ones */
	size_t n_deny_all;      /* of those, empty issuers (";") */
	int deciding;           /* index of the property that permitted or the critical one; -1 */
};

void caa_decide(const struct caa_prop *props, size_t n, bool wildcard, struct caa_decision *d);

#endif
