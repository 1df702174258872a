/* STS as a credential source (the aws-api reference, section 1.5):
 * AssumeRoleWithWebIdentity, unsigned, with the token read from its file
 * at each fetch (CI runners and EKS rotate it); AssumeRole, signed with a
 * source profile's credentials. Both answer in XML. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aws/aws_int.h"
#include "aws/aws_secret.h"
#include "aws/aws_xml.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define TOKEN_FILE_MAX (64u * 1024u)
#define STS_VERSION "2011-06-15"

struct sts_job {
	struct aws_pending base;
	struct aws_client *c;
	struct aws_call *call;
	struct aws_creds *source;   /* AssumeRole: signs the request; owned */
	enum aws_cred_source kind;
	char result[64];            /* "AssumeRoleResult" */
	char detail[256];
	aws_creds_done cb;
	void *ctx;
};

static void
job_free(struct sts_job *j)
{
	aws_call_cancel(j->call);
	aws_creds_free(j->source);
	free(j);
}

static void
job_cancel(struct aws_pending *p)
{
	job_free((struct sts_job *)p);
}

static bool
read_creds(const char *body, size_t len, const char *result, struct aws_creds *out, struct aws_error *err)
{
	char why[128];
	struct aws_xml_node *root = aws_xml_parse(body, len, why, sizeof why);
	const struct aws_xml_node *cr = aws_xml_path(aws_xml_child(root, result), "Credentials");
	const char *akid = aws_xml_text(cr, "AccessKeyId"), *secret = aws_xml_text(cr, "SecretAccessKey");
	const char *token = aws_xml_text(cr, "SessionToken"), *exp = aws_xml_text(cr, "Expiration");
	bool ok = akid && *akid && secret && *secret && token && *token;
	if (ok) {
		out->access_key_id = xstrdup(akid);
		out->secret = aws_secret_dup(secret);
		out->token = aws_secret_dup(token);
		if (exp && !aws_time_parse(exp, &out->expiration))
			out->expiration = 0;
	} else {
		aws_error_set(err, AWS_ERR_BAD_RESPONSE, _("STS answered without credentials (%s)"),
			      root ? result : why);
	}
	/* the tree holds the secret and the token */
	for (const struct aws_xml_node *n = cr ? cr->child : NULL; n; n = n->next)
		aws_secret_wipe(n->text, n->text_len);
	aws_xml_free(root);
	return ok;
}

static void
on_sts(void *ctx, const struct aws_response *r, const struct aws_error *err)
{
	struct sts_job *j = ctx;
	aws_creds_done cb = j->cb;
	void *cbctx = j->ctx;
	j->call = NULL;
	struct aws_error e;
	memset(&e, 0, sizeof e);
	struct aws_creds *cr = NULL;
	if (err) {
		e = *err;
	} else {
		cr = aws_creds_new(j->kind);
		cr->refreshable = true;
		snprintf(cr->detail, sizeof cr->detail, "%s", j->detail);
		if (!read_creds(r->body, r->len, j->result, cr, &e)) {
			aws_creds_free(cr);
			cr = NULL;
		}
	}
	job_free(j);
	cb(cbctx, cr, cr ? NULL : &e);
}

static struct sts_job *
job_new(struct aws_client *c, enum aws_cred_source kind, const char *result, const char *detail,
	aws_creds_done cb, void *ctx)
{
	struct sts_job *j = xcalloc(1, sizeof *j);
	j->base.cancel = job_cancel;
	j->c = c;
	j->kind = kind;
	j->cb = cb;
	j->ctx = ctx;
	snprintf(j->result, sizeof j->result, "%s", result);
	snprintf(j->detail, sizeof j->detail, "%s", detail);
	return j;
}

