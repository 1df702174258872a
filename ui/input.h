/* A one-line text field: UTF-8 text, the cursor at the end (what a name or a
 * path field needs), Backspace, Ctrl-U, and drawing with a cursor mark. */
#ifndef ACMD_UI_INPUT_H
#define ACMD_UI_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "ui.h"

#define UI_INPUT_MAX 1024

struct ui_input {
	char text[UI_INPUT_MAX];
	size_t len;
};

void ui_input_set(struct ui_input *in, const char *text);
/* Feed a key; true when it changed the text (printable, Backspace, C-U). */
bool ui_input_key(struct ui_input *in, int key, bool is_char);
/* A step whose keys go to one field (names, certificate): Backspace in an
 * empty field goes back, '?' stays help; a change clears the message. */
enum ui_result ui_input_step_key(struct ui *ui, struct ui_input *in, int key, bool is_char);
/* Draw within w columns, scrolled so the end stays visible. */
void ui_input_draw(const struct ui_input *in, int y, int x, int w, int attr);

#endif
