# The lab's email servers (tests/lab/README.md, "Email scenarios"): SMTP on
# 127.0.0.40-52 port 25 (and [::1]:25 when the namespace has IPv6) and RDAP
# over HTTPS on 127.0.0.60:443, one Python process (serve.py). Sourced by
# lab.sh, which calls these functions from its "email-lab" blocks; they use
# lab.sh's RUN, LAB_DIR, spawn, ready_cmd, check_free, msg and die.

# Debian's Python, never a pyenv or virtualenv one from PATH: the servers use
# only its standard library.
EMAIL_PY=/usr/bin/python3
# What serve.py binds, checked free before start like LAB_BINDS
# (127.0.0.43 stays unbound on purpose: "connection refused").
EMAIL_BINDS="127.0.0.40:25 127.0.0.41:25 127.0.0.42:25 127.0.0.44:25
127.0.0.45:25 127.0.0.46:25 127.0.0.47:25 127.0.0.48:25 127.0.0.49:25
127.0.0.50:25 127.0.0.51:25 127.0.0.52:25 127.0.0.60:443"
# Knobs (read at start): LAB_EMAIL_SERVERS=0 leaves the servers out of the
# lab's start (start them later with "lab.sh email-start"); the delay of
# email-slow.test's RDAP answer; the size of email-huge.test's.
LAB_EMAIL_SERVERS=${LAB_EMAIL_SERVERS:-1}
LAB_RDAP_SLOW_MS=${LAB_RDAP_SLOW_MS:-5000}
LAB_RDAP_HUGE_MB=${LAB_RDAP_HUGE_MB:-8}
# 1 once the servers answer; 0 when they could not run here (no Debian
# python3, or port 25 taken in the host namespace): the lab still starts and
# email tests skip.
LAB_EMAIL=0
LAB_SMTP_V6=

# Start serve.py (after the lab CA exists: the RDAP server makes its
# certificate with it at its first connection). Skipped, with LAB_EMAIL=0,
# when Python is missing or, in the host namespace, port 25 is taken (a
# system MTA): the rest of the lab does not depend on it. No command here
# forks more than the spawn itself: every process counts at each lab start
# (serve.py makes $RUN/email).
email_spawn() {
    [ "$LAB_EMAIL_SERVERS" = 0 ] && return 0
    if [ ! -x "$EMAIL_PY" ]; then
        msg "email servers not started: $EMAIL_PY is missing (Debian: apt-get install python3)"
        return 0
    fi
    if [ "${LAB_IN_NS:-0}" != 1 ] &&
       ! (LAB_BINDS=$EMAIL_BINDS LAB_BUSY_STATUS=1 check_free) 2>/dev/null; then
        msg "email servers not started: their addresses are taken in the host namespace"
        return 0
    fi
    # -I: no user site, no PYTHON* variables; -S: no site module (faster
    # start); bytecode goes to a cache shared by all labs in TMPDIR, never
    # into the source tree (compiling the modules at every start costs more
    # than the rest of the start-up)
    spawn email python3 "$RUN/email.log" \
        "$EMAIL_PY" -I -S -X pycache_prefix="${TMPDIR:-/tmp}/acmd-lab-pycache" \
        "$LAB_DIR/email/serve.py" --dir "$RUN/email" \
        --lab "$LAB_DIR" --certs "$RUN/certs" \
        --slow-ms "$LAB_RDAP_SLOW_MS" --huge-mb "$LAB_RDAP_HUGE_MB"
    EMAIL_SPAWNED=1
}

# Wait until serve.py has bound every socket (it writes ready after that).
email_ready() { # deadline_ms
    [ "${EMAIL_SPAWNED:-0}" = 1 ] || return 0
    ready_cmd "$1" "email servers (SMTP 127.0.0.40-52:25, RDAP 127.0.0.60:443)" \
        test -s "$RUN/email/ready" || return 1   # test: a builtin
    LAB_EMAIL=1
    local key val
    while read -r key val _; do
        if [ "$key" = smtp6 ] && [ "$val" != - ]; then LAB_SMTP_V6=$val; fi
    done <"$RUN/email/ready"
    return 0
}

# export lines for print_env
email_env() {
    local e=$RUN/email kv
    for kv in \
        LAB_EMAIL="$LAB_EMAIL" \
        LAB_SMTP_OK=127.0.0.40 LAB_SMTP_NOSERVICE=127.0.0.41 \
        LAB_SMTP_SILENT=127.0.0.42 LAB_SMTP_REFUSED=127.0.0.43 \
        LAB_SMTP_MULTILINE=127.0.0.44 LAB_SMTP_LONG=127.0.0.45 \
        LAB_SMTP_CTRL=127.0.0.46 LAB_SMTP_NOCRLF=127.0.0.47 \
        LAB_SMTP_FLOOD=127.0.0.48 LAB_SMTP_DRIP=127.0.0.49 \
        LAB_SMTP_BADEHLO=127.0.0.50 LAB_SMTP_BUSY=127.0.0.51 \
        LAB_SMTP_LF=127.0.0.52 \
        LAB_SMTP_V6="$LAB_SMTP_V6" \
        LAB_SMTP_LOG="$e/smtp.log" \
        LAB_RDAP_ADDR=127.0.0.60 \
        LAB_RDAP_HOST=rdap.email-registry.test \
        LAB_RDAP_URL=https://rdap.email-registry.test/test/ \
        LAB_RDAP_URL_IP=https://127.0.0.60/test/ \
        LAB_RDAP_REGISTRAR_URL=https://rdap.email-registrar.test/registrar/ \
        LAB_RDAP_BOOTSTRAP="$LAB_DIR/email/rdap/dns.json" \
        LAB_RDAP_BOOTSTRAP_IP="$LAB_DIR/email/rdap/dns-ip.json" \
        LAB_RDAP_LOG="$e/rdap.log" \
        LAB_RDAP_SLOW_MS="$LAB_RDAP_SLOW_MS" \
        LAB_RDAP_SLOW_FILE="$e/rdap-slow-ms" \
        LAB_RDAP_HUGE_MB="$LAB_RDAP_HUGE_MB"; do
        printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"
    done
}


# lab.sh email-start: start the servers in a running lab ($LAB_RUN) that was
# started with LAB_EMAIL_SERVERS=0, wait until they listen, print the lab's
# export lines again (eval them: LAB_EMAIL=1, LAB_SMTP_V6).
cmd_email_start() {
    need_run
    RUN=$LAB_RUN
    if [ ! -s "$RUN/email/ready" ]; then
        LAB_EMAIL_SERVERS=1
        email_spawn
        [ "${EMAIL_SPAWNED:-0}" = 1 ] || die "the email servers cannot run here"
    else
        EMAIL_SPAWNED=1  # already running: just report
    fi
    email_ready $(( $(now_ms) + 15000 )) || die "the email servers did not start (see $RUN/email.log)"
    print_env >"$RUN/env"
    cat "$RUN/env"
}
