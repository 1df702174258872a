/* The delegation of a name, followed down from a zone (deleg.h). */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/deleg.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "net/names.h"

enum step { D_NS, D_ADDR, D_ASK, D_DONE };

/* TRANSLATORS: why a DNS query is asked, shown in parentheses on a probe line */
static const char *const purpose[] = {
	[D_NS] = N_("zone servers"), [D_ADDR] = N_("name server address"), [D_ASK] = N_("authoritative"),
};

struct nsaddr {
	char *name;
	char *addr;                 /* glue or resolved; NULL while unknown */
};

struct direct {
	char *addr;
	struct dns_client *dns;
};

struct deleg_walk {
	struct loop *loop;
	struct dns_client *resolver;
	struct probe_log *log;
	char *qname;
	uint16_t qtype;
	int timeout_ms;
	void (*done)(void *ctx);
	void *ctx;
	struct deleg_result res;
	struct nsaddr *nsa;
	size_t n_nsa;
	struct direct *directs;
	size_t n_directs;
	enum step step;
	int depth;
	int outstanding;
	bool cancelled;
	uint64_t timer;
};

struct ask {
	struct deleg_walk *w;
	enum step step;
	size_t idx;
	int id;
};

static void advance(struct deleg_walk *w);
static void on_reply(void *arg, struct dns_result *res);

static void
server_clear(struct deleg_server *s)
{
	free(s->names);
	free(s->addr);
	free(s->error);
	if (s->msg)
		dns_msg_free(s->msg);
}

static void
level_clear(struct deleg_walk *w)
{
	for (size_t i = 0; i < w->res.n_servers; i++)
		server_clear(&w->res.servers[i]);
	free(w->res.servers);
	w->res.servers = NULL;
	w->res.n_servers = 0;
	strv_free(w->res.ns, w->res.n_ns);
	w->res.ns = NULL;
	w->res.n_ns = 0;
	for (size_t i = 0; i < w->n_nsa; i++) {
		free(w->nsa[i].name);
		free(w->nsa[i].addr);
	}
	free(w->nsa);
	w->nsa = NULL;
	w->n_nsa = 0;
}

static void
free_directs(struct deleg_walk *w)
{
	/* Giving a client back cancels its queries: their callbacks run now. */
	for (size_t i = 0; i < w->n_directs; i++) {
		dns_client_put(w->resolver, w->directs[i].dns);
		free(w->directs[i].addr);
	}
	free(w->directs);
	w->directs = NULL;
	w->n_directs = 0;
}

static struct dns_client *
direct_for(struct deleg_walk *w, const char *addr)
{
	for (size_t i = 0; i < w->n_directs; i++)
		if (!strcmp(w->directs[i].addr, addr))
			return w->directs[i].dns;
	char server[80], err[256];
	snprintf(server, sizeof server, strchr(addr, ':') ? "[%s]:53" : "%s:53", addr);
	/* The resolver's window bounds these queries too (a fleet scan). */
	struct dns_client_opts o = { .servers = server, .recurse = false, .timeout_ms = w->timeout_ms, .tries = 2,
				     .window = dns_client_window(w->resolver) };
	struct dns_client *c = dns_client_get(w->resolver, &o, err, sizeof err);
	if (!c)
		return NULL;
	w->directs = xrealloc(w->directs, (w->n_directs + 1) * sizeof *w->directs);
	w->directs[w->n_directs++] = (struct direct){ xstrdup(addr), c };
	return c;
}

static void
ask(struct deleg_walk *w, struct dns_client *c, enum step step, size_t idx, const char *name, uint16_t type)
{
	struct ask *a = xcalloc(1, sizeof *a);
	a->w = w;
	a->step = step;
	a->idx = idx;
	w->outstanding++;
	a->id = probe_log_sent(w->log, name, type, c ? dns_client_servers(c) : "?", purpose[step]);
	if (!c || dns_query(c, name, type, 0, on_reply, a) < 0) {
		struct dns_result res = { .outcome = DNS_BAD_ANSWER, .qname = name, .qtype = type,
					  .server = "?", .error = _("the query could not be sent") };
		on_reply(a, &res);
	}
}

static void
report(void *arg)
{
	struct deleg_walk *w = arg;
	w->timer = 0;
	free_directs(w);            /* a fresh turn: not inside their callbacks */
	loop_release(w->loop);
	w->done(w->ctx);
}

/* Every query is back: the next step, or the report from a fresh turn. */
static void
settle(struct deleg_walk *w)
{
	if (w->outstanding || w->timer)
		return;
	if (!w->cancelled && w->step != D_DONE) {
		w->outstanding++;       /* keep the step open while it sends */
		advance(w);
		w->outstanding--;
		if (w->outstanding)
			return;
	}
	w->step = D_DONE;
	w->timer = loop_timer_add(w->loop, 0, report, w);
}

