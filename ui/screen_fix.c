/* Step 4: the fix. Tabs per provider (the detected one first, marked; the
 * zone file first when no provider was recognised, which is said) and per
 * format; the snippet below; c copies it (OSC 52), s saves it. The tabs
 * chosen last are chosen again when the fix is opened anew (after "r"). */
#include "config.h"

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clipboard.h"
#include "diag.h"
#include "draw.h"
#include "fix_summary.h"
#include "core/i18n.h"
#include "fix/provider.h"
#include "report/report.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "ui.h"
#include "core/xalloc.h"

#define MAX_PROVIDERS 16
#define MAX_ENTRIES 64

struct fix_entry {
	const struct provider *provider;
	const char *format;
	char *text;             /* sanitised rendering, or the reason it failed */
	bool failed;
};

struct fix {
	struct plan_view view;  /* of a CAA or a CNAME plan */
	const struct plan_view *plan;   /* &view, or NULL: nothing to change */
	char *advice;           /* sanitised, when the fix is no record change */
	const struct finding *finding;  /* the item's, or NULL */
	struct fix_entry e[MAX_ENTRIES];
	size_t n;
	const struct provider *prov[MAX_PROVIDERS];
	size_t n_prov, cur_prov, cur_fmt;
	int pane;               /* 0 providers, 1 formats, 2 text */
	struct ui_list text;
	char pending[1024];     /* path waiting for "overwrite?" */
};

static const struct ui_binding fix_keys[] = {
	{ 'c', CMD_COPY, "" },
	{ 's', CMD_SAVE, "" },
	{ KEY_LEFT, CMD_LEFT, "" },
	{ '\t', CMD_NEXT_PANE, "" },
	{ 'r', CMD_RECHECK, "" },
	{ 0, CMD_NONE, NULL },
};

/* How the formats are called on the tabs. */
static const struct {
	const char *id, *label;
} format_labels[] = {
	/* TRANSLATORS: tab labels of the fix step; keep each short */
	{ "dashboard", N_("Dashboard") },
	{ "api", N_("API/CLI") },
	{ "terraform", N_("Terraform") },
	{ "zone", N_("Zone file") },
};

static const char *
format_label(const char *id)
{
	for (size_t i = 0; i < sizeof format_labels / sizeof format_labels[0]; i++)
		if (!strcmp(format_labels[i].id, id))
			return _(format_labels[i].label);
	return id;
}

static void
collect(void *ctx, const struct provider *p, const char *format, const char *text, const char *err)
{
	struct fix *fx = ctx;
	if (fx->n >= MAX_ENTRIES)
		return;
	struct fix_entry *e = &fx->e[fx->n++];
	e->provider = p;
	e->format = format;
	e->failed = !text;
	e->text = san_str(text ? text : err, 0, SAN_MULTILINE);
	bool known = false;
	for (size_t i = 0; i < fx->n_prov; i++)
		known |= fx->prov[i] == p;
	if (!known && fx->n_prov < MAX_PROVIDERS)
		fx->prov[fx->n_prov++] = p;
}

/* The tabs the user chose last, if this fix has them. */
static void
restore_choice(const struct ui *ui, struct fix *fx)
{
	for (size_t i = 0; i < fx->n_prov && *ui->fix_provider; i++)
		if (!strcmp(provider_id(fx->prov[i]), ui->fix_provider))
			fx->cur_prov = i;
	for (size_t i = 0, k = 0; i < fx->n && *ui->fix_format; i++) {
		if (fx->e[i].provider != fx->prov[fx->cur_prov])
			continue;
		if (!strcmp(fx->e[i].format, ui->fix_format))
			fx->cur_fmt = k;
		k++;
	}
}

static void
remember_choice(struct ui *ui, const struct fix *fx);

