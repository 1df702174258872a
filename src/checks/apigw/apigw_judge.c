/* What the TLS handshakes and the HTTPS answer of a custom domain mean
 * (part of apigw_evaluate, pure). Each kind of problem is one finding
 * however many addresses show it, with every address in its evidence; a
 * certificate problem the target already explains (the stage URL serves
 * AWS's own certificate) is not said twice, and an HTTP answer from the
 * wrong endpoint is not blamed on the mapping. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509_vfy.h>

#include "checks/apigw/apigw_int.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "net/http_probe.h"
#include "net/names.h"
#include "net/tls_probe.h"

enum problem { P_FAILED, P_NAME, P_DATE, P_TRUST, P__COUNT };

struct seen {
	const struct apigw_tls_seen *v[APIGW_MAX_ADDRS];
	size_t n;
};

const struct apigw_tls_seen *
apigw_tls_at(const struct apigw_facts *f, const char *addr)
{
	for (size_t i = 0; addr && i < f->n_tls; i++)
		if (f->tls[i].role == APIGW_TLS_NAME && !strcmp(f->tls[i].address, addr))
			return &f->tls[i];
	return NULL;
}

static bool
trust_error(int code)
{
	return code != X509_V_ERR_HOSTNAME_MISMATCH && code != X509_V_ERR_IP_ADDRESS_MISMATCH &&
	       code != X509_V_ERR_EMAIL_MISMATCH && code != X509_V_ERR_CERT_HAS_EXPIRED &&
	       code != X509_V_ERR_CERT_NOT_YET_VALID;
}

static const struct tls_verify_error *
first_trust_error(const struct tls_result *r)
{
	for (size_t i = 0; i < r->n_errors; i++)
		if (trust_error(r->errors[i].code))
			return &r->errors[i];
	return NULL;
}

static void
sort_probes(const struct apigw_facts *f, struct seen *by, size_t *with_cert)
{
	*with_cert = 0;
	for (size_t i = 0; i < f->n_tls; i++) {
		const struct apigw_tls_seen *t = &f->tls[i];
		const struct tls_result *r = t->res;
		if (t->role != APIGW_TLS_NAME || !r)
			continue;
		if (!r->have_cert) {
			by[P_FAILED].v[by[P_FAILED].n++] = t;
			continue;
		}
		(*with_cert)++;
		if (r->name_checked && !r->name_matches)
			by[P_NAME].v[by[P_NAME].n++] = t;
		if (r->expired || r->not_yet_valid)
			by[P_DATE].v[by[P_DATE].n++] = t;
		if (first_trust_error(r))
			by[P_TRUST].v[by[P_TRUST].n++] = t;
	}
}

static void
with_evidence(struct apigw_ev *ev, struct finding *fd, const struct seen *s, enum finding_code code)
{
	apigw_evidence_chain(ev->f, fd);
	for (size_t i = 0; i < s->n; i++)
		apigw_evidence_tls(s->v[i], fd);
	apigw_evidence_expected(ev->f, fd);
	apigw_evidence_clients(code, ev->f, s->n ? s->v[0] : NULL, fd);
}

static void
failed(struct apigw_ev *ev, const struct seen *s)
{
	const struct apigw_tls_seen *t = s->v[0];
	const char *name = name_shown(ev->f->name);
	struct strbuf sb;
	sb_init_limit(&sb, 4096);
	if (t->res->failure == TLS_FAIL_ALERT && t->res->alert == 112) {
		sb_addf(&sb, _("%s refuses the TLS handshake for %s (alert 112, unrecognized name): nothing there has a certificate for the name."),
			t->address, name);
		if (ev->cls == APIGW_C_CLOUDFRONT)
			sb_addf(&sb, " %s", _("The distribution does not list it as an alternate domain name: the custom domain is not set up there, or the name points at another distribution."));
	} else {
		sb_addf(&sb, _("No TLS connection to %s at %s: %s."), name, t->address,
			t->res->error ? t->res->error : "?");
	}
	struct finding fd;
	finding_init(&fd, F_APIGW_TLS_FAILED, ev->f->name);
	if (ev->fix->target && !ev->target_listed) {
		char what[600];
		sb_addf(&sb, " %s", apigw_ev_point_at(ev, what, sizeof what));
		apigw_ev_wants_fix(ev, &fd);
	}
	finding_set_message(&fd, "%s", sb.buf);
	sb_free(&sb);
	with_evidence(ev, &fd, s, F_APIGW_TLS_FAILED);
	apigw_ev_push(ev, &fd);
}

static bool
is_default_cert(const struct tls_result *r, const char *suffix)
{
	const char *cn = r->subject_cn ? r->subject_cn : "";
	size_t l = strlen(cn), sl = strlen(suffix);
	return l > sl && !strcmp(cn + l - sl, suffix) && cn[0] == '*';
}

/* Why this certificate does not cover the name, and what to do. */
static void
mismatch_message(struct apigw_ev *ev, struct finding *fd, const struct apigw_tls_seen *t, const char *where)
{
	const struct apigw_facts *f = ev->f;
	const char *name = name_shown(f->name);
	const struct tls_result *r = t->res;
	const char *deep = apigw_deep_wildcard(r, f->name);
	char *cert = apigw_cert_summary(r);
	char region[64] = "";
	char what[600];
	if (ev->cls == APIGW_C_VPCE)
		finding_set_message(fd, _("%s points at a VPC endpoint (%s), which serves its own certificate (%s), not one for %s%s: a VPC endpoint serves private APIs by their execute-api names. %s"),
				    name, name_shown(ev->target), cert, name, where,
				    apigw_ev_point_at(ev, what, sizeof what));
	else if (is_default_cert(r, ".execute-api." ) || strstr(r->subject_cn ? r->subject_cn : "", ".execute-api."))
		finding_set_message(fd, _("%s gets API Gateway's own certificate (%s)%s: API Gateway there has no custom domain %s%s%s. Create the custom domain in the API's region, or point %s at the target of the one that exists."),
				    name, cert, where, name,
				    apigw_name_region(r->subject_cn, region, sizeof region) ? _(" in ") : "", region, name);
	else if (is_default_cert(r, ".cloudfront.net"))
		finding_set_message(fd, _("%s gets CloudFront's default certificate (%s)%s: the distribution has no alternate domain name %s. Point %s at the distribution of its custom domain, or add the name there."),
				    name, cert, where, name, name);
	else if (deep)
		finding_set_message(fd, _("The certificate served for %s%s covers %s, which reaches one label only: %s is deeper. Request a certificate for %s (or *.%s) in ACM and attach it to the custom domain."),
				    name, where, deep, name, name, name_shown(dns_name_parent(f->name)));
	else
		finding_set_message(fd, _("The certificate served for %s%s is for other names (%s). Attach a certificate that covers %s to the custom domain (aws apigateway update-domain-name), or check that %s points at the right custom domain."),
				    name, where, cert, name, name);
	free(cert);
}

