#!/usr/bin/env python3
"""Development score of the langid stage on the language-identification set.

Usage: python3 tests/eval/langid.py [--bin PATH] [--table] [--errors N]
                                    [--min-long A] [--min-short-pack B] [FILE.jsonl]

Every text of FILE (default ../shared/data/langid/dev.jsonl, see its README)
goes through the real core as a JSON envelope {"id", "text"} with no declared
language (newsx-extract --in jsonl), so the record's "lang" is what the
langid stage detects. A text counts as right when "lang" equals the gold
code; null (undetermined) counts as wrong.

Measures:
  long, languages with >= 80 texts   accuracy on texts of >= 300 characters
                                     ("short": false) of the languages with at
                                     least 80 texts (long and short) in FILE
  long, all languages                the same over every language
  short, pack languages              accuracy on short texts (titles, single
                                     sentences) in en de fr es it pt nl
  short, all languages
  undetermined                       texts given lang null, long and short

--table prints the per-language table (Markdown, as in docs/quality.md).
--errors N prints up to N wrong answers with their texts.
--min-long / --min-short-pack make the exit status 1 when the first or the
third measure is below the value (the ctest test uses them as floors).
Exit status 77 when FILE does not exist (ctest SKIP).
"""
import argparse
import collections
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.abspath(os.path.join(HERE, "..", ".."))
PACK = ["en", "de", "fr", "es", "it", "pt", "nl"]
BIG = 80


def default_bin():
    env = os.environ.get("NEWSX_EXTRACT_BIN")
    if env:
        return env
    return os.path.join(SOURCE, "build", "bin", "newsx-extract")


def detect(binpath, docs):
    env_lines = "".join(json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False) + "\n"
                        for d in docs)
    p = subprocess.run([binpath, "--in", "jsonl", "-q", "--no-sentences"],
                       input=env_lines.encode("utf-8"), capture_output=True)
    got = {}
    for line in p.stdout.decode("utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            got[r["id"]] = r["lang"]
    return got


def acc(ok, n):
    return ok / n if n else 0.0


def report(docs, got, table=False, n_errors=0):
    """Print the measures of the answers got (id -> code or None) on docs;
    returns (right, total) for long texts of the big languages and for short
    pack-language texts."""
    n = collections.Counter()
    ok = collections.Counter()
    und = collections.Counter()
    wrong = collections.defaultdict(collections.Counter)
    errors = []
    for d in docs:
        k = (d["lang"], bool(d["short"]))
        g = got.get(d["id"])
        n[k] += 1
        if g == d["lang"]:
            ok[k] += 1
        else:
            wrong[d["lang"]][g or "null"] += 1
            errors.append((d, g))
            if g is None:
                und[k[1]] += 1
    langs = sorted({l for l, _ in n})
    big = [l for l in langs if n[(l, False)] + n[(l, True)] >= BIG]

    def total(ls, short):
        return (sum(ok[(l, short)] for l in ls), sum(n[(l, short)] for l in ls))

    long_big = total(big, False)
    long_all = total(langs, False)
    short_pack = total(PACK, True)
    short_all = total(langs, True)
    print("  %d texts, %d languages (%d with >= %d texts)" % (len(docs), len(langs), len(big), BIG))
    for name, (a, b) in (("long, languages with >= %d texts" % BIG, long_big),
                         ("long, all languages", long_all),
                         ("short, pack languages (%s)" % " ".join(PACK), short_pack),
                         ("short, all languages", short_all)):
        print("  %-40s %5d / %5d  %.4f" % (name, a, b, acc(a, b)))
    print("  %-40s %5d long, %d short" % ("undetermined (lang null)", und[False], und[True]))
    print("  short, per pack language: " + ", ".join(
        "%s %d/%d" % (l, ok[(l, True)], n[(l, True)]) for l in PACK))

    if table:
        print()
        print("| lang | long | long right | short | short right | most often given instead |")
        print("|---|---:|---:|---:|---:|---|")
        for l in langs:
            top = ", ".join("%s %d" % (g, c) for g, c in wrong[l].most_common(2))
            print("| %s%s | %d | %.3f | %d | %.3f | %s |"
                  % (l, "" if l in big else "*", n[(l, False)], acc(ok[(l, False)], n[(l, False)]),
                     n[(l, True)], acc(ok[(l, True)], n[(l, True)]), top))
    for d, g in errors[:n_errors]:
        print("%s gold %s got %s: %s" % (d["id"], d["lang"], g, d["text"][:100]))
    return long_big, short_pack


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", nargs="?",
                    default=os.path.join(os.environ.get("NEWSX_SHARED_DIR")
                                         or os.path.join(SOURCE, "..", "shared"),
                                         "data", "langid", "dev.jsonl"))
    ap.add_argument("--bin", default=default_bin())
    ap.add_argument("--table", action="store_true")
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--min-long", type=float, default=None)
    ap.add_argument("--min-short-pack", type=float, default=None)
    args = ap.parse_args()
    if not os.path.exists(args.file):
        print("langid: %s not found, skipped" % args.file)
        return 77
    docs = [json.loads(l) for l in open(args.file, encoding="utf-8") if l.strip()]
    got = detect(args.bin, docs)
    print("langid on %s:" % os.path.basename(args.file))
    long_big, short_pack = report(docs, got, args.table, args.errors)

    rc = 0
    if args.min_long is not None and acc(*long_big) < args.min_long:
        print("FAIL: long accuracy %.4f below %.4f" % (acc(*long_big), args.min_long))
        rc = 1
    if args.min_short_pack is not None and acc(*short_pack) < args.min_short_pack:
        print("FAIL: short pack accuracy %.4f below %.4f" % (acc(*short_pack), args.min_short_pack))
        rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
