/* Where a missing validation record usually ends up, and what was found
 * there: the names a misplaced copy has (the zone appended twice, no
 * leading underscore, created in the parent zone), the value in a TXT
 * record, or addresses in place of the CNAME (Cloudflare proxying or
 * CNAME flattening: data/cloudflare-ips.txt). cname_probe.c asks; this
 * file names the candidates and reads the answers. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/cname/cname_int.h"
#include "core/datafile.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "fix/provider.h"
#include "net/names.h"

static char *
concat_names(const char *a, const char *b)
{
	size_t la = cname_name_len_nodot(a);
	struct strbuf sb;
	sb_init(&sb);
	sb_addn(&sb, a, la);
	sb_addc(&sb, '.');
	sb_add(&sb, b);
	return sb_steal(&sb);
}

static void
push_cand(struct cname_candidate **out, size_t *n, char *name, enum cname_cand_kind kind)
{
	/* A name too long for the wire is not worth a query. */
	if (strlen(name) > 250) {
		free(name);
		return;
	}
	*out = xrealloc(*out, (*n + 1) * sizeof **out);
	(*out)[*n].name = name;
	(*out)[*n].kind = kind;
	(*n)++;
}

size_t
cname_candidates(const char *name, struct cname_candidate **out)
{
	size_t n = 0;
	*out = NULL;
	if (dns_name_labels(name) < 2)
		return 0;
	const char *rest = dns_name_parent(name);
	size_t first_len = (size_t)(rest - name);     /* "_x1." */
	/* The zone appended once more: the zone is rest or one of its
	 * ancestors, at most three of them, never a TLD alone. */
	const char *s = rest;
	for (int k = 0; k < 3 && dns_name_labels(s) >= 2; k++, s = dns_name_parent(s))
		push_cand(out, &n, concat_names(name, s), CNAME_CAND_DOUBLED);
	/* Without the leading underscore. */
	if (name[0] == '_' && first_len > 2)
		push_cand(out, &n, xstrdup(name + 1), CNAME_CAND_NO_UNDERSCORE);
	/* Created in the parent zone with the subdomain label left out. */
	const char *gp = dns_name_parent(rest);
	if (dns_name_labels(rest) >= 3) {
		struct strbuf sb;
		sb_init(&sb);
		sb_addn(&sb, name, first_len);
		sb_add(&sb, gp);
		push_cand(out, &n, sb_steal(&sb), CNAME_CAND_PARENT);
	}
	return n;
}

void
cname_candidates_free(struct cname_candidate *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].name);
	free(c);
}

/* Cloudflare's ranges, parsed once into a fixed table (no heap kept). */
struct cidr {
	int family;
	uint8_t net[16];
	int bits;
};

static struct cidr cf_ranges[64];
static size_t n_cf_ranges;
static bool cf_loaded;

static void
load_cf_family(const char *kw, int family)
{
	size_t n;
	char **v = datafile_values("cloudflare-ips.txt", kw, &n);
	for (size_t i = 0; i < n && n_cf_ranges < sizeof cf_ranges / sizeof *cf_ranges; i++) {
		char buf[64];
		snprintf(buf, sizeof buf, "%s", v[i]);
		char *slash = strchr(buf, '/');
		if (!slash)
			continue;
		*slash = '\0';
		struct cidr *c = &cf_ranges[n_cf_ranges];
		memset(c, 0, sizeof *c);
		c->family = family;
		c->bits = atoi(slash + 1);
		if (inet_pton(family, buf, c->net) == 1 && c->bits > 0 &&
		    c->bits <= (family == AF_INET ? 32 : 128))
			n_cf_ranges++;
	}
	datafile_values_free(v, n);
}

static bool
prefix_match(const uint8_t *a, const uint8_t *net, int bits)
{
	int full = bits / 8, rest = bits % 8;
	if (memcmp(a, net, (size_t)full))
		return false;
	if (!rest)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return (a[full] & mask) == (net[full] & mask);
}

bool
cname_cloudflare_bytes(int family, const uint8_t *addr)
{
	if (!cf_loaded) {
		load_cf_family("v4", AF_INET);
		load_cf_family("v6", AF_INET6);
		cf_loaded = true;
	}
	for (size_t i = 0; i < n_cf_ranges; i++)
		if (cf_ranges[i].family == family && prefix_match(addr, cf_ranges[i].net, cf_ranges[i].bits))
			return true;
	return false;
}

