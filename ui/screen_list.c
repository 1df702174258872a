/* "Check a list of names": a file of names, one a line as check
 * --names-from reads them, checked through the fleet driver
 * (checks/fleet.h) on the TUI's loop. The table fills in as each name
 * finishes, worst first; Enter opens a name in "Diagnose a domain". The
 * file is read whole before any probe: a bad line is shown under the
 * field with its number, and nothing starts. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/fleet.h"
#include "core/i18n.h"
#include "core/lines.h"
#include "core/sanitize.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "draw.h"
#include "input.h"
#include "net/names.h"
#include "ui.h"

#define LIST_MAX_NAMES 100000
#define LIST_PARALLEL 64

/* Worst first: blocked, could not be checked, warnings, fine, waiting. */
enum row_rank { RANK_BLOCKED, RANK_ERROR, RANK_WARNING, RANK_OK, RANK_PENDING };

struct list_row {
	char *name;                 /* canonical; the checks point at it */
	size_t line;
	enum row_rank rank;
	char verdict[96];           /* "CAA DENY": each check's label */
	char code[64];              /* the worst finding's code, "" when all is well */
	char *error;                /* could not be checked: why */
};

struct list_screen {
	struct ui_input in;
	char error[700];            /* sanitised; "" when there is none */
	char *file;                 /* shown in the summary */
	struct list_row *rows;
	size_t n_rows, next;        /* next: the first row not handed to the fleet */
	size_t *order;              /* rows, worst first */
	bool sorted;
	size_t done, blocked, failed;
	struct fleet *fleet;
	struct ui *ui;
	struct ui_list list;
	bool moved;                 /* the user moved the selection: it follows its row */
};

static const struct ui_binding list_keys[] = {
	{ '\r', CMD_ENTER, N_("open") },
	{ 'r', CMD_RECHECK, NULL },     /* not in the hint bar: the field takes r */
	{ 0, CMD_NONE, NULL },
};

static void
rows_free(struct list_screen *ls)
{
	for (size_t i = 0; i < ls->n_rows; i++) {
		free(ls->rows[i].name);
		free(ls->rows[i].error);
	}
	free(ls->rows);
	free(ls->order);
	ls->rows = NULL;
	ls->order = NULL;
	ls->n_rows = 0;
}

/* ---- what the fleet reports ----------------------------------------- */

/* A finished name: each check's verdict about it, and its worst finding. */
static void
fill_row(struct list_row *r, const struct diagnosis *d)
{
	const struct finding *worst = NULL;
	bool blocks = false;
	size_t used = 0;
	r->verdict[0] = '\0';
	/* The resolver failed while it ran: that, never a zone verdict. */
	const struct finding *rf = diagnosis_resolver(d);
	if (rf) {
		struct check_subject sub;
		diagnosis_subject(d, &(struct diagnosis_item){ DIAGNOSIS_RESOLVER, 0, 0 }, &sub);
		snprintf(r->verdict, sizeof r->verdict, "%s", sub.label);
		snprintf(r->code, sizeof r->code, "%s", finding_code_name(rf->code));
		r->rank = RANK_ERROR;
		return;
	}
	for (int c = 0; c < CHECK__COUNT; c++) {
		struct check_subject sub;
		char id[16];
		if (diagnosis_subject_about(d, (enum check_id)c, r->name, &sub) < 0)
			continue;
		blocks |= sub.blocks;
		if (used < sizeof r->verdict)
			used += (size_t)snprintf(r->verdict + used, sizeof r->verdict - used, "%s%s %s", used ? ", " : "",
						 check_label(check_get(c), id, sizeof id), sub.label);
		if (sub.n_findings && (!worst || sub.findings[0].severity < worst->severity))
			worst = &sub.findings[0];
	}
	snprintf(r->code, sizeof r->code, "%s",
		 worst && worst->severity != SEV_INFO ? finding_code_name(worst->code) : "");
	r->rank = blocks ? RANK_BLOCKED : worst && worst->severity == SEV_WARNING ? RANK_WARNING : RANK_OK;
}

static enum fleet_next
next_name(void *ctx, struct fleet_job *job)
{
	struct list_screen *ls = ctx;
	if (ls->next >= ls->n_rows)
		return FLEET_END;
	struct list_row *r = &ls->rows[ls->next];
	job->in = (struct check_input){ .names = (const char *const *)&r->name, .n_names = 1,
					.timeout_ms = ls->ui->timeout_ms };
	job->data = (void *)(uintptr_t)ls->next++;
	return FLEET_JOB;
}

