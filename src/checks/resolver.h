/* Is the resolver a resolver? Every diagnosis sends one query of its own
 * with the first round of the checks' queries: the root's name servers,
 * recursion desired (RD). A recursive resolver answers NOERROR, with RA
 * (recursion available) and the NS records of "."; a server that refuses,
 * does not answer, or does not recurse (an authoritative server: no RA, a
 * referral or only its own zones) is not one. When it is not, nothing it
 * answered may become a finding about a zone: an authoritative server's
 * empty answer read as "no CAA" would be a false OK. The diagnosis
 * (diagnosis.h) holds the verdict, once for every check. */
#ifndef ACMD_CHECKS_RESOLVER_H
#define ACMD_CHECKS_RESOLVER_H

#include <stdbool.h>
#include <stddef.h>

#include "checks/check.h"
#include "checks/finding.h"
#include "net/dns_client.h"

enum resolver_state { RESOLVER_PENDING, RESOLVER_OK, RESOLVER_FAILED };

struct resolver_verdict {
	enum resolver_state state;
	char *address;              /* whom we asked */
	char *answered;             /* what it did, for people (translated) */
	char **evidence;            /* the answer as it came */
	size_t n_evidence;
};

/* The verdict on one answer to the probe (pure, table-tested). */
void resolver_judge(const struct dns_result *res, struct resolver_verdict *out);
void resolver_verdict_clear(struct resolver_verdict *v);

/* RESOLVER_FAILED: what it answered, its address, what to try. */
void resolver_finding(const struct resolver_verdict *v, struct finding *f);
/* What to do instead, for the fix views (translated, static). */
const char *resolver_advice(void);

struct resolver_probe;

/* Send the probe through dns (its progress goes to on_event with id 1);
 * done runs once, from a fresh turn of the loop; the verdict is still
 * RESOLVER_PENDING then when the client was freed under the query. */
struct resolver_probe *resolver_probe_start(struct loop *loop, struct dns_client *dns,
					    probe_event_cb on_event, void *event_ctx,
					    void (*done)(void *ctx), void *ctx);
const struct resolver_verdict *resolver_probe_verdict(const struct resolver_probe *p);
void resolver_probe_stats(const struct resolver_probe *p, struct check_stats *out);
/* Cancel if still out (no callback after this) and free. */
void resolver_probe_free(struct resolver_probe *p);

#endif
