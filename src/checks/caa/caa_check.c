#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/caa/caa_check.h"
#include "checks/caa/caa_eval.h"
#include "core/datafile.h"
#include "core/i18n.h"
#include "net/names.h"
#include "fix/provider.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"

#define NEW_RECORD_TTL 300

/* One CAA lookup: a name on some target's climb. Shared between targets
 * (example.com. and *.example.com. climb the same names). */
struct node {
	char *name;
	enum { N_PENDING, N_DATA, N_EMPTY, N_FAIL } state;
	char *fail_text;          /* why the lookup failed, for people */
	int rcode;
	bool ad;
	char *owner;              /* where the CAA RRs sit: name, or the alias target */
	char **lines;             /* CNAME chain and CAA RRs as zone-file lines */
	size_t n_lines;
	char *status;             /* ";"-comment summarising the answer */
	struct caa_prop *props;
	size_t n_props;
	bool cd_data;             /* with validation off, data came back (bogus signatures) */
	bool cd_done;
	int64_t ttl;              /* remaining TTL of the CAA RRset, or the negative TTL; -1 */
};

/* What zone a name is in, whether it validated, and who serves it. */
struct zinfo {
	char *name;
	char *zone;
	bool secure;              /* AD on the SOA answer (a validating resolver) */
	bool ds_known;            /* the DS query for the zone was answered */
	bool has_ds;              /* the parent publishes a DS: the zone is signed */
	bool wants_ds;            /* a lookup failed in this zone: is it signed? */
	bool failed;
	char *fail_text;
	char **ns;
	size_t n_ns;
};

struct target_state {
	char *name;               /* as requested */
	char *base;               /* without "*." */
	bool wildcard;
	size_t *climb;            /* node indices, the name first, the TLD last */
	size_t n_climb;
	int relevant;             /* node index that decided, -1 none */
	int failed;               /* node index whose lookup failed, -1 none */
	struct caa_decision dec;
	int zone_of_base;         /* zinfo index for the target's own zone, -1 */
	int zone_of_owner;        /* zinfo index for the relevant owner, -1 */
	int zone_of_failure;      /* zinfo index for the failing name, -1 */
};

struct caa_check {
	struct loop *loop;
	struct dns_client *dns;
	struct caa_identities *ids;
	char *ca_label;
	const char *forced_provider;
	caa_done_cb cb;
	void *ctx;
	caa_event_cb on_event;
	void *event_ctx;
	struct node *nodes;
	size_t n_nodes, alloc_nodes;
	struct zinfo *zones;
	size_t n_zones, alloc_zones;
	struct target_state *targets;
	size_t n_targets;
	int outstanding;
	int phase;
	int queries;
	int answered;
	int in_flight, max_in_flight;
	int64_t started;
	char *resolver;           /* copied: the report must not need the client */
	bool cancelled;
	bool aborted;             /* the client went away under us: report what we have */
	uint64_t finish_timer;
};

enum ask_kind { ASK_CAA, ASK_CAA_CD, ASK_SOA, ASK_NS, ASK_DS };

struct ask {
	struct caa_check *chk;
	enum ask_kind kind;
	size_t idx;
	int id;
};

/* TRANSLATORS: why a DNS query is asked, shown in parentheses on a probe line */
static const char *const ask_purpose[] = {
	[ASK_CAA] = N_("climb"), [ASK_CAA_CD] = N_("DNSSEC check"), [ASK_SOA] = N_("zone"), [ASK_NS] = N_("name servers"),
	[ASK_DS] = N_("DNSSEC check"),
};

static void next_phase(struct caa_check *chk);
static void free_check(struct caa_check *chk);
static void phase_close(struct caa_check *chk);
static void on_reply(void *arg, struct dns_result *res);

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

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
	a->id = chk->queries + 1;
	chk->outstanding++;
	chk->queries++;
	if (chk->on_event) {
		struct caa_event ev = { .id = a->id, .qname = name, .qtype = dns_type_name(type),
					.server = dns_client_servers(chk->dns), .purpose = ask_purpose[kind] };
		chk->on_event(chk->event_ctx, &ev);
	}
	if (++chk->in_flight > chk->max_in_flight)
		chk->max_in_flight = chk->in_flight;
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
	struct strbuf sb;
	sb_init(&sb);
	if (n->n_props)
		sb_addf(&sb, "; %s CAA: %zu record(s)%s", n->name, n->n_props, msg->ad ? ", DNSSEC-validated (AD)" : "");
	else
		sb_addf(&sb, "; %s CAA: %s%s", n->name,
			msg->rcode == DNS_RC_NXDOMAIN ? "NXDOMAIN" : "NOERROR, no CAA records (NODATA)",
			strcmp(n->owner, n->name) ? " at the alias target" : "");
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

