/* One question asked by many (dns_client.h, opts.share): a fleet scan
 * asks the CAA of the same parents for every name below them. The first
 * asker's query goes out; whoever asks the same (name, type, flags)
 * while it is out waits for it, and whoever asks within SHARE_MAX_AGE_MS
 * of a usable answer (and within its TTLs) gets that answer, its TTLs
 * counted down by its age, as the resolver's cache would have served it.
 * Those waiting hold the one message (dns_msg_ref); a kept answer is parsed
 * again when its age in seconds changes, its TTLs aged, and that copy is
 * held by every asker of the same second. Failures are shared only while
 * out: a question that failed is asked again. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "net/dns_client_int.h"

#define SHARE_BUCKETS 4096
#define SHARE_MAX_KEPT 2048         /* answers kept; the oldest go first */
#define SHARE_MAX_AGE_MS 10000
#define SHARE_MAX_WIRE 4096         /* bigger answers are not kept */

struct share_entry {
	char *name;
	uint16_t type;
	int flags;
	uint32_t hash;
	bool answered;
	uint8_t *wire;              /* answered: the message */
	size_t len;
	struct dns_msg *aged;       /* parsed, TTLs less aged_s; NULL until asked */
	int64_t aged_s;
	int64_t answered_ms, expires_ms;
	struct query *leader;       /* out: the query sent for everyone */
	struct query *waiters;      /* out: the others, in order */
	struct query **wtail;       /* where the next waiter goes */
	struct share_entry *hnext;  /* hash chain */
	struct share_entry *knext;  /* answered: kept, oldest first */
};

struct share {
	struct share_entry *bucket[SHARE_BUCKETS];
	struct share_entry *kept_head, *kept_tail;
	size_t n_kept;
	int hits;
};

static uint32_t
key_hash(const char *name, uint16_t type, int flags)
{
	return str_hash_add(str_hash_add(str_hash(STR_HASH_INIT, name), type), (unsigned)flags);
}

struct share *
dns__share_new(void)
{
	return xcalloc(1, sizeof(struct share));
}

static void
entry_free(struct share_entry *e)
{
	free(e->name);
	free(e->wire);
	if (e->aged)
		dns_msg_free(e->aged);
	free(e);
}

void
dns__share_free(struct share *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < SHARE_BUCKETS; i++)
		while (s->bucket[i]) {
			struct share_entry *e = s->bucket[i];
			s->bucket[i] = e->hnext;
			entry_free(e);
		}
	free(s);
}

int
dns__share_hits(const struct share *s)
{
	return s->hits;
}

static void
unhash(struct share *s, struct share_entry *e)
{
	for (struct share_entry **pp = &s->bucket[e->hash % SHARE_BUCKETS]; *pp; pp = &(*pp)->hnext)
		if (*pp == e) {
			*pp = e->hnext;
			return;
		}
}

/* Forget the oldest kept answer. */
static void
drop_oldest(struct share *s)
{
	struct share_entry *e = s->kept_head;
	s->kept_head = e->knext;
	if (!s->kept_head)
		s->kept_tail = NULL;
	s->n_kept--;
	unhash(s, e);
	entry_free(e);
}

static void
drop_expired(struct share *s, int64_t now)
{
	while (s->kept_head && (s->kept_head->expires_ms <= now || s->n_kept > SHARE_MAX_KEPT))
		drop_oldest(s);
}

/* The newest entry for the question (new ones go first in a chain); one
 * kept past its time is left for drop_expired. */
static struct share_entry *
lookup(struct share *s, const char *name, uint16_t type, int flags, uint32_t h, int64_t now)
{
	for (struct share_entry *e = s->bucket[h % SHARE_BUCKETS]; e; e = e->hnext)
		if (e->hash == h && e->type == type && e->flags == flags && !strcmp(e->name, name) &&
		    !(e->answered && e->expires_ms <= now))
			return e;
	return NULL;
}

/* The kept message for one more asker, TTLs aged: parsed afresh once a
 * second, else the copy made for the others of this second (no holder
 * changes a message). */
