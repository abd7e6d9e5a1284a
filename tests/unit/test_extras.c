/*
 * test_extras.c - the extra stages (docs/extras.md): amounts (values, units,
 * objects, what is not an amount), keywords (YAKE ranking, entity merging),
 * tone (lexicon, negation, GDELT arithmetic), the SimHash fingerprint
 * (invariance, near and far copies), the shared helpers, and allocation
 * failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "extras.h"
#include "nx_alloc.h"
#include "nx_core.h"
#include "nx_doc.h"
#include "segment.h"
#include "stage.h"
#include "en_config.h"

static nx_core_opts g_opts;
static void *g_tone, *g_amounts; /* the amounts stage's English words (en/amounts.tsv) */
static nx_words *g_words;        /* config/lang/en/stopwords.tsv, word-classes.tsv */

static int setup(void **state)
{
    (void)state;
    char errstr[256];
    memset(&g_opts, 0, sizeof(g_opts));
    if (nx_words_load(NULL, &g_words, errstr, sizeof(errstr)) != NX_OK)
        return -1;
    return nx_stage_tone.init(&g_opts, &g_tone, errstr, sizeof(errstr)) == NX_OK &&
                   nx_stage_amounts.init(&g_opts, &g_amounts, errstr, sizeof(errstr)) == NX_OK
               ? 0
               : -1;
}

static int teardown(void **state)
{
    (void)state;
    nx_stage_tone.free_state(g_tone);
    nx_words_free(g_words);
    nx_stage_amounts.free_state(g_amounts);
    return 0;
}

static void seg(nx_doc *doc, const char *text)
{
    nx_doc_init(doc, NULL, &g_opts);
    doc->words = g_words;
    doc->text = nx_strndup(text, strlen(text));
    assert_non_null(doc->text);
    doc->text_len = strlen(text);
    char errstr[128];
    assert_int_equal(nx_segment(doc, errstr, sizeof(errstr)), NX_OK);
}

/* Byte offset of the n-th (0-based) occurrence of s in the doc's text. */
static uint32_t find(const nx_doc *doc, const char *s, int n)
{
    const char *p = doc->text;
    for (;;) {
        p = strstr(p, s);
        assert_non_null(p);
        if (n-- == 0)
            return (uint32_t)(p - doc->text);
        p++;
    }
}

/* ---- helpers ---- */

static void test_helpers(void **state)
{
    (void)state;
    char out[32];
    static const char *const lemmas[][2] = {
        {"children", "child"}, {"barrels", "barrel"},
        {"cities", "city"},    {"boxes", "box"},
        {"km", "km"},          {"People", "people"},
        {"series", "series"},  {"crises", "crisis"},
        {"heroes", "hero"},    {"households", "household"},
        {"bus", "bus"},        {"glass", "glass"},
    };
    for (size_t i = 0; i < sizeof(lemmas) / sizeof(lemmas[0]); i++) {
        size_t n = nx_noun_lemma(g_words, lemmas[i][0], strlen(lemmas[i][0]), out, sizeof(out));
        assert_int_equal(n, strlen(lemmas[i][1]));
        assert_string_equal(out, lemmas[i][1]);
    }
    assert_int_equal(nx_noun_lemma(g_words, "x", 1, out, 1), 0); /* does not fit */

    assert_true(nx_is_stopword(g_words, "The", 3));
    assert_true(nx_is_stopword(g_words, "of", 2));
    assert_true(nx_is_stopword(g_words, "yourself", 8)); /* the file's last word */
    assert_true(nx_is_stopword(g_words, "a", 1));        /* the first */
    assert_false(nx_is_stopword(g_words, "flood", 5));
    assert_false(nx_is_stopword(g_words, "", 0));

    char num[32];
    assert_int_equal(nx_fmt_fixed(3.14159, 4, num), 6);
    assert_string_equal(num, "3.1416");
    nx_fmt_fixed(-2.5, 2, num);
    assert_string_equal(num, "-2.50");
    nx_fmt_fixed(-0.00001, 4, num);
    assert_string_equal(num, "0.0000");
    nx_fmt_fixed(3200000000.0, 0, num);
    assert_string_equal(num, "3200000000");

    assert_int_equal(nx_hamming64(0, 0), 0);
    assert_int_equal(nx_hamming64(0xF0, 0x0F), 8);
    assert_int_equal(nx_hamming64(UINT64_MAX, 0), 64);
}

/* Index of the token that starts at byte offset off. */
static size_t tok_at(const nx_doc *doc, uint32_t off)
{
    for (size_t t = 0; t < doc->n_toks; t++)
        if (doc->toks[t].start == off)
            return t;
    fail_msg("no token at %u", off);
    return 0;
}

