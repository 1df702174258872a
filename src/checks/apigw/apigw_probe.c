/* The API Gateway check's probe plan. For each custom domain, at once:
 * A and AAAA of the name (the CNAME chain comes with them), its SOA (the
 * zone, for the fix), and A and AAAA of the target API Gateway gives for
 * it. Then the zone's name servers and one of them asked directly for the
 * name's record (a DELETE must quote its exact TTL). When the addresses
 * are in: a TLS handshake with every address, SNI = the name, plus the
 * current target with its own name and the expected target with the
 * custom domain's, for comparison. When those are in: one HTTPS request
 * to an address whose certificate was right, and, if API Gateway says
 * "Missing Authentication Token", the same path without its first segment.
 * Every step is a callback from the loop; apigw_item_advance decides what
 * may go out next. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/apigw/apigw_int.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "net/http_probe.h"
#include "net/tls_probe.h"

static void on_dns(void *ctx, struct dns_result *res);

void
apigw_q_clear(struct apigw_q *q)
{
	dns_msg_free(q->msg);
	q->msg = NULL;
}

static void
send_q(struct apigw_item *it, struct apigw_q *q, struct dns_client *dns, const char *name,
       uint16_t type, const char *purpose)
{
	struct apigw_check *chk = it->chk;
	q->item = it;
	q->purpose = purpose;
	q->sent = true;
	q->log_id = probe_log_sent(&chk->log, name, type, dns_client_servers(dns), purpose);
	chk->outstanding++;
	if (dns_query(dns, name, type, 0, on_dns, q) == 0)
		return;
	/* A canonical name always encodes; this is only a safety net. */
	struct dns_result res = { .outcome = DNS_BAD_ANSWER, .error = "cannot encode the name",
				  .server = dns_client_servers(dns), .qname = name, .qtype = type };
	chk->outstanding--;
	probe_log_done(&chk->log, q->log_id, purpose, &res, false);
	q->done = true;
	q->outcome = DNS_BAD_ANSWER;
	q->error = res.error;
}

static void
on_dns(void *ctx, struct dns_result *res)
{
	struct apigw_q *q = ctx;
	struct apigw_item *it = q->item;
	struct apigw_check *chk = it->chk;
	probe_log_done(&chk->log, q->log_id, q->purpose, res, chk->cancelled);
	chk->outstanding--;
	q->done = true;
	q->outcome = res->outcome;
	q->error = res->error;
	if (res->outcome == DNS_ANSWER) {
		q->msg = res->msg;
		res->msg = NULL;
	}
	if (chk->cancelled) {
		if (chk->outstanding == 0 && !chk->finishing && !chk->timer)
			apigw_check_free(chk);
		return;
	}
	apigw_item_advance(it);
	apigw_maybe_finish(chk);
}

/* ---- the zone, its servers, the record at one of them ---- */

/* The zone and its servers are for the fix. "Diagnose a domain" asks
 * about names that may be no API at all: there they wait for a sign of
 * one (an AWS target, API Gateway's or CloudFront's headers). */
static bool
wants_zone(const struct apigw_item *it)
{
	const struct apigw_facts *f = &it->f;
	if (!f->only_if_https || f->domain)
		return true;
	enum apigw_class cls = apigw_classify(f->n_chain ? f->chain[f->n_chain - 1].target : NULL);
	if (cls != APIGW_C_NONE && cls != APIGW_C_OTHER)
		return true;
	return apigw_http_api(f->http.res) || apigw_http_cloudfront(f->http.res);
}

