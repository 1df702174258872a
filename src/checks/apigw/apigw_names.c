/* Facts about names and answers, all pure: the class of a host name AWS
 * gives (data/apigw-names.txt), regions in names and ARNs, how far a
 * certificate name reaches, Route 53's zone ids for the regional
 * endpoints (data/apigw-hosted-zones.txt), and who answered an HTTP
 * request, by the headers only they send (never by Server, which anyone
 * can set). */
#include "config.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "checks/apigw/apigw_int.h"
#include "core/datafile.h"
#include "core/sanitize.h"
#include "core/xalloc.h"
#include "net/http_probe.h"

#define MAX_PATTERNS 16

static const struct {
	const char *key;
	enum apigw_class cls;
} class_keys[] = {
	{ "regional", APIGW_C_REGIONAL },
	{ "stage", APIGW_C_STAGE },
	{ "cloudfront", APIGW_C_CLOUDFRONT },
	{ "vpce", APIGW_C_VPCE },
};

static struct {
	regex_t re;
	enum apigw_class cls;
} patterns[MAX_PATTERNS];
static size_t n_patterns;
static bool patterns_loaded;

static void
free_patterns(void)
{
	for (size_t i = 0; i < n_patterns; i++)
		regfree(&patterns[i].re);
	n_patterns = 0;
}

/* The file's lines in order: "CLASS ERE"; a line that does not compile is
 * left out (the table test catches it). */
static void
load_patterns(void)
{
	patterns_loaded = true;
	size_t len;
	const char *text = datafile_get("apigw-names.txt", &len);
	for (const char *p = text; p && *p && n_patterns < MAX_PATTERNS;) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char *line = xstrndup(p, n);
		p += n + (eol ? 1 : 0);
		char *sp = strchr(line, ' ');
		if (line[0] != '#' && sp) {
			*sp = '\0';
			for (size_t k = 0; k < sizeof class_keys / sizeof *class_keys; k++)
				if (!strcmp(line, class_keys[k].key) &&
				    regcomp(&patterns[n_patterns].re, sp + 1, REG_EXTENDED | REG_NOSUB) == 0)
					patterns[n_patterns++].cls = class_keys[k].cls;
		}
		free(line);
	}
	atexit(free_patterns);
}

enum apigw_class
apigw_classify(const char *canon)
{
	if (!canon)
		return APIGW_C_NONE;
	if (!patterns_loaded)
		load_patterns();
	for (size_t i = 0; i < n_patterns; i++)
		if (regexec(&patterns[i].re, canon, 0, NULL, 0) == 0)
			return patterns[i].cls;
	return APIGW_C_OTHER;
}

const char *
apigw_class_name(enum apigw_class c)
{
	switch (c) {
	case APIGW_C_NONE: return "none";
	case APIGW_C_STAGE: return "stage-url";
	case APIGW_C_REGIONAL: return "regional";
	case APIGW_C_CLOUDFRONT: return "cloudfront";
	case APIGW_C_VPCE: return "vpc-endpoint";
	default: return "other";
	}
}

/* The label after ".execute-api.": the region. */
bool
apigw_name_region(const char *canon, char *out, size_t outlen)
{
	const char *p = canon ? strstr(canon, ".execute-api.") : NULL;
	if (!p)
		return false;
	p += strlen(".execute-api.");
	size_t n = strcspn(p, ".");
	if (n == 0 || n >= outlen || !p[n])
		return false;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}

/* arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE */
bool
apigw_arn_region(const char *arn, char *out, size_t outlen)
{
	if (!arn || strncmp(arn, "arn:", 4))
		return false;
	const char *p = arn;
	for (int i = 0; i < 3; i++) {
		p = strchr(p, ':');
		if (!p)
			return false;
		p++;
	}
	size_t n = strcspn(p, ":");
	if (n == 0 || n >= outlen || p[n] != ':')
		return false;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}

static size_t
len_nodot(const char *s)
{
	size_t n = strlen(s);
	return n && s[n - 1] == '.' ? n - 1 : n;
}

/* Names compare without case and trailing dot; "*." covers one label. */
bool
apigw_cert_name_covers(const char *san, const char *host)
{
	size_t ls = len_nodot(san), lh = len_nodot(host);
	if (ls >= 2 && san[0] == '*' && san[1] == '.') {
		const char *dot = memchr(host, '.', lh);
		if (!dot || dot == host)
			return false;
		size_t rest = lh - (size_t)(dot + 1 - host);
		return rest == ls - 2 && rest > 0 && !strncasecmp(dot + 1, san + 2, rest) &&
		       memchr(san + 2, '.', ls - 2) != NULL;
	}
	return ls == lh && !strncasecmp(san, host, ls);
}

const char *
apigw_region_zone(const char *region)
{
	static char **zones;
	static size_t n_zones;
	static bool loaded;
	if (!loaded) {
		loaded = true;
		zones = datafile_values("apigw-hosted-zones.txt", "zone", &n_zones);
	}
	size_t rl = region ? strlen(region) : 0;
	for (size_t i = 0; rl && i < n_zones; i++)
		if (!strncmp(zones[i], region, rl) && zones[i][rl] == ' ')
			return zones[i] + rl + 1;
	return NULL;
}

/* ---- who answered ---- */

enum apigw_api_kind
apigw_http_api(const struct http_response *r)
{
	if (!r || !r->have_head)
		return APIGW_API_NONE;
	const struct http_head *h = &r->head;
	if (http_head_get(h, "apigw-requestid"))
		return APIGW_API_HTTP;
	if (http_head_get(h, "x-amz-apigw-id") || http_head_get(h, "x-amzn-requestid") ||
	    http_head_get(h, "x-amzn-errortype"))
		return APIGW_API_REST;
	return APIGW_API_NONE;
}

static bool
contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = hay; p && *p; p++)
		if (!strncasecmp(p, needle, n))
			return true;
	return false;
}

bool
apigw_http_cloudfront(const struct http_response *r)
{
	if (!r || !r->have_head)
		return false;
	const struct http_head *h = &r->head;
	return http_head_get(h, "x-amz-cf-id") || http_head_get(h, "x-amz-cf-pop") ||
	       contains_nocase(http_head_get(h, "via"), "cloudfront") ||
	       contains_nocase(http_head_get(h, "x-cache"), "from cloudfront");
}

bool
apigw_http_cloudflare(const struct http_response *r)
{
	return r && r->have_head && http_head_get(&r->head, "cf-ray") != NULL;
}

/* {"message":"Forbidden"}: API Gateway's error body. */
char *
apigw_http_message(const struct http_response *r)
{
	if (!r || !r->body_len || r->body_len > 4096 || r->body_truncated)
		return NULL;
	cJSON *j = cJSON_ParseWithLength(r->body, r->body_len);
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "message");
	if (!m)
		m = cJSON_GetObjectItemCaseSensitive(j, "Message");
	char *out = cJSON_IsString(m) ? san_str(m->valuestring, 200, 0) : NULL;
	cJSON_Delete(j);
	return out;
}

/* 403 Missing Authentication Token: a REST API has nothing at the path. */
bool
apigw_http_mat(const struct http_response *r)
{
	if (!r || !r->have_head || r->head.status != 403)
		return false;
	const char *type = http_head_get(&r->head, "x-amzn-errortype");
	if (type && !strncmp(type, "MissingAuthenticationTokenException", 35))
		return true;
	char *msg = apigw_http_message(r);
	bool mat = msg && !strcmp(msg, "Missing Authentication Token");
	free(msg);
	return mat;
}
