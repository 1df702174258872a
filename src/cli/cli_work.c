/* The work of one run, from names or from a certificate, and what the
 * checks get of it (cli_int.h). */
#include "config.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli_int.h"
#include "core/xalloc.h"
#include "net/dns_wire.h"

void
work_free(struct work *w)
{
	if (w->have_cert) {
		acm_route_free(&w->route);
		acm_cert_free(&w->cert);
	}
	for (size_t i = 0; i < w->n_names; i++)
		free(w->names[i]);
	free(w->names);
	free(w->caa_names);
	for (size_t i = 0; i < w->n_records; i++)
		free(w->record_domains[i]);
	free(w->record_domains);
	free(w->records);
	memset(w, 0, sizeof *w);
}

static void
add_name(struct work *w, const char *name, bool caa)
{
	for (size_t i = 0; i < w->n_names; i++)
		if (!strcmp(w->names[i], name))
			return;
	w->names = xrealloc(w->names, (w->n_names + 1) * sizeof *w->names);
	w->names[w->n_names++] = xstrdup(name);
	if (caa) {
		w->caa_names = xrealloc(w->caa_names, (w->n_caa + 1) * sizeof *w->caa_names);
		w->caa_names[w->n_caa++] = w->names[w->n_names - 1];
	}
}

static void
add_spec(struct work *w, const char *name, const char *value, char *const *domains, size_t n_domains)
{
	w->records = xrealloc(w->records, (w->n_records + 1) * sizeof *w->records);
	w->record_domains = xrealloc(w->record_domains, (w->n_records + 1) * sizeof *w->record_domains);
	char **d = xcalloc(n_domains ? n_domains : 1, sizeof *d);
	for (size_t i = 0; i < n_domains; i++)
		d[i] = domains[i];
	w->record_domains[w->n_records] = d;
	w->records[w->n_records++] = (struct cname_record_spec){ .name = name, .value = value,
		.domains = (const char *const *)d, .n_domains = n_domains };
}

bool
work_from_certificate(struct work *w, const char *path, const char *only,
		      const struct acm_psl *psl, char *err, size_t errlen)
{
	memset(w, 0, sizeof *w);
	if (!acm_cert_load(path, &w->cert, err, errlen))
		return false;
	w->have_cert = true;
	if (!acm_route(&w->cert, (int64_t)time(NULL), psl, &w->route, err, errlen)) {
		acm_cert_free(&w->cert);
		w->have_cert = false;
		return false;
	}
	bool want_caa = !only || !strcmp(only, "caa");
	bool want_cname = !only || !strcmp(only, "cname");
	for (size_t i = 0; i < w->route.n_names; i++) {
		const struct acm_name_route *nr = &w->route.names[i];
		add_name(w, nr->name, want_caa && (nr->checks & ACM_CHECK_CAA));
	}
	for (size_t i = 0; want_cname && i < w->route.n_cname_records; i++) {
		const struct acm_record *r = &w->cert.records[w->route.cname_records[i]];
		add_spec(w, r->name, r->value, r->domains, r->n_domains);
	}
	return true;
}

void
work_from_names(struct work *w, char *const *names, size_t n, char *const *rec_names,
		char *const *rec_values, size_t n_records, const char *only)
{
	memset(w, 0, sizeof *w);
	bool want_caa = !only || !strcmp(only, "caa");
	bool want_cname = !only || !strcmp(only, "cname");
	for (size_t i = 0; i < n; i++)
		add_name(w, names[i], want_caa);
	/* A typed record validates the name below its first label (and that
	 * name's wildcard, which shares it). */
	for (size_t i = 0; want_cname && i < n_records; i++) {
		const char *domain = dns_name_parent(rec_names[i]);
		add_name(w, domain, false);
		char *d[1] = { NULL };
		for (size_t k = 0; k < w->n_names; k++)
			if (!strcmp(w->names[k], domain))
				d[0] = w->names[k];
		add_spec(w, rec_names[i], rec_values[i], d, 1);
	}
}

struct check_input
work_input(const struct work *w, const struct check_args *a)
{
	return (struct check_input){
		.names = (const char *const *)w->caa_names, .n_names = w->n_caa,
		.records = w->records, .n_records = w->n_records,
		.edited_ns = (const char *const *)a->edited_ns, .n_edited_ns = a->n_edited_ns,
		.ca = a->ca_canon,
		.provider = (a->provider && strcmp(a->provider, "all")) ? a->provider : NULL,
		.timeout_ms = a->timeout_ms / 2 > 0 ? a->timeout_ms / 2 : 0,
	};
}

struct run_report
work_report(const struct work *w, const struct diagnosis *d)
{
	return (struct run_report){ .cert = w->have_cert ? &w->cert : NULL,
				    .route = w->have_cert ? &w->route : NULL,
				    .diag = d, .names = w->names, .n_names = w->n_names };
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

struct report_opts
cli_report_opts(const struct check_args *a)
{
	return (struct report_opts){ .color = want_color(), .provider = a->provider,
				     .utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8") };
}
