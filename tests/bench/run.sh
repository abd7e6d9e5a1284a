#!/usr/bin/env bash
# tests/bench/run.sh - the one benchmark command of newsx (issue 9). Not a test:
# nothing here passes or fails on a number.
#
#   tests/bench/run.sh [--build-dir DIR] [--rounds R] [--threads N] [--no-wink]
#                      [--no-worker] [--e2e-count N] [--update-docs]
#
#   --build-dir DIR   Release build to use and (re)build (default build/)
#   --rounds R        passes over the corpus for bench-core and wink (default 1)
#   --threads N       threads for the all-cores run (default: every online CPU)
#   --no-wink         skip the wink-nlp peer
#   --no-worker       skip the end-to-end worker benchmark
#   --e2e-count N     articles through the worker (default 100000)
#   --update-docs     also put the results table into docs/benchmarks.md
#
# Steps: bench-corpus builds a deterministic >= 20 MB corpus from
# ../shared/data in tests/bench/out/corpus (git-ignored); bench-core measures
# the core (startup, per stage, one thread and all threads, peak RSS);
# wink_peer.js runs wink-nlp + wink-eng-lite-web-model over the same texts
# (npm ci into tests/bench/node_modules, git-ignored, when missing); bench-e2e
# runs newsx-worker on a broker (NEWSX_TEST_BOOTSTRAP, or a throw-away one
# from tests/kafka/broker.sh). The table goes to tests/bench/out/results.md.
# Needs node and npm for the peer (deploy/install-deps.sh --bench).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build_dir="$root/build"
rounds=1
threads=$(nproc)
want_wink=1
want_worker=1
e2e_count=100000
update_docs=0
while [ $# -gt 0 ]; do
    case "$1" in
    --build-dir)
        build_dir=$2
        shift 2
        ;;
    --rounds)
        rounds=$2
        shift 2
        ;;
    --threads)
        threads=$2
        shift 2
        ;;
    --no-wink)
        want_wink=0
        shift
        ;;
    --no-worker)
        want_worker=0
        shift
        ;;
    --e2e-count)
        e2e_count=$2
        shift 2
        ;;
    --update-docs)
        update_docs=1
        shift
        ;;
    -h | --help)
        sed -n '2,23p' "$0"
        exit 0
        ;;
    *)
        echo "tests/bench/run.sh: unknown argument '$1' (see --help)" >&2
        exit 2
        ;;
    esac
