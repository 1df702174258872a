#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "provider.h"
#include "report.h"
#include "sanitize.h"
#include "strbuf.h"
#include "xalloc.h"

/* Longest value shown in text; JSON carries more. */
#define TEXT_VALUE_MAX 400

enum tone { T_PLAIN, T_BAD, T_WARN, T_GOOD, T_DIM, T_BOLD };

static const char *const tone_sgr[] = { "", "\033[1;31m", "\033[33m", "\033[32m", "\033[2m", "\033[1m" };

static void
put(FILE *out, const struct report_opts *o, enum tone tone, const char *s, size_t max)
{
	char *clean = san_str(s, max, o->utf8 ? 0 : SAN_ASCII);
	if (o->color && tone != T_PLAIN)
		fprintf(out, "%s%s\033[0m", tone_sgr[tone], clean);
	else
		fputs(clean, out);
	free(clean);
}

static enum tone
severity_tone(enum severity s)
{
	return s == SEV_ERROR ? T_BAD : s == SEV_WARNING ? T_WARN : T_DIM;
}

static enum tone
verdict_tone(enum caa_verdict v)
{
	return v == CAA_V_PERMIT ? T_GOOD : T_BAD;
}

static const char *
verdict_label(enum caa_verdict v)
{
	/* TRANSLATORS: verdict column, keep within 13 characters */
	return v == CAA_V_PERMIT ? _("PERMIT") : v == CAA_V_DENY ? _("DENY") : _("LOOKUP FAILED");
}

/* Was this evidence line already printed for an earlier finding of t? */
static bool
shown_before(const struct caa_target *t, size_t fi, const char *line)
{
	for (size_t i = 0; i < fi; i++)
		for (size_t e = 0; e < t->findings[i].n_evidence; e++)
			if (!strcmp(t->findings[i].evidence[e], line))
				return true;
	return false;
}

static void
target_text(FILE *out, const struct caa_target *t, size_t width, const struct report_opts *o)
{
	size_t len = strlen(t->name);
	put(out, o, T_BOLD, t->name, TEXT_VALUE_MAX);
	fprintf(out, "%*s  CAA  ", len < width ? (int)(width - len) : 0, "");
	put(out, o, verdict_tone(t->verdict), verdict_label(t->verdict), 0);
	if (t->relevant_at) {
		struct strbuf sb;
		sb_init(&sb);
		sb_addf(&sb, _("decided at %s"), t->relevant_at);
		fputs("  ", out);
		put(out, o, T_PLAIN, sb.buf, TEXT_VALUE_MAX);
		sb_free(&sb);
	}
	fputc('\n', out);
	for (size_t i = 0; i < t->n_findings; i++) {
		const struct finding *f = &t->findings[i];
		fputs("  ", out);
		put(out, o, severity_tone(f->severity), severity_name(f->severity), 0);
		fprintf(out, "%*s", (int)(8 - strlen(severity_name(f->severity))), "");
		put(out, o, T_BOLD, finding_code_name(f->code), 0);
		fputc('\n', out);
		fputs("          ", out);
		put(out, o, T_PLAIN, f->message, 4 * TEXT_VALUE_MAX);
		fputc('\n', out);
		for (size_t e = 0; e < f->n_evidence; e++) {
			if (shown_before(t, i, f->evidence[e]))
				continue;
			fputs("          ", out);
			put(out, o, f->evidence[e][0] == ';' ? T_DIM : T_PLAIN, f->evidence[e], TEXT_VALUE_MAX);
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
		put(out, o, T_PLAIN, line, 8 * TEXT_VALUE_MAX);
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
	put(c->out, c->o, T_BOLD, provider_title(p), 0);
	fprintf(c->out, " - %s\n", format);
	indent_block(c->out, c->o, text ? text : err);
}

static void
plan_text(FILE *out, const struct caa_plan_info *pi, const struct report_opts *o)
{
	struct strbuf head;
	sb_init(&head);
	sb_addf(&head, _("Fix: change the CAA records at %s"), pi->owner);
	fputc('\n', out);
	put(out, o, T_BOLD, head.buf, TEXT_VALUE_MAX);
	fputc('\n', out);
	sb_free(&head);
	if (pi->plan.zone) {
		fprintf(out, "  %s ", _("zone"));
		put(out, o, T_PLAIN, pi->plan.zone, TEXT_VALUE_MAX);
	}
	if (pi->provider) {
		fprintf(out, ", %s %s", pi->detected ? _("detected provider") : _("provider"),
			provider_title(pi->provider));
		if (pi->detected && pi->n_ns) {
			fputs(" (", out);
			put(out, o, T_PLAIN, pi->ns[0], TEXT_VALUE_MAX);
			fputs(")", out);
		}
	} else if (pi->n_ns) {
		fprintf(out, ", %s ", _("name servers"));
		put(out, o, T_PLAIN, pi->ns[0], TEXT_VALUE_MAX);
		fprintf(out, " %s", pi->ns_mixed ? _("(several providers)") : _("(provider not recognised)"));
	}

	fputc('\n', out);
	if (pi->foreign)
		fprintf(out, "  %s\n", _("This name is an alias target, in a zone that may be run by someone else."));
	const struct provider *list[16];
	struct report_opts text_o = *o;
	size_t n;
	if (!o->provider && !pi->provider) {
		/* Unknown provider: the zone-file line is what everyone can use. */
		list[0] = provider_get("zonefile");
		n = list[0] ? 1 : 0;
	} else if (!o->provider) {
		/* The detected provider; the generic zone-file lines only when
		 * its own rendering has none. */
		list[0] = pi->provider;
		list[1] = provider_get("zonefile");
		n = (list[1] && list[1] != list[0] && !provider_has_format(list[0], "zone")) ? 2 : 1;
	} else {
		n = report_fix_providers(pi, &text_o, list, 16);
	}
	struct fix_text_ctx ctx = { out, o };
	report_each_fix(pi, list, n, print_fix, &ctx);
	if (!o->provider)
		fprintf(out, "  %s\n", _("Other providers: --provider ID (cloudflare, godaddy, route53, zonefile, ...), or --provider all."));
}

void
report_text(FILE *out, const struct caa_report *rep, const struct report_opts *o)
{
	size_t width = 0;
	for (size_t i = 0; i < rep->n_targets; i++)
		if (strlen(rep->targets[i].name) > width && strlen(rep->targets[i].name) < 60)
			width = strlen(rep->targets[i].name);
	for (size_t i = 0; i < rep->n_targets; i++) {
		if (i)
			fputc('\n', out);
		target_text(out, &rep->targets[i], width, o);
	}
	for (size_t p = 0; p < rep->n_plans; p++)
		if (!rep->plans[p].unsound)
			plan_text(out, &rep->plans[p], o);
	struct strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, ngettext("%d DNS query via %s in %lld ms", "%d DNS queries via %s in %lld ms",
			      (unsigned long)rep->queries),
		rep->queries, rep->resolver, (long long)rep->elapsed_ms);
	fputc('\n', out);
	put(out, o, T_DIM, sb.buf, TEXT_VALUE_MAX);
	fputc('\n', out);
	sb_free(&sb);
}
