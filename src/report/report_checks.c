/* What only one check shows, in JSON and in text: a table by check id
 * (report_int.h). A new check adds its pair of functions here. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/caa/caa_check.h"
#include "checks/cname/cname_check.h"
#include "checks/email/email_check.h"
#include "core/i18n.h"
#include "core/strbuf.h"
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
		subject_gap(out, started);
		size_t len = strlen(t->name);
		report_put(out, o, T_BOLD, t->name, TEXT_VALUE_MAX);
		fprintf(out, "%*s  CAA  ", len < width ? (int)(width - len) : 0, "");
		report_put(out, o, subject_tone(&sub), sub.label, 0);
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
		subject_gap(out, started);
		report_put(out, o, T_BOLD, t->domain, TEXT_VALUE_MAX);
		fputs("  EMAIL  ", out);
		report_put(out, o, subject_tone(&sub), sub.label, 0);
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
