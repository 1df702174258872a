#include "config.h"

#include <arpa/inet.h>
#include <ares.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/dns_client.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define EDNS_UDP_SIZE 1232    /* the DNS flag day 2020 size: no fragmentation */

struct dns_client {
	struct loop *loop;
	ares_channel channel;
	char *servers;
	bool recurse;
	uint64_t timer;
	int pending;
	bool in_send;     /* inside ares_send: an early failure must not call back yet */
	struct deferred *deferred;   /* early failures waiting for their loop turn */
	struct dns_window *window;   /* shared with other clients, or NULL */
};

struct dns_window {
	int limit, in_flight, max_in_flight;
	struct query *head, *tail;   /* waiting for room, oldest first */
	size_t queued;
	void (*on_room)(void *ctx);
	void *room_ctx;
};

struct query {
	struct dns_client *client;
	dns_cb cb;
	void *ctx;
	char *server;     /* our own copy: the result may outlive nothing else */
	char *qname;
	uint16_t qtype;
	int flags;
	int64_t started;
	bool out;         /* sent, holding a place in the window */
	uint8_t *msg;     /* the encoded query while it waits in the window */
	size_t len;
	struct query *wnext;
};

static void reschedule(struct dns_client *c);
static void window_release(struct dns_window *w);
static void cancel_waiting(struct dns_client *c);

static void
on_timer(void *arg)
{
	struct dns_client *c = arg;
	c->timer = 0;
	ares_process_fd(c->channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
	reschedule(c);
}

/* c-ares keeps its own deadlines; mirror the nearest one as a loop timer. */
static void
reschedule(struct dns_client *c)
{
	if (c->timer) {
		loop_timer_cancel(c->loop, c->timer);
		c->timer = 0;
	}
	if (!c->pending)
		return;
	struct timeval tv, *tvp = ares_timeout(c->channel, NULL, &tv);
	int64_t ms = tvp ? (int64_t)tvp->tv_sec * 1000 + tvp->tv_usec / 1000 + 1 : 1000;
	c->timer = loop_timer_add(c->loop, ms, on_timer, c);
}

static void
on_fd(void *arg, int fd, int ready)
{
	struct dns_client *c = arg;
	ares_process_fd(c->channel,
			(ready & LOOP_READ) ? fd : ARES_SOCKET_BAD,
			(ready & LOOP_WRITE) ? fd : ARES_SOCKET_BAD);
	reschedule(c);
}

static void
on_sock_state(void *arg, ares_socket_t fd, int readable, int writable)
{
	struct dns_client *c = arg;
	int ev = (readable ? LOOP_READ : 0) | (writable ? LOOP_WRITE : 0);
	loop_watch(c->loop, fd, ev, on_fd, c);
}

static const char *
status_text(int status, enum dns_outcome *outcome)
{
	switch (status) {
	case ARES_ETIMEOUT:
		*outcome = DNS_TIMEOUT;
		return _("no answer (timed out)");
	case ARES_ECONNREFUSED:
		*outcome = DNS_UNREACHABLE;
		return _("connection refused: nothing answers DNS at that address");
	case ARES_ECANCELLED:
	case ARES_EDESTRUCTION:
		*outcome = DNS_CANCELLED;
		return _("cancelled");
	case ARES_EBADRESP:
		*outcome = DNS_BAD_ANSWER;
		return _("malformed answer");
	default:
		*outcome = DNS_UNREACHABLE;
		return ares_strerror(status);
	}
}

struct deferred {
	struct query *q;
	struct dns_result res;
	uint64_t timer;
	struct deferred *next;
};

static void
deliver(struct query *q, struct dns_result *res)
{
	struct dns_client *c = q->client;
	struct dns_window *w = q->out ? c->window : NULL;
	c->pending--;
	loop_release(c->loop);
	q->cb(q->ctx, res);
	free(q->server);
	free(q->qname);
	free(q->msg);
	free(q);
	if (w)
		window_release(w);
}

static void
unlink_deferred(struct dns_client *c, struct deferred *d)
{
	for (struct deferred **pp = &c->deferred; *pp; pp = &(*pp)->next)
		if (*pp == d) {
			*pp = d->next;
			return;
		}
}

static void
deliver_deferred(void *arg)
{
	struct deferred *d = arg;
	unlink_deferred(d->q->client, d);
	deliver(d->q, &d->res);
	free(d);
}

static void
on_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	struct query *q = arg;
	struct dns_client *c = q->client;
	struct dns_result res = {
		.server = q->server, .qname = q->qname, .qtype = q->qtype,
		.flags = q->flags, .timeouts = timeouts,
		.elapsed_ms = loop_now_ms() - q->started,
	};
	char err[128];
	/* With NOCHECKRESP every rcode arrives as a packet; parse whatever came. */
	if (abuf && alen > 0) {
		res.msg = dns_msg_parse(abuf, (size_t)alen, err, sizeof err);
		if (res.msg) {
			res.outcome = DNS_ANSWER;
		} else {
			res.outcome = DNS_BAD_ANSWER;
			res.error = _("malformed answer");
		}
	} else {
		res.error = status_text(status, &res.outcome);
	}
	if (c->in_send) {
		/* Callers are promised their callback from the loop, never from
		 * inside dns_query(). */
		struct deferred *d = xcalloc(1, sizeof *d);
		d->q = q;
		d->res = res;
		d->next = c->deferred;
		c->deferred = d;
		d->timer = loop_timer_add(c->loop, 0, deliver_deferred, d);
		return;
	}
	deliver(q, &res);
}

