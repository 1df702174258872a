#!/bin/sh
# Install what acm-doctor needs on Debian 12: the build dependencies, with
# --test also the servers of the loopback test lab, and with --bench the lab
# plus what the benchmarks in bench/ compare against and measure with
# (dnsperf, GNU time, perl for the lab's delaying TCP relay). As root, or
# through sudo.
# The lab's servers are never started as system services: the tests run them
# in private namespaces, so service start-up is suppressed during the install.
set -eu

# Packages need root: ask sudo when we are not.
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null || { echo "install-deps.sh: run it as root (no sudo here)" >&2; exit 1; }
	exec sudo "$0" "$@"
fi

build="gcc make autoconf automake autopoint gettext pkg-config
libncurses-dev libcurl4-openssl-dev libc-ares-dev libssl-dev libcjson-dev libidn2-dev
libpsl-dev publicsuffix"
lab="knot knot-dnsutils unbound dnsdist ldnsutils nginx-light bind9-dnsutils
openssl jq iproute2 util-linux valgrind tmux locales
python3-botocore awscli curl python3-jsonschema
python3 swaks libio-socket-inet6-perl"

# Only bench/ uses these; no test does, so --test does not install them.
bench="dnsperf time perl"

pkgs=$build
case ${1:-} in
--test) pkgs="$build $lab" ;;
--bench) pkgs="$build $lab $bench" ;;
esac

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
# The German locale, for the translation tests.
want_locale() {
	[ "${1:-}" = "--test" ] || return 0
	locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$' && return 0
	localedef -i de_DE -f UTF-8 de_DE.UTF-8 2>/dev/null || true
}

if [ -z "$missing" ]; then
	want_locale "${1:-}"
	exit 0
fi

export DEBIAN_FRONTEND=noninteractive
added_policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	added_policy=1
fi
trap '[ -n "$added_policy" ] && rm -f /usr/sbin/policy-rc.d' EXIT
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
want_locale "${1:-}"
