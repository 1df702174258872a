/* HTTP for the AWS APIs and the credential endpoints: a layer over
 * net/http_probe (libcurl's multi interface driven by the one event loop,
 * core/loop.h), so a request never blocks the wizard. Requests to AWS APIs are signed by libcurl itself
 * (CURLOPT_AWS_SIGV4), with the workarounds curl 7.88 needs (see
 * aws_http.c). TLS is verified against the system store or the given CA
 * bundle; HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY are honoured as
 * libcurl reads them, except for the instance and container credential
 * endpoints, which are never reached through a proxy.
 *
 * ACM_DOCTOR_DEBUG=aws traces each request on stderr: the request line and
 * headers, with Authorization, X-Amz-Security-Token, X-aws-ec2-metadata-
 * token and the container's token replaced by their length; bodies by
 * their size only (they carry keys and tokens). */
#ifndef ACMD_AWS_HTTP_H
#define ACMD_AWS_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/loop.h"

#define AWS_HTTP_MAX_BODY (16u * 1024u * 1024u)

struct aws_http_req {
	const char *method;             /* "GET", "POST", "PUT" */
	const char *url;
	const char *const *headers;     /* "Name: value" lines; never a valueless one */
	size_t n_headers;
	const char *body;               /* NULL: none */
	size_t body_len;
	/* SigV4 when access_key_id is set: all four are then required. */
	const char *access_key_id, *secret, *region, *service;
	const char *ca_bundle;          /* NULL: the system's trust store */
	long timeout_ms;                /* the whole transfer; 0: 20000 */
	long connect_timeout_ms;        /* 0: 5000 */
	bool no_proxy;                  /* never through a proxy */
	const char *what;               /* "acm:DescribeCertificate": for the trace */
};

struct aws_http_resp {
	long status;                    /* 0: no HTTP answer (curl_code says why) */
	int curl_code;
	const char *curl_error;
	const char *body;               /* NUL-terminated; wiped after the callback */
	size_t body_len;
	bool body_truncated;            /* more than AWS_HTTP_MAX_BODY */
	const char *error_type;         /* x-amzn-ErrorType, or NULL */
	const char *request_id;         /* x-amzn-RequestId / x-amz-request-id, or NULL */
	const char *host;               /* the URL's host */
	int64_t elapsed_ms;
};

typedef void (*aws_http_cb)(void *ctx, const struct aws_http_resp *r);

struct aws_http;
struct aws_http_xfer;

struct aws_http *aws_http_new(struct loop *loop);
/* Cancels what is still running (no callback). Never from inside one of
 * its callbacks. */
void aws_http_free(struct aws_http *h);

/* Start a request; cb comes once, from the loop (never from inside this
 * call). A request libcurl cannot set up comes back through cb as a
 * failure (status 0, curl_code and curl_error say why); never NULL. */
struct aws_http_xfer *aws_http_start(struct aws_http *h, const struct aws_http_req *req,
				     aws_http_cb cb, void *ctx);
/* No callback after this. */
void aws_http_cancel(struct aws_http_xfer *x);

/* "Authorization: AWS4-HMAC-SHA256 ..." -> "Authorization: <212 chars>":
 * the trace's form of a header line that may carry a secret (written to
 * out, at most outlen bytes). Exposed for its test. */
void aws_http_redact_header(const char *line, size_t len, char *out, size_t outlen);

#endif
