/* The CNAME check's evaluation: from what the resolver and each
 * authoritative server said about a record (cname_answer.c), its verdict
 * and findings, with the evidence as the servers returned it. Failures
 * come first (never a silent OK over a failed lookup); then whether the
 * delegated servers agree; then, when none has the record, where it went
 * (cname_search.c). Pure: it reads the check's state, sends nothing. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/cname/cname_int.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "net/names.h"
#include "net/psl.h"

/* How the servers answered, counted. */
struct tally {
	size_t n_ok;               /* delegated servers that answered usably */
	size_t n_match;            /* ... with the expected value */
	size_t n_other;            /* ... with another value */
	size_t n_ed_match;         /* edited servers, not delegated, with the value */
	const char *other;         /* the first other value seen */
	const struct dns_rr *other_rr;
};

void
cname_add_finding(struct cname_result *res, struct finding *f)
{
	findings_push(&res->findings, &res->n_findings, f);
}

static void
evidence_for(struct eval *ev, const char *who, const struct seen_info *si)
{
	struct strbuf sb;
	sb_init_limit(&sb, 4096);
	sb_addf(&sb, "; %s: %s CNAME: %s", who, ev->r->name, si->detail ? si->detail : "?");
	if (si->seen != CNAME_SEEN_MATCH && si->seen != CNAME_SEEN_OTHER && si->ttl >= 0)
		sb_addf(&sb, _(" (negative answer cached for %lld s)"), (long long)si->ttl);
	strv_push(&ev->evidence, &ev->n_evidence, sb.buf);
	sb_free(&sb);
	if (si->rr) {
		char *line = dns_rr_text(si->rr);
		strv_push(&ev->evidence, &ev->n_evidence, line);
		free(line);
	}
}

static char *
server_label(const struct sv *s)
{
	if (s->names && *s->names)
		return str_fmt(4096, "%s (%s)", s->addr, s->names);
	return xstrdup(s->addr);
}

static void
build_evidence(struct eval *ev)
{
	char *who = str_fmt(4096, _("resolver %s"), ev->chk->resolver);
	evidence_for(ev, who, &ev->R);
	free(who);
	for (size_t i = 0; i < ev->r->lv.n_sv; i++) {
		char *l = server_label(&ev->r->lv.sv[i]);
		evidence_for(ev, l, &ev->D[i]);
		free(l);
	}
	for (size_t i = 0; i < ev->r->n_ed; i++) {
		/* a hosted zone's server that is delegated said it above already */
		if (!ev->r->ed[i].o.sent || (ev->r->ed[i].zone >= 0 && !ev->r->ed[i].edited))
			continue;
		char *l = server_label(&ev->r->ed[i]);
		int z = ev->r->ed[i].zone;
		char *who2 = z >= 0 ? str_fmt(4096, _("%s, hosted zone %s"), l, ev->chk->zones[z].id)
				    : str_fmt(4096, _("%s, edited"), l);
		evidence_for(ev, who2, &ev->E[i]);
		free(who2);
		free(l);
	}
}

void
cname_with_evidence(struct eval *ev, struct finding *f)
{
	for (size_t i = 0; i < ev->n_evidence; i++)
		finding_add_evidence(f, ev->evidence[i]);
}

static char *
servers_where(struct eval *ev, enum cname_seen want, bool match)
{
	struct strbuf sb;
	sb_init_limit(&sb, 4096);
	for (size_t i = 0; i < ev->r->lv.n_sv; i++) {
		bool is = ev->D[i].seen == want;
		if (ev->D[i].seen == CNAME_SEEN_FAILED || is != match)
			continue;
		char *l = server_label(&ev->r->lv.sv[i]);
		sb_addf(&sb, "%s%s", sb.len ? "; " : "", l);
		free(l);
	}
	return sb_steal(&sb);
}

