/* The check interface and the diagnosis driver (src/checks/check.c,
 * src/checks/diagnosis.c), without the lab: the registry, the probe log,
 * findings order, the resolver probe's verdicts on crafted answers, and a
 * diagnosis against a resolver that refuses every query (a closed loopback
 * port): RESOLVER_FAILED, decided once, with no check's report kept, a
 * single callback, and never a hang. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/caa/caa_check.h"
#include "checks/cname/cname_check.h"
#include "checks/diagnosis.h"
#include "checks/resolver.h"
#include "core/loop.h"
#include "testutil.h"

static void
test_registry(void)
{
	CHECK(check_get(CHECK_caa) == &caa_check_ops, "CHECK_caa is the CAA table");
	CHECK(check_get(CHECK_cname) == &cname_check_ops, "CHECK_cname is the CNAME table");
	CHECK(check_get(CHECK__COUNT) == NULL, "no table past the end");
	for (int c = 0; c < CHECK__COUNT; c++) {
		const struct check_ops *ops = check_get(c);
		CHECK(ops && (int)ops->id == c, "check %d knows its own id", c);
		CHECK(ops->applies && ops->start && ops->cancel && ops->report_free && ops->stats &&
		      ops->n_subjects && ops->subject && ops->n_plans && ops->plan,
		      "check %s fills every function", ops->name);
		CHECK(check_by_name(ops->name) == ops, "check_by_name(\"%s\")", ops->name);
	}
	CHECK(check_by_name("CAA") == NULL, "names are exact");
	CHECK(check_by_name("") == NULL && check_by_name(NULL) == NULL, "empty and NULL are no check");
	CHECK_STR(check_names(), "caa, cname, email", "the list --only accepts");
}

static int events_sent, events_done;

static void
count_event(void *ctx, const struct probe_event *ev)
{
	(void)ctx;
	if (ev->done)
		events_done++;
	else
		events_sent++;
}

static void
test_probe_log(void)
{
	struct probe_log pl;
	events_sent = events_done = 0;
	probe_log_init(&pl, count_event, NULL);
	int a = probe_log_sent(&pl, "example.test.", 257, "127.0.0.1:53", "climb");
	int b = probe_log_sent(&pl, "test.", 257, "127.0.0.1:53", "climb");
	CHECK(a == 1 && b == 2, "ids count from 1 (%d, %d)", a, b);
	CHECK(pl.in_flight == 2 && pl.max_in_flight == 2, "two in flight");
	struct dns_result answered = { .outcome = DNS_TIMEOUT, .qname = "test.", .qtype = 257,
				       .server = "127.0.0.1:53", .error = "timeout" };
	probe_log_done(&pl, b, "climb", &answered, false);
	struct dns_result cancelled = answered;
	cancelled.outcome = DNS_CANCELLED;
	probe_log_done(&pl, a, "climb", &cancelled, false);
	CHECK(pl.in_flight == 0 && pl.max_in_flight == 2, "both back, the peak kept");
	CHECK(pl.answered == 0, "a timeout is not an answer");
	CHECK(events_sent == 2 && events_done == 1, "a cancelled query tells no view (%d sent, %d done)",
	      events_sent, events_done);
	probe_log_sent(&pl, "x.test.", 1, "s", "p");
	probe_log_done(&pl, 3, "p", &answered, true);
	CHECK(events_sent == 3 && events_done == 1, "a quiet (cancelled) check tells no view");
}

static void
test_findings_order(void)
{
	struct finding fs[4];
	finding_init(&fs[0], F_CAA_NONE, "a.");
	finding_init(&fs[1], F_CAA_MALFORMED, "a.");
	finding_init(&fs[2], F_CAA_BLOCKS_AMAZON, "a.");
	finding_init(&fs[3], F_CAA_LOOKUP_FAILED, "a.");
	findings_sort(fs, 4);
	CHECK(fs[0].code == F_CAA_BLOCKS_AMAZON && fs[1].code == F_CAA_LOOKUP_FAILED,
	      "errors first, ties by code");
	CHECK(fs[2].code == F_CAA_MALFORMED && fs[3].code == F_CAA_NONE, "then warnings, then info");
	CHECK(findings_block(fs, 4), "an error blocks");
	CHECK(!findings_block(fs + 2, 2), "warnings and info do not");
	for (int i = 0; i < 4; i++)
		finding_clear(&fs[i]);
}

struct run {
	int done_calls;
	int events;
};

static void
on_done(void *ctx)
{
	((struct run *)ctx)->done_calls++;
}

static void
on_event(void *ctx, const struct probe_event *ev)
{
	struct run *r = ctx;
	r->events++;
	CHECK(ev->id > 0, "event ids are positive (%d)", ev->id);
}

/* A resolver on a closed port: every query fails at once. */
static struct dns_client *
dead_resolver(struct loop *loop)
{
	char err[256];
	struct dns_client_opts o = { .servers = "127.0.0.1:9", .recurse = true, .timeout_ms = 300, .tries = 1 };
	return dns_client_new(loop, &o, err, sizeof err);
}