/* "a.b.c.d:53,..." for what resolv.conf gave us, to say whom we asked. */
static char *
system_servers(ares_channel ch)
{
	struct ares_addr_port_node *list = NULL;
	char out[512] = "", addr[INET6_ADDRSTRLEN];
	if (ares_get_servers_ports(ch, &list) == ARES_SUCCESS) {
		for (struct ares_addr_port_node *n = list; n; n = n->next) {
			if (!inet_ntop(n->family, &n->addr, addr, sizeof addr))
				continue;
			size_t used = strlen(out);
			snprintf(out + used, sizeof out - used, n->family == AF_INET6 ? "%s[%s]:%d" : "%s%s:%d",
				 used ? "," : "", addr, n->udp_port ? n->udp_port : 53);
		}
		ares_free_data(list);
	}
	return xstrdup(*out ? out : _("system resolver"));
}

struct dns_client *
dns_client_new(struct loop *loop, const struct dns_client_opts *opts, char *err, size_t errlen)
{
	static int lib_ready;
	if (!lib_ready) {
		if (ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS) {
			snprintf(err, errlen, "%s", _("cannot initialise c-ares"));
			return NULL;
		}
		lib_ready = 1;
	}
	struct dns_client *c = xcalloc(1, sizeof *c);
	c->loop = loop;
	c->recurse = opts->recurse;
	c->window = opts->window;
	struct ares_options o;
	memset(&o, 0, sizeof o);
	o.flags = ARES_FLAG_NOCHECKRESP | ARES_FLAG_EDNS | (opts->recurse ? 0 : ARES_FLAG_NORECURSE);
	o.timeout = opts->timeout_ms > 0 ? opts->timeout_ms : 2000;
	o.tries = opts->tries > 0 ? opts->tries : 2;
	o.sock_state_cb = on_sock_state;
	o.sock_state_cb_data = c;
	o.ednspsz = EDNS_UDP_SIZE;
	int mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES |
		   ARES_OPT_SOCK_STATE_CB | ARES_OPT_EDNSPSZ;
	int rc = ares_init_options(&c->channel, &o, mask);
	if (rc != ARES_SUCCESS) {
		snprintf(err, errlen, _("cannot start the DNS client: %s"), ares_strerror(rc));
		free(c);
		return NULL;
	}
	if (opts->servers) {
		rc = ares_set_servers_ports_csv(c->channel, opts->servers);
		if (rc != ARES_SUCCESS) {
			char *shown = san_str(opts->servers, 200, SAN_ASCII);
			snprintf(err, errlen, _("bad DNS server address \"%s\": %s"),
				 shown, ares_strerror(rc));
			free(shown);
			ares_destroy(c->channel);
			free(c);
			return NULL;
		}
		c->servers = xstrdup(opts->servers);
	} else {
		c->servers = system_servers(c->channel);
	}
	return c;
}