static void
name_done(void *ctx, struct fleet_job *job)
{
	struct list_screen *ls = ctx;
	struct list_row *r = &ls->rows[(uintptr_t)job->data];
	int flags = ls->ui->utf8 ? 0 : SAN_ASCII;
	char why[512];
	fleet_job_why(ls->fleet, job, why, sizeof why);
	if (why[0]) {
		r->error = san_str(why, 300, flags);
		r->rank = RANK_ERROR;
		ls->failed++;
	} else {
		fill_row(r, &job->diag);
		ls->blocked += r->rank == RANK_BLOCKED;
		ls->failed += r->rank == RANK_ERROR;
	}
	ls->done++;
	ls->sorted = false;
	ls->ui->dirty = true;
}

static void
name_drop(void *ctx, struct fleet_job *job)
{
	(void)ctx;
	(void)job;
}

static void
start_fleet(struct ui *ui, struct list_screen *ls)
{
	fleet_free(ls->fleet);
	ls->fleet = NULL;
	for (size_t i = 0; i < ls->n_rows; i++) {
		struct list_row *r = &ls->rows[i];
		free(r->error);
		r->error = NULL;
		r->rank = RANK_PENDING;
		r->verdict[0] = r->code[0] = '\0';
	}
	ls->next = ls->done = ls->blocked = ls->failed = 0;
	ls->sorted = ls->moved = false;
	ls->list.sel = ls->list.top = 0;
	struct dns_client_opts dopts = { .servers = ui->resolver, .recurse = true,
					 .timeout_ms = ui->timeout_ms, .tries = 2 };
	struct fleet_opts fo = { .parallel = LIST_PARALLEL, .dead_after = LIST_PARALLEL };
	struct fleet_source src = { next_name, name_done, name_drop, ls };
	char err[256];
	if (!(ls->fleet = fleet_new(ui->loop, &dopts, &fo, &src, err, sizeof err))) {
		ui_message(ui, true, _("The check could not start: %s"), err);
		return;
	}
	fleet_start(ls->fleet);
}

/* ---- loading the file ------------------------------------------------- */

static void
add_row(struct list_screen *ls, size_t *alloc, const char *name, size_t line)
{
	ls->rows = xgrow(ls->rows, alloc, ls->n_rows + 1, sizeof *ls->rows);
	ls->rows[ls->n_rows++] = (struct list_row){ .name = xstrdup(name), .line = line,
						    .rank = RANK_PENDING };
}

/* Every line checked before anything runs; false with ls->error set. */
static bool
load(struct list_screen *ls, const char *path, int flags)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char why[768] = "";
	if (fd < 0) {
		snprintf(why, sizeof why, "%s", strerror(errno));
	} else {
		struct lines *l = lines_new(fd);
		const char *line;
		size_t len, lineno, alloc = 0;
		enum lines_rc rc = LINES_END;
		while (!why[0] && (rc = lines_next(l, &line, &len, &lineno)) == LINES_LINE) {
			char **names = NULL, lw[700];
			size_t n = 0;
			if (strlen(line) != len)
				snprintf(lw, sizeof lw, "%s", _("the line has a NUL byte"));
			else if (lines_cut(l))
				snprintf(lw, sizeof lw, _("the line is longer than %d bytes"), LINES_MAX_LEN);
			else if (names_from_line(line, 100, &names, &n, lw, sizeof lw) >= 0)
				lw[0] = '\0';
			if (lw[0]) {
				snprintf(why, sizeof why, _("line %zu: %s"), lineno, lw);
				break;
			}
			for (size_t i = 0; i < n && ls->n_rows < LIST_MAX_NAMES; i++)
				add_row(ls, &alloc, names[i], lineno);
			if (n && ls->n_rows >= LIST_MAX_NAMES)
				snprintf(why, sizeof why, _("more than %d names: use acm-doctor check --names-from"),
					 LIST_MAX_NAMES);
			strv_free(names, n);
		}
		if (!why[0] && rc == LINES_ERROR)
			snprintf(why, sizeof why, "%s", lines_error(l));
		else if (!why[0] && !ls->n_rows)
			snprintf(why, sizeof why, "%s", _("the list has nothing to check"));
		lines_free(l);
		close(fd);
	}
	if (why[0]) {
		char *p = san_str(path, 200, flags), *w = san_str(why, 450, flags);
		snprintf(ls->error, sizeof ls->error, "%s: %s", p, w);
		free(p);
		free(w);
		rows_free(ls);
		return false;
	}
	ls->order = xcalloc(ls->n_rows, sizeof *ls->order);
	ls->file = san_str(path, 200, flags);
	return true;
}

/* ---- the screen -------------------------------------------------------- */

static const struct list_screen *sort_ls;

