/* The bump allocator and its pool of spare blocks (arena.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/xalloc.h"

#define BLOCK 32768
#define POOL_MAX 8                  /* spare blocks kept: 256 kB at most */

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
};

static struct arena_block *pool;
static size_t n_pool;
static int pool_registered;

static void
pool_free(void)
{
	while (pool) {
		struct arena_block *b = pool;
		pool = b->next;
		free(b);
	}
	n_pool = 0;
}

static struct arena_block *
block_new(size_t need)
{
	struct arena_block *b;
	if (need <= BLOCK && pool) {
		b = pool;
		pool = b->next;
		n_pool--;
	} else {
		size_t size = need > BLOCK ? need : BLOCK;
		b = xmalloc(sizeof *b + size);
		b->size = size;
	}
	b->used = 0;
	return b;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	struct arena_block *b = a->blocks;
	if (!b || b->size - b->used < n) {
		b = block_new(n);
		b->next = a->blocks;
		a->blocks = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
arena_clear(struct arena *a)
{
	while (a->blocks) {
		struct arena_block *b = a->blocks;
		a->blocks = b->next;
		if (b->size == BLOCK && n_pool < POOL_MAX) {
			if (!pool_registered) {
				pool_registered = 1;
				atexit(pool_free);
			}
			b->next = pool;
			pool = b;
			n_pool++;
		} else {
			free(b);
		}
	}
}
