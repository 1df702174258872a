/* The CAA check's fix: for each place to change (the owner of the deciding
 * record set, or the zone apex above a set the user cannot edit), the one
 * change that lets every requested name pass at once. It never empties a
 * set (that would hand the decision to the next name up the climb), and a
 * change that would not let every name pass is marked unsound, not
 * offered. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/caa/caa_int.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "fix/provider.h"

/* Where the fix for a denied target goes, and whether the records there are
 * carried over from a set the user cannot edit (a TLD's, a parent zone's). */
const char *
caa_change_owner(struct caa_check *chk, const struct target_state *t, bool *carry, bool *foreign)
{
	const struct node *n = &chk->nodes[t->relevant];
	*carry = *foreign = false;
	if (strcmp(n->owner, n->name)) {
		*foreign = true;
		return n->owner;
	}
	const struct zinfo *zb = t->zone_of_base >= 0 ? &chk->zones[t->zone_of_base] : NULL;
	if (zb && zb->zone && !dns_name_is_under(n->owner, zb->zone)) {
		*carry = true;
		return zb->zone;
	}
	return n->owner;
}

/* Is t denied, with its fix going to owner? */
static bool
denied_at(struct caa_check *chk, const struct target_state *t, const char *owner)
{
	bool carry, foreign;
	return t->relevant >= 0 && t->dec.outcome == CAA_OUT_DENY &&
	       !strcmp(caa_change_owner(chk, t, &carry, &foreign), owner);
}

static void
record_from_prop(struct record *r, enum rec_action action, const char *owner,
		 const struct caa_prop *p)
{
	record_init_caa(r, action, owner, CAA_NEW_RECORD_TTL, p->flags, p->tag, p->value);
}

static bool
prop_deleted(const struct caa_prop *p)
{
	return (p->critical && !p->known_tag) || (p->malformed && p->looks_like_ca);
}

int
caa_build_plan(struct caa_check *chk, struct caa_report *rep, const char *owner, bool carry,
	   bool foreign, const struct target_state *first)
{
	const struct node *n = &chk->nodes[first->relevant];
	size_t alloc = rep->n_plans;
	rep->plans = xgrow(rep->plans, &alloc, rep->n_plans + 1, sizeof *rep->plans);
	struct caa_plan_info *pi = &rep->plans[rep->n_plans];
	memset(pi, 0, sizeof *pi);
	pi->owner = xstrdup(owner);
	pi->foreign = foreign;
	const struct zinfo *z = &chk->zones[carry ? first->zone_of_base : first->zone_of_owner];
	pi->plan.zone = z->zone ? xstrdup(z->zone) : NULL;
	for (size_t i = 0; i < z->n_ns; i++)
		strv_push(&pi->ns, &pi->n_ns, z->ns[i]);
	pi->provider = check_zone_provider(chk->forced_provider, z->ns, z->n_ns, &pi->detected, &pi->ns_mixed);
	const struct check_hosted_zone *hz = check_hosted_zone_delegated(chk->hosted_zones, chk->n_hosted_zones,
									  z->zone, z->ns, z->n_ns);
	pi->plan.zone_id = hz ? xstrdup(hz->id) : NULL;
	if (hz && !chk->forced_provider && provider_get(hz->provider)) {
		pi->provider = provider_get(hz->provider);
		pi->detected = true;
	}

	/* What stays, what goes. */
	struct caa_prop *kept = xcalloc(n->n_props + 2, sizeof *kept);
	size_t n_kept = 0;
	struct rrset_change *set = plan_rrset(&pi->plan, owner, DNS_T_CAA, CAA_NEW_RECORD_TTL);
	for (size_t i = 0; i < n->n_props; i++) {
		const struct caa_prop *p = &n->props[i];
		struct record r;
		if (!carry) {
			set->existing = xrealloc(set->existing, (set->n_existing + 1) * sizeof *set->existing);
			record_from_prop(&set->existing[set->n_existing++], REC_ADD, owner, p);
		}
		if (prop_deleted(p)) {
			if (!carry) {
				record_from_prop(&r, REC_DELETE, owner, p);
				plan_add(&pi->plan, &r);
				record_clear(&r);
			}
			continue;
		}
		/* A malformed value authorises nobody: not worth copying into a
		 * new set above which it would sit. */
		if (carry && p->malformed)
			continue;
		kept[n_kept++] = *p;    /* shallow: caa_decide only reads */
		if (carry) {
			record_from_prop(&r, REC_ADD, owner, p);
			plan_add(&pi->plan, &r);
			record_clear(&r);
		}
	}
	/* What every target with this owner still needs. A set left empty
	 * would vanish and hand the decision to the next name up the climb,
	 * so it always keeps the CA's own record. */
	bool need_issue = n_kept == 0, need_wild = false;
	for (size_t i = 0; i < chk->n_targets; i++) {
		const struct target_state *t = &chk->targets[i];
		if (!denied_at(chk, t, owner))
			continue;
		struct caa_decision d;
		caa_decide(kept, n_kept, t->wildcard, &d);
		if (d.outcome == CAA_OUT_DENY && d.reason == CAA_R_WILD_NOT_LISTED)
			need_wild = true;
		else if (d.outcome == CAA_OUT_DENY)
			need_issue = true;
	}
	struct caa_prop added[2];
	size_t n_added = 0;
	const char *ca = chk->ids->names[0];
	const char *tags[2] = { need_issue ? "issue" : NULL, need_wild ? "issuewild" : NULL };
	for (size_t k = 0; k < 2; k++) {
		if (!tags[k])
			continue;
		caa_prop_analyse(&added[n_added], 0, (const uint8_t *)tags[k], strlen(tags[k]),
				 (const uint8_t *)ca, strlen(ca), chk->ids);
		struct record r;
		record_from_prop(&r, REC_ADD, owner, &added[n_added]);
		plan_add(&pi->plan, &r);
		record_clear(&r);
		kept[n_kept++] = added[n_added++];
	}
	/* The plan must make every name with this owner pass at once. */
	int bad = 0;
	for (size_t i = 0; i < chk->n_targets; i++) {
		const struct target_state *t = &chk->targets[i];
		if (!denied_at(chk, t, owner))
			continue;
		struct caa_decision d;
		caa_decide(kept, n_kept, t->wildcard, &d);
		if (d.outcome != CAA_OUT_PERMIT)
			bad++;
	}
	for (size_t k = 0; k < n_added; k++)
		caa_prop_clear(&added[k]);
	free(kept);
	pi->unsound = bad > 0;
	rep->n_plans++;
	return (int)(rep->n_plans - 1);
}

void
caa_attach_plan(struct caa_report *rep, struct caa_target *ct, int plan)
{
	const struct caa_plan_info *pi = &rep->plans[plan];
	for (size_t i = 0; i < ct->n_findings; i++) {
		struct finding *f = &ct->findings[i];
		if (f->code != F_CAA_BLOCKS_AMAZON && f->code != F_CAA_BLOCKS_AMAZON_WILDCARD &&
		    f->code != F_CAA_CRITICAL_UNKNOWN)
			continue;
		f->plan = plan;
		for (size_t s = 0; s < pi->plan.n_sets; s++) {
			const struct rrset_change *set = &pi->plan.sets[s];
			for (size_t k = 0; k < set->n_deletes; k++)
				finding_add_record(f, &set->deletes[k]);
			for (size_t k = 0; k < set->n_adds; k++)
				finding_add_record(f, &set->adds[k]);
		}
	}
}
