/* A certificate and its hosted zones, read from AWS (see acm_aws.h):
 * DescribeCertificate, then one Route 53 lookup per distinct domain of
 * its names, all at once. A Route 53 problem is a warning (the checks run
 * without the zones); a DescribeCertificate problem is the result. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acm/acm_aws.h"
#include "aws/aws_acm.h"
#include "core/i18n.h"
#include "core/loop.h"
#include "core/strv.h"
#include "core/xalloc.h"

struct fetch_op;

/* One Route 53 lookup: which fetch, and its handle while it runs. */
struct lookup {
	struct fetch_op *op;
	struct aws_op *h;
};

struct fetch_op {
	struct aws_op base;
	struct aws_client *c;
	struct acm_fetched *f;
	bool want_zones;
	struct aws_op *describe;
	struct lookup *lookups;     /* Route 53, one per domain */
	char **domains;
	size_t n_lookups, pending;
	int64_t started_ms;
	acm_fetch_cb cb;
	void *ctx;
};

void
acm_fetched_free(struct acm_fetched *f)
{
	if (!f)
		return;
	free(f->arn);
	if (f->have_cert) {
		acm_route_free(&f->route);
		acm_cert_free(&f->cert);
	}
	for (size_t i = 0; i < f->n_findings; i++)
		finding_clear(&f->findings[i]);
	free(f->findings);
	free(f->zones);
	for (size_t i = 0; i < f->n_raw; i++)
		aws_hosted_zones_clear(&f->raw[i]);
	free(f->raw);
	free(f);
}

static void
op_free(struct fetch_op *op)
{
	aws_op_cancel(op->describe);
	for (size_t i = 0; i < op->n_lookups; i++)
		aws_op_cancel(op->lookups[i].h);
	free(op->lookups);
	strv_free(op->domains, op->n_lookups);
	acm_fetched_free(op->f);
	free(op);
}

static void
op_cancel(struct aws_op *o)
{
	op_free((struct fetch_op *)o);
}

static void
op_done(struct fetch_op *op)
{
	struct acm_fetched *f = op->f;
	op->f = NULL;
	f->elapsed_ms = loop_now_ms() - op->started_ms;
	acm_fetch_cb cb = op->cb;
	void *ctx = op->ctx;
	op_free(op);
	cb(ctx, f);
}

static void
add_aws_finding(struct fetch_op *op, const struct aws_error *e, const char *name, enum severity sev)
{
	struct aws_identity id;
	bool known = aws_client_identity_now(op->c, &id);
	struct finding f;
	acm_aws_finding(&f, e, name, known ? &id : NULL);
	f.severity = sev;
	findings_push(&op->f->findings, &op->f->n_findings, &f);
}

void
acm_zone_query_name(const char *name, char *out, size_t outlen)
{
	const char *n = !strncmp(name, "*.", 2) ? name + 2 : name;
	size_t len = strlen(n);
	/* the last two labels: from the third dot from the end */
	int dots = 0;
	const char *start = n;
	for (size_t i = len; i-- > 0;)
		if (n[i] == '.' && i + 1 < len && ++dots == 2) {
			start = n + i + 1;
			break;
		}
	snprintf(out, outlen, "%s", start);
}

static void
on_zones(void *ctx, const struct aws_hosted_zones *z, const struct aws_error *err)
{
	struct lookup *lk = ctx;
	struct fetch_op *op = lk->op;
	struct acm_fetched *f = op->f;
	lk->h = NULL;           /* it frees itself after this callback */
	op->pending--;
	if (err) {
		add_aws_finding(op, err, f->cert.domain_name, SEV_WARNING);
	} else {
		/* take the zones over: a shallow move of the arrays */
		f->raw = xrealloc(f->raw, (f->n_raw + 1) * sizeof *f->raw);
		struct aws_hosted_zones *mine = &f->raw[f->n_raw++];
		mine->n = z->n;
		mine->v = xcalloc(z->n + 1, sizeof *mine->v);
		for (size_t i = 0; i < z->n; i++) {
			mine->v[i].id = xstrdup(z->v[i].id);
			mine->v[i].name = xstrdup(z->v[i].name);
			mine->v[i].private_zone = z->v[i].private_zone;
			for (size_t n = 0; n < z->v[i].n_ns; n++)
				strv_push(&mine->v[i].ns, &mine->v[i].n_ns, z->v[i].ns[n]);
		}
	}
	if (op->pending)
		return;
	for (size_t r = 0; r < f->n_raw; r++)
		for (size_t i = 0; i < f->raw[r].n; i++) {
			const struct aws_hosted_zone *hz = &f->raw[r].v[i];
			if (hz->private_zone)
				continue;
			f->zones = xrealloc(f->zones, (f->n_zones + 1) * sizeof *f->zones);
			f->zones[f->n_zones++] = (struct check_hosted_zone){
				.id = hz->id, .name = hz->name, .ns = (const char *const *)hz->ns,
				.n_ns = hz->n_ns, .provider = "route53" };
		}
	op_done(op);
}

