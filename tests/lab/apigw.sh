# The API Gateway scenarios' share of the lab (tests/lab/README.md, "API
# Gateway scenarios"): addresses, certificates, nginx servers, environment.
# Sourced by lab.sh; lab_start calls, with RUN set:
#   apigw_prepare &  first thing, in the background until the keys phase
#                    ends: keys and CSRs, the untrusted CA and its leaf, the
#                    Cloudflare addresses on lo and their nginx server
#   apigw_configs    configs phase: nginx conf.d/apigw.conf
#   apigw_sign       after the keys phase (it needs the lab CA): openssl ca
# and print_env calls apigw_env. Certificates cost processes, and processes
# are what the lab's start time is made of: the 90-day leaves are signed by
# ONE "openssl ca -infiles" run, and the healthy custom domains share one
# certificate (like a multi-domain ACM certificate).

APIGW_FRONT="127.0.0.70 127.0.0.71"  # regional front end us-east-1 (all d- names)
APIGW_STAGE_URL=127.0.0.72           # abc1234567.execute-api.us-east-1 (stage URL)
APIGW_FRONT_EU=127.0.0.73            # regional front end eu-west-1
APIGW_EDGE=127.0.0.74                # CloudFront d1a2b3c4d5e6f7.cloudfront.net
APIGW_EDGE_REJECT=127.0.0.75         # CloudFront d9z8y7x6w5v4u3, rejects unknown SNI
APIGW_STALE=127.0.0.76               # old address still in apigw-aliasdiff.test
APIGW_VPCE=127.0.0.77                # execute-api VPC endpoint
APIGW_PLAIN=127.0.0.78               # a plain web server
# Cloudflare addresses (104.16.0.0/13 and 2606:4700::/32 in
# data/cloudflare-ips.txt), only ever added to lo inside the lab's namespace.
APIGW_PROXY4=104.21.48.70
APIGW_PROXY6=2606:4700:3030::6815:3046
APIGW_BINDS="127.0.0.70:443 127.0.0.71:443 127.0.0.72:443 127.0.0.73:443
127.0.0.74:443 127.0.0.75:443 127.0.0.76:443 127.0.0.77:443 127.0.0.78:443"

# Leaves signed by the lab CA for 90 days: "file CN more-SANs...", in the
# order of the openssl ca run (serials A000, A001, ...). Two come from
# make_certs: the AWS wildcard *.execute-api.us-east-1.amazonaws.com
# (certs/apigw.pem) and, as "a certificate for another name" in
# apigw-wrongname.test, the one of api.example.test and www.example.test
# (certs/api.pem).
APIGW_LEAVES=(
    "acm api.apigw-ok.test api.apigw-stage.test api.apigw-edge.test
     apigw-alias.test apigw-aliasdiff.test api.apigw-chain.test
     api.apigw-nomap.test api.apigw-stagepath.test api.apigw-v2.test
     api.apigw-proxy.test api.apigw-region.test api.apigw-vpce.test"
    "cloudfront *.cloudfront.net cloudfront.net"
    "euwest1 *.execute-api.eu-west-1.amazonaws.com"
    "vpce *.execute-api.us-east-1.vpce.amazonaws.com *.execute-api.us-east-1.amazonaws.com"
    "deepwild *.apigw-deepwild.test apigw-deepwild.test"
    "proxy apigw-proxy.test *.apigw-proxy.test"
    "other api.apigw-other.test lb.apigw-other.test"
)
# Signed by the lab CA with dates in the past (openssl ca is the only
# OpenSSL 3.0 command that takes them).
APIGW_EXPIRED="expired api.apigw-expired.test"
APIGW_EXPIRED_DATES="-startdate 20240101000000Z -enddate 20240401000000Z"

apigw_configs() {
    local conf=$LAB_DIR/conf/apigw
    mkdir -p "$RUN/nginx/conf.d" || return 1
    subst "$conf/nginx.conf.in" LABCERTS="$RUN/certs" \
        CERTS="$RUN/certs/apigw" CONF="$conf" >"$RUN/nginx/conf.d/apigw.conf"
}

# apigw_csr FILE CN [SAN...]: a new P-256 key and its request (background).
apigw_csr() {
    local name=$1 cn=$2 san= s
    shift
    for s; do san="$san,DNS:$s"; done
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -keyout "$name.key" -out "$name.csr" -subj "/CN=$cn" \
        -addext "subjectAltName=${san#,}" &
}

# A throwaway CA nobody trusts, and the right name's certificate from it
# (sent with that CA, so the client sees a complete but untrusted chain).
apigw_untrusted() {
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -keyout untrusted-ca.key -out untrusted-ca.pem -days 3650 \
        -subj "/O=acm-doctor test lab/CN=acm-doctor untrusted CA" \
        -addext basicConstraints=critical,CA:TRUE \
        -addext keyUsage=critical,keyCertSign,cRLSign &&
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -keyout untrusted.key -subj /CN=api.apigw-untrusted.test \
        -addext subjectAltName=DNS:api.apigw-untrusted.test \
        -addext basicConstraints=critical,CA:FALSE \
        -addext keyUsage=critical,digitalSignature \
        -addext extendedKeyUsage=serverAuth \
        -CA untrusted-ca.pem -CAkey untrusted-ca.key -days 90 \
        -set_serial "$(( (RANDOM << 15) | RANDOM ))" -out untrusted.pem &&
    printf '%s\n%s\n' "$(<untrusted.pem)" "$(<untrusted-ca.pem)" \
        >untrusted.chain.pem
}

