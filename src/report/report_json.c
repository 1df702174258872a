#include "config.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/dns_wire.h"
#include "fix/provider.h"
#include "report/report.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

/* Everything we put in JSON is already escaped or our own text; sanitise
 * once more so no control character or bidi override can reach a consumer
 * that prints our strings raw. Bounded at 64 KiB a string. */
static cJSON *
jstr_flags(const char *s, int flags)
{
	if (!s)
		return cJSON_CreateNull();
	char *clean = san_str(s, 64 * 1024, flags);
	cJSON *j = cJSON_CreateString(clean);
	free(clean);
	return j;
}

static cJSON *
jstr(const char *s)
{
	return jstr_flags(s, 0);
}

static cJSON *
jstrs(char *const *v, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, jstr(v[i]));
	return arr;
}

/* Plans, whichever check made them ----------------------------------- */

struct plan_view
plan_view_caa(const struct caa_plan_info *pi)
{
	return (struct plan_view){ .plan = &pi->plan, .ns = pi->ns, .n_ns = pi->n_ns,
				   .provider = pi->provider, .detected = pi->detected,
				   .ns_mixed = pi->ns_mixed, .foreign = pi->foreign,
				   .owner = pi->owner, .type = "CAA" };
}

struct plan_view
plan_view_cname(const struct cname_plan_info *pi)
{
	return (struct plan_view){ .plan = &pi->plan, .ns = pi->ns, .n_ns = pi->n_ns,
				   .provider = pi->provider, .detected = pi->detected,
				   .ns_mixed = pi->ns_mixed, .owner = pi->plan.zone, .type = "CNAME" };
}

static const char *const required_providers[] = { "cloudflare", "godaddy", "route53" };

size_t
report_view_providers(const struct plan_view *v, const struct report_opts *o,
		      const struct provider **out, size_t max)
{
	size_t n = 0;
	const struct provider *zone = provider_get("zonefile");
	if (o->provider && strcmp(o->provider, "all")) {
		const struct provider *p = provider_get(o->provider);
		if (p && n < max)
			out[n++] = p;
	} else {
		if (v->provider && n < max)
			out[n++] = v->provider;
		for (size_t i = 0; i < sizeof required_providers / sizeof *required_providers; i++) {
			const struct provider *p = provider_get(required_providers[i]);
			bool dup = false;
			for (size_t k = 0; k < n; k++)
				dup |= out[k] == p;
			if (p && !dup && n < max)
				out[n++] = p;
		}
	}
	bool have_zone = false;
	for (size_t k = 0; k < n; k++)
		have_zone |= out[k] == zone;
	if (zone && !have_zone && n < max)
		out[n++] = zone;
	return n;
}

size_t
report_fix_providers(const struct caa_plan_info *pi, const struct report_opts *o,
		     const struct provider **out, size_t max)
{
	struct plan_view v = plan_view_caa(pi);
	return report_view_providers(&v, o, out, max);
}

void
report_view_each_fix(const struct plan_view *v, const struct provider *const *list, size_t n,
		     report_fix_visit visit, void *ctx)
{
	for (size_t i = 0; i < n; i++) {
		const char *const *formats;
		size_t nf = provider_formats(list[i], &formats);
		for (size_t k = 0; k < nf; k++) {
			struct strbuf sb;
			char err[256] = "";
			sb_init(&sb);
			bool ok = provider_render(list[i], formats[k], v->plan, &sb, err, sizeof err) == 0;
			visit(ctx, list[i], formats[k], ok ? sb.buf : NULL, err);
			sb_free(&sb);
		}
	}
}

void
report_each_fix(const struct caa_plan_info *pi, const struct provider *const *list, size_t n,
		report_fix_visit visit, void *ctx)
{
	struct plan_view v = plan_view_caa(pi);
	report_view_each_fix(&v, list, n, visit, ctx);
}

/* Findings -------------------------------------------------------------- */

