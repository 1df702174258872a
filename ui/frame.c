/* The frame around every screen, painted by the loop alone: the title bar
 * (where the user is, as crumbs), the message row (a message belongs to the
 * screen that raised it), the status line (the counts that matter, after
 * tig's and htop's) and the key line (only the keys that lead somewhere
 * here). Below the minimum size, a message that fits instead. */
#include "config.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert.h"
#include "diag.h"
#include "draw.h"
#include "core/i18n.h"
#include "input.h"
#include "ui.h"

#define MAX_HINTS 24

/* ---------------------------------------------------------------------
 * Messages
 */

static void
message_set(struct ui *ui, bool bad, const char *text)
{
	snprintf(ui->message, sizeof ui->message, "%s", text);
	ui->message_bad = bad;
	ui->message_while_running = false;
	struct screen *top = ui_top(ui);
	ui->message_owner = top ? top->serial : 0;
	ui->dirty = true;
}

void
ui_message(struct ui *ui, bool bad, const char *fmt, ...)
{
	char buf[sizeof ui->message];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	message_set(ui, bad, buf);
}

void
ui_message_while_running(struct ui *ui, const char *text)
{
	message_set(ui, false, text);
	ui->message_while_running = true;
}

enum ui_result
ui_input_still_asking(struct ui *ui, struct screen *s, int key, bool is_char)
{
	(void)s;
	bool enter = is_char ? key == '\n' || key == '\r' : key == KEY_ENTER || key == KEY_RIGHT;
	if (!enter || !diag_running(ui->diag))
		return UI_IGNORED;
	ui_message_while_running(ui, _("Still asking; the findings follow when the answers are in."));
	return UI_REDRAW;
}

void
ui_message_clear(struct ui *ui)
{
	if (ui->message[0])
		ui->dirty = true;
	ui->message[0] = '\0';
	ui->message_while_running = false;
}

/* ---------------------------------------------------------------------
 * What works where
 */

struct screen *
ui_below(struct ui *ui, const struct screen *s)
{
	for (int i = 1; i < ui->depth; i++)
		if (&ui->stack[i] == s)
			return &ui->stack[i - 1];
	return NULL;
}

bool
ui_offers(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	switch (cmd) {
	case CMD_NONE:
		return false;
	case CMD_HELP:
	case CMD_QUIT:
	case CMD_REDRAW:
		return true;
	case CMD_BACK:
		return ui_below(ui, s) != NULL;
	default:
		return s->ops->offers && s->ops->offers(ui, s, cmd);
	}
}

/* ---------------------------------------------------------------------
 * Title bar
 */

/* The crumb of stack entry i (the wizard's first step says the wizard,
 * or its state: "Certificate: Failed"). */
static const char *
crumb_of(struct ui *ui, int i, char *buf, size_t len)
{
	const struct screen_ops *ops = ui->stack[i].ops;
	if (!ui->wizard || ops != ui->wizard->first)
		return _(ops->title);
	if (!ui->wizard->title)
		return _(ui->wizard->crumb);
	ui->wizard->title(ui, buf, len);
	return buf;
}

/* "acm-doctor › CAA blocks Amazon › Probes › Findings"; when that is too
 * wide, the crumbs next to the program's name give way to "…" first: where
 * the user is now matters most. */
static void
paint_title(struct ui *ui)
{
	char crumbs[UI_MAX_DEPTH][200];
	const char *c[UI_MAX_DEPTH];
	int n = 0, total = ui_width("acm-doctor"), sep = ui_width(ui_glyphs()->crumb);
	for (int i = 1; i < ui->depth; i++) {
		c[n] = crumb_of(ui, i, crumbs[n], sizeof crumbs[n]);
		total += sep + ui_width(c[n++]);
	}
	int skip = 0, ell = ui_width(ui_glyphs()->ellipsis);
	while (total > COLS - 2 && n - skip > 1) {
		total -= sep + ui_width(c[skip]);
		if (!skip)
			total += sep + ell;
		skip++;
	}
	ui_fill(0, 0, COLS, ui_attr(UC_TITLE));
	int x = 1 + ui_text(0, 1, COLS - 2, "acm-doctor", ui_attr(UC_TITLE));
	for (int i = skip ? skip - 1 : 0; i < n; i++) {
		x += ui_text(0, x, COLS - 1 - x, ui_glyphs()->crumb, ui_attr(UC_TITLE));
		x += ui_text(0, x, COLS - 1 - x, i < skip ? ui_glyphs()->ellipsis : c[i], ui_attr(UC_TITLE));
	}
}

