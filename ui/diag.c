#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "net/dns_wire.h"

/* Probe fields are short; a longer one is hostile or broken. */
#define PROBE_FIELD_MAX 200

struct diag *
diag_new(char **names, size_t n, int san_flags)
{
	struct diag *d = xcalloc(1, sizeof *d);
	d->names = xcalloc(n ? n : 1, sizeof *d->names);
	for (size_t i = 0; i < n; i++)
		d->names[i] = xstrdup(names[i]);
	d->n_names = n;
	d->san_flags = san_flags;
	return d;
}

static void
probes_clear(struct diag *d)
{
	for (size_t i = 0; i < d->n_probes; i++) {
		struct probe_line *p = &d->probes[i];
		free(p->qtype);
		free(p->qname);
		free(p->server);
		free(p->purpose);
		free(p->result);
	}
	d->n_probes = 0;
	d->n_ids = 0;
}

static char *
clean(const struct diag *d, const char *s)
{
	return san_str(s ? s : "", PROBE_FIELD_MAX, d->san_flags);
}

/* The line of a query asked before (same question, server and purpose),
 * or NULL. */
static struct probe_line *
same_query(struct diag *d, const char *qtype, const char *qname, const char *server,
	   const char *purpose)
{
	for (size_t i = 0; i < d->n_probes; i++) {
		struct probe_line *p = &d->probes[i];
		if (!strcmp(p->qtype, qtype) && !strcmp(p->qname, qname) && !strcmp(p->server, server)
		    && !strcmp(p->purpose, purpose))
			return p;
	}
	return NULL;
}

static struct probe_line *
line_sent(struct diag *d, const struct probe_event *ev)
{
	char *qtype = clean(d, ev->qtype), *qname = clean(d, ev->qname);
	char *server = clean(d, ev->server), *purpose = clean(d, _(ev->purpose));
	struct probe_line *p = same_query(d, qtype, qname, server, purpose);
	if (p) {
		free(qtype);
		free(qname);
		free(server);
		free(purpose);
	} else {
		d->probes = xgrow(d->probes, &d->alloc, d->n_probes + 1, sizeof *d->probes);
		p = &d->probes[d->n_probes++];
		*p = (struct probe_line){ .qtype = qtype, .qname = qname, .server = server,
					  .purpose = purpose, .started_ms = loop_now_ms() };
	}
	p->n++;
	p->done = false;
	d->ids = xgrow(d->ids, &d->ids_alloc, d->n_ids + 1, sizeof *d->ids);
	d->ids[d->n_ids++] = (struct probe_id){ ev->id, (size_t)(p - d->probes) };
	return p;
}

static void
on_event(void *ctx, const struct probe_event *ev)
{
	struct diag *d = ctx;
	struct probe_line *p = NULL;
	for (size_t i = 0; i < d->n_ids && !p; i++)
		if (d->ids[i].id == ev->id)
			p = &d->probes[d->ids[i].line];
	if (!p)
		p = line_sent(d, ev);
	if (ev->done) {
		p->n_done++;
		p->done = p->n_done >= p->n;
		p->failed |= ev->failed;
		p->referral = ev->referral;
		p->elapsed_ms = ev->elapsed_ms;
		free(p->result);
		p->result = clean(d, ev->result);
	}
	if (d->changed)
		d->changed(d->ctx);
}

void
diag_add_record(struct diag *d, const char *name, const char *value,
		const char *const *domains, size_t n_domains)
{
	d->records = xrealloc(d->records, (d->n_records + 1) * sizeof *d->records);
	char **dom = xcalloc(n_domains ? n_domains : 1, sizeof *dom);
	for (size_t i = 0; i < n_domains; i++)
		dom[i] = xstrdup(domains[i]);
	d->records[d->n_records++] = (struct cname_record_spec){
		.name = xstrdup(name), .value = xstrdup(value),
		.domains = (const char *const *)dom, .n_domains = n_domains,
	};
}