static void
add_ns(struct deleg_walk *w, const char *name)
{
	for (size_t i = 0; i < w->n_nsa; i++)
		if (!strcmp(w->nsa[i].name, name))
			return;
	if (w->n_nsa >= DELEG_MAX_NS)
		return;
	w->nsa = xrealloc(w->nsa, (w->n_nsa + 1) * sizeof *w->nsa);
	w->nsa[w->n_nsa++] = (struct nsaddr){ xstrdup(name), NULL };
	strv_push(&w->res.ns, &w->res.n_ns, name);
}

static void
on_reply(void *arg, struct dns_result *res)
{
	struct ask *a = arg;
	struct deleg_walk *w = a->w;
	probe_log_done(w->log, a->id, purpose[a->step], res, w->cancelled);
	const struct dns_msg *m = res->outcome == DNS_ANSWER ? res->msg : NULL;
	if (!w->cancelled && res->outcome != DNS_CANCELLED) {
		switch (a->step) {
		case D_NS:
			for (size_t i = 0; m && i < m->n_answer; i++)
				if (m->rrs[i].type == DNS_T_NS && m->rrs[i].rdata_ok && !strcmp(m->rrs[i].owner, w->res.zone))
					add_ns(w, m->rrs[i].u.target);
			break;
		case D_ADDR: {
			/* The address at the end of any CNAME chain: the first A. */
			for (size_t i = 0; m && i < m->n_answer && !w->nsa[a->idx].addr; i++)
				if (m->rrs[i].type == DNS_T_A && m->rrs[i].rdata_ok) {
					char buf[INET6_ADDRSTRLEN];
					w->nsa[a->idx].addr = xstrdup(inet_ntop(AF_INET, m->rrs[i].u.addr, buf, sizeof buf));
				}
			break;
		}
		case D_ASK: {
			struct deleg_server *s = &w->res.servers[a->idx];
			s->outcome = res->outcome;
			s->msg = res->msg;
			res->msg = NULL;
			s->error = res->error ? xstrdup(res->error) : NULL;
			break;
		}
		case D_DONE:
			break;
		}
	}
	if (res->msg)
		dns_msg_free(res->msg);
	free(a);
	w->outstanding--;
	settle(w);
}

/* One server per address, its NS names joined. */
static void
build_servers(struct deleg_walk *w)
{
	for (size_t i = 0; i < w->n_nsa; i++) {
		const struct nsaddr *n = &w->nsa[i];
		if (!n->addr)
			continue;
		struct deleg_server *s = NULL;
		for (size_t k = 0; k < w->res.n_servers && !s; k++)
			if (!strcmp(w->res.servers[k].addr, n->addr))
				s = &w->res.servers[k];
		if (s) {
			char *joined = str_fmt(4096, "%s, %s", s->names, n->name);
			free(s->names);
			s->names = joined;
			continue;
		}
		w->res.servers = xrealloc(w->res.servers, (w->res.n_servers + 1) * sizeof *w->res.servers);
		w->res.servers[w->res.n_servers++] = (struct deleg_server){
			.names = xstrdup(n->name), .addr = xstrdup(n->addr), .outcome = DNS_TIMEOUT };
	}
}

static bool
is_referral(const struct dns_msg *m)
{
	if (m->aa || m->n_answer || m->rcode != DNS_RC_NOERROR)
		return false;
	for (size_t i = m->n_answer; i < m->n_answer + m->n_authority; i++)
		if (m->rrs[i].type == DNS_T_NS)
			return true;
	return false;
}

/* A referral below the current zone towards qname: the next level. */
static bool
take_referral(struct deleg_walk *w)
{
	for (size_t i = 0; i < w->res.n_servers; i++) {
		const struct dns_msg *m = w->res.servers[i].msg;
		if (!m || !is_referral(m))
			continue;
		const char *cut = NULL;
		for (size_t k = m->n_answer; k < m->n_answer + m->n_authority && !cut; k++) {
			const struct dns_rr *rr = &m->rrs[k];
			if (rr->type == DNS_T_NS && dns_name_is_under(w->qname, rr->owner) &&
			    dns_name_is_under(rr->owner, w->res.zone) && strcmp(rr->owner, w->res.zone))
				cut = rr->owner;
		}
		if (!cut)
			continue;
		char *zone = xstrdup(cut);
		struct dns_msg *keep = w->res.servers[i].msg;
		w->res.servers[i].msg = NULL;
		level_clear(w);
		free(w->res.parent);
		w->res.parent = w->res.zone;
		w->res.zone = zone;
		for (size_t k = keep->n_answer; k < keep->n_answer + keep->n_authority; k++)
			if (keep->rrs[k].type == DNS_T_NS && keep->rrs[k].rdata_ok && !strcmp(keep->rrs[k].owner, zone))
				add_ns(w, keep->rrs[k].u.target);
		for (size_t k = 0; k < w->n_nsa; k++) {
			char buf[INET6_ADDRSTRLEN];
			const char *g = dns_msg_a(keep, w->nsa[k].name, DNS_SEC_ADDITIONAL, buf, sizeof buf);
			if (g)
				w->nsa[k].addr = xstrdup(g);
		}
		dns_msg_free(keep);
		return true;
	}
	return false;
}

