/* The DNS client's window and answer sharing (src/net/dns_window.c,
 * dns_share.c) against the lab's resolver and servers: the bound holds
 * over several clients, waiting queries go out oldest first and are
 * cancelled with their client, one question asked by many goes out once,
 * a kept answer comes back aged and from the loop, a failure is never
 * kept, and queries that got nothing back are counted in a row.
 * Run by tests/e2e/dns-window.test inside the lab. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/loop.h"
#include "net/dns_client.h"
#include "testutil.h"

struct got {
	bool done;
	int order;
	enum dns_outcome outcome;
	int rcode;
	size_t n_answer;
	uint32_t ttl;               /* of the first answer RR */
};

static int delivered;

static void
on_answer(void *ctx, struct dns_result *res)
{
	struct got *g = ctx;
	g->done = true;
	g->order = ++delivered;
	g->outcome = res->outcome;
	if (res->msg) {
		g->rcode = res->msg->rcode;
		g->n_answer = res->msg->n_answer;
		g->ttl = res->msg->n_answer ? res->msg->rrs[0].ttl : 0;
		dns_msg_free(res->msg);
	}
}

static int rooms;

static void
on_room(void *ctx)
{
	(void)ctx;
	rooms++;
}

static struct dns_client *
client(struct loop *loop, const char *servers, bool recurse, struct dns_window *w, bool share)
{
	char err[256];
	struct dns_client_opts o = { .servers = servers, .recurse = recurse, .timeout_ms = 500,
				     .tries = 1, .window = w, .share = share };
	struct dns_client *c = dns_client_new(loop, &o, err, sizeof err);
	CHECK(c != NULL, "client %s: %s", servers, err);
	return c;
}

static const char *const zones[] = {
	"caa-le.test.", "caa-none.test.", "caa-amazon.test.", "caa-wild.test.", "example.test.", "gd-zone.test.",
};

/* Six questions through a window of two. */
static void
test_bound(struct loop *loop, const char *resolver)
{
	struct dns_window *w = dns_window_new(2);
	dns_window_on_room(w, on_room, NULL);
	struct dns_client *c = client(loop, resolver, true, w, false);
	struct got g[6] = { 0 };
	for (size_t i = 0; i < 6; i++)
		CHECK(dns_query(c, zones[i], DNS_T_CAA, 0, on_answer, &g[i]) == 0, "query %zu sent", i);
	CHECK(dns_window_in_flight(w) == 2 && dns_window_queued(w) == 4,
	      "two out, four waiting (%d, %zu)", dns_window_in_flight(w), dns_window_queued(w));
	loop_run(loop);
	bool all = true;
	for (size_t i = 0; i < 6; i++)
		all &= g[i].done && g[i].outcome == DNS_ANSWER && g[i].rcode == DNS_RC_NOERROR;
	CHECK(all, "every query answered");
	CHECK(dns_window_max_in_flight(w) == 2, "never more than two out (%d)", dns_window_max_in_flight(w));
	CHECK(dns_window_sent(w) == 6 && dns_window_queued(w) == 0, "six sent, none left (%d)", dns_window_sent(w));
	CHECK(rooms > 0, "room was announced (%d times)", rooms);
	dns_client_free(c);
	dns_window_free(w);
}

/* One window over the resolver and a server asked directly; freeing one
 * client cancels its waiting queries and not the other's. */
static void
test_shared_bound(struct loop *loop, const char *resolver)
{
	struct dns_window *w = dns_window_new(1);
	struct dns_client *r = client(loop, resolver, true, w, false);
	struct dns_client *d = client(loop, "127.0.0.4:53", false, w, false);
	struct got rg[2] = { 0 }, dg[2] = { 0 };
	dns_query(r, "caa-le.test.", DNS_T_CAA, 0, on_answer, &rg[0]);
	dns_query(d, "caa-le.test.", DNS_T_CAA, 0, on_answer, &dg[0]);
	dns_query(r, "caa-none.test.", DNS_T_CAA, 0, on_answer, &rg[1]);
	dns_query(d, "caa-none.test.", DNS_T_CAA, 0, on_answer, &dg[1]);
	CHECK(dns_window_in_flight(w) == 1 && dns_window_queued(w) == 3, "one out over both clients");
	dns_client_free(d);
	CHECK(dg[0].done && dg[0].outcome == DNS_CANCELLED && dg[1].done && dg[1].outcome == DNS_CANCELLED,
	      "the direct client's waiting queries are cancelled with it");
	loop_run(loop);
	CHECK(rg[0].outcome == DNS_ANSWER && rg[1].outcome == DNS_ANSWER, "the resolver's go on");
	CHECK(rg[0].order < rg[1].order, "oldest first");
	CHECK(dns_window_max_in_flight(w) == 1 && dns_window_sent(w) == 2,
	      "one at a time, two sent (max %d, sent %d)", dns_window_max_in_flight(w), dns_window_sent(w));
	dns_client_free(r);
	dns_window_free(w);
}

