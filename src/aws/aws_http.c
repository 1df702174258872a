/* libcurl's multi interface on the event loop (see aws_http.h).
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
#include "aws/aws_secret.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

struct aws_http {
	struct loop *loop;
	CURLM *multi;
	uint64_t timer;
	int running;
	bool debug;
	struct aws_http_xfer *xfers;    /* in flight or about to call back */
};

struct aws_http_xfer {
	struct aws_http *h;
	CURL *easy;
	struct curl_slist *hdrs;
	char *body;                     /* our copy of the request body */
	size_t body_len;
	struct strbuf resp;
	char *error_type, *request_id;
	char host[256];
	char what[100];
	char errbuf[CURL_ERROR_SIZE];
	int64_t started_ms;
	aws_http_cb cb;
	void *ctx;
	bool finished;                  /* out of the multi handle */
	struct aws_http_xfer *next, *prev;
};

static int curl_users;

/* ---- the loop side ---- */

static void drain(struct aws_http *h);

static void
on_fd(void *ctx, int fd, int ready)
{
	struct aws_http *h = ctx;
	int flags = ((ready & LOOP_READ) ? CURL_CSELECT_IN : 0) | ((ready & LOOP_WRITE) ? CURL_CSELECT_OUT : 0);
	curl_multi_socket_action(h->multi, fd, flags, &h->running);
	drain(h);
}

static void
on_timer(void *ctx)
{
	struct aws_http *h = ctx;
	h->timer = 0;
	curl_multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0, &h->running);
	drain(h);
}

static int
socket_cb(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
	struct aws_http *h = userp;
	(void)easy;
	(void)socketp;
	if (what == CURL_POLL_REMOVE) {
		loop_unwatch(h->loop, s);
		return 0;
	}
	int ev = ((what & CURL_POLL_IN) ? LOOP_READ : 0) | ((what & CURL_POLL_OUT) ? LOOP_WRITE : 0);
	loop_watch(h->loop, s, ev, on_fd, h);
	return 0;
}

static int
timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct aws_http *h = userp;
	(void)multi;
	if (h->timer)
		loop_timer_cancel(h->loop, h->timer);
	h->timer = timeout_ms >= 0 ? loop_timer_add(h->loop, timeout_ms, on_timer, h) : 0;
	return 0;
}

struct aws_http *
aws_http_new(struct loop *loop)
{
	if (curl_users++ == 0)
		curl_global_init(CURL_GLOBAL_DEFAULT);
	struct aws_http *h = xcalloc(1, sizeof *h);
	h->loop = loop;
	h->multi = curl_multi_init();
	const char *dbg = getenv("ACM_DOCTOR_DEBUG");
	h->debug = dbg && strstr(dbg, "aws");
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERDATA, h);
	return h;
}

/* ---- one transfer ---- */

static void
xfer_free(struct aws_http_xfer *x)
{
	struct aws_http *h = x->h;
	if (x->prev)
		x->prev->next = x->next;
	else
		h->xfers = x->next;
	if (x->next)
		x->next->prev = x->prev;
	if (!x->finished)
		curl_multi_remove_handle(h->multi, x->easy);
	curl_easy_cleanup(x->easy);
	/* header lines may hold a token, the body a web identity token, the
	 * answer keys: all wiped */
	for (struct curl_slist *l = x->hdrs; l; l = l->next)
		aws_secret_wipe(l->data, strlen(l->data));
	curl_slist_free_all(x->hdrs);
	aws_secret_wipe(x->body, x->body_len);
	free(x->body);
	aws_secret_wipe(x->resp.buf, x->resp.len);
	sb_free(&x->resp);
	free(x->error_type);
	free(x->request_id);
	loop_release(h->loop);
	free(x);
}

static void
finish(struct aws_http_xfer *x, CURLcode code)
{
	struct aws_http_resp r = {
		.curl_code = (int)code, .curl_error = x->errbuf,
		.body = x->resp.buf, .body_len = x->resp.len, .body_truncated = x->resp.truncated,
		.error_type = x->error_type, .request_id = x->request_id, .host = x->host,
		.elapsed_ms = loop_now_ms() - x->started_ms,
	};
	if (code == CURLE_OK)
		curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &r.status);
	if (x->h->debug)
		fprintf(stderr, "acm-doctor: aws: %s: %s%ld, %zu bytes, %lld ms%s%s\n", x->what,
			code == CURLE_OK ? "HTTP " : "no answer: ", code == CURLE_OK ? r.status : (long)code,
			r.body_len, (long long)r.elapsed_ms, x->error_type ? " " : "",
			x->error_type ? x->error_type : "");
	x->cb(x->ctx, &r);
}

