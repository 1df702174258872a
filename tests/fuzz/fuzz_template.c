/* libFuzzer harness for template rendering with hostile record data: the
 * input becomes the records of a change plan the way the checks make them
 * (a CAA property analysed from wire bytes, a CNAME target and a TXT value
 * as the DNS returned them, a zone), rendered for every provider in every
 * format; and a fixed template runs each filter over the raw bytes. A
 * render may refuse, but nothing may crash, and no output may hold a NUL
 * byte (it would cut the text a user pastes). The input may also be a
 * template: it is compiled and rendered over the same data. */
#include "config.h"

#include <string.h>

#include "checks/caa/caa_eval.h"
#include "core/strbuf.h"
#include "fix/change.h"
#include "fix/provider.h"
#include "fix/template.h"
#include "fuzz.h"
#include "net/dns_wire.h"

static const char filters_tmpl[] =
	"{{x|unzone|sh}}|{{x|unzone|json|sh}}|{{x|unzone|hcl}}|{{x|json}}|{{x|hcl}}|{{x|url}}"
	"|{{x|ident}}|{{x|nodot|lower}}|{{x|unzone|url}}|{{x|sh}}";

static void
require_no_nul(const struct strbuf *sb)
{
	FUZZ_REQUIRE(strlen(sb->buf) == sb->len);
}

/* A canonical name from the bytes, or the fallback. */
static void
name_from(const uint8_t *p, size_t n, const char *fallback, char *out, size_t outlen)
{
	char raw[300];
	size_t k = !p ? 0 : n < sizeof raw - 1 ? n : sizeof raw - 1;
	if (k)
		memcpy(raw, p, k);
	raw[k] = '\0';
	for (size_t i = 0; i < k; i++)
		if (!raw[i])
			raw[i] = '.';
	if (!dns_name_canon(raw, out, outlen))
		snprintf(out, outlen, "%s", fallback);
}

static void
render_all(const struct change_plan *plan)
{
	for (size_t i = 0; i < provider_count(); i++) {
		const struct provider *p = provider_at(i);
		const char *const *formats;
		size_t nf = provider_formats(p, &formats);
		for (size_t k = 0; k < nf; k++) {
			struct strbuf sb;
			char err[256];
			sb_init(&sb);
			if (provider_render(p, formats[k], plan, &sb, err, sizeof err) == 0)
				require_no_nul(&sb);
			sb_free(&sb);
		}
	}
}

static void
fuzz_plan(const uint8_t *data, size_t size, const struct caa_identities *ids)
{
	/* zone | owner | caa(flags taglen tag value) | cname | txt, split by 0xFF */
	const uint8_t *part[5] = { 0 };
	size_t len[5] = { 0 }, np = 0;
	for (size_t off = 0; off <= size && np < 5;) {
		const uint8_t *end = off < size ? memchr(data + off, 0xff, size - off) : NULL;
		size_t l = end ? (size_t)(end - data) - off : size - off;
		part[np] = data + off;
		len[np++] = l;
		off += l + 1;
	}
	char zone[DNS_NAME_TEXT_MAX], owner[DNS_NAME_TEXT_MAX], target[DNS_NAME_TEXT_MAX];
	name_from(part[0], len[0], "example.com.", zone, sizeof zone);
	name_from(part[1], len[1], zone, owner, sizeof owner);
	struct change_plan plan = { .zone = (data[0] & 1) ? NULL : zone };
	struct record r;
	if (np > 2 && len[2] >= 2) {
		struct caa_prop p;
		size_t tl = part[2][1] < len[2] - 2 ? part[2][1] : len[2] - 2;
		caa_prop_analyse(&p, part[2][0], part[2] + 2, tl, part[2] + 2 + tl, len[2] - 2 - tl, ids);
		struct rrset_change *set = plan_rrset(&plan, owner, DNS_T_CAA, 300);
		set->existing = realloc(set->existing, sizeof *set->existing);
		FUZZ_REQUIRE(set->existing);
		record_init_caa(&set->existing[set->n_existing++], REC_ADD, owner, 3600, p.flags, p.tag, p.value);
		record_init_caa(&r, REC_DELETE, owner, 3600, p.flags, p.tag, p.value);
		plan_add(&plan, &r);
		record_clear(&r);
		record_init_caa(&r, REC_ADD, owner, 300, 0, "issue", "amazon.com");
		plan_add(&plan, &r);
		record_clear(&r);
		caa_prop_clear(&p);
	}
	if (np > 3) {
		name_from(part[3], len[3], "_x.acm-validations.aws.", target, sizeof target);
		record_init(&r, (data[0] & 2) ? REC_DELETE : REC_ADD, owner, DNS_T_CNAME, 300, target);
		plan_add(&plan, &r);
		record_clear(&r);
	}
	if (np > 4) {
		char *txt = dns_escape_bytes(part[4], len[4]);
		struct strbuf q;
		sb_init(&q);
		sb_addf(&q, "\"%s\"", txt);
		record_init(&r, REC_DELETE, owner, DNS_T_TXT, 60, q.buf);
		plan_add(&plan, &r);
		record_clear(&r);
		sb_free(&q);
		free(txt);
	}
	render_all(&plan);
	plan.zone = NULL;
	plan_clear(&plan);
}

static void
render_with(const struct template *t, const uint8_t *data, size_t size)
{
	struct template_data *d = template_data_new(NULL);
	template_set_strn(d, "x", (const char *)data, size);
	struct template_data *it = template_add_item(d, "items");
	template_set_strn(it, "x", (const char *)data, size / 2);
	struct strbuf sb;
	char err[256];
	sb_init(&sb);
	if (template_render(t, d, NULL, &sb, err, sizeof err) == 0)
		require_no_nul(&sb);
	sb_free(&sb);
	template_data_free(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct caa_identities *ids;
	static struct template *filters;
	char err[256];
	if (!ids && !(ids = caa_identities_load(NULL)))
		abort();
	if (!filters && !(filters = template_compile(filters_tmpl, sizeof filters_tmpl - 1, 1, err, sizeof err)))
		abort();
	if (!size)
		return 0;
	fuzz_plan(data, size, ids);
	render_with(filters, data, size);
	struct template *t = template_compile((const char *)data, size, 1, err, sizeof err);
	if (t) {
		render_with(t, data, size);
		template_free(t);
	}
	return 0;
}
