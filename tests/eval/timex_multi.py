#!/usr/bin/env python3
"""Score of the dates stage on German, Spanish and Portuguese (timex-multi).

Usage: python3 tests/eval/timex_multi.py [--bin PATH] [--data DIR]
           [--errors N] [--kind K] [--floor LANG:SPAN:VALUE ...] [FILE.jsonl ...]

Every document of each FILE (default: the de, es and pt files of
../shared/data/timex-multi/) goes through the real core as a JSON envelope
{"id", "text", "published": dct, "lang"} (newsx-extract --in jsonl) by
tests/eval/timex.py's newsx_timexes, and is scored with its measures:
relaxed span P/R/F1 (system timexes overlapping a gold one, one to one) and
value P/R/F1 (relaxed matches with the gold value), per file.

--floor de:0.70:0.60 fails (exit 1) when the file of that language scores a
relaxed span F1 or value F1 below the floor: the ctest test timex_multi.
Exit 77 (skipped) when the data folder is absent.
"""
import argparse
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from timex import SOURCE, default_bin, newsx_timexes, prf  # noqa: E402

SHARED = (os.environ.get("NEWSX_SHARED_DIR") or os.environ.get("NEWSX_SHARED_DEFAULT") or
          os.path.join(SOURCE, "..", "shared"))
FILES = ["de/krauts_dev.jsonl", "es/tempeval3_train.jsonl", "pt/timebankpt_train.jsonl"]


def load(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]


def align(docs, systems, errors, c=None):
    """Counts gold, sys, relaxed, strict and value matches of one system's
    timexes (a list of (start, end, type, value) per document) against the
    gold; appends (kind, line) to errors. The measures of every table."""
    c = c if c is not None else collections.Counter()
    words = 0
    for d, sys_t in zip(docs, systems):
        text = d["text"]
        words += len(text.split())
        gold = [(g["start"], g["end"], g["type"], g["value"]) for g in d["timex"]]
        c["gold"] += len(gold)
        c["sys"] += len(sys_t)
        used = set()
        for g in gold:
            best, best_ov = None, 0
            for k, s in enumerate(sys_t):
                ov = min(g[1], s[1]) - max(g[0], s[0])
                if k not in used and ov > best_ov:
                    best, best_ov = k, ov
            ctx = (text[max(0, g[0] - 50):g[0]] + "[[" + text[g[0]:g[1]] + "]]" +
                   text[g[1]:g[1] + 30]).replace("\n", " ")
            if best is None:
                errors.append(("missed", "%s %s %s | %s" % (d["dct"], g[2], g[3], ctx)))
                continue
            used.add(best)
            s = sys_t[best]
            c["relaxed"] += 1
            c["strict"] += (s[0], s[1]) == (g[0], g[1])
            if s[3] == g[3]:
                c["value"] += 1
            else:
                errors.append(("value", "%s sys=%s %r gold=%s | %s" %
                               (d["dct"], s[3], text[s[0]:s[1]], g[3], ctx)))
        for k, s in enumerate(sys_t):
            if k not in used:
                ctx = (text[max(0, s[0] - 50):s[0]] + "[[" + text[s[0]:s[1]] + "]]" +
                       text[s[1]:s[1] + 30]).replace("\n", " ")
                errors.append(("spurious", "%s %s %s | %s" % (d["dct"], s[2], s[3], ctx)))
    c["docs"] = len(docs)
    c["words"] = words
    return c


def score(path, binary, errors):
    docs = load(path)
    c = collections.Counter()
    return align(docs, newsx_timexes(docs, binary, c, lang=True, check_stage=True), errors, c)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*")
    ap.add_argument("--data", default=os.path.join(SHARED, "data", "timex-multi"))
    ap.add_argument("--bin", default=default_bin())
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--kind", default="all")
    ap.add_argument("--floor", action="append", default=[])
    args = ap.parse_args()
    files = args.files or [os.path.join(args.data, f) for f in FILES]
    if not all(os.path.exists(f) for f in files):
        print("timex-multi data not found under %s: skipped" % args.data)
        sys.exit(77)
    floors = {}
    for f in args.floor:
        lang, span, value = f.split(":")
        floors[lang] = (float(span), float(value))
    failed = False
    print("%-28s %5s %5s %5s  %-22s %-22s" % ("file", "gold", "sys", "strict",
                                              "relaxed span P/R/F1", "value P/R/F1"))
    for path in files:
        errors = []
        c = score(path, args.bin, errors)
        rp, rr, rf = prf(c["relaxed"], c["sys"], c["gold"])
        vp, vr, vf = prf(c["value"], c["sys"], c["gold"])
        name = os.path.relpath(path, args.data) if path.startswith(args.data) else path
        print("%-28s %5d %5d %5d  %.3f %.3f %.3f      %.3f %.3f %.3f" %
              (name, c["gold"], c["sys"], c["strict"], rp, rr, rf, vp, vr, vf))
        if c["dates_not_ok"]:
            print("  dates stage not ok on %d documents" % c["dates_not_ok"])
            failed = True
        lang = name.split("/")[0]
        if lang in floors and (rf < floors[lang][0] or vf < floors[lang][1]):
            print("  below the floor: span F1 %.3f < %.2f or value F1 %.3f < %.2f" %
                  (rf, floors[lang][0], vf, floors[lang][1]))
            failed = True
        shown = 0
        for k, line in errors:
            if shown < args.errors and args.kind in ("all", k):
                print("  %-8s %s" % (k, line))
                shown += 1
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
