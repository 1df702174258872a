#!/bin/bash
# Time to first frame of the TUI: headless (curses set up, home screen
# painted and dumped, exit), median/min/max over N runs; and in tmux, from
# the start of the process until the home screen is on the pane.
# Usage (from the build tree): bench/tui-first-frame.sh [N]
set -eu
n=${1:-21}
bin=${ACM_DOCTOR:-./acm-doctor}
tmp=$(mktemp -d)
trap 'tmux -S "$tmp/sock" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
printf ':dump %s/frame\n' "$tmp" >"$tmp/script"

stats() {
	sort -n | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "median %.1f ms  min %.1f ms  max %.1f ms  (%d runs)\n", m / 1000, v[1] / 1000, v[NR] / 1000, NR
	}'
}

printf 'headless, first frame dumped and exit: '
for _ in $(seq "$n"); do
	t0=$(date +%s%N)
	LC_ALL=C.UTF-8 TERM=xterm-256color ACM_DOCTOR_HEADLESS=1 ACM_DOCTOR_SCRIPT=$tmp/script "$bin"
	t1=$(date +%s%N)
	grep -q 'What is going wrong' "$tmp/frame"
	echo $(( (t1 - t0) / 1000 ))
done | stats

printf 'tmux, until the home screen is on the pane: '
for _ in $(seq "$n"); do
	tmux -S "$tmp/sock" kill-server 2>/dev/null || true
	t0=$(date +%s%N)
	tmux -S "$tmp/sock" -f /dev/null new-session -d -s b -x 100 -y 30 env LC_ALL=C.UTF-8 "$bin"
	until tmux -S "$tmp/sock" capture-pane -p -t b 2>/dev/null | grep -q 'What is going wrong'; do sleep 0.002; done
	t1=$(date +%s%N)
	echo $(( (t1 - t0) / 1000 ))
done | stats
