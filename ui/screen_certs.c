/* "My certificates": the account's certificates that need attention,
 * worst first (acm/acm_walk.h: failed, timed out, pending, expiring), read
 * from ACM in every region asked (--region, or all of them), each then
 * described for its failure reason. Enter reads the selected one from ACM
 * and opens it in the certificate wizard, where r reads it again. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acm/acm_aws.h"
#include "acm/acm_walk.h"
#include "aws.h"
#include "draw.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/xalloc.h"
#include "net/names.h"
#include "ui.h"

#define DESCRIBE_PARALLEL 4
#define STATUS_COL 11
#define REASON_COL 15
#define AGE_COL 8
#define REGION_COL 15

struct certs;

struct cert_row {
	struct certs *cs;
	const struct acm_summary *s;    /* in the walk's result */
	struct aws_op *op;
	char *reason;                   /* FailureReason, once described */
	bool described;
};

struct certs {
	struct ui *ui;
	struct ui_list list;
	struct aws_op *walk;
	struct acm_walk_result *res;
	struct cert_row *rows;
	size_t n_rows, next, running;
};

static const struct ui_binding certs_keys[] = {
	{ '\r', CMD_ENTER, N_("open") },
	{ KEY_RIGHT, CMD_ENTER, NULL },
	{ 0, CMD_NONE, NULL },
};

static void describe_more(struct certs *cs);

static void
on_described(void *ctx, struct acm_fetched *f)
{
	struct cert_row *row = ctx;
	struct certs *cs = row->cs;
	row->op = NULL;
	row->described = true;
	cs->running--;
	if (f->have_cert && f->cert.failure_reason)
		row->reason = xstrdup(f->cert.failure_reason);
	acm_fetched_free(f);
	cs->ui->dirty = true;
	describe_more(cs);
}

static void
describe_more(struct certs *cs)
{
	while (cs->next < cs->n_rows && cs->running < DESCRIBE_PARALLEL) {
		struct cert_row *row = &cs->rows[cs->next++];
		if (row->s->status != ACM_ST_FAILED) {
			row->described = true;      /* only a failure has a reason to read */
			continue;
		}
		cs->running++;
		row->op = acm_fetch_cert(cs->ui->aws->client, row->s->arn, false, on_described, row);
	}
}

static void
on_walk(void *ctx, struct acm_walk_result *r)
{
	struct certs *cs = ctx;
	cs->walk = NULL;
	cs->res = r;
	cs->n_rows = r->found.n;
	cs->rows = xcalloc(cs->n_rows + 1, sizeof *cs->rows);
	for (size_t i = 0; i < cs->n_rows; i++)
		cs->rows[i] = (struct cert_row){ .cs = cs, .s = &r->found.v[i] };
	cs->list.n = (int)cs->n_rows;
	cs->ui->dirty = true;
	describe_more(cs);
}

static void
certs_open(struct ui *ui, struct screen *s)
{
	struct certs *cs = s->priv;
	cs->ui = ui;
	if (!ui->aws)
		return;
	cs->walk = acm_walk(ui->aws->client, ui->aws->regions, ui->aws->n_regions, (int64_t)time(NULL),
			    on_walk, cs);
}

static void
certs_close(struct ui *ui, struct screen *s)
{
	struct certs *cs = s->priv;
	(void)ui;
	aws_op_cancel(cs->walk);
	for (size_t i = 0; i < cs->n_rows; i++) {
		aws_op_cancel(cs->rows[i].op);
		free(cs->rows[i].reason);
	}
	free(cs->rows);
	if (cs->res) {
		acm_walk_result_free(cs->res);
		free(cs->res);
	}
}

