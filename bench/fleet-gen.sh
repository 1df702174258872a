#!/bin/sh
# Writes a fleet of N names that resolve realistically in the lab, and the
# zones that answer for them, into DIR (loaded by "tests/lab/lab.sh
# fleet-load DIR"; nothing here touches a running lab):
#
#   DIR/names.txt        the N names, one a line, zone after zone (so the
#                        first 1,000 of a 100,000 list are a fleet too)
#   DIR/zones.list       "instance zone file flags", like tests/lab/zones.list
#   DIR/zones/INST/FILE  the zone files
#   DIR/root.add         "owner ttl type rdata" to add to the lab's root
#   DIR/summary.txt      what the names are made of
#
# Customer zones brandNNNNN.{io,app,dev} (3 to 20 names each, TTL and
# negative TTL 3600 so a warm cache stays warm for the whole run), served by
# knotd "fleet" (127.0.0.92) with name servers ns1/ns2.fleet-dns.io; the
# TLDs io. app. dev. (signed, delegated from the lab root) by knotd
# "fleet-tld" (127.0.0.91). Mix: 40 % of zones without CAA, 30 % amazon.com,
# 10 % letsencrypt.org only (blocked: acm-doctor then asks SOA and NS too),
# 10 % amazon.com with issuewild ";", 5 % a digicert set at www only, 5 %
# amazon.com with iodef; every 25th zone has a wildcard A; names include the
# apex, deeper names (v1.api), a CNAME into a CDN zone (cdn), wildcard names
# ("*.zone"), names absent from their zone (old, legacy: NXDOMAIN) and every
# 50th zone is not delegated at all (a lapsed domain: NXDOMAIN at the TLD).
# Deterministic: the same N gives the same files.
#
# Usage: bench/fleet-gen.sh N DIR
set -eu
[ $# -eq 2 ] || { echo "usage: $0 N DIR" >&2; exit 2; }
n=$1 dir=$2
case $n in ''|*[!0-9]*) echo "$0: N must be a number" >&2; exit 2 ;; esac
# The addresses lab.sh fleet-load serves the zones on (tests/lab/lab-bench.sh).
tld_addr=127.0.0.91 fleet_addr=127.0.0.92
rm -rf "$dir"
mkdir -p "$dir/zones/fleet-tld" "$dir/zones/fleet"

awk -v N="$n" -v D="$dir" -v TLDADDR="$tld_addr" -v ADDR="$fleet_addr" '
function soa(f, ns, mbox) {
	print "$TTL 3600" > f
	print "@ SOA " ns " " mbox " 1 3600 600 86400 3600" > f
}
BEGIN {
	ntld = split("io app dev", tld, " ")
	np = split("@ www api mail shop cdn app old * blog status portal auth v1.api eu.shop img m beta docs legacy", pool, " ")
	for (t = 1; t <= ntld; t++) {
		tf[t] = D "/zones/fleet-tld/" tld[t] ".zone"
		soa(tf[t], "a.nic." tld[t] ".", "hostmaster.nic." tld[t] ".")
		print "@ NS a.nic." tld[t] "." > tf[t]
		print "a.nic A " TLDADDR > tf[t]
		print "fleet-tld " tld[t] ". " tld[t] ".zone signed" > (D "/zones.list")
		print tld[t] ". 3600 NS a.nic." tld[t] "." > (D "/root.add")
		print "a.nic." tld[t] ". 3600 A " TLDADDR > (D "/root.add")
	}
	# the provider: name servers and a CDN, under io.
	print "fleet-dns NS ns1.fleet-dns.io.\nfleet-dns NS ns2.fleet-dns.io." > tf[1]
	print "ns1.fleet-dns A " ADDR "\nns2.fleet-dns A " ADDR > tf[1]
	print "fleet-cdn NS ns1.fleet-dns.io.\nfleet-cdn NS ns2.fleet-dns.io." > tf[1]
	f = D "/zones/fleet/fleet-dns.io.zone"
	soa(f, "ns1.fleet-dns.io.", "hostmaster.fleet-dns.io.")
	print "@ NS ns1\n@ NS ns2\nns1 A " ADDR "\nns2 A " ADDR > f
	close(f)
	f = D "/zones/fleet/fleet-cdn.io.zone"
	soa(f, "ns1.fleet-dns.io.", "hostmaster.fleet-dns.io.")
	print "@ NS ns1.fleet-dns.io.\n@ NS ns2.fleet-dns.io.\n*.edge A 192.0.2.200" > f
	close(f)
	print "fleet fleet-dns.io. fleet-dns.io.zone -\nfleet fleet-cdn.io. fleet-cdn.io.zone -" > (D "/zones.list")

	names = 0
	for (k = 0; names < N; k++) {
		t = k % ntld + 1
		z = sprintf("brand%05d.%s", k, tld[t])
		c = 3 + (k * 7) % 18            # names of this zone in the list
		lapsed = (k % 50 == 49)
		zones++
		# the list
		for (p = 1; p <= c && names < N; p++) {
			e = pool[p]
			print (e == "@" ? z : e "." z) > (D "/names.txt")
			names++
			if (lapsed || e == "old" || e == "legacy") nx++
			if (e == "*") wild++
		}
		if (lapsed) {
			nlapsed++
			continue
		}
		# the zone
		f = D "/zones/fleet/" z ".zone"
		soa(f, "ns1.fleet-dns.io.", "hostmaster.fleet-dns.io.")
		print "@ NS ns1.fleet-dns.io.\n@ NS ns2.fleet-dns.io." > f
		for (p = 1; p <= np; p++) {
			e = pool[p]
			if (e == "old" || e == "legacy" || e == "*")
				continue
			if (e == "cdn")
				print "cdn CNAME e" (k % 997) ".edge.fleet-cdn.io." > f
			else
				print e " A 192.0.2." (k % 250 + 1) > f
		}
		h = (k * 37) % 100
		if (h < 40) caa["none"]++
		else if (h < 70) { print "@ CAA 0 issue \"amazon.com\"" > f; caa["amazon"]++ }
		else if (h < 80) { print "@ CAA 0 issue \"letsencrypt.org\"" > f; caa["letsencrypt only"]++ }
		else if (h < 90) { print "@ CAA 0 issue \"amazon.com\"\n@ CAA 0 issuewild \";\"" > f; caa["amazon, issuewild ;"]++ }
		else if (h < 95) { print "www CAA 0 issue \"digicert.com\"" > f; caa["digicert at www"]++ }
		else { print "@ CAA 0 issue \"amazon.com\"\n@ CAA 0 iodef \"mailto:sec@" z "\"" > f; caa["amazon + iodef"]++ }
		if (k % 25 == 0) { print "* A 192.0.2.99" > f; wildrr++ }
		close(f)
		print "brand" sprintf("%05d", k) " NS ns1.fleet-dns.io.\nbrand" sprintf("%05d", k) " NS ns2.fleet-dns.io." > tf[t]
		print "fleet " z ". " z ".zone -" > (D "/zones.list")
	}
	s = D "/summary.txt"
	printf "%d names in %d zones under %d TLDs (%d zones lapsed: not delegated)\n", names, zones, ntld, nlapsed > s
	printf "NXDOMAIN names: %d; wildcard names (*.zone): %d; zones with a wildcard A: %d\n", nx, wild, wildrr > s
	for (x in caa) printf "zones with CAA %s: %d\n", x, caa[x] > s
}'
