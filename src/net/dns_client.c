#include "config.h"

#include <arpa/inet.h>
#include <ares.h>
#include <ctype.h>
#include <errno.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "net/dns_client_int.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define DNS_IDLE_MAX 16        /* clients kept by a parent for reuse (72 kB each) */
#define EDNS_UDP_SIZE 1232    /* the DNS flag day 2020 size: no fragmentation */

/* Answers of this size or less arrive whole in any receive buffer; the
 * buffer a window's client asks for holds this many answers per place. */
#define RCVBUF_PER_QUERY 4096
#define RCVBUF_MIN (256 * 1024)

static void reschedule(struct dns_client *c);

static void
on_timer(void *arg)
{
	struct dns_client *c = arg;
	c->timer = 0;
	ares_process_fd(c->channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
	reschedule(c);
}

/* c-ares keeps its own deadlines; mirror the nearest one as a loop timer.
 * A query sent later only adds a later deadline, so the timer is set when
 * there is none and recomputed when it fires (ares_timeout walks every
 * query out: once per answer it would cost as much as the answers). */
static void
reschedule(struct dns_client *c)
{
	if (c->timer || !c->on_wire)
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
	if (!c->on_wire && c->timer) {
		loop_timer_cancel(c->loop, c->timer);
		c->timer = 0;
	}
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

static void
query_free(struct query *q)
{
	free(q->msg);
	free(q);
}

void
dns__deliver(struct query *q, struct dns_result *res)
{
	struct dns_client *c = q->client;
	struct dns_window *w = q->out ? c->window : NULL;
	if (q->entry)
		dns__share_settle(c, q, res);
	c->pending--;
	loop_release(c->loop);
	q->cb(q->ctx, res);
	query_free(q);
	if (w)
		dns__window_release(w);
}

/* O(1): a fleet scan holds thousands of these at once. */
static void
unlink_deferred(struct dns_client *c, struct deferred *d)
{
	if (d->prev)
		d->prev->next = d->next;
	else
		c->deferred = d->next;
	if (d->next)
		d->next->prev = d->prev;
}

static void
deliver_deferred(void *arg)
{
	struct deferred *d = arg;
	unlink_deferred(d->q->client, d);
	dns__deliver(d->q, &d->res);
	free(d);
}

void
dns__defer(struct query *q, const struct dns_result *res)
{
	struct dns_client *c = q->client;
	struct deferred *d = xcalloc(1, sizeof *d);
	d->q = q;
	d->res = *res;
	d->next = c->deferred;
	if (d->next)
		d->next->prev = d;
	c->deferred = d;
	d->timer = loop_timer_add(c->loop, 0, deliver_deferred, d);
}

static void
on_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	struct query *q = arg;
	struct dns_client *c = q->client;
	c->on_wire--;
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
	if (res.outcome == DNS_TIMEOUT || res.outcome == DNS_UNREACHABLE) {
		c->fail_run++;
		c->unanswered++;
	} else if (res.outcome != DNS_CANCELLED) {
		c->fail_run = 0;
	}
	/* Callers are promised their callback from the loop, never from
	 * inside dns_query(). */
	if (c->in_send)
		dns__defer(q, &res);
	else
		dns__deliver(q, &res);
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
	c->timeout_ms = opts->timeout_ms;
	c->tries = opts->tries;
	c->window = opts->window;
	if (opts->share)
		c->share = dns__share_new();
	struct ares_options o;
	memset(&o, 0, sizeof o);
	o.flags = ARES_FLAG_NOCHECKRESP | ARES_FLAG_EDNS | (opts->recurse ? 0 : ARES_FLAG_NORECURSE);
	/* c-ares doubles the wait at each retry: the first try gets the part
	 * of the whole that makes every try add up to it (1/3 for two). */
	o.tries = opts->tries > 0 ? opts->tries : 2;
	int total = opts->timeout_ms > 0 ? opts->timeout_ms : 5000;
	int shares = (1 << (o.tries < 8 ? o.tries : 8)) - 1;
	o.timeout = total / shares > 0 ? total / shares : 1;
	o.sock_state_cb = on_sock_state;
	o.sock_state_cb_data = c;
	o.ednspsz = EDNS_UDP_SIZE;
	int mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES |
		   ARES_OPT_SOCK_STATE_CB | ARES_OPT_EDNSPSZ;
	if (c->window) {
		/* Every answer of a full window may wait in the socket while
		 * the loop works: a smaller buffer drops them, and a dropped
		 * answer costs a whole timeout. The kernel caps the size. */
		int want = dns_window_limit(c->window) * RCVBUF_PER_QUERY;
		o.socket_receive_buffer_size = want > RCVBUF_MIN ? want : RCVBUF_MIN;
		mask |= ARES_OPT_SOCK_RCVBUF;
	}
	/* Servers given: nothing of resolv.conf applies (we only ever
	 * ares_send), and saying so spares c-ares reading it, the hosts
	 * file and uname for each client (a fleet scan makes thousands).
	 * The placeholder server is replaced below. */
	struct in_addr placeholder = { htonl(INADDR_LOOPBACK) };
	if (opts->servers) {
		o.ndots = 1;
		o.domains = NULL;
		o.ndomains = 0;
		o.lookups = (char *)"b";
		o.sortlist = NULL;
		o.nsort = 0;
		o.servers = &placeholder;
		o.nservers = 1;
		mask |= ARES_OPT_NDOTS | ARES_OPT_DOMAINS | ARES_OPT_LOOKUPS | ARES_OPT_SORTLIST |
			ARES_OPT_SERVERS | ARES_OPT_NOROTATE;
	}
	int rc = ares_init_options(&c->channel, &o, mask);
	if (rc != ARES_SUCCESS) {
		snprintf(err, errlen, _("cannot start the DNS client: %s"), ares_strerror(rc));
		dns__share_free(c->share);
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
			dns__share_free(c->share);
			free(c);
			return NULL;
		}
		c->servers = xstrdup(opts->servers);
	} else {
		c->servers = system_servers(c->channel);
	}
	return c;
}

