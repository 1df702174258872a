/* Reading `aws acm describe-certificate` output (see acm_cert.h).
 *
 * The JSON is checked before cJSON sees it (size, NUL bytes, nesting) so that
 * each problem gets a message with its position, and every field is read
 * through helpers that name the path of what was wrong. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "acm/acm_cert.h"
#include "acm/acm_int.h"
#include "core/i18n.h"
#include "net/names.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define TEXT_MAX 2048           /* free text kept from the input (ARNs, reasons) */
#define QUOTE_MAX 64            /* input quoted back in an error message */
#define PATH_MAX_LEN 192

struct pctx {
	char *err;
	size_t errlen;
};

/* ---- errors ---- */

static bool
fail(struct pctx *c, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "WHERE: WHAT"; the bare detail's own fields have an empty path. */
static bool
fail(struct pctx *c, const char *path, const char *fmt, ...)
{
	char what[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "%s: %s", *path ? path : _("(top level)"), what);
	return false;
}

/* Paths are at most about 80 characters (the deepest is
 * Certificate.RenewalSummary.DomainValidationOptions[999].ResourceRecord.Value);
 * a cut one would still point the right way. */
static void
path_key(char *out, const char *parent, const char *key)
{
	if (snprintf(out, PATH_MAX_LEN, "%s%s%s", parent, *parent ? "." : "", key) >= PATH_MAX_LEN)
		out[PATH_MAX_LEN - 1] = '\0';
}

static void
path_index(char *out, const char *parent, int i)
{
	if (snprintf(out, PATH_MAX_LEN, "%s[%d]", parent, i) >= PATH_MAX_LEN)
		out[PATH_MAX_LEN - 1] = '\0';
}

static const char *
type_name(const cJSON *j)
{
	if (cJSON_IsObject(j))
		return _("an object");
	if (cJSON_IsArray(j))
		return _("an array");
	if (cJSON_IsString(j))
		return _("a string");
	if (cJSON_IsNumber(j))
		return _("a number");
	if (cJSON_IsBool(j))
		return _("a boolean");
	return _("null");
}

/* Hostile input quoted back to the user: escaped and short. */
static char *
quote(const char *s)
{
	return san_str(s, QUOTE_MAX, 0);
}

/* ---- fields ---- */

/* The member key of obj; NULL when absent or null. */
static const cJSON *
member(const cJSON *obj, const char *key)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNull(j) ? NULL : j;
}

static bool
get_string(struct pctx *c, const cJSON *obj, const char *parent, const char *key,
	   bool required, const char **out)
{
	char path[PATH_MAX_LEN];
	const cJSON *j = member(obj, key);
	*out = NULL;
	path_key(path, parent, key);
	if (!j)
		return required ? fail(c, path, "%s", _("missing")) : true;
	if (!cJSON_IsString(j))
		return fail(c, path, _("expected a string, got %s"), type_name(j));
	*out = j->valuestring;
	return true;
}

static bool
get_text(struct pctx *c, const cJSON *obj, const char *parent, const char *key,
	 bool required, char **out)
{
	const char *s;
	if (!get_string(c, obj, parent, key, required, &s))
		return false;
	*out = s ? san_str(s, TEXT_MAX, 0) : NULL;
	return true;
}

/* Names ACM can hold are LDH labels (validation records add '_'); anything
 * else in one is an error, not something to carry on with. */