/* ---------------------------------------------------------------------
 * Message row and status line
 */

/* A message, or a question, on the message row; a long one (a path saved
 * to) takes the row above as well. */
static void
paint_text_row(const char *text, int attr)
{
	int y = LINES - UI_FRAME_BOTTOM;
	struct ui_rows r = { 0 };
	ui_rows_add(&r, text, COLS - 4, 0, 0, attr, -1);
	bool two = r.n > 1;
	ui_rows_clear(&r);
	/* The messages are made of sanitised parts already. */
	if (two)
		ui_fill(y - 1, 0, COLS, ui_attr(UC_NORMAL));
	ui_paragraph(two ? y - 1 : y, 2, COLS - 4, text, 0, attr, 2, -1);
}

static void
paint_message(struct ui *ui)
{
	int y = LINES - UI_FRAME_BOTTOM;
	struct screen *top = ui_top(ui);
	if (ui->prompt.active && ui->prompt.confirm) {
		paint_text_row(ui->prompt.label, ui_attr(UC_HEADING));
	} else if (ui->prompt.active) {
		int x = 2 + ui_text(y, 2, COLS - 4, ui->prompt.label, ui_attr(UC_HEADING)) + 1;
		if (x < COLS - 2)
			ui_input_draw(ui->prompt.input, y, x, COLS - 2 - x, ui_attr(UC_SELECTED));
	} else if (ui->message[0] && top && ui->message_owner == top->serial) {
		paint_text_row(ui->message, ui_attr(ui->message_bad ? UC_WARNING : UC_INFO));
	}
}

/* Append one part of the status line, with its separator. */
static void
status_part(char *buf, size_t len, const char *part)
{
	size_t used = strlen(buf);
	if (!*part || used >= len)
		return;
	snprintf(buf + used, len - used, "%s%s", used ? ui_glyphs()->sep : " ", part);
}

static void
status_counts(struct ui *ui, char *buf, size_t len)
{
	const struct diag *d = ui->diag;
	char part[200];
	size_t names = diag_names_count(d);
	if (diag_finished(d)) {
		int blocked = diag_blocking(d);
		snprintf(part, sizeof part, ngettext("%zu name, %d blocked", "%zu names, %d blocked",
						     (unsigned long)names), names, blocked);
	} else {
		snprintf(part, sizeof part, ngettext("%zu name, checking", "%zu names, checking",
						     (unsigned long)names), names);
	}
	status_part(buf, len, part);
	size_t done = 0;
	for (size_t i = 0; i < d->n_probes; i++)
		done += d->probes[i].n_done;
	size_t sent = diag_queries(d);
	snprintf(part, sizeof part, ngettext("%zu query, %zu pending", "%zu queries, %zu pending",
					     (unsigned long)sent), sent, sent - done);
	status_part(buf, len, part);
}

