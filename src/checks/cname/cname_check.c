#include "config.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/cname/cname_check.h"
#include "core/datafile.h"
#include "core/i18n.h"
#include "net/names.h"
#include "fix/provider.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"

#define NEW_RECORD_TTL 300
#define MAX_DEPTH 8            /* referrals followed from the parent zone down */
#define MAX_NS 13              /* NS names (and addresses) asked per zone */
#define MAX_SOA 10             /* ancestors whose SOA is asked */
#define DEFAULT_TIMEOUT_MS 1000

/* One query's outcome, kept whole until the report is built. */
struct obs {
	bool sent, done;
	enum dns_outcome outcome;
	struct dns_msg *msg;       /* owned */
	char *error;
	char *server;
};

/* An address asked directly, with the NS names that led there. */
struct sv {
	char *addr;                /* "127.0.0.4" or "2001:db8::1" */
	char *names;               /* ", "-joined */
	bool edited;
	struct obs o;
};

struct nsname {
	char *name;
	char *addr;                /* first IPv4 address (glue or resolved), or NULL */
	struct obs o;              /* the A lookup, when there was no glue */
};

/* The servers of one zone on the way down, and what they said. */
struct level {
	char *zone;
	bool referral;             /* published by the parent (a referral) */
	struct nsname *ns;
	size_t n_ns;
	struct sv *sv;
	size_t n_sv;
};

enum step { ST_FIRST, ST_PARENT_NS, ST_NS_ADDR, ST_AUTH, ST_DONE };

struct rec {
	char *name, *value;
	char **domains;
	size_t n_domains;
	struct obs main, txt, a, aaaa;
	struct cname_candidate *cands;
	size_t n_cands;
	struct obs *cand_obs;
	char **soa_names;
	size_t n_soa;
	struct obs *soa_obs;
	char *zres;                /* deepest zone the resolver shows */
	char *pz;                  /* the zone above it: where the walk starts */
	struct obs pz_ns;
	struct level lv;
	int depth;
	struct sv *ed;             /* the edited name servers, asked for this record */
	size_t n_ed;
	enum step step;
	int outstanding;
	char *walk_note;           /* why the delegation could not be followed */
};

/* A direct client per address, shared by every record. */
struct direct {
	char *addr;
	struct dns_client *dns;
};

struct edited_in {
	char *text;                /* as given */
	char *name;                /* canonical host name, or NULL for an address */
	char *addr;                /* the address (given, or resolved) */
	struct obs o;              /* the A lookup for a name */
};

struct cname_check {
	struct loop *loop;
	struct dns_client *dns;
	char *resolver;
	const char *forced_provider;
	int timeout_ms, tries;
	cname_done_cb cb;
	void *ctx;
	cname_event_cb on_event;
	void *event_ctx;
	struct rec *recs;
	size_t n_recs;
	struct edited_in *edited;
	size_t n_edited;
	int edited_pending;
	struct direct *directs;
	size_t n_directs;
	int outstanding;
	int queries, answered, in_flight, max_in_flight;
	int64_t started;
	bool cancelled, aborted, finishing;
	uint64_t timer;
};

enum ask_kind {
	Q_MAIN, Q_TXT, Q_A, Q_AAAA, Q_CAND, Q_SOA, Q_PARENT_NS, Q_NS_ADDR,
	Q_AUTH, Q_EDITED, Q_EDITED_ADDR,
};

/* TRANSLATORS: why a DNS query is asked, shown in parentheses on a probe line */
static const char *const ask_purpose[] = {
	[Q_MAIN] = N_("record"), [Q_TXT] = N_("TXT instead"), [Q_A] = N_("proxied or flattened"),
	[Q_AAAA] = N_("proxied or flattened"), [Q_CAND] = N_("misplaced copy"), [Q_SOA] = N_("zone"),
	[Q_PARENT_NS] = N_("parent zone servers"), [Q_NS_ADDR] = N_("name server address"),
	[Q_AUTH] = N_("authoritative"), [Q_EDITED] = N_("edited name server"),
	[Q_EDITED_ADDR] = N_("edited name server address"),
};

struct ask {
	struct cname_check *chk;
	enum ask_kind kind;
	struct rec *rec;           /* NULL for check-wide queries */
	struct obs *o;
	bool direct;
	int id;
};

static void on_reply(void *arg, struct dns_result *res);
static void rec_next(struct cname_check *chk, struct rec *r);
static void free_check(struct cname_check *chk);

/* ------------------------------------------------------------------ */
/* Pure helpers                                                        */
/* ------------------------------------------------------------------ */

static size_t
name_len_nodot(const char *s)
{
	size_t n = strlen(s);
	if (n > 1 && s[n - 1] == '.' && (n < 2 || s[n - 2] != '\\'))
		n--;
	return n;
}

bool
cname_value_equal(const char *a, const char *b)
{
	size_t la = name_len_nodot(a), lb = name_len_nodot(b);
	return la == lb && strncasecmp(a, b, la) == 0;
}

/* ACM documents that a value may be entered without its leading underscore
 * when a DNS host refuses one; such a value still validates. */
static bool
value_matches(const char *found, const char *expected)
{
	if (cname_value_equal(found, expected))
		return true;
	const char *f = found[0] == '_' ? found + 1 : found;
	const char *e = expected[0] == '_' ? expected + 1 : expected;
	return (f != found || e != expected) && cname_value_equal(f, e);
}

bool
cname_value_suffixed(const char *found, const char *expected, const char *zone)
{
	size_t le = name_len_nodot(expected), lf = strlen(found);
	if (lf <= le + 1 || strncasecmp(found, expected, le) || found[le] != '.')
		return false;
	const char *rest = found + le + 1;
	if (!*rest || !strcmp(rest, "."))
		return false;
	return !zone || cname_value_equal(rest, zone);
}

static char *
concat_names(const char *a, const char *b)
{
	size_t la = name_len_nodot(a);
	struct strbuf sb;
	sb_init(&sb);
	sb_addn(&sb, a, la);
	sb_addc(&sb, '.');
	sb_add(&sb, b);
	return sb_steal(&sb);
}

static void
push_cand(struct cname_candidate **out, size_t *n, char *name, enum cname_cand_kind kind)
{
	/* A name too long for the wire is not worth a query. */
	if (strlen(name) > 250) {
		free(name);
		return;
	}
	*out = xrealloc(*out, (*n + 1) * sizeof **out);
	(*out)[*n].name = name;
	(*out)[*n].kind = kind;
	(*n)++;
}

size_t
cname_candidates(const char *name, struct cname_candidate **out)
{
	size_t n = 0;
	*out = NULL;
	if (dns_name_labels(name) < 2)
		return 0;
	const char *rest = dns_name_parent(name);
	size_t first_len = (size_t)(rest - name);     /* "_x1." */
	/* The zone appended once more: the zone is rest or one of its
	 * ancestors, at most three of them, never a TLD alone. */
	const char *s = rest;
	for (int k = 0; k < 3 && dns_name_labels(s) >= 2; k++, s = dns_name_parent(s))
		push_cand(out, &n, concat_names(name, s), CNAME_CAND_DOUBLED);
	/* Without the leading underscore. */
	if (name[0] == '_' && first_len > 2)
		push_cand(out, &n, xstrdup(name + 1), CNAME_CAND_NO_UNDERSCORE);
	/* Created in the parent zone with the subdomain label left out. */
	const char *gp = dns_name_parent(rest);
	if (dns_name_labels(rest) >= 3) {
		struct strbuf sb;
		sb_init(&sb);
		sb_addn(&sb, name, first_len);
		sb_add(&sb, gp);
		push_cand(out, &n, sb_steal(&sb), CNAME_CAND_PARENT);
	}
	return n;
}

void
cname_candidates_free(struct cname_candidate *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].name);
	free(c);
}

/* Cloudflare's ranges, parsed once into a fixed table (no heap kept). */
struct cidr {
	int family;
	uint8_t net[16];
	int bits;
};

static struct cidr cf_ranges[64];
static size_t n_cf_ranges;
static bool cf_loaded;

static void
load_cf_family(const char *kw, int family)
{
	size_t n;
	char **v = datafile_values("cloudflare-ips.txt", kw, &n);
	for (size_t i = 0; i < n && n_cf_ranges < sizeof cf_ranges / sizeof *cf_ranges; i++) {
		char buf[64];
		snprintf(buf, sizeof buf, "%s", v[i]);
		char *slash = strchr(buf, '/');
		if (!slash)
			continue;
		*slash = '\0';
		struct cidr *c = &cf_ranges[n_cf_ranges];
		memset(c, 0, sizeof *c);
		c->family = family;
		c->bits = atoi(slash + 1);
		if (inet_pton(family, buf, c->net) == 1 && c->bits > 0 &&
		    c->bits <= (family == AF_INET ? 32 : 128))
			n_cf_ranges++;
	}
	datafile_values_free(v, n);
}

