/* The DNS-validation CNAME diagnosis: is each ACM validation record in place,
 * as the resolver sees it and as every authoritative server of its zone
 * serves it; and when it is not, where it went instead.
 *
 * For each record every independent query goes out at once: the record
 * through the resolver (CNAME, TXT, A, AAAA), the places a misplaced copy is
 * typically found (the zone name doubled, a neighbouring name), the SOA of
 * every ancestor (to find the zone cut). Then the delegation is followed the
 * way a resolver does it, asking each parent's servers directly (RD=0), so
 * the servers checked are the ones the parent publishes, not the ones the
 * zone says it has; those, and any name servers the user edited
 * (--edited-ns), are asked for the record directly. */
#ifndef ACMD_CNAME_CHECK_H
#define ACMD_CNAME_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/check.h"
#include "checks/finding.h"
#include "core/loop.h"
#include "fix/change.h"
#include "net/dns_client.h"

struct provider;

/* One validation record as ACM gives it. Apex and wildcard share one. */
struct cname_record_spec {
	const char *const *domains;   /* names on the certificate it validates */
	size_t n_domains;
	const char *name;             /* "_x.example.com." (any case, dot optional) */
	const char *value;            /* "_y.acm-validations.aws." (any case, dot optional) */
};

struct cname_check_opts {
	const struct cname_record_spec *records;
	size_t n_records;
	/* Name servers of the zone the user edited (--edited-ns): addresses
	 * ("192.0.2.1", "192.0.2.1:5353", "[2001:db8::1]:53") or host names
	 * (resolved through the resolver). Optional. */
	const char *const *edited_ns;
	size_t n_edited_ns;
	const char *provider;         /* --provider id, or NULL to detect */
	int timeout_ms;               /* a direct query's whole wait, every try (0: 3000) */
	/* The account's hosted zones (Route 53): the name servers of those
	 * that could hold a record are asked like edited ones, and a record
	 * found only in one nobody delegates to is named by its zone id. Must
	 * outlive the check. Optional. */
	const struct check_hosted_zone *hosted_zones;
	size_t n_hosted_zones;
	int tries;                    /* direct queries (0: 2) */
	probe_event_cb on_event;      /* optional; called from the loop */
	void *event_ctx;
	bool eager;                   /* check_input.eager: the walk's questions asked ahead */
};

enum cname_verdict {
	CNAME_V_OK,                   /* in place everywhere */
	CNAME_V_MISSING,              /* nowhere to be found */
	CNAME_V_WRONG,                /* something is there, but not what ACM needs */
	CNAME_V_WRONG_ZONE,           /* only in a zone that is not delegated */
	CNAME_V_INCONSISTENT,         /* the authoritative servers disagree */
	CNAME_V_CACHED,               /* in place; resolvers still cache "does not exist" */
	CNAME_V_LOOKUP_FAILED,
};

/* What one server (the resolver, or one authoritative address) says. */
enum cname_seen {
	CNAME_SEEN_MATCH,             /* the CNAME with the expected value */
	CNAME_SEEN_OTHER,             /* a CNAME with another value */
	CNAME_SEEN_NXDOMAIN,
	CNAME_SEEN_NODATA,            /* the name exists, no CNAME */
	CNAME_SEEN_FAILED,            /* no usable answer: see detail */
};

struct cname_server_view {
	char *addr;                   /* "127.0.0.4" */
	char *names;                  /* NS names at that address, ", "-joined; "" if given as an address */
	bool edited;                  /* from edited_ns or a hosted zone, not in the delegation */
	char *hosted_zone;            /* the hosted zone id it serves, or NULL (--edited-ns) */
	enum cname_seen seen;
	char *value;                  /* CNAME target when seen is MATCH or OTHER */
	char *detail;                 /* for people: "NXDOMAIN (authoritative)", "REFUSED: lame delegation" */
};

