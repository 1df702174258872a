/* check --names-from / --certificates-from: a list read line by line, an
 * entry per line run through the fleet driver (checks/fleet.h), each
 * printed as it finishes (cli_fleet_out.c). A file is read twice: first
 * every line is checked, so that a bad one stops the run before any
 * probe; a pipe is read as it comes, its bad lines reported in the stream. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_fleet.h"
#include "core/i18n.h"
#include "core/lines.h"
#include "core/sanitize.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "net/names.h"

#define SHOWN_BAD_LINES 10

/* One line of the list: the job's data. */
struct entry {
	size_t line;
	struct work work;
	char *file;                 /* a certificate's path, as listed */
	char *input;                /* a bad line, as read */
};

struct scan {
	const struct check_args *a;
	bool certs;
	const char *input;          /* the list: a path, or "-" */
	int fd, saved_flags;
	bool own_fd, seekable, nonblock, watching, read_failed, at_end;
	struct lines *lines;
	struct loop *loop;
	struct fleet *fleet;
	struct acm_psl *psl;
	struct fleet_out out;
	size_t last_line;           /* of the last entry taken */
};

static void
entry_free(struct entry *e)
{
	if (!e)
		return;
	work_free(&e->work);
	free(e->file);
	free(e->input);
	free(e);
}

/* A line to an entry: 1, 0 for a blank or comment line, -1 with why. */
static int
parse_line(struct scan *s, const char *line, size_t len, size_t lineno, struct entry **out,
	   char *why, size_t whylen)
{
	*out = NULL;
	if (strlen(line) != len) {
		snprintf(why, whylen, "%s", _("the line has a NUL byte"));
		return -1;
	}
	if (lines_cut(s->lines)) {
		snprintf(why, whylen, _("the line is longer than %d bytes"), LINES_MAX_LEN);
		return -1;
	}
	struct entry *e = xcalloc(1, sizeof *e);
	e->line = lineno;
	if (!s->certs) {
		char **names;
		size_t n;
		int r = names_from_line(line, CLI_MAX_NAMES, &names, &n, why, whylen);
		if (r <= 0) {
			free(e);
			return r;
		}
		work_from_names(&e->work, names, n, NULL, NULL, 0, s->a);
		strv_free(names, n);
		*out = e;
		return 1;
	}
	const char *p = line + strspn(line, " \t");
	size_t l = strlen(p);
	while (l && (p[l - 1] == ' ' || p[l - 1] == '\t'))
		l--;
	if (!l || *p == '#') {
		free(e);
		return 0;
	}
	e->file = xstrndup(p, l);
	char err[512];
	if (!strcmp(e->file, "-"))
		snprintf(err, sizeof err, "-: %s", _("standard input cannot be an entry of the list"));
	if (!strcmp(e->file, "-") ||
	    !work_from_certificate(&e->work, e->file, s->a->only, false, s->psl, err, sizeof err)) {
		/* err names the file */
		snprintf(why, whylen, "%s", err);
		entry_free(e);
		return -1;
	}
	*out = e;
	return 1;
}

/* The first pass over a file: every line checked, the entries counted;
 * false (after saying why) when a line is bad or there is nothing. */
static bool
validate(struct scan *s)
{
	const char *line;
	size_t len, lineno, bad = 0;
	enum lines_rc rc;
	char *shown = san_str(s->input, 200, SAN_ASCII);
	while ((rc = lines_next(s->lines, &line, &len, &lineno)) == LINES_LINE) {
		struct entry *e;
		char why[768] = "";
		int r = parse_line(s, line, len, lineno, &e, why, sizeof why);
		if (r > 0)
			s->out.total += s->certs ? 1 : e->work.in.n_names;
		entry_free(e);
		if (r < 0 && ++bad <= SHOWN_BAD_LINES)
			fprintf(stderr, _("acm-doctor: %s, line %zu: %s\n"), shown, lineno, why);
	}
	if (rc == LINES_ERROR)
		fprintf(stderr, _("acm-doctor: %s: %s\n"), shown, lines_error(s->lines));
	else if (bad > SHOWN_BAD_LINES)
		fprintf(stderr, _("acm-doctor: %s: %zu more bad lines\n"), shown, bad - SHOWN_BAD_LINES);
	if (rc != LINES_ERROR && bad)
		fprintf(stderr, _("acm-doctor: %s: nothing was checked; correct the lines above\n"), shown);
	else if (rc != LINES_ERROR && !s->out.total)
		fprintf(stderr, _("acm-doctor: %s: the list has nothing to check\n"), shown);
	free(shown);
	return rc != LINES_ERROR && !bad && s->out.total && lines_rewind(s->lines) == 0;
}

