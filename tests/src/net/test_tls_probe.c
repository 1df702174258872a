/* The TLS probe against real servers: the openssl s_server instances that
 * tests/src/run_tls_probe.sh starts (ports and CA in TLS_TEST_*), plus
 * sockets this program opens itself for peers that misbehave below TLS
 * (never answers, speaks garbage, hangs up). No mocks: every case is a real
 * TCP connection and a real OpenSSL handshake on one event loop. */
#include "config.h"

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "cli/cli.h"
#include "core/loop.h"
#include "testutil.h"
#include "net/tls_probe.h"
#include "core/xalloc.h"

static const char *ca_file;
static uint16_t api_port, expired_port, wild_port, reject_port, mtls_port, v6_port;

static char *run_cli(int *rc, const char *first, ...);

/*
 * Running probes
 */

struct outcome {
	int calls;
	struct tls_result *res;
	int64_t done_at;
};

static void
on_result(void *ctx, const struct tls_result *res)
{
	struct outcome *o = ctx;
	o->calls++;
	o->done_at = loop_now_ms();
	if (!o->res)
		o->res = tls_result_dup(res);
}

/* One probe on its own loop, run to the end. The caller frees the result. */
static struct tls_result *
probe(const char *address, uint16_t port, const char *sni, const char *ca, int timeout_ms)
{
	struct loop *loop = loop_new();
	struct outcome o = { 0 };
	struct tls_probe_opts opts = {
		.address = address, .port = port, .sni = sni, .ca_file = ca, .timeout_ms = timeout_ms,
	};
	tls_probe_start(loop, &opts, on_result, &o);
	CHECK(o.calls == 0, "callback ran inside tls_probe_start");
	loop_run(loop);
	CHECK(o.calls == 1, "callback ran %d times for %s:%u", o.calls, address, port);
	loop_free(loop);
	if (!o.res)
		o.res = xcalloc(1, sizeof *o.res);
	return o.res;
}

static bool
has_error(const struct tls_result *r, int code, int depth)
{
	for (size_t i = 0; i < r->n_errors; i++)
		if (r->errors[i].code == code && r->errors[i].depth == depth)
			return true;
	return false;
}

static bool
has_san(const struct tls_result *r, const char *san)
{
	for (size_t i = 0; i < r->n_sans; i++)
		if (!strcmp(r->sans[i], san))
			return true;
	return false;
}

static bool
contains(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle);
}

/* No raw ESC and no raw U+202E may survive into any string of a result. */
static bool
all_clean(const struct tls_result *r)
{
	const char *fields[] = { r->error, r->protocol, r->subject, r->subject_cn, r->issuer,
				 r->issuer_cn, r->not_before, r->not_after, r->matched_name,
				 r->serial_hex, r->sha256_fingerprint, r->cipher };
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		if (fields[i] && (strchr(fields[i], '\033') || strstr(fields[i], "\xe2\x80\xae")))
			return false;
	for (size_t i = 0; i < r->n_sans; i++)
		if (strchr(r->sans[i], '\033') || strstr(r->sans[i], "\xe2\x80\xae"))
			return false;
	return true;
}

/*
 * Misbehaving peers, served from this process on the same loop
 */

enum peer_kind { PEER_SILENT, PEER_GARBAGE, PEER_HANGUP };

struct peer {
	enum peer_kind kind;
	int listen_fd;
	uint16_t port;
	int conns[16];
	int n_conns;
};

/* Listen on 127.0.0.1 on a port the kernel picks. */
static int
listen_any(uint16_t *port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof sin;
	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof sin) < 0
	    || listen(fd, 16) < 0 || getsockname(fd, (struct sockaddr *)&sin, &len) < 0) {
		perror("listen_any");
		exit(99);
	}
	*port = ntohs(sin.sin_port);
	return fd;
}

static void
peer_on_accept(void *ctx, int fd, int ready)
{
	struct peer *pe = ctx;
	(void)ready;
	int c = accept(fd, NULL, NULL);
	if (c < 0)
		return;
	if (pe->kind == PEER_HANGUP) {
		close(c);
		return;
	}
	/* An HTTP server on the TLS port: the classic "not TLS" answer. The
	 * connection stays open so the client reads the bytes, not a reset. */
	static const char reply[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
	if (write(c, reply, sizeof reply - 1) < 0)
		perror("peer write");
	if (pe->n_conns < 16)
		pe->conns[pe->n_conns++] = c;
	else
		close(c);
}

/* Silent peers never accept: the kernel completes the TCP handshake from the
 * backlog and then nothing ever answers the ClientHello. */
static void
peer_start(struct peer *pe, struct loop *loop, enum peer_kind kind)
{
	memset(pe, 0, sizeof *pe);
	pe->kind = kind;
	pe->listen_fd = listen_any(&pe->port);
	if (kind != PEER_SILENT)
		loop_watch(loop, pe->listen_fd, LOOP_READ, peer_on_accept, pe);
}

static void
peer_stop(struct peer *pe, struct loop *loop)
{
	loop_unwatch(loop, pe->listen_fd);
	close(pe->listen_fd);
	for (int i = 0; i < pe->n_conns; i++)
		close(pe->conns[i]);
}

/* A port where nothing listens: bind, read the port, close. */
static uint16_t
closed_port(void)
{
	uint16_t port;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof sin;
	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof sin) < 0
	    || getsockname(fd, (struct sockaddr *)&sin, &len) < 0) {
		perror("closed_port");
		exit(99);
	}
	port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

