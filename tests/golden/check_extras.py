#!/usr/bin/env python3
"""Golden test of the extra stages (docs/extras.md) on the seed article and
on the articles of tests/data/extras/.

amounts:     the listed amounts, exactly, with values, units and objects;
             none inside a date; offsets point at their text.
keywords:    at most ten, best first, one per entity, entity keywords named
             as the entity, none inside another; the expected ones present.
tone:        GDELT arithmetic, the lexicon's version, the expected sign.
fingerprint: 16 hex digits; unchanged by whitespace and punctuation; a wire
             story and its lightly edited copy within distance 3, other
             stories (also on the same subject) farther; --dupes clusters.
The four keys also validate against their schema in record-v1.json.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nxtest  # noqa: E402

SEED = os.path.join(nxtest.SHARED_DIR, "samples", "seed-article.txt")
if not os.path.exists(SEED):
    SEED = os.path.join(nxtest.DATA_DIR, "seed-article.txt")
EXTRAS = os.path.join(nxtest.DATA_DIR, "extras")
KEYS = ("amounts", "keywords", "tone", "fingerprint")

errors = []


def check(cond, msg):
    if not cond:
        errors.append(msg)


def extract(paths=None, stdin=None):
    rc, out, err = nxtest.run_extract(paths or [], stdin=stdin)
    if rc != 0:
        nxtest.fail("newsx-extract %s: exit %d: %s" % (paths, rc, err))
    return [json.loads(line) for line in out.decode("utf-8").splitlines() if line.strip()]


def one(path):
    return extract([path])[0]


def dist(a, b):
    return bin(int(a, 16) ^ int(b, 16)).count("1")


def validate(name, r):
    import jsonschema
    with open(nxtest.SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    for k in KEYS:
        check(k in schema["required"], "schema: %s not required" % k)
        sub = schema["properties"][k]
        cls = jsonschema.validators.validator_for(schema)
        for e in cls(sub).iter_errors(r[k]):
            errors.append("%s: %s: %s" % (name, k, e.message))
    order = [k for k in r]
    i = order.index("sources")
    check(order[i + 1:i + 5] == list(KEYS) and order[i + 5] == "repairs",
          "%s: keys after sources are %s" % (name, order[i + 1:i + 6]))


def generic(name, r):
    """Invariants every record must hold."""
    text = r["text"]
    validate(name, r)
    for a in r["amounts"]:
        check(text[a["start"]:a["end"]] == a["text"],
              "%s: amount %r is %r in the text" % (name, a["text"], text[a["start"]:a["end"]]))
        for d in r["dates"]:
            if d["type"] != "DURATION":
                check(a["end"] <= d["start"] or a["start"] >= d["end"],
                      "%s: amount %r inside date %r" % (name, a["text"], d["text"]))
    kws = r["keywords"]
    check(1 <= len(kws) <= 10, "%s: %d keywords" % (name, len(kws)))
    scores = [k["score"] for k in kws]
    check(scores == sorted(scores), "%s: keywords not best first: %s" % (name, scores))
    ents = {e["id"]: e for e in r["entities"]}
    linked = [k["entity"] for k in kws if k["entity"]]
    check(len(linked) == len(set(linked)), "%s: an entity has two keywords: %s" % (name, linked))
    texts = [k["text"].lower() for k in kws]
    check(len(texts) == len(set(texts)), "%s: duplicate keywords %s" % (name, texts))
    for k in kws:
        if k["entity"]:
            check(k["entity"] in ents and ents[k["entity"]]["name"] == k["text"],
                  "%s: keyword %r is not its entity's name" % (name, k["text"]))
        else:
            check(text[k["start"]:k["end"]] == k["text"],
                  "%s: keyword %r is %r in the text" % (name, k["text"],
                                                      text[k["start"]:k["end"]]))
        for o in kws:
            if o is not k and not k["entity"] and not o["entity"]:
                a, b = set(k["text"].lower().split()), set(o["text"].lower().split())
                check(not a <= b, "%s: keyword %r inside %r" % (name, k["text"], o["text"]))
    t = r["tone"]
    w = r["stats"]["words"]
    check(t["words"] == w, "%s: tone.words %d != stats.words %d" % (name, t["words"], w))
    if w:
        for field, n in (("positive", t["positive_words"]), ("negative", t["negative_words"])):
            check(abs(t[field] - 100.0 * n / w) < 1e-3,
                  "%s: tone.%s %r != 100*%d/%d" % (name, field, t[field], n, w))
    check(abs(t["tone"] - (t["positive"] - t["negative"])) < 2e-4, "%s: tone != pos-neg" % name)
    check(abs(t["polarity"] - (t["positive"] + t["negative"])) < 2e-4,
          "%s: polarity != pos+neg" % name)
    models = r["extractor"]["models"]
    check(models.get("tone", "").startswith("vader-sentiment-1.1.3 ("),
          "%s: extractor.models.tone is %r" % (name, models.get("tone")))
    fp = r["fingerprint"]
    check(isinstance(fp, str) and len(fp) == 16 and int(fp, 16) != 0,
          "%s: fingerprint %r" % (name, fp))


def amounts_of(r):
    return [(a["text"], a["value"], a["unit"], a["object"]) for a in r["amounts"]]


def main():
    seed = one(SEED)
    generic("seed", seed)
    # Amounts: "the two states"; the years and "January 24" are dates.
    check(amounts_of(seed) == [("two states", 2, "state", "states")],
          "seed: amounts %s" % amounts_of(seed))
    kw = {k["text"]: k for k in seed["keywords"]}
    for name in ("Xi Jinping", "Russia", "China", "VV Putin"):
        check(name in kw and kw[name]["entity"], "seed: keyword %r missing or unlinked" % name)
    # "Putin" and "President VV Putin" are the same thing as the entity VV Putin.
    check("Putin" not in kw and "President VV Putin" not in kw, "seed: Putin twice: %s" % list(kw))
    check(kw.get("Russia", {}).get("count") == 10, "seed: Russia count %s" % kw.get("Russia"))
    check(seed["tone"]["negative_words"] > 0 and seed["tone"]["positive_words"] > 0,
          "seed: tone %s" % seed["tone"])
    # Whitespace and punctuation do not move the fingerprint.
    with open(SEED, "rb") as f:
        raw = f.read().decode("utf-8")
    variant = (raw.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
               .replace(", ", " , ").replace(". ", ".  "))
    v = extract(["--in", "text"], stdin=variant.encode("utf-8"))[0]
    check(v["fingerprint"] == seed["fingerprint"],
          "seed: punctuation variant fingerprint %s != %s (distance %d)" %
          (v["fingerprint"], seed["fingerprint"], dist(v["fingerprint"], seed["fingerprint"])))

    p = {n: one(os.path.join(EXTRAS, n + ".txt")) for n in
         ("wire-story", "wire-story-edited", "same-topic-story", "other-story",
          "other-story-edited")}
    for n, r in p.items():
        generic(n, r)
    want = [
        ("12,000 people", 12000, "people", "people"),
        ("40,000 households", 40000, "household", "households"),
        ("23 towns", 23, "town", "towns"),
        ("30 centimetres", 30, "centimetre", "rain"),
        ("36 hours", 36, "hour", "hours"),
        ("two people", 2, "people", "people"),
        ("1.5 billion euros", 1500000000, "EUR", None),
        ("two metres", 2, "metre", "water"),
        ("15 municipalities", 15, "municipality", "municipalities"),
        ("5,000 farms", 5000, "farm", "farms"),
        ("300 million euros", 300000000, "EUR", None),
        ("17 people", 17, "people", "people"),
        ("8.5 billion euros", 8500000000, "EUR", None),
    ]
    check(amounts_of(p["wire-story"]) == want, "wire-story: amounts %s" % amounts_of(p["wire-story"]))
    got = amounts_of(p["other-story"])
    for a in [("2.25 percent", 2.25, "percent", None), ("2 percent", 2, "percent", "target"),
              ("$1.14", 1.14, "USD", None), ("500 billion euros", 500000000000, "EUR", None),
              ("0.3 percentage points", 0.3, "percentage point", "growth")]:
        check(a in got, "other-story: %s not in %s" % (a, got))
    check(len(got) == 11, "other-story: %d amounts" % len(got))
    wk = {k["text"] for k in p["wire-story"]["keywords"]}
    for k in ("Italy", "rain", "Marco Bellini", "Bologna"):
        check(k in wk, "wire-story: keyword %r missing from %s" % (k, sorted(wk)))
    check(p["wire-story"]["tone"]["tone"] < -1, "wire-story: tone %s" % p["wire-story"]["tone"])

    # Near-duplicates: the rule, Hamming distance <= 3.
    fp = {n: r["fingerprint"] for n, r in p.items()}
    for a, b in (("wire-story", "wire-story-edited"), ("other-story", "other-story-edited")):
        check(dist(fp[a], fp[b]) <= 3, "%s vs %s: distance %d > 3" % (a, b, dist(fp[a], fp[b])))
    for a, b in (("wire-story", "same-topic-story"), ("wire-story-edited", "same-topic-story"),
                 ("wire-story", "other-story"), ("same-topic-story", "other-story")):
        check(dist(fp[a], fp[b]) > 3, "%s vs %s: distance %d <= 3" % (a, b, dist(fp[a], fp[b])))
    print("distances: " + ", ".join("%s~%s %d" % (a, b, dist(fp[a], fp[b])) for a, b in
                                    (("wire-story", "wire-story-edited"),
                                     ("other-story", "other-story-edited"),
                                     ("wire-story", "same-topic-story"),
                                     ("wire-story", "other-story"))))

    # --dupes groups the directory into the two pairs.
    rc, out, err = nxtest.run_extract(["--dupes", EXTRAS])
    check(rc == 0, "--dupes: exit %d: %s" % (rc, err))
    clusters = [json.loads(line) for line in out.decode("utf-8").splitlines() if line.strip()]
    got = sorted(sorted(os.path.basename(m["file"]) for m in c["members"]) for c in clusters)
    check(got == [["other-story-edited.txt", "other-story.txt"],
                  ["wire-story-edited.txt", "wire-story.txt"]], "--dupes clusters: %s" % got)
    for c in clusters:
        check(c["size"] == len(c["members"]) and all(m["distance"] <= 3 for m in c["members"]),
              "--dupes cluster %s" % c)
    check("5 articles, 2 near-duplicate clusters covering 4 articles" in err,
          "--dupes summary: %r" % err)

    if errors:
        for e in errors[:60]:
            print("FAIL: " + e)
        sys.exit(1)
    print("ok: extras on the seed article and %d articles" % len(p))


if __name__ == "__main__":
    main()
