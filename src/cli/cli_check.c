#include "config.h"

#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "checks/apigw/apigw_check.h"
#include "checks/caa/caa_eval.h"
#include "acm/acm_cert.h"
#include "acm/acm_input.h"
#include "acm/acm_list.h"
#include "checks/cname/cname_check.h"
#include "checks/diagnosis.h"
#include "checks/email/email_check.h"
#include "checks/fleet.h"
#include "cli/cli.h"
#include "cli/cli_int.h"
#include "net/addrs.h"
#include "cli/cli_aws.h"
#include "net/dns_client.h"
#include "core/i18n.h"
#include "net/names.h"
#include "net/dns_wire.h"
#include "fix/provider.h"
#include "report/report.h"
#include "core/sanitize.h"
#include "core/strv.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

static void
usage(FILE *out)
{
	fputs(_("Usage: acm-doctor check [--json] [--only caa|cname|email|apigw] [--resolver ADDR[:PORT]]\n"
		"                        [--provider P] [--ca NAME] [--timeout MS]\n"
		"                        [--certificate FILE] [--record NAME=VALUE]...\n"
		"                        [--edited-ns NS]... [NAME]...\n"
		"\n"
		"Checks, from live DNS, whether each NAME can get an ACM certificate and\n"
		"prints the exact records to change at your DNS provider.\n"
		"\n"
		"  --json             one JSON object (schema 1) instead of text\n"
		"  --only CHECK       run only this check: caa, cname, email or apigw\n"
		"  --certificate FILE the output of 'aws acm describe-certificate' (- for\n"
		"                     standard input): its names, status and validation\n"
		"                     records decide what is checked\n"
		"  --record NAME=VALUE  a validation CNAME as the ACM console shows it\n"
		"  --edited-ns NS     a name server of the zone you edited (address or\n"
		"                     name; repeat for each), to find a wrong hosted zone\n"
		"  --resolver ADDR[:PORT]  recursive resolver to ask (default: resolv.conf);\n"
		"                     it is tested first: one that refuses, does not answer\n"
		"                     or does not recurse ends the run (RESOLVER_FAILED)\n"
		"  --provider P       render fixes for P: cloudflare, godaddy, route53,\n"
		"                     zonefile, azure, digitalocean, gandi, gcloud,\n"
		"                     hetzner, namecheap, ovh, porkbun, or all\n"
		"                     (default: detected from the zone's name servers)\n"
		"  --ca NAME          evaluate CAA for this CA identity instead of Amazon's\n"
		"  --timeout MS       give up on a DNS query after MS milliseconds, its one\n"
		"                     retry included (default 5000); a resolver that does\n"
		"                     not answer at all ends the run after MS\n"
		"\n"
		"Email validation (the email check; also for names a certificate\n"
		"validates by email):\n"
		"  --email            the names are validated by email: check where ACM's\n"
		"                     mail goes (MX, SMTP on port 25, registration)\n"
		"  --validation-domain NAME  the ValidationDomain of the request\n"
		"  --rdap-bootstrap FILE  IANA's RDAP bootstrap file (dns.json) to use\n"
		"                     instead of the one built in\n"
		"  --https-ca-file FILE   CA certificates for RDAP over HTTPS (default:\n"
		"                     CURL_CA_BUNDLE, SSL_CERT_FILE, else the system's)\n"
		"  --smtp-timeout MS  one SMTP conversation (default 10000)\n"
		"\n"
		"Exit status: 0 nothing blocks issuance, 1 a finding blocks it,\n"
		"2 usage error or the probes could not run.\n"), out);
	fputs(_("\n"
		"A list (a fleet scan), instead of NAMEs or --certificate:\n"
		"  --names-from FILE  names from FILE (- for standard input), one line\n"
		"                     each (several on a line, separated by commas or\n"
		"                     blanks, are checked together); # starts a comment\n"
		"  --certificates-from FILE  describe-certificate files, one path a line\n"
		"  --parallel N       at most N DNS queries out at once (default 128)\n"
		"Results come as each entry finishes: a line per name, or with --json one\n"
		"JSON object per line (NDJSON), then a summary object. Exit status 2 when\n"
		"an entry could not be checked, else 1 when any is blocked, else 0.\n"), out);
	fputs(cli_aws_usage(), out);
	fputs(_("\n"
		"API Gateway custom domains (--only apigw, or a URL, or --domain-json):\n"
		"  NAME or URL        https://api.example.com/prod/pets: DNS, TLS with the name\n"
		"                     as SNI at every address, one HTTPS request for its path\n"
		"  --domain-json FILE the output of 'aws apigateway get-domain-name' or\n"
		"                     'aws apigatewayv2 get-domain-name' (- for standard input)\n"
		"  --ca-file FILE     trust these PEM certificates instead of the system store\n"), out);
}

