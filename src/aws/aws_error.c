/* Classifying AWS errors (see aws_error.h). The tables are botocore's and
 * go-v2's retry and error lists (aws-api reference, sections 1.6 and 4). */
#include "config.h"

#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "aws/aws_error.h"
#include "aws/aws_xml.h"
#include "core/sanitize.h"
#include "core/xalloc.h"

#define KIND_NAME(k, name) name,
static const char *const kind_names[] = { AWS_ERROR_KINDS(KIND_NAME) };
#undef KIND_NAME

const char *
aws_err_name(enum aws_err k)
{
	return k < AWS_ERR__COUNT ? kind_names[k] : "?";
}

static void
copy_clean(char *dst, size_t n, const char *src)
{
	char *c = san_str(src ? src : "", n > 20 ? n - 20 : n, SAN_ASCII);
	snprintf(dst, n, "%s", c);
	free(c);
}

void
aws_error_vset(struct aws_error *e, enum aws_err kind, const char *fmt, va_list ap)
{
	char buf[sizeof e->message];
	vsnprintf(buf, sizeof buf, fmt, ap);
	e->kind = kind;
	copy_clean(e->message, sizeof e->message, buf);
}

void
aws_error_set(struct aws_error *e, enum aws_err kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	aws_error_vset(e, kind, fmt, ap);
	va_end(ap);
}

/* Codes by what they mean. Throttling: the 14 of standard mode. */
static const char *const throttle_codes[] = {
	"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
	"TooManyRequestsException", "ProvisionedThroughputExceededException",
	"TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
	"LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
	"EC2ThrottledException",
};
static const struct { const char *code; enum aws_err kind; } code_kinds[] = {
	{ "AccessDeniedException", AWS_ERR_ACCESS_DENIED }, { "AccessDenied", AWS_ERR_ACCESS_DENIED },
	{ "UnauthorizedException", AWS_ERR_ACCESS_DENIED },
	{ "ExpiredTokenException", AWS_ERR_EXPIRED }, { "ExpiredToken", AWS_ERR_EXPIRED },
	{ "UnrecognizedClientException", AWS_ERR_INVALID_KEY },
	{ "InvalidClientTokenId", AWS_ERR_INVALID_KEY },
	{ "InvalidSignatureException", AWS_ERR_SIGNATURE }, { "SignatureDoesNotMatch", AWS_ERR_SIGNATURE },
	{ "IncompleteSignatureException", AWS_ERR_SIGNATURE }, { "IncompleteSignature", AWS_ERR_SIGNATURE },
	{ "MissingAuthenticationTokenException", AWS_ERR_SIGNATURE },
	{ "MissingAuthenticationToken", AWS_ERR_SIGNATURE },
	{ "ResourceNotFoundException", AWS_ERR_NOT_FOUND }, { "NotFoundException", AWS_ERR_NOT_FOUND },
	{ "NoSuchHostedZone", AWS_ERR_NOT_FOUND },
	{ "ValidationException", AWS_ERR_BAD_REQUEST }, { "ValidationError", AWS_ERR_BAD_REQUEST },
	{ "InvalidArnException", AWS_ERR_BAD_REQUEST }, { "InvalidInput", AWS_ERR_BAD_REQUEST },
	{ "BadRequestException", AWS_ERR_BAD_REQUEST }, { "InvalidArgsException", AWS_ERR_BAD_REQUEST },
	{ "InvalidDomainName", AWS_ERR_BAD_REQUEST }, { "SerializationException", AWS_ERR_BAD_REQUEST },
	{ "InvalidIdentityToken", AWS_ERR_CREDENTIAL_SOURCE },
	{ "IDPRejectedClaim", AWS_ERR_CREDENTIAL_SOURCE },
	{ "IDPCommunicationError", AWS_ERR_CREDENTIAL_SOURCE },
	{ "RegionDisabledException", AWS_ERR_REGION },
	{ "ServiceUnavailableException", AWS_ERR_SERVER }, { "InternalFailure", AWS_ERR_SERVER },
	{ "ServiceUnavailable", AWS_ERR_SERVER }, { "RequestTimeout", AWS_ERR_SERVER },
	{ "RequestTimeoutException", AWS_ERR_SERVER },
};

static enum aws_err
kind_of_code(const char *code, long status)
{
	for (size_t i = 0; i < sizeof throttle_codes / sizeof *throttle_codes; i++)
		if (!strcmp(code, throttle_codes[i]))
			return AWS_ERR_THROTTLED;
	for (size_t i = 0; i < sizeof code_kinds / sizeof *code_kinds; i++)
		if (!strcmp(code, code_kinds[i].code))
			return code_kinds[i].kind;
	if (status == 429)
		return AWS_ERR_THROTTLED;
	if (status >= 500)
		return AWS_ERR_SERVER;
	if (status == 404)
		return AWS_ERR_NOT_FOUND;
	if (status == 403)
		return AWS_ERR_ACCESS_DENIED;
	return AWS_ERR_BAD_REQUEST;
}

