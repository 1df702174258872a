/* `acm-doctor explain [WORD]...`: what a word means, the next step, and the
 * check that diagnoses it. Users arrive with our finding codes (from the
 * table that defines them, so the list cannot drift), with ACM's Status,
 * FailureReason and RenewalStatus values (data/acm-reasons.txt), and with
 * what other consoles and tools print (data/explain-terms.txt; what curl
 * and browsers print about an API Gateway custom domain comes from
 * data/explain-apigw.txt through cli_explain_apigw.c). Case,
 * blanks and punctuation do not count, and a known message may be part of
 * a longer pasted one. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acm/acm_cert.h"
#include "checks/apigw/apigw_clients.h"
#include "checks/finding.h"
#include "cli/cli.h"
#include "core/datafile.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define TERMS_FILE "explain-terms.txt"
struct term {
	char *term, *from, *check;
	struct strbuf explain, next;
	char **match;               /* normalised, the term's own first */
	size_t n_match;
};

static void
terms_free(struct term *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(t[i].term);
		free(t[i].from);
		free(t[i].check);
		sb_free(&t[i].explain);
		sb_free(&t[i].next);
		for (size_t k = 0; k < t[i].n_match; k++)
			free(t[i].match[k]);
		free(t[i].match);
	}
	free(t);
}

static void
add_match(struct term *t, const char *text)
{
	t->match = xrealloc(t->match, (t->n_match + 1) * sizeof *t->match);
	t->match[t->n_match++] = datafile_words(text);
}

/* One "keyword value" line; false on a line the file format has no place for. */
static bool
term_line(struct term **v, size_t *n, const char *kw, const char *val)
{
	if (!strcmp(kw, "term")) {
		*v = xrealloc(*v, (*n + 1) * sizeof **v);
		struct term *t = &(*v)[(*n)++];
		memset(t, 0, sizeof *t);
		t->term = xstrdup(val);
		sb_init_limit(&t->explain, 8192);
		sb_init_limit(&t->next, 8192);
		add_match(t, val);
		return true;
	}
	struct term *t = *n ? &(*v)[*n - 1] : NULL;
	if (!t)
		return false;
	if (!strcmp(kw, "match"))
		add_match(t, val);
	else if (!strcmp(kw, "explain"))
		sb_add_joined(&t->explain, " ", val);
	else if (!strcmp(kw, "next"))
		sb_add_joined(&t->next, " ", val);
	else if (!strcmp(kw, "from") && !t->from)
		t->from = xstrdup(val);
	else if (!strcmp(kw, "check") && !t->check)
		t->check = xstrdup(val);
	else
		return false;
	return true;
}

struct terms_ctx {
	struct term **out;
	size_t *n;
};

static bool
each_term_line(void *arg, char *kw, char *val)
{
	struct terms_ctx *c = arg;
	return term_line(c->out, c->n, kw, val);
}

