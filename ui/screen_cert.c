/* Step 1 of "Pending validation": the certificate as ACM describes it (a
 * file from `aws acm describe-certificate`), or its validation records typed
 * as the console shows them. What is wrong with a file is said right below
 * the field, with the place in the JSON it names. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert.h"
#include "diag.h"
#include "draw.h"
#include "core/i18n.h"
#include "input.h"
#include "core/sanitize.h"
#include "ui.h"

struct cert_step {
	struct ui_input in;
	char error[700];        /* sanitised; "" when there is none */
};

static const struct ui_binding cert_keys[] = {
	{ '\r', CMD_ENTER, N_("load") },
	{ 0, CMD_NONE, NULL },
};

static void
cert_draw(struct ui *ui, struct screen *s, const struct ui_rect *b)
{
	struct cert_step *cs = s->priv;
	int w = b->w - 4, y = b->y + 1;
	struct ui_rows r = { 0 };
	ui_rows_add(&r, _("Which certificate is stuck?"), w, 0, 0, ui_attr(UC_HEADING), -1);
	ui_rows_add(&r, _("A file with the output of: aws acm describe-certificate --certificate-arn ARN"),
		    w, 0, 0, ui_attr(UC_DIM), -1);
	ui_rows_add(&r, _("Or the validation record as the ACM console shows it: NAME VALUE (several: separate them with ;)"),
		    w, 0, 0, ui_attr(UC_DIM), -1);
	struct ui_rect hr = { y, 2, 5, w };
	ui_rows_fold(&r, 5);
	ui_rows_draw(&r, 0, &hr);
	y += ((int)r.n < 5 ? (int)r.n : 5) + 1;
	ui_rows_clear(&r);
	/* TRANSLATORS: label before the certificate field; keep it short */
	int lx = ui_text(y, 2, w, _("File or record:"), ui_attr(UC_HEADING)) + 3;
	ui_input_draw(&cs->in, y, lx, b->w - lx - 2, ui_attr(UC_SELECTED));
	y += 2;
	if (cs->error[0]) {
		char buf[800];
		snprintf(buf, sizeof buf, "%s %s", ui_glyphs()->bad, cs->error);
		ui_rows_add(&r, buf, w - 2, 2, 0, ui_attr(UC_ERROR), -1);
	} else if (ui->cert && ui->cert->from_file) {
		char buf[400];
		snprintf(buf, sizeof buf, _("Loaded: %s, %zu names, %zu validation records to check."),
			 ui->cert->cert.domain_name, ui->cert->n_names, ui->cert->n_records);
		ui_rows_add(&r, buf, w - 2, 0, 0, ui_attr(UC_DIM), -1);
	}
	struct ui_rect er = { y, 4, b->y + b->h - y, w - 2 };
	ui_rows_fold(&r, (size_t)(er.h > 0 ? er.h : 1));
	ui_rows_draw(&r, 0, &er);
	ui_rows_clear(&r);
}

/* A file name has no blank and no '='; a record has one of them. */
static bool
looks_typed(const char *text)
{
	return strpbrk(text, " \t=;,") != NULL;
}

static enum ui_result cert_use(struct ui *ui, struct ui_cert *c);

/* "PATH: what is wrong", the path said once: the reader's messages start
 * with it already when the file could not be opened or read. */
static void
file_error(struct ui *ui, struct cert_step *cs, const char *text, const char *err)
{
	int flags = ui->utf8 ? 0 : SAN_ASCII;
	char *path = san_str(text, 200, flags);
	char *why = san_str(err, 400, flags);
	/* As the reader quotes it (cut at 64 bytes), or whole. */
	char *quoted = san_str(text, 64, 0), *own = san_str(text, 200, 0);
	bool named = false;
	for (const char *q = quoted; q; q = q == quoted ? own : NULL) {
		size_t l = strlen(q);
		named |= !strncmp(err, q, l) && err[l] == ':';
	}
	if (named)
		snprintf(cs->error, sizeof cs->error, "%s", why);
	else
		snprintf(cs->error, sizeof cs->error, "%s: %s", path, why);
	free(quoted);
	free(own);
	free(path);
	free(why);
}

