#!/usr/bin/env bash
# tests/integration/valgrind_smoke.sh - 1,000 articles through newsx-worker
# running under valgrind memcheck: every record must come back, and valgrind
# must find no leak and no invalid read or write.
#
#   NEWSX_TEST_BOOTSTRAP=host:port NEWSX_WORKER_BIN=build/bin/newsx-worker \
#       tests/integration/valgrind_smoke.sh [--count N]
#
# The driver is bench-e2e (tests/bench/bench_e2e.c, found beside the worker
# or at NEWSX_BENCH_E2E_BIN): it creates fresh topics, produces the articles
# (news texts from bench-corpus, built in a temporary directory from
# ../shared/data - $NEWSX_SHARED_DIR/data when set - or, when that is missing
# as in a bare clone, from the project's own texts under tests/data), starts
# the worker - here through a wrapper that runs it
# under valgrind --leak-check=full --error-exitcode=99 - waits for every
# record, stops the worker with SIGTERM and prints its exit status. Exits 0
# when all records came back and the worker (valgrind) exited 0; otherwise 1,
# with the valgrind log's summary on stderr. Not a ctest test: CI runs it
# next to tests/run.sh (it needs a broker, e.g. tests/kafka/broker.sh exec --).
set -euo pipefail

count=1000
while [ $# -gt 0 ]; do
    case "$1" in
    --count)
        count=$2
        shift 2
        ;;
    -h | --help)
        sed -n '2,17p' "$0"
        exit 0
        ;;
    *)
        echo "valgrind_smoke.sh: unknown argument '$1'" >&2
        exit 2
        ;;
    esac
done

say() { echo "valgrind_smoke.sh: $*" >&2; }
: "${NEWSX_TEST_BOOTSTRAP:?set NEWSX_TEST_BOOTSTRAP (e.g. run under tests/kafka/broker.sh exec --)}"
: "${NEWSX_WORKER_BIN:?set NEWSX_WORKER_BIN to the newsx-worker binary}"
worker=$(cd "$(dirname "$NEWSX_WORKER_BIN")" && pwd)/$(basename "$NEWSX_WORKER_BIN")
bindir=$(dirname "$worker")
driver=${NEWSX_BENCH_E2E_BIN:-$bindir/bench-e2e}
corpus_bin=${NEWSX_BENCH_CORPUS_BIN:-$bindir/bench-corpus}
for b in "$worker" "$driver" "$corpus_bin"; do
    [ -x "$b" ] || {
        say "$b not found (build the targets newsx-worker bench-e2e bench-corpus)"
        exit 1
    }
done
command -v valgrind >/dev/null || {
    say "valgrind not found (Debian package valgrind; deploy/install-deps.sh --test)"
    exit 1
}

src=${NEWSX_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
shared=${NEWSX_SHARED_DIR:-${NEWSX_SHARED_DEFAULT:-$src/../shared}}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -r "$shared/data/conll2003/train.jsonl" ] && [ -r "$shared/data/polnear/train.jsonl" ] &&
    [ -r "$shared/data/timebank/tbaq.jsonl" ]; then
    say "corpus: the development texts of $shared/data"
    "$corpus_bin" --min-mb 3 --data "$shared/data" "$tmp/corpus" >/dev/null
else
    say "corpus: the project's own texts under tests/data ($shared/data is missing)"
    own=()
    for f in fjord-tunnel.txt long-paragraph.txt quotes-across-paragraphs.txt non-english.txt \
        html-entities.txt allcaps-headline.txt extras/wire-story.txt extras/other-story.txt \
        extras/same-topic-story.txt passthrough/clean.jsonl; do
        own+=(--file "$src/tests/data/$f")
    done
    "$corpus_bin" --min-mb 0.5 "${own[@]}" "$tmp/corpus" >/dev/null
fi

log="$tmp/valgrind.log"
cat >"$tmp/worker-under-valgrind" <<EOF
#!/bin/sh
exec valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \\
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \\
    --track-origins=yes --log-file="$log" "$worker" "\$@"
EOF
chmod +x "$tmp/worker-under-valgrind"

say "$count articles through $worker under valgrind memcheck"
rc=0
NEWSX_WORKER_BIN="$tmp/worker-under-valgrind" "$driver" --count "$count" --latency-count 0 \
    --timeout 1800 "$tmp/corpus" >"$tmp/result.txt" || rc=$?
cat "$tmp/result.txt"
got=$(awk '$1 == "e2e_articles" {print $2}' "$tmp/result.txt")
dead=$(awk '$1 == "e2e_deadletters" {print $2}' "$tmp/result.txt")
wexit=$(awk '$1 == "worker_exit" {print $2}' "$tmp/result.txt")

fail=0
if [ "$rc" -ne 0 ] || [ "$((${got:-0} + ${dead:-0}))" -ne "$count" ]; then
    say "FAILED: $((${got:-0} + ${dead:-0})) of $count articles came back (driver exit $rc)"
    fail=1
fi
if [ "${wexit:-x}" != 0 ]; then
    say "FAILED: the worker under valgrind exited with ${wexit:-?} (99: valgrind found errors)"
    fail=1
fi
if [ -s "$log" ]; then
    say "valgrind log:"
    head -n 80 "$log" >&2
fi
[ "$fail" = 0 ] && say "ok: $count articles, no leak, no invalid access"
exit "$fail"
