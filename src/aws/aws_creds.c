/* The credential chain (see aws_client.h for the order and its source).
 * Each step either does not apply (nothing of it is configured: the next
 * one is tried), or finishes the chain: with credentials, or with the
 * error of a source that is configured but fails (botocore does the same:
 * a broken credential_process is an error, not a reason to try IMDS). The
 * last step, IMDS, is the exception: no instance metadata means there are
 * no credentials. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "aws/aws_int.h"
#include "aws/aws_secret.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define ROLE_CHAIN_MAX 5

/* ---- credentials ---- */

struct aws_creds *
aws_creds_new(enum aws_cred_source src)
{
	struct aws_creds *c = xcalloc(1, sizeof *c);
	c->source = src;
	return c;
}

void
aws_creds_free(struct aws_creds *c)
{
	if (!c)
		return;
	free(c->access_key_id);
	aws_secret_free(c->secret);
	aws_secret_free(c->token);
	aws_secret_wipe(c, sizeof *c);
	free(c);
}

bool
aws_time_parse(const char *s, int64_t *out)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *rest = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!rest)
		return false;
	if (*rest == '.')
		for (rest++; *rest >= '0' && *rest <= '9'; rest++)
			;
	int off = 0;
	if ((*rest == '+' || *rest == '-') && strlen(rest) >= 5) {
		int h = (rest[1] - '0') * 10 + (rest[2] - '0');
		const char *m = rest + 3 + (rest[3] == ':');
		int mi = (m[0] - '0') * 10 + (m[1] - '0');
		off = (*rest == '-' ? -1 : 1) * (h * 3600 + mi * 60);
	} else if (*rest != 'Z' && *rest != 'z' && *rest) {
		return false;
	}
	*out = (int64_t)timegm(&tm) - off;
	return true;
}

static bool
json_str(const cJSON *j, const char *key, const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
	*out = cJSON_IsString(v) && *v->valuestring ? v->valuestring : NULL;
	return *out != NULL;
}

bool
aws_creds_from_json(const char *body, size_t len, const char *token_key,
		    struct aws_creds *out, struct aws_error *err)
{
	cJSON *j = cJSON_ParseWithLength(body, len);
	const char *akid, *secret, *token, *exp;
	bool ok = cJSON_IsObject(j);
	if (!ok)
		aws_error_set(err, AWS_ERR_CREDENTIAL_SOURCE, "%s", _("the answer is not a JSON object"));
	else if (!json_str(j, "AccessKeyId", &akid))
		aws_error_set(err, AWS_ERR_CREDENTIAL_SOURCE, "%s", _("the answer has no AccessKeyId"));
	else if (!json_str(j, "SecretAccessKey", &secret))
		aws_error_set(err, AWS_ERR_CREDENTIAL_SOURCE, "%s", _("the answer has no SecretAccessKey"));
	if (ok && akid && secret) {
		out->access_key_id = xstrdup(akid);
		out->secret = aws_secret_dup(secret);
		if (json_str(j, token_key, &token))
			out->token = aws_secret_dup(token);
		if (json_str(j, "Expiration", &exp) && !aws_time_parse(exp, &out->expiration)) {
			aws_error_set(err, AWS_ERR_CREDENTIAL_SOURCE, "%s",
				      _("the answer's Expiration is not an ISO 8601 time"));
			ok = false;
		}
	} else {
		ok = false;
	}
	/* the parsed tree holds the secret too */
	if (j) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "SecretAccessKey");
		if (cJSON_IsString(v))
			aws_secret_wipe(v->valuestring, strlen(v->valuestring));
		v = cJSON_GetObjectItemCaseSensitive(j, token_key);
		if (cJSON_IsString(v))
			aws_secret_wipe(v->valuestring, strlen(v->valuestring));
	}
	cJSON_Delete(j);
	return ok;
}

/* ---- a pending that only reports ---- */

struct pending_error {
	struct aws_pending base;
	struct aws_client *c;
	struct aws_error err;
	aws_creds_done cb;
	void *ctx;
	uint64_t timer;
};

static void
pe_cancel(struct aws_pending *p)
{
	struct pending_error *pe = (struct pending_error *)p;
	loop_timer_cancel(pe->c->loop, pe->timer);
	loop_release(pe->c->loop);
	free(pe);
}

static void
pe_fire(void *arg)
{
	struct pending_error *pe = arg;
	aws_creds_done cb = pe->cb;
	void *ctx = pe->ctx;
	struct aws_error err = pe->err;
	loop_release(pe->c->loop);
	free(pe);
	cb(ctx, NULL, &err);
}

