/* One event loop, two kinds of I/O: a CAA check (c-ares, UDP and TCP) and
 * TLS handshakes (OpenSSL) run together, a timer fires while both are
 * pending, and each result is the right one. Runs inside the lab
 * (tests/e2e/loop-mixed.test gives it $LAB_RESOLVER and $LAB_CA). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/caa/caa_check.h"
#include "net/dns_client.h"
#include "core/loop.h"
#include "net/tls_probe.h"
#include "testutil.h"

struct state {
	struct loop *loop;
	struct caa_report *rep;
	int tls_done;
	char *tls_cn[3];
	bool tls_ok[3];
	int ticks_while_busy;
	int order;           /* 1 when the timer ran before the last result */
	int caa_at, tls_at;  /* sequence numbers of completions */
	int seq;
	int sent, done, bad_ids;
	unsigned char seen[256];   /* per query id: 1 sent, 2 done */
};

static void
on_event(void *ctx, const struct probe_event *ev)
{
	struct state *s = ctx;
	if (ev->id <= 0 || ev->id >= 256 || !ev->qname || !ev->server || !ev->purpose) {
		s->bad_ids++;
		return;
	}
	if (!ev->done) {
		s->sent++;
		s->bad_ids += s->seen[ev->id] != 0;
		s->seen[ev->id] = 1;
	} else {
		s->done++;
		s->bad_ids += s->seen[ev->id] != 1 || !ev->result;
		s->seen[ev->id] = 2;
	}
}

static void
on_caa(void *ctx, void *rep)
{
	struct state *s = ctx;
	s->rep = rep;
	s->caa_at = ++s->seq;
}

struct tls_ctx {
	struct state *s;
	int idx;
};

static void
on_tls(void *ctx, const struct tls_result *res)
{
	struct tls_ctx *t = ctx;
	t->s->tls_ok[t->idx] = res->ok;
	t->s->tls_cn[t->idx] = res->subject_cn ? strdup(res->subject_cn) : NULL;
	t->s->tls_done++;
	t->s->tls_at = ++t->s->seq;
}

static void
tick(void *ctx)
{
	struct state *s = ctx;
	if (loop_busy(s->loop))
		s->ticks_while_busy++;
}

int
main(void)
{
	const char *resolver = getenv("LAB_RESOLVER"), *ca = getenv("LAB_CA");
	if (!resolver || !ca) {
		puts("test_mixed_loop: needs the lab (LAB_RESOLVER, LAB_CA); skipped");
		return 77;
	}
	struct state s = { .loop = loop_new() };
	char err[256];
	struct dns_client_opts dopts = { .servers = resolver, .recurse = true, .timeout_ms = 5000, .tries = 2 };
	struct dns_client *dns = dns_client_new(s.loop, &dopts, err, sizeof err);
	CHECK(dns != NULL, "dns client: %s", err);

	/* caa-tc.test answers only over TCP: UDP, TCP and TLS sockets together. */
	const char *names[] = { "www.caa-le.test.", "caa-tc.test.", "a.b.c.caa-amazon.test." };
	struct caa_check_opts copts = { .names = names, .n_names = 3, .on_event = on_event, .event_ctx = &s };
	struct caa_check *chk = caa_check_start(s.loop, dns, &copts, on_caa, &s, err, sizeof err);
	CHECK(chk != NULL, "caa check started: %s", err);

	struct tls_ctx tctx[3];
	const struct { const char *addr, *sni; } probes[3] = {
		{ "127.0.0.20", "api.example.test" },
		{ "127.0.0.21", "d-abc123.execute-api.us-east-1.amazonaws.com" },
		{ "127.0.0.20", "expired.example.test" },
	};
	for (int i = 0; i < 3; i++) {
		tctx[i] = (struct tls_ctx){ &s, i };
		struct tls_probe_opts o = { .address = probes[i].addr, .port = 443, .sni = probes[i].sni,
					    .ca_file = ca, .timeout_ms = 20000 };  /* valgrind on a loaded machine */
		tls_probe_start(s.loop, &o, on_tls, &tctx[i]);
	}
	CHECK(loop_busy(s.loop), "the loop is busy with both kinds of probe");
	loop_timer_add(s.loop, 0, tick, &s);
	loop_run(s.loop);

	CHECK(s.ticks_while_busy == 1, "a timer ran while the probes were pending");
	CHECK(s.tls_done == 3, "three TLS results (got %d)", s.tls_done);
	CHECK(s.rep != NULL, "the CAA report arrived");
	if (s.rep) {
		CHECK(s.rep->n_targets == 3, "three CAA targets");
		CHECK(s.rep->targets[0].verdict == CAA_V_DENY, "www.caa-le.test denies Amazon");
		CHECK(s.rep->targets[1].verdict == CAA_V_PERMIT, "caa-tc.test permits Amazon (answer over TCP)");
		CHECK(s.rep->targets[2].verdict == CAA_V_PERMIT, "a.b.c.caa-amazon.test permits Amazon");
		CHECK(s.rep->max_in_flight >= 7, "the CAA queries went out together (%d)", s.rep->max_in_flight);
		CHECK(s.sent == s.rep->queries && s.done == s.rep->queries,
		      "one sent and one done event per query (%d/%d of %d)", s.sent, s.done, s.rep->queries);
		CHECK(s.bad_ids == 0, "events carry a unique id, in order sent then done (%d bad)", s.bad_ids);
		CHECK(s.rep->targets[0].cache_ttl > 0 && s.rep->targets[0].cache_ttl <= 300,
		      "remaining TTL of the deciding RRset (%lld)", (long long)s.rep->targets[0].cache_ttl);
	}
	CHECK(s.tls_ok[0] && s.tls_cn[0] && !strcmp(s.tls_cn[0], "api.example.test"), "TLS 1: api cert");
	CHECK(s.tls_ok[1] && s.tls_cn[1] && strstr(s.tls_cn[1], "execute-api"), "TLS 2: execute-api wildcard");
	CHECK(s.tls_ok[2] && s.tls_cn[2] && !strcmp(s.tls_cn[2], "expired.example.test"), "TLS 3: expired cert served");
	for (int i = 0; i < 3; i++)
		free(s.tls_cn[i]);
	caa_report_free(s.rep);
	dns_client_free(dns);
	loop_free(s.loop);
	return test_summary("test_mixed_loop");
}
