/* The TLS probe: a non-blocking TCP connect and SSL_connect driven by the
 * event loop, then a description of the certificate the server served.
 *
 * Verification never stops the handshake: a verify callback records every
 * error OpenSSL finds and lets it continue, because SSL_get_verify_result
 * keeps only the last one (an expired certificate for the wrong name would
 * show only the name mismatch). Everything taken from the certificate or
 * from OpenSSL's error queue is sanitised and bounded before it is stored. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "net/tls_probe.h"
#include "core/xalloc.h"

#define TLS_DEFAULT_TIMEOUT_MS 5000
#define TLS_MAX_ERROR_TEXT     512

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

static void tls_ctx_put(SSL_CTX *ctx);

/*
 * Results
 */

/* Record why the probe failed; the first reason wins, later ones are
 * consequences. The text is sanitised because it may quote OpenSSL's error
 * strings, errno text or the user's own arguments. */
static void tls_fail(struct tls_probe *p, enum tls_failure kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
tls_fail(struct tls_probe *p, enum tls_failure kind, const char *fmt, ...)
{
	if (p->res->error)
		return;
	struct strbuf sb;
	sb_init_limit(&sb, 4 * TLS_MAX_ERROR_TEXT);
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	p->res->ok = false;
	p->res->failure = kind;
	p->res->error = san_text(sb.buf, sb.len, TLS_MAX_ERROR_TEXT, 0);
	sb_free(&sb);
}

static char *
tls_strdup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct tls_result *
tls_result_dup(const struct tls_result *res)
{
	if (!res)
		return NULL;
	struct tls_result *d = xmalloc(sizeof *d);
	*d = *res;
	d->error = tls_strdup_or_null(res->error);
	d->protocol = tls_strdup_or_null(res->protocol);
	d->cipher = tls_strdup_or_null(res->cipher);
	d->subject = tls_strdup_or_null(res->subject);
	d->subject_cn = tls_strdup_or_null(res->subject_cn);
	d->issuer = tls_strdup_or_null(res->issuer);
	d->issuer_cn = tls_strdup_or_null(res->issuer_cn);
	d->not_before = tls_strdup_or_null(res->not_before);
	d->not_after = tls_strdup_or_null(res->not_after);
	d->matched_name = tls_strdup_or_null(res->matched_name);
	d->serial_hex = tls_strdup_or_null(res->serial_hex);
	d->sha256_fingerprint = tls_strdup_or_null(res->sha256_fingerprint);
	d->sans = res->n_sans ? xcalloc(res->n_sans, sizeof *d->sans) : NULL;
	for (size_t i = 0; i < res->n_sans; i++)
		d->sans[i] = xstrdup(res->sans[i]);
	d->errors = res->n_errors ? xcalloc(res->n_errors, sizeof *d->errors) : NULL;
	for (size_t i = 0; i < res->n_errors; i++) {
		d->errors[i] = res->errors[i];
		d->errors[i].text = tls_strdup_or_null(res->errors[i].text);
	}
	return d;
}

void
tls_result_free(struct tls_result *res)
{
	if (!res)
		return;
	free(res->error);
	free(res->protocol);
	free(res->cipher);
	free(res->subject);
	free(res->subject_cn);
	free(res->issuer);
	free(res->issuer_cn);
	free(res->not_before);
	free(res->not_after);
	free(res->matched_name);
	free(res->serial_hex);
	free(res->sha256_fingerprint);
	for (size_t i = 0; i < res->n_sans; i++)
		free(res->sans[i]);
	free(res->sans);
	for (size_t i = 0; i < res->n_errors; i++)
		free(res->errors[i].text);
	free(res->errors);
	free(res);
}

bool
tls_result_clean(const struct tls_result *res)
{
	return res->ok && res->n_errors == 0 && res->errors_omitted == 0
	    && !res->expired && !res->not_yet_valid
	    && (!res->name_checked || res->name_matches);
}

const char *
tls_failure_name(enum tls_failure f)
{
	switch (f) {
	case TLS_FAIL_NONE:      return "none";
	case TLS_FAIL_SETUP:     return "setup";
	case TLS_FAIL_CONNECT:   return "connect";
	case TLS_FAIL_TIMEOUT:   return "timeout";
	case TLS_FAIL_ALERT:     return "alert";
	case TLS_FAIL_NOT_TLS:   return "not_tls";
	case TLS_FAIL_CLOSED:    return "closed";
	case TLS_FAIL_HANDSHAKE: return "handshake";
	case TLS_FAIL_NO_CERT:   return "no_certificate";
	}
	return "unknown";
}

/*
 * Lifetime
 */

/* "192.0.2.1:443" or "[2001:db8::1]:443", for messages. */
static void
tls_target_text(const struct tls_probe *p, char *buf, size_t n)
{
	if (strchr(p->address, ':'))
		snprintf(buf, n, "[%s]:%u", p->address, (unsigned)p->port);
	else
		snprintf(buf, n, "%s:%u", p->address, (unsigned)p->port);
}

/* Drop the connection and the deadline, but keep the result. */
static void
tls_probe_close(struct tls_probe *p)
{
	if (p->timer) {
		loop_timer_cancel(p->loop, p->timer);
		p->timer = 0;
	}
	if (p->fd >= 0)
		loop_unwatch(p->loop, p->fd);
	SSL_free(p->ssl);
	p->ssl = NULL;
	tls_ctx_put(p->ssl_ctx);
	p->ssl_ctx = NULL;
	if (p->fd >= 0) {
		close(p->fd);
		p->fd = -1;
	}
}

static void
tls_probe_free(struct tls_probe *p)
{
	struct loop *loop = p->loop;
	tls_probe_close(p);
	tls_result_free(p->res);
	free(p->address);
	free(p->sni);
	free(p);
	loop_release(loop);
}

/* The single exit of a started probe: hand the result over, then free it. */
static void
tls_deliver(struct tls_probe *p)
{
	p->res->elapsed_ms = loop_now_ms() - p->started;
	tls_probe_close(p);
	p->cb(p->ctx, p->res);
	tls_probe_free(p);
}

void
tls_probe_cancel(struct tls_probe *p)
{
	if (p)
		tls_probe_free(p);
}

/*
 * SIGPIPE: OpenSSL writes to the socket with write(), so a server that resets
 * the connection while we send would kill the whole program. Ignore the signal
 * around each OpenSSL call (the program is single-threaded) and put the old
 * disposition back, so we change nothing for the rest of the program.
 */

static void
tls_sigpipe_ignore(struct sigaction *old)
{
	struct sigaction ign;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, old);
}

