/* The CNAME check's probe plan. For each record, a first round of every
 * independent query through the resolver: the record itself (CNAME, and
 * TXT, A, AAAA for what may stand in its place), the names a misplaced
 * copy usually has (cname_search.c), and the SOA of every ancestor (the
 * zone cut). Then the delegation is walked down from the zone above, as a
 * resolver does it, asking each level's servers directly (RD=0): so the
 * servers checked are the ones the parent publishes, not the ones the zone
 * says it has. Edited name servers (--edited-ns) are asked directly too.
 *
 * Eager (check_input.eager: one check, where latency counts), the walk's
 * questions are asked ahead of it, as soon as each can be: the NS of every
 * ancestor with the first round; once the zones are known, the addresses
 * of the servers of every zone from the parent's down to the deepest, as
 * the resolver shows them; as each address comes, those servers, for the
 * record. The walk itself is unchanged: when it asks a question asked
 * ahead (same server, name and type) it takes that answer, at once or when
 * it comes. So when the delegation is the one the resolver shows, a record
 * costs two resolver round trips and one to the servers instead of four
 * and two; when it is not, the walk asks the rest itself. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/cname/cname_int.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "net/names.h"

enum ask_kind {
	Q_MAIN, Q_TXT, Q_A, Q_AAAA, Q_CAND, Q_SOA, Q_PARENT_NS, Q_NS_ADDR,
	Q_AUTH, Q_EDITED, Q_EDITED_ADDR, Q_EXACT, Q_HOSTED, Q_HOSTED_ADDR,
	Q_DELEGATION, Q_AHEAD,
};

/* TRANSLATORS: why a DNS query is asked, shown in parentheses on a probe line */
static const char *const ask_purpose[] = {
	[Q_MAIN] = N_("record"), [Q_TXT] = N_("TXT instead"), [Q_A] = N_("proxied or flattened"),
	[Q_AAAA] = N_("proxied or flattened"), [Q_CAND] = N_("misplaced copy"), [Q_SOA] = N_("zone"),
	[Q_PARENT_NS] = N_("parent zone servers"), [Q_NS_ADDR] = N_("name server address"),
	[Q_AUTH] = N_("authoritative"), [Q_EDITED] = N_("edited name server"),
	[Q_EDITED_ADDR] = N_("edited name server address"),
	[Q_EXACT] = N_("exact record set"),
	[Q_HOSTED] = N_("hosted zone's name server"),
	[Q_HOSTED_ADDR] = N_("hosted zone's name server address"),
	/* the parent zone's servers, asked for the delegation (not authoritative) */
	[Q_DELEGATION] = N_("delegation"),
	[Q_AHEAD] = N_("asked ahead"),
};

struct ask {
	struct cname_check *chk;
	enum ask_kind kind;
	struct rec *rec;           /* NULL for check-wide queries */
	struct obs *o;
	bool direct;
	int id;
	struct pre *pre;           /* Q_AHEAD: the query asked ahead; else the
				    * one whose answer this ask takes */
	bool served;               /* the walk's, answered by one asked ahead */
	uint64_t timer;            /* served when done: from a loop turn of its own */
};

/* A query asked ahead of the walk (eager). Any number of walks (records
 * share zones) take its answer, each holding the one message. */
struct pre {
	char *addr;                /* NULL: the resolver */
	char *name;
	uint16_t type;
	struct rec *rec;           /* whose walk it was asked for */
	bool done;
	struct obs o;              /* its answer */
	struct ask **waiting;      /* the walks' asks that took it while out */
	size_t n_waiting;
};

static void on_reply(void *arg, struct dns_result *res);
static void pre_answered(struct cname_check *chk, struct pre *p);
static void rec_next(struct cname_check *chk, struct rec *r);
static void start_records(struct cname_check *chk);

/* ------------------------------------------------------------------ */
/* Queries                                                             */
/* ------------------------------------------------------------------ */

void
cname_obs_clear(struct obs *o)
{
	if (o->msg)
		dns_msg_free(o->msg);
	free(o->error);
	free(o->server);
	memset(o, 0, sizeof *o);
}

void
cname_sv_clear(struct sv *s)
{
	free(s->addr);
	free(s->names);
	cname_obs_clear(&s->o);
}

