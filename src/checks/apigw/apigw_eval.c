/* What the facts about a custom domain mean (apigw_evaluate): a pure
 * function of struct apigw_facts, so every verdict can be table-tested.
 * The order blames the right thing first: a lookup that failed before a
 * missing name, where the name points before the certificate it gets
 * there, the certificate before the HTTP answer that follows from it.
 * This file holds the DNS, the target and what API Gateway says about the
 * domain; apigw_judge.c the TLS and HTTP findings. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/apigw/apigw_int.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "net/http_probe.h"
#include "net/iprange.h"
#include "net/names.h"
#include "net/tls_probe.h"

void
apigw_ev_push(struct apigw_ev *ev, struct finding *fd)
{
	findings_push(&ev->fs, &ev->n, fd);
}

void
apigw_ev_wants_fix(struct apigw_ev *ev, struct finding *fd)
{
	if (!ev->fix->target || (ev->target && !strcmp(ev->target, ev->fix->target)))
		return;
	ev->fix->wanted = true;
	fd->plan = 0;           /* the check puts the plan's index here */
}

const char *
apigw_ev_point_at(const struct apigw_ev *ev, char *buf, size_t len)
{
	const char *name = name_shown(ev->f->name);
	if (ev->fix->target)
		snprintf(buf, len, _("Point %s at %s, the target API Gateway gives for it (the fix below)."),
			 name, name_shown(ev->fix->target));
	else
		snprintf(buf, len, _("Point %s at the custom domain's target: aws apigateway get-domain-name --domain-name %s shows it (regionalDomainName or distributionDomainName); give that output with --domain-json for the exact record."),
			 name, name);
	return buf;
}

/* ---- the fix's target, from API Gateway's description ---- */

static void
fix_target(struct apigw_ev *ev)
{
	const struct apigw_facts *f = ev->f;
	struct apigw_fix *fix = ev->fix;
	const struct apigw_endpoint *e = NULL;
	for (size_t i = 0; f->domain && f->expected && i < f->domain->n_endpoints; i++)
		if (f->domain->endpoints[i].target && !strcmp(f->domain->endpoints[i].target, f->expected))
			e = &f->domain->endpoints[i];
	if (!e)
		return;
	char region[64] = "";
	fix->target = xstrdup(e->target);
	fix->cloudfront = e->type == APIGW_EP_EDGE;
	if (!fix->cloudfront)
		apigw_name_region(e->target, region, sizeof region);
	fix->region = xstrdup(region);
	const char *zone = e->hosted_zone_id ? e->hosted_zone_id
			 : fix->cloudfront ? APIGW_CLOUDFRONT_ZONE : apigw_region_zone(region);
	fix->zone_id = zone ? xstrdup(zone) : NULL;
	for (size_t i = 0; i < f->n_expected_addrs; i++)
		fix->ipv6 |= strchr(f->expected_addrs[i], ':') != NULL;
}

static bool
target_listed(const struct apigw_facts *f, const char *target)
{
	for (size_t i = 0; target && f->domain && i < f->domain->n_endpoints; i++)
		if (f->domain->endpoints[i].target && !strcmp(f->domain->endpoints[i].target, target))
			return true;
	return false;
}

/* ---- what API Gateway says about the domain ---- */

