/* The email check's probe plan, in dependent rounds:
 *
 *   0  MX at the validation domain and each parent up to the registrable
 *      domain (the climb), and the registrable domain's NS; the RDAP
 *      lookups start too and run beside every round
 *   1  A and AAAA of every MX host that counts (the domain's own, or the
 *      nearest parent's when it has none), and the NS of the domain's zone
 *      when a record may have to be added there
 *   2  an SMTP probe of every address found
 *
 * Answers are read into the state of email_int.h; what they mean is
 * decided in email_eval.c. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/email/email_int.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"

enum ask_kind { ASK_MX, ASK_REG_NS, ASK_A, ASK_AAAA, ASK_ZONE_NS };

struct ask {
	struct email_check *chk;
	enum ask_kind kind;
	size_t idx;
	int id;
};

/* TRANSLATORS: why a DNS query is asked, shown in parentheses on a probe line */
static const char *const ask_purpose[] = {
	[ASK_MX] = N_("mail"), [ASK_REG_NS] = N_("name servers"),
	[ASK_A] = N_("MX host"), [ASK_AAAA] = N_("MX host"),
	[ASK_ZONE_NS] = N_("name servers"),
};

static void on_reply(void *arg, struct dns_result *res);
static void next_phase(struct email_check *chk);

static void
ask(struct email_check *chk, enum ask_kind kind, size_t idx, const char *name, uint16_t type)
{
	struct ask *a = xcalloc(1, sizeof *a);
	a->chk = chk;
	a->kind = kind;
	a->idx = idx;
	chk->outstanding++;
	a->id = probe_log_sent(&chk->log, name, type, dns_client_servers(chk->dns), ask_purpose[kind]);
	if (dns_query(chk->dns, name, type, 0, on_reply, a) < 0) {
		struct dns_result res = { .outcome = DNS_BAD_ANSWER, .qname = name, .qtype = type,
					  .server = chk->resolver,
					  .error = _("the name cannot be sent in a DNS query") };
		on_reply(a, &res);
	}
}

static char *
failure_text(const struct dns_result *res)
{
	if (res->outcome == DNS_ANSWER)
		return str_fmt(600, _("%s from %s"), dns_rcode_name(res->msg->rcode), res->server);
	return str_fmt(600, _("%s (asked %s)"), res->error ? res->error : "?", res->server);
}

/* NOERROR with data, NODATA, NXDOMAIN, or a failure; fail text set then. */
static enum lookup_state
classify(const struct dns_result *res, uint16_t type, char **fail_text)
{
	if (res->outcome != DNS_ANSWER) {
		*fail_text = failure_text(res);
		return LK_FAIL;
	}
	if (res->msg->rcode == DNS_RC_NXDOMAIN)
		return LK_NXDOMAIN;
	if (res->msg->rcode != DNS_RC_NOERROR) {
		*fail_text = failure_text(res);
		return LK_FAIL;
	}
	for (size_t i = 0; i < res->msg->n_answer; i++)
		if (res->msg->rrs[i].type == type)
			return LK_DATA;
	return LK_NODATA;
}

static void
read_mx(struct level *lv, const struct dns_result *res)
{
	lv->state = classify(res, DNS_T_MX, &lv->fail_text);
	if (res->outcome != DNS_ANSWER)
		return;
	const struct dns_msg *m = res->msg;
	for (size_t i = 0; i < m->n_rr; i++) {
		const struct dns_rr *rr = &m->rrs[i];
		if (rr->section == DNS_SEC_AUTHORITY && rr->type == DNS_T_SOA && !lv->zone &&
		    dns_name_is_under(lv->name, rr->owner)) {
			lv->zone = xstrdup(rr->owner);
			lv->ttl = rr->rdata_ok && rr->u.soa.minimum < rr->ttl ? rr->u.soa.minimum : rr->ttl;
		}
		if (rr->section != DNS_SEC_ANSWER || rr->type != DNS_T_MX || !rr->rdata_ok ||
		    strcmp(rr->owner, lv->name) || lv->n_mx >= EMAIL_MAX_HOSTS)
			continue;
		lv->mx = xrealloc(lv->mx, (lv->n_mx + 1) * sizeof *lv->mx);
		lv->mx[lv->n_mx++] = (struct mx_rec){ rr->u.mx.pref, xstrdup(rr->u.mx.exchange) };
		char *line = dns_rr_text(rr);
		strv_push(&lv->lines, &lv->n_lines, line);
		free(line);
		lv->ttl = rr->ttl;
	}
}

