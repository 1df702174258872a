/* Step 3: the findings, worst first. The list on top, one line each with
 * its severity colour; below, for the selected one, the explanation and the
 * evidence as the DNS returned it, the deciding name marked; for a
 * validation record also what each server said. Opened with a name (from
 * the certificate's names table), only that name's findings are listed. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clipboard.h"
#include "diag.h"
#include "draw.h"
#include "fix_summary.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "ui.h"
#include "core/xalloc.h"

/* Evidence lines longer than this are cut with a marker (a CAA value can be
 * 60 000 bytes). */
#define EVIDENCE_MAX 400
#define MESSAGE_MAX 600
#define MAX_TARGET_ROWS 4

struct findings {
	struct ui_list list;
	struct ui_list detail;
	int pane;               /* 0 list, 1 detail */
	const char *only;       /* the name whose findings these are, or NULL */
	size_t *shown;          /* indexes into diag.items of the listed ones */
	size_t n_shown;
};

static const struct ui_binding findings_keys[] = {
	{ '\r', CMD_ENTER, N_("fix") },
	{ KEY_RIGHT, CMD_ENTER, NULL },
	{ '\t', CMD_NEXT_PANE, "" },
	{ 'r', CMD_RECHECK, "" },
	{ 'c', CMD_COPY, "" },
	{ 0, CMD_NONE, NULL },
};

/* Evidence line i of f is worth copying: not a comment. */
static bool
evidence_copyable(const struct finding *f, size_t i)
{
	return f->evidence[i][0] != ';' && f->evidence[i][0] != '#';
}

static bool
has_copyable(const struct finding *f)
{
	for (size_t i = 0; i < f->n_evidence; i++)
		if (evidence_copyable(f, i))
			return true;
	return false;
}

/* "c": the finding's evidence that is not a comment (the addresses ACM
 * writes to, the commands to run), one per line, to the clipboard. */
static enum ui_result
copy_evidence(struct ui *ui, const struct finding *f)
{
	struct strbuf sb;
	sb_init_limit(&sb, 64 * 1024);
	for (size_t i = 0; i < f->n_evidence; i++)
		if (evidence_copyable(f, i))
			sb_addf(&sb, "%s\n", f->evidence[i]);
	if (!sb.len)
		ui_message(ui, false, "%s", _("Nothing to copy: this finding has only comments."));
	else if (clip_copy_out(sb.buf) < 0)
		ui_message(ui, true, "%s", _("Could not write to the terminal."));
	else
		ui_message(ui, false, _("Copied %zu bytes to the clipboard (OSC 52; in tmux: set -g set-clipboard on)."),
			   sb.len);
	sb_free(&sb);
	return UI_REDRAW;
}

static int
severity_attr(enum severity s)
{
	return ui_attr(s == SEV_ERROR ? UC_ERROR : s == SEV_WARNING ? UC_WARNING : UC_INFO);
}

static size_t
targets_of(const struct diag *d, const char *only, const struct caa_target **out, size_t max)
{
	size_t n = 0;
	for (size_t t = 0; diag_caa(d) && t < diag_caa(d)->n_targets; t++)
		if (!only || !strcmp(diag_caa(d)->targets[t].name, only)) {
			if (n < max)
				out[n] = &diag_caa(d)->targets[t];
			n++;
		}
	return n;
}

