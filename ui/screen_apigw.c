/* Step 1 of "API Gateway custom domain shows the wrong certificate": the
 * custom domain (a name, or the URL that failed) and, optionally, a file
 * with `aws apigateway get-domain-name` output, so the fix can name the
 * right target. The name is checked as it is typed; what is wrong with the
 * file is said right below its field, with the place in the JSON. Also the
 * wizards' additions to a diagnosis (ui.h: ui_apigw_prepare...). */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/apigw/apigw_check.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "diag.h"
#include "draw.h"
#include "input.h"
#include "ui.h"

struct apigw_step {
	struct ui_input name, file;
	int field;                  /* 0 the name, 1 the file */
	char error[700];            /* sanitised; "" when there is none */
	struct apigw_domain domain; /* read from the file at the last submit */
	bool have_domain;
	char *path;                 /* of the URL given, for the diagnosis */
};

static const struct ui_binding apigw_keys[] = {
	{ '\r', CMD_ENTER, N_("check") },
	{ '\t', CMD_NEXT_PANE, N_("next field") },
	{ KEY_BTAB, CMD_PREV_PANE, NULL },
	{ 0, CMD_NONE, NULL },
};

static int
flags_of(const struct ui *ui)
{
	return ui->utf8 ? 0 : SAN_ASCII;
}

/* The name field as it would be read: the name and path, or why not. */
static void
draw_parsed(struct ui *ui, const struct apigw_step *st, int y, int w)
{
	const char *text = st->name.text + strspn(st->name.text, " \t");
	if (!*text) {
		ui_text(y, 4, w - 2, _("Type the custom domain, or the URL that fails: https://api.example.com/prod/pets"),
			ui_attr(UC_DIM));
		return;
	}
	char why[200], *path = NULL, buf[600];
	char *name = apigw_parse_url(text, &path, why, sizeof why);
	const struct ui_glyphs *g = ui_glyphs();
	if (name)
		snprintf(buf, sizeof buf, "%s %s %s %s", g->ok, name, _("path"), path);
	else
		snprintf(buf, sizeof buf, "%s %s", g->bad, why);
	char *shown = san_str(buf, 500, flags_of(ui));
	ui_text(y, 4, w - 2, shown, ui_attr(name ? UC_GOOD : UC_ERROR));
	free(shown);
	free(name);
	free(path);
}

static void
apigw_draw(struct ui *ui, struct screen *s, const struct ui_rect *b)
{
	struct apigw_step *st = s->priv;
	int w = b->w - 4, y = b->y + 1;
	struct ui_rows r = { 0 };
	ui_rows_add(&r, _("Which custom domain serves the wrong certificate?"), w, 0, 0, ui_attr(UC_HEADING), -1);
	ui_rows_add(&r, _("Optional: a file with the output of aws apigateway get-domain-name --domain-name NAME (or apigatewayv2), for the exact record to change."),
		    w, 0, 0, ui_attr(UC_DIM), -1);
	struct ui_rect hr = { y, 2, 4, w };
	ui_rows_draw(&r, 0, &hr);
	y += ((int)r.n < 4 ? (int)r.n : 4) + 1;
	ui_rows_clear(&r);
	/* TRANSLATORS: labels before the two fields; keep them short */
	const char *l1 = _("Name or URL:"), *l2 = _("Domain JSON:");
	int lw = ui_width(l1) > ui_width(l2) ? ui_width(l1) : ui_width(l2);
	ui_text(y, 2, w, l1, ui_attr(UC_HEADING));
	ui_input_draw(&st->name, y, 2 + lw + 2, b->w - lw - 6, ui_attr(st->field == 0 ? UC_SELECTED : UC_NORMAL));
	draw_parsed(ui, st, y + 1, w);
	y += 3;
	ui_text(y, 2, w, l2, ui_attr(UC_HEADING));
	ui_input_draw(&st->file, y, 2 + lw + 2, b->w - lw - 6, ui_attr(st->field == 1 ? UC_SELECTED : UC_NORMAL));
	y += 2;
	if (st->error[0]) {
		char buf[800];
		snprintf(buf, sizeof buf, "%s %s", ui_glyphs()->bad, st->error);
		ui_rows_add(&r, buf, w - 2, 2, 0, ui_attr(UC_ERROR), -1);
	} else if (st->have_domain) {
		char buf[400];
		const struct apigw_endpoint *e = &st->domain.endpoints[0];
		snprintf(buf, sizeof buf, _("Loaded: %s, %s, target %s."), st->domain.name,
			 apigw_endpoint_type_name(e->type), e->target ? e->target : "-");
		char *shown = san_str(buf, 400, flags_of(ui));
		ui_rows_add(&r, shown, w - 2, 0, 0, ui_attr(UC_DIM), -1);
		free(shown);
	}
	struct ui_rect er = { y, 4, b->y + b->h - y, w - 2 };
	ui_rows_draw(&r, 0, &er);
	ui_rows_clear(&r);
}

