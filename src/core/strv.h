/* Growable arrays of owned strings (evidence lines, name-server lists, the
 * values of a data file): one way to add to them and to free them. */
#ifndef ACMD_STRV_H
#define ACMD_STRV_H

#include <stddef.h>

/* Append a copy of s to the n strings at *v. */
void strv_push(char ***v, size_t *n, const char *s);
/* Free the n strings and the array (v may be NULL). */
void strv_free(char **v, size_t n);

#endif
