#!/usr/bin/env python3
"""Turn the hand-annotated cross-domain paragraphs into eval-ner's JSON lines.

Usage: tests/eval/xdomain_jsonl.py [SRC] [OUT]
  (defaults: tests/data/entities/xdomain.txt -> tests/data/entities/xdomain.jsonl)

SRC has one paragraph a line, '#' lines are comments, and each entity is
written [TYPE words] with TYPE one of PER ORG LOC MISC. OUT has one JSON
object a line: id, text (the paragraph without the marks) and entities
(start and end in code points, type), the format of the CoNLL-2003 files.
"""
import json
import os
import re
import sys

MARK = re.compile(r"\[(PER|ORG|LOC|MISC) ([^\[\]]+)\]")


def convert(line):
    text, ents, pos = [], [], 0
    n = 0  # code points written so far
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        text.append(before)
        n += len(before)
        words = m.group(2)
        ents.append({"start": n, "end": n + len(words), "type": m.group(1), "text": words})
        text.append(words)
        n += len(words)
        pos = m.end()
    text.append(line[pos:])
    out = "".join(text)
    if "[" in out or "]" in out:
        raise ValueError("unbalanced mark in: " + line)
    return out, ents


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "tests/data/entities/xdomain.txt")
    dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "tests/data/entities/xdomain.jsonl")
    rows = []
    with open(src, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            text, ents = convert(line)
            rows.append({"id": "xdomain-%03d" % (len(rows) + 1), "text": text, "entities": ents})
    with open(dst, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("%s: %d paragraphs, %d entities" % (dst, len(rows), sum(len(r["entities"]) for r in rows)))


if __name__ == "__main__":
    main()
