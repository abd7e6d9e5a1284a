#!/usr/bin/env bash
# Install what newsx needs on Debian/Ubuntu; does nothing when all is present.
# A system librdkafka older than the minimum is replaced by the pinned one,
# built once from Debian's source package into ~/.cache/newsx (deploy/librdkafka.sh).
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
    sed -n '2,7p' "$0"
    exit 0
    ;;
  *)
    echo "install-deps: unknown option '$a'" >&2
    exit 2
    ;;
  esac
done

build_pkgs=(cmake gcc make pkg-config libjansson-dev libcmocka-dev
  libutf8proc-dev libxxhash-dev libxml2-dev libmicrohttpd-dev g++ libcld2-dev)
# What building librdkafka from Debian's source package needs (no curl; its
# configure insists on a C++ compiler though only the C library is built).
rdkafka_src_pkgs=(dpkg-dev g++ libssl-dev libsasl2-dev zlib1g-dev libzstd-dev liblz4-dev)
test_pkgs=(default-jre-headless maven python3 python3-jsonschema clang clang-format
  valgrind libclang-rt-14-dev chromium fonts-dejavu-core yamllint shellcheck docker-compose
  openssl)
# Only for tests/bench/run.sh (the wink-nlp peer), tests/train/build-gazetteers.sh
# (iso-codes, unicode-cldr-core, libgeonames-common + npm packages),
# config/lang/build-cldr.py (unicode-cldr-core) and
# tests/eval/langid_libs.py (libexttextcat-dev); the test command never needs them.
bench_pkgs=(nodejs npm iso-codes unicode-cldr-core libgeonames-common libexttextcat-dev)

# librdkafka: the system's when it is at least the minimum, else Debian's
# librdkafka-dev when its candidate is, else the pinned version built from source.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=deploy/librdkafka.sh
. "$here/librdkafka.sh"
rdkafka_build=0
if ! pkg-config --atleast-version="$NEWSX_RDKAFKA_MIN" rdkafka 2>/dev/null; then
  cand=$(apt-cache policy librdkafka-dev 2>/dev/null | sed -n 's/^ *Candidate: //p')
  if [ -n "$cand" ] && [ "$cand" != "(none)" ] &&
    dpkg --compare-versions "$cand" ge "$NEWSX_RDKAFKA_MIN"; then
    build_pkgs+=(librdkafka-dev)
  else
    rdkafka_build=1
    build_pkgs+=("${rdkafka_src_pkgs[@]}")
  fi
fi

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

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}"; then
    $sudo apt-get update
    $sudo apt-get install -y --no-install-recommends "${missing[@]}"
  fi
fi

if [ "$rdkafka_build" = 1 ]; then
  # Once per cache; its apt lists are private, so no root needed.
  "$here/librdkafka.sh" install
fi