struct aws_pending *
aws_pending_error(struct aws_client *c, const struct aws_error *err, aws_creds_done cb, void *ctx)
{
	struct pending_error *pe = xcalloc(1, sizeof *pe);
	pe->base.cancel = pe_cancel;
	pe->c = c;
	pe->err = *err;
	pe->cb = cb;
	pe->ctx = ctx;
	loop_hold(c->loop);
	pe->timer = loop_timer_add(c->loop, 0, pe_fire, pe);
	return &pe->base;
}

/* ---- the chain ---- */

enum step {
	ST_PROFILE_CHECK, ST_ENV, ST_ROLE, ST_WEB_IDENTITY, ST_SSO, ST_CREDENTIALS_FILE,
	ST_PROCESS, ST_CONFIG_FILE, ST_CONTAINER, ST_IMDS, ST_END,
};

struct chain {
	struct aws_pending base;
	struct aws_client *c;
	aws_creds_done cb;
	void *ctx;
	char *profile;
	int depth;                  /* 0: the whole chain; >0: a role's source profile */
	enum step step;
	struct aws_pending *sub;
	uint64_t timer;
	struct aws_sts_role role;   /* points into the config */
	struct strbuf looked;       /* where we looked, for "no credentials" */
};

enum outcome { NOT_HERE, STARTED, FINISHED };

static void
chain_free(struct chain *ch)
{
	if (ch->timer)
		loop_timer_cancel(ch->c->loop, ch->timer);
	if (ch->sub)
		ch->sub->cancel(ch->sub);
	free(ch->profile);
	sb_free(&ch->looked);
	loop_release(ch->c->loop);
	free(ch);
}

static void
chain_cancel(struct aws_pending *p)
{
	chain_free((struct chain *)p);
}

static void
chain_finish(struct chain *ch, struct aws_creds *creds, const struct aws_error *err)
{
	aws_creds_done cb = ch->cb;
	void *ctx = ch->ctx;
	struct aws_error e;
	if (err)
		e = *err;
	ch->sub = NULL;
	chain_free(ch);
	cb(ctx, creds, err ? &e : NULL);
}

