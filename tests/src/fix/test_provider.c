/* Provider files and their rendering: the catalogue, NS detection, the full
 * text of every provider x format x scenario (the expected texts below are
 * the review of data/providers/: they are exactly what a user pastes), and
 * machine checks on top (JSON parses, shell words unquote, zone lines parse
 * back, Route 53 batches carry whole RRsets). Also the change model. */
#include "config.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fix/change.h"
#include "net/dns_wire.h"
#include "fix/provider.h"
#include "core/strbuf.h"
#include "testutil.h"
#include "core/xalloc.h"

/* ---- plans -------------------------------------------------------------- */

/* A record the DNS returns now (what plan_add cannot express). */
static void
push_existing(struct rrset_change *s, const char *data, uint32_t ttl)
{
	s->existing = xrealloc(s->existing, (s->n_existing + 1) * sizeof *s->existing);
	record_init(&s->existing[s->n_existing++], REC_DELETE, s->name, s->type, ttl, data);
}

static void
add_caa(struct change_plan *p, enum rec_action a, const char *name, uint32_t ttl,
	const char *tag, const char *value)
{
	struct record r;
	record_init_caa(&r, a, name, ttl, 0, tag, value);
	plan_add(p, &r);
	record_clear(&r);
}

static void
add_rec(struct change_plan *p, enum rec_action a, const char *name, uint16_t type,
	uint32_t ttl, const char *data)
{
	struct record r;
	record_init(&r, a, name, type, ttl, data);
	plan_add(p, &r);
	record_clear(&r);
}

enum scenario {
	SC_CAA_ADD,          /* CAA forbids Amazon: add issue amazon.com */
	SC_CAA_MIXED,        /* keep one CA, delete another, add Amazon */
	SC_CNAME_ADD,        /* validation CNAME missing */
	SC_TXT_DELETE,       /* a TXT record where the CNAME belongs */
	SC_UNKNOWN_ZONE,     /* the zone could not be found */
	SC_EXAMPLE,          /* issue + issuewild next to letsencrypt.org */
	SC_TXT_TO_CNAME,     /* two RRsets at one name: TXT out, CNAME in */
	SC_CNAME_REPLACE,    /* the CNAME points at the wrong value */
	SC_COUNT,
	SC_HOSTILE = SC_COUNT, /* values full of quotes, $, backticks */
};

static const char *const scenario_names[] = {
	"caa_add", "caa_mixed", "cname_add", "txt_delete", "unknown_zone",
	"example", "txt_to_cname", "cname_replace", "hostile",
};

#define ACM_VALUE "_def456.xyz.acm-validations.aws."
#define HOSTILE_CAA "0 issue \"it's\\\"q\\\\$(id)`x`\""
#define HOSTILE_RAW "it's\"q\\$(id)`x`"

static void
build_caa(enum scenario sc, struct change_plan *p)
{
	struct rrset_change *s;
	switch (sc) {
	case SC_CAA_ADD:
		add_caa(p, REC_ADD, "example.com.", 300, "issue", "amazon.com");
		break;
	case SC_CAA_MIXED:
		s = plan_rrset(p, "example.com.", DNS_T_CAA, 300);
		push_existing(s, "0 issue \"letsencrypt.org\"", 3600);
		push_existing(s, "0 issue \"comodoca.com\"", 3600);
		add_caa(p, REC_DELETE, "example.com.", 3600, "issue", "comodoca.com");
		add_caa(p, REC_ADD, "example.com.", 300, "issue", "amazon.com");
		break;
	case SC_EXAMPLE:
		s = plan_rrset(p, "example.com.", DNS_T_CAA, 300);
		push_existing(s, "0 issue \"letsencrypt.org\"", 3600);
		add_caa(p, REC_ADD, "example.com.", 300, "issue", "amazon.com");
		add_caa(p, REC_ADD, "example.com.", 300, "issuewild", "amazon.com");
		break;
	case SC_HOSTILE:
		s = plan_rrset(p, "example.com.", DNS_T_CAA, 300);
		push_existing(s, HOSTILE_CAA, 3600);
		push_existing(s, "0 issue \"a\\010b\"", 3600);
		push_existing(s, "0 issue \"letsencrypt.org\"", 3600);
		add_rec(p, REC_DELETE, "example.com.", DNS_T_CAA, 3600, HOSTILE_CAA);
		add_rec(p, REC_DELETE, "example.com.", DNS_T_CAA, 3600, "0 issue \"a\\010b\"");
		add_caa(p, REC_ADD, "example.com.", 300, "issue", "amazon.com");
		break;
	default:
		break;
	}
}

static void
build_txt(struct change_plan *p)
{
	struct rrset_change *s = plan_rrset(p, "_abc123.example.com.", DNS_T_TXT, 300);
	push_existing(s, "\"" ACM_VALUE "\"", 300);
	add_rec(p, REC_DELETE, "_abc123.example.com.", DNS_T_TXT, 300, "\"" ACM_VALUE "\"");
}

static void
build(enum scenario sc, struct change_plan *p)
{
	memset(p, 0, sizeof *p);
	p->zone = xstrdup("example.com.");
	struct rrset_change *s;
	switch (sc) {
	case SC_CNAME_ADD:
		add_rec(p, REC_ADD, "_abc123.example.com.", DNS_T_CNAME, 300, ACM_VALUE);
		break;
	case SC_TXT_DELETE:
		build_txt(p);
		break;
	case SC_UNKNOWN_ZONE:
		free(p->zone);
		p->zone = NULL;
		add_caa(p, REC_ADD, "shop.example.net.", 300, "issue", "amazon.com");
		add_rec(p, REC_ADD, "_abc123.shop.example.net.", DNS_T_CNAME, 300, ACM_VALUE);
		break;
	case SC_TXT_TO_CNAME:
		/* the plan lists the CNAME first: rendering must put the
		 * deletion first anyway */
		add_rec(p, REC_ADD, "_abc123.example.com.", DNS_T_CNAME, 300, ACM_VALUE);
		build_txt(p);
		break;
	case SC_CNAME_REPLACE:
		s = plan_rrset(p, "_abc123.example.com.", DNS_T_CNAME, 300);
		push_existing(s, "_old789.xyz.acm-validations.aws.", 3600);
		add_rec(p, REC_DELETE, "_abc123.example.com.", DNS_T_CNAME, 3600,
			"_old789.xyz.acm-validations.aws.");
		add_rec(p, REC_ADD, "_abc123.example.com.", DNS_T_CNAME, 300, ACM_VALUE);
		break;
	default:
		build_caa(sc, p);
		break;
	}
}

static char *
render_plan(const char *id, const char *format, const struct change_plan *plan,
	    char *err, size_t errlen)
{
	const struct provider *p = provider_get(id);
	if (!p) {
		snprintf(err, errlen, "no provider %s", id);
		return NULL;
	}
	struct strbuf out;
	sb_init(&out);
	if (provider_render(p, format, plan, &out, err, errlen) < 0) {
		sb_free(&out);
		return NULL;
	}
	char *s = sb_steal(&out);
	sb_free(&out);
	return s;
}

static char *
render_sc(const char *id, const char *format, enum scenario sc, char *err, size_t errlen)
{
	struct change_plan plan;
	build(sc, &plan);
	char *s = render_plan(id, format, &plan, err, errlen);
	plan_clear(&plan);
	return s;
}

/* ---- expected texts ----------------------------------------------------- */

/* The Terraform form for ACM's validation records that Route 53's frame
 * adds after CNAME changes (ZONE: how the zone id is written). */
#define TF_VALIDATION_FORM(ZONE) \
	"\n" \
	"# Or, when Terraform manages the certificate itself (here as\n" \
	"# aws_acm_certificate.cert): one record per validation option instead of the\n" \
	"# records above, and a resource that waits until ACM has issued it.\n" \
	"resource \"aws_route53_record\" \"cert_validation\" {\n" \
	"  for_each = {\n" \
	"    for dvo in aws_acm_certificate.cert.domain_validation_options : dvo.domain_name => {\n" \
	"      name   = dvo.resource_record_name\n" \
	"      record = dvo.resource_record_value\n" \
	"      type   = dvo.resource_record_type\n" \
	"    }\n" \
	"  }\n" \
	"\n" \
	"  allow_overwrite = true  # the apex and its wildcard share one record\n" \
	"  name            = each.value.name\n" \
	"  records         = [each.value.record]\n" \
	"  ttl             = 300\n" \
	"  type            = each.value.type\n" \
	"  zone_id         = " ZONE "\n" \
	"}\n" \
	"\n" \
	"resource \"aws_acm_certificate_validation\" \"cert\" {\n" \
	"  certificate_arn         = aws_acm_certificate.cert.arn\n" \
	"  validation_record_fqdns = [for record in aws_route53_record.cert_validation : record.fqdn]\n" \
	"}\n" \
	"\n" \
	"# A certificate in use (CloudFront, a load balancer, API Gateway) is only\n" \
	"# replaced safely when the new one exists first: in aws_acm_certificate.cert,\n" \
	"#   lifecycle {\n" \
	"#     create_before_destroy = true\n" \
	"#   }\n"

struct expect {
	const char *provider;
	const char *format;
	enum scenario sc;
	const char *text;
};

struct zone_hint {
	const char *provider;
	unsigned ttl_floor;      /* 600: new records come out with TTL 600 */
	const char *text;
};

