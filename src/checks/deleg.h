/* The delegation of a name, followed the way a resolver follows it: from a
 * zone whose servers work, ask each of them directly (RD=0) for a name and
 * type, and take the referral down to the zone that answers for it. What
 * is left is who answers for the name, by NS name and address, and what
 * each one said: the servers a fix has to name when a lookup fails, and the
 * parent's own NXDOMAIN when a domain is not delegated at all. Shared by
 * the checks (a check never includes another check's folder). */
#ifndef ACMD_CHECKS_DELEG_H
#define ACMD_CHECKS_DELEG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/check.h"
#include "core/loop.h"
#include "net/dns_client.h"

#define DELEG_MAX_NS 8          /* servers asked per zone */
#define DELEG_MAX_DEPTH 4       /* referrals followed */

/* One server of the zone reached, and its answer to the question. */
struct deleg_server {
	char *names;                /* its NS names, ", "-joined */
	char *addr;                 /* "127.0.0.7" */
	enum dns_outcome outcome;
	struct dns_msg *msg;        /* DNS_ANSWER only */
	char *error;                /* otherwise */
};

struct deleg_result {
	char *zone;                 /* the zone whose servers were asked last */
	char *parent;               /* the zone above, that delegated it; NULL at the start zone */
	char **ns;                  /* the zone's NS names, as the parent publishes them */
	size_t n_ns;
	struct deleg_server *servers;
	size_t n_servers;
	char *note;                 /* why the walk stopped short (translated), or NULL */
};

struct deleg_walk;

/* Walk from zone `from` down to qname/qtype through the resolver (for NS
 * sets and addresses) and the servers themselves (RD=0, each try of a query
 * within timeout_ms in all). Queries are counted in log. done runs once,
 * from a fresh loop turn, also after deleg_cancel. */
struct deleg_walk *deleg_start(struct loop *loop, struct dns_client *resolver, struct probe_log *log,
			       const char *from, const char *qname, uint16_t qtype, int timeout_ms,
			       void (*done)(void *ctx), void *ctx);
const struct deleg_result *deleg_result(const struct deleg_walk *w);
/* Stop asking: done still comes, once every query is back. */
void deleg_cancel(struct deleg_walk *w);
/* After done (or before start returned NULL): free it. */
void deleg_free(struct deleg_walk *w);

/* What a server's answer means, for people ("SERVFAIL", "REFUSED: it does
 * not serve the zone (lame delegation)", "no answer: the server does not
 * answer"); *fails when it gave no usable authoritative answer. Caller
 * frees. */
char *deleg_said(const struct deleg_server *s, bool *fails);

/* Did every server that answered say NXDOMAIN, authoritatively? */
bool deleg_nxdomain(const struct deleg_result *r);

#endif
