#include "config.h"

#include <curses.h>
#include <term.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "core/i18n.h"
#include "esc.h"
#include "terminal.h"
#include "ui.h"

static volatile sig_atomic_t caught;

static void
on_signal(int sig)
{
	caught = sig;
}

void
ui_term_catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: the poll() of the loop returns, and the loop looks. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int
ui_term_signal(void)
{
	return caught;
}

/* Can this terminal show the wizard? Its terminfo entry must exist and
 * place the cursor anywhere; TERM=dumb and the like only print line after
 * line. Asked before curses takes the terminal (a failed newterm leaks). */
static bool
addressable(const char *term, int fd)
{
	int err = 0;
	if (setupterm(term, fd, &err) != OK)
		return false;
	const char *cup = tigetstr("cup");
	bool ok = cup && cup != (char *)-1 && *cup;
	del_curterm(cur_term);
	cur_term = NULL;
	return ok;
}

static void
refuse(char *err, size_t errlen, const char *term)
{
	snprintf(err, errlen,
		 _("acm-doctor: the terminal (TERM=%s) cannot place the cursor, which the wizard needs.\n"
		   "Use 'acm-doctor check NAME...' for a plain report, or set TERM to your terminal's type\n"
		   "(for example TERM=xterm-256color)."),
		 term);
}

/* Ctrl-Q quits from any screen, text fields included: the terminal must
 * not keep it for flow control (XON). curses' program mode is saved
 * again so that it stays so after a suspend. */
static void
no_flow_control(void)
{
	struct termios tio;
	if (tcgetattr(STDIN_FILENO, &tio) == 0) {
		tio.c_iflag &= ~(tcflag_t)IXON;
		tcsetattr(STDIN_FILENO, TCSANOW, &tio);
		def_prog_mode();
	}
}

int
ui_term_open(struct ui_term *t, bool headless, char *err, size_t errlen)
{
	memset(t, 0, sizeof *t);
	t->headless = headless;
	const char *term = getenv("TERM");
	if (!term || !*term)
		term = headless ? "xterm" : "dumb";
	if (headless) {
		/* curses draws into its buffers and sends the terminal codes to
		 * /dev/null; the size comes from LINES and COLUMNS. */
		if (!getenv("LINES"))
			setenv("LINES", "24", 1);
		if (!getenv("COLUMNS"))
			setenv("COLUMNS", "80", 1);
		t->out = fopen("/dev/null", "w");
		t->in = fopen("/dev/null", "r");
	}
	if (headless && (!t->out || !t->in)) {
		snprintf(err, errlen, "%s", _("acm-doctor: cannot set up the headless terminal"));
		ui_term_close(t);
		return -1;
	}
	if (!addressable(term, headless ? fileno(t->out) : STDOUT_FILENO)) {
		refuse(err, errlen, term);
		ui_term_close(t);
		return -1;
	}
	SCREEN *scr = headless ? newterm(term, t->out, t->in) : newterm(NULL, stdout, stdin);
	if (!scr) {
		refuse(err, errlen, term);
		ui_term_close(t);
		return -1;
	}
	t->screen = scr;
	set_term(scr);
	set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	if (!headless) {
		no_flow_control();
		mousemask(BUTTON1_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
			  | BUTTON5_PRESSED
#endif
			  , NULL);
	}
	return 0;
}

void
ui_term_close(struct ui_term *t)
{
	if (t->screen) {
		endwin();
		delscreen(t->screen);
	}
	if (t->out)
		fclose(t->out);
	if (t->in)
		fclose(t->in);
	memset(t, 0, sizeof *t);
}

/* ------------------------------------------------------------------ */

struct curses_src {
	int pending;                /* a KEY_ code met inside a sequence */
};

static int
next_from_curses(void *ctx)
{
	struct curses_src *src = ctx;
	wint_t wc;
	int rc = get_wch(&wc);
	if (rc == ERR)
		return -1;
	if (rc == KEY_CODE_YES) {
		src->pending = (int)wc;
		return -1;
	}
	return (int)wc;
}

/* A key as curses gives it: Esc starts a sequence to decode. */
static void
feed(struct ui *ui, int key, bool is_char, ui_esc_next next, void *ctx)
{
	int again;
	while (is_char && key == 27) {
		int k = ui_esc_decode(next, ctx, &again);
		if (k == UI_ESC_NONE)
			return;
		if (k == UI_ESC_KEY) {
			ui_feed_key(ui, 27, true);
			if (again < 0)
				return;
			continue;               /* a second Esc: decode again */
		}
		key = k;
		is_char = false;
	}
	ui_feed_key(ui, is_char ? key : ui_key_normalize(key), is_char);
}

void
ui_term_read_keys(struct ui *ui)
{
	wint_t wc;
	int rc;
	struct curses_src src = { -1 };
	while (!ui->quit && (rc = get_wch(&wc)) != ERR) {
		feed(ui, (int)wc, rc == OK, next_from_curses, &src);
		if (src.pending >= 0) {
			ui_feed_key(ui, ui_key_normalize(src.pending), false);
			src.pending = -1;
		}
	}
}

struct bytes_src {
	const char *p;
	size_t n;
};

static int
next_char(struct bytes_src *b)
{
	if (!b->n)
		return -1;
	wchar_t c;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t k = mbrtowc(&c, b->p, b->n, &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		c = (unsigned char)*b->p;
		k = 1;
	}
	b->p += k;
	b->n -= k;
	return (int)c;
}

static int
next_from_bytes(void *ctx)
{
	return next_char(ctx);
}

void
ui_term_feed_bytes(struct ui *ui, const char *bytes, size_t n)
{
	struct bytes_src b = { bytes, n };
	int c;
	while (!ui->quit && (c = next_char(&b)) >= 0)
		feed(ui, c, true, next_from_bytes, &b);
}
