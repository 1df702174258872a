/* What only one check shows, in JSON and in text: a table by check id
 * (report_int.h). A new check adds its pair of functions here. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/apigw/apigw_check.h"
#include "checks/caa/caa_check.h"
#include "checks/cname/cname_check.h"
#include "checks/email/email_check.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "net/http_probe.h"
#include "net/tls_probe.h"
#include "report/report_int.h"

static enum tone
subject_tone(const struct check_subject *s)
{
	return s->tone == SEV_INFO ? T_GOOD : s->tone == SEV_WARNING ? T_WARN : T_BAD;
}

static void
subject_gap(FILE *out, bool *started)
{
	if (*started)
		fputc('\n', out);
	*started = true;
}

/* A subject's first line, after the gap: its name in bold (padded to
 * width), the check's word, its verdict in its tone; no newline. */
static void
subject_head(FILE *out, const struct report_opts *o, bool *started, const char *name, size_t width,
	     const char *kind, const struct check_subject *sub)
{
	subject_gap(out, started);
	size_t len = strlen(name);
	report_put(out, o, T_BOLD, name, TEXT_VALUE_MAX);
	fprintf(out, "%*s  %s  ", len < width ? (int)(width - len) : 0, "", kind);
	report_put(out, o, subject_tone(sub), sub->label, 0);
}

/* CAA ------------------------------------------------------------------ */

static void
caa_json(cJSON *c, const void *report, size_t i)
{
	const struct caa_report *rep = report;
	const struct caa_target *t = &rep->targets[i];
	cJSON_AddItemToObject(c, "relevant_at", report_jstr(t->relevant_at));
	report_json_ttl(c, t->cache_ttl);
	for (size_t k = 0; k < t->n_findings; k++)
		if (t->findings[k].plan >= 0) {
			struct plan_view pv = caa_plan_view(&rep->plans[t->findings[k].plan]);
			report_json_plan_fields(c, &pv);
			break;
		}
}

static void
caa_text(FILE *out, const void *report, const struct report_opts *o, bool *started)
{
	const struct caa_report *rep = report;
	size_t width = 0;
	for (size_t i = 0; i < rep->n_targets; i++)
		if (strlen(rep->targets[i].name) > width && strlen(rep->targets[i].name) < 60)
			width = strlen(rep->targets[i].name);
	for (size_t i = 0; i < rep->n_targets; i++) {
		const struct caa_target *t = &rep->targets[i];
		struct check_subject sub;
		caa_check_ops.subject(rep, i, &sub);
		subject_head(out, o, started, t->name, width, "CAA", &sub);
		if (t->relevant_at) {
			struct strbuf sb;
			sb_init(&sb);
			sb_addf(&sb, _("decided at %s"), t->relevant_at);
			fputs("  ", out);
			report_put(out, o, T_PLAIN, sb.buf, TEXT_VALUE_MAX);
			sb_free(&sb);
		}
		fputc('\n', out);
		report_findings_text(out, t->findings, t->n_findings, o);
	}
}

/* Validation CNAMEs ---------------------------------------------------- */

static void
cname_json(cJSON *c, const void *report, size_t i)
{
	const struct cname_report *rep = report;
	const struct cname_result *r = &rep->results[i];
	cJSON *rec = cJSON_AddObjectToObject(c, "record");
	cJSON_AddItemToObject(rec, "name", report_jstr(r->name));
	cJSON_AddStringToObject(rec, "type", "CNAME");
	cJSON_AddItemToObject(rec, "value", report_jstr(r->value));
	cJSON_AddItemToObject(c, "resolver_value", report_jstr(r->resolver_value));
	report_json_ttl(c, r->cache_ttl);
	if (r->plan >= 0) {
		struct plan_view pv = cname_plan_view(&rep->plans[r->plan]);
		report_json_plan_fields(c, &pv);
	} else {
		cJSON_AddItemToObject(c, "zone", report_jstr(r->zone));
	}
	cJSON *servers = cJSON_AddArrayToObject(c, "servers");
	for (size_t k = 0; k < r->n_servers; k++) {
		const struct cname_server_view *s = &r->servers[k];
		cJSON *js = cJSON_CreateObject();
		cJSON_AddItemToObject(js, "address", report_jstr(s->addr));
		cJSON_AddItemToObject(js, "names", report_jstr(s->names));
		cJSON_AddBoolToObject(js, "edited", s->edited);
		if (s->hosted_zone)
			cJSON_AddItemToObject(js, "hosted_zone", report_jstr(s->hosted_zone));
		cJSON_AddStringToObject(js, "seen", cname_seen_name(s->seen));
		cJSON_AddItemToObject(js, "value", report_jstr(s->value));
		cJSON_AddItemToObject(js, "detail", report_jstr(s->detail));
		cJSON_AddItemToArray(servers, js);
	}
}

