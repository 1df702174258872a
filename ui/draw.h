/* The drawing engine: colours with a monochrome fallback, width-aware text,
 * wrapping, scrolling lists and text panes, lines drawn with UTF-8 or ASCII,
 * and the plain-text dump of the screen used by the tests.
 *
 * Everything is drawn on stdscr; screens get a rectangle and call these. */
#ifndef ACMD_UI_DRAW_H
#define ACMD_UI_DRAW_H

#include <stdbool.h>
#include <stddef.h>

#include "keys.h"
#include "ui.h"

/* X(ROLE, foreground, background, attribute with colour, attribute without) */
#define UI_COLORS(X) \
	X(NORMAL,   -1,            -1,          A_NORMAL, A_NORMAL) \
	X(TITLE,    COLOR_WHITE,   COLOR_BLUE,  A_BOLD,   A_REVERSE) \
	X(BAR,      COLOR_BLACK,   COLOR_CYAN,  A_NORMAL, A_REVERSE) \
	X(SELECTED, COLOR_BLACK,   COLOR_WHITE, A_NORMAL, A_REVERSE) \
	X(ERROR,    COLOR_RED,     -1,          A_BOLD,   A_BOLD) \
	X(WARNING,  COLOR_YELLOW,  -1,          A_BOLD,   A_UNDERLINE) \
	X(INFO,     COLOR_CYAN,    -1,          A_NORMAL, A_NORMAL) \
	X(GOOD,     COLOR_GREEN,   -1,          A_BOLD,   A_BOLD) \
	X(DIM,      -1,            -1,          A_DIM,    A_DIM) \
	X(HEADING,  -1,            -1,          A_BOLD,   A_BOLD) \
	X(MARK,     COLOR_MAGENTA, -1,          A_BOLD,   A_BOLD) \
	X(TAB,      COLOR_BLACK,   COLOR_GREEN, A_BOLD,   A_REVERSE | A_BOLD) \
	X(TAB_IDLE, COLOR_BLACK,   COLOR_WHITE, A_NORMAL, A_UNDERLINE | A_BOLD) \
	X(FOCUS,    COLOR_GREEN,   -1,          A_BOLD,   A_REVERSE | A_BOLD) \
	X(STATUS,   COLOR_WHITE,   COLOR_BLUE,  A_NORMAL, A_REVERSE) \
	X(PROBLEM,  COLOR_YELLOW,  -1,          A_BOLD,   A_BOLD | A_UNDERLINE)

#define UI_COLOR_ENUM(r, fg, bg, a, m) UC_##r,
enum ui_color { UI_COLORS(UI_COLOR_ENUM) UC__COUNT };
#undef UI_COLOR_ENUM

void ui_colors_init(bool color);
int ui_attr(enum ui_color c);

/* The glyphs that differ between UTF-8 and ASCII. focus marks the pane
 * that has the keys, problem a probe whose answer is what is wrong, sep
 * the parts of the status line. */
struct ui_glyphs {
	const char *hline, *mark, *cursor, *ellipsis, *ok, *bad, *arrow, *crumb;
	const char *focus, *problem, *answered, *sep, *left_right, *times, *down;
	const char *const *spinner;
	size_t n_spinner;
};
const struct ui_glyphs *ui_glyphs(void);
void ui_glyphs_init(bool utf8);

/* Display width of s (at most n bytes), in the current locale. */
int ui_width(const char *s);
/* Draw s at y, x within w columns; a cut shows the ellipsis in the last
 * column. Returns the columns drawn. */
int ui_text(int y, int x, int w, const char *s, int attr);
/* Fill a row of the rectangle with blanks (selection bars). */
void ui_fill(int y, int x, int w, int attr);
void ui_hline(int y, int x, int w, int attr);

/* Text made for a pane: rows, each already wrapped to the pane's width. */
struct ui_row {
	char *text;
	int attr;
	int indent;
	int tag;                /* what the row belongs to (an item index), -1 none */
};
struct ui_rows {
	struct ui_row *v;
	size_t n, alloc;
};
void ui_rows_clear(struct ui_rows *r);
/* Wrap text (may hold newlines) at width w - indent; the first row of each
 * line of text has first_indent instead (hanging indents). */
void ui_rows_add(struct ui_rows *r, const char *text, int w, int indent, int first_indent,
		 int attr, int tag);
/* text wrapped at w from row y, column x (continuation rows indented by
 * hang), at most max_rows, the last one cut with the ellipsis; sanitised
 * with san_flags first unless they are -1 (the text is safe already).
 * Returns the rows drawn. */
int ui_paragraph(int y, int x, int w, const char *text, int hang, int attr, size_t max_rows, int san_flags);
/* A list or pane with n more rows below its last one (row y, columns
 * x..x+w-1) says so at the end of that row; nothing when n <= 0. */
void ui_more_below(int y, int x, int w, int n);
/* At most max rows: what follows joins the last one, so drawing it cuts
 * it with the ellipsis. */
void ui_rows_fold(struct ui_rows *r, size_t max);
/* Draw rows from top into rect; clamps top; returns the top used. */
int ui_rows_draw(const struct ui_rows *r, int top, const struct ui_rect *rect);

/* A scrolling, selectable list (or, with no selection, a scrolled pane). */
struct ui_list {
	int n, sel, top;
	int y, h;               /* where it was last drawn: for clicks */
};
/* Move the selection by a command; UI_IGNORED for other commands. */
enum ui_result ui_list_request(struct ui_list *l, enum ui_cmd cmd);
/* Scroll a pane of n rows shown h at a time. */
enum ui_result ui_scroll_request(struct ui_list *l, enum ui_cmd cmd);
/* Does it hold more rows than it shows (or is that not known yet: n < 0,
 * or not drawn yet)? For offering the keys that scroll it. */
bool ui_list_longer(const struct ui_list *l);
/* Keep the selection visible in h rows. */
void ui_list_fit(struct ui_list *l, int y, int h);
/* The item at screen row y, or -1. */
int ui_list_at(const struct ui_list *l, int y);

/* A row of tabs; returns the x after the last tab. When the labels do
 * not fit they give way to their short forms (NULL: the label up to " ("),
 * then every tab gets an equal share, cut with the ellipsis. The row
 * with the keys (focused) is marked in the margin and its active tab
 * drawn apart (reverse and bold without colours); an idle row's active tab
 * is underlined. */
struct ui_tab {
	const char *label;
	const char *short_label;
	bool active;
};
int ui_tabs(int y, int x, int w, const struct ui_tab *tabs, size_t n, bool focused);
/* Mark rows y..y+h-1 as the pane with the keys (in the left margin), or
 * blank that margin. */
void ui_focus_mark(int y, int h, bool focused);

/* Write what each cell shows, one line per row, trailing blanks trimmed. */
int ui_dump(const char *path);

#endif
