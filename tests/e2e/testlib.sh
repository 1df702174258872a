# Shell helpers for the end-to-end tests (bash). Each test runs inside its own
# lab (tests/lab/lab.sh ns-run, see tests/lab/README.md) and starts with
#
#     . "$TESTS_SRCDIR/e2e/testlib.sh"
#
# Assertions (each counts one check, prints "ok N - MSG" or "FAIL N - MSG"
# plus a diff-style explanation):
#   pass MSG / fail MSG [DETAIL...]
#   assert_eq GOT WANT MSG          exact string comparison
#   assert_ne GOT UNWANTED MSG
#   assert_match GOT ERE MSG        bash [[ GOT =~ ERE ]] over the whole string
#   assert_no_match GOT ERE MSG
#   assert_contains GOT FIXED MSG   fixed substring
#   assert_json FILE JQ_FILTER WANT MSG   jq -r FILTER FILE == WANT
#   assert_status WANT MSG          $TOOL_STATUS of the last run_tool
# Running the program under test:
#   run_tool ARGS...   runs "$ACM_DOCTOR" ARGS (stdin /dev/null, time limit
#                      $TL_TIMEOUT s, default 60) and sets TOOL_STATUS,
#                      TOOL_OUT, TOOL_ERR, TOOL_OUT_FILE, TOOL_ERR_FILE
# DNS through the lab (kdig):
#   kq KDIG_ARGS...    one query; sets KQ_RCODE (NOERROR, SERVFAIL, ...,
#                      TIMEOUT, NOCONN), KQ_FLAGS (" qr rd ra ad "), KQ_EDE,
#                      KQ_ANSWER (answer section lines), KQ_SIZE (bytes),
#                      KQ_RAW (full output), KQ_MS (wall time)
#   kq_rdata TYPE      the rdata of TYPE records in KQ_ANSWER, one a line,
#                      sorted
#   kq_has_flag FLAG   true if the last answer had FLAG (ad, tc, aa, ...)
#   res ARGS...        kq @$LAB_RESOLVER_ADDR -p $LAB_RESOLVER_PORT ARGS...
# Other:
#   skip_test MSG      exit 77 (automake SKIP)
#   finish             print "N passed, N failed"; exit 0 only if none failed
#
# TL_TMP is a private scratch directory (inside $LAB_RUN when in a lab, so it
# goes away with the lab).

TL_PASSED=0
TL_FAILED=0
TL_N=0
TL_TIMEOUT=${TL_TIMEOUT:-60}
TL_TMP=$(mktemp -d "${LAB_RUN:-${TMPDIR:-/tmp}}/testlib.XXXXXX") || {
    echo "testlib: mktemp failed" >&2
    exit 99
}

pass() {
    TL_N=$((TL_N + 1))
    TL_PASSED=$((TL_PASSED + 1))
    printf 'ok %d - %s\n' "$TL_N" "$1"
}

# fail MSG [DETAIL...]: DETAIL lines are printed indented below.
fail() {
    local d
    TL_N=$((TL_N + 1))
    TL_FAILED=$((TL_FAILED + 1))
    printf 'FAIL %d - %s\n' "$TL_N" "$1"
    shift
    for d; do printf '%s\n' "$d" | sed 's/^/    /'; done
}

# _tl_diff WANT GOT: unified diff, want -> got
_tl_diff() {
    diff -u --label want --label got <(printf '%s\n' "$1") \
        <(printf '%s\n' "$2") | sed 's/^/    /'
}

assert_eq() {
    if [ "$1" = "$2" ]; then
        pass "$3"
    else
        fail "$3"
        _tl_diff "$2" "$1"
    fi
}

assert_ne() {
    if [ "$1" != "$2" ]; then
        pass "$3"
    else
        fail "$3" "got the unwanted value:" "+$1"
    fi
}

assert_match() {
    if [[ $1 =~ $2 ]]; then
        pass "$3"
    else
        fail "$3" "--- want (ERE, whole string)" "-$2" "+++ got" \
            "$(printf '%s\n' "$1" | sed 's/^/+/')"
    fi
}

assert_no_match() {
    if [[ $1 =~ $2 ]]; then
        fail "$3" "--- must not match (ERE)" "-$2" "+++ got" \
            "$(printf '%s\n' "$1" | sed 's/^/+/')"
    else
        pass "$3"
    fi
}

assert_contains() {
    case $1 in
        *"$2"*) pass "$3" ;;
        *) fail "$3" "--- want substring" "-$2" "+++ got" \
               "$(printf '%s\n' "$1" | sed 's/^/+/')" ;;
    esac
}

# assert_json FILE JQ_FILTER WANT MSG: compares jq -r output with WANT.
assert_json() {
    local file=$1 filter=$2 want=$3 msg=$4 got err
    if ! command -v jq >/dev/null 2>&1; then
        fail "$msg" "jq is not installed (Debian: apt-get install jq)"
        return
    fi
    if [ ! -r "$file" ]; then
        fail "$msg" "no such file: $file"
        return
    fi
    if ! got=$(jq -r "$filter" "$file" 2>"$TL_TMP/jq.err"); then
        err=$(cat "$TL_TMP/jq.err")
        fail "$msg" "jq failed on filter: $filter" "$err" \
            "input (first lines):" "$(head -n 20 "$file")"
        return
    fi
    if [ "$got" = "$want" ]; then
        pass "$msg"
    else
        fail "$msg" "jq filter: $filter"
        _tl_diff "$want" "$got"
    fi
}