static void
lookup_failures(struct eval *ev, size_t n_ok, size_t n_match)
{
	struct rec *r = ev->r;
	struct finding f;
	if (ev->R.seen == CNAME_SEEN_FAILED) {
		finding_init(&f, F_CNAME_LOOKUP_FAILED, r->name);
		if (n_match)
			finding_set_message(&f, _("The resolver %s fails to look up %s (%s), although its authoritative servers serve the record: the zone's DNSSEC chain of trust is broken (a DS record at the parent that does not match the zone's keys, or expired signatures), and ACM cannot validate until it is repaired."),
					    ev->chk->resolver, name_shown(r->name), ev->R.detail);
		else
			finding_set_message(&f, _("The resolver %s fails to look up %s: %s. ACM sees the same failure and cannot validate the name."),
					    ev->chk->resolver, name_shown(r->name), ev->R.detail);
		cname_with_evidence(ev, &f);
		cname_lookup_advice(ev, &f, n_match);
		cname_add_finding(ev->res, &f);
	}
	if (r->walk_note) {
		finding_init(&f, F_CNAME_LOOKUP_FAILED, r->name);
		finding_set_message(&f, _("The authoritative servers of %s could not be checked: %s."), name_shown(r->name), r->walk_note);
		cname_with_evidence(ev, &f);
		cname_lookup_advice(ev, &f, n_match);
		cname_add_finding(ev->res, &f);
	}
	for (size_t i = 0; i < r->lv.n_sv; i++) {
		if (ev->D[i].seen != CNAME_SEEN_FAILED)
			continue;
		char *l = server_label(&r->lv.sv[i]);
		finding_init(&f, F_CNAME_LOOKUP_FAILED, r->name);
		if (n_ok)
			f.severity = SEV_WARNING;
		finding_set_message(&f, _("The name server %s, delegated for %s, fails for %s: %s. %s"),
				    l, name_shown(r->lv.zone), name_shown(r->name), ev->D[i].detail,
				    n_ok ? _("The other servers answer, so validation may still succeed, but fix or remove this server at the registrar.")
					 : _("No delegated server answers, so ACM cannot validate: fix the name servers at the registrar or at the DNS host."));
		free(l);
		cname_with_evidence(ev, &f);
		cname_lookup_advice(ev, &f, n_match);
		cname_add_finding(ev->res, &f);
	}
}


/* Every server's view of the record, counted. Edited servers that are
 * also delegated add nothing. */
static void
view_servers(struct eval *ev, struct tally *t)
{
	struct rec *r = ev->r;
	memset(t, 0, sizeof *t);
	cname_classify(&r->main, r->name, r->value, false, &ev->R);
	ev->D = xcalloc(r->lv.n_sv + 1, sizeof *ev->D);
	ev->E = xcalloc(r->n_ed + 1, sizeof *ev->E);
	for (size_t i = 0; i < r->lv.n_sv; i++) {
		cname_classify(&r->lv.sv[i].o, r->name, r->value, true, &ev->D[i]);
		t->n_ok += ev->D[i].seen != CNAME_SEEN_FAILED;
		t->n_match += ev->D[i].seen == CNAME_SEEN_MATCH;
		if (ev->D[i].seen == CNAME_SEEN_OTHER && !t->n_other++) {
			t->other = ev->D[i].value;
			t->other_rr = ev->D[i].rr;
		}
	}
	for (size_t i = 0; i < r->n_ed; i++) {
		bool delegated = false;
		for (size_t k = 0; k < r->lv.n_sv; k++)
			delegated |= !strcmp(r->lv.sv[k].addr, r->ed[i].addr);
		if (!r->ed[i].o.sent) {
			ev->E[i].seen = CNAME_SEEN_FAILED;
			ev->E[i].detail = xstrdup(_("the name server's address could not be found"));
			continue;
		}
		cname_classify(&r->ed[i].o, r->name, r->value, true, &ev->E[i]);
		if (!delegated && ev->E[i].seen == CNAME_SEEN_MATCH)
			t->n_ed_match++;
		if (delegated)
			r->ed[i].edited = false;
	}
}

