/* cJSON's memory while one NDJSON line is built and printed (report_int.h):
 * a fleet scan builds a tree of hundreds of nodes per name, prints it and
 * deletes it, node by node, a hundred thousand times; from a bump arena
 * the tree costs a pointer increment per node and nothing to delete
 * (core/arena.h).
 * cJSON's hooks are global: they point here only between begin and end,
 * and the program is single-threaded, so nothing else allocates through
 * them meanwhile. */
#include "config.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdlib.h>

#include "core/arena.h"
#include "report/report_int.h"

static struct arena arena = ARENA_INIT;
static int active;

static void *
arena_malloc(size_t n)
{
	return arena_alloc(&arena, n);
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
	arena_clear(&arena);
}
