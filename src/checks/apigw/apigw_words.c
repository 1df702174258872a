/* The evidence of the API Gateway check's findings: the CNAME chain and
 * addresses as zone-file lines, each TLS handshake and the certificate it
 * got, the HTTP answer, and what curl and browsers show for that cause
 * (data/explain-apigw.txt). Lines that are not DNS data start with ";". */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/apigw/apigw_clients.h"
#include "checks/apigw/apigw_int.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "net/http_probe.h"
#include "net/tls_probe.h"

#define SHOWN_SANS 4
#define BODY_SHOWN 120

static void
add_line(struct finding *fd, struct strbuf *sb)
{
	finding_add_evidence(fd, sb->buf);
	sb_reset(sb);
}

void
apigw_evidence_chain(const struct apigw_facts *f, struct finding *fd)
{
	struct strbuf sb;
	sb_init_limit(&sb, 2048);
	for (size_t i = 0; i < f->n_chain; i++) {
		sb_addf(&sb, "%s %u IN CNAME %s", f->chain[i].name, (unsigned)f->chain[i].ttl, f->chain[i].target);
		add_line(fd, &sb);
	}
	const char *last = f->n_chain ? f->chain[f->n_chain - 1].target : f->name;
	for (size_t i = 0; i < f->n_addrs; i++) {
		sb_addf(&sb, "%s %u IN %s %s", last, (unsigned)f->addr_ttl, strchr(f->addrs[i], ':') ? "AAAA" : "A",
			f->addrs[i]);
		add_line(fd, &sb);
	}
	if (f->dns_end == APIGW_DNS_NXDOMAIN || f->dns_end == APIGW_DNS_DANGLING)
		sb_addf(&sb, _("; %s: NXDOMAIN (no such name)"), last);
	else if (f->dns_end == APIGW_DNS_NODATA)
		sb_addf(&sb, _("; %s: no A or AAAA record"), last);
	else if (f->dns_end == APIGW_DNS_FAILED)
		sb_addf(&sb, _("; %s: the lookup failed (%s)"), f->name, f->dns_error ? f->dns_error : "?");
	if (sb.len)
		add_line(fd, &sb);
	sb_free(&sb);
}

char *
apigw_cert_summary(const struct tls_result *r)
{
	struct strbuf sb;
	sb_init_limit(&sb, 2048);
	sb_addf(&sb, "CN=%s", r->subject_cn ? r->subject_cn : "-");
	if (r->n_sans) {
		sb_add(&sb, ", SANs ");
		for (size_t i = 0; i < r->n_sans && i < SHOWN_SANS; i++)
			sb_addf(&sb, "%s%s", i ? " " : "", r->sans[i]);
		if (r->n_sans + r->sans_omitted > SHOWN_SANS)
			sb_addf(&sb, " (+%zu)", r->n_sans + r->sans_omitted - SHOWN_SANS);
	}
	return sb_steal(&sb);
}

static const char *
short_date(const char *iso, char *buf, size_t len)
{
	snprintf(buf, len, "%.10s", iso ? iso : "?");
	return buf;
}

void
apigw_evidence_tls(const struct apigw_tls_seen *t, struct finding *fd)
{
	struct strbuf sb;
	sb_init_limit(&sb, 4096);
	bool v6 = strchr(t->address, ':') != NULL;
	sb_addf(&sb, "; TLS %s%s%s:443 SNI %s: ", v6 ? "[" : "", t->address, v6 ? "]" : "", t->sni);
	const struct tls_result *r = t->res;
	if (!r || !r->have_cert) {
		sb_add(&sb, r && r->error ? r->error : _("no answer"));
		add_line(fd, &sb);
		sb_free(&sb);
		return;
	}
	char *cert = apigw_cert_summary(r);
	char nb[16], na[16];
	sb_addf(&sb, _("%s; issuer CN=%s; valid %s to %s"), cert, r->issuer_cn ? r->issuer_cn : "-",
		short_date(r->not_before, nb, sizeof nb), short_date(r->not_after, na, sizeof na));
	free(cert);
	if (tls_result_clean(r))
		sb_addf(&sb, "; %s", _("verified"));
	for (size_t i = 0; i < r->n_errors; i++)
		sb_addf(&sb, "; %s (%d)", r->errors[i].text, r->errors[i].code);
	add_line(fd, &sb);
	sb_free(&sb);
}