void
dns_client_free(struct dns_client *c)
{
	if (!c)
		return;
	if (c->timer)
		loop_timer_cancel(c->loop, c->timer);
	c->timer = 0;
	/* Queries still waiting in the window never went out: cancelled
	 * first, so that room made below is not given to them. */
	cancel_waiting(c);
	ares_destroy(c->channel);   /* runs pending callbacks with ARES_EDESTRUCTION */
	/* Early failures still waiting for their turn are cancelled too: no
	 * callback may run after the client is gone. */
	while (c->deferred) {
		struct deferred *d = c->deferred;
		c->deferred = d->next;
		loop_timer_cancel(c->loop, d->timer);
		if (d->res.msg)
			dns_msg_free(d->res.msg);
		d->res.msg = NULL;
		d->res.outcome = DNS_CANCELLED;
		d->res.error = _("cancelled");
		deliver(d->q, &d->res);
		free(d);
	}
	free(c->servers);
	free(c);
}

const char *
dns_client_servers(const struct dns_client *c)
{
	return c->servers;
}

struct dns_window *
dns_client_window(const struct dns_client *c)
{
	return c->window;
}

/* Put q on the wire; the window (if any) counts it until delivery. */
static void
send_query(struct query *q, const uint8_t *buf, size_t len)
{
	struct dns_client *c = q->client;
	struct dns_window *w = c->window;
	q->started = loop_now_ms();
	q->out = w != NULL;
	if (w && ++w->in_flight > w->max_in_flight)
		w->max_in_flight = w->in_flight;
	c->in_send = true;
	ares_send(c->channel, buf, (int)len, on_answer, q);
	c->in_send = false;
	reschedule(c);
}

/* An answer left room: the oldest waiting queries go out. */
static void
window_release(struct dns_window *w)
{
	w->in_flight--;
	while (w->head && w->in_flight < w->limit) {
		struct query *q = w->head;
		w->head = q->wnext;
		if (!w->head)
			w->tail = NULL;
		w->queued--;
		q->wnext = NULL;
		uint8_t *msg = q->msg;
		q->msg = NULL;
		send_query(q, msg, q->len);
		free(msg);
	}
	if (!w->head && w->in_flight < w->limit && w->on_room)
		w->on_room(w->room_ctx);
}

static void
cancel_waiting(struct dns_client *c)
{
	struct dns_window *w = c->window;
	if (!w)
		return;
	struct query **pp = &w->head, *mine = NULL, **mtail = &mine;
	w->tail = NULL;
	while (*pp) {
		struct query *q = *pp;
		if (q->client == c) {
			*pp = q->wnext;
			q->wnext = NULL;
			*mtail = q;
			mtail = &q->wnext;
			w->queued--;
		} else {
			w->tail = q;
			pp = &q->wnext;
		}
	}
	while (mine) {
		struct query *q = mine;
		mine = q->wnext;
		struct dns_result res = { .outcome = DNS_CANCELLED, .error = _("cancelled"),
					  .server = q->server, .qname = q->qname, .qtype = q->qtype,
					  .flags = q->flags };
		deliver(q, &res);
	}
}

struct dns_window *
dns_window_new(int limit)
{
	struct dns_window *w = xcalloc(1, sizeof *w);
	w->limit = limit > 0 ? limit : 1;
	return w;
}

void
dns_window_free(struct dns_window *w)
{
	free(w);
}

int
dns_window_limit(const struct dns_window *w)
{
	return w->limit;
}

int
dns_window_in_flight(const struct dns_window *w)
{
	return w->in_flight;
}

int
dns_window_max_in_flight(const struct dns_window *w)
{
	return w->max_in_flight;
}

size_t
dns_window_queued(const struct dns_window *w)
{
	return w->queued;
}

void
dns_window_on_room(struct dns_window *w, void (*cb)(void *ctx), void *ctx)
{
	w->on_room = cb;
	w->room_ctx = ctx;
}

/* One presentation-form label to wire; returns the label length or -1. */
static int
encode_label(const char **pp, uint8_t *out)
{
	const char *p = *pp;
	int n = 0;
	while (*p && *p != '.') {
		unsigned v;
		if (*p == '\\') {
			if (isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
			    isdigit((unsigned char)p[3])) {
				v = (unsigned)(p[1] - '0') * 100 + (unsigned)(p[2] - '0') * 10 +
				    (unsigned)(p[3] - '0');
				if (v > 255)
					return -1;
				p += 4;
			} else if (p[1]) {
				v = (unsigned char)p[1];
				p += 2;
			} else {
				return -1;
			}
		} else {
			v = (unsigned char)*p++;
		}
		if (n == 63)
			return -1;
		out[n++] = (uint8_t)v;
	}
	if (*p == '.')
		p++;
	*pp = p;
	return n;
}

