/* The AWS side of HTTP (see aws_http.h); the transfer itself, on the
 * event loop, is net/http_probe's. What is AWS's stays here: signing,
 * the trace and its redaction, the error type and request id, and the
 * rule that everything a request holds is wiped (wipe in the options).
 *
 * curl 7.88 and CURLOPT_AWS_SIGV4 (the aws-api reference, section 2):
 * the parameter always names provider, region and service (curl guesses
 * them from the host otherwise, wrongly for route53.amazonaws.com and any
 * endpoint override); every CURLOPT_HTTPHEADER line is signed, so a signed
 * request never carries a valueless removal line ("Expect:"); the query is
 * signed as written, so callers build it sorted and encoded (aws_query.c);
 * the path is signed as written and encoded again by AWS, so only
 * unreserved characters go into a path; X-Amz-Date is left to curl; a
 * session token goes in as X-Amz-Security-Token, and not at all when
 * there is none. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "aws/aws_http.h"
#include "core/sanitize.h"
#include "core/xalloc.h"
#include "net/http_probe.h"

#define AWS_TIMEOUT_MS         20000
#define AWS_CONNECT_TIMEOUT_MS 5000

struct aws_http {
	struct http_client *client;
	bool debug;
};

struct aws_http_xfer {
	struct aws_http *h;
	struct http_request *req;
	const struct aws_http_req *start;       /* while aws_http_start runs */
	char host[256];
	char what[100];
	aws_http_cb cb;
	void *ctx;
};

struct aws_http *
aws_http_new(struct loop *loop)
{
	struct aws_http *h = xcalloc(1, sizeof *h);
	h->client = http_client_new(loop);
	const char *dbg = getenv("ACM_DOCTOR_DEBUG");
	h->debug = dbg && strstr(dbg, "aws");
	return h;
}

/* ---- the trace ---- */

void
aws_http_redact_header(const char *line, size_t len, char *out, size_t outlen)
{
	static const char *const secret_headers[] = {
		"authorization", "x-amz-security-token", "x-aws-ec2-metadata-token", "proxy-authorization",
	};
	while (len && (line[len - 1] == '\r' || line[len - 1] == '\n'))
		len--;
	const char *colon = memchr(line, ':', len);
	size_t nl = colon ? (size_t)(colon - line) : 0;
	for (size_t i = 0; colon && i < sizeof secret_headers / sizeof *secret_headers; i++)
		if (nl == strlen(secret_headers[i]) && !strncasecmp(line, secret_headers[i], nl)) {
			const char *v = colon + 1, *end = line + len;
			while (v < end && (*v == ' ' || *v == '\t'))
				v++;
			snprintf(out, outlen, "%.*s: <%zu chars>", (int)nl, line, (size_t)(end - v));
			return;
		}
	char *clean = san_text(line, len, 400, SAN_ASCII);
	snprintf(out, outlen, "%s", clean);
	free(clean);
}

/* Each line of a block curl hands the trace, through the redaction. */
static void
trace_lines(const char *prefix, const char *data, size_t size)
{
	const char *p = data, *end = data + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (len && !(len == 1 && *p == '\r')) {
			char line[512];
			aws_http_redact_header(p, len, line, sizeof line);
			fprintf(stderr, "acm-doctor: aws: %s %s\n", prefix, line);
		}
		p = nl ? nl + 1 : end;
	}
}

static int
on_debug(CURL *easy, curl_infotype type, char *data, size_t size, void *ud)
{
	(void)easy;
	struct aws_http_xfer *x = ud;
	switch (type) {
	case CURLINFO_TEXT:
		trace_lines("*", data, size);
		break;
	case CURLINFO_HEADER_OUT:
		trace_lines(">", data, size);
		break;
	case CURLINFO_HEADER_IN:
		trace_lines("<", data, size);
		break;
	case CURLINFO_DATA_OUT:
		fprintf(stderr, "acm-doctor: aws: > [%s: %zu bytes of body, not shown]\n", x->what, size);
		break;
	case CURLINFO_DATA_IN:
		fprintf(stderr, "acm-doctor: aws: < [%s: %zu bytes of body, not shown]\n", x->what, size);
		break;
	default:
		break;
	}
	return 0;
}

/* ---- the answer ---- */

/* A field of the final head, ASCII only, bounded; NULL when absent. */
static char *
field(const struct http_response *res, const char *name)
{
	const char *v = http_head_get(&res->head, name);
	return v ? san_text(v, strlen(v), 200, SAN_ASCII) : NULL;
}

/* curl's own words: http_probe says "curl N: words". */
static const char *
transport_text(const struct http_response *res)
{
	const char *t = res->error;
	if (!t)
		return "";
	if (!strncmp(t, "curl ", 5)) {
		const char *colon = strstr(t, ": ");
		if (colon)
			return colon + 2;
	}
	return t;
}

