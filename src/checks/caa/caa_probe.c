/* The CAA check's probe plan: every query, in dependent phases.
 *
 *   1  the climb: CAA at every name of every target and each parent up to
 *      the TLD, all at once (targets share names: one query each)
 *   2  the zones (SOA) of what must change or failed, and a CD query where
 *      a lookup failed (does the data exist behind a DNSSEC failure?); the
 *      delegation walked down to a failing name (its servers, asked
 *      directly) and to a registered domain the resolver says does not
 *      exist (its parent's servers: caa_advice.c)
 *   3  their name servers (NS), to recognise the provider, and the DS at
 *      the parent where a lookup failed (is the zone signed?)
 *
 * Eager (check_input.eager: one check, where latency counts), the SOA and
 * the NS of every name of the climb go out with phase 1: whatever phases 2
 * and 3 would ask of those names is then known, so a blocked name costs
 * one round trip instead of three, for a few more queries. They ask only
 * what is still missing (an alias target's zone, a failure's CD and DS).
 *
 * Each answer is read into the check's state (caa_int.h); what it means
 * is decided in caa_findings.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/caa/caa_int.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"

enum ask_kind { ASK_CAA, ASK_CAA_CD, ASK_SOA, ASK_NS, ASK_DS, ASK_NS_AT };

struct ask {
	struct caa_check *chk;
	enum ask_kind kind;
	size_t idx;
	int id;
};

/* TRANSLATORS: why a DNS query is asked, shown in parentheses on a probe line */
static const char *const ask_purpose[] = {
	[ASK_CAA] = N_("climb"), [ASK_CAA_CD] = N_("DNSSEC check"), [ASK_SOA] = N_("zone"), [ASK_NS] = N_("name servers"),
	[ASK_DS] = N_("DNSSEC check"), [ASK_NS_AT] = N_("name servers"),
};

static void next_phase(struct caa_check *chk);
static void on_reply(void *arg, struct dns_result *res);

static size_t
node_for(struct caa_check *chk, const char *name)
{
	for (size_t i = 0; i < chk->n_nodes; i++)
		if (!strcmp(chk->nodes[i].name, name))
			return i;
	chk->nodes = xgrow(chk->nodes, &chk->alloc_nodes, chk->n_nodes + 1, sizeof *chk->nodes);
	struct node *n = &chk->nodes[chk->n_nodes];
	memset(n, 0, sizeof *n);
	n->name = xstrdup(name);
	n->ttl = -1;
	n->walk = -1;
	return chk->n_nodes++;
}

static int
zone_for(struct caa_check *chk, const char *name)
{
	for (size_t i = 0; i < chk->n_zones; i++)
		if (!strcmp(chk->zones[i].name, name))
			return (int)i;
	chk->zones = xgrow(chk->zones, &chk->alloc_zones, chk->n_zones + 1, sizeof *chk->zones);
	struct zinfo *z = &chk->zones[chk->n_zones];
	memset(z, 0, sizeof *z);
	z->name = xstrdup(name);
	return (int)chk->n_zones++;
}

static void
ask(struct caa_check *chk, enum ask_kind kind, size_t idx, const char *name, uint16_t type, int flags)
{
	struct ask *a = xcalloc(1, sizeof *a);
	a->chk = chk;
	a->kind = kind;
	a->idx = idx;
	chk->outstanding++;
	a->id = probe_log_sent(&chk->log, name, type, dns_client_servers(chk->dns), ask_purpose[kind]);
	if (dns_query(chk->dns, name, type, flags, on_reply, a) < 0) {
		/* The name cannot be encoded: answer as a failure from the loop. */
		struct dns_result res = { .outcome = DNS_BAD_ANSWER, .qname = name, .qtype = type,
					  .server = chk->resolver,
					  .error = _("the name cannot be sent in a DNS query") };
		on_reply(a, &res);
	}
}

/* Describe a failed or negative answer in one line. */
static char *
describe_failure(const struct dns_result *res)
{
	struct strbuf sb;
	sb_init_limit(&sb, 2048);
	if (res->outcome == DNS_ANSWER) {
		sb_addf(&sb, _("%s from %s"), dns_rcode_name(res->msg->rcode), res->server);
		if (res->msg->ede_code >= 0) {
			sb_addf(&sb, " (EDE %d", res->msg->ede_code);
			if (res->msg->ede_text && *res->msg->ede_text)
				sb_addf(&sb, ": %s", res->msg->ede_text);
			sb_addc(&sb, ')');
		}
	} else {
		sb_addf(&sb, _("%s (asked %s)"), res->error, res->server);
	}
	return sb_steal(&sb);
}