/* The same question asked twice at once, then again once answered. */
static void
test_share(struct loop *loop, const char *resolver)
{
	struct dns_window *w = dns_window_new(8);
	struct dns_client *c = client(loop, resolver, true, w, true);
	struct got a = { 0 }, b = { 0 }, ad = { 0 }, later = { 0 }, aged = { 0 };
	dns_query(c, "caa-le.test.", DNS_T_CAA, DNS_Q_AD, on_answer, &a);
	dns_query(c, "caa-le.test.", DNS_T_CAA, DNS_Q_AD, on_answer, &b);
	dns_query(c, "caa-le.test.", DNS_T_CAA, DNS_Q_CD, on_answer, &ad);
	loop_run(loop);
	CHECK(a.outcome == DNS_ANSWER && b.outcome == DNS_ANSWER && a.n_answer == 2 && b.n_answer == 2,
	      "both askers get the answer (%zu, %zu RRs)", a.n_answer, b.n_answer);
	CHECK(dns_window_sent(w) == 2 && dns_client_shared(c) == 1,
	      "asked once for both; other flags are another question (sent %d, shared %d)",
	      dns_window_sent(w), dns_client_shared(c));
	dns_query(c, "caa-le.test.", DNS_T_CAA, DNS_Q_AD, on_answer, &later);
	CHECK(!later.done, "a kept answer comes from the loop, not from inside dns_query");
	loop_run(loop);
	CHECK(later.outcome == DNS_ANSWER && later.n_answer == 2 && dns_window_sent(w) == 2,
	      "asked again at once: the kept answer, no query (sent %d)", dns_window_sent(w));
	sleep(2);
	dns_query(c, "caa-le.test.", DNS_T_CAA, DNS_Q_AD, on_answer, &aged);
	loop_run(loop);
	CHECK(aged.outcome == DNS_ANSWER && aged.ttl + 2 <= a.ttl && dns_window_sent(w) == 2,
	      "two seconds later: its TTLs counted down (%u then %u)", a.ttl, aged.ttl);
	CHECK(dns_client_shared(c) == 3, "three answers shared (%d)", dns_client_shared(c));
	dns_client_free(c);
	dns_window_free(w);
}

/* A failure is shared while out, never kept; the failures in a row. */
static void
test_failures(struct loop *loop)
{
	struct dns_window *w = dns_window_new(8);
	struct dns_client *c = client(loop, "127.0.0.1:1", true, w, true);
	struct got a = { 0 }, b = { 0 }, again = { 0 };
	dns_query(c, "caa-le.test.", DNS_T_CAA, 0, on_answer, &a);
	dns_query(c, "caa-le.test.", DNS_T_CAA, 0, on_answer, &b);
	loop_run(loop);
	CHECK(a.outcome == DNS_UNREACHABLE && b.outcome == DNS_UNREACHABLE && dns_window_sent(w) == 1,
	      "refused: both askers told, one query (%d %d, sent %d)", a.outcome, b.outcome, dns_window_sent(w));
	dns_query(c, "caa-le.test.", DNS_T_CAA, 0, on_answer, &again);
	loop_run(loop);
	CHECK(again.outcome == DNS_UNREACHABLE && dns_window_sent(w) == 2, "a failure is asked again (sent %d)",
	      dns_window_sent(w));
	CHECK(dns_client_fail_run(c) == 2, "two queries in a row got nothing back (%d)", dns_client_fail_run(c));
	dns_client_free(c);
	dns_window_free(w);
}

int
main(void)
{
	const char *resolver = getenv("LAB_RESOLVER");
	if (!resolver) {
		puts("test_dns_window: needs the lab (LAB_RESOLVER); skipped");
		return 77;
	}
	struct loop *loop = loop_new();
	test_bound(loop, resolver);
	test_shared_bound(loop, resolver);
	test_share(loop, resolver);
	test_failures(loop);
	CHECK(!loop_busy(loop), "the loop is idle at the end");
	loop_free(loop);
	return test_summary("test_dns_window");
}
