/* Many diagnoses on one loop, as much work at once as the window allows
 * (checks/fleet.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/fleet.h"
#include "core/i18n.h"
#include "core/xalloc.h"

struct fleet {
	struct loop *loop;
	struct dns_window *window;
	struct dns_client *dns;
	/* The resolver probe (checks/resolver.h), once for the run and again
	 * whenever a job ends after a query got nothing back: its own client,
	 * so that no shared answer stands in for the resolver's. */
	struct dns_client *probe_dns;
	struct resolver_probe *probe;
	enum resolver_state rstate;     /* the last verdict; PENDING while out */
	bool probing;               /* asked again: finished jobs are held */
	struct fleet_job *held, *held_last;   /* in the order they finished */
	int unanswered_base;        /* the resolver's queries unanswered at the last OK */
	struct fleet_opts opts;
	struct fleet_source src;
	struct fleet_job *running;  /* doubly linked, newest first */
	size_t n_running;
	/* Jobs done with, for the next ones: a job is a few kB, and a fresh
	 * one per name of a long list costs malloc more than its check. */
	struct fleet_job *spare;
	size_t n_spare;
	bool started, waiting, ended, stopped, dead, failed, holding;
	uint64_t fill_timer;
	struct fleet_stats st;
	int64_t started_ms;
};

static void fill(void *arg);
static void finish_job(struct fleet *f, struct fleet_job *j);
static void schedule_fill(struct fleet *f);
static void update_hold(struct fleet *f);
static void on_probe(void *arg);

static void
probe_start(struct fleet *f)
{
	resolver_probe_free(f->probe);
	f->rstate = RESOLVER_PENDING;
	f->probe = resolver_probe_start(f->loop, f->probe_dns, NULL, NULL, on_probe, f);
	f->st.probes++;
}

/* Ended after one of the resolver's queries got nothing back, or with no
 * answer at all: is it the resolver? Ask it before the job is reported. */
static bool
suspect(struct fleet *f, const struct fleet_job *j)
{
	struct check_stats cs;
	diagnosis_stats(&j->diag, &cs);
	/* A query to the resolver, this job's or another's, got nothing back
	 * since the resolver was last found fine. Counted in all, not in a
	 * row: an answer to another job in between proves nothing. */
	return dns_client_unanswered(f->dns) > f->unanswered_base || (cs.queries > 0 && cs.answered == 0);
}

static void
hold(struct fleet *f, struct fleet_job *j)
{
	j->next = NULL;
	j->prev = f->held_last;
	if (f->held_last)
		f->held_last->next = j;
	else
		f->held = j;
	f->held_last = j;
}

/* The verdict: the jobs held and those waiting for it take it (a resolver
 * that failed makes each of them RESOLVER_FAILED, never a zone verdict
 * built on its answers), and a failed one stops the scan. */
static void
on_probe(void *arg)
{
	struct fleet *f = arg;
	const struct resolver_verdict *v = resolver_probe_verdict(f->probe);
	f->probing = false;
	f->rstate = v->state == RESOLVER_FAILED ? RESOLVER_FAILED : RESOLVER_OK;
	if (f->rstate == RESOLVER_FAILED) {
		f->failed = f->dead = f->stopped = true;
	} else {
		f->unanswered_base = dns_client_unanswered(f->dns);
	}
	while (f->held) {
		struct fleet_job *j = f->held;
		f->held = j->next;
		if (!f->held)
			f->held_last = NULL;
		diagnosis_resolver_judged(&j->diag, v);
		finish_job(f, j);
	}
	for (struct fleet_job *j = f->running, *next; j; j = next) {
		next = j->next;
		diagnosis_resolver_judged(&j->diag, v);
	}
	schedule_fill(f);
	update_hold(f);
}

static void
schedule_fill(struct fleet *f)
{
	if (!f->fill_timer && f->started && !f->stopped && !f->ended && !f->waiting)
		f->fill_timer = loop_timer_add(f->loop, 0, fill, f);
}

/* Hold the loop while there may be work to come: a loop_run() in the
 * front end must not end between two jobs, or while a pipe is quiet. */