void
diag_add_email(struct diag *d, const char *name, const char *validation_domain,
	       char *const *emails, size_t n_emails, bool method_unknown)
{
	for (size_t i = 0; i < d->n_emails; i++)
		if (!strcmp(d->emails[i].name, name))
			return;
	d->emails = xrealloc(d->emails, (d->n_emails + 1) * sizeof *d->emails);
	char **e = xcalloc(n_emails ? n_emails : 1, sizeof *e);
	for (size_t i = 0; i < n_emails; i++)
		e[i] = xstrdup(emails[i]);
	d->emails[d->n_emails++] = (struct email_name_spec){
		.name = xstrdup(name), .validation_domain = validation_domain ? xstrdup(validation_domain) : NULL,
		.emails = (const char *const *)e, .n_emails = n_emails, .method_unknown = method_unknown,
	};
}

const struct caa_report *
diag_caa(const struct diag *d)
{
	return d ? d->run.report[CHECK_caa] : NULL;
}

const struct cname_report *
diag_cname(const struct diag *d)
{
	return d ? d->run.report[CHECK_cname] : NULL;
}

const struct finding *
diag_finding(const struct diag *d, const struct diagnosis_item *it)
{
	return diagnosis_finding(&d->run, it);
}

const char *
diag_item_name(const struct diag *d, const struct diagnosis_item *it)
{
	struct check_subject s;
	diagnosis_subject(&d->run, it, &s);
	return s.name;
}

bool
diag_item_about(const struct diag *d, const struct diagnosis_item *it, const char *name)
{
	struct check_subject s;
	diagnosis_subject(&d->run, it, &s);
	return check_subject_about(&s, name);
}

const struct caa_target *
diag_caa_of(const struct diag *d, const char *name)
{
	struct check_subject s;
	int i = d ? diagnosis_subject_about(&d->run, CHECK_caa, name, &s) : -1;
	return i < 0 ? NULL : &diag_caa(d)->targets[i];
}

const struct cname_result *
diag_cname_of(const struct diag *d, const char *name)
{
	struct check_subject s;
	int i = d ? diagnosis_subject_about(&d->run, CHECK_cname, name, &s) : -1;
	return i < 0 ? NULL : &diag_cname(d)->results[i];
}

bool
diag_plan_view(const struct diag *d, const struct diagnosis_item *it, struct plan_view *out)
{
	if (it)
		return diagnosis_plan(&d->run, it, out);
	/* No finding chosen: the first fix there is. */
	for (int c = 0; c < CHECK__COUNT; c++) {
		const struct check_ops *ops = check_get(c);
		const void *rep = d->run.report[c];
		for (size_t p = 0; rep && p < ops->n_plans(rep); p++)
			if (ops->plan(rep, p, out))
				return true;
	}
	return false;
}

/* Call fn for every subject of every report there is. */
static void
each_subject(const struct diag *d, void (*fn)(const struct check_subject *s, void *ctx), void *ctx)
{
	for (int c = 0; d && c < CHECK__COUNT; c++) {
		const struct check_ops *ops = check_get(c);
		const void *rep = d->run.report[c];
		for (size_t i = 0; rep && i < ops->n_subjects(rep); i++) {
			struct check_subject s;
			ops->subject(rep, i, &s);
			fn(&s, ctx);
		}
	}
}

/* The answered lines that asked for a record a blocking finding adds or
 * removes: their answer is the problem (NXDOMAIN for a CNAME that must
 * exist, the CAA set that leaves Amazon out), not a success. */
static void
mark_record(struct diag *d, const struct record *r)
{
	const char *type = dns_type_name(r->type);
	for (size_t i = 0; i < d->n_probes; i++) {
		struct probe_line *p = &d->probes[i];
		if (p->done && !p->failed && !p->referral && !strcasecmp(p->qname, r->name) && !strcmp(p->qtype, type))
			p->problem = true;
	}
}

static void
mark_subject(const struct check_subject *s, void *ctx)
{
	for (size_t f = 0; s->blocks && f < s->n_findings; f++)
		for (size_t k = 0; s->findings[f].severity == SEV_ERROR && k < s->findings[f].n_records; k++)
			mark_record(ctx, &s->findings[f].records[k]);
}