static void
fix_open(struct ui *ui, struct screen *s)
{
	struct fix *fx = s->priv;
	fx->pane = 2;
	fx->finding = s->arg ? diag_finding(ui->diag, s->arg) : NULL;
	if (!diag_plan_view(ui->diag, s->arg, &fx->view))
		return;
	fx->plan = &fx->view;
	if (fx->view.advice) {
		/* No record to change: what to do, and where. */
		char *text = report_advice_text(&fx->view);
		fx->advice = san_str(text, 0, SAN_MULTILINE | (ui->utf8 ? 0 : SAN_ASCII));
		free(text);
		return;
	}
	const struct provider *list[MAX_PROVIDERS];
	struct report_opts ro = { .utf8 = ui->utf8 };
	size_t n = report_view_providers(fx->plan, &ro, list, MAX_PROVIDERS);
	/* The detected provider first: that is where the user goes. */
	for (size_t i = 1; i < n && fx->plan->provider; i++) {
		if (list[i] == fx->plan->provider) {
			memmove(list + 1, list, i * sizeof *list);
			list[0] = fx->plan->provider;
		}
	}
	/* Not recognised: the zone-file lines work at any provider. */
	const struct provider *zone = provider_get("zonefile");
	for (size_t i = 1; i < n && !fx->plan->provider; i++) {
		if (list[i] == zone) {
			memmove(list + 1, list, i * sizeof *list);
			list[0] = zone;
		}
	}
	report_view_each_fix(fx->plan, list, n, collect, fx);
	restore_choice(ui, fx);
}

static void
fix_close(struct ui *ui, struct screen *s)
{
	struct fix *fx = s->priv;
	for (size_t i = 0; i < fx->n; i++)
		free(fx->e[i].text);
	free(fx->advice);
}

/* The formats of the current provider, in order. */
static size_t
formats_of(const struct fix *fx, const struct fix_entry **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < fx->n && n < max; i++)
		if (fx->n_prov && fx->e[i].provider == fx->prov[fx->cur_prov])
			out[n++] = &fx->e[i];
	return n;
}

static const struct fix_entry *
current(const struct fix *fx)
{
	const struct fix_entry *f[MAX_ENTRIES];
	size_t n = formats_of(fx, f, MAX_ENTRIES);
	if (!n)
		return NULL;
	return f[fx->cur_fmt < n ? fx->cur_fmt : n - 1];
}

/* No provider recognised: said before the tabs, which start at the zone
 * file. */
static int
draw_unrecognised(struct ui *ui, const struct plan_view *v, int y, int w)
{
	if (v->provider)
		return 0;
	char buf[700];
	ui_fix_unknown_provider(v, buf, sizeof buf);
	return ui_paragraph(y, 2, w, buf, 0, ui_attr(UC_WARNING), 2, ui->utf8 ? 0 : SAN_ASCII);
}

/* The provider tabs, then the format tabs of the chosen provider. */
static void
draw_tabs(struct fix *fx, int y, int w)
{
	struct ui_tab tabs[MAX_ENTRIES];
	char labels[MAX_PROVIDERS][160], shorts[MAX_PROVIDERS][160];
	for (size_t i = 0; i < fx->n_prov; i++) {
		const char *title = provider_title(fx->prov[i]);
		bool detected = fx->prov[i] == fx->plan->provider && fx->plan->detected;
		if (detected)
			/* TRANSLATORS: a provider tab: "Cloudflare (detected)" */
			snprintf(labels[i], sizeof labels[i], _("%s (detected)"), title);
		else
			snprintf(labels[i], sizeof labels[i], "%s", title);
		/* Short: the title before any " (", the detected one marked. */
		int cut = (int)(strstr(title, " (") ? (size_t)(strstr(title, " (") - title) : strlen(title));
		snprintf(shorts[i], sizeof shorts[i], "%.*s%s%s", cut, title, detected ? " " : "",
			 detected ? ui_glyphs()->ok : "");
		tabs[i] = (struct ui_tab){ labels[i], shorts[i], i == fx->cur_prov };
	}
	ui_tabs(y, 2, w, tabs, fx->n_prov, fx->pane == 0);
	const struct fix_entry *f[MAX_ENTRIES];
	size_t nf = formats_of(fx, f, MAX_ENTRIES);
	if (fx->cur_fmt >= nf && nf)
		fx->cur_fmt = nf - 1;
	for (size_t i = 0; i < nf; i++)
		tabs[i] = (struct ui_tab){ format_label(f[i]->format), NULL, i == fx->cur_fmt };
	ui_tabs(y + 1, 2, w, tabs, nf, fx->pane == 1);
}