/* --record NAME=VALUE (also "NAME VALUE" or "NAME CNAME VALUE", as copied
 * from the console's table). */
static int
add_record(struct check_args *a, const char *arg)
{
	char *copy = xstrdup(arg), *value = NULL;
	char *eq = strchr(copy, '=');
	if (eq) {
		*eq = '\0';
		value = eq + 1;
	} else {
		char *sp = strpbrk(copy, " \t");
		if (sp) {
			*sp = '\0';
			value = sp + 1 + strspn(sp + 1, " \t");
			if (!strncasecmp(value, "CNAME", 5) && (value[5] == ' ' || value[5] == '\t'))
				value += 5 + strspn(value + 5, " \t");
		}
	}
	char why[256];
	char *name = value ? name_from_user(copy, why, sizeof why) : NULL;
	char *val = name ? name_from_user(value, why, sizeof why) : NULL;
	if (a->n_records >= CLI_MAX_RECORDS) {
		char msg[128];
		snprintf(msg, sizeof msg, _("at most %d --record options"), CLI_MAX_RECORDS);
		opt_refuse("--record", arg, msg);
		free(name);
		free(val);
		free(copy);
		return -1;
	}
	if (!val || name[0] == '*' || val[0] == '*') {
		opt_refuse("--record", arg, _("want NAME=VALUE, two domain names as ACM shows them"));
		free(name);
		free(val);
		free(copy);
		return -1;
	}
	a->record_names = xrealloc(a->record_names, (a->n_records + 1) * sizeof *a->record_names);
	a->record_values = xrealloc(a->record_values, (a->n_records + 1) * sizeof *a->record_values);
	a->record_names[a->n_records] = name;
	a->record_values[a->n_records++] = val;
	free(copy);
	return 0;
}

/* getopt's own messages would print the argument raw: ours escape it. */
static void
bad_option(int c, char **argv)
{
	const char *arg = argv[optind - 1];
	char *shown = san_str(arg, 200, SAN_ASCII);
	if (c == ':')
		fprintf(stderr, _("acm-doctor: %s needs a value\n"), shown);
	else
		fprintf(stderr, _("acm-doctor: unknown option \"%s\"\n"), shown);
	free(shown);
}

static int
set_resolver(struct check_args *a, const char *arg)
{
	char why[256];
	free(a->resolver);
	a->resolver = resolver_from_user(arg, why, sizeof why);
	if (!a->resolver)
		opt_refuse("--resolver", arg, why);
	return a->resolver ? 0 : -1;
}

static int
add_edited_ns(struct check_args *a, const char *arg)
{
	char why[256];
	if (ns_list_from_user(arg, &a->edited_ns, &a->n_edited_ns, CLI_MAX_EDITED_NS, why, sizeof why))
		return 0;
	opt_refuse("--edited-ns", arg, why);
	return -1;
}

/* --parallel N: queries out at once in a fleet scan. */
static int
parallel_from_arg(const char *arg)
{
	char *end;
	long v = strtol(arg, &end, 10);
	if (*arg && !*end && v >= 1 && v <= FLEET_MAX_PARALLEL)
		return (int)v;
	char *shown = san_str(arg, 100, SAN_ASCII);
	fprintf(stderr, _("acm-doctor: --parallel \"%s\": want a number of queries from 1 to %d\n"),
		shown, FLEET_MAX_PARALLEL);
	free(shown);
	return -1;
}

