/* The TUI's main loop: terminal set-up (real or headless), one poll loop for
 * keys and probes, the one place that handles resizes, painting, and the
 * generic commands every screen shares. */
#include "config.h"

#include <curses.h>
#include <fcntl.h>
#include <signal.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aws.h"
#include "aws/aws_acm.h"
#include "aws/aws_config.h"
#include "cert.h"
#include "cli/cli.h"
#include "demo.h"
#include "diag.h"
#include "net/addrs.h"
#include "net/dns_client.h"
#include "draw.h"
#include "core/i18n.h"
#include "input.h"
#include "net/names.h"
#include "core/sanitize.h"
#include "core/strv.h"
#include "script.h"
#include "terminal.h"
#include "tui.h"
#include "ui.h"
#include "core/xalloc.h"

#define DEFAULT_TIMEOUT_MS 5000   /* a query's whole wait, as `check` */
#define SPIN_MS 100
#define CTRL(c) ((c) & 0x1f)

struct tui_args {
	char *resolver;             /* as the DNS client takes it */
	int timeout_ms;
	bool demo;
	const char *certificate;    /* --certificate FILE */
	char **edited_ns;           /* --edited-ns NS, repeatable */
	size_t n_edited_ns;
	char **names;
	size_t n_names;
	const char *region;         /* --region: My certificates' regions (or all) */
	const char *profile;        /* --profile */
	const char *arn;            /* --arn: the certificate wizard, read from ACM */
	const char *rdap_bootstrap, *https_ca_file;   /* the email check */
	int smtp_timeout_ms;
};

/* ---------------------------------------------------------------------
 * Navigation and messages
 */

void
ui_push(struct ui *ui, const struct screen_ops *ops, const void *arg)
{
	if (ui->depth >= UI_MAX_DEPTH)
		return;
	struct screen *s = &ui->stack[ui->depth++];
	s->ops = ops;
	s->arg = arg;
	s->serial = ++ui->serial;
	s->priv = ops->priv_size ? xcalloc(1, ops->priv_size) : NULL;
	if (ops->open)
		ops->open(ui, s);
	ui->dirty = true;
}

void
ui_pop(struct ui *ui)
{
	if (ui->depth == 0)
		return;
	struct screen *s = &ui->stack[--ui->depth];
	if (s->ops->close)
		s->ops->close(ui, s);
	free(s->priv);
	memset(s, 0, sizeof *s);
	ui->dirty = true;
}

struct screen *
ui_top(struct ui *ui)
{
	return ui->depth ? &ui->stack[ui->depth - 1] : NULL;
}

bool
ui_pop_to(struct ui *ui, const struct screen_ops *ops)
{
	while (ui->depth && ui_top(ui)->ops != ops)
		ui_pop(ui);
	return ui->depth > 0;
}

static void
prompt_open(struct ui *ui, const char *label, const char *initial, const char *ok, bool confirm,
	    ui_prompt_cb cb, void *ctx)
{
	ui_message_clear(ui);
	snprintf(ui->prompt.label, sizeof ui->prompt.label, "%s", label);
	snprintf(ui->prompt.ok, sizeof ui->prompt.ok, "%s", ok);
	free(ui->prompt.input);
	ui->prompt.input = xcalloc(1, sizeof *ui->prompt.input);
	ui_input_set(ui->prompt.input, initial ? initial : "");
	ui->prompt.active = true;
	ui->prompt.confirm = confirm;
	ui->prompt.cb = cb;
	ui->prompt.ctx = ctx;
	ui->dirty = true;
}

void
ui_ask(struct ui *ui, const char *label, const char *initial, const char *ok, ui_prompt_cb cb, void *ctx)
{
	prompt_open(ui, label, initial, ok, false, cb, ctx);
}

void
ui_confirm(struct ui *ui, const char *label, const char *ok, ui_prompt_cb cb, void *ctx)
{
	prompt_open(ui, label, NULL, ok, true, cb, ctx);
}