static void
drain(struct aws_http *h)
{
	CURLMsg *m;
	int left;
	/* First take every finished transfer out of curl, then call back: a
	 * callback may start new requests or cancel others. */
	while ((m = curl_multi_info_read(h->multi, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		struct aws_http_xfer *x = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		CURLcode code = m->data.result;
		curl_multi_remove_handle(h->multi, m->easy_handle);
		x->finished = true;
		x->errbuf[sizeof x->errbuf - 1] = '\0';
		finish(x, code);
		xfer_free(x);
	}
}

static size_t
on_body(char *ptr, size_t size, size_t n, void *ud)
{
	struct aws_http_xfer *x = ud;
	sb_addn(&x->resp, ptr, size * n);
	return size * n;
}

static char *
header_value(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name);
	if (len <= n || strncasecmp(line, name, n) || line[n] != ':')
		return NULL;
	const char *v = line + n + 1;
	size_t vl = len - n - 1;
	while (vl && (*v == ' ' || *v == '\t'))
		v++, vl--;
	while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n' || v[vl - 1] == ' '))
		vl--;
	return san_text(v, vl, 200, SAN_ASCII);
}

static size_t
on_header(char *line, size_t size, size_t n, void *ud)
{
	struct aws_http_xfer *x = ud;
	size_t len = size * n;
	char *v;
	if (len >= 5 && !strncmp(line, "HTTP/", 5)) {
		/* a new response (after 100 Continue or a proxy's CONNECT) */
		free(x->error_type);
		free(x->request_id);
		x->error_type = x->request_id = NULL;
	} else if ((v = header_value(line, len, "x-amzn-ErrorType"))) {
		free(x->error_type);
		x->error_type = v;
	} else if ((v = header_value(line, len, "x-amzn-RequestId")) ||
		   (v = header_value(line, len, "x-amz-request-id"))) {
		free(x->request_id);
		x->request_id = v;
	}
	return len;
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

/* ---- setting up ---- */

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

static void
set_method(struct aws_http_xfer *x, const struct aws_http_req *req)
{
	CURL *e = x->easy;
	bool has_body = req->body || strcmp(req->method, "GET");
	if (!has_body)
		return;
	x->body_len = req->body ? req->body_len : 0;
	x->body = xmalloc(x->body_len + 1);
	if (x->body_len)
		memcpy(x->body, req->body, x->body_len);
	x->body[x->body_len] = '\0';
	curl_easy_setopt(e, CURLOPT_POST, 1L);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, x->body);
	curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)x->body_len);
	if (strcmp(req->method, "POST"))
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req->method);
}

static void
set_headers(struct aws_http_xfer *x, const struct aws_http_req *req)
{
	for (size_t i = 0; i < req->n_headers; i++)
		x->hdrs = curl_slist_append(x->hdrs, req->headers[i]);
	/* Unsigned requests may drop curl's own headers; signed ones must not
	 * carry a valueless line (curl 7.88 signs it: a mismatch). */
	if (!req->access_key_id && x->body) {
		x->hdrs = curl_slist_append(x->hdrs, "Expect:");
		if (!x->body_len)
			x->hdrs = curl_slist_append(x->hdrs, "Content-Type:");
	}
	if (x->hdrs)
		curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->hdrs);
}

static void
set_signing(struct aws_http_xfer *x, const struct aws_http_req *req)
{
	if (!req->access_key_id)
		return;
	char param[200];
	snprintf(param, sizeof param, "aws:amz:%s:%s", req->region, req->service);
	curl_easy_setopt(x->easy, CURLOPT_AWS_SIGV4, param);
	curl_easy_setopt(x->easy, CURLOPT_USERNAME, req->access_key_id);
	curl_easy_setopt(x->easy, CURLOPT_PASSWORD, req->secret);
}

struct aws_http_xfer *
aws_http_start(struct aws_http *h, const struct aws_http_req *req, aws_http_cb cb, void *ctx)
{
	CURL *e = curl_easy_init();
	if (!e)
		return NULL;
	struct aws_http_xfer *x = xcalloc(1, sizeof *x);
	x->h = h;
	x->easy = e;
	x->cb = cb;
	x->ctx = ctx;
	x->started_ms = loop_now_ms();
	sb_init_limit(&x->resp, AWS_HTTP_MAX_BODY);
	snprintf(x->what, sizeof x->what, "%s", req->what ? req->what : req->method);
	url_host(req->url, x->host, sizeof x->host);
	curl_easy_setopt(e, CURLOPT_URL, req->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)x);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, req->timeout_ms > 0 ? req->timeout_ms : 20000L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
			 req->connect_timeout_ms > 0 ? req->connect_timeout_ms : 5000L);
	curl_easy_setopt(e, CURLOPT_EXPECT_100_TIMEOUT_MS, 200L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "acm-doctor/" VERSION);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (req->ca_bundle)
		curl_easy_setopt(e, CURLOPT_CAINFO, req->ca_bundle);
	if (req->no_proxy)
		curl_easy_setopt(e, CURLOPT_PROXY, "");
	if (h->debug) {
		curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, on_debug);
		curl_easy_setopt(e, CURLOPT_DEBUGDATA, x);
		curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
	}
	set_method(x, req);
	set_headers(x, req);
	set_signing(x, req);
	x->next = h->xfers;
	if (h->xfers)
		h->xfers->prev = x;
	h->xfers = x;
	loop_hold(h->loop);
	if (curl_multi_add_handle(h->multi, e) != CURLM_OK) {
		x->finished = true;     /* not in the multi handle */
		xfer_free(x);
		return NULL;
	}
	return x;
}

void
aws_http_cancel(struct aws_http_xfer *x)
{
	if (x)
		xfer_free(x);
}

void
aws_http_free(struct aws_http *h)
{
	if (!h)
		return;
	while (h->xfers)
		xfer_free(h->xfers);
	if (h->timer)
		loop_timer_cancel(h->loop, h->timer);
	curl_multi_cleanup(h->multi);
	free(h);
	if (--curl_users == 0)
		curl_global_cleanup();
}
