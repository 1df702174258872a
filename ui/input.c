#include "config.h"

#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "draw.h"
#include "input.h"

#define CTRL(c) ((c) & 0x1f)

void
ui_input_set(struct ui_input *in, const char *text)
{
	size_t n = strlen(text);
	if (n >= UI_INPUT_MAX)
		n = UI_INPUT_MAX - 1;
	memcpy(in->text, text, n);
	in->text[n] = '\0';
	in->len = in->cur = n;
}

/* Byte offsets of the character before and after `at` in the UTF-8 text. */
static size_t
prev_char(const struct ui_input *in, size_t at)
{
	while (at > 0 && ((unsigned char)in->text[--at] & 0xC0) == 0x80)
		;
	return at;
}

static size_t
next_char(const struct ui_input *in, size_t at)
{
	if (at < in->len)
		at++;
	while (at < in->len && ((unsigned char)in->text[at] & 0xC0) == 0x80)
		at++;
	return at;
}

/* Remove the bytes [from, to). */
static void
cut(struct ui_input *in, size_t from, size_t to)
{
	memmove(in->text + from, in->text + to, in->len - to + 1);
	in->len -= to - from;
	if (in->cur > to)
		in->cur -= to - from;
	else if (in->cur > from)
		in->cur = from;
}

static bool
insert(struct ui_input *in, int key)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t k = wcrtomb(mb, (wchar_t)key, &st);
	if (k == (size_t)-1 || in->len + k >= UI_INPUT_MAX)
		return false;
	memmove(in->text + in->cur + k, in->text + in->cur, in->len - in->cur + 1);
	memcpy(in->text + in->cur, mb, k);
	in->len += k;
	in->cur += k;
	return true;
}

/* Keys that are not characters: cursor movement, Backspace, Delete. */
static bool
special_key(struct ui_input *in, int key)
{
	switch (key) {
	case KEY_BACKSPACE:
		cut(in, prev_char(in, in->cur), in->cur);
		return true;
	case KEY_DC:
		cut(in, in->cur, next_char(in, in->cur));
		return true;
	case KEY_LEFT:
		in->cur = prev_char(in, in->cur);
		return true;
	case KEY_RIGHT:
		in->cur = next_char(in, in->cur);
		return true;
	case KEY_HOME:
		in->cur = 0;
		return true;
	case KEY_END:
		in->cur = in->len;
		return true;
	default:
		return false;
	}
}

bool
ui_input_key(struct ui_input *in, int key, bool is_char)
{
	if (!is_char)
		return special_key(in, key);
	switch (key) {
	case 127:
	case CTRL('H'):
		return special_key(in, KEY_BACKSPACE);
	case CTRL('A'):
		return special_key(in, KEY_HOME);
	case CTRL('E'):
		return special_key(in, KEY_END);
	case CTRL('U'):
		cut(in, 0, in->cur);
		return true;
	case CTRL('K'):
		cut(in, in->cur, in->len);
		return true;
	default:
		break;
	}
	if (key < 32 || (key >= 127 && key < 160))
		return false;
	return insert(in, key);
}

void
ui_input_draw(const struct ui_input *in, int y, int x, int w, int attr)
{
	/* Scroll: drop characters from the front until the text up to the
	 * cursor (and the cursor cell) fits. */
	size_t start = 0;
	char head[UI_INPUT_MAX];
	for (;;) {
		memcpy(head, in->text + start, in->cur - start);
		head[in->cur - start] = '\0';
		if (start >= in->cur || ui_width(head) <= w - 1)
			break;
		start = next_char(in, start);
	}
	ui_fill(y, x, w, attr);
	ui_text(y, x, w - 1, in->text + start, attr);
	/* The cursor: the character under it (or a blank at the end) reversed. */
	int col = ui_width(head);
	char under[MB_LEN_MAX + 1] = " ";
	if (in->cur < in->len) {
		size_t n = next_char(in, in->cur) - in->cur;
		memcpy(under, in->text + in->cur, n);
		under[n] = '\0';
	}
	ui_fill(y, x + col, 1, attr ^ A_REVERSE);
	ui_text(y, x + col, 2, under, attr ^ A_REVERSE);
}

enum ui_result
ui_input_step_key(struct ui *ui, struct ui_input *in, int key, bool is_char)
{
	bool erase = (!is_char && key == KEY_BACKSPACE) || (is_char && (key == 127 || key == 8));
	if (erase && in->len == 0)
		return UI_BACK;
	if (is_char && key == '?')
		return UI_IGNORED;
	if (ui_input_key(in, key, is_char)) {
		ui->message[0] = '\0';
		return UI_REDRAW;
	}
	return UI_IGNORED;
}
