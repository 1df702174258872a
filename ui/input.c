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
	in->len = n;
}

/* Remove the last character (not the last byte) of the UTF-8 text. */
static void
erase_last(struct ui_input *in)
{
	while (in->len > 0) {
		unsigned char c = (unsigned char)in->text[--in->len];
		if ((c & 0xC0) != 0x80)
			break;
	}
	in->text[in->len] = '\0';
}

bool
ui_input_key(struct ui_input *in, int key, bool is_char)
{
	if (!is_char) {
		if (key == KEY_BACKSPACE) {
			erase_last(in);
			return true;
		}
		return false;
	}
	if (key == 127 || key == CTRL('H')) {
		erase_last(in);
		return true;
	}
	if (key == CTRL('U')) {
		ui_input_set(in, "");
		return true;
	}
	if (key < 32 || (key >= 127 && key < 160))
		return false;
	char mb[MB_LEN_MAX];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t k = wcrtomb(mb, (wchar_t)key, &st);
	if (k == (size_t)-1 || in->len + k >= UI_INPUT_MAX)
		return false;
	memcpy(in->text + in->len, mb, k);
	in->len += k;
	in->text[in->len] = '\0';
	return true;
}

void
ui_input_draw(const struct ui_input *in, int y, int x, int w, int attr)
{
	const char *s = in->text;
	/* Show the end: drop characters from the front until it fits. */
	while (*s && ui_width(s) > w - 1) {
		s++;
		while ((*s & 0xC0) == 0x80)
			s++;
	}
	ui_fill(y, x, w, attr);
	int used = ui_text(y, x, w - 1, s, attr);
	ui_fill(y, x + used, 1, attr ^ A_REVERSE);   /* the cursor */
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
