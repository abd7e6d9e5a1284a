#!/usr/bin/env python3
"""Golden records: every input in tests/data/ beside its expected record.

tests/data/NAME.EXT is an input; tests/data/NAME.expected.json is either the
expected record or {"error": CODE} when newsx-extract must reject the input.
Inputs whose name ends in .jsonl are JSON-lines batches and expect a list.
Each difference is printed field by field; every record is also validated
against config/schema/record-v1.json.

  golden.py            check (exit 1 on any difference)
  golden.py --update   rewrite the expected files from the current output
                       (review the git diff before committing it)
"""
import glob
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nxtest  # noqa: E402


def inputs():
    for path in sorted(glob.glob(os.path.join(nxtest.DATA_DIR, "*"))):
        name = os.path.basename(path)
        if name.endswith(".expected.json") or name.startswith(".") or os.path.isdir(path):
            continue
        yield path


def expected_path(path):
    return re.sub(r"\.[A-Za-z0-9]+$", "", path) + ".expected.json"


def actual(path):
    rc, out, err = nxtest.run_extract([path])
    lines = [json.loads(l) for l in out.decode("utf-8").splitlines() if l.strip()]
    if path.endswith(".jsonl"):
        return rc, lines, err
    if rc != 0:
        m = re.search(r"error ([a-z_0-9]+):", err)
        return rc, {"error": m.group(1) if m else "exit %d" % rc}, err
    return rc, lines[0] if len(lines) == 1 else lines, err


def main():
    update = "--update" in sys.argv
    v = nxtest.validator()
    failed = set()
    count = 0
    for path in inputs():
        count += 1
        name = os.path.basename(path)
        rc, got, err = actual(path)
        records = got if isinstance(got, list) else [got]
        for r in records:
            if "error" in r and len(r) == 1:
                continue
            errs = nxtest.schema_errors(v, r)
            if errs:
                failed.add(name)
                print("FAIL %s: record does not match the schema:\n  %s" % (name, "\n  ".join(errs)))
        exp_path = expected_path(path)
        if update:
            with open(exp_path, "w", encoding="utf-8") as f:
                json.dump(got, f, ensure_ascii=False, indent=2)
                f.write("\n")
            print("updated %s" % os.path.basename(exp_path))
            continue
        if not os.path.exists(exp_path):
            failed.add(name)
            print("FAIL %s: no expected record %s" % (name, os.path.basename(exp_path)))
            continue
        with open(exp_path, encoding="utf-8") as f:
            expected = json.load(f)
        d = nxtest.diff(expected, got)
        if d:
            failed.add(name)
            print("FAIL %s:\n  %s" % (name, "\n  ".join(d)))
            if err.strip():
                print("  stderr: " + err.strip()[:500])
        else:
            print("ok   %s" % name)
    if count < 13:
        nxtest.fail("only %d golden inputs in tests/data (expected at least 13)" % count)
    print("golden: %d passed, %d failed" % (count - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
