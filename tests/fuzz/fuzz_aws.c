/* libFuzzer harness for what the AWS layer parses from outside: the XML of
 * Route 53 and STS, the shared config files, and the JSON answers (API
 * Gateway's domain names, credentials, AWS errors, list-certificates
 * output and the parts of describe-certificate output). The first byte
 * picks the parser. Built with clang on request:
 *   make fuzz-aws
 *   ./tests/fuzz/fuzz_aws -max_total_time=300 tests/fuzz/corpus/aws
 * and its corpus replays in make check (tests/fuzz/replay.c, built with
 * the project's compiler and sanitizers). Any crash, sanitizer report or
 * abort() is a bug. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acm/acm_cert.h"
#include "acm/acm_list.h"
#include "aws/aws_apigw.h"
#include "aws/aws_error.h"
#include "aws/aws_ini.h"
#include "aws/aws_int.h"
#include "aws/aws_xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Text we keep must be printable: sanitised on the way in. */
static void
require_clean(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 && *s != '\t')
			abort();
}

static void
walk(const struct aws_xml_node *n, int depth)
{
	if (depth > AWS_XML_MAX_DEPTH + 1)
		abort();
	for (; n; n = n->next) {
		if (strlen(n->text) != n->text_len)
			abort();            /* no NUL inside text */
		walk(n->child, depth + 1);
	}
}

static void
fuzz_xml(const char *s, size_t n)
{
	char err[128];
	struct aws_xml_node *root = aws_xml_parse(s, n, err, sizeof err);
	walk(root, 1);
	(void)aws_xml_text(root, "HostedZones/HostedZone/Name");
	aws_xml_free(root);
}

static void
fuzz_ini(const char *s, size_t n)
{
	size_t skipped;
	struct aws_ini *ini = aws_ini_parse(s, n, &skipped);
	(void)aws_ini_get(ini, "default", "region");
	(void)aws_ini_get(ini, "services lab", "acm.endpoint_url");
	aws_ini_free(ini);
}

static void
fuzz_json(const char *s, size_t n)
{
	struct aws_apigw_domain d;
	char err[300];
	if (aws_apigw_parse(s, n, &d, err, sizeof err)) {
		require_clean(d.domain_name);
		require_clean(d.target);
		aws_apigw_domain_clear(&d);
	}
	struct aws_creds *c = aws_creds_new(AWS_SRC_CONTAINER);
	struct aws_error e;
	memset(&e, 0, sizeof e);
	(void)aws_creds_from_json(s, n, "Token", c, &e);
	aws_creds_free(c);
	memset(&e, 0, sizeof e);
	aws_error_from_http(&e, "acm:DescribeCertificate", 400, NULL, s, n);
	require_clean(e.message);
	require_clean(e.code);
	struct acm_list l;
	if (acm_list_parse(s, n, &l, err, sizeof err))
		acm_list_free(&l);
	struct acm_cert cert;
	if (acm_cert_parse(s, n, &cert, err, sizeof err))
		acm_cert_free(&cert);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *s = (const char *)data + 1;
	size_t n = size - 1;
	switch (data[0] % 3) {
	case 0: fuzz_xml(s, n); break;
	case 1: fuzz_ini(s, n); break;
	default: fuzz_json(s, n); break;
	}
	return 0;
}
