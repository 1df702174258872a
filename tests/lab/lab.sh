#!/bin/bash
# The acm-doctor test lab: a miniature DNS tree with its own signed root, a
# validating resolver, fault injection and TLS servers with SNI, all on
# loopback. See tests/lab/README.md for the addresses, zones and scenarios.
#
#   lab.sh start              start here, print "export ..." lines (eval them)
#   lab.sh stop [RUN_DIR]     stop the lab of $LAB_RUN (or RUN_DIR)
#   lab.sh run CMD...         start, run CMD with the lab environment, stop
#   lab.sh ns-run CMD...      the same inside fresh private namespaces
#   lab.sh shell              ns-run of an interactive shell
#   lab.sh env                print the export lines of the running lab
#   lab.sh zone-set [-s SRV] ZONE OWNER TTL TYPE RDATA...
#   lab.sh zone-unset [-s SRV] ZONE OWNER [TYPE [RDATA...]]
#   lab.sh zone-add-line [-s SRV] ZONE 'owner [TTL] [IN] TYPE rdata'
#   lab.sh flush              empty the resolver's caches
#   lab.sh delay-start [MS] | delay-stop | fleet-load DIR
#                             benchmark extensions (tests/lab/lab-bench.sh)
#   lab.sh email-start        start the email servers (if LAB_EMAIL_SERVERS=0)
#
# Exit status: CMD's status for run/ns-run; 77 (skip) when the lab cannot run
# on this machine (tools missing, no user namespaces and not root); 99 when
# the lab failed to start.

# Re-execute under bash if started by another shell ("$(SHELL) lab.sh").
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi

set -u
export LC_ALL=C
PATH=$PATH:/usr/sbin:/sbin
export PATH

LAB_SELF=$(CDPATH='' cd -P "$(dirname "$0")" && pwd)/$(basename "$0")
LAB_DIR=$(dirname "$LAB_SELF")

LAB_TOOLS="knotd knotc keymgr kdig unbound unbound-control dnsdist nginx
openssl ldns-keygen ldns-signzone ldns-key2ds ss ip unshare"

# Addresses (documented in README.md).
LAB_RESOLVER_ADDR=127.0.0.1
LAB_RESOLVER_PORT=5300
# A second unbound that does not validate (many office resolvers do not):
# what the tool says about DNSSEC must not depend on the resolver's AD bit.
LAB_NOVAL_PORT=5301
declare -A KNOT_ADDR=([root]=127.0.0.2 [tld]=127.0.0.3 [child]=127.0.0.4
                      [other]=127.0.0.5 [bogus]=127.0.0.6)
KNOT_INSTANCES="root tld child other bogus"
# Everything the lab binds: addr:port (checked free before start).
LAB_BINDS="127.0.0.1:5300 127.0.0.1:5301 127.0.0.2:53 127.0.0.3:53 127.0.0.4:53 127.0.0.5:53
127.0.0.6:53 127.0.0.7:53 127.0.0.8:53 127.0.0.20:443 127.0.0.21:443
127.0.0.23:443"
# >>> apigw-lab: the API Gateway scenarios (127.0.0.70-89), tests/lab/apigw.sh
. "$LAB_DIR/apigw.sh"
LAB_BINDS="$LAB_BINDS $APIGW_BINDS"
# <<< apigw-lab
# Size of the value of big.hostile.test's CAA record.
LAB_BIG_CAA_LEN=${LAB_BIG_CAA_LEN:-60000}
# --- email-lab: begin (tests/lab/email/lab-email.sh) ---
# SMTP and RDAP servers of the email scenarios (README "Email scenarios")
. "$LAB_DIR/email/lab-email.sh"
# --- email-lab: end ---

msg() { printf 'lab.sh: %s\n' "$*" >&2; }
die() { msg "$*"; exit "${LAB_DIE_STATUS:-1}"; }

now_ms() { local t; t=$(date +%s%N); echo $((t / 1000000)); }

# phase NAME: record the time since start (in $RUN/timing; shown with
# LAB_VERBOSE=1)
phase() {
    local t
    t=$(now_ms)
    echo "$(( t - LAB_T0 )) ms  $1" >>"$RUN/timing"
    [ "${LAB_VERBOSE:-0}" = 1 ] && msg "+$(( t - LAB_T0 )) ms $1"
    return 0
}

# ---------------------------------------------------------------------------
# Preflight
# ---------------------------------------------------------------------------

missing_tools() {
    local t out=
    for t in $LAB_TOOLS; do
        command -v "$t" >/dev/null 2>&1 || out="$out $t"
    done
    printf '%s' "${out# }"
}

# Exit 77 (automake SKIP) if a tool is missing.
require_tools() {
    local m
    m=$(missing_tools)
    if [ -n "$m" ]; then
        msg "SKIP: lab tools missing: $m"
        msg "(Debian: apt-get install knot knot-dnsutils unbound dnsdist ldnsutils nginx-light openssl iproute2 util-linux)"
        exit 77
    fi
}

