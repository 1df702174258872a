/* What the pieces of the TLS probe share and nobody else sees: the probe
 * itself, driven by tls_probe.c, the result it fills (tls_result.c), the
 * shared SSL_CTX (tls_context.c) and the reading of the served certificate
 * (tls_cert.c). The interface is in tls_probe.h. */
#ifndef ACMD_TLS_PROBE_INT_H
#define ACMD_TLS_PROBE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/ssl.h>

#include "core/loop.h"
#include "net/tls_probe.h"

struct strbuf;

#define TLS_MAX_ERROR_TEXT     512     /* bytes kept of one error text */

enum tls_state {
	TLS_ST_CONNECTING,      /* waiting for the TCP connect to finish */
	TLS_ST_HANDSHAKING,     /* SSL_connect in progress */
};

struct tls_probe {
	struct loop *loop;
	tls_probe_cb cb;
	void *ctx;
	char *address;
	uint16_t port;
	char *sni;              /* NULL: none */
	bool sni_is_ip;
	int timeout_ms;
	int fd;
	SSL_CTX *ssl_ctx;
	SSL *ssl;
	uint64_t timer;         /* the deadline, or the deferred delivery of a setup error */
	int64_t started;
	enum tls_state state;
	struct tls_result *res;
	size_t alloc_errors;
};

/* ---- the result (tls_result.c) ------------------------------------------ */

/* Record why the probe failed; the first reason wins, later ones are
 * consequences. The text is sanitised because it may quote OpenSSL's error
 * strings, errno text or the user's own arguments. */
void tls_fail(struct tls_probe *p, enum tls_failure kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- the trust store (tls_context.c) ------------------------------------ */

/* A context that trusts ca_file (NULL: the system store), shared with the
 * probes running at the same time; NULL with the reason appended to why.
 * Give it back with tls_ctx_put (NULL is fine). */
SSL_CTX *tls_ctx_get(const char *ca_file, struct strbuf *why);
void tls_ctx_put(SSL_CTX *ctx);
/* Append OpenSSL's queued errors ("; reason; reason"), for setup failures. */
void tls_add_openssl_errors(struct strbuf *sb);

/* ---- the certificate (tls_cert.c) --------------------------------------- */

/* The verify callback of every context: records each problem in the
 * probe that is the SSL's app data, and always lets the handshake go on. */
int tls_verify_cb(int preverify_ok, X509_STORE_CTX *sctx);
/* Describe the server's certificate in p->res if one came; false if none
 * did. */
bool tls_describe_peer(struct tls_probe *p);

#endif
