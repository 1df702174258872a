/* Names, addresses and name-server lists as people type and paste them,
 * and a line of a name list (names_from_line in src/net/names.c): names
 * separated by commas and blanks, comments, duplicates, the forms people
 * paste, and what is refused, with the word that was wrong. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/strv.h"
#include "net/addrs.h"
#include "net/names.h"
#include "testutil.h"

#define A63 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static void
name_ok(const char *in, const char *want)
{
	char why[256] = "";
	char *got = name_from_user(in, why, sizeof why);
	CHECK_STR(got, want, "name_from_user(\"%s\") (%s)", in, why);
	free(got);
}

static void
name_bad(const char *in, const char *why_part)
{
	char why[256] = "";
	char *got = name_from_user(in, why, sizeof why);
	CHECK(!got, "name_from_user(\"%s\") should be refused, got %s", in, got);
	CHECK(strstr(why, why_part) != NULL, "name_from_user(\"%s\"): reason \"%s\" lacks \"%s\"", in, why, why_part);
	free(got);
}

static void
names(void)
{
	name_ok("Example.COM", "example.com.");
	name_ok("*.example.com.", "*.example.com.");
	name_ok("bücher.example", "xn--bcher-kva.example.");
	name_ok("*.bücher.example", "*.xn--bcher-kva.example.");
	/* An escaped '*' is a wildcard too, under the same rules. */
	name_ok("\\042.example.com", "*.example.com.");
	name_ok("\\*.example.com", "*.example.com.");
	name_bad("a\\042b.example.com", "wildcard");
	name_bad("www.\\042.example.com", "wildcard");
	name_bad("a*b.example.com", "wildcard");
	name_bad("www.*.example.com", "wildcard");
	name_bad("*.*.example.com", "wildcard");
	name_bad("*.", "wildcard");
	name_bad("a..b", "not a valid domain name");
	/* A wildcard is length-checked whole: the longest name (253
	 * characters, 255 octets on the wire) does not take "*." any more. */
	char base[300], want[320], wild[320];
	snprintf(base, sizeof base, "%.63s.%.63s.%.63s.%.61s", A63, A63, A63, A63);
	snprintf(want, sizeof want, "%s.", base);
	name_ok(base, want);
	snprintf(wild, sizeof wild, "*.%s", base);
	name_bad(wild, "not a valid domain name");
	snprintf(base, sizeof base, "%.63s.%.63s.%.63s.%.59s", A63, A63, A63, A63);
	snprintf(wild, sizeof wild, "*.%s", base);
	snprintf(want, sizeof want, "*.%s.", base);
	name_ok(wild, want);
}

static void
addr_ok(const char *in, const char *host, int port)
{
	char h[64] = "";
	int p = -1;
	CHECK(addr_parse(in, h, sizeof h, &p) && !strcmp(h, host) && p == port,
	      "addr_parse(\"%s\"): got %s port %d, want %s port %d", in, h, p, host, port);
}

static void
addresses(void)
{
	addr_ok("192.0.2.1", "192.0.2.1", 0);
	addr_ok("192.0.2.1:5353", "192.0.2.1", 5353);
	addr_ok("192.0.2.1#53", "192.0.2.1", 53);
	addr_ok("192.0.2.1@5300", "192.0.2.1", 5300);
	addr_ok("2001:db8::1", "2001:db8::1", 0);
	addr_ok("[2001:db8::1]", "2001:db8::1", 0);
	addr_ok("[2001:db8::1]:53", "2001:db8::1", 53);
	addr_ok("2001:db8::1#53", "2001:db8::1", 53);
	static const char *const bad[] = {
		"[::1", "::1]", "[192.0.2.1]:53", "192.0.2.1:0", "192.0.2.1:65536", "192.0.2.1:",
		"192.0.2.1:5x", "127.1", "example.com", "", "[::1]x", "1.2.3.4.5",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char h[64];
		int p;
		CHECK(!addr_parse(bad[i], h, sizeof h, &p), "addr_parse(\"%s\") should be refused", bad[i]);
	}

	char why[256] = "";
	char *r = resolver_from_user("@192.0.2.1, [2001:db8::1]:5353 192.0.2.2#54", why, sizeof why);
	CHECK_STR(r, "192.0.2.1,[2001:db8::1]:5353,192.0.2.2:54", "resolver list (%s)", why);
	free(r);
	r = resolver_from_user("[::1", why, sizeof why);
	CHECK(!r && strstr(why, "\"[::1\" is not an IP address"), "[::1 refused: %s", why);
	free(r);
	r = resolver_from_user("dns.google", why, sizeof why);
	CHECK(!r && strstr(why, "dns.google"), "a host name is not a resolver address: %s", why);
	free(r);
	r = resolver_from_user(" , ", why, sizeof why);
	CHECK(!r && strstr(why, "no address"), "empty: %s", why);
	free(r);
	r = resolver_from_user("1.1.1.1\x1b[31m", why, sizeof why);
	CHECK(!r && !strchr(why, '\x1b'), "a control character is escaped in the reason: %s", why);
	free(r);
}

