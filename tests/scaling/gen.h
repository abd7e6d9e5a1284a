/*
 * gen.h - adversarial article generators for the scaling tests (issue 25).
 *
 * Each generator writes a deterministic article of about n bytes into a
 * malloc'd buffer (NUL-terminated; *len is its size). The shapes are the
 * inputs that once made a stage super-linear: repeated quotation marks, one
 * huge paragraph, many distinct names, a huge envelope title, deeply nested
 * HTML, very long HTML and long lines without spaces. Used by
 * tests/unit/test_scaling.c (step counts at 64 KB and 1 MiB) and by the
 * scaling-gen tool (timings at 4 MiB, fuzz seeds).
 */
#ifndef NX_SCALING_GEN_H
#define NX_SCALING_GEN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct gen_buf {
    char *p;
    size_t len, cap;
} gen_buf;

static void gen_put(gen_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            abort();
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void gen_puts(gen_buf *b, const char *s)
{
    gen_put(b, s, strlen(s));
}

/* A distinct capitalized pseudo-name for i: consonant-vowel syllables. */
static void gen_name(gen_buf *b, unsigned long i, unsigned salt)
{
    static const char cons[] = "bdfgklmnprstvz";
    static const char vow[] = "aeiou";
    char w[32];
    size_t k = 0;
    unsigned long x = i * 2654435761ul + salt * 40503ul + 7;
    w[k++] = (char)(cons[x % 14] - 'a' + 'A');
    x /= 14;
    w[k++] = vow[x % 5];
    x /= 5;
    unsigned long v = i;
    do {
        w[k++] = cons[v % 14];
        v /= 14;
        w[k++] = vow[v % 5];
        v /= 5;
    } while (v && k < 28);
    gen_put(b, w, k);
}

static void gen_quotes(gen_buf *b, size_t n)
{
    while (b->len < n)
        gen_puts(b, "\"a ");
}

static void gen_paragraph(gen_buf *b, size_t n)
{
    static const char *const s[] = {
        "The minister said on Monday that the plan would cost 3 million dollars. ",
        "\"We will not accept this,\" said John Smith, a spokesman for the union. ",
        "Officials in Paris and Berlin met last week to discuss the proposal. ",
        "Prices rose 2.5 percent in March, the fastest pace since 2019. ",
    };
    gen_puts(b, "Budget talks continue\n\n");
    for (unsigned i = 0; b->len < n; i++)
        gen_puts(b, s[i % 4]);
}

static void gen_names_body(gen_buf *b, size_t n, unsigned long *i)
{
    while (b->len < n) {
        gen_name(b, (*i)++, 1);
        gen_puts(b, " ");
        gen_name(b, (*i)++, 2);
        gen_puts(b, " met ");
        gen_name(b, (*i)++, 3);
        gen_puts(b, " Corporation in ");
        gen_name(b, (*i)++, 4);
        gen_puts(b, (*i % 64) == 0 ? ".\n\n" : ". ");
    }
}

static void gen_names(gen_buf *b, size_t n)
{
    unsigned long i = 0;
    gen_puts(b, "Many names\n\n");
    gen_names_body(b, n, &i);
}

/* A JSON envelope whose title is half the input: names that also occur in the body. */
static void gen_title(gen_buf *b, size_t n)
{
    unsigned long i = 0;
    gen_puts(b, "{\"title\": \"");
    gen_names_body(b, n / 2, &i);
    /* the names of the title again in the body (JSON-safe: no quotes, newlines escaped) */
    gen_buf body = {0};
    i = 0;
    gen_names_body(&body, n - b->len, &i);
    for (size_t k = 0; k < body.len; k++) {
        if (body.p[k] == '\n')
            body.p[k] = ' ';
    }
    gen_puts(b, "\", \"text\": \"");
    gen_put(b, body.p, body.len);
    gen_puts(b, "\"}");
    free(body.p);
    for (size_t k = 0; k < b->len; k++) {
        if (b->p[k] == '\n')
            b->p[k] = ' ';
    }
}

/* Quotations attributed to pronouns and organisation words with no person
 * or matching organisation named anywhere: each resolution once walked back
 * over every earlier mention. */
static void gen_speakers(gen_buf *b, size_t n)
{
    static const char *const cue[] = {"he said", "the ministry said", "a spokesman said",
                                      "it said"};
    unsigned long i = 0;
    gen_puts(b, "Speakers\n\n");
    while (b->len < n) {
        gen_name(b, i, 5);
        gen_puts(b, " Corporation opened in ");
        gen_name(b, i, 6);
        gen_puts(b, ". \"We are fine,\" ");
        gen_puts(b, cue[i % 4]);
        gen_puts(b, (++i % 50) == 0 ? ".\n\n" : ". ");
    }
}

static void gen_html_nested(gen_buf *b, size_t n)
{
    gen_puts(b, "<!DOCTYPE html><html><head><title>Nested</title></head><body>");
    size_t depth = 0;
    while (b->len < n / 34 * 24) {
        gen_puts(b, "<div><p>Deep text here. ");
        depth++;
    }
    while (depth) {
        gen_puts(b, "</p></div>");
        depth--;
    }
    gen_puts(b, "</body></html>");
}

static void gen_html_long(gen_buf *b, size_t n)
{
    gen_puts(b, "<!DOCTYPE html><html><head><title>Long page</title></head><body><article>");
    for (unsigned i = 0; b->len < n; i++) {
        gen_puts(b, "<p>The committee met on <b>Tuesday</b> in <a href=\"/x\">London</a> and "
                    "said the report was \"not final\". Costs rose 4 percent.</p>\n");
        if (i % 50 == 49)
            gen_puts(b, "<section><h2>More</h2><ul><li>one</li><li>two</li></ul></section>\n");
    }
    gen_puts(b, "</article></body></html>");
}

static void gen_nospace(gen_buf *b, size_t n)
{
    gen_puts(b, "No spaces\n\n");
    for (unsigned i = 0; b->len < n; i++) {
        gen_puts(b, (i % 3) == 0 ? "abc.Def-ghi'jk" : (i % 3) == 1 ? "US.1,000.5" : "x\"y\"z");
        if (i % 20000 == 19999)
            gen_puts(b, "\n");
    }
}

/* German quotations (the quote stage's other-language path, quotes_lang.c):
 * attributed and nested marks, cues before and after, paragraphs opened by a
 * dash with many commas, and opening marks that nothing closes. */
static void gen_quotes_de(gen_buf *b, size_t n)
{
    gen_puts(b, "title: Stadtrat streitet über den Haushalt\n\n");
    for (unsigned i = 0; b->len < n; i++) {
        switch (i % 4) {
        case 0:
            gen_puts(b, "„Wir stehen zu unserem Wort“, sagte die Bürgermeisterin Anna Weber nach "
                        "der Sitzung. ");
            break;
        case 1:
            gen_puts(b, "Kämmerer Paul Roth erklärte: „Die Kosten steigen, die Einnahmen nicht.“ "
                        "„Und ‚Sparen‘ allein hilft nicht, sagte er ");
            break;
        case 2:
            gen_puts(b, "\n\n— Das ist kein guter Plan, meinte ein Vertreter der Opposition, und "
                        "wir werden, wenn nötig, klagen, ");
            break;
        default:
            gen_puts(b, "so Weber. Laut Roth sprach der Rat von einem „schwierigen Jahr“. ");
            break;
        }
    }
}

/* Reported speech (the quote stage's indirect attributions): one sentence
 * without an end, full of cues, tails and clauses that end at them. */
static void gen_reported(gen_buf *b, size_t n)
{
    static const char *const s[] = {
        "the council said that the plan would cost more, officials said, ",
        "according to Reuters, the minister told reporters that ",
        "Berg: the union denied the claim, saying that ",
        "the talks failed, according to two sources, and the mayor added ",
    };
    gen_puts(b, "Council budget\n\nThe ministry announced that ");
    for (unsigned i = 0; b->len < n; i++)
        gen_puts(b, s[i % 4]);
}

typedef struct gen_shape {
    const char *name;
    void (*fn)(gen_buf *b, size_t n);
} gen_shape;

static const gen_shape gen_shapes[] = {
    {"quotes", gen_quotes},       {"paragraph", gen_paragraph}, {"names", gen_names},
    {"title", gen_title},         {"speakers", gen_speakers},   {"html_nested", gen_html_nested},
    {"html_long", gen_html_long}, {"nospace", gen_nospace},     {"quotes_de", gen_quotes_de},
    {"reported", gen_reported},
};
#define GEN_N_SHAPES (sizeof(gen_shapes) / sizeof(gen_shapes[0]))

/* The article of the named shape at about n bytes (NULL for an unknown shape). */
static char *gen_article(const char *shape, size_t n, size_t *len)
{
    for (size_t s = 0; s < GEN_N_SHAPES; s++) {
        if (strcmp(gen_shapes[s].name, shape) == 0) {
            gen_buf b = {0};
            gen_shapes[s].fn(&b, n);
            *len = b.len;
            return b.p;
        }
    }
    return NULL;
}

#endif
