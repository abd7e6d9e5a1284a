/*
 * test_clean.c - the clean-text stage: pass-through, repairs, UTF-8, NFC,
 * entities, whitespace, the offset map, and allocation failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "clean.h"
#include "html_entities.h"
#include "nx_alloc.h"
#include "nx_doc.h"
#include "shared_data.h"

static nx_core_opts opts_lenient, opts_strict;

static int setup(void **state)
{
    (void)state;
    nx_core_opts_init(&opts_lenient);
    opts_lenient.strict_utf8 = 0;
    nx_core_opts_init(&opts_strict);
    opts_strict.strict_utf8 = 1;
    return 0;
}

/* The map invariants every successful clean must keep. */
static void check_map(const nx_doc *doc)
{
    assert_non_null(doc->text);
    assert_non_null(doc->text_map);
    assert_int_equal(doc->text[doc->text_len], '\0');
    for (size_t i = 0; i < doc->text_len; i++) {
        assert_true(doc->text_map[i] < doc->raw_len);
        if (i > 0)
            assert_true(doc->text_map[i] >= doc->text_map[i - 1]);
    }
    assert_true(doc->text_map[doc->text_len] <= doc->raw_len);
    if (doc->text_len > 0)
        assert_true(doc->text_map[doc->text_len] >= doc->text_map[doc->text_len - 1]);
}

static nx_err clean_bytes(nx_doc *doc, const nx_core_opts *opts, const char *raw, size_t len,
                          char *errstr, size_t errstr_size)
{
    nx_doc_init(doc, NULL, opts);
    doc->raw = raw;
    doc->raw_len = len;
    nx_err e = nx_clean(doc, errstr, errstr_size);
    if (e == NX_OK)
        check_map(doc);
    return e;
}

/* Clean raw (NUL-terminated) leniently and compare with want; returns the
 * number of repairs. */
