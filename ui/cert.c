#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "cert.h"
#include "diag.h"
#include "net/dns_wire.h"
#include "core/i18n.h"
#include "net/names.h"
#include "core/sanitize.h"
#include "core/xalloc.h"

/* As many records as `check --record` takes. */
#define TYPED_MAX 100

static void
add_name(struct ui_cert *c, const char *name, bool caa)
{
	for (size_t i = 0; i < c->n_names; i++)
		if (!strcmp(c->names[i], name))
			return;
	c->names = xrealloc(c->names, (c->n_names + 1) * sizeof *c->names);
	c->names[c->n_names++] = xstrdup(name);
	if (caa) {
		c->caa_names = xrealloc(c->caa_names, (c->n_caa + 1) * sizeof *c->caa_names);
		c->caa_names[c->n_caa++] = c->names[c->n_names - 1];
	}
}

static void
add_record(struct ui_cert *c, const char *name, const char *value, char *const *domains, size_t n)
{
	c->records = xrealloc(c->records, (c->n_records + 1) * sizeof *c->records);
	struct ui_cert_record *r = &c->records[c->n_records++];
	r->name = xstrdup(name);
	r->value = xstrdup(value);
	r->domains = xcalloc(n ? n : 1, sizeof *r->domains);
	for (size_t i = 0; i < n; i++)
		r->domains[i] = xstrdup(domains[i]);
	r->n_domains = n;
}

/* The same choice of checks as `check --certificate`. */
static void
take_routed(struct ui_cert *c)
{
	for (size_t i = 0; i < c->route.n_names; i++)
		add_name(c, c->route.names[i].name, c->route.names[i].checks & ACM_CHECK_CAA);
	for (size_t i = 0; i < c->route.n_cname_records; i++) {
		const struct acm_record *r = &c->cert.records[c->route.cname_records[i]];
		add_record(c, r->name, r->value, r->domains, r->n_domains);
	}
}

/* What keeps a path from being read as a file, said without the path
 * (the screen puts it in front); false if nothing does. */
static bool
not_a_file(const char *path, char *err, size_t errlen)
{
	struct stat st;
	if (!strcmp(path, "-"))
		return false;
	if (stat(path, &st) < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return true;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s", _("a directory; give the file with the output of aws acm describe-certificate"));
		return true;
	}
	return false;
}

struct ui_cert *
ui_cert_load(const char *path, char *err, size_t errlen)
{
	if (not_a_file(path, err, errlen))
		return NULL;
	struct ui_cert *c = xcalloc(1, sizeof *c);
	if (!acm_cert_load(path, &c->cert, err, errlen)) {
		free(c);
		return NULL;
	}
	c->from_file = true;
	char perr[256];
	struct acm_psl *psl = acm_psl_load(ACM_PSL_DEFAULT_PATH, perr, sizeof perr);
	bool ok = acm_route(&c->cert, (int64_t)time(NULL), psl, &c->route, err, errlen);
	acm_psl_free(psl);
	if (!ok) {
		acm_cert_free(&c->cert);
		free(c);
		return NULL;
	}
	take_routed(c);
	return c;
}

struct ui_cert *
ui_cert_from_fetched(struct acm_fetched *f)
{
	struct ui_cert *c = xcalloc(1, sizeof *c);
	c->from_file = true;
	c->cert = f->cert;
	c->route = f->route;
	f->have_cert = false;       /* they are c's now */
	memset(&f->cert, 0, sizeof f->cert);
	memset(&f->route, 0, sizeof f->route);
	c->arn = xstrdup(f->arn);
	c->fetched = f;
	take_routed(c);
	return c;
}

/* One "NAME VALUE", "NAME CNAME VALUE" or "NAME=VALUE". */
static bool
typed_one(struct ui_cert *c, char *text, char *err, size_t errlen)
{
	char *name_s = text + strspn(text, " \t"), *value = NULL;
	char *sep = strpbrk(name_s, "= \t");
	if (sep) {
		*sep = '\0';
		value = sep + 1 + strspn(sep + 1, " \t=");
		if (!strncasecmp(value, "CNAME", 5) && (value[5] == ' ' || value[5] == '\t'))
			value += 5 + strspn(value + 5, " \t");
		value[strcspn(value, " \t")] = '\0';
	}
	char why[160];
	char *name = value && *value ? name_from_user(name_s, why, sizeof why) : NULL;
	char *val = name ? name_from_user(value, why, sizeof why) : NULL;
	bool ok = val && name[0] != '*' && val[0] != '*';
	if (ok) {
		/* The record validates the name below its first label, and that
		 * name's wildcard, which shares it. */
		char *domain = (char *)dns_name_parent(name);
		add_name(c, domain, true);
		add_record(c, name, val, &domain, 1);
	} else {
		char *shown = san_str(name_s, 60, SAN_ASCII);
		snprintf(err, errlen, _("\"%s\": want NAME VALUE, two domain names as the ACM console shows them"),
			 shown);
		free(shown);
	}
	free(name);
	free(val);
	return ok;
}