static void
update_hold(struct fleet *f)
{
	bool want = f->n_running || f->held || (f->started && !f->stopped && !f->ended);
	if (want && !f->holding)
		loop_hold(f->loop);
	else if (!want && f->holding)
		loop_release(f->loop);
	f->holding = want;
}

static void
on_room(void *arg)
{
	schedule_fill(arg);
}

static struct fleet_job *
job_new(struct fleet *f)
{
	struct fleet_job *j = f->spare;
	if (!j)
		return xcalloc(1, sizeof *j);
	f->spare = j->next;
	f->n_spare--;
	memset(j, 0, sizeof *j);
	return j;
}

/* A job whose diagnosis is cleared (or never started). */
static void
job_put(struct fleet *f, struct fleet_job *j)
{
	if (f->n_spare >= (size_t)f->opts.parallel) {
		free(j);
		return;
	}
	j->next = f->spare;
	f->spare = j;
	f->n_spare++;
}

static void
unlink_job(struct fleet *f, struct fleet_job *j)
{
	if (j->prev)
		j->prev->next = j->next;
	else
		f->running = j->next;
	if (j->next)
		j->next->prev = j->prev;
	f->n_running--;
}

/* A job is over: count it, let the source report it, free it. */
static void
finish_job(struct fleet *f, struct fleet_job *j)
{
	struct check_stats cs;
	diagnosis_stats(&j->diag, &cs);
	f->st.jobs++;
	f->st.asked += cs.queries;
	f->st.answered += cs.answered;
	j->unanswered = !j->error[0] && cs.queries > 0 && cs.answered == 0;
	if (j->error[0])
		f->st.errors++;
	if (f->opts.dead_after > 0 && dns_client_fail_run(f->dns) >= f->opts.dead_after && !f->dead) {
		f->dead = true;
		f->stopped = true;
	}
	f->src.done(f->src.ctx, j);
	diagnosis_clear(&j->diag);
	job_put(f, j);
	schedule_fill(f);
	update_hold(f);
}

static void
on_job_done(void *arg)
{
	struct fleet_job *j = arg;
	struct fleet *f = j->fleet;
	unlink_job(f, j);
	if (f->probing || (f->rstate == RESOLVER_OK && suspect(f, j))) {
		hold(f, j);
		if (!f->probing) {
			f->probing = true;
			probe_start(f);
		}
		update_hold(f);
		return;
	}
	finish_job(f, j);
}

/* Room for one more job: no query waits for the window, fewer jobs than
 * the window (a job has at least one query out), and not stopped. */
static bool
has_room(const struct fleet *f)
{
	return !f->stopped && !f->ended && !f->waiting && !f->probing && f->n_running < (size_t)f->opts.parallel &&
	       dns_window_queued(f->window) == 0 && dns_window_in_flight(f->window) < f->opts.parallel;
}

static void
start_job(struct fleet *f, struct fleet_job *j)
{
	j->started_ms = loop_now_ms();
	j->diag.resolver_given = true;
	if (diagnosis_start(&j->diag, f->loop, f->dns, &j->in, f->opts.only, NULL, NULL,
			    on_job_done, j) < 0) {
		snprintf(j->error, sizeof j->error, "%s", j->diag.error);
		finish_job(f, j);
		return;
	}
	/* Judged already: it says so now (never done from here: its checks
	 * run). Else it waits for the first verdict with them. */
	if (f->rstate == RESOLVER_OK)
		diagnosis_resolver_judged(&j->diag, resolver_probe_verdict(f->probe));
	if (!diagnosis_running(&j->diag)) {
		/* No check had anything to do for it. */
		finish_job(f, j);
		return;
	}
	j->next = f->running;
	if (f->running)
		f->running->prev = j;
	f->running = j;
	f->n_running++;
}

/* From a loop turn of its own: jobs are started (and bad pieces reported)
 * never from inside a DNS callback. */
static void
fill(void *arg)
{
	struct fleet *f = arg;
	f->fill_timer = 0;
	while (has_room(f)) {
		struct fleet_job *j = job_new(f);
		j->fleet = f;
		enum fleet_next r = f->src.next(f->src.ctx, j);
		if (r == FLEET_JOB) {
			start_job(f, j);
			continue;
		}
		if (r == FLEET_BAD) {
			if (!j->error[0])
				snprintf(j->error, sizeof j->error, "%s", "unusable input");
			finish_job(f, j);
			continue;
		}
		job_put(f, j);
		if (r == FLEET_WAIT)
			f->waiting = true;
		else
			f->ended = true;
	}
	update_hold(f);
}