/* A probe whose peer is served by this process on the same loop. */
static struct tls_result *
probe_peer(enum peer_kind kind, int timeout_ms)
{
	struct loop *loop = loop_new();
	struct peer pe;
	struct outcome o = { 0 };
	peer_start(&pe, loop, kind);
	struct tls_probe_opts opts = {
		.address = "127.0.0.1", .port = pe.port, .sni = "api.example.test",
		.ca_file = ca_file, .timeout_ms = timeout_ms,
	};
	tls_probe_start(loop, &opts, on_result, &o);
	loop_run(loop);
	CHECK(o.calls == 1, "callback ran %d times", o.calls);
	peer_stop(&pe, loop);
	loop_free(loop);
	return o.res ? o.res : xcalloc(1, sizeof *o.res);
}

/*
 * Cases against the s_server instances
 */

static void
test_valid(void)
{
	struct tls_result *r = probe("127.0.0.1", api_port, "api.example.test", ca_file, 0);
	CHECK(r->ok, "valid: ok (error: %s)", r->error ? r->error : "");
	CHECK(r->failure == TLS_FAIL_NONE && !r->error && r->have_cert, "valid: no failure");
	CHECK(r->n_errors == 0, "valid: %zu verification errors, first %s", r->n_errors,
	      r->n_errors ? r->errors[0].text : "");
	CHECK(r->name_checked && r->name_matches, "valid: name matches");
	CHECK_STR(r->matched_name, "api.example.test", "valid: matched SAN");
	CHECK(tls_result_clean(r), "valid: clean");
	CHECK_STR(r->subject, "CN=api.example.test", "valid: subject");
	CHECK_STR(r->subject_cn, "api.example.test", "valid: subject CN");
	CHECK_STR(r->issuer, "CN=acm-doctor test CA,O=acm-doctor tests", "valid: issuer one-line");
	CHECK_STR(r->issuer_cn, "acm-doctor test CA", "valid: issuer CN");
	CHECK(r->n_sans == 2 && has_san(r, "api.example.test") && has_san(r, "www.example.test"),
	      "valid: SANs (%zu)", r->n_sans);
	CHECK_STR(r->protocol, "TLSv1.3", "valid: protocol");
	CHECK(r->cipher && *r->cipher, "valid: cipher");
	CHECK(r->chain_len == 1, "valid: s_server sends the leaf only, got %d", r->chain_len);
	CHECK(!r->expired && !r->not_yet_valid, "valid: within validity");
	CHECK(r->not_after && strlen(r->not_after) == 20 && r->not_after[10] == 'T'
	      && r->not_after[19] == 'Z', "valid: ISO 8601 not_after [%s]", r->not_after ? r->not_after : "");
	int64_t now = (int64_t)time(NULL);
	CHECK(r->not_before_epoch <= now && r->not_after_epoch > now + 29 * 86400
	      && r->not_after_epoch < now + 31 * 86400, "valid: epochs %lld..%lld",
	      (long long)r->not_before_epoch, (long long)r->not_after_epoch);
	CHECK_STR(r->serial_hex, getenv("TLS_TEST_API_SERIAL"), "valid: serial");
	CHECK_STR(r->sha256_fingerprint, getenv("TLS_TEST_API_FP"), "valid: SHA-256 fingerprint");
	CHECK(r->elapsed_ms >= 0 && r->elapsed_ms < 2000, "valid: elapsed %lld ms", (long long)r->elapsed_ms);
	printf("handshake against loopback s_server: %lld ms\n", (long long)r->elapsed_ms);
	tls_result_free(r);

	r = probe("127.0.0.1", api_port, "WWW.Example.TEST", ca_file, 0);
	CHECK(r->ok && r->name_matches && r->n_errors == 0, "second SAN, any case: matches");
	CHECK_STR(r->matched_name, "www.example.test", "second SAN matched");
	tls_result_free(r);
}

static void
test_mismatch(void)
{
	struct tls_result *r = probe("127.0.0.1", api_port, "other.example.test", ca_file, 0);
	CHECK(r->ok, "mismatch: the certificate still came");
	CHECK(r->name_checked && !r->name_matches && !r->matched_name, "mismatch: no match");
	CHECK(has_error(r, X509_V_ERR_HOSTNAME_MISMATCH, 0), "mismatch: error 62 recorded");
	CHECK(r->n_errors == 1, "mismatch: only that error (%zu)", r->n_errors);
	CHECK(r->n_errors && contains(r->errors[0].text, "mismatch"), "mismatch: text [%s]",
	      r->n_errors ? r->errors[0].text : "");
	CHECK(!tls_result_clean(r), "mismatch: not clean");
	tls_result_free(r);
}

