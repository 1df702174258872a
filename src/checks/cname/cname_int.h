/* Inside the DNS-validation CNAME check: the state its probe plan fills
 * in and its evaluation reads. Only the files of this folder include it.
 *
 *   cname_probe.c   the queries: the first round for each record, then the
 *                   delegation walked down from the parent, as a resolver
 *                   does, to the authoritative servers (asked with RD=0);
 *                   eager, the walk's questions asked ahead of it
 *   cname_answer.c  reading one answer: values compared, what a server said
 *   cname_search.c  where a missing record usually ends up: the names to
 *                   ask, and what was found there (TXT, neighbours,
 *                   addresses of a proxied or flattened name)
 *   cname_eval.c    the verdict and findings of each record (pure)
 *   cname_plan.c    the change per zone, and the words for where it goes
 *   cname_advice.c  the fix that is no record change: the servers of a
 *                   zone whose lookups fail, a domain that is not delegated
 *   cname_check.c   the life cycle and the report, and cname_check_ops */
#ifndef ACMD_CHECKS_CNAME_INT_H
#define ACMD_CHECKS_CNAME_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/check.h"
#include "checks/cname/cname_check.h"
#include "net/dns_wire.h"

#define CNAME_NEW_RECORD_TTL 300
#define MAX_DEPTH 8            /* referrals followed from the parent zone down */
#define MAX_NS 13              /* NS names (and addresses) asked per zone */
#define MAX_SOA 10             /* ancestors whose SOA is asked */
#define DEFAULT_TIMEOUT_MS 3000     /* a direct query's whole wait, both tries */

/* One query's outcome, kept whole until the report is built. */
struct obs {
	bool sent, done;
	enum dns_outcome outcome;
	struct dns_msg *msg;       /* owned */
	char *error;
	char *server;
};

/* An address asked directly, with the NS names that led there. */
struct sv {
	char *addr;                /* "127.0.0.4" or "2001:db8::1" */
	char *names;               /* ", "-joined */
	bool edited;
	int zone;                  /* index of the hosted zone it serves, -1: --edited-ns */
	struct obs o;
};

struct nsname {
	char *name;
	char *addr;                /* first IPv4 address (glue or resolved), or NULL */
	struct obs o;              /* the A lookup, when there was no glue */
};

/* The servers of one zone on the way down, and what they said. */
struct level {
	char *zone;
	bool referral;             /* published by the parent (a referral) */
	struct nsname *ns;
	size_t n_ns;
	struct sv *sv;
	size_t n_sv;
};

enum step { ST_FIRST, ST_PARENT_NS, ST_NS_ADDR, ST_AUTH, ST_EXACT, ST_DONE };

struct rec {
	char *name, *value;
	char **domains;
	size_t n_domains;
	struct obs main, txt, a, aaaa;
	struct cname_candidate *cands;
	size_t n_cands;
	struct obs *cand_obs;
	char **soa_names;
	size_t n_soa;
	struct obs *soa_obs;
	char *zres;                /* deepest zone the resolver shows */
	char *pz;                  /* the zone above it: where the walk starts */
	struct obs pz_ns;
	struct level lv;
	int depth;
	struct sv *ed;             /* the edited name servers, asked for this record */
	size_t n_ed;
	/* What a fix would delete, asked again of an authoritative server: a
	 * DELETE must match the set exactly as the zone holds it (TTL and
	 * every value), not as the resolver counts it down. */
	struct obs exact_txt;
	struct obs *exact_cand;    /* per candidate (n_cands) */
	struct obs exact_a, exact_aaaa;   /* addresses that hold the name */
	enum step step;
	int outstanding;
	char *walk_note;           /* why the delegation could not be followed */
};

/* A direct client per address, shared by every record. */
struct direct {
	char *addr;
	struct dns_client *dns;
};

struct edited_in {
	int zone;                  /* the hosted zone it serves (index), -1: --edited-ns */
	char *text;                /* as given */
	char *name;                /* canonical host name, or NULL for an address */
	char *addr;                /* the address (given, or resolved) */
	struct obs o;              /* the A lookup for a name */
};