static void
tls_sigpipe_restore(const struct sigaction *old)
{
	sigaction(SIGPIPE, old, NULL);
}

/*
 * Verification
 */

/* Keep each distinct (depth, code) once: OpenSSL may report the same problem
 * again while it walks the chain. */
static void
tls_add_verify_error(struct tls_probe *p, int depth, int code)
{
	struct tls_result *res = p->res;
	for (size_t i = 0; i < res->n_errors; i++)
		if (res->errors[i].code == code && (res->errors[i].depth == depth || depth < 0))
			return;
	if (res->n_errors >= TLS_MAX_ERRORS) {
		res->errors_omitted++;
		return;
	}
	res->errors = xgrow(res->errors, &p->alloc_errors, res->n_errors + 1, sizeof *res->errors);
	res->errors[res->n_errors++] = (struct tls_verify_error){
		.depth = depth,
		.code = code,
		.text = san_str(X509_verify_cert_error_string(code), TLS_MAX_ERROR_TEXT, 0),
	};
}

/* Record the problem and always go on, so that one handshake shows every
 * problem and we still get to see the certificate. */
static int
tls_verify_cb(int preverify_ok, X509_STORE_CTX *sctx)
{
	if (preverify_ok)
		return 1;
	SSL *ssl = X509_STORE_CTX_get_ex_data(sctx, SSL_get_ex_data_X509_STORE_CTX_idx());
	struct tls_probe *p = ssl ? SSL_get_app_data(ssl) : NULL;
	if (p)
		tls_add_verify_error(p, X509_STORE_CTX_get_error_depth(sctx),
				     X509_STORE_CTX_get_error(sctx));
	return 1;
}

