/* libcurl's multi interface on the event loop (http_client.h). curl tells
 * us which sockets to watch (on_socket) and when to call it back
 * (on_timer); we tell it what happened with curl_multi_socket_action and
 * then collect finished transfers. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "net/http_client.h"

struct http_client {
	struct loop *loop;
	CURLM *multi;
	uint64_t timer;
	struct http_request *reqs;  /* pending, a list */
	uint64_t deliver_timer;
};

struct http_request {
	struct http_client *hc;
	struct http_request *next;
	CURL *easy;
	http_cb cb;
	void *ctx;
	struct curl_slist *headers;
	struct strbuf body;
	size_t max_bytes;
	bool too_big;
	char *retry_after;
	int64_t started;
	char errbuf[CURL_ERROR_SIZE];
	bool finished;              /* CURLMSG_DONE seen; waiting to be delivered */
	CURLcode code;
};

const char *
http_failure_name(enum http_failure f)
{
	static const char *const names[] = {
		[HTTP_FAIL_NONE] = "none", [HTTP_FAIL_TIMEOUT] = "timeout", [HTTP_FAIL_TOO_BIG] = "too-big",
		[HTTP_FAIL_REDIRECTS] = "too-many-redirects", [HTTP_FAIL_TLS] = "tls",
		[HTTP_FAIL_CONNECT] = "connect", [HTTP_FAIL_OTHER] = "other",
	};
	return (unsigned)f < sizeof names / sizeof names[0] ? names[f] : "other";
}

static void check_done(struct http_client *hc);

/* ---- curl -> loop ---- */

static void
on_fd(void *ctx, int fd, int ready)
{
	struct http_client *hc = ctx;
	int ev = ((ready & LOOP_READ) ? CURL_CSELECT_IN : 0) | ((ready & LOOP_WRITE) ? CURL_CSELECT_OUT : 0);
	int running;
	curl_multi_socket_action(hc->multi, fd, ev, &running);
	check_done(hc);
}

static int
on_socket(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
	struct http_client *hc = userp;
	(void)easy;
	(void)socketp;
	if (what == CURL_POLL_REMOVE) {
		loop_unwatch(hc->loop, s);
		return 0;
	}
	int ev = (what & CURL_POLL_IN ? LOOP_READ : 0) | (what & CURL_POLL_OUT ? LOOP_WRITE : 0);
	loop_watch(hc->loop, s, ev, on_fd, hc);
	return 0;
}