static void
advance_zone(struct apigw_item *it)
{
	struct apigw_check *chk = it->chk;
	struct apigw_facts *f = &it->f;
	bool cname;
	if (!it->soa.sent) {
		if (!it->addrs_read || !wants_zone(it))
			return;
		send_q(it, &it->soa, chk->dns, f->name, DNS_T_SOA, N_("zone"));
	}
	if (it->soa.done && !it->zone_tried && !it->soa_up.sent) {
		f->zone = apigw_zone_from_soa(it->soa.msg, f->name, &cname);
		it->zone_tried = !cname || dns_name_labels(f->name) < 2;
		if (!it->zone_tried)
			send_q(it, &it->soa_up, chk->dns, dns_name_parent(f->name), DNS_T_SOA, N_("zone"));
	}
	if (it->soa_up.done && !it->zone_tried) {
		it->zone_tried = true;
		f->zone = apigw_zone_from_soa(it->soa_up.msg, dns_name_parent(f->name), &cname);
	}
	if (f->zone && !it->ns.sent)
		send_q(it, &it->ns, chk->dns, f->zone, DNS_T_NS, N_("name servers"));
	if (it->ns.done && !it->ns_read) {
		it->ns_read = true;
		apigw_read_ns(it);
		if (f->n_ns)
			send_q(it, &it->ns_addr, chk->dns, f->ns[0], DNS_T_A, N_("name server address"));
	}
	const char *addr = it->ns_addr.done ? apigw_first_a(it->ns_addr.msg) : NULL;
	if (addr && it->addrs_read && !it->direct && !it->auth.sent) {
		char err[200];
		struct dns_client_opts o = { .servers = addr, .recurse = false, .timeout_ms = 1000, .tries = 2 };
		it->direct = dns_client_get(chk->dns, &o, err, sizeof err);
		it->auth_server = xstrdup(addr);
		if (it->direct)
			send_q(it, &it->auth, it->direct, f->name, f->n_chain ? DNS_T_CNAME : DNS_T_A,
			       N_("authoritative"));
	}
	if (it->auth.done && !f->record_ttl)
		apigw_read_auth_ttl(it);
}

/* ---- TLS ---- */

static char *
nodot(const char *name)
{
	size_t n = strlen(name);
	return xstrndup(name, n > 1 && name[n - 1] == '.' ? n - 1 : n);
}

static void
tls_summary(const struct tls_result *r, char *buf, size_t len)
{
	if (!r->have_cert) {
		if (r->failure == TLS_FAIL_ALERT)
			snprintf(buf, len, _("refused, TLS alert %d"), r->alert);
		else
			snprintf(buf, len, "%s", tls_failure_name(r->failure));
		return;
	}
	const char *state = tls_result_clean(r) ? _("verified")
			  : r->name_checked && !r->name_matches ? _("name mismatch")
			  : r->expired || r->not_yet_valid ? _("expired")
			  : _("not trusted");
	snprintf(buf, len, "CN=%s, %s", r->subject_cn ? r->subject_cn : "-", state);
}

static void
on_tls(void *ctx, const struct tls_result *res)
{
	struct apigw_tls_run *run = ctx;
	struct apigw_item *it = run->item;
	struct apigw_check *chk = it->chk;
	struct apigw_tls_seen *t = &it->f.tls[run->i];
	run->probe = NULL;
	t->res = tls_result_dup(res);
	char summary[300], server[80];
	tls_summary(res, summary, sizeof summary);
	snprintf(server, sizeof server, strchr(t->address, ':') ? "[%s]:443" : "%s:443", t->address);
	probe_log_done_other(&chk->log, run->log_id, t->sni, "TLS", server,
			     t->role == APIGW_TLS_NAME ? N_("custom domain") : t->role == APIGW_TLS_TARGET
			     ? N_("the target itself") : N_("expected target"),
			     summary, !tls_result_clean(res), res->elapsed_ms, false);
	it->tls_pending--;
	apigw_item_advance(it);
	apigw_maybe_finish(chk);
}

static void
add_tls(struct apigw_item *it, enum apigw_tls_role role, const char *addr, const char *sni_canon)
{
	struct apigw_check *chk = it->chk;
	struct apigw_facts *f = &it->f;
	size_t i = f->n_tls++;
	struct apigw_tls_seen *t = &f->tls[i];
	t->role = role;
	t->address = xstrdup(addr);
	t->sni = nodot(sni_canon);
	struct apigw_tls_run *run = &it->tls_run[i];
	run->item = it;
	run->i = i;
	char server[80];
	snprintf(server, sizeof server, strchr(addr, ':') ? "[%s]:443" : "%s:443", addr);
	run->log_id = probe_log_sent_other(&chk->log, t->sni, "TLS", server,
					   role == APIGW_TLS_NAME ? N_("custom domain")
					   : role == APIGW_TLS_TARGET ? N_("the target itself") : N_("expected target"));
	struct tls_probe_opts o = { .address = addr, .sni = t->sni, .ca_file = chk->ca_file,
				    .timeout_ms = APIGW_TLS_TIMEOUT_MS };
	it->tls_pending++;
	run->probe = tls_probe_start(chk->loop, &o, on_tls, run);
}

