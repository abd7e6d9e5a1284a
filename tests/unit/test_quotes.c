/*
 * test_quotes.c - the quote stage: quotation marks (nx_quote_marks), kinds,
 * attribution, speaker resolution against hand-built entity arrays, cited
 * sources, noisy marks and allocation failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "nx_alloc.h"
#include "nx_doc.h"
#include "quote_marks.h"
#include "segment.h"
#include "stage.h"
#include "en_config.h"

static nx_core_opts g_opts;
static void *g_state;

static int setup(void **state)
{
    (void)state;
    char errstr[128];
    memset(&g_opts, 0, sizeof(g_opts));
    return nx_stage_quotes.init(&g_opts, &g_state, errstr, sizeof(errstr)) == NX_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    nx_stage_quotes.free_state(g_state);
    return 0;
}

static void seg(nx_doc *doc, const char *text)
{
    nx_doc_init(doc, NULL, &g_opts);
    doc->text = nx_strndup(text, strlen(text));
    assert_non_null(doc->text);
    doc->text_len = strlen(text);
    char errstr[128];
    assert_int_equal(nx_segment(doc, errstr, sizeof(errstr)), NX_OK);
}

static int cmp_mention(const void *a, const void *b)
{
    const nx_mention *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

/* Add an entity of the given type named by its first mention; every
 * whole-word occurrence of each string in forms (NULL-ended) is a mention.
 * Returns the entity's index. */
static uint32_t add_entity(nx_doc *doc, int type, ...)
{
    assert_int_equal(nx_grow((void **)&doc->entities, &doc->cap_entities, doc->n_entities + 1,
                             sizeof(nx_entity)),
                     NX_OK);
    uint32_t id = (uint32_t)doc->n_entities++;
    nx_entity *en = &doc->entities[id];
    memset(en, 0, sizeof(*en));
    en->type = (uint8_t)type;
    int first = 1;
    va_list ap;
    va_start(ap, type);
    const char *form;
    while ((form = va_arg(ap, const char *)) != NULL) {
        size_t n = strlen(form);
        for (const char *p = doc->text; (p = strstr(p, form)) != NULL; p += n) {
            size_t at = (size_t)(p - doc->text);
            char before = at ? doc->text[at - 1] : ' ';
            char after = doc->text[at + n];
            if ((before >= 'A' && before <= 'z') || (after >= 'A' && after <= 'z'))
                continue;
            /* a shorter form inside a longer mention is not a mention */
            int inside = 0;
            for (size_t m = 0; m < doc->n_mentions; m++)
                if (doc->mentions[m].start <= at && at < doc->mentions[m].end)
                    inside = 1;
            if (inside)
                continue;
            assert_int_equal(nx_grow((void **)&doc->mentions, &doc->cap_mentions,
                                     doc->n_mentions + 1, sizeof(nx_mention)),
                             NX_OK);
            doc->mentions[doc->n_mentions++] = (nx_mention){(uint32_t)at, (uint32_t)(at + n), id};
            en->count++;
            if (first) {
                en->name_start = (uint32_t)at;
                en->name_end = (uint32_t)(at + n);
                first = 0;
            }
        }
    }
    va_end(ap);
    assert_false(first);
    qsort(doc->mentions, doc->n_mentions, sizeof(nx_mention), cmp_mention);
    return id;
}

static void run(nx_doc *doc)
{
    char errstr[128];
    assert_int_equal(nx_stage_quotes.run(doc, g_state, errstr, sizeof(errstr)), NX_OK);
}

static int span_is(const nx_doc *doc, nx_span s, const char *want)
{
    return s.end - s.start == strlen(want) && memcmp(doc->text + s.start, want, strlen(want)) == 0;
}

/* The quote whose text starts with prefix (after its opening mark). */
static const nx_quote *find_quote(const nx_doc *doc, const char *prefix)
{
    for (size_t i = 0; i < doc->n_quotes; i++) {
        const nx_quote *q = &doc->quotes[i];
        const char *t = doc->text + q->start;
        size_t n = q->end - q->start;
        for (size_t skip = 1; skip <= 3 && skip < n; skip++)
            if (n - skip >= strlen(prefix) && memcmp(t + skip, prefix, strlen(prefix)) == 0)
                return q;
    }
    return NULL;
}

static void expect(const nx_doc *doc, const char *prefix, int kind, const char *speaker,
                   const char *cue, int32_t entity)
{
    const nx_quote *q = find_quote(doc, prefix);
    if (!q)
        fail_msg("no quotation starting with %s", prefix);
    if (q->kind != kind)
        fail_msg("%s: kind %d, want %d", prefix, q->kind, kind);
    if (!speaker) {
        assert_false(q->has_speaker);
    } else {
        if (!q->has_speaker || !span_is(doc, q->speaker, speaker))
            fail_msg("%s: speaker %.*s, want %s", prefix,
                     q->has_speaker ? (int)(q->speaker.end - q->speaker.start) : 4,
                     q->has_speaker ? doc->text + q->speaker.start : "none", speaker);
        if (q->speaker_entity != entity)
            fail_msg("%s: entity %d, want %d", prefix, (int)q->speaker_entity, (int)entity);
    }
    if (!cue) {
        assert_false(q->has_cue);
    } else if (!q->has_cue || !span_is(doc, q->cue, cue)) {
        fail_msg("%s: cue %.*s, want %s", prefix, q->has_cue ? (int)(q->cue.end - q->cue.start) : 4,
                 q->has_cue ? doc->text + q->cue.start : "none", cue);
    }
}

/* Quotations of text as "inner|inner|..." with '*' after nested ones and
 * '!' after unclosed ones. */
static void check_marks(const char *text, const char *want)
{
    nx_doc doc;
    seg(&doc, text);
    nx_qspan *q;
    size_t n;
    assert_int_equal(nx_quote_marks(&doc, &q, &n), NX_OK);
    char got[1024] = "";
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%.*s%s%s", i ? "|" : "",
                                (int)(q[i].cend - q[i].cstart), doc.text + q[i].cstart,
                                q[i].nested ? "*" : "", q[i].unclosed ? "!" : "");
        assert_true(q[i].start < q[i].cstart && q[i].cend <= q[i].end);
    }
    nx_free(q);
    nx_doc_free(&doc);
    if (strcmp(got, want) != 0)
        fail_msg("marks of %s:\n got  %s\n want %s", text, got, want);
}