static const struct expect expected[] = {
	{ "cloudflare", "dashboard", SC_CAA_ADD,
	  "Cloudflare dashboard > example.com > DNS > Records\n"
	  "\n"
	  "Add record, then Save:\n"
	  "  Type:           CAA\n"
	  "  Name:           @\n"
	  "  Flags:          0\n"
	  "  Tag:            Only allow specific hostnames\n"
	  "  CA domain name: amazon.com\n"
	  "  TTL:            5 min\n"
	  "\n"
	  "When a zone has CAA records, Cloudflare adds CAA records of its own for the\n"
	  "certificate authorities behind its edge certificates. The dashboard does not\n"
	  "show them and none of them names Amazon, so the records above are still needed.\n" },
	{ "cloudflare", "dashboard", SC_CAA_MIXED,
	  "Cloudflare dashboard > example.com > DNS > Records\n"
	  "\n"
	  "Delete this record (Edit > Delete):\n"
	  "  Type:    CAA\n"
	  "  Name:    @\n"
	  "  Content: 0 issue \"comodoca.com\"\n"
	  "\n"
	  "Add record, then Save:\n"
	  "  Type:           CAA\n"
	  "  Name:           @\n"
	  "  Flags:          0\n"
	  "  Tag:            Only allow specific hostnames\n"
	  "  CA domain name: amazon.com\n"
	  "  TTL:            5 min\n"
	  "\n"
	  "When a zone has CAA records, Cloudflare adds CAA records of its own for the\n"
	  "certificate authorities behind its edge certificates. The dashboard does not\n"
	  "show them and none of them names Amazon, so the records above are still needed.\n" },
	{ "cloudflare", "dashboard", SC_CNAME_ADD,
	  "Cloudflare dashboard > example.com > DNS > Records\n"
	  "\n"
	  "Add record, then Save:\n"
	  "  Type:         CNAME\n"
	  "  Name:         _abc123\n"
	  "  Target:       _def456.xyz.acm-validations.aws\n"
	  "  Proxy status: DNS only\n"
	  "  TTL:          5 min\n"
	  "\n"
	  "Proxy status must be \"DNS only\" (grey cloud): a proxied record hides the\n"
	  "CNAME from ACM. If DNS > Settings has \"Flatten all CNAMEs\" on, choose\n"
	  "\"Flatten CNAME at apex\" instead, or ACM never sees the record.\n" },
	{ "cloudflare", "dashboard", SC_TXT_DELETE,
	  "Cloudflare dashboard > example.com > DNS > Records\n"
	  "\n"
	  "Delete this record (Edit > Delete):\n"
	  "  Type:    TXT\n"
	  "  Name:    _abc123\n"
	  "  Content: \"_def456.xyz.acm-validations.aws.\"\n" },
	{ "cloudflare", "dashboard", SC_UNKNOWN_ZONE,
	  "Cloudflare dashboard > your zone > DNS > Records\n"
	  "The zone was not found, so the names below are full names: enter each one\n"
	  "relative to the zone (without the zone name; @ for the zone itself).\n"
	  "\n"
	  "Add record, then Save:\n"
	  "  Type:           CAA\n"
	  "  Name:           shop.example.net\n"
	  "  Flags:          0\n"
	  "  Tag:            Only allow specific hostnames\n"
	  "  CA domain name: amazon.com\n"
	  "  TTL:            5 min\n"
	  "\n"
	  "Add record, then Save:\n"
	  "  Type:         CNAME\n"
	  "  Name:         _abc123.shop.example.net\n"
	  "  Target:       _def456.xyz.acm-validations.aws\n"
	  "  Proxy status: DNS only\n"
	  "  TTL:          5 min\n"
	  "\n"
	  "Proxy status must be \"DNS only\" (grey cloud): a proxied record hides the\n"
	  "CNAME from ACM. If DNS > Settings has \"Flatten all CNAMEs\" on, choose\n"
	  "\"Flatten CNAME at apex\" instead, or ACM never sees the record.\n"
	  "\n"
	  "When a zone has CAA records, Cloudflare adds CAA records of its own for the\n"
	  "certificate authorities behind its edge certificates. The dashboard does not\n"
	  "show them and none of them names Amazon, so the records above are still needed.\n" },
	{ "cloudflare", "dashboard", SC_EXAMPLE,
	  "Cloudflare dashboard > example.com > DNS > Records\n"
	  "\n"
	  "Add record, then Save:\n"
	  "  Type:           CAA\n"
	  "  Name:           @\n"
	  "  Flags:          0\n"
	  "  Tag:            Only allow specific hostnames\n"
	  "  CA domain name: amazon.com\n"
	  "  TTL:            5 min\n"
	  "\n"
	  "Add record, then Save:\n"
	  "  Type:           CAA\n"
	  "  Name:           @\n"
	  "  Flags:          0\n"
	  "  Tag:            Only allow wildcards\n"
	  "  CA domain name: amazon.com\n"
	  "  TTL:            5 min\n"
	  "\n"
	  "When a zone has CAA records, Cloudflare adds CAA records of its own for the\n"
	  "certificate authorities behind its edge certificates. The dashboard does not\n"
	  "show them and none of them names Amazon, so the records above are still needed.\n" },
	{ "cloudflare", "dashboard", SC_TXT_TO_CNAME,
	  "Cloudflare dashboard > example.com > DNS > Records\n"
	  "\n"
	  "Delete this record (Edit > Delete):\n"
	  "  Type:    TXT\n"
	  "  Name:    _abc123\n"
	  "  Content: \"_def456.xyz.acm-validations.aws.\"\n"
	  "\n"
	  "Add record, then Save:\n"
	  "  Type:         CNAME\n"
	  "  Name:         _abc123\n"
	  "  Target:       _def456.xyz.acm-validations.aws\n"
	  "  Proxy status: DNS only\n"
	  "  TTL:          5 min\n"
	  "\n"
	  "Proxy status must be \"DNS only\" (grey cloud): a proxied record hides the\n"
	  "CNAME from ACM. If DNS > Settings has \"Flatten all CNAMEs\" on, choose\n"
	  "\"Flatten CNAME at apex\" instead, or ACM never sees the record.\n" },
	{ "cloudflare", "dashboard", SC_CNAME_REPLACE,
	  "Cloudflare dashboard > example.com > DNS > Records\n"
	  "\n"
	  "Delete this record (Edit > Delete):\n"
	  "  Type:   CNAME\n"
	  "  Name:   _abc123\n"
	  "  Target: _old789.xyz.acm-validations.aws\n"
	  "\n"
	  "Add record, then Save:\n"
	  "  Type:         CNAME\n"
	  "  Name:         _abc123\n"
	  "  Target:       _def456.xyz.acm-validations.aws\n"
	  "  Proxy status: DNS only\n"
	  "  TTL:          5 min\n"
	  "\n"
	  "Proxy status must be \"DNS only\" (grey cloud): a proxied record hides the\n"
	  "CNAME from ACM. If DNS > Settings has \"Flatten all CNAMEs\" on, choose\n"
	  "\"Flatten CNAME at apex\" instead, or ACM never sees the record.\n" },
	{ "cloudflare", "api", SC_CAA_ADD,
	  "# Cloudflare API v4. $CLOUDFLARE_API_TOKEN needs the permission Zone > DNS > Edit;\n"
	  "# jq picks the ids out of the answers.\n"
	  "ZONE_ID=$(curl -sS 'https://api.cloudflare.com/client/v4/zones?name=example.com' \\\n"
	  "  -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" | jq -r '.result[0].id')\n"
	  "\n"
	  "# Add example.com CAA 0 issue \"amazon.com\"\n"
	  "curl -sS -X POST \"https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records\" \\\n"
	  "  -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" \\\n"
	  "  -H 'Content-Type: application/json' \\\n"
	  "  --data '{\"type\":\"CAA\",\"name\":\"example.com\",\"ttl\":300,\"data\":{\"flags\":0,\"tag\":\"issue\",\"value\":\"amazon.com\"}}'\n" },
	{ "cloudflare", "api", SC_CAA_MIXED,
	  "# Cloudflare API v4. $CLOUDFLARE_API_TOKEN needs the permission Zone > DNS > Edit;\n"
	  "# jq picks the ids out of the answers.\n"
	  "ZONE_ID=$(curl -sS 'https://api.cloudflare.com/client/v4/zones?name=example.com' \\\n"
	  "  -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" | jq -r '.result[0].id')\n"
	  "\n"
	  "# Delete example.com CAA 0 issue \"comodoca.com\"\n"
	  "for id in $(curl -sS \"https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records?type=CAA&name=example.com\" \\\n"
	  "    -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" \\\n"
	  "    | jq -r '.result[] | select(.data.flags == 0 and (.data.tag | ascii_downcase) == \"issue\" and .data.value == \"comodoca.com\") | .id'); do\n"
	  "  curl -sS -X DELETE \"https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records/$id\" \\\n"
	  "    -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\"\n"
	  "done\n"
	  "\n"
	  "# Add example.com CAA 0 issue \"amazon.com\"\n"
	  "curl -sS -X POST \"https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records\" \\\n"
	  "  -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" \\\n"
	  "  -H 'Content-Type: application/json' \\\n"
	  "  --data '{\"type\":\"CAA\",\"name\":\"example.com\",\"ttl\":300,\"data\":{\"flags\":0,\"tag\":\"issue\",\"value\":\"amazon.com\"}}'\n" },
	{ "cloudflare", "api", SC_CNAME_ADD,
	  "# Cloudflare API v4. $CLOUDFLARE_API_TOKEN needs the permission Zone > DNS > Edit;\n"
	  "# jq picks the ids out of the answers.\n"
	  "ZONE_ID=$(curl -sS 'https://api.cloudflare.com/client/v4/zones?name=example.com' \\\n"
	  "  -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" | jq -r '.result[0].id')\n"
	  "\n"
	  "# Add _abc123.example.com CNAME _def456.xyz.acm-validations.aws (proxied must stay false)\n"
	  "curl -sS -X POST \"https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records\" \\\n"
	  "  -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" \\\n"
	  "  -H 'Content-Type: application/json' \\\n"
	  "  --data '{\"type\":\"CNAME\",\"name\":\"_abc123.example.com\",\"content\":\"_def456.xyz.acm-validations.aws\",\"proxied\":false,\"ttl\":300}'\n" },
	{ "cloudflare", "api", SC_TXT_DELETE,
	  "# Cloudflare API v4. $CLOUDFLARE_API_TOKEN needs the permission Zone > DNS > Edit;\n"
	  "# jq picks the ids out of the answers.\n"
	  "ZONE_ID=$(curl -sS 'https://api.cloudflare.com/client/v4/zones?name=example.com' \\\n"
	  "  -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" | jq -r '.result[0].id')\n"
	  "\n"
	  "# Delete every TXT record at _abc123.example.com\n"
	  "for id in $(curl -sS \"https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records?type=TXT&name=_abc123.example.com\" \\\n"
	  "    -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" | jq -r '.result[].id'); do\n"
	  "  curl -sS -X DELETE \"https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records/$id\" \\\n"
	  "    -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\"\n"
	  "done\n" },
	{ "cloudflare", "api", SC_UNKNOWN_ZONE,
	  "# Cloudflare API v4. $CLOUDFLARE_API_TOKEN needs the permission Zone > DNS > Edit;\n"
	  "# jq picks the ids out of the answers.\n"
	  "# The zone holding these names was not found: set ZONE_ID to its Zone ID\n"
	  "# (dashboard > the zone > Overview > API).\n"
	  ": \"${ZONE_ID:?set ZONE_ID to the Zone ID of the zone that holds these names}\"\n"
	  "\n"
	  "# Add shop.example.net CAA 0 issue \"amazon.com\"\n"
	  "curl -sS -X POST \"https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records\" \\\n"
	  "  -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" \\\n"
	  "  -H 'Content-Type: application/json' \\\n"
	  "  --data '{\"type\":\"CAA\",\"name\":\"shop.example.net\",\"ttl\":300,\"data\":{\"flags\":0,\"tag\":\"issue\",\"value\":\"amazon.com\"}}'\n"
	  "\n"
	  "# Add _abc123.shop.example.net CNAME _def456.xyz.acm-validations.aws (proxied must stay false)\n"
	  "curl -sS -X POST \"https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records\" \\\n"
	  "  -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" \\\n"
	  "  -H 'Content-Type: application/json' \\\n"
	  "  --data '{\"type\":\"CNAME\",\"name\":\"_abc123.shop.example.net\",\"content\":\"_def456.xyz.acm-validations.aws\",\"proxied\":false,\"ttl\":300}'\n" },
	{ "cloudflare", "api", SC_EXAMPLE,
	  "# Cloudflare API v4. $CLOUDFLARE_API_TOKEN needs the permission Zone > DNS > Edit;\n"
	  "# jq picks the ids out of the answers.\n"
	  "ZONE_ID=$(curl -sS 'https://api.cloudflare.com/client/v4/zones?name=example.com' \\\n"
	  "  -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" | jq -r '.result[0].id')\n"
	  "\n"
	  "# Add example.com CAA 0 issue \"amazon.com\"\n"
	  "curl -sS -X POST \"https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records\" \\\n"
	  "  -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" \\\n"
	  "  -H 'Content-Type: application/json' \\\n"
	  "  --data '{\"type\":\"CAA\",\"name\":\"example.com\",\"ttl\":300,\"data\":{\"flags\":0,\"tag\":\"issue\",\"value\":\"amazon.com\"}}'\n"
	  "\n"
	  "# Add example.com CAA 0 issuewild \"amazon.com\"\n"
	  "curl -sS -X POST \"https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records\" \\\n"
	  "  -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" \\\n"
	  "  -H 'Content-Type: application/json' \\\n"
	  "  --data '{\"type\":\"CAA\",\"name\":\"example.com\",\"ttl\":300,\"data\":{\"flags\":0,\"tag\":\"issuewild\",\"value\":\"amazon.com\"}}'\n" },
	{ "cloudflare", "api", SC_TXT_TO_CNAME,
	  "# Cloudflare API v4. $CLOUDFLARE_API_TOKEN needs the permission Zone > DNS > Edit;\n"
	  "# jq picks the ids out of the answers.\n"
	  "ZONE_ID=$(curl -sS 'https://api.cloudflare.com/client/v4/zones?name=example.com' \\\n"
	  "  -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" | jq -r '.result[0].id')\n"
	  "\n"
	  "# Delete every TXT record at _abc123.example.com\n"
	  "for id in $(curl -sS \"https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records?type=TXT&name=_abc123.example.com\" \\\n"
	  "    -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" | jq -r '.result[].id'); do\n"
	  "  curl -sS -X DELETE \"https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records/$id\" \\\n"
	  "    -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\"\n"
	  "done\n"
	  "\n"
	  "# Add _abc123.example.com CNAME _def456.xyz.acm-validations.aws (proxied must stay false)\n"
	  "curl -sS -X POST \"https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records\" \\\n"
	  "  -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" \\\n"
	  "  -H 'Content-Type: application/json' \\\n"
	  "  --data '{\"type\":\"CNAME\",\"name\":\"_abc123.example.com\",\"content\":\"_def456.xyz.acm-validations.aws\",\"proxied\":false,\"ttl\":300}'\n" },
	{ "cloudflare", "api", SC_CNAME_REPLACE,
	  "# Cloudflare API v4. $CLOUDFLARE_API_TOKEN needs the permission Zone > DNS > Edit;\n"
	  "# jq picks the ids out of the answers.\n"
	  "ZONE_ID=$(curl -sS 'https://api.cloudflare.com/client/v4/zones?name=example.com' \\\n"
	  "  -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" | jq -r '.result[0].id')\n"
	  "\n"
	  "# Delete the CNAME record at _abc123.example.com\n"
	  "for id in $(curl -sS \"https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records?type=CNAME&name=_abc123.example.com\" \\\n"
	  "    -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" | jq -r '.result[].id'); do\n"
	  "  curl -sS -X DELETE \"https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records/$id\" \\\n"
	  "    -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\"\n"
	  "done\n"
	  "\n"
	  "# Add _abc123.example.com CNAME _def456.xyz.acm-validations.aws (proxied must stay false)\n"
	  "curl -sS -X POST \"https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records\" \\\n"
	  "  -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" \\\n"
	  "  -H 'Content-Type: application/json' \\\n"
	  "  --data '{\"type\":\"CNAME\",\"name\":\"_abc123.example.com\",\"content\":\"_def456.xyz.acm-validations.aws\",\"proxied\":false,\"ttl\":300}'\n" },
	{ "cloudflare", "terraform", SC_CAA_ADD,
	  "# Terraform, Cloudflare provider v5 (cloudflare/cloudflare); it reads the\n"
	  "# token from $CLOUDFLARE_API_TOKEN. v4's cloudflare_record has another schema.\n"
	  "terraform {\n"
	  "  required_providers {\n"
	  "    cloudflare = {\n"
	  "      source  = \"cloudflare/cloudflare\"\n"
	  "      version = \"~> 5.0\"\n"
	  "    }\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "data \"cloudflare_zone\" \"example_com\" {\n"
	  "  filter = {\n"
	  "    name = \"example.com\"\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "resource \"cloudflare_dns_record\" \"caa_example_com_issue_amazon_com\" {\n"
	  "  zone_id = data.cloudflare_zone.example_com.id\n"
	  "  name    = \"example.com\"\n"
	  "  type    = \"CAA\"\n"
	  "  ttl     = 300\n"
	  "  data = {\n"
	  "    flags = 0\n"
	  "    tag   = \"issue\"\n"
	  "    value = \"amazon.com\"\n"
	  "  }\n"
	  "}\n" },
	{ "cloudflare", "terraform", SC_CAA_MIXED,
	  "# Terraform, Cloudflare provider v5 (cloudflare/cloudflare); it reads the\n"
	  "# token from $CLOUDFLARE_API_TOKEN. v4's cloudflare_record has another schema.\n"
	  "terraform {\n"
	  "  required_providers {\n"
	  "    cloudflare = {\n"
	  "      source  = \"cloudflare/cloudflare\"\n"
	  "      version = \"~> 5.0\"\n"
	  "    }\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "data \"cloudflare_zone\" \"example_com\" {\n"
	  "  filter = {\n"
	  "    name = \"example.com\"\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "# Delete example.com CAA 0 issue \"comodoca.com\":\n"
	  "# remove the cloudflare_dns_record that manages it from your configuration\n"
	  "# (if none does, use the dashboard).\n"
	  "\n"
	  "resource \"cloudflare_dns_record\" \"caa_example_com_issue_amazon_com\" {\n"
	  "  zone_id = data.cloudflare_zone.example_com.id\n"
	  "  name    = \"example.com\"\n"
	  "  type    = \"CAA\"\n"
	  "  ttl     = 300\n"
	  "  data = {\n"
	  "    flags = 0\n"
	  "    tag   = \"issue\"\n"
	  "    value = \"amazon.com\"\n"
	  "  }\n"
	  "}\n" },
	{ "cloudflare", "terraform", SC_CNAME_ADD,
	  "# Terraform, Cloudflare provider v5 (cloudflare/cloudflare); it reads the\n"
	  "# token from $CLOUDFLARE_API_TOKEN. v4's cloudflare_record has another schema.\n"
	  "terraform {\n"
	  "  required_providers {\n"
	  "    cloudflare = {\n"
	  "      source  = \"cloudflare/cloudflare\"\n"
	  "      version = \"~> 5.0\"\n"
	  "    }\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "data \"cloudflare_zone\" \"example_com\" {\n"
	  "  filter = {\n"
	  "    name = \"example.com\"\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "resource \"cloudflare_dns_record\" \"cname__abc123_example_com\" {\n"
	  "  zone_id = data.cloudflare_zone.example_com.id\n"
	  "  name    = \"_abc123.example.com\"\n"
	  "  type    = \"CNAME\"\n"
	  "  content = \"_def456.xyz.acm-validations.aws\"\n"
	  "  proxied = false\n"
	  "  ttl     = 300\n"
	  "}\n" },
	{ "cloudflare", "terraform", SC_TXT_DELETE,
	  "# Terraform, Cloudflare provider v5 (cloudflare/cloudflare); it reads the\n"
	  "# token from $CLOUDFLARE_API_TOKEN. v4's cloudflare_record has another schema.\n"
	  "terraform {\n"
	  "  required_providers {\n"
	  "    cloudflare = {\n"
	  "      source  = \"cloudflare/cloudflare\"\n"
	  "      version = \"~> 5.0\"\n"
	  "    }\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "data \"cloudflare_zone\" \"example_com\" {\n"
	  "  filter = {\n"
	  "    name = \"example.com\"\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "# Delete _abc123.example.com TXT \"_def456.xyz.acm-validations.aws.\":\n"
	  "# remove the cloudflare_dns_record that manages it from your configuration\n"
	  "# (if none does, use the dashboard).\n" },
	{ "cloudflare", "terraform", SC_UNKNOWN_ZONE,
	  "# Terraform, Cloudflare provider v5 (cloudflare/cloudflare); it reads the\n"
	  "# token from $CLOUDFLARE_API_TOKEN. v4's cloudflare_record has another schema.\n"
	  "terraform {\n"
	  "  required_providers {\n"
	  "    cloudflare = {\n"
	  "      source  = \"cloudflare/cloudflare\"\n"
	  "      version = \"~> 5.0\"\n"
	  "    }\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "# The zone holding these names was not found: set zone_id to its Zone ID.\n"
	  "variable \"zone_id\" {\n"
	  "  type = string\n"
	  "}\n"
	  "\n"
	  "resource \"cloudflare_dns_record\" \"caa_shop_example_net_issue_amazon_com\" {\n"
	  "  zone_id = var.zone_id\n"
	  "  name    = \"shop.example.net\"\n"
	  "  type    = \"CAA\"\n"
	  "  ttl     = 300\n"
	  "  data = {\n"
	  "    flags = 0\n"
	  "    tag   = \"issue\"\n"
	  "    value = \"amazon.com\"\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "resource \"cloudflare_dns_record\" \"cname__abc123_shop_example_net\" {\n"
	  "  zone_id = var.zone_id\n"
	  "  name    = \"_abc123.shop.example.net\"\n"
	  "  type    = \"CNAME\"\n"
	  "  content = \"_def456.xyz.acm-validations.aws\"\n"
	  "  proxied = false\n"
	  "  ttl     = 300\n"
	  "}\n" },
	{ "cloudflare", "terraform", SC_EXAMPLE,
	  "# Terraform, Cloudflare provider v5 (cloudflare/cloudflare); it reads the\n"
	  "# token from $CLOUDFLARE_API_TOKEN. v4's cloudflare_record has another schema.\n"
	  "terraform {\n"
	  "  required_providers {\n"
	  "    cloudflare = {\n"
	  "      source  = \"cloudflare/cloudflare\"\n"
	  "      version = \"~> 5.0\"\n"
	  "    }\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "data \"cloudflare_zone\" \"example_com\" {\n"
	  "  filter = {\n"
	  "    name = \"example.com\"\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "resource \"cloudflare_dns_record\" \"caa_example_com_issue_amazon_com\" {\n"
	  "  zone_id = data.cloudflare_zone.example_com.id\n"
	  "  name    = \"example.com\"\n"
	  "  type    = \"CAA\"\n"
	  "  ttl     = 300\n"
	  "  data = {\n"
	  "    flags = 0\n"
	  "    tag   = \"issue\"\n"
	  "    value = \"amazon.com\"\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "resource \"cloudflare_dns_record\" \"caa_example_com_issuewild_amazon_com\" {\n"
	  "  zone_id = data.cloudflare_zone.example_com.id\n"
	  "  name    = \"example.com\"\n"
	  "  type    = \"CAA\"\n"
	  "  ttl     = 300\n"
	  "  data = {\n"
	  "    flags = 0\n"
	  "    tag   = \"issuewild\"\n"
	  "    value = \"amazon.com\"\n"
	  "  }\n"
	  "}\n" },
	{ "cloudflare", "terraform", SC_TXT_TO_CNAME,
	  "# Terraform, Cloudflare provider v5 (cloudflare/cloudflare); it reads the\n"
	  "# token from $CLOUDFLARE_API_TOKEN. v4's cloudflare_record has another schema.\n"
	  "terraform {\n"
	  "  required_providers {\n"
	  "    cloudflare = {\n"
	  "      source  = \"cloudflare/cloudflare\"\n"
	  "      version = \"~> 5.0\"\n"
	  "    }\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "data \"cloudflare_zone\" \"example_com\" {\n"
	  "  filter = {\n"
	  "    name = \"example.com\"\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "# Delete _abc123.example.com TXT \"_def456.xyz.acm-validations.aws.\":\n"
	  "# remove the cloudflare_dns_record that manages it from your configuration\n"
	  "# (if none does, use the dashboard).\n"
	  "\n"
	  "resource \"cloudflare_dns_record\" \"cname__abc123_example_com\" {\n"
	  "  zone_id = data.cloudflare_zone.example_com.id\n"
	  "  name    = \"_abc123.example.com\"\n"
	  "  type    = \"CNAME\"\n"
	  "  content = \"_def456.xyz.acm-validations.aws\"\n"
	  "  proxied = false\n"
	  "  ttl     = 300\n"
	  "}\n" },
	{ "cloudflare", "terraform", SC_CNAME_REPLACE,
	  "# Terraform, Cloudflare provider v5 (cloudflare/cloudflare); it reads the\n"
	  "# token from $CLOUDFLARE_API_TOKEN. v4's cloudflare_record has another schema.\n"
	  "terraform {\n"
	  "  required_providers {\n"
	  "    cloudflare = {\n"
	  "      source  = \"cloudflare/cloudflare\"\n"
	  "      version = \"~> 5.0\"\n"
	  "    }\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "data \"cloudflare_zone\" \"example_com\" {\n"
	  "  filter = {\n"
	  "    name = \"example.com\"\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "# Delete _abc123.example.com CNAME _old789.xyz.acm-validations.aws:\n"
	  "# remove the cloudflare_dns_record that manages it from your configuration\n"
	  "# (if none does, use the dashboard).\n"
	  "\n"
	  "resource \"cloudflare_dns_record\" \"cname__abc123_example_com\" {\n"
	  "  zone_id = data.cloudflare_zone.example_com.id\n"
	  "  name    = \"_abc123.example.com\"\n"
	  "  type    = \"CNAME\"\n"
	  "  content = \"_def456.xyz.acm-validations.aws\"\n"
	  "  proxied = false\n"
	  "  ttl     = 300\n"
	  "}\n" },
	{ "godaddy", "dashboard", SC_CAA_ADD,
	  "GoDaddy > Domain Portfolio > example.com > DNS\n"
	  "\n"
	  "Add New Record, then Save:\n"
	  "  Type:   CAA\n"
	  "  Name:   @\n"
	  "  TTL:    1 Hour\n"
	  "  Flag:   0\n"
	  "  Tag:    issue\n"
	  "  Domain: amazon.com\n" },
	{ "godaddy", "dashboard", SC_CAA_MIXED,
	  "GoDaddy > Domain Portfolio > example.com > DNS\n"
	  "\n"
	  "Delete this record (the trash-can icon on its row):\n"
	  "  Type: CAA\n"
	  "  Name: @\n"
	  "  Data: 0 issue \"comodoca.com\"\n"
	  "\n"
	  "Add New Record, then Save:\n"
	  "  Type:   CAA\n"
	  "  Name:   @\n"
	  "  TTL:    1 Hour\n"
	  "  Flag:   0\n"
	  "  Tag:    issue\n"
	  "  Domain: amazon.com\n" },
	{ "godaddy", "dashboard", SC_CNAME_ADD,
	  "GoDaddy > Domain Portfolio > example.com > DNS\n"
	  "\n"
	  "Add New Record, then Save:\n"
	  "  Type:  CNAME\n"
	  "  Name:  _abc123\n"
	  "  Value: _def456.xyz.acm-validations.aws.\n"
	  "  TTL:   1 Hour\n" },
	{ "godaddy", "dashboard", SC_TXT_DELETE,
	  "GoDaddy > Domain Portfolio > example.com > DNS\n"
	  "\n"
	  "Delete this record (the trash-can icon on its row):\n"
	  "  Type: TXT\n"
	  "  Name: _abc123\n"
	  "  Data: \"_def456.xyz.acm-validations.aws.\"\n" },
	{ "godaddy", "dashboard", SC_UNKNOWN_ZONE,
	  "GoDaddy > Domain Portfolio > your domain > DNS\n"
	  "The domain was not found, so the names below are full names. GoDaddy appends\n"
	  "the domain to the Name: enter only the part before it (@ for the domain\n"
	  "itself).\n"
	  "\n"
	  "Add New Record, then Save:\n"
	  "  Type:   CAA\n"
	  "  Name:   shop.example.net\n"
	  "  TTL:    1 Hour\n"
	  "  Flag:   0\n"
	  "  Tag:    issue\n"
	  "  Domain: amazon.com\n"
	  "\n"
	  "Add New Record, then Save:\n"
	  "  Type:  CNAME\n"
	  "  Name:  _abc123.shop.example.net\n"
	  "  Value: _def456.xyz.acm-validations.aws.\n"
	  "  TTL:   1 Hour\n" },
	{ "godaddy", "dashboard", SC_EXAMPLE,
	  "GoDaddy > Domain Portfolio > example.com > DNS\n"
	  "\n"
	  "Add New Record, then Save:\n"
	  "  Type:   CAA\n"
	  "  Name:   @\n"
	  "  TTL:    1 Hour\n"
	  "  Flag:   0\n"
	  "  Tag:    issue\n"
	  "  Domain: amazon.com\n"
	  "\n"
	  "Add New Record, then Save:\n"
	  "  Type:   CAA\n"
	  "  Name:   @\n"
	  "  TTL:    1 Hour\n"
	  "  Flag:   0\n"
	  "  Tag:    issuewild\n"
	  "  Domain: amazon.com\n" },
	{ "godaddy", "dashboard", SC_TXT_TO_CNAME,
	  "GoDaddy > Domain Portfolio > example.com > DNS\n"
	  "\n"
	  "Delete this record (the trash-can icon on its row):\n"
	  "  Type: TXT\n"
	  "  Name: _abc123\n"
	  "  Data: \"_def456.xyz.acm-validations.aws.\"\n"
	  "\n"
	  "Add New Record, then Save:\n"
	  "  Type:  CNAME\n"
	  "  Name:  _abc123\n"
	  "  Value: _def456.xyz.acm-validations.aws.\n"
	  "  TTL:   1 Hour\n" },
	{ "godaddy", "dashboard", SC_CNAME_REPLACE,
	  "GoDaddy > Domain Portfolio > example.com > DNS\n"
	  "\n"
	  "Delete this record (the trash-can icon on its row):\n"
	  "  Type: CNAME\n"
	  "  Name: _abc123\n"
	  "  Data: _old789.xyz.acm-validations.aws.\n"
	  "\n"
	  "Add New Record, then Save:\n"
	  "  Type:  CNAME\n"
	  "  Name:  _abc123\n"
	  "  Value: _def456.xyz.acm-validations.aws.\n"
	  "  TTL:   1 Hour\n" },
	{ "godaddy", "api", SC_CAA_ADD,
	  "# GoDaddy Domains API v1 with a production key in $GODADDY_API_KEY and\n"
	  "# $GODADDY_API_SECRET. GoDaddy only serves accounts with 10 or more domains\n"
	  "# (or a Discount Domain Club plan); others get 403 \"not allowed access\".\n"
	  "DOMAIN='example.com'\n"
	  "\n"
	  "# @ CAA: GoDaddy's API v1 cannot write CAA records (it answers\n"
	  "# HTTP 422), so make this change in the dashboard:\n"
	  "#   add @ CAA 0 issue \"amazon.com\"\n" },
	{ "godaddy", "api", SC_CAA_MIXED,
	  "# GoDaddy Domains API v1 with a production key in $GODADDY_API_KEY and\n"
	  "# $GODADDY_API_SECRET. GoDaddy only serves accounts with 10 or more domains\n"
	  "# (or a Discount Domain Club plan); others get 403 \"not allowed access\".\n"
	  "DOMAIN='example.com'\n"
	  "\n"
	  "# @ CAA: GoDaddy's API v1 cannot write CAA records (it answers\n"
	  "# HTTP 422), so make this change in the dashboard:\n"
	  "#   delete @ CAA 0 issue \"comodoca.com\"\n"
	  "#   add @ CAA 0 issue \"amazon.com\"\n" },
	{ "godaddy", "api", SC_CNAME_ADD,
	  "# GoDaddy Domains API v1 with a production key in $GODADDY_API_KEY and\n"
	  "# $GODADDY_API_SECRET. GoDaddy only serves accounts with 10 or more domains\n"
	  "# (or a Discount Domain Club plan); others get 403 \"not allowed access\".\n"
	  "DOMAIN='example.com'\n"
	  "\n"
	  "# Add the CNAME record _abc123 -> _def456.xyz.acm-validations.aws\n"
	  "curl -sS -X PATCH \"https://api.godaddy.com/v1/domains/$DOMAIN/records\" \\\n"
	  "  -H \"Authorization: sso-key $GODADDY_API_KEY:$GODADDY_API_SECRET\" \\\n"
	  "  -H 'Content-Type: application/json' \\\n"
	  "  --data '[{\"type\":\"CNAME\",\"name\":\"_abc123\",\"data\":\"_def456.xyz.acm-validations.aws\",\"ttl\":600}]'\n" },
	{ "godaddy", "api", SC_TXT_DELETE,
	  "# GoDaddy Domains API v1 with a production key in $GODADDY_API_KEY and\n"
	  "# $GODADDY_API_SECRET. GoDaddy only serves accounts with 10 or more domains\n"
	  "# (or a Discount Domain Club plan); others get 403 \"not allowed access\".\n"
	  "DOMAIN='example.com'\n"
	  "\n"
	  "# Delete every TXT record at _abc123\n"
	  "curl -sS -X DELETE \"https://api.godaddy.com/v1/domains/$DOMAIN/records/TXT/_abc123\" \\\n"
	  "  -H \"Authorization: sso-key $GODADDY_API_KEY:$GODADDY_API_SECRET\"\n" },
	{ "godaddy", "api", SC_UNKNOWN_ZONE,
	  "# GoDaddy Domains API v1 with a production key in $GODADDY_API_KEY and\n"
	  "# $GODADDY_API_SECRET. GoDaddy only serves accounts with 10 or more domains\n"
	  "# (or a Discount Domain Club plan); others get 403 \"not allowed access\".\n"
	  "# The domain was not found: set DOMAIN to the domain that holds these names,\n"
	  "# and give each name below without that domain (@ for the domain itself).\n"
	  ": \"${DOMAIN:?set DOMAIN to the domain that holds these names}\"\n"
	  "\n"
	  "# shop.example.net CAA: GoDaddy's API v1 cannot write CAA records (it answers\n"
	  "# HTTP 422), so make this change in the dashboard:\n"
	  "#   add shop.example.net CAA 0 issue \"amazon.com\"\n"
	  "\n"
	  "# Add the CNAME record _abc123.shop.example.net -> _def456.xyz.acm-validations.aws\n"
	  "curl -sS -X PATCH \"https://api.godaddy.com/v1/domains/$DOMAIN/records\" \\\n"
	  "  -H \"Authorization: sso-key $GODADDY_API_KEY:$GODADDY_API_SECRET\" \\\n"
	  "  -H 'Content-Type: application/json' \\\n"
	  "  --data '[{\"type\":\"CNAME\",\"name\":\"_abc123.shop.example.net\",\"data\":\"_def456.xyz.acm-validations.aws\",\"ttl\":600}]'\n" },
	{ "godaddy", "api", SC_EXAMPLE,
	  "# GoDaddy Domains API v1 with a production key in $GODADDY_API_KEY and\n"
	  "# $GODADDY_API_SECRET. GoDaddy only serves accounts with 10 or more domains\n"
	  "# (or a Discount Domain Club plan); others get 403 \"not allowed access\".\n"
	  "DOMAIN='example.com'\n"
	  "\n"
	  "# @ CAA: GoDaddy's API v1 cannot write CAA records (it answers\n"
	  "# HTTP 422), so make this change in the dashboard:\n"
	  "#   add @ CAA 0 issue \"amazon.com\"\n"
	  "#   add @ CAA 0 issuewild \"amazon.com\"\n" },
	{ "godaddy", "api", SC_TXT_TO_CNAME,
	  "# GoDaddy Domains API v1 with a production key in $GODADDY_API_KEY and\n"
	  "# $GODADDY_API_SECRET. GoDaddy only serves accounts with 10 or more domains\n"
	  "# (or a Discount Domain Club plan); others get 403 \"not allowed access\".\n"
	  "DOMAIN='example.com'\n"
	  "\n"
	  "# Delete every TXT record at _abc123\n"
	  "curl -sS -X DELETE \"https://api.godaddy.com/v1/domains/$DOMAIN/records/TXT/_abc123\" \\\n"
	  "  -H \"Authorization: sso-key $GODADDY_API_KEY:$GODADDY_API_SECRET\"\n"
	  "\n"
	  "# Add the CNAME record _abc123 -> _def456.xyz.acm-validations.aws\n"
	  "curl -sS -X PATCH \"https://api.godaddy.com/v1/domains/$DOMAIN/records\" \\\n"
	  "  -H \"Authorization: sso-key $GODADDY_API_KEY:$GODADDY_API_SECRET\" \\\n"
	  "  -H 'Content-Type: application/json' \\\n"
	  "  --data '[{\"type\":\"CNAME\",\"name\":\"_abc123\",\"data\":\"_def456.xyz.acm-validations.aws\",\"ttl\":600}]'\n" },
	{ "godaddy", "api", SC_CNAME_REPLACE,
	  "# GoDaddy Domains API v1 with a production key in $GODADDY_API_KEY and\n"
	  "# $GODADDY_API_SECRET. GoDaddy only serves accounts with 10 or more domains\n"
	  "# (or a Discount Domain Club plan); others get 403 \"not allowed access\".\n"
	  "DOMAIN='example.com'\n"
	  "\n"
	  "# Replace the CNAME record _abc123 with _def456.xyz.acm-validations.aws\n"
	  "curl -sS -X PUT \"https://api.godaddy.com/v1/domains/$DOMAIN/records/CNAME/_abc123\" \\\n"
	  "  -H \"Authorization: sso-key $GODADDY_API_KEY:$GODADDY_API_SECRET\" \\\n"
	  "  -H 'Content-Type: application/json' \\\n"
	  "  --data '[{\"data\":\"_def456.xyz.acm-validations.aws\",\"ttl\":600}]'\n" },
	{ "godaddy", "terraform", SC_CAA_ADD,
	  "# GoDaddy has no official Terraform provider.\n"
	  "\n"
	  "# @ CAA: no Terraform provider can write GoDaddy CAA records, so make\n"
	  "# this change in the dashboard:\n"
	  "#   add @ CAA 0 issue \"amazon.com\"\n" },
	{ "godaddy", "terraform", SC_CAA_MIXED,
	  "# GoDaddy has no official Terraform provider.\n"
	  "\n"
	  "# @ CAA: no Terraform provider can write GoDaddy CAA records, so make\n"
	  "# this change in the dashboard:\n"
	  "#   delete @ CAA 0 issue \"comodoca.com\"\n"
	  "#   add @ CAA 0 issue \"amazon.com\"\n" },
	{ "godaddy", "terraform", SC_CNAME_ADD,
	  "# GoDaddy has no official Terraform provider.\n"
	  "# The community provider veksh/godaddy-dns manages single records (not CAA)\n"
	  "# through the same API v1 and its access limits; it reads $GODADDY_API_KEY and\n"
	  "# $GODADDY_API_SECRET.\n"
	  "terraform {\n"
	  "  required_providers {\n"
	  "    godaddy-dns = {\n"
	  "      source = \"veksh/godaddy-dns\"\n"
	  "    }\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "resource \"godaddy-dns_record\" \"cname__abc123\" {\n"
	  "  domain = \"example.com\"\n"
	  "  type   = \"CNAME\"\n"
	  "  name   = \"_abc123\"\n"
	  "  data   = \"_def456.xyz.acm-validations.aws\"\n"
	  "}\n" },
	{ "godaddy", "terraform", SC_TXT_DELETE,
	  "# GoDaddy has no official Terraform provider.\n"
	  "\n"
	  "# _abc123 TXT: make this change in the dashboard (or remove the resource that\n"
	  "# manages these records from your configuration):\n"
	  "#   delete _abc123 TXT \"_def456.xyz.acm-validations.aws.\"\n" },
	{ "godaddy", "terraform", SC_UNKNOWN_ZONE,
	  "# GoDaddy has no official Terraform provider.\n"
	  "# The community provider veksh/godaddy-dns manages single records (not CAA)\n"
	  "# through the same API v1 and its access limits; it reads $GODADDY_API_KEY and\n"
	  "# $GODADDY_API_SECRET.\n"
	  "terraform {\n"
	  "  required_providers {\n"
	  "    godaddy-dns = {\n"
	  "      source = \"veksh/godaddy-dns\"\n"
	  "    }\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "# The domain was not found: set domain to the domain that holds these names,\n"
	  "# and give each name below without that domain.\n"
	  "variable \"domain\" {\n"
	  "  type = string\n"
	  "}\n"
	  "\n"
	  "# shop.example.net CAA: no Terraform provider can write GoDaddy CAA records, so make\n"
	  "# this change in the dashboard:\n"
	  "#   add shop.example.net CAA 0 issue \"amazon.com\"\n"
	  "\n"
	  "resource \"godaddy-dns_record\" \"cname__abc123_shop_example_net\" {\n"
	  "  domain = var.domain\n"
	  "  type   = \"CNAME\"\n"
	  "  name   = \"_abc123.shop.example.net\"\n"
	  "  data   = \"_def456.xyz.acm-validations.aws\"\n"
	  "}\n" },
	{ "godaddy", "terraform", SC_EXAMPLE,
	  "# GoDaddy has no official Terraform provider.\n"
	  "\n"
	  "# @ CAA: no Terraform provider can write GoDaddy CAA records, so make\n"
	  "# this change in the dashboard:\n"
	  "#   add @ CAA 0 issue \"amazon.com\"\n"
	  "#   add @ CAA 0 issuewild \"amazon.com\"\n" },
	{ "godaddy", "terraform", SC_TXT_TO_CNAME,
	  "# GoDaddy has no official Terraform provider.\n"
	  "# The community provider veksh/godaddy-dns manages single records (not CAA)\n"
	  "# through the same API v1 and its access limits; it reads $GODADDY_API_KEY and\n"
	  "# $GODADDY_API_SECRET.\n"
	  "terraform {\n"
	  "  required_providers {\n"
	  "    godaddy-dns = {\n"
	  "      source = \"veksh/godaddy-dns\"\n"
	  "    }\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "# _abc123 TXT: make this change in the dashboard (or remove the resource that\n"
	  "# manages these records from your configuration):\n"
	  "#   delete _abc123 TXT \"_def456.xyz.acm-validations.aws.\"\n"
	  "\n"
	  "resource \"godaddy-dns_record\" \"cname__abc123\" {\n"
	  "  domain = \"example.com\"\n"
	  "  type   = \"CNAME\"\n"
	  "  name   = \"_abc123\"\n"
	  "  data   = \"_def456.xyz.acm-validations.aws\"\n"
	  "}\n" },
	{ "godaddy", "terraform", SC_CNAME_REPLACE,
	  "# GoDaddy has no official Terraform provider.\n"
	  "# The community provider veksh/godaddy-dns manages single records (not CAA)\n"
	  "# through the same API v1 and its access limits; it reads $GODADDY_API_KEY and\n"
	  "# $GODADDY_API_SECRET.\n"
	  "terraform {\n"
	  "  required_providers {\n"
	  "    godaddy-dns = {\n"
	  "      source = \"veksh/godaddy-dns\"\n"
	  "    }\n"
	  "  }\n"
	  "}\n"
	  "\n"
	  "# Delete the CNAME record _abc123 -> _old789.xyz.acm-validations.aws:\n"
	  "# remove the godaddy-dns_record that manages it from your configuration\n"
	  "# (if none does, use the dashboard).\n"
	  "\n"
	  "resource \"godaddy-dns_record\" \"cname__abc123\" {\n"
	  "  domain = \"example.com\"\n"
	  "  type   = \"CNAME\"\n"
	  "  name   = \"_abc123\"\n"
	  "  data   = \"_def456.xyz.acm-validations.aws\"\n"
	  "}\n" },
	{ "route53", "dashboard", SC_CAA_ADD,
	  "Route 53 console > Hosted zones > example.com\n"
	  "\n"
	  "Create record:\n"
	  "  Record name:    (leave empty)\n"
	  "  Record type:    CAA\n"
	  "  Value:          0 issue \"amazon.com\"\n"
	  "  TTL (seconds):  300\n"
	  "  Routing policy: Simple routing\n"
	  "Then Create records.\n" },
	{ "route53", "dashboard", SC_CAA_MIXED,
	  "Route 53 console > Hosted zones > example.com\n"
	  "\n"
	  "Select the record example.com CAA, then Edit record:\n"
	  "  Record name:    (leave empty)\n"
	  "  Record type:    CAA\n"
	  "  Value:          0 issue \"letsencrypt.org\"\n"
	  "                  0 issue \"amazon.com\"\n"
	  "  TTL (seconds):  300\n"
	  "  Routing policy: Simple routing\n"
	  "Replace all of Value with exactly the lines above, then Save.\n" },
	{ "route53", "dashboard", SC_CNAME_ADD,
	  "Route 53 console > Hosted zones > example.com\n"
	  "\n"
	  "Create record:\n"
	  "  Record name:    _abc123\n"
	  "  Record type:    CNAME\n"
	  "  Value:          _def456.xyz.acm-validations.aws.\n"
	  "  TTL (seconds):  300\n"
	  "  Routing policy: Simple routing\n"
	  "Then Create records.\n"
	  "\n"
	  "For the validation record of a certificate, the ACM console can do this too:\n"
	  "open the certificate and choose \"Create records in Route 53\".\n" },
	{ "route53", "dashboard", SC_TXT_DELETE,
	  "Route 53 console > Hosted zones > example.com\n"
	  "\n"
	  "Select the record _abc123.example.com TXT, then Delete record.\n" },
	{ "route53", "dashboard", SC_UNKNOWN_ZONE,
	  "Route 53 console > Hosted zones > the hosted zone\n"
	  "The hosted zone was not found, so the names below are full names. Record\n"
	  "name wants only the part before the zone name (empty for the zone itself).\n"
	  "\n"
	  "Create record:\n"
	  "  Record name:    shop.example.net\n"
	  "  Record type:    CAA\n"
	  "  Value:          0 issue \"amazon.com\"\n"
	  "  TTL (seconds):  300\n"
	  "  Routing policy: Simple routing\n"
	  "Then Create records.\n"
	  "\n"
	  "Create record:\n"
	  "  Record name:    _abc123.shop.example.net\n"
	  "  Record type:    CNAME\n"
	  "  Value:          _def456.xyz.acm-validations.aws.\n"
	  "  TTL (seconds):  300\n"
	  "  Routing policy: Simple routing\n"
	  "Then Create records.\n"
	  "\n"
	  "For the validation record of a certificate, the ACM console can do this too:\n"
	  "open the certificate and choose \"Create records in Route 53\".\n" },
	{ "route53", "dashboard", SC_EXAMPLE,
	  "Route 53 console > Hosted zones > example.com\n"
	  "\n"
	  "Select the record example.com CAA, then Edit record:\n"
	  "  Record name:    (leave empty)\n"
	  "  Record type:    CAA\n"
	  "  Value:          0 issue \"letsencrypt.org\"\n"
	  "                  0 issue \"amazon.com\"\n"
	  "                  0 issuewild \"amazon.com\"\n"
	  "  TTL (seconds):  300\n"
	  "  Routing policy: Simple routing\n"
	  "Replace all of Value with exactly the lines above, then Save.\n" },
	{ "route53", "dashboard", SC_TXT_TO_CNAME,
	  "Route 53 console > Hosted zones > example.com\n"
	  "\n"
	  "Select the record _abc123.example.com TXT, then Delete record.\n"
	  "\n"
	  "Create record:\n"
	  "  Record name:    _abc123\n"
	  "  Record type:    CNAME\n"
	  "  Value:          _def456.xyz.acm-validations.aws.\n"
	  "  TTL (seconds):  300\n"
	  "  Routing policy: Simple routing\n"
	  "Then Create records.\n"
	  "\n"
	  "For the validation record of a certificate, the ACM console can do this too:\n"
	  "open the certificate and choose \"Create records in Route 53\".\n" },
	{ "route53", "dashboard", SC_CNAME_REPLACE,
	  "Route 53 console > Hosted zones > example.com\n"
	  "\n"
	  "Select the record _abc123.example.com CNAME, then Edit record:\n"
	  "  Record name:    _abc123\n"
	  "  Record type:    CNAME\n"
	  "  Value:          _def456.xyz.acm-validations.aws.\n"
	  "  TTL (seconds):  300\n"
	  "  Routing policy: Simple routing\n"
	  "Replace all of Value with exactly the lines above, then Save.\n"
	  "\n"
	  "For the validation record of a certificate, the ACM console can do this too:\n"
	  "open the certificate and choose \"Create records in Route 53\".\n" },
	{ "route53", "api", SC_CAA_ADD,
	  "# AWS CLI. UPSERT replaces the whole record set, so each one below lists every\n"
	  "# value the set must hold, the existing ones included.\n"
	  "ZONE_ID=$(aws route53 list-hosted-zones-by-name --dns-name 'example.com.' \\\n"
	  "  --query 'HostedZones[?Name==`\"example.com.\"` && Config.PrivateZone==`false`].Id' \\\n"
	  "  --output text)\n"
	  "cat > acm-doctor-change.json <<'EOF'\n"
	  "{\n"
	  "  \"Comment\": \"acm-doctor\",\n"
	  "  \"Changes\": [\n"
	  "    {\n"
	  "      \"Action\": \"UPSERT\",\n"
	  "      \"ResourceRecordSet\": {\n"
	  "        \"Name\": \"example.com.\",\n"
	  "        \"Type\": \"CAA\",\n"
	  "        \"TTL\": 300,\n"
	  "        \"ResourceRecords\": [\n"
	  "          {\"Value\": \"0 issue \\\"amazon.com\\\"\"}\n"
	  "        ]\n"
	  "      }\n"
	  "    }\n"
	  "  ]\n"
	  "}\n"
	  "EOF\n"
	  "aws route53 change-resource-record-sets --hosted-zone-id \"$ZONE_ID\" \\\n"
	  "  --change-batch file://acm-doctor-change.json\n" },
	{ "route53", "api", SC_CAA_MIXED,
	  "# AWS CLI. UPSERT replaces the whole record set, so each one below lists every\n"
	  "# value the set must hold, the existing ones included.\n"
	  "ZONE_ID=$(aws route53 list-hosted-zones-by-name --dns-name 'example.com.' \\\n"
	  "  --query 'HostedZones[?Name==`\"example.com.\"` && Config.PrivateZone==`false`].Id' \\\n"
	  "  --output text)\n"
	  "cat > acm-doctor-change.json <<'EOF'\n"
	  "{\n"
	  "  \"Comment\": \"acm-doctor\",\n"
	  "  \"Changes\": [\n"
	  "    {\n"
	  "      \"Action\": \"UPSERT\",\n"
	  "      \"ResourceRecordSet\": {\n"
	  "        \"Name\": \"example.com.\",\n"
	  "        \"Type\": \"CAA\",\n"
	  "        \"TTL\": 300,\n"
	  "        \"ResourceRecords\": [\n"
	  "          {\"Value\": \"0 issue \\\"letsencrypt.org\\\"\"},\n"
	  "          {\"Value\": \"0 issue \\\"amazon.com\\\"\"}\n"
	  "        ]\n"
	  "      }\n"
	  "    }\n"
	  "  ]\n"
	  "}\n"
	  "EOF\n"
	  "aws route53 change-resource-record-sets --hosted-zone-id \"$ZONE_ID\" \\\n"
	  "  --change-batch file://acm-doctor-change.json\n" },
	{ "route53", "api", SC_CNAME_ADD,
	  "# AWS CLI. UPSERT replaces the whole record set, so each one below lists every\n"
	  "# value the set must hold, the existing ones included.\n"
	  "ZONE_ID=$(aws route53 list-hosted-zones-by-name --dns-name 'example.com.' \\\n"
	  "  --query 'HostedZones[?Name==`\"example.com.\"` && Config.PrivateZone==`false`].Id' \\\n"
	  "  --output text)\n"
	  "cat > acm-doctor-change.json <<'EOF'\n"
	  "{\n"
	  "  \"Comment\": \"acm-doctor\",\n"
	  "  \"Changes\": [\n"
	  "    {\n"
	  "      \"Action\": \"UPSERT\",\n"
	  "      \"ResourceRecordSet\": {\n"
	  "        \"Name\": \"_abc123.example.com.\",\n"
	  "        \"Type\": \"CNAME\",\n"
	  "        \"TTL\": 300,\n"
	  "        \"ResourceRecords\": [\n"
	  "          {\"Value\": \"_def456.xyz.acm-validations.aws.\"}\n"
	  "        ]\n"
	  "      }\n"
	  "    }\n"
	  "  ]\n"
	  "}\n"
	  "EOF\n"
	  "aws route53 change-resource-record-sets --hosted-zone-id \"$ZONE_ID\" \\\n"
	  "  --change-batch file://acm-doctor-change.json\n" },
	{ "route53", "api", SC_TXT_DELETE,
	  "# AWS CLI. UPSERT replaces the whole record set, so each one below lists every\n"
	  "# value the set must hold, the existing ones included.\n"
	  "ZONE_ID=$(aws route53 list-hosted-zones-by-name --dns-name 'example.com.' \\\n"
	  "  --query 'HostedZones[?Name==`\"example.com.\"` && Config.PrivateZone==`false`].Id' \\\n"
	  "  --output text)\n"
	  "cat > acm-doctor-change.json <<'EOF'\n"
	  "{\n"
	  "  \"Comment\": \"acm-doctor\",\n"
	  "  \"Changes\": [\n"
	  "    {\n"
	  "      \"Action\": \"DELETE\",\n"
	  "      \"ResourceRecordSet\": {\n"
	  "        \"Name\": \"_abc123.example.com.\",\n"
	  "        \"Type\": \"TXT\",\n"
	  "        \"TTL\": 300,\n"
	  "        \"ResourceRecords\": [\n"
	  "          {\"Value\": \"\\\"_def456.xyz.acm-validations.aws.\\\"\"}\n"
	  "        ]\n"
	  "      }\n"
	  "    }\n"
	  "  ]\n"
	  "}\n"
	  "EOF\n"
	  "aws route53 change-resource-record-sets --hosted-zone-id \"$ZONE_ID\" \\\n"
	  "  --change-batch file://acm-doctor-change.json\n" },
	{ "route53", "api", SC_UNKNOWN_ZONE,
	  "# AWS CLI. UPSERT replaces the whole record set, so each one below lists every\n"
	  "# value the set must hold, the existing ones included.\n"
	  "# The hosted zone was not found: set ZONE_ID to the id of the public hosted\n"
	  "# zone that holds these names (aws route53 list-hosted-zones).\n"
	  ": \"${ZONE_ID:?set ZONE_ID to the hosted zone id}\"\n"
	  "cat > acm-doctor-change.json <<'EOF'\n"
	  "{\n"
	  "  \"Comment\": \"acm-doctor\",\n"
	  "  \"Changes\": [\n"
	  "    {\n"
	  "      \"Action\": \"UPSERT\",\n"
	  "      \"ResourceRecordSet\": {\n"
	  "        \"Name\": \"shop.example.net.\",\n"
	  "        \"Type\": \"CAA\",\n"
	  "        \"TTL\": 300,\n"
	  "        \"ResourceRecords\": [\n"
	  "          {\"Value\": \"0 issue \\\"amazon.com\\\"\"}\n"
	  "        ]\n"
	  "      }\n"
	  "    },\n"
	  "    {\n"
	  "      \"Action\": \"UPSERT\",\n"
	  "      \"ResourceRecordSet\": {\n"
	  "        \"Name\": \"_abc123.shop.example.net.\",\n"
	  "        \"Type\": \"CNAME\",\n"
	  "        \"TTL\": 300,\n"
	  "        \"ResourceRecords\": [\n"
	  "          {\"Value\": \"_def456.xyz.acm-validations.aws.\"}\n"
	  "        ]\n"
	  "      }\n"
	  "    }\n"
	  "  ]\n"
	  "}\n"
	  "EOF\n"
	  "aws route53 change-resource-record-sets --hosted-zone-id \"$ZONE_ID\" \\\n"
	  "  --change-batch file://acm-doctor-change.json\n" },
	{ "route53", "api", SC_EXAMPLE,
	  "# AWS CLI. UPSERT replaces the whole record set, so each one below lists every\n"
	  "# value the set must hold, the existing ones included.\n"
	  "ZONE_ID=$(aws route53 list-hosted-zones-by-name --dns-name 'example.com.' \\\n"
	  "  --query 'HostedZones[?Name==`\"example.com.\"` && Config.PrivateZone==`false`].Id' \\\n"
	  "  --output text)\n"
	  "cat > acm-doctor-change.json <<'EOF'\n"
	  "{\n"
	  "  \"Comment\": \"acm-doctor\",\n"
	  "  \"Changes\": [\n"
	  "    {\n"
	  "      \"Action\": \"UPSERT\",\n"
	  "      \"ResourceRecordSet\": {\n"
	  "        \"Name\": \"example.com.\",\n"
	  "        \"Type\": \"CAA\",\n"
	  "        \"TTL\": 300,\n"
	  "        \"ResourceRecords\": [\n"
	  "          {\"Value\": \"0 issue \\\"letsencrypt.org\\\"\"},\n"
	  "          {\"Value\": \"0 issue \\\"amazon.com\\\"\"},\n"
	  "          {\"Value\": \"0 issuewild \\\"amazon.com\\\"\"}\n"
	  "        ]\n"
	  "      }\n"
	  "    }\n"
	  "  ]\n"
	  "}\n"
	  "EOF\n"
	  "aws route53 change-resource-record-sets --hosted-zone-id \"$ZONE_ID\" \\\n"
	  "  --change-batch file://acm-doctor-change.json\n" },
	{ "route53", "api", SC_TXT_TO_CNAME,
	  "# AWS CLI. UPSERT replaces the whole record set, so each one below lists every\n"
	  "# value the set must hold, the existing ones included.\n"
	  "ZONE_ID=$(aws route53 list-hosted-zones-by-name --dns-name 'example.com.' \\\n"
	  "  --query 'HostedZones[?Name==`\"example.com.\"` && Config.PrivateZone==`false`].Id' \\\n"
	  "  --output text)\n"
	  "cat > acm-doctor-change.json <<'EOF'\n"
	  "{\n"
	  "  \"Comment\": \"acm-doctor\",\n"
	  "  \"Changes\": [\n"
	  "    {\n"
	  "      \"Action\": \"DELETE\",\n"
	  "      \"ResourceRecordSet\": {\n"
	  "        \"Name\": \"_abc123.example.com.\",\n"
	  "        \"Type\": \"TXT\",\n"
	  "        \"TTL\": 300,\n"
	  "        \"ResourceRecords\": [\n"
	  "          {\"Value\": \"\\\"_def456.xyz.acm-validations.aws.\\\"\"}\n"
	  "        ]\n"
	  "      }\n"
	  "    },\n"
	  "    {\n"
	  "      \"Action\": \"UPSERT\",\n"
	  "      \"ResourceRecordSet\": {\n"
	  "        \"Name\": \"_abc123.example.com.\",\n"
	  "        \"Type\": \"CNAME\",\n"
	  "        \"TTL\": 300,\n"
	  "        \"ResourceRecords\": [\n"
	  "          {\"Value\": \"_def456.xyz.acm-validations.aws.\"}\n"
	  "        ]\n"
	  "      }\n"
	  "    }\n"
	  "  ]\n"
	  "}\n"
	  "EOF\n"
	  "aws route53 change-resource-record-sets --hosted-zone-id \"$ZONE_ID\" \\\n"
	  "  --change-batch file://acm-doctor-change.json\n" },
	{ "route53", "api", SC_CNAME_REPLACE,
	  "# AWS CLI. UPSERT replaces the whole record set, so each one below lists every\n"
	  "# value the set must hold, the existing ones included.\n"
	  "ZONE_ID=$(aws route53 list-hosted-zones-by-name --dns-name 'example.com.' \\\n"
	  "  --query 'HostedZones[?Name==`\"example.com.\"` && Config.PrivateZone==`false`].Id' \\\n"
	  "  --output text)\n"
	  "cat > acm-doctor-change.json <<'EOF'\n"
	  "{\n"
	  "  \"Comment\": \"acm-doctor\",\n"
	  "  \"Changes\": [\n"
	  "    {\n"
	  "      \"Action\": \"UPSERT\",\n"
	  "      \"ResourceRecordSet\": {\n"
	  "        \"Name\": \"_abc123.example.com.\",\n"
	  "        \"Type\": \"CNAME\",\n"
	  "        \"TTL\": 300,\n"
	  "        \"ResourceRecords\": [\n"
	  "          {\"Value\": \"_def456.xyz.acm-validations.aws.\"}\n"
	  "        ]\n"
	  "      }\n"
	  "    }\n"
	  "  ]\n"
	  "}\n"
	  "EOF\n"
	  "aws route53 change-resource-record-sets --hosted-zone-id \"$ZONE_ID\" \\\n"
	  "  --change-batch file://acm-doctor-change.json\n" },
	{ "route53", "terraform", SC_CAA_ADD,
	  "# Terraform, AWS provider (hashicorp/aws).\n"
	  "data \"aws_route53_zone\" \"example_com\" {\n"
	  "  name         = \"example.com.\"\n"
	  "  private_zone = false\n"
	  "}\n"
	  "\n"
	  "resource \"aws_route53_record\" \"caa_example_com\" {\n"
	  "  zone_id = data.aws_route53_zone.example_com.zone_id\n"
	  "  name    = \"example.com\"\n"
	  "  type    = \"CAA\"\n"
	  "  ttl     = 300\n"
	  "  records = [\n"
	  "    \"0 issue \\\"amazon.com\\\"\",\n"
	  "  ]\n"
	  "}\n" },
	{ "route53", "terraform", SC_CAA_MIXED,
	  "# Terraform, AWS provider (hashicorp/aws).\n"
	  "data \"aws_route53_zone\" \"example_com\" {\n"
	  "  name         = \"example.com.\"\n"
	  "  private_zone = false\n"
	  "}\n"
	  "\n"
	  "resource \"aws_route53_record\" \"caa_example_com\" {\n"
	  "  zone_id = data.aws_route53_zone.example_com.zone_id\n"
	  "  name    = \"example.com\"\n"
	  "  type    = \"CAA\"\n"
	  "  ttl     = 300\n"
	  "  records = [\n"
	  "    \"0 issue \\\"letsencrypt.org\\\"\",\n"
	  "    \"0 issue \\\"amazon.com\\\"\",\n"
	  "  ]\n"
	  "  # The record set exists already: Terraform takes it over with the values above.\n"
	  "  allow_overwrite = true\n"
	  "}\n" },
	{ "route53", "terraform", SC_CNAME_ADD,
	  "# Terraform, AWS provider (hashicorp/aws).\n"
	  "data \"aws_route53_zone\" \"example_com\" {\n"
	  "  name         = \"example.com.\"\n"
	  "  private_zone = false\n"
	  "}\n"
	  "\n"
	  "resource \"aws_route53_record\" \"cname__abc123_example_com\" {\n"
	  "  zone_id = data.aws_route53_zone.example_com.zone_id\n"
	  "  name    = \"_abc123.example.com\"\n"
	  "  type    = \"CNAME\"\n"
	  "  ttl     = 300\n"
	  "  records = [\n"
	  "    \"_def456.xyz.acm-validations.aws.\",\n"
	  "  ]\n"
	  "}\n"
	  TF_VALIDATION_FORM("data.aws_route53_zone.example_com.zone_id") },
	{ "route53", "terraform", SC_TXT_DELETE,
	  "# Terraform, AWS provider (hashicorp/aws).\n"
	  "data \"aws_route53_zone\" \"example_com\" {\n"
	  "  name         = \"example.com.\"\n"
	  "  private_zone = false\n"
	  "}\n"
	  "\n"
	  "# Delete _abc123.example.com TXT:\n"
	  "# remove the aws_route53_record that manages it from your configuration\n"
	  "# (if none does, use the console or the api format).\n" },
	{ "route53", "terraform", SC_UNKNOWN_ZONE,
	  "# Terraform, AWS provider (hashicorp/aws).\n"
	  "# The hosted zone was not found: set zone_id to the id of the hosted zone that\n"
	  "# holds these names.\n"
	  "variable \"zone_id\" {\n"
	  "  type = string\n"
	  "}\n"
	  "\n"
	  "resource \"aws_route53_record\" \"caa_shop_example_net\" {\n"
	  "  zone_id = var.zone_id\n"
	  "  name    = \"shop.example.net\"\n"
	  "  type    = \"CAA\"\n"
	  "  ttl     = 300\n"
	  "  records = [\n"
	  "    \"0 issue \\\"amazon.com\\\"\",\n"
	  "  ]\n"
	  "}\n"
	  "\n"
	  "resource \"aws_route53_record\" \"cname__abc123_shop_example_net\" {\n"
	  "  zone_id = var.zone_id\n"
	  "  name    = \"_abc123.shop.example.net\"\n"
	  "  type    = \"CNAME\"\n"
	  "  ttl     = 300\n"
	  "  records = [\n"
	  "    \"_def456.xyz.acm-validations.aws.\",\n"
	  "  ]\n"
	  "}\n"
	  TF_VALIDATION_FORM("var.zone_id") },
	{ "route53", "terraform", SC_EXAMPLE,
	  "# Terraform, AWS provider (hashicorp/aws).\n"
	  "data \"aws_route53_zone\" \"example_com\" {\n"
	  "  name         = \"example.com.\"\n"
	  "  private_zone = false\n"
	  "}\n"
	  "\n"
	  "resource \"aws_route53_record\" \"caa_example_com\" {\n"
	  "  zone_id = data.aws_route53_zone.example_com.zone_id\n"
	  "  name    = \"example.com\"\n"
	  "  type    = \"CAA\"\n"
	  "  ttl     = 300\n"
	  "  records = [\n"
	  "    \"0 issue \\\"letsencrypt.org\\\"\",\n"
	  "    \"0 issue \\\"amazon.com\\\"\",\n"
	  "    \"0 issuewild \\\"amazon.com\\\"\",\n"
	  "  ]\n"
	  "  # The record set exists already: Terraform takes it over with the values above.\n"
	  "  allow_overwrite = true\n"
	  "}\n" },
	{ "route53", "terraform", SC_TXT_TO_CNAME,
	  "# Terraform, AWS provider (hashicorp/aws).\n"
	  "data \"aws_route53_zone\" \"example_com\" {\n"
	  "  name         = \"example.com.\"\n"
	  "  private_zone = false\n"
	  "}\n"
	  "\n"
	  "# Delete _abc123.example.com TXT:\n"
	  "# remove the aws_route53_record that manages it from your configuration\n"
	  "# (if none does, use the console or the api format).\n"
	  "\n"
	  "resource \"aws_route53_record\" \"cname__abc123_example_com\" {\n"
	  "  zone_id = data.aws_route53_zone.example_com.zone_id\n"
	  "  name    = \"_abc123.example.com\"\n"
	  "  type    = \"CNAME\"\n"
	  "  ttl     = 300\n"
	  "  records = [\n"
	  "    \"_def456.xyz.acm-validations.aws.\",\n"
	  "  ]\n"
	  "}\n"
	  TF_VALIDATION_FORM("data.aws_route53_zone.example_com.zone_id") },
	{ "route53", "terraform", SC_CNAME_REPLACE,
	  "# Terraform, AWS provider (hashicorp/aws).\n"
	  "data \"aws_route53_zone\" \"example_com\" {\n"
	  "  name         = \"example.com.\"\n"
	  "  private_zone = false\n"
	  "}\n"
	  "\n"
	  "resource \"aws_route53_record\" \"cname__abc123_example_com\" {\n"
	  "  zone_id = data.aws_route53_zone.example_com.zone_id\n"
	  "  name    = \"_abc123.example.com\"\n"
	  "  type    = \"CNAME\"\n"
	  "  ttl     = 300\n"
	  "  records = [\n"
	  "    \"_def456.xyz.acm-validations.aws.\",\n"
	  "  ]\n"
	  "  # The record set exists already: Terraform takes it over with the values above.\n"
	  "  allow_overwrite = true\n"
	  "}\n"
	  TF_VALIDATION_FORM("data.aws_route53_zone.example_com.zone_id") },
};