static bool
same_set(char *const *a, size_t na, char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		bool found = false;
		for (size_t k = 0; k < nb && !found; k++)
			found = !strcmp(a[i], b[k]);
		if (!found)
			return false;
	}
	return true;
}

static void
start_tls(struct apigw_item *it)
{
	struct apigw_facts *f = &it->f;
	it->tls_started = true;
	size_t n = f->n_addrs < APIGW_MAX_ADDRS ? f->n_addrs : APIGW_MAX_ADDRS;
	f->tls = xcalloc(n + 2, sizeof *f->tls);
	it->tls_run = xcalloc(n + 2, sizeof *it->tls_run);
	for (size_t i = 0; i < n; i++)
		add_tls(it, APIGW_TLS_NAME, f->addrs[i], f->name);
	const char *target = f->n_chain ? f->chain[f->n_chain - 1].target : NULL;
	enum apigw_class cls = apigw_classify(target);
	if (n && (cls == APIGW_C_STAGE || cls == APIGW_C_REGIONAL || cls == APIGW_C_CLOUDFRONT || cls == APIGW_C_VPCE))
		add_tls(it, APIGW_TLS_TARGET, f->addrs[0], target);
	if (f->expected && f->n_expected_addrs && (!target || strcmp(target, f->expected)) &&
	    !same_set(f->addrs, f->n_addrs, f->expected_addrs, f->n_expected_addrs))
		add_tls(it, APIGW_TLS_EXPECTED, f->expected_addrs[0], f->name);
}

/* ---- HTTP ---- */

static void
on_http(void *ctx, const struct http_response *res)
{
	struct apigw_item *it = ctx;
	struct apigw_check *chk = it->chk;
	struct apigw_http_seen *h = &it->f.http;
	bool retry = h->res != NULL;
	it->http_running = NULL;
	if (retry)
		h->retry = http_response_dup(res);
	else
		h->res = http_response_dup(res);
	char summary[200];
	if (res->have_head)
		snprintf(summary, sizeof summary, "%d %s", res->head.status,
			 apigw_http_api(res) ? "API Gateway" : apigw_http_cloudfront(res) ? "CloudFront" : "");
	else
		snprintf(summary, sizeof summary, "%s", res->error ? res->error : _("no answer"));
	char server[80];
	snprintf(server, sizeof server, strchr(h->address, ':') ? "[%s]:443" : "%s:443", h->address);
	probe_log_done_other(&chk->log, it->http_log, retry ? h->retry_url : h->url, "HTTPS", server,
			     retry ? N_("without the stage") : N_("who answers"), summary, !res->have_head,
			     res->elapsed_ms, false);
	apigw_item_advance(it);
	apigw_maybe_finish(chk);
}

static void
send_http(struct apigw_item *it, const char *url)
{
	struct apigw_check *chk = it->chk;
	struct apigw_http_seen *h = &it->f.http;
	char server[80];
	snprintf(server, sizeof server, strchr(h->address, ':') ? "[%s]:443" : "%s:443", h->address);
	it->http_log = probe_log_sent_other(&chk->log, url, "HTTPS", server,
					    h->res ? N_("without the stage") : N_("who answers"));
	/* The certificate was judged by the TLS probe; this request only
	 * shows who answers, so it goes through whatever certificate came. */
	struct http_request_opts o = { .url = url, .connect_to = h->address, .insecure = true,
				       .timeout_ms = APIGW_HTTP_TIMEOUT_MS, .max_body = APIGW_HTTP_MAX_BODY };
	it->http_running = http_request_start(chk->http, &o, on_http, it);
}

/* An address of the name whose certificate was right, else any that sent
 * one; NULL when no TLS connection came up. */
static const char *
http_address(const struct apigw_facts *f)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < f->n_tls; i++) {
			const struct apigw_tls_seen *t = &f->tls[i];
			if (t->role == APIGW_TLS_NAME && t->res &&
			    (pass ? t->res->have_cert : tls_result_clean(t->res)))
				return t->address;
		}
	return NULL;
}

