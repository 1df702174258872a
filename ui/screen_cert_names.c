/* Step 3 of "Pending validation": the certificate's names in certificate
 * order, each with ACM's status for it and what the CAA and the CNAME
 * checks found; above them what ACM says about the certificate as a whole
 * (status, the failure reason explained, the 72-hour window). Enter opens
 * the findings of the selected name. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert.h"
#include "diag.h"
#include "draw.h"
#include "fix_summary.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "ui.h"

#define NAME_COL_MAX 30
#define GAP 2
/* Rows the certificate's findings keep however many names follow. */
#define CERT_ROWS_MIN 4

struct cert_names {
	struct ui_list list;
};

static const struct ui_binding cert_names_keys[] = {
	{ '\r', CMD_ENTER, N_("findings") },
	{ KEY_RIGHT, CMD_ENTER, NULL },
	{ 'r', CMD_RECHECK, "" },
	{ 0, CMD_NONE, NULL },
};

/* "-" when the name was not routed to the check, "..." while it runs. */
static void
verdicts(const struct ui *ui, const char *name, const char **caa, int *caa_attr,
	 const char **cname, int *cname_attr)
{
	const struct diag *d = ui->diag;
	bool running = diag_running(d);
	const struct caa_target *t = d ? diag_caa_of(d, name) : NULL;
	const struct cname_result *r = d ? diag_cname_of(d, name) : NULL;
	*caa = t ? caa_verdict_label(t->verdict) : running ? ui_glyphs()->ellipsis : "-";
	*caa_attr = ui_attr(!t ? UC_DIM : t->verdict == CAA_V_PERMIT ? UC_GOOD : UC_ERROR);
	*cname = r ? cname_verdict_label(r->verdict) : running ? ui_glyphs()->ellipsis : "-";
	*cname_attr = ui_attr(!r ? UC_DIM : r->verdict == CNAME_V_OK ? UC_GOOD
			      : r->verdict == CNAME_V_CACHED ? UC_WARNING : UC_ERROR);
}

static int
draw_certificate(struct ui *ui, const struct ui_cert *c, int y, int w, int max_rows)
{
	struct ui_rows r = { 0 };
	char buf[900];
	if (c->from_file) {
		snprintf(buf, sizeof buf, _("Certificate for %s: %s"), c->cert.domain_name,
			 c->cert.status_text ? c->cert.status_text : "-");
		ui_rows_add(&r, buf, w, 0, 0, ui_attr(UC_HEADING), -1);
		for (size_t i = 0; i < c->route.n_findings; i++) {
			const struct finding *f = &c->route.findings[i];
			/* The engine's messages are sanitised already; the
			 * flags only fold them to ASCII outside UTF-8. */
			char *msg = san_str(f->message, 600, ui->utf8 ? 0 : SAN_ASCII);
			snprintf(buf, sizeof buf, "%-8s %s", ui_severity_label(f->severity), msg);
			free(msg);
			ui_rows_add(&r, buf, w, 9, 0, ui_attr(f->severity == SEV_ERROR ? UC_ERROR
						     : f->severity == SEV_WARNING ? UC_WARNING : UC_NORMAL), -1);
		}
	} else {
		ui_rows_add(&r, _("Validation records as typed (no certificate file: ACM's status is not known)."),
			    w, 0, 0, ui_attr(UC_HEADING), -1);
	}
	/* What does not fit is cut, and ends in the ellipsis. */
	ui_rows_fold(&r, (size_t)max_rows);
	int rows = (int)r.n;
	struct ui_rect rect = { y, 2, rows, w };
	ui_rows_draw(&r, 0, &rect);
	ui_rows_clear(&r);
	return rows;
}

/* Column widths from what they hold, so that no two touch: the name, ACM's
 * status, the CAA verdict, the validation record's, then one column per
 * other check that ran (its name on top, its verdict as every check
 * reports it); the last column takes the rest. */
struct name_cols {
	int name, acm, caa, rec, x_acm, x_caa, x_rec;
	int n_other;
	enum check_id other[CHECK__COUNT];
	int other_w[CHECK__COUNT], x_other[CHECK__COUNT];
};

