#!/usr/bin/env python3
"""Train the langid stage's second-stage discriminators (config/langid/*.tsv).

Usage: python3 tests/train/langid_train.py [--shared DIR] [--out DIR]
                                            [--cv K] [--bin PATH] [--table]

CLD2 mixes up languages that are written nearly alike. When its answer
falls in one of the groups below, the langid stage (common/langid_group.c)
asks a naive Bayes model of the group instead: word unigrams and the
character 1- to 4-grams of each word (with a space on both sides), counted
on lower-cased letter runs exactly as the C code does (capitalised words
left out when LOW_WORDS words begin in lower case), add-alpha smoothed. A
model overturns CLD2's answer only with a lead of `switch` per word.

  bhs    bs hr sr                       any length (Latin-script text)
  malay  ms id                          any length
  pack   en de fr es it pt nl ca gl af  short texts only (titles, one sentence)

Training text (docs/langid.md, "Second stage"; NOTICE):
  - the development set ../shared/data/langid/dev.jsonl (NTREX-128 and
    Leipzig texts of the group's languages, long and short; Serbian
    Cyrillic texts also transliterated to Latin for the bhs model);
  - for the pack group also the openly licensed parts of
    ../shared/data/ner-multi/{de,fr,nl,pt}/train.jsonl (GermEval 2014,
    Europeana newspapers, UNER Portuguese; the first EXTRA_CHARS characters
    of each language);
  - tests/train/langid-markers.tsv, marker words written for newsx (bs hr
    sr ms id).
Because the models learn from the development set, its scores are only
reported cross-validated: --cv K splits the development texts into K folds
by story (every translation of an NTREX story in the same fold, as the
set's own dev/test split does), trains K model sets each without one fold,
runs the real core (newsx-extract, --bin) on that fold's texts with them,
and prints the measures of tests/eval/langid.py over the K held-out folds.
The final models (all the data) are written last, to --out.

Reproducible: no randomness; the same input gives the same files.
"""
import argparse
import collections
import hashlib
import json
import math
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(SOURCE, "tests", "eval"))
import langid as scorer  # noqa: E402

GROUPS = [
    # name, languages, applies to (any | short), char n-gram weight, least
    # count of a feature over all languages (rarer ones are left out), the
    # least lead per word to overturn CLD2 ("switch").
    # Chosen by the cross-validated accuracy (docs/langid.md).
    ("bhs", ["bs", "hr", "sr"], "any", 0.25, 2, 0.15),
    ("malay", ["ms", "id"], "any", 0.0, 1, 0.0),
    ("pack", ["en", "de", "fr", "es", "it", "pt", "nl", "ca", "gl", "af"], "short", 0.25, 3, 0.6),
]
ALPHA = 0.5
NGRAMS = (1, 2, 3, 4)
LOW_WORDS = 3           # words in lower case that make the capitalised ones left out
WORD_MAX = 48           # longer words are left out (langid_group.c)
MARKER_COUNT = 10       # pseudo-count of a marker word (langid-markers.tsv)
EXTRA_CHARS = 300000    # characters taken from each extra corpus
FOLD_SALT = "newsx-langid-cv:"


def is_letter(ch):
    return unicodedata.category(ch)[0] == "L"


def lower(ch):
    lo = ch.lower()
    return lo if len(lo) == 1 else ch


def words(text):
    """Lower-cased runs of letters (Unicode L*), as langid_group.c cuts them,
    each with 1 when it began with a capital (Lu, Lt)."""
    out, cur, cap = [], [], 0
    for ch in text:
        if is_letter(ch):
            if not cur:
                cap = unicodedata.category(ch) in ("Lu", "Lt")
            cur.append(lower(ch))
        elif cur:
            out.append(("".join(cur), cap))
            cur = []
    if cur:
        out.append(("".join(cur), cap))
    return out