static enum ui_result
cert_submit(struct ui *ui, struct cert_step *cs)
{
	const char *text = cs->in.text + strspn(cs->in.text, " \t");
	char err[600];
	struct ui_cert *c = NULL;
	cs->error[0] = '\0';
	if (!*text) {
		ui_message(ui, true, "%s", _("Type a file name, or a record as NAME VALUE."));
		return UI_REDRAW;
	}
	if (!strcmp(text, "-")) {
		/* Standard input is the terminal the wizard runs in. */
		snprintf(err, sizeof err, "%s", _("-: standard input is this terminal; save the JSON to a file"));
	} else if (looks_typed(text)) {
		c = ui_cert_typed(text, err, sizeof err);
	} else if (!(c = ui_cert_load(text, err, sizeof err))) {
		file_error(ui, cs, text, err);
		return UI_REDRAW;
	}
	if (!c) {
		char *why = san_str(err, 500, ui->utf8 ? 0 : SAN_ASCII);
		snprintf(cs->error, sizeof cs->error, "%s", why);
		free(why);
		return UI_REDRAW;
	}
	return cert_use(ui, c);
}

/* Take a loaded certificate: start its probes, or show what ACM says when
 * there is nothing to probe. */
static enum ui_result
cert_use(struct ui *ui, struct ui_cert *c)
{
	ui->message[0] = '\0';
	/* The old diagnosis holds copies, so the certificate can go first. */
	ui_cert_free(ui->cert);
	ui->cert = c;
	if (!c->n_caa && !c->n_records) {
		/* Nothing to probe (issued, or a reason no probe can fix): the
		 * certificate's own findings say what to do. */
		if (ui->diag)
			ui_pop_to(ui, &screen_cert);
		ui->verdict = ui_cert_blocks(c) ? UI_VERDICT_BLOCKED : UI_VERDICT_CLEAR;
		ui_push(ui, &screen_cert_names, NULL);
		return UI_REDRAW;
	}
	ui_start_diagnosis(ui, ui->wizard, c->caa_names, c->n_caa);
	return UI_REDRAW;
}

void
ui_open_certificate(struct ui *ui, const char *path)
{
	for (size_t i = 0; i < ui_n_wizards; i++)
		if (ui_wizards[i].first == &screen_cert)
			ui->wizard = &ui_wizards[i];
	ui_push(ui, &screen_cert, ui->wizard);
	struct cert_step *cs = ui_top(ui)->priv;
	ui_input_set(&cs->in, path);
	cert_submit(ui, cs);
}

void
ui_open_certificate_loaded(struct ui *ui, struct ui_cert *c, const char *label)
{
	for (size_t i = 0; i < ui_n_wizards; i++)
		if (ui_wizards[i].first == &screen_cert)
			ui->wizard = &ui_wizards[i];
	ui_push(ui, &screen_cert, ui->wizard);
	struct cert_step *cs = ui_top(ui)->priv;
	ui_input_set(&cs->in, label);
	cert_use(ui, c);
}

void
ui_cert_replace(struct ui *ui, struct ui_cert *c)
{
	if (!ui_pop_to(ui, &screen_cert)) {
		ui_open_certificate_loaded(ui, c, c->arn ? c->arn : "-");
		return;
	}
	cert_use(ui, c);
}

static enum ui_result
cert_input(struct ui *ui, struct screen *s, int key, bool is_char)
{
	struct cert_step *cs = s->priv;
	enum ui_result r = ui_input_step_key(ui, &cs->in, key, is_char);
	/* The error was about the text as it was. */
	if (r == UI_REDRAW)
		cs->error[0] = '\0';
	return r;
}

static bool
cert_offers(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	return cmd == CMD_ENTER;
}

static enum ui_result
cert_request(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	if (cmd == CMD_ENTER)
		return cert_submit(ui, s->priv);
	return UI_IGNORED;
}

const struct screen_ops screen_cert = {
	.id = "certificate",
	.title = N_("Certificate"),
	.keys = cert_keys,
	.priv_size = sizeof(struct cert_step),
	.text_entry = true,
	.draw = cert_draw,
	.request = cert_request,
	.input = cert_input,
	.offers = cert_offers,
};
