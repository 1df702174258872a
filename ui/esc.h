/* What follows an Esc byte: a key the terminal encodes as an escape
 * sequence, or the Esc key itself.
 *
 * curses decodes the sequences its terminfo entry lists; any other one
 * (tmux sends Home as ESC [ 1 ~ whatever TERM says) reaches the program as
 * Esc followed by its bytes, and Esc means "back". Here the common xterm,
 * tmux, rxvt and Linux-console forms of the cursor and editing keys are
 * decoded whatever terminfo says, and every other CSI or SS3 sequence is
 * swallowed whole. No curses calls: the caller hands the bytes in. */
#ifndef ACMD_UI_ESC_H
#define ACMD_UI_ESC_H

/* The next byte after the Esc (or one after that), -1 when none is
 * waiting: the terminal sends a sequence at once, so a pause ends it. */
typedef int (*ui_esc_next)(void *ctx);

enum {
	UI_ESC_KEY = 27,        /* the Esc key itself: nothing followed */
	UI_ESC_NONE = 0,        /* a sequence that means nothing here: swallowed */
};

/* Read the rest of a sequence whose Esc was just read. Returns a curses
 * KEY_ code (*is_char false), UI_ESC_KEY (*is_char true), or UI_ESC_NONE.
 * *again is set to a byte read that does not belong to the sequence (an
 * Esc pressed twice), -1 if none. */
int ui_esc_decode(ui_esc_next next, void *ctx, int *again);

/* Key codes some terminfo entries give Home and End (Find/Select, the
 * keypad's corners): the same key for the program. */
int ui_key_normalize(int key);

#endif