static void
mismatch(struct apigw_ev *ev, const struct seen *s, size_t with_cert)
{
	const struct apigw_facts *f = ev->f;
	const struct apigw_tls_seen *t = s->v[0];
	char where[300] = "";
	if (s->n < with_cert)
		snprintf(where, sizeof where, _(" at %s (%zu of %zu addresses)"), t->address, s->n, with_cert);
	struct finding fd;
	finding_init(&fd, F_APIGW_CERT_NAME_MISMATCH, f->name);
	mismatch_message(ev, &fd, t, where);
	bool stray = ev->cls == APIGW_C_NONE && f->expected && f->n_expected_addrs;
	for (size_t i = 0; i < f->n_expected_addrs; i++)
		stray &= strcmp(f->expected_addrs[i], t->address) != 0;
	if (stray) {
		char *msg = str_fmt(4096, _("%s %s is not an address of %s: the name's address records are the cause."),
				    fd.message, t->address, name_shown(f->expected));
		finding_set_message(&fd, "%s", msg);
		free(msg);
	}
	if (ev->cls == APIGW_C_VPCE || stray || is_default_cert(t->res, ".execute-api.") ||
	    is_default_cert(t->res, ".cloudfront.net"))
		apigw_ev_wants_fix(ev, &fd);
	with_evidence(ev, &fd, s, F_APIGW_CERT_NAME_MISMATCH);
	apigw_ev_push(ev, &fd);
}

static void
expired(struct apigw_ev *ev, const struct seen *s)
{
	const struct tls_result *r = s->v[0]->res;
	const char *name = name_shown(ev->f->name);
	char *cert = apigw_cert_summary(r);
	struct finding fd;
	finding_init(&fd, F_APIGW_CERT_EXPIRED, ev->f->name);
	if (r->not_yet_valid)
		finding_set_message(&fd, _("The certificate served for %s (%s) is not valid before %.10s. Attach a certificate that is valid now, or check the clock of the clients."),
				    name, cert, r->not_before ? r->not_before : "?");
	else
		finding_set_message(&fd, _("The certificate served for %s (%s) expired on %.10s. If it is imported into ACM, import the renewed one (ACM renews only its own certificates); if it is ACM's, its renewal failed (acm-doctor check --certificate shows why)."),
				    name, cert, r->not_after ? r->not_after : "?");
	free(cert);
	with_evidence(ev, &fd, s, F_APIGW_CERT_EXPIRED);
	apigw_ev_push(ev, &fd);
}

static void
untrusted(struct apigw_ev *ev, const struct seen *s)
{
	const struct tls_result *r = s->v[0]->res;
	const struct tls_verify_error *e = first_trust_error(r);
	char *cert = apigw_cert_summary(r);
	struct finding fd;
	finding_init(&fd, F_APIGW_CERT_UNTRUSTED, ev->f->name);
	finding_set_message(&fd, _("The certificate served for %s (%s, issuer CN=%s) does not chain to a trusted CA: %s. If it is imported into ACM, re-import it with its intermediate certificates (--certificate-chain); otherwise attach an ACM public certificate."),
			    name_shown(ev->f->name), cert, r->issuer_cn ? r->issuer_cn : "?",
			    e && e->text ? e->text : "?");
	free(cert);
	with_evidence(ev, &fd, s, F_APIGW_CERT_UNTRUSTED);
	apigw_ev_push(ev, &fd);
}