void
cname_level_clear(struct level *lv)
{
	free(lv->zone);
	for (size_t i = 0; i < lv->n_ns; i++) {
		free(lv->ns[i].name);
		free(lv->ns[i].addr);
		cname_obs_clear(&lv->ns[i].o);
	}
	free(lv->ns);
	for (size_t i = 0; i < lv->n_sv; i++)
		cname_sv_clear(&lv->sv[i]);
	free(lv->sv);
	memset(lv, 0, sizeof *lv);
}

/* "127.0.0.4" -> "127.0.0.4:53"; "2001:db8::1" -> "[2001:db8::1]:53". */
static char *
server_string(const char *addr)
{
	struct strbuf sb;
	sb_init(&sb);
	if (strchr(addr, ':'))
		sb_addf(&sb, "[%s]:53", addr);
	else
		sb_addf(&sb, "%s:53", addr);
	return sb_steal(&sb);
}

static struct dns_client *
direct_client(struct cname_check *chk, const char *addr)
{
	for (size_t i = 0; i < chk->n_directs; i++)
		if (!strcmp(chk->directs[i].addr, addr))
			return chk->directs[i].dns;
	char err[256];
	/* Edited servers may come with their own port ("host:port", "[v6]:port"). */
	bool has_port = addr[0] == '[' || (strchr(addr, ':') && strchr(addr, ':') == strrchr(addr, ':'));
	char *srv = has_port ? xstrdup(addr) : server_string(addr);
	/* The resolver's window bounds these queries too (a fleet scan). */
	struct dns_client_opts o = { .servers = srv, .recurse = false,
				     .timeout_ms = chk->timeout_ms, .tries = chk->tries,
				     .window = dns_client_window(chk->dns) };
	struct dns_client *c = dns_client_get(chk->dns, &o, err, sizeof err);
	free(srv);
	if (!c)
		return NULL;
	chk->directs = xrealloc(chk->directs, (chk->n_directs + 1) * sizeof *chk->directs);
	chk->directs[chk->n_directs].addr = xstrdup(addr);
	chk->directs[chk->n_directs].dns = c;
	chk->n_directs++;
	return c;
}

static void
rec_open(struct rec *r)
{
	r->outstanding++;
}

static void
rec_close(struct cname_check *chk, struct rec *r)
{
	if (--r->outstanding == 0 && !chk->cancelled && r->step != ST_DONE)
		rec_next(chk, r);
}

static struct pre *pre_take(struct cname_check *chk, const char *addr, const char *name, uint16_t type);
static void pre_serve(struct cname_check *chk, struct pre *p, struct ask *a);

/* Send one query; the answer lands in *o. addr NULL: the resolver. The
 * same question asked ahead (eager) answers it instead. */
static struct ask *
ask(struct cname_check *chk, struct rec *r, enum ask_kind kind, struct obs *o,
    const char *addr, const char *name, uint16_t type)
{
	if (chk->aborted)
		return NULL;
	struct pre *p = chk->eager && kind != Q_AHEAD ? pre_take(chk, addr, name, type) : NULL;
	struct dns_client *c = p ? NULL : addr ? direct_client(chk, addr) : chk->dns;
	struct ask *a = xcalloc(1, sizeof *a);
	a->chk = chk;
	a->kind = kind;
	a->rec = r;
	a->o = o;
	a->direct = addr != NULL;
	o->sent = true;
	chk->outstanding++;
	if (r)
		r->outstanding++;
	if (p) {
		pre_serve(chk, p, a);
		return a;
	}
	const char *server = c ? dns_client_servers(c) : addr;
	a->id = probe_log_sent(&chk->log, name, type, server, ask_purpose[kind]);
	if (!c || dns_query(c, name, type, 0, on_reply, a) < 0) {
		struct dns_result res = { .outcome = DNS_BAD_ANSWER, .qname = name, .qtype = type,
					  .server = server,
					  .error = c ? _("the name cannot be sent in a DNS query")
						     : _("cannot create a DNS client for this address") };
		on_reply(a, &res);
		return NULL;
	}
	return a;
}

