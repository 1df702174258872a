#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "fix/provider.h"
#include "report/report_int.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

static const char *const tone_sgr[] = { "", "\033[1;31m", "\033[33m", "\033[32m", "\033[2m", "\033[1m" };

void
report_put(FILE *out, const struct report_opts *o, enum tone tone, const char *s, size_t max)
{
	char *clean = san_str(s, max, o->utf8 ? 0 : SAN_ASCII);
	if (o->color && tone != T_PLAIN)
		fprintf(out, "%s%s\033[0m", tone_sgr[tone], clean);
	else
		fputs(clean, out);
	free(clean);
}

enum tone
report_severity_tone(enum severity s)
{
	return s == SEV_ERROR ? T_BAD : s == SEV_WARNING ? T_WARN : T_DIM;
}

/* Was this evidence line already printed for an earlier finding of t? */
static bool
shown_before(const struct finding *fs, size_t fi, const char *line)
{
	for (size_t i = 0; i < fi; i++)
		for (size_t e = 0; e < fs[i].n_evidence; e++)
			if (!strcmp(fs[i].evidence[e], line))
				return true;
	return false;
}

/* Findings, worst first as given, each with its evidence; a line already
 * shown for an earlier finding of the same list is not repeated. */
void
report_findings_text(FILE *out, const struct finding *fs, size_t n, const struct report_opts *o)
{
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = &fs[i];
		fputs("  ", out);
		report_put(out, o, report_severity_tone(f->severity), severity_name(f->severity), 0);
		fprintf(out, "%*s", (int)(8 - strlen(severity_name(f->severity))), "");
		report_put(out, o, T_BOLD, finding_code_name(f->code), 0);
		fputc('\n', out);
		fputs("          ", out);
		report_put(out, o, T_PLAIN, f->message, 4 * TEXT_VALUE_MAX);
		fputc('\n', out);
		for (size_t e = 0; e < f->n_evidence; e++) {
			if (shown_before(fs, i, f->evidence[e]))
				continue;
			fputs("          ", out);
			report_put(out, o, f->evidence[e][0] == ';' ? T_DIM : T_PLAIN, f->evidence[e], TEXT_VALUE_MAX);
			fputc('\n', out);
		}
	}
}

static void
indent_block(FILE *out, const struct report_opts *o, const char *text)
{
	const char *p = text;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char *line = xstrndup(p, len);
		fputs("      ", out);
		report_put(out, o, T_PLAIN, line, 8 * TEXT_VALUE_MAX);
		fputc('\n', out);
		free(line);
		p += len + (eol ? 1 : 0);
	}
}

struct fix_text_ctx {
	FILE *out;
	const struct report_opts *o;
};

static void
print_fix(void *arg, const struct provider *p, const char *format, const char *text, const char *err)
{
	struct fix_text_ctx *c = arg;
	fputs("  ", c->out);
	report_put(c->out, c->o, T_BOLD, provider_title(p), 0);
	fprintf(c->out, " - %s\n", format);
	indent_block(c->out, c->o, text ? text : err);
}

/* "zone x.test., Cloudflare (detected from ada.ns.cloudflare.com)" or
 * "name servers ns.x.test. (provider not recognised)". */
static void
add_who_runs(struct strbuf *sb, const struct plan_view *v)
{
	if (v->plan && v->plan->zone)
		sb_addf(sb, "%s %s", _("zone"), v->plan->zone);
	if (v->provider) {
		sb_addf(sb, "%s%s %s", sb->len ? ", " : "", v->detected ? _("detected provider") : _("provider"),
			provider_title(v->provider));
		if (v->detected && v->n_ns)
			sb_addf(sb, " (%s)", v->ns[0]);
	} else if (v->n_ns) {
		sb_addf(sb, "%s%s ", sb->len ? ", " : "", _("name servers"));
		for (size_t i = 0; i < v->n_ns && i < 4; i++)
			sb_addf(sb, "%s%s", i ? ", " : "", v->ns[i]);
		sb_addf(sb, " %s", v->ns_mixed ? _("(several providers)") : _("(provider not recognised)"));
	}
}

char *
report_advice_text(const struct plan_view *v)
{
	struct strbuf sb;
	sb_init_limit(&sb, 64 * 1024);
	sb_add(&sb, v->title ? v->title : _("Fix"));
	sb_addc(&sb, '\n');
	struct strbuf who;
	sb_init_limit(&who, 4096);
	add_who_runs(&who, v);
	if (who.len)
		sb_addf(&sb, "%s\n", who.buf);
	sb_free(&who);
	for (size_t i = 0; i < v->n_servers; i++) {
		const struct server_view *s = &v->servers[i];
		sb_addf(&sb, "  %s %s%s%s%s: %s\n", s->fails ? "x" : "+", s->names && *s->names ? s->names : s->addr,
			s->names && *s->names ? " (" : "", s->names && *s->names ? s->addr : "",
			s->names && *s->names ? ")" : "", s->said ? s->said : "?");
	}
	sb_add(&sb, v->advice ? v->advice : "");
	return sb_steal(&sb);
}

