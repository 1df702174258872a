/* Route 53's hosted zones for a domain (the aws-api reference, section
 * 1.4): ListHostedZonesByName from the domain on (it sorts by reversed
 * labels, so every zone at or below the domain comes in one run of
 * pages), then GetHostedZone of each public one for the name servers
 * Route 53 gave it. That is what tells a delegated hosted zone from a
 * second one nobody delegates to. */
#ifndef ACMD_AWS_ROUTE53_H
#define ACMD_AWS_ROUTE53_H

#include <stdbool.h>
#include <stddef.h>

#include "aws/aws_client.h"

#define AWS_ROUTE53_PAGES_MAX 10    /* x 100 zones */

struct aws_hosted_zone {
	char *id;                   /* "Z0LABEXAMPLE00000001", without "/hostedzone/" */
	char *name;                 /* lower case, trailing dot, as Route 53 escapes it */
	bool private_zone;
	char **ns;                  /* its delegation set, lower case with the dot; none for a private zone */
	size_t n_ns;
};

struct aws_hosted_zones {
	struct aws_hosted_zone *v;
	size_t n;
};

typedef void (*aws_zones_cb)(void *ctx, const struct aws_hosted_zones *z, const struct aws_error *err);

/* Every hosted zone of the account whose name is domain or below it
 * (domain: canonical, trailing dot). */
struct aws_op *aws_route53_zones(struct aws_client *c, const char *domain, aws_zones_cb cb, void *ctx);

void aws_hosted_zones_clear(struct aws_hosted_zones *z);

#endif
