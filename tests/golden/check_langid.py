#!/usr/bin/env python3
"""Golden test of the langid stage and of the per-stage languages
(docs/langid.md).

cases:   every envelope of tests/data/langid/cases.jsonl (texts written for
         this test; the expect_* keys are left out of the envelope) gets the
         expected lang and lang_source; lang_declared is the declared tag as
         given; lang_confidence is null exactly when lang is null or the
         detector scored nothing.
stages:  each language-dependent stage runs on its languages only (LANGS:
         English for all; dates, quotes, amounts and keywords also de es fr
         it nl pt; entities the languages with a model in config/models); on
         any other language, and on an undetermined one, it is recorded
         "skipped: language", with empty outputs.
zh:      a Chinese story's edited copy within 3 bits, another story 16 or more.
german:  tests/data/german-agency.txt (a dpa-style agency article) is "de",
         detected, with no tone, its entities (German model, checked by
         check_entities_lang.py), dates, quotes, amounts and keywords, and a
         fingerprint; the seed article is "en" with every stage "ok".
"""
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nxtest  # noqa: E402

CASES = os.path.join(nxtest.DATA_DIR, "langid", "cases.jsonl")
GERMAN = os.path.join(nxtest.DATA_DIR, "german-agency.txt")
SEED = os.path.join(nxtest.DATA_DIR, "seed-article.txt")
INDEPENDENT = ("input", "clean", "segment", "langid", "fingerprint")
ENGLISH_ONLY = ("entities", "dates", "quotes", "amounts", "keywords", "tone")
# Languages of each stage of ENGLISH_ONLY (common/*.c, the stage's langs).
LANGS = {s: ("en",) for s in ENGLISH_ONLY}
LANGS["dates"] = ("en", "de", "es", "fr", "it", "nl", "pt")
LANGS["quotes"] = ("en", "de", "es", "fr", "it", "nl", "pt")
LANGS["entities"] = ("en",) + tuple(
    os.path.basename(p)[4:-4]
    for p in glob.glob(os.path.join(nxtest.SOURCE_DIR, "config", "models", "ner-*.bin")))
LANGS["amounts"] = ("en", "de", "es", "fr", "it", "nl", "pt")
LANGS["keywords"] = ("en", "de", "es", "fr", "it", "nl", "pt")
# What a skipped stage leaves empty.
EMPTY = {"entities": {"entities": []}, "dates": {"dates": []},
         "quotes": {"quotes": [], "sources": []}, "amounts": {"amounts": []},
         "keywords": {"keywords": []}, "tone": {"tone": None}}

errors = []


def check(cond, msg):
    if not cond:
        errors.append(msg)


def records(args, stdin=None):
    rc, out, err = nxtest.run_extract(args, stdin)
    check(rc == 0, "newsx-extract %s: exit %d: %s" % (args, rc, err))
    return [json.loads(l) for l in out.decode("utf-8").splitlines() if l.strip()]


def check_stages(r, name):
    st = r["extractor"]["stages"]
    check(list(st) == list(INDEPENDENT[:4]) + list(ENGLISH_ONLY) + ["fingerprint"],
          "%s: stages %s" % (name, list(st)))
    for s in INDEPENDENT:
        check(st.get(s) == "ok", "%s: stage %s is %r" % (name, s, st.get(s)))
    for s in ENGLISH_ONLY:
        want = "ok" if r["lang"] in LANGS[s] else "skipped: language"
        check(st.get(s) == want, "%s: stage %s is %r, want %r" % (name, s, st.get(s), want))
        if want != "ok":
            for k, v in EMPTY[s].items():
                check(r[k] == v, "%s: %s is %r after a skipped stage" % (name, k, r[k]))


def main():
    cases = [json.loads(l) for l in open(CASES, encoding="utf-8") if l.strip()]
    env = "".join(json.dumps({k: v for k, v in c.items() if not k.startswith("expect_")},
                             ensure_ascii=False) + "\n" for c in cases)
    got = {r["id"]: r for r in records(["--in", "jsonl", "-q"], env.encode("utf-8"))}
    v = nxtest.validator()
    for c in cases:
        r = got.get(c["id"])
        if r is None:
            check(False, "%s: no record" % c["id"])
            continue
        for e in nxtest.schema_errors(v, r):
            check(False, "%s: schema: %s" % (c["id"], e))
        check((r["lang"], r["lang_source"]) == (c["expect_lang"], c["expect_source"]),
              "%s: lang %r from %r, want %r from %r" % (c["id"], r["lang"], r["lang_source"],
                                                       c["expect_lang"], c["expect_source"]))
        declared = c.get("lang")
        if declared is None and "html" in c:
            declared = r["lang_declared"]  # from the page, checked by lang_source
        check(r["lang_declared"] == declared,
              "%s: lang_declared %r, want %r" % (c["id"], r["lang_declared"], declared))
        if r["lang"] is None:
            check(r["lang_confidence"] is None, "%s: confidence without a language" % c["id"])
        elif r["lang_source"] == "detected":
            check(r["lang_confidence"] is not None and 0.5 <= r["lang_confidence"] <= 1,
                  "%s: detected with confidence %r" % (c["id"], r["lang_confidence"]))
        check_stages(r, c["id"])

    de = records([GERMAN])[0]
    check((de["lang"], de["lang_source"], de["lang_declared"]) == ("de", "detected", None),
          "german: lang %r from %r" % (de["lang"], de["lang_source"]))
    check_stages(de, "german")
    check(isinstance(de["fingerprint"], str) and len(de["fingerprint"]) == 16,
          "german: fingerprint %r" % de["fingerprint"])
    check(de["stats"]["sentences"] >= 6, "german: %d sentences" % de["stats"]["sentences"])

    en = records([SEED])[0]
    check((en["lang"], en["lang_source"]) == ("en", "detected"),
          "seed: lang %r from %r" % (en["lang"], en["lang_source"]))
    check_stages(en, "seed")
    check(len(en["entities"]) > 0 and en["tone"] is not None, "seed: English stages gave nothing")

    # The fingerprint on a script written without spaces: an edited copy stays
    # near, another story far (one giant token would make every edit far).
    zh = {"a": "市政府星期二宣布，从下个月起，市中心的公共汽车将延长运营时间。交通部门表示，"
               "这项措施是为了方便晚上下班的市民。一些乘客说，他们希望地铁也能延长运营时间。",
          "a2": "市政府周二宣布，从下个月起，市中心的公共汽车将延长运营时间。交通部门表示，"
                "这项措施是为了方便晚上下班的市民。一些乘客说，他们希望地铁也能延长运营时间。",
          "b": "省卫生部门昨天发布报告称，今年流感病例比去年同期增加了百分之二十。"
               "专家建议老人和儿童尽早接种疫苗，并注意室内通风。"}
    env = "".join(json.dumps({"id": k, "text": v}, ensure_ascii=False) + "\n"
                  for k, v in zh.items())
    fp = {r["id"]: int(r["fingerprint"], 16)
          for r in records(["--in", "jsonl", "-q"], env.encode("utf-8"))}
    near, far = bin(fp["a"] ^ fp["a2"]).count("1"), bin(fp["a"] ^ fp["b"]).count("1")
    check(near <= 3 and far >= 16, "zh fingerprint: edited copy %d bits, other story %d"
          % (near, far))

    for e in errors:
        print("FAIL:", e)
    print("langid: %d cases, %d failures" % (len(cases) + 2, len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
