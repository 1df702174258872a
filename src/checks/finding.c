#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "checks/finding.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define FINDING_NAME(code, sev, help) #code,
static const char *const code_names[] = { FINDING_CODES(FINDING_NAME) };
#undef FINDING_NAME

#define FINDING_SEV(code, sev, help) SEV_##sev,
static const enum severity code_sev[] = { FINDING_CODES(FINDING_SEV) };
#undef FINDING_SEV

#define FINDING_HELP(code, sev, help) help,
static const char *const code_help[] = { FINDING_CODES(FINDING_HELP) };
#undef FINDING_HELP

const char *
finding_code_name(enum finding_code code)
{
	return code < F__COUNT ? code_names[code] : "UNKNOWN";
}

const char *
finding_code_help(enum finding_code code)
{
	return code < F__COUNT ? _(code_help[code]) : "";
}

enum severity
finding_code_severity(enum finding_code code)
{
	return code < F__COUNT ? code_sev[code] : SEV_ERROR;
}

const char *
severity_name(enum severity sev)
{
	switch (sev) {
	case SEV_ERROR: return "error";
	case SEV_WARNING: return "warning";
	default: return "info";
	}
}

int
finding_code_from_name(const char *name)
{
	for (int i = 0; i < F__COUNT; i++)
		if (!strcmp(code_names[i], name))
			return i;
	return -1;
}

void
finding_init(struct finding *f, enum finding_code code, const char *name)
{
	memset(f, 0, sizeof *f);
	f->code = code;
	f->severity = finding_code_severity(code);
	f->name = xstrdup(name);
	f->plan = -1;
}

void
finding_set_message(struct finding *f, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;
	sb_init_limit(&sb, 64 * 1024);
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	free(f->message);
	f->message = sb_steal(&sb);
}

void
finding_add_evidence(struct finding *f, const char *line)
{
	for (size_t i = 0; i < f->n_evidence; i++)
		if (!strcmp(f->evidence[i], line))
			return;
	f->evidence = xrealloc(f->evidence, (f->n_evidence + 1) * sizeof *f->evidence);
	f->evidence[f->n_evidence++] = xstrdup(line);
}

void
finding_add_record(struct finding *f, const struct record *r)
{
	f->records = xrealloc(f->records, (f->n_records + 1) * sizeof *f->records);
	record_copy(&f->records[f->n_records++], r);
}

void
finding_clear(struct finding *f)
{
	free(f->name);
	free(f->message);
	for (size_t i = 0; i < f->n_evidence; i++)
		free(f->evidence[i]);
	free(f->evidence);
	for (size_t i = 0; i < f->n_records; i++)
		record_clear(&f->records[i]);
	free(f->records);
	memset(f, 0, sizeof *f);
	f->plan = -1;
}

/* Most severe first; qsort is not stable, so the code breaks ties
 * deterministically. */
static int
by_severity(const void *a, const void *b)
{
	const struct finding *fa = a, *fb = b;
	if (fa->severity != fb->severity)
		return (int)fa->severity - (int)fb->severity;
	return (int)fa->code - (int)fb->code;
}

void
findings_sort(struct finding *fs, size_t n)
{
	if (n > 1)
		qsort(fs, n, sizeof *fs, by_severity);
}

void
findings_push(struct finding **fs, size_t *n, struct finding *f)
{
	*fs = xrealloc(*fs, (*n + 1) * sizeof **fs);
	(*fs)[(*n)++] = *f;
}

bool
findings_block(const struct finding *fs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fs[i].severity == SEV_ERROR)
			return true;
	return false;
}
