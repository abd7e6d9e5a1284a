/*
 * test_segment.c - paragraphs, sentences and tokens (nx_segment) and
 * nx_count_words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sys/stat.h>
#include <unistd.h>

#include "lang_pack.h"
#include "nx_alloc.h"
#include "nx_doc.h"
#include "segment.h"
#include "shared_data.h"
#include "stage.h"
#include "en_config.h"

static nx_core_opts g_opts;

/* Segment text into *doc (the caller frees it with nx_doc_free). */
static void seg(nx_doc *doc, const char *text)
{
    memset(&g_opts, 0, sizeof(g_opts));
    nx_doc_init(doc, NULL, &g_opts);
    doc->text = nx_strndup(text, strlen(text));
    assert_non_null(doc->text);
    doc->text_len = strlen(text);
    char errstr[128];
    assert_int_equal(nx_segment(doc, errstr, sizeof(errstr)), NX_OK);
}

/* Assert the sentences of text are exactly the given strings (NULL-ended). */
static void check_sents(const char *text, ...)
{
    nx_doc doc;
    seg(&doc, text);
    va_list ap;
    va_start(ap, text);
    size_t k = 0;
    const char *want;
    while ((want = va_arg(ap, const char *)) != NULL) {
        if (k >= doc.n_sents)
            fail_msg("missing sentence %zu \"%s\" in \"%s\"", k, want, text);
        const nx_sentence *s = &doc.sents[k];
        char got[512];
        snprintf(got, sizeof(got), "%.*s", (int)(s->end - s->start), doc.text + s->start);
        if (strcmp(got, want) != 0)
            fail_msg("sentence %zu: got \"%s\", want \"%s\"", k, got, want);
        k++;
    }
    va_end(ap);
    if (k != doc.n_sents)
        fail_msg("%zu sentences, want %zu, in \"%s\"", doc.n_sents, k, text);
    nx_doc_free(&doc);
}

/* Assert the tokens of text are exactly the given strings (NULL-ended). */
static void check_toks(const char *text, ...)
{
    nx_doc doc;
    seg(&doc, text);
    va_list ap;
    va_start(ap, text);
    size_t k = 0;
    const char *want;
    while ((want = va_arg(ap, const char *)) != NULL) {
        if (k >= doc.n_toks)
            fail_msg("missing token %zu \"%s\" in \"%s\"", k, want, text);
        char got[256];
        snprintf(got, sizeof(got), "%.*s", (int)(doc.toks[k].end - doc.toks[k].start),
                 doc.text + doc.toks[k].start);
        if (strcmp(got, want) != 0)
            fail_msg("token %zu: got \"%s\", want \"%s\"", k, got, want);
        k++;
    }
    va_end(ap);
    if (k != doc.n_toks)
        fail_msg("%zu tokens, want %zu, in \"%s\"", doc.n_toks, k, text);
    assert_int_equal(nx_count_words(text, strlen(text)), doc.n_words);
    nx_doc_free(&doc);
}

static void test_abbreviations(void **state)
{
    (void)state;
    check_sents("Mr. Smith met Dr. Jones and Mrs. Brown. They talked.",
                "Mr. Smith met Dr. Jones and Mrs. Brown.", "They talked.", NULL);
    check_sents("Gov. Brown, Sen. Lee and Rep. Kim spoke on Jan. 5 and Feb. 6.",
                "Gov. Brown, Sen. Lee and Rep. Kim spoke on Jan. 5 and Feb. 6.", NULL);
    check_sents("Acme Inc. and Foo Corp. merged with Bar Ltd. and Baz Co. in St. Louis.",
                "Acme Inc. and Foo Corp. merged with Bar Ltd. and Baz Co. in St. Louis.", NULL);
    check_sents(
        "He arrived at 9 a.m. and left at 5 p.m. on No. 10 vs. Leeds, e.g. today, i.e. now.",
        "He arrived at 9 a.m. and left at 5 p.m. on No. 10 vs. Leeds, e.g. today, i.e. now.", NULL);
    check_sents("U.S. officials said the U.S. Navy is ready.",
                "U.S. officials said the U.S. Navy is ready.", NULL);
    /* an abbreviation at the real end of a sentence */
    check_sents("The talks were held in the U.S. The president left.",
                "The talks were held in the U.S.", "The president left.", NULL);
    check_sents("He works for Acme Inc. He joined in May.", "He works for Acme Inc.",
                "He joined in May.", NULL);
    check_sents("They met at 10 p.m. But nothing came of it.", "They met at 10 p.m.",
                "But nothing came of it.", NULL);
    check_sents("We bought apples, pears, etc. Then we left.", "We bought apples, pears, etc.",
                "Then we left.", NULL);
    check_sents("They met at 10 a.m. Monday in Washington.",
                "They met at 10 a.m. Monday in Washington.", NULL);
}

