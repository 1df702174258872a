/* The DNS client (src/net/dns_client.c) against the lab's real servers: every
 * kind of outcome is told apart (data, NODATA, NXDOMAIN with its negative
 * TTL, SERVFAIL with EDE, REFUSED, referral, timeout, unreachable), flags
 * (AA, AD, TC) are read, answers larger than 512 bytes arrive (TCP), and
 * queries go to the resolver (RD=1) or straight to one server (RD=0).
 * Run by tests/e2e/dns-client.test inside the lab. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/caa/caa_check.h"
#include "net/dns_client.h"
#include "core/loop.h"
#include "testutil.h"

struct answer {
	bool done;
	enum dns_outcome outcome;
	int rcode;
	bool aa, ad, tc;
	size_t n_answer, n_authority;
	int n_caa, n_ns_auth, ede;
	uint32_t soa_min, soa_ttl;
	size_t wire_len;
	bool has_amazon;
	uint16_t id;            /* the answer's, which is the query's */
};

static void
on_answer(void *ctx, struct dns_result *res)
{
	struct answer *a = ctx;
	a->done = true;
	a->outcome = res->outcome;
	a->ede = -1;
	if (!res->msg)
		return;
	const struct dns_msg *m = res->msg;
	a->rcode = m->rcode;
	a->aa = m->aa;
	a->ad = m->ad;
	a->tc = m->tc;
	a->n_answer = m->n_answer;
	a->n_authority = m->n_authority;
	a->ede = m->ede_code;
	a->wire_len = m->wire_len;
	a->id = m->id;
	for (size_t i = 0; i < m->n_rr; i++) {
		const struct dns_rr *rr = &m->rrs[i];
		if (rr->section == DNS_SEC_ANSWER && rr->type == DNS_T_CAA) {
			a->n_caa++;
			if (rr->rdata_ok && rr->u.caa.value_len == 10 &&
			    !memcmp(rr->u.caa.value, "amazon.com", 10))
				a->has_amazon = true;
		}
		if (rr->section == DNS_SEC_AUTHORITY && rr->type == DNS_T_NS)
			a->n_ns_auth++;
		if (rr->section == DNS_SEC_AUTHORITY && rr->type == DNS_T_SOA && rr->rdata_ok) {
			a->soa_min = rr->u.soa.minimum;
			a->soa_ttl = rr->ttl;
		}
	}
	dns_msg_free(res->msg);
}

static void
on_report(void *ctx, void *rep)
{
	*(struct caa_report **)ctx = rep;
}

struct q {
	const char *server;    /* NULL: the resolver */
	const char *name;
	uint16_t type;
	int flags;
	struct answer a;
};

/* c-ares 1.18 sends the ID its caller writes: each query must carry its
 * own unpredictable one (an answer echoes it), never 0 for all. */
static void
test_random_ids(const char *resolver)
{
	enum { N = 40 };
	struct answer as[N];
	memset(as, 0, sizeof as);
	struct loop *loop = loop_new();
	char err[256];
	struct dns_client_opts o = { .servers = resolver, .recurse = true, .timeout_ms = 1000, .tries = 2 };
	struct dns_client *c = dns_client_new(loop, &o, err, sizeof err);
	CHECK(c != NULL, "client: %s", err);
	if (!c) {
		loop_free(loop);
		return;
	}
	for (size_t i = 0; i < N; i++)
		dns_query(c, "caa-le.test.", DNS_T_CAA, 0, on_answer, &as[i]);
	loop_run(loop);
	size_t answered = 0, distinct = 0, zero = 0;
	for (size_t i = 0; i < N; i++) {
		if (as[i].outcome != DNS_ANSWER)
			continue;
		answered++;
		zero += as[i].id == 0;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = as[k].outcome == DNS_ANSWER && as[k].id == as[i].id;
		distinct += !seen;
	}
	CHECK(answered == N, "%zu of %d answered", answered, N);
	/* 16 random bits: 40 IDs collide at all with a chance of about 1%. */
	CHECK(distinct >= N - 2 && zero <= 1, "query IDs: %zu distinct of %zu, %zu of them 0", distinct, answered, zero);
	dns_client_free(c);
	loop_free(loop);
}