static size_t expect_clean(const char *raw, const char *want)
{
    nx_doc doc;
    char err[256] = "";
    nx_err e = clean_bytes(&doc, &opts_lenient, raw, strlen(raw), err, sizeof(err));
    if (e != NX_OK)
        fail_msg("nx_clean(\"%s\") failed: %s", raw, err);
    if (doc.text_len != strlen(want) || memcmp(doc.text, want, doc.text_len) != 0)
        fail_msg("nx_clean(\"%s\") = \"%s\", want \"%s\"", raw, doc.text, want);
    size_t n = doc.n_repairs;
    nx_doc_free(&doc);
    return n;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t k;
    while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

static void test_ascii_passthrough(void **state)
{
    (void)state;
    const char *raw = "West Indian all-rounder Phil Simmons took four for 38 on Friday.\n"
                      "AT&T said (on Monday) it would sell 1,000 units at $3.50 each!\n\n"
                      "A new paragraph: \"quoted\" text; 100% done -- yes.";
    nx_doc doc;
    assert_int_equal(clean_bytes(&doc, &opts_lenient, raw, strlen(raw), NULL, 0), NX_OK);
    assert_int_equal(doc.text_len, strlen(raw));
    assert_memory_equal(doc.text, raw, doc.text_len);
    for (size_t i = 0; i <= doc.text_len; i++)
        assert_int_equal(doc.text_map[i], i);
    assert_int_equal(doc.n_repairs, 0);
    nx_doc_free(&doc);
}

static void test_utf8_passthrough(void **state)
{
    (void)state;
    const char *raw = "Na\xC3\xAFve \xE2\x80\x9Cquoted\xE2\x80\x9D text \xE2\x80\x94 "
                      "M\xC3\xBCnchen, \xE6\x9D\xB1\xE4\xBA\xAC, \xF0\x9F\x98\x80.";
    nx_doc doc;
    assert_int_equal(clean_bytes(&doc, &opts_strict, raw, strlen(raw), NULL, 0), NX_OK);
    assert_int_equal(doc.text_len, strlen(raw));
    assert_memory_equal(doc.text, raw, doc.text_len);
    for (size_t i = 0; i <= doc.text_len; i++)
        assert_int_equal(doc.text_map[i], i);
    assert_int_equal(doc.n_repairs, 0);
    nx_doc_free(&doc);
}

/* The project's own noisy article: two doubled words at sentence ends
 * ("report. report.", "interview. interview.") go, nothing else changes. */
static void test_article_repeated_tokens(void **state)
{
    (void)state;
    size_t len;
    char *raw = read_file(nx_source_path("tests/data/fjord-tunnel.txt"), &len);
    assert_non_null(raw);
    nx_doc doc;
    char err[256] = "";
    assert_int_equal(clean_bytes(&doc, &opts_lenient, raw, len, err, sizeof(err)), NX_OK);
    assert_int_equal(doc.n_repairs, 2);
    static const char *const word[] = {"report.", "interview."};
    for (size_t i = 0; i < doc.n_repairs; i++) {
        const nx_repair *r = &doc.repairs[i];
        size_t wl = strlen(word[i]);
        assert_string_equal(r->kind, "repeated_token");
        assert_int_equal(r->removed.len, wl + 1);
        assert_int_equal(r->removed.data[0], ' ');
        assert_memory_equal(r->removed.data + 1, word[i], wl);
        /* The input offsets cover exactly the removed bytes of raw. */
        assert_int_equal(r->input_end - r->input_start, r->removed.len);
        assert_memory_equal(raw + r->input_start, r->removed.data, r->removed.len);
        /* In the text the first copy stays just before text_pos. */
        assert_true(r->text_pos >= wl && r->text_pos <= doc.text_len);
        assert_memory_equal(doc.text + r->text_pos - wl, word[i], wl);
        assert_int_equal(doc.text[r->text_pos], ' ');
        assert_int_equal(doc.text_map[r->text_pos], r->input_end);
    }
    assert_true(doc.repairs[0].input_start < doc.repairs[1].input_start);
    assert_null(strstr(doc.text, "report. report."));
    assert_null(strstr(doc.text, "interview. interview."));
    assert_non_null(strstr(doc.text, "said in a report. \"Transport Minister"));
    assert_non_null(strstr(doc.text, "said in an interview. Halvorsen dismissed"));
    /* Only the doubles went (and the leading space of the header line and
     * the final newline). */
    assert_int_equal(doc.text_len, len - strlen(" report.") - strlen(" interview.") - 1 - 1);
    nx_doc_free(&doc);
    free(raw);
}

static void test_seed_repeated_tokens(void **state)
{
    (void)state;
    size_t len;
    char *raw = read_file(nx_shared_path("samples/seed-article.txt"), &len);
    assert_non_null(raw);
    nx_doc doc;
    char err[256] = "";
    assert_int_equal(clean_bytes(&doc, &opts_lenient, raw, len, err, sizeof(err)), NX_OK);
    assert_int_equal(doc.n_repairs, 2);
    for (size_t i = 0; i < doc.n_repairs; i++) {
        const nx_repair *r = &doc.repairs[i];
        assert_string_equal(r->kind, "repeated_token");
        assert_int_equal(r->removed.len, strlen(" statement."));
        assert_memory_equal(r->removed.data, " statement.", r->removed.len);
        /* The input offsets cover exactly the removed bytes of raw. */
        assert_int_equal(r->input_end - r->input_start, r->removed.len);
        assert_memory_equal(raw + r->input_start, r->removed.data, r->removed.len);
        /* In the text the first copy stays just before text_pos. */
        assert_true(r->text_pos >= 10 && r->text_pos <= doc.text_len);
        assert_memory_equal(doc.text + r->text_pos - 10, "statement.", 10);
        assert_int_equal(doc.text[r->text_pos], ' ');
        assert_int_equal(doc.text_map[r->text_pos], r->input_end);
    }
    assert_true(doc.repairs[0].input_start < doc.repairs[1].input_start);
    assert_null(strstr(doc.text, "statement. statement."));
    assert_non_null(strstr(doc.text, "in a statement. \xE2\x80\x9C"
                                     "As is known"));
    assert_non_null(strstr(doc.text, "said in a statement. And on January 24"));
    /* Only the doubles went (and the leading space of the header line). */
    assert_int_equal(doc.text_len, len - 2 * strlen(" statement.") - 1 - 2);
    nx_doc_free(&doc);
    free(raw);
}

static void test_repeated_token_rules(void **state)
{
    (void)state;
    assert_int_equal(expect_clean("It said so in a statement. statement. Then more.",
                                  "It said so in a statement. Then more."),
                     1);
    assert_int_equal(expect_clean("the end. end. end.", "the end."), 2);
    assert_int_equal(expect_clean("a r\xC3\xA9sum\xC3\xA9. r\xC3\xA9sum\xC3\xA9. x",
                                  "a r\xC3\xA9sum\xC3\xA9. x"),
                     1);
    assert_int_equal(expect_clean("at the statement.\nstatement. Next", "at the statement. Next"),
                     1);
    assert_int_equal(expect_clean("ended.\xE2\x80\x9D ended.\xE2\x80\x9D ok",
                                  "ended.\xE2\x80\x9D ended.\xE2\x80\x9D ok"),
                     0);
    /* English repetitions and near misses stay. */
    const char *keep[] = {"He said: No. No. No.",
                          "chants of Marco! Marco! rang out",
                          "books, pens etc. etc. were sold",
                          "the statement. statements were",
                          "the statement. statement.com is a site",
                          "a misstatement. statement. x",
                          "the statement.\n\nstatement. x",
                          "He had had enough; that that was so.",
                          "1 1 0\n2 2 0",
                          "the the",
                          "a. a. b",
                          "Why? Why? we ask",
                          "the U.S. S. Fleet"};
    for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
        assert_int_equal(expect_clean(keep[i], keep[i]), 0);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    static const struct {
        const char *raw;
        size_t len;
        const char *want;
        size_t start, end, nfffd;
    } cases[] = {
        {"a\x80"
         "b",
         3,
         "a\xEF\xBF\xBD"
         "b",
         1, 2, 1},
        /* overlong: C0 is never a lead byte, AF a lone continuation */
        {"x\xC0\xAFy", 4,
         "x\xEF\xBF\xBD\xEF\xBF\xBD"
         "y",
         1, 3, 2},
        /* overlong 3-byte form */
        {"x\xE0\x80\x80y", 5,
         "x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
         "y",
         1, 4, 3},
        /* surrogate U+D800 */
        {"x\xED\xA0\x80y", 5,
         "x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
         "y",
         1, 4, 3},
        /* beyond U+10FFFF */
        {"x\xF4\x90\x80\x80y", 6,
         "x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
         "y",
         1, 5, 4},
        /* truncated 4-byte sequence inside the text: one maximal subpart */
        {"x\xF0\x9F\x98y", 5,
         "x\xEF\xBF\xBD"
         "y",
         1, 4, 1},
        /* truncated at the end of the body */
        {"euro \xE2\x82", 7, "euro \xEF\xBF\xBD", 5, 7, 1},
        /* F5..FF never occur */
        {"\xFF\xFEok", 4, "\xEF\xBF\xBD\xEF\xBF\xBDok", 0, 2, 2},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        nx_doc doc;
        assert_int_equal(clean_bytes(&doc, &opts_lenient, cases[i].raw, cases[i].len, NULL, 0),
                         NX_OK);
        assert_int_equal(doc.text_len, strlen(cases[i].want));
        assert_memory_equal(doc.text, cases[i].want, doc.text_len);
        assert_int_equal(doc.n_repairs, 1);
        const nx_repair *r = &doc.repairs[0];
        assert_string_equal(r->kind, "invalid_utf8");
        assert_int_equal(r->input_start, cases[i].start);
        assert_int_equal(r->input_end, cases[i].end);
        assert_int_equal(r->removed.len, 3 * cases[i].nfffd);
        assert_memory_equal(doc.text + r->text_pos, r->removed.data, r->removed.len);
        nx_doc_free(&doc);

        char err[256] = "";
        char want[64];
        snprintf(want, sizeof(want), "byte offset %zu ", cases[i].start);
        assert_int_equal(
            clean_bytes(&doc, &opts_strict, cases[i].raw, cases[i].len, err, sizeof(err)),
            NX_ERR_BAD_UTF8);
        assert_non_null(strstr(err, want));
        assert_null(doc.text);
        assert_int_equal(doc.n_repairs, 0);
        nx_doc_free(&doc);
    }
    /* Two separate runs give two repairs. */
    nx_doc doc;
    const char *raw = "a\x80 b \xC3 c";
    assert_int_equal(clean_bytes(&doc, &opts_lenient, raw, strlen(raw), NULL, 0), NX_OK);
    assert_int_equal(doc.n_repairs, 2);
    assert_int_equal(doc.repairs[1].input_start, 5);
    assert_int_equal(doc.repairs[1].text_pos, 7);
    nx_doc_free(&doc);
}

static void test_line_breaks_and_controls(void **state)
{
    (void)state;
    expect_clean("a\r\nb\rc\r\n\r\nd", "a\nb\nc\n\nd");
    expect_clean("a\x01"
                 "b\x7F c\td\xC2\x85"
                 "e\x1B",
                 "ab c de");
    expect_clean("a\xC2\xA0"
                 "b\xE2\x80\xAF"
                 "c",
                 "a b c");
    expect_clean("a\xE2\x80\xA8"
                 "b",
                 "a\nb");
    expect_clean("a\xE2\x80\xA9"
                 "b",
                 "a\n\nb");
    expect_clean("zero\xE2\x80\x8Bwidth\xC2\xAD"
                 "s",
                 "zerowidths");
    expect_clean("\xEF\xBB\xBFHello", "Hello");
    /* CR maps to its own offset. */
    nx_doc doc;
    const char *raw = "ab\r\ncd";
    assert_int_equal(clean_bytes(&doc, &opts_lenient, raw, strlen(raw), NULL, 0), NX_OK);
    assert_string_equal(doc.text, "ab\ncd");
    assert_int_equal(doc.text_map[2], 2);
    assert_int_equal(doc.text_map[3], 4);
    assert_int_equal(doc.n_repairs, 0);
    nx_doc_free(&doc);
}

static void test_entities(void **state)
{
    (void)state;
    expect_clean("AT&amp;T &lt;b&gt; &quot;x&quot; it&apos;s", "AT&T <b> \"x\" it's");
    expect_clean("it&#8217;s it&#x2019;s it&#X2019;s", "it\xE2\x80\x99s it\xE2\x80\x99s "
                                                       "it\xE2\x80\x99s");
    expect_clean("caf&eacute; &mdash; &hellip; &euro;5 &copy;",
                 "caf\xC3\xA9 \xE2\x80\x94 \xE2\x80\xA6 \xE2\x82\xAC"
                 "5 \xC2\xA9");
    expect_clean("a&nbsp;b &nbsp; c", "a b c");
    expect_clean("x&#150;y", "x\xE2\x80\x93y");
    expect_clean("&amp;lt;", "&lt;");
    /* Without the semicolon, unknown, or invalid: left as written. */
    const char *keep[] = {"AT&T",
                          "&amp x",
                          "&foo; &bar;",
                          "&#xZZ; &#; &#x; &#0; &#xD800;",
                          "&#1114112; &#99999999;",
                          "Q&A & more &",
                          "&Amp; &AMP;"};
    for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
        assert_int_equal(expect_clean(keep[i], keep[i]), 0);
    /* The map points decoded characters at their '&'. */
    nx_doc doc;
    const char *raw = "x &eacute;y";
    assert_int_equal(clean_bytes(&doc, &opts_lenient, raw, strlen(raw), NULL, 0), NX_OK);
    assert_string_equal(doc.text, "x \xC3\xA9y");
    assert_int_equal(doc.text_map[2], 2);
    assert_int_equal(doc.text_map[3], 2);
    assert_int_equal(doc.text_map[4], 10);
    nx_doc_free(&doc);

    uint32_t cp = 0;
    assert_true(nx_html_entity_lookup("AElig", 5, &cp) && cp == 0xC6);
    assert_true(nx_html_entity_lookup("zwnj", 4, &cp) && cp == 0x200C);
    assert_true(nx_html_entity_lookup("Omega", 5, &cp) && cp == 0x3A9);
    assert_true(nx_html_entity_lookup("omega", 5, &cp) && cp == 0x3C9);
    assert_true(nx_html_entity_lookup("yuml", 4, &cp) && cp == 0xFF);
    assert_false(nx_html_entity_lookup("am", 2, &cp));
    assert_false(nx_html_entity_lookup("ampx", 4, &cp));
}

static void test_whitespace(void **state)
{
    (void)state;
    expect_clean("  a   b  \n  c \n\n\n   d  \n \n\t e  \n", "a b\nc\n\nd\n\ne");
    expect_clean("one\ttwo\t\tthree", "one two three");
    expect_clean("\n\n\nfirst\n\n\n\n\nsecond\n\n", "first\n\nsecond");
    /* A paragraph break maps to the raw line breaks it came from. */
    nx_doc doc;
    const char *raw = "a \n \n\nb";
    assert_int_equal(clean_bytes(&doc, &opts_lenient, raw, strlen(raw), NULL, 0), NX_OK);
    assert_string_equal(doc.text, "a\n\nb");
    assert_int_equal(doc.text_map[1], 2);
    assert_int_equal(doc.text_map[2], 4);
    assert_int_equal(doc.text_map[3], 6);
    nx_doc_free(&doc);
}

static void test_nfc(void **state)
{
    (void)state;
    nx_doc doc;
    const char *raw = "Cafe\xCC\x81 ok";
    assert_int_equal(clean_bytes(&doc, &opts_lenient, raw, strlen(raw), NULL, 0), NX_OK);
    assert_string_equal(doc.text, "Caf\xC3\xA9 ok");
    assert_int_equal(doc.text_map[3], 3); /* both bytes of the composed e-acute map to 'e' */
    assert_int_equal(doc.text_map[4], 3);
    assert_int_equal(doc.text_map[5], 6);
    assert_int_equal(doc.n_repairs, 0);
    nx_doc_free(&doc);

    expect_clean("e\xCC\x81", "\xC3\xA9");
    expect_clean("\xE2\x84\xAB", "\xC3\x85");                     /* U+212B -> U+00C5 */
    expect_clean("a\xCC\x81\xCC\xA3", "\xE1\xBA\xA1\xCC\x81");    /* reordered, composed */
    expect_clean("\xE1\x84\x80\xE1\x85\xA1 x", "\xEA\xB0\x80 x"); /* Hangul L+V */
    expect_clean("e&#769;", "\xC3\xA9");                          /* mark from a reference */
    expect_clean("q\xCC\x81", "q\xCC\x81");                       /* no composite: kept */
    expect_clean("\xCC\x81start", "\xCC\x81start");               /* leading mark kept */
    expect_clean("\xE2\x84\xAA\xCC\x81", "\xE1\xB8\xB0");         /* Kelvin + acute */
    expect_clean("x \xCD\x84 y", "x \xCC\x88\xCC\x81 y");         /* U+0344 decomposes */
}

static void test_empty(void **state)
{
    (void)state;
    const char *bodies[] = {"", "   \n\n \t ", "\x01\x02\x7F", "\xE2\x80\x8B\xC2\xA0 &nbsp;"};
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        nx_doc doc;
        char err[128] = "";
        assert_int_equal(
            clean_bytes(&doc, &opts_lenient, bodies[i], strlen(bodies[i]), err, sizeof(err)),
            NX_ERR_EMPTY_BODY);
        assert_null(doc.text);
        assert_int_equal(doc.text_len, 0);
        assert_true(err[0] != '\0');
        nx_doc_free(&doc);
    }
}