# The Cloudflare addresses on lo and their nginx servers, inside the lab's
# own network namespace only. IPv6 is optional (a kernel may have it off):
# one ip(8) process for both, then /proc says whether IPv6 took.
apigw_proxy() {
    local conf=$LAB_DIR/conf/apigw f=$RUN/nginx/conf.d/apigw-proxy.conf
    local v6= hex line out=
    [ "${LAB_IN_NS:-0}" = 1 ] || return 0
    ip -force -batch - 2>/dev/null <<<"addr add $APIGW_PROXY4/32 dev lo
addr add $APIGW_PROXY6/128 dev lo nodad"
    hex=26064700303000000000000068153046  # $APIGW_PROXY6 in /proc's form
    while read -r line _; do
        [ "$line" = "$hex" ] && v6=$APIGW_PROXY6
    done 2>/dev/null </proc/net/if_inet6
    subst "$conf/proxy.conf.in" PROXY4="$APIGW_PROXY4" PROXY6="$v6" \
        CERTS="$RUN/certs/apigw" CONF="$conf" >"$f" || return 1
    if [ -z "$v6" ]; then  # drop the IPv6 listen lines
        while IFS= read -r line; do
            [[ $line == *'listen []'* ]] || out+=$line$'\n'
        done <"$f"
        printf '%s' "$out" >"$f"
    fi
    echo "$APIGW_PROXY4 $v6" >"$RUN/certs/apigw/public"
}

# Everything that does not need the lab CA, in parallel; run in the
# background (its own subshell), output to prep.log.
apigw_prepare() {
    local d=$RUN/certs/apigw leaf words pids=() p bad=0
    mkdir -p "$d/batch/newcerts" "$d/past/newcerts" "$RUN/nginx/conf.d" ||
        return 1
    cd "$d" || return 1
    export OPENSSL_CONF=/dev/null
    : >batch/index.txt
    : >past/index.txt
    echo A000 >batch/serial
    echo B000 >past/serial
    for leaf in "${APIGW_LEAVES[@]}" "$APIGW_EXPIRED"; do
        read -ra words <<<"${leaf//$'\n'/ }"
        # CN = first SAN; the file name comes first
        apigw_csr "${words[0]}" "${words[@]:1}"
        pids+=($!)
    done
    apigw_untrusted &
    pids+=($!)
    apigw_proxy || bad=1
    for p in "${pids[@]}"; do wait "$p" || bad=1; done
    return "$bad"
}

# Sign what apigw_prepare made with the lab CA: the 90-day leaves in one run,
# the expired one in another (its own database), side by side.
apigw_sign() {
    local d=$RUN/certs/apigw ca=$RUN/certs csrs=() leaf name i=0 serial pem
    local capem p st=0
    for leaf in "${APIGW_LEAVES[@]}"; do csrs+=("$d/${leaf%% *}.csr"); done
    subst "$LAB_DIR/conf/ca.cnf.in" CERTS="$d/batch" >"$d/batch/ca.cnf"
    subst "$LAB_DIR/conf/ca.cnf.in" CERTS="$d/past" >"$d/past/ca.cnf"
    OPENSSL_CONF=/dev/null openssl ca -batch -config "$d/batch/ca.cnf" \
        -cert "$ca/ca.pem" -keyfile "$ca/ca.key" -notext -days 90 \
        -out "$d/batch/all.pem" -infiles "${csrs[@]}" &
    p=$!
    # shellcheck disable=SC2086  # two options, each with its value
    OPENSSL_CONF=/dev/null openssl ca -batch -config "$d/past/ca.cnf" \
        -cert "$ca/ca.pem" -keyfile "$ca/ca.key" -notext \
        $APIGW_EXPIRED_DATES -in "$d/expired.csr" -out "$d/expired.pem" || st=1
    wait "$p" || st=1
    [ "$st" = 0 ] || return 1
    # name the batch's certificates; nginx sends leaf + CA
    capem=$(<"$ca/ca.pem")
    for leaf in "${APIGW_LEAVES[@]}"; do
        name=${leaf%% *}
        printf -v serial '%04X' $(( 0xA000 + i ))
        i=$(( i + 1 ))
        pem=$(<"$d/batch/newcerts/$serial.pem") || return 1
        printf '%s\n' "$pem" >"$d/$name.pem"
        printf '%s\n%s\n' "$pem" "$capem" >"$d/$name.chain.pem"
    done
    printf '%s\n%s\n' "$(<"$d/expired.pem")" "$capem" >"$d/expired.chain.pem"
}

# Environment for tests (print_env): export lines.
apigw_env() {
    local kv p4= p6=
    [ -r "$RUN/certs/apigw/public" ] && read -r p4 p6 <"$RUN/certs/apigw/public"
    for kv in \
        LAB_UNTRUSTED_CA="$RUN/certs/apigw/untrusted-ca.pem" \
        LAB_APIGW_CERTS="$RUN/certs/apigw" \
        LAB_APIGW_FRONT="$APIGW_FRONT" \
        LAB_APIGW_STAGE_URL="$APIGW_STAGE_URL" \
        LAB_APIGW_FRONT_EU="$APIGW_FRONT_EU" \
        LAB_APIGW_EDGE="$APIGW_EDGE" \
        LAB_APIGW_EDGE_REJECT="$APIGW_EDGE_REJECT" \
        LAB_APIGW_STALE="$APIGW_STALE" \
        LAB_APIGW_VPCE="$APIGW_VPCE" \
        LAB_APIGW_PLAIN="$APIGW_PLAIN" \
        LAB_APIGW_PROXY4="$p4" \
        LAB_APIGW_PROXY6="$p6"; do
        printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"
    done
}