static bool
prefix_match(const uint8_t *a, const uint8_t *net, int bits)
{
	int full = bits / 8, rest = bits % 8;
	if (memcmp(a, net, (size_t)full))
		return false;
	if (!rest)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return (a[full] & mask) == (net[full] & mask);
}

static bool
cloudflare_bytes(int family, const uint8_t *addr)
{
	if (!cf_loaded) {
		load_cf_family("v4", AF_INET);
		load_cf_family("v6", AF_INET6);
		cf_loaded = true;
	}
	for (size_t i = 0; i < n_cf_ranges; i++)
		if (cf_ranges[i].family == family && prefix_match(addr, cf_ranges[i].net, cf_ranges[i].bits))
			return true;
	return false;
}

bool
cname_cloudflare_addr(const char *addr)
{
	uint8_t b[16];
	if (inet_pton(AF_INET, addr, b) == 1)
		return cloudflare_bytes(AF_INET, b);
	if (inet_pton(AF_INET6, addr, b) == 1)
		return cloudflare_bytes(AF_INET6, b);
	return false;
}

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

/* The record name relative to its zone ("_x1" in "cname-doubled.test."),
 * as hosts that append the zone want it typed; the full name when the
 * zone is unknown or does not contain it. */
static const char *
label_of(const char *name, const char *zone)
{
	static char buf[DNS_NAME_TEXT_MAX];
	size_t nl = strlen(name), zl = zone ? strlen(zone) : 0;
	if (!zone || zl >= nl || strcmp(name + nl - zl, zone) || name[nl - zl - 1] != '.')
		return name_shown(name);
	size_t len = nl - zl - 1;
	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, name, len);
	buf[len] = '\0';
	return buf;
}

/* "a.ns.example., b.ns.example." for a message (bounded). */
static const char *
ns_list(const struct cname_plan_info *pi)
{
	static char buf[512];
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < pi->n_ns && used + 4 < sizeof buf; i++)
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? ", " : "", pi->ns[i]);
	return pi->n_ns ? buf : "?";
}

static void
obs_clear(struct obs *o)
{
	if (o->msg)
		dns_msg_free(o->msg);
	free(o->error);
	free(o->server);
	memset(o, 0, sizeof *o);
}

static void
sv_clear(struct sv *s)
{
	free(s->addr);
	free(s->names);
	obs_clear(&s->o);
}

static void
level_clear(struct level *lv)
{
	free(lv->zone);
	for (size_t i = 0; i < lv->n_ns; i++) {
		free(lv->ns[i].name);
		free(lv->ns[i].addr);
		obs_clear(&lv->ns[i].o);
	}
	free(lv->ns);
	for (size_t i = 0; i < lv->n_sv; i++)
		sv_clear(&lv->sv[i]);
	free(lv->sv);
	memset(lv, 0, sizeof *lv);
}

/* "127.0.0.4" -> "127.0.0.4:53"; "2001:db8::1" -> "[2001:db8::1]:53". */
static char *
server_string(const char *addr)
{
	struct strbuf sb;
	sb_init(&sb);
	if (strchr(addr, ':'))
		sb_addf(&sb, "[%s]:53", addr);
	else
		sb_addf(&sb, "%s:53", addr);
	return sb_steal(&sb);
}

static struct dns_client *
direct_client(struct cname_check *chk, const char *addr)
{
	for (size_t i = 0; i < chk->n_directs; i++)
		if (!strcmp(chk->directs[i].addr, addr))
			return chk->directs[i].dns;
	char err[256];
	/* Edited servers may come with their own port ("host:port", "[v6]:port"). */
	bool has_port = addr[0] == '[' || (strchr(addr, ':') && strchr(addr, ':') == strrchr(addr, ':'));
	char *srv = has_port ? xstrdup(addr) : server_string(addr);
	struct dns_client_opts o = { .servers = srv, .recurse = false,
				     .timeout_ms = chk->timeout_ms, .tries = chk->tries };
	struct dns_client *c = dns_client_new(chk->loop, &o, err, sizeof err);
	free(srv);
	if (!c)
		return NULL;
	chk->directs = xrealloc(chk->directs, (chk->n_directs + 1) * sizeof *chk->directs);
	chk->directs[chk->n_directs].addr = xstrdup(addr);
	chk->directs[chk->n_directs].dns = c;
	chk->n_directs++;
	return c;
}

static void
rec_open(struct rec *r)
{
	r->outstanding++;
}

static void
rec_close(struct cname_check *chk, struct rec *r)
{
	if (--r->outstanding == 0 && !chk->cancelled && r->step != ST_DONE)
		rec_next(chk, r);
}

/* Send one query; the answer lands in *o. addr NULL: the resolver. */
static void
ask(struct cname_check *chk, struct rec *r, enum ask_kind kind, struct obs *o,
    const char *addr, const char *name, uint16_t type)
{
	if (chk->aborted)
		return;
	struct dns_client *c = addr ? direct_client(chk, addr) : chk->dns;
	struct ask *a = xcalloc(1, sizeof *a);
	a->chk = chk;
	a->kind = kind;
	a->rec = r;
	a->o = o;
	a->direct = addr != NULL;
	a->id = chk->queries + 1;
	o->sent = true;
	chk->outstanding++;
	chk->queries++;
	if (r)
		r->outstanding++;
	const char *server = c ? dns_client_servers(c) : addr;
	if (chk->on_event) {
		struct cname_event ev = { .id = a->id, .qname = name, .qtype = dns_type_name(type),
					  .server = server, .purpose = ask_purpose[kind] };
		chk->on_event(chk->event_ctx, &ev);
	}
	if (++chk->in_flight > chk->max_in_flight)
		chk->max_in_flight = chk->in_flight;
	if (!c || dns_query(c, name, type, 0, on_reply, a) < 0) {
		struct dns_result res = { .outcome = DNS_BAD_ANSWER, .qname = name, .qtype = type,
					  .server = server,
					  .error = c ? _("the name cannot be sent in a DNS query")
						     : _("cannot create a DNS client for this address") };
		on_reply(a, &res);
	}
}

static void
report_event(struct cname_check *chk, const struct ask *a, const struct dns_result *res)
{
	char summary[160];
	bool failed = dns_result_summary(res, summary, sizeof summary);
	struct cname_event ev = { .id = a->id, .done = true, .qname = res->qname,
				  .qtype = dns_type_name(res->qtype), .server = res->server,
				  .purpose = ask_purpose[a->kind], .result = summary, .failed = failed,
				  .elapsed_ms = res->elapsed_ms };
	chk->on_event(chk->event_ctx, &ev);
}

static void
finish(void *arg);

static void
reap(void *arg);

/* Every query is back: report (or, when cancelled, free) from a fresh loop
 * turn, never from inside a DNS callback, since that frees the clients. */
static void
check_settled(struct cname_check *chk)
{
	if (chk->outstanding || chk->timer)
		return;
	if (chk->cancelled) {
		if (!chk->finishing)
			free_check(chk);
		return;
	}
	for (size_t i = 0; i < chk->n_recs; i++)
		if (chk->recs[i].step != ST_DONE)
			return;
	chk->finishing = true;
	chk->timer = loop_timer_add(chk->loop, 0, finish, chk);
}

static void start_records(struct cname_check *chk);

static void
on_reply(void *arg, struct dns_result *res)
{
	struct ask *a = arg;
	struct cname_check *chk = a->chk;
	chk->in_flight--;
	if (res->outcome == DNS_ANSWER)
		chk->answered++;
	if (chk->on_event && !chk->cancelled && res->outcome != DNS_CANCELLED)
		report_event(chk, a, res);
	/* The resolver client freed under a running check: ask nothing more;
	 * whatever never came back counts as a failure, never as "absent". */
	if (res->outcome == DNS_CANCELLED && !chk->cancelled && !a->direct)
		chk->aborted = true;
	if (!chk->cancelled) {
		struct obs *o = a->o;
		o->done = true;
		o->outcome = res->outcome;
		o->msg = res->msg;
		res->msg = NULL;
		o->error = res->error ? xstrdup(res->error) : NULL;
		o->server = xstrdup(res->server ? res->server : "?");
	} else if (res->msg) {
		dns_msg_free(res->msg);
	}
	struct rec *r = a->rec;
	enum ask_kind kind = a->kind;
	free(a);
	chk->outstanding--;
	if (r) {
		rec_close(chk, r);
	} else if (kind == Q_EDITED_ADDR && --chk->edited_pending == 0 && !chk->cancelled) {
		chk->outstanding++;        /* keep the check open while records start */
		start_records(chk);
		chk->outstanding--;
	}
	check_settled(chk);
}

/* ------------------------------------------------------------------ */
/* Reading answers                                                     */
/* ------------------------------------------------------------------ */

static bool
obs_ok(const struct obs *o)
{
	return o->done && o->outcome == DNS_ANSWER && o->msg &&
	       (o->msg->rcode == DNS_RC_NOERROR || o->msg->rcode == DNS_RC_NXDOMAIN);
}