/* Another check's verdict about a name, as its subjects say it. */
static const char *
other_verdict(const struct ui *ui, enum check_id c, const char *name, int *attr)
{
	struct check_subject sub;
	const struct diag *d = ui->diag;
	if (d && diagnosis_subject_about(&d->run, c, name, &sub) >= 0) {
		*attr = ui_attr(sub.tone == SEV_INFO ? UC_GOOD : sub.tone == SEV_WARNING ? UC_WARNING : UC_ERROR);
		return sub.label;
	}
	*attr = ui_attr(UC_DIM);
	return diag_running(d) ? ui_glyphs()->ellipsis : "-";
}

static void
other_cols(const struct ui *ui, const struct ui_cert *c, struct name_cols *k)
{
	k->n_other = 0;
	for (int id = 0; ui->diag && id < CHECK__COUNT; id++) {
		if (id == CHECK_caa || id == CHECK_cname || !ui->diag->run.started[id])
			continue;
		int w = ui_width(check_get(id)->name), attr;
		for (size_t i = 0; i < c->n_names; i++) {
			int vw = ui_width(other_verdict(ui, id, c->names[i], &attr));
			if (vw > w)
				w = vw;
		}
		k->other[k->n_other] = id;
		k->other_w[k->n_other++] = w;
	}
}

static void
name_cols(const struct ui *ui, const struct ui_cert *c, int w, struct name_cols *k)
{
	k->name = ui_width(_("Name"));
	k->acm = ui_width(_("ACM"));
	k->caa = ui_width(_("CAA"));
	k->rec = ui_width(_("Validation record"));
	other_cols(ui, c, k);
	for (size_t i = 0; i < c->n_names; i++) {
		const char *st = ui_cert_status_of(c, c->names[i]);
		const char *caa, *cname;
		int ca, na;
		verdicts(ui, c->names[i], &caa, &ca, &cname, &na);
		if (ui_width(c->names[i]) > k->name)
			k->name = ui_width(c->names[i]);
		if (st && ui_width(st) > k->acm)
			k->acm = ui_width(st);
		if (ui_width(caa) > k->caa)
			k->caa = ui_width(caa);
		if (ui_width(cname) > k->rec)
			k->rec = ui_width(cname);
	}
	if (k->name > NAME_COL_MAX)
		k->name = NAME_COL_MAX;
	/* Narrow: the name gives way first, then ACM's status (cut with "…"). */
	int rec_min = ui_width(_("Validation record")) < 12 ? ui_width(_("Validation record")) : 12;
	int others = 0;
	for (int i = 0; i < k->n_other; i++)
		others += GAP + k->other_w[i];
	int over = 4 + k->name + GAP + k->acm + GAP + k->caa + GAP + (k->n_other ? k->rec : rec_min)
		   + others - (w + 2);
	for (int *col = &k->name; over > 0; col = &k->acm) {
		int floor = col == &k->name ? 12 : 8;
		int take = *col - floor < over ? *col - floor : over;
		if (take > 0) {
			*col -= take;
			over -= take;
		}
		if (col == &k->acm)
			break;
	}
	k->x_acm = 4 + k->name + GAP;
	k->x_caa = k->x_acm + k->acm + GAP;
	k->x_rec = k->x_caa + k->caa + GAP;
	for (int i = 0, x = k->x_rec + k->rec + GAP; i < k->n_other; i++) {
		k->x_other[i] = x;
		x += k->other_w[i] + GAP;
	}
}

/* A column's width: the last one runs to the edge of the table. */
static int
col_w(int x, int fixed, bool last, int w)
{
	return last ? 2 + w - x : fixed;
}