/* Some delegated servers have the record, some do not. */
static void
judge_disagreement(struct eval *ev)
{
	struct rec *r = ev->r;
	struct finding f;
	char *with = servers_where(ev, CNAME_SEEN_MATCH, true);
	char *without = servers_where(ev, CNAME_SEEN_MATCH, false);
	finding_init(&f, F_CNAME_NS_INCONSISTENT, r->name);
	finding_set_message(&f, _("The authoritative servers of %s disagree about %s: %s serve the record, %s do not. ACM may ask any of them: add the record where it is missing (at a secondary DNS host, or wait for a stuck zone transfer)."),
			    name_shown(r->lv.zone), name_shown(r->name), with, without);
	free(with);
	free(without);
	cname_with_evidence(ev, &f);
	cname_fix_add(ev, &f);
	cname_add_finding(ev->res, &f);
	ev->res->verdict = CNAME_V_INCONSISTENT;
}

/* In place everywhere the parent points: the resolver decides. */
static void
judge_in_place(struct eval *ev)
{
	struct rec *r = ev->r;
	const char *resolver = ev->chk->resolver;
	struct finding f;
	if (ev->R.seen == CNAME_SEEN_NXDOMAIN || ev->R.seen == CNAME_SEEN_NODATA) {
		finding_init(&f, F_CNAME_NEGATIVE_CACHED, r->name);
		finding_set_message(&f, _("Every authoritative server of %s serves the record, but the resolver %s still remembers that %s did not exist, for %lld more seconds (the zone's negative TTL). Nothing to change: wait, and ACM sees it too (its resolvers may cache it as long)."),
				    name_shown(r->lv.zone), resolver, name_shown(r->name), (long long)(ev->R.ttl >= 0 ? ev->R.ttl : 0));
		ev->res->verdict = CNAME_V_CACHED;
	} else if (ev->R.seen == CNAME_SEEN_OTHER) {
		finding_init(&f, F_CNAME_WRONG_VALUE, r->name);
		f.severity = SEV_WARNING;
		finding_set_message(&f, _("Every authoritative server serves the expected value, but the resolver %s still returns the old value %s, for %lld more seconds. Nothing to change: wait for the cache to expire."),
				    resolver, name_shown(ev->R.value), (long long)ev->R.ttl);
		ev->res->verdict = CNAME_V_CACHED;
	} else if (ev->R.seen == CNAME_SEEN_MATCH) {
		finding_init(&f, F_CNAME_OK, r->name);
		finding_set_message(&f, _("%s is a CNAME to %s at the resolver and at every authoritative server of %s; ACM can validate it (it checks on its own, which can take a few hours)."),
				    name_shown(r->name), name_shown(r->value), name_shown(r->lv.zone));
		ev->res->verdict = CNAME_V_OK;
	} else {
		return;            /* the resolver failed: lookup_failures said so */
	}
	cname_with_evidence(ev, &f);
	cname_add_finding(ev->res, &f);
}

/* The delegated servers hold another value: a typo, an older request, or
 * the value with the zone appended. */
