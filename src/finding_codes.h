/* Every finding code, declared once. The table feeds the enum, the stable
 * names used in JSON, the default severity and the help text.
 * Codes are a public contract: never rename one, only add. */
#ifndef ACMD_FINDING_CODES_H
#define ACMD_FINDING_CODES_H

/* X(CODE, SEVERITY, help text) */
#define FINDING_CODES(X) \
	X(CAA_NONE, INFO, \
	  N_("No CAA record exists at the name or any parent: every CA, Amazon included, may issue.")) \
	X(CAA_PERMITS_AMAZON, INFO, \
	  N_("The relevant CAA record set names an Amazon CA, so ACM may issue.")) \
	X(CAA_BLOCKS_AMAZON, ERROR, \
	  N_("The relevant CAA record set allows other CAs but not Amazon: ACM fails with CAA_ERROR.")) \
	X(CAA_BLOCKS_AMAZON_WILDCARD, ERROR, \
	  N_("An issuewild record set exists without Amazon, so ACM cannot issue the wildcard name.")) \
	X(CAA_CRITICAL_UNKNOWN, ERROR, \
	  N_("A CAA record has the critical flag (128) on a tag Amazon does not understand: no CA may issue.")) \
	X(CAA_MALFORMED, WARNING, \
	  N_("A CAA issue/issuewild value does not follow RFC 8659 and counts as forbidding issuance.")) \
	X(CAA_PARAMETERS_UNDOCUMENTED, WARNING, \
	  N_("An Amazon CAA value carries parameters; ACM documents none, so their effect is unknown.")) \
	X(CAA_VIA_CNAME, WARNING, \
	  N_("The name is an alias: the CAA records that decide are at the alias target, in another zone.")) \
	X(CAA_CLOUDFLARE_AUTO, WARNING, \
	  N_("Cloudflare adds its own CAA records, hidden in the dashboard; Amazon must be added explicitly.")) \
	X(CAA_LOOKUP_FAILED, ERROR, \
	  N_("A CAA lookup failed (SERVFAIL, timeout or refusal): a CA must not issue when it cannot read CAA.")) \
	X(CAA_AT_PARENT_ZONE, WARNING, \
	  N_("The deciding CAA record set is above your zone (for example at the TLD): add your own set at your zone apex.")) \
	X(INTERNAL_ERROR, ERROR, \
	  N_("acm-doctor could not finish this check; the message says why."))

#endif