static void
judge_placement(struct apigw_ev *ev)
{
	const struct apigw_domain *d = ev->f->domain;
	const char *name = name_shown(ev->f->name);
	for (size_t i = 0; d && i < d->n_endpoints; i++) {
		const struct apigw_endpoint *e = &d->endpoints[i];
		char cert[64], api[64] = "";
		if (!e->certificate_arn || !apigw_arn_region(e->certificate_arn, cert, sizeof cert))
			continue;
		bool edge = e->type == APIGW_EP_EDGE;
		if (edge ? !strcmp(cert, "us-east-1")
			 : (!apigw_name_region(e->target, api, sizeof api) || !strcmp(cert, api)))
			continue;
		struct finding fd;
		finding_init(&fd, F_APIGW_CERT_WRONG_REGION, ev->f->name);
		if (edge)
			finding_set_message(&fd, _("%s is edge-optimized, so its ACM certificate must be in us-east-1, but the one attached is in %s. Request or import the certificate in us-east-1 and attach it to the custom domain (certificateArn)."),
					    name, cert);
		else
			finding_set_message(&fd, _("%s is a regional custom domain in %s, so its ACM certificate must be in %s too, but the one attached is in %s. Request or import the certificate in %s and attach it to the custom domain (regionalCertificateArn)."),
					    name, api, api, cert, api);
		char *line = str_fmt(1024, "; %s %s: %s", apigw_endpoint_type_name(e->type),
				     e->target ? e->target : "-", e->certificate_arn);
		finding_add_evidence(&fd, line);
		free(line);
		apigw_ev_push(ev, &fd);
	}
}

static const char *
status_advice(const char *status)
{
	if (!strcmp(status, "PENDING_CERTIFICATE_REIMPORT"))
		return _("Re-import the certificate into ACM; the custom domain waits for it.");
	if (!strcmp(status, "PENDING_OWNERSHIP_VERIFICATION"))
		return _("Attach the ownership verification certificate (a public ACM certificate for the same name) to the custom domain.");
	return _("Wait a few minutes for API Gateway to finish, then check again.");
}

static void
judge_status(struct apigw_ev *ev)
{
	const struct apigw_domain *d = ev->f->domain;
	for (size_t i = 0; d && i < d->n_endpoints; i++) {
		const struct apigw_endpoint *e = &d->endpoints[i];
		if (!e->status || !strcmp(e->status, "AVAILABLE"))
			continue;
		struct finding fd;
		finding_init(&fd, F_APIGW_DOMAIN_NOT_AVAILABLE, ev->f->name);
		finding_set_message(&fd, _("API Gateway reports %s as %s%s%s. %s"), name_shown(ev->f->name),
				    e->status, e->status_message ? ": " : "",
				    e->status_message ? e->status_message : "", status_advice(e->status));
		apigw_ev_push(ev, &fd);
		return;
	}
}

/* ---- DNS ---- */

static void
judge_no_address(struct apigw_ev *ev)
{
	const struct apigw_facts *f = ev->f;
	const char *name = name_shown(f->name);
	char what[600];
	struct finding fd;
	apigw_ev_point_at(ev, what, sizeof what);
	if (f->dns_end == APIGW_DNS_FAILED) {
		finding_init(&fd, F_APIGW_DNS_FAILED, f->name);
		finding_set_message(&fd, _("The lookup of %s failed (%s), so where it points cannot be told. Ask again; if it persists, the name's DNS servers are failing (acm-doctor check --only caa %s shows which)."),
				    name, f->dns_error ? f->dns_error : "?", name);
	} else {
		finding_init(&fd, F_APIGW_TLS_FAILED, f->name);
		if (f->dns_end == APIGW_DNS_NXDOMAIN)
			finding_set_message(&fd, _("%s does not exist in the DNS (NXDOMAIN): there is no address to connect to. %s"),
					    name, what);
		else if (f->dns_end == APIGW_DNS_DANGLING)
			finding_set_message(&fd, _("%s is a CNAME to %s, which does not exist (NXDOMAIN): there is no address to connect to. A custom domain deleted in API Gateway leaves such a record behind. %s"),
					    name, name_shown(ev->target), what);
		else
			finding_set_message(&fd, _("%s has no A or AAAA record: there is no address to connect to. %s"),
					    name, what);
		apigw_ev_wants_fix(ev, &fd);
		apigw_evidence_clients(F_APIGW_TLS_FAILED, f, NULL, &fd);
	}
	apigw_evidence_chain(f, &fd);
	apigw_ev_push(ev, &fd);
}

/* ---- where the name points ---- */

