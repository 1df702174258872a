/* The CNAME check's fixes that are no record change. When the record's
 * lookups fail, the fix names the delegated servers (NS name and address,
 * each with what it said, as the walk in cname_probe.c asked them), the
 * zone, who runs it (the provider its NS set shows) and what to do there.
 * When the registered domain itself is not delegated (its parent's servers
 * answer NXDOMAIN), that is the finding, with where to register it; and a
 * public suffix is never treated as the user's zone. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/cname/cname_int.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "fix/provider.h"
#include "net/names.h"
#include "net/psl.h"

/* A new advice plan: the walk's zone (unless public), its NS set (so the
 * provider) and every delegated server with what it said. */
static int
advice_plan(struct eval *ev, const char *owner)
{
	struct cname_report *rep = ev->rep;
	const struct rec *r = ev->r;
	rep->plans = xrealloc(rep->plans, (rep->n_plans + 1) * sizeof *rep->plans);
	struct cname_plan_info *pi = &rep->plans[rep->n_plans];
	memset(pi, 0, sizeof *pi);
	bool public = psl_is_public(psl_default(), r->lv.zone);
	pi->plan.zone = r->lv.zone && !public ? xstrdup(r->lv.zone) : NULL;
	pi->owner = xstrdup(owner);
	for (size_t i = 0; i < r->lv.n_ns; i++)
		strv_push(&pi->ns, &pi->n_ns, r->lv.ns[i].name);
	pi->provider = check_zone_provider(ev->chk->forced_provider, pi->ns, pi->n_ns, &pi->detected, &pi->ns_mixed);
	pi->servers = xcalloc(r->lv.n_sv + 1, sizeof *pi->servers);
	for (size_t i = 0; i < r->lv.n_sv; i++) {
		struct server_view *v = &pi->servers[pi->n_servers++];
		v->names = xstrdup(r->lv.sv[i].names ? r->lv.sv[i].names : "");
		v->addr = xstrdup(r->lv.sv[i].addr);
		v->said = xstrdup(ev->D[i].detail ? ev->D[i].detail : "?");
		v->fails = ev->D[i].seen == CNAME_SEEN_FAILED;
	}
	return (int)rep->n_plans++;
}

/* The delegated servers that failed: dead ones (no answer at all), or
 * lame ones (refused, referred, not authoritative); ", "-joined. */
static char *
failing(struct eval *ev, bool lame, unsigned long *n)
{
	struct strbuf sb;
	sb_init_limit(&sb, 2048);
	*n = 0;
	for (size_t i = 0; i < ev->r->lv.n_sv; i++) {
		if (ev->D[i].seen != CNAME_SEEN_FAILED || ev->D[i].lame != lame)
			continue;
		sb_addf(&sb, "%s%s (%s)", sb.len ? ", " : "", ev->r->lv.sv[i].names, ev->r->lv.sv[i].addr);
		(*n)++;
	}
	return sb_steal(&sb);
}

static char *
advise(struct eval *ev, const struct cname_plan_info *pi, size_t n_match)
{
	const struct rec *r = ev->r;
	const char *zone = name_shown(r->lv.zone ? r->lv.zone : r->name);
	char *host = pi->provider ? xstrdup(provider_title(pi->provider)) : str_fmt(1024, _("the DNS host of %s"), zone);
	unsigned long nd, nl;
	char *dead = failing(ev, false, &nd), *lame = failing(ev, true, &nl);
	char *out;
	if (ev->R.seen == CNAME_SEEN_FAILED && n_match)
		out = str_fmt(4096, _("The servers of %s serve the record, but the resolver fails on it: the zone's DNSSEC chain of trust is broken. At the registrar of %s, publish the DS of the zone's current key (%s can show it) or remove the DS; or, if the signatures expired, re-sign the zone at %s."),
			      zone, zone, host, host);
	else if (nl)
		out = str_fmt(4096, ngettext("%s does not serve %s (lame delegation). Add the zone at that server's DNS host, or remove the server from the NS set at the registrar of %s.",
					     "%s do not serve %s (lame delegation). Add the zone at those servers' DNS host, or remove the servers from the NS set at the registrar of %s.", nl),
			      lame, zone, zone);
	else if (nd)
		out = str_fmt(4096, ngettext("%s does not answer. At the registrar of %s, remove it from the NS set (and its NS record from the zone), or bring it back at %s.",
					     "%s do not answer. At the registrar of %s, remove them from the NS set (and their NS records from the zone), or bring them back at %s.", nd),
			      dead, zone, host);
	else if (r->walk_note)
		out = str_fmt(4096, _("The name servers of %s could not be reached (%s). Check the NS set of %s at the registrar, and that %s serves the zone."),
			      zone, r->walk_note, zone, host);
	else
		out = str_fmt(4096, _("The resolver fails on the record while the servers answer: ask %s to check the zone's DNSSEC signatures and its answers to CNAME queries."),
			      host);
	free(host);
	free(dead);
	free(lame);
	return out;
}

void
cname_lookup_advice(struct eval *ev, struct finding *f, size_t n_match)
{
	if (ev->advice < 0) {
		ev->advice = advice_plan(ev, ev->r->lv.zone ? ev->r->lv.zone : ev->r->name);
		struct cname_plan_info *pi = &ev->rep->plans[ev->advice];
		pi->title = str_fmt(1024, _("Fix: the name servers of %s"),
				    name_shown(ev->r->lv.zone ? ev->r->lv.zone : ev->r->name));
		pi->advice = advise(ev, pi, n_match);
	}
	f->plan = ev->advice;
}

bool
cname_not_delegated(struct eval *ev)
{
	const struct rec *r = ev->r;
	const char *reg = psl_registered(psl_default(), r->name);
	/* The servers asked last are the registered domain's own (or below):
	 * it exists. */
	if (!reg || !r->lv.zone || !r->lv.n_sv || dns_name_is_under(r->lv.zone, reg))
		return false;
	size_t nx = 0;
	for (size_t i = 0; i < r->lv.n_sv; i++) {
		if (ev->D[i].seen == CNAME_SEEN_NXDOMAIN)
			nx++;
		else if (ev->D[i].seen != CNAME_SEEN_FAILED)
			return false;
	}
	if (!nx)
		return false;
	struct finding f;
	finding_init(&f, F_DOMAIN_NOT_DELEGATED, reg);
	finding_set_message(&f, _("%s does not exist in the DNS: the servers of %s answer NXDOMAIN for it, so it is not registered, has expired, or lost its delegation. The validation record cannot be added until it is delegated: register or renew %s, or set its name servers again at the registrar."),
			    name_shown(reg), name_shown(r->lv.zone), name_shown(reg));
	cname_with_evidence(ev, &f);
	ev->advice = advice_plan(ev, reg);
	struct cname_plan_info *pi = &ev->rep->plans[ev->advice];
	strv_free(pi->ns, pi->n_ns);   /* the registry's servers: listed, not "a DNS host" */
	pi->ns = NULL;
	pi->n_ns = 0;
	pi->provider = NULL;
	pi->detected = pi->ns_mixed = false;
	pi->title = str_fmt(1024, _("Fix: register or delegate %s"), name_shown(reg));
	pi->advice = str_fmt(4096, _("At the registrar of %s: register it (or renew it, if it expired), or set its name servers again. The registry of %s has to delegate it before any record, CAA or validation CNAME, can exist."),
			     name_shown(reg), name_shown(r->lv.zone));
	f.plan = ev->advice;
	cname_add_finding(ev->res, &f);
	ev->res->verdict = CNAME_V_MISSING;
	return true;
}
