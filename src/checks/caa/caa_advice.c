/* The CAA check's fixes that are no record change. When a CAA lookup
 * fails, the delegation is walked down to the failing name (checks/deleg.h)
 * and its servers asked directly, so the fix names them (NS name and
 * address), the zone, who runs it (the provider its NS set shows) and what
 * to do there. When the registered domain answers NXDOMAIN, its parent's
 * servers are asked, and their NXDOMAIN is the evidence that the domain is
 * not delegated: no record can be added, and nothing is rendered "at" a
 * public suffix. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/caa/caa_int.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "fix/provider.h"
#include "net/names.h"
#include "net/psl.h"

#define DEFAULT_TIMEOUT_MS 3000

/* Where the walk to the node at climb position pos starts: the zone of the
 * nearest ancestor that answered, or the root. */
static const char *
walk_from(struct caa_check *chk, const struct target_state *t, size_t pos)
{
	for (size_t i = pos + 1; i < t->n_climb; i++) {
		const struct node *n = &chk->nodes[t->climb[i]];
		if (n->state == N_EMPTY && n->zone)
			return n->zone;
		if (n->state == N_FAIL)
			return ".";
	}
	return ".";
}

static void
on_walk_done(void *ctx)
{
	struct walk_info *wi = ctx;
	caa_phase_close(wi->chk);
}

static void
start_walk(struct caa_check *chk, size_t node, const char *from, uint16_t qtype)
{
	if (chk->nodes[node].walk >= 0)
		return;
	struct walk_info *wi = &chk->walks[chk->n_walks];
	chk->nodes[node].walk = (int)chk->n_walks++;
	wi->chk = chk;
	wi->node = node;
	chk->outstanding++;         /* closed by on_walk_done */
	wi->walk = deleg_start(chk->loop, chk->dns, &chk->log, from, chk->nodes[node].name, qtype,
			       chk->timeout_ms > 0 ? chk->timeout_ms : DEFAULT_TIMEOUT_MS, on_walk_done, wi);
}

void
caa_walks_start(struct caa_check *chk)
{
	/* At most two walks a target: sized once, so the contexts stay put. */
	chk->walks = xcalloc(2 * chk->n_targets + 1, sizeof *chk->walks);
	for (size_t i = 0; i < chk->n_targets; i++) {
		const struct target_state *t = &chk->targets[i];
		if (t->failed >= 0) {
			size_t pos = 0;
			while (pos < t->n_climb && (int)t->climb[pos] != t->failed)
				pos++;
			start_walk(chk, (size_t)t->failed, walk_from(chk, t, pos), DNS_T_CAA);
		}
		if (t->registered >= 0) {
			const struct node *n = &chk->nodes[t->registered];
			start_walk(chk, (size_t)t->registered, n->zone ? n->zone : dns_name_parent(n->name), DNS_T_NS);
		}
	}
}

void
caa_walks_free(struct caa_check *chk)
{
	for (size_t i = 0; i < chk->n_walks; i++)
		deleg_free(chk->walks[i].walk);
	free(chk->walks);
	chk->walks = NULL;
	chk->n_walks = 0;
}

static const struct deleg_result *
walk_of(const struct caa_check *chk, int node)
{
	if (node < 0 || chk->nodes[node].walk < 0)
		return NULL;
	return deleg_result(chk->walks[chk->nodes[node].walk].walk);
}

/* A new advice plan in the report, with the walk's zone, NS set (and so
 * the provider) and servers. */
static int
advice_plan(struct caa_check *chk, struct caa_report *rep, const struct deleg_result *r, const char *zone,
	    const char *owner)
{
	size_t alloc = rep->n_plans;
	rep->plans = xgrow(rep->plans, &alloc, rep->n_plans + 1, sizeof *rep->plans);
	struct caa_plan_info *pi = &rep->plans[rep->n_plans];
	memset(pi, 0, sizeof *pi);
	pi->owner = xstrdup(owner);
	pi->plan.zone = zone && !psl_is_public(psl_default(), zone) ? xstrdup(zone) : NULL;
	for (size_t i = 0; r && i < r->n_ns; i++)
		strv_push(&pi->ns, &pi->n_ns, r->ns[i]);
	pi->provider = check_zone_provider(chk->forced_provider, pi->ns, pi->n_ns, &pi->detected, &pi->ns_mixed);
	pi->servers = xcalloc(r && r->n_servers ? r->n_servers : 1, sizeof *pi->servers);
	for (size_t i = 0; r && i < r->n_servers; i++) {
		struct server_view *v = &pi->servers[pi->n_servers++];
		v->names = xstrdup(r->servers[i].names);
		v->addr = xstrdup(r->servers[i].addr);
		v->said = deleg_said(&r->servers[i], &v->fails);
	}
	return (int)rep->n_plans++;
}

