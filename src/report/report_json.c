#include "config.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/dns_wire.h"
#include "fix/provider.h"
#include "report/report_int.h"
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
	size_t n = strlen(s);
	if (n <= 64 * 1024 && san_is_plain(s, n, flags))
		return cJSON_CreateString(s);
	char *clean = san_str(s, 64 * 1024, flags);
	cJSON *j = cJSON_CreateString(clean);
	free(clean);
	return j;
}

cJSON *
report_jstr(const char *s)
{
	return jstr_flags(s, 0);
}

/* An integer as cJSON prints it ("%1.15g" for a whole number is its
 * digits), without the sprintf and sscanf round trip cJSON does for every
 * number: a fleet scan prints six per name. */
cJSON *
report_json_int(cJSON *obj, const char *key, long long v)
{
	char buf[STR_INT_MAX];
	return cJSON_AddRawToObject(obj, key, str_int(buf, v));
}

cJSON *
report_jstrs(char *const *v, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, report_jstr(v[i]));
	return arr;
}

/* Plans, whichever check made them ----------------------------------- */

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
	} else if (o->own_provider && !o->provider) {
		if (v->provider && n < max)
			out[n++] = v->provider;
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

struct each_fix {
	const struct provider *p;
	report_fix_visit visit;
	void *ctx;
};

static void
each_format(void *arg, const char *format, const char *text, const char *err)
{
	struct each_fix *e = arg;
	e->visit(e->ctx, e->p, format, text, err);
}

void
report_view_each_fix(const struct plan_view *v, const struct provider *const *list, size_t n,
		     report_fix_visit visit, void *ctx)
{
	for (size_t i = 0; i < n; i++) {
		struct each_fix e = { list[i], visit, ctx };
		provider_render_each(list[i], v->plan, each_format, &e);
	}
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
		cJSON_AddItemToObject(o, "name", report_jstr(r->name));
		cJSON_AddStringToObject(o, "type", dns_type_name(r->type));
		report_json_int(o, "ttl", r->ttl);
		cJSON_AddItemToObject(o, "data", report_jstr(r->data));
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
		cJSON_AddItemToObject(fx, "error", report_jstr(err));
	cJSON_AddItemToArray((cJSON *)ctx, fx);
}

/* A fix that is no record change: one entry, in no provider's format. */
static void
add_advice_json(cJSON *fixes, const struct plan_view *v)
{
	cJSON *fx = cJSON_CreateObject();
	cJSON_AddItemToObject(fx, "provider", v->provider ? report_jstr(provider_id(v->provider)) : cJSON_CreateNull());
	cJSON_AddStringToObject(fx, "format", "advice");
	char *text = report_advice_text(v);
	cJSON_AddItemToObject(fx, "text", jstr_flags(text, SAN_MULTILINE));
	free(text);
	cJSON_AddItemToArray(fixes, fx);
}

/* plan: the view of the finding's plan, or NULL when it has none. */
static cJSON *
finding_json(const struct finding *f, const struct plan_view *plan, const struct report_opts *o)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "code", finding_code_name(f->code));
	cJSON_AddStringToObject(j, "severity", severity_name(f->severity));
	cJSON_AddItemToObject(j, "name", report_jstr(f->name));
	cJSON_AddItemToObject(j, "message", report_jstr(f->message));
	cJSON *ev = cJSON_CreateArray();
	for (size_t i = 0; i < f->n_evidence; i++)
		cJSON_AddItemToArray(ev, report_jstr(f->evidence[i]));
	cJSON_AddItemToObject(j, "evidence", ev);
	cJSON_AddItemToObject(j, "records", records_json(f));
	cJSON *fixes = cJSON_CreateArray();
	if (plan && plan->advice) {
		add_advice_json(fixes, plan);
	} else if (plan) {
		const struct provider *list[16];
		size_t n = report_view_providers(plan, o, list, 16);
		report_view_each_fix(plan, list, n, add_fix_json, fixes);
	}
	cJSON_AddItemToObject(j, "fixes", fixes);
	return j;
}

