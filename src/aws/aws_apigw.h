/* API Gateway custom domain names, for the API Gateway check (issue 11):
 * GetDomainName of the REST API (v1), then of the v2 API (HTTP and
 * WebSocket APIs) when v1 does not know the name, boiled down to what the
 * check compares: the endpoint type, the name DNS must point at, the
 * hosted zone id for a Route 53 alias, the certificate ARN and the status
 * (the aws-api reference, section 1.3; acm-facts.md section 4).
 *
 * A name with '*' cannot go into the request path with curl 7.88 (the
 * path is signed as written and AWS encodes it once more), so wildcard
 * names are found by listing the domain names (GET /domainnames, then
 * /v2/domainnames) and comparing. The same parser reads the output of
 * `aws apigateway get-domain-name` and `aws apigatewayv2 get-domain-name`
 * (the latter prints PascalCase names where the API answers camelCase). */
#ifndef ACMD_AWS_APIGW_H
#define ACMD_AWS_APIGW_H

#include <stdbool.h>
#include <stddef.h>

#include "aws/aws_client.h"

enum aws_apigw_endpoint {
	AWS_APIGW_UNKNOWN, AWS_APIGW_EDGE, AWS_APIGW_REGIONAL, AWS_APIGW_PRIVATE,
};

struct aws_apigw_domain {
	char *domain_name;
	bool v2;                    /* from the v2 API */
	enum aws_apigw_endpoint endpoint;
	char *target;               /* distributionDomainName (edge), regionalDomainName,
				     * or v2's apiGatewayDomainName; NULL if absent */
	char *hosted_zone_id;       /* distributionHostedZoneId, regionalHostedZoneId, v2's hostedZoneId */
	char *certificate_arn;      /* certificateArn (edge), regionalCertificateArn, v2's certificateArn */
	char *status;               /* domainNameStatus: AVAILABLE, UPDATING, PENDING... */
	char *status_message;
	char *security_policy;      /* TLS_1_0, TLS_1_2 */
	size_t n_configurations;    /* v2: domainNameConfigurations (the first one is kept) */
};

const char *aws_apigw_endpoint_name(enum aws_apigw_endpoint e);   /* "EDGE", "REGIONAL"... */

/* Parse a GetDomainName answer (or a list item) into out. Strings are
 * sanitised. False with err ("domainNameConfigurations[0]: expected an
 * object") when the JSON is not one. */
bool aws_apigw_parse(const char *body, size_t len, struct aws_apigw_domain *out, char *err, size_t errlen);
void aws_apigw_domain_clear(struct aws_apigw_domain *d);

typedef void (*aws_apigw_cb)(void *ctx, const struct aws_apigw_domain *d, const struct aws_error *err);

/* The custom domain name (canonical, trailing dot optional) in region;
 * err kind NOT_FOUND when neither API has it. */
struct aws_op *aws_apigw_get_domain(struct aws_client *c, const char *region, const char *name,
				    aws_apigw_cb cb, void *ctx);

#endif
