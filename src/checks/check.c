/* The check registry, and what every check does around a query. */
#include "config.h"

#include <string.h>

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
				  .elapsed_ms = res->elapsed_ms };
	pl->on_event(pl->event_ctx, &ev);
}