static void
test_no_sni(void)
{
	struct tls_result *r = probe("127.0.0.1", api_port, NULL, ca_file, 0);
	CHECK(r->ok && !r->name_checked && !r->name_matches, "no SNI: name not checked");
	CHECK(r->n_errors == 0 && tls_result_clean(r), "no SNI: chain verified, clean");
	tls_result_free(r);
}

static void
test_untrusted(void)
{
	/* The system store does not know our throwaway CA. */
	struct tls_result *r = probe("127.0.0.1", api_port, "api.example.test", NULL, 0);
	CHECK(r->ok, "untrusted: certificate came");
	CHECK(has_error(r, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0),
	      "untrusted: unable to get local issuer (20) at depth 0");
	CHECK(r->name_matches, "untrusted: the name still matches");
	CHECK(!tls_result_clean(r), "untrusted: not clean");
	bool text = false;
	for (size_t i = 0; i < r->n_errors; i++)
		text |= contains(r->errors[i].text, "unable to get local issuer certificate");
	CHECK(text, "untrusted: OpenSSL's reason text kept");
	tls_result_free(r);
}

static void
test_expired(void)
{
	struct tls_result *r = probe("127.0.0.1", expired_port, "expired.example.test", ca_file, 0);
	CHECK(r->ok && r->expired && !r->not_yet_valid, "expired: flagged");
	CHECK(has_error(r, X509_V_ERR_CERT_HAS_EXPIRED, 0), "expired: error 10");
	CHECK(r->name_matches && !has_error(r, X509_V_ERR_HOSTNAME_MISMATCH, 0), "expired: name fine");
	CHECK_STR(r->not_before, "2020-01-01T00:00:00Z", "expired: not_before");
	CHECK_STR(r->not_after, "2020-02-01T00:00:00Z", "expired: not_after");
	CHECK(r->not_after_epoch == 1580515200, "expired: not_after_epoch %lld", (long long)r->not_after_epoch);
	CHECK(r->not_before_epoch == 1577836800, "expired: not_before_epoch %lld", (long long)r->not_before_epoch);
	CHECK(r->chain_len == 2, "expired: leaf + CA sent, got %d", r->chain_len);
	tls_result_free(r);

	/* The case SSL_get_verify_result hides: both problems must show. */
	r = probe("127.0.0.1", expired_port, "wrong.example.test", ca_file, 0);
	CHECK(r->ok && r->expired && !r->name_matches, "expired+mismatch: both flags");
	CHECK(has_error(r, X509_V_ERR_CERT_HAS_EXPIRED, 0), "expired+mismatch: error 10");
	CHECK(has_error(r, X509_V_ERR_HOSTNAME_MISMATCH, 0), "expired+mismatch: error 62");
	tls_result_free(r);

	r = probe("127.0.0.1", expired_port, "future.example.test", ca_file, 0);
	CHECK(r->ok && r->not_yet_valid && !r->expired, "future: not yet valid");
	CHECK(has_error(r, X509_V_ERR_CERT_NOT_YET_VALID, 0), "future: error 9");
	CHECK_STR(r->not_before, "2099-01-01T00:00:00Z", "future: chosen by SNI");
	tls_result_free(r);
}

static void
test_wildcard(void)
{
	struct tls_result *r = probe("127.0.0.1", wild_port,
				     "d-abc123.execute-api.us-east-1.amazonaws.com", ca_file, 0);
	CHECK(r->ok && r->name_matches && r->n_errors == 0, "execute-api name: matches");
	CHECK_STR(r->matched_name, "*.execute-api.us-east-1.amazonaws.com", "the wildcard SAN matched");
	tls_result_free(r);

	/* The "custom domain not configured" picture: default cert, no match. */
	r = probe("127.0.0.1", wild_port, "custom.example.test", ca_file, 0);
	CHECK(r->ok && !r->name_matches && has_error(r, X509_V_ERR_HOSTNAME_MISMATCH, 0),
	      "custom domain on the default cert: mismatch");
	CHECK_STR(r->subject_cn, "*.execute-api.us-east-1.amazonaws.com", "default cert served");
	tls_result_free(r);

	r = probe("127.0.0.1", wild_port, "a.b.execute-api.us-east-1.amazonaws.com", ca_file, 0);
	CHECK(r->ok && !r->name_matches, "a wildcard covers one label only");
	tls_result_free(r);

	/* f*.example.test: a partial wildcard, which we refuse on purpose. */
	r = probe("127.0.0.1", wild_port, "foo.example.test", ca_file, 0);
	CHECK(r->ok && !r->name_matches && has_error(r, X509_V_ERR_HOSTNAME_MISMATCH, 0),
	      "partial wildcard f* does not match foo");
	tls_result_free(r);
	/* ... while OpenSSL's default would have matched it: the flag matters. */
	FILE *f = fopen(getenv("TLS_TEST_WILD_PEM"), "r");
	X509 *x = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
	CHECK(x && X509_check_host(x, "foo.example.test", 0, 0, NULL) == 1,
	      "control: default flags accept the partial wildcard");
	X509_free(x);
	if (f)
		fclose(f);

	/* An IP literal is not sent as SNI but is checked against IP SANs. */
	r = probe("127.0.0.1", wild_port, "127.0.0.1", ca_file, 0);
	CHECK(r->ok && r->name_matches && r->n_errors == 0, "IP SAN matches the IP name");
	CHECK_STR(r->matched_name, "127.0.0.1", "IP matched");
	CHECK(has_san(r, "127.0.0.1"), "IP SAN listed as text");
	tls_result_free(r);
}

