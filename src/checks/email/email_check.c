/* The email check's life cycle: start (validation domains, climbs and
 * registrable domains from the names, with libpsl), cancel, the report and
 * email_check_ops, the table every front end drives it through. The probes
 * are in email_probe.c and email_rdap.c, what they mean in email_eval.c,
 * the way out in email_plan.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpsl.h>

#include "checks/email/email_int.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "fix/provider.h"
#include "net/names.h"

char *
email_validation_domain(const char *name, const char *vd)
{
	if (vd && !strcmp(vd, name))
		vd = NULL;          /* ValidationDomain repeats the name: the rule applies */
	const char *d = vd ? vd : name;
	/* ACM drops a leading "*." or "www." of the requested name itself. */
	if (!strncmp(d, "*.", 2) || (!vd && !strncmp(d, "www.", 4) && dns_name_labels(d) > 2))
		d = strchr(d, '.') + 1;
	return xstrdup(d);
}

/* The registrable domain of name (canonical), by libpsl's rules, with
 * its trailing dot; NULL when name is a public suffix itself. */
static char *
registrable(const char *name)
{
	static const psl_ctx_t *psl;
	if (!psl)
		psl = psl_latest(NULL);
	if (!psl)
		psl = psl_builtin();
	size_t n = strlen(name);
	char *plain = xstrndup(name, n > 1 ? n - 1 : n);
	const char *r = psl ? psl_registrable_domain(psl, plain) : NULL;
	char *out = r ? str_fmt(300, "%s.", r) : NULL;
	free(plain);
	return out;
}

static size_t
level_for(struct email_check *chk, const char *name)
{
	for (size_t i = 0; i < chk->n_levels; i++)
		if (!strcmp(chk->levels[i].name, name))
			return i;
	chk->levels = xgrow(chk->levels, &chk->alloc_levels, chk->n_levels + 1, sizeof *chk->levels);
	struct level *lv = &chk->levels[chk->n_levels];
	memset(lv, 0, sizeof *lv);
	lv->name = xstrdup(name);
	lv->ttl = -1;
	return chk->n_levels++;
}

static int
regdom_for(struct email_check *chk, const char *name)
{
	for (size_t i = 0; i < chk->n_regs; i++)
		if (!strcmp(chk->regs[i].name, name))
			return (int)i;
	chk->regs = xrealloc(chk->regs, (chk->n_regs + 1) * sizeof *chk->regs);
	memset(&chk->regs[chk->n_regs], 0, sizeof *chk->regs);
	chk->regs[chk->n_regs].name = xstrdup(name);
	return (int)chk->n_regs++;
}

/* The climb: the validation domain and each parent down to the registrable
 * domain (never the public suffix above it). */
static void
plan_target(struct email_check *chk, struct target *t)
{
	char *reg = registrable(t->domain);
	t->regdom = reg ? regdom_for(chk, reg) : -1;
	size_t alloc = 0;
	const char *x = t->domain;
	for (;;) {
		t->climb = xgrow(t->climb, &alloc, t->n_climb + 1, sizeof *t->climb);
		t->climb[t->n_climb++] = level_for(chk, x);
		if (!reg || !strcmp(x, reg) || !dns_name_is_under(x, reg) || !strcmp(x, "."))
			break;
		x = dns_name_parent(x);
	}
	t->zone_ns = -1;
	free(reg);
}

static void
add_name(struct email_check *chk, const struct email_name_spec *sp)
{
	char *dom = email_validation_domain(sp->name, sp->validation_domain);
	struct target *t = NULL;
	for (size_t i = 0; i < chk->n_targets; i++)
		if (!strcmp(chk->targets[i].domain, dom))
			t = &chk->targets[i];
	if (!t) {
		t = &chk->targets[chk->n_targets++];
		memset(t, 0, sizeof *t);
		t->domain = xstrdup(dom);
		t->method_unknown = true;
	}
	t->method_unknown &= sp->method_unknown;
	strv_push(&t->names, &t->n_names, sp->name);
	for (size_t i = 0; i < sp->n_emails && t->n_cert_emails < 32; i++) {
		bool seen = false;
		for (size_t k = 0; k < t->n_cert_emails; k++)
			seen |= !strcasecmp(t->cert_emails[k], sp->emails[i]);
		if (!seen)
			strv_push(&t->cert_emails, &t->n_cert_emails, sp->emails[i]);
	}
	free(dom);
}

