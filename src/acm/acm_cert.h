/* What ACM says about a certificate: the output of `aws acm
 * describe-certificate` read into plain structs, and the routing from its
 * Status, FailureReason and per-name validation state to explanations, next
 * steps and the probes worth running.
 *
 * Input is hostile: every string kept here is already sanitised for display
 * (san_str) and bounded, names are canonical (lower case, A-labels, trailing
 * dot) and contain only letters, digits, '-', '_' and a leading "*.". No
 * network here: the probes themselves live elsewhere. */
#ifndef ACMD_ACM_CERT_H
#define ACMD_ACM_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/finding.h"

#define ACM_INPUT_MAX (4u * 1024u * 1024u)  /* bytes of JSON we accept */
#define ACM_LIST_MAX 1000                   /* domains (the API's own limit), SANs, InUseBy */
#define ACM_DEPTH_MAX 32                    /* JSON nesting; real output needs 5 */
#define ACM_TIME_NONE INT64_MIN             /* timestamp absent */
#define ACM_WINDOW_SECONDS (72 * 3600)      /* ACM retries validation this long */
#define ACM_PSL_DEFAULT_PATH "/usr/share/publicsuffix/public_suffix_list.dat"   /* as net/psl.h */

enum acm_status {
	ACM_ST_UNKNOWN, ACM_ST_PENDING_VALIDATION, ACM_ST_ISSUED, ACM_ST_INACTIVE,
	ACM_ST_EXPIRED, ACM_ST_VALIDATION_TIMED_OUT, ACM_ST_REVOKED, ACM_ST_FAILED,
};

enum acm_method { ACM_VM_NONE, ACM_VM_DNS, ACM_VM_EMAIL, ACM_VM_HTTP, ACM_VM_UNKNOWN };

enum acm_dv_status { ACM_DV_NONE, ACM_DV_PENDING, ACM_DV_SUCCESS, ACM_DV_FAILED, ACM_DV_UNKNOWN };

/* One element of DomainValidationOptions. */
struct acm_domain {
	char *name;                 /* canonical, "*.example.com." for a wildcard */
	enum acm_method method;
	char *method_text;          /* as ACM wrote it (sanitised), NULL if absent */
	enum acm_dv_status status;
	char *status_text;          /* as ACM wrote it (sanitised), NULL if absent */
	bool has_record;            /* ResourceRecord present */
	char *rr_name;              /* canonical */
	char *rr_type;              /* "CNAME" normally (sanitised) */
	char *rr_value;             /* canonical */
	int record;                 /* index into acm_cert.records, -1 without one */
	char **emails;              /* ValidationEmails (sanitised) */
	size_t n_emails;
	char *validation_domain;    /* canonical, NULL if absent */
};

/* A distinct validation record: the apex and its wildcard share one, and so
 * may the renewal's list. */
struct acm_record {
	char *name;                 /* canonical */
	char *type;
	char *value;                /* canonical */
	char **domains;             /* the names it validates, in input order */
	size_t n_domains;
};

struct acm_renewal {
	bool present;
	char *status;               /* RenewalStatus (sanitised) */
	char *reason;               /* RenewalStatusReason (sanitised) */
	struct acm_domain *domains;
	size_t n_domains;
	int64_t updated_at;         /* epoch seconds or ACM_TIME_NONE */
};

struct acm_cert {
	bool wrapped;               /* {"Certificate":{...}} rather than the bare detail */
	bool partial;               /* part of the output (--query ...): no Status (acm_partial.c) */
	char *arn;                  /* sanitised */
	char *domain_name;          /* canonical */
	char **sans;                /* canonical */
	size_t n_sans;
	enum acm_status status;
	char *status_text;          /* sanitised */
	char *failure_reason;       /* sanitised, NULL if absent */
	char *type;                 /* AMAZON_ISSUED, IMPORTED, PRIVATE (sanitised) */
	int64_t created_at, issued_at, not_after;   /* epoch seconds or ACM_TIME_NONE */
	char **in_use_by;           /* sanitised ARNs */
	size_t n_in_use_by;
	struct acm_domain *domains;
	size_t n_domains;
	struct acm_renewal renewal;
	struct acm_record *records; /* distinct, over domains then renewal.domains */
	size_t n_records;
};

/* Parse len bytes of describe-certificate output: the CLI's or the raw API's
 * {"Certificate":{...}}, or the bare CertificateDetail, or a part of it as
 * `--query` prints it (acm_partial.c: DomainValidationOptions alone, the
 * ResourceRecords, one element of either; then partial is set and Status
 * is not required). Unknown fields are
 * ignored; a JSON null counts as absent. On failure cert is left empty and
 * err holds "WHERE: WHAT", e.g. "Certificate.DomainValidationOptions[2].
 * ResourceRecord.Value: expected a string, got a number" or, for bad JSON,
 * the byte offset with line and column. */
