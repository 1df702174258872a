/* The DNS-validation CNAME checks (src/checks/cname/cname_check.c): the pure helpers, then
 * the engine against the lab's scenario zones (tests/lab/README.md, "CNAME
 * validation scenarios"), one zone per finding code, all records of the
 * static scenarios in one check (as a certificate with many names would be);
 * then negative caching with a record added at run time, the fix closure
 * (the rendered zone-file line applied to the delegated zone makes the
 * verdict OK), and cancellation. Run by tests/e2e/cname-checks.test inside
 * the lab. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/cname/cname_check.h"
#include "net/dns_client.h"
#include "core/loop.h"
#include "fix/provider.h"
#include "core/strbuf.h"
#include "testutil.h"

#define VALUE "_y1.acm-validations.test."

/* ------------------------------------------------------------------ */
/* Pure helpers                                                        */
/* ------------------------------------------------------------------ */

static void
test_helpers(void)
{
	CHECK(cname_value_equal("_y1.acm-validations.test.", "_Y1.ACM-Validations.TEST"), "case and dot");
	CHECK(cname_value_equal("a.b", "a.b."), "dot either side");
	CHECK(!cname_value_equal("_y1.acm-validations.test.", "_y2.acm-validations.test."), "other token");
	CHECK(!cname_value_equal("a.b.", "a.b.c."), "prefix is not equal");
	CHECK(!cname_value_equal("", "."), "empty");

	CHECK(cname_value_suffixed("_y1.acm-validations.test.example.com.", "_y1.acm-validations.test.", "example.com."),
	      "suffixed with the zone");
	CHECK(cname_value_suffixed("_Y1.acm-validations.test.Example.com.", "_y1.acm-validations.test", NULL),
	      "suffixed, any zone, case-insensitive");
	CHECK(!cname_value_suffixed("_y1.acm-validations.test.example.com.", "_y1.acm-validations.test.", "other.com."),
	      "suffixed with another zone");
	CHECK(!cname_value_suffixed("_y1.acm-validations.test.", "_y1.acm-validations.test.", NULL), "the value itself");
	CHECK(!cname_value_suffixed("_y1.acm-validations.testx.com.", "_y1.acm-validations.test.", NULL), "label boundary");

	struct cname_candidate *c;
	size_t n = cname_candidates("_x1.sub.example.com.", &c);
	CHECK(n == 4, "4 candidates for a name two levels down (got %zu)", n);
	if (n == 4) {
		CHECK_STR(c[0].name, "_x1.sub.example.com.sub.example.com.", "doubled with the name's parent");
		CHECK(c[0].kind == CNAME_CAND_DOUBLED, "kind doubled");
		CHECK_STR(c[1].name, "_x1.sub.example.com.example.com.", "doubled with the grandparent");
		CHECK_STR(c[2].name, "x1.sub.example.com.", "without the underscore");
		CHECK(c[2].kind == CNAME_CAND_NO_UNDERSCORE, "kind no underscore");
		CHECK_STR(c[3].name, "_x1.example.com.", "in the parent zone");
		CHECK(c[3].kind == CNAME_CAND_PARENT, "kind parent");
	}
	cname_candidates_free(c, n);
	n = cname_candidates("_x1.example.com.", &c);
	CHECK(n == 2, "apex record: doubled + no underscore (got %zu)", n);
	cname_candidates_free(c, n);
	n = cname_candidates("x1.com.", &c);
	CHECK(n == 0, "nothing for a name under a TLD without underscore (got %zu)", n);
	cname_candidates_free(c, n);

	CHECK(cname_cloudflare_addr("104.16.132.229"), "104.16/13 is Cloudflare");
	CHECK(cname_cloudflare_addr("172.71.255.255"), "top of 172.64/13");
	CHECK(!cname_cloudflare_addr("172.72.0.0"), "just past 172.64/13");
	CHECK(cname_cloudflare_addr("2606:4700::6810:84e5"), "2606:4700::/32 is Cloudflare");
	CHECK(cname_cloudflare_addr("2a06:98c7:ffff::1"), "top of 2a06:98c0::/29");
	CHECK(!cname_cloudflare_addr("2a06:98c8::1"), "just past 2a06:98c0::/29");
	CHECK(!cname_cloudflare_addr("192.0.2.80"), "TEST-NET is not");
	CHECK(!cname_cloudflare_addr("not an address"), "garbage is not");
}