static void
on_done(void *ctx)
{
	struct diag *d = ctx;
	d->items = d->run.items;
	d->n_items = d->run.n_items;
	/* Queries of checks cancelled with the run (the resolver is not
	 * one) are not running any more: say so, no spinner. */
	for (size_t i = 0; i < d->n_probes; i++) {
		struct probe_line *p = &d->probes[i];
		if (p->done)
			continue;
		p->done = p->failed = true;
		free(p->result);
		p->result = clean(d, _("not asked to the end: the resolver is not usable"));
	}
	each_subject(d, mark_subject, d);
	if (d->changed)
		d->changed(d->ctx);
}

static void
forget(struct diag *d)
{
	diagnosis_clear(&d->run);
	d->items = NULL;
	d->n_items = 0;
	probes_clear(d);
	d->error[0] = '\0';
}

static void
add_name_once(char ***v, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i], name))
			return;
	strv_push(v, n, name);
}

static void
zones_free(struct diag *d)
{
	for (size_t i = 0; i < d->n_hosted_zones; i++) {
		struct check_hosted_zone *z = &d->hosted_zones[i];
		free((char *)z->id);
		free((char *)z->name);
		free((char *)z->provider);
		strv_free((char **)z->ns, z->n_ns);
	}
	free(d->hosted_zones);
	d->hosted_zones = NULL;
	d->n_hosted_zones = 0;
}

void
diag_set_hosted_zones(struct diag *d, const struct check_hosted_zone *z, size_t n)
{
	zones_free(d);
	d->hosted_zones = xcalloc(n + 1, sizeof *d->hosted_zones);
	for (size_t i = 0; i < n; i++) {
		char **ns = NULL;
		size_t k = 0;
		for (size_t j = 0; j < z[i].n_ns; j++)
			strv_push(&ns, &k, z[i].ns[j]);
		d->hosted_zones[i] = (struct check_hosted_zone){
			.id = xstrdup(z[i].id), .name = xstrdup(z[i].name), .ns = (const char *const *)ns,
			.n_ns = k, .provider = xstrdup(z[i].provider) };
	}
	d->n_hosted_zones = n;
}

int
diag_start(struct diag *d, struct loop *loop, struct dns_client *dns)
{
	forget(d);
	d->in = (struct check_input){
		.names = (const char *const *)d->names, .n_names = d->n_names,
		.records = d->records, .n_records = d->n_records,
		.edited_ns = (const char *const *)d->edited_ns, .n_edited_ns = d->n_edited_ns,
		.timeout_ms = d->timeout_ms,
		.email_names = d->emails, .n_email_names = d->n_emails,
		.rdap_bootstrap = d->rdap_bootstrap, .https_ca_file = d->https_ca_file,
		.smtp_timeout_ms = d->smtp_timeout_ms,
		.hosted_zones = d->hosted_zones, .n_hosted_zones = d->n_hosted_zones,
	};
	/* Every certificate name: the CAA names, the records' names and the
	 * names validated by email. */
	strv_free(d->all_names, d->n_all_names);
	d->all_names = NULL;
	d->n_all_names = 0;
	for (size_t i = 0; i < d->n_names; i++)
		add_name_once(&d->all_names, &d->n_all_names, d->names[i]);
	for (size_t i = 0; i < d->n_records; i++)
		for (size_t k = 0; k < d->records[i].n_domains; k++)
			add_name_once(&d->all_names, &d->n_all_names, d->records[i].domains[k]);
	for (size_t i = 0; i < d->n_emails; i++)
		add_name_once(&d->all_names, &d->n_all_names, d->emails[i].name);
	d->in.domains = (const char *const *)d->all_names;
	d->in.n_domains = d->n_all_names;
	d->runs++;
	d->started_ms = loop_now_ms();
	if (diagnosis_start(&d->run, loop, dns, &d->in, 0, on_event, d, on_done, d) < 0) {
		memcpy(d->error, d->run.error, sizeof d->error);
		return -1;
	}
	return 0;
}

bool
diag_running(const struct diag *d)
{
	return d && diagnosis_running(&d->run);
}