/* Who runs the zone, in words: the provider its NS set shows, else "the
 * DNS host" (the fix's heading lists the name servers). */
static char *
host_words(const struct caa_plan_info *pi, const char *zone)
{
	if (pi->provider)
		return xstrdup(provider_title(pi->provider));
	return str_fmt(1024, _("the DNS host of %s"), name_shown(zone));
}

enum server_kind { SK_DEAD, SK_LAME, SK_OTHER };

static bool
server_is(const struct deleg_server *s, enum server_kind k)
{
	bool dead = s->outcome == DNS_TIMEOUT || s->outcome == DNS_UNREACHABLE;
	bool lame = s->msg && (s->msg->rcode == DNS_RC_REFUSED ||
			       (!s->msg->aa && (s->msg->rcode == DNS_RC_NOERROR || s->msg->rcode == DNS_RC_NXDOMAIN)));
	bool bad = !dead && !lame && (!s->msg || (s->msg->rcode != DNS_RC_NOERROR && s->msg->rcode != DNS_RC_NXDOMAIN));
	return k == SK_DEAD ? dead : k == SK_LAME ? lame : bad;
}

/* "ns.x.test. (127.0.0.9)" for every server of that kind, ", "-joined;
 * *n counts them. */
static char *
servers_of(const struct deleg_result *r, enum server_kind k, unsigned long *n)
{
	struct strbuf sb;
	sb_init_limit(&sb, 2048);
	*n = 0;
	for (size_t i = 0; r && i < r->n_servers; i++)
		if (server_is(&r->servers[i], k)) {
			sb_addf(&sb, "%s%s (%s)", sb.len ? ", " : "", r->servers[i].names, r->servers[i].addr);
			(*n)++;
		}
	return sb_steal(&sb);
}

/* What to do about the servers, in order of what a user can see first. */
static char *
advise(const struct caa_plan_info *pi, const struct node *n, const struct zinfo *z, const char *zone,
       const struct deleg_result *r)
{
	char *host = host_words(pi, zone);
	unsigned long nd, nl, no;
	char *dead = servers_of(r, SK_DEAD, &nd), *lame = servers_of(r, SK_LAME, &nl);
	char *other = servers_of(r, SK_OTHER, &no);
	char *out;
	const char *parent = r && r->parent ? name_shown(r->parent) : _("the parent zone");
	if (nd)
		out = str_fmt(4096, ngettext("%s does not answer. At the registrar of %s, remove it from the NS set (and its NS record from the zone), or bring it back at %s.",
					     "%s do not answer. At the registrar of %s, remove them from the NS set (and their NS records from the zone), or bring them back at %s.", nd),
			      dead, name_shown(zone), host);
	else if (nl)
		out = str_fmt(4096, ngettext("%s does not serve %s (lame delegation). Add the zone at that server's DNS host, or remove the server from the NS set at the registrar of %s.",
					     "%s do not serve %s (lame delegation). Add the zone at those servers' DNS host, or remove the servers from the NS set at the registrar of %s.", nl),
			      lame, name_shown(zone), name_shown(zone));
	else if (no)
		out = str_fmt(4096, ngettext("%s fails on CAA queries. At %s, make it answer CAA queries (NOERROR with no records is fine): update the DNS software, ask the provider's support, or move the zone to a DNS host that answers CAA.",
					     "%s fail on CAA queries. At %s, make them answer CAA queries (NOERROR with no records is fine): update the DNS software, ask the provider's support, or move the zone to a DNS host that answers CAA.", no),
			      other, host);
	else if (n->cd_data && z && z->failed)
		out = str_fmt(4096, _("The servers answer, but the DNSSEC chain of trust is broken: the DS record that %s publishes for %s matches none of the zone's keys. At the registrar of %s, publish the DS of the zone's current key (%s can show it), or remove the DS to turn DNSSEC off."),
			      parent, name_shown(zone), name_shown(zone), host);
	else if (n->cd_data)
		out = str_fmt(4096, _("The servers answer with CAA records whose DNSSEC signatures do not validate. Re-sign the zone at %s (a fresh signing replaces expired or corrupt signatures)."),
			      host);
	else
		out = str_fmt(4096, _("The servers of %s answer when asked directly; the failure is between them and the resolver (DNSSEC, or a filter that drops CAA queries). Ask %s to check the zone's DNSSEC and CAA answers."),
			      name_shown(zone), host);
	free(host);
	free(dead);
	free(lame);
	free(other);
	return out;
}

