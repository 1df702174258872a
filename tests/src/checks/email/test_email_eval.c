/* Table tests of the email check's evaluation and fix plan (email_eval.c,
 * email_plan.c): the state the probes would fill is built by hand, then
 * judged; nothing is sent. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "checks/email/email_int.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "testutil.h"

static struct email_check *
new_check(void)
{
	struct email_check *chk = xcalloc(1, sizeof *chk);
	chk->resolver = xstrdup("test");
	chk->targets = xcalloc(4, sizeof *chk->targets);
	return chk;
}

/* A level with MX records "PREF EXCH", NULL-terminated. */
static size_t
level(struct email_check *chk, const char *name, enum lookup_state st, ...)
{
	chk->levels = xgrow(chk->levels, &chk->alloc_levels, chk->n_levels + 1, sizeof *chk->levels);
	struct level *lv = &chk->levels[chk->n_levels];
	memset(lv, 0, sizeof *lv);
	lv->name = xstrdup(name);
	lv->state = st;
	lv->ttl = 300;
	if (st == LK_NODATA || st == LK_NXDOMAIN)
		lv->zone = xstrdup(strchr(name, '.') + 1);
	if (st == LK_FAIL)
		lv->fail_text = xstrdup("SERVFAIL from test");
	va_list ap;
	va_start(ap, st);
	for (const char *mx; (mx = va_arg(ap, const char *));) {
		lv->mx = xrealloc(lv->mx, (lv->n_mx + 1) * sizeof *lv->mx);
		unsigned pref = (unsigned)atoi(mx);
		lv->mx[lv->n_mx++] = (struct mx_rec){ pref, xstrdup(strchr(mx, ' ') + 1) };
		char *line = str_fmt(300, "%s 300 IN MX %s", name, mx);
		strv_push(&lv->lines, &lv->n_lines, line);
		free(line);
	}
	va_end(ap);
	return chk->n_levels++;
}

/* A host with addresses, each probed with an outcome (-1: not probed). */
static void
host(struct email_check *chk, const char *name, enum lookup_state a, const char *addr, int outcome, int code)
{
	chk->hosts = xgrow(chk->hosts, &chk->alloc_hosts, chk->n_hosts + 1, sizeof *chk->hosts);
	struct host *h = &chk->hosts[chk->n_hosts];
	memset(h, 0, sizeof *h);
	h->name = xstrdup(name);
	h->a = a;
	h->aaaa = a == LK_DATA ? LK_NODATA : a;
	h->literal = !strcmp(name, "192.0.2.9.");
	if (addr) {
		strv_push(&h->addrs, &h->n_addrs, addr);
		if (outcome >= 0) {
			chk->probes = xrealloc(chk->probes, (chk->n_probes + 1) * sizeof *chk->probes);
			struct smtp_result *r = xcalloc(1, sizeof *r);
			r->outcome = (enum smtp_outcome)outcome;
			r->address = xstrdup(addr);
			r->banner_code = code;
			r->banner = code ? xstrdup("test banner") : NULL;
			r->error = code ? NULL : xstrdup("test failure");
			chk->probes[chk->n_probes++] = (struct addr_probe){ .host = chk->n_hosts, .addr = xstrdup(addr), .res = r };
		}
	}
	chk->n_hosts++;
}

static struct target *
target(struct email_check *chk, const char *domain, const char *name, size_t l0, int l1)
{
	struct target *t = &chk->targets[chk->n_targets++];
	memset(t, 0, sizeof *t);
	t->domain = xstrdup(domain);
	strv_push(&t->names, &t->n_names, name);
	t->climb = xcalloc(2, sizeof *t->climb);
	t->climb[t->n_climb++] = l0;
	if (l1 >= 0)
		t->climb[t->n_climb++] = (size_t)l1;
	t->regdom = -1;
	t->zone_ns = -1;
	return t;
}

static int
regdom(struct email_check *chk, const char *name, const char *status, const char *reg_ns, const char *dns_ns)
{
	chk->regs = xrealloc(chk->regs, (chk->n_regs + 1) * sizeof *chk->regs);
	struct regdom *rg = &chk->regs[chk->n_regs];
	memset(rg, 0, sizeof *rg);
	rg->name = xstrdup(name);
	rg->rdap_done = true;
	rg->have = true;
	rg->server = xstrdup("https://rdap.example/");
	rg->rd.registrar = xstrdup("Example Registrar");
	strv_push(&rg->rd.status, &rg->rd.n_status, status);
	strv_push(&rg->rd.nameservers, &rg->rd.n_nameservers, reg_ns);
	strv_push(&rg->ns, &rg->n_ns, dns_ns);
	return (int)chk->n_regs++;
}