/* The CNAME owned by name in the answer, or NULL. */
static const struct dns_rr *
cname_at(const struct dns_msg *m, const char *name)
{
	for (size_t i = 0; m && i < m->n_answer; i++)
		if (m->rrs[i].type == DNS_T_CNAME && m->rrs[i].rdata_ok && !strcmp(m->rrs[i].owner, name))
			return &m->rrs[i];
	return NULL;
}

/* The negative TTL of an answer: the SOA's TTL capped by its minimum. */
static int64_t
negative_ttl(const struct dns_msg *m)
{
	for (size_t i = 0; m && i < m->n_rr; i++) {
		const struct dns_rr *rr = &m->rrs[i];
		if (rr->section == DNS_SEC_AUTHORITY && rr->type == DNS_T_SOA && rr->rdata_ok)
			return rr->u.soa.minimum < rr->ttl ? rr->u.soa.minimum : rr->ttl;
	}
	return -1;
}

static bool
is_referral(const struct dns_msg *m)
{
	if (m->aa || m->n_answer || m->rcode != DNS_RC_NOERROR)
		return false;
	for (size_t i = 0; i < m->n_rr; i++)
		if (m->rrs[i].section == DNS_SEC_AUTHORITY && m->rrs[i].type == DNS_T_NS)
			return true;
	return false;
}

struct seen_info {
	enum cname_seen seen;
	const char *value;         /* points into the message */
	char *detail;
	int64_t ttl;
	bool lame;
	const struct dns_rr *rr;
};

static char *
failure_text(const struct obs *o, bool direct, bool *lame)
{
	struct strbuf sb;
	sb_init_limit(&sb, 2048);
	*lame = false;
	if (!o->done) {
		sb_add(&sb, _("no answer (the check was interrupted)"));
	} else if (o->outcome != DNS_ANSWER || !o->msg) {
		sb_add(&sb, o->error ? o->error : _("no answer"));
		if (direct && o->outcome == DNS_TIMEOUT)
			sb_add(&sb, _(": the server does not answer"));
	} else {
		const struct dns_msg *m = o->msg;
		if (m->rcode != DNS_RC_NOERROR && m->rcode != DNS_RC_NXDOMAIN) {
			sb_add(&sb, dns_rcode_name(m->rcode));
			if (direct && m->rcode == DNS_RC_REFUSED) {
				sb_add(&sb, _(": the server does not serve this zone (lame delegation)"));
				*lame = true;
			}
		} else if (is_referral(m)) {
			sb_add(&sb, _("a referral instead of an answer: the server is not authoritative for this zone (lame delegation)"));
			*lame = true;
		} else {
			sb_add(&sb, _("an answer without the AA flag: the server is not authoritative for this zone (lame delegation)"));
			*lame = true;
		}
		if (m->ede_code >= 0) {
			sb_addf(&sb, " (EDE %d", m->ede_code);
			if (m->ede_text && *m->ede_text)
				sb_addf(&sb, ": %s", m->ede_text);
			sb_addc(&sb, ')');
		}
	}
	return sb_steal(&sb);
}

/* What one answer says about the record. direct: an authoritative server
 * asked with RD=0, whose answer must carry AA to count. */
static void
classify(const struct obs *o, const char *name, const char *value, bool direct, struct seen_info *si)
{
	memset(si, 0, sizeof *si);
	si->ttl = -1;
	if (!obs_ok(o) || (direct && !o->msg->aa)) {
		si->seen = CNAME_SEEN_FAILED;
		si->detail = failure_text(o, direct, &si->lame);
		return;
	}
	const struct dns_msg *m = o->msg;
	const struct dns_rr *rr = cname_at(m, name);
	if (rr) {
		si->rr = rr;
		si->value = rr->u.target;
		si->ttl = rr->ttl;
		si->seen = value_matches(rr->u.target, value) ? CNAME_SEEN_MATCH : CNAME_SEEN_OTHER;
		if (si->seen == CNAME_SEEN_MATCH)
			si->detail = xstrdup(direct ? _("the expected value (authoritative)") : _("the expected value"));
		else
			si->detail = xstrdup(direct ? _("another value (authoritative)") : _("another value"));
		return;
	}
	si->ttl = negative_ttl(m);
	si->seen = m->rcode == DNS_RC_NXDOMAIN ? CNAME_SEEN_NXDOMAIN : CNAME_SEEN_NODATA;
	if (m->rcode == DNS_RC_NXDOMAIN)
		si->detail = xstrdup(direct ? _("NXDOMAIN (authoritative): the name does not exist")
				     : _("NXDOMAIN: the name does not exist"));
	else
		si->detail = xstrdup(direct ? _("NOERROR without a CNAME (authoritative): the name exists with other records")
				     : _("NOERROR without a CNAME: the name exists with other records"));
}

/* ------------------------------------------------------------------ */
/* The walk: zone cut, delegation, authoritative servers               */
/* ------------------------------------------------------------------ */

/* Every zone apex the resolver's SOA answers reveal above or at the name. */
static void
find_zones(struct rec *r)
{
	const char *best = NULL, *second = NULL;
	int best_l = -1, second_l = -1;
	for (size_t i = 0; i < r->n_soa; i++) {
		const struct obs *o = &r->soa_obs[i];
		if (!obs_ok(o))
			continue;
		for (size_t k = 0; k < o->msg->n_rr; k++) {
			const struct dns_rr *rr = &o->msg->rrs[k];
			if (rr->type != DNS_T_SOA || rr->section == DNS_SEC_ADDITIONAL ||
			    !dns_name_is_under(r->name, rr->owner))
				continue;
			int l = dns_name_labels(rr->owner);
			if (l > best_l) {
				if (best && strcmp(best, rr->owner)) {
					second = best;
					second_l = best_l;
				}
				best = rr->owner;
				best_l = l;
			} else if (l < best_l && l > second_l) {
				second = rr->owner;
				second_l = l;
			}
		}
	}
	r->zres = best ? xstrdup(best) : NULL;
	/* The walk starts one zone above, so that the delegation comes from
	 * the parent: the root when nothing better is known. */
	if (second)
		r->pz = xstrdup(second);
	else
		r->pz = xstrdup(".");
}

static void
level_add_ns(struct level *lv, const char *name)
{
	for (size_t i = 0; i < lv->n_ns; i++)
		if (!strcmp(lv->ns[i].name, name))
			return;
	if (lv->n_ns >= MAX_NS)
		return;
	lv->ns = xrealloc(lv->ns, (lv->n_ns + 1) * sizeof *lv->ns);
	memset(&lv->ns[lv->n_ns], 0, sizeof *lv->ns);
	lv->ns[lv->n_ns++].name = xstrdup(name);
}

static const char *
a_in(const struct dns_msg *m, const char *owner, enum dns_section sec)
{
	static char buf[INET6_ADDRSTRLEN];
	for (size_t i = 0; m && i < m->n_rr; i++) {
		const struct dns_rr *rr = &m->rrs[i];
		if (rr->section == sec && rr->type == DNS_T_A && rr->rdata_ok && !strcmp(rr->owner, owner))
			return inet_ntop(AF_INET, rr->u.addr, buf, sizeof buf);
	}
	return NULL;
}

/* The A record of name in a resolver answer, following its CNAME chain. */
static const char *
resolved_a(const struct dns_msg *m, const char *name)
{
	char cur[DNS_NAME_TEXT_MAX];
	snprintf(cur, sizeof cur, "%s", name);
	for (int hops = 0; hops < 8; hops++) {
		const char *a = a_in(m, cur, DNS_SEC_ANSWER);
		if (a)
			return a;
		const struct dns_rr *c = cname_at(m, cur);
		if (!c)
			return NULL;
		snprintf(cur, sizeof cur, "%s", c->u.target);
	}
	return NULL;
}

/* Group the NS names by address: one server per address. */
static void
build_servers(struct level *lv)
{
	for (size_t i = 0; i < lv->n_ns; i++) {
		const struct nsname *ns = &lv->ns[i];
		if (!ns->addr)
			continue;
		struct sv *s = NULL;
		for (size_t k = 0; k < lv->n_sv; k++)
			if (!strcmp(lv->sv[k].addr, ns->addr))
				s = &lv->sv[k];
		if (s) {
			struct strbuf sb;
			sb_init(&sb);
			sb_addf(&sb, "%s, %s", s->names, ns->name);
			free(s->names);
			s->names = sb_steal(&sb);
			continue;
		}
		lv->sv = xrealloc(lv->sv, (lv->n_sv + 1) * sizeof *lv->sv);
		s = &lv->sv[lv->n_sv++];
		memset(s, 0, sizeof *s);
		s->addr = xstrdup(ns->addr);
		s->names = xstrdup(ns->name);
	}
}

static void
walk_fail(struct rec *r, char *note)
{
	free(r->walk_note);
	r->walk_note = note;
	r->step = ST_DONE;
}

static char *
fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