void
email_check_free(struct email_check *chk)
{
	for (size_t i = 0; i < chk->n_probes; i++) {
		smtp_probe_cancel(chk->probes[i].p);
		smtp_result_free(chk->probes[i].res);
		free(chk->probes[i].addr);
	}
	free(chk->probes);
	for (size_t i = 0; i < chk->n_regs; i++) {
		struct regdom *rg = &chk->regs[i];
		http_cancel(rg->req);
		free(rg->name);
		strv_free(rg->ns, rg->n_ns);
		free(rg->server);
		free(rg->why_none);
		free(rg->url);
		rdap_domain_free(&rg->rd);
	}
	free(chk->regs);
	http_client_free(chk->http);
	for (size_t i = 0; i < chk->n_levels; i++) {
		struct level *lv = &chk->levels[i];
		free(lv->name);
		free(lv->fail_text);
		for (size_t k = 0; k < lv->n_mx; k++)
			free(lv->mx[k].exchange);
		free(lv->mx);
		free(lv->zone);
		strv_free(lv->lines, lv->n_lines);
	}
	free(chk->levels);
	for (size_t i = 0; i < chk->n_hosts; i++) {
		struct host *h = &chk->hosts[i];
		free(h->name);
		free(h->alias);
		free(h->fail_text);
		strv_free(h->addrs, h->n_addrs);
		strv_free(h->lines, h->n_lines);
	}
	free(chk->hosts);
	for (size_t i = 0; i < chk->n_targets; i++) {
		struct target *t = &chk->targets[i];
		free(t->domain);
		strv_free(t->names, t->n_names);
		strv_free(t->cert_emails, t->n_cert_emails);
		free(t->climb);
		strv_free(t->zone_ns_names, t->n_zone_ns);
	}
	free(chk->targets);
	if (chk->finish_timer)
		loop_timer_cancel(chk->loop, chk->finish_timer);
	free(chk->arn);
	free(chk->bootstrap_file);
	free(chk->ca_file);
	free(chk->bootstrap_date);
	free(chk->resolver);
	free(chk);
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void *
email_check_start(struct loop *loop, struct dns_client *dns, const struct check_input *in,
		  probe_event_cb on_event, void *event_ctx, check_done_cb done, void *ctx,
		  char *err, size_t errlen)
{
	if (in->provider && !provider_get(in->provider)) {
		snprintf(err, errlen, _("unknown provider \"%s\""), in->provider);
		return NULL;
	}
	size_t blen;
	char *boot = email_bootstrap_text(in->rdap_bootstrap, &blen, err, errlen);
	if (!boot)
		return NULL;
	free(boot);
	struct email_check *chk = xcalloc(1, sizeof *chk);
	chk->loop = loop;
	chk->dns = dns;
	chk->cb = done;
	chk->ctx = ctx;
	chk->forced_provider = in->provider;
	chk->arn = dup_or_null(in->cert_arn);
	chk->bootstrap_file = dup_or_null(in->rdap_bootstrap);
	chk->ca_file = dup_or_null(in->https_ca_file);
	chk->smtp_timeout_ms = in->smtp_timeout_ms;
	chk->resolver = xstrdup(dns_client_servers(dns));
	char why[200] = "";
	chk->http = http_client_new(loop, why, sizeof why);
	probe_log_init(&chk->log, on_event, event_ctx);
	chk->targets = xcalloc(in->n_email_names ? in->n_email_names : 1, sizeof *chk->targets);
	for (size_t i = 0; i < in->n_email_names; i++)
		add_name(chk, &in->email_names[i]);
	for (size_t i = 0; i < chk->n_targets; i++)
		plan_target(chk, &chk->targets[i]);
	email_probe_start(chk);
	return chk;
}

static void
ops_cancel(void *running)
{
	struct email_check *chk = running;
	if (!chk)
		return;
	chk->cancelled = true;
	loop_release(chk->loop);
	/* SMTP and HTTP stop at once; DNS queries in flight still point at
	 * chk, which goes when the last of them is back. */
	for (size_t i = 0; i < chk->n_probes; i++)
		if (chk->probes[i].p) {
			smtp_probe_cancel(chk->probes[i].p);
			chk->probes[i].p = NULL;
			chk->outstanding--;
		}
	for (size_t i = 0; i < chk->n_regs; i++) {
		http_cancel(chk->regs[i].req);
		chk->regs[i].req = NULL;
		chk->regs[i].rdap_done = true;
	}
	if (chk->outstanding <= 0)
		email_check_free(chk);
}

/* ---- the report ---- */

struct email_report *
email_report_build(struct email_check *chk)
{
	struct email_report *rep = xcalloc(1, sizeof *rep);
	rep->targets = xcalloc(chk->n_targets ? chk->n_targets : 1, sizeof *rep->targets);
	rep->n_targets = chk->n_targets;
	rep->resolver = xstrdup(chk->resolver);
	rep->bootstrap_date = dup_or_null(chk->bootstrap_date);
	for (size_t i = 0; i < chk->n_targets; i++) {
		email_evaluate(chk, i, &rep->targets[i]);
		email_plan_target(chk, i, rep, &rep->targets[i]);
		findings_sort(rep->targets[i].findings, rep->targets[i].n_findings);
	}
	rep->queries = chk->log.queries;
	rep->answered = chk->log.answered;
	rep->max_in_flight = chk->log.max_in_flight;
	rep->smtp_probes = chk->smtp_count;
	rep->rdap_requests = chk->rdap_count;
	rep->elapsed_ms = loop_now_ms() - chk->log.started_ms;
	return rep;
}

static void
target_free(struct email_target *t)
{
	free(t->domain);
	strv_free(t->names, t->n_names);
	strv_free(t->addresses, t->n_addresses);
	free(t->mx_at);
	for (size_t i = 0; i < t->n_mx; i++) {
		free(t->mx[i].exchange);
		free(t->mx[i].state);
		strv_free(t->mx[i].addresses, t->mx[i].n_addresses);
	}
	free(t->mx);
	for (size_t i = 0; i < t->n_smtp; i++) {
		struct email_smtp_view *s = &t->smtp[i];
		free(s->host);
		free(s->address);
		free(s->outcome);
		free(s->banner);
		free(s->detail);
	}
	free(t->smtp);
	struct email_registration *r = &t->reg;
	free(r->domain);
	free(r->server);
	free(r->status_text);
	free(r->registrar);
	strv_free(r->status, r->n_status);
	strv_free(r->registry_ns, r->n_registry_ns);
	strv_free(r->dns_ns, r->n_dns_ns);
	for (size_t i = 0; i < t->n_findings; i++)
		finding_clear(&t->findings[i]);
	free(t->findings);
}

void
email_report_free(struct email_report *rep)
{
	if (!rep)
		return;
	for (size_t i = 0; i < rep->n_targets; i++)
		target_free(&rep->targets[i]);
	free(rep->targets);
	for (size_t i = 0; i < rep->n_plans; i++) {
		plan_clear(&rep->plans[i].plan);
		free(rep->plans[i].owner);
		strv_free(rep->plans[i].ns, rep->plans[i].n_ns);
	}
	free(rep->plans);
	free(rep->resolver);
	free(rep->bootstrap_date);
	free(rep);
}

const char *
email_verdict_name(enum email_verdict v)
{
	switch (v) {
	case EMAIL_V_DELIVERABLE: return "deliverable";
	case EMAIL_V_UNCONFIRMED: return "unconfirmed";
	case EMAIL_V_UNDELIVERABLE: return "undeliverable";
	default: return "lookup-failed";
	}
}

const char *
email_verdict_label(enum email_verdict v)
{
	/* TRANSLATORS: verdict column, keep within 13 characters */
	switch (v) {
	case EMAIL_V_DELIVERABLE: return _("MAIL OK");
	case EMAIL_V_UNCONFIRMED: return _("UNCONFIRMED");
	case EMAIL_V_UNDELIVERABLE: return _("NO MAIL");
	default: return _("LOOKUP FAILED");
	}
}

struct plan_view
email_plan_view(const struct email_plan_info *pi)
{
	return (struct plan_view){ .plan = &pi->plan, .ns = pi->ns, .n_ns = pi->n_ns,
				   .provider = pi->provider, .detected = pi->detected,
				   .ns_mixed = pi->ns_mixed, .owner = pi->owner, .type = "MX" };
}

/* ---- the table ---- */

static bool
ops_applies(const struct check_input *in)
{
	return in->n_email_names > 0;
}

static void
ops_report_free(void *report)
{
	email_report_free(report);
}

static void
ops_stats(const void *report, struct check_stats *out)
{
	const struct email_report *rep = report;
	*out = (struct check_stats){ .resolver = rep->resolver, .queries = rep->queries,
				     .answered = rep->answered, .max_in_flight = rep->max_in_flight,
				     .elapsed_ms = rep->elapsed_ms };
}

static size_t
ops_n_subjects(const void *report)
{
	return ((const struct email_report *)report)->n_targets;
}

static void
ops_subject(const void *report, size_t i, struct check_subject *out)
{
	const struct email_target *t = &((const struct email_report *)report)->targets[i];
	/* Of names whose method is unknown, nothing is a verdict on them. */
	enum severity tone = t->verdict == EMAIL_V_DELIVERABLE || t->conditional ? SEV_INFO :
			     t->verdict == EMAIL_V_UNCONFIRMED ? SEV_WARNING : SEV_ERROR;
	*out = (struct check_subject){
		.name = t->domain, .verdict = email_verdict_name(t->verdict),
		.label = email_verdict_label(t->verdict), .tone = tone,
		.blocks = findings_block(t->findings, t->n_findings),
		.cache_ttl = t->cache_ttl, .findings = t->findings, .n_findings = t->n_findings,
		.domains = t->names, .n_domains = t->n_names,
	};
}

static size_t
ops_n_plans(const void *report)
{
	return ((const struct email_report *)report)->n_plans;
}

static bool
ops_plan(const void *report, size_t i, struct plan_view *out)
{
	const struct email_report *rep = report;
	if (i >= rep->n_plans)
		return false;
	*out = email_plan_view(&rep->plans[i]);
	return true;
}

const struct check_ops email_check_ops = {
	.id = CHECK_email, .name = "email",
	.applies = ops_applies, .start = email_check_start, .cancel = ops_cancel,
	.report_free = ops_report_free, .stats = ops_stats,
	.n_subjects = ops_n_subjects, .subject = ops_subject,
	.n_plans = ops_n_plans, .plan = ops_plan,
};