static void test_doc_words(void **state)
{
    (void)state;
    char text[400];
    char long_word[NX_TOK_WORD_MAX + 2];
    memset(long_word, 'x', sizeof(long_word) - 1);
    long_word[sizeof(long_word) - 1] = '\0';
    snprintf(
        text, sizeof(text),
        "The U.S. economy grew 3%% in 2024, Zo\xC3\xAB said. Covid19 cases fell by twenty. %s.",
        long_word);
    nx_doc doc;
    seg(&doc, text);
    const nx_tok_word *w = nx_doc_words(&doc);
    assert_non_null(w);
    assert_ptr_equal(nx_doc_words(&doc), w); /* computed once */
    const nx_tok_word *the = &w[tok_at(&doc, find(&doc, "The", 0))];
    assert_true(the->hash == nx_word_hash("the", 3));
    assert_true(the->cls & NX_W_STOP);
    assert_true(the->alnum);
    const nx_tok_word *us = &w[tok_at(&doc, find(&doc, "U.S.", 0))];
    assert_true(us->hash == nx_word_hash("u.s.", 4));
    assert_false(us->alnum);
    const nx_tok_word *covid = &w[tok_at(&doc, find(&doc, "Covid19", 0))];
    assert_true(covid->hash == nx_word_hash("covid19", 7));
    assert_true(covid->alnum);
    assert_int_equal(covid->cls, 0);
    assert_true(w[tok_at(&doc, find(&doc, "twenty", 0))].cls & NX_W_NUM);
    /* Not ASCII, a number, punctuation, too long: no hash. */
    assert_true(w[tok_at(&doc, find(&doc, "Zo", 0))].hash == 0);
    assert_true(w[tok_at(&doc, find(&doc, "2024", 0))].hash == 0);
    assert_true(w[tok_at(&doc, find(&doc, "%", 0))].hash == 0);
    assert_true(w[tok_at(&doc, find(&doc, long_word, 0))].hash == 0);
    nx_doc_free(&doc);
    /* An empty doc has no words to compute. */
    seg(&doc, "");
    assert_null(nx_doc_words(&doc));
    nx_doc_free(&doc);
}

/* ---- amounts ---- */

typedef struct want_amount {
    const char *text;
    double value;
    const char *unit;
    const char *object; /* NULL: none */
} want_amount;

static void check_amounts_with(const void *words, const char *text, const want_amount *want,
                               size_t n)
{
    nx_doc doc;
    seg(&doc, text);
    char errstr[128];
    assert_int_equal(nx_stage_amounts.run(&doc, words, errstr, sizeof(errstr)), NX_OK);
    for (size_t i = 0; i < doc.n_amounts && i < n; i++) {
        const nx_amount *a = &doc.amounts[i];
        char got[128];
        snprintf(got, sizeof(got), "%.*s", (int)(a->end - a->start), doc.text + a->start);
        assert_string_equal(got, want[i].text);
        assert_true(a->value == want[i].value);
        assert_string_equal(a->unit, want[i].unit);
        if (want[i].object) {
            assert_true(a->has_object);
            snprintf(got, sizeof(got), "%.*s", (int)(a->object.end - a->object.start),
                     doc.text + a->object.start);
            assert_string_equal(got, want[i].object);
        } else {
            assert_false(a->has_object);
        }
    }
    assert_int_equal(doc.n_amounts, n);
    nx_doc_free(&doc);
}

static void check_amounts(const char *text, const want_amount *want, size_t n)
{
    check_amounts_with(g_amounts, text, want, n);
}

static void test_amounts_issue_examples(void **state)
{
    (void)state;
    static const want_amount want[] = {
        {"105 children", 105, "child", "children"},
        {"$3.2 billion", 3.2e9, "USD", "aid"},
        {"two million barrels", 2e6, "barrel", "oil"},
        {"15 percent", 15, "percent", "voters"},
        {"5 km", 5, "km", NULL},
        {"\xC2\xA3"
         "3.2bn",
         3.2e9, "GBP", NULL},
    };
    check_amounts("Officials said 105 children were hurt. The US pledged $3.2 billion in aid. "
                  "The field pumps two million barrels of oil a day. About 15 percent of voters "
                  "stayed home. The road is 5 km long. The deal was worth \xC2\xA3"
                  "3.2bn last year.",
                  want, sizeof(want) / sizeof(want[0]));
}

static void test_amounts_forms(void **state)
{
    (void)state;
    static const want_amount want[] = {
        {"twenty-five soldiers", 25, "soldier", "soldiers"},
        {"1,250 new cases", 1250, "case", "new cases"},
        {"2.5%", 2.5, "percent", NULL},
        {"4.5 per cent", 4.5, "percent", NULL},
        {"300 million euros", 3e8, "EUR", NULL},
        {"\xE2\x82\xAC"
         "20m",
         2e7, "EUR", NULL},
        {"a dozen villages", 12, "village", "villages"},
        {"1.2 million square kilometres", 1.2e6, "square kilometre", NULL},
        {"0.3 percentage points", 0.3, "percentage point", "growth"},
        {"one person", 1, "person", "person"},
    };
    check_amounts("Rebels killed twenty-five soldiers on the border. Health officials reported "
                  "1,250 new cases. Prices rose 2.5% in May, and wages 4.5 per cent. The bank "
                  "lent 300 million euros and \xE2\x82\xAC"
                  "20m more. Floods hit a dozen villages. The forest covers 1.2 million square "
                  "kilometres. Tariffs would cost 0.3 percentage points of growth. Only one "
                  "person was hurt.",
                  want, sizeof(want) / sizeof(want[0]));
}