static void
on_timeout(void *ctx)
{
	struct http_client *hc = ctx;
	int running;
	hc->timer = 0;
	curl_multi_socket_action(hc->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_done(hc);
}

static int
on_timer(CURLM *multi, long ms, void *userp)
{
	struct http_client *hc = userp;
	(void)multi;
	if (hc->timer) {
		loop_timer_cancel(hc->loop, hc->timer);
		hc->timer = 0;
	}
	if (ms >= 0)
		hc->timer = loop_timer_add(hc->loop, ms, on_timeout, hc);
	return 0;
}

/* ---- requests ---- */

static size_t
on_body(char *data, size_t size, size_t nmemb, void *userp)
{
	struct http_request *r = userp;
	size_t n = size * nmemb;
	if (r->body.len + n > r->max_bytes) {
		r->too_big = true;
		return 0;       /* curl fails the transfer with CURLE_WRITE_ERROR */
	}
	sb_addn(&r->body, data, n);
	return n;
}

static size_t
on_header(char *data, size_t size, size_t nmemb, void *userp)
{
	struct http_request *r = userp;
	size_t n = size * nmemb;
	static const char name[] = "retry-after:";
	if (n > sizeof name - 1 && !strncasecmp(data, name, sizeof name - 1)) {
		free(r->retry_after);
		const char *v = data + sizeof name - 1;
		size_t vn = n - (sizeof name - 1);
		while (vn && (*v == ' ' || *v == '\t'))
			v++, vn--;
		while (vn && (v[vn - 1] == '\r' || v[vn - 1] == '\n' || v[vn - 1] == ' '))
			vn--;
		r->retry_after = san_text(v, vn, 64, SAN_ASCII);
	}
	return n;
}

static void
unlink_req(struct http_request *r)
{
	struct http_request **pp = &r->hc->reqs;
	while (*pp && *pp != r)
		pp = &(*pp)->next;
	if (*pp)
		*pp = r->next;
}

static void
req_free(struct http_request *r)
{
	unlink_req(r);
	if (r->easy) {
		curl_multi_remove_handle(r->hc->multi, r->easy);
		curl_easy_cleanup(r->easy);
	}
	curl_slist_free_all(r->headers);
	sb_free(&r->body);
	free(r->retry_after);
	loop_release(r->hc->loop);
	free(r);
}

void
http_cancel(struct http_request *r)
{
	if (r)
		req_free(r);
}

static enum http_failure
failure_of(const struct http_request *r)
{
	switch (r->code) {
	case CURLE_OK: return HTTP_FAIL_NONE;
	case CURLE_OPERATION_TIMEDOUT: return HTTP_FAIL_TIMEOUT;
	case CURLE_TOO_MANY_REDIRECTS: return HTTP_FAIL_REDIRECTS;
	case CURLE_FILESIZE_EXCEEDED: return HTTP_FAIL_TOO_BIG;
	case CURLE_WRITE_ERROR: return r->too_big ? HTTP_FAIL_TOO_BIG : HTTP_FAIL_OTHER;
	case CURLE_COULDNT_RESOLVE_HOST: case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT: return HTTP_FAIL_CONNECT;
	case CURLE_PEER_FAILED_VERIFICATION: case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CACERT_BADFILE: case CURLE_SSL_CERTPROBLEM:
		return HTTP_FAIL_TLS;
	default: return HTTP_FAIL_OTHER;
	}
}

static void
fill_result(struct http_request *r, struct http_result *res)
{
	memset(res, 0, sizeof *res);
	res->failure = failure_of(r);
	res->ok = res->failure == HTTP_FAIL_NONE;
	res->elapsed_ms = loop_now_ms() - r->started;
	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &res->status);
	curl_easy_getinfo(r->easy, CURLINFO_REDIRECT_COUNT, &res->redirects);
	char *ct = NULL, *url = NULL;
	curl_easy_getinfo(r->easy, CURLINFO_CONTENT_TYPE, &ct);
	curl_easy_getinfo(r->easy, CURLINFO_EFFECTIVE_URL, &url);
	res->content_type = ct ? san_str(ct, 200, SAN_ASCII) : NULL;
	res->final_url = url ? san_str(url, 500, SAN_ASCII) : NULL;
	res->retry_after = r->retry_after;
	res->body = r->body.buf ? r->body.buf : (char *)"";
	res->len = r->body.len;
	if (res->ok)
		return;
	const char *why = r->errbuf[0] ? r->errbuf : curl_easy_strerror(r->code);
	if (res->failure == HTTP_FAIL_TOO_BIG)
		res->error = str_fmt(600, _("the answer is larger than %zu bytes"), r->max_bytes);
	else
		res->error = san_str(why, 500, SAN_ASCII);
}

/* Deliver finished transfers from a fresh loop turn: curl may be inside
 * its own call stack when it reports them. */
static void
deliver_finished(void *ctx)
{
	struct http_client *hc = ctx;
	hc->deliver_timer = 0;
	for (;;) {
		struct http_request *r = hc->reqs;
		while (r && !r->finished)
			r = r->next;
		if (!r)
			return;
		struct http_result res;
		fill_result(r, &res);
		http_cb cb = r->cb;
		void *cctx = r->ctx;
		unlink_req(r);
		r->next = NULL;
		cb(cctx, &res);
		free(res.content_type);
		free(res.final_url);
		free(res.error);
		r->hc = hc;
		/* req_free unlinks again: harmless once out of the list. */
		req_free(r);
	}
}

