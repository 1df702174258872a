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
	X(CNAME_OK, INFO, \
	  N_("The validation CNAME is in place with the value ACM expects, at the resolver and at every authoritative server.")) \
	X(CNAME_MISSING, ERROR, \
	  N_("The validation CNAME does not exist: ACM cannot validate the name until it is added.")) \
	X(CNAME_DOUBLED_SUFFIX, ERROR, \
	  N_("The validation CNAME was created with the zone name twice (the provider appended the zone to a full name).")) \
	X(CNAME_VALUE_SUFFIXED, ERROR, \
	  N_("The CNAME value has the zone appended (the value was entered without its trailing dot).")) \
	X(CNAME_TXT_INSTEAD, ERROR, \
	  N_("The validation value was published as a TXT record; ACM needs a CNAME.")) \
	X(CNAME_WRONG_VALUE, ERROR, \
	  N_("The validation CNAME points to another value (for example from an earlier certificate request).")) \
	X(CNAME_PROXIED, ERROR, \
	  N_("The validation name answers with Cloudflare proxy addresses: the record is proxied and ACM never sees the CNAME.")) \
	X(CNAME_FLATTENED, ERROR, \
	  N_("The validation name answers with addresses instead of the CNAME (CNAME flattening or an address record).")) \
	X(CNAME_WRONG_NAME, ERROR, \
	  N_("A record with the validation value exists, but under a neighbouring name, not the one ACM looks up.")) \
	X(CNAME_WRONG_ZONE, ERROR, \
	  N_("The record exists only in a zone the registry does not delegate to (for example a second Route 53 hosted zone).")) \
	X(CNAME_NS_INCONSISTENT, ERROR, \
	  N_("The authoritative servers of the zone disagree: some have the validation CNAME, some do not.")) \
	X(CNAME_NEGATIVE_CACHED, WARNING, \
	  N_("The record is in place, but resolvers still remember that it did not exist; this clears by itself.")) \
	X(CNAME_LOOKUP_FAILED, ERROR, \
	  N_("A lookup of the validation record failed (SERVFAIL, DNSSEC failure, timeout or lame delegation).")) \
	X(ACM_PENDING_VALIDATION, WARNING, \
	  N_("ACM is still waiting to validate the names; it keeps trying for 72 hours after the request.")) \
	X(ACM_NEEDS_NEW_REQUEST, ERROR, \
	  N_("The 72-hour validation window has passed: request a new certificate (the same records are reused).")) \
	X(ACM_VALIDATION_TIMED_OUT, ERROR, \
	  N_("ACM gave up after 72 hours without validating every name: request a new certificate.")) \
	X(ACM_ISSUED, INFO, \
	  N_("The certificate is issued.")) \
	X(ACM_INACTIVE, WARNING, \
	  N_("ACM reports the certificate as inactive.")) \
	X(ACM_EXPIRED, ERROR, \
	  N_("The certificate has expired and ACM does not renew it any more.")) \
	X(ACM_REVOKED, ERROR, \
	  N_("The certificate was revoked.")) \
	X(ACM_FAILED_CAA, ERROR, \
	  N_("ACM failed the request with CAA_ERROR: a CAA record forbids Amazon for a name on it.")) \
	X(ACM_NO_AVAILABLE_CONTACTS, ERROR, \
	  N_("ACM found no address to send the validation email to.")) \
	X(ACM_ADDITIONAL_VERIFICATION, ERROR, \
	  N_("ACM needs AWS Support to verify the request by hand; no DNS change can fix it.")) \
	X(ACM_DOMAIN_NOT_ALLOWED, ERROR, \
	  N_("A name on the certificate was flagged as unsafe, so ACM refuses to issue.")) \
	X(ACM_INVALID_PUBLIC_DOMAIN, ERROR, \
	  N_("A name is not under a valid public suffix, so no public CA can issue for it.")) \
	X(ACM_AMAZON_OWNED_NAME, ERROR, \
	  N_("A name is under a domain Amazon owns (amazonaws.com, cloudfront.net, ...): ACM will not issue for it.")) \
	X(ACM_VALIDATION_DENIED, ERROR, \
	  N_("ACM denied the validation of a name (DOMAIN_VALIDATION_DENIED).")) \
	X(ACM_PCA_PROBLEM, ERROR, \
	  N_("The private CA could not issue the certificate.")) \
	X(ACM_SLR_NOT_FOUND, ERROR, \
	  N_("ACM's service-linked role is missing, so a certificate from a shared private CA cannot renew.")) \
	X(ACM_OTHER, ERROR, \
	  N_("ACM failed the request with reason OTHER, which usually means a typo in a name.")) \
	X(ACM_UNKNOWN_REASON, WARNING, \
	  N_("ACM reported a status or reason acm-doctor does not know.")) \
	X(ACM_EMAIL_VALIDATION, WARNING, \
	  N_("Names are validated by email: ACM waits for an approval per name; the email check shows where the mail goes. DNS validation is the better choice.")) \
	X(ACM_HTTP_VALIDATION, WARNING, \
	  N_("The name is validated over HTTP (CloudFront), which acm-doctor cannot check.")) \
	X(ACM_RECORD_NOT_PUBLISHED, INFO, \
	  N_("ACM has not published the validation record for the name yet; ask again in a minute.")) \
	X(ACM_RENEWAL_PENDING, WARNING, \
	  N_("ACM's managed renewal is waiting for validation records it cannot find.")) \
	X(ACM_RENEWAL_FAILED, ERROR, \
	  N_("ACM's managed renewal failed; the certificate will expire unless the cause is fixed.")) \
	X(ACM_CAA_ERROR_RESOLVED, ERROR, \
	  N_("ACM failed the request with CAA_ERROR, but the CAA records of every name permit Amazon now: request a new certificate.")) \
	X(RESOLVER_FAILED, ERROR, \
	  N_("The resolver asked refuses, does not answer, or does not recurse: no zone can be judged through it; use another resolver.")) \
	X(DOMAIN_NOT_DELEGATED, ERROR, \
	  N_("The registered domain does not exist in public DNS (its parent zone answers NXDOMAIN): not registered, expired, or its delegation was lost.")) \
	X(ACM_STATUS_NOT_GIVEN, INFO, \
	  N_("The input is part of describe-certificate's output: it has validation records but not the certificate's status.")) \
	X(ACM_EXPIRING_SOON, WARNING, \
	  N_("The certificate expires soon and ACM has not renewed it (or cannot: it was imported).")) \
	X(AWS_NO_CREDENTIALS, ERROR, \
	  N_("No AWS credentials were found: not in the environment, the shared files, a web identity, the container nor instance metadata.")) \
	X(AWS_CREDENTIALS_FAILED, ERROR, \
	  N_("A configured source of AWS credentials failed (credential_process, web identity, a role to assume, the container endpoint).")) \
	X(AWS_EXPIRED_TOKEN, ERROR, \
	  N_("The AWS credentials have expired: sign in again or refresh the session.")) \
	X(AWS_INVALID_CREDENTIALS, ERROR, \
	  N_("AWS does not know the access key, or a temporary key came without its session token.")) \
	X(AWS_SIGNATURE_MISMATCH, ERROR, \
	  N_("AWS refused the request's signature: the secret access key does not belong to the key id.")) \
	X(AWS_CLOCK_SKEW, ERROR, \
	  N_("The computer's clock is so far off that AWS rejects every signed request.")) \
	X(AWS_ACCESS_DENIED, ERROR, \
	  N_("The credentials are not allowed an IAM action acm-doctor needs; the finding names the action.")) \
	X(AWS_THROTTLED, ERROR, \
	  N_("AWS kept throttling the requests after acm-doctor's retries with backoff.")) \
	X(AWS_NOT_FOUND, ERROR, \
	  N_("AWS has no such certificate, domain name or hosted zone in that region for these credentials.")) \
	X(AWS_WRONG_REGION, ERROR, \
	  N_("The region has no such endpoint, is not enabled for the account, or is not the certificate's region.")) \
	X(AWS_REQUEST_FAILED, ERROR, \
	  N_("The AWS API could not be reached (network, proxy, TLS) or gave an answer acm-doctor cannot read.")) \
	X(EMAIL_ADDRESSES, INFO, \
	  N_("ACM sends the validation email to five fixed addresses at the validation domain; WHOIS contacts are no longer used.")) \
	X(EMAIL_NO_MX, ERROR, \
	  N_("The validation domain has no MX record, so mail to its addresses cannot be delivered: ACM fails with NO_AVAILABLE_CONTACTS.")) \
	X(EMAIL_NULL_MX, ERROR, \
	  N_("The validation domain publishes a null MX (RFC 7505): it declares that it receives no mail at all.")) \
	X(EMAIL_MX_UNRESOLVABLE, ERROR, \
	  N_("An MX host of the validation domain has no address (it does not exist, or is an address literal), so mail cannot reach it.")) \
	X(EMAIL_MX_UNREACHABLE, ERROR, \
	  N_("An MX host did not accept an SMTP connection on port 25 from here (refused, no greeting, or an error code).")) \
	X(EMAIL_MX_AT_PARENT, ERROR, \
	  N_("The validation domain has no MX record, but a parent domain does: ACM writes to the validation domain itself, not to the parent.")) \
	X(EMAIL_DOMAIN_ON_HOLD, ERROR, \
	  N_("The registry has the domain on hold (clientHold or serverHold): it is taken out of the DNS and receives no mail.")) \
	X(EMAIL_REGISTRY_NS_MISMATCH, WARNING, \
	  N_("The registry lists other name servers than the DNS returns for the domain: records may be edited at a provider the world does not ask.")) \
	X(EMAIL_PREFER_DNS_VALIDATION, INFO, \
	  N_("Email validation is being retired by the CA/Browser Forum and ACM; DNS validation needs no mailbox and renews on its own.")) \
	X(EMAIL_MX_ALIAS, WARNING, \
	  N_("An MX record points at an alias (CNAME); RFC 2181 forbids it, though most mail servers follow it.")) \
	X(EMAIL_REGISTRATION, INFO, \
	  N_("The registration data of the registrable domain, as its registry publishes it over RDAP.")) \
	X(EMAIL_MX_LOOKUP_FAILED, ERROR, \
	  N_("The MX lookup of the validation domain failed (SERVFAIL or timeout), so nobody can tell where its mail goes.")) \
	X(INTERNAL_ERROR, ERROR, \
	  N_("acm-doctor could not finish this check; the message says why."))

#endif
