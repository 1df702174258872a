/* Query strings as SigV4's canonical form wants them: parameters sorted by
 * name, every byte outside A-Z a-z 0-9 - . _ ~ as upper-case %XX, always
 * "k=v". curl 7.88 signs the query exactly as written (fixed in 8.3.0), so
 * writing it canonically is what makes the signature match. The same
 * encoding serves STS's form bodies. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "aws/aws_client.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

void
aws_uri_encode(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			sb_addc(sb, (char)*p);
		} else {
			sb_addc(sb, '%');
			sb_addc(sb, hex[*p >> 4]);
			sb_addc(sb, hex[*p & 15]);
		}
	}
}

static int
cmp_pair(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	int c = strcmp(x[0], y[0]);
	return c ? c : strcmp(x[1], y[1]);
}

char *
aws_query_build(const char *const *kv, size_t n_pairs)
{
	const char **v = xcalloc(n_pairs * 2 + 1, sizeof *v);
	memcpy(v, kv, n_pairs * 2 * sizeof *v);
	qsort(v, n_pairs, 2 * sizeof *v, cmp_pair);
	struct strbuf sb;
	sb_init(&sb);
	for (size_t i = 0; i < n_pairs; i++) {
		if (i)
			sb_addc(&sb, '&');
		aws_uri_encode(&sb, v[2 * i]);
		sb_addc(&sb, '=');
		aws_uri_encode(&sb, v[2 * i + 1]);
	}
	free(v);
	return sb_steal(&sb);
}