static void
send_sts(struct sts_job *j, const char *action, const char *const *kv, size_t n_pairs,
	 const struct aws_creds *as)
{
	static const char *const hdrs[] = { "Content-Type: application/x-www-form-urlencoded; charset=utf-8" };
	char *body = aws_query_build(kv, n_pairs);
	struct aws_request rq = {
		.svc = AWS_SVC_STS, .action = action, .method = "POST", .path = "/",
		.headers = hdrs, .n_headers = 1, .body = body, .body_len = strlen(body),
		.unsigned_request = as == NULL,
	};
	j->call = aws_client_call_cred(j->c, &rq, as, on_sts, j);
	aws_secret_free(body);
}

static char *
default_session(void)
{
	char buf[64];
	snprintf(buf, sizeof buf, "acm-doctor-%lld", (long long)time(NULL));
	return xstrdup(buf);
}

/* The token file, trimmed; NULL with err. */
static char *
read_token(const char *path, struct aws_error *err)
{
	FILE *f = fopen(path, "rb");
	char *q = san_str(path, 200, SAN_ASCII);
	if (!f) {
		aws_error_set(err, AWS_ERR_CREDENTIAL_SOURCE, _("the web identity token file %s: %s"), q, strerror(errno));
		free(q);
		return NULL;
	}
	char *buf = xmalloc(TOKEN_FILE_MAX + 1);
	size_t n = fread(buf, 1, TOKEN_FILE_MAX + 1, f);
	fclose(f);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		n--;
	buf[n < TOKEN_FILE_MAX ? n : TOKEN_FILE_MAX] = '\0';
	char *tok = NULL;
	if (n == 0 || n > TOKEN_FILE_MAX || strlen(buf) != n)
		aws_error_set(err, AWS_ERR_CREDENTIAL_SOURCE, _("the web identity token file %s is empty or not a token"), q);
	else
		tok = aws_secret_dupn(buf, n);
	aws_secret_wipe(buf, TOKEN_FILE_MAX + 1);
	free(buf);
	free(q);
	return tok;
}

struct aws_pending *
aws_sts_web_identity(struct aws_client *c, const char *role_arn, const char *token_file,
		     const char *session, aws_creds_done cb, void *ctx)
{
	struct aws_error err;
	memset(&err, 0, sizeof err);
	snprintf(err.action, sizeof err.action, "sts:AssumeRoleWithWebIdentity");
	char *token = read_token(token_file, &err);
	if (!token)
		return aws_pending_error(c, &err, cb, ctx);
	struct sts_job *j = job_new(c, AWS_SRC_WEB_IDENTITY, "AssumeRoleWithWebIdentityResult", role_arn, cb, ctx);
	char *sess = session ? xstrdup(session) : default_session();
	const char *kv[] = {
		"Action", "AssumeRoleWithWebIdentity", "Version", STS_VERSION, "RoleArn", role_arn,
		"RoleSessionName", sess, "WebIdentityToken", token,
	};
	send_sts(j, "sts:AssumeRoleWithWebIdentity", kv, 5, NULL);
	free(sess);
	aws_secret_free(token);
	return &j->base;
}

struct aws_pending *
aws_sts_assume_role(struct aws_client *c, struct aws_creds *source, const struct aws_sts_role *role,
		    aws_creds_done cb, void *ctx)
{
	struct sts_job *j = job_new(c, AWS_SRC_ASSUME_ROLE, "AssumeRoleResult", role->role_arn, cb, ctx);
	j->source = source;
	char *sess = role->session ? xstrdup(role->session) : default_session();
	const char *kv[12] = {
		"Action", "AssumeRole", "Version", STS_VERSION, "RoleArn", role->role_arn,
		"RoleSessionName", sess,
	};
	size_t n = 4;
	if (role->external_id) {
		kv[2 * n] = "ExternalId";
		kv[2 * n++ + 1] = role->external_id;
	}
	if (role->duration) {
		kv[2 * n] = "DurationSeconds";
		kv[2 * n++ + 1] = role->duration;
	}
	send_sts(j, "sts:AssumeRole", kv, n, source);
	free(sess);
	return &j->base;
}
