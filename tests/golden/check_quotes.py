#!/usr/bin/env python3
"""Golden test of the quote stage on the seed article (issue 7).

Checks every quotation the issue lists: its text, kind, speaker mention,
cue and the speaker's entity (looked up by name in the record's entities),
the nested 'rules-based order' (scare or partial, never a speaker of its
own), that every offset points at its text, and the cited sources
(Reuters and Bloomberg twice with "reported", RIA News once).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nxtest  # noqa: E402

SEED = os.path.join(nxtest.SHARED_DIR, "samples", "seed-article.txt")

# (start of the text inside the marks, kind, speaker text, cue text, entity name)
EXPECTED = [
    ("Through joint efforts in the coming year", "direct", "the ministry", "said",
     "Russian Foreign Ministry"),
    ("As is known, Russian President VV Putin has invited", "direct", "the ministry", "said",
     "Russian Foreign Ministry"),
    ("China and Russia maintain close cooperation", "direct", "Mao Ning", "said", "Mao Ning"),
    ("It will demonstrate to the whole world", "direct", "Putin", "said", "Putin"),
    ("multipolar system of international relations", "partial", "The ministry statement",
     "stressed", "Russian Foreign Ministry"),
    ("Together with others who share the same ideas", "direct", "the statement", "read",
     "Russian Foreign Ministry"),
    ("Beijing claims to be neutral", "direct", "the spokesperson", "said",
     "US State Department"),
    ("paranoia", "partial", "Mao", "calling", "Mao Ning"),
]


def entity_name(record, ref):
    for e in record["entities"]:
        if e["id"] == ref:
            return e.get("name")
    return None


def main():
    rc, out, err = nxtest.run_extract([SEED])
    if rc != 0:
        nxtest.fail("newsx-extract exited %d: %s" % (rc, err))
    r = json.loads(out.decode("utf-8"))
    text = r["text"]
    problems = []

    def span_ok(obj, what):
        if text[obj["start"]:obj["end"]] != obj["text"]:
            problems.append("%s: offsets [%d, %d) do not hold %r" %
                            (what, obj["start"], obj["end"], obj["text"]))

    quotes = r["quotes"]
    starts = [q["start"] for q in quotes]
    if starts != sorted(starts):
        problems.append("quotes are not sorted by start")
    for q in quotes:
        span_ok(q, "quote %r" % q["text"][:30])
        if q["speaker"]:
            span_ok(q["speaker"], "speaker of %r" % q["text"][:30])
        if q["cue"]:
            span_ok(q["cue"], "cue of %r" % q["text"][:30])

    def find(prefix):
        for q in quotes:
            if q["text"][1:].startswith(prefix):
                return q
        return None

    for prefix, kind, speaker, cue, ent in EXPECTED:
        q = find(prefix)
        if q is None:
            problems.append("no quotation %r" % prefix)
            continue
        if q["text"][0] not in "“‘" or q["text"][-1] not in "”’":
            problems.append("%r: marks not included: %r" % (prefix, q["text"]))
        if q["kind"] != kind:
            problems.append("%r: kind %s, expected %s" % (prefix, q["kind"], kind))
        got_speaker = q["speaker"]["text"] if q["speaker"] else None
        if got_speaker != speaker:
            problems.append("%r: speaker %r, expected %r" % (prefix, got_speaker, speaker))
        got_cue = q["cue"]["text"] if q["cue"] else None
        if got_cue != cue:
            problems.append("%r: cue %r, expected %r" % (prefix, got_cue, cue))
        name = entity_name(r, q["speaker"]["entity"]) if q["speaker"] and \
            q["speaker"]["entity"] else None
        if name is None or ent not in name:
            problems.append("%r: speaker entity %r (%r), expected %r" %
                            (prefix, q["speaker"] and q["speaker"]["entity"], name, ent))

    # 'rules-based order' inside 6: scare or partial, no speaker of its own
    nested = find("rules-based order")
    outer = find("Together with others")
    if nested is None:
        problems.append("no quotation 'rules-based order'")
    else:
        if nested["kind"] not in ("scare", "partial"):
            problems.append("'rules-based order': kind %s" % nested["kind"])
        if nested["speaker"] and (not outer or not outer["speaker"] or
                                  nested["speaker"]["start"] != outer["speaker"]["start"]):
            problems.append("'rules-based order' has a speaker of its own: %r" %
                            nested["speaker"])
        if outer and not (outer["start"] < nested["start"] and nested["end"] < outer["end"]):
            problems.append("'rules-based order' is not inside quotation 6")

    # no other quotation (the eight, the nested one)
    if len(quotes) != len(EXPECTED) + 1:
        problems.append("%d quotations, expected %d: %r" %
                        (len(quotes), len(EXPECTED) + 1, [q["text"][:25] for q in quotes]))

    # sources
    got = sorted((s["name"], s["cue"]["text"] if s["cue"] else None) for s in r["sources"])
    want = sorted([("Reuters", "reported"), ("Reuters", "reported"), ("Bloomberg", "reported"),
                   ("Bloomberg", "reported")])
    names = [s["name"] for s in r["sources"]]
    if [g for g in got if g[0] != "RIA News"] != want:
        problems.append("sources %r, expected Reuters and Bloomberg twice with 'reported'" % got)
    if names.count("RIA News") != 1:
        problems.append("RIA News cited %d times, expected once" % names.count("RIA News"))
    for s in r["sources"]:
        if text[s["start"]:s["end"]] != s["name"]:
            problems.append("source %r: offsets do not hold its name" % s["name"])
        ename = entity_name(r, s["entity"]) if s["entity"] else None
        if ename != s["name"]:
            problems.append("source %r: entity %r (%r)" % (s["name"], s["entity"], ename))

    if problems:
        nxtest.fail("seed article quotations:\n  " + "\n  ".join(problems))
    print("ok: %d quotations, %d sources" % (len(quotes), len(r["sources"])))


if __name__ == "__main__":
    main()
