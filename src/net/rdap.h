/* Reading RDAP (RFC 9083) domain answers and the IANA bootstrap file (RFC
 * 9224): pure parsers over hostile JSON, fuzzed. A document larger than
 * RDAP_MAX_BYTES or nested deeper than RDAP_MAX_DEPTH is refused before
 * cJSON sees it; every string kept is sanitised for a terminal and
 * bounded; lists are capped. Nothing here talks to the network. */
#ifndef ACMD_NET_RDAP_H
#define ACMD_NET_RDAP_H

#include <stdbool.h>
#include <stddef.h>

#define RDAP_MAX_BYTES (1024 * 1024)
#define RDAP_MAX_DEPTH 64
#define RDAP_MAX_LIST 32            /* statuses, name servers kept */
#define RDAP_MAX_TEXT 200           /* bytes of one string kept */

struct rdap_domain {
	bool is_error;              /* an RFC 9083 error object (errorCode) */
	int error_code;             /* its errorCode, or 0 */
	char *error_title;
	char *ldh_name;             /* lower case, no trailing dot */
	char *handle;
	char *registrar;            /* the registrar entity's name (vCard fn) */
	char *registrar_iana_id;
	char **status;              /* "client hold", "active" ... as sent, sanitised */
	size_t n_status;
	char **nameservers;         /* lower case, no trailing dot */
	size_t n_nameservers;
	bool redacted;              /* RFC 9537 "redacted", or redaction text in a contact */
	bool redacted_rfc9537;
	char *expiration;           /* the expiration event's date, or NULL */
	char *registration;
};

/* Parse an RDAP answer body; false with err when it is not JSON, too big,
 * too deep, or not a domain or error object. */
bool rdap_domain_parse(const char *buf, size_t len, struct rdap_domain *out,
		       char *err, size_t errlen);
void rdap_domain_free(struct rdap_domain *d);

/* Does a status value stop the domain from resolving (clientHold,
 * serverHold, in RDAP's words "client hold" / "server hold")? */
bool rdap_status_is_hold(const char *status);

/* The bootstrap file: the base URL (https preferred, ends in "/") serving
 * tld (lower case, no dot), copied; NULL with err set when the file does
 * not parse, or "" (not NULL, err empty) when it lists no service for the
 * TLD. *publication gets the file's date (copied) when asked for. */
char *rdap_bootstrap_lookup(const char *buf, size_t len, const char *tld, char **publication,
			    char *err, size_t errlen);

/* Is the JSON in buf nested deeper than max (strings skipped)? */
bool rdap_json_too_deep(const char *buf, size_t len, int max);

#endif
