#!/usr/bin/env python3
"""Command-line checks of newsx-extract, one per ctest test.

  cli_checks.py article         the project's noisy article: date, text start, repairs
  cli_checks.py seed            the same on the seed article (../shared)
  cli_checks.py clean_identity  the project's clean texts pass through unchanged
  cli_checks.py conll_identity  every CoNLL dev text (../shared) passes through unchanged

A check on the development data (../shared) exits 77, which ctest reports as
skipped, when the data is missing.
  cli_checks.py determinism     two runs over tests/data give identical bytes
  cli_checks.py too_large       a 5 MiB input exits 1 with input_too_large; the
                                record cap, the work budget (too_complex) and
                                the 4096-byte cap of a title
  cli_checks.py schema          records of every kind of input match the schema
  cli_checks.py jsonl_batch     JSON lines in, one record per line out
  cli_checks.py exit_codes      0 all ok, 1 some failed, 2 bad usage
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nxtest  # noqa: E402

CONLL_DEV = os.path.join(nxtest.SHARED_DIR, "data", "conll2003", "dev.jsonl")


def records(out):
    return [json.loads(l) for l in out.decode("utf-8").splitlines() if l.strip()]


def check_noisy(path, published, starts, doubled, junk):
    """A noisy article with a 'date' header line: its date, where the text
    starts, the doubled words removed (one repair each, in this order) and the
    stray character glued to the header removed; repair offsets and sentence
    spans point where they say."""
    rc, out, err = nxtest.run_extract([path])
    if rc != 0:
        nxtest.fail("exit %d: %s" % (rc, err))
    (r,) = records(out)
    if r["published"] != published or r["published_source"] != "header":
        nxtest.fail("published %r from %r" % (r["published"], r["published_source"]))
    if not r["text"].startswith(starts):
        nxtest.fail("text starts %r" % r["text"][:40])
    rep = [x for x in r["repairs"] if x["kind"] == "repeated_token"]
    if [x["removed"] for x in rep] != [" " + w for w in doubled]:
        nxtest.fail("repeated_token repairs: %r, expected %r" % (rep, doubled))
    raw = open(path, "rb").read()
    for x in r["repairs"]:
        got = raw[x["input_start"]:x["input_end"]].decode("utf-8", "replace")
        if got != x["removed"]:
            nxtest.fail("repair input offsets point at %r, removed says %r" % (got, x["removed"]))
    for w in doubled:
        if "%s %s" % (w, w) in r["text"]:
            nxtest.fail("doubled token %r left in text" % w)
        if r["text"].count(w) < 1:
            nxtest.fail("both copies of %r removed" % w)
    junk_rep = [x for x in r["repairs"] if x["kind"] == "header_junk"]
    if len(junk_rep) != 1 or junk_rep[0]["removed"] != junk:
        nxtest.fail("header junk repair: %r" % junk_rep)
    if len(r["repairs"]) != len(doubled) + 1:
        nxtest.fail("%d repairs, expected %d: %r" % (len(r["repairs"]), len(doubled) + 1,
                                                     r["repairs"]))
    text = r["text"]
    for s, e in r["sentences"]:
        if not (0 <= s < e <= len(text)) or text[s:e] != text[s:e].strip():
            nxtest.fail("bad sentence span [%d,%d]" % (s, e))


def check_article():
    check_noisy(nxtest.ARTICLE, "2024-01-17", "The Norwegian government will open",
                ["report.", "interview."], "W")
    print("article: 1 passed, 0 failed")


def check_seed():
    nxtest.require_shared(nxtest.SEED)
    check_noisy(nxtest.SEED, "2023-02-01", "The Russian government is planning",
                ["statement.", "statement."], "J")
    print("seed: 1 passed, 0 failed")


def passthrough(path, name):
    """Every text of the JSON-lines file PATH comes back unchanged, without repairs."""
    docs = [json.loads(l) for l in open(path, encoding="utf-8")]
    with tempfile.TemporaryDirectory() as d:
        for i, doc in enumerate(docs):
            with open(os.path.join(d, "%04d.txt" % i), "w", encoding="utf-8") as f:
                f.write(doc["text"])
        rc, out, err = nxtest.run_extract(["--in", "text", "--no-sentences", "-q", d])
    recs = records(out)
    if rc != 0 or len(recs) != len(docs) or not docs:
        nxtest.fail("exit %d, %d records for %d docs: %s" % (rc, len(recs), len(docs), err[:500]))
    bad = 0
    for doc, r in zip(docs, recs):
        if r["text"] != doc["text"] or r["repairs"]:
            bad += 1
            if bad <= 5:
                print("differs: %s: %s" % (doc["id"], nxtest.diff(doc["text"], r["text"])[:1]))
    print("%s: %d passed, %d failed" % (name, len(docs) - bad, bad))
    if bad:
        sys.exit(1)


def check_clean_identity():
    passthrough(nxtest.CLEAN_TEXTS, "clean_identity")


def check_conll_identity():
    nxtest.require_shared(CONLL_DEV)
    passthrough(CONLL_DEV, "conll_identity")


def check_determinism():
    a = nxtest.run_extract(["-q", nxtest.DATA_DIR])
    b = nxtest.run_extract(["-q", nxtest.DATA_DIR])
    if not a[1] or a[1] != b[1]:
        nxtest.fail("two runs differ (or produced nothing)")
    print("determinism: 1 passed, 0 failed (%d bytes)" % len(a[1]))


def check_too_large():
    big = ("All work and no play makes a long article. " * 130000).encode()[:5 * 1024 * 1024]
    rc, out, err = nxtest.run_extract([], stdin=big)
    if rc != 1 or out.strip() or "input_too_large" not in err:
        nxtest.fail("5 MiB input: exit %d, stdout %r, stderr %r" % (rc, out[:80], err))
    rc, out, err = nxtest.run_extract(["--max-input", "100"], stdin=b"x" * 101)
    if rc != 1 or "input_too_large" not in err:
        nxtest.fail("--max-input 100: exit %d, %r" % (rc, err))
    rc, out, err = nxtest.run_extract(["--max-record", "200"], stdin=b"word " * 100)
    if rc != 1 or out.strip() or "record_too_large" not in err:
        nxtest.fail("--max-record 200: exit %d, %r" % (rc, err))
    # the work budget: 1 step a byte is far below what any article needs
    text = ("The minister said on Monday that the plan would cost 3 million dollars. " * 17000).encode()
    rc, out, err = nxtest.run_extract(["--max-steps-per-byte", "1"], stdin=text)
    if rc != 1 or out.strip() or "too_complex" not in err:
        nxtest.fail("--max-steps-per-byte 1: exit %d, %r" % (rc, err))
    rc, out, err = nxtest.run_extract(["--max-steps-per-byte", "64"], stdin=text)
    if rc != 0 or not out.strip():
        nxtest.fail("--max-steps-per-byte 64: exit %d, %r" % (rc, err))
    # a title past 4096 bytes is cut there, with a repair that names the field
    env = json.dumps({"title": "\u00e9" * 3000, "text": "A short body of text."}).encode()
    rc, out, err = nxtest.run_extract(["--in", "json"], stdin=env)
    if rc != 0:
        nxtest.fail("long title: exit %d, %r" % (rc, err))
    (r,) = records(out)
    reps = [x for x in r["repairs"] if x["kind"] == "title_truncated"]
    if len(r["title"].encode()) != 4096 or len(reps) != 1 or reps[0]["input_start"] != 4096 \
            or reps[0]["input_end"] != 6000 or r["title"] + reps[0]["removed"] != "\u00e9" * 3000:
        nxtest.fail("long title: %d bytes, repairs %r" % (len(r["title"].encode()), r["repairs"][:1]))
    errs = nxtest.schema_errors(nxtest.validator(), r)
    if errs:
        nxtest.fail("long title: schema: %s" % errs[:3])
    print("too_large: 7 passed, 0 failed")


def check_schema():
    v = nxtest.validator()
    rc, out, err = nxtest.run_extract(["-q", nxtest.DATA_DIR])
    recs = records(out)
    if not recs:
        nxtest.fail("no records")
    bad = 0
    for r in recs:
        errs = nxtest.schema_errors(v, r)
        if errs:
            bad += 1
            print("schema: %s: %s" % (r.get("id"), errs[:3]))
        text = r["text"]
        for x in r["repairs"]:
            if not 0 <= x["start"] <= len(text):
                bad += 1
    print("schema: %d passed, %d failed" % (len(recs) - bad, bad))
    if bad:
        sys.exit(1)


def check_jsonl_batch():
    lines = [json.dumps({"id": "a%d" % i, "text": "Line %d of the batch." % i}) for i in range(5)]
    lines.insert(2, "{not json}")
    rc, out, err = nxtest.run_extract(["--in", "jsonl"], stdin="\n".join(lines).encode())
    recs = records(out)
    if rc != 1 or [r["id"] for r in recs] != ["a0", "a1", "a2", "a3", "a4"]:
        nxtest.fail("exit %d, ids %r" % (rc, [r["id"] for r in recs]))
    if "-:3: error bad_envelope" not in err:
        nxtest.fail("the bad line is not named with its line number: %r" % err)
    print("jsonl_batch: 1 passed, 0 failed")


def check_exit_codes():
    rc, _, _ = nxtest.run_extract([], stdin=b"A short article.")
    if rc != 0:
        nxtest.fail("good input: exit %d" % rc)
    rc, _, err = nxtest.run_extract(["--bogus"])
    if rc != 2:
        nxtest.fail("bad option: exit %d" % rc)
    rc, _, err = nxtest.run_extract(["/nonexistent/file.txt"])
    if rc != 1 or "/nonexistent/file.txt" not in err:
        nxtest.fail("missing file: exit %d %r" % (rc, err))
    rc, out, _ = nxtest.run_extract(["--help"])
    if rc != 0 or b"--bench" not in out:
        nxtest.fail("--help")
    print("exit_codes: 4 passed, 0 failed")


if __name__ == "__main__":
    globals()["check_" + sys.argv[1]]()