static void test_initials(void **state)
{
    (void)state;
    check_sents("Russian President V. V. Putin met J.R.R. Tolkien fans. George W. Bush did not.",
                "Russian President V. V. Putin met J.R.R. Tolkien fans.", "George W. Bush did not.",
                NULL);
    check_toks("J.R.R. Tolkien", "J.R.R.", "Tolkien", NULL);
}

static void test_numbers(void **state)
{
    (void)state;
    check_sents("Growth was 3.5 percent at 10.30 on Friday. Prices rose 1,000 points.",
                "Growth was 3.5 percent at 10.30 on Friday.", "Prices rose 1,000 points.", NULL);
    check_toks("3.5 10.30 1,000 1996-08-30 1/24/2023 5th .526 10:30", "3.5", "10.30", "1,000",
               "1996-08-30", "1/24/2023", "5th", ".526", "10:30", NULL);
    check_toks("It rose 5.", "It", "rose", "5", ".", NULL);
}

static void test_ellipsis(void **state)
{
    (void)state;
    check_sents("I waited... Nobody came.", "I waited...", "Nobody came.", NULL);
    check_sents("I waited... and waited.", "I waited... and waited.", NULL);
    check_sents("I waited\xe2\x80\xa6 Nobody came.", "I waited\xe2\x80\xa6", "Nobody came.", NULL);
    check_toks("Wait... no -- yes\xe2\x80\xa6", "Wait", "...", "no", "--", "yes", "\xe2\x80\xa6",
               NULL);
}

static void test_quotes_and_brackets(void **state)
{
    (void)state;
    check_sents("\"We will win,\" he said. \"Next year.\" Then he left.",
                "\"We will win,\" he said.", "\"Next year.\"", "Then he left.", NULL);
    check_sents("\xe2\x80\x9cIt is over.\xe2\x80\x9d The crowd left.",
                "\xe2\x80\x9cIt is over.\xe2\x80\x9d", "The crowd left.", NULL);
    check_sents("(This was known.) Others disagreed.", "(This was known.)", "Others disagreed.",
                NULL);
    check_sents("Why? Because! \"Really?\" he asked.", "Why?", "Because!", "\"Really?\" he asked.",
                NULL);
    check_sents("He said: \" It ends . \" Then he left .", "He said: \" It ends . \"",
                "Then he left .", NULL);
    check_toks("\xc2\xab"
               "Oui\xc2\xbb [x] (y)",
               "\xc2\xab", "Oui", "\xc2\xbb", "[", "x", "]", "(", "y", ")", NULL);
}

static void test_headlines_datelines(void **state)
{
    (void)state;
    check_sents("CRICKET - LEICESTERSHIRE TAKE OVER AT TOP AFTER INNINGS VICTORY\nLONDON "
                "1996-08-30\nWest Indian all-rounder Phil Simmons took four for 38 on Friday.",
                "CRICKET - LEICESTERSHIRE TAKE OVER AT TOP AFTER INNINGS VICTORY",
                "LONDON 1996-08-30",
                "West Indian all-rounder Phil Simmons took four for 38 on Friday.", NULL);
    /* the same without line breaks: the dateline is still found */
    check_sents("SOCCER - LEEDS WIN . LONDON 1996-08-30 Leeds won on Friday .",
                "SOCCER - LEEDS WIN .", "LONDON 1996-08-30", "Leeds won on Friday .", NULL);
    check_sents("Larry Fine NEW YORK 1996-08-30 Agassi won .", "Larry Fine", "NEW YORK 1996-08-30",
                "Agassi won .", NULL);
    /* a long wrapped line of prose does not end at its line break */
    check_sents("The government said on Monday that it would consider the proposal from\n"
                "Brussels next week.",
                "The government said on Monday that it would consider the proposal from\n"
                "Brussels next week.",
                NULL);
    check_sents("Results on Friday\nLeeds 2 Chelsea 1", "Results on Friday", "Leeds 2 Chelsea 1",
                NULL);
    check_sents("the talks ended in\ndisagreement.", "the talks ended in\ndisagreement.", NULL);
}

