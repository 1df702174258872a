/* What curl and browsers print for the causes the API Gateway check finds
 * (data/explain-apigw.txt), for its evidence and for `acm-doctor explain`. */
#ifndef ACMD_APIGW_CLIENTS_H
#define ACMD_APIGW_CLIENTS_H

#include <stddef.h>

struct apigw_term {
	char *term;             /* as the client prints it */
	char *from;             /* which clients: "Chrome, Edge" (a msgid) */
	char *cause;            /* "APIGW_CERT_NAME_MISMATCH", "APIGW_TLS_FAILED:alert-112" */
	char *explain, *next;   /* msgids: look them up with _() */
	char *check;            /* the acm-doctor command that diagnoses it */
	char **match;           /* normalised spellings, the term's own first */
	size_t n_match;
};

/* Every term, in the file's order (loaded once, freed at exit). */
const struct apigw_term *apigw_terms(size_t *n);
/* The term a pasted message means (case, blanks and punctuation do not
 * count; a spelling of 16 characters or more may be part of it), or NULL. */
const struct apigw_term *apigw_term_find(const char *text);

#endif
