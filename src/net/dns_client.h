/* Asynchronous DNS queries through c-ares, driven by our event loop.
 *
 * A client talks to one server set: the recursive resolver (RD=1), or one
 * authoritative server asked directly (RD=0). Queries are built here, not by
 * c-ares, so that AD, CD and DO can be set; answers are parsed by dns_wire,
 * and SERVFAIL/REFUSED come back as answers (ARES_FLAG_NOCHECKRESP) instead
 * of being hidden behind "could not contact DNS servers". */
#ifndef ACMD_DNS_CLIENT_H
#define ACMD_DNS_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "net/dns_wire.h"
#include "core/loop.h"

struct dns_client;
struct dns_window;

struct dns_client_opts {
	const char *servers;    /* "127.0.0.1:5300", "[::1]:53", comma-separated; NULL: system resolv.conf */
	bool recurse;           /* RD bit */
	int timeout_ms;         /* a query's whole wait, every try included (0: 5000) */
	int tries;              /* 0: 2 */
	struct dns_window *window;   /* shared bound on queries out at once; NULL: none */
	/* The same question (name, type, flags) asked again while it is out,
	 * or within 10 s of its answer and its TTLs, gets a copy of that
	 * answer, TTLs counted down, instead of a query of its own: a fleet
	 * scan asks the same parents for every name below them. */
	bool share;
};

enum dns_outcome {
	DNS_ANSWER,             /* a parseable message came back (any rcode) */
	DNS_TIMEOUT,            /* no answer at all */
	DNS_UNREACHABLE,        /* connection refused / network error */
	DNS_BAD_ANSWER,         /* an answer came that does not parse */
	DNS_CANCELLED,
};

enum {
	DNS_Q_DO = 1,           /* ask for DNSSEC records */
	DNS_Q_CD = 2,           /* checking disabled: bypass validation */
	DNS_Q_AD = 4,           /* ask the resolver to report validation in AD */
};

struct dns_result {
	enum dns_outcome outcome;
	struct dns_msg *msg;    /* DNS_ANSWER only; the callback owns it (dns_msg_free) */
	const char *error;      /* human reason when no usable answer; static text */
	const char *server;     /* the server set asked */
	const char *qname;      /* canonical query name */
	uint16_t qtype;
	int flags;              /* DNS_Q_* asked */
	int64_t elapsed_ms;
	int timeouts;           /* tries that timed out before the answer */
};

typedef void (*dns_cb)(void *ctx, struct dns_result *res);

struct dns_client *dns_client_new(struct loop *loop, const struct dns_client_opts *opts,
				  char *err, size_t errlen);
/* Cancels pending queries (their callbacks run with DNS_CANCELLED, before
 * this returns). Never call it from inside one of its own callbacks. */
void dns_client_free(struct dns_client *c);
const char *dns_client_servers(const struct dns_client *c);

/* Send one query for a canonical name (trailing dot, \DDD escapes allowed).
 * The callback always runs exactly once, from the loop. Returns 0, or -1 if
 * the name cannot be encoded (the callback does not run then). */
int dns_query(struct dns_client *c, const char *name, uint16_t type, int flags,
	      dns_cb cb, void *ctx);

/* A client for single servers, as dns_client_new(parent's loop, opts)
 * makes it, or one given back to parent with the same options: a check
 * that asks a zone's servers directly for each of thousands of names
 * makes no new c-ares channel (72 kB to set up) each time. Freeing parent
 * frees those given back. */
struct dns_client *dns_client_get(struct dns_client *parent, const struct dns_client_opts *opts,
				  char *err, size_t errlen);
/* Give c back: its queries end now, cancelled, as with dns_client_free
 * (which it is when parent keeps enough already). */
void dns_client_put(struct dns_client *parent, struct dns_client *c);

/* The window a client was made with (NULL: none), so that the clients a
 * check makes for single servers share the bound of its resolver's. */
struct dns_window *dns_client_window(const struct dns_client *c);

/* Queries sent in a row, up to now, that got nothing back at all (timed
 * out, refused): the server is down or drops us. 0 after any answer. */
int dns_client_fail_run(const struct dns_client *c);
/* Of all queries sent, those that got nothing back (never reset). */
int dns_client_unanswered(const struct dns_client *c);

/* Questions answered from what was asked for another (opts.share). */
int dns_client_shared(const struct dns_client *c);

/* A window: at most limit queries on the wire at once, over every client
 * made with it; the rest wait in order of dns_query() and go out as
 * answers come back (a query's timeout counts from when it goes out).
 * A fleet scan bounds its load on the resolver with it. */
struct dns_window *dns_window_new(int limit);
/* After every client made with it is freed. */
void dns_window_free(struct dns_window *w);
int dns_window_limit(const struct dns_window *w);
int dns_window_in_flight(const struct dns_window *w);
int dns_window_max_in_flight(const struct dns_window *w);   /* the most at once so far */
int dns_window_sent(const struct dns_window *w);            /* queries that went out */
size_t dns_window_queued(const struct dns_window *w);
/* Called (from a DNS callback: do not free clients there) whenever an
 * answer leaves room in the window and nothing waits. */
void dns_window_on_room(struct dns_window *w, void (*cb)(void *ctx), void *ctx);

/* One line for a progress view, translated: "2 records", "NODATA",
 * "NXDOMAIN", "referral", "SERVFAIL (EDE 6)", "timeout". Returns true when
 * there was no usable answer. */
bool dns_result_summary(const struct dns_result *res, char *buf, size_t len);
/* No answer, no authority: the name servers of a zone below. */
bool dns_msg_is_referral(const struct dns_msg *m);

/* Encode a query message into buf (RFC 1035 + an OPT RR); returns its length,
 * or 0 if the name is not a valid presentation-form name. */
size_t dns_encode_query(const char *name, uint16_t type, bool rd, int flags,
			uint16_t udp_size, uint8_t *buf, size_t buflen);

#endif
