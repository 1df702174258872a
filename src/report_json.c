#include "config.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "dns_wire.h"
#include "provider.h"
#include "report.h"
#include "sanitize.h"
#include "strbuf.h"
#include "xalloc.h"

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

static const char *const required_providers[] = { "cloudflare", "godaddy", "route53" };

size_t
report_fix_providers(const struct caa_plan_info *pi, const struct report_opts *o,
		     const struct provider **out, size_t max)
{
	size_t n = 0;
	const struct provider *zone = provider_get("zonefile");
	if (o->provider && strcmp(o->provider, "all")) {
		const struct provider *p = provider_get(o->provider);
		if (p && n < max)
			out[n++] = p;
	} else {
		if (pi->provider && n < max)
			out[n++] = pi->provider;
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

void
report_each_fix(const struct caa_plan_info *pi, const struct provider *const *list, size_t n,
		report_fix_visit visit, void *ctx)
{
	for (size_t i = 0; i < n; i++) {
		const char *const *formats;
		size_t nf = provider_formats(list[i], &formats);
		for (size_t k = 0; k < nf; k++) {
			struct strbuf sb;
			char err[256] = "";
			sb_init(&sb);
			bool ok = provider_render(list[i], formats[k], &pi->plan, &sb, err, sizeof err) == 0;
			visit(ctx, list[i], formats[k], ok ? sb.buf : NULL, err);
			sb_free(&sb);
		}
	}
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

static cJSON *
fixes_json(const struct caa_report *rep, const struct finding *f, const struct report_opts *o)
{
	cJSON *arr = cJSON_CreateArray();
	if (f->plan < 0)
		return arr;
	const struct caa_plan_info *pi = &rep->plans[f->plan];
	const struct provider *list[16];
	size_t n = report_fix_providers(pi, o, list, 16);
	report_each_fix(pi, list, n, add_fix_json, arr);
	return arr;
}

static cJSON *
finding_json(const struct caa_report *rep, const struct finding *f, const struct report_opts *o)
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
	cJSON_AddItemToObject(j, "fixes", fixes_json(rep, f, o));
	return j;
}

static void
add_plan_fields(cJSON *check, const struct caa_report *rep, const struct caa_target *t)
{
	const struct caa_plan_info *pi = NULL;
	for (size_t i = 0; i < t->n_findings && !pi; i++)
		if (t->findings[i].plan >= 0)
			pi = &rep->plans[t->findings[i].plan];
	if (!pi)
		return;
	cJSON_AddItemToObject(check, "zone", jstr(pi->plan.zone));
	cJSON_AddItemToObject(check, "provider", pi->provider ? jstr(provider_id(pi->provider)) : cJSON_CreateNull());
	cJSON_AddBoolToObject(check, "provider_detected", pi->detected);
	cJSON *ns = cJSON_CreateArray();
	for (size_t i = 0; i < pi->n_ns; i++)
		cJSON_AddItemToArray(ns, jstr(pi->ns[i]));
	cJSON_AddItemToObject(check, "name_servers", ns);
}

char *
report_json(const struct caa_report *rep, const struct report_opts *o)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "schema", 1);
	cJSON_AddItemToObject(root, "resolver", jstr(rep->resolver));
	cJSON *targets = cJSON_AddArrayToObject(root, "targets");
	for (size_t i = 0; i < rep->n_targets; i++) {
		const struct caa_target *t = &rep->targets[i];
		cJSON *jt = cJSON_CreateObject();
		cJSON_AddItemToObject(jt, "name", jstr(t->name));
		cJSON *checks = cJSON_AddArrayToObject(jt, "checks");
		cJSON *c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "check", "caa");
		cJSON_AddStringToObject(c, "verdict", caa_verdict_name(t->verdict));
		cJSON_AddItemToObject(c, "relevant_at", jstr(t->relevant_at));
		if (t->cache_ttl >= 0)
			cJSON_AddNumberToObject(c, "cache_ttl", (double)t->cache_ttl);
		else
			cJSON_AddNullToObject(c, "cache_ttl");
		add_plan_fields(c, rep, t);
		cJSON *fs = cJSON_AddArrayToObject(c, "findings");
		for (size_t k = 0; k < t->n_findings; k++)
			cJSON_AddItemToArray(fs, finding_json(rep, &t->findings[k], o));
		cJSON_AddItemToArray(checks, c);
		cJSON_AddItemToArray(targets, jt);
	}
	cJSON *stats = cJSON_AddObjectToObject(root, "stats");
	cJSON_AddNumberToObject(stats, "queries", rep->queries);
	cJSON_AddNumberToObject(stats, "max_in_flight", rep->max_in_flight);
	cJSON_AddNumberToObject(stats, "elapsed_ms", (double)rep->elapsed_ms);
	char *out = cJSON_Print(root);
	cJSON_Delete(root);
	char *copy = xstrdup(out ? out : "{}");
	cJSON_free(out);
	return copy;
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
