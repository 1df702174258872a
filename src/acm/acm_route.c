/* From what ACM says to what to tell the user and which probes to run (see
 * acm_cert.h). The facts (what each Status and FailureReason means, the next
 * step, the probes) are in data/acm-reasons.txt; this file adds what only the
 * certificate at hand can say: the names concerned and the 72-hour window. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acm/acm_cert.h"
#include "core/datafile.h"
#include "core/i18n.h"
#include "net/names.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"

#define REASONS_FILE "acm-reasons.txt"
#define NAMES_SHOWN 10          /* names listed in one message before "and N more" */

/* ---- the reason table ---- */

struct reason {
	char *kind;                 /* status, reason, renewal, method, case */
	char *key;
	int code;                   /* enum finding_code, -1 until set */
	int severity;               /* enum severity, -1: the code's */
	unsigned checks;
	struct strbuf explain, next;
};

struct table {
	struct reason *v;
	size_t n, alloc;
	char **amazon;              /* amazon-owned suffixes, canonical */
	size_t n_amazon, alloc_amazon;
};

static void
table_free(struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].kind);
		free(t->v[i].key);
		sb_free(&t->v[i].explain);
		sb_free(&t->v[i].next);
	}
	free(t->v);
	for (size_t i = 0; i < t->n_amazon; i++)
		free(t->amazon[i]);
	free(t->amazon);
	memset(t, 0, sizeof *t);
}

static bool
parse_checks(const char *v, unsigned *out)
{
	*out = 0;
	char *copy = xstrdup(v), *save = NULL;
	bool ok = true;
	for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (!strcmp(w, "caa"))
			*out |= ACM_CHECK_CAA;
		else if (!strcmp(w, "cname"))
			*out |= ACM_CHECK_CNAME;
		else if (!strcmp(w, "email"))
			*out |= ACM_CHECK_EMAIL;
		else if (strcmp(w, "none"))
			ok = false;
	}
	free(copy);
	return ok;
}

/* One "keyword value" line into the table; false with err on a bad line. */
static bool
table_line(struct table *t, const char *kw, const char *v, char *err, size_t errlen)
{
	static const char *const kinds[] = { "status", "reason", "renewal", "method", "case" };
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(kw, kinds[i])) {
			t->v = xgrow(t->v, &t->alloc, t->n + 1, sizeof *t->v);
			struct reason *r = &t->v[t->n++];
			r->kind = xstrdup(kw);
			r->key = xstrdup(v);
			r->code = r->severity = -1;
			r->checks = 0;
			sb_init_limit(&r->explain, 8192);
			sb_init_limit(&r->next, 8192);
			return true;
		}
	if (!strcmp(kw, "amazon-owned")) {
		char why[160];
		char *n = name_from_user(v, why, sizeof why);
		if (!n) {
			snprintf(err, errlen, "amazon-owned %s: %s", v, why);
			return false;
		}
		t->amazon = xgrow(t->amazon, &t->alloc_amazon, t->n_amazon + 1, sizeof *t->amazon);
		t->amazon[t->n_amazon++] = n;
		return true;
	}
	struct reason *r = t->n ? &t->v[t->n - 1] : NULL;
	if (!r) {
		snprintf(err, errlen, "'%s' before the first stanza", kw);
		return false;
	}
	if (!strcmp(kw, "code")) {
		r->code = finding_code_from_name(v);
		if (r->code < 0)
			snprintf(err, errlen, "unknown finding code %s", v);
		return r->code >= 0;
	}
	if (!strcmp(kw, "severity")) {
		r->severity = !strcmp(v, "error") ? SEV_ERROR : !strcmp(v, "warning") ? SEV_WARNING :
			      !strcmp(v, "info") ? SEV_INFO : -1;
		if (r->severity < 0)
			snprintf(err, errlen, "unknown severity %s", v);
		return r->severity >= 0;
	}
	if (!strcmp(kw, "checks")) {
		if (!parse_checks(v, &r->checks))
			snprintf(err, errlen, "unknown check in '%s' (caa, cname, email, none)", v);
		return !*err;
	}
	if (!strcmp(kw, "explain") || !strcmp(kw, "next")) {
		sb_add_joined(!strcmp(kw, "explain") ? &r->explain : &r->next, " ", v);
		return true;
	}
	snprintf(err, errlen, "unknown keyword '%s'", kw);
	return false;
}