static void
fix_draw(struct ui *ui, struct screen *s, const struct ui_rect *b)
{
	struct fix *fx = s->priv;
	int w = b->w - 4, y = b->y + 1;
	if (!fx->plan && fx->finding && fx->finding->severity == SEV_ERROR) {
		/* It blocks, so it is never "nothing to change": say what does. */
		ui_text(y, 2, w, _("No DNS record change fixes this finding; what to do:"), ui_attr(UC_HEADING));
		struct ui_rows r = { 0 };
		char *msg = san_str(fx->finding->message, 2000, ui->utf8 ? 0 : SAN_ASCII);
		ui_rows_add(&r, msg, w, 0, 0, ui_attr(UC_NORMAL), -1);
		free(msg);
		struct ui_rect tr = { y + 2, 2, b->y + b->h - y - 2, w };
		fx->text.top = ui_rows_draw(&r, fx->text.top, &tr);
		ui_rows_clear(&r);
		return;
	}
	if (!fx->plan) {
		ui_text(y, 2, w, _("Nothing to change: no finding needs a DNS change."), ui_attr(UC_GOOD));
		return;
	}
	if (fx->advice) {
		const char *nl = strchr(fx->advice, '\n');
		char head[600];
		snprintf(head, sizeof head, "%.*s", (int)(nl ? nl - fx->advice : (long)strlen(fx->advice)), fx->advice);
		ui_text(y++, 2, w, head, ui_attr(UC_HEADING));
		struct ui_rows r = { 0 };
		/* Server lines (indented) hang under themselves; the advice is
		 * a paragraph. */
		for (const char *p = nl ? nl + 1 : ""; *p;) {
			const char *eol = strchr(p, '\n');
			char *line = xstrndup(p, eol ? (size_t)(eol - p) : strlen(p));
			ui_rows_add(&r, line, w, line[0] == ' ' ? 6 : 0, 0, ui_attr(UC_NORMAL), -1);
			free(line);
			p = eol ? eol + 1 : p + strlen(p);
		}
		struct ui_rect tr = { y + 1, 2, b->y + b->h - y - 1, w };
		fx->text.n = (int)r.n;
		fx->text.h = tr.h;
		fx->text.top = ui_rows_draw(&r, fx->text.top, &tr);
		ui_rows_clear(&r);
		return;
	}
	int flags = ui->utf8 ? 0 : SAN_ASCII;
	char *owner = san_str(fx->plan->owner ? fx->plan->owner : "", 300, flags);
	char buf[600];
	if (fx->plan->type && !strcmp(fx->plan->type, "CNAME"))
		snprintf(buf, sizeof buf, _("Fix: change the CNAME records at %s"), owner);
	else if (fx->plan->type && !strcmp(fx->plan->type, "MX"))
		snprintf(buf, sizeof buf, _("Fix: change the MX records at %s"), owner);
	else
		snprintf(buf, sizeof buf, _("Fix: change the CAA records at %s"), owner);
	free(owner);
	ui_text(y++, 2, w, buf, ui_attr(UC_HEADING));
	if (fx->plan->foreign)
		ui_text(y++, 2, w, _("This name is an alias target, in a zone that may be run by someone else."),
			ui_attr(UC_WARNING));
	y += draw_unrecognised(ui, fx->plan, y, w);
	draw_tabs(fx, ++y, w);
	y += 2;
	ui_hline(y, 2, w, ui_attr(fx->pane == 2 ? UC_HEADING : UC_DIM));
	y++;
	const struct fix_entry *e = current(fx);
	if (!e)
		return;
	struct ui_rows r = { 0 };
	/* Continuation rows of a wrapped line hang deeper than any code. */
	ui_rows_add(&r, e->text, w, 6, 0, ui_attr(e->failed ? UC_ERROR : UC_NORMAL), -1);
	struct ui_rect tr = { y, 2, b->y + b->h - y, w };
	ui_focus_mark(y - 1, 1 + (tr.h < (int)r.n ? tr.h : (int)r.n), fx->pane == 2);
	fx->text.n = (int)r.n;
	fx->text.h = tr.h;
	fx->text.top = ui_rows_draw(&r, fx->text.top, &tr);
	ui_rows_clear(&r);
}

