#!/usr/bin/env bash
# tests/run.sh - the one test command of newsx. With no argument it does everything:
# installs the dependencies (deploy/install-deps.sh --test), configures and builds
# build/ (Release), fetches and starts a throw-away Kafka broker
# (tests/kafka/broker.sh), runs every test with ctest (unit, golden, integration),
# stops the broker and exits non-zero when anything failed.
#
#   tests/run.sh [--build-dir DIR] [-L REGEX] [-R REGEX] [-j N] [-- CTEST_ARGS ...]
#
#   --build-dir DIR   build directory (default: build/ in the source tree)
#   -L, -R, -E, -j    passed to ctest (label, name, exclusion regex; parallel jobs)
#   -- ARGS           any further ctest arguments
#
# Environment: NEWSX_WERROR=ON builds with -Werror (CI does). NEWSX_CACHE_DIR is
# where the broker jars are kept (default ~/.cache/newsx). NEWSX_SHARED_DIR is
# the development data (default ../shared); tests that need it are skipped
# without it, and the last line names them: "summary: P passed, F failed,
# S skipped (needs ../shared/...: NAMES)".
set -euo pipefail

t_start=$(date +%s.%N)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir="$root/build"
ctest_args=()

while [ $# -gt 0 ]; do
    case "$1" in
    --build-dir)
        build_dir=$2
        shift 2
        ;;
    -L | -R | -E | -j)
        ctest_args+=("$1" "$2")
        shift 2
        ;;
    --)
        shift
        ctest_args+=("$@")
        break
        ;;
    -h | --help)
        sed -n '2,18p' "$0"
        exit 0
        ;;
    *)
        echo "tests/run.sh: unknown argument '$1' (see --help)" >&2
        exit 2
        ;;
    esac
done
case "$build_dir" in
/*) ;;
*) build_dir="$PWD/$build_dir" ;;
esac

say() { echo "tests/run.sh: $*" >&2; }
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}'; }

broker="$root/tests/kafka/broker.sh"
state="$build_dir/kafka-broker.state"
broker_started=0
child=""
summary=""

cleanup() {
    local rc=$?
    if [ -n "$child" ]; then
        kill -TERM -- "-$child" 2>/dev/null || kill -TERM "$child" 2>/dev/null || true
        child=""
    fi
    if [ "$broker_started" = 1 ]; then
        "$broker" --state "$state" stop || true
        broker_started=0
    fi
    say "total time $(since "$t_start") s"
    # ctest's own summary, once more as the last line: "summary: N passed, N failed"
    # and, when some were skipped, ", N skipped (needs ../shared/data: NAMES)".
    [ -n "$summary" ] && echo "$summary"
    exit "$rc"
}
interrupted() {
    say "interrupted by SIG$1"
    trap - INT TERM
    # The EXIT trap stops the current step and the broker.
    if [ "$1" = INT ]; then exit 130; fi
    exit 143
}
trap cleanup EXIT
trap 'interrupted INT' INT
trap 'interrupted TERM' TERM

# Run one step in its own process group, in the background, so that a signal
# to this script is handled at once and the whole step is ended with it.
step() {
    local rc=0
    setsid -w "$@" &
    child=$!
    wait "$child" || rc=$?
    child=""
    return "$rc"
}

say "installing dependencies"
step "$root/deploy/install-deps.sh" --test
# The pinned librdkafka on PKG_CONFIG_PATH when install-deps built it
# (deploy/librdkafka.sh); the binaries find it through their rpath.
# shellcheck source=deploy/librdkafka.sh
. "$root/deploy/librdkafka.sh"
say "librdkafka $(pkg-config --modversion rdkafka 2>/dev/null || echo '?') ($(pkg-config --variable=libdir rdkafka 2>/dev/null || echo '?'))"

say "configuring $build_dir (Release, NEWSX_WERROR=${NEWSX_WERROR:-OFF})"
step cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release \
    -DNEWSX_WERROR="${NEWSX_WERROR:-OFF}" -DNEWSX_BUILD_TESTS=ON

say "building"
step cmake --build "$build_dir" -j2

step "$broker" fetch >/dev/null

t_broker=$(date +%s.%N)
broker_started=1
step "$broker" --state "$state" --ping "$build_dir/bin/kafka_ping" --owner $$ start >/dev/null
NEWSX_TEST_BOOTSTRAP=$(sed -n 's/^BOOTSTRAP=//p' "$state")
export NEWSX_TEST_BOOTSTRAP
# Tests that take the broker down and up again (an outage) use the same state.
export NEWSX_TEST_BROKER_STATE="$state" NEWSX_TEST_KAFKA_PING="$build_dir/bin/kafka_ping"
broker_time=$(since "$t_broker")
say "broker at $NEWSX_TEST_BOOTSTRAP, ready in $broker_time s"

# Why the skipped tests of $log were skipped: names each on stderr with the
# reason it printed, and prints "needs ../shared/data, ...: NAME, NAME, ..."
# for the summary line. A test that lacks the development data prints
# "SKIP: needs ../shared/PATH ..." (tests/unit/shared_data.h,
# tests/golden/nxtest.py) and exits 77; ctest's LastTest.log keeps that output.
skip_reasons() {
    local names
    names=$(sed -nE 's/^[[:space:]]*[0-9]+ - (.*) \(Skipped\)$/\1/p' "$log")
    awk -v names="$names" '
        BEGIN { n = split(names, v, "\n"); for (i = 1; i <= n; i++) want[v[i]] = 1 }
        /^[0-9]+\/[0-9]+ Test: / { t = $3; next }
        /^SKIP: / && (t in want) && !(t in why) { why[t] = substr($0, 7) }
        END {
            for (i = 1; i <= n; i++) {
                t = v[i]; r = (t in why) ? why[t] : "no reason printed"
                print "tests/run.sh: skipped " t ": " r > "/dev/stderr"
                if (match(r, /\.\.\/shared\/[^\/ ]+/)) {
                    d = substr(r, RSTART, RLENGTH)
                    if (!(d in seen)) { seen[d] = 1; dirs = dirs (dirs ? ", " : "") d }
                } else if (!(r in seen)) { seen[r] = 1; other = other (other ? "; " : "") r }
                list = list (list ? ", " : "") t
            }
            if (dirs) out = "needs " dirs
            if (other) out = out (out ? "; " : "") other
            printf "%s: %s", out, list
        }' "$build_dir/Testing/Temporary/LastTest.log"
}

rc=0
log="$build_dir/ctest-run.log"
rm -f "$log"
step ctest --test-dir "$build_dir" --output-on-failure --output-log "$log" \
    "${ctest_args[@]+"${ctest_args[@]}"}" || rc=$?
# "NN% tests passed, F tests failed out of T"
line=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" 2>/dev/null | tail -n1 || true)
if [ -n "$line" ]; then
    failed=$(echo "$line" | sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/')
    total=$(echo "$line" | sed -E 's/.*out of ([0-9]+).*/\1/')
    skipped=$(grep -cE '^[[:space:]]*[0-9]+ - .* \(Skipped\)$' "$log" || true)
    summary="summary: $((total - failed - skipped)) passed, $failed failed"
    [ "${skipped:-0}" -gt 0 ] && summary="$summary, $skipped skipped ($(skip_reasons))"
elif [ "$rc" = 0 ]; then
    # ctest found no test: that is a failure of the test run.
    say "ctest ran no test"
    rc=1
fi
say "broker start took $broker_time s; ctest exit status $rc"
exit "$rc"
