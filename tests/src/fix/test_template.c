/* The template engine: every construct, every filter, escaping of hostile
 * values, and errors (with their line numbers) instead of crashes. */
#include "config.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "fix/template.h"
#include "testutil.h"
#include "core/xalloc.h"

/* Quotes, backslashes, $, backticks, shell and HCL interpolation, newline,
 * tab and a control character. */
#define HOSTILE "it's \"q\" \\ $HOME `id` ${x} %{y}\nline2\ttab\001"

static struct template_data *
make_data(void)
{
	struct template_data *d = template_data_new(NULL);
	template_set_str(d, "s", "hello");
	template_set_str(d, "empty", "");
	template_set_bool(d, "t", true);
	template_set_bool(d, "f", false);
	template_set_uint(d, "n", 42);
	template_set_str(d, "hostile", HOSTILE);
	template_set_str(d, "name", "_Abc-1.Example.COM.");
	template_set_str(d, "escdot", "a\\.");
	template_set_str(d, "digit", "9lives");
	template_set_str(d, "tag", "issuewild");
	template_set_str(d, "TAG", "ISSUE");
	template_set_str(d, "other", "contactemail");
	template_set_str(d, "utf8", "\xc3\xa9");
	/* Zone-file escaped, as CAA values are kept: U+00E9, U+1F600, a lone
	 * byte that is not UTF-8, and a NUL. */
	template_set_str(d, "zutf8", "caf\\195\\169 \\240\\159\\152\\128 \\255");
	template_set_str(d, "znul", "amazon.com\\000x");
	template_set_str(d, "zoned", "it's\\\"q\\\\ \\010\\174\\999\\x\\");

	static const char *const names[] = { "a", "b", "c" };
	for (size_t i = 0; i < 3; i++) {
		struct template_data *it = template_add_item(d, "items");
		template_set_str(it, "name", names[i]);
		template_set_uint(it, "v", i + 1);
	}
	template_set_list(d, "none");

	struct template_data *x = template_add_item(d, "nested");
	template_set_str(x, "name", "x");
	template_set_str(template_add_item(x, "kids"), "k", "1");
	template_set_str(template_add_item(x, "kids"), "k", "2");
	struct template_data *y = template_add_item(d, "nested");
	template_set_str(y, "name", "y");
	template_set_list(y, "kids");

	/* replacing a value keeps one field */
	template_set_str(d, "replaced", "old");
	template_set_str(d, "replaced", "new");
	return d;
}

static struct template_maps *
make_maps(void)
{
	struct template_maps *m = template_maps_new();
	template_maps_put(m, "cf_tag", "issue", "Only allow specific hostnames");
	template_maps_put(m, "cf_tag", "issuewild", "Only allow wildcards");
	template_maps_put(m, "ttl", "300", "5 min");
	template_maps_put(m, "ttl", "*", "Auto");
	return m;
}

struct render_case {
	const char *tmpl;
	const char *want;        /* expected output, or NULL when err is set */
	const char *err;         /* expected error text (substring) */
};