/* "aws.protocoltests#ThrottlingException:http://internal..." -> the code. */
static void
clean_code(char *dst, size_t n, const char *raw)
{
	char tmp[256];
	snprintf(tmp, sizeof tmp, "%s", raw);
	tmp[strcspn(tmp, ":")] = '\0';
	const char *hash = strrchr(tmp, '#');
	copy_clean(dst, n, hash ? hash + 1 : tmp);
}

static void
from_json(struct aws_error *e, const char *body, size_t len, char *msg, size_t msglen)
{
	cJSON *j = cJSON_ParseWithLength(body, len);
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		return;
	}
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "__type");
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "message");
	if (!cJSON_IsString(m))
		m = cJSON_GetObjectItemCaseSensitive(j, "Message");
	if (cJSON_IsString(t) && !e->code[0])
		clean_code(e->code, sizeof e->code, t->valuestring);
	if (cJSON_IsString(m))
		snprintf(msg, msglen, "%s", m->valuestring);
	cJSON_Delete(j);
}

static void
from_xml(struct aws_error *e, const char *body, size_t len, char *msg, size_t msglen)
{
	char err[64];
	struct aws_xml_node *root = aws_xml_parse(body, len, err, sizeof err);
	if (!root)
		return;
	/* <ErrorResponse><Error>...</Error></ErrorResponse>, or <Error> alone */
	const struct aws_xml_node *er = !strcmp(root->name, "Error") ? root : aws_xml_child(root, "Error");
	const char *code = aws_xml_text(er, "Code"), *m = aws_xml_text(er, "Message");
	const char *rid = aws_xml_text(root, "RequestId");
	if (code && *code)
		clean_code(e->code, sizeof e->code, code);
	if (m)
		snprintf(msg, msglen, "%s", m);
	if (rid && !e->request_id[0])
		copy_clean(e->request_id, sizeof e->request_id, rid);
	aws_xml_free(root);
}

/* The action AWS says is denied: "... is not authorized to perform: X on ..." */
static void
denied_action(struct aws_error *e, const char *msg)
{
	regex_t re;
	regmatch_t m[2];
	if (regcomp(&re, "is not authorized to perform: ([^ ]+)", REG_EXTENDED) != 0)
		return;
	if (regexec(&re, msg, 2, m, 0) == 0 && m[1].rm_eo - m[1].rm_so < (regoff_t)sizeof e->denied_action) {
		char tmp[sizeof e->denied_action];
		snprintf(tmp, sizeof tmp, "%.*s", (int)(m[1].rm_eo - m[1].rm_so), msg + m[1].rm_so);
		copy_clean(e->denied_action, sizeof e->denied_action, tmp);
	}
	regfree(&re);
}

void
aws_error_from_http(struct aws_error *e, const char *action, long status,
		    const char *error_type, const char *body, size_t len)
{
	char msg[1024] = "";
	e->http_status = status;
	copy_clean(e->action, sizeof e->action, action);
	if (error_type && *error_type)
		clean_code(e->code, sizeof e->code, error_type);
	size_t i = 0;
	while (i < len && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'))
		i++;
	if (i < len && body[i] == '{')
		from_json(e, body, len, msg, sizeof msg);
	else if (i < len && body[i] == '<')
		from_xml(e, body, len, msg, sizeof msg);
	e->kind = kind_of_code(e->code, status);
	/* Signature errors that are the clock's, not the key's. */
	if (e->kind == AWS_ERR_SIGNATURE && (strstr(msg, "Signature expired") ||
					     strstr(msg, "Signature not yet current")))
		e->kind = AWS_ERR_CLOCK_SKEW;
	if (e->kind == AWS_ERR_ACCESS_DENIED)
		denied_action(e, msg);
	if (!msg[0])
		snprintf(msg, sizeof msg, "HTTP %ld", status);
	copy_clean(e->message, sizeof e->message, msg);
}

void
aws_error_from_transport(struct aws_error *e, const char *action, int curl_code,
			 const char *curl_text, const char *host)
{
	copy_clean(e->action, sizeof e->action, action);
	e->http_status = 0;
	snprintf(e->code, sizeof e->code, "curl-%d", curl_code);
	switch (curl_code) {
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CONNECT_ERROR:
		e->kind = AWS_ERR_TLS;
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		/* acm.REGION.amazonaws.com that does not exist: a wrong region */
		e->kind = host && strstr(host, ".amazonaws.com") && strchr(host, '.') != strstr(host, ".amazonaws.com")
			? AWS_ERR_REGION : AWS_ERR_NETWORK;
		break;
	default:
		e->kind = AWS_ERR_NETWORK;
		break;
	}
	copy_clean(e->message, sizeof e->message, curl_text && *curl_text ? curl_text
		   : curl_easy_strerror((CURLcode)curl_code));
}

bool
aws_error_retryable(const struct aws_error *e, bool *throttle)
{
	*throttle = e->kind == AWS_ERR_THROTTLED;
	if (*throttle || e->kind == AWS_ERR_SERVER)
		return true;
	if (e->kind != AWS_ERR_NETWORK)
		return false;
	/* connection failures and timeouts, not a proxy that does not exist */
	return strcmp(e->code, "curl-5") != 0;
}