static void test_marks(void **state)
{
    (void)state;
    check_marks("He said \"yes\" and \"no\".", "yes|no");
    check_marks("“Fine,” she said. «Bien», il a dit.", "Fine,|Bien");
    check_marks("Russia’s “concept of a ‘rules-based order’,” it read.",
                "concept of a ‘rules-based order’,|rules-based order*");
    check_marks("Mao called it ‘paranoia’, Bloomberg reported. Don't 'worry'.", "paranoia|worry");
    check_marks("The voters’ rights and the ’90s were fine.", "");
    check_marks("A 12\" pipe and \"a quote\".", "a quote");
    check_marks("''It's reform,'' said Cole.", "It's reform,");
    /* a quotation over two paragraphs: opened, not closed, opened again */
    check_marks("He said: “First part.\n\n“Second part,” he added.\n\nAfter.",
                "First part.\n\n“Second part,");
    /* unbalanced: closed at the end of its paragraph, the rest is untouched */
    check_marks("She said “this never ends.\n\nNext paragraph. “Real quote,” he said.",
                "this never ends.!|Real quote,");
    check_marks("Stray ” mark here. Then “ok” here.", "ok");
    /* “ misused as a closing mark; three apostrophes close a single and a double mark */
    check_marks("“It's unusual,“ said Noble. “It's hard.”", "It's unusual,|It's hard.");
    check_marks("''Not with 'We'll bomb them,''' said McCain.",
                "Not with 'We'll bomb them,'|We'll bomb them,*");
    check_marks("“ ” and “”", "");
}

static void test_attribution_patterns(void **state)
{
    (void)state;
    nx_doc doc;
    seg(&doc, "“We will win,” Putin said. Putin said: “It will be hard.” “This is the start,” said "
              "Putin, the Russian president. “Yes,” he added, “we will.”\n\n"
              "According to Lavrov, “nothing has changed.” Critics called the plan a “disaster”. "
              "It was a “historic” day.\n\n"
              "\"Many would consider that an embarrassment\" if she lost, said David Wasserman, "
              "an analyst. Mr. Ekovich, who noted it, was calm: \"Not fair.\"");
    uint32_t putin = add_entity(&doc, NX_ENT_PER, "Putin", (const char *)NULL);
    uint32_t lavrov = add_entity(&doc, NX_ENT_PER, "Lavrov", (const char *)NULL);
    run(&doc);
    expect(&doc, "We will win", NX_QUOTE_DIRECT, "Putin", "said", (int32_t)putin);
    expect(&doc, "It will be hard", NX_QUOTE_DIRECT, "Putin", "said", (int32_t)putin);
    expect(&doc, "This is the start", NX_QUOTE_DIRECT, "Putin", "said", (int32_t)putin);
    expect(&doc, "Yes", NX_QUOTE_DIRECT, "he", "added", (int32_t)putin);
    expect(&doc, "we will", NX_QUOTE_PARTIAL, "he", "added", (int32_t)putin);
    expect(&doc, "nothing has changed", NX_QUOTE_PARTIAL, "Lavrov", "According to",
           (int32_t)lavrov);
    expect(&doc, "disaster", NX_QUOTE_PARTIAL, "Critics", "called", -1);
    expect(&doc, "historic", NX_QUOTE_SCARE, NULL, NULL, -1);
    expect(&doc, "Many would consider", NX_QUOTE_PARTIAL, "David Wasserman", "said", -1);
    expect(&doc, "Not fair", NX_QUOTE_DIRECT, "Mr. Ekovich", "noted", -1);
    for (size_t i = 1; i < doc.n_quotes; i++)
        assert_true(doc.quotes[i - 1].start < doc.quotes[i].start);
    nx_doc_free(&doc);
}

/* Rules added for PolNeAR: fragments of indirect speech stay partial, dash bylines,
 * parentheses and split sentences after the quotation, participles after
 * an opening phrase or an earlier quotation, the outer cue, inverting verbs
 * and modifiers before a name. */
static void test_attribution_rules_2(void **state)
{
    (void)state;
    nx_doc doc;
    seg(&doc, "Trump says he has “big plans” for the final month. Critics called the "
              "plan a “disaster” for all. Trump said that “the plan” was ready.\n\n"
              "“Maybe we can build a wall.” ― Steve Quinlan\n"
              "“We cannot have that,” Rep. John Mica (R-Fla.) said.\n\n"
              "“The veto will be overridden,” Mitch McConnell, R-Ky., said Tuesday.\n\n"
              "During a speech, Trump attacked Clinton, saying, “She is unstable.”\n\n"
              "Sanders said it could be “messy,” adding, “Democracy is messy.”\n\n"
              "Lynch said she recalled thinking, “This is new.”\n\n"
              "“Our ideas are different,” agrees Michelle Stevens.\n\n"
              "“They are wrong,” said 9/11 widow Terry Strada.");
    uint32_t trump = add_entity(&doc, NX_ENT_PER, "Trump", (const char *)NULL);
    run(&doc);
    /* a fragment inside indirect speech: partial, with speaker and cue */
    expect(&doc, "big plans", NX_QUOTE_PARTIAL, "Trump", "says", (int32_t)trump);
    /* after a naming verb, or right after the cue's "that": partial too */
    expect(&doc, "disaster", NX_QUOTE_PARTIAL, "Critics", "called", -1);
    expect(&doc, "the plan", NX_QUOTE_PARTIAL, "Trump", "said", (int32_t)trump);
    expect(&doc, "Maybe we can build", NX_QUOTE_DIRECT, "Steve Quinlan", "―", -1);
    expect(&doc, "We cannot have that", NX_QUOTE_DIRECT, "Rep. John Mica", "said", -1);
    expect(&doc, "The veto will", NX_QUOTE_DIRECT, "Mitch McConnell", "said", -1);
    expect(&doc, "She is unstable", NX_QUOTE_DIRECT, "Trump", "saying", (int32_t)trump);
    expect(&doc, "Democracy is messy", NX_QUOTE_DIRECT, "Sanders", "adding", -1);
    expect(&doc, "This is new", NX_QUOTE_DIRECT, "Lynch", "said", -1);
    expect(&doc, "Our ideas are", NX_QUOTE_DIRECT, "Michelle Stevens", "agrees", -1);
    expect(&doc, "They are wrong", NX_QUOTE_DIRECT, "9/11 widow Terry Strada", "said", -1);
    nx_doc_free(&doc);

    seg(&doc,
        "''Our jobs are leaving.'' He said, twice, that he would work.\n\n"
        "“The way I see it,” she elaborated.\n\n"
        "“We lost,” Rubio said. Jeb Bush could not bring himself to utter: “Donald Trump.”\n\n"
        "During the rally, Trump turned to them: “Go home!”\n\n"
        "Bush said Cruz was “a basket case” and left.\n\n"
        "Clinton, the former secretary, stressed her record and said she has it: “Steadiness.”\n\n"
        "It is clear that Grayson warned, “Stop.”");
    run(&doc);
    /* a capital after a full stop inside the marks opens a new sentence */
    expect(&doc, "Our jobs are leaving", NX_QUOTE_DIRECT, NULL, NULL, -1);
    /* a verb outside the lists after the quotation */
    expect(&doc, "The way I see it", NX_QUOTE_DIRECT, "she", "elaborated", -1);
    /* introduced by ':' or ',': the sentence's subject (before the quotation
     * of the previous sentence), after an opening phrase */
    expect(&doc, "Donald Trump", NX_QUOTE_DIRECT, "Jeb Bush", NULL, -1);
    expect(&doc, "Go home", NX_QUOTE_DIRECT, "Trump", NULL, -1);
    /* a conjunction after the fragment ends the reported clause: partial */
    expect(&doc, "a basket case", NX_QUOTE_PARTIAL, "Bush", "said", -1);
    /* a coordinated cue takes the clause's subject, past its appositive */
    expect(&doc, "Steadiness", NX_QUOTE_DIRECT, "Clinton", "said", -1);
    /* "that" is not a determiner of the speaker */
    expect(&doc, "Stop", NX_QUOTE_DIRECT, "Grayson", "warned", -1);
    nx_doc_free(&doc);
}

