/* What the email check's answers mean, per validation domain: the
 * addresses, the MX records that count, each host's addresses and SMTP
 * greeting, the registration; the verdict and the findings. Pure: it reads
 * the state the probes filled (email_int.h) and sends nothing, so the
 * table tests in tests/src/checks/email/ drive it directly. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/email/email_int.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "fix/provider.h"
#include "net/names.h"

static const char *const boxes[] = { "admin", "administrator", "hostmaster", "postmaster", "webmaster" };

enum host_state { HS_OK, HS_UNCONFIRMED, HS_UNREACHABLE, HS_UNRESOLVABLE };

int
email_deciding_level(const struct email_check *chk, const struct target *t)
{
	const struct level *own = &chk->levels[t->climb[0]];
	if (own->state != LK_NODATA)
		return own->state == LK_DATA ? (int)t->climb[0] : -1;
	for (size_t i = 1; i < t->n_climb; i++) {
		const struct level *lv = &chk->levels[t->climb[i]];
		if (lv->state == LK_DATA && !(lv->n_mx == 1 && !strcmp(lv->mx[0].exchange, ".")))
			return (int)t->climb[i];
	}
	return -1;
}

static void
push(struct email_target *et, struct finding *f)
{
	findings_push(&et->findings, &et->n_findings, f);
}

/* "example.com" from "example.com.". */
static char *
plain(const char *name)
{
	size_t n = strlen(name);
	return xstrndup(name, n > 1 ? n - 1 : n);
}

static bool
is_null_mx(const struct level *lv)
{
	return lv->n_mx == 1 && !strcmp(lv->mx[0].exchange, ".");
}

static void
level_evidence(struct finding *f, const struct level *lv)
{
	if (lv->state == LK_DATA) {
		for (size_t i = 0; i < lv->n_lines; i++)
			finding_add_evidence(f, lv->lines[i]);
		return;
	}
	struct strbuf sb;
	sb_init(&sb);
	switch (lv->state) {
	case LK_NODATA: sb_addf(&sb, "; %s MX: NOERROR, no MX records (NODATA)", lv->name); break;
	case LK_NXDOMAIN: sb_addf(&sb, "; %s MX: NXDOMAIN (the name does not exist)", lv->name); break;
	case LK_FAIL: sb_addf(&sb, "; %s MX: %s", lv->name, lv->fail_text ? lv->fail_text : "failed"); break;
	default: sb_addf(&sb, "; %s MX: no answer", lv->name); break;
	}
	finding_add_evidence(f, sb.buf);
	sb_free(&sb);
}

/* ---- addresses ---- */

static void
judge_addresses(const struct target *t, struct email_target *et)
{
	char *d = plain(t->domain);
	for (size_t i = 0; i < 5; i++) {
		char *a = str_fmt(400, "%s@%s", boxes[i], d);
		strv_push(&et->addresses, &et->n_addresses, a);
		free(a);
	}
	struct finding f;
	finding_init(&f, F_EMAIL_ADDRESSES, t->domain);
	finding_set_message(&f, _("ACM sends the validation email for %s to admin@, administrator@, hostmaster@, postmaster@ and webmaster@%s; one approval per name. ACM has not used WHOIS contacts since 2024, so WHOIS privacy is not the cause."),
			    name_shown(t->names[0]), d);
	for (size_t i = 0; i < et->n_addresses; i++)
		finding_add_evidence(&f, et->addresses[i]);
	if (t->n_cert_emails) {
		size_t same = 0;
		for (size_t i = 0; i < t->n_cert_emails; i++)
			for (size_t k = 0; k < et->n_addresses; k++)
				same += !strcasecmp(t->cert_emails[i], et->addresses[k]);
		if (same == t->n_cert_emails && same == et->n_addresses) {
			finding_add_evidence(&f, "; the certificate's ValidationEmails are the same five addresses");
		} else {
			finding_add_evidence(&f, "; the certificate's ValidationEmails differ:");
			for (size_t i = 0; i < t->n_cert_emails; i++) {
				char *l = str_fmt(400, ";   %s", t->cert_emails[i]);
				finding_add_evidence(&f, l);
				free(l);
			}
		}
	}
	push(et, &f);
	free(d);
}

