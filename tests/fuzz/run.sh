#!/usr/bin/env bash
# tests/fuzz/run.sh - build the libFuzzer targets with clang, AddressSanitizer
# (with LeakSanitizer) and UndefinedBehaviorSanitizer, replay the regression
# inputs in tests/data/fuzz/<target>/, then fuzz every target for a bounded
# time. Exits non-zero on any crash, leak, timeout or sanitizer report.
#
#   tests/fuzz/run.sh [--seconds N] [--build-dir DIR] [TARGET ...]
#
#   --seconds N      fuzzing time per target (default 60)
#   --build-dir DIR  clang build directory (default build-fuzz/ in the source tree)
#   TARGET           input, clean_segment, core, props (default: all four)
#
# Seeds: tests/data (input, clean_segment, core) and config/*.properties
# (props). The growing corpus is kept in DIR/fuzz-corpus/<target>/ and crash
# inputs in DIR/fuzz-artifacts/; neither is in the source tree. A crash
# found becomes a regression input: minimize it (the script prints how) and
# add it to tests/data/fuzz/<target>/. Needs the Debian packages clang and
# libclang-rt-14-dev (deploy/install-deps.sh --test). docs/fuzzing.md says more.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir="$root/build-fuzz"
seconds=60
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
    --seconds)
        seconds=$2
        shift 2
        ;;
    --build-dir)
        build_dir=$2
        shift 2
        ;;
    -h | --help)
        sed -n '2,18p' "$0"
        exit 0
        ;;
    input | clean_segment | core | props)
        targets+=("$1")
        shift
        ;;
    *)
        echo "tests/fuzz/run.sh: unknown argument '$1' (see --help)" >&2
        exit 2
        ;;
    esac
done
[ ${#targets[@]} -eq 0 ] && targets=(input clean_segment core props)
case "$build_dir" in
/*) ;;
*) build_dir="$PWD/$build_dir" ;;
esac

say() { echo "tests/fuzz/run.sh: $*" >&2; }

cc=$(command -v clang || command -v clang-14 || true)
# clang++ for the core's one C++ file (the CLD2 adapter, common/langid_cld2.cc)
cxx=$(command -v clang++ || command -v clang++-14 || true)
[ -n "$cc" ] && [ -n "$cxx" ] || {
    say "clang not found: install the Debian packages clang and libclang-rt-14-dev"
    exit 1
}

cmake -S "$root" -B "$build_dir" -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_BUILD_TYPE=Release \
    -DNEWSX_FUZZ=ON -DNEWSX_SANITIZE=address,undefined -DNEWSX_WERROR=OFF >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target "${targets[@]/#/fuzz_}" scaling-gen >/dev/null

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

work="$build_dir/fuzz-corpus"
arts="$build_dir/fuzz-artifacts"
mkdir -p "$work" "$arts"
props_seeds="$build_dir/fuzz-seeds-props"
rm -rf "$props_seeds"
mkdir -p "$props_seeds"
for f in "$root"/config/*.properties "$root"/tests/data/*.properties; do
    [ -f "$f" ] && cp "$f" "$props_seeds/"
done

failed=()
report=()
for t in "${targets[@]}"; do
    bin="$build_dir/bin/fuzz_$t"
    seeds="$root/tests/data"
    maxlen=65536
    if [ "$t" = props ]; then
        seeds="$props_seeds"
        maxlen=16384
    fi

    # The adversarial shapes of issue 25 at 4 MiB (tests/scaling/gen.h): each
    # must finish (a record or too_complex) within a short per-input timeout.
    if [ "$t" = core ]; then
        big="$build_dir/fuzz-seeds-scaling"
        rm -rf "$big"
        mkdir -p "$big"
        for shape in $("$build_dir/bin/scaling-gen" --list); do
            "$build_dir/bin/scaling-gen" "$shape" 4194000 >"$big/$shape-4MiB"
        done
        if ! "$bin" -timeout=120 -rss_limit_mb=4096 "$big"/* >"$build_dir/fuzz-$t-scaling.log" 2>&1; then
            say "$t: a 4 MiB adversarial input (tests/scaling/gen.h) fails or times out:"
            grep -E "^fuzz_[a-z_]+: |ERROR|runtime error|deadly signal|SUMMARY|Running:|timeout| in [^ ]+ [^ ]*/(common|worker|tests)/" "$build_dir/fuzz-$t-scaling.log" |
                tail -n 20 >&2
            failed+=("$t(scaling)")
            continue
        fi
        say "$t: $(ls -A "$big" | wc -l) adversarial 4 MiB input(s) pass"
    fi

    # Regressions: every input once; a failure here is a bug come back.
    reg="$root/tests/data/fuzz/$t"
    if [ -d "$reg" ] && [ -n "$(ls -A "$reg")" ]; then
        if ! "$bin" "$reg"/* >"$build_dir/fuzz-$t-regressions.log" 2>&1; then
            say "$t: a regression input in tests/data/fuzz/$t fails again:"
            grep -E "^fuzz_[a-z_]+: |ERROR|runtime error|deadly signal|SUMMARY|Running:| in [^ ]+ [^ ]*/(common|worker|tests)/" "$build_dir/fuzz-$t-regressions.log" |
                tail -n 20 >&2
            failed+=("$t(regression)")
            continue
        fi
        say "$t: $(ls -A "$reg" | wc -l) regression input(s) pass"
    fi

    mkdir -p "$work/$t"
    log="$build_dir/fuzz-$t.log"
    say "$t: fuzzing for $seconds s (log $log)"
    start=$(date +%s.%N)
    rc=0
    "$bin" -max_total_time="$seconds" -max_len="$maxlen" -timeout=25 -rss_limit_mb=2560 \
        -print_final_stats=1 -artifact_prefix="$arts/$t-" "$work/$t" "$seeds" >"$log" 2>&1 ||
        rc=$?
    secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.0f", b-a}')
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n1 || true)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
    cov=$(echo "$done_line" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$done_line" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
    corp=$(echo "$done_line" | sed -n 's/.*corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p')
    if [ "$rc" -ne 0 ]; then
        say "$t: FAILED (exit $rc):"
        # the harness's own message (fuzz_<target>: ...), the sanitizer's
        # headline and the frames in the project's code, first report first
        grep -E "^fuzz_[a-z_]+: |ERROR|runtime error|deadly signal|SUMMARY|Test unit written| in [^ ]+ [^ ]*/(common|worker|tests)/" \
            "$log" | head -n 30 >&2
        art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n1)
        if [ -n "$art" ]; then
            say "minimize: $bin -minimize_crash=1 -max_total_time=60 -exact_artifact_path=$art.min $art"
            say "then: cp $art.min $root/tests/data/fuzz/$t/<what-it-is>"
        fi
        failed+=("$t")
    fi
    report+=("$(printf '%-14s %5s s  %10s execs  cov %6s  ft %7s  corpus %s' \
        "$t" "$secs" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}")")
done

echo "fuzz summary (target, CPU seconds, executions, edges covered, features, corpus):"
for r in "${report[@]}"; do echo "  $r"; done
if [ ${#failed[@]} -ne 0 ]; then
    echo "fuzz: FAILED: ${failed[*]}"
    exit 1
fi
echo "fuzz: all ${#targets[@]} target(s) ran clean"
