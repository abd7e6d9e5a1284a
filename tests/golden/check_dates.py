#!/usr/bin/env python3
"""Golden test of the dates stage on a noisy article.

  check_dates.py         the project's article tests/data/fjord-tunnel.txt (2024-01-17)
  check_dates.py seed    the seed article ../shared/samples/seed-article.txt
                         (2023-02-01); exits 77 (skipped) when it is missing

Runs newsx-extract on the article and checks that the record's "dates" hold
the expected TIMEX3 values, resolved against the header date (each with the
expected number of occurrences), that every entry's offsets give its text,
and that entries are sorted and do not overlap.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nxtest  # noqa: E402

# (span text, type, value, occurrences)
OWN = [
    ("this spring", "DATE", "2024-SP", 1),
    ("Monday", "DATE", "2024-01-15", 1),
    ("twenty minutes", "DURATION", "PT20M", 1),
    ("the spring", "DATE", "2024-SP", 1),
    ("the end of 2024", "DATE", "2024", 1),
    ("last February", "DATE", "2023-02", 1),
    ("January 9", "DATE", "2024-01-09", 1),
    ("ten years", "DURATION", "P10Y", 1),
    ("every year", "SET", "P1Y", 1),
    ("now", "DATE", "PRESENT_REF", 1),
    ("November", "DATE", "2023-11", 1),
    ("December", "DATE", "2023-12", 1),
]
SEED = [
    ("this spring", "DATE", "2023-SP", 1),
    ("Monday", "DATE", "2023-01-30", 2),
    ("the spring", "DATE", "2023-SP", 1),
    ("the spring of 2023", "DATE", "2023-SP", 1),
    ("2023", "DATE", "2023", 1),
    ("last February", "DATE", "2022-02", 1),
    ("December", "DATE", "2022-12", 2),
    ("January 24", "DATE", "2023-01-24", 1),
    ("recent years", "DATE", "PAST_REF", 1),
]

TYPES = {"DATE", "TIME", "DURATION", "SET"}

# name: (path, header date, expectations)
ARTICLES = {
    "own": (nxtest.ARTICLE, "2024-01-17", OWN),
    "seed": (nxtest.SEED, "2023-02-01", SEED),
}


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else "own"
    path, published, expected = ARTICLES[name]
    if name == "seed":
        nxtest.require_shared(path)
    code, out, err = nxtest.run_extract([path])
    if code != 0:
        nxtest.fail("newsx-extract exited %d: %s" % (code, err))
    lines = [l for l in out.decode("utf-8").splitlines() if l.strip()]
    if len(lines) != 1:
        nxtest.fail("expected one record, got %d" % len(lines))
    rec = json.loads(lines[0])
    if rec.get("published") != published:
        nxtest.fail("published: expected %s, got %r" % (published, rec.get("published")))
    text = rec["text"]
    dates = rec["dates"]
    problems = []
    prev_end = -1
    for d in dates:
        if text[d["start"]:d["end"]] != d["text"]:
            problems.append("offsets %d..%d give %r, entry says %r" %
                            (d["start"], d["end"], text[d["start"]:d["end"]], d["text"]))
        if d["start"] < prev_end:
            problems.append("entry %r overlaps or is out of order" % d["text"])
        prev_end = d["end"]
        if d["type"] not in TYPES:
            problems.append("entry %r has type %r" % (d["text"], d["type"]))
        if not d["value"]:
            problems.append("entry %r has an empty value" % d["text"])
    for span, typ, value, count in expected:
        got = [d for d in dates if d["text"] == span]
        good = [d for d in got if d["type"] == typ and d["value"] == value]
        if len(good) != count:
            problems.append("%r: expected %d x %s %s, got %s" %
                            (span, count, typ, value,
                             [(d["type"], d["value"]) for d in got] or "nothing"))
    if problems:
        print("dates of %s:" % os.path.basename(path))
        for d in dates:
            print("  %r %s %s" % (d["text"], d["type"], d["value"]))
        nxtest.fail("; ".join(problems))
    print("ok: %s: %d dates, %d expectations" % (os.path.basename(path), len(dates), len(expected)))


if __name__ == "__main__":
    main()