static void
on_readable(void *ctx, int fd, int ready)
{
	struct scan *s = ctx;
	(void)ready;
	/* Watched only while the fleet waits for a line: no busy loop while
	 * lines are there but the window is full. */
	loop_unwatch(s->loop, fd);
	s->watching = false;
	fleet_more(s->fleet);
}

static enum fleet_next
next_entry(void *ctx, struct fleet_job *job)
{
	struct scan *s = ctx;
	const char *line;
	size_t len, lineno;
	for (;;) {
		enum lines_rc rc = lines_next(s->lines, &line, &len, &lineno);
		if (rc == LINES_AGAIN) {
			s->watching = true;
			loop_watch(s->loop, s->fd, LOOP_READ, on_readable, s);
			return FLEET_WAIT;
		}
		if (rc == LINES_ERROR) {
			char *shown = san_str(s->input, 200, SAN_ASCII);
			fprintf(stderr, _("acm-doctor: %s: %s\n"), shown, lines_error(s->lines));
			free(shown);
			s->read_failed = true;
		}
		if (rc != LINES_LINE) {
			s->at_end = true;
			return FLEET_END;
		}
		struct entry *e;
		int r = parse_line(s, line, len, lineno, &e, job->error, sizeof job->error);
		if (r == 0)
			continue;
		s->last_line = lineno;
		if (r < 0) {
			e = xcalloc(1, sizeof *e);
			e->line = lineno;
			e->input = xstrdup(line);
			job->data = e;
			return FLEET_BAD;
		}
		job->data = e;
		job->in = work_input(&e->work, s->a);
		return FLEET_JOB;
	}
}

static void
report_entry(struct scan *s, struct fleet_job *job, struct entry *e)
{
	const char *type = s->certs ? "certificate" : "name";
	char why[512];
	fleet_job_why(s->fleet, job, why, sizeof why);
	if (!why[0]) {
		if (e->work.have_cert)
			acm_route_probed(&e->work.route, &e->work.cert, &job->diag);
		struct run_report run = work_report(&e->work, &job->diag);
		if (s->certs)
			fleet_out_cert(&s->out, &run, e->line, e->file);
		else
			fleet_out_names(&s->out, &run, e->line);
	} else if (s->certs) {
		fleet_out_error(&s->out, type, e->line, e->file, why);
	} else {
		for (size_t i = 0; i < e->work.in.n_names; i++)
			fleet_out_error(&s->out, type, e->line, e->work.in.names[i], why);
	}
}

static void
entry_done(void *ctx, struct fleet_job *job)
{
	struct scan *s = ctx;
	struct entry *e = job->data;
	if (e->input)
		fleet_out_bad_line(&s->out, e->line, e->input, job->error);
	else
		report_entry(s, job, e);
	if (fleet_resolver_dead(s->fleet) && !s->out.sum.resolver_dead) {
		const struct resolver_verdict *v = fleet_resolver_failed(s->fleet);
		s->out.sum.resolver_dead = true;
		s->out.sum.resolver_failed = v ? v->answered : NULL;
		s->out.sum.stopped_at_line = s->last_line;
	}
	entry_free(e);
}

static void
entry_drop(void *ctx, struct fleet_job *job)
{
	(void)ctx;
	entry_free(job->data);
}

/* The list's descriptor: a file, or standard input; a pipe or terminal
 * is read without blocking the loop. */
static bool
open_list(struct scan *s)
{
	s->fd = STDIN_FILENO;
	struct stat st;
	if (strcmp(s->input, "-")) {
		s->fd = open(s->input, O_RDONLY | O_CLOEXEC);
		/* A folder opens, then fails on the first read: refused here,
		 * before any probe, like a path that is not there. */
		int e = s->fd < 0 ? errno : fstat(s->fd, &st) == 0 && S_ISDIR(st.st_mode) ? EISDIR : 0;
		if (e) {
			/* As every refused value: the option, the value, what it wants. */
			char *shown = san_str(s->input, 200, SAN_ASCII);
			if (s->certs)
				fprintf(stderr, _("acm-doctor: --certificates-from \"%s\": cannot read it (%s); want a file of describe-certificate file paths, one a line, or - for standard input\n"),
					shown, strerror(e));
			else
				fprintf(stderr, _("acm-doctor: --names-from \"%s\": cannot read it (%s); want a file of names, one line each, or - for standard input\n"),
					shown, strerror(e));
			free(shown);
			if (s->fd >= 0)
				close(s->fd);
			return false;
		}
		s->own_fd = true;
	}
	s->seekable = fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode);
	if (!s->seekable) {
		s->saved_flags = fcntl(s->fd, F_GETFL);
		s->nonblock = s->saved_flags >= 0 && fcntl(s->fd, F_SETFL, s->saved_flags | O_NONBLOCK) == 0;
	}
	s->lines = lines_new(s->fd);
	return true;
}

