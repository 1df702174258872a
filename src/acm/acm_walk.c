/* ListCertificates over regions (see acm_walk.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acm/acm_aws.h"
#include "acm/acm_walk.h"
#include "aws/aws_acm.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"

static const char *const statuses[] = { "PENDING_VALIDATION", "FAILED", "VALIDATION_TIMED_OUT", "ISSUED" };

struct walk;

struct region_job {
	struct walk *w;
	char *region;
	struct aws_op *op;
	bool done, ok;
	struct aws_error err;
};

struct walk {
	struct aws_op base;
	struct aws_client *c;
	struct region_job *jobs;
	size_t n_jobs, next, running;
	int64_t now;
	struct acm_walk_result res;
	acm_walk_cb cb;
	void *ctx;
};

void
acm_walk_result_free(struct acm_walk_result *r)
{
	acm_list_free(&r->found);
	for (size_t i = 0; i < r->n_findings; i++)
		finding_clear(&r->findings[i]);
	free(r->findings);
	memset(r, 0, sizeof *r);
}

static void
walk_free(struct walk *w)
{
	for (size_t i = 0; i < w->n_jobs; i++) {
		aws_op_cancel(w->jobs[i].op);
		free(w->jobs[i].region);
	}
	free(w->jobs);
	acm_walk_result_free(&w->res);
	free(w);
}

static void
walk_cancel(struct aws_op *o)
{
	walk_free((struct walk *)o);
}

/* Is this refusal what a region not enabled for the account answers? */
static bool
not_enabled(const struct aws_error *e)
{
	return e->kind == AWS_ERR_INVALID_KEY || e->kind == AWS_ERR_REGION;
}

/* How a failed region is reported: kinds apart, and refusals that mean
 * "not enabled" (when other regions answered) apart from real errors. */
static int
group_of(const struct walk *w, const struct region_job *j)
{
	return (int)j->err.kind * 2 + (w->res.regions_ok > 0 && not_enabled(&j->err));
}

static void
region_finding(struct walk *w, size_t first, struct finding *f)
{
	const struct region_job *j = &w->jobs[first];
	int g = group_of(w, j);
	struct strbuf regions;
	sb_init_limit(&regions, 2000);
	size_t count = 0;
	for (size_t k = first; k < w->n_jobs; k++)
		if (!w->jobs[k].ok && group_of(w, &w->jobs[k]) == g)
			sb_addf(&regions, "%s%s", count++ ? ", " : "", w->jobs[k].region);
	if (g % 2) {
		finding_init(f, F_AWS_WRONG_REGION, regions.buf);
		f->severity = SEV_INFO;
		finding_set_message(f, ngettext("%zu region did not accept the credentials (%s): an opt-in region not enabled for the account; its certificates, if any, were not read.",
						"%zu regions did not accept the credentials (%s): opt-in regions not enabled for the account; their certificates, if any, were not read.",
						count), count, regions.buf);
	} else {
		struct aws_identity id;
		bool known = aws_client_identity_now(w->c, &id);
		acm_aws_finding(f, &j->err, regions.buf, known ? &id : NULL);
	}
	sb_free(&regions);
}

/* One finding per group of failures, naming every region it hit. */
static void
summarise(struct walk *w)
{
	for (size_t i = 0; i < w->n_jobs; i++) {
		if (w->jobs[i].ok)
			continue;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = !w->jobs[k].ok && group_of(w, &w->jobs[k]) == group_of(w, &w->jobs[i]);
		if (seen)
			continue;
		struct finding f;
		region_finding(w, i, &f);
		findings_push(&w->res.findings, &w->res.n_findings, &f);
	}
}

static void start_more(struct walk *w);

static void
walk_done(struct walk *w)
{
	summarise(w);
	acm_list_attention(&w->res.found, w->now, ACM_EXPIRING_SOON_S);
	struct acm_walk_result *r = xmalloc(sizeof *r);
	*r = w->res;
	memset(&w->res, 0, sizeof w->res);
	acm_walk_cb cb = w->cb;
	void *ctx = w->ctx;
	walk_free(w);
	cb(ctx, r);
}

static void
on_list(void *ctx, const char *body, size_t len, const struct aws_error *err)
{
	struct region_job *j = ctx;
	struct walk *w = j->w;
	j->op = NULL;
	j->done = true;
	w->running--;
	if (err) {
		j->err = *err;
		w->res.regions_failed++;
	} else {
		struct acm_list l;
		char why[300];
		if (acm_list_parse(body, len, &l, why, sizeof why)) {
			acm_list_take(&w->res.found, &l);
			j->ok = true;
			w->res.regions_ok++;
		} else {
			aws_error_set(&j->err, AWS_ERR_BAD_RESPONSE, _("ListCertificates answered a list that cannot be read: %s"), why);
			snprintf(j->err.where, sizeof j->err.where, "acm:ListCertificates in %s", j->region);
			w->res.regions_failed++;
		}
	}
	start_more(w);
}

static void
start_more(struct walk *w)
{
	while (w->next < w->n_jobs && w->running < ACM_WALK_PARALLEL) {
		struct region_job *j = &w->jobs[w->next++];
		w->running++;
		j->op = aws_acm_list(w->c, j->region, statuses, sizeof statuses / sizeof *statuses, on_list, j);
	}
	if (!w->running && w->next >= w->n_jobs)
		walk_done(w);
}

struct aws_op *
acm_walk(struct aws_client *c, char *const *regions, size_t n_regions, int64_t now,
	 acm_walk_cb cb, void *ctx)
{
	struct walk *w = xcalloc(1, sizeof *w);
	w->base.cancel = walk_cancel;
	w->c = c;
	w->now = now;
	w->cb = cb;
	w->ctx = ctx;
	w->jobs = xcalloc(n_regions + 1, sizeof *w->jobs);
	w->n_jobs = n_regions;
	for (size_t i = 0; i < n_regions; i++) {
		w->jobs[i].w = w;
		w->jobs[i].region = xstrdup(regions[i]);
	}
	/* n_regions >= 1: the list calls call back from the loop, so the
	 * walk never finishes inside this call. */
	start_more(w);
	return &w->base;
}
