/* Server addresses and name-server lists as people paste them, checked
 * before any probe: from dig (@192.0.2.1), BIND (192.0.2.1#53), unbound and
 * knot (192.0.2.1@53), the AWS console and `aws route53 get-hosted-zone`
 * (one per line, with or without the final dot, JSON-quoted with commas, the
 * NAMESERVERS column of --output text), registrars ("ns1.x.com,
 * ns2.x.com"). Shared by the command line and the TUI. */
#ifndef ACMD_NET_ADDRS_H
#define ACMD_NET_ADDRS_H

#include <stdbool.h>
#include <stddef.h>

/* Most servers one option value may list. */
#define ADDRS_MAX 16

/* An IP address with an optional port ("192.0.2.1", "192.0.2.1:5353",
 * "[2001:db8::1]:53", "2001:db8::1", also "ADDR#PORT" and "ADDR@PORT"):
 * the address without brackets into host, the port (0: none) into *port.
 * False when s is anything else. */
bool addr_parse(const char *s, char *host, size_t hostlen, int *port);

/* A --resolver value (one or more addresses, separated by commas or
 * blanks) in the form the DNS client takes ("192.0.2.1:53,[2001:db8::1]");
 * NULL with a translated reason in why when a part is not an address. */
char *resolver_from_user(const char *in, char *why, size_t whylen);

/* An --edited-ns value: one or more name servers (addresses as above, or
 * host names with or without the final dot), separated by commas or blanks.
 * Each is appended to *v in canonical form ("192.0.2.1", "[2001:db8::1]:53",
 * "ns1.example.com."). False with why set, and nothing appended, when a part
 * is neither an address nor a host name, or there are more than max in all. */
bool ns_list_from_user(const char *in, char ***v, size_t *n, size_t max, char *why, size_t whylen);

#endif
