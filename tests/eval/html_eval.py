#!/usr/bin/env python3
"""Development score of HTML main-text extraction (trafilatura's evaluation set).

Usage: python3 tests/eval/html_eval.py [--bin PATH] [--data DIR] [--jobs N]
                                       [--errors N] [--page NAME] [--show]

Every page of DIR/evaldata.json (default ../shared/data/html) whose file is
in DIR/pages/NAME.gz is decompressed in memory and piped through the real
core (newsx-extract --in html --no-sentences). The record's "text" is
whitespace-normalized (runs of white space become one space) and so is each
snippet:
  "with" snippet found      true positive     missing   false negative
  "without" snippet found   false positive    absent    true negative
Precision = TP / (TP + FP), recall = TP / (TP + FN), F1 their harmonic mean,
summed over all pages (micro average, as in trafilatura's evaluation).
Scores are printed overall and split into English pages and the rest (the
page language is the record's "lang" when the page declares one, else a
stop-word guess on the extracted text).

--errors N lists the N pages that lose most (missed "with" and kept
"without" snippets); --page NAME prints one page's extracted text (--show
prints the snippets too). Not a ctest test: the data are development data.
"""
import argparse
import concurrent.futures
import gzip
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.abspath(os.path.join(HERE, "..", ".."))
WS = re.compile(r"\s+")
EN_WORDS = {"the", "and", "of", "to", "is", "in", "that", "for", "with", "was", "on", "are"}


def default_bin():
    env = os.environ.get("NEWSX_EXTRACT_BIN")
    if env:
        return env
    return os.path.join(SOURCE, "build", "bin", "newsx-extract")


def norm(s):
    return WS.sub(" ", s).strip()


def extract(binary, path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    p = subprocess.run(
        [binary, "-q", "--in", "html", "--no-sentences"],
        input=raw,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=120,
    )
    if p.returncode != 0 or not p.stdout.strip():
        return {"text": "", "lang": None, "error": p.stderr.decode("utf-8", "replace").strip()}
    return json.loads(p.stdout.decode("utf-8").splitlines()[0])


def is_english(rec):
    lang = (rec.get("lang") or "").lower()
    if lang:
        return lang.startswith("en")
    words = re.findall(r"[a-z]+", rec.get("text", "").lower())
    if not words:
        return False
    return sum(1 for w in words if w in EN_WORDS) / len(words) > 0.08


def prf(c):
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=default_bin())
    ap.add_argument("--data", default=os.path.join(SOURCE, "..", "shared", "data", "html"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--page")
    ap.add_argument("--show", action="store_true")
    a = ap.parse_args()

    with open(os.path.join(a.data, "evaldata.json"), encoding="utf-8") as f:
        gold = json.load(f)
    pages = []
    for url, g in gold.items():
        path = os.path.join(a.data, "pages", g["file"] + ".gz")
        if not os.path.exists(path):
            continue
        if a.page and g["file"] != a.page and g["file"] != a.page + ".html":
            continue
        pages.append((url, g, path))

    if a.page:
        for url, g, path in pages:
            rec = extract(a.bin, path)
            print(url)
            print("title:", rec.get("title"), "| lang:", rec.get("lang"), "| published:", rec.get("published"))
            for k in ("authors", "site_name", "description", "image", "url"):
                if k in rec:
                    print(k + ":", rec[k])
            print(rec.get("text", ""))
            if a.show:
                t = norm(rec.get("text", ""))
                for s in g["with"]:
                    print("WITH   ", "ok  " if norm(s) in t else "MISS", s)
                for s in g["without"]:
                    print("WITHOUT", "KEPT" if norm(s) in t else "ok  ", s)
        return 0

    counts = {k: {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "pages": 0} for k in ("all", "en", "other")}
    losses = []
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        futs = {ex.submit(extract, a.bin, path): (url, g) for url, g, path in pages}
        for fut in concurrent.futures.as_completed(futs):
            url, g = futs[fut]
            rec = fut.result()
            if rec.get("error"):
                failed += 1
                print(f"failed: {g['file']}: {rec['error']}", file=sys.stderr)
            t = norm(rec.get("text", ""))
            c = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
            for s in g["with"]:
                c["tp" if norm(s) in t else "fn"] += 1
            for s in g["without"]:
                c["fp" if norm(s) in t else "tn"] += 1
            for k in ("all", "en" if is_english(rec) else "other"):
                for m in c:
                    counts[k][m] += c[m]
                counts[k]["pages"] += 1
            losses.append((c["fn"] + c["fp"], g["file"], c))

    print(f"pages: {len(pages)} (failed: {failed})")
    for k, label in (("all", "all"), ("en", "English"), ("other", "other languages")):
        c = counts[k]
        p, r, f = prf(c)
        print(
            f"{label:16s} pages {c['pages']:4d}  tp {c['tp']:5d} fp {c['fp']:4d} fn {c['fn']:4d} "
            f"tn {c['tn']:5d}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}"
        )
    if a.errors:
        losses.sort(reverse=True)
        for loss, name, c in losses[: a.errors]:
            print(f"{loss:3d}  {name}  fn {c['fn']} fp {c['fp']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