void
apigw_judge_tls(struct apigw_ev *ev)
{
	struct seen by[P__COUNT];
	size_t with_cert;
	memset(by, 0, sizeof by);
	sort_probes(ev->f, by, &with_cert);
	if (by[P_FAILED].n)
		failed(ev, &by[P_FAILED]);
	if (by[P_NAME].n && ev->cls != APIGW_C_STAGE)
		mismatch(ev, &by[P_NAME], with_cert);
	if (by[P_DATE].n)
		expired(ev, &by[P_DATE]);
	if (by[P_TRUST].n)
		untrusted(ev, &by[P_TRUST]);
}

/* ---- HTTP ---- */

static void
http_finding(struct apigw_ev *ev, enum finding_code code, const char *msg, bool fix)
{
	struct finding fd;
	finding_init(&fd, code, ev->f->name);
	finding_set_message(&fd, "%s", msg);
	apigw_evidence_http(ev->f, &fd);
	apigw_evidence_clients(code, ev->f, NULL, &fd);
	if (fix)
		apigw_ev_wants_fix(ev, &fd);
	apigw_ev_push(ev, &fd);
}

static void
not_apigw(struct apigw_ev *ev, const struct http_response *r)
{
	char what[600], *msg;
	apigw_ev_point_at(ev, what, sizeof what);
	if (apigw_http_cloudfront(r))
		msg = str_fmt(4096, _("Only CloudFront answers %s (HTTP %d), not API Gateway: the distribution there does not pass the request to an API. %s"),
			      ev->f->http.url, r->head.status, what);
	else
		msg = str_fmt(4096, _("What answers %s is not API Gateway: HTTP %d without any of its headers (x-amzn-RequestId, x-amz-apigw-id, apigw-requestid) or CloudFront's. %s"),
			      ev->f->http.url, r->head.status, what);
	http_finding(ev, F_APIGW_NOT_APIGW, msg, true);
	free(msg);
}

static bool
is_forbidden(const struct http_response *r)
{
	char *m = apigw_http_message(r);
	bool yes = r->head.status == 403 && m && !strcmp(m, "Forbidden");
	free(m);
	return yes;
}

static void
stage_in_path(struct apigw_ev *ev)
{
	const struct apigw_http_seen *h = &ev->f->http;
	const char *p = ev->f->path;
	int seg = (int)strcspn(p + 1, "/?");
	char *msg = str_fmt(4096, _("API Gateway answers %s with 403 Missing Authentication Token and %s with HTTP %d: the custom domain's mapping already chooses the stage, so the URL must not repeat it (%.*s). Use %s."),
			    h->url, h->retry_url, h->retry->head.status, seg, p + 1, h->retry_url);
	http_finding(ev, F_APIGW_STAGE_IN_PATH, msg, false);
	free(msg);
}

void
apigw_judge_http(struct apigw_ev *ev)
{
	const struct apigw_facts *f = ev->f;
	const struct http_response *r = f->http.res;
	if (!r)
		return;
	if (!r->have_head) {
		/* Nothing to fix in the DNS or the certificate: what to do is
		 * find who drops the request. */
		char *msg = str_fmt(4096, _("The HTTPS request to %s got no answer (%s), so what serves the name is not known; the TLS results still hold. Run the check again; if it persists, try curl -v %s from here and from another network: something at %s or on the way (a firewall, WAF or proxy) drops the request."),
				    f->http.url, r->error ? r->error : "?", f->http.url, f->http.address);
		http_finding(ev, F_APIGW_HTTP_FAILED, msg, false);
		free(msg);
		return;
	}
	if (!apigw_http_api(r)) {
		if (!ev->misrouted)
			not_apigw(ev, r);
		return;
	}
	const struct apigw_tls_seen *t = apigw_tls_at(f, f->http.address);
	if (is_forbidden(r) && !ev->misrouted && ev->cls != APIGW_C_VPCE && t && t->res && t->res->name_matches) {
		const char *name = name_shown(f->name);
		char *msg = str_fmt(4096, _("API Gateway answers %s with 403 {\"message\":\"Forbidden\"}: no base path (API) mapping of the custom domain matches. Add one: aws apigateway create-base-path-mapping --domain-name %s --rest-api-id ID --stage STAGE (HTTP APIs: aws apigatewayv2 create-api-mapping)."),
				    f->http.url, name);
		http_finding(ev, F_APIGW_NO_MAPPING, msg, false);
		free(msg);
	}
	const struct http_response *q = f->http.retry;
	if (q && q->have_head && !apigw_http_mat(q))
		stage_in_path(ev);
}
