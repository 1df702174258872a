/* Inside the report layer: the helpers the generic renderers and the
 * per-check ones (report_checks.c) share. */
#ifndef ACMD_REPORT_INT_H
#define ACMD_REPORT_INT_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "report/report.h"

/* Longest value shown in text; JSON carries more. */
#define TEXT_VALUE_MAX 400

enum tone { T_PLAIN, T_BAD, T_WARN, T_GOOD, T_DIM, T_BOLD };

/* JSON strings, sanitised once more and bounded (report_json.c). */
cJSON *report_jstr(const char *s);
cJSON *report_jstrs(char *const *v, size_t n);
/* obj[key] = v, printed as cJSON prints a whole number, only faster. */
cJSON *report_json_int(cJSON *obj, const char *key, long long v);
void report_json_plan_fields(cJSON *check, const struct plan_view *v);
void report_json_ttl(cJSON *obj, int64_t ttl);
/* One name of a run: {"name", "checks"}; and the fields of a whole run
 * after "schema" (resolver, certificate, targets, stats). */
cJSON *report_target_json(const struct run_report *r, size_t i, const struct report_opts *o);
void report_run_fields(cJSON *root, const struct run_report *r, const struct report_opts *o);
/* "findings": those about the whole run (RESOLVER_FAILED). */
void report_run_findings_json(cJSON *root, const struct run_report *r, const struct report_opts *o);
void report_json_stats(cJSON *obj, const struct check_stats *st);

/* cJSON's allocations from an arena while one NDJSON line is built and
 * printed (json_arena.c): what was made between begin and end must not be
 * used after end (copy the printed text out first). */
void report_json_arena_begin(void);
void report_json_arena_end(void);
/* A tree as one line, exactly as cJSON_PrintUnformatted prints it, into sb
 * (reset first, kept from line to line by the caller; json_line.c). */
struct strbuf;
const char *report_json_line(struct strbuf *sb, const cJSON *root);
cJSON *report_finding_json(const struct finding *f, const struct report_opts *o);
cJSON *report_run_object(const struct run_report *r, const struct report_opts *o);
cJSON *report_aws_json(const struct run_aws *a, const struct report_opts *o);

/* Text (report_text.c). */
void report_put(FILE *out, const struct report_opts *o, enum tone tone, const char *s, size_t max);
enum tone report_severity_tone(enum severity s);
void report_findings_text(FILE *out, const struct finding *fs, size_t n, const struct report_opts *o);

/* What only one check shows, by check id (report_checks.c). json adds the
 * check's own fields between "verdict" and "findings"; text prints every
 * subject of the report, each after a blank line once *started. */
struct report_check {
	void (*json)(cJSON *c, const void *report, size_t subject);
	void (*text)(FILE *out, const void *report, const struct report_opts *o, bool *started);
};
const struct report_check *report_check_of(enum check_id id);

#endif
