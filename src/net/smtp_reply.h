/* Reading SMTP replies (RFC 5321 4.2) from bytes a server sends: a pure,
 * bounded parser, fed in pieces as they arrive, that the SMTP probe and
 * the fuzzer drive. Everything a server sends is hostile: a line longer
 * than SMTP_LINE_MAX, a reply of more than SMTP_REPLY_LINES_MAX lines,
 * lines whose codes differ or are not three digits are errors, never a
 * reason to keep reading. Lines may end in CRLF or a bare LF (many MTAs
 * accept both); the text kept is sanitised for a terminal. */
#ifndef ACMD_NET_SMTP_REPLY_H
#define ACMD_NET_SMTP_REPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SMTP_LINE_MAX 1000          /* bytes of one reply line, CRLF included (RFC 5321 4.5.3.1.5 allows 512) */
#define SMTP_REPLY_LINES_MAX 100    /* lines of one reply */
#define SMTP_TEXT_MAX 300           /* bytes of a line's text kept for people */

enum smtp_feed {
	SMTP_FEED_MORE,             /* every byte used; the reply is not complete */
	SMTP_FEED_REPLY,            /* a reply is complete (*used bytes consumed) */
	SMTP_FEED_ERROR,            /* the bytes are not an SMTP reply (error set) */
};

struct smtp_reply {
	int code;                   /* 220, 554 ...; 0 while none */
	size_t n_lines;
	char *first;                /* text of the first line, sanitised ("mx.example ESMTP") */
	char *last;                 /* text of the last line, sanitised, NULL for one line */
	bool bare_lf;               /* some line ended in LF without CR */
};

struct smtp_reader {
	char line[SMTP_LINE_MAX + 1];
	size_t len;                 /* bytes of the current line so far */
	struct smtp_reply reply;    /* the reply being read, then the one complete */
	char error[160];
};

void smtp_reader_init(struct smtp_reader *r);
/* Feed n bytes; stops after one complete reply (read it in r->reply, then
 * smtp_reader_next before feeding the rest: *used says where it stopped). */
enum smtp_feed smtp_reader_feed(struct smtp_reader *r, const uint8_t *buf, size_t n, size_t *used);
/* Forget the complete reply, keep reading after it. */
void smtp_reader_next(struct smtp_reader *r);
void smtp_reader_free(struct smtp_reader *r);

#endif
