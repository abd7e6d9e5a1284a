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
with a matched segment whose predicted speaker span overlaps the gold source;
"by entity" also counts a predicted speaker whose entity is the gold source's
(below).

All attributions (issue 24): every PolNeAR attribution, direct or not, is a
gold unit (its content span). Predicted units: the record's direct, partial
and indirect quotes, those with the same cue (offsets) merged into one (“A,”
he said, “B.”), and a partial quotation inside an indirect one part of it. A predicted and a
gold unit match when they overlap by at least half of the gold span
(one-to-one, largest share first); exact: the same span once spaces,
quotation marks and closing punctuation are stripped from both ends.
Speaker, on matched units whose gold has a source: right when the predicted
speaker span overlaps the gold source span, or the predicted speaker's
entity is the gold source's entity: the entity of a record mention that
overlaps the gold source, or the entity the record resolves a speaker span
overlapping the gold source to ("he" -> Trump), or for a gold pronoun the
nearest earlier person (he, she) or organisation (it, they) mention outside
quotations.

Per basis: the same speaker checks split by the predicted speaker's `basis`
(cue, inherited, context, guess; "none" without a speaker), for direct-quote
segments (by entity) and for all attributions: how far a user may trust each
basis.
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


STRIP = " \t\n\u00a0\"'“”‘’«».,;:!?"


def norm_span(text, a, b):
    while a < b and text[a] in STRIP:
        a += 1
    while b > a and text[b - 1] in STRIP:
        b -= 1
    return (a, b)


def pred_units(r):
    """Record quotes (direct, partial, indirect) as attributions: those with
    the same cue merged. Each: [start, end, speaker or None, kinds]."""
    units, by_cue = [], {}
    for q in r["quotes"]:
        if q["kind"] == "scare":
            continue
        key = (q["cue"]["start"], q["cue"]["end"]) if q.get("cue") else None
        u = by_cue.get(key) if key else None
        if u is None:
            u = [q["start"], q["end"], q["speaker"], set()]
            units.append(u)
            if key:
                by_cue[key] = u
        else:
            u[0], u[1] = min(u[0], q["start"]), max(u[1], q["end"])
            u[2] = u[2] or q["speaker"]
        u[3].add(q["kind"])
    # a partial quotation inside an indirect attribution is part of it
    ind = [u for u in units if u[3] == {"indirect"}]
    out = []
    for u in units:
        host = None
        if u[3] == {"partial"}:
            host = next((h for h in ind if h[0] <= u[0] and u[1] <= h[1]), None)
        if host is None:
            out.append(u)
        else:
            host[3].add("partial")
    return out


PRONOUN_TYPES = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON", "his": "PERSON",
                 "it": "ORG", "its": "ORG", "they": "ORG", "their": "ORG"}


def gold_entities(r, span):
    """Entities of the gold source span in the record: mentions overlapping
    it, the entity of a record speaker span overlapping it, and for a
    pronoun (he, she, it, they) the nearest earlier mention of a person
    (he, she) or organisation (it, they) outside quotations."""
    ents = set()
    nearest = None
    word = r["text"][span[0]:span[1]].strip().lower()
    for e in r["entities"]:
        for m in e["mentions"]:
            if overlaps((m["start"], m["end"]), span):
                ents.add(e["id"])
            elif (word in PRONOUN_TYPES and e["type"] == PRONOUN_TYPES[word] and
                  m["end"] <= span[0] and (nearest is None or m["start"] > nearest[0]) and
                  not any(q["kind"] != "indirect" and q["start"] <= m["start"] < q["end"]
                          for q in r["quotes"])):
                nearest = (m["start"], e["id"])
    if not ents and nearest:
        ents.add(nearest[1])
    for q in r["quotes"]:
        sp = q.get("speaker")
        if sp and sp.get("entity") and overlaps((sp["start"], sp["end"]), span):
            ents.add(sp["entity"])
    return ents


def basis_of(sp):
    """The record speaker's basis, "none" without a speaker."""
    return sp.get("basis", "?") if sp else "none"


def per_basis(d):
    return ", ".join("%s %d/%d %.3f" % (k, v[1], v[0], v[1] / v[0] if v[0] else 0.0)
                     for k, v in sorted(d.items()))


def speaker_ok(r, sp, gspan):
    if not sp or gspan is None:
        return False
    if overlaps((sp["start"], sp["end"]), gspan):
        return True
    return bool(sp.get("entity")) and sp["entity"] in gold_entities(r, gspan)


