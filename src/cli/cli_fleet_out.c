/* What a fleet scan prints as it goes: each entry when it finishes (a text
 * line per name, or an NDJSON object), the progress on a terminal's
 * stderr, and the summary at the end (cli_fleet.h). Nothing is kept of an
 * entry once it is printed but the counts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_fleet.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strbuf.h"

#define PROGRESS_EVERY_MS 100
#define BAR_WIDTH 24

void
fleet_out_init(struct fleet_out *o, const struct check_args *a, const char *input)
{
	memset(o, 0, sizeof *o);
	o->json = a->json;
	o->ro = cli_report_opts(a);
	o->ro.own_provider = true;
	o->fail_on = a->aws.fail_on;
	o->sum.input = input;
	o->progress = isatty(STDERR_FILENO);
}

/* The progress line goes before anything else is written to a terminal. */
static void
progress_clear(struct fleet_out *o)
{
	if (o->drawn)
		fputs("\r\033[K", stderr);
	o->drawn = false;
}

void
fleet_out_progress(struct fleet_out *o, bool force)
{
	if (!o->progress)
		return;
	int64_t now = loop_now_ms();
	if (!force && now - o->last_draw_ms < PROGRESS_EVERY_MS)
		return;
	o->last_draw_ms = now;
	size_t done = o->sum.entries + o->sum.bad_lines;
	struct strbuf sb;
	sb_init(&sb);
	if (o->total) {
		size_t fill = done >= o->total ? BAR_WIDTH : done * BAR_WIDTH / o->total;
		sb_addc(&sb, '[');
		for (size_t i = 0; i < BAR_WIDTH; i++)
			sb_addc(&sb, i < fill ? '#' : '.');
		sb_addf(&sb, "] %zu/%zu", done, o->total);
	} else {
		sb_addf(&sb, "%zu", done);
	}
	sb_addf(&sb, _(", %zu blocked"), o->sum.blocked);
	if (o->sum.errors)
		sb_addf(&sb, _(", %zu could not be checked"), o->sum.errors);
	fflush(stdout);
	fprintf(stderr, "\r%s\033[K", sb.buf);
	fflush(stderr);
	o->drawn = true;
	sb_free(&sb);
}

static void
emit_json(struct fleet_out *o, const char *line)
{
	progress_clear(o);
	fputs(line, stdout);
	fputc('\n', stdout);
}

void
fleet_out_names(struct fleet_out *o, const struct run_report *run, size_t line)
{
	for (size_t i = 0; i < run->n_names; i++) {
		o->sum.entries++;
		/* RESOLVER_FAILED: the name could not be checked. */
		if (diagnosis_resolver_failed(run->diag))
			o->sum.errors++;
		else if (report_name_blocks(run, i))
			o->sum.blocked++;
		else if (report_name_fails(run, i, o->fail_on))
			o->warned++;
		if (o->json) {
			emit_json(o, report_name_ndjson(run, i, line, &o->ro));
		} else {
			progress_clear(o);
			report_name_line_text(stdout, run, i, NULL, &o->ro);
		}
	}
	fleet_out_progress(o, false);
}

void
fleet_out_cert(struct fleet_out *o, const struct run_report *run, size_t line, const char *file)
{
	o->sum.entries++;
	if (diagnosis_resolver_failed(run->diag))
		o->sum.errors++;
	else if (report_run_exit(run))
		o->sum.blocked++;
	else if (report_run_exit_on(run, o->fail_on))
		o->warned++;
	if (o->json) {
		emit_json(o, report_cert_ndjson(run, line, file, &o->ro));
	} else {
		progress_clear(o);
		for (size_t i = 0; i < run->n_names; i++)
			report_name_line_text(stdout, run, i, file, &o->ro);
	}
	fleet_out_progress(o, false);
}

void
fleet_out_error(struct fleet_out *o, const char *type, size_t line, const char *value, const char *why)
{
	o->sum.entries++;
	o->sum.errors++;
	if (o->json) {
		emit_json(o, report_entry_error_ndjson(type, line, value, why));
	} else {
		progress_clear(o);
		report_error_line_text(stdout, value, why, &o->ro);
	}
	fleet_out_progress(o, false);
}

void
fleet_out_bad_line(struct fleet_out *o, size_t line, const char *input, const char *why)
{
	o->sum.bad_lines++;
	progress_clear(o);
	char *shown = san_str(o->sum.input, 200, SAN_ASCII);
	fprintf(stderr, _("acm-doctor: %s, line %zu: %s\n"), shown, line, why);
	free(shown);
	if (o->json)
		emit_json(o, report_entry_error_ndjson("error", line, input, why));
	fleet_out_progress(o, false);
}

int
fleet_out_summary(struct fleet_out *o)
{
	struct fleet_summary *s = &o->sum;
	s->exit_code = (s->errors || s->bad_lines || s->resolver_dead || s->input_failed) ? EXIT_USAGE
		       : s->blocked || o->warned ? EXIT_BLOCKED : EXIT_OK;
	progress_clear(o);
	if (s->resolver_dead) {
		char *shown = san_str(s->resolver ? s->resolver : "?", 200, SAN_ASCII);
		if (s->resolver_failed)
			fprintf(stderr, _("acm-doctor: RESOLVER_FAILED: the resolver %s %s; stopped after line %zu\n"),
				shown, s->resolver_failed, s->stopped_at_line);
		else
			fprintf(stderr, _("acm-doctor: the resolver %s stopped answering (%d queries in a row got nothing back); stopped after line %zu\n"),
				shown, s->dead_after, s->stopped_at_line);
		free(shown);
	}
	if (o->json) {
		emit_json(o, report_summary_ndjson(s));
	} else {
		report_summary_text(stdout, s, &o->ro);
	}
	fflush(stdout);
	return s->exit_code;
}