/* Every query is back: report (or, when cancelled, free) from a fresh loop
 * turn, never from inside a DNS callback, since that frees the clients. */
static void
check_settled(struct cname_check *chk)
{
	if (chk->outstanding || chk->timer)
		return;
	if (chk->cancelled) {
		if (!chk->finishing)
			cname_check_free(chk);
		return;
	}
	for (size_t i = 0; i < chk->n_recs; i++)
		if (chk->recs[i].step != ST_DONE)
			return;
	chk->finishing = true;
	chk->timer = loop_timer_add(chk->loop, 0, cname_finish, chk);
}

static void
on_reply(void *arg, struct dns_result *res)
{
	struct ask *a = arg;
	struct cname_check *chk = a->chk;
	if (!a->served)
		probe_log_done(&chk->log, a->id, ask_purpose[a->kind], res, chk->cancelled);
	/* The resolver client freed under a running check: ask nothing more;
	 * whatever never came back counts as a failure, never as "absent". */
	if (res->outcome == DNS_CANCELLED && !chk->cancelled && !a->direct)
		chk->aborted = true;
	if (!chk->cancelled) {
		struct obs *o = a->o;
		o->done = true;
		o->outcome = res->outcome;
		o->msg = res->msg;
		res->msg = NULL;
		o->error = res->error ? xstrdup(res->error) : NULL;
		o->server = xstrdup(res->server ? res->server : "?");
	} else if (res->msg) {
		dns_msg_free(res->msg);
	}
	if (a->kind == Q_AHEAD && a->pre)
		pre_answered(chk, a->pre);
	struct rec *r = a->rec;
	enum ask_kind kind = a->kind;
	free(a);
	chk->outstanding--;
	if (r) {
		rec_close(chk, r);
	} else if ((kind == Q_EDITED_ADDR || kind == Q_HOSTED_ADDR) && --chk->edited_pending == 0 &&
		   !chk->cancelled) {
		chk->outstanding++;        /* keep the check open while records start */
		start_records(chk);
		chk->outstanding--;
	}
	check_settled(chk);
}

/* ------------------------------------------------------------------ */
/* Asked ahead (eager)                                                 */
/* ------------------------------------------------------------------ */

