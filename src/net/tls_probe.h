/* TLS probe: connect to host:port with SNI, complete a non-blocking handshake
 * on the event loop, and report the served certificate with every
 * verification problem (not only the first one OpenSSL would stop at). */
#ifndef ACMD_TLS_PROBE_H
#define ACMD_TLS_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/loop.h"

/* Bounds on what a hostile server can make us keep. */
#define TLS_MAX_SANS    1000   /* SANs kept; the rest are only counted */
#define TLS_MAX_ERRORS  64     /* distinct (depth, code) verification errors kept */
#define TLS_MAX_NAME    256    /* bytes of one SAN or CN before the "...[+N bytes]" marker */
#define TLS_MAX_DN      1024   /* bytes of a one-line subject or issuer */
#define TLS_MAX_CHAIN   10     /* certificates of the chain described */

struct tls_probe_opts {
	const char *address;    /* numeric IPv4/IPv6 address to connect to */
	uint16_t port;          /* 443 if 0 */
	const char *sni;        /* server name to send and to check; NULL: no SNI.
				 * An IP literal is not sent (RFC 6066) but is
				 * still checked against the IP SANs. */
	const char *ca_file;    /* PEM trust store; NULL: the system default */
	int timeout_ms;         /* whole probe, connect + handshake; 0: 5000 */
};

/* Why a probe did not complete (tls_result.failure), so callers can explain a
 * failure without parsing the error text. */
enum tls_failure {
	TLS_FAIL_NONE = 0,
	TLS_FAIL_SETUP,         /* bad address or options, CA file unreadable, out of sockets */
	TLS_FAIL_CONNECT,       /* TCP connect failed (refused, unreachable ...) */
	TLS_FAIL_TIMEOUT,       /* no answer within timeout_ms */
	TLS_FAIL_ALERT,         /* the server sent a fatal alert (tls_result.alert) */
	TLS_FAIL_NOT_TLS,       /* the peer answered with something that is not TLS */
	TLS_FAIL_CLOSED,        /* the peer closed or reset the connection mid-handshake */
	TLS_FAIL_HANDSHAKE,     /* any other handshake failure (no common protocol ...) */
	TLS_FAIL_NO_CERT,       /* handshake completed but no certificate came */
};

/* One certificate the server sent, as a browser's certificate viewer lists
 * the chain. */
struct tls_chain_cert {
	char *subject;          /* the CN, or the one-line subject without one; sanitised */
	char *issuer;           /* likewise */
	char *not_after;        /* ISO 8601 UTC */
	bool self_issued;       /* subject and issuer are the same name */
};

struct tls_verify_error {
	int depth;              /* 0 = the leaf; -1 = reported without a depth */
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

	/* Additions after the first interface. */
	enum tls_failure failure;  /* TLS_FAIL_NONE when ok */
	int alert;              /* TLS alert number for TLS_FAIL_ALERT (112 = unrecognized name), else 0 */
	char *cipher;           /* negotiated cipher suite, "TLS_AES_256_GCM_SHA384" */
	int64_t not_before_epoch;
	bool name_checked;      /* a name (sni) was given, so name_matches means something */
	bool have_cert;         /* the certificate fields are filled: always when ok, and
				 * also when the handshake failed after the server's
				 * certificate came (a server demanding a client
				 * certificate, TLS 1.2 mutual TLS) */
	size_t sans_omitted;    /* SANs beyond TLS_MAX_SANS, counted but not kept */
	size_t errors_omitted;  /* verification errors beyond TLS_MAX_ERRORS */
	struct tls_chain_cert *chain;  /* what the server sent, leaf first (at most TLS_MAX_CHAIN) */
	size_t n_chain;
};

/* Is the served certificate fine: ok, no verification error, within its
 * validity, and (when a name was given) covering that name? */
bool tls_result_clean(const struct tls_result *res);

/* res is owned by the probe: it is valid only while the callback runs and is
 * freed right after the callback returns (copy it with tls_result_dup to keep
 * it). The probe handle is gone once the callback has started: do not cancel it
 * from inside the callback. */
typedef void (*tls_probe_cb)(void *ctx, const struct tls_result *res);

struct tls_probe;

/* Start a probe; cb runs exactly once, from the loop, unless cancelled.
 * Holds the loop while pending. Never returns NULL and never calls cb before
 * returning: setup errors (a bad address, an unreadable CA file) are delivered
 * through cb on the next loop pass, with ok false. opts and its strings are
 * copied. */
struct tls_probe *tls_probe_start(struct loop *loop, const struct tls_probe_opts *opts,
				  tls_probe_cb cb, void *ctx);
/* Cancel a pending probe (its callback will not run); frees everything the
 * probe holds and releases the loop. */
void tls_probe_cancel(struct tls_probe *p);

/* A deep copy the caller owns (free with tls_result_free). */
struct tls_result *tls_result_dup(const struct tls_result *res);
/* Free a result from tls_result_dup (NULL is fine). */
void tls_result_free(struct tls_result *res);

/* Short stable name of a failure kind for JSON ("timeout", "alert" ...). */
const char *tls_failure_name(enum tls_failure f);

#endif
