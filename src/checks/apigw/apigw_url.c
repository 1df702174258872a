/* The custom domain as users paste it: a name, or the URL that failed
 * ("https://api.example.com/prod/pets"), whose path is what the check
 * requests. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/apigw/apigw_int.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "net/names.h"

#define PATH_MAX_LEN 2048

static bool
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* RFC 3986: unreserved, sub-delims, ':', '@', '/', '?', and '%' of an
 * escape; anything else must come percent-encoded. */
static bool
path_ok(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  (c && strchr("-._~!$&'()*+,;=:@/?", c) != NULL);
		if (c == '%')
			ok = i + 2 < n && is_hex(p[i + 1]) && is_hex(p[i + 2]);
		if (!ok)
			return false;
	}
	return true;
}

char *
apigw_parse_url(const char *in, char **path, char *why, size_t whylen)
{
	*path = NULL;
	while (*in == ' ' || *in == '\t')
		in++;
	size_t len = strlen(in);
	while (len && (in[len - 1] == ' ' || in[len - 1] == '\t' || in[len - 1] == '\n' || in[len - 1] == '\r'))
		len--;
	const char *p = in, *end = in + len;
	if (len >= 8 && !strncasecmp(p, "https://", 8))
		p += 8;
	else if (len >= 7 && !strncasecmp(p, "http://", 7))
		p += 7;
	else if (memchr(p, ':', len) && strstr(p, "://")) {
		snprintf(why, whylen, "%s", _("only https:// URLs (API Gateway serves custom domains over HTTPS)"));
		return NULL;
	}
	size_t hl = strcspn(p, "/?#");
	if (p + hl > end)
		hl = (size_t)(end - p);
	char *host = xstrndup(p, hl);
	char *at = strchr(host, '@'), *colon = strrchr(host, ':');
	if (at) {
		snprintf(why, whylen, "%s", _("a URL with a user name or password; give the host alone"));
		free(host);
		return NULL;
	}
	if (colon) {
		if (strcmp(colon, ":443")) {
			snprintf(why, whylen, "%s", _("custom domains answer on port 443 only"));
			free(host);
			return NULL;
		}
		*colon = '\0';
	}
	char *name = name_from_user(host, why, whylen);
	free(host);
	if (name && name[0] == '*') {
		snprintf(why, whylen, "%s", _("a wildcard is not a host to connect to; give one name under it"));
		free(name);
		return NULL;
	}
	if (!name)
		return NULL;
	const char *rest = p + hl;
	size_t rl = (size_t)(end - rest);
	const char *frag = memchr(rest, '#', rl);
	if (frag)
		rl = (size_t)(frag - rest);
	if (rl > PATH_MAX_LEN || !path_ok(rest, rl)) {
		snprintf(why, whylen, "%s", rl > PATH_MAX_LEN ? _("the URL path is too long")
			 : _("characters a URL path cannot hold (percent-encode them)"));
		free(name);
		return NULL;
	}
	if (rl == 0 || rest[0] == '?') {
		*path = xmalloc(rl + 2);
		(*path)[0] = '/';
		memcpy(*path + 1, rest, rl);
		(*path)[rl + 1] = '\0';
	} else {
		*path = xstrndup(rest, rl);
	}
	return name;
}