/* The zone format: each provider's hint lines, then the same records. */
static const struct zone_hint zone_hints[] = {
	{ "cloudflare", 0,
	  "; Cloudflare: DNS > Records > Add record, one for each record line below\n"
	  "; (Name relative to the zone, @ for the zone itself; Proxy status DNS only).\n" },
	{ "godaddy", 600,
	  "; GoDaddy: Domain Portfolio > the domain > DNS > Add New Record. Name is\n"
	  "; relative: GoDaddy appends the domain (@ for the domain itself).\n" },
	{ "route53", 0,
	  "; Route 53 console: Hosted zones > the zone > Create record, or Edit record\n"
	  "; when the name and type exist already (one value per line in Value).\n" },
	{ "namecheap", 0,
	  "; Namecheap: Domain List > Manage > Advanced DNS > Host Records > Add New\n"
	  "; Record. Host is relative: Namecheap appends the domain (@ for the domain\n"
	  "; itself).\n" },
	{ "gcloud", 0,
	  "; Google Cloud DNS: Network services > Cloud DNS > the zone > Add standard.\n"
	  "; DNS name is relative (the zone is shown after it); a CNAME target keeps\n"
	  "; its trailing dot. Domains from Google Domains (now at Squarespace) use\n"
	  "; these name servers too: for those, use Squarespace's DNS settings.\n" },
	{ "azure", 0,
	  "; Azure DNS: the DNS zone > + Record set. Name is relative (@ for the zone\n"
	  "; itself). CAA takes Flags, Tag and Value (the value without quotes); keep\n"
	  "; the values a record set has already.\n" },
	{ "digitalocean", 0,
	  "; DigitalOcean: Networking > Domains > the domain > Create a record.\n"
	  "; HOSTNAME is relative (@ for the domain itself); for CAA, AUTHORITY\n"
	  "; GRANTED FOR is the value between the quotes.\n" },
	{ "porkbun", 600,
	  "; Porkbun: Domain Management > the domain > DNS. Host is relative (empty\n"
	  "; for the domain itself); Answer takes the data as written below, quotes\n"
	  "; included.\n" },
	{ "hetzner", 0,
	  "; Hetzner: DNS (Hetzner Console, or the older DNS Console) > the zone >\n"
	  "; Add record. Name is relative (@ for the zone itself); a CNAME target\n"
	  "; keeps its trailing dot, or Hetzner appends the zone.\n" },
	{ "ovh", 0,
	  "; OVHcloud Control Panel: Web Cloud > Domain names > the domain > DNS\n"
	  "; zone > Add an entry. Sub-domain is relative (empty for the domain\n"
	  "; itself); a CNAME target keeps its trailing dot.\n" },
	{ "gandi", 0,
	  "; Gandi: Domain > the domain > DNS Records > Add. Name is relative (@ for\n"
	  "; the domain itself); a CNAME value keeps its trailing dot.\n" },
	{ "zonefile", 0,
	  "; Enter these records at your DNS provider. Names are shown in full; most\n"
	  "; dashboards want them relative to the zone (@ for the zone itself).\n" },
};

