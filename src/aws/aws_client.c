/* The AWS client: calls, retries, the shared credentials (see
 * aws_client.h). A call is a small state machine on the loop: wait for
 * credentials, send, and on an error either wait and send again
 * (throttling, 5xx, a dropped connection), fetch credentials again once
 * (they expired), or report. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aws/aws_int.h"
#include "aws/aws_secret.h"
#include "core/i18n.h"
#include "core/strv.h"
#include "core/xalloc.h"

#define REFRESH_BEFORE_S 600    /* botocore's mandatory refresh: 10 min before expiry */
#define BACKOFF_CAP_MS 20000
#define BACKOFF_THROTTLE_MS 1000
#define BACKOFF_OTHER_MS 100

#define SRC_NAME(s, name, text) name,
static const char *const src_names[] = { AWS_CRED_SOURCES(SRC_NAME) };
#undef SRC_NAME
#define SRC_TEXT(s, name, text) text,
static const char *const src_texts[] = { AWS_CRED_SOURCES(SRC_TEXT) };
#undef SRC_TEXT

const char *
aws_cred_source_name(enum aws_cred_source s)
{
	return s < AWS_SRC__COUNT ? src_names[s] : "?";
}

const char *
aws_cred_source_text(enum aws_cred_source s)
{
	return s < AWS_SRC__COUNT ? _(src_texts[s]) : "?";
}

struct aws_call {
	struct aws_client *c;
	enum aws_service svc;
	char *region, *action, *method, *path, *query, *body;
	size_t body_len;
	char **headers;
	size_t n_headers;
	bool unsigned_request;
	const struct aws_creds *as;     /* call_as: not owned */
	bool identity_only;
	bool credential;                /* a credential source's request (STS) */
	aws_call_cb cb;
	aws_identity_cb icb;
	void *ctx;
	int attempt;
	bool refreshed;                 /* credentials fetched again once */
	bool waiting;                   /* for the credentials */
	struct aws_http_xfer *xfer;
	uint64_t timer;
	struct aws_call *next, *prev;
};

/* ---- the client ---- */

struct aws_client *
aws_client_new(struct loop *loop, const struct aws_client_opts *o, char *err, size_t errlen)
{
	struct aws_client *c = xcalloc(1, sizeof *c);
	struct aws_config_opts co = { .profile = o->profile, .region = o->region };
	if (aws_config_load(&c->cfg, &co, err, errlen) < 0) {
		aws_config_free(&c->cfg);
		free(c);
		return NULL;
	}
	/* From here on the process may hold keys: no core file, ever. */
	aws_secret_protect_process();
	c->loop = loop;
	c->http = aws_http_new(loop);
	c->rand_state = (unsigned)time(NULL) ^ (unsigned)getpid();
	return c;
}

static void call_free(struct aws_call *call);

void
aws_client_free(struct aws_client *c)
{
	if (!c)
		return;
	while (c->calls)
		call_free(c->calls);
	if (c->resolving)
		c->resolving->cancel(c->resolving);
	aws_creds_free(c->creds);
	aws_http_free(c->http);
	aws_config_free(&c->cfg);
	free(c);
}

const struct aws_config *
aws_client_config(const struct aws_client *c)
{
	return &c->cfg;
}

const char *
aws_client_region(const struct aws_client *c)
{
	if (c->cfg.region)
		return c->cfg.region;
	return c->creds && c->creds->region_hint[0] ? c->creds->region_hint : NULL;
}

bool
aws_client_identity_now(const struct aws_client *c, struct aws_identity *out)
{
	const struct aws_creds *cr = c->creds;
	if (!cr)
		return false;
	*out = (struct aws_identity){ .source = cr->source, .detail = cr->detail,
				      .temporary = cr->token != NULL, .expiration = cr->expiration };
	return true;
}

void
aws_client_stats(const struct aws_client *c, struct aws_stats *out)
{
	*out = c->stats;
}

/* ---- a call's life ---- */

static void
call_free(struct aws_call *call)
{
	struct aws_client *c = call->c;
	if (call->prev)
		call->prev->next = call->next;
	else
		c->calls = call->next;
	if (call->next)
		call->next->prev = call->prev;
	aws_http_cancel(call->xfer);
	if (call->timer)
		loop_timer_cancel(c->loop, call->timer);
	free(call->region);
	free(call->action);
	free(call->method);
	free(call->path);
	free(call->query);
	if (call->body)
		aws_secret_wipe(call->body, call->body_len);
	free(call->body);
	strv_free(call->headers, call->n_headers);
	loop_release(c->loop);
	free(call);
}

void
aws_call_cancel(struct aws_call *call)
{
	if (call)
		call_free(call);
}

