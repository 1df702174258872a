/* The SMTP reply parser (smtp_reply.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "net/smtp_reply.h"

void
smtp_reader_init(struct smtp_reader *r)
{
	memset(r, 0, sizeof *r);
}

void
smtp_reader_next(struct smtp_reader *r)
{
	free(r->reply.first);
	free(r->reply.last);
	memset(&r->reply, 0, sizeof r->reply);
	r->len = 0;
}

void
smtp_reader_free(struct smtp_reader *r)
{
	smtp_reader_next(r);
}

static enum smtp_feed
fail(struct smtp_reader *r, const char *what)
{
	snprintf(r->error, sizeof r->error, "%s", what);
	return SMTP_FEED_ERROR;
}

/* One complete line (without its end) in r->line: more lines to come
 * (SMTP_FEED_MORE), the last one (REPLY), or not a reply line (ERROR). */
static enum smtp_feed
take_line(struct smtp_reader *r)
{
	const char *l = r->line;
	if (r->len < 3 || l[0] < '2' || l[0] > '5' || l[1] < '0' || l[1] > '9' ||
	    l[2] < '0' || l[2] > '9')
		return fail(r, _("a line that is not an SMTP reply (no three-digit code)"));
	if (r->len > 3 && l[3] != ' ' && l[3] != '-')
		return fail(r, _("a line that is not an SMTP reply (no space or hyphen after the code)"));
	int code = (l[0] - '0') * 100 + (l[1] - '0') * 10 + (l[2] - '0');
	if (r->reply.n_lines && code != r->reply.code)
		return fail(r, _("the lines of one reply carry different codes"));
	if (r->reply.n_lines >= SMTP_REPLY_LINES_MAX)
		return fail(r, _("a reply of more lines than acm-doctor reads"));
	r->reply.code = code;
	const char *text = r->len > 4 ? l + 4 : "";
	size_t tlen = r->len > 4 ? r->len - 4 : 0;
	char *clean = san_text(text, tlen, SMTP_TEXT_MAX, 0);
	if (!r->reply.n_lines++) {
		r->reply.first = clean;
	} else {
		free(r->reply.last);
		r->reply.last = clean;
	}
	bool more = r->len > 3 && l[3] == '-';
	r->len = 0;
	return more ? SMTP_FEED_MORE : SMTP_FEED_REPLY;
}

enum smtp_feed
smtp_reader_feed(struct smtp_reader *r, const uint8_t *buf, size_t n, size_t *used)
{
	size_t i = 0;
	enum smtp_feed st = SMTP_FEED_MORE;
	while (i < n && st == SMTP_FEED_MORE) {
		uint8_t c = buf[i++];
		if (c == '\n') {
			if (r->len && r->line[r->len - 1] == '\r')
				r->len--;
			else
				r->reply.bare_lf = true;
			r->line[r->len] = '\0';
			st = take_line(r);
			continue;
		}
		if (r->len >= SMTP_LINE_MAX - 1) {
			char why[120];
			snprintf(why, sizeof why, _("a reply line longer than %d bytes"), SMTP_LINE_MAX);
			st = fail(r, why);
			break;
		}
		r->line[r->len++] = (char)c;
	}
	*used = i;
	return st;
}
