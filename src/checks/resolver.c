/* Is the resolver a resolver? (resolver.h) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/resolver.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"

/* Answer lines kept as evidence: enough to show a referral or a zone. */
#define EVIDENCE_RRS 6

/* TRANSLATORS: why a DNS query is asked, shown in parentheses on a probe line */
static const char purpose[] = N_("is it a resolver?");

static bool
root_ns_answered(const struct dns_msg *m)
{
	for (size_t i = 0; i < m->n_answer; i++)
		if (m->rrs[i].type == DNS_T_NS && !strcmp(m->rrs[i].owner, "."))
			return true;
	return false;
}

static bool
has_referral(const struct dns_msg *m)
{
	for (size_t i = m->n_answer; i < m->n_answer + m->n_authority; i++)
		if (m->rrs[i].type == DNS_T_NS)
			return true;
	return false;
}

/* What one answer says about the server; NULL: it is a recursive resolver. */
static char *
judge_answer(const struct dns_msg *m)
{
	if (m->rcode == DNS_RC_REFUSED)
		return xstrdup(_("answered REFUSED: it does not serve this client, or it is not a resolver"));
	if (m->rcode == DNS_RC_SERVFAIL)
		return xstrdup(_("answered SERVFAIL even for the root's name servers: it cannot reach the rest of the DNS"));
	if (m->rcode != DNS_RC_NOERROR)
		return str_fmt(512, _("answered %s to the query for the root's name servers"), dns_rcode_name(m->rcode));
	if (!m->ra && !m->n_answer && has_referral(m))
		return xstrdup(_("does not recurse: it answered with a referral and without RA (recursion available), as an authoritative server does"));
	if (!m->ra && m->aa)
		return xstrdup(_("does not recurse: it answered from its own zone, without RA (recursion available), as an authoritative server does"));
	if (!m->ra)
		return xstrdup(_("does not recurse: its answer lacks RA (recursion available)"));
	if (!root_ns_answered(m))
		return xstrdup(_("answered without the root's name servers: it is not resolving names"));
	return NULL;
}

static void
evidence_of(const struct dns_result *res, struct resolver_verdict *v)
{
	struct strbuf sb;
	sb_init_limit(&sb, 1024);
	sb_addf(&sb, "; %s . NS: ", res->server);
	if (res->outcome != DNS_ANSWER) {
		sb_add(&sb, res->error ? res->error : "?");
	} else {
		const struct dns_msg *m = res->msg;
		sb_addf(&sb, "%s, flags%s%s%s%s, %zu answer, %zu authority RRs", dns_rcode_name(m->rcode),
			m->qr ? " qr" : "", m->aa ? " aa" : "", m->rd ? " rd" : "", m->ra ? " ra" : " (no ra)",
			m->n_answer, m->n_authority);
	}
	strv_push(&v->evidence, &v->n_evidence, sb.buf);
	sb_free(&sb);
	for (size_t i = 0; res->msg && i < res->msg->n_answer + res->msg->n_authority && i < EVIDENCE_RRS; i++) {
		char *line = dns_rr_text(&res->msg->rrs[i]);
		strv_push(&v->evidence, &v->n_evidence, line);
		free(line);
	}
}

void
resolver_judge(const struct dns_result *res, struct resolver_verdict *out)
{
	memset(out, 0, sizeof *out);
	out->address = xstrdup(res->server ? res->server : "?");
	switch (res->outcome) {
	case DNS_CANCELLED:
		out->state = RESOLVER_PENDING;     /* no verdict: nobody asked to the end */
		return;
	case DNS_TIMEOUT:
		out->answered = str_fmt(512, _("does not answer (no reply within %lld ms)"), (long long)res->elapsed_ms);
		break;
	case DNS_UNREACHABLE:
		out->answered = str_fmt(512, _("cannot be reached: %s"), res->error ? res->error : "?");
		break;
	case DNS_BAD_ANSWER:
		out->answered = xstrdup(_("sent an answer that does not parse as DNS"));
		break;
	case DNS_ANSWER:
		out->answered = judge_answer(res->msg);
		break;
	}
	out->state = out->answered ? RESOLVER_FAILED : RESOLVER_OK;
	evidence_of(res, out);
}