static const struct render_case cases[] = {
	/* text and variables */
	{ "", "", NULL },
	{ "plain text\n", "plain text\n", NULL },
	{ "{{s}}", "hello", NULL },
	{ "<{{ s }}>", "<hello>", NULL },
	{ "{{n}} {{t}} {{f}}", "42 true false", NULL },
	{ "[{{empty}}]", "[]", NULL },
	{ "{{replaced}}", "new", NULL },
	{ "{\"a\":{{n}}}", "{\"a\":42}", NULL },
	{ "{{{s}}}", "{hello}", NULL },
	{ "a}}b", "a}}b", NULL },
	{ "x{y{{s}}", "x{yhello", NULL },
	/* filters */
	{ "{{hostile|json}}",
	  "it's \\\"q\\\" \\\\ $HOME `id` ${x} %{y}\\nline2\\ttab\\u0001", NULL },
	{ "{{hostile|sh}}",
	  "it'\\''s \"q\" \\ $HOME `id` ${x} %{y}\nline2\ttab\001", NULL },
	{ "{{hostile|hcl}}",
	  "it's \\\"q\\\" \\\\ $HOME `id` $${x} %%{y}\\nline2\\ttab\\u0001", NULL },
	{ "{{hostile|json|sh}}",
	  "it'\\''s \\\"q\\\" \\\\ $HOME `id` ${x} %{y}\\nline2\\ttab\\u0001", NULL },
	/* Per code point, not per UTF-8 byte: a delete loop must match the
	 * value the provider holds. */
	{ "{{utf8|json}}", "\\u00E9", NULL },
	{ "{{utf8|hcl}}", "\\u00E9", NULL },
	{ "{{zutf8|unzone|json}}", "caf\\u00E9 \\uD83D\\uDE00 \\u00FF", NULL },
	{ "{{zutf8|unzone|hcl}}", "caf\\u00E9 \\U0001F600 \\u00FF", NULL },
	{ "{{zutf8|unzone|json|sh}}", "caf\\u00E9 \\uD83D\\uDE00 \\u00FF", NULL },
	/* A NUL byte can only go out escaped: raw it would cut the text. */
	{ "{{znul|unzone|json}}", "amazon.com\\u0000x", NULL },
	{ "a{{znul|unzone|sh}}b", NULL, "line 1: the value of \"znul\" holds a NUL byte" },
	{ "{{znul|unzone}}", NULL, "NUL byte" },
	{ "{{hostile|url}}",
	  "it%27s%20%22q%22%20%5C%20%24HOME%20%60id%60%20%24%7Bx%7D%20%25%7By%7D%0Aline2%09tab%01",
	  NULL },
	{ "{{name|url}}", "_Abc-1.Example.COM.", NULL },
	{ "{{name|ident}}", "_abc-1_example_com_", NULL },
	{ "{{digit|ident}}", "_9lives", NULL },
	{ "{{empty|ident}}", "_", NULL },
	{ "{{name|nodot}}", "_Abc-1.Example.COM", NULL },
	{ "{{escdot|nodot}}", "a\\.", NULL },
	{ "{{s|nodot}}", "hello", NULL },
	{ "{{name|lower}}", "_abc-1.example.com.", NULL },
	{ "{{zoned}}", "it's\\\"q\\\\ \\010\\174\\999\\x\\", NULL },
	{ "{{zoned|unzone|json}}", "it's\\\"q\\\\ \\n\\u00AE999x\\\\", NULL },
	{ "{{name|nodot|lower|ident}}", "_abc-1_example_com", NULL },
	{ "{{tag|map:cf_tag}}", "Only allow wildcards", NULL },
	{ "{{TAG|map:cf_tag}}", "Only allow specific hostnames", NULL },
	{ "{{n|map:ttl}}", "Auto", NULL },
	{ "{{ tag | map:cf_tag | json }}", "Only allow wildcards", NULL },
	/* sections */
	{ "{{#t}}yes{{/t}}{{#f}}no{{/f}}", "yes", NULL },
	{ "{{^t}}yes{{/t}}{{^f}}no{{/f}}", "no", NULL },
	{ "{{#s}}[{{s}}]{{/s}}{{#empty}}E{{/empty}}{{^empty}}e{{/empty}}", "[hello]e", NULL },
	{ "{{#items}}{{name}}={{v}}{{^last}},{{/last}}{{/items}}", "a=1,b=2,c=3", NULL },
	{ "{{#items}}{{#first}}<{{/first}}{{index}}{{#last}}>{{/last}}{{/items}}", "<123>", NULL },
	{ "{{#none}}x{{/none}}{{^none}}nothing{{/none}}", "nothing", NULL },
	{ "{{^items}}x{{/items}}", "", NULL },
	{ "{{#items}}{{s}}{{/items}}", "hellohellohello", NULL },
	{ "{{#nested}}{{name}}:{{#kids}}{{name}}{{k}}{{^last}}+{{/last}}{{/kids}}"
	  "{{^kids}}-{{/kids}};{{/nested}}", "x:x1+x2;y:-;", NULL },
	{ "{{#nested}}{{#kids}}{{index}}{{/kids}}/{{index}} {{/nested}}", "12/1 /2 ", NULL },
	{ "a{{! a comment }}b", "ab", NULL },
	/* lines holding only a block tag disappear */
	{ "{{#items}}\n- {{name}}\n{{/items}}\nend\n", "- a\n- b\n- c\nend\n", NULL },
	{ "  {{#t}}  \n\tin\n  {{/t}}\nout", "\tin\nout", NULL },
	{ "{{! only a comment }}\nnext\n", "next\n", NULL },
	{ "{{#f}}\nhidden\n{{/f}}\n{{^f}}\nshown\n{{/f}}\n", "shown\n", NULL },
	{ "x {{#t}}\ny\n{{/t}} z\n", "x \ny\n z\n", NULL },
	{ "{{s}}\n{{#t}}\nA\n{{/t}}", "hello\nA\n", NULL },
	{ "{{#t}}\r\nA\r\n{{/t}}\r\n", "A\r\n", NULL },
	/* errors */
	{ "{{nope}}", NULL, "line 1: unknown variable \"nope\"" },
	{ "a\nb\n{{s}} {{nope}}\n", NULL, "line 3: unknown variable \"nope\"" },
	{ "{{#nope}}x{{/nope}}", NULL, "line 1: unknown variable \"nope\"" },
	{ "{{first}}", NULL, "line 1: unknown variable \"first\"" },
	{ "\n{{#t}}\nx\n", NULL, "line 2: {{#t}} is never closed" },
	{ "x\n{{/t}}", NULL, "line 2: {{/t}} without an open section" },
	{ "{{#t}}\n{{^f}}\n{{/t}}\n{{/f}}", NULL, "line 3: {{/t}} closes {{^f}} opened on line 2" },
	{ "ok\n{{s", NULL, "line 2: unterminated {{" },
	{ "{{s|nope}}", NULL, "line 1: unknown filter \"nope\"" },
	{ "{{s|map}}", NULL, "line 1: bad argument to filter \"map\"" },
	{ "{{s|json:x}}", NULL, "line 1: bad argument to filter \"json\"" },
	{ "{{s|map:no map}}", NULL, "line 1: bad argument to filter \"map\"" },
	{ "{{other|map:cf_tag}}", NULL, "line 1: map \"cf_tag\" has no entry for \"contactemail\"" },
	{ "{{s|map:nomap}}", NULL, "line 1: no map called \"nomap\"" },
	{ "{{items}}", NULL, "line 1: \"items\" is a list" },
	{ "{{a b}}", NULL, "line 1: bad variable name" },
	{ "{{}}", NULL, "line 1: bad variable name" },
	{ "{{#}}{{/}}", NULL, "line 1: bad section name" },
	{ "{{#a-b}}{{/a-b}}", NULL, "line 1: bad section name" },
};