/* The seed article's situations with hand-built entities. */
static void test_speaker_resolution(void **state)
{
    (void)state;
    nx_doc doc;
    seg(&doc,
        "The Russian Foreign Ministry announced a visit.\n\n"
        "“We will strengthen relations,” the ministry said in a statement. “As is known, the "
        "visit is planned.”\n\n"
        "Mao Ning, spokesman for the Chinese Foreign Ministry, said that “China and Russia "
        "cooperate”. Reuters reported at the time.\n\n"
        "In its statement, the Russian Foreign Ministry echoed a principle.\n\n"
        "The ministry statement stressed a “multipolar system of international relations”: “We "
        "oppose a ‘rules-based order’,” the statement read.\n\n"
        "The US State Department said in December that Washington was watching, Reuters "
        "reported. “Beijing claims to be neutral,” the spokesperson said. Mao denied it, "
        "calling the accusations ‘paranoia’, Bloomberg reported. “We disagree,” she said.");
    uint32_t rfm = add_entity(&doc, NX_ENT_ORG, "Russian Foreign Ministry", (const char *)NULL);
    uint32_t mao = add_entity(&doc, NX_ENT_PER, "Mao Ning", (const char *)NULL);
    uint32_t cfm = add_entity(&doc, NX_ENT_ORG, "Chinese Foreign Ministry", (const char *)NULL);
    uint32_t reuters = add_entity(&doc, NX_ENT_ORG, "Reuters", (const char *)NULL);
    uint32_t usd = add_entity(&doc, NX_ENT_ORG, "US State Department", (const char *)NULL);
    add_entity(&doc, NX_ENT_LOC, "Washington", (const char *)NULL);
    uint32_t mao2 = add_entity(&doc, NX_ENT_PER, "Mao", (const char *)NULL);
    uint32_t bloomberg = add_entity(&doc, NX_ENT_ORG, "Bloomberg", (const char *)NULL);
    (void)cfm;
    assert_int_not_equal(mao2, mao);
    run(&doc);
    expect(&doc, "We will strengthen", NX_QUOTE_DIRECT, "the ministry", "said", (int32_t)rfm);
    expect(&doc, "As is known", NX_QUOTE_DIRECT, "the ministry", "said", (int32_t)rfm);
    expect(&doc, "China and Russia", NX_QUOTE_DIRECT, "Mao Ning", "said", (int32_t)mao);
    expect(&doc, "multipolar", NX_QUOTE_PARTIAL, "The ministry statement", "stressed",
           (int32_t)rfm);
    expect(&doc, "We oppose", NX_QUOTE_DIRECT, "the statement", "read", (int32_t)rfm);
    expect(&doc, "rules-based order", NX_QUOTE_SCARE, NULL, NULL, -1);
    expect(&doc, "Beijing claims", NX_QUOTE_DIRECT, "the spokesperson", "said", (int32_t)usd);
    /* "Mao" alone resolves to the full name's entity */
    expect(&doc, "paranoia", NX_QUOTE_PARTIAL, "Mao", "calling", (int32_t)mao);
    /* "she": the nearest person before it */
    expect(&doc, "We disagree", NX_QUOTE_DIRECT, "she", "said", (int32_t)mao2);

    /* sources: Reuters twice, Bloomberg once, each with its cue */
    size_t nr = 0, nb = 0;
    for (size_t i = 0; i < doc.n_sources; i++) {
        const nx_source *s = &doc.sources[i];
        assert_true(s->has_cue);
        assert_true(span_is(&doc, s->cue, "reported"));
        if (span_is(&doc, (nx_span){s->start, s->end}, "Reuters")) {
            nr++;
            assert_int_equal(s->entity, (int32_t)reuters);
        } else if (span_is(&doc, (nx_span){s->start, s->end}, "Bloomberg")) {
            nb++;
            assert_int_equal(s->entity, (int32_t)bloomberg);
        } else {
            fail_msg("unexpected source %.*s", (int)(s->end - s->start), doc.text + s->start);
        }
    }
    assert_int_equal(nr, 2);
    assert_int_equal(nb, 1);
    nx_doc_free(&doc);
}

static void test_sources(void **state)
{
    (void)state;
    nx_doc doc;
    seg(&doc, "In a statement at RIA News, a state-run news agency, the ministry spoke. According "
              "to Bloomberg, talks failed. A diplomat told TIME the plan was dead. The officials "
              "told reporters nothing. Smith told Jones to leave. The New York Times reported "
              "that it rained. He reported for duty.");
    run(&doc);
    const char *want[] = {"RIA News", "Bloomberg", "TIME", "New York Times"};
    const char *cues[] = {"statement at", "According to", "told", "reported"};
    assert_int_equal(doc.n_sources, 4);
    for (size_t i = 0; i < 4; i++) {
        const nx_source *s = &doc.sources[i];
        if (!span_is(&doc, (nx_span){s->start, s->end}, want[i]))
            fail_msg("source %zu: %.*s, want %s", i, (int)(s->end - s->start), doc.text + s->start,
                     want[i]);
        assert_true(span_is(&doc, s->cue, cues[i]));
        assert_int_equal(s->entity, -1);
    }
    nx_doc_free(&doc);
}

static void test_multi_paragraph_and_noise(void **state)
{
    (void)state;
    nx_doc doc;
    seg(&doc, "The mayor spoke for nearly an hour. \"We have spent three years on this plan.\n\n"
              "\"Nobody in this room should pretend. We will have to choose,\" she said.\n\n"
              "A stray “ mark opens here and never closes.\n\n"
              "“Later,” the mayor said.");
    run(&doc);
    assert_int_equal(doc.n_quotes, 2);
    const nx_quote *q = &doc.quotes[0];
    /* one quotation over two paragraphs, attributed by its last paragraph */
    assert_true(span_is(&doc, (nx_span){q->start, q->end},
                        "\"We have spent three years on this plan.\n\n\"Nobody in this room "
                        "should pretend. We will have to choose,\""));
    assert_int_equal(q->kind, NX_QUOTE_DIRECT);
    assert_true(q->has_speaker && span_is(&doc, q->speaker, "she"));
    /* the stray mark opens nothing; the next quotation is found whole */
    assert_true(doc.quotes[1].start == doc.paras[3].start);
    assert_true(span_is(&doc, doc.quotes[1].speaker, "the mayor"));
    nx_doc_free(&doc);

    /* a document without marks, and one made only of marks */
    seg(&doc, "Nothing quoted here at all.");
    run(&doc);
    assert_int_equal(doc.n_quotes, 0);
    assert_int_equal(doc.n_sources, 0);
    nx_doc_free(&doc);
    seg(&doc, "\" \" “ ” ‘ ’ « » '' \"");
    run(&doc);
    for (size_t i = 0; i < doc.n_quotes; i++)
        assert_true(doc.quotes[i].end <= doc.text_len);
    nx_doc_free(&doc);
}

