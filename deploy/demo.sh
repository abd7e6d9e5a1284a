#!/usr/bin/env bash
# The quick start's main job: build newsx, then run the worker on librdkafka's
# embedded in-memory broker over the sample articles in config/samples/ and
# print each enriched record. Nothing else to set up. Only the worker and
# the core it links are configured and built, so the test dependencies
# (cmocka's tests, python3, ...) are not needed; tests/run.sh configures the
# same build directory with the tests, benchmarks and trainers again.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
NEWSX_BUILD_DIR=${NEWSX_BUILD_DIR:-$top/build} NEWSX_BUILD_TARGETS=newsx-worker \
    "$top/deploy/build.sh" -DNEWSX_BUILD_TESTS=OFF >&2
exec "${NEWSX_BUILD_DIR:-$top/build}/bin/newsx-worker" --embedded "$@"