# Refuse to start if anything already listens on a lab address (a stale lab
# would answer our readiness probes).
check_free() {
    local busy
    busy=$(ss -Hlntu 2>/dev/null | awk -v binds="$LAB_BINDS" '
        BEGIN { n = split(binds, b, /[ \n]+/)
                for (i = 1; i <= n; i++) if (b[i] != "") want[b[i]] = 1 }
        { a = $5; port = a; sub(/.*:/, "", port)
          host = substr(a, 1, length(a) - length(port) - 1)
          sub(/%.*/, "", host)
          if ((host ":" port) in want) print a
          else if (host == "0.0.0.0" || host == "*" || host == "[::]")
              for (k in want) if (k ~ (":" port "$")) { print a; break } }' |
        sort -u | tr '\n' ' ')
    if [ -n "$busy" ]; then
        [ "${LAB_BUSY_STATUS:-99}" = 77 ] && msg "SKIP: the lab's addresses are taken in the host namespace"
        LAB_DIE_STATUS=${LAB_BUSY_STATUS:-99} die "addresses already in use: $busy(a lab or system service is running; try 'lab.sh ns-run')"
    fi
}

# ---------------------------------------------------------------------------
# Process helpers
# ---------------------------------------------------------------------------

# alive PID COMM: running (not a zombie) and still the process we started.
alive() {
    local stat comm
    { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
    stat=${stat##*) }
    [ "${stat%% *}" != Z ] || return 1
    if [ -n "${2:-}" ]; then
        { read -r comm <"/proc/$1/comm"; } 2>/dev/null || return 1
        [ "$comm" = "$2" ] || return 1
    fi
    return 0
}

# spawn NAME COMM LOG CMD...: start a daemon in the background, record it.
spawn() {
    local name=$1 comm=$2 log=$3
    shift 3
    "$@" </dev/null >>"$log" 2>&1 &
    echo "$name $! $comm" >>"$RUN/pids"
}

# Substitute @KEY@ placeholders: subst FILE KEY=VALUE...
subst() {
    local t kv
    [ -r "$1" ] || return 1
    t=$(<"$1")
    shift
    for kv; do t=${t//"@${kv%%=*}@"/"${kv#*=}"}; done
    printf '%s\n' "$t"
}

# ---------------------------------------------------------------------------
# Start
# ---------------------------------------------------------------------------

# zones.list, loaded once: T_INST[i] T_ZONE[i] T_FILE[i] T_FLAGS[i]
load_table() {
    local inst zone file flags
    T_INST=() T_ZONE=() T_FILE=() T_FLAGS=()
    while read -r inst zone file flags; do
        case $inst in ''|'#'*) continue ;; esac
        T_INST+=("$inst") T_ZONE+=("$zone") T_FILE+=("$file")
        T_FLAGS+=("${flags:--}")
    done <"$LAB_DIR/zones.list"
}

parent_of() { # zone with trailing dot -> parent zone
    local z=$1
    case $z in
        .) echo "" ;;
        *.*.) echo "${z#*.}" ;;
        *) echo . ;;
    esac
}

# index in the table of ZONE served by INSTANCE (default: the delegated
# server, i.e. not "other"); sets IDX
find_zone() {
    local i
    for i in "${!T_ZONE[@]}"; do
        [ "${T_ZONE[$i]}" = "$1" ] || continue
        if [ -n "${2:-}" ]; then [ "${T_INST[$i]}" = "$2" ] || continue
        else [ "${T_INST[$i]}" != other ] || continue; fi
        IDX=$i
        return 0
    done
    return 1
}

