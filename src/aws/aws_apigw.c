/* API Gateway GetDomainName, v1 then v2 (see aws_apigw.h). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "aws/aws_apigw.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/xalloc.h"

#define LIST_PAGES_MAX 10

const char *
aws_apigw_endpoint_name(enum aws_apigw_endpoint e)
{
	static const char *const names[] = { "UNKNOWN", "EDGE", "REGIONAL", "PRIVATE" };
	return names[e];
}

/* A member by its API name ("regionalDomainName") or as the v2 CLI prints it
 * ("RegionalDomainName"). */
static const cJSON *
member(const cJSON *o, const char *camel)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, camel);
	if (j)
		return j;
	char pascal[64];
	snprintf(pascal, sizeof pascal, "%s", camel);
	pascal[0] = (char)toupper((unsigned char)pascal[0]);
	return cJSON_GetObjectItemCaseSensitive(o, pascal);
}

static char *
text(const cJSON *o, const char *camel)
{
	const cJSON *j = member(o, camel);
	return cJSON_IsString(j) ? san_str(j->valuestring, 2048, SAN_ASCII) : NULL;
}

static enum aws_apigw_endpoint
endpoint_of(const char *s)
{
	if (!s)
		return AWS_APIGW_UNKNOWN;
	if (!strcmp(s, "EDGE"))
		return AWS_APIGW_EDGE;
	if (!strcmp(s, "REGIONAL"))
		return AWS_APIGW_REGIONAL;
	if (!strcmp(s, "PRIVATE"))
		return AWS_APIGW_PRIVATE;
	return AWS_APIGW_UNKNOWN;
}

static bool
parse_v2(const cJSON *root, struct aws_apigw_domain *d, char *err, size_t errlen)
{
	const cJSON *cfgs = member(root, "domainNameConfigurations");
	if (!cJSON_IsArray(cfgs)) {
		snprintf(err, errlen, "domainNameConfigurations: %s", _("expected an array"));
		return false;
	}
	d->v2 = true;
	d->n_configurations = (size_t)cJSON_GetArraySize(cfgs);
	const cJSON *c = cJSON_GetArrayItem(cfgs, 0);
	if (!c)
		return true;
	if (!cJSON_IsObject(c)) {
		snprintf(err, errlen, "domainNameConfigurations[0]: %s", _("expected an object"));
		return false;
	}
	char *type = text(c, "endpointType");
	d->endpoint = endpoint_of(type);
	free(type);
	d->target = text(c, "apiGatewayDomainName");
	d->hosted_zone_id = text(c, "hostedZoneId");
	d->certificate_arn = text(c, "certificateArn");
	d->status = text(c, "domainNameStatus");
	d->status_message = text(c, "domainNameStatusMessage");
	d->security_policy = text(c, "securityPolicy");
	return true;
}

static void
parse_v1(const cJSON *root, struct aws_apigw_domain *d)
{
	const cJSON *types = member(member(root, "endpointConfiguration"), "types");
	const cJSON *t0 = cJSON_GetArrayItem(types, 0);
	d->endpoint = endpoint_of(cJSON_IsString(t0) ? t0->valuestring : NULL);
	if (d->endpoint == AWS_APIGW_UNKNOWN)
		d->endpoint = member(root, "distributionDomainName") ? AWS_APIGW_EDGE
			    : member(root, "regionalDomainName") ? AWS_APIGW_REGIONAL : AWS_APIGW_UNKNOWN;
	if (d->endpoint == AWS_APIGW_EDGE) {
		d->target = text(root, "distributionDomainName");
		d->hosted_zone_id = text(root, "distributionHostedZoneId");
		d->certificate_arn = text(root, "certificateArn");
	} else if (d->endpoint == AWS_APIGW_REGIONAL) {
		d->target = text(root, "regionalDomainName");
		d->hosted_zone_id = text(root, "regionalHostedZoneId");
		d->certificate_arn = text(root, "regionalCertificateArn");
	} else {
		d->certificate_arn = text(root, "certificateArn");
	}
	d->status = text(root, "domainNameStatus");
	d->status_message = text(root, "domainNameStatusMessage");
	d->security_policy = text(root, "securityPolicy");
}

