/* Findings: what a check concluded about a name, with the evidence seen and
 * the records that fix it. */
#ifndef ACMD_FINDING_H
#define ACMD_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include "fix/change.h"
#include "checks/finding_codes.h"

enum severity { SEV_ERROR, SEV_WARNING, SEV_INFO };

#define FINDING_ENUM(code, sev, help) F_##code,
enum finding_code { FINDING_CODES(FINDING_ENUM) F__COUNT };
#undef FINDING_ENUM

struct finding {
	enum finding_code code;
	enum severity severity;
	char *name;             /* the name it is about (canonical) */
	char *message;          /* for people, translated, specific */
	char **evidence;        /* zone-file lines as the DNS returned them; ";" comments */
	size_t n_evidence;
	struct record *records; /* what to add or delete */
	size_t n_records;
	int plan;               /* index of the change plan these records belong to, -1 none */
};

const char *finding_code_name(enum finding_code code);   /* "CAA_NONE" */
const char *finding_code_help(enum finding_code code);   /* translated */
enum severity finding_code_severity(enum finding_code code);
const char *severity_name(enum severity sev);            /* "error", "warning", "info" */
int finding_code_from_name(const char *name);            /* -1 if unknown */

void finding_init(struct finding *f, enum finding_code code, const char *name);
void finding_set_message(struct finding *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void finding_add_evidence(struct finding *f, const char *line);
void finding_add_record(struct finding *f, const struct record *r);
void finding_clear(struct finding *f);

/* A list of findings: most severe first (ties by code), append (takes
 * f's contents), and does any of them block issuance (an error)? */
void findings_sort(struct finding *fs, size_t n);
void findings_push(struct finding **fs, size_t *n, struct finding *f);
bool findings_block(const struct finding *fs, size_t n);

#endif
