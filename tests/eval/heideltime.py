#!/usr/bin/env python3
"""newsx's dates next to HeidelTime 2.2.1 on the same files, same scorer.

Usage: python3 tests/eval/heideltime.py [--bin PATH] [--data DIR] [--cache DIR]
           [--timebank FILE | --no-timebank] [--errors N] [--kind K] [FILE.jsonl ...]

A reference tool, not a ctest test. HeidelTime (GPL) is never part of this
repository: the script fetches com.github.heideltime:heideltime:2.2.1 and
the UIMA core it needs (org.apache.uima:uimaj-core:2.8.1, a "provided"
dependency of its POM) from Maven Central with `mvn dependency:copy` into
the cache (default ~/.cache/newsx/heideltime, or $NEWSX_HEIDELTIME_DIR),
writes a config.props there (no part-of-speech tagger), and runs its
standalone tagger (HeidelTimeStandalone: -pos no, -t news, -l LANGUAGE,
-dct the document's own date) over every document, all in one JVM
(tests/eval/HeidelTimeBatch.java, which calls HeidelTimeStandalone's
process(text, dct) as its main() does). Its TimeML output becomes spans
and values, scored with the alignment and measures of
tests/eval/timex_multi.py (de, es, pt files of ../shared/data/timex-multi/)
and of tests/eval/timex.py (English TimeBank + AQUAINT,
../shared/data/timebank/tbaq.jsonl), one table per file with newsx's row
from the same run next to it.

--errors N prints up to N of HeidelTime's errors per file (kind K: missed,
spurious, value; all by default). Exit 77 (skipped) when the data, java or
Maven (or the network for the first fetch) is missing.
"""
import argparse
import collections
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import timex  # noqa: E402
import timex_multi  # noqa: E402

ARTIFACTS = ["com.github.heideltime:heideltime:2.2.1", "org.apache.uima:uimaj-core:2.8.1"]
LANGUAGES = {"de": "german", "es": "spanish", "pt": "portuguese", "en": "english",
             "fr": "french", "it": "italian", "nl": "dutch"}
# Keys HeidelTimeStandalone's Config reads; the uimaVar* values name the
# parameters of its own annotator descriptor (desc/annotator/HeidelTime.xml in
# its jar). No TreeTagger: the tagger runs with -pos no.
CONFIG = """considerDate = true
considerDuration = true
considerSet = true
considerTime = true
considerTemponym = false
treeTaggerHome = /nonexistent
chineseTokenizerPath = /nonexistent
typeSystemHome = desc/type/HeidelTime_TypeSystem.xml
uimaVarDate = Date
uimaVarDuration = Duration
uimaVarLanguage = Language
uimaVarSet = Set
uimaVarTime = Time
uimaVarTemponym = Temponym
uimaVarTypeToProcess = Type
"""


def skip(msg):
    print("%s: skipped" % msg)
    sys.exit(77)


def jar_name(artifact):
    _, name, version = artifact.split(":")
    return "%s-%s.jar" % (name, version)


def fetch(cache):
    """The jars in the cache (fetched once with Maven) and a fresh config."""
    os.makedirs(cache, exist_ok=True)
    jars = []
    for a in ARTIFACTS:
        jar = os.path.join(cache, jar_name(a))
        if not os.path.exists(jar):
            if not shutil.which("mvn"):
                skip("mvn not found (needed once to fetch %s)" % a)
            for goal in (["dependency:get", "-Dartifact=" + a],
                         ["dependency:copy", "-Dartifact=" + a, "-DoutputDirectory=" + cache]):
                p = subprocess.run(["mvn", "-q", "-B"] + goal, capture_output=True)
                if p.returncode != 0:
                    sys.stderr.write(p.stdout.decode("utf-8", "replace")[-2000:])
                    skip("could not fetch %s from Maven Central" % a)
        jars.append(jar)
    config = os.path.join(cache, "config.props")
    with open(config, "w", encoding="utf-8") as f:
        f.write(CONFIG)
    return jars, config


TAG = re.compile(r"<(/?)TIMEX3\b([^>]*)>")
ATTR = re.compile(r'(\w+)="([^"]*)"')


def parse_timeml(out):
    """(plain text, [(start, end, type, value)]) of HeidelTime's TimeML."""
    body = out.split("<TimeML>\n", 1)[1]
    body = body[:body.rindex("</TimeML>")]
    text, spans, stack, pos = [], [], [], 0
    n = 0
    for m in TAG.finditer(body):
        text.append(body[pos:m.start()])
        n += m.start() - pos
        pos = m.end()
        if not m.group(1):
            stack.append((n, dict(ATTR.findall(m.group(2)))))
        elif stack:
            start, a = stack.pop()
            spans.append((start, n, a.get("type", ""), html.unescape(a.get("value", ""))))
    text.append(body[pos:])
    return "".join(text), sorted(spans)


