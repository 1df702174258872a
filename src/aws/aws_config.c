/* AWS settings from options, environment and the shared files (see
 * aws_config.h). Precedence as in botocore/go-v2: option, then the
 * environment, then the profile. */
#include "config.h"

#include <ctype.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "aws/aws_config.h"
#include "core/datafile.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strv.h"
#include "core/xalloc.h"

#define SVC_ROW(id, sign, env, key, host) { sign, env, key, host },
static const struct {
	const char *sign, *env, *key, *host;
} services[] = { AWS_SERVICES(SVC_ROW) };
#undef SVC_ROW

const char *
aws_env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

static const char *
home_dir(void)
{
	const char *h = aws_env("HOME");
	if (h)
		return h;
	struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_dir ? pw->pw_dir : "/";
}

/* "~/x" and "~" as the SDKs expand them; other paths as given. */
static char *
expand_home(const char *path)
{
	if (path[0] != '~' || (path[1] && path[1] != '/'))
		return xstrdup(path);
	const char *h = home_dir();
	size_t n = strlen(h) + strlen(path) + 1;
	char *out = xmalloc(n);
	snprintf(out, n, "%s%s", h, path + 1);
	return out;
}

static char *
file_path(const char *env, const char *dflt)
{
	const char *v = aws_env(env);
	if (v)
		return expand_home(v);
	const char *h = home_dir();
	size_t n = strlen(h) + strlen(dflt) + 2;
	char *out = xmalloc(n);
	snprintf(out, n, "%s/%s", h, dflt);
	return out;
}

static const char *
section_get(const struct aws_ini *ini, const char *section, const char *key)
{
	const char *v = aws_ini_get(ini, section, key);
	return v && *v ? v : NULL;
}

const char *
aws_config_get(const struct aws_config *c, const char *profile, const char *key)
{
	char section[300];
	if (!strcmp(profile, "default")) {
		const char *v = section_get(c->config, "default", key);
		if (v)
			return v;
	}
	snprintf(section, sizeof section, "profile %s", profile);
	return section_get(c->config, section, key);
}

const char *
aws_credentials_get(const struct aws_config *c, const char *profile, const char *key)
{
	return section_get(c->credentials, profile, key);
}

bool
aws_profile_exists(const struct aws_config *c, const char *profile)
{
	char section[300];
	snprintf(section, sizeof section, "profile %s", profile);
	return aws_ini_has_section(c->credentials, profile) ||
	       aws_ini_has_section(c->config, section) ||
	       (!strcmp(profile, "default") && aws_ini_has_section(c->config, "default"));
}

