/* Reading a list line by line (core/lines.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/lines.h"
#include "core/xalloc.h"

#define CHUNK 65536

struct lines {
	int fd;
	char buf[CHUNK];
	size_t start, end;          /* unread bytes: buf[start..end) */
	char line[LINES_MAX_LEN + 1];
	size_t len;                 /* of the line being gathered */
	size_t lineno;
	bool skipping;              /* past LINES_MAX_LEN: drop until LF */
	bool cut, eof;
	int err;
};

struct lines *
lines_new(int fd)
{
	struct lines *l = xcalloc(1, sizeof *l);
	l->fd = fd;
	return l;
}

void
lines_free(struct lines *l)
{
	free(l);
}

/* The gathered line is complete: hand it out. */
static enum lines_rc
emit(struct lines *l, const char **line, size_t *len, size_t *lineno)
{
	if (l->len && l->line[l->len - 1] == '\r')
		l->len--;
	l->line[l->len] = '\0';
	*line = l->line;
	*len = l->len;
	*lineno = ++l->lineno;
	l->cut = l->skipping;
	l->skipping = false;
	l->len = 0;
	return LINES_LINE;
}

/* Take bytes up to a LF from the buffer; true when the line is complete. */
static bool
gather(struct lines *l)
{
	char *nl = memchr(l->buf + l->start, '\n', l->end - l->start);
	size_t take = (nl ? (size_t)(nl - l->buf) : l->end) - l->start;
	size_t room = LINES_MAX_LEN - l->len;
	if (take > room) {
		l->skipping = true;
		memcpy(l->line + l->len, l->buf + l->start, room);
		l->len += room;
	} else {
		memcpy(l->line + l->len, l->buf + l->start, take);
		l->len += take;
	}
	l->start += take + (nl ? 1 : 0);
	return nl != NULL;
}

enum lines_rc
lines_next(struct lines *l, const char **line, size_t *len, size_t *lineno)
{
	for (;;) {
		if (l->start < l->end && gather(l))
			return emit(l, line, len, lineno);
		if (l->eof) {
			if (l->len || l->skipping)
				return emit(l, line, len, lineno);
			return LINES_END;
		}
		ssize_t n = read(l->fd, l->buf, sizeof l->buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return LINES_AGAIN;
		if (n < 0) {
			l->err = errno;
			return LINES_ERROR;
		}
		l->start = 0;
		l->end = (size_t)n;
		l->eof = n == 0;
	}
}

bool
lines_cut(const struct lines *l)
{
	return l->cut;
}

const char *
lines_error(const struct lines *l)
{
	return strerror(l->err);
}

int
lines_rewind(struct lines *l)
{
	if (lseek(l->fd, 0, SEEK_SET) < 0)
		return -1;
	l->start = l->end = l->len = l->lineno = 0;
	l->skipping = l->cut = l->eof = false;
	l->err = 0;
	return 0;
}
