/* Step 2: the probes, live. A line per DNS query as caa_check reports it:
 * what is asked of whom and why, a spinner while it is out, then the result
 * and the time. Leaving this screen cancels the check. */
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

#define QNAME_COL_MAX 34

struct probes {
	struct ui_list scroll;
	bool user_scrolled;     /* stop following the newest line */
};

static const struct ui_binding probes_keys[] = {
	{ '\r', CMD_ENTER, N_("findings") },
	{ 'r', CMD_RECHECK, "" },
	{ 0, CMD_NONE, NULL },
};

static int
col_width(const struct diag *d, size_t off, int cap)
{
	int w = 0;
	for (size_t i = 0; i < d->n_probes; i++) {
		const char *s = *(char *const *)((const char *)&d->probes[i] + off);
		int sw = ui_width(s);
		if (sw > w)
			w = sw;
	}
	return w > cap ? cap : w;
}

/* One probe line: fixed columns so the eye can run down them. */
static void
draw_probe(struct ui *ui, const struct probe_line *p, int y, int w, const int *cols)
{
	const struct ui_glyphs *g = ui_glyphs();
	const char *state = !p->done ? g->spinner[(ui->spin + (unsigned)p->id) % g->n_spinner]
			  : p->failed ? g->bad : g->ok;
	int attr = !p->done ? ui_attr(UC_INFO) : p->failed ? ui_attr(UC_ERROR) : ui_attr(UC_GOOD);
	int x = 2, end = 2 + w;
	x += ui_text(y, x, end - x, state, attr) + 1;
	ui_text(y, x, end - x, p->qtype, ui_attr(UC_HEADING));
	x += cols[3];
	if (x < end)
		ui_text(y, x, cols[0] < end - x ? cols[0] : end - x, p->qname, ui_attr(UC_NORMAL));
	x += cols[0] + 2;
	char buf[300];
	if (cols[1]) {
		snprintf(buf, sizeof buf, "@%s", p->server);
		if (x < end)
			ui_text(y, x, end - x, buf, ui_attr(UC_DIM));
		x += cols[1] + 3;
	}
	snprintf(buf, sizeof buf, "(%s)", p->purpose);
	if (x < end)
		ui_text(y, x, end - x, buf, ui_attr(UC_DIM));
	x += cols[2] + 3;
	if (!p->done || x >= end)
		return;
	/* The time in a right-aligned column, then the result: a long result
	 * is cut at its end, the time never. */
	char ms[32];
	ui_ms(ui, p->elapsed_ms, ms, sizeof ms);
	snprintf(buf, sizeof buf, "%7s  %s", ms, p->result);
	ui_text(y, x, end - x, buf, p->failed ? ui_attr(UC_ERROR) : ui_attr(UC_NORMAL));
}

