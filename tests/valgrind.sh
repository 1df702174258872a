#!/bin/sh
# `make check-valgrind`: runs a test program, or acm-doctor itself when the
# end-to-end tests call it, under valgrind. Any memory error or definite or
# indirect leak makes the program exit 99, which fails the test. --vgdb=no:
# no gdbserver pipes in the shared /tmp, where tests in other PID
# namespaces (same PIDs) would unlink each other's.
vg="valgrind -q --vgdb=no --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect"
case "${1:-}" in
*.sh) exec "$@" ;;                      # a shell wrapper: its programs are wrapped themselves
/*|./*|tests/*) [ -x "$1" ] && exec $vg "$@" ;;
esac
exec $vg "$ACMD_BIN" "$@"
