#!/bin/bash
# Resident memory of the TUI with a diagnosis on screen: runs the CAA wizard
# for NAME (and its wildcard) in tmux against the lab, opens the findings and
# the fix, then reads VmRSS/VmHWM of the process from /proc.
# Usage (from the build tree): tests/lab/lab.sh ns-run bench/tui-rss.sh [NAME]
set -eu
name=${1:-caa-le.test}
bin=${ACM_DOCTOR:-./acm-doctor}
tmp=$(mktemp -d)
t() { tmux -S "$tmp/sock" "$@"; }
trap 't kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
wait_for() {
	for _ in $(seq 200); do
		t capture-pane -p -t r | grep -q -- "$1" && return 0
		sleep 0.05
	done
	echo "timed out waiting for: $1" >&2
	exit 1
}
t -f /dev/null new-session -d -s r -x 100 -y 30 \
	env LC_ALL=C.UTF-8 "$bin" --resolver "${LAB_RESOLVER:-127.0.0.1:5300}" "$name" "*.$name"
wait_for 'Done:'
t send-keys -t r Enter
wait_for 'CAA_'
pid=$(t display -p -t r '#{pane_pid}')
echo "findings on screen:  $(grep -E '^VmRSS' "/proc/$pid/status")"
t send-keys -t r Enter
wait_for 'detected'
echo "fix on screen:       $(grep -E '^VmRSS' "/proc/$pid/status")"
echo "peak:                $(grep -E '^VmHWM' "/proc/$pid/status")"
t send-keys -t r q