static void
judge_other_value(struct eval *ev, const struct tally *t)
{
	struct rec *r = ev->r;
	struct finding f;
	bool suffixed = cname_value_suffixed(t->other, r->value, NULL) &&
			dns_name_is_under(r->name, t->other + cname_name_len_nodot(r->value) + 1);
	finding_init(&f, suffixed ? F_CNAME_VALUE_SUFFIXED : F_CNAME_WRONG_VALUE, r->name);
	if (suffixed)
		finding_set_message(&f, _("%s is a CNAME to %s: the DNS host appended the zone to the value because it was entered without its trailing dot. Set the value to %s (with the trailing dot, or as the host's form wants it)."),
				    name_shown(r->name), name_shown(t->other), r->value);
	else
		finding_set_message(&f, _("%s is a CNAME to %s, not to %s, which ACM expects (an earlier certificate request leaves a different value). Replace the value."),
				    name_shown(r->name), name_shown(t->other), name_shown(r->value));
	if (t->n_other < t->n_ok)
		finding_add_evidence(&f, _("; note: the servers do not all hold the same value"));
	cname_with_evidence(ev, &f);
	uint32_t ttl = t->other_rr ? t->other_rr->ttl : CNAME_NEW_RECORD_TTL;
	char *data = xstrdup(t->other);
	cname_note_existing(ev, r->name, DNS_T_CNAME, ttl, data);
	cname_fix(ev, &f, REC_DELETE, r->name, DNS_T_CNAME, ttl, data);
	free(data);
	cname_fix_add(ev, &f);
	cname_add_finding(ev->res, &f);
	ev->res->verdict = CNAME_V_WRONG;
}

/* The hosted zone (index) of the first server outside the delegation
 * that has the record, or -1 (none, or only --edited-ns ones have it). */
static int
matching_hosted_zone(const struct eval *ev)
{
	for (size_t i = 0; i < ev->r->n_ed; i++)
		if (ev->r->ed[i].edited && ev->r->ed[i].zone >= 0 && ev->E[i].seen == CNAME_SEEN_MATCH)
			return ev->r->ed[i].zone;
	return -1;
}

/* The record is only in a hosted zone nobody delegates to: name it, and
 * the zone to add it to (the delegated hosted zone, when there is one). */
static void
wrong_hosted_zone(struct eval *ev, struct finding *f, int zone)
{
	struct rec *r = ev->r;
	int p = cname_plan_for(ev);
	const struct cname_plan_info *pi = &ev->rep->plans[p];
	const struct check_hosted_zone *hz = &ev->chk->zones[zone];
	if (pi->plan.zone_id)
		finding_set_message(f, _("The record is in hosted zone %s (%s), but the registry delegates %s to other name servers (%s): that zone is not used. Add the record in hosted zone %s, the one with those name servers, and delete the unused zone %s."),
				    hz->id, name_shown(hz->name), name_shown(r->lv.zone), cname_ns_list(pi),
				    pi->plan.zone_id, hz->id);
	else
		finding_set_message(f, _("The record is in hosted zone %s (%s), but the registry delegates %s to other name servers (%s), which do not have it: that zone is not used. Add it at %s, or change the name servers at your registrar to those of hosted zone %s."),
				    hz->id, name_shown(hz->name), name_shown(r->lv.zone), cname_ns_list(pi),
				    cname_provider_label(ev), hz->id);
}

/* No delegated server has the record. */
static void
judge_absent(struct eval *ev, const struct tally *t)
{
	struct rec *r = ev->r;
	struct finding f;
	int hosted = t->n_ed_match ? matching_hosted_zone(ev) : -1;
	if (hosted >= 0) {
		finding_init(&f, F_CNAME_WRONG_ZONE, r->name);
		wrong_hosted_zone(ev, &f, hosted);
		ev->res->verdict = CNAME_V_WRONG_ZONE;
	} else if (t->n_ed_match) {
		int p = cname_plan_for(ev);     /* may grow the plans: index first */
		const struct cname_plan_info *pi = &ev->rep->plans[p];
		finding_init(&f, F_CNAME_WRONG_ZONE, r->name);
		finding_set_message(&f, _("The record is in the zone served by the name servers you edited, but the registry delegates %s to other name servers, which do not have it: you added it to a hosted zone that the registry does not delegate to. Add it at %s (the delegated name servers: %s), or change the name servers at your registrar to the ones you edited."),
				    name_shown(r->lv.zone), cname_provider_label(ev), cname_ns_list(pi));
		ev->res->verdict = CNAME_V_WRONG_ZONE;
	} else if (t->n_other) {
		judge_other_value(ev, t);
		return;
	} else if (cname_look_elsewhere(ev)) {
		ev->res->verdict = CNAME_V_WRONG;
		return;
	} else {
		finding_init(&f, F_CNAME_MISSING, r->name);
		finding_set_message(&f, _("%s does not exist at any authoritative server of %s, nor anywhere a misplaced copy usually ends up. Add a CNAME from %s to %s at %s."),
				    name_shown(r->name), name_shown(r->lv.zone), name_shown(r->name), name_shown(r->value), cname_provider_label(ev));
		ev->res->verdict = CNAME_V_MISSING;
	}
	cname_with_evidence(ev, &f);
	cname_fix_add(ev, &f);
	cname_add_finding(ev->res, &f);
}

