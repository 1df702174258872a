#include "config.h"

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "draw.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/xalloc.h"

static const struct {
	short fg, bg;
	int attr, mono;
} color_table[] = {
#define UI_COLOR_ROW(r, fg, bg, a, m) { fg, bg, a, m },
	UI_COLORS(UI_COLOR_ROW)
#undef UI_COLOR_ROW
};

static int attrs[UC__COUNT];

void
ui_colors_init(bool color)
{
	bool use = color && has_colors() && start_color() != ERR;
	if (use)
		use_default_colors();
	for (int i = 0; i < UC__COUNT; i++) {
		if (use && i > 0 && init_pair((short)i, color_table[i].fg, color_table[i].bg) != ERR)
			attrs[i] = (int)(COLOR_PAIR(i) | (chtype)color_table[i].attr);
		else
			attrs[i] = use ? color_table[i].attr : color_table[i].mono;
	}
}

int
ui_attr(enum ui_color c)
{
	return attrs[c];
}

static const char *const spin_utf8[] = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏" };
static const char *const spin_ascii[] = { "|", "/", "-", "\\" };

static const struct ui_glyphs glyphs_utf8 = {
	"─", "▶", "›", "…", "✓", "✗", "→", " › ",
	"▌", "!", "·", " │ ", "←→", "×", "↓", spin_utf8, 10,
};
static const struct ui_glyphs glyphs_ascii = {
	"-", ">", ">", "~", "+", "x", "->", " > ",
	"|", "!", ".", " | ", "Left/Right", "x", "v", spin_ascii, 4,
};
static const struct ui_glyphs *glyphs = &glyphs_ascii;

void
ui_glyphs_init(bool utf8)
{
	glyphs = utf8 ? &glyphs_utf8 : &glyphs_ascii;
}

const struct ui_glyphs *
ui_glyphs(void)
{
	return glyphs;
}

/* Decode s into wide characters and their widths; undecodable bytes and
 * characters without a width become '?', so nothing escapes the cell grid. */
static size_t
decode(const char *s, wchar_t **out, int **widths)
{
	size_t len = strlen(s), n = 0;
	wchar_t *w = xcalloc(len + 1, sizeof *w);
	int *wd = xcalloc(len + 1, sizeof *wd);
	mbstate_t st;
	memset(&st, 0, sizeof st);
	while (*s) {
		wchar_t c;
		size_t k = mbrtowc(&c, s, len, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			c = L'?';
			k = 1;
		}
		int cw = wcwidth(c);
		if (cw < 0) {
			c = L'?';
			cw = 1;
		}
		w[n] = c;
		wd[n++] = cw;
		s += k;
		len -= k;
	}
	*out = w;
	*widths = wd;
	return n;
}

int
ui_width(const char *s)
{
	wchar_t *w;
	int *wd, total = 0;
	size_t n = decode(s, &w, &wd);
	for (size_t i = 0; i < n; i++)
		total += wd[i];
	free(w);
	free(wd);
	return total;
}

int
ui_text(int y, int x, int w, const char *s, int attr)
{
	if (w <= 0 || y < 0 || y >= LINES)
		return 0;
	wchar_t *ws;
	int *wd;
	size_t n = decode(s, &ws, &wd), used = 0;
	int total = 0;
	for (size_t i = 0; i < n; i++)
		total += wd[i];
	int budget = total > w ? w - ui_width(glyphs->ellipsis) : w, cols = 0;
	while (used < n && cols + wd[used] <= budget)
		cols += wd[used++];
	attron(attr);
	if (used)
		mvaddnwstr(y, x, ws, (int)used);
	if (total > w) {
		mvaddstr(y, x + cols, glyphs->ellipsis);
		cols += ui_width(glyphs->ellipsis);
	}
	attroff(attr);
	free(ws);
	free(wd);
	return cols;
}

void
ui_fill(int y, int x, int w, int attr)
{
	attron(attr);
	mvhline(y, x, ' ', w);
	attroff(attr);
}

void
ui_hline(int y, int x, int w, int attr)
{
	attron(attr);
	for (int i = 0; i < w; i++)
		mvaddstr(y, x + i, glyphs->hline);
	attroff(attr);
}

void
ui_rows_clear(struct ui_rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].text);
	free(r->v);
	memset(r, 0, sizeof *r);
}

static void
rows_push(struct ui_rows *r, const char *s, size_t len, int indent, int attr, int tag)
{
	r->v = xgrow(r->v, &r->alloc, r->n + 1, sizeof *r->v);
	r->v[r->n++] = (struct ui_row){ xstrndup(s, len), attr, indent, tag };
}

