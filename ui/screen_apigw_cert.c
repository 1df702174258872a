/* Step 3 of the API Gateway wizard: the certificate each address served,
 * as a browser's certificate viewer shows it (issued to, the names it
 * covers, issued by, validity, the chain, every problem), with what does
 * not fit the name marked, and what browsers and curl say about it. One
 * tab per handshake: the name's addresses, then the comparisons (the
 * target with its own name, the target API Gateway gives). Enter goes on
 * to the findings and their fixes. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/apigw/apigw_check.h"
#include "checks/apigw/apigw_clients.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "diag.h"
#include "draw.h"
#include "net/http_probe.h"
#include "net/names.h"
#include "net/tls_probe.h"
#include "ui.h"

#define MAX_TABS 10
#define LABEL_W 14

struct certview {
	int tab;
	struct ui_list pane;
};

static const struct ui_binding certview_keys[] = {
	{ '\r', CMD_ENTER, N_("findings") },
	{ KEY_LEFT, CMD_LEFT, "" },         /* the hint says Left and Right */
	{ KEY_RIGHT, CMD_RIGHT, NULL },
	{ '\t', CMD_RIGHT, NULL },
	{ 'r', CMD_RECHECK, "" },
	{ 0, CMD_NONE, NULL },
};

static const struct apigw_result *
result_of(const struct ui *ui)
{
	const struct apigw_report *rep = diag_apigw(ui->diag);
	return rep && rep->n_results ? &rep->results[0] : NULL;
}

/* A labelled row: "  Issued to     value". */
static void
row(struct ui_rows *r, int w, const char *label, const char *value, int attr, int flags)
{
	char *v = san_str(value ? value : "-", 600, flags);
	char *line = str_fmt(1200, "%-*s %s", LABEL_W, label, v);
	ui_rows_add(r, line, w, LABEL_W + 1, 0, attr, -1);
	free(line);
	free(v);
}

/* What clients show for a cause, from data/explain-apigw.txt. */
static char *
client_words(const char *cause)
{
	size_t n;
	const struct apigw_term *t = apigw_terms(&n);
	struct strbuf sb;
	sb_init_limit(&sb, 1024);
	for (size_t i = 0; i < n; i++)
		if (t[i].cause && !strcmp(t[i].cause, cause) && strncmp(t[i].term, "curl", 4))
			sb_addf(&sb, "%s%s", sb.len ? ", " : "", t[i].term);
	return sb_steal(&sb);
}

static void
sans_rows(struct ui_rows *r, int w, const struct tls_result *t, const char *sni, int flags)
{
	const struct ui_glyphs *g = ui_glyphs();
	for (size_t i = 0; i < t->n_sans; i++) {
		bool covers = apigw_cert_name_covers(t->sans[i], sni);
		char *v = str_fmt(600, "%s %s", covers ? g->ok : (t->name_matches ? " " : g->bad), t->sans[i]);
		row(r, w, i ? "" : _("Names"), v, ui_attr(covers ? UC_GOOD : t->name_matches ? UC_NORMAL : UC_ERROR),
		    flags);
		free(v);
	}
	if (!t->n_sans)
		row(r, w, _("Names"), _("(none)"), ui_attr(UC_ERROR), flags);
	if (t->sans_omitted) {
		char *more = str_fmt(100, _("(+%zu more)"), t->sans_omitted);
		row(r, w, "", more, ui_attr(UC_DIM), flags);
		free(more);
	}
	if (!t->name_matches) {
		char *v = str_fmt(600, _("none of them covers %s"), sni);
		row(r, w, "", v, ui_attr(UC_ERROR) | A_BOLD, flags);
		free(v);
	}
}

static void
chain_rows(struct ui_rows *r, int w, const struct tls_result *t, int flags)
{
	for (size_t i = 0; i < t->n_chain; i++) {
		const struct tls_chain_cert *c = &t->chain[i];
		char *v = str_fmt(600, "%*s%s%s%s%s", (int)(2 * i), "", i ? ui_glyphs()->arrow : "", i ? " " : "",
				  c->subject, c->self_issued ? _(" (self-signed)") : "");
		row(r, w, i ? "" : _("Chain"), v, ui_attr(UC_NORMAL), flags);
		free(v);
	}
}

static void
problem_rows(struct ui_rows *r, int w, const struct tls_result *t, int flags)
{
	for (size_t i = 0; i < t->n_errors; i++) {
		char *v = str_fmt(600, "%s (%d)", t->errors[i].text, t->errors[i].code);
		row(r, w, i ? "" : _("Problems"), v, ui_attr(UC_ERROR), flags);
		free(v);
	}
	const char *cause = !t->name_matches ? "APIGW_CERT_NAME_MISMATCH"
			  : t->expired || t->not_yet_valid ? "APIGW_CERT_EXPIRED"
			  : t->n_errors ? "APIGW_CERT_UNTRUSTED" : NULL;
	char *words = cause ? client_words(cause) : NULL;
	row(r, w, _("Browsers say"), words && *words ? words : _("nothing: the certificate is fine for this name"),
	    ui_attr(words ? UC_WARNING : UC_GOOD), flags);
	free(words);
}

