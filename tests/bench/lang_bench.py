#!/usr/bin/env python3
"""Words/s of the core per language on the time-expression development texts.

Usage: python3 tests/bench/lang_bench.py [--bin PATH ...] [--rounds N] [--runs R]
           [--out DIR] [--file NAME=FILE.jsonl ...] [--no-lang]

Writes every document of ../shared/data/timex-multi/{de,es,pt} and of the
English ../shared/data/timebank/tbaq.jsonl as a JSON envelope {"id", "text",
"published": dct} (no "lang": the langid stage identifies it, as for an
article without one) to OUT (default tests/bench/out/lang/, git-ignored),
then runs `BIN -q --bench N FILE` R times per file and binary, alternating
binaries and files, one thread. --file NAME=FILE adds a ready envelope file
(e.g. bench=/tmp/corpus/corpus.jsonl, the bench-corpus output); --no-lang
leaves the four files out.

Per file and binary it prints the whole core's words/s (wall clock, best and
median of the runs), words per CPU second (the process's user + system time
less its start-up, median) and the dates stage alone (the file's words over the
time summed in the dates stage), with the stage's share. Not a ctest test;
exits 77 when ../shared is absent.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.abspath(os.path.join(HERE, "..", ".."))
SHARED = (os.environ.get("NEWSX_SHARED_DIR") or os.environ.get("NEWSX_SHARED_DEFAULT") or
          os.path.join(SOURCE, "..", "shared"))
FILES = [("de", "timex-multi/de/krauts_dev.jsonl"), ("es", "timex-multi/es/tempeval3_train.jsonl"),
         ("pt", "timex-multi/pt/timebankpt_train.jsonl"), ("en", "timebank/tbaq.jsonl")]


def envelopes(out):
    made = []
    os.makedirs(out, exist_ok=True)
    for name, rel in FILES:
        src = os.path.join(SHARED, "data", rel)
        if not os.path.exists(src):
            print("%s not found: skipped" % src)
            sys.exit(77)
        dst = os.path.join(out, name + ".jsonl")
        with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as g:
            for line in f:
                if line.strip():
                    d = json.loads(line)
                    g.write(json.dumps({"id": d["id"], "text": d["text"], "published": d["dct"]},
                                       ensure_ascii=False) + "\n")
        made.append((name, dst))
    return made


def child_cpu():
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def bench(binary, path, rounds):
    t0 = child_cpu()
    p = subprocess.run([binary, "-q", "--bench", str(rounds), path], capture_output=True,
                       text=True)
    if p.returncode != 0:
        sys.exit("%s failed on %s:\n%s" % (binary, path, p.stderr))
    r = {"stages": {}, "cpu": child_cpu() - t0}
    for line in p.stdout.splitlines():
        f = line.split()
        if line.startswith("inputs:"):
            r["words"] = int(f[f.index("words,") - 1]) * rounds
        elif line.startswith("time:"):
            r["time"] = float(f[1])
        elif line.startswith("words/s:"):
            r["wps"] = float(f[1])
        elif line.startswith("stage "):
            r["stages"][f[1]] = float(f[2])
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", action="append", default=[])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(HERE, "out", "lang"))
    ap.add_argument("--file", action="append", default=[])
    ap.add_argument("--no-lang", action="store_true", help="only the --file files")
    args = ap.parse_args()
    bins = args.bin or [os.path.join(SOURCE, "build", "bin", "newsx-extract")]
    files = ([] if args.no_lang else envelopes(args.out)) + [tuple(f.split("=", 1)) for f in args.file]
    # The process's CPU time holds start-up (models loaded) and a counting
    # pass besides the timed rounds: start-up is measured on one article.
    os.makedirs(args.out, exist_ok=True)
    one = os.path.join(args.out, "one.jsonl")
    with open(files[0][1], encoding="utf-8") as f, open(one, "w", encoding="utf-8") as g:
        g.write(f.readline())
    startup = {b: statistics.median(bench(b, one, 1)["cpu"] for _ in range(3)) for b in bins}
    got = {}
    for _ in range(args.runs):
        for name, path in files:
            for b in bins:
                got.setdefault((name, b), []).append(bench(b, path, args.rounds))
    print("%-6s %-34s %7s %12s %10s %10s %12s %7s" %
          ("file", "binary", "words", "words/s best", "median", "per CPU s", "dates alone",
           "dates %"))
    for name, path in files:
        for b in bins:
            rs = got[(name, b)]
            wps = [r["wps"] for r in rs]
            dates = [r["words"] / r["stages"]["dates"] for r in rs if r["stages"].get("dates")]
            share = [100 * r["stages"].get("dates", 0) / sum(r["stages"].values()) for r in rs]
            # rounds + 1 passes (the counting pass) in the CPU time
            cpu = [r["words"] * (args.rounds + 1) / args.rounds / max(r["cpu"] - startup[b], 1e-9)
                   for r in rs]
            print("%-6s %-34s %7d %12.0f %10.0f %10.0f %12.0f %6.1f%%" %
                  (name, os.path.relpath(b, SOURCE)[-34:], rs[0]["words"] // args.rounds,
                   max(wps), statistics.median(wps), statistics.median(cpu),
                   max(dates) if dates else 0, statistics.median(share)))
            print("       runs: " + " / ".join("%.0f" % w for w in wps))


if __name__ == "__main__":
    main()