static void
paint_status(struct ui *ui, struct screen *s)
{
	char buf[600] = "", part[200] = "";
	if (s->ops->where)
		s->ops->where(ui, s, part, sizeof part);
	else
		snprintf(part, sizeof part, "%s", _(s->ops->title));
	status_part(buf, sizeof buf, part);
	if (ui->diag) {
		status_counts(ui, buf, sizeof buf);
	} else if (ui->cert && ui->cert->from_file) {
		/* TRANSLATORS: status line: ACM's status of the loaded certificate */
		snprintf(part, sizeof part, _("certificate %s"), ui->cert->cert.status_text ? ui->cert->cert.status_text : "-");
		status_part(buf, sizeof buf, part);
	}
	/* TRANSLATORS: status line: the resolver the probes ask, as in "Done: 4
	 * DNS queries via 127.0.0.1" */
	snprintf(part, sizeof part, _("via %s"), ui->resolver ? ui->resolver : dns_client_servers(ui->dns));
	status_part(buf, sizeof buf, part);
	int y = LINES - UI_FRAME_BOTTOM + 1;
	ui_fill(y, 0, COLS, ui_attr(UC_STATUS));
	ui_text(y, 0, COLS, buf, ui_attr(UC_STATUS));
}

/* ---------------------------------------------------------------------
 * Key line
 */

struct hint {
	char key[24];
	const char *label;
	int rank;               /* dropped first when the line is too short: highest */
};

/* How much a key matters when the line is short (lower stays longer). */
static int
rank_of(enum ui_cmd cmd)
{
	static const enum ui_cmd order[] = {
		CMD_ENTER, CMD_BACK, CMD_QUIT, CMD_LEFT, CMD_COPY, CMD_SAVE, CMD_HELP,
		CMD_NEXT_PANE, CMD_RECHECK,
	};
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		if (order[i] == cmd)
			return (int)i;
	return 50;
}

/* Can key be pressed for a command on s (a text field takes the
 * printable ones)? */
static bool
usable(const struct screen *s, int key)
{
	return !s->ops->text_entry || key <= ' ' || key >= 127;
}

/* The key to show for cmd: the hinted binding's, or another one for the
 * same command when a text field takes that one ("C-Q" for "q"). */
static bool
hint_key(const struct screen *s, const struct ui_binding *b, char *buf, size_t len)
{
	int key = b->key;
	if (!usable(s, key)) {
		key = -1;
		const struct ui_binding *tables[2] = { s->ops->keys, ui_generic_keys };
		for (int t = 0; t < 2 && key < 0; t++)
			for (const struct ui_binding *o = tables[t]; o && o->cmd != CMD_NONE && key < 0; o++)
				if (o->cmd == b->cmd && usable(s, o->key) && ui_key_lookup(s->ops->keys, o->key) == b->cmd)
					key = o->key;
		if (key < 0)
			return false;
	}
	if (b->cmd == CMD_LEFT) {
		/* Left and Right go together: one hint for both. */
		snprintf(buf, len, "%s", ui_glyphs()->left_right);
		return true;
	}
	char kb[16];
	snprintf(buf, len, "%s", ui_key_name(key, kb, sizeof kb));
	return true;
}

static size_t
collect_hints(struct ui *ui, struct screen *s, struct hint *out, size_t max)
{
	enum ui_cmd seen[MAX_HINTS];
	size_t n = 0;
	const struct ui_binding *tables[2] = { s->ops->keys, ui_generic_keys };
	for (int t = 0; t < 2; t++) {
		for (const struct ui_binding *b = tables[t]; b && b->cmd != CMD_NONE && n < max; b++) {
			bool dup = false;
			for (size_t i = 0; i < n; i++)
				dup |= seen[i] == b->cmd;
			if (!b->hint || dup || !ui_offers(ui, s, b->cmd))
				continue;
			/* A generic key the screen binds to something else. */
			if (t == 1 && ui_key_lookup(s->ops->keys, b->key) != b->cmd)
				continue;
			if (!hint_key(s, b, out[n].key, sizeof out[n].key))
				continue;
			out[n].label = *b->hint ? _(b->hint) : ui_cmd_hint(b->cmd);
			out[n].rank = rank_of(b->cmd);
			seen[n++] = b->cmd;
		}
	}
	return n;
}

