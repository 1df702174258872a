/* Reading what API Gateway says about a custom domain (apigw_check.h):
 * `aws apigateway get-domain-name` (camelCase), `aws apigatewayv2
 * get-domain-name` (the CLI prints PascalCase), and the services' own
 * response bodies (v2's camelCase). Hostile input: the text is checked
 * before cJSON (core/json_in.h), then every field on its own, and the
 * first problem is named with its path. A name must have the form AWS
 * gives its kind of endpoint, so a pasted name of the wrong kind is said
 * at once, not found out by the probes. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "checks/apigw/apigw_int.h"
#include "core/i18n.h"
#include "core/json_in.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "net/names.h"

#define DEPTH_MAX 16            /* real output nests 3 deep */
#define TEXT_MAX 512            /* status messages, ARNs */
#define PATH_LEN 128

struct rd {
	char *err;
	size_t errlen;
	bool pascal;            /* v2 as the CLI prints it */
};

static bool fail(struct rd *c, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool
fail(struct rd *c, const char *path, const char *fmt, ...)
{
	char what[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "%s: %s", *path ? path : _("(top level)"), what);
	return false;
}


/* v2 keys: "ApiGatewayDomainName" from the CLI, "apiGatewayDomainName" on
 * the wire; the table holds the camelCase form. */
static const cJSON *
member(const struct rd *c, const cJSON *obj, const char *key, char *path, const char *parent)
{
	char k[64];
	snprintf(k, sizeof k, "%s", key);
	if (c->pascal && k[0] >= 'a' && k[0] <= 'z')
		k[0] = (char)(k[0] - 'a' + 'A');
	snprintf(path, PATH_LEN, "%s%s%s", parent, *parent ? "." : "", k);
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, k);
	return cJSON_IsNull(j) ? NULL : j;
}

/* A string member; *out NULL when absent (an error when required). */
static bool
get_str(struct rd *c, const cJSON *obj, const char *parent, const char *key, bool required,
	const char **out, char *path)
{
	const cJSON *j = member(c, obj, key, path, parent);
	*out = NULL;
	if (!j)
		return required ? fail(c, path, "%s", _("missing")) : true;
	if (!cJSON_IsString(j))
		return fail(c, path, _("expected a string, got %s"), json_in_kind(j));
	*out = j->valuestring;
	return true;
}

static bool
get_text(struct rd *c, const cJSON *obj, const char *parent, const char *key, char **out)
{
	char path[PATH_LEN];
	const char *s;
	if (!get_str(c, obj, parent, key, false, &s, path))
		return false;
	*out = s ? san_str(s, TEXT_MAX, 0) : NULL;
	return true;
}

static bool
bad_value(struct rd *c, const char *path, const char *s, const char *why)
{
	char *q = san_str(s, 80, 0);
	fail(c, path, "\"%s\": %s", q, why);
	free(q);
	return false;
}

/* A host name of the domain or a target: canonical, LDH (a wildcard only
 * for the domain itself). */
static bool
get_name(struct rd *c, const cJSON *obj, const char *parent, const char *key, bool required,
	 bool wild_ok, char **out)
{
	char path[PATH_LEN], why[160];
	const char *s;
	*out = NULL;
	if (!get_str(c, obj, parent, key, required, &s, path))
		return false;
	if (!s)
		return true;
	char *n = name_from_user(s, why, sizeof why);
	bool ok = n != NULL;
	for (const char *p = n && !strncmp(n, "*.", 2) && wild_ok ? n + 2 : n; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.';
	if (!ok) {
		free(n);
		return bad_value(c, path, s, n ? _("characters a host name cannot have") : why);
	}
	*out = n;
	return true;
}

/* arn:aws[-cn|-us-gov]:acm:REGION:ACCOUNT:certificate/ID */
static bool
arn_ok(const char *s)
{
	char region[64];
	if (strncmp(s, "arn:aws", 7) || !apigw_arn_region(s, region, sizeof region))
		return false;
	const char *p = s + 7;
	p += strcspn(p, ":");
	if (strncmp(p, ":acm:", 5))
		return false;
	for (const char *q = s; *q; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
		      strchr(":/-_", *q)))
			return false;
	return strstr(s, ":certificate/") != NULL && strlen(s) < 256;
}

static bool
get_arn(struct rd *c, const cJSON *obj, const char *parent, const char *key, char **out)
{
	char path[PATH_LEN];
	const char *s;
	*out = NULL;
	if (!get_str(c, obj, parent, key, false, &s, path))
		return false;
	if (s && !arn_ok(s))
		return bad_value(c, path, s, _("not the ARN of an ACM certificate (arn:aws:acm:REGION:ACCOUNT:certificate/ID)"));
	*out = s ? xstrdup(s) : NULL;
	return true;
}

