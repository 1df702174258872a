/* The SMTP probe (smtp_probe.h): connect, greeting, EHLO, QUIT, on the
 * loop. States follow the conversation; every wake-up reads what is there
 * (bounded), feeds the reply parser and moves on; the one deadline ends
 * whatever is left. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "net/smtp_probe.h"
#include "net/smtp_reply.h"

enum smtp_state { ST_CONNECTING, ST_GREETING, ST_EHLO, ST_QUIT };

struct smtp_probe {
	struct loop *loop;
	smtp_probe_cb cb;
	void *ctx;
	int fd;
	uint64_t timer;
	int timeout_ms;
	int64_t started;
	enum smtp_state state;
	char target[80];            /* "192.0.2.1:25", "[::1]:25" */
	char out[128];              /* the command being sent */
	size_t out_len, out_sent;
	struct smtp_reader rd;
	struct smtp_result res;
	bool done;
};

const char *
smtp_outcome_name(enum smtp_outcome o)
{
	static const char *const names[] = {
		[SMTP_GREETED] = "greeted", [SMTP_REJECTED] = "rejected", [SMTP_REFUSED] = "refused",
		[SMTP_CONNECT_TIMEOUT] = "connect-timeout", [SMTP_GREETING_TIMEOUT] = "greeting-timeout",
		[SMTP_MALFORMED] = "malformed", [SMTP_CLOSED] = "closed", [SMTP_FAILED] = "failed",
	};
	return (unsigned)o < sizeof names / sizeof names[0] ? names[o] : "failed";
}

static void
result_clear(struct smtp_result *r)
{
	free(r->address);
	free(r->banner);
	free(r->ehlo_error);
	free(r->error);
}

void
smtp_result_free(struct smtp_result *res)
{
	if (!res)
		return;
	result_clear(res);
	free(res);
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct smtp_result *
smtp_result_dup(const struct smtp_result *res)
{
	struct smtp_result *d = xmalloc(sizeof *d);
	*d = *res;
	d->address = dup_or_null(res->address);
	d->banner = dup_or_null(res->banner);
	d->ehlo_error = dup_or_null(res->ehlo_error);
	d->error = dup_or_null(res->error);
	return d;
}

static void
probe_free(struct smtp_probe *p)
{
	if (p->timer)
		loop_timer_cancel(p->loop, p->timer);
	if (p->fd >= 0) {
		loop_unwatch(p->loop, p->fd);
		close(p->fd);
	}
	smtp_reader_free(&p->rd);
	result_clear(&p->res);
	loop_release(p->loop);
	free(p);
}

void
smtp_probe_cancel(struct smtp_probe *p)
{
	if (p)
		probe_free(p);
}

static void
deliver(void *arg)
{
	struct smtp_probe *p = arg;
	p->timer = 0;
	p->res.elapsed_ms = loop_now_ms() - p->started;
	p->cb(p->ctx, &p->res);
	probe_free(p);
}

/* The first reason wins; the probe ends with it. */
static void
finish(struct smtp_probe *p, enum smtp_outcome o, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
finish(struct smtp_probe *p, enum smtp_outcome o, const char *fmt, ...)
{
	if (p->done)
		return;
	p->done = true;
	p->res.outcome = o;
	if (fmt) {
		struct strbuf sb;
		va_list ap;
		sb_init_limit(&sb, 1024);
		va_start(ap, fmt);
		sb_vaddf(&sb, fmt, ap);
		va_end(ap);
		p->res.error = san_str(sb.buf, 600, 0);
		sb_free(&sb);
	}
	if (p->timer) {
		loop_timer_cancel(p->loop, p->timer);
		p->timer = 0;
	}
	p->timer = loop_timer_add(p->loop, 0, deliver, p);
	if (p->fd >= 0) {
		loop_unwatch(p->loop, p->fd);
		close(p->fd);
		p->fd = -1;
	}
}

static void on_fd(void *ctx, int fd, int ready);

static void
send_command(struct smtp_probe *p, const char *cmd)
{
	snprintf(p->out, sizeof p->out, "%s\r\n", cmd);
	p->out_len = strlen(p->out);
	p->out_sent = 0;
	loop_watch(p->loop, p->fd, LOOP_WRITE, on_fd, p);
}

/* EHLO with our own address as an address literal (RFC 5321 4.1.3): we
 * have no name to claim. */
static void
send_ehlo(struct smtp_probe *p)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char addr[INET6_ADDRSTRLEN] = "127.0.0.1", cmd[96];
	bool v6 = false;
	if (getsockname(p->fd, (struct sockaddr *)&ss, &len) == 0) {
		if (ss.ss_family == AF_INET6) {
			v6 = true;
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, addr, sizeof addr);
		} else {
			inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, addr, sizeof addr);
		}
	}
	snprintf(cmd, sizeof cmd, "EHLO [%s%s]", v6 ? "IPv6:" : "", addr);
	p->state = ST_EHLO;
	send_command(p, cmd);
}

