/* The trust store of the TLS probes: an SSL_CTX that trusts the CA file
 * or the system store, with the verify callback of tls_cert.c, shared by
 * the probes that run at the same time. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "core/i18n.h"
#include "core/strbuf.h"
#include "net/tls_probe_int.h"
#include "core/xalloc.h"

void
tls_add_openssl_errors(struct strbuf *sb)
{
	unsigned long e;
	int n = 0;
	while ((e = ERR_get_error()) != 0) {
		if (n++ >= 3)
			continue;
		char buf[256];
		ERR_error_string_n(e, buf, sizeof buf);
		sb_addf(sb, "; %s", buf);
	}
}

/*
 * Probes that run at the same time with the same trust store share one
 * SSL_CTX: loading the system store costs about 15 ms of CPU each time,
 * which five parallel probes would otherwise pay one after the other. The
 * share ends with the last probe that uses it, so nothing outlives the probes.
 */
static struct {
	SSL_CTX *ctx;
	char *ca_file;          /* NULL: the system store */
	int users;
} tls_shared;

static bool
tls_same_store(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* A context that trusts ca_file (NULL: the system store), or NULL with the
 * reason in why. */
static SSL_CTX *
tls_ctx_new(const char *ca_file, struct strbuf *why)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx) {
		sb_add(why, _("cannot create a TLS context"));
		tls_add_openssl_errors(why);
		return NULL;
	}
	int loaded = ca_file ? SSL_CTX_load_verify_locations(ctx, ca_file, NULL)
			     : SSL_CTX_set_default_verify_paths(ctx);
	if (loaded != 1) {
		if (ca_file)
			sb_addf(why, _("cannot load the CA file %s"), ca_file);
		else
			sb_add(why, _("cannot load the system trust store"));
		tls_add_openssl_errors(why);
		SSL_CTX_free(ctx);
		return NULL;
	}
	/* VERIFY_NONE: the handshake goes on whatever the verdict; the
	 * callback still sees every error. */
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, tls_verify_cb);
	return ctx;
}

SSL_CTX *
tls_ctx_get(const char *ca_file, struct strbuf *why)
{
	if (tls_shared.ctx && tls_same_store(tls_shared.ca_file, ca_file)) {
		tls_shared.users++;
		return tls_shared.ctx;
	}
	SSL_CTX *ctx = tls_ctx_new(ca_file, why);
	if (ctx && !tls_shared.ctx) {
		tls_shared.ctx = ctx;
		tls_shared.ca_file = ca_file ? xstrdup(ca_file) : NULL;
		tls_shared.users = 1;
	}
	return ctx;
}

void
tls_ctx_put(SSL_CTX *ctx)
{
	if (!ctx)
		return;
	if (ctx != tls_shared.ctx) {
		SSL_CTX_free(ctx);
		return;
	}
	if (--tls_shared.users > 0)
		return;
	SSL_CTX_free(tls_shared.ctx);
	free(tls_shared.ca_file);
	memset(&tls_shared, 0, sizeof tls_shared);
}