static char *
fmt(const char *f, ...)
{
	struct strbuf sb;
	va_list ap;
	sb_init_limit(&sb, 4096);
	va_start(ap, f);
	sb_vaddf(&sb, f, ap);
	va_end(ap);
	return sb_steal(&sb);
}

static void
send_auth(struct cname_check *chk, struct rec *r)
{
	r->step = ST_AUTH;
	for (size_t i = 0; i < r->lv.n_sv; i++)
		ask(chk, r, Q_AUTH, &r->lv.sv[i].o, r->lv.sv[i].addr, r->name, DNS_T_CNAME);
}

static void
send_ns_addrs(struct cname_check *chk, struct rec *r)
{
	r->step = ST_NS_ADDR;
	for (size_t i = 0; i < r->lv.n_ns; i++)
		if (!r->lv.ns[i].addr)
			ask(chk, r, Q_NS_ADDR, &r->lv.ns[i].o, NULL, r->lv.ns[i].name, DNS_T_A);
}

/* A referral from the servers of the current level to a zone below it:
 * the delegation the parent publishes. Returns true when one was taken. */
static bool
take_referral(struct rec *r)
{
	for (size_t i = 0; i < r->lv.n_sv; i++) {
		const struct obs *o = &r->lv.sv[i].o;
		if (!obs_ok(o) || !is_referral(o->msg))
			continue;
		const struct dns_msg *m = o->msg;
		const char *cut = NULL;
		for (size_t k = 0; k < m->n_rr; k++) {
			const struct dns_rr *rr = &m->rrs[k];
			if (rr->section == DNS_SEC_AUTHORITY && rr->type == DNS_T_NS &&
			    dns_name_is_under(r->name, rr->owner) && dns_name_is_under(rr->owner, r->lv.zone) &&
			    strcmp(rr->owner, r->lv.zone)) {
				cut = rr->owner;
				break;
			}
		}
		if (!cut)
			continue;
		struct level next = { .zone = xstrdup(cut), .referral = true };
		for (size_t k = 0; k < m->n_rr; k++) {
			const struct dns_rr *rr = &m->rrs[k];
			if (rr->section == DNS_SEC_AUTHORITY && rr->type == DNS_T_NS && rr->rdata_ok &&
			    !strcmp(rr->owner, cut))
				level_add_ns(&next, rr->u.target);
		}
		for (size_t k = 0; k < next.n_ns; k++) {
			const char *glue = a_in(m, next.ns[k].name, DNS_SEC_ADDITIONAL);
			if (glue)
				next.ns[k].addr = xstrdup(glue);
		}
		level_clear(&r->lv);
		r->lv = next;
		return true;
	}
	return false;
}

static bool
any_authoritative(const struct level *lv)
{
	for (size_t i = 0; i < lv->n_sv; i++)
		if (obs_ok(&lv->sv[i].o) && lv->sv[i].o.msg->aa)
			return true;
	return false;
}

static void
rec_next(struct cname_check *chk, struct rec *r)
{
	if (chk->aborted) {
		r->step = ST_DONE;
		return;
	}
	rec_open(r);
	switch (r->step) {
	case ST_FIRST:
		find_zones(r);
		r->lv.zone = xstrdup(r->pz);
		r->step = ST_PARENT_NS;
		ask(chk, r, Q_PARENT_NS, &r->pz_ns, NULL, r->pz, DNS_T_NS);
		break;
	case ST_PARENT_NS:
		for (size_t i = 0; obs_ok(&r->pz_ns) && i < r->pz_ns.msg->n_answer; i++) {
			const struct dns_rr *rr = &r->pz_ns.msg->rrs[i];
			if (rr->type == DNS_T_NS && rr->rdata_ok && !strcmp(rr->owner, r->pz))
				level_add_ns(&r->lv, rr->u.target);
		}
		if (!r->lv.n_ns) {
			bool lame;
			char *why = failure_text(&r->pz_ns, false, &lame);
			walk_fail(r, fmt(_("the name servers of %s could not be found through the resolver (%s)"),
					 name_shown(r->pz), why));
			free(why);
			break;
		}
		send_ns_addrs(chk, r);
		break;
	case ST_NS_ADDR:
		for (size_t i = 0; i < r->lv.n_ns; i++) {
			struct nsname *ns = &r->lv.ns[i];
			const char *a = ns->addr ? NULL : obs_ok(&ns->o) ? resolved_a(ns->o.msg, ns->name) : NULL;
			if (a)
				ns->addr = xstrdup(a);
		}
		build_servers(&r->lv);
		if (!r->lv.n_sv) {
			walk_fail(r, fmt(_("no address was found for any name server of %s"), name_shown(r->lv.zone)));
			break;
		}
		send_auth(chk, r);
		break;
	case ST_AUTH:
		/* Follow the parent's referral down, as a resolver does; stop
		 * where the servers answer for the name themselves. */
		if (r->depth < MAX_DEPTH && !any_authoritative(&r->lv) && take_referral(r)) {
			r->depth++;
			send_ns_addrs(chk, r);
			if (r->outstanding == 1) {
				/* All glue was there: go straight to the servers. */
				build_servers(&r->lv);
				send_auth(chk, r);
			}
			break;
		}
		r->step = ST_DONE;
		break;
	case ST_DONE:
		break;
	}
	if (r->outstanding == 1 && r->step != ST_DONE) {
		/* Nothing could be sent (aborted): the record is as done as it gets. */
		r->step = ST_DONE;
	}
	rec_close(chk, r);
}

/* The first round: everything about one record that needs nothing else. */
static void
rec_start(struct cname_check *chk, struct rec *r)
{
	rec_open(r);
	r->step = ST_FIRST;
	ask(chk, r, Q_MAIN, &r->main, NULL, r->name, DNS_T_CNAME);
	ask(chk, r, Q_TXT, &r->txt, NULL, r->name, DNS_T_TXT);
	ask(chk, r, Q_A, &r->a, NULL, r->name, DNS_T_A);
	ask(chk, r, Q_AAAA, &r->aaaa, NULL, r->name, DNS_T_AAAA);
	for (size_t i = 0; i < r->n_cands; i++)
		ask(chk, r, Q_CAND, &r->cand_obs[i], NULL, r->cands[i].name, DNS_T_CNAME);
	for (size_t i = 0; i < r->n_soa; i++)
		ask(chk, r, Q_SOA, &r->soa_obs[i], NULL, r->soa_names[i], DNS_T_SOA);
	/* The edited servers, unless given as names that did not resolve. */
	r->n_ed = 0;
	r->ed = xcalloc(chk->n_edited ? chk->n_edited : 1, sizeof *r->ed);
	for (size_t i = 0; i < chk->n_edited; i++) {
		const struct edited_in *e = &chk->edited[i];
		struct sv *s = &r->ed[r->n_ed++];
		s->addr = xstrdup(e->addr ? e->addr : e->text);
		s->names = xstrdup(e->name ? e->name : "");
		s->edited = true;
		if (e->addr)
			ask(chk, r, Q_EDITED, &s->o, e->addr, r->name, DNS_T_CNAME);
	}
	rec_close(chk, r);
}

static void
start_records(struct cname_check *chk)
{
	for (size_t i = 0; i < chk->n_edited; i++) {
		struct edited_in *e = &chk->edited[i];
		if (e->addr || !obs_ok(&e->o))
			continue;
		const char *a = resolved_a(e->o.msg, e->name);
		if (a)
			e->addr = xstrdup(a);
	}
	for (size_t i = 0; i < chk->n_recs; i++)
		rec_start(chk, &chk->recs[i]);
}

/* ------------------------------------------------------------------ */
/* Findings                                                            */
/* ------------------------------------------------------------------ */

struct eval {
	struct cname_check *chk;
	struct rec *r;
	struct cname_report *rep;
	struct cname_result *res;
	struct seen_info R;
	struct seen_info *D;       /* per delegated server */
	struct seen_info *E;       /* per edited server */
	char **evidence;
	size_t n_evidence;
};

static void
add_finding(struct cname_result *res, struct finding *f)
{
	res->findings = xrealloc(res->findings, (res->n_findings + 1) * sizeof *res->findings);
	res->findings[res->n_findings++] = *f;
}

static void
evidence_for(struct eval *ev, const char *who, const struct seen_info *si)
{
	struct strbuf sb;
	sb_init_limit(&sb, 4096);
	sb_addf(&sb, "; %s: %s CNAME: %s", who, ev->r->name, si->detail ? si->detail : "?");
	if (si->seen != CNAME_SEEN_MATCH && si->seen != CNAME_SEEN_OTHER && si->ttl >= 0)
		sb_addf(&sb, _(" (negative answer cached for %lld s)"), (long long)si->ttl);
	strv_push(&ev->evidence, &ev->n_evidence, sb.buf);
	sb_free(&sb);
	if (si->rr) {
		char *line = dns_rr_text(si->rr);
		strv_push(&ev->evidence, &ev->n_evidence, line);
		free(line);
	}
}