void
report_json_plan_fields(cJSON *check, const struct plan_view *v)
{
	cJSON_AddItemToObject(check, "zone", report_jstr(v->plan->zone));
	if (v->plan->zone_id)
		cJSON_AddItemToObject(check, "zone_id", report_jstr(v->plan->zone_id));
	cJSON_AddItemToObject(check, "provider", v->provider ? report_jstr(provider_id(v->provider)) : cJSON_CreateNull());
	cJSON_AddBoolToObject(check, "provider_detected", v->detected);
	cJSON_AddItemToObject(check, "name_servers", report_jstrs(v->ns, v->n_ns));
}

void
report_json_ttl(cJSON *obj, int64_t ttl)
{
	if (ttl >= 0)
		report_json_int(obj, "cache_ttl", ttl);
	else
		cJSON_AddNullToObject(obj, "cache_ttl");
}

/* Checks ---------------------------------------------------------------- */

/* One check's object for one subject: the generic fields around what only
 * that check shows. A finding that carries a plan gets its fixes. */
static cJSON *
check_json(const struct check_ops *ops, const void *rep, size_t i, const struct report_opts *o)
{
	struct check_subject sub;
	ops->subject(rep, i, &sub);
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "check", ops->name);
	cJSON_AddStringToObject(c, "verdict", sub.verdict);
	report_check_of(ops->id)->json(c, rep, i);
	cJSON *fs = cJSON_AddArrayToObject(c, "findings");
	for (size_t k = 0; k < sub.n_findings; k++) {
		const struct finding *f = &sub.findings[k];
		struct plan_view pv;
		bool with_plan = f->plan >= 0 && ops->plan(rep, (size_t)f->plan, &pv);
		cJSON_AddItemToArray(fs, finding_json(f, with_plan ? &pv : NULL, o));
	}
	return c;
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

cJSON *
report_finding_json(const struct finding *f, const struct report_opts *o)
{
	return finding_json(f, NULL, o);
}

/* A certificate asked for by ARN that could not be read: its ARN and why. */
static cJSON *
unread_cert_json(const struct run_report *r, const struct report_opts *o)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddItemToObject(j, "arn", report_jstr(r->arn));
	cJSON_AddNullToObject(j, "domain");
	cJSON_AddNullToObject(j, "status");
	cJSON_AddNullToObject(j, "failure_reason");
	cJSON *fs = cJSON_AddArrayToObject(j, "findings");
	for (size_t i = 0; i < r->n_aws_findings; i++)
		cJSON_AddItemToArray(fs, finding_json(&r->aws_findings[i], NULL, o));
	return j;
}

static cJSON *
cert_json(const struct acm_cert *c, const struct acm_route *route, const struct report_opts *o)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddItemToObject(j, "arn", report_jstr(c->arn));
	cJSON_AddItemToObject(j, "domain", report_jstr(c->domain_name));
	cJSON_AddItemToObject(j, "status", report_jstr(c->status_text));
	cJSON_AddItemToObject(j, "failure_reason", report_jstr(c->failure_reason));
	cJSON_AddItemToObject(j, "created_at", time_json(c->created_at));
	cJSON_AddItemToObject(j, "validation_deadline", time_json(route->deadline));
	cJSON_AddItemToObject(j, "in_use_by", report_jstrs(c->in_use_by, c->n_in_use_by));
	cJSON *fs = cJSON_AddArrayToObject(j, "findings");
	for (size_t i = 0; i < route->n_findings; i++)
		cJSON_AddItemToArray(fs, finding_json(&route->findings[i], NULL, o));
	return j;
}

/* The whole run ---------------------------------------------------------- */

cJSON *
report_target_json(const struct run_report *r, size_t i, const struct report_opts *o)
{
	cJSON *jt = cJSON_CreateObject();
	cJSON_AddItemToObject(jt, "name", report_jstr(r->names[i]));
	cJSON *checks = cJSON_AddArrayToObject(jt, "checks");
	for (int c = 0; c < CHECK__COUNT; c++) {
		const struct check_ops *ops = check_get(c);
		const void *rep = r->diag->report[c];
		for (size_t s = 0; rep && s < ops->n_subjects(rep); s++) {
			struct check_subject sub;
			ops->subject(rep, s, &sub);
			if (check_subject_about(&sub, r->names[i])) {
				cJSON_AddItemToArray(checks, check_json(ops, rep, s, o));
				break;
			}
		}
	}
	return jt;
}

