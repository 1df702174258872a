/* HTTP requests with libcurl on the event loop (net/http_probe.h).
 *
 * curl tells us which sockets to watch and when to wake it; the loop calls
 * back, we hand the event to curl_multi_socket_action and collect what
 * finished. A finished request is delivered from a fresh loop turn (a 0 ms
 * timer), so a callback that cancels requests or frees the client never
 * runs inside curl. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "net/http_probe.h"

#define ERROR_TEXT_MAX 512

struct http_client {
	struct loop *loop;
	CURLM *multi;
	uint64_t timer;
	struct http_request *requests;  /* pending, a doubly linked list */
};

struct http_request {
	struct http_client *client;
	struct http_request *prev, *next;
	CURL *easy;
	struct curl_slist *send_headers;
	struct curl_slist *connect_to;
	char *body;                     /* a copy of what is sent */
	size_t body_len;
	bool wipe;                      /* zero what is held before it is freed */
	void (*dropped)(void *ctx);     /* ended without cb */
	char errbuf[CURL_ERROR_SIZE];
	size_t max_body;
	struct strbuf got;              /* the body kept */
	struct http_response res;
	bool head_too_big;
	uint64_t deliver;               /* the delivery timer once finished */
	int64_t started;
	http_cb cb;
	void *ctx;
};

static void
global_init(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	atexit(curl_global_cleanup);
}

/* ---- the loop's side ---- */

static void collect(struct http_client *c);

static void
act(struct http_client *c, curl_socket_t s, int flags)
{
	int running = 0;
	curl_multi_socket_action(c->multi, s, flags, &running);
	collect(c);
}

static void
on_fd(void *ctx, int fd, int ready)
{
	struct http_client *c = ctx;
	act(c, fd, ((ready & LOOP_READ) ? CURL_CSELECT_IN : 0) | ((ready & LOOP_WRITE) ? CURL_CSELECT_OUT : 0));
}

static void
on_timeout(void *ctx)
{
	struct http_client *c = ctx;
	c->timer = 0;
	act(c, CURL_SOCKET_TIMEOUT, 0);
}

static int
socket_cb(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
	struct http_client *c = userp;
	(void)easy;
	(void)socketp;
	if (what == CURL_POLL_REMOVE) {
		loop_unwatch(c->loop, s);
		return 0;
	}
	int ev = (what & CURL_POLL_IN ? LOOP_READ : 0) | (what & CURL_POLL_OUT ? LOOP_WRITE : 0);
	loop_watch(c->loop, s, ev, on_fd, c);
	return 0;
}

static int
timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct http_client *c = userp;
	(void)multi;
	if (c->timer)
		loop_timer_cancel(c->loop, c->timer);
	c->timer = timeout_ms < 0 ? 0 : loop_timer_add(c->loop, timeout_ms, on_timeout, c);
	return 0;
}

/* ---- a request's life ---- */

static void
unlink_request(struct http_request *r)
{
	struct http_client *c = r->client;
	if (r->prev)
		r->prev->next = r->next;
	else
		c->requests = r->next;
	if (r->next)
		r->next->prev = r->prev;
	r->prev = r->next = NULL;
}

static void
detach_easy(struct http_request *r)
{
	if (!r->easy)
		return;
	curl_multi_remove_handle(r->client->multi, r->easy);
	curl_easy_cleanup(r->easy);
	r->easy = NULL;
}

static void
wipe_str(char *s)
{
	if (s)
		explicit_bzero(s, strlen(s));
}

/* Zero every copy the request holds that may carry a secret. */
static void
wipe_request(struct http_request *r)
{
	for (struct curl_slist *l = r->send_headers; l; l = l->next)
		wipe_str(l->data);
	if (r->body)
		explicit_bzero(r->body, r->body_len);
	if (r->got.buf)
		explicit_bzero(r->got.buf, r->got.alloc);
	struct http_head *h = &r->res.head;
	for (size_t i = 0; i < h->n_fields; i++) {
		wipe_str(h->fields[i].name);
		wipe_str(h->fields[i].value);
	}
	wipe_str(h->version);
	wipe_str(h->reason);
}

