/* What every libFuzzer harness here shares: the entry point, and the one
 * way a harness says an invariant broke (abort, so libFuzzer and the
 * replay driver both stop on it with the input kept). */
#ifndef ACMD_FUZZ_H
#define ACMD_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_REQUIRE(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} } while (0)

/* The input as a NUL-terminated string (cut at its first NUL), at most max
 * bytes; caller frees. */
static inline char *
fuzz_cstr(const uint8_t *data, size_t size, size_t max)
{
	size_t n = size < max ? size : max;
	char *s = malloc(n + 1);
	if (!s)
		abort();
	for (size_t i = 0; i < n; i++)
		s[i] = (char)data[i];
	s[n] = '\0';
	return s;
}

#endif