write_knot_conf() { # instance
    local inst=$1 dir=$RUN/knot/$1 i files=()
    mkdir -p "$dir/db" "$dir/zones"
    {
        subst "$LAB_DIR/conf/knot.conf.in" NAME="$inst" \
            ADDR="${KNOT_ADDR[$inst]}" DIR="$dir"
        for i in "${!T_ZONE[@]}"; do
            [ "${T_INST[$i]}" = "$inst" ] || continue
            files+=("$LAB_DIR/zones/${T_FILE[$i]}")
            printf '  - domain: "%s"\n    file: "%s"\n' "${T_ZONE[$i]}" \
                "${T_FILE[$i]}"
            case ${T_FLAGS[$i]} in
                signed|wrongds)
                    printf '    dnssec-signing: on\n    dnssec-policy: lab\n' ;;
                noudp) printf '    module: mod-noudp\n' ;;
            esac
            echo "${T_ZONE[$i]} $inst ${KNOT_ADDR[$inst]} ${T_FILE[$i]}" \
                >>"$RUN/zones.map"
        done
    } >"$dir/knot.conf"
    # --- email-lab: begin (tests/lab/email/lab-email.sh) ---
    # one file may serve several zones (email-plain.zone): copy it once
    # (in bash: a sort process per instance costs more at every start)
    local -A seen=()
    local uniq=() f
    for f in "${files[@]}"; do
        [ -n "${seen[$f]:-}" ] || { seen[$f]=1; uniq+=("$f"); }
    done
    files=("${uniq[@]}")
    # --- email-lab: end ---
    # copies must be writable even from a read-only source tree
    cp "${files[@]}" "$dir/zones/" && chmod u+w "$dir"/zones/*
}

# Make the keys of one instance's signed zones; write DS lines to $RUN/ds/.
make_keys() { # instance
    local inst=$1 conf=$RUN/knot/$1/knot.conf i zone flags ds base
    for i in "${!T_ZONE[@]}"; do
        [ "${T_INST[$i]}" = "$inst" ] || continue
        zone=${T_ZONE[$i]} flags=${T_FLAGS[$i]}
        case $flags in signed|wrongds) ;; *) continue ;; esac
        keymgr -c "$conf" "$zone" generate algorithm=ecdsap256sha256 \
            ksk=yes zsk=yes >/dev/null || return 1
        ds=$(keymgr -c "$conf" "$zone" ds | awk '$5 == 2') || return 1
        [ -n "$ds" ] || return 1
        if [ "$flags" = wrongds ]; then
            # flip the last hex digit of the digest
            ds=$(printf '%s\n' "$ds" | awk '{ d = $NF; c = substr(d, length(d))
                $NF = substr(d, 1, length(d) - 1) (c == "0" ? "1" : "0"); print }')
        fi
        base=${zone%.}
        printf '%s\n' "$ds" >"$RUN/ds/${base:-root}.ds"
    done
}

# The deliberately broken zone: sign with ldns, corrupt the RRSIG over CAA.
make_bogus() {
    local zone=caa-bogus.test dir=$RUN/knot/bogus/zones k ksk zsk
    local file
    find_zone "$zone." bogus || return 1
    file=${T_FILE[$IDX]}
    mkdir -p "$RUN/ldns"
    (
        cd "$RUN/ldns" || exit 1
        ksk=$(ldns-keygen -a ECDSAP256SHA256 -k "$zone") || exit 1
        zsk=$(ldns-keygen -a ECDSAP256SHA256 "$zone") || exit 1
        ldns-signzone -o "$zone." -f "$RUN/ldns/signed.zone" \
            "$dir/$file" "$zsk" "$ksk" || exit 1
        ldns-key2ds -n -2 "$ksk.key" >"$RUN/ds/$zone.ds" || exit 1
        awk 'BEGIN { OFS = "\t" }
             $4 == "RRSIG" && $5 == "CAA" { s = $NF; c = substr(s, 1, 1)
                 $NF = (c == "A" ? "B" : "A") substr(s, 2); n++ }
             { print }
             END { if (n != 1) exit 1 }' "$RUN/ldns/signed.zone" \
            >"$dir/$file" || exit 1
    )
}

# Test CA (EC P-256) and leaf certificates.
make_certs() {
    local d=$RUN/certs
    mkdir -p "$d/newcerts"
    : >"$d/index.txt"
    echo 1000 >"$d/serial"
    (
        cd "$d" || exit 1
        export OPENSSL_CONF=/dev/null
        openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
            -nodes -keyout ca.key -out ca.pem -days 3650 \
            -subj "/O=acm-doctor test lab/CN=acm-doctor lab CA" \
            -addext basicConstraints=critical,CA:TRUE \
            -addext keyUsage=critical,keyCertSign,cRLSign 2>>openssl.log ||
            exit 1
        leaf() { # name cn san...: key, CSR and signature in one openssl call
            local name=$1 cn=$2 san=
            shift 2
            for s; do san="$san,DNS:$s"; done
            openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
                -nodes -keyout "$name.key" -subj "/CN=$cn" \
                -addext "subjectAltName=${san#,}" \
                -addext basicConstraints=critical,CA:FALSE \
                -addext keyUsage=critical,digitalSignature \
                -addext extendedKeyUsage=serverAuth \
                -CA ca.pem -CAkey ca.key -days 90 \
                -set_serial "$(( (RANDOM << 30) | (RANDOM << 15) | RANDOM ))" \
                -out "$name.pem" 2>>openssl.log &&
            cat "$name.pem" ca.pem >"$name.chain.pem"
        }
        leaf api api.example.test api.example.test www.example.test &
        p1=$!
        leaf apigw '*.execute-api.us-east-1.amazonaws.com' \
            '*.execute-api.us-east-1.amazonaws.com' &
        p2=$!
        # expired: openssl ca is the only way to set dates in the past
        subst "$LAB_DIR/conf/ca.cnf.in" CERTS="$d" >ca.cnf
        openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
            -keyout expired.key -subj /CN=expired.example.test \
            -addext subjectAltName=DNS:expired.example.test 2>>openssl.log |
        openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key \
            -in /dev/stdin -out expired.pem -notext \
            -startdate 20200101000000Z -enddate 20200201000000Z \
            2>>openssl.log || exit 1
        cat expired.pem ca.pem >expired.chain.pem
        wait "$p1" && wait "$p2"
    )
}

write_unbound_conf() {
    local extra=
    mkdir -p "$RUN/unbound"
    # Inside our own network namespace the resolver also serves port 53, so
    # that a program using /etc/resolv.conf (bind-mounted there) finds it.
    [ "${LAB_IN_NS:-0}" = 1 ] && extra="    interface: 127.0.0.1@53"
    local discard="    discard-timeout: 0"
    grep -q discard-timeout "$(command -v unbound)" 2>/dev/null ||
        discard="    # (no discard-timeout in this unbound)"
    subst "$LAB_DIR/conf/unbound.conf.in" RUN="$RUN" \
        EXTRA_INTERFACE="$extra" DISCARD_TIMEOUT="$discard" \
        >"$RUN/unbound/unbound.conf"
    printf '.\t3600000\tNS\ta.root-servers.test.\na.root-servers.test.\t3600000\tA\t%s\n' \
        "${KNOT_ADDR[root]}" >"$RUN/unbound/root.hints"
    # The non-validating twin: same knobs, its own port, files and socket.
    mkdir -p "$RUN/unbound-noval"
    sed -e "s|$RUN/unbound/|$RUN/unbound-noval/|g" -e "s|\"$RUN/unbound\"|\"$RUN/unbound-noval\"|" \
        -e "s|interface: 127.0.0.1@$LAB_RESOLVER_PORT|interface: 127.0.0.1@$LAB_NOVAL_PORT|" \
        -e '/interface: 127.0.0.1@53$/d' -e '/trust-anchor-file:/d' \
        -e 's|module-config: "validator iterator"|module-config: "iterator"|' \
        -e "s|root-hints: \"$RUN/unbound-noval/root.hints\"|root-hints: \"$RUN/unbound/root.hints\"|" \
        "$RUN/unbound/unbound.conf" >"$RUN/unbound-noval/unbound.conf"
}

# Append DS records to the parents' zone files.
install_ds() {
    local f zone parent inst file
    for f in "$RUN"/ds/*.ds; do
        zone=$(basename "$f" .ds).
        [ "$zone" = root. ] && zone=.
        if [ "$zone" = . ]; then
            cp "$f" "$RUN/unbound/root.ds"
            continue
        fi
        parent=$(parent_of "$zone")
        find_zone "$parent" || return 1
        inst=${T_INST[$IDX]} file=${T_FILE[$IDX]}
        { echo "; DS of $zone (added at lab start)"; cat "$f"; } \
            >>"$RUN/knot/$inst/zones/$file"
    done
}

print_env() {
    local kv
    for kv in \
        LAB_RUN="$RUN" \
        LAB_SH="$LAB_SELF" \
        LAB_RESOLVER="$LAB_RESOLVER_ADDR:$LAB_RESOLVER_PORT" \
        LAB_RESOLVER_ADDR="$LAB_RESOLVER_ADDR" \
        LAB_RESOLVER_PORT="$LAB_RESOLVER_PORT" \
        LAB_RESOLVER_NOVAL="$LAB_RESOLVER_ADDR:$LAB_NOVAL_PORT" \
        LAB_CA="$RUN/certs/ca.pem" \
        LAB_TRUST_ANCHOR="$RUN/unbound/root.ds" \
        LAB_UNBOUND_CONF="$RUN/unbound/unbound.conf" \
        LAB_NS_ROOT=127.0.0.2 LAB_NS_TLD=127.0.0.3 LAB_NS_CHILD=127.0.0.4 \
        LAB_NS_OTHER=127.0.0.5 LAB_NS_BOGUS=127.0.0.6 \
        LAB_NS_SERVFAIL=127.0.0.7 LAB_NS_DROP=127.0.0.8 LAB_NS_DEAD=127.0.0.9 \
        LAB_TLS_SITE=127.0.0.20 LAB_TLS_APIGW=127.0.0.21 \
        LAB_TLS_REJECT=127.0.0.23 \
        LAB_BIG_CAA_LEN="$LAB_BIG_CAA_LEN" \
        LAB_IN_NS="${LAB_IN_NS:-0}" \
        LAB_RESOLV_CONF="${LAB_RESOLV_CONF:-0}" \
        LAB_START_MS="${LAB_START_MS:-}"; do
        printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"
    done
    # --- email-lab: begin (tests/lab/email/lab-email.sh) ---
    email_env
    # --- email-lab: end ---
    apigw_env  # apigw-lab
}

# daemons_up: every spawned process still exists and is not a zombie (no
# command-name check: a child may not have exec'd its daemon yet).
daemons_up() {
    local name pid comm
    while read -r name pid comm; do
        alive "$pid" || { msg "$name (pid $pid) exited during start"; return 1; }
    done <"$RUN/pids"
}

# Wait until every knotd answers SOA over TCP for all of its zones (the first
# UDP query to a fresh knotd is lost; a refused TCP connect fails at once).
ready_knot() { # instance deadline_ms
    local inst=$1 deadline=$2 addr=${KNOT_ADDR[$1]} zones=() n out ok
    while read -r z i rest; do
        [ "$i" = "$inst" ] && zones+=("$z" SOA)
    done <"$RUN/zones.map"
    n=$(( ${#zones[@]} / 2 ))
    while :; do
        out=$(kdig @"$addr" +tcp +norec +time=1 +retry=0 "${zones[@]}" 2>&1)
        ok=$(printf '%s\n' "$out" | grep -c 'status: NOERROR')
        [ "$ok" -ge "$n" ] && return 0
        daemons_up || return 1
        [ "$(now_ms)" -lt "$deadline" ] || {
            msg "knotd $inst ($addr): $ok of $n zones answer"; return 1; }
        sleep 0.005
    done
}

ready_cmd() { # deadline_ms description command...
    local deadline=$1 what=$2
    shift 2
    until "$@" >/dev/null 2>&1; do
        daemons_up || return 1
        [ "$(now_ms)" -lt "$deadline" ] || { msg "not ready: $what"; return 1; }
        sleep 0.005
    done
}

kdig_ok() { # kdig args... : rcode NOERROR
    kdig "$@" 2>&1 | grep -q 'status: NOERROR'
}
tcp_open() { # addr port
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}
resolver_ok() { # NOERROR with AD for example.test SOA
    local out
    out=$(kdig @"$LAB_RESOLVER_ADDR" -p "$LAB_RESOLVER_PORT" +tcp +time=2 \
        +retry=0 +dnssec example.test SOA 2>&1)
    case $out in *'status: NOERROR'*) ;; *) return 1 ;; esac
    printf '%s\n' "$out" | grep -q '^;; Flags:.* ad[ ;]'
}

dump_logs() {
    local f
    for f in "$RUN"/knot/*/knot.log "$RUN"/unbound/unbound.log \
             "$RUN"/dnsdist/dnsdist.log "$RUN"/nginx/error.log \
             "$RUN"/nginx/stderr.log "$RUN"/certs/openssl.log "$RUN"/prep.log; do
        [ -s "$f" ] || continue
        echo "---- ${f#"$RUN"/} (last lines)" >&2
        tail -n 15 "$f" >&2
    done
    # --- email-lab: begin (tests/lab/email/lab-email.sh) ---
    if [ -s "$RUN/email.log" ]; then
        echo "---- email.log (last lines)" >&2
        tail -n 15 "$RUN/email.log" >&2
    fi
    # --- email-lab: end ---
}

