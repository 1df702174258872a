/* A certificate's names and records as the checks' input (see
 * acm_input.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "acm/acm_input.h"
#include "core/strv.h"
#include "core/xalloc.h"

void
acm_input_add_name(struct acm_input *in, const char *name, bool caa)
{
	for (size_t i = 0; i < in->n_names; i++)
		if (!strcmp(in->names[i], name)) {
			bool listed = false;
			for (size_t k = 0; k < in->n_caa; k++)
				listed |= in->caa_names[k] == in->names[i];
			if (caa && !listed) {
				in->caa_names = xrealloc(in->caa_names, (in->n_caa + 1) * sizeof *in->caa_names);
				in->caa_names[in->n_caa++] = in->names[i];
			}
			return;
		}
	in->names = xrealloc(in->names, (in->n_names + 1) * sizeof *in->names);
	in->names[in->n_names++] = xstrdup(name);
	if (caa) {
		in->caa_names = xrealloc(in->caa_names, (in->n_caa + 1) * sizeof *in->caa_names);
		in->caa_names[in->n_caa++] = in->names[in->n_names - 1];
	}
}

void
acm_input_add_record(struct acm_input *in, const char *name, const char *value,
		     char *const *domains, size_t n_domains)
{
	in->records = xrealloc(in->records, (in->n_records + 1) * sizeof *in->records);
	char **d = NULL;
	size_t nd = 0;
	for (size_t i = 0; i < n_domains; i++)
		strv_push(&d, &nd, domains[i]);
	in->records[in->n_records++] = (struct cname_record_spec){
		.name = xstrdup(name), .value = xstrdup(value),
		.domains = (const char *const *)d, .n_domains = nd,
	};
}

void
acm_input_from_route(struct acm_input *in, const struct acm_cert *cert, const struct acm_route *route,
		     bool want_caa, bool want_cname)
{
	for (size_t i = 0; i < route->n_names; i++) {
		const struct acm_name_route *nr = &route->names[i];
		acm_input_add_name(in, nr->name, want_caa && (nr->checks & ACM_CHECK_CAA));
	}
	for (size_t i = 0; want_cname && i < route->n_cname_records; i++) {
		const struct acm_record *r = &cert->records[route->cname_records[i]];
		acm_input_add_record(in, r->name, r->value, r->domains, r->n_domains);
	}
}

void
acm_input_checks(const struct acm_input *in, struct check_input *out)
{
	out->names = (const char *const *)in->caa_names;
	out->n_names = in->n_caa;
	out->records = in->records;
	out->n_records = in->n_records;
	out->domains = (const char *const *)in->names;
	out->n_domains = in->n_names;
}

void
acm_input_free(struct acm_input *in)
{
	strv_free(in->names, in->n_names);
	free(in->caa_names);
	for (size_t i = 0; i < in->n_records; i++) {
		free((char *)in->records[i].name);
		free((char *)in->records[i].value);
		strv_free((char **)in->records[i].domains, in->records[i].n_domains);
	}
	free(in->records);
	memset(in, 0, sizeof *in);
}
