/* The bound on queries out at once, over every client made with it
 * (dns_client.h): the rest wait, oldest first, and go out as answers
 * come back. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "net/dns_client_int.h"

struct dns_window {
	int limit, in_flight, max_in_flight, sent;
	struct query *head, *tail;  /* waiting for room, oldest first */
	size_t queued;
	void (*on_room)(void *ctx);
	void *room_ctx;
};

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

bool
dns__window_full(const struct dns_window *w)
{
	return w->in_flight >= w->limit || w->head;
}

void
dns__window_enqueue(struct dns_window *w, struct query *q, const uint8_t *buf, size_t len)
{
	q->msg = xmalloc(len);
	memcpy(q->msg, buf, len);
	q->len = len;
	if (w->tail)
		w->tail->wnext = q;
	else
		w->head = q;
	w->tail = q;
	w->queued++;
}

void
dns__window_sent(struct dns_window *w)
{
	w->sent++;
	if (++w->in_flight > w->max_in_flight)
		w->max_in_flight = w->in_flight;
}

/* An answer left room: the oldest waiting queries go out. */
void
dns__window_release(struct dns_window *w)
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
		dns__send(q, msg, q->len, loop_now_ms());
		free(msg);
	}
	if (!w->head && w->in_flight < w->limit && w->on_room)
		w->on_room(w->room_ctx);
}

struct query *
dns__window_take(struct dns_window *w, const struct dns_client *c)
{
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
	return mine;
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

int
dns_window_sent(const struct dns_window *w)
{
	return w->sent;
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