static bool
table_load(struct table *t, char *err, size_t errlen)
{
	size_t len;
	const char *text = datafile_get(REASONS_FILE, &len);
	memset(t, 0, sizeof *t);
	if (!text) {
		snprintf(err, errlen, _("data file %s is missing"), REASONS_FILE);
		return false;
	}
	char why[256] = "";
	size_t lineno = 0;
	for (const char *p = text, *end = text + len; p < end && !*why; ) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		lineno++;
		char *line = xstrndup(p, (size_t)(eol - p));
		p = eol + 1;
		size_t n = strlen(line);
		while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
			line[--n] = '\0';
		char *kw = line + strspn(line, " \t");
		if (*kw && *kw != '#') {
			char *v = kw + strcspn(kw, " \t");
			if (*v)
				*v++ = '\0';
			v += strspn(v, " \t");
			table_line(t, kw, v, why, sizeof why);
		}
		free(line);
	}
	for (size_t i = 0; i < t->n && !*why; i++)
		if (t->v[i].code < 0 || !t->v[i].explain.len || !t->v[i].next.len)
			snprintf(why, sizeof why, "%s %s: needs code, explain and next",
				 t->v[i].kind, t->v[i].key);
	if (*why) {
		snprintf(err, errlen, _("data file %s, line %zu: %s"), REASONS_FILE, lineno, why);
		table_free(t);
		return false;
	}
	return true;
}

static const struct reason *
table_find(const struct table *t, const char *kind, const char *key)
{
	for (size_t i = 0; key && i < t->n; i++)
		if (!strcmp(t->v[i].kind, kind) && !strcmp(t->v[i].key, key))
			return &t->v[i];
	return NULL;
}

/* ---- durations and dates ---- */

void
acm_duration_text(int64_t s, char *out, size_t outlen)
{
	if (s < 0)
		s = -s;
	if (s < 3600)
		snprintf(out, outlen, _("%d min"), (int)((s + 59) / 60));
	else if (s < 100 * 3600)      /* the whole 72-hour window reads in hours */
		snprintf(out, outlen, _("%d h"), (int)(s / 3600));
	else
		snprintf(out, outlen, _("%d days"), (int)(s / 86400));
}

static void
date_text(int64_t t, char *out, size_t outlen)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || !strftime(out, outlen, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(out, outlen, "?");
}

/* ---- the route being built ---- */

struct builder {
	const struct acm_cert *cert;
	const struct acm_psl *psl;
	const struct table *table;
	int64_t now;
	struct acm_route *route;
	size_t alloc_findings, alloc_names;
	char **email_names;         /* email-validated names still waiting, for one finding */
	size_t n_email_names;
};

/* Add a finding from stanza r: its explanation, the specifics, its next step. */
static void
emit(struct builder *b, const struct reason *r, const char *name, const char *specifics)
{
	struct acm_route *rt = b->route;
	rt->findings = xgrow(rt->findings, &b->alloc_findings, rt->n_findings + 1, sizeof *rt->findings);
	rt->next_steps = xrealloc(rt->next_steps, b->alloc_findings * sizeof *rt->next_steps);
	while (specifics && *specifics == ' ')
		specifics++;
	struct finding *f = &rt->findings[rt->n_findings];
	finding_init(f, (enum finding_code)r->code, name);
	if (r->severity >= 0)
		f->severity = (enum severity)r->severity;
	/* Data-file text goes through gettext too, so a catalogue may carry it. */
	const char *next = _(r->next.buf);
	finding_set_message(f, "%s%s%s %s %s", _(r->explain.buf), specifics && *specifics ? " " : "",
			    specifics ? specifics : "", _("Next step:"), next);
	rt->next_steps[rt->n_findings] = xstrdup(next);
	rt->n_findings++;
}

