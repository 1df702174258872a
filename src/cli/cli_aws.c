/* The options of `check` that read from AWS (see cli_aws.h): each refused
 * with the option, the value as given (escaped) and what was expected,
 * before any request goes out. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_acm.h"
#include "aws/aws_config.h"
#include "cli/cli_aws.h"
#include "core/i18n.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "net/names.h"

#define WAIT_MAX_MS (24LL * 3600 * 1000)
#define INTERVAL_DEFAULT_MS 30000
#define INTERVAL_MIN_MS 1000
#define INTERVAL_MAX_MS (3600LL * 1000)

void
cli_aws_init(struct cli_aws_opts *o)
{
	memset(o, 0, sizeof *o);
	o->fail_on = SEV_ERROR;
	o->interval_ms = INTERVAL_DEFAULT_MS;
}

void
cli_aws_free(struct cli_aws_opts *o)
{
	strv_free(o->arns, o->n_arns);
	strv_free(o->regions, o->n_regions);
	free(o->region_arg);
	memset(o, 0, sizeof *o);
}

bool
cli_aws_wanted(const struct cli_aws_opts *o)
{
	return o->n_arns || o->pending || o->list_input;
}

static int
refuse(const char *opt, const char *value, const char *want)
{
	opt_refuse(opt, value, want);
	return -1;
}

/* Words of a pasted list: commas and blanks separate, quotes go. */
static char **
words(const char *arg, size_t *n)
{
	char **v = NULL;
	*n = 0;
	char *copy = xstrdup(arg), *save = NULL;
	for (char *w = strtok_r(copy, ", \t\n\"'", &save); w; w = strtok_r(NULL, ", \t\n\"'", &save))
		strv_push(&v, n, w);
	free(copy);
	return v;
}

static int
add_arns(struct cli_aws_opts *o, const char *arg)
{
	size_t n;
	char **v = words(arg, &n);
	int rc = n ? 0 : refuse("--arn", arg, _("want an ACM certificate ARN, arn:aws:acm:REGION:ACCOUNT:certificate/ID"));
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char region[64];
		if (!aws_acm_arn_parse(v[i], region, sizeof region))
			rc = refuse("--arn", v[i], _("not an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)"));
		else if (o->n_arns >= CLI_AWS_MAX_ARNS)
			rc = refuse("--arn", v[i], _("too many certificates at once (at most 100)"));
		else
			strv_push(&o->arns, &o->n_arns, v[i]);
	}
	strv_free(v, n);
	return rc;
}

static int
set_regions(struct cli_aws_opts *o, const char *arg)
{
	if (o->region_arg)
		return refuse("--region", arg, _("give --region once (a list: eu-west-1,us-east-1)"));
	char bad[200];
	o->regions = aws_region_list(arg, &o->n_regions, bad, sizeof bad);
	if (!o->regions)
		return refuse("--region", bad, _("not an AWS region name (such as eu-west-1), a list of them, nor all"));
	o->region_arg = xstrdup(arg);
	return 0;
}

/* "90" (seconds), "90s", "15m", "2h", "1h30m": milliseconds, or -1. */
static int64_t
duration_ms(const char *s)
{
	int64_t total = 0;
	bool parts = false;
	for (const char *p = s; *p;) {
		if (!isdigit((unsigned char)*p))
			return -1;
		char *end;
		long long v = strtoll(p, &end, 10);
		if (v > 100000)
			return -1;
		if (!*end)
			return parts ? -1 : v * 1000;   /* a bare number, alone: seconds */
		int64_t unit = *end == 'h' ? 3600000 : *end == 'm' ? 60000 : *end == 's' ? 1000 : -1;
		if (unit < 0)
			return -1;
		total += v * unit;
		parts = true;
		p = end + 1;
	}
	return parts ? total : -1;
}

