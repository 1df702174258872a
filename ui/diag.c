#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "report/report.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/xalloc.h"

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

/* CNAME query ids count from 1 like CAA's: they go above these. */
#define CNAME_ID_BASE 1000000

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
		p->purpose = clean(d, _(ev->purpose));
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

static void
on_cname_event(void *ctx, const struct cname_event *ev)
{
	struct caa_event ce = {
		.id = CNAME_ID_BASE + ev->id, .done = ev->done, .qname = ev->qname,
		.qtype = ev->qtype, .server = ev->server, .purpose = ev->purpose,
		.result = ev->result, .failed = ev->failed, .elapsed_ms = ev->elapsed_ms,
	};
	on_event(ctx, &ce);
}

void
diag_add_record(struct diag *d, const char *name, const char *value,
		const char *const *domains, size_t n_domains)
{
	d->records = xrealloc(d->records, (d->n_records + 1) * sizeof *d->records);
	char **dom = xcalloc(n_domains ? n_domains : 1, sizeof *dom);
	for (size_t i = 0; i < n_domains; i++)
		dom[i] = xstrdup(domains[i]);
	d->records[d->n_records++] = (struct cname_record_spec){
		.name = xstrdup(name), .value = xstrdup(value),
		.domains = (const char *const *)dom, .n_domains = n_domains,
	};
}

const struct finding *
diag_finding(const struct diag *d, const struct diag_item *it)
{
	if (it->check == DIAG_CNAME)
		return &d->cname->results[it->target].findings[it->finding];
	return &d->rep->targets[it->target].findings[it->finding];
}

const char *
diag_item_name(const struct diag *d, const struct diag_item *it)
{
	if (it->check == DIAG_CNAME)
		return d->cname->results[it->target].name;
	return d->rep->targets[it->target].name;
}

static bool
validates(const struct cname_result *r, const char *name)
{
	for (size_t i = 0; i < r->n_domains; i++)
		if (!strcmp(r->domains[i], name))
			return true;
	return false;
}

bool
diag_item_about(const struct diag *d, const struct diag_item *it, const char *name)
{
	if (it->check == DIAG_CNAME)
		return validates(&d->cname->results[it->target], name);
	return !strcmp(d->rep->targets[it->target].name, name);
}

const struct caa_target *
diag_caa_of(const struct diag *d, const char *name)
{
	for (size_t t = 0; d->rep && t < d->rep->n_targets; t++)
		if (!strcmp(d->rep->targets[t].name, name))
			return &d->rep->targets[t];
	return NULL;
}

const struct cname_result *
diag_cname_of(const struct diag *d, const char *name)
{
	for (size_t i = 0; d->cname && i < d->cname->n_results; i++)
		if (validates(&d->cname->results[i], name))
			return &d->cname->results[i];
	return NULL;
}

bool
diag_plan_view(const struct diag *d, const struct diag_item *it, struct plan_view *out)
{
	int plan = it ? diag_finding(d, it)->plan : -1;
	if (it && it->check == DIAG_CNAME) {
		if (plan < 0 || (size_t)plan >= d->cname->n_plans)
			return false;
		*out = plan_view_cname(&d->cname->plans[plan]);
		return true;
	}
	if (!d->rep)
		return false;
	/* A finding without records of its own: the first fix there is. */
	if (plan < 0 || (size_t)plan >= d->rep->n_plans)
		plan = d->rep->n_plans ? 0 : -1;
	if (plan < 0)
		return false;
	*out = plan_view_caa(&d->rep->plans[plan]);
	return true;
}

