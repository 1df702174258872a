#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
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

static void
on_event(void *ctx, const struct probe_event *ev)
{
	struct diag *d = ctx;
	struct probe_line *p = NULL;
	for (size_t i = 0; i < d->n_probes; i++)
		if (d->probes[i].id == ev->id)
			p = &d->probes[i];
	if (!p) {
		/* In id order: each check's lines together, in the order it
		 * sent them, whatever order the answers of the checks running
		 * side by side come in. */
		d->probes = xgrow(d->probes, &d->alloc, d->n_probes + 1, sizeof *d->probes);
		size_t at = d->n_probes;
		while (at > 0 && d->probes[at - 1].id > ev->id)
			at--;
		memmove(&d->probes[at + 1], &d->probes[at], (d->n_probes - at) * sizeof *d->probes);
		d->n_probes++;
		p = &d->probes[at];
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

void
diag_add_apigw(struct diag *d, const char *name, const char *path, const struct apigw_domain *dom,
	       bool only_if_https)
{
	d->apigw = xrealloc(d->apigw, (d->n_apigw + 1) * sizeof *d->apigw);
	struct apigw_domain *copy = NULL;
	if (dom) {
		copy = xcalloc(1, sizeof *copy);
		apigw_domain_copy(copy, dom);
	}
	d->apigw[d->n_apigw++] = (struct apigw_target){
		.name = xstrdup(name), .path = path ? xstrdup(path) : NULL, .domain = copy,
		.only_if_https = only_if_https,
	};
}

const struct apigw_report *
diag_apigw(const struct diag *d)
{
	return d ? d->run.report[CHECK_apigw] : NULL;
}

const struct caa_report *
diag_caa(const struct diag *d)
{
	return d ? d->run.report[CHECK_caa] : NULL;
}

const struct cname_report *
diag_cname(const struct diag *d)
{
	return d ? d->run.report[CHECK_cname] : NULL;
}

const struct finding *
diag_finding(const struct diag *d, const struct diagnosis_item *it)
{
	return diagnosis_finding(&d->run, it);
}

const char *
diag_item_name(const struct diag *d, const struct diagnosis_item *it)
{
	struct check_subject s;
	diagnosis_subject(&d->run, it, &s);
	return s.name;
}

bool
diag_item_about(const struct diag *d, const struct diagnosis_item *it, const char *name)
{
	struct check_subject s;
	diagnosis_subject(&d->run, it, &s);
	return check_subject_about(&s, name);
}

const struct caa_target *
diag_caa_of(const struct diag *d, const char *name)
{
	struct check_subject s;
	int i = d ? diagnosis_subject_about(&d->run, CHECK_caa, name, &s) : -1;
	return i < 0 ? NULL : &diag_caa(d)->targets[i];
}

const struct cname_result *
diag_cname_of(const struct diag *d, const char *name)
{
	struct check_subject s;
	int i = d ? diagnosis_subject_about(&d->run, CHECK_cname, name, &s) : -1;
	return i < 0 ? NULL : &diag_cname(d)->results[i];
}

bool
diag_plan_view(const struct diag *d, const struct diagnosis_item *it, struct plan_view *out)
{
	if (it)
		return diagnosis_plan(&d->run, it, out);
	/* No finding chosen: the first fix there is. */
	for (int c = 0; c < CHECK__COUNT; c++) {
		const struct check_ops *ops = check_get(c);
		const void *rep = d->run.report[c];
		for (size_t p = 0; rep && p < ops->n_plans(rep); p++)
			if (ops->plan(rep, p, out))
				return true;
	}
	return false;
}

static void
on_done(void *ctx)
{
	struct diag *d = ctx;
	d->items = d->run.items;
	d->n_items = d->run.n_items;
	if (d->changed)
		d->changed(d->ctx);
}

static void
forget(struct diag *d)
{
	diagnosis_clear(&d->run);
	d->items = NULL;
	d->n_items = 0;
	probes_clear(d);
	d->error[0] = '\0';
}

int
diag_start(struct diag *d, struct loop *loop, struct dns_client *dns)
{
	forget(d);
	d->in = (struct check_input){
		.names = (const char *const *)d->names, .n_names = d->n_names,
		.records = d->records, .n_records = d->n_records,
		.edited_ns = (const char *const *)d->edited_ns, .n_edited_ns = d->n_edited_ns,
		.apigw = d->apigw, .n_apigw = d->n_apigw, .ca_file = d->ca_file,
	};
	d->runs++;
	d->started_ms = loop_now_ms();
	if (diagnosis_start(&d->run, loop, dns, &d->in, d->only, on_event, d, on_done, d) < 0) {
		memcpy(d->error, d->run.error, sizeof d->error);
		return -1;
	}
	return 0;
}

bool
diag_running(const struct diag *d)
{
	return d && diagnosis_running(&d->run);
}

bool
diag_finished(const struct diag *d)
{
	return d && diagnosis_finished(&d->run);
}

/* Every certificate name some subject is about, once. */
static size_t
subject_names(const struct diag *d, const char ***out)
{
	size_t n = 0, alloc = 0;
	*out = NULL;
	for (int c = 0; c < CHECK__COUNT; c++) {
		const struct check_ops *ops = check_get(c);
		const void *rep = d->run.report[c];
		for (size_t i = 0; rep && i < ops->n_subjects(rep); i++) {
			struct check_subject s;
			ops->subject(rep, i, &s);
			for (size_t k = 0; k < s.n_domains; k++) {
				bool seen = false;
				for (size_t j = 0; j < n && !seen; j++)
					seen = !strcmp((*out)[j], s.domains[k]);
				if (seen)
					continue;
				*out = xgrow(*out, &alloc, n + 1, sizeof **out);
				(*out)[n++] = s.domains[k];
			}
		}
	}
	return n;
}

int
diag_blocking(const struct diag *d)
{
	const char **names;
	size_t n = subject_names(d, &names);
	int blocked = 0;
	for (size_t i = 0; i < n; i++) {
		bool bad = false;
		for (int c = 0; c < CHECK__COUNT && !bad; c++) {
			struct check_subject s;
			bad = diagnosis_subject_about(&d->run, c, names[i], &s) >= 0 && s.tone != SEV_INFO;
		}
		blocked += bad;
	}
	free(names);
	return blocked;
}

int64_t
diag_cache_left(const struct diag *d)
{
	int64_t left = -1;
	for (int c = 0; c < CHECK__COUNT; c++) {
		const struct check_ops *ops = check_get(c);
		const void *rep = d->run.report[c];
		for (size_t i = 0; rep && i < ops->n_subjects(rep); i++) {
			struct check_subject s;
			ops->subject(rep, i, &s);
			if (s.tone != SEV_INFO && s.cache_ttl > left)
				left = s.cache_ttl;
		}
	}
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
	for (size_t i = 0; i < d->n_apigw; i++) {
		free((char *)d->apigw[i].name);
		free((char *)d->apigw[i].path);
		if (d->apigw[i].domain) {
			apigw_domain_free((struct apigw_domain *)d->apigw[i].domain);
			free((struct apigw_domain *)d->apigw[i].domain);
		}
	}
	free(d->apigw);
	for (size_t i = 0; i < d->n_names; i++)
		free(d->names[i]);
	free(d->names);
	free(d);
}