static void
copy_snippet(struct ui *ui, const struct fix_entry *e)
{
	int rc = clip_copy_out(e->text);
	if (rc < 0)
		ui_message(ui, true, "%s", _("Could not write to the terminal."));
	else
		ui_message(ui, false, _("Copied %zu bytes to the clipboard (OSC 52; tmux: set -g set-clipboard on)."),
			   strlen(e->text));
}

static void
default_path(const struct fix *fx, const struct fix_entry *e, char *buf, size_t len)
{
	const char *zone = fx->plan->plan->zone ? fx->plan->plan->zone : fx->plan->owner;
	const char *ext = !strcmp(e->format, "terraform") ? "tf" : !strcmp(e->format, "api") ? "sh"
			: !strcmp(e->format, "zone") ? "zone" : "txt";
	snprintf(buf, len, "acm-doctor-%.*s-%s-%s.%s", (int)strcspn(zone, " "), zone,
		 provider_id(e->provider), e->format, ext);
	/* The zone has a trailing dot: "caa-le.test.-route53" reads badly. */
	char *dd = strstr(buf, ".-");
	if (dd)
		memmove(dd, dd + 1, strlen(dd));
}

static void save_to(struct ui *ui, struct fix *fx, const char *path, bool overwrite);

static void
on_overwrite(struct ui *ui, void *ctx, const char *answer)
{
	struct fix *fx = ctx;
	if (answer)
		save_to(ui, fx, fx->pending, true);
}

static void
save_to(struct ui *ui, struct fix *fx, const char *path, bool overwrite)
{
	const struct fix_entry *e = current(fx);
	char err[256];
	if (!e || !*path)
		return;
	if (path != fx->pending)
		snprintf(fx->pending, sizeof fx->pending, "%s", path);
	char *shown = san_str(path, 200, ui->utf8 ? 0 : SAN_ASCII);
	enum clip_save_status st = clip_save(path, e->text, overwrite, err, sizeof err);
	/* Where it went, in full (the wizard may have been started
	 * anywhere): the file's name first, so that a cut spares it. */
	char full[PATH_MAX + 1], dir[PATH_MAX + 2];
	char *abs = st == CLIP_ERROR ? NULL : realpath(path, full);
	const char *slash = abs ? strrchr(abs, '/') : NULL;
	/* "/dir/": its slash kept, so that the root is "/". */
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - abs) + 1 : 0, abs ? abs : "");
	char *base = san_str(slash ? slash + 1 : path, 300, ui->utf8 ? 0 : SAN_ASCII);
	char *where = san_str(slash ? dir : ".", 600, ui->utf8 ? 0 : SAN_ASCII);
	switch (st) {
	case CLIP_SAVED:
		/* TRANSLATORS: "Saved NAME in /DIRECTORY/." */
		ui_message(ui, false, _("Saved %s in %s."), base, where);
		break;
	case CLIP_EXISTS: {
		char q[800];
		snprintf(q, sizeof q, _("%s exists in %s. Overwrite it? (y/N)"), base, where);
		/* TRANSLATORS: key line: what y does at "Overwrite it?" */
		ui_confirm(ui, q, _("overwrite"), on_overwrite, fx);
		break;
	}
	case CLIP_ERROR:
		ui_message(ui, true, _("Could not save %s: %s"), shown, err);
		break;
	}
	free(base);
	free(where);
	free(shown);
}

