/* The terminal under the wizard: opening it (a real one, or the headless
 * one of the tests), refusing one that cannot place the cursor, the
 * signals that end the program, and reading keys (escape sequences
 * decoded by esc.h). */
#ifndef ACMD_UI_TERMINAL_H
#define ACMD_UI_TERMINAL_H

#include <stdbool.h>
#include <stdio.h>

struct ui;

struct ui_term {
	bool headless;
	void *screen;               /* SCREEN * */
	FILE *out, *in;             /* headless: /dev/null */
};

/* Open the terminal and set curses up. -1 with a message in err (what is
 * missing, and what to use instead) when it cannot be used. */
int ui_term_open(struct ui_term *t, bool headless, char *err, size_t errlen);
void ui_term_close(struct ui_term *t);

/* SIGINT, SIGTERM and SIGHUP end the wizard cleanly (the terminal is
 * restored); ui_term_signal() says which came, 0 if none. */
void ui_term_catch_signals(void);
int ui_term_signal(void);

/* Feed every key waiting on the terminal to the wizard. */
void ui_term_read_keys(struct ui *ui);
/* Feed bytes as if typed on the terminal (":bytes" in test scripts):
 * escape sequences go through the same decoding. */
void ui_term_feed_bytes(struct ui *ui, const char *bytes, size_t n);

#endif