static bool
get_zone_id(struct rd *c, const cJSON *obj, const char *parent, const char *key, char **out)
{
	char path[PATH_LEN];
	const char *s;
	*out = NULL;
	if (!get_str(c, obj, parent, key, false, &s, path))
		return false;
	if (!s)
		return true;
	size_t n = strlen(s);
	if (n == 0 || n > 32 || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != n)
		return bad_value(c, path, s, _("not a Route 53 hosted zone id (capital letters and digits)"));
	*out = xstrdup(s);
	return true;
}

static bool
endpoint_type(struct rd *c, const char *path, const cJSON *j, enum apigw_endpoint_type *t)
{
	static const char *const names[] = { "EDGE", "REGIONAL", "PRIVATE" };
	if (!cJSON_IsString(j))
		return fail(c, path, _("expected a string, got %s"), json_in_kind(j));
	for (int i = 0; i < 3; i++)
		if (!strcmp(j->valuestring, names[i])) {
			*t = (enum apigw_endpoint_type)i;
			return true;
		}
	return bad_value(c, path, j->valuestring, _("unknown endpoint type (expected EDGE, REGIONAL or PRIVATE)"));
}

/* The target must be of its endpoint's kind: a pasted stage URL or a
 * CloudFront name where a regional one belongs is said here. */
static bool
target_kind_ok(struct rd *c, const char *path, const char *canon, enum apigw_endpoint_type t)
{
	enum apigw_class cls = apigw_classify(canon);
	if (t == APIGW_EP_EDGE && cls != APIGW_C_CLOUDFRONT)
		return bad_value(c, path, canon, _("not a CloudFront distribution name (dXXXXXXXXXXXXX.cloudfront.net)"));
	if (t == APIGW_EP_REGIONAL && cls != APIGW_C_REGIONAL)
		return bad_value(c, path, canon, _("not a regional API Gateway name (d-XXXXXXXXXX.execute-api.REGION.amazonaws.com)"));
	return true;
}

static struct apigw_endpoint *
new_endpoint(struct rd *c, struct apigw_domain *d, const char *path, enum apigw_endpoint_type t)
{
	if (d->n_endpoints >= APIGW_MAX_ENDPOINTS) {
		fail(c, path, _("more than %d endpoints"), APIGW_MAX_ENDPOINTS);
		return NULL;
	}
	struct apigw_endpoint *e = &d->endpoints[d->n_endpoints++];
	e->type = t;
	return e;
}

/* ---- v1: endpointConfiguration.types and the edge/regional fields ---- */

static bool
v1_endpoint(struct rd *c, const cJSON *root, struct apigw_domain *d, enum apigw_endpoint_type t,
	    const char *types_path)
{
	static const char *const keys[][3] = {
		/* target, zone, certificate */
		{ "distributionDomainName", "distributionHostedZoneId", "certificateArn" },
		{ "regionalDomainName", "regionalHostedZoneId", "regionalCertificateArn" },
	};
	struct apigw_endpoint *e = new_endpoint(c, d, types_path, t);
	if (!e)
		return false;
	if (t == APIGW_EP_PRIVATE)
		return get_arn(c, root, "", "certificateArn", &e->certificate_arn);
	char path[PATH_LEN];
	const char *const *k = keys[t == APIGW_EP_EDGE ? 0 : 1];
	if (!get_name(c, root, "", k[0], true, false, &e->target))
		return false;
	member(c, root, k[0], path, "");
	return target_kind_ok(c, path, e->target, t) && get_zone_id(c, root, "", k[1], &e->hosted_zone_id) &&
	       get_arn(c, root, "", k[2], &e->certificate_arn) &&
	       get_text(c, root, "", "domainNameStatus", &e->status) &&
	       get_text(c, root, "", "domainNameStatusMessage", &e->status_message);
}

/* Without endpointConfiguration (older outputs, hand-made files): the
 * endpoints whose target is there. */
static bool
read_v1_untyped(struct rd *c, const cJSON *root, struct apigw_domain *d)
{
	char path[PATH_LEN];
	bool edge = member(c, root, "distributionDomainName", path, "") != NULL;
	bool regional = member(c, root, "regionalDomainName", path, "") != NULL;
	if (!edge && !regional)
		return fail(c, "endpointConfiguration", "%s",
			    _("missing, and neither distributionDomainName nor regionalDomainName is there"));
	return (!edge || v1_endpoint(c, root, d, APIGW_EP_EDGE, "distributionDomainName")) &&
	       (!regional || v1_endpoint(c, root, d, APIGW_EP_REGIONAL, "regionalDomainName"));
}

