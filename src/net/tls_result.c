/* The result of a TLS probe: recording why it failed, copying and freeing
 * it, and the verdicts callers ask of it. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>

#include "core/sanitize.h"
#include "core/strbuf.h"
#include "net/tls_probe_int.h"
#include "core/xalloc.h"

void
tls_fail(struct tls_probe *p, enum tls_failure kind, const char *fmt, ...)
{
	if (p->res->error)
		return;
	struct strbuf sb;
	sb_init_limit(&sb, 4 * TLS_MAX_ERROR_TEXT);
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	p->res->ok = false;
	p->res->failure = kind;
	p->res->error = san_text(sb.buf, sb.len, TLS_MAX_ERROR_TEXT, 0);
	sb_free(&sb);
}

static char *
tls_strdup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct tls_result *
tls_result_dup(const struct tls_result *res)
{
	if (!res)
		return NULL;
	struct tls_result *d = xmalloc(sizeof *d);
	*d = *res;
	d->error = tls_strdup_or_null(res->error);
	d->protocol = tls_strdup_or_null(res->protocol);
	d->cipher = tls_strdup_or_null(res->cipher);
	d->subject = tls_strdup_or_null(res->subject);
	d->subject_cn = tls_strdup_or_null(res->subject_cn);
	d->issuer = tls_strdup_or_null(res->issuer);
	d->issuer_cn = tls_strdup_or_null(res->issuer_cn);
	d->not_before = tls_strdup_or_null(res->not_before);
	d->not_after = tls_strdup_or_null(res->not_after);
	d->matched_name = tls_strdup_or_null(res->matched_name);
	d->serial_hex = tls_strdup_or_null(res->serial_hex);
	d->sha256_fingerprint = tls_strdup_or_null(res->sha256_fingerprint);
	d->sans = res->n_sans ? xcalloc(res->n_sans, sizeof *d->sans) : NULL;
	for (size_t i = 0; i < res->n_sans; i++)
		d->sans[i] = xstrdup(res->sans[i]);
	d->errors = res->n_errors ? xcalloc(res->n_errors, sizeof *d->errors) : NULL;
	for (size_t i = 0; i < res->n_errors; i++) {
		d->errors[i] = res->errors[i];
		d->errors[i].text = tls_strdup_or_null(res->errors[i].text);
	}
	d->chain = res->n_chain ? xcalloc(res->n_chain, sizeof *d->chain) : NULL;
	for (size_t i = 0; i < res->n_chain; i++) {
		d->chain[i] = res->chain[i];
		d->chain[i].subject = tls_strdup_or_null(res->chain[i].subject);
		d->chain[i].issuer = tls_strdup_or_null(res->chain[i].issuer);
		d->chain[i].not_after = tls_strdup_or_null(res->chain[i].not_after);
	}
	return d;
}

void
tls_result_free(struct tls_result *res)
{
	if (!res)
		return;
	free(res->error);
	free(res->protocol);
	free(res->cipher);
	free(res->subject);
	free(res->subject_cn);
	free(res->issuer);
	free(res->issuer_cn);
	free(res->not_before);
	free(res->not_after);
	free(res->matched_name);
	free(res->serial_hex);
	free(res->sha256_fingerprint);
	for (size_t i = 0; i < res->n_sans; i++)
		free(res->sans[i]);
	free(res->sans);
	for (size_t i = 0; i < res->n_errors; i++)
		free(res->errors[i].text);
	free(res->errors);
	for (size_t i = 0; i < res->n_chain; i++) {
		free(res->chain[i].subject);
		free(res->chain[i].issuer);
		free(res->chain[i].not_after);
	}
	free(res->chain);
	free(res);
}

bool
tls_result_clean(const struct tls_result *res)
{
	return res->ok && res->n_errors == 0 && res->errors_omitted == 0
	    && !res->expired && !res->not_yet_valid
	    && (!res->name_checked || res->name_matches);
}

const char *
tls_failure_name(enum tls_failure f)
{
	switch (f) {
	case TLS_FAIL_NONE:      return "none";
	case TLS_FAIL_SETUP:     return "setup";
	case TLS_FAIL_CONNECT:   return "connect";
	case TLS_FAIL_TIMEOUT:   return "timeout";
	case TLS_FAIL_ALERT:     return "alert";
	case TLS_FAIL_NOT_TLS:   return "not_tls";
	case TLS_FAIL_CLOSED:    return "closed";
	case TLS_FAIL_HANDSHAKE: return "handshake";
	case TLS_FAIL_NO_CERT:   return "no_certificate";
	}
	return "unknown";
}
