/* The fleet driver (src/checks/fleet.c) without the lab, against a
 * "resolver" on loopback that answers only the resolver probe and drops
 * every other query: every piece of work is done exactly once, a bad one
 * in its place, a source that has to wait is asked again after
 * fleet_more, the window bounds the queries, the fleet stops once the
 * resolver has answered nothing for dead_after queries, and fleet_free
 * gives running work back through drop, never done. Against a closed
 * port (the probe refused at once): one probe, every piece taken says
 * RESOLVER_FAILED, and the fleet stops. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

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
	bool had_error[MAX_JOBS], unanswered[MAX_JOBS], resolver_failed[MAX_JOBS];
	size_t n_done;
	const char *resolver;       /* NULL: a closed port */
};

/* The probe's question is the root's NS ("." at offset 12, type 2): it
 * gets NOERROR with RA and one NS record (so does a check's delegation
 * walk, which starts there); anything else is dropped. */
static void
on_query(void *ctx, int fd, int ready)
{
	(void)ctx;
	(void)ready;
	uint8_t q[512], a[512];
	struct sockaddr_storage from;
	socklen_t fl = sizeof from;
	ssize_t n = recvfrom(fd, q, sizeof q, 0, (struct sockaddr *)&from, &fl);
	if (n < 17 || q[12] != 0 || q[13] != 0 || q[14] != 2)
		return;
	static const uint8_t rr[] = { 0, 0, 2, 0, 1, 0, 0, 0x0e, 0x10, 0, 20, 1, 'a', 12, 'r', 'o', 'o', 't', '-',
				      's', 'e', 'r', 'v', 'e', 'r', 's', 3, 'n', 'e', 't', 0 };
	memcpy(a, q, 17);
	a[2] = 0x81;                /* QR, RD */
	a[3] = 0x80;                /* RA, NOERROR */
	a[6] = 0, a[7] = 1;         /* one answer; no OPT back */
	a[8] = a[9] = a[10] = a[11] = 0;
	memcpy(a + 17, rr, sizeof rr);
	(void)sendto(fd, a, 17 + sizeof rr, 0, (struct sockaddr *)&from, fl);
}

/* "127.0.0.1:PORT" of a new probe-only resolver on loop; its socket in *fd. */
static void
probe_only_resolver(struct loop *loop, int *fd, char *addr, size_t len)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t sl = sizeof sin;
	*fd = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(*fd >= 0 && bind(*fd, (struct sockaddr *)&sin, sizeof sin) == 0 &&
	      getsockname(*fd, (struct sockaddr *)&sin, &sl) == 0, "a UDP socket on loopback");
	snprintf(addr, len, "127.0.0.1:%u", ntohs(sin.sin_port));
	loop_watch(loop, *fd, LOOP_READ, on_query, NULL);
}

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
	s->resolver_failed[i] = diagnosis_resolver_failed(&job->diag);
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
	struct dns_client_opts dopts = { .servers = s->resolver ? s->resolver : "127.0.0.1:9", .recurse = true,
					 .timeout_ms = 300, .tries = 1 };
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
	char addr[64];
	int fd;
	struct src s = { .loop = loop_new(), .n = 20, .bad_at = 7, .wait_at = 12, .resolver = addr };
	probe_only_resolver(s.loop, &fd, addr, sizeof addr);
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
	CHECK(!s.resolver_failed[0] && !s.had_error[0], "a piece whose queries were dropped has its result (failed lookups), the resolver answering its probe");
	struct fleet_stats st;
	fleet_stats(f, &st);
	CHECK(st.jobs == 20 && st.errors == 1, "stats: 20 done, 1 error (%zu, %zu)", st.jobs, st.errors);
	CHECK(st.max_in_flight >= 1 && st.max_in_flight <= 3, "never more than 3 queries out (%d)", st.max_in_flight);
	CHECK(st.sent > 0 && st.answered < st.asked, "queries went out, few answered (%d, %d of %d)", st.sent, st.answered,
	      st.asked);
	CHECK(!fleet_running(f) && !fleet_resolver_dead(f), "over, and not stopped for the resolver");
	CHECK(st.probes > 1, "the resolver asked again after pieces got nothing back (%d probes)", st.probes);
	fleet_free(f);
	loop_unwatch(s.loop, fd);
	close(fd);
	loop_free(s.loop);
}

static void
test_refused_probe(void)
{
	struct src s = { .loop = loop_new(), .n = MAX_JOBS };
	struct fleet *f = start(&s, 4, 0);
	loop_run(s.loop);
	struct fleet_stats st;
	fleet_stats(f, &st);
	bool all = s.n_done > 0;
	for (size_t i = 0; i < s.n_done; i++)
		all &= s.resolver_failed[i] && !s.had_error[i];
	CHECK(all, "every piece taken says RESOLVER_FAILED (%zu)", s.n_done);
	CHECK(fleet_resolver_dead(f) && fleet_resolver_failed(f) != NULL, "stopped: the probe failed");
	CHECK(s.n_done < MAX_JOBS && s.next == s.n_done, "stopped at once, nothing taken left unreported (%zu)", s.n_done);
	CHECK(st.probes == 1, "one probe for the run, not one per piece (%d)", st.probes);
	fleet_free(f);
	loop_free(s.loop);
}

static void
test_dead_resolver(void)
{
	char addr[64];
	int fd;
	struct src s = { .loop = loop_new(), .n = MAX_JOBS, .resolver = addr };
	probe_only_resolver(s.loop, &fd, addr, sizeof addr);
	struct fleet *f = start(&s, 2, 5);
	loop_run(s.loop);
	CHECK(fleet_resolver_dead(f), "stopped: the resolver answered nothing");
	CHECK(s.n_done >= 2 && s.n_done < MAX_JOBS, "stopped early, what ran was reported (%zu of %d)", s.n_done, MAX_JOBS);
	CHECK(s.next == s.n_done, "no piece taken and left unreported (%zu taken)", s.next);
	fleet_free(f);
	loop_unwatch(s.loop, fd);
	close(fd);
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
	test_refused_probe();
	test_free_running();
	return test_summary("test_fleet");
}