class AllScore:
    """The all-attributions score (module docstring)."""

    def __init__(self):
        self.n_gold = self.n_pred = self.n_match = self.n_exact = 0
        self.by_kind = {}  # gold direct/indirect -> [gold, matched]
        self.spk_n = self.spk_ok = 0
        self.spk_kind = {}  # gold direct/indirect -> [with source, right]
        self.pred_kind = {}  # predicted kind -> [predicted, matched]
        self.spk_basis = {}  # predicted speaker's basis -> [matched with a source, right]

    def add(self, g, r, amap, errors):
        rtext = r["text"]
        gold = []
        for gq in g["quotes"]:
            spk = None
            if gq.get("speaker_start") is not None and gq.get("speaker_end") is not None:
                spk = (amap(gq["speaker_start"]), amap(gq["speaker_end"]))
            gold.append(((amap(gq["start"]), amap(gq["end"])), spk,
                         "direct" if gq.get("direct") else "indirect"))
        pred = pred_units(r)
        pairs = []
        for i, (gs, _, _) in enumerate(gold):
            glen = max(1, gs[1] - gs[0])
            for j, u in enumerate(pred):
                inter = min(gs[1], u[1]) - max(gs[0], u[0])
                if inter * 2 >= glen and inter > 0:
                    pairs.append((inter / glen, iou(gs, (u[0], u[1])), i, j))
        pairs.sort(reverse=True)
        gm, pm = {}, {}
        for _, _, i, j in pairs:
            if i in gm or j in pm:
                continue
            gm[i], pm[j] = j, i
        ex_g, ex_p = set(), set()
        for i, (gs, _, _) in enumerate(gold):
            ng = norm_span(rtext, gs[0], gs[1])
            for j, u in enumerate(pred):
                if j not in ex_p and norm_span(rtext, u[0], u[1]) == ng:
                    ex_g.add(i)
                    ex_p.add(j)
                    break
        self.n_gold += len(gold)
        self.n_pred += len(pred)
        self.n_match += len(gm)
        self.n_exact += len(ex_g)
        for i, (gs, spk, kind) in enumerate(gold):
            bk = self.by_kind.setdefault(kind, [0, 0])
            bk[0] += 1
            bk[1] += i in gm
            if i in gm and spk is not None:
                ok = speaker_ok(r, pred[gm[i]][2], spk)
                self.spk_n += 1
                self.spk_ok += ok
                sk = self.spk_kind.setdefault(kind, [0, 0])
                sk[0] += 1
                sk[1] += ok
                sb = self.spk_basis.setdefault(basis_of(pred[gm[i]][2]), [0, 0])
                sb[0] += 1
                sb[1] += ok
                if not ok and errors[1] > 0:
                    errors[1] -= 1
                    sp = pred[gm[i]][2]
                    print("ALL-SPEAKER %s: %r\n   gold %r\n   got  %r" % (
                        g["id"], rtext[gs[0]:gs[1]][:90], rtext[spk[0]:spk[1]],
                        sp and sp["text"]))
            elif i not in gm and errors[0] > 0:
                errors[0] -= 1
                print("ALL-MISS %s %s: %r" % (g["id"], kind, rtext[gs[0]:gs[1]][:110]))
        for j, u in enumerate(pred):
            k = "indirect" if u[3] == {"indirect"} else "direct/partial"
            pk = self.pred_kind.setdefault(k, [0, 0])
            pk[0] += 1
            pk[1] += j in pm
            if j not in pm and errors[0] > 0:
                errors[0] -= 1
                print("ALL-EXTRA %s %s: %r" % (g["id"], "+".join(sorted(u[3])),
                                                rtext[u[0]:u[1]][:110]))

    def report(self):
        def prf(m, p, g):
            pr = m / p if p else 0.0
            rc = m / g if g else 0.0
            return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)
        print("all attributions: gold %d predicted %d matched %d exact %d" %
              (self.n_gold, self.n_pred, self.n_match, self.n_exact))
        print("all attributions overlap: precision %.4f recall %.4f F1 %.4f" %
              prf(self.n_match, self.n_pred, self.n_gold))
        print("all attributions exact: precision %.4f recall %.4f F1 %.4f" %
              prf(self.n_exact, self.n_pred, self.n_gold))
        print("all attributions recall by gold kind: %s" % ", ".join(
            "%s %d/%d" % (k, v[1], v[0]) for k, v in sorted(self.by_kind.items())))
        print("all attributions matched by predicted kind: %s" % ", ".join(
            "%s %d/%d" % (k, v[1], v[0]) for k, v in sorted(self.pred_kind.items())))
        print("all attributions speaker accuracy %.4f (%d / %d matched with a source); %s" % (
            self.spk_ok / self.spk_n if self.spk_n else 0.0, self.spk_ok, self.spk_n,
            ", ".join("%s %d/%d" % (k, v[1], v[0]) for k, v in sorted(self.spk_kind.items()))))
        print("all attributions speaker accuracy per basis: %s" % per_basis(self.spk_basis))
        return prf(self.n_match, self.n_pred, self.n_gold)[2], (
            self.spk_ok / self.spk_n if self.spk_n else 0.0)