static void test_amounts_rejects(void **state)
{
    (void)state;
    /* Years, ordinals, list and street numbers, "one of", ranges, times: none is an amount. */
    check_amounts("In 2019 elections were held. He finished 5th in the race. No. 10 Downing "
                  "Street said so. One of the men left. The score was 2-1 at 10:30 today. It "
                  "happened at 10 Downing Street.",
                  NULL, 0);
    /* A number inside a date expression (filled by the date stage) is no amount. */
    nx_doc doc;
    seg(&doc, "On January 24 officials met 40 farmers.");
    doc.timexes = nx_calloc(1, sizeof(nx_timex));
    assert_non_null(doc.timexes);
    doc.n_timexes = doc.cap_timexes = 1;
    doc.timexes[0].start = find(&doc, "January", 0);
    doc.timexes[0].end = find(&doc, " officials", 0);
    doc.timexes[0].type = NX_TIMEX_DATE;
    char errstr[128];
    assert_int_equal(nx_stage_amounts.run(&doc, g_amounts, errstr, sizeof(errstr)), NX_OK);
    assert_int_equal(doc.n_amounts, 1);
    assert_int_equal(doc.amounts[0].start, find(&doc, "40", 0));
    nx_doc_free(&doc);
}

/* dir/lang/en/amounts.tsv: the project's config/lang/en/amounts.tsv without
 * its line drop (NULL: none), then the lines extra; dir/lang/en is made. */
static void write_amount_words(const char *dir, const char *drop, const char *extra, char *path,
                               size_t cap)
{
    snprintf(path, cap, "%s/lang", dir);
    mkdir(path, 0700);
    snprintf(path, cap, "%s/lang/en", dir);
    mkdir(path, 0700);
    snprintf(path, cap, "%s/lang/en/amounts.tsv", dir);
    nx_test_copy_en(path, "amounts.tsv", 1, drop, extra);
}

/* The English words come from config/lang/en/amounts.tsv: a copy with a
 * currency word added, or a percent, scale or plural word dropped changes
 * the amounts; the file is required, and a malformed line is a start-up
 * error naming it; without its words the stage fails on English text. */
static void test_amounts_words_file(void **state)
{
    (void)state;
    static const char text[] = "He paid 50 quid. Sales rose 5 pct. Troops got two dozen rifles.";
    static const want_amount project[] = {
        {"50 quid", 50, "quid", "quid"},
        {"5 pct", 5, "percent", NULL},
        {"two dozen rifles", 24, "rifle", "rifles"},
    };
    check_amounts(text, project, 3);
    static const char police[] = "Then 5 police officers came.";
    static const want_amount police_project[] = {{"5 police", 5, "police", "police"}};
    check_amounts(police, police_project, 1);
    char dir[] = "/tmp/newsx-amwords-XXXXXX", path[512], errstr[256] = "";
    assert_non_null(mkdtemp(dir));
    nx_core_opts opts;
    memset(&opts, 0, sizeof(opts));
    opts.config_dir = dir;
    /* missing: a configuration error naming the file */
    void *st = NULL;
    assert_int_equal(nx_stage_amounts.init(&opts, &st, errstr, sizeof(errstr)), NX_ERR_CONFIG);
    assert_non_null(strstr(errstr, "lang/en/amounts.tsv"));
    assert_null(st);
    /* "quid" a currency, "pct" and "dozen" no longer words of the stage */
    write_amount_words(dir, "pct\tpercent\t1\n", "quid\tcurrency\tGBP\n", path, sizeof(path));
    assert_int_equal(nx_stage_amounts.init(&opts, &st, errstr, sizeof(errstr)), NX_OK);
    static const want_amount edited[] = {
        {"50 quid", 50, "GBP", NULL},
        {"5 pct", 5, "pct", "pct"},
        {"two dozen rifles", 24, "rifle", "rifles"},
    };
    check_amounts_with(st, text, edited, 3);
    nx_stage_amounts.free_state(st);
    st = NULL;
    write_amount_words(dir, "dozen\tfactor\t12\n", "", path, sizeof(path));
    assert_int_equal(nx_stage_amounts.init(&opts, &st, errstr, sizeof(errstr)), NX_OK);
    static const want_amount no_dozen[] = {
        {"50 quid", 50, "quid", "quid"},
        {"5 pct", 5, "percent", NULL},
    };
    check_amounts_with(st, text, no_dozen, 2);
    nx_stage_amounts.free_state(st);
    st = NULL;
    write_amount_words(dir, "police\tplural\t-\n", "", path, sizeof(path));
    assert_int_equal(nx_stage_amounts.init(&opts, &st, errstr, sizeof(errstr)), NX_OK);
    static const want_amount no_police[] = {{"5 police officers", 5, "officer", "police officers"}};
    check_amounts_with(st, police, no_police, 1);
    nx_stage_amounts.free_state(st);
    st = NULL;
    /* an unknown class: the file and its line */
    write_amount_words(dir, NULL, "widget\tgadget\t1\n", path, sizeof(path));
    assert_int_equal(nx_stage_amounts.init(&opts, &st, errstr, sizeof(errstr)), NX_ERR_CONFIG);
    assert_non_null(strstr(errstr, "amounts.tsv:"));
    assert_null(st);
    unlink(path);
    snprintf(path, sizeof(path), "%s/lang/en", dir);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/lang", dir);
    rmdir(path);
    rmdir(dir);
    /* no words (the stage not initialised): an error, never empty lists */
    nx_doc doc;
    seg(&doc, text);
    assert_int_equal(nx_stage_amounts.run(&doc, NULL, errstr, sizeof(errstr)), NX_ERR_CONFIG);
    nx_doc_free(&doc);
}

