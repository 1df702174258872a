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
#include "aws/aws_client.h"
#include "checks/diagnosis.h"
#include "fix/plan_view.h"

struct provider;

struct report_opts {
	bool color;             /* ANSI colours (a terminal, NO_COLOR unset) */
	bool utf8;              /* the locale can show UTF-8 */
	const char *provider;   /* --provider: an id, "all", or NULL (detected) */
	/* Without --provider, only the fix for the zone's own provider (and
	 * the zone file), as with --provider set to it: a fleet scan's
	 * objects, where the three usual providers for every blocked name
	 * would be most of the output. */
	bool own_provider;
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

/* What reading from AWS did in a run (--arn, --pending): whose
 * credentials, which region(s), the requests, and the problems that are
 * not about one certificate (a region's list could not be read). */
struct run_aws {
	const char *credentials;        /* aws_cred_source_name(), or NULL: none resolved */
	const char *credentials_text;   /* translated, for people */
	const char *credentials_detail;
	const char *region;             /* as asked: "us-east-1", "all" */
	const struct finding *findings;
	size_t n_findings;
	struct aws_stats stats;
	int64_t elapsed_ms;
};

/* Everything one `check` run found: the certificate and its routing when
 * one was given, the diagnosis, and the names to report on, in order. */
struct run_report {
	const struct acm_cert *cert;
	const struct acm_route *route;
	const struct diagnosis *diag;
	char *const *names;
	size_t n_names;
	/* Read from ACM by ARN: the ARN, and the problems of reading it
	 * (AWS errors; then cert is NULL) or about it (expiring soon). */
	const char *arn;
	const struct finding *aws_findings;
	size_t n_aws_findings;
	const struct run_aws *aws;      /* the AWS side of a one-certificate run, or NULL */
};

char *report_run_json(const struct run_report *r, const struct report_opts *o);
void report_run_text(FILE *out, const struct run_report *r, const struct report_opts *o);
/* 0 when nothing blocks issuance, 1 otherwise, 2 when nothing could be
 * judged (the resolver is not one: RESOLVER_FAILED). */
int report_run_exit(const struct run_report *r);
/* The same with --fail-on: SEV_ERROR as above; SEV_WARNING also fails on
 * any warning (of the certificate, AWS, or a check). */
int report_run_exit_on(const struct run_report *r, enum severity fail_on);

/* Several certificates read from AWS (--pending): one JSON object,
 * {"schema":1,"aws":{...},"certificates":[run, ...]}, each run as
 * report_run_json() shapes it; and the text, one run after the other. */
char *report_runs_json(const struct run_report *runs, size_t n, const struct run_aws *aws,
		       const struct report_opts *o);
void report_runs_text(FILE *out, const struct run_report *runs, size_t n, const struct run_aws *aws,
		      const struct report_opts *o);
void report_aws_text(FILE *out, const struct run_aws *a, const struct report_opts *o);

/* A TLS probe's result as JSON fields of o (the `tls` command's and the
 * API Gateway check's): the certificate, its chain, every problem. */
struct tls_result;
void report_tls_json(cJSON *o, const struct tls_result *r);

/* A fix that is no record change (plan_view.advice) as text: the heading,
 * the zone and who runs it, each server and what it said, what to do.
 * Caller frees. */
char *report_advice_text(const struct plan_view *v);

/* When the probes could not run: {"schema":1,"error":"...","targets":[]}. */
void report_json_error(FILE *out, const char *why);

/* A fleet scan (check --names-from, --certificates-from): one JSON object
 * per line (NDJSON, each string without a newline), "type" first:
 *   name         {"schema":1,"type":"name","line":L,"name","checks":[..],"stats"}
 *                (the objects of a run's "targets", one per name)
 *   certificate  {"schema":1,"type":"certificate","line":L,"file", then what
 *                one --certificate run prints: resolver, certificate, targets, stats}
 * an entry that could not be checked carries "error" and empty "checks" or
 * "targets"; a line that is not usable is {"type":"error","line","input","error"};
 * the last object is {"type":"summary",...}.
 * Each returns the line without its newline, in a buffer of the report's
 * that the next call reuses: print it before asking for another. */
const char *report_name_ndjson(const struct run_report *r, size_t i, size_t line,
			       const struct report_opts *o);
const char *report_cert_ndjson(const struct run_report *r, size_t line, const char *file,
			       const struct report_opts *o);
/* type "name", "certificate" (key "name"/"file" = value) or "error" (key "input"). */
const char *report_entry_error_ndjson(const char *type, size_t line, const char *value, const char *why);

struct fleet_summary {
	const char *resolver;
	const char *input;          /* the list: a file, or "-" */
	size_t lines;               /* read so far */
	size_t entries;             /* reported: names, or certificates */
	size_t blocked, errors, bad_lines;
	size_t not_checked;         /* names (or certificates) after a stop */
	bool not_checked_unknown;   /* after a stop, a pipe was left unread */
	bool resolver_dead;         /* stopped: the resolver answered nothing */
	const char *resolver_failed;   /* stopped: its probe failed (RESOLVER_FAILED): what it did */
	int dead_after;             /* for so many queries in a row */
	bool input_failed;          /* the list could not be read, or was empty */
	size_t stopped_at_line;
	int exit_code;
	int parallel;
	int queries;                /* sent: to the resolver, or to a server directly */
	int asked, shared;          /* asked by the checks; of those, answered by another's query */
	int probes;                 /* of the resolver (in queries): once, then again when in doubt */
	int answered, max_in_flight;
	int64_t elapsed_ms;
};
const char *report_summary_ndjson(const struct fleet_summary *s);
void report_summary_text(FILE *out, const struct fleet_summary *s, const struct report_opts *o);

/* Does some subject about name i of r block it? */
bool report_name_blocks(const struct run_report *r, size_t i);
/* The same with --fail-on: SEV_WARNING also fails on a warning about it. */
bool report_name_fails(const struct run_report *r, size_t i, enum severity fail_on);
/* One line for name i: "NAME  CAA DENY  CAA_BLOCKS_AMAZON" (each check's
 * verdict about it, then the code of its worst finding when that is an
 * error or a warning); prefix (a file) first when not NULL. */
void report_name_line_text(FILE *out, const struct run_report *r, size_t i, const char *prefix,
			   const struct report_opts *o);
/* An entry that could not be checked: "NAME  error: WHY". */
void report_error_line_text(FILE *out, const char *what, const char *why, const struct report_opts *o);

#endif
