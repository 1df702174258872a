/* The fleet driver (src/checks/fleet.c) without the lab, against a
 * resolver on a closed port (every query refused at once): every piece of
 * work is done exactly once, a bad one in its place, a source that has to
 * wait is asked again after fleet_more, the window bounds the queries,
 * the fleet stops once the resolver has answered nothing for dead_after
 * queries, and fleet_free gives running work back through drop, never
 * done. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "checks/fleet.h"
#include "core/loop.h"
#include "testutil.h"

#define MAX_JOBS 64

struct src {
	struct loop *loop;
	struct fleet *fleet;
	size_t n, next;             /* pieces of work, the next to hand out */
	size_t bad_at;              /* this one is unusable (0: none) */
	size_t wait_at;             /* say FLEET_WAIT once here (0: never) */
	bool waited;
	char names[MAX_JOBS][48];
	const char *name_ptr[MAX_JOBS];
	int done[MAX_JOBS], dropped[MAX_JOBS];
	bool had_error[MAX_JOBS], unanswered[MAX_JOBS];
	size_t n_done;
};

static enum fleet_next
next(void *ctx, struct fleet_job *job)
{
	struct src *s = ctx;
	if (s->next >= s->n)
		return FLEET_END;
	if (s->wait_at && s->next == s->wait_at && !s->waited) {
		s->waited = true;
		return FLEET_WAIT;
	}
	size_t i = s->next++;
	job->data = (void *)(uintptr_t)i;
	if (i + 1 == s->bad_at) {
		snprintf(job->error, sizeof job->error, "piece %zu is bad", i);
		return FLEET_BAD;
	}
	snprintf(s->names[i], sizeof s->names[i], "n%zu.example.test.", i);
	s->name_ptr[i] = s->names[i];
	job->in = (struct check_input){ .names = &s->name_ptr[i], .n_names = 1, .timeout_ms = 100 };
	return FLEET_JOB;
}

static void
done(void *ctx, struct fleet_job *job)
{
	struct src *s = ctx;
	size_t i = (uintptr_t)job->data;
	s->done[i]++;
	s->had_error[i] = job->error[0] != '\0';
	s->unanswered[i] = job->unanswered;
	s->n_done++;
}

static void
drop(void *ctx, struct fleet_job *job)
{
	struct src *s = ctx;
	s->dropped[(uintptr_t)job->data]++;
}

static struct fleet *
start(struct src *s, int parallel, int dead_after)
{
	char err[256];
	struct dns_client_opts dopts = { .servers = "127.0.0.1:9", .recurse = true, .timeout_ms = 300, .tries = 1 };
	struct fleet_opts fo = { .parallel = parallel, .dead_after = dead_after };
	struct fleet_source fs = { next, done, drop, s };
	s->fleet = fleet_new(s->loop, &dopts, &fo, &fs, err, sizeof err);
	CHECK(s->fleet != NULL, "fleet_new: %s", err);
	fleet_start(s->fleet);
	return s->fleet;
}

static void
more_later(void *ctx)
{
	struct src *s = ctx;
	fleet_more(s->fleet);
}

static void
test_all_once(void)
{
	struct src s = { .loop = loop_new(), .n = 20, .bad_at = 7, .wait_at = 12 };
	struct fleet *f = start(&s, 3, 0);
	/* The source says "wait" at piece 12: the fleet holds the loop until
	 * it is told there is more. */
	for (int i = 0; i < 200 && !s.waited; i++)
		loop_run_once(s.loop, 50);
	for (int i = 0; i < 200 && s.n_done < 12; i++)
		loop_run_once(s.loop, 50);
	CHECK(s.waited && s.n_done == 12 && fleet_running(f) && loop_busy(s.loop),
	      "waiting: 12 done, the fleet still holds the loop (%zu)", s.n_done);
	loop_timer_add(s.loop, 10, more_later, &s);
	loop_run(s.loop);
	bool once = true;
	for (size_t i = 0; i < s.n; i++)
		once &= s.done[i] == 1 && !s.dropped[i];
	CHECK(once, "every piece done exactly once");
	CHECK(s.had_error[6] && !s.had_error[5] && !s.had_error[7], "the bad piece is done with its error");
	CHECK(s.unanswered[0] && !s.unanswered[6], "a refused piece is marked unanswered");
	struct fleet_stats st;
	fleet_stats(f, &st);
	CHECK(st.jobs == 20 && st.errors == 1, "stats: 20 done, 1 error (%zu, %zu)", st.jobs, st.errors);
	CHECK(st.max_in_flight >= 1 && st.max_in_flight <= 3, "never more than 3 queries out (%d)", st.max_in_flight);
	CHECK(st.sent > 0 && st.answered == 0, "queries went out, none answered (%d, %d)", st.sent, st.answered);
	CHECK(!fleet_running(f) && !fleet_resolver_dead(f), "over, and not stopped for the resolver");
	fleet_free(f);
	loop_free(s.loop);
}

static void
test_dead_resolver(void)
{
	struct src s = { .loop = loop_new(), .n = MAX_JOBS };
	struct fleet *f = start(&s, 2, 5);
	loop_run(s.loop);
	CHECK(fleet_resolver_dead(f), "stopped: the resolver answered nothing");
	CHECK(s.n_done >= 2 && s.n_done < MAX_JOBS, "stopped early, what ran was reported (%zu of %d)", s.n_done, MAX_JOBS);
	CHECK(s.next == s.n_done, "no piece taken and left unreported (%zu taken)", s.next);
	fleet_free(f);
	loop_free(s.loop);
}

static void
test_free_running(void)
{
	struct src s = { .loop = loop_new(), .n = 10 };
	struct fleet *f = start(&s, 4, 0);
	for (int i = 0; i < 100 && s.next == 0; i++)
		loop_run_once(s.loop, 10);
	size_t taken = s.next, reported = s.n_done;
	fleet_free(f);
	size_t dropped = 0;
	for (size_t i = 0; i < s.n; i++)
		dropped += (size_t)s.dropped[i];
	CHECK(taken > 0 && dropped + reported == taken, "freed mid-run: what ran is dropped (%zu + %zu of %zu)",
	      dropped, reported, taken);
	loop_run(s.loop);
	CHECK(s.n_done == reported, "no done() after fleet_free");
	CHECK(!loop_busy(s.loop), "the loop is idle");
	loop_free(s.loop);
}

int
main(void)
{
	test_all_once();
	test_dead_resolver();
	test_free_running();
	return test_summary("test_fleet");
}
