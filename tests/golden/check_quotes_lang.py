#!/usr/bin/env python3
"""Golden test of the quote stage in de, fr, es, it, pt, nl (issue 20,
docs/quotes.md "Other languages").

Runs newsx-extract on each article tests/data/quotes-<lang>.txt and checks
every quotation of the record against the hand annotation in
tests/data/quotes-lang/expected.tsv, in order: the text inside its marks (its
start), kind, speaker text (or none), cue text (or none), a null speaker
entity, the article's language and the quote stage recorded "ok". A wrong
or missing speaker fails. Also the issue's German sentence ("sagte Merz")
and the offsets of every span.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nxtest  # noqa: E402

EXPECTED = os.path.join(nxtest.DATA_DIR, "quotes-lang", "expected.tsv")
ISSUE_DE = ("Berlin (dpa) - Bundeskanzler Friedrich Merz hat am Montag in Paris mit dem "
            "französischen Präsidenten Emmanuel Macron über die Lage in der Ukraine gesprochen. "
            "„Wir stehen fest an der Seite der Ukraine“, sagte Merz nach dem Treffen.\n")
MARKS = "„“”«»‹›‚‘’\"—– "

errors = []


def check(cond, msg):
    if not cond:
        errors.append(msg)


def load_expected():
    want = {}
    for line in open(EXPECTED, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        f = line.split("\t")
        if len(f) != 5:
            nxtest.fail("%s: want 5 fields: %r" % (EXPECTED, line))
        want.setdefault(f[0], []).append(
            tuple(None if x == "-" else x for x in f[1:]))
    return want


def extract(args, stdin=None):
    rc, out, err = nxtest.run_extract(args, stdin)
    if rc != 0:
        nxtest.fail("newsx-extract %s exited %d: %s" % (args, rc, err))
    return json.loads(out.decode("utf-8"))


def span_ok(name, text, span, what):
    if span is None:
        return
    check(text[span["start"]:span["end"]] == span["text"],
          "%s: %s offsets [%d, %d) do not hold %r" % (name, what, span["start"], span["end"],
                                                      span["text"]))


def check_article(name, record, expected):
    lang = name[len("quotes-"):-len(".txt")] if name.startswith("quotes-") else "de"
    check(record["lang"] == lang, "%s: lang %r, want %r" % (name, record["lang"], lang))
    check(record["extractor"]["stages"]["quotes"] == "ok",
          "%s: quote stage %r" % (name, record["extractor"]["stages"]["quotes"]))
    got = record["quotes"]
    check(len(got) == len(expected), "%s: %d quotations, want %d: %s" % (
        name, len(got), len(expected), [q["text"] for q in got]))
    text = record["text"]
    for q, (prefix, kind, speaker, cue) in zip(got, expected):
        inner = q["text"].lstrip(MARKS)
        label = "%s: %r" % (name, q["text"][:40])
        check(inner.startswith(prefix), "%s: text does not start with %r" % (label, prefix))
        check(q["kind"] == kind, "%s: kind %s, want %s" % (label, q["kind"], kind))
        sp = q["speaker"]["text"] if q["speaker"] else None
        check(sp == speaker, "%s: speaker %r, want %r" % (label, sp, speaker))
        cu = q["cue"]["text"] if q["cue"] else None
        check(cu == cue, "%s: cue %r, want %r" % (label, cu, cue))
        if q["speaker"]:
            check(q["speaker"]["entity"] is None, "%s: speaker entity %r without an entity "
                  "stage" % (label, q["speaker"]["entity"]))
        span_ok(label, text, q, "quotation")
        span_ok(label, text, q["speaker"], "speaker")
        span_ok(label, text, q["cue"], "cue")


def main():
    want = load_expected()
    for name in sorted(want):
        check_article(name, extract([os.path.join(nxtest.DATA_DIR, name)]), want[name])
    issue = extract(["-"], ISSUE_DE.encode("utf-8"))
    check_article("issue-de", issue, [("Wir stehen fest an der Seite der Ukraine", "direct",
                                       "Merz", "sagte")])
    check(len(issue["quotes"]) == 1 and
          issue["quotes"][0]["text"] == "„Wir stehen fest an der Seite der Ukraine“",
          "issue-de: quotations %s" % [q["text"] for q in issue["quotes"]])
    for e in errors:
        print("FAIL:", e)
    n = sum(len(v) for v in want.values()) + 1
    print("quotes_lang: %d quotations in %d articles, %d failures" % (n, len(want) + 1,
                                                                     len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