static void
cert_rows(struct ui *ui, struct ui_rows *r, int w, const struct apigw_tls_seen *s)
{
	int flags = ui->utf8 ? 0 : SAN_ASCII;
	const struct tls_result *t = s->res;
	char *head = str_fmt(600, _("Served at %s for the name %s"), s->address, s->sni);
	ui_rows_add(r, head, w, 0, 0, ui_attr(UC_HEADING), -1);
	free(head);
	if (!t || !t->have_cert) {
		row(r, w, _("No certificate"), t && t->error ? t->error : "?", ui_attr(UC_ERROR), flags);
		char *words = t && t->alert == 112 ? client_words("APIGW_TLS_FAILED:alert-112") : NULL;
		if (words)
			row(r, w, _("Browsers say"), words, ui_attr(UC_WARNING), flags);
		free(words);
		return;
	}
	row(r, w, _("Issued to"), t->subject_cn ? t->subject_cn : t->subject, ui_attr(UC_NORMAL), flags);
	sans_rows(r, w, t, s->sni, flags);
	bool trusted = true;
	for (size_t i = 0; i < t->n_errors; i++)
		trusted &= t->errors[i].code == 62 || t->errors[i].code == 9 || t->errors[i].code == 10;
	row(r, w, _("Issued by"), t->issuer_cn ? t->issuer_cn : t->issuer, ui_attr(trusted ? UC_NORMAL : UC_ERROR), flags);
	char *valid = str_fmt(200, _("%.10s to %.10s%s"), t->not_before ? t->not_before : "?",
			      t->not_after ? t->not_after : "?", t->expired ? _("  EXPIRED") : t->not_yet_valid ? _("  NOT YET VALID") : "");
	row(r, w, _("Valid"), valid, ui_attr(t->expired || t->not_yet_valid ? UC_ERROR : UC_NORMAL), flags);
	free(valid);
	chain_rows(r, w, t, flags);
	problem_rows(r, w, t, flags);
	/* The first 8 bytes tell certificates apart; the JSON has them all. */
	char fp[32];
	snprintf(fp, sizeof fp, "%.23s", t->sha256_fingerprint ? t->sha256_fingerprint : "-");
	char *v = str_fmt(64, "%s%s", fp, t->sha256_fingerprint && strlen(t->sha256_fingerprint) > 23 ? "..." : "");
	row(r, w, _("SHA-256"), v, ui_attr(UC_DIM), flags);
	free(v);
}

static const char *
tab_label(const struct apigw_tls_seen *s, char *buf, size_t len)
{
	if (s->role == APIGW_TLS_NAME)
		snprintf(buf, len, "%s", s->address);
	else
		snprintf(buf, len, "%s", s->role == APIGW_TLS_TARGET ? _("target itself") : _("expected target"));
	return buf;
}

static int
draw_head(struct ui *ui, const struct apigw_result *res, int y, int w)
{
	struct check_subject sub;
	apigw_check_ops.subject(diag_apigw(ui->diag), 0, &sub);
	int flags = ui->utf8 ? 0 : SAN_ASCII;
	char *name = san_str(name_shown(res->facts.name), 200, flags);
	int x = 2 + ui_text(y, 2, w, name, ui_attr(UC_HEADING)) + 2;
	free(name);
	ui_text(y, x, 2 + w - x, sub.label, ui_attr(sub.tone == SEV_INFO ? UC_GOOD : sub.tone == SEV_WARNING ? UC_WARNING : UC_ERROR));
	char *to = res->target ? str_fmt(600, "%s %s (%s)", ui_glyphs()->arrow, res->target, apigw_class_name(res->target_class))
			       : str_fmt(600, _("%s no CNAME: %zu address records"), ui_glyphs()->arrow, res->facts.n_addrs);
	char *shown = san_str(to, 300, flags);
	ui_text(y + 1, 4, w - 2, shown, ui_attr(UC_DIM));
	free(shown);
	free(to);
	return 3;
}

