/* What one certificate gives the checks: the names to report on, the ones
 * the CAA check gets, and the validation records the CNAME check gets, as
 * acm_route() chose them (or as the user typed them); then the
 * check_input over it. Shared by the command line's runs (a file, --arn,
 * --pending) so that each builds its input the same way. */
#ifndef ACMD_ACM_INPUT_H
#define ACMD_ACM_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "acm/acm_cert.h"
#include "checks/check.h"
#include "checks/cname/cname_check.h"

struct acm_input {
	char **names;               /* every name to report on, in order, once */
	size_t n_names;
	char **caa_names;           /* those the CAA check gets (point into names) */
	size_t n_caa;
	struct cname_record_spec *records;   /* own copies of names, values, domains */
	size_t n_records;
};

/* Add a name (canonical) unless it is there; caa: the CAA check gets it. */
void acm_input_add_name(struct acm_input *in, const char *name, bool caa);
/* Add a validation record and the certificate names it validates. */
void acm_input_add_record(struct acm_input *in, const char *name, const char *value,
			  char *const *domains, size_t n_domains);
/* Every name of the route, and the records it sends to the CNAME check;
 * want_caa/want_cname: --only. */
void acm_input_from_route(struct acm_input *in, const struct acm_cert *cert,
			  const struct acm_route *route, bool want_caa, bool want_cname);
/* The checks' view of it: the CAA names, the records, and every name as
 * the run's domains (pointers into in; the other fields untouched). */
void acm_input_checks(const struct acm_input *in, struct check_input *out);
void acm_input_free(struct acm_input *in);

#endif
