/* Inside the AWS client: the credentials themselves and the sources that
 * fetch them. Only the files of src/aws/ include this.
 *
 *   aws_client.c     settings, calls with retries, the credential cache
 *   aws_creds.c      the chain: which source, in which order; env and files
 *   aws_process.c    credential_process: the helper run without a shell
 *   aws_sts.c        AssumeRoleWithWebIdentity and AssumeRole (XML)
 *   aws_container.c  the ECS/EKS container credentials endpoint
 *   aws_imds.c       EC2 instance metadata, IMDSv2 (v1 only as a fallback)
 *   aws_query.c      canonical query strings and form bodies */
#ifndef ACMD_AWS_INT_H
#define ACMD_AWS_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "aws/aws_client.h"
#include "aws/aws_http.h"

struct aws_creds {
	char *access_key_id;        /* not a secret (CloudTrail shows it); never printed either */
	char *secret;               /* aws_secret_dup'd */
	char *token;                /* aws_secret_dup'd; NULL for a long-term key */
	int64_t expiration;         /* epoch seconds, 0: none */
	enum aws_cred_source source;
	char detail[320];           /* "profile ci", a role ARN, a program */
	char region_hint[48];       /* the instance's region (IMDS), "" */
	bool refreshable;           /* the source can hand out new ones */
};

struct aws_creds *aws_creds_new(enum aws_cred_source src);
void aws_creds_free(struct aws_creds *c);
/* {"AccessKeyId", "SecretAccessKey", token_key ("Token", "SessionToken"),
 * "Expiration"} as the container endpoint, IMDS and credential_process
 * give them, into out. False with err (kind CREDENTIAL_SOURCE) naming the
 * field; a secret is never quoted. */
bool aws_creds_from_json(const char *body, size_t len, const char *token_key,
			 struct aws_creds *out, struct aws_error *err);
/* "2026-01-01T00:00:00Z" and the like, to epoch seconds. */
bool aws_time_parse(const char *s, int64_t *out);

/* A credential fetch under way; its cancel() stops it without callback. */
struct aws_pending {
	void (*cancel)(struct aws_pending *p);
};
/* ownership of creds passes to the callee; exactly one of them is set */
typedef void (*aws_creds_done)(void *ctx, struct aws_creds *creds, const struct aws_error *err);

struct aws_call_slot;

struct aws_client {
	struct loop *loop;
	struct aws_config cfg;
	struct aws_http *http;
	struct aws_creds *creds;            /* the resolved credentials, or NULL */
	struct aws_pending *resolving;      /* the chain under way */
	struct aws_call *calls;             /* every call not yet called back */
	struct aws_stats stats;
	unsigned rand_state;
};

/* The chain (aws_creds.c): every source in the SDKs' order. */
struct aws_pending *aws_creds_chain(struct aws_client *c, aws_creds_done cb, void *ctx);
/* The credentials of one named profile (a role's source_profile). */
struct aws_pending *aws_creds_profile(struct aws_client *c, const char *profile, int depth,
				      aws_creds_done cb, void *ctx);

/* A command line split as a POSIX shell splits words (quotes, backslashes;
 * no expansion): argv to free with strv_free. -1 with err when a quote is
 * not closed or nothing is left. */
int aws_shell_split(const char *cmd, char ***argv, size_t *argc, char *err, size_t errlen);

/* The sources (one file each). configured(): is it set up at all? */
struct aws_pending *aws_process_fetch(struct aws_client *c, const char *command,
				      const char *profile, aws_creds_done cb, void *ctx);
bool aws_container_configured(void);
struct aws_pending *aws_container_fetch(struct aws_client *c, aws_creds_done cb, void *ctx);
bool aws_imds_enabled(const struct aws_client *c);
struct aws_pending *aws_imds_fetch(struct aws_client *c, aws_creds_done cb, void *ctx);
struct aws_pending *aws_sts_web_identity(struct aws_client *c, const char *role_arn,
					 const char *token_file, const char *session,
					 aws_creds_done cb, void *ctx);
struct aws_sts_role {
	const char *role_arn, *session, *external_id, *duration;
	const char *profile;                /* for messages */
};
/* AssumeRole signed with source (which the job takes over). */
struct aws_pending *aws_sts_assume_role(struct aws_client *c, struct aws_creds *source,
					const struct aws_sts_role *role, aws_creds_done cb, void *ctx);

/* A call of a credential source (STS): unsigned, or signed with the given
 * credentials rather than the client's (the AssumeRole of a role chain);
 * counted as a credential request. */
struct aws_call *aws_client_call_cred(struct aws_client *c, const struct aws_request *rq,
				      const struct aws_creds *as, aws_call_cb cb, void *ctx);
/* A fresh pending that reports err from the loop (for sources that fail
 * before any request). */
struct aws_pending *aws_pending_error(struct aws_client *c, const struct aws_error *err,
				      aws_creds_done cb, void *ctx);

#endif