/* Free what the request holds; it is already out of the client's list
 * and curl's, so this works after the client is gone too. */
static void
request_drop(struct http_request *r, struct loop *loop)
{
	if (r->wipe)
		wipe_request(r);
	curl_slist_free_all(r->send_headers);
	curl_slist_free_all(r->connect_to);
	free(r->body);
	sb_free(&r->got);
	http_head_clear(&r->res.head);
	free(r->res.error);
	free(r->res.primary_ip);
	free(r->res.final_url);
	free(r);
	loop_release(loop);
}

static void
request_free(struct http_request *r)
{
	struct loop *loop = r->client->loop;
	void (*dropped)(void *) = r->dropped;
	void *ctx = r->ctx;
	if (r->deliver)
		loop_timer_cancel(loop, r->deliver);
	detach_easy(r);
	unlink_request(r);
	request_drop(r, loop);
	if (dropped)
		dropped(ctx);
}

/* The callback may cancel other requests or free the client: the request
 * leaves the client's list first and is freed without it afterwards. */
static void
deliver(void *ctx)
{
	struct http_request *r = ctx;
	struct loop *loop = r->client->loop;
	r->deliver = 0;
	r->res.body = r->got.buf;
	r->res.body_len = r->got.len;
	r->res.elapsed_ms = loop_now_ms() - r->started;
	unlink_request(r);
	r->cb(r->ctx, &r->res);
	r->res.body = NULL;
	request_drop(r, loop);
}

static void
set_error(struct http_request *r, const char *text)
{
	free(r->res.error);
	r->res.error = san_str(text, ERROR_TEXT_MAX, 0);
}

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

static enum http_failure
failure_of(const struct http_request *r, CURLcode code)
{
	switch (code) {
	case CURLE_OK: return HTTP_FAIL_NONE;
	case CURLE_OPERATION_TIMEDOUT: return HTTP_FAIL_TIMEOUT;
	case CURLE_TOO_MANY_REDIRECTS: return HTTP_FAIL_REDIRECTS;
	case CURLE_WRITE_ERROR:
		return r->res.body_truncated || r->head_too_big ? HTTP_FAIL_TOO_BIG : HTTP_FAIL_OTHER;
	case CURLE_COULDNT_RESOLVE_HOST: case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT: return HTTP_FAIL_CONNECT;
	case CURLE_PEER_FAILED_VERIFICATION: case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CACERT_BADFILE: case CURLE_SSL_CERTPROBLEM:
		return HTTP_FAIL_TLS;
	default: return HTTP_FAIL_OTHER;
	}
}

