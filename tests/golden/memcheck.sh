#!/usr/bin/env bash
# tests/golden/memcheck.sh - newsx-extract under valgrind memcheck over every
# input in tests/data (fixtures in all languages and the fuzz regression
# inputs): no use of an uninitialised value, no invalid read or write, no
# leak. AddressSanitizer finds the second and third but not the first, and an
# uninitialised byte makes a record depend on what was on the stack: the
# same article gave two different records (CLD2 read one character past the
# language sample, common/langid.c).
#
#   tests/golden/memcheck.sh NEWSX_EXTRACT_BIN DATA_DIR
#
# Exits 0 when valgrind reports nothing, 1 with its report otherwise, 77
# (skip) when valgrind is not installed (deploy/install-deps.sh --test
# installs it).
set -euo pipefail

bin=${1:?usage: memcheck.sh NEWSX_EXTRACT_BIN DATA_DIR}
data=${2:?usage: memcheck.sh NEWSX_EXTRACT_BIN DATA_DIR}
command -v valgrind >/dev/null || {
    echo "memcheck.sh: SKIP: valgrind not installed (deploy/install-deps.sh --test)" >&2
    exit 77
}
log=$(mktemp)
out=$(mktemp)
trap 'rm -f "$log" "$out"' EXIT

rc=0
valgrind --error-exitcode=99 --track-origins=yes --leak-check=full \
    --errors-for-leak-kinds=definite --log-file="$log" \
    "$bin" -q "$data" >"$out" 2>/dev/null || rc=$?
records=$(wc -l <"$out")
# newsx-extract exits 1 when some inputs fail (empty, no body, ...): expected
# among the fixtures; 99 is valgrind's own status for an error it found.
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    echo "memcheck.sh: FAIL: exit status $rc after $records records; valgrind says:" >&2
    grep -v "^==[0-9]*== *$" "$log" | head -n 80 >&2
    exit 1
fi
if [ "$records" -lt 50 ]; then
    echo "memcheck.sh: FAIL: only $records records from $data" >&2
    exit 1
fi
echo "memcheck.sh: $records records from $data, valgrind memcheck clean"