struct fleet *
fleet_new(struct loop *loop, const struct dns_client_opts *dopts, const struct fleet_opts *opts,
	  const struct fleet_source *src, char *err, size_t errlen)
{
	struct fleet *f = xcalloc(1, sizeof *f);
	f->loop = loop;
	f->opts = *opts;
	if (f->opts.parallel < 1)
		f->opts.parallel = FLEET_DEFAULT_PARALLEL;
	f->src = *src;
	f->window = dns_window_new(f->opts.parallel);
	dns_window_on_room(f->window, on_room, f);
	struct dns_client_opts o = *dopts;
	o.window = f->window;
	o.share = true;
	f->dns = dns_client_new(loop, &o, err, errlen);
	struct dns_client_opts po = *dopts;
	po.window = NULL;
	po.share = false;
	f->probe_dns = f->dns ? dns_client_new(loop, &po, err, errlen) : NULL;
	if (!f->probe_dns) {
		dns_client_free(f->dns);
		dns_window_free(f->window);
		free(f);
		return NULL;
	}
	return f;
}

void
fleet_start(struct fleet *f)
{
	f->started = true;
	f->started_ms = loop_now_ms();
	/* With the first jobs' queries, as a single check sends it. */
	probe_start(f);
	schedule_fill(f);
	update_hold(f);
}

void
fleet_more(struct fleet *f)
{
	f->waiting = false;
	schedule_fill(f);
	update_hold(f);
}

void
fleet_stop(struct fleet *f)
{
	f->stopped = true;
	if (f->fill_timer)
		loop_timer_cancel(f->loop, f->fill_timer);
	f->fill_timer = 0;
	update_hold(f);
}

bool
fleet_running(const struct fleet *f)
{
	return f->n_running || f->held || (f->started && !f->stopped && !f->ended);
}

bool
fleet_resolver_dead(const struct fleet *f)
{
	return f->dead;
}

const struct resolver_verdict *
fleet_resolver_failed(const struct fleet *f)
{
	return f->failed ? resolver_probe_verdict(f->probe) : NULL;
}

void
fleet_stats(const struct fleet *f, struct fleet_stats *out)
{
	*out = f->st;
	out->max_in_flight = dns_window_max_in_flight(f->window);
	out->sent = dns_window_sent(f->window) + f->st.probes;
	out->shared = dns_client_shared(f->dns);
	out->elapsed_ms = f->started ? loop_now_ms() - f->started_ms : 0;
}

void
fleet_job_why(const struct fleet *f, const struct fleet_job *j, char *buf, size_t len)
{
	if (j->unanswered)
		snprintf(buf, len, _("the resolver %s did not answer any query for it; check --resolver or your network"),
			 dns_client_servers(f->dns));
	else
		snprintf(buf, len, "%s", j->error);
}

const char *
fleet_resolver(const struct fleet *f)
{
	return dns_client_servers(f->dns);
}

void
fleet_free(struct fleet *f)
{
	if (!f)
		return;
	if (f->fill_timer)
		loop_timer_cancel(f->loop, f->fill_timer);
	while (f->running) {
		struct fleet_job *j = f->running;
		unlink_job(f, j);
		diagnosis_clear(&j->diag);
		/* The source never hears of it: its data back, unreported. */
		f->src.drop(f->src.ctx, j);
		free(j);
	}
	while (f->held) {
		struct fleet_job *j = f->held;
		f->held = j->next;
		diagnosis_clear(&j->diag);
		f->src.drop(f->src.ctx, j);
		free(j);
	}
	f->held_last = NULL;
	while (f->spare) {
		struct fleet_job *j = f->spare;
		f->spare = j->next;
		free(j);
	}
	f->stopped = true;
	update_hold(f);
	resolver_probe_free(f->probe);
	dns_client_free(f->probe_dns);
	dns_client_free(f->dns);
	dns_window_free(f->window);
	free(f);
}