static bool
name_chars_ok(const char *canon, bool wild_ok)
{
	if (!strncmp(canon, "*.", 2)) {
		if (!wild_ok)
			return false;
		canon += 2;
	}
	for (const char *p = canon; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_' || *p == '.'))
			return false;
	return true;
}

static bool
canon_name(struct pctx *c, const char *path, const char *s, bool wild_ok, char **out)
{
	char why[160];
	char *n = name_from_user(s, why, sizeof why);
	if (n && name_chars_ok(n, wild_ok)) {
		*out = n;
		return true;
	}
	free(n);
	char *q = quote(s);
	if (n)
		snprintf(why, sizeof why, "%s", _("characters a domain name cannot have"));
	fail(c, path, _("%s: \"%s\""), why, q);
	free(q);
	return false;
}

static bool
get_name(struct pctx *c, const cJSON *obj, const char *parent, const char *key,
	 bool required, bool wild_ok, char **out)
{
	const char *s;
	char path[PATH_MAX_LEN];
	*out = NULL;
	if (!get_string(c, obj, parent, key, required, &s))
		return false;
	if (!s)
		return true;
	path_key(path, parent, key);
	return canon_name(c, path, s, wild_ok, out);
}

/* Optional array under key, at most max elements; *out NULL when absent. */
static bool
get_array(struct pctx *c, const cJSON *obj, const char *parent, const char *key,
	  const cJSON **out, size_t *n)
{
	char path[PATH_MAX_LEN];
	const cJSON *j = member(obj, key);
	*out = NULL;
	*n = 0;
	if (!j)
		return true;
	path_key(path, parent, key);
	if (!cJSON_IsArray(j))
		return fail(c, path, _("expected an array, got %s"), type_name(j));
	int size = cJSON_GetArraySize(j);
	if (size > ACM_LIST_MAX)
		return fail(c, path, _("%d elements; at most %d are accepted"), size, ACM_LIST_MAX);
	*out = j;
	*n = (size_t)size;
	return true;
}

static bool
get_object(struct pctx *c, const cJSON *obj, const char *parent, const char *key,
	   const cJSON **out)
{
	char path[PATH_MAX_LEN];
	const cJSON *j = member(obj, key);
	*out = NULL;
	if (!j)
		return true;
	path_key(path, parent, key);
	if (!cJSON_IsObject(j))
		return fail(c, path, _("expected an object, got %s"), type_name(j));
	*out = j;
	return true;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil), so no timegm() is needed. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool
digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (**p < '0' || **p > '9')
			return false;
		v = v * 10 + (**p - '0');
	}
	*out = v;
	return true;
}

static bool
expect(const char **p, char ch)
{
	if (**p != ch)
		return false;
	(*p)++;
	return true;
}

bool
acm_time_from_iso(const char *s, int64_t *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
	const char *p = s;
	if (!digits(&p, 4, &y) || !expect(&p, '-') || !digits(&p, 2, &mo) ||
	    !expect(&p, '-') || !digits(&p, 2, &d) || !(expect(&p, 'T') || expect(&p, ' ')) ||
	    !digits(&p, 2, &h) || !expect(&p, ':') || !digits(&p, 2, &mi) ||
	    !expect(&p, ':') || !digits(&p, 2, &sec))
		return false;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (!digits(&p, 2, &oh))
			return false;
		(void)expect(&p, ':');     /* "+0000" and "+00:00" both occur */
		if (!digits(&p, 2, &om))
			return false;
	} else {
		return false;      /* a time without a zone is ambiguous */
	}
	if (*p || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
	    mi > 59 || sec > 60 || oh > 23 || om > 59)
		return false;
	int64_t t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	*out = t - sign * (oh * 3600 + om * 60);
	return true;
}

static bool
get_time(struct pctx *c, const cJSON *obj, const char *parent, const char *key,
	 int64_t *out)
{
	char path[PATH_MAX_LEN];
	const cJSON *j = member(obj, key);
	*out = ACM_TIME_NONE;
	if (!j)
		return true;
	path_key(path, parent, key);
	if (cJSON_IsNumber(j)) {
		/* The raw API: epoch seconds, maybe with a fraction; years 1970-9999. */
		double v = j->valuedouble;
		if (!isfinite(v) || v < 0 || v >= 253402300800.0)
			return fail(c, path, _("%g is not a time in epoch seconds"), v);
		*out = (int64_t)v;         /* v >= 0: truncation is floor */
		return true;
	}
	if (cJSON_IsString(j)) {
		if (acm_time_from_iso(j->valuestring, out))
			return true;
		char *q = quote(j->valuestring);
		fail(c, path, _("not an ISO-8601 time: \"%s\""), q);
		free(q);
		return false;
	}
	return fail(c, path, _("expected a time (ISO-8601 text or epoch seconds), got %s"),
		    type_name(j));
}