static char *
server_label(const struct sv *s)
{
	if (s->names && *s->names)
		return fmt("%s (%s)", s->addr, s->names);
	return xstrdup(s->addr);
}

static void
build_evidence(struct eval *ev)
{
	char *who = fmt(_("resolver %s"), ev->chk->resolver);
	evidence_for(ev, who, &ev->R);
	free(who);
	for (size_t i = 0; i < ev->r->lv.n_sv; i++) {
		char *l = server_label(&ev->r->lv.sv[i]);
		evidence_for(ev, l, &ev->D[i]);
		free(l);
	}
	for (size_t i = 0; i < ev->r->n_ed; i++) {
		if (!ev->r->ed[i].o.sent)
			continue;
		char *l = server_label(&ev->r->ed[i]);
		char *who2 = fmt(_("%s, edited"), l);
		evidence_for(ev, who2, &ev->E[i]);
		free(who2);
		free(l);
	}
}

static void
with_evidence(struct eval *ev, struct finding *f)
{
	for (size_t i = 0; i < ev->n_evidence; i++)
		finding_add_evidence(f, ev->evidence[i]);
}

/* The plan for the record's zone, shared by every record in that zone. */
static int
plan_for(struct eval *ev)
{
	struct cname_report *rep = ev->rep;
	const char *zone = ev->r->lv.zone && ev->r->lv.n_sv ? ev->r->lv.zone : NULL;
	for (size_t i = 0; i < rep->n_plans; i++) {
		const char *pz = rep->plans[i].plan.zone;
		if ((!pz && !zone) || (pz && zone && !strcmp(pz, zone)))
			return (int)i;
	}
	rep->plans = xrealloc(rep->plans, (rep->n_plans + 1) * sizeof *rep->plans);
	struct cname_plan_info *pi = &rep->plans[rep->n_plans];
	memset(pi, 0, sizeof *pi);
	pi->plan.zone = zone ? xstrdup(zone) : NULL;
	for (size_t i = 0; zone && i < ev->r->lv.n_ns; i++)
		strv_push(&pi->ns, &pi->n_ns, ev->r->lv.ns[i].name);
	if (ev->chk->forced_provider) {
		pi->provider = provider_get(ev->chk->forced_provider);
	} else if (pi->n_ns) {
		pi->provider = provider_detect((const char *const *)pi->ns, pi->n_ns, &pi->ns_mixed);
		pi->detected = pi->provider != NULL;
	}
	return (int)rep->n_plans++;
}

/* Put a record into the zone's plan and onto the finding. */
static void
fix(struct eval *ev, struct finding *f, enum rec_action action, const char *name, uint16_t type,
    uint32_t ttl, const char *data)
{
	int p = plan_for(ev);
	struct change_plan *plan = &ev->rep->plans[p].plan;
	/* A record outside the zone is somebody else's plan: say it, do not
	 * put it where the user would paste it into the wrong zone. */
	if (plan->zone && !dns_name_is_under(name, plan->zone))
		return;
	struct record rec;
	record_init(&rec, action, name, type, ttl, data);
	plan_add(plan, &rec);
	finding_add_record(f, &rec);
	record_clear(&rec);
	f->plan = p;
	ev->res->plan = p;
}

static void
fix_add(struct eval *ev, struct finding *f)
{
	fix(ev, f, REC_ADD, ev->r->name, DNS_T_CNAME, NEW_RECORD_TTL, ev->r->value);
}

/* Existing values shown next to a change (UPSERT-style templates need them). */
static void
note_existing(struct eval *ev, const char *name, uint16_t type, uint32_t ttl, const char *data)
{
	int p = plan_for(ev);
	struct change_plan *plan = &ev->rep->plans[p].plan;
	if (plan->zone && !dns_name_is_under(name, plan->zone))
		return;
	struct rrset_change *set = plan_rrset(plan, name, type, NEW_RECORD_TTL);
	set->existing = xrealloc(set->existing, (set->n_existing + 1) * sizeof *set->existing);
	record_init(&set->existing[set->n_existing++], REC_ADD, name, type, ttl, data);
}

static const char *
provider_label(struct eval *ev)
{
	int p = plan_for(ev);
	const struct cname_plan_info *pi = &ev->rep->plans[p];
	if (pi->provider)
		return provider_title(pi->provider);
	if (pi->n_ns)
		return pi->ns[0];
	return _("the DNS host the registry delegates to");
}

static char *
servers_where(struct eval *ev, enum cname_seen want, bool match)
{
	struct strbuf sb;
	sb_init_limit(&sb, 4096);
	for (size_t i = 0; i < ev->r->lv.n_sv; i++) {
		bool is = ev->D[i].seen == want;
		if (ev->D[i].seen == CNAME_SEEN_FAILED || is != match)
			continue;
		char *l = server_label(&ev->r->lv.sv[i]);
		sb_addf(&sb, "%s%s", sb.len ? "; " : "", l);
		free(l);
	}
	return sb_steal(&sb);
}

static void
lookup_failures(struct eval *ev, size_t n_ok, size_t n_match)
{
	struct rec *r = ev->r;
	struct finding f;
	if (ev->R.seen == CNAME_SEEN_FAILED) {
		finding_init(&f, F_CNAME_LOOKUP_FAILED, r->name);
		if (n_match)
			finding_set_message(&f, _("The resolver %s fails to look up %s (%s), although its authoritative servers serve the record: the zone's DNSSEC chain of trust is broken (a DS record at the parent that does not match the zone's keys, or expired signatures), and ACM cannot validate until it is repaired."),
					    ev->chk->resolver, name_shown(r->name), ev->R.detail);
		else
			finding_set_message(&f, _("The resolver %s fails to look up %s: %s. ACM sees the same failure and cannot validate the name."),
					    ev->chk->resolver, name_shown(r->name), ev->R.detail);
		with_evidence(ev, &f);
		add_finding(ev->res, &f);
	}
	if (r->walk_note) {
		finding_init(&f, F_CNAME_LOOKUP_FAILED, r->name);
		finding_set_message(&f, _("The authoritative servers of %s could not be checked: %s."), name_shown(r->name), r->walk_note);
		with_evidence(ev, &f);
		add_finding(ev->res, &f);
	}
	for (size_t i = 0; i < r->lv.n_sv; i++) {
		if (ev->D[i].seen != CNAME_SEEN_FAILED)
			continue;
		char *l = server_label(&r->lv.sv[i]);
		finding_init(&f, F_CNAME_LOOKUP_FAILED, r->name);
		if (n_ok)
			f.severity = SEV_WARNING;
		finding_set_message(&f, _("The name server %s, delegated for %s, fails for %s: %s. %s"),
				    l, name_shown(r->lv.zone), name_shown(r->name), ev->D[i].detail,
				    n_ok ? _("The other servers answer, so validation may still succeed, but fix or remove this server at the registrar.")
					 : _("No delegated server answers, so ACM cannot validate: fix the name servers at the registrar or at the DNS host."));
		free(l);
		with_evidence(ev, &f);
		add_finding(ev->res, &f);
	}
}

static bool
txt_holds_value(const struct dns_rr *rr, const char *value)
{
	/* Concatenate the character-strings, then compare as a name. */
	char buf[1024];
	size_t n = 0;
	for (size_t off = 0; off < rr->rdlen;) {
		size_t l = rr->rdata[off++];
		if (off + l > rr->rdlen)
			return false;
		for (size_t k = 0; k < l && n + 1 < sizeof buf; k++)
			buf[n++] = (char)rr->rdata[off + k];
		off += l;
	}
	buf[n] = '\0';
	if (strlen(buf) != n)       /* a NUL inside is never a match */
		return false;
	char *t = buf;
	while (*t == ' ' || *t == '"')
		t++;
	size_t tl = strlen(t);
	while (tl && (t[tl - 1] == ' ' || t[tl - 1] == '"'))
		t[--tl] = '\0';
	return value_matches(t, value);
}

/* Nothing at the delegated servers: look where it went instead. Returns
 * the number of places found. */
