/* The API Gateway check's life cycle: start (the input checked before any
 * probe), cancel, the report and its free, and apigw_check_ops, the table
 * every front end drives it through. apigw_int.h says where the rest is. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/apigw/apigw_int.h"
#include "core/i18n.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "fix/provider.h"
#include "net/http_probe.h"
#include "net/iprange.h"
#include "net/tls_probe.h"

/* ---- freeing ---- */

void
apigw_facts_clear(struct apigw_facts *f)
{
	free(f->name);
	free(f->path);
	if (f->domain) {
		apigw_domain_free(f->domain);
		free(f->domain);
	}
	free(f->dns_error);
	for (size_t i = 0; i < f->n_chain; i++) {
		free(f->chain[i].name);
		free(f->chain[i].target);
	}
	free(f->chain);
	strv_free(f->addrs, f->n_addrs);
	free(f->expected);
	strv_free(f->expected_addrs, f->n_expected_addrs);
	free(f->zone);
	strv_free(f->ns, f->n_ns);
	for (size_t i = 0; i < f->n_tls; i++) {
		free(f->tls[i].address);
		free(f->tls[i].sni);
		tls_result_free(f->tls[i].res);
	}
	free(f->tls);
	free(f->http.url);
	free(f->http.address);
	http_response_free(f->http.res);
	free(f->http.retry_url);
	http_response_free(f->http.retry);
	memset(f, 0, sizeof *f);
}

static void
free_directs(struct apigw_check *chk)
{
	/* Giving a client back runs the callbacks of its queries now. */
	chk->finishing = true;
	for (size_t i = 0; i < chk->n_items; i++) {
		dns_client_put(chk->dns, chk->items[i].direct);
		chk->items[i].direct = NULL;
	}
	chk->finishing = false;
}

static void
item_clear(struct apigw_item *it)
{
	struct apigw_q *qs[] = { &it->a, &it->aaaa, &it->soa, &it->soa_up, &it->ns, &it->exp_a,
				 &it->exp_aaaa, &it->ns_addr, &it->auth };
	for (size_t i = 0; i < sizeof qs / sizeof *qs; i++)
		apigw_q_clear(qs[i]);
	apigw_facts_clear(&it->f);
	free(it->tls_run);
	free(it->auth_server);
}

void
apigw_check_free(struct apigw_check *chk)
{
	for (size_t i = 0; i < chk->n_items; i++)
		item_clear(&chk->items[i]);
	free(chk->items);
	http_client_free(chk->http);
	free(chk->resolver);
	free(chk);
}

/* ---- the report ---- */

static void
build_result(struct apigw_check *chk, struct apigw_report *rep, struct apigw_item *it,
	     struct apigw_result *res)
{
	res->facts = it->f;
	memset(&it->f, 0, sizeof it->f);
	const struct apigw_facts *f = &res->facts;
	res->target = f->n_chain ? xstrdup(f->chain[f->n_chain - 1].target) : NULL;
	res->target_class = apigw_classify(res->target);
	for (size_t i = 0; i < f->n_addrs; i++)
		res->proxied |= iprange_cloudflare(f->addrs[i]);
	res->domains[0] = f->name;
	res->plan = -1;
	struct apigw_fix fix;
	apigw_evaluate(f, &res->findings, &res->n_findings, &res->verdict, &fix);
	if (fix.wanted)
		res->plan = apigw_build_plan(chk, rep, f, &fix, res->proxied);
	for (size_t i = 0; i < res->n_findings; i++)
		if (res->findings[i].plan == 0)
			res->findings[i].plan = res->plan;
	apigw_fix_clear(&fix);
}

static struct apigw_report *
build_report(struct apigw_check *chk)
{
	struct apigw_report *rep = xcalloc(1, sizeof *rep);
	rep->results = xcalloc(chk->n_items ? chk->n_items : 1, sizeof *rep->results);
	rep->n_results = chk->n_items;
	rep->resolver = xstrdup(chk->resolver);
	for (size_t i = 0; i < chk->n_items; i++)
		build_result(chk, rep, &chk->items[i], &rep->results[i]);
	rep->queries = chk->log.queries;
	rep->answered = chk->log.answered;
	rep->max_in_flight = chk->log.max_in_flight;
	rep->elapsed_ms = loop_now_ms() - chk->log.started_ms;
	return rep;
}