static void
test_cases(void)
{
	struct template_data *d = make_data();
	struct template_maps *m = make_maps();

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct render_case *c = &cases[i];
		char err[256] = "";
		struct strbuf out;
		sb_init(&out);
		struct template *t = template_compile(c->tmpl, strlen(c->tmpl), 1, err, sizeof err);
		int rc = t ? template_render(t, d, m, &out, err, sizeof err) : -1;
		if (c->err) {
			CHECK(rc < 0 && strstr(err, c->err), "case %zu [%s]: want error [%s], got [%s]",
			      i, c->tmpl, c->err, rc < 0 ? err : out.buf);
		} else {
			CHECK(rc == 0, "case %zu [%s]: %s", i, c->tmpl, err);
			CHECK_STR(out.buf, c->want, "case %zu [%s]", i, c->tmpl);
		}
		template_free(t);
		sb_free(&out);
	}
	template_maps_free(m);
	template_data_free(d);
}

static char *
render_str(const char *tmpl, const struct template_data *d, int first_line,
	   char *err, size_t errlen)
{
	struct template *t = template_compile(tmpl, strlen(tmpl), first_line, err, errlen);
	if (!t)
		return NULL;
	struct strbuf out;
	sb_init(&out);
	int rc = template_render(t, d, NULL, &out, err, errlen);
	template_free(t);
	if (rc < 0) {
		sb_free(&out);
		return NULL;
	}
	char *s = sb_steal(&out);
	sb_free(&out);
	return s;
}

