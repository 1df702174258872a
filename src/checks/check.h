/* The one shape every check has, so that the command line, the TUI and a
 * fleet scan drive any check the same way (after tig's view_ops and curl's
 * Curl_ssl): a table of functions per check, filled once in the check's
 * own folder and listed in CHECKS below.
 *
 * The life of a check: start() on the loop with the part of the input it
 * needs, progress events while it runs, then done() exactly once from the
 * loop with its report (unless cancel() came first: no callback after
 * it). A report is read through the table too: statistics, subjects (the
 * rows: a CAA target, a validation record) with their findings, and the
 * fix plans those findings point at. */
#ifndef ACMD_CHECKS_CHECK_H
#define ACMD_CHECKS_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/finding.h"
#include "core/loop.h"
#include "fix/plan_view.h"
#include "net/dns_client.h"

/* Every check, in the order reports show them: X(id, name). A new check
 * adds its line here and defines <id>_check_ops in its folder. */
#define CHECKS(X) \
	X(caa, "caa") \
	X(cname, "cname") \
	X(email, "email") \
	X(apigw, "apigw")

#define CHECK_ENUM(id, name) CHECK_##id,
enum check_id { CHECKS(CHECK_ENUM) CHECK__COUNT };
#undef CHECK_ENUM

/* Progress of one query, for live views (the TUI's probe lines). Ids count
 * from 1 within one check. */
struct probe_event {
	int id;
	bool done;                  /* false: just sent; true: answered or failed */
	const char *qname;
	const char *qtype;          /* "CAA", "SOA", "CNAME" */
	const char *server;         /* whom we asked */
	const char *purpose;        /* N_() text: "climb", "authoritative" */
	const char *result;         /* done only: "NOERROR, 2 answer RRs", "timeout" */
	bool failed;                /* done only: no usable answer */
	int64_t elapsed_ms;         /* done only */
	bool referral;              /* done only: a referral, not an answer about the name */
};

typedef void (*probe_event_cb)(void *ctx, const struct probe_event *ev);

struct cname_record_spec;      /* checks/cname/cname_check.h */
struct email_name_spec;        /* checks/email/email_check.h */
struct apigw_target;           /* checks/apigw/apigw_check.h */

/* A hosted zone of the user's account at a DNS provider (a Route 53 zone
 * found through the AWS API), for the checks that say which zone a record
 * went into and which zone id the fix goes to. */
struct check_hosted_zone {
	const char *id;             /* "Z0LABEXAMPLE00000001" */
	const char *name;           /* canonical, trailing dot */
	const char *const *ns;      /* the name servers the provider gave it, canonical */
	size_t n_ns;
	const char *provider;       /* provider id: "route53" */
};

/* Everything one diagnosis is about; each check takes the part it needs
 * and says whether there is anything for it (applies). */
struct check_input {
	const char *const *names;   /* canonical, "*.x." for wildcards: CAA */
	size_t n_names;
	const struct cname_record_spec *records;   /* validation CNAMEs */
	size_t n_records;
	const char *const *edited_ns;   /* --edited-ns, as given */
	size_t n_edited_ns;
	const char *ca;             /* --ca issuer, or NULL for ACM's */
	const char *provider;       /* forced provider id, or NULL to detect */
	int timeout_ms;             /* a direct query's whole wait, retry included; 0: the check's default */
	/* Ask with the first round what later rounds may need (zones, name
	 * servers): fewer round trips for one check, more queries. A fleet
	 * scan leaves it off and asks only what each name needs. */
	bool eager;
	/* Email validation (checks/email/email_check.h). */
	const struct email_name_spec *email_names;
	size_t n_email_names;
	const char *cert_arn;       /* the certificate's ARN, for the commands shown; NULL */
	const char *rdap_bootstrap; /* --rdap-bootstrap FILE; NULL: the shipped IANA file */
	const char *https_ca_file;  /* --https-ca-file FILE; NULL: environment or system store */
	int smtp_timeout_ms;        /* one SMTP conversation; 0: the default */
	const struct check_hosted_zone *hosted_zones;   /* from the provider's API, or none */
	size_t n_hosted_zones;
	/* API Gateway custom domains to probe (DNS, TLS, HTTP), and the trust
	 * store for their certificates (NULL: the system's). */
	const struct apigw_target *apigw;
	size_t n_apigw;
	const char *ca_file;
	/* Every certificate name the input is about, for findings about the
	 * whole run (RESOLVER_FAILED); NULL: names. */
	const char *const *domains;
	size_t n_domains;
};