/* A list takes the place of the names, the records and the certificate. */
static bool
fleet_args_ok(int argc, const struct check_args *a)
{
	const char *msg = NULL;
	if (a->names_from && a->certs_from)
		msg = _("acm-doctor: --names-from and --certificates-from: one list at a time");
	else if (!a->names_from && !a->certs_from)
		msg = _("acm-doctor: --parallel goes with --names-from or --certificates-from");
	else if (optind < argc || a->certificate || a->n_records || a->n_edited_ns)
		msg = _("acm-doctor: with a list, the names come from the list: no NAME, --certificate, --record or --edited-ns");
	else if (a->names_from && a->only && !strcmp(a->only, "cname"))
		msg = _("acm-doctor: --only cname needs validation records: use --certificates-from");
	else if (a->certs_from && a->email)
		msg = _("acm-doctor: with --certificates-from, each certificate says which names are validated by email: no --email or --validation-domain");
	else if (a->validation_domain)
		msg = _("acm-doctor: --validation-domain is one request's: with --names-from, each name's email check uses the name's own domain");
	else if (a->domain_json || (a->only && !strcmp(a->only, "apigw")))
		msg = _("acm-doctor: the API Gateway check takes one custom domain at a time: not with a list");
	if (msg)
		fprintf(stderr, "%s\n", msg);
	return !msg;
}

/* A name, or a URL whose path the API Gateway check requests. */
static char *
name_or_url(const char *arg, char **path)
{
	*path = NULL;
	if (!strstr(arg, "://") && !strchr(arg, '/'))
		return name_from_arg(arg);
	char why[256];
	char *name = apigw_parse_url(arg, path, why, sizeof why);
	if (!name) {
		char *shown = san_str(arg, 200, SAN_ASCII);
		fprintf(stderr, _("acm-doctor: \"%s\": %s\n"), shown, why);
		free(shown);
	}
	return name;
}

/* --domain-json: read it, and make sure it is about the name checked
 * (or give the name when none is). */