/*
 * Setup
 */

static bool
tls_is_ip_literal(const char *s)
{
	unsigned char buf[sizeof(struct in6_addr)];
	return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

/* Append OpenSSL's queued errors ("; reason; reason"), for setup failures. */
static void
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

static SSL_CTX *
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

static void
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

static bool
tls_setup_ssl(struct tls_probe *p, const char *ca_file)
{
	struct strbuf why;
	sb_init_limit(&why, 2048);
	ERR_clear_error();
	p->ssl_ctx = tls_ctx_get(ca_file, &why);
	if (!p->ssl_ctx) {
		tls_fail(p, TLS_FAIL_SETUP, "%s", why.buf);
		goto out;
	}
	p->ssl = SSL_new(p->ssl_ctx);
	if (!p->ssl) {
		tls_add_openssl_errors(&why);
		tls_fail(p, TLS_FAIL_SETUP, _("cannot create a TLS session%s"), why.buf);
		goto out;
	}
	SSL_set_app_data(p->ssl, p);
	if (p->sni && !p->sni_is_ip && SSL_set_tlsext_host_name(p->ssl, p->sni) != 1) {
		tls_fail(p, TLS_FAIL_SETUP, _("invalid server name for SNI: %s"), p->sni);
		goto out;
	}
	/* The same rules as tls_check_name, so the verify error and
	 * name_matches never disagree. */
	SSL_set_hostflags(p->ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
	int named = 1;
	if (p->sni && p->sni_is_ip)
		named = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(p->ssl), p->sni);
	else if (p->sni)
		named = SSL_set1_host(p->ssl, p->sni);
	if (named != 1) {
		tls_fail(p, TLS_FAIL_SETUP, _("invalid server name: %s"), p->sni);
		goto out;
	}
out:
	sb_free(&why);
	ERR_clear_error();
	return p->res->error == NULL;
}

/* Start the TCP connect; its result is read when the socket turns writable. */
static bool
tls_setup_socket(struct tls_probe *p)
{
	char target[128];
	tls_target_text(p, target, sizeof target);
	struct addrinfo hints, *ai = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	hints.ai_socktype = SOCK_STREAM;
	char port[8];
	snprintf(port, sizeof port, "%u", (unsigned)p->port);
	if (getaddrinfo(p->address, port, &hints, &ai) != 0 || !ai) {
		tls_fail(p, TLS_FAIL_SETUP, _("not a numeric IP address: %s"), p->address);
		return false;
	}
	p->fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->fd < 0) {
		tls_fail(p, TLS_FAIL_SETUP, _("cannot create a socket for %s: %s"),
			 target, strerror(errno));
		freeaddrinfo(ai);
		return false;
	}
	int rc = connect(p->fd, ai->ai_addr, ai->ai_addrlen);
	int err = errno;
	freeaddrinfo(ai);
	if (rc < 0 && err != EINPROGRESS) {
		tls_fail(p, TLS_FAIL_CONNECT, _("cannot connect to %s: %s"), target, strerror(err));
		return false;
	}
	return true;
}

static bool
tls_attach(struct tls_probe *p)
{
	if (SSL_set_fd(p->ssl, p->fd) == 1)
		return true;
	ERR_clear_error();
	tls_fail(p, TLS_FAIL_SETUP, _("cannot attach TLS to the socket"));
	return false;
}

/*
 * Driving the connection
 */

static void tls_on_fd(void *ctx, int fd, int ready);

static void
tls_on_setup_failed(void *ctx)
{
	struct tls_probe *p = ctx;
	p->timer = 0;
	tls_deliver(p);
}

