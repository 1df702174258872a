#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "fix/provider.h"
#include "fix_summary.h"
#include "net/dns_wire.h"
#include "net/names.h"

/* The name server to name: the first in order, whatever order the DNS
 * gave them in (round robin would change it from run to run). */
static const char *
first_ns(const struct plan_view *v)
{
	const char *first = NULL;
	for (size_t i = 0; i < v->n_ns; i++)
		if (!first || strcmp(v->ns[i], first) < 0)
			first = v->ns[i];
	return first ? name_shown(first) : NULL;
}

void
ui_fix_where(const struct plan_view *v, char *buf, size_t len)
{
	if (v->provider)
		/* TRANSLATORS: where the fix goes: "at Cloudflare" */
		snprintf(buf, len, _("at %s"), provider_title(v->provider));
	else if (v->n_ns)
		/* TRANSLATORS: where the fix goes when the provider is unknown:
		 * "at your DNS provider (ns1.example.net)" */
		snprintf(buf, len, _("at your DNS provider (%s)"), first_ns(v));
	else
		snprintf(buf, len, "%s", _("at your DNS provider"));
}

/* The one change when the plan has exactly one set to touch. */
static bool
one_set(const struct change_plan *p, const char *where, char *buf, size_t len)
{
	if (p->n_sets != 1)
		return false;
	const struct rrset_change *set = &p->sets[0];
	const char *name = name_shown(set->name);
	const char *type = dns_type_name(set->type);
	/* TRANSLATORS: the fix in one line: "Fix: add NAME TYPE DATA at
	 * PROVIDER." (the last %s is "at Cloudflare" and the like) */
	if (set->n_adds == 1 && !set->n_deletes)
		snprintf(buf, len, _("Fix: add %s %s %s %s."), name, type, set->adds[0].data, where);
	else if (set->n_adds == 1)
		snprintf(buf, len, _("Fix: change %s %s to %s %s."), name, type, set->adds[0].data, where);
	else if (!set->n_adds && set->n_deletes == 1)
		snprintf(buf, len, _("Fix: delete %s %s %s %s."), name, type, set->deletes[0].data, where);
	else
		return false;
	return true;
}

void
ui_fix_summary(const struct plan_view *v, char *buf, size_t len)
{
	/* A fix that is no record change (a resolver that is not one, a
	 * zone's servers that fail) has no records to count: its heading
	 * says what to do. */
	if (v->advice && v->title) {
		snprintf(buf, len, "%s.", v->title);
		return;
	}
	char where[300];
	ui_fix_where(v, where, sizeof where);
	const struct change_plan *p = v->plan;
	if (one_set(p, where, buf, len))
		return;
	size_t adds = 0, deletes = 0;
	for (size_t i = 0; i < p->n_sets; i++) {
		adds += p->sets[i].n_adds;
		deletes += p->sets[i].n_deletes;
	}
	const char *zone = p->zone ? name_shown(p->zone) : v->owner ? name_shown(v->owner) : "?";
	/* TRANSLATORS: "Fix: 2 records to add, 1 to delete in the zone example.com at Cloudflare." */
	snprintf(buf, len, _("Fix: %zu records to add, %zu to delete in the zone %s %s."), adds, deletes, zone, where);
}

void
ui_fix_unknown_provider(const struct plan_view *v, char *buf, size_t len)
{
	const char *ns = first_ns(v);
	if (ns && v->ns_mixed)
		snprintf(buf, len, _("The name servers (%s, ...) belong to several providers: the zone-file lines below work at any of them."), ns);
	else if (ns)
		snprintf(buf, len, _("No provider recognised from the name servers (%s): the zone-file lines below work at any provider."), ns);
	else
		snprintf(buf, len, "%s", _("The DNS provider is not known: the zone-file lines below work at any provider."));
}

const char *
ui_severity_label(enum severity sev)
{
	switch (sev) {
	case SEV_ERROR: return _("error");
	case SEV_WARNING: return _("warning");
	default: return _("info");
	}
}