static void
read_addrs(struct host *h, const struct dns_result *res, uint16_t type)
{
	enum lookup_state st = classify(res, type, &h->fail_text);
	if (type == DNS_T_A)
		h->a = st;
	else
		h->aaaa = st;
	if (res->outcome != DNS_ANSWER)
		return;
	const struct dns_msg *m = res->msg;
	for (size_t i = 0; i < m->n_answer; i++) {
		const struct dns_rr *rr = &m->rrs[i];
		if (rr->type == DNS_T_CNAME && rr->rdata_ok) {
			free(h->alias);
			h->alias = xstrdup(rr->u.target);
			if (type == DNS_T_A) {
				char *line = dns_rr_text(rr);
				strv_push(&h->lines, &h->n_lines, line);
				free(line);
			}
		}
		if (rr->type != type || !rr->rdata_ok || h->n_addrs >= 8)
			continue;
		char buf[INET6_ADDRSTRLEN];
		inet_ntop(type == DNS_T_A ? AF_INET : AF_INET6, rr->u.addr, buf, sizeof buf);
		strv_push(&h->addrs, &h->n_addrs, buf);
		char *line = dns_rr_text(rr);
		strv_push(&h->lines, &h->n_lines, line);
		free(line);
	}
}

static void
read_ns(char ***ns, size_t *n, enum lookup_state *st, const struct dns_result *res, const char *owner)
{
	char *why = NULL;
	*st = classify(res, DNS_T_NS, &why);
	free(why);
	if (res->outcome != DNS_ANSWER)
		return;
	for (size_t i = 0; i < res->msg->n_answer && *n < RDAP_MAX_LIST; i++) {
		const struct dns_rr *rr = &res->msg->rrs[i];
		if (rr->type != DNS_T_NS || !rr->rdata_ok || (owner && strcmp(rr->owner, owner)))
			continue;
		size_t len = strlen(rr->u.target);
		char *s = xstrndup(rr->u.target, len > 1 ? len - 1 : len);
		strv_push(ns, n, s);
		free(s);
	}
}

static void
on_reply(void *arg, struct dns_result *res)
{
	struct ask *a = arg;
	struct email_check *chk = a->chk;
	probe_log_done(&chk->log, a->id, ask_purpose[a->kind], res, chk->cancelled);
	if (!chk->cancelled && res->outcome != DNS_CANCELLED) {
		switch (a->kind) {
		case ASK_MX:
			read_mx(&chk->levels[a->idx], res);
			break;
		case ASK_REG_NS: {
			struct regdom *rg = &chk->regs[a->idx];
			read_ns(&rg->ns, &rg->n_ns, &rg->ns_state, res, rg->name);
			break;
		}
		case ASK_A:
		case ASK_AAAA:
			read_addrs(&chk->hosts[a->idx], res, a->kind == ASK_A ? DNS_T_A : DNS_T_AAAA);
			break;
		case ASK_ZONE_NS: {
			struct target *t = &chk->targets[a->idx];
			read_ns(&t->zone_ns_names, &t->n_zone_ns, &t->zone_ns_state, res, NULL);
			break;
		}
		}
	} else if (res->outcome == DNS_CANCELLED && a->kind == ASK_MX && !chk->cancelled) {
		struct level *lv = &chk->levels[a->idx];
		lv->state = LK_FAIL;
		lv->fail_text = failure_text(res);
	}
	if (res->msg)
		dns_msg_free(res->msg);
	free(a);
	email_phase_close(chk);
}

/* ---- round 0: the climb, the registrable domains' NS, RDAP ---- */