void
resolver_verdict_clear(struct resolver_verdict *v)
{
	free(v->address);
	free(v->answered);
	strv_free(v->evidence, v->n_evidence);
	memset(v, 0, sizeof *v);
}

const char *
resolver_advice(void)
{
	return _("Run the check again with a recursive resolver: --resolver 1.1.1.1 (Cloudflare), 8.8.8.8 (Google) or 9.9.9.9 (Quad9), or your network's own (/etc/resolv.conf). A zone's own name server is not a resolver: to ask one directly, give it with --edited-ns.");
}

void
resolver_finding(const struct resolver_verdict *v, struct finding *f)
{
	finding_init(f, F_RESOLVER_FAILED, v->address);
	finding_set_message(f, _("The resolver %s %s. Nothing it answered says anything about your zones, so no CAA or validation record was judged. %s"),
			    v->address, v->answered ? v->answered : "?", resolver_advice());
	for (size_t i = 0; i < v->n_evidence; i++)
		finding_add_evidence(f, v->evidence[i]);
}

/* ---- the probe on the loop ---- */

struct resolver_probe {
	struct loop *loop;
	struct probe_log log;
	struct resolver_verdict verdict;
	void (*done)(void *ctx);
	void *ctx;
	bool out;                   /* the query is in flight */
	bool cancelled;             /* freed by the owner while out */
	bool reported;              /* done was called: the loop is released */
	uint64_t timer;
	int64_t elapsed_ms;
};

static void
report(void *arg)
{
	struct resolver_probe *p = arg;
	p->timer = 0;
	p->reported = true;
	loop_release(p->loop);
	p->done(p->ctx);
}

static void
on_reply(void *arg, struct dns_result *res)
{
	struct resolver_probe *p = arg;
	p->out = false;
	if (p->cancelled) {
		if (res->msg)
			dns_msg_free(res->msg);
		loop_release(p->loop);
		free(p);
		return;
	}
	probe_log_done(&p->log, 1, purpose, res, false);
	resolver_judge(res, &p->verdict);
	p->elapsed_ms = loop_now_ms() - p->log.started_ms;
	if (res->msg)
		dns_msg_free(res->msg);
	/* Never from inside a DNS callback: the owner may cancel whatever
	 * else runs on this client. (Cancelled by the client: done with no
	 * verdict, RESOLVER_PENDING.) */
	p->timer = loop_timer_add(p->loop, 0, report, p);
}

struct resolver_probe *
resolver_probe_start(struct loop *loop, struct dns_client *dns, probe_event_cb on_event, void *event_ctx,
		     void (*done)(void *ctx), void *ctx)
{
	struct resolver_probe *p = xcalloc(1, sizeof *p);
	p->loop = loop;
	p->done = done;
	p->ctx = ctx;
	probe_log_init(&p->log, on_event, event_ctx);
	loop_hold(loop);            /* until done: its call is a timer */
	probe_log_sent(&p->log, ".", DNS_T_NS, dns_client_servers(dns), purpose);
	p->out = true;
	if (dns_query(dns, ".", DNS_T_NS, 0, on_reply, p) < 0) {
		/* "." always encodes; this cannot happen, but never leave it out. */
		struct dns_result res = { .outcome = DNS_BAD_ANSWER, .qname = ".", .qtype = DNS_T_NS,
					  .server = dns_client_servers(dns), .error = "?" };
		on_reply(p, &res);
	}
	return p;
}

const struct resolver_verdict *
resolver_probe_verdict(const struct resolver_probe *p)
{
	return &p->verdict;
}

void
resolver_probe_stats(const struct resolver_probe *p, struct check_stats *out)
{
	*out = (struct check_stats){ .resolver = p->verdict.address, .queries = p->log.queries,
				     .answered = p->log.answered, .max_in_flight = p->log.max_in_flight,
				     .elapsed_ms = p->elapsed_ms };
}

void
resolver_probe_free(struct resolver_probe *p)
{
	if (!p)
		return;
	if (p->timer)
		loop_timer_cancel(p->loop, p->timer);
	resolver_verdict_clear(&p->verdict);
	if (p->out) {
		/* The client still holds the query: it frees us when it ends. */
		p->cancelled = true;
		return;
	}
	if (!p->reported)
		loop_release(p->loop);
	free(p);
}