/* Where the exchange ended: the address, the URL after redirects. */
static void
read_info(struct http_request *r)
{
	char *ip = NULL, *url = NULL;
	if (curl_easy_getinfo(r->easy, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip && *ip)
		r->res.primary_ip = san_str(ip, 64, SAN_ASCII);
	if (curl_easy_getinfo(r->easy, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url)
		r->res.final_url = san_str(url, 500, SAN_ASCII);
	curl_easy_getinfo(r->easy, CURLINFO_REDIRECT_COUNT, &r->res.redirects);
}

/* What finished: read its outcome, drop the easy handle, deliver soon. */
static void
finished(struct http_request *r, CURLcode code)
{
	r->res.curl_code = (int)code;
	r->res.complete = code == CURLE_OK;
	r->res.failure = failure_of(r, code);
	read_info(r);
	if (r->res.body_truncated && code == CURLE_WRITE_ERROR) {
		/* Not "the first N bytes are kept": a caller that needs the
		 * whole document (RDAP) has nothing; the kept part is for
		 * display only, flagged by body_truncated. */
		char what[160];
		snprintf(what, sizeof what, _("the answer is larger than %zu bytes"), r->max_body);
		set_error(r, what);
	} else if (r->head_too_big) {
		set_error(r, _("the response head is too large; the server is not answering as HTTP"));
	} else if (code != CURLE_OK) {
		struct strbuf sb;
		sb_init_limit(&sb, ERROR_TEXT_MAX);
		sb_addf(&sb, "curl %d: %s", (int)code, r->errbuf[0] ? r->errbuf : curl_easy_strerror(code));
		set_error(r, sb.buf);
		sb_free(&sb);
	}
	detach_easy(r);
	r->deliver = loop_timer_add(r->client->loop, 0, deliver, r);
}

static void
collect(struct http_client *c)
{
	CURLMsg *m;
	int left;
	while ((m = curl_multi_info_read(c->multi, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		struct http_request *r = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&r);
		if (r)
			finished(r, m->data.result);
	}
}

/* ---- what the server sends ---- */

static size_t
on_header(char *buf, size_t size, size_t n, void *ud)
{
	struct http_request *r = ud;
	size_t len = size * n;
	enum http_line l = http_head_line(&r->res.head, buf, len);
	if (l == HTTP_LINE_TOO_BIG) {
		r->head_too_big = true;
		return 0;
	}
	if (l == HTTP_LINE_END && r->res.head.status >= 200)
		r->res.have_head = true;
	return len;
}

/* A body that may hold secrets grows by copy and wipe: realloc would
 * leave the old bytes in freed memory. */
static void
grow_wiped(struct strbuf *sb, size_t n)
{
	if (sb->len + n + 1 <= sb->alloc)
		return;
	size_t want = sb->alloc;
	while (want < sb->len + n + 1)
		want *= 2;
	char *nb = xmalloc(want);
	memcpy(nb, sb->buf, sb->len + 1);
	explicit_bzero(sb->buf, sb->alloc);
	free(sb->buf);
	sb->buf = nb;
	sb->alloc = want;
}

static size_t
on_body(char *buf, size_t size, size_t n, void *ud)
{
	struct http_request *r = ud;
	size_t len = size * n;
	size_t room = r->max_body - r->got.len;
	size_t keep = len < room ? len : room;
	if (r->wipe)
		grow_wiped(&r->got, keep);
	sb_addn(&r->got, buf, keep);
	if (len > room) {
		r->res.body_truncated = true;
		return 0;                       /* stop the transfer */
	}
	return len;
}

/* ---- start ---- */

static bool
set_protocols(CURL *e, bool allow_http)
{
#if LIBCURL_VERSION_NUM >= 0x075500
	const char *p = allow_http ? "http,https" : "https";
	return curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, p) == CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, p) == CURLE_OK;
#else
	long p = CURLPROTO_HTTPS | (allow_http ? CURLPROTO_HTTP : 0);
	return curl_easy_setopt(e, CURLOPT_PROTOCOLS, p) == CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS, p) == CURLE_OK;
#endif
}

/* "host:port:address:port" for CURLOPT_CONNECT_TO, from the URL's host. */
static bool
connect_to_entry(struct http_request *r, const char *url, const char *addr)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL;
	bool ok = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK;
	if (ok) {
		struct strbuf sb;
		sb_init_limit(&sb, 1024);
		bool v6 = strchr(addr, ':') != NULL;
		sb_addf(&sb, "%s:%s:%s%s%s:%s", host, port, v6 ? "[" : "", addr, v6 ? "]" : "", port);
		r->connect_to = curl_slist_append(NULL, sb.buf);
		ok = r->connect_to && !sb.truncated;
		sb_free(&sb);
	}
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return ok;
}

/* libcurl reads CURL_CA_BUNDLE and SSL_CERT_FILE only in the curl tool;
 * users who set them expect them honoured here too. */
static const char *
ca_from_env(void)
{
	const char *v = getenv("CURL_CA_BUNDLE");
	if (v && *v)
		return v;
	v = getenv("SSL_CERT_FILE");
	return v && *v ? v : NULL;
}

