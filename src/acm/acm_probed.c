/* What the probes add to what ACM says about a certificate (acm_cert.h:
 * acm_route_probed). ACM fails a request with CAA_ERROR when a CAA record
 * forbade Amazon at the time it checked; when every name's CAA permits
 * Amazon now, "fix the CAA records" would send the user after records that
 * are fine. The finding then says plainly that CAA no longer explains the
 * failure, with the TTLs seen, and that a new request is the fix. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "acm/acm_cert.h"
#include "checks/diagnosis.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "net/names.h"

/* Does every name ACM checked CAA for permit Amazon now? The names and
 * what the resolver may still cache are listed into sb. */
static bool
all_permit(const struct acm_route *route, const struct diagnosis *d, struct strbuf *sb)
{
	size_t n = 0;
	if (!diagnosis_finished(d) || diagnosis_resolver_failed(d))
		return false;
	for (size_t i = 0; i < route->n_names; i++) {
		const struct acm_name_route *nr = &route->names[i];
		if (!(nr->checks & ACM_CHECK_CAA))
			continue;
		struct check_subject s;
		if (diagnosis_subject_about(d, CHECK_caa, nr->name, &s) < 0 || strcmp(s.verdict, "permit") || s.blocks)
			return false;
		sb_addf(sb, "%s%s", n++ ? "; " : " ", name_shown(nr->name));
		if (s.cache_ttl >= 0)
			sb_addf(sb, _(" (TTL %lld s)"), (long long)s.cache_ttl);
	}
	return n > 0;
}

static int
caa_finding(const struct acm_route *route)
{
	for (size_t i = 0; i < route->n_findings; i++)
		if (route->findings[i].code == F_ACM_FAILED_CAA || route->findings[i].code == F_ACM_CAA_ERROR_RESOLVED)
			return (int)i;
	return -1;
}

void
acm_route_probed(struct acm_route *route, const struct acm_cert *cert, const struct diagnosis *d)
{
	int i = caa_finding(route);
	if (i < 0 || cert->status != ACM_ST_FAILED)
		return;
	struct finding *f = &route->findings[i];
	struct strbuf names;
	sb_init_limit(&names, 16 * 1024);
	bool resolved = all_permit(route, d, &names);
	if (resolved && f->code == F_ACM_FAILED_CAA) {
		int code;
		char *explain, *next;
		if (acm_case_text("CAA_ERROR_RESOLVED", &code, &explain, &next)) {
			route->caa_message = f->message;
			route->caa_next = route->next_steps[i];
			f->message = NULL;
			f->code = (enum finding_code)code;
			finding_set_message(f, "%s %s%s. %s %s", explain, _("CAA now:"), names.buf, _("Next step:"), next);
			route->next_steps[i] = next;
			free(explain);
		}
	} else if (!resolved && f->code == F_ACM_CAA_ERROR_RESOLVED && route->caa_message) {
		/* A re-check found a CAA record that blocks again. */
		free(f->message);
		free(route->next_steps[i]);
		f->message = route->caa_message;
		route->next_steps[i] = route->caa_next;
		route->caa_message = route->caa_next = NULL;
		f->code = F_ACM_FAILED_CAA;
	}
	sb_free(&names);
}
