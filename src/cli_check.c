#include "config.h"

#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caa_check.h"
#include "caa_eval.h"
#include "cli.h"
#include "dns_client.h"
#include "i18n.h"
#include "names.h"
#include "provider.h"
#include "report.h"
#include "sanitize.h"
#include "strbuf.h"
#include "xalloc.h"

#define DEFAULT_TIMEOUT_MS 2000
#define MAX_NAMES 100

struct check_args {
	bool json;
	const char *only;
	const char *resolver;
	const char *provider;
	const char *ca;
	char *ca_canon;
	int timeout_ms;
	char **names;
	size_t n_names;
};

static void
usage(FILE *out)
{
	fputs(_("Usage: acm-doctor check [--json] [--only caa] [--resolver ADDR[:PORT]]\n"
		"                        [--provider P] [--ca NAME] [--timeout MS] NAME...\n"
		"\n"
		"Checks, from live DNS, whether each NAME can get an ACM certificate and\n"
		"prints the exact records to change at your DNS provider.\n"
		"\n"
		"  --json             one JSON object (schema 1) instead of text\n"
		"  --only CHECK       run only this check: caa\n"
		"  --resolver ADDR[:PORT]  recursive resolver to ask (default: resolv.conf)\n"
		"  --provider P       render fixes for P: cloudflare, godaddy, route53,\n"
		"                     zonefile, azure, digitalocean, gandi, gcloud,\n"
		"                     hetzner, namecheap, ovh, porkbun, or all\n"
		"                     (default: detected from the zone's name servers)\n"
		"  --ca NAME          evaluate CAA for this CA identity instead of Amazon's\n"
		"  --timeout MS       per-try DNS timeout, two tries (default 2000)\n"
		"\n"
		"Exit status: 0 nothing blocks issuance, 1 a finding blocks it,\n"
		"2 usage error or the probes could not run.\n"), out);
}

static int
parse_args(int argc, char **argv, struct check_args *a)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "only", required_argument, NULL, 'o' },
		{ "resolver", required_argument, NULL, 'r' },
		{ "provider", required_argument, NULL, 'p' },
		{ "ca", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	memset(a, 0, sizeof *a);
	a->timeout_ms = DEFAULT_TIMEOUT_MS;
	optind = 1;
	while ((c = getopt_long(argc, argv, "jo:r:p:c:t:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': a->json = true; break;
		case 'o': a->only = optarg; break;
		case 'r': a->resolver = optarg; break;
		case 'p': a->provider = optarg; break;
		case 'c': a->ca = optarg; break;
		case 't': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 10 || v > 60000) {
				fprintf(stderr, _("acm-doctor: --timeout wants milliseconds between 10 and 60000\n"));
				return -1;
			}
			a->timeout_ms = (int)v;
			break;
		}
		case 'h': usage(stdout); exit(EXIT_OK);
		default: usage(stderr); return -1;
		}
	}
	if (a->only && strcmp(a->only, "caa")) {
		char *shown = san_str(a->only, 100, SAN_ASCII);
		fprintf(stderr, _("acm-doctor: unknown check \"%s\" (known: caa)\n"), shown);
		free(shown);
		return -1;
	}
	if (a->provider && strcmp(a->provider, "all") && !provider_get(a->provider)) {
		char *shown = san_str(a->provider, 100, SAN_ASCII);
		fprintf(stderr, _("acm-doctor: unknown provider \"%s\"\n"), shown);
		free(shown);
		return -1;
	}
	if (optind >= argc) {
		fprintf(stderr, _("acm-doctor: name the domain(s) to check\n"));
		usage(stderr);
		return -1;
	}
	if (argc - optind > MAX_NAMES) {
		fprintf(stderr, _("acm-doctor: at most %d names at once\n"), MAX_NAMES);
		return -1;
	}
	a->names = xcalloc((size_t)(argc - optind), sizeof *a->names);
	for (int i = optind; i < argc; i++) {
		char why[256];
		char *n = name_from_user(argv[i], why, sizeof why);
		if (!n) {
			char *shown = san_str(argv[i], 200, SAN_ASCII);
			fprintf(stderr, _("acm-doctor: \"%s\": %s\n"), shown, why);
			free(shown);
			return -1;
		}
		bool dup = false;
		for (size_t k = 0; k < a->n_names; k++)
			dup |= !strcmp(a->names[k], n);
		if (dup)
			free(n);
		else
			a->names[a->n_names++] = n;
	}
	if (a->ca) {
		/* The issuer as it must appear in CAA: A-labels, no trailing dot,
		 * and a valid issuer-domain-name of RFC 8659. */
		char why[256], *issuer = NULL;
		bool params = true;
		char *n = name_from_user(a->ca, why, sizeof why);
		if (n && n[0] != '*') {
			n[strlen(n) - 1] = '\0';
			if (!caa_parse_issue_value((const uint8_t *)n, strlen(n), &issuer, &params) ||
			    !*issuer || params) {
				free(issuer);
				issuer = NULL;
			}
		}
		free(n);
		if (!issuer) {
			fprintf(stderr, "%s\n", _("acm-doctor: --ca wants a CA's issuer domain name, such as amazon.com"));
			return -1;
		}
		a->ca_canon = issuer;
	}
	return 0;
}