/* The prompt owns the keyboard while it is open; its callback may open
 * another prompt (save, then "overwrite?"). */
static void
prompt_key(struct ui *ui, int key, bool is_char)
{
	char *answer = NULL;
	bool done = false;
	if (ui->prompt.confirm) {
		done = true;
		/* TRANSLATORS: the key that answers yes to "(y/N)" questions */
		if (is_char && (key == 'y' || key == 'Y' || key == *_("y")))
			answer = xstrdup("y");
	} else if (is_char && key == 27) {
		done = true;
	} else if ((is_char && (key == '\n' || key == '\r')) || (!is_char && key == KEY_ENTER)) {
		done = true;
		answer = xstrdup(ui->prompt.input->text);
	} else {
		ui_input_key(ui->prompt.input, key, is_char);
	}
	ui->dirty = true;
	if (!done)
		return;
	ui_prompt_cb cb = ui->prompt.cb;
	void *ctx = ui->prompt.ctx;
	ui->prompt.active = false;
	ui_message_clear(ui);
	if (!answer)
		ui_message(ui, false, "%s", _("Cancelled."));
	cb(ui, ctx, answer);
	free(answer);
}

/* Numbers that vary from run to run; tests see "N". */
static const char *
varying(const struct ui *ui, int64_t v, const char *unit, char *buf, size_t len)
{
	if (ui->fixed_times)
		snprintf(buf, len, "N%s", unit);
	else
		snprintf(buf, len, "%lld%s", (long long)v, unit);
	return buf;
}

const char *
ui_secs(const struct ui *ui, int64_t s, char *buf, size_t len)
{
	return varying(ui, s, "", buf, len);
}

const char *
ui_ms(const struct ui *ui, int64_t ms, char *buf, size_t len)
{
	return varying(ui, ms, " ms", buf, len);
}

/* ---------------------------------------------------------------------
 * The diagnosis
 */

/* What `check` would return for the diagnosis just finished. */
static enum ui_verdict
verdict_of(const struct ui *ui, const struct diag *d)
{
	struct check_stats st;
	diagnosis_stats(&d->run, &st);
	if (diagnosis_resolver_failed(&d->run) || (st.queries && !st.answered))
		return UI_VERDICT_NO_ANSWER;    /* RESOLVER_FAILED: nothing could be judged */
	bool cert_wizard = ui->wizard && ui->wizard->first == &screen_cert;
	if (diag_blocks(d) || (cert_wizard && ui_cert_blocks(ui->cert)))
		return UI_VERDICT_BLOCKED;
	return UI_VERDICT_CLEAR;
}

int
ui_exit_status(const struct ui *ui)
{
	if (ui->signal)
		return 128 + ui->signal;
	return ui->verdict == UI_VERDICT_NONE ? EXIT_OK : (int)ui->verdict;
}

static void
diag_changed(void *ctx)
{
	struct ui *ui = ctx;
	ui->dirty = true;
	bool running = diag_running(ui->diag);
	/* What the probes add to what ACM says (a CAA_ERROR that CAA no
	 * longer explains), the same words as `check`. */
	if (!running && diag_finished(ui->diag) && ui->cert && ui->cert->from_file)
		acm_route_probed(&ui->cert->route, &ui->cert->cert, &ui->diag->run);
	if (ui->was_running && !running && diag_finished(ui->diag)) {
		ui->verdict = verdict_of(ui, ui->diag);
		if (ui->message_while_running)
			ui_message_clear(ui);
	}
	if (ui->was_running && !running && ui->diag->runs > 1 && diag_finished(ui->diag)) {
		int64_t left = diag_cache_left(ui->diag);
		char secs[32];
		int blocking = diag_blocking(ui->diag);
		if (!blocking)
			ui_message(ui, false, "%s", _("Re-check: nothing blocks Amazon any more."));
		else if (left > 0)
			ui_message(ui, true, _("Re-check: still blocked; the resolver may keep its old answer %s s more."),
				   ui_secs(ui, left, secs, sizeof secs));
		else
			ui_message(ui, true, "%s", _("Re-check: still blocked, and not from a cache: the DNS still says so."));
	}
	ui->was_running = running;
}

