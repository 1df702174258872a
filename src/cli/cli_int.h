/* Inside the check command: its options, and the work of one run (built
 * from names or from a certificate) that one check (cli_check.c) and a
 * fleet scan (cli_fleet.c, once per list entry) both run. */
#ifndef ACMD_CLI_INT_H
#define ACMD_CLI_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "acm/acm_cert.h"
#include "checks/check.h"
#include "acm/acm_input.h"
#include "acm/acm_list.h"
#include "checks/apigw/apigw_check.h"
#include "checks/cname/cname_check.h"
#include "checks/email/email_check.h"
#include "cli/cli_aws.h"
#include "report/report.h"

#define CLI_DEFAULT_TIMEOUT_MS 5000
#define CLI_MAX_NAMES 100
#define CLI_MAX_RECORDS 100
#define CLI_MAX_EDITED_NS 16

struct check_args {
	bool json;
	const char *only;
	char *resolver;             /* --resolver, as the DNS client takes it */
	const char *provider;
	const char *ca;
	char *ca_canon;
	const char *certificate;    /* --certificate FILE or "-" */
	int timeout_ms;
	char **names;
	size_t n_names;
	char **record_names;        /* --record NAME=VALUE, canonical */
	char **record_values;
	size_t n_records;
	char **edited_ns;           /* --edited-ns, as given (addresses or names) */
	size_t n_edited_ns;
	struct cli_aws_opts aws;    /* --arn, --pending, --region, ... (cli_aws.c) */
	/* API Gateway custom domains (one check, not a fleet scan). */
	const char *domain_json;    /* --domain-json FILE or "-" */
	const char *ca_file;        /* --ca-file FILE: trust for the TLS probes */
	struct apigw_domain domain; /* read from domain_json */
	bool have_domain;
	char **paths;               /* the path of each name given as a URL, or NULL */
	bool any_url;
	/* A fleet scan (cli_fleet.c). */
	const char *names_from;     /* --names-from FILE or "-" */
	const char *certs_from;     /* --certificates-from FILE or "-" */
	int parallel;               /* --parallel N; 0: not given */
	/* Email validation (the email check, cli_email.c). */
	bool email;                 /* --email: the typed names are validated by email */
	char *validation_domain;    /* --validation-domain, canonical */
	const char *rdap_bootstrap; /* --rdap-bootstrap FILE */
	const char *https_ca_file;  /* --https-ca-file FILE */
	int smtp_timeout_ms;        /* --smtp-timeout MS; 0: the check's default */
};

/* What one run works on: from names, or from a certificate. */
struct work {
	struct acm_cert cert;
	struct acm_route route;
	bool have_cert;
	struct acm_input in;        /* the names and records the checks get */
	bool have_list;             /* list-certificates output: read each from ACM */
	struct acm_list list;
	struct apigw_target *apigw; /* API Gateway custom domains */
	size_t n_apigw;
	struct email_name_spec *emails;   /* email-validated names (strings borrowed) */
	size_t n_emails;
};

/* From a describe-certificate file; false with err (naming the file
 * once, escaped) when it does not load or route. psl may be NULL. lists: list-certificates
 * output is taken too (have_list, nothing routed: read from ACM later). */
bool work_from_certificate(struct work *w, const char *path, const char *only, bool lists,
			   const struct acm_psl *psl, char *err, size_t errlen);
/* From names (canonical) and typed records; a's --only, and --email with
 * its --validation-domain (borrowed: a outlives w). */
void work_from_names(struct work *w, char *const *names, size_t n, char *const *rec_names,
		     char *const *rec_values, size_t n_records, const struct check_args *a);
void work_free(struct work *w);
/* The checks' input for w under the options of a. */
struct check_input work_input(const struct work *w, const struct check_args *a);
/* The report of w once its diagnosis is done. */
struct run_report work_report(const struct work *w, const struct diagnosis *d);

/* The email check's options (--email, --validation-domain,
 * --rdap-bootstrap, --https-ca-file, --smtp-timeout by their short
 * letters M V B A S): -1 after saying why the value is refused. */
int cli_email_option(struct check_args *a, int c, const char *arg);
/* An email-validated name for the email check; the strings must outlive
 * w (the certificate's or the arguments'). */
void work_add_email(struct work *w, const char *name, const char *vd, char *const *emails,
		    size_t n_emails);
/* The certificate's email-validated names the routing sent to the email
 * check, with their ValidationDomain and ValidationEmails. */
void work_emails_from_certificate(struct work *w);
/* The same for any certificate and its routing: the names (borrowed from
 * in and c) in a new array the caller frees; how many. */
/* The ARN the email check's way out may name: the in-place switch and
 * resending need a request ACM still works on; a failed or timed-out one
 * is only ever replaced (NULL). */
const char *cli_email_cert_arn(const struct acm_cert *c);
size_t cli_emails_of_certificate(const struct acm_cert *c, const struct acm_route *route,
				 const struct acm_input *in, struct email_name_spec **out);

/* The output options: colour on a terminal unless NO_COLOR, UTF-8 by the
 * locale, the provider asked for. */
struct report_opts cli_report_opts(const struct check_args *a);

/* check --names-from / --certificates-from: the exit status. */
int cli_fleet(const struct check_args *a);

#endif
