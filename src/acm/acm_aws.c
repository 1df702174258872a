/* AWS problems as findings (see acm_aws.h): one sentence on what is
 * wrong, one on what to do, AWS's own words as evidence. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acm/acm_aws.h"
#include "core/i18n.h"
#include "core/strbuf.h"

static const struct {
	enum aws_err kind;
	enum finding_code code;
} kind_codes[] = {
	{ AWS_ERR_NO_CREDENTIALS, F_AWS_NO_CREDENTIALS },
	{ AWS_ERR_CREDENTIAL_SOURCE, F_AWS_CREDENTIALS_FAILED },
	{ AWS_ERR_EXPIRED, F_AWS_EXPIRED_TOKEN },
	{ AWS_ERR_INVALID_KEY, F_AWS_INVALID_CREDENTIALS },
	{ AWS_ERR_SIGNATURE, F_AWS_SIGNATURE_MISMATCH },
	{ AWS_ERR_CLOCK_SKEW, F_AWS_CLOCK_SKEW },
	{ AWS_ERR_ACCESS_DENIED, F_AWS_ACCESS_DENIED },
	{ AWS_ERR_THROTTLED, F_AWS_THROTTLED },
	{ AWS_ERR_NOT_FOUND, F_AWS_NOT_FOUND },
	{ AWS_ERR_REGION, F_AWS_WRONG_REGION },
};

static enum finding_code
code_of(enum aws_err k)
{
	for (size_t i = 0; i < sizeof kind_codes / sizeof *kind_codes; i++)
		if (kind_codes[i].kind == k)
			return kind_codes[i].code;
	return F_AWS_REQUEST_FAILED;
}

/* "the credentials from the shared credentials file (profile ci in ...)" */
static void
whose(struct strbuf *sb, const struct aws_identity *id)
{
	if (!id) {
		sb_add(sb, _("the credentials"));
		return;
	}
	sb_addf(sb, _("the credentials from the %s (%s)"), aws_cred_source_text(id->source), id->detail);
}

static void
message(struct strbuf *sb, const struct aws_error *e, const struct aws_identity *id)
{
	const char *what = e->where[0] ? e->where : e->action;
	struct strbuf who;
	sb_init_limit(&who, 1024);
	whose(&who, id);
	switch (e->kind) {
	case AWS_ERR_NO_CREDENTIALS:
		sb_addf(sb, _("No AWS credentials were found (%s). Set AWS_PROFILE or --profile to a profile of ~/.aws/config, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; or pipe the output of aws acm describe-certificate instead."), e->message);
		break;
	case AWS_ERR_CREDENTIAL_SOURCE:
		sb_addf(sb, _("Getting AWS credentials failed: %s. Fix that source of credentials, or choose another one (--profile)."), e->message);
		break;
	case AWS_ERR_EXPIRED:
		sb_addf(sb, _("AWS refused %s: %s have expired. Get new ones (sign in again, for example with aws sso login, or refresh the session), then run again."), what, who.buf);
		break;
	case AWS_ERR_INVALID_KEY:
		sb_addf(sb, _("AWS refused %s: it does not know the access key of %s. Check the key id; a temporary key (ASIA...) needs its session token too (AWS_SESSION_TOKEN)."), what, who.buf);
		break;
	case AWS_ERR_SIGNATURE:
		sb_addf(sb, _("AWS refused the signature of %s: the secret access key of %s does not belong to its key id. Check the secret."), what, who.buf);
		break;
	case AWS_ERR_CLOCK_SKEW:
		sb_addf(sb, _("AWS refused %s because this computer's clock is off by more than a few minutes. Set the clock right (enable NTP), then run again."), what);
		break;
	case AWS_ERR_ACCESS_DENIED:
		sb_addf(sb, _("AWS denied %s to %s. Allow the IAM action %s in the policy of that user or role (see the evidence for AWS's words)."),
			what, who.buf, e->denied_action[0] ? e->denied_action : e->action);
		break;
	case AWS_ERR_THROTTLED:
		sb_addf(sb, _("AWS throttled %s %d times in a row, with acm-doctor waiting longer each time. Wait a minute and run again; something else in the account is calling the same API heavily."), what, e->attempts);
		break;
	case AWS_ERR_NOT_FOUND:
		sb_addf(sb, _("AWS found no such resource for %s. Check the ARN or name, the region, and that %s belong to the account that owns it."), what, who.buf);
		break;
	case AWS_ERR_REGION:
		sb_addf(sb, _("%s: the region does not exist or is not enabled for the account (%s). Use the region where the resource is (the ARN's), or enable the region."), what, e->message);
		break;
	case AWS_ERR_TLS:
		sb_addf(sb, _("%s failed: the endpoint's TLS certificate is not trusted (%s). If a proxy inspects TLS, give its CA with AWS_CA_BUNDLE or ca_bundle in the profile."), what, e->message);
		break;
	default:
		sb_addf(sb, _("%s failed: %s. Check the network, HTTPS_PROXY and NO_PROXY, and any endpoint override (AWS_ENDPOINT_URL)."), what, e->message);
		break;
	}
	sb_free(&who);
}

void
acm_aws_finding(struct finding *f, const struct aws_error *e, const char *name,
		const struct aws_identity *id)
{
	finding_init(f, code_of(e->kind), name);
	struct strbuf sb;
	sb_init_limit(&sb, 4096);
	message(&sb, e, id);
	finding_set_message(f, "%s", sb.buf);
	sb_reset(&sb);
	if (e->code[0] || e->http_status) {
		sb_addf(&sb, "; %s:", e->where[0] ? e->where : e->action);
		if (e->http_status)
			sb_addf(&sb, " HTTP %ld", e->http_status);
		if (e->code[0])
			sb_addf(&sb, " %s", e->code);
		if (e->kind != AWS_ERR_NO_CREDENTIALS && e->kind != AWS_ERR_CREDENTIAL_SOURCE)
			sb_addf(&sb, ": %s", e->message);
		finding_add_evidence(f, sb.buf);
	}
	if (e->request_id[0]) {
		sb_reset(&sb);
		sb_addf(&sb, "; request id %s", e->request_id);
		finding_add_evidence(f, sb.buf);
	}
	sb_free(&sb);
}
