/* Inside the email check: the state its probes fill in and its evaluation
 * reads. Only the files of this folder include it.
 *
 *   email_probe.c   the DNS rounds (MX up the climb and the registrable
 *                   domain's NS; then every MX host's A/AAAA and the zone's
 *                   NS) and the SMTP probe of every address
 *   email_rdap.c    the registration lookup: bootstrap file, RDAP request
 *   email_eval.c    what it all means: verdict and findings per validation
 *                   domain (pure: reads this state, sends nothing)
 *   email_plan.c    the way out: the MX records to add, and the commands
 *                   (ValidationDomain, DNS validation, resending)
 *   email_check.c   the life cycle, the report and email_check_ops */
#ifndef ACMD_CHECKS_EMAIL_INT_H
#define ACMD_CHECKS_EMAIL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/check.h"
#include "checks/email/email_check.h"
#include "net/http_client.h"
#include "net/rdap.h"
#include "net/smtp_probe.h"

#define EMAIL_MAX_HOSTS 16          /* MX hosts looked up per level */
#define EMAIL_MAX_ADDRS 32          /* SMTP probes in one run */
#define EMAIL_NEW_RECORD_TTL 300
#define EMAIL_RDAP_TIMEOUT_MS 10000

enum lookup_state { LK_PENDING, LK_DATA, LK_NODATA, LK_NXDOMAIN, LK_FAIL };

struct mx_rec {
	unsigned pref;
	char *exchange;             /* canonical; "." for a null MX */
};

/* MX at one name of a climb. */
struct level {
	char *name;
	enum lookup_state state;
	char *fail_text;
	struct mx_rec *mx;
	size_t n_mx;
	char *zone;                 /* the zone apex from a negative answer's SOA, or NULL */
	char **lines;               /* the MX records as zone-file lines */
	size_t n_lines;
	int64_t ttl;
};

/* One MX host (shared between levels and targets). */
struct host {
	char *name;
	bool literal;               /* looks like an IPv4 address: not a host name */
	enum lookup_state a, aaaa;
	char *alias;                /* the end of a CNAME chain, if the name is an alias */
	char *fail_text;
	char **addrs;
	size_t n_addrs;
	char **lines;
	size_t n_lines;
};

struct addr_probe {
	size_t host;
	char *addr;
	struct smtp_probe *p;       /* while it runs */
	struct smtp_result *res;    /* when done */
	int event;                  /* its progress line */
};

/* The registration of one registrable domain (shared between targets). */
struct regdom {
	char *name;                 /* canonical, trailing dot */
	enum lookup_state ns_state;
	char **ns;                  /* from the DNS, lower case, no dot */
	size_t n_ns;
	struct http_request *req;   /* while RDAP runs */
	struct email_check *chk;    /* the answer's way back (set when req goes out) */
	int event;                  /* its progress line */
	char *url;
	bool rdap_done;
	char *server;               /* base URL, or NULL */
	char *why_none;             /* why there is no registration data */
	bool not_found;             /* RDAP 404 */
	bool have;                  /* rd is filled */
	struct rdap_domain rd;
};

struct target {
	char *domain;               /* validation domain */
	char **names;
	size_t n_names;
	char **cert_emails;         /* ValidationEmails, all names together */
	size_t n_cert_emails;
	bool method_unknown;        /* every name of it was typed without its method */
	size_t *climb;              /* level indices: domain first, registrable last */
	size_t n_climb;
	int regdom;                 /* regdom index, -1 when libpsl gives none */
	int zone_ns;                /* level index whose zone's NS were asked, -1 */
	char **zone_ns_names;
	size_t n_zone_ns;
	enum lookup_state zone_ns_state;
};

struct email_check {
	struct loop *loop;
	struct dns_client *dns;
	struct http_client *http;
	check_done_cb cb;
	void *ctx;
	struct probe_log log;
	const char *forced_provider;
	char *arn;
	char *bootstrap_file;
	char *ca_file;
	int smtp_timeout_ms;
	struct level *levels;
	size_t n_levels, alloc_levels;
	struct host *hosts;
	size_t n_hosts, alloc_hosts;
	struct addr_probe *probes;
	size_t n_probes;
	struct regdom *regs;
	size_t n_regs;
	struct target *targets;
	size_t n_targets;
	char *bootstrap_date;
	int outstanding;            /* DNS queries out, SMTP probes and RDAP requests, plus one while a phase sends */
	int phase;
	int smtp_count, rdap_count;
	char *resolver;
	bool cancelled;
	uint64_t finish_timer;
};

/* email_probe.c */
void email_probe_start(struct email_check *chk);
void email_phase_close(struct email_check *chk);
void email_rdap_done(struct email_check *chk);
int email_event_sent(struct email_check *chk, const char *what, const char *target,
		     const char *server, const char *purpose);
void email_event_done(struct email_check *chk, int id, const char *what, const char *target,
		      const char *server, const char *purpose, const char *result, bool failed,
		      int64_t elapsed_ms);
/* email_rdap.c */
void email_rdap_start(struct email_check *chk, struct regdom *rg);
/* email_eval.c */
void email_evaluate(const struct email_check *chk, size_t ti, struct email_target *et);
int email_deciding_level(const struct email_check *chk, const struct target *t);
/* email_plan.c */
void email_plan_target(const struct email_check *chk, size_t ti, struct email_report *rep,
		       struct email_target *et);
/* email_check.c */
void email_check_free(struct email_check *chk);
struct email_report *email_report_build(struct email_check *chk);

#endif
