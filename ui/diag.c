#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "sanitize.h"
#include "xalloc.h"

/* Probe fields are short; a longer one is hostile or broken. */
#define PROBE_FIELD_MAX 200

struct diag *
diag_new(char **names, size_t n, int san_flags)
{
	struct diag *d = xcalloc(1, sizeof *d);
	d->names = xcalloc(n ? n : 1, sizeof *d->names);
	for (size_t i = 0; i < n; i++)
		d->names[i] = xstrdup(names[i]);
	d->n_names = n;
	d->san_flags = san_flags;
	return d;
}

static void
probes_clear(struct diag *d)
{
	for (size_t i = 0; i < d->n_probes; i++) {
		struct probe_line *p = &d->probes[i];
		free(p->qtype);
		free(p->qname);
		free(p->server);
		free(p->purpose);
		free(p->result);
	}
	d->n_probes = 0;
}

static char *
clean(const struct diag *d, const char *s)
{
	return san_str(s ? s : "", PROBE_FIELD_MAX, d->san_flags);
}

static void
on_event(void *ctx, const struct caa_event *ev)
{
	struct diag *d = ctx;
	struct probe_line *p = NULL;
	for (size_t i = 0; i < d->n_probes; i++)
		if (d->probes[i].id == ev->id)
			p = &d->probes[i];
	if (!p) {
		d->probes = xgrow(d->probes, &d->alloc, d->n_probes + 1, sizeof *d->probes);
		p = &d->probes[d->n_probes++];
		memset(p, 0, sizeof *p);
		p->id = ev->id;
		p->qtype = clean(d, ev->qtype);
		p->qname = clean(d, ev->qname);
		p->server = clean(d, ev->server);
		p->purpose = clean(d, ev->purpose);
		p->started_ms = loop_now_ms();
	}
	if (ev->done) {
		p->done = true;
		p->failed = ev->failed;
		p->elapsed_ms = ev->elapsed_ms;
		free(p->result);
		p->result = clean(d, ev->result);
	}
	if (d->changed)
		d->changed(d->ctx);
}

static int
item_rank(const struct diag *d, const struct diag_item *it)
{
	return (int)d->rep->targets[it->target].findings[it->finding].severity;
}

/* Worst first; equal severities keep the report's order (insertion sort:
 * the lists are short and the order must be stable). */
static void
sort_items(struct diag *d)
{
	for (size_t i = 1; i < d->n_items; i++) {
		struct diag_item it = d->items[i];
		size_t k = i;
		while (k > 0 && item_rank(d, &d->items[k - 1]) > item_rank(d, &it)) {
			d->items[k] = d->items[k - 1];
			k--;
		}
		d->items[k] = it;
	}
}

static void
on_done(void *ctx, struct caa_report *rep)
{
	struct diag *d = ctx;
	d->chk = NULL;
	d->rep = rep;
	size_t n = 0;
	for (size_t t = 0; t < rep->n_targets; t++)
		n += rep->targets[t].n_findings;
	d->items = xcalloc(n ? n : 1, sizeof *d->items);
	for (size_t t = 0; t < rep->n_targets; t++)
		for (size_t f = 0; f < rep->targets[t].n_findings; f++)
			d->items[d->n_items++] = (struct diag_item){ t, f };
	sort_items(d);
	if (d->changed)
		d->changed(d->ctx);
}

static void
forget(struct diag *d)
{
	if (d->chk)
		caa_check_cancel(d->chk);
	d->chk = NULL;
	caa_report_free(d->rep);
	d->rep = NULL;
	free(d->items);
	d->items = NULL;
	d->n_items = 0;
	probes_clear(d);
	d->error[0] = '\0';
}

int
diag_start(struct diag *d, struct loop *loop, struct dns_client *dns)
{
	forget(d);
	struct caa_check_opts o = {
		.names = (const char *const *)d->names, .n_names = d->n_names,
		.on_event = on_event, .event_ctx = d,
	};
	d->runs++;
	d->started_ms = loop_now_ms();
	d->chk = caa_check_start(loop, dns, &o, on_done, d, d->error, sizeof d->error);
	return d->chk ? 0 : -1;
}

bool
diag_running(const struct diag *d)
{
	return d && d->chk;
}

int
diag_blocking(const struct diag *d)
{
	int n = 0;
	for (size_t t = 0; d->rep && t < d->rep->n_targets; t++)
		n += d->rep->targets[t].verdict != CAA_V_PERMIT;
	return n;
}

int64_t
diag_cache_left(const struct diag *d)
{
	int64_t left = -1;
	for (size_t t = 0; d->rep && t < d->rep->n_targets; t++)
		if (d->rep->targets[t].verdict != CAA_V_PERMIT && d->rep->targets[t].cache_ttl > left)
			left = d->rep->targets[t].cache_ttl;
	return left;
}

void
diag_free(struct diag *d)
{
	if (!d)
		return;
	forget(d);
	free(d->probes);
	for (size_t i = 0; i < d->n_names; i++)
		free(d->names[i]);
	free(d->names);
	free(d);
}
