/* One diagnosis: every check that has something to do for one input,
 * started together on one loop, their reports when all are in, and their
 * findings in one list, worst first. The command line, the TUI and a
 * fleet scan all run checks through this, never a check directly.
 *
 * With the checks' first queries goes the resolver probe (resolver.h).
 * When the resolver is not one, that is decided here, once for every
 * check: the checks are cancelled, their reports dropped, and the one
 * finding is RESOLVER_FAILED, about every name of the input. */
#ifndef ACMD_CHECKS_DIAGNOSIS_H
#define ACMD_CHECKS_DIAGNOSIS_H

#include <stdbool.h>
#include <stddef.h>

#include "checks/check.h"
#include "checks/resolver.h"

/* Probe event ids of check c are c * DIAGNOSIS_ID_STRIDE + the check's id,
 * so that one live view can hold every check's queries. */
#define DIAGNOSIS_ID_STRIDE 1000000

/* The "check" of a finding the diagnosis makes itself (RESOLVER_FAILED). */
#define DIAGNOSIS_RESOLVER CHECK__COUNT
/* Its probe's events: ids DIAGNOSIS_RESOLVER * DIAGNOSIS_ID_STRIDE + 1. */

/* A finding of the diagnosis: which check, which subject, which finding. */
struct diagnosis_item {
	enum check_id check;
	size_t subject, finding;
};

/* What a check's callbacks get: which diagnosis, which check. */
struct diagnosis_slot {
	struct diagnosis *d;
	enum check_id id;
};

/* Zero it before the first start; it must not move while checks run. */
struct diagnosis {
	/* By check id: the running check, then its report (NULL if it did
	 * not run, or while it runs). */
	void *running[CHECK__COUNT];
	void *report[CHECK__COUNT];
	bool started[CHECK__COUNT];
	struct diagnosis_slot slot[CHECK__COUNT];
	struct diagnosis_item *items;   /* when done: worst first */
	size_t n_items;
	char error[256];                /* why it could not start */
	struct resolver_probe *resolver;   /* the probe (kept for its verdict) */
	bool resolver_done;             /* its verdict is in */
	bool resolver_failed;           /* then no check has a report */
	/* Set before diagnosis_start: the caller probes the resolver, once
	 * for many diagnoses (a fleet scan), and gives its verdict with
	 * diagnosis_resolver_judged; no probe of its own is sent. */
	bool resolver_given;
	bool resolver_waits;            /* started: done only with a verdict */
	struct finding resolver_finding;
	char **names;                   /* every certificate name of the input */
	size_t n_names;
	struct change_plan no_change;   /* what an advice-only fix points at */
	probe_event_cb on_event;
	void *event_ctx;
	void (*done)(void *ctx);        /* every started check is in */
	void *ctx;
};

/* Start every check in only (a bit per check id; 0: all) that applies to
 * in; the events and done come from the loop (none when no check
 * applies). Returns -1 (error set, no check left running) when one could
 * not start. in and what it points to must outlive the checks. */
int diagnosis_start(struct diagnosis *d, struct loop *loop, struct dns_client *dns,
		    const struct check_input *in, unsigned only,
		    probe_event_cb on_event, void *event_ctx, void (*done)(void *ctx), void *ctx);
/* Cancel what runs (no callback after this) and free the reports: the
 * diagnosis can be started again. */
void diagnosis_clear(struct diagnosis *d);
bool diagnosis_running(const struct diagnosis *d);
/* Done, with at least one report. */
bool diagnosis_finished(const struct diagnosis *d);
/* Started but gave no report (the loop ended first). */
bool diagnosis_incomplete(const struct diagnosis *d);

/* The resolver is not one (RESOLVER_FAILED); then diagnosis_resolver
 * gives its finding. */
bool diagnosis_resolver_failed(const struct diagnosis *d);
/* The resolver's verdict, from the diagnosis's own probe or (resolver_given)
 * the caller's. RESOLVER_FAILED drops what the checks found, also when
 * they are in already (a fleet holds a finished job while it asks the
 * resolver again): RESOLVER_FAILED is then the one finding. done is called
 * when the diagnosis was running and ends with this. */
void diagnosis_resolver_judged(struct diagnosis *d, const struct resolver_verdict *v);
const struct finding *diagnosis_resolver(const struct diagnosis *d);

/* Every check's queries add up; the time is the longest, since they ran
 * together. */
void diagnosis_stats(const struct diagnosis *d, struct check_stats *out);

/* An item's subject and finding, and its fix (false: none). A finding
 * without records of its own leads to the check's first fix there is. */
void diagnosis_subject(const struct diagnosis *d, const struct diagnosis_item *it,
		       struct check_subject *out);
const struct finding *diagnosis_finding(const struct diagnosis *d, const struct diagnosis_item *it);
bool diagnosis_plan(const struct diagnosis *d, const struct diagnosis_item *it, struct plan_view *out);
/* The first subject of check id about a certificate name: its index, and
 * the subject in *out; -1 when there is none. */
int diagnosis_subject_about(const struct diagnosis *d, enum check_id id, const char *name,
			    struct check_subject *out);

#endif