def run_heideltime(jars, config, jobs, work):
    """jobs: [(language code, docs)]; returns the timex lists per job."""
    manifest = []
    for j, (lang, docs) in enumerate(jobs):
        for i, d in enumerate(docs):
            src = os.path.join(work, "%d_%d.txt" % (j, i))
            with open(src, "w", encoding="utf-8", newline="") as f:
                f.write(d["text"])
            manifest.append("\t".join([LANGUAGES[lang], d["dct"], src, src + ".tml"]))
    with open(os.path.join(work, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(manifest) + "\n")
    p = subprocess.run(["java", "-cp", os.pathsep.join(jars),
                        os.path.join(HERE, "HeidelTimeBatch.java"), config,
                        os.path.join(work, "manifest.tsv")], capture_output=True)
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode("utf-8", "replace")[-4000:])
        sys.exit("HeidelTime failed")
    result = []
    for j, (lang, docs) in enumerate(jobs):
        systems = []
        for i, d in enumerate(docs):
            with open(os.path.join(work, "%d_%d.txt.tml" % (j, i)), encoding="utf-8",
                      newline="") as f:
                plain, spans = parse_timeml(f.read())
            text = d["text"]
            m = None if plain.rstrip("\n") == text.rstrip("\n") else timex.offset_map(text, plain)
            if m is not None:
                m = m + [len(text)] * (len(plain) + 1 - len(m))
            sys_t = []
            for s, e, typ, value in spans:
                if m is not None:
                    s, e = m[s], m[e]
                s, e = min(s, len(text)), min(e, len(text))
                if e > s:
                    sys_t.append((s, e, typ, value))
            systems.append(sys_t)
        result.append(systems)
    return result


def row(name, c):
    rp, rr, rf = timex.prf(c["relaxed"], c["sys"], c["gold"])
    vp, vr, vf = timex.prf(c["value"], c["sys"], c["gold"])
    print("  %-11s %5d %5d %6d  %.3f %.3f %.3f      %.3f %.3f %.3f" %
          (name, c["gold"], c["sys"], c["strict"], rp, rr, rf, vp, vr, vf))


def show(errors, n, kind):
    shown = 0
    for k, line in errors:
        if shown < n and kind in ("all", k):
            print("    %-8s %s" % (k, line))
            shown += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*")
    ap.add_argument("--data", default=os.path.join(timex_multi.SHARED, "data", "timex-multi"))
    ap.add_argument("--timebank", default=os.path.join(timex_multi.SHARED, "data", "timebank",
                                                       "tbaq.jsonl"))
    ap.add_argument("--no-timebank", action="store_true")
    ap.add_argument("--bin", default=timex.default_bin())
    ap.add_argument("--cache", default=os.environ.get("NEWSX_HEIDELTIME_DIR") or
                    os.path.join(os.path.expanduser("~"), ".cache", "newsx", "heideltime"))
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--kind", default="all")
    args = ap.parse_args()
    files = args.files or [os.path.join(args.data, f) for f in timex_multi.FILES]
    if not all(os.path.exists(f) for f in files):
        skip("timex-multi data not found under %s" % args.data)
    if not shutil.which("java"):
        skip("java not found")
    tb = None if args.no_timebank or not os.path.exists(args.timebank) else args.timebank
    jars, config = fetch(args.cache)

    jobs = []
    for path in files:
        docs = timex_multi.load(path)
        jobs.append((docs[0]["lang"], docs))
    if tb:
        jobs.append(("en", timex_multi.load(tb)))
    with tempfile.TemporaryDirectory(prefix="newsx-heideltime-") as work:
        heidel = run_heideltime(jars, config, jobs, work)

    print("%-13s %5s %5s %6s  %-22s %-22s" % ("file / system", "gold", "sys", "strict",
                                              "relaxed span P/R/F1", "value P/R/F1"))
    names = [os.path.relpath(p, args.data) if p.startswith(args.data) else p for p in files]
    for j, (lang, docs) in enumerate(jobs):
        english = tb is not None and j == len(jobs) - 1
        print(os.path.basename(tb) + " (timex.py)" if english else names[j])
        c, errors = collections.Counter(), []
        if english:
            cn = collections.Counter()
            row("newsx", timex.align(docs, timex.newsx_timexes(docs, args.bin, cn), [], cn))
            timex.align(docs, [[t + (None,) for t in s] for s in heidel[j]], errors, c)
        else:
            row("newsx", timex_multi.score(files[j], args.bin, []))
            timex_multi.align(docs, heidel[j], errors, c)
        row("HeidelTime", c)
        show(errors, args.errors, args.kind)


if __name__ == "__main__":
    main()