static void
http_line(struct strbuf *sb, const char *url, const char *addr, const struct http_response *r)
{
	bool v6 = addr && strchr(addr, ':');
	sb_addf(sb, "; GET %s at %s%s%s: ", url, v6 ? "[" : "", addr ? addr : "?", v6 ? "]" : "");
	if (!r->have_head) {
		sb_add(sb, r->error ? r->error : _("no answer"));
		return;
	}
	sb_addf(sb, "%s %d", r->head.version ? r->head.version : "HTTP", r->head.status);
	static const char *const shown[] = { "x-amzn-errortype", "x-amz-apigw-id", "apigw-requestid",
					     "x-cache", "cf-ray" };
	for (size_t i = 0; i < sizeof shown / sizeof *shown; i++) {
		const char *v = http_head_get(&r->head, shown[i]);
		if (v)
			sb_addf(sb, ", %s: %s", shown[i], v);
	}
	if (r->body_len) {
		char *body = san_text(r->body, r->body_len, BODY_SHOWN, 0);
		sb_addf(sb, ", %s %s", _("body"), body);
		free(body);
	}
}

void
apigw_evidence_http(const struct apigw_facts *f, struct finding *fd)
{
	struct strbuf sb;
	sb_init_limit(&sb, 4096);
	if (f->http.res) {
		http_line(&sb, f->http.url, f->http.address, f->http.res);
		add_line(fd, &sb);
	}
	if (f->http.retry) {
		http_line(&sb, f->http.retry_url, f->http.address, f->http.retry);
		add_line(fd, &sb);
	}
	sb_free(&sb);
}

/* The expected target, asked with the name as SNI: what the fix would
 * give clients. */
void
apigw_evidence_expected(const struct apigw_facts *f, struct finding *fd)
{
	for (size_t i = 0; i < f->n_tls; i++) {
		if (f->tls[i].role != APIGW_TLS_EXPECTED)
			continue;
		char *line = str_fmt(1024, _("; for comparison, the target API Gateway gives (%s):"), f->expected);
		finding_add_evidence(fd, line);
		free(line);
		apigw_evidence_tls(&f->tls[i], fd);
	}
}

/* The detail of a TLS failure: how clients tell them apart. */
static const char *
tls_detail(const struct apigw_facts *f, const struct apigw_tls_seen *t)
{
	if (t && t->res && t->res->failure == TLS_FAIL_ALERT && t->res->alert == 112)
		return "alert-112";
	if (!t && (f->dns_end == APIGW_DNS_NXDOMAIN || f->dns_end == APIGW_DNS_DANGLING))
		return "nxdomain";
	return NULL;
}

void
apigw_evidence_clients(enum finding_code code, const struct apigw_facts *f,
		       const struct apigw_tls_seen *t, struct finding *fd)
{
	char cause[96];
	const char *detail = code == F_APIGW_TLS_FAILED ? tls_detail(f, t) : NULL;
	if (code == F_APIGW_TLS_FAILED && !detail)
		return;
	snprintf(cause, sizeof cause, "%s%s%s", finding_code_name(code), detail ? ":" : "", detail ? detail : "");
	if (code == F_APIGW_TARGETS_STAGE_URL)
		snprintf(cause, sizeof cause, "%s", finding_code_name(F_APIGW_CERT_NAME_MISMATCH));
	size_t n;
	const struct apigw_term *terms = apigw_terms(&n);
	struct strbuf sb;
	sb_init_limit(&sb, 1024);
	bool head = false;
	for (size_t i = 0; i < n; i++) {
		if (!terms[i].cause || strcmp(terms[i].cause, cause))
			continue;
		if (!head) {
			sb_add(&sb, _("; what clients show for this:"));
			add_line(fd, &sb);
			head = true;
		}
		sb_addf(&sb, ";   %s (%s)", terms[i].term, terms[i].from ? _(terms[i].from) : "");
		add_line(fd, &sb);
	}
	sb_free(&sb);
}

/* "*.example.com" among the SANs while name is "a.b.example.com". */
const char *
apigw_deep_wildcard(const struct tls_result *r, const char *name)
{
	for (size_t i = 0; r && i < r->n_sans; i++) {
		const char *s = r->sans[i];
		if (strncmp(s, "*.", 2))
			continue;
		size_t sl = strlen(s + 2), nl = strlen(name);
		if (nl && name[nl - 1] == '.')
			nl--;
		if (nl > sl + 1 && name[nl - sl - 1] == '.' && !strncasecmp(name + nl - sl, s + 2, sl) &&
		    memchr(name, '.', nl - sl - 1))
			return s;
	}
	return NULL;
}
