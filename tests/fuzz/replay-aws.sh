#!/bin/sh
# The AWS parsers' fuzz corpus, replayed by tests/fuzz/replay_aws (see
# tests/fuzz/fuzz_aws.c).
set -u
dir=${TESTS_SRCDIR:-$(dirname "$0")/..}/fuzz/corpus/aws
exec ${ACMD_VALGRIND:+"$ACMD_VALGRIND"} "${ACMD_BUILDDIR:-.}/tests/fuzz/replay_aws" "$dir"/*