static int
look_elsewhere(struct eval *ev)
{
	struct rec *r = ev->r;
	struct finding f;
	int found = 0;

	/* Addresses instead of the CNAME. */
	const struct obs *ao[2] = { &r->a, &r->aaaa };
	bool cf = false, any_addr = false;
	for (int k = 0; k < 2; k++) {
		const struct obs *o = ao[k];
		if (!obs_ok(o) || cname_at(o->msg, r->name))
			continue;
		for (size_t i = 0; i < o->msg->n_answer; i++) {
			const struct dns_rr *rr = &o->msg->rrs[i];
			if ((rr->type != DNS_T_A && rr->type != DNS_T_AAAA) || !rr->rdata_ok ||
			    strcmp(rr->owner, r->name))
				continue;
			any_addr = true;
			cf |= cloudflare_bytes(rr->type == DNS_T_A ? AF_INET : AF_INET6, rr->u.addr);
			char *line = dns_rr_text(rr);
			strv_push(&ev->evidence, &ev->n_evidence, line);
			free(line);
		}
	}
	if (any_addr) {
		int p = plan_for(ev);
		const struct provider *pv = ev->rep->plans[p].provider;
		bool at_cf = pv && !strcmp(provider_id(pv), "cloudflare");
		if (cf) {
			finding_init(&f, F_CNAME_PROXIED, r->name);
			finding_set_message(&f, _("%s answers with Cloudflare proxy addresses instead of the CNAME: the record is proxied (orange cloud), so ACM never sees its target. In Cloudflare, edit the record and set Proxy status to \"DNS only\" (grey cloud), with the target %s."),
					    name_shown(r->name), name_shown(r->value));
		} else {
			finding_init(&f, F_CNAME_FLATTENED, r->name);
			if (at_cf)
				finding_set_message(&f, _("%s answers with addresses instead of the CNAME: Cloudflare flattens it (the zone setting \"Flatten all CNAMEs\", or per-record flattening). Switch the zone to \"Flatten CNAME at apex\" (or turn off flattening for this record) so the CNAME to %s is served as is."),
						    name_shown(r->name), name_shown(r->value));
			else
				finding_set_message(&f, _("%s answers with addresses instead of the CNAME: an address record, a wildcard, or CNAME flattening at the DNS host hides it. Delete any A/AAAA record at this name, and add the CNAME to %s (turn off flattening if the host offers it)."),
						    name_shown(r->name), name_shown(r->value));
		}
		with_evidence(ev, &f);
		fix_add(ev, &f);
		add_finding(ev->res, &f);
		found++;
	}

	/* The value as a TXT record. */
	for (size_t i = 0; obs_ok(&r->txt) && i < r->txt.msg->n_answer; i++) {
		const struct dns_rr *rr = &r->txt.msg->rrs[i];
		if (rr->type != DNS_T_TXT || strcmp(rr->owner, r->name) || !txt_holds_value(rr, r->value))
			continue;
		char *data = dns_rdata_text(rr);
		char *line = dns_rr_text(rr);
		finding_init(&f, F_CNAME_TXT_INSTEAD, r->name);
		finding_set_message(&f, _("%s holds the validation value in a TXT record, but ACM only looks for a CNAME. Delete the TXT record (a CNAME cannot share its name with any other record) and add a CNAME with the target %s."),
				    name_shown(r->name), name_shown(r->value));
		with_evidence(ev, &f);
		finding_add_evidence(&f, line);
		fix(ev, &f, REC_DELETE, r->name, DNS_T_TXT, rr->ttl, data);
		fix_add(ev, &f);
		add_finding(ev->res, &f);
		free(data);
		free(line);
		found++;
		break;
	}

	/* A copy under a neighbouring name. */
	for (size_t i = 0; i < r->n_cands; i++) {
		const struct obs *o = &r->cand_obs[i];
		const struct dns_rr *rr = obs_ok(o) ? cname_at(o->msg, r->cands[i].name) : NULL;
		if (!rr)
			continue;
		char *line = dns_rr_text(rr);
		bool doubled = r->cands[i].kind == CNAME_CAND_DOUBLED;
		finding_init(&f, doubled ? F_CNAME_DOUBLED_SUFFIX : F_CNAME_WRONG_NAME, r->name);
		if (doubled)
			finding_set_message(&f, _("The record was created as %s: the DNS host added the zone name to a name that already ended with it (GoDaddy, Namecheap and others want only the label, here %s). Delete it and create the record with only the label as its name."),
					    name_shown(r->cands[i].name), label_of(r->name, r->lv.zone));
		else if (r->cands[i].kind == CNAME_CAND_NO_UNDERSCORE)
			finding_set_message(&f, _("The record was created as %s, without the leading underscore; ACM looks up %s. Delete it and create the record with the exact name ACM gives, underscore included."),
					    name_shown(r->cands[i].name), name_shown(r->name));
		else
			finding_set_message(&f, _("The record was created as %s, in the parent zone, but ACM looks up %s: a subdomain label is missing. Create it in the zone of %s with the full name, and delete the misplaced one."),
					    name_shown(r->cands[i].name), name_shown(r->name), name_shown(dns_name_parent(r->name)));
		if (!value_matches(rr->u.target, r->value))
			finding_add_evidence(&f, _("; note: its value is not the expected one either"));
		finding_add_evidence(&f, line);
		with_evidence(ev, &f);
		char *data = xstrdup(rr->u.target);
		fix(ev, &f, REC_DELETE, r->cands[i].name, DNS_T_CNAME, rr->ttl, data);
		fix_add(ev, &f);
		free(data);
		free(line);
		add_finding(ev->res, &f);
		found++;
	}
	return found;
}