static void
test_diagnosis(void)
{
	struct loop *loop = loop_new();
	struct dns_client *dns = dead_resolver(loop);
	CHECK(dns != NULL, "a client for the dead resolver");
	const char *names[] = { "example.test.", "*.example.test." };
	const char *doms[] = { "example.test." };
	struct cname_record_spec rec = { .domains = doms, .n_domains = 1,
					 .name = "_x.example.test.", .value = "_y.acm-validations.test." };
	struct check_input in = { .names = names, .n_names = 2, .records = &rec, .n_records = 1 };
	struct diagnosis d;
	memset(&d, 0, sizeof d);
	struct run r = { 0 };

	/* Nothing applies: nothing starts, nothing calls back. */
	struct check_input empty = { 0 };
	CHECK(diagnosis_start(&d, loop, dns, &empty, 0, on_event, &r, on_done, &r) == 0, "empty input starts");
	CHECK(!diagnosis_running(&d) && !diagnosis_finished(&d) && !diagnosis_incomplete(&d), "and nothing runs");

	/* --only: just the CAA check, and the resolver probe. */
	CHECK(diagnosis_start(&d, loop, dns, &in, 1u << CHECK_caa, on_event, &r, on_done, &r) == 0, "CAA only starts");
	CHECK(d.running[CHECK_caa] && !d.running[CHECK_cname], "only the CAA check runs");
	CHECK(d.resolver != NULL, "the resolver probe goes with it");
	loop_run(loop);
	CHECK(r.done_calls == 1, "done once (%d)", r.done_calls);
	CHECK(diagnosis_finished(&d) && !diagnosis_incomplete(&d), "finished, complete");
	/* A dead resolver: one finding about the resolver, none about a zone. */
	CHECK(diagnosis_resolver_failed(&d), "the dead resolver is RESOLVER_FAILED");
	CHECK(!d.report[CHECK_caa] && !d.report[CHECK_cname], "no check's report is kept");
	CHECK(d.n_items == 1 && d.items[0].check == DIAGNOSIS_RESOLVER, "one item, the resolver's (%zu)", d.n_items);
	const struct finding *rf = diagnosis_finding(&d, &d.items[0]);
	CHECK(rf->code == F_RESOLVER_FAILED && rf->severity == SEV_ERROR, "its code");
	CHECK(strstr(rf->message, "127.0.0.1:9") && strstr(rf->message, "--resolver"),
	      "it names the address and what to try: %s", rf->message);
	struct check_subject s;
	diagnosis_subject(&d, &d.items[0], &s);
	CHECK(check_subject_about(&s, "*.example.test.") && check_subject_about(&s, "example.test.") && s.blocks,
	      "about every name, and it blocks");
	struct plan_view pv;
	CHECK(diagnosis_plan(&d, &d.items[0], &pv) && pv.advice && pv.plan && !pv.plan->n_sets,
	      "its fix is advice, no record change");
	CHECK(diagnosis_subject_about(&d, CHECK_caa, "example.test.", &s) < 0, "no CAA verdict on its answers");
	struct check_stats st;
	diagnosis_stats(&d, &st);
	CHECK(st.queries >= 1 && st.answered == 0, "queries counted, none answered (%d/%d)", st.answered, st.queries);

	/* Both checks: the same, decided once. */
	r = (struct run){ 0 };
	CHECK(diagnosis_start(&d, loop, dns, &in, 0, on_event, &r, on_done, &r) == 0, "both start");
	CHECK(d.n_items == 0 && !diagnosis_resolver_failed(&d), "a restart forgets the old verdict");
	loop_run(loop);
	CHECK(r.done_calls == 1, "done once for both (%d)", r.done_calls);
	CHECK(diagnosis_resolver_failed(&d) && d.n_items == 1, "RESOLVER_FAILED, once");
	CHECK(!d.report[CHECK_caa] && !d.report[CHECK_cname], "and neither check reports");

	/* A check that cannot start: the one already started is cancelled. */
	struct cname_record_spec bad = rec;
	bad.value = "not a name";
	struct check_input in_bad = in;
	in_bad.records = &bad;
	r = (struct run){ 0 };
	CHECK(diagnosis_start(&d, loop, dns, &in_bad, 0, on_event, &r, on_done, &r) < 0, "a bad record refuses to start");
	CHECK(strstr(d.error, "not a domain name") != NULL, "and says why: %s", d.error);
	CHECK(!diagnosis_running(&d), "nothing left running");
	loop_run(loop);
	CHECK(r.done_calls == 0, "and nothing calls back (%d)", r.done_calls);

	/* Cancel while running: no callback after it. */
	r = (struct run){ 0 };
	CHECK(diagnosis_start(&d, loop, dns, &in, 0, on_event, &r, on_done, &r) == 0, "started again");
	diagnosis_clear(&d);
	loop_run(loop);
	CHECK(r.done_calls == 0, "no done after a clear (%d)", r.done_calls);

	diagnosis_clear(&d);
	dns_client_free(dns);
	loop_free(loop);
}

