#!/bin/sh
# Run tests/src/net/test_tls_probe against real TLS servers, self-contained:
# a throwaway CA and leaf certificates made with openssl in a temp dir, and
# `openssl s_server` instances on 127.0.0.1 (and ::1 when there is IPv6) on
# ports the kernel picks, so parallel `make check` runs never collide.
# The servers and the temp dir go away on exit, whatever happens.
set -eu

prog=${TLS_PROBE_TEST:-./tests/src/net/test_tls_probe}
# TLS_PROBE_RUNNER="valgrind --leak-check=full --error-exitcode=3" runs it
# under valgrind (word splitting wanted).
runner=${TLS_PROBE_RUNNER-}
if ! command -v openssl >/dev/null 2>&1; then
	echo "run_tls_probe: openssl not found, skipped"
	exit 77
fi

here=$(pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/acmd-tls.XXXXXX")
pids=
cleanup() {
	for pid in $pids; do
		kill "$pid" 2>/dev/null || :
	done
	wait 2>/dev/null || :
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

cd "$dir"
mkdir newcerts
: >index.txt
echo 1000 >serial
# `openssl ca` because it is the only way in OpenSSL 3.0 to sign with dates in
# the past or the future (x509 -req and req -x509 cannot).
cat >ca.cnf <<EOF
[ ca ]
default_ca = testca
[ testca ]
dir = $dir
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
serial = \$dir/serial
certificate = \$dir/ca.pem
private_key = \$dir/ca.key
default_md = sha256
policy = policy_any
copy_extensions = copy
unique_subject = no
x509_extensions = leaf_ext
email_in_dn = no
preserve = yes
[ policy_any ]
commonName = supplied
[ leaf_ext ]
basicConstraints = critical, CA:FALSE
EOF

quiet() {
	"$@" >"$dir/cmd.log" 2>&1 || { cat "$dir/cmd.log" >&2; return 1; }
}

quiet openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout ca.key -out ca.pem -days 30 \
	-subj "/O=acm-doctor tests/CN=acm-doctor test CA" \
	-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign

# leaf NAME SUBJECT SAN [CA-DATE-OPTIONS...]
leaf() {
	name=$1 subj=$2 san=$3
	shift 3
	quiet openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -utf8 \
		-keyout "$name.key" -out "$name.csr" -subj "$subj" -addext "subjectAltName=$san"
	if [ $# -eq 0 ]; then
		set -- -days 30
	fi
	quiet openssl ca -batch -notext -utf8 -config ca.cnf -in "$name.csr" -out "$name.pem" "$@"
}

esc=$(printf '\033')
rlo=$(printf '\342\200\256')     # U+202E RIGHT-TO-LEFT OVERRIDE
leaf api "/CN=api.example.test" "DNS:api.example.test,DNS:www.example.test"
leaf expired "/CN=expired.example.test" "DNS:expired.example.test" \
	-startdate 20200101000000Z -enddate 20200201000000Z
leaf future "/CN=future.example.test" "DNS:future.example.test" \
	-startdate 20990101000000Z -enddate 20990201000000Z
leaf wild "/CN=*.execute-api.us-east-1.amazonaws.com" \
	"DNS:*.execute-api.us-east-1.amazonaws.com,DNS:f*.example.test,IP:127.0.0.1"
leaf evil "/CN=evil${esc}[31mred${rlo}gnp.exe" "DNS:a${esc}]0;x.example.test,DNS:evil.example.test"
# Too much of everything: a 600-byte SAN, then 1100 more, its own name last.
sans="DNS:$(printf '%0600d' 0 | tr 0 a).big.example.test"
i=1
while [ $i -le 1100 ]; do
	sans="$sans,DNS:n$i.big.example.test"
	i=$((i + 1))
done
leaf big "/CN=big.example.test" "$sans,DNS:big.example.test"

# serve NAME ADDRESS S_SERVER-OPTIONS...: start s_server, wait for its
# "ACCEPT host:port" line, and put the port in $port.
serve() {
	name=$1 addr=$2
	shift 2
	openssl s_server -accept "$addr:0" -www "$@" </dev/null >"$name.out" 2>&1 &
	pids="$pids $!"
	i=0
	while ! grep -q '^ACCEPT' "$name.out" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 "$!" 2>/dev/null; then
			echo "run_tls_probe: s_server $name did not start:" >&2
			cat "$name.out" >&2
			return 1
		fi
		sleep 0.05
	done
	port=$(sed -n 's/^ACCEPT .*:\([0-9]*\)$/\1/p' "$name.out" | head -n 1)
}

serve api 127.0.0.1 -cert api.pem -key api.key \
	-servername big.example.test -cert2 big.pem -key2 big.key
TLS_TEST_API_PORT=$port
# The expired leaf is sent with its CA (chain of 2); the not-yet-valid leaf is
# chosen by SNI.
serve expired 127.0.0.1 -cert expired.pem -key expired.key -cert_chain ca.pem \
	-servername future.example.test -cert2 future.pem -key2 future.key
TLS_TEST_EXPIRED_PORT=$port
# The API Gateway picture: the execute-api wildcard for any name, another
# certificate only for its own SNI name.
serve wild 127.0.0.1 -cert wild.pem -key wild.key \
	-servername evil.example.test -cert2 evil.pem -key2 evil.key
TLS_TEST_WILD_PORT=$port
# Like nginx's ssl_reject_handshake: alert 112 for any other SNI name.
serve reject 127.0.0.1 -cert api.pem -key api.key \
	-servername api.example.test -cert2 api.pem -key2 api.key -servername_fatal
TLS_TEST_REJECT_PORT=$port
# Mutual TLS over TLS 1.2: the server sends its certificate, then fails the
# handshake because we have none to give.
serve mtls 127.0.0.1 -cert api.pem -key api.key -Verify 1 -tls1_2
TLS_TEST_MTLS_PORT=$port
TLS_TEST_V6_PORT=
if serve v6 '[::1]' -cert api.pem -key api.key 2>/dev/null; then
	TLS_TEST_V6_PORT=$port
fi

TLS_TEST_CA=$dir/ca.pem
TLS_TEST_WILD_PEM=$dir/wild.pem
TLS_TEST_API_FP=$(openssl x509 -in api.pem -noout -fingerprint -sha256 | sed 's/^.*=//')
TLS_TEST_API_SERIAL=$(openssl x509 -in api.pem -noout -serial | sed 's/^.*=//')
export TLS_TEST_CA TLS_TEST_WILD_PEM TLS_TEST_API_FP TLS_TEST_API_SERIAL
export TLS_TEST_API_PORT TLS_TEST_EXPIRED_PORT TLS_TEST_WILD_PORT TLS_TEST_REJECT_PORT
export TLS_TEST_MTLS_PORT TLS_TEST_V6_PORT

cd "$here"
status=0
$runner "$prog" || status=$?
exit $status