bool acm_cert_parse(const char *buf, size_t len, struct acm_cert *cert,
		    char *err, size_t errlen);
/* The same from a file, "-" for standard input (at most ACM_INPUT_MAX).
 * err does not repeat the path: the caller names it once. */
bool acm_cert_load(const char *path, struct acm_cert *cert, char *err, size_t errlen);
/* Just the reading: the whole file (or standard input) into out, an
 * initialised strbuf; false with err ("PATH: why"). */
struct strbuf;
bool acm_input_read(const char *path, struct strbuf *out, char *err, size_t errlen);
void acm_cert_free(struct acm_cert *cert);

/* "2026-11-20T10:00:00.123000+00:00" (also "Z", no fraction, "-05:00") to
 * epoch seconds, fraction dropped. */
bool acm_time_from_iso(const char *s, int64_t *out);

/* The public suffix list (ICANN section only: what ACM means by a public
 * domain), read at run time from a file such as ACM_PSL_DEFAULT_PATH. */
struct acm_psl;
enum acm_psl_verdict {
	ACM_PSL_OK,                 /* under a known public suffix, not one itself */
	ACM_PSL_UNKNOWN_TLD,        /* its top-level domain is not in the list */
	ACM_PSL_IS_SUFFIX,          /* the name (without "*.") is a public suffix */
};
struct acm_psl *acm_psl_load(const char *path, char *err, size_t errlen);
void acm_psl_free(struct acm_psl *psl);
enum acm_psl_verdict acm_psl_check(const struct acm_psl *psl, const char *name);

/* Probes a name needs. */
enum {
	ACM_CHECK_CAA = 1u,         /* the CAA diagnosis */
	ACM_CHECK_CNAME = 2u,       /* the validation CNAME checks (record >= 0) */
	ACM_CHECK_EMAIL = 4u,       /* email validation: not built yet */
};

struct acm_name_route {
	char *name;                 /* canonical */
	unsigned checks;            /* ACM_CHECK_* */
	int record;                 /* acm_cert.records index for the CNAME check, -1 */
	bool renewal;               /* routed because of a pending or failed renewal */
};

struct acm_route {
	/* Certificate-level findings carry the certificate's DomainName, per-name
	 * ones their name. next_steps[i] is findings[i]'s next step alone (the
	 * message ends with it too), for views that show it apart. */
	struct finding *findings;
	char **next_steps;
	size_t n_findings;
	/* ACM_FAILED_CAA as routed, while acm_route_probed has put
	 * ACM_CAA_ERROR_RESOLVED in its place (NULL otherwise). */
	char *caa_message, *caa_next;
	struct acm_name_route *names;   /* every name on the certificate, once */
	size_t n_names;
	int *cname_records;         /* distinct acm_cert.records indexes to probe */
	size_t n_cname_records;
	int64_t deadline;           /* CreatedAt + 72 h while pending, else ACM_TIME_NONE */
};

/* Route cert at time now (epoch seconds). psl may be NULL: the public-suffix
 * remarks are then left out and the message says so. False only when the
 * reason table (data/acm-reasons.txt) is missing or broken; err says where. */
bool acm_route(const struct acm_cert *cert, int64_t now, const struct acm_psl *psl,
	       struct acm_route *route, char *err, size_t errlen);
void acm_route_free(struct acm_route *route);

struct diagnosis;
/* What the probes add to what ACM says (acm_probed.c), run when the
 * diagnosis is done (again after a re-check): a CAA_ERROR that CAA no
 * longer explains (every name's CAA permits Amazon now) becomes
 * ACM_CAA_ERROR_RESOLVED, with the TTLs seen, and back when it does. */
void acm_route_probed(struct acm_route *route, const struct acm_cert *cert, const struct diagnosis *d);
/* The texts of a `case` stanza (translated): false when there is none. */
bool acm_case_text(const char *key, int *code, char **explain, char **next);

/* ACM's own words, for `explain`: every Status, FailureReason and
 * RenewalStatus value data/acm-reasons.txt knows, with what it means
 * (translated), the next step and the probes that diagnose it. */
struct acm_word {
	char *kind;                 /* "status", "reason", "renewal" */
	char *key;                  /* "CAA_ERROR" */
	char *explain, *next;
	unsigned checks;            /* ACM_CHECK_* */
};
bool acm_words(struct acm_word **out, size_t *n, char *err, size_t errlen);
void acm_words_free(struct acm_word *w, size_t n);

/* "14 h", "35 min", "3 days": a duration for people. */
void acm_duration_text(int64_t seconds, char *out, size_t outlen);

#endif
