# Benchmark extensions of the lab, sourced by lab.sh only for these
# commands (or when LAB_DELAY_MS / LAB_FLEET_DIR are set at start), so a
# normal test lab starts exactly as before. bench/ uses them; tests never do.
#
#   lab.sh delay-start [MS]   a resolver front on 127.0.0.90:53 (dnsdist; for
#                             TCP through delay-tcp.pl on 127.0.0.93:53) that
#                             relays to the lab resolver and holds every
#                             response MS ms (default $LAB_DELAY_MS, else 30);
#                             prints export lines (LAB_DELAY_RESOLVER,
#                             LAB_DELAY_MS, LAB_DELAY_LOG: one line per query
#                             with its arrival time, LAB_DELAY_TCP_LOG: the
#                             same for the queries that came over TCP)
#   lab.sh delay-stop         stop it
#   lab.sh fleet-load DIR     serve the fleet zones bench/fleet-gen.sh wrote in
#                             DIR: TLDs on knotd "fleet-tld" 127.0.0.91,
#                             customer zones on knotd "fleet" 127.0.0.92,
#                             delegated from the lab root; gives the resolver
#                             caches big enough to hold a warm fleet
#
# Addresses 127.0.0.90-99 are this file's; see tests/lab/README.md
# ("Benchmark extensions").

LAB_DELAY_ADDR=127.0.0.90
LAB_FLEET_TLD_ADDR=127.0.0.91
LAB_FLEET_ADDR=127.0.0.92
LAB_DELAY_TCP_ADDR=127.0.0.93

# bench_free ADDR:PORT...: die if anything listens there already
bench_free() {
    local a busy=
    for a; do
        ss -Hlntu 2>/dev/null | awk -v a="$a" '$5 == a { f = 1 } END { exit !f }' &&
            busy="$busy $a"
    done
    [ -z "$busy" ] || die "addresses already in use:$busy"
}

# bench_spawn FILE NAME COMM LOG CMD...: spawn (lab.sh), and also remember
# the daemon in FILE, so it can be stopped on its own
bench_spawn() {
    local file=$1
    shift
    spawn "$@"
    tail -n 1 "$RUN/pids" >>"$file"
}

bench_stop_pids() { # file
    local name pid comm i left
    [ -f "$1" ] || return 0
    while read -r name pid comm; do
        alive "$pid" "$comm" && kill -TERM "$pid" 2>/dev/null
    done <"$1"
    for i in $(seq 300); do
        left=0
        while read -r name pid comm; do
            alive "$pid" "$comm" && left=1
        done <"$1"
        [ "$left" = 0 ] && break
        sleep 0.01
    done
    rm -f "$1"
}

bench_delay_stop() {
    bench_stop_pids "$RUN/delay/pids"
}

bench_delay_start() { # ms: start the front, print export lines
    local ms=$1 d=$RUN/delay deadline
    case $ms in ''|*[!0-9]*) die "delay-start: MS must be a whole number of milliseconds, not '$ms'" ;; esac
    bench_delay_stop
    bench_free "$LAB_DELAY_ADDR:53" "$LAB_DELAY_TCP_ADDR:53"
    mkdir -p "$d"
    subst "$LAB_DIR/conf/dnsdist-delay.conf.in" ADDR="$LAB_DELAY_ADDR" \
        UPSTREAM="$LAB_RESOLVER_ADDR:$LAB_RESOLVER_PORT" MS="$ms" \
        TCPRELAY="$LAB_DELAY_TCP_ADDR:53" LOG="$d/queries.log" \
        TCPLOG="$d/tcp-queries.log" >"$d/dnsdist.conf" ||
        die "delay-start: no dnsdist-delay.conf.in"
    bench_spawn "$d/pids" delay-tcp perl "$d/delay-tcp.log" \
        perl "$LAB_DIR/delay-tcp.pl" "$LAB_DELAY_TCP_ADDR:53" \
        "$LAB_RESOLVER_ADDR:$LAB_RESOLVER_PORT" "$ms"
    bench_spawn "$d/pids" dnsdist-delay dnsdist "$d/dnsdist.log" \
        dnsdist --supervised --disable-syslog -C "$d/dnsdist.conf"
    deadline=$(( $(now_ms) + 10000 ))
    until kdig_ok @"$LAB_DELAY_ADDR" +notcp +time=1 +retry=0 example.test SOA &&
          kdig_ok @"$LAB_DELAY_ADDR" +tcp +time=1 +retry=0 example.test SOA; do
        [ "$(now_ms)" -lt "$deadline" ] || { bench_delay_stop; die "delay-start: the front on $LAB_DELAY_ADDR:53 did not answer (see $d/*.log)"; }
        sleep 0.02
    done
    # the readiness probes are not part of any benchmark
    : >"$d/queries.log"
    : >"$d/tcp-queries.log"
    printf 'export LAB_DELAY_RESOLVER=%s LAB_DELAY_MS=%s LAB_DELAY_LOG=%q LAB_DELAY_TCP_LOG=%q\n' \
        "$LAB_DELAY_ADDR:53" "$ms" "$d/queries.log" "$d/tcp-queries.log" | tee "$d/env"
}

