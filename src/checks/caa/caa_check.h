/* The CAA diagnosis: RFC 8659 relevant-RRset discovery in the live DNS,
 * evaluation for the CA, and the change plan that makes every requested name
 * pass at once.
 *
 * All queries for every ancestor of every name go out together; the result
 * is computed when they are back, then the zones and name servers of the
 * names to change are looked up (also in parallel) to detect the provider. */
#ifndef ACMD_CAA_CHECK_H
#define ACMD_CAA_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/check.h"
#include "checks/finding.h"
#include "core/loop.h"
#include "fix/change.h"
#include "net/dns_client.h"

struct provider;

struct caa_check_opts {
	const char *const *names;   /* canonical, trailing dot; "*.x." for wildcards */
	size_t n_names;
	const char *ca;             /* --ca NAME, or NULL for ACM's identities */
	const char *provider;       /* --provider id, or NULL to detect */
	int timeout_ms;             /* direct queries to a zone's servers, whole wait (0: 3000) */
	probe_event_cb on_event;    /* optional; called from the loop */
	void *event_ctx;
	bool eager;                 /* check_input.eager: zones and servers with the climb */
	/* The account's hosted zones (Route 53), to name the zone id in the
	 * fix; must outlive the check. Optional. */
	const struct check_hosted_zone *hosted_zones;
	size_t n_hosted_zones;
};

enum caa_verdict { CAA_V_PERMIT, CAA_V_DENY, CAA_V_LOOKUP_FAILED };

struct caa_plan_info {
	struct change_plan plan;
	char *owner;                /* where the records go */
	char **ns;                  /* the zone's name servers */
	size_t n_ns;
	const struct provider *provider;   /* detected or forced; NULL: unknown */
	bool detected;              /* provider came from the NS set */
	bool ns_mixed;              /* the NS set mixes providers */
	bool foreign;               /* owner is an alias target, maybe someone else's zone */
	bool unsound;               /* it would not let every name pass: not offered */
	/* A fix that is no record change (plan_view.advice): the servers of a
	 * zone whose lookups fail, a domain to register or delegate. */
	char *title, *advice;
	struct server_view *servers;   /* strings owned */
	size_t n_servers;
};

struct caa_target {
	char *name;                 /* canonical, with "*." for wildcards */
	bool wildcard;
	enum caa_verdict verdict;
	char *relevant_at;          /* owner of the deciding RRset (after aliases) or NULL */
	/* How long the resolver may still serve the deciding answer from its
	 * cache: the RRset's remaining TTL, or for "no CAA anywhere" the
	 * shortest remaining negative TTL of the climb. -1 when unknown. */
	int64_t cache_ttl;
	struct finding *findings;
	size_t n_findings;
};

struct caa_report {
	struct caa_target *targets;
	size_t n_targets;
	struct caa_plan_info *plans;
	size_t n_plans;
	char *resolver;
	int queries;
	int answered;               /* queries that got any DNS answer back */
	int max_in_flight;          /* most queries outstanding at once: the parallelism */
	int64_t elapsed_ms;
};


struct caa_check;

/* Start the check; done runs once from the loop and owns the report (a
 * struct caa_report). Every front end drives it through caa_check_ops
 * (checks/check.h); the typed calls are for its tests. */
struct caa_check *caa_check_start(struct loop *loop, struct dns_client *resolver,
				  const struct caa_check_opts *opts, check_done_cb done, void *ctx,
				  char *err, size_t errlen);
void caa_check_cancel(struct caa_check *chk);
void caa_report_free(struct caa_report *rep);
const char *caa_verdict_name(enum caa_verdict v);   /* "permit", "deny", "lookup-failed" */
const char *caa_verdict_label(enum caa_verdict v);  /* translated: "PERMIT" */
/* What rendering the fix of a plan needs. */
struct plan_view caa_plan_view(const struct caa_plan_info *pi);

extern const struct check_ops caa_check_ops;

#endif