bool
aws_region_syntax_ok(const char *s)
{
	/* two letters, then "-word" parts, then "-N": eu-west-1, us-gov-west-1 */
	size_t n = strlen(s);
	if (n < 6 || n > 40 || !islower((unsigned char)s[0]) || !islower((unsigned char)s[1]) || s[2] != '-')
		return false;
	const char *last = strrchr(s, '-');
	if (last == s + 2 || !last[1])
		return false;
	for (const char *p = last + 1; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	for (const char *p = s; p < last; p++)
		if (!islower((unsigned char)*p) && *p != '-')
			return false;
	return !strstr(s, "--");
}

static int
bad_setting(char *err, size_t errlen, const char *what, const char *value, const char *want)
{
	char *q = san_str(value, 80, SAN_ASCII);
	snprintf(err, errlen, _("%s \"%s\": %s"), what, q, want);
	free(q);
	return -1;
}

static int
load_region(struct aws_config *c, const struct aws_config_opts *o, char *err, size_t errlen)
{
	const char *v = o->region, *from = "--region";
	if (!v && (v = aws_env("AWS_REGION")))
		from = "AWS_REGION";
	if (!v && (v = aws_env("AWS_DEFAULT_REGION")))
		from = "AWS_DEFAULT_REGION";
	char pfrom[320];
	if (!v && (v = aws_config_get(c, c->profile, "region"))) {
		snprintf(pfrom, sizeof pfrom, "region in profile %s", c->profile);
		from = pfrom;
	}
	if (!v)
		return 0;
	if (!aws_region_syntax_ok(v))
		return bad_setting(err, errlen, from, v, _("not an AWS region name (such as eu-west-1)"));
	c->region = xstrdup(v);
	c->region_from = xstrdup(from);
	return 0;
}

static int
load_attempts(struct aws_config *c, char *err, size_t errlen)
{
	const char *v = aws_env("AWS_MAX_ATTEMPTS"), *from = "AWS_MAX_ATTEMPTS";
	if (!v && (v = aws_config_get(c, c->profile, "max_attempts")))
		from = "max_attempts";
	c->max_attempts = 3;
	if (!v)
		return 0;
	char *end;
	long n = strtol(v, &end, 10);
	if (*end || n < 1 || n > 10)
		return bad_setting(err, errlen, from, v, _("want a number of attempts from 1 to 10"));
	c->max_attempts = (int)n;
	return 0;
}

static bool
truthy(const char *v)
{
	return v && !strcasecmp(v, "true");
}

int
aws_config_load(struct aws_config *c, const struct aws_config_opts *o, char *err, size_t errlen)
{
	memset(c, 0, sizeof *c);
	const char *p = o->profile;
	c->profile_from = p ? "--profile" : NULL;
	if (!p && (p = aws_env("AWS_PROFILE")))
		c->profile_from = "AWS_PROFILE";
	if (!p && (p = aws_env("AWS_DEFAULT_PROFILE")))
		c->profile_from = "AWS_DEFAULT_PROFILE";
	c->profile = xstrdup(p ? p : "default");
	c->config_path = file_path("AWS_CONFIG_FILE", ".aws/config");
	c->credentials_path = file_path("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
	if (!(c->config = aws_ini_load(c->config_path, err, errlen)) ||
	    !(c->credentials = aws_ini_load(c->credentials_path, err, errlen)))
		return -1;
	if (load_region(c, o, err, errlen) < 0 || load_attempts(c, err, errlen) < 0)
		return -1;
	const char *ca = aws_env("AWS_CA_BUNDLE");
	if (!ca)
		ca = aws_config_get(c, c->profile, "ca_bundle");
	c->ca_bundle = ca ? expand_home(ca) : NULL;
	c->ignore_endpoints = truthy(aws_env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) ||
		truthy(aws_config_get(c, c->profile, "ignore_configured_endpoint_urls"));
	return 0;
}

void
aws_config_free(struct aws_config *c)
{
	free(c->profile);
	free(c->region);
	free(c->region_from);
	free(c->ca_bundle);
	free(c->config_path);
	free(c->credentials_path);
	aws_ini_free(c->config);
	aws_ini_free(c->credentials);
	memset(c, 0, sizeof *c);
}

/* An override as written, without a trailing '/'; NULL if not http(s). */
static char *
url_of(const char *v)
{
	if (!v || (strncmp(v, "https://", 8) && strncmp(v, "http://", 7)))
		return NULL;
	size_t n = strlen(v);
	while (n > 8 && v[n - 1] == '/')
		n--;
	return xstrndup(v, n);
}

static char *
override_url(const struct aws_config *c, enum aws_service s)
{
	char env[64];
	snprintf(env, sizeof env, "AWS_ENDPOINT_URL_%s", services[s].env);
	char *u;
	if ((u = url_of(aws_env(env))) || (u = url_of(aws_env("AWS_ENDPOINT_URL"))))
		return u;
	const char *group = aws_config_get(c, c->profile, "services");
	if (group) {
		char section[300], key[64];
		snprintf(section, sizeof section, "services %s", group);
		snprintf(key, sizeof key, "%s.endpoint_url", services[s].key);
		if ((u = url_of(section_get(c->config, section, key))))
			return u;
	}
	return url_of(aws_config_get(c, c->profile, "endpoint_url"));
}

static const char *
dns_suffix(const char *region)
{
	return region && !strncmp(region, "cn-", 3) ? "amazonaws.com.cn" : "amazonaws.com";
}

char *
aws_endpoint_url(const struct aws_config *c, enum aws_service s, const char *region,
		 bool *overridden)
{
	char *u = c->ignore_endpoints ? NULL : override_url(c, s);
	if (overridden)
		*overridden = u != NULL;
	if (u)
		return u;
	char buf[200];
	if (s == AWS_SVC_ROUTE53 && region && !strncmp(region, "us-gov-", 7))
		snprintf(buf, sizeof buf, "https://route53.us-gov.amazonaws.com");
	else if (s == AWS_SVC_ROUTE53 || (s == AWS_SVC_STS && !region))
		snprintf(buf, sizeof buf, "https://%s.%s", services[s].host, dns_suffix(region));
	else
		snprintf(buf, sizeof buf, "https://%s.%s.%s", services[s].host, region ? region : "us-east-1",
			 dns_suffix(region));
	return xstrdup(buf);
}

const char *
aws_signing_region(enum aws_service s, const char *region)
{
	if (s == AWS_SVC_ROUTE53) {
		if (region && !strncmp(region, "cn-", 3))
			return "cn-northwest-1";
		if (region && !strncmp(region, "us-gov-", 7))
			return "us-gov-west-1";
		return "us-east-1";
	}
	return region ? region : "us-east-1";
}

const char *
aws_service_signing_name(enum aws_service s)
{
	return services[s].sign;
}

const char *
aws_service_key(enum aws_service s)
{
	return services[s].key;
}

char **
aws_regions(size_t *n)
{
	return datafile_values("aws-regions.txt", "region", n);
}

void
aws_regions_free(char **v, size_t n)
{
	datafile_values_free(v, n);
}

char **
aws_region_list(const char *arg, size_t *n, char *bad, size_t badlen)
{
	*n = 0;
	if (!strcmp(arg, "all"))
		return aws_regions(n);
	char **v = NULL, *copy = xstrdup(arg), *save = NULL;
	bool ok = true;
	snprintf(bad, badlen, "%s", arg);
	for (char *w = strtok_r(copy, ", \t\n\"'", &save); ok && w; w = strtok_r(NULL, ", \t\n\"'", &save)) {
		bool dup = false;
		for (size_t k = 0; k < *n; k++)
			dup |= !strcmp(v[k], w);
		if (!aws_region_syntax_ok(w)) {
			snprintf(bad, badlen, "%s", w);
			ok = false;
		} else if (!dup) {
			strv_push(&v, n, w);
		}
	}
	free(copy);
	if (ok && *n)
		return v;
	strv_free(v, *n);
	*n = 0;
	return NULL;
}

bool
aws_region_known(const char *region)
{
	size_t n;
	char **v = aws_regions(&n);
	bool found = false;
	for (size_t i = 0; i < n && !found; i++)
		found = !strcmp(v[i], region);
	aws_regions_free(v, n);
	return found;
}