static int
san_flags(const struct ui *ui)
{
	return ui->utf8 ? 0 : SAN_ASCII;
}

/* The email check: the certificate's email-validated names route there by
 * themselves; the email wizard and "Diagnose a domain" check typed names. */
static void
start_email(struct ui *ui, const struct wizard *w)
{
	struct diag *d = ui->diag;
	bool email = !strcmp(w->id, "email"), all = !strcmp(w->id, "all");
	if (w->results == &screen_cert_names || all || email)
		ui_cert_add_emails(ui->cert, d, w->results == &screen_cert_names);
	for (size_t i = 0; (all || email) && i < d->n_names; i++)
		diag_add_email(d, d->names[i], NULL, NULL, 0, all);
	d->rdap_bootstrap = ui->rdap_bootstrap;
	d->https_ca_file = ui->https_ca_file;
	d->smtp_timeout_ms = ui->smtp_timeout_ms;
}

void
ui_start_diagnosis(struct ui *ui, const struct wizard *w, char **names, size_t n)
{
	if (ui->diag)
		ui_pop_to(ui, w->first);
	diag_free(ui->diag);
	ui->wizard = w;
	ui->diag = diag_new(names, n, san_flags(ui));
	/* The certificate's wizard checks all its records; "Diagnose a
	 * domain" those of a loaded certificate that validate its names. */
	if (w->results == &screen_cert_names)
		ui_cert_add_records(ui->cert, ui->diag, true);
	else if (!strcmp(w->id, "all"))
		ui_cert_add_records(ui->cert, ui->diag, false);
	if (ui->cert && ui->cert->fetched)
		diag_set_hosted_zones(ui->diag, ui->cert->fetched->zones, ui->cert->fetched->n_zones);
	start_email(ui, w);
	ui->diag->edited_ns = ui->edited_ns;
	ui->diag->n_edited_ns = ui->n_edited_ns;
	ui->diag->timeout_ms = ui->timeout_ms;
	ui->diag->changed = diag_changed;
	ui->diag->ctx = ui;
	ui_push(ui, &screen_probes, NULL);
	if (diag_start(ui->diag, ui->loop, ui->dns) < 0) {
		char *why = san_str(ui->diag->error, 200, san_flags(ui));
		ui_message(ui, true, _("The check could not start: %s"), why);
		free(why);
	}
	ui->was_running = diag_running(ui->diag);
}

enum ui_result
ui_recheck(struct ui *ui)
{
	/* a certificate read from ACM is read again first */
	if (ui_aws_reread(ui))
		return UI_REDRAW;
	if (!ui->diag)
		return UI_IGNORED;
	ui_pop_to(ui, &screen_probes);
	ui_message_while_running(ui, _("Re-checking: asking the DNS again..."));
	if (diag_start(ui->diag, ui->loop, ui->dns) < 0) {
		char *why = san_str(ui->diag->error, 200, san_flags(ui));
		ui_message(ui, true, _("The check could not start: %s"), why);
		free(why);
	}
	ui->was_running = diag_running(ui->diag);
	return UI_REDRAW;
}

/* ---------------------------------------------------------------------
 * Input
 */

/* The one place a new terminal size is taken in: every screen lays itself
 * out from the size at each paint, so a full repaint is all it takes. */
void
ui_resized(struct ui *ui)
{
	clearok(curscr, TRUE);
	ui->dirty = true;
}

static void
apply(struct ui *ui, enum ui_result r)
{
	switch (r) {
	case UI_IGNORED:
		break;
	case UI_REDRAW:
		ui->dirty = true;
		break;
	case UI_BACK:
		if (ui->depth > 1)
			ui_pop(ui);
		break;
	case UI_QUIT:
		ui->quit = true;
		break;
	}
}