static bool
any_authoritative(const struct deleg_walk *w)
{
	for (size_t i = 0; i < w->res.n_servers; i++)
		if (w->res.servers[i].msg && w->res.servers[i].msg->aa)
			return true;
	return false;
}

static void
send_addrs(struct deleg_walk *w)
{
	w->step = D_ADDR;
	for (size_t i = 0; i < w->n_nsa; i++)
		if (!w->nsa[i].addr)
			ask(w, w->resolver, D_ADDR, i, w->nsa[i].name, DNS_T_A);
}

static void
send_asks(struct deleg_walk *w)
{
	w->step = D_ASK;
	build_servers(w);
	if (!w->res.n_servers) {
		w->res.note = str_fmt(1024, _("no address was found for any name server of %s"), name_shown(w->res.zone));
		w->step = D_DONE;
		return;
	}
	for (size_t i = 0; i < w->res.n_servers; i++)
		ask(w, direct_for(w, w->res.servers[i].addr), D_ASK, i, w->qname, w->qtype);
}

static void
advance(struct deleg_walk *w)
{
	switch (w->step) {
	case D_NS:
		if (!w->n_nsa) {
			w->res.note = str_fmt(1024, _("the name servers of %s could not be found through the resolver"),
					      name_shown(w->res.zone));
			w->step = D_DONE;
			return;
		}
		send_addrs(w);
		break;
	case D_ADDR:
		send_asks(w);
		break;
	case D_ASK:
		if (w->depth < DELEG_MAX_DEPTH && !any_authoritative(w) && take_referral(w)) {
			w->depth++;
			send_addrs(w);
			if (w->outstanding == 1)       /* all glue: straight to the servers */
				send_asks(w);
			break;
		}
		w->step = D_DONE;
		break;
	case D_DONE:
		break;
	}
}

struct deleg_walk *
deleg_start(struct loop *loop, struct dns_client *resolver, struct probe_log *log, const char *from,
	    const char *qname, uint16_t qtype, int timeout_ms, void (*done)(void *ctx), void *ctx)
{
	struct deleg_walk *w = xcalloc(1, sizeof *w);
	w->loop = loop;
	w->resolver = resolver;
	w->log = log;
	w->qname = xstrdup(qname);
	w->qtype = qtype;
	w->timeout_ms = timeout_ms;
	w->done = done;
	w->ctx = ctx;
	w->res.zone = xstrdup(from);
	w->step = D_NS;
	loop_hold(loop);
	w->outstanding++;
	ask(w, resolver, D_NS, 0, from, DNS_T_NS);
	w->outstanding--;
	settle(w);
	return w;
}

const struct deleg_result *
deleg_result(const struct deleg_walk *w)
{
	return &w->res;
}

void
deleg_cancel(struct deleg_walk *w)
{
	if (!w || w->cancelled)
		return;
	w->cancelled = true;
	free_directs(w);
	settle(w);
}

void
deleg_free(struct deleg_walk *w)
{
	if (!w)
		return;
	if (w->timer) {
		loop_timer_cancel(w->loop, w->timer);
		loop_release(w->loop);
	}
	free_directs(w);
	level_clear(w);
	free(w->res.zone);
	free(w->res.parent);
	free(w->res.note);
	free(w->qname);
	free(w);
}

char *
deleg_said(const struct deleg_server *s, bool *fails)
{
	struct strbuf sb;
	sb_init_limit(&sb, 1024);
	*fails = true;
	if (s->outcome == DNS_TIMEOUT)
		sb_add(&sb, _("no answer: the server does not answer"));
	else if (s->outcome != DNS_ANSWER || !s->msg)
		sb_add(&sb, s->error ? s->error : _("no answer"));
	else if (s->msg->rcode == DNS_RC_REFUSED)
		sb_add(&sb, _("REFUSED: it does not serve the zone (lame delegation)"));
	else if (s->msg->rcode != DNS_RC_NOERROR && s->msg->rcode != DNS_RC_NXDOMAIN)
		sb_addf(&sb, _("%s to this query"), dns_rcode_name(s->msg->rcode));
	else if (!s->msg->aa)
		sb_add(&sb, _("an answer without the AA flag: it does not serve the zone (lame delegation)"));
	else {
		*fails = false;
		if (s->msg->rcode == DNS_RC_NXDOMAIN)
			sb_add(&sb, _("NXDOMAIN (authoritative): the name does not exist"));
		else if (s->msg->n_answer)
			sb_addf(&sb, ngettext("NOERROR (authoritative), %zu record", "NOERROR (authoritative), %zu records",
					      (unsigned long)s->msg->n_answer), s->msg->n_answer);
		else
			sb_add(&sb, _("NOERROR (authoritative), no records of that type"));
	}
	return sb_steal(&sb);
}

bool
deleg_nxdomain(const struct deleg_result *r)
{
	size_t nx = 0;
	for (size_t i = 0; i < r->n_servers; i++) {
		const struct dns_msg *m = r->servers[i].msg;
		if (m && m->aa && m->rcode == DNS_RC_NXDOMAIN)
			nx++;
		else if (m && m->aa)
			return false;
	}
	return nx > 0;
}