static void
tls_on_timeout(void *ctx)
{
	struct tls_probe *p = ctx;
	p->timer = 0;
	char target[128];
	tls_target_text(p, target, sizeof target);
	if (p->state == TLS_ST_CONNECTING)
		tls_fail(p, TLS_FAIL_TIMEOUT,
			 _("timed out after %d ms connecting to %s (no answer to the TCP connection)"),
			 p->timeout_ms, target);
	else
		tls_fail(p, TLS_FAIL_TIMEOUT,
			 _("timed out after %d ms waiting for the TLS handshake with %s "
			   "(the server accepted the connection but did not answer)"),
			 p->timeout_ms, target);
	tls_deliver(p);
}

/* Has the TCP connect finished? On failure the result is delivered (and p is
 * gone); a spurious wake-up leaves it waiting. */
static bool
tls_connect_done(struct tls_probe *p)
{
	int err = 0;
	socklen_t len = sizeof err;
	if (getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err == 0) {
		struct sockaddr_storage peer;
		socklen_t plen = sizeof peer;
		if (getpeername(p->fd, (struct sockaddr *)&peer, &plen) == 0) {
			p->state = TLS_ST_HANDSHAKING;
			return true;
		}
		if (errno == ENOTCONN)
			return false;
		err = errno;
	}
	char target[128];
	tls_target_text(p, target, sizeof target);
	if (err == ECONNREFUSED)
		tls_fail(p, TLS_FAIL_CONNECT, _("connection refused by %s (nothing listens there)"), target);
	else
		tls_fail(p, TLS_FAIL_CONNECT, _("cannot connect to %s: %s"), target, strerror(err));
	tls_deliver(p);
	return false;
}

/* What OpenSSL says when the first bytes back are not a TLS record: an HTTP
 * server answers "HTTP/1.1 400", and "HT" is read as a record header with a
 * version that does not exist. */
static bool
tls_reason_not_tls(int reason)
{
	return reason == SSL_R_WRONG_VERSION_NUMBER || reason == SSL_R_PACKET_LENGTH_TOO_LONG
	    || reason == SSL_R_UNKNOWN_PROTOCOL;
}

/* Turn a failed SSL_connect into a failure kind and a message that says what
 * the server did, not only what OpenSSL thinks of it. */
static void
tls_handshake_failed(struct tls_probe *p, int ssl_err, int sys_errno)
{
	char target[128];
	tls_target_text(p, target, sizeof target);
	unsigned long e = ERR_peek_error();
	int reason = e ? ERR_GET_REASON(e) : 0;
	bool ssl_lib = e && ERR_GET_LIB(e) == ERR_LIB_SSL;
	char text[256] = "";
	if (e)
		ERR_error_string_n(e, text, sizeof text);
	const char *why = e && ERR_reason_error_string(e) ? ERR_reason_error_string(e) : text;

	if (ssl_err == SSL_ERROR_SSL && ssl_lib && reason >= SSL_AD_REASON_OFFSET
	    && reason < SSL_AD_REASON_OFFSET + 256) {
		p->res->alert = reason - SSL_AD_REASON_OFFSET;
		const char *desc = SSL_alert_desc_string_long(p->res->alert);
		if (p->res->alert == SSL_AD_UNRECOGNIZED_NAME)
			tls_fail(p, TLS_FAIL_ALERT,
				 _("%s refused the handshake with TLS alert %d (%s): "
				   "it has no certificate for the name sent in SNI"),
				 target, p->res->alert, desc);
		else
			tls_fail(p, TLS_FAIL_ALERT, _("%s refused the handshake with TLS alert %d (%s)"),
				 target, p->res->alert, desc);
	} else if (ssl_err == SSL_ERROR_SSL && ssl_lib && tls_reason_not_tls(reason)) {
		tls_fail(p, TLS_FAIL_NOT_TLS, _("%s does not speak TLS (%s)"), target, why);
	} else if ((ssl_err == SSL_ERROR_SSL && ssl_lib && reason == SSL_R_UNEXPECTED_EOF_WHILE_READING)
		   || ssl_err == SSL_ERROR_ZERO_RETURN
		   || (ssl_err == SSL_ERROR_SYSCALL && sys_errno == 0)) {
		tls_fail(p, TLS_FAIL_CLOSED, _("%s closed the connection during the TLS handshake"), target);
	} else if (ssl_err == SSL_ERROR_SYSCALL && (sys_errno == ECONNRESET || sys_errno == EPIPE)) {
		tls_fail(p, TLS_FAIL_CLOSED, _("%s reset the connection during the TLS handshake"), target);
	} else if (ssl_err == SSL_ERROR_SYSCALL) {
		tls_fail(p, TLS_FAIL_HANDSHAKE, _("TLS handshake with %s failed: %s"),
			 target, strerror(sys_errno));
	} else {
		tls_fail(p, TLS_FAIL_HANDSHAKE, _("TLS handshake with %s failed: %s"),
			 target, *why ? why : _("unknown error"));
	}
	ERR_clear_error();
}