static int
set_duration(const char *opt, const char *arg, int64_t min, int64_t max, int64_t *out)
{
	int64_t ms = duration_ms(arg);
	if (ms < min || ms > max)
		return refuse(opt, arg, min >= 1000 && max <= 3600000
			      ? _("want a duration from 1s to 1h, such as 10s or 2m")
			      : _("want a duration up to 24h, such as 90s, 15m or 1h30m"));
	*out = ms;
	return 0;
}

int
cli_aws_option(struct cli_aws_opts *o, int c, const char *arg)
{
	switch (c) {
	case CLI_OPT_ARN:
		return add_arns(o, arg);
	case CLI_OPT_PENDING:
		o->pending = true;
		return 0;
	case CLI_OPT_REGION:
		return set_regions(o, arg);
	case CLI_OPT_PROFILE:
		if (!*arg || strpbrk(arg, "[]\n\r"))
			return refuse("--profile", arg, _("want the name of a profile of ~/.aws/config"));
		o->profile = arg;
		return 0;
	case CLI_OPT_FAIL_ON:
		if (!strcmp(arg, "error") || !strcmp(arg, "warning")) {
			o->fail_on = arg[0] == 'w' ? SEV_WARNING : SEV_ERROR;
			return 0;
		}
		return refuse("--fail-on", arg, _("want error or warning"));
	case CLI_OPT_WAIT:
		return set_duration("--wait", arg, 1000, WAIT_MAX_MS, &o->wait_ms);
	case CLI_OPT_WAIT_INTERVAL:
		return set_duration("--wait-interval", arg, INTERVAL_MIN_MS, INTERVAL_MAX_MS, &o->interval_ms);
	case CLI_OPT_NO_ROUTE53:
		o->no_route53 = true;
		return 0;
	default:
		return 1;
	}
}

int
cli_aws_validate(const struct cli_aws_opts *o, bool names, bool records, bool certificate)
{
	const char *why = NULL;
	bool aws = o->n_arns || o->pending;
	if (o->n_arns && o->pending)
		why = _("--arn and --pending: give one of them");
	else if (aws && (names || records || certificate))
		why = _("with --arn or --pending the names and records come from ACM: give no names, --record or --certificate");
	else if (!aws && !certificate && (o->region_arg || o->profile || o->no_route53))
		why = _("--region, --profile and --no-route53 are for reading from AWS: add --arn ARN or --pending");
	else if (!aws && !certificate && o->wait_ms)
		why = _("--wait polls ACM until the certificate is issued: add --arn ARN or --pending");
	else if (o->interval_ms != INTERVAL_DEFAULT_MS && !o->wait_ms)
		why = _("--wait-interval goes with --wait DURATION");
	else if (o->n_arns && o->region_arg && !strcmp(o->region_arg, "all"))
		why = _("--region all walks the regions for --pending; an ARN names its own region");
	if (why) {
		fprintf(stderr, "acm-doctor: %s\n", why);
		return -1;
	}
	return 0;
}

const char *
cli_aws_usage(void)
{
	return _("\n"
		 "From AWS, with the credentials the AWS CLI would use:\n"
		 "  --arn ARN          read the certificate from ACM (repeat, or a comma list)\n"
		 "  --pending          every certificate that needs attention: pending,\n"
		 "                     failed, timed out, or expiring within 30 days\n"
		 "  --region R         the region(s) for --pending: eu-west-1, a comma list,\n"
		 "                     or all (default: AWS_REGION, AWS_DEFAULT_REGION, the\n"
		 "                     profile's)\n"
		 "  --profile P        the profile of ~/.aws/config to use\n"
		 "  --no-route53       do not look for the names' hosted zones in Route 53\n"
		 "  --wait DURATION    poll ACM and the DNS until issued or DURATION is up\n"
		 "                     (90s, 15m, 1h); progress on standard error\n"
		 "  --wait-interval D  time between polls (default 30s)\n"
		 "  --fail-on LEVEL    exit 1 on findings from LEVEL up: error (default)\n"
		 "                     or warning\n");
}
