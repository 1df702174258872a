/* `check --arn`, `check --pending` and list-certificates input: read the
 * certificates from ACM (their hosted zones from Route 53), diagnose each
 * on the one loop, and with --wait do it again every interval until every
 * one is issued or the time is up. The report and exit status are those
 * of the last round: the gate a deploy pipeline waits on. */
#include "config.h"

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "acm/acm_aws.h"
#include "acm/acm_input.h"
#include "acm/acm_walk.h"
#include "aws/aws_acm.h"
#include "checks/diagnosis.h"
#include "cli/cli.h"
#include "cli/cli_aws.h"
#include "cli/cli_int.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "net/dns_client.h"
#include "report/report.h"

#define FETCH_PARALLEL 4

struct runner;

struct cert_run {
	struct runner *r;
	char *arn;
	struct acm_fetched *f;          /* the latest read */
	struct acm_fetched *zf;         /* the first read: it brought the hosted zones */
	struct acm_input in;
	struct email_name_spec *emails; /* the names validated by email */
	size_t n_emails;
	struct check_input cin;
	struct diagnosis diag;
	struct aws_op *op;
	struct finding *extra;          /* about the certificate: expiring soon */
	size_t n_extra;
	bool busy;                      /* still being read or probed this round */
};

struct runner {
	const struct cli_aws_opts *o;
	const struct cli_common *cm;
	struct loop *loop;
	struct dns_client *dns;
	struct aws_client *client;
	struct cert_run *certs;
	size_t n_certs, next, running, left;
	struct aws_op *walk;
	struct aws_call *identity;      /* --pending waiting for a region (IMDS) */
	struct finding *findings;       /* about the run, not one certificate */
	size_t n_findings;
	int rounds;
	int64_t started_ms;
	uint64_t timer;
	bool multi;                     /* several certificates: the runs report */
	bool done;
	int code;
};

static void round_start(struct runner *r);
static void round_begin(struct runner *r);
static void report_and_exit(struct runner *r);

/* ---- one certificate ---- */

static bool
issued(const struct cert_run *cr)
{
	return cr->f && cr->f->have_cert && cr->f->cert.status == ACM_ST_ISSUED;
}

/* No point in waiting: issued, or a state ACM never leaves, or unreadable. */
static bool
settled(const struct cert_run *cr)
{
	if (!cr->f || !cr->f->have_cert)
		return true;
	enum acm_status s = cr->f->cert.status;
	return s != ACM_ST_PENDING_VALIDATION && s != ACM_ST_UNKNOWN;
}

static void
cert_round_done(struct cert_run *cr)
{
	struct runner *r = cr->r;
	cr->busy = false;
	if (--r->left == 0)
		round_start(r);         /* or the end: round_start decides */
}

static void
on_diagnosis(void *ctx)
{
	struct cert_run *cr = ctx;
	/* what the probes add to what ACM says (ACM_CAA_ERROR_RESOLVED) */
	acm_route_probed(&cr->f->route, &cr->f->cert, &cr->diag);
	cert_round_done(cr);
}

static void
expiring_note(struct cert_run *cr)
{
	const struct acm_cert *c = &cr->f->cert;
	int64_t now = (int64_t)time(NULL);
	for (size_t i = 0; i < cr->n_extra; i++)
		finding_clear(&cr->extra[i]);
	free(cr->extra);
	cr->extra = NULL;
	cr->n_extra = 0;
	if (c->status != ACM_ST_ISSUED || c->not_after == ACM_TIME_NONE || c->not_after - now >= ACM_EXPIRING_SOON_S)
		return;
	char left[32];
	acm_duration_text(c->not_after - now, left, sizeof left);
	struct finding f;
	finding_init(&f, F_ACM_EXPIRING_SOON, c->domain_name);
	if (c->type && !strcmp(c->type, "IMPORTED"))
		finding_set_message(&f, _("The certificate expires in %s and was imported: ACM never renews it. Import a renewed certificate into the same ARN before then."), left);
	else
		finding_set_message(&f, _("The certificate expires in %s, and ACM renews its own 60 days ahead: its renewal is stuck. See the renewal finding above, fix its cause, and ACM renews it by itself."), left);
	findings_push(&cr->extra, &cr->n_extra, &f);
}