static struct acm_name_route *
name_route(struct builder *b, const char *name)
{
	struct acm_route *rt = b->route;
	for (size_t i = 0; i < rt->n_names; i++)
		if (!strcmp(rt->names[i].name, name))
			return &rt->names[i];
	rt->names = xgrow(rt->names, &b->alloc_names, rt->n_names + 1, sizeof *rt->names);
	struct acm_name_route *nr = &rt->names[rt->n_names++];
	memset(nr, 0, sizeof *nr);
	nr->name = xstrdup(name);
	nr->record = -1;
	return nr;
}

static void
collect_names(struct builder *b)
{
	const struct acm_cert *c = b->cert;
	name_route(b, c->domain_name);
	for (size_t i = 0; i < c->n_sans; i++)
		name_route(b, c->sans[i]);
	for (size_t i = 0; i < c->n_domains; i++)
		name_route(b, c->domains[i].name);
	for (size_t i = 0; i < c->renewal.n_domains; i++)
		name_route(b, c->renewal.domains[i].name);
}

/* "a.example.com., b.example.com. and 3 more" */
static void
add_name_list(struct strbuf *sb, char *const *names, size_t n)
{
	for (size_t i = 0; i < n && i < NAMES_SHOWN; i++)
		sb_addf(sb, "%s%s", i ? ", " : "", names[i]);
	if (n > NAMES_SHOWN)
		sb_addf(sb, _(" and %zu more"), n - NAMES_SHOWN);
}

/* ---- name checks without probes ---- */

static bool
is_amazon_owned(const struct table *t, const char *name)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i < t->n_amazon; i++) {
		size_t sl = strlen(t->amazon[i]);
		if (nl == sl ? !strcmp(name, t->amazon[i]) :
		    nl > sl && name[nl - sl - 1] == '.' && !strcmp(name + nl - sl, t->amazon[i]))
			return true;
	}
	return false;
}

/* Why name could be a typo ACM rejects, in a few words; NULL if nothing seen.
 * Only cheap textual signs: a label rule broken or an unknown top-level domain. */
static const char *
name_suspicion(const struct acm_psl *psl, const char *name)
{
	const char *base = strncmp(name, "*.", 2) ? name : name + 2;
	if (!strchr(base, '.') || !strchr(base, '.')[1])
		return _("a single label, not a public name");
	if (strchr(base, '_'))
		return _("an underscore, which certificate names cannot have");
	for (const char *l = base; *l; ) {
		size_t n = strcspn(l, ".");
		if (n == 0)
			break;
		if (l[0] == '-' || l[n - 1] == '-')
			return _("a label that starts or ends with a hyphen");
		if (n >= 4 && l[2] == '-' && l[3] == '-' && strncmp(l, "xn--", 4))
			return _("\"--\" in the third and fourth position of a label (only xn-- may have it)");
		l += n + (l[n] == '.');
	}
	if (psl) {
		switch (acm_psl_check(psl, name)) {
		case ACM_PSL_UNKNOWN_TLD:
			return _("a top-level domain that does not exist");
		case ACM_PSL_IS_SUFFIX:
			return _("a public suffix itself, which nobody can own");
		default:
			break;
		}
	}
	return NULL;
}

