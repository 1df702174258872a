/* The engine's API Gateway call (aws_apigw_get_domain), driven by
 * tests/e2e/aws-check.test against the lab's AWS endpoint:
 *   run_aws_client apigw REGION NAME
 * prints the typed result as key=value lines, or error=KIND code=CODE. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "aws/aws_apigw.h"
#include "aws/aws_client.h"
#include "core/loop.h"

static void
show(const char *key, const char *v)
{
	printf("%s=%s\n", key, v ? v : "-");
}

static void
on_domain(void *ctx, const struct aws_apigw_domain *d, const struct aws_error *err)
{
	int *status = ctx;
	if (err) {
		printf("error=%s\ncode=%s\naction=%s\n", aws_err_name(err->kind), err->code, err->action);
		*status = 1;
		return;
	}
	show("domain", d->domain_name);
	show("api", d->v2 ? "v2" : "rest");
	show("endpoint", aws_apigw_endpoint_name(d->endpoint));
	show("target", d->target);
	show("zone", d->hosted_zone_id);
	show("certificate", d->certificate_arn);
	show("status", d->status);
	*status = 0;
}

int
main(int argc, char **argv)
{
	if (argc != 4 || strcmp(argv[1], "apigw")) {
		fprintf(stderr, "usage: run_aws_client apigw REGION NAME\n");
		return 2;
	}
	char err[300];
	struct loop *loop = loop_new();
	struct aws_client_opts o = { .region = argv[2] };
	struct aws_client *c = aws_client_new(loop, &o, err, sizeof err);
	if (!c) {
		fprintf(stderr, "%s\n", err);
		loop_free(loop);
		return 2;
	}
	int status = 2;
	aws_apigw_get_domain(c, argv[2], argv[3], on_domain, &status);
	loop_run(loop);
	struct aws_stats st;
	aws_client_stats(c, &st);
	printf("requests=%d\n", st.requests);
	aws_client_free(c);
	loop_free(loop);
	return status;
}