/* ------------------------------------------------------------------ */
/* Running checks                                                      */
/* ------------------------------------------------------------------ */

static int events_sent, events_done;

static void
on_event(void *ctx, const struct probe_event *ev)
{
	(void)ctx;
	if (ev->done)
		events_done++;
	else
		events_sent++;
}

static void
on_done(void *ctx, void *rep)
{
	*(struct cname_report **)ctx = rep;
}

struct spec {
	const char *name;
	const char *value;
	const char *domain;
};

static struct loop *loop;
static struct dns_client *resolver;

static struct cname_report *
run(const struct spec *specs, size_t n, const char *const *edited, size_t n_edited)
{
	struct cname_record_spec *rs = calloc(n, sizeof *rs);
	for (size_t i = 0; i < n; i++) {
		rs[i].name = specs[i].name;
		rs[i].value = specs[i].value;
		rs[i].domains = &specs[i].domain;
		rs[i].n_domains = 1;
	}
	struct cname_check_opts o = { .records = rs, .n_records = n, .edited_ns = edited,
				      .n_edited_ns = n_edited, .timeout_ms = 300, .tries = 2,
				      .on_event = on_event };
	struct cname_report *rep = NULL;
	char err[256];
	struct cname_check *chk = cname_check_start(loop, resolver, &o, on_done, &rep, err, sizeof err);
	CHECK(chk != NULL, "check started: %s", err);
	loop_run(loop);
	free(rs);
	CHECK(rep != NULL, "report delivered");
	return rep;
}

static const struct cname_result *
result_for(const struct cname_report *rep, const char *name)
{
	for (size_t i = 0; rep && i < rep->n_results; i++)
		if (!strcmp(rep->results[i].name, name))
			return &rep->results[i];
	return NULL;
}

static const struct finding *
finding_of(const struct cname_result *r, enum finding_code code)
{
	for (size_t i = 0; r && i < r->n_findings; i++)
		if (r->findings[i].code == code)
			return &r->findings[i];
	return NULL;
}

static bool
evidence_has(const struct finding *f, const char *needle)
{
	for (size_t i = 0; f && i < f->n_evidence; i++)
		if (strstr(f->evidence[i], needle))
			return true;
	return false;
}

static bool
has_record(const struct finding *f, enum rec_action action, uint16_t type, const char *name,
	   const char *data)
{
	for (size_t i = 0; f && i < f->n_records; i++) {
		const struct record *r = &f->records[i];
		if (r->action == action && r->type == type && !strcmp(r->name, name) &&
		    (!data || !strcmp(r->data, data)))
			return true;
	}
	return false;
}

static const char *
plan_provider(const struct cname_report *rep, const struct cname_result *r)
{
	if (!r || r->plan < 0 || (size_t)r->plan >= rep->n_plans || !rep->plans[r->plan].provider)
		return "(none)";
	return provider_id(rep->plans[r->plan].provider);
}

static void
dump(const struct cname_result *r)
{
	if (!r)
		return;
	fprintf(stderr, "  %s: verdict %s zone %s\n", r->name, cname_verdict_name(r->verdict),
		r->zone ? r->zone : "(none)");
	for (size_t i = 0; i < r->n_findings; i++) {
		fprintf(stderr, "    %s: %s\n", finding_code_name(r->findings[i].code), r->findings[i].message);
		for (size_t k = 0; k < r->findings[i].n_evidence; k++)
			fprintf(stderr, "      %s\n", r->findings[i].evidence[k]);
	}
}

/* Verdict and code of one scenario; prints the result when it is off. */
static const struct finding *
expect(const struct cname_report *rep, const char *name, enum cname_verdict verdict,
       enum finding_code code)
{
	const struct cname_result *r = result_for(rep, name);
	CHECK(r != NULL, "result for %s", name);
	if (!r)
		return NULL;
	int before = test_failed;
	CHECK(r->verdict == verdict, "%s: verdict %s (got %s)", name, cname_verdict_name(verdict),
	      cname_verdict_name(r->verdict));
	const struct finding *f = finding_of(r, code);
	CHECK(f != NULL, "%s: finding %s", name, finding_code_name(code));
	CHECK(f && f->message && *f->message, "%s: finding has a message", name);
	if (test_failed != before)
		dump(r);
	return f;
}