/* List names with a remark; returns how many. only_psl: public-suffix remarks only. */
static size_t
add_suspicions(struct builder *b, struct strbuf *sb, bool only_psl)
{
	size_t found = 0;
	for (size_t i = 0; i < b->route->n_names; i++) {
		const char *name = b->route->names[i].name;
		const char *why;
		if (only_psl) {
			enum acm_psl_verdict v = b->psl ? acm_psl_check(b->psl, name) : ACM_PSL_OK;
			why = v == ACM_PSL_UNKNOWN_TLD ? _("a top-level domain that does not exist") :
			      v == ACM_PSL_IS_SUFFIX ? _("a public suffix itself, which nobody can own") : NULL;
		} else {
			why = name_suspicion(b->psl, name);
		}
		if (!why)
			continue;
		if (found < NAMES_SHOWN)
			sb_addf(sb, "%s%s (%s)", found ? "; " : _("Suspicious: "), name, why);
		found++;
	}
	if (found > NAMES_SHOWN)
		sb_addf(sb, _(" and %zu more"), found - NAMES_SHOWN);
	if (found)
		sb_addc(sb, '.');
	return found;
}

static void
psl_specifics(struct builder *b, struct strbuf *sb, bool only_psl)
{
	size_t found = add_suspicions(b, sb, only_psl);
	if (!b->psl)
		sb_addf(sb, "%s%s", found ? " " : "",
			_("The public suffix list is not available, so top-level domains were not checked."));
	else if (!found)
		sb_add(sb, only_psl ? _("Every name is under a known public suffix, so the list ACM uses may differ from this one.")
			   : _("No name looks wrong at a glance: compare each letter with the name you own."));
}

/* ---- certificate level ---- */

static void
amazon_names(struct builder *b, char ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < b->route->n_names; i++)
		if (is_amazon_owned(b->table, b->route->names[i].name)) {
			*out = xrealloc(*out, (*n + 1) * sizeof **out);
			(*out)[(*n)++] = b->route->names[i].name;
		}
}

/* The Amazon-owned remark, once, whatever the reason ACM gave. */
static bool
emit_amazon_owned(struct builder *b)
{
	char **names;
	size_t n;
	amazon_names(b, &names, &n);
	if (n) {
		struct strbuf sb;
		sb_init_limit(&sb, 16 * 1024);
		sb_add(&sb, _("Names under an Amazon domain:"));
		sb_addc(&sb, ' ');
		add_name_list(&sb, names, n);   /* no full stop: the names end in one */
		emit(b, table_find(b->table, "case", "AMAZON_OWNED"), b->cert->domain_name, sb.buf);
		sb_free(&sb);
	}
	free(names);
	return n > 0;
}

static void
window_specifics(struct builder *b, struct strbuf *sb)
{
	const struct acm_cert *c = b->cert;
	char d[32];
	if (c->created_at == ACM_TIME_NONE) {
		sb_add(sb, _("CreatedAt is missing, so acm-doctor cannot tell when the request times out."));
		return;
	}
	int64_t left = c->created_at + ACM_WINDOW_SECONDS - b->now;
	acm_duration_text(left, d, sizeof d);
	if (left > 0)
		sb_addf(sb, _("This request times out in %s."), d);
	else
		sb_addf(sb, _("The window closed %s ago."), d);
}

static void
in_use_specifics(const struct acm_cert *c, struct strbuf *sb)
{
	if (c->n_in_use_by)
		sb_addf(sb, _(" In use by %zu AWS resource(s), the first: %s."), c->n_in_use_by, c->in_use_by[0]);
	else
		sb_add(sb, _(" Not in use by any AWS resource."));
}

/* Status ISSUED, INACTIVE, EXPIRED, REVOKED: what it means, little to do. */
static unsigned
route_settled(struct builder *b, const struct reason *r)
{
	const struct acm_cert *c = b->cert;
	struct strbuf sb;
	char d[32], when[40];
	sb_init_limit(&sb, 16 * 1024);
	if (c->not_after != ACM_TIME_NONE) {
		date_text(c->not_after, when, sizeof when);
		acm_duration_text(c->not_after - b->now, d, sizeof d);
		if (c->not_after > b->now)
			sb_addf(&sb, _("Valid until %s (in %s)."), when, d);
		else
			sb_addf(&sb, _("Expired on %s (%s ago)."), when, d);
	}
	if (c->type && !strcmp(c->type, "IMPORTED"))
		sb_add(&sb, _(" It was imported: ACM never renews an imported certificate; import a new one before it expires."));
	in_use_specifics(c, &sb);
	emit(b, r, c->domain_name, sb.buf);
	sb_free(&sb);
	return r->checks;
}