bool
cname_cloudflare_addr(const char *addr)
{
	uint8_t b[16];
	if (inet_pton(AF_INET, addr, b) == 1)
		return cname_cloudflare_bytes(AF_INET, b);
	if (inet_pton(AF_INET6, addr, b) == 1)
		return cname_cloudflare_bytes(AF_INET6, b);
	return false;
}

static bool
txt_holds_value(const struct dns_rr *rr, const char *value)
{
	/* Concatenate the character-strings, then compare as a name. */
	char buf[1024];
	size_t n = 0;
	for (size_t off = 0; off < rr->rdlen;) {
		size_t l = rr->rdata[off++];
		if (off + l > rr->rdlen)
			return false;
		for (size_t k = 0; k < l && n + 1 < sizeof buf; k++)
			buf[n++] = (char)rr->rdata[off + k];
		off += l;
	}
	buf[n] = '\0';
	if (strlen(buf) != n)       /* a NUL inside is never a match */
		return false;
	char *t = buf;
	while (*t == ' ' || *t == '"')
		t++;
	size_t tl = strlen(t);
	while (tl && (t[tl - 1] == ' ' || t[tl - 1] == '"'))
		t[--tl] = '\0';
	return cname_value_matches(t, value);
}

/* Nothing at the delegated servers: look where it went instead. Returns
 * the number of places found. */