/* --region that is not the ARN's: said, since the ARN's region is used. */
static void
region_note(struct cert_run *cr)
{
	const struct cli_aws_opts *o = cr->r->o;
	char region[64];
	if (o->n_regions != 1 || !aws_acm_arn_parse(cr->arn, region, sizeof region) || !strcmp(region, o->regions[0]))
		return;
	struct finding f;
	finding_init(&f, F_AWS_WRONG_REGION, cr->f->cert.domain_name);
	f.severity = SEV_WARNING;
	finding_set_message(&f, _("The certificate is in %s (its ARN says so), not in --region %s; it was read there. A certificate for CloudFront or an edge-optimized API Gateway name must be in us-east-1, one for a regional API or a load balancer in that resource's region."),
			    region, o->regions[0]);
	findings_push(&cr->extra, &cr->n_extra, &f);
}

static void
diagnose(struct cert_run *cr)
{
	struct runner *r = cr->r;
	const struct cli_common *cm = r->cm;
	acm_input_free(&cr->in);
	acm_input_from_route(&cr->in, &cr->f->cert, &cr->f->route, !cm->only || !strcmp(cm->only, "caa"),
			     !cm->only || !strcmp(cm->only, "cname"));
	cr->cin = (struct check_input){
		.edited_ns = (const char *const *)cm->edited_ns, .n_edited_ns = cm->n_edited_ns,
		.ca = cm->ca, .provider = cm->provider && strcmp(cm->provider, "all") ? cm->provider : NULL,
		.timeout_ms = cm->timeout_ms,
		.hosted_zones = cr->zf ? cr->zf->zones : NULL, .n_hosted_zones = cr->zf ? cr->zf->n_zones : 0,
	};
	acm_input_checks(&cr->in, &cr->cin);
	/* Names validated by email get the email check, as with --certificate. */
	free(cr->emails);
	cr->emails = NULL;
	cr->n_emails = 0;
	if (!cm->only || !strcmp(cm->only, "email"))
		cr->n_emails = cli_emails_of_certificate(&cr->f->cert, &cr->f->route, &cr->in, &cr->emails);
	cr->cin.email_names = cr->emails;
	cr->cin.n_email_names = cr->n_emails;
	cr->cin.rdap_bootstrap = cm->rdap_bootstrap;
	cr->cin.https_ca_file = cm->https_ca_file;
	cr->cin.smtp_timeout_ms = cm->smtp_timeout_ms;
	cr->cin.cert_arn = cli_email_cert_arn(&cr->f->cert);
	expiring_note(cr);
	region_note(cr);
	const struct check_ops *only = cm->only ? check_by_name(cm->only) : NULL;
	if (diagnosis_start(&cr->diag, r->loop, r->dns, &cr->cin, only ? 1u << only->id : 0,
			    NULL, NULL, on_diagnosis, cr) < 0) {
		fprintf(stderr, "acm-doctor: %s\n", cr->diag.error);
		r->code = EXIT_USAGE;
	}
	if (!diagnosis_running(&cr->diag))
		cert_round_done(cr);    /* nothing to probe: what ACM says is the diagnosis */
}

static void start_fetches(struct runner *r);

static void
on_fetched(void *ctx, struct acm_fetched *f)
{
	struct cert_run *cr = ctx;
	struct runner *r = cr->r;
	cr->op = NULL;
	r->running--;
	if (cr->f != cr->zf)
		acm_fetched_free(cr->f);
	cr->f = f;
	if (!cr->zf)
		cr->zf = f;
	start_fetches(r);
	if (f->have_cert)
		diagnose(cr);
	else
		cert_round_done(cr);
}

static void
start_fetches(struct runner *r)
{
	while (r->next < r->n_certs && r->running < FETCH_PARALLEL) {
		struct cert_run *cr = &r->certs[r->next++];
		r->running++;
		bool zones = !r->o->no_route53 && !cr->zf;
		cr->op = acm_fetch_cert(r->client, cr->arn, zones, on_fetched, cr);
	}
}

/* ---- rounds ---- */