static void test_paragraphs(void **state)
{
    (void)state;
    nx_doc doc;
    seg(&doc, "First one. Second one.\n\nThird one\n\n \n\nFourth.");
    assert_int_equal(doc.n_paras, 3);
    assert_int_equal(doc.n_sents, 4);
    assert_int_equal(doc.sents[0].para, 0);
    assert_int_equal(doc.sents[1].para, 0);
    assert_int_equal(doc.sents[2].para, 1);
    assert_int_equal(doc.sents[3].para, 2);
    assert_int_equal(doc.paras[1].start, 24);
    assert_int_equal(doc.paras[1].end, 33);
    assert_memory_equal(doc.text + doc.paras[2].start, "Fourth.", 7);
    assert_int_equal(doc.paras[2].end, doc.text_len);
    /* a sentence never crosses a paragraph break, even without punctuation */
    assert_int_equal(doc.sents[2].end, 33);
    assert_true(doc.toks[doc.sents[2].tok_begin].flags & NX_TOKF_PARA_START);
    assert_true(doc.toks[doc.sents[1].tok_begin].flags & NX_TOKF_SENT_START);
    assert_false(doc.toks[doc.sents[1].tok_begin].flags & NX_TOKF_PARA_START);
    nx_doc_free(&doc);

    seg(&doc, "");
    assert_int_equal(doc.n_paras, 0);
    assert_int_equal(doc.n_sents, 0);
    assert_int_equal(doc.n_toks, 0);
    nx_doc_free(&doc);
}

static void test_token_kinds_flags(void **state)
{
    (void)state;
    nx_doc doc;
    const char *text = "NATO said: Russia's GDP fell 3.5% in 2022 \xf0\x9f\x98\x80 \xc3\x89mile.";
    seg(&doc, text);
    static const struct {
        const char *s;
        int kind;
        int flags;
    } want[] = {
        {"NATO", NX_TOK_WORD,
         NX_TOKF_CAP | NX_TOKF_ALLCAP | NX_TOKF_SENT_START | NX_TOKF_PARA_START},
        {"said", NX_TOK_WORD, 0},
        {":", NX_TOK_PUNCT, 0},
        {"Russia", NX_TOK_WORD, NX_TOKF_CAP},
        {"'s", NX_TOK_WORD, 0},
        {"GDP", NX_TOK_WORD, NX_TOKF_CAP | NX_TOKF_ALLCAP},
        {"fell", NX_TOK_WORD, 0},
        {"3.5", NX_TOK_NUM, 0},
        {"%", NX_TOK_PUNCT, 0},
        {"in", NX_TOK_WORD, 0},
        {"2022", NX_TOK_NUM, 0},
        {"\xf0\x9f\x98\x80", NX_TOK_OTHER, 0},
        {"\xc3\x89mile", NX_TOK_WORD, NX_TOKF_CAP},
        {".", NX_TOK_PUNCT, 0},
    };
    size_t n = sizeof(want) / sizeof(want[0]);
    assert_int_equal(doc.n_toks, n);
    for (size_t k = 0; k < n; k++) {
        const nx_token *t = &doc.toks[k];
        assert_int_equal(t->end - t->start, strlen(want[k].s));
        assert_memory_equal(doc.text + t->start, want[k].s, strlen(want[k].s));
        assert_int_equal(t->kind, want[k].kind);
        assert_int_equal(t->flags, want[k].flags);
    }
    assert_int_equal(doc.n_words, 10);
    assert_int_equal(nx_count_words(text, strlen(text)), 10);
    assert_int_equal(doc.n_sents, 1);
    nx_doc_free(&doc);
}