static void
evaluate(struct cname_check *chk, struct rec *r, struct cname_report *rep, struct cname_result *res)
{
	struct eval ev = { .chk = chk, .r = r, .rep = rep, .res = res };
	struct finding f;
	classify(&r->main, r->name, r->value, false, &ev.R);
	ev.D = xcalloc(r->lv.n_sv + 1, sizeof *ev.D);
	ev.E = xcalloc(r->n_ed + 1, sizeof *ev.E);
	size_t n_ok = 0, n_match = 0, n_other = 0;
	const char *other = NULL;
	const struct dns_rr *other_rr = NULL;
	for (size_t i = 0; i < r->lv.n_sv; i++) {
		classify(&r->lv.sv[i].o, r->name, r->value, true, &ev.D[i]);
		if (ev.D[i].seen != CNAME_SEEN_FAILED)
			n_ok++;
		if (ev.D[i].seen == CNAME_SEEN_MATCH)
			n_match++;
		if (ev.D[i].seen == CNAME_SEEN_OTHER) {
			n_other++;
			if (!other) {
				other = ev.D[i].value;
				other_rr = ev.D[i].rr;
			}
		}
	}
	/* Edited servers that are also delegated add nothing. */
	size_t n_ed_match = 0;
	for (size_t i = 0; i < r->n_ed; i++) {
		bool delegated = false;
		for (size_t k = 0; k < r->lv.n_sv; k++)
			delegated |= !strcmp(r->lv.sv[k].addr, r->ed[i].addr);
		if (!r->ed[i].o.sent) {
			ev.E[i].seen = CNAME_SEEN_FAILED;
			ev.E[i].detail = xstrdup(_("the name server's address could not be found"));
			continue;
		}
		classify(&r->ed[i].o, r->name, r->value, true, &ev.E[i]);
		if (!delegated && ev.E[i].seen == CNAME_SEEN_MATCH)
			n_ed_match++;
		if (delegated)
			r->ed[i].edited = false;
	}
	res->zone = r->lv.n_sv ? xstrdup(r->lv.zone) : NULL;
	res->cache_ttl = ev.R.ttl;
	if (ev.R.seen == CNAME_SEEN_MATCH || ev.R.seen == CNAME_SEEN_OTHER)
		res->resolver_value = xstrdup(ev.R.value);
	build_evidence(&ev);

	/* 1. Failures first: never a silent OK over a failed lookup. */
	lookup_failures(&ev, n_ok, n_match);
	bool failed = ev.R.seen == CNAME_SEEN_FAILED || n_ok == 0;

	if (n_ok && n_match && n_match < n_ok) {
		/* 2. The delegated servers disagree. */
		char *with = servers_where(&ev, CNAME_SEEN_MATCH, true);
		char *without = servers_where(&ev, CNAME_SEEN_MATCH, false);
		finding_init(&f, F_CNAME_NS_INCONSISTENT, r->name);
		finding_set_message(&f, _("The authoritative servers of %s disagree about %s: %s serve the record, %s do not. ACM may ask any of them: add the record where it is missing (at a secondary DNS host, or wait for a stuck zone transfer)."),
				    name_shown(r->lv.zone), name_shown(r->name), with, without);
		free(with);
		free(without);
		with_evidence(&ev, &f);
		fix_add(&ev, &f);
		add_finding(res, &f);
		res->verdict = CNAME_V_INCONSISTENT;
	} else if (n_ok && n_match == n_ok) {
		/* 3. In place everywhere the parent points: the resolver decides. */
		if (ev.R.seen == CNAME_SEEN_NXDOMAIN || ev.R.seen == CNAME_SEEN_NODATA) {
			finding_init(&f, F_CNAME_NEGATIVE_CACHED, r->name);
			finding_set_message(&f, _("Every authoritative server of %s serves the record, but the resolver %s still remembers that %s did not exist, for %lld more seconds (the zone's negative TTL). Nothing to change: wait, and ACM sees it too (its resolvers may cache it as long)."),
					    name_shown(r->lv.zone), chk->resolver, name_shown(r->name), (long long)(ev.R.ttl >= 0 ? ev.R.ttl : 0));
			with_evidence(&ev, &f);
			add_finding(res, &f);
			res->verdict = CNAME_V_CACHED;
		} else if (ev.R.seen == CNAME_SEEN_OTHER) {
			finding_init(&f, F_CNAME_WRONG_VALUE, r->name);
			f.severity = SEV_WARNING;
			finding_set_message(&f, _("Every authoritative server serves the expected value, but the resolver %s still returns the old value %s, for %lld more seconds. Nothing to change: wait for the cache to expire."),
					    chk->resolver, name_shown(ev.R.value), (long long)ev.R.ttl);
			with_evidence(&ev, &f);
			add_finding(res, &f);
			res->verdict = CNAME_V_CACHED;
		} else if (ev.R.seen == CNAME_SEEN_MATCH) {
			finding_init(&f, F_CNAME_OK, r->name);
			finding_set_message(&f, _("%s is a CNAME to %s at the resolver and at every authoritative server of %s; ACM can validate it (it checks on its own, which can take a few hours)."),
					    name_shown(r->name), name_shown(r->value), name_shown(r->lv.zone));
			with_evidence(&ev, &f);
			add_finding(res, &f);
			res->verdict = CNAME_V_OK;
		}
	} else if (n_ok) {
		/* 4. No delegated server has it. */
		if (n_ed_match) {
			int pidx = plan_for(&ev);
			const struct cname_plan_info *pi = &rep->plans[pidx];
			finding_init(&f, F_CNAME_WRONG_ZONE, r->name);
			finding_set_message(&f, _("The record is in the zone served by the name servers you edited, but the registry delegates %s to other name servers, which do not have it: you added it to a hosted zone that the registry does not delegate to. Add it at %s (the delegated name servers: %s), or change the name servers at your registrar to the ones you edited."),
					    name_shown(r->lv.zone), provider_label(&ev), ns_list(pi));
			with_evidence(&ev, &f);
			fix_add(&ev, &f);
			add_finding(res, &f);
			res->verdict = CNAME_V_WRONG_ZONE;
		} else if (n_other) {
			bool suffixed = cname_value_suffixed(other, r->value, NULL) &&
					dns_name_is_under(r->name, other + name_len_nodot(r->value) + 1);
			finding_init(&f, suffixed ? F_CNAME_VALUE_SUFFIXED : F_CNAME_WRONG_VALUE, r->name);
			if (suffixed)
				finding_set_message(&f, _("%s is a CNAME to %s: the DNS host appended the zone to the value because it was entered without its trailing dot. Set the value to %s (with the trailing dot, or as the host's form wants it)."),
						    name_shown(r->name), name_shown(other), r->value);
			else
				finding_set_message(&f, _("%s is a CNAME to %s, not to %s, which ACM expects (an earlier certificate request leaves a different value). Replace the value."),
						    name_shown(r->name), name_shown(other), name_shown(r->value));
			if (n_other < n_ok)
				finding_add_evidence(&f, _("; note: the servers do not all hold the same value"));
			with_evidence(&ev, &f);
			char *data = xstrdup(other);
			note_existing(&ev, r->name, DNS_T_CNAME, other_rr ? other_rr->ttl : NEW_RECORD_TTL, data);
			fix(&ev, &f, REC_DELETE, r->name, DNS_T_CNAME, other_rr ? other_rr->ttl : NEW_RECORD_TTL, data);
			free(data);
			fix_add(&ev, &f);
			add_finding(res, &f);
			res->verdict = CNAME_V_WRONG;
		} else if (look_elsewhere(&ev)) {
			res->verdict = CNAME_V_WRONG;
		} else {
			finding_init(&f, F_CNAME_MISSING, r->name);
			finding_set_message(&f, _("%s does not exist at any authoritative server of %s, nor anywhere a misplaced copy usually ends up. Add a CNAME from %s to %s at %s."),
					    name_shown(r->name), name_shown(r->lv.zone), name_shown(r->name), name_shown(r->value), provider_label(&ev));
			with_evidence(&ev, &f);
			fix_add(&ev, &f);
			add_finding(res, &f);
			res->verdict = CNAME_V_MISSING;
		}
	}
	if (failed)
		res->verdict = CNAME_V_LOOKUP_FAILED;

	/* The servers as the report shows them. */
	res->servers = xcalloc(r->lv.n_sv + r->n_ed + 1, sizeof *res->servers);
	for (size_t pass = 0; pass < 2; pass++) {
		size_t n = pass ? r->n_ed : r->lv.n_sv;
		for (size_t i = 0; i < n; i++) {
			const struct sv *s = pass ? &r->ed[i] : &r->lv.sv[i];
			struct seen_info *si = pass ? &ev.E[i] : &ev.D[i];
			if (pass && !s->edited)
				continue;
			struct cname_server_view *v = &res->servers[res->n_servers++];
			v->addr = xstrdup(s->addr);
			v->names = xstrdup(s->names ? s->names : "");
			v->edited = pass == 1;
			v->seen = si->seen;
			v->value = si->value ? xstrdup(si->value) : NULL;
			v->detail = si->detail ? xstrdup(si->detail) : NULL;
		}
	}
	free(ev.R.detail);
	for (size_t i = 0; i < r->lv.n_sv; i++)
		free(ev.D[i].detail);
	for (size_t i = 0; i < r->n_ed; i++)
		free(ev.E[i].detail);
	free(ev.D);
	free(ev.E);
	strv_free(ev.evidence, ev.n_evidence);
}

static int
by_severity(const void *a, const void *b)
{
	const struct finding *fa = a, *fb = b;
	if (fa->severity != fb->severity)
		return (int)fa->severity - (int)fb->severity;
	return (int)fa->code - (int)fb->code;
}

