#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

static void
oom(void)
{
	fputs("acm-doctor: out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void *
xmemdup(const void *p, size_t n)
{
	void *d = xmalloc(n + 1);
	memcpy(d, p, n);
	((char *)d)[n] = '\0';
	return d;
}

void *
xgrow(void *p, size_t *alloc, size_t need, size_t size)
{
	if (need <= *alloc)
		return p;
	size_t a = *alloc ? *alloc : 4;
	while (a < need)
		a *= 2;
	if (a > ((size_t)-1) / size)
		oom();
	p = xrealloc(p, a * size);
	*alloc = a;
	return p;
}
