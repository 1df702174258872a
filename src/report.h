/* Printing a CAA report: JSON for tools (the CLI contract, schema 1) and
 * aligned text for people. Both render the fix for the providers chosen. */
#ifndef ACMD_REPORT_H
#define ACMD_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "caa_check.h"

struct report_opts {
	bool color;             /* ANSI colours (a terminal, NO_COLOR unset) */
	bool utf8;              /* the locale can show UTF-8 */
	const char *provider;   /* --provider: an id, "all", or NULL (detected) */
};

/* The providers whose renderings go with a plan: the forced one, or the
 * required three plus the detected one; the zone file always last. */
size_t report_fix_providers(const struct caa_plan_info *pi, const struct report_opts *o,
			    const struct provider **out, size_t max);

/* Render plan for each provider in list and each of its formats, in order;
 * visit gets the text, or NULL and the reason when rendering failed. */
typedef void (*report_fix_visit)(void *ctx, const struct provider *p, const char *format,
				 const char *text, const char *err);
void report_each_fix(const struct caa_plan_info *pi, const struct provider *const *list, size_t n,
		     report_fix_visit visit, void *ctx);

char *report_json(const struct caa_report *rep, const struct report_opts *o);
/* When the probes could not run: {"schema":1,"error":"...","targets":[]}. */
void report_json_error(FILE *out, const char *why);
void report_text(FILE *out, const struct caa_report *rep, const struct report_opts *o);

#endif
