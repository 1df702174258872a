/* Table tests of RFC 8659 evaluation for ACM's identities (src/checks/caa/caa_eval.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/caa/caa_eval.h"
#include "testutil.h"

struct prop_spec {
	int flags;
	const char *tag;
	const char *value;
	size_t value_len;    /* 0: strlen(value) */
};

struct decide_case {
	const char *what;
	bool wildcard;
	struct prop_spec props[6];
	enum caa_outcome outcome;
	enum caa_reason reason;
};

#define P(f, t, v) { f, t, v, 0 }

static const struct decide_case decide_cases[] = {
	{ "amazon.com issue", false, { P(0, "issue", "amazon.com") }, CAA_OUT_PERMIT, CAA_R_LISTED },
	{ "amazontrust.com", false, { P(0, "issue", "amazontrust.com") }, CAA_OUT_PERMIT, CAA_R_LISTED },
	{ "awstrust.com", false, { P(0, "issue", "awstrust.com") }, CAA_OUT_PERMIT, CAA_R_LISTED },
	{ "amazonaws.com", false, { P(0, "issue", "amazonaws.com") }, CAA_OUT_PERMIT, CAA_R_LISTED },
	{ "issuer compared without case", false, { P(0, "ISSUE", "Amazon.COM") }, CAA_OUT_PERMIT, CAA_R_LISTED },
	{ "blanks around issuer", false, { P(0, "issue", "  amazon.com  ") }, CAA_OUT_PERMIT, CAA_R_LISTED },
	{ "aws.amazon.com is not an identity", false, { P(0, "issue", "aws.amazon.com") }, CAA_OUT_DENY, CAA_R_NOT_LISTED },
	{ "letsencrypt only", false, { P(0, "issue", "letsencrypt.org") }, CAA_OUT_DENY, CAA_R_NOT_LISTED },
	{ "deny all", false, { P(0, "issue", ";") }, CAA_OUT_DENY, CAA_R_NOT_LISTED },
	{ "empty value", false, { P(0, "issue", "") }, CAA_OUT_DENY, CAA_R_NOT_LISTED },
	{ "deny all plus amazon is additive", false, { P(0, "issue", ";"), P(0, "issue", "amazon.com") }, CAA_OUT_PERMIT, CAA_R_LISTED },
	{ "only iodef does not restrict", false, { P(0, "iodef", "mailto:x@example.com") }, CAA_OUT_PERMIT, CAA_R_NO_RESTRICTION },
	{ "issuewild ignored for plain names", false, { P(0, "issuewild", "letsencrypt.org") }, CAA_OUT_PERMIT, CAA_R_NO_RESTRICTION },
	{ "issue covers wildcard when no issuewild", true, { P(0, "issue", "amazon.com") }, CAA_OUT_PERMIT, CAA_R_LISTED },
	{ "issuewild without amazon blocks wildcard", true, { P(0, "issue", "amazon.com"), P(0, "issuewild", "letsencrypt.org") }, CAA_OUT_DENY, CAA_R_WILD_NOT_LISTED },
	{ "issuewild amazon allows wildcard", true, { P(0, "issue", "pki.goog"), P(0, "issuewild", "amazon.com") }, CAA_OUT_PERMIT, CAA_R_LISTED },
	{ "issuewild amazon does not allow apex", false, { P(0, "issue", "pki.goog"), P(0, "issuewild", "amazon.com") }, CAA_OUT_DENY, CAA_R_NOT_LISTED },
	{ "issuewild deny-all blocks wildcard", true, { P(0, "issue", "amazon.com"), P(0, "issuewild", ";") }, CAA_OUT_DENY, CAA_R_WILD_NOT_LISTED },
	{ "critical unknown tag blocks", false, { P(128, "tbs", "Unknown"), P(0, "issue", "amazon.com") }, CAA_OUT_DENY, CAA_R_CRITICAL },
	{ "critical unknown tag blocks wildcard", true, { P(128, "tbs", "Unknown"), P(0, "issue", "amazon.com") }, CAA_OUT_DENY, CAA_R_CRITICAL },
	{ "critical known tag is harmless", false, { P(128, "issue", "amazon.com") }, CAA_OUT_PERMIT, CAA_R_LISTED },
	{ "critical iodef is harmless", false, { P(128, "iodef", "mailto:a@b.c"), P(0, "issue", "amazon.com") }, CAA_OUT_PERMIT, CAA_R_LISTED },
	{ "flag 1 is not critical (only 128 is)", false, { P(1, "tbs", "x"), P(0, "issue", "amazon.com") }, CAA_OUT_PERMIT, CAA_R_LISTED },
	{ "non-critical unknown tag ignored", false, { P(0, "contactemail", "a@b.c") }, CAA_OUT_PERMIT, CAA_R_NO_RESTRICTION },
	{ "critical issuemail: Amazon does not document it", false, { P(128, "issuemail", "x"), P(0, "issue", "amazon.com") }, CAA_OUT_DENY, CAA_R_CRITICAL },
	{ "trailing dot is malformed", false, { P(0, "issue", "amazon.com.") }, CAA_OUT_DENY, CAA_R_NOT_LISTED },
	{ "garbage is malformed", false, { P(0, "issue", "%%%") }, CAA_OUT_DENY, CAA_R_NOT_LISTED },
	{ "NUL inside is malformed", false, { { 0, "issue", "amazon.com\0x", 12 } }, CAA_OUT_DENY, CAA_R_NOT_LISTED },
	{ "malformed + good", false, { P(0, "issue", "amazon.com."), P(0, "issue", "amazontrust.com") }, CAA_OUT_PERMIT, CAA_R_LISTED },
	{ "parameters still permit", false, { P(0, "issue", "amazon.com; accounturi=https://x/acct/1") }, CAA_OUT_PERMIT, CAA_R_LISTED },
	{ "bad parameters: malformed", false, { P(0, "issue", "amazon.com; =x") }, CAA_OUT_DENY, CAA_R_NOT_LISTED },
	{ "cloudflare auto set without amazon", false, { P(0, "issue", "letsencrypt.org"), P(0, "issue", "pki.goog; cansignhttpexchanges=yes"), P(0, "issue", "ssl.com"), P(0, "issue", "sectigo.com") }, CAA_OUT_DENY, CAA_R_NOT_LISTED },
	{ "no properties at all", false, { { 0 } }, CAA_OUT_PERMIT, CAA_R_NO_RESTRICTION },
};

