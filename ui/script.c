#include "config.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "draw.h"
#include "core/loop.h"
#include "script.h"
#include "terminal.h"
#include "ui.h"
#include "core/xalloc.h"

struct ui_script {
	char **lines;
	size_t n, next, alloc;
	int64_t sleep_until;        /* 0: not sleeping */
};

struct ui_script *
ui_script_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct ui_script *s = xcalloc(1, sizeof *s);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) >= 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		s->lines = xgrow(s->lines, &s->alloc, s->n + 1, sizeof *s->lines);
		s->lines[s->n++] = xstrdup(line);
	}
	free(line);
	fclose(f);
	return s;
}

void
ui_script_free(struct ui_script *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->lines[i]);
	free(s->lines);
	free(s);
}

bool
ui_script_done(const struct ui_script *s)
{
	return !s || (s->next >= s->n && !s->sleep_until);
}

/* Type each character of a line. */
static void
type_chars(struct ui *ui, const char *p)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t len = strlen(p);
	while (len) {
		wchar_t c;
		size_t k = mbrtowc(&c, p, len, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			c = (unsigned char)*p;
			k = 1;
		}
		ui_feed_key(ui, (int)c, true);
		p += k;
		len -= k;
	}
}

/* ":bytes \e[1~": bytes as a terminal sends them (\e, \xNN, \\), decoded
 * as keys the way the terminal's are. */
static void
feed_bytes(struct ui *ui, const char *p)
{
	char buf[256];
	size_t n = 0;
	while (*p && n < sizeof buf) {
		unsigned v;
		if (p[0] == '\\' && p[1] == 'e') {
			buf[n++] = 27;
			p += 2;
		} else if (p[0] == '\\' && p[1] == 'x' && sscanf(p + 2, "%2x", &v) == 1) {
			buf[n++] = (char)v;
			p += 4;
		} else if (p[0] == '\\' && p[1] == '\\') {
			buf[n++] = '\\';
			p += 2;
		} else {
			buf[n++] = *p++;
		}
	}
	ui_term_feed_bytes(ui, buf, n);
}

/* One step; returns false when it has to wait (the line stays next). */
static bool
step(struct ui_script *s, struct ui *ui, const char *line)
{
	int a, b;
	if (!*line || !strncmp(line, "# ", 2))
		return true;
	if (!strcmp(line, ":wait"))
		return !loop_busy(ui->loop);
	if (!strncmp(line, ":sleep ", 7)) {
		if (!s->sleep_until) {
			s->sleep_until = loop_now_ms() + atoi(line + 7);
			return false;
		}
		if (loop_now_ms() < s->sleep_until)
			return false;
		s->sleep_until = 0;
		return true;
	}
	if (!strncmp(line, ":dump ", 6)) {
		ui_paint(ui);
		if (ui_dump(line + 6) < 0)
			fprintf(stderr, "acm-doctor: cannot write %s: %s\n", line + 6, strerror(errno));
		return true;
	}
	if (sscanf(line, ":resize %dx%d", &a, &b) == 2) {
		resizeterm(b, a);
		ui_resized(ui);
		return true;
	}
	if (!strncmp(line, ":exec ", 6)) {
		/* a test changes the world mid-script (a DNS record added);
		 * waits for it, the loop included */
		int rc = system(line + 6);
		if (rc != 0)
			fprintf(stderr, "acm-doctor: script: \"%s\" exited with %d\n", line + 6, rc);
		return true;
	}
	if (!strncmp(line, ":bytes ", 7)) {
		feed_bytes(ui, line + 7);
		return true;
	}
	if (sscanf(line, ":click %d %d", &a, &b) == 2) {
		ui_click(ui, b, a);
		return true;
	}
	int key = ui_key_parse(line);
	if (key >= 0)
		ui_feed_key(ui, key, key < KEY_MIN);
	else
		type_chars(ui, line);
	return true;
}

int
ui_script_run(struct ui_script *s, struct ui *ui)
{
	while (s->next < s->n && !ui->quit) {
		if (!step(s, ui, s->lines[s->next]))
			break;
		s->next++;
	}
	if (s->next >= s->n)
		return -1;
	if (s->sleep_until) {
		int64_t left = s->sleep_until - loop_now_ms();
		return left > 0 ? (int)left : 0;
	}
	return 50;  /* :wait: look again soon; probe answers wake us earlier */
}
