#!/usr/bin/env python3
"""Golden test of the dates stage in languages other than English.

Each tests/data/dates-lang/<code>.jsonl line is a news-style text written
for this test with its publication date ("published", null for none) and
the TIMEX3 expressions a reader expects, as [text, type, value], written by
hand. The texts go through newsx-extract as JSON envelopes; the test fails
unless every text's record has its language, exactly the expected dates
(as a multiset: nothing missing, nothing extra), and offsets that give each
entry's text.
"""
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nxtest  # noqa: E402

FIELDS = ("id", "lang", "published", "text")


def main():
    files = sorted(glob.glob(os.path.join(nxtest.DATA_DIR, "dates-lang", "*.jsonl")))
    if not files:
        nxtest.fail("no fixtures under tests/data/dates-lang")
    docs = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            docs += [json.loads(l) for l in f if l.strip()]
    stdin = "".join(json.dumps({k: d[k] for k in FIELDS}, ensure_ascii=False) + "\n"
                    for d in docs).encode("utf-8")
    code, out, err = nxtest.run_extract(["--in", "jsonl", "-q"], stdin=stdin)
    if code != 0:
        nxtest.fail("newsx-extract exited %d: %s" % (code, err))
    recs = [json.loads(l) for l in out.decode("utf-8").splitlines() if l.strip()]
    if len(recs) != len(docs):
        nxtest.fail("expected %d records, got %d" % (len(docs), len(recs)))
    problems = []
    n_dates = 0
    for d, r in zip(docs, recs):
        if r.get("lang") != d["lang"]:
            problems.append("%s: lang %r, expected %r" % (d["id"], r.get("lang"), d["lang"]))
        got = []
        for t in r["dates"]:
            if r["text"][t["start"]:t["end"]] != t["text"]:
                problems.append("%s: offsets %d..%d do not give %r" %
                                (d["id"], t["start"], t["end"], t["text"]))
            got.append([t["text"], t["type"], t["value"]])
        expected = d["dates"]
        n_dates += len(expected)
        missing = [e for e in expected if e not in got]
        extra = [g for g in got if g not in expected]
        if missing or extra or len(got) != len(expected):
            problems.append("%s: missing %s, unexpected %s" % (d["id"], missing, extra))
    if problems:
        nxtest.fail("; ".join(problems))
    print("ok: %d texts in %d languages, %d dates" % (len(docs), len(files), n_dates))


if __name__ == "__main__":
    main()
