/* The certificates of an account as ListCertificates (and `aws acm
 * list-certificates`) give them, and which need attention: FAILED, then
 * VALIDATION_TIMED_OUT, then PENDING_VALIDATION (the oldest first: nearest
 * to its 72 hours), then ISSUED ones that expire within the window (ACM
 * renews its own 60 days ahead, so one this close is stuck; an imported
 * one never renews). The summaries carry no FailureReason: callers that
 * show it describe the certificate. Strings are sanitised, names
 * canonical, as in acm_cert.h. */
#ifndef ACMD_ACM_LIST_H
#define ACMD_ACM_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acm/acm_cert.h"

#define ACM_EXPIRING_SOON_S (30 * 86400)

struct acm_summary {
	char *arn;
	char *region;               /* from the ARN */
	char *domain_name;          /* canonical */
	char **sans;                /* SubjectAlternativeNameSummaries, canonical */
	size_t n_sans;
	enum acm_status status;
	char *status_text;
	char *type;                 /* AMAZON_ISSUED, IMPORTED, PRIVATE, or NULL */
	int64_t created_at, not_after;  /* epoch seconds or ACM_TIME_NONE */
	bool in_use;
};

struct acm_list {
	struct acm_summary *v;
	size_t n;
};

/* Worst last, so that a comparison reads naturally. */
enum acm_attention { ACM_ATT_NONE, ACM_ATT_EXPIRING, ACM_ATT_PENDING, ACM_ATT_TIMED_OUT, ACM_ATT_FAILED };

/* Does the JSON look like list-certificates output (an object with
 * CertificateSummaryList)? A cheap look, before choosing the parser. */
bool acm_list_detect(const char *buf, size_t len);
/* Parse list-certificates output; false with err naming the field. */
bool acm_list_parse(const char *buf, size_t len, struct acm_list *out, char *err, size_t errlen);
void acm_list_free(struct acm_list *l);
/* Move every summary of src to the end of dst (src is left empty). */
void acm_list_take(struct acm_list *dst, struct acm_list *src);

enum acm_attention acm_summary_attention(const struct acm_summary *s, int64_t now, int64_t soon_s);
/* Keep only the summaries that need attention, worst first. */
void acm_list_attention(struct acm_list *l, int64_t now, int64_t soon_s);

#endif
