#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "keys.h"

#define CTRL(c) ((c) & 0x1f)

static const char *const cmd_help[] = {
#define HELP(c, hint, help) help,
	UI_COMMANDS(HELP)
#undef HELP
};

static const char *const cmd_hint[] = {
#define HINT(c, hint, help) hint,
	UI_COMMANDS(HINT)
#undef HINT
};

/* What every screen understands, unless its own table says otherwise. */
const struct ui_binding ui_generic_keys[] = {
	{ KEY_UP, CMD_UP, NULL },
	{ 'k', CMD_UP, NULL },
	{ KEY_DOWN, CMD_DOWN, NULL },
	{ 'j', CMD_DOWN, NULL },
	{ KEY_PPAGE, CMD_PAGE_UP, NULL },
	{ KEY_NPAGE, CMD_PAGE_DOWN, NULL },
	{ ' ', CMD_PAGE_DOWN, NULL },
	{ KEY_HOME, CMD_FIRST, NULL },
	{ 'g', CMD_FIRST, NULL },
	{ KEY_END, CMD_LAST, NULL },
	{ 'G', CMD_LAST, NULL },
	{ KEY_LEFT, CMD_LEFT, NULL },
	{ 'h', CMD_LEFT, NULL },
	{ KEY_RIGHT, CMD_RIGHT, NULL },
	{ 'l', CMD_RIGHT, NULL },
	{ '\n', CMD_ENTER, NULL },
	{ '\r', CMD_ENTER, NULL },
	{ KEY_ENTER, CMD_ENTER, NULL },
	{ 27, CMD_BACK, "" },
	{ KEY_BACKSPACE, CMD_BACK, NULL },
	{ 127, CMD_BACK, NULL },
	{ CTRL('H'), CMD_BACK, NULL },
	{ '\t', CMD_NEXT_PANE, NULL },
	{ KEY_BTAB, CMD_PREV_PANE, NULL },
	{ '?', CMD_HELP, "" },
	{ KEY_F(1), CMD_HELP, NULL },
	{ CTRL('L'), CMD_REDRAW, NULL },
	{ 'q', CMD_QUIT, "" },
	{ CTRL('Q'), CMD_QUIT, NULL },
	/* Ctrl-C is SIGINT on a terminal: it ends the wizard with 130. */
	{ CTRL('C'), CMD_QUIT, NULL },
	{ 0, CMD_NONE, NULL },
};

/* Names of keys, for scripts (<Down>) and for the help screen. */
static const struct {
	int key;
	const char *name;
} key_names[] = {
	{ '\n', "Enter" }, { KEY_ENTER, "Enter" }, { '\r', "Enter" },
	{ 27, "Esc" }, { '\t', "Tab" }, { KEY_BTAB, "S-Tab" },
	{ KEY_UP, "Up" }, { KEY_DOWN, "Down" }, { KEY_LEFT, "Left" }, { KEY_RIGHT, "Right" },
	{ KEY_PPAGE, "PgUp" }, { KEY_NPAGE, "PgDn" }, { KEY_HOME, "Home" }, { KEY_END, "End" },
	{ KEY_BACKSPACE, "Backspace" }, { 127, "Backspace" }, { CTRL('H'), "C-H" },
	{ ' ', "Space" }, { KEY_F(1), "F1" }, { CTRL('L'), "C-L" }, { CTRL('C'), "C-C" },
	{ CTRL('U'), "C-U" }, { CTRL('Q'), "C-Q" }, { KEY_RESIZE, "Resize" }, { KEY_DC, "Del" },
	{ CTRL('A'), "C-A" }, { CTRL('E'), "C-E" }, { CTRL('K'), "C-K" },
};

enum ui_cmd
ui_key_lookup(const struct ui_binding *screen, int key)
{
	for (const struct ui_binding *b = screen; b && b->cmd != CMD_NONE; b++)
		if (b->key == key)
			return b->cmd;
	for (const struct ui_binding *b = ui_generic_keys; b->cmd != CMD_NONE; b++)
		if (b->key == key)
			return b->cmd;
	return CMD_NONE;
}

const char *
ui_cmd_help(enum ui_cmd cmd)
{
	return cmd < CMD__COUNT && *cmd_help[cmd] ? _(cmd_help[cmd]) : "";
}

const char *
ui_cmd_hint(enum ui_cmd cmd)
{
	return cmd < CMD__COUNT && *cmd_hint[cmd] ? _(cmd_hint[cmd]) : "";
}

bool
ui_cmd_moves(enum ui_cmd cmd)
{
	return cmd == CMD_UP || cmd == CMD_DOWN || cmd == CMD_PAGE_UP || cmd == CMD_PAGE_DOWN
	       || cmd == CMD_FIRST || cmd == CMD_LAST;
}

const char *
ui_key_name(int key, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (key_names[i].key == key)
			return key_names[i].name;
	if (key > 32 && key < 127)
		snprintf(buf, len, "%c", key);
	else
		snprintf(buf, len, "#%d", key);
	return buf;
}

int
ui_key_parse(const char *token)
{
	size_t n = strlen(token);
	if (n < 3 || token[0] != '<' || token[n - 1] != '>')
		return -1;
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (strlen(key_names[i].name) == n - 2 && !strncmp(token + 1, key_names[i].name, n - 2))
			return key_names[i].key;
	return -1;
}
