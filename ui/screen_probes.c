/* Step 2: the probes, live. A line per distinct DNS query as the checks
 * report it: what is asked of whom and why, a spinner while it is out,
 * then the time and the result. When the checks are done the mark says
 * what the answer meant: ✓ answered as wanted, ! the answer is what a
 * blocking finding is about (NXDOMAIN for a record that must exist),
 * ✗ no usable answer. Leaving this screen cancels the checks. */
#include "config.h"

#include <curses.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "draw.h"
#include "core/i18n.h"
#include "ui.h"

#define GAP 2
#define TIME_COL 7
#define RESULT_MIN 8
#define RESULT_MAX 30

struct probes {
	struct ui_list scroll;
	bool user_scrolled;     /* stop following the newest line */
};

static const struct ui_binding probes_keys[] = {
	{ '\r', CMD_ENTER, N_("findings") },
	{ KEY_RIGHT, CMD_ENTER, NULL },
	{ 'r', CMD_RECHECK, "" },
	{ 0, CMD_NONE, NULL },
};

/* Column widths; server 0 when it moved to the heading, time 0 when the
 * window is too narrow for it. */
struct cols {
	int type, name, server, purpose, count, time, result;
};

/* "127.0.0.3:53" as "127.0.0.3": the DNS port goes without saying; the
 * resolver (in the status line) as "resolver". */
static const char *
server_shown(const struct ui *ui, const char *server)
{
	static char buf[300];
	if (!strcmp(server, dns_client_servers(ui->dns)))
		/* TRANSLATORS: a probe asked of the resolver, not of a name server */
		return _("resolver");
	size_t n = strlen(server);
	if (n > 3 && n < sizeof buf && !strcmp(server + n - 3, ":53")) {
		memcpy(buf, server, n - 3);
		buf[n - 3] = '\0';
		return buf;
	}
	return server;
}

static int
widest(const struct diag *d, size_t off, int extra)
{
	int w = 0;
	for (size_t i = 0; i < d->n_probes; i++) {
		const char *f = *(char *const *)((const char *)&d->probes[i] + off);
		int sw = f ? ui_width(f) + extra : 0;
		if (sw > w)
			w = sw;
	}
	return w;
}

static int
cols_total(const struct cols *c)
{
	return 2 + c->type + 1 + c->name + GAP + (c->server ? c->server + GAP : 0) + c->purpose + GAP
	       + (c->count ? c->count + 1 : 0) + (c->time ? c->time + GAP : 0) + c->result;
}

static void
shrink(int *col, int floor, int *over)
{
	if (*over <= 0 || *col <= floor)
		return;
	int take = *col - floor < *over ? *col - floor : *over;
	*col -= take;
	*over -= take;
}

/* Widths from the content, then narrowed in the order that loses least
 * until the result fits; a narrowed column ends its cut texts in "…". */
static void
layout(const struct ui *ui, const struct diag *d, int w, bool one_server, struct cols *c)
{
	memset(c, 0, sizeof *c);
	c->type = widest(d, offsetof(struct probe_line, qtype), 0);
	c->name = widest(d, offsetof(struct probe_line, qname), 0);
	for (size_t i = 0; i < d->n_probes; i++)
		if (ui_width(server_shown(ui, d->probes[i].server)) + 1 > c->server)
			c->server = ui_width(server_shown(ui, d->probes[i].server)) + 1;
	c->purpose = widest(d, offsetof(struct probe_line, purpose), 2);
	for (size_t i = 0; i < d->n_probes; i++)
		if (d->probes[i].n > 1) {
			char buf[32];
			snprintf(buf, sizeof buf, "%s%d", ui_glyphs()->times, d->probes[i].n);
			if (ui_width(buf) > c->count)
				c->count = ui_width(buf);
		}
	c->result = widest(d, offsetof(struct probe_line, result), 0);
	if (c->result < RESULT_MIN)
		c->result = RESULT_MIN;
	if (c->result > RESULT_MAX)
		c->result = RESULT_MAX;
	c->time = TIME_COL;
	/* One server for every query: said once, in the heading. */
	if (one_server)
		c->server = 0;
	int over = cols_total(c) - w;
	shrink(&c->name, 28, &over);
	shrink(&c->result, 16, &over);
	shrink(&c->purpose, 16, &over);
	if (over > 0) {
		/* What was asked and what came back matter more than how long. */
		over -= c->time + GAP;
		c->time = 0;
	}
	shrink(&c->server, 10, &over);
	shrink(&c->purpose, 14, &over);
	shrink(&c->name, 22, &over);
	shrink(&c->purpose, 12, &over);
	shrink(&c->name, 16, &over);
	shrink(&c->result, 10, &over);
	shrink(&c->purpose, 8, &over);
	shrink(&c->name, 12, &over);
	shrink(&c->result, 6, &over);
	c->result += w - cols_total(c) > 0 ? w - cols_total(c) : 0;
}