/* Greedy word wrap of one paragraph, measured in display columns. */
static void
wrap_paragraph(struct ui_rows *r, const char *p, size_t len, int w, int indent,
	       int first_indent, int attr, int tag)
{
	bool first = true;
	do {
		int avail = w - (first ? first_indent : indent);
		if (avail < 10)
			avail = 10;
		size_t i = 0, cut = len, brk = 0;
		int cols = 0;
		mbstate_t st;
		memset(&st, 0, sizeof st);
		while (i < len) {
			wchar_t c;
			size_t k = mbrtowc(&c, p + i, len - i, &st);
			if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
				memset(&st, 0, sizeof st);
				c = L'?';
				k = 1;
			}
			int cw = wcwidth(c) < 0 ? 1 : wcwidth(c);
			if (cols + cw > avail) {
				cut = brk ? brk : i;
				break;
			}
			if (c == L' ' && i > 0)
				brk = i;
			cols += cw;
			i += k;
		}
		if (cut == 0)
			cut = i ? i : 1;
		size_t keep = cut;
		while (keep > 0 && p[keep - 1] == ' ' && cut < len)
			keep--;
		rows_push(r, p, keep, first ? first_indent : indent, attr, tag);
		first = false;
		p += cut;
		len -= cut;
		/* The space we broke at is not carried to the next row. */
		while (len && *p == ' ') {
			p++;
			len--;
		}
	} while (len);
}

void
ui_rows_add(struct ui_rows *r, const char *text, int w, int indent, int first_indent,
	    int attr, int tag)
{
	const char *p = text;
	for (;;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (len == 0)
			rows_push(r, "", 0, indent, attr, tag);
		else
			wrap_paragraph(r, p, len, w, indent, first_indent, attr, tag);
		if (!eol)
			break;
		p = eol + 1;
	}
}

void
ui_more_below(int y, int x, int w, int n)
{
	if (n <= 0)
		return;
	char more[64];
	/* TRANSLATORS: marks a list with more rows below it: "↓ 3 more" */
	snprintf(more, sizeof more, _(" %s %d more"), glyphs->down, n);
	int mw = ui_width(more);
	if (mw < w)
		ui_text(y, x + w - mw, mw, more, ui_attr(UC_DIM) | A_REVERSE);
}

int
ui_paragraph(int y, int x, int w, const char *text, int hang, int attr, size_t max_rows, int san_flags)
{
	char *clean = san_flags >= 0 ? san_str(text, 4096, san_flags) : xstrdup(text);
	struct ui_rows r = { 0 };
	ui_rows_add(&r, clean, w, hang, 0, attr, -1);
	free(clean);
	ui_rows_fold(&r, max_rows);
	struct ui_rect rect = { y, x, (int)r.n, w };
	ui_rows_draw(&r, 0, &rect);
	int rows = (int)r.n;
	ui_rows_clear(&r);
	return rows;
}

void
ui_rows_fold(struct ui_rows *r, size_t max)
{
	if (max == 0 || r->n <= max)
		return;
	size_t len = 0;
	for (size_t i = max - 1; i < r->n; i++)
		len += strlen(r->v[i].text) + 1;
	char *joined = xcalloc(1, len + 1);
	for (size_t i = max - 1; i < r->n; i++) {
		if (i > max - 1)
			strcat(joined, " ");
		strcat(joined, r->v[i].text);
		free(r->v[i].text);
	}
	r->v[max - 1].text = joined;
	r->n = max;
}

int
ui_rows_draw(const struct ui_rows *r, int top, const struct ui_rect *rect)
{
	int max_top = (int)r->n > rect->h ? (int)r->n - rect->h : 0;
	if (top > max_top)
		top = max_top;
	if (top < 0)
		top = 0;
	for (int i = 0; i < rect->h && (size_t)(top + i) < r->n; i++) {
		const struct ui_row *row = &r->v[top + i];
		ui_text(rect->y + i, rect->x + row->indent, rect->w - row->indent, row->text, row->attr);
	}
	if (rect->h > 0)
		ui_more_below(rect->y + rect->h - 1, rect->x, rect->w, (int)r->n - top - rect->h);
	return top;
}

enum ui_result
ui_list_request(struct ui_list *l, enum ui_cmd cmd)
{
	int page = l->h > 1 ? l->h - 1 : 1;
	switch (cmd) {
	case CMD_UP:        l->sel--; break;
	case CMD_DOWN:      l->sel++; break;
	case CMD_PAGE_UP:   l->sel -= page; break;
	case CMD_PAGE_DOWN: l->sel += page; break;
	case CMD_FIRST:     l->sel = 0; break;
	case CMD_LAST:      l->sel = l->n - 1; break;
	default:            return UI_IGNORED;
	}
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	if (l->sel < 0)
		l->sel = 0;
	return UI_REDRAW;
}

enum ui_result
ui_scroll_request(struct ui_list *l, enum ui_cmd cmd)
{
	int page = l->h > 1 ? l->h - 1 : 1;
	int max_top = l->n > l->h ? l->n - l->h : 0;
	switch (cmd) {
	case CMD_UP:        l->top--; break;
	case CMD_DOWN:      l->top++; break;
	case CMD_PAGE_UP:   l->top -= page; break;
	case CMD_PAGE_DOWN: l->top += page; break;
	case CMD_FIRST:     l->top = 0; break;
	case CMD_LAST:      l->top = max_top; break;
	default:            return UI_IGNORED;
	}
	if (l->top > max_top)
		l->top = max_top;
	if (l->top < 0)
		l->top = 0;
	return UI_REDRAW;
}