static void
send_climb(struct email_check *chk)
{
	for (size_t i = 0; i < chk->n_levels; i++)
		ask(chk, ASK_MX, i, chk->levels[i].name, DNS_T_MX);
	for (size_t i = 0; i < chk->n_regs; i++) {
		ask(chk, ASK_REG_NS, i, chk->regs[i].name, DNS_T_NS);
		email_rdap_start(chk, &chk->regs[i]);
	}
}

/* ---- round 1: the MX hosts' addresses ---- */

static bool
looks_like_address(const char *name)
{
	char buf[64];
	size_t n = strlen(name);
	if (n == 0 || n >= sizeof buf)
		return false;
	memcpy(buf, name, n + 1);
	if (buf[n - 1] == '.')
		buf[n - 1] = '\0';
	unsigned char a[16];
	return inet_pton(AF_INET, buf, a) == 1 || inet_pton(AF_INET6, buf, a) == 1;
}

static size_t
host_for(struct email_check *chk, const char *name)
{
	for (size_t i = 0; i < chk->n_hosts; i++)
		if (!strcmp(chk->hosts[i].name, name))
			return i;
	chk->hosts = xgrow(chk->hosts, &chk->alloc_hosts, chk->n_hosts + 1, sizeof *chk->hosts);
	struct host *h = &chk->hosts[chk->n_hosts];
	memset(h, 0, sizeof *h);
	h->name = xstrdup(name);
	h->literal = looks_like_address(name);
	return chk->n_hosts++;
}

static void
send_hosts(struct email_check *chk)
{
	size_t first_new = chk->n_hosts;
	for (size_t ti = 0; ti < chk->n_targets; ti++) {
		struct target *t = &chk->targets[ti];
		int d = email_deciding_level(chk, t);
		if (d < 0)
			continue;
		const struct level *lv = &chk->levels[d];
		for (size_t k = 0; k < lv->n_mx; k++)
			if (strcmp(lv->mx[k].exchange, "."))
				host_for(chk, lv->mx[k].exchange);
		/* The MX is at a parent: the record to add goes into the
		 * validation domain's zone; its name servers name the provider. */
		const struct level *own = &chk->levels[t->climb[0]];
		if ((size_t)d != t->climb[0] && own->zone) {
			t->zone_ns = (int)t->climb[0];
			ask(chk, ASK_ZONE_NS, ti, own->zone, DNS_T_NS);
		}
	}
	for (size_t i = first_new; i < chk->n_hosts; i++) {
		struct host *h = &chk->hosts[i];
		if (h->literal)
			continue;   /* an address literal is not a host name: never looked up, never connected */
		ask(chk, ASK_A, i, h->name, DNS_T_A);
		ask(chk, ASK_AAAA, i, h->name, DNS_T_AAAA);
	}
}

/* ---- round 2: SMTP ---- */

struct smtp_ctx {
	struct email_check *chk;
	size_t idx;
};

static void
on_smtp_done(void *arg, const struct smtp_result *res)
{
	struct smtp_ctx *c = arg;
	struct email_check *chk = c->chk;
	struct addr_probe *ap = &chk->probes[c->idx];
	ap->p = NULL;
	ap->res = smtp_result_dup(res);
	free(c);
	char line[200];
	if (res->outcome == SMTP_GREETED || res->outcome == SMTP_REJECTED)
		snprintf(line, sizeof line, _("greeting %d"), res->banner_code);
	else
		snprintf(line, sizeof line, "%s", smtp_outcome_name(res->outcome));
	email_event_done(chk, ap->event, "SMTP", chk->hosts[ap->host].name, ap->addr, N_("port 25"),
			 line, res->outcome != SMTP_GREETED, res->elapsed_ms);
	email_phase_close(chk);
}

