/* The certificate of the "Pending validation" wizard: read from
 * describe-certificate output and routed (src/acm/acm_cert.h), or made from
 * validation records typed as the ACM console shows them. It stays loaded
 * for the session, so "Diagnose a domain" checks its records too.
 * No curses here. */
#ifndef ACMD_UI_CERT_H
#define ACMD_UI_CERT_H

#include <stdbool.h>
#include <stddef.h>

#include "acm/acm_aws.h"
#include "acm/acm_cert.h"

struct diag;

struct ui_cert_record {
	char *name, *value;         /* canonical */
	char **domains;             /* the certificate names it validates */
	size_t n_domains;
};

struct ui_cert {
	bool from_file;             /* cert and route are set */
	struct acm_cert cert;
	struct acm_route route;
	char **names;               /* every name, in certificate order */
	size_t n_names;
	char **caa_names;           /* the ones routed to the CAA check (borrowed) */
	size_t n_caa;
	struct ui_cert_record *records;   /* the ones routed to the CNAME checks */
	size_t n_records;
	char *arn;                  /* read from ACM by this ARN (r reads it again), or NULL */
	struct acm_fetched *fetched;   /* then: what was read, with the hosted zones */
};

/* Read a describe-certificate file and route it at the current time. NULL
 * with err set ("Certificate.DomainName: expected a string ...") on error. */
struct ui_cert *ui_cert_load(const char *path, char *err, size_t errlen);
/* Records typed as "NAME VALUE" (also NAME=VALUE or "NAME CNAME VALUE"),
 * several separated by ';' or ','. NULL with err naming the bad one. */
struct ui_cert *ui_cert_typed(const char *text, char *err, size_t errlen);
void ui_cert_free(struct ui_cert *c);
/* A certificate read from ACM (f->have_cert): its certificate and route
 * move into the result, which keeps f for its ARN and hosted zones. */
struct ui_cert *ui_cert_from_fetched(struct acm_fetched *f);

/* Give d the records to check: all, or only those that validate one of
 * d's names (a diagnosis of typed names). */
void ui_cert_add_records(const struct ui_cert *c, struct diag *d, bool all);
/* Give d the certificate's email-validated names (with their
 * ValidationDomain and ValidationEmails): all, or those among d's names. */
void ui_cert_add_emails(const struct ui_cert *c, struct diag *d, bool all);
/* Does what ACM says about the certificate keep it from being issued
 * (an error among its findings)? */
bool ui_cert_blocks(const struct ui_cert *c);
/* "Certificate: Failed", "Certificate: Pending validation"... for the
 * title bar; c may be NULL. */
void ui_cert_title(const struct ui_cert *c, char *buf, size_t len);
/* ACM's validation status of a name ("PENDING_VALIDATION"), or NULL. */
const char *ui_cert_status_of(const struct ui_cert *c, const char *name);

#endif
