/*
 * timex_intl_ctx.h - internal to the dates stage for languages other than
 * English: one document's tokens and the match under construction, shared
 * by the matcher (timex_intl.c) and the value writers and number-token
 * readers (timex_intl_values.c). Not part of the core's interface.
 */
#ifndef NX_TIMEX_INTL_CTX_H
#define NX_TIMEX_INTL_CTX_H

#include <stddef.h>
#include <stdint.h>

#include "nx_doc.h"
#include "timex_intl_words.h"

#define NOMOD 9 /* no modifier */

typedef struct ti_tok {
    uint64_t cls;
    const ti_slot *s; /* the file's entry, or NULL */
    int pack_val;     /* value of the pack's class */
    int num;          /* value of an all-digit token of 1-4 digits, else -1 */
    int dotnum;       /* value of a day number with its ordinal dot ("17."), else -1 */
    const char *dp;   /* the part of the day of a compound ("Dienstagabend": "EV"), or NULL */
    uint8_t ndig;
    /* computed on first use: the file's phrase starting here and its words;
     * the tense marker (tense_of) + 2 */
    uint8_t ph_done, phn, tense2;
    const ti_slot *ph;
} ti_tok;

typedef struct ti_ctx {
    nx_doc *doc;
    const ti_lang *l;
    ti_tok *t;
    size_t tb, te; /* the sentence */
    int has_anchor, ay, am, ad;
    char day[16];   /* the last day (YYYY-MM-DD) named in the sentence, or "" */
    char dday[16];  /* the last day named in the document, or "" */
    char dlast[16]; /* the last date with a year named in the document, or "" */
    int qy, qn;     /* the last quarter named in the document, qn 0 for none */
    size_t mb;      /* the token a match attempt starts at */
    int64_t adays;
} ti_ctx;

typedef struct ti_match {
    size_t b, e; /* tokens */
    int type;
    int from_quarter; /* the value came from the last quarter named */
    int anaphoric;    /* counted from the date named before: not an anchor itself */
    char value[40];
    /* a clock range in one token ("14.30-18 Uhr"): the first time ends at
     * byte split (0: no range), the second (value2) starts after the dash */
    uint32_t split;
    char value2[40];
    int trim_dot; /* the last token's final dot ends the sentence, not the expression */
} ti_match;

static inline int has(const ti_ctx *c, size_t i, int cls)
{
    return i < c->te && (c->t[i].cls & B(cls));
}

static inline int val(const ti_ctx *c, size_t i, int cls)
{
    const ti_tok *t = &c->t[i];
    return t->s && (t->s->cls & B(cls)) ? t->s->val[cls] : t->pack_val;
}

static inline const char *str(const ti_ctx *c, size_t i, int cls)
{
    const ti_tok *t = &c->t[i];
    return t->s && (t->s->cls & B(cls)) ? t->s->str[cls] : "";
}

static inline int is_punct(const ti_ctx *c, size_t i, char ch)
{
    const nx_token *k = &c->doc->toks[i];
    return i < c->te && k->kind == NX_TOK_PUNCT && k->end - k->start == 1 &&
           c->doc->text[k->start] == ch;
}

/* Token j is a plural unit ("Jahren", "meses"). */
static inline int ti_plural_unit(const ti_ctx *c, size_t j)
{
    const char *u = has(c, j, C_UNIT) ? str(c, j, C_UNIT) : "";
    return u[0] && u[1] == 's';
}

static inline int ti_is_year(const ti_ctx *c, size_t i)
{
    return i < c->te && c->t[i].ndig == 4 && c->t[i].num >= 1000 && c->t[i].num <= 2099;
}

/* Values (timex_intl_values.c). */
void ti_put_date(ti_match *m, int64_t days);
int ti_weekday_of(int64_t days);
int ti_put_shift(const ti_ctx *c, ti_match *m, char u, int n);
int ti_put_duration(ti_match *m, char u, int n);
int ti_put_vague(ti_match *m, char u);
int ti_clock_token(const ti_ctx *c, size_t i, int hm[4], size_t *dash);
size_t ti_era_at(const ti_ctx *c, size_t j, int mod, ti_match *m);
size_t ti_num_date(const ti_ctx *c, size_t j, ti_match *m);

#endif