# lab_start: sets RUN, starts everything, returns non-zero on failure.
lab_start() {
    local inst pids=() p bad=0 deadline pid name comm i
    LAB_T0=$(now_ms)
    load_table
    check_free
    RUN=$(mktemp -d "${TMPDIR:-/tmp}/acmd-lab.XXXXXX") || return 1
    : >"$RUN/.acmd-lab"
    : >"$RUN/pids"
    : >"$RUN/zones.map"
    mkdir -p "$RUN/ds" "$RUN/dnsdist" "$RUN/nginx/tmp"
    # >>> apigw-lab: keys, requests, untrusted CA, Cloudflare addresses; from
    # here, so that they use the second core while the configs are written
    apigw_prepare >>"$RUN/prep.log" 2>&1 &
    pids+=($!)
    # <<< apigw-lab

    # configs and zone files
    for inst in $KNOT_INSTANCES; do write_knot_conf "$inst" || return 1; done
    for i in "${!T_ZONE[@]}"; do
        [ "${T_FLAGS[$i]}" = hostile ] || continue
        printf 'big CAA 0 issue "%s"\n' \
            "$(head -c "$LAB_BIG_CAA_LEN" /dev/zero | tr '\0' a)" \
            >>"$RUN/knot/${T_INST[$i]}/zones/${T_FILE[$i]}"
    done
    write_unbound_conf
    subst "$LAB_DIR/conf/dnsdist.conf.in" >"$RUN/dnsdist/dnsdist.conf"
    subst "$LAB_DIR/conf/nginx.conf.in" RUN="$RUN" >"$RUN/nginx/nginx.conf"
    apigw_configs || return 1  # apigw-lab
    echo "nameserver $LAB_RESOLVER_ADDR" >"$RUN/resolv.conf"

    phase "configs written"
    # keys and certificates, in parallel
    for inst in root tld child; do
        make_keys "$inst" >>"$RUN/prep.log" 2>&1 &
        pids+=($!)
    done
    make_bogus >>"$RUN/prep.log" 2>&1 &
    pids+=($!)
    make_certs >>"$RUN/prep.log" 2>&1 &
    pids+=($!)
    for p in "${pids[@]}"; do wait "$p" || bad=1; done
    [ "$bad" = 0 ] || { msg "key or certificate generation failed"; return 1; }
    # >>> apigw-lab: sign with the lab CA, made by make_certs
    apigw_sign >>"$RUN/prep.log" 2>&1 ||
        { msg "API Gateway scenario certificates failed"; return 1; }
    # <<< apigw-lab
    install_ds || { msg "could not install DS records"; return 1; }
    [ -s "$RUN/unbound/root.ds" ] || { msg "no root DS"; return 1; }
    phase "keys, DS, certificates"

    # daemons
    for inst in $KNOT_INSTANCES; do
        spawn "knotd-$inst" knotd "$RUN/knot/$inst/stderr.log" \
            knotd -c "$RUN/knot/$inst/knot.conf"
    done
    spawn dnsdist dnsdist "$RUN/dnsdist/dnsdist.log" \
        dnsdist --supervised --disable-syslog -C "$RUN/dnsdist/dnsdist.conf"
    spawn nginx nginx "$RUN/nginx/stderr.log" \
        nginx -p "$RUN/nginx" -c "$RUN/nginx/nginx.conf" -e stderr \
        -g 'daemon off;'
    spawn unbound unbound "$RUN/unbound/stderr.log" \
        unbound -d -c "$RUN/unbound/unbound.conf"
    spawn unbound-noval unbound "$RUN/unbound-noval/stderr.log" \
        unbound -d -c "$RUN/unbound-noval/unbound.conf"
    # --- email-lab: begin (tests/lab/email/lab-email.sh) ---
    email_spawn
    # --- email-lab: end ---

    phase "daemons spawned"
    # readiness, polled one server after the other (parallel pollers only
    # compete with the starting daemons for the CPU): authoritative servers
    # first, then the resolver
    deadline=$(( $(now_ms) + 15000 ))
    for inst in $KNOT_INSTANCES; do
        ready_knot "$inst" "$deadline" || return 1
    done
    ready_cmd "$deadline" "dnsdist 127.0.0.7" kdig_ok @127.0.0.7 +tcp +norec \
        +time=1 +retry=0 caa-servfail.test SOA || return 1
    ready_cmd "$deadline" "dnsdist 127.0.0.8" kdig_ok @127.0.0.8 +tcp +norec \
        +time=1 +retry=0 caa-drop.test SOA || return 1
    for p in 20 21 23 78; do  # apigw-lab: 78 is the last one nginx binds
        ready_cmd "$deadline" "nginx 127.0.0.$p:443" tcp_open "127.0.0.$p" 443 ||
            return 1
    done
    # --- email-lab: begin (tests/lab/email/lab-email.sh) ---
    email_ready "$deadline" || return 1
    # --- email-lab: end ---
    phase "authoritative servers, dnsdist, nginx ready"
    ready_cmd "$deadline" "unbound $LAB_RESOLVER_ADDR:$LAB_RESOLVER_PORT (validated example.test SOA)" \
        resolver_ok || return 1
    ready_cmd "$deadline" "unbound $LAB_RESOLVER_ADDR:$LAB_NOVAL_PORT (not validating)" \
        kdig_ok @"$LAB_RESOLVER_ADDR" -p "$LAB_NOVAL_PORT" +tcp +time=2 +retry=0 example.test SOA || return 1
    phase "resolver ready (validated answer)"

    # every daemon must still be ours and alive (not a zombie)
    while read -r name pid comm; do
        alive "$pid" "$comm" || { msg "$name (pid $pid) is not running"; bad=1; }
    done <"$RUN/pids"
    [ "$bad" = 0 ] || return 1

    LAB_START_MS=$(( $(now_ms) - LAB_T0 ))
    echo "$LAB_START_MS" >"$RUN/start_ms"
    print_env >"$RUN/env"
    return 0
}