static void
progress(struct runner *r, int64_t left_ms)
{
	size_t n_issued = 0;
	struct strbuf sb;
	sb_init_limit(&sb, 4096);
	for (size_t i = 0; i < r->n_certs; i++) {
		const struct cert_run *cr = &r->certs[i];
		if (issued(cr)) {
			n_issued++;
			continue;
		}
		if (!cr->f || !cr->f->have_cert)
			continue;
		sb_addf(&sb, "; %s %s", cr->f->cert.domain_name,
			cr->f->cert.status_text ? cr->f->cert.status_text : "?");
		size_t blocking = 0;
		for (size_t k = 0; k < cr->diag.n_items; k++) {
			const struct finding *fi = diagnosis_finding(&cr->diag, &cr->diag.items[k]);
			if (fi->severity == SEV_ERROR && blocking++ == 0)
				sb_addf(&sb, " (%s", finding_code_name(fi->code));
		}
		if (blocking)
			sb_addf(&sb, ngettext(", %zu blocking finding)", ", %zu blocking findings)", blocking), blocking);
	}
	long long secs = (long long)((loop_now_ms() - r->started_ms) / 1000);
	if (left_ms > 0)
		fprintf(stderr, _("acm-doctor: %lld s: %zu of %zu issued%s; next check in %lld s (%lld s left)\n"),
			secs, n_issued, r->n_certs, sb.buf, (long long)(r->o->interval_ms / 1000),
			(long long)(left_ms / 1000));
	else    /* the last line of a wait: how it ended */
		fprintf(stderr, _("acm-doctor: %lld s: %zu of %zu issued%s; %s\n"), secs, n_issued, r->n_certs,
			sb.buf, n_issued == r->n_certs ? _("done") : _("time is up"));
	sb_free(&sb);
}

static void
round_begin(struct runner *r)
{
	r->rounds++;
	r->next = r->running = 0;
	r->left = r->n_certs;
	for (size_t i = 0; i < r->n_certs; i++)
		r->certs[i].busy = true;
	if (!r->n_certs) {
		report_and_exit(r);
		return;
	}
	start_fetches(r);
}

static void
next_round(void *arg)
{
	struct runner *r = arg;
	r->timer = 0;
	loop_release(r->loop);
	round_begin(r);
}

/* A round is over: the report, or with --wait another round later. */
static void
round_start(struct runner *r)
{
	if (!r->rounds) {
		round_begin(r);
		return;
	}
	bool all_settled = true;
	for (size_t i = 0; i < r->n_certs; i++)
		all_settled &= settled(&r->certs[i]);
	int64_t left = r->o->wait_ms - (loop_now_ms() - r->started_ms);
	if (!r->o->wait_ms || all_settled || left <= 0) {
		if (r->o->wait_ms)
			progress(r, 0);
		report_and_exit(r);
		return;
	}
	progress(r, left);
	loop_hold(r->loop);
	r->timer = loop_timer_add(r->loop, left < r->o->interval_ms ? left : r->o->interval_ms, next_round, r);
}

static void
add_cert(struct runner *r, const char *arn)
{
	r->certs = xrealloc(r->certs, (r->n_certs + 1) * sizeof *r->certs);
	struct cert_run *cr = &r->certs[r->n_certs++];
	memset(cr, 0, sizeof *cr);
	cr->r = r;
	cr->arn = xstrdup(arn);
}

static void
on_walk(void *ctx, struct acm_walk_result *w)
{
	struct runner *r = ctx;
	r->walk = NULL;
	for (size_t i = 0; i < w->found.n; i++)
		add_cert(r, w->found.v[i].arn);
	for (size_t i = 0; i < w->n_findings; i++)
		findings_push(&r->findings, &r->n_findings, &w->findings[i]);
	free(w->findings);
	w->findings = NULL;
	w->n_findings = 0;
	acm_walk_result_free(w);
	free(w);
	round_start(r);
}

/* ---- the report ---- */

static bool
want_color(void)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	return !(nc && *nc) && term && strcmp(term, "dumb") && isatty(STDOUT_FILENO);
}