static void
report_event(struct caa_check *chk, const struct ask *a, const struct dns_result *res)
{
	char summary[160];
	bool failed = dns_result_summary(res, summary, sizeof summary);
	struct caa_event ev = { .id = a->id, .done = true, .qname = res->qname,
				.qtype = dns_type_name(res->qtype), .server = res->server,
				.purpose = ask_purpose[a->kind], .result = summary, .failed = failed,
				.elapsed_ms = res->elapsed_ms };
	chk->on_event(chk->event_ctx, &ev);
}

static void
on_reply(void *arg, struct dns_result *res)
{
	struct ask *a = arg;
	struct caa_check *chk = a->chk;
	chk->in_flight--;
	if (res->outcome == DNS_ANSWER)
		chk->answered++;
	if (chk->on_event && !chk->cancelled && res->outcome != DNS_CANCELLED)
		report_event(chk, a, res);
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
		}
	}
	if (res->msg)
		dns_msg_free(res->msg);
	free(a);
	phase_close(chk);
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

static void
phase_close(struct caa_check *chk)
{
	if (--chk->outstanding == 0) {
		if (chk->cancelled)
			free_check(chk);
		else
			next_phase(chk);
	}
}

static void
send_climb(struct caa_check *chk)
{
	for (size_t i = 0; i < chk->n_nodes; i++)
		ask(chk, ASK_CAA, i, chk->nodes[i].name, DNS_T_CAA, DNS_Q_AD);
}

/* ------------------------------------------------------------------ */
/* Phase 2: decide, then find zones for what must change or failed      */
/* ------------------------------------------------------------------ */

static void
evaluate_target(struct caa_check *chk, struct target_state *t)
{
	t->relevant = t->failed = -1;
	t->zone_of_base = t->zone_of_owner = t->zone_of_failure = -1;
	for (size_t i = 0; i < t->n_climb; i++) {
		struct node *n = &chk->nodes[t->climb[i]];
		if (n->state != N_DATA && n->state != N_EMPTY) {
			/* Failed, or never answered: either way not "no CAA". */
			if (!n->fail_text)
				n->fail_text = xstrdup(_("no answer"));
			n->state = N_FAIL;
			t->failed = (int)t->climb[i];
			return;
		}
		if (n->state == N_DATA) {
			t->relevant = (int)t->climb[i];
			caa_decide(n->props, n->n_props, t->wildcard, &t->dec);
			return;
		}
	}
}

