/* A list read one line at a time from a descriptor: a file, a pipe or a
 * terminal, blocking or not. Only the current line and what was read
 * past it are kept, so a list of any length costs the same memory. Lines
 * end in LF, CRLF or the end of the input; a line longer than
 * LINES_MAX_LEN is returned cut there, with lines_cut() true. */
#ifndef ACMD_CORE_LINES_H
#define ACMD_CORE_LINES_H

#include <stdbool.h>
#include <stddef.h>

#define LINES_MAX_LEN 4096

struct lines;

enum lines_rc {
	LINES_LINE,     /* *line (NUL-terminated, without its end) and *len */
	LINES_AGAIN,    /* a non-blocking descriptor has nothing more yet */
	LINES_END,      /* the input is over */
	LINES_ERROR,    /* a read failed: lines_error() says why */
};

/* Reads fd (not closed by lines_free). */
struct lines *lines_new(int fd);
void lines_free(struct lines *l);
/* The next line; valid until the next call. *lineno counts from 1. */
enum lines_rc lines_next(struct lines *l, const char **line, size_t *len, size_t *lineno);
/* The last line was longer than LINES_MAX_LEN (its rest was skipped). */
bool lines_cut(const struct lines *l);
const char *lines_error(const struct lines *l);
/* Back to the start for a second pass (a seekable file); -1 if it is not. */
int lines_rewind(struct lines *l);

#endif
