/* The check command's part of the email check: its options, refused
 * before any probe, and the email-validated names of a run (typed with
 * --email or --only email, or routed there by a certificate), for one
 * check and for each entry of a fleet scan alike. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/email/email_check.h"
#include "cli/cli_int.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "net/names.h"
#include "net/rdap.h"

int
cli_email_option(struct check_args *a, int c, const char *arg)
{
	char why[256];
	switch (c) {
	case 'M':
		a->email = true;
		return 0;
	case 'V':
		free(a->validation_domain);
		a->validation_domain = name_from_user(arg, why, sizeof why);
		if (!a->validation_domain || a->validation_domain[0] == '*') {
			opt_refuse("--validation-domain", arg, _("want a domain name without \"*.\""));
			return -1;
		}
		a->email = true;
		return 0;
	case 'B': {
		size_t len;
		char *text = email_bootstrap_text(arg, &len, why, sizeof why), *date = NULL;
		char *base = text ? rdap_bootstrap_lookup(text, len, "com", &date, why, sizeof why) : NULL;
		free(text);
		free(date);
		if (!base) {
			char msg[400];
			snprintf(msg, sizeof msg, _("%s (want IANA's dns.json format, RFC 9224)"), why);
			opt_refuse("--rdap-bootstrap", arg, msg);
			return -1;
		}
		free(base);
		a->rdap_bootstrap = arg;
		return 0;
	}
	case 'A':
		if (!opt_ca_file("--https-ca-file", arg))
			return -1;
		a->https_ca_file = arg;
		return 0;
	case 'S': {
		int ms = ms_from_arg("--smtp-timeout", arg);
		if (ms < 0)
			return -1;
		a->smtp_timeout_ms = ms;
		return 0;
	}
	default:
		return -1;
	}
}

/* One email-validated name into a list, once. */
static void
emails_add(struct email_name_spec **v, size_t *n, const char *name, const char *vd,
	   char *const *emails, size_t n_emails)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i].name, name))
			return;
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = (struct email_name_spec){ .name = name, .validation_domain = vd,
		.emails = (const char *const *)emails, .n_emails = n_emails };
}

void
work_add_email(struct work *w, const char *name, const char *vd, char *const *emails, size_t n_emails)
{
	emails_add(&w->emails, &w->n_emails, name, vd, emails, n_emails);
}

size_t
cli_emails_of_certificate(const struct acm_cert *c, const struct acm_route *route,
			  const struct acm_input *in, struct email_name_spec **out)
{
	*out = NULL;
	size_t n = 0;
	for (size_t i = 0; i < route->n_names; i++) {
		const struct acm_name_route *nr = &route->names[i];
		if (!(nr->checks & ACM_CHECK_EMAIL))
			continue;
		const struct acm_domain *d = NULL;
		for (size_t k = 0; k < c->n_domains && !d; k++)
			if (!strcmp(c->domains[k].name, nr->name))
				d = &c->domains[k];
		for (size_t k = 0; k < c->renewal.n_domains && !d; k++)
			if (!strcmp(c->renewal.domains[k].name, nr->name))
				d = &c->renewal.domains[k];
		for (size_t k = 0; k < in->n_names; k++)
			if (!strcmp(in->names[k], nr->name))
				emails_add(out, &n, in->names[k], d ? d->validation_domain : NULL,
					   d ? d->emails : NULL, d ? d->n_emails : 0);
	}
	return n;
}

const char *
cli_email_cert_arn(const struct acm_cert *c)
{
	return c->status == ACM_ST_PENDING_VALIDATION || c->status == ACM_ST_ISSUED ? c->arn : NULL;
}

void
work_emails_from_certificate(struct work *w)
{
	free(w->emails);
	w->n_emails = cli_emails_of_certificate(&w->cert, &w->route, &w->in, &w->emails);
}
