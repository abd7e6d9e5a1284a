#!/usr/bin/env python3
"""Generate the CLDR part of the language packs under config/lang/<code>/.

Usage: python3 config/lang/build-cldr.py [--cldr DIR] [CODE ...]

Reads Unicode CLDR's locale data (Debian package unicode-cldr-core,
/usr/share/unicode/cldr/common/main/<code>.xml, falling back to root.xml for
what a locale inherits) and writes, for each language (default: en de fr es
it pt nl), tab-separated files the core loads at start-up (common/lang_pack.c):

  calendar.tsv  word<TAB>class<TAB>value: month names (class month, value
                1-12) and weekday names (weekday, 1 = Monday .. 7 = Sunday),
                wide and abbreviated, format and stand-alone forms, lower case
                (narrow one-letter forms are left out: too ambiguous)
  relative.tsv  phrase<TAB>class<TAB>value: relative day/week/month/year words
                (relative-day -2..2: "vorgestern".."übermorgen"; relative-week,
                relative-month, relative-year -1..1), and the "in {0} days" /
                "{0} days ago" patterns (pattern-day ... with value past or
                future), lower case
  quotes.tsv    mark<TAB>role: the quotation delimiters (open, close,
                open-inner, close-inner)
  numbers.tsv   symbol<TAB>value: decimal, group, percent, minus, plus
  abbreviations.tsv
                abbreviation<TAB>split: CLDR's sentence-break suppressions
                (common/segments/<code>.xml: "Dr.", "z.B.", "D. h."), exactly
                as written, for every language but English (whose list is in
                common/segment.c) that CLDR has them for; "split" says such a
                word may still end a sentence before a sentence starter
                (common/segment.c). The hand-written sentences.tsv beside it
                adds news abbreviations and can make an entry "nosplit".

Every file starts with a comment naming its source and CLDR version. Run it
again after a CLDR update and review the diff; NOTICE names the source.
"""
import argparse
import os
import sys
import unicodedata
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
PACKS = ["en", "de", "fr", "es", "it", "pt", "nl"]
DAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
NUMBER_SYMBOLS = [("decimal", "decimal"), ("group", "group"), ("percentSign", "percent"),
                  ("minusSign", "minus"), ("plusSign", "plus")]


def norm(s):
    return unicodedata.normalize("NFC", s.strip()).lower()


def load(cldr, code):
    path = os.path.join(cldr, "common", "main", code + ".xml")
    return ET.parse(path).getroot()


def gregorian(root):
    for cal in root.iter("calendar"):
        if cal.get("type") == "gregorian":
            return cal
    return None


def names(cal, kind, ctx_tag, width_tag, item_tag):
    """(lower-case name, value) of every non-narrow width of every context."""
    out = []
    box = cal.find(kind) if cal is not None else None
    if box is None:
        return out
    for ctx in box.findall(ctx_tag):
        for width in ctx.findall(width_tag):
            if width.get("type") == "narrow":
                continue
            for item in width.findall(item_tag):
                if item.get("alt") or not item.text:
                    continue
                t = item.get("type")
                v = DAYS[t] if kind == "days" else int(t)
                out.append((norm(item.text), v))
    return out


def relative(root):
    out = []
    fields = root.find("dates/fields")
    if fields is None:
        return out
    for field in fields.findall("field"):
        unit = field.get("type")
        if unit not in ("day", "week", "month", "year"):
            continue
        for rel in field.findall("relative"):
            if rel.text:
                out.append((norm(rel.text), "relative-" + unit, rel.get("type")))
        for rt in field.findall("relativeTime"):
            for p in rt.findall("relativeTimePattern"):
                if p.text:
                    out.append((norm(p.text), "pattern-" + unit, rt.get("type")))
    return out


def first(roots, path):
    for r in roots:
        e = r.find(path)
        if e is not None and e.text:
            return e.text
    return None


def write(path, header, rows):
    seen = set()
    with open(path, "w", encoding="utf-8") as f:
        f.write(header)
        for row in rows:
            if row in seen:
                continue
            seen.add(row)
            f.write("\t".join(str(x) for x in row) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cldr", default="/usr/share/unicode/cldr")
    ap.add_argument("codes", nargs="*", default=PACKS)
    args = ap.parse_args()
    if not os.path.isdir(os.path.join(args.cldr, "common", "main")):
        print("build-cldr: %s not found: install the Debian package unicode-cldr-core"
              % args.cldr, file=sys.stderr)
        return 1
    version = "?"
    changelog = "/usr/share/doc/unicode-cldr-core/changelog.Debian.gz"
    if os.path.exists(changelog):
        import gzip
        version = gzip.open(changelog, "rt").readline().split("(")[1].split(")")[0]
    root = load(args.cldr, "root")
    for code in args.codes:
        loc = load(args.cldr, code)
        header = ("# Generated by config/lang/build-cldr.py from Unicode CLDR (Debian "
                  "unicode-cldr-core %s, common/main/%s.xml); see NOTICE.\n" % (version, code))
        out = os.path.join(HERE, code)
        os.makedirs(out, exist_ok=True)
        cal = gregorian(loc)
        cal_rows = [(w, "month", v) for w, v in names(cal, "months", "monthContext",
                                                        "monthWidth", "month")]
        cal_rows += [(w, "weekday", v) for w, v in names(cal, "days", "dayContext",
                                                           "dayWidth", "day")]
        write(os.path.join(out, "calendar.tsv"), header, cal_rows)
        write(os.path.join(out, "relative.tsv"), header, relative(loc))
        roots = [loc, root]
        q = [(first(roots, "delimiters/quotationStart"), "open"),
             (first(roots, "delimiters/quotationEnd"), "close"),
             (first(roots, "delimiters/alternateQuotationStart"), "open-inner"),
             (first(roots, "delimiters/alternateQuotationEnd"), "close-inner")]
        write(os.path.join(out, "quotes.tsv"), header, [r for r in q if r[0]])
        nums = [(name, first(roots, "numbers/symbols[@numberSystem='latn']/" + tag))
                for tag, name in NUMBER_SYMBOLS]
        write(os.path.join(out, "numbers.tsv"), header, [r for r in nums if r[1]])
        seg = os.path.join(args.cldr, "common", "segments", code + ".xml")
        if code != "en" and os.path.exists(seg):
            sup = sorted({unicodedata.normalize("NFC", e.text.strip())
                          for e in ET.parse(seg).getroot().iter("suppression")
                          if e.text and e.text.strip().endswith(".")})
            write(os.path.join(out, "abbreviations.tsv"),
                  header.replace("common/main/%s.xml" % code, "common/segments/%s.xml" % code),
                  [(a, "split") for a in sup])
        print("build-cldr: %s: %d calendar words, %d relative entries" % (
            code, len(set(cal_rows)), len(set(relative(loc)))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