/* ---- hosts ---- */

static const struct addr_probe *
probe_of(const struct email_check *chk, const char *addr)
{
	for (size_t i = 0; i < chk->n_probes; i++)
		if (!strcmp(chk->probes[i].addr, addr))
			return &chk->probes[i];
	return NULL;
}

static char *
smtp_detail(const struct smtp_result *r)
{
	switch (r->outcome) {
	case SMTP_GREETED:
		return str_fmt(600, _("accepts connections (banner %d %s)"), r->banner_code, r->banner ? r->banner : "");
	case SMTP_REJECTED:
		return str_fmt(600, _("answers with error %d (%s)"), r->banner_code, r->banner ? r->banner : "");
	default:
		return xstrdup(r->error ? r->error : smtp_outcome_name(r->outcome));
	}
}

static enum host_state
host_state(const struct email_check *chk, const struct host *h)
{
	if (h->literal || !h->n_addrs)
		return HS_UNRESOLVABLE;
	bool any_timeout = false, any_unknown = false;
	for (size_t i = 0; i < h->n_addrs; i++) {
		const struct addr_probe *ap = probe_of(chk, h->addrs[i]);
		if (!ap || !ap->res)
			any_unknown = true;
		else if (ap->res->outcome == SMTP_GREETED)
			return HS_OK;
		else if (ap->res->outcome == SMTP_CONNECT_TIMEOUT)
			any_timeout = true;
	}
	return any_timeout || any_unknown ? HS_UNCONFIRMED : HS_UNREACHABLE;
}

static size_t
host_index(const struct email_check *chk, const char *name)
{
	for (size_t i = 0; i < chk->n_hosts; i++)
		if (!strcmp(chk->hosts[i].name, name))
			return i;
	return (size_t)-1;
}

static void
host_unresolvable(const struct host *h, struct finding *f)
{
	if (h->literal)
		finding_set_message(f, _("The MX host %s is an IP address written as a name; RFC 5321 (5.1) wants a host name there, so mail servers look it up as a name and find nothing. Point the MX record at a host name with an A record."),
				    name_shown(h->name));
	else if (h->a == LK_NXDOMAIN)
		finding_set_message(f, _("The MX host %s does not exist in the DNS (NXDOMAIN), so mail for the domain cannot be delivered to it. Point the MX record at a mail server that exists, or create the host's A record."),
				    name_shown(h->name));
	else if (h->a == LK_FAIL || h->aaaa == LK_FAIL)
		finding_set_message(f, _("The addresses of the MX host %s could not be looked up (%s)."),
				    name_shown(h->name), h->fail_text ? h->fail_text : "?");
	else
		finding_set_message(f, _("The MX host %s has no A or AAAA record, so mail for the domain cannot be delivered to it. Add the host's address records, or point the MX record at a mail server that has them."),
				    name_shown(h->name));
	char *l = str_fmt(600, "; %s A: %s, AAAA: %s", h->name,
			  h->literal ? "not asked (address literal)" : h->a == LK_NXDOMAIN ? "NXDOMAIN" : h->a == LK_NODATA ? "NODATA" : h->a == LK_FAIL ? "failed" : "-",
			  h->literal ? "not asked" : h->aaaa == LK_NXDOMAIN ? "NXDOMAIN" : h->aaaa == LK_NODATA ? "NODATA" : h->aaaa == LK_FAIL ? "failed" : "-");
	finding_add_evidence(f, l);
	free(l);
}

