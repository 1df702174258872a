/* Email validation: where ACM's validation mail goes and whether it can
 * arrive. For each validation domain: the five addresses ACM writes to,
 * its MX records (and the parents' when it has none, up to the
 * registrable domain), every MX host's addresses, an SMTP greeting from
 * each address (EHLO and QUIT only), and the registrable domain's
 * registration over RDAP (holds, the registry's name servers). The way
 * out: the MX record to add, another ValidationDomain, or DNS validation
 * with the commands to get there. */
#ifndef ACMD_EMAIL_CHECK_H
#define ACMD_EMAIL_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/check.h"
#include "checks/finding.h"
#include "fix/change.h"

struct provider;

/* One email-validated name (check_input.email_names). */
struct email_name_spec {
	const char *name;               /* requested, canonical; "*.x." for a wildcard */
	const char *validation_domain;  /* canonical, or NULL: built from name */
	const char *const *emails;      /* ValidationEmails of the certificate, as given */
	size_t n_emails;
	/* Typed without saying how the name is validated ("Diagnose a
	 * domain"): what would block email validation is said as a warning,
	 * "if the name is validated by email". */
	bool method_unknown;
};

enum email_verdict {
	EMAIL_V_DELIVERABLE,        /* an MX host greets on port 25 */
	EMAIL_V_UNCONFIRMED,        /* hosts resolve, but port 25 did not answer from here */
	EMAIL_V_UNDELIVERABLE,      /* no MX, null MX, nothing resolves or every host refuses */
	EMAIL_V_LOOKUP_FAILED,      /* the MX lookup itself failed */
};

/* One SMTP probe of one MX host address. */
struct email_smtp_view {
	char *host;                 /* the MX host, canonical */
	char *address;
	char *outcome;              /* smtp_outcome_name */
	int banner_code;
	char *banner;               /* sanitised */
	char *detail;               /* for people: "accepts connections (banner ...)" */
	int64_t elapsed_ms;
};

struct email_mx_view {
	char *exchange;             /* canonical */
	unsigned pref;
	char *state;                /* "ok", "nxdomain", "no-address", "alias", "literal", "lookup-failed" */
	char **addresses;
	size_t n_addresses;
};

struct email_registration {
	bool looked_up;             /* an RDAP server was asked */
	char *domain;               /* the registrable domain (libpsl) */
	char *server;               /* the RDAP base URL */
	char *status_text;          /* "found", "not registered", or why no data */
	char *registrar;
	char **status;
	size_t n_status;
	char **registry_ns;
	size_t n_registry_ns;
	char **dns_ns;
	size_t n_dns_ns;
	bool redacted;
	bool on_hold;
};

struct email_target {
	char *domain;               /* the validation domain, canonical */
	char **names;               /* the requested names it validates */
	size_t n_names;
	char **addresses;           /* the five ACM writes to */
	size_t n_addresses;
	enum email_verdict verdict;
	bool conditional;           /* the names' method is not known: nothing here blocks */
	char *mx_at;                /* where the MX records that count were found, or NULL */
	struct email_mx_view *mx;
	size_t n_mx;
	struct email_smtp_view *smtp;
	size_t n_smtp;
	struct email_registration reg;
	struct finding *findings;
	size_t n_findings;
	int64_t cache_ttl;
};

struct email_plan_info {
	struct change_plan plan;
	char *owner;
	char **ns;
	size_t n_ns;
	const struct provider *provider;
	bool detected, ns_mixed;
};

struct email_report {
	struct email_target *targets;
	size_t n_targets;
	struct email_plan_info *plans;
	size_t n_plans;
	char *resolver;
	char *bootstrap_date;       /* publication of the RDAP bootstrap file used */
	int queries, answered, max_in_flight;
	int smtp_probes, rdap_requests;
	int64_t elapsed_ms;
};

/* The validation domain ACM builds the addresses on: vd when given, else
 * name with a leading "*." or "www." removed (malloc'd, canonical). */
char *email_validation_domain(const char *name, const char *vd);

/* The RDAP bootstrap text: the file at path (at most RDAP_MAX_BYTES), or
 * the one built in when path is NULL; NULL with err set. Free it. */
char *email_bootstrap_text(const char *path, size_t *len, char *err, size_t errlen);

const char *email_verdict_name(enum email_verdict v);
const char *email_verdict_label(enum email_verdict v);
struct plan_view email_plan_view(const struct email_plan_info *pi);
void email_report_free(struct email_report *rep);

extern const struct check_ops email_check_ops;

#endif