static bool
configure(struct http_request *r, const struct http_request_opts *o)
{
	CURL *e = r->easy;
	bool ok = curl_easy_setopt(e, CURLOPT_URL, o->url) == CURLE_OK && set_protocols(e, o->allow_http);
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_NOPROGRESS, 1L);
	curl_easy_setopt(e, CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	int t = o->timeout_ms > 0 ? o->timeout_ms : HTTP_DEFAULT_TIMEOUT_MS;
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)t);
	int ct = o->connect_timeout_ms > 0 ? o->connect_timeout_ms : t;
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)ct);
	if (o->no_proxy)
		curl_easy_setopt(e, CURLOPT_PROXY, "");
	if (o->max_redirects > 0) {
		/* Over the protocols set above only (https unless allow_http). */
		curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(e, CURLOPT_MAXREDIRS, (long)o->max_redirects);
	}
	if (o->method && strcmp(o->method, "GET"))
		ok &= curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, o->method) == CURLE_OK;
	if (o->method && !strcmp(o->method, "HEAD"))
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	for (size_t i = 0; i < o->n_headers; i++)
		r->send_headers = curl_slist_append(r->send_headers, o->headers[i]);
	if (r->send_headers)
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->send_headers);
	if (o->body) {
		r->body_len = o->body_len ? o->body_len : 1;
		r->body = xmemdup(o->body, r->body_len);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)o->body_len);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body);
	}
	if (o->connect_to) {
		ok &= connect_to_entry(r, o->url, o->connect_to);
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, r->connect_to);
	}
	const char *ca = o->ca_file ? o->ca_file : o->system_ca ? NULL : ca_from_env();
	if (ca)
		ok &= curl_easy_setopt(e, CURLOPT_CAINFO, ca) == CURLE_OK;
	if (o->insecure) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (o->setup)
		o->setup(o->setup_ctx, e);
	return ok;
}

struct http_request *
http_request_start(struct http_client *c, const struct http_request_opts *o, http_cb cb, void *ctx)
{
	struct http_request *r = xcalloc(1, sizeof *r);
	r->client = c;
	r->cb = cb;
	r->ctx = ctx;
	r->wipe = o->wipe;
	r->dropped = o->dropped;
	r->started = loop_now_ms();
	r->max_body = o->max_body ? o->max_body : HTTP_DEFAULT_MAX_BODY;
	sb_init_limit(&r->got, r->max_body);
	loop_hold(c->loop);
	r->next = c->requests;
	if (c->requests)
		c->requests->prev = r;
	c->requests = r;
	r->easy = curl_easy_init();
	if (!r->easy || !o->url || !configure(r, o) || curl_multi_add_handle(c->multi, r->easy) != CURLM_OK) {
		set_error(r, _("the request could not be set up (a URL or option curl refuses)"));
		r->res.curl_code = CURLE_FAILED_INIT;
		r->res.failure = HTTP_FAIL_OTHER;
		detach_easy(r);
		r->deliver = loop_timer_add(c->loop, 0, deliver, r);
	}
	return r;
}

void
http_request_cancel(struct http_request *r)
{
	if (r)
		request_free(r);
}

struct http_client *
http_client_new(struct loop *loop)
{
	global_init();
	struct http_client *c = xcalloc(1, sizeof *c);
	c->loop = loop;
	c->multi = curl_multi_init();
	if (!c->multi) {
		fprintf(stderr, "acm-doctor: %s\n", _("libcurl could not start"));
		abort();
	}
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETDATA, c);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERDATA, c);
	return c;
}

void
http_client_free(struct http_client *c)
{
	if (!c)
		return;
	while (c->requests)
		request_free(c->requests);
	curl_multi_cleanup(c->multi);
	if (c->timer)
		loop_timer_cancel(c->loop, c->timer);
	free(c);
}

/* ---- results ---- */

struct http_response *
http_response_dup(const struct http_response *res)
{
	struct http_response *d = xmalloc(sizeof *d);
	*d = *res;
	http_head_copy(&d->head, &res->head);
	d->error = res->error ? xstrdup(res->error) : NULL;
	d->primary_ip = res->primary_ip ? xstrdup(res->primary_ip) : NULL;
	d->final_url = res->final_url ? xstrdup(res->final_url) : NULL;
	d->body = xmalloc(res->body_len + 1);
	if (res->body_len)
		memcpy(d->body, res->body, res->body_len);
	d->body[res->body_len] = '\0';
	return d;
}

void
http_response_free(struct http_response *res)
{
	if (!res)
		return;
	http_head_clear(&res->head);
	free(res->error);
	free(res->primary_ip);
	free(res->final_url);
	free(res->body);
	free(res);
}