static void
cname_text(FILE *out, const void *report, const struct report_opts *o, bool *started)
{
	const struct cname_report *rep = report;
	for (size_t i = 0; i < rep->n_results; i++) {
		const struct cname_result *r = &rep->results[i];
		struct check_subject sub;
		cname_check_ops.subject(rep, i, &sub);
		subject_gap(out, started);
		struct strbuf sb;
		sb_init(&sb);
		sb_addf(&sb, "%s CNAME %s", r->name, r->value);
		report_put(out, o, T_BOLD, sb.buf, TEXT_VALUE_MAX);
		fputs("  ", out);
		report_put(out, o, subject_tone(&sub), sub.label, 0);
		fputc('\n', out);
		sb_reset(&sb);
		for (size_t k = 0; k < r->n_domains; k++)
			sb_addf(&sb, "%s%s", k ? ", " : "", r->domains[k]);
		fprintf(out, "  %s ", _("validates"));
		report_put(out, o, T_PLAIN, sb.buf, TEXT_VALUE_MAX);
		fputc('\n', out);
		for (size_t k = 0; k < r->n_servers; k++) {
			const struct cname_server_view *s = &r->servers[k];
			sb_reset(&sb);
			sb_addf(&sb, "%s%s%s%s: %s%s%s", s->addr, *s->names ? " (" : "", s->names,
				*s->names ? ")" : "", cname_seen_name(s->seen), s->value ? " " : "",
				s->value ? s->value : "");
			if (s->hosted_zone)
				sb_addf(&sb, " (%s %s)", _("hosted zone"), s->hosted_zone);
			fprintf(out, "  %s ", s->edited ? _("edited") : _("server"));
			report_put(out, o, T_DIM, sb.buf, TEXT_VALUE_MAX);
			fputc('\n', out);
		}
		sb_free(&sb);
		report_findings_text(out, r->findings, r->n_findings, o);
	}
}

/* Email validation ----------------------------------------------------- */

static void
email_json_registration(cJSON *c, const struct email_registration *r)
{
	cJSON *reg = cJSON_AddObjectToObject(c, "registration");
	cJSON_AddItemToObject(reg, "domain", report_jstr(r->domain));
	cJSON_AddItemToObject(reg, "rdap_server", report_jstr(r->server));
	cJSON_AddItemToObject(reg, "result", report_jstr(r->status_text));
	cJSON_AddItemToObject(reg, "registrar", report_jstr(r->registrar));
	cJSON_AddItemToObject(reg, "status", report_jstrs(r->status, r->n_status));
	cJSON_AddBoolToObject(reg, "on_hold", r->on_hold);
	cJSON_AddBoolToObject(reg, "contacts_redacted", r->redacted);
	cJSON_AddItemToObject(reg, "registry_nameservers", report_jstrs(r->registry_ns, r->n_registry_ns));
	cJSON_AddItemToObject(reg, "dns_nameservers", report_jstrs(r->dns_ns, r->n_dns_ns));
}

