/* The CNAME check's life cycle: start (the input checked before any
 * query), cancel, the report and its free, and cname_check_ops, the table
 * every front end drives it through. cname_int.h says where the rest is. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/cname/cname_int.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "fix/provider.h"
#include "net/names.h"

/* ------------------------------------------------------------------ */
/* The report                                                          */
/* ------------------------------------------------------------------ */

static struct cname_report *
build_report(struct cname_check *chk)
{
	struct cname_report *rep = xcalloc(1, sizeof *rep);
	rep->results = xcalloc(chk->n_recs ? chk->n_recs : 1, sizeof *rep->results);
	rep->n_results = chk->n_recs;
	rep->resolver = xstrdup(chk->resolver);
	for (size_t i = 0; i < chk->n_recs; i++) {
		struct rec *r = &chk->recs[i];
		struct cname_result *res = &rep->results[i];
		res->name = xstrdup(r->name);
		res->value = xstrdup(r->value);
		res->plan = -1;
		res->cache_ttl = -1;
		res->domains = xcalloc(r->n_domains + 1, sizeof *res->domains);
		for (size_t k = 0; k < r->n_domains; k++)
			res->domains[res->n_domains++] = xstrdup(r->domains[k]);
		cname_evaluate(chk, r, rep, res);
		findings_sort(res->findings, res->n_findings);
	}
	rep->queries = chk->log.queries;
	rep->answered = chk->log.answered;
	rep->max_in_flight = chk->log.max_in_flight;
	rep->elapsed_ms = loop_now_ms() - chk->log.started_ms;
	return rep;
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                          */
/* ------------------------------------------------------------------ */

void
cname_free_directs(struct cname_check *chk)
{
	/* Giving a client back cancels its queries (their callbacks run now). */
	for (size_t i = 0; i < chk->n_directs; i++) {
		dns_client_put(chk->dns, chk->directs[i].dns);
		free(chk->directs[i].addr);
	}
	free(chk->directs);
	chk->directs = NULL;
	chk->n_directs = 0;
}

static void
rec_clear(struct rec *r)
{
	free(r->name);
	free(r->value);
	strv_free(r->domains, r->n_domains);
	cname_obs_clear(&r->main);
	cname_obs_clear(&r->txt);
	cname_obs_clear(&r->a);
	cname_obs_clear(&r->aaaa);
	for (size_t k = 0; k < r->n_cands; k++) {
		cname_obs_clear(&r->cand_obs[k]);
		if (r->exact_cand)
			cname_obs_clear(&r->exact_cand[k]);
	}
	free(r->cand_obs);
	free(r->exact_cand);
	cname_obs_clear(&r->exact_txt);
	cname_obs_clear(&r->exact_a);
	cname_obs_clear(&r->exact_aaaa);
	cname_candidates_free(r->cands, r->n_cands);
	for (size_t k = 0; k < r->n_soa; k++)
		cname_obs_clear(&r->soa_obs[k]);
	free(r->soa_obs);
	strv_free(r->soa_names, r->n_soa);
	free(r->zres);
	free(r->pz);
	cname_obs_clear(&r->pz_ns);
	cname_level_clear(&r->lv);
	for (size_t k = 0; k < r->n_ed; k++)
		cname_sv_clear(&r->ed[k]);
	free(r->ed);
	free(r->walk_note);
}

void
cname_check_free(struct cname_check *chk)
{
	cname_free_directs(chk);
	cname_pre_free(chk);
	for (size_t i = 0; i < chk->n_recs; i++)
		rec_clear(&chk->recs[i]);
	free(chk->recs);
	for (size_t i = 0; i < chk->n_edited; i++) {
		free(chk->edited[i].text);
		free(chk->edited[i].name);
		free(chk->edited[i].addr);
		cname_obs_clear(&chk->edited[i].o);
	}
	free(chk->edited);
	free(chk->resolver);
	free(chk);
}

void
cname_finish(void *arg)
{
	struct cname_check *chk = arg;
	chk->timer = 0;
	cname_free_directs(chk);
	struct cname_report *rep = build_report(chk);
	check_done_cb cb = chk->cb;
	void *ctx = chk->ctx;
	loop_release(chk->loop);
	cname_check_free(chk);
	cb(ctx, rep);
}

/* After a cancel, from a fresh loop turn: free our own clients (which
 * cancels their queries), then the check once nothing points at it. */
void
cname_reap(void *arg)
{
	struct cname_check *chk = arg;
	chk->timer = 0;
	chk->finishing = true;          /* no free from inside cname_free_directs */
	cname_free_directs(chk);
	chk->finishing = false;
	loop_release(chk->loop);
	if (chk->outstanding == 0)
		cname_check_free(chk);
}

void
cname_check_cancel(struct cname_check *chk)
{
	if (!chk || chk->cancelled)
		return;
	chk->cancelled = true;
	if (chk->timer)
		loop_timer_cancel(chk->loop, chk->timer);
	chk->finishing = false;
	/* Keep the loop held until cname_reap has run, so a loop_run() frees us. */
	chk->timer = loop_timer_add(chk->loop, 0, cname_reap, chk);
}

/* "192.0.2.1", "192.0.2.1:53", "[2001:db8::1]:53", "2001:db8::1" are
 * addresses; anything else must be a host name. */
static bool
parse_edited(const char *text, struct edited_in *e, char *err, size_t errlen)
{
	uint8_t b[16];
	char host[64];
	memset(e, 0, sizeof *e);
	e->text = xstrdup(text);
	if (inet_pton(AF_INET, text, b) == 1 || inet_pton(AF_INET6, text, b) == 1) {
		e->addr = xstrdup(text);
		return true;
	}
	const char *colon = strrchr(text, ':');
	if (text[0] == '[' || (colon && colon == strchr(text, ':'))) {
		size_t hl = colon ? (size_t)(colon - text) : 0;
		const char *h = text;
		if (text[0] == '[' && hl >= 2 && text[hl - 1] == ']') {
			h++;
			hl -= 2;
		}
		if (hl < sizeof host) {
			memcpy(host, h, hl);
			host[hl] = '\0';
			char *end;
			long port = colon ? strtol(colon + 1, &end, 10) : -1;
			if (colon && *end == '\0' && port > 0 && port < 65536 &&
			    (inet_pton(AF_INET, host, b) == 1 || inet_pton(AF_INET6, host, b) == 1)) {
				e->addr = xstrdup(text);
				return true;
			}
		}
	}
	char canon[DNS_NAME_TEXT_MAX];
	if (!dns_name_canon(text, canon, sizeof canon) || dns_name_labels(canon) < 2) {
		char *shown = str_fmt(4096, "%.200s", text);
		snprintf(err, errlen, _("\"%s\" is neither an address nor a name server name"), shown);
		free(shown);
		return false;
	}
	e->name = xstrdup(canon);
	return true;
}

/* The name servers of every hosted zone that could hold one of the
 * records are asked like edited ones, each tagged with its zone. */
static void
add_hosted_zones(struct cname_check *chk, const struct cname_check_opts *opts)
{
	chk->zones = opts->hosted_zones;
	chk->n_zones = opts->n_hosted_zones;
	for (size_t z = 0; z < chk->n_zones; z++) {
		const struct check_hosted_zone *hz = &chk->zones[z];
		bool holds = false;
		for (size_t i = 0; i < chk->n_recs && !holds; i++)
			holds = dns_name_is_under(chk->recs[i].name, hz->name);
		for (size_t k = 0; holds && k < hz->n_ns && k < MAX_NS; k++) {
			char canon[DNS_NAME_TEXT_MAX];
			if (!dns_name_canon(hz->ns[k], canon, sizeof canon))
				continue;
			chk->edited = xrealloc(chk->edited, (chk->n_edited + 1) * sizeof *chk->edited);
			struct edited_in *e = &chk->edited[chk->n_edited++];
			memset(e, 0, sizeof *e);
			e->zone = (int)z;
			e->text = xstrdup(canon);
			e->name = xstrdup(canon);
		}
	}
}

static bool
init_rec(struct rec *r, const struct cname_record_spec *s, char *err, size_t errlen)
{
	char name[DNS_NAME_TEXT_MAX], value[DNS_NAME_TEXT_MAX];
	if (!s->name || !dns_name_canon(s->name, name, sizeof name) || dns_name_labels(name) < 2) {
		snprintf(err, errlen, _("the validation record name \"%.200s\" is not a domain name"),
			 s->name ? s->name : "");
		return false;
	}
	if (!s->value || !dns_name_canon(s->value, value, sizeof value) || dns_name_labels(value) < 2) {
		snprintf(err, errlen, _("the validation record value \"%.200s\" is not a domain name"),
			 s->value ? s->value : "");
		return false;
	}
	r->name = xstrdup(name);
	r->value = xstrdup(value);
	for (size_t i = 0; i < s->n_domains; i++)
		strv_push(&r->domains, &r->n_domains, s->domains[i]);
	r->n_cands = cname_candidates(r->name, &r->cands);
	r->cand_obs = xcalloc(r->n_cands + 1, sizeof *r->cand_obs);
	r->exact_cand = xcalloc(r->n_cands + 1, sizeof *r->exact_cand);
	/* The SOA of the name and of its ancestors, the TLD included. */
	for (const char *x = r->name; strcmp(x, "."); x = dns_name_parent(x))
		strv_push(&r->soa_names, &r->n_soa, x);
	if (r->n_soa > MAX_SOA) {
		size_t drop = r->n_soa - MAX_SOA;
		for (size_t i = 0; i < drop; i++)
			free(r->soa_names[i]);
		memmove(r->soa_names, r->soa_names + drop, MAX_SOA * sizeof *r->soa_names);
		r->n_soa = MAX_SOA;
	}
	r->soa_obs = xcalloc(r->n_soa + 1, sizeof *r->soa_obs);
	return true;
}

struct cname_check *
cname_check_start(struct loop *loop, struct dns_client *resolver, const struct cname_check_opts *opts,
		  check_done_cb done, void *ctx, char *err, size_t errlen)
{
	if (!opts->n_records) {
		snprintf(err, errlen, "%s", _("no validation record to check"));
		return NULL;
	}
	if (opts->provider && !provider_get(opts->provider)) {
		snprintf(err, errlen, _("unknown provider \"%.100s\""), opts->provider);
		return NULL;
	}
	struct cname_check *chk = xcalloc(1, sizeof *chk);
	chk->loop = loop;
	chk->dns = resolver;
	chk->resolver = xstrdup(dns_client_servers(resolver));
	chk->forced_provider = opts->provider;
	chk->eager = opts->eager;
	chk->timeout_ms = opts->timeout_ms > 0 ? opts->timeout_ms : DEFAULT_TIMEOUT_MS;
	chk->tries = opts->tries > 0 ? opts->tries : 2;
	chk->cb = done;
	chk->ctx = ctx;
	probe_log_init(&chk->log, opts->on_event, opts->event_ctx);
	chk->edited = xcalloc(opts->n_edited_ns + 1, sizeof *chk->edited);
	for (size_t i = 0; i < opts->n_edited_ns; i++) {
		if (!parse_edited(opts->edited_ns[i], &chk->edited[i], err, errlen)) {
			chk->n_edited = i + 1;
			cname_check_free(chk);
			return NULL;
		}
		chk->edited[i].zone = -1;
		chk->n_edited = i + 1;
	}
	/* One record per distinct name and value: apex and wildcard share one. */
	chk->recs = xcalloc(opts->n_records, sizeof *chk->recs);
	for (size_t i = 0; i < opts->n_records; i++) {
		struct rec tmp;
		memset(&tmp, 0, sizeof tmp);
		if (!init_rec(&tmp, &opts->records[i], err, errlen)) {
			chk->recs[chk->n_recs++] = tmp;
			cname_check_free(chk);
			return NULL;
		}
		struct rec *same = NULL;
		for (size_t k = 0; k < chk->n_recs; k++)
			if (!strcmp(chk->recs[k].name, tmp.name) && !strcmp(chk->recs[k].value, tmp.value))
				same = &chk->recs[k];
		if (same) {
			for (size_t k = 0; k < tmp.n_domains; k++)
				strv_push(&same->domains, &same->n_domains, tmp.domains[k]);
			rec_clear(&tmp);
			continue;
		}
		chk->recs[chk->n_recs++] = tmp;
	}
	add_hosted_zones(chk, opts);
	cname_probe_start(chk);
	return chk;
}

void
cname_report_free(struct cname_report *rep)
{
	if (!rep)
		return;
	for (size_t i = 0; i < rep->n_results; i++) {
		struct cname_result *res = &rep->results[i];
		free(res->name);
		free(res->value);
		strv_free(res->domains, res->n_domains);
		free(res->zone);
		free(res->resolver_value);
		for (size_t k = 0; k < res->n_servers; k++) {
			free(res->servers[k].addr);
			free(res->servers[k].names);
			free(res->servers[k].value);
			free(res->servers[k].detail);
			free(res->servers[k].hosted_zone);
		}
		free(res->servers);
		for (size_t k = 0; k < res->n_findings; k++)
			finding_clear(&res->findings[k]);
		free(res->findings);
	}
	free(rep->results);
	for (size_t i = 0; i < rep->n_plans; i++) {
		struct cname_plan_info *pi = &rep->plans[i];
		plan_clear(&pi->plan);
		strv_free(pi->ns, pi->n_ns);
		free(pi->title);
		free(pi->advice);
		free(pi->owner);
		server_views_free(pi->servers, pi->n_servers);
	}
	free(rep->plans);
	free(rep->resolver);
	free(rep);
}

const char *
cname_verdict_name(enum cname_verdict v)
{
	switch (v) {
	case CNAME_V_OK: return "ok";
	case CNAME_V_MISSING: return "missing";
	case CNAME_V_WRONG: return "wrong";
	case CNAME_V_WRONG_ZONE: return "wrong-zone";
	case CNAME_V_INCONSISTENT: return "inconsistent";
	case CNAME_V_CACHED: return "cached";
	default: return "lookup-failed";
	}
}

const char *
cname_seen_name(enum cname_seen s)
{
	switch (s) {
	case CNAME_SEEN_MATCH: return "match";
	case CNAME_SEEN_OTHER: return "other";
	case CNAME_SEEN_NXDOMAIN: return "nxdomain";
	case CNAME_SEEN_NODATA: return "nodata";
	default: return "failed";
	}
}

/* ------------------------------------------------------------------ */
/* The check's table                                                   */
/* ------------------------------------------------------------------ */

struct plan_view
cname_plan_view(const struct cname_plan_info *pi)
{
	return (struct plan_view){ .plan = &pi->plan, .ns = pi->ns, .n_ns = pi->n_ns,
				   .provider = pi->provider, .detected = pi->detected,
				   .ns_mixed = pi->ns_mixed, .owner = pi->owner ? pi->owner : pi->plan.zone,
				   .type = "CNAME", .title = pi->title, .advice = pi->advice,
				   .servers = pi->servers, .n_servers = pi->n_servers };
}

const char *
cname_verdict_label(enum cname_verdict v)
{
	/* TRANSLATORS: validation record verdict, keep within 13 characters */
	switch (v) {
	case CNAME_V_OK: return _("OK");
	case CNAME_V_MISSING: return _("MISSING");
	case CNAME_V_WRONG: return _("WRONG");
	case CNAME_V_WRONG_ZONE: return _("WRONG ZONE");
	case CNAME_V_INCONSISTENT: return _("INCONSISTENT");
	case CNAME_V_CACHED: return _("CACHED");
	default: return _("LOOKUP FAILED");
	}
}

static bool
ops_applies(const struct check_input *in)
{
	return in->n_records > 0;
}

static void *
ops_start(struct loop *loop, struct dns_client *dns, const struct check_input *in,
	  probe_event_cb on_event, void *event_ctx, check_done_cb done, void *ctx,
	  char *err, size_t errlen)
{
	struct cname_check_opts o = { .records = in->records, .n_records = in->n_records,
				      .edited_ns = in->edited_ns, .n_edited_ns = in->n_edited_ns,
				      .provider = in->provider, .timeout_ms = in->timeout_ms,
				      .on_event = on_event, .event_ctx = event_ctx, .eager = in->eager,
				      .hosted_zones = in->hosted_zones, .n_hosted_zones = in->n_hosted_zones };
	return cname_check_start(loop, dns, &o, done, ctx, err, errlen);
}

static void
ops_cancel(void *running)
{
	cname_check_cancel(running);
}

static void
ops_report_free(void *report)
{
	cname_report_free(report);
}

static void
ops_stats(const void *report, struct check_stats *out)
{
	const struct cname_report *rep = report;
	*out = (struct check_stats){ .resolver = rep->resolver, .queries = rep->queries,
				     .answered = rep->answered, .max_in_flight = rep->max_in_flight,
				     .elapsed_ms = rep->elapsed_ms };
}

static size_t
ops_n_subjects(const void *report)
{
	return ((const struct cname_report *)report)->n_results;
}

static void
ops_subject(const void *report, size_t i, struct check_subject *out)
{
	const struct cname_result *r = &((const struct cname_report *)report)->results[i];
	bool in_place = r->verdict == CNAME_V_OK || r->verdict == CNAME_V_CACHED;
	*out = (struct check_subject){
		.name = r->name, .verdict = cname_verdict_name(r->verdict),
		.label = cname_verdict_label(r->verdict),
		.tone = r->verdict == CNAME_V_OK ? SEV_INFO : r->verdict == CNAME_V_CACHED ? SEV_WARNING : SEV_ERROR,
		.blocks = !in_place || findings_block(r->findings, r->n_findings),
		.cache_ttl = r->cache_ttl, .findings = r->findings, .n_findings = r->n_findings,
		.domains = r->domains, .n_domains = r->n_domains,
	};
}

static size_t
ops_n_plans(const void *report)
{
	return ((const struct cname_report *)report)->n_plans;
}

static bool
ops_plan(const void *report, size_t i, struct plan_view *out)
{
	const struct cname_report *rep = report;
	if (i >= rep->n_plans)
		return false;
	*out = cname_plan_view(&rep->plans[i]);
	return true;
}

const struct check_ops cname_check_ops = {
	.id = CHECK_cname, .name = "cname",
	.applies = ops_applies, .start = ops_start, .cancel = ops_cancel,
	.report_free = ops_report_free, .stats = ops_stats,
	.n_subjects = ops_n_subjects, .subject = ops_subject,
	.n_plans = ops_n_plans, .plan = ops_plan,
};