/* ------------------------------------------------------------------ */
/* Reading answers                                                     */
/* ------------------------------------------------------------------ */

/* Follow the alias chain from qname through the answer section; returns the
 * final owner (malloc'd) and records the CNAME/DNAME lines. */
static char *
follow_chain(const struct dns_msg *msg, const char *qname, struct node *n)
{
	char *cur = xstrdup(qname);
	for (size_t hops = 0; hops < 16; hops++) {
		const struct dns_rr *next = NULL;
		for (size_t i = 0; i < msg->n_answer; i++) {
			const struct dns_rr *rr = &msg->rrs[i];
			if (rr->type == DNS_T_DNAME && dns_name_is_under(cur, rr->owner) &&
			    strcmp(cur, rr->owner)) {
				char *line = dns_rr_text(rr);
				strv_push(&n->lines, &n->n_lines, line);
				free(line);
			}
			if (rr->type == DNS_T_CNAME && rr->rdata_ok && !strcmp(rr->owner, cur))
				next = rr;
		}
		if (!next)
			break;
		char *line = dns_rr_text(next);
		strv_push(&n->lines, &n->n_lines, line);
		free(line);
		free(cur);
		cur = xstrdup(next->u.target);
	}
	return cur;
}

/* What the resolver's cache will keep: the lowest TTL in the answer, or
 * for a negative answer the SOA's, capped by its minimum (RFC 2308). */
static int64_t
answer_ttl(const struct dns_msg *msg)
{
	int64_t ttl = -1;
	for (size_t i = 0; i < msg->n_rr; i++) {
		const struct dns_rr *rr = &msg->rrs[i];
		int64_t t = rr->ttl;
		if (msg->n_answer) {
			if (rr->section != DNS_SEC_ANSWER)
				continue;
		} else if (rr->section != DNS_SEC_AUTHORITY || rr->type != DNS_T_SOA) {
			continue;
		} else if (rr->rdata_ok && rr->u.soa.minimum < t) {
			t = rr->u.soa.minimum;
		}
		if (ttl < 0 || t < ttl)
			ttl = t;
	}
	return ttl;
}

static int
by_rdata(const void *a, const void *b)
{
	const struct dns_rr *ra = *(const struct dns_rr *const *)a, *rb = *(const struct dns_rr *const *)b;
	size_t n = ra->rdlen < rb->rdlen ? ra->rdlen : rb->rdlen;
	int c = memcmp(ra->rdata, rb->rdata, n);
	return c ? c : (int)ra->rdlen - (int)rb->rdlen;
}

static void
read_caa_answer(struct caa_check *chk, struct node *n, struct dns_result *res)
{
	const struct dns_msg *msg = res->msg;
	n->rcode = msg->rcode;
	n->ad = msg->ad;
	n->ttl = answer_ttl(msg);
	if (msg->rcode != DNS_RC_NOERROR && msg->rcode != DNS_RC_NXDOMAIN) {
		n->state = N_FAIL;
		n->fail_text = describe_failure(res);
		return;
	}
	n->owner = follow_chain(msg, n->name, n);
	/* Resolvers rotate RRsets; show and evaluate them in one stable order. */
	const struct dns_rr **caa = xcalloc(msg->n_answer ? msg->n_answer : 1, sizeof *caa);
	size_t n_caa = 0;
	for (size_t i = 0; i < msg->n_answer; i++)
		if (msg->rrs[i].type == DNS_T_CAA && !strcmp(msg->rrs[i].owner, n->owner))
			caa[n_caa++] = &msg->rrs[i];
	qsort(caa, n_caa, sizeof *caa, by_rdata);
	for (size_t i = 0; i < n_caa; i++) {
		const struct dns_rr *rr = caa[i];
		char *line = dns_rr_text(rr);
		strv_push(&n->lines, &n->n_lines, line);
		free(line);
		n->props = xrealloc(n->props, (n->n_props + 1) * sizeof *n->props);
		if (!rr->rdata_ok) {
			/* A CAA record we cannot even split into flag/tag/value
			 * is not a permission: keep it as a forbidding oddity. */
			caa_prop_analyse(&n->props[n->n_props++], 0, (const uint8_t *)"issue", 5,
					 rr->rdata, rr->rdlen, chk->ids);
			n->props[n->n_props - 1].malformed = true;
			continue;
		}
		caa_prop_analyse(&n->props[n->n_props++], rr->u.caa.flags, rr->u.caa.tag,
				 rr->u.caa.tag_len, rr->u.caa.value, rr->u.caa.value_len, chk->ids);
	}
	free(caa);
	n->state = n->n_props ? N_DATA : N_EMPTY;
	/* A negative answer names its zone: where a walk to a failing
	 * neighbour, or to the parent of a missing domain, starts. */
	for (size_t i = msg->n_answer; !n->n_props && i < msg->n_answer + msg->n_authority; i++)
		if (msg->rrs[i].type == DNS_T_SOA && dns_name_is_under(n->name, msg->rrs[i].owner)) {
			free(n->zone);
			n->zone = xstrdup(msg->rrs[i].owner);
			break;
		}
	struct strbuf sb;
	sb_init(&sb);
	/* Evidence comments: in the reader's language (JSON runs in C). */
	if (n->n_props)
		sb_addf(&sb, _("; %s CAA: %zu record(s)%s"), n->name, n->n_props, msg->ad ? _(", DNSSEC-validated (AD)") : "");
	else {
		/* "; %s CAA: %s%s", the most common line of all, without printf. */
		sb_add(&sb, "; ");
		sb_add(&sb, n->name);
		sb_add(&sb, " CAA: ");
		sb_add(&sb, msg->rcode == DNS_RC_NXDOMAIN ? "NXDOMAIN" : _("NOERROR, no CAA records (NODATA)"));
		if (strcmp(n->owner, n->name))
			sb_add(&sb, _(" at the alias target"));
	}
	n->status = sb_steal(&sb);
}