static cJSON *
records_json(const struct finding *f)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < f->n_records; i++) {
		const struct record *r = &f->records[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "action", r->action == REC_ADD ? "add" : "delete");
		cJSON_AddItemToObject(o, "name", jstr(r->name));
		cJSON_AddStringToObject(o, "type", dns_type_name(r->type));
		cJSON_AddNumberToObject(o, "ttl", r->ttl);
		cJSON_AddItemToObject(o, "data", jstr(r->data));
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static void
add_fix_json(void *ctx, const struct provider *p, const char *format, const char *text, const char *err)
{
	cJSON *fx = cJSON_CreateObject();
	cJSON_AddStringToObject(fx, "provider", provider_id(p));
	cJSON_AddStringToObject(fx, "format", format);
	/* "text" is always there; a rendering that failed says why in it too. */
	cJSON_AddItemToObject(fx, "text", jstr_flags(text ? text : err, SAN_MULTILINE));
	if (!text)
		cJSON_AddItemToObject(fx, "error", jstr(err));
	cJSON_AddItemToArray((cJSON *)ctx, fx);
}

/* plan: the view of the finding's plan, or NULL when it has none. */
static cJSON *
finding_json(const struct finding *f, const struct plan_view *plan, const struct report_opts *o)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "code", finding_code_name(f->code));
	cJSON_AddStringToObject(j, "severity", severity_name(f->severity));
	cJSON_AddItemToObject(j, "name", jstr(f->name));
	cJSON_AddItemToObject(j, "message", jstr(f->message));
	cJSON *ev = cJSON_CreateArray();
	for (size_t i = 0; i < f->n_evidence; i++)
		cJSON_AddItemToArray(ev, jstr(f->evidence[i]));
	cJSON_AddItemToObject(j, "evidence", ev);
	cJSON_AddItemToObject(j, "records", records_json(f));
	cJSON *fixes = cJSON_CreateArray();
	if (plan) {
		const struct provider *list[16];
		size_t n = report_view_providers(plan, o, list, 16);
		report_view_each_fix(plan, list, n, add_fix_json, fixes);
	}
	cJSON_AddItemToObject(j, "fixes", fixes);
	return j;
}

static void
add_plan_fields(cJSON *check, const struct plan_view *v)
{
	cJSON_AddItemToObject(check, "zone", jstr(v->plan->zone));
	cJSON_AddItemToObject(check, "provider", v->provider ? jstr(provider_id(v->provider)) : cJSON_CreateNull());
	cJSON_AddBoolToObject(check, "provider_detected", v->detected);
	cJSON_AddItemToObject(check, "name_servers", jstrs(v->ns, v->n_ns));
}

static void
add_ttl(cJSON *obj, int64_t ttl)
{
	if (ttl >= 0)
		cJSON_AddNumberToObject(obj, "cache_ttl", (double)ttl);
	else
		cJSON_AddNullToObject(obj, "cache_ttl");
}

/* Checks ---------------------------------------------------------------- */

static cJSON *
caa_check_json(const struct caa_report *rep, const struct caa_target *t, const struct report_opts *o)
{
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "check", "caa");
	cJSON_AddStringToObject(c, "verdict", caa_verdict_name(t->verdict));
	cJSON_AddItemToObject(c, "relevant_at", jstr(t->relevant_at));
	add_ttl(c, t->cache_ttl);
	struct plan_view pv, *plan = NULL;
	for (size_t i = 0; i < t->n_findings && !plan; i++)
		if (t->findings[i].plan >= 0) {
			pv = plan_view_caa(&rep->plans[t->findings[i].plan]);
			plan = &pv;
		}
	if (plan)
		add_plan_fields(c, plan);
	cJSON *fs = cJSON_AddArrayToObject(c, "findings");
	for (size_t k = 0; k < t->n_findings; k++) {
		const struct finding *f = &t->findings[k];
		struct plan_view fv;
		if (f->plan >= 0)
			fv = plan_view_caa(&rep->plans[f->plan]);
		cJSON_AddItemToArray(fs, finding_json(f, f->plan >= 0 ? &fv : NULL, o));
	}
	return c;
}

