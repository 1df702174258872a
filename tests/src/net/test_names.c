/* A line of a name list (names_from_line in src/net/names.c): names
 * separated by commas and blanks, comments, duplicates, the forms people
 * paste, and what is refused, with the word that was wrong. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/strv.h"
#include "net/names.h"
#include "testutil.h"

static void
line_ok(const char *line, const char *want)
{
	char **v, why[300] = "";
	size_t n;
	int r = names_from_line(line, 100, &v, &n, why, sizeof why);
	char got[1000] = "";
	for (size_t i = 0; r >= 0 && i < n; i++)
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? " " : "", v[i]);
	CHECK(r == (int)n, "\"%s\": returns the count (%d, %s)", line, r, why);
	CHECK_STR(got, want, "\"%s\"", line);
	strv_free(v, n);
}

static void
line_bad(const char *line, size_t max, const char *want)
{
	char **v = (char **)1, why[300] = "";
	size_t n = 99;
	int r = names_from_line(line, max, &v, &n, why, sizeof why);
	CHECK(r == -1 && v == NULL && n == 0, "\"%s\": refused", line);
	CHECK_STR(why, want, "\"%s\": why", line);
}

int
main(void)
{
	line_ok("", "");
	line_ok("   \t ", "");
	line_ok("# only a comment", "");
	line_ok("example.com", "example.com.");
	line_ok("  Example.COM.  # the apex", "example.com.");
	line_ok("example.com, *.example.com,www.example.com", "example.com. *.example.com. www.example.com.");
	line_ok("a.test\tb.test  a.test", "a.test. b.test.");
	line_ok("bücher.example", "xn--bcher-kva.example.");
	line_ok("x.test\r", "x.test.");
	line_bad("good.test a..b.test", 100, "\"a..b.test\": not a valid domain name (labels of 1-63 characters, 255 in all)");
	line_bad("w.*.test", 100, "\"w.*.test\": a wildcard is only allowed as the whole first label (*.example.com)");
	line_bad("a.test b.test c.test", 2, "\"c.test\": more than 2 names on one line");
	line_bad("esc\033[31m.test", 100, "\"esc\\x1b[31m.test\": not a valid domain name (labels of 1-63 characters, 255 in all)");
	return test_summary("test_names");
}
