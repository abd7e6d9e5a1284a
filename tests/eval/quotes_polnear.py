#!/usr/bin/env python3
"""Development score of the quote stage on PolNeAR (not a ctest test).

Usage: quotes_polnear.py [--bin NEWSX_EXTRACT] [--errors N] [--speaker-errors N] FILE.jsonl

Every line of FILE (PolNeAR: "text", "title", "id", "quotes") is fed as a JSON
envelope through the real core (newsx-extract, the same nx_extract() the
worker runs), so offsets are checked end to end: each record quote's "text"
must equal the record's text at its [start, end) code points.

Gold: PolNeAR attributions with "direct": true (content that starts or ends
with a quotation mark). The compared unit is the text inside quotation marks:
each gold content span is cut into its quoted segments (marks paired in
order; an opening mark at the start of a paragraph inside an open quotation
continues it; a segment whose other mark lies outside the content runs to
the content's edge). Predicted units: the record's "direct" and "partial"
quotes without their marks ("scare" quotes are left out: PolNeAR annotates
speech, not scare quotes). A predicted and a gold unit match when
overlap/union >= 0.5 (one-to-one, best pairs first).

Gold and record texts can differ where the cleaner normalised whitespace;
gold offsets are carried over with a character alignment (difflib).

Speaker accuracy: over gold direct quotes with a source span, the fraction
with a matched segment whose predicted speaker span overlaps the gold source.
"""
import argparse
import difflib
import json
import os
import subprocess
import sys

DOUBLE_OPEN = "“„‟«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‹"
SINGLE_CLOSE = "’›"


def is_mark(text, i, singles):
    ch = text[i]
    if ch == '"' or ch in DOUBLE_OPEN or ch in DOUBLE_CLOSE:
        return True
    if not singles:
        return False
    if ch in SINGLE_OPEN or ch in SINGLE_CLOSE or ch == "'":
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        return not (before.isalnum() and after.isalnum())  # not an apostrophe
    return False


def opening_type(ch):
    return ch in DOUBLE_OPEN or ch in SINGLE_OPEN


def closing_type(ch):
    return ch in DOUBLE_CLOSE or ch in SINGLE_CLOSE


def gold_segments(text, s, e):
    """Quoted segments (inner spans) of the gold content [s, e)."""
    text = text.replace("''", '"\x01')  # two apostrophes: a double mark (same length)
    if s > 0 and is_mark(text, s - 1, True):
        s -= 1
    if e < len(text) and is_mark(text, e, True):
        e += 1
    has_double = any(is_mark(text, i, False) for i in range(s, e))
    marks = [i for i in range(s, e) if is_mark(text, i, not has_double)]
    segs = []
    open_at = None
    for m in marks:
        ch = text[m]
        if open_at is None:
            if closing_type(ch):
                segs.append((s, m))  # its opening mark lies before the content
            else:
                open_at = m
        elif opening_type(ch) and m > 0 and text[m - 1] == "\n":
            continue  # a paragraph that re-opens the open quotation
        elif opening_type(ch) and m > 0 and not text[m - 1].isalnum():
            open_at = m  # the earlier opening mark was never closed
        else:
            segs.append((open_at + 1, m))
            open_at = None
    if open_at is not None:
        segs.append((open_at + 1, e))
    return [(a, b) for a, b in segs if b > a and text[a:b].strip()]


def aligner(a, b):
    """Map code point offsets of text a onto text b (b is a with a few
    characters changed or removed by the cleaner)."""
    if a == b:
        return lambda i: i
    table = [0] * (len(a) + 1)
    i = j = 0
    while i < len(a) and j < len(b):
        table[i] = j
        if a[i] == b[j] or (a[i].isspace() and b[j].isspace()):
            i += 1
            j += 1
        elif a[i].isspace() or a[i] in "\u00ad\u200b\ufeff":
            i += 1  # removed by the cleaner
        elif b[j].isspace():
            j += 1
        else:
            break
    if i < len(a) and j < len(b):
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            for k in range(i1, i2 + 1):
                if tag == "equal":
                    table[k] = j1 + (k - i1)
                else:
                    table[k] = j1 if k == i1 else min(j2, j1 + (k - i1))
        return lambda k: table[max(0, min(k, len(a)))]
    while i <= len(a):
        table[i] = min(j, len(b))
        i += 1
    return lambda k: table[max(0, min(k, len(a)))]