static int
lookup(const char *s, const char *const *tab, int n)
{
	for (int i = 0; s && i < n; i++)
		if (tab[i] && !strcmp(s, tab[i]))
			return i;
	return -1;
}

static const char *const status_names[] = {
	[ACM_ST_UNKNOWN] = NULL,
	[ACM_ST_PENDING_VALIDATION] = "PENDING_VALIDATION",
	[ACM_ST_ISSUED] = "ISSUED",
	[ACM_ST_INACTIVE] = "INACTIVE",
	[ACM_ST_EXPIRED] = "EXPIRED",
	[ACM_ST_VALIDATION_TIMED_OUT] = "VALIDATION_TIMED_OUT",
	[ACM_ST_REVOKED] = "REVOKED",
	[ACM_ST_FAILED] = "FAILED",
};
static const char *const method_names[] = { NULL, "DNS", "EMAIL", "HTTP" };
static const char *const dv_names[] = { NULL, "PENDING_VALIDATION", "SUCCESS", "FAILED" };

#define COUNT(a) ((int)(sizeof(a) / sizeof(a)[0]))

/* ---- lists ---- */

static bool
get_texts(struct pctx *c, const cJSON *obj, const char *parent, const char *key,
	  bool names, char ***out, size_t *n)
{
	const cJSON *arr, *el;
	size_t count;
	char path[PATH_MAX_LEN], ipath[PATH_MAX_LEN];
	*out = NULL;
	*n = 0;
	if (!get_array(c, obj, parent, key, &arr, &count))
		return false;
	if (!arr)
		return true;
	path_key(path, parent, key);
	*out = xcalloc(count ? count : 1, sizeof **out);
	int i = 0;
	cJSON_ArrayForEach(el, arr) {
		path_index(ipath, path, i++);
		if (!cJSON_IsString(el))
			return fail(c, ipath, _("expected a string, got %s"), type_name(el));
		if (names) {
			if (!canon_name(c, ipath, el->valuestring, true, &(*out)[*n]))
				return false;
		} else {
			(*out)[*n] = san_str(el->valuestring, TEXT_MAX, 0);
		}
		(*n)++;
	}
	return true;
}

static bool
parse_record(struct pctx *c, const cJSON *dv, const char *path, struct acm_domain *d)
{
	const cJSON *rr;
	char rpath[PATH_MAX_LEN];
	if (!get_object(c, dv, path, "ResourceRecord", &rr))
		return false;
	if (!rr)
		return true;
	path_key(rpath, path, "ResourceRecord");
	d->has_record = true;
	return get_name(c, rr, rpath, "Name", true, false, &d->rr_name) &&
	       get_text(c, rr, rpath, "Type", false, &d->rr_type) &&
	       get_name(c, rr, rpath, "Value", true, false, &d->rr_value);
}

static bool
parse_domain(struct pctx *c, const cJSON *dv, const char *path, struct acm_domain *d)
{
	const char *s;
	d->record = -1;
	if (!cJSON_IsObject(dv))
		return fail(c, path, _("expected an object, got %s"), type_name(dv));
	if (!get_name(c, dv, path, "DomainName", true, true, &d->name))
		return false;
	if (!get_string(c, dv, path, "ValidationMethod", false, &s))
		return false;
	int i = lookup(s, method_names, COUNT(method_names));
	d->method = !s ? ACM_VM_NONE : i > 0 ? (enum acm_method)i : ACM_VM_UNKNOWN;
	d->method_text = s ? san_str(s, TEXT_MAX, 0) : NULL;
	if (!get_string(c, dv, path, "ValidationStatus", false, &s))
		return false;
	i = lookup(s, dv_names, COUNT(dv_names));
	d->status = !s ? ACM_DV_NONE : i > 0 ? (enum acm_dv_status)i : ACM_DV_UNKNOWN;
	d->status_text = s ? san_str(s, TEXT_MAX, 0) : NULL;
	return parse_record(c, dv, path, d) &&
	       get_texts(c, dv, path, "ValidationEmails", false, &d->emails, &d->n_emails) &&
	       get_name(c, dv, path, "ValidationDomain", false, true, &d->validation_domain);
}

