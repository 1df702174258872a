#!/bin/bash
# The lab's local AWS endpoint, started on demand (importing botocore costs
# about half a second, and most tests do not need it). Run through lab.sh,
# inside a running lab (LAB_RUN set):
#
#   eval "$("$LAB_SH" aws-start [--link-local] [FIXTURE])"
#                                start; print unset/export lines
#   "$LAB_SH" aws-stop           stop it (lab stop does too)
#
# FIXTURE defaults to tests/aws/fixtures/lab.json. --link-local also serves
# IMDS on 169.254.169.254:80 and the container endpoint on 169.254.170.2:80,
# the addresses SDKs use by default (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
# has no other): only inside the lab's private network namespace, where
# they are added to lo. Exit status 77 (automake
# SKIP) when /usr/bin/python3 has no botocore (Debian: python3-botocore),
# 99 when the endpoint fails to start. See tests/lab/README.md, "AWS
# endpoint".
set -u

AWS_DIR=$(CDPATH='' cd -P "$(dirname "$0")" && pwd)
PY=/usr/bin/python3     # Debian's: a python3 earlier on PATH lacks its modules

msg() { printf 'aws-lab: %s\n' "$*" >&2; }

[ -n "${LAB_RUN:-}" ] && [ -f "$LAB_RUN/.acmd-lab" ] ||
    { msg "no running lab (LAB_RUN)"; exit 1; }
D=$LAB_RUN/aws

running() {
    local pid
    pid=$(cat "$D/pid" 2>/dev/null) || return 1
    [ -r "/proc/$pid/stat" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$pid/stat"
}

start() {
    local fixture pid i extra=()
    if [ "${1:-}" = --link-local ]; then
        shift
        if [ "${LAB_IN_NS:-0}" = 1 ] &&
           ip addr add 169.254.169.254/32 dev lo 2>/dev/null &&
           ip addr add 169.254.170.2/32 dev lo 2>/dev/null; then
            extra=(--imds 127.0.0.31:80 --imds 169.254.169.254:80
                   --container 127.0.0.32:80 --container 169.254.170.2:80)
        else
            msg "--link-local needs the lab's own network namespace: not serving 169.254.x"
        fi
    fi
    fixture=${1:-$AWS_DIR/fixtures/lab.json}
    if [ ! -x "$PY" ] || ! "$PY" -c 'import botocore' 2>/dev/null; then
        msg "SKIP: $PY cannot import botocore (Debian: apt-get install python3-botocore)"
        exit 77
    fi
    [ -r "$fixture" ] || { msg "no such fixture: $fixture"; exit 1; }
    if running; then msg "already running (pid $(cat "$D/pid")); aws-stop first"; exit 1; fi
    rm -rf "$D" && mkdir -p "$D"
    # no __pycache__ in the source tree (it may be read-only: distcheck)
    PYTHONDONTWRITEBYTECODE=1 "$PY" "$AWS_DIR/aws-endpoint.py" --fixture "$fixture" --dir "$D" \
        --ca "$LAB_RUN/certs/ca.pem" --ca-key "$LAB_RUN/certs/ca.key" \
        --lab-run "$LAB_RUN" "${extra[@]}" </dev/null >>"$D/stderr.log" 2>&1 &
    pid=$!
    # recorded like the lab's daemons, so lab.sh stop ends it too
    echo "aws-endpoint $pid python3" >>"$LAB_RUN/pids"
    for i in $(seq 300); do
        [ -f "$D/ready" ] && break
        if ! kill -0 "$pid" 2>/dev/null; then
            msg "the endpoint exited during start:"
            tail -n 20 "$D/stderr.log" >&2
            exit 99
        fi
        sleep 0.05
    done
    [ -f "$D/ready" ] || { msg "not ready after 15 s"; tail -n 20 "$D/stderr.log" >&2; exit 99; }
    cat "$D/env"
}

stop() {
    local pid i
    running || return 0
    pid=$(cat "$D/pid")
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 100); do running || break; sleep 0.02; done
    running && kill -KILL "$pid" 2>/dev/null
    rm -f "$D/ready" "$D/pid"
}

case ${1:-} in
    aws-start) shift; start "$@" ;;
    aws-stop) stop ;;
    *) msg "usage: lab.sh aws-start [--link-local] [FIXTURE] | lab.sh aws-stop"; exit 2 ;;
esac
