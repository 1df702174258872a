/* One diagnosis as the wizard shows it: the names and records it is
 * about, a line per DNS query (from the checks' progress events), and the
 * engine's diagnosis (checks/diagnosis.h) that runs every check and keeps
 * their reports and findings. No curses here: the screens read this state
 * and draw it. */
#ifndef ACMD_UI_DIAG_H
#define ACMD_UI_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/caa/caa_check.h"
#include "checks/cname/cname_check.h"
#include "checks/diagnosis.h"
#include "checks/email/email_check.h"

/* One line per distinct query: the same question to the same server for
 * the same purpose (several records share a zone's servers) is one line,
 * asked n times. */
struct probe_line {
	int n, n_done;              /* times asked, times answered or failed */
	bool done, failed;          /* every one is back; one got no usable answer */
	bool problem;               /* its answer is what a blocking finding is about */
	bool referral;              /* the answer was a referral (a parent's server) */
	char *qtype, *qname, *server, *purpose, *result;   /* sanitised copies */
	int64_t started_ms, elapsed_ms;
};

/* Which line a probe event id belongs to. */
struct probe_id {
	int id;
	size_t line;
};

struct diag {
	char **names;                       /* for the CAA check */
	size_t n_names;
	struct cname_record_spec *records;  /* validation CNAMEs to check (own copies) */
	size_t n_records;
	struct probe_line *probes;
	size_t n_probes, alloc;
	struct probe_id *ids;               /* every query sent, by event id */
	size_t n_ids, ids_alloc;
	struct check_input in;              /* what run works on, made at start */
	struct diagnosis run;               /* the checks, their reports and items */
	struct diagnosis_item *items;            /* run.items: findings, worst first */
	size_t n_items;
	char error[256];                    /* why the check could not start */
	int runs;                           /* 1 first run, 2.. re-checks */
	int64_t started_ms;
	int san_flags;                      /* SAN_ASCII outside UTF-8 */
	char *const *edited_ns;             /* --edited-ns, not owned */
	size_t n_edited_ns;
	int timeout_ms;                     /* --timeout, for direct queries (0: default) */
	char **all_names;                   /* names and the records' names, for the run */
	size_t n_all_names;
	struct check_hosted_zone *hosted_zones;   /* from Route 53 (own copies) */
	size_t n_hosted_zones;
	void (*changed)(void *ctx);         /* something to redraw */
	void *ctx;
	/* Email validation: the names, and the email check's knobs (not owned). */
	struct email_name_spec *emails;
	size_t n_emails;
	const char *rdap_bootstrap, *https_ca_file;
	int smtp_timeout_ms;
};

struct diag *diag_new(char **names, size_t n, int san_flags);
/* Check this validation CNAME too (before diag_start; copied). */
void diag_add_record(struct diag *d, const char *name, const char *value,
		     const char *const *domains, size_t n_domains);
/* Check this name's email validation too (before diag_start; copied);
 * a name given twice keeps its first. */
void diag_add_email(struct diag *d, const char *name, const char *validation_domain,
		    char *const *emails, size_t n_emails, bool method_unknown);
/* The account's hosted zones for the checks (copied). */
void diag_set_hosted_zones(struct diag *d, const struct check_hosted_zone *z, size_t n);
/* Start (or restart: cancels a running one, forgets the old results). */
int diag_start(struct diag *d, struct loop *loop, struct dns_client *dns);
bool diag_running(const struct diag *d);
/* Done, with at least one report to show. */
bool diag_finished(const struct diag *d);
void diag_free(struct diag *d);
/* Longest time the resolver may still serve a blocking answer from its
 * cache, over the subjects that are not in place; -1 if none is known. */
int64_t diag_cache_left(const struct diag *d);
/* Certificate names that are blocked: some check's verdict about them is
 * not a clean pass. */
int diag_blocking(const struct diag *d);
/* Does some subject keep ACM from issuing (what `check` exits 1 for)? */
bool diag_blocks(const struct diag *d);
/* Every name the diagnosis is about: certificate names, the names the
 * validation records are for. */
size_t diag_names_count(const struct diag *d);
/* Queries sent so far (identical ones counted each time). */
size_t diag_queries(const struct diag *d);

/* Each check's report (NULL: not run, or running). */
const struct caa_report *diag_caa(const struct diag *d);
const struct cname_report *diag_cname(const struct diag *d);

/* What the checks found about one name (NULL: not checked, or running). */
const struct caa_target *diag_caa_of(const struct diag *d, const char *name);
const struct cname_result *diag_cname_of(const struct diag *d, const char *name);
/* An item's finding, the name the list shows for it, and its fix. */
const struct finding *diag_finding(const struct diag *d, const struct diagnosis_item *it);
const char *diag_item_name(const struct diag *d, const struct diagnosis_item *it);
/* Is the item about this certificate name? */
bool diag_item_about(const struct diag *d, const struct diagnosis_item *it, const char *name);
/* The fix of an item (NULL: the first fix offered); false if there is none. */
bool diag_plan_view(const struct diag *d, const struct diagnosis_item *it, struct plan_view *out);

#endif