static char *
url_of(const char *name, const char *path)
{
	char *host = nodot(name);
	char *url = str_fmt(4096, "https://%s%s", host, path);
	free(host);
	return url;
}

static void
advance_http(struct apigw_item *it)
{
	struct apigw_facts *f = &it->f;
	if (!it->http_started && it->tls_started && it->tls_pending == 0) {
		it->http_started = true;
		const char *addr = http_address(f);
		if (!addr)
			return;
		f->http.url = url_of(f->name, f->path);
		f->http.address = xstrdup(addr);
		send_http(it, f->http.url);
	}
	if (!it->retry_started && f->http.res && !it->http_running && apigw_wants_retry(f)) {
		it->retry_started = true;
		char *path = apigw_path_without_stage(f->path);
		f->http.retry_url = url_of(f->name, path);
		free(path);
		send_http(it, f->http.retry_url);
	}
}

/* ---- the item ---- */

static bool
dns_pending(const struct apigw_item *it)
{
	const struct apigw_q *qs[] = { &it->a, &it->aaaa, &it->soa, &it->soa_up, &it->ns, &it->exp_a,
				       &it->exp_aaaa, &it->ns_addr, &it->auth };
	for (size_t i = 0; i < sizeof qs / sizeof *qs; i++)
		if (qs[i]->sent && !qs[i]->done)
			return true;
	return false;
}

void
apigw_item_advance(struct apigw_item *it)
{
	struct apigw_facts *f = &it->f;
	if (it->chk->cancelled || it->done)
		return;
	if (!it->addrs_read && it->a.done && it->aaaa.done) {
		it->addrs_read = true;
		apigw_read_addresses(it);
	}
	if (f->expected && !it->expected_read && it->exp_a.done && it->exp_aaaa.done) {
		it->expected_read = true;
		apigw_read_expected(it);
	}
	advance_zone(it);
	if (it->addrs_read && (!f->expected || it->expected_read) && !it->tls_started)
		start_tls(it);
	advance_http(it);
	it->done = it->http_started && !it->http_running && !dns_pending(it) &&
		   !(f->http.res && !it->retry_started && apigw_wants_retry(f));
}

/* Stop what can be stopped now: TLS probes and HTTP requests (DNS
 * queries come back on their own). */
void
apigw_item_stop(struct apigw_item *it)
{
	for (size_t i = 0; it->tls_run && i < it->f.n_tls; i++)
		if (it->tls_run[i].probe) {
			tls_probe_cancel(it->tls_run[i].probe);
			it->tls_run[i].probe = NULL;
		}
	if (it->http_running) {
		http_request_cancel(it->http_running);
		it->http_running = NULL;
	}
}

/* The target to compare with: the one the name points at when API
 * Gateway lists it, else the regional one, else the edge one. */
static void
choose_expected(struct apigw_item *it)
{
	const struct apigw_domain *d = it->f.domain;
	const struct apigw_endpoint *pick = NULL;
	for (size_t i = 0; d && i < d->n_endpoints; i++) {
		const struct apigw_endpoint *e = &d->endpoints[i];
		if (e->target && (!pick || (pick->type != APIGW_EP_REGIONAL && e->type == APIGW_EP_REGIONAL)))
			pick = e;
	}
	if (pick) {
		it->f.expected = xstrdup(pick->target);
		it->f.expected_type = pick->type;
	}
}

void
apigw_probe_start(struct apigw_check *chk)
{
	for (size_t i = 0; i < chk->n_items; i++) {
		struct apigw_item *it = &chk->items[i];
		choose_expected(it);
		send_q(it, &it->a, chk->dns, it->f.name, DNS_T_A, N_("address"));
		send_q(it, &it->aaaa, chk->dns, it->f.name, DNS_T_AAAA, N_("address"));
		if (!it->f.only_if_https)
			send_q(it, &it->soa, chk->dns, it->f.name, DNS_T_SOA, N_("zone"));
		if (it->f.expected) {
			send_q(it, &it->exp_a, chk->dns, it->f.expected, DNS_T_A, N_("expected target"));
			send_q(it, &it->exp_aaaa, chk->dns, it->f.expected, DNS_T_AAAA, N_("expected target"));
		}
	}
}
