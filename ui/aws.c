/* The wizard's AWS side (see aws.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acm/acm_aws.h"
#include "aws.h"
#include "cert.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "ui.h"

static void
on_identity(void *ctx, const struct aws_identity *id, const struct aws_error *err)
{
	struct ui *ui = ctx;
	struct ui_aws *a = ui->aws;
	a->probe = NULL;
	if (err)
		return;                 /* no credentials: Home stays as it is */
	a->ready = true;
	char *d = san_str(id->detail, 200, ui->utf8 ? 0 : SAN_ASCII);
	snprintf(a->who, sizeof a->who, "%s (%s)", aws_cred_source_text(id->source), d);
	free(d);
	ui->dirty = true;
}

struct ui_aws *
ui_aws_new(struct ui *ui, const char *profile, const char *region, char *err, size_t errlen)
{
	char bad[200];
	size_t n = 0;
	char **list = region ? aws_region_list(region, &n, bad, sizeof bad) : NULL;
	struct aws_client_opts o = { .profile = profile, .region = n == 1 ? list[0] : NULL };
	struct aws_client *c = aws_client_new(ui->loop, &o, err, errlen);
	if (!c) {
		strv_free(list, n);
		return NULL;
	}
	struct ui_aws *a = xcalloc(1, sizeof *a);
	a->client = c;
	const char *configured = aws_client_region(c);
	if (list) {
		a->regions = list;
		a->n_regions = n;
	} else if (configured) {
		strv_push(&a->regions, &a->n_regions, configured);
	} else {
		a->regions = aws_regions(&a->n_regions);
	}
	ui->aws = a;
	a->probe = aws_client_identity(c, on_identity, ui);
	return a;
}

void
ui_aws_free(struct ui_aws *a)
{
	if (!a)
		return;
	aws_call_cancel(a->probe);
	aws_op_cancel(a->reading);
	strv_free(a->regions, a->n_regions);
	aws_client_free(a->client);
	free(a);
}

bool
ui_aws_available(const struct ui *ui)
{
	return ui->aws && ui->aws->ready;
}

/* What went wrong reading a certificate, on the message row. */
static void
say_problem(struct ui *ui, const struct acm_fetched *f)
{
	const char *why = f->n_findings ? f->findings[0].message : _("ACM gave no certificate");
	char *shown = san_str(why, 400, ui->utf8 ? 0 : SAN_ASCII);
	ui_message(ui, true, "%s", shown);
	free(shown);
}

/* A read is back: the wizard's certificate, or NULL after saying why. */
static struct ui_cert *
took(struct ui *ui, struct acm_fetched *f)
{
	ui->aws->reading = NULL;
	ui->dirty = true;
	if (f->have_cert)
		return ui_cert_from_fetched(f);
	say_problem(ui, f);
	acm_fetched_free(f);
	return NULL;
}

static void
on_opened(void *ctx, struct acm_fetched *f)
{
	struct ui *ui = ctx;
	struct ui_cert *c = took(ui, f);
	if (!c)
		return;
	ui->message[0] = '\0';
	ui_open_certificate_loaded(ui, c, c->arn);
}

void
ui_aws_open_arn(struct ui *ui, const char *arn)
{
	if (!ui->aws || ui->aws->reading)
		return;
	ui_message(ui, false, "%s", _("Reading the certificate from ACM..."));
	ui->aws->reading = acm_fetch_cert(ui->aws->client, arn, true, on_opened, ui);
}

static void
on_reread(void *ctx, struct acm_fetched *f)
{
	struct ui *ui = ctx;
	struct ui_cert *c = took(ui, f);
	if (!c)
		return;
	const char *st = c->cert.status_text ? c->cert.status_text : "?";
	bool probes = c->n_caa || c->n_records;
	ui_cert_replace(ui, c);
	/* after the replace (starting the probes clears the message row);
	 * st lives in c, which is the wizard's certificate now */
	ui_message(ui, false, probes ? _("Read from ACM again: %s; asking the DNS again.")
		   : _("Read from ACM again: %s."), st);
}

bool
ui_aws_reread(struct ui *ui)
{
	if (!ui->aws || !ui->cert || !ui->cert->arn)
		return false;
	if (!ui->aws->reading) {
		ui_message(ui, false, "%s", _("Reading the certificate from ACM again..."));
		ui->aws->reading = acm_fetch_cert(ui->aws->client, ui->cert->arn, true, on_reread, ui);
	}
	return true;
}
