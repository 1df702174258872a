/* A bump allocator: many small pieces, all freed at once. Blocks of the
 * standard size go back to a small pool of the process when an arena is
 * cleared, and new arenas take them from there: a fleet scan makes and
 * drops arenas per name, and a fresh large malloc each time would make
 * glibc consolidate its heap each time. Single-threaded, like the rest. */
#ifndef ACMD_CORE_ARENA_H
#define ACMD_CORE_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *blocks;   /* the current one first */
};

#define ARENA_INIT { NULL }

/* n bytes, aligned for any type; never NULL (xmalloc's rule). */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Everything allocated goes; the arena can be used again. */
void arena_clear(struct arena *a);

#endif