static int
load_domain(struct check_args *a)
{
	char err[600];
	if (!apigw_domain_load(a->domain_json, &a->domain, err, sizeof err)) {
		opt_refuse("--domain-json", a->domain_json, err);
		return -1;
	}
	a->have_domain = true;
	const char *dn = a->domain.name;
	if (a->n_names > 1) {
		fprintf(stderr, "%s\n", _("acm-doctor: --domain-json describes one custom domain: give only its name"));
		return -1;
	}
	if (!a->n_names) {
		if (dn[0] == '*') {
			fprintf(stderr, _("acm-doctor: --domain-json is about the wildcard %s: give the name to check under it\n"), dn);
			return -1;
		}
		a->names[a->n_names++] = xstrdup(dn);
		return 0;
	}
	bool covers = !strcmp(dn, a->names[0]) ||
		      (dn[0] == '*' && !strcmp(dn + 2, dns_name_parent(a->names[0])));
	if (!covers) {
		fprintf(stderr, _("acm-doctor: --domain-json is about %s, not %s\n"), dn, a->names[0]);
		return -1;
	}
	return 0;
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
		{ "certificate", required_argument, NULL, 'C' },
		{ "record", required_argument, NULL, 'R' },
		{ "edited-ns", required_argument, NULL, 'E' },
		CLI_AWS_LONGOPTS
		/* API Gateway custom domains */
		{ "domain-json", required_argument, NULL, 'D' },
		{ "ca-file", required_argument, NULL, 'F' },
		/* email validation */
		{ "email", no_argument, NULL, 'M' },
		{ "validation-domain", required_argument, NULL, 'V' },
		{ "rdap-bootstrap", required_argument, NULL, 'B' },
		{ "https-ca-file", required_argument, NULL, 'A' },
		{ "smtp-timeout", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		/* A fleet scan. */
		{ "names-from", required_argument, NULL, 'N' },
		{ "certificates-from", required_argument, NULL, 'L' },
		{ "parallel", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	memset(a, 0, sizeof *a);
	a->timeout_ms = CLI_DEFAULT_TIMEOUT_MS;
	cli_aws_init(&a->aws);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jo:r:p:c:t:hC:R:E:D:F:MV:B:A:S:N:L:P:", longopts, NULL)) != -1) {
		int aws = cli_aws_option(&a->aws, c, optarg);
		if (aws < 0)
			return -1;
		if (aws == 0)
			continue;
		switch (c) {
		case 'D': a->domain_json = optarg; break;
		case 'F':
			if (!opt_ca_file("--ca-file", optarg))
				return -1;
			a->ca_file = optarg;
			break;
		case 'C': a->certificate = optarg; break;
		case 'R':
			if (add_record(a, optarg) < 0)
				return -1;
			break;
		case 'E':
			if (add_edited_ns(a, optarg) < 0)
				return -1;
			break;
		case 'j': a->json = true; break;
		case 'o': a->only = optarg; break;
		case 'r':
			if (set_resolver(a, optarg) < 0)
				return -1;
			break;
		case 'p': a->provider = optarg; break;
		case 'c': a->ca = optarg; break;
		case 't':
			if ((a->timeout_ms = timeout_from_arg(optarg)) < 0)
				return -1;
			break;
		case 'M': case 'V': case 'B': case 'A': case 'S':
			if (cli_email_option(a, c, optarg) < 0)
				return -1;
			break;
		case 'N': a->names_from = optarg; break;
		case 'L': a->certs_from = optarg; break;
		case 'P':
			if ((a->parallel = parallel_from_arg(optarg)) < 0)
				return -1;
			break;
		case 'h': usage(stdout); exit(EXIT_OK);
		case '?':
		case ':':
			bad_option(c, argv);
			return -1;
		default: usage(stderr); return -1;
		}
	}
	if (a->only && !check_by_name(a->only)) {
		char msg[200];
		snprintf(msg, sizeof msg, _("unknown check (known: %s)"), check_names());
		opt_refuse("--only", a->only, msg);
		return -1;
	}
	if (a->provider && strcmp(a->provider, "all") && !provider_get(a->provider)) {
		opt_refuse("--provider", a->provider, _("unknown provider (cloudflare, godaddy, route53, zonefile, azure, digitalocean, gandi, gcloud, hetzner, namecheap, ovh, porkbun, or all)"));
		return -1;
	}
	if ((a->names_from || a->certs_from || a->parallel) && !fleet_args_ok(argc, a))
		return -1;
	/* A list counts as names: --arn or --pending do not go with it. */
	if (cli_aws_validate(&a->aws, optind < argc || a->names_from || a->certs_from, a->n_records > 0,
			     a->certificate != NULL) < 0)
		return -1;
	if ((a->domain_json || (a->only && !strcmp(a->only, "apigw"))) && cli_aws_wanted(&a->aws)) {
		fprintf(stderr, "%s\n", _("acm-doctor: the API Gateway check (--only apigw, --domain-json) takes a custom domain's name, not certificates read from AWS"));
		return -1;
	}
	if (optind >= argc && !a->certificate && !a->n_records && !a->names_from && !a->certs_from &&
	    !a->domain_json && !cli_aws_wanted(&a->aws)) {
		fprintf(stderr, _("acm-doctor: name the domain(s) to check\n"));
		usage(stderr);
		return -1;
	}
	if (a->domain_json && a->only && strcmp(a->only, "apigw")) {
		fprintf(stderr, "%s\n", _("acm-doctor: --domain-json is for the API Gateway check (--only apigw)"));
		return -1;
	}
	if (a->certificate && (optind < argc || a->n_records || a->domain_json)) {
		fprintf(stderr, "%s\n", _("acm-doctor: with --certificate, the names and records come from the certificate"));
		return -1;
	}
	if (a->email && (a->certificate || (a->only && strcmp(a->only, "email")))) {
		fprintf(stderr, "%s\n", a->certificate
			? _("acm-doctor: with --certificate, the certificate says which names are validated by email")
			: _("acm-doctor: --email and --validation-domain need the email check, not --only of another"));
		return -1;
	}
	if (argc - optind > CLI_MAX_NAMES) {
		fprintf(stderr, _("acm-doctor: at most %d names at once\n"), CLI_MAX_NAMES);
		return -1;
	}
	a->names = xcalloc((size_t)(argc - optind) + 1, sizeof *a->names);
	a->paths = xcalloc((size_t)(argc - optind) + 1, sizeof *a->paths);
	for (int i = optind; i < argc; i++) {
		char *path = NULL;
		char *n = name_or_url(argv[i], &path);
		if (!n)
			return -1;
		bool dup = false;
		for (size_t k = 0; k < a->n_names; k++)
			dup |= !strcmp(a->names[k], n);
		if (dup) {
			free(n);
			free(path);
			continue;
		}
		a->any_url |= path != NULL;
		a->paths[a->n_names] = path;
		a->names[a->n_names++] = n;
	}
	if (a->domain_json && load_domain(a) < 0)
		return -1;
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
			opt_refuse("--ca", a->ca, _("want a CA's issuer domain name, such as amazon.com"));
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
	free(a->resolver);
	free(a->ca_canon);
	free(a->validation_domain);
	for (size_t i = 0; i < a->n_records; i++) {
		free(a->record_names[i]);
		free(a->record_values[i]);
	}
	free(a->record_names);
	free(a->record_values);
	strv_free(a->edited_ns, a->n_edited_ns);
	cli_aws_free(&a->aws);
	for (size_t i = 0; a->paths && i < a->n_names; i++)
		free(a->paths[i]);
	free(a->paths);
	if (a->have_domain)
		apigw_domain_free(&a->domain);
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

/* The work of one run (cli_int.h): from names or from a certificate, and
 * what the checks get of it; a fleet scan builds one per list entry. */

void
work_free(struct work *w)
{
	if (w->have_cert) {
		acm_route_free(&w->route);
		acm_cert_free(&w->cert);
	}
	acm_input_free(&w->in);
	acm_list_free(&w->list);
	free(w->apigw);
	free(w->emails);
	memset(w, 0, sizeof *w);
}

bool
work_from_certificate(struct work *w, const char *path, const char *only, bool lists,
		      const struct acm_psl *psl, char *err, size_t errlen)
{
	memset(w, 0, sizeof *w);
	struct strbuf in;
	if (!acm_input_read(path, &in, err, errlen))
		return false;
	bool ok;
	if (lists && acm_list_detect(in.buf, in.len)) {
		/* list-certificates output: each certificate is read from ACM */
		ok = w->have_list = acm_list_parse(in.buf, in.len, &w->list, err, errlen);
	} else {
		ok = w->have_cert = acm_cert_parse(in.buf, in.len, &w->cert, err, errlen);
	}
	sb_free(&in);
	if (ok && !w->have_list &&
	    !acm_route(&w->cert, (int64_t)time(NULL), psl, &w->route, err, errlen)) {
		acm_cert_free(&w->cert);
		w->have_cert = false;
		ok = false;
	}
	if (!ok) {
		/* err names the path, once and escaped, as a read error does */
		char *shown = san_str(path, 200, SAN_ASCII), *why = xstrdup(err);
		snprintf(err, errlen, "%s: %s", shown, why);
		free(shown);
		free(why);
	}
	if (!ok || w->have_list)
		return ok;
	acm_input_from_route(&w->in, &w->cert, &w->route, !only || !strcmp(only, "caa"),
			     !only || !strcmp(only, "cname"));
	if (!only || !strcmp(only, "email"))
		work_emails_from_certificate(w);
	return true;
}

void
work_from_names(struct work *w, char *const *names, size_t n, char *const *rec_names,
		char *const *rec_values, size_t n_records, const struct check_args *a)
{
	memset(w, 0, sizeof *w);
	const char *only = a->only;
	bool want_caa = !only || !strcmp(only, "caa");
	bool want_cname = !only || !strcmp(only, "cname");
	/* --only email says by itself that the names are email-validated. */
	bool want_email = (a->email && !only) || (only && !strcmp(only, "email"));
	for (size_t i = 0; i < n; i++)
		acm_input_add_name(&w->in, names[i], want_caa);
	/* the names the input keeps (names[] may be a list line's, freed
	 * before the entry's check runs) */
	for (size_t i = 0; want_email && i < w->in.n_names; i++)
		work_add_email(w, w->in.names[i], a->validation_domain, NULL, 0);
	/* A typed record validates the name below its first label (and that
	 * name's wildcard, which shares it). */
	for (size_t i = 0; want_cname && i < n_records; i++) {
		char *domain = (char *)dns_name_parent(rec_names[i]);
		acm_input_add_name(&w->in, domain, false);
		acm_input_add_record(&w->in, rec_names[i], rec_values[i], &domain, 1);
	}
}

/* The API Gateway check runs when asked (--only apigw), or when the input
 * is about one: a URL, or --domain-json. The typed names only. */
static void
work_apigw(struct work *w, const struct check_args *a)
{
	bool want = a->only ? !strcmp(a->only, "apigw") : a->have_domain || a->any_url;
	if (!want)
		return;
	w->apigw = xcalloc(a->n_names + 1, sizeof *w->apigw);
	for (size_t i = 0; i < a->n_names; i++) {
		acm_input_add_name(&w->in, a->names[i], false);
		w->apigw[w->n_apigw++] = (struct apigw_target){
			.name = a->names[i], .path = a->paths[i],
			.domain = a->have_domain ? &a->domain : NULL,
		};
	}
}

struct check_input
work_input(const struct work *w, const struct check_args *a)
{
	struct check_input in = {
		.edited_ns = (const char *const *)a->edited_ns, .n_edited_ns = a->n_edited_ns,
		.ca = a->ca_canon,
		.provider = (a->provider && strcmp(a->provider, "all")) ? a->provider : NULL,
		.timeout_ms = a->timeout_ms,
		.apigw = w->apigw, .n_apigw = w->n_apigw, .ca_file = a->ca_file,
	};
	acm_input_checks(&w->in, &in);
	in.email_names = w->emails;
	in.n_email_names = w->n_emails;
	in.cert_arn = w->have_cert ? cli_email_cert_arn(&w->cert) : NULL;
	in.rdap_bootstrap = a->rdap_bootstrap;
	in.https_ca_file = a->https_ca_file;
	in.smtp_timeout_ms = a->smtp_timeout_ms;
	return in;
}

struct run_report
work_report(const struct work *w, const struct diagnosis *d)
{
	return (struct run_report){ .cert = w->have_cert ? &w->cert : NULL,
				    .route = w->have_cert ? &w->route : NULL,
				    .diag = d, .names = w->in.names, .n_names = w->in.n_names };
}

struct report_opts
cli_report_opts(const struct check_args *a)
{
	return (struct report_opts){ .color = want_color(), .provider = a->provider,
				     .utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8") };
}

static int
report_failure(const struct check_args *a, const char *why)
{
	fprintf(stderr, "acm-doctor: %s\n", why);
	if (a->json)
		report_json_error(stdout, why);
	return EXIT_USAGE;
}

static void
on_diagnosis_done(void *ctx)
{
	*(bool *)ctx = true;
}

/* Run the started checks to the end, then print what they found. The
 * run ends when the diagnosis does: a resolver that is not one ends it at
 * once, whatever cancelled queries are still out. */
static int
run_and_report(const struct check_args *a, struct work *w, struct diagnosis *diag,
	       struct loop *loop, const bool *done)
{
	while (!*done && loop_busy(loop))
		loop_run_once(loop, -1);
	if (diagnosis_incomplete(diag) || diagnosis_running(diag))
		return report_failure(a, _("the check did not finish"));
	if (w->have_cert)
		acm_route_probed(&w->route, &w->cert, diag);
	struct report_opts ro = cli_report_opts(a);
	struct run_report run = work_report(w, diag);
	if (a->json) {
		char *js = report_run_json(&run, &ro);
		puts(js);
		free(js);
	} else {
		report_run_text(stdout, &run, &ro);
	}
	switch (report_run_exit_on(&run, a->aws.fail_on)) {
	case 0: return EXIT_OK;
	case 1: return EXIT_BLOCKED;
	default: return EXIT_USAGE;     /* nothing could be judged */
	}
}

/* --arn, --pending, or list-certificates output: the AWS run. */
static int
run_from_aws(const struct check_args *a, struct acm_list *list)
{
	struct cli_common cm = {
		.json = a->json, .only = a->only, .resolver = a->resolver, .provider = a->provider,
		.ca = a->ca_canon, .timeout_ms = a->timeout_ms, .edited_ns = a->edited_ns,
		.n_edited_ns = a->n_edited_ns, .rdap_bootstrap = a->rdap_bootstrap,
		.https_ca_file = a->https_ca_file, .smtp_timeout_ms = a->smtp_timeout_ms,
	};
	return cli_aws_run(&a->aws, &cm, list);
}

int
cli_check(int argc, char **argv)
{
	struct check_args a;
	struct work w;
	memset(&w, 0, sizeof w);
	if (parse_args(argc, argv, &a) < 0) {
		free_args(&a);
		return EXIT_USAGE;
	}
	/* JSON is a machine contract: its messages stay in English whatever
	 * the locale, so consumers see one text per code. */
	if (a.json) {
		setlocale(LC_MESSAGES, "C");
		i18n_locale_changed();
	}
	if (a.names_from || a.certs_from) {
		int code = cli_fleet(&a);
		free_args(&a);
		return code;
	}
	if (a.certificate && !cli_aws_wanted(&a.aws)) {
		char perr[256], err[512];
		struct acm_psl *psl = acm_psl_load(ACM_PSL_DEFAULT_PATH, perr, sizeof perr);
		bool ok = work_from_certificate(&w, a.certificate, a.only, true, psl, err, sizeof err);
		acm_psl_free(psl);
		if (!ok) {
			/* err names the path (once, escaped) and what is wrong with it */
			fprintf(stderr, "acm-doctor: %s\n", err);
			work_free(&w);
			free_args(&a);
			return EXIT_USAGE;
		}
		a.aws.list_input = w.have_list;
	} else if (!cli_aws_wanted(&a.aws)) {
		work_from_names(&w, a.names, a.n_names, a.record_names, a.record_values, a.n_records, &a);
		work_apigw(&w, &a);
	}
	if (!cli_aws_wanted(&a.aws) && (a.aws.wait_ms || a.aws.region_arg || a.aws.profile || a.aws.no_route53)) {
		fprintf(stderr, "%s\n", _("acm-doctor: --wait, --region, --profile and --no-route53 read from AWS: the certificate file is describe-certificate output, not list-certificates output; give --arn ARN instead"));
		work_free(&w);
		free_args(&a);
		return EXIT_USAGE;
	}
	if (cli_aws_wanted(&a.aws)) {
		int code = run_from_aws(&a, w.have_list ? &w.list : NULL);
		work_free(&w);
		free_args(&a);
		return code;
	}
	if (a.only && !strcmp(a.only, "apigw") && !w.n_apigw) {
		fprintf(stderr, "%s\n", _("acm-doctor: --only apigw needs the custom domain: a NAME, a URL or --domain-json"));
		work_free(&w);
		free_args(&a);
		return EXIT_USAGE;
	}
	if (a.only && !strcmp(a.only, "cname") && !w.in.n_records && !w.have_cert) {
		fprintf(stderr, "%s\n", _("acm-doctor: --only cname needs --record NAME=VALUE or --certificate"));
		work_free(&w);
		free_args(&a);
		return EXIT_USAGE;
	}
	char err[256];
	struct loop *loop = loop_new();
	struct dns_client_opts dopts = { .servers = a.resolver, .recurse = true,
					 .timeout_ms = a.timeout_ms, .tries = 2 };
	struct dns_client *dns = dns_client_new(loop, &dopts, err, sizeof err);
	struct check_input in = work_input(&w, &a);
	/* One check: its zones and servers go with its first round. */
	in.eager = true;
	struct diagnosis diag;
	memset(&diag, 0, sizeof diag);
	int code = EXIT_USAGE;
	bool done = false;
	if (!dns)
		fprintf(stderr, "acm-doctor: %s\n", err);
	else if (diagnosis_start(&diag, loop, dns, &in, 0, NULL, NULL, on_diagnosis_done, &done) < 0)
		fprintf(stderr, "acm-doctor: %s\n", diag.error);
	else
		code = run_and_report(&a, &w, &diag, loop, &done);
	/* Cancelled checks free themselves from the loop once their client's
	 * queries are cancelled too. */
	diagnosis_clear(&diag);
	dns_client_free(dns);
	loop_run(loop);
	loop_free(loop);
	work_free(&w);
	free_args(&a);
	return code;
}
