/* The CAA check's evaluation: what the answers gathered by caa_probe.c
 * mean for each target (the verdict and its findings, with the evidence
 * as the DNS returned it). Pure: it reads the check's state and sends
 * nothing, so every message is table-testable from a state. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/caa/caa_int.h"
#include "core/datafile.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "net/names.h"
#include "net/psl.h"

/* The first name of the climb with an answer decides (RFC 8659 §3); a
 * failure before it is a failure, never "no CAA". */
void
caa_evaluate_target(struct caa_check *chk, struct target_state *t)
{
	t->relevant = t->failed = t->registered = -1;
	t->zone_of_base = t->zone_of_owner = t->zone_of_failure = -1;
	/* The registered domain answered NXDOMAIN: it is not delegated (a
	 * missing name below an existing domain is normal, and not this).
	 * Which one it is is looked up only when some name is missing. */
	bool missing = false;
	for (size_t i = 0; i < t->n_climb && !missing; i++) {
		const struct node *n = &chk->nodes[t->climb[i]];
		missing = n->state == N_EMPTY && n->rcode == DNS_RC_NXDOMAIN;
	}
	const char *reg = missing ? psl_registered(psl_default(), t->base) : NULL;
	for (size_t i = 0; reg && i < t->n_climb; i++) {
		const struct node *n = &chk->nodes[t->climb[i]];
		if (!strcmp(n->name, reg) && n->state == N_EMPTY && n->rcode == DNS_RC_NXDOMAIN)
			t->registered = (int)t->climb[i];
	}
	for (size_t i = 0; i < t->n_climb; i++) {
		struct node *n = &chk->nodes[t->climb[i]];
		if (n->state != N_DATA && n->state != N_EMPTY) {
			/* Failed, or never answered: either way not "no CAA". */
			if (!n->fail_text)
				n->fail_text = xstrdup(_("no answer"));
			n->state = N_FAIL;
			t->failed = (int)t->climb[i];
			return;
		}
		if (n->state == N_DATA) {
			t->relevant = (int)t->climb[i];
			caa_decide(n->props, n->n_props, t->wildcard, &t->dec);
			return;
		}
	}
}

static void
add_finding(struct caa_target *ct, struct finding *f)
{
	findings_push(&ct->findings, &ct->n_findings, f);
}

/* Status lines of every name climbed before (and including) the one at limit. */
static void
add_climb_evidence(struct caa_check *chk, const struct target_state *t, size_t limit,
		   struct finding *f)
{
	for (size_t i = 0; i < t->n_climb && i <= limit; i++) {
		const struct node *n = &chk->nodes[t->climb[i]];
		if (n->state == N_FAIL) {
			struct strbuf sb;
			sb_init(&sb);
			sb_addf(&sb, "; %s CAA: %s", n->name, n->fail_text);
			finding_add_evidence(f, sb.buf);
			sb_free(&sb);
		} else if (n->status) {
			finding_add_evidence(f, n->status);
		}
		if (n->state == N_DATA)
			for (size_t j = 0; j < n->n_lines; j++)
				finding_add_evidence(f, n->lines[j]);
		else if (n->owner && strcmp(n->owner, n->name))
			for (size_t j = 0; j < n->n_lines; j++)
				finding_add_evidence(f, n->lines[j]);
	}
}

static size_t
climb_pos(const struct target_state *t, int node)
{
	for (size_t i = 0; i < t->n_climb; i++)
		if ((int)t->climb[i] == node)
			return i;
	return t->n_climb;
}

/* "letsencrypt.org, pki.goog" from the applicable issue or issuewild set. */
static char *
issuers_of(const struct node *n, enum caa_tag_kind kind)
{
	struct strbuf sb;
	sb_init_limit(&sb, 1024);
	for (size_t i = 0; i < n->n_props; i++) {
		const struct caa_prop *p = &n->props[i];
		if (p->kind != kind || p->malformed || !p->issuer || !*p->issuer)
			continue;
		bool dup = false;
		for (size_t j = 0; j < i; j++)
			dup |= n->props[j].kind == kind && !n->props[j].malformed &&
			       n->props[j].issuer && !strcmp(n->props[j].issuer, p->issuer);
		if (dup)
			continue;
		sb_addf(&sb, "%s%s", sb.len ? ", " : "", p->issuer);
	}
	return sb_steal(&sb);
}

