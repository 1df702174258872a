#include "config.h"

#include <curses.h>
#include <string.h>

#include "esc.h"

/* A CSI sequence longer than this is not a key: swallowed up to here. */
#define SEQ_MAX 32

/* CSI sequences ending in '~', by their first parameter (xterm, tmux,
 * rxvt, the Linux console). */
static const struct {
	int param, key;
} tilde_keys[] = {
	{ 1, KEY_HOME }, { 7, KEY_HOME },       /* tmux, linux; rxvt */
	{ 4, KEY_END }, { 8, KEY_END },
	{ 3, KEY_DC }, { 5, KEY_PPAGE }, { 6, KEY_NPAGE },
	{ 11, KEY_F(1) },
};

/* CSI or SS3 sequences by their final byte (parameters, as in the
 * modified forms ESC [ 1 ; 5 A, are ignored). */
static const struct {
	char final;
	int key;
} final_keys[] = {
	{ 'A', KEY_UP }, { 'B', KEY_DOWN }, { 'C', KEY_RIGHT }, { 'D', KEY_LEFT },
	{ 'H', KEY_HOME }, { 'F', KEY_END }, { 'Z', KEY_BTAB },
};

static int
by_final(char final, bool ss3)
{
	for (size_t i = 0; i < sizeof final_keys / sizeof final_keys[0]; i++)
		if (final_keys[i].final == final)
			return final_keys[i].key;
	/* SS3 P is F1, SS3 M the keypad's Enter. */
	if (ss3 && final == 'P')
		return KEY_F(1);
	if (ss3 && final == 'M')
		return KEY_ENTER;
	return UI_ESC_NONE;
}

static int
by_tilde(const char *params)
{
	int p = 0;
	for (const char *c = params; *c >= '0' && *c <= '9'; c++)
		p = p * 10 + (*c - '0');
	for (size_t i = 0; i < sizeof tilde_keys / sizeof tilde_keys[0]; i++)
		if (tilde_keys[i].param == p)
			return tilde_keys[i].key;
	return UI_ESC_NONE;
}

/* ESC [ params intermediates final: parameters 0x30-0x3F, intermediates
 * 0x20-0x2F, the final byte 0x40-0x7E. The Linux console's F1-F5 are
 * ESC [ [ A..E: one more byte after the second '['. */
static int
decode_csi(ui_esc_next next, void *ctx)
{
	char params[SEQ_MAX + 1];
	size_t n = 0;
	int c = next(ctx);
	if (c == '[') {
		next(ctx);
		return UI_ESC_NONE;
	}
	while (c >= 0x20 && c <= 0x3F && n < SEQ_MAX) {
		params[n++] = (char)c;
		c = next(ctx);
	}
	params[n] = '\0';
	if (c < 0x40 || c > 0x7E)
		return UI_ESC_NONE;     /* cut short or too long: swallowed */
	/* Mouse reports (ESC [ < ... M) and anything with a private marker
	 * are not keys. */
	if (params[0] == '<' || params[0] == '?' || params[0] == '>')
		return UI_ESC_NONE;
	if (c == '~')
		return by_tilde(params);
	return by_final((char)c, false);
}

int
ui_esc_decode(ui_esc_next next, void *ctx, int *again)
{
	*again = -1;
	int c = next(ctx);
	if (c < 0)
		return UI_ESC_KEY;
	if (c == '[')
		return decode_csi(next, ctx);
	if (c == 'O') {
		int f = next(ctx);
		return f < 0 ? UI_ESC_NONE : by_final((char)f, true);
	}
	if (c == 27) {
		/* Esc pressed twice: this one is Esc, the next one starts over. */
		*again = c;
		return UI_ESC_KEY;
	}
	/* Alt with a key (ESC x): nothing is bound to it. */
	return UI_ESC_NONE;
}

int
ui_key_normalize(int key)
{
	switch (key) {
	case KEY_FIND:
	case KEY_A1:
	case KEY_SHOME:
		return KEY_HOME;
	case KEY_SELECT:
	case KEY_C1:
	case KEY_SEND:
		return KEY_END;
	default:
		return key;
	}
}