static bool
read_v1(struct rd *c, const cJSON *root, struct apigw_domain *d)
{
	char path[PATH_LEN], ipath[PATH_LEN + 16];
	d->api_version = 1;
	const cJSON *conf = member(c, root, "endpointConfiguration", path, "");
	if (!conf)
		return read_v1_untyped(c, root, d);
	if (!cJSON_IsObject(conf))
		return fail(c, path, _("expected an object, got %s"), json_in_kind(conf));
	const cJSON *types = member(c, conf, "types", path, "endpointConfiguration");
	if (!types)
		return fail(c, path, "%s", _("missing"));
	if (!cJSON_IsArray(types))
		return fail(c, path, _("expected an array, got %s"), json_in_kind(types));
	if (!cJSON_GetArraySize(types))
		return fail(c, path, "%s", _("empty: the domain has no endpoint"));
	int i = 0;
	for (const cJSON *t = types->child; t; t = t->next, i++) {
		enum apigw_endpoint_type et;
		snprintf(ipath, sizeof ipath, "%s[%d]", path, i);
		if (!endpoint_type(c, ipath, t, &et) || !v1_endpoint(c, root, d, et, ipath))
			return false;
	}
	return true;
}

/* ---- v2: DomainNameConfigurations[] ---- */

static bool
v2_config(struct rd *c, const cJSON *cfg, const char *path, struct apigw_domain *d)
{
	char p[PATH_LEN];
	if (!cJSON_IsObject(cfg))
		return fail(c, path, _("expected an object, got %s"), json_in_kind(cfg));
	const cJSON *t = member(c, cfg, "endpointType", p, path);
	if (!t)
		return fail(c, p, "%s", _("missing"));
	enum apigw_endpoint_type et;
	if (!endpoint_type(c, p, t, &et))
		return false;
	struct apigw_endpoint *e = new_endpoint(c, d, path, et);
	if (!e || !get_name(c, cfg, path, "apiGatewayDomainName", et != APIGW_EP_PRIVATE, false, &e->target))
		return false;
	member(c, cfg, "apiGatewayDomainName", p, path);
	return (!e->target || target_kind_ok(c, p, e->target, et)) &&
	       get_zone_id(c, cfg, path, "hostedZoneId", &e->hosted_zone_id) &&
	       get_arn(c, cfg, path, "certificateArn", &e->certificate_arn) &&
	       get_text(c, cfg, path, "domainNameStatus", &e->status) &&
	       get_text(c, cfg, path, "domainNameStatusMessage", &e->status_message) &&
	       (d->ownership_certificate_arn ||
		get_arn(c, cfg, path, "ownershipVerificationCertificateArn", &d->ownership_certificate_arn));
}

static bool
read_v2(struct rd *c, const cJSON *root, struct apigw_domain *d)
{
	char path[PATH_LEN], ipath[PATH_LEN + 16];
	d->api_version = 2;
	const cJSON *list = member(c, root, "domainNameConfigurations", path, "");
	if (!cJSON_IsArray(list))
		return fail(c, path, _("expected an array, got %s"), json_in_kind(list));
	if (!cJSON_GetArraySize(list))
		return fail(c, path, "%s", _("empty: the domain has no endpoint"));
	int i = 0;
	for (const cJSON *cfg = list->child; cfg; cfg = cfg->next, i++) {
		snprintf(ipath, sizeof ipath, "%s[%d]", path, i);
		if (!v2_config(c, cfg, ipath, d))
			return false;
	}
	return true;
}

/* ---- the document ---- */

/* What else people paste: the CLI's error line, an API error body. */
static bool
not_a_domain(struct rd *c, const char *buf, size_t len)
{
	const char *e = "An error occurred (";
	size_t at = 0;
	while (at < len && (buf[at] == ' ' || buf[at] == '\n' || buf[at] == '\r' || buf[at] == '\t'))
		at++;
	if (len - at > strlen(e) && !strncmp(buf + at, e, strlen(e))) {
		/* The input is not NUL-terminated: the line ends at \r, \n or
		 * the end of the buffer. */
		size_t n = 0;
		while (at + n < len && buf[at + n] != '\n' && buf[at + n] != '\r')
			n++;
		char *line = san_text(buf + at, n, 300, 0);
		fail(c, "", _("this is the AWS CLI's error message, not a domain name's description: %s"), line);
		free(line);
		return true;
	}
	return false;
}