def features(text):
    """Features of the words that begin in lower case (names and the first
    words of sentences left out) when there are LOW_WORDS of them, else of
    every word."""
    ws = [(w, cap) for w, cap in words(text) if len(w) <= WORD_MAX]
    if sum(1 for _, cap in ws if not cap) >= LOW_WORDS:
        ws = [(w, cap) for w, cap in ws if not cap]
    f = collections.Counter()
    for w, _ in ws:
        f["w\t" + w] += 1
        p = " " + w + " "
        for n in NGRAMS:
            for i in range(len(p) - n + 1):
                f["c\t" + p[i:i + n]] += 1
    return f


def story_key(d):
    i = d["id"]
    if i.startswith("ntrex-"):
        return "ntrex:" + i.split("-")[1]
    return i


def fold_of(d, k):
    return int(hashlib.sha1((FOLD_SALT + story_key(d)).encode()).hexdigest(), 16) % k


def latin(text):
    """True when no letter is Cyrillic (the bhs model is for Latin script)."""
    return not any("\u0400" <= ch <= "\u04ff" for ch in text)


# Serbian Cyrillic to Latin (the standard one-to-one correspondence of the
# two Serbian alphabets): the development set's Cyrillic Serbian texts also
# teach the model Serbian in Latin script.
SR_LATIN = dict(zip("абвгдђежзијклљмнњопрстћуфхцчџшАБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШ",
                    ["a", "b", "v", "g", "d", "đ", "e", "ž", "z", "i", "j", "k", "l", "lj",
                     "m", "n", "nj", "o", "p", "r", "s", "t", "ć", "u", "f", "h", "c", "č",
                     "dž", "š", "A", "B", "V", "G", "D", "Đ", "E", "Ž", "Z", "I", "J", "K",
                     "L", "Lj", "M", "N", "Nj", "O", "P", "R", "S", "T", "Ć", "U", "F", "H",
                     "C", "Č", "Dž", "Š"]))


def sr_latin(text):
    return "".join(SR_LATIN.get(ch, ch) for ch in text)


