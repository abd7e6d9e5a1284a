"""Shared helpers for the golden and command-line tests of newsx-extract."""
import json
import os
import subprocess
import sys

SOURCE_DIR = os.environ.get("NEWSX_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
# The development data beside the project (../shared; a bare clone has none).
# NEWSX_SHARED_DIR overrides it (CI sets an empty folder); ctest passes the
# build's default as NEWSX_SHARED_DEFAULT.
SHARED_DIR = (os.environ.get("NEWSX_SHARED_DIR") or os.environ.get("NEWSX_SHARED_DEFAULT") or
              os.path.join(SOURCE_DIR, "..", "shared"))
SEED = os.path.join(SHARED_DIR, "samples", "seed-article.txt")
# Exit status of a test whose development data is missing: ctest's
# SKIP_RETURN_CODE (tests/golden/CMakeLists.txt) reports it as skipped.
SKIP_CODE = 77
EXTRACT = os.environ.get("NEWSX_EXTRACT_BIN") or os.path.join(SOURCE_DIR, "build", "bin",
                                                              "newsx-extract")
DATA_DIR = os.path.join(SOURCE_DIR, "tests", "data")
# The project's own noisy article (every noise class of the seed) and clean texts.
ARTICLE = os.path.join(DATA_DIR, "fjord-tunnel.txt")
CLEAN_TEXTS = os.path.join(DATA_DIR, "passthrough", "clean.jsonl")
SCHEMA = os.path.join(SOURCE_DIR, "config", "schema", "record-v1.json")


def run_extract(args, stdin=None):
    """Run newsx-extract; return (exit code, stdout bytes, stderr text)."""
    p = subprocess.run([EXTRACT] + list(args), input=stdin, capture_output=True, timeout=300)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def validator():
    import jsonschema
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def schema_errors(v, record):
    return ["%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(root)", e.message)
            for e in v.iter_errors(record)]


def diff(expected, got, path="", out=None, limit=40):
    """Field-by-field differences as readable lines."""
    if out is None:
        out = []
    if len(out) >= limit:
        return out
    if isinstance(expected, dict) and isinstance(got, dict):
        for k in expected:
            if k not in got:
                out.append("%s/%s: missing (expected %s)" % (path, k, short(expected[k])))
            else:
                diff(expected[k], got[k], "%s/%s" % (path, k), out, limit)
        for k in got:
            if k not in expected:
                out.append("%s/%s: unexpected (got %s)" % (path, k, short(got[k])))
        if list(expected) != list(got) and set(expected) == set(got):
            out.append("%s: key order differs: expected %s, got %s" % (path or "/", list(expected),
                                                                      list(got)))
    elif isinstance(expected, list) and isinstance(got, list):
        if len(expected) != len(got):
            out.append("%s: %d items expected, got %d" % (path, len(expected), len(got)))
        for i, (a, b) in enumerate(zip(expected, got)):
            diff(a, b, "%s[%d]" % (path, i), out, limit)
    elif expected != got or type(expected) is not type(got):
        if isinstance(expected, str) and isinstance(got, str):
            i = next((k for k, (a, b) in enumerate(zip(expected, got)) if a != b),
                     min(len(expected), len(got)))
            out.append("%s: strings differ at code point %d: expected ...%r..., got ...%r..." %
                       (path, i, expected[max(0, i - 20):i + 40], got[max(0, i - 20):i + 40]))
        else:
            out.append("%s: expected %s, got %s" % (path, short(expected), short(got)))
    return out


def short(v):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) < 120 else s[:117] + "..."


def require_shared(*paths):
    """Exit with SKIP_CODE, naming the first missing one, unless every path exists."""
    for p in paths:
        if not os.path.exists(p):
            print("SKIP: needs ../shared/%s (development data; looked for %s)" %
                  (os.path.relpath(p, SHARED_DIR), p))
            sys.exit(SKIP_CODE)


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)