def iou(x, y):
    inter = min(x[1], y[1]) - max(x[0], y[0])
    if inter <= 0:
        return 0.0
    return inter / (max(x[1], y[1]) - min(x[0], y[0]))


def overlaps(x, y):
    return min(x[1], y[1]) > max(x[0], y[0])


def pred_inner(rtext, q):
    a, b = q["start"], q["end"]
    if rtext[a:a + 2] == "''":
        a += 1
    if b - a >= 2 and rtext[b - 2:b] == "''":
        b -= 1
    if a < b and is_mark(rtext, a, True):
        a += 1
    if b > a and is_mark(rtext, b - 1, True):
        b -= 1
    return (a, b)


def main():
    ap = argparse.ArgumentParser()
    src = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    ap.add_argument("--bin", default=os.environ.get("NEWSX_EXTRACT_BIN") or
                    os.path.join(src, "build", "bin", "newsx-extract"))
    ap.add_argument("--errors", type=int, default=0, help="print N missed/extra quotes")
    ap.add_argument("--speaker-errors", type=int, default=0, help="print N wrong speakers")
    ap.add_argument("file")
    args = ap.parse_args()

    gold_docs = [json.loads(line) for line in open(args.file, encoding="utf-8") if line.strip()]
    env_lines = "".join(json.dumps({"id": d["id"], "title": d.get("title"), "text": d["text"]},
                                   ensure_ascii=False) + "\n" for d in gold_docs)
    p = subprocess.run([args.bin, "-q", "--in", "jsonl", "--no-sentences"],
                       input=env_lines.encode("utf-8"), capture_output=True)
    if p.returncode != 0:
        sys.exit("newsx-extract failed (%d): %s" % (p.returncode, p.stderr.decode()[:500]))
    records = [json.loads(line) for line in p.stdout.decode("utf-8").splitlines() if line.strip()]
    if len(records) != len(gold_docs):
        sys.exit("%d records for %d documents" % (len(records), len(gold_docs)))

    n_gold = n_pred = n_match = n_in_indirect = 0
    spk_why = {}
    n_spk_gold = n_spk_ok = 0
    n_unit_spk = n_unit_spk_ok = 0
    offset_errors = 0
    errors_left, spk_left = args.errors, args.speaker_errors
    for g, r in zip(gold_docs, records):
        gtext, rtext = g["text"], r["text"]
        for q in r["quotes"] + [s for q in r["quotes"] if q["speaker"] for s in [q["speaker"]]]:
            if rtext[q["start"]:q["end"]] != q["text"]:
                offset_errors += 1
        amap = aligner(gtext, rtext)
        gold = []  # (inner span, speaker span or None, gold quote index)
        for gi, gq in enumerate(g["quotes"]):
            if not gq.get("direct"):
                continue
            spk = None
            if gq.get("speaker_start") is not None and gq.get("speaker_end") is not None:
                spk = (amap(gq["speaker_start"]), amap(gq["speaker_end"]))
            for a, b in gold_segments(gtext, gq["start"], gq["end"]):
                gold.append(((amap(a), amap(b)), spk, gi))
        indirect = [(amap(gq["start"]), amap(gq["end"])) for gq in g["quotes"]
                    if not gq.get("direct")]
        pred = [(pred_inner(rtext, q), q) for q in r["quotes"] if q["kind"] != "scare"]
        pairs = sorted(((iou(gs[0], ps[0]), i, j) for i, gs in enumerate(gold)
                        for j, ps in enumerate(pred) if overlaps(gs[0], ps[0])), reverse=True)
        gm, pm = {}, {}
        for v, i, j in pairs:
            if v < 0.5:
                break
            if i in gm or j in pm:
                continue
            gm[i], pm[j] = j, i
        n_gold += len(gold)
        n_pred += len(pred)
        n_match += len(gm)
        # unmatched predictions inside the content of an indirect gold attribution
        for j, (span, q) in enumerate(pred):
            if j not in pm and any(a <= span[0] and span[1] <= b for a, b in indirect):
                n_in_indirect += 1
        # speaker accuracy per gold quote with a source
        by_quote = {}
        for i, (span, spk, gi) in enumerate(gold):
            if spk is None:
                continue
            ok = False
            if i in gm:
                q = pred[gm[i]][1]
                ok = bool(q["speaker"]) and overlaps((q["speaker"]["start"], q["speaker"]["end"]),
                                                      spk)
            n_unit_spk += 1
            n_unit_spk_ok += ok
            if not ok:
                why = "missed" if i not in gm else ("none" if not pred[gm[i]][1]["speaker"]
                                                    else "wrong")
                spk_why[why] = spk_why.get(why, 0) + 1
            by_quote[gi] = by_quote.get(gi, False) or ok
            if not ok and spk_left > 0:
                spk_left -= 1
                gq = g["quotes"][gi]
                got = pred[gm[i]][1] if i in gm else None
                print("SPEAKER %s %s: %r\n   gold %r cue %r\n   got  %r" %
                      (why, g["id"], rtext[span[0]:span[1]][:90], gq.get("speaker"), gq.get("cue"),
                       got and got["speaker"] and got["speaker"]["text"]))
        n_spk_gold += len(by_quote)
        n_spk_ok += sum(by_quote.values())
        if errors_left > 0:
            for i, (span, spk, gi) in enumerate(gold):
                if i not in gm and errors_left > 0:
                    errors_left -= 1
                    near = [ps[1]["text"][:60] for ps in pred if overlaps(ps[0], span)]
                    print("MISS %s: %r near %r" % (g["id"], rtext[span[0]:span[1]][:100], near))
            for j, (span, q) in enumerate(pred):
                if j not in pm and errors_left > 0 and not any(
                        a <= span[0] and span[1] <= b for a, b in indirect):
                    errors_left -= 1
                    print("EXTRA %s: %s %r" % (g["id"], q["kind"], q["text"][:100]))

    prec = n_match / n_pred if n_pred else 0.0
    rec = n_match / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    print("documents %d" % len(gold_docs))
    print("direct quotes: gold %d predicted %d matched %d" % (n_gold, n_pred, n_match))
    print("precision %.4f recall %.4f F1 %.4f" % (prec, rec, f1))
    p2 = n_match / (n_pred - n_in_indirect) if n_pred > n_in_indirect else 0.0
    f2 = 2 * p2 * rec / (p2 + rec) if p2 + rec else 0.0
    print("unmatched predictions inside indirect gold attributions %d; without them: "
          "precision %.4f F1 %.4f" % (n_in_indirect, p2, f2))
    print("speaker accuracy %.4f (%d / %d gold direct quotes with a source)" %
          (n_spk_ok / n_spk_gold if n_spk_gold else 0.0, n_spk_ok, n_spk_gold))
    print("speaker accuracy per quoted segment %.4f (%d / %d)" %
          (n_unit_spk_ok / n_unit_spk if n_unit_spk else 0.0, n_unit_spk_ok, n_unit_spk))
    print("wrong speakers per segment: %s" % ", ".join(
        "%s %d" % kv for kv in sorted(spk_why.items())))
    print("record offset errors %d" % offset_errors)
    return 1 if offset_errors else 0


if __name__ == "__main__":
    sys.exit(main())