bench_fleet_load() { # dir
    local dir=$1 t0 t1 t2 inst addr kdir want got deadline sock owner ttl type rdata zone file flags
    [ -f "$dir/zones.list" ] && [ -f "$dir/root.add" ] ||
        die "fleet-load: $dir has no zones.list (write it with bench/fleet-gen.sh N DIR)"
    dir=$(CDPATH='' cd "$dir" && pwd)
    bench_free "$LAB_FLEET_TLD_ADDR:53" "$LAB_FLEET_ADDR:53"
    t0=$(now_ms)
    mkdir -p "$RUN/fleet"
    cp "$dir/root.add" "$RUN/fleet/root.add"
    for inst in fleet-tld fleet; do
        addr=$LAB_FLEET_ADDR
        [ "$inst" = fleet-tld ] && addr=$LAB_FLEET_TLD_ADDR
        kdir=$RUN/knot/$inst
        mkdir -p "$kdir/db" "$kdir/zones"
        {
            subst "$LAB_DIR/conf/knot.conf.in" NAME="$inst" ADDR="$addr" DIR="$kdir"
            awk -v i="$inst" '$1 == i { printf "  - domain: \"%s\"\n    file: \"%s\"\n", $2, $3
                if ($4 == "signed") printf "    dnssec-signing: on\n    dnssec-policy: lab\n" }' \
                "$dir/zones.list"
        } >"$kdir/knot.conf"
        cp -R "$dir/zones/$inst/." "$kdir/zones/"
        # in zones.map, so zone-set and friends work on the fleet zones too
        awk -v i="$inst" -v a="$addr" '$1 == i { print $2, i, a, $3 }' "$dir/zones.list" >>"$RUN/zones.map"
    done
    # keys of the signed zones before knotd starts; their DS go to the root
    while read -r inst zone file flags; do
        [ "$flags" = signed ] || continue
        keymgr -c "$RUN/knot/$inst/knot.conf" "$zone" generate algorithm=ecdsap256sha256 \
            ksk=yes zsk=yes >/dev/null || die "fleet-load: keymgr failed for $zone"
        keymgr -c "$RUN/knot/$inst/knot.conf" "$zone" ds |
            awk '$5 == 2 { print $1, 3600, "DS", $3, $4, $5, $6 }' >>"$RUN/fleet/root.add"
    done <"$dir/zones.list"
    for inst in fleet-tld fleet; do
        bench_spawn "$RUN/fleet/pids" "knotd-$inst" knotd "$RUN/knot/$inst/stderr.log" \
            knotd -c "$RUN/knot/$inst/knot.conf"
    done
    # loaded = every zone has a serial (knot loads them in the background)
    deadline=$(( $(now_ms) + 300000 ))
    for inst in fleet-tld fleet; do
        want=$(awk -v i="$inst" '$1 == i' "$dir/zones.list" | wc -l)
        while :; do
            got=$(knotc -s "$RUN/knot/$inst/knot.sock" -t 10 zone-status 2>/dev/null |
                grep -c 'serial: [0-9]')
            [ "$got" -ge "$want" ] && break
            [ "$(now_ms)" -lt "$deadline" ] || die "fleet-load: knotd $inst loaded $got of $want zones"
            while read -r _ pid _; do
                alive "$pid" || die "fleet-load: knotd $inst exited (see $RUN/knot/$inst/knot.log)"
            done <"$RUN/fleet/pids"
            sleep 0.05
        done
    done
    t1=$(now_ms)
    # delegate the fleet TLDs from the root: one transaction, re-signed at once
    sock=$RUN/knot/root/knot.sock
    knotc -s "$sock" -t 10 zone-begin . >/dev/null || die "fleet-load: knotc zone-begin . failed"
    while read -r owner ttl type rdata; do
        # shellcheck disable=SC2086  # rdata is several words
        knotc -s "$sock" -t 10 zone-set . "$owner" "$ttl" "$type" $rdata >/dev/null || {
            knotc -s "$sock" zone-abort . >/dev/null 2>&1
            die "fleet-load: cannot add '$owner $ttl $type $rdata' to the root"; }
    done <"$RUN/fleet/root.add"
    knotc -s "$sock" -t 10 zone-commit . >/dev/null || die "fleet-load: knotc zone-commit . failed"
    # A fleet of 100,000 names does not fit unbound's default 4 MB caches:
    # without this a "warm" pass would still recurse for most names. The
    # reload also empties the caches (the root changed anyway).
    cat >>"$RUN/unbound/unbound.conf" <<EOF
