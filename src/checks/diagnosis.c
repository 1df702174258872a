/* Running the checks of one diagnosis together (checks/diagnosis.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/diagnosis.h"
#include "core/i18n.h"
#include "core/strv.h"
#include "core/xalloc.h"

static void
on_check_event(void *ctx, const struct probe_event *ev)
{
	struct diagnosis_slot *s = ctx;
	struct probe_event e = *ev;
	e.id = (int)s->id * DIAGNOSIS_ID_STRIDE + ev->id;
	if (s->d->on_event)
		s->d->on_event(s->d->event_ctx, &e);
}

static int
item_rank(const struct diagnosis *d, const struct diagnosis_item *it)
{
	return (int)diagnosis_finding(d, it)->severity;
}

/* Every finding of every report, worst first; equal severities keep the
 * checks' order and each report's (insertion sort: the lists are short
 * and the order must be stable). When the resolver failed, its finding
 * is the only one. */
static void
collect_items(struct diagnosis *d)
{
	size_t n = 0, alloc = 0;
	if (d->resolver_failed) {
		d->items = xcalloc(1, sizeof *d->items);
		d->items[0] = (struct diagnosis_item){ DIAGNOSIS_RESOLVER, 0, 0 };
		d->n_items = 1;
		return;
	}
	for (int c = 0; c < CHECK__COUNT; c++) {
		const struct check_ops *ops = check_get(c);
		for (size_t s = 0; d->report[c] && s < ops->n_subjects(d->report[c]); s++) {
			struct check_subject sub;
			ops->subject(d->report[c], s, &sub);
			for (size_t f = 0; f < sub.n_findings; f++) {
				d->items = xgrow(d->items, &alloc, n + 1, sizeof *d->items);
				d->items[n++] = (struct diagnosis_item){ (enum check_id)c, s, f };
			}
		}
	}
	d->n_items = n;
	for (size_t i = 1; i < n; i++) {
		struct diagnosis_item it = d->items[i];
		size_t k = i;
		while (k > 0 && item_rank(d, &d->items[k - 1]) > item_rank(d, &it)) {
			d->items[k] = d->items[k - 1];
			k--;
		}
		d->items[k] = it;
	}
}

/* Cancel every running check and free every report. */
static void
drop_checks(struct diagnosis *d)
{
	for (int c = 0; c < CHECK__COUNT; c++) {
		const struct check_ops *ops = check_get(c);
		if (d->running[c])
			ops->cancel(d->running[c]);
		if (d->report[c])
			ops->report_free(d->report[c]);
		d->running[c] = d->report[c] = NULL;
	}
}

static void
finish(struct diagnosis *d)
{
	collect_items(d);
	if (d->done)
		d->done(d->ctx);
}

static void
on_check_done(void *ctx, void *report)
{
	struct diagnosis_slot *s = ctx;
	struct diagnosis *d = s->d;
	d->running[s->id] = NULL;
	d->report[s->id] = report;
	if (!diagnosis_running(d))
		finish(d);
}

/* The resolver's verdict, once for every check: a resolver that is not
 * one ends the diagnosis at once, and nothing any check got through it
 * is kept. */
void
diagnosis_resolver_judged(struct diagnosis *d, const struct resolver_verdict *v)
{
	if (!d->resolver_waits || d->resolver_failed)
		return;
	bool was_running = diagnosis_running(d);
	d->resolver_done = true;
	if (v->state == RESOLVER_FAILED) {
		d->resolver_failed = true;
		resolver_finding(v, &d->resolver_finding);
		drop_checks(d);
		free(d->items);
		d->items = NULL;
		d->n_items = 0;
		if (was_running)
			finish(d);
		else
			collect_items(d);
	} else if (was_running && !diagnosis_running(d)) {
		finish(d);
	}
}

static void
on_resolver_done(void *ctx)
{
	struct diagnosis *d = ctx;
	diagnosis_resolver_judged(d, resolver_probe_verdict(d->resolver));
}

/* Every certificate name the input is about, for RESOLVER_FAILED. */
static void
collect_names(struct diagnosis *d, const struct check_input *in)
{
	const char *const *v = in->domains ? in->domains : in->names;
	size_t n = in->domains ? in->n_domains : in->n_names;
	for (size_t i = 0; i < n; i++)
		strv_push(&d->names, &d->n_names, v[i]);
}

static void
on_resolver_event(void *ctx, const struct probe_event *ev)
{
	struct diagnosis *d = ctx;
	struct probe_event e = *ev;
	e.id = DIAGNOSIS_RESOLVER * DIAGNOSIS_ID_STRIDE + ev->id;
	if (d->on_event)
		d->on_event(d->event_ctx, &e);
}