static void
close_list(struct scan *s)
{
	if (s->watching)
		loop_unwatch(s->loop, s->fd);
	if (s->nonblock)
		fcntl(s->fd, F_SETFL, s->saved_flags);
	lines_free(s->lines);
	if (s->own_fd)
		close(s->fd);
}

static void
flush_stdout(void *ctx)
{
	(void)ctx;
	fflush(stdout);
}

/* Run the fleet to its end; the exit status. */
static int
run_scan(struct scan *s)
{
	struct dns_client_opts dopts = { .servers = s->a->resolver, .recurse = true,
					 .timeout_ms = s->a->timeout_ms, .tries = 2 };
	struct fleet_opts fo = { .parallel = s->a->parallel ? s->a->parallel : FLEET_DEFAULT_PARALLEL,
				 .dead_after = FLEET_DEAD_AFTER };
	/* When the resolver dies, a whole window of queries fails at once. */
	if (fo.dead_after < fo.parallel)
		fo.dead_after = fo.parallel;
	if (s->a->only)
		fo.only = 1u << check_by_name(s->a->only)->id;
	struct fleet_source src = { next_entry, entry_done, entry_drop, s };
	char err[256];
	s->fleet = fleet_new(s->loop, &dopts, &fo, &src, err, sizeof err);
	if (!s->fleet) {
		fprintf(stderr, "acm-doctor: %s\n", err);
		return EXIT_USAGE;
	}
	fleet_start(s->fleet);
	fleet_out_progress(&s->out, true);
	/* Entries go out as they finish: what a burst printed is flushed
	 * whenever the loop is about to wait. */
	loop_on_idle(s->loop, flush_stdout, NULL);
	loop_run(s->loop);
	struct fleet_stats st;
	fleet_stats(s->fleet, &st);
	struct fleet_summary *sum = &s->out.sum;
	sum->resolver = fleet_resolver(s->fleet);
	sum->lines = s->last_line;
	sum->parallel = fo.parallel;
	sum->dead_after = fo.dead_after;
	sum->queries = st.sent;
	sum->asked = st.asked;
	sum->shared = st.shared;
	sum->probes = st.probes;
	sum->answered = st.answered;
	sum->max_in_flight = st.max_in_flight;
	sum->elapsed_ms = st.elapsed_ms;
	if (sum->resolver_dead && s->out.total > sum->entries)
		sum->not_checked = s->out.total - sum->entries;
	sum->not_checked_unknown = sum->resolver_dead && !s->seekable && !s->at_end;
	if (!s->seekable && !sum->entries && !sum->bad_lines && !s->read_failed) {
		char *shown = san_str(s->input, 200, SAN_ASCII);
		fprintf(stderr, _("acm-doctor: %s: the list has nothing to check\n"), shown);
		free(shown);
		sum->input_failed = true;
	}
	if (s->read_failed)
		sum->input_failed = true;
	int code = fleet_out_summary(&s->out);
	fleet_free(s->fleet);
	return code;
}

int
cli_fleet(const struct check_args *a)
{
	struct scan s;
	memset(&s, 0, sizeof s);
	s.a = a;
	s.certs = a->certs_from != NULL;
	s.input = s.certs ? a->certs_from : a->names_from;
	fleet_out_init(&s.out, a, s.input);
	/* Not a terminal: writes of 64 kB, not 4 kB (100,000 names are 70 MB
	 * of NDJSON); entries still go out whenever the loop waits. */
	static char out_buf[1 << 16];
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);
	if (!open_list(&s))
		return EXIT_USAGE;
	char perr[256];
	if (s.certs)
		s.psl = acm_psl_load(ACM_PSL_DEFAULT_PATH, perr, sizeof perr);
	int code = EXIT_USAGE;
	if (!s.seekable || validate(&s)) {
		s.loop = loop_new();
		code = run_scan(&s);
	}
	close_list(&s);
	acm_psl_free(s.psl);
	loop_free(s.loop);
	return code;
}