/* While a prompt is open it has the keyboard: its own keys. */
static size_t
prompt_hints(struct ui *ui, struct hint *out)
{
	char kb[16];
	snprintf(out[0].key, sizeof out[0].key, "%s", ui->prompt.confirm ? "y" : ui_key_name('\n', kb, sizeof kb));
	out[0].label = ui->prompt.ok;
	out[0].rank = 0;
	snprintf(out[1].key, sizeof out[1].key, "%s", ui_key_name(27, kb, sizeof kb));
	/* TRANSLATORS: key line while a question is asked; keep it short */
	out[1].label = _("cancel");
	out[1].rank = 1;
	return 2;
}

static int
hints_width(const struct hint *h, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n; i++)
		if (h[i].rank >= 0)
			w += ui_width(h[i].key) + 1 + ui_width(h[i].label) + 2;
	return w;
}

static void
paint_hints(struct ui *ui, struct screen *s)
{
	struct hint h[MAX_HINTS];
	size_t n = ui->prompt.active ? prompt_hints(ui, h) : collect_hints(ui, s, h, MAX_HINTS);
	/* Too long: leave out the keys that matter least, whole. */
	for (;;) {
		if (hints_width(h, n) <= COLS - 1)
			break;
		size_t worst = n;
		for (size_t i = 0; i < n; i++)
			if (h[i].rank >= 0 && (worst == n || h[i].rank > h[worst].rank))
				worst = i;
		size_t left = 0;
		for (size_t i = 0; i < n; i++)
			left += h[i].rank >= 0;
		if (worst == n || left <= 1)
			break;
		h[worst].rank = -1;
	}
	int y = LINES - 1, x = 1;
	ui_fill(y, 0, COLS, ui_attr(UC_BAR));
	for (size_t i = 0; i < n && x < COLS; i++) {
		if (h[i].rank < 0)
			continue;
		x += ui_text(y, x, COLS - x, h[i].key, ui_attr(UC_BAR) | A_BOLD) + 1;
		if (x < COLS)
			x += ui_text(y, x, COLS - x, h[i].label, ui_attr(UC_BAR)) + 2;
	}
}

/* ---------------------------------------------------------------------
 * The whole screen
 */

/* Centred in whatever is left; every row cut ends in the ellipsis. */
static void
paint_too_small(void)
{
	char buf[200];
	/* TRANSLATORS: shown in a window too small for the wizard; it may be as
	 * narrow as 20 columns: keep the sentences short */
	snprintf(buf, sizeof buf, _("Window %dx%d: acm-doctor needs %dx%d."), COLS, LINES, UI_MIN_COLS, UI_MIN_LINES);
	int w = COLS > 2 ? COLS - 2 : COLS;
	struct ui_rows r = { 0 };
	ui_rows_add(&r, buf, w, 0, 0, ui_attr(UC_WARNING), -1);
	ui_rows_add(&r, _("Enlarge it, or press q to quit."), w, 0, 0, ui_attr(UC_NORMAL), -1);
	ui_rows_fold(&r, (size_t)(LINES > 0 ? LINES : 1));
	int h = (int)r.n;
	struct ui_rect rect = { (LINES - h) / 2, COLS > 2 ? 1 : 0, h, w };
	ui_rows_draw(&r, 0, &rect);
	ui_rows_clear(&r);
}

bool
ui_too_small(void)
{
	return COLS < UI_MIN_COLS || LINES < UI_MIN_LINES;
}

void
ui_paint(struct ui *ui)
{
	if (!ui->dirty)
		return;
	ui->dirty = false;
	erase();
	struct screen *s = ui_top(ui);
	if (ui_too_small()) {
		paint_too_small();
	} else if (s) {
		paint_title(ui);
		struct ui_rect body = { UI_FRAME_TOP, 0, LINES - UI_FRAME_TOP - UI_FRAME_BOTTOM, COLS };
		s->ops->draw(ui, s, &body);
		paint_message(ui);
		paint_status(ui, s);
		paint_hints(ui, s);
	}
	refresh();
}