/* ---- keywords ---- */

static void test_keywords(void **state)
{
    (void)state;
    const char *text = "Flood waters rose in the river valley. The flood waters destroyed "
                       "bridges, and the river valley lost power. Rescue teams worked through "
                       "the night as flood waters kept rising. President Anna Berg visited the "
                       "valley. Berg promised help for the river valley.";
    nx_doc doc;
    seg(&doc, text);
    /* One PERSON entity with two mentions: "Anna Berg" and "Berg". */
    doc.entities = nx_calloc(1, sizeof(nx_entity));
    doc.mentions = nx_calloc(2, sizeof(nx_mention));
    assert_non_null(doc.entities);
    assert_non_null(doc.mentions);
    doc.n_entities = doc.cap_entities = 1;
    doc.n_mentions = doc.cap_mentions = 2;
    doc.entities[0].name_start = find(&doc, "Anna Berg", 0);
    doc.entities[0].name_end = doc.entities[0].name_start + 9;
    doc.entities[0].count = 2;
    doc.mentions[0].start = doc.entities[0].name_start;
    doc.mentions[0].end = doc.entities[0].name_end;
    doc.mentions[1].start = find(&doc, "Berg promised", 0);
    doc.mentions[1].end = doc.mentions[1].start + 4;
    char errstr[128];
    assert_int_equal(nx_stage_keywords.run(&doc, NULL, errstr, sizeof(errstr)), NX_OK);
    assert_true(doc.n_keywords >= 3 && doc.n_keywords <= 10);
    int flood = 0, valley = 0, berg = 0;
    for (size_t i = 0; i < doc.n_keywords; i++) {
        const nx_keyword *k = &doc.keywords[i];
        char s[64];
        snprintf(s, sizeof(s), "%.*s", (int)(k->first.end - k->first.start),
                 doc.text + k->first.start);
        if (i)
            assert_true(k->score >= doc.keywords[i - 1].score); /* best first */
        assert_true(k->count >= 1);
        if (strstr(s, "lood waters"))
            flood++;
        if (!strcmp(s, "river valley"))
            valley++;
        if (k->entity == 0)
            berg++;
        else
            assert_int_equal(k->entity, -1);
        /* No phrase starts or ends with a function word. */
        assert_false(nx_is_stopword(g_words, s, strcspn(s, " ")));
    }
    assert_int_equal(flood, 1);  /* "Flood waters" and "flood waters" are one phrase */
    assert_int_equal(valley, 1); /* and "valley" alone is inside it: not listed again */
    assert_int_equal(berg, 1);   /* "President Anna Berg" and "Berg": one keyword, the entity */
    /* The most frequent multi-word phrases rank first. */
    char top[64];
    snprintf(top, sizeof(top), "%.*s",
             (int)(doc.keywords[0].first.end - doc.keywords[0].first.start),
             doc.text + doc.keywords[0].first.start);
    assert_true(strstr(top, "lood waters") || !strcmp(top, "river valley"));
    nx_doc_free(&doc);
}

static void keywords_in_order(const nx_doc *doc)
{
    for (size_t i = 1; i < doc->n_keywords; i++)
        assert_true(doc->keywords[i].score >= doc->keywords[i - 1].score);
}

static void test_keywords_fill_and_long(void **state)
{
    (void)state;
    /* Nothing recurs: the best single words fill the list, best first. */
    nx_doc doc;
    seg(&doc, "Storm batters northern coast overnight.");
    char errstr[128];
    assert_int_equal(nx_stage_keywords.run(&doc, NULL, errstr, sizeof(errstr)), NX_OK);
    assert_int_equal(doc.n_keywords, 5);
    keywords_in_order(&doc);
    for (size_t i = 0; i < doc.n_keywords; i++)
        assert_int_equal(doc.keywords[i].first.end - doc.keywords[i].first.start,
                         strcspn(doc.text + doc.keywords[i].first.start, " ."));
    nx_doc_free(&doc);
    /* A phrase whose median sentence lies past the position table (1,200
     * sentences) still gets a finite score and ranks first. */
    size_t cap = 1300 * 24;
    char *text = nx_malloc(cap);
    assert_non_null(text);
    size_t n = 0;
    for (int i = 0; i < 1200; i++)
        n += (size_t)snprintf(text + n, cap - n, "%s ",
                              i >= 1100 && i % 20 == 0 ? "Harbour cranes idle."
                                                       : "Ships wait outside.");
    seg(&doc, text);
    nx_free(text);
    assert_true(doc.n_sents == 1200);
    assert_int_equal(nx_stage_keywords.run(&doc, NULL, errstr, sizeof(errstr)), NX_OK);
    assert_true(doc.n_keywords >= 1);
    keywords_in_order(&doc);
    int cranes = 0;
    for (size_t i = 0; i < doc.n_keywords; i++) {
        const nx_keyword *k = &doc.keywords[i];
        assert_true(k->score > 0 && k->score < 1e300);
        if (!strncmp(doc.text + k->first.start, "Harbour cranes", 14) ||
            !strncmp(doc.text + k->first.start, "cranes idle", 11))
            cranes++;
    }
    assert_true(cranes >= 1);
    nx_doc_free(&doc);
}

