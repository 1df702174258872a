/* ACM over its JSON 1.1 API (the aws-api reference, section 1.2):
 * DescribeCertificate, and ListCertificates with every page fetched and
 * every key type included (its default filter shows only RSA keys). The
 * answers are handed on as JSON text in the CLI's shape, so that one
 * parser (acm/acm_cert.h, acm/acm_list.h) reads what the user pipes in and
 * what is fetched alike. */
#ifndef ACMD_AWS_ACM_H
#define ACMD_AWS_ACM_H

#include <stdbool.h>
#include <stddef.h>

#include "aws/aws_client.h"

#define AWS_ACM_LIST_PAGES_MAX 50   /* x 1000 certificates */

/* body: the JSON (valid during the callback), or NULL with err. */
typedef void (*aws_body_cb)(void *ctx, const char *body, size_t len, const struct aws_error *err);

/* Is s an ACM certificate ARN? Its region then goes to region (>= 48 bytes). */
bool aws_acm_arn_parse(const char *s, char *region, size_t regionlen);

struct aws_op *aws_acm_describe(struct aws_client *c, const char *arn, aws_body_cb cb, void *ctx);
/* {"CertificateSummaryList":[...]} over every page; statuses NULL: all. */
struct aws_op *aws_acm_list(struct aws_client *c, const char *region, const char *const *statuses,
			    size_t n_statuses, aws_body_cb cb, void *ctx);

#endif