static void
host_unreachable(const struct email_check *chk, const struct host *h, enum host_state st, struct finding *f)
{
	if (st == HS_UNCONFIRMED)
		finding_set_message(f, _("The MX host %s did not answer on port 25 from here. Many networks block outbound port 25, so this is not proof that ACM's mail fails; try from a server outside this network (telnet %s 25)."),
				    name_shown(h->name), name_shown(h->name));
	else
		finding_set_message(f, _("The MX host %s does not take mail: no address of it gave an SMTP greeting on port 25. Fix the mail server, or point the MX record at one that works."),
				    name_shown(h->name));
	for (size_t i = 0; i < h->n_lines; i++)
		finding_add_evidence(f, h->lines[i]);
	for (size_t i = 0; i < h->n_addrs; i++) {
		const struct addr_probe *ap = probe_of(chk, h->addrs[i]);
		char *d = ap && ap->res ? smtp_detail(ap->res) : xstrdup(_("not probed"));
		char *l = str_fmt(800, "; SMTP %s: %s", h->addrs[i], d);
		finding_add_evidence(f, l);
		free(l);
		free(d);
	}
}

static void
fill_views(const struct email_check *chk, const struct level *lv, struct email_target *et)
{
	et->mx = xcalloc(lv->n_mx ? lv->n_mx : 1, sizeof *et->mx);
	for (size_t k = 0; k < lv->n_mx; k++) {
		struct email_mx_view *v = &et->mx[et->n_mx++];
		v->exchange = xstrdup(lv->mx[k].exchange);
		v->pref = lv->mx[k].pref;
		size_t hi = host_index(chk, lv->mx[k].exchange);
		const struct host *h = hi == (size_t)-1 ? NULL : &chk->hosts[hi];
		const char *st = !h ? "null" : h->literal ? "literal" : h->n_addrs ? (h->alias ? "alias" : "ok") :
				 h->a == LK_NXDOMAIN ? "nxdomain" : (h->a == LK_FAIL || h->aaaa == LK_FAIL) ? "lookup-failed" : "no-address";
		v->state = xstrdup(st);
		for (size_t i = 0; h && i < h->n_addrs; i++) {
			strv_push(&v->addresses, &v->n_addresses, h->addrs[i]);
			const struct addr_probe *ap = probe_of(chk, h->addrs[i]);
			if (!ap || !ap->res)
				continue;
			et->smtp = xrealloc(et->smtp, (et->n_smtp + 1) * sizeof *et->smtp);
			struct email_smtp_view *s = &et->smtp[et->n_smtp++];
			s->host = xstrdup(h->name);
			s->address = xstrdup(h->addrs[i]);
			s->outcome = xstrdup(smtp_outcome_name(ap->res->outcome));
			s->banner_code = ap->res->banner_code;
			s->banner = ap->res->banner ? xstrdup(ap->res->banner) : NULL;
			s->detail = smtp_detail(ap->res);
			s->elapsed_ms = ap->res->elapsed_ms;
		}
	}
}

/* The MX records that count exist: judge every host. */
static enum email_verdict
judge_hosts(const struct email_check *chk, const struct level *lv, struct email_target *et)
{
	enum host_state st[EMAIL_MAX_HOSTS];
	size_t ok = 0, unconfirmed = 0;
	for (size_t k = 0; k < lv->n_mx; k++) {
		const struct host *h = &chk->hosts[host_index(chk, lv->mx[k].exchange)];
		st[k] = host_state(chk, h);
		ok += st[k] == HS_OK;
		unconfirmed += st[k] == HS_UNCONFIRMED;
	}
	enum email_verdict v = ok ? EMAIL_V_DELIVERABLE : unconfirmed ? EMAIL_V_UNCONFIRMED : EMAIL_V_UNDELIVERABLE;
	for (size_t k = 0; k < lv->n_mx; k++) {
		const struct host *h = &chk->hosts[host_index(chk, lv->mx[k].exchange)];
		struct finding f;
		if (h->alias && h->n_addrs) {
			finding_init(&f, F_EMAIL_MX_ALIAS, h->name);
			finding_set_message(&f, _("The MX host %s is an alias of %s; RFC 2181 (10.3) forbids an MX record pointing at an alias. Most mail servers follow it; point the MX record at %s itself to be safe."),
					    name_shown(h->name), name_shown(h->alias), name_shown(h->alias));
			for (size_t i = 0; i < h->n_lines; i++)
				finding_add_evidence(&f, h->lines[i]);
			push(et, &f);
		}
		if (st[k] == HS_OK)
			continue;
		finding_init(&f, st[k] == HS_UNRESOLVABLE ? F_EMAIL_MX_UNRESOLVABLE : F_EMAIL_MX_UNREACHABLE, h->name);
		if (st[k] == HS_UNRESOLVABLE)
			host_unresolvable(h, &f);
		else
			host_unreachable(chk, h, st[k], &f);
		/* Another host takes the mail, or nothing is proven: a warning. */
		if (v != EMAIL_V_UNDELIVERABLE)
			f.severity = SEV_WARNING;
		push(et, &f);
	}
	return v;
}

