/* A one-line text field: UTF-8 text with a cursor that moves (Left, Right,
 * Home/Ctrl-A, End/Ctrl-E), insertion at the cursor, Backspace and Delete,
 * Ctrl-U (clear before the cursor), Ctrl-K (clear after it), and drawing
 * scrolled so the cursor stays visible. */
#ifndef ACMD_UI_INPUT_H
#define ACMD_UI_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "ui.h"

#define UI_INPUT_MAX 1024

struct ui_input {
	char text[UI_INPUT_MAX];
	size_t len;
	size_t cur;             /* byte offset of the cursor, on a character start */
};

void ui_input_set(struct ui_input *in, const char *text);
/* Feed a key; true when it changed the text or moved the cursor. */
bool ui_input_key(struct ui_input *in, int key, bool is_char);
/* A step whose keys go to one field (names, certificate): Backspace in an
 * empty field goes back, '?' stays help; a change clears the message. */
enum ui_result ui_input_step_key(struct ui *ui, struct ui_input *in, int key, bool is_char);
/* Draw within w columns, scrolled so the cursor stays visible. */
void ui_input_draw(const struct ui_input *in, int y, int x, int w, int attr);

#endif