static int
draw_targets(struct ui *ui, const struct caa_target *const *tv, size_t n, int y, int w, int rows)
{
	int nw = 0;
	for (size_t t = 0; t < n; t++)
		if (ui_width(tv[t]->name) > nw)
			nw = ui_width(tv[t]->name);
	if (nw > w / 3)
		nw = w / 3;
	int flags = ui->utf8 ? 0 : SAN_ASCII;
	for (size_t t = 0; t < n && (int)t < rows; t++) {
		const struct caa_target *ct = tv[t];
		if ((int)t == rows - 1 && n > (size_t)rows) {
			char more[80];
			snprintf(more, sizeof more, _("... and %zu more names"), n - t);
			ui_text(y + (int)t, 2, w, more, ui_attr(UC_DIM));
			break;
		}
		char *name = san_str(ct->name, 300, flags);
		ui_text(y + (int)t, 2, nw, name, ui_attr(UC_HEADING));
		free(name);
		int x = 2 + nw + 2;
		x += ui_text(y + (int)t, x, w - x, caa_verdict_label(ct->verdict),
			     ui_attr(ct->verdict == CAA_V_PERMIT ? UC_GOOD : UC_ERROR)) + 2;
		char buf[600];
		buf[0] = '\0';
		if (ct->relevant_at) {
			char *at = san_str(ct->relevant_at, 300, flags);
			snprintf(buf, sizeof buf, _("decided at %s"), at);
			free(at);
		}
		if (ct->verdict != CAA_V_PERMIT && ct->cache_ttl >= 0) {
			size_t l = strlen(buf);
			char secs[32];
			/* TRANSLATORS: after "decided at NAME"; keep it short */
			snprintf(buf + l, sizeof buf - l, _("  (resolver cache: %s s)"),
				 ui_secs(ui, ct->cache_ttl, secs, sizeof secs));
		}
		ui_text(y + (int)t, x, w - x + 2, buf, ui_attr(UC_DIM));
	}
	return n < (size_t)rows ? (int)n : rows;
}

/* A validation record: what ACM asks for, and the verdict. */
static void
draw_record(struct ui *ui, const struct cname_result *r, int y, int w)
{
	char buf[700], secs[32];
	int x = 2 + ui_text(y, 2, w, cname_verdict_label(r->verdict),
			    ui_attr(r->verdict == CNAME_V_OK ? UC_GOOD : UC_ERROR)) + 2;
	snprintf(buf, sizeof buf, "%s CNAME %s", r->name, r->value);
	x += ui_text(y, x, 2 + w - x, buf, ui_attr(UC_HEADING)) + 2;
	if (r->verdict != CNAME_V_OK && r->cache_ttl >= 0 && x < 2 + w) {
		/* TRANSLATORS: after "decided at NAME"; keep it short */
		snprintf(buf, sizeof buf, _("  (resolver cache: %s s)"), ui_secs(ui, r->cache_ttl, secs, sizeof secs));
		ui_text(y, x - 2, 4 + w - x, buf, ui_attr(UC_DIM));
	}
}

/* The items listed: all, or those about the name. */
static void
select_items(struct findings *fs, const struct diag *d)
{
	free(fs->shown);
	fs->shown = xcalloc(d->n_items ? d->n_items : 1, sizeof *fs->shown);
	fs->n_shown = 0;
	for (size_t i = 0; i < d->n_items; i++)
		if (!fs->only || diag_item_about(d, &d->items[i], fs->only))
			fs->shown[fs->n_shown++] = i;
	fs->list.n = (int)fs->n_shown;
	if (fs->list.sel >= fs->list.n)
		fs->list.sel = fs->list.n ? fs->list.n - 1 : 0;
}

static void
draw_item(struct ui *ui, const struct finding *f, const char *target, int y, int w, bool sel, bool focused)
{
	int base = sel ? ui_attr(focused ? UC_SELECTED : UC_HEADING) : ui_attr(UC_NORMAL);
	if (sel && focused)
		ui_fill(y, 2, w, base);
	int x = 2;
	x += ui_text(y, x, w, sel ? ui_glyphs()->cursor : " ", base) + 1;
	/* The JSON keeps the English word; people read their language. */
	ui_text(y, x, 8, ui_severity_label(f->severity), sel && focused ? base : severity_attr(f->severity));
	x += 9;
	ui_text(y, x, 2 + w - x, finding_code_name(f->code), base | A_BOLD);
	x += 30;
	if (x < 2 + w)
		ui_text(y, x, 2 + w - x, target, base);
}