static bool
read_domain(struct rd *c, const cJSON *root, struct apigw_domain *d)
{
	if (!cJSON_IsObject(root))
		return fail(c, "", _("expected a JSON object, got %s"), json_in_kind(root));
	bool v2cli = cJSON_GetObjectItemCaseSensitive(root, "DomainNameConfigurations") != NULL;
	bool v2wire = cJSON_GetObjectItemCaseSensitive(root, "domainNameConfigurations") != NULL;
	c->pascal = v2cli || (!v2wire && cJSON_GetObjectItemCaseSensitive(root, "DomainName"));
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(root, "message");
	if (!cJSON_GetObjectItemCaseSensitive(root, c->pascal ? "DomainName" : "domainName")) {
		if (cJSON_IsString(msg)) {
			char *m = san_str(msg->valuestring, 200, 0);
			fail(c, "", _("this is an AWS error response, not a domain name's description: %s"), m);
			free(m);
			return false;
		}
		return fail(c, "", "%s", _("no domainName: expected the output of aws apigateway get-domain-name or aws apigatewayv2 get-domain-name"));
	}
	if (!get_name(c, root, "", "domainName", true, true, &d->name))
		return false;
	if (c->pascal || v2wire)
		return read_v2(c, root, d);
	return get_arn(c, root, "", "ownershipVerificationCertificateArn", &d->ownership_certificate_arn) &&
	       read_v1(c, root, d);
}

bool
apigw_domain_parse(const char *buf, size_t len, struct apigw_domain *dom, char *err, size_t errlen)
{
	struct rd c = { err, errlen, false };
	memset(dom, 0, sizeof *dom);
	if (errlen)
		err[0] = '\0';
	if (not_a_domain(&c, buf, len))
		return false;
	const struct json_in_opts o = {
		.max_len = APIGW_INPUT_MAX, .max_depth = DEPTH_MAX,
		.expected = _("the JSON output of aws apigateway get-domain-name"),
	};
	cJSON *root = json_in_parse(buf, len, &o, err, errlen);
	if (!root)
		return false;
	bool ok = read_domain(&c, root, dom);
	cJSON_Delete(root);
	if (!ok)
		apigw_domain_free(dom);
	return ok;
}

bool
apigw_domain_load(const char *path, struct apigw_domain *dom, char *err, size_t errlen)
{
	struct strbuf sb;
	char too_big[160];
	memset(dom, 0, sizeof *dom);
	snprintf(too_big, sizeof too_big, _("larger than %u bytes; this is not get-domain-name output"),
		 APIGW_INPUT_MAX);
	bool ok = json_in_read(path, APIGW_INPUT_MAX, too_big, &sb, err, errlen) &&
		  apigw_domain_parse(sb.buf, sb.len, dom, err, errlen);
	sb_free(&sb);
	return ok;
}

static void
endpoint_clear(struct apigw_endpoint *e)
{
	free(e->target);
	free(e->hosted_zone_id);
	free(e->certificate_arn);
	free(e->status);
	free(e->status_message);
	memset(e, 0, sizeof *e);
}

void
apigw_domain_free(struct apigw_domain *dom)
{
	if (!dom)
		return;
	free(dom->name);
	free(dom->ownership_certificate_arn);
	for (size_t i = 0; i < dom->n_endpoints; i++)
		endpoint_clear(&dom->endpoints[i]);
	memset(dom, 0, sizeof *dom);
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void
apigw_domain_copy(struct apigw_domain *dst, const struct apigw_domain *src)
{
	*dst = *src;
	dst->name = dup_or_null(src->name);
	dst->ownership_certificate_arn = dup_or_null(src->ownership_certificate_arn);
	for (size_t i = 0; i < src->n_endpoints; i++) {
		const struct apigw_endpoint *s = &src->endpoints[i];
		struct apigw_endpoint *d = &dst->endpoints[i];
		d->target = dup_or_null(s->target);
		d->hosted_zone_id = dup_or_null(s->hosted_zone_id);
		d->certificate_arn = dup_or_null(s->certificate_arn);
		d->status = dup_or_null(s->status);
		d->status_message = dup_or_null(s->status_message);
	}
}

const char *
apigw_endpoint_type_name(enum apigw_endpoint_type t)
{
	return t == APIGW_EP_EDGE ? "EDGE" : t == APIGW_EP_REGIONAL ? "REGIONAL" : "PRIVATE";
}