static void
test_hostile_names(void)
{
	struct tls_result *r = probe("127.0.0.1", wild_port, "evil.example.test", ca_file, 0);
	CHECK(r->ok && r->name_matches, "evil cert chosen by SNI and matching");
	CHECK_STR(r->subject_cn, "evil\\x1b[31mred\\u202egnp.exe", "ESC and RLO escaped in the CN");
	CHECK_STR(r->subject, "CN=evil\\x1b[31mred\\u202egnp.exe", "escaped in the subject line");
	CHECK(has_san(r, "a\\x1b]0;x.example.test"), "ESC escaped in the SAN");
	CHECK(all_clean(r), "no raw control or bidi character anywhere");
	tls_result_free(r);
}

/* A certificate with more SANs than we keep, one of them absurdly long. */
static void
test_bounds(void)
{
	struct tls_result *r = probe("127.0.0.1", api_port, "big.example.test", ca_file, 0);
	CHECK(r->ok && r->n_sans == TLS_MAX_SANS && r->sans_omitted == 102,
	      "big: %zu SANs kept, %zu omitted", r->n_sans, r->sans_omitted);
	CHECK(r->n_sans && strlen(r->sans[0]) < TLS_MAX_NAME + 32 && contains(r->sans[0], " ...[+"),
	      "big: the long SAN is cut with a marker [%.40s...]", r->n_sans ? r->sans[0] : "");
	/* The name is the last SAN, beyond the cap: matching still sees it. */
	CHECK(r->name_matches && r->n_errors == 0, "big: name matches beyond the cap");
	tls_result_free(r);

	char api[64];
	snprintf(api, sizeof api, "127.0.0.1:%u", (unsigned)api_port);
	int rc;
	char *out = run_cli(&rc, "tls", "--sni", "big.example.test", "--ca-file", ca_file, api, NULL);
	CHECK(rc == EXIT_OK && contains(out, "n7.big.example.test (+1094 more)\n"),
	      "big: text lists a few SANs: [%.600s]", out);
	free(out);
}

static void
test_alert(void)
{
	struct tls_result *r = probe("127.0.0.1", reject_port, "unknown.example.test", ca_file, 0);
	CHECK(!r->ok && r->failure == TLS_FAIL_ALERT && r->alert == 112, "reject: alert 112 (%d)", r->alert);
	CHECK(contains(r->error, "112") && contains(r->error, "unrecognized name"),
	      "reject: error names the alert [%s]", r->error ? r->error : "");
	CHECK(!r->have_cert && !r->subject && !r->n_sans, "reject: no certificate");
	tls_result_free(r);

	r = probe("127.0.0.1", reject_port, "api.example.test", ca_file, 0);
	CHECK(r->ok && r->name_matches && r->n_errors == 0, "reject server, its own name: ok");
	tls_result_free(r);
}

/* The handshake fails, but only after the certificate came: show it. */
static void
test_client_cert_required(void)
{
	struct tls_result *r = probe("127.0.0.1", mtls_port, "api.example.test", ca_file, 0);
	CHECK(!r->ok && r->failure == TLS_FAIL_ALERT && r->alert > 0, "mTLS: alert (%s: %s)",
	      tls_failure_name(r->failure), r->error ? r->error : "");
	CHECK(r->have_cert && r->name_matches, "mTLS: the certificate is still described");
	CHECK_STR(r->subject_cn, "api.example.test", "mTLS: subject CN");
	CHECK_STR(r->protocol, "TLSv1.2", "mTLS: protocol");
	CHECK(!tls_result_clean(r), "mTLS: not clean (no handshake)");
	tls_result_free(r);

	char t[64];
	snprintf(t, sizeof t, "127.0.0.1:%u", (unsigned)mtls_port);
	int rc;
	char *out = run_cli(&rc, "tls", "--sni", "api.example.test", "--ca-file", ca_file, t, NULL);
	CHECK(rc == EXIT_USAGE && contains(out, ": FAILED\n  error    ")
	      && contains(out, "  subject  CN=api.example.test\n"), "mTLS text: exit %d [%s]", rc, out);
	free(out);
}

static void
test_ipv6(void)
{
	if (!v6_port) {
		printf("no IPv6 loopback: IPv6 case skipped\n");
		return;
	}
	struct tls_result *r = probe("::1", v6_port, "api.example.test", ca_file, 0);
	CHECK(r->ok && r->name_matches && r->n_errors == 0, "IPv6: ok (%s)", r->error ? r->error : "");
	tls_result_free(r);
}

/*
 * Failures below TLS
 */

static void
test_refused(void)
{
	uint16_t port = closed_port();
	struct tls_result *r = probe("127.0.0.1", port, "api.example.test", ca_file, 0);
	CHECK(!r->ok && r->failure == TLS_FAIL_CONNECT, "refused: connect failure");
	CHECK(contains(r->error, "refused"), "refused: says so [%s]", r->error ? r->error : "");
	tls_result_free(r);
}

