/* HTTP requests with libcurl, driven by the one event loop: a curl multi
 * handle per client whose sockets and timer are the loop's (CURLMOPT_
 * SOCKETFUNCTION and TIMERFUNCTION), so nothing blocks and HTTP runs
 * beside the DNS and TLS probes. A general piece: any probe that speaks
 * HTTP (API Gateway fingerprints, RDAP, the AWS APIs) starts requests on a
 * client and gets one callback per request, from the loop.
 *
 * The far end is hostile: the head and the body are bounded (a body over
 * the cap stops the transfer and fails the request, "too-big", with the
 * first max_body bytes kept for display), header values are sanitised,
 * only the protocols asked for are spoken, redirects are followed only
 * when asked, at most max_redirects times and over those protocols, and
 * one timeout covers the whole exchange. Name resolution is libcurl's, or
 * the caller's: connect_to sends the request to an address it found, with
 * the URL's host name in Host and SNI. libcurl honours https_proxy /
 * HTTPS_PROXY and no_proxy itself; the trust store is ca_file, else the
 * file CURL_CA_BUNDLE or SSL_CERT_FILE names (read here: libcurl itself
 * only honours them in the curl tool), else the system's. */
#ifndef ACMD_NET_HTTP_PROBE_H
#define ACMD_NET_HTTP_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/loop.h"
#include "net/http_parse.h"

#define HTTP_DEFAULT_TIMEOUT_MS 10000
#define HTTP_DEFAULT_MAX_BODY   (64 * 1024)
#define HTTP_DEFAULT_MAX_REDIRECTS 5   /* a sensible max_redirects for callers that follow */

struct http_client;
struct http_request;

struct http_request_opts {
	const char *url;            /* https://host[:port]/path?query */
	const char *method;         /* NULL: GET */
	const char *const *headers; /* "Name: value" lines to send */
	size_t n_headers;
	const char *body;           /* request body (POST, PUT), or NULL */
	size_t body_len;
	/* A numeric address to connect to instead of resolving the URL's
	 * host ("192.0.2.1", "2001:db8::1"); NULL: libcurl resolves. */
	const char *connect_to;
	const char *ca_file;        /* PEM trust store; NULL: the environment's, then the system's */
	bool insecure;              /* do not verify the server's certificate */
	bool allow_http;            /* http:// too (default: https only) */
	int timeout_ms;             /* the whole request; 0: HTTP_DEFAULT_TIMEOUT_MS */
	size_t max_body;            /* body bytes kept; 0: HTTP_DEFAULT_MAX_BODY; more fails */
	int max_redirects;          /* redirects followed; 0: none (the 3xx is the answer) */
	/* Called with the easy handle (a CURL *) before the request starts,
	 * for options this interface does not name (CURLOPT_AWS_SIGV4 ...). */
	void (*setup)(void *ctx, void *curl_easy);
	void *setup_ctx;
	/* For clients with their own rules (the AWS APIs and credential
	 * endpoints, aws/aws_http.c). */
	int connect_timeout_ms;     /* the connect phase; 0: timeout_ms */
	bool no_proxy;              /* never through a proxy, whatever the environment says */
	bool system_ca;             /* ca_file NULL: the system's store, not CURL_CA_BUNDLE / SSL_CERT_FILE */
	/* The request or its answer carries secrets (keys, tokens): every copy
	 * held here (header lines sent, the body sent, the answer's head and
	 * body, also as the body grows) is zeroed before it is freed. */
	bool wipe;
	/* Called instead of cb when the request ends without its callback
	 * (cancelled, its client freed), so that ctx can be freed. */
	void (*dropped)(void *ctx);
};

/* Why a request did not complete, in kinds a caller can act on. */
enum http_failure {
	HTTP_FAIL_NONE,
	HTTP_FAIL_TIMEOUT,
	HTTP_FAIL_TOO_BIG,          /* the body (or head) passed its cap */
	HTTP_FAIL_REDIRECTS,        /* more redirects than allowed */
	HTTP_FAIL_TLS,              /* certificate or handshake */
	HTTP_FAIL_CONNECT,          /* name not resolved, refused, unreachable */
	HTTP_FAIL_OTHER,
};

struct http_response {
	bool have_head;             /* a status line and its fields came */
	bool complete;              /* the whole response came (any status) */
	int curl_code;              /* CURLcode; 0 when complete */
	enum http_failure failure;  /* HTTP_FAIL_NONE when complete */
	char *error;                /* why not complete: curl's words, sanitised; else NULL */
	struct http_head head;      /* of the final response (Content-Type, Retry-After ...) */
	char *body;                 /* the first max_body bytes, raw (may hold NUL), NUL-terminated */
	size_t body_len;
	bool body_truncated;        /* more came: the transfer was stopped there */
	char *primary_ip;           /* the address connected to, or NULL */
	char *final_url;            /* after redirects, sanitised, or NULL */
	long redirects;             /* followed */
	int64_t elapsed_ms;
};

/* res lives only while the callback runs (copy what you keep, or
 * http_response_dup). The request handle is gone once the callback runs. */
typedef void (*http_cb)(void *ctx, const struct http_response *res);

struct http_client *http_client_new(struct loop *loop);
/* Cancels every pending request (no callbacks). */
void http_client_free(struct http_client *c);

/* Start a request; cb runs exactly once from the loop (never from inside
 * this call), unless cancelled. Holds the loop while pending. A request
 * that cannot start (a bad URL, an option curl refuses) is delivered as a
 * failure. opts and its strings are copied. */
struct http_request *http_request_start(struct http_client *c, const struct http_request_opts *opts,
					http_cb cb, void *ctx);
/* No callback after this. Not from inside the request's own callback. */
void http_request_cancel(struct http_request *r);

/* "timeout", "too-big", ...: for JSON and probe lines. */
const char *http_failure_name(enum http_failure f);

struct http_response *http_response_dup(const struct http_response *res);
void http_response_free(struct http_response *res);

#endif
