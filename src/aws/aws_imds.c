/* EC2 instance metadata as a credential source (botocore IMDSFetcher,
 * InstanceMetadataFetcher; the aws-api reference, section 3.4): a session
 * token by PUT (IMDSv2), the role name, then the role's keys, and the
 * instance's region for a client that has none configured. IMDSv1 (no
 * token) only when the PUT is refused (403, 404, 405) or times out, and
 * AWS_EC2_METADATA_V1_DISABLED does not forbid it. No answer at all means
 * there is no instance metadata: no credentials, not an error of a source.
 * Never through a proxy. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "aws/aws_int.h"
#include "aws/aws_secret.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/xalloc.h"

#define TOKEN_TTL "21600"

enum imds_step { IM_TOKEN, IM_ROLE, IM_CREDS, IM_REGION };

struct imds_job {
	struct aws_pending base;
	struct aws_client *c;
	char base_url[256];
	char *token_line;           /* "X-aws-ec2-metadata-token: ...", a secret; NULL: v1 */
	char role[128];
	enum imds_step step;
	int tries, max_tries;
	long timeout_ms;
	struct aws_creds *creds;    /* once fetched, while asking the region */
	struct aws_http_xfer *xfer;
	uint64_t timer;
	aws_creds_done cb;
	void *ctx;
};

static const char *
setting(const struct aws_client *c, const char *env, const char *key)
{
	const char *v = aws_env(env);
	return v ? v : aws_config_get(&c->cfg, c->cfg.profile, key);
}

bool
aws_imds_enabled(const struct aws_client *c)
{
	const char *v = setting(c, "AWS_EC2_METADATA_DISABLED", "ec2_metadata_disabled");
	return !(v && !strcasecmp(v, "true"));
}

static void
job_free(struct imds_job *j)
{
	aws_http_cancel(j->xfer);
	if (j->timer)
		loop_timer_cancel(j->c->loop, j->timer);
	aws_secret_free(j->token_line);
	aws_creds_free(j->creds);
	loop_release(j->c->loop);
	free(j);
}

static void
job_cancel(struct aws_pending *p)
{
	job_free((struct imds_job *)p);
}

