#!/usr/bin/env bash
# Install what newsx needs on Debian/Ubuntu; does nothing when all is present.
#   scripts/install-deps.sh          build dependencies only
#   scripts/install-deps.sh --test   build + test dependencies (Java 17+, Maven, clang, ...)
set -euo pipefail

want_test=0
for a in "$@"; do
  case "$a" in
  --test) want_test=1 ;;
  -h | --help)
    sed -n '2,4p' "$0"
    exit 0
    ;;
  *)
    echo "install-deps: unknown option '$a'" >&2
    exit 2
    ;;
  esac
done

build_pkgs=(cmake gcc make pkg-config librdkafka-dev libjansson-dev libcmocka-dev
  libutf8proc-dev libxxhash-dev libxml2-dev)
test_pkgs=(default-jre-headless maven python3 python3-jsonschema clang clang-format
  valgrind)

pkgs=("${build_pkgs[@]}")
[ "$want_test" = 1 ] && pkgs+=("${test_pkgs[@]}")

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