size_t
dns_encode_query(const char *name, uint16_t type, bool rd, int flags,
		 uint16_t udp_size, uint8_t *buf, size_t buflen)
{
	if (buflen < 12 + 256 + 4 + 11)
		return 0;
	memset(buf, 0, 12);
	buf[2] = rd ? 0x01 : 0x00;
	buf[3] = (uint8_t)(((flags & DNS_Q_AD) ? 0x20 : 0) | ((flags & DNS_Q_CD) ? 0x10 : 0));
	buf[5] = 1;    /* QDCOUNT */
	buf[11] = 1;   /* ARCOUNT: the OPT RR */
	size_t off = 12, namelen = 0;
	const char *p = name;
	if (!strcmp(p, "."))
		p++;
	while (*p) {
		uint8_t label[64];
		int n = encode_label(&p, label);
		if (n <= 0)
			return 0;
		namelen += (size_t)n + 1;
		if (namelen + 1 > 255)
			return 0;
		buf[off++] = (uint8_t)n;
		memcpy(buf + off, label, (size_t)n);
		off += (size_t)n;
	}
	buf[off++] = 0;
	buf[off++] = (uint8_t)(type >> 8);
	buf[off++] = (uint8_t)type;
	buf[off++] = 0;
	buf[off++] = 1;            /* class IN */
	/* OPT: root owner, type 41, class = UDP size, TTL = ext-rcode/version/DO */
	buf[off++] = 0;
	buf[off++] = 0;
	buf[off++] = 41;
	buf[off++] = (uint8_t)(udp_size >> 8);
	buf[off++] = (uint8_t)udp_size;
	buf[off++] = 0;
	buf[off++] = 0;
	buf[off++] = (flags & DNS_Q_DO) ? 0x80 : 0;
	buf[off++] = 0;
	buf[off++] = 0;
	buf[off++] = 0;
	return off;
}

int
dns_query(struct dns_client *c, const char *name, uint16_t type, int flags, dns_cb cb, void *ctx)
{
	uint8_t buf[512];
	size_t len = dns_encode_query(name, type, c->recurse, flags, EDNS_UDP_SIZE, buf, sizeof buf);
	if (!len)
		return -1;
	struct query *q = xcalloc(1, sizeof *q);
	q->client = c;
	q->cb = cb;
	q->ctx = ctx;
	q->qname = xstrdup(name);
	q->server = xstrdup(c->servers);
	q->qtype = type;
	q->flags = flags;
	c->pending++;
	loop_hold(c->loop);
	struct dns_window *w = c->window;
	if (w && (w->in_flight >= w->limit || w->head)) {
		q->msg = xmalloc(len);
		memcpy(q->msg, buf, len);
		q->len = len;
		if (w->tail)
			w->tail->wnext = q;
		else
			w->head = q;
		w->tail = q;
		w->queued++;
		return 0;
	}
	send_query(q, buf, len);
	return 0;
}

bool
dns_result_summary(const struct dns_result *res, char *buf, size_t len)
{
	struct strbuf sb;
	sb_init_limit(&sb, len ? len - 1 : 0);
	bool failed = res->outcome != DNS_ANSWER;
	if (failed) {
		sb_add(&sb, res->error ? res->error : "no answer");
	} else {
		const struct dns_msg *m = res->msg;
		failed = m->rcode != DNS_RC_NOERROR && m->rcode != DNS_RC_NXDOMAIN;
		sb_add(&sb, dns_rcode_name(m->rcode));
		if (!failed && m->n_answer)
			sb_addf(&sb, ", %zu answer RRs", m->n_answer);
		else if (!failed && m->rcode == DNS_RC_NOERROR)
			sb_add(&sb, ", no data");
		if (m->ede_code >= 0)
			sb_addf(&sb, " (EDE %d)", m->ede_code);
	}
	snprintf(buf, len, "%s", sb.buf);
	sb_free(&sb);
	return failed;
}