/* What each server said about a validation record. */
static void
server_rows(struct ui *ui, const struct cname_result *cr, int w, struct ui_rows *r)
{
	if (!cr->n_servers)
		return;
	int flags = ui->utf8 ? 0 : SAN_ASCII;
	char buf[900];
	ui_rows_add(r, "", w, 0, 0, 0, -1);
	ui_rows_add(r, _("What each server says:"), w, 0, 0, ui_attr(UC_HEADING), -1);
	for (size_t i = 0; i < cr->n_servers; i++) {
		const struct cname_server_view *v = &cr->servers[i];
		char *who = san_str(v->names && *v->names ? v->names : v->addr, 200, flags);
		char *detail = san_str(v->detail ? v->detail : cname_seen_name(v->seen), 300, flags);
		char *value = v->value ? san_str(v->value, 300, flags) : NULL;
		bool good = v->seen == CNAME_SEEN_MATCH;
		snprintf(buf, sizeof buf, "%s %s (%s)%s: %s%s%s", good ? ui_glyphs()->ok : ui_glyphs()->bad, v->addr,
			 who, v->edited ? _(", the zone you edited") : "", detail, value ? " " : "", value ? value : "");
		ui_rows_add(r, buf, w, 4, 0, ui_attr(good ? UC_NORMAL : UC_WARNING), -1);
		free(who);
		free(detail);
		free(value);
	}
}

/* The explanation of a finding, wrapped to the pane; ct is NULL for a
 * validation record's finding. */
static void
detail_rows(struct ui *ui, const struct caa_target *ct, const struct finding *f, int w, struct ui_rows *r)
{
	int flags = ui->utf8 ? 0 : SAN_ASCII;
	char *msg = san_str(f->message, MESSAGE_MAX, flags);
	ui_rows_add(r, msg, w, 0, 0, ui_attr(UC_NORMAL), -1);
	free(msg);
	/* The code's general help is left out: the message says the same for
	 * this case, and where the case differs the general words would
	 * contradict it (acm-doctor explain CODE has them). */
	char buf[800];
	if (!f->n_evidence)
		return;
	ui_rows_add(r, "", w, 0, 0, 0, -1);
	ui_rows_add(r, _("Evidence (as the DNS returned it):"), w, 0, 0, ui_attr(UC_HEADING), -1);
	size_t at_len = ct && ct->relevant_at ? strlen(ct->relevant_at) : 0;
	for (size_t e = 0; e < f->n_evidence; e++) {
		const char *line = f->evidence[e];
		bool deciding = at_len && !strncmp(line, ct->relevant_at, at_len) && line[at_len] == ' ';
		char *clean = san_str(line, EVIDENCE_MAX, flags);
		snprintf(buf, sizeof buf, "%s %s", deciding ? ui_glyphs()->mark : " ", clean);
		free(clean);
		int attr = deciding ? ui_attr(UC_MARK) : line[0] == ';' ? ui_attr(UC_DIM) : ui_attr(UC_NORMAL);
		ui_rows_add(r, buf, w, 4, 0, attr, -1);
	}
	if (ct && ct->relevant_at) {
		char *at = san_str(ct->relevant_at, 300, flags);
		snprintf(buf, sizeof buf, _("%s marks the records at %s, the name that decides."), ui_glyphs()->mark, at);
		free(at);
		ui_rows_add(r, buf, w, 2, 0, ui_attr(UC_DIM), -1);
	}
}

/* The fix of the selected finding in one sentence, before any tab: the
 * record to add or change, and where (at most two rows). */
static int
draw_fix_line(struct ui *ui, const struct diagnosis_item *it, int y, int w)
{
	struct plan_view v;
	if (!diag_plan_view(ui->diag, it, &v))
		return 0;
	char buf[1200];
	ui_fix_summary(&v, buf, sizeof buf);
	return ui_paragraph(y, 2, w, buf, 5, ui_attr(UC_GOOD), 2, ui->utf8 ? 0 : SAN_ASCII);
}

/* Subjects of checks this screen has no view of its own for: name and
 * verdict, as every check reports them. */