static void
judge_stage(struct apigw_ev *ev)
{
	const struct apigw_facts *f = ev->f;
	char region[64] = "REGION", what[600];
	apigw_name_region(ev->target, region, sizeof region);
	struct finding fd;
	finding_init(&fd, F_APIGW_TARGETS_STAGE_URL, f->name);
	finding_set_message(&fd, _("%s is a CNAME to %s, the API's default execute-api URL, which serves AWS's certificate for *.execute-api.%s.amazonaws.com, not one for %s. %s"),
			    name_shown(f->name), name_shown(ev->target), region, name_shown(f->name),
			    apigw_ev_point_at(ev, what, sizeof what));
	apigw_evidence_chain(f, &fd);
	for (size_t i = 0; i < f->n_tls; i++)
		if (f->tls[i].role != APIGW_TLS_EXPECTED)
			apigw_evidence_tls(&f->tls[i], &fd);
	apigw_evidence_expected(f, &fd);
	apigw_evidence_http(f, &fd);
	apigw_evidence_clients(F_APIGW_TARGETS_STAGE_URL, f, NULL, &fd);
	apigw_ev_wants_fix(ev, &fd);
	apigw_ev_push(ev, &fd);
	ev->misrouted = true;
}

static void
judge_differs(struct apigw_ev *ev)
{
	const struct apigw_facts *f = ev->f;
	char what[600];
	struct finding fd;
	finding_init(&fd, F_APIGW_TARGET_DIFFERS, f->name);
	finding_set_message(&fd, _("%s points at %s, but API Gateway gives %s for this custom domain: requests reach an endpoint that may not know the name. %s"),
			    name_shown(f->name), name_shown(ev->target), name_shown(f->expected),
			    apigw_ev_point_at(ev, what, sizeof what));
	apigw_evidence_chain(f, &fd);
	apigw_ev_wants_fix(ev, &fd);
	apigw_ev_push(ev, &fd);
	ev->misrouted = true;
}

static char *
addr_list(char *const *v, size_t n)
{
	struct strbuf sb;
	sb_init_limit(&sb, 1024);
	for (size_t i = 0; i < n; i++)
		sb_addf(&sb, "%s%s", i ? ", " : "", v[i]);
	return sb_steal(&sb);
}

static bool
in_list(const char *s, char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, v[i]))
			return true;
	return false;
}

/* Address records without a CNAME: a Route 53 alias gives exactly the
 * target's addresses; anything else was typed or points elsewhere. */
static void
judge_addresses(struct apigw_ev *ev)
{
	const struct apigw_facts *f = ev->f;
	bool same = f->n_addrs == f->n_expected_addrs;
	for (size_t i = 0; same && i < f->n_addrs; i++)
		same = in_list(f->addrs[i], f->expected_addrs, f->n_expected_addrs);
	if (same || !f->n_expected_addrs)
		return;
	char *have = addr_list(f->addrs, f->n_addrs), *want = addr_list(f->expected_addrs, f->n_expected_addrs);
	struct finding fd;
	finding_init(&fd, F_APIGW_ADDRESSES_DIFFER, f->name);
	finding_set_message(&fd, _("%s has the addresses %s, but its target %s has %s: typed by hand or pointing elsewhere, they break when AWS moves the endpoint. Make %s an alias of %s (Route 53), or a CNAME to it below the zone apex."),
			    name_shown(f->name), have, name_shown(f->expected), want, name_shown(f->name),
			    name_shown(f->expected));
	free(have);
	free(want);
	apigw_evidence_chain(f, &fd);
	char *line = str_fmt(1024, _("; %s has %zu addresses:"), f->expected, f->n_expected_addrs);
	finding_add_evidence(&fd, line);
	free(line);
	for (size_t i = 0; i < f->n_expected_addrs; i++) {
		line = str_fmt(1024, ";   %s", f->expected_addrs[i]);
		finding_add_evidence(&fd, line);
		free(line);
	}
	apigw_ev_wants_fix(ev, &fd);
	apigw_ev_push(ev, &fd);
	ev->misrouted = true;
}

