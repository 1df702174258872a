/* `acm-doctor tls`: probe every target in parallel on one event loop and say
 * which certificate each one serves, for which name, and what is wrong with
 * it. Exit 0: every certificate verified and covers the name; 1: a
 * certificate came but has problems; 2: usage error or a probe could not
 * complete (that outranks 1: we cannot vouch for what we did not see). */
#include "config.h"

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <langinfo.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wchar.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/loop.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "net/addrs.h"
#include "net/dns_client.h"
#include "net/names.h"
#include "net/tls_probe.h"
#include "core/xalloc.h"
#include "report/report.h"

#define TLS_CLI_MAX_TIMEOUT_MS 600000
#define TLS_CLI_SHOWN_SANS     8      /* the text view lists this many, then "+N more" */

struct tls_target {
	char *arg;              /* as given, sanitised, for display */
	char *address;          /* NULL: a host name not resolved */
	uint16_t port;
	char *host;             /* a host name given, canonical without its dot; else NULL */
	char *error;            /* why a host name gave no address */
	struct tls_result *res; /* a copy, NULL until the probe answered */
};

struct tls_cli {
	bool json;
	const char *sni;
	char *resolver;         /* for host names, as the DNS client takes it; NULL: resolv.conf */
	const char *ca_file;
	int timeout_ms;
	bool ascii;             /* the terminal is not UTF-8: escape non-ASCII too */
	struct tls_target *targets;
	size_t n_targets;
};

static void
tls_cli_usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: acm-doctor tls [--json] [--sni NAME] [--ca-file FILE] [--timeout MS] ADDRESS[:PORT]...\n"
			     "Connect to each numeric address (IPv6 as [ADDR]:PORT, port 443 by default)\n"
			     "in parallel, show the certificate it serves and check it against NAME.\n"
			     "\n"
			     "  --json          print one JSON object instead of text\n"
			     "  --sni NAME      server name to send (SNI) and to check the certificate against\n"
			     "  --ca-file FILE  trust these PEM certificates instead of the system store\n"
			     "  --timeout MS    give up on a target after MS milliseconds (default 5000)\n"));
	fprintf(out, "%s", _("  HOST[:PORT]     a host name instead of an address: every address it resolves\n"
			     "                  to is probed, with the host as SNI unless --sni says otherwise\n"
			     "  --resolver ADDR[:PORT]  resolver for host names (default: resolv.conf)\n"
			     "\n"
			     "Exit status: 0 all certificates verified and match, 1 a certificate has problems,\n"
			     "2 usage error or a target could not be probed.\n"));
}

/* Complain about the command line: "acm-doctor tls: MSG: ARG". The argument
 * is the user's, but it may have been pasted from anywhere, so it is
 * sanitised too. */
static int
tls_cli_usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "acm-doctor tls: %s", msg);
	if (arg) {
		char *safe = san_str(arg, 200, 0);
		fprintf(stderr, ": '%s'", safe);
		free(safe);
	}
	fputc('\n', stderr);
	fprintf(stderr, "%s", _("Try 'acm-doctor tls --help'.\n"));
	return EXIT_USAGE;
}

/* A dotted quad or an IPv6 address, strictly: inet_aton-style short forms
 * ("1.2.3" = 1.2.0.3) are surprises, not addresses anyone means. */
static bool
tls_cli_numeric_address(const char *s)
{
	unsigned char buf[16];
	return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

static bool
tls_cli_parse_port(const char *s, uint16_t *port)
{
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 5)
		return false;
	unsigned long v = strtoul(s, NULL, 10);
	if (v < 1 || v > 65535)
		return false;
	*port = (uint16_t)v;
	return true;
}

/* ADDRESS[:PORT]: "192.0.2.1", "192.0.2.1:8443", "[2001:db8::1]:8443", or a
 * bare IPv6 address (two or more colons, so no port). */