static void
sh(const char *cmd)
{
	int rc = system(cmd);
	CHECK(rc == 0, "command ok: %s (status %d)", cmd, rc);
}

/* The zone-file lines to add, as the zonefile provider renders the plan. */
static char *
rendered_add_line(const struct cname_report *rep, const struct cname_result *r)
{
	if (!r || r->plan < 0)
		return NULL;
	struct strbuf out;
	char err[256];
	sb_init(&out);
	int rc = provider_render(provider_get("zonefile"), "zone", &rep->plans[r->plan].plan, &out,
				 err, sizeof err);
	CHECK(rc == 0, "render: %s", err);
	char *line = NULL;
	for (char *p = out.buf; p && *p;) {
		char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len && p[0] != ';' && !strncmp(p, r->name, strlen(r->name)) && !line)
			line = strndup(p, len);
		p = nl ? nl + 1 : NULL;
	}
	sb_free(&out);
	return line;
}

/* ------------------------------------------------------------------ */
/* The scenarios                                                       */
/* ------------------------------------------------------------------ */

static void
test_static_scenarios(void)
{
	const struct spec specs[] = {
		{ "_x1.cname-ok.test.", "_Y1.acm-validations.TEST", "cname-ok.test" },
		{ "_x1.cname-missing.test.", VALUE, "cname-missing.test" },
		{ "_x1.cname-doubled.test.", VALUE, "cname-doubled.test" },
		{ "_x1.cname-suffixed.test.", VALUE, "cname-suffixed.test" },
		{ "_x1.cname-txt.test.", VALUE, "cname-txt.test" },
		{ "_x1.cname-wrong.test.", VALUE, "cname-wrong.test" },
		{ "_x1.cname-proxied.test.", VALUE, "cname-proxied.test" },
		{ "_x1.cname-flat.test.", VALUE, "cname-flat.test" },
		{ "_x1.cname-nounder.test.", VALUE, "cname-nounder.test" },
		{ "_x1.cname-wrongzone.test.", VALUE, "cname-wrongzone.test" },
		{ "_x1.cname-split.test.", VALUE, "cname-split.test" },
		{ "_x1.cname-bogus.test.", VALUE, "cname-bogus.test" },
		{ "_x1.cname-lame.test.", VALUE, "cname-lame.test" },
		{ "_x1.cname-dead.test.", VALUE, "cname-dead.test" },
		/* the wildcard shares the apex's record: merged into one */
		{ "_x1.cname-ok.test", "_y1.acm-validations.test.", "*.cname-ok.test" },
	};
	const char *edited[] = { "127.0.0.5" };
	events_sent = events_done = 0;
	int64_t t0 = loop_now_ms();
	struct cname_report *rep = run(specs, sizeof specs / sizeof *specs, edited, 1);
	int64_t ms = loop_now_ms() - t0;
	if (!rep)
		return;
	printf("static scenarios: %zu records, %d queries, at most %d in flight, %lld ms\n",
	       rep->n_results, rep->queries, rep->max_in_flight, (long long)ms);
	CHECK(rep->n_results == 14, "apex and wildcard share one record (%zu results)", rep->n_results);
	CHECK(events_sent == rep->queries && events_done == rep->queries,
	      "one start and one end event per query (%d/%d of %d)", events_sent, events_done, rep->queries);
	CHECK(rep->max_in_flight >= 14 * 4, "the first round goes out at once (%d in flight)", rep->max_in_flight);

	/* OK: resolver and the three Route 53 names (one address). */
	const struct finding *f = expect(rep, "_x1.cname-ok.test.", CNAME_V_OK, F_CNAME_OK);
	const struct cname_result *r = result_for(rep, "_x1.cname-ok.test.");
	CHECK(r && r->n_domains == 2, "ok: both certificate names (%zu)", r ? r->n_domains : 0);
	CHECK(r && r->zone && !strcmp(r->zone, "cname-ok.test."), "ok: zone cut found");
	CHECK(r && r->n_servers == 2 && strstr(r->servers[0].names, "ns-1234.awsdns-12.org.") &&
	      strstr(r->servers[0].names, "ns-890.awsdns-56.net.") && r->servers[0].seen == CNAME_SEEN_MATCH &&
	      !r->servers[0].edited, "ok: the delegated Route 53 servers, grouped by address, match");
	CHECK(r && r->n_servers == 2 && r->servers[1].edited && r->servers[1].seen == CNAME_SEEN_FAILED &&
	      !finding_of(r, F_CNAME_LOOKUP_FAILED),
	      "ok: the edited server (which does not serve the zone) is listed, and is no lookup failure");
	CHECK(r && r->cache_ttl > 0 && r->cache_ttl <= 300, "ok: cache TTL of the CNAME (%lld)",
	      r ? (long long)r->cache_ttl : -1LL);
	CHECK(evidence_has(f, "_x1.cname-ok.test.\t300\tIN\tCNAME\t_y1.acm-validations.test.") ||
	      evidence_has(f, "_x1.cname-ok.test. 300 IN CNAME _y1.acm-validations.test."),
	      "ok: the record as a zone-file line in the evidence");
	CHECK(f && f->n_records == 0, "ok: nothing to change");

	f = expect(rep, "_x1.cname-missing.test.", CNAME_V_MISSING, F_CNAME_MISSING);
	r = result_for(rep, "_x1.cname-missing.test.");
	CHECK(has_record(f, REC_ADD, DNS_T_CNAME, "_x1.cname-missing.test.", VALUE), "missing: add the CNAME");
	CHECK(evidence_has(f, "NXDOMAIN"), "missing: NXDOMAIN in the evidence");
	CHECK(r && r->cache_ttl > 0 && r->cache_ttl <= 60, "missing: negative TTL (%lld)",
	      r ? (long long)r->cache_ttl : -1LL);
	CHECK(r && rep->plans[r->plan].plan.zone && !strcmp(rep->plans[r->plan].plan.zone, "cname-missing.test."),
	      "missing: the plan is for the zone");

	f = expect(rep, "_x1.cname-doubled.test.", CNAME_V_WRONG, F_CNAME_DOUBLED_SUFFIX);
	r = result_for(rep, "_x1.cname-doubled.test.");
	CHECK(has_record(f, REC_DELETE, DNS_T_CNAME, "_x1.cname-doubled.test.cname-doubled.test.", VALUE),
	      "doubled: delete the doubled record");
	CHECK(has_record(f, REC_ADD, DNS_T_CNAME, "_x1.cname-doubled.test.", VALUE), "doubled: add the right one");
	CHECK_STR(plan_provider(rep, r), "godaddy", "doubled: provider from the delegated NS");

	f = expect(rep, "_x1.cname-suffixed.test.", CNAME_V_WRONG, F_CNAME_VALUE_SUFFIXED);
	CHECK(has_record(f, REC_DELETE, DNS_T_CNAME, "_x1.cname-suffixed.test.",
			 "_y1.acm-validations.test.cname-suffixed.test."), "suffixed: delete the suffixed value");
	CHECK(has_record(f, REC_ADD, DNS_T_CNAME, "_x1.cname-suffixed.test.", VALUE), "suffixed: add the value");

	f = expect(rep, "_x1.cname-txt.test.", CNAME_V_WRONG, F_CNAME_TXT_INSTEAD);
	CHECK(has_record(f, REC_DELETE, DNS_T_TXT, "_x1.cname-txt.test.", "\"_y1.acm-validations.test.\""),
	      "txt: delete the TXT");
	CHECK(has_record(f, REC_ADD, DNS_T_CNAME, "_x1.cname-txt.test.", VALUE), "txt: add the CNAME");

	f = expect(rep, "_x1.cname-wrong.test.", CNAME_V_WRONG, F_CNAME_WRONG_VALUE);
	r = result_for(rep, "_x1.cname-wrong.test.");
	CHECK(has_record(f, REC_DELETE, DNS_T_CNAME, "_x1.cname-wrong.test.", "_old1.acm-validations.test."),
	      "wrong: delete the old value");
	CHECK(has_record(f, REC_ADD, DNS_T_CNAME, "_x1.cname-wrong.test.", VALUE), "wrong: add the new one");
	CHECK(r && r->resolver_value && !strcmp(r->resolver_value, "_old1.acm-validations.test."),
	      "wrong: the resolver's value is reported");
	CHECK_STR(plan_provider(rep, r), "route53", "wrong: provider Route 53");
	CHECK(f && f->message && strstr(f->message, "_old1.acm-validations.test"), "wrong: message names the old value");

	f = expect(rep, "_x1.cname-proxied.test.", CNAME_V_WRONG, F_CNAME_PROXIED);
	r = result_for(rep, "_x1.cname-proxied.test.");
	CHECK(evidence_has(f, "104.16.132.229"), "proxied: the Cloudflare address in the evidence");
	CHECK(f && f->message && strstr(f->message, "DNS only"), "proxied: says DNS only");
	CHECK_STR(plan_provider(rep, r), "cloudflare", "proxied: provider Cloudflare");
	CHECK(has_record(f, REC_ADD, DNS_T_CNAME, "_x1.cname-proxied.test.", VALUE), "proxied: the CNAME to keep");

	f = expect(rep, "_x1.cname-flat.test.", CNAME_V_WRONG, F_CNAME_FLATTENED);
	CHECK(f && f->message && strstr(f->message, "Flatten"), "flattened: names the Cloudflare setting");
	CHECK(!finding_of(result_for(rep, "_x1.cname-flat.test."), F_CNAME_PROXIED), "flattened: not proxied");

	f = expect(rep, "_x1.cname-nounder.test.", CNAME_V_WRONG, F_CNAME_WRONG_NAME);
	CHECK(has_record(f, REC_DELETE, DNS_T_CNAME, "x1.cname-nounder.test.", VALUE), "no underscore: delete it");
	CHECK(has_record(f, REC_ADD, DNS_T_CNAME, "_x1.cname-nounder.test.", VALUE), "no underscore: add the right one");

	f = expect(rep, "_x1.cname-wrongzone.test.", CNAME_V_WRONG_ZONE, F_CNAME_WRONG_ZONE);
	r = result_for(rep, "_x1.cname-wrongzone.test.");
	CHECK(f && f->message && strstr(f->message, "GoDaddy") && strstr(f->message, "registrar"),
	      "wrong zone: add it at GoDaddy, or change the NS at the registrar");
	CHECK(has_record(f, REC_ADD, DNS_T_CNAME, "_x1.cname-wrongzone.test.", VALUE), "wrong zone: add it");
	CHECK(evidence_has(f, "127.0.0.5, edited"), "wrong zone: the edited server in the evidence");
	CHECK(r && r->n_servers == 2 && r->servers[1].edited && r->servers[1].seen == CNAME_SEEN_MATCH &&
	      !r->servers[0].edited && r->servers[0].seen == CNAME_SEEN_NXDOMAIN,
	      "wrong zone: delegated NXDOMAIN, edited match");
	CHECK(!finding_of(r, F_CNAME_LOOKUP_FAILED), "wrong zone: no lookup failure");

	f = expect(rep, "_x1.cname-split.test.", CNAME_V_INCONSISTENT, F_CNAME_NS_INCONSISTENT);
	r = result_for(rep, "_x1.cname-split.test.");
	CHECK(f && f->message && strstr(f->message, "127.0.0.4 (ns1.lab-dns.test.)") &&
	      strstr(f->message, "127.0.0.5 (ns1.other-dns.test.)"), "split: both servers named");
	CHECK(r && r->n_servers == 2, "split: the edited 127.0.0.5 is delegated, so listed once (%zu)",
	      r ? r->n_servers : 0);

	f = expect(rep, "_x1.cname-bogus.test.", CNAME_V_LOOKUP_FAILED, F_CNAME_LOOKUP_FAILED);
	CHECK(f && f->message && strstr(f->message, "SERVFAIL") && strstr(f->message, "DNSSEC"),
	      "bogus: SERVFAIL, DNSSEC named");
	CHECK(evidence_has(f, "EDE"), "bogus: the EDE in the evidence");
	r = result_for(rep, "_x1.cname-bogus.test.");
	CHECK(r && r->n_servers >= 1 && r->servers[0].seen == CNAME_SEEN_MATCH,
	      "bogus: the authoritative server has the record");

	f = expect(rep, "_x1.cname-lame.test.", CNAME_V_LOOKUP_FAILED, F_CNAME_LOOKUP_FAILED);
	r = result_for(rep, "_x1.cname-lame.test.");
	bool lame_named = false;
	for (size_t i = 0; r && i < r->n_findings; i++)
		if (r->findings[i].code == F_CNAME_LOOKUP_FAILED && strstr(r->findings[i].message, "127.0.0.4 (ns.lame.test.)") &&
		    strstr(r->findings[i].message, "lame"))
			lame_named = true;
	CHECK(lame_named, "lame: the server and 'lame' named");
	CHECK(r && r->zone && !strcmp(r->zone, "cname-lame.test."), "lame: the delegation found from the parent");

	expect(rep, "_x1.cname-dead.test.", CNAME_V_LOOKUP_FAILED, F_CNAME_LOOKUP_FAILED);
	r = result_for(rep, "_x1.cname-dead.test.");
	bool dead_named = false;
	for (size_t i = 0; r && i < r->n_findings; i++)
		if (r->findings[i].code == F_CNAME_LOOKUP_FAILED && strstr(r->findings[i].message, "127.0.0.9 (ns.dead.test.)"))
			dead_named = true;
	CHECK(dead_named, "dead: the server named");

	/* A lookup failure's fix is no record change: the servers, by name
	 * and address, and what to do about them. */
	static const struct { const char *rec, *server, *advice; } advised[] = {
		{ "_x1.cname-dead.test.", "ns.dead.test. (127.0.0.9)", "does not answer" },
		{ "_x1.cname-lame.test.", "ns.lame.test. (127.0.0.4)", "lame delegation" },
		{ "_x1.cname-bogus.test.", "DS", "DNSSEC chain of trust" },
	};
	for (size_t i = 0; i < sizeof advised / sizeof advised[0]; i++) {
		r = result_for(rep, advised[i].rec);
		int plan = -1;
		for (size_t k = 0; r && k < r->n_findings; k++)
			if (r->findings[k].code == F_CNAME_LOOKUP_FAILED)
				plan = r->findings[k].plan;
		struct plan_view pv;
		bool ok = plan >= 0 && cname_check_ops.plan(rep, (size_t)plan, &pv);
		CHECK(ok && pv.advice && pv.title && pv.plan->n_sets == 0, "%s: an advice plan (%d)", advised[i].rec, plan);
		if (ok && pv.advice) {
			CHECK(strstr(pv.advice, advised[i].server) != NULL, "%s: advice names %s: %s", advised[i].rec,
			      advised[i].server, pv.advice);
			CHECK(strstr(pv.advice, advised[i].advice) != NULL, "%s: advice says %s: %s", advised[i].rec,
			      advised[i].advice, pv.advice);
			CHECK(pv.n_servers >= 1 && pv.servers[0].addr && pv.servers[0].said, "%s: servers listed",
			      advised[i].rec);
		}
	}

	/* Every plan renders for every provider in every format (CNAME add
	 * and delete, TXT delete), and zone-file output names the records. */
	int renders = 0;
	for (size_t p = 0; p < rep->n_plans; p++) {
		if (rep->plans[p].advice)
			continue;           /* no record to render */
		for (size_t k = 0; k < provider_count(); k++) {
			const struct provider *pv = provider_at(k);
			const char *const *formats;
			size_t nf = provider_formats(pv, &formats);
			for (size_t j = 0; j < nf; j++) {
				struct strbuf out;
				char err[256] = "";
				sb_init(&out);
				int rc = provider_render(pv, formats[j], &rep->plans[p].plan, &out, err, sizeof err);
				CHECK(rc == 0 && out.len > 0, "plan %zu renders for %s/%s: %s", p, provider_id(pv),
				      formats[j], err);
				renders++;
				sb_free(&out);
			}
		}
	}
	CHECK(renders > 0, "plans rendered (%d)", renders);

	/* Nothing is a silent OK. */
	for (size_t i = 0; i < rep->n_results; i++) {
		const struct cname_result *x = &rep->results[i];
		CHECK(x->n_findings > 0, "%s: at least one finding", x->name);
		CHECK((x->verdict == CNAME_V_OK) == (finding_of(x, F_CNAME_OK) != NULL),
		      "%s: CNAME_OK exactly when the verdict is ok", x->name);
	}
	cname_report_free(rep);
}

