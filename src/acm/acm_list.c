/* list-certificates output and the certificates that need attention (see
 * acm_list.h). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "acm/acm_list.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/xalloc.h"
#include "net/names.h"

#define TEXT_MAX 2048

bool
acm_list_detect(const char *buf, size_t len)
{
	/* the key near the start, before any value could hold it */
	size_t n = len < 4096 ? len : 4096;
	const char *k = memmem(buf, n, "\"CertificateSummaryList\"", 24);
	return k && memchr(buf, '{', (size_t)(k - buf));
}

static void
summary_clear(struct acm_summary *s)
{
	free(s->arn);
	free(s->region);
	free(s->domain_name);
	for (size_t i = 0; i < s->n_sans; i++)
		free(s->sans[i]);
	free(s->sans);
	free(s->status_text);
	free(s->type);
}

void
acm_list_free(struct acm_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		summary_clear(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

void
acm_list_take(struct acm_list *dst, struct acm_list *src)
{
	dst->v = xrealloc(dst->v, (dst->n + src->n + 1) * sizeof *dst->v);
	if (src->n)
		memcpy(dst->v + dst->n, src->v, src->n * sizeof *src->v);
	dst->n += src->n;
	free(src->v);
	memset(src, 0, sizeof *src);
}

static const char *
string_at(const cJSON *o, const char *key)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(j) ? j->valuestring : NULL;
}

static int64_t
time_at(const cJSON *o, const char *key)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, key);
	int64_t t;
	if (cJSON_IsNumber(j) && isfinite(j->valuedouble) && j->valuedouble >= 0 && j->valuedouble < 253402300800.0)
		return (int64_t)j->valuedouble;
	if (cJSON_IsString(j) && acm_time_from_iso(j->valuestring, &t))
		return t;
	return ACM_TIME_NONE;
}

static enum acm_status
status_of(const char *s)
{
	static const char *const names[] = { NULL, "PENDING_VALIDATION", "ISSUED", "INACTIVE", "EXPIRED",
					     "VALIDATION_TIMED_OUT", "REVOKED", "FAILED" };
	for (size_t i = 1; s && i < sizeof names / sizeof *names; i++)
		if (!strcmp(s, names[i]))
			return (enum acm_status)i;
	return ACM_ST_UNKNOWN;
}

static bool
bad(char *err, size_t errlen, int i, const char *field, const char *what)
{
	snprintf(err, errlen, "CertificateSummaryList[%d].%s: %s", i, field, what);
	return false;
}

static char *
region_of(const char *arn)
{
	/* arn:PARTITION:acm:REGION:ACCOUNT:certificate/ID */
	const char *p = arn;
	for (int k = 0; k < 3 && p; k++)
		p = strchr(p, ':') ? strchr(p, ':') + 1 : NULL;
	size_t n = p ? strcspn(p, ":") : 0;
	return n ? san_text(p, n, 64, SAN_ASCII) : xstrdup("?");
}

static bool
parse_one(const cJSON *it, int i, struct acm_summary *s, char *err, size_t errlen)
{
	char why[160];
	const char *arn = string_at(it, "CertificateArn"), *dn = string_at(it, "DomainName");
	const char *st = string_at(it, "Status");
	if (!cJSON_IsObject(it))
		return bad(err, errlen, i, "", _("expected an object"));
	if (!arn)
		return bad(err, errlen, i, "CertificateArn", _("missing"));
	if (!dn || !(s->domain_name = name_from_user(dn, why, sizeof why)))
		return bad(err, errlen, i, "DomainName", dn ? why : _("missing"));
	s->arn = san_str(arn, TEXT_MAX, SAN_ASCII);
	s->region = region_of(arn);
	s->status = status_of(st);
	s->status_text = st ? san_str(st, TEXT_MAX, SAN_ASCII) : NULL;
	s->type = string_at(it, "Type") ? san_str(string_at(it, "Type"), 64, SAN_ASCII) : NULL;
	s->created_at = time_at(it, "CreatedAt");
	s->not_after = time_at(it, "NotAfter");
	s->in_use = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "InUse"));
	const cJSON *sans = cJSON_GetObjectItemCaseSensitive(it, "SubjectAlternativeNameSummaries"), *n;
	if (!cJSON_IsArray(sans))
		sans = NULL;
	cJSON_ArrayForEach(n, sans) {
		char *c = cJSON_IsString(n) ? name_from_user(n->valuestring, why, sizeof why) : NULL;
		if (!c)
			return bad(err, errlen, i, "SubjectAlternativeNameSummaries", _("not a domain name"));
		s->sans = xrealloc(s->sans, (s->n_sans + 1) * sizeof *s->sans);
		s->sans[s->n_sans++] = c;
		if (s->n_sans >= ACM_LIST_MAX)
			break;
	}
	return true;
}

bool
acm_list_parse(const char *buf, size_t len, struct acm_list *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	cJSON *root = len <= ACM_INPUT_MAX ? cJSON_ParseWithLength(buf, len) : NULL;
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "CertificateSummaryList"), *it;
	if (!cJSON_IsArray(arr)) {
		snprintf(err, errlen, "%s", _("not the output of aws acm list-certificates (no CertificateSummaryList array)"));
		cJSON_Delete(root);
		return false;
	}
	int i = 0, size = cJSON_GetArraySize(arr);
	out->v = xcalloc((size_t)size + 1, sizeof *out->v);
	bool ok = true;
	cJSON_ArrayForEach(it, arr) {
		if (!(ok = parse_one(it, i++, &out->v[out->n], err, errlen))) {
			summary_clear(&out->v[out->n]);
			break;
		}
		out->n++;
	}
	cJSON_Delete(root);
	if (!ok)
		acm_list_free(out);
	return ok;
}

enum acm_attention
acm_summary_attention(const struct acm_summary *s, int64_t now, int64_t soon_s)
{
	switch (s->status) {
	case ACM_ST_FAILED: return ACM_ATT_FAILED;
	case ACM_ST_VALIDATION_TIMED_OUT: return ACM_ATT_TIMED_OUT;
	case ACM_ST_PENDING_VALIDATION: return ACM_ATT_PENDING;
	case ACM_ST_ISSUED:
		return s->not_after != ACM_TIME_NONE && s->not_after - now < soon_s ? ACM_ATT_EXPIRING : ACM_ATT_NONE;
	default: return ACM_ATT_NONE;
	}
}

static int64_t sort_now, sort_soon;

/* Worst first; within one kind, the most urgent first: the oldest pending
 * request, the soonest expiry. */
static int
cmp_attention(const void *a, const void *b)
{
	const struct acm_summary *x = a, *y = b;
	enum acm_attention ax = acm_summary_attention(x, sort_now, sort_soon);
	enum acm_attention ay = acm_summary_attention(y, sort_now, sort_soon);
	if (ax != ay)
		return ax > ay ? -1 : 1;
	int64_t kx = ax == ACM_ATT_EXPIRING ? x->not_after : x->created_at;
	int64_t ky = ay == ACM_ATT_EXPIRING ? y->not_after : y->created_at;
	if (kx != ky)
		return kx < ky ? -1 : 1;
	return strcmp(x->arn, y->arn);
}

void
acm_list_attention(struct acm_list *l, int64_t now, int64_t soon_s)
{
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (acm_summary_attention(&l->v[i], now, soon_s) != ACM_ATT_NONE)
			l->v[k++] = l->v[i];
		else
			summary_clear(&l->v[i]);
	}
	l->n = k;
	sort_now = now;
	sort_soon = soon_s;
	if (l->n)
		qsort(l->v, l->n, sizeof *l->v, cmp_attention);
}