void
caa_finding_lookup_failed(struct caa_check *chk, struct target_state *t, struct caa_target *ct)
{
	struct node *n = &chk->nodes[t->failed];
	struct finding f;
	finding_init(&f, F_CAA_LOOKUP_FAILED, n->name);
	const struct zinfo *z = t->zone_of_failure >= 0 ? &chk->zones[t->zone_of_failure] : NULL;
	struct strbuf why;
	sb_init(&why);
	if (n->cd_data && z && z->failed)
		sb_add(&why, _("Every query for this zone fails DNSSEC validation, while with checking disabled the records come back: the chain of trust is broken, most often a DS record at the parent that does not match the zone's keys, or expired signatures."));
	else if (n->cd_data)
		sb_add(&why, _("The CAA records exist, but their DNSSEC signatures do not validate (with checking disabled the resolver returns them): re-sign the zone."));
	else if (z && z->failed)
		sb_addf(&why, _("Every query for this zone fails (%s): the delegation or the DNSSEC chain of trust is broken."), z->fail_text);
	else if (z && (z->secure || z->has_ds))
		sb_addf(&why, _("The zone %s is DNSSEC-signed, so a CA must treat this failure as a refusal: ACM fails with CAA_ERROR. Make the name servers answer CAA queries (NOERROR with no records is fine)."), name_shown(z->zone ? z->zone : n->name));
	else if (z && z->ds_known)
		sb_addf(&why, _("The zone %s is not DNSSEC-signed; a CA may retry and then proceed, but do not count on it: ACM reports CAA_ERROR when it cannot read CAA. Make the name servers answer CAA queries (NOERROR with no records is fine)."), name_shown(z->zone ? z->zone : n->name));
	else
		sb_addf(&why, _("Whether the zone %s is DNSSEC-signed could not be found out. ACM reports CAA_ERROR when it cannot read CAA: make the name servers answer CAA queries (NOERROR with no records is fine)."), name_shown(z && z->zone ? z->zone : n->name));
	finding_set_message(&f, _("The CAA lookup for %s failed: %s. %s"), name_shown(n->name), n->fail_text, why.buf);
	sb_free(&why);
	add_climb_evidence(chk, t, climb_pos(t, t->failed), &f);
	add_finding(ct, &f);
}

/* Cloudflare's hidden set is recognised by its shape: each of its CAs as both
 * issue and issuewild, at least three of the current four (or two historic
 * ones with one current). An ordinary list of CAs under issue alone is not it. */
static bool
has_both_tags(const struct node *n, const char *issuer)
{
	bool issue = false, wild = false;
	for (size_t j = 0; j < n->n_props; j++) {
		const struct caa_prop *p = &n->props[j];
		if (!p->issuer || strcasecmp(p->issuer, issuer))
			continue;
		issue |= p->kind == CAA_TAG_ISSUE;
		wild |= p->kind == CAA_TAG_ISSUEWILD;
	}
	return issue && wild;
}

static bool
looks_like_cloudflare_set(const struct node *n)
{
	/* No issuewild with a CA: it cannot be the set, and the list of its
	 * CAs is not even read (most sets a fleet scan meets). */
	bool wild = false;
	for (size_t j = 0; j < n->n_props && !wild; j++)
		wild = n->props[j].kind == CAA_TAG_ISSUEWILD && n->props[j].issuer;
	if (!wild)
		return false;
	size_t nc, nh, hits = 0, hist = 0;
	char **cur = datafile_values("cloudflare-caa.txt", "current", &nc);
	char **old = datafile_values("cloudflare-caa.txt", "historic", &nh);
	for (size_t i = 0; i < nc; i++)
		hits += has_both_tags(n, cur[i]);
	for (size_t i = 0; i < nh; i++)
		hist += has_both_tags(n, old[i]);
	datafile_values_free(cur, nc);
	datafile_values_free(old, nh);
	return hits >= 3 || (hits >= 1 && hist >= 2);
}


