/* A cJSON tree as one line, byte for byte what cJSON_PrintUnformatted
 * makes (report_int.h): cJSON measures its buffer with strlen after every
 * value and copies strings a byte at a time, which made printing a third
 * of a fleet scan's JSON. Strings are copied in runs between the bytes
 * that need escaping; numbers, rare here, are printed by cJSON itself. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/strbuf.h"
#include "report/report_int.h"

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
put_string(struct strbuf *sb, const char *s)
{
	sb_addc(sb, '"');
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	for (;;) {
		const unsigned char *run = p;
		while (plain[*p])
			p++;
		sb_addn(sb, (const char *)run, (size_t)(p - run));
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
		sb_addn(sb, esc, strlen(esc));
		p++;
	}
	sb_addc(sb, '"');
}

static void
put_number(struct strbuf *sb, const cJSON *item)
{
	char num[64];
	if (!cJSON_PrintPreallocated((cJSON *)item, num, (int)sizeof num, 0))
		snprintf(num, sizeof num, "null");
	sb_addn(sb, num, strlen(num));
}

static void
put_value(struct strbuf *sb, const cJSON *item)
{
	switch (item->type & 0xFF) {
	case cJSON_NULL: sb_addn(sb, "null", 4); break;
	case cJSON_False: sb_addn(sb, "false", 5); break;
	case cJSON_True: sb_addn(sb, "true", 4); break;
	case cJSON_Number: put_number(sb, item); break;
	case cJSON_Raw:
		if (item->valuestring)
			sb_addn(sb, item->valuestring, strlen(item->valuestring));
		break;
	case cJSON_String: put_string(sb, item->valuestring); break;
	case cJSON_Array:
	case cJSON_Object: {
		bool object = (item->type & 0xFF) == cJSON_Object;
		sb_addc(sb, object ? '{' : '[');
		for (const cJSON *c = item->child; c; c = c->next) {
			if (object) {
				put_string(sb, c->string);
				sb_addc(sb, ':');
			}
			put_value(sb, c);
			if (c->next)
				sb_addc(sb, ',');
		}
		sb_addc(sb, object ? '}' : ']');
		break;
	}
	default: break;
	}
}

const char *
report_json_line(struct strbuf *sb, const cJSON *root)
{
	if (!plain['a'])
		plain_init();
	sb_reset(sb);
	put_value(sb, root);
	return sb->buf;
}