/* "caa-le.test, www.caa-le.test +3" within the column. */
static void
names_of(const struct acm_summary *s, char *buf, size_t len)
{
	size_t used = (size_t)snprintf(buf, len, "%s", name_shown(s->domain_name));
	size_t more = 0;
	for (size_t i = 0; i < s->n_sans; i++) {
		if (!strcmp(s->sans[i], s->domain_name))
			continue;
		if (!more && used + strlen(s->sans[i]) + 3 < len && used < 30)
			used += (size_t)snprintf(buf + used, len - used, ", %s", name_shown(s->sans[i]));
		else
			more++;
	}
	if (more && used + 8 < len)
		snprintf(buf + used, len - used, " +%zu", more);
}

static void
draw_row(struct ui *ui, const struct cert_row *row, int y, int w, bool sel, int64_t now)
{
	const struct acm_summary *s = row->s;
	int base = ui_attr(sel ? UC_SELECTED : UC_NORMAL);
	if (sel)
		ui_fill(y, 2, w, base);
	ui_text(y, 2, 2, sel ? ui_glyphs()->cursor : " ", base);
	int x = 4;
	enum acm_attention att = acm_summary_attention(s, now, ACM_EXPIRING_SOON_S);
	int tone = ui_attr(att >= ACM_ATT_TIMED_OUT ? UC_ERROR : UC_WARNING);
	/* TRANSLATORS: statuses in My certificates; keep each within 10 columns */
	const char *status = att == ACM_ATT_FAILED ? _("FAILED") : att == ACM_ATT_TIMED_OUT ? _("TIMED OUT")
			   : att == ACM_ATT_PENDING ? _("PENDING") : _("EXPIRING");
	ui_text(y, x, STATUS_COL - 1, status, sel ? base : tone);
	x = 4 + STATUS_COL;
	const char *reason = row->reason ? row->reason : row->described ? "-" : ui_glyphs()->ellipsis;
	ui_text(y, x, REASON_COL - 1, reason, base);
	x += REASON_COL;
	int names_w = w - (x - 2) - AGE_COL - REGION_COL;
	char names[400];
	names_of(s, names, sizeof names);
	ui_text(y, x, names_w - 1, names, base | A_BOLD);
	x += names_w;
	char age[32] = "-";
	if (att == ACM_ATT_EXPIRING && s->not_after != ACM_TIME_NONE)
		acm_duration_text(s->not_after - now, age, sizeof age);
	else if (s->created_at != ACM_TIME_NONE)
		acm_duration_text(now - s->created_at, age, sizeof age);
	ui_text(y, x, AGE_COL - 1, age, base);
	ui_text(y, x + AGE_COL, REGION_COL, s->region, base);
}

static void
draw_notes(struct ui *ui, const struct certs *cs, int y, int w, int h)
{
	struct ui_rows r = { 0 };
	for (size_t i = 0; cs->res && i < cs->res->n_findings; i++) {
		const struct finding *f = &cs->res->findings[i];
		char *m = san_str(f->message, 500, ui->utf8 ? 0 : SAN_ASCII);
		ui_rows_add(&r, m, w, 2, 0, ui_attr(f->severity == SEV_ERROR ? UC_ERROR : UC_DIM), -1);
		free(m);
	}
	struct ui_rect rect = { y, 2, h, w };
	ui_rows_draw(&r, 0, &rect);
	ui_rows_clear(&r);
}