static bool
parse_object(const cJSON *root, struct aws_apigw_domain *d, char *err, size_t errlen)
{
	memset(d, 0, sizeof *d);
	if (!cJSON_IsObject(root)) {
		snprintf(err, errlen, "%s", _("expected a JSON object"));
		return false;
	}
	if (!(d->domain_name = text(root, "domainName"))) {
		snprintf(err, errlen, "domainName: %s", _("missing"));
		return false;
	}
	bool ok = true;
	if (member(root, "domainNameConfigurations"))
		ok = parse_v2(root, d, err, errlen);
	else
		parse_v1(root, d);
	if (!ok)
		aws_apigw_domain_clear(d);
	return ok;
}

bool
aws_apigw_parse(const char *body, size_t len, struct aws_apigw_domain *out, char *err, size_t errlen)
{
	cJSON *root = cJSON_ParseWithLength(body, len);
	if (!root) {
		memset(out, 0, sizeof *out);
		snprintf(err, errlen, "%s", _("not JSON"));
		return false;
	}
	bool ok = parse_object(root, out, err, errlen);
	cJSON_Delete(root);
	return ok;
}

void
aws_apigw_domain_clear(struct aws_apigw_domain *d)
{
	free(d->domain_name);
	free(d->target);
	free(d->hosted_zone_id);
	free(d->certificate_arn);
	free(d->status);
	free(d->status_message);
	free(d->security_policy);
	memset(d, 0, sizeof *d);
}

/* ---- the calls ---- */

enum phase { PH_GET_V1, PH_GET_V2, PH_LIST_V1, PH_LIST_V2 };

struct apigw_op {
	struct aws_op base;
	struct aws_client *c;
	struct aws_call *call;
	char *region;
	char name[256];             /* lower case, no trailing dot */
	enum phase phase;
	int pages;
	aws_apigw_cb cb;
	void *ctx;
};

static void
op_free(struct apigw_op *op)
{
	aws_call_cancel(op->call);
	free(op->region);
	free(op);
}

static void
op_cancel(struct aws_op *o)
{
	op_free((struct apigw_op *)o);
}

static void
op_done(struct apigw_op *op, const struct aws_apigw_domain *d, const struct aws_error *err)
{
	op->call = NULL;
	op->cb(op->ctx, d, err);
	op_free(op);
}

static void send_phase(struct apigw_op *op, const char *page);

static void
not_found(struct apigw_op *op)
{
	struct aws_error e;
	memset(&e, 0, sizeof e);
	snprintf(e.action, sizeof e.action, "apigateway:GET");
	aws_error_set(&e, AWS_ERR_NOT_FOUND,
		      _("API Gateway in %s has no custom domain name %s (neither for REST nor for HTTP and WebSocket APIs)"),
		      op->region ? op->region : "?", op->name);
	op_done(op, NULL, &e);
}

static void
found(struct apigw_op *op, const cJSON *obj)
{
	struct aws_apigw_domain d;
	char why[200];
	if (parse_object(obj, &d, why, sizeof why)) {
		op_done(op, &d, NULL);
		aws_apigw_domain_clear(&d);
		return;
	}
	struct aws_error e;
	memset(&e, 0, sizeof e);
	snprintf(e.action, sizeof e.action, "apigateway:GET");
	aws_error_set(&e, AWS_ERR_BAD_RESPONSE, _("API Gateway answered a domain name that cannot be read: %s"), why);
	op_done(op, NULL, &e);
}

