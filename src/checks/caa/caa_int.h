/* Inside the CAA check: the state its probe plan fills in and its
 * evaluation reads. Only the files of this folder include it.
 *
 *   caa_probe.c     the queries, in phases: the climb (CAA at the name and
 *                   each parent), then the zones of what must change or
 *                   failed (SOA, DS), then their name servers (NS); eager,
 *                   the zones and servers of the climb go with it
 *   caa_findings.c  what the answers mean: the verdict and findings per
 *                   target (pure: reads this state, sends nothing)
 *   caa_plan.c      the one change that lets every target pass, per owner
 *   caa_advice.c    the fix that is no record change: the servers of a zone
 *                   whose lookups fail, a domain that is not delegated
 *   caa_check.c     the life cycle and the report, and caa_check_ops */
#ifndef ACMD_CHECKS_CAA_INT_H
#define ACMD_CHECKS_CAA_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/caa/caa_check.h"
#include "checks/caa/caa_eval.h"
#include "checks/check.h"
#include "checks/deleg.h"

#define CAA_NEW_RECORD_TTL 300

/* One CAA lookup: a name on some target's climb. Shared between targets
 * (example.com. and *.example.com. climb the same names). */
struct node {
	char *name;
	enum { N_PENDING, N_DATA, N_EMPTY, N_FAIL } state;
	char *fail_text;          /* why the lookup failed, for people */
	int rcode;
	bool ad;
	char *owner;              /* where the CAA RRs sit: name, or the alias target */
	char **lines;             /* CNAME chain and CAA RRs as zone-file lines */
	size_t n_lines;
	char *status;             /* ";"-comment summarising the answer */
	struct caa_prop *props;
	size_t n_props;
	bool cd_data;             /* with validation off, data came back (bogus signatures) */
	bool cd_done;
	int64_t ttl;              /* remaining TTL of the CAA RRset, or the negative TTL; -1 */
	char *zone;               /* of a negative answer: the zone its SOA names */
	int walk;                 /* the delegation walked to it (chk->walks), -1 */
};

/* What zone a name is in, whether it validated, and who serves it. */
struct zinfo {
	char *name;
	char *zone;
	bool secure;              /* AD on the SOA answer (a validating resolver) */
	bool ds_known;            /* the DS query for the zone was answered */
	bool has_ds;              /* the parent publishes a DS: the zone is signed */
	bool wants_ds;            /* a lookup failed in this zone: is it signed? */
	bool failed;
	char *fail_text;
	char **ns;
	size_t n_ns;
	/* Eager (caa_probe.c): asked with the climb, before it is known
	 * whether they are needed: SOA at the name, NS at the name (its
	 * servers when it is a zone apex). */
	bool soa_asked;
	bool ns_at_done;
	char **ns_at;
	size_t n_ns_at;
};

struct target_state {
	char *name;               /* as requested */
	char *base;               /* without "*." */
	bool wildcard;
	size_t *climb;            /* node indices, the name first, the TLD last */
	size_t n_climb;
	int relevant;             /* node index that decided, -1 none */
	int failed;               /* node index whose lookup failed, -1 none */
	struct caa_decision dec;
	int zone_of_base;         /* zinfo index for the target's own zone, -1 */
	int zone_of_owner;        /* zinfo index for the relevant owner, -1 */
	int zone_of_failure;      /* zinfo index for the failing name, -1 */
	int registered;           /* node of the registered domain when it is NXDOMAIN, -1 */
};

/* A delegation walked for a node: the servers of a failing lookup, or the
 * parent's answer for a registered domain that is not delegated. */
struct walk_info {
	struct deleg_walk *walk;
	struct caa_check *chk;
	size_t node;
};

struct caa_check {
	struct loop *loop;
	struct dns_client *dns;
	struct caa_identities *ids;
	bool ids_shared;          /* ACM's, kept for the whole run: not freed */
	char *ca_label;
	const char *forced_provider;
	const struct check_hosted_zone *hosted_zones;   /* not owned */
	size_t n_hosted_zones;
	check_done_cb cb;
	void *ctx;
	struct probe_log log;     /* queries sent and answered, live events */
	struct node *nodes;
	size_t n_nodes, alloc_nodes;
	struct zinfo *zones;
	size_t n_zones, alloc_zones;
	struct walk_info *walks;
	size_t n_walks;
	int timeout_ms;           /* direct queries of the walks */
	struct target_state *targets;
	size_t n_targets;
	bool eager;               /* zones and servers asked with the climb */
	int outstanding;          /* queries out, plus one while a phase sends */
	int phase;
	char *resolver;           /* copied: the report must not need the client */
	bool cancelled;
	bool aborted;             /* the client went away under us: report what we have */
	uint64_t finish_timer;
};

/* caa_probe.c */
void caa_probe_start(struct caa_check *chk);     /* phase 0: the climb */
/* caa_check.c */
struct caa_report *caa_report_build(struct caa_check *chk);
void caa_check_free(struct caa_check *chk);
/* caa_findings.c */
void caa_evaluate_target(struct caa_check *chk, struct target_state *t);
void caa_finding_none(struct caa_check *chk, struct target_state *t, struct caa_target *ct);
void caa_finding_lookup_failed(struct caa_check *chk, struct target_state *t, struct caa_target *ct);
void caa_findings_for_rrset(struct caa_check *chk, struct target_state *t, struct caa_target *ct);
void caa_parent_zone_finding(struct caa_check *chk, const struct target_state *t,
			     struct caa_target *ct, const char *apex);
int64_t caa_decisive_ttl(struct caa_check *chk, const struct target_state *t);
/* caa_advice.c */
void caa_walks_start(struct caa_check *chk);
void caa_walks_free(struct caa_check *chk);
int caa_lookup_advice(struct caa_check *chk, struct caa_report *rep, const struct target_state *t);
void caa_finding_not_delegated(struct caa_check *chk, const struct target_state *t, struct caa_target *ct,
			       struct caa_report *rep);
/* caa_probe.c */
void caa_phase_close(struct caa_check *chk);
/* caa_plan.c */
const char *caa_change_owner(struct caa_check *chk, const struct target_state *t, bool *carry,
			     bool *foreign);
int caa_build_plan(struct caa_check *chk, struct caa_report *rep, const char *owner, bool carry,
		   bool foreign, const struct target_state *first);
void caa_attach_plan(struct caa_report *rep, struct caa_target *ct, int plan);

#endif