/* The servers as the report shows them: delegated ones, then edited ones
 * that are not delegated. */
static void
server_views(struct eval *ev)
{
	struct rec *r = ev->r;
	struct cname_result *res = ev->res;
	res->servers = xcalloc(r->lv.n_sv + r->n_ed + 1, sizeof *res->servers);
	for (size_t pass = 0; pass < 2; pass++) {
		size_t n = pass ? r->n_ed : r->lv.n_sv;
		for (size_t i = 0; i < n; i++) {
			const struct sv *s = pass ? &r->ed[i] : &r->lv.sv[i];
			const struct seen_info *si = pass ? &ev->E[i] : &ev->D[i];
			if (pass && !s->edited)
				continue;
			struct cname_server_view *v = &res->servers[res->n_servers++];
			v->addr = xstrdup(s->addr);
			v->names = xstrdup(s->names ? s->names : "");
			v->edited = pass == 1;
			v->hosted_zone = pass && s->zone >= 0 ? xstrdup(ev->chk->zones[s->zone].id) : NULL;
			v->seen = si->seen;
			v->value = si->value ? xstrdup(si->value) : NULL;
			v->detail = si->detail ? xstrdup(si->detail) : NULL;
		}
	}
}

static void
eval_clear(struct eval *ev)
{
	free(ev->R.detail);
	for (size_t i = 0; i < ev->r->lv.n_sv; i++)
		free(ev->D[i].detail);
	for (size_t i = 0; i < ev->r->n_ed; i++)
		free(ev->E[i].detail);
	free(ev->D);
	free(ev->E);
	strv_free(ev->evidence, ev->n_evidence);
}

void
cname_evaluate(struct cname_check *chk, struct rec *r, struct cname_report *rep, struct cname_result *res)
{
	struct eval ev = { .chk = chk, .r = r, .rep = rep, .res = res, .advice = -1 };
	struct tally t;
	view_servers(&ev, &t);
	/* A public suffix is nobody's zone (a domain that is not delegated). */
	res->zone = r->lv.n_sv && !psl_is_public(psl_default(), r->lv.zone) ? xstrdup(r->lv.zone) : NULL;
	res->cache_ttl = ev.R.ttl;
	if (ev.R.seen == CNAME_SEEN_MATCH || ev.R.seen == CNAME_SEEN_OTHER)
		res->resolver_value = xstrdup(ev.R.value);
	build_evidence(&ev);

	lookup_failures(&ev, t.n_ok, t.n_match);
	/* A domain that is not there: nothing more to judge in it. */
	bool no_domain = cname_not_delegated(&ev);
	if (!no_domain && t.n_ok && t.n_match && t.n_match < t.n_ok)
		judge_disagreement(&ev);
	else if (!no_domain && t.n_ok && t.n_match == t.n_ok)
		judge_in_place(&ev);
	else if (!no_domain && t.n_ok)
		judge_absent(&ev, &t);
	if (ev.R.seen == CNAME_SEEN_FAILED || t.n_ok == 0)
		res->verdict = CNAME_V_LOOKUP_FAILED;
	server_views(&ev);
	eval_clear(&ev);
}