static void
job_done(struct imds_job *j, enum aws_err kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
job_done(struct imds_job *j, enum aws_err kind, const char *fmt, ...)
{
	aws_creds_done cb = j->cb;
	void *ctx = j->ctx;
	struct aws_creds *cr = NULL;
	struct aws_error e;
	memset(&e, 0, sizeof e);
	snprintf(e.action, sizeof e.action, "instance metadata");
	if (kind == AWS_ERR_NONE) {
		cr = j->creds;
		j->creds = NULL;
	} else {
		va_list ap;
		va_start(ap, fmt);
		aws_error_vset(&e, kind, fmt, ap);
		va_end(ap);
	}
	j->xfer = NULL;
	job_free(j);
	cb(ctx, cr, cr ? NULL : &e);
}

static void send_step(struct imds_job *j);

static void
retry(void *arg)
{
	struct imds_job *j = arg;
	j->timer = 0;
	send_step(j);
}

static bool
v1_allowed(const struct imds_job *j)
{
	const char *v = setting(j->c, "AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled");
	return !(v && !strcasecmp(v, "true"));
}

static void
got_token(struct imds_job *j, const struct aws_http_resp *r)
{
	if (r->status == 200 && r->body_len && r->body_len < 1000) {
		size_t n = strlen(r->body) + 40;
		j->token_line = xmalloc(n);
		snprintf(j->token_line, n, "X-aws-ec2-metadata-token: %s", r->body);
		j->token_line[strcspn(j->token_line, "\r\n")] = '\0';
	} else if (!((r->status == 403 || r->status == 404 || r->status == 405 ||
		      (!r->status && r->curl_code == CURLE_OPERATION_TIMEDOUT)) && v1_allowed(j))) {
		if (!r->status)
			job_done(j, AWS_ERR_NO_CREDENTIALS, _("no instance metadata at %s (%s)"), j->base_url,
				 r->curl_error[0] ? r->curl_error : "no answer");
		else
			job_done(j, AWS_ERR_CREDENTIAL_SOURCE, _("instance metadata at %s refused a session token: HTTP %ld"),
				 j->base_url, r->status);
		return;
	}
	j->step = IM_ROLE;
	j->tries = 0;
	send_step(j);
}

static void
got_role(struct imds_job *j, const struct aws_http_resp *r)
{
	if (r->status == 404) {
		job_done(j, AWS_ERR_NO_CREDENTIALS, _("the instance at %s has no IAM role"), j->base_url);
		return;
	}
	size_t n = strcspn(r->body, "\r\n");
	if (r->status != 200 || !n || n >= sizeof j->role || !san_is_clean(r->body, n) || memchr(r->body, '/', n)) {
		job_done(j, AWS_ERR_CREDENTIAL_SOURCE, _("instance metadata at %s: no usable role name (HTTP %ld)"),
			 j->base_url, r->status);
		return;
	}
	snprintf(j->role, sizeof j->role, "%.*s", (int)n, r->body);
	j->step = IM_CREDS;
	j->tries = 0;
	send_step(j);
}

static void
got_creds(struct imds_job *j, const struct aws_http_resp *r)
{
	struct aws_error e;
	memset(&e, 0, sizeof e);
	struct aws_creds *cr = aws_creds_new(AWS_SRC_IMDS);
	cr->refreshable = true;
	snprintf(cr->detail, sizeof cr->detail, "role %s", j->role);
	if (r->status != 200 || !aws_creds_from_json(r->body, r->body_len, "Token", cr, &e)) {
		aws_creds_free(cr);
		job_done(j, AWS_ERR_CREDENTIAL_SOURCE, _("instance metadata credentials of role %s: %s"), j->role,
			 r->status != 200 ? "no answer" : e.message);
		return;
	}
	j->creds = cr;
	if (j->c->cfg.region) {
		job_done(j, AWS_ERR_NONE, "%s", "");
		return;
	}
	j->step = IM_REGION;
	j->tries = 0;
	send_step(j);
}

static void
got_region(struct imds_job *j, const struct aws_http_resp *r)
{
	if (r->status == 200 && r->body_len < sizeof j->creds->region_hint) {
		char region[sizeof j->creds->region_hint];
		snprintf(region, sizeof region, "%s", r->body);
		region[strcspn(region, "\r\n")] = '\0';
		if (aws_region_syntax_ok(region))
			snprintf(j->creds->region_hint, sizeof j->creds->region_hint, "%s", region);
	}
	job_done(j, AWS_ERR_NONE, "%s", "");
}

static void
on_answer(void *ctx, const struct aws_http_resp *r)
{
	struct imds_job *j = ctx;
	j->xfer = NULL;
	bool transient = !r->status || r->status >= 500;
	if (transient && j->tries < j->max_tries && !(j->step == IM_TOKEN && r->curl_code == CURLE_COULDNT_CONNECT)) {
		j->timer = loop_timer_add(j->c->loop, 200, retry, j);
		return;
	}
	switch (j->step) {
	case IM_TOKEN: got_token(j, r); break;
	case IM_ROLE: got_role(j, r); break;
	case IM_CREDS: got_creds(j, r); break;
	case IM_REGION: got_region(j, r); break;
	}
}

static void
send_step(struct imds_job *j)
{
	static const char *const paths[] = {
		[IM_TOKEN] = "/latest/api/token", [IM_ROLE] = "/latest/meta-data/iam/security-credentials/",
		[IM_CREDS] = "/latest/meta-data/iam/security-credentials/",
		[IM_REGION] = "/latest/meta-data/placement/region",
	};
	char url[512];
	snprintf(url, sizeof url, "%s%s%s", j->base_url, paths[j->step], j->step == IM_CREDS ? j->role : "");
	const char *hdrs[1];
	size_t nh = 0;
	if (j->step == IM_TOKEN)
		hdrs[nh++] = "X-aws-ec2-metadata-token-ttl-seconds: " TOKEN_TTL;
	else if (j->token_line)
		hdrs[nh++] = j->token_line;
	struct aws_http_req req = {
		.method = j->step == IM_TOKEN ? "PUT" : "GET", .url = url, .headers = hdrs, .n_headers = nh,
		.timeout_ms = j->timeout_ms, .connect_timeout_ms = j->timeout_ms, .no_proxy = true,
		.what = "instance metadata",
	};
	j->tries++;
	j->c->stats.credential_requests++;
	j->xfer = aws_http_start(j->c->http, &req, on_answer, j);
}

static void
endpoint(struct imds_job *j)
{
	const char *ep = setting(j->c, "AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint");
	const char *mode = setting(j->c, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode");
	if (!ep)
		ep = mode && !strcasecmp(mode, "IPv6") ? "http://[fd00:ec2::254]" : "http://169.254.169.254";
	snprintf(j->base_url, sizeof j->base_url, "%s", ep);
	size_t n = strlen(j->base_url);
	while (n > 8 && j->base_url[n - 1] == '/')
		j->base_url[--n] = '\0';
}

static long
number(const struct aws_client *c, const char *env, const char *key, long dflt, long max)
{
	const char *v = setting(c, env, key);
	char *end;
	long n = v ? strtol(v, &end, 10) : 0;
	return v && !*end && n >= 1 && n <= max ? n : dflt;
}

static void
first(void *arg)
{
	retry(arg);
}

struct aws_pending *
aws_imds_fetch(struct aws_client *c, aws_creds_done cb, void *ctx)
{
	struct imds_job *j = xcalloc(1, sizeof *j);
	j->base.cancel = job_cancel;
	j->c = c;
	j->cb = cb;
	j->ctx = ctx;
	endpoint(j);
	j->timeout_ms = 1000 * number(c, "AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout", 1, 60);
	j->max_tries = (int)number(c, "AWS_METADATA_SERVICE_NUM_ATTEMPTS", "metadata_service_num_attempts", 1, 10);
	loop_hold(c->loop);
	j->timer = loop_timer_add(c->loop, 0, first, j);
	return &j->base;
}
