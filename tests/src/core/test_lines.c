/* Reading a list line by line (src/core/lines.c): LF, CRLF and a last
 * line without one, a line cut at LINES_MAX_LEN and what follows it, a
 * NUL byte kept in the length, a pipe read without blocking, a file read
 * twice. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/lines.h"
#include "testutil.h"

/* A file holding n bytes of s; its descriptor, at the start. */
static int
file_of(const char *s, size_t n)
{
	char path[] = "/tmp/test_lines.XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, s, n) != (ssize_t)n)
		abort();
	unlink(path);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static void
test_ends(void)
{
	static const char text[] = "one\r\ntwo\n\nlast";
	int fd = file_of(text, sizeof text - 1);
	struct lines *l = lines_new(fd);
	const char *line;
	size_t len, no;
	const char *want[] = { "one", "two", "", "last" };
	for (size_t i = 0; i < 4; i++) {
		CHECK(lines_next(l, &line, &len, &no) == LINES_LINE, "line %zu", i + 1);
		CHECK_STR(line, want[i], "line %zu's text", i + 1);
		CHECK(no == i + 1 && len == strlen(want[i]), "line %zu: number %zu, length %zu", i + 1, no, len);
	}
	CHECK(lines_next(l, &line, &len, &no) == LINES_END, "then the end");
	CHECK(lines_rewind(l) == 0 && lines_next(l, &line, &len, &no) == LINES_LINE && no == 1 &&
	      !strcmp(line, "one"), "a file can be read again from the start");
	lines_free(l);
	close(fd);
}

static void
test_long_and_nul(void)
{
	size_t big = LINES_MAX_LEN + 100000;
	char *text = malloc(big + 16);
	memset(text, 'a', big);
	memcpy(text + big, "\nx\0y\nz\n", 7);
	int fd = file_of(text, big + 7);
	struct lines *l = lines_new(fd);
	const char *line;
	size_t len, no;
	CHECK(lines_next(l, &line, &len, &no) == LINES_LINE && len == LINES_MAX_LEN && lines_cut(l),
	      "a long line is cut at LINES_MAX_LEN and says so (%zu)", len);
	CHECK(lines_next(l, &line, &len, &no) == LINES_LINE && no == 2 && len == 3 && strlen(line) == 1 &&
	      !lines_cut(l), "the next line follows it; a NUL byte stays in the length");
	CHECK(lines_next(l, &line, &len, &no) == LINES_LINE && no == 3 && !strcmp(line, "z"), "and the one after");
	lines_free(l);
	close(fd);
	free(text);
}

static void
test_pipe(void)
{
	int p[2];
	if (pipe(p) < 0)
		abort();
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	struct lines *l = lines_new(p[0]);
	const char *line;
	size_t len, no;
	CHECK(lines_next(l, &line, &len, &no) == LINES_AGAIN, "an empty pipe: again later");
	if (write(p[1], "a.test\nb.te", 11) != 11)
		abort();
	CHECK(lines_next(l, &line, &len, &no) == LINES_LINE && !strcmp(line, "a.test"), "a whole line");
	CHECK(lines_next(l, &line, &len, &no) == LINES_AGAIN, "half a line: again later");
	if (write(p[1], "st\n", 3) != 3)
		abort();
	close(p[1]);
	CHECK(lines_next(l, &line, &len, &no) == LINES_LINE && !strcmp(line, "b.test") && no == 2,
	      "the line completed");
	CHECK(lines_next(l, &line, &len, &no) == LINES_END, "closed: the end");
	CHECK(lines_rewind(l) == -1, "a pipe cannot be read again");
	lines_free(l);
	close(p[0]);
}

int
main(void)
{
	test_ends();
	test_long_and_nul();
	test_pipe();
	return test_summary("test_lines");
}
