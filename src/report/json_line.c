/* A cJSON tree as one line, byte for byte what cJSON_PrintUnformatted
 * makes (report_int.h): cJSON measures its buffer with strlen after every
 * value and copies strings a byte at a time, which made printing a third
 * of a fleet scan's JSON. Strings are copied in runs between the bytes
 * that need escaping; numbers, rare here, are printed by cJSON itself. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/xalloc.h"
#include "report/report_int.h"

static void
grow(struct json_line *l, size_t n)
{
	size_t cap = l->cap ? l->cap : 4096;
	while (cap < l->len + n + 1)
		cap *= 2;
	l->buf = xrealloc(l->buf, cap);
	l->cap = cap;
}

static inline void
reserve(struct json_line *l, size_t n)
{
	if (l->len + n + 1 > l->cap)
		grow(l, n);
}

static inline void
put(struct json_line *l, const char *s, size_t n)
{
	reserve(l, n);
	memcpy(l->buf + l->len, s, n);
	l->len += n;
}

static inline void
put_char(struct json_line *l, char c)
{
	reserve(l, 1);
	l->buf[l->len++] = c;
}

/* The bytes cJSON escapes: '"', '\\' and every byte below 0x20 (NUL
 * ends the string); the rest, UTF-8 or not, goes as it is. A table: one
 * load per byte of 70 MB of a fleet scan's output. */
static unsigned char plain[256];

static void
plain_init(void)
{
	for (int c = 0x20; c < 256; c++)
		plain[c] = c != '"' && c != '\\';
}

static void
put_string(struct json_line *l, const char *s)
{
	put_char(l, '"');
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	for (;;) {
		const unsigned char *run = p;
		while (plain[*p])
			p++;
		put(l, (const char *)run, (size_t)(p - run));
		if (!*p)
			break;
		char esc[8];
		switch (*p) {
		case '"': memcpy(esc, "\\\"", 3); break;
		case '\\': memcpy(esc, "\\\\", 3); break;
		case '\b': memcpy(esc, "\\b", 3); break;
		case '\f': memcpy(esc, "\\f", 3); break;
		case '\n': memcpy(esc, "\\n", 3); break;
		case '\r': memcpy(esc, "\\r", 3); break;
		case '\t': memcpy(esc, "\\t", 3); break;
		default: snprintf(esc, sizeof esc, "\\u%04x", *p); break;
		}
		put(l, esc, strlen(esc));
		p++;
	}
	put_char(l, '"');
}

static void
put_number(struct json_line *l, const cJSON *item)
{
	char num[64];
	if (!cJSON_PrintPreallocated((cJSON *)item, num, (int)sizeof num, 0))
		snprintf(num, sizeof num, "null");
	put(l, num, strlen(num));
}

static void
put_value(struct json_line *l, const cJSON *item)
{
	switch (item->type & 0xFF) {
	case cJSON_NULL: put(l, "null", 4); break;
	case cJSON_False: put(l, "false", 5); break;
	case cJSON_True: put(l, "true", 4); break;
	case cJSON_Number: put_number(l, item); break;
	case cJSON_Raw:
		if (item->valuestring)
			put(l, item->valuestring, strlen(item->valuestring));
		break;
	case cJSON_String: put_string(l, item->valuestring); break;
	case cJSON_Array:
	case cJSON_Object: {
		bool object = (item->type & 0xFF) == cJSON_Object;
		put_char(l, object ? '{' : '[');
		for (const cJSON *c = item->child; c; c = c->next) {
			if (object) {
				put_string(l, c->string);
				put_char(l, ':');
			}
			put_value(l, c);
			if (c->next)
				put_char(l, ',');
		}
		put_char(l, object ? '}' : ']');
		break;
	}
	default: break;
	}
}

const char *
report_json_line(struct json_line *l, const cJSON *root)
{
	if (!plain['a'])
		plain_init();
	l->len = 0;
	put_value(l, root);
	reserve(l, 0);
	l->buf[l->len] = '\0';
	return l->buf;
}