static int kind_of(const nx_doc *doc, const char *prefix)
{
    const nx_quote *q = find_quote(doc, prefix);
    if (!q)
        fail_msg("no quotation starting with %s", prefix);
    return q->kind;
}

/* Marks of noisy text: a closing mark opening a paragraph, a change of mark
 * style between paragraphs, a closing mark with no opening one, attribute
 * values of markup. */
static void test_marks_round3(void **state)
{
    (void)state;
    check_marks("Palin spoke.\n\n” … they are so not like him,” she said.",
                " … they are so not like him,");
    check_marks("\"Kevin was snoring.\n\n“Here he is, babe,” she said.", "Here he is, babe,");
    /* in typographic text a straight mark nothing closes is stray: it opens
     * nothing, before a typographic opening mark or at the paragraph's end */
    check_marks("“Yes,” she said.\n\n\"Trump walked on, chanting “U-S-A! U-S-A!”",
                "Yes,|U-S-A! U-S-A!");
    check_marks("“Yes,” she said.\n\n\"One.\n\n\"Two.\n\nNo more.", "Yes,");
    /* ... but one a straight mark closes later in its paragraph is kept */
    check_marks("“Yes,” he said.\n\n\"Read the question: “Is it fair?” No,\" he said.",
                "Yes,|Read the question:!|Is it fair?");
    /* in text with straight marks only, an unclosed quotation still ends at
     * its paragraph's end */
    check_marks("\"Kevin was snoring.\n\nHe woke.", "Kevin was snoring.!");
    check_marks(
        "Oz reviewed his systems\" including health. The only \"medical records\" were thin.",
        "medical records");
    check_marks("<tweet author=\"just look\" date=\"May 2\">It was \"real\" then.", "real");
}

/* Kinds: titles of works, subheadings, headlines; speakers: an own cue
 * without a speaker, a parenthesis before an appositive, a coordinated
 * speech verb, "likened". */
static void test_rules_round3(void **state)
{
    (void)state;
    nx_doc doc;
    seg(&doc, "Obama Sees ‘Personal Insult’ if Blacks Don’t Rally for Hillary Clinton.\n\n"
              "“It is hard,” Obama said.\n\n"
              "“Coal Isn't the Villain.”\n\n"
              "In his 2002 book, ''Make Your Kid a Millionaire,'' Mr. McKinley suggested saving. "
              "The bill is known as the “Buffett rule” in Congress. Officials said the so-called "
              "“special "
              "relationship” with Washington held. Polls show “a very tight race in the state” "
              "now. Democrats said they held dreams of a bipartisan “Grand Bargain” for years.");
    uint32_t obama = add_entity(&doc, NX_ENT_PER, "Obama", (const char *)NULL);
    run(&doc);
    /* a headline quotes its subject's words */
    expect(&doc, "Personal Insult", NX_QUOTE_PARTIAL, "Obama", NULL, (int32_t)obama);
    /* a title-case quotation alone in its paragraph is a subheading */
    expect(&doc, "Coal Isn't the Villain", NX_QUOTE_SCARE, NULL, NULL, -1);
    /* titles of works, names of terms */
    expect(&doc, "Make Your Kid", NX_QUOTE_SCARE, NULL, NULL, -1);
    expect(&doc, "Buffett rule", NX_QUOTE_SCARE, NULL, NULL, -1);
    expect(&doc, "special relationship", NX_QUOTE_SCARE, NULL, NULL, -1);
    expect(&doc, "Grand Bargain", NX_QUOTE_SCARE, NULL, NULL, -1);
    /* "show" after a capital that opens the sentence is the verb */
    assert_int_equal(kind_of(&doc, "a very tight race"), NX_QUOTE_PARTIAL);
    nx_doc_free(&doc);

    /* a commentary's title; a determiner after the work noun opens a phrase
     * of its own, so what follows it is not the work's title */
    seg(&doc, "Title.\n\nOuisa Davis' commentary, \"Melania, tell your immigrant story,\" is "
              "thoughtful. Sullivan proclaims the article a “terrific piece and well worth the "
              "trip.”");
    run(&doc);
    assert_int_equal(kind_of(&doc, "Melania, tell"), NX_QUOTE_SCARE);
    assert_int_equal(kind_of(&doc, "terrific piece"), NX_QUOTE_PARTIAL);
    nx_doc_free(&doc);

    /* one capitalized word after a determiner or possessive is a name,
     * unless punctuation ends it */
    seg(&doc, "Title.\n\nThe “Avatar” star said she was happy. Trump has said that the deal "
              "could lead to another \"Holocaust.\"");
    run(&doc);
    expect(&doc, "Avatar", NX_QUOTE_SCARE, NULL, NULL, -1);
    assert_int_equal(kind_of(&doc, "Holocaust"), NX_QUOTE_PARTIAL);
    nx_doc_free(&doc);

    /* in a headline a quotation that opens it, follows a possessive or
     * qualifies the next capitalized word names a thing */
    seg(&doc, "‘Bloodline’ Star Norbert Leo Butz Is Ready To Go.\n\nBody text.");
    run(&doc);
    expect(&doc, "Bloodline", NX_QUOTE_SCARE, NULL, NULL, -1);
    nx_doc_free(&doc);
    seg(&doc, "Democrats Lose Court Battle Over Ohio’s ‘Golden Week’ Of Early Voting.\n\nBody.");
    run(&doc);
    expect(&doc, "Golden Week", NX_QUOTE_SCARE, NULL, NULL, -1);
    nx_doc_free(&doc);

    seg(&doc, "Title.\n\n“Every time you say that,” said Tester, referring to the excuse, “you "
              "give ammunition to them.”\n\n"
              "“If the FBI wanted laptops, they would get them,” Rep. Jim Jordan (R-Ohio), an "
              "oversight panel member, said.\n\n"
              "Mayor Jennifer Roberts said Friday that the video should be released but said "
              "“the question is the timing.”\n\n"
              "Laurence Tribe likened the rules to “burning the Constitution” in court.");
    run(&doc);
    /* a cue of its own without a speaker: the speaker of the sentence */
    expect(&doc, "you give ammunition", NX_QUOTE_PARTIAL, "Tester", "said", -1);
    expect(&doc, "If the FBI wanted", NX_QUOTE_DIRECT, "Rep. Jim Jordan", "said", -1);
    expect(&doc, "the question is", NX_QUOTE_PARTIAL, "Mayor Jennifer Roberts", "said", -1);
    expect(&doc, "burning the Constitution", NX_QUOTE_PARTIAL, "Laurence Tribe", "likened", -1);
    nx_doc_free(&doc);

    seg(&doc, "Title.\n\n“We live in Chicago,” Ebeling said.\n\n"
              "\"This campaign is new,\" Jeff Weaver, Sanders' campaign manager, said.\n\n"
              "When asked whom she supported, Ms. Sherry smiled and said, ''I'm waiting.''");
    run(&doc);
    /* a name in -ing after the quotation is a speaker */
    expect(&doc, "We live in Chicago", NX_QUOTE_DIRECT, "Ebeling", "said", -1);
    /* an apostrophe after a word inside the appositive */
    expect(&doc, "This campaign is new", NX_QUOTE_DIRECT, "Jeff Weaver", "said", -1);
    /* the clause's subject past an opening phrase */
    expect(&doc, "I'm waiting", NX_QUOTE_DIRECT, "Ms. Sherry", "said", -1);
    nx_doc_free(&doc);
}