# ---------------------------------------------------------------------------
# Stop
# ---------------------------------------------------------------------------

lab_stop() { # run_dir
    local run=$1 name pid comm left i
    [ -n "$run" ] && [ -f "$run/.acmd-lab" ] || return 0
    if [ -f "$run/pids" ]; then
        while read -r name pid comm; do
            alive "$pid" "$comm" && kill -TERM "$pid" 2>/dev/null
        done <"$run/pids"
        for i in $(seq 300); do  # up to 3 s, then SIGKILL
            left=0
            while read -r name pid comm; do
                alive "$pid" "$comm" && left=1
            done <"$run/pids"
            [ "$left" = 0 ] && break
            sleep 0.01
        done
        while read -r name pid comm; do
            if alive "$pid" "$comm"; then
                msg "$name (pid $pid) did not stop; killing it"
                kill -KILL "$pid" 2>/dev/null
            fi
            wait "$pid" 2>/dev/null
        done <"$run/pids"
    fi
    if [ "${LAB_KEEP:-0}" = 1 ]; then
        msg "LAB_KEEP=1: kept $run"
    else
        rm -rf "$run"
    fi
}

# ---------------------------------------------------------------------------
# Runtime edits (need LAB_RUN)
# ---------------------------------------------------------------------------

need_run() {
    [ -n "${LAB_RUN:-}" ] && [ -f "$LAB_RUN/.acmd-lab" ] ||
        die "no running lab: LAB_RUN is not set (use 'lab.sh run', 'ns-run' or eval \"\$(lab.sh start)\")"
}