/* The mark of a line: what the answer meant, once the checks are done. */
static const char *
mark(const struct ui *ui, const struct probe_line *p, size_t i, bool finished, int *attr)
{
	const struct ui_glyphs *g = ui_glyphs();
	if (!p->done) {
		*attr = ui_attr(UC_INFO);
		return g->spinner[(ui->spin + (unsigned)i) % g->n_spinner];
	}
	if (p->failed) {
		*attr = ui_attr(UC_ERROR);
		return g->bad;
	}
	if (p->problem) {
		*attr = ui_attr(UC_PROBLEM);
		return g->problem;
	}
	*attr = ui_attr(finished ? UC_GOOD : UC_DIM);
	return finished ? g->ok : g->answered;
}

static void
draw_probe(struct ui *ui, const struct probe_line *p, size_t i, int y, const struct cols *c, bool finished)
{
	int attr, x = 2;
	const char *m = mark(ui, p, i, finished, &attr);
	ui_text(y, x, 1, m, attr);
	x += 2;
	ui_text(y, x, c->type, p->qtype, ui_attr(UC_HEADING));
	x += c->type + 1;
	ui_text(y, x, c->name, p->qname, ui_attr(UC_NORMAL));
	x += c->name + GAP;
	char buf[300];
	if (c->server) {
		snprintf(buf, sizeof buf, "@%s", server_shown(ui, p->server));
		ui_text(y, x, c->server, buf, ui_attr(UC_DIM));
		x += c->server + GAP;
	}
	snprintf(buf, sizeof buf, "(%s)", p->purpose);
	ui_text(y, x, c->purpose, buf, ui_attr(UC_DIM));
	x += c->purpose + GAP;
	if (c->count) {
		if (p->n > 1) {
			snprintf(buf, sizeof buf, "%s%d", ui_glyphs()->times, p->n);
			ui_text(y, x, c->count, buf, ui_attr(UC_DIM));
		}
		x += c->count + 1;
	}
	if (!p->done)
		return;
	/* The time right-aligned, then the result: a long result is cut at
	 * its end, the time never. */
	if (c->time) {
		char ms[32];
		ui_ms(ui, p->elapsed_ms, ms, sizeof ms);
		snprintf(buf, sizeof buf, "%*s", TIME_COL, ms);
		ui_text(y, x, TIME_COL, buf, ui_attr(UC_NORMAL));
		x += TIME_COL + GAP;
	}
	int rattr = p->failed ? ui_attr(UC_ERROR) : p->problem ? ui_attr(UC_PROBLEM) : ui_attr(UC_NORMAL);
	ui_text(y, x, c->result, p->result, rattr);
}

static void
draw_summary(struct ui *ui, const struct diag *d, int y, int w)
{
	char buf[600], ms[32];
	if (diag_running(d)) {
		size_t done = 0;
		for (size_t i = 0; i < d->n_probes; i++)
			done += (size_t)d->probes[i].n_done;
		snprintf(buf, sizeof buf, _("Asking the DNS: %zu of %zu answered."), done, diag_queries(d));
		ui_text(y, 2, w, buf, ui_attr(UC_INFO));
		ui_text(y + 1, 2, w, _("Esc goes back, q quits at any time; nothing waits for a silent server."), ui_attr(UC_DIM));
		return;
	}
	if (!diag_finished(d)) {
		ui_text(y, 2, w, _("The check did not run."), ui_attr(UC_ERROR));
		return;
	}
	/* The checks ran at once: their queries add up, the time does not. */
	struct check_stats st;
	diagnosis_stats(&d->run, &st);
	int blocked = diag_blocking(d);
	snprintf(buf, sizeof buf,
		 ngettext("Done: %d DNS query via %s in %s.", "Done: %d DNS queries via %s in %s.",
			  (unsigned long)st.queries),
		 st.queries, st.resolver ? st.resolver : "?", ui_ms(ui, st.elapsed_ms, ms, sizeof ms));
	ui_text(y, 2, w, buf, ui_attr(UC_NORMAL));
	bool no_resolver = diagnosis_resolver_failed(&d->run);
	if (no_resolver)
		snprintf(buf, sizeof buf, "%s", _("The resolver is not usable (RESOLVER_FAILED): Enter shows why."));
	else if (!st.answered)
		snprintf(buf, sizeof buf, "%s", _("The resolver answered nothing: check --resolver or your network."));
	else if (blocked)
		snprintf(buf, sizeof buf, ngettext("%d name blocked: Enter shows why.", "%d names blocked: Enter shows why.",
						   (unsigned long)blocked), blocked);
	else if (d->n_records)
		snprintf(buf, sizeof buf, "%s", _("Every validation record is in place and Amazon may issue."));
	else
		snprintf(buf, sizeof buf, "%s", _("Amazon may issue for every name."));
	ui_text(y + 1, 2, w, buf, ui_attr(no_resolver || !st.answered || blocked ? UC_ERROR : UC_GOOD));
}

