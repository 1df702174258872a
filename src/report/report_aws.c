/* The AWS side of a run (--arn, --pending), in JSON and text: whose
 * credentials, which regions, what the requests cost, the problems that
 * are not about one certificate; and several certificates in one report. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "report/report_int.h"

cJSON *
report_aws_json(const struct run_aws *a, const struct report_opts *o)
{
	cJSON *j = cJSON_CreateObject();
	cJSON *cr = cJSON_AddObjectToObject(j, "credentials");
	cJSON_AddItemToObject(cr, "source", report_jstr(a->credentials));
	cJSON_AddItemToObject(cr, "detail", report_jstr(a->credentials_detail));
	cJSON_AddItemToObject(j, "region", report_jstr(a->region));
	cJSON *st = cJSON_AddObjectToObject(j, "stats");
	cJSON_AddNumberToObject(st, "calls", a->stats.calls);
	cJSON_AddNumberToObject(st, "requests", a->stats.requests);
	cJSON_AddNumberToObject(st, "retries", a->stats.retries);
	cJSON_AddNumberToObject(st, "credential_requests", a->stats.credential_requests);
	cJSON_AddNumberToObject(st, "request_ms_total", (double)a->stats.total_ms);
	cJSON_AddNumberToObject(st, "request_ms_max", (double)a->stats.max_ms);
	cJSON_AddNumberToObject(st, "elapsed_ms", (double)a->elapsed_ms);
	cJSON *fs = cJSON_AddArrayToObject(j, "findings");
	for (size_t i = 0; i < a->n_findings; i++)
		cJSON_AddItemToArray(fs, report_finding_json(&a->findings[i], o));
	return j;
}

void
report_aws_text(FILE *out, const struct run_aws *a, const struct report_opts *o)
{
	if (a->n_findings) {
		fputc('\n', out);
		report_findings_text(out, a->findings, a->n_findings, o);
	}
	struct strbuf sb;
	sb_init(&sb);
	if (a->credentials)
		sb_addf(&sb, _("AWS: credentials from the %s (%s); "), a->credentials_text, a->credentials_detail);
	else
		sb_add(&sb, _("AWS: no credentials; "));
	sb_addf(&sb, ngettext("%d request", "%d requests", (unsigned long)a->stats.requests), a->stats.requests);
	if (a->stats.retries)
		sb_addf(&sb, ngettext(" (%d retry)", " (%d retries)", (unsigned long)a->stats.retries), a->stats.retries);
	sb_addf(&sb, _(" in %lld ms"), (long long)a->elapsed_ms);
	if (a->region)
		sb_addf(&sb, _(", region %s"), a->region);
	report_put(out, o, T_DIM, sb.buf, TEXT_VALUE_MAX);
	fputc('\n', out);
	sb_free(&sb);
}

char *
report_runs_json(const struct run_report *runs, size_t n, const struct run_aws *aws,
		 const struct report_opts *o)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "schema", 1);
	cJSON_AddItemToObject(root, "aws", report_aws_json(aws, o));
	cJSON *arr = cJSON_AddArrayToObject(root, "certificates");
	for (size_t i = 0; i < n; i++) {
		cJSON *run = report_run_object(&runs[i], o);
		cJSON_DeleteItemFromObjectCaseSensitive(run, "schema");
		cJSON_AddItemToArray(arr, run);
	}
	char *txt = cJSON_Print(root);
	cJSON_Delete(root);
	char *copy = xstrdup(txt ? txt : "{}");
	cJSON_free(txt);
	return copy;
}

void
report_runs_text(FILE *out, const struct run_report *runs, size_t n, const struct run_aws *aws,
		 const struct report_opts *o)
{
	if (!n) {
		struct strbuf sb;
		sb_init(&sb);
		sb_addf(&sb, _("No certificate needs attention in %s."), aws->region ? aws->region : "?");
		report_put(out, o, T_BOLD, sb.buf, TEXT_VALUE_MAX);
		fputc('\n', out);
		sb_free(&sb);
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs("\n\n", out);
		report_run_text(out, &runs[i], o);
	}
	report_aws_text(out, aws, o);
}