/* Headline quotations: the name phrase that opens a Title-Case headline
 * when the tagger names no person or organisation there; a person named
 * right before the colon of the title. */
static void test_headline_speakers(void **state)
{
    (void)state;
    nx_doc doc;
    /* the phrase ends where a mention starts (here the tagger took the
     * capitalized verb into a false name, as it does in headlines) */
    seg(&doc, "Angry Parents Fight School Board Over ‘Broken Promises.’\n\nBody text here.");
    add_entity(&doc, NX_ENT_ORG, "Fight School", (const char *)NULL);
    run(&doc);
    expect(&doc, "Broken Promises", NX_QUOTE_PARTIAL, "Angry Parents", NULL, -1);
    nx_doc_free(&doc);

    /* ... or at a speech verb */
    seg(&doc, "Angry Parents Say School Board Broke A ‘Solemn Promise.’\n\nBody text.");
    run(&doc);
    expect(&doc, "Solemn Promise", NX_QUOTE_PARTIAL, "Angry Parents", NULL, -1);
    nx_doc_free(&doc);

    /* ... or at "on"; a place mention there is no speaker of its own */
    seg(&doc, "Merkel on Refugees: We Will Cope With ‘Whatever Comes.’\n\nBody text here.");
    uint32_t merkel = add_entity(&doc, NX_ENT_LOC, "Merkel", (const char *)NULL);
    run(&doc);
    expect(&doc, "Whatever Comes", NX_QUOTE_PARTIAL, "Merkel", NULL, (int32_t)merkel);
    nx_doc_free(&doc);

    /* one word before a mention is its title or modifier: no headline
     * speaker; the guess (docs/quotes.md, section 4) then takes the
     * sentence's person */
    seg(&doc, "Former Jane Doe Aide Backs ‘Fresh Start.’\n\nBody text here.");
    uint32_t doe = add_entity(&doc, NX_ENT_PER, "Jane Doe", (const char *)NULL);
    run(&doc);
    expect(&doc, "Fresh Start", NX_QUOTE_PARTIAL, "Jane Doe", NULL, (int32_t)doe);
    nx_doc_free(&doc);

    /* a title that is not in Title Case: the person before its colon */
    seg(&doc, "A lesson from Maria Lopez: 'Read the fine print.'\n\nBody text here.");
    uint32_t lopez = add_entity(&doc, NX_ENT_PER, "Maria Lopez", (const char *)NULL);
    run(&doc);
    expect(&doc, "Read the fine print", NX_QUOTE_DIRECT, "Maria Lopez", ":", (int32_t)lopez);
    nx_doc_free(&doc);
}

/* Speakers that are not noun phrases (docs/quotes.md, section 2): a
 * participle with no comma takes its clause's subject, not the phrase
 * before it; a word in -ed or -ing with nothing before it is a verb, not a
 * speaker; an auxiliary ends the phrase after a determiner; a quotation of
 * two sentences that closes on a comma belongs to its after-tag. */
static void test_speaker_phrases(void **state)
{
    (void)state;
    nx_doc doc;
    seg(&doc, "Dana Cole spent the day yelling at people on their way into the polls saying "
              "“Hey, vote for me.”\n\nMore text here.");
    uint32_t cole = add_entity(&doc, NX_ENT_PER, "Dana Cole", (const char *)NULL);
    run(&doc);
    expect(&doc, "Hey, vote for me", NX_QUOTE_DIRECT, "Dana Cole", "saying", (int32_t)cole);
    nx_doc_free(&doc);

    /* the phrase before "saying" ends in a preposition's object: not it */
    seg(&doc, "Eli Park has battled the council for months, at one point calling the mayor a "
              "“liar” in public.\n\nMore text here.");
    uint32_t park = add_entity(&doc, NX_ENT_PER, "Eli Park", (const char *)NULL);
    run(&doc);
    expect(&doc, "liar", NX_QUOTE_PARTIAL, "Eli Park", "calling", (int32_t)park);
    nx_doc_free(&doc);

    /* "who could be celebrating being dubbed": "celebrating being" is no
     * speaker; the guess is the sentence's person */
    seg(&doc, "The win creates an awkward situation for Maria Lopez, who could be celebrating "
              "being dubbed the “presumptive nominee” even as she loses.\n\nMore text here.");
    uint32_t lopez = add_entity(&doc, NX_ENT_PER, "Maria Lopez", (const char *)NULL);
    run(&doc);
    {
        const nx_quote *q = find_quote(&doc, "presumptive nominee");
        assert_non_null(q);
        assert_false(q->has_speaker && span_is(&doc, q->speaker, "celebrating being"));
        assert_false(q->has_speaker && span_is(&doc, q->speaker, "being"));
        assert_true(q->has_speaker);
        assert_int_equal(q->speaker_entity, (int32_t)lopez);
    }
    nx_doc_free(&doc);

    /* "said the candidate could be": the phrase stops before "could" */
    seg(&doc, "Mr. Ames, citing “the unique magic of the campaign,” said the candidate could "
              "win.\n\nMore text here.");
    run(&doc);
    {
        const nx_quote *q = find_quote(&doc, "the unique magic");
        assert_non_null(q);
        assert_false(q->has_speaker && span_is(&doc, q->speaker, "the candidate could"));
    }
    nx_doc_free(&doc);

    /* two sentences closing on a comma: the after-tag speaks, not the
     * sentence's earlier cue ("offered states billions") */
    seg(&doc, "In 2009, when the president offered states billions, “states were "
              "hemorrhaging money. They needed it,” Ron Hale said.\n\nMore text here.");
    uint32_t hale = add_entity(&doc, NX_ENT_PER, "Ron Hale", (const char *)NULL);
    run(&doc);
    expect(&doc, "states were hemorrhaging", NX_QUOTE_PARTIAL, "Ron Hale", "said", (int32_t)hale);
    nx_doc_free(&doc);
}

/* A quotation the rules leave without a speaker: the first person or
 * organisation of its sentence outside quotations, else the nearest one
 * before it; never a cited outlet; no cue; later quotations do not inherit
 * the guess. */
