/* The AWS client of acm-doctor's engine: settings (aws_config.h), the
 * credential chain, and signed API calls on the event loop, retried with
 * backoff when AWS throttles or fails (standard retry mode: at most
 * max_attempts, delay rand(0,1) x min(2^attempt, 20) s). Credentials are
 * resolved once, when the first call needs them, and shared by every call;
 * temporary ones are fetched again before they expire and once when AWS
 * says they have. The service calls (aws_acm.h, aws_route53.h,
 * aws_apigw.h) are built on aws_client_call(). */
#ifndef ACMD_AWS_CLIENT_H
#define ACMD_AWS_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aws/aws_config.h"
#include "aws/aws_error.h"
#include "core/loop.h"

/* Where credentials came from, in the order the chain tries them (botocore
 * create_credential_resolver; the aws-api reference, section 3.1):
 * X(SOURCE, stable name, what people read) */
#define AWS_CRED_SOURCES(X) \
	X(ENV, "environment", N_("environment variables")) \
	X(ASSUME_ROLE, "assume-role", N_("role assumed with a profile's role_arn")) \
	X(WEB_IDENTITY, "web-identity", N_("web identity token (AssumeRoleWithWebIdentity)")) \
	X(CREDENTIALS_FILE, "shared-credentials-file", N_("shared credentials file")) \
	X(PROCESS, "credential-process", N_("credential_process of the profile")) \
	X(CONFIG_FILE, "config-file", N_("keys in the config file")) \
	X(CONTAINER, "container", N_("container credentials endpoint")) \
	X(IMDS, "instance-metadata", N_("EC2 instance metadata (IMDSv2)"))

#define AWS_SRC_ENUM(s, name, text) AWS_SRC_##s,
enum aws_cred_source { AWS_CRED_SOURCES(AWS_SRC_ENUM) AWS_SRC__COUNT };
#undef AWS_SRC_ENUM

const char *aws_cred_source_name(enum aws_cred_source s);   /* "environment" */
const char *aws_cred_source_text(enum aws_cred_source s);   /* translated */

struct aws_client_opts {
	const char *profile;        /* --profile, or NULL */
	const char *region;         /* --region (one region), or NULL */
};

struct aws_client;

/* Reads the settings; no network yet. NULL with err when a setting or a
 * shared file is unusable. */
struct aws_client *aws_client_new(struct loop *loop, const struct aws_client_opts *o,
				  char *err, size_t errlen);
/* Cancels every call still running (no callback). Not from a callback. */
void aws_client_free(struct aws_client *c);
const struct aws_config *aws_client_config(const struct aws_client *c);
/* The region to use when a call names none: the configured one, else the
 * instance's (IMDS) once credentials came from there; NULL if none. */
const char *aws_client_region(const struct aws_client *c);

/* Who we are, once credentials are resolved (never a secret). */
struct aws_identity {
	enum aws_cred_source source;
	const char *detail;         /* "profile ci", a role ARN, the process's program */
	bool temporary;             /* a session token came with the keys */
	int64_t expiration;         /* epoch seconds, 0: none */
};
/* The identity of the credentials in use, if any are resolved yet. */
bool aws_client_identity_now(const struct aws_client *c, struct aws_identity *out);

struct aws_response {
	long status;
	const char *body;           /* NUL-terminated; valid during the callback */
	size_t len;
	const char *request_id;
	int attempts;
};

/* Exactly one of r and err is set. */
typedef void (*aws_call_cb)(void *ctx, const struct aws_response *r, const struct aws_error *err);
typedef void (*aws_identity_cb)(void *ctx, const struct aws_identity *id, const struct aws_error *err);

struct aws_request {
	enum aws_service svc;
	const char *region;         /* NULL: the client's; Route 53 needs none */
	const char *action;         /* the IAM action: "acm:DescribeCertificate" */
	const char *method;         /* "GET", "POST" */
	const char *path;           /* unreserved characters and '/' only (curl 7.88) */
	const char *query;          /* built by aws_query_build(), or NULL */
	const char *const *headers;
	size_t n_headers;
	const char *body;
	size_t body_len;
	bool unsigned_request;      /* STS AssumeRoleWithWebIdentity */
};

struct aws_call;

/* cb comes once, from the loop; NULL is never returned. */
struct aws_call *aws_client_call(struct aws_client *c, const struct aws_request *rq,
				 aws_call_cb cb, void *ctx);
/* Resolve the credentials (or reuse them) and say whose they are. */
struct aws_call *aws_client_identity(struct aws_client *c, aws_identity_cb cb, void *ctx);
/* No callback after this. */
void aws_call_cancel(struct aws_call *call);

/* A service operation under way (it may make several calls: pages, a
 * second API); cancel() stops it without callback. */
struct aws_op {
	void (*cancel)(struct aws_op *op);
};
static inline void
aws_op_cancel(struct aws_op *op)
{
	if (op)
		op->cancel(op);
}

struct aws_stats {
	int calls;                  /* API calls made */
	int requests;               /* HTTP requests to the APIs, retries included */
	int retries;
	int credential_requests;    /* to STS, IMDS, the container endpoint */
	int64_t total_ms, max_ms;   /* over the API requests */
};
void aws_client_stats(const struct aws_client *c, struct aws_stats *out);

/* "k1=v1&k2=v2" from n key/value pairs, sorted by key and percent-encoded
 * as SigV4's canonical query is (curl 7.88 signs the query as written). */
char *aws_query_build(const char *const *kv, size_t n_pairs);
/* Percent-encode s (unreserved A-Z a-z 0-9 - . _ ~ kept) onto sb. */
struct strbuf;
void aws_uri_encode(struct strbuf *sb, const char *s);

#endif