static void
ns_ok(const char *in, const char *want)
{
	char **v = NULL;
	size_t n = 0;
	char why[256] = "";
	bool ok = ns_list_from_user(in, &v, &n, 16, why, sizeof why);
	char joined[1024] = "";
	for (size_t i = 0; i < n; i++)
		snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s", i ? " " : "", v[i]);
	CHECK(ok, "ns_list_from_user(\"%s\") refused: %s", in, why);
	CHECK_STR(joined, want, "ns_list_from_user(\"%s\")", in);
	strv_free(v, n);
}

static void
ns_bad(const char *in, const char *why_part)
{
	char **v = NULL;
	size_t n = 0;
	char why[256] = "";
	bool ok = ns_list_from_user(in, &v, &n, 16, why, sizeof why);
	CHECK(!ok && n == 0 && strstr(why, why_part), "ns_list_from_user(\"%s\"): %s (want \"%s\")", in, why, why_part);
	strv_free(v, n);
}

static void
ns_lists(void)
{
	ns_ok("ns1.example.com", "ns1.example.com.");
	ns_ok("NS1.Example.COM., ns2.example.com.", "ns1.example.com. ns2.example.com.");
	/* The AWS console: one per line, trailing dots. */
	ns_ok("ns-1.awsdns-01.org.\nns-2.awsdns-02.co.uk.\n", "ns-1.awsdns-01.org. ns-2.awsdns-02.co.uk.");
	/* aws route53 get-hosted-zone, JSON and text output. */
	ns_ok("\"NameServers\": [\n \"ns-1.awsdns-01.org\",\n \"ns-2.awsdns-02.net\"\n]",
	      "ns-1.awsdns-01.org. ns-2.awsdns-02.net.");
	ns_ok("[\"ns-1.awsdns-01.org\", \"ns-2.awsdns-02.net\"]", "ns-1.awsdns-01.org. ns-2.awsdns-02.net.");
	ns_ok("NAMESERVERS\tns-1.awsdns-01.org\nNAMESERVERS\tns-2.awsdns-02.net", "ns-1.awsdns-01.org. ns-2.awsdns-02.net.");
	ns_ok("192.0.2.1 192.0.2.2:5353 [2001:db8::1]:53", "192.0.2.1 192.0.2.2:5353 [2001:db8::1]:53");
	ns_bad("ns1.example.com, not a server", "\"not\" is neither");
	ns_bad("http://ns1.example.com/", "neither");
	ns_bad("*.example.com", "neither");
	ns_bad("[::1", "neither");
	ns_bad("", "no name server");
	char many[400] = "";
	for (int i = 0; i < 17; i++)
		snprintf(many + strlen(many), sizeof many - strlen(many), "ns%d.example.com ", i);
	ns_bad(many, "more than 16");
}

static void
line_ok(const char *line, const char *want)
{
	char **v, why[300] = "";
	size_t n;
	int r = names_from_line(line, 100, &v, &n, why, sizeof why);
	char got[1000] = "";
	for (size_t i = 0; r >= 0 && i < n; i++)
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? " " : "", v[i]);
	CHECK(r == (int)n, "\"%s\": returns the count (%d, %s)", line, r, why);
	CHECK_STR(got, want, "\"%s\"", line);
	strv_free(v, n);
}

static void
line_bad(const char *line, size_t max, const char *want)
{
	char **v = (char **)1, why[300] = "";
	size_t n = 99;
	int r = names_from_line(line, max, &v, &n, why, sizeof why);
	CHECK(r == -1 && v == NULL && n == 0, "\"%s\": refused", line);
	CHECK_STR(why, want, "\"%s\": why", line);
}

static void
name_lines(void)
{
	line_ok("", "");
	line_ok("   \t ", "");
	line_ok("# only a comment", "");
	line_ok("example.com", "example.com.");
	line_ok("  Example.COM.  # the apex", "example.com.");
	line_ok("example.com, *.example.com,www.example.com", "example.com. *.example.com. www.example.com.");
	line_ok("a.test\tb.test  a.test", "a.test. b.test.");
	line_ok("bücher.example", "xn--bcher-kva.example.");
	line_ok("x.test\r", "x.test.");
	line_bad("good.test a..b.test", 100, "\"a..b.test\": not a valid domain name (labels of 1-63 characters, 255 in all)");
	line_bad("w.*.test", 100, "\"w.*.test\": a wildcard is only allowed as the whole first label (*.example.com)");
	line_bad("a.test b.test c.test", 2, "\"c.test\": more than 2 names on one line");
	line_bad("esc\033[31m.test", 100, "\"esc\\x1b[31m.test\": not a valid domain name (labels of 1-63 characters, 255 in all)");
}

int
main(void)
{
	names();
	addresses();
	ns_lists();
	name_lines();
	return test_summary("test_names");
}
