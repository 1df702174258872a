/* SMTP probe: is a mail server there and does it greet? A non-blocking
 * TCP connect to port 25 on the event loop, the greeting read whole (one
 * or more lines), then EHLO and QUIT and nothing else: no MAIL, no RCPT,
 * no mail is ever sent. One deadline covers the whole conversation, so a
 * server that drips a byte at a time cannot hold the probe open; the bytes
 * read are bounded (SMTP_PROBE_BYTES_MAX) and parsed by smtp_reply. */
#ifndef ACMD_NET_SMTP_PROBE_H
#define ACMD_NET_SMTP_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/loop.h"

#define SMTP_PROBE_BYTES_MAX (64 * 1024)   /* read from one server, at most */
#define SMTP_PROBE_DEFAULT_TIMEOUT_MS 10000

struct smtp_probe_opts {
	const char *address;        /* numeric IPv4 or IPv6 address */
	uint16_t port;              /* 25 if 0 */
	int timeout_ms;             /* the whole conversation; 0: the default */
};

enum smtp_outcome {
	SMTP_GREETED,               /* a 220 greeting: the server takes connections */
	SMTP_REJECTED,              /* a greeting with another code (554, 421) */
	SMTP_REFUSED,               /* connection refused: nothing listens */
	SMTP_CONNECT_TIMEOUT,       /* no answer to the TCP connection (port 25 may be blocked here) */
	SMTP_GREETING_TIMEOUT,      /* connected, but no complete greeting in time */
	SMTP_MALFORMED,             /* the greeting is not an SMTP reply, or too long */
	SMTP_CLOSED,                /* closed before a complete greeting */
	SMTP_FAILED,                /* anything else: unreachable network, bad address */
};

struct smtp_result {
	enum smtp_outcome outcome;
	char *address;              /* as given */
	int banner_code;            /* 0 without a complete greeting */
	char *banner;               /* first line's text, sanitised */
	size_t banner_lines;
	int ehlo_code;              /* 0 if no EHLO reply was read */
	size_t ehlo_lines;
	char *ehlo_error;           /* why the EHLO reply was not read whole, or NULL */
	bool quit_sent;
	int quit_code;              /* 221 normally; 0 if none came */
	char *error;                /* why not greeted, for people, or NULL */
	bool bare_lf;               /* lines ended in LF alone */
	size_t bytes_read;
	int64_t elapsed_ms;
};

/* res is valid only while the callback runs. */
typedef void (*smtp_probe_cb)(void *ctx, const struct smtp_result *res);

struct smtp_probe;

/* Start a probe; cb runs exactly once from the loop unless cancelled (never
 * from inside start). Holds the loop while pending. */
struct smtp_probe *smtp_probe_start(struct loop *loop, const struct smtp_probe_opts *opts,
				    smtp_probe_cb cb, void *ctx);
void smtp_probe_cancel(struct smtp_probe *p);

/* Stable name for JSON: "greeted", "rejected", "refused", "connect-timeout" ... */
const char *smtp_outcome_name(enum smtp_outcome o);
struct smtp_result *smtp_result_dup(const struct smtp_result *res);
void smtp_result_free(struct smtp_result *res);

#endif