static void
on_path(struct ui *ui, void *ctx, const char *answer)
{
	if (!answer)
		return;
	char path[1024];
	const char *home = getenv("HOME");
	if (!strncmp(answer, "~/", 2) && home)
		snprintf(path, sizeof path, "%s/%s", home, answer + 2);
	else
		snprintf(path, sizeof path, "%s", answer);
	if (!*path)
		ui_message(ui, false, "%s", _("Cancelled."));
	else
		save_to(ui, ctx, path, false);
}

static void
remember_choice(struct ui *ui, const struct fix *fx)
{
	const struct fix_entry *e = current(fx);
	if (!e)
		return;
	snprintf(ui->fix_provider, sizeof ui->fix_provider, "%s", provider_id(e->provider));
	snprintf(ui->fix_format, sizeof ui->fix_format, "%s", e->format);
}

static enum ui_result
move_tab(struct ui *ui, struct fix *fx, int delta)
{
	int pane = fx->pane == 0 ? 0 : 1;
	if (pane == 0) {
		if (!fx->n_prov)
			return UI_REDRAW;
		fx->cur_prov = (delta < 0 ? fx->cur_prov + fx->n_prov - 1 : fx->cur_prov + 1) % fx->n_prov;
	} else {
		const struct fix_entry *f[MAX_ENTRIES];
		size_t nf = formats_of(fx, f, MAX_ENTRIES);
		if (!nf)
			return UI_REDRAW;
		fx->cur_fmt = (delta < 0 ? fx->cur_fmt + nf - 1 : fx->cur_fmt + 1) % nf;
	}
	fx->text.top = 0;
	fx->text.n = -1;        /* not known until it is drawn */
	remember_choice(ui, fx);
	return UI_REDRAW;
}

static enum ui_result
fix_request(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	struct fix *fx = s->priv;
	const struct fix_entry *e = current(fx);
	char path[1024];
	switch (cmd) {
	case CMD_NEXT_PANE:
		fx->pane = (fx->pane + 1) % 3;
		return UI_REDRAW;
	case CMD_PREV_PANE:
		fx->pane = (fx->pane + 2) % 3;
		return UI_REDRAW;
	case CMD_LEFT:
		return move_tab(ui, fx, -1);
	case CMD_RIGHT:
		return move_tab(ui, fx, 1);
	case CMD_COPY:
		if (e)
			copy_snippet(ui, e);
		return UI_REDRAW;
	case CMD_SAVE:
		if (!e)
			return UI_REDRAW;
		default_path(fx, e, path, sizeof path);
		/* TRANSLATORS: prompt on the last rows; keep it short */
		ui_ask(ui, _("Save to:"), path, _("save"), on_path, fx);
		return UI_REDRAW;
	default:
		return ui_scroll_request(&fx->text, cmd);
	}
}

static enum ui_result
fix_click(struct ui *ui, struct screen *s, int y, int x)
{
	struct fix *fx = s->priv;
	(void)y;
	(void)x;
	fx->pane = 2;
	return UI_REDRAW;
}

static size_t
tabs_in_row(const struct fix *fx)
{
	const struct fix_entry *f[MAX_ENTRIES];
	return fx->pane == 0 ? fx->n_prov : formats_of(fx, f, MAX_ENTRIES);
}

static bool
fix_offers(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	struct fix *fx = s->priv;
	const struct fix_entry *e = current(fx);
	switch (cmd) {
	case CMD_LEFT:
	case CMD_RIGHT:
		return tabs_in_row(fx) > 1;
	case CMD_NEXT_PANE:
	case CMD_PREV_PANE:
		return fx->plan != NULL;
	case CMD_COPY:
	case CMD_SAVE:
		return e && !e->failed;
	case CMD_RECHECK:
		return ui->diag != NULL;
	default:
		return ui_cmd_moves(cmd) && ui_list_longer(&fx->text);
	}
}

const struct screen_ops screen_fix = {
	.id = "fix",
	.title = N_("Fix"),
	.keys = fix_keys,
	.priv_size = sizeof(struct fix),
	.open = fix_open,
	.close = fix_close,
	.draw = fix_draw,
	.request = fix_request,
	.click = fix_click,
	.offers = fix_offers,
};
