#!/usr/bin/env python3
"""CLD2 (83-language and full 160-language tables) and libexttextcat on the
language-identification development set, measured the same way as
tests/eval/langid.py (docs/langid.md records the numbers and the choice).

Usage: python3 tests/eval/langid_libs.py [FILE.jsonl]

Needs g++, libcld2-dev and libexttextcat-dev (with libexttextcat-data);
compiles tests/eval/langid_libs.cc twice into a temporary directory: linked
with libcld2 alone (its built-in 83-language tables) and with libcld2_full
first (the full tables). Not a ctest test.
"""
import collections
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.abspath(os.path.join(HERE, "..", ".."))
PACK = ["en", "de", "fr", "es", "it", "pt", "nl"]
# CLD2's own codes for a few languages; its pseudo-languages are no answer.
CLD2_CODES = {"iw": "he", "no": "nb", "zh-Hant": "zh", "ku": "ckb", "jw": "jv", "mo": "ro",
              "sr-ME": "sr", "fil": "tl"}
# libexttextcat's category names (fpdb.conf) that are not plain ISO codes.
TEXTCAT_CODES = {"zh-CN": "zh", "zh-TW": "zh", "plt": "mg", "az-cyrillic": "az",
                 "uz-Cyrl": "uz", "ha-NG": "ha", "sh": "sr"}


def cld2_code(c):
    if c == "un" or c.startswith("xx") or c.startswith("zz") or c == "tlh":
        return None
    return CLD2_CODES.get(c, c)


def textcat_code(r):
    if not r.startswith("["):
        return None  # UNKNOWN or SHORT
    c = r[1:r.index("]")].replace("-utf8", "").rstrip("-")
    return TEXTCAT_CODES.get(c, c)


def score(name, docs, answers):
    n = collections.Counter()
    ok = collections.Counter()
    for d in docs:
        k = (d["lang"], bool(d["short"]))
        n[k] += 1
        ok[k] += answers.get(d["id"]) == d["lang"]
    langs = {l for l, _ in n}
    big = [l for l in langs if n[(l, False)] + n[(l, True)] >= 80]

    def acc(ls, short):
        a = sum(ok[(l, short)] for l in ls)
        b = sum(n[(l, short)] for l in ls)
        return a / b if b else 0.0
    print("%-28s long (>= 80 texts) %.4f  long (all) %.4f  short (pack) %.4f  short (all) %.4f"
          % (name, acc(big, False), acc(langs, False), acc(PACK, True), acc(langs, True)))


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.environ.get("NEWSX_SHARED_DIR") or os.path.join(SOURCE, "..", "shared"),
        "data", "langid", "dev.jsonl")
    if not os.path.exists(path):
        print("langid_libs: %s not found" % path)
        return 77
    docs = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    tsv = "".join("%s\t%s\n" % (d["id"], d["text"].replace("\t", " ")) for d in docs)
    src = os.path.join(HERE, "langid_libs.cc")
    with tempfile.TemporaryDirectory() as tmp:
        for name, libs in (("CLD2, 83-language tables", ["-lcld2"]),
                           ("CLD2, full tables", ["-Wl,--no-as-needed", "-lcld2_full", "-lcld2"])):
            exe = os.path.join(tmp, "langid_libs")
            subprocess.run(["g++", "-O2", "-o", exe, src] + libs + ["-lexttextcat-2.0"],
                           check=True)
            p = subprocess.run([exe], input=tsv.encode("utf-8"), capture_output=True, check=True)
            rows = [l.split("\t") for l in p.stdout.decode("utf-8").splitlines()]
            score(name, docs, {r[0]: cld2_code(r[1]) for r in rows})
            print("  time:", p.stderr.decode().strip())
        score("libexttextcat 3.4", docs, {r[0]: textcat_code(r[4]) for r in rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