static void tls_finish(struct tls_probe *p);
static bool tls_describe_peer(struct tls_probe *p);

/* One step of SSL_connect; wait for whatever it needs next. */
static void
tls_handshake_step(struct tls_probe *p)
{
	struct sigaction old;
	ERR_clear_error();     /* SSL_get_error needs an empty queue; probes share it */
	tls_sigpipe_ignore(&old);
	errno = 0;
	int rc = SSL_connect(p->ssl);
	int sys_errno = errno;
	tls_sigpipe_restore(&old);
	if (rc == 1) {
		tls_finish(p);
		return;
	}
	int err = SSL_get_error(p->ssl, rc);
	if (err == SSL_ERROR_WANT_READ) {
		loop_watch(p->loop, p->fd, LOOP_READ, tls_on_fd, p);
		return;
	}
	if (err == SSL_ERROR_WANT_WRITE) {
		loop_watch(p->loop, p->fd, LOOP_WRITE, tls_on_fd, p);
		return;
	}
	tls_handshake_failed(p, err, sys_errno);
	/* The certificate may have come before the failure (a server that
	 * wants a client certificate): still show which one it was. */
	tls_describe_peer(p);
	ERR_clear_error();
	tls_deliver(p);
}

static void
tls_on_fd(void *ctx, int fd, int ready)
{
	struct tls_probe *p = ctx;
	(void)fd;
	(void)ready;
	if (p->state == TLS_ST_CONNECTING && !tls_connect_done(p))
		return;
	tls_handshake_step(p);
}

/*
 * Describing the certificate
 */

/* One-line RFC 2253 name. OpenSSL's own escaping of control and non-ASCII
 * bytes is turned off so that san_text does all of it, the same way as for
 * every other field (UTF-8 stays readable, ESC becomes \x1b). */
static char *
tls_dn_text(const X509_NAME *name)
{
	if (!name)
		return NULL;
	BIO *bio = BIO_new(BIO_s_mem());
	if (!bio)
		return NULL;
	unsigned long flags = XN_FLAG_RFC2253 & ~(unsigned long)(ASN1_STRFLGS_ESC_MSB | ASN1_STRFLGS_ESC_CTRL);
	char *out = NULL;
	if (X509_NAME_print_ex(bio, name, 0, flags) >= 0) {
		char *data;
		long len = BIO_get_mem_data(bio, &data);
		out = san_text(len > 0 ? data : "", len > 0 ? (size_t)len : 0, TLS_MAX_DN, 0);
	}
	BIO_free(bio);
	return out;
}

/* The most specific (last) CN, as UTF-8, sanitised. */
static char *
tls_cn_text(const X509_NAME *name)
{
	if (!name)
		return NULL;
	int idx = -1, i;
	while ((i = X509_NAME_get_index_by_NID(name, NID_commonName, idx)) >= 0)
		idx = i;
	if (idx < 0)
		return NULL;
	const ASN1_STRING *s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx));
	unsigned char *utf8 = NULL;
	int len = s ? ASN1_STRING_to_UTF8(&utf8, s) : -1;
	if (len < 0)
		return NULL;
	char *out = san_text((const char *)utf8, (size_t)len, TLS_MAX_NAME, 0);
	OPENSSL_free(utf8);
	return out;
}