int
cname_look_elsewhere(struct eval *ev)
{
	struct rec *r = ev->r;
	struct finding f;
	int found = 0;

	/* Addresses instead of the CNAME. */
	const struct obs *ao[2] = { &r->a, &r->aaaa };
	bool cf = false, any_addr = false;
	for (int k = 0; k < 2; k++) {
		const struct obs *o = ao[k];
		if (!cname_obs_ok(o) || cname_rr_at(o->msg, r->name))
			continue;
		for (size_t i = 0; i < o->msg->n_answer; i++) {
			const struct dns_rr *rr = &o->msg->rrs[i];
			if ((rr->type != DNS_T_A && rr->type != DNS_T_AAAA) || !rr->rdata_ok ||
			    strcmp(rr->owner, r->name))
				continue;
			any_addr = true;
			cf |= cname_cloudflare_bytes(rr->type == DNS_T_A ? AF_INET : AF_INET6, rr->u.addr);
			char *line = dns_rr_text(rr);
			strv_push(&ev->evidence, &ev->n_evidence, line);
			free(line);
		}
	}
	if (any_addr) {
		int p = cname_plan_for(ev);
		const struct provider *pv = ev->rep->plans[p].provider;
		bool at_cf = pv && !strcmp(provider_id(pv), "cloudflare");
		if (cf) {
			finding_init(&f, F_CNAME_PROXIED, r->name);
			finding_set_message(&f, _("%s answers with Cloudflare proxy addresses instead of the CNAME: the record is proxied (orange cloud), so ACM never sees its target. In Cloudflare, edit the record and set Proxy status to \"DNS only\" (grey cloud), with the target %s."),
					    name_shown(r->name), name_shown(r->value));
		} else {
			finding_init(&f, F_CNAME_FLATTENED, r->name);
			if (at_cf)
				finding_set_message(&f, _("%s answers with addresses instead of the CNAME: Cloudflare flattens it (the zone setting \"Flatten all CNAMEs\", or per-record flattening). Switch the zone to \"Flatten CNAME at apex\" (or turn off flattening for this record) so the CNAME to %s is served as is."),
						    name_shown(r->name), name_shown(r->value));
			else
				finding_set_message(&f, _("%s answers with addresses instead of the CNAME: an address record, a wildcard, or CNAME flattening at the DNS host hides it. Delete any A/AAAA record at this name, and add the CNAME to %s (turn off flattening if the host offers it)."),
						    name_shown(r->name), name_shown(r->value));
		}
		cname_with_evidence(ev, &f);
		cname_fix_add(ev, &f);
		/* The CNAME replaces them: as the zone holds them when a server
		 * of it said (TTL and values, for a DELETE that matches). */
		const struct obs *xo[2] = { &r->exact_a, &r->exact_aaaa };
		for (int k = 0; k < 2; k++) {
			const struct obs *o = cname_obs_ok(xo[k]) && xo[k]->msg->aa ? xo[k] : ao[k];
			for (size_t i = 0; cname_obs_ok(o) && i < o->msg->n_answer; i++) {
				const struct dns_rr *rr = &o->msg->rrs[i];
				if ((rr->type == DNS_T_A || rr->type == DNS_T_AAAA) && rr->rdata_ok && !strcmp(rr->owner, r->name))
					cname_note_replaced(ev, rr);
			}
		}
		cname_add_finding(ev->res, &f);
		found++;
	}

	/* The value as a TXT record. A fix deletes it from the set as the
	 * zone holds it (exact_txt, asked of an authoritative server: TTL and
	 * every value, so a DELETE matches); the resolver's copy only finds it. */
	const struct obs *txt = cname_obs_ok(&r->exact_txt) && r->exact_txt.msg->aa ? &r->exact_txt : &r->txt;
	for (size_t i = 0; cname_obs_ok(txt) && i < txt->msg->n_answer; i++) {
		const struct dns_rr *rr = &txt->msg->rrs[i];
		if (rr->type != DNS_T_TXT || strcmp(rr->owner, r->name) || !txt_holds_value(rr, r->value))
			continue;
		char *data = dns_rdata_text(rr);
		char *line = dns_rr_text(rr);
		finding_init(&f, F_CNAME_TXT_INSTEAD, r->name);
		finding_set_message(&f, _("%s holds the validation value in a TXT record, but ACM only looks for a CNAME. Delete the TXT record (a CNAME cannot share its name with any other record) and add a CNAME with the target %s."),
				    name_shown(r->name), name_shown(r->value));
		cname_with_evidence(ev, &f);
		finding_add_evidence(&f, line);
		for (size_t k = 0; k < txt->msg->n_answer; k++) {
			const struct dns_rr *x = &txt->msg->rrs[k];
			if (x->type != DNS_T_TXT || strcmp(x->owner, r->name))
				continue;
			char *xd = dns_rdata_text(x);
			cname_note_existing(ev, r->name, DNS_T_TXT, x->ttl, xd);
			free(xd);
		}
		cname_fix(ev, &f, REC_DELETE, r->name, DNS_T_TXT, rr->ttl, data);
		cname_fix_add(ev, &f);
		cname_add_finding(ev->res, &f);
		free(data);
		free(line);
		found++;
		break;
	}

	/* A copy under a neighbouring name. */
	for (size_t i = 0; i < r->n_cands; i++) {
		const struct obs *o = &r->cand_obs[i];
		const struct dns_rr *rr = cname_obs_ok(o) ? cname_rr_at(o->msg, r->cands[i].name) : NULL;
		if (!rr)
			continue;
		/* Its TTL as the zone holds it, when a server of the zone said. */
		const struct obs *x = &r->exact_cand[i];
		const struct dns_rr *xrr = cname_obs_ok(x) && x->msg->aa ? cname_rr_at(x->msg, r->cands[i].name) : NULL;
		if (xrr)
			rr = xrr;
		char *line = dns_rr_text(rr);
		bool doubled = r->cands[i].kind == CNAME_CAND_DOUBLED;
		finding_init(&f, doubled ? F_CNAME_DOUBLED_SUFFIX : F_CNAME_WRONG_NAME, r->name);
		if (doubled)
			finding_set_message(&f, _("The record was created as %s: the DNS host added the zone name to a name that already ended with it (GoDaddy, Namecheap and others want only the label, here %s). Delete it and create the record with only the label as its name."),
					    name_shown(r->cands[i].name), cname_label_of(r->name, r->lv.zone));
		else if (r->cands[i].kind == CNAME_CAND_NO_UNDERSCORE)
			finding_set_message(&f, _("The record was created as %s, without the leading underscore; ACM looks up %s. Delete it and create the record with the exact name ACM gives, underscore included."),
					    name_shown(r->cands[i].name), name_shown(r->name));
		else
			finding_set_message(&f, _("The record was created as %s, in the parent zone, but ACM looks up %s: a subdomain label is missing. Create it in the zone of %s with the full name, and delete the misplaced one."),
					    name_shown(r->cands[i].name), name_shown(r->name), name_shown(dns_name_parent(r->name)));
		if (!cname_value_matches(rr->u.target, r->value))
			finding_add_evidence(&f, _("; note: its value is not the expected one either"));
		finding_add_evidence(&f, line);
		cname_with_evidence(ev, &f);
		char *data = xstrdup(rr->u.target);
		cname_fix(ev, &f, REC_DELETE, r->cands[i].name, DNS_T_CNAME, rr->ttl, data);
		cname_fix_add(ev, &f);
		free(data);
		free(line);
		cname_add_finding(ev->res, &f);
		found++;
	}
	return found;
}