static void
email_json(cJSON *c, const void *report, size_t i)
{
	const struct email_report *rep = report;
	const struct email_target *t = &rep->targets[i];
	cJSON_AddItemToObject(c, "validation_domain", report_jstr(t->domain));
	cJSON_AddItemToObject(c, "addresses", report_jstrs(t->addresses, t->n_addresses));
	cJSON_AddItemToObject(c, "mx_at", report_jstr(t->mx_at));
	report_json_ttl(c, t->cache_ttl);
	cJSON *mx = cJSON_AddArrayToObject(c, "mx");
	for (size_t k = 0; k < t->n_mx; k++) {
		cJSON *m = cJSON_CreateObject();
		cJSON_AddItemToObject(m, "exchange", report_jstr(t->mx[k].exchange));
		cJSON_AddNumberToObject(m, "preference", t->mx[k].pref);
		cJSON_AddItemToObject(m, "state", report_jstr(t->mx[k].state));
		cJSON_AddItemToObject(m, "addresses", report_jstrs(t->mx[k].addresses, t->mx[k].n_addresses));
		cJSON_AddItemToArray(mx, m);
	}
	cJSON *smtp = cJSON_AddArrayToObject(c, "smtp");
	for (size_t k = 0; k < t->n_smtp; k++) {
		const struct email_smtp_view *s = &t->smtp[k];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "host", report_jstr(s->host));
		cJSON_AddItemToObject(o, "address", report_jstr(s->address));
		cJSON_AddItemToObject(o, "outcome", report_jstr(s->outcome));
		cJSON_AddNumberToObject(o, "banner_code", s->banner_code);
		cJSON_AddItemToObject(o, "banner", report_jstr(s->banner));
		cJSON_AddItemToObject(o, "detail", report_jstr(s->detail));
		cJSON_AddItemToArray(smtp, o);
	}
	email_json_registration(c, &t->reg);
	for (size_t k = 0; k < t->n_findings; k++)
		if (t->findings[k].plan >= 0) {
			struct plan_view pv = email_plan_view(&rep->plans[t->findings[k].plan]);
			report_json_plan_fields(c, &pv);
			break;
		}
}

static void
email_text(FILE *out, const void *report, const struct report_opts *o, bool *started)
{
	const struct email_report *rep = report;
	for (size_t i = 0; i < rep->n_targets; i++) {
		const struct email_target *t = &rep->targets[i];
		struct check_subject sub;
		email_check_ops.subject(rep, i, &sub);
		subject_head(out, o, started, t->domain, 0, "EMAIL", &sub);
		fputc('\n', out);
		struct strbuf sb;
		sb_init(&sb);
		for (size_t k = 0; k < t->n_names; k++)
			sb_addf(&sb, "%s%s", k ? ", " : "", t->names[k]);
		fprintf(out, "  %s ", _("validates"));
		report_put(out, o, T_PLAIN, sb.buf, TEXT_VALUE_MAX);
		fputc('\n', out);
		for (size_t k = 0; k < t->n_smtp; k++) {
			sb_reset(&sb);
			sb_addf(&sb, "%s [%s]: %s", t->smtp[k].host, t->smtp[k].address, t->smtp[k].detail);
			fprintf(out, "  %s ", "smtp");
			report_put(out, o, T_DIM, sb.buf, TEXT_VALUE_MAX);
			fputc('\n', out);
		}
		sb_free(&sb);
		report_findings_text(out, t->findings, t->n_findings, o);
	}
}

/* API Gateway custom domains ------------------------------------------- */

static const char *const dns_ends[] = { "addresses", "nxdomain", "dangling", "nodata", "failed" };