# added by lab.sh fleet-load: room for a warm fleet
server:
    msg-cache-size: 256m
    rrset-cache-size: 512m
    neg-cache-size: 64m
    key-cache-size: 64m
EOF
    unbound-control -c "$RUN/unbound/unbound.conf" reload >/dev/null ||
        die "fleet-load: unbound-control reload failed"
    deadline=$(( $(now_ms) + 15000 ))
    until resolver_ok && kdig_ok @"$LAB_RESOLVER_ADDR" -p "$LAB_RESOLVER_PORT" +time=2 +retry=0 fleet-dns.io SOA; do
        [ "$(now_ms)" -lt "$deadline" ] || die "fleet-load: the resolver does not resolve fleet-dns.io"
        sleep 0.02
    done
    t2=$(now_ms)
    msg "fleet: $(wc -l <"$dir/zones.list") zones ready in $((t2 - t0)) ms" \
        "(configs + keys + knotd load $((t1 - t0)) ms, root + resolver $((t2 - t1)) ms);" \
        "knotd fleet VmRSS $(awk '/^VmRSS/ { print $2, $3 }' "/proc/$(awk '$1 == "knotd-fleet" { print $2 }' "$RUN/fleet/pids")/status" 2>/dev/null)"
    echo "$((t2 - t0))" >"$RUN/fleet/load_ms"
    printf 'export LAB_FLEET_DIR=%q\n' "$dir"
}

# LAB_FLEET_DIR / LAB_DELAY_MS given to "lab.sh run|ns-run": start them with
# the lab (before CMD), and export what they print.
bench_at_start() {
    local out
    RUN=$LAB_RUN
    if [ -n "${LAB_FLEET_DIR:-}" ]; then
        out=$(bench_fleet_load "$LAB_FLEET_DIR") || return 1
        eval "$out"
    fi
    if [ -n "${LAB_DELAY_MS:-}" ]; then
        out=$(bench_delay_start "$LAB_DELAY_MS") || return 1
        eval "$out"
    fi
    return 0
}

bench_main() { # mode args...
    local mode=$1
    shift
    need_run
    RUN=$LAB_RUN
    case $mode in
        delay-start) bench_delay_start "${1:-${LAB_DELAY_MS:-30}}" ;;
        delay-stop) bench_delay_stop ;;
        fleet-load) [ $# -eq 1 ] || die "usage: lab.sh fleet-load DIR"; bench_fleet_load "$1" ;;
    esac
}