static void
call_where(const struct aws_call *call, struct aws_error *e)
{
	if (call->region && call->svc != AWS_SVC_ROUTE53)
		snprintf(e->where, sizeof e->where, "%s in %s", call->action, call->region);
	else
		snprintf(e->where, sizeof e->where, "%s", call->action);
	if (!e->action[0])
		snprintf(e->action, sizeof e->action, "%s", call->action);
	e->attempts = call->attempt;
}

static void
call_fail(struct aws_call *call, const struct aws_error *why)
{
	struct aws_error e = *why;
	call_where(call, &e);
	if (call->identity_only)
		call->icb(call->ctx, NULL, &e);
	else
		call->cb(call->ctx, NULL, &e);
	call_free(call);
}

static void
identity_report(struct aws_call *call)
{
	const struct aws_creds *cr = call->c->creds;
	struct aws_identity id = { .source = cr->source, .detail = cr->detail,
				   .temporary = cr->token != NULL, .expiration = cr->expiration };
	call->icb(call->ctx, &id, NULL);
	call_free(call);
}

static bool
creds_fresh(const struct aws_creds *cr)
{
	return cr && (!cr->refreshable || !cr->expiration ||
		      (int64_t)time(NULL) + REFRESH_BEFORE_S < cr->expiration);
}

static void send_request(struct aws_call *call);

static struct aws_call *
first_waiting(struct aws_client *c)
{
	for (struct aws_call *k = c->calls; k; k = k->next)
		if (k->waiting)
			return k;
	return NULL;
}

static void
on_creds(void *ctx, struct aws_creds *creds, const struct aws_error *err)
{
	struct aws_client *c = ctx;
	c->resolving = NULL;
	if (creds) {
		aws_creds_free(c->creds);
		c->creds = creds;
	}
	/* A callback may cancel other calls or start new ones: take the
	 * waiting ones one at a time. */
	struct aws_call *k;
	while ((k = first_waiting(c))) {
		k->waiting = false;
		if (!creds)
			call_fail(k, err);
		else if (k->identity_only)
			identity_report(k);
		else
			send_request(k);
	}
}

static void
call_begin(void *arg)
{
	struct aws_call *call = arg;
	struct aws_client *c = call->c;
	call->timer = 0;
	if (call->unsigned_request || call->as || (creds_fresh(c->creds) && !call->identity_only)) {
		send_request(call);
		return;
	}
	if (call->identity_only && creds_fresh(c->creds)) {
		identity_report(call);
		return;
	}
	call->waiting = true;
	if (!c->resolving)
		c->resolving = aws_creds_chain(c, on_creds, c);
}

/* ---- sending and answers ---- */

static int64_t
backoff_ms(struct aws_call *call, bool throttle)
{
	int64_t cap = (int64_t)(throttle ? BACKOFF_THROTTLE_MS : BACKOFF_OTHER_MS) << (call->attempt - 1);
	if (cap > BACKOFF_CAP_MS)
		cap = BACKOFF_CAP_MS;
	return (int64_t)((double)rand_r(&call->c->rand_state) / RAND_MAX * (double)cap);
}

static void
retry_now(void *arg)
{
	struct aws_call *call = arg;
	call->timer = 0;
	send_request(call);
}

static bool
may_refresh(const struct aws_call *call, const struct aws_error *e)
{
	const struct aws_creds *cr = call->c->creds;
	return !call->as && !call->unsigned_request && !call->refreshed && cr && cr->refreshable &&
	       (e->kind == AWS_ERR_EXPIRED || e->kind == AWS_ERR_INVALID_KEY);
}

static void
on_answer(void *ctx, const struct aws_http_resp *r)
{
	struct aws_call *call = ctx;
	struct aws_client *c = call->c;
	call->xfer = NULL;
	if (!call->credential) {
		c->stats.total_ms += r->elapsed_ms;
		if (r->elapsed_ms > c->stats.max_ms)
			c->stats.max_ms = r->elapsed_ms;
	}
	if (r->status >= 200 && r->status < 300 && !r->body_truncated) {
		struct aws_response resp = { .status = r->status, .body = r->body, .len = r->body_len,
					     .request_id = r->request_id, .attempts = call->attempt };
		call->cb(call->ctx, &resp, NULL);
		call_free(call);
		return;
	}
	struct aws_error e;
	memset(&e, 0, sizeof e);
	if (r->body_truncated)
		aws_error_set(&e, AWS_ERR_BAD_RESPONSE, _("the answer is larger than %u bytes"), AWS_HTTP_MAX_BODY);
	else if (r->status)
		aws_error_from_http(&e, call->action, r->status, r->error_type, r->body, r->body_len);
	else
		aws_error_from_transport(&e, call->action, r->curl_code, r->curl_error, r->host);
	if (r->request_id && !e.request_id[0])
		snprintf(e.request_id, sizeof e.request_id, "%s", r->request_id);
	bool throttle;
	if (aws_error_retryable(&e, &throttle) && call->attempt < c->cfg.max_attempts) {
		c->stats.retries++;
		call->timer = loop_timer_add(c->loop, backoff_ms(call, throttle), retry_now, call);
		return;
	}
	if (may_refresh(call, &e)) {
		call->refreshed = true;
		aws_creds_free(c->creds);
		c->creds = NULL;
		call_begin(call);
		return;
	}
	call_fail(call, &e);
}