static int
draw_other_subjects(const struct diag *d, const char *only, int flags, int y, int w, int rows)
{
	int used = 0;
	for (int c = 0; c < CHECK__COUNT; c++) {
		if (c == CHECK_caa || c == CHECK_cname)
			continue;
		const struct check_ops *ops = check_get(c);
		const void *rep = d->run.report[c];
		for (size_t i = 0; rep && i < ops->n_subjects(rep) && used < rows; i++) {
			struct check_subject sub;
			ops->subject(rep, i, &sub);
			if (only && !check_subject_about(&sub, only))
				continue;
			char *name = san_str(sub.name, 300, flags);
			int x = 2 + ui_text(y + used, 2, w / 2, name, ui_attr(UC_HEADING)) + 2;
			free(name);
			ui_text(y + used, x, 2 + w - x, sub.label, severity_attr(sub.tone));
			used++;
		}
	}
	return used;
}

static void
findings_draw(struct ui *ui, struct screen *s, const struct ui_rect *b)
{
	struct findings *fs = s->priv;
	const struct diag *d = ui->diag;
	if (!diag_finished(d))
		return;
	int w = b->w - 4, y = b->y + 1;
	const struct caa_target *tv[MAX_TARGET_ROWS + 1];
	size_t nt = targets_of(d, fs->only, tv, MAX_TARGET_ROWS + 1);
	y += draw_targets(ui, tv, nt, y, w, MAX_TARGET_ROWS);
	const struct cname_result *cr = fs->only ? diag_cname_of(d, fs->only) : NULL;
	for (size_t i = 0; !fs->only && diag_cname(d) && i < diag_cname(d)->n_results && i < 2; i++)
		draw_record(ui, &diag_cname(d)->results[i], y++, w);
	if (cr)
		draw_record(ui, cr, y++, w);
	y += draw_other_subjects(d, fs->only, ui->utf8 ? 0 : SAN_ASCII, y, w, MAX_TARGET_ROWS);
	y++;
	select_items(fs, d);
	if (!fs->n_shown) {
		ui_text(y, 2, w, _("No findings."), ui_attr(UC_GOOD));
		return;
	}
	int avail = b->y + b->h - y;
	int lh = fs->list.n < avail / 3 ? fs->list.n : avail / 3;
	if (lh < 1)
		lh = 1;
	ui_list_fit(&fs->list, y, lh);
	int flags = ui->utf8 ? 0 : SAN_ASCII;
	for (int i = 0; i < lh && fs->list.top + i < fs->list.n; i++) {
		const struct diagnosis_item *it = &d->items[fs->shown[fs->list.top + i]];
		char *name = san_str(diag_item_name(d, it), 300, flags);
		draw_item(ui, diag_finding(d, it), name, y + i, w, fs->list.top + i == fs->list.sel,
			  fs->pane == 0);
		free(name);
	}
	ui_focus_mark(y, lh, fs->pane == 0);
	ui_more_below(y + lh - 1, 2, w, fs->list.n - fs->list.top - lh);
	y += lh;
	const struct diagnosis_item *it = &d->items[fs->shown[fs->list.sel]];
	y += draw_fix_line(ui, it, y, w);
	ui_hline(y, 2, w, ui_attr(fs->pane == 1 ? UC_HEADING : UC_DIM));
	y++;
	struct ui_rows r = { 0 };
	if (it->check == DIAGNOSIS_RESOLVER) {
		detail_rows(ui, NULL, diag_finding(d, it), w, &r);
	} else if (it->check == CHECK_cname) {
		detail_rows(ui, NULL, diag_finding(d, it), w, &r);
		server_rows(ui, &diag_cname(d)->results[it->subject], w, &r);
	} else if (it->check == CHECK_caa) {
		const struct caa_target *ct = &diag_caa(d)->targets[it->subject];
		detail_rows(ui, ct, diag_finding(d, it), w, &r);
	} else {
		detail_rows(ui, NULL, diag_finding(d, it), w, &r);
	}
	struct ui_rect dr = { y, 2, b->y + b->h - y, w };
	ui_focus_mark(dr.y, dr.h < (int)r.n ? dr.h : (int)r.n, fs->pane == 1);
	fs->detail.n = (int)r.n;
	fs->detail.h = dr.h;
	fs->detail.y = dr.y;
	fs->detail.top = ui_rows_draw(&r, fs->detail.top, &dr);
	ui_rows_clear(&r);
}