/* A crafted answer to ". NS": flags, rcode, and what it holds. */
enum holds { NOTHING, ROOT_NS, REFERRAL };

static struct dns_msg *
answer(bool aa, bool ra, int rcode, enum holds what)
{
	uint8_t b[128];
	size_t n = 0;
	b[n++] = 0x12; b[n++] = 0x34;
	b[n++] = (uint8_t)(0x81 | (aa ? 0x04 : 0));      /* QR, RD */
	b[n++] = (uint8_t)((ra ? 0x80 : 0) | rcode);
	b[n++] = 0; b[n++] = 1;                             /* QDCOUNT */
	b[n++] = 0; b[n++] = what == ROOT_NS;               /* ANCOUNT */
	b[n++] = 0; b[n++] = what == REFERRAL;              /* NSCOUNT */
	b[n++] = 0; b[n++] = 0;
	b[n++] = 0; b[n++] = 0; b[n++] = 2; b[n++] = 0; b[n++] = 1;    /* . NS IN */
	if (what != NOTHING) {
		static const uint8_t owner_com[] = { 3, 'c', 'o', 'm', 0 };
		if (what == REFERRAL) {
			memcpy(b + n, owner_com, sizeof owner_com);
			n += sizeof owner_com;
		} else {
			b[n++] = 0;
		}
		b[n++] = 0; b[n++] = 2; b[n++] = 0; b[n++] = 1;   /* NS IN */
		b[n++] = 0; b[n++] = 0; b[n++] = 0x0e; b[n++] = 0x10;
		static const uint8_t target[] = { 1, 'a', 3, 'n', 's', 't', 0 };
		b[n++] = 0; b[n++] = sizeof target;
		memcpy(b + n, target, sizeof target);
		n += sizeof target;
	}
	char err[128];
	struct dns_msg *m = dns_msg_parse(b, n, err, sizeof err);
	CHECK(m != NULL, "crafted answer parses: %s", err);
	return m;
}

static void
judge_case(struct dns_result res, enum resolver_state want, const char *says)
{
	struct resolver_verdict v;
	resolver_judge(&res, &v);
	CHECK(v.state == want, "%s: state %d, want %d", says ? says : "ok", v.state, want);
	if (says)
		CHECK(v.answered && strstr(v.answered, says), "says \"%s\": %s", says, v.answered ? v.answered : "(null)");
	else
		CHECK(!v.answered, "a resolver says nothing: %s", v.answered);
	if (want != RESOLVER_PENDING)
		CHECK(v.n_evidence >= 1 && !strncmp(v.evidence[0], "; 192.0.2.53:53 . NS: ", 22), "evidence line: %s",
		      v.n_evidence ? v.evidence[0] : "");
	resolver_verdict_clear(&v);
	if (res.msg)
		dns_msg_free(res.msg);
}

static void
test_resolver_judge(void)
{
	struct dns_result base = { .outcome = DNS_ANSWER, .server = "192.0.2.53:53", .qname = ".", .qtype = DNS_T_NS };
	struct dns_result r = base;
	r.msg = answer(false, true, 0, ROOT_NS);
	judge_case(r, RESOLVER_OK, NULL);
	r.msg = answer(false, true, DNS_RC_REFUSED, NOTHING);
	judge_case(r, RESOLVER_FAILED, "REFUSED");
	r.msg = answer(false, true, DNS_RC_SERVFAIL, NOTHING);
	judge_case(r, RESOLVER_FAILED, "SERVFAIL even for the root");
	r.msg = answer(false, false, 0, REFERRAL);
	judge_case(r, RESOLVER_FAILED, "a referral and without RA");
	r.msg = answer(true, false, 0, ROOT_NS);
	judge_case(r, RESOLVER_FAILED, "from its own zone");
	r.msg = answer(false, false, 0, ROOT_NS);
	judge_case(r, RESOLVER_FAILED, "lacks RA");
	r.msg = answer(false, true, 0, NOTHING);
	judge_case(r, RESOLVER_FAILED, "without the root's name servers");
	r = base;
	r.outcome = DNS_TIMEOUT;
	r.elapsed_ms = 5000;
	r.error = "no answer (timed out)";
	judge_case(r, RESOLVER_FAILED, "does not answer (no reply within 5000 ms)");
	r.outcome = DNS_UNREACHABLE;
	r.error = "connection refused";
	judge_case(r, RESOLVER_FAILED, "cannot be reached: connection refused");
	r.outcome = DNS_BAD_ANSWER;
	judge_case(r, RESOLVER_FAILED, "does not parse");
	r.outcome = DNS_CANCELLED;
	judge_case(r, RESOLVER_PENDING, NULL);
}

int
main(void)
{
	test_resolver_judge();
	test_registry();
	test_probe_log();
	test_findings_order();
	test_diagnosis();
	return test_summary("test_check");
}