/* The report's codes of target 0 as "CODE/sev CODE/sev", sorted as given. */
static char *
codes(const struct email_target *t)
{
	struct strbuf sb;
	sb_init(&sb);
	for (size_t i = 0; i < t->n_findings; i++)
		sb_addf(&sb, "%s%s/%s", i ? " " : "", finding_code_name(t->findings[i].code),
			severity_name(t->findings[i].severity));
	return sb_steal(&sb);
}

static const struct finding *
find(const struct email_target *t, enum finding_code c)
{
	for (size_t i = 0; i < t->n_findings; i++)
		if (t->findings[i].code == c)
			return &t->findings[i];
	return NULL;
}

static bool
evidence_has(const struct finding *f, const char *s)
{
	for (size_t i = 0; f && i < f->n_evidence; i++)
		if (strstr(f->evidence[i], s))
			return true;
	return false;
}

/* Judge, check the codes and verdict, hand the report over. */
static struct email_report *
judge(struct email_check *chk, const char *want_codes, enum email_verdict want, const char *what)
{
	struct email_report *rep = email_report_build(chk);
	char *got = codes(&rep->targets[0]);
	CHECK_STR(got, want_codes, "%s: codes", what);
	CHECK(rep->targets[0].verdict == want, "%s: verdict %s", what, email_verdict_name(rep->targets[0].verdict));
	free(got);
	return rep;
}

static void
done(struct email_check *chk, struct email_report *rep)
{
	email_report_free(rep);
	email_check_free(chk);
}

static void
test_healthy(void)
{
	struct email_check *chk = new_check();
	size_t l = level(chk, "d.test.", LK_DATA, "10 mx.d.test.", NULL);
	host(chk, "mx.d.test.", LK_DATA, "192.0.2.1", SMTP_GREETED, 220);
	target(chk, "d.test.", "d.test.", l, -1);
	struct email_report *rep = judge(chk, "EMAIL_ADDRESSES/info EMAIL_PREFER_DNS_VALIDATION/info",
					 EMAIL_V_DELIVERABLE, "healthy");
	const struct email_target *t = &rep->targets[0];
	CHECK(t->n_addresses == 5, "five addresses");
	CHECK_STR(t->addresses[4], "webmaster@d.test", "addresses on the domain");
	CHECK(t->n_smtp == 1 && !strcmp(t->smtp[0].outcome, "greeted"), "the probe shown");
	CHECK(strstr(t->smtp[0].detail, "accepts connections (banner 220 test banner)") != NULL, "detail: %s", t->smtp[0].detail);
	CHECK(evidence_has(find(t, F_EMAIL_PREFER_DNS_VALIDATION), "aws acm resend-validation-email"), "resend offered");
	CHECK(rep->n_plans == 0, "nothing to change");
	done(chk, rep);
}

static void
test_no_mx(void)
{
	struct email_check *chk = new_check();
	size_t l0 = level(chk, "a.d.test.", LK_NODATA, NULL);
	size_t l1 = level(chk, "d.test.", LK_NODATA, NULL);
	target(chk, "a.d.test.", "a.d.test.", l0, (int)l1);
	struct email_report *rep = judge(chk, "EMAIL_NO_MX/error EMAIL_PREFER_DNS_VALIDATION/warning EMAIL_ADDRESSES/info",
					 EMAIL_V_UNDELIVERABLE, "no MX");
	const struct finding *f = find(&rep->targets[0], F_EMAIL_NO_MX);
	CHECK(f && strstr(f->message, "NO_AVAILABLE_CONTACTS"), "names the failure");
	CHECK(evidence_has(f, "; d.test. MX: NOERROR, no MX records (NODATA)"), "the climb shown");
	CHECK(!evidence_has(find(&rep->targets[0], F_EMAIL_PREFER_DNS_VALIDATION), "resend"), "no resend when mail cannot arrive");
	done(chk, rep);

	chk = new_check();
	l0 = level(chk, "gone.test.", LK_NXDOMAIN, NULL);
	target(chk, "gone.test.", "gone.test.", l0, -1);
	rep = judge(chk, "EMAIL_NO_MX/error EMAIL_PREFER_DNS_VALIDATION/warning EMAIL_ADDRESSES/info",
		    EMAIL_V_UNDELIVERABLE, "NXDOMAIN");
	CHECK(strstr(find(&rep->targets[0], F_EMAIL_NO_MX)->message, "does not exist") != NULL, "NXDOMAIN said");
	done(chk, rep);
}