static unsigned
route_failed(struct builder *b)
{
	const struct acm_cert *c = b->cert;
	const struct reason *r = c->failure_reason ? table_find(b->table, "reason", c->failure_reason)
						   : table_find(b->table, "status", "FAILED");
	struct strbuf sb;
	sb_init_limit(&sb, 16 * 1024);
	if (!r) {
		r = table_find(b->table, "case", "UNKNOWN");
		sb_addf(&sb, _("ACM failed the request with FailureReason %s."), c->failure_reason);
	} else if (r->code == F_ACM_ADDITIONAL_VERIFICATION && emit_amazon_owned(b)) {
		sb_free(&sb);
		return r->checks;       /* the Amazon-owned names are the explanation */
	} else if (r->code == F_ACM_INVALID_PUBLIC_DOMAIN) {
		psl_specifics(b, &sb, true);
	} else if (r->code == F_ACM_OTHER && c->failure_reason) {
		psl_specifics(b, &sb, false);
	}
	emit(b, r, c->domain_name, sb.buf);
	sb_free(&sb);
	if (r->code != F_ACM_ADDITIONAL_VERIFICATION)
		emit_amazon_owned(b);
	return r->checks;
}

static unsigned
route_pending(struct builder *b, bool timed_out)
{
	const struct acm_cert *c = b->cert;
	const struct reason *r = table_find(b->table, "status",
					    timed_out ? "VALIDATION_TIMED_OUT" : "PENDING_VALIDATION");
	struct strbuf sb;
	sb_init_limit(&sb, 16 * 1024);
	if (!timed_out && c->created_at != ACM_TIME_NONE) {
		b->route->deadline = c->created_at + ACM_WINDOW_SECONDS;
		if (b->route->deadline <= b->now)
			r = table_find(b->table, "case", "WINDOW_PASSED");
	}
	if (!timed_out)
		window_specifics(b, &sb);
	else if (c->created_at != ACM_TIME_NONE &&
		 b->now >= c->created_at + ACM_WINDOW_SECONDS) {   /* not with a skewed clock */
		char d[32];
		acm_duration_text(b->now - c->created_at - ACM_WINDOW_SECONDS, d, sizeof d);
		sb_addf(&sb, _("It timed out %s ago."), d);
	}
	emit(b, r, c->domain_name, sb.buf);
	sb_free(&sb);
	emit_amazon_owned(b);
	return r->checks;
}

static unsigned
route_status(struct builder *b)
{
	const struct acm_cert *c = b->cert;
	switch (c->status) {
	case ACM_ST_PENDING_VALIDATION:
		return route_pending(b, false);
	case ACM_ST_VALIDATION_TIMED_OUT:
		return route_pending(b, true);
	case ACM_ST_FAILED:
		return route_failed(b);
	case ACM_ST_UNKNOWN: {
		if (c->partial) {
			const struct reason *p = table_find(b->table, "case", "PARTIAL");
			emit(b, p, c->domain_name, NULL);
			return p->checks;
		}
		const struct reason *r = table_find(b->table, "case", "UNKNOWN");
		struct strbuf sb;
		sb_init_limit(&sb, 4096);
		sb_addf(&sb, _("ACM reported Status %s."), c->status_text);
		emit(b, r, c->domain_name, sb.buf);
		sb_free(&sb);
		return r->checks;
	}
	default:
		return route_settled(b, table_find(b->table, "status", c->status_text));
	}
}

/* ---- per name ---- */