/* Every document of the JSON-lines file PATH (at least MIN_DOCS) passes
 * through cleaning byte for byte. */
static void check_corpus(const char *path, size_t min_docs)
{
    json_error_t jerr;
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *line = NULL;
    size_t cap = 0, docs = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        json_t *j = json_loadb(line, (size_t)n, 0, &jerr);
        assert_non_null(j);
        json_t *t = json_object_get(j, "text");
        assert_true(json_is_string(t));
        const char *text = json_string_value(t);
        size_t len = json_string_length(t);
        nx_doc doc;
        char err[256] = "";
        assert_int_equal(clean_bytes(&doc, &opts_strict, text, len, err, sizeof(err)), NX_OK);
        if (doc.text_len != len || memcmp(doc.text, text, len) != 0 || doc.n_repairs != 0)
            fail_msg("%s: document %s changed by cleaning", path,
                     json_string_value(json_object_get(j, "id")));
        for (size_t i = 0; i <= len; i++)
            assert_int_equal(doc.text_map[i], i);
        nx_doc_free(&doc);
        json_decref(j);
        docs++;
    }
    free(line);
    fclose(f);
    assert_true(docs >= min_docs);
}

/* The project's own clean texts (prose, CoNLL-style tokenized lines, tables,
 * non-ASCII letters) pass through unchanged. */