void
apigw_report_free(struct apigw_report *rep)
{
	if (!rep)
		return;
	for (size_t i = 0; i < rep->n_results; i++) {
		struct apigw_result *r = &rep->results[i];
		apigw_facts_clear(&r->facts);
		free(r->target);
		for (size_t k = 0; k < r->n_findings; k++)
			finding_clear(&r->findings[k]);
		free(r->findings);
	}
	free(rep->results);
	for (size_t i = 0; i < rep->n_plans; i++) {
		plan_clear(&rep->plans[i].plan);
		strv_free(rep->plans[i].ns, rep->plans[i].n_ns);
	}
	free(rep->plans);
	free(rep->resolver);
	free(rep);
}

/* ---- life cycle ---- */

static void
finish(void *arg)
{
	struct apigw_check *chk = arg;
	chk->timer = 0;
	free_directs(chk);
	struct apigw_report *rep = build_report(chk);
	check_done_cb cb = chk->cb;
	void *ctx = chk->ctx;
	loop_release(chk->loop);
	apigw_check_free(chk);
	cb(ctx, rep);
}

void
apigw_maybe_finish(struct apigw_check *chk)
{
	if (chk->cancelled || chk->timer)
		return;
	for (size_t i = 0; i < chk->n_items; i++)
		if (!chk->items[i].done)
			return;
	/* From a fresh loop turn: never inside a callback of a probe. */
	chk->timer = loop_timer_add(chk->loop, 0, finish, chk);
}

/* Cancel: what can be stopped stops now (TLS, HTTP, the queries of our
 * own direct clients, whose callbacks run inside dns_client_put); the
 * resolver's queries cannot be, so the check is freed when the last of
 * them comes back, or now when none is out. Never from inside one of the
 * check's own callbacks (the diagnosis cancels from outside them). */
static void
apigw_check_cancel(struct apigw_check *chk)
{
	if (!chk || chk->cancelled)
		return;
	chk->cancelled = true;
	if (chk->timer)
		loop_timer_cancel(chk->loop, chk->timer);
	chk->timer = 0;
	for (size_t i = 0; i < chk->n_items; i++)
		apigw_item_stop(&chk->items[i]);
	free_directs(chk);
	loop_release(chk->loop);
	if (chk->outstanding == 0)
		apigw_check_free(chk);
}

static bool
init_item(struct apigw_item *it, const struct apigw_target *t, char *err, size_t errlen)
{
	char canon[DNS_NAME_TEXT_MAX];
	if (!t->name || !dns_name_canon(t->name, canon, sizeof canon) || dns_name_labels(canon) < 2 ||
	    strchr(canon, '*')) {
		snprintf(err, errlen, _("\"%.200s\" is not a host name"), t->name ? t->name : "");
		return false;
	}
	it->f.name = xstrdup(canon);
	it->f.path = xstrdup(t->path && t->path[0] == '/' ? t->path : "/");
	it->f.only_if_https = t->only_if_https;
	if (t->domain) {
		it->f.domain = xcalloc(1, sizeof *it->f.domain);
		apigw_domain_copy(it->f.domain, t->domain);
	}
	return true;
}

static struct apigw_check *
apigw_check_start(struct loop *loop, struct dns_client *dns, const struct check_input *in,
		  probe_event_cb on_event, void *event_ctx, check_done_cb done, void *ctx,
		  char *err, size_t errlen)
{
	if (in->provider && !provider_get(in->provider)) {
		snprintf(err, errlen, _("unknown provider \"%.100s\""), in->provider);
		return NULL;
	}
	struct apigw_check *chk = xcalloc(1, sizeof *chk);
	chk->loop = loop;
	chk->dns = dns;
	chk->resolver = xstrdup(dns_client_servers(dns));
	chk->ca_file = in->ca_file;
	chk->forced_provider = in->provider;
	chk->cb = done;
	chk->ctx = ctx;
	probe_log_init(&chk->log, on_event, event_ctx);
	chk->items = xcalloc(in->n_apigw ? in->n_apigw : 1, sizeof *chk->items);
	for (size_t i = 0; i < in->n_apigw; i++) {
		chk->items[i].chk = chk;
		chk->n_items = i + 1;
		if (!init_item(&chk->items[i], &in->apigw[i], err, errlen)) {
			apigw_check_free(chk);
			return NULL;
		}
	}
	chk->http = http_client_new(loop);
	loop_hold(loop);
	apigw_probe_start(chk);
	return chk;
}