static void
certs_draw(struct ui *ui, struct screen *s, const struct ui_rect *b)
{
	struct certs *cs = s->priv;
	int w = b->w - 4, y = b->y + 1;
	char head[600];
	if (!ui->aws) {
		ui_text(y, 2, w, _("No AWS credentials: this list needs them."), ui_attr(UC_WARNING));
		return;
	}
	snprintf(head, sizeof head, ngettext("Certificates that need attention, worst first, in %zu region",
					      "Certificates that need attention, worst first, in %zu regions",
					      ui->aws->n_regions), ui->aws->n_regions);
	ui_text(y++, 2, w, head, ui_attr(UC_HEADING));
	snprintf(head, sizeof head, _("Credentials: %s"), ui->aws->who);
	ui_text(y++, 2, w, head, ui_attr(UC_DIM));
	y++;
	if (cs->walk) {
		snprintf(head, sizeof head, "%s %s", ui_glyphs()->spinner[ui->spin % ui_glyphs()->n_spinner],
			 _("Reading your certificates from ACM..."));
		ui_text(y, 2, w, head, ui_attr(UC_INFO));
		return;
	}
	/* TRANSLATORS: column headings of My certificates; keep each short */
	ui_text(y, 4, STATUS_COL, _("Status"), ui_attr(UC_HEADING));
	ui_text(y, 4 + STATUS_COL, REASON_COL, _("Reason"), ui_attr(UC_HEADING));
	int names_w = w - (2 + STATUS_COL + REASON_COL) - AGE_COL - REGION_COL;
	ui_text(y, 4 + STATUS_COL + REASON_COL, names_w, _("Names"), ui_attr(UC_HEADING));
	ui_text(y, 4 + STATUS_COL + REASON_COL + names_w, AGE_COL, _("Age"), ui_attr(UC_HEADING));
	ui_text(y, 4 + STATUS_COL + REASON_COL + names_w + AGE_COL, REGION_COL, _("Region"), ui_attr(UC_HEADING));
	y++;
	int notes = cs->res && cs->res->n_findings ? 3 : 0;
	int h = b->y + b->h - y - 1 - notes;
	if (h < 1)
		h = 1;
	if (!cs->n_rows) {
		ui_text(y, 4, w - 2, _("None: no certificate is pending, failed, timed out or expiring within 30 days."),
			ui_attr(UC_GOOD));
		h = 1;
	}
	ui_list_fit(&cs->list, y, h);
	int64_t now = (int64_t)time(NULL);
	for (int i = 0; i < h && cs->list.top + i < cs->list.n; i++)
		draw_row(ui, &cs->rows[cs->list.top + i], y + i, w, cs->list.top + i == cs->list.sel, now);
	draw_notes(ui, cs, y + h + 1, w, notes);
}

static enum ui_result
certs_request(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	struct certs *cs = s->priv;
	cs->list.n = (int)cs->n_rows;
	if (cmd == CMD_ENTER && cs->n_rows) {
		ui_aws_open_arn(ui, cs->rows[cs->list.sel].s->arn);
		return UI_REDRAW;
	}
	return ui_list_request(&cs->list, cmd);
}

static enum ui_result
certs_click(struct ui *ui, struct screen *s, int y, int x)
{
	struct certs *cs = s->priv;
	(void)x;
	int i = ui_list_at(&cs->list, y);
	if (i < 0)
		return UI_IGNORED;
	cs->list.sel = i;
	return certs_request(ui, s, CMD_ENTER);
}

/* Enter opens a row once there is one; the cursor moves over two or more. */
static bool
certs_offers(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	struct certs *cs = s->priv;
	(void)ui;
	if (ui_cmd_moves(cmd))
		return cs->n_rows > 1;
	return cmd == CMD_ENTER && cs->n_rows > 0;
}

static void
certs_where(struct ui *ui, struct screen *s, char *buf, size_t len)
{
	struct certs *cs = s->priv;
	(void)ui;
	if (cs->n_rows)
		/* TRANSLATORS: status line: the row selected in My certificates */
		snprintf(buf, len, _("Certificates %d/%zu"), cs->list.sel + 1, cs->n_rows);
	else
		snprintf(buf, len, "%s", _("My certificates"));
}

const struct screen_ops screen_certs = {
	.id = "my-certificates",
	.title = N_("My certificates"),
	.keys = certs_keys,
	.priv_size = sizeof(struct certs),
	.open = certs_open,
	.close = certs_close,
	.draw = certs_draw,
	.request = certs_request,
	.click = certs_click,
	.offers = certs_offers,
	.where = certs_where,
};
