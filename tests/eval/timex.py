#!/usr/bin/env python3
"""Development score of the dates stage on TimeBank + AQUAINT (TempEval-3).

Usage: python3 tests/eval/timex.py [--bin PATH] [--errors N] [--kind K] [FILE.jsonl]

Every document of FILE (default ../shared/data/timebank/tbaq.jsonl) goes
through the real core as a JSON envelope {"id", "text", "published": dct}
(newsx-extract --in jsonl), so offsets are checked end to end. Gold offsets
are code point offsets into "text"; if the record's clean text differs from
the input text, record offsets are mapped back by aligning the two texts.

Measures (TempEval-3):
  strict span   P/R/F1 of system timexes with exactly a gold timex's span
  relaxed span  P/R/F1 of system timexes overlapping a gold timex (one to one)
  type accuracy share of relaxed matches with the gold type
  value         P/R/F1 of relaxed matches whose value equals the gold value
  type F1, value accuracy as in the TempEval-3 report are printed too.

--errors N prints up to N errors of kind K (missed, spurious, value, type,
span; all by default) with some context. Not a ctest test.
"""
import argparse
import collections
import difflib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.abspath(os.path.join(HERE, "..", ".."))


def default_bin():
    env = os.environ.get("NEWSX_EXTRACT_BIN")
    if env:
        return env
    return os.path.join(SOURCE, "build", "bin", "newsx-extract")


def offset_map(src, dst):
    """Map each code point offset of dst (0..len) to an offset in src."""
    if src == dst:
        return None
    m = [0] * (len(dst) + 1)
    sm = difflib.SequenceMatcher(None, src, dst, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        for k in range(j2 - j1 + 1):
            m[j1 + k] = i1 + min(k, i2 - i1)
    return m


def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def prf(match, nsys, ngold):
    p = match / nsys if nsys else 0.0
    r = match / ngold if ngold else 0.0
    return p, r, f1(p, r)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?",
                    default=os.path.join(SOURCE, "..", "shared", "data", "timebank", "tbaq.jsonl"))
    ap.add_argument("--bin", default=default_bin())
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--kind", default="all")
    args = ap.parse_args()

    docs = [json.loads(l) for l in open(args.file, encoding="utf-8") if l.strip()]
    c = collections.Counter()
    errors = []
    align(docs, newsx_timexes(docs, args.bin, c), errors, c)
    report(c, len(docs), errors, args.errors, args.kind)


def newsx_timexes(docs, binary, c, lang=False, check_stage=False):
    """The dates of newsx's records, one list of (start, end, type, value,
    mod) a document, in code point offsets of the document's "text".
    c counts the documents whose text was remapped (remapped_docs). With
    lang, each envelope carries the document's "lang"; with check_stage, c
    also counts the records whose dates stage is not "ok" (dates_not_ok).
    Used by timex_multi.py and heideltime.py too."""
    def envelope(d):
        e = {"id": d["id"], "text": d["text"], "published": d["dct"]}
        if lang:
            e["lang"] = d["lang"]
        return e
    env_lines = "".join(json.dumps(envelope(d), ensure_ascii=False) + "\n" for d in docs)
    p = subprocess.run([binary, "--in", "jsonl", "-q"], input=env_lines.encode("utf-8"),
                       capture_output=True)
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode("utf-8", "replace"))
        sys.exit("newsx-extract failed")
    recs = [json.loads(l) for l in p.stdout.decode("utf-8").splitlines() if l.strip()]
    if len(recs) != len(docs):
        sys.exit("expected %d records, got %d" % (len(docs), len(recs)))
    systems = []
    for d, r in zip(docs, recs):
        if check_stage and r.get("extractor", {}).get("stages", {}).get("dates") != "ok":
            c["dates_not_ok"] += 1
        m = offset_map(d["text"], r["text"])
        if m is not None:
            c["remapped_docs"] += 1
        sys_t = []
        for t in r["dates"]:
            s, e = t["start"], t["end"]
            if m is not None:
                s, e = m[s], m[e]
            sys_t.append((s, e, t["type"], t["value"], t.get("mod")))
        systems.append(sys_t)
    return systems


