/* A fleet scan's output (report.h): an NDJSON object or a text line per
 * entry as it finishes, and the summary. Read through the check tables
 * like a single run: a new check shows up here without a change. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "report/report_int.h"

/* One line, in a buffer kept from line to line: cJSON's unformatted
 * output has no newline in it. The tree was made in the arena
 * (entry_head began it), which forgets it after printing. */
static struct strbuf line_buf;

static void
free_line_buf(void)
{
	sb_free(&line_buf);
}

static const char *
print_line(cJSON *root)
{
	if (!line_buf.buf) {
		sb_init(&line_buf);
		atexit(free_line_buf);
	}
	const char *text = report_json_line(&line_buf, root);
	report_json_arena_end();
	return text;
}

static cJSON *
entry_head(const char *type, size_t line)
{
	report_json_arena_begin();
	cJSON *root = cJSON_CreateObject();
	report_json_int(root, "schema", 1);
	cJSON_AddStringToObject(root, "type", type);
	report_json_int(root, "line", (long long)line);
	return root;
}

const char *
report_name_ndjson(const struct run_report *r, size_t i, size_t line, const struct report_opts *o)
{
	cJSON *root = entry_head("name", line);
	cJSON *t = report_target_json(r, i, o);
	/* The target's fields, moved after the head (t itself goes with
	 * the arena). */
	while (t->child) {
		cJSON *item = cJSON_DetachItemViaPointer(t, t->child);
		cJSON_AddItemToObject(root, item->string, item);
	}
	/* As in one check's JSON: RESOLVER_FAILED is about the run, not a check. */
	report_run_findings_json(root, r, o);
	struct check_stats st;
	diagnosis_stats(r->diag, &st);
	report_json_stats(root, &st);
	return print_line(root);
}

const char *
report_cert_ndjson(const struct run_report *r, size_t line, const char *file, const struct report_opts *o)
{
	cJSON *root = entry_head("certificate", line);
	cJSON_AddItemToObject(root, "file", report_jstr(file));
	report_run_fields(root, r, o);
	return print_line(root);
}

const char *
report_entry_error_ndjson(const char *type, size_t line, const char *value, const char *why)
{
	cJSON *root = entry_head(type, line);
	bool name = !strcmp(type, "name"), cert = !strcmp(type, "certificate");
	cJSON_AddItemToObject(root, name ? "name" : cert ? "file" : "input", report_jstr(value));
	cJSON_AddItemToObject(root, "error", report_jstr(why));
	if (name || cert)
		cJSON_AddArrayToObject(root, name ? "checks" : "targets");
	return print_line(root);
}

const char *
report_summary_ndjson(const struct fleet_summary *s)
{
	report_json_arena_begin();
	cJSON *root = cJSON_CreateObject();
	report_json_int(root, "schema", 1);
	cJSON_AddStringToObject(root, "type", "summary");
	cJSON_AddItemToObject(root, "input", report_jstr(s->input));
	cJSON_AddItemToObject(root, "resolver", report_jstr(s->resolver));
	report_json_int(root, "lines", (long long)s->lines);
	report_json_int(root, "checked", (long long)(s->entries - s->errors));
	report_json_int(root, "blocked", (long long)s->blocked);
	report_json_int(root, "errors", (long long)s->errors);
	report_json_int(root, "bad_lines", (long long)s->bad_lines);
	if (s->not_checked_unknown)
		cJSON_AddNullToObject(root, "not_checked");
	else
		report_json_int(root, "not_checked", (long long)s->not_checked);
	if (s->resolver_dead) {
		cJSON *st = cJSON_AddObjectToObject(root, "stopped");
		report_json_int(st, "line", (long long)s->stopped_at_line);
		cJSON_AddStringToObject(st, "reason", s->resolver_failed ? "resolver-failed" : "resolver-not-answering");
	} else {
		cJSON_AddNullToObject(root, "stopped");
	}
	report_json_int(root, "exit", s->exit_code);
	cJSON *stats = cJSON_AddObjectToObject(root, "stats");
	report_json_int(stats, "queries", s->queries);
	report_json_int(stats, "asked", s->asked);
	report_json_int(stats, "shared", s->shared);
	report_json_int(stats, "probes", s->probes);
	report_json_int(stats, "answered", s->answered);
	report_json_int(stats, "max_in_flight", s->max_in_flight);
	report_json_int(stats, "parallel", s->parallel);
	report_json_int(stats, "elapsed_ms", (long long)s->elapsed_ms);
	return print_line(root);
}