static cJSON *
cname_check_json(const struct cname_report *rep, const struct cname_result *r, const struct report_opts *o)
{
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "check", "cname");
	cJSON_AddStringToObject(c, "verdict", cname_verdict_name(r->verdict));
	cJSON *rec = cJSON_AddObjectToObject(c, "record");
	cJSON_AddItemToObject(rec, "name", jstr(r->name));
	cJSON_AddStringToObject(rec, "type", "CNAME");
	cJSON_AddItemToObject(rec, "value", jstr(r->value));
	cJSON_AddItemToObject(c, "resolver_value", jstr(r->resolver_value));
	add_ttl(c, r->cache_ttl);
	struct plan_view pv;
	if (r->plan >= 0) {
		pv = plan_view_cname(&rep->plans[r->plan]);
		add_plan_fields(c, &pv);
	} else {
		cJSON_AddItemToObject(c, "zone", jstr(r->zone));
	}
	cJSON *servers = cJSON_AddArrayToObject(c, "servers");
	for (size_t i = 0; i < r->n_servers; i++) {
		const struct cname_server_view *s = &r->servers[i];
		cJSON *js = cJSON_CreateObject();
		cJSON_AddItemToObject(js, "address", jstr(s->addr));
		cJSON_AddItemToObject(js, "names", jstr(s->names));
		cJSON_AddBoolToObject(js, "edited", s->edited);
		cJSON_AddStringToObject(js, "seen", cname_seen_name(s->seen));
		cJSON_AddItemToObject(js, "value", jstr(s->value));
		cJSON_AddItemToObject(js, "detail", jstr(s->detail));
		cJSON_AddItemToArray(servers, js);
	}
	cJSON *fs = cJSON_AddArrayToObject(c, "findings");
	for (size_t k = 0; k < r->n_findings; k++) {
		/* The record's plan goes with every finding that carries records. */
		const struct finding *f = &r->findings[k];
		bool with_plan = r->plan >= 0 && f->n_records > 0;
		cJSON_AddItemToArray(fs, finding_json(f, with_plan ? &pv : NULL, o));
	}
	return c;
}

static const struct caa_target *
caa_target_for(const struct caa_report *rep, const char *name)
{
	for (size_t i = 0; rep && i < rep->n_targets; i++)
		if (!strcmp(rep->targets[i].name, name))
			return &rep->targets[i];
	return NULL;
}

static const struct cname_result *
cname_result_for(const struct cname_report *rep, const char *name)
{
	for (size_t i = 0; rep && i < rep->n_results; i++)
		for (size_t k = 0; k < rep->results[i].n_domains; k++)
			if (!strcmp(rep->results[i].domains[k], name))
				return &rep->results[i];
	return NULL;
}

/* The certificate ------------------------------------------------------ */

static cJSON *
time_json(int64_t t)
{
	if (t == ACM_TIME_NONE)
		return cJSON_CreateNull();
	char buf[32];
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return cJSON_CreateString(buf);
}

static cJSON *
cert_json(const struct acm_cert *c, const struct acm_route *route, const struct report_opts *o)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddItemToObject(j, "arn", jstr(c->arn));
	cJSON_AddItemToObject(j, "domain", jstr(c->domain_name));
	cJSON_AddItemToObject(j, "status", jstr(c->status_text));
	cJSON_AddItemToObject(j, "failure_reason", jstr(c->failure_reason));
	cJSON_AddItemToObject(j, "created_at", time_json(c->created_at));
	cJSON_AddItemToObject(j, "validation_deadline", time_json(route->deadline));
	cJSON_AddItemToObject(j, "in_use_by", jstrs(c->in_use_by, c->n_in_use_by));
	cJSON *fs = cJSON_AddArrayToObject(j, "findings");
	for (size_t i = 0; i < route->n_findings; i++)
		cJSON_AddItemToArray(fs, finding_json(&route->findings[i], NULL, o));
	return j;
}

