/* Data files from data/: compiled in, or read from $ACM_DOCTOR_DATADIR when it
 * is set, so a fact or a template can be corrected without a rebuild. */
#ifndef ACMD_DATAFILE_H
#define ACMD_DATAFILE_H

#include <stdbool.h>
#include <stddef.h>

struct data_file {
	const char *name;      /* relative to data/, e.g. "providers/cloudflare.tmpl" */
	size_t len;
	const char *text;
};

extern const struct data_file data_files[];

/* Contents of name (NUL-terminated, valid until exit) or NULL. */
const char *datafile_get(const char *name, size_t *len);
/* Iterate: names under a folder prefix ("providers/"); returns NULL at the end. */
const char *datafile_next(const char *prefix, size_t *cursor);

/* For "keyword value" fact files: the values of every line that starts with
 * keyword ('#' comments and blank lines skipped). Free with datafile_values_free. */
char **datafile_values(const char *name, const char *keyword, size_t *n);
/* Each "keyword value" line of a data file, in order: blank lines and '#'
 * comments skipped, the value trimmed ("" when there is none). Stops when
 * line() returns false; returns false then, or when there is no such file. */
bool datafile_each_line(const char *name, bool (*line)(void *ctx, char *kw, char *val), void *ctx);
void datafile_values_free(char **v, size_t n);

/* The words people paste, as the term files (explain-terms.txt,
 * explain-apigw.txt) match them: upper-case letters and digits, every run
 * of anything else one '_', none at either end ("Pending validation." and
 * PENDING_VALIDATION meet). Free the result. */
char *datafile_words(const char *text);
/* Does the normalised text hold the normalised match: the whole of it, or,
 * for a match of DATAFILE_PART_MATCH_MIN characters or more, a part of it
 * (a known message inside a longer pasted one)? Shorter spellings must
 * match whole: "SUCCESS" is not in every message that has the word. */
#define DATAFILE_PART_MATCH_MIN 16
bool datafile_words_match(const char *words, const char *match);

#endif
