/* The check registry, and what every check does around a query. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "checks/check.h"
#include "fix/provider.h"

#define CHECK_EXTERN(id, name) extern const struct check_ops id##_check_ops;
CHECKS(CHECK_EXTERN)
#undef CHECK_EXTERN

#define CHECK_ENTRY(id, name) &id##_check_ops,
static const struct check_ops *const table[] = { CHECKS(CHECK_ENTRY) };
#undef CHECK_ENTRY

#define CHECK_NAME(id, name) name ", "
static const char all_names[] = CHECKS(CHECK_NAME);
#undef CHECK_NAME

const struct check_ops *
check_get(enum check_id id)
{
	return (unsigned)id < CHECK__COUNT ? table[id] : NULL;
}

const struct check_ops *
check_by_name(const char *name)
{
	for (size_t i = 0; name && i < CHECK__COUNT; i++)
		if (!strcmp(table[i]->name, name))
			return table[i];
	return NULL;
}

const char *
check_label(const struct check_ops *ops, char *buf, size_t len)
{
	size_t k = 0;
	for (; ops->name[k] && k + 1 < len; k++)
		buf[k] = (char)(ops->name[k] >= 'a' && ops->name[k] <= 'z' ? ops->name[k] - 'a' + 'A' : ops->name[k]);
	if (len)
		buf[k] = '\0';
	return buf;
}

const char *
check_names(void)
{
	/* The list without its last ", ". */
	static char buf[sizeof all_names];
	if (!buf[0]) {
		memcpy(buf, all_names, sizeof all_names);
		buf[sizeof all_names - 3] = '\0';
	}
	return buf;
}

bool
check_subject_about(const struct check_subject *s, const char *name)
{
	for (size_t i = 0; i < s->n_domains; i++)
		if (!strcmp(s->domains[i], name))
			return true;
	return false;
}

int
check_subject_plan(const struct check_subject *s)
{
	for (size_t i = 0; i < s->n_findings; i++)
		if (s->findings[i].plan >= 0)
			return s->findings[i].plan;
	return -1;
}

const struct provider *
check_zone_provider(const char *forced, char *const *ns, size_t n_ns, bool *detected, bool *mixed)
{
	*detected = *mixed = false;
	if (forced)
		return provider_get(forced);
	if (!n_ns)
		return NULL;
	const struct provider *p = provider_detect((const char *const *)ns, n_ns, mixed);
	*detected = p != NULL;
	return p;
}

/* Same name, a trailing dot optional on either. */
static bool
same_name(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	la -= la > 1 && a[la - 1] == '.';
	lb -= lb > 1 && b[lb - 1] == '.';
	return la == lb && !strncasecmp(a, b, la);
}

static bool
ns_in(const char *name, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (same_name(name, set[i]))
			return true;
	return false;
}

const struct check_hosted_zone *
check_hosted_zone_delegated(const struct check_hosted_zone *zones, size_t n, const char *zone,
			    char *const *ns, size_t n_ns)
{
	for (size_t i = 0; zone && n_ns && i < n; i++) {
		const struct check_hosted_zone *z = &zones[i];
		if (!same_name(z->name, zone) || z->n_ns != n_ns)
			continue;
		bool all = true;
		for (size_t k = 0; k < n_ns && all; k++)
			all = ns_in(ns[k], z->ns, z->n_ns);
		if (all)
			return z;
	}
	return NULL;
}

void
probe_log_init(struct probe_log *pl, probe_event_cb on_event, void *event_ctx)
{
	memset(pl, 0, sizeof *pl);
	pl->on_event = on_event;
	pl->event_ctx = event_ctx;
	pl->started_ms = loop_now_ms();
}

int
probe_log_sent(struct probe_log *pl, const char *qname, uint16_t qtype, const char *server,
	       const char *purpose)
{
	int id = ++pl->queries;
	if (pl->on_event) {
		struct probe_event ev = { .id = id, .qname = qname, .qtype = dns_type_name(qtype),
					  .server = server, .purpose = purpose };
		pl->on_event(pl->event_ctx, &ev);
	}
	if (++pl->in_flight > pl->max_in_flight)
		pl->max_in_flight = pl->in_flight;
	return id;
}

void
probe_log_done(struct probe_log *pl, int id, const char *purpose, const struct dns_result *res,
	       bool quiet)
{
	pl->in_flight--;
	if (res->outcome == DNS_ANSWER)
		pl->answered++;
	if (!pl->on_event || quiet || res->outcome == DNS_CANCELLED)
		return;
	char summary[160];
	bool failed = dns_result_summary(res, summary, sizeof summary);
	struct probe_event ev = { .id = id, .done = true, .qname = res->qname,
				  .qtype = dns_type_name(res->qtype), .server = res->server,
				  .purpose = purpose, .result = summary, .failed = failed,
				  .elapsed_ms = res->elapsed_ms,
				  .referral = res->outcome == DNS_ANSWER && dns_msg_is_referral(res->msg) };
	pl->on_event(pl->event_ctx, &ev);
}

/* Ids of probes that are not queries: far above any query's. */
#define PROBE_OTHER_ID_BASE 500000

int
probe_log_sent_other(struct probe_log *pl, const char *what, const char *kind, const char *server,
		     const char *purpose)
{
	int id = PROBE_OTHER_ID_BASE + ++pl->others;
	if (pl->on_event) {
		struct probe_event ev = { .id = id, .qname = what, .qtype = kind, .server = server,
					  .purpose = purpose };
		pl->on_event(pl->event_ctx, &ev);
	}
	return id;
}

void
probe_log_done_other(struct probe_log *pl, int id, const char *what, const char *kind,
		     const char *server, const char *purpose, const char *result, bool failed,
		     int64_t elapsed_ms, bool quiet)
{
	if (!pl->on_event || quiet)
		return;
	struct probe_event ev = { .id = id, .done = true, .qname = what, .qtype = kind,
				  .server = server, .purpose = purpose, .result = result,
				  .failed = failed, .elapsed_ms = elapsed_ms };
	pl->on_event(pl->event_ctx, &ev);
}