static bool
parse_domains(struct pctx *c, const cJSON *obj, const char *parent,
	      struct acm_domain **out, size_t *n)
{
	const cJSON *arr, *el;
	size_t count;
	char path[PATH_MAX_LEN], ipath[PATH_MAX_LEN];
	if (!get_array(c, obj, parent, "DomainValidationOptions", &arr, &count))
		return false;
	if (!arr)
		return true;
	path_key(path, parent, "DomainValidationOptions");
	*out = xcalloc(count ? count : 1, sizeof **out);
	int i = 0;
	cJSON_ArrayForEach(el, arr) {
		path_index(ipath, path, i++);
		(*n)++;
		if (!parse_domain(c, el, ipath, &(*out)[*n - 1]))
			return false;
	}
	return true;
}

static bool
parse_renewal(struct pctx *c, const cJSON *detail, const char *parent, struct acm_renewal *r)
{
	const cJSON *rs;
	char path[PATH_MAX_LEN];
	if (!get_object(c, detail, parent, "RenewalSummary", &rs))
		return false;
	if (!rs)
		return true;
	path_key(path, parent, "RenewalSummary");
	r->present = true;
	return get_text(c, rs, path, "RenewalStatus", false, &r->status) &&
	       get_text(c, rs, path, "RenewalStatusReason", false, &r->reason) &&
	       get_time(c, rs, path, "UpdatedAt", &r->updated_at) &&
	       parse_domains(c, rs, path, &r->domains, &r->n_domains);
}

static bool
parse_detail(struct pctx *c, const cJSON *d, const char *path, struct acm_cert *cert)
{
	const char *s;
	if (!get_text(c, d, path, "CertificateArn", false, &cert->arn) ||
	    !get_name(c, d, path, "DomainName", true, true, &cert->domain_name) ||
	    !get_texts(c, d, path, "SubjectAlternativeNames", true, &cert->sans, &cert->n_sans) ||
	    !get_string(c, d, path, "Status", !cert->partial, &s))
		return false;
	int i = lookup(s, status_names, COUNT(status_names));
	cert->status = i > 0 ? (enum acm_status)i : ACM_ST_UNKNOWN;
	cert->status_text = s ? san_str(s, TEXT_MAX, 0) : NULL;
	return get_text(c, d, path, "FailureReason", false, &cert->failure_reason) &&
	       get_text(c, d, path, "Type", false, &cert->type) &&
	       get_time(c, d, path, "CreatedAt", &cert->created_at) &&
	       get_time(c, d, path, "IssuedAt", &cert->issued_at) &&
	       get_time(c, d, path, "NotAfter", &cert->not_after) &&
	       get_texts(c, d, path, "InUseBy", false, &cert->in_use_by, &cert->n_in_use_by) &&
	       parse_domains(c, d, path, &cert->domains, &cert->n_domains) &&
	       parse_renewal(c, d, path, &cert->renewal);
}

/* ---- distinct records ---- */

static void
record_add_domain(struct acm_record *r, const char *name)
{
	for (size_t i = 0; i < r->n_domains; i++)
		if (!strcmp(r->domains[i], name))
			return;
	r->domains = xrealloc(r->domains, (r->n_domains + 1) * sizeof *r->domains);
	r->domains[r->n_domains++] = xstrdup(name);
}