static const char *const zone_bodies[SC_COUNT] = {
	[SC_CAA_ADD] =
	  "; Zone: example.com.\n"
	  "\n"
	  "; example.com. CAA: add\n"
	  "example.com. 300 IN CAA 0 issue \"amazon.com\"\n",
	[SC_CAA_MIXED] =
	  "; Zone: example.com.\n"
	  "\n"
	  "; example.com. CAA: delete\n"
	  ";   example.com. 3600 IN CAA 0 issue \"comodoca.com\"\n"
	  "; example.com. CAA: add\n"
	  "example.com. 300 IN CAA 0 issue \"amazon.com\"\n"
	  "; example.com. CAA: keep (already there)\n"
	  ";   example.com. 3600 IN CAA 0 issue \"letsencrypt.org\"\n",
	[SC_CNAME_ADD] =
	  "; Zone: example.com.\n"
	  "\n"
	  "; _abc123.example.com. CNAME: add\n"
	  "_abc123.example.com. 300 IN CNAME _def456.xyz.acm-validations.aws.\n",
	[SC_TXT_DELETE] =
	  "; Zone: example.com.\n"
	  "\n"
	  "; _abc123.example.com. TXT: delete\n"
	  ";   _abc123.example.com. 300 IN TXT \"_def456.xyz.acm-validations.aws.\"\n",
	[SC_UNKNOWN_ZONE] =
	  "; The zone holding these names was not found: enter each name relative to\n"
	  "; the zone that serves it.\n"
	  "\n"
	  "; shop.example.net. CAA: add\n"
	  "shop.example.net. 300 IN CAA 0 issue \"amazon.com\"\n"
	  "\n"
	  "; _abc123.shop.example.net. CNAME: add\n"
	  "_abc123.shop.example.net. 300 IN CNAME _def456.xyz.acm-validations.aws.\n",
	[SC_EXAMPLE] =
	  "; Zone: example.com.\n"
	  "\n"
	  "; example.com. CAA: add\n"
	  "example.com. 300 IN CAA 0 issue \"amazon.com\"\n"
	  "example.com. 300 IN CAA 0 issuewild \"amazon.com\"\n"
	  "; example.com. CAA: keep (already there)\n"
	  ";   example.com. 3600 IN CAA 0 issue \"letsencrypt.org\"\n",
	[SC_TXT_TO_CNAME] =
	  "; Zone: example.com.\n"
	  "\n"
	  "; _abc123.example.com. TXT: delete\n"
	  ";   _abc123.example.com. 300 IN TXT \"_def456.xyz.acm-validations.aws.\"\n"
	  "\n"
	  "; _abc123.example.com. CNAME: add\n"
	  "_abc123.example.com. 300 IN CNAME _def456.xyz.acm-validations.aws.\n",
	[SC_CNAME_REPLACE] =
	  "; Zone: example.com.\n"
	  "\n"
	  "; _abc123.example.com. CNAME: delete\n"
	  ";   _abc123.example.com. 3600 IN CNAME _old789.xyz.acm-validations.aws.\n"
	  "; _abc123.example.com. CNAME: add\n"
	  "_abc123.example.com. 300 IN CNAME _def456.xyz.acm-validations.aws.\n",
};