/* Every email-validated name waiting for its approval, in one finding:
 * where the mail goes is the email check's to say. */
static void
emit_email(struct builder *b)
{
	if (!b->n_email_names)
		return;
	struct strbuf sb;
	sb_init_limit(&sb, 16 * 1024);
	sb_add(&sb, _("Validated by email: "));
	add_name_list(&sb, b->email_names, b->n_email_names);   /* ends in the name's dot */
	emit(b, table_find(b->table, "method", "EMAIL"), b->cert->domain_name, sb.buf);
	sb_free(&sb);
	strv_free(b->email_names, b->n_email_names);
	b->email_names = NULL;
	b->n_email_names = 0;
}

static void
route_domain(struct builder *b, const struct acm_domain *d, unsigned gate, bool renewal)
{
	if (d->status == ACM_DV_SUCCESS)
		return;
	struct acm_name_route *nr = name_route(b, d->name);
	if (d->method == ACM_VM_DNS && (gate & ACM_CHECK_CNAME)) {
		if (d->record < 0) {
			emit(b, table_find(b->table, "case", "RECORD_NOT_PUBLISHED"), d->name, NULL);
			return;
		}
		nr->checks |= ACM_CHECK_CNAME;
		nr->record = d->record;
		nr->renewal |= renewal;
	} else if (d->method == ACM_VM_EMAIL && (gate & ACM_CHECK_EMAIL)) {
		nr->checks |= ACM_CHECK_EMAIL;
		nr->renewal |= renewal;
		/* "Approve the mail" only while ACM still waits for it. */
		if (!renewal && b->cert->status != ACM_ST_PENDING_VALIDATION)
			return;
		bool seen = false;
		for (size_t i = 0; i < b->n_email_names; i++)
			seen |= !strcmp(b->email_names[i], d->name);
		if (!seen)
			strv_push(&b->email_names, &b->n_email_names, d->name);
	} else if (d->method == ACM_VM_HTTP && (gate & (ACM_CHECK_CNAME | ACM_CHECK_EMAIL))) {
		emit(b, table_find(b->table, "method", "HTTP"), d->name, NULL);
	}
}

static unsigned
route_renewal(struct builder *b)
{
	const struct acm_renewal *rn = &b->cert->renewal;
	if (!rn->present || !rn->status || b->cert->status != ACM_ST_ISSUED)
		return 0;
	const struct reason *r = table_find(b->table, "renewal", rn->status);
	if (!r)
		return 0;       /* PENDING_AUTO_RENEWAL, SUCCESS: nothing to say */
	struct strbuf sb;
	unsigned checks = r->checks;
	sb_init_limit(&sb, 16 * 1024);
	if (rn->reason) {
		const struct reason *why = table_find(b->table, "reason", rn->reason);
		sb_addf(&sb, _("Reason given: %s."), rn->reason);
		if (why) {
			sb_addf(&sb, " %s", _(why->explain.buf));
			checks |= why->checks;
		}
	}
	emit(b, r, b->cert->domain_name, sb.buf);
	sb_free(&sb);
	for (size_t i = 0; i < rn->n_domains; i++)
		route_domain(b, &rn->domains[i], checks, true);
	emit_email(b);
	return checks & ACM_CHECK_CAA;
}

static void
collect_cname_records(struct acm_route *rt)
{
	for (size_t i = 0; i < rt->n_names; i++) {
		int rec = rt->names[i].record;
		if (!(rt->names[i].checks & ACM_CHECK_CNAME) || rec < 0)
			continue;
		size_t k = 0;
		while (k < rt->n_cname_records && rt->cname_records[k] != rec)
			k++;
		if (k == rt->n_cname_records) {
			rt->cname_records = xrealloc(rt->cname_records, (k + 1) * sizeof *rt->cname_records);
			rt->cname_records[rt->n_cname_records++] = rec;
		}
	}
}