static enum outcome
chain_error(struct chain *ch, enum aws_err kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum outcome
chain_error(struct chain *ch, enum aws_err kind, const char *fmt, ...)
{
	struct aws_error e;
	memset(&e, 0, sizeof e);
	va_list ap;
	va_start(ap, fmt);
	aws_error_vset(&e, kind, fmt, ap);
	va_end(ap);
	snprintf(e.action, sizeof e.action, "credentials");
	chain_finish(ch, NULL, &e);
	return FINISHED;
}

static void
looked(struct chain *ch, const char *what)
{
	sb_addf(&ch->looked, "%s%s", ch->looked.len ? "; " : "", what);
}

/* Keys from a pair of places; an incomplete pair is an error. */
static enum outcome
static_keys(struct chain *ch, enum aws_cred_source src, const char *akid, const char *secret,
	    const char *token, const char *where)
{
	if (!akid && !secret)
		return NOT_HERE;
	if (!akid || !secret)
		return chain_error(ch, AWS_ERR_CREDENTIAL_SOURCE,
				   _("%s has %s but not %s"), where,
				   akid ? "aws_access_key_id" : "aws_secret_access_key",
				   akid ? "aws_secret_access_key" : "aws_access_key_id");
	struct aws_creds *cr = aws_creds_new(src);
	cr->access_key_id = xstrdup(akid);
	cr->secret = aws_secret_dup(secret);
	cr->token = token ? aws_secret_dup(token) : NULL;
	snprintf(cr->detail, sizeof cr->detail, "%s", where);
	chain_finish(ch, cr, NULL);
	return FINISHED;
}

static enum outcome
step_env(struct chain *ch)
{
	if (ch->depth || (ch->c->cfg.profile_from && !strcmp(ch->c->cfg.profile_from, "--profile"))) {
		return NOT_HERE;    /* an explicit profile wins over the environment (botocore) */
	}
	const char *akid = aws_env("AWS_ACCESS_KEY_ID"), *secret = aws_env("AWS_SECRET_ACCESS_KEY");
	const char *token = aws_env("AWS_SESSION_TOKEN");
	if (!token)
		token = aws_env("AWS_SECURITY_TOKEN");
	looked(ch, "AWS_ACCESS_KEY_ID");
	if (akid && secret) {
		const char *exp = aws_env("AWS_CREDENTIAL_EXPIRATION");
		int64_t t;
		if (exp && aws_time_parse(exp, &t) && t <= (int64_t)time(NULL))
			return chain_error(ch, AWS_ERR_EXPIRED, "%s",
					   _("the credentials in the environment have expired (AWS_CREDENTIAL_EXPIRATION is in the past)"));
	}
	if (!akid && !secret)
		return NOT_HERE;
	if (!akid || !secret)
		return chain_error(ch, AWS_ERR_CREDENTIAL_SOURCE, _("%s is set but %s is not"),
				   akid ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
				   akid ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
	return static_keys(ch, AWS_SRC_ENV, akid, secret, token,
			   token ? "AWS_ACCESS_KEY_ID, AWS_SESSION_TOKEN" : "AWS_ACCESS_KEY_ID");
}

static const char *
pget(const struct chain *ch, const char *key)
{
	return aws_config_get(&ch->c->cfg, ch->profile, key);
}

static const char *
pget_any(const struct chain *ch, const char *key)
{
	const char *v = aws_credentials_get(&ch->c->cfg, ch->profile, key);
	return v ? v : pget(ch, key);
}

static enum outcome
step_profile_check(struct chain *ch)
{
	const struct aws_config *cfg = &ch->c->cfg;
	if (aws_profile_exists(cfg, ch->profile) || (!ch->depth && !cfg->profile_from))
		return NOT_HERE;
	if (ch->depth)
		return chain_error(ch, AWS_ERR_CREDENTIAL_SOURCE, _("the source_profile %s is in neither %s nor %s"),
				   ch->profile, cfg->config_path, cfg->credentials_path);
	return NOT_HERE;    /* reported when a step needs it: env keys may still do */
}

static void on_sub_creds(void *ctx, struct aws_creds *creds, const struct aws_error *err);
static void on_role_source(void *ctx, struct aws_creds *creds, const struct aws_error *err);

static enum outcome
role_from_source(struct chain *ch, const char *source_profile, const char *credential_source)
{
	struct aws_client *c = ch->c;
	if (source_profile && !strcmp(source_profile, ch->profile)) {
		/* a profile that names itself: its own keys assume the role */
		const char *akid = pget_any(ch, "aws_access_key_id"), *sec = pget_any(ch, "aws_secret_access_key");
		if (!akid || !sec)
			return chain_error(ch, AWS_ERR_CREDENTIAL_SOURCE,
					   _("profile %s is its own source_profile but has no keys"), ch->profile);
		struct aws_creds *cr = aws_creds_new(AWS_SRC_CREDENTIALS_FILE);
		cr->access_key_id = xstrdup(akid);
		cr->secret = aws_secret_dup(sec);
		const char *tok = pget_any(ch, "aws_session_token");
		cr->token = tok ? aws_secret_dup(tok) : NULL;
		ch->sub = aws_sts_assume_role(c, cr, &ch->role, on_sub_creds, ch);
		return STARTED;
	}
	if (source_profile) {
		if (ch->depth >= ROLE_CHAIN_MAX)
			return chain_error(ch, AWS_ERR_CREDENTIAL_SOURCE,
					   _("the role chain from profile %s is longer than %d profiles (a cycle?)"),
					   ch->profile, ROLE_CHAIN_MAX);
		ch->sub = aws_creds_profile(c, source_profile, ch->depth + 1, on_role_source, ch);
		return STARTED;
	}
	if (!strcmp(credential_source, "Environment")) {
		const char *akid = aws_env("AWS_ACCESS_KEY_ID"), *sec = aws_env("AWS_SECRET_ACCESS_KEY");
		if (!akid || !sec)
			return chain_error(ch, AWS_ERR_CREDENTIAL_SOURCE,
					   _("profile %s takes its source credentials from the environment, which has none"), ch->profile);
		struct aws_creds *cr = aws_creds_new(AWS_SRC_ENV);
		cr->access_key_id = xstrdup(akid);
		cr->secret = aws_secret_dup(sec);
		cr->token = aws_secret_dup(aws_env("AWS_SESSION_TOKEN"));
		ch->sub = aws_sts_assume_role(c, cr, &ch->role, on_sub_creds, ch);
		return STARTED;
	}
	if (!strcmp(credential_source, "Ec2InstanceMetadata")) {
		ch->sub = aws_imds_fetch(c, on_role_source, ch);
		return STARTED;
	}
	if (!strcmp(credential_source, "EcsContainer")) {
		ch->sub = aws_container_fetch(c, on_role_source, ch);
		return STARTED;
	}
	return chain_error(ch, AWS_ERR_CREDENTIAL_SOURCE,
			   _("profile %s: credential_source %s is not one of Environment, Ec2InstanceMetadata, EcsContainer"),
			   ch->profile, credential_source);
}

static enum outcome
step_role(struct chain *ch)
{
	const char *arn = pget(ch, "role_arn");
	if (!arn || pget(ch, "web_identity_token_file"))
		return NOT_HERE;
	const char *sp = pget(ch, "source_profile"), *cs = pget(ch, "credential_source");
	if (pget(ch, "mfa_serial"))
		return chain_error(ch, AWS_ERR_CREDENTIAL_SOURCE,
				   _("profile %s needs an MFA code (mfa_serial), which acm-doctor cannot ask for: give it a profile with credential_process = aws configure export-credentials --profile %s --format process"),
				   ch->profile, ch->profile);
	if (!sp && !cs)
		return chain_error(ch, AWS_ERR_CREDENTIAL_SOURCE,
				   _("profile %s has role_arn but neither source_profile nor credential_source"), ch->profile);
	ch->role = (struct aws_sts_role){ .role_arn = arn, .session = pget(ch, "role_session_name"),
					  .external_id = pget(ch, "external_id"),
					  .duration = pget(ch, "duration_seconds"), .profile = ch->profile };
	return role_from_source(ch, sp, cs ? cs : "");
}

static enum outcome
step_web_identity(struct chain *ch)
{
	bool explicit = ch->c->cfg.profile_from && !strcmp(ch->c->cfg.profile_from, "--profile");
	const char *file = NULL, *arn = NULL, *session = NULL;
	if (!ch->depth && !explicit && (file = aws_env("AWS_WEB_IDENTITY_TOKEN_FILE"))) {
		arn = aws_env("AWS_ROLE_ARN");
		session = aws_env("AWS_ROLE_SESSION_NAME");
		if (!arn)
			return chain_error(ch, AWS_ERR_CREDENTIAL_SOURCE, "%s",
					   _("AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not"));
	} else if ((file = pget(ch, "web_identity_token_file"))) {
		arn = pget(ch, "role_arn");
		session = pget(ch, "role_session_name");
		if (!arn)
			return chain_error(ch, AWS_ERR_CREDENTIAL_SOURCE,
					   _("profile %s has web_identity_token_file but no role_arn"), ch->profile);
	}
	if (!ch->depth)
		looked(ch, "AWS_WEB_IDENTITY_TOKEN_FILE");
	if (!file)
		return NOT_HERE;
	ch->sub = aws_sts_web_identity(ch->c, arn, file, session, on_sub_creds, ch);
	return STARTED;
}

static enum outcome
step_sso(struct chain *ch)
{
	if (!pget(ch, "sso_session") && !pget(ch, "sso_start_url") && !pget(ch, "sso_account_id"))
		return NOT_HERE;
	return chain_error(ch, AWS_ERR_CREDENTIAL_SOURCE,
			   _("profile %s uses IAM Identity Center (SSO), which acm-doctor does not log in to itself: run 'aws sso login --profile %s', then use a profile with credential_process = aws configure export-credentials --profile %s --format process"),
			   ch->profile, ch->profile, ch->profile);
}

static enum outcome
step_file_keys(struct chain *ch, bool credentials_file)
{
	const struct aws_config *cfg = &ch->c->cfg;
	const char *path = credentials_file ? cfg->credentials_path : cfg->config_path;
	const char *(*get)(const struct aws_config *, const char *, const char *) =
		credentials_file ? aws_credentials_get : aws_config_get;
	const char *token = get(cfg, ch->profile, "aws_session_token");
	if (!token)
		token = get(cfg, ch->profile, "aws_security_token");
	char where[600];
	snprintf(where, sizeof where, _("profile %s in %s"), ch->profile, path);
	return static_keys(ch, credentials_file ? AWS_SRC_CREDENTIALS_FILE : AWS_SRC_CONFIG_FILE,
			   get(cfg, ch->profile, "aws_access_key_id"),
			   get(cfg, ch->profile, "aws_secret_access_key"), token, where);
}

static enum outcome
step_process(struct chain *ch)
{
	const char *cmd = pget_any(ch, "credential_process");
	if (!cmd)
		return NOT_HERE;
	ch->sub = aws_process_fetch(ch->c, cmd, ch->profile, on_sub_creds, ch);
	return STARTED;
}

static enum outcome
step_container(struct chain *ch)
{
	if (ch->depth)
		return NOT_HERE;
	looked(ch, "AWS_CONTAINER_CREDENTIALS_*");
	if (!aws_container_configured())
		return NOT_HERE;
	ch->sub = aws_container_fetch(ch->c, on_sub_creds, ch);
	return STARTED;
}

static enum outcome
step_imds(struct chain *ch)
{
	if (ch->depth || !aws_imds_enabled(ch->c))
		return NOT_HERE;
	ch->sub = aws_imds_fetch(ch->c, on_sub_creds, ch);
	return STARTED;
}

static enum outcome
step_end(struct chain *ch)
{
	const struct aws_config *cfg = &ch->c->cfg;
	if (ch->depth)
		return chain_error(ch, AWS_ERR_CREDENTIAL_SOURCE, _("the source_profile %s has no credentials"),
				   ch->profile);
	if (cfg->profile_from && !aws_profile_exists(cfg, ch->profile))
		return chain_error(ch, AWS_ERR_CREDENTIAL_SOURCE, _("the profile %s (from %s) is in neither %s nor %s"),
				   ch->profile, cfg->profile_from, cfg->config_path, cfg->credentials_path);
	return chain_error(ch, AWS_ERR_NO_CREDENTIALS, _("looked at %s; profile %s in %s and %s"),
			   ch->looked.buf, ch->profile, cfg->credentials_path, cfg->config_path);
}

static void
advance(struct chain *ch)
{
	for (;;) {
		enum outcome o = NOT_HERE;
		switch (ch->step++) {
		case ST_PROFILE_CHECK: o = step_profile_check(ch); break;
		case ST_ENV: o = step_env(ch); break;
		case ST_ROLE: o = step_role(ch); break;
		case ST_WEB_IDENTITY: o = step_web_identity(ch); break;
		case ST_SSO: o = step_sso(ch); break;
		case ST_CREDENTIALS_FILE: o = step_file_keys(ch, true); break;
		case ST_PROCESS: o = step_process(ch); break;
		case ST_CONFIG_FILE: o = step_file_keys(ch, false); break;
		case ST_CONTAINER: o = step_container(ch); break;
		case ST_IMDS: o = step_imds(ch); break;
		default: o = step_end(ch); break;
		}
		if (o != NOT_HERE)
			return;
	}
}

static void
on_sub_creds(void *ctx, struct aws_creds *creds, const struct aws_error *err)
{
	struct chain *ch = ctx;
	ch->sub = NULL;
	if (creds && ch->step - 1 == ST_ROLE)
		snprintf(creds->detail, sizeof creds->detail, "%s (profile %s)", ch->role.role_arn, ch->profile);
	/* IMDS that does not answer at all: there are simply no credentials */
	if (!creds && ch->step - 1 == ST_IMDS && err->kind == AWS_ERR_NO_CREDENTIALS) {
		struct aws_error e = *err;
		char msg[sizeof e.message];
		snprintf(msg, sizeof msg, "%s", e.message);
		sb_addf(&ch->looked, "; %s", msg);
		step_end(ch);
		return;
	}
	chain_finish(ch, creds, err);
}

static void
on_role_source(void *ctx, struct aws_creds *source, const struct aws_error *err)
{
	struct chain *ch = ctx;
	ch->sub = NULL;
	if (!source) {
		chain_finish(ch, NULL, err);
		return;
	}
	ch->sub = aws_sts_assume_role(ch->c, source, &ch->role, on_sub_creds, ch);
}

static void
start_soon(void *arg)
{
	struct chain *ch = arg;
	ch->timer = 0;
	advance(ch);
}

static struct aws_pending *
chain_new(struct aws_client *c, const char *profile, int depth, aws_creds_done cb, void *ctx)
{
	struct chain *ch = xcalloc(1, sizeof *ch);
	ch->base.cancel = chain_cancel;
	ch->c = c;
	ch->cb = cb;
	ch->ctx = ctx;
	ch->profile = xstrdup(profile);
	ch->depth = depth;
	ch->step = ST_PROFILE_CHECK;
	sb_init_limit(&ch->looked, 2000);
	loop_hold(c->loop);
	/* never call back from inside the caller */
	ch->timer = loop_timer_add(c->loop, 0, start_soon, ch);
	return &ch->base;
}

struct aws_pending *
aws_creds_chain(struct aws_client *c, aws_creds_done cb, void *ctx)
{
	return chain_new(c, c->cfg.profile, 0, cb, ctx);
}

struct aws_pending *
aws_creds_profile(struct aws_client *c, const char *profile, int depth, aws_creds_done cb, void *ctx)
{
	return chain_new(c, profile, depth, cb, ctx);
}