static enum email_verdict
judge_mx(const struct email_check *chk, const struct target *t, struct email_target *et)
{
	const struct level *own = &chk->levels[t->climb[0]];
	int d = email_deciding_level(chk, t);
	struct finding f;
	et->cache_ttl = own->ttl;
	if (own->state == LK_FAIL || own->state == LK_PENDING) {
		finding_init(&f, F_EMAIL_MX_LOOKUP_FAILED, t->domain);
		finding_set_message(&f, _("The MX lookup of %s failed (%s); ACM's own lookup may fail the same way. Check the domain's name servers (the DNS checks show more)."),
				    name_shown(t->domain), own->fail_text ? own->fail_text : _("no answer"));
		level_evidence(&f, own);
		push(et, &f);
		return EMAIL_V_LOOKUP_FAILED;
	}
	if (own->state == LK_DATA && is_null_mx(own)) {
		finding_init(&f, F_EMAIL_NULL_MX, t->domain);
		finding_set_message(&f, _("%s publishes a null MX record (MX 0 \".\", RFC 7505): it declares that it accepts no mail, so ACM's validation email cannot arrive. Remove it and add a real MX record, or use DNS validation."),
				    name_shown(t->domain));
		level_evidence(&f, own);
		push(et, &f);
		return EMAIL_V_UNDELIVERABLE;
	}
	if (own->state == LK_DATA) {
		et->mx_at = xstrdup(own->name);
		fill_views(chk, own, et);
		return judge_hosts(chk, own, et);
	}
	if (d >= 0) {
		const struct level *p = &chk->levels[d];
		finding_init(&f, F_EMAIL_MX_AT_PARENT, t->domain);
		char *pp = plain(p->name);
		finding_set_message(&f, _("%s has no MX record, but its parent %s has. ACM writes to admin@%s and the others, which no server accepts. Request the certificate with ValidationDomain %s (mail then goes to admin@%s ...), or add the MX record below at %s, or use DNS validation."),
				    name_shown(t->domain), name_shown(p->name), name_shown(t->domain), pp, pp,
				    name_shown(t->domain));
		free(pp);
		for (size_t i = 0; i < t->n_climb; i++) {
			level_evidence(&f, &chk->levels[t->climb[i]]);
			if (t->climb[i] == (size_t)d)
				break;
		}
		push(et, &f);
		et->mx_at = xstrdup(p->name);
		fill_views(chk, p, et);
		struct email_target scratch = { 0 };
		judge_hosts(chk, p, &scratch);   /* the parent's hosts: shown, not blamed here */
		for (size_t i = 0; i < scratch.n_findings; i++)
			finding_clear(&scratch.findings[i]);
		free(scratch.findings);
		return EMAIL_V_UNDELIVERABLE;
	}
	finding_init(&f, F_EMAIL_NO_MX, t->domain);
	if (own->state == LK_NXDOMAIN)
		finding_set_message(&f, _("%s does not exist in the DNS (NXDOMAIN), so no mail reaches its addresses: ACM fails with NO_AVAILABLE_CONTACTS. Check the name for typos, or use DNS validation."),
				    name_shown(t->domain));
	else
		finding_set_message(&f, _("%s has no MX record, so mail to its five addresses cannot be delivered: the usual cause of NO_AVAILABLE_CONTACTS. Add an MX record for a mail server that takes mail for the domain, or use DNS validation."),
				    name_shown(t->domain));
	for (size_t i = 0; i < t->n_climb; i++)
		level_evidence(&f, &chk->levels[t->climb[i]]);
	push(et, &f);
	return EMAIL_V_UNDELIVERABLE;
}