static void
set_error(struct ui *ui, struct apigw_step *st, const char *what, const char *why)
{
	char *a = san_str(what, 200, flags_of(ui)), *b = san_str(why, 480, flags_of(ui));
	snprintf(st->error, sizeof st->error, "%s: %s", a, b);
	free(a);
	free(b);
}

/* Read the file field, if any; false (error set) when it is unusable. */
static bool
load_file(struct ui *ui, struct apigw_step *st, const char *name)
{
	const char *path = st->file.text + strspn(st->file.text, " \t");
	if (st->have_domain)
		apigw_domain_free(&st->domain);
	st->have_domain = false;
	if (!*path)
		return true;
	char err[600];
	if (!strcmp(path, "-")) {
		set_error(ui, st, "-", _("standard input is this terminal; save the JSON to a file"));
		return false;
	}
	if (!apigw_domain_load(path, &st->domain, err, sizeof err)) {
		set_error(ui, st, path, err);
		return false;
	}
	st->have_domain = true;
	const char *dn = st->domain.name;
	if (strcmp(dn, name) && !(dn[0] == '*' && !strcmp(dn + 2, dns_name_parent(name)))) {
		char why[600];
		snprintf(why, sizeof why, _("it is about %s, not %s"), dn, name);
		set_error(ui, st, path, why);
		return false;
	}
	return true;
}

static enum ui_result
apigw_submit(struct ui *ui, struct apigw_step *st)
{
	st->error[0] = '\0';
	const char *text = st->name.text + strspn(st->name.text, " \t");
	char why[200], *path = NULL;
	char *name = *text ? apigw_parse_url(text, &path, why, sizeof why) : NULL;
	if (!name) {
		ui_message(ui, true, "%s", *text ? _("Correct the name first.") : _("Type the custom domain."));
		return UI_REDRAW;
	}
	if (load_file(ui, st, name)) {
		free(st->path);
		st->path = path;
		path = NULL;
		ui_start_diagnosis(ui, ui->wizard, &name, 1);
	}
	free(path);
	free(name);
	return UI_REDRAW;
}

static enum ui_result
apigw_input(struct ui *ui, struct screen *s, int key, bool is_char)
{
	struct apigw_step *st = s->priv;
	return ui_input_step_key(ui, st->field ? &st->file : &st->name, key, is_char);
}

static enum ui_result
apigw_request(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	struct apigw_step *st = s->priv;
	if (cmd == CMD_ENTER)
		return apigw_submit(ui, st);
	if (cmd == CMD_NEXT_PANE || cmd == CMD_PREV_PANE || cmd == CMD_DOWN || cmd == CMD_UP) {
		st->field = !st->field;
		return UI_REDRAW;
	}
	return UI_IGNORED;
}

/* Enter checks (or says what to correct); Tab, Up and Down switch fields. */
static bool
apigw_offers(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	(void)ui;
	(void)s;
	return cmd == CMD_ENTER || cmd == CMD_NEXT_PANE || cmd == CMD_PREV_PANE || cmd == CMD_DOWN
	       || cmd == CMD_UP;
}

static void
apigw_open(struct ui *ui, struct screen *s)
{
	struct apigw_step *st = s->priv;
	ui_input_set(&st->name, ui->prefill);
}

static void
apigw_close(struct ui *ui, struct screen *s)
{
	struct apigw_step *st = s->priv;
	(void)ui;
	if (st->have_domain)
		apigw_domain_free(&st->domain);
	free(st->path);
}

const struct screen_ops screen_apigw = {
	.id = "apigw",
	.title = N_("API Gateway"),
	.keys = apigw_keys,
	.priv_size = sizeof(struct apigw_step),
	.text_entry = true,
	.open = apigw_open,
	.close = apigw_close,
	.draw = apigw_draw,
	.request = apigw_request,
	.input = apigw_input,
	.offers = apigw_offers,
};

/* ---- what the wizards add to a diagnosis ---- */

/* The API Gateway wizard: its name is a custom domain, not a certificate
 * name, so no CAA; the path and the description come from its step. */
void
ui_apigw_prepare(struct ui *ui, struct diag *d)
{
	const struct apigw_step *st = NULL;
	for (int i = 0; i < ui->depth; i++)
		if (ui->stack[i].ops == &screen_apigw)
			st = ui->stack[i].priv;
	for (size_t i = 0; i < d->n_names; i++)
		diag_add_apigw(d, d->names[i], st ? st->path : NULL, st && st->have_domain ? &st->domain : NULL, false);
	d->only = 1u << CHECK_apigw;
}

/* "Diagnose a domain": every name that is not a wildcard, where it serves
 * HTTPS through API Gateway or CloudFront. */
void
ui_apigw_prepare_all(struct ui *ui, struct diag *d)
{
	(void)ui;
	for (size_t i = 0; i < d->n_names; i++)
		if (d->names[i][0] != '*')
			diag_add_apigw(d, d->names[i], NULL, NULL, true);
}
