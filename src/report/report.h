/* Printing one run: JSON for tools (the CLI contract, schema 1) and aligned
 * text for people, with the fix rendered for the providers chosen. Check
 * reports are read through their tables (checks/check.h); what only one
 * check shows is in report_checks.c. */
#ifndef ACMD_REPORT_H
#define ACMD_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "acm/acm_cert.h"
#include "checks/diagnosis.h"
#include "fix/plan_view.h"

struct provider;

struct report_opts {
	bool color;             /* ANSI colours (a terminal, NO_COLOR unset) */
	bool utf8;              /* the locale can show UTF-8 */
	const char *provider;   /* --provider: an id, "all", or NULL (detected) */
};

/* The providers whose renderings go with a plan: the forced one, or the
 * required three plus the detected one; the zone file always last. */
size_t report_view_providers(const struct plan_view *v, const struct report_opts *o,
			     const struct provider **out, size_t max);

/* Render plan for each provider in list and each of its formats, in order;
 * visit gets the text, or NULL and the reason when rendering failed. */
typedef void (*report_fix_visit)(void *ctx, const struct provider *p, const char *format,
				 const char *text, const char *err);
void report_view_each_fix(const struct plan_view *v, const struct provider *const *list, size_t n,
			  report_fix_visit visit, void *ctx);

/* Everything one `check` run found: the certificate and its routing when
 * one was given, the diagnosis, and the names to report on, in order. */
struct run_report {
	const struct acm_cert *cert;
	const struct acm_route *route;
	const struct diagnosis *diag;
	char *const *names;
	size_t n_names;
};

char *report_run_json(const struct run_report *r, const struct report_opts *o);
void report_run_text(FILE *out, const struct run_report *r, const struct report_opts *o);
/* 0 when nothing blocks issuance, 1 otherwise. */
int report_run_exit(const struct run_report *r);

/* A TLS probe's result as JSON fields of o (the `tls` command's and the
 * API Gateway check's): the certificate, its chain, every problem. */
struct tls_result;
void report_tls_json(cJSON *o, const struct tls_result *r);

/* When the probes could not run: {"schema":1,"error":"...","targets":[]}. */
void report_json_error(FILE *out, const char *why);

#endif