static void
read_soa_answer(struct zinfo *z, struct dns_result *res)
{
	if (res->outcome != DNS_ANSWER ||
	    (res->msg->rcode != DNS_RC_NOERROR && res->msg->rcode != DNS_RC_NXDOMAIN)) {
		z->failed = true;
		z->fail_text = describe_failure(res);
		return;
	}
	const struct dns_msg *msg = res->msg;
	z->secure = msg->ad;
	for (size_t i = 0; i < msg->n_rr; i++) {
		const struct dns_rr *rr = &msg->rrs[i];
		if (rr->type != DNS_T_SOA || rr->section == DNS_SEC_ADDITIONAL)
			continue;
		/* The SOA in the answer names the apex; in the authority section
		 * of a negative answer it names the enclosing zone. */
		if (dns_name_is_under(z->name, rr->owner)) {
			free(z->zone);
			z->zone = xstrdup(rr->owner);
			break;
		}
	}
}

/* Signed or not, whatever the resolver does about validation: a DS at the
 * parent says the zone is signed (the AD bit only comes from a validating
 * resolver). */
static void
read_ds_answer(struct zinfo *z, struct dns_result *res)
{
	if (res->outcome != DNS_ANSWER || res->msg->rcode != DNS_RC_NOERROR)
		return;
	z->ds_known = true;
	for (size_t i = 0; i < res->msg->n_answer; i++)
		if (res->msg->rrs[i].type == DNS_T_DS && !strcmp(res->msg->rrs[i].owner, z->zone))
			z->has_ds = true;
}

static void
read_ns_answer(struct zinfo *z, struct dns_result *res)
{
	if (res->outcome != DNS_ANSWER || res->msg->rcode != DNS_RC_NOERROR)
		return;
	for (size_t i = 0; i < res->msg->n_answer && z->n_ns < 32; i++) {
		const struct dns_rr *rr = &res->msg->rrs[i];
		if (rr->type == DNS_T_NS && rr->rdata_ok && !strcmp(rr->owner, z->zone))
			strv_push(&z->ns, &z->n_ns, rr->u.target);
	}
}

/* Eager: the NS at a name of the climb; there are some when it is a zone
 * apex (the set phase 3 would ask for). */
static void
read_ns_at(struct zinfo *z, struct dns_result *res)
{
	z->ns_at_done = true;
	if (res->outcome != DNS_ANSWER || res->msg->rcode != DNS_RC_NOERROR)
		return;
	for (size_t i = 0; i < res->msg->n_answer && z->n_ns_at < 32; i++) {
		const struct dns_rr *rr = &res->msg->rrs[i];
		if (rr->type == DNS_T_NS && rr->rdata_ok && !strcmp(rr->owner, z->name))
			strv_push(&z->ns_at, &z->n_ns_at, rr->u.target);
	}
}