/* ---- words ---- */

const char *
apigw_verdict_name(enum apigw_verdict v)
{
	static const char *const names[] = {
		"ok", "wrong-target", "bad-certificate", "proxied", "no-mapping", "stage-in-path",
		"not-api-gateway", "unreachable", "lookup-failed", "warning", "not-applicable",
	};
	return (unsigned)v < sizeof names / sizeof *names ? names[v] : "?";
}

const char *
apigw_verdict_label(enum apigw_verdict v)
{
	/* TRANSLATORS: API Gateway verdict column, keep within 13 characters */
	switch (v) {
	case APIGW_V_OK: return _("OK");
	case APIGW_V_WRONG_TARGET: return _("WRONG TARGET");
	case APIGW_V_BAD_CERT: return _("BAD CERT");
	case APIGW_V_PROXIED: return _("PROXIED");
	case APIGW_V_NO_MAPPING: return _("NO MAPPING");
	case APIGW_V_STAGE_IN_PATH: return _("STAGE IN PATH");
	case APIGW_V_NOT_APIGW: return _("NOT APIGW");
	case APIGW_V_UNREACHABLE: return _("UNREACHABLE");
	case APIGW_V_LOOKUP_FAILED: return _("LOOKUP FAILED");
	case APIGW_V_WARNING: return _("WARNING");
	default: return _("NOT AN API");
	}
}

const char *
apigw_tls_role_name(enum apigw_tls_role r)
{
	return r == APIGW_TLS_NAME ? "name" : r == APIGW_TLS_TARGET ? "target" : "expected";
}

/* ---- the table ---- */

static bool
ops_applies(const struct check_input *in)
{
	return in->n_apigw > 0;
}

static void *
ops_start(struct loop *loop, struct dns_client *dns, const struct check_input *in,
	  probe_event_cb on_event, void *event_ctx, check_done_cb done, void *ctx,
	  char *err, size_t errlen)
{
	return apigw_check_start(loop, dns, in, on_event, event_ctx, done, ctx, err, errlen);
}

static void
ops_cancel(void *running)
{
	apigw_check_cancel(running);
}

static void
ops_report_free(void *report)
{
	apigw_report_free(report);
}

static void
ops_stats(const void *report, struct check_stats *out)
{
	const struct apigw_report *rep = report;
	*out = (struct check_stats){ .resolver = rep->resolver, .queries = rep->queries,
				     .answered = rep->answered, .max_in_flight = rep->max_in_flight,
				     .elapsed_ms = rep->elapsed_ms };
}

static size_t
ops_n_subjects(const void *report)
{
	return ((const struct apigw_report *)report)->n_results;
}

static enum severity
verdict_tone(enum apigw_verdict v, const struct finding *fs, size_t n)
{
	if (v == APIGW_V_OK || v == APIGW_V_NOT_APPLICABLE)
		return SEV_INFO;
	return n && fs[0].severity == SEV_ERROR ? SEV_ERROR : SEV_WARNING;
}

static void
ops_subject(const void *report, size_t i, struct check_subject *out)
{
	struct apigw_result *r = &((const struct apigw_report *)report)->results[i];
	*out = (struct check_subject){
		.name = r->facts.name, .verdict = apigw_verdict_name(r->verdict),
		.label = apigw_verdict_label(r->verdict),
		.tone = verdict_tone(r->verdict, r->findings, r->n_findings),
		.blocks = findings_block(r->findings, r->n_findings),
		.cache_ttl = r->facts.n_chain ? (int64_t)r->facts.chain[0].ttl : -1,
		.findings = r->findings, .n_findings = r->n_findings,
		.domains = r->domains, .n_domains = 1,
	};
}

static size_t
ops_n_plans(const void *report)
{
	return ((const struct apigw_report *)report)->n_plans;
}

static bool
ops_plan(const void *report, size_t i, struct plan_view *out)
{
	const struct apigw_report *rep = report;
	if (i >= rep->n_plans)
		return false;
	*out = apigw_plan_view(&rep->plans[i]);
	return true;
}

const struct check_ops apigw_check_ops = {
	.id = CHECK_apigw, .name = "apigw",
	.applies = ops_applies, .start = ops_start, .cancel = ops_cancel,
	.report_free = ops_report_free, .stats = ops_stats,
	.n_subjects = ops_n_subjects, .subject = ops_subject,
	.n_plans = ops_n_plans, .plan = ops_plan,
};
