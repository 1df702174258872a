/* cJSON's memory while one NDJSON line is built and printed (report_int.h):
 * a fleet scan builds a tree of hundreds of nodes per name, prints it and
 * deletes it, node by node, a hundred thousand times; from a bump arena
 * the tree costs a pointer increment per node and nothing to delete.
 * cJSON's hooks are global: they point here only between begin and end,
 * and the program is single-threaded, so nothing else allocates through
 * them meanwhile. */
#include "config.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdlib.h>

#include "core/xalloc.h"
#include "report/report_int.h"

#define BLOCK 65536
#define KEEP_BLOCKS 4               /* kept from one line to the next */

struct block {
	struct block *next;
	size_t used, size;
	max_align_t data[];
};

static struct block *blocks;        /* the current one first */
static int active;

static void *
arena_malloc(size_t n)
{
	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	struct block *b = blocks;
	if (!b || b->size - b->used < n) {
		size_t size = n > BLOCK ? n : BLOCK;
		b = xmalloc(sizeof *b + size);
		b->used = 0;
		b->size = size;
		b->next = blocks;
		blocks = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

static void
arena_free(void *p)
{
	(void)p;        /* everything goes at report_json_arena_end */
}

void
report_json_arena_begin(void)
{
	static cJSON_Hooks hooks = { arena_malloc, arena_free };
	cJSON_InitHooks(&hooks);
	active = 1;
}

void
report_json_arena_end(void)
{
	if (!active)
		return;
	cJSON_InitHooks(NULL);
	active = 0;
	/* Keep a few standard blocks for the next line; free the rest. */
	struct block *keep = NULL, *b;
	int kept = 0;
	while ((b = blocks)) {
		blocks = b->next;
		if (b->size == BLOCK && kept < KEEP_BLOCKS) {
			b->used = 0;
			b->next = keep;
			keep = b;
			kept++;
		} else {
			free(b);
		}
	}
	blocks = keep;
}