def markers():
    """(lang, Counter) pseudo-texts from langid-markers.tsv: each marker word
    MARKER_COUNT times for each of its languages."""
    out = collections.defaultdict(collections.Counter)
    for line in open(os.path.join(HERE, "langid-markers.tsv"), encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        langs, ws = line.rstrip("\n").split("\t")
        for lang in langs.split(","):
            for w in ws.split():
                out[lang]["w\t" + w] += MARKER_COUNT
    return list(out.items())


# Extra text for the pack group: only openly licensed sources of
# ../shared/data/ner-multi (NOTICE); its CoNLL-2002 part (research only) and
# the unlabelled English news (research only) are not used.
EXTRA_SOURCES = {"germeval2014", "europeana", "uner"}


def extra_corpora(shared):
    out = []
    for lang in ["de", "fr", "nl", "pt"]:
        path = os.path.join(shared, "data", "ner-multi", lang, "train.jsonl")
        if not os.path.exists(path):
            continue
        n = 0
        for line in open(path, encoding="utf-8"):
            d = json.loads(line)
            if d.get("source") not in EXTRA_SOURCES:
                continue
            out.append((lang, d["text"]))
            n += len(d["text"])
            if n >= EXTRA_CHARS:
                break
    return out


def train_group(langs, texts, min_count, chars):
    """texts: (lang, Counter). Returns rows [(kind, feature, [logp per lang])]."""
    cnt = {l: collections.Counter() for l in langs}
    for l, f in texts:
        if l in cnt:
            cnt[l].update(f)
    total = collections.Counter()
    for c in cnt.values():
        total.update(c)
    keep = sorted(k for k, v in total.items() if v >= min_count and (chars or k[0] == "w"))
    rows = []
    norm = {}
    for kind in ("w", "c"):
        vocab = sum(1 for k in keep if k[0] == kind)
        for l in langs:
            t = sum(v for k, v in cnt[l].items() if k[0] == kind and total[k] >= min_count)
            norm[(kind, l)] = math.log(t + ALPHA * vocab) if t + vocab else 0.0
    floors = [-(norm[("w", l)] - math.log(ALPHA)) for l in langs]
    for k in keep:
        kind, feat = k.split("\t", 1)
        rows.append((kind, feat, [math.log(cnt[l][k] + ALPHA) - norm[(kind, l)] for l in langs]))
    return rows, floors


def write_group(out_dir, name, langs, apply, wchar, switch, rows, floors, sources):
    path = os.path.join(out_dir, name + ".tsv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("# langid second stage, group %s: naive Bayes over word unigrams and\n" % name)
        f.write("# character 1-4-grams (docs/langid.md). Generated by\n")
        f.write("# tests/train/langid_train.py; do not edit. Trained on: %s\n" % sources)
        f.write("# Columns: kind (w word, c character n-gram), feature, log P per language.\n")
        f.write("langs\t%s\n" % "\t".join(langs))
        f.write("apply\t%s\n" % apply)
        f.write("weights\t1\t%g\n" % wchar)
        f.write("switch\t%g\n" % switch)
        f.write("floor\t%s\n" % "\t".join("%.3f" % x for x in floors))
        for kind, feat, lps in rows:
            f.write("%s\t%s\t%s\n" % (kind, feat, "\t".join("%.3f" % x for x in lps)))


def build(out_dir, dev, extra, exclude=None):
    """Write every group's model to out_dir, trained on dev texts (minus the
    fold `exclude` = (k, K)) and the extra corpora."""
    os.makedirs(out_dir, exist_ok=True)
    for name, langs, apply, wchar, min_count, switch in GROUPS:
        texts = []
        for d in dev:
            if d["lang"] not in langs or (exclude and fold_of(d, exclude[1]) == exclude[0]):
                continue
            if name == "bhs" and not latin(d["text"]):
                texts.append((d["lang"], d["_lat"]))
                continue
            texts.append((d["lang"], d["_f"]))
        srcs = "langid dev.jsonl"
        mk = [(l, f) for l, f in markers() if l in langs]
        if mk:
            texts += mk
            srcs += ", langid-markers.tsv"
        if name == "pack":
            texts += [(l, f) for l, f in extra]
            srcs += ", ner-multi train (germeval2014 de, europeana de fr nl, uner pt)"
        rows, floors = train_group(langs, texts, min_count, wchar > 0)
        write_group(out_dir, name, langs, apply, wchar, switch, rows, floors, srcs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.environ.get("NEWSX_SHARED_DIR")
                    or os.path.join(SOURCE, "..", "shared"))
    ap.add_argument("--out", default=os.path.join(SOURCE, "config", "langid"))
    ap.add_argument("--cv", type=int, default=0, metavar="K")
    ap.add_argument("--bin", default=scorer.default_bin())
    ap.add_argument("--table", action="store_true")
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="with --cv: print up to N wrong held-out answers")
    args = ap.parse_args()
    path = os.path.join(args.shared, "data", "langid", "dev.jsonl")
    if not os.path.exists(path):
        print("langid_train: %s not found" % path)
        return 1
    dev = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    wanted = {l for _, langs, _, _, _, _ in GROUPS for l in langs}
    for d in dev:
        if d["lang"] in wanted:
            d["_f"] = features(d["text"])
        if d["lang"] == "sr" and not latin(d["text"]):
            d["_lat"] = features(sr_latin(d["text"]))
    extra = [(l, features(t)) for l, t in extra_corpora(args.shared)]

    if args.cv:
        # The core reads config/langid (compiled-in config dir): each fold's
        # models are written there in turn, the final ones last.
        got = {}
        for k in range(args.cv):
            build(args.out, dev, extra, exclude=(k, args.cv))
            fold = [d for d in dev if fold_of(d, args.cv) == k]
            got.update(scorer.detect(args.bin, fold))
            print("fold %d/%d: %d texts" % (k + 1, args.cv, len(fold)), file=sys.stderr)
        print("cross-validated (%d folds by story):" % args.cv)
        scorer.report(dev, got, args.table, args.errors)
    build(args.out, dev, extra)
    print("wrote %s" % ", ".join(os.path.join(args.out, g[0] + ".tsv") for g in GROUPS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