/* Every query of c ends now, cancelled: those waiting in the window
 * first (so that the room made is not given to them), then those out
 * (destroy: with the channel), then results waiting for their turn. No
 * callback of them runs after this. */
static void
cancel_all(struct dns_client *c, bool destroy)
{
	if (c->timer)
		loop_timer_cancel(c->loop, c->timer);
	c->timer = 0;
	struct query *waiting = c->window ? dns__window_take(c->window, c) : NULL;
	while (waiting) {
		struct query *q = waiting;
		waiting = q->wnext;
		q->wnext = NULL;
		struct dns_result res = { .outcome = DNS_CANCELLED, .error = _("cancelled"),
					  .server = q->server, .qname = q->qname, .qtype = q->qtype,
					  .flags = q->flags };
		dns__deliver(q, &res);
	}
	/* Pending callbacks run now with ARES_EDESTRUCTION or ARES_ECANCELLED. */
	if (destroy)
		ares_destroy(c->channel);
	else
		ares_cancel(c->channel);
	while (c->deferred) {
		struct deferred *d = c->deferred;
		unlink_deferred(c, d);
		loop_timer_cancel(c->loop, d->timer);
		if (d->res.msg)
			dns_msg_free(d->res.msg);
		d->res.msg = NULL;
		d->res.outcome = DNS_CANCELLED;
		d->res.error = _("cancelled");
		dns__deliver(d->q, &d->res);
		free(d);
	}
}

void
dns_client_free(struct dns_client *c)
{
	if (!c)
		return;
	cancel_all(c, true);
	while (c->idle) {
		struct dns_client *i = c->idle;
		c->idle = i->next_idle;
		dns_client_free(i);
	}
	dns__share_free(c->share);
	free(c->servers);
	free(c);
}

/* Made with these options, so that it can stand in for a new one. */
static bool
fits(const struct dns_client *c, const struct dns_client_opts *o)
{
	return o->servers && !o->share && !strcmp(c->servers, o->servers) && c->recurse == o->recurse &&
	       c->timeout_ms == o->timeout_ms && c->tries == o->tries && c->window == o->window;
}

struct dns_client *
dns_client_get(struct dns_client *parent, const struct dns_client_opts *opts, char *err, size_t errlen)
{
	for (struct dns_client **pp = &parent->idle; *pp; pp = &(*pp)->next_idle)
		if (fits(*pp, opts)) {
			struct dns_client *c = *pp;
			*pp = c->next_idle;
			c->next_idle = NULL;
			parent->n_idle--;
			return c;
		}
	return dns_client_new(parent->loop, opts, err, errlen);
}