/* Clients for single servers given back to their parent and taken again:
 * the same client, answering again; one given back with a query out has
 * it cancelled at once; other options get another client. */
static void
test_get_put(const char *resolver)
{
	struct loop *loop = loop_new();
	char err[256];
	struct dns_client_opts po = { .servers = resolver, .recurse = true, .timeout_ms = 1000, .tries = 2 };
	struct dns_client *parent = dns_client_new(loop, &po, err, sizeof err);
	struct dns_client_opts o = { .servers = "127.0.0.4:53", .recurse = false, .timeout_ms = 1000, .tries = 2 };
	struct dns_client *a = dns_client_get(parent, &o, err, sizeof err);
	struct answer first = { 0 }, second = { 0 }, cut = { 0 };
	dns_query(a, "caa-le.test.", DNS_T_CAA, 0, on_answer, &first);
	loop_run(loop);
	CHECK(first.done && first.outcome == DNS_ANSWER && first.aa && first.n_caa == 2,
	      "a direct client answers (outcome %d, aa %d, caa %d)", first.outcome, first.aa, first.n_caa);
	dns_client_put(parent, a);
	struct dns_client *b = dns_client_get(parent, &o, err, sizeof err);
	CHECK(b == a, "the client given back is the one taken again");
	dns_query(b, "caa-le.test.", DNS_T_CAA, 0, on_answer, &second);
	loop_run(loop);
	CHECK(second.done && second.outcome == DNS_ANSWER && second.n_caa == 2, "and it answers again");
	dns_query(b, "caa-le.test.", DNS_T_CAA, 0, on_answer, &cut);
	dns_client_put(parent, b);
	CHECK(cut.done && cut.outcome == DNS_CANCELLED, "a query out when given back ends at once, cancelled");
	struct dns_client_opts other = o;
	other.timeout_ms = 900;
	struct dns_client *c = dns_client_get(parent, &other, err, sizeof err);
	CHECK(c != b, "other options: another client");
	dns_client_put(parent, c);
	loop_run(loop);
	CHECK(!loop_busy(loop), "loop idle with clients given back");
	dns_client_free(parent);    /* and those it keeps (ASan, valgrind: no leak) */
	loop_free(loop);
}

