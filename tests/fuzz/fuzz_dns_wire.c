/* libFuzzer harness for the DNS parser and the name helpers. It needs clang,
 * so it is built only on request (tests/fuzz/README):
 *   make fuzz-dns-wire
 *   ./tests/fuzz/fuzz_dns_wire -max_total_time=300 NEW tests/fuzz/corpus/dns_wire
 * (TEST_DNS_WIRE_CORPUS=dir ./tests/src/net/test_dns_wire writes its seeds).
 * Its corpus replays in every `make check` (replay.c). Any crash, sanitizer
 * report or abort() below is a bug. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "net/dns_wire.h"

static void
require_printable(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			abort();
}

static void
fuzz_message(const uint8_t *data, size_t size)
{
	struct dns_msg *m = dns_msg_parse(data, size, NULL, 0);

	if (!m)
		return;
	require_printable(m->qname);
	require_printable(m->ede_text);
	for (size_t i = 0; i < m->n_rr; i++) {
		char *t = dns_rr_text(&m->rrs[i]);
		require_printable(t);
		free(t);
	}
	dns_msg_free(m);
}

/* The same bytes as typed input: canonical names must be fixed points and
 * walking up must reach the root. */
static void
fuzz_name_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	char out[DNS_NAME_TEXT_MAX], again[DNS_NAME_TEXT_MAX];

	if (!s)
		return;
	memcpy(s, data, size);
	s[size] = '\0';
	(void)dns_name_labels(s);
	if (dns_name_canon(s, out, sizeof out)) {
		require_printable(out);
		if (!dns_name_canon(out, again, sizeof again) || strcmp(out, again))
			abort();
		const char *p = out;
		for (int n = dns_name_labels(out); n > 0; n--)
			p = dns_name_parent(p);
		if (strcmp(p, ".") || !dns_name_is_under(out, "."))
			abort();
	}
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_message(data, size);
	fuzz_name_text(data, size);
	return 0;
}
