/* The NDJSON line printer (src/report/json_line.c) against cJSON's own
 * cJSON_PrintUnformatted, which it replaces for speed and must match byte
 * for byte: every value type, every byte value in strings and keys,
 * numbers cJSON prints in its several ways, a line longer than the
 * buffer, thousands of random trees, and every JSON document of the
 * fuzz corpus that cJSON parses. */
#include "config.h"

#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "report/report_int.h"
#include "testutil.h"

static struct strbuf line;

/* Both printers on one tree; true when they agree. */
static bool
same(const cJSON *root, const char *what)
{
	char *want = cJSON_PrintUnformatted(root);
	const char *got = report_json_line(&line, root);
	bool ok = want && !strcmp(want, got) && strlen(got) == line.len;
	CHECK(ok, "%s: cJSON printed [%.200s], we printed [%.200s]", what, want ? want : "(failed)", got);
	cJSON_free(want);
	return ok;
}

static void
test_types(void)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNullToObject(o, "null");
	cJSON_AddTrueToObject(o, "t");
	cJSON_AddFalseToObject(o, "f");
	cJSON_AddRawToObject(o, "raw", "12345");
	cJSON_AddStringToObject(o, "empty", "");
	cJSON_AddObjectToObject(o, "eo");
	cJSON_AddArrayToObject(o, "ea");
	cJSON *a = cJSON_AddArrayToObject(o, "nested");
	cJSON_AddItemToArray(a, cJSON_CreateObject());
	cJSON_AddItemToArray(a, cJSON_CreateArray());
	cJSON_AddItemToArray(a, cJSON_CreateString("x"));
	cJSON *deep = cJSON_CreateArray();
	cJSON_AddItemToArray(a, deep);
	for (int i = 0; i < 40; i++) {
		cJSON *in = cJSON_CreateArray();
		cJSON_AddItemToArray(deep, in);
		deep = in;
	}
	same(o, "every type");
	cJSON_Delete(o);
}

static void
test_bytes(void)
{
	/* Each byte 1..255 alone, in a value and in a key; then all in one. */
	char all[256];
	for (int b = 1; b < 256; b++) {
		char s[4] = { 'a', (char)b, 'z', 0 };
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, s, s);
		char what[32];
		snprintf(what, sizeof what, "byte 0x%02x", b);
		same(o, what);
		cJSON_Delete(o);
		all[b - 1] = (char)b;
	}
	all[255] = 0;
	cJSON *s = cJSON_CreateString(all);
	same(s, "bytes 1-255 in one string");
	cJSON_Delete(s);
	/* Valid and invalid UTF-8 go through as they are. */
	cJSON *u = cJSON_CreateString("Gültig \xe2\x80\x94 \xff\xfe \xc3");
	same(u, "UTF-8 and stray bytes");
	cJSON_Delete(u);
}

static void
test_numbers(void)
{
	const double v[] = { 0, -0.0, 1, -1, 42, 1.5, -2.25, 0.1, 1.0 / 3, 1e300, -1e-300, 2147483647.0,
			     2147483648.0, -2147483649.0, 1099511627776.0, 123456789012345678.0, NAN, INFINITY,
			     -INFINITY, 5e-324, 1.7976931348623157e308 };
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		cJSON *a = cJSON_CreateArray();
		cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i]));
		cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i]));
		char what[64];
		snprintf(what, sizeof what, "number %g", v[i]);
		same(a, what);
		cJSON_Delete(a);
	}
}

static void
test_long(void)
{
	/* Far past the first buffer, and escapes across its growth. */
	size_t n = 300000;
	char *s = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		s[i] = i % 97 == 0 ? '"' : i % 89 == 0 ? '\n' : (char)('a' + i % 26);
	s[n] = 0;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "long", s);
	same(o, "a 300 kB string");
	CHECK(line.len > n, "the line holds it all (%zu bytes)", line.len);
	cJSON_Delete(o);
	free(s);
}

static uint32_t seed = 12345;

static uint32_t
rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

static char *
rnd_string(char *buf, size_t cap)
{
	size_t n = rnd() % (cap - 1);
	for (size_t i = 0; i < n; i++) {
		uint32_t k = rnd() % 10;
		buf[i] = k < 6 ? (char)('a' + rnd() % 26) : k < 8 ? "\"\\\n\t\r\b\f/"[rnd() % 8]
						      : (char)(1 + rnd() % 255);
	}
	buf[n] = 0;
	return buf;
}

static cJSON *
rnd_tree(int depth)
{
	char s[24], k[24];
	switch (depth > 4 ? rnd() % 6 : rnd() % 8) {
	case 0: return cJSON_CreateNull();
	case 1: return cJSON_CreateBool(rnd() % 2);
	case 2: return cJSON_CreateNumber((double)(int32_t)rnd() / (rnd() % 3 ? 1 : 7));
	case 3: return cJSON_CreateRaw("-17");
	case 4:
	case 5: return cJSON_CreateString(rnd_string(s, sizeof s));
	case 6: {
		cJSON *a = cJSON_CreateArray();
		for (uint32_t i = rnd() % 5; i > 0; i--)
			cJSON_AddItemToArray(a, rnd_tree(depth + 1));
		return a;
	}
	default: {
		cJSON *o = cJSON_CreateObject();
		for (uint32_t i = rnd() % 5; i > 0; i--)
			cJSON_AddItemToObject(o, rnd_string(k, sizeof k), rnd_tree(depth + 1));
		return o;
	}
	}
}

static void
test_random(void)
{
	int bad = 0;
	for (int i = 0; i < 3000 && bad < 5; i++) {
		cJSON *t = rnd_tree(0);
		char what[32];
		snprintf(what, sizeof what, "random tree %d", i);
		bad += !same(t, what);
		cJSON_Delete(t);
	}
}

static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = malloc(1 << 20);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = 0;
	fclose(f);
	return buf;
}

/* Documents from outside, as cJSON reads them: each printed both ways. */
static void
test_corpus(void)
{
	const char *src = getenv("srcdir");
	const char *dirs[] = { "rdap", "apigw_domain", "aws" };
	int parsed = 0;
	for (size_t d = 0; d < sizeof dirs / sizeof *dirs; d++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/tests/fuzz/corpus/%s", src ? src : ".", dirs[d]);
		DIR *dir = opendir(path);
		CHECK(dir != NULL, "corpus %s can be read", path);
		if (!dir)
			continue;
		struct dirent *e;
		while ((e = readdir(dir))) {
			if (e->d_name[0] == '.')
				continue;
			char file[8192];
			snprintf(file, sizeof file, "%s/%s", path, e->d_name);
			size_t len;
			char *text = read_all(file, &len);
			cJSON *root = text ? cJSON_ParseWithLength(text, len) : NULL;
			if (root) {
				parsed++;
				same(root, file);
				cJSON_Delete(root);
			}
			free(text);
		}
		closedir(dir);
	}
	CHECK(parsed >= 100, "%d corpus documents parsed and printed (at least 100)", parsed);
}

int
main(void)
{
	sb_init(&line);
	test_types();
	test_bytes();
	test_numbers();
	test_long();
	test_random();
	test_corpus();
	sb_free(&line);
	return test_summary("test_json_line");
}