static void test_guessed_speakers(void **state)
{
    (void)state;
    nx_doc doc;
    /* a cue outside the lists: the sentence's person */
    seg(&doc, "The vote was close. After the count the hall went quiet and Anna Berg "
              "thanked them for “a night to remember” and left.\n\nMore text here.");
    uint32_t berg = add_entity(&doc, NX_ENT_PER, "Anna Berg", (const char *)NULL);
    run(&doc);
    expect(&doc, "a night to remember", NX_QUOTE_PARTIAL, "Anna Berg", NULL, (int32_t)berg);
    nx_doc_free(&doc);

    /* no mention in the sentence: the nearest person or organisation before
     * it (the place and the outlet are skipped) */
    seg(&doc, "Olsen Group took questions in Oslo, Reuters reported.\n\nIn the end, "
              "there was “a lot of good will on every side” at the table.\n\nMore.");
    uint32_t olsen = add_entity(&doc, NX_ENT_ORG, "Olsen Group", (const char *)NULL);
    add_entity(&doc, NX_ENT_LOC, "Oslo", (const char *)NULL);
    add_entity(&doc, NX_ENT_ORG, "Reuters", (const char *)NULL);
    run(&doc);
    expect(&doc, "a lot of good will on every side", NX_QUOTE_PARTIAL, "Olsen Group", NULL,
           (int32_t)olsen);
    nx_doc_free(&doc);

    /* a person before an organisation of the sentence; "she" opening it
     * before any name: its subject, resolved to the nearest person */
    seg(&doc, "Anna Berg spoke first. After the count Acme Corp and Anna Berg thanked them "
              "for “a night to remember” and left. After that she thanked Acme Corp for "
              "“a fair and open count” at the door.");
    berg = add_entity(&doc, NX_ENT_PER, "Anna Berg", (const char *)NULL);
    add_entity(&doc, NX_ENT_ORG, "Acme Corp", (const char *)NULL);
    run(&doc);
    expect(&doc, "a night to remember", NX_QUOTE_PARTIAL, "Anna Berg", NULL, (int32_t)berg);
    expect(&doc, "a fair and open count", NX_QUOTE_PARTIAL, "she", NULL, (int32_t)berg);
    nx_doc_free(&doc);

    /* a participle phrase opening the sentence is read through to its
     * subject (rule 7) */
    seg(&doc, "Citing the storm and the floods, Anna Berg hoped voters would “stay home and "
              "stay safe” today.");
    run(&doc);
    expect(&doc, "stay home and stay safe", NX_QUOTE_PARTIAL, "Anna Berg", NULL, -1);
    nx_doc_free(&doc);

    /* a verb outside the lists with a particle after it (section 2; after a
     * determiner the phrase would take the verb in) */
    seg(&doc, "“Who will pay for it?” he asked.\n\n“Mexico, of course,” Dana Cole screamed back.");
    run(&doc);
    expect(&doc, "Mexico, of course", NX_QUOTE_DIRECT, "Dana Cole", "screamed", -1);
    nx_doc_free(&doc);

    /* "X, who ...": the speaker is "who", resolved to X when X names an
     * entity (resolved_by pronoun); the phrase itself otherwise */
    seg(&doc, "Dana Cole, who has described the plan as “a dead end for the city,” "
              "left early. A neighbour, who has called it “a fine plan for all of us,” stayed.");
    uint32_t cole = add_entity(&doc, NX_ENT_PER, "Dana Cole", (const char *)NULL);
    run(&doc);
    expect(&doc, "a dead end for the city", NX_QUOTE_PARTIAL, "who", "described", (int32_t)cole);
    expect(&doc, "a fine plan for all of us", NX_QUOTE_PARTIAL, "A neighbour", "called", -1);
    assert_int_equal(find_quote(&doc, "a dead end")->resolved_by, NX_RES_PRONOUN);
    nx_doc_free(&doc);

    /* "he" after a person earlier in its own sentence: that person (the
     * subject), not the nearest one */
    seg(&doc, "Dana Cole met Eli Park at the debate and later said he was “very tired of all "
              "the noise,” friends recalled.");
    uint32_t dana = add_entity(&doc, NX_ENT_PER, "Dana Cole", (const char *)NULL);
    add_entity(&doc, NX_ENT_PER, "Eli Park", (const char *)NULL);
    run(&doc);
    {
        const nx_quote *q = find_quote(&doc, "very tired");
        assert_non_null(q);
        assert_true(q->has_speaker);
        assert_int_equal(q->speaker_entity, (int32_t)dana);
    }
    nx_doc_free(&doc);

    /* no person or organisation at all: no speaker */
    seg(&doc, "In the end, there was “a lot of good will on every side” at the table.");
    run(&doc);
    expect(&doc, "a lot of good will on every side", NX_QUOTE_PARTIAL, NULL, NULL, -1);
    nx_doc_free(&doc);
}

/* Indirect attributions (reported speech without marks) and the way a
 * speaker's entity is found (resolved_by). */
