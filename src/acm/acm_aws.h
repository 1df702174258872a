/* ACM and Route 53 read straight from AWS for one diagnosis: the
 * certificate by its ARN (DescribeCertificate, read by acm_cert.c and
 * routed by acm_route.c) and the account's hosted zones for its names
 * (Route 53), given to the checks as check_hosted_zone. Every AWS problem
 * becomes a finding that says what failed, why and what to do (the IAM
 * action to allow, the credential source to fix), never a bare error. */
#ifndef ACMD_ACM_AWS_H
#define ACMD_ACM_AWS_H

#include <stdbool.h>
#include <stddef.h>

#include "acm/acm_cert.h"
#include "aws/aws_client.h"
#include "aws/aws_route53.h"
#include "checks/check.h"
#include "checks/finding.h"

/* The finding for an AWS problem about name (an ARN, a region, a domain),
 * with the identity of the credentials when known (may be NULL). */
void acm_aws_finding(struct finding *f, const struct aws_error *e, const char *name,
		     const struct aws_identity *id);

/* A certificate read from ACM, routed, and the hosted zones for its names. */
struct acm_fetched {
	char *arn;
	bool have_cert;             /* cert and route are set */
	struct acm_cert cert;
	struct acm_route route;
	struct finding *findings;   /* AWS problems: an error when there is no certificate */
	size_t n_findings;
	struct check_hosted_zone *zones;    /* the public ones, for check_input */
	size_t n_zones;
	struct aws_hosted_zones *raw;       /* their storage, one set per domain asked */
	size_t n_raw;
	int64_t elapsed_ms;
};

/* f is the caller's: free it with acm_fetched_free. */
typedef void (*acm_fetch_cb)(void *ctx, struct acm_fetched *f);

/* DescribeCertificate of arn (in the ARN's region), then, when zones and
 * something is to be probed, Route 53's hosted zones for its names. */
struct aws_op *acm_fetch_cert(struct aws_client *c, const char *arn, bool zones,
			      acm_fetch_cb cb, void *ctx);
void acm_fetched_free(struct acm_fetched *f);

/* The domain Route 53 is asked about for a name: its last two labels
 * ("www.shop.example.com." -> "example.com."), into out. */
void acm_zone_query_name(const char *name, char *out, size_t outlen);

#endif