bool
ui_list_longer(const struct ui_list *l)
{
	return l->n < 0 || l->h <= 0 || l->n > l->h;
}

void
ui_list_fit(struct ui_list *l, int y, int h)
{
	l->y = y;
	l->h = h;
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	if (l->sel < 0)
		l->sel = 0;
	if (l->sel < l->top)
		l->top = l->sel;
	if (h > 0 && l->sel >= l->top + h)
		l->top = l->sel - h + 1;
	if (l->top > (l->n > h ? l->n - h : 0))
		l->top = l->n > h ? l->n - h : 0;
	if (l->top < 0)
		l->top = 0;
}

int
ui_list_at(const struct ui_list *l, int y)
{
	int i = l->top + (y - l->y);
	return y >= l->y && y < l->y + l->h && i < l->n ? i : -1;
}

void
ui_focus_mark(int y, int h, bool focused)
{
	for (int i = 0; i < h; i++) {
		if (focused)
			ui_text(y + i, 0, 1, glyphs->focus, ui_attr(UC_FOCUS));
		else
			mvaddch(y + i, 0, ' ');
	}
}

/* The label of a tab at a level of shortening: 0 as it is, 1 its short
 * form (by default the label up to " (", "Zone file (any DNS provider)"
 * giving "Zone file"). */
static void
tab_label(const struct ui_tab *t, int level, char *buf, size_t len)
{
	const char *l = t->label;
	size_t n = strlen(l);
	if (level > 0 && t->short_label) {
		l = t->short_label;
		n = strlen(l);
	} else if (level > 0) {
		const char *paren = strstr(l, " (");
		if (paren)
			n = (size_t)(paren - l);
	}
	snprintf(buf, len, " %.*s ", (int)n, l);
}

static int
tab_width(const struct ui_tab *t, int level)
{
	char lab[300];
	tab_label(t, level, lab, sizeof lab);
	return ui_width(lab) + 1;
}

#define MAX_TABS 64

int
ui_tabs(int y, int x, int w, const struct ui_tab *tabs, size_t n, bool focused)
{
	int end = x + w, level[MAX_TABS] = { 0 }, total = 0;
	if (n > MAX_TABS)
		n = MAX_TABS;
	for (size_t i = 0; i < n; i++)
		total += tab_width(&tabs[i], 0);
	/* Too wide: the widest label that has a shorter form takes it, one
	 * at a time, so that the others stay whole. */
	while (total - 1 > w) {
		size_t widest = n;
		for (size_t i = 0; i < n; i++)
			if (!level[i] && tab_width(&tabs[i], 1) < tab_width(&tabs[i], 0)
			    && (widest == n || tab_width(&tabs[i], 0) > tab_width(&tabs[widest], 0)))
				widest = i;
		if (widest == n)
			break;
		total -= tab_width(&tabs[widest], 0) - tab_width(&tabs[widest], 1);
		level[widest] = 1;
	}
	/* Still too wide: an equal share each, cut with the ellipsis. */
	int share = total - 1 > w && n ? w / (int)n - 1 : 0;
	ui_focus_mark(y, 1, focused);
	for (size_t i = 0; i < n && x < end - 2; i++) {
		int attr = !tabs[i].active ? ui_attr(UC_NORMAL)
			 : focused ? ui_attr(UC_TAB) : ui_attr(UC_TAB_IDLE);
		char lab[300];
		tab_label(&tabs[i], level[i], lab, sizeof lab);
		int cw = share > 2 ? share : end - x;
		if (cw > end - x)
			cw = end - x;
		x += ui_text(y, x, cw, lab, attr) + 1;
	}
	return x;
}

int
ui_dump(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	char *line = xmalloc((size_t)COLS * MB_LEN_MAX * 2 + 2);
	for (int y = 0; y < LINES; y++) {
		size_t len = 0, keep = 0;
		for (int x = 0; x < COLS; x++) {
			cchar_t cc;
			wchar_t wch[CCHARW_MAX + 1] = { 0 };
			attr_t a;
			short pair;
			if (mvin_wch(y, x, &cc) == ERR || getcchar(&cc, wch, &a, &pair, NULL) == ERR)
				wch[0] = L' ';
			if (wch[0] == L'\0')
				wch[0] = L' ';
			mbstate_t st;
			memset(&st, 0, sizeof st);
			size_t k = wcrtomb(line + len, wch[0], &st);
			if (k == (size_t)-1)
				line[len] = '?', k = 1;
			len += k;
			if (wch[0] != L' ')
				keep = len;
			/* A double-width character covers the next cell too. */
			if (wcwidth(wch[0]) == 2)
				x++;
		}
		fwrite(line, 1, keep, f);
		fputc('\n', f);
	}
	free(line);
	return fclose(f) ? -1 : 0;
}