static void
free_args(struct check_args *a)
{
	for (size_t i = 0; i < a->n_names; i++)
		free(a->names[i]);
	free(a->names);
	free(a->ca_canon);
}

static void
on_report(void *ctx, struct caa_report *rep)
{
	*(struct caa_report **)ctx = rep;
}

static bool
want_color(void)
{
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	if (nc && *nc)
		return false;
	if (!term || !strcmp(term, "dumb"))
		return false;
	return isatty(STDOUT_FILENO);
}

static int
exit_code(const struct caa_report *rep)
{
	for (size_t i = 0; i < rep->n_targets; i++) {
		if (rep->targets[i].verdict != CAA_V_PERMIT)
			return EXIT_BLOCKED;
		for (size_t k = 0; k < rep->targets[i].n_findings; k++)
			if (rep->targets[i].findings[k].severity == SEV_ERROR)
				return EXIT_BLOCKED;
	}
	return EXIT_OK;
}

int
cli_check(int argc, char **argv)
{
	struct check_args a;
	if (parse_args(argc, argv, &a) < 0) {
		free_args(&a);
		return EXIT_USAGE;
	}
	/* JSON is a machine contract: its messages stay in English whatever
	 * the locale, so consumers see one text per code. */
	if (a.json)
		setlocale(LC_MESSAGES, "C");
	char err[256];
	struct loop *loop = loop_new();
	struct dns_client_opts dopts = { .servers = a.resolver, .recurse = true,
					 .timeout_ms = a.timeout_ms, .tries = 2 };
	struct dns_client *dns = dns_client_new(loop, &dopts, err, sizeof err);
	if (!dns) {
		fprintf(stderr, "acm-doctor: %s\n", err);
		loop_free(loop);
		free_args(&a);
		return EXIT_USAGE;
	}
	struct caa_report *rep = NULL;
	struct caa_check_opts copts = { .names = (const char *const *)a.names, .n_names = a.n_names,
					.ca = a.ca_canon, .provider = (a.provider && strcmp(a.provider, "all")) ? a.provider : NULL };
	struct caa_check *chk = caa_check_start(loop, dns, &copts, on_report, &rep, err, sizeof err);
	if (!chk) {
		fprintf(stderr, "acm-doctor: %s\n", err);
		dns_client_free(dns);
		loop_free(loop);
		free_args(&a);
		return EXIT_USAGE;
	}
	loop_run(loop);
	int code = EXIT_USAGE;
	if (!rep || !rep->answered) {
		struct strbuf why;
		sb_init(&why);
		if (!rep)
			sb_add(&why, _("the check did not finish"));
		else
			sb_addf(&why, _("the resolver %s did not answer any query; check --resolver or your network"),
				rep->resolver);
		fprintf(stderr, "acm-doctor: %s\n", why.buf);
		if (a.json)
			report_json_error(stdout, why.buf);
		sb_free(&why);
	} else {
		struct report_opts ro = { .color = want_color(), .provider = a.provider,
					  .utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8") };
		if (a.json) {
			char *js = report_json(rep, &ro);
			puts(js);
			free(js);
		} else {
			report_text(stdout, rep, &ro);
		}
		code = exit_code(rep);
	}
	caa_report_free(rep);
	dns_client_free(dns);
	loop_free(loop);
	free_args(&a);
	return code;
}