void
report_summary_text(FILE *out, const struct fleet_summary *s, const struct report_opts *o)
{
	struct strbuf sb;
	sb_init(&sb);
	size_t checked = s->entries - s->errors;
	sb_addf(&sb, ngettext("%zu checked", "%zu checked", checked), checked);
	sb_addf(&sb, _(", %zu blocked"), s->blocked);
	if (s->errors)
		sb_addf(&sb, _(", %zu could not be checked"), s->errors);
	if (s->bad_lines)
		sb_addf(&sb, ngettext(", %zu bad line", ", %zu bad lines", s->bad_lines), s->bad_lines);
	if (s->not_checked_unknown)
		sb_add(&sb, _(", the rest of the list not read"));
	else if (s->not_checked)
		sb_addf(&sb, _(", %zu not checked"), s->not_checked);
	sb_addf(&sb, ngettext("; %d DNS query via %s in %lld ms", "; %d DNS queries via %s in %lld ms",
			      (unsigned long)s->queries),
		s->queries, s->resolver ? s->resolver : "?", (long long)s->elapsed_ms);
	sb_addf(&sb, _(" (at most %d at once)"), s->max_in_flight);
	fputc('\n', out);
	report_put(out, o, T_DIM, sb.buf, TEXT_VALUE_MAX);
	fputc('\n', out);
	sb_free(&sb);
}

bool
report_name_blocks(const struct run_report *r, size_t i)
{
	return report_name_fails(r, i, SEV_ERROR);
}

bool
report_name_fails(const struct run_report *r, size_t i, enum severity fail_on)
{
	for (int c = 0; c < CHECK__COUNT; c++) {
		struct check_subject sub;
		if (diagnosis_subject_about(r->diag, (enum check_id)c, r->names[i], &sub) < 0)
			continue;
		if (sub.blocks)
			return true;
		for (size_t k = 0; fail_on == SEV_WARNING && k < sub.n_findings; k++)
			if (sub.findings[k].severity <= SEV_WARNING)
				return true;
	}
	return false;
}

static void
put_padded(FILE *out, const struct report_opts *o, enum tone tone, const char *s, size_t width)
{
	report_put(out, o, tone, s, TEXT_VALUE_MAX);
	size_t len = strlen(s);
	fprintf(out, "%*s", len < width ? (int)(width - len) : 0, "");
}

static enum tone
verdict_tone(const struct check_subject *s)
{
	return s->tone == SEV_INFO ? T_GOOD : s->tone == SEV_WARNING ? T_WARN : T_BAD;
}

void
report_name_line_text(FILE *out, const struct run_report *r, size_t i, const char *prefix,
		      const struct report_opts *o)
{
	if (prefix) {
		report_put(out, o, T_DIM, prefix, TEXT_VALUE_MAX);
		fputs("  ", out);
	}
	put_padded(out, o, T_BOLD, r->names[i], 30);
	const struct finding *worst = NULL;
	size_t shown = 0;
	for (int c = 0; c < CHECK__COUNT; c++) {
		struct check_subject sub;
		char id[32];
		if (diagnosis_subject_about(r->diag, (enum check_id)c, r->names[i], &sub) < 0)
			continue;
		fprintf(out, "%s  %s ", shown++ ? "," : "", check_label(check_get(c), id, sizeof id));
		report_put(out, o, verdict_tone(&sub), sub.label, 0);
		if (sub.n_findings && sub.findings[0].severity != SEV_INFO &&
		    (!worst || sub.findings[0].severity < worst->severity))
			worst = &sub.findings[0];
	}
	const struct finding *rf = diagnosis_resolver(r->diag);
	if (rf) {
		struct check_subject sub;
		diagnosis_subject(r->diag, &(struct diagnosis_item){ DIAGNOSIS_RESOLVER, 0, 0 }, &sub);
		fputs("  ", out);
		report_put(out, o, T_BAD, sub.label, 0);
		worst = rf;
	} else if (!shown) {
		fprintf(out, "  %s", _("nothing to check"));
	}
	if (worst) {
		fputs("  ", out);
		report_put(out, o, report_severity_tone(worst->severity), finding_code_name(worst->code), 0);
	}
	fputc('\n', out);
}

void
report_error_line_text(FILE *out, const char *what, const char *why, const struct report_opts *o)
{
	put_padded(out, o, T_BOLD, what, 30);
	fputs("  ", out);
	report_put(out, o, T_BAD, _("error:"), 0);
	fputc(' ', out);
	report_put(out, o, T_PLAIN, why, TEXT_VALUE_MAX);
	fputc('\n', out);
}
