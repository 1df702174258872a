/* Names as people type them: internationalised names to A-labels, case
 * and trailing dot normalised, wildcards only as the whole first label.
 * Shared by the command line and the TUI's name field. */
#ifndef ACMD_NAMES_H
#define ACMD_NAMES_H

#include <stdbool.h>
#include <stddef.h>

/* The canonical form ("*.xn--bcher-kva.example." ...), malloc'd; NULL with a
 * translated reason in why when the input is not a usable domain name. */
char *name_from_user(const char *in, char *why, size_t whylen);

/* A canonical name as people read it in a sentence: without the trailing
 * dot that evidence lines and JSON keep. The result lives in a ring of 8
 * buffers, enough for the names of one message. */
const char *name_shown(const char *name);

/* The same for a command-line argument: NULL after saying why on stderr
 * (the argument shown sanitised). */
char *name_from_arg(const char *arg);

/* A line of a name list (check --names-from, the TUI's list screen):
 * names separated by commas or blanks, "#" to the end of the line a
 * comment. The names in *out (canonical, each once, strv_free them):
 * their number, 0 for a blank or comment line; -1 with why (the bad word
 * quoted, sanitised) when a word is not a name or there are more than max. */
int names_from_line(const char *line, size_t max, char ***out, size_t *n, char *why, size_t whylen);

/* A --timeout argument: milliseconds from 10 to 60000, or -1 after saying
 * why on stderr. */
int timeout_from_arg(const char *arg);
/* The same for another option of milliseconds (--smtp-timeout), which the
 * refusal names. */
int ms_from_arg(const char *option, const char *arg);

/* Say on stderr that an option's value is refused: "acm-doctor: OPTION
 * \"VALUE\": WHY" (WHY translated: what was expected, or what is wrong),
 * the value escaped (control characters and non-ASCII shown as escapes)
 * and cut at 200 bytes. */
void opt_refuse(const char *option, const char *value, const char *why);

/* A --ca-file value: false after opt_refuse when it cannot be read. */
bool opt_ca_file(const char *option, const char *path);

#endif