static const char *const zone_bodies_600[SC_COUNT] = {
	[SC_CAA_ADD] =
	  "; Zone: example.com.\n"
	  "\n"
	  "; example.com. CAA: add\n"
	  "example.com. 600 IN CAA 0 issue \"amazon.com\"\n",
	[SC_CAA_MIXED] =
	  "; Zone: example.com.\n"
	  "\n"
	  "; example.com. CAA: delete\n"
	  ";   example.com. 3600 IN CAA 0 issue \"comodoca.com\"\n"
	  "; example.com. CAA: add\n"
	  "example.com. 600 IN CAA 0 issue \"amazon.com\"\n"
	  "; example.com. CAA: keep (already there)\n"
	  ";   example.com. 3600 IN CAA 0 issue \"letsencrypt.org\"\n",
	[SC_CNAME_ADD] =
	  "; Zone: example.com.\n"
	  "\n"
	  "; _abc123.example.com. CNAME: add\n"
	  "_abc123.example.com. 600 IN CNAME _def456.xyz.acm-validations.aws.\n",
	[SC_TXT_DELETE] =
	  "; Zone: example.com.\n"
	  "\n"
	  "; _abc123.example.com. TXT: delete\n"
	  ";   _abc123.example.com. 300 IN TXT \"_def456.xyz.acm-validations.aws.\"\n",
	[SC_UNKNOWN_ZONE] =
	  "; The zone holding these names was not found: enter each name relative to\n"
	  "; the zone that serves it.\n"
	  "\n"
	  "; shop.example.net. CAA: add\n"
	  "shop.example.net. 600 IN CAA 0 issue \"amazon.com\"\n"
	  "\n"
	  "; _abc123.shop.example.net. CNAME: add\n"
	  "_abc123.shop.example.net. 600 IN CNAME _def456.xyz.acm-validations.aws.\n",
	[SC_EXAMPLE] =
	  "; Zone: example.com.\n"
	  "\n"
	  "; example.com. CAA: add\n"
	  "example.com. 600 IN CAA 0 issue \"amazon.com\"\n"
	  "example.com. 600 IN CAA 0 issuewild \"amazon.com\"\n"
	  "; example.com. CAA: keep (already there)\n"
	  ";   example.com. 3600 IN CAA 0 issue \"letsencrypt.org\"\n",
	[SC_TXT_TO_CNAME] =
	  "; Zone: example.com.\n"
	  "\n"
	  "; _abc123.example.com. TXT: delete\n"
	  ";   _abc123.example.com. 300 IN TXT \"_def456.xyz.acm-validations.aws.\"\n"
	  "\n"
	  "; _abc123.example.com. CNAME: add\n"
	  "_abc123.example.com. 600 IN CNAME _def456.xyz.acm-validations.aws.\n",
	[SC_CNAME_REPLACE] =
	  "; Zone: example.com.\n"
	  "\n"
	  "; _abc123.example.com. CNAME: delete\n"
	  ";   _abc123.example.com. 3600 IN CNAME _old789.xyz.acm-validations.aws.\n"
	  "; _abc123.example.com. CNAME: add\n"
	  "_abc123.example.com. 600 IN CNAME _def456.xyz.acm-validations.aws.\n",
};