static void
test_edited_by_name_and_closure(void)
{
	/* --edited-ns as a host name, resolved first. */
	const struct spec specs[] = { { "_x1.cname-wrongzone.test.", VALUE, "cname-wrongzone.test" } };
	const char *edited[] = { "ns1.other-dns.test." };
	struct cname_report *rep = run(specs, 1, edited, 1);
	if (!rep)
		return;
	expect(rep, "_x1.cname-wrongzone.test.", CNAME_V_WRONG_ZONE, F_CNAME_WRONG_ZONE);
	const struct cname_result *r = result_for(rep, "_x1.cname-wrongzone.test.");
	CHECK(r && r->n_servers == 2 && !strcmp(r->servers[1].addr, "127.0.0.5") &&
	      !strcmp(r->servers[1].names, "ns1.other-dns.test."), "edited name resolved to 127.0.0.5");
	/* Fix closure: the rendered line, applied where the delegation points. */
	char *line = rendered_add_line(rep, r);
	CHECK(line != NULL, "wrong zone: a zone-file line to add");
	cname_report_free(rep);
	if (line) {
		char cmd[1024];
		snprintf(cmd, sizeof cmd, "\"$LAB_SH\" zone-add-line cname-wrongzone.test '%s' && \"$LAB_SH\" flush", line);
		sh(cmd);
		free(line);
		rep = run(specs, 1, edited, 1);
		expect(rep, "_x1.cname-wrongzone.test.", CNAME_V_OK, F_CNAME_OK);
		cname_report_free(rep);
	}

	/* Fix closure for the missing record, provider-independent zone line. */
	const struct spec miss[] = { { "_x1.cname-missing.test.", VALUE, "cname-missing.test" } };
	rep = run(miss, 1, NULL, 0);
	if (!rep)
		return;
	r = result_for(rep, "_x1.cname-missing.test.");
	line = rendered_add_line(rep, r);
	CHECK(line && strstr(line, "CNAME") && strstr(line, VALUE), "missing: rendered line [%s]", line ? line : "");
	cname_report_free(rep);
	if (line) {
		char cmd[1024];
		snprintf(cmd, sizeof cmd, "\"$LAB_SH\" zone-add-line cname-missing.test '%s' && \"$LAB_SH\" flush", line);
		sh(cmd);
		free(line);
		rep = run(miss, 1, NULL, 0);
		expect(rep, "_x1.cname-missing.test.", CNAME_V_OK, F_CNAME_OK);
		cname_report_free(rep);
	}
}

