/* What went wrong with an AWS request or a credential source, classified
 * so that the layers above can say what to do (acm/acm_aws.c turns each
 * kind into a finding). Codes and messages are AWS's own where AWS gave
 * them (botocore parsers.py: JSON __type / x-amzn-ErrorType cut at ':' and
 * after '#', XML Error/Code), sanitised and bounded here; a secret is never
 * put in one. */
#ifndef ACMD_AWS_ERROR_H
#define ACMD_AWS_ERROR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* X(KIND, stable name for JSON) */
#define AWS_ERROR_KINDS(X) \
	X(NONE, "none") \
	X(NO_CREDENTIALS, "no-credentials")       /* no source in the chain has any */ \
	X(CREDENTIAL_SOURCE, "credential-source") /* a configured source failed */ \
	X(EXPIRED, "expired-token")               /* ExpiredToken(Exception) */ \
	X(INVALID_KEY, "invalid-key")             /* UnrecognizedClient, InvalidClientTokenId */ \
	X(SIGNATURE, "signature")                 /* SignatureDoesNotMatch: wrong secret */ \
	X(CLOCK_SKEW, "clock-skew")               /* "Signature expired", "not yet current" */ \
	X(ACCESS_DENIED, "access-denied")         /* an IAM action is not allowed */ \
	X(THROTTLED, "throttled")                 /* still throttled after the retries */ \
	X(NOT_FOUND, "not-found")                 /* no such certificate, domain name, zone */ \
	X(BAD_REQUEST, "bad-request")             /* ValidationException, InvalidArn... */ \
	X(REGION, "region")                       /* no such region, or not enabled */ \
	X(NETWORK, "network")                     /* connect, resolve, timeout, proxy */ \
	X(TLS, "tls")                             /* the endpoint's certificate is not trusted */ \
	X(SERVER, "server")                       /* 5xx after the retries */ \
	X(BAD_RESPONSE, "bad-response")           /* an answer we cannot read */

#define AWS_ERR_ENUM(k, name) AWS_ERR_##k,
enum aws_err { AWS_ERROR_KINDS(AWS_ERR_ENUM) AWS_ERR__COUNT };
#undef AWS_ERR_ENUM

struct aws_error {
	enum aws_err kind;
	char code[80];              /* AWS's code ("AccessDeniedException"), or "" */
	char message[600];          /* AWS's message, or ours; sanitised */
	char action[100];           /* the IAM action called ("acm:DescribeCertificate") */
	char denied_action[100];    /* the one AWS said is denied, if it said */
	char where[200];            /* "acm:DescribeCertificate in eu-west-1" */
	char request_id[80];
	long http_status;           /* 0: no HTTP answer */
	int attempts;               /* requests sent, retries included */
};

const char *aws_err_name(enum aws_err k);

void aws_error_set(struct aws_error *e, enum aws_err kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void aws_error_vset(struct aws_error *e, enum aws_err kind, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* Classify an HTTP answer with status >= 300. error_type: the
 * x-amzn-ErrorType header or NULL; body: JSON (ACM, API Gateway) or XML
 * (Route 53, STS). action: the IAM action of the call. */
void aws_error_from_http(struct aws_error *e, const char *action, long status,
			 const char *error_type, const char *body, size_t len);
/* Classify a transfer that got no HTTP answer: curl's code and text, and
 * the URL's host (a region's host that does not resolve names a region). */
void aws_error_from_transport(struct aws_error *e, const char *action, int curl_code,
			      const char *curl_text, const char *host);

/* Worth another attempt (standard retry mode): throttling, 5xx,
 * connection failures, timeouts. *throttle says which backoff applies. */
bool aws_error_retryable(const struct aws_error *e, bool *throttle);

#endif