static bool
tls_cli_parse_target(const char *arg, struct tls_target *t)
{
	const char *colon = strrchr(arg, ':');
	char *addr;
	t->port = 443;
	if (arg[0] == '[') {
		const char *end = strchr(arg, ']');
		if (!end)
			return false;
		if (end[1] == ':' && !tls_cli_parse_port(end + 2, &t->port))
			return false;
		if (end[1] && end[1] != ':')
			return false;
		addr = xstrndup(arg + 1, (size_t)(end - arg - 1));
		if (!strchr(addr, ':')) {
			free(addr);
			return false;
		}
	} else if (colon && colon == strchr(arg, ':')) {
		if (!tls_cli_parse_port(colon + 1, &t->port))
			return false;
		addr = xstrndup(arg, (size_t)(colon - arg));
	} else {
		addr = xstrdup(arg);
	}
	if (tls_cli_numeric_address(addr)) {
		t->address = addr;
		return true;
	}
	/* A host name: resolved later, through the resolver on the loop. */
	char why[200];
	char *canon = arg[0] == '[' ? NULL : name_from_user(addr, why, sizeof why);
	free(addr);
	if (!canon || canon[0] == '*' || !strcmp(canon, ".")) {
		free(canon);
		return false;
	}
	canon[strlen(canon) - 1] = '\0';
	t->host = canon;
	return true;
}

/* --name VALUE or --name=VALUE; advances *i past what it used. */
static const char *
tls_cli_option_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0' || *i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

static bool
tls_cli_is_option(const char *arg, const char *name)
{
	size_t n = strlen(name);
	return !strncmp(arg, name, n) && (arg[n] == '\0' || arg[n] == '=');
}

/* Returns -1 to go on, or an exit code. */
static int
tls_cli_parse(struct tls_cli *c, int argc, char **argv)
{
	bool options = true;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		if (options && !strcmp(a, "--")) {
			options = false;
		} else if (options && (!strcmp(a, "-h") || !strcmp(a, "--help"))) {
			tls_cli_usage(stdout);
			return EXIT_OK;
		} else if (options && !strcmp(a, "--json")) {
			c->json = true;
		} else if (options && tls_cli_is_option(a, "--sni")) {
			if (!(v = tls_cli_option_value(argc, argv, &i, "--sni")) || !*v)
				return tls_cli_usage_error(_("--sni needs a server name"), NULL);
			c->sni = v;
		} else if (options && tls_cli_is_option(a, "--resolver")) {
			if (!(v = tls_cli_option_value(argc, argv, &i, "--resolver")) || !*v)
				return tls_cli_usage_error(_("--resolver needs an address"), NULL);
			/* The forms check takes (addrs.c), refused before any probe. */
			char why[256];
			free(c->resolver);
			if (!(c->resolver = resolver_from_user(v, why, sizeof why)))
				return tls_cli_usage_error(why, v);
		} else if (options && tls_cli_is_option(a, "--ca-file")) {
			if (!(v = tls_cli_option_value(argc, argv, &i, "--ca-file")) || !*v)
				return tls_cli_usage_error(_("--ca-file needs a file name"), NULL);
			if (access(v, R_OK) != 0)
				return tls_cli_usage_error(_("cannot read the CA file"), v);
			c->ca_file = v;
		} else if (options && tls_cli_is_option(a, "--timeout")) {
			v = tls_cli_option_value(argc, argv, &i, "--timeout");
			long ms = v && strspn(v, "0123456789") == strlen(v) && *v && strlen(v) <= 6
				  ? strtol(v, NULL, 10) : -1;
			if (ms < 1 || ms > TLS_CLI_MAX_TIMEOUT_MS)
				return tls_cli_usage_error(_("--timeout needs milliseconds from 1 to 600000"),
							   v ? v : "");
			c->timeout_ms = (int)ms;
		} else if (options && a[0] == '-' && a[1] != '\0') {
			return tls_cli_usage_error(_("unknown option"), a);
		} else {
			struct tls_target t = { 0 };
			if (!tls_cli_parse_target(a, &t))
				return tls_cli_usage_error(_("neither an ADDRESS[:PORT] (IPv6 as [ADDR]:PORT) nor a HOST[:PORT]"), a);
			t.arg = san_str(a, 200, 0);
			c->targets = xrealloc(c->targets, (c->n_targets + 1) * sizeof *c->targets);
			c->targets[c->n_targets++] = t;
		}
	}
	if (!c->n_targets)
		return tls_cli_usage_error(_("no target given"), NULL);
	return -1;
}

