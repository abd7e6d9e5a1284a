#!/usr/bin/env python3
"""Golden test of the entity stage on the seed article (issue 5's list).

Every expected entity must be present once, with its type, its canonical
name and the listed extra mentions grouped into it; every mention's offsets
must point at its text in the record's text; places must resolve to the
expected country and kind; the model version must be in extractor.models.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nxtest  # noqa: E402

SEED = os.path.join(nxtest.SHARED_DIR, "samples", "seed-article.txt")
if not os.path.exists(SEED):
    SEED = os.path.join(nxtest.DATA_DIR, "seed-article.txt")

# (type, canonical name, other mention texts that must be grouped in, place)
EXPECTED = [
    ("PERSON", "Xi Jinping", ["Xi"], None),
    ("PERSON", "VV Putin", ["Putin"], None),
    ("PERSON", "Mao Ning", ["Mao"], None),
    ("PERSON", "Biden", [], None),
    ("ORG", "Russian Foreign Ministry", [], None),
    ("ORG", "Chinese Foreign Ministry", [], None),
    ("ORG", "RIA News", [], None),
    ("ORG", "TIME", [], None),
    ("ORG", "Reuters", [], None),
    ("ORG", "Bloomberg", [], None),
    ("ORG", "NATO", [], None),
    ("ORG", "US State Department", [], None),
    ("LOC", "Russia", [], ("RU", "country")),
    ("LOC", "China", [], ("CN", "country")),
    ("LOC", "Ukraine", [], ("UA", "country")),
    ("LOC", "Moscow", [], ("RU", "city")),
    ("LOC", "United States", ["US"], ("US", "country")),
    ("LOC", "Washington", [], ("US", "city")),
    ("LOC", "Beijing", [], ("CN", "city")),
    ("LOC", "Eastern Europe", [], None),
    ("MISC", "Russian", [], None),
    ("MISC", "Chinese", [], None),
    ("MISC", "Russian-Chinese", [], None),
    ("MISC", "non-Western", [], None),
]


def main():
    rc, out, err = nxtest.run_extract([SEED])
    if rc != 0:
        nxtest.fail("exit %d: %s" % (rc, err))
    r = json.loads(out.decode("utf-8"))
    text = r["text"]
    ents = r["entities"]
    version = r.get("extractor", {}).get("models", {}).get("entities", "")
    if not version.startswith("ner-1.0 ("):
        nxtest.fail("extractor.models.entities is %r" % version)
    errors = []
    # structure: ids in order, counts, offsets, first mentions in order
    last_first = -1
    for i, e in enumerate(ents):
        if e["id"] != "E%d" % (i + 1):
            errors.append("entity %d has id %r" % (i, e["id"]))
        if e["count"] != len(e["mentions"]) or not e["mentions"]:
            errors.append("%s: count %d for %d mentions" % (e["id"], e["count"], len(e["mentions"])))
        if not 0 <= e["salience"] <= 1:
            errors.append("%s: salience %r" % (e["id"], e["salience"]))
        for m in e["mentions"]:
            if text[m["start"]:m["end"]] != m["text"]:
                errors.append("%s: mention [%d,%d] is %r in the text, not %r" %
                              (e["id"], m["start"], m["end"], text[m["start"]:m["end"]], m["text"]))
        if e["name"] not in [m["text"] for m in e["mentions"]]:
            errors.append("%s: name %r is not one of its mentions" % (e["id"], e["name"]))
        first = min(m["start"] for m in e["mentions"])
        if first <= last_first:
            errors.append("%s: not in order of first mention" % e["id"])
        last_first = first
    spans = [(m["start"], m["end"]) for e in ents for m in e["mentions"]]
    if len(spans) != len(set(spans)):
        errors.append("a span is a mention of two entities")
    by_name = {}
    for e in ents:
        by_name.setdefault(e["name"], []).append(e)
    passed = 0
    for typ, name, others, place in EXPECTED:
        got = by_name.get(name, [])
        if len(got) != 1:
            errors.append("%s %r: %d entities with that name" % (typ, name, len(got)))
            continue
        e = got[0]
        ok = True
        if e["type"] != typ:
            errors.append("%r: type %s, expected %s" % (name, e["type"], typ))
            ok = False
        texts = set(m["text"] for m in e["mentions"])
        for o in others:
            if o not in texts:
                errors.append("%r: mention %r not grouped in (has %s)" % (name, o, sorted(texts)))
                ok = False
        for o in others:
            if o in by_name and by_name[o] != [e]:
                errors.append("%r: %r is a separate entity too" % (name, o))
                ok = False
        if place:
            p = e.get("place")
            if not p or (p["country"], p["kind"]) != place:
                errors.append("%r: place %r, expected %s/%s" % (name, p, place[0], place[1]))
                ok = False
        passed += ok
    # "US" inside "US State Department" belongs to the ORG only
    dept = by_name.get("US State Department", [{}])[0]
    for m in dept.get("mentions", []):
        for e in ents:
            if e is not dept and any(x["start"] >= m["start"] and x["end"] <= m["end"]
                                     for x in e["mentions"]):
                errors.append("%r overlaps a mention of %s" % (m["text"], e["name"]))
    for line in errors:
        print("FAIL: " + line)
    failed = len(EXPECTED) - passed
    print("entities: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
