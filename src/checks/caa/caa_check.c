/* The CAA check's life cycle: start, cancel, the report and its free,
 * and caa_check_ops, the table every front end drives it through. The
 * queries are in caa_probe.c, what they mean in caa_findings.c, the fix
 * in caa_plan.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/caa/caa_int.h"
#include "core/i18n.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "fix/provider.h"
#include "net/names.h"
#include "net/psl.h"

/* ------------------------------------------------------------------ */
/* The report                                                          */
/* ------------------------------------------------------------------ */

static void
add_finding(struct caa_target *ct, struct finding *f)
{
	findings_push(&ct->findings, &ct->n_findings, f);
}

/* The verdict of every target and its findings. */
static void
judge_targets(struct caa_check *chk, struct caa_report *rep)
{
	for (size_t i = 0; i < chk->n_targets; i++) {
		struct target_state *t = &chk->targets[i];
		struct caa_target *ct = &rep->targets[i];
		ct->name = xstrdup(t->name);
		ct->wildcard = t->wildcard;
		ct->cache_ttl = caa_decisive_ttl(chk, t);
		if (t->failed >= 0) {
			ct->verdict = CAA_V_LOOKUP_FAILED;
			caa_finding_lookup_failed(chk, t, ct);
			/* Never "nothing to change": the servers to fix, and how. */
			ct->findings[ct->n_findings - 1].plan = caa_lookup_advice(chk, rep, t);
		} else if (t->relevant < 0) {
			ct->verdict = CAA_V_PERMIT;
			caa_finding_none(chk, t, ct);
		} else {
			ct->relevant_at = xstrdup(chk->nodes[t->relevant].owner);
			ct->verdict = t->dec.outcome == CAA_OUT_PERMIT ? CAA_V_PERMIT : CAA_V_DENY;
			caa_findings_for_rrset(chk, t, ct);
		}
		/* Beside the verdict, never instead of it: a permit for a name
		 * whose domain does not exist says little. */
		if (t->registered >= 0)
			caa_finding_not_delegated(chk, t, ct, rep);
	}
}

/* One plan per place to change, shared by every target that needs it. */
static void
plan_denied(struct caa_check *chk, struct caa_report *rep)
{
	for (size_t i = 0; i < chk->n_targets; i++) {
		struct target_state *t = &chk->targets[i];
		struct caa_target *ct = &rep->targets[i];
		if (ct->verdict != CAA_V_DENY)
			continue;
		bool carry, foreign;
		const char *owner = caa_change_owner(chk, t, &carry, &foreign);
		/* A public suffix is nobody's zone: no fix goes there (when the
		 * domain is not delegated, DOMAIN_NOT_DELEGATED says what to do). */
		if (carry && psl_is_public(psl_default(), owner))
			continue;
		int plan = -1;
		for (size_t p = 0; p < rep->n_plans; p++)
			if (!strcmp(rep->plans[p].owner, owner))
				plan = (int)p;
		if (plan < 0)
			plan = caa_build_plan(chk, rep, owner, carry, foreign, t);
		if (carry)
			caa_parent_zone_finding(chk, t, ct, owner);
		if (rep->plans[plan].unsound) {
			struct finding f;
			finding_init(&f, F_INTERNAL_ERROR, t->name);
			finding_set_message(&f, _("No CAA change was found that lets %s issue %s; please report this with the evidence."),
					    chk->ca_label, name_shown(t->name));
			add_finding(ct, &f);
			continue;
		}
		caa_attach_plan(rep, ct, plan);
	}
}