static void
send_zone_lookups(struct caa_check *chk)
{
	for (size_t i = 0; i < chk->n_targets; i++) {
		struct target_state *t = &chk->targets[i];
		evaluate_target(chk, t);
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
		ask(chk, ASK_SOA, i, chk->zones[i].name, DNS_T_SOA, DNS_Q_AD);
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
		for (size_t j = 0; j < i; j++)
			if (chk->zones[j].zone && !strcmp(chk->zones[j].zone, z->zone))
				seen = true;
		if (!seen)
			ask(chk, ASK_NS, i, z->zone, DNS_T_NS, 0);
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
/* Phase 4: findings and the change plan                               */
/* ------------------------------------------------------------------ */

static void
add_finding(struct caa_target *ct, struct finding *f)
{
	ct->findings = xrealloc(ct->findings, (ct->n_findings + 1) * sizeof *ct->findings);
	ct->findings[ct->n_findings++] = *f;
}

/* Status lines of every name climbed before (and including) the one at limit. */
static void
add_climb_evidence(struct caa_check *chk, const struct target_state *t, size_t limit,
		   struct finding *f)
{
	for (size_t i = 0; i < t->n_climb && i <= limit; i++) {
		const struct node *n = &chk->nodes[t->climb[i]];
		if (n->state == N_FAIL) {
			struct strbuf sb;
			sb_init(&sb);
			sb_addf(&sb, "; %s CAA: %s", n->name, n->fail_text);
			finding_add_evidence(f, sb.buf);
			sb_free(&sb);
		} else if (n->status) {
			finding_add_evidence(f, n->status);
		}
		if (n->state == N_DATA)
			for (size_t j = 0; j < n->n_lines; j++)
				finding_add_evidence(f, n->lines[j]);
		else if (n->owner && strcmp(n->owner, n->name))
			for (size_t j = 0; j < n->n_lines; j++)
				finding_add_evidence(f, n->lines[j]);
	}
}

static size_t
climb_pos(const struct target_state *t, int node)
{
	for (size_t i = 0; i < t->n_climb; i++)
		if ((int)t->climb[i] == node)
			return i;
	return t->n_climb;
}

/* "letsencrypt.org, pki.goog" from the applicable issue or issuewild set. */
static char *
issuers_of(const struct node *n, enum caa_tag_kind kind)
{
	struct strbuf sb;
	sb_init_limit(&sb, 1024);
	for (size_t i = 0; i < n->n_props; i++) {
		const struct caa_prop *p = &n->props[i];
		if (p->kind != kind || p->malformed || !p->issuer || !*p->issuer)
			continue;
		bool dup = false;
		for (size_t j = 0; j < i; j++)
			dup |= n->props[j].kind == kind && !n->props[j].malformed &&
			       n->props[j].issuer && !strcmp(n->props[j].issuer, p->issuer);
		if (dup)
			continue;
		sb_addf(&sb, "%s%s", sb.len ? ", " : "", p->issuer);
	}
	return sb_steal(&sb);
}

static void
finding_lookup_failed(struct caa_check *chk, struct target_state *t, struct caa_target *ct)
{
	struct node *n = &chk->nodes[t->failed];
	struct finding f;
	finding_init(&f, F_CAA_LOOKUP_FAILED, n->name);
	const struct zinfo *z = t->zone_of_failure >= 0 ? &chk->zones[t->zone_of_failure] : NULL;
	struct strbuf why;
	sb_init(&why);
	if (n->cd_data && z && z->failed)
		sb_add(&why, _("Every query for this zone fails DNSSEC validation, while with checking disabled the records come back: the chain of trust is broken, most often a DS record at the parent that does not match the zone's keys, or expired signatures."));
	else if (n->cd_data)
		sb_add(&why, _("The CAA records exist, but their DNSSEC signatures do not validate (with checking disabled the resolver returns them): re-sign the zone."));
	else if (z && z->failed)
		sb_addf(&why, _("Every query for this zone fails (%s): the delegation or the DNSSEC chain of trust is broken."), z->fail_text);
	else if (z && (z->secure || z->has_ds))
		sb_addf(&why, _("The zone %s is DNSSEC-signed, so a CA must treat this failure as a refusal: ACM fails with CAA_ERROR. Make the name servers answer CAA queries (NOERROR with no records is fine)."), name_shown(z->zone ? z->zone : n->name));
	else if (z && z->ds_known)
		sb_addf(&why, _("The zone %s is not DNSSEC-signed; a CA may retry and then proceed, but do not count on it: ACM reports CAA_ERROR when it cannot read CAA. Make the name servers answer CAA queries (NOERROR with no records is fine)."), name_shown(z->zone ? z->zone : n->name));
	else
		sb_addf(&why, _("Whether the zone %s is DNSSEC-signed could not be found out. ACM reports CAA_ERROR when it cannot read CAA: make the name servers answer CAA queries (NOERROR with no records is fine)."), name_shown(z && z->zone ? z->zone : n->name));
	finding_set_message(&f, _("The CAA lookup for %s failed: %s. %s"), name_shown(n->name), n->fail_text, why.buf);
	sb_free(&why);
	add_climb_evidence(chk, t, climb_pos(t, t->failed), &f);
	add_finding(ct, &f);
}

/* Cloudflare's hidden set is recognised by its shape: each of its CAs as both
 * issue and issuewild, at least three of the current four (or two historic
 * ones with one current). An ordinary list of CAs under issue alone is not it. */
static bool
has_both_tags(const struct node *n, const char *issuer)
{
	bool issue = false, wild = false;
	for (size_t j = 0; j < n->n_props; j++) {
		const struct caa_prop *p = &n->props[j];
		if (!p->issuer || strcasecmp(p->issuer, issuer))
			continue;
		issue |= p->kind == CAA_TAG_ISSUE;
		wild |= p->kind == CAA_TAG_ISSUEWILD;
	}
	return issue && wild;
}

static bool
looks_like_cloudflare_set(const struct node *n)
{
	size_t nc, nh, hits = 0, hist = 0;
	char **cur = datafile_values("cloudflare-caa.txt", "current", &nc);
	char **old = datafile_values("cloudflare-caa.txt", "historic", &nh);
	for (size_t i = 0; i < nc; i++)
		hits += has_both_tags(n, cur[i]);
	for (size_t i = 0; i < nh; i++)
		hist += has_both_tags(n, old[i]);
	datafile_values_free(cur, nc);
	datafile_values_free(old, nh);
	return hits >= 3 || (hits >= 1 && hist >= 2);
}

static const struct provider *
zone_provider(struct caa_check *chk, const struct zinfo *z, bool *detected, bool *mixed)
{
	*detected = *mixed = false;
	if (chk->forced_provider)
		return provider_get(chk->forced_provider);
	if (!z || !z->n_ns)
		return NULL;
	const struct provider *p = provider_detect((const char *const *)z->ns, z->n_ns, mixed);
	*detected = p != NULL;
	return p;
}

/* The zone-file line of property i: the CAA lines follow the alias chain
 * in n->lines, in the same order as n->props. */
static const char *
prop_line(const struct node *n, size_t i)
{
	return n->lines[n->n_lines - n->n_props + i];
}

static void
findings_for_rrset(struct caa_check *chk, struct target_state *t, struct caa_target *ct)
{
	struct node *n = &chk->nodes[t->relevant];
	size_t pos = climb_pos(t, t->relevant);
	const char *ca = chk->ca_label;
	bool deny = t->dec.outcome == CAA_OUT_DENY;
	struct finding f;

	if (strcmp(n->owner, n->name)) {
		finding_init(&f, F_CAA_VIA_CNAME, n->name);
		if (!deny)
			f.severity = SEV_INFO;
		finding_set_message(&f, _("%s is an alias (CNAME) for %s, so the CAA records at %s decide. A CNAME cannot have CAA records next to it: to change the outcome, add %s at %s (ask whoever runs that zone), or point %s elsewhere while ACM issues."),
				    name_shown(n->name), name_shown(n->owner), name_shown(n->owner), ca, name_shown(n->owner), name_shown(n->name));
		add_climb_evidence(chk, t, pos, &f);
		add_finding(ct, &f);
	}

	switch (t->dec.reason) {
	case CAA_R_CRITICAL: {
		const struct caa_prop *p = &n->props[t->dec.deciding];
		finding_init(&f, F_CAA_CRITICAL_UNKNOWN, n->owner);
		finding_set_message(&f, _("The CAA record %s at %s sets the critical flag (128) on the tag \"%s\", which %s does not understand: no CA may issue for %s. Delete the record, or set its flag to 0 if the tag is needed."),
				    p->rdata, name_shown(n->owner), p->tag, ca, name_shown(t->name));
		break;
	}
	case CAA_R_NOT_LISTED: {
		char *who = issuers_of(n, CAA_TAG_ISSUE);
		finding_init(&f, F_CAA_BLOCKS_AMAZON, n->owner);
		if (*who)
			finding_set_message(&f, _("The CAA records at %s allow %s but not %s, so ACM cannot issue %s (it fails with CAA_ERROR)."),
					    name_shown(n->owner), who, ca, name_shown(t->name));
		else
			finding_set_message(&f, _("The CAA records at %s allow no CA at all (issue \";\" or unusable values), so ACM cannot issue %s (it fails with CAA_ERROR)."),
					    name_shown(n->owner), name_shown(t->name));
		free(who);
		break;
	}
	case CAA_R_WILD_NOT_LISTED: {
		char *who = issuers_of(n, CAA_TAG_ISSUEWILD);
		finding_init(&f, F_CAA_BLOCKS_AMAZON_WILDCARD, n->owner);
		finding_set_message(&f, _("The issuewild records at %s allow %s but not %s, so ACM cannot issue the wildcard %s. Once any issuewild record exists, issue records no longer count for wildcard names."),
				    name_shown(n->owner), *who ? who : _("no CA"), ca, name_shown(t->name));
		free(who);
		break;
	}
	case CAA_R_LISTED:
		finding_init(&f, F_CAA_PERMITS_AMAZON, n->owner);
		finding_set_message(&f, _("The CAA records at %s allow %s for %s: %s."), name_shown(n->owner), ca,
				    name_shown(t->name), n->props[t->dec.deciding].rdata);
		break;
	case CAA_R_NO_RESTRICTION:
	default:
		finding_init(&f, F_CAA_PERMITS_AMAZON, n->owner);
		finding_set_message(&f, _("The CAA records at %s have no %s property, so they do not restrict issuance of %s."),
				    name_shown(n->owner), t->wildcard ? "issue/issuewild" : "issue", name_shown(t->name));
		break;
	}
	add_climb_evidence(chk, t, pos, &f);
	add_finding(ct, &f);

	for (size_t i = 0; i < n->n_props; i++) {
		const struct caa_prop *p = &n->props[i];
		if (p->malformed) {
			finding_init(&f, F_CAA_MALFORMED, n->owner);
			if (p->looks_like_ca)
				finding_set_message(&f, _("The value in %s does not follow RFC 8659 (a trailing dot, a stray character or a NUL), so it authorises nobody, although it looks meant for %s. Replace it with 0 %s \"%s\"."),
						    p->rdata, ca, p->tag, chk->ids->names[0]);
			else
				finding_set_message(&f, _("The value in %s does not follow RFC 8659, so it authorises nobody."), p->rdata);
			finding_add_evidence(&f, prop_line(n, i));
			add_finding(ct, &f);
		} else if (p->names_ca && p->has_params) {
			finding_init(&f, F_CAA_PARAMETERS_UNDOCUMENTED, n->owner);
			finding_set_message(&f, _("%s names %s with parameters; ACM documents no CAA parameters (RFC 8657 accounturi/validationmethods included), so their effect is unknown. Prefer plain %u %s \"%s\"."),
					    p->rdata, ca, 0u, p->tag, p->issuer);
			finding_add_evidence(&f, prop_line(n, i));
			add_finding(ct, &f);
		}
	}

	if (!chk->ids->custom && looks_like_cloudflare_set(n)) {
		finding_init(&f, F_CAA_CLOUDFLARE_AUTO, n->owner);
		if (!deny)
			f.severity = SEV_INFO;
		finding_set_message(&f, _("The CAA set at %s contains the CAs Cloudflare adds by itself (pki.goog, letsencrypt.org, ssl.com, sectigo.com) once a zone has any CAA record. They do not show in the Cloudflare dashboard and never include Amazon: %s must be added explicitly."),
				    name_shown(n->owner), ca);
		for (size_t j = 0; j < n->n_lines; j++)
			finding_add_evidence(&f, n->lines[j]);
		add_finding(ct, &f);
	}
}

/* Where the fix for a denied target goes, and whether the records there are
 * carried over from a set the user cannot edit (a TLD's, a parent zone's). */
static const char *
change_owner(struct caa_check *chk, const struct target_state *t, bool *carry, bool *foreign)
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
	       !strcmp(change_owner(chk, t, &carry, &foreign), owner);
}

static void
record_from_prop(struct record *r, enum rec_action action, const char *owner,
		 const struct caa_prop *p)
{
	record_init_caa(r, action, owner, NEW_RECORD_TTL, p->flags, p->tag, p->value);
}

static bool
prop_deleted(const struct caa_prop *p)
{
	return (p->critical && !p->known_tag) || (p->malformed && p->looks_like_ca);
}

static int
build_plan(struct caa_check *chk, struct caa_report *rep, const char *owner, bool carry,
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
	pi->provider = zone_provider(chk, z, &pi->detected, &pi->ns_mixed);

	/* What stays, what goes. */
	struct caa_prop *kept = xcalloc(n->n_props + 2, sizeof *kept);
	size_t n_kept = 0;
	struct rrset_change *set = plan_rrset(&pi->plan, owner, DNS_T_CAA, NEW_RECORD_TTL);
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

static void
attach_plan(struct caa_report *rep, struct caa_target *ct, int plan, bool carry)
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
	(void)carry;
}

static void
parent_zone_finding(struct caa_check *chk, const struct target_state *t, struct caa_target *ct,
		    const char *apex)
{
	const struct node *n = &chk->nodes[t->relevant];
	struct finding f;
	finding_init(&f, F_CAA_AT_PARENT_ZONE, n->owner);
	finding_set_message(&f, _("The CAA records that decide for %s are at %s, above your zone %s, where you cannot change them. A CAA record set at %s takes precedence: add one there that names %s (the fix below also carries over the CAs %s allows today)."),
			    name_shown(t->name), name_shown(n->owner), name_shown(apex), name_shown(apex), chk->ca_label, name_shown(n->owner));
	for (size_t j = 0; j < n->n_lines; j++)
		finding_add_evidence(&f, n->lines[j]);
	add_finding(ct, &f);
}

static int
by_severity(const void *a, const void *b)
{
	const struct finding *fa = a, *fb = b;
	if (fa->severity != fb->severity)
		return (int)fa->severity - (int)fb->severity;
	return (int)fa->code - (int)fb->code;
}

static void
sort_findings(struct caa_target *ct)
{
	/* qsort is not stable; code order breaks ties deterministically. */
	qsort(ct->findings, ct->n_findings, sizeof *ct->findings, by_severity);
}

static int64_t
decisive_ttl(struct caa_check *chk, const struct target_state *t)
{
	if (t->relevant >= 0)
		return chk->nodes[t->relevant].ttl;
	if (t->failed >= 0)
		return -1;
	int64_t ttl = -1;
	for (size_t i = 0; i < t->n_climb; i++) {
		int64_t n = chk->nodes[t->climb[i]].ttl;
		if (n >= 0 && (ttl < 0 || n < ttl))
			ttl = n;
	}
	return ttl;
}

static struct caa_report *
build_report(struct caa_check *chk)
{
	struct caa_report *rep = xcalloc(1, sizeof *rep);
	rep->targets = xcalloc(chk->n_targets, sizeof *rep->targets);
	rep->n_targets = chk->n_targets;
	rep->resolver = xstrdup(chk->resolver);
	for (size_t i = 0; i < chk->n_targets; i++) {
		struct target_state *t = &chk->targets[i];
		struct caa_target *ct = &rep->targets[i];
		ct->name = xstrdup(t->name);
		ct->wildcard = t->wildcard;
		ct->cache_ttl = decisive_ttl(chk, t);
		if (t->failed >= 0) {
			ct->verdict = CAA_V_LOOKUP_FAILED;
			finding_lookup_failed(chk, t, ct);
			continue;
		}
		if (t->relevant < 0) {
			struct finding f;
			ct->verdict = CAA_V_PERMIT;
			finding_init(&f, F_CAA_NONE, t->base);
			finding_set_message(&f, _("There are no CAA records at %s or any parent up to the TLD, so any CA, %s included, may issue %s."),
					    name_shown(t->base), chk->ca_label, name_shown(t->name));
			add_climb_evidence(chk, t, t->n_climb, &f);
			add_finding(ct, &f);
			continue;
		}
		ct->relevant_at = xstrdup(chk->nodes[t->relevant].owner);
		ct->verdict = t->dec.outcome == CAA_OUT_PERMIT ? CAA_V_PERMIT : CAA_V_DENY;
		findings_for_rrset(chk, t, ct);
	}
	/* One plan per place to change, shared by every target that needs it. */
	for (size_t i = 0; i < chk->n_targets; i++) {
		struct target_state *t = &chk->targets[i];
		struct caa_target *ct = &rep->targets[i];
		if (ct->verdict != CAA_V_DENY)
			continue;
		bool carry, foreign;
		const char *owner = change_owner(chk, t, &carry, &foreign);
		int plan = -1;
		for (size_t p = 0; p < rep->n_plans; p++)
			if (!strcmp(rep->plans[p].owner, owner))
				plan = (int)p;
		if (plan < 0)
			plan = build_plan(chk, rep, owner, carry, foreign, t);
		if (carry)
			parent_zone_finding(chk, t, ct, owner);
		if (rep->plans[plan].unsound) {
			struct finding f;
			finding_init(&f, F_INTERNAL_ERROR, t->name);
			finding_set_message(&f, _("No CAA change was found that lets %s issue %s; please report this with the evidence."),
					    chk->ca_label, name_shown(t->name));
			add_finding(ct, &f);
			continue;
		}
		attach_plan(rep, ct, plan, carry);
	}
	for (size_t i = 0; i < rep->n_targets; i++)
		sort_findings(&rep->targets[i]);
	rep->queries = chk->queries;
	rep->answered = chk->answered;
	rep->max_in_flight = chk->max_in_flight;
	rep->elapsed_ms = loop_now_ms() - chk->started;
	return rep;
}

/* ------------------------------------------------------------------ */
/* Driving the phases                                                  */
/* ------------------------------------------------------------------ */

static void
free_check(struct caa_check *chk)
{
	for (size_t i = 0; i < chk->n_nodes; i++) {
		struct node *n = &chk->nodes[i];
		free(n->name);
		free(n->fail_text);
		free(n->owner);
		free(n->status);
		strv_free(n->lines, n->n_lines);
		for (size_t j = 0; j < n->n_props; j++)
			caa_prop_clear(&n->props[j]);
		free(n->props);
	}
	free(chk->nodes);
	for (size_t i = 0; i < chk->n_zones; i++) {
		struct zinfo *z = &chk->zones[i];
		free(z->name);
		free(z->zone);
		free(z->fail_text);
		strv_free(z->ns, z->n_ns);
	}
	free(chk->zones);
	for (size_t i = 0; i < chk->n_targets; i++) {
		free(chk->targets[i].name);
		free(chk->targets[i].base);
		free(chk->targets[i].climb);
	}
	free(chk->targets);
	caa_identities_free(chk->ids);
	free(chk->ca_label);
	free(chk->resolver);
	free(chk);
}

static void
finish(void *arg)
{
	struct caa_check *chk = arg;
	struct caa_report *rep = build_report(chk);
	caa_done_cb cb = chk->cb;
	void *ctx = chk->ctx;
	loop_release(chk->loop);
	free_check(chk);
	cb(ctx, rep);
}

static void
next_phase(struct caa_check *chk)
{
	if (chk->aborted && chk->phase < 2) {
		/* Evaluate what came back, ask nothing more. */
		for (size_t i = 0; i < chk->n_targets; i++)
			evaluate_target(chk, &chk->targets[i]);
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
	phase_close(chk);
}

struct caa_check *
caa_check_start(struct loop *loop, struct dns_client *resolver, const struct caa_check_opts *opts,
		caa_done_cb cb, void *ctx, char *err, size_t errlen)
{
	struct caa_identities *ids = caa_identities_load(opts->ca);
	if (!ids) {
		snprintf(err, errlen, "%s", _("the CAA issuer table (data/caa-issuers.txt) is missing or empty"));
		return NULL;
	}
	if (opts->provider && !provider_get(opts->provider)) {
		snprintf(err, errlen, _("unknown provider \"%s\""), opts->provider);
		caa_identities_free(ids);
		return NULL;
	}
	struct caa_check *chk = xcalloc(1, sizeof *chk);
	chk->loop = loop;
	chk->dns = resolver;
	chk->ids = ids;
	chk->resolver = xstrdup(dns_client_servers(resolver));
	chk->ca_label = xstrdup(opts->ca ? ids->names[0] : "Amazon");
	chk->forced_provider = opts->provider;
	chk->cb = cb;
	chk->ctx = ctx;
	chk->on_event = opts->on_event;
	chk->event_ctx = opts->event_ctx;
	chk->started = loop_now_ms();
	chk->targets = xcalloc(opts->n_names ? opts->n_names : 1, sizeof *chk->targets);
	chk->n_targets = opts->n_names;
	for (size_t i = 0; i < opts->n_names; i++) {
		struct target_state *t = &chk->targets[i];
		t->name = xstrdup(opts->names[i]);
		t->wildcard = !strncmp(t->name, "*.", 2);
		t->base = xstrdup(t->wildcard ? t->name + 2 : t->name);
		plan_climb(chk, t);
	}
	loop_hold(loop);
	phase_open(chk);
	send_climb(chk);
	phase_close(chk);
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
	if (chk->outstanding == 0) {
		if (chk->finish_timer)
			loop_timer_cancel(chk->loop, chk->finish_timer);
		free_check(chk);
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
