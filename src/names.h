/* Names as people type them: internationalised names to A-labels, case
 * and trailing dot normalised, wildcards only as the whole first label.
 * Shared by the command line and the TUI's name field. */
#ifndef ACMD_NAMES_H
#define ACMD_NAMES_H

#include <stddef.h>

/* The canonical form ("*.xn--bcher-kva.example." ...), malloc'd; NULL with a
 * translated reason in why when the input is not a usable domain name. */
char *name_from_user(const char *in, char *why, size_t whylen);

#endif
