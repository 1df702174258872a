/* Table tests of terminal sanitising (src/core/sanitize.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"
#include "testutil.h"

struct san_case {
	const char *in;
	size_t len;          /* 0: strlen */
	size_t max;
	int flags;
	const char *want;
};

static const struct san_case cases[] = {
	{ "plain text", 0, 0, 0, "plain text" },
	{ "\033[31mred\033[0m", 0, 0, 0, "\\x1b[31mred\\x1b[0m" },
	{ "bell\007", 0, 0, 0, "bell\\x07" },
	{ "nul\0after", 9, 0, 0, "nul\\x00after" },
	{ "tab\tnl\n", 0, 0, 0, "tab\\x09nl\\x0a" },
	{ "del\177", 0, 0, 0, "del\\x7f" },
	{ "csi \xc2\x9b" "31m", 0, 0, 0, "csi \\u009b31m" },
	{ "rlo \xe2\x80\xae" "txt", 0, 0, 0, "rlo \\u202etxt" },
	{ "lri \xe2\x81\xa6", 0, 0, 0, "lri \\u2066" },
	{ "zwsp\xe2\x80\x8b", 0, 0, 0, "zwsp\\u200b" },
	{ "bom\xef\xbb\xbf", 0, 0, 0, "bom\\ufeff" },
	{ "gr\xc3\xbc\xc3\x9f" "e", 0, 0, 0, "gr\xc3\xbc\xc3\x9f" "e" },
	{ "gr\xc3\xbc\xc3\x9f" "e", 0, 0, SAN_ASCII, "gr\\u00fc\\u00dfe" },
	{ "bad \xff\xfe utf8", 0, 0, 0, "bad \\xff\\xfe utf8" },
	{ "overlong \xc0\xaf", 0, 0, 0, "overlong \\xc0\\xaf" },
	{ "surrogate \xed\xa0\x80", 0, 0, 0, "surrogate \\xed\\xa0\\x80" },
	{ "truncated \xe2\x80", 0, 0, 0, "truncated \\xe2\\x80" },
	{ "back\\slash \\027", 0, 0, 0, "back\\slash \\027" },
	{ "abcdefghij", 0, 5, 0, "abcde ...[+5 bytes]" },
	{ "\033\033\033", 0, 8, 0, "\\x1b\\x1b ...[+1 bytes]" },
	{ "emoji \xf0\x9f\x94\x92", 0, 0, 0, "emoji \xf0\x9f\x94\x92" },
	{ "two\nlines\tand\033esc", 0, 0, SAN_MULTILINE, "two\nlines\tand\\x1besc" },
	{ "cr\r\n", 0, 0, SAN_MULTILINE, "cr\\x0d\n" },
};

int
main(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const struct san_case *c = &cases[i];
		size_t len = c->len ? c->len : strlen(c->in);
		char *got = san_text(c->in, len, c->max, c->flags);
		CHECK_STR(got, c->want, "case %zu", i);
		CHECK((c->flags & SAN_MULTILINE) || san_is_clean(got, strlen(got)), "case %zu output is clean", i);
		free(got);
	}
	CHECK(san_is_clean("ok text", 7), "clean text is clean");
	CHECK(!san_is_clean("\033[2J", 4), "ESC is not clean");
	CHECK(!san_is_clean("a\xe2\x80\xae", 4), "RLO is not clean");

	/* 64 KiB of hostile bytes: bounded output, nothing raw gets through. */
	size_t big = 64 * 1024;
	char *buf = malloc(big);
	for (size_t i = 0; i < big; i++)
		buf[i] = (char)(i * 7 + 3);
	char *out = san_text(buf, big, 1000, 0);
	CHECK(strlen(out) < 1100, "64 KiB bounded to about 1000 bytes (got %zu)", strlen(out));
	CHECK(san_is_clean(out, strlen(out)), "64 KiB output clean");
	CHECK(strstr(out, "...[+") != NULL, "64 KiB output has the truncation marker");
	free(out);
	free(buf);
	return test_summary("test_sanitize");
}