static void test_clean_texts_unchanged(void **state)
{
    (void)state;
    check_corpus(nx_source_path("tests/data/passthrough/clean.jsonl"), 12);
}

static void test_conll_dev_unchanged(void **state)
{
    (void)state;
    check_corpus(nx_shared_path("data/conll2003/dev.jsonl"), 101);
}

static void test_conll_train_unchanged(void **state)
{
    (void)state;
    check_corpus(nx_shared_path("data/conll2003/train.jsonl"), 101);
}

/* Every allocation of cleaning the article at PATH (with invalid UTF-8 and a
 * character reference appended) fails once: NX_ERR_NOMEM and nothing kept,
 * or the full result. */
static void alloc_failure_on(const char *path)
{
    size_t len;
    char *raw = read_file(path, &len);
    assert_non_null(raw);
    /* Add invalid UTF-8 and a reference so every allocation site is reached. */
    static const char tail[] = " bad \xC3 &eacute;e\xCC\x81 end";
    char *body = malloc(len + sizeof(tail));
    assert_non_null(body);
    memcpy(body, raw, len);
    memcpy(body + len, tail, sizeof(tail) - 1);
    size_t blen = len + sizeof(tail) - 1;

    nx_doc doc;
    nx_alloc_fail_at(0);
    assert_int_equal(clean_bytes(&doc, &opts_lenient, body, blen, NULL, 0), NX_OK);
    unsigned long total = nx_alloc_count();
    assert_int_equal(doc.n_repairs, 3);
    nx_doc_free(&doc);
    assert_true(total >= 5);

    size_t nomem = 0;
    for (unsigned long k = 1; k <= total + 1; k++) {
        nx_alloc_fail_at(k);
        nx_err e = clean_bytes(&doc, &opts_lenient, body, blen, NULL, 0);
        nx_alloc_fail_at(0);
        assert_true(e == NX_OK || e == NX_ERR_NOMEM);
        if (e == NX_ERR_NOMEM) {
            nomem++;
            assert_null(doc.text);
            assert_int_equal(doc.n_repairs, 0);
        } else {
            assert_int_equal(doc.n_repairs, 3);
        }
        nx_doc_free(&doc);
    }
    assert_int_equal(nomem, total);
    free(body);
    free(raw);
}

