/* libFuzzer harness for the HTTP response head reader
 * (src/net/http_parse.c): the input is split into lines as libcurl hands
 * them over. Built only on request (clang):
 *   make fuzz-http-head
 *   ./tests/fuzz/fuzz_http_head -max_total_time=300 tests/fuzz/corpus/http_head
 * `make check` replays the corpus through tests/fuzz/replay.c (tests/fuzz/README). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"
#include "net/http_parse.h"
#include "fuzz.h"

static void
require_head(const struct http_head *h)
{
	if (h->n_fields > HTTP_MAX_FIELDS || (h->status && (h->status < 100 || h->status > 999)))
		abort();
	if (h->reason && !san_is_clean(h->reason, strlen(h->reason)))
		abort();
	for (size_t i = 0; i < h->n_fields; i++) {
		const char *n = h->fields[i].name, *v = h->fields[i].value;
		if (!*n || strlen(n) > HTTP_MAX_NAME || !san_is_clean(v, strlen(v)))
			abort();
		for (const char *p = n; *p; p++)
			if ((*p >= 'A' && *p <= 'Z') || (unsigned char)*p <= ' ' || *p == ':')
				abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_head h;
	memset(&h, 0, sizeof h);
	const char *p = (const char *)data, *end = p + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		if (http_head_line(&h, p, n) == HTTP_LINE_TOO_BIG)
			break;
		p += n;
	}
	require_head(&h);
	(void)http_head_get(&h, "x-amzn-requestid");
	struct http_head copy;
	http_head_copy(&copy, &h);
	require_head(&copy);
	http_head_clear(&copy);
	http_head_clear(&h);
	return 0;
}