static void
test_negative_cache(void)
{
	const struct spec specs[] = { { "_x1.cname-negcache.test.", VALUE, "cname-negcache.test" } };
	struct cname_report *rep = run(specs, 1, NULL, 0);
	expect(rep, "_x1.cname-negcache.test.", CNAME_V_MISSING, F_CNAME_MISSING);
	cname_report_free(rep);
	/* Added behind the resolver's back: it still has the NXDOMAIN. */
	sh("\"$LAB_SH\" zone-set cname-negcache.test _x1 300 CNAME " VALUE);
	rep = run(specs, 1, NULL, 0);
	const struct finding *f = expect(rep, "_x1.cname-negcache.test.", CNAME_V_CACHED, F_CNAME_NEGATIVE_CACHED);
	const struct cname_result *r = result_for(rep, "_x1.cname-negcache.test.");
	CHECK(r && r->cache_ttl > 0 && r->cache_ttl <= 60, "negcache: seconds left from the SOA negative TTL (%lld)",
	      r ? (long long)r->cache_ttl : -1LL);
	CHECK(f && f->message && strstr(f->message, "more seconds"), "negcache: says how long");
	CHECK(f && f->n_records == 0, "negcache: nothing to change");
	cname_report_free(rep);
	sh("\"$LAB_SH\" flush");
	rep = run(specs, 1, NULL, 0);
	expect(rep, "_x1.cname-negcache.test.", CNAME_V_OK, F_CNAME_OK);
	cname_report_free(rep);
}