/*
 * Probing
 */

static void
tls_cli_on_result(void *ctx, const struct tls_result *res)
{
	struct tls_target *t = ctx;
	t->res = tls_result_dup(res);
}

/* Host names, resolved on the loop: each answer's addresses. */
struct tls_lookup {
	struct tls_target *t;
	char **addrs;
	size_t n_addrs;
	const char *error;
	int pending;
};

static void
tls_cli_on_dns(void *ctx, struct dns_result *res)
{
	struct tls_lookup *l = ctx;
	l->pending--;
	const struct dns_msg *m = res->outcome == DNS_ANSWER ? res->msg : NULL;
	if (!m)
		l->error = res->error ? res->error : _("no answer");
	else if (m->rcode != DNS_RC_NOERROR)
		l->error = dns_rcode_name(m->rcode);
	for (size_t i = 0; m && i < m->n_answer; i++) {
		const struct dns_rr *rr = &m->rrs[i];
		char buf[INET6_ADDRSTRLEN];
		if ((rr->type == DNS_T_A || rr->type == DNS_T_AAAA) && rr->rdata_ok &&
		    inet_ntop(rr->type == DNS_T_A ? AF_INET : AF_INET6, rr->u.addr, buf, sizeof buf))
			strv_push(&l->addrs, &l->n_addrs, buf);
	}
	dns_msg_free(res->msg);
	res->msg = NULL;
}

/* Replace each host name by one target per address it has (or keep it,
 * with the reason it has none). */
static void
tls_cli_expand(struct tls_cli *c, struct tls_lookup *lk)
{
	struct tls_target *out = NULL;
	size_t n = 0;
	for (size_t i = 0; i < c->n_targets; i++) {
		struct tls_target *t = &c->targets[i];
		struct tls_lookup *l = &lk[i];
		if (!t->host || !l->n_addrs) {
			if (t->host)
				t->error = str_fmt(300, _("%s has no address (%s)"), t->host,
						   l->error ? l->error : _("no A or AAAA record"));
			out = xrealloc(out, (n + 1) * sizeof *out);
			out[n++] = *t;
			continue;
		}
		for (size_t k = 0; k < l->n_addrs; k++) {
			out = xrealloc(out, (n + 1) * sizeof *out);
			out[n] = (struct tls_target){ .address = xstrdup(l->addrs[k]), .port = t->port,
						      .host = xstrdup(t->host) };
			out[n++].arg = str_fmt(400, "%s (%s)", t->arg, l->addrs[k]);
		}
		free(t->arg);
		free(t->host);
	}
	free(c->targets);
	c->targets = out;
	c->n_targets = n;
}