struct cname_plan_info {
	struct change_plan plan;
	char **ns;                    /* the delegated name servers of plan.zone */
	size_t n_ns;
	const struct provider *provider;   /* detected or forced; NULL: unknown */
	bool detected;                /* provider came from the NS set */
	bool ns_mixed;
	/* A fix that is no record change (plan_view.advice): the servers of a
	 * zone whose lookups fail, a domain to register or delegate. */
	char *title, *advice, *owner;
	struct server_view *servers;  /* strings owned */
	size_t n_servers;
};

struct cname_result {
	char *name;                   /* canonical record name */
	char *value;                  /* canonical expected value */
	char **domains;
	size_t n_domains;
	char *zone;                   /* the zone holding the name (the delegation found), or NULL */
	enum cname_verdict verdict;
	char *resolver_value;         /* the CNAME target the resolver returns, or NULL */
	/* How long the resolver may keep serving what it answers now: the
	 * remaining TTL of the CNAME, or of the negative answer. -1 unknown. */
	int64_t cache_ttl;
	struct cname_server_view *servers;   /* delegated ones first, then edited */
	size_t n_servers;
	struct finding *findings;     /* most severe first */
	size_t n_findings;
	int plan;                     /* index into the report's plans, -1 none */
};

struct cname_report {
	struct cname_result *results;
	size_t n_results;
	struct cname_plan_info *plans;   /* one per zone to change */
	size_t n_plans;
	char *resolver;
	int queries;
	int answered;
	int max_in_flight;
	int64_t elapsed_ms;
};

struct cname_check;

/* Start the check; done runs once from the loop and owns the report (a
 * struct cname_report). Front ends drive it through cname_check_ops
 * (checks/check.h); the typed calls are for its tests. Returns
 * NULL with err set when the options are unusable (no records, a name or
 * value that is not a domain name, an unknown provider, a bad address). */
struct cname_check *cname_check_start(struct loop *loop, struct dns_client *resolver,
				      const struct cname_check_opts *opts, check_done_cb done,
				      void *ctx, char *err, size_t errlen);
/* No callback after this (safe from inside on_event). */
void cname_check_cancel(struct cname_check *chk);
void cname_report_free(struct cname_report *rep);
const char *cname_verdict_name(enum cname_verdict v);  /* "ok", "missing", "wrong", "wrong-zone", "inconsistent", "cached", "lookup-failed" */
const char *cname_seen_name(enum cname_seen s);
const char *cname_verdict_label(enum cname_verdict v);  /* translated: "MISSING" */
struct plan_view cname_plan_view(const struct cname_plan_info *pi);        /* "match", "other", "nxdomain", "nodata", "failed" */

/* Pure helpers (unit-tested). */

/* Same DNS name? Case-insensitive, a trailing dot optional on either. */
bool cname_value_equal(const char *a, const char *b);
/* Is found the expected value with a zone appended by the provider
 * ("_y.acm-validations.aws.example.com." for zone "example.com.")? */
bool cname_value_suffixed(const char *found, const char *expected, const char *zone);

enum cname_cand_kind {
	CNAME_CAND_DOUBLED,           /* name + a zone it may be in: the zone appended twice */
	CNAME_CAND_NO_UNDERSCORE,     /* the first label without its leading underscore */
	CNAME_CAND_PARENT,            /* the first label under the grandparent (created in the parent zone) */
};
struct cname_candidate {
	char *name;
	enum cname_cand_kind kind;
};
/* The few cheap places a misplaced copy of name is usually found (canonical
 * name in); returns how many, *out to free with cname_candidates_free. */
size_t cname_candidates(const char *name, struct cname_candidate **out);
void cname_candidates_free(struct cname_candidate *c, size_t n);

/* Is the address (text form, v4 or v6) in Cloudflare's published ranges
 * (data/cloudflare-ips.txt)? */
bool cname_cloudflare_addr(const char *addr);

extern const struct check_ops cname_check_ops;

#endif
