/* Step 1: the names of the certificate request, checked as they are typed
 * (IDN converted and shown, bad names refused with the reason). */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "core/i18n.h"
#include "input.h"
#include "net/names.h"
#include "core/sanitize.h"
#include "ui.h"
#include "core/xalloc.h"

#define MAX_NAMES 100

struct names {
	struct ui_input in;
};

static const struct ui_binding names_keys[] = {
	{ '\r', CMD_ENTER, N_("check") },
	{ 0, CMD_NONE, NULL },
};

struct parsed {
	char *token[MAX_NAMES];
	char *canon[MAX_NAMES];     /* NULL: invalid, why[] says why */
	char why[MAX_NAMES][160];
	size_t n;
	size_t bad;
};

static void
parse(const char *text, struct parsed *p)
{
	memset(p, 0, sizeof *p);
	char *copy = xstrdup(text), *save = NULL;
	for (char *t = strtok_r(copy, " ,;\t", &save); t && p->n < MAX_NAMES; t = strtok_r(NULL, " ,;\t", &save)) {
		p->token[p->n] = xstrdup(t);
		p->canon[p->n] = name_from_user(t, p->why[p->n], sizeof p->why[p->n]);
		p->bad += !p->canon[p->n];
		p->n++;
	}
	free(copy);
}

static void
parsed_free(struct parsed *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->token[i]);
		free(p->canon[i]);
	}
}

static void
names_open(struct ui *ui, struct screen *s)
{
	struct names *nm = s->priv;
	/* Names carried over: the cursor waits in a fresh field after them. */
	char text[sizeof ui->prefill + 1];
	size_t n = strlen(ui->prefill);
	snprintf(text, sizeof text, "%s%s", ui->prefill, n && ui->prefill[n - 1] != ' ' ? " " : "");
	ui_input_set(&nm->in, text);
}

static void
names_draw(struct ui *ui, struct screen *s, const struct ui_rect *b)
{
	struct names *nm = s->priv;
	int w = b->w - 4, y = b->y + 1;
	struct ui_rows r = { 0 };
	ui_rows_add(&r, _("Which names does the certificate request cover?"), w, 0, 0, ui_attr(UC_HEADING), -1);
	ui_rows_add(&r, _("Separate them with spaces. Asked for the wildcard too? Add it: example.com *.example.com"),
		    w, 0, 0, ui_attr(UC_DIM), -1);
	struct ui_rect hr = { y, 2, 3, w };
	ui_rows_fold(&r, 3);
	ui_rows_draw(&r, 0, &hr);
	int head_rows = (int)r.n < 3 ? (int)r.n : 3;
	ui_rows_clear(&r);
	y += head_rows + 1;
	/* TRANSLATORS: label before the names field; keep it short */
	int lx = ui_text(y, 2, w, _("Names:"), ui_attr(UC_HEADING)) + 3;
	ui_input_draw(&nm->in, y, lx, b->w - lx - 2, ui_attr(UC_SELECTED));
	y += 2;

	struct parsed p;
	parse(nm->in.text, &p);
	const struct ui_glyphs *g = ui_glyphs();
	int flags = ui->utf8 ? 0 : SAN_ASCII;
	for (size_t i = 0; i < p.n && y < b->y + b->h - 1; i++, y++) {
		char *tok = san_str(p.token[i], 120, flags);
		int attr = ui_attr(p.canon[i] ? UC_GOOD : UC_ERROR);
		ui_text(y, 4, 2, p.canon[i] ? g->ok : g->bad, attr);
		ui_text(y, 6, 24, tok, ui_attr(UC_NORMAL));
		int x = 6 + 25;
		if (p.canon[i]) {
			x += ui_text(y, x, 3, g->arrow, attr) + 1;
			ui_text(y, x, w + 2 - x, p.canon[i], attr);
		} else {
			ui_text(y, x, w + 2 - x, p.why[i], attr);
		}
		free(tok);
	}
	if (p.n == 0)
		ui_text(y, 4, w - 2, _("Type a domain name, for example example.com"), ui_attr(UC_DIM));
	parsed_free(&p);
}

static enum ui_result
names_submit(struct ui *ui, struct names *nm)
{
	struct parsed p;
	parse(nm->in.text, &p);
	if (p.n == 0) {
		ui_message(ui, true, "%s", _("Type at least one domain name."));
	} else if (p.bad) {
		ui_message(ui, true, "%s", _("Correct the names marked as invalid first."));
	} else {
		/* Duplicates ("Example.com example.com.") are one name. */
		char *uniq[MAX_NAMES];
		size_t n = 0;
		for (size_t i = 0; i < p.n; i++) {
			bool dup = false;
			for (size_t k = 0; k < n; k++)
				dup |= !strcmp(uniq[k], p.canon[i]);
			if (!dup)
				uniq[n++] = p.canon[i];
		}
		snprintf(ui->prefill, sizeof ui->prefill, "%s", nm->in.text);
		ui_start_diagnosis(ui, ui->wizard, uniq, n);
	}
	parsed_free(&p);
	return UI_REDRAW;
}

static enum ui_result
names_input(struct ui *ui, struct screen *s, int key, bool is_char)
{
	struct names *nm = s->priv;
	return ui_input_step_key(ui, &nm->in, key, is_char);
}

static enum ui_result
names_request(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	if (cmd == CMD_ENTER)
		return names_submit(ui, s->priv);
	return UI_IGNORED;
}

static bool
names_offers(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	return cmd == CMD_ENTER;
}

const struct screen_ops screen_names = {
	.id = "names",
	.title = N_("Names"),
	.keys = names_keys,
	.priv_size = sizeof(struct names),
	.text_entry = true,
	.open = names_open,
	.draw = names_draw,
	.request = names_request,
	.input = names_input,
	.offers = names_offers,
};