/* Line numbers count from the template's place in its file. */
static void
test_first_line(void)
{
	struct template_data *d = make_data();
	char err[256] = "";
	char *s = render_str("a\n\n{{nope}}", d, 40, err, sizeof err);
	CHECK(!s && strstr(err, "line 42:"), "got [%s]", err);
	free(s);
	s = render_str("a\n{{#t}}\n", d, 10, err, sizeof err);
	CHECK(!s && strstr(err, "line 11:"), "got [%s]", err);
	free(s);
	template_data_free(d);
}

/* A name not in an object is looked up in its parent. */
static void
test_parent(void)
{
	struct template_data *outer = make_data();
	struct template_data *inner = template_data_new(outer);
	template_set_str(inner, "s", "inner");
	template_set_str(inner, "own", "mine");
	char err[256] = "";
	char *s = render_str("{{s}} {{own}} {{n}} {{#items}}{{s}}{{/items}}", inner, 1, err, sizeof err);
	CHECK_STR(s, "inner mine 42 innerinnerinner", "%s", err);
	free(s);
	template_data_free(inner);
	template_data_free(outer);
}

static void
test_nesting_limit(void)
{
	struct template_data *d = make_data();
	struct strbuf tmpl;
	sb_init(&tmpl);
	for (int depth = TEMPLATE_MAX_DEPTH; depth <= TEMPLATE_MAX_DEPTH + 1; depth++) {
		sb_reset(&tmpl);
		for (int i = 0; i < depth; i++)
			sb_add(&tmpl, "{{#t}}");
		sb_add(&tmpl, "deep");
		for (int i = 0; i < depth; i++)
			sb_add(&tmpl, "{{/t}}");
		char err[256] = "";
		char *s = render_str(tmpl.buf, d, 1, err, sizeof err);
		if (depth <= TEMPLATE_MAX_DEPTH)
			CHECK_STR(s, "deep", "depth %d: %s", depth, err);
		else
			CHECK(!s && strstr(err, "nested too deeply"), "depth %d: [%s]", depth, err);
		free(s);
	}
	sb_free(&tmpl);
	template_data_free(d);
}

/* Output is bounded: by the engine's own cap and by the caller's buffer. */
static void
test_bounded(void)
{
	struct template_data *d = template_data_new(NULL);
	char *big = xmalloc(64 * 1024 + 1);
	memset(big, 'x', 64 * 1024);
	big[64 * 1024] = '\0';
	template_set_str(d, "big", big);
	for (int i = 0; i < 40; i++)
		template_add_item(d, "many");
	free(big);

	char err[256] = "";
	char *s = render_str("{{#many}}{{big}}{{/many}}", d, 1, err, sizeof err);
	CHECK(!s && strstr(err, "output longer than"), "got [%s]", err);
	free(s);

	struct template *t = template_compile("{{big}}", 7, 1, err, sizeof err);
	struct strbuf small;
	sb_init_limit(&small, 100);
	CHECK(t && template_render(t, d, NULL, &small, err, sizeof err) < 0 &&
	      strstr(err, "output longer than") && small.len <= 100, "got [%s]", err);
	sb_free(&small);
	template_free(t);
	template_data_free(d);
}