void
report_json_stats(cJSON *obj, const struct check_stats *st)
{
	cJSON *stats = cJSON_AddObjectToObject(obj, "stats");
	report_json_int(stats, "queries", st->queries);
	report_json_int(stats, "max_in_flight", st->max_in_flight);
	report_json_int(stats, "elapsed_ms", st->elapsed_ms);
}

/* Findings about the whole run: the resolver that is not one. */
void
report_run_findings_json(cJSON *root, const struct run_report *r, const struct report_opts *o)
{
	cJSON *rf = cJSON_AddArrayToObject(root, "findings");
	for (size_t i = 0; i < r->diag->n_items; i++) {
		const struct diagnosis_item *it = &r->diag->items[i];
		struct plan_view pv;
		if (it->check != DIAGNOSIS_RESOLVER)
			continue;
		bool with_plan = diagnosis_plan(r->diag, it, &pv);
		cJSON_AddItemToArray(rf, finding_json(diagnosis_finding(r->diag, it), with_plan ? &pv : NULL, o));
	}
}

void
report_run_fields(cJSON *root, const struct run_report *r, const struct report_opts *o)
{
	struct check_stats st;
	diagnosis_stats(r->diag, &st);
	cJSON_AddItemToObject(root, "resolver", report_jstr(st.resolver));
	if (r->cert) {
		cJSON *cj = cert_json(r->cert, r->route, o);
		cJSON *fs = cJSON_GetObjectItemCaseSensitive(cj, "findings");
		for (size_t i = 0; i < r->n_aws_findings; i++)
			cJSON_AddItemToArray(fs, finding_json(&r->aws_findings[i], NULL, o));
		cJSON_AddItemToObject(root, "certificate", cj);
	} else if (r->arn) {
		cJSON_AddItemToObject(root, "certificate", unread_cert_json(r, o));
	}
	report_run_findings_json(root, r, o);
	cJSON *targets = cJSON_AddArrayToObject(root, "targets");
	for (size_t i = 0; i < r->n_names; i++)
		cJSON_AddItemToArray(targets, report_target_json(r, i, o));
	report_json_stats(root, &st);
	if (r->aws)
		cJSON_AddItemToObject(root, "aws", report_aws_json(r->aws, o));
}

cJSON *
report_run_object(const struct run_report *r, const struct report_opts *o)
{
	cJSON *root = cJSON_CreateObject();
	report_json_int(root, "schema", 1);
	report_run_fields(root, r, o);
	return root;
}

char *
report_run_json(const struct run_report *r, const struct report_opts *o)
{
	cJSON *root = report_run_object(r, o);
	char *out = cJSON_Print(root);
	cJSON_Delete(root);
	char *copy = xstrdup(out ? out : "{}");
	cJSON_free(out);
	return copy;
}

/* Is any of the findings at least as severe as fail_on? */
static bool
any_at(const struct finding *fs, size_t n, enum severity fail_on)
{
	for (size_t i = 0; i < n; i++)
		if (fs[i].severity <= fail_on)
			return true;
	return false;
}

int
report_run_exit_on(const struct run_report *r, enum severity fail_on)
{
	if (r->diag && diagnosis_resolver_failed(r->diag))
		return 2;
	if (r->route && any_at(r->route->findings, r->route->n_findings, fail_on))
		return 1;
	if (any_at(r->aws_findings, r->n_aws_findings, fail_on))
		return 1;
	for (int c = 0; c < CHECK__COUNT; c++) {
		const struct check_ops *ops = check_get(c);
		const void *rep = r->diag ? r->diag->report[c] : NULL;
		for (size_t s = 0; rep && s < ops->n_subjects(rep); s++) {
			struct check_subject sub;
			ops->subject(rep, s, &sub);
			if (sub.blocks || (fail_on == SEV_WARNING && any_at(sub.findings, sub.n_findings, fail_on)))
				return 1;
		}
	}
	return 0;
}

int
report_run_exit(const struct run_report *r)
{
	return report_run_exit_on(r, SEV_ERROR);
}

void
report_json_error(FILE *out, const char *why)
{
	cJSON *root = cJSON_CreateObject();
	report_json_int(root, "schema", 1);
	cJSON_AddItemToObject(root, "error", report_jstr(why));
	cJSON_AddArrayToObject(root, "targets");
	char *txt = cJSON_Print(root);
	if (txt)
		fprintf(out, "%s\n", txt);
	cJSON_free(txt);
	cJSON_Delete(root);
}