static bool
tls_cli_resolve(struct tls_cli *c, struct loop *loop)
{
	bool any = false;
	for (size_t i = 0; i < c->n_targets; i++)
		any |= c->targets[i].host != NULL;
	if (!any)
		return true;
	char err[256];
	struct dns_client_opts o = { .servers = c->resolver, .recurse = true, .timeout_ms = 2000, .tries = 2 };
	struct dns_client *dns = dns_client_new(loop, &o, err, sizeof err);
	if (!dns) {
		tls_cli_usage_error(err, c->resolver);
		return false;
	}
	struct tls_lookup *lk = xcalloc(c->n_targets, sizeof *lk);
	for (size_t i = 0; i < c->n_targets; i++) {
		if (!c->targets[i].host)
			continue;
		char *fq = str_fmt(300, "%s.", c->targets[i].host);
		lk[i].t = &c->targets[i];
		for (int k = 0; k < 2; k++)
			if (dns_query(dns, fq, k ? DNS_T_AAAA : DNS_T_A, 0, tls_cli_on_dns, &lk[i]) == 0)
				lk[i].pending++;
		free(fq);
	}
	loop_run(loop);
	dns_client_free(dns);
	size_t n_lk = c->n_targets;
	tls_cli_expand(c, lk);
	for (size_t i = 0; i < n_lk; i++)
		strv_free(lk[i].addrs, lk[i].n_addrs);
	free(lk);
	return true;
}

static int
tls_cli_probe_all(struct tls_cli *c)
{
	struct loop *loop = loop_new();
	if (!tls_cli_resolve(c, loop)) {
		loop_free(loop);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < c->n_targets; i++) {
		if (!c->targets[i].address)
			continue;
		struct tls_probe_opts o = {
			.address = c->targets[i].address,
			.port = c->targets[i].port,
			.sni = c->sni ? c->sni : c->targets[i].host,
			.ca_file = c->ca_file,
			.timeout_ms = c->timeout_ms,
		};
		tls_probe_start(loop, &o, tls_cli_on_result, &c->targets[i]);
	}
	loop_run(loop);
	loop_free(loop);
	return -1;
}

enum tls_verdict { TLS_VERDICT_OK, TLS_VERDICT_PROBLEMS, TLS_VERDICT_FAILED };

static enum tls_verdict
tls_cli_verdict(const struct tls_result *res)
{
	if (!res || !res->ok)
		return TLS_VERDICT_FAILED;
	return tls_result_clean(res) ? TLS_VERDICT_OK : TLS_VERDICT_PROBLEMS;
}

/*
 * Text output
 */

/* Strings in results are sanitised UTF-8. On a terminal that is not UTF-8,
 * their bytes >= 0x80 would be read as C1 controls (0x9b is CSI), so escape
 * every non-ASCII character there. */
static void
tls_cli_put(const struct tls_cli *c, const char *s)
{
	if (!s)
		s = "-";
	if (!c->ascii) {
		fputs(s, stdout);
		return;
	}
	char *safe = san_str(s, 0, SAN_ASCII);
	/* san_str also doubled the backslashes of the escapes already there:
	 * undo only that, so "\x1b" stays "\x1b". */
	for (const char *q = safe; *q; q++) {
		putchar(*q);
		if (q[0] == '\\' && q[1] == '\\')
			q++;
	}
	free(safe);
}

static int
tls_cli_label_width(const char *s)
{
	wchar_t w[64];
	size_t n = mbstowcs(w, s, 64);
	if (n == (size_t)-1 || n >= 64)
		return (int)strlen(s);
	int width = wcswidth(w, n);
	return width < 0 ? (int)n : width;
}

/* "  label    " padded to the widest label, so the values line up whatever
 * the translation. */
static void
tls_cli_label(const char *label)
{
	static const char *all[] = {
		N_("subject"), N_("SANs"), N_("issuer"), N_("valid"), N_("name"),
		N_("session"), N_("error"),
	};
	int widest = 0;
	for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
		int w = tls_cli_label_width(_(all[i]));
		if (w > widest)
			widest = w;
	}
	const char *tr = _(label);
	printf("  %s%*s", tr, widest - tls_cli_label_width(tr) + 2, "");
}