static void test_indirect(void **state)
{
    (void)state;
    nx_doc doc;
    seg(&doc, "Energy Minister Lena Berg met the unions on Monday.\n\n"
              "According to officials, the talks failed after midnight. The minister said that "
              "the plan would cost more than expected. She denied any link to the tender. Berg "
              "told reporters the unions had rejected the offer. The union’s spokesman said the "
              "strike would go ahead.\n\n"
              "The new line will open in May, the Halden Rail Company said. He said: the board "
              "will vote in June.\n\n"
              "According to a count by the union of its members, the vote was close. Lena Berg "
              "on Tuesday said the fee would rise. In a survey by the union, the fee was too "
              "high for most members. In a letter, Berg said the strike was over.\n\n"
              "Lena Berg, 52, a former teacher, said the school would close. After a long "
              "night, the vote will be close, said Ole Dahl, a union leader.\n\n"
              "Berg said the members want a new vote. Berg railed against the new tender "
              "rules. A storm knocked out power to the port. Drammen is one of the towns "
              "credited to keep the line open. The fee was criticized by the "
              "unions as too high. Dahl declined to comment. The new offer is “a bad joke,” Dahl "
              "said. Dahl appears to be ready for a long strike. Dahl might have denied any "
              "deal with the port.\n\n"
              "“We will win,” Berg said in a statement.\n\n"
              "Correction: An earlier version of this story misstated the date.");
    uint32_t berg = add_entity(&doc, NX_ENT_PER, "Lena Berg", "Berg", (const char *)NULL);
    uint32_t rail = add_entity(&doc, NX_ENT_ORG, "Halden Rail Company", (const char *)NULL);
    run(&doc);
    static const struct {
        const char *content, *speaker, *cue;
        int how;
    } want[] = {
        {"the talks failed after midnight", "officials", "According to", NX_RES_NONE},
        {"that the plan would cost more than expected", "The minister", "said", NX_RES_ROLE},
        {"any link to the tender", "She", "denied", NX_RES_PRONOUN},
        {"the unions had rejected the offer", "Berg", "told", NX_RES_MENTION},
        {"the strike would go ahead", "The union’s spokesman", "said", NX_RES_NONE},
        {"The new line will open in May", "the Halden Rail Company", "said", NX_RES_MENTION},
        {"the board will vote in June", "He", "said", NX_RES_PRONOUN},
        /* a source that runs to its comma; a time phrase before the verb */
        {"the vote was close", "a count", "According to", NX_RES_NONE},
        {"the fee would rise", "Lena Berg", "said", NX_RES_MENTION},
        {"the fee was too high for most members", "a survey", "In", NX_RES_NONE},
        /* a short clause after the cue: not a tail ("In a letter" is no clause) */
        {"the strike was over", "Berg", "said", NX_RES_MENTION},
        /* an age and an appositive between the name and the cue */
        {"the school would close", "Lena Berg", "said", NX_RES_MENTION},
        /* a name right after the speech verb, then a comma: it inverts */
        {"After a long night, the vote will be close", "Ole Dahl", "said", NX_RES_NONE},
        /* "want" (report-cues-learned.tsv, class top) starts nothing inside
         * said's clause; a learned cue; "knocked out" is another verb, and
         * "credited" after a noun and before "to" a reduced relative clause;
         * "Correction:" is a label, not a speaker */
        {"the members want a new vote", "Berg", "said", NX_RES_MENTION},
        {"the new tender rules", "Berg", "railed against", NX_RES_MENTION},
        /* a passive: its subject is reported too, the agent speaks */
        {"The fee was criticized by the unions as too high", "the unions", "criticized",
         NX_RES_NONE},
        /* an infinitive after the cue is its clause, two tokens suffice */
        {"to comment", "Dahl", "declined", NX_RES_NONE},
        /* a partial quotation that no clause holds: its sentence, up to
         * its tail */
        {"The new offer is “a bad joke,”", "Dahl", "said", NX_RES_NONE},
        /* a cue of class subject: its subject is reported too */
        {"Dahl appears to be ready for a long strike", "Dahl", "appears", NX_RES_NONE},
        /* a modal (quote-words.tsv, class aux) is no part of the subject */
        {"any deal with the port", "Dahl", "denied", NX_RES_NONE},
    };
    size_t n_ind = 0;
    for (size_t i = 0; i < doc.n_quotes; i++) {
        const nx_quote *q = &doc.quotes[i];
        if (i)
            assert_true(doc.quotes[i - 1].start <= q->start);
        if (q->kind != NX_QUOTE_INDIRECT)
            continue;
        n_ind++;
        size_t k = 0;
        while (k < sizeof(want) / sizeof(want[0]) &&
               !span_is(&doc, (nx_span){q->start, q->end}, want[k].content))
            k++;
        if (k == sizeof(want) / sizeof(want[0]))
            fail_msg("unexpected indirect attribution %.*s", (int)(q->end - q->start),
                     doc.text + q->start);
        if (!q->has_speaker || !span_is(&doc, q->speaker, want[k].speaker))
            fail_msg("%s: speaker %.*s, want %s", want[k].content,
                     q->has_speaker ? (int)(q->speaker.end - q->speaker.start) : 0,
                     doc.text + q->speaker.start, want[k].speaker);
        if (!q->has_cue || !span_is(&doc, q->cue, want[k].cue))
            fail_msg("%s: cue, want %s", want[k].content, want[k].cue);
        if (q->resolved_by != want[k].how)
            fail_msg("%s: resolved_by %d, want %d", want[k].content, q->resolved_by, want[k].how);
        int32_t ent = want[k].how == NX_RES_NONE ? -1 : (int32_t)(k == 5 ? rail : berg);
        if (q->speaker_entity != ent)
            fail_msg("%s: entity %d, want %d", want[k].content, (int)q->speaker_entity, (int)ent);
    }
    assert_int_equal(n_ind, sizeof(want) / sizeof(want[0]));
    /* the quotation's own tag is not reported speech ("said in a statement") */
    expect(&doc, "We will win", NX_QUOTE_DIRECT, "Berg", "said", (int32_t)berg);
    nx_doc_free(&doc);

    /* two fragments whose speaker is the sentence's subject (no cue): one
     * clause, their sentence, not one each */
    seg(&doc, "Lena Berg keeps the “fair” and “final” terms for the port.");
    add_entity(&doc, NX_ENT_PER, "Lena Berg", (const char *)NULL);
    run(&doc);
    n_ind = 0;
    for (size_t i = 0; i < doc.n_quotes; i++)
        if (doc.quotes[i].kind == NX_QUOTE_INDIRECT) {
            n_ind++;
            assert_true(span_is(&doc, (nx_span){doc.quotes[i].start, doc.quotes[i].end},
                                "Lena Berg keeps the “fair” and “final” terms for the port"));
        }
    assert_int_equal(n_ind, 1);
    nx_doc_free(&doc);
}

/* A speaker's basis (docs/quotes.md, "Speaker basis"): its own cue, inherited
 * from the quotation it continues, the sentence's subject (context), a
 * guess; an indirect attribution's speaker stands with its cue. */
static void test_speaker_basis(void **state)
{
    (void)state;
    nx_doc doc;
    seg(&doc, "“We lost,” Rubio said. “As is known, we tried.” Jeb Bush could not bring "
              "himself to utter: “Donald Trump.”\n\nAfter the count Anna Berg thanked them "
              "for “a night to remember” and left.\n\nThe ministry said that the talks failed.");
    add_entity(&doc, NX_ENT_PER, "Anna Berg", (const char *)NULL);
    run(&doc);
    static const struct {
        const char *prefix;
        const char *speaker;
        int basis;
    } want[] = {
        {"We lost", "Rubio", NX_BASIS_CUE},
        {"As is known", "Rubio", NX_BASIS_INHERITED},
        {"Donald Trump", "Jeb Bush", NX_BASIS_CONTEXT},
        {"a night to remember", "Anna Berg", NX_BASIS_GUESS},
    };
    for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
        const nx_quote *q = find_quote(&doc, want[k].prefix);
        if (!q || !q->has_speaker || !span_is(&doc, q->speaker, want[k].speaker))
            fail_msg("%s: no speaker %s", want[k].prefix, want[k].speaker);
        if (q->basis != want[k].basis)
            fail_msg("%s: basis %d, want %d", want[k].prefix, q->basis, want[k].basis);
    }
    /* the inherited speaker keeps the earlier quotation's cue; the guess has none */
    assert_true(find_quote(&doc, "As is known")->has_cue);
    assert_false(find_quote(&doc, "a night to remember")->has_cue);
    /* the partial quotation's sentence is an indirect attribution too
     * (docs/quotes.md section 6), with the partial quotation's guess */
    size_t n_ind = 0;
    for (size_t i = 0; i < doc.n_quotes; i++)
        if (doc.quotes[i].kind == NX_QUOTE_INDIRECT && doc.quotes[i].has_speaker) {
            if (span_is(&doc, doc.quotes[i].speaker, "Anna Berg")) {
                assert_int_equal(doc.quotes[i].basis, NX_BASIS_GUESS);
                assert_false(doc.quotes[i].has_cue);
            } else {
                assert_true(span_is(&doc, doc.quotes[i].speaker, "The ministry"));
                assert_int_equal(doc.quotes[i].basis, NX_BASIS_CUE);
            }
            n_ind++;
        }
    assert_int_equal(n_ind, 2);
    nx_doc_free(&doc);
}

/* path: the project's config/lang/en/quote-words.tsv without its line
 * `drop` (NULL: none), then the lines `extra`. */
static void write_words(const char *path, const char *drop, const char *extra)
{
    nx_test_copy_en(path, "quote-words.tsv", 1, drop, extra);
}