static void
test_null_mx_and_failure(void)
{
	struct email_check *chk = new_check();
	size_t l = level(chk, "n.test.", LK_DATA, "0 .", NULL);
	target(chk, "n.test.", "n.test.", l, -1);
	struct email_report *rep = judge(chk, "EMAIL_NULL_MX/error EMAIL_PREFER_DNS_VALIDATION/warning EMAIL_ADDRESSES/info",
					 EMAIL_V_UNDELIVERABLE, "null MX");
	CHECK(strstr(find(&rep->targets[0], F_EMAIL_NULL_MX)->message, "RFC 7505") != NULL, "RFC named");
	done(chk, rep);

	chk = new_check();
	l = level(chk, "f.test.", LK_FAIL, NULL);
	target(chk, "f.test.", "f.test.", l, -1);
	rep = judge(chk, "EMAIL_MX_LOOKUP_FAILED/error EMAIL_PREFER_DNS_VALIDATION/warning EMAIL_ADDRESSES/info",
		    EMAIL_V_LOOKUP_FAILED, "lookup failed");
	CHECK(strstr(find(&rep->targets[0], F_EMAIL_MX_LOOKUP_FAILED)->message, "SERVFAIL from test") != NULL, "why");
	done(chk, rep);
}

static void
test_parent(void)
{
	struct email_check *chk = new_check();
	size_t l0 = level(chk, "sub.p.test.", LK_NODATA, NULL);
	size_t l1 = level(chk, "p.test.", LK_DATA, "10 mx.p.test.", "20 mx2.p.test.", NULL);
	host(chk, "mx.p.test.", LK_DATA, "192.0.2.1", SMTP_GREETED, 220);
	host(chk, "mx2.p.test.", LK_DATA, "192.0.2.2", SMTP_REFUSED, 0);
	struct target *t = target(chk, "sub.p.test.", "www.sub.p.test.", l0, (int)l1);
	strv_push(&t->zone_ns_names, &t->n_zone_ns, "ns-1.awsdns-12.org");
	struct email_report *rep = judge(chk, "EMAIL_MX_AT_PARENT/error EMAIL_PREFER_DNS_VALIDATION/warning EMAIL_ADDRESSES/info",
					 EMAIL_V_UNDELIVERABLE, "MX at parent");
	const struct finding *f = find(&rep->targets[0], F_EMAIL_MX_AT_PARENT);
	CHECK(f && strstr(f->message, "ValidationDomain p.test"), "ValidationDomain suggested");
	CHECK(evidence_has(f, "ValidationDomain='p.test'"), "the request command");
	CHECK(f->n_records == 2 && f->plan == 0, "two MX records to add, plan 0");
	CHECK_STR(f->records[1].data, "20 mx2.p.test.", "the parent's records copied");
	CHECK(rep->n_plans == 1, "one plan");
	CHECK_STR(rep->plans[0].plan.zone, "p.test.", "the zone of the validation domain");
	CHECK_STR(rep->plans[0].owner, "sub.p.test.", "records at the validation domain");
	CHECK_STR(rep->targets[0].mx_at, "p.test.", "the MX found at");
	done(chk, rep);
}