static void
tls_cli_text_sans(const struct tls_cli *c, const struct tls_result *r)
{
	tls_cli_label(N_("SANs"));
	if (!r->n_sans)
		fputs(_("(none)"), stdout);
	for (size_t i = 0; i < r->n_sans && i < TLS_CLI_SHOWN_SANS; i++) {
		if (i)
			fputs(", ", stdout);
		tls_cli_put(c, r->sans[i]);
	}
	size_t more = r->n_sans - (r->n_sans < TLS_CLI_SHOWN_SANS ? r->n_sans : TLS_CLI_SHOWN_SANS)
		      + r->sans_omitted;
	if (more)
		printf(_(" (+%zu more)"), more);
	putchar('\n');
}

static void
tls_cli_text_validity(const struct tls_cli *c, const struct tls_result *r)
{
	tls_cli_label(N_("valid"));
	tls_cli_put(c, r->not_before);
	fputs(_(" to "), stdout);
	tls_cli_put(c, r->not_after);
	if (r->expired)
		fputs(_("  EXPIRED"), stdout);
	if (r->not_yet_valid)
		fputs(_("  NOT YET VALID"), stdout);
	putchar('\n');
}

/* The name sent and checked: --sni, else the host name given. */
static const char *
tls_cli_sni(const struct tls_cli *c, const struct tls_target *t)
{
	return c->sni ? c->sni : t->host;
}

static void
tls_cli_text_name(const struct tls_cli *c, const char *sni, const struct tls_result *r)
{
	tls_cli_label(N_("name"));
	if (!r->name_checked) {
		fputs(_("not checked (no --sni)"), stdout);
	} else if (r->name_matches) {
		tls_cli_put(c, sni);
		/* Say through which SAN when it is not the name itself (a wildcard). */
		if (r->matched_name && strcasecmp(r->matched_name, sni) != 0) {
			/* TRANSLATORS: between a host name and the certificate name (SAN) that covers it */
			fputs(_(" is covered by "), stdout);
			tls_cli_put(c, r->matched_name);
		} else {
			fputs(_(" is covered"), stdout);
		}
	} else {
		tls_cli_put(c, sni);
		fputs(_(" is NOT covered by this certificate"), stdout);
	}
	putchar('\n');
}

static void
tls_cli_text_one(const struct tls_cli *c, const struct tls_target *t)
{
	const struct tls_result *r = t->res;
	enum tls_verdict v = tls_cli_verdict(r);
	tls_cli_put(c, t->arg);
	if (tls_cli_sni(c, t)) {
		fputs(_(" (SNI "), stdout);
		tls_cli_put(c, tls_cli_sni(c, t));
		putchar(')');
	}
	fputs(v == TLS_VERDICT_OK ? _(": OK") : v == TLS_VERDICT_PROBLEMS ? _(": PROBLEMS") : _(": FAILED"),
	      stdout);
	putchar('\n');
	if (v == TLS_VERDICT_FAILED) {
		tls_cli_label(N_("error"));
		tls_cli_put(c, r ? r->error : t->error ? t->error : _("no result"));
		putchar('\n');
		if (!r || !r->have_cert)
			return;
	}
	tls_cli_label(N_("subject"));
	tls_cli_put(c, r->subject);
	putchar('\n');
	tls_cli_text_sans(c, r);
	tls_cli_label(N_("issuer"));
	tls_cli_put(c, r->issuer);
	putchar('\n');
	tls_cli_text_validity(c, r);
	tls_cli_text_name(c, tls_cli_sni(c, t), r);
	tls_cli_label(N_("session"));
	tls_cli_put(c, r->protocol);
	printf(_(", %d certificate(s) sent, %lld ms\n"), r->chain_len, (long long)r->elapsed_ms);
	for (size_t i = 0; i < r->n_errors; i++) {
		tls_cli_label(N_("error"));
		if (r->errors[i].depth >= 0)
			printf(_("depth %d: "), r->errors[i].depth);
		tls_cli_put(c, r->errors[i].text);
		printf(" (%d)\n", r->errors[i].code);
	}
	if (r->errors_omitted) {
		tls_cli_label(N_("error"));
		printf(_("(+%zu more)\n"), r->errors_omitted);
	}
}