static void
on_reply(void *arg, struct dns_result *res)
{
	struct ask *a = arg;
	struct caa_check *chk = a->chk;
	probe_log_done(&chk->log, a->id, ask_purpose[a->kind], res, chk->cancelled);
	if (res->outcome == DNS_CANCELLED && !chk->cancelled) {
		/* The client was freed under a running check: no more queries,
		 * and a name never answered is a failure, never "no CAA". */
		chk->aborted = true;
		if (a->kind == ASK_CAA) {
			chk->nodes[a->idx].state = N_FAIL;
			chk->nodes[a->idx].fail_text = describe_failure(res);
		}
	}
	if (!chk->cancelled && res->outcome != DNS_CANCELLED) {
		switch (a->kind) {
		case ASK_CAA: {
			struct node *n = &chk->nodes[a->idx];
			if (res->outcome == DNS_ANSWER) {
				read_caa_answer(chk, n, res);
			} else {
				n->state = N_FAIL;
				n->fail_text = describe_failure(res);
			}
			break;
		}
		case ASK_CAA_CD: {
			struct node *n = &chk->nodes[a->idx];
			n->cd_done = true;
			if (res->outcome == DNS_ANSWER && res->msg->rcode == DNS_RC_NOERROR)
				for (size_t i = 0; i < res->msg->n_answer; i++)
					if (res->msg->rrs[i].type == DNS_T_CAA)
						n->cd_data = true;
			break;
		}
		case ASK_SOA:
			read_soa_answer(&chk->zones[a->idx], res);
			break;
		case ASK_NS:
			read_ns_answer(&chk->zones[a->idx], res);
			break;
		case ASK_DS:
			read_ds_answer(&chk->zones[a->idx], res);
			break;
		case ASK_NS_AT:
			read_ns_at(&chk->zones[a->idx], res);
			break;
		}
	}
	if (res->msg)
		dns_msg_free(res->msg);
	free(a);
	caa_phase_close(chk);
}

/* ------------------------------------------------------------------ */
/* Phase 1: the climb                                                  */
/* ------------------------------------------------------------------ */

/* RFC 8659 §3: the name itself, then each parent, down to and including the
 * TLD; never the root. A wildcard starts at the name without "*.". */
static void
plan_climb(struct caa_check *chk, struct target_state *t)
{
	const char *x = t->base;
	size_t alloc = 0;
	while (strcmp(x, ".")) {
		t->climb = xgrow(t->climb, &alloc, t->n_climb + 1, sizeof *t->climb);
		t->climb[t->n_climb++] = node_for(chk, x);
		x = dns_name_parent(x);
	}
}

/* Keep the phase open while its queries are being sent, so an early
 * failure cannot start the next phase from inside the loop below. Each
 * answer closes what its query opened; the last one moves on. */
static void
phase_open(struct caa_check *chk)
{
	chk->outstanding++;
}

void
caa_phase_close(struct caa_check *chk)
{
	if (--chk->outstanding == 0) {
		if (chk->cancelled)
			caa_check_free(chk);
		else
			next_phase(chk);
	}
}

/* The zone (SOA) of a name, asked once. */
static void
ask_soa(struct caa_check *chk, size_t zi)
{
	struct zinfo *z = &chk->zones[zi];
	if (z->soa_asked)
		return;
	z->soa_asked = true;
	ask(chk, ASK_SOA, zi, z->name, DNS_T_SOA, DNS_Q_AD);
}

static void
send_climb(struct caa_check *chk)
{
	for (size_t i = 0; i < chk->n_nodes; i++)
		ask(chk, ASK_CAA, i, chk->nodes[i].name, DNS_T_CAA, DNS_Q_AD);
	/* Eager: what phases 2 and 3 may ask of these names, now. */
	for (size_t i = 0; chk->eager && i < chk->n_nodes; i++) {
		size_t zi = (size_t)zone_for(chk, chk->nodes[i].name);
		ask_soa(chk, zi);
		ask(chk, ASK_NS_AT, zi, chk->zones[zi].name, DNS_T_NS, 0);
	}
}

void
caa_probe_start(struct caa_check *chk)
{
	for (size_t i = 0; i < chk->n_targets; i++)
		plan_climb(chk, &chk->targets[i]);
	loop_hold(chk->loop);
	phase_open(chk);
	send_climb(chk);
	caa_phase_close(chk);
}

/* ------------------------------------------------------------------ */
/* Phase 2: decide, then find zones for what must change or failed      */
/* ------------------------------------------------------------------ */