static void test_alloc_failure(void **state)
{
    (void)state;
    alloc_failure_on(nx_source_path("tests/data/fjord-tunnel.txt"));
}

static void test_alloc_failure_seed(void **state)
{
    (void)state;
    alloc_failure_on(nx_shared_path("samples/seed-article.txt"));
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii_passthrough),
        cmocka_unit_test(test_utf8_passthrough),
        cmocka_unit_test(test_article_repeated_tokens),
        cmocka_unit_test(test_repeated_token_rules),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_line_breaks_and_controls),
        cmocka_unit_test(test_entities),
        cmocka_unit_test(test_whitespace),
        cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_clean_texts_unchanged),
        cmocka_unit_test(test_alloc_failure),
    };
    /* On the development data (../shared): unit.test_clean.shared. */
    const struct CMUnitTest shared_tests[] = {
        cmocka_unit_test(test_seed_repeated_tokens),
        cmocka_unit_test(test_conll_dev_unchanged),
        cmocka_unit_test(test_conll_train_unchanged),
        cmocka_unit_test(test_alloc_failure_seed),
    };
    if (nx_shared_run(argc, argv)) {
        static const char *const needs[] = {"samples/seed-article.txt", "data/conll2003/dev.jsonl",
                                            "data/conll2003/train.jsonl", NULL};
        if (!nx_shared_present(needs))
            return NX_SKIP_CODE;
        return cmocka_run_group_tests(shared_tests, setup, NULL);
    }
    return cmocka_run_group_tests(tests, setup, NULL);
}