static void
draw_summary(struct ui *ui, const struct diag *d, int y, int w)
{
	char buf[600], ms[32];
	if (diag_running(d)) {
		size_t done = 0;
		for (size_t i = 0; i < d->n_probes; i++)
			done += d->probes[i].done;
		snprintf(buf, sizeof buf, _("Asking the DNS: %zu of %zu answered."),
			 done, d->n_probes);
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
	int answered = st.answered;
	int blocked = diag_blocking(d);
	snprintf(buf, sizeof buf,
		 ngettext("Done: %d DNS query via %s in %s.", "Done: %d DNS queries via %s in %s.",
			  (unsigned long)st.queries),
		 st.queries, st.resolver ? st.resolver : "?", ui_ms(ui, st.elapsed_ms, ms, sizeof ms));
	ui_text(y, 2, w, buf, ui_attr(UC_NORMAL));
	if (!answered)
		snprintf(buf, sizeof buf, "%s", _("The resolver answered nothing: check --resolver or your network."));
	else if (d->only == 1u << CHECK_apigw)
		snprintf(buf, sizeof buf, "%s", blocked ? _("Something is wrong: Enter shows the certificate served, then why.")
			 : _("The custom domain is served right: Enter shows the certificate."));
	else if (blocked)
		snprintf(buf, sizeof buf, ngettext("%d name blocked: Enter shows why.", "%d names blocked: Enter shows why.",
						   (unsigned long)blocked), blocked);
	else if (d->n_records)
		snprintf(buf, sizeof buf, "%s", _("Every validation record is in place and Amazon may issue."));
	else
		snprintf(buf, sizeof buf, "%s", _("Amazon may issue for every name."));
	ui_text(y + 1, 2, w, buf, ui_attr(!answered || blocked ? UC_ERROR : UC_GOOD));
}

static void
probes_draw(struct ui *ui, struct screen *s, const struct ui_rect *b)
{
	struct probes *pr = s->priv;
	const struct diag *d = ui->diag;
	int w = b->w - 4;
	if (!d)
		return;
	char head[400];
	bool apigw_only = d->only == 1u << CHECK_apigw;
	size_t used = (size_t)snprintf(head, sizeof head, "%s",
				       apigw_only ? _("Checking DNS, TLS and HTTPS of the custom domain")
				       : d->n_records ? _("Checking CAA and the validation records for")
						    : _("Checking CAA for"));
	for (size_t i = 0; i < d->n_names && used < sizeof head; i++)
		used += (size_t)snprintf(head + used, sizeof head - used, " %s", d->names[i]);
	ui_text(b->y + 1, 2, w, head, ui_attr(UC_HEADING));

	int cols[4] = {
		col_width(d, offsetof(struct probe_line, qname), QNAME_COL_MAX),
		col_width(d, offsetof(struct probe_line, server), 24),
		col_width(d, offsetof(struct probe_line, purpose), 16),
		/* "CNAME" needs a column wider than CAA's "AAAA". */
		col_width(d, offsetof(struct probe_line, qtype), 8) + 1,
	};
	if (cols[3] < 5)
		cols[3] = 5;
	/* Narrow: the result matters more than the server, which is the same
	 * for every query of a check; it moves to the heading then. */
	bool one_server = true;
	for (size_t i = 1; i < d->n_probes; i++)
		one_server &= !strcmp(d->probes[i].server, d->probes[0].server);
	if (one_server && d->n_probes && 2 + cols[3] + cols[0] + 2 + cols[1] + 3 + cols[2] + 3 + 30 > w) {
		cols[1] = 0;
		size_t l = strlen(head);
		snprintf(head + l, sizeof head - l, "  @%s", d->probes[0].server);
		ui_text(b->y + 1, 2, w, head, ui_attr(UC_HEADING));
	}
	int y0 = b->y + 3, h = b->h - 7;
	pr->scroll.n = (int)d->n_probes;
	pr->scroll.h = h;
	pr->scroll.y = y0;
	int max_top = pr->scroll.n > h ? pr->scroll.n - h : 0;
	if (!pr->user_scrolled || pr->scroll.top > max_top)
		pr->scroll.top = max_top;
	for (int i = 0; i < h && pr->scroll.top + i < pr->scroll.n; i++)
		draw_probe(ui, &d->probes[pr->scroll.top + i], y0 + i, w, cols);
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
	if (cmd == CMD_ENTER || cmd == CMD_RIGHT || cmd == CMD_NEXT_PANE) {
		if (diag_finished(ui->diag)) {
			/* The certificate wizard shows its names table first. */
			ui_push(ui, ui->wizard && ui->wizard->results ? ui->wizard->results : &screen_findings, NULL);
			return UI_REDRAW;
		}
		ui_message(ui, false, "%s", _("Still asking; the findings follow when the answers are in."));
		return UI_REDRAW;
	}
	enum ui_result r = ui_scroll_request(&pr->scroll, cmd);
	if (r != UI_IGNORED)
		pr->user_scrolled = true;
	return r;
}

const struct screen_ops screen_probes = {
	.id = "probes",
	.title = N_("Probes"),
	.keys = probes_keys,
	.priv_size = sizeof(struct probes),
	.draw = probes_draw,
	.close = probes_close,
	.request = probes_request,
};
