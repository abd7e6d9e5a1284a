#!/usr/bin/env bash
# Install missing build dependencies, then configure and build newsx into
# build/ (or $NEWSX_BUILD_DIR). Extra arguments go to cmake's configure step.
# NEWSX_BUILD_TARGETS (space-separated, e.g. "newsx-worker") builds only
# those targets and what they need; the default is every target.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${NEWSX_BUILD_DIR:-$top/build}
"$top/deploy/install-deps.sh"
# the pinned librdkafka, when install-deps built it (CMake looks there too)
# shellcheck source=deploy/librdkafka.sh
. "$top/deploy/librdkafka.sh"
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
targets=()
for t in ${NEWSX_BUILD_TARGETS:-}; do
    targets+=(--target "$t")
done
cmake --build "$build" -j"$(nproc)" "${targets[@]+"${targets[@]}"}"