/* ---- the change model --------------------------------------------------- */

static bool
final_has(const struct record **final, size_t n, const char *data)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(final[i]->data, data))
			return true;
	return false;
}

static void
test_records(void)
{
	struct record r, c;
	record_init_caa(&r, REC_ADD, "example.com.", 300, 128, "issuewild", "amazon.com");
	CHECK(r.type == DNS_T_CAA && r.ttl == 300 && r.action == REC_ADD, "caa fields");
	CHECK_STR(r.data, "128 issuewild \"amazon.com\"", "caa data");
	record_copy(&c, &r);
	record_clear(&r);
	CHECK(r.name == NULL && r.data == NULL, "cleared");
	CHECK_STR(c.caa_tag, "issuewild", "copy is deep");
	CHECK_STR(c.name, "example.com.", "copy is deep");
	record_clear(&c);

	/* CAA from text is split like CAA built from parts */
	static const struct {
		const char *data;
		int flags;               /* -1: not parsed */
		const char *tag, *value;
	} parse[] = {
		{ "0 issue \"amazon.com\"", 0, "issue", "amazon.com" },
		{ "128 ISSUEWILD \"Amazon.com; x=y\"", 128, "ISSUEWILD", "Amazon.com; x=y" },
		{ "0 iodef \"mailto:a@b\"", 0, "iodef", "mailto:a@b" },
		{ "0 issue \"\"", 0, "issue", "" },
		{ "0 issue \"a\\\"b\"", 0, "issue", "a\\\"b" },
		{ "0 issue amazon.com", 0, "issue", "amazon.com" },
		{ "256 issue \"x\"", -1, NULL, NULL },
		{ "0 is-sue \"x\"", -1, NULL, NULL },
		{ "issue \"x\"", -1, NULL, NULL },
		{ "0 issue", -1, NULL, NULL },
	};
	for (size_t i = 0; i < sizeof parse / sizeof parse[0]; i++) {
		record_init(&r, REC_ADD, "example.com.", DNS_T_CAA, 300, parse[i].data);
		if (parse[i].flags < 0) {
			CHECK(!r.caa_tag && !r.caa_value, "[%s] should not parse", parse[i].data);
		} else {
			CHECK(r.caa_flags == parse[i].flags, "[%s] flags %u", parse[i].data, r.caa_flags);
			CHECK_STR(r.caa_tag, parse[i].tag, "[%s] tag", parse[i].data);
			CHECK_STR(r.caa_value, parse[i].value, "[%s] value", parse[i].data);
		}
		record_clear(&r);
	}
	record_init(&r, REC_ADD, "x.example.com.", DNS_T_CNAME, 60, ACM_VALUE);
	CHECK(!r.caa_tag && !r.caa_value && r.type == DNS_T_CNAME, "cname has no caa fields");
	record_clear(&r);
}

static void
test_plan_grouping(void)
{
	struct change_plan p = { 0 };
	add_caa(&p, REC_ADD, "example.com.", 300, "issue", "amazon.com");
	add_caa(&p, REC_ADD, "EXAMPLE.com.", 300, "issuewild", "amazon.com");
	add_caa(&p, REC_ADD, "example.com.", 300, "issue", "amazon.com");   /* again */
	add_caa(&p, REC_ADD, "www.example.com.", 300, "issue", "amazon.com");
	add_rec(&p, REC_ADD, "example.com.", DNS_T_TXT, 300, "\"x\"");
	add_caa(&p, REC_DELETE, "example.com.", 300, "issue", "ca.example");
	add_caa(&p, REC_DELETE, "example.com.", 300, "ISSUE", "CA.example");  /* same */
	CHECK(p.n_sets == 3, "sets: %zu", p.n_sets);
	CHECK(p.sets[0].n_adds == 2 && p.sets[0].n_deletes == 1, "apex CAA: %zu adds %zu deletes",
	      p.sets[0].n_adds, p.sets[0].n_deletes);
	CHECK(p.sets[1].type == DNS_T_CAA && !strcmp(p.sets[1].name, "www.example.com."), "www");
	CHECK(p.sets[2].type == DNS_T_TXT, "txt set apart");
	CHECK(plan_rrset(&p, "Example.COM.", DNS_T_CAA, 1) == &p.sets[0], "found by name and type");
	CHECK(p.sets[0].ttl == 300, "ttl of the first record");
	plan_clear(&p);
	CHECK(p.n_sets == 0 && p.sets == NULL && p.zone == NULL, "cleared");
	plan_clear(&p);
}

static void
test_rrset_final(void)
{
	struct change_plan p = { 0 };
	struct rrset_change *s = plan_rrset(&p, "example.com.", DNS_T_CAA, 300);
	push_existing(s, "0 issue \"LetsEncrypt.org\"", 3600);
	push_existing(s, "0 issue \"amazon.com; foo=Bar\"", 3600);
	push_existing(s, "0 issue \"pki.goog\"", 3600);
	push_existing(s, "0 iodef \"mailto:a@example.com\"", 3600);
	/* issuer domains and tags compare without case */
	add_caa(&p, REC_DELETE, "example.com.", 3600, "ISSUE", "letsencrypt.ORG");
	/* the same value: no second copy */
	add_caa(&p, REC_ADD, "example.com.", 300, "issue", "Amazon.com; foo=Bar");
	add_caa(&p, REC_ADD, "example.com.", 300, "issue", "amazon.com ;foo=Bar");
	/* parameters are the CA's: exact */
	add_caa(&p, REC_ADD, "example.com.", 300, "issue", "amazon.com; foo=bar");
	/* flags count */
	struct record r;
	record_init_caa(&r, REC_ADD, "example.com.", 300, 128, "issue", "pki.goog");
	plan_add(&p, &r);
	record_clear(&r);
	/* a delete of something that is not there changes nothing */
	add_caa(&p, REC_DELETE, "example.com.", 3600, "issue", "nowhere.example");
	s = &p.sets[0];

	size_t n;
	const struct record **f = rrset_final(s, &n);
	CHECK(n == 5, "final has %zu values", n);
	CHECK(!final_has(f, n, "0 issue \"LetsEncrypt.org\""), "deleted despite case");
	CHECK(final_has(f, n, "0 issue \"amazon.com; foo=Bar\""), "kept");
	CHECK(final_has(f, n, "0 issue \"amazon.com; foo=bar\""), "other parameters added");
	CHECK(final_has(f, n, "128 issue \"pki.goog\"") && final_has(f, n, "0 issue \"pki.goog\""),
	      "flags differ");
	CHECK(final_has(f, n, "0 iodef \"mailto:a@example.com\""), "iodef kept");
	CHECK(f[0] == &s->existing[1], "existing values first, in order");
	free(f);

	/* everything deleted: empty final set */
	struct change_plan q = { 0 };
	build_txt(&q);
	f = rrset_final(&q.sets[0], &n);
	CHECK(n == 0 && f != NULL, "final empty");
	free(f);
	plan_clear(&q);
	plan_clear(&p);
}

/* ---- the catalogue ------------------------------------------------------ */

static const struct {
	const char *id, *title, *formats;
} catalogue[] = {
	{ "cloudflare", "Cloudflare", "dashboard api terraform zone" },
	{ "godaddy", "GoDaddy", "dashboard api terraform zone" },
	{ "route53", "Amazon Route 53", "dashboard api terraform zone" },
	{ "namecheap", "Namecheap", "zone" },
	{ "gcloud", "Google Cloud DNS", "zone" },
	{ "azure", "Azure DNS", "zone" },
	{ "digitalocean", "DigitalOcean", "zone" },
	{ "porkbun", "Porkbun", "zone" },
	{ "hetzner", "Hetzner DNS", "zone" },
	{ "ovh", "OVHcloud", "zone" },
	{ "gandi", "Gandi LiveDNS", "zone" },
	{ "zonefile", "Zone file (any DNS provider)", "zone" },
};
#define N_CATALOGUE (sizeof catalogue / sizeof catalogue[0])

static void
test_catalogue(void)
{
	CHECK(provider_load_error() == NULL, "load error: %s", provider_load_error());
	CHECK(provider_count() == N_CATALOGUE, "%zu providers", provider_count());
	for (size_t i = 0; i < N_CATALOGUE; i++) {
		const struct provider *p = provider_get(catalogue[i].id);
		CHECK(p != NULL, "provider %s", catalogue[i].id);
		if (!p)
			continue;
		CHECK(provider_at(i) == p, "%s is number %zu", catalogue[i].id, i);
		CHECK_STR(provider_id(p), catalogue[i].id, "id");
		CHECK_STR(provider_title(p), catalogue[i].title, "title of %s", catalogue[i].id);
		const char *const *f;
		size_t n = provider_formats(p, &f);
		struct strbuf sb;
		sb_init(&sb);
		for (size_t j = 0; j < n; j++)
			sb_addf(&sb, "%s%s", j ? " " : "", f[j]);
		CHECK_STR(sb.buf, catalogue[i].formats, "formats of %s", catalogue[i].id);
		sb_free(&sb);
		CHECK(provider_has_format(p, "zone") && !provider_has_format(p, "nope"), "has_format");
	}
	CHECK(provider_get("nope") == NULL && provider_get(NULL) == NULL, "unknown id");
	CHECK(provider_at(N_CATALOGUE) == NULL, "past the end");
}

/* ---- NS detection ------------------------------------------------------- */

static const struct {
	const char *ns[5];
	const char *want;        /* provider id, or NULL */
	bool mixed;
} detect_cases[] = {
	/* every pattern of every provider, trailing dot or not, any case */
	{ { "ada.ns.cloudflare.com.", "kip.ns.cloudflare.com." }, "cloudflare", false },
	{ { "ADA.NS.CLOUDFLARE.COM", "Kip.Ns.Cloudflare.Com." }, "cloudflare", false },
	{ { "a.foundationdns.com.", "b.foundationdns.net.", "c.foundationdns.org." }, "cloudflare", false },
	{ { "ns01.domaincontrol.com.", "ns02.domaincontrol.com." }, "godaddy", false },
	{ { "pdns01.domaincontrol.com", "PDNS02.DOMAINCONTROL.COM." }, "godaddy", false },
	{ { "ns-1234.awsdns-56.org.", "ns-1.awsdns-00.co.uk.", "ns-512.awsdns-01.net.",
	    "ns-9.awsdns-09.com." }, "route53", false },
	{ { "dns1.registrar-servers.com.", "dns2.registrar-servers.com." }, "namecheap", false },
	{ { "pdns1.registrar-servers.com.", "pdns2.registrar-servers.com." }, "namecheap", false },
	{ { "freedns1.registrar-servers.com.", "freedns5.registrar-servers.com." }, "namecheap", false },
	{ { "ns-cloud-a1.googledomains.com.", "ns-cloud-e4.googledomains.com." }, "gcloud", false },
	{ { "ns1-01.azure-dns.com.", "ns2-01.azure-dns.net.", "ns3-123.azure-dns.org.",
	    "ns4-99.azure-dns.info." }, "azure", false },
	{ { "ns1.digitalocean.com.", "ns2.digitalocean.com.", "ns3.digitalocean.com." },
	  "digitalocean", false },
	{ { "curitiba.ns.porkbun.com.", "maceio.ns.porkbun.com." }, "porkbun", false },
	{ { "hydrogen.ns.hetzner.com.", "oxygen.ns.hetzner.com.", "helium.ns.hetzner.de." },
	  "hetzner", false },
	{ { "ns1.first-ns.de.", "robotns2.second-ns.de.", "robotns3.second-ns.com." },
	  "hetzner", false },
	{ { "ns1.your-server.de.", "ns.second-ns.com.", "ns3.second-ns.de." }, "hetzner", false },
	{ { "dns10.ovh.net.", "ns10.ovh.net." }, "ovh", false },
	{ { "dns101.ovh.ca.", "ns101.ovh.ca." }, "ovh", false },
	{ { "dns200.anycast.me.", "ns200.anycast.me." }, "ovh", false },
	{ { "ns-12-a.gandi.net.", "ns-34-b.gandi.net.", "ns-5-c.gandi.net." }, "gandi", false },
	{ { "a.dns.gandi.net.", "b.dns.gandi.net.", "c.dns.gandi.net." }, "gandi", false },
	/* near misses are unknown */
	{ { "ns.cloudflare.com.evil.example.", "ns1.example.net." }, NULL, false },
	{ { "ns7.domaincontrol.com.", "ns001.domaincontrol.com." }, NULL, false },
	{ { "ns-1.awsdns-1.com.", "ns-12345.awsdns-01.com." }, NULL, false },
	{ { "ns4.digitalocean.com.", "ns5-01.azure-dns.com." }, NULL, false },
	{ { "ns-cloud-f1.googledomains.com.", "dns6.registrar-servers.com." }, NULL, false },
	{ { "ns-1-d.gandi.net.", "d.dns.gandi.net.", "ns6.gandi.net." }, NULL, false },
	{ { "dns1.ovh.net.", "ns201.anycast.me." }, NULL, false },
	/* majorities and mixtures */
	{ { "ns-1.awsdns-00.com.", "ns-2.awsdns-01.net.", "ns-3.awsdns-02.org.",
	    "ada.ns.cloudflare.com." }, "route53", true },
	{ { "ns-1.awsdns-00.com.", "ns-2.awsdns-01.net.", "ns1.example.net." }, "route53", true },
	{ { "ada.ns.cloudflare.com.", "ns-2.awsdns-01.net." }, NULL, true },
	{ { "ada.ns.cloudflare.com.", "ns1.example.net." }, NULL, true },
	{ { "ada.ns.cloudflare.com.", "ns01.domaincontrol.com.", "ns1.digitalocean.com." }, NULL, true },
	{ { "ns1.example.net.", "ns2.example.net." }, NULL, false },
	{ { "." }, NULL, false },
	{ { "" }, NULL, false },
	{ { NULL }, NULL, false },
};

static void
test_detect(void)
{
	for (size_t i = 0; i < sizeof detect_cases / sizeof detect_cases[0]; i++) {
		size_t n = 0;
		while (n < 5 && detect_cases[i].ns[n])
			n++;
		bool mixed = !detect_cases[i].mixed;
		const struct provider *p = provider_detect(detect_cases[i].ns, n, &mixed);
		const char *got = p ? provider_id(p) : "(none)";
		const char *want = detect_cases[i].want ? detect_cases[i].want : "(none)";
		CHECK_STR(got, want, "detect case %zu (%s)", i, n ? detect_cases[i].ns[0] : "empty");
		CHECK(mixed == detect_cases[i].mixed, "detect case %zu: mixed %d", i, mixed);
	}
	const char *const one[] = { "ns1.digitalocean.com." };
	CHECK(provider_detect(one, 1, NULL) == provider_get("digitalocean"), "mixed may be NULL");
	char longname[2000];
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	const char *const huge[] = { longname };
	CHECK(provider_detect(huge, 1, NULL) == NULL, "overlong name");
}

/* ---- full texts --------------------------------------------------------- */

static void
test_expected(void)
{
	for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
		const struct expect *e = &expected[i];
		char err[512] = "";
		char *got = render_sc(e->provider, e->format, e->sc, err, sizeof err);
		CHECK(got != NULL, "%s %s %s: %s", e->provider, e->format,
		      scenario_names[e->sc], err);
		CHECK_STR(got, e->text, "%s %s %s", e->provider, e->format, scenario_names[e->sc]);
		free(got);
	}
}