int
main(void)
{
	const char *resolver = getenv("LAB_RESOLVER");
	if (!resolver) {
		puts("test_dns_client: needs the lab (LAB_RESOLVER); skipped");
		return 77;
	}
	struct q qs[] = {
		/* 0 */ { NULL, "caa-le.test.", DNS_T_CAA, DNS_Q_AD, { 0 } },
		/* 1 */ { NULL, "www.caa-le.test.", DNS_T_CAA, DNS_Q_AD, { 0 } },
		/* 2 */ { NULL, "nosuch.caa-le.test.", DNS_T_CAA, DNS_Q_AD, { 0 } },
		/* 3 */ { NULL, "caa-bogus.test.", DNS_T_CAA, DNS_Q_AD, { 0 } },
		/* 4 */ { NULL, "caa-bogus.test.", DNS_T_CAA, DNS_Q_CD, { 0 } },
		/* 5 */ { NULL, "caa-tc.test.", DNS_T_CAA, 0, { 0 } },
		/* 6 */ { NULL, "big.hostile.test.", DNS_T_CAA, 0, { 0 } },
		/* 7 */ { "127.0.0.3:53", "www.caa-le.test.", DNS_T_CAA, 0, { 0 } },
		/* 8 */ { "127.0.0.4:53", "caa-le.test.", DNS_T_CAA, 0, { 0 } },
		/* 9 */ { "127.0.0.4:53", "lame.test.", DNS_T_SOA, 0, { 0 } },
		/* 10 */ { "127.0.0.9:53", "dead.test.", DNS_T_CAA, 0, { 0 } },
		/* 11 */ { "127.0.0.8:53", "caa-drop.test.", DNS_T_CAA, 0, { 0 } },
		/* 12 */ { "127.0.0.4:53", "caa-tc.test.", DNS_T_CAA, 0, { 0 } },
		/* 13 */ { "127.0.0.7:53", "caa-servfail.test.", DNS_T_CAA, 0, { 0 } },
	};
	size_t n = sizeof qs / sizeof *qs;
	struct loop *loop = loop_new();
	struct dns_client *clients[16] = { 0 };
	char err[256];
	for (size_t i = 0; i < n; i++) {
		struct dns_client_opts o = { .servers = qs[i].server ? qs[i].server : resolver,
					     .recurse = qs[i].server == NULL, .timeout_ms = 300, .tries = 2 };
		clients[i] = dns_client_new(loop, &o, err, sizeof err);
		CHECK(clients[i] != NULL, "client %zu: %s", i, err);
		if (clients[i])
			CHECK(dns_query(clients[i], qs[i].name, qs[i].type, qs[i].flags, on_answer, &qs[i].a) == 0,
			      "query %zu sent", i);
	}
	loop_run(loop);
	for (size_t i = 0; i < n; i++)
		CHECK(qs[i].a.done, "query %zu (%s) answered exactly once", i, qs[i].name);

	struct answer *a = &qs[0].a;
	CHECK(a->outcome == DNS_ANSWER && a->rcode == DNS_RC_NOERROR && a->n_caa == 2 && a->ad,
	      "data: NOERROR, 2 CAA, AD (rcode %d, caa %d, ad %d)", a->rcode, a->n_caa, a->ad);
	a = &qs[1].a;
	CHECK(a->rcode == DNS_RC_NOERROR && a->n_answer == 0 && a->soa_min == 60,
	      "NODATA: NOERROR, empty answer, SOA minimum 60 (got %u)", a->soa_min);
	a = &qs[2].a;
	CHECK(a->rcode == DNS_RC_NXDOMAIN && a->soa_ttl > 0 && a->soa_ttl <= 60,
	      "NXDOMAIN with a negative TTL of at most 60 (got %u)", a->soa_ttl);
	a = &qs[3].a;
	CHECK(a->rcode == DNS_RC_SERVFAIL && a->ede == 6, "bogus: SERVFAIL with EDE 6 (got %d, ede %d)", a->rcode, a->ede);
	a = &qs[4].a;
	CHECK(a->rcode == DNS_RC_NOERROR && a->n_caa > 0, "bogus with CD: the records come back");
	a = &qs[5].a;
	CHECK(a->rcode == DNS_RC_NOERROR && a->has_amazon && a->wire_len > 512,
	      "large answer through the resolver (%zu bytes)", a->wire_len);
	a = &qs[6].a;
	CHECK(a->rcode == DNS_RC_NOERROR && a->wire_len > 60000, "60 KB answer over TCP (%zu bytes)", a->wire_len);
	a = &qs[7].a;
	CHECK(a->rcode == DNS_RC_NOERROR && !a->aa && a->n_answer == 0 && a->n_ns_auth > 0,
	      "referral from the TLD server: AA=0, NS in authority (aa %d, ns %d)", a->aa, a->n_ns_auth);
	a = &qs[8].a;
	CHECK(a->rcode == DNS_RC_NOERROR && a->aa && a->n_caa == 2, "direct RD=0 at the zone's server: AA answer");
	a = &qs[9].a;
	CHECK(a->outcome == DNS_ANSWER && a->rcode == DNS_RC_REFUSED, "lame: REFUSED as an answer (rcode %d)", a->rcode);
	a = &qs[10].a;
	CHECK(a->outcome == DNS_UNREACHABLE, "nothing listening: unreachable (outcome %d)", a->outcome);
	a = &qs[11].a;
	CHECK(a->outcome == DNS_TIMEOUT, "dropped query: timeout (outcome %d)", a->outcome);
	a = &qs[12].a;
	CHECK(a->rcode == DNS_RC_NOERROR && a->has_amazon && !a->tc,
	      "TC over UDP retried over TCP by itself: full answer (tc %d)", a->tc);
	a = &qs[13].a;
	CHECK(a->outcome == DNS_ANSWER && a->rcode == DNS_RC_SERVFAIL, "SERVFAIL is an answer, not a connection error");

	for (size_t i = 0; i < n; i++)
		dns_client_free(clients[i]);

	/* Cancel: freeing a client with a query in flight calls back once with
	 * DNS_CANCELLED and leaves the loop idle. */
	struct dns_client_opts o = { .servers = "127.0.0.8:53", .recurse = false, .timeout_ms = 5000, .tries = 1 };
	struct dns_client *c = dns_client_new(loop, &o, err, sizeof err);
	struct answer cancelled = { 0 };
	dns_query(c, "caa-drop.test.", DNS_T_CAA, 0, on_answer, &cancelled);
	CHECK(loop_busy(loop), "pending query holds the loop");
	dns_client_free(c);
	CHECK(cancelled.done && cancelled.outcome == DNS_CANCELLED, "free cancels: callback with DNS_CANCELLED");
	CHECK(!loop_busy(loop), "loop idle after cancel");

	/* An early failure (no route: sendto fails at once) is delivered from
	 * the loop, and freeing the client first cancels it: one callback, no
	 * use after free. */
	struct dns_client_opts unreach = { .servers = "10.255.255.1:53", .recurse = true, .timeout_ms = 300, .tries = 1 };
	c = dns_client_new(loop, &unreach, err, sizeof err);
	struct answer early = { 0 };
	dns_query(c, "caa-le.test.", DNS_T_CAA, 0, on_answer, &early);
	CHECK(!early.done, "no callback from inside dns_query");
	dns_client_free(c);
	CHECK(early.done && early.outcome == DNS_CANCELLED, "deferred failure cancelled by free (outcome %d)", early.outcome);
	loop_run(loop);

	/* A CAA check whose client is freed under it (without caa_check_cancel)
	 * reports lookup failures, never "no CAA", and touches nothing freed. */
	struct dns_client_opts slow = { .servers = "127.0.0.8:53", .recurse = false, .timeout_ms = 5000, .tries = 1 };
	c = dns_client_new(loop, &slow, err, sizeof err);
	const char *names[] = { "caa-drop.test." };
	struct caa_check_opts copts = { .names = names, .n_names = 1 };
	struct caa_report *rep = NULL;
	caa_check_start(loop, c, &copts, on_report, &rep, err, sizeof err);
	dns_client_free(c);
	loop_run(loop);
	CHECK(rep && rep->targets[0].verdict == CAA_V_LOOKUP_FAILED,
	      "client freed mid-check: lookup-failed (verdict %d)", rep ? (int)rep->targets[0].verdict : -1);
	caa_report_free(rep);

	/* caa_check_cancel then dns_client_free: no callback at all. */
	c = dns_client_new(loop, &unreach, err, sizeof err);
	rep = NULL;
	struct caa_check *chk = caa_check_start(loop, c, &copts, on_report, &rep, err, sizeof err);
	caa_check_cancel(chk);
	dns_client_free(c);
	loop_run(loop);
	CHECK(rep == NULL, "cancelled check never reports");
	CHECK(!loop_busy(loop), "loop idle after cancel");

	/* A name that cannot be encoded is refused up front. */
	c = dns_client_new(loop, &o, err, sizeof err);
	char longname[400];
	memset(longname, 'a', sizeof longname - 2);
	longname[sizeof longname - 2] = '.';
	longname[sizeof longname - 1] = '\0';
	CHECK(dns_query(c, longname, DNS_T_A, 0, on_answer, &cancelled) == -1, "a 398-byte label is refused");
	dns_client_free(c);
	loop_free(loop);
	test_random_ids(resolver);
	test_get_put(resolver);
	return test_summary("test_dns_client");
}