static void test_clitics_and_inner_marks(void **state)
{
    (void)state;
    check_toks("Russia\xe2\x80\x99s war", "Russia", "\xe2\x80\x99s", "war", NULL);
    check_toks("England 's don't can't O'Brien we're I'm", "England", "'s", "do", "n't", "ca",
               "n't", "O'Brien", "we", "'re", "I", "'m", NULL);
    check_toks("Russian-Chinese ties, U.S. a.m. AT&T S&P 37-run Jones' car", "Russian-Chinese",
               "ties", ",", "U.S.", "a.m.", "AT&T", "S&P", "37-run", "Jones", "'", "car", NULL);
    check_toks("does n't", "does", "n't", NULL);
}

static int ends_with(const char *s, size_t len, const char *suffix)
{
    size_t sl = strlen(suffix);
    return len >= sl && memcmp(s + len - sl, suffix, sl) == 0;
}

static int starts_with(const char *s, size_t len, const char *prefix)
{
    size_t pl = strlen(prefix);
    return len >= pl && memcmp(s, prefix, pl) == 0;
}

/* Segment the article at PATH from its first occurrence of START (the body
 * after the header line) to its end, trailing blanks dropped; checks that
 * every sentence span is trimmed. */
static void seg_article(nx_doc *doc, const char *path, const char *start_at)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *start = strstr(buf, start_at);
    assert_non_null(start);
    /* the sample file may end with a newline; the clean text does not */
    size_t len = strlen(start);
    while (len && (start[len - 1] == '\n' || start[len - 1] == '\r' || start[len - 1] == ' '))
        len--;
    char *text = nx_strndup(start, len);
    assert_non_null(text);
    seg(doc, text);
    nx_free(text);
    for (size_t k = 0; k < doc->n_sents; k++) {
        const char *s = doc->text + doc->sents[k].start;
        size_t sl = doc->sents[k].end - doc->sents[k].start;
        assert_true(sl > 0);
        assert_true(s[0] != ' ' && s[0] != '\n');
        assert_true(s[sl - 1] != ' ' && s[sl - 1] != '\n');
    }
}

/* Fails unless exactly one sentence of doc starts with PREFIX, and that one
 * ends with SUFFIX. */
static void check_sentence(const nx_doc *doc, const char *prefix, const char *suffix)
{
    int found = 0;
    for (size_t k = 0; k < doc->n_sents; k++) {
        const char *s = doc->text + doc->sents[k].start;
        size_t sl = doc->sents[k].end - doc->sents[k].start;
        if (!starts_with(s, sl, prefix))
            continue;
        found++;
        if (!ends_with(s, sl, suffix))
            fail_msg("sentence \"%.*s\" does not end with \"%s\"", (int)sl, s, suffix);
    }
    if (found != 1)
        fail_msg("%d sentences start with \"%s\", expected 1", found, prefix);
}

/* The project's own noisy article (tests/data/fjord-tunnel.txt). */
static void test_own_article(void **state)
{
    (void)state;
    nx_doc doc;
    seg_article(&doc, nx_source_path("tests/data/fjord-tunnel.txt"), "The Norwegian government");
    assert_int_equal(doc.n_paras, 7);
    assert_true(doc.n_sents > doc.n_paras);
    check_sentence(&doc, "The Norwegian government will open",
                   "Transport Ministry announced on Monday.");
    check_sentence(&doc, "Halvorsen told the Storting on January 9",
                   "for a generation\xe2\x80\x9d.");
    check_sentence(&doc, "The opposition did not agree", "did not agree.");
    check_sentence(&doc, "Erna Lunde, who speaks on transport", "every year.\xe2\x80\x9d");
    check_sentence(&doc, "Halvorsen dismissed the criticism", "Associated Press reported.");
    nx_doc_free(&doc);
}

