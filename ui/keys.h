/* Commands and key bindings, as data.
 *
 * Every command is declared once in UI_COMMANDS; the enum, the names and the
 * help text come from it. Bindings are tables of (key, command): each screen
 * has its own, looked up before the generic one, and the help screen and the
 * hint bar are generated from the same tables. */
#ifndef ACMD_UI_KEYS_H
#define ACMD_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

/* X(COMMAND, short label for the hint bar, help text) */
#define UI_COMMANDS(X) \
	X(NONE, "", "") \
	X(UP, "", N_("Move up")) \
	X(DOWN, "", N_("Move down")) \
	X(PAGE_UP, "", N_("Page up")) \
	X(PAGE_DOWN, "", N_("Page down")) \
	X(FIRST, "", N_("Go to the top")) \
	X(LAST, "", N_("Go to the bottom")) \
	X(LEFT, N_("tab"), N_("Previous tab")) \
	X(RIGHT, N_("tab"), N_("Next tab")) \
	X(ENTER, N_("next"), N_("Open / next step")) \
	X(BACK, N_("back"), N_("Back to the previous step")) \
	X(NEXT_PANE, N_("pane"), N_("Next pane")) \
	X(PREV_PANE, "", N_("Previous pane")) \
	X(RECHECK, N_("re-check"), N_("Re-check: run the probes again")) \
	X(COPY, N_("copy"), N_("Copy the snippet to the clipboard (OSC 52)")) \
	X(SAVE, N_("save"), N_("Save the snippet to a file")) \
	X(HELP, N_("help"), N_("Show the keys of this screen")) \
	X(REDRAW, "", N_("Redraw the screen")) \
	X(QUIT, N_("quit"), N_("Quit"))

#define UI_CMD_ENUM(c, hint, help) CMD_##c,
enum ui_cmd { UI_COMMANDS(UI_CMD_ENUM) CMD__COUNT };
#undef UI_CMD_ENUM

struct ui_binding {
	int key;                /* curses key code or character */
	enum ui_cmd cmd;
	/* The hint bar: NULL not shown, "" the command's own label, else a
	 * label of this screen's (N_()). */
	const char *hint;
};

/* Tables end with { 0, CMD_NONE, NULL }. */
extern const struct ui_binding ui_generic_keys[];

enum ui_cmd ui_key_lookup(const struct ui_binding *screen, int key);
const char *ui_cmd_help(enum ui_cmd cmd);       /* translated */
/* A key's name for people ("Enter", "Down", "q"); static or in buf. */
const char *ui_key_name(int key, char *buf, size_t len);
/* A script token ("<Enter>", "<Down>", "<C-L>"); -1 if unknown. */
int ui_key_parse(const char *token);
/* The short label of a command in the hint bar ("back", "help"). */
const char *ui_cmd_hint(enum ui_cmd cmd);
/* Up, Down, PgUp, PgDn, Home, End: what moves in a list or a pane. */
bool ui_cmd_moves(enum ui_cmd cmd);

#endif