bool
diag_finished(const struct diag *d)
{
	return d && diagnosis_finished(&d->run);
}

/* Every certificate name some subject is about, once. */
struct name_set {
	const char **v;
	size_t n, alloc;
};

static void
add_names(const struct check_subject *s, void *ctx)
{
	struct name_set *ns = ctx;
	for (size_t k = 0; k < s->n_domains; k++) {
		bool seen = false;
		for (size_t j = 0; j < ns->n && !seen; j++)
			seen = !strcmp(ns->v[j], s->domains[k]);
		if (seen)
			continue;
		ns->v = xgrow(ns->v, &ns->alloc, ns->n + 1, sizeof *ns->v);
		ns->v[ns->n++] = s->domains[k];
	}
}

static size_t
subject_names(const struct diag *d, const char ***out)
{
	struct name_set ns = { 0 };
	each_subject(d, add_names, &ns);
	*out = ns.v;
	return ns.n;
}

int
diag_blocking(const struct diag *d)
{
	if (diagnosis_resolver_failed(&d->run))
		return (int)d->run.n_names;     /* nothing could be judged */
	const char **names;
	size_t n = subject_names(d, &names);
	int blocked = 0;
	for (size_t i = 0; i < n; i++) {
		bool bad = false;
		for (int c = 0; c < CHECK__COUNT && !bad; c++) {
			struct check_subject s;
			bad = diagnosis_subject_about(&d->run, c, names[i], &s) >= 0 && s.tone != SEV_INFO;
		}
		blocked += bad;
	}
	free(names);
	return blocked;
}

static void
any_blocks(const struct check_subject *s, void *ctx)
{
	*(bool *)ctx |= s->blocks;
}

bool
diag_blocks(const struct diag *d)
{
	bool blocks = false;
	each_subject(d, any_blocks, &blocks);
	return blocks;
}

static bool
in_list(const char *const *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], name))
			return true;
	return false;
}

size_t
diag_names_count(const struct diag *d)
{
	if (!d)
		return 0;
	size_t n = d->n_names, alloc = 0;
	const char **extra = NULL;
	size_t n_extra = 0;
	for (size_t r = 0; r < d->n_records; r++)
		for (size_t k = 0; k < d->records[r].n_domains; k++) {
			const char *name = d->records[r].domains[k];
			if (in_list((const char *const *)d->names, d->n_names, name) || in_list(extra, n_extra, name))
				continue;
			extra = xgrow(extra, &alloc, n_extra + 1, sizeof *extra);
			extra[n_extra++] = name;
		}
	free(extra);
	return n + n_extra;
}

size_t
diag_queries(const struct diag *d)
{
	return d ? d->n_ids : 0;
}

static void
longest_cache(const struct check_subject *s, void *ctx)
{
	int64_t *left = ctx;
	if (s->tone != SEV_INFO && s->cache_ttl > *left)
		*left = s->cache_ttl;
}

int64_t
diag_cache_left(const struct diag *d)
{
	int64_t left = -1;
	each_subject(d, longest_cache, &left);
	return left;
}

void
diag_free(struct diag *d)
{
	if (!d)
		return;
	forget(d);
	zones_free(d);
	free(d->probes);
	free(d->ids);
	for (size_t i = 0; i < d->n_records; i++) {
		struct cname_record_spec *r = &d->records[i];
		for (size_t k = 0; k < r->n_domains; k++)
			free((char *)r->domains[k]);
		free((char **)r->domains);
		free((char *)r->name);
		free((char *)r->value);
	}
	free(d->records);
	for (size_t i = 0; i < d->n_emails; i++) {
		struct email_name_spec *e = &d->emails[i];
		for (size_t k = 0; k < e->n_emails; k++)
			free((char *)e->emails[k]);
		free((char **)e->emails);
		free((char *)e->name);
		free((char *)e->validation_domain);
	}
	free(d->emails);
	for (size_t i = 0; i < d->n_names; i++)
		free(d->names[i]);
	free(d->names);
	strv_free(d->all_names, d->n_all_names);
	free(d);
}