struct ui_cert *
ui_cert_typed(const char *text, char *err, size_t errlen)
{
	struct ui_cert *c = xcalloc(1, sizeof *c);
	char *copy = xstrdup(text), *save = NULL;
	bool ok = true;
	for (char *t = strtok_r(copy, ";,", &save); ok && t; t = strtok_r(NULL, ";,", &save))
		if (t[strspn(t, " \t")])
			ok = c->n_records < TYPED_MAX && typed_one(c, t, err, errlen);
	free(copy);
	if (ok && !c->n_records) {
		snprintf(err, errlen, "%s", _("Type a file name, or a record as NAME VALUE."));
		ok = false;
	}
	if (!ok) {
		ui_cert_free(c);
		return NULL;
	}
	return c;
}

void
ui_cert_free(struct ui_cert *c)
{
	if (!c)
		return;
	if (c->from_file) {
		acm_route_free(&c->route);
		acm_cert_free(&c->cert);
	}
	for (size_t i = 0; i < c->n_names; i++)
		free(c->names[i]);
	free(c->names);
	free(c->caa_names);
	for (size_t i = 0; i < c->n_records; i++) {
		for (size_t k = 0; k < c->records[i].n_domains; k++)
			free(c->records[i].domains[k]);
		free(c->records[i].domains);
		free(c->records[i].name);
		free(c->records[i].value);
	}
	free(c->records);
	free(c->arn);
	acm_fetched_free(c->fetched);
	free(c);
}

static bool
validates_any(const struct ui_cert_record *r, const struct diag *d)
{
	for (size_t i = 0; i < r->n_domains; i++)
		for (size_t k = 0; k < d->n_names; k++)
			if (!strcmp(r->domains[i], d->names[k]))
				return true;
	return false;
}

void
ui_cert_add_records(const struct ui_cert *c, struct diag *d, bool all)
{
	for (size_t i = 0; c && i < c->n_records; i++) {
		const struct ui_cert_record *r = &c->records[i];
		if (all || validates_any(r, d))
			diag_add_record(d, r->name, r->value, (const char *const *)r->domains, r->n_domains);
	}
}

void
ui_cert_add_emails(const struct ui_cert *c, struct diag *d, bool all)
{
	for (size_t i = 0; c && c->from_file && i < c->route.n_names; i++) {
		const struct acm_name_route *nr = &c->route.names[i];
		bool typed = false;
		for (size_t k = 0; k < d->n_names; k++)
			typed |= !strcmp(d->names[k], nr->name);
		if (!(nr->checks & ACM_CHECK_EMAIL) || !(all || typed))
			continue;
		const struct acm_domain *dv = NULL;
		for (size_t k = 0; k < c->cert.n_domains && !dv; k++)
			if (!strcmp(c->cert.domains[k].name, nr->name))
				dv = &c->cert.domains[k];
		for (size_t k = 0; k < c->cert.renewal.n_domains && !dv; k++)
			if (!strcmp(c->cert.renewal.domains[k].name, nr->name))
				dv = &c->cert.renewal.domains[k];
		diag_add_email(d, nr->name, dv ? dv->validation_domain : NULL, dv ? dv->emails : NULL,
			       dv ? dv->n_emails : 0, false);
	}
}

const char *
ui_cert_status_of(const struct ui_cert *c, const char *name)
{
	for (size_t i = 0; c->from_file && i < c->cert.n_domains; i++)
		if (!strcmp(c->cert.domains[i].name, name))
			return c->cert.domains[i].status_text;
	return NULL;
}

bool
ui_cert_blocks(const struct ui_cert *c)
{
	return c && c->from_file && findings_block(c->route.findings, c->route.n_findings);
}

/* The certificate's status in a word, for the title. */
static const struct {
	enum acm_status status;
	const char *label;
} status_labels[] = {
	/* TRANSLATORS: title bar: "Certificate: Failed"; keep each short */
	{ ACM_ST_PENDING_VALIDATION, N_("Pending validation") },
	{ ACM_ST_ISSUED, N_("Issued") },
	{ ACM_ST_INACTIVE, N_("Inactive") },
	{ ACM_ST_EXPIRED, N_("Expired") },
	{ ACM_ST_VALIDATION_TIMED_OUT, N_("Timed out") },
	{ ACM_ST_REVOKED, N_("Revoked") },
	{ ACM_ST_FAILED, N_("Failed") },
};

void
ui_cert_title(const struct ui_cert *c, char *buf, size_t len)
{
	const char *label = NULL;
	for (size_t i = 0; c && c->from_file && i < sizeof status_labels / sizeof status_labels[0]; i++)
		if (status_labels[i].status == c->cert.status)
			label = _(status_labels[i].label);
	if (label)
		/* TRANSLATORS: title bar crumb of the certificate wizard */
		snprintf(buf, len, _("Certificate: %s"), label);
	else if (c && !c->from_file)
		snprintf(buf, len, "%s", _("Certificate: records as typed"));
	else
		snprintf(buf, len, "%s", _("Certificate"));
}