static void
judge_proxy(struct apigw_ev *ev)
{
	const struct apigw_facts *f = ev->f;
	const struct apigw_tls_seen *t = f->n_addrs ? apigw_tls_at(f, f->addrs[0]) : NULL;
	char *cert = t && t->res && t->res->have_cert ? apigw_cert_summary(t->res) : xstrdup("?");
	char point[400] = "";
	if (ev->fix->target)
		snprintf(point, sizeof point, _(" and point it at %s"), name_shown(ev->fix->target));
	struct finding fd;
	finding_init(&fd, F_APIGW_PROXY_IN_FRONT, f->name);
	finding_set_message(&fd, _("%s answers with Cloudflare's addresses (%s): the record is proxied, so clients get Cloudflare's certificate (%s), not the one attached in API Gateway. If Cloudflare in front is intended, this is expected; otherwise set the record to DNS only%s."),
			    name_shown(f->name), f->addrs[0], cert, point);
	free(cert);
	apigw_evidence_chain(f, &fd);
	if (t)
		apigw_evidence_tls(t, &fd);
	apigw_evidence_http(f, &fd);
	apigw_ev_wants_fix(ev, &fd);
	apigw_ev_push(ev, &fd);
}

static void
judge_target(struct apigw_ev *ev)
{
	const struct apigw_facts *f = ev->f;
	if (ev->cls == APIGW_C_STAGE)
		judge_stage(ev);
	else if ((ev->cls == APIGW_C_REGIONAL || ev->cls == APIGW_C_CLOUDFRONT) && f->expected && !ev->target_listed)
		judge_differs(ev);
	else if (ev->cls == APIGW_C_NONE && f->expected && !ev->proxied)
		judge_addresses(ev);
	if (ev->proxied)
		judge_proxy(ev);
}

/* ---- the verdict ---- */

static enum apigw_verdict
verdict_of(const struct finding *fs, size_t n)
{
	if (!n)
		return APIGW_V_OK;
	switch (fs[0].code) {
	case F_APIGW_TARGETS_STAGE_URL:
	case F_APIGW_TARGET_DIFFERS:
	case F_APIGW_ADDRESSES_DIFFER:
		return fs[0].severity == SEV_ERROR ? APIGW_V_WRONG_TARGET : APIGW_V_WARNING;
	case F_APIGW_CERT_NAME_MISMATCH:
	case F_APIGW_CERT_EXPIRED:
	case F_APIGW_CERT_UNTRUSTED:
	case F_APIGW_CERT_WRONG_REGION:
		return APIGW_V_BAD_CERT;
	case F_APIGW_PROXY_IN_FRONT: return APIGW_V_PROXIED;
	case F_APIGW_NO_MAPPING: return APIGW_V_NO_MAPPING;
	case F_APIGW_STAGE_IN_PATH: return APIGW_V_STAGE_IN_PATH;
	case F_APIGW_NOT_APIGW: return APIGW_V_NOT_APIGW;
	case F_APIGW_TLS_FAILED: return APIGW_V_UNREACHABLE;
	case F_APIGW_DNS_FAILED: return APIGW_V_LOOKUP_FAILED;
	case F_APIGW_OK: return APIGW_V_OK;
	default: return APIGW_V_WARNING;
	}
}

/* "Diagnose a domain" asks about every name: without a sign of API
 * Gateway or CloudFront (no description, no AWS target, no such header)
 * the name is not an API, and that is no error. */
static bool
not_applicable(const struct apigw_ev *ev)
{
	const struct apigw_facts *f = ev->f;
	if (!f->only_if_https || f->domain || (ev->cls != APIGW_C_NONE && ev->cls != APIGW_C_OTHER))
		return false;
	const struct http_response *r = f->http.res;
	return !apigw_http_api(r) && !apigw_http_cloudfront(r);
}