static int
by_rank(const void *a, const void *b)
{
	const struct list_row *ra = &sort_ls->rows[*(const size_t *)a];
	const struct list_row *rb = &sort_ls->rows[*(const size_t *)b];
	if (ra->rank != rb->rank)
		return (int)ra->rank - (int)rb->rank;
	return ra < rb ? -1 : ra > rb;      /* the order of the list */
}

/* Once the user has moved the selection it stays on its row while the
 * order changes under it; until then it stays on the worst. */
static void
sort_rows(struct list_screen *ls)
{
	if (ls->sorted)
		return;
	size_t keep = ls->list.n ? ls->order[ls->list.sel] : 0;
	for (size_t i = 0; i < ls->n_rows; i++)
		ls->order[i] = i;
	sort_ls = ls;
	qsort(ls->order, ls->n_rows, sizeof *ls->order, by_rank);
	for (size_t i = 0; ls->moved && i < ls->n_rows; i++)
		if (ls->order[i] == keep)
			ls->list.sel = (int)i;
	ls->list.n = (int)ls->n_rows;
	ls->sorted = true;
}

static int
rank_attr(enum row_rank r)
{
	static const enum ui_color c[] = { UC_ERROR, UC_ERROR, UC_WARNING, UC_GOOD, UC_DIM };
	return ui_attr(c[r]);
}

static void
draw_row(struct ui *ui, const struct list_row *r, int y, int w, bool sel, int nw)
{
	int attr = sel ? ui_attr(UC_SELECTED) : ui_attr(UC_NORMAL);
	if (sel)
		ui_fill(y, 2, w, attr);
	char *name = san_str(r->name, 300, ui->utf8 ? 0 : SAN_ASCII);
	ui_text(y, 2, 2, sel ? ui_glyphs()->cursor : " ", attr);
	ui_text(y, 4, nw, name, attr);
	free(name);
	int x = 4 + nw + 1, vw = 22;
	const char *verdict = r->rank == RANK_PENDING ? ui_glyphs()->spinner[ui->spin % ui_glyphs()->n_spinner]
			      : r->error ? _("ERROR") : r->verdict;
	ui_text(y, x, vw, verdict, sel ? attr : rank_attr(r->rank));
	x += vw + 1;
	ui_text(y, x, w + 2 - x, r->error ? r->error : r->code, sel ? attr : ui_attr(UC_NORMAL));
}

static void
draw_table(struct ui *ui, struct list_screen *ls, int y, const struct ui_rect *b)
{
	int w = b->w - 4;
	char sum[400];
	snprintf(sum, sizeof sum, _("%s: %zu names, %zu checked, %zu blocked, %zu could not be checked"),
		 ls->file, ls->n_rows, ls->done, ls->blocked, ls->failed);
	int x = ui_text(y, 2, w - 2, sum, ui_attr(UC_HEADING));
	if (ls->fleet && fleet_running(ls->fleet))
		ui_text(y, 3 + x, 2, ui_glyphs()->spinner[ui->spin % ui_glyphs()->n_spinner], ui_attr(UC_INFO));
	y += 2;
	int nw = w * 2 / 5;
	ui_text(y, 4, nw, _("Name"), ui_attr(UC_DIM));
	ui_text(y, 5 + nw, 22, _("Verdict"), ui_attr(UC_DIM));
	ui_text(y, 28 + nw, w - 26 - nw, _("Worst finding"), ui_attr(UC_DIM));
	y++;
	sort_rows(ls);
	ui_list_fit(&ls->list, y, b->y + b->h - y);
	for (int i = ls->list.top; i < ls->list.n && y < b->y + b->h; i++, y++)
		draw_row(ui, &ls->rows[ls->order[i]], y, w, i == ls->list.sel, nw);
}

static void
list_draw(struct ui *ui, struct screen *s, const struct ui_rect *b)
{
	struct list_screen *ls = s->priv;
	int w = b->w - 4, y = b->y + 1;
	if (!ls->rows) {
		struct ui_rows r = { 0 };
		ui_rows_add(&r, _("Which names should be checked?"), w, 0, 0, ui_attr(UC_HEADING), -1);
		ui_rows_add(&r, _("A file with a name on each line (several on a line are checked together; # starts a comment)."),
			    w, 0, 0, ui_attr(UC_DIM), -1);
		struct ui_rect hr = { y, 2, 3, w };
		ui_rows_draw(&r, 0, &hr);
		y += ((int)r.n < 3 ? (int)r.n : 3) + 1;
		ui_rows_clear(&r);
	}
	/* TRANSLATORS: label before the file field; keep it short */
	int lx = ui_text(y, 2, w, _("File:"), ui_attr(UC_HEADING)) + 3;
	ui_input_draw(&ls->in, y, lx, b->w - lx - 2, ui_attr(ls->rows ? UC_NORMAL : UC_SELECTED));
	y += 2;
	if (ls->error[0]) {
		char buf[800];
		snprintf(buf, sizeof buf, "%s %s", ui_glyphs()->bad, ls->error);
		struct ui_rows r = { 0 };
		ui_rows_add(&r, buf, w - 2, 2, 0, ui_attr(UC_ERROR), -1);
		struct ui_rect er = { y, 4, b->y + b->h - y, w - 2 };
		ui_rows_draw(&r, 0, &er);
		ui_rows_clear(&r);
	} else if (ls->rows) {
		draw_table(ui, ls, y, b);
	}
}

