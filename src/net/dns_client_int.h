/* Inside the DNS client: its state and a query's, shared by the files
 * that make it up. Only src/net/dns_*.c include this.
 *
 *   dns_client.c  the c-ares channel on the loop, sending, delivering
 *   dns_window.c  the bound on queries out at once, over many clients
 *   dns_share.c   one question asked by many: one query, one answer each */
#ifndef ACMD_NET_DNS_CLIENT_INT_H
#define ACMD_NET_DNS_CLIENT_INT_H

#include <ares.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/dns_client.h"

struct share;
struct share_entry;

struct dns_client {
	struct loop *loop;
	ares_channel channel;
	char *servers;
	bool recurse;
	uint64_t timer;
	int pending;                /* queries not yet delivered, however waiting */
	int on_wire;                /* of them, sent and not back */
	int fail_run;               /* queries in a row that got no answer at all */
	int unanswered;             /* of all, those that got no answer at all */
	bool in_send;               /* inside ares_send: an early failure must not call back yet */
	struct deferred *deferred;  /* results waiting for their loop turn */
	struct dns_window *window;  /* shared with other clients, or NULL */
	struct share *share;        /* NULL unless opts.share */
	int timeout_ms, tries;      /* as made: what a client given back must match */
	/* As a parent (dns_client_get): the clients for single servers given
	 * back, each one's c-ares channel kept for the next asker (c-ares
	 * itself closes a channel's sockets when no query is out). */
	struct dns_client *idle;
	size_t n_idle;
	struct dns_client *next_idle;
};

struct query {
	struct dns_client *client;
	dns_cb cb;
	void *ctx;
	char *server;               /* our own copy (in text): the result may outlive nothing else */
	char *qname;                /* in text */
	uint16_t qtype;
	int flags;
	int64_t started;
	bool out;                   /* sent, holding a place in the window */
	uint8_t *msg;               /* the encoded query while it waits in the window */
	size_t len;
	struct query *wnext;        /* in the window's queue, or an entry's waiters */
	struct share_entry *entry;  /* asked for others too (dns_share.c) */
	char text[];                /* qname, then server */
};

/* A result held for a loop turn of its own. */
struct deferred {
	struct query *q;
	struct dns_result res;
	uint64_t timer;
	struct deferred *prev, *next;
};

/* dns_client.c */
struct query *dns__query_new(struct dns_client *c, const char *name, uint16_t type, int flags,
			     dns_cb cb, void *ctx);
/* now: the loop's time (taken once by the caller). */
void dns__send(struct query *q, const uint8_t *buf, size_t len, int64_t now);
void dns__deliver(struct query *q, struct dns_result *res);
/* Deliver res to q from a loop turn of its own (res->msg goes with it). */
void dns__defer(struct query *q, const struct dns_result *res);

/* dns_window.c */
bool dns__window_full(const struct dns_window *w);
void dns__window_enqueue(struct dns_window *w, struct query *q, const uint8_t *buf, size_t len);
void dns__window_sent(struct dns_window *w);
void dns__window_release(struct dns_window *w);
/* Take the queries of c out of the queue (it is being freed). */
struct query *dns__window_take(struct dns_window *w, const struct dns_client *c);

/* dns_share.c */
struct share *dns__share_new(void);
void dns__share_free(struct share *s);
/* true: q is answered from the share (later, from the loop) or waits for
 * the same question already out; false: q must be sent, and is entered
 * so that others asking the same wait for it. */
bool dns__share_ask(struct dns_client *c, struct query *q);
/* q, entered above, has its result: answer its waiters (each a copy), and
 * keep the answer a while when it can be shared. Before q's own callback. */
void dns__share_settle(struct dns_client *c, struct query *q, const struct dns_result *res);
int dns__share_hits(const struct share *s);

#endif
