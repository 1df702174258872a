/* "?": the keys of the screen below, generated from its binding table and
 * the generic one, so the help can never disagree with what the keys do;
 * only the commands that screen offers right now are listed. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "core/i18n.h"
#include "ui.h"

struct help {
	struct ui_list scroll;
};

static const struct ui_binding help_keys[] = {
	{ 'q', CMD_BACK, N_("close") },
	{ '\r', CMD_BACK, NULL },
	{ 0, CMD_NONE, NULL },
};

/* Is key bound by an earlier row (the screen's table wins over generic),
 * or taken by a text field? */
static bool
shadowed(const struct screen_ops *ops, const struct ui_binding *b, bool generic)
{
	if (ops->text_entry && b->key > ' ' && b->key < 127 && b->key != '?')
		return true;
	if (!generic)
		return false;
	for (const struct ui_binding *o = ops->keys; o && o->cmd != CMD_NONE; o++)
		if (o->key == b->key)
			return true;
	return false;
}

static void
help_rows(struct ui *ui, struct screen *below, int w, struct ui_rows *r)
{
	const struct screen_ops *ops = below->ops;
	char buf[400], kb[16];
	for (int cmd = 1; cmd < CMD__COUNT; cmd++) {
		if (!ui_offers(ui, below, (enum ui_cmd)cmd))
			continue;
		size_t used = 0;
		buf[0] = '\0';
		const struct ui_binding *tables[2] = { ops->keys, ui_generic_keys };
		for (int t = 0; t < 2; t++) {
			for (const struct ui_binding *b = tables[t]; b && b->cmd != CMD_NONE; b++) {
				if (b->cmd != (enum ui_cmd)cmd || shadowed(ops, b, t == 1))
					continue;
				const char *name = ui_key_name(b->key, kb, sizeof kb);
				/* '\r' and '\n' are both Enter: list it once. */
				if (strstr(buf, name) && strlen(name) > 1)
					continue;
				used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", used ? ", " : "", name);
			}
		}
		if (!used)
			continue;
		char line[600];
		snprintf(line, sizeof line, "%-22s %s", buf, ui_cmd_help((enum ui_cmd)cmd));
		ui_rows_add(r, line, w, 23, 0, ui_attr(UC_NORMAL), cmd);
	}
	if (ops->text_entry) {
		char line[600];
		snprintf(line, sizeof line, "%-22s %s", _("In the field"),
			 _("Left/Right, Home/End (C-A/C-E), Backspace/Del, C-U and C-K edit as in a shell"));
		ui_rows_add(r, line, w, 23, 0, ui_attr(UC_NORMAL), -1);
	}
	ui_rows_add(r, "", w, 0, 0, 0, -1);
	ui_rows_add(r, _("Ctrl-C leaves at once, with exit status 130."), w, 0, 0, ui_attr(UC_DIM), -1);
}

static void
help_draw(struct ui *ui, struct screen *s, const struct ui_rect *b)
{
	struct help *h = s->priv;
	struct screen *below = (struct screen *)s->arg;
	char title[200];
	snprintf(title, sizeof title, _("Keys of the step \"%s\""), _(below->ops->title));
	ui_text(b->y + 1, 2, b->w - 4, title, ui_attr(UC_HEADING));
	struct ui_rows r = { 0 };
	help_rows(ui, below, b->w - 4, &r);
	if (ui->diag && below->ops != &screen_home && below->ops != &screen_names)
		ui_rows_add(&r, _("Everything shown from the DNS is made safe first: control characters and escape sequences appear as \\027 and the like."),
			    b->w - 4, 0, 0, ui_attr(UC_DIM), -1);
	struct ui_rect rr = { b->y + 3, 2, b->h - 3, b->w - 4 };
	h->scroll.n = (int)r.n;
	h->scroll.h = rr.h;
	h->scroll.top = ui_rows_draw(&r, h->scroll.top, &rr);
	ui_rows_clear(&r);
}

static enum ui_result
help_request(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	struct help *h = s->priv;
	if (cmd == CMD_HELP)
		return UI_BACK;
	return ui_scroll_request(&h->scroll, cmd);
}

static bool
help_offers(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	struct help *h = s->priv;
	return ui_cmd_moves(cmd) && ui_list_longer(&h->scroll);
}

const struct screen_ops screen_help = {
	.id = "help",
	.title = N_("Help"),
	.keys = help_keys,
	.priv_size = sizeof(struct help),
	.draw = help_draw,
	.request = help_request,
	.offers = help_offers,
};
