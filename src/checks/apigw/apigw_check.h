/* The API Gateway custom domain diagnosis: "my API serves the wrong
 * certificate". For one custom domain it follows the CNAME chain and
 * classifies what the name points at (the execute-api stage URL, the
 * regional d-... name, a CloudFront distribution, a VPC endpoint, a proxy
 * in front, something else), connects on 443 to every address with the
 * custom domain as SNI (and to the targets for comparison), sends one
 * HTTPS request to see who answers (API Gateway, CloudFront, neither), and,
 * when API Gateway's own description of the domain is given, checks the
 * target, the addresses of an alias and the certificate's region. The fix
 * is the record that points the name at the right target: a CNAME, or in
 * Route 53 an alias with the target's hosted zone id.
 *
 * Its input is typed (struct apigw_domain, struct apigw_target), so that
 * `--domain-json` (apigw_domain_parse) and a client of the API Gateway API
 * fill the same thing. */
#ifndef ACMD_APIGW_CHECK_H
#define ACMD_APIGW_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/check.h"
#include "checks/finding.h"
#include "fix/change.h"

struct provider;
struct tls_result;
struct http_response;

/* ---- what API Gateway says about a custom domain (GetDomainName) ---- */

#define APIGW_INPUT_MAX (1024u * 1024u)     /* bytes of JSON accepted */
#define APIGW_MAX_ENDPOINTS 4               /* EDGE + REGIONAL while migrating, v2 configurations */
#define APIGW_CLOUDFRONT_ZONE "Z2FDTNDATAQYW2"   /* every distribution's hosted zone id */

enum apigw_endpoint_type {
	APIGW_EP_EDGE,              /* CloudFront in front: d....cloudfront.net */
	APIGW_EP_REGIONAL,          /* d-....execute-api.REGION.amazonaws.com */
	APIGW_EP_PRIVATE,           /* reached through VPC endpoints only */
};

/* One endpoint of a custom domain: v1 gives an edge and/or a regional one,
 * v2 one per DomainNameConfigurations element. */
struct apigw_endpoint {
	enum apigw_endpoint_type type;
	char *target;               /* canonical (lower case, trailing dot); NULL for PRIVATE */
	char *hosted_zone_id;       /* for a Route 53 alias; NULL if not given */
	char *certificate_arn;      /* arn:aws...:acm:REGION:ACCOUNT:certificate/ID, or NULL */
	char *status;               /* domainNameStatus (v2: per configuration), or NULL */
	char *status_message;
};

struct apigw_domain {
	char *name;                 /* domainName, canonical */
	int api_version;            /* 1: aws apigateway, 2: aws apigatewayv2 */
	struct apigw_endpoint endpoints[APIGW_MAX_ENDPOINTS];
	size_t n_endpoints;
	char *ownership_certificate_arn;   /* an imported certificate's ownership proof, or NULL */
};

/* Read the output of `aws apigateway get-domain-name` or `aws apigatewayv2
 * get-domain-name` (the CLI's JSON, or the services' own response bodies).
 * Every string kept is checked (names canonical and of the forms AWS
 * gives, ARNs of ACM certificates, zone ids) and sanitised. On failure dom
 * is empty and err says where and what ("regionalDomainName: expected a
 * string, got an array"). */
bool apigw_domain_parse(const char *buf, size_t len, struct apigw_domain *dom,
			char *err, size_t errlen);
/* The same from a file, "-" for standard input; err does not repeat the
 * path. */
bool apigw_domain_load(const char *path, struct apigw_domain *dom, char *err, size_t errlen);
void apigw_domain_free(struct apigw_domain *dom);
void apigw_domain_copy(struct apigw_domain *dst, const struct apigw_domain *src);
const char *apigw_endpoint_type_name(enum apigw_endpoint_type t);   /* "EDGE" ... */

/* A name or URL as users paste it ("api.example.com", "https://api.
 * example.com/prod/pets"): the canonical name and the path ("/" when
 * none). NULL with a translated reason in why otherwise (another scheme
 * or port, characters a URL path cannot hold). */
char *apigw_parse_url(const char *in, char **path, char *why, size_t whylen);

