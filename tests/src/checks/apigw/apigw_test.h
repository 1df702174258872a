/* What the API Gateway check's table tests share: an HTTP response made
 * from a head written as text (one line a line) and a body, read by the
 * same head reader the probe uses. */
#ifndef ACMD_TEST_APIGW_TEST_H
#define ACMD_TEST_APIGW_TEST_H

#include <string.h>

#include "core/xalloc.h"
#include "net/http_probe.h"

static inline struct http_response *
test_response(const char *head, const char *body)
{
	struct http_response *r = xcalloc(1, sizeof *r);
	for (const char *p = head; *p;) {
		size_t n = strcspn(p, "\n");
		http_head_line(&r->head, p, n);
		p += n + (p[n] == '\n');
	}
	r->have_head = r->head.status > 0;
	r->complete = true;
	r->body = xstrdup(body);
	r->body_len = strlen(body);
	return r;
}

#endif