/* The exit status of the last round (see check --help). */
static int
exit_status(struct runner *r, const struct run_report *runs)
{
	int code = r->code;
	for (size_t i = 0; i < r->n_findings; i++)
		if (r->findings[i].severity == SEV_ERROR && code < EXIT_USAGE)
			code = EXIT_USAGE;      /* a region could not be read: nothing can be promised */
	for (size_t i = 0; i < r->n_certs; i++) {
		const struct cert_run *cr = &r->certs[i];
		struct check_stats st;
		diagnosis_stats(&cr->diag, &st);
		int verdict = runs[i].cert ? report_run_exit_on(&runs[i], r->o->fail_on) : 2;
		if (verdict == 2) {
			code = EXIT_USAGE;      /* unread, or the resolver is not one (RESOLVER_FAILED) */
		} else if (st.queries && !st.answered) {
			fprintf(stderr, "acm-doctor: ");
			fprintf(stderr, _("the resolver %s did not answer any query; check --resolver or your network"),
				st.resolver ? st.resolver : "?");
			fputc('\n', stderr);
			code = EXIT_USAGE;
		} else if (code < EXIT_BLOCKED && (verdict || (r->o->wait_ms && !issued(cr)))) {
			code = EXIT_BLOCKED;
		}
	}
	return code;
}

static void
fill_aws(struct runner *r, struct run_aws *a)
{
	struct aws_identity id;
	memset(a, 0, sizeof *a);
	if (aws_client_identity_now(r->client, &id)) {
		a->credentials = aws_cred_source_name(id.source);
		a->credentials_text = aws_cred_source_text(id.source);
		a->credentials_detail = id.detail;
	}
	a->region = r->o->region_arg ? r->o->region_arg : aws_client_region(r->client);
	a->findings = r->findings;
	a->n_findings = r->n_findings;
	aws_client_stats(r->client, &a->stats);
	a->elapsed_ms = loop_now_ms() - r->started_ms;
}