static bool
terms_load(struct term **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct terms_ctx ctx = { out, n };
	bool ok = datafile_each_line(TERMS_FILE, each_term_line, &ctx);
	for (size_t i = 0; ok && i < *n; i++)
		ok = (*out)[i].explain.len && (*out)[i].next.len && (*out)[i].check;
	if (!ok) {
		terms_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return ok;
}

static bool
term_matches(const struct term *t, const char *word)
{
	for (size_t i = 0; i < t->n_match; i++) {
		const char *m = t->match[i];
		if (datafile_words_match(word, m))
			return true;
	}
	return false;
}

static const char *
kind_label(const char *kind)
{
	if (!strcmp(kind, "status"))
		return _("ACM certificate Status");
	if (!strcmp(kind, "reason"))
		return _("ACM FailureReason, also RenewalStatusReason");
	return _("ACM RenewalStatus");
}

static void
print_check(const char *check)
{
	printf("  %s %s\n", _("Diagnose:"), check);
	if (strstr(check, "cert.json"))
		printf("            %s\n", _("(cert.json: aws acm describe-certificate --certificate-arn ARN --output json > cert.json)"));
}

static void
explain_acm(const struct acm_word *w)
{
	printf("%s (%s)\n  %s\n  %s %s\n", w->key, kind_label(w->kind), w->explain, _("Next step:"), w->next);
	print_check("acm-doctor check --certificate cert.json");
	if (w->checks == ACM_CHECK_CAA)
		printf("            %s\n", "acm-doctor check --only caa NAME...");
}

static void
explain_term(const struct term *t)
{
	printf("%s (%s)\n  %s\n  %s %s\n", t->term, t->from ? _(t->from) : "?", _(t->explain.buf), _("Next step:"),
	       _(t->next.buf));
	print_check(t->check);
}

struct vocab {
	struct acm_word *words;
	size_t n_words;
	struct term *terms;
	size_t n_terms;
};

/* Print everything word means; false when nothing knows it. */
static bool
explain_word(const struct vocab *v, const char *word)
{
	char *norm = datafile_words(word);
	bool found = false;
	int code = finding_code_from_name(norm);
	if (code >= 0) {
		enum finding_code fc = (enum finding_code)code;
		printf("%s (%s)\n  %s\n", norm, severity_name(finding_code_severity(fc)), finding_code_help(fc));
		found = true;
	}
	for (size_t i = 0; i < v->n_words; i++)
		if (!strcmp(v->words[i].key, norm)) {
			explain_acm(&v->words[i]);
			found = true;
		}
	for (size_t i = 0; !found && i < v->n_terms; i++)
		if (term_matches(&v->terms[i], norm)) {
			explain_term(&v->terms[i]);
			found = true;
		}
	free(norm);
	/* What curl and browsers print about an API Gateway custom domain. */
	if (!found)
		found = cli_explain_client_words(word);
	return found;
}

static void
unknown_word(const char *word)
{
	char *shown = san_str(word, 200, SAN_ASCII);
	fprintf(stderr, _("acm-doctor: unknown word \"%s\": not a finding code, an ACM Status or FailureReason, nor a message acm-doctor knows\n"),
		shown);
	free(shown);
}

static void
list_codes(const struct vocab *v)
{
	for (int i = 0; i < F__COUNT; i++)
		printf("%-28s %-8s %s\n", finding_code_name((enum finding_code)i),
		       severity_name(finding_code_severity((enum finding_code)i)),
		       finding_code_help((enum finding_code)i));
	printf("\n%s\n ", _("ACM's own words (acm-doctor explain WORD):"));
	for (size_t i = 0; i < v->n_words; i++)
		printf(" %s", v->words[i].key);
	printf("\n");
}

int
cli_explain(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(_("Usage: acm-doctor explain [WORD]...\n"
			"Explains a finding code, an ACM Status or FailureReason (CAA_ERROR,\n"
			"PENDING_VALIDATION, ...), or a message from the Amplify console, the AWS\n"
			"CLI, Terraform or CDK (quote it); without WORD, lists the finding codes.\n"), stdout);
		fputs(_("A message curl or a browser printed (\"NET::ERR_CERT_COMMON_NAME_INVALID\",\n"
			"\"curl: (60) SSL: no alternative certificate subject name matches ...\") is\n"
			"explained too: what it means for an API Gateway custom domain.\n"), stdout);
		return EXIT_OK;
	}
	struct vocab v = { 0 };
	char err[256];
	if (!acm_words(&v.words, &v.n_words, err, sizeof err) || !terms_load(&v.terms, &v.n_terms)) {
		fprintf(stderr, "acm-doctor: %s\n", v.words ? _("data file explain-terms.txt is missing or broken") : err);
		acm_words_free(v.words, v.n_words);
		return EXIT_USAGE;
	}
	int rc = EXIT_OK;
	if (argc < 2)
		list_codes(&v);
	/* Each word on its own; a message pasted without quotes is tried whole. */
	bool all = true;
	for (int a = 1; a < argc && all; a++) {
		char *norm = datafile_words(argv[a]);
		all = finding_code_from_name(norm) >= 0;
		for (size_t i = 0; !all && i < v.n_words; i++)
			all = !strcmp(v.words[i].key, norm);
		for (size_t i = 0; !all && i < v.n_terms; i++)
			all = term_matches(&v.terms[i], norm);
		all = all || apigw_term_find(argv[a]);
		free(norm);
	}
	struct strbuf joined;
	sb_init_limit(&joined, 64 * 1024);
	for (int a = 1; a < argc; a++)
		sb_addf(&joined, "%s%s", a > 1 ? " " : "", argv[a]);
	if (all || argc < 3 || !explain_word(&v, joined.buf)) {
		for (int a = 1; a < argc; a++) {
			if (a > 1)
				putchar('\n');
			if (!explain_word(&v, argv[a])) {
				unknown_word(argv[a]);
				rc = EXIT_USAGE;
			}
		}
	}
	sb_free(&joined);
	acm_words_free(v.words, v.n_words);
	terms_free(v.terms, v.n_terms);
	return rc;
}