/* Every provider's zone format: its hints, then the common zone lines. */
static void
test_zone_texts(void)
{
	CHECK(sizeof zone_hints / sizeof zone_hints[0] == N_CATALOGUE, "a hint block per provider");
	for (size_t i = 0; i < sizeof zone_hints / sizeof zone_hints[0]; i++) {
		const struct zone_hint *h = &zone_hints[i];
		for (int sc = 0; sc < SC_COUNT; sc++) {
			char err[512] = "";
			char *got = render_sc(h->provider, "zone", sc, err, sizeof err);
			struct strbuf want;
			sb_init(&want);
			sb_add(&want, h->text);
			sb_add(&want, h->ttl_floor == 600 ? zone_bodies_600[sc] : zone_bodies[sc]);
			CHECK_STR(got, want.buf, "%s zone %s (%s)", h->provider, scenario_names[sc], err);
			sb_free(&want);
			free(got);
		}
	}
}

/* ---- machine checks ----------------------------------------------------- */

static int
count(const char *text, const char *needle)
{
	int n = 0;
	for (const char *q = text; q && (q = strstr(q, needle)) != NULL; q++)
		n++;
	return n;
}

/* What the shell makes of one word. */
static char *
sh_unquote(const char *word, size_t len)
{
	struct strbuf cmd;
	sb_init(&cmd);
	sb_add(&cmd, "printf '%s' ");
	sb_addn(&cmd, word, len);
	FILE *f = popen(cmd.buf, "r");
	sb_free(&cmd);
	if (!f)
		return NULL;
	struct strbuf out;
	sb_init(&out);
	char buf[512];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_addn(&out, buf, n);
	int st = pclose(f);
	if (st != 0) {
		sb_free(&out);
		return NULL;
	}
	char *s = sb_steal(&out);
	sb_free(&out);
	return s;
}

/* Length of the shell word at w made of '...' strings and \' escapes, as
 * the templates write them; 0 if w does not start one. */
static size_t
quoted_word_len(const char *w)
{
	const char *p = w;
	while (*p == '\'' || (*p == '\\' && p[1])) {
		if (*p == '\\') {
			p += 2;
			continue;
		}
		const char *close = strchr(p + 1, '\'');
		if (!close)
			return 0;
		p = close + 1;
	}
	return (size_t)(p - w);
}

/* Apply fn to what the shell makes of each quoted word that follows marker.
 * Returns how many there were. */
static int
each_word(const char *text, const char *marker, void (*fn)(const char *, void *), void *ctx)
{
	int words = 0;
	for (const char *p = strstr(text, marker); p; p = strstr(p + 1, marker)) {
		const char *w = p + strlen(marker);
		size_t len = quoted_word_len(w);
		char *v = len ? sh_unquote(w, len) : NULL;
		CHECK(v != NULL, "shell word at [%.40s]", w);
		if (v)
			fn(v, ctx);
		free(v);
		words++;
	}
	return words;
}

static void
check_json(const char *s, void *ctx)
{
	cJSON *j = cJSON_Parse(s);
	CHECK(j != NULL, "%s: not JSON: [%s]", (const char *)ctx, s);
	cJSON_Delete(j);
}

/* The Route 53 change batch between <<'EOF' and EOF. */
static cJSON *
route53_batch(const char *text)
{
	const char *start = strstr(text, "<<'EOF'\n");
	const char *end = start ? strstr(start, "\nEOF\n") : NULL;
	if (!end)
		return NULL;
	start += strlen("<<'EOF'\n");
	char *json = xstrndup(start, (size_t)(end - start));
	cJSON *j = cJSON_Parse(json);
	free(json);
	return j;
}

static void
test_api_json(void)
{
	for (int sc = 0; sc <= SC_HOSTILE; sc++) {
		char err[512] = "", label[64];
		for (int k = 0; k < 2; k++) {
			const char *id = k ? "godaddy" : "cloudflare";
			char *t = render_sc(id, "api", sc, err, sizeof err);
			snprintf(label, sizeof label, "%s %s", id, scenario_names[sc]);
			CHECK(t != NULL, "%s: %s", label, err);
			if (t)
				each_word(t, "--data ", check_json, label);
			free(t);
		}
		char *t = render_sc("route53", "api", sc, err, sizeof err);
		cJSON *j = t ? route53_batch(t) : NULL;
		CHECK(j != NULL, "route53 %s: batch is not JSON", scenario_names[sc]);
		cJSON_Delete(j);
		free(t);
	}
}

static const cJSON *
change_at(const cJSON *batch, int i, const char **action, const char **name,
	  const char **type)
{
	const cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItem(batch, "Changes"), i);
	const cJSON *set = cJSON_GetObjectItem(c, "ResourceRecordSet");
	*action = cJSON_GetStringValue(cJSON_GetObjectItem(c, "Action"));
	*name = cJSON_GetStringValue(cJSON_GetObjectItem(set, "Name"));
	*type = cJSON_GetStringValue(cJSON_GetObjectItem(set, "Type"));
	return cJSON_GetObjectItem(set, "ResourceRecords");
}

static void
check_values(const cJSON *rrs, const char *const *want, size_t n, const char *label)
{
	CHECK(cJSON_GetArraySize(rrs) == (int)n, "%s: %d values", label, cJSON_GetArraySize(rrs));
	for (size_t i = 0; i < n; i++) {
		const cJSON *v = cJSON_GetObjectItem(cJSON_GetArrayItem(rrs, (int)i), "Value");
		CHECK_STR(cJSON_GetStringValue(v), want[i], "%s value %zu", label, i);
	}
}

/* UPSERT replaces the whole set: the batch keeps letsencrypt.org. */
static void
test_route53_batches(void)
{
	char err[512] = "";
	const char *action, *name, *type;
	char *t = render_sc("route53", "api", SC_EXAMPLE, err, sizeof err);
	cJSON *j = t ? route53_batch(t) : NULL;
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(j, "Changes")) == 1, "one change");
	const cJSON *rrs = change_at(j, 0, &action, &name, &type);
	CHECK_STR(action, "UPSERT", "action");
	CHECK_STR(name, "example.com.", "name");
	CHECK_STR(type, "CAA", "type");
	static const char *const example[] = {
		"0 issue \"letsencrypt.org\"", "0 issue \"amazon.com\"", "0 issuewild \"amazon.com\"",
	};
	check_values(rrs, example, 3, "example");
	cJSON_Delete(j);
	free(t);

	/* one batch, the TXT deletion (exact TTL and values) before the CNAME */
	t = render_sc("route53", "api", SC_TXT_TO_CNAME, err, sizeof err);
	j = t ? route53_batch(t) : NULL;
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(j, "Changes")) == 2, "two changes");
	rrs = change_at(j, 0, &action, &name, &type);
	CHECK(action && type && !strcmp(action, "DELETE") && !strcmp(type, "TXT"), "delete first");
	static const char *const txt[] = { "\"" ACM_VALUE "\"" };
	check_values(rrs, txt, 1, "txt");
	rrs = change_at(j, 1, &action, &name, &type);
	CHECK(action && type && !strcmp(action, "UPSERT") && !strcmp(type, "CNAME"), "then upsert");
	static const char *const cname[] = { ACM_VALUE };
	check_values(rrs, cname, 1, "cname");
	CHECK(count(t, "aws route53 change-resource-record-sets") == 1, "one call");
	cJSON_Delete(j);
	free(t);

	/* hostile values survive exactly, the deleted ones are gone */
	t = render_sc("route53", "api", SC_HOSTILE, err, sizeof err);
	j = t ? route53_batch(t) : NULL;
	rrs = change_at(j, 0, &action, &name, &type);
	static const char *const hostile[] = { "0 issue \"letsencrypt.org\"", "0 issue \"amazon.com\"" };
	check_values(rrs, hostile, 2, "hostile");
	cJSON_Delete(j);
	free(t);
}

/* A hosted zone found through the Route 53 API: every format names its id
 * (a lookup by name would also find an undelegated copy of the zone). */
static void
test_route53_zone_id(void)
{
	struct change_plan p;
	char err[512] = "";
	build(SC_CNAME_ADD, &p);
	p.zone_id = xstrdup("Z0EXAMPLE00000000001");
	char *api = render_plan("route53", "api", &p, err, sizeof err);
	char *tf = render_plan("route53", "terraform", &p, err, sizeof err);
	char *dash = render_plan("route53", "dashboard", &p, err, sizeof err);
	CHECK(api && strstr(api, "ZONE_ID='Z0EXAMPLE00000000001'\n"), "api: the zone id: [%s]", api ? api : err);
	CHECK(api && !strstr(api, "list-hosted-zones-by-name"), "api: no lookup by name");
	cJSON *batch = api ? route53_batch(api) : NULL;
	CHECK(batch != NULL, "api: the batch is JSON");
	cJSON_Delete(batch);
	CHECK(tf && count(tf, "zone_id = \"Z0EXAMPLE00000000001\"") == 1 &&
	      count(tf, "zone_id         = \"Z0EXAMPLE00000000001\"") == 1,
	      "terraform: both resources name the zone: [%s]", tf ? tf : err);
	CHECK(tf && !strstr(tf, "data \"aws_route53_zone\""), "terraform: no data source by name");
	CHECK(tf && strstr(tf, "for dvo in aws_acm_certificate.cert.domain_validation_options") &&
	      strstr(tf, "resource \"aws_acm_certificate_validation\" \"cert\"") &&
	      strstr(tf, "create_before_destroy = true"), "terraform: the for_each form");
	CHECK(dash && strstr(dash, "(Hosted zone ID Z0EXAMPLE00000000001: the one the registry delegates to)"),
	      "dashboard: the zone id: [%s]", dash ? dash : err);
	free(api);
	free(tf);
	free(dash);
	/* CAA only: no for_each form */
	plan_clear(&p);
	build(SC_CAA_ADD, &p);
	tf = render_plan("route53", "terraform", &p, err, sizeof err);
	CHECK(tf && !strstr(tf, "for_each"), "terraform CAA: no validation records");
	free(tf);
	plan_clear(&p);
}

/* Two RRsets with several records each render as one batch, one resource
 * per set, one dashboard header. */
static void
test_multi_rrset(void)
{
	struct change_plan p;
	build(SC_EXAMPLE, &p);
	add_caa(&p, REC_ADD, "www.example.com.", 300, "issue", "amazon.com");
	add_caa(&p, REC_ADD, "www.example.com.", 300, "issuewild", "amazon.com");
	char err[512] = "";
	const char *action, *name, *type;

	char *t = render_plan("route53", "api", &p, err, sizeof err);
	cJSON *j = t ? route53_batch(t) : NULL;
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(j, "Changes")) == 2, "two sets, one batch");
	const cJSON *rrs = change_at(j, 1, &action, &name, &type);
	CHECK_STR(name, "www.example.com.", "second set");
	static const char *const www[] = { "0 issue \"amazon.com\"", "0 issuewild \"amazon.com\"" };
	check_values(rrs, www, 2, "www");
	CHECK(count(t, "aws route53 change-resource-record-sets") == 1, "one call");
	cJSON_Delete(j);
	free(t);

	t = render_plan("route53", "dashboard", &p, err, sizeof err);
	CHECK(t && strstr(t, "Select the record example.com CAA, then Edit record:\n") &&
	      strstr(t, "Create record:\n  Record name:    www\n"), "console: %s", t ? t : err);
	free(t);

	t = render_plan("cloudflare", "dashboard", &p, err, sizeof err);
	CHECK(count(t, "Add record, then Save:\n") == 4, "cloudflare: %d rows",
	      count(t, "Add record, then Save:\n"));
	CHECK(count(t, "Cloudflare dashboard > example.com > DNS > Records\n") == 1, "one header");
	free(t);

	t = render_plan("route53", "terraform", &p, err, sizeof err);
	CHECK(t && strstr(t, "resource \"aws_route53_record\" \"caa_example_com\"") &&
	      strstr(t, "resource \"aws_route53_record\" \"caa_www_example_com\""), "two resources");
	free(t);
	plan_clear(&p);
}

/* ---- zone lines parse back ---------------------------------------------- */

struct zone_line {
	char name[256];
	unsigned ttl;
	char type[16];
	const char *rdata;
};

static bool
parse_zone_line(const char *line, struct zone_line *z)
{
	int used = 0;
	if (sscanf(line, "%255s %u IN %15s %n", z->name, &z->ttl, z->type, &used) != 3 || !used)
		return false;
	z->rdata = line + used;
	size_t n = strlen(z->name);
	return n > 1 && z->name[n - 1] == '.' && *z->rdata;
}

static bool
record_matches(const struct record *r, const struct zone_line *z, unsigned ttl)
{
	return !strcmp(r->name, z->name) && !strcmp(dns_type_name(r->type), z->type) &&
	       !strcmp(r->data, z->rdata) && ttl == z->ttl;
}

/* Is z one of the plan's adds (with the provider's TTL floor applied), or
 * with want_adds false one of its deletes or kept existing records? */
static bool
line_in_plan(const struct change_plan *p, const struct zone_line *z, bool want_adds,
	     unsigned floor)
{
	for (size_t i = 0; i < p->n_sets; i++) {
		const struct rrset_change *s = &p->sets[i];
		if (want_adds) {
			for (size_t k = 0; k < s->n_adds; k++)
				if (record_matches(&s->adds[k], z,
						   s->adds[k].ttl < floor ? floor : s->adds[k].ttl))
					return true;
			continue;
		}
		for (size_t k = 0; k < s->n_existing; k++)
			if (record_matches(&s->existing[k], z, s->existing[k].ttl))
				return true;
		for (size_t k = 0; k < s->n_deletes; k++)
			if (record_matches(&s->deletes[k], z, s->deletes[k].ttl))
				return true;
	}
	return false;
}

static size_t
plan_adds(const struct change_plan *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_sets; i++)
		n += p->sets[i].n_adds;
	return n;
}

/* Record lines are the adds, exactly; ";   " lines are records to delete
 * or keep; every other line is a comment or blank. */
static void
check_zone_text(const char *text, const struct change_plan *p, unsigned floor,
		const char *label)
{
	size_t adds = 0;
	char *copy = xstrdup(text);
	for (char *save = NULL, *line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct zone_line z;
		if (!strncmp(line, ";   ", 4)) {
			CHECK(parse_zone_line(line + 4, &z) && line_in_plan(p, &z, false, floor),
			      "%s: [%s]", label, line);
		} else if (line[0] != ';') {
			CHECK(parse_zone_line(line, &z) && line_in_plan(p, &z, true, floor),
			      "%s: [%s]", label, line);
			adds++;
		}
	}
	CHECK(adds == plan_adds(p), "%s: %zu record lines for %zu adds", label, adds, plan_adds(p));
	free(copy);
}

static void
test_zone_parse(void)
{
	for (size_t i = 0; i < sizeof zone_hints / sizeof zone_hints[0]; i++) {
		for (int sc = 0; sc <= SC_HOSTILE; sc++) {
			struct change_plan p;
			char err[512] = "", label[64];
			build(sc, &p);
			char *t = render_plan(zone_hints[i].provider, "zone", &p, err, sizeof err);
			snprintf(label, sizeof label, "%s %s", zone_hints[i].provider, scenario_names[sc]);
			CHECK(t != NULL, "%s: %s", label, err);
			if (t)
				check_zone_text(t, &p, zone_hints[i].ttl_floor, label);
			free(t);
			plan_clear(&p);
		}
	}
}

/* ---- hostile values ----------------------------------------------------- */

static void
check_add_body(const char *s, void *ctx)
{
	cJSON *j = cJSON_Parse(s);
	const cJSON *data = cJSON_GetObjectItem(j, "data");
	const char *v = cJSON_GetStringValue(cJSON_GetObjectItem(data, "value"));
	CHECK(v && !strcmp(v, "amazon.com"), "add body [%s]", s);
	(void)ctx;
	cJSON_Delete(j);
}

struct jq_seen {
	bool hostile, newline;
};

/* The jq program of a deletion compares with the raw value. */
static void
check_jq(const char *s, void *ctx)
{
	struct jq_seen *seen = ctx;
	const char *v = strstr(s, ".data.value == \"");
	CHECK(v != NULL, "jq program [%s]", s);
	if (!v)
		return;
	v += strlen(".data.value == ");
	const char *end = strstr(v, ") | .id");
	char *lit = end ? xstrndup(v, (size_t)(end - v)) : NULL;
	cJSON *j = lit ? cJSON_Parse(lit) : NULL;      /* a jq string is a JSON string */
	const char *raw = cJSON_GetStringValue(j);
	CHECK(raw != NULL, "jq literal [%s]", lit ? lit : s);
	if (raw && !strcmp(raw, HOSTILE_RAW))
		seen->hostile = true;
	if (raw && !strcmp(raw, "a\nb"))
		seen->newline = true;
	cJSON_Delete(j);
	free(lit);
}

