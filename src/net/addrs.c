/* Server addresses and name-server lists as people paste them (addrs.h). */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "net/addrs.h"
#include "net/dns_wire.h"
#include "net/names.h"

#define SEPARATORS ", \t\r\n;"

static bool
port_parse(const char *s, int *port)
{
	long v = 0;
	if (!*s || strlen(s) > 5)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v < 1 || v > 65535)
		return false;
	*port = (int)v;
	return true;
}

static bool
is_ip(const char *s, int *family)
{
	unsigned char b[16];
	if (inet_pton(AF_INET, s, b) == 1) {
		*family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, s, b) == 1) {
		*family = AF_INET6;
		return true;
	}
	return false;
}

/* host[SEP port], with host copied out; false if it does not fit. */
static bool
split_at(const char *s, const char *sep, char *host, size_t hostlen, int *port)
{
	size_t hl = (size_t)(sep - s);
	if (hl == 0 || hl >= hostlen || !port_parse(sep + 1, port))
		return false;
	memcpy(host, s, hl);
	host[hl] = '\0';
	return true;
}

bool
addr_parse(const char *s, char *host, size_t hostlen, int *port)
{
	int family;
	*port = 0;
	if (!s || !*s || strlen(s) >= 128)
		return false;
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		size_t hl = close ? (size_t)(close - s - 1) : 0;
		if (!hl || hl >= hostlen)
			return false;
		memcpy(host, s + 1, hl);
		host[hl] = '\0';
		if (!is_ip(host, &family) || family != AF_INET6)
			return false;
		if (!close[1])
			return true;
		return strchr(":#@", close[1]) && port_parse(close + 2, port);
	}
	if (strlen(s) < hostlen && is_ip(s, &family)) {
		strcpy(host, s);
		return true;
	}
	/* BIND writes ADDR#PORT, unbound and knot ADDR@PORT; an IPv4 address
	 * also takes :PORT (an IPv6 one needs its brackets for that). */
	const char *sep = strrchr(s, '#');
	if (!sep)
		sep = strrchr(s, '@');
	if (!sep && strchr(s, ':') == strrchr(s, ':'))
		sep = strchr(s, ':');
	return sep && split_at(s, sep, host, hostlen, port) && is_ip(host, &family) &&
	       (family == AF_INET || *sep != ':');
}

/* One pasted token without the quotes, brackets and commas of JSON and the
 * final colon of a heading; NULL when it is only punctuation or the
 * NAMESERVERS label of `aws ... --output text`. */
static char *
clean_token(const char *tok)
{
	size_t n = strlen(tok);
	const char *p = tok;
	if (n >= 2 && p[0] == '[' && (p[1] == '"' || p[1] == '\'')) {
		p++;
		n--;
	}
	if (n >= 2 && p[n - 1] == ']' && (p[n - 2] == '"' || p[n - 2] == '\''))
		n--;
	while (n && (*p == '"' || *p == '\'' || *p == '{')) {
		p++;
		n--;
	}
	while (n && strchr("\"'}:", p[n - 1]) && !(p[n - 1] == ':' && memchr(p, ':', n - 1)))
		n--;
	char *t = xstrndup(p, n);
	if (!*t || !strcmp(t, "[") || !strcmp(t, "]") || !strcasecmp(t, "nameservers")) {
		free(t);
		return NULL;
	}
	return t;
}

/* The pasted parts of in, cleaned; returns how many (at most max + 1, so a
 * caller can tell "too many"). */
static size_t
tokens(const char *in, char **out, size_t max)
{
	char *copy = xstrdup(in), *save = NULL;
	size_t n = 0;
	for (char *t = strtok_r(copy, SEPARATORS, &save); t && n <= max; t = strtok_r(NULL, SEPARATORS, &save)) {
		char *c = clean_token(t);
		if (c)
			out[n++] = c;
	}
	free(copy);
	return n;
}

static void
tokens_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
}


/* "ADDR", "ADDR:PORT" or "[V6]:PORT", as the DNS client and the direct
 * queries take it. */
static void
add_addr(struct strbuf *sb, const char *host, int port)
{
	bool v6 = strchr(host, ':') != NULL;
	if (!port)
		sb_add(sb, host);
	else if (v6)
		sb_addf(sb, "[%s]:%d", host, port);
	else
		sb_addf(sb, "%s:%d", host, port);
}

char *
resolver_from_user(const char *in, char *why, size_t whylen)
{
	char *parts[ADDRS_MAX + 1];
	size_t n = tokens(in, parts, ADDRS_MAX);
	struct strbuf sb;
	sb_init_limit(&sb, 4096);
	bool ok = n > 0 && n <= ADDRS_MAX;
	if (!n)
		snprintf(why, whylen, "%s", _("no address given"));
	else if (n > ADDRS_MAX)
		snprintf(why, whylen, _("more than %d addresses"), ADDRS_MAX);
	for (size_t i = 0; ok && i < n; i++) {
		char host[64];
		int port;
		/* dig's @ADDR */
		const char *p = parts[i][0] == '@' ? parts[i] + 1 : parts[i];
		if (!addr_parse(p, host, sizeof host, &port)) {
			char *shown = san_str(parts[i], 80, SAN_ASCII);
			snprintf(why, whylen, _("\"%s\" is not an IP address with an optional port (192.0.2.1, 192.0.2.1:5353, [2001:db8::1]:53)"), shown);
			free(shown);
			ok = false;
			break;
		}
		if (sb.len)
			sb_addc(&sb, ',');
		add_addr(&sb, host, port);
	}
	tokens_free(parts, n);
	if (!ok) {
		sb_free(&sb);
		return NULL;
	}
	return sb_steal(&sb);
}

/* A host name a name server can have: letters, digits, '-' and '_' in two
 * labels or more; no wildcard, no escapes. */
static char *
ns_host(const char *s)
{
	char why[160];
	char *n = name_from_user(s, why, sizeof why);
	if (!n)
		return NULL;
	bool ok = dns_name_labels(n) >= 2;
	for (const char *p = n; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.';
	if (!ok) {
		free(n);
		return NULL;
	}
	return n;
}

bool
ns_list_from_user(const char *in, char ***v, size_t *n, size_t max, char *why, size_t whylen)
{
	char *parts[ADDRS_MAX + 1];
	size_t k = tokens(in, parts, ADDRS_MAX);
	char *canon[ADDRS_MAX];
	size_t nc = 0;
	bool ok = true;
	if (!k) {
		snprintf(why, whylen, "%s", _("no name server given"));
		ok = false;
	} else if (*n + k > max) {
		snprintf(why, whylen, _("more than %zu name servers in all"), max);
		ok = false;
	}
	for (size_t i = 0; ok && i < k; i++) {
		char host[64];
		int port;
		struct strbuf sb;
		if (addr_parse(parts[i], host, sizeof host, &port)) {
			sb_init(&sb);
			add_addr(&sb, host, port);
			canon[nc++] = sb_steal(&sb);
		} else if ((canon[nc] = ns_host(parts[i]))) {
			nc++;
		} else {
			char *shown = san_str(parts[i], 80, SAN_ASCII);
			snprintf(why, whylen, _("\"%s\" is neither an IP address nor a host name"), shown);
			free(shown);
			ok = false;
		}
	}
	for (size_t i = 0; i < nc; i++) {
		if (ok)
			strv_push(v, n, canon[i]);
		free(canon[i]);
	}
	tokens_free(parts, k);
	return ok;
}
