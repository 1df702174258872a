/* The registration lookup of the email check: the registrable domain's
 * RDAP server from the bootstrap file (IANA's dns.json, shipped in
 * data/rdap-dns.json, or --rdap-bootstrap FILE), one GET on the loop, the
 * answer read by net/rdap. Any failure leaves "no registration data" with
 * the reason; it never blocks the rest of the check. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/email/email_int.h"
#include "core/datafile.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define BOOTSTRAP_DATA "rdap-dns.json"

/* The bootstrap text: the file given, or the shipped one. */
char *
email_bootstrap_text(const char *path, size_t *len, char *err, size_t errlen)
{
	if (!path) {
		const char *t = datafile_get(BOOTSTRAP_DATA, len);
		if (!t)
			snprintf(err, errlen, "%s", _("the RDAP bootstrap file (data/rdap-dns.json) is missing"));
		return t ? xmemdup(t, *len + 1) : NULL;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, _("cannot read the RDAP bootstrap file: %s"), strerror(errno));
		return NULL;
	}
	char *buf = xmalloc(RDAP_MAX_BYTES + 1);
	size_t n = fread(buf, 1, RDAP_MAX_BYTES + 1, f);
	fclose(f);
	if (n > RDAP_MAX_BYTES) {
		snprintf(err, errlen, _("the RDAP bootstrap file is larger than %d bytes"), RDAP_MAX_BYTES);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void
read_answer(struct regdom *rg, const struct http_result *res)
{
	char err[200];
	if (!res->ok) {
		rg->why_none = str_fmt(600, _("the RDAP server did not answer: %s"), res->error ? res->error : "?");
		return;
	}
	if (res->status == 404) {
		rg->not_found = true;
		rg->why_none = xstrdup(_("the registry does not know the domain (RDAP 404): it is not registered"));
		return;
	}
	if (res->status == 429) {
		rg->why_none = str_fmt(600, _("the RDAP server limits requests (HTTP 429, retry after %s)"),
				       res->retry_after ? res->retry_after : "?");
		return;
	}
	if (res->status != 200) {
		rg->why_none = str_fmt(600, _("the RDAP server answered HTTP %ld"), res->status);
		return;
	}
	if (!rdap_domain_parse(res->body, res->len, &rg->rd, err, sizeof err)) {
		rg->why_none = str_fmt(600, _("the RDAP answer is unusable: %s (content type %s)"), err,
				       res->content_type ? res->content_type : "none");
		return;
	}
	if (rg->rd.is_error) {
		rg->not_found = rg->rd.error_code == 404;
		rg->why_none = str_fmt(600, _("the RDAP server answered with error %d"), rg->rd.error_code);
		rdap_domain_free(&rg->rd);
		return;
	}
	rg->have = true;
}

static void
on_answer(void *arg, const struct http_result *res)
{
	/* The request's argument is its regdom, not a copy on the heap: a
	 * cancelled request (http_cancel) never calls back, and nothing may
	 * be left to free then. chk->regs does not move once probes run. */
	struct regdom *rg = arg;
	struct email_check *chk = rg->chk;
	rg->req = NULL;
	rg->rdap_done = true;
	read_answer(rg, res);
	char line[200];
	if (res->ok)
		snprintf(line, sizeof line, "HTTP %ld", res->status);
	else
		snprintf(line, sizeof line, "%s", http_failure_name(res->failure));
	email_event_done(chk, rg->event, "RDAP", rg->url, "HTTPS", N_("registration"), line,
			 !rg->have, res->elapsed_ms);
	email_rdap_done(chk);
}

void
email_rdap_start(struct email_check *chk, struct regdom *rg)
{
	char err[300];
	size_t len = 0;
	rg->rdap_done = true;   /* unless a request goes out below */
	char *text = email_bootstrap_text(chk->bootstrap_file, &len, err, sizeof err);
	char *tld = xstrdup(rg->name + strlen(rg->name) - 1 == rg->name ? "" : rg->name);
	/* The last label, without the trailing dot. */
	tld[strlen(tld) - 1] = '\0';
	char *dot = strrchr(tld, '.');
	char *date = NULL;
	char *base = text ? rdap_bootstrap_lookup(text, len, dot ? dot + 1 : tld, &date, err, sizeof err) : NULL;
	free(text);
	if (!chk->bootstrap_date)
		chk->bootstrap_date = date;
	else
		free(date);
	if (!base) {
		rg->why_none = str_fmt(600, _("the RDAP bootstrap file is unusable: %s"), err);
	} else if (!*base) {
		rg->why_none = str_fmt(600, _("the registry of .%s offers no RDAP service (none in the bootstrap file)"),
				       dot ? dot + 1 : tld);
	} else if (!chk->http) {
		rg->why_none = xstrdup(_("HTTPS requests are not available (libcurl did not start)"));
	} else {
		struct strbuf url;
		sb_init(&url);
		sb_addf(&url, "%sdomain/%.*s", base, (int)strlen(rg->name) - 1, rg->name);
		rg->server = xstrdup(base);
		rg->chk = chk;
		struct http_request_opts o = { .url = url.buf, .accept = "application/rdap+json",
					       .ca_file = chk->ca_file, .timeout_ms = EMAIL_RDAP_TIMEOUT_MS };
		rg->url = xstrdup(url.buf);
		rg->event = email_event_sent(chk, "RDAP", rg->url, "HTTPS", N_("registration"));
		chk->rdap_count++;
		rg->rdap_done = false;
		rg->req = http_get(chk->http, &o, on_answer, rg);
		sb_free(&url);
	}
	free(base);
	free(tld);
}