static void
on_done(void *ctx, const struct http_response *res)
{
	struct aws_http_xfer *x = ctx;
	/* Over AWS_HTTP_MAX_BODY: an answer came, too large to use. */
	bool too_big = res->failure == HTTP_FAIL_TOO_BIG && res->body_truncated;
	char *error_type = field(res, "x-amzn-ErrorType");
	char *request_id = field(res, "x-amzn-RequestId");
	if (!request_id)
		request_id = field(res, "x-amz-request-id");
	struct aws_http_resp r = {
		.status = res->complete || too_big ? res->head.status : 0,
		.curl_code = too_big ? 0 : res->curl_code, .curl_error = transport_text(res),
		.body = res->body ? res->body : "", .body_len = res->body_len,
		.body_truncated = res->body_truncated,
		.error_type = error_type, .request_id = request_id, .host = x->host,
		.elapsed_ms = res->elapsed_ms,
	};
	if (x->h->debug)
		fprintf(stderr, "acm-doctor: aws: %s: %s%ld, %zu bytes, %lld ms%s%s\n", x->what,
			r.curl_code == CURLE_OK ? "HTTP " : "no answer: ",
			r.curl_code == CURLE_OK ? r.status : (long)r.curl_code,
			r.body_len, (long long)r.elapsed_ms, error_type ? " " : "", error_type ? error_type : "");
	x->cb(x->ctx, &r);
	free(error_type);
	free(request_id);
	free(x);
}

static void
on_dropped(void *ctx)
{
	free(ctx);
}

/* ---- setting up ---- */

/* What http_probe does not name: signing, the 100-continue wait, the trace. */
static void
setup_easy(void *ctx, void *curl_easy)
{
	struct aws_http_xfer *x = ctx;
	const struct aws_http_req *req = x->start;
	CURL *e = curl_easy;
	curl_easy_setopt(e, CURLOPT_EXPECT_100_TIMEOUT_MS, 200L);
	if (req->body && !strcmp(req->method, "GET"))
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, "GET");
	if (req->access_key_id) {
		char param[200];
		snprintf(param, sizeof param, "aws:amz:%s:%s", req->region, req->service);
		curl_easy_setopt(e, CURLOPT_AWS_SIGV4, param);
		curl_easy_setopt(e, CURLOPT_USERNAME, req->access_key_id);
		curl_easy_setopt(e, CURLOPT_PASSWORD, req->secret);
	}
	if (x->h->debug) {
		curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, on_debug);
		curl_easy_setopt(e, CURLOPT_DEBUGDATA, x);
		curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
	}
}

static void
url_host(const char *url, char *out, size_t outlen)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	size_t n = strcspn(p, "/?#");
	const char *at = memchr(p, '@', n);
	if (at) {
		n -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	size_t hl = *p == '[' ? strcspn(p, "]") + 1 : strcspn(p, ":/?#");
	if (hl > n)
		hl = n;
	snprintf(out, outlen, "%.*s", (int)hl, p);
}

/* The caller's lines, and for an unsigned request with a body the removal
 * of curl's own: signed ones must not carry a valueless line (curl 7.88
 * signs it: a mismatch). */
static const char **
header_lines(const struct aws_http_req *req, bool has_body, size_t *n)
{
	const char **l = xcalloc(req->n_headers + 2, sizeof *l);
	*n = 0;
	for (size_t i = 0; i < req->n_headers; i++)
		l[(*n)++] = req->headers[i];
	if (!req->access_key_id && has_body) {
		l[(*n)++] = "Expect:";
		if (!req->body || !req->body_len)
			l[(*n)++] = "Content-Type:";
	}
	return l;
}

struct aws_http_xfer *
aws_http_start(struct aws_http *h, const struct aws_http_req *req, aws_http_cb cb, void *ctx)
{
	struct aws_http_xfer *x = xcalloc(1, sizeof *x);
	x->h = h;
	x->cb = cb;
	x->ctx = ctx;
	x->start = req;
	snprintf(x->what, sizeof x->what, "%s", req->what ? req->what : req->method);
	url_host(req->url, x->host, sizeof x->host);
	/* Anything but a GET sends a body, empty when there is none. */
	bool has_body = req->body || strcmp(req->method, "GET");
	size_t n_headers;
	const char **headers = header_lines(req, has_body, &n_headers);
	struct http_request_opts o = {
		.url = req->url, .method = req->method, .headers = headers, .n_headers = n_headers,
		.body = has_body ? (req->body ? req->body : "") : NULL,
		.body_len = req->body ? req->body_len : 0,
		.ca_file = req->ca_bundle, .system_ca = true, .allow_http = true,
		.timeout_ms = req->timeout_ms > 0 ? (int)req->timeout_ms : AWS_TIMEOUT_MS,
		.connect_timeout_ms = req->connect_timeout_ms > 0 ? (int)req->connect_timeout_ms
								 : AWS_CONNECT_TIMEOUT_MS,
		.max_body = AWS_HTTP_MAX_BODY, .no_proxy = req->no_proxy, .wipe = true,
		.setup = setup_easy, .setup_ctx = x, .dropped = on_dropped,
	};
	x->req = http_request_start(h->client, &o, on_done, x);
	x->start = NULL;
	free(headers);
	return x;
}

void
aws_http_cancel(struct aws_http_xfer *x)
{
	if (x)
		http_request_cancel(x->req);    /* frees x (on_dropped) */
}

void
aws_http_free(struct aws_http *h)
{
	if (!h)
		return;
	http_client_free(h->client);    /* frees each pending xfer (on_dropped) */
	free(h);
}
