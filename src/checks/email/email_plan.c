/* The way out of an email validation that cannot work: the MX records to
 * add at the validation domain (a copy of the parent's, when the parent
 * takes mail), and the AWS CLI commands for another ValidationDomain, for
 * DNS validation (a new request, or the in-place switch of this
 * certificate), and for resending the mail. The records go through the
 * providers' templates like every other fix; the commands are the same for
 * every DNS provider, so they are evidence lines of their findings. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/email/email_int.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "fix/provider.h"
#include "net/dns_wire.h"

/* 'example.com' for a shell command: canonical names hold only letters,
 * digits, '-', '_', '.' and a leading "*.", safe inside single quotes. */
static void
add_name(struct strbuf *sb, const char *name)
{
	size_t n = strlen(name);
	sb_addf(sb, "'%.*s'", (int)(n > 1 && name[n - 1] == '.' ? n - 1 : n), name);
}

static void
add_command(struct finding *f, struct strbuf *sb)
{
	finding_add_evidence(f, sb->buf);
	sb_reset(sb);
}

static struct finding *
find_code(struct email_target *et, enum finding_code code)
{
	for (size_t i = 0; i < et->n_findings; i++)
		if (et->findings[i].code == code)
			return &et->findings[i];
	return NULL;
}

/* The MX records of the parent, copied to the validation domain. */
static void
plan_mx(const struct email_check *chk, const struct target *t, int d, struct email_report *rep,
	struct email_target *et, struct finding *f)
{
	const struct level *own = &chk->levels[t->climb[0]];
	const struct level *p = &chk->levels[d];
	size_t alloc = rep->n_plans;
	rep->plans = xgrow(rep->plans, &alloc, rep->n_plans + 1, sizeof *rep->plans);
	struct email_plan_info *pi = &rep->plans[rep->n_plans];
	memset(pi, 0, sizeof *pi);
	pi->owner = xstrdup(t->domain);
	pi->plan.zone = own->zone ? xstrdup(own->zone) : NULL;
	for (size_t i = 0; i < t->n_zone_ns; i++)
		strv_push(&pi->ns, &pi->n_ns, t->zone_ns_names[i]);
	pi->provider = check_zone_provider(chk->forced_provider, pi->ns, pi->n_ns, &pi->detected, &pi->ns_mixed);
	plan_rrset(&pi->plan, t->domain, DNS_T_MX, EMAIL_NEW_RECORD_TTL);
	for (size_t k = 0; k < p->n_mx; k++) {
		char *data = str_fmt(600, "%u %s", p->mx[k].pref, p->mx[k].exchange);
		struct record r;
		record_init(&r, REC_ADD, t->domain, DNS_T_MX, EMAIL_NEW_RECORD_TTL, data);
		plan_add(&pi->plan, &r);
		finding_add_record(f, &r);
		record_clear(&r);
		free(data);
	}
	f->plan = (int)rep->n_plans++;
	(void)et;
}

static void
validation_domain_commands(const struct target *t, const struct level *p, struct finding *f)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_add(&sb, "# or a new request that mails the parent's addresses:");
	add_command(f, &sb);
	sb_add(&sb, "aws acm request-certificate --domain-name ");
	add_name(&sb, t->names[0]);
	sb_add(&sb, " --validation-method EMAIL --domain-validation-options");
	for (size_t i = 0; i < t->n_names; i++) {
		sb_add(&sb, " DomainName=");
		add_name(&sb, t->names[i]);
		sb_add(&sb, ",ValidationDomain=");
		add_name(&sb, p->name);
	}
	add_command(f, &sb);
	sb_free(&sb);
}

static void
dns_commands(const struct email_check *chk, const struct target *t, struct finding *f)
{
	struct strbuf sb;
	sb_init(&sb);
	if (chk->arn) {
		sb_add(&sb, "# switch this certificate to DNS validation in place (same ARN; add the CNAME records within 72 hours):");
		add_command(f, &sb);
		sb_addf(&sb, "aws acm update-certificate-options --certificate-arn '%s' --options ValidationMethod=DNS", chk->arn);
		add_command(f, &sb);
		sb_addf(&sb, "aws acm list-certificate-domain-validations --certificate-arn '%s'", chk->arn);
		add_command(f, &sb);
		sb_add(&sb, "# or request a new certificate with DNS validation:");
		add_command(f, &sb);
	} else {
		sb_add(&sb, "# request the certificate with DNS validation:");
		add_command(f, &sb);
	}
	sb_add(&sb, "aws acm request-certificate --domain-name ");
	add_name(&sb, t->names[0]);
	for (size_t i = 1; i < t->n_names; i++) {
		sb_add(&sb, i == 1 ? " --subject-alternative-names " : " ");
		add_name(&sb, t->names[i]);
	}
	sb_add(&sb, " --validation-method DNS");
	add_command(f, &sb);
	sb_add(&sb, "# then add the CNAME records it lists (aws acm describe-certificate) and run acm-doctor check --certificate on it: the DNS-validation checks take over.");
	add_command(f, &sb);
	sb_free(&sb);
}

static void
resend_commands(const struct email_check *chk, const struct target *t, struct finding *f)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_add(&sb, "# mail arrives here: resend the validation email (only within 72 hours of the request):");
	add_command(f, &sb);
	for (size_t i = 0; i < t->n_names; i++) {
		sb_addf(&sb, "aws acm resend-validation-email --certificate-arn '%s' --domain ",
			chk->arn ? chk->arn : "ARN");
		add_name(&sb, t->names[i]);
		sb_add(&sb, " --validation-domain ");
		add_name(&sb, t->domain);
		add_command(f, &sb);
	}
	sb_free(&sb);
}

void
email_plan_target(const struct email_check *chk, size_t ti, struct email_report *rep, struct email_target *et)
{
	const struct target *t = &chk->targets[ti];
	int d = email_deciding_level(chk, t);
	struct finding *parent = find_code(et, F_EMAIL_MX_AT_PARENT);
	if (parent && d >= 0) {
		plan_mx(chk, t, d, rep, et, parent);
		validation_domain_commands(t, &chk->levels[d], parent);
	}
	struct finding f;
	bool works = et->verdict == EMAIL_V_DELIVERABLE && !findings_block(et->findings, et->n_findings);
	finding_init(&f, F_EMAIL_PREFER_DNS_VALIDATION, t->domain);
	if (works)
		finding_set_message(&f, "%s", _("Mail to these addresses can arrive; approve the email, or better move to DNS validation: it needs no mailbox and renews on its own, while the CA/Browser Forum ends validation by constructed email addresses (not to be used from 2026-03-15, forbidden from 2028-03-15) and ACM stops issuing email-validated certificates after 2027-03-31."));
	else
		finding_set_message(&f, "%s", _("The quickest way out is DNS validation: it needs no mailbox and renews on its own, while the CA/Browser Forum ends validation by constructed email addresses (not to be used from 2026-03-15, forbidden from 2028-03-15) and ACM stops issuing email-validated certificates after 2027-03-31."));
	f.severity = works || t->method_unknown ? SEV_INFO : SEV_WARNING;
	dns_commands(chk, t, &f);
	if (works)
		resend_commands(chk, t, &f);
	findings_push(&et->findings, &et->n_findings, &f);
}