struct responsive {
	struct outcome *probe;
	bool fired;
	bool probe_pending;
	int64_t at;
};

static void
on_tick(void *ctx)
{
	struct responsive *t = ctx;
	t->fired = true;
	t->probe_pending = t->probe->calls == 0;
	t->at = loop_now_ms();
}

static void
test_timeout(void)
{
	struct loop *loop = loop_new();
	struct peer pe;
	struct outcome o = { 0 };
	struct responsive tick = { .probe = &o };
	peer_start(&pe, loop, PEER_SILENT);
	struct tls_probe_opts opts = {
		.address = "127.0.0.1", .port = pe.port, .sni = "api.example.test",
		.ca_file = ca_file, .timeout_ms = 400,
	};
	int64_t t0 = loop_now_ms();
	tls_probe_start(loop, &opts, on_result, &o);
	loop_timer_add(loop, 50, on_tick, &tick);
	loop_run(loop);
	CHECK(tick.fired && tick.probe_pending, "timeout: a 50 ms timer fired while the probe waited");
	CHECK(tick.at - t0 >= 50 && tick.at - t0 < 300, "timeout: the timer fired at %lld ms",
	      (long long)(tick.at - t0));
	CHECK(o.calls == 1 && o.res && !o.res->ok && o.res->failure == TLS_FAIL_TIMEOUT, "timeout: failure");
	CHECK(o.res && contains(o.res->error, "timed out after 400 ms")
	      && contains(o.res->error, "TLS handshake"), "timeout: says which phase [%s]",
	      o.res && o.res->error ? o.res->error : "");
	CHECK(o.done_at - t0 >= 400 && o.done_at - t0 < 1000, "timeout: after %lld ms",
	      (long long)(o.done_at - t0));
	tls_result_free(o.res);
	peer_stop(&pe, loop);
	loop_free(loop);
}

static void
test_not_tls(void)
{
	struct tls_result *r = probe_peer(PEER_GARBAGE, 2000);
	CHECK(!r->ok && r->failure == TLS_FAIL_NOT_TLS, "garbage: not TLS (%s: %s)",
	      tls_failure_name(r->failure), r->error ? r->error : "");
	CHECK(contains(r->error, "does not speak TLS"), "garbage: says so");
	tls_result_free(r);

	r = probe_peer(PEER_HANGUP, 2000);
	CHECK(!r->ok && r->failure == TLS_FAIL_CLOSED, "hang-up: closed (%s: %s)",
	      tls_failure_name(r->failure), r->error ? r->error : "");
	tls_result_free(r);
}

static void
test_setup_errors(void)
{
	struct tls_result *r = probe("api.example.test", 443, NULL, NULL, 0);
	CHECK(!r->ok && r->failure == TLS_FAIL_SETUP && contains(r->error, "not a numeric IP address"),
	      "hostname as address: setup failure [%s]", r->error ? r->error : "");
	tls_result_free(r);

	r = probe("127.0.0.1", api_port, NULL, "/nonexistent/ca.pem", 0);
	CHECK(!r->ok && r->failure == TLS_FAIL_SETUP && contains(r->error, "/nonexistent/ca.pem"),
	      "missing CA file: setup failure [%s]", r->error ? r->error : "");
	tls_result_free(r);

	/* A hostile error text is sanitised too. */
	r = probe("1.2.3.4\033[2J\xe2\x80\xae", 443, NULL, NULL, 0);
	CHECK(!r->ok && contains(r->error, "\\x1b[2J\\u202e") && all_clean(r),
	      "address echoed sanitised [%s]", r->error ? r->error : "");
	tls_result_free(r);
}

/*
 * Lifetime: cancel, concurrency
 */

struct canceller {
	struct tls_probe *victim;
};

static void
on_cancel_tick(void *ctx)
{
	struct canceller *c = ctx;
	tls_probe_cancel(c->victim);
}

static void
test_cancel(void)
{
	struct loop *loop = loop_new();
	struct peer pe;
	struct outcome o = { 0 };
	peer_start(&pe, loop, PEER_SILENT);
	struct tls_probe_opts opts = {
		.address = "127.0.0.1", .port = pe.port, .sni = "api.example.test",
		.ca_file = ca_file, .timeout_ms = 5000,
	};
	struct canceller c = { tls_probe_start(loop, &opts, on_result, &o) };
	loop_timer_add(loop, 50, on_cancel_tick, &c);
	int64_t t0 = loop_now_ms();
	loop_run(loop);
	CHECK(o.calls == 0 && !loop_busy(loop), "cancel mid-handshake: no callback, loop released");
	CHECK(loop_now_ms() - t0 < 1000, "cancel: did not wait for the timeout");

	/* Right after start, and a probe whose setup failed (pending delivery). */
	tls_probe_cancel(tls_probe_start(loop, &opts, on_result, &o));
	opts.address = "not-an-address";
	tls_probe_cancel(tls_probe_start(loop, &opts, on_result, &o));
	CHECK(!loop_busy(loop), "cancel at once: loop released");
	loop_run_once(loop, 10);
	CHECK(o.calls == 0, "cancel at once: no callback");
	peer_stop(&pe, loop);
	loop_free(loop);
}

