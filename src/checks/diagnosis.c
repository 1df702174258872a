/* Running the checks of one diagnosis together (checks/diagnosis.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/diagnosis.h"
#include "core/i18n.h"
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
 * and the order must be stable). */
static void
collect_items(struct diagnosis *d)
{
	size_t n = 0, alloc = 0;
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

static void
on_check_done(void *ctx, void *report)
{
	struct diagnosis_slot *s = ctx;
	struct diagnosis *d = s->d;
	d->running[s->id] = NULL;
	d->report[s->id] = report;
	if (diagnosis_running(d))
		return;
	collect_items(d);
	if (d->done)
		d->done(d->ctx);
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
	/* Every check starts before any can finish: the callbacks come from
	 * the loop, so on_check_done sees the others pending until all are in. */
	for (int c = 0; c < CHECK__COUNT; c++) {
		const struct check_ops *ops = check_get(c);
		if ((only && !(only & (1u << c))) || !ops->applies(in))
			continue;
		d->slot[c] = (struct diagnosis_slot){ d, (enum check_id)c };
		d->running[c] = ops->start(loop, dns, in, on_check_event, &d->slot[c], on_check_done,
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
	for (int c = 0; c < CHECK__COUNT; c++) {
		const struct check_ops *ops = check_get(c);
		if (d->running[c])
			ops->cancel(d->running[c]);
		if (d->report[c])
			ops->report_free(d->report[c]);
		d->running[c] = d->report[c] = NULL;
		d->started[c] = false;
	}
	free(d->items);
	d->items = NULL;
	d->n_items = 0;
	d->error[0] = '\0';
}

bool
diagnosis_running(const struct diagnosis *d)
{
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
	for (int c = 0; c < CHECK__COUNT; c++)
		if (d->report[c])
			return true;
	return false;
}

bool
diagnosis_incomplete(const struct diagnosis *d)
{
	for (int c = 0; c < CHECK__COUNT; c++)
		if (d->started[c] && !d->report[c])
			return true;
	return false;
}

void
diagnosis_stats(const struct diagnosis *d, struct check_stats *out)
{
	memset(out, 0, sizeof *out);
	for (int c = 0; c < CHECK__COUNT; c++) {
		if (!d->report[c])
			continue;
		struct check_stats s;
		check_get(c)->stats(d->report[c], &s);
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
