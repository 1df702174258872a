/* The string buffer (src/core/strbuf.c): growth from its first 64 bytes,
 * formatted text that fits the room left, that needs more, and that
 * meets the limit (cut there and marked truncated), on the boundaries
 * where the one-pass and two-pass ways of sb_addf meet. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "testutil.h"

/* What n characters of a pattern look like, for comparing. */
static char *
pattern(size_t n)
{
	char *s = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		s[i] = (char)('a' + i % 26);
	s[n] = 0;
	return s;
}

static void
test_formats_around_the_room(void)
{
	/* From 0 to 200 characters already in, add 0 to 200 more with
	 * sb_addf: every split of the first allocations is crossed. */
	for (size_t pre = 0; pre <= 200; pre += 7) {
		for (size_t add = 0; add <= 200; add += 3) {
			char *a = pattern(pre), *b = pattern(add);
			struct strbuf sb;
			sb_init(&sb);
			sb_add(&sb, a);
			sb_addf(&sb, "%s", b);
			sb_addf(&sb, "<%zu>", add);
			char want[512];
			snprintf(want, sizeof want, "%s%s<%zu>", a, b, add);
			bool ok = sb.len == strlen(want) && !strcmp(sb.buf, want) && !sb.truncated;
			CHECK(ok, "%zu then %zu characters: got %zu bytes [%.60s...]", pre, add, sb.len, sb.buf);
			sb_free(&sb);
			free(a);
			free(b);
		}
	}
}

static void
test_limit(void)
{
	/* A limit inside the room already allocated: the text is cut at it. */
	for (size_t limit = 0; limit <= 70; limit++) {
		struct strbuf sb;
		sb_init_limit(&sb, limit);
		sb_addf(&sb, "%s-%d", "abcdefghijklmnopqrstuvwxyzabcdefghij", 12345);
		const char *full = "abcdefghijklmnopqrstuvwxyzabcdefghij-12345";
		size_t want = strlen(full) < limit ? strlen(full) : limit;
		CHECK(sb.len == want && !strncmp(sb.buf, full, want) && sb.buf[want] == 0,
		      "limit %zu: %zu bytes [%s]", limit, sb.len, sb.buf);
		CHECK(sb.truncated == (strlen(full) > limit), "limit %zu: truncated is %d", limit, sb.truncated);
		/* More text goes in up to the limit, and no further. */
		sb_addf(&sb, "%s", "more");
		size_t after = want + 4 < limit ? want + 4 : limit;
		CHECK(sb.len == after && sb.buf[after] == 0, "limit %zu: %zu bytes after more, want %zu", limit, sb.len,
		      after);
		sb_free(&sb);
	}
	/* Around the local buffer's 512 bytes, into little room (formatted
	 * locally) and into much room (formatted in place: 1,100 bytes in
	 * leave 948), with and without a limit that cuts the text. */
	const struct { size_t pre; bool limited; } cases[] = { { 0, true }, { 200, false }, { 1100, false }, { 1100, true } };
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		for (size_t len = 500; len <= 530; len++) {
			char *t = pattern(len);
			struct strbuf sb;
			size_t pre = cases[c].pre;
			sb_init_limit(&sb, cases[c].limited ? pre + 520 : 100000);
			for (size_t i = 0; i < pre; i++)
				sb_addc(&sb, '.');
			sb_addf(&sb, "%s", t);
			size_t want = cases[c].limited && len > 520 ? 520 : len;
			CHECK(sb.len - pre == want && !strncmp(sb.buf + pre, t, want) && sb.buf[sb.len] == 0 &&
			      sb.truncated == (cases[c].limited && len > 520),
			      "%zu characters after %zu (limit %zu): %zu added, truncated %d", len, pre, sb.limit,
			      sb.len - pre, sb.truncated);
			sb_free(&sb);
			free(t);
		}
	}
	/* A limit far past the first allocation. */
	struct strbuf sb;
	sb_init_limit(&sb, 1000);
	char *big = pattern(5000);
	sb_addf(&sb, "%s", big);
	CHECK(sb.len == 1000 && sb.truncated && !strncmp(sb.buf, big, 1000) && sb.buf[1000] == 0,
	      "a 5000-byte text under a 1000-byte limit: %zu bytes", sb.len);
	sb_free(&sb);
	free(big);
}

static void
test_empty_and_steal(void)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, "%s", "");
	CHECK(sb.len == 0 && sb.buf[0] == 0, "an empty format adds nothing");
	sb_addf(&sb, "%d%c", 7, 'x');
	sb_addc(&sb, '!');
	char *s = sb_steal(&sb);
	CHECK_STR(s, "7x!", "the stolen text");
	free(s);
}

static void
test_ints(void)
{
	const long long v[] = { 0, 1, -1, 9, 10, -10, 99, 100, 3573, 2147483647LL, -2147483648LL,
				9223372036854775807LL, -9223372036854775807LL - 1 };
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		char got[STR_INT_MAX], want[64];
		snprintf(want, sizeof want, "%lld", v[i]);
		CHECK_STR(str_int(got, v[i]), want, "str_int(%s)", want);
	}
	const unsigned long long u[] = { 0, 7, 10, 18446744073709551615ULL };
	for (size_t i = 0; i < sizeof u / sizeof *u; i++) {
		char got[STR_INT_MAX], want[64];
		snprintf(want, sizeof want, "%llu", u[i]);
		CHECK_STR(str_uint(got, u[i]), want, "str_uint(%s)", want);
	}
}

/* FNV-1a as published (its test vectors), chained calls as one string. */
static void
test_hash(void)
{
	CHECK(str_hash(STR_HASH_INIT, "") == 0x811c9dc5u, "FNV-1a of \"\"");
	CHECK(str_hash(STR_HASH_INIT, "a") == 0xe40c292cu, "FNV-1a of \"a\": %08x", str_hash(STR_HASH_INIT, "a"));
	CHECK(str_hash(STR_HASH_INIT, "foobar") == 0xbf9cf968u, "FNV-1a of \"foobar\": %08x",
	      str_hash(STR_HASH_INIT, "foobar"));
	CHECK(str_hash(str_hash(STR_HASH_INIT, "foo"), "bar") == str_hash(STR_HASH_INIT, "foobar"),
	      "two calls hash as one string");
	CHECK(str_hash_add(STR_HASH_INIT, 'a') == str_hash(STR_HASH_INIT, "a"), "one value, one step");
}

int
main(void)
{
	test_ints();
	test_hash();
	test_formats_around_the_room();
	test_limit();
	test_empty_and_steal();
	return test_summary("test_strbuf");
}
