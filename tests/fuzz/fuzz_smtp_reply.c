/* libFuzzer harness for the SMTP reply reader (src/net/smtp_reply.c): the
 * bytes a server sends, fed in pieces whose sizes come from the input's
 * first byte (a drip and a flood read the same). Every reply it accepts
 * has a three-digit code and bounded, terminal-safe text; it never reads a
 * line past its bound. */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "net/smtp_reply.h"

static void
require_clean(const char *s)
{
	if (!s)
		return;
	FUZZ_REQUIRE(strlen(s) <= 4 * SMTP_TEXT_MAX);
	for (; *s; s++)
		FUZZ_REQUIRE((unsigned char)*s >= 0x20 && *s != 0x7f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	size_t piece = (size_t)data[0] % 64 + 1;
	data++, size--;
	struct smtp_reader r;
	smtp_reader_init(&r);
	size_t off = 0, replies = 0;
	while (off < size) {
		size_t n = size - off < piece ? size - off : piece, used = 0;
		enum smtp_feed st = smtp_reader_feed(&r, data + off, n, &used);
		FUZZ_REQUIRE(used <= n);
		FUZZ_REQUIRE(r.len < SMTP_LINE_MAX);
		off += used;
		if (st == SMTP_FEED_ERROR) {
			FUZZ_REQUIRE(r.error[0]);
			break;
		}
		if (st == SMTP_FEED_REPLY) {
			FUZZ_REQUIRE(r.reply.code >= 200 && r.reply.code <= 599);
			FUZZ_REQUIRE(r.reply.n_lines >= 1 && r.reply.n_lines <= SMTP_REPLY_LINES_MAX);
			require_clean(r.reply.first);
			require_clean(r.reply.last);
			replies++;
			smtp_reader_next(&r);
		} else {
			FUZZ_REQUIRE(used == n);
		}
	}
	smtp_reader_free(&r);
	(void)replies;
	return 0;
}
