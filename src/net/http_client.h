/* HTTPS requests with libcurl's multi interface, driven by the one event
 * loop: curl's sockets are watched with loop_watch and its timeouts are
 * loop timers, so nothing blocks. Made for small JSON documents from
 * servers that may be hostile: the body is bounded (a larger one fails),
 * redirects are followed only over HTTPS and at most max_redirects times,
 * and one timeout covers the whole exchange. libcurl honours https_proxy /
 * HTTPS_PROXY and no_proxy itself; the trust store is the system's unless
 * a CA file is given, or CURL_CA_BUNDLE or SSL_CERT_FILE name one (read
 * here explicitly: libcurl itself only honours them in the curl tool). */
#ifndef ACMD_NET_HTTP_CLIENT_H
#define ACMD_NET_HTTP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/loop.h"

#define HTTP_DEFAULT_MAX_BYTES (1024 * 1024)
#define HTTP_DEFAULT_TIMEOUT_MS 10000
#define HTTP_DEFAULT_MAX_REDIRECTS 5

struct http_client;
struct http_request;

struct http_request_opts {
	const char *url;            /* https:// */
	const char *accept;         /* Accept header, or NULL */
	const char *ca_file;        /* PEM trust store; NULL: environment, then the system's */
	int timeout_ms;             /* whole request; 0: the default */
	int max_redirects;          /* 0: the default; -1: none */
	size_t max_bytes;           /* body; 0: the default */
};

enum http_failure {
	HTTP_FAIL_NONE,
	HTTP_FAIL_TIMEOUT,
	HTTP_FAIL_TOO_BIG,
	HTTP_FAIL_REDIRECTS,        /* more redirects than allowed */
	HTTP_FAIL_TLS,              /* certificate or handshake */
	HTTP_FAIL_CONNECT,          /* name not resolved, refused, unreachable */
	HTTP_FAIL_OTHER,
};

struct http_result {
	bool ok;                    /* a complete HTTP answer came (any status) */
	enum http_failure failure;
	long status;                /* 200, 404 ...; 0 without an answer */
	char *content_type;         /* sanitised, or NULL */
	char *body;                 /* NUL-terminated copy of the body (may hold NULs) */
	size_t len;
	char *final_url;            /* after redirects, sanitised */
	long redirects;
	char *retry_after;          /* Retry-After header, sanitised, or NULL */
	char *error;                /* why not ok, for people (sanitised) */
	int64_t elapsed_ms;
};

/* res is valid only while the callback runs. */
typedef void (*http_cb)(void *ctx, const struct http_result *res);

/* NULL with err set when libcurl cannot start. */
struct http_client *http_client_new(struct loop *loop, char *err, size_t errlen);
/* Cancels what is pending (no callbacks). */
void http_client_free(struct http_client *hc);

/* Start a GET; cb runs once from the loop unless cancelled. Holds the loop
 * while pending. Never calls cb from inside this call. */
struct http_request *http_get(struct http_client *hc, const struct http_request_opts *o,
			      http_cb cb, void *ctx);
void http_cancel(struct http_request *r);

/* "timeout", "too-big", ...: for JSON. */
const char *http_failure_name(enum http_failure f);

#endif