static bool
same_addr(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static struct pre *
pre_find(struct cname_check *chk, const char *addr, const char *name, uint16_t type)
{
	for (size_t i = 0; i < chk->n_pre; i++) {
		struct pre *p = chk->pre[i];
		if (p->type == type && same_addr(p->addr, addr) && !strcmp(p->name, name))
			return p;
	}
	return NULL;
}

static struct pre *
pre_take(struct cname_check *chk, const char *addr, const char *name, uint16_t type)
{
	return pre_find(chk, addr, name, type);
}

/* Ask a question ahead of the walk of rec, once. Counted in acct's
 * outstanding queries when given (its step waits for it). */
static void
pre_ask(struct cname_check *chk, struct rec *acct, struct rec *rec, const char *addr,
	const char *name, uint16_t type)
{
	if (pre_find(chk, addr, name, type))
		return;
	struct pre *p = xcalloc(1, sizeof *p);
	p->addr = addr ? xstrdup(addr) : NULL;
	p->name = xstrdup(name);
	p->type = type;
	p->rec = rec;
	chk->pre = xrealloc(chk->pre, (chk->n_pre + 1) * sizeof *chk->pre);
	chk->pre[chk->n_pre++] = p;
	struct ask *a = ask(chk, acct, Q_AHEAD, &p->o, addr, name, type);
	if (a)
		a->pre = p;
	else
		p->done = true;         /* failed at once (or aborted) */
}

/* A walk's query takes the answer of one asked ahead: its own copy of the
 * result, the message shared. */
static void
pre_deliver(struct pre *p, struct ask *w)
{
	struct dns_result res = { .outcome = p->o.outcome, .msg = dns_msg_ref(p->o.msg),
				  .error = p->o.error, .server = p->o.server ? p->o.server : p->addr,
				  .qname = p->name, .qtype = p->type };
	on_reply(w, &res);
}

static void
pre_hand_over(void *arg)
{
	struct ask *w = arg;
	w->timer = 0;
	pre_deliver(w->pre, w);
}

/* The walk asks what was asked ahead: the answer is its own, from the
 * loop once it is in. */
static void
pre_serve(struct cname_check *chk, struct pre *p, struct ask *a)
{
	a->served = true;
	a->pre = p;
	if (p->done) {
		a->timer = loop_timer_add(chk->loop, 0, pre_hand_over, a);
		return;
	}
	p->waiting = xrealloc(p->waiting, (p->n_waiting + 1) * sizeof *p->waiting);
	p->waiting[p->n_waiting++] = a;
}

/* One asked ahead is back (its answer is in p->o): what it lets be asked
 * next goes out (a name server's address: that server, for the record),
 * and the walks that took it while it was out get the answer. */
static void
pre_answered(struct cname_check *chk, struct pre *p)
{
	p->done = true;
	if (!chk->cancelled && !chk->aborted && p->type == DNS_T_A && !p->addr &&
	    cname_obs_ok(&p->o) && p->rec) {
		const char *addr = cname_resolved_a(p->o.msg, p->name);
		if (addr)
			pre_ask(chk, NULL, p->rec, addr, p->rec->name, DNS_T_CNAME);
	}
	struct ask **w = p->waiting;
	size_t n = p->n_waiting;
	p->waiting = NULL;
	p->n_waiting = 0;
	for (size_t i = 0; i < n; i++)
		pre_deliver(p, w[i]);
	free(w);
}

/* The zones are known: the addresses of the servers of every zone from
 * the parent's down to the deepest, as the resolver's NS answers (asked
 * ahead with the first round) name them. */
static void
pre_addresses(struct cname_check *chk, struct rec *r)
{
	for (size_t i = 0; r->zres && i < r->n_soa; i++) {
		const char *x = r->soa_names[i];
		if (!dns_name_is_under(r->zres, x) || !dns_name_is_under(x, r->pz))
			continue;
		struct pre *p = pre_find(chk, NULL, x, DNS_T_NS);
		if (!p || !p->done || !cname_obs_ok(&p->o))
			continue;
		for (size_t k = 0; k < p->o.msg->n_answer; k++) {
			const struct dns_rr *rr = &p->o.msg->rrs[k];
			if (rr->type == DNS_T_NS && rr->rdata_ok && !strcmp(rr->owner, x))
				pre_ask(chk, NULL, r, NULL, rr->u.target, DNS_T_A);
		}
	}
}

void
cname_pre_free(struct cname_check *chk)
{
	for (size_t i = 0; i < chk->n_pre; i++) {
		struct pre *p = chk->pre[i];
		free(p->waiting);
		free(p->addr);
		free(p->name);
		cname_obs_clear(&p->o);
		free(p);
	}
	free(chk->pre);
	chk->pre = NULL;
	chk->n_pre = 0;
}

/* ------------------------------------------------------------------ */
/* The walk: zone cut, delegation, authoritative servers               */
/* ------------------------------------------------------------------ */

/* Every zone apex the resolver's SOA answers reveal above or at the name. */
static void
find_zones(struct rec *r)
{
	const char *best = NULL, *second = NULL;
	int best_l = -1, second_l = -1;
	for (size_t i = 0; i < r->n_soa; i++) {
		const struct obs *o = &r->soa_obs[i];
		if (!cname_obs_ok(o))
			continue;
		for (size_t k = 0; k < o->msg->n_rr; k++) {
			const struct dns_rr *rr = &o->msg->rrs[k];
			if (rr->type != DNS_T_SOA || rr->section == DNS_SEC_ADDITIONAL ||
			    !dns_name_is_under(r->name, rr->owner))
				continue;
			int l = dns_name_labels(rr->owner);
			if (l > best_l) {
				if (best && strcmp(best, rr->owner)) {
					second = best;
					second_l = best_l;
				}
				best = rr->owner;
				best_l = l;
			} else if (l < best_l && l > second_l) {
				second = rr->owner;
				second_l = l;
			}
		}
	}
	r->zres = best ? xstrdup(best) : NULL;
	/* The walk starts one zone above, so that the delegation comes from
	 * the parent: the root when nothing better is known. */
	if (second)
		r->pz = xstrdup(second);
	else
		r->pz = xstrdup(".");
}

static void
level_add_ns(struct level *lv, const char *name)
{
	for (size_t i = 0; i < lv->n_ns; i++)
		if (!strcmp(lv->ns[i].name, name))
			return;
	if (lv->n_ns >= MAX_NS)
		return;
	lv->ns = xrealloc(lv->ns, (lv->n_ns + 1) * sizeof *lv->ns);
	memset(&lv->ns[lv->n_ns], 0, sizeof *lv->ns);
	lv->ns[lv->n_ns++].name = xstrdup(name);
}

/* Group the NS names by address: one server per address. */
static void
build_servers(struct level *lv)
{
	for (size_t i = 0; i < lv->n_ns; i++) {
		const struct nsname *ns = &lv->ns[i];
		if (!ns->addr)
			continue;
		struct sv *s = NULL;
		for (size_t k = 0; k < lv->n_sv; k++)
			if (!strcmp(lv->sv[k].addr, ns->addr))
				s = &lv->sv[k];
		if (s) {
			struct strbuf sb;
			sb_init(&sb);
			sb_addf(&sb, "%s, %s", s->names, ns->name);
			free(s->names);
			s->names = sb_steal(&sb);
			continue;
		}
		lv->sv = xrealloc(lv->sv, (lv->n_sv + 1) * sizeof *lv->sv);
		s = &lv->sv[lv->n_sv++];
		memset(s, 0, sizeof *s);
		s->addr = xstrdup(ns->addr);
		s->names = xstrdup(ns->name);
	}
}

static void
walk_fail(struct rec *r, char *note)
{
	free(r->walk_note);
	r->walk_note = note;
	r->step = ST_DONE;
}


static void
send_auth(struct cname_check *chk, struct rec *r)
{
	r->step = ST_AUTH;
	for (size_t i = 0; i < r->lv.n_sv; i++)
		/* The first level is the parent zone's: it delegates, it is
		 * not the zone's authority. */
		ask(chk, r, r->lv.referral ? Q_AUTH : Q_DELEGATION, &r->lv.sv[i].o, r->lv.sv[i].addr,
		    r->name, DNS_T_CNAME);
}

static void
send_ns_addrs(struct cname_check *chk, struct rec *r)
{
	r->step = ST_NS_ADDR;
	for (size_t i = 0; i < r->lv.n_ns; i++)
		if (!r->lv.ns[i].addr)
			ask(chk, r, Q_NS_ADDR, &r->lv.ns[i].o, NULL, r->lv.ns[i].name, DNS_T_A);
}

/* A referral from the servers of the current level to a zone below it:
 * the delegation the parent publishes. Returns true when one was taken. */
static bool
take_referral(struct rec *r)
{
	for (size_t i = 0; i < r->lv.n_sv; i++) {
		const struct obs *o = &r->lv.sv[i].o;
		if (!cname_obs_ok(o) || !cname_is_referral(o->msg))
			continue;
		const struct dns_msg *m = o->msg;
		const char *cut = NULL;
		for (size_t k = 0; k < m->n_rr; k++) {
			const struct dns_rr *rr = &m->rrs[k];
			if (rr->section == DNS_SEC_AUTHORITY && rr->type == DNS_T_NS &&
			    dns_name_is_under(r->name, rr->owner) && dns_name_is_under(rr->owner, r->lv.zone) &&
			    strcmp(rr->owner, r->lv.zone)) {
				cut = rr->owner;
				break;
			}
		}
		if (!cut)
			continue;
		struct level next = { .zone = xstrdup(cut), .referral = true };
		for (size_t k = 0; k < m->n_rr; k++) {
			const struct dns_rr *rr = &m->rrs[k];
			if (rr->section == DNS_SEC_AUTHORITY && rr->type == DNS_T_NS && rr->rdata_ok &&
			    !strcmp(rr->owner, cut))
				level_add_ns(&next, rr->u.target);
		}
		for (size_t k = 0; k < next.n_ns; k++) {
			const char *glue = cname_a_in(m, next.ns[k].name, DNS_SEC_ADDITIONAL);
			if (glue)
				next.ns[k].addr = xstrdup(glue);
		}
		cname_level_clear(&r->lv);
		r->lv = next;
		return true;
	}
	return false;
}

static const struct sv *
first_authoritative(const struct level *lv)
{
	for (size_t i = 0; i < lv->n_sv; i++)
		if (cname_obs_ok(&lv->sv[i].o) && lv->sv[i].o.msg->aa)
			return &lv->sv[i];
	return NULL;
}

static bool
any_authoritative(const struct level *lv)
{
	return first_authoritative(lv) != NULL;
}

/* Did the resolver show a record a fix would delete: a TXT at the name, a
 * CNAME at a misplaced copy's name in this zone? Ask an authoritative
 * server for those sets, exactly as the zone holds them. Returns whether
 * anything was sent. */
static bool
send_exact(struct cname_check *chk, struct rec *r)
{
	const struct sv *s = first_authoritative(&r->lv);
	bool sent = false;
	if (!s)
		return false;
	r->step = ST_EXACT;
	if (cname_obs_ok(&r->txt) && r->txt.msg->n_answer && !cname_rr_at(r->txt.msg, r->name)) {
		ask(chk, r, Q_EXACT, &r->exact_txt, s->addr, r->name, DNS_T_TXT);
		sent = true;
	}
	/* Addresses where the CNAME should be: a fix deletes them first. */
	if ((cname_obs_ok(&r->a) && r->a.msg->n_answer && !cname_rr_at(r->a.msg, r->name)) ||
	    (cname_obs_ok(&r->aaaa) && r->aaaa.msg->n_answer && !cname_rr_at(r->aaaa.msg, r->name))) {
		ask(chk, r, Q_EXACT, &r->exact_a, s->addr, r->name, DNS_T_A);
		ask(chk, r, Q_EXACT, &r->exact_aaaa, s->addr, r->name, DNS_T_AAAA);
		sent = true;
	}
	for (size_t i = 0; i < r->n_cands; i++) {
		const struct obs *o = &r->cand_obs[i];
		if (!cname_obs_ok(o) || !cname_rr_at(o->msg, r->cands[i].name) ||
		    !dns_name_is_under(r->cands[i].name, r->lv.zone))
			continue;
		ask(chk, r, Q_EXACT, &r->exact_cand[i], s->addr, r->cands[i].name, DNS_T_CNAME);
		sent = true;
	}
	return sent;
}

static void
rec_next(struct cname_check *chk, struct rec *r)
{
	if (chk->aborted) {
		r->step = ST_DONE;
		return;
	}
	rec_open(r);
	switch (r->step) {
	case ST_FIRST:
		find_zones(r);
		if (chk->eager)
			pre_addresses(chk, r);
		r->lv.zone = xstrdup(r->pz);
		r->step = ST_PARENT_NS;
		ask(chk, r, Q_PARENT_NS, &r->pz_ns, NULL, r->pz, DNS_T_NS);
		break;
	case ST_PARENT_NS:
		for (size_t i = 0; cname_obs_ok(&r->pz_ns) && i < r->pz_ns.msg->n_answer; i++) {
			const struct dns_rr *rr = &r->pz_ns.msg->rrs[i];
			if (rr->type == DNS_T_NS && rr->rdata_ok && !strcmp(rr->owner, r->pz))
				level_add_ns(&r->lv, rr->u.target);
		}
		if (!r->lv.n_ns) {
			bool lame;
			char *why = cname_failure_text(&r->pz_ns, false, &lame);
			walk_fail(r, str_fmt(4096, _("the name servers of %s could not be found through the resolver (%s)"),
					 name_shown(r->pz), why));
			free(why);
			break;
		}
		send_ns_addrs(chk, r);
		break;
	case ST_NS_ADDR:
		for (size_t i = 0; i < r->lv.n_ns; i++) {
			struct nsname *ns = &r->lv.ns[i];
			const char *a = ns->addr ? NULL : cname_obs_ok(&ns->o) ? cname_resolved_a(ns->o.msg, ns->name) : NULL;
			if (a)
				ns->addr = xstrdup(a);
		}
		build_servers(&r->lv);
		if (!r->lv.n_sv) {
			walk_fail(r, str_fmt(4096, _("no address was found for any name server of %s"), name_shown(r->lv.zone)));
			break;
		}
		send_auth(chk, r);
		break;
	case ST_AUTH:
		/* Follow the parent's referral down, as a resolver does; stop
		 * where the servers answer for the name themselves. */
		if (r->depth < MAX_DEPTH && !any_authoritative(&r->lv) && take_referral(r)) {
			r->depth++;
			send_ns_addrs(chk, r);
			if (r->outstanding == 1) {
				/* All glue was there: go straight to the servers. */
				build_servers(&r->lv);
				send_auth(chk, r);
			}
			break;
		}
		if (!send_exact(chk, r))
			r->step = ST_DONE;
		break;
	case ST_EXACT:
		r->step = ST_DONE;
		break;
	case ST_DONE:
		break;
	}
	if (r->outstanding == 1 && r->step != ST_DONE) {
		/* Nothing could be sent (aborted): the record is as done as it gets. */
		r->step = ST_DONE;
	}
	rec_close(chk, r);
}

/* The first round: everything about one record that needs nothing else. */
static void
rec_start(struct cname_check *chk, struct rec *r)
{
	rec_open(r);
	r->step = ST_FIRST;
	ask(chk, r, Q_MAIN, &r->main, NULL, r->name, DNS_T_CNAME);
	ask(chk, r, Q_TXT, &r->txt, NULL, r->name, DNS_T_TXT);
	ask(chk, r, Q_A, &r->a, NULL, r->name, DNS_T_A);
	ask(chk, r, Q_AAAA, &r->aaaa, NULL, r->name, DNS_T_AAAA);
	for (size_t i = 0; i < r->n_cands; i++)
		ask(chk, r, Q_CAND, &r->cand_obs[i], NULL, r->cands[i].name, DNS_T_CNAME);
	for (size_t i = 0; i < r->n_soa; i++)
		ask(chk, r, Q_SOA, &r->soa_obs[i], NULL, r->soa_names[i], DNS_T_SOA);
	/* Eager: the NS of every ancestor, for the walk to come. */
	for (size_t i = 0; chk->eager && i < r->n_soa; i++)
		pre_ask(chk, r, r, NULL, r->soa_names[i], DNS_T_NS);
	/* The edited servers, unless given as names that did not resolve. */
	r->n_ed = 0;
	r->ed = xcalloc(chk->n_edited ? chk->n_edited : 1, sizeof *r->ed);
	for (size_t i = 0; i < chk->n_edited; i++) {
		const struct edited_in *e = &chk->edited[i];
		struct sv *s = &r->ed[r->n_ed++];
		s->addr = xstrdup(e->addr ? e->addr : e->text);
		s->names = xstrdup(e->name ? e->name : "");
		s->edited = true;
		s->zone = e->zone;
		if (e->addr)
			ask(chk, r, e->zone >= 0 ? Q_HOSTED : Q_EDITED, &s->o, e->addr, r->name, DNS_T_CNAME);
	}
	rec_close(chk, r);
}

static void
start_records(struct cname_check *chk)
{
	for (size_t i = 0; i < chk->n_edited; i++) {
		struct edited_in *e = &chk->edited[i];
		if (e->addr || !cname_obs_ok(&e->o))
			continue;
		const char *a = cname_resolved_a(e->o.msg, e->name);
		if (a)
			e->addr = xstrdup(a);
	}
	for (size_t i = 0; i < chk->n_recs; i++)
		rec_start(chk, &chk->recs[i]);
}

void
cname_probe_start(struct cname_check *chk)
{
	loop_hold(chk->loop);
	chk->outstanding++;
	/* Name servers given by name are resolved first; every record's
	 * queries then go out together. */
	for (size_t i = 0; i < chk->n_edited; i++)
		if (chk->edited[i].name) {
			chk->edited_pending++;
			ask(chk, NULL, chk->edited[i].zone >= 0 ? Q_HOSTED_ADDR : Q_EDITED_ADDR, &chk->edited[i].o,
			    NULL, chk->edited[i].name, DNS_T_A);
		}
	if (!chk->edited_pending)
		start_records(chk);
	chk->outstanding--;
	check_settled(chk);
}