/* Five probes that each wait 300 ms finish in about 300 ms, not 1500. */
static void
test_parallel_timeouts(void)
{
	struct loop *loop = loop_new();
	struct peer pe[5];
	struct outcome o[5] = { 0 };
	for (int i = 0; i < 5; i++) {
		peer_start(&pe[i], loop, PEER_SILENT);
		struct tls_probe_opts opts = {
			.address = "127.0.0.1", .port = pe[i].port, .sni = "api.example.test",
			.ca_file = ca_file, .timeout_ms = 300,
		};
		tls_probe_start(loop, &opts, on_result, &o[i]);
	}
	int64_t t0 = loop_now_ms();
	loop_run(loop);
	int64_t took = loop_now_ms() - t0;
	for (int i = 0; i < 5; i++) {
		CHECK(o[i].calls == 1 && o[i].res && o[i].res->failure == TLS_FAIL_TIMEOUT,
		      "parallel timeouts: probe %d timed out once", i);
		tls_result_free(o[i].res);
		peer_stop(&pe[i], loop);
	}
	CHECK(took >= 300 && took < 700, "parallel timeouts: 5 x 300 ms took %lld ms", (long long)took);
	loop_free(loop);
}

/* Five different probes at once on one loop, each getting its own answer. */
static void
test_parallel_mixed(void)
{
	struct loop *loop = loop_new();
	struct peer garbage;
	peer_start(&garbage, loop, PEER_GARBAGE);
	struct tls_probe_opts opts[5] = {
		{ .address = "127.0.0.1", .port = api_port, .sni = "api.example.test", .ca_file = ca_file },
		{ .address = "127.0.0.1", .port = expired_port, .sni = "wrong.example.test", .ca_file = ca_file },
		{ .address = "127.0.0.1", .port = wild_port, .sni = "evil.example.test", .ca_file = ca_file },
		{ .address = "127.0.0.1", .port = reject_port, .sni = "nope.example.test", .ca_file = ca_file },
		{ .address = "127.0.0.1", .port = garbage.port, .sni = "api.example.test", .ca_file = ca_file },
	};
	struct outcome o[5] = { 0 };
	for (int i = 0; i < 5; i++)
		tls_probe_start(loop, &opts[i], on_result, &o[i]);
	int64_t t0 = loop_now_ms();
	loop_run(loop);
	printf("5 probes in parallel: %lld ms\n", (long long)(loop_now_ms() - t0));
	for (int i = 0; i < 5; i++)
		CHECK(o[i].calls == 1 && o[i].res, "parallel: probe %d answered once", i);
	if (o[0].res && o[1].res && o[2].res && o[3].res && o[4].res) {
		CHECK(o[0].res->ok && tls_result_clean(o[0].res), "parallel: api clean");
		CHECK(o[1].res->expired && has_error(o[1].res, X509_V_ERR_HOSTNAME_MISMATCH, 0),
		      "parallel: expired + mismatch");
		CHECK(o[2].res->ok && contains(o[2].res->subject_cn, "evil"), "parallel: evil cert by SNI");
		CHECK(o[3].res->failure == TLS_FAIL_ALERT && o[3].res->alert == 112, "parallel: alert 112");
		CHECK(o[4].res->failure == TLS_FAIL_NOT_TLS, "parallel: garbage");
	}
	for (int i = 0; i < 5; i++)
		tls_result_free(o[i].res);
	peer_stop(&garbage, loop);
	loop_free(loop);
}

/* Concurrent probes share a trust store only when it is the same one. */
static void
test_parallel_stores(void)
{
	struct loop *loop = loop_new();
	const char *stores[6] = { ca_file, NULL, ca_file, NULL, "/nonexistent/ca.pem", ca_file };
	struct outcome o[6] = { 0 };
	struct tls_probe *p[6];
	for (int i = 0; i < 6; i++) {
		struct tls_probe_opts opts = {
			.address = "127.0.0.1", .port = api_port, .sni = "api.example.test",
			.ca_file = stores[i],
		};
		p[i] = tls_probe_start(loop, &opts, on_result, &o[i]);
	}
	tls_probe_cancel(p[2]);    /* one user of a shared store leaves early */
	loop_run(loop);
	for (int i = 0; i < 6; i++) {
		if (i == 2) {
			CHECK(o[i].calls == 0, "stores: the cancelled probe stayed silent");
			continue;
		}
		CHECK(o[i].calls == 1 && o[i].res, "stores: probe %d answered", i);
		if (!o[i].res)
			continue;
		if (stores[i] == ca_file)
			CHECK(tls_result_clean(o[i].res), "stores: probe %d trusts the test CA", i);
		else if (stores[i])
			CHECK(o[i].res->failure == TLS_FAIL_SETUP, "stores: probe %d has no CA file", i);
		else
			CHECK(has_error(o[i].res, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0),
			      "stores: probe %d uses the system store", i);
		tls_result_free(o[i].res);
	}
	loop_free(loop);
}