/* ---- tone ---- */

static nx_tone tone_of(const char *text)
{
    nx_doc doc;
    seg(&doc, text);
    char errstr[128];
    assert_int_equal(nx_stage_tone.run(&doc, g_tone, errstr, sizeof(errstr)), NX_OK);
    assert_true(doc.has_tone);
    nx_tone t = doc.tone;
    assert_int_equal(t.words, doc.n_words);
    nx_doc_free(&doc);
    return t;
}

static void test_tone(void **state)
{
    (void)state;
    nx_tone t = tone_of("The talks were a great success.");
    assert_int_equal(t.pos_words, 2);
    assert_int_equal(t.neg_words, 0);
    assert_true(t.tone > 0);
    /* GDELT arithmetic: percentages of all words. */
    assert_true(t.positive == 100.0 * 2 / t.words);
    assert_true(t.tone == t.positive - t.negative);
    assert_true(t.polarity == t.positive + t.negative);

    t = tone_of("The attack killed twelve people and destroyed the hospital.");
    assert_int_equal(t.pos_words, 0);
    assert_true(t.neg_words >= 2);
    assert_true(t.tone < 0);

    /* Negation: "not a success" is negative, "did not fail" positive, "no doubt". */
    t = tone_of("The talks were not a success.");
    assert_int_equal(t.pos_words, 0);
    assert_int_equal(t.neg_words, 1);
    t = tone_of("The rescue didn't fail.");
    assert_int_equal(t.neg_words, 0);
    assert_int_equal(t.pos_words, 2); /* rescue, and the negated fail */
    t = tone_of("The rescue didn\xE2\x80\x99t fail.");
    assert_int_equal(t.neg_words, 0);
    /* Quotation marks do not end the negation; a dash does. */
    t = tone_of("The talks were not \xE2\x80\x9Cgood\xE2\x80\x9D.");
    assert_int_equal(t.pos_words, 0);
    assert_int_equal(t.neg_words, 1);
    t = tone_of("They did not know \xE2\x80\x94 the talks were good.");
    assert_int_equal(t.pos_words, 1);
    /* A clause boundary ends the negation. */
    t = tone_of("It was not over, and the talks were a success.");
    assert_int_equal(t.pos_words, 1);
    assert_int_equal(t.neg_words, 0);
    /* Out of the window of three words: not negated. */
    t = tone_of("It is not for the sake of any success.");
    assert_int_equal(t.pos_words, 1);

    t = tone_of("The committee met on Tuesday.");
    assert_int_equal(t.pos_words + t.neg_words, 0);
    assert_true(t.tone == 0 && t.polarity == 0);
}

static void test_tone_names_skipped(void **state)
{
    (void)state;
    nx_doc doc;
    seg(&doc, "Hope Smith joined the United Nations.");
    doc.mentions = nx_calloc(2, sizeof(nx_mention));
    assert_non_null(doc.mentions);
    doc.n_mentions = doc.cap_mentions = 2;
    doc.mentions[0].start = 0;
    doc.mentions[0].end = 10;
    doc.mentions[1].start = find(&doc, "United", 0);
    doc.mentions[1].end = find(&doc, ".", 0);
    char errstr[128];
    assert_int_equal(nx_stage_tone.run(&doc, g_tone, errstr, sizeof(errstr)), NX_OK);
    assert_int_equal(doc.tone.pos_words + doc.tone.neg_words, 0);
    nx_doc_free(&doc);
}

/* Every single-word entry of the lexicon is found (the key filter turns no
 * lexicon word away): one word per sentence, no negation. */
static void test_tone_whole_lexicon(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof(path), "%s/config/lexicons/vader.tsv", NEWSX_SOURCE_DIR);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t cap = 1 << 18, n = 0;
    char *text = nx_malloc(cap);
    assert_non_null(text);
    unsigned expected = 0;
    char line[256];
    while (fgets(line, sizeof(line), f)) {
        size_t len = strcspn(line, "\t");
        if (line[0] == '#' || !line[len] || strspn(line, "abcdefghijklmnopqrstuvwxyz") != len)
            continue;
        if (atof(line + len + 1) == 0 ||
            (nx_word_class(g_words, line, len, NULL) & (NX_W_STOP | NX_W_NEG)))
            continue;
        assert_true(n + len + 3 < cap);
        memcpy(text + n, line, len);
        memcpy(text + n + len, ". ", 2);
        n += len + 2;
        expected++;
    }
    fclose(f);
    text[n] = '\0';
    assert_true(expected > 5000);
    nx_tone t = tone_of(text);
    nx_free(text);
    assert_int_equal(t.pos_words + t.neg_words, expected);
}