int
diagnosis_start(struct diagnosis *d, struct loop *loop, struct dns_client *dns,
		const struct check_input *in, unsigned only,
		probe_event_cb on_event, void *event_ctx, void (*done)(void *ctx), void *ctx)
{
	diagnosis_clear(d);
	d->on_event = on_event;
	d->event_ctx = event_ctx;
	d->done = done;
	d->ctx = ctx;
	bool applies[CHECK__COUNT], any = false;
	for (int c = 0; c < CHECK__COUNT; c++) {
		applies[c] = (!only || (only & (1u << c))) && check_get(c)->applies(in);
		any |= applies[c];
	}
	if (!any)
		return 0;
	/* The resolver probe first, so its query leads the first round. */
	collect_names(d, in);
	d->resolver_waits = true;
	if (!d->resolver_given)
		d->resolver = resolver_probe_start(loop, dns, on_resolver_event, d, on_resolver_done, d);
	/* Every check starts before any can finish: the callbacks come from
	 * the loop, so on_check_done sees the others pending until all are in. */
	for (int c = 0; c < CHECK__COUNT; c++) {
		const struct check_ops *ops = check_get(c);
		if (!applies[c])
			continue;
		d->slot[c] = (struct diagnosis_slot){ d, (enum check_id)c };
		/* Nobody listening (a fleet scan): no event is even written. */
		d->running[c] = ops->start(loop, dns, in, on_event ? on_check_event : NULL, &d->slot[c], on_check_done,
					   &d->slot[c], d->error, sizeof d->error);
		if (!d->running[c]) {
			char why[sizeof d->error];
			memcpy(why, d->error, sizeof why);
			diagnosis_clear(d);
			memcpy(d->error, why, sizeof why);
			return -1;
		}
		d->started[c] = true;
	}
	return 0;
}

void
diagnosis_clear(struct diagnosis *d)
{
	drop_checks(d);
	memset(d->started, 0, sizeof d->started);
	free(d->items);
	d->items = NULL;
	d->n_items = 0;
	d->error[0] = '\0';
	resolver_probe_free(d->resolver);
	d->resolver = NULL;
	d->resolver_done = false;
	d->resolver_waits = false;
	if (d->resolver_failed)
		finding_clear(&d->resolver_finding);
	d->resolver_failed = false;
	strv_free(d->names, d->n_names);
	d->names = NULL;
	d->n_names = 0;
}

bool
diagnosis_running(const struct diagnosis *d)
{
	if (d->resolver_waits && !d->resolver_done)
		return true;
	for (int c = 0; c < CHECK__COUNT; c++)
		if (d->running[c])
			return true;
	return false;
}

bool
diagnosis_finished(const struct diagnosis *d)
{
	if (diagnosis_running(d))
		return false;
	if (d->resolver_failed)
		return true;
	for (int c = 0; c < CHECK__COUNT; c++)
		if (d->report[c])
			return true;
	return false;
}

bool
diagnosis_resolver_failed(const struct diagnosis *d)
{
	return d->resolver_failed;
}

const struct finding *
diagnosis_resolver(const struct diagnosis *d)
{
	return d->resolver_failed ? &d->resolver_finding : NULL;
}

bool
diagnosis_incomplete(const struct diagnosis *d)
{
	if (d->resolver_failed)
		return false;
	for (int c = 0; c < CHECK__COUNT; c++)
		if (d->started[c] && !d->report[c])
			return true;
	return false;
}

void
diagnosis_stats(const struct diagnosis *d, struct check_stats *out)
{
	memset(out, 0, sizeof *out);
	for (int c = 0; c <= CHECK__COUNT; c++) {
		struct check_stats s;
		if (c == DIAGNOSIS_RESOLVER && d->resolver && d->resolver_done)
			resolver_probe_stats(d->resolver, &s);
		else if (c < CHECK__COUNT && d->report[c])
			check_get(c)->stats(d->report[c], &s);
		else
			continue;
		if (!out->resolver)
			out->resolver = s.resolver;
		out->queries += s.queries;
		out->answered += s.answered;
		out->max_in_flight += s.max_in_flight;
		if (s.elapsed_ms > out->elapsed_ms)
			out->elapsed_ms = s.elapsed_ms;
	}
}

void
diagnosis_subject(const struct diagnosis *d, const struct diagnosis_item *it, struct check_subject *out)
{
	if (it->check == DIAGNOSIS_RESOLVER) {
		*out = (struct check_subject){
			.name = d->resolver_finding.name, .verdict = "resolver-failed",
			/* TRANSLATORS: verdict column, keep within 13 characters */
			.label = _("NO RESOLVER"), .tone = SEV_ERROR, .blocks = true, .cache_ttl = -1,
			.findings = &d->resolver_finding, .n_findings = 1,
			.domains = d->names, .n_domains = d->n_names,
		};
		return;
	}
	check_get(it->check)->subject(d->report[it->check], it->subject, out);
}

const struct finding *
diagnosis_finding(const struct diagnosis *d, const struct diagnosis_item *it)
{
	struct check_subject s;
	diagnosis_subject(d, it, &s);
	return &s.findings[it->finding];
}

bool
diagnosis_plan(const struct diagnosis *d, const struct diagnosis_item *it, struct plan_view *out)
{
	if (it->check == DIAGNOSIS_RESOLVER) {
		*out = (struct plan_view){
			.plan = &d->no_change, .owner = d->resolver_finding.name,
			.title = _("Fix: ask through a recursive resolver"), .advice = resolver_advice(),
		};
		return true;
	}
	struct check_subject s;
	diagnosis_subject(d, it, &s);
	int plan = s.findings[it->finding].plan;
	if (plan < 0)
		plan = check_subject_plan(&s);
	return plan >= 0 && check_get(it->check)->plan(d->report[it->check], (size_t)plan, out);
}

int
diagnosis_subject_about(const struct diagnosis *d, enum check_id id, const char *name,
			struct check_subject *out)
{
	const struct check_ops *ops = check_get(id);
	for (size_t i = 0; d->report[id] && i < ops->n_subjects(d->report[id]); i++) {
		ops->subject(d->report[id], i, out);
		if (check_subject_about(out, name))
			return (int)i;
	}
	return -1;
}