static void
test_hosts(void)
{
	/* Every host unresolvable; a literal among them. */
	struct email_check *chk = new_check();
	size_t l = level(chk, "x.test.", LK_DATA, "10 gone.x.test.", "20 192.0.2.9.", NULL);
	host(chk, "gone.x.test.", LK_NXDOMAIN, NULL, -1, 0);
	host(chk, "192.0.2.9.", LK_PENDING, NULL, -1, 0);
	target(chk, "x.test.", "x.test.", l, -1);
	struct email_report *rep = judge(chk, "EMAIL_MX_UNRESOLVABLE/error EMAIL_MX_UNRESOLVABLE/error EMAIL_PREFER_DNS_VALIDATION/warning EMAIL_ADDRESSES/info",
					 EMAIL_V_UNDELIVERABLE, "unresolvable");
	CHECK(strstr(rep->targets[0].findings[1].message, "IP address written as a name") ||
	      strstr(rep->targets[0].findings[0].message, "IP address written as a name"), "literal said");
	done(chk, rep);

	/* One host takes mail: the others are warnings. */
	chk = new_check();
	l = level(chk, "m.test.", LK_DATA, "10 a.m.test.", "20 b.m.test.", NULL);
	host(chk, "a.m.test.", LK_DATA, "192.0.2.1", SMTP_REFUSED, 0);
	host(chk, "b.m.test.", LK_DATA, "192.0.2.2", SMTP_GREETED, 220);
	target(chk, "m.test.", "m.test.", l, -1);
	rep = judge(chk, "EMAIL_MX_UNREACHABLE/warning EMAIL_ADDRESSES/info EMAIL_PREFER_DNS_VALIDATION/info",
		    EMAIL_V_DELIVERABLE, "mixed");
	done(chk, rep);

	/* Only refusals: an error. Only connect timeouts: unconfirmed. */
	chk = new_check();
	l = level(chk, "r.test.", LK_DATA, "10 mx.r.test.", NULL);
	host(chk, "mx.r.test.", LK_DATA, "192.0.2.1", SMTP_REJECTED, 554);
	target(chk, "r.test.", "r.test.", l, -1);
	rep = judge(chk, "EMAIL_MX_UNREACHABLE/error EMAIL_PREFER_DNS_VALIDATION/warning EMAIL_ADDRESSES/info",
		    EMAIL_V_UNDELIVERABLE, "554");
	CHECK(evidence_has(find(&rep->targets[0], F_EMAIL_MX_UNREACHABLE), "answers with error 554"), "the code shown");
	done(chk, rep);

	chk = new_check();
	l = level(chk, "t.test.", LK_DATA, "10 mx.t.test.", NULL);
	host(chk, "mx.t.test.", LK_DATA, "192.0.2.1", SMTP_CONNECT_TIMEOUT, 0);
	target(chk, "t.test.", "t.test.", l, -1);
	rep = judge(chk, "EMAIL_MX_UNREACHABLE/warning EMAIL_PREFER_DNS_VALIDATION/warning EMAIL_ADDRESSES/info",
		    EMAIL_V_UNCONFIRMED, "port 25 blocked here");
	CHECK(strstr(find(&rep->targets[0], F_EMAIL_MX_UNREACHABLE)->message, "block outbound port 25") != NULL,
	      "port 25 said plainly");
	done(chk, rep);

	/* An alias: a note, not a block. */
	chk = new_check();
	l = level(chk, "c.test.", LK_DATA, "10 mail.c.test.", NULL);
	host(chk, "mail.c.test.", LK_DATA, "192.0.2.1", SMTP_GREETED, 220);
	chk->hosts[0].alias = xstrdup("mx.other.test.");
	target(chk, "c.test.", "c.test.", l, -1);
	rep = judge(chk, "EMAIL_MX_ALIAS/warning EMAIL_ADDRESSES/info EMAIL_PREFER_DNS_VALIDATION/info",
		    EMAIL_V_DELIVERABLE, "alias");
	CHECK_STR(rep->targets[0].mx[0].state, "alias", "state alias");
	done(chk, rep);
}

static void
test_registration(void)
{
	struct email_check *chk = new_check();
	size_t l = level(chk, "h.test.", LK_NXDOMAIN, NULL);
	struct target *t = target(chk, "h.test.", "h.test.", l, -1);
	t->regdom = regdom(chk, "h.test.", "server hold", "ns1.x.test", "ns1.x.test");
	struct email_report *rep = judge(chk, "EMAIL_DOMAIN_ON_HOLD/error EMAIL_PREFER_DNS_VALIDATION/warning EMAIL_ADDRESSES/info EMAIL_REGISTRATION/info",
					 EMAIL_V_UNDELIVERABLE, "server hold");
	CHECK(evidence_has(find(&rep->targets[0], F_EMAIL_DOMAIN_ON_HOLD), "MX: NXDOMAIN"), "the hold explains NXDOMAIN");
	CHECK(rep->targets[0].reg.on_hold, "on hold");
	done(chk, rep);

	chk = new_check();
	l = level(chk, "n.test.", LK_DATA, "10 mx.n.test.", NULL);
	host(chk, "mx.n.test.", LK_DATA, "192.0.2.1", SMTP_GREETED, 220);
	t = target(chk, "n.test.", "n.test.", l, -1);
	t->regdom = regdom(chk, "n.test.", "active", "NS-1.AWSDNS-12.ORG", "ns1.lab-dns.test");
	rep = judge(chk, "EMAIL_REGISTRY_NS_MISMATCH/warning EMAIL_ADDRESSES/info EMAIL_PREFER_DNS_VALIDATION/info EMAIL_REGISTRATION/info",
		    EMAIL_V_DELIVERABLE, "NS mismatch");
	CHECK(strstr(find(&rep->targets[0], F_EMAIL_REGISTRY_NS_MISMATCH)->message, "Amazon Route 53") != NULL,
	      "the registry's provider named");
	done(chk, rep);

	chk = new_check();
	l = level(chk, "s.test.", LK_DATA, "10 mx.s.test.", NULL);
	host(chk, "mx.s.test.", LK_DATA, "192.0.2.1", SMTP_GREETED, 220);
	t = target(chk, "s.test.", "s.test.", l, -1);
	t->regdom = regdom(chk, "s.test.", "active", "NS1.LAB-DNS.TEST", "ns1.lab-dns.test");
	rep = judge(chk, "EMAIL_ADDRESSES/info EMAIL_PREFER_DNS_VALIDATION/info EMAIL_REGISTRATION/info",
		    EMAIL_V_DELIVERABLE, "same NS, other case");
	done(chk, rep);
}

