#!/usr/bin/env python3
"""Sentence-boundary F1 of the segmenter on sentence-delimited text, per language.

Usage: python3 tests/eval/sentences_multi.py [--bin PATH] [--lang de,fr,...]
                                             [--errors N] [--raw]
                                             [--floor LANG:F1 ...] [DIR]

DIR (default ../shared/data/ner-multi) holds <code>/dev.jsonl, one document a
line whose "text" is one sentence a line (its README). Each document's
sentences are joined with single spaces and go through the real core as a
JSON envelope {"id", "lang", "text"} (newsx-extract --in jsonl), so the
langid stage decides the language as it would in production (the declared
code stands unless the detector clearly disagrees). A boundary is the
position after a sentence's last character, counted in non-space characters
(so that the cleaner's whitespace changes do not matter); the last boundary
of a document (its end) is not counted. Precision, recall and F1 of the
predicted boundaries against the gold ones, per language and, where a file
mixes sources, per source (Europeana's historic OCR newspapers have
machine-made sentence lines; CoNLL-2002, GermEval and UNER are edited
text). The texts are
tokenized (space before the period: "Dr . Bernd"); the sentences are
detokenized first (no space before . , ; : ? ! ) ] or after ( [), which
changes no non-space character and so no boundary; --raw keeps the corpus
tokenization. Exit status 77 when DIR does not exist (ctest SKIP).
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.abspath(os.path.join(HERE, "..", ".."))
LANGS = ["de", "fr", "es", "it", "pt", "nl"]


def detok(s):
    """Undo the corpus tokenization where it is safe: no space before . , ; :
    ? ! ) ] and after ( [ ("Dr . Bernd" -> "Dr. Bernd"). Quotation marks stay
    as they are (which side they close is not known)."""
    s = re.sub(r" ([.,;:?!)\]])", r"\1", s)
    return re.sub(r"([(\[]) ", r"\1", s)


def nonspace_ends(text, spans):
    """Non-space character counts at each span's end."""
    counts = [0] * (len(text) + 1)
    c = 0
    for i, ch in enumerate(text):
        counts[i] = c
        if not ch.isspace():
            c += 1
    counts[len(text)] = c
    return [counts[e] for _, e in spans]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", nargs="?",
                    default=os.path.join(os.environ.get("NEWSX_SHARED_DIR")
                                         or os.path.join(SOURCE, "..", "shared"),
                                         "data", "ner-multi"))
    ap.add_argument("--bin", default=os.environ.get("NEWSX_EXTRACT_BIN") or
                    os.path.join(SOURCE, "build", "bin", "newsx-extract"))
    ap.add_argument("--lang", default=",".join(LANGS))
    ap.add_argument("--file", default="dev.jsonl")
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--floor", action="append", default=[], metavar="LANG:F1",
                    help="exit status 1 when LANG's F1 (all sources) is below F1")
    ap.add_argument("--raw", action="store_true",
                    help="keep the corpus tokenization (\"Dr . Bernd\")")
    args = ap.parse_args()
    if not os.path.isdir(args.dir):
        print("sentences_multi: %s not found, skipped" % args.dir)
        return 77
    floors = {f.split(":")[0]: float(f.split(":")[1]) for f in args.floor}
    below = []
    print("| lang | source | docs | gold boundaries | precision | recall | F1 | record lang |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for code in args.lang.split(","):
        path = os.path.join(args.dir, code, args.file)
        if not os.path.exists(path):
            continue
        docs = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
        env = ""
        gold = {}
        for d in docs:
            sents = [s for s in d["text"].split("\n") if s.strip()]
            if not args.raw:
                sents = [detok(s) for s in sents]
            text = " ".join(s.strip() for s in sents)
            spans, p = [], 0
            for s in sents:
                spans.append((p, p + len(s.strip())))
                p += len(s.strip()) + 1
            gold[d["id"]] = (text, set(nonspace_ends(text, spans)[:-1]))
            env += json.dumps({"id": d["id"], "lang": code, "text": text},
                              ensure_ascii=False) + "\n"
        p = subprocess.run([args.bin, "--in", "jsonl", "-q"], input=env.encode("utf-8"),
                           capture_output=True, check=True)
        src = {d["id"]: d.get("source", "?") for d in docs}
        counts = {}  # source -> [tp, fp, fn, docs, langs]
        langs = {}
        shown = 0
        for line in p.stdout.decode("utf-8").splitlines():
            r = json.loads(line)
            text, g = gold[r["id"]]
            langs[r["lang"]] = langs.get(r["lang"], 0) + 1
            t = r["text"]
            ends = nonspace_ends(t, r["sentences"])
            pred = set(ends[:-1])
            for key in ("all", src[r["id"]]):
                c = counts.setdefault(key, [0, 0, 0, 0, {}])
                c[0] += len(pred & g)
                c[1] += len(pred - g)
                c[2] += len(g - pred)
                c[3] += 1
                c[4][r["lang"]] = c[4].get(r["lang"], 0) + 1
            if shown < args.errors:
                cum = nonspace_ends(t, [(0, i) for i in range(len(t) + 1)])
                for b in sorted(pred ^ g):
                    if shown >= args.errors:
                        break
                    i = cum.index(b)
                    print("  %s %s: ...%s | %s..." % (code, "FP" if b in pred else "FN",
                                                     t[max(0, i - 40):i], t[i:i + 30]))
                    shown += 1
        keys = ["all"] + sorted(k for k in counts if k != "all") if len(counts) > 2 else ["all"]
        for key in keys:
            tp, fp, fn, nd, ls = counts[key]
            pr = tp / (tp + fp) if tp + fp else 0
            rc = tp / (tp + fn) if tp + fn else 0
            f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0
            name = key if key != "all" else ("all" if len(keys) > 1 else src[docs[0]["id"]])
            if key == "all" and code in floors and f1 < floors[code]:
                below.append("%s F1 %.4f < floor %.4f" % (code, f1, floors[code]))
            print("| %s | %s | %d | %d | %.4f | %.4f | %.4f | %s |" % (
                code, name, nd, tp + fn, pr, rc, f1,
                " ".join("%s %d" % (k or "null", v) for k, v in sorted(ls.items(),
                                                                   key=lambda x: -x[1]))))
    for b in below:
        print("sentences_multi: " + b)
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
