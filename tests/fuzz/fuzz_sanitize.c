/* libFuzzer harness for the sanitiser, the last step before anything from
 * outside reaches a terminal: what comes out is clean (no control or bidi
 * character, valid UTF-8), pure ASCII with SAN_ASCII, and within its
 * bound. The first two bytes choose the flags and the bound. */
#include "config.h"

#include <string.h>

#include "core/sanitize.h"
#include "fuzz.h"

/* " ...[+N bytes]" at most */
#define MARKER_MAX 40

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	int flags = data[0] & (SAN_ASCII | SAN_MULTILINE);
	size_t max = data[1] < 200 ? data[1] : 0;
	const char *in = (const char *)data + 2;
	size_t n = size - 2;
	char *out = san_text(in, n, max, flags);
	size_t len = strlen(out);
	if (flags & SAN_MULTILINE) {
		/* Newlines and tabs stay; every line on its own is clean. */
		char *copy = strdup(out);
		FUZZ_REQUIRE(copy);
		for (char *p = copy; *p; p++)
			if (*p == '\n' || *p == '\t')
				*p = ' ';
		FUZZ_REQUIRE(san_is_clean(copy, len));
		free(copy);
	} else {
		FUZZ_REQUIRE(san_is_clean(out, len));
	}
	if (flags & SAN_ASCII)
		for (size_t i = 0; i < len; i++)
			FUZZ_REQUIRE((unsigned char)out[i] < 0x80);
	if (max)
		FUZZ_REQUIRE(len <= max + MARKER_MAX);
	/* Clean text is left alone. */
	if (!(flags & SAN_ASCII) && !max && san_is_clean(in, n) && !memchr(in, '\0', n))
		FUZZ_REQUIRE(len == n && !memcmp(out, in, n));
	free(out);
	return 0;
}