/* ---- the check's input ---- */

struct apigw_target {
	const char *name;           /* canonical custom domain */
	const char *path;           /* what to request ("/prod/pets"); NULL: "/" */
	const struct apigw_domain *domain;   /* GetDomainName's answer, or NULL */
	/* Asked by "Diagnose a domain" rather than by the user: a name that
	 * serves no HTTPS through API Gateway or CloudFront is not an error. */
	bool only_if_https;
};

/* ---- names and facts (pure; data/apigw-names.txt, apigw-hosted-zones.txt) ---- */

enum apigw_class {
	APIGW_C_NONE,               /* no CNAME: address records (an alias, or typed) */
	APIGW_C_STAGE,              /* {api-id}.execute-api.{region}.amazonaws.com: the default URL */
	APIGW_C_REGIONAL,           /* d-{id}.execute-api.{region}.amazonaws.com */
	APIGW_C_CLOUDFRONT,         /* d{id}.cloudfront.net */
	APIGW_C_VPCE,               /* vpce-....execute-api.{region}.vpce.amazonaws.com, or a private API's alias */
	APIGW_C_OTHER,              /* any other name */
};

enum apigw_class apigw_classify(const char *canon);
const char *apigw_class_name(enum apigw_class c);   /* "none", "stage-url", "regional", "cloudfront", "vpc-endpoint", "other" */
/* The region of an execute-api name ("us-east-1"), into out; false if none. */
bool apigw_name_region(const char *canon, char *out, size_t outlen);
/* The region of an ARN (its fourth field), into out; false if none. */
bool apigw_arn_region(const char *arn, char *out, size_t outlen);
/* Does the certificate name (a SAN: "api.example.com", "*.example.com")
 * cover the host name? A wildcard covers exactly one label. */
bool apigw_cert_name_covers(const char *san, const char *host);
/* Route 53's hosted zone id for API Gateway's regional endpoints of a
 * region, from data/apigw-hosted-zones.txt; NULL when not listed. */
const char *apigw_region_zone(const char *region);

/* ---- the report ---- */

enum apigw_verdict {
	APIGW_V_OK,
	APIGW_V_WRONG_TARGET,       /* the name points at the wrong thing */
	APIGW_V_BAD_CERT,           /* the certificate served is wrong, expired or untrusted */
	APIGW_V_PROXIED,            /* a proxy answers in front */
	APIGW_V_NO_MAPPING,
	APIGW_V_STAGE_IN_PATH,
	APIGW_V_NOT_APIGW,
	APIGW_V_UNREACHABLE,        /* no TLS connection */
	APIGW_V_LOOKUP_FAILED,
	APIGW_V_WARNING,            /* works, with a warning */
	APIGW_V_NOT_APPLICABLE,     /* not an API here ("Diagnose a domain") */
};

/* A CNAME on the way from the name to its addresses. */
struct apigw_hop {
	char *name, *target;
	uint32_t ttl;
};

enum apigw_tls_role {
	APIGW_TLS_NAME,             /* an address of the name, SNI = the name: what clients get */
	APIGW_TLS_TARGET,           /* the current target with its own name as SNI */
	APIGW_TLS_EXPECTED,         /* the expected target's address, SNI = the name */
};

struct apigw_tls_seen {
	enum apigw_tls_role role;
	char *address;
	char *sni;
	struct tls_result *res;     /* owned; NULL if the probe did not run */
};

/* Who answered the HTTPS request, from its own headers (never Server). */
struct apigw_http_seen {
	char *url;
	char *address;              /* connected to */
	struct http_response *res;  /* owned; NULL when not sent (no TLS anywhere) */
	char *retry_url;            /* the same without the first path segment, when asked */
	struct http_response *retry;
};

enum apigw_dns_end {
	APIGW_DNS_ADDRESSES,        /* addresses came */
	APIGW_DNS_NXDOMAIN,         /* the name itself does not exist */
	APIGW_DNS_DANGLING,         /* a CNAME whose target does not exist */
	APIGW_DNS_NODATA,           /* the name exists, no A or AAAA */
	APIGW_DNS_FAILED,           /* SERVFAIL, timeout, refusal */
};