/* ---- registration ---- */

static void
join(struct strbuf *sb, char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sb_addf(sb, "%s%s", i ? ", " : "", v[i]);
}

static bool
ns_sets_differ(char *const *a, size_t na, char *const *b, size_t nb)
{
	for (size_t i = 0; i < na; i++) {
		bool found = false;
		for (size_t k = 0; k < nb; k++)
			found |= !strcasecmp(a[i], b[k]);
		if (!found)
			return true;
	}
	return na != nb;
}

static const char *
provider_of(char *const *ns, size_t n)
{
	bool mixed;
	const struct provider *p = n ? provider_detect((const char *const *)ns, n, &mixed) : NULL;
	return p ? provider_title(p) : _("an unrecognised provider");
}

static void
fill_registration(const struct regdom *rg, struct email_registration *r)
{
	r->domain = xstrdup(rg->name);
	r->looked_up = rg->server != NULL;
	r->server = rg->server ? xstrdup(rg->server) : NULL;
	r->status_text = xstrdup(rg->have ? "found" : rg->not_found ? "not registered" : (rg->why_none ? rg->why_none : "?"));
	for (size_t i = 0; i < rg->n_ns; i++)
		strv_push(&r->dns_ns, &r->n_dns_ns, rg->ns[i]);
	if (!rg->have)
		return;
	r->registrar = rg->rd.registrar ? xstrdup(rg->rd.registrar) : NULL;
	r->redacted = rg->rd.redacted;
	for (size_t i = 0; i < rg->rd.n_status; i++) {
		strv_push(&r->status, &r->n_status, rg->rd.status[i]);
		r->on_hold |= rdap_status_is_hold(rg->rd.status[i]);
	}
	for (size_t i = 0; i < rg->rd.n_nameservers; i++)
		strv_push(&r->registry_ns, &r->n_registry_ns, rg->rd.nameservers[i]);
}

static void
registration_finding(const struct regdom *rg, const struct email_registration *r, struct email_target *et)
{
	struct finding f;
	struct strbuf sb;
	sb_init(&sb);
	finding_init(&f, F_EMAIL_REGISTRATION, rg->name);
	if (!rg->have) {
		finding_set_message(&f, _("No registration data for %s: %s."), name_shown(rg->name),
				    rg->why_none ? rg->why_none : "?");
	} else {
		sb_addf(&sb, _("%s is registered with %s; status: "), name_shown(rg->name),
			r->registrar ? r->registrar : _("an unnamed registrar"));
		if (r->n_status)
			join(&sb, r->status, r->n_status);
		else
			sb_add(&sb, "-");
		sb_add(&sb, ".");
		if (r->redacted) {
			sb_addc(&sb, ' ');
			sb_add(&sb, _("Its contacts are redacted, which is normal and does not matter: ACM no longer uses them."));
		}
		finding_set_message(&f, "%s", sb.buf);
		sb_reset(&sb);
		sb_addf(&sb, "; registry name servers: ");
		join(&sb, r->registry_ns, r->n_registry_ns);
		finding_add_evidence(&f, sb.buf);
	}
	if (rg->url) {
		char *l = str_fmt(600, "; RDAP: %s", rg->url);
		finding_add_evidence(&f, l);
		free(l);
	}
	push(et, &f);
	sb_free(&sb);
}