/* What the marks mean, once some line carries one that is not ✓. */
static void
draw_legend(const struct diag *d, int y, int w)
{
	bool problem = false, failed = false;
	for (size_t i = 0; i < d->n_probes; i++) {
		problem |= d->probes[i].problem;
		failed |= d->probes[i].failed;
	}
	if (!diag_finished(d) || (!problem && !failed))
		return;
	const struct ui_glyphs *g = ui_glyphs();
	char buf[400];
	/* TRANSLATORS: the legend under the probe lines; the first %s are marks */
	snprintf(buf, sizeof buf, _("%s answered as wanted   %s the answer is the problem   %s no usable answer"),
		 g->ok, g->problem, g->bad);
	ui_text(y, 2, w, buf, ui_attr(UC_DIM));
}

static bool
one_server(const struct diag *d)
{
	for (size_t i = 1; i < d->n_probes; i++)
		if (strcmp(d->probes[i].server, d->probes[0].server))
			return false;
	return d->n_probes > 0;
}

static void
probes_draw(struct ui *ui, struct screen *s, const struct ui_rect *b)
{
	struct probes *pr = s->priv;
	const struct diag *d = ui->diag;
	int w = b->w - 4;
	if (!d)
		return;
	char head[600];
	size_t used = (size_t)snprintf(head, sizeof head, "%s",
				       d->n_emails ? _("Checking CAA and email delivery for") :
				       d->n_records ? _("Checking CAA and the validation records for")
						    : _("Checking CAA for"));
	for (size_t i = 0; i < d->n_names && used < sizeof head; i++)
		used += (size_t)snprintf(head + used, sizeof head - used, " %s", d->names[i]);
	struct cols c;
	layout(ui, d, w, one_server(d), &c);
	if (!c.server && d->n_probes) {
		/* One server for every query: said once, in the heading. */
		char at[300];
		snprintf(at, sizeof at, "  @%s", d->probes[0].server);
		int room = w - ui_width(at);
		int hw = ui_text(b->y + 1, 2, room > 10 ? room : w, head, ui_attr(UC_HEADING));
		if (room > 10)
			ui_text(b->y + 1, 2 + hw, w - hw, at, ui_attr(UC_HEADING));
	} else {
		ui_text(b->y + 1, 2, w, head, ui_attr(UC_HEADING));
	}
	int y0 = b->y + 3, h = b->h - 8;
	pr->scroll.n = (int)d->n_probes;
	pr->scroll.h = h;
	pr->scroll.y = y0;
	int max_top = pr->scroll.n > h ? pr->scroll.n - h : 0;
	if (!pr->user_scrolled || pr->scroll.top > max_top)
		pr->scroll.top = max_top;
	bool finished = diag_finished(d);
	for (int i = 0; i < h && pr->scroll.top + i < pr->scroll.n; i++) {
		size_t k = (size_t)(pr->scroll.top + i);
		draw_probe(ui, &d->probes[k], k, y0 + i, &c, finished);
	}
	/* Below the list: the blank row before the legend. */
	ui_more_below(y0 + h, 2, w, pr->scroll.n - pr->scroll.top - h);
	draw_legend(d, b->y + b->h - 4, w);
	ui_hline(b->y + b->h - 3, 2, w, ui_attr(UC_DIM));
	draw_summary(ui, d, b->y + b->h - 2, w);
}

static void
probes_close(struct ui *ui, struct screen *s)
{
	/* Back or quit: nothing may keep running behind the user's back. */
	diag_free(ui->diag);
	ui->diag = NULL;
}

static enum ui_result
probes_request(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	struct probes *pr = s->priv;
	if (cmd == CMD_ENTER || cmd == CMD_NEXT_PANE) {
		/* The certificate wizard shows its names table first. */
		ui_push(ui, ui->wizard && ui->wizard->results ? ui->wizard->results : &screen_findings, NULL);
		return UI_REDRAW;
	}
	pr->scroll.n = ui->diag ? (int)ui->diag->n_probes : 0;
	enum ui_result r = ui_scroll_request(&pr->scroll, cmd);
	if (r != UI_IGNORED)
		pr->user_scrolled = true;
	return r;
}

static bool
probes_offers(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	struct probes *pr = s->priv;
	/* The lines there are now, not at the last paint: keys may come
	 * before it (a script, a fast typist) while answers come in. */
	if (ui_cmd_moves(cmd))
		return ui->diag && (pr->scroll.h <= 0 || (int)ui->diag->n_probes > pr->scroll.h);
	return (cmd == CMD_ENTER || cmd == CMD_RECHECK) && diag_finished(ui->diag);
}

static void
probes_where(struct ui *ui, struct screen *s, char *buf, size_t len)
{
	struct probes *pr = s->priv;
	const struct ui_list *l = &pr->scroll;
	if (l->n > l->h && l->h > 0)
		/* TRANSLATORS: status line: which probe lines are on screen */
		snprintf(buf, len, _("Probes %d-%d/%d"), l->top + 1, l->top + l->h, l->n);
	else
		snprintf(buf, len, "%s", _("Probes"));
}

const struct screen_ops screen_probes = {
	.id = "probes",
	.title = N_("Probes"),
	.keys = probes_keys,
	.priv_size = sizeof(struct probes),
	.draw = probes_draw,
	.close = probes_close,
	.request = probes_request,
	.input = ui_input_still_asking,
	.offers = probes_offers,
	.where = probes_where,
};
