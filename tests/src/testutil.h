/* Minimal table-test support: CHECK records a failure with its location and
 * goes on; test_summary() prints the "N passed, N failed" line and gives the
 * exit status automake expects. */
#ifndef ACMD_TESTUTIL_H
#define ACMD_TESTUTIL_H

#include <stdio.h>
#include <string.h>

static int test_passed, test_failed;

#define CHECK(cond, ...) do { \
	if (cond) { test_passed++; } else { \
		test_failed++; \
		fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
		fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); \
	} } while (0)

#define CHECK_STR(got, want, ...) do { \
	const char *g_ = (got), *w_ = (want); \
	if (g_ && w_ && !strcmp(g_, w_)) { test_passed++; } else { \
		test_failed++; \
		fprintf(stderr, "%s:%d: ", __FILE__, __LINE__); \
		fprintf(stderr, __VA_ARGS__); \
		fprintf(stderr, "\n  want: [%s]\n  got:  [%s]\n", w_ ? w_ : "(null)", g_ ? g_ : "(null)"); \
	} } while (0)

static inline int
test_summary(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, test_passed, test_failed);
	return test_failed ? 1 : 0;
}

#endif