static void
list_open(struct ui *ui, struct screen *s)
{
	struct list_screen *ls = s->priv;
	ls->ui = ui;
}

static void
list_close(struct ui *ui, struct screen *s)
{
	struct list_screen *ls = s->priv;
	(void)ui;
	fleet_free(ls->fleet);
	rows_free(ls);
	free(ls->file);
}

/* Open a name in "Diagnose a domain", as if typed there. */
static enum ui_result
open_row(struct ui *ui, struct list_screen *ls)
{
	const struct wizard *all = NULL;
	for (size_t i = 0; i < ui_n_wizards; i++)
		if (!strcmp(ui_wizards[i].id, "all"))
			all = &ui_wizards[i];
	if (!all || !ls->list.n)
		return UI_IGNORED;
	struct list_row *r = &ls->rows[ls->order[ls->list.sel]];
	snprintf(ui->prefill, sizeof ui->prefill, "%s", r->name);
	ui->wizard = all;
	ui_push(ui, &screen_names, all);
	ui_start_diagnosis(ui, all, &r->name, 1);
	return UI_REDRAW;
}

static enum ui_result
list_submit(struct ui *ui, struct list_screen *ls)
{
	const char *path = ls->in.text + strspn(ls->in.text, " \t");
	ls->error[0] = '\0';
	if (!*path) {
		ui_message(ui, true, "%s", _("Type the name of a file with one domain name a line."));
		return UI_REDRAW;
	}
	if (load(ls, path, ui->utf8 ? 0 : SAN_ASCII))
		start_fleet(ui, ls);
	return UI_REDRAW;
}

static enum ui_result
list_input(struct ui *ui, struct screen *s, int key, bool is_char)
{
	struct list_screen *ls = s->priv;
	return ls->rows ? UI_IGNORED : ui_input_step_key(ui, &ls->in, key, is_char);
}

static enum ui_result
list_request(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	struct list_screen *ls = s->priv;
	if (cmd == CMD_ENTER)
		return ls->rows ? open_row(ui, ls) : list_submit(ui, ls);
	if (cmd == CMD_RECHECK && ls->rows) {
		start_fleet(ui, ls);
		return UI_REDRAW;
	}
	if (cmd == CMD_RECHECK)
		return UI_REDRAW;        /* nothing loaded: nothing to re-check */
	if (!ls->rows)
		return UI_IGNORED;
	enum ui_result r = ui_list_request(&ls->list, cmd);
	ls->moved |= r != UI_IGNORED;
	return r;
}

static enum ui_result
list_click(struct ui *ui, struct screen *s, int y, int x)
{
	struct list_screen *ls = s->priv;
	(void)x;
	int i = ls->rows ? ui_list_at(&ls->list, y) : -1;
	if (i < 0)
		return UI_IGNORED;
	ls->list.sel = i;
	ls->moved = true;
	return open_row(ui, ls);
}

/* Enter loads the file, then opens a row; r checks a loaded list again;
 * the cursor moves over two rows or more. */
static bool
list_offers(struct ui *ui, struct screen *s, enum ui_cmd cmd)
{
	struct list_screen *ls = s->priv;
	(void)ui;
	if (ui_cmd_moves(cmd))
		return ls->rows && ls->n_rows > 1;
	if (cmd == CMD_RECHECK)
		return ls->rows != NULL;
	return cmd == CMD_ENTER && (!ls->rows || ls->n_rows > 0);
}

const struct screen_ops screen_list = {
	.id = "list",
	.title = N_("List of names"),
	.keys = list_keys,
	.priv_size = sizeof(struct list_screen),
	.text_entry = true,
	.open = list_open,
	.close = list_close,
	.draw = list_draw,
	.request = list_request,
	.input = list_input,
	.click = list_click,
	.offers = list_offers,
};