struct caa_report *
caa_report_build(struct caa_check *chk)
{
	struct caa_report *rep = xcalloc(1, sizeof *rep);
	rep->targets = xcalloc(chk->n_targets ? chk->n_targets : 1, sizeof *rep->targets);
	rep->n_targets = chk->n_targets;
	rep->resolver = xstrdup(chk->resolver);
	judge_targets(chk, rep);
	plan_denied(chk, rep);
	for (size_t i = 0; i < rep->n_targets; i++)
		findings_sort(rep->targets[i].findings, rep->targets[i].n_findings);
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
caa_check_free(struct caa_check *chk)
{
	for (size_t i = 0; i < chk->n_nodes; i++) {
		struct node *n = &chk->nodes[i];
		free(n->name);
		free(n->fail_text);
		free(n->owner);
		free(n->status);
		free(n->zone);
		strv_free(n->lines, n->n_lines);
		for (size_t j = 0; j < n->n_props; j++)
			caa_prop_clear(&n->props[j]);
		free(n->props);
	}
	free(chk->nodes);
	caa_walks_free(chk);
	for (size_t i = 0; i < chk->n_zones; i++) {
		struct zinfo *z = &chk->zones[i];
		free(z->name);
		free(z->zone);
		free(z->fail_text);
		strv_free(z->ns, z->n_ns);
		strv_free(z->ns_at, z->n_ns_at);
	}
	free(chk->zones);
	for (size_t i = 0; i < chk->n_targets; i++) {
		free(chk->targets[i].name);
		free(chk->targets[i].base);
		free(chk->targets[i].climb);
	}
	free(chk->targets);
	if (!chk->ids_shared)
		caa_identities_free(chk->ids);
	free(chk->ca_label);
	free(chk->resolver);
	free(chk);
}

struct caa_check *
caa_check_start(struct loop *loop, struct dns_client *resolver, const struct caa_check_opts *opts,
		check_done_cb done, void *ctx, char *err, size_t errlen)
{
	/* ACM's identities are the same for every check of a run: read from
	 * the data file once (a fleet scan starts thousands of checks). */
	static struct caa_identities *acm_ids;
	if (!opts->ca && !acm_ids)
		acm_ids = caa_identities_load(NULL);
	struct caa_identities *ids = opts->ca ? caa_identities_load(opts->ca) : acm_ids;
	if (!ids) {
		snprintf(err, errlen, "%s", _("the CAA issuer table (data/caa-issuers.txt) is missing or empty"));
		return NULL;
	}
	if (opts->provider && !provider_get(opts->provider)) {
		snprintf(err, errlen, _("unknown provider \"%s\""), opts->provider);
		if (opts->ca)
			caa_identities_free(ids);
		return NULL;
	}
	struct caa_check *chk = xcalloc(1, sizeof *chk);
	chk->loop = loop;
	chk->dns = resolver;
	chk->ids = ids;
	chk->ids_shared = ids == acm_ids;
	chk->resolver = xstrdup(dns_client_servers(resolver));
	chk->ca_label = xstrdup(opts->ca ? ids->names[0] : "Amazon");
	chk->forced_provider = opts->provider;
	chk->eager = opts->eager;
	chk->timeout_ms = opts->timeout_ms;
	chk->hosted_zones = opts->hosted_zones;
	chk->n_hosted_zones = opts->n_hosted_zones;
	chk->cb = done;
	chk->ctx = ctx;
	probe_log_init(&chk->log, opts->on_event, opts->event_ctx);
	chk->targets = xcalloc(opts->n_names ? opts->n_names : 1, sizeof *chk->targets);
	chk->n_targets = opts->n_names;
	for (size_t i = 0; i < opts->n_names; i++) {
		struct target_state *t = &chk->targets[i];
		t->name = xstrdup(opts->names[i]);
		t->wildcard = !strncmp(t->name, "*.", 2);
		t->base = xstrdup(t->wildcard ? t->name + 2 : t->name);
	}
	caa_probe_start(chk);
	return chk;
}

void
caa_check_cancel(struct caa_check *chk)
{
	if (!chk)
		return;
	/* Queries still in flight point at chk: it is freed when the last of
	 * them comes back (or is cancelled by dns_client_free). */
	chk->cancelled = true;
	loop_release(chk->loop);
	for (size_t i = 0; i < chk->n_walks; i++)
		deleg_cancel(chk->walks[i].walk);
	if (chk->outstanding == 0) {
		if (chk->finish_timer)
			loop_timer_cancel(chk->loop, chk->finish_timer);
		caa_check_free(chk);
	}
}

void
caa_report_free(struct caa_report *rep)
{
	if (!rep)
		return;
	for (size_t i = 0; i < rep->n_targets; i++) {
		struct caa_target *ct = &rep->targets[i];
		free(ct->name);
		free(ct->relevant_at);
		for (size_t j = 0; j < ct->n_findings; j++)
			finding_clear(&ct->findings[j]);
		free(ct->findings);
	}
	free(rep->targets);
	for (size_t i = 0; i < rep->n_plans; i++) {
		struct caa_plan_info *pi = &rep->plans[i];
		plan_clear(&pi->plan);
		free(pi->owner);
		strv_free(pi->ns, pi->n_ns);
		free(pi->title);
		free(pi->advice);
		server_views_free(pi->servers, pi->n_servers);
	}
	free(rep->plans);
	free(rep->resolver);
	free(rep);
}

const char *
caa_verdict_name(enum caa_verdict v)
{
	switch (v) {
	case CAA_V_PERMIT: return "permit";
	case CAA_V_DENY: return "deny";
	default: return "lookup-failed";
	}
}

/* ------------------------------------------------------------------ */
/* The check's table                                                   */
/* ------------------------------------------------------------------ */

struct plan_view
caa_plan_view(const struct caa_plan_info *pi)
{
	return (struct plan_view){ .plan = &pi->plan, .ns = pi->ns, .n_ns = pi->n_ns,
				   .provider = pi->provider, .detected = pi->detected,
				   .ns_mixed = pi->ns_mixed, .foreign = pi->foreign,
				   .owner = pi->owner, .type = "CAA", .title = pi->title,
				   .advice = pi->advice, .servers = pi->servers, .n_servers = pi->n_servers };
}

const char *
caa_verdict_label(enum caa_verdict v)
{
	/* TRANSLATORS: verdict column, keep within 13 characters */
	return v == CAA_V_PERMIT ? _("PERMIT") : v == CAA_V_DENY ? _("DENY") : _("LOOKUP FAILED");
}

static bool
ops_applies(const struct check_input *in)
{
	return in->n_names > 0;
}

static void *
ops_start(struct loop *loop, struct dns_client *dns, const struct check_input *in,
	  probe_event_cb on_event, void *event_ctx, check_done_cb done, void *ctx,
	  char *err, size_t errlen)
{
	struct caa_check_opts o = { .names = in->names, .n_names = in->n_names, .ca = in->ca,
				    .provider = in->provider, .timeout_ms = in->timeout_ms,
				    .on_event = on_event, .event_ctx = event_ctx, .eager = in->eager,
				    .hosted_zones = in->hosted_zones, .n_hosted_zones = in->n_hosted_zones };
	return caa_check_start(loop, dns, &o, done, ctx, err, errlen);
}

static void
ops_cancel(void *running)
{
	caa_check_cancel(running);
}

static void
ops_report_free(void *report)
{
	caa_report_free(report);
}

static void
ops_stats(const void *report, struct check_stats *out)
{
	const struct caa_report *rep = report;
	*out = (struct check_stats){ .resolver = rep->resolver, .queries = rep->queries,
				     .answered = rep->answered, .max_in_flight = rep->max_in_flight,
				     .elapsed_ms = rep->elapsed_ms };
}

static size_t
ops_n_subjects(const void *report)
{
	return ((const struct caa_report *)report)->n_targets;
}

static void
ops_subject(const void *report, size_t i, struct check_subject *out)
{
	const struct caa_target *t = &((const struct caa_report *)report)->targets[i];
	bool permit = t->verdict == CAA_V_PERMIT;
	*out = (struct check_subject){
		.name = t->name, .verdict = caa_verdict_name(t->verdict),
		.label = caa_verdict_label(t->verdict), .tone = permit ? SEV_INFO : SEV_ERROR,
		.blocks = !permit || findings_block(t->findings, t->n_findings),
		.cache_ttl = t->cache_ttl, .findings = t->findings, .n_findings = t->n_findings,
		.domains = &((struct caa_target *)t)->name, .n_domains = 1,
	};
}

static size_t
ops_n_plans(const void *report)
{
	return ((const struct caa_report *)report)->n_plans;
}

static bool
ops_plan(const void *report, size_t i, struct plan_view *out)
{
	const struct caa_report *rep = report;
	if (i >= rep->n_plans || rep->plans[i].unsound)
		return false;
	*out = caa_plan_view(&rep->plans[i]);
	return true;
}

const struct check_ops caa_check_ops = {
	.id = CHECK_caa, .name = "caa",
	.applies = ops_applies, .start = ops_start, .cancel = ops_cancel,
	.report_free = ops_report_free, .stats = ops_stats,
	.n_subjects = ops_n_subjects, .subject = ops_subject,
	.n_plans = ops_n_plans, .plan = ops_plan,
};
