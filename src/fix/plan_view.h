/* What rendering a fix needs, whichever check made the plan: the change,
 * the zone's name servers and the provider recognised from them. Checks
 * hand these to the report and the screens (check_ops.plan). */
#ifndef ACMD_FIX_PLAN_VIEW_H
#define ACMD_FIX_PLAN_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "fix/change.h"

struct provider;

/* One server, for a fix that is no record change: who it is and what it
 * said. */
struct server_view {
	const char *names;          /* its NS names, ", "-joined; "" if unknown */
	const char *addr;           /* "127.0.0.7" */
	const char *said;           /* "SERVFAIL to CAA queries", for people */
	bool fails;
};

/* Free n server views whose strings are owned (and the array). */
void server_views_free(struct server_view *v, size_t n);

struct plan_view {
	const struct change_plan *plan;
	char *const *ns;            /* the zone's name servers */
	size_t n_ns;
	const struct provider *provider;   /* detected or forced; NULL: unknown */
	bool detected;              /* provider came from the NS set */
	bool ns_mixed;              /* the NS set mixes providers */
	bool foreign;               /* an alias target: maybe someone else's zone */
	const char *owner;          /* where the records go (a name), or NULL */
	const char *type;           /* "CAA", "CNAME": for the heading */
	/* A fix that is no record change (plan has no record sets): a lookup
	 * that fails at the zone's servers, a resolver that is not one. The
	 * views show these instead of provider renderings. */
	const char *title;          /* the heading: "Fix: the name servers of x.test" */
	const char *advice;         /* what to do, and where; NULL for a record change */
	const struct server_view *servers;
	size_t n_servers;
};

#endif