static struct dns_msg *
aged_msg(struct share_entry *e, int64_t age_ms)
{
	int64_t age_s = age_ms / 1000;
	if (!e->aged || e->aged_s != age_s) {
		if (e->aged)
			dns_msg_free(e->aged);
		char err[64];
		e->aged = dns_msg_parse(e->wire, e->len, err, sizeof err);
		e->aged_s = age_s;
		uint32_t age = (uint32_t)age_s;
		for (size_t i = 0; e->aged && i < e->aged->n_rr; i++)
			if (e->aged->rrs[i].type != DNS_T_OPT)
				e->aged->rrs[i].ttl = e->aged->rrs[i].ttl > age ? e->aged->rrs[i].ttl - age : 0;
	}
	return e->aged ? dns_msg_ref(e->aged) : NULL;
}

bool
dns__share_ask(struct dns_client *c, struct query *q)
{
	struct share *s = c->share;
	int64_t now = q->started;   /* the query was made just now */
	drop_expired(s, now);
	uint32_t h = key_hash(q->qname, q->qtype, q->flags);
	struct share_entry *e = lookup(s, q->qname, q->qtype, q->flags, h, now);
	if (e && e->answered) {
		s->hits++;
		struct dns_result res = { .outcome = DNS_ANSWER, .server = q->server, .qname = q->qname,
					  .qtype = q->qtype, .flags = q->flags,
					  .msg = aged_msg(e, now - e->answered_ms) };
		dns__defer(q, &res);
		return true;
	}
	if (e) {
		s->hits++;
		*e->wtail = q;
		e->wtail = &q->wnext;
		return true;
	}
	e = xcalloc(1, sizeof *e);
	e->name = xstrdup(q->qname);
	e->type = q->qtype;
	e->flags = q->flags;
	e->hash = h;
	e->leader = q;
	e->wtail = &e->waiters;
	e->hnext = s->bucket[h % SHARE_BUCKETS];
	s->bucket[h % SHARE_BUCKETS] = e;
	q->entry = e;
	return false;
}

/* How long an answer may be kept: its smallest TTL, at most the cap;
 * 0 when it must not be kept (a failure, a truncated or big message). */
static int64_t
keep_ms(const struct dns_result *res)
{
	if (res->outcome != DNS_ANSWER || res->msg->tc || res->msg->wire_len > SHARE_MAX_WIRE ||
	    (res->msg->rcode != DNS_RC_NOERROR && res->msg->rcode != DNS_RC_NXDOMAIN))
		return 0;
	int64_t ttl = -1;
	for (size_t i = 0; i < res->msg->n_rr; i++)
		if (res->msg->rrs[i].type != DNS_T_OPT && (ttl < 0 || res->msg->rrs[i].ttl < ttl))
			ttl = res->msg->rrs[i].ttl;
	if (ttl <= 0)
		return 0;
	return ttl * 1000 < SHARE_MAX_AGE_MS ? ttl * 1000 : SHARE_MAX_AGE_MS;
}

void
dns__share_settle(struct dns_client *c, struct query *q, const struct dns_result *res)
{
	struct share *s = c->share;
	struct share_entry *e = q->entry;
	struct query *waiters = e->waiters;
	q->entry = NULL;
	e->leader = NULL;
	e->waiters = NULL;
	e->wtail = &e->waiters;
	int64_t now = loop_now_ms(), keep = keep_ms(res);
	if (keep) {
		e->answered = true;
		e->len = res->msg->wire_len;
		e->wire = xmalloc(e->len);
		memcpy(e->wire, res->msg->wire, e->len);
		e->answered_ms = now;
		e->expires_ms = now + keep;
		if (s->kept_tail)
			s->kept_tail->knext = e;
		else
			s->kept_head = e;
		s->kept_tail = e;
		s->n_kept++;
	} else {
		unhash(s, e);
	}
	/* Each waiter its own copy, before the leader's callback takes its
	 * message. A waiter's callback may ask again: the entry is settled. */
	while (waiters) {
		struct query *w = waiters;
		waiters = w->wnext;
		w->wnext = NULL;
		struct dns_result r = *res;
		r.server = w->server;
		r.qname = w->qname;
		r.elapsed_ms = now - w->started;
		/* The same message, asked at the same time: one parse, held by
		 * each (none changes it). */
		r.msg = dns_msg_ref(res->msg);
		dns__deliver(w, &r);
	}
	if (!keep)
		entry_free(e);
}