norm_zone() { # lower case, trailing dot
    local z
    z=$(printf '%s' "$1" | tr 'A-Z' 'a-z')
    case $z in *.) ;; *) z=$z. ;; esac
    printf '%s' "$z"
}

# knot_sock ZONE [SERVER] -> control socket of the knotd serving ZONE
knot_sock() {
    local zone=$1 srv=${2:-} line
    if [ -n "$srv" ]; then
        line=$(awk -v z="$zone" -v s="$srv" '$1 == z && ($2 == s || $3 == s)' \
            "$LAB_RUN/zones.map" | head -n 1)
    else
        line=$(awk -v z="$zone" '$1 == z && $2 != "other"' "$LAB_RUN/zones.map" |
            head -n 1)
    fi
    [ -n "$line" ] || die "zone $zone is not served${srv:+ by $srv} in this lab"
    set -- $line
    printf '%s' "$LAB_RUN/knot/$2/knot.sock"
}

knotc_tx() { # sock zone op args... : one transaction
    local sock=$1 zone=$2 op=$3 out
    shift 3
    knotc -s "$sock" -t 10 zone-begin "$zone" >/dev/null ||
        die "knotc zone-begin $zone failed"
    if ! out=$(knotc -s "$sock" -t 10 "$op" "$zone" "$@" 2>&1); then
        knotc -s "$sock" -t 10 zone-abort "$zone" >/dev/null 2>&1
        die "knotc $op $zone $*: $out"
    fi
    if ! out=$(knotc -s "$sock" -t 10 zone-commit "$zone" 2>&1); then
        knotc -s "$sock" -t 10 zone-abort "$zone" >/dev/null 2>&1
        die "knotc zone-commit $zone: $out"
    fi
}

# parse "-s SERVER" before the zone; sets SRV and ARGS
zone_args() {
    SRV=
    if [ "${1:-}" = -s ]; then SRV=${2:-}; shift 2; fi
    ARGS=("$@")
}