static void
draw_http(struct ui *ui, const struct apigw_result *res, int y, int w)
{
	const struct http_response *h = res->facts.http.res;
	char buf[600];
	if (!h)
		snprintf(buf, sizeof buf, "%s", _("HTTPS: not asked (no TLS connection)"));
	else if (!h->have_head)
		snprintf(buf, sizeof buf, _("HTTPS: no answer (%s)"), h->error ? h->error : "?");
	else {
		enum apigw_api_kind api = apigw_http_api(h);
		char *msg = apigw_http_message(h);
		snprintf(buf, sizeof buf, _("HTTPS: %d from %s%s%s"), h->head.status,
			 api == APIGW_API_HTTP ? _("API Gateway (HTTP API)") : api ? _("API Gateway (REST API)")
			 : apigw_http_cloudfront(h) ? "CloudFront" : _("something else"),
			 msg ? ", " : "", msg ? msg : "");
		free(msg);
	}
	char *shown = san_str(buf, 500, ui->utf8 ? 0 : SAN_ASCII);
	ui_text(y, 2, w, shown, ui_attr(UC_NORMAL));
	free(shown);
}

static void
certview_draw(struct ui *ui, struct screen *s, const struct ui_rect *b)
{
	struct certview *cv = s->priv;
	const struct apigw_result *res = result_of(ui);
	int w = b->w - 4, y = b->y + 1;
	if (!res) {
		ui_text(y, 2, w, _("Still probing: the certificate follows when the answers are in."), ui_attr(UC_INFO));
		return;
	}
	y += draw_head(ui, res, y, w);
	const struct apigw_facts *f = &res->facts;
	if (!f->n_tls) {
		ui_text(y, 2, w, _("No address to connect to: Enter shows why."), ui_attr(UC_ERROR));
		return;
	}
	struct ui_tab tabs[MAX_TABS];
	char labels[MAX_TABS][80];
	size_t n = f->n_tls < MAX_TABS ? f->n_tls : MAX_TABS;
	if (cv->tab >= (int)n)
		cv->tab = 0;
	for (size_t i = 0; i < n; i++)
		tabs[i] = (struct ui_tab){ tab_label(&f->tls[i], labels[i], sizeof labels[i]), NULL, (int)i == cv->tab };
	ui_tabs(y, 2, w, tabs, n, true);
	y += 2;
	struct ui_rows r = { 0 };
	cert_rows(ui, &r, w, &f->tls[cv->tab]);
	struct ui_rect pr = { y, 2, b->y + b->h - y - 2, w };
	cv->pane.n = (int)r.n;
	cv->pane.h = pr.h;
	cv->pane.y = pr.y;
	cv->pane.top = ui_rows_draw(&r, cv->pane.top, &pr);
	ui_rows_clear(&r);
	ui_hline(b->y + b->h - 2, 2, w, ui_attr(UC_DIM));
	draw_http(ui, res, b->y + b->h - 1, w);
}

static enum ui_result
certview_request(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	struct certview *cv = s->priv;
	const struct apigw_result *res = result_of(ui);
	if (!res)
		return UI_IGNORED;
	int n = (int)(res->facts.n_tls < MAX_TABS ? res->facts.n_tls : MAX_TABS);
	switch (cmd) {
	case CMD_ENTER:
		ui_push(ui, &screen_findings, NULL);
		return UI_REDRAW;
	case CMD_RIGHT:
	case CMD_LEFT:
		if (n)
			cv->tab = (cv->tab + (cmd == CMD_RIGHT ? 1 : n - 1)) % n;
		cv->pane.top = 0;
		return UI_REDRAW;
	default:
		return ui_scroll_request(&cv->pane, cmd);
	}
}

/* Enter and r once the probes are back; Left and Right when there is
 * more than one address; the arrows when the certificate is longer than
 * the pane. */
static bool
certview_offers(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	struct certview *cv = s->priv;
	const struct apigw_result *res = result_of(ui);
	if (!res || !diag_finished(ui->diag))
		return false;
	switch (cmd) {
	case CMD_ENTER:
	case CMD_RECHECK:
		return true;
	case CMD_LEFT:
	case CMD_RIGHT:
		return res->facts.n_tls > 1;
	default:
		return ui_cmd_moves(cmd) && res->facts.n_tls && ui_list_longer(&cv->pane);
	}
}

static void
certview_where(struct ui *ui, struct screen *s, char *buf, size_t len)
{
	struct certview *cv = s->priv;
	const struct apigw_result *res = result_of(ui);
	size_t n = res ? (res->facts.n_tls < MAX_TABS ? res->facts.n_tls : MAX_TABS) : 0;
	if (n > 1)
		/* TRANSLATORS: status line: which address's certificate is shown */
		snprintf(buf, len, _("Address %d/%zu"), cv->tab + 1, n);
	else
		snprintf(buf, len, "%s", _("Certificate served"));
}

const struct screen_ops screen_apigw_cert = {
	.id = "apigw-certificate",
	.title = N_("Certificate served"),
	.keys = certview_keys,
	.priv_size = sizeof(struct certview),
	.draw = certview_draw,
	.request = certview_request,
	.offers = certview_offers,
	.where = certview_where,
};
