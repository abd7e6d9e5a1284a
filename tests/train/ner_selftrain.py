#!/usr/bin/env python3
"""ner_selftrain.py - makes an extra training file for ner-train --extra.

Self-training by agreement: takes candidate documents from the unlabelled
English news (../shared/data/unlabelled-en/<file>.jsonl.gz), tags them with
two or more entity models through `eval-ner --tag` (the core's own
segmentation and entity stage), and keeps the documents on which every model
predicts exactly the same entities (span and type), with at least
--min-entities of them. The kept documents are written in the training
file's JSON-lines format ("id", "source", "text", "entities" in code points)
to --out, which must lie outside the repository (the text never goes into
the project; only a model trained with it may).

Candidates: documents of --min-words to --max-words words whose lines are
mostly prose (at most --max-digits of the tokens are numbers: Reuters-21578
has tables of figures), visited in the order of the MD5 of their ids (a
fixed pseudo-random order, so the same arguments give the same file), at
most --candidates from each file; the files' documents are then interleaved
in the same order, so that ner-train --extra-max N takes a mix of them.

Usage: ner_selftrain.py --model A.bin --model B.bin [--model C.bin]
           [--files reuters21578,bbc,...] [--candidates N] [--min-entities N]
           [--min-words N] [--max-words N] [--max-digits X]
           [--eval-ner build/bin/eval-ner] --out /tmp/extra.jsonl

Then: ner-train ... --extra /tmp/extra.jsonl [--extra-max N]. Results in
docs/quality.md ("Self-training from unlabelled news").
"""
import argparse
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")


def candidates(path, n, min_words, max_words, max_digits):
    docs = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            words = d["text"].split()
            if not min_words <= len(words) <= max_words:
                continue
            digits = sum(1 for w in words if any(c.isdigit() for c in w))
            if digits > max_digits * len(words):
                continue
            docs.append(d)
    docs.sort(key=lambda d: hashlib.md5(d["id"].encode()).hexdigest())
    return docs[:n]


def tag(eval_ner, model, inp, tmp, k):
    cfg = os.path.join(tmp, "config%d" % k)
    shutil.copytree(os.path.join(ROOT, "config"), cfg)
    shutil.copyfile(model, os.path.join(cfg, "models", "ner.bin"))
    out = os.path.join(tmp, "tagged%d.jsonl" % k)
    subprocess.run([eval_ner, "--config", cfg, "--tag", out, inp], check=True,
                   stdout=subprocess.DEVNULL)
    with open(out, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", action="append", required=True)
    ap.add_argument("--files", default="reuters21578,bbc,abc,agnews-test,wmt-news")
    ap.add_argument("--candidates", type=int, default=2000)
    ap.add_argument("--min-entities", type=int, default=1)
    ap.add_argument("--min-words", type=int, default=40)
    ap.add_argument("--max-words", type=int, default=800)
    ap.add_argument("--max-digits", type=float, default=0.15)
    ap.add_argument("--eval-ner", default=os.path.join(ROOT, "build", "bin", "eval-ner"))
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if len(a.model) < 2:
        sys.exit("ner_selftrain: give at least two --model files")
    if os.path.abspath(a.out).startswith(ROOT + os.sep):
        sys.exit("ner_selftrain: --out must lie outside the repository")
    src = os.path.join(SHARED, "data", "unlabelled-en")
    docs = []
    for name in a.files.split(","):
        c = candidates(os.path.join(src, name + ".jsonl.gz"), a.candidates, a.min_words,
                       a.max_words, a.max_digits)
        print("%s: %d candidates" % (name, len(c)), file=sys.stderr)
        docs += c
    docs.sort(key=lambda d: hashlib.md5(d["id"].encode()).hexdigest())  # files interleaved
    with tempfile.TemporaryDirectory() as tmp:
        inp = os.path.join(tmp, "in.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps({"id": d["id"], "source": d.get("source", ""),
                                    "text": d["text"], "entities": []}) + "\n")
        tagged = [tag(a.eval_ner, m, inp, tmp, k) for k, m in enumerate(a.model)]
    kept, per = 0, {}
    with open(a.out, "w", encoding="utf-8") as f:
        for ds in zip(*tagged):
            sets = [sorted((e["start"], e["end"], e["type"]) for e in d["entities"]) for d in ds]
            if len(sets[0]) < a.min_entities or any(s != sets[0] for s in sets[1:]):
                continue
            f.write(json.dumps(ds[0], ensure_ascii=False) + "\n")
            kept += 1
            per[ds[0]["source"]] = per.get(ds[0]["source"], 0) + 1
    print("kept %d of %d documents: %s" % (kept, len(docs), per), file=sys.stderr)


if __name__ == "__main__":
    main()