static char *
tls_ip_text(const ASN1_OCTET_STRING *ip)
{
	char buf[INET6_ADDRSTRLEN];
	const unsigned char *d = ASN1_STRING_get0_data(ip);
	int len = ASN1_STRING_length(ip);
	if (len == 4 && inet_ntop(AF_INET, d, buf, sizeof buf))
		return xstrdup(buf);
	if (len == 16 && inet_ntop(AF_INET6, d, buf, sizeof buf))
		return xstrdup(buf);
	return san_text("(malformed IP)", 14, 0, 0);
}

/* DNS and IP SANs, at most TLS_MAX_SANS; the rest are only counted. */
static void
tls_collect_sans(struct tls_result *res, X509 *leaf)
{
	GENERAL_NAMES *names = X509_get_ext_d2i(leaf, NID_subject_alt_name, NULL, NULL);
	if (!names)
		return;
	size_t alloc = 0;
	for (int i = 0; i < sk_GENERAL_NAME_num(names); i++) {
		const GENERAL_NAME *gn = sk_GENERAL_NAME_value(names, i);
		if (gn->type != GEN_DNS && gn->type != GEN_IPADD)
			continue;
		if (res->n_sans >= TLS_MAX_SANS) {
			res->sans_omitted++;
			continue;
		}
		char *text;
		if (gn->type == GEN_DNS)
			text = san_text((const char *)ASN1_STRING_get0_data(gn->d.dNSName),
					(size_t)ASN1_STRING_length(gn->d.dNSName), TLS_MAX_NAME, 0);
		else
			text = tls_ip_text(gn->d.iPAddress);
		res->sans = xgrow(res->sans, &alloc, res->n_sans + 1, sizeof *res->sans);
		res->sans[res->n_sans++] = text;
	}
	GENERAL_NAMES_free(names);
}

/* ISO 8601 UTC text and seconds since the epoch. */
static void
tls_time(const ASN1_TIME *t, char **iso, int64_t *epoch)
{
	struct tm tm;
	if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
		return;
	char buf[64];
	if (strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0)
		*iso = xstrdup(buf);
	ASN1_TIME *zero = ASN1_TIME_set(NULL, 0);
	int days = 0, secs = 0;
	if (zero && ASN1_TIME_diff(&days, &secs, zero, t))
		*epoch = (int64_t)days * 86400 + secs;
	ASN1_TIME_free(zero);
}

static char *
tls_serial_text(const X509 *leaf)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(leaf), NULL);
	char *hex = bn ? BN_bn2hex(bn) : NULL;
	char *out = hex ? san_str(hex, 128, 0) : NULL;
	OPENSSL_free(hex);
	BN_free(bn);
	return out;
}

static char *
tls_fingerprint_text(const X509 *leaf)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	if (X509_digest(leaf, EVP_sha256(), md, &len) != 1)
		return NULL;
	char *out = xmalloc(len * 3 + 1);
	for (unsigned i = 0; i < len; i++)
		snprintf(out + i * 3, 4, "%02X:", md[i]);
	out[len ? len * 3 - 1 : 0] = '\0';    /* drop the last colon */
	return out;
}

static void
tls_describe_cert(struct tls_result *res, X509 *leaf)
{
	res->subject = tls_dn_text(X509_get_subject_name(leaf));
	res->subject_cn = tls_cn_text(X509_get_subject_name(leaf));
	res->issuer = tls_dn_text(X509_get_issuer_name(leaf));
	res->issuer_cn = tls_cn_text(X509_get_issuer_name(leaf));
	tls_collect_sans(res, leaf);
	tls_time(X509_get0_notBefore(leaf), &res->not_before, &res->not_before_epoch);
	tls_time(X509_get0_notAfter(leaf), &res->not_after, &res->not_after_epoch);
	/* Checked here too: the verify callback reports expiry only when the
	 * chain got far enough to look at the dates. */
	res->expired = X509_cmp_current_time(X509_get0_notAfter(leaf)) < 0;
	res->not_yet_valid = X509_cmp_current_time(X509_get0_notBefore(leaf)) > 0;
	res->serial_hex = tls_serial_text(leaf);
	res->sha256_fingerprint = tls_fingerprint_text(leaf);
}

