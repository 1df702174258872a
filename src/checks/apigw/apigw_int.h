/* Inside the API Gateway check: the state its probe plan fills and its
 * evaluation reads. Only the files of this folder include it.
 *
 *   apigw_domain.c  reading get-domain-name output into struct apigw_domain
 *   apigw_url.c     a name or URL as pasted
 *   apigw_names.c   facts about names and answers (classes, regions, who
 *                   answered an HTTP request): pure
 *   apigw_probe.c   the probes: DNS through the resolver (the chain, the
 *                   expected target, the zone and its servers, the record
 *                   at an authoritative server), then TLS to every address,
 *                   then one HTTPS request (and one more without the stage)
 *   apigw_dns.c     reading the DNS answers into the facts
 *   apigw_eval.c    the findings and the verdict: pure, from the facts
 *   apigw_words.c   the evidence lines and what clients print for a cause
 *   apigw_plan.c    the change that points the name at its target
 *   apigw_check.c   the life cycle, the report, and apigw_check_ops */
#ifndef ACMD_CHECKS_APIGW_INT_H
#define ACMD_CHECKS_APIGW_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/apigw/apigw_check.h"
#include "checks/check.h"
#include "net/dns_client.h"
#include "net/dns_wire.h"

#define APIGW_MAX_ADDRS 8          /* addresses of a name probed with TLS */
#define APIGW_MAX_HOPS 8           /* CNAMEs followed */
#define APIGW_NEW_TTL 300          /* of the record a fix adds */
#define APIGW_TLS_TIMEOUT_MS 5000
#define APIGW_HTTP_TIMEOUT_MS 8000
#define APIGW_HTTP_MAX_BODY 16384

struct http_client;
struct http_request;
struct tls_probe;

/* One DNS query's outcome, kept until the facts are read from it. */
struct apigw_q {
	struct apigw_item *item;
	const char *purpose;        /* N_() for the live view */
	int log_id;
	bool sent, done;
	enum dns_outcome outcome;
	struct dns_msg *msg;        /* owned */
	const char *error;          /* static text */
};

/* A TLS probe under way, for its callback. */
struct apigw_tls_run {
	struct apigw_item *item;
	size_t i;                   /* index into item->f.tls */
	struct tls_probe *probe;    /* NULL once answered */
	int log_id;
};

/* One custom domain under way. */
struct apigw_item {
	struct apigw_check *chk;
	struct apigw_facts f;
	struct apigw_q a, aaaa, soa, soa_up, ns, exp_a, exp_aaaa, ns_addr, auth;
	struct dns_client *direct;  /* to one authoritative server, for exact TTLs */
	char *auth_server;          /* its address */
	struct apigw_tls_run *tls_run;    /* parallel to f.tls */
	int tls_pending;
	struct http_request *http_running;
	int http_log;
	bool addrs_read, expected_read, zone_tried, ns_read, tls_started, http_started, retry_started;
	bool done;
};

struct apigw_check {
	struct loop *loop;
	struct dns_client *dns;
	struct http_client *http;
	char *resolver;
	const char *ca_file;
	const char *forced_provider;
	check_done_cb cb;
	void *ctx;
	struct probe_log log;
	struct apigw_item *items;
	size_t n_items;
	int outstanding;            /* DNS queries out (they cannot be cancelled) */
	bool cancelled, finishing;
	uint64_t timer;
};

/* apigw_probe.c */
void apigw_probe_start(struct apigw_check *chk);
void apigw_item_advance(struct apigw_item *it);
void apigw_item_stop(struct apigw_item *it);
void apigw_q_clear(struct apigw_q *q);
/* apigw_check.c */
void apigw_maybe_finish(struct apigw_check *chk);
void apigw_check_free(struct apigw_check *chk);

/* apigw_dns.c: the facts from the answers */
void apigw_read_addresses(struct apigw_item *it);
void apigw_read_expected(struct apigw_item *it);
/* The zone from an SOA answer about name; NULL when the answer shows a
 * CNAME at name (ask the parent then) or says nothing. *cname set then. */
char *apigw_zone_from_soa(const struct dns_msg *m, const char *name, bool *cname);
void apigw_read_ns(struct apigw_item *it);
const char *apigw_first_a(const struct dns_msg *m);
void apigw_read_auth_ttl(struct apigw_item *it);
/* The path without its first segment ("/prod/pets" -> "/pets"), or NULL
 * when it has none. */
char *apigw_path_without_stage(const char *path);
/* Asked for "Missing Authentication Token" at a path with a segment? */
bool apigw_wants_retry(const struct apigw_facts *f);

/* apigw_words.c: evidence and client words */
void apigw_evidence_chain(const struct apigw_facts *f, struct finding *fd);
void apigw_evidence_tls(const struct apigw_tls_seen *t, struct finding *fd);
void apigw_evidence_http(const struct apigw_facts *f, struct finding *fd);
void apigw_evidence_expected(const struct apigw_facts *f, struct finding *fd);
/* What curl and browsers print for this cause (finding code), as ";" lines. */
void apigw_evidence_clients(enum finding_code code, const struct apigw_facts *f,
			    const struct apigw_tls_seen *t, struct finding *fd);
/* "CN=x, SANs a, b (+3)": the served certificate in a few words. */
char *apigw_cert_summary(const struct tls_result *r);
/* Does the certificate's SAN list hold a wildcard that would cover name if
 * wildcards reached deeper ("*.example.com" for "a.b.example.com")? */
const char *apigw_deep_wildcard(const struct tls_result *r, const char *name);

/* One evaluation under way (apigw_eval.c, apigw_judge.c). */
struct apigw_ev {
	const struct apigw_facts *f;
	struct finding *fs;
	size_t n;
	struct apigw_fix *fix;
	const char *target;         /* the last CNAME target, canonical, or NULL */
	enum apigw_class cls;
	bool proxied;
	bool misrouted;             /* a finding already blames where the name points */
	bool target_listed;         /* the target is one API Gateway gives for the domain */
};

/* apigw_eval.c */
void apigw_ev_push(struct apigw_ev *ev, struct finding *fd);
/* Mark a finding as fixed by pointing the name at the expected target. */
void apigw_ev_wants_fix(struct apigw_ev *ev, struct finding *fd);
/* The sentence saying what to point the name at. */
const char *apigw_ev_point_at(const struct apigw_ev *ev, char *buf, size_t len);

/* apigw_judge.c: the TLS and HTTP findings */
void apigw_judge_tls(struct apigw_ev *ev);
void apigw_judge_http(struct apigw_ev *ev);
/* The TLS result at an address of the name, or NULL. */
const struct apigw_tls_seen *apigw_tls_at(const struct apigw_facts *f, const char *addr);

/* apigw_plan.c */
int apigw_build_plan(struct apigw_check *chk, struct apigw_report *rep, const struct apigw_facts *f,
		     const struct apigw_fix *fix, bool proxied);

#endif
