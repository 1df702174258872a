/* Reading the DNS answers of the API Gateway check into its facts: the
 * CNAME chain and the addresses, the expected target's addresses, the
 * zone and its name servers, and the exact TTL of the name's record. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/apigw/apigw_int.h"
#include "core/i18n.h"
#include "core/strv.h"
#include "core/xalloc.h"

static const struct dns_msg *
answer_of(const struct apigw_q *q)
{
	return q->done && q->outcome == DNS_ANSWER ? q->msg : NULL;
}

static const struct dns_rr *
rr_at(const struct dns_msg *m, const char *owner, uint16_t type)
{
	for (size_t i = 0; m && i < m->n_answer; i++)
		if (m->rrs[i].type == type && m->rrs[i].rdata_ok && !strcmp(m->rrs[i].owner, owner))
			return &m->rrs[i];
	return NULL;
}

/* The chain from name through the answer's CNAMEs; the last name. */
static const char *
follow(const struct dns_msg *m, const char *name, struct apigw_hop **hops, size_t *n)
{
	const char *cur = name;
	const struct dns_rr *rr;
	while (*n < APIGW_MAX_HOPS && (rr = rr_at(m, cur, DNS_T_CNAME))) {
		*hops = xrealloc(*hops, (*n + 1) * sizeof **hops);
		(*hops)[*n] = (struct apigw_hop){ xstrdup(rr->owner), xstrdup(rr->u.target), rr->ttl };
		(*n)++;
		cur = rr->u.target;
	}
	return cur;
}

static void
add_addrs(const struct dns_msg *m, const char *owner, uint16_t type, char ***v, size_t *n, uint32_t *ttl)
{
	for (size_t i = 0; m && i < m->n_answer; i++) {
		const struct dns_rr *rr = &m->rrs[i];
		if (rr->type != type || !rr->rdata_ok || strcmp(rr->owner, owner))
			continue;
		char buf[INET6_ADDRSTRLEN];
		if (!inet_ntop(type == DNS_T_A ? AF_INET : AF_INET6, rr->u.addr, buf, sizeof buf))
			continue;
		strv_push(v, n, buf);
		if (ttl && (!*ttl || rr->ttl < *ttl))
			*ttl = rr->ttl;
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Resolvers rotate RRsets: sorted, addresses and name servers read the
 * same every run. */
static void
sort_strs(char **v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_str);
}

static bool
rcode_ok(const struct dns_msg *m)
{
	return m->rcode == DNS_RC_NOERROR || m->rcode == DNS_RC_NXDOMAIN;
}

void
apigw_read_addresses(struct apigw_item *it)
{
	struct apigw_facts *f = &it->f;
	const struct dns_msg *a = answer_of(&it->a), *aaaa = answer_of(&it->aaaa);
	const struct dns_msg *m = a && rcode_ok(a) ? a : aaaa && rcode_ok(aaaa) ? aaaa : NULL;
	if (!m) {
		f->dns_end = APIGW_DNS_FAILED;
		const struct dns_msg *bad = a ? a : aaaa;
		f->dns_error = xstrdup(bad ? dns_rcode_name(bad->rcode)
				       : it->a.error ? it->a.error : _("no answer"));
		return;
	}
	const char *last = follow(m, f->name, &f->chain, &f->n_chain);
	char *end = xstrdup(last);
	if (a && rcode_ok(a))
		add_addrs(a, end, DNS_T_A, &f->addrs, &f->n_addrs, &f->addr_ttl);
	if (aaaa && rcode_ok(aaaa))
		add_addrs(aaaa, end, DNS_T_AAAA, &f->addrs, &f->n_addrs, &f->addr_ttl);
	free(end);
	sort_strs(f->addrs, f->n_addrs);
	if (f->n_addrs)
		f->dns_end = APIGW_DNS_ADDRESSES;
	else if (m->rcode == DNS_RC_NXDOMAIN)
		f->dns_end = f->n_chain ? APIGW_DNS_DANGLING : APIGW_DNS_NXDOMAIN;
	else
		f->dns_end = APIGW_DNS_NODATA;
}

void
apigw_read_expected(struct apigw_item *it)
{
	struct apigw_facts *f = &it->f;
	const struct dns_msg *a = answer_of(&it->exp_a), *aaaa = answer_of(&it->exp_aaaa);
	if ((!a || !rcode_ok(a)) && (!aaaa || !rcode_ok(aaaa))) {
		f->expected_lookup_failed = true;
		return;
	}
	struct apigw_hop *hops = NULL;
	size_t n = 0;
	char *end = xstrdup(follow(a ? a : aaaa, f->expected, &hops, &n));
	add_addrs(a, end, DNS_T_A, &f->expected_addrs, &f->n_expected_addrs, NULL);
	add_addrs(aaaa, end, DNS_T_AAAA, &f->expected_addrs, &f->n_expected_addrs, NULL);
	free(end);
	sort_strs(f->expected_addrs, f->n_expected_addrs);
	for (size_t i = 0; i < n; i++) {
		free(hops[i].name);
		free(hops[i].target);
	}
	free(hops);
}

char *
apigw_zone_from_soa(const struct dns_msg *m, const char *name, bool *cname)
{
	*cname = false;
	if (!m)
		return NULL;
	if (rr_at(m, name, DNS_T_CNAME)) {
		*cname = true;
		return NULL;
	}
	if (rr_at(m, name, DNS_T_SOA))
		return xstrdup(name);
	for (size_t i = m->n_answer; i < m->n_answer + m->n_authority && i < m->n_rr; i++)
		if (m->rrs[i].type == DNS_T_SOA && dns_name_is_under(name, m->rrs[i].owner))
			return xstrdup(m->rrs[i].owner);
	return NULL;
}

void
apigw_read_ns(struct apigw_item *it)
{
	const struct dns_msg *m = answer_of(&it->ns);
	for (size_t i = 0; m && i < m->n_answer; i++) {
		const struct dns_rr *rr = &m->rrs[i];
		if (rr->type == DNS_T_NS && rr->rdata_ok && !strcmp(rr->owner, it->f.zone) && it->f.n_ns < 13)
			strv_push(&it->f.ns, &it->f.n_ns, rr->u.target);
	}
	sort_strs(it->f.ns, it->f.n_ns);
}

const char *
apigw_first_a(const struct dns_msg *m)
{
	static char buf[INET6_ADDRSTRLEN];
	for (size_t i = 0; m && i < m->n_answer; i++)
		if (m->rrs[i].type == DNS_T_A && m->rrs[i].rdata_ok &&
		    inet_ntop(AF_INET, m->rrs[i].u.addr, buf, sizeof buf))
			return buf;
	return NULL;
}

/* The name's own record as its zone serves it (RD=0, no cache). */
void
apigw_read_auth_ttl(struct apigw_item *it)
{
	const struct dns_msg *m = answer_of(&it->auth);
	const struct dns_rr *rr = m ? rr_at(m, it->f.name, it->f.n_chain ? DNS_T_CNAME : DNS_T_A) : NULL;
	if (rr && m->aa)
		it->f.record_ttl = rr->ttl;
}

char *
apigw_path_without_stage(const char *path)
{
	if (!path || path[0] != '/' || !path[1] || path[1] == '/' || path[1] == '?')
		return NULL;
	size_t seg = strcspn(path + 1, "/?");
	const char *rest = path + 1 + seg;
	if (!*rest)
		return xstrdup("/");
	if (*rest == '?') {
		char *out = xmalloc(strlen(rest) + 2);
		sprintf(out, "/%s", rest);
		return out;
	}
	return xstrdup(rest);
}