/* Does the leaf cover the name we asked for, and through which SAN (or CN)? */
static void
tls_check_name(struct tls_probe *p, X509 *leaf)
{
	struct tls_result *res = p->res;
	if (!p->sni)
		return;
	res->name_checked = true;
	if (p->sni_is_ip) {
		res->name_matches = X509_check_ip_asc(leaf, p->sni, 0) == 1;
		if (res->name_matches)
			res->matched_name = san_str(p->sni, TLS_MAX_NAME, 0);
		return;
	}
	char *peer = NULL;
	res->name_matches = X509_check_host(leaf, p->sni, strlen(p->sni),
					    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, &peer) == 1;
	if (res->name_matches)
		res->matched_name = san_str(peer ? peer : p->sni, TLS_MAX_NAME, 0);
	OPENSSL_free(peer);
}

/* Describe the server's certificate if one came; false if none did. */
static bool
tls_describe_peer(struct tls_probe *p)
{
	struct tls_result *res = p->res;
	X509 *leaf = SSL_get1_peer_certificate(p->ssl);
	if (!leaf)
		return false;
	res->have_cert = true;
	if (!res->protocol)
		res->protocol = san_str(SSL_get_version(p->ssl), 64, 0);
	STACK_OF(X509) *chain = SSL_get_peer_cert_chain(p->ssl);
	res->chain_len = chain ? sk_X509_num(chain) : 1;
	tls_describe_cert(res, leaf);
	tls_check_name(p, leaf);
	/* A safety net: anything the callback did not see still counts. */
	long vr = SSL_get_verify_result(p->ssl);
	if (vr != X509_V_OK)
		tls_add_verify_error(p, -1, (int)vr);
	X509_free(leaf);
	return true;
}

/* The handshake is done: describe what the server sent. */
static void
tls_finish(struct tls_probe *p)
{
	struct tls_result *res = p->res;
	res->protocol = san_str(SSL_get_version(p->ssl), 64, 0);
	const char *cipher = SSL_get_cipher_name(p->ssl);
	res->cipher = cipher ? san_str(cipher, 128, 0) : NULL;
	if (!tls_describe_peer(p)) {
		char target[128];
		tls_target_text(p, target, sizeof target);
		tls_fail(p, TLS_FAIL_NO_CERT, _("%s completed the handshake without sending a certificate"),
			 target);
		tls_deliver(p);
		return;
	}
	res->ok = true;

	/* Say goodbye politely; a probe does not wait for the reply. */
	struct sigaction old;
	tls_sigpipe_ignore(&old);
	SSL_shutdown(p->ssl);
	tls_sigpipe_restore(&old);
	ERR_clear_error();
	tls_deliver(p);
}

/*
 * Start
 */

struct tls_probe *
tls_probe_start(struct loop *loop, const struct tls_probe_opts *opts,
		tls_probe_cb cb, void *ctx)
{
	struct tls_probe *p = xcalloc(1, sizeof *p);
	p->loop = loop;
	p->cb = cb;
	p->ctx = ctx;
	p->fd = -1;
	p->started = loop_now_ms();
	p->res = xcalloc(1, sizeof *p->res);
	p->address = xstrdup(opts->address ? opts->address : "");
	p->port = opts->port ? opts->port : 443;
	p->sni = opts->sni && *opts->sni ? xstrdup(opts->sni) : NULL;
	p->sni_is_ip = p->sni && tls_is_ip_literal(p->sni);
	p->timeout_ms = opts->timeout_ms > 0 ? opts->timeout_ms : TLS_DEFAULT_TIMEOUT_MS;
	p->state = TLS_ST_CONNECTING;
	loop_hold(loop);

	if (tls_setup_ssl(p, opts->ca_file) && tls_setup_socket(p) && tls_attach(p)) {
		loop_watch(loop, p->fd, LOOP_WRITE, tls_on_fd, p);
		p->timer = loop_timer_add(loop, p->timeout_ms, tls_on_timeout, p);
	} else {
		/* Deliver from the loop, never from inside start. */
		p->timer = loop_timer_add(loop, 0, tls_on_setup_failed, p);
	}
	return p;
}
