/* Where the AWS settings come from, the way the AWS CLI and SDKs read them
 * (botocore configprovider.py, go-v2 config): the profile, the region, the
 * CA bundle, retry attempts and each service's endpoint, from command-line
 * options, AWS_* environment variables and the shared files
 * (AWS_CONFIG_FILE, default ~/.aws/config; AWS_SHARED_CREDENTIALS_FILE,
 * default ~/.aws/credentials). Read once, no network. Credentials are
 * aws_creds.h's business; this only says where their settings are. */
#ifndef ACMD_AWS_CONFIG_H
#define ACMD_AWS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "aws/aws_ini.h"

/* Every service acm-doctor calls: X(id, SigV4 signing name, suffix of its
 * AWS_ENDPOINT_URL_ variable, its key in a [services] section, host label).
 * Names from the SDKs' endpoint-override table (sdkref ss-endpoints-table). */
#define AWS_SERVICES(X) \
	X(ACM, "acm", "ACM", "acm", "acm") \
	X(APIGW, "apigateway", "API_GATEWAY", "api_gateway", "apigateway") \
	X(APIGWV2, "apigateway", "APIGATEWAYV2", "apigatewayv2", "apigateway") \
	X(ROUTE53, "route53", "ROUTE_53", "route_53", "route53") \
	X(STS, "sts", "STS", "sts", "sts")

#define AWS_SVC_ENUM(id, sign, env, key, host) AWS_SVC_##id,
enum aws_service { AWS_SERVICES(AWS_SVC_ENUM) AWS_SVC__COUNT };
#undef AWS_SVC_ENUM

struct aws_config_opts {
	const char *profile;        /* --profile, or NULL */
	const char *region;         /* --region, or NULL */
};

struct aws_config {
	char *profile;              /* the profile in use ("default" unless named) */
	const char *profile_from;   /* "--profile", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", or NULL */
	char *region;               /* NULL when none is configured */
	char *region_from;          /* "--region", "AWS_REGION", "profile dev", ... */
	char *ca_bundle;            /* NULL: the system's trust store */
	char *config_path, *credentials_path;
	struct aws_ini *config, *credentials;
	bool ignore_endpoints;      /* AWS_IGNORE_CONFIGURED_ENDPOINT_URLS */
	int max_attempts;           /* 3, or AWS_MAX_ATTEMPTS / max_attempts (1..10) */
};

/* Read the environment and both files. -1 with err when a file exists but
 * cannot be read, or a setting is malformed (err names it). */
int aws_config_load(struct aws_config *c, const struct aws_config_opts *o, char *err, size_t errlen);
void aws_config_free(struct aws_config *c);

/* A profile's key in the config file ("[profile NAME]", "[default]"), and
 * in the credentials file ("[NAME]"); NULL when absent or empty. */
const char *aws_config_get(const struct aws_config *c, const char *profile, const char *key);
const char *aws_credentials_get(const struct aws_config *c, const char *profile, const char *key);
/* Is there a section for the profile in either file? */
bool aws_profile_exists(const struct aws_config *c, const char *profile);
/* An environment variable, NULL when unset or empty. */
const char *aws_env(const char *name);

/* The base URL of service s in region (no trailing slash), malloc'd: the
 * override (AWS_ENDPOINT_URL_<SVC>, AWS_ENDPOINT_URL, the profile's
 * [services] section, the profile's endpoint_url) or the service's own
 * host. *overridden (may be NULL) tells which. region may be NULL for
 * Route 53 and STS (the global endpoints). */
char *aws_endpoint_url(const struct aws_config *c, enum aws_service s, const char *region,
		       bool *overridden);
/* The region SigV4 signs with for a request to s in region: Route 53 is
 * global and signs with its partition's home region. */
const char *aws_signing_region(enum aws_service s, const char *region);
const char *aws_service_signing_name(enum aws_service s);
/* "acm", "api_gateway", ...: for messages. */
const char *aws_service_key(enum aws_service s);

/* Does s look like a region name ("eu-west-1", "us-gov-west-1")? */
bool aws_region_syntax_ok(const char *s);
/* The regions of data/aws-regions.txt (free with aws_regions_free), and
 * whether a name is one of them. */
char **aws_regions(size_t *n);
void aws_regions_free(char **v, size_t n);
bool aws_region_known(const char *region);
/* A --region argument: "all" (every region of data/aws-regions.txt), or
 * one or more names separated by commas or blanks (duplicates dropped).
 * NULL with the offending word in bad when one is not a region name. */
char **aws_region_list(const char *arg, size_t *n, char *bad, size_t badlen);

#endif