/*
 * The `acm-doctor tls` subcommand, called directly
 */

/* Run cli_tls with stdout captured; returns what it printed. */
static char *
run_cli(int *rc, const char *first, ...)
{
	char *argv[16];
	int argc = 0;
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a && argc < 15; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;

	fflush(stdout);
	FILE *tmp = tmpfile();
	int saved = dup(STDOUT_FILENO);
	int saved_err = dup(STDERR_FILENO);
	dup2(fileno(tmp), STDOUT_FILENO);
	dup2(fileno(tmp), STDERR_FILENO);
	*rc = cli_tls(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved, STDOUT_FILENO);
	dup2(saved_err, STDERR_FILENO);
	close(saved);
	close(saved_err);

	long len = ftell(tmp);
	char *out = xmalloc(len > 0 ? (size_t)len + 1 : 1);
	rewind(tmp);
	size_t got = len > 0 ? fread(out, 1, (size_t)len, tmp) : 0;
	out[got] = '\0';
	fclose(tmp);
	return out;
}

static char *
target(char *buf, size_t n, const char *addr, uint16_t port)
{
	snprintf(buf, n, strchr(addr, ':') ? "[%s]:%u" : "%s:%u", addr, (unsigned)port);
	return buf;
}

static const char *
json_str(const cJSON *o, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static void
test_cli_json(void)
{
	char api[64], exp[64], wild[64], refused[64];
	target(api, sizeof api, "127.0.0.1", api_port);
	target(exp, sizeof exp, "127.0.0.1", expired_port);
	target(wild, sizeof wild, "127.0.0.1", wild_port);
	target(refused, sizeof refused, "127.0.0.1", closed_port());
	int rc;

	char *out = run_cli(&rc, "tls", "--json", "--sni", "api.example.test", "--ca-file", ca_file, api, NULL);
	CHECK(rc == EXIT_OK, "cli json valid: exit %d", rc);
	cJSON *j = cJSON_Parse(out);
	CHECK(j != NULL, "cli json parses: [%s]", out);
	cJSON *probes = cJSON_GetObjectItemCaseSensitive(j, "probes");
	cJSON *p0 = cJSON_GetArrayItem(probes, 0);
	CHECK(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, "schema")) == 1, "cli json: schema 1");
	CHECK(cJSON_GetArraySize(probes) == 1, "cli json: one probe");
	CHECK_STR(json_str(p0, "verdict"), "ok", "cli json: verdict");
	CHECK_STR(json_str(p0, "subject_cn"), "api.example.test", "cli json: subject_cn");
	CHECK_STR(json_str(p0, "matched_name"), "api.example.test", "cli json: matched_name");
	CHECK_STR(json_str(p0, "sni"), "api.example.test", "cli json: sni");
	CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p0, "name_matches")), "cli json: name_matches");
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(p0, "sans")) == 2, "cli json: 2 SANs");
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(p0, "errors")) == 0, "cli json: no errors");
	cJSON_Delete(j);
	free(out);

	/* Order kept, mixed verdicts: the failed probe makes it exit 2. */
	out = run_cli(&rc, "tls", "--json", "--sni", "expired.example.test", "--ca-file", ca_file,
		      "--timeout", "2000", exp, api, refused, NULL);
	CHECK(rc == EXIT_USAGE, "cli json mixed: exit %d", rc);
	j = cJSON_Parse(out);
	probes = cJSON_GetObjectItemCaseSensitive(j, "probes");
	CHECK(cJSON_GetArraySize(probes) == 3, "cli json mixed: 3 probes");
	CHECK_STR(json_str(cJSON_GetArrayItem(probes, 0), "target"), exp, "cli json mixed: order 0");
	CHECK_STR(json_str(cJSON_GetArrayItem(probes, 0), "verdict"), "problems", "cli json mixed: expired");
	CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(probes, 0), "expired")),
	      "cli json mixed: expired flag");
	CHECK_STR(json_str(cJSON_GetArrayItem(probes, 1), "target"), api, "cli json mixed: order 1");
	CHECK_STR(json_str(cJSON_GetArrayItem(probes, 1), "verdict"), "problems", "cli json mixed: mismatch");
	CHECK_STR(json_str(cJSON_GetArrayItem(probes, 2), "verdict"), "failed", "cli json mixed: refused");
	CHECK_STR(json_str(cJSON_GetArrayItem(probes, 2), "failure"), "connect", "cli json mixed: kind");
	cJSON_Delete(j);
	free(out);

	/* Problems only: exit 1. */
	out = run_cli(&rc, "tls", "--json", "--sni", "wrong.example.test", "--ca-file", ca_file, api, NULL);
	CHECK(rc == EXIT_BLOCKED, "cli json mismatch: exit %d", rc);
	free(out);

	/* Hostile names: sanitised strings, not just JSON-escaped ones. */
	out = run_cli(&rc, "tls", "--json", "--sni", "evil.example.test", "--ca-file", ca_file, wild, NULL);
	j = cJSON_Parse(out);
	p0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "probes"), 0);
	CHECK_STR(json_str(p0, "subject_cn"), "evil\\x1b[31mred\\u202egnp.exe", "cli json: CN sanitised");
	CHECK(!strstr(out, "\\u001b") && !strchr(out, '\033'), "cli json: no ESC in any form");
	cJSON_Delete(j);
	free(out);
}

