/* Reading one DNS answer for the CNAME check: comparing names and values
 * as ACM does, and what one server (the resolver, or an authoritative
 * server asked with RD=0) says about the record. Pure functions. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/cname/cname_int.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"


size_t
cname_name_len_nodot(const char *s)
{
	return dns_name_len_nodot(s);
}

bool
cname_value_equal(const char *a, const char *b)
{
	size_t la = cname_name_len_nodot(a), lb = cname_name_len_nodot(b);
	return la == lb && strncasecmp(a, b, la) == 0;
}

/* ACM documents that a value may be entered without its leading underscore
 * when a DNS host refuses one; such a value still validates. */
bool
cname_value_matches(const char *found, const char *expected)
{
	if (cname_value_equal(found, expected))
		return true;
	const char *f = found[0] == '_' ? found + 1 : found;
	const char *e = expected[0] == '_' ? expected + 1 : expected;
	return (f != found || e != expected) && cname_value_equal(f, e);
}

bool
cname_value_suffixed(const char *found, const char *expected, const char *zone)
{
	size_t le = cname_name_len_nodot(expected), lf = strlen(found);
	if (lf <= le + 1 || strncasecmp(found, expected, le) || found[le] != '.')
		return false;
	const char *rest = found + le + 1;
	if (!*rest || !strcmp(rest, "."))
		return false;
	return !zone || cname_value_equal(rest, zone);
}


bool
cname_obs_ok(const struct obs *o)
{
	return o->done && o->outcome == DNS_ANSWER && o->msg &&
	       (o->msg->rcode == DNS_RC_NOERROR || o->msg->rcode == DNS_RC_NXDOMAIN);
}

/* The CNAME owned by name in the answer, or NULL. */
const struct dns_rr *
cname_rr_at(const struct dns_msg *m, const char *name)
{
	for (size_t i = 0; m && i < m->n_answer; i++)
		if (m->rrs[i].type == DNS_T_CNAME && m->rrs[i].rdata_ok && !strcmp(m->rrs[i].owner, name))
			return &m->rrs[i];
	return NULL;
}

/* The negative TTL of an answer: the SOA's TTL capped by its minimum. */
static int64_t
negative_ttl(const struct dns_msg *m)
{
	for (size_t i = 0; m && i < m->n_rr; i++) {
		const struct dns_rr *rr = &m->rrs[i];
		if (rr->section == DNS_SEC_AUTHORITY && rr->type == DNS_T_SOA && rr->rdata_ok)
			return rr->u.soa.minimum < rr->ttl ? rr->u.soa.minimum : rr->ttl;
	}
	return -1;
}

bool
cname_is_referral(const struct dns_msg *m)
{
	return dns_msg_is_referral(m);
}


char *
cname_failure_text(const struct obs *o, bool direct, bool *lame)
{
	struct strbuf sb;
	sb_init_limit(&sb, 2048);
	*lame = false;
	if (!o->done) {
		sb_add(&sb, _("no answer (the check was interrupted)"));
	} else if (o->outcome != DNS_ANSWER || !o->msg) {
		sb_add(&sb, o->error ? o->error : _("no answer"));
		if (direct && o->outcome == DNS_TIMEOUT)
			sb_add(&sb, _(": the server does not answer"));
	} else {
		const struct dns_msg *m = o->msg;
		if (m->rcode != DNS_RC_NOERROR && m->rcode != DNS_RC_NXDOMAIN) {
			sb_add(&sb, dns_rcode_name(m->rcode));
			if (direct && m->rcode == DNS_RC_REFUSED) {
				sb_add(&sb, _(": the server does not serve this zone (lame delegation)"));
				*lame = true;
			}
		} else if (cname_is_referral(m)) {
			sb_add(&sb, _("a referral instead of an answer: the server is not authoritative for this zone (lame delegation)"));
			*lame = true;
		} else {
			sb_add(&sb, _("an answer without the AA flag: the server is not authoritative for this zone (lame delegation)"));
			*lame = true;
		}
		if (m->ede_code >= 0) {
			sb_addf(&sb, " (EDE %d", m->ede_code);
			if (m->ede_text && *m->ede_text)
				sb_addf(&sb, ": %s", m->ede_text);
			sb_addc(&sb, ')');
		}
	}
	return sb_steal(&sb);
}

/* What one answer says about the record. direct: an authoritative server
 * asked with RD=0, whose answer must carry AA to count. */
void
cname_classify(const struct obs *o, const char *name, const char *value, bool direct, struct seen_info *si)
{
	memset(si, 0, sizeof *si);
	si->ttl = -1;
	if (!cname_obs_ok(o) || (direct && !o->msg->aa)) {
		si->seen = CNAME_SEEN_FAILED;
		si->detail = cname_failure_text(o, direct, &si->lame);
		return;
	}
	const struct dns_msg *m = o->msg;
	const struct dns_rr *rr = cname_rr_at(m, name);
	if (rr) {
		si->rr = rr;
		si->value = rr->u.target;
		si->ttl = rr->ttl;
		si->seen = cname_value_matches(rr->u.target, value) ? CNAME_SEEN_MATCH : CNAME_SEEN_OTHER;
		if (si->seen == CNAME_SEEN_MATCH)
			si->detail = xstrdup(direct ? _("the expected value (authoritative)") : _("the expected value"));
		else
			si->detail = xstrdup(direct ? _("another value (authoritative)") : _("another value"));
		return;
	}
	si->ttl = negative_ttl(m);
	si->seen = m->rcode == DNS_RC_NXDOMAIN ? CNAME_SEEN_NXDOMAIN : CNAME_SEEN_NODATA;
	if (m->rcode == DNS_RC_NXDOMAIN)
		si->detail = xstrdup(direct ? _("NXDOMAIN (authoritative): the name does not exist")
				     : _("NXDOMAIN: the name does not exist"));
	else
		si->detail = xstrdup(direct ? _("NOERROR without a CNAME (authoritative): the name exists with other records")
				     : _("NOERROR without a CNAME: the name exists with other records"));
}


const char *
cname_a_in(const struct dns_msg *m, const char *owner, enum dns_section sec)
{
	static char buf[INET6_ADDRSTRLEN];
	return dns_msg_a(m, owner, sec, buf, sizeof buf);
}

/* The A record of name in a resolver answer, following its CNAME chain. */
const char *
cname_resolved_a(const struct dns_msg *m, const char *name)
{
	char cur[DNS_NAME_TEXT_MAX];
	snprintf(cur, sizeof cur, "%s", name);
	for (int hops = 0; hops < 8; hops++) {
		const char *a = cname_a_in(m, cur, DNS_SEC_ANSWER);
		if (a)
			return a;
		const struct dns_rr *c = cname_rr_at(m, cur);
		if (!c)
			return NULL;
		snprintf(cur, sizeof cur, "%s", c->u.target);
	}
	return NULL;
}
