# Helpers for the TUI tests (bash, sourced after tests/e2e/testlib.sh).
#
#   tui_run SCRIPT [ARGS...]   run acm-doctor headless with the keys and
#                              commands of SCRIPT (a string, one a line) in
#                              $TL_TMP; sets TUI_STATUS, TUI_ERR and counts
#                              one check: the exit status is $TUI_WANT
#                              (default 0: nothing blocks; 1 a finding
#                              blocks; 2 no answer; 130 Ctrl-C)
#   assert_fits FILE COLS MSG  no line of a dump is wider than COLS
#   assert_screen NAME [FILE]  compare $TL_TMP/NAME.screen (or FILE) with
#                              the expected tests/ui/NAME.screen; with
#                              ACMD_UPDATE_SCREENS=1 the expected file is
#                              written instead (review the diff!)
#
# Everything that varies is pinned: size 80x24 (TUI_COLS/TUI_LINES),
# LC_ALL (TUI_LOCALE, default C.UTF-8), TERM, times shown as "N ms".

TUI_COLS=${TUI_COLS:-80}
TUI_LINES=${TUI_LINES:-24}
TUI_LOCALE=${TUI_LOCALE:-C.UTF-8}

tui_run() {
    local script=$1
    shift
    printf '%s\n' "$script" >"$TL_TMP/script"
    # A cold cache: TTLs in the evidence are the zone's, not counted down.
    [ -n "${LAB_SH:-}" ] && "$LAB_SH" flush >/dev/null 2>&1
    TUI_STATUS=0
    (cd "$TL_TMP" && env -u NO_COLOR LC_ALL="$TUI_LOCALE" TERM=xterm-256color \
        LINES="$TUI_LINES" COLUMNS="$TUI_COLS" ACM_DOCTOR_HEADLESS=1 \
        ACM_DOCTOR_TEST_TIMES=fixed ACM_DOCTOR_SCRIPT="$TL_TMP/script" \
        ACM_DOCTOR_CLIPBOARD_LOG="$TL_TMP/clip.log" \
        timeout -k 5 "$TL_TIMEOUT" "$ACM_DOCTOR" "$@" </dev/null \
        >"$TL_TMP/tui.out" 2>"$TL_TMP/tui.err") || TUI_STATUS=$?
    TUI_ERR=$(cat "$TL_TMP/tui.err")
    # Every run must end as the wizard says it ends (under check-valgrind:
    # no memory error or leak, which would exit 99).
    assert_eq "$TUI_STATUS" "${TUI_WANT:-0}" "run ended with exit ${TUI_WANT:-0}${1:+ ($*)}"
}

# What was cut was cut on screen, with its ellipsis, not by the window.
assert_fits() {
    local f=$1 cols=$2 msg=$3 line bad=
    local LC_ALL=C.UTF-8      # ${#line} counts characters, not bytes
    while IFS= read -r line; do
        [ "${#line}" -gt "$cols" ] && bad+="${#line}: $line"$'\n'
    done <"$f"
    if [ -z "$bad" ]; then
        pass "$msg"
    else
        fail "$msg" "$bad"
    fi
}

assert_screen() {
    local name=$1 got=${2:-$TL_TMP/$1.screen}
    local want=$TESTS_SRCDIR/ui/$name.screen
    if [ ! -f "$got" ]; then
        fail "screen $name" "no dump written; stderr:" "$TUI_ERR"
        return
    fi
    if [ "${ACMD_UPDATE_SCREENS:-}" = 1 ]; then
        cp "$got" "$want"
        pass "screen $name (expected screen written)"
        return
    fi
    if [ ! -f "$want" ]; then
        fail "screen $name" "no expected screen $want; got:" "$(cat "$got")"
    elif cmp -s "$want" "$got"; then
        pass "screen $name"
    else
        fail "screen $name" "$(diff -u --label want --label got "$want" "$got")"
    fi
}

# tmux: a private server per test (socket in $TL_TMP).
#   tmx ARGS...            tmux on that server
#   tmx_wait ERE [SECS]    until the pane shows a line matching ERE (default
#                          10 s); sets TMX_SCREEN; returns 1 on timeout
#   tmx_start COLS LINES ENV... -- ARGS...   acm-doctor in a fresh session
#   tmx_status             the exit status of the program tmx_start started
tmx() {
    tmux -S "$TL_TMP/tmux.sock" "$@"
}

tmx_wait() {
    local ere=$1 secs=${2:-10} i
    for ((i = 0; i < secs * 20; i++)); do
        TMX_SCREEN=$(tmx capture-pane -p -t tui 2>/dev/null)
        if printf '%s\n' "$TMX_SCREEN" | grep -Eq -- "$ere"; then
            return 0
        fi
        sleep 0.05
    done
    return 1
}

# tmx_exited [SECS]: until the program in the pane has ended (remain-on-exit).
tmx_exited() {
    local i
    for ((i = 0; i < ${1:-10} * 20; i++)); do
        [ "$(tmx display -p -t tui '#{pane_dead}' 2>/dev/null)" = 1 ] && return 0
        sleep 0.05
    done
    return 1
}

# tmx_start COLS LINES ENV... -- ARGS...: acm-doctor alone in a fresh
# session of that size, with the lab's resolver; the pane stays when it
# ends, and its exit status is kept (tmux's own pane_dead_status is not
# always set in time). A shell in between ignores SIGINT, so that Ctrl-C
# reaches the program alone.
tmx_start() {
    local w=$1 h=$2 envs=()
    shift 2
    while [ "$1" != -- ]; do envs+=("$1"); shift; done
    shift
    tmx kill-server 2>/dev/null
    rm -f "$TL_TMP/tmx.status"
    tmx -f /dev/null start-server \; set-option -g remain-on-exit on \; \
        new-session -d -s tui -x "$w" -y "$h" \
        env "${envs[@]}" TMX_STATUS="$TL_TMP/tmx.status" sh -c 'trap "" INT; "$0" "$@"; echo $? >"$TMX_STATUS"' \
        "$ACM_DOCTOR" --resolver "$LAB_RESOLVER" "$@"
}

# tmx_status: the exit status of the program started by tmx_start, once it
# is known (empty after 10 s).
tmx_status() {
    local i
    for ((i = 0; i < 200; i++)); do
        [ -s "$TL_TMP/tmx.status" ] && break
        sleep 0.05
    done
    cat "$TL_TMP/tmx.status" 2>/dev/null
}

# assert_tmx ERE MSG [SECS]: the pane comes to show ERE.
assert_tmx() {
    if tmx_wait "$1" "${3:-10}"; then
        pass "$2"
    else
        fail "$2" "--- want a line matching (ERE)" "-$1" "+++ pane" \
            "$(printf '%s\n' "$TMX_SCREEN" | sed 's/^/+/')"
    fi
}
