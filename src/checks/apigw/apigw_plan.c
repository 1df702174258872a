/* The fix of a custom domain that points at the wrong place: one change
 * in the zone of the name, replacing what is there (its CNAME, or the
 * address records typed in its place) with a CNAME to the target API
 * Gateway gives, marked as a Route 53 alias candidate with the target's
 * hosted zone id, so Route 53's renderings write an alias A record and
 * every other provider the CNAME. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/apigw/apigw_int.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "fix/provider.h"

/* What the name holds now, so that it is replaced, not added to. A
 * proxied name shows the proxy's addresses, not its records: nothing is
 * known to replace there. */
static void
note_existing(struct change_plan *plan, const struct apigw_facts *f, bool proxied)
{
	if (f->n_chain) {
		uint32_t ttl = f->record_ttl ? f->record_ttl : f->chain[0].ttl;
		struct rrset_change *set = plan_rrset(plan, f->name, DNS_T_CNAME, APIGW_NEW_TTL);
		set->existing = xrealloc(set->existing, (set->n_existing + 1) * sizeof *set->existing);
		record_init(&set->existing[set->n_existing++], REC_ADD, f->name, DNS_T_CNAME, ttl,
			    f->chain[0].target);
		struct record del;
		record_init(&del, REC_DELETE, f->name, DNS_T_CNAME, ttl, f->chain[0].target);
		plan_add(plan, &del);
		record_clear(&del);
		return;
	}
	if (proxied || f->dns_end != APIGW_DNS_ADDRESSES)
		return;
	for (size_t i = 0; i < f->n_addrs; i++) {
		uint16_t type = strchr(f->addrs[i], ':') ? DNS_T_AAAA : DNS_T_A;
		uint32_t ttl = f->record_ttl && type == DNS_T_A ? f->record_ttl : f->addr_ttl;
		struct rrset_change *set = plan_rrset(plan, f->name, type, ttl);
		set->existing = xrealloc(set->existing, (set->n_existing + 1) * sizeof *set->existing);
		record_init(&set->existing[set->n_existing++], REC_ADD, f->name, type, ttl, f->addrs[i]);
		struct record del;
		record_init(&del, REC_DELETE, f->name, type, ttl, f->addrs[i]);
		plan_add(plan, &del);
		record_clear(&del);
	}
}

int
apigw_build_plan(struct apigw_check *chk, struct apigw_report *rep, const struct apigw_facts *f,
		 const struct apigw_fix *fix, bool proxied)
{
	rep->plans = xrealloc(rep->plans, (rep->n_plans + 1) * sizeof *rep->plans);
	struct apigw_plan_info *pi = &rep->plans[rep->n_plans];
	memset(pi, 0, sizeof *pi);
	pi->plan.zone = f->zone ? xstrdup(f->zone) : NULL;
	for (size_t i = 0; i < f->n_ns; i++)
		strv_push(&pi->ns, &pi->n_ns, f->ns[i]);
	pi->provider = check_zone_provider(chk->forced_provider, pi->ns, pi->n_ns, &pi->detected, &pi->ns_mixed);
	note_existing(&pi->plan, f, proxied);
	struct record add;
	record_init(&add, REC_ADD, f->name, DNS_T_CNAME, APIGW_NEW_TTL, fix->target);
	if (fix->zone_id)
		record_set_alias(&add, fix->zone_id, fix->cloudfront ? "CloudFront distribution" : "API Gateway API",
				 fix->region, fix->ipv6);
	plan_add(&pi->plan, &add);
	record_clear(&add);
	return (int)rep->n_plans++;
}

struct plan_view
apigw_plan_view(const struct apigw_plan_info *pi)
{
	const struct rrset_change *s = pi->plan.n_sets ? &pi->plan.sets[pi->plan.n_sets - 1] : NULL;
	return (struct plan_view){ .plan = &pi->plan, .ns = pi->ns, .n_ns = pi->n_ns,
				   .provider = pi->provider, .detected = pi->detected,
				   .ns_mixed = pi->ns_mixed, .owner = s ? s->name : NULL, .type = "CNAME" };
}