static void test_tone_bad_lexicon(void **state)
{
    (void)state;
    nx_core_opts o;
    memset(&o, 0, sizeof(o));
    o.config_dir = "/nonexistent-newsx-config";
    void *st = NULL;
    char errstr[256] = "";
    assert_int_equal(nx_stage_tone.init(&o, &st, errstr, sizeof(errstr)), NX_ERR_MODEL);
    assert_non_null(strstr(errstr, "vader.tsv"));
    assert_null(st);
}

/* ---- fingerprint ---- */

static uint64_t fp_of(const char *text)
{
    nx_doc doc;
    seg(&doc, text);
    char errstr[128];
    assert_int_equal(nx_stage_fingerprint.run(&doc, NULL, errstr, sizeof(errstr)), NX_OK);
    assert_true(doc.has_fingerprint);
    uint64_t h = doc.fingerprint, again = 1;
    assert_int_equal(nx_simhash_text(&doc, &again), NX_OK);
    assert_true(h == again);
    nx_doc_free(&doc);
    return h;
}

static const char story[] =
    "Heavy rain swept across northern Italy on Friday, forcing more than 12,000 people from "
    "their homes and cutting power to about 40,000 households, officials said. Rivers burst "
    "their banks in at least 23 towns, where nearly 30 centimetres of rain fell in 36 hours. "
    "Firefighters used boats and helicopters to rescue residents stranded on rooftops, and two "
    "people were reported missing. The regional president said the damage could exceed 1.5 "
    "billion euros and asked the government to declare a state of emergency. Schools in 15 "
    "municipalities will stay shut on Monday, and the railway suspended services on the main "
    "line.";

static void test_fingerprint_invariance(void **state)
{
    (void)state;
    uint64_t h = fp_of(story);
    assert_true(h != 0);
    /* Whitespace, punctuation, quote marks and case change nothing. */
    char *v = nx_strndup(story, strlen(story));
    assert_non_null(v);
    for (char *p = v; *p; p++) {
        if (*p == ',' && p[1] == ' ')
            *p = ';';
        else if (*p >= 'a' && *p <= 'z' && (p == v || p[-1] == ' '))
            *p = (char)(*p - 32);
    }
    assert_int_equal(nx_hamming64(h, fp_of(v)), 0);
    nx_free(v);
    const char *spaced = "Heavy  rain swept\nacross northern Italy - on Friday!";
    const char *plain = "Heavy rain swept across northern Italy on Friday.";
    assert_int_equal(nx_hamming64(fp_of(spaced), fp_of(plain)), 0);
    assert_int_equal(nx_hamming64(fp_of("Russia\xE2\x80\x99s war"), fp_of("Russia's war")), 0);
    assert_int_equal(fp_of(""), 0);
}

static char *read_data(const char *name)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/tests/data/extras/%s", NEWSX_SOURCE_DIR, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = nx_malloc(1 << 16);
    assert_non_null(buf);
    size_t n = fread(buf, 1, (1 << 16) - 64, f);
    fclose(f);
    buf[n] = '\0';
    /* The body only: drop the header lines (Title:, Source:, ...) before the
     * first blank line, as the input stage does. */
    char *body = strstr(buf, "\n\n");
    if (body)
        memmove(buf, body + 2, strlen(body + 2) + 1);
    return buf;
}

/* Replace the first occurrence of from by to in buf (room for 64 more bytes). */
static void replace(char *buf, const char *from, const char *to)
{
    char *p = strstr(buf, from);
    assert_non_null(p);
    size_t fl = strlen(from), tl = strlen(to);
    memmove(p + tl, p + fl, strlen(p + fl) + 1);
    memcpy(p, to, tl);
}

static void test_fingerprint_near_and_far(void **state)
{
    (void)state;
    /* A wire story of 280 words and a copy edited as a second outlet would
     * run it: headline, dateline, spelling (centimetres, neighbourhoods),
     * quotation marks, a comma, spacing and one phrase reworded. */
    char *orig = read_data("wire-story.txt");
    char *edited = read_data("wire-story-edited.txt");
    uint64_t h = fp_of(orig);
    assert_true(nx_hamming64(h, fp_of(edited)) <= 3);
    /* The same story with only punctuation and spacing changed: identical. */
    char *respaced = read_data("wire-story.txt");
    replace(respaced, "MILAN (Wire) - Heavy", "MILAN (Wire) \xE2\x80\x94  Heavy");
    replace(respaced, "\"We have never", "\xE2\x80\x9CWe have never");
    replace(respaced, "in 36 hours, roughly", "in 36 hours -- roughly");
    assert_int_equal(nx_hamming64(h, fp_of(respaced)), 0);
    nx_free(respaced);
    /* Another story on the same floods, and one on another subject, are far. */
    char *same = read_data("same-topic-story.txt");
    char *other = read_data("other-story.txt");
    assert_true(nx_hamming64(h, fp_of(same)) > 3);
    assert_true(nx_hamming64(h, fp_of(other)) > 10);
    assert_true(nx_hamming64(fp_of(edited), fp_of(same)) > 3);
    nx_free(orig);
    nx_free(edited);
    nx_free(same);
    nx_free(other);
}

