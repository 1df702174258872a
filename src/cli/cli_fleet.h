/* Inside a fleet scan (check --names-from, --certificates-from):
 * cli_fleet.c reads the list and runs an entry per line through
 * checks/fleet.h; cli_fleet_out.c prints each entry as it finishes, the
 * progress, and the summary. */
#ifndef ACMD_CLI_FLEET_H
#define ACMD_CLI_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/fleet.h"
#include "cli/cli_int.h"
#include "report/report.h"

struct fleet_out {
	bool json;
	bool progress;              /* stderr is a terminal */
	struct report_opts ro;
	struct fleet_summary sum;   /* the counts so far */
	enum severity fail_on;      /* --fail-on: SEV_WARNING makes a warning fail too */
	size_t warned;              /* entries not blocked that fail on a warning */
	size_t total;               /* entries in the list; 0: unknown (a pipe) */
	int64_t last_draw_ms;
	bool drawn;                 /* a progress line is on the terminal */
};

void fleet_out_init(struct fleet_out *o, const struct check_args *a, const char *input);
/* An entry's result: each name of a line of names, or a certificate. */
void fleet_out_names(struct fleet_out *o, const struct run_report *run, size_t line);
void fleet_out_cert(struct fleet_out *o, const struct run_report *run, size_t line, const char *file);
/* An entry that could not be checked (type "name" or "certificate"). */
void fleet_out_error(struct fleet_out *o, const char *type, size_t line, const char *value,
		     const char *why);
/* A line that is not usable, found while the scan runs (a pipe). */
void fleet_out_bad_line(struct fleet_out *o, size_t line, const char *input, const char *why);
/* Redraw the progress line (at most every 100 ms unless force). */
void fleet_out_progress(struct fleet_out *o, bool force);
/* Print the summary; returns the exit status. */
int fleet_out_summary(struct fleet_out *o);

#endif