def align(docs, systems, errors, c):
    """Adds one system's matches against the gold to c (gold, sys, strict,
    relaxed, type, value); systems holds a list of (start, end, type, value,
    mod) per document; appends (kind, line) to errors."""
    for d, sys_t in zip(docs, systems):
        text = d["text"]
        gold = [(g["start"], g["end"], g["type"], g["value"], g.get("mod")) for g in d["timex"]]
        c["gold"] += len(gold)
        c["sys"] += len(sys_t)
        used = set()
        for g in gold:
            best, best_ov = None, 0
            for k, s in enumerate(sys_t):
                if k in used:
                    continue
                ov = min(g[1], s[1]) - max(g[0], s[0])
                if ov > best_ov:
                    best, best_ov = k, ov
            ctx = text[max(0, g[0] - 50):g[0]] + "[[" + text[g[0]:g[1]] + "]]" + text[g[1]:g[1] + 30]
            ctx = ctx.replace("\n", " ")
            if best is None:
                errors.append(("missed", "%s %s %s | %s" % (d["dct"], g[2], g[3], ctx)))
                continue
            used.add(best)
            s = sys_t[best]
            c["relaxed"] += 1
            if (s[0], s[1]) == (g[0], g[1]):
                c["strict"] += 1
            else:
                errors.append(("span", "%s sys=%r gold=%r | %s" % (d["dct"], text[s[0]:s[1]],
                                                                    text[g[0]:g[1]], ctx)))
            if s[2] == g[2]:
                c["type"] += 1
            else:
                errors.append(("type", "%s sys=%s gold=%s | %s" % (d["dct"], s[2], g[2], ctx)))
            if s[3] == g[3]:
                c["value"] += 1
            else:
                errors.append(("value", "%s sys=%s gold=%s | %s" % (d["dct"], s[3], g[3], ctx)))
        for k, s in enumerate(sys_t):
            if k not in used:
                ctx = text[max(0, s[0] - 50):s[0]] + "[[" + text[s[0]:s[1]] + "]]" + text[s[1]:s[1] + 30]
                errors.append(("spurious", "%s %s %s | %s" % (d["dct"], s[2], s[3],
                                                               ctx.replace("\n", " "))))
    return c


def report(c, ndocs, errors, nerrors, kind):
    print("documents %d, gold timexes %d, system timexes %d (texts remapped: %d)" %
          (ndocs, c["gold"], c["sys"], c["remapped_docs"]))
    sp, sr, sf = prf(c["strict"], c["sys"], c["gold"])
    rp, rr, rf = prf(c["relaxed"], c["sys"], c["gold"])
    vp, vr, vf = prf(c["value"], c["sys"], c["gold"])
    tp, tr, tf = prf(c["type"], c["sys"], c["gold"])
    print("strict span   P %.4f  R %.4f  F1 %.4f" % (sp, sr, sf))
    print("relaxed span  P %.4f  R %.4f  F1 %.4f" % (rp, rr, rf))
    print("type accuracy %.4f (%d / %d relaxed matches); type F1 %.4f" %
          (c["type"] / c["relaxed"] if c["relaxed"] else 0, c["type"], c["relaxed"], tf))
    print("value         P %.4f  R %.4f  F1 %.4f; value accuracy %.4f" %
          (vp, vr, vf, c["value"] / c["relaxed"] if c["relaxed"] else 0))
    kinds = collections.Counter(k for k, _ in errors)
    print("errors: " + ", ".join("%s %d" % kv for kv in sorted(kinds.items())))
    if nerrors:
        shown = 0
        for k, line in errors:
            if kind in ("all", k):
                print("%-8s %s" % (k, line))
                shown += 1
                if shown >= nerrors:
                    break


if __name__ == "__main__":
    main()
