/* ACM: DescribeCertificate, ListCertificates (see aws_acm.h). */
#include "config.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "aws/aws_acm.h"
#include "core/i18n.h"
#include "core/xalloc.h"

static const char *const json_headers[2][2] = {
	{ "Content-Type: application/x-amz-json-1.1", "X-Amz-Target: CertificateManager.DescribeCertificate" },
	{ "Content-Type: application/x-amz-json-1.1", "X-Amz-Target: CertificateManager.ListCertificates" },
};

bool
aws_acm_arn_parse(const char *s, char *region, size_t regionlen)
{
	regex_t re;
	regmatch_t m[2];
	/* acm-facts.md 2.1, with the partition and region kept loose */
	if (regcomp(&re, "^arn:aws[a-z-]*:acm:([a-z0-9-]+):[0-9]{12}:certificate/[0-9a-f-]{36}$", REG_EXTENDED))
		return false;
	bool ok = regexec(&re, s, 2, m, 0) == 0 && (size_t)(m[1].rm_eo - m[1].rm_so) < regionlen;
	if (ok)
		snprintf(region, regionlen, "%.*s", (int)(m[1].rm_eo - m[1].rm_so), s + m[1].rm_so);
	regfree(&re);
	return ok;
}

/* ---- DescribeCertificate ---- */

struct describe {
	struct aws_op base;
	struct aws_call *call;
	aws_body_cb cb;
	void *ctx;
};

static void
describe_cancel(struct aws_op *op)
{
	struct describe *d = (struct describe *)op;
	aws_call_cancel(d->call);
	free(d);
}

static void
on_describe(void *ctx, const struct aws_response *r, const struct aws_error *err)
{
	struct describe *d = ctx;
	aws_body_cb cb = d->cb;
	void *cbctx = d->ctx;
	free(d);
	if (err)
		cb(cbctx, NULL, 0, err);
	else
		cb(cbctx, r->body, r->len, NULL);
}

struct aws_op *
aws_acm_describe(struct aws_client *c, const char *arn, aws_body_cb cb, void *ctx)
{
	char region[64];
	if (!aws_acm_arn_parse(arn, region, sizeof region))
		region[0] = '\0';
	struct describe *d = xcalloc(1, sizeof *d);
	d->base.cancel = describe_cancel;
	d->cb = cb;
	d->ctx = ctx;
	cJSON *in = cJSON_CreateObject();
	cJSON_AddStringToObject(in, "CertificateArn", arn);
	char *body = cJSON_PrintUnformatted(in);
	cJSON_Delete(in);
	struct aws_request rq = {
		.svc = AWS_SVC_ACM, .region = region[0] ? region : NULL, .action = "acm:DescribeCertificate",
		.method = "POST", .path = "/", .headers = json_headers[0], .n_headers = 2,
		.body = body, .body_len = strlen(body),
	};
	d->call = aws_client_call(c, &rq, on_describe, d);
	cJSON_free(body);
	return &d->base;
}

/* ---- ListCertificates ---- */

struct listing {
	struct aws_op base;
	struct aws_client *c;
	struct aws_call *call;
	char *region;
	cJSON *statuses;            /* the filter, reused for every page */
	cJSON *all;                 /* the summaries so far */
	int pages;
	aws_body_cb cb;
	void *ctx;
};

static void
listing_free(struct listing *l)
{
	aws_call_cancel(l->call);
	cJSON_Delete(l->statuses);
	cJSON_Delete(l->all);
	free(l->region);
	free(l);
}

static void
listing_cancel(struct aws_op *op)
{
	listing_free((struct listing *)op);
}

static void list_page(struct listing *l, const char *token);

static void
listing_done(struct listing *l, const struct aws_error *err)
{
	aws_body_cb cb = l->cb;
	void *ctx = l->ctx;
	char *out = NULL;
	if (!err) {
		cJSON *root = cJSON_CreateObject();
		cJSON_AddItemToObject(root, "CertificateSummaryList", l->all);
		l->all = NULL;
		out = cJSON_PrintUnformatted(root);
		cJSON_Delete(root);
	}
	l->call = NULL;
	listing_free(l);
	if (err)
		cb(ctx, NULL, 0, err);
	else
		cb(ctx, out, strlen(out), NULL);
	cJSON_free(out);
}

static void
on_page(void *ctx, const struct aws_response *r, const struct aws_error *err)
{
	struct listing *l = ctx;
	l->call = NULL;
	if (err) {
		listing_done(l, err);
		return;
	}
	cJSON *page = cJSON_ParseWithLength(r->body, r->len);
	cJSON *items = cJSON_DetachItemFromObjectCaseSensitive(page, "CertificateSummaryList");
	const cJSON *next = cJSON_GetObjectItemCaseSensitive(page, "NextToken");
	if (!cJSON_IsObject(page) || (items && !cJSON_IsArray(items))) {
		struct aws_error e;
		memset(&e, 0, sizeof e);
		aws_error_set(&e, AWS_ERR_BAD_RESPONSE, "%s", _("ListCertificates answered something that is not a certificate list"));
		snprintf(e.action, sizeof e.action, "acm:ListCertificates");
		cJSON_Delete(items);
		cJSON_Delete(page);
		listing_done(l, &e);
		return;
	}
	cJSON *it;
	while (items && (it = cJSON_DetachItemViaPointer(items, items->child)))
		cJSON_AddItemToArray(l->all, it);
	cJSON_Delete(items);
	if (cJSON_IsString(next) && *next->valuestring && ++l->pages < AWS_ACM_LIST_PAGES_MAX) {
		char *tok = xstrdup(next->valuestring);
		cJSON_Delete(page);
		list_page(l, tok);
		free(tok);
		return;
	}
	cJSON_Delete(page);
	listing_done(l, NULL);
}

static void
list_page(struct listing *l, const char *token)
{
	static const char *const key_types[] = { "RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096",
						 "EC_prime256v1", "EC_secp384r1", "EC_secp521r1" };
	cJSON *in = cJSON_CreateObject();
	if (l->statuses)
		cJSON_AddItemToObject(in, "CertificateStatuses", cJSON_Duplicate(l->statuses, true));
	cJSON *inc = cJSON_AddObjectToObject(in, "Includes");
	cJSON_AddItemToObject(inc, "keyTypes", cJSON_CreateStringArray(key_types, 7));
	cJSON_AddNumberToObject(in, "MaxItems", 1000);
	if (token)
		cJSON_AddStringToObject(in, "NextToken", token);
	char *body = cJSON_PrintUnformatted(in);
	cJSON_Delete(in);
	struct aws_request rq = {
		.svc = AWS_SVC_ACM, .region = l->region, .action = "acm:ListCertificates",
		.method = "POST", .path = "/", .headers = json_headers[1], .n_headers = 2,
		.body = body, .body_len = strlen(body),
	};
	l->call = aws_client_call(l->c, &rq, on_page, l);
	cJSON_free(body);
}

struct aws_op *
aws_acm_list(struct aws_client *c, const char *region, const char *const *statuses, size_t n_statuses,
	     aws_body_cb cb, void *ctx)
{
	struct listing *l = xcalloc(1, sizeof *l);
	l->base.cancel = listing_cancel;
	l->c = c;
	l->region = region ? xstrdup(region) : NULL;
	l->cb = cb;
	l->ctx = ctx;
	l->all = cJSON_CreateArray();
	if (statuses)
		l->statuses = cJSON_CreateStringArray(statuses, (int)n_statuses);
	list_page(l, NULL);
	return &l->base;
}