/* The zone-file line of property i: the CAA lines follow the alias chain
 * in n->lines, in the same order as n->props. */
static const char *
prop_line(const struct node *n, size_t i)
{
	return n->lines[n->n_lines - n->n_props + i];
}

void
caa_findings_for_rrset(struct caa_check *chk, struct target_state *t, struct caa_target *ct)
{
	struct node *n = &chk->nodes[t->relevant];
	size_t pos = climb_pos(t, t->relevant);
	const char *ca = chk->ca_label;
	bool deny = t->dec.outcome == CAA_OUT_DENY;
	struct finding f;

	if (strcmp(n->owner, n->name)) {
		finding_init(&f, F_CAA_VIA_CNAME, n->name);
		if (!deny)
			f.severity = SEV_INFO;
		finding_set_message(&f, _("%s is an alias (CNAME) for %s, so the CAA records at %s decide. A CNAME cannot have CAA records next to it: to change the outcome, add %s at %s (ask whoever runs that zone), or point %s elsewhere while ACM issues."),
				    name_shown(n->name), name_shown(n->owner), name_shown(n->owner), ca, name_shown(n->owner), name_shown(n->name));
		add_climb_evidence(chk, t, pos, &f);
		add_finding(ct, &f);
	}

	switch (t->dec.reason) {
	case CAA_R_CRITICAL: {
		const struct caa_prop *p = &n->props[t->dec.deciding];
		finding_init(&f, F_CAA_CRITICAL_UNKNOWN, n->owner);
		finding_set_message(&f, _("The CAA record %s at %s sets the critical flag (128) on the tag \"%s\", which %s does not understand: no CA may issue for %s. Delete the record, or set its flag to 0 if the tag is needed."),
				    p->rdata, name_shown(n->owner), p->tag, ca, name_shown(t->name));
		break;
	}
	case CAA_R_NOT_LISTED: {
		char *who = issuers_of(n, CAA_TAG_ISSUE);
		finding_init(&f, F_CAA_BLOCKS_AMAZON, n->owner);
		if (*who)
			finding_set_message(&f, _("The CAA records at %s allow %s but not %s, so ACM cannot issue %s (it fails with CAA_ERROR)."),
					    name_shown(n->owner), who, ca, name_shown(t->name));
		else
			finding_set_message(&f, _("The CAA records at %s allow no CA at all (issue \";\" or unusable values), so ACM cannot issue %s (it fails with CAA_ERROR)."),
					    name_shown(n->owner), name_shown(t->name));
		free(who);
		break;
	}
	case CAA_R_WILD_NOT_LISTED: {
		char *who = issuers_of(n, CAA_TAG_ISSUEWILD);
		finding_init(&f, F_CAA_BLOCKS_AMAZON_WILDCARD, n->owner);
		finding_set_message(&f, _("The issuewild records at %s allow %s but not %s, so ACM cannot issue the wildcard %s. Once any issuewild record exists, issue records no longer count for wildcard names."),
				    name_shown(n->owner), *who ? who : _("no CA"), ca, name_shown(t->name));
		free(who);
		break;
	}
	case CAA_R_LISTED:
		finding_init(&f, F_CAA_PERMITS_AMAZON, n->owner);
		finding_set_message(&f, _("The CAA records at %s allow %s for %s: %s."), name_shown(n->owner), ca,
				    name_shown(t->name), n->props[t->dec.deciding].rdata);
		break;
	case CAA_R_NO_RESTRICTION:
	default:
		finding_init(&f, F_CAA_PERMITS_AMAZON, n->owner);
		finding_set_message(&f, _("The CAA records at %s have no %s property, so they do not restrict issuance of %s."),
				    name_shown(n->owner), t->wildcard ? "issue/issuewild" : "issue", name_shown(t->name));
		break;
	}
	add_climb_evidence(chk, t, pos, &f);
	add_finding(ct, &f);

	for (size_t i = 0; i < n->n_props; i++) {
		const struct caa_prop *p = &n->props[i];
		if (p->malformed) {
			finding_init(&f, F_CAA_MALFORMED, n->owner);
			if (p->looks_like_ca)
				finding_set_message(&f, _("The value in %s does not follow RFC 8659 (a trailing dot, a stray character or a NUL), so it authorises nobody, although it looks meant for %s. Replace it with 0 %s \"%s\"."),
						    p->rdata, ca, p->tag, chk->ids->names[0]);
			else
				finding_set_message(&f, _("The value in %s does not follow RFC 8659, so it authorises nobody."), p->rdata);
			finding_add_evidence(&f, prop_line(n, i));
			add_finding(ct, &f);
		} else if (p->names_ca && p->has_params) {
			finding_init(&f, F_CAA_PARAMETERS_UNDOCUMENTED, n->owner);
			finding_set_message(&f, _("%s names %s with parameters; ACM documents no CAA parameters (RFC 8657 accounturi/validationmethods included), so their effect is unknown. Prefer plain %u %s \"%s\"."),
					    p->rdata, ca, 0u, p->tag, p->issuer);
			finding_add_evidence(&f, prop_line(n, i));
			add_finding(ct, &f);
		}
	}

	if (!chk->ids->custom && looks_like_cloudflare_set(n)) {
		finding_init(&f, F_CAA_CLOUDFLARE_AUTO, n->owner);
		if (!deny)
			f.severity = SEV_INFO;
		finding_set_message(&f, _("The CAA set at %s contains the CAs Cloudflare adds by itself (pki.goog, letsencrypt.org, ssl.com, sectigo.com) once a zone has any CAA record. They do not show in the Cloudflare dashboard and never include Amazon: %s must be added explicitly."),
				    name_shown(n->owner), ca);
		for (size_t j = 0; j < n->n_lines; j++)
			finding_add_evidence(&f, n->lines[j]);
		add_finding(ct, &f);
	}
}

