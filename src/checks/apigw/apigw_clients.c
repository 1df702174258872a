/* What curl and browsers print, from data/explain-apigw.txt: the terms a
 * finding's evidence lists ("what clients show") and the ones `explain`
 * recognises in a pasted message. One source for both, so the check and
 * the explanation can never disagree about what a message means. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/apigw/apigw_clients.h"
#include "core/datafile.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

static struct apigw_term *terms;
static size_t n_terms;
static bool loaded;

static void
free_terms(void)
{
	for (size_t i = 0; i < n_terms; i++) {
		struct apigw_term *t = &terms[i];
		free(t->term);
		free(t->from);
		free(t->cause);
		free(t->check);
		free(t->explain);
		free(t->next);
		for (size_t k = 0; k < t->n_match; k++)
			free(t->match[k]);
		free(t->match);
	}
	free(terms);
	terms = NULL;
	n_terms = 0;
}

static void
join(char **dst, const char *v)
{
	char *old = *dst;
	*dst = old ? str_fmt(16384, "%s %s", old, v) : xstrdup(v);
	free(old);
}

static void
add_match(struct apigw_term *t, const char *text)
{
	t->match = xrealloc(t->match, (t->n_match + 1) * sizeof *t->match);
	t->match[t->n_match++] = datafile_words(text);
}

static void
take_line(const char *kw, const char *val)
{
	if (!strcmp(kw, "term")) {
		terms = xrealloc(terms, (n_terms + 1) * sizeof *terms);
		struct apigw_term *t = &terms[n_terms++];
		memset(t, 0, sizeof *t);
		t->term = xstrdup(val);
		add_match(t, val);
		return;
	}
	struct apigw_term *t = n_terms ? &terms[n_terms - 1] : NULL;
	if (!t)
		return;
	if (!strcmp(kw, "match"))
		add_match(t, val);
	else if (!strcmp(kw, "explain"))
		join(&t->explain, val);
	else if (!strcmp(kw, "next"))
		join(&t->next, val);
	else if (!strcmp(kw, "from") && !t->from)
		t->from = xstrdup(val);
	else if (!strcmp(kw, "check") && !t->check)
		t->check = xstrdup(val);
	else if (!strcmp(kw, "cause") && !t->cause)
		t->cause = xstrdup(val);
}

static bool
each_line(void *ctx, char *kw, char *val)
{
	(void)ctx;
	take_line(kw, val);
	return true;
}

static void
load(void)
{
	loaded = true;
	datafile_each_line("explain-apigw.txt", each_line, NULL);
	atexit(free_terms);
}

const struct apigw_term *
apigw_terms(size_t *n)
{
	if (!loaded)
		load();
	*n = n_terms;
	return terms;
}

const struct apigw_term *
apigw_term_find(const char *text)
{
	size_t n;
	const struct apigw_term *all = apigw_terms(&n);
	char *norm = datafile_words(text);
	const struct apigw_term *found = NULL;
	for (size_t i = 0; i < n && !found && *norm; i++)
		for (size_t k = 0; k < all[i].n_match && !found; k++) {
			const char *m = all[i].match[k];
			if (datafile_words_match(norm, m))
				found = &all[i];
		}
	free(norm);
	return found;
}
