/* Address ranges published by a network (CIDR lists in data/), to tell
 * whose address an answer holds: Cloudflare's proxy, for now. The ranges
 * are parsed once into a fixed table; no heap is kept. */
#ifndef ACMD_NET_IPRANGE_H
#define ACMD_NET_IPRANGE_H

#include <stdbool.h>
#include <stdint.h>

/* Is the address (AF_INET: 4 bytes, AF_INET6: 16) in Cloudflare's
 * published ranges (data/cloudflare-ips.txt)? */
bool iprange_cloudflare_bytes(int family, const uint8_t *addr);
/* The same for the text form of a v4 or v6 address; false for anything
 * that is not an address. */
bool iprange_cloudflare(const char *addr);

#endif