static bool
judge_registration(const struct email_check *chk, const struct target *t, struct email_target *et)
{
	if (t->regdom < 0)
		return false;
	const struct regdom *rg = &chk->regs[t->regdom];
	struct email_registration *r = &et->reg;
	fill_registration(rg, r);
	registration_finding(rg, r, et);
	struct finding f;
	if (r->on_hold) {
		struct strbuf sb;
		sb_init(&sb);
		join(&sb, r->status, r->n_status);
		finding_init(&f, F_EMAIL_DOMAIN_ON_HOLD, rg->name);
		finding_set_message(&f, _("The registry has %s on hold (%s): a held domain is taken out of the DNS, so no mail reaches it and nothing else works either. Ask the registrar (%s) to lift the hold: clientHold usually means an unpaid renewal or an unverified registrant email; serverHold comes from the registry."),
				    name_shown(rg->name), sb.buf, r->registrar ? r->registrar : "?");
		finding_add_evidence(&f, "; RDAP status (RFC 8056: client hold = EPP clientHold, server hold = serverHold)");
		push(et, &f);
		sb_free(&sb);
	}
	if (rg->have && r->n_registry_ns && r->n_dns_ns &&
	    ns_sets_differ(r->registry_ns, r->n_registry_ns, r->dns_ns, r->n_dns_ns)) {
		finding_init(&f, F_EMAIL_REGISTRY_NS_MISMATCH, rg->name);
		finding_set_message(&f, _("The registry lists name servers of %s for %s, but the DNS answers with those of %s. Records added at the provider the registry names are not what the world sees until the two agree: make the change where the DNS answers, or finish moving the domain."),
				    provider_of(r->registry_ns, r->n_registry_ns), name_shown(rg->name),
				    provider_of(r->dns_ns, r->n_dns_ns));
		struct strbuf sb;
		sb_init(&sb);
		sb_add(&sb, "; registry (RDAP): ");
		join(&sb, r->registry_ns, r->n_registry_ns);
		finding_add_evidence(&f, sb.buf);
		sb_reset(&sb);
		sb_add(&sb, "; DNS (NS): ");
		join(&sb, r->dns_ns, r->n_dns_ns);
		finding_add_evidence(&f, sb.buf);
		sb_free(&sb);
		push(et, &f);
	}
	return r->on_hold;
}

/* A held domain is taken out of the DNS: its NXDOMAIN is the hold's
 * doing, not a typo, so the hold says it and "no MX" goes. */
static void
explain_by_hold(const struct email_check *chk, const struct target *t, struct email_target *et)
{
	const struct level *own = &chk->levels[t->climb[0]];
	struct finding *hold = NULL;
	for (size_t i = 0; i < et->n_findings; i++)
		if (et->findings[i].code == F_EMAIL_DOMAIN_ON_HOLD)
			hold = &et->findings[i];
	if (!hold || own->state != LK_NXDOMAIN)
		return;
	level_evidence(hold, own);
	for (size_t i = 0; i < et->n_findings; i++)
		if (et->findings[i].code == F_EMAIL_NO_MX) {
			finding_clear(&et->findings[i]);
			memmove(&et->findings[i], &et->findings[i + 1], (et->n_findings - i - 1) * sizeof *et->findings);
			et->n_findings--;
			break;
		}
}

/* The method is not known: what would block email validation is a
 * warning that says "if". */
static void
make_conditional(const struct target *t, struct email_target *et)
{
	for (size_t i = 0; i < et->n_findings; i++) {
		struct finding *f = &et->findings[i];
		if (f->severity != SEV_ERROR)
			continue;
		char *msg = f->message;
		f->message = NULL;
		finding_set_message(f, _("If %s is validated by email: %s"), name_shown(t->names[0]), msg);
		free(msg);
		f->severity = SEV_WARNING;
	}
}

void
email_evaluate(const struct email_check *chk, size_t ti, struct email_target *et)
{
	const struct target *t = &chk->targets[ti];
	memset(et, 0, sizeof *et);
	et->domain = xstrdup(t->domain);
	et->cache_ttl = -1;
	for (size_t i = 0; i < t->n_names; i++)
		strv_push(&et->names, &et->n_names, t->names[i]);
	judge_addresses(t, et);
	et->verdict = judge_mx(chk, t, et);
	if (judge_registration(chk, t, et)) {
		et->verdict = EMAIL_V_UNDELIVERABLE;
		explain_by_hold(chk, t, et);
	}
	et->conditional = t->method_unknown;
	if (t->method_unknown)
		make_conditional(t, et);
}