static void
test_cert_emails(void)
{
	struct email_check *chk = new_check();
	size_t l = level(chk, "e.test.", LK_DATA, "10 mx.e.test.", NULL);
	host(chk, "mx.e.test.", LK_DATA, "192.0.2.1", SMTP_GREETED, 220);
	struct target *t = target(chk, "e.test.", "e.test.", l, -1);
	const char *five[] = { "admin@e.test", "administrator@e.test", "hostmaster@e.test", "postmaster@e.test", "WEBMASTER@e.test" };
	for (size_t i = 0; i < 5; i++)
		strv_push(&t->cert_emails, &t->n_cert_emails, five[i]);
	struct email_report *rep = email_report_build(chk);
	CHECK(evidence_has(find(&rep->targets[0], F_EMAIL_ADDRESSES), "same five addresses"), "same five");
	done(chk, rep);

	chk = new_check();
	l = level(chk, "e.test.", LK_DATA, "10 mx.e.test.", NULL);
	host(chk, "mx.e.test.", LK_DATA, "192.0.2.1", SMTP_GREETED, 220);
	t = target(chk, "e.test.", "e.test.", l, -1);
	strv_push(&t->cert_emails, &t->n_cert_emails, "owner@whois.test");
	rep = email_report_build(chk);
	CHECK(evidence_has(find(&rep->targets[0], F_EMAIL_ADDRESSES), "ValidationEmails differ"), "differ");
	CHECK(evidence_has(find(&rep->targets[0], F_EMAIL_ADDRESSES), "owner@whois.test"), "theirs listed");
	done(chk, rep);
}

/* Typed without the method ("Diagnose a domain"): nothing blocks, the
 * findings say "if". */
static void
test_method_unknown(void)
{
	struct email_check *chk = new_check();
	size_t l = level(chk, "u.test.", LK_NODATA, NULL);
	struct target *t = target(chk, "u.test.", "u.test.", l, -1);
	t->method_unknown = true;
	struct email_report *rep = judge(chk, "EMAIL_NO_MX/warning EMAIL_ADDRESSES/info EMAIL_PREFER_DNS_VALIDATION/info",
					 EMAIL_V_UNDELIVERABLE, "method unknown");
	const struct finding *f = find(&rep->targets[0], F_EMAIL_NO_MX);
	CHECK(f && !strncmp(f->message, "If u.test is validated by email: u.test has no MX record", 56), "conditional: %s",
	      f ? f->message : "-");
	CHECK(!findings_block(rep->targets[0].findings, rep->targets[0].n_findings), "does not block");
	done(chk, rep);
}

static void
test_validation_domain(void)
{
	static const struct { const char *name, *vd, *want; } rows[] = {
		{ "*.shop.example.com.", NULL, "shop.example.com." },
		{ "www.example.com.", NULL, "example.com." },
		{ "www.com.", NULL, "www.com." },
		{ "a.example.com.", "example.com.", "example.com." },
		{ "www.example.com.", "www.example.com.", "example.com." },
		{ "*.example.com.", "*.example.com.", "example.com." },
		{ "api.example.com.", NULL, "api.example.com." },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *got = email_validation_domain(rows[i].name, rows[i].vd);
		CHECK_STR(got, rows[i].want, "validation domain of %s (%s)", rows[i].name, rows[i].vd ? rows[i].vd : "-");
		free(got);
	}
}

int
main(void)
{
	test_healthy();
	test_no_mx();
	test_null_mx_and_failure();
	test_parent();
	test_hosts();
	test_registration();
	test_cert_emails();
	test_method_unknown();
	test_validation_domain();
	return test_summary("test_email_eval");
}