static void
send_zone_lookups(struct caa_check *chk)
{
	for (size_t i = 0; i < chk->n_targets; i++) {
		struct target_state *t = &chk->targets[i];
		caa_evaluate_target(chk, t);
		if (t->failed >= 0) {
			struct node *n = &chk->nodes[t->failed];
			t->zone_of_failure = zone_for(chk, n->name);
			chk->zones[t->zone_of_failure].wants_ds = true;
			if (!n->cd_done) {
				n->cd_done = true;
				ask(chk, ASK_CAA_CD, (size_t)t->failed, n->name, DNS_T_CAA, DNS_Q_CD);
			}
		} else if (t->relevant >= 0 && t->dec.outcome == CAA_OUT_DENY) {
			struct node *n = &chk->nodes[t->relevant];
			t->zone_of_owner = zone_for(chk, n->owner);
			/* A CNAME cannot be a zone apex: ask about its parent. */
			const struct node *own = &chk->nodes[t->climb[0]];
			bool alias = own->owner && strcmp(own->owner, own->name);
			t->zone_of_base = zone_for(chk, alias ? dns_name_parent(t->base) : t->base);
		}
	}
	for (size_t i = 0; i < chk->n_zones; i++)
		ask_soa(chk, i);
	/* With them: who answers for a failing name, and what the parent of
	 * a domain that does not exist says. */
	caa_walks_start(chk);
}

/* ------------------------------------------------------------------ */
/* Phase 3: name servers of those zones, to recognise the provider      */
/* ------------------------------------------------------------------ */

static void
send_ns_lookups(struct caa_check *chk)
{
	for (size_t i = 0; i < chk->n_zones; i++) {
		struct zinfo *z = &chk->zones[i];
		if (!z->zone)
			continue;
		/* Several names may share a zone: ask once and copy later. */
		bool seen = false;
		const struct zinfo *apex = NULL;
		for (size_t j = 0; j < chk->n_zones; j++) {
			const struct zinfo *o = &chk->zones[j];
			if (j < i && o->zone && !strcmp(o->zone, z->zone))
				seen = true;
			if (o->ns_at_done && !strcmp(o->name, z->zone))
				apex = o;     /* eager: asked already */
		}
		if (apex) {
			for (size_t k = 0; z->n_ns == k && k < apex->n_ns_at; k++)
				strv_push(&z->ns, &z->n_ns, apex->ns_at[k]);
		} else if (!seen) {
			ask(chk, ASK_NS, i, z->zone, DNS_T_NS, 0);
		}
		if (z->wants_ds && strcmp(z->zone, "."))
			ask(chk, ASK_DS, i, z->zone, DNS_T_DS, 0);
	}
}

static void
share_ns(struct caa_check *chk)
{
	for (size_t i = 0; i < chk->n_zones; i++) {
		struct zinfo *z = &chk->zones[i];
		if (!z->zone || z->n_ns)
			continue;
		for (size_t j = 0; j < chk->n_zones; j++) {
			struct zinfo *o = &chk->zones[j];
			if (j != i && o->zone && o->n_ns && !strcmp(o->zone, z->zone)) {
				for (size_t k = 0; k < o->n_ns; k++)
					strv_push(&z->ns, &z->n_ns, o->ns[k]);
				break;
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* Driving the phases                                                  */
/* ------------------------------------------------------------------ */

static void
finish(void *arg)
{
	struct caa_check *chk = arg;
	struct caa_report *rep = caa_report_build(chk);
	check_done_cb cb = chk->cb;
	void *ctx = chk->ctx;
	loop_release(chk->loop);
	caa_check_free(chk);
	cb(ctx, rep);
}

static void
next_phase(struct caa_check *chk)
{
	if (chk->aborted && chk->phase < 2) {
		/* Evaluate what came back, ask nothing more. */
		for (size_t i = 0; i < chk->n_targets; i++)
			caa_evaluate_target(chk, &chk->targets[i]);
		chk->phase = 2;
	}
	phase_open(chk);
	switch (chk->phase++) {
	case 0:
		send_zone_lookups(chk);
		break;
	case 1:
		send_ns_lookups(chk);
		break;
	case 2:
		share_ns(chk);
		/* Report from a fresh loop turn, never from inside a DNS callback. */
		chk->outstanding--;
		chk->finish_timer = loop_timer_add(chk->loop, 0, finish, chk);
		return;
	default:
		chk->outstanding--;
		return;
	}
	caa_phase_close(chk);
}
