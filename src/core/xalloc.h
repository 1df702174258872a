/* Allocation that cannot fail: out of memory ends the program with a message,
 * so the rest of the code never carries half-built state. */
#ifndef ACMD_XALLOC_H
#define ACMD_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void *xmemdup(const void *p, size_t n);
/* Grow an array of *alloc elements of size `size` to hold at least `need`. */
void *xgrow(void *p, size_t *alloc, size_t need, size_t size);

#endif