static enum ui_result
generic_request(struct ui *ui, enum ui_cmd cmd)
{
	switch (cmd) {
	case CMD_QUIT:
		return UI_QUIT;
	case CMD_BACK:
		return ui->depth > 1 ? UI_BACK : UI_IGNORED;
	case CMD_HELP:
		if (ui_top(ui)->ops != &screen_help)
			ui_push(ui, &screen_help, ui_top(ui));
		return UI_REDRAW;
	case CMD_REDRAW:
		ui_resized(ui);
		return UI_REDRAW;
	case CMD_RECHECK:
		return ui_recheck(ui);
	default:
		return UI_IGNORED;
	}
}

void
ui_click(struct ui *ui, int y, int x)
{
	struct screen *s = ui_top(ui);
	if (s && s->ops->click && !ui->prompt.active && !ui_too_small()) {
		ui_message_clear(ui);
		apply(ui, s->ops->click(ui, s, y, x));
	}
}

static void
mouse_event(struct ui *ui)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
		ui_click(ui, ev.y, ev.x);
	else if (ev.bstate & BUTTON4_PRESSED)
		ui_feed_key(ui, KEY_UP, false);
#ifdef BUTTON5_PRESSED
	else if (ev.bstate & BUTTON5_PRESSED)
		ui_feed_key(ui, KEY_DOWN, false);
#endif
}

void
ui_feed_key(struct ui *ui, int key, bool is_char)
{
	struct screen *s = ui_top(ui);
	if (!s)
		return;
	if (!is_char && key == KEY_RESIZE) {
		ui_resized(ui);
		return;
	}
	if (!is_char && key == KEY_MOUSE) {
		mouse_event(ui);
		return;
	}
	/* Ctrl-C as a key (a script; on a terminal it is SIGINT): interrupted,
	 * whatever has the keyboard. */
	if (is_char && key == CTRL('C')) {
		ui->signal = SIGINT;
		ui->quit = true;
		return;
	}
	if (ui->prompt.active) {
		prompt_key(ui, key, is_char);
		return;
	}
	/* Below the minimum size only quitting makes sense. */
	if (ui_too_small()) {
		if (is_char && (key == 'q' || key == CTRL('Q')))
			ui->quit = true;
		return;
	}
	/* A message is read by the time the next key comes. */
	ui_message_clear(ui);
	enum ui_result r = UI_IGNORED;
	if (s->ops->input)
		r = s->ops->input(ui, s, key, is_char);
	if (r == UI_IGNORED) {
		/* Characters beyond ASCII are never bound: their codes would
		 * collide with curses' KEY_ codes. */
		enum ui_cmd cmd = is_char && key >= 128 ? CMD_NONE : ui_key_lookup(s->ops->keys, key);
		if (!ui_offers(ui, s, cmd))
			cmd = CMD_NONE;
		if (cmd != CMD_NONE && s->ops->request)
			r = s->ops->request(ui, s, cmd);
		if (r == UI_IGNORED && cmd != CMD_NONE)
			r = generic_request(ui, cmd);
	}
	apply(ui, r);
}

/* Wakes the poll; the keys are read after it returns. */
static void
on_stdin(void *ctx, int fd, int ready)
{
	(void)ctx;
	(void)fd;
	(void)ready;
}

/* ---------------------------------------------------------------------
 * Start-up
 */

static bool
headless(void)
{
	const char *h = getenv("ACM_DOCTOR_HEADLESS");
	return h && *h && strcmp(h, "0");
}

static bool
want_color(void)
{
	const char *nc = getenv("NO_COLOR");
	return !(nc && *nc);
}