void
caa_parent_zone_finding(struct caa_check *chk, const struct target_state *t, struct caa_target *ct,
		    const char *apex)
{
	const struct node *n = &chk->nodes[t->relevant];
	struct finding f;
	finding_init(&f, F_CAA_AT_PARENT_ZONE, n->owner);
	finding_set_message(&f, _("The CAA records that decide for %s are at %s, above your zone %s, where you cannot change them. A CAA record set at %s takes precedence: add one there that names %s (the fix below also carries over the CAs %s allows today)."),
			    name_shown(t->name), name_shown(n->owner), name_shown(apex), name_shown(apex), chk->ca_label, name_shown(n->owner));
	for (size_t j = 0; j < n->n_lines; j++)
		finding_add_evidence(&f, n->lines[j]);
	add_finding(ct, &f);
}

int64_t
caa_decisive_ttl(struct caa_check *chk, const struct target_state *t)
{
	if (t->relevant >= 0)
		return chk->nodes[t->relevant].ttl;
	if (t->failed >= 0)
		return -1;
	int64_t ttl = -1;
	for (size_t i = 0; i < t->n_climb; i++) {
		int64_t n = chk->nodes[t->climb[i]].ttl;
		if (n >= 0 && (ttl < 0 || n < ttl))
			ttl = n;
	}
	return ttl;
}

void
caa_finding_none(struct caa_check *chk, struct target_state *t, struct caa_target *ct)
{
	struct finding f;
	finding_init(&f, F_CAA_NONE, t->base);
	finding_set_message(&f, _("There are no CAA records at %s or any parent up to the TLD, so any CA, %s included, may issue %s."),
			    name_shown(t->base), chk->ca_label, name_shown(t->name));
	add_climb_evidence(chk, t, t->n_climb, &f);
	add_finding(ct, &f);
}
