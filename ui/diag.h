/* One diagnosis as the wizard shows it: the names, a line per DNS query
 * (from caa_check's progress events), and the report when it is done.
 * No curses here: the screens read this state and draw it. */
#ifndef ACMD_UI_DIAG_H
#define ACMD_UI_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "caa_check.h"

struct probe_line {
	int id;
	bool done, failed;
	char *qtype, *qname, *server, *purpose, *result;   /* sanitised copies */
	int64_t started_ms, elapsed_ms;
};

/* A finding of the report, by target and index; sorted worst first. */
struct diag_item {
	size_t target, finding;
};

struct diag {
	char **names;
	size_t n_names;
	struct probe_line *probes;
	size_t n_probes, alloc;
	struct caa_report *rep;             /* NULL while running */
	struct diag_item *items;            /* findings of rep, worst first */
	size_t n_items;
	struct caa_check *chk;              /* running check, or NULL */
	char error[256];                    /* why the check could not start */
	int runs;                           /* 1 first run, 2.. re-checks */
	int64_t started_ms;
	int san_flags;                      /* SAN_ASCII outside UTF-8 */
	void (*changed)(void *ctx);         /* something to redraw */
	void *ctx;
};

struct diag *diag_new(char **names, size_t n, int san_flags);
/* Start (or restart: cancels a running one, forgets the old results). */
int diag_start(struct diag *d, struct loop *loop, struct dns_client *dns);
bool diag_running(const struct diag *d);
void diag_free(struct diag *d);
/* Longest time the resolver may still serve a blocking answer from its
 * cache, over the names that are not permitted; -1 if none is known. */
int64_t diag_cache_left(const struct diag *d);
int diag_blocking(const struct diag *d);   /* names not permitted */

#endif