def main():
    ap = argparse.ArgumentParser()
    src = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    ap.add_argument("--bin", default=os.environ.get("NEWSX_EXTRACT_BIN") or
                    os.path.join(src, "build", "bin", "newsx-extract"))
    ap.add_argument("--errors", type=int, default=0, help="print N missed/extra quotes")
    ap.add_argument("--speaker-errors", type=int, default=0, help="print N wrong speakers")
    ap.add_argument("--all-errors", type=int, default=0,
                    help="print N missed/extra attributions and N wrong speakers (all attributions)")
    ap.add_argument("--floors", metavar="F1,SPK,DSPK,DF1",
                    help="exit 1 when all-attributions overlap F1, their speaker accuracy or "
                         "the direct-quote speaker accuracy by entity or direct-quote F1 is below these")
    ap.add_argument("file")
    args = ap.parse_args()
    if not os.path.exists(args.file):
        print("skipped: %s not found (development data)" % args.file)
        return 77

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
    n_spk_ent_ok = 0
    seg_basis = {}  # basis -> [matched segments with a source, right by entity]
    allsc = AllScore()
    all_errors = [args.all_errors, args.all_errors]
    offset_errors = 0
    errors_left, spk_left = args.errors, args.speaker_errors
    for g, r in zip(gold_docs, records):
        gtext, rtext = g["text"], r["text"]
        for q in r["quotes"] + [s for q in r["quotes"] if q["speaker"] for s in [q["speaker"]]]:
            if rtext[q["start"]:q["end"]] != q["text"]:
                offset_errors += 1
        amap = aligner(gtext, rtext)
        allsc.add(g, r, amap, all_errors)
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
        pred = [(pred_inner(rtext, q), q) for q in r["quotes"] if q["kind"] in ("direct", "partial")]
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
        by_quote_ent = {}
        for i, (span, spk, gi) in enumerate(gold):
            if spk is None:
                continue
            ok = False
            if i in gm:
                q = pred[gm[i]][1]
                ok = bool(q["speaker"]) and overlaps((q["speaker"]["start"], q["speaker"]["end"]),
                                                      spk)
            ok_ent = i in gm and speaker_ok(r, pred[gm[i]][1]["speaker"], spk)
            by_quote_ent[gi] = by_quote_ent.get(gi, False) or ok_ent
            if i in gm:
                sb = seg_basis.setdefault(basis_of(pred[gm[i]][1]["speaker"]), [0, 0])
                sb[0] += 1
                sb[1] += ok_ent
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
        n_spk_ent_ok += sum(by_quote_ent.values())
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
    print("speaker accuracy by entity %.4f (%d / %d gold direct quotes with a source)" %
          (n_spk_ent_ok / n_spk_gold if n_spk_gold else 0.0, n_spk_ent_ok, n_spk_gold))
    print("speaker accuracy per quoted segment %.4f (%d / %d)" %
          (n_unit_spk_ok / n_unit_spk if n_unit_spk else 0.0, n_unit_spk_ok, n_unit_spk))
    print("wrong speakers per segment: %s" % ", ".join(
        "%s %d" % kv for kv in sorted(spk_why.items())))
    print("speaker by entity per basis (matched segments with a source): %s" %
          per_basis(seg_basis))
    all_f1, all_spk = allsc.report()
    print("record offset errors %d" % offset_errors)
    if offset_errors:
        return 1
    if args.floors:
        f_f1, f_spk, f_dspk, f_df1 = (float(x) for x in args.floors.split(","))
        dspk = n_spk_ent_ok / n_spk_gold if n_spk_gold else 0.0
        low = [name for name, v, f in (("all-attributions F1", all_f1, f_f1),
                                       ("all-attributions speaker", all_spk, f_spk),
                                       ("direct speaker by entity", dspk, f_dspk),
                                       ("direct F1", f1, f_df1)) if v < f]
        if low:
            print("below the floors: %s" % ", ".join(low))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