static void
add_domain(struct fetch_op *op, const char *name)
{
	char d[300];
	acm_zone_query_name(name, d, sizeof d);
	for (size_t i = 0; i < op->n_lookups; i++)
		if (!strcmp(op->domains[i], d))
			return;
	size_t n = op->n_lookups;
	strv_push(&op->domains, &n, d);
	op->n_lookups++;
}

static void
ask_zones(struct fetch_op *op)
{
	const struct acm_route *rt = &op->f->route;
	bool probes = rt->n_cname_records > 0;
	for (size_t i = 0; i < rt->n_names; i++)
		probes |= (rt->names[i].checks & ACM_CHECK_CAA) != 0;
	if (!op->want_zones || !probes) {
		op_done(op);
		return;
	}
	for (size_t i = 0; i < rt->n_names; i++)
		add_domain(op, rt->names[i].name);
	for (size_t i = 0; i < rt->n_cname_records; i++)
		add_domain(op, op->f->cert.records[rt->cname_records[i]].name);
	op->pending = op->n_lookups;
	op->lookups = xcalloc(op->n_lookups, sizeof *op->lookups);
	for (size_t i = 0; i < op->n_lookups; i++) {
		op->lookups[i].op = op;
		op->lookups[i].h = aws_route53_zones(op->c, op->domains[i], on_zones, &op->lookups[i]);
	}
}

static void
on_describe(void *ctx, const char *body, size_t len, const struct aws_error *err)
{
	struct fetch_op *op = ctx;
	struct acm_fetched *f = op->f;
	op->describe = NULL;
	if (err) {
		add_aws_finding(op, err, f->arn, SEV_ERROR);
		op_done(op);
		return;
	}
	char why[600];
	if (!acm_cert_parse(body, len, &f->cert, why, sizeof why)) {
		struct aws_error e;
		memset(&e, 0, sizeof e);
		snprintf(e.action, sizeof e.action, "acm:DescribeCertificate");
		aws_error_set(&e, AWS_ERR_BAD_RESPONSE, _("ACM answered a certificate acm-doctor cannot read: %s"), why);
		add_aws_finding(op, &e, f->arn, SEV_ERROR);
		op_done(op);
		return;
	}
	struct acm_psl *psl = acm_psl_load(ACM_PSL_DEFAULT_PATH, why, sizeof why);
	bool routed = acm_route(&f->cert, (int64_t)time(NULL), psl, &f->route, why, sizeof why);
	acm_psl_free(psl);
	if (!routed) {
		acm_cert_free(&f->cert);
		struct aws_error e;
		memset(&e, 0, sizeof e);
		aws_error_set(&e, AWS_ERR_BAD_RESPONSE, "%s", why);
		add_aws_finding(op, &e, f->arn, SEV_ERROR);
		op_done(op);
		return;
	}
	f->have_cert = true;
	ask_zones(op);
}

struct aws_op *
acm_fetch_cert(struct aws_client *c, const char *arn, bool zones, acm_fetch_cb cb, void *ctx)
{
	struct fetch_op *op = xcalloc(1, sizeof *op);
	op->base.cancel = op_cancel;
	op->c = c;
	op->want_zones = zones;
	op->cb = cb;
	op->ctx = ctx;
	op->started_ms = loop_now_ms();
	op->f = xcalloc(1, sizeof *op->f);
	op->f->arn = xstrdup(arn);
	op->describe = aws_acm_describe(c, arn, on_describe, op);
	return &op->base;
}