/* ---- the word files ---- */

/* dir/lang/en/name: config/lang/en/name without the line drop (may be NULL),
 * then extra; or only extra when keep is 0. */
static void write_en(const char *dir, const char *name, int keep, const char *drop,
                     const char *extra)
{
    char dst[1024];
    snprintf(dst, sizeof(dst), "%s/lang/en/%s", dir, name);
    nx_test_copy_en(dst, name, keep, drop, extra);
}

/* Whether a keyword of text is word (any case), with the word table w. */
static int has_keyword(const nx_words *w, const char *text, const char *word)
{
    nx_doc doc;
    seg(&doc, text);
    doc.words = w;
    char errstr[128];
    assert_int_equal(nx_stage_keywords.run(&doc, NULL, errstr, sizeof(errstr)), NX_OK);
    int hit = 0;
    for (size_t k = 0; k < doc.n_keywords; k++) {
        const nx_span *f = &doc.keywords[k].first;
        hit |= f->end - f->start == strlen(word) &&
               strncasecmp(doc.text + f->start, word, strlen(word)) == 0;
    }
    nx_doc_free(&doc);
    return hit;
}

/* The number of amounts of text with the word table w. */
static size_t n_amounts(const nx_words *w, const char *text)
{
    nx_doc doc;
    seg(&doc, text);
    doc.words = w;
    char errstr[128];
    assert_int_equal(nx_stage_amounts.run(&doc, g_amounts, errstr, sizeof(errstr)), NX_OK);
    size_t n = doc.n_amounts;
    nx_doc_free(&doc);
    return n;
}

/* config/lang/en/stopwords.tsv and word-classes.tsv are read from the config
 * folder: a function word added to the copy is no keyword any more, a number
 * word taken out counts nothing, an irregular plural added is lemmatized; a
 * missing or malformed file is NX_ERR_CONFIG naming its path (and line), at
 * core creation too. */
static void test_words_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/newsx-words-XXXXXX", path[512], errstr[512] = "";
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/lang", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/lang/en", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    write_en(dir, "stopwords.tsv", 1, NULL, "Flood\n");
    write_en(dir, "word-classes.tsv", 1, "twenty\tnumber\t20\n", "oxen\tplural\tox\n");
    nx_words *w = NULL;
    assert_int_equal(nx_words_load(dir, &w, errstr, sizeof(errstr)), NX_OK);
    assert_true(nx_is_stopword(w, "flood", 5));
    assert_false(nx_is_stopword(g_words, "flood", 5));
    double v = 0;
    assert_true(nx_word_class(g_words, "Twenty", 6, &v) & NX_W_NUM);
    assert_true(v == 20);
    assert_int_equal(nx_word_class(w, "twenty", 6, NULL) & NX_W_NUM, 0);
    assert_true(nx_word_class(w, "thirty", 6, &v) & NX_W_NUM);
    assert_true(v == 30);
    char out[32];
    assert_int_equal(nx_noun_lemma(w, "Oxen", 4, out, sizeof(out)), 2);
    assert_string_equal(out, "ox");
    assert_int_equal(nx_noun_lemma(g_words, "Oxen", 4, out, sizeof(out)), 4);
    static const char flood[] =
        "The flood hit the valley on Friday. The flood rose again at night, "
        "and the flood cut the roads. Farmers lost their crops.";
    assert_true(has_keyword(g_words, flood, "flood"));
    assert_false(has_keyword(w, flood, "flood"));
    static const char barrels[] = "Rebels seized twenty barrels of oil near the port.";
    assert_true(n_amounts(g_words, barrels) > 0);
    assert_int_equal(n_amounts(w, barrels), 0);
    nx_words_free(w);

    /* malformed lines name the file and line */
    static const struct {
        const char *name, *text, *where;
    } bad[] = {
        {"word-classes.tsv", "# c\nnot\tnegator\ntwenty\tnumber\n", "word-classes.tsv:3"},
        {"word-classes.tsv", "twenty\tnumbers\t20\n", "word-classes.tsv:1"},
        {"word-classes.tsv", "ten\tnumber\tten\n", "word-classes.tsv:1"},
        {"word-classes.tsv", "not\tnegator\t1\n", "word-classes.tsv:1"},
        {"word-classes.tsv", "oxen\tplural\n", "word-classes.tsv:1"},
        {"stopwords.tsv", "the\nof course\n", "stopwords.tsv:2"},
        {"stopwords.tsv", "the\nabcdefghijklmnopqrstuvwxyz\n", "stopwords.tsv:2"},
        {"stopwords.tsv",
         "\xC3\xBC"
         "ber\n",
         "stopwords.tsv:1"},
        /* no words at all: never English with empty lists */
        {"stopwords.tsv", "# only a comment\n", "stopwords.tsv: no words"},
        {"word-classes.tsv", "", "word-classes.tsv: no words"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        write_en(dir, "stopwords.tsv", 1, NULL, "");
        write_en(dir, "word-classes.tsv", 1, NULL, "");
        write_en(dir, bad[i].name, 0, NULL, bad[i].text);
        w = NULL;
        assert_int_equal(nx_words_load(dir, &w, errstr, sizeof(errstr)), NX_ERR_CONFIG);
        assert_null(w);
        if (!strstr(errstr, bad[i].where))
            fail_msg("%zu: %s", i, errstr);
    }

    /* a missing file: its path, from the core too */
    write_en(dir, "stopwords.tsv", 1, NULL, "");
    snprintf(path, sizeof(path), "%s/lang/en/word-classes.tsv", dir);
    unlink(path);
    assert_int_equal(nx_words_load(dir, &w, errstr, sizeof(errstr)), NX_ERR_CONFIG);
    assert_non_null(strstr(errstr, path));
    nx_core_opts o;
    nx_core_opts_init(&o);
    o.config_dir = dir;
    errstr[0] = '\0';
    assert_null(nx_core_new(&o, errstr, sizeof(errstr)));
    assert_non_null(strstr(errstr, path));
    snprintf(path, sizeof(path), "%s/lang/en/stopwords.tsv", dir);
    unlink(path);
    assert_int_equal(nx_words_load(dir, &w, errstr, sizeof(errstr)), NX_ERR_CONFIG);
    assert_non_null(strstr(errstr, path));
    snprintf(path, sizeof(path), "%s/lang/en", dir);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/lang", dir);
    rmdir(path);
    rmdir(dir);

    /* out of memory at each of the load's allocations: a clean failure */
    int failed = 0, succeeded = 0;
    static const unsigned long at[] = {1, 2, 3, 4, 5, 8, 50, 200, 260, 300, 1000000};
    for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
        w = NULL;
        nx_alloc_fail_at(at[i]);
        nx_err e = nx_words_load(NULL, &w, errstr, sizeof(errstr));
        nx_alloc_fail_at(0);
        if (e) {
            failed++;
            assert_int_equal(e, NX_ERR_NOMEM);
            assert_null(w);
        } else {
            succeeded++;
            nx_words_free(w);
        }
    }
    assert_true(failed > 0);
    assert_true(succeeded > 0);
}

