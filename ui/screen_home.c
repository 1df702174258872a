/* Home: "What is going wrong?" One entry per wizard that works, and in the
 * demo the lab's sample domains, one per scenario. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "core/i18n.h"
#include "net/names.h"
#include "ui.h"

struct home {
	struct ui_list list;
};

/* The wizards on offer now: those whose condition holds (My certificates
 * needs credentials). Entry i of the home list is wizard shown(ui, i). */
static size_t
n_shown(const struct ui *ui)
{
	size_t n = 0;
	for (size_t i = 0; i < ui_n_wizards; i++)
		n += !ui_wizards[i].available || ui_wizards[i].available(ui);
	return n;
}

static const struct wizard *
shown(const struct ui *ui, size_t k)
{
	for (size_t i = 0; i < ui_n_wizards; i++)
		if ((!ui_wizards[i].available || ui_wizards[i].available(ui)) && k-- == 0)
			return &ui_wizards[i];
	return &ui_wizards[ui_n_wizards - 1];
}

static const struct ui_binding home_keys[] = {
	{ '\r', CMD_ENTER, N_("choose") },
	{ KEY_RIGHT, CMD_ENTER, NULL },
	{ 0, CMD_NONE, NULL },
};

static size_t
n_entries(const struct ui *ui)
{
	return n_shown(ui) + (ui->demo ? ui_n_demo_domains : 0);
}

static void
home_open(struct ui *ui, struct screen *s)
{
	struct home *h = s->priv;
	h->list.n = (int)n_entries(ui);
}

/* Row of entry i within the body: the demo domains follow a heading. */
static int
entry_row(const struct ui *ui, int i)
{
	return i < (int)n_shown(ui) ? i : i + 2;
}

static void
home_draw(struct ui *ui, struct screen *s, const struct ui_rect *b)
{
	struct home *h = s->priv;
	size_t nw = n_shown(ui);
	/* credentials found since the last paint add an entry */
	h->list.n = (int)n_entries(ui);
	ui_text(b->y + 1, 2, b->w - 4, _("What is going wrong?"), ui_attr(UC_HEADING));
	int y0 = b->y + 3;
	int rows = b->h - 6;
	int total = entry_row(ui, h->list.n - 1) + 1;
	/* Scroll as a whole when the demo list does not fit. */
	int sel_row = entry_row(ui, h->list.sel), top = 0;
	if (sel_row >= rows)
		top = sel_row - rows + 1;
	h->list.y = y0;
	h->list.h = rows;
	h->list.top = top;
	for (int i = 0; i < h->list.n; i++) {
		int y = y0 + entry_row(ui, i) - top;
		if (y < y0 || y >= y0 + rows)
			continue;
		bool sel = i == h->list.sel;
		int attr = sel ? ui_attr(UC_SELECTED) : ui_attr(UC_NORMAL);
		if (sel)
			ui_fill(y, 2, b->w - 4, attr);
		char buf[300];
		if (i < (int)nw) {
			snprintf(buf, sizeof buf, "%s %s", sel ? ui_glyphs()->cursor : " ", _(shown(ui, (size_t)i)->label));
			ui_text(y, 2, b->w - 4, buf, attr);
		} else {
			const struct demo_domain *d = &ui_demo_domains[i - nw];
			snprintf(buf, sizeof buf, "%s %-20s %s", sel ? ui_glyphs()->cursor : " ", d->name, _(d->story));
			ui_text(y, 2, b->w - 4, buf, attr);
		}
	}
	ui_more_below(y0 + rows - 1, 2, b->w - 4, total - top - rows);
	if (ui->demo && total > (int)nw) {
		int y = y0 + (int)nw + 1 - top;
		if (y >= y0 && y < y0 + rows)
			ui_text(y, 2, b->w - 4, _("Or try a sample domain of the demo lab:"), ui_attr(UC_HEADING));
	}
	const char *about = h->list.sel < (int)nw
		? _(shown(ui, (size_t)h->list.sel)->summary)
		: _("Diagnoses the domain and its wildcard in the lab.");
	struct ui_rows r = { 0 };
	ui_rows_add(&r, about, b->w - 4, 0, 0, ui_attr(UC_DIM), -1);
	struct ui_rect ar = { b->y + b->h - 2, 2, 2, b->w - 4 };
	ui_rows_fold(&r, 2);
	ui_rows_draw(&r, 0, &ar);
	ui_rows_clear(&r);
}

static enum ui_result
home_enter(struct ui *ui, struct home *h)
{
	int i = h->list.sel;
	size_t nw = n_shown(ui);
	if (i < (int)nw) {
		ui->wizard = shown(ui, (size_t)i);
		ui_push(ui, ui->wizard->first, ui->wizard);
		return UI_REDRAW;
	}
	const char *d = ui_demo_domains[i - nw].name;
	char why[256], wild[300];
	snprintf(wild, sizeof wild, "*.%s", d);
	char *names[2] = { name_from_user(d, why, sizeof why), name_from_user(wild, why, sizeof why) };
	ui->wizard = &ui_wizards[ui_n_wizards - 1];
	snprintf(ui->prefill, sizeof ui->prefill, "%s %s", d, wild);
	ui_push(ui, &screen_names, ui->wizard);
	if (names[0] && names[1])
		ui_start_diagnosis(ui, ui->wizard, names, 2);
	free(names[0]);
	free(names[1]);
	return UI_REDRAW;
}

static enum ui_result
home_request(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	struct home *h = s->priv;
	h->list.n = (int)n_entries(ui);
	if (cmd == CMD_ENTER)
		return home_enter(ui, h);
	return ui_list_request(&h->list, cmd);
}

static enum ui_result
home_click(struct ui *ui, struct screen *s, int y, int x)
{
	struct home *h = s->priv;
	for (int i = 0; i < h->list.n; i++) {
		if (h->list.y + entry_row(ui, i) - h->list.top == y) {
			h->list.sel = i;
			return home_enter(ui, h);
		}
	}
	return UI_IGNORED;
}

static bool
home_offers(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	return cmd == CMD_ENTER || ui_cmd_moves(cmd);
}

const struct screen_ops screen_home = {
	.id = "home",
	.title = N_("Home"),
	.keys = home_keys,
	.priv_size = sizeof(struct home),
	.open = home_open,
	.draw = home_draw,
	.request = home_request,
	.click = home_click,
	.offers = home_offers,
};