done
case "$build_dir" in
/*) ;;
*) build_dir="$PWD/$build_dir" ;;
esac

say() { echo "tests/bench/run.sh: $*" >&2; }
# kv FILE KEY: the value of "KEY value" in FILE, or "-".
kv() { awk -v k="$2" '$1 == k { print $2; f = 1; exit } END { if (!f) print "-" }' "$1"; }
# div FORMAT A B: printf FORMAT of A / B, "-" when an operand is missing or B is 0.
div() { awk -v f="$1" -v a="$2" -v b="$3" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf f "\n", a / b }'; }
# fmt N: rounded, with thousands separators.
fmt() { case "$1" in -) echo "-" ;; *) printf "%.0f" "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta' ;; esac; }

out="$here/out"
mkdir -p "$out"
bin="$build_dir/bin"

say "building $build_dir (Release)"
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
targets=(bench-corpus bench-core newsx-worker kafka_ping)
cmake --build "$build_dir" --target help 2>/dev/null | grep 'bench-e2e' >/dev/null && targets+=(bench-e2e)
cmake --build "$build_dir" -j"$(nproc)" --target "${targets[@]}" >/dev/null

cmd_corpus="$bin/bench-corpus $out/corpus"
say "$cmd_corpus"
$cmd_corpus

cmd_core="$bin/bench-core --threads $threads --rounds $rounds $out/corpus"
say "$cmd_core"
$cmd_core >"$out/core.txt"

have_wink=0
cmd_wink="node $here/wink_peer.js $out/corpus $rounds"
if [ "$want_wink" = 1 ]; then
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        say "node/npm missing (deploy/install-deps.sh --bench): no wink-nlp peer"
    else
        if [ ! -d "$here/node_modules/wink-nlp" ] || [ ! -d "$here/node_modules/wink-eng-lite-web-model" ]; then
            say "npm ci (wink-nlp, wink-eng-lite-web-model) into tests/bench/node_modules"
            (cd "$here" && npm ci --no-audit --no-fund >/dev/null)
        fi
        say "$cmd_wink"
        $cmd_wink >"$out/wink.txt" && have_wink=1
    fi
fi

have_e2e=0
cmd_e2e="$bin/bench-e2e --count $e2e_count $out/corpus"
if [ "$want_worker" = 1 ]; then
    if [ ! -x "$bin/bench-e2e" ] || [ ! -x "$bin/newsx-worker" ]; then
        say "no bench-e2e or newsx-worker in $bin: no end-to-end numbers"
    else
        export NEWSX_WORKER_BIN="$bin/newsx-worker"
        say "$cmd_e2e (worker $NEWSX_WORKER_BIN)"
        if [ -n "${NEWSX_TEST_BOOTSTRAP:-}" ]; then
            $cmd_e2e >"$out/e2e.txt" && have_e2e=1
        elif "$root/tests/kafka/broker.sh" --ping "$bin/kafka_ping" \
            --state "$out/broker.state" exec -- $cmd_e2e >"$out/e2e.txt"; then
            have_e2e=1
        fi
        [ "$have_e2e" = 1 ] || say "the end-to-end benchmark failed (see above)"
    fi
fi

# The table.
c="$out/core.txt"
w="$out/wink.txt"
e="$out/e2e.txt"
[ "$have_wink" = 1 ] || : >"$w"
[ "$have_e2e" = 1 ] || : >"$e"
load=$(cut -d' ' -f1-3 /proc/loadavg)
kafka_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$root/tests/kafka/pom.xml" | head -n1)
model=$(lscpu | sed -n 's/^Model name: *//p' | head -n1)
cpus=$(nproc)
cores=$(lscpu | awk -F: '/^Core\(s\) per socket/ {c=$2} /^Socket\(s\)/ {s=$2} END {printf "%d", c*s}')
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "?")
git -C "$root" diff --quiet HEAD 2>/dev/null || commit="$commit + uncommitted changes"
thr=$(kv "$c" threads)
ws1=$(kv "$c" single_words_s)
wsn=$(kv "$c" multi_words_s)
wc1=$(kv "$c" single_words_cpu_s)
wcn=$(kv "$c" multi_words_cpu_s)
wink_ws=$(kv "$w" single_words_s)
wink_wc=$(kv "$w" single_words_cpu_s)
single_s=$(kv "$c" single_s)
{
    echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') on **$model**, $cores cores ($cpus CPUs online), $(uname -sr); newsx $commit. Load average when the table was written: $load (other processes shared the machine: compare the per-CPU-second rates)."
    echo
    echo "Corpus: $(kv "$c" articles) articles, $(kv "$c" text_mb) MB of article text, $(fmt "$(kv "$c" words)") words (rounds: $rounds)."
    echo
    echo "| measure | newsx, 1 thread | newsx, $thr threads | wink-nlp, 1 thread | newsx 1 thread / wink |"
    echo "|---|---:|---:|---:|---:|"
    echo "| words/s (wall clock) | $(fmt "$ws1") | $(fmt "$wsn") | $(fmt "$wink_ws") | $(div %.2f "$ws1" "$wink_ws") |"
    echo "| words per CPU second | $(fmt "$wc1") | $(fmt "$wcn") per thread | $(fmt "$wink_wc") | $(div %.2f "$wc1" "$wink_wc") |"
    echo "| MB/s of text | $(kv "$c" single_mb_s) | $(kv "$c" multi_mb_s) | $(kv "$w" single_mb_s) | $(div %.2f "$(kv "$c" single_mb_s)" "$(kv "$w" single_mb_s)") |"
    echo "| articles/s | $(fmt "$(kv "$c" single_articles_s)") | $(fmt "$(kv "$c" multi_articles_s)") | $(fmt "$(kv "$w" single_articles_s)") | |"
    echo "| startup (model load), ms | $(kv "$c" startup_ms) | | $(kv "$w" startup_ms) | |"
    echo "| peak RSS, MB | $(div %.0f "$(kv "$c" peak_rss_kb)" 1024) (after model load: $(div %.0f "$(kv "$c" rss_after_load_kb)" 1024)) | | $(div %.0f "$(kv "$w" peak_rss_kb)" 1024) | |"
    echo "| errors | $(kv "$c" errors) | | | |"
    echo
    echo "Goal: >= 1,000,000 words/s per core for the whole core; measured $(fmt "$wc1") words per CPU second on one thread ($(div %.0f "$wc1" 10000)% of the goal). wink-nlp finds no people or organisations, so the ratio is a floor, not a victory."
    echo
    echo "Per stage, one thread (wall time summed over all articles):"
    echo
    echo "| stage | seconds | share | words/s through the stage alone |"
    echo "|---|---:|---:|---:|"
    awk -v total="$single_s" -v words="$(kv "$c" words)" '
        function group(n,   s) { s = sprintf("%.0f", n); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); return s }
        $1 == "stage" { printf "| %s | %.3f | %.1f%% | %s |\n", $2, $3, 100 * $3 / total, ($3 > 0 ? group(words / $3) : "-") }' "$c"
    echo
    if [ "$have_e2e" = 1 ]; then
        echo "End to end: newsx-worker (default threads) on a local single-node Kafka $kafka_version broker (tests/kafka/broker.sh) on the same machine:"
        echo
        echo "| measure | value |"
        echo "|---|---:|"
        echo "| articles through the worker (backlog) | $(fmt "$(kv "$e" e2e_articles)") (+ $(kv "$e" e2e_deadletters) dead letters) |"
        echo "| throughput from worker start, articles/s | $(fmt "$(kv "$e" e2e_articles_s)") |"
        echo "| throughput first to last record, articles/s | $(fmt "$(kv "$e" e2e_steady_articles_s)") |"
        echo "| words/s, MB/s of text | $(fmt "$(kv "$e" e2e_words_s)"), $(kv "$e" e2e_mb_s) |"
        echo "| the core alone, $thr threads, articles/s | $(fmt "$(kv "$c" multi_articles_s)") |"
        echo "| latency at $(kv "$e" lat_rate) articles/s, p50 / p99 / max, ms | $(kv "$e" lat_p50_ms) / $(kv "$e" lat_p99_ms) / $(kv "$e" lat_max_ms) ($(kv "$e" lat_articles) articles) |"
        echo "| worker exit status after SIGTERM | $(kv "$e" worker_exit) |"
        echo
    else
        echo "End to end: not run this time."
        echo
    fi
    echo "Commands (from the source root; tests/bench/run.sh runs them all):"
    echo
    echo '```'
    echo "tests/bench/run.sh --build-dir ${build_dir#"$root"/} --rounds $rounds --threads $threads --e2e-count $e2e_count --update-docs"
    echo "${cmd_corpus//$root\//}"
    echo "${cmd_core//$root\//}"
    [ "$want_wink" = 1 ] && echo "${cmd_wink//$root\//}"
    [ "$want_worker" = 1 ] && echo "tests/kafka/broker.sh exec -- ${cmd_e2e//$root\//}   # NEWSX_WORKER_BIN=${bin#"$root"/}/newsx-worker"
    echo '```'
} >"$out/results.md"
cat "$out/results.md"

if [ "$update_docs" = 1 ]; then
    doc="$root/docs/benchmarks.md"
    awk -v res="$out/results.md" '
        /<!-- results:begin -->/ { print; while ((getline l < res) > 0) print l; skip = 1; next }
        /<!-- results:end -->/ { skip = 0 }
        !skip { print }' "$doc" >"$doc.tmp" && mv "$doc.tmp" "$doc"
    say "updated $doc"
fi