static int
item_rank(const struct diag *d, const struct diag_item *it)
{
	return (int)diag_finding(d, it)->severity;
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

/* The items, once both checks are in: CAA's first, then the records', so
 * that equal severities keep the command line's order. */
static void
finish(struct diag *d)
{
	if (diag_running(d))
		return;
	size_t n = 0;
	for (size_t t = 0; d->rep && t < d->rep->n_targets; t++)
		n += d->rep->targets[t].n_findings;
	for (size_t r = 0; d->cname && r < d->cname->n_results; r++)
		n += d->cname->results[r].n_findings;
	d->items = xcalloc(n ? n : 1, sizeof *d->items);
	for (size_t t = 0; d->rep && t < d->rep->n_targets; t++)
		for (size_t f = 0; f < d->rep->targets[t].n_findings; f++)
			d->items[d->n_items++] = (struct diag_item){ DIAG_CAA, t, f };
	for (size_t r = 0; d->cname && r < d->cname->n_results; r++)
		for (size_t f = 0; f < d->cname->results[r].n_findings; f++)
			d->items[d->n_items++] = (struct diag_item){ DIAG_CNAME, r, f };
	sort_items(d);
}

static void
on_done(void *ctx, struct caa_report *rep)
{
	struct diag *d = ctx;
	d->chk = NULL;
	d->rep = rep;
	finish(d);
	if (d->changed)
		d->changed(d->ctx);
}

static void
on_cname_done(void *ctx, struct cname_report *rep)
{
	struct diag *d = ctx;
	d->cname_chk = NULL;
	d->cname = rep;
	finish(d);
	if (d->changed)
		d->changed(d->ctx);
}

static void
forget(struct diag *d)
{
	if (d->chk)
		caa_check_cancel(d->chk);
	d->chk = NULL;
	if (d->cname_chk)
		cname_check_cancel(d->cname_chk);
	d->cname_chk = NULL;
	caa_report_free(d->rep);
	d->rep = NULL;
	cname_report_free(d->cname);
	d->cname = NULL;
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
	struct cname_check_opts co = {
		.records = d->records, .n_records = d->n_records,
		.edited_ns = (const char *const *)d->edited_ns, .n_edited_ns = d->n_edited_ns,
		.on_event = on_cname_event, .event_ctx = d,
	};
	d->runs++;
	d->started_ms = loop_now_ms();
	/* Both start before either can finish: the callbacks come from the
	 * loop, so finish() sees both pending until both are in. */
	if (d->n_names && !(d->chk = caa_check_start(loop, dns, &o, on_done, d, d->error, sizeof d->error)))
		return -1;
	if (d->n_records && !(d->cname_chk = cname_check_start(loop, dns, &co, on_cname_done, d,
								d->error, sizeof d->error))) {
		forget(d);
		return -1;
	}
	return 0;
}

bool
diag_running(const struct diag *d)
{
	return d && (d->chk || d->cname_chk);
}

bool
diag_finished(const struct diag *d)
{
	return d && !diag_running(d) && (d->rep || d->cname);
}

int
diag_blocking(const struct diag *d)
{
	int n = 0;
	for (size_t t = 0; d->rep && t < d->rep->n_targets; t++) {
		const struct cname_result *r = diag_cname_of(d, d->rep->targets[t].name);
		n += d->rep->targets[t].verdict != CAA_V_PERMIT || (r && r->verdict != CNAME_V_OK);
	}
	/* Names only a record validates (no CAA check for them). */
	for (size_t i = 0; d->cname && i < d->cname->n_results; i++)
		for (size_t k = 0; k < d->cname->results[i].n_domains; k++)
			n += d->cname->results[i].verdict != CNAME_V_OK
			     && !diag_caa_of(d, d->cname->results[i].domains[k]);
	return n;
}

int64_t
diag_cache_left(const struct diag *d)
{
	int64_t left = -1;
	for (size_t t = 0; d->rep && t < d->rep->n_targets; t++)
		if (d->rep->targets[t].verdict != CAA_V_PERMIT && d->rep->targets[t].cache_ttl > left)
			left = d->rep->targets[t].cache_ttl;
	for (size_t i = 0; d->cname && i < d->cname->n_results; i++)
		if (d->cname->results[i].verdict != CNAME_V_OK && d->cname->results[i].cache_ttl > left)
			left = d->cname->results[i].cache_ttl;
	return left;
}

void
diag_free(struct diag *d)
{
	if (!d)
		return;
	forget(d);
	free(d->probes);
	for (size_t i = 0; i < d->n_records; i++) {
		struct cname_record_spec *r = &d->records[i];
		for (size_t k = 0; k < r->n_domains; k++)
			free((char *)r->domains[k]);
		free((char **)r->domains);
		free((char *)r->name);
		free((char *)r->value);
	}
	free(d->records);
	for (size_t i = 0; i < d->n_names; i++)
		free(d->names[i]);
	free(d->names);
	free(d);
}

const char *
diag_caa_label(enum caa_verdict v)
{
	return v == CAA_V_PERMIT ? _("PERMIT") : v == CAA_V_DENY ? _("DENY") : _("LOOKUP FAILED");
}

const char *
diag_cname_label(enum cname_verdict v)
{
	return report_cname_verdict_label(v);
}