struct parse_case {
	const char *value;
	bool ok;
	const char *issuer;
	bool params;
};

static const struct parse_case parse_cases[] = {
	{ "amazon.com", true, "amazon.com", false },
	{ ";", true, "", false },
	{ "", true, "", false },
	{ "   ", true, "", false },
	{ "amazon.com;", true, "amazon.com", false },
	{ "amazon.com ; ", true, "amazon.com", false },
	{ "amazon.com; a=b", true, "amazon.com", true },
	{ "amazon.com; a=b; c-d=e", true, "amazon.com", true },
	{ "amazon.com;a=b;c=", true, "amazon.com", true },
	{ "pki.goog; cansignhttpexchanges=yes", true, "pki.goog", true },
	{ "Sub-Domain.Example.COM", true, "sub-domain.example.com", false },
	{ "a--b.com", true, "a--b.com", false },
	{ "amazon.com.", false, NULL, false },
	{ ".amazon.com", false, NULL, false },
	{ "amazon..com", false, NULL, false },
	{ "-amazon.com", false, NULL, false },
	{ "amazon-.com", false, NULL, false },
	{ "amazon.com extra", false, NULL, false },
	{ "amazon.com; =b", false, NULL, false },
	{ "amazon.com; a=b;", false, NULL, false },
	{ "amazon.com; a=b ; ", false, NULL, false },
	{ "amazon.com; a=b; ;", false, NULL, false },
	{ "amazon.com; a", false, NULL, false },
	{ "amazon.com; a=b c=d", false, NULL, false },
	{ "%%%", false, NULL, false },
	{ "\"amazon.com\"", false, NULL, false },
	{ "amaz\xc3\xb6n.com", false, NULL, false },
};

static void
test_parse(void)
{
	for (size_t i = 0; i < sizeof parse_cases / sizeof *parse_cases; i++) {
		const struct parse_case *c = &parse_cases[i];
		char *issuer = NULL;
		bool params = false;
		bool ok = caa_parse_issue_value((const uint8_t *)c->value, strlen(c->value), &issuer, &params);
		CHECK(ok == c->ok, "parse [%s]: ok=%d want %d", c->value, ok, c->ok);
		if (ok && c->ok) {
			CHECK_STR(issuer, c->issuer, "parse [%s] issuer", c->value);
			CHECK(params == c->params, "parse [%s]: params=%d", c->value, params);
		}
		free(issuer);
	}
}

