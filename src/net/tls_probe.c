/* The TLS probe: a non-blocking TCP connect and SSL_connect driven by the
 * event loop, from the start through each wake-up to the one delivery of
 * the result. What the served certificate says is read by tls_cert.c, the
 * shared trust store is in tls_context.c, the result's bookkeeping in
 * tls_result.c.
 *
 * Everything taken from OpenSSL's error queue, errno or the user's
 * arguments goes into the result through tls_fail, which sanitises and
 * bounds it. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "net/tls_probe_int.h"
#include "core/xalloc.h"

#define TLS_DEFAULT_TIMEOUT_MS 5000

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
 * Setup
 */

static bool
tls_is_ip_literal(const char *s)
{
	unsigned char buf[sizeof(struct in6_addr)];
	return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
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
