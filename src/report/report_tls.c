/* A TLS probe's result as JSON (report.h): shared by `acm-doctor tls` and
 * the API Gateway check, so both describe a certificate the same way. */
#include "config.h"

#include <cjson/cJSON.h>

#include "net/tls_probe.h"
#include "report/report_int.h"

void
report_tls_json(cJSON *o, const struct tls_result *r)
{
	cJSON_AddBoolToObject(o, "ok", r->ok);
	cJSON_AddBoolToObject(o, "have_cert", r->have_cert);
	cJSON_AddStringToObject(o, "failure", tls_failure_name(r->failure));
	cJSON_AddItemToObject(o, "error", report_jstr(r->error));
	if (r->alert)
		cJSON_AddNumberToObject(o, "alert", r->alert);
	cJSON_AddNumberToObject(o, "elapsed_ms", (double)r->elapsed_ms);
	if (!r->have_cert)
		return;
	cJSON_AddItemToObject(o, "protocol", report_jstr(r->protocol));
	cJSON_AddItemToObject(o, "cipher", report_jstr(r->cipher));
	cJSON_AddItemToObject(o, "subject", report_jstr(r->subject));
	cJSON_AddItemToObject(o, "subject_cn", report_jstr(r->subject_cn));
	cJSON_AddItemToObject(o, "issuer", report_jstr(r->issuer));
	cJSON_AddItemToObject(o, "issuer_cn", report_jstr(r->issuer_cn));
	cJSON_AddItemToObject(o, "sans", report_jstrs(r->sans, r->n_sans));
	cJSON_AddNumberToObject(o, "sans_omitted", (double)r->sans_omitted);
	cJSON_AddItemToObject(o, "not_before", report_jstr(r->not_before));
	cJSON_AddItemToObject(o, "not_after", report_jstr(r->not_after));
	cJSON_AddNumberToObject(o, "not_before_epoch", (double)r->not_before_epoch);
	cJSON_AddNumberToObject(o, "not_after_epoch", (double)r->not_after_epoch);
	cJSON_AddBoolToObject(o, "expired", r->expired);
	cJSON_AddBoolToObject(o, "not_yet_valid", r->not_yet_valid);
	cJSON_AddBoolToObject(o, "name_checked", r->name_checked);
	cJSON_AddBoolToObject(o, "name_matches", r->name_matches);
	cJSON_AddItemToObject(o, "matched_name", report_jstr(r->matched_name));
	cJSON_AddItemToObject(o, "serial", report_jstr(r->serial_hex));
	cJSON_AddItemToObject(o, "sha256_fingerprint", report_jstr(r->sha256_fingerprint));
	cJSON_AddNumberToObject(o, "chain_len", r->chain_len);
	cJSON *chain = cJSON_AddArrayToObject(o, "chain");
	for (size_t i = 0; i < r->n_chain; i++) {
		cJSON *c = cJSON_CreateObject();
		cJSON_AddItemToObject(c, "subject", report_jstr(r->chain[i].subject));
		cJSON_AddItemToObject(c, "issuer", report_jstr(r->chain[i].issuer));
		cJSON_AddItemToObject(c, "not_after", report_jstr(r->chain[i].not_after));
		cJSON_AddBoolToObject(c, "self_issued", r->chain[i].self_issued);
		cJSON_AddItemToArray(chain, c);
	}
	cJSON *errs = cJSON_AddArrayToObject(o, "errors");
	for (size_t i = 0; i < r->n_errors; i++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "depth", r->errors[i].depth);
		cJSON_AddNumberToObject(e, "code", r->errors[i].code);
		cJSON_AddItemToObject(e, "text", report_jstr(r->errors[i].text));
		cJSON_AddItemToArray(errs, e);
	}
	cJSON_AddNumberToObject(o, "errors_omitted", (double)r->errors_omitted);
}