static void
collect_records(struct acm_cert *cert, struct acm_domain *doms, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct acm_domain *d = &doms[i];
		if (!d->has_record)
			continue;
		size_t k = 0;
		while (k < cert->n_records && (strcmp(cert->records[k].name, d->rr_name) ||
					       strcmp(cert->records[k].value, d->rr_value)))
			k++;
		if (k == cert->n_records) {
			cert->records = xrealloc(cert->records, (k + 1) * sizeof *cert->records);
			struct acm_record *r = &cert->records[cert->n_records++];
			memset(r, 0, sizeof *r);
			r->name = xstrdup(d->rr_name);
			r->value = xstrdup(d->rr_value);
			r->type = xstrdup(d->rr_type ? d->rr_type : "CNAME");
		}
		d->record = (int)k;
		record_add_domain(&cert->records[k], d->name);
	}
}

/* ---- the JSON text ---- */

static void
position(const char *buf, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static bool
fail_at(struct pctx *c, const char *buf, size_t off, const char *what)
{
	size_t line, col;
	char where[96];
	position(buf, off, &line, &col);
	snprintf(where, sizeof where, _("byte %zu (line %zu, column %zu)"), off, line, col);
	return fail(c, where, "%s", what);
}

/* Everything cJSON would accept but we do not want, found with its place:
 * NUL bytes and nesting deeper than any real output (cJSON itself recurses
 * up to 1000 levels). */
static bool
prescan(struct pctx *c, const char *buf, size_t len, bool *unclosed)
{
	int depth = 0;
	bool in_str = false;
	for (size_t i = 0; i < len; i++) {
		char ch = buf[i];
		if (ch == '\0')
			return fail_at(c, buf, i, _("a NUL byte: this is not JSON text"));
		if (in_str) {
			/* cJSON would decode \u0000 and cut the string there:
			 * what follows it would be silently lost. */
			if (ch == '\\' && i + 5 < len && buf[i + 1] == 'u' && !memcmp(buf + i + 2, "0000", 4))
				return fail_at(c, buf, i, _("\\u0000 (a NUL character) in a string: no certificate field holds one"));
			if (ch == '\\' && i + 1 < len)
				i++;
			else if (ch == '"')
				in_str = false;
		} else if (ch == '"') {
			in_str = true;
		} else if (ch == '{' || ch == '[') {
			if (++depth > ACM_DEPTH_MAX) {
				char what[128];
				snprintf(what, sizeof what, _("nested deeper than %d levels"), ACM_DEPTH_MAX);
				return fail_at(c, buf, i, what);
			}
		} else if (ch == '}' || ch == ']') {
			depth--;
		}
	}
	*unclosed = in_str || depth > 0;
	return true;
}

static bool
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static size_t
skip_space(const char *buf, size_t len, size_t i)
{
	if (i == 0 && len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < len && is_space(buf[i]))
		i++;
	return i;
}

static cJSON *
parse_json(struct pctx *c, const char *buf, size_t len)
{
	if (len > ACM_INPUT_MAX) {
		fail(c, "", _("the input is %zu bytes; at most %u are accepted"), len, ACM_INPUT_MAX);
		return NULL;
	}
	size_t start = skip_space(buf, len, 0);
	if (start == len) {
		fail(c, "", "%s", _("empty input: expected the JSON output of aws acm describe-certificate"));
		return NULL;
	}
	if (buf[start] != '{' && buf[start] != '[') {
		fail_at(c, buf, start, _("not JSON; run aws with --output json"));
		return NULL;
	}
	bool unclosed = false;
	if (!prescan(c, buf, len, &unclosed))
		return NULL;
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(buf, len, &end, false);
	size_t off = end && end >= buf && end <= buf + len ? (size_t)(end - buf) : len;
	if (!root) {
		/* A cut file: its end is the place to show, wherever cJSON stopped. */
		if (unclosed || skip_space(buf, len, off) >= len)
			fail_at(c, buf, len, _("the JSON ends too early (truncated?)"));
		else
			fail_at(c, buf, off, _("JSON syntax error"));
		return NULL;
	}
	off = skip_space(buf, len, off);
	if (off < len) {
		cJSON_Delete(root);
		fail_at(c, buf, off, _("more text after the end of the JSON value"));
		return NULL;
	}
	return root;
}

/* The detail object: {"Certificate":{...}} or the bare CertificateDetail. */
static const cJSON *
find_detail(struct pctx *c, const cJSON *root, const char **path, bool *wrapped)
{
	if (!cJSON_IsObject(root)) {
		fail(c, "", _("expected a JSON object, got %s"), type_name(root));
		return NULL;
	}
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(root, "Certificate");
	if (j) {
		*path = "Certificate";
		*wrapped = true;
		if (!cJSON_IsObject(j)) {
			fail(c, "Certificate", _("expected an object, got %s"), type_name(j));
			return NULL;
		}
		return j;
	}
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(root, "__type");
	if (cJSON_IsString(type)) {
		const cJSON *msg = cJSON_GetObjectItemCaseSensitive(root, "message");
		if (!cJSON_IsString(msg))
			msg = cJSON_GetObjectItemCaseSensitive(root, "Message");
		char *t = quote(type->valuestring);
		char *m = quote(cJSON_IsString(msg) ? msg->valuestring : "");
		fail(c, "", _("this is an AWS error response, not a certificate: %s: %s"), t, m);
		free(t);
		free(m);
		return NULL;
	}
	*path = "";
	*wrapped = false;
	if (!cJSON_GetObjectItemCaseSensitive(root, "DomainName") &&
	    !cJSON_GetObjectItemCaseSensitive(root, "CertificateArn")) {
		fail(c, "", "%s", _("neither a \"Certificate\" object nor its fields: expected the output of aws acm describe-certificate"));
		return NULL;
	}
	return root;
}

static void
cert_init(struct acm_cert *cert)
{
	memset(cert, 0, sizeof *cert);
	cert->created_at = cert->issued_at = cert->not_after = ACM_TIME_NONE;
	cert->renewal.updated_at = ACM_TIME_NONE;
}

bool
acm_cert_parse(const char *buf, size_t len, struct acm_cert *cert, char *err, size_t errlen)
{
	struct pctx c = { err, errlen };
	const char *path = "";
	bool wrapped = false;
	cert_init(cert);
	if (errlen)
		err[0] = '\0';
	cJSON *root = parse_json(&c, buf, len);
	if (!root)
		return false;
	/* A part of the output (--query) becomes the detail it came from. */
	cJSON *whole = acm_partial_detail(root);
	bool partial = whole != NULL;
	cert->partial = partial;
	const cJSON *detail = find_detail(&c, whole ? whole : root, &path, &wrapped);
	bool ok = detail && parse_detail(&c, detail, path, cert);
	cJSON_Delete(whole);
	cJSON_Delete(root);
	if (!ok) {
		acm_cert_free(cert);
		return false;
	}
	cert->wrapped = wrapped;
	cert->partial = partial;
	collect_records(cert, cert->domains, cert->n_domains);
	collect_records(cert, cert->renewal.domains, cert->renewal.n_domains);
	return true;
}

static void
free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
free_domains(struct acm_domain *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(d[i].name);
		free(d[i].method_text);
		free(d[i].status_text);
		free(d[i].rr_name);
		free(d[i].rr_type);
		free(d[i].rr_value);
		free_strings(d[i].emails, d[i].n_emails);
		free(d[i].validation_domain);
	}
	free(d);
}

void
acm_cert_free(struct acm_cert *cert)
{
	free(cert->arn);
	free(cert->domain_name);
	free_strings(cert->sans, cert->n_sans);
	free(cert->status_text);
	free(cert->failure_reason);
	free(cert->type);
	free_strings(cert->in_use_by, cert->n_in_use_by);
	free_domains(cert->domains, cert->n_domains);
	free(cert->renewal.status);
	free(cert->renewal.reason);
	free_domains(cert->renewal.domains, cert->renewal.n_domains);
	for (size_t i = 0; i < cert->n_records; i++) {
		free(cert->records[i].name);
		free(cert->records[i].type);
		free(cert->records[i].value);
		free_strings(cert->records[i].domains, cert->records[i].n_domains);
	}
	free(cert->records);
	cert_init(cert);
}