static void
send_quit(struct smtp_probe *p)
{
	p->state = ST_QUIT;
	p->res.quit_sent = true;
	send_command(p, "QUIT");
}

/* A complete reply in the current state. */
static void
on_reply(struct smtp_probe *p)
{
	const struct smtp_reply *rp = &p->rd.reply;
	p->res.bare_lf |= rp->bare_lf;
	switch (p->state) {
	case ST_GREETING:
		p->res.banner_code = rp->code;
		p->res.banner = dup_or_null(rp->first);
		p->res.banner_lines = rp->n_lines;
		if (rp->code == 220) {
			send_ehlo(p);
		} else {
			/* RFC 5321 3.1: after a 554 greeting the client should
			 * still send QUIT; a 421 closes the channel. */
			p->res.outcome = SMTP_REJECTED;
			if (rp->code == 421)
				finish(p, SMTP_REJECTED, NULL);
			else
				send_quit(p);
		}
		break;
	case ST_EHLO:
		p->res.ehlo_code = rp->code;
		p->res.ehlo_lines = rp->n_lines;
		send_quit(p);
		break;
	case ST_QUIT:
		p->res.quit_code = rp->code;
		finish(p, p->res.banner_code == 220 ? SMTP_GREETED : SMTP_REJECTED, NULL);
		break;
	default:
		break;
	}
	smtp_reader_next(&p->rd);
}

/* The reader refused the bytes. Before the greeting is whole that decides
 * the outcome; after it, the EHLO or QUIT reply is only noted. */
static void
on_bad_reply(struct smtp_probe *p)
{
	if (p->state == ST_GREETING) {
		finish(p, SMTP_MALFORMED, _("%s sent a malformed greeting: %s"), p->target, p->rd.error);
		return;
	}
	if (p->state == ST_EHLO) {
		p->res.ehlo_error = xstrdup(p->rd.error);
		smtp_reader_next(&p->rd);
		/* Skip the rest of that reply: QUIT now, and close after it. */
		send_quit(p);
		p->state = ST_QUIT;
		return;
	}
	finish(p, p->res.banner_code == 220 ? SMTP_GREETED : SMTP_REJECTED, NULL);
}

static void
read_some(struct smtp_probe *p)
{
	uint8_t buf[4096];
	ssize_t n = recv(p->fd, buf, sizeof buf, 0);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n <= 0) {
		int err = n < 0 ? errno : 0;
		if (p->state == ST_GREETING)
			finish(p, SMTP_CLOSED, err ? _("%s reset the connection before a complete greeting: %s")
						   : _("%s closed the connection before a complete greeting%s"),
			       p->target, err ? strerror(err) : "");
		else
			finish(p, p->res.banner_code == 220 ? SMTP_GREETED : SMTP_REJECTED, NULL);
		return;
	}
	p->res.bytes_read += (size_t)n;
	size_t off = 0;
	while (!p->done && off < (size_t)n) {
		size_t used = 0;
		enum smtp_feed st = smtp_reader_feed(&p->rd, buf + off, (size_t)n - off, &used);
		off += used;
		if (st == SMTP_FEED_REPLY)
			on_reply(p);
		else if (st == SMTP_FEED_ERROR)
			on_bad_reply(p);
	}
	if (!p->done && p->res.bytes_read > SMTP_PROBE_BYTES_MAX) {
		if (p->state == ST_GREETING)
			finish(p, SMTP_MALFORMED, _("%s sent more than %d bytes without a complete greeting"),
			       p->target, SMTP_PROBE_BYTES_MAX);
		else
			finish(p, p->res.banner_code == 220 ? SMTP_GREETED : SMTP_REJECTED, NULL);
	}
}

static void
write_some(struct smtp_probe *p)
{
	ssize_t n = send(p->fd, p->out + p->out_sent, p->out_len - p->out_sent, MSG_NOSIGNAL);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n < 0) {
		finish(p, p->res.banner_code == 220 ? SMTP_GREETED : SMTP_REJECTED, NULL);
		return;
	}
	p->out_sent += (size_t)n;
	if (p->out_sent == p->out_len)
		loop_watch(p->loop, p->fd, LOOP_READ, on_fd, p);
}