/* Where the name points, for the OK message. */
static void
ok_where(const struct apigw_ev *ev, struct strbuf *sb)
{
	const struct apigw_facts *f = ev->f;
	const char *name = name_shown(f->name);
	if (ev->target)
		sb_addf(sb, _("%s points at %s (%s)"), name, name_shown(ev->target), apigw_class_name(ev->cls));
	else if (f->expected && f->n_expected_addrs)
		sb_addf(sb, _("%s has exactly the addresses of %s (an alias)"), name, name_shown(f->expected));
	else
		sb_addf(sb, _("%s has address records, no CNAME (an alias, or typed)"), name);
}

static void
push_ok(struct apigw_ev *ev)
{
	const struct apigw_facts *f = ev->f;
	const struct apigw_tls_seen *t = NULL;
	for (size_t i = 0; i < f->n_tls && !t; i++)
		if (f->tls[i].role == APIGW_TLS_NAME && f->tls[i].res && f->tls[i].res->have_cert)
			t = &f->tls[i];
	const struct http_response *r = f->http.res;
	enum apigw_api_kind api = apigw_http_api(r);
	struct strbuf sb;
	sb_init_limit(&sb, 2048);
	ok_where(ev, &sb);
	if (t)
		sb_addf(&sb, _("; its certificate (CN %s, issued by %s) covers it and is valid until %.10s at every address"),
			t->res->subject_cn ? t->res->subject_cn : "?", t->res->issuer_cn ? t->res->issuer_cn : "?",
			t->res->not_after ? t->res->not_after : "?");
	if (r && r->have_head)
		sb_addf(&sb, _("; %s answered %s with HTTP %d"),
			api == APIGW_API_HTTP ? _("API Gateway (HTTP API)") : api ? _("API Gateway (REST API)") : "CloudFront",
			f->http.url, r->head.status);
	sb_add(&sb, ".");
	struct finding fd;
	finding_init(&fd, F_APIGW_OK, f->name);
	finding_set_message(&fd, "%s", sb.buf);
	sb_free(&sb);
	apigw_evidence_chain(f, &fd);
	apigw_ev_push(ev, &fd);
}

static bool
any_problem(const struct apigw_ev *ev)
{
	for (size_t i = 0; i < ev->n; i++)
		if (ev->fs[i].severity != SEV_INFO)
			return true;
	return false;
}

void
apigw_evaluate(const struct apigw_facts *f, struct finding **fs, size_t *n,
	       enum apigw_verdict *verdict, struct apigw_fix *fix)
{
	memset(fix, 0, sizeof *fix);
	struct apigw_ev ev = { .f = f, .fix = fix };
	ev.target = f->n_chain ? f->chain[f->n_chain - 1].target : NULL;
	ev.cls = apigw_classify(ev.target);
	ev.target_listed = target_listed(f, ev.target);
	for (size_t i = 0; i < f->n_addrs; i++)
		ev.proxied |= iprange_cloudflare(f->addrs[i]);
	fix_target(&ev);
	/* Not an API: no finding at all, so "Diagnose a domain" lists only
	 * what matters (the verdict says not-applicable). */
	if (!not_applicable(&ev)) {
		judge_placement(&ev);
		judge_status(&ev);
		if (f->dns_end != APIGW_DNS_ADDRESSES) {
			judge_no_address(&ev);
		} else {
			judge_target(&ev);
			apigw_judge_tls(&ev);
			apigw_judge_http(&ev);
		}
		if (!any_problem(&ev))
			push_ok(&ev);
	}
	findings_sort(ev.fs, ev.n);
	*fs = ev.fs;
	*n = ev.n;
	*verdict = ev.n ? verdict_of(ev.fs, ev.n) : APIGW_V_NOT_APPLICABLE;
}

void
apigw_fix_clear(struct apigw_fix *fix)
{
	free(fix->target);
	free(fix->zone_id);
	free(fix->region);
	memset(fix, 0, sizeof *fix);
}

bool
apigw_wants_retry(const struct apigw_facts *f)
{
	const struct http_response *r = f->http.res;
	if (!apigw_http_mat(r) || !apigw_http_api(r))
		return false;
	char *rest = apigw_path_without_stage(f->path);
	bool has = rest != NULL;
	free(rest);
	return has;
}