static void
check_done(struct http_client *hc)
{
	CURLMsg *m;
	int left;
	bool any = false;
	while ((m = curl_multi_info_read(hc->multi, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		for (struct http_request *r = hc->reqs; r; r = r->next)
			if (r->easy == m->easy_handle) {
				r->finished = true;
				r->code = m->data.result;
				any = true;
			}
	}
	if (any && !hc->deliver_timer)
		hc->deliver_timer = loop_timer_add(hc->loop, 0, deliver_finished, hc);
}

static const char *
ca_from_env(void)
{
	const char *v = getenv("CURL_CA_BUNDLE");
	if (v && *v)
		return v;
	v = getenv("SSL_CERT_FILE");
	return v && *v ? v : NULL;
}

static void
setup_easy(struct http_request *r, const struct http_request_opts *o)
{
	CURL *e = r->easy;
	curl_easy_setopt(e, CURLOPT_URL, o->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
	long timeout = o->timeout_ms > 0 ? o->timeout_ms : HTTP_DEFAULT_TIMEOUT_MS;
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, timeout);
	long redirs = o->max_redirects == 0 ? HTTP_DEFAULT_MAX_REDIRECTS : o->max_redirects < 0 ? 0 : o->max_redirects;
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, redirs > 0 ? 1L : 0L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, redirs);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)r->max_bytes);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "https");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)CURLPROTO_HTTPS);
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS, (long)CURLPROTO_HTTPS);
#endif
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	const char *ca = o->ca_file ? o->ca_file : ca_from_env();
	if (ca)
		curl_easy_setopt(e, CURLOPT_CAINFO, ca);
	if (o->accept) {
		char h[200];
		snprintf(h, sizeof h, "Accept: %s", o->accept);
		r->headers = curl_slist_append(r->headers, h);
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->headers);
	}
}

struct http_request *
http_get(struct http_client *hc, const struct http_request_opts *o, http_cb cb, void *ctx)
{
	struct http_request *r = xcalloc(1, sizeof *r);
	r->hc = hc;
	r->cb = cb;
	r->ctx = ctx;
	r->started = loop_now_ms();
	r->max_bytes = o->max_bytes ? o->max_bytes : HTTP_DEFAULT_MAX_BYTES;
	sb_init_limit(&r->body, r->max_bytes + 1);
	r->next = hc->reqs;
	hc->reqs = r;
	loop_hold(hc->loop);
	r->easy = curl_easy_init();
	if (!r->easy) {
		r->finished = true;
		r->code = CURLE_FAILED_INIT;
	} else {
		setup_easy(r, o);
		CURLMcode mc = curl_multi_add_handle(hc->multi, r->easy);
		if (mc != CURLM_OK) {
			snprintf(r->errbuf, sizeof r->errbuf, "%s", curl_multi_strerror(mc));
			curl_easy_cleanup(r->easy);
			r->easy = NULL;
			r->finished = true;
			r->code = CURLE_FAILED_INIT;
		}
	}
	if (r->finished && !hc->deliver_timer)
		hc->deliver_timer = loop_timer_add(hc->loop, 0, deliver_finished, hc);
	return r;
}

static void
global_cleanup(void)
{
	curl_global_cleanup();
}

struct http_client *
http_client_new(struct loop *loop, char *err, size_t errlen)
{
	static bool inited;
	if (!inited) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			snprintf(err, errlen, "%s", _("libcurl could not be initialised"));
			return NULL;
		}
		atexit(global_cleanup);
		inited = true;
	}
	struct http_client *hc = xcalloc(1, sizeof *hc);
	hc->loop = loop;
	hc->multi = curl_multi_init();
	if (!hc->multi) {
		snprintf(err, errlen, "%s", _("libcurl could not be initialised"));
		free(hc);
		return NULL;
	}
	curl_multi_setopt(hc->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
	curl_multi_setopt(hc->multi, CURLMOPT_SOCKETDATA, hc);
	curl_multi_setopt(hc->multi, CURLMOPT_TIMERFUNCTION, on_timer);
	curl_multi_setopt(hc->multi, CURLMOPT_TIMERDATA, hc);
	return hc;
}

void
http_client_free(struct http_client *hc)
{
	if (!hc)
		return;
	while (hc->reqs)
		req_free(hc->reqs);
	if (hc->timer)
		loop_timer_cancel(hc->loop, hc->timer);
	if (hc->deliver_timer)
		loop_timer_cancel(hc->loop, hc->deliver_timer);
	curl_multi_cleanup(hc->multi);
	free(hc);
}