static int
run(struct ui *ui, struct ui_script *script, bool hl)
{
	if (!hl)
		loop_watch(ui->loop, STDIN_FILENO, LOOP_READ, on_stdin, ui);
	while (!ui->quit && ui->depth > 0) {
		int wait = -1;
		if (script && !ui_script_done(script))
			wait = ui_script_run(script, ui);
		/* Headless, nothing more can happen once the script is over. */
		if (ui->quit || (hl && ui_script_done(script)))
			break;
		ui_paint(ui);
		if (loop_busy(ui->loop) && (wait < 0 || wait > SPIN_MS))
			wait = SPIN_MS;
		int n = loop_run_once(ui->loop, wait);
		if (n == 0 && loop_busy(ui->loop)) {
			ui->spin++;     /* the spinner turns while probes are out */
			ui->dirty = true;
		}
		if (!hl)
			ui_term_read_keys(ui);
		if (ui_term_signal()) {
			ui->signal = ui_term_signal();
			ui->quit = true;
		}
	}
	if (!hl)
		loop_unwatch(ui->loop, STDIN_FILENO);
	return ui_exit_status(ui);
}

/* --arn and --region, refused when malformed before the screen opens. */
static int
tui_aws_args(const char *arn, const char *region, bool other_input)
{
	char r[200];
	size_t n = 0;
	char **list = region ? aws_region_list(region, &n, r, sizeof r) : NULL;
	const char *why = NULL, *opt = NULL, *val = NULL;
	bool region_ok = list != NULL;
	strv_free(list, n);
	if (region && !region_ok) {
		opt = "--region";
		val = r;
		why = _("not an AWS region name (such as eu-west-1), a list of them, nor all");
	} else if (arn && !aws_acm_arn_parse(arn, r, sizeof r)) {
		opt = "--arn";
		val = arn;
		why = _("not an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)");
	} else if (arn && other_input) {
		fprintf(stderr, "%s\n", _("acm-doctor: --arn reads the certificate from ACM: give no names or --certificate"));
		return -1;
	}
	if (!why)
		return 0;
	char *shown = san_str(val, 200, SAN_ASCII);
	fprintf(stderr, _("acm-doctor: %s \"%s\": %s\n"), opt, shown, why);
	free(shown);
	return -1;
}

