/* The container credentials endpoint of ECS and EKS Pod Identity (botocore
 * ContainerMetadataFetcher; the aws-api reference, section 3.3):
 * AWS_CONTAINER_CREDENTIALS_RELATIVE_URI on 169.254.170.2, or a FULL_URI
 * that is https or on an address the SDKs allow, with the Authorization
 * token from _TOKEN_FILE (read at each fetch) or _TOKEN. Never through a
 * proxy; 2 s a try, 3 tries a second apart. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_int.h"
#include "aws/aws_secret.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/xalloc.h"

#define ECS_HOST "http://169.254.170.2"
#define TRIES 3
#define TRY_MS 2000
#define PAUSE_MS 1000
#define TOKEN_MAX 8192

struct container_job {
	struct aws_pending base;
	struct aws_client *c;
	char *url;
	char *auth_line;            /* "Authorization: <token>", a secret */
	int tries;
	struct aws_http_xfer *xfer;
	uint64_t timer;
	aws_creds_done cb;
	void *ctx;
};

bool
aws_container_configured(void)
{
	return aws_env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") || aws_env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
}

static void
job_free(struct container_job *j)
{
	aws_http_cancel(j->xfer);
	if (j->timer)
		loop_timer_cancel(j->c->loop, j->timer);
	loop_release(j->c->loop);
	free(j->url);
	aws_secret_free(j->auth_line);
	free(j);
}

static void
job_cancel(struct aws_pending *p)
{
	job_free((struct container_job *)p);
}

static void
job_done(struct container_job *j, struct aws_creds *cr, const struct aws_error *err)
{
	aws_creds_done cb = j->cb;
	void *ctx = j->ctx;
	struct aws_error e;
	if (err)
		e = *err;
	j->xfer = NULL;
	job_free(j);
	cb(ctx, cr, err ? &e : NULL);
}

/* Is a FULL_URI one the SDKs accept? https anywhere; http only to loopback
 * or the ECS and EKS addresses. */
static bool
full_uri_allowed(const char *uri)
{
	if (!strncmp(uri, "https://", 8))
		return true;
	if (strncmp(uri, "http://", 7))
		return false;
	const char *h = uri + 7;
	static const char *const ok[] = { "127.", "[::1]", "localhost", "169.254.170.2", "169.254.170.23",
					  "[fd00:ec2::23]" };
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		size_t n = strlen(ok[i]);
		if (!strncmp(h, ok[i], n) && (ok[i][n - 1] == '.' || strchr(":/", h[n]) || !h[n]))
			return true;
	}
	return false;
}

static char *
token_line(struct aws_error *err)
{
	const char *file = aws_env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	char *tok = NULL;
	if (file) {
		FILE *f = fopen(file, "rb");
		if (!f) {
			char *q = san_str(file, 200, SAN_ASCII);
			aws_error_set(err, AWS_ERR_CREDENTIAL_SOURCE, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE %s: %s",
				      q, strerror(errno));
			free(q);
			return NULL;
		}
		char buf[TOKEN_MAX + 1];
		size_t n = fread(buf, 1, TOKEN_MAX, f);
		fclose(f);
		tok = aws_secret_dupn(buf, n);
		aws_secret_wipe(buf, sizeof buf);
	} else if (aws_env("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
		tok = aws_secret_dup(aws_env("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
	}
	if (!tok)
		return xstrdup("");
	if (strpbrk(tok, "\r\n")) {
		aws_secret_free(tok);
		aws_error_set(err, AWS_ERR_CREDENTIAL_SOURCE, "%s",
			      _("the container authorization token holds a line break: refused"));
		return NULL;
	}
	size_t n = strlen(tok) + 20;
	char *line = xmalloc(n);
	snprintf(line, n, "Authorization: %s", tok);
	aws_secret_free(tok);
	return line;
}

static void send_try(struct container_job *j);

static void
retry(void *arg)
{
	struct container_job *j = arg;
	j->timer = 0;
	send_try(j);
}

static void
on_answer(void *ctx, const struct aws_http_resp *r)
{
	struct container_job *j = ctx;
	struct aws_error e;
	memset(&e, 0, sizeof e);
	snprintf(e.action, sizeof e.action, "container credentials");
	j->xfer = NULL;
	if (r->status == 200) {
		struct aws_creds *cr = aws_creds_new(AWS_SRC_CONTAINER);
		cr->refreshable = true;
		char *u = san_str(j->url, 200, SAN_ASCII);
		snprintf(cr->detail, sizeof cr->detail, "%s", u);
		free(u);
		if (aws_creds_from_json(r->body, r->body_len, "Token", cr, &e)) {
			job_done(j, cr, NULL);
			return;
		}
		aws_creds_free(cr);
	} else if (r->status) {
		aws_error_set(&e, AWS_ERR_CREDENTIAL_SOURCE, _("the container credentials endpoint answered HTTP %ld"),
			      r->status);
	} else {
		aws_error_set(&e, AWS_ERR_CREDENTIAL_SOURCE, _("the container credentials endpoint: %s"),
			      r->curl_error[0] ? r->curl_error : "no answer");
	}
	bool transient = !r->status || r->status >= 500;
	if (transient && j->tries < TRIES) {
		j->timer = loop_timer_add(j->c->loop, PAUSE_MS, retry, j);
		return;
	}
	job_done(j, NULL, &e);
}

static void
send_try(struct container_job *j)
{
	const char *hdrs[2] = { "Accept: application/json", j->auth_line };
	struct aws_http_req req = {
		.method = "GET", .url = j->url, .headers = hdrs, .n_headers = *j->auth_line ? 2 : 1,
		.timeout_ms = TRY_MS, .connect_timeout_ms = TRY_MS, .no_proxy = true,
		.what = "container credentials",
	};
	j->tries++;
	j->c->stats.credential_requests++;
	j->xfer = aws_http_start(j->c->http, &req, on_answer, j);
}

static void
first_try(void *arg)
{
	retry(arg);
}

struct aws_pending *
aws_container_fetch(struct aws_client *c, aws_creds_done cb, void *ctx)
{
	struct aws_error err;
	memset(&err, 0, sizeof err);
	snprintf(err.action, sizeof err.action, "container credentials");
	const char *rel = aws_env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	const char *full = aws_env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
	char *url = NULL;
	if (rel) {
		size_t n = strlen(ECS_HOST) + strlen(rel) + 2;
		url = xmalloc(n);
		snprintf(url, n, "%s%s%s", ECS_HOST, rel[0] == '/' ? "" : "/", rel);
	} else if (full && full_uri_allowed(full)) {
		url = xstrdup(full);
	} else {
		char *q = san_str(full ? full : "", 200, SAN_ASCII);
		aws_error_set(&err, AWS_ERR_CREDENTIAL_SOURCE,
			      _("AWS_CONTAINER_CREDENTIALS_FULL_URI %s: only https, or http to a loopback address, 169.254.170.2 or 169.254.170.23, is accepted"), q);
		free(q);
		return aws_pending_error(c, &err, cb, ctx);
	}
	char *auth = token_line(&err);
	if (!auth) {
		free(url);
		return aws_pending_error(c, &err, cb, ctx);
	}
	struct container_job *j = xcalloc(1, sizeof *j);
	j->base.cancel = job_cancel;
	j->c = c;
	j->url = url;
	j->auth_line = auth;
	j->cb = cb;
	j->ctx = ctx;
	loop_hold(c->loop);
	j->timer = loop_timer_add(c->loop, 0, first_try, j);
	return &j->base;
}
