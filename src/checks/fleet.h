/* A fleet scan: many diagnoses at once on one loop, one per piece of work
 * (a name, a line of names, a certificate) as a source hands them out,
 * each run through diagnosis_start like a single check. At most
 * `parallel` queries are out at once, over the resolver and every server
 * a check asks directly (one dns_window, see net/dns_client.h), and work
 * is taken only while the window has room, so memory stays flat however
 * long the list: a job lives from the source's next() to its done().
 * Nothing here knows a check; a new one runs in a fleet as it is added.
 *
 * The resolver is probed once for the run, with the first jobs (which
 * wait for its verdict as a single diagnosis does), and again whenever a
 * job ends after a query to it (the job's or another's) got nothing back
 * since its last verdict: jobs that end meanwhile
 * are held, no new one starts, and if it failed each of them, and each
 * still running, reports RESOLVER_FAILED and the scan stops. */
#ifndef ACMD_CHECKS_FLEET_H
#define ACMD_CHECKS_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/diagnosis.h"

struct fleet;

/* One piece of work. The source fills in and data in next(); the
 * diagnosis is the fleet's and holds the reports during done(). */
struct fleet_job {
	struct check_input in;      /* what it points to stays the source's until done() */
	void *data;                 /* the source's, handed back in done() */
	struct diagnosis diag;
	char error[256];            /* set: no diagnosis, and this is why */
	bool unanswered;            /* queries went out and the resolver answered none */
	int64_t started_ms;
	struct fleet *fleet;        /* private from here on */
	struct fleet_job *prev, *next;
};

enum fleet_next {
	FLEET_JOB,                  /* job filled in: run it */
	FLEET_BAD,                  /* this piece is unusable: job->error says why;
				     * it is done() at once, in order */
	FLEET_WAIT,                 /* nothing yet: fleet_more() when there is */
	FLEET_END,                  /* no more work, ever */
};

struct fleet_source {
	enum fleet_next (*next)(void *ctx, struct fleet_job *job);
	/* A job is over: report it, free job->data. From the loop; the job
	 * and its diagnosis are freed when this returns. */
	void (*done)(void *ctx, struct fleet_job *job);
	/* A job cancelled by fleet_free: free job->data, report nothing. */
	void (*drop)(void *ctx, struct fleet_job *job);
	void *ctx;
};

struct fleet_opts {
	int parallel;               /* queries out at once; also the most jobs at once */
	unsigned only;              /* check bits as for diagnosis_start; 0: every check */
	/* Stop taking work once this many queries in a row to the resolver
	 * got nothing back (it is down, or drops us); 0: never. */
	int dead_after;
};

struct fleet_stats {
	size_t jobs, errors;        /* done; of which without a diagnosis */
	int asked, answered;        /* the checks' queries, as each counts them */
	int sent;                   /* queries that went out (to the resolver or a server) */
	int shared;                 /* asked, and answered by a query asked for another */
	int probes;                 /* the resolver probe: once, then again when in doubt */
	int max_in_flight;          /* the most out at once: at most parallel */
	int64_t elapsed_ms;
};

#define FLEET_DEFAULT_PARALLEL 128
#define FLEET_MAX_PARALLEL 4096
#define FLEET_DEAD_AFTER 32        /* the least; a bigger window: its size */

/* The fleet makes its own resolver client from dopts, with the window,
 * sharing answers between jobs (dns_client_opts.share);
 * NULL with err set when it cannot. Nothing runs before fleet_start. */
struct fleet *fleet_new(struct loop *loop, const struct dns_client_opts *dopts,
			const struct fleet_opts *opts, const struct fleet_source *src,
			char *err, size_t errlen);
/* Start taking work, from the next loop turn. */
void fleet_start(struct fleet *f);
/* The source has work again after its next() said FLEET_WAIT. */
void fleet_more(struct fleet *f);
/* Take no more work; what runs finishes and is reported. */
void fleet_stop(struct fleet *f);
/* Jobs running, or work still to take (not stopped, no FLEET_END yet);
 * the fleet holds the loop while this is true. */
bool fleet_running(const struct fleet *f);
/* Stopped because of the resolver: it answered nothing for dead_after
 * queries, or its probe failed. */
bool fleet_resolver_dead(const struct fleet *f);
/* Its probe failed (RESOLVER_FAILED): the verdict, else NULL. Every job
 * that ended while it failed reports RESOLVER_FAILED. */
const struct resolver_verdict *fleet_resolver_failed(const struct fleet *f);
void fleet_stats(const struct fleet *f, struct fleet_stats *out);
/* Why a done job has no result, for people (translated): its error, or
 * that the resolver answered none of its queries; "" when it has one. */
void fleet_job_why(const struct fleet *f, const struct fleet_job *j, char *buf, size_t len);
const char *fleet_resolver(const struct fleet *f);
/* Cancels what runs: no done() after it. */
void fleet_free(struct fleet *f);

#endif