static void
test_decide(const struct caa_identities *ids)
{
	for (size_t i = 0; i < sizeof decide_cases / sizeof *decide_cases; i++) {
		const struct decide_case *c = &decide_cases[i];
		struct caa_prop props[6];
		size_t n = 0;
		for (; n < 6 && c->props[n].tag; n++) {
			const struct prop_spec *s = &c->props[n];
			size_t vlen = s->value_len ? s->value_len : strlen(s->value);
			caa_prop_analyse(&props[n], (uint8_t)s->flags, (const uint8_t *)s->tag, strlen(s->tag),
					 (const uint8_t *)s->value, vlen, ids);
		}
		struct caa_decision d;
		caa_decide(props, n, c->wildcard, &d);
		CHECK(d.outcome == c->outcome, "%s: outcome %d want %d", c->what, d.outcome, c->outcome);
		CHECK(d.reason == c->reason, "%s: reason %d want %d", c->what, d.reason, c->reason);
		for (size_t k = 0; k < n; k++)
			caa_prop_clear(&props[k]);
	}
}

static void
test_analyse(const struct caa_identities *ids)
{
	struct caa_prop p;
	caa_prop_analyse(&p, 0, (const uint8_t *)"issue", 5, (const uint8_t *)"amazon.com.", 11, ids);
	CHECK(p.malformed && p.looks_like_ca && !p.names_ca, "trailing dot looks like amazon");
	CHECK_STR(p.rdata, "0 issue \"amazon.com.\"", "rdata of trailing dot");
	caa_prop_clear(&p);

	caa_prop_analyse(&p, 0, (const uint8_t *)"issue", 5, (const uint8_t *)"amazon.com\0x", 12, ids);
	CHECK(p.malformed && p.looks_like_ca, "NUL value looks like amazon");
	CHECK_STR(p.value, "amazon.com\\000x", "NUL escaped");
	caa_prop_clear(&p);

	caa_prop_analyse(&p, 0, (const uint8_t *)"issue", 5, (const uint8_t *)"\033[31mevil", 9, ids);
	CHECK(p.malformed && !p.looks_like_ca, "escape sequence value malformed");
	CHECK(!strchr(p.rdata, '\033'), "no raw ESC in rdata text: %s", p.rdata);
	caa_prop_clear(&p);

	caa_prop_analyse(&p, 0, (const uint8_t *)"issue", 5, (const uint8_t *)"amazon.com; accounturi=x", 24, ids);
	CHECK(p.names_ca && p.has_params && !p.malformed, "params on amazon");
	caa_prop_clear(&p);

	caa_prop_analyse(&p, 128, (const uint8_t *)"TBS", 3, (const uint8_t *)"x", 1, ids);
	CHECK(p.critical && !p.known_tag && p.kind == CAA_TAG_OTHER, "critical unknown");
	CHECK_STR(p.tag, "tbs", "tag lower-cased");
	caa_prop_clear(&p);

	caa_prop_analyse(&p, 128, (const uint8_t *)"t'b;x y", 7, (const uint8_t *)"v", 1, ids);
	CHECK_STR(p.rdata, "128 t\\039b\\059x\\032y \"v\"", "hostile tag escaped to one token");
	CHECK(!p.known_tag, "hostile tag is unknown");
	caa_prop_clear(&p);
}

static void
test_custom_ca(void)
{
	struct caa_identities *le = caa_identities_load("LetsEncrypt.org.");
	CHECK(le && le->custom && le->n_names == 1, "custom CA loaded");
	if (!le)
		return;
	CHECK_STR(le->names[0], "letsencrypt.org", "custom CA normalised");
	struct caa_prop p;
	struct caa_decision d;
	caa_prop_analyse(&p, 0, (const uint8_t *)"issue", 5, (const uint8_t *)"letsencrypt.org", 15, le);
	caa_decide(&p, 1, false, &d);
	CHECK(d.outcome == CAA_OUT_PERMIT, "letsencrypt permitted for --ca letsencrypt.org");
	caa_prop_clear(&p);
	caa_prop_analyse(&p, 0, (const uint8_t *)"issue", 5, (const uint8_t *)"amazon.com", 10, le);
	caa_decide(&p, 1, false, &d);
	CHECK(d.outcome == CAA_OUT_DENY, "amazon denied for --ca letsencrypt.org");
	caa_prop_clear(&p);
	caa_identities_free(le);
}

int
main(void)
{
	struct caa_identities *ids = caa_identities_load(NULL);
	CHECK(ids && ids->n_names == 4 && !ids->custom, "ACM identities from data/caa-issuers.txt");
	if (!ids)
		return test_summary("test_caa_eval");
	test_parse();
	test_decide(ids);
	test_analyse(ids);
	test_custom_ca();
	caa_identities_free(ids);
	return test_summary("test_caa_eval");
}