void
dns_client_put(struct dns_client *parent, struct dns_client *c)
{
	if (!c)
		return;
	if (c->share || c->idle || parent->n_idle >= DNS_IDLE_MAX) {
		dns_client_free(c);
		return;
	}
	cancel_all(c, false);
	c->fail_run = c->unanswered = 0;
	c->next_idle = parent->idle;
	parent->idle = c;
	parent->n_idle++;
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

int
dns_client_fail_run(const struct dns_client *c)
{
	return c->fail_run;
}

int
dns_client_unanswered(const struct dns_client *c)
{
	return c->unanswered;
}

int
dns_client_shared(const struct dns_client *c)
{
	return c->share ? dns__share_hits(c->share) : 0;
}

/* Put q on the wire; the window (if any) counts it until delivery. */
void
dns__send(struct query *q, const uint8_t *buf, size_t len, int64_t now)
{
	struct dns_client *c = q->client;
	q->started = now;
	if (c->window) {
		q->out = true;
		dns__window_sent(c->window);
	}
	c->on_wire++;
	c->in_send = true;
	ares_send(c->channel, buf, (int)len, on_answer, q);
	c->in_send = false;
	reschedule(c);
}

struct query *
dns__query_new(struct dns_client *c, const char *name, uint16_t type, int flags, dns_cb cb, void *ctx)
{
	/* One allocation: the query, then its name and server (a fleet scan
	 * makes a few hundred thousand). */
	size_t nlen = strlen(name) + 1, slen = strlen(c->servers) + 1;
	struct query *q = xcalloc(1, sizeof *q + nlen + slen);
	q->client = c;
	q->cb = cb;
	q->ctx = ctx;
	q->qname = memcpy(q->text, name, nlen);
	q->server = memcpy(q->text + nlen, c->servers, slen);
	q->qtype = type;
	q->flags = flags;
	q->started = loop_now_ms();
	c->pending++;
	loop_hold(c->loop);
	return q;
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

/* c-ares 1.18's ares_send sends the ID its caller wrote (later versions
 * pick their own), and the encoder writes 0: every query gets 16
 * unpredictable bits, so that an answer forged off the path must guess
 * them as well as the port. From the kernel's generator in blocks, not a
 * system call per query. */
static void
random_id(uint8_t *id)
{
	static uint8_t pool[512];
	static size_t left;
	if (left < 2) {
		ssize_t got;
		do
			got = getrandom(pool, sizeof pool, 0);
		while (got < 0 && errno == EINTR);
		if (got != (ssize_t)sizeof pool && RAND_bytes(pool, (int)sizeof pool) != 1)
			abort();        /* no randomness at all: never send guessable IDs */
		left = sizeof pool;
	}
	left -= 2;
	memcpy(id, pool + left, 2);
}

int
dns_query(struct dns_client *c, const char *name, uint16_t type, int flags, dns_cb cb, void *ctx)
{
	uint8_t buf[512];
	size_t len = dns_encode_query(name, type, c->recurse, flags, EDNS_UDP_SIZE, buf, sizeof buf);
	if (!len)
		return -1;
	struct query *q = dns__query_new(c, name, type, flags, cb, ctx);
	if (c->share && dns__share_ask(c, q))
		return 0;
	random_id(buf);             /* only what goes out needs one */
	if (c->window && dns__window_full(c->window))
		dns__window_enqueue(c->window, q, buf, len);
	else
		dns__send(q, buf, len, q->started);   /* made just now */
	return 0;
}

/* A referral: no answer and no authority over the name, only the name
 * servers of a zone below (a parent's server asked directly). */
bool
dns_msg_is_referral(const struct dns_msg *m)
{
	if (m->aa || m->n_answer || m->rcode != DNS_RC_NOERROR)
		return false;
	for (size_t i = 0; i < m->n_rr; i++)
		if (m->rrs[i].section == DNS_SEC_AUTHORITY && m->rrs[i].type == DNS_T_NS)
			return true;
	return false;
}

bool
dns_result_summary(const struct dns_result *res, char *buf, size_t len)
{
	struct strbuf sb;
	sb_init_limit(&sb, len ? len - 1 : 0);
	bool failed = res->outcome != DNS_ANSWER;
	if (failed) {
		sb_add(&sb, res->error ? res->error : _("no answer"));
	} else {
		const struct dns_msg *m = res->msg;
		failed = m->rcode != DNS_RC_NOERROR && m->rcode != DNS_RC_NXDOMAIN;
		if (failed || m->rcode == DNS_RC_NXDOMAIN)
			sb_add(&sb, dns_rcode_name(m->rcode));
		else if (m->n_answer)
			sb_addf(&sb, ngettext("%zu record", "%zu records", (unsigned long)m->n_answer), m->n_answer);
		else if (dns_msg_is_referral(m))
			/* TRANSLATORS: a probe's result: the server sent the name
			 * servers of a zone below instead of an answer */
			sb_add(&sb, _("referral"));
		else
			/* NOERROR without records of the type: the usual term. */
			sb_add(&sb, "NODATA");
		if (m->ede_code >= 0)
			sb_addf(&sb, " (EDE %d)", m->ede_code);
	}
	snprintf(buf, len, "%s", sb.buf);
	sb_free(&sb);
	return failed;
}
