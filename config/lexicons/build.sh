#!/bin/sh
# Rebuild config/lexicons/vader.tsv (the tone stage's lexicon) from the npm
# package vader-sentiment 1.1.3 (Apache-2.0; see NOTICE and
# LICENSE.vader-sentiment beside this script).
#
# Usage: config/lexicons/build.sh [PATH/TO/vader_lexicon.txt]
# Without an argument the package is fetched with `npm pack`.
#
# The conversion keeps the entries that are single lower-case words (letters,
# inner hyphens and apostrophes: the tokens the tone stage looks up), drops
# emoticons and multi-word entries, and keeps the first of any duplicate. It
# writes word<TAB>mean valence (-4..+4, as the package gives it), sorted.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=${1:-}
tmp=
if [ -z "$src" ]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    (cd "$tmp" && npm pack --silent vader-sentiment@1.1.3 >/dev/null && tar xzf vader-sentiment-1.1.3.tgz)
    src=$tmp/package/vader_lexicon.txt
    cmp -s "$tmp/package/LICENSE" "$here/LICENSE.vader-sentiment" ||
        cp "$tmp/package/LICENSE" "$here/LICENSE.vader-sentiment"
fi
out=$here/vader.tsv
{
    echo "# VADER sentiment lexicon (Hutto & Gilbert, ICWSM 2014), as shipped by the npm"
    echo "# package vader-sentiment 1.1.3 (Copyright 2018 Comcast Cable Communications"
    echo "# Management, LLC; Apache License 2.0, see LICENSE.vader-sentiment and NOTICE)."
    echo "# Converted by config/lexicons/build.sh: single lower-case words only."
    echo "# word<TAB>mean valence (-4 most negative .. +4 most positive)"
    LC_ALL=C awk -F'\t' '$1 ~ /^[a-z][a-z'"'"'-]*[a-z]$/ && !seen[$1]++ { print $1 "\t" $2 }' "$src" |
        LC_ALL=C sort -t "$(printf '\t')" -k1,1
} >"$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out: $(grep -vc '^#' "$out") words"