static void
cancel_from_event(void *ctx, const struct probe_event *ev)
{
	struct cname_check **chk = ctx;
	if (ev->done && *chk) {
		cname_check_cancel(*chk);
		*chk = NULL;
	}
}

static void
test_cancel_and_errors(void)
{
	const char *domain = "cname-wrong.test";
	struct cname_record_spec rs = { .name = "_x1.cname-wrong.test.", .value = VALUE, .domains = &domain, .n_domains = 1 };
	struct cname_check_opts o = { .records = &rs, .n_records = 1, .timeout_ms = 300, .tries = 1 };
	struct cname_report *rep = NULL;
	char err[256];

	/* Cancel right away: no callback, nothing leaks (ASan/valgrind). */
	struct cname_check *chk = cname_check_start(loop, resolver, &o, on_done, &rep, err, sizeof err);
	cname_check_cancel(chk);
	loop_run(loop);
	CHECK(rep == NULL, "cancelled at once: no report");

	/* Cancel from inside a progress callback, mid-walk. */
	struct cname_check *slot = NULL;
	o.on_event = cancel_from_event;
	o.event_ctx = &slot;
	slot = cname_check_start(loop, resolver, &o, on_done, &rep, err, sizeof err);
	loop_run(loop);
	CHECK(rep == NULL && slot == NULL, "cancelled from on_event: no report");
	o.on_event = NULL;

	/* Bad input is refused up front. */
	struct cname_record_spec bad = { .name = "_x1..bad", .value = VALUE };
	o.records = &bad;
	CHECK(cname_check_start(loop, resolver, &o, on_done, &rep, err, sizeof err) == NULL && *err,
	      "a bad name is refused: %s", err);
	bad.name = "_x1.cname-ok.test.";
	bad.value = "";
	CHECK(cname_check_start(loop, resolver, &o, on_done, &rep, err, sizeof err) == NULL, "an empty value is refused");
	o.records = &rs;
	const char *bad_ns[] = { "not a server!" };
	o.edited_ns = bad_ns;
	o.n_edited_ns = 1;
	CHECK(cname_check_start(loop, resolver, &o, on_done, &rep, err, sizeof err) == NULL, "a bad --edited-ns is refused");
	o.n_edited_ns = 0;
	o.n_records = 0;
	CHECK(cname_check_start(loop, resolver, &o, on_done, &rep, err, sizeof err) == NULL, "no records is refused");
	CHECK(!loop_busy(loop), "nothing left holding the loop");

	/* The resolver freed under a running check: a lookup failure, never OK. */
	struct dns_client_opts ro = { .servers = getenv("LAB_RESOLVER"), .recurse = true, .timeout_ms = 1000, .tries = 2 };
	struct dns_client *c = dns_client_new(loop, &ro, err, sizeof err);
	const char *d2 = "cname-ok.test";
	struct cname_record_spec ok = { .name = "_x1.cname-ok.test.", .value = VALUE, .domains = &d2, .n_domains = 1 };
	o.records = &ok;
	o.n_records = 1;
	rep = NULL;
	cname_check_start(loop, c, &o, on_done, &rep, err, sizeof err);
	dns_client_free(c);
	loop_run(loop);
	CHECK(rep && rep->results[0].verdict == CNAME_V_LOOKUP_FAILED,
	      "resolver freed mid-check: lookup-failed (%s)", rep ? cname_verdict_name(rep->results[0].verdict) : "no report");
	cname_report_free(rep);
}

int
main(void)
{
	test_helpers();
	const char *res = getenv("LAB_RESOLVER");
	if (!res || !getenv("LAB_SH")) {
		printf("test_cname_check: the lab tests need the lab (LAB_RESOLVER, LAB_SH); only the helpers ran\n");
		return test_summary("test_cname_check");
	}
	loop = loop_new();
	char err[256];
	/* Long enough for unbound's SERVFAIL on a dead server (about 2.2 s). */
	struct dns_client_opts ro = { .servers = res, .recurse = true, .timeout_ms = 3000, .tries = 2 };
	resolver = dns_client_new(loop, &ro, err, sizeof err);
	CHECK(resolver != NULL, "resolver client: %s", err);
	if (!resolver)
		return test_summary("test_cname_check");
	test_static_scenarios();
	test_negative_cache();
	test_edited_by_name_and_closure();
	test_cancel_and_errors();
	dns_client_free(resolver);
	loop_free(loop);
	return test_summary("test_cname_check");
}