static void
tls_cli_text(const struct tls_cli *c)
{
	for (size_t i = 0; i < c->n_targets; i++) {
		if (i)
			putchar('\n');
		tls_cli_text_one(c, &c->targets[i]);
	}
}

/*
 * JSON output
 */

/* Every string here is already sanitised by the probe or by the parser. */
static void
tls_cli_json_str(cJSON *o, const char *key, const char *s)
{
	if (s)
		cJSON_AddStringToObject(o, key, s);
	else
		cJSON_AddNullToObject(o, key);
}

static cJSON *
tls_cli_json_one(const struct tls_cli *c, const struct tls_target *t)
{
	static const char *verdicts[] = { "ok", "problems", "failed" };
	const struct tls_result *r = t->res;
	cJSON *o = cJSON_CreateObject();
	char *address = t->address ? san_str(t->address, 200, 0) : NULL;
	char *sni = tls_cli_sni(c, t) ? san_str(tls_cli_sni(c, t), 300, 0) : NULL;
	cJSON_AddStringToObject(o, "target", t->arg);
	tls_cli_json_str(o, "host", t->host);
	tls_cli_json_str(o, "address", address);
	cJSON_AddNumberToObject(o, "port", t->port);
	tls_cli_json_str(o, "sni", sni);
	cJSON_AddStringToObject(o, "verdict", verdicts[tls_cli_verdict(r)]);
	if (r) {
		report_tls_json(o, r);
	} else {
		cJSON_AddBoolToObject(o, "ok", false);
		cJSON_AddBoolToObject(o, "have_cert", false);
		cJSON_AddStringToObject(o, "failure", t->error ? "no_address" : tls_failure_name(TLS_FAIL_SETUP));
		tls_cli_json_str(o, "error", t->error ? t->error : "no result");
		cJSON_AddNumberToObject(o, "elapsed_ms", 0);
	}
	free(address);
	free(sni);
	return o;
}

static void
tls_cli_json(const struct tls_cli *c)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "schema", 1);
	cJSON *probes = cJSON_AddArrayToObject(root, "probes");
	for (size_t i = 0; i < c->n_targets; i++)
		cJSON_AddItemToArray(probes, tls_cli_json_one(c, &c->targets[i]));
	char *text = cJSON_Print(root);
	if (text)
		puts(text);
	cJSON_free(text);
	cJSON_Delete(root);
}

/*
 * Entry
 */

static int
tls_cli_exit_code(const struct tls_cli *c)
{
	int code = EXIT_OK;
	for (size_t i = 0; i < c->n_targets; i++) {
		enum tls_verdict v = tls_cli_verdict(c->targets[i].res);
		if (v == TLS_VERDICT_FAILED)
			return EXIT_USAGE;
		if (v == TLS_VERDICT_PROBLEMS)
			code = EXIT_BLOCKED;
	}
	return code;
}

static void
tls_cli_free(struct tls_cli *c)
{
	for (size_t i = 0; i < c->n_targets; i++) {
		free(c->targets[i].arg);
		free(c->targets[i].address);
		free(c->targets[i].host);
		free(c->targets[i].error);
		tls_result_free(c->targets[i].res);
	}
	free(c->targets);
	free(c->resolver);
}

int
cli_tls(int argc, char **argv)
{
	struct tls_cli c = { 0 };
	const char *codeset = nl_langinfo(CODESET);
	c.ascii = !codeset || strcmp(codeset, "UTF-8") != 0;
	int rc = tls_cli_parse(&c, argc, argv);
	if (rc < 0 && (rc = tls_cli_probe_all(&c)) < 0) {
		if (c.json)
			tls_cli_json(&c);
		else
			tls_cli_text(&c);
		fflush(stdout);
		rc = tls_cli_exit_code(&c);
	}
	tls_cli_free(&c);
	return rc;
}