static int
parse_args(int argc, char **argv, struct tui_args *a)
{
	static const struct option longopts[] = {
		{ "resolver", required_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 't' },
		{ "demo", no_argument, NULL, 'd' },
		{ "certificate", required_argument, NULL, 'C' },
		{ "edited-ns", required_argument, NULL, 'E' },
		{ "region", required_argument, NULL, 'g' },
		{ "profile", required_argument, NULL, 'P' },
		{ "arn", required_argument, NULL, 'A' },
		/* the email check */
		{ "rdap-bootstrap", required_argument, NULL, 'B' },
		{ "https-ca-file", required_argument, NULL, 'H' },
		{ "smtp-timeout", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	char why[256];
	memset(a, 0, sizeof *a);
	a->timeout_ms = DEFAULT_TIMEOUT_MS;
	optind = 1;
	while ((c = getopt_long(argc, argv, "r:t:", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			free(a->resolver);
			if (!(a->resolver = resolver_from_user(optarg, why, sizeof why))) {
				opt_refuse("--resolver", optarg, why);
				return -1;
			}
			break;
		case 'd': a->demo = true; break;
		case 'C': a->certificate = optarg; break;
		case 'g': a->region = optarg; break;
		case 'P': a->profile = optarg; break;
		case 'A': a->arn = optarg; break;
		case 'E':
			if (!ns_list_from_user(optarg, &a->edited_ns, &a->n_edited_ns, 16, why, sizeof why)) {
				opt_refuse("--edited-ns", optarg, why);
				return -1;
			}
			break;
		case 't':
			if ((a->timeout_ms = timeout_from_arg(optarg)) < 0)
				return -1;
			break;
		case 'B': a->rdap_bootstrap = optarg; break;
		case 'H': a->https_ca_file = optarg; break;
		case 'S':
			if ((a->smtp_timeout_ms = ms_from_arg("--smtp-timeout", optarg)) < 0)
				return -1;
			break;
		default:
			fprintf(stderr, _("Usage: acm-doctor [--resolver ADDR[:PORT]] [--timeout MS] [--demo]\n"
					  "                  [--edited-ns NS]... [--certificate FILE | DOMAIN...]\n"));
			fprintf(stderr, "%s", _("                  [--profile P] [--region R|all] [--arn ARN]\n"));
			fprintf(stderr, "%s", _("                  [--rdap-bootstrap FILE] [--https-ca-file FILE] [--smtp-timeout MS]\n"));
			return -1;
		}
	}
	if (a->certificate && optind < argc) {
		fprintf(stderr, "%s\n", _("acm-doctor: with --certificate, the names and records come from the certificate"));
		return -1;
	}
	if (tui_aws_args(a->arn, a->region, a->certificate || optind < argc) < 0)
		return -1;
	a->names = xcalloc((size_t)(argc - optind) + 1, sizeof *a->names);
	for (int i = optind; i < argc; i++) {
		char *n = name_from_arg(argv[i]);
		if (!n)
			return -1;
		a->names[a->n_names++] = n;
	}
	return 0;
}

static void
free_args(struct tui_args *a)
{
	for (size_t i = 0; i < a->n_names; i++)
		free(a->names[i]);
	free(a->names);
	free(a->resolver);
	strv_free(a->edited_ns, a->n_edited_ns);
}

int
tui_available(void)
{
	return headless() || (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO));
}

int
tui_wants(int argc, char **argv)
{
	if (argc < 2)
		return 1;
	const char *a = argv[1];
	if (!strncmp(a, "--resolver", 10) || !strncmp(a, "--timeout", 9) || !strcmp(a, "--demo")
	    || !strncmp(a, "--certificate", 13) || !strncmp(a, "--edited-ns", 11)
	    || !strncmp(a, "--region", 8) || !strncmp(a, "--profile", 9) || !strncmp(a, "--arn", 5)
	    || !strncmp(a, "--rdap-bootstrap", 16) || !strncmp(a, "--https-ca-file", 15)
	    || !strncmp(a, "--smtp-timeout", 14)
	    || !strcmp(a, "-r") || !strcmp(a, "-t"))
		return 1;
	/* A name has a dot or is a single non-ASCII label; a word is a
	 * mistyped command. */
	return a[0] != '-' && (strchr(a, '.') || (unsigned char)a[0] >= 0x80);
}

int
tui_main(int argc, char **argv)
{
	struct tui_args a;
	if (parse_args(argc, argv, &a) < 0) {
		free_args(&a);
		return EXIT_USAGE;
	}
	bool hl = headless();
	if (a.demo && !getenv("LAB_RESOLVER")) {
		free_args(&a);
		return tui_demo_exec(argc, argv);
	}
	if (a.demo) {
		tui_demo_locale();
		if (!a.resolver && getenv("LAB_RESOLVER"))
			a.resolver = xstrdup(getenv("LAB_RESOLVER"));
	}
	struct ui_cert *piped = NULL;
	if (a.certificate && !strcmp(a.certificate, "-") && !isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		/* describe-certificate piped in: read it, then take the keys from
		 * the terminal rather than from the pipe. */
		char lerr[600];
		if (!(piped = ui_cert_load("-", lerr, sizeof lerr))) {
			char *why = san_str(lerr, 600, SAN_ASCII);
			fprintf(stderr, "acm-doctor: -: %s\n", why);
			free(why);
			free_args(&a);
			return EXIT_USAGE;
		}
		int tty = open("/dev/tty", O_RDONLY | O_CLOEXEC);
		if (tty < 0 || dup2(tty, STDIN_FILENO) < 0) {
			fprintf(stderr, "%s\n", _("acm-doctor: the interactive wizard needs a terminal; use 'acm-doctor check NAME...' in scripts"));
			if (tty >= 0)
				close(tty);
			ui_cert_free(piped);
			free_args(&a);
			return EXIT_USAGE;
		}
		close(tty);
	}
	if (!tui_available()) {
		fprintf(stderr, "%s\n", _("acm-doctor: the interactive wizard needs a terminal; use 'acm-doctor check NAME...' in scripts"));
		ui_cert_free(piped);
		free_args(&a);
		return EXIT_USAGE;
	}
	char err[256];
	struct ui_script *script = NULL;
	const char *sp = getenv("ACM_DOCTOR_SCRIPT");
	if (sp && *sp && !(script = ui_script_load(sp, err, sizeof err))) {
		fprintf(stderr, "acm-doctor: %s\n", err);
		ui_cert_free(piped);
		free_args(&a);
		return EXIT_USAGE;
	}
	struct ui ui;
	memset(&ui, 0, sizeof ui);
	ui.loop = loop_new();
	ui.timeout_ms = a.timeout_ms;
	ui.resolver = a.resolver;
	ui.edited_ns = a.edited_ns;
	ui.rdap_bootstrap = a.rdap_bootstrap;
	ui.https_ca_file = a.https_ca_file;
	ui.smtp_timeout_ms = a.smtp_timeout_ms;
	ui.n_edited_ns = a.n_edited_ns;
	ui.demo = a.demo;
	const char *ft = getenv("ACM_DOCTOR_TEST_TIMES");
	ui.fixed_times = ft && !strcmp(ft, "fixed");
	struct dns_client_opts dopts = { .servers = a.resolver, .recurse = true,
					 .timeout_ms = a.timeout_ms, .tries = 2 };
	ui.dns = dns_client_new(ui.loop, &dopts, err, sizeof err);
	if (!ui.dns) {
		fprintf(stderr, "acm-doctor: %s\n", err);
		loop_free(ui.loop);
		ui_script_free(script);
		ui_cert_free(piped);
		free_args(&a);
		return EXIT_USAGE;
	}
	ui.utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	ui.color = want_color();
	ui.verdict = UI_VERDICT_NONE;

	struct ui_term term;
	char terr[600];
	if (ui_term_open(&term, hl, terr, sizeof terr) < 0) {
		fprintf(stderr, "%s\n", terr);
		dns_client_free(ui.dns);
		loop_free(ui.loop);
		ui_script_free(script);
		ui_cert_free(piped);
		free_args(&a);
		return EXIT_USAGE;
	}
	ui_term_catch_signals();
	ui_colors_init(ui.color);
	ui_glyphs_init(ui.utf8);

	/* AWS credentials are looked for on the loop: Home offers "My
	 * certificates" once they are found. */
	if (!ui_aws_new(&ui, a.profile, a.region, err, sizeof err)) {
		char *why = san_str(err, 300, ui.utf8 ? 0 : SAN_ASCII);
		ui_message(&ui, true, _("AWS settings not usable: %s"), why);
		free(why);
	}
	ui_push(&ui, &screen_home, NULL);
	if (a.arn && ui.aws) {
		for (size_t i = 0; i < ui_n_wizards; i++)
			if (ui_wizards[i].first == &screen_cert)
				ui.wizard = &ui_wizards[i];
		ui_aws_open_arn(&ui, a.arn);
	} else if (piped) {
		ui_open_certificate_loaded(&ui, piped, "-");
	} else if (a.certificate) {
		ui_open_certificate(&ui, a.certificate);
	} else if (a.n_names) {
		/* acm-doctor DOMAIN...: straight into the diagnosis; Esc goes
		 * back to the names, then home. */
		ui.wizard = &ui_wizards[ui_n_wizards - 1];
		size_t used = 0;
		for (size_t i = 0; i < a.n_names; i++)
			used += (size_t)snprintf(ui.prefill + used, sizeof ui.prefill - used, "%s%s",
						 i ? " " : "", a.names[i]);
		ui_push(&ui, &screen_names, ui.wizard);
		ui_start_diagnosis(&ui, ui.wizard, a.names, a.n_names);
	}
	int code = run(&ui, script, hl);

	while (ui.depth)
		ui_pop(&ui);
	diag_free(ui.diag);
	ui_cert_free(ui.cert);
	ui_aws_free(ui.aws);
	free(ui.prompt.input);
	ui_term_close(&term);
	dns_client_free(ui.dns);
	loop_free(ui.loop);
	ui_script_free(script);
	free_args(&a);
	return code;
}