static void
send_request(struct aws_call *call)
{
	struct aws_client *c = call->c;
	const struct aws_creds *cr = call->as ? call->as : c->creds;
	char *base = aws_endpoint_url(&c->cfg, call->svc, call->region, NULL);
	size_t n = strlen(base) + strlen(call->path) + (call->query ? strlen(call->query) : 0) + 2;
	char *url = xmalloc(n);
	snprintf(url, n, "%s%s%s%s", base, call->path, call->query ? "?" : "", call->query ? call->query : "");
	free(base);
	const char **hdrs = xcalloc(call->n_headers + 2, sizeof *hdrs);
	char *token_line = NULL;
	for (size_t i = 0; i < call->n_headers; i++)
		hdrs[i] = call->headers[i];
	size_t nh = call->n_headers;
	if (!call->unsigned_request && cr->token && *cr->token) {
		size_t tl = strlen(cr->token) + 32;
		token_line = xmalloc(tl);
		snprintf(token_line, tl, "X-Amz-Security-Token: %s", cr->token);
		hdrs[nh++] = token_line;
	}
	struct aws_http_req req = {
		.method = call->method, .url = url, .headers = hdrs, .n_headers = nh,
		.body = call->body, .body_len = call->body_len,
		.region = aws_signing_region(call->svc, call->region),
		.service = aws_service_signing_name(call->svc),
		.ca_bundle = c->cfg.ca_bundle, .what = call->action,
	};
	if (!call->unsigned_request) {
		req.access_key_id = cr->access_key_id;
		req.secret = cr->secret;
	}
	call->attempt++;
	if (call->credential)
		c->stats.credential_requests++;
	else
		c->stats.requests++;
	call->xfer = aws_http_start(c->http, &req, on_answer, call);
	aws_secret_free(token_line);
	free(hdrs);
	free(url);
}

/* ---- starting calls ---- */

static struct aws_call *
call_new(struct aws_client *c, void *ctx)
{
	struct aws_call *call = xcalloc(1, sizeof *call);
	call->c = c;
	call->ctx = ctx;
	call->next = c->calls;
	if (c->calls)
		c->calls->prev = call;
	c->calls = call;
	loop_hold(c->loop);
	/* never call back from inside the caller's call */
	call->timer = loop_timer_add(c->loop, 0, call_begin, call);
	return call;
}

static struct aws_call *
call_setup(struct aws_client *c, const struct aws_request *rq, aws_call_cb cb, void *ctx)
{
	struct aws_call *call = call_new(c, ctx);
	call->cb = cb;
	call->svc = rq->svc;
	const char *region = rq->region ? rq->region : aws_client_region(c);
	call->region = region ? xstrdup(region) : NULL;
	call->action = xstrdup(rq->action);
	call->method = xstrdup(rq->method);
	call->path = xstrdup(rq->path);
	call->query = rq->query ? xstrdup(rq->query) : NULL;
	if (rq->body) {
		call->body = xmalloc(rq->body_len + 1);
		memcpy(call->body, rq->body, rq->body_len);
		call->body[rq->body_len] = '\0';
		call->body_len = rq->body_len;
	}
	for (size_t i = 0; i < rq->n_headers; i++)
		strv_push(&call->headers, &call->n_headers, rq->headers[i]);
	call->unsigned_request = rq->unsigned_request;
	c->stats.calls++;
	return call;
}

struct aws_call *
aws_client_call(struct aws_client *c, const struct aws_request *rq, aws_call_cb cb, void *ctx)
{
	return call_setup(c, rq, cb, ctx);
}

struct aws_call *
aws_client_call_cred(struct aws_client *c, const struct aws_request *rq,
		     const struct aws_creds *as, aws_call_cb cb, void *ctx)
{
	struct aws_call *call = call_setup(c, rq, cb, ctx);
	call->as = as;
	call->credential = true;
	c->stats.calls--;
	return call;
}

struct aws_call *
aws_client_identity(struct aws_client *c, aws_identity_cb cb, void *ctx)
{
	struct aws_call *call = call_new(c, ctx);
	call->identity_only = true;
	call->icb = cb;
	call->action = xstrdup("credentials");
	call->method = xstrdup("-");
	call->path = xstrdup("");
	return call;
}
