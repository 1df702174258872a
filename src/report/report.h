/* Printing a CAA report: JSON for tools (the CLI contract, schema 1) and
 * aligned text for people. Both render the fix for the providers chosen. */
#ifndef ACMD_REPORT_H
#define ACMD_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "acm/acm_cert.h"
#include "checks/caa/caa_check.h"
#include "checks/cname/cname_check.h"

struct report_opts {
	bool color;             /* ANSI colours (a terminal, NO_COLOR unset) */
	bool utf8;              /* the locale can show UTF-8 */
	const char *provider;   /* --provider: an id, "all", or NULL (detected) */
};

/* What rendering a fix needs, whichever check made the plan. */
struct plan_view {
	const struct change_plan *plan;
	char *const *ns;            /* the zone's name servers */
	size_t n_ns;
	const struct provider *provider;
	bool detected;
	bool ns_mixed;
	bool foreign;               /* an alias target: maybe someone else's zone */
	const char *owner;          /* where the records go (a name), or NULL */
	const char *type;           /* "CAA", "CNAME": for the heading */
};

struct plan_view plan_view_caa(const struct caa_plan_info *pi);
struct plan_view plan_view_cname(const struct cname_plan_info *pi);

/* The providers whose renderings go with a plan: the forced one, or the
 * required three plus the detected one; the zone file always last. */
size_t report_view_providers(const struct plan_view *v, const struct report_opts *o,
			     const struct provider **out, size_t max);
size_t report_fix_providers(const struct caa_plan_info *pi, const struct report_opts *o,
			    const struct provider **out, size_t max);

/* Render plan for each provider in list and each of its formats, in order;
 * visit gets the text, or NULL and the reason when rendering failed. */
typedef void (*report_fix_visit)(void *ctx, const struct provider *p, const char *format,
				 const char *text, const char *err);
void report_view_each_fix(const struct plan_view *v, const struct provider *const *list, size_t n,
			  report_fix_visit visit, void *ctx);
void report_each_fix(const struct caa_plan_info *pi, const struct provider *const *list, size_t n,
		     report_fix_visit visit, void *ctx);

/* Everything one `check` run found: the certificate and its routing when
 * one was given, the CAA and CNAME reports when those checks ran, and the
 * names to report on, in order. */
struct run_report {
	const struct acm_cert *cert;
	const struct acm_route *route;
	const struct caa_report *caa;
	const struct cname_report *cname;
	char *const *names;
	size_t n_names;
};

/* The verdict of a validation record for people ("MISSING"), translated. */
const char *report_cname_verdict_label(enum cname_verdict v);

char *report_run_json(const struct run_report *r, const struct report_opts *o);
void report_run_text(FILE *out, const struct run_report *r, const struct report_opts *o);
/* 0 when nothing blocks issuance, 1 otherwise. */
int report_run_exit(const struct run_report *r);

char *report_json(const struct caa_report *rep, const struct report_opts *o);
/* When the probes could not run: {"schema":1,"error":"...","targets":[]}. */
void report_json_error(FILE *out, const char *why);
void report_text(FILE *out, const struct caa_report *rep, const struct report_opts *o);

#endif