/* The seed article of the development data (unit.test_segment.shared). */
static void test_seed_article(void **state)
{
    (void)state;
    nx_doc doc;
    seg_article(&doc, nx_shared_path("samples/seed-article.txt"), "The Russian government");
    assert_true(doc.n_paras >= 8);
    assert_true(doc.n_sents > doc.n_paras);
    check_sentence(&doc, "The Russian government is planning",
                   "Foreign Ministry announced on Monday.");
    check_sentence(&doc, "Meanwhile, the Chinese government has yet", "Xi\xe2\x80\x99s visit.");
    check_sentence(&doc, "\xe2\x80\x9cIt will demonstrate", "Putin said in his speech.");
    nx_doc_free(&doc);
}

static void test_alloc_failures(void **state)
{
    (void)state;
    const char *text = "Mr. Smith went to Washington. He met officials.\n\n"
                       "LONDON 1996-08-30\nThe talks ended. \"Fine,\" he said.\n\nA third one.";
    for (unsigned long k = 1; k < 10000; k++) {
        memset(&g_opts, 0, sizeof(g_opts));
        nx_doc doc;
        nx_doc_init(&doc, NULL, &g_opts);
        doc.text = nx_strndup(text, strlen(text));
        assert_non_null(doc.text);
        doc.text_len = strlen(text);
        char errstr[128];
        nx_alloc_fail_at(k);
        nx_err err = nx_segment(&doc, errstr, sizeof(errstr));
        nx_alloc_fail_at(0);
        assert_true(err == NX_OK || err == NX_ERR_NOMEM);
        nx_doc_free(&doc);
        if (err == NX_OK) {
            assert_true(k > 1);
            return;
        }
    }
    fail_msg("nx_segment never succeeded");
}

/* dir/lang/en/sentences.tsv: the project's config/lang/en/sentences.tsv
 * without its line drop (NULL: none), then the lines extra. */
static void write_rules(const char *path, const char *drop, const char *extra)
{
    nx_test_copy_en(path, "sentences.tsv", 1, drop, extra);
}

/* The sentences of text by the rules of opts's config folder, joined by
 * " | " into out. */
static void sents_with(const nx_core_opts *opts, const char *text, char *out, size_t cap)
{
    char errstr[256] = "";
    void *st = NULL;
    assert_int_equal(nx_stage_segment.init(opts, &st, errstr, sizeof(errstr)), NX_OK);
    nx_doc doc;
    nx_doc_init(&doc, NULL, opts);
    doc.text = nx_strndup(text, strlen(text));
    assert_non_null(doc.text);
    doc.text_len = strlen(text);
    assert_int_equal(nx_stage_segment.run(&doc, st, errstr, sizeof(errstr)), NX_OK);
    out[0] = '\0';
    for (size_t k = 0; k < doc.n_sents; k++) {
        size_t len = strlen(out);
        snprintf(out + len, cap - len, "%s%.*s", k ? " | " : "",
                 (int)(doc.sents[k].end - doc.sents[k].start), doc.text + doc.sents[k].start);
    }
    nx_doc_free(&doc);
    nx_stage_segment.free_state(st);
}

/* config/lang/en/sentences.tsv is read from the config folder: its
 * abbreviations keep their periods and their class, its starters end a
 * sentence after a split abbreviation, its continuing words join a line
 * to the next; the file is required, and a malformed line is a start-up
 * error naming it. */