int
caa_lookup_advice(struct caa_check *chk, struct caa_report *rep, const struct target_state *t)
{
	const struct node *n = &chk->nodes[t->failed];
	const struct deleg_result *r = walk_of(chk, t->failed);
	const struct zinfo *z = t->zone_of_failure >= 0 ? &chk->zones[t->zone_of_failure] : NULL;
	const char *zone = r && r->n_servers ? r->zone : z && z->zone ? z->zone : n->name;
	if (psl_is_public(psl_default(), zone) && z && z->zone && !psl_is_public(psl_default(), z->zone))
		zone = z->zone;
	int p = advice_plan(chk, rep, r, zone, n->name);
	struct caa_plan_info *pi = &rep->plans[p];
	pi->title = str_fmt(1024, _("Fix: the name servers of %s"), name_shown(zone));
	pi->advice = advise(pi, n, z, zone, r);
	return p;
}

void
caa_finding_not_delegated(struct caa_check *chk, const struct target_state *t, struct caa_target *ct,
			  struct caa_report *rep)
{
	const struct node *n = &chk->nodes[t->registered];
	const struct deleg_result *r = walk_of(chk, t->registered);
	if (r && r->n_servers && !deleg_nxdomain(r) && !r->note) {
		/* The parent's servers do not say NXDOMAIN: only the
		 * resolver's view, maybe a stale cache. Not this finding. */
		bool any_ok = false;
		for (size_t i = 0; i < r->n_servers; i++)
			any_ok |= r->servers[i].msg && r->servers[i].msg->aa;
		if (any_ok)
			return;
	}
	const char *parent = r && r->zone ? r->zone : n->zone ? n->zone : dns_name_parent(n->name);
	struct finding f;
	finding_init(&f, F_DOMAIN_NOT_DELEGATED, n->name);
	finding_set_message(&f, _("%s does not exist in the DNS: the servers of %s answer NXDOMAIN for it, so it is not registered, has expired, or lost its delegation. No record can be added until it is delegated: register or renew %s, or set its name servers again at the registrar. What CAA says about %s is shown beside this, but no CA can validate a name that does not exist."),
			    name_shown(n->name), name_shown(parent), name_shown(n->name), name_shown(t->name));
	if (n->status)
		finding_add_evidence(&f, n->status);
	for (size_t i = 0; r && i < r->n_servers; i++) {
		bool fails;
		char *said = deleg_said(&r->servers[i], &fails);
		char *line = str_fmt(2048, "; %s (%s): %s NS: %s", r->servers[i].names, r->servers[i].addr, n->name, said);
		finding_add_evidence(&f, line);
		free(line);
		free(said);
	}
	int p = advice_plan(chk, rep, r, parent, n->name);
	struct caa_plan_info *pi = &rep->plans[p];
	free(pi->plan.zone);
	pi->plan.zone = NULL;       /* never the public suffix as "your zone" */
	strv_free(pi->ns, pi->n_ns);   /* the registry's servers: listed, not "a DNS host" */
	pi->ns = NULL;
	pi->n_ns = 0;
	pi->provider = NULL;
	pi->detected = pi->ns_mixed = false;
	pi->title = str_fmt(1024, _("Fix: register or delegate %s"), name_shown(n->name));
	pi->advice = str_fmt(4096, _("At the registrar of %s: register it (or renew it, if it expired), or set its name servers again. The registry of %s has to delegate it before any record, CAA or validation CNAME, can exist."),
			     name_shown(n->name), name_shown(parent));
	f.plan = p;
	findings_push(&ct->findings, &ct->n_findings, &f);
}
