/* The HTTP probe on the event loop, against the lab's real servers (run by
 * tests/e2e/http-probe.test inside a lab): requests in parallel on one
 * loop, connect_to keeping the URL's Host and SNI, verification on and
 * off, the body cap (the RDAP server's 8 MiB answer), a timeout (its slow
 * answer), protocols refused, redirects followed only when asked and only
 * so often (the RDAP registry's redirect and its loop), the trust store
 * from CURL_CA_BUNDLE / SSL_CERT_FILE, failure kinds, and cancelling (a
 * request, the client, the client from inside a callback); the options
 * aws/aws_http asks for (system_ca, no_proxy, wipe, dropped). */
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
	CHECK_STR(http_failure_name(huge.res->failure), "too-big", "a failure of its own kind");
	CHECK(slow.res->curl_code == CURLE_OPERATION_TIMEDOUT && !slow.res->have_head, "a timeout: %s", slow.res->error);
	CHECK_STR(http_failure_name(slow.res->failure), "timeout", "named a timeout");
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

/* Through the lab's resolver (no connect_to): the registry redirects
 * email-redirect.test to the registrar, and email-loop.test back and forth. */
static void
test_redirects(void)
{
	struct loop *loop = loop_new();
	struct http_client *c = http_client_new(loop);
	struct got follow = { 0 }, stay = { 0 }, loop_g = { 0 };
	const char *redir = "https://rdap.email-registry.test/test/domain/email-redirect.test";
	struct http_request_opts fo = { .url = redir, .ca_file = lab_ca, .max_redirects = 5 };
	http_request_start(c, &fo, on_res, &follow);
	struct http_request_opts so = { .url = redir, .ca_file = lab_ca };
	http_request_start(c, &so, on_res, &stay);
	struct http_request_opts lo = { .url = "https://rdap.email-registry.test/test/domain/email-loop.test",
					.ca_file = lab_ca, .max_redirects = 3 };
	http_request_start(c, &lo, on_res, &loop_g);
	loop_run(loop);
	CHECK(follow.res->complete && follow.res->head.status == 200 && follow.res->redirects == 1,
	      "followed once to a 200 (%d, %ld): %s", follow.res->head.status, follow.res->redirects, follow.res->error);
	CHECK(follow.res->final_url && strstr(follow.res->final_url, "rdap.email-registrar.test/registrar/"),
	      "the final URL is the registrar's: %s", follow.res->final_url);
	CHECK(http_head_get(&follow.res->head, "content-type") != NULL, "the final response's head");
	CHECK(stay.res->complete && stay.res->head.status == 302 && stay.res->redirects == 0,
	      "not asked to follow: the 302 is the answer (%d)", stay.res->head.status);
	CHECK(!loop_g.res->complete && loop_g.res->failure == HTTP_FAIL_REDIRECTS,
	      "a redirect loop ends at max_redirects (%s): %s", http_failure_name(loop_g.res->failure), loop_g.res->error);
	http_response_free(follow.res);
	http_response_free(stay.res);
	http_response_free(loop_g.res);
	http_client_free(c);
	loop_free(loop);
}

/* No ca_file: CURL_CA_BUNDLE, then SSL_CERT_FILE, then the system's store
 * (which does not know the lab's CA). */
static void
test_ca_env(void)
{
	static const char *const vars[][2] = {
		{ NULL, NULL }, { "CURL_CA_BUNDLE", NULL }, { "SSL_CERT_FILE", NULL },
	};
	bool ok[3];
	for (int i = 0; i < 3; i++) {
		unsetenv("CURL_CA_BUNDLE");
		unsetenv("SSL_CERT_FILE");
		if (vars[i][0])
			setenv(vars[i][0], lab_ca, 1);
		struct loop *loop = loop_new();
		struct http_client *c = http_client_new(loop);
		struct got g = { 0 };
		struct http_request_opts o = { .url = "https://api.apigw-ok.test/", .connect_to = "127.0.0.70" };
		http_request_start(c, &o, on_res, &g);
		loop_run(loop);
		ok[i] = g.res->complete;
		if (!vars[i][0])
			CHECK(g.res->failure == HTTP_FAIL_TLS, "the system store: a TLS failure (%s)",
			      http_failure_name(g.res->failure));
		http_response_free(g.res);
		http_client_free(c);
		loop_free(loop);
	}
	unsetenv("CURL_CA_BUNDLE");
	unsetenv("SSL_CERT_FILE");
	CHECK(!ok[0] && ok[1] && ok[2], "CURL_CA_BUNDLE and SSL_CERT_FILE honoured (%d %d %d)", ok[0], ok[1], ok[2]);
}