static void
send_smtp(struct email_check *chk)
{
	for (size_t i = 0; i < chk->n_hosts; i++) {
		const struct host *h = &chk->hosts[i];
		for (size_t k = 0; k < h->n_addrs && chk->n_probes < EMAIL_MAX_ADDRS; k++) {
			bool seen = false;
			for (size_t j = 0; j < chk->n_probes; j++)
				seen |= !strcmp(chk->probes[j].addr, h->addrs[k]);
			if (seen)
				continue;
			chk->probes = xrealloc(chk->probes, (chk->n_probes + 1) * sizeof *chk->probes);
			chk->probes[chk->n_probes] = (struct addr_probe){ .host = i, .addr = xstrdup(h->addrs[k]) };
			chk->n_probes++;
		}
	}
	for (size_t i = 0; i < chk->n_probes; i++) {
		struct smtp_ctx *c = xcalloc(1, sizeof *c);
		c->chk = chk;
		c->idx = i;
		struct smtp_probe_opts o = { .address = chk->probes[i].addr, .timeout_ms = chk->smtp_timeout_ms };
		chk->outstanding++;
		chk->smtp_count++;
		chk->probes[i].event = email_event_sent(chk, "SMTP", chk->hosts[chk->probes[i].host].name,
							chk->probes[i].addr, N_("port 25"));
		chk->probes[i].p = smtp_probe_start(chk->loop, &o, on_smtp_done, c);
	}
}

/* ---- driving the rounds ---- */

static void
finish(void *arg)
{
	struct email_check *chk = arg;
	chk->finish_timer = 0;
	struct email_report *rep = email_report_build(chk);
	check_done_cb cb = chk->cb;
	void *ctx = chk->ctx;
	loop_release(chk->loop);
	email_check_free(chk);
	cb(ctx, rep);
}

static void
maybe_finish(struct email_check *chk)
{
	if (chk->phase < 3 || chk->outstanding)
		return;
	for (size_t i = 0; i < chk->n_regs; i++)
		if (!chk->regs[i].rdap_done)
			return;
	if (!chk->finish_timer)
		chk->finish_timer = loop_timer_add(chk->loop, 0, finish, chk);
}

void
email_phase_close(struct email_check *chk)
{
	if (--chk->outstanding > 0)
		return;
	if (chk->cancelled) {
		email_check_free(chk);
		return;
	}
	if (chk->phase < 3)
		next_phase(chk);
	else
		maybe_finish(chk);
}

static void
next_phase(struct email_check *chk)
{
	chk->outstanding++;     /* the round stays open while it sends */
	switch (chk->phase++) {
	case 0: send_hosts(chk); break;
	case 1: send_smtp(chk); break;
	default: break;
	}
	if (chk->phase >= 3) {
		chk->outstanding--;
		maybe_finish(chk);
		return;
	}
	email_phase_close(chk);
}

void
email_probe_start(struct email_check *chk)
{
	loop_hold(chk->loop);
	chk->outstanding++;
	send_climb(chk);
	email_phase_close(chk);
}

/* RDAP answers come on their own time; the last one may end the check. */
void
email_rdap_done(struct email_check *chk)
{
	if (!chk->cancelled)
		maybe_finish(chk);
}

/* Progress lines for what is not DNS (SMTP, RDAP): numbered apart from the
 * DNS queries so one live view holds them all. */
int
email_event_sent(struct email_check *chk, const char *what, const char *target,
		 const char *server, const char *purpose)
{
	static int next_id = 500000;
	int id = ++next_id;
	if (chk->log.on_event) {
		struct probe_event ev = { .id = id, .qname = target, .qtype = what, .server = server,
					  .purpose = purpose };
		chk->log.on_event(chk->log.event_ctx, &ev);
	}
	return id;
}

void
email_event_done(struct email_check *chk, int id, const char *what, const char *target,
		 const char *server, const char *purpose, const char *result, bool failed,
		 int64_t elapsed_ms)
{
	if (!chk->log.on_event || chk->cancelled)
		return;
	struct probe_event ev = { .id = id, .done = true, .qname = target, .qtype = what,
				  .server = server, .purpose = purpose, .result = result,
				  .failed = failed, .elapsed_ms = elapsed_ms };
	chk->log.on_event(chk->log.event_ctx, &ev);
}