/* The speaker and cue ("" for none) of the quotation of text that starts
 * with prefix, through a quote stage whose config folder is opts's. */
static void attrib_with(const nx_core_opts *opts, const char *text, const char *prefix,
                        char *speaker, char *cue, size_t cap)
{
    char errstr[256] = "";
    void *st = NULL;
    assert_int_equal(nx_stage_quotes.init(opts, &st, errstr, sizeof(errstr)), NX_OK);
    nx_doc doc;
    seg(&doc, text);
    assert_int_equal(nx_stage_quotes.run(&doc, st, errstr, sizeof(errstr)), NX_OK);
    const nx_quote *q = find_quote(&doc, prefix);
    assert_non_null(q);
    snprintf(speaker, cap, "%.*s", q->has_speaker ? (int)(q->speaker.end - q->speaker.start) : 0,
             doc.text + q->speaker.start);
    snprintf(cue, cap, "%.*s", q->has_cue ? (int)(q->cue.end - q->cue.start) : 0,
             doc.text + q->cue.start);
    nx_doc_free(&doc);
    nx_stage_quotes.free_state(st);
}

/* config/lang/en/quote-words.tsv is read from the config folder: its
 * particles are the ones after a verb outside the lists, its speech words
 * are cues and its invert words take their subject after them, its
 * not-speaker and time words are no speakers; the file is
 * required, and a malformed line is a start-up error naming it. */
static void test_quote_words_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/newsx-qwords-XXXXXX", path[256], errstr[256] = "", sp[64], cue[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/lang", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/lang/en", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/lang/en/quote-words.tsv", dir);
    nx_core_opts opts;
    memset(&opts, 0, sizeof(opts));
    opts.config_dir = dir;
    /* particles: "away" instead of "back" */
    write_words(path, "back\tparticle\n", "# comment\nAway\tparticle\n");
    void *st = NULL;
    assert_int_equal(nx_stage_quotes.init(&opts, &st, errstr, sizeof(errstr)), NX_OK);
    nx_doc doc;
    seg(&doc, "“Who will pay?” he asked.\n\n“Not them,” Dana Cole screamed back.\n\n"
              "“Not us,” Dana Cole screamed away.");
    assert_int_equal(nx_stage_quotes.run(&doc, st, errstr, sizeof(errstr)), NX_OK);
    const nx_quote *away = find_quote(&doc, "Not us"), *back = find_quote(&doc, "Not them");
    const nx_quote *who = find_quote(&doc, "Who will");
    assert_true(away && away->has_speaker && span_is(&doc, away->speaker, "Dana Cole"));
    assert_true(back && !(back->has_speaker && span_is(&doc, back->speaker, "Dana Cole")));
    assert_true(who && who->has_cue && span_is(&doc, who->cue, "asked"));
    nx_doc_free(&doc);
    nx_stage_quotes.free_state(st);
    /* a made-up speech verb is a cue once the file has it; under invert too,
     * its subject may follow it */
    static const char *const text = "Dana Cole blorped: “We will win.”\n\n"
                                    "“They will lose,” blorped the mayor.";
    write_words(path, NULL, "");
    attrib_with(&opts, text, "We will", sp, cue, sizeof(sp));
    assert_string_equal(cue, "");
    write_words(path, NULL, "blorped\tspeech\n");
    attrib_with(&opts, text, "We will", sp, cue, sizeof(sp));
    assert_string_equal(sp, "Dana Cole");
    assert_string_equal(cue, "blorped");
    attrib_with(&opts, text, "They will", sp, cue, sizeof(sp));
    assert_string_not_equal(sp, "the mayor");
    write_words(path, NULL, "blorped\tspeech\nblorped\tinvert\n");
    attrib_with(&opts, text, "They will", sp, cue, sizeof(sp));
    assert_string_equal(sp, "the mayor");
    assert_string_equal(cue, "blorped");
    /* the classes that were word lists in the code are read from the file
     * too: "Washington" alone is no speaker (not-speaker), a phrase headed
     * by a time word neither (time) */
    static const char *const alone = "“We will win,” Washington said.\n\n"
                                     "“They will lose,” the fortnight said.";
    write_words(path, NULL, "");
    attrib_with(&opts, alone, "We will", sp, cue, sizeof(sp));
    assert_string_equal(sp, "");
    attrib_with(&opts, alone, "They will", sp, cue, sizeof(sp));
    assert_string_equal(sp, "the fortnight");
    write_words(path, "washington\tnot-speaker\n", "fortnight\ttime\n");
    attrib_with(&opts, alone, "We will", sp, cue, sizeof(sp));
    assert_string_equal(sp, "Washington");
    attrib_with(&opts, alone, "They will", sp, cue, sizeof(sp));
    assert_string_equal(sp, "");
    /* malformed lines: an unknown class, a word too long */
    static const char *const bad[] = {
        "back\tparticle\nwho\trelatives\n", "back\tparticle\nsaid\n",
        "said\tspeech\nabcdefghijklmnopqrstuvwxyz0123456789\tspeech\n"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(bad[i], f);
        fclose(f);
        st = NULL;
        assert_int_equal(nx_stage_quotes.init(&opts, &st, errstr, sizeof(errstr)), NX_ERR_CONFIG);
        assert_null(st);
        assert_non_null(strstr(errstr, "quote-words.tsv:2"));
    }
    /* no file: the stage cannot work without its words */
    unlink(path);
    st = NULL;
    assert_int_equal(nx_stage_quotes.init(&opts, &st, errstr, sizeof(errstr)), NX_ERR_CONFIG);
    assert_null(st);
    assert_non_null(strstr(errstr, path));
    snprintf(path, sizeof(path), "%s/lang/en", dir);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/lang", dir);
    rmdir(path);
    rmdir(dir);
}

static void test_alloc_failures(void **state)
{
    (void)state;
    const char *text = "“We will win,” Putin said. Reuters reported it. “Again,” he added.";
    int failed = 0, succeeded = 0;
    for (unsigned long n = 1; n < 40; n++) {
        nx_doc doc;
        seg(&doc, text);
        add_entity(&doc, NX_ENT_PER, "Putin", (const char *)NULL);
        char errstr[128] = "";
        nx_alloc_fail_at(n);
        nx_err e = nx_stage_quotes.run(&doc, g_state, errstr, sizeof(errstr));
        nx_alloc_fail_at(0);
        if (e == NX_OK) {
            succeeded++;
            assert_int_equal(doc.n_quotes, 2);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_marks),
        cmocka_unit_test(test_attribution_patterns),
        cmocka_unit_test(test_attribution_rules_2),
        cmocka_unit_test(test_speaker_resolution),
        cmocka_unit_test(test_sources),
        cmocka_unit_test(test_multi_paragraph_and_noise),
        cmocka_unit_test(test_marks_round3),
        cmocka_unit_test(test_rules_round3),
        cmocka_unit_test(test_headline_speakers),
        cmocka_unit_test(test_speaker_phrases),
        cmocka_unit_test(test_guessed_speakers),
        cmocka_unit_test(test_indirect),
        cmocka_unit_test(test_speaker_basis),
        cmocka_unit_test(test_quote_words_file),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
