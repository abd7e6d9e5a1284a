#!/usr/bin/env python3
"""Golden test of the quote stage on a noisy article (issue 7).

  check_quotes.py        the project's article tests/data/fjord-tunnel.txt
  check_quotes.py seed   the seed article ../shared/samples/seed-article.txt;
                         exits 77 (skipped) when it is missing

Checks every quotation of the article: its text, kind, speaker mention, cue
and the speaker's entity (looked up by name in the record's entities), the
nested single-quoted quotation (scare or partial, never a speaker of its
own), the scare quotes (no speaker), that every offset points at its text,
and the cited sources (seed: Reuters and Bloomberg twice with "reported",
RIA News once; own: Associated Press twice and Agence France-Presse once,
each with "reported").
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nxtest  # noqa: E402

# (start of the text inside the marks, kind, speaker text, cue text, entity name)
SEED = [
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
OWN = [
    ("The tunnel will cut the journey", "direct", "the ministry", "said",
     "Norwegian Transport Ministry"),
    ("Transport Minister JK Halvorsen has asked", "direct", "the ministry", "said",
     "Norwegian Transport Ministry"),
    ("the new line is the largest investment", "partial", "Halvorsen", "told", "JK Halvorsen"),
    ("The government has promised a tunnel", "direct", "Erna Lunde", "said", "Erna Lunde"),
    ("fast and reliable connection to the capital", "partial", "The ministry report",
     "stressed", "Norwegian Transport Ministry"),
    ("We will not accept a", "direct", "the report", "read", "Norwegian Transport Ministry"),
    ("We have rebuilt the station", "direct", "Sætre", "said", "Ingrid Sætre"),
    ("noise", "partial", "Halvorsen", "calling", "JK Halvorsen"),
]

# name: (path, quotations, (nested, its outer quotation), scare quotes,
#        cited sources as (name, cue) with cue None for any)
ARTICLES = {
    "own": (nxtest.ARTICLE, OWN, ("temporary solution", "We will not accept"),
            ["green corridor"],
            [("Associated Press", "reported"), ("Associated Press", "reported"),
             ("Agence France-Presse", "reported")]),
    "seed": (nxtest.SEED, SEED, ("rules-based order", "Together with others"), [],
             [("Reuters", "reported"), ("Reuters", "reported"), ("Bloomberg", "reported"),
              ("Bloomberg", "reported"), ("RIA News", None)]),
}


def entity_name(record, ref):
    for e in record["entities"]:
        if e["id"] == ref:
            return e.get("name")
    return None


def main():
    article = sys.argv[1] if len(sys.argv) > 1 else "own"
    path, expected, (nested_prefix, outer_prefix), scare, want_sources = ARTICLES[article]
    if article == "seed":
        nxtest.require_shared(path)
    rc, out, err = nxtest.run_extract([path])
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

    for prefix, kind, speaker, cue, ent in expected:
        q = find(prefix)
        if q is None:
            problems.append("no quotation %r" % prefix)
            continue
        if q["text"][0] not in "“‘\"'" or q["text"][-1] not in "”’\"'":
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

    # the nested quotation: scare or partial, no speaker of its own
    nested = find(nested_prefix)
    outer = find(outer_prefix)
    if nested is None:
        problems.append("no quotation %r" % nested_prefix)
    else:
        if nested["kind"] not in ("scare", "partial"):
            problems.append("%r: kind %s" % (nested_prefix, nested["kind"]))
        if nested["speaker"] and (not outer or not outer["speaker"] or
                                  nested["speaker"]["start"] != outer["speaker"]["start"]):
            problems.append("%r has a speaker of its own: %r" % (nested_prefix,
                                                                 nested["speaker"]))
        if outer and not (outer["start"] < nested["start"] and nested["end"] < outer["end"]):
            problems.append("%r is not inside %r" % (nested_prefix, outer_prefix))

    # scare quotes: no speaker, no cue
    for prefix in scare:
        q = find(prefix)
        if q is None:
            problems.append("no quotation %r" % prefix)
        elif q["kind"] != "scare" or q["speaker"] or q["cue"]:
            problems.append("%r: kind %s, speaker %r, cue %r; expected a scare quote" %
                            (prefix, q["kind"], q["speaker"], q["cue"]))

    # no other quotation
    want_n = len(expected) + 1 + len(scare)
    if len(quotes) != want_n:
        problems.append("%d quotations, expected %d: %r" %
                        (len(quotes), want_n, [q["text"][:25] for q in quotes]))

    # sources
    got = sorted(((s["name"], s["cue"]["text"] if s["cue"] else None) for s in r["sources"]),
                 key=lambda x: (x[0], x[1] or ""))
    want = sorted(want_sources, key=lambda x: (x[0], x[1] or ""))
    if len(got) != len(want) or any(g[0] != w[0] or (w[1] is not None and g[1] != w[1])
                                     for g, w in zip(got, want)):
        problems.append("sources %r, expected %r" % (got, want))
    for s in r["sources"]:
        if text[s["start"]:s["end"]] != s["name"]:
            problems.append("source %r: offsets do not hold its name" % s["name"])
        ename = entity_name(r, s["entity"]) if s["entity"] else None
        if ename != s["name"]:
            problems.append("source %r: entity %r (%r)" % (s["name"], s["entity"], ename))

    if problems:
        nxtest.fail("%s quotations:\n  " % os.path.basename(path) + "\n  ".join(problems))
    print("ok: %s: %d quotations, %d sources" % (os.path.basename(path), len(quotes),
                                                len(r["sources"])))


if __name__ == "__main__":
    main()