/* Nothing from a template can crash the compiler: every prefix of a valid
 * template compiles or fails cleanly, and so do runs of braces. */
static void
test_prefixes(void)
{
	static const char tmpl[] =
		"{{#items}}\n{{name|json|sh}}{{^last}},{{/last}}\n{{/items}}{{! c }}{{{s}}}";
	struct template_data *d = make_data();
	int compiled = 0;
	for (size_t n = 0; n <= sizeof tmpl - 1; n++) {
		char err[256] = "";
		struct template *t = template_compile(tmpl, n, 1, err, sizeof err);
		if (t) {
			struct strbuf out;
			sb_init(&out);
			(void)template_render(t, d, NULL, &out, err, sizeof err);
			sb_free(&out);
			compiled++;
		} else {
			CHECK(strncmp(err, "line ", 5) == 0, "prefix %zu: [%s]", n, err);
		}
		template_free(t);
	}
	CHECK(compiled > 3, "%d prefixes compiled", compiled);
	static const char *const odd[] = { "{", "{{", "}}", "{{{", "{{{{}}}}", "{{#", "{{/}}",
		"{{!", "{{^}}", "{{|}}", "{{s|}}", "{{s||json}}", "\0{{s}}" };
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
		char err[256] = "";
		size_t len = odd[i][0] ? strlen(odd[i]) : 6;
		struct template *t = template_compile(odd[i], len, 1, err, sizeof err);
		CHECK(t || err[0], "odd %zu: no template and no error", i);
		template_free(t);
	}
	template_data_free(d);
}

/* JSON escaping gives back the value through a real JSON parser. */
static void
test_json_roundtrip(void)
{
	struct template_data *d = make_data();
	char err[256] = "";
	char *s = render_str("{\"v\":\"{{hostile|json}}\"}", d, 1, err, sizeof err);
	cJSON *j = s ? cJSON_Parse(s) : NULL;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "v");
	CHECK(cJSON_IsString(v) && !strcmp(v->valuestring, HOSTILE), "json [%s]", s ? s : err);
	cJSON_Delete(j);
	free(s);
	template_data_free(d);
}

/* Shell quoting gives back the value through a real shell. */
static void
test_sh_roundtrip(void)
{
	struct template_data *d = make_data();
	char err[256] = "";
	char *cmd = render_str("printf '%s' '{{hostile|sh}}'", d, 1, err, sizeof err);
	CHECK(cmd != NULL, "%s", err);
	FILE *f = cmd ? popen(cmd, "r") : NULL;
	char got[256] = "";
	size_t n = f ? fread(got, 1, sizeof got - 1, f) : 0;
	got[n] = '\0';
	if (f)
		CHECK(pclose(f) == 0, "shell failed");
	CHECK_STR(got, HOSTILE, "sh round trip of [%s]", cmd ? cmd : "");
	free(cmd);
	template_data_free(d);
}

static void
test_maps(void)
{
	struct template_maps *m = make_maps();
	CHECK(template_maps_has(m, "cf_tag"), "cf_tag");
	CHECK(!template_maps_has(m, "nope"), "nope");
	template_maps_put(m, "cf_tag", "ISSUE", "replaced");
	struct template_data *d = make_data();
	struct template *t = template_compile("{{TAG|map:cf_tag}}", 18, 1, NULL, 0);
	struct strbuf out;
	sb_init(&out);
	CHECK(t && template_render(t, d, m, &out, NULL, 0) == 0, "render");
	CHECK_STR(out.buf, "replaced", "a key put again replaces its value");
	sb_free(&out);
	template_free(t);
	template_data_free(d);
	template_maps_free(m);
}

int
main(void)
{
	test_cases();
	test_first_line();
	test_parent();
	test_nesting_limit();
	test_bounded();
	test_prefixes();
	test_json_roundtrip();
	test_sh_roundtrip();
	test_maps();
	return test_summary("test_template");
}
