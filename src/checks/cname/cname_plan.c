/* The CNAME check's fix: one change plan per zone, shared by every
 * record in it, with the provider recognised from the zone's delegated
 * name servers; and the words that say where a record goes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/cname/cname_int.h"
#include "core/i18n.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "fix/provider.h"
#include "net/names.h"
#include "net/psl.h"

/* The record name relative to its zone ("_x1" in "cname-doubled.test."),
 * as hosts that append the zone want it typed; the full name when the
 * zone is unknown or does not contain it. */
const char *
cname_label_of(const char *name, const char *zone)
{
	static char buf[DNS_NAME_TEXT_MAX];
	size_t nl = strlen(name), zl = zone ? strlen(zone) : 0;
	if (!zone || zl >= nl || strcmp(name + nl - zl, zone) || name[nl - zl - 1] != '.')
		return name_shown(name);
	size_t len = nl - zl - 1;
	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, name, len);
	buf[len] = '\0';
	return buf;
}

/* "a.ns.example., b.ns.example." for a message (bounded). */
const char *
cname_ns_list(const struct cname_plan_info *pi)
{
	static char buf[512];
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < pi->n_ns && used + 4 < sizeof buf; i++)
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? ", " : "", pi->ns[i]);
	return pi->n_ns ? buf : "?";
}

/* The plan for the record's zone, shared by every record in that zone. */
int
cname_plan_for(struct eval *ev)
{
	struct cname_report *rep = ev->rep;
	const char *zone = ev->r->lv.zone && ev->r->lv.n_sv ? ev->r->lv.zone : NULL;
	/* A public suffix is nobody's zone: the zone is then not found, and
	 * the fix says so and gives full names. */
	if (psl_is_public(psl_default(), zone))
		zone = NULL;
	for (size_t i = 0; i < rep->n_plans; i++) {
		const char *pz = rep->plans[i].plan.zone;
		if (rep->plans[i].advice)
			continue;
		if ((!pz && !zone) || (pz && zone && !strcmp(pz, zone)))
			return (int)i;
	}
	rep->plans = xrealloc(rep->plans, (rep->n_plans + 1) * sizeof *rep->plans);
	struct cname_plan_info *pi = &rep->plans[rep->n_plans];
	memset(pi, 0, sizeof *pi);
	pi->plan.zone = zone ? xstrdup(zone) : NULL;
	for (size_t i = 0; zone && i < ev->r->lv.n_ns; i++)
		strv_push(&pi->ns, &pi->n_ns, ev->r->lv.ns[i].name);
	pi->provider = check_zone_provider(ev->chk->forced_provider, pi->ns, pi->n_ns,
					   &pi->detected, &pi->ns_mixed);
	const struct check_hosted_zone *hz = check_hosted_zone_delegated(ev->chk->zones, ev->chk->n_zones,
									  zone, pi->ns, pi->n_ns);
	pi->plan.zone_id = hz ? xstrdup(hz->id) : NULL;
	/* a zone the provider's API says it hosts, with these very servers */
	if (hz && !ev->chk->forced_provider && provider_get(hz->provider)) {
		pi->provider = provider_get(hz->provider);
		pi->detected = true;
	}
	return (int)rep->n_plans++;
}

/* Put a record into the zone's plan and onto the finding. */
void
cname_fix(struct eval *ev, struct finding *f, enum rec_action action, const char *name, uint16_t type,
    uint32_t ttl, const char *data)
{
	int p = cname_plan_for(ev);
	struct change_plan *plan = &ev->rep->plans[p].plan;
	/* A record outside the zone is somebody else's plan: say it, do not
	 * put it where the user would paste it into the wrong zone. */
	if (plan->zone && !dns_name_is_under(name, plan->zone))
		return;
	struct record rec;
	record_init(&rec, action, name, type, ttl, data);
	plan_add(plan, &rec);
	finding_add_record(f, &rec);
	record_clear(&rec);
	f->plan = p;
	ev->res->plan = p;
}

void
cname_fix_add(struct eval *ev, struct finding *f)
{
	cname_fix(ev, f, REC_ADD, ev->r->name, DNS_T_CNAME, CNAME_NEW_RECORD_TTL, ev->r->value);
}

/* Existing values shown next to a change (UPSERT-style templates need them). */
void
cname_note_existing(struct eval *ev, const char *name, uint16_t type, uint32_t ttl, const char *data)
{
	int p = cname_plan_for(ev);
	struct change_plan *plan = &ev->rep->plans[p].plan;
	if (plan->zone && !dns_name_is_under(name, plan->zone))
		return;
	/* A set that stays keeps its TTL (UPSERT writes it); one made anew
	 * gets ours. */
	struct rrset_change *set = plan_rrset(plan, name, type, type == DNS_T_CNAME ? CNAME_NEW_RECORD_TTL : ttl);
	set->existing = xrealloc(set->existing, (set->n_existing + 1) * sizeof *set->existing);
	record_init(&set->existing[set->n_existing++], REC_ADD, name, type, ttl, data);
}

/* An address record that holds the record's name: the CNAME set replaces
 * it (the CNAME cannot be added beside it). */
void
cname_note_replaced(struct eval *ev, const struct dns_rr *rr)
{
	int p = cname_plan_for(ev);
	struct change_plan *plan = &ev->rep->plans[p].plan;
	if (plan->zone && !dns_name_is_under(rr->owner, plan->zone))
		return;
	char *data = dns_rdata_text(rr);
	struct record rec;
	record_init(&rec, REC_DELETE, rr->owner, rr->type, rr->ttl, data);
	rrset_replace(plan_rrset(plan, rr->owner, DNS_T_CNAME, CNAME_NEW_RECORD_TTL), &rec);
	record_clear(&rec);
	free(data);
}

const char *
cname_provider_label(struct eval *ev)
{
	int p = cname_plan_for(ev);
	const struct cname_plan_info *pi = &ev->rep->plans[p];
	if (pi->provider)
		return provider_title(pi->provider);
	if (pi->n_ns)
		return name_shown(pi->ns[0]);     /* it ends a sentence: no dot */
	return _("the DNS host the registry delegates to");
}