/* Everything seen about one custom domain: what the probes fill and the
 * evaluation (apigw_evaluate) reads, nothing else. */
struct apigw_facts {
	char *name;                 /* canonical */
	char *path;                 /* "/" at least */
	struct apigw_domain *domain;   /* owned copy, or NULL */
	bool only_if_https;
	enum apigw_dns_end dns_end;
	char *dns_error;            /* for DNS_FAILED: "SERVFAIL", "no answer (timed out)" */
	struct apigw_hop *chain;
	size_t n_chain;
	char **addrs;               /* the name's A and AAAA, text */
	size_t n_addrs;
	uint32_t addr_ttl;
	/* The TTL the zone gives the name's own record (its CNAME, else its
	 * A set), asked of an authoritative server: a DELETE must quote it
	 * exactly. 0 when unknown. */
	uint32_t record_ttl;
	char *expected;             /* the target API Gateway gives (domain), canonical, or NULL */
	enum apigw_endpoint_type expected_type;
	char **expected_addrs;      /* its A and AAAA */
	size_t n_expected_addrs;
	bool expected_lookup_failed;
	char *zone;                 /* the zone holding the name, or NULL */
	char **ns;                  /* its name servers */
	size_t n_ns;
	struct apigw_tls_seen *tls;
	size_t n_tls;
	struct apigw_http_seen http;
};

/* What the plan needs to point the name at its target. */
struct apigw_fix {
	bool wanted;
	char *target;               /* canonical */
	char *zone_id;              /* Route 53 hosted zone id of the target, or NULL */
	bool cloudfront;            /* the target is a distribution */
	char *region;               /* the target's region ("" for CloudFront) */
	bool ipv6;                  /* the target has AAAA addresses */
};

struct apigw_plan_info {
	struct change_plan plan;
	char **ns;
	size_t n_ns;
	const struct provider *provider;
	bool detected;
	bool ns_mixed;
};

struct apigw_result {
	struct apigw_facts facts;
	enum apigw_verdict verdict;
	enum apigw_class target_class;     /* of the last CNAME target */
	char *target;               /* the last CNAME target, or NULL */
	bool proxied;               /* Cloudflare answers */
	struct finding *findings;   /* most severe first */
	size_t n_findings;
	int plan;                   /* index into the report's plans, -1 none */
	char *domains[1];           /* the name, for check_subject */
};

struct apigw_report {
	struct apigw_result *results;
	size_t n_results;
	struct apigw_plan_info *plans;
	size_t n_plans;
	char *resolver;
	int queries, answered, max_in_flight;
	int64_t elapsed_ms;
};

/* The evaluation (pure): the findings, most severe first, the verdict and
 * what a fix would need. *fs to free with finding_clear and free. */
void apigw_evaluate(const struct apigw_facts *f, struct finding **fs, size_t *n,
		    enum apigw_verdict *verdict, struct apigw_fix *fix);
void apigw_fix_clear(struct apigw_fix *fix);
void apigw_facts_clear(struct apigw_facts *f);

const char *apigw_verdict_name(enum apigw_verdict v);   /* "ok", "wrong-target" ... */
const char *apigw_verdict_label(enum apigw_verdict v);  /* translated: "WRONG TARGET" */
const char *apigw_tls_role_name(enum apigw_tls_role r); /* "name", "target", "expected" */
struct plan_view apigw_plan_view(const struct apigw_plan_info *pi);
void apigw_report_free(struct apigw_report *rep);

/* Who answered an HTTP response, by its own headers. */
enum apigw_api_kind { APIGW_API_NONE, APIGW_API_REST, APIGW_API_HTTP };
enum apigw_api_kind apigw_http_api(const struct http_response *r);
bool apigw_http_cloudfront(const struct http_response *r);
bool apigw_http_cloudflare(const struct http_response *r);
/* The body's {"message": ...} (API Gateway's error shape), sanitised, or NULL. */
char *apigw_http_message(const struct http_response *r);
/* 403 "Missing Authentication Token" (x-amzn-ErrorType or the body). */
bool apigw_http_mat(const struct http_response *r);

extern const struct check_ops apigw_check_ops;

#endif