/* A page of a list: the item with our name, or the next page's token. */
static void
from_list(struct apigw_op *op, cJSON *root)
{
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(root, op->phase == PH_LIST_V1 ? "item" : "items");
	const cJSON *it;
	cJSON_ArrayForEach(it, items) {
		const cJSON *n = member(it, "domainName");
		if (cJSON_IsString(n) && !strcasecmp(n->valuestring, op->name)) {
			found(op, it);
			return;
		}
	}
	const cJSON *next = cJSON_GetObjectItemCaseSensitive(root, op->phase == PH_LIST_V1 ? "position" : "nextToken");
	if (cJSON_IsString(next) && *next->valuestring && ++op->pages < LIST_PAGES_MAX) {
		send_phase(op, next->valuestring);
		return;
	}
	if (op->phase == PH_LIST_V1) {
		op->phase = PH_LIST_V2;
		op->pages = 0;
		send_phase(op, NULL);
		return;
	}
	not_found(op);
}

static void
on_answer(void *ctx, const struct aws_response *r, const struct aws_error *err)
{
	struct apigw_op *op = ctx;
	op->call = NULL;
	if (err && err->kind == AWS_ERR_NOT_FOUND && op->phase == PH_GET_V1) {
		op->phase = PH_GET_V2;
		send_phase(op, NULL);
		return;
	}
	if (err && err->kind == AWS_ERR_NOT_FOUND && op->phase == PH_GET_V2) {
		not_found(op);
		return;
	}
	if (err) {
		op_done(op, NULL, err);
		return;
	}
	cJSON *root = cJSON_ParseWithLength(r->body, r->len);
	if (op->phase == PH_LIST_V1 || op->phase == PH_LIST_V2)
		from_list(op, root);
	else
		found(op, root);
	cJSON_Delete(root);
}

static void
send_phase(struct apigw_op *op, const char *page)
{
	char path[400];
	char *q = NULL;
	enum aws_service svc = op->phase == PH_GET_V1 || op->phase == PH_LIST_V1 ? AWS_SVC_APIGW : AWS_SVC_APIGWV2;
	switch (op->phase) {
	case PH_GET_V1:
		snprintf(path, sizeof path, "/domainnames/%s", op->name);
		break;
	case PH_GET_V2:
		snprintf(path, sizeof path, "/v2/domainnames/%s", op->name);
		break;
	case PH_LIST_V1: {
		const char *kv[] = { "limit", "500", "position", page };
		snprintf(path, sizeof path, "/domainnames");
		q = aws_query_build(kv, page ? 2 : 1);
		break;
	}
	case PH_LIST_V2: {
		const char *kv[] = { "maxResults", "500", "nextToken", page };
		snprintf(path, sizeof path, "/v2/domainnames");
		q = aws_query_build(kv, page ? 2 : 1);
		break;
	}
	}
	struct aws_request rq = {
		.svc = svc, .region = op->region, .action = "apigateway:GET", .method = "GET",
		.path = path, .query = q,
	};
	op->call = aws_client_call(op->c, &rq, on_answer, op);
	free(q);
}

struct aws_op *
aws_apigw_get_domain(struct aws_client *c, const char *region, const char *name, aws_apigw_cb cb, void *ctx)
{
	struct apigw_op *op = xcalloc(1, sizeof *op);
	op->base.cancel = op_cancel;
	op->c = c;
	op->region = region ? xstrdup(region) : NULL;
	op->cb = cb;
	op->ctx = ctx;
	size_t n = strlen(name);
	if (n && name[n - 1] == '.')
		n--;
	bool wild = false, plain = n > 0 && n < sizeof op->name;
	for (size_t i = 0; plain && i < n; i++) {
		char ch = (char)tolower((unsigned char)name[i]);
		wild |= ch == '*';
		plain = isalnum((unsigned char)ch) || ch == '-' || ch == '.' || ch == '*';
		op->name[i] = ch;
	}
	op->name[plain ? n : 0] = '\0';
	/* anything but letters, digits, '-' and '.' is found by listing */
	op->phase = wild || !plain ? PH_LIST_V1 : PH_GET_V1;
	if (!plain)
		snprintf(op->name, sizeof op->name, "%.*s", (int)(n < sizeof op->name ? n : sizeof op->name - 1), name);
	send_phase(op, NULL);
	return &op->base;
}
