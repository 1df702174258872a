/* Named maps for the map: filter: a provider's "map: NAME KEY = VALUE"
 * lines, looked up at render time (template_render.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fix/template_int.h"
#include "core/xalloc.h"

struct template_maps *
template_maps_new(void)
{
	return xcalloc(1, sizeof(struct template_maps));
}

void
template_maps_free(struct template_maps *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		for (size_t j = 0; j < m->maps[i].n; j++) {
			free(m->maps[i].entries[j].key);
			free(m->maps[i].entries[j].value);
		}
		free(m->maps[i].entries);
		free(m->maps[i].name);
	}
	free(m->maps);
	free(m);
}

struct map *
template_find_map(const struct template_maps *m, const char *name, size_t len)
{
	for (size_t i = 0; m && i < m->n; i++)
		if (strlen(m->maps[i].name) == len &&
		    memcmp(m->maps[i].name, name, len) == 0)
			return &m->maps[i];
	return NULL;
}

struct map_entry *
template_find_entry(const struct map *map, const char *key, size_t len)
{
	for (size_t i = 0; i < map->n; i++)
		if (strlen(map->entries[i].key) == len &&
		    strncasecmp(map->entries[i].key, key, len) == 0)
			return &map->entries[i];
	return NULL;
}

void
template_maps_put(struct template_maps *m, const char *name, const char *key,
		  const char *value)
{
	struct map *map = template_find_map(m, name, strlen(name));
	if (!map) {
		m->maps = xrealloc(m->maps, (m->n + 1) * sizeof *m->maps);
		map = &m->maps[m->n++];
		memset(map, 0, sizeof *map);
		map->name = xstrdup(name);
	}
	struct map_entry *e = template_find_entry(map, key, strlen(key));
	if (e) {
		free(e->value);
	} else {
		map->entries = xrealloc(map->entries, (map->n + 1) * sizeof *map->entries);
		e = &map->entries[map->n++];
		e->key = xstrdup(key);
	}
	e->value = xstrdup(value);
}

bool
template_maps_has(const struct template_maps *m, const char *name)
{
	return template_find_map(m, name, strlen(name)) != NULL;
}