static cJSON *
http_json(const char *url, const char *addr, const struct http_response *r)
{
	static const char *const shown[] = {
		"x-amzn-requestid", "x-amz-apigw-id", "apigw-requestid", "x-amzn-errortype",
		"via", "x-cache", "x-amz-cf-pop", "x-amz-cf-id", "cf-ray", "server", "content-type",
	};
	cJSON *h = cJSON_CreateObject();
	cJSON_AddItemToObject(h, "url", report_jstr(url));
	cJSON_AddItemToObject(h, "address", report_jstr(addr));
	cJSON_AddBoolToObject(h, "answered", r->have_head);
	cJSON_AddItemToObject(h, "error", report_jstr(r->error));
	if (!r->have_head)
		return h;
	cJSON_AddNumberToObject(h, "status", r->head.status);
	cJSON_AddItemToObject(h, "version", report_jstr(r->head.version));
	enum apigw_api_kind api = apigw_http_api(r);
	cJSON_AddItemToObject(h, "api_gateway", api == APIGW_API_REST ? cJSON_CreateString("rest")
				: api == APIGW_API_HTTP ? cJSON_CreateString("http") : cJSON_CreateNull());
	cJSON_AddBoolToObject(h, "cloudfront", apigw_http_cloudfront(r));
	cJSON_AddBoolToObject(h, "cloudflare", apigw_http_cloudflare(r));
	cJSON *hs = cJSON_AddObjectToObject(h, "headers");
	for (size_t i = 0; i < sizeof shown / sizeof *shown; i++) {
		const char *v = http_head_get(&r->head, shown[i]);
		if (v)
			cJSON_AddItemToObject(hs, shown[i], report_jstr(v));
	}
	char *msg = apigw_http_message(r);
	cJSON_AddItemToObject(h, "message", report_jstr(msg));
	free(msg);
	char *body = san_text(r->body ? r->body : "", r->body_len, 400, 0);
	cJSON_AddItemToObject(h, "body", report_jstr(body));
	free(body);
	cJSON_AddBoolToObject(h, "body_truncated", r->body_truncated);
	return h;
}

static cJSON *
apigw_expected_json(const struct apigw_facts *f)
{
	if (!f->expected)
		return cJSON_CreateNull();
	cJSON *e = cJSON_CreateObject();
	cJSON_AddItemToObject(e, "target", report_jstr(f->expected));
	cJSON_AddStringToObject(e, "endpoint", apigw_endpoint_type_name(f->expected_type));
	cJSON_AddItemToObject(e, "addresses", report_jstrs(f->expected_addrs, f->n_expected_addrs));
	cJSON *eps = cJSON_AddArrayToObject(e, "endpoints");
	for (size_t i = 0; f->domain && i < f->domain->n_endpoints; i++) {
		const struct apigw_endpoint *ep = &f->domain->endpoints[i];
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "type", apigw_endpoint_type_name(ep->type));
		cJSON_AddItemToObject(j, "target", report_jstr(ep->target));
		cJSON_AddItemToObject(j, "hosted_zone_id", report_jstr(ep->hosted_zone_id));
		cJSON_AddItemToObject(j, "certificate_arn", report_jstr(ep->certificate_arn));
		cJSON_AddItemToObject(j, "status", report_jstr(ep->status));
		cJSON_AddItemToArray(eps, j);
	}
	return e;
}