static void
connected(struct smtp_probe *p)
{
	int err = 0;
	socklen_t len = sizeof err;
	if (getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err == ECONNREFUSED) {
		finish(p, SMTP_REFUSED, _("connection refused by %s (nothing listens on port 25)"), p->target);
	} else if (err) {
		finish(p, SMTP_FAILED, _("cannot connect to %s: %s"), p->target, strerror(err));
	} else {
		p->state = ST_GREETING;
		loop_watch(p->loop, p->fd, LOOP_READ, on_fd, p);
	}
}

static void
on_fd(void *ctx, int fd, int ready)
{
	struct smtp_probe *p = ctx;
	(void)fd;
	if (p->done)
		return;
	if (p->state == ST_CONNECTING) {
		connected(p);
		return;
	}
	if ((ready & LOOP_WRITE) && p->out_sent < p->out_len)
		write_some(p);
	else if (ready & LOOP_READ)
		read_some(p);
}

/* The deadline came: first take what the socket already holds. A loop
 * held up by other work (many TLS handshakes at once, valgrind) may run
 * the deadline before the read, and a greeting that arrived in time must
 * not be called a timeout. */
static void
take_what_came(struct smtp_probe *p)
{
	if (p->state == ST_CONNECTING) {
		struct sockaddr_storage peer;
		socklen_t plen = sizeof peer;
		int err = 0;
		socklen_t len = sizeof err;
		if (getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err ||
		    getpeername(p->fd, (struct sockaddr *)&peer, &plen) < 0)
			return;
		p->state = ST_GREETING;
	}
	if (p->state == ST_GREETING)
		read_some(p);
}

static void
on_timeout(void *ctx)
{
	struct smtp_probe *p = ctx;
	p->timer = 0;
	take_what_came(p);
	if (p->done)
		return;
	switch (p->state) {
	case ST_CONNECTING:
		finish(p, SMTP_CONNECT_TIMEOUT,
		       _("no answer from %s within %d ms to the TCP connection (port 25 may be blocked on this network)"),
		       p->target, p->timeout_ms);
		break;
	case ST_GREETING:
		finish(p, SMTP_GREETING_TIMEOUT,
		       p->res.bytes_read ? _("%s accepted the connection but its greeting was not complete within %d ms")
					 : _("%s accepted the connection but sent no greeting within %d ms"),
		       p->target, p->timeout_ms);
		break;
	default:
		/* The greeting came; a slow EHLO or QUIT reply changes nothing. */
		finish(p, p->res.banner_code == 220 ? SMTP_GREETED : SMTP_REJECTED, NULL);
		break;
	}
}

static bool
start_connect(struct smtp_probe *p, const char *address, uint16_t port)
{
	struct addrinfo hints, *ai = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	hints.ai_socktype = SOCK_STREAM;
	char ps[8];
	snprintf(ps, sizeof ps, "%u", (unsigned)port);
	if (getaddrinfo(address, ps, &hints, &ai) != 0 || !ai) {
		finish(p, SMTP_FAILED, _("not a numeric IP address: %s"), address);
		return false;
	}
	p->fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int rc = p->fd < 0 ? -1 : connect(p->fd, ai->ai_addr, ai->ai_addrlen);
	int err = errno;
	freeaddrinfo(ai);
	if (rc < 0 && err != EINPROGRESS) {
		if (err == ECONNREFUSED)
			finish(p, SMTP_REFUSED, _("connection refused by %s (nothing listens on port 25)"), p->target);
		else
			finish(p, SMTP_FAILED, _("cannot connect to %s: %s"), p->target, strerror(err));
		return false;
	}
	return true;
}

struct smtp_probe *
smtp_probe_start(struct loop *loop, const struct smtp_probe_opts *opts, smtp_probe_cb cb, void *ctx)
{
	struct smtp_probe *p = xcalloc(1, sizeof *p);
	p->loop = loop;
	p->cb = cb;
	p->ctx = ctx;
	p->fd = -1;
	p->started = loop_now_ms();
	p->timeout_ms = opts->timeout_ms > 0 ? opts->timeout_ms : SMTP_PROBE_DEFAULT_TIMEOUT_MS;
	uint16_t port = opts->port ? opts->port : 25;
	const char *addr = opts->address ? opts->address : "";
	p->res.address = xstrdup(addr);
	char *shown = san_str(addr, 60, SAN_ASCII);
	snprintf(p->target, sizeof p->target, strchr(shown, ':') ? "[%s]:%u" : "%s:%u", shown, (unsigned)port);
	free(shown);
	smtp_reader_init(&p->rd);
	loop_hold(loop);
	if (start_connect(p, addr, port)) {
		loop_watch(loop, p->fd, LOOP_WRITE, on_fd, p);
		p->timer = loop_timer_add(loop, p->timeout_ms, on_timeout, p);
	}
	return p;
}