/* What a finished check cost. */
struct check_stats {
	const char *resolver;
	int queries;
	int answered;               /* queries that got any DNS answer back */
	int max_in_flight;          /* most queries outstanding at once */
	int64_t elapsed_ms;
};

/* One row of a report, the same for every check. */
struct check_subject {
	const char *name;           /* what it is about: a CAA target, a record name */
	const char *verdict;        /* stable, for JSON: "permit", "missing" */
	const char *label;          /* translated, for people: "PERMIT", "MISSING" */
	enum severity tone;         /* how the verdict reads: ERROR, WARNING or INFO */
	bool blocks;                /* this subject keeps ACM from issuing */
	int64_t cache_ttl;          /* how long the resolver may keep the deciding answer; -1 */
	const struct finding *findings;   /* most severe first */
	size_t n_findings;
	char *const *domains;       /* the certificate names it is about */
	size_t n_domains;
};

typedef void (*check_done_cb)(void *ctx, void *report);

struct check_ops {
	enum check_id id;
	const char *name;           /* "caa": --only, and "check" in the JSON */
	bool (*applies)(const struct check_input *in);
	/* NULL with err set when the input is unusable for this check. */
	void *(*start)(struct loop *loop, struct dns_client *dns, const struct check_input *in,
		       probe_event_cb on_event, void *event_ctx, check_done_cb done, void *ctx,
		       char *err, size_t errlen);
	void (*cancel)(void *running);
	void (*report_free)(void *report);

	void (*stats)(const void *report, struct check_stats *out);
	size_t (*n_subjects)(const void *report);
	void (*subject)(const void *report, size_t i, struct check_subject *out);
	/* Fix plans: a finding's plan index leads here. False when there is
	 * no such plan, or it is not offered (it would not fix everything). */
	size_t (*n_plans)(const void *report);
	bool (*plan)(const void *report, size_t i, struct plan_view *out);
};

/* Every check's table, in CHECKS order. */
const struct check_ops *check_get(enum check_id id);
/* By name ("caa"), or NULL. */
const struct check_ops *check_by_name(const char *name);
/* "CAA": a check's name as a short label for people (buf of len). */
const char *check_label(const struct check_ops *ops, char *buf, size_t len);
/* "caa, cname": for messages that list what --only accepts. */
const char *check_names(void);

/* Is the subject about this certificate name? */
bool check_subject_about(const struct check_subject *s, const char *name);
/* The subject's first finding with a plan, or -1. */
int check_subject_plan(const struct check_subject *s);

/* The hosted zone named zone whose name servers are exactly the delegated
 * ones (ns), i.e. the one the registry points at; NULL when none is. */
const struct check_hosted_zone *check_hosted_zone_delegated(const struct check_hosted_zone *zones,
							    size_t n, const char *zone,
							    char *const *ns, size_t n_ns);

/* The provider of a zone: the forced one (--provider), else the one its
 * name servers show (detected true); NULL when unknown. */
const struct provider *check_zone_provider(const char *forced, char *const *ns, size_t n_ns,
					   bool *detected, bool *mixed);

/* What every check does around one query: count it, number it, tell the
 * live view; and when its answer is back, count that and tell the view.
 * One per running check. */
struct probe_log {
	probe_event_cb on_event;
	void *event_ctx;
	int queries, answered, in_flight, max_in_flight;
	int64_t started_ms;
	int others;                 /* probes that are not DNS queries */
};

void probe_log_init(struct probe_log *pl, probe_event_cb on_event, void *event_ctx);
/* A query goes out; returns its id. */
int probe_log_sent(struct probe_log *pl, const char *qname, uint16_t qtype,
		   const char *server, const char *purpose);
/* Its answer (or failure) is back; the view is told unless quiet (the
 * check was cancelled). */
void probe_log_done(struct probe_log *pl, int id, const char *purpose,
		    const struct dns_result *res, bool quiet);
/* The same for a probe that is not a DNS query (kind "TLS", "HTTPS"): not
 * counted as a query; its ids are apart from the queries'. result is a
 * short line for the live view. */
int probe_log_sent_other(struct probe_log *pl, const char *what, const char *kind,
			 const char *server, const char *purpose);
void probe_log_done_other(struct probe_log *pl, int id, const char *what, const char *kind,
			  const char *server, const char *purpose, const char *result, bool failed,
			  int64_t elapsed_ms, bool quiet);

#endif
