/* The HTTP probe on the event loop, against the lab's real servers (run by
 * tests/e2e/http-probe.test inside a lab): requests in parallel on one
 * loop, connect_to keeping the URL's Host and SNI, verification on and
 * off, the body cap (the RDAP server's 8 MiB answer), a timeout (its slow
 * answer), protocols refused, and cancelling (a request, the client, the
 * client from inside a callback). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "core/loop.h"
#include "net/http_probe.h"
#include "testutil.h"

struct got {
	int calls;
	struct http_response *res;
	struct http_client *free_me;   /* freed from inside the callback */
};

static void
on_res(void *ctx, const struct http_response *res)
{
	struct got *g = ctx;
	g->calls++;
	http_response_free(g->res);
	g->res = http_response_dup(res);
	if (g->free_me) {
		http_client_free(g->free_me);
		g->free_me = NULL;
	}
}

static const char *lab_ca, *rdap_addr;

static struct http_request *
get(struct http_client *c, const char *url, const char *addr, bool insecure, struct got *g)
{
	struct http_request_opts o = { .url = url, .connect_to = addr, .ca_file = lab_ca,
				       .insecure = insecure, .timeout_ms = 20000 };
	return http_request_start(c, &o, on_res, g);
}

static void
test_parallel(void)
{
	struct loop *loop = loop_new();
	struct http_client *c = http_client_new(loop);
	struct got a = { 0 }, b = { 0 }, s = { 0 }, v = { 0 };
	get(c, "https://api.apigw-ok.test/", "127.0.0.70", false, &a);
	get(c, "https://api.apigw-ok.test/pets", "127.0.0.71", false, &b);
	get(c, "https://api.apigw-stage.test/", "127.0.0.72", false, &v);
	get(c, "https://api.apigw-stage.test/", "127.0.0.72", true, &s);
	int64_t t0 = loop_now_ms();
	loop_run(loop);
	CHECK(a.calls == 1 && b.calls == 1 && s.calls == 1 && v.calls == 1, "one callback each");
	CHECK(a.res->complete && a.res->have_head && a.res->head.status == 200, "200 at .70: %s", a.res->error);
	CHECK_STR(a.res->primary_ip, "127.0.0.70", "connected where told");
	CHECK(http_head_get(&a.res->head, "x-amzn-requestid") != NULL, "API Gateway's header kept");
	CHECK(a.res->body && strstr(a.res->body, "hello from the lab API"), "the body");
	CHECK_STR(b.res->primary_ip, "127.0.0.71", "the other address");
	CHECK(!v.res->complete && v.res->curl_code == CURLE_PEER_FAILED_VERIFICATION && !v.res->have_head,
	      "verifying: the wildcard does not cover the name (curl %d: %s)", v.res->curl_code, v.res->error);
	CHECK(v.res->error && strstr(v.res->error, "curl 60"), "curl's words: %s", v.res->error);
	CHECK(s.res->have_head && s.res->head.status == 403, "insecure: the answer behind it (%d)", s.res->head.status);
	CHECK(loop_now_ms() - t0 < 20000, "together, not one after the other");
	http_response_free(a.res);
	http_response_free(b.res);
	http_response_free(s.res);
	http_response_free(v.res);
	http_client_free(c);
	CHECK(!loop_busy(loop), "the loop is not held any more");
	loop_free(loop);
}

static void
test_hostile(void)
{
	struct loop *loop = loop_new();
	struct http_client *c = http_client_new(loop);
	struct got huge = { 0 }, slow = { 0 }, plain = { 0 }, bad = { 0 };
	struct http_request_opts o = { .url = "https://rdap.email-registry.test/test/domain/email-huge.test",
				       .connect_to = rdap_addr, .ca_file = lab_ca, .max_body = 4096 };
	http_request_start(c, &o, on_res, &huge);
	struct http_request_opts so = { .url = "https://rdap.email-registry.test/test/domain/email-slow.test",
					.connect_to = rdap_addr, .ca_file = lab_ca, .timeout_ms = 800 };
	http_request_start(c, &so, on_res, &slow);
	struct http_request_opts po = { .url = "http://127.0.0.70/" };
	http_request_start(c, &po, on_res, &plain);
	struct http_request_opts bo = { .url = "https://bad host/" };
	http_request_start(c, &bo, on_res, &bad);
	int64_t t0 = loop_now_ms();
	loop_run(loop);
	CHECK(huge.res->have_head && huge.res->head.status == 200, "8 MiB: the head came");
	CHECK(huge.res->body_len == 4096 && huge.res->body_truncated && !huge.res->complete,
	      "the body stops at the cap (%zu bytes)", huge.res->body_len);
	CHECK(huge.res->error && strstr(huge.res->error, "4096"), "and says so: %s", huge.res->error);
	CHECK(slow.res->curl_code == CURLE_OPERATION_TIMEDOUT && !slow.res->have_head, "a timeout: %s", slow.res->error);
	CHECK(slow.res->elapsed_ms < 8000, "not held up past the timeout (%lld ms)", (long long)slow.res->elapsed_ms);
	CHECK(!plain.res->complete && plain.res->curl_code == CURLE_UNSUPPORTED_PROTOCOL,
	      "http:// refused unless allowed (curl %d)", plain.res->curl_code);
	CHECK(!bad.res->complete && bad.res->error, "a URL curl refuses: %s", bad.res->error);
	CHECK(loop_now_ms() - t0 < 15000, "bounded in time");
	http_response_free(huge.res);
	http_response_free(slow.res);
	http_response_free(plain.res);
	http_response_free(bad.res);
	http_client_free(c);
	loop_free(loop);
}

static void
test_cancel(void)
{
	struct loop *loop = loop_new();
	struct http_client *c = http_client_new(loop);
	struct got g = { 0 }, h = { 0 };
	struct http_request_opts so = { .url = "https://rdap.email-registry.test/test/domain/email-slow.test",
					.connect_to = rdap_addr, .ca_file = lab_ca };
	struct http_request *r = http_request_start(c, &so, on_res, &g);
	http_request_start(c, &so, on_res, &h);
	loop_run_once(loop, 50);
	http_request_cancel(r);
	loop_run_once(loop, 50);
	http_client_free(c);
	loop_run(loop);
	CHECK(g.calls == 0 && h.calls == 0, "cancelled: no callback");
	CHECK(!loop_busy(loop), "nothing holds the loop");

	/* A callback that frees its own client, with another request still
	 * out: the other one never calls back, nothing is touched after. */
	c = http_client_new(loop);
	struct got first = { 0 }, second = { 0 };
	first.free_me = c;
	get(c, "https://api.apigw-ok.test/", "127.0.0.70", false, &first);
	http_request_start(c, &so, on_res, &second);
	loop_run(loop);
	CHECK(first.calls == 1 && second.calls == 0, "freed from inside a callback");
	http_response_free(first.res);
	loop_free(loop);
}

int
main(void)
{
	lab_ca = getenv("LAB_CA");
	rdap_addr = getenv("LAB_RDAP_ADDR");
	if (!lab_ca || !rdap_addr) {
		printf("test_http_probe: not inside a lab\n");
		return 77;
	}
	test_parallel();
	test_hostile();
	test_cancel();
	return test_summary("test_http_probe");
}