static void
print_report(struct runner *r, struct run_report *runs, const struct run_aws *aws)
{
	struct report_opts ro = { .color = !r->cm->json && want_color(), .provider = r->cm->provider,
				  .utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8") };
	if (r->multi && r->cm->json) {
		char *js = report_runs_json(runs, r->n_certs, aws, &ro);
		puts(js);
		free(js);
	} else if (r->multi) {
		report_runs_text(stdout, runs, r->n_certs, aws, &ro);
	} else if (r->cm->json) {
		runs[0].aws = aws;
		char *js = report_run_json(&runs[0], &ro);
		puts(js);
		free(js);
	} else {
		runs[0].aws = aws;
		report_run_text(stdout, &runs[0], &ro);
	}
}

static void
report_and_exit(struct runner *r)
{
	struct run_report *runs = xcalloc(r->n_certs + 1, sizeof *runs);
	struct finding **merged = xcalloc(r->n_certs + 1, sizeof *merged);
	for (size_t i = 0; i < r->n_certs; i++) {
		const struct cert_run *cr = &r->certs[i];
		const struct acm_fetched *f = cr->f;
		/* AWS's findings, then ours about the certificate (shallow copies) */
		size_t n = (f ? f->n_findings : 0) + cr->n_extra;
		merged[i] = xcalloc(n + 1, sizeof **merged);
		if (f && f->n_findings)
			memcpy(merged[i], f->findings, f->n_findings * sizeof **merged);
		if (cr->n_extra)
			memcpy(merged[i] + (f ? f->n_findings : 0), cr->extra, cr->n_extra * sizeof **merged);
		runs[i] = (struct run_report){
			.cert = f && f->have_cert ? &f->cert : NULL, .route = f && f->have_cert ? &f->route : NULL,
			.diag = &cr->diag, .names = cr->in.names, .n_names = cr->in.n_names,
			.arn = cr->arn, .aws_findings = merged[i], .n_aws_findings = n,
		};
	}
	struct run_aws aws;
	fill_aws(r, &aws);
	if (!r->multi && !r->n_certs) {
		/* nothing to show: only the run's findings */
		r->multi = true;
	}
	print_report(r, runs, &aws);
	r->code = exit_status(r, runs);
	for (size_t i = 0; i < r->n_certs; i++)
		free(merged[i]);
	free(merged);
	free(runs);
	r->done = true;
}

/* ---- setting up ---- */

static int
regions_for_pending(struct runner *r, char ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (r->o->n_regions) {
		for (size_t i = 0; i < r->o->n_regions; i++)
			strv_push(out, n, r->o->regions[i]);
		return 0;
	}
	const char *reg = aws_client_region(r->client);
	if (!reg) {
		fprintf(stderr, "%s\n", _("acm-doctor: --pending needs a region: --region R (or all), AWS_REGION, or region in the profile"));
		return -1;
	}
	strv_push(out, n, reg);
	return 0;
}

static void
runner_free(struct runner *r)
{
	aws_op_cancel(r->walk);
	aws_call_cancel(r->identity);
	for (size_t i = 0; i < r->n_certs; i++) {
		struct cert_run *cr = &r->certs[i];
		aws_op_cancel(cr->op);
		diagnosis_clear(&cr->diag);
		acm_input_free(&cr->in);
		free(cr->emails);
		if (cr->f != cr->zf)
			acm_fetched_free(cr->f);
		acm_fetched_free(cr->zf);
		for (size_t k = 0; k < cr->n_extra; k++)
			finding_clear(&cr->extra[k]);
		free(cr->extra);
		free(cr->arn);
	}
	free(r->certs);
	for (size_t i = 0; i < r->n_findings; i++)
		finding_clear(&r->findings[i]);
	free(r->findings);
	if (r->timer)
		loop_timer_cancel(r->loop, r->timer);
	aws_client_free(r->client);
	dns_client_free(r->dns);
}

static int
walk_regions(struct runner *r)
{
	char **regions;
	size_t n;
	if (regions_for_pending(r, &regions, &n) < 0)
		return -1;
	r->walk = acm_walk(r->client, regions, n, (int64_t)time(NULL), on_walk, r);
	strv_free(regions, n);
	return 0;
}

/* --pending with no region configured: the instance's (IMDS) may be known
 * once the credentials are. */
static void
on_identity(void *ctx, const struct aws_identity *id, const struct aws_error *err)
{
	struct runner *r = ctx;
	(void)id;
	r->identity = NULL;
	if (err) {
		/* no credentials: the run's finding, as a failed walk would say */
		struct finding f;
		acm_aws_finding(&f, err, "credentials", NULL);
		findings_push(&r->findings, &r->n_findings, &f);
		report_and_exit(r);
		return;
	}
	if (walk_regions(r) < 0) {
		r->code = EXIT_USAGE;
		r->done = true;
	}
}

static int
start(struct runner *r, struct acm_list *list)
{
	const struct cli_aws_opts *o = r->o;
	if (list) {
		acm_list_attention(list, (int64_t)time(NULL), ACM_EXPIRING_SOON_S);
		for (size_t i = 0; i < list->n; i++)
			add_cert(r, list->v[i].arn);
		r->multi = true;
	} else if (o->pending) {
		r->multi = true;
		if (!o->n_regions && !aws_client_region(r->client)) {
			r->identity = aws_client_identity(r->client, on_identity, r);
			return 0;
		}
		return walk_regions(r);
	} else {
		for (size_t i = 0; i < o->n_arns; i++)
			add_cert(r, o->arns[i]);
		r->multi = o->n_arns > 1;
	}
	round_start(r);
	return 0;
}

int
cli_aws_run(const struct cli_aws_opts *o, const struct cli_common *cm, struct acm_list *list)
{
	struct runner r;
	memset(&r, 0, sizeof r);
	r.o = o;
	r.cm = cm;
	r.started_ms = loop_now_ms();
	char err[512];
	r.loop = loop_new();
	struct dns_client_opts dopts = { .servers = cm->resolver, .recurse = true,
					 .timeout_ms = cm->timeout_ms, .tries = 2 };
	struct aws_client_opts ao = { .profile = o->profile,
				      .region = o->n_regions == 1 ? o->regions[0] : NULL };
	int code = EXIT_USAGE;
	if (!(r.dns = dns_client_new(r.loop, &dopts, err, sizeof err)) ||
	    !(r.client = aws_client_new(r.loop, &ao, err, sizeof err))) {
		fprintf(stderr, "acm-doctor: %s\n", err);
	} else if (start(&r, list) == 0) {
		/* Until the report: a resolver that is not one ends a diagnosis
		 * at once, whatever cancelled queries are still out. */
		while (!r.done && loop_busy(r.loop))
			loop_run_once(r.loop, -1);
		code = r.done ? r.code : EXIT_USAGE;
		if (!r.done)
			fprintf(stderr, "acm-doctor: %s\n", _("the check did not finish"));
	}
	runner_free(&r);
	loop_free(r.loop);
	return code;
}
