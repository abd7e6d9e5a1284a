#!/usr/bin/env bash
# Install what newsx needs on Debian/Ubuntu; does nothing when all is present.
#   deploy/install-deps.sh          build dependencies only
#   deploy/install-deps.sh --test   build + test dependencies (Java 17+, Maven, clang, ...)
#   deploy/install-deps.sh --bench  build + benchmark dependencies (Node.js, npm: tests/bench)
set -euo pipefail

want_test=0
want_bench=0
for a in "$@"; do
  case "$a" in
  --test) want_test=1 ;;
  --bench) want_bench=1 ;;
  -h | --help)
    sed -n '2,5p' "$0"
    exit 0
    ;;
  *)
    echo "install-deps: unknown option '$a'" >&2
    exit 2
    ;;
  esac
done

build_pkgs=(cmake gcc make pkg-config librdkafka-dev libjansson-dev libcmocka-dev
  libutf8proc-dev libxxhash-dev libxml2-dev libmicrohttpd-dev g++ libcld2-dev)
test_pkgs=(default-jre-headless maven python3 python3-jsonschema clang clang-format
  valgrind libclang-rt-14-dev chromium fonts-dejavu-core yamllint shellcheck docker-compose
  openssl)
# Only for tests/bench/run.sh (the wink-nlp peer), tests/train/build-gazetteers.sh
# (iso-codes + npm packages), config/lang/build-cldr.py (unicode-cldr-core) and
# tests/eval/langid_libs.py (libexttextcat-dev); the test command never needs them.
bench_pkgs=(nodejs npm iso-codes unicode-cldr-core libexttextcat-dev)

pkgs=("${build_pkgs[@]}")
[ "$want_test" = 1 ] && pkgs+=("${test_pkgs[@]}")
[ "$want_bench" = 1 ] && pkgs+=("${bench_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done

# A Java 17+ runtime from another source also counts.
if [ "$want_test" = 1 ] && command -v java >/dev/null 2>&1; then
  jv=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  if [ "${jv:-0}" -ge 17 ]; then
    missing=("${missing[@]/default-jre-headless/}")
  fi
fi
if [ "$want_test" = 1 ] && command -v mvn >/dev/null 2>&1; then
  missing=("${missing[@]/maven/}")
fi
# Node.js 18+ and npm from another source (e.g. NodeSource) also count.
if [ "$want_bench" = 1 ] && command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  nv=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "${nv:-0}" -ge 18 ]; then
    missing=("${missing[@]/nodejs/}")
    missing=("${missing[@]/npm/}")
  fi
fi
clean=()
for p in "${missing[@]}"; do [ -n "$p" ] && clean+=("$p"); done
missing=("${clean[@]+"${clean[@]}"}")

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}"; then
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