cmd_zone_set() {
    need_run
    zone_args "$@"
    set -- "${ARGS[@]}"
    [ $# -ge 5 ] || die "usage: lab.sh zone-set [-s SERVER] ZONE OWNER TTL TYPE RDATA..."
    local zone sock
    zone=$(norm_zone "$1")
    sock=$(knot_sock "$zone" "$SRV") || exit 1
    shift
    knotc_tx "$sock" "$zone" zone-set "$@"
}

cmd_zone_unset() {
    need_run
    zone_args "$@"
    set -- "${ARGS[@]}"
    [ $# -ge 2 ] || die "usage: lab.sh zone-unset [-s SERVER] ZONE OWNER [TYPE [RDATA...]]"
    local zone sock
    zone=$(norm_zone "$1")
    sock=$(knot_sock "$zone" "$SRV") || exit 1
    shift
    knotc_tx "$sock" "$zone" zone-unset "$@"
}

# zone-add-line ZONE 'owner [TTL] [CLASS] TYPE rdata' (TTL and class in
# either order; default TTL 300).
cmd_zone_add_line() {
    need_run
    zone_args "$@"
    set -- "${ARGS[@]}"
    [ $# -eq 2 ] || die "usage: lab.sh zone-add-line [-s SERVER] ZONE 'owner [TTL] [IN] TYPE rdata'"
    local zone=$1 line=$2 owner rest tok ttl=300 type
    line=${line//$'\t'/ }
    line=${line%$'\n'}
    read -r owner rest <<<"$line"
    while :; do
        read -r tok rest <<<"$rest"
        case $tok in
            '') die "zone-add-line: no type in: $2" ;;
            *[!0-9]*)
                case $(printf '%s' "$tok" | tr 'a-z' 'A-Z') in
                    IN|CH|HS|CS) continue ;;
                esac
                type=$tok
                break ;;
            *) ttl=$tok ;;
        esac
    done
    [ -n "$rest" ] || die "zone-add-line: no rdata in: $2"
    cmd_zone_set ${SRV:+-s "$SRV"} "$zone" "$owner" "$ttl" "$type" "$rest"
}

unbound_ctl() {
    unbound-control -c "$LAB_RUN/unbound/unbound.conf" "$@" >/dev/null ||
        die "unbound-control $* failed"
}

cmd_flush() {
    need_run
    # flush_zone . removes every rrset, message and key entry at or below
    # the root, i.e. all lab zones
    unbound_ctl flush_zone .
    unbound_ctl flush_negative
    unbound_ctl flush_infra all
    unbound_ctl flush_bogus
    unbound_ctl flush_requestlist
    unbound-control -c "$LAB_RUN/unbound-noval/unbound.conf" flush_zone . >/dev/null || true
    unbound-control -c "$LAB_RUN/unbound-noval/unbound.conf" flush_negative >/dev/null || true
    unbound-control -c "$LAB_RUN/unbound-noval/unbound.conf" flush_infra all >/dev/null || true
}

# ---------------------------------------------------------------------------
# Modes
# ---------------------------------------------------------------------------

on_exit_run() {
    local st=$?
    trap - EXIT INT TERM
    [ -n "${RUN:-}" ] && lab_stop "$RUN"
    exit "$st"
}