static void
apigw_json(cJSON *c, const void *report, size_t i)
{
	const struct apigw_report *rep = report;
	const struct apigw_result *r = &rep->results[i];
	const struct apigw_facts *f = &r->facts;
	cJSON_AddItemToObject(c, "path", report_jstr(f->path));
	cJSON *t = cJSON_CreateObject();
	cJSON_AddItemToObject(t, "name", report_jstr(r->target));
	cJSON_AddStringToObject(t, "class", apigw_class_name(r->target_class));
	cJSON_AddItemToObject(c, "target", t);
	cJSON_AddBoolToObject(c, "proxied", r->proxied);
	cJSON_AddStringToObject(c, "dns", dns_ends[f->dns_end]);
	cJSON *chain = cJSON_AddArrayToObject(c, "cname_chain");
	for (size_t k = 0; k < f->n_chain; k++) {
		cJSON *h = cJSON_CreateObject();
		cJSON_AddItemToObject(h, "name", report_jstr(f->chain[k].name));
		cJSON_AddItemToObject(h, "target", report_jstr(f->chain[k].target));
		cJSON_AddNumberToObject(h, "ttl", f->chain[k].ttl);
		cJSON_AddItemToArray(chain, h);
	}
	cJSON_AddItemToObject(c, "addresses", report_jstrs(f->addrs, f->n_addrs));
	cJSON_AddItemToObject(c, "expected", apigw_expected_json(f));
	cJSON *tls = cJSON_AddArrayToObject(c, "tls");
	for (size_t k = 0; k < f->n_tls; k++) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "role", apigw_tls_role_name(f->tls[k].role));
		cJSON_AddItemToObject(j, "address", report_jstr(f->tls[k].address));
		cJSON_AddItemToObject(j, "sni", report_jstr(f->tls[k].sni));
		if (f->tls[k].res)
			report_tls_json(j, f->tls[k].res);
		cJSON_AddItemToArray(tls, j);
	}
	cJSON *http = f->http.res ? http_json(f->http.url, f->http.address, f->http.res) : cJSON_CreateNull();
	if (f->http.retry)
		cJSON_AddItemToObject(http, "without_stage", http_json(f->http.retry_url, f->http.address, f->http.retry));
	cJSON_AddItemToObject(c, "http", http);
	if (r->plan >= 0) {
		struct plan_view pv = apigw_plan_view(&rep->plans[r->plan]);
		report_json_plan_fields(c, &pv);
	} else {
		cJSON_AddItemToObject(c, "zone", report_jstr(f->zone));
	}
}

static void
apigw_text_tls(FILE *out, const struct apigw_tls_seen *t, const struct report_opts *o)
{
	struct strbuf sb;
	sb_init(&sb);
	const struct tls_result *r = t->res;
	sb_addf(&sb, "  TLS %s SNI %s: ", t->address, t->sni);
	if (!r || !r->have_cert)
		sb_add(&sb, r && r->error ? r->error : "?");
	else
		sb_addf(&sb, "CN=%s, %s CN=%s, %s %.10s", r->subject_cn ? r->subject_cn : "-", _("issuer"),
			r->issuer_cn ? r->issuer_cn : "-", _("until"), r->not_after ? r->not_after : "?");
	bool good = r && tls_result_clean(r);
	report_put(out, o, good ? T_DIM : T_WARN, sb.buf, TEXT_VALUE_MAX);
	fputc('\n', out);
	sb_free(&sb);
}

static void
apigw_text(FILE *out, const void *report, const struct report_opts *o, bool *started)
{
	const struct apigw_report *rep = report;
	for (size_t i = 0; i < rep->n_results; i++) {
		const struct apigw_result *r = &rep->results[i];
		const struct apigw_facts *f = &r->facts;
		struct check_subject sub;
		apigw_check_ops.subject(rep, i, &sub);
		subject_head(out, o, started, f->name, 0, "HTTPS", &sub);
		fputc('\n', out);
		struct strbuf sb;
		sb_init(&sb);
		if (r->target)
			sb_addf(&sb, "  %s %s (%s)", _("points at"), r->target, apigw_class_name(r->target_class));
		else
			sb_addf(&sb, "  %s %zu", _("addresses:"), f->n_addrs);
		report_put(out, o, T_DIM, sb.buf, TEXT_VALUE_MAX);
		fputc('\n', out);
		sb_free(&sb);
		for (size_t k = 0; k < f->n_tls; k++)
			apigw_text_tls(out, &f->tls[k], o);
		report_findings_text(out, r->findings, r->n_findings, o);
	}
}

/* The table -------------------------------------------------------------- */

/* Every check in CHECKS must have its <id>_json and <id>_text above. */
#define RENDERERS(id, name) [CHECK_##id] = { id##_json, id##_text },
static const struct report_check table[CHECK__COUNT] = { CHECKS(RENDERERS) };
#undef RENDERERS

const struct report_check *
report_check_of(enum check_id id)
{
	return &table[id];
}
