/* Published address ranges (net/iprange.h). */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/datafile.h"
#include "net/iprange.h"

struct cidr {
	int family;
	uint8_t net[16];
	int bits;
};

/* Cloudflare publishes 15 v4 and 7 v6 ranges; room for growth. */
static struct cidr cf_ranges[64];
static size_t n_cf_ranges;
static bool cf_loaded;

static void
load_family(const char *file, const char *kw, int family)
{
	size_t n;
	char **v = datafile_values(file, kw, &n);
	for (size_t i = 0; i < n && n_cf_ranges < sizeof cf_ranges / sizeof *cf_ranges; i++) {
		char buf[64];
		snprintf(buf, sizeof buf, "%s", v[i]);
		char *slash = strchr(buf, '/');
		if (!slash)
			continue;
		*slash = '\0';
		struct cidr *c = &cf_ranges[n_cf_ranges];
		memset(c, 0, sizeof *c);
		c->family = family;
		c->bits = atoi(slash + 1);
		if (inet_pton(family, buf, c->net) == 1 && c->bits > 0 &&
		    c->bits <= (family == AF_INET ? 32 : 128))
			n_cf_ranges++;
	}
	datafile_values_free(v, n);
}

static bool
prefix_match(const uint8_t *a, const uint8_t *net, int bits)
{
	int full = bits / 8, rest = bits % 8;
	if (memcmp(a, net, (size_t)full))
		return false;
	if (!rest)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return (a[full] & mask) == (net[full] & mask);
}

bool
iprange_cloudflare_bytes(int family, const uint8_t *addr)
{
	if (!cf_loaded) {
		load_family("cloudflare-ips.txt", "v4", AF_INET);
		load_family("cloudflare-ips.txt", "v6", AF_INET6);
		cf_loaded = true;
	}
	for (size_t i = 0; i < n_cf_ranges; i++)
		if (cf_ranges[i].family == family && prefix_match(addr, cf_ranges[i].net, cf_ranges[i].bits))
			return true;
	return false;
}

bool
iprange_cloudflare(const char *addr)
{
	uint8_t b[16];
	if (inet_pton(AF_INET, addr, b) == 1)
		return iprange_cloudflare_bytes(AF_INET, b);
	if (inet_pton(AF_INET6, addr, b) == 1)
		return iprange_cloudflare_bytes(AF_INET6, b);
	return false;
}