static void
plan_text(FILE *out, const struct plan_view *v, const struct report_opts *o)
{
	if (v->advice) {
		char *text = report_advice_text(v);
		const char *nl = strchr(text, '\n');
		fputc('\n', out);
		char *head = xstrndup(text, nl ? (size_t)(nl - text) : strlen(text));
		report_put(out, o, T_BOLD, head, TEXT_VALUE_MAX);
		fputc('\n', out);
		free(head);
		if (nl)
			indent_block(out, o, nl + 1);
		free(text);
		return;
	}
	struct strbuf head;
	sb_init(&head);
	sb_addf(&head, _("Fix: change the %s records at %s"), v->type, v->owner ? v->owner : _("(zone unknown)"));
	fputc('\n', out);
	report_put(out, o, T_BOLD, head.buf, TEXT_VALUE_MAX);
	fputc('\n', out);
	sb_free(&head);
	if (v->plan->zone) {
		fprintf(out, "  %s ", _("zone"));
		report_put(out, o, T_PLAIN, v->plan->zone, TEXT_VALUE_MAX);
	}
	if (v->provider) {
		fprintf(out, ", %s %s", v->detected ? _("detected provider") : _("provider"),
			provider_title(v->provider));
		if (v->detected && v->n_ns) {
			fputs(" (", out);
			report_put(out, o, T_PLAIN, v->ns[0], TEXT_VALUE_MAX);
			fputs(")", out);
		}
	} else if (v->n_ns) {
		fprintf(out, ", %s ", _("name servers"));
		report_put(out, o, T_PLAIN, v->ns[0], TEXT_VALUE_MAX);
		fprintf(out, " %s", v->ns_mixed ? _("(several providers)") : _("(provider not recognised)"));
	}
	fputc('\n', out);
	if (v->foreign)
		fprintf(out, "  %s\n", _("This name is an alias target, in a zone that may be run by someone else."));
	const struct provider *list[16];
	size_t n;
	if (!o->provider && !v->provider) {
		/* Unknown provider: the zone-file line is what everyone can use. */
		list[0] = provider_get("zonefile");
		n = list[0] ? 1 : 0;
	} else if (!o->provider) {
		/* The detected provider; the generic zone-file lines only when
		 * its own rendering has none. */
		list[0] = v->provider;
		list[1] = provider_get("zonefile");
		n = (list[1] && list[1] != list[0] && !provider_has_format(list[0], "zone")) ? 2 : 1;
	} else {
		n = report_view_providers(v, o, list, 16);
	}
	struct fix_text_ctx ctx = { out, o };
	report_view_each_fix(v, list, n, print_fix, &ctx);
	if (!o->provider)
		fprintf(out, "  %s\n", _("Other providers: --provider ID (cloudflare, godaddy, route53, zonefile, ...), or --provider all."));
}

static const char *
cert_status_line(const struct acm_cert *c)
{
	return c->failure_reason ? c->failure_reason : "";
}

static void
cert_text(FILE *out, const struct acm_cert *c, const struct acm_route *route, const struct report_opts *o)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, _("Certificate %s (%s): %s"), c->domain_name ? c->domain_name : "?",
		c->arn ? c->arn : _("no ARN"), c->status_text ? c->status_text : "?");
	if (*cert_status_line(c))
		sb_addf(&sb, ", %s", cert_status_line(c));
	report_put(out, o, T_BOLD, sb.buf, TEXT_VALUE_MAX);
	fputc('\n', out);
	sb_free(&sb);
	report_findings_text(out, route->findings, route->n_findings, o);
	fputc('\n', out);
}

static void
summary_text(FILE *out, const struct run_report *r, const struct report_opts *o)
{
	struct check_stats st;
	diagnosis_stats(r->diag, &st);
	struct strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, ngettext("%d DNS query via %s in %lld ms", "%d DNS queries via %s in %lld ms",
			      (unsigned long)st.queries),
		st.queries, st.resolver ? st.resolver : "?", (long long)st.elapsed_ms);
	fputc('\n', out);
	report_put(out, o, T_DIM, sb.buf, TEXT_VALUE_MAX);
	fputc('\n', out);
	sb_free(&sb);
}

/* A certificate asked for by ARN that could not be read. */
static void
unread_cert_text(FILE *out, const struct run_report *r, const struct report_opts *o)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, _("Certificate %s: could not be read from ACM"), r->arn);
	report_put(out, o, T_BOLD, sb.buf, TEXT_VALUE_MAX);
	fputc('\n', out);
	sb_free(&sb);
	report_findings_text(out, r->aws_findings, r->n_aws_findings, o);
	fputc('\n', out);
}

void
report_run_text(FILE *out, const struct run_report *r, const struct report_opts *o)
{
	if (r->cert) {
		cert_text(out, r->cert, r->route, o);
		if (r->n_aws_findings) {
			report_findings_text(out, r->aws_findings, r->n_aws_findings, o);
			fputc('\n', out);
		}
	} else if (r->arn) {
		unread_cert_text(out, r, o);
	}
	const struct finding *rf = diagnosis_resolver(r->diag);
	if (rf) {
		struct diagnosis_item it = { DIAGNOSIS_RESOLVER, 0, 0 };
		struct plan_view v;
		report_findings_text(out, rf, 1, o);
		if (diagnosis_plan(r->diag, &it, &v))
			plan_text(out, &v, o);
	}
	bool started = false;
	for (int c = 0; c < CHECK__COUNT; c++)
		if (r->diag->report[c])
			report_check_of(c)->text(out, r->diag->report[c], o, &started);
	for (int c = 0; c < CHECK__COUNT; c++) {
		const struct check_ops *ops = check_get(c);
		const void *rep = r->diag->report[c];
		for (size_t p = 0; rep && p < ops->n_plans(rep); p++) {
			struct plan_view v;
			if (ops->plan(rep, p, &v))
				plan_text(out, &v, o);
		}
	}
	if (r->cert || !r->arn)
		summary_text(out, r, o);
	if (r->aws)
		report_aws_text(out, r->aws, o);
}
