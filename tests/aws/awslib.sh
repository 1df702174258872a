# shellcheck shell=bash
# Helpers for e2e tests that use the lab's AWS endpoint (bash; source it
# after tests/e2e/testlib.sh). See tests/lab/README.md, "AWS endpoint".
#
#   aws_start [--link-local] [FIXTURE]   start the endpoint, import its env;
#                                        SKIP (77) without python3-botocore
#   awsc ARGS...      run the real AWS CLI (/usr/bin/aws, Debian's awscli)
#                     with HOME=$AWSC_HOME (default: a private one, so its
#                     credential cache ~/.aws/cli/cache stays in the lab);
#                     sets AWSC_STATUS, AWSC_OUT, AWSC_ERR, AWSC_CODE (the
#                     "(Code)" of "An error occurred (Code) when calling")
#   aws_log JQ        jq -c over the request log (JSON lines), all entries
#   aws_log_last JQ   the same over the last entry only
#   aws_clock_offset SECONDS   move the endpoint's clock (skew tests)
#   aws_throttle ACTION N      throttle the next N requests of ACTION
#   aws_leaks FILE...          the lines of FILEs holding a canary secret
#
# The CLI is always /usr/bin/aws: a pyenv or pip "aws" earlier on PATH is
# another program.

AWS_CLI=${AWS_CLI:-/usr/bin/aws}
AWSC_N=0

aws_start() {
    local out st=0
    [ -x "$AWS_CLI" ] || skip_test "$AWS_CLI missing (Debian: apt-get install awscli)"
    out=$("$LAB_SH" aws-start "$@") || st=$?
    [ "$st" = 77 ] && skip_test "python3-botocore missing (Debian: apt-get install python3-botocore)"
    [ "$st" = 0 ] || { echo "aws_start: aws-start failed ($st)"; exit 99; }
    eval "$out"
}

awsc() {
    AWSC_N=$((AWSC_N + 1))
    local o=$TL_TMP/awsc.$AWSC_N.out e=$TL_TMP/awsc.$AWSC_N.err
    printf '# aws' >&2
    printf ' %q' "$@" >&2
    printf '\n' >&2
    AWSC_STATUS=0
    mkdir -p "${AWSC_HOME:=$TL_TMP/awshome}"
    HOME=$AWSC_HOME timeout -k 5 "${TL_TIMEOUT:-60}" "$AWS_CLI" "$@" </dev/null >"$o" 2>"$e" ||
        AWSC_STATUS=$?
    AWSC_OUT=$(cat "$o")
    AWSC_ERR=$(cat "$e")
    AWSC_CODE=$(sed -n 's/.*An error occurred (\([A-Za-z0-9]*\)).*/\1/p' "$e" | head -n 1)
    return 0
}

aws_log() {
    jq -c "$1" "$AWS_LAB_LOG"
}

aws_log_last() {
    tail -n 1 "$AWS_LAB_LOG" | jq -r "$1"
}

_aws_control() {
    # the endpoint re-reads the file when its mtime changes
    printf '%s\n' "$1" >"$AWS_LAB_CONTROL.tmp" && mv "$AWS_LAB_CONTROL.tmp" "$AWS_LAB_CONTROL"
}

aws_clock_offset() {
    _aws_control "{\"clock_offset_seconds\": $1}"
}

aws_throttle() {
    _aws_control "{\"throttle\": {\"$1\": $2}}"
}

aws_leaks() {
    grep -n -E 'CANARYSECRET|CANARYTOKEN|CANARYWEBIDENTITY|CANARYCONTAINERAUTH|CANARYIMDS' "$@"
}