/* ---- allocation failures ---- */

static void test_alloc_failures(void **state)
{
    (void)state;
    const nx_stage *stages[] = {&nx_stage_amounts, &nx_stage_keywords, &nx_stage_tone,
                                &nx_stage_fingerprint};
    for (size_t s = 0; s < 4; s++) {
        int failed = 0, succeeded = 0;
        for (unsigned long n = 1; n < 40; n++) {
            nx_doc doc;
            seg(&doc, story);
            char errstr[128] = "";
            nx_alloc_fail_at(n);
            nx_err e = stages[s]->run(&doc,
                                      s == 2   ? g_tone
                                      : s == 0 ? g_amounts
                                               : NULL,
                                      errstr, sizeof(errstr));
            nx_alloc_fail_at(0);
            if (e == NX_OK) {
                succeeded++;
                if (s == 0)
                    assert_true(doc.n_amounts >= 5);
                else if (s == 1)
                    assert_true(doc.n_keywords >= 3);
                else if (s == 2)
                    assert_true(doc.has_tone && doc.tone.neg_words > 0);
                else
                    assert_true(doc.has_fingerprint && doc.fingerprint != 0);
            } else {
                failed++;
                assert_int_equal(e, NX_ERR_NOMEM);
                assert_true(errstr[0] != '\0');
            }
            nx_doc_free(&doc);
        }
        assert_true(failed > 0);
        assert_true(succeeded > 0);
    }
    /* The lexicon load fails cleanly too, at each of its allocations. */
    int failed = 0, succeeded = 0;
    for (unsigned long n = 1; n < 6; n++) {
        void *st = NULL;
        char errstr[256] = "";
        nx_alloc_fail_at(n);
        nx_err e = nx_stage_tone.init(&g_opts, &st, errstr, sizeof(errstr));
        nx_alloc_fail_at(0);
        if (e) {
            failed++;
            assert_int_equal(e, NX_ERR_NOMEM);
            assert_null(st);
            assert_true(errstr[0] != '\0');
        } else {
            succeeded++;
            assert_non_null(st);
            nx_stage_tone.free_state(st);
        }
    }
    assert_true(failed > 0);
    assert_true(succeeded > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_helpers),
        cmocka_unit_test(test_doc_words),
        cmocka_unit_test(test_amounts_issue_examples),
        cmocka_unit_test(test_amounts_forms),
        cmocka_unit_test(test_amounts_rejects),
        cmocka_unit_test(test_amounts_words_file),
        cmocka_unit_test(test_keywords),
        cmocka_unit_test(test_keywords_fill_and_long),
        cmocka_unit_test(test_tone),
        cmocka_unit_test(test_tone_names_skipped),
        cmocka_unit_test(test_tone_whole_lexicon),
        cmocka_unit_test(test_tone_bad_lexicon),
        cmocka_unit_test(test_fingerprint_invariance),
        cmocka_unit_test(test_fingerprint_near_and_far),
        cmocka_unit_test(test_words_files),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
