/* One diagnosis as the wizard shows it: the names, a line per DNS query
 * (from the progress events of caa_check and cname_check, which have the
 * same shape), and the reports when they are done. The CAA and the CNAME
 * checks run together on the loop. No curses here: the screens read this
 * state and draw it. */
#ifndef ACMD_UI_DIAG_H
#define ACMD_UI_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/caa/caa_check.h"
#include "checks/cname/cname_check.h"
#include "report/report.h"

struct probe_line {
	int id;
	bool done, failed;
	char *qtype, *qname, *server, *purpose, *result;   /* sanitised copies */
	int64_t started_ms, elapsed_ms;
};

enum diag_check { DIAG_CAA, DIAG_CNAME };

/* A finding of a report: which check, its target (CAA) or result (CNAME)
 * and the finding's index; sorted worst first. */
struct diag_item {
	enum diag_check check;
	size_t target, finding;
};

struct diag {
	char **names;
	size_t n_names;
	struct probe_line *probes;
	size_t n_probes, alloc;
	struct cname_record_spec *records;  /* validation CNAMEs to check (own copies) */
	size_t n_records;
	struct caa_report *rep;             /* NULL while running */
	struct cname_report *cname;         /* NULL while running or without records */
	struct diag_item *items;            /* findings of both, worst first */
	size_t n_items;
	struct caa_check *chk;              /* running checks, or NULL */
	struct cname_check *cname_chk;
	char error[256];                    /* why the check could not start */
	int runs;                           /* 1 first run, 2.. re-checks */
	int64_t started_ms;
	int san_flags;                      /* SAN_ASCII outside UTF-8 */
	char *const *edited_ns;             /* --edited-ns, not owned */
	size_t n_edited_ns;
	void (*changed)(void *ctx);         /* something to redraw */
	void *ctx;
};

struct diag *diag_new(char **names, size_t n, int san_flags);
/* Check this validation CNAME too (before diag_start; copied). */
void diag_add_record(struct diag *d, const char *name, const char *value,
		     const char *const *domains, size_t n_domains);
/* Start (or restart: cancels a running one, forgets the old results). */
int diag_start(struct diag *d, struct loop *loop, struct dns_client *dns);
bool diag_running(const struct diag *d);
/* Done, with at least one report to show. */
bool diag_finished(const struct diag *d);
void diag_free(struct diag *d);
/* Longest time the resolver may still serve a blocking answer from its
 * cache, over the names that are not permitted and the records not in
 * place; -1 if none is known. */
int64_t diag_cache_left(const struct diag *d);
/* Names that are blocked: CAA does not permit, or a record is not OK. */
int diag_blocking(const struct diag *d);

/* Verdicts in the same words as the command line's text output. */
const char *diag_caa_label(enum caa_verdict v);
const char *diag_cname_label(enum cname_verdict v);

/* What the checks found about one name (NULL: not checked, or running). */
const struct caa_target *diag_caa_of(const struct diag *d, const char *name);
const struct cname_result *diag_cname_of(const struct diag *d, const char *name);
/* An item's finding, the name the list shows for it, and its fix. */
const struct finding *diag_finding(const struct diag *d, const struct diag_item *it);
const char *diag_item_name(const struct diag *d, const struct diag_item *it);
/* Is the item about this certificate name (its CAA target, or a record
 * that validates it)? */
bool diag_item_about(const struct diag *d, const struct diag_item *it, const char *name);
/* The fix of an item (NULL: the first plan of the CAA report); false if
 * there is none. */
bool diag_plan_view(const struct diag *d, const struct diag_item *it, struct plan_view *out);

#endif