static void
test_hostile(void)
{
	char err[512] = "";
	char *t = render_sc("cloudflare", "api", SC_HOSTILE, err, sizeof err);
	CHECK(t != NULL, "%s", err);
	if (t) {
		struct jq_seen seen = { false, false };
		CHECK(each_word(t, "    | jq -r ", check_jq, &seen) == 2, "two deletions");
		CHECK(seen.hostile && seen.newline, "raw values %d %d", seen.hostile, seen.newline);
		CHECK(each_word(t, "--data ", check_add_body, NULL) == 1, "one addition");
		/* comments show the value escaped, on one line */
		CHECK(strstr(t, "# Delete example.com CAA " HOSTILE_CAA "\n") != NULL, "comment");
	}
	free(t);

	/* dashboards show the escaped value; nothing breaks a line */
	static const char *const dashboards[] = { "cloudflare", "godaddy" };
	for (size_t i = 0; i < 2; i++) {
		t = render_sc(dashboards[i], "dashboard", SC_HOSTILE, err, sizeof err);
		CHECK(t && strstr(t, HOSTILE_CAA "\n") && strstr(t, "0 issue \"a\\010b\"\n"),
		      "%s dashboard: %s", dashboards[i], t ? t : err);
		free(t);
	}
	t = render_sc("route53", "terraform", SC_HOSTILE, err, sizeof err);
	CHECK(t && strstr(t, "    \"0 issue \\\"letsencrypt.org\\\"\",\n    \"0 issue \\\"amazon.com\\\"\",\n"),
	      "terraform: %s", t ? t : err);
	free(t);
}

/* Secrets are only ever named, never written. */
static void
test_secrets(void)
{
	static const char *const formats[] = { "api", "terraform" };
	for (size_t f = 0; f < 2; f++) {
		for (int sc = 0; sc < SC_COUNT; sc++) {
			char err[512] = "";
			char *t = render_sc("cloudflare", formats[f], sc, err, sizeof err);
			CHECK(t && !strstr(t, "api_token") && !strstr(t, "X-Auth-Key"), "cloudflare");
			if (t && !strcmp(formats[f], "api"))
				CHECK(count(t, "Authorization: Bearer $CLOUDFLARE_API_TOKEN") ==
				      count(t, "curl -sS"), "every cloudflare call authenticates");
			free(t);
			t = render_sc("godaddy", formats[f], sc, err, sizeof err);
			if (t && !strcmp(formats[f], "api"))
				CHECK(count(t, "sso-key $GODADDY_API_KEY:$GODADDY_API_SECRET") ==
				      count(t, "curl -sS"), "every godaddy call authenticates");
			free(t);
		}
	}
}

/* ---- errors ------------------------------------------------------------- */

static void
test_errors(void)
{
	struct change_plan p;
	char err[512] = "";
	build(SC_CAA_ADD, &p);
	char *t = render_plan("namecheap", "api", &p, err, sizeof err);
	CHECK(!t && strstr(err, "no format \"api\""), "unknown format: [%s]", err);
	free(t);
	plan_clear(&p);

	/* a type nobody wrote a template for (MX has its own since the
	 * email check) */
	build(SC_CAA_ADD, &p);
	add_rec(&p, REC_ADD, "shop.example.com.", DNS_T_NS, 300, "ns1.example.net.");
	t = render_plan("godaddy", "api", &p, err, sizeof err);
	CHECK(!t && strstr(err, "no template for NS records"), "NS: [%s]", err);
	free(t);
	/* ... unless the format has one for any type */
	t = render_plan("route53", "api", &p, err, sizeof err);
	CHECK(t && strstr(t, "\"Type\": \"NS\""), "route53 any type: %s", t ? t : err);
	free(t);
	t = render_plan("zonefile", "zone", &p, err, sizeof err);
	CHECK(t && strstr(t, "\nshop.example.com. 300 IN NS ns1.example.net.\n"), "zone NS");
	free(t);
	plan_clear(&p);

	/* nothing to do: nothing rendered */
	memset(&p, 0, sizeof p);
	t = render_plan("cloudflare", "api", &p, err, sizeof err);
	CHECK(t && !*t, "empty plan");
	free(t);
}

/* Provider files that do not parse are left out, with the first problem
 * and its line kept. Each case runs in a child: the catalogue loads once. */
static const struct {
	const char *file;        /* written as providers/gandi.tmpl */
	const char *error;       /* expected load error, or NULL */
	const char *rendered;    /* when loaded: its zone rendering */
} load_cases[] = {
	{ "id: gandi\ntitle: G\ncolour: blue\n", "providers/gandi.tmpl:3: unknown key \"colour\"", NULL },
	{ "id: gandi\nns: ^(ns\n", "providers/gandi.tmpl:2: bad ns pattern", NULL },
	{ "id: gandi\ntitle: G\nttl-min: soon\n", "providers/gandi.tmpl:3: bad ttl-min", NULL },
	{ "id: gandi\ntitle: G\nmap: m\n", "providers/gandi.tmpl:3: map: wants NAME KEY = VALUE", NULL },
	{ "title: G\n", "providers/gandi.tmpl: id must be the file name", NULL },
	{ "id: ganddi\ntitle: G\n", "providers/gandi.tmpl: id must be the file name", NULL },
	{ "id: gandi\n", "providers/gandi.tmpl: no title", NULL },
	{ "id: gandi\ntitle: G\njust words\n", "providers/gandi.tmpl:3: expected \"key: value\"", NULL },
	{ "id: gandi\ntitle: G\n\n@@ zone\nok\n\n@@ zone *\n{{#x}}\nrecord\n",
	  "providers/gandi.tmpl: line 8: {{#x}} is never closed", NULL },
	{ "id: gandi\ntitle: G\n@@ zone\na\n@@ zone\nb\n", "providers/gandi.tmpl:5: template defined twice", NULL },
	{ "id: gandi\ntitle: G\n@@\n", "providers/gandi.tmpl:3: expected \"@@ FORMAT [TYPE]\"", NULL },
	{ "id: gandi\ntitle: G\n@@ zone CAA x\n", "providers/gandi.tmpl:3: expected \"@@ FORMAT [TYPE]\"", NULL },
	/* a missing parent is reported; the file keeps its own formats */
	{ "id: gandi\ntitle: G\ninherit: nobody\n@@ zone *\nalone\n",
	  "providers/gandi.tmpl: cannot inherit from \"nobody\"", "alone\n" },
	/* a corrected file takes effect without a rebuild */
	{ "id: gandi\ntitle: Gandi (edited)\ninherit: zonefile\nhint: edited hint\n"
	  "@@ zone *\n{{#adds}}\n{{name}} gets {{data}}\n{{/adds}}\n\n\n", NULL,
	  "; edited hint\n; Zone: example.com.\n\nexample.com gets 0 issue \"amazon.com\"\n" },
};

static int
load_child(const char *dir, size_t i)
{
	test_failed = 0;     /* counted again here, reported by the parent */
	setenv("ACM_DOCTOR_DATADIR", dir, 1);
	const char *e = provider_load_error();
	if (!load_cases[i].error)
		CHECK(e == NULL, "case %zu: %s", i, e);
	else
		CHECK(e && strstr(e, load_cases[i].error), "case %zu: want [%s] got [%s]",
		      i, load_cases[i].error, e ? e : "(none)");
	if (load_cases[i].rendered) {
		char err[512] = "";
		char *t = render_sc("gandi", "zone", SC_CAA_ADD, err, sizeof err);
		CHECK_STR(t, load_cases[i].rendered, "case %zu: %s", i, err);
		free(t);
	} else {
		CHECK(provider_get("gandi") == NULL, "case %zu: broken file left out", i);
	}
	CHECK(provider_get("cloudflare") != NULL, "case %zu: the others load", i);
	return test_failed ? 1 : 0;
}

static void
test_load_errors(void)
{
	char dir[] = "/tmp/acmd-provider-XXXXXX";
	CHECK(mkdtemp(dir) != NULL, "mkdtemp");
	char sub[64], file[96];
	snprintf(sub, sizeof sub, "%s/providers", dir);
	snprintf(file, sizeof file, "%s/gandi.tmpl", sub);
	CHECK(mkdir(sub, 0700) == 0, "mkdir");
	for (size_t i = 0; i < sizeof load_cases / sizeof load_cases[0]; i++) {
		FILE *f = fopen(file, "w");
		CHECK(f != NULL, "write %s", file);
		if (!f)
			continue;
		fputs(load_cases[i].file, f);
		fclose(f);
		fflush(NULL);
		pid_t pid = fork();
		if (pid == 0)
			exit(load_child(dir, i));  /* atexit frees the catalogue */
		int st = 0;
		waitpid(pid, &st, 0);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "load case %zu", i);
	}
	unlink(file);
	rmdir(sub);
	rmdir(dir);
}

/* A CNAME where A records hold the name (a proxied or flattened name):
 * every provider replaces them instead of adding beside them (Cloudflare
 * refuses a second record, Route 53 a CNAME beside other types). */
static void
build_replaced(struct change_plan *p)
{
	memset(p, 0, sizeof *p);
	p->zone = xstrdup("example.com.");
	add_rec(p, REC_ADD, "_abc123.example.com.", DNS_T_CNAME, 300, ACM_VALUE);
	struct rrset_change *s = plan_rrset(p, "_abc123.example.com.", DNS_T_CNAME, 300);
	struct record a;
	record_init(&a, REC_DELETE, "_abc123.example.com.", DNS_T_A, 3600, "104.16.132.229");
	rrset_replace(s, &a);
	record_clear(&a);
	record_init(&a, REC_DELETE, "_abc123.example.com.", DNS_T_A, 3600, "104.16.133.229");
	rrset_replace(s, &a);
	rrset_replace(s, &a);           /* once only */
	record_clear(&a);
}

static void
test_replaced(void)
{
	struct change_plan plan;
	char err[512] = "";
	build_replaced(&plan);
	CHECK(plan.sets[0].n_replaced == 2, "two records replaced (%zu)", plan.sets[0].n_replaced);
	/* Cloudflare API: look the record up by name, PATCH a CNAME, or
	 * delete the A/AAAA records then POST; never a bare POST. */
	char *t = render_plan("cloudflare", "api", &plan, err, sizeof err);
	CHECK(t && strstr(t, "dns_records?name=_abc123.example.com") && strstr(t, "-X PATCH") &&
	      strstr(t, "select(.type == \"A\" or .type == \"AAAA\")") && strstr(t, "-X DELETE"),
	      "cloudflare api edits or replaces: %s", t ? t : err);
	CHECK(t && strstr(t, "81053"), "and says why (81053)");
	if (t)
		each_word(t, "--data ", check_json, "cloudflare replaced");
	free(t);
	t = render_plan("cloudflare", "dashboard", &plan, err, sizeof err);
	CHECK(t && strstr(t, "Edit it, then Save") && strstr(t, "Proxy status: DNS only") && !strstr(t, "\nAdd record, then Save:\n  Type:         CNAME\n  Name:         _abc123\n  Target:       _def456.xyz.acm-validations.aws\n  Proxy status: DNS only\n  TTL:          5 min\n\n"),
	      "cloudflare dashboard: edit the record: %s", t ? t : err);
	free(t);
	t = render_plan("cloudflare", "terraform", &plan, err, sizeof err);
	CHECK(t && strstr(t, "terraform import cloudflare_dns_record.cname__abc123_example_com") &&
	      strstr(t, "version = \"~> 5.0\""), "cloudflare terraform: import, v5 pinned: %s", t ? t : err);
	free(t);
	/* Route 53: the A set deleted exactly (TTL, every value), then the
	 * CNAME, in one batch. */
	t = render_plan("route53", "api", &plan, err, sizeof err);
	cJSON *j = t ? route53_batch(t) : NULL;
	CHECK(j != NULL, "route53 replaced: batch is JSON");
	const char *action = NULL, *name = NULL, *type = NULL;
	const cJSON *rrs = j ? change_at(j, 0, &action, &name, &type) : NULL;
	CHECK(action && !strcmp(action, "DELETE") && type && !strcmp(type, "A") && cJSON_GetArraySize(rrs) == 2,
	      "route53: DELETE the A set first");
	const cJSON *c0 = j ? cJSON_GetArrayItem(cJSON_GetObjectItem(j, "Changes"), 0) : NULL;
	const cJSON *ttl = cJSON_GetObjectItem(cJSON_GetObjectItem(c0, "ResourceRecordSet"), "TTL");
	CHECK(cJSON_IsNumber(ttl) && ttl->valuedouble == 3600, "route53: with the zone's TTL (3600)");
	change_at(j, 1, &action, &name, &type);
	CHECK(action && !strcmp(action, "UPSERT") && type && !strcmp(type, "CNAME"), "route53: then the CNAME");
	cJSON_Delete(j);
	free(t);
	t = render_plan("zonefile", "zone", &plan, err, sizeof err);
	CHECK(t && strstr(t, "; _abc123.example.com. A: delete first") && strstr(t, ";   _abc123.example.com. 3600 IN A 104.16.133.229"),
	      "zone file: the A records to delete: %s", t ? t : err);
	free(t);
	t = render_plan("godaddy", "api", &plan, err, sizeof err);
	CHECK(t && strstr(t, "-X DELETE \"https://api.godaddy.com/v1/domains/$DOMAIN/records/A/_abc123\""),
	      "godaddy api: the A records deleted first: %s", t ? t : err);
	free(t);
	plan_clear(&plan);
}

/* A CAA value beyond ASCII reaches the JSON of an API call as the code
 * points it holds, so a lookup by value matches what the provider stores. */
static void
test_code_points(void)
{
	struct change_plan plan;
	memset(&plan, 0, sizeof plan);
	plan.zone = xstrdup("example.com.");
	struct rrset_change *s = plan_rrset(&plan, "example.com.", DNS_T_CAA, 300);
	push_existing(s, "0 issue \"caf\\195\\169.example\"", 300);
	add_caa(&plan, REC_DELETE, "example.com.", 300, "issue", "caf\\195\\169.example");
	add_caa(&plan, REC_ADD, "example.com.", 300, "issue", "amazon.com");
	char err[512] = "";
	char *t = render_plan("cloudflare", "api", &plan, err, sizeof err);
	CHECK(t && strstr(t, ".data.value == \"caf\\u00E9.example\"") && !strstr(t, "\\u00C3"),
	      "cloudflare: one escape per code point: %s", t ? t : err);
	free(t);
	t = render_plan("cloudflare", "terraform", &plan, err, sizeof err);
	CHECK(t && !strstr(t, "\\u00C3"), "terraform: no escape per byte: %s", t ? t : err);
	free(t);
	plan_clear(&plan);
}

/* MX records (the email check's fix): the priority and the mail server
 * where each provider asks for them apart; the API bodies are JSON. */
static void
test_mx(void)
{
	struct change_plan plan;
	memset(&plan, 0, sizeof plan);
	plan.zone = xstrdup("example.com.");
	plan_rrset(&plan, "sub.example.com.", DNS_T_MX, 300);
	add_rec(&plan, REC_ADD, "sub.example.com.", DNS_T_MX, 300, "10 mx.example.com.");
	static const struct { const char *id, *format, *want; } rows[] = {
		{ "cloudflare", "dashboard", "  Mail server: mx.example.com\n  Priority:    10\n" },
		{ "cloudflare", "api", "--data '{\"type\":\"MX\",\"name\":\"sub.example.com\",\"content\":\"mx.example.com\",\"priority\":10,\"ttl\":300}'" },
		{ "cloudflare", "terraform", "  content  = \"mx.example.com\"\n  priority = 10\n" },
		{ "godaddy", "dashboard", "  Name:     sub\n  Value:    mx.example.com\n  Priority: 10\n" },
		{ "godaddy", "api", "--data '[{\"type\":\"MX\",\"name\":\"sub\",\"data\":\"mx.example.com\",\"priority\":10,\"ttl\":600}]'" },
		{ "godaddy", "terraform", "source = \"veksh/godaddy-dns\"" },
		{ "godaddy", "terraform", "  data     = \"mx.example.com\"\n  priority = 10\n" },
		{ "route53", "api", "{\"Value\": \"10 mx.example.com.\"}" },
		{ "route53", "dashboard", "  Record type:    MX\n  Value:          10 mx.example.com.\n" },
		{ "zonefile", "zone", "sub.example.com. 300 IN MX 10 mx.example.com.\n" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char err[256] = "";
		char *got = render_plan(rows[i].id, rows[i].format, &plan, err, sizeof err);
		CHECK(got && strstr(got, rows[i].want), "MX %s %s: want [%s] in [%s] %s", rows[i].id,
		      rows[i].format, rows[i].want, got ? got : "", err);
		if (got && !strcmp(rows[i].format, "api") && strcmp(rows[i].id, "route53")) {
			char label[64];
			snprintf(label, sizeof label, "MX %s api", rows[i].id);
			CHECK(each_word(got, "--data ", check_json, label) == 1, "%s: one JSON body", label);
		}
		free(got);
	}
	char err[256] = "";
	char *r53 = render_plan("route53", "api", &plan, err, sizeof err);
	cJSON *batch = r53 ? route53_batch(r53) : NULL;
	CHECK(batch != NULL, "MX route53: the change batch is JSON");
	cJSON_Delete(batch);
	free(r53);
	plan_clear(&plan);
}

int
main(void)
{
	/* the children above must not inherit a loaded catalogue */
	test_load_errors();
	test_records();
	test_plan_grouping();
	test_rrset_final();
	test_catalogue();
	test_detect();
	test_expected();
	test_zone_texts();
	test_zone_parse();
	test_api_json();
	test_route53_batches();
	test_route53_zone_id();
	test_multi_rrset();
	test_hostile();
	test_replaced();
	test_code_points();
	test_secrets();
	test_errors();
	test_mx();
	return test_summary("test_provider");
}