bool
acm_route(const struct acm_cert *cert, int64_t now, const struct acm_psl *psl,
	  struct acm_route *route, char *err, size_t errlen)
{
	struct table t;
	memset(route, 0, sizeof *route);
	route->deadline = ACM_TIME_NONE;
	if (!table_load(&t, err, errlen))
		return false;
	struct builder b = { .cert = cert, .psl = psl, .table = &t, .now = now, .route = route };
	const char *missing = NULL;
	static const char *const need[][2] = {
		{ "case", "UNKNOWN" }, { "case", "AMAZON_OWNED" }, { "case", "WINDOW_PASSED" },
		{ "case", "PARTIAL" },
		{ "case", "RECORD_NOT_PUBLISHED" }, { "method", "EMAIL" }, { "method", "HTTP" },
		{ "status", "PENDING_VALIDATION" }, { "status", "VALIDATION_TIMED_OUT" },
		{ "status", "FAILED" }, { "status", "ISSUED" }, { "status", "INACTIVE" },
		{ "status", "EXPIRED" }, { "status", "REVOKED" },
	};
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
		if (!table_find(&t, need[i][0], need[i][1]))
			missing = need[i][1];
	if (missing) {
		snprintf(err, errlen, _("data file %s: no stanza for %s"), REASONS_FILE, missing);
		table_free(&t);
		return false;
	}
	collect_names(&b);
	unsigned gate = route_status(&b);
	for (size_t i = 0; i < cert->n_domains && gate; i++)
		route_domain(&b, &cert->domains[i], gate, false);
	emit_email(&b);
	if (cert->status == ACM_ST_ISSUED)
		gate |= route_renewal(&b);
	if (gate & ACM_CHECK_CAA)
		for (size_t i = 0; i < route->n_names; i++)
			route->names[i].checks |= ACM_CHECK_CAA;
	collect_cname_records(route);
	table_free(&t);
	return true;
}

bool
acm_case_text(const char *key, int *code, char **explain, char **next)
{
	struct table t;
	char err[256];
	*explain = *next = NULL;
	if (!table_load(&t, err, sizeof err))
		return false;
	const struct reason *r = table_find(&t, "case", key);
	if (r) {
		*code = r->code;
		*explain = xstrdup(_(r->explain.buf));
		*next = xstrdup(_(r->next.buf));
	}
	table_free(&t);
	return r != NULL;
}

bool
acm_words(struct acm_word **out, size_t *n, char *err, size_t errlen)
{
	struct table t;
	*out = NULL;
	*n = 0;
	if (!table_load(&t, err, errlen))
		return false;
	size_t alloc = 0;
	for (size_t i = 0; i < t.n; i++) {
		const struct reason *r = &t.v[i];
		if (strcmp(r->kind, "status") && strcmp(r->kind, "reason") && strcmp(r->kind, "renewal"))
			continue;
		*out = xgrow(*out, &alloc, *n + 1, sizeof **out);
		(*out)[(*n)++] = (struct acm_word){
			.kind = xstrdup(r->kind), .key = xstrdup(r->key),
			.explain = xstrdup(_(r->explain.buf)), .next = xstrdup(_(r->next.buf)),
			.checks = r->checks,
		};
	}
	table_free(&t);
	return true;
}

void
acm_words_free(struct acm_word *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(w[i].kind);
		free(w[i].key);
		free(w[i].explain);
		free(w[i].next);
	}
	free(w);
}

void
acm_route_free(struct acm_route *route)
{
	for (size_t i = 0; i < route->n_findings; i++) {
		finding_clear(&route->findings[i]);
		free(route->next_steps[i]);
	}
	free(route->findings);
	free(route->next_steps);
	free(route->caa_message);
	free(route->caa_next);
	for (size_t i = 0; i < route->n_names; i++)
		free(route->names[i].name);
	free(route->names);
	free(route->cname_records);
	memset(route, 0, sizeof *route);
	route->deadline = ACM_TIME_NONE;
}