static void
cert_names_draw(struct ui *ui, struct screen *s, const struct ui_rect *b)
{
	struct cert_names *cn = s->priv;
	const struct ui_cert *c = ui->cert;
	if (!c)
		return;
	int w = b->w - 4, y = b->y + 1;
	/* The certificate's findings get what the table leaves; a long
	 * table scrolls below at least a few of their rows. */
	int room = b->h - (int)c->n_names - 5;
	y += draw_certificate(ui, c, y, w, room > CERT_ROWS_MIN ? room : CERT_ROWS_MIN) + 1;
	struct name_cols k;
	name_cols(ui, c, w, &k);
	/* TRANSLATORS: column headings of the names table; keep each short */
	ui_text(y, 4, k.name, _("Name"), ui_attr(UC_HEADING));
	ui_text(y, k.x_acm, k.acm, _("ACM"), ui_attr(UC_HEADING));
	ui_text(y, k.x_caa, k.caa, _("CAA"), ui_attr(UC_HEADING));
	ui_text(y, k.x_rec, col_w(k.x_rec, k.rec, !k.n_other, w), _("Validation record"), ui_attr(UC_HEADING));
	for (int i = 0; i < k.n_other; i++)
		ui_text(y, k.x_other[i], col_w(k.x_other[i], k.other_w[i], i == k.n_other - 1, w),
			check_get(k.other[i])->name, ui_attr(UC_HEADING));
	y++;
	cn->list.n = (int)c->n_names;
	int h = b->y + b->h - y - 2;
	if (h < 1)
		h = 1;
	ui_list_fit(&cn->list, y, h);
	for (int i = 0; i < h && cn->list.top + i < cn->list.n; i++) {
		int n = cn->list.top + i, row = y + i;
		bool sel = n == cn->list.sel;
		int base = ui_attr(sel ? UC_SELECTED : UC_NORMAL);
		if (sel)
			ui_fill(row, 2, w, base);
		ui_text(row, 2, 2, sel ? ui_glyphs()->cursor : " ", base);
		ui_text(row, 4, k.name, c->names[n], base | A_BOLD);
		const char *st = ui_cert_status_of(c, c->names[n]);
		ui_text(row, k.x_acm, k.acm, st ? st : "-", base);
		const char *caa, *cname;
		int ca, na;
		verdicts(ui, c->names[n], &caa, &ca, &cname, &na);
		ui_text(row, k.x_caa, k.caa, caa, sel ? base : ca);
		ui_text(row, k.x_rec, col_w(k.x_rec, k.rec, !k.n_other, w), cname, sel ? base : na);
		for (int o = 0; o < k.n_other; o++) {
			int oa;
			const char *v = other_verdict(ui, k.other[o], c->names[n], &oa);
			ui_text(row, k.x_other[o], col_w(k.x_other[o], k.other_w[o], o == k.n_other - 1, w), v,
				sel ? base : oa);
		}
	}
	ui_more_below(y + h - 1, 2, w, cn->list.n - cn->list.top - h);
	const char *hint = !ui->diag ? _("Nothing to probe: what ACM says above is the diagnosis.")
			 : diag_running(ui->diag) ? _("Still asking the DNS...")
			 : _("Enter shows the findings of the selected name and their fix.");
	ui_text(b->y + b->h - 1, 2, w, hint, ui_attr(UC_DIM));
}

static enum ui_result
cert_names_request(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	struct cert_names *cn = s->priv;
	if (!ui->cert)
		return UI_IGNORED;
	/* Keys may come before the first paint (scripts, fast typists). */
	cn->list.n = (int)ui->cert->n_names;
	if (cmd == CMD_ENTER) {
		ui_push(ui, &screen_findings, ui->cert->names[cn->list.sel]);
		return UI_REDRAW;
	}
	return ui_list_request(&cn->list, cmd);
}

static bool
cert_names_offers(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	if (ui_cmd_moves(cmd))
		return ui->cert && ui->cert->n_names > 1;
	/* Nothing probed (the certificate is issued, or no probe can help):
	 * no findings, nothing to re-check. */
	return (cmd == CMD_ENTER || cmd == CMD_RECHECK) && diag_finished(ui->diag);
}

static void
cert_names_where(struct ui *ui, struct screen *s, char *buf, size_t len)
{
	struct cert_names *cn = s->priv;
	if (ui->cert && ui->cert->n_names)
		/* TRANSLATORS: status line: the name selected in the names table */
		snprintf(buf, len, _("Names %d/%zu"), cn->list.sel + 1, ui->cert->n_names);
	else
		snprintf(buf, len, "%s", _("Names"));
}

static enum ui_result
cert_names_click(struct ui *ui, struct screen *s, int y, int x)
{
	struct cert_names *cn = s->priv;
	(void)x;
	int i = ui_list_at(&cn->list, y);
	if (i < 0)
		return UI_IGNORED;
	cn->list.sel = i;
	return ui_offers(ui, s, CMD_ENTER) ? cert_names_request(ui, s, CMD_ENTER) : UI_REDRAW;
}

const struct screen_ops screen_cert_names = {
	.id = "names-table",
	.title = N_("Names"),
	.keys = cert_names_keys,
	.priv_size = sizeof(struct cert_names),
	.draw = cert_names_draw,
	.request = cert_names_request,
	.click = cert_names_click,
	.input = ui_input_still_asking,
	.offers = cert_names_offers,
	.where = cert_names_where,
};