# run CMD...: start, run CMD with the lab's environment, stop.
cmd_run() {
    [ $# -ge 1 ] || die "usage: lab.sh run CMD..."
    require_tools
    RUN=
    trap on_exit_run EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    if ! lab_start; then
        msg "the lab failed to start (LAB_KEEP=1 keeps the run dir ${RUN:-})"
        [ -n "${RUN:-}" ] && dump_logs
        exit 99
    fi
    eval "$(print_env)"
    if [ "${LAB_IN_NS:-0}" = 1 ] &&
       mount --bind "$RUN/resolv.conf" /etc/resolv.conf 2>/dev/null; then
        LAB_RESOLV_CONF=1
        export LAB_RESOLV_CONF
        print_env >"$RUN/env"
    fi
    [ "${LAB_VERBOSE:-0}" = 1 ] && msg "lab ready in ${LAB_START_MS} ms ($RUN)"
    # --- bench-lab: LAB_FLEET_DIR / LAB_DELAY_MS start the benchmark
    # extensions with the lab (tests/lab/lab-bench.sh); unset for tests ---
    if [ -n "${LAB_FLEET_DIR:-}${LAB_DELAY_MS:-}" ]; then
        # shellcheck source=tests/lab/lab-bench.sh
        . "$LAB_DIR/lab-bench.sh"
        bench_at_start || { msg "the benchmark extensions failed to start"; exit 99; }
    fi
    # --- end bench-lab ---
    local st=0
    if [ -f "$1" ] && [ ! -x "$1" ]; then
        bash "$@" || st=$?
    else
        "$@" || st=$?
    fi
    exit "$st"
}

# Which unshare flags work here. Sets NSFLAGS; empty if no namespace can be
# made but we are root (then the lab runs in the host namespace).
ns_flags() {
    if unshare --user --map-root-user true 2>/dev/null; then
        NSFLAGS=(--user --map-root-user --net --pid --fork --kill-child --mount-proc)
    elif [ "$(id -u)" = 0 ] && unshare --net --pid --fork --mount-proc true 2>/dev/null; then
        NSFLAGS=(--net --pid --fork --kill-child --mount-proc)
    elif [ "$(id -u)" = 0 ]; then
        NSFLAGS=()
    else
        msg "SKIP: cannot create private namespaces: user namespaces are not permitted here and we are not root."
        msg "(enable them, e.g. sysctl kernel.unprivileged_userns_clone=1 or kernel.apparmor_restrict_unprivileged_userns=0, or run as root)"
        exit 77
    fi
}

cmd_ns_run() {
    [ $# -ge 1 ] || die "usage: lab.sh ns-run CMD..."
    require_tools
    ns_flags
    if [ ${#NSFLAGS[@]} -gt 0 ]; then
        exec unshare "${NSFLAGS[@]}" bash "$LAB_SELF" __ns-inner "$@"
    fi
    # Root, but no namespaces at all (e.g. a container's seccomp profile):
    # run in the host namespace, one lab at a time (host-wide lock).
    msg "no private namespaces available: running the lab in the host network namespace (serialised by a lock)"
    command -v flock >/dev/null 2>&1 ||
        { msg "SKIP: no namespaces and no flock(1) to serialise host labs"; exit 77; }
    exec 9>"${TMPDIR:-/tmp}/acmd-lab.host.lock" ||
        { msg "SKIP: cannot create the host lock file"; exit 77; }
    flock 9
    LAB_BUSY_STATUS=77
    cmd_run "$@"
}

cmd_ns_inner() {
    ip link set lo up || LAB_DIE_STATUS=99 die "ip link set lo up failed"
    LAB_IN_NS=1
    export LAB_IN_NS
    cmd_run "$@"
}

banner() {
    cat <<EOF

  acm-doctor test lab (private network namespace: nothing here reaches the
  real network). Started in ${LAB_START_MS} ms; run dir $LAB_RUN

  Resolver (validating unbound, own root): $LAB_RESOLVER$( [ "$LAB_RESOLV_CONF" = 1 ] && echo " (also 127.0.0.1:53 = /etc/resolv.conf)")
  Authoritative: root 127.0.0.2, TLDs 127.0.0.3, customer zones 127.0.0.4,
  wrong-zone copy 127.0.0.5, bogus 127.0.0.6, CAA SERVFAIL 127.0.0.7,
  CAA drop 127.0.0.8, dead 127.0.0.9
  TLS (nginx, CA \$LAB_CA): 127.0.0.20 (api/www/expired.example.test),
  127.0.0.21 (*.execute-api.us-east-1.amazonaws.com), 127.0.0.23 (rejects unknown SNI)
  API Gateway scenarios: 127.0.0.70-78, apigw-*.test (README "API Gateway scenarios")

  Try:
    kdig @127.0.0.1 -p 5300 +dnssec caa-le.test CAA     (signed: AD flag)
    kdig @127.0.0.1 -p 5300 caa-bogus.test CAA          (SERVFAIL + EDE 6)
    kdig @127.0.0.4 +norec +notcp caa-tc.test CAA       (TC=1 over UDP)
    \$ACM_DOCTOR check --resolver \$LAB_RESOLVER www.caa-cname.test
    \$ACM_DOCTOR tls --sni expired.example.test --ca-file \$LAB_CA 127.0.0.20
    openssl s_client -connect 127.0.0.20:443 -servername expired.example.test -CAfile \$LAB_CA
    "\$LAB_SH" zone-set caa-none.test @ 300 CAA 0 issue '"amazon.com"' && "\$LAB_SH" flush
  ACM_DOCTOR=${ACM_DOCTOR:-(not set)}
  Zones and scenarios: tests/lab/README.md. Leave the shell to stop the lab.

EOF
}

cmd_shell_inner() {
    banner
    exec "${SHELL:-/bin/bash}" -i
}

usage() {
    sed -n '2,/^$/s/^# \{0,1\}//p' "$LAB_SELF" >&2
    exit 2
}

main() {
    local mode=${1:-}
    [ $# -gt 0 ] && shift
    case $mode in
        start)
            require_tools
            RUN=
            trap on_exit_run EXIT
            if ! lab_start; then
                msg "the lab failed to start"
                [ -n "${RUN:-}" ] && dump_logs
                exit 99
            fi
            trap - EXIT
            print_env ;;
        stop)
            local run=${1:-${LAB_RUN:-}}
            [ -n "$run" ] || die "usage: lab.sh stop [RUN_DIR] (or set LAB_RUN)"
            [ -f "$run/.acmd-lab" ] || die "$run is not a lab run directory"
            lab_stop "$run" ;;
        env) need_run; cat "$LAB_RUN/env" ;;
        run) cmd_run "$@" ;;
        ns-run) cmd_ns_run "$@" ;;
        __ns-inner) cmd_ns_inner "$@" ;;
        shell) cmd_ns_run bash "$LAB_SELF" __shell-inner ;;
        __shell-inner) cmd_shell_inner ;;
        zone-set) cmd_zone_set "$@" ;;
        zone-unset) cmd_zone_unset "$@" ;;
        zone-add-line) cmd_zone_add_line "$@" ;;
        flush) cmd_flush ;;
        # ---- AWS endpoint (tests/aws/aws-lab.sh; README "AWS endpoint") ----
        aws-start|aws-stop) need_run; exec bash "$LAB_DIR/../aws/aws-lab.sh" "$mode" "$@" ;;
        # ---- end AWS endpoint ----
        # --- bench-lab: benchmark extensions (tests/lab/lab-bench.sh) ---
        delay-start|delay-stop|fleet-load)
            # shellcheck source=tests/lab/lab-bench.sh
            . "$LAB_DIR/lab-bench.sh" && bench_main "$mode" "$@" ;;
        # --- end bench-lab ---
        # --- email-lab: begin (tests/lab/email/lab-email.sh) ---
        email-start) cmd_email_start ;;
        # --- email-lab: end ---
        ''|-h|--help|help) usage ;;
        *) msg "unknown mode: $mode"; usage ;;
    esac
}

main "$@"