# run_tool ARGS...: run the program under test.
run_tool() {
    TOOL_OUT_FILE=$TL_TMP/tool.out
    TOOL_ERR_FILE=$TL_TMP/tool.err
    printf '# run: acm-doctor' >&2
    printf ' %q' "$@" >&2
    printf '\n' >&2
    if [ -z "${ACM_DOCTOR:-}" ] || [ ! -x "$ACM_DOCTOR" ]; then
        : >"$TOOL_OUT_FILE"
        echo "testlib: ACM_DOCTOR is not an executable: '${ACM_DOCTOR:-}'" \
            >"$TOOL_ERR_FILE"
        TOOL_STATUS=127
    else
        TOOL_STATUS=0
        timeout -k 5 "$TL_TIMEOUT" "$ACM_DOCTOR" "$@" </dev/null \
            >"$TOOL_OUT_FILE" 2>"$TOOL_ERR_FILE" || TOOL_STATUS=$?
        [ "$TOOL_STATUS" = 124 ] &&
            echo "testlib: killed after $TL_TIMEOUT s" >>"$TOOL_ERR_FILE"
    fi
    TOOL_OUT=$(cat "$TOOL_OUT_FILE")
    TOOL_ERR=$(cat "$TOOL_ERR_FILE")
    return 0
}

assert_status() {
    if [ "${TOOL_STATUS:-}" = "$1" ]; then
        pass "$2"
    else
        fail "$2" "--- want exit status" "-$1" "+++ got" "+${TOOL_STATUS:-}" \
            "stderr (first lines):" "$(printf '%s\n' "${TOOL_ERR:-}" | head -n 20)"
    fi
}

# kq KDIG_ARGS...: one DNS query with kdig, parsed.
kq() {
    local t0 t1
    t0=$(date +%s%N)
    KQ_RAW=$(kdig "$@" 2>&1)
    t1=$(date +%s%N)
    KQ_MS=$(( (t1 - t0) / 1000000 ))
    KQ_RCODE=$(printf '%s\n' "$KQ_RAW" |
        sed -n 's/^;; ->>HEADER<<-.* status: \([A-Z]*\);.*/\1/p' | head -n 1)
    if [ -z "$KQ_RCODE" ]; then
        case $KQ_RAW in
            *"response timeout"*) KQ_RCODE=TIMEOUT ;;
            *"can't connect"*|*"connection refused"*) KQ_RCODE=NOCONN ;;
            *) KQ_RCODE=ERROR ;;
        esac
    fi
    KQ_FLAGS=" $(printf '%s\n' "$KQ_RAW" |
        sed -n 's/^;; Flags: \([a-z ]*\);.*/\1/p' | head -n 1) "
    KQ_EDE=$(printf '%s\n' "$KQ_RAW" | sed -n 's/^;; EDE: //p')
    KQ_ANSWER=$(printf '%s\n' "$KQ_RAW" |
        sed -n '/^;; ANSWER SECTION:/,/^$/{/^;;/d;/^$/d;p}')
    KQ_SIZE=$(printf '%s\n' "$KQ_RAW" | sed -n 's/^;; Received \([0-9]*\) B.*/\1/p')
    return 0
}

# res ARGS...: kq through the lab's resolver.
res() {
    kq @"${LAB_RESOLVER_ADDR:-127.0.0.1}" -p "${LAB_RESOLVER_PORT:-5300}" "$@"
}

kq_rdata() {
    # owner TTL class type rdata (kdig separates the owner from the TTL with
    # a space, not a tab, when the owner is long)
    printf '%s\n' "$KQ_ANSWER" | awk -v t="$1" '
        $4 == t { v = $0
                  sub(/^[^ \t]+[ \t]+[^ \t]+[ \t]+[^ \t]+[ \t]+[^ \t]+[ \t]+/, "", v)
                  sub(/[ \t]+$/, "", v); print v }' | sort
}

kq_has_flag() {
    case $KQ_FLAGS in *" $1 "*) return 0 ;; *) return 1 ;; esac
}

# TL_TMP goes away with the lab; outside a lab remove it ourselves.
_tl_cleanup() {
    [ -z "${LAB_RUN:-}" ] && rm -rf "$TL_TMP"
    return 0
}

skip_test() {
    echo "SKIP: $*"
    _tl_cleanup
    exit 77
}

# A self-test of the lab's servers runs no acm-doctor: under
# `make check-valgrind` it would only repeat the plain run, so it skips.
skip_under_valgrind() {
    [ -z "${ACMD_UNDER_VALGRIND:-}" ] || skip_test "a self-test of the lab: nothing to run under valgrind"
}

finish() {
    echo "$TL_PASSED passed, $TL_FAILED failed"
    _tl_cleanup
    [ "$TL_FAILED" -eq 0 ]
    exit $?
}