struct cname_check {
	struct loop *loop;
	struct dns_client *dns;
	char *resolver;
	const char *forced_provider;
	int timeout_ms, tries;
	check_done_cb cb;
	void *ctx;
	struct probe_log log;      /* queries sent and answered, live events */
	struct rec *recs;
	size_t n_recs;
	struct edited_in *edited;
	size_t n_edited;
	const struct check_hosted_zone *zones;   /* the hosted zones, not owned */
	size_t n_zones;
	int edited_pending;
	struct direct *directs;
	size_t n_directs;
	int outstanding;
	bool cancelled, aborted, finishing;
	uint64_t timer;
	/* Eager (check_input.eager; cname_probe.c): queries asked ahead of
	 * the walk, taken by it when it asks the same. */
	bool eager;
	struct pre **pre;
	size_t n_pre;
};


/* What one answer says about the record (classify). */
struct seen_info {
	enum cname_seen seen;
	const char *value;         /* points into the message */
	char *detail;
	int64_t ttl;
	bool lame;
	const struct dns_rr *rr;
};

/* One record's evaluation under way: every server's view, the evidence
 * lines shared by its findings, and where they go. */
struct eval {
	struct cname_check *chk;
	struct rec *r;
	struct cname_report *rep;
	struct cname_result *res;
	struct seen_info R;
	struct seen_info *D;       /* per delegated server */
	struct seen_info *E;       /* per edited server */
	char **evidence;
	size_t n_evidence;
	int advice;                /* the record's advice plan, -1 none yet */
};

/* cname_probe.c */
struct pre;
void cname_probe_start(struct cname_check *chk);
void cname_pre_free(struct cname_check *chk);
void cname_obs_clear(struct obs *o);
void cname_sv_clear(struct sv *s);
void cname_level_clear(struct level *lv);
/* cname_check.c: report (or reap after a cancel) from a fresh loop turn
 * once every query is back */
void cname_finish(void *arg);
void cname_reap(void *arg);
void cname_check_free(struct cname_check *chk);
void cname_free_directs(struct cname_check *chk);

/* cname_answer.c */
size_t cname_name_len_nodot(const char *s);
bool cname_value_matches(const char *found, const char *expected);
bool cname_obs_ok(const struct obs *o);
const struct dns_rr *cname_rr_at(const struct dns_msg *m, const char *name);
bool cname_is_referral(const struct dns_msg *m);
char *cname_failure_text(const struct obs *o, bool direct, bool *lame);
void cname_classify(const struct obs *o, const char *name, const char *value, bool direct,
		    struct seen_info *si);
const char *cname_a_in(const struct dns_msg *m, const char *owner, enum dns_section sec);
const char *cname_resolved_a(const struct dns_msg *m, const char *name);

/* cname_search.c */
int cname_look_elsewhere(struct eval *ev);
bool cname_cloudflare_bytes(int family, const uint8_t *addr);

/* cname_eval.c */
void cname_evaluate(struct cname_check *chk, struct rec *r, struct cname_report *rep,
		    struct cname_result *res);
void cname_add_finding(struct cname_result *res, struct finding *f);
void cname_with_evidence(struct eval *ev, struct finding *f);

/* cname_advice.c */
void cname_lookup_advice(struct eval *ev, struct finding *f, size_t n_match);
bool cname_not_delegated(struct eval *ev);

/* cname_plan.c */
const char *cname_label_of(const char *name, const char *zone);
const char *cname_ns_list(const struct cname_plan_info *pi);
int cname_plan_for(struct eval *ev);
void cname_fix(struct eval *ev, struct finding *f, enum rec_action action, const char *name,
	       uint16_t type, uint32_t ttl, const char *data);
void cname_fix_add(struct eval *ev, struct finding *f);
void cname_note_existing(struct eval *ev, const char *name, uint16_t type, uint32_t ttl,
			 const char *data);
void cname_note_replaced(struct eval *ev, const struct dns_rr *rr);
const char *cname_provider_label(struct eval *ev);

#endif
