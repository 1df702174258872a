/* The public suffix list (Debian's publicsuffix package, read at run time;
 * the ICANN section only: what registries delegate, and what ACM means by a
 * public domain): is a name a public suffix, and what is its registered
 * domain, the one name below its suffix that somebody registers. */
#ifndef ACMD_NET_PSL_H
#define ACMD_NET_PSL_H

#include <stdbool.h>
#include <stddef.h>

#define PSL_DEFAULT_PATH "/usr/share/publicsuffix/public_suffix_list.dat"

struct psl;

struct psl *psl_load(const char *path, char *err, size_t errlen);
void psl_free(struct psl *psl);
/* The list at PSL_DEFAULT_PATH ($ACM_DOCTOR_PSL when set), read once and
 * kept; NULL when it cannot be read. */
const struct psl *psl_default(void);

/* For canonical names ("www.example.co.uk."), wildcards without "*.". */
bool psl_is_suffix(const struct psl *psl, const char *name);
/* Is the zone nobody's own: the root, a top-level domain, or a public
 * suffix of the list? A fix never goes "at" such a zone. */
bool psl_is_public(const struct psl *psl, const char *zone);
/* Is the top-level label of name in the list at all? */
bool psl_known_tld(const struct psl *psl, const char *name);
/* The registered domain of name (a pointer into it): "example.co.uk." of
 * "www.example.co.uk."; NULL when name is a public suffix itself. Without a
 * list (psl NULL), or under a top-level domain the list does not know, the
 * suffix is the last label. */
const char *psl_registered(const struct psl *psl, const char *name);

#endif