static void test_rules_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/newsx-sents-XXXXXX", path[256], errstr[256] = "", got[512];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/lang", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/lang/en", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/lang/en/sentences.tsv", dir);
    nx_core_opts opts;
    memset(&opts, 0, sizeof(opts));
    opts.config_dir = dir;
    static const char *const text = "Mr. Smith met Xyz. Jones in Calif. Zebras ran.";
    write_rules(path, NULL, "");
    sents_with(&opts, text, got, sizeof(got));
    assert_string_equal(got, "Mr. Smith met Xyz. | Jones in Calif. Zebras ran.");
    /* a made-up title, a made-up starter; "Mr." no abbreviation */
    write_rules(path, "Mr.\tnosplit\n", "# comment\nXyz.\tnosplit\nZebras\tstarter\n");
    sents_with(&opts, text, got, sizeof(got));
    assert_string_equal(got, "Mr. | Smith met Xyz. Jones in Calif. | Zebras ran.");
    /* split: only before a starter; loose: before any capitalized word */
    write_rules(path, NULL, "Xyz.\tsplit\n");
    sents_with(&opts, text, got, sizeof(got));
    assert_string_equal(got, "Mr. Smith met Xyz. Jones in Calif. Zebras ran.");
    write_rules(path, NULL, "Xyz.\tloose\n");
    sents_with(&opts, text, got, sizeof(got));
    assert_string_equal(got, "Mr. Smith met Xyz. | Jones in Calif. Zebras ran.");
    /* nx_count_words reads no rules: a kept period is no word either way */
    static const char *const dots = "Mr. Smith paid No.5 to Xyz. Inc.. etc... and Calif. Co.";
    nx_doc doc;
    seg(&doc, dots);
    assert_int_equal(doc.n_words, 12);
    assert_int_equal(nx_count_words(dots, strlen(dots)), doc.n_words);
    nx_doc_free(&doc);
    /* a short line ends its sentence unless it ends with a continuing word */
    static const char *const lines = "The plan was agreed by\nSmith and Jones.";
    write_rules(path, NULL, "");
    sents_with(&opts, lines, got, sizeof(got));
    assert_string_equal(got, "The plan was agreed by\nSmith and Jones.");
    write_rules(path, "by\tcontinue\n", "");
    sents_with(&opts, lines, got, sizeof(got));
    assert_string_equal(got, "The plan was agreed by | Smith and Jones.");
    /* malformed lines: an unknown class, a starter with a period, a
     * continuing phrase, no class */
    static const char *const bad[] = {"Mr.\tnosplit\nDr.\ttitle\n", "Mr.\tnosplit\nThe.\tstarter\n",
                                      "Mr.\tnosplit\nof the\tcontinue\n", "Mr.\tnosplit\nDr.\n"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(bad[i], f);
        fclose(f);
        void *st = NULL;
        assert_int_equal(nx_stage_segment.init(&opts, &st, errstr, sizeof(errstr)), NX_ERR_CONFIG);
        assert_null(st);
        assert_non_null(strstr(errstr, "sentences.tsv:2"));
    }
    /* no file: the core cannot segment English without its rules */
    unlink(path);
    void *st = NULL;
    assert_int_equal(nx_stage_segment.init(&opts, &st, errstr, sizeof(errstr)), NX_ERR_CONFIG);
    assert_null(st);
    assert_non_null(strstr(errstr, path));
    nx_lang_pack *en = NULL;
    assert_int_equal(nx_segment_rules_load(dir, &en, errstr, sizeof(errstr)), NX_ERR_CONFIG);
    assert_null(en);
    nx_doc_init(&doc, NULL, &opts);
    doc.text = nx_strndup(text, strlen(text));
    doc.text_len = strlen(text);
    assert_int_equal(nx_segment_with(&doc, NULL, errstr, sizeof(errstr)), NX_ERR_CONFIG);
    nx_doc_free(&doc);
    snprintf(path, sizeof(path), "%s/lang/en", dir);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/lang", dir);
    rmdir(path);
    rmdir(dir);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_initials),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_ellipsis),
        cmocka_unit_test(test_quotes_and_brackets),
        cmocka_unit_test(test_headlines_datelines),
        cmocka_unit_test(test_paragraphs),
        cmocka_unit_test(test_token_kinds_flags),
        cmocka_unit_test(test_clitics_and_inner_marks),
        cmocka_unit_test(test_own_article),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_rules_file),
    };
    /* On the development data (../shared): unit.test_segment.shared. */
    const struct CMUnitTest shared_tests[] = {
        cmocka_unit_test(test_seed_article),
    };
    if (nx_shared_run(argc, argv)) {
        static const char *const needs[] = {"samples/seed-article.txt", NULL};
        if (!nx_shared_present(needs))
            return NX_SKIP_CODE;
        return cmocka_run_group_tests(shared_tests, NULL, NULL);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