/* The options the AWS layer asks for: the system's store only, no proxy
 * whatever the environment says, a body that holds secrets kept whole as
 * it grows (copy and wipe), and dropped instead of the callback. */
static int drops;

static void
on_drop(void *ctx)
{
	(void)ctx;
	drops++;
}

static void
test_client_options(void)
{
	struct loop *loop = loop_new();
	struct http_client *c = http_client_new(loop);
	setenv("SSL_CERT_FILE", lab_ca, 1);
	setenv("https_proxy", "http://127.0.0.1:9", 1);
	unsetenv("no_proxy");
	unsetenv("NO_PROXY");
	struct got sys = { 0 }, proxied = { 0 }, direct = { 0 }, plain = { 0 }, wiped = { 0 };
	struct http_request_opts o = { .url = "https://api.apigw-ok.test/", .connect_to = "127.0.0.70",
				       .system_ca = true, .no_proxy = true };
	http_request_start(c, &o, on_res, &sys);
	o = (struct http_request_opts){ .url = "https://api.apigw-ok.test/", .connect_to = "127.0.0.70",
					.ca_file = lab_ca };
	http_request_start(c, &o, on_res, &proxied);
	o.no_proxy = true;
	http_request_start(c, &o, on_res, &direct);
	struct http_request_opts ho = { .url = "https://rdap.email-registry.test/test/domain/email-huge.test",
					.connect_to = rdap_addr, .ca_file = lab_ca, .max_body = 16u << 20,
					.no_proxy = true, .timeout_ms = 60000 };
	http_request_start(c, &ho, on_res, &plain);
	ho.wipe = true;
	http_request_start(c, &ho, on_res, &wiped);
	loop_run(loop);
	unsetenv("SSL_CERT_FILE");
	unsetenv("https_proxy");
	CHECK(sys.res->failure == HTTP_FAIL_TLS, "system_ca: SSL_CERT_FILE not read (%s)",
	      http_failure_name(sys.res->failure));
	CHECK(!proxied.res->complete && proxied.res->failure == HTTP_FAIL_CONNECT,
	      "https_proxy honoured by default (%s): %s", http_failure_name(proxied.res->failure), proxied.res->error);
	CHECK(direct.res->complete && direct.res->head.status == 200, "no_proxy: straight there: %s", direct.res->error);
	CHECK(plain.res->complete && plain.res->body_len > 1000000, "8 MiB whole under a 16 MiB cap (%zu)",
	      plain.res->body_len);
	CHECK(wiped.res->complete && wiped.res->body_len == plain.res->body_len &&
	      !memcmp(wiped.res->body, plain.res->body, plain.res->body_len),
	      "wipe: the body grown by copy and wipe is the same body (%zu)", wiped.res->body_len);

	struct http_request_opts so = { .url = "https://rdap.email-registry.test/test/domain/email-slow.test",
					.connect_to = rdap_addr, .ca_file = lab_ca, .dropped = on_drop, .wipe = true };
	struct got a = { 0 }, b = { 0 }, d = { 0 };
	struct http_request *r = http_request_start(c, &so, on_res, &a);
	http_request_start(c, &so, on_res, &b);
	o.dropped = on_drop;
	http_request_start(c, &o, on_res, &d);
	while (!d.calls)
		loop_run_once(loop, 100);
	CHECK(drops == 0, "delivered: no dropped");
	http_request_cancel(r);
	CHECK(drops == 1, "cancelled: dropped once (%d)", drops);
	http_client_free(c);
	CHECK(drops == 2 && a.calls == 0 && b.calls == 0, "client freed: dropped for the pending one (%d)", drops);
	loop_run(loop);
	http_response_free(sys.res);
	http_response_free(proxied.res);
	http_response_free(direct.res);
	http_response_free(plain.res);
	http_response_free(wiped.res);
	http_response_free(d.res);
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
	test_redirects();
	test_ca_env();
	test_client_options();
	return test_summary("test_http_probe");
}