static enum ui_result
findings_request(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	struct findings *fs = s->priv;
	if (!diag_finished(ui->diag))
		return UI_IGNORED;
	/* Keys may come before the first paint (scripts, fast typists). */
	select_items(fs, ui->diag);
	switch (cmd) {
	case CMD_ENTER:
		ui_push(ui, &screen_fix, fs->n_shown ? &ui->diag->items[fs->shown[fs->list.sel]] : NULL);
		return UI_REDRAW;
	case CMD_NEXT_PANE:
	case CMD_PREV_PANE:
		fs->pane = !fs->pane;
		return UI_REDRAW;
	case CMD_COPY:
		if (!fs->n_shown)
			return UI_IGNORED;
		return copy_evidence(ui, diag_finding(ui->diag, &ui->diag->items[fs->shown[fs->list.sel]]));
	default:
		break;
	}
	if (fs->pane == 1)
		return ui_scroll_request(&fs->detail, cmd);
	int before = fs->list.sel;
	enum ui_result r = ui_list_request(&fs->list, cmd);
	if (fs->list.sel != before) {
		fs->detail.top = 0;
		fs->detail.n = -1;      /* not known until it is drawn */
	}
	return r;
}

static enum ui_result
findings_click(struct ui *ui, struct screen *s, int y, int x)
{
	struct findings *fs = s->priv;
	int i = ui_list_at(&fs->list, y);
	if (i >= 0) {
		fs->list.sel = i;
		fs->pane = 0;
		fs->detail.top = 0;
		return UI_REDRAW;
	}
	if (y >= fs->detail.y && y < fs->detail.y + fs->detail.h) {
		fs->pane = 1;
		return UI_REDRAW;
	}
	return UI_IGNORED;
}

static void
findings_open(struct ui *ui, struct screen *s)
{
	struct findings *fs = s->priv;
	(void)ui;
	fs->only = s->arg;
}

static void
findings_close(struct ui *ui, struct screen *s)
{
	struct findings *fs = s->priv;
	(void)ui;
	free(fs->shown);
}

static bool
findings_offers(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	struct findings *fs = s->priv;
	if (!diag_finished(ui->diag))
		return false;
	select_items(fs, ui->diag);
	struct plan_view v;
	switch (cmd) {
	case CMD_ENTER:
		/* Only a finding with a change to make leads to a fix. */
		return fs->n_shown && diag_plan_view(ui->diag, &ui->diag->items[fs->shown[fs->list.sel]], &v);
	case CMD_RECHECK:
		return true;
	case CMD_NEXT_PANE:
	case CMD_PREV_PANE:
		return fs->n_shown > 0;
	case CMD_COPY:
		/* Only evidence that is not all comments: the addresses, records. */
		return fs->n_shown && has_copyable(diag_finding(ui->diag, &ui->diag->items[fs->shown[fs->list.sel]]));
	default:
		if (ui_cmd_moves(cmd))
			return fs->pane == 0 ? fs->list.n > 1 : ui_list_longer(&fs->detail);
		return false;
	}
}

static void
findings_where(struct ui *ui, struct screen *s, char *buf, size_t len)
{
	struct findings *fs = s->priv;
	if (fs->n_shown)
		/* TRANSLATORS: status line: the finding selected */
		snprintf(buf, len, _("Findings %d/%zu"), fs->list.sel + 1, fs->n_shown);
	else
		snprintf(buf, len, "%s", _("Findings"));
}

const struct screen_ops screen_findings = {
	.id = "findings",
	.title = N_("Findings"),
	.keys = findings_keys,
	.priv_size = sizeof(struct findings),
	.open = findings_open,
	.close = findings_close,
	.draw = findings_draw,
	.request = findings_request,
	.click = findings_click,
	.offers = findings_offers,
	.where = findings_where,
};