static struct cname_report *
build_report(struct cname_check *chk)
{
	struct cname_report *rep = xcalloc(1, sizeof *rep);
	rep->results = xcalloc(chk->n_recs, sizeof *rep->results);
	rep->n_results = chk->n_recs;
	rep->resolver = xstrdup(chk->resolver);
	for (size_t i = 0; i < chk->n_recs; i++) {
		struct rec *r = &chk->recs[i];
		struct cname_result *res = &rep->results[i];
		res->name = xstrdup(r->name);
		res->value = xstrdup(r->value);
		res->plan = -1;
		res->cache_ttl = -1;
		res->domains = xcalloc(r->n_domains + 1, sizeof *res->domains);
		for (size_t k = 0; k < r->n_domains; k++)
			res->domains[res->n_domains++] = xstrdup(r->domains[k]);
		evaluate(chk, r, rep, res);
		qsort(res->findings, res->n_findings, sizeof *res->findings, by_severity);
	}
	rep->queries = chk->queries;
	rep->answered = chk->answered;
	rep->max_in_flight = chk->max_in_flight;
	rep->elapsed_ms = loop_now_ms() - chk->started;
	return rep;
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                          */
/* ------------------------------------------------------------------ */

static void
free_directs(struct cname_check *chk)
{
	/* Freeing a client cancels its queries (their callbacks run now). */
	for (size_t i = 0; i < chk->n_directs; i++) {
		dns_client_free(chk->directs[i].dns);
		free(chk->directs[i].addr);
	}
	free(chk->directs);
	chk->directs = NULL;
	chk->n_directs = 0;
}

static void
rec_clear(struct rec *r)
{
	free(r->name);
	free(r->value);
	strv_free(r->domains, r->n_domains);
	obs_clear(&r->main);
	obs_clear(&r->txt);
	obs_clear(&r->a);
	obs_clear(&r->aaaa);
	for (size_t k = 0; k < r->n_cands; k++)
		obs_clear(&r->cand_obs[k]);
	free(r->cand_obs);
	cname_candidates_free(r->cands, r->n_cands);
	for (size_t k = 0; k < r->n_soa; k++)
		obs_clear(&r->soa_obs[k]);
	free(r->soa_obs);
	strv_free(r->soa_names, r->n_soa);
	free(r->zres);
	free(r->pz);
	obs_clear(&r->pz_ns);
	level_clear(&r->lv);
	for (size_t k = 0; k < r->n_ed; k++)
		sv_clear(&r->ed[k]);
	free(r->ed);
	free(r->walk_note);
}

static void
free_check(struct cname_check *chk)
{
	free_directs(chk);
	for (size_t i = 0; i < chk->n_recs; i++)
		rec_clear(&chk->recs[i]);
	free(chk->recs);
	for (size_t i = 0; i < chk->n_edited; i++) {
		free(chk->edited[i].text);
		free(chk->edited[i].name);
		free(chk->edited[i].addr);
		obs_clear(&chk->edited[i].o);
	}
	free(chk->edited);
	free(chk->resolver);
	free(chk);
}

static void
finish(void *arg)
{
	struct cname_check *chk = arg;
	chk->timer = 0;
	free_directs(chk);
	struct cname_report *rep = build_report(chk);
	cname_done_cb cb = chk->cb;
	void *ctx = chk->ctx;
	loop_release(chk->loop);
	free_check(chk);
	cb(ctx, rep);
}

/* After a cancel, from a fresh loop turn: free our own clients (which
 * cancels their queries), then the check once nothing points at it. */
static void
reap(void *arg)
{
	struct cname_check *chk = arg;
	chk->timer = 0;
	chk->finishing = true;          /* no free from inside free_directs */
	free_directs(chk);
	chk->finishing = false;
	loop_release(chk->loop);
	if (chk->outstanding == 0)
		free_check(chk);
}

void
cname_check_cancel(struct cname_check *chk)
{
	if (!chk || chk->cancelled)
		return;
	chk->cancelled = true;
	if (chk->timer)
		loop_timer_cancel(chk->loop, chk->timer);
	chk->finishing = false;
	/* Keep the loop held until reap has run, so a loop_run() frees us. */
	chk->timer = loop_timer_add(chk->loop, 0, reap, chk);
}

/* "192.0.2.1", "192.0.2.1:53", "[2001:db8::1]:53", "2001:db8::1" are
 * addresses; anything else must be a host name. */
static bool
parse_edited(const char *text, struct edited_in *e, char *err, size_t errlen)
{
	uint8_t b[16];
	char host[64];
	memset(e, 0, sizeof *e);
	e->text = xstrdup(text);
	if (inet_pton(AF_INET, text, b) == 1 || inet_pton(AF_INET6, text, b) == 1) {
		e->addr = xstrdup(text);
		return true;
	}
	const char *colon = strrchr(text, ':');
	if (text[0] == '[' || (colon && colon == strchr(text, ':'))) {
		size_t hl = colon ? (size_t)(colon - text) : 0;
		const char *h = text;
		if (text[0] == '[' && hl >= 2 && text[hl - 1] == ']') {
			h++;
			hl -= 2;
		}
		if (hl < sizeof host) {
			memcpy(host, h, hl);
			host[hl] = '\0';
			char *end;
			long port = colon ? strtol(colon + 1, &end, 10) : -1;
			if (colon && *end == '\0' && port > 0 && port < 65536 &&
			    (inet_pton(AF_INET, host, b) == 1 || inet_pton(AF_INET6, host, b) == 1)) {
				e->addr = xstrdup(text);
				return true;
			}
		}
	}
	char canon[DNS_NAME_TEXT_MAX];
	if (!dns_name_canon(text, canon, sizeof canon) || dns_name_labels(canon) < 2) {
		char *shown = fmt("%.200s", text);
		snprintf(err, errlen, _("\"%s\" is neither an address nor a name server name"), shown);
		free(shown);
		return false;
	}
	e->name = xstrdup(canon);
	return true;
}

static bool
init_rec(struct rec *r, const struct cname_record_spec *s, char *err, size_t errlen)
{
	char name[DNS_NAME_TEXT_MAX], value[DNS_NAME_TEXT_MAX];
	if (!s->name || !dns_name_canon(s->name, name, sizeof name) || dns_name_labels(name) < 2) {
		snprintf(err, errlen, _("the validation record name \"%.200s\" is not a domain name"),
			 s->name ? s->name : "");
		return false;
	}
	if (!s->value || !dns_name_canon(s->value, value, sizeof value) || dns_name_labels(value) < 2) {
		snprintf(err, errlen, _("the validation record value \"%.200s\" is not a domain name"),
			 s->value ? s->value : "");
		return false;
	}
	r->name = xstrdup(name);
	r->value = xstrdup(value);
	for (size_t i = 0; i < s->n_domains; i++)
		strv_push(&r->domains, &r->n_domains, s->domains[i]);
	r->n_cands = cname_candidates(r->name, &r->cands);
	r->cand_obs = xcalloc(r->n_cands + 1, sizeof *r->cand_obs);
	/* The SOA of the name and of its ancestors, the TLD included. */
	for (const char *x = r->name; strcmp(x, "."); x = dns_name_parent(x))
		strv_push(&r->soa_names, &r->n_soa, x);
	if (r->n_soa > MAX_SOA) {
		size_t drop = r->n_soa - MAX_SOA;
		for (size_t i = 0; i < drop; i++)
			free(r->soa_names[i]);
		memmove(r->soa_names, r->soa_names + drop, MAX_SOA * sizeof *r->soa_names);
		r->n_soa = MAX_SOA;
	}
	r->soa_obs = xcalloc(r->n_soa + 1, sizeof *r->soa_obs);
	return true;
}

struct cname_check *
cname_check_start(struct loop *loop, struct dns_client *resolver, const struct cname_check_opts *opts,
		  cname_done_cb cb, void *ctx, char *err, size_t errlen)
{
	if (!opts->n_records) {
		snprintf(err, errlen, "%s", _("no validation record to check"));
		return NULL;
	}
	if (opts->provider && !provider_get(opts->provider)) {
		snprintf(err, errlen, _("unknown provider \"%.100s\""), opts->provider);
		return NULL;
	}
	struct cname_check *chk = xcalloc(1, sizeof *chk);
	chk->loop = loop;
	chk->dns = resolver;
	chk->resolver = xstrdup(dns_client_servers(resolver));
	chk->forced_provider = opts->provider;
	chk->timeout_ms = opts->timeout_ms > 0 ? opts->timeout_ms : DEFAULT_TIMEOUT_MS;
	chk->tries = opts->tries > 0 ? opts->tries : 2;
	chk->cb = cb;
	chk->ctx = ctx;
	chk->on_event = opts->on_event;
	chk->event_ctx = opts->event_ctx;
	chk->started = loop_now_ms();
	chk->edited = xcalloc(opts->n_edited_ns + 1, sizeof *chk->edited);
	for (size_t i = 0; i < opts->n_edited_ns; i++) {
		if (!parse_edited(opts->edited_ns[i], &chk->edited[i], err, errlen)) {
			chk->n_edited = i + 1;
			free_check(chk);
			return NULL;
		}
		chk->n_edited = i + 1;
	}
	/* One record per distinct name and value: apex and wildcard share one. */
	chk->recs = xcalloc(opts->n_records, sizeof *chk->recs);
	for (size_t i = 0; i < opts->n_records; i++) {
		struct rec tmp;
		memset(&tmp, 0, sizeof tmp);
		if (!init_rec(&tmp, &opts->records[i], err, errlen)) {
			chk->recs[chk->n_recs++] = tmp;
			free_check(chk);
			return NULL;
		}
		struct rec *same = NULL;
		for (size_t k = 0; k < chk->n_recs; k++)
			if (!strcmp(chk->recs[k].name, tmp.name) && !strcmp(chk->recs[k].value, tmp.value))
				same = &chk->recs[k];
		if (same) {
			for (size_t k = 0; k < tmp.n_domains; k++)
				strv_push(&same->domains, &same->n_domains, tmp.domains[k]);
			rec_clear(&tmp);
			continue;
		}
		chk->recs[chk->n_recs++] = tmp;
	}
	loop_hold(loop);
	chk->outstanding++;
	/* Name servers given by name are resolved first; every record's
	 * queries then go out together. */
	for (size_t i = 0; i < chk->n_edited; i++)
		if (chk->edited[i].name) {
			chk->edited_pending++;
			ask(chk, NULL, Q_EDITED_ADDR, &chk->edited[i].o, NULL, chk->edited[i].name, DNS_T_A);
		}
	if (!chk->edited_pending)
		start_records(chk);
	chk->outstanding--;
	check_settled(chk);
	return chk;
}

void
cname_report_free(struct cname_report *rep)
{
	if (!rep)
		return;
	for (size_t i = 0; i < rep->n_results; i++) {
		struct cname_result *res = &rep->results[i];
		free(res->name);
		free(res->value);
		strv_free(res->domains, res->n_domains);
		free(res->zone);
		free(res->resolver_value);
		for (size_t k = 0; k < res->n_servers; k++) {
			free(res->servers[k].addr);
			free(res->servers[k].names);
			free(res->servers[k].value);
			free(res->servers[k].detail);
		}
		free(res->servers);
		for (size_t k = 0; k < res->n_findings; k++)
			finding_clear(&res->findings[k]);
		free(res->findings);
	}
	free(rep->results);
	for (size_t i = 0; i < rep->n_plans; i++) {
		plan_clear(&rep->plans[i].plan);
		strv_free(rep->plans[i].ns, rep->plans[i].n_ns);
	}
	free(rep->plans);
	free(rep->resolver);
	free(rep);
}

const char *
cname_verdict_name(enum cname_verdict v)
{
	switch (v) {
	case CNAME_V_OK: return "ok";
	case CNAME_V_MISSING: return "missing";
	case CNAME_V_WRONG: return "wrong";
	case CNAME_V_WRONG_ZONE: return "wrong-zone";
	case CNAME_V_INCONSISTENT: return "inconsistent";
	case CNAME_V_CACHED: return "cached";
	default: return "lookup-failed";
	}
}

const char *
cname_seen_name(enum cname_seen s)
{
	switch (s) {
	case CNAME_SEEN_MATCH: return "match";
	case CNAME_SEEN_OTHER: return "other";
	case CNAME_SEEN_NXDOMAIN: return "nxdomain";
	case CNAME_SEEN_NODATA: return "nodata";
	default: return "failed";
	}
}