static void
test_cli_text(void)
{
	char api[64], wild[64], exp[64], v6[64];
	target(api, sizeof api, "127.0.0.1", api_port);
	target(wild, sizeof wild, "127.0.0.1", wild_port);
	target(exp, sizeof exp, "127.0.0.1", expired_port);
	int rc;

	char *out = run_cli(&rc, "tls", "--sni", "api.example.test", "--ca-file", ca_file, api, NULL);
	CHECK(rc == EXIT_OK, "cli text valid: exit %d", rc);
	CHECK(contains(out, ": OK\n") && contains(out, "  subject  CN=api.example.test\n")
	      && contains(out, "  SANs     api.example.test, www.example.test\n")
	      && contains(out, "  name     api.example.test is covered\n"), "cli text valid: [%s]", out);
	free(out);

	out = run_cli(&rc, "tls", "--sni=wrong.example.test", "--ca-file", ca_file, exp, NULL);
	CHECK(rc == EXIT_BLOCKED, "cli text expired: exit %d", rc);
	CHECK(contains(out, ": PROBLEMS") && contains(out, "EXPIRED")
	      && contains(out, "is NOT covered") && contains(out, "depth 0: certificate has expired (10)")
	      && contains(out, "depth 0: hostname mismatch (62)"), "cli text expired: [%s]", out);
	free(out);

	out = run_cli(&rc, "tls", "--sni", "evil.example.test", "--ca-file", ca_file, wild, NULL);
	CHECK(contains(out, "evil\\x1b[31mred\\u202egnp.exe") && !strchr(out, '\033')
	      && !strstr(out, "\xe2\x80\xae"), "cli text: hostile CN escaped: [%s]", out);
	free(out);

	if (v6_port) {
		out = run_cli(&rc, "tls", "--sni", "api.example.test", "--ca-file", ca_file,
			      target(v6, sizeof v6, "::1", v6_port), NULL);
		CHECK(rc == EXIT_OK && contains(out, "[::1]:"), "cli text IPv6: exit %d [%s]", rc, out);
		free(out);
	}
}

static void
test_cli_usage(void)
{
	static const char *bad[][4] = {
		{ "tls", NULL },
		{ "tls", "--timeout", "0", "127.0.0.1" },
		{ "tls", "--timeout", "abc", "127.0.0.1" },
		{ "tls", "--sni", NULL },
		{ "tls", "--bogus", "127.0.0.1", NULL },
		{ "tls", "a..b", NULL },
		{ "tls", "[::1", NULL },
		{ "tls", "127.0.0.1:0", NULL },
		{ "tls", "127.0.0.1:70000", NULL },
		{ "tls", "[127.0.0.1]:443", NULL },
		{ "tls", "--ca-file", "/nonexistent/ca.pem", "127.0.0.1" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int rc;
		char *out = run_cli(&rc, bad[i][0], bad[i][1], bad[i][2], bad[i][3], NULL);
		CHECK(rc == EXIT_USAGE && contains(out, "acm-doctor tls: "),
		      "usage error %zu (%s): exit %d [%s]", i, bad[i][1] ? bad[i][1] : "", rc, out);
		free(out);
	}
	int rc;
	char *out = run_cli(&rc, "tls", "--help", NULL);
	CHECK(rc == EXIT_OK && contains(out, "Usage: acm-doctor tls"), "--help: exit %d", rc);
	free(out);
	out = run_cli(&rc, "tls", "--bad\033[2J", NULL);
	CHECK(rc == EXIT_USAGE && !strchr(out, '\033'), "usage error text sanitised [%s]", out);
	free(out);
}

static uint16_t
env_port(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? (uint16_t)atoi(v) : 0;
}

int
main(void)
{
	ca_file = getenv("TLS_TEST_CA");
	api_port = env_port("TLS_TEST_API_PORT");
	expired_port = env_port("TLS_TEST_EXPIRED_PORT");
	wild_port = env_port("TLS_TEST_WILD_PORT");
	reject_port = env_port("TLS_TEST_REJECT_PORT");
	mtls_port = env_port("TLS_TEST_MTLS_PORT");
	v6_port = env_port("TLS_TEST_V6_PORT");
	if (!ca_file || !api_port || !expired_port || !wild_port || !reject_port || !mtls_port) {
		printf("test_tls_probe: run it through tests/src/run_tls_probe.sh (needs its servers): skipped\n");
		return 77;
	}

	test_valid();
	test_mismatch();
	test_no_sni();
	test_untrusted();
	test_expired();
	test_wildcard();
	test_hostile_names();
	test_bounds();
	test_alert();
	test_client_cert_required();
	test_ipv6();
	test_refused();
	test_timeout();
	test_not_tls();
	test_setup_errors();
	test_cancel();
	test_parallel_timeouts();
	test_parallel_mixed();
	test_parallel_stores();
	test_cli_json();
	test_cli_text();
	test_cli_usage();
	return test_summary("test_tls_probe");
}
