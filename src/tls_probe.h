/* TLS probe: connect to host:port with SNI, complete a non-blocking handshake
 * on the event loop, and report the served certificate with every
 * verification problem (not only the first one OpenSSL would stop at). */
#ifndef ACMD_TLS_PROBE_H
#define ACMD_TLS_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loop.h"

struct tls_probe_opts {
	const char *address;    /* numeric IPv4/IPv6 address to connect to */
	uint16_t port;          /* 443 if 0 */
	const char *sni;        /* server name to send and to check; NULL: no SNI */
	const char *ca_file;    /* PEM trust store; NULL: the system default */
	int timeout_ms;         /* whole probe, connect + handshake; 0: 5000 */
};

struct tls_verify_error {
	int depth;              /* 0 = the leaf */
	int code;               /* X509_V_ERR_* */
	char *text;             /* OpenSSL's reason text */
};

struct tls_result {
	bool ok;                /* a handshake completed and a certificate came */
	char *error;            /* why not (connect refused, timeout, alert ...), sanitised */
	int64_t elapsed_ms;
	char *protocol;         /* "TLSv1.3" */
	char *subject;          /* one-line RFC 2253, sanitised */
	char *subject_cn;
	char *issuer;
	char *issuer_cn;
	char **sans;            /* DNS SANs (and IP SANs as text), sanitised */
	size_t n_sans;
	char *not_before;       /* ISO 8601 UTC, "2026-01-02T03:04:05Z" */
	char *not_after;
	int64_t not_after_epoch;
	bool expired;
	bool not_yet_valid;
	bool name_matches;      /* leaf covers sni (X509_check_host, no partial wildcards) */
	char *matched_name;     /* the SAN that matched, if any */
	char *serial_hex;
	char *sha256_fingerprint;  /* hex, colon-separated */
	int chain_len;          /* certificates the server sent */
	struct tls_verify_error *errors;  /* every error seen by the verify callback */
	size_t n_errors;
};

typedef void (*tls_probe_cb)(void *ctx, const struct tls_result *res);

struct tls_probe;

/* Start a probe; cb runs exactly once, from the loop, unless cancelled.
 * Holds the loop while pending. */
struct tls_probe *tls_probe_start(struct loop *loop, const struct tls_probe_opts *opts,
				  tls_probe_cb cb, void *ctx);
/* Cancel a pending probe (its callback will not run). */
void tls_probe_cancel(struct tls_probe *p);

void tls_result_free(struct tls_result *res);

#endif
