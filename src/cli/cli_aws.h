/* `check` straight from AWS: the options (--arn, --pending, --region,
 * --profile, --fail-on, --wait, --wait-interval, --no-route53), refused
 * when malformed before anything runs, and the runs they start
 * (cli_aws_run.c): certificates read from ACM, their hosted zones from
 * Route 53, every certificate diagnosed, the CI gate's exit status. Kept
 * apart from cli_check.c's own options so that each grows on its own. */
#ifndef ACMD_CLI_AWS_H
#define ACMD_CLI_AWS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acm/acm_list.h"
#include "checks/finding.h"

#define CLI_AWS_MAX_ARNS 100

enum {
	CLI_OPT_AWS_FIRST = 0x4100,
	CLI_OPT_ARN = CLI_OPT_AWS_FIRST, CLI_OPT_PENDING, CLI_OPT_REGION, CLI_OPT_PROFILE,
	CLI_OPT_FAIL_ON, CLI_OPT_WAIT, CLI_OPT_WAIT_INTERVAL, CLI_OPT_NO_ROUTE53,
	CLI_OPT_AWS_END,
};

/* The getopt_long entries, for check's table. */
#define CLI_AWS_LONGOPTS \
	{ "arn", required_argument, NULL, CLI_OPT_ARN }, \
	{ "pending", no_argument, NULL, CLI_OPT_PENDING }, \
	{ "region", required_argument, NULL, CLI_OPT_REGION }, \
	{ "profile", required_argument, NULL, CLI_OPT_PROFILE }, \
	{ "fail-on", required_argument, NULL, CLI_OPT_FAIL_ON }, \
	{ "wait", required_argument, NULL, CLI_OPT_WAIT }, \
	{ "wait-interval", required_argument, NULL, CLI_OPT_WAIT_INTERVAL }, \
	{ "no-route53", no_argument, NULL, CLI_OPT_NO_ROUTE53 },

struct cli_aws_opts {
	char **arns;                /* --arn, as given (validated) */
	size_t n_arns;
	bool pending;
	char **regions;             /* --region: the list, or every ACM region for "all" */
	size_t n_regions;
	char *region_arg;           /* as given: "all", "eu-west-1,us-east-1" */
	const char *profile;
	enum severity fail_on;      /* SEV_ERROR, or SEV_WARNING with --fail-on warning */
	int64_t wait_ms;            /* 0: do not wait */
	int64_t interval_ms;
	bool no_route53;
	bool list_input;            /* --certificate gave list-certificates output */
};

/* The common options of `check` an AWS run uses too. */
struct cli_common {
	bool json;
	const char *only;
	const char *resolver;
	const char *provider;       /* NULL, an id, or "all" */
	const char *ca;             /* canonical issuer, or NULL */
	int timeout_ms;
	char *const *edited_ns;
	size_t n_edited_ns;
	/* The email check's options (cli_email.c). */
	const char *rdap_bootstrap;
	const char *https_ca_file;
	int smtp_timeout_ms;
};

void cli_aws_init(struct cli_aws_opts *o);
/* An option of check's table: 0 taken, -1 refused (said why on stderr),
 * 1 not one of ours. */
int cli_aws_option(struct cli_aws_opts *o, int c, const char *arg);
/* After all options: are they consistent with the rest of the command
 * line? -1 after saying why. */
int cli_aws_validate(const struct cli_aws_opts *o, bool names, bool records, bool certificate);
/* Does the run read from AWS? */
bool cli_aws_wanted(const struct cli_aws_opts *o);
void cli_aws_free(struct cli_aws_opts *o);
/* The options' lines of check --help. */
const char *cli_aws_usage(void);

/* Run it; list: list-certificates output given with --certificate, or
 * NULL. Returns the exit status. */
int cli_aws_run(const struct cli_aws_opts *o, const struct cli_common *cm, struct acm_list *list);

#endif