/* The whole run ---------------------------------------------------------- */

char *
report_run_json(const struct run_report *r, const struct report_opts *o)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "schema", 1);
	const char *resolver = r->caa ? r->caa->resolver : r->cname ? r->cname->resolver : NULL;
	cJSON_AddItemToObject(root, "resolver", jstr(resolver));
	if (r->cert)
		cJSON_AddItemToObject(root, "certificate", cert_json(r->cert, r->route, o));
	cJSON *targets = cJSON_AddArrayToObject(root, "targets");
	for (size_t i = 0; i < r->n_names; i++) {
		cJSON *jt = cJSON_CreateObject();
		cJSON_AddItemToObject(jt, "name", jstr(r->names[i]));
		cJSON *checks = cJSON_AddArrayToObject(jt, "checks");
		const struct caa_target *ct = caa_target_for(r->caa, r->names[i]);
		if (ct)
			cJSON_AddItemToArray(checks, caa_check_json(r->caa, ct, o));
		const struct cname_result *cr = cname_result_for(r->cname, r->names[i]);
		if (cr)
			cJSON_AddItemToArray(checks, cname_check_json(r->cname, cr, o));
		cJSON_AddItemToArray(targets, jt);
	}
	cJSON *stats = cJSON_AddObjectToObject(root, "stats");
	int queries = 0, in_flight = 0;
	int64_t elapsed = 0;
	if (r->caa) {
		queries += r->caa->queries;
		in_flight += r->caa->max_in_flight;
		elapsed = r->caa->elapsed_ms;
	}
	if (r->cname) {
		queries += r->cname->queries;
		in_flight += r->cname->max_in_flight;
		if (r->cname->elapsed_ms > elapsed)
			elapsed = r->cname->elapsed_ms;
	}
	cJSON_AddNumberToObject(stats, "queries", queries);
	cJSON_AddNumberToObject(stats, "max_in_flight", in_flight);
	cJSON_AddNumberToObject(stats, "elapsed_ms", (double)elapsed);
	char *out = cJSON_Print(root);
	cJSON_Delete(root);
	char *copy = xstrdup(out ? out : "{}");
	cJSON_free(out);
	return copy;
}

char *
report_json(const struct caa_report *rep, const struct report_opts *o)
{
	char **names = xcalloc(rep->n_targets ? rep->n_targets : 1, sizeof *names);
	for (size_t i = 0; i < rep->n_targets; i++)
		names[i] = rep->targets[i].name;
	struct run_report r = { .caa = rep, .names = names, .n_names = rep->n_targets };
	char *out = report_run_json(&r, o);
	free(names);
	return out;
}

static bool
blocks(const struct finding *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (f[i].severity == SEV_ERROR)
			return true;
	return false;
}

int
report_run_exit(const struct run_report *r)
{
	if (r->route && blocks(r->route->findings, r->route->n_findings))
		return 1;
	for (size_t i = 0; r->caa && i < r->caa->n_targets; i++)
		if (r->caa->targets[i].verdict != CAA_V_PERMIT ||
		    blocks(r->caa->targets[i].findings, r->caa->targets[i].n_findings))
			return 1;
	for (size_t i = 0; r->cname && i < r->cname->n_results; i++)
		if ((r->cname->results[i].verdict != CNAME_V_OK && r->cname->results[i].verdict != CNAME_V_CACHED) ||
		    blocks(r->cname->results[i].findings, r->cname->results[i].n_findings))
			return 1;
	return 0;
}

void
report_json_error(FILE *out, const char *why)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "schema", 1);
	cJSON_AddItemToObject(root, "error", jstr(why));
	cJSON_AddArrayToObject(root, "targets");
	char *txt = cJSON_Print(root);
	if (txt)
		fprintf(out, "%s\n", txt);
	cJSON_free(txt);
	cJSON_Delete(root);
}
