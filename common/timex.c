/*
 * timex.c - the dates stage: TIMEX3 time expressions, typed and normalized
 * against the publication date (rules and examples in docs/dates.md).
 *
 * The stage works sentence by sentence over the segmenter's tokens. Tokens
 * are turned into "units" (hyphenated words such as third-quarter or
 * 10-year are split at the hyphen); each unit costs one probe in a hash of
 * the word table (timex_lex.c), and only units whose class is set, or that
 * start with a digit, start a match attempt. A match attempt tries every
 * pattern at that unit and keeps the longest; matches never overlap.
 *
 * Anchor: doc->published (from the input stage) or, when it is absent, a
 * dateline opening the text ("BRUSSELS 1996-08-22", "WASHINGTON, Jan. 24
 * (Reuters) -"), which then becomes doc->published with published_source
 * "dateline"; failing both, the transport timestamp. Without any anchor,
 * relative expressions get unresolved values (XXXX-XX-XX, XXXX-WXX-1, ...).
 *
 * Tense: a bare weekday, month, season or quarter is resolved in the
 * direction of the nearest tense marker of its sentence (past -> the latest
 * one not after the anchor, future -> the next one not before it, present
 * or none -> the nearest one).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "nx_alloc.h"
#include "stage.h"
#include "timex_intl.h"
#include "timex_lex.h"

/* ---------- the word table's hash (built once at init) ---------- */

#define TX_HASH_SIZE 1024u

typedef struct tx_state {
    uint16_t slot[TX_HASH_SIZE]; /* lexicon index + 1, 0 = empty */
    uint8_t len[TX_HASH_SIZE];   /* the word's length in that slot */
    nx_timex_intl *intl;         /* the other languages' engine (timex_intl.c) */
} tx_state;

static uint32_t tx_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (uint8_t)s[i];
        h *= 16777619u;
    }
    return h;
}

static const tx_entry *tx_lookup_h(const tx_state *st, const char *w, size_t n, uint32_t h)
{
    h &= TX_HASH_SIZE - 1;
    for (;;) {
        uint16_t k = st->slot[h];
        if (!k)
            return NULL;
        const tx_entry *e = &tx_lexicon[k - 1];
        if (st->len[h] == n && memcmp(e->word, w, n) == 0)
            return e;
        h = (h + 1) & (TX_HASH_SIZE - 1);
    }
}

static const tx_entry *tx_lookup(const tx_state *st, const char *w, size_t n)
{
    return tx_lookup_h(st, w, n, tx_hash(w, n));
}

static nx_err dates_init(const nx_core_opts *opts, void **state, char *errstr, size_t errstr_size)
{
    tx_state *st = nx_calloc(1, sizeof(*st));
    if (!st)
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading the date rules");
    nx_err e = nx_timex_intl_new(opts ? opts->config_dir : NULL, &st->intl, errstr, errstr_size);
    if (e) {
        nx_free(st);
        return e;
    }
    for (size_t i = 0; i < tx_lexicon_len; i++) {
        const char *w = tx_lexicon[i].word;
        size_t n = strlen(w);
        if (tx_lookup(st, w, n))
            continue; /* first entry of a word wins */
        uint32_t h = tx_hash(w, n) & (TX_HASH_SIZE - 1);
        while (st->slot[h])
            h = (h + 1) & (TX_HASH_SIZE - 1);
        st->slot[h] = (uint16_t)(i + 1);
        st->len[h] = (uint8_t)n;
    }
    *state = st;
    return NX_OK;
}

static void dates_free(void *state)
{
    if (state)
        nx_timex_intl_free(((tx_state *)state)->intl);
    nx_free(state);
}

/* ---------- calendar arithmetic (proleptic Gregorian) ---------- */

/* ISO weekday, Monday = 1 .. Sunday = 7. */
static int weekday_of(int64_t days)
{
    int64_t w = (days + 3) % 7; /* 1970-01-01 was a Thursday */
    if (w < 0)
        w += 7;
    return (int)w + 1;
}

static void iso_week(int64_t days, int *wy, int *wn)
{
    int64_t thu = days - weekday_of(days) + 4;
    int y, m, d;
    nx_civil_from_days(thu, &y, &m, &d);
    *wy = y;
    *wn = (int)((thu - nx_days_from_civil(y, 1, 1)) / 7) + 1;
}

/* ---------- units of a sentence ---------- */

#define U_DIGIT  0x01 /* starts with a digit */
#define U_ALLDIG 0x02 /* digits only */
#define U_CAP    0x04 /* upper-case first letter */
#define U_ALLCAP 0x08 /* every letter upper case, two letters or more */
#define U_SPACE  0x10 /* white space before it */
#define U_DOT    0x20 /* matched the word table without its final period */

typedef struct tunit {
    uint32_t s, e;
    uint8_t cls, lflags, uflags;
    int16_t val;
    int32_t num; /* value when U_ALLDIG (else -1) */
    uint8_t len; /* length of lw */
    char lw[23]; /* lower-cased text, truncated */
} tunit;

typedef struct match {
    size_t b, e; /* unit range [b, e) */
    uint8_t type;
    char value[40];
    char mod[16];
} match;

typedef struct ctx {
    nx_doc *doc;
    const tx_state *st;
    const char *text;
    tunit *u;
    size_t n, cap;
    int has_anchor;
    int ay, am, ad;
    int64_t adays;
    /* what the document mentioned last (for "a year earlier", "that year") */
    int last_qy, last_q;
    int last_q_fiscal; /* that quarter is a fiscal one */
    int long_period;   /* the last period an expression named was a longer one */
    int last_y;
    /* the last day and month a DATE or TIME named: the reference time of
     * narrative expressions ("the next day", "the following month") */
    int64_t last_days;
    int has_last_day;
    int tense_hint; /* a clock time's tense, for the day that follows it */
    int last_my, last_mm;
    size_t dateline_end;  /* units of the dateline's sentence that form the dateline */
    size_t dateline_sent; /* that sentence's index */
} ctx;

static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static void set_unit(ctx *c, tunit *u, uint32_t s, uint32_t e)
{
    const char *p = c->text + s;
    size_t n = e - s;
    u->s = s;
    u->e = e;
    u->num = -1;
    u->cls = TX_NONE;
    u->lflags = 0;
    u->uflags = 0;
    u->val = 0;
    if (s > 0) {
        char b = c->text[s - 1];
        if (b == ' ' || b == '\n' || b == '\t' || b == '\r')
            u->uflags |= U_SPACE;
    } else {
        u->uflags |= U_SPACE;
    }
    if (n && is_digit((uint8_t)p[0])) {
        u->uflags |= U_DIGIT;
        size_t k = 0;
        int32_t v = 0;
        while (k < n && is_digit((uint8_t)p[k]) && k < 9)
            v = v * 10 + (p[k++] - '0');
        if (k == n) {
            u->uflags |= U_ALLDIG;
            u->num = v;
        }
    }
    if (n && p[0] >= 'A' && p[0] <= 'Z')
        u->uflags |= U_CAP;
    int letters = 0, upper = 0;
    size_t m = n < sizeof(u->lw) - 1 ? n : sizeof(u->lw) - 1;
    uint32_t h = 2166136261u, h_nodot = 0;
    for (size_t k = 0; k < m; k++) {
        char ch = p[k];
        if (ch >= 'A' && ch <= 'Z') {
            upper++;
            letters++;
            ch = (char)(ch + 32);
        } else if (ch >= 'a' && ch <= 'z') {
            letters++;
        }
        u->lw[k] = ch;
        h_nodot = h;
        h ^= (uint8_t)ch;
        h *= 16777619u;
    }
    u->lw[m] = '\0';
    u->len = (uint8_t)m;
    if (letters >= 2 && letters == upper)
        u->uflags |= U_ALLCAP;
    if (n != m || !n)
        return;
    /* First-pass filter: only words (and 'll, 've) no longer than the
     * table's longest reach the word table. */
    if ((!is_alpha((uint8_t)p[0]) && p[0] != '\'') || m > 14)
        return;
    const tx_entry *en = tx_lookup_h(c->st, u->lw, m, h);
    if (!en && m > 1 && u->lw[m - 1] == '.') {
        en = tx_lookup_h(c->st, u->lw, m - 1, h_nodot);
        if (en)
            u->uflags |= U_DOT;
    }
    if (!en)
        return;
    if ((en->flags & TXF_CAPREQ) && !(u->uflags & U_CAP))
        return;
    u->cls = en->cls;
    u->val = en->val;
    u->lflags = en->flags;
}

static nx_err push_unit(ctx *c, uint32_t s, uint32_t e)
{
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 64;
        tunit *nu = nx_realloc(c->u, nc * sizeof(*nu));
        if (!nu)
            return NX_ERR_NOMEM;
        c->u = nu;
        c->cap = nc;
    }
    set_unit(c, &c->u[c->n++], s, e);
    return NX_OK;
}

/* Units of tokens [tb, te): a word or number with a hyphen next to a letter
 * (third-quarter, 10-year, mid-1996) is split at its hyphens. */
static nx_err build_units(ctx *c, size_t tb, size_t te)
{
    c->n = 0;
    for (size_t t = tb; t < te; t++) {
        const nx_token *tk = &c->doc->toks[t];
        uint32_t s = tk->start, e = tk->end;
        int split = 0;
        if (tk->kind == NX_TOK_WORD || tk->kind == NX_TOK_NUM) {
            for (uint32_t k = s + 1; k + 1 < e; k++)
                if (c->text[k] == '-' &&
                    (is_alpha((uint8_t)c->text[k - 1]) || is_alpha((uint8_t)c->text[k + 1]))) {
                    split = 1;
                    break;
                }
        }
        if (!split) {
            /* "Nov. 16." : the number without its period */
            if ((tk->kind == NX_TOK_NUM || tk->kind == NX_TOK_WORD) && e - s >= 2 &&
                c->text[e - 1] == '.' && is_digit((uint8_t)c->text[e - 2])) {
                if (push_unit(c, s, e - 1) || push_unit(c, e - 1, e))
                    return NX_ERR_NOMEM;
                continue;
            }
            if (push_unit(c, s, e))
                return NX_ERR_NOMEM;
            continue;
        }
        uint32_t p = s;
        for (uint32_t k = s; k <= e; k++) {
            if (k == e || c->text[k] == '-') {
                if (k > p && push_unit(c, p, k))
                    return NX_ERR_NOMEM;
                if (k < e && push_unit(c, k, k + 1))
                    return NX_ERR_NOMEM;
                p = k + 1;
            }
        }
    }
    return NX_OK;
}

/* ---------- small helpers over units ---------- */

static int cls_at(const ctx *c, size_t i)
{
    return i < c->n ? c->u[i].cls : TX_NONE;
}

static int is_w(const ctx *c, size_t i, const char *w)
{
    return i < c->n && strcmp(c->u[i].lw, w) == 0;
}

static int is_hyphen(const ctx *c, size_t i)
{
    return i < c->n && c->u[i].len == 1 && c->u[i].lw[0] == '-';
}

static int is_comma(const ctx *c, size_t i)
{
    return i < c->n && c->u[i].len == 1 && c->u[i].lw[0] == ',';
}

/* A number at i: digits (1,000 too), a number word (twenty-four, two
 * hundred) or "a dozen". Sets *v and returns the unit after it, or 0. */
static size_t parse_num(const ctx *c, size_t i, int *v)
{
    if (i >= c->n)
        return 0;
    const tunit *u = &c->u[i];
    if (u->uflags & U_ALLDIG) {
        *v = u->num;
        return i + 1;
    }
    if (u->uflags & U_DIGIT) {
        /* 1,000 */
        int x = 0, ok = 1;
        for (size_t k = 0; k < u->len && ok; k++) {
            char ch = u->lw[k];
            if (is_digit((uint8_t)ch))
                x = x * 10 + (ch - '0');
            else if (ch != ',')
                ok = 0;
            if (x > 100000000)
                ok = 0; /* stop before x * 10 can overflow */
        }
        if (ok) {
            *v = x;
            return i + 1;
        }
        return 0;
    }
    if (u->cls != TX_NUMWORD || u->val >= 100)
        return 0;
    int x = u->val;
    size_t j = i + 1;
    if (x >= 20 && x % 10 == 0) {
        size_t k = j;
        if (is_hyphen(c, k))
            k++;
        if (cls_at(c, k) == TX_NUMWORD && c->u[k].val < 10) {
            x += c->u[k].val;
            j = k + 1;
        }
    }
    if (cls_at(c, j) == TX_NUMWORD && c->u[j].val == 100) {
        x *= 100;
        j++;
    }
    if (cls_at(c, j) == TX_NUMWORD && c->u[j].val == 1000) {
        x *= 1000;
        j++;
    }
    *v = x;
    return j;
}

/* An ordinal day or number at i: 24th, 1st, third, twenty-first. */
static size_t parse_ord(const ctx *c, size_t i, int *v)
{
    if (i >= c->n)
        return 0;
    const tunit *u = &c->u[i];
    if (u->cls == TX_ORD) {
        *v = u->val;
        return i + 1;
    }
    if (u->cls == TX_NUMWORD && u->val >= 20 && u->val % 10 == 0 && is_hyphen(c, i + 1) &&
        cls_at(c, i + 2) == TX_ORD && c->u[i + 2].val < 10) {
        *v = u->val + c->u[i + 2].val;
        return i + 3;
    }
    if ((u->uflags & U_DIGIT) && u->len >= 3 && u->len <= 4) {
        size_t k = 0;
        int x = 0;
        while (k < u->len && is_digit((uint8_t)u->lw[k]))
            x = x * 10 + (u->lw[k++] - '0');
        const char *suf = u->lw + k;
        if (!strcmp(suf, "st") || !strcmp(suf, "nd") || !strcmp(suf, "rd") || !strcmp(suf, "th")) {
            *v = x;
            return i + 1;
        }
    }
    return 0;
}

/* A day of month at i (24, 24th). */
static size_t parse_day(const ctx *c, size_t i, int *d)
{
    int v;
    size_t j;
    if (i < c->n && (c->u[i].uflags & U_ALLDIG) && c->u[i].len <= 2) {
        v = c->u[i].num;
        j = i + 1;
    } else if ((j = parse_ord(c, i, &v)) == 0) {
        return 0;
    }
    if (v < 1 || v > 31)
        return 0;
    *d = v;
    return j;
}

/* A four-digit year at i (1800..2099), not a sum or a percentage. */
static size_t parse_year(const ctx *c, size_t i, int *y)
{
    if (i >= c->n)
        return 0;
    const tunit *u = &c->u[i];
    if (!(u->uflags & U_ALLDIG) || u->len != 4 || u->num < 1800 || u->num > 2099)
        return 0;
    if (i > 0) {
        const char *pw = c->u[i - 1].lw;
        if (!strcmp(pw, "$") || !strcmp(pw, "#") || !strcmp(pw, "no.") || !strcmp(pw, "flight") ||
            !strcmp(pw, "number") || !strcmp(pw, "route"))
            return 0;
    }
    if (i + 1 < c->n) {
        const tunit *nu = &c->u[i + 1];
        /* "2000 years" is an amount; "the 1988 quarter" names a year's quarter */
        if (!strcmp(nu->lw, "%") || !strcmp(nu->lw, "percent") || !strcmp(nu->lw, "people") ||
            (nu->cls == TX_UNIT && (nu->val != TU_QUARTER || (nu->lflags & TXF_PLURAL))) ||
            nu->cls == TX_NUMWORD)
            return 0;
        if (!(nu->uflags & U_SPACE) && (nu->lw[0] == '.' || nu->lw[0] == ',') && i + 2 < c->n &&
            (c->u[i + 2].uflags & U_DIGIT) && !(c->u[i + 2].uflags & U_SPACE))
            return 0;
    }
    *y = u->num;
    return i + 1;
}

/* ---------- value writers ---------- */

static void set_val(match *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_val(match *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->value, sizeof(m->value), fmt, ap);
    va_end(ap);
}

static void val_date(const ctx *c, match *m, int64_t days)
{
    (void)c;
    int y, mo, d;
    nx_civil_from_days(days, &y, &mo, &d);
    set_val(m, "%04d-%02d-%02d", y, mo, d);
}

static void val_week(match *m, int64_t days, const char *suffix)
{
    int wy, wn;
    iso_week(days, &wy, &wn);
    set_val(m, "%04d-W%02d%s", wy, wn, suffix);
}

/* ---------- tense of the context ---------- */

enum { TENSE_PAST = -1, TENSE_NONE = 0, TENSE_FUTURE = 1, TENSE_PRESENT = 2 };

/* "to" + a bare verb ("agreed to buy", "set to resume", "planned to leave"):
 * the infinitive points ahead of the clause's own time. */
static int infinitive_at(const ctx *c, size_t k)
{
    static const char *const notverb[] = {
        "the",  "a",    "an",    "his",   "her",   "its",  "their",  "our",   "my",   "your",
        "this", "that", "these", "those", "some",  "all",  "about",  "date",  "what", "which",
        "whom", "who",  "him",   "them",  "us",    "me",   "it",     "one",   "each", "more",
        "less", "most", "power", "court", "death", "jail", "prison", "market"};
    if (strcmp(c->u[k].lw, "to") || k + 1 >= c->n ||
        (k > 0 && (is_w(c, k - 1, "up") || is_w(c, k - 1, "according"))))
        return 0;
    const tunit *v = &c->u[k + 1];
    if (v->cls == TX_TENSE)
        return v->val == TT_BE || v->val == TT_HAVE;
    if (v->cls != TX_NONE || (v->uflags & (U_CAP | U_DIGIT)) || v->len < 2 || v->len > 12 ||
        !is_alpha((uint8_t)v->lw[0]) || !is_alpha((uint8_t)v->lw[v->len - 1]))
        return 0;
    if (v->lw[v->len - 1] == 's' && v->lw[v->len - 2] != 's')
        return 0; /* a plural noun: "to holders" */
    if (v->len > 4 && (!strcmp(v->lw + v->len - 3, "ing") || !strcmp(v->lw + v->len - 2, "ed") ||
                       !strcmp(v->lw + v->len - 2, "ly")))
        return 0;
    for (size_t i = 0; i < sizeof(notverb) / sizeof(notverb[0]); i++)
        if (!strcmp(v->lw, notverb[i]))
            return 0;
    return 1;
}

/* A determiner or possessive at k: a word in -ed after it is an adjective. */
static int adj_det(const ctx *c, size_t k)
{
    static const char *const det[] = {"its",   "their", "his", "her", "our", "this",  "that",
                                      "these", "those", "'s",  "any", "no",  "every", "each"};
    const tunit *u = &c->u[k];
    if (u->cls == TX_DET)
        return 1; /* the, a, an */
    if (u->len > 5)
        return 0;
    for (size_t i = 0; i < sizeof(det) / sizeof(det[0]); i++)
        if (u->lw[0] == det[i][0] && !strcmp(u->lw, det[i]))
            return 1;
    return 0;
}

/* "still" or a word in -ly at unit k (an adverb between an auxiliary and
 * its verb, or before an adjective). */
static int adverb_at(const ctx *c, size_t k)
{
    const tunit *u = &c->u[k];
    return u->cls == TX_NONE &&
           (!strcmp(u->lw, "still") || (u->len > 3 && !strcmp(u->lw + u->len - 2, "ly")));
}

/* A modal (will, would, shall) before the auxiliary at k, over an adverb
 * ("would still be", "will not be"). */
static int modal_before(const ctx *c, size_t k)
{
    for (size_t b = 1; b <= 2 && b <= k; b++) {
        const tunit *p = &c->u[k - b];
        if (p->cls == TX_TENSE)
            return p->val == TT_FUTURE;
        if (!(adverb_at(c, k - b) ||
              (p->cls == TX_NONE && (!strcmp(p->lw, "not") || !strcmp(p->lw, "also")))))
            return 0;
    }
    return 0;
}

/* Marker at unit k: 1 past, 2 future, 3 present, 0 none. */
static int tense_marker(const ctx *c, size_t k)
{
    const tunit *u = &c->u[k];
    if (u->cls == TX_TENSE && u->val == TT_PAST && u->lw[0] != 'w' && strcmp(u->lw, "did")) {
        /* an irregular participle after an auxiliary: "would be paid",
         * "has sold", "is held" */
        if (k > 0) {
            const tunit *p = &c->u[k - 1];
            if (p->cls != TX_TENSE)
                return 1;
            if (p->val == TT_HAVE)
                return 1; /* present perfect: it has happened */
            if (p->val == TT_FUTURE)
                return 2;
            if (p->val == TT_BE && modal_before(c, k - 1))
                return 2; /* "would be paid", "will still be held" */
            if (p->val == TT_BE || p->val == TT_PRESENT)
                return 0; /* passive: the auxiliary tells */
        }
    }
    /* "plans" is a noun after a determiner or before "for", "of" or a
     * comma: "vacation plans for the trip", "its plans" */
    if (u->cls == TX_TENSE && !strcmp(u->lw, "plans") &&
        ((k > 0 && adj_det(c, k - 1)) || is_w(c, k + 1, "for") || is_w(c, k + 1, "of") ||
         is_comma(c, k + 1)))
        return 0;
    if (u->cls == TX_TENSE) {
        switch (u->val) {
        case TT_FUTURE:
            return 2;
        case TT_PAST:
        case TT_HAD:
            return 1;
        case TT_PRESENT:
        case TT_HAVE:
            return 3;
        default:
            return 0;
        }
    }
    if (u->cls == TX_NONE && u->len >= 5 && !(u->uflags & U_CAP) && u->lw[u->len - 1] == 'd' &&
        u->lw[u->len - 2] == 'e' && is_alpha((uint8_t)u->lw[0])) {
        /* after a determiner it is an adjective: "the planned merger", "a
         * still unspecified date" */
        size_t d = k;
        if (d > 0 && adverb_at(c, d - 1))
            d--;
        if (d > 0 && adj_det(c, d - 1))
            return 0;
        /* a past form, unless an auxiliary makes it a participle */
        for (size_t b = 1; b <= 3 && b <= k; b++) {
            const tunit *p = &c->u[k - b];
            if (p->cls != TX_TENSE)
                continue;
            if (p->val == TT_HAVE || p->val == TT_PRESENT)
                return 3;
            if (p->val == TT_FUTURE)
                return 2;
            if (p->val == TT_HAD || p->val == TT_PAST)
                return 1;
            if (p->val == TT_BE)
                /* be + participle: a modal before it tells ("will be
                 * completed"), else no tense */
                return modal_before(c, k - b) ? 2 : 0;
        }
        return 1;
    }
    return 0;
}

/* The tense of the nearest marker to units [b, e) in the sentence. */
#define TENSE_WINDOW 8

/* A word just before the expression that fixes its direction: "by Friday",
 * "until Nov. 16", "payable Dec. 1" look ahead; "since March" looks back. */
static int signal_before(const ctx *c, size_t b)
{
    size_t k = b;
    /* over a position word: "until mid-November", "by the end of March" */
    while (k > 0 && (cls_at(c, k - 1) == TX_POSMOD || is_hyphen(c, k - 1)))
        k--;
    if (k < b && k > 0 && is_w(c, k - 1, "the"))
        k--;
    if (k > 0 && (is_w(c, k - 1, "on") || is_w(c, k - 1, "in") || is_w(c, k - 1, "of")))
        k--;
    if (k == 0)
        return TENSE_NONE;
    const char *w = c->u[k - 1].lw;
    /* "due in June" too: the time a plan names lies ahead */
    static const char *const fut[] = {"by",        "until",    "till",    "payable",
                                      "effective", "expire",   "expires", "starting",
                                      "next",      "upcoming", "due"};
    for (size_t i = 0; i < sizeof(fut) / sizeof(fut[0]); i++)
        if (!strcmp(w, fut[i]))
            return TENSE_FUTURE;
    if (!strcmp(w, "since") || !strcmp(w, "ago") || !strcmp(w, "last"))
        return TENSE_PAST;
    /* "planned for early March", "scheduled for Friday": the time a plan
     * names lies ahead ("as planned Saturday" does not) */
    static const char *const plan[] = {"planned", "scheduled", "slated", "due", "set"};
    for (size_t i = 0; !strcmp(w, "for") && k >= 2 && i < sizeof(plan) / sizeof(plan[0]); i++)
        if (is_w(c, k - 2, plan[i]))
            return TENSE_FUTURE;
    /* "as soon as Tuesday", "as early as next week" */
    if (!strcmp(w, "as") && k >= 2 && (is_w(c, k - 2, "soon") || is_w(c, k - 2, "early")))
        return TENSE_FUTURE;
    return TENSE_NONE;
}

/* A past perfect ("had filed ... by Wednesday", "had been due to expire
 * Friday") within the window: the deadline it names is already past. */
static int past_perfect_near(const ctx *c, size_t b, size_t e)
{
    size_t lo = b > TENSE_WINDOW ? b - TENSE_WINDOW : 0;
    size_t hi = e + TENSE_WINDOW < c->n ? e + TENSE_WINDOW : c->n;
    for (size_t k = lo; k < hi; k++)
        if ((k < b || k >= e) && c->u[k].cls == TX_TENSE && c->u[k].val == TT_HAD)
            return 1;
    return 0;
}

static int tense_at(const ctx *c, size_t b, size_t e)
{
    int sig = signal_before(c, b);
    if (past_perfect_near(c, b, e) && !(b > 0 && is_w(c, b - 1, "next")))
        return TENSE_PAST;
    if (sig != TENSE_NONE)
        return sig;
    size_t left = b, right = e;
    int clause = 1;
    /* an expression that opens its sentence ("On Tuesday, the league
     * plans ...") takes the tense of the clause after it: a wider reach */
    size_t lead = b;
    while (lead > 0 &&
           (is_w(c, lead - 1, "on") || is_w(c, lead - 1, "by") || is_w(c, lead - 1, "early") ||
            is_w(c, lead - 1, "late") || is_w(c, lead - 1, "also") || is_w(c, lead - 1, "in") ||
            (c->u[lead - 1].len == 1 && !is_alpha((uint8_t)c->u[lead - 1].lw[0]))))
        lead--;
    size_t window = lead == 0 ? 2 * TENSE_WINDOW : TENSE_WINDOW;
    for (size_t step = 0; step < window; step++) {
        int found = 0;
        if (left > 0) {
            left--;
            if (is_comma(c, left))
                clause = 0;
            /* an infinitive on the left governs the expression: "agreed to
             * buy it in June"; on the right it does not ("agreed in April to") */
            if (clause && infinitive_at(c, left))
                return TENSE_FUTURE;
            int t = tense_marker(c, left);
            if (t)
                return t == 1 ? TENSE_PAST : t == 2 ? TENSE_FUTURE : TENSE_PRESENT;
            found = 1;
        }
        /* the reporting verb after a closing quote or bracket does not
         * govern the quoted words: "... leave Thursday," Castro said */
        if (right < c->n && (is_w(c, right, "''") || is_w(c, right, "\"") || is_w(c, right, ")") ||
                             is_w(c, right, "\xe2\x80\x9d")))
            right = c->n;
        if (right < c->n) {
            int t = tense_marker(c, right);
            right++;
            if (t)
                return t == 1 ? TENSE_PAST : t == 2 ? TENSE_FUTURE : TENSE_PRESENT;
            found = 1;
        }
        if (!found)
            break;
    }
    return TENSE_NONE;
}

/* ---------- resolution against the anchor ---------- */

/* Year of month mo (and day d, 0 for none) relative to the anchor: rel < 0
 * "last", rel > 0 "next", else by tense. */
static int resolve_month_year(const ctx *c, int mo, int d, int rel, int tense)
{
    if (d && !rel && c->has_anchor) {
        /* a day within two months of the anchor is that one, whatever the tense */
        for (int k = -1; k <= 1; k++) {
            int yy = c->ay + k;
            if (d > nx_days_in_month(yy, mo))
                continue;
            int64_t diff = nx_days_from_civil(yy, mo, d) - c->adays;
            if (diff >= -60 && diff <= 60)
                return yy;
        }
    }
    if (!d && !rel && c->has_anchor && tense != TENSE_PAST) {
        /* without a past tense, the anchor's month and the next one are this year's */
        int ahead = (mo - c->am + 12) % 12;
        if (ahead <= 1)
            return c->ay + (mo < c->am);
    }
    int cmp = (mo > c->am || (mo == c->am && d > c->ad)) ? 1
              : (mo == c->am && (d == 0 || d == c->ad))  ? 0
                                                         : -1;
    if (rel < 0)
        return cmp < 0 ? c->ay : c->ay - 1;
    if (rel > 0)
        return cmp > 0 ? c->ay : c->ay + 1;
    if (tense == TENSE_PAST || tense == TENSE_NONE) /* none: news reports the past */
        return cmp <= 0 ? c->ay : c->ay - 1;
    if (tense == TENSE_FUTURE)
        return cmp >= 0 ? c->ay : c->ay + 1;
    int diff = mo - c->am;
    if (diff >= 6) /* six months either way: the past one */
        return c->ay - 1;
    if (diff < -6)
        return c->ay + 1;
    return c->ay;
}

static void resolve_weekday(const ctx *c, match *m, int wd, int rel, int tense, const char *suffix)
{
    if (!c->has_anchor) {
        set_val(m, "XXXX-WXX-%d%s", wd, suffix);
        return;
    }
    int aw = weekday_of(c->adays);
    int back = (aw - wd + 7) % 7, fwd = (wd - aw + 7) % 7;
    int64_t days;
    if (rel < 0)
        days = c->adays - (back ? back : 7);
    else if (rel > 0)
        days = c->adays + (fwd ? fwd : 7);
    else if (rel == 0 && (tense == TENSE_FUTURE || tense == TENSE_PRESENT))
        days = c->adays + fwd; /* "the offer expires Thursday": a schedule */
    else
        days = c->adays - back; /* past or unknown: news reports what happened */
    int y, mo, d;
    nx_civil_from_days(days, &y, &mo, &d);
    set_val(m, "%04d-%02d-%02d%s", y, mo, d, suffix);
}

static const char *const season_code[4] = {"SP", "SU", "FA", "WI"};
static const int season_start[4] = {3, 6, 9, 12};

/* Season s: rel < 0 last, > 0 next, 2 this, 0 by tense. */
static void resolve_season(const ctx *c, match *m, int s, int rel, int tense)
{
    if (!c->has_anchor) {
        set_val(m, "XXXX-%s", season_code[s]);
        return;
    }
    int st = season_start[s], y = c->ay;
    int cur = c->am >= st && c->am < st + 3; /* in it now */
    if (s == 3 && c->am <= 2) {
        cur = 1;
        st = 0;
    }
    int over = !cur && c->am >= st + 3; /* over this year */
    if (rel == 2)
        y = s == 3 && c->am <= 2 ? c->ay - 1 : c->ay;
    else if (rel < 0)
        y = over ? c->ay : c->ay - 1 - (s == 3 && c->am <= 2);
    else if (rel > 0)
        y = (!over && !cur) ? c->ay : c->ay + 1;
    else if (cur)
        y = s == 3 && c->am <= 2 ? c->ay - 1 : c->ay;
    else if (tense == TENSE_PAST)
        y = over ? c->ay : c->ay - 1;
    else if (tense == TENSE_FUTURE)
        y = over ? c->ay + 1 : c->ay;
    else /* nearest: the one that ended or the one to come, the past on a tie */
        y = over && (c->am - (st + 2)) > (st + 12 - c->am) ? c->ay + 1 : c->ay;
    set_val(m, "%04d-%s", y, season_code[s]);
}

static void shift_unit(const ctx *c, match *m, int unit, int k)
{
    if (!c->has_anchor) {
        switch (unit) {
        case TU_DAY:
            set_val(m, "XXXX-XX-XX");
            break;
        case TU_WEEK:
            set_val(m, "XXXX-WXX");
            break;
        case TU_WEEKEND:
            set_val(m, "XXXX-WXX-WE");
            break;
        case TU_MONTH:
            set_val(m, "XXXX-XX");
            break;
        case TU_QUARTER:
            set_val(m, "XXXX-QX");
            break;
        case TU_DECADE:
            set_val(m, "XXX");
            break;
        case TU_CENTURY:
            set_val(m, "XX");
            break;
        default:
            set_val(m, "XXXX");
        }
        return;
    }
    switch (unit) {
    case TU_SECOND:
    case TU_MINUTE:
    case TU_HOUR:
        set_val(m, "PRESENT_REF");
        break;
    case TU_DAY:
        val_date(c, m, c->adays + k);
        break;
    case TU_WEEK:
        val_week(m, c->adays + 7 * k, "");
        break;
    case TU_WEEKEND:
        /* the weekend before a weekday anchor is the past one */
        val_week(m, c->adays + 7 * k - (k == 0 && weekday_of(c->adays) < 5 ? 7 : 0), "-WE");
        break;
    case TU_MONTH: {
        int mm = c->ay * 12 + (c->am - 1) + k;
        set_val(m, "%04d-%02d", mm / 12, mm % 12 + 1);
        break;
    }
    case TU_QUARTER: {
        int q = c->ay * 4 + (c->am - 1) / 3 + k;
        set_val(m, "%04d-Q%d", q / 4, q % 4 + 1);
        break;
    }
    case TU_HALFYEAR: {
        int h = c->ay * 2 + (c->am - 1) / 6 + k;
        set_val(m, "%04d-H%d", h / 2, h % 2 + 1);
        break;
    }
    case TU_DECADE:
        set_val(m, "%03d", c->ay / 10 + k);
        break;
    case TU_CENTURY:
        set_val(m, "%02d", c->ay / 100 + k);
        break;
    case TU_MILLENNIUM:
        set_val(m, "%d", c->ay / 1000 + k);
        break;
    default:
        set_val(m, "%04d", c->ay + k);
    }
}

static const char unit_letter[TU__COUNT] = {'S', 'M', 'H', 'D', 'W', 'D', 'M',
                                            'M', 'M', 'Y', 'Y', 'C', 'L'};

/* A duration value: n of unit (n < 0: unknown amount, "X"). */
static void val_duration(match *m, int unit, int n)
{
    int time = unit <= TU_HOUR;
    int mult = 1;
    if (unit == TU_QUARTER)
        mult = 3;
    else if (unit == TU_HALFYEAR)
        mult = 6;
    else if (unit == TU_DECADE)
        mult = 10;
    else if (unit == TU_WEEKEND)
        mult = 2;
    if (unit == TU_DECADE && n < 0) {
        set_val(m, "PXE");
        return;
    }
    if (n < 0)
        set_val(m, "P%sX%c", time ? "T" : "", unit_letter[unit]);
    else
        set_val(m, "P%s%d%c", time ? "T" : "", n * mult, unit_letter[unit]);
}

/* ---------- patterns: each returns the unit after its match, or 0 ---------- */

/* 2023-01-24, 2023/01/24, 1/24/2023, 1/24/23, 2023-01 */
static size_t p_numdate(ctx *c, size_t i, match *m)
{
    const tunit *u = &c->u[i];
    if (!(u->uflags & U_DIGIT) || (u->uflags & U_ALLDIG) || u->len < 6)
        return 0;
    int f[3] = {0, 0, 0}, nf = 0, len[3] = {0, 0, 0};
    char sep = 0;
    for (size_t k = 0; k < u->len; k++) {
        char ch = u->lw[k];
        if (is_digit((uint8_t)ch)) {
            if (len[nf] >= 4)
                return 0;
            f[nf] = f[nf] * 10 + (ch - '0');
            len[nf]++;
        } else if ((ch == '-' || ch == '/' || ch == '.') && (!sep || sep == ch) && nf < 2 &&
                   len[nf]) {
            sep = ch;
            nf++;
        } else {
            return 0;
        }
    }
    nf++;
    int y, mo, d;
    if (len[0] == 4 && nf == 3) {
        y = f[0], mo = f[1], d = f[2];
    } else if (len[0] == 4 && nf == 2 && sep == '-') {
        y = f[0], mo = f[1], d = 0;
    } else if (nf == 3 && sep != '.' && len[0] <= 2 && len[1] <= 2 &&
               (len[2] == 4 || len[2] == 2)) {
        mo = f[0], d = f[1], y = len[2] == 4 ? f[2] : (f[2] < 50 ? 2000 + f[2] : 1900 + f[2]);
        if (mo > 12 && d <= 12) {
            int t = mo;
            mo = d;
            d = t;
        }
    } else {
        return 0;
    }
    if (y < 1000 || mo < 1 || mo > 12 || d < 0 || (d && d > nx_days_in_month(y, mo)))
        return 0;
    m->type = NX_TIMEX_DATE;
    if (d)
        set_val(m, "%04d-%02d-%02d", y, mo, d);
    else
        set_val(m, "%04d-%02d", y, mo);
    c->last_y = y;
    return i + 1;
}

/* A day expression after a clock time: Wednesday, today, Nov. 9. Writes the
 * date part to out ("YYYY-MM-DD" or an X form). */
static size_t p_month(ctx *c, size_t i, match *m);
static size_t p_dayref(ctx *c, size_t i, match *m);
static size_t p_weekday(ctx *c, size_t i, match *m);

static size_t day_tail(ctx *c, size_t i, char *out, size_t outsz)
{
    match t;
    memset(&t, 0, sizeof(t));
    size_t j = i;
    if (is_w(c, j, "on") || is_comma(c, j))
        j++;
    size_t e = 0;
    int kind = cls_at(c, j);
    if (kind == TX_WEEKDAY && !(c->u[j].lflags & TXF_PLURAL))
        e = p_weekday(c, j, &t);
    else if (kind == TX_MONTH)
        e = p_month(c, j, &t);
    else if (kind == TX_DAYREF && c->u[j].val != 2)
        e = p_dayref(c, j, &t);
    if (!e || strlen(t.value) < 10 || t.value[4] != '-' || t.value[7] != '-')
        return 0;
    snprintf(out, outsz, "%.10s", t.value);
    return e;
}

/* 2 p.m., 7:15 a.m. EST, 10 p.m. Wednesday, noon Thursday, 14:30 GMT */
static size_t p_time(ctx *c, size_t i, match *m)
{
    const tunit *u = &c->u[i];
    int h = -1, mi = 0;
    size_t j = i + 1;
    if (u->cls == TX_CLOCK) {
        if (i > 0 && is_w(c, i - 1, "high"))
            return 0; /* "high noon": the idiom, not a clock time */
        h = u->val;
    } else if (u->uflags & U_DIGIT) {
        /* h, h:mm, h.mm, or 2pm in one tunit */
        size_t k = 0;
        int x = 0;
        while (k < u->len && is_digit((uint8_t)u->lw[k]) && k < 2)
            x = x * 10 + (u->lw[k++] - '0');
        int has_min = 0;
        if (k < u->len && (u->lw[k] == ':' || u->lw[k] == '.') && k + 3 == u->len &&
            is_digit((uint8_t)u->lw[k + 1]) && is_digit((uint8_t)u->lw[k + 2])) {
            mi = (u->lw[k + 1] - '0') * 10 + (u->lw[k + 2] - '0');
            has_min = u->lw[k] == ':' ? 2 : 1;
            k += 3;
        }
        int pm = -1;
        if (k < u->len) {
            const char *suf = u->lw + k;
            if (!strcmp(suf, "pm") || !strcmp(suf, "p.m."))
                pm = 1;
            else if (!strcmp(suf, "am") || !strcmp(suf, "a.m."))
                pm = 0;
            else
                return 0;
        }
        if (pm < 0 && cls_at(c, j) == TX_AMPM &&
            (strchr(c->u[j].lw, '.') || (c->u[j].uflags & U_SPACE))) {
            pm = c->u[j].val;
            j++;
        } else if (pm < 0 && !has_min && is_w(c, j, "in") && is_w(c, j + 1, "the") &&
                   cls_at(c, j + 2) == TX_PART && c->u[j + 2].val != TP_DT &&
                   !(c->u[j + 2].lflags & TXF_PLURAL)) {
            /* "4 in the morning", "8 in the evening" */
            pm = c->u[j + 2].val != TP_MO;
            j += 3;
        }
        if (x > 24 || mi > 59)
            return 0;
        if (pm >= 0) {
            if (x < 1 || x > 12)
                return 0;
            h = x % 12 + (pm ? 12 : 0);
        } else if (has_min == 2 && (cls_at(c, j) == TX_ZONE ||
                                    (i > 0 && (is_w(c, i - 1, "at") || is_w(c, i - 1, "until") ||
                                               is_w(c, i - 1, "by"))))) {
            h = x;
        } else {
            return 0;
        }
    } else {
        return 0;
    }
    if (cls_at(c, j) == TX_ZONE)
        j++;
    else if (is_w(c, j, "local") && is_w(c, j + 1, "time"))
        j += 2;
    char date[16];
    /* the day after a clock time goes the way of the whole expression:
     * "until 9 a.m. EST Tuesday" */
    c->tense_hint = tense_at(c, i, j);
    if (c->tense_hint == TENSE_NONE)
        c->tense_hint = TENSE_PAST;
    size_t e = day_tail(c, j, date, sizeof(date));
    size_t aside = 0;
    if (!e && is_w(c, j, "(")) {
        /* "10:35 a.m. (0735 GMT) Friday", "4 in the morning (4 a.m. EDT
         * Thursday)": a day in or right after a bracketed aside dates the
         * time; the span stays the clock time */
        for (size_t k = j + 1; k < c->n && k <= j + 6 && !aside; k++) {
            int kc = cls_at(c, k);
            if (kc == TX_WEEKDAY || kc == TX_DAYREF || kc == TX_MONTH)
                aside = day_tail(c, k, date, sizeof(date));
            if (is_w(c, k, ")")) {
                aside = day_tail(c, k + 1, date, sizeof(date));
                break;
            }
        }
    }
    c->tense_hint = 0;
    if (e && !is_w(c, j, "on") && !(is_comma(c, j) && cls_at(c, j + 1) != TX_MONTH))
        j = e;
    else if (!aside && c->has_anchor)
        snprintf(date, sizeof(date), "%04d-%02d-%02d", c->ay, c->am, c->ad);
    else if (!aside)
        snprintf(date, sizeof(date), "XXXX-XX-XX");
    m->type = NX_TIMEX_TIME;
    set_val(m, "%sT%02d:%02d", date, h, mi);
    return j;
}

static size_t p_spelled_year(ctx *c, size_t i, match *m);

/* Year words after a month or season: 1996, this year, last year, '96. */
static size_t year_tail(ctx *c, size_t j, int *y)
{
    size_t k = j;
    if (is_comma(c, k) || is_w(c, k, "of"))
        k++;
    size_t e = parse_year(c, k, y);
    if (e)
        return e;
    if (cls_at(c, k) == TX_NUMWORD && c->u[k].val >= 11 && c->u[k].val <= 20) {
        match t;
        memset(&t, 0, sizeof(t));
        e = p_spelled_year(c, k, &t);
        if (e) {
            *y = atoi(t.value);
            return e;
        }
    }
    if (cls_at(c, j) == TX_REL && is_w(c, j + 1, "year") && c->has_anchor) {
        int v = c->u[j].val;
        if (v == TR_THIS) {
            *y = c->ay;
            return j + 2;
        }
        if (v == TR_LAST) {
            *y = c->ay - 1;
            return j + 2;
        }
        if (v == TR_NEXT && is_w(c, j, "next")) {
            *y = c->ay + 1;
            return j + 2;
        }
    }
    return 0;
}

/* [Weekday ,] Month Day [, Year] | Month Year | Day Month [Year] | Month */
static size_t p_month(ctx *c, size_t i, match *m)
{
    size_t j = i;
    int wd = 0;
    /* "this coming Sunday, March 8": the date names the day */
    while (j < i + 2 && cls_at(c, j) == TX_REL)
        j++;
    if (j > i && cls_at(c, j) != TX_WEEKDAY)
        return 0;
    if (cls_at(c, j) == TX_WEEKDAY && !(c->u[j].lflags & TXF_PLURAL)) {
        size_t k = j + 1;
        if (is_comma(c, k))
            k++;
        if (cls_at(c, k) != TX_MONTH)
            return 0;
        wd = c->u[j].val;
        j = k;
    }
    int d = 0, y = 0, mo;
    size_t e;
    int day_first = 0;
    if (cls_at(c, j) == TX_MONTH) {
        mo = c->u[j].val;
        e = j + 1;
    } else if ((e = parse_day(c, j, &d)) != 0 && cls_at(c, e) == TX_MONTH) {
        mo = c->u[e].val;
        j = e;
        e = j + 1;
        day_first = 1;
    } else if (is_w(c, j, "the") && (e = parse_ord(c, j + 1, &d)) != 0 && is_w(c, e, "of") &&
               cls_at(c, e + 1) == TX_MONTH && d >= 1 && d <= 31) {
        j = e + 1;
        mo = c->u[j].val;
        e = j + 1;
        day_first = 1;
    } else {
        return 0;
    }
    const tunit *mu = &c->u[j];
    if (!day_first) {
        size_t k = e;
        size_t de = parse_day(c, k, &d);
        if (de && !(de < c->n && (c->u[de].cls == TX_UNIT || !strcmp(c->u[de].lw, "%"))))
            e = de;
        else
            d = 0;
    }
    /* abbreviations and the ambiguous May / March need a day or a year nearby */
    if (!d && (mu->lflags & (TXF_ABBR | TXF_CAPREQ)) && !(mu->uflags & U_DOT)) {
        int y2;
        if (!year_tail(c, e, &y2)) {
            if (mu->lflags & TXF_ABBR)
                return 0;
            /* "May" at a sentence start or after a name is the modal */
            if (j == 0 || !(i > 0 && (is_w(c, i - 1, "in") || is_w(c, i - 1, "since") ||
                                      is_w(c, i - 1, "until") || is_w(c, i - 1, "by") ||
                                      is_w(c, i - 1, "of") || is_w(c, i - 1, "early") ||
                                      is_w(c, i - 1, "late") || is_w(c, i - 1, "mid") ||
                                      is_w(c, i - 1, "-") || cls_at(c, i - 1) == TX_REL ||
                                      is_w(c, i - 1, "through") || is_w(c, i - 1, "from") ||
                                      (is_w(c, i - 1, "the") && (mu->lflags & TXF_CAPREQ) &&
                                       !(mu->lflags & TXF_ABBR)))))
                return 0;
        }
    }
    if ((mu->lflags & TXF_ABBR) && !(mu->uflags & U_DOT) && !d) {
        int y2;
        if (!year_tail(c, e, &y2))
            return 0;
    }
    if (d && !day_first && mo == 5 && !(mu->uflags & U_CAP))
        return 0;
    size_t ye = year_tail(c, e, &y);
    if (ye)
        e = ye;
    m->type = NX_TIMEX_DATE;
    if (y) {
        if (d && d > nx_days_in_month(y, mo))
            return 0;
        if (d)
            set_val(m, "%04d-%02d-%02d", y, mo, d);
        else
            set_val(m, "%04d-%02d", y, mo);
        c->last_y = y;
        return e;
    }
    if (!c->has_anchor) {
        if (d)
            set_val(m, "XXXX-%02d-%02d", mo, d);
        else
            set_val(m, "XXXX-%02d", mo);
        return e;
    }
    int rel = 0;
    if (i > 0 && cls_at(c, i - 1) == TX_REL && !wd) {
        int v = c->u[i - 1].val;
        if (v == TR_LAST)
            rel = -1;
        else if (v == TR_NEXT)
            rel = 1;
    }
    int tense = tense_at(c, i, e);
    if (wd && d) {
        /* the weekday decides between years when the tense does not */
        int yy = resolve_month_year(c, mo, d, rel, tense);
        for (int k = -1; k <= 1; k++)
            if (d <= nx_days_in_month(c->ay + k, mo) &&
                weekday_of(nx_days_from_civil(c->ay + k, mo, d)) == wd) {
                yy = c->ay + k;
                break;
            }
        y = yy;
    } else {
        y = resolve_month_year(c, mo, d, rel, tense);
    }
    if (d) {
        if (d > nx_days_in_month(y, mo))
            return 0;
        set_val(m, "%04d-%02d-%02d", y, mo, d);
    } else {
        set_val(m, "%04d-%02d", y, mo);
    }
    return e;
}

static const char *const part_code[5] = {"TMO", "TAF", "TEV", "TNI", "TDT"};

/* Friday, Friday morning, Fridays */
static size_t p_weekday(ctx *c, size_t i, match *m)
{
    const tunit *u = &c->u[i];
    if (u->cls != TX_WEEKDAY)
        return 0;
    if (u->lflags & TXF_ABBR && !(u->uflags & U_DOT))
        return 0;
    size_t e = i + 1;
    if (u->lflags & TXF_PLURAL) {
        m->type = NX_TIMEX_SET;
        set_val(m, "XXXX-WXX-%d", u->val);
        return e;
    }
    const char *suffix = "";
    m->type = NX_TIMEX_DATE;
    if (cls_at(c, e) == TX_PART && !(c->u[e].lflags & TXF_PLURAL)) {
        suffix = part_code[c->u[e].val];
        e++;
    }
    int rel = 0;
    if (i > 0 && cls_at(c, i - 1) == TX_REL) {
        int v = c->u[i - 1].val;
        rel = v == TR_LAST ? -1 : v == TR_NEXT ? 1 : 0;
    }
    /* "Friday's session": a possessive weekday names a day that has come */
    int tense = is_w(c, e, "'s") ? TENSE_PAST : c->tense_hint ? c->tense_hint : tense_at(c, i, e);
    resolve_weekday(c, m, u->val, rel, tense, suffix);
    return e;
}

/* today, yesterday, tomorrow, tonight, yesterday morning */
static size_t p_dayref(ctx *c, size_t i, match *m)
{
    const tunit *u = &c->u[i];
    if (u->cls != TX_DAYREF)
        return 0;
    size_t e = i + 1;
    const char *suffix = "";
    int off = u->val;
    m->type = NX_TIMEX_DATE;
    /* "today's world", "today's youth": the present in general, no day */
    if (off == 0 && is_w(c, e, "'s")) {
        static const char *const generic[] = {"world",     "youth",   "society", "generation",
                                              "children",  "kids",    "young",   "families",
                                              "standards", "culture", "people",  "personal"};
        for (size_t k = 0; k < sizeof(generic) / sizeof(generic[0]); k++)
            if (is_w(c, e + 1, generic[k]))
                return 0;
    }
    /* "the people of tomorrow", "the world of today": an age, not a day */
    if (off >= 0 && off <= 1 && i >= 3 && is_w(c, i - 1, "of") && is_w(c, i - 3, "the") &&
        c->u[i - 2].cls == TX_NONE && cls_at(c, e) != TX_PART)
        return 0;
    if (off == 2) {
        off = 0;
        suffix = "TNI";
        m->type = NX_TIMEX_TIME;
    } else if (cls_at(c, e) == TX_PART && !(c->u[e].lflags & TXF_PLURAL)) {
        suffix = part_code[c->u[e].val];
        m->type = NX_TIMEX_TIME;
        e++;
    }
    if (!c->has_anchor) {
        set_val(m, "XXXX-XX-XX%s", suffix);
        return e;
    }
    int y, mo, d;
    nx_civil_from_days(c->adays + off, &y, &mo, &d);
    set_val(m, "%04d-%02d-%02d%s", y, mo, d, suffix);
    return e;
}

/* 1990, the 1990s, '90s, fiscal 1989, the nineties, the 20th century */
static size_t p_year(ctx *c, size_t i, match *m)
{
    size_t j = i;
    int the = 0;
    if (is_w(c, j, "the")) {
        the = 1;
        j++;
    }
    if (is_w(c, j, "fiscal") && !the) {
        int y;
        size_t e = parse_year(c, j + 1, &y);
        if (!e) {
            /* fiscal '90 */
            return 0;
        }
        m->type = NX_TIMEX_DATE;
        set_val(m, "%04d", y);
        c->last_y = y;
        return e;
    }
    const tunit *u = j < c->n ? &c->u[j] : NULL;
    if (!u)
        return 0;
    /* decades: 1990s, '90s, 90s */
    if ((u->uflags & U_DIGIT) && u->len == 5 && u->lw[4] == 's') {
        int y = atoi(u->lw);
        if (y >= 1000 && y <= 2090 && y % 10 == 0) {
            m->type = NX_TIMEX_DATE;
            set_val(m, "%03d", y / 10);
            return j + 1;
        }
    }
    if ((u->uflags & U_DIGIT) && u->len == 3 && u->lw[2] == 's' && j > 0 && is_w(c, j - 1, "'") &&
        !(u->uflags & U_SPACE)) {
        int y = (u->lw[0] - '0') * 10 + (u->lw[1] - '0');
        if (y % 10 == 0) {
            m->type = NX_TIMEX_DATE;
            set_val(m, "%03d", (y >= 30 ? 190 : 200) + y / 10);
            return j + 1;
        }
    }
    if (the && u->cls == TX_DECADEW) {
        m->type = NX_TIMEX_DATE;
        set_val(m, "19%d", u->val);
        return j + 1;
    }
    /* centuries: the 20th century, the eleventh century */
    int ord;
    size_t oe = parse_ord(c, j, &ord);
    if (oe && (is_w(c, oe, "century")) && ord >= 1 && ord <= 21) {
        m->type = NX_TIMEX_DATE;
        set_val(m, "%02d", ord - 1);
        return oe + 1;
    }
    if (the)
        return 0;
    int y;
    size_t e = parse_year(c, j, &y);
    if (!e)
        return 0;
    /* a bare number in a list of numbers is not a year */
    if (j > 0 && (c->u[j - 1].uflags & U_DIGIT) && !(c->u[j - 1].uflags & U_SPACE))
        return 0;
    m->type = NX_TIMEX_DATE;
    set_val(m, "%04d", y);
    c->last_y = y;
    return e;
}

/* nineteen ninety-six, the year two thousand */
static size_t p_spelled_year(ctx *c, size_t i, match *m)
{
    size_t j = i;
    int the_year = 0;
    if (is_w(c, j, "the") && is_w(c, j + 1, "year")) {
        j += 2;
        the_year = 1;
    }
    if (cls_at(c, j) != TX_NUMWORD)
        return 0;
    int v = c->u[j].val;
    if (v >= 11 && v <= 20 && cls_at(c, j + 1) == TX_NUMWORD && c->u[j + 1].val >= 10 &&
        c->u[j + 1].val < 100) {
        int rest;
        size_t e = parse_num(c, j + 1, &rest);
        if (!e || rest >= 100)
            return 0;
        m->type = NX_TIMEX_DATE;
        set_val(m, "%04d", v * 100 + rest);
        c->last_y = v * 100 + rest;
        return e;
    }
    if (v == 2 && cls_at(c, j + 1) == TX_NUMWORD && c->u[j + 1].val == 1000) {
        size_t e = j + 2;
        int rest = 0;
        size_t k = e;
        if (is_w(c, k, "and"))
            k++;
        size_t re = parse_num(c, k, &rest);
        if (re && rest < 100)
            e = re;
        else
            rest = 0;
        if (!the_year && !rest)
            return 0;
        m->type = NX_TIMEX_DATE;
        set_val(m, "%04d", 2000 + rest);
        return e;
    }
    return 0;
}

/* the spring, spring 2023, the spring of 2023, the winter of nineteen ninety-four */
static size_t p_season(ctx *c, size_t i, match *m)
{
    size_t j = i;
    int the = 0;
    if (is_w(c, j, "the")) {
        the = 1;
        j++;
    }
    if (cls_at(c, j) != TX_SEASON || (c->u[j].lflags & TXF_PLURAL))
        return 0;
    int s = c->u[j].val;
    size_t e = j + 1;
    int y = 0;
    size_t ye = 0;
    if (is_w(c, e, "of")) {
        match t;
        memset(&t, 0, sizeof(t));
        ye = parse_year(c, e + 1, &y);
        if (!ye && (ye = p_spelled_year(c, e + 1, &t)) != 0)
            y = atoi(t.value);
    } else {
        ye = parse_year(c, e, &y);
    }
    int prev_ok =
        i > 0 && (is_w(c, i - 1, "in") || is_w(c, i - 1, "during") || is_w(c, i - 1, "until") ||
                  is_w(c, i - 1, "since") || is_w(c, i - 1, "by") || is_w(c, i - 1, "this") ||
                  is_w(c, i - 1, "early") || is_w(c, i - 1, "late") || is_w(c, i - 1, "mid") ||
                  is_w(c, i - 1, "-"));
    if (!ye && !the && !prev_ok)
        return 0;
    if (!ye && the &&
        !(i > 0 && (is_w(c, i - 1, "in") || is_w(c, i - 1, "during") || is_w(c, i - 1, "until") ||
                    is_w(c, i - 1, "into") || is_w(c, i - 1, "throughout") ||
                    is_w(c, i - 1, "since") || is_w(c, i - 1, "by") || is_w(c, i - 1, "of") ||
                    is_w(c, i - 1, "through") || is_w(c, i - 1, "over"))))
        return 0;
    m->type = NX_TIMEX_DATE;
    if (ye) {
        set_val(m, "%04d-%s", y, season_code[s]);
        return ye;
    }
    resolve_season(c, m, s, 0, tense_at(c, i, e));
    return e;
}

static size_t parse_amount(const ctx *c, size_t i, int *n, int *approx);
static size_t parse_unit(const ctx *c, size_t i, int *unit, int *plural);

/* Is the remembered quarter recent enough to anchor "a year earlier"? */
static int q_memory_ok(const ctx *c)
{
    return c->last_q && (c->last_qy == c->ay || c->last_qy == c->ay - 1);
}

/* Year of ordinal quarter q without a year. */
static int quarter_year(const ctx *c, int q, int tense)
{
    int aq = (c->am - 1) / 3 + 1;
    if (q <= aq || tense == TENSE_FUTURE)
        return c->ay;
    return c->ay - 1;
}

/* The reporting period named last in units [lo, i) of the sentence: 1 a
 * period longer than a quarter ("the nine months", "the first half"), 0 a
 * quarter or "period", -1 none. */
static int period_named_in(const ctx *c, size_t lo, size_t i)
{
    for (size_t k = i; k-- > lo;) {
        const tunit *u = &c->u[k];
        switch (u->cls) {
        case TX_NONE:
            if (u->lw[0] == 'p' && !strcmp(u->lw, "period"))
                return 0;
            break;
        case TX_UNIT:
            if (u->val == TU_QUARTER && !(u->lflags & TXF_PLURAL))
                return 0;
            if (u->val == TU_MONTH && (u->lflags & TXF_PLURAL) && k > 0 &&
                cls_at(c, k - 1) == TX_NUMWORD && (c->u[k - 1].val == 9 || c->u[k - 1].val == 6))
                return 1; /* the nine months, the first six months */
            break;
        case TX_SETADV:
            if (u->val == TU_QUARTER)
                return 0; /* quarterly */
            break;
        case TX_HALF:
            return 1;
        default:
            break;
        }
    }
    return -1;
}

/* "a year earlier" compares the longer period ("For the nine months, ... a
 * year earlier") when that is the period named last, in the sentence or,
 * failing one there, by the expressions found before. */
static int long_period_before(const ctx *c, size_t i)
{
    int r = period_named_in(c, 0, i);
    return r < 0 ? c->long_period : r;
}

/* the third quarter, third-quarter, the fiscal first quarter, the 1988 second
 * quarter, this year's third quarter, the first half, the year-ago quarter,
 * the quarter, the latest quarter, the latest period */
static size_t p_quarter(ctx *c, size_t i, match *m)
{
    size_t j = i;
    int the = 0, y = 0, rel_y = 0, has_y = 0;
    if (is_w(c, j, "the")) {
        the = 1;
        j++;
    }
    if (is_w(c, j, "comparable") || is_w(c, j, "corresponding"))
        j++;
    /* "the corresponding period last year": the quarter the text named, a
     * year back */
    if (the && j > i + 1 && (is_w(c, j, "period") || is_w(c, j, "quarter")) &&
        is_w(c, j + 1, "last") && is_w(c, j + 2, "year") && c->has_anchor && q_memory_ok(c)) {
        m->type = NX_TIMEX_DATE;
        set_val(m, "%04d-Q%d", c->last_qy - 1, c->last_q);
        return j + 3;
    }
    if (is_w(c, j, "fiscal"))
        j++;
    /* year-ago / year-earlier quarter or period */
    if (is_w(c, j, "year") && is_hyphen(c, j + 1) &&
        (is_w(c, j + 2, "ago") || is_w(c, j + 2, "earlier"))) {
        size_t e = j + 3;
        int ord = 0, amt, approx, unit, plural;
        size_t oe = parse_ord(c, e, &ord);
        size_t ae = the ? parse_amount(c, e, &amt, &approx) : 0;
        size_t ue = ae && amt > 1 ? parse_unit(c, ae, &unit, &plural) : 0;
        if (ue && plural && unit >= TU_MONTH) {
            /* "the year-earlier nine months": the length of that period */
            m->type = NX_TIMEX_DURATION;
            val_duration(m, unit, amt);
            return ue;
        }
        if (oe && ord >= 1 && ord <= 4 && is_w(c, oe + is_hyphen(c, oe), "quarter"))
            e = oe + is_hyphen(c, oe) + 1;
        else if (is_w(c, e, "quarter") || is_w(c, e, "period"))
            e++;
        else
            ord = -1;
        if (ord < 0 && the && i + 1 == j)
            return 0; /* "the year-ago results": the adjective alone, without "the" */
        m->type = NX_TIMEX_DATE;
        if (!c->has_anchor)
            set_val(m, "XXXX");
        else if (ord > 0)
            set_val(m, "%04d-Q%d", (c->last_q ? c->last_qy : quarter_year(c, ord, TENSE_PAST)) - 1,
                    ord);
        else if (q_memory_ok(c) && !long_period_before(c, i))
            set_val(m, "%04d-Q%d", c->last_qy - 1, c->last_q);
        else
            set_val(m, "%04d", c->ay - 1);
        return e;
    }
    size_t k;
    if ((k = parse_year(c, j, &y)) != 0) {
        has_y = 1;
        if (is_w(c, k, "'s"))
            k++;
        else if (the && (is_w(c, k, "quarter") || is_w(c, k, "period"))) {
            m->type = NX_TIMEX_DATE;
            if (c->last_q && !(is_w(c, k, "period") && long_period_before(c, i)))
                set_val(m, "%04d-Q%d", y, c->last_q);
            else
                set_val(m, "%04d", y);
            return k + 1;
        }
        j = k;
    } else if (cls_at(c, j) == TX_REL && is_w(c, j + 1, "year") && is_w(c, j + 2, "'s")) {
        int v = c->u[j].val;
        rel_y = v == TR_LAST ? -1 : v == TR_NEXT ? 1 : v == TR_THIS ? 0 : 9;
        if (rel_y == 9)
            return 0;
        has_y = 2;
        j += 3;
        /* "last year's quarter": the quarter the text named, in that year */
        if (is_w(c, j, "quarter") && c->has_anchor && q_memory_ok(c)) {
            m->type = NX_TIMEX_DATE;
            set_val(m, "%04d-Q%d", c->ay + rel_y, c->last_q);
            return j + 1;
        }
    }
    if (is_w(c, j, "fiscal"))
        j++;
    int ord = 0;
    size_t e = 0;
    if ((k = parse_ord(c, j, &ord)) != 0 && ord >= 1 && ord <= 4) {
        size_t q = k;
        if (is_hyphen(c, q))
            q++;
        if (is_w(c, q, "fiscal"))
            q++;
        if (is_w(c, q, "quarter")) {
            e = q + 1;
        } else if (is_w(c, q, "half") && ord <= 2) {
            e = q + 1;
            ord += 10;
        } else {
            return 0;
        }
        /* "the third-quarter loss": an adjective, without "the" */
        if (the && is_hyphen(c, k) && e < c->n && c->u[e].cls == TX_NONE &&
            is_alpha((uint8_t)c->u[e].lw[0]) && !is_w(c, e, "of") && !is_w(c, e, "ended") &&
            !is_w(c, e, "ending"))
            return 0;
        if (!has_y && is_w(c, e, "of")) {
            size_t ye = parse_year(c, e + 1 + is_w(c, e + 1, "fiscal"), &y);
            if (ye) {
                has_y = 1;
                e = ye;
            }
        }
    } else if (is_w(c, j, "last") && is_w(c, j + 1, "half") && the) {
        ord = 12;
        e = j + 2;
        if (is_w(c, e, "of") && (k = parse_year(c, e + 1, &y)) != 0) {
            has_y = 1;
            e = k;
        }
    } else if ((is_w(c, j, "latest") || is_w(c, j, "current") || is_w(c, j, "this") ||
                is_w(c, j, "last") || is_w(c, j, "same") || is_w(c, j, "previous")) &&
               (is_w(c, j + 1, "quarter") || (is_w(c, j + 1, "period") && is_w(c, j, "latest")))) {
        e = j + 2;
        m->type = NX_TIMEX_DATE;
        if (!c->has_anchor) {
            set_val(m, "XXXX-QX");
            return e;
        }
        int aq = c->ay * 4 + (c->am - 1) / 3;
        int q;
        if (is_w(c, j, "current") || is_w(c, j, "this"))
            q = aq;
        else if ((is_w(c, j, "latest") || is_w(c, j, "same")) && q_memory_ok(c))
            q = c->last_qy * 4 + c->last_q - 1;
        else
            q = aq - 1;
        /* the latest quarter has ended: never a calendar quarter the text
         * named ahead (a fiscal one is numbered otherwise) */
        int fiscal =
            (is_w(c, j, "latest") || is_w(c, j, "same")) && q_memory_ok(c) && c->last_q_fiscal;
        if (is_w(c, j, "latest") && q > aq - 1 && !fiscal)
            q = aq - 1;
        set_val(m, "%04d-Q%d", q / 4, q % 4 + 1);
        c->last_qy = q / 4;
        c->last_q = q % 4 + 1;
        c->last_q_fiscal = fiscal;
        return e;
    } else if (the && !has_y && is_w(c, j, "quarter") && !is_w(c, j + 1, "of")) {
        e = j + 1;
        m->type = NX_TIMEX_DATE;
        if (!c->has_anchor) {
            set_val(m, "XXXX-QX");
            return e;
        }
        int q = q_memory_ok(c) ? c->last_qy * 4 + c->last_q - 1 : c->ay * 4 + (c->am - 1) / 3 - 1;
        if ((is_w(c, e, "ended") || is_w(c, e, "ending")) && cls_at(c, e + 1) == TX_MONTH) {
            /* "the quarter ended July 31": the three months up to that day,
             * named by the calendar quarter of their middle month (May to
             * July: Q2) */
            int em = c->u[e + 1].val, ed = 0;
            size_t de = parse_day(c, e + 2, &ed);
            int ey = 0;
            if (!de || !year_tail(c, de, &ey))
                ey = resolve_month_year(c, em, de ? ed : 0, 0, TENSE_PAST);
            int mid = em - 1 - (de && ed < 15);
            int mi = ey * 12 + mid - 1;
            q = (mi / 12) * 4 + (mi % 12) / 3;
        }
        if (is_w(c, e, "a") && is_w(c, e + 1, "year") &&
            (is_w(c, e + 2, "ago") || is_w(c, e + 2, "earlier"))) {
            /* "the quarter a year ago": the same quarter, a year back */
            q -= 4;
            e += 3;
        }
        set_val(m, "%04d-Q%d", q / 4, q % 4 + 1);
        return e;
    } else {
        return 0;
    }
    m->type = NX_TIMEX_DATE;
    int half = ord > 10;
    if (half)
        ord -= 10;
    if (has_y == 1) {
        /* y given */
    } else if (!c->has_anchor) {
        set_val(m, "XXXX-%c%d", half ? 'H' : 'Q', ord);
        return e;
    } else if (has_y == 2) {
        y = c->ay + rel_y;
    } else if (half) {
        y = ord <= (c->am - 1) / 6 + 1 ? c->ay : c->ay - 1;
    } else {
        y = quarter_year(c, ord, tense_at(c, i, e));
    }
    set_val(m, "%04d-%c%d", y, half ? 'H' : 'Q', ord);
    /* the quarter the text names, a fiscal one too ("the fiscal first
     * quarter", "the fourth quarter ended Aug. 26"): "the quarter", "a
     * year earlier" refer back to it */
    if (!half) {
        int fiscal = 0;
        for (size_t k2 = i; k2 < e; k2++)
            fiscal |= is_w(c, k2, "fiscal");
        if (is_w(c, e, "ended") && cls_at(c, e + 1) == TX_MONTH && c->u[e + 1].val != ord * 3)
            fiscal = 1;
        c->last_qy = y;
        c->last_q = ord;
        c->last_q_fiscal = fiscal;
    }
    return e;
}

/* Q3, Q1 2023, H1, FY2023, FY 2023, FY23 (fiscal periods written short) */
static size_t p_qcode(ctx *c, size_t i, match *m)
{
    const tunit *u = &c->u[i];
    if (!(u->uflags & U_ALLCAP) && !(u->len == 2 && (u->uflags & U_CAP)))
        return 0;
    m->type = NX_TIMEX_DATE;
    if (u->len == 2 && (u->lw[0] == 'q' || u->lw[0] == 'h') && u->lw[1] >= '1' &&
        u->lw[1] <= (u->lw[0] == 'q' ? '4' : '2')) {
        int ord = u->lw[1] - '0', y;
        char kind = u->lw[0] == 'q' ? 'Q' : 'H';
        size_t e = i + 1;
        size_t ye = parse_year(c, e, &y);
        if (ye) {
            e = ye;
        } else if (!c->has_anchor) {
            set_val(m, "XXXX-%c%d", kind, ord);
            return e;
        } else {
            y = kind == 'Q' ? quarter_year(c, ord, tense_at(c, i, e))
                            : (ord <= (c->am - 1) / 6 + 1 ? c->ay : c->ay - 1);
        }
        set_val(m, "%04d-%c%d", y, kind, ord);
        return e;
    }
    if (u->len >= 2 && u->lw[0] == 'f' && u->lw[1] == 'y') {
        int y;
        if (u->len == 2) {
            size_t e = parse_year(c, i + 1, &y);
            if (!e)
                return 0;
            set_val(m, "%04d", y);
            return e;
        }
        if ((u->len == 6 || u->len == 4) && is_digit((uint8_t)u->lw[2]) &&
            is_digit((uint8_t)u->lw[3])) {
            y = atoi(u->lw + 2);
            if (u->len == 4)
                y += y < 50 ? 2000 : 1900;
            if (y < 1900 || y > 2099)
                return 0;
            set_val(m, "%04d", y);
            return i + 1;
        }
    }
    return 0;
}

/* A quantity before a unit: a number, a, an, several, a few, a couple of.
 * *n = -1 for a vague amount. Returns the unit index after it, or 0. */
static size_t parse_amount(const ctx *c, size_t i, int *n, int *approx)
{
    *approx = 0;
    if (i >= c->n)
        return 0;
    if (is_w(c, i, "a") || is_w(c, i, "an")) {
        if (is_w(c, i + 1, "few")) {
            *n = -1;
            return i + 2;
        }
        if (is_w(c, i + 1, "couple") && is_w(c, i + 2, "of")) {
            *n = 2;
            *approx = 1;
            return i + 3;
        }
        if (cls_at(c, i + 1) == TX_NUMWORD && c->u[i + 1].val >= 100) {
            *n = c->u[i + 1].val;
            return i + 2;
        }
        if (is_w(c, i + 1, "half") && (is_w(c, i + 2, "hour") || is_w(c, i + 2, "day"))) {
            *n = -2; /* half a tunit */
            return i + 2;
        }
        *n = 1;
        return i + 1;
    }
    if (is_w(c, i, "couple") && is_w(c, i + 1, "of")) {
        *n = 2;
        *approx = 1;
        return i + 2;
    }
    if (is_w(c, i, "another")) {
        *n = 1;
        return i + 1;
    }
    if (cls_at(c, i) == TX_FUZZ && c->u[i].val == 1) {
        *n = -1;
        return i + 1;
    }
    int v;
    size_t e = parse_num(c, i, &v);
    if (!e)
        return 0;
    if (v > 100000)
        return 0;
    *n = v;
    return e;
}

/* The unit after an amount (one-unit: 10-year, two-day). Returns index after it. */
static size_t parse_unit(const ctx *c, size_t i, int *unit, int *plural)
{
    size_t j = i;
    if (is_hyphen(c, j))
        j++;
    if (cls_at(c, j) != TX_UNIT)
        return 0;
    *unit = c->u[j].val;
    *plural = (c->u[j].lflags & TXF_PLURAL) != 0;
    return j + 1;
}

static void anchor_shift(ctx *c, match *m, int unit, int k, int amount_is_one)
{
    if (!c->has_anchor) {
        shift_unit(c, m, unit, k);
        return;
    }
    if (unit == TU_YEAR && amount_is_one && q_memory_ok(c)) {
        /* "a year earlier" in a report about a quarter */
        set_val(m, "%04d-Q%d", c->last_qy + k, c->last_q);
        return;
    }
    if (unit == TU_WEEKEND)
        unit = TU_WEEK;
    shift_unit(c, m, unit, k);
}

/* "will one day be", "could one day replace": "one day" after a modal is
 * an unspecified future, not a day's length. */
static int modal_one_day(const ctx *c, size_t i)
{
    if (!is_w(c, i, "one") || !is_w(c, i + 1, "day") || i == 0)
        return 0;
    const tunit *p = &c->u[i - 1];
    return (p->cls == TX_TENSE && p->val == TT_FUTURE) || !strcmp(p->lw, "could") ||
           !strcmp(p->lw, "might") || !strcmp(p->lw, "can") || !strcmp(p->lw, "may");
}

/* two days, 10-year, a week, several years, the nine months, the first nine
 * months, two years ago, a year earlier, 8-month-old, 2 1/2 years */
static size_t p_duration(ctx *c, size_t i, match *m)
{
    size_t j = i;
    int the = 0, first = 0;
    if (modal_one_day(c, i))
        return 0;
    if (is_w(c, j, "the")) {
        the = 1;
        j++;
        if (is_w(c, j, "first") || is_w(c, j, "last") || is_w(c, j, "next") || is_w(c, j, "past") ||
            is_w(c, j, "previous") || is_w(c, j, "coming") || is_w(c, j, "following") ||
            is_w(c, j, "final") || is_w(c, j, "remaining") || is_w(c, j, "latest")) {
            first = 1;
            j++;
        }
    }
    int n, approx, unit, plural;
    /* "for a while", "after a while": a vague duration; "a while ago" */
    if (is_w(c, i, "a") && is_w(c, i + 1, "while") && i > 0 &&
        (is_w(c, i - 1, "for") || is_w(c, i - 1, "in") || is_w(c, i - 1, "after") ||
         is_w(c, i - 1, "within") || is_w(c, i - 1, "quite") || is_w(c, i + 2, "ago"))) {
        if (is_w(c, i + 2, "ago")) {
            m->type = NX_TIMEX_DATE;
            set_val(m, "PAST_REF");
            return i + 3;
        }
        m->type = NX_TIMEX_DURATION;
        set_val(m, "PXX");
        return i + 2;
    }
    /* "a day-long meeting", "a year-long effort": a length of one unit */
    if (!the && cls_at(c, i) == TX_UNIT && !(c->u[i].lflags & TXF_PLURAL) && is_hyphen(c, i + 1) &&
        is_w(c, i + 2, "long") && c->u[i].val >= TU_MINUTE) {
        m->type = NX_TIMEX_DURATION;
        val_duration(m, c->u[i].val, 1);
        return i + 3;
    }
    /* "in the weeks ahead", "the months ahead": a vague stretch to come */
    if (the && cls_at(c, j) == TX_UNIT && (c->u[j].lflags & TXF_PLURAL) && c->u[j].val >= TU_DAY &&
        c->u[j].val != TU_WEEKEND && is_w(c, j + 1, "ahead")) {
        m->type = NX_TIMEX_DURATION;
        val_duration(m, c->u[j].val, -1);
        return j + 2;
    }
    /* "over the years", "in the early years": a vague span of years */
    if (the && i > 0 &&
        (is_w(c, i - 1, "over") || is_w(c, i - 1, "in") || is_w(c, i - 1, "during") ||
         is_w(c, i - 1, "through")) &&
        is_w(c, j + is_w(c, j, "early"), "years")) {
        m->type = NX_TIMEX_DURATION;
        set_val(m, "PXY");
        return j + is_w(c, j, "early") + 1;
    }
    if (!the && cls_at(c, i) == TX_UNIT && (c->u[i].lflags & TXF_PLURAL) && c->u[i].val >= TU_DAY &&
        c->u[i].val != TU_WEEKEND && i > 0 &&
        (is_w(c, i - 1, "for") || is_w(c, i - 1, "within") ||
         (is_w(c, i - 1, "in") && !is_hyphen(c, i + 1)))) {
        /* "for years", "within weeks": a vague duration */
        m->type = NX_TIMEX_DURATION;
        val_duration(m, c->u[i].val, -1);
        return i + 1;
    }
    size_t k = parse_amount(c, j, &n, &approx);
    if (!k)
        return 0;
    if (the && (is_w(c, j, "a") || is_w(c, j, "an") || is_w(c, j, "another")))
        return 0;
    /* 2 1/2 years, two and a half years */
    int half = 0;
    if (n >= 0 && k < c->n && !strcmp(c->u[k].lw, "1/2")) {
        half = 1;
        k++;
    } else if (n > 0 && is_w(c, k, "and") && is_w(c, k + 1, "a") && is_w(c, k + 2, "half")) {
        half = 1;
        k += 3;
    }
    if (is_w(c, k, "more") || is_w(c, k, "additional") || is_w(c, k, "extra") || is_w(c, k, "full"))
        k++;
    /* "eight trading days", "ten business days" */
    else if (n > 0 && (is_w(c, k, "trading") || is_w(c, k, "business") || is_w(c, k, "working")) &&
             (is_w(c, k + 1, "days") || is_w(c, k + 1, "day")))
        k++;
    size_t e = parse_unit(c, k, &unit, &plural);
    if (!e) {
        /* "the two" after a duration is not one */
        return 0;
    }
    /* "CBS's 60 Minutes": a capitalized unit after digits is a title */
    if ((c->u[e - 1].uflags & U_CAP) && !(c->u[e - 1].uflags & U_ALLCAP) &&
        (c->u[j].uflags & U_DIGIT))
        return 0;
    /* "a two-week-long strike" */
    if (is_hyphen(c, e) && is_w(c, e + 1, "long") && is_hyphen(c, k))
        e += 2;
    /* "a minute and a half" */
    if (!half && n > 0 && is_w(c, e, "and") && is_w(c, e + 1, "a") && is_w(c, e + 2, "half")) {
        half = 1;
        e += 3;
    }
    int is_a = (is_w(c, j, "a") || is_w(c, j, "an") || is_w(c, j, "another")) && n == 1;
    /* "three-quarters of", "a quarter of the shares": fractions */
    if (unit == TU_QUARTER && (is_w(c, e, "of") || (plural && is_hyphen(c, k))))
        return 0;
    /* "the 1988 quarter" is a year, "37 years old" an age */
    if (n >= 1000 && !plural)
        return 0;
    if (is_w(c, e, "old") || (is_hyphen(c, e) && is_w(c, e + 1, "old")))
        return 0;
    if (n == -2) {
        n = 30;
        unit = unit == TU_HOUR ? TU_MINUTE : TU_HOUR;
        if (unit == TU_HOUR)
            n = 12;
    }
    /* a year-old number such as "2000 years" is a duration, but "1990 year" not */
    m->type = NX_TIMEX_DURATION;
    if (approx)
        snprintf(m->mod, sizeof(m->mod), "APPROX");
    /* ago / earlier / from now */
    int k_ago = 0;
    if (!the && !half) {
        if (is_w(c, e, "ago") || (is_w(c, e, "earlier") && !is_w(c, e + 1, "than")) ||
            is_w(c, e, "before")) {
            if (!is_w(c, e, "before") || (e + 1 >= c->n || c->u[e + 1].cls == TX_NONE ? 0 : 0)) {
                k_ago = -1;
            }
            if (is_w(c, e, "before"))
                k_ago = 0;
        } else if (is_w(c, e, "from") && is_w(c, e + 1, "now")) {
            k_ago = 1;
        } else if (is_w(c, e, "hence")) {
            k_ago = 1;
        }
    }
    if (k_ago) {
        int amount = n < 0 ? 0 : n;
        m->type = NX_TIMEX_DATE;
        if (n < 0) {
            set_val(m, k_ago < 0 ? "PAST_REF" : "FUTURE_REF");
        } else {
            int u2 = unit, amt = amount;
            if (u2 == TU_DECADE) {
                u2 = TU_YEAR;
                amt *= 10;
            } else if (u2 == TU_QUARTER) {
                u2 = TU_MONTH;
                amt *= 3;
            }
            if (u2 <= TU_HOUR) {
                set_val(m, k_ago < 0 ? "PAST_REF" : "FUTURE_REF");
            } else {
                anchor_shift(c, m, u2, k_ago * amt,
                             is_a && unit == TU_YEAR && !long_period_before(c, i));
            }
        }
        return e + (is_w(c, e, "from") ? 2 : 1);
    }
    if (is_a && !the && !half) {
        /* "a week": a duration after for/in/within/than/about..., a set after a
         * number or an amount ("$5 a year", "twice a day") */
        const tunit *p = i > 0 ? &c->u[i - 1] : NULL;
        /* "50,000 CDs a year": an amount shortly before */
        int amount_before = 0;
        for (size_t b = 2; b <= 3 && b <= i; b++) {
            const tunit *q = &c->u[i - b];
            if ((q->uflags & U_DIGIT) || q->cls == TX_NUMWORD || !strcmp(q->lw, "$"))
                amount_before = 1;
        }
        if (p && p->cls == TX_NONE && p->len > 2 && p->lw[p->len - 1] == 's' && amount_before) {
            m->type = NX_TIMEX_SET;
            val_duration(m, unit, 1);
            return e;
        }
        if (p &&
            ((p->uflags & U_DIGIT) || !strcmp(p->lw, "times") || !strcmp(p->lw, "twice") ||
             !strcmp(p->lw, "once") || !strcmp(p->lw, "million") || !strcmp(p->lw, "billion") ||
             !strcmp(p->lw, "dollars") || !strcmp(p->lw, "percent") || !strcmp(p->lw, "%") ||
             !strcmp(p->lw, "share") || !strcmp(p->lw, "hours") || !strcmp(p->lw, "days"))) {
            m->type = NX_TIMEX_SET;
            val_duration(m, unit, 1);
            return e;
        }
        if (!p || !(p->cls == TX_QUANT || !strcmp(p->lw, "for") || !strcmp(p->lw, "in") ||
                    !strcmp(p->lw, "within") || !strcmp(p->lw, "than") || !strcmp(p->lw, "only") ||
                    !strcmp(p->lw, "just") || !strcmp(p->lw, "after") || !strcmp(p->lw, "last") ||
                    !strcmp(p->lw, "lasted") || !strcmp(p->lw, "spent") || !strcmp(p->lw, "took") ||
                    !strcmp(p->lw, "take") || !strcmp(p->lw, "takes") || !strcmp(p->lw, "nearly") ||
                    !strcmp(p->lw, "least") || !strcmp(p->lw, "to") || !strcmp(p->lw, "barely") ||
                    !strcmp(p->lw, "as") || !strcmp(p->lw, "him") || !strcmp(p->lw, "them")))
            return 0;
    }
    if (n == 0 && !the)
        return 0;
    if (first && !the)
        return 0;
    if (unit == TU_WEEKEND && n < 0)
        return 0;
    if (half && unit == TU_YEAR)
        set_val(m, "P%dY6M", n);
    else if (half && unit == TU_HOUR)
        set_val(m, "PT%dH30M", n);
    else if (half && unit == TU_DAY)
        set_val(m, "P%dDT12H", n);
    else if (half && unit == TU_MINUTE)
        set_val(m, "PT%dM30S", n);
    else
        val_duration(m, unit, n);
    (void)plural;
    return e;
}

/* last week, this year, next month, the past year, the coming year, last
 * Friday, this spring, last February, recent years, the coming months,
 * this morning, last night, the past three months, that year */
/* Narrative reference time: "the next day", "the following month", "that
 * same day", "the previous Friday" are counted from the day (month) the text
 * named last, not from the publication date. Units [i, k): the expression up
 * to its noun at k; j is the relative word. 0 when it does not apply. */
static size_t narrative(ctx *c, size_t i, size_t j, size_t k, int rel, int the, match *m)
{
    (void)i;
    int shift;
    if (rel == TR_THAT)
        shift = 0;
    else if (the && (is_w(c, j, "following") || is_w(c, j, "next")))
        shift = 1;
    else if (the && (is_w(c, j, "previous") || is_w(c, j, "preceding") || is_w(c, j, "prior")))
        shift = -1;
    else
        return 0;
    int kind = cls_at(c, k);
    if (kind == TX_UNIT && c->u[k].val == TU_DAY && !(c->u[k].lflags & TXF_PLURAL) &&
        c->has_last_day && !is_w(c, k + 1, "'s")) {
        int y, mo, d;
        nx_civil_from_days(c->last_days + shift, &y, &mo, &d);
        set_val(m, "%04d-%02d-%02d", y, mo, d);
        return k + 1;
    }
    if (kind == TX_UNIT && c->u[k].val == TU_MONTH && !(c->u[k].lflags & TXF_PLURAL) &&
        c->last_mm && !is_w(c, k + 1, "'s")) {
        int q = c->last_my * 12 + c->last_mm - 1 + shift;
        set_val(m, "%04d-%02d", q / 12, q % 12 + 1);
        return k + 1;
    }
    if (kind == TX_WEEKDAY && shift && !(c->u[k].lflags & TXF_PLURAL) && c->has_last_day) {
        /* the weekday strictly before / after the day named last */
        int lw = weekday_of(c->last_days), wd = c->u[k].val;
        int back = (lw - wd + 7) % 7, fwd = (wd - lw + 7) % 7;
        int64_t days =
            shift < 0 ? c->last_days - (back ? back : 7) : c->last_days + (fwd ? fwd : 7);
        int y, mo, d;
        nx_civil_from_days(days, &y, &mo, &d);
        set_val(m, "%04d-%02d-%02d", y, mo, d);
        return k + 1;
    }
    return 0;
}

static size_t p_rel(ctx *c, size_t i, match *m)
{
    size_t j = i;
    int the = 0;
    if (is_w(c, j, "the")) {
        the = 1;
        j++;
    }
    if (cls_at(c, j) != TX_REL && !(cls_at(c, j) == TX_REF && c->u[j].val == TF_CURRENT) &&
        !is_w(c, j, "recent"))
        return 0;
    int rel = c->u[j].cls == TX_REL ? c->u[j].val : TR_THIS;
    /* "This Week" inside a sentence is a title */
    if (j > 0 && (c->u[j].uflags & U_CAP) && j + 1 < c->n && (c->u[j + 1].uflags & U_CAP))
        return 0;
    if (is_w(c, j, "most") && is_w(c, j + 1, "recent")) {
        rel = TR_LATEST;
        j++;
    }
    size_t k = j + 1;
    if (rel == TR_THIS && is_w(c, k, "past") &&
        (cls_at(c, k + 1) == TX_SEASON || cls_at(c, k + 1) == TX_UNIT ||
         cls_at(c, k + 1) == TX_WEEKDAY)) {
        rel = TR_LAST; /* "this past spring", "this past Sunday" */
        k++;
    } else if (rel == TR_THIS && is_w(c, k, "coming") && cls_at(c, k + 1) == TX_WEEKDAY) {
        rel = TR_NEXT; /* "this coming Sunday" */
        k++;
    }
    if (is_w(c, k, "fiscal"))
        k++;
    if (is_w(c, k, "near") && is_w(c, k + 1, "future")) {
        if (rel != TR_THIS)
            return 0;
    }
    if (rel == TR_THAT && is_w(c, k, "same"))
        k++; /* "that same day" */
    int kind = cls_at(c, k);
    m->type = NX_TIMEX_DATE;
    size_t ne = narrative(c, i, j, k, rel, the, m);
    if (ne)
        return ne;
    /* the past three months, the next few days, last two years */
    int n, approx, unit, plural;
    if ((rel == TR_LAST || rel == TR_PAST || rel == TR_NEXT) && kind != TX_UNIT) {
        size_t a = parse_amount(c, k, &n, &approx);
        if (a && !is_w(c, k, "a") && !is_w(c, k, "an")) {
            size_t e = parse_unit(c, a, &unit, &plural);
            if (e && (n != 1 || !plural)) {
                m->type = NX_TIMEX_DURATION;
                if (is_w(c, j, "coming") && n < 0) {
                    m->type = NX_TIMEX_DATE;
                    set_val(m, "FUTURE_REF");
                } else {
                    val_duration(m, unit, n);
                }
                return e;
            }
        }
        if (a && (is_w(c, k, "few") || (is_w(c, k, "a") && is_w(c, k + 1, "few")))) {
            size_t e = parse_unit(c, a, &unit, &plural);
            if (e) {
                m->type = NX_TIMEX_DURATION;
                val_duration(m, unit, -1);
                return e;
            }
        }
    }
    if (kind == TX_UNIT) {
        unit = c->u[k].val;
        plural = (c->u[k].lflags & TXF_PLURAL) != 0;
        size_t e = k + 1;
        if (plural) {
            /* TimeBank: "recent years" is PAST_REF, "recent months" (weeks,
             * days, quarters) and "coming weeks" vague durations */
            if (unit <= TU_HOUR ||
                (rel != TR_RECENT && rel != TR_PAST && rel != TR_LAST && rel != TR_NEXT))
                return 0;
            int past = rel != TR_NEXT;
            if (unit == TU_YEAR || unit == TU_DECADE || unit == TU_CENTURY) {
                set_val(m, past ? "PAST_REF" : "FUTURE_REF");
            } else {
                m->type = NX_TIMEX_DURATION;
                val_duration(m, unit, -1);
            }
            return e;
        }
        if (unit == TU_SECOND || unit == TU_MINUTE || unit == TU_HOUR)
            return 0;
        int shift;
        switch (rel) {
        case TR_LAST:
            shift = -1;
            break;
        case TR_PAST:
            if (!the && !(i > 0 && (is_w(c, i - 1, "in") || is_w(c, i - 1, "over") ||
                                    is_w(c, i - 1, "for") || is_w(c, i - 1, "during"))))
                return 0;
            shift = -1;
            break;
        case TR_NEXT:
            if (the && (is_w(c, j, "following") || is_w(c, j, "next")) && unit == TU_YEAR &&
                c->last_y && !is_w(c, e, "or")) {
                /* "the following year": after the year last mentioned */
                set_val(m, "%04d", c->last_y + 1);
                c->last_y++;
                return e;
            }
            shift = 1;
            break;
        case TR_THIS:
            if (the && !is_w(c, j, "current"))
                return 0;
            shift = 0;
            break;
        case TR_THAT:
            if (unit == TU_YEAR && c->last_y) {
                set_val(m, "%04d", c->last_y);
                return e;
            }
            if (unit == TU_QUARTER && c->last_q) {
                set_val(m, "%04d-Q%d", c->last_qy, c->last_q);
                return e;
            }
            return 0;
        case TR_LATEST:
            if (unit != TU_QUARTER)
                return 0;
            shift = -1;
            break;
        default:
            return 0;
        }
        if (unit == TU_QUARTER && rel == TR_LATEST && c->last_q) {
            set_val(m, "%04d-Q%d", c->last_qy, c->last_q);
            return e;
        }
        if (unit == TU_WEEKEND && shift == 0) {
            shift_unit(c, m, TU_WEEKEND, 0);
            return e;
        }
        shift_unit(c, m, unit, shift);
        if (c->has_anchor && unit == TU_YEAR)
            c->last_y = c->ay + shift;
        if (c->has_anchor && unit == TU_QUARTER) {
            int q = c->ay * 4 + (c->am - 1) / 3 + shift;
            c->last_qy = q / 4;
            c->last_q = q % 4 + 1;
            c->last_q_fiscal = 0;
        }
        return e;
    }
    if (the && rel != TR_PAST && rel != TR_NEXT && rel != TR_LAST)
        return 0;
    int r = rel == TR_LAST ? -1 : rel == TR_NEXT ? 1 : rel == TR_THIS ? 2 : 9;
    if (r == 9)
        return 0;
    if (the && kind != TX_UNIT && kind != TX_WEEKDAY)
        return 0;
    if (kind == TX_WEEKDAY && !(c->u[k].lflags & TXF_PLURAL)) {
        size_t e = k + 1;
        const char *suffix = "";
        if (cls_at(c, e) == TX_PART) {
            suffix = part_code[c->u[e].val];
            e++;
        }
        if (r == 2) {
            /* this Friday: the one of the current week */
            if (!c->has_anchor) {
                set_val(m, "XXXX-WXX-%d%s", c->u[k].val, suffix);
            } else {
                int y, mo, d;
                nx_civil_from_days(c->adays - weekday_of(c->adays) + c->u[k].val, &y, &mo, &d);
                set_val(m, "%04d-%02d-%02d%s", y, mo, d, suffix);
            }
        } else {
            resolve_weekday(c, m, c->u[k].val, r, TENSE_NONE, suffix);
        }
        return e;
    }
    if (kind == TX_MONTH && (c->u[k].uflags & U_CAP)) {
        int mo = c->u[k].val;
        if (!c->has_anchor) {
            set_val(m, "XXXX-%02d", mo);
            return k + 1;
        }
        /* "last Oct. 23": the latest such day before the anchor */
        int d = 0;
        size_t de = r != 2 ? parse_day(c, k + 1, &d) : 0;
        if (de && d <= nx_days_in_month(2000, mo) && !(mo == 2 && d == 29)) {
            int y = resolve_month_year(c, mo, d, r, TENSE_NONE);
            set_val(m, "%04d-%02d-%02d", y, mo, d);
            return de;
        }
        int y = r == 2 ? c->ay : resolve_month_year(c, mo, 0, r, TENSE_NONE);
        set_val(m, "%04d-%02d", y, mo);
        return k + 1;
    }
    if (kind == TX_SEASON && !(c->u[k].lflags & TXF_PLURAL)) {
        resolve_season(c, m, c->u[k].val, r, TENSE_NONE);
        return k + 1;
    }
    if (kind == TX_PART && (r == 2 || (r == -1 && c->u[k].val == TP_NI))) {
        m->type = NX_TIMEX_TIME;
        int off = r == -1 ? -1 : 0;
        if (!c->has_anchor) {
            set_val(m, "XXXX-XX-XX%s", part_code[c->u[k].val]);
        } else {
            int y, mo, d;
            nx_civil_from_days(c->adays + off, &y, &mo, &d);
            set_val(m, "%04d-%02d-%02d%s", y, mo, d, part_code[c->u[k].val]);
        }
        return k + 1;
    }
    return 0;
}

/* the year, the fiscal year, the full year (DATE; DURATION before ended /
 * ending), year-end, year's end, the weekend */
static size_t p_theyear(ctx *c, size_t i, match *m)
{
    size_t j = i;
    m->type = NX_TIMEX_DATE;
    if (is_w(c, j, "year") &&
        ((is_hyphen(c, j + 1) && is_w(c, j + 2, "end")) || is_w(c, j + 1, "end"))) {
        size_t e = j + 2 + is_hyphen(c, j + 1);
        if (c->has_anchor)
            set_val(m, "%04d", c->last_y && c->last_y != c->ay ? c->last_y : c->ay);
        else
            set_val(m, "XXXX");
        return e;
    }
    if (is_w(c, j, "year") && is_w(c, j + 1, "'s") && is_w(c, j + 2, "end")) {
        shift_unit(c, m, TU_YEAR, 0);
        return j + 3;
    }
    if (!is_w(c, j, "the"))
        return 0;
    j++;
    if (is_w(c, j, "weekend")) {
        shift_unit(c, m, TU_WEEKEND, 0);
        return j + 1;
    }
    int fiscal = 0, latest = 0;
    if (is_w(c, j, "full") || is_w(c, j, "current") || is_w(c, j, "whole") ||
        is_w(c, j, "entire")) {
        fiscal = 2;
        j++;
    } else if (is_w(c, j, "latest") || (is_w(c, j, "most") && is_w(c, j + 1, "recent"))) {
        latest = 1;
        j += 1 + is_w(c, j, "most");
    }
    if (is_w(c, j, "fiscal")) {
        fiscal = 1;
        j++;
    }
    /* "the latest fiscal year": the last one that has ended */
    if (latest && is_w(c, j, "year") && !is_w(c, j + 1, "ended") && !is_w(c, j + 1, "ending") &&
        !is_w(c, j + 1, "'s") && !is_hyphen(c, j + 1)) {
        shift_unit(c, m, TU_YEAR, -1);
        return j + 1;
    }
    if (latest)
        return 0;
    int prep = i > 0 &&
               (is_w(c, i - 1, "for") || is_w(c, i - 1, "in") || is_w(c, i - 1, "during") ||
                is_w(c, i - 1, "of") || is_w(c, i - 1, "through") || is_w(c, i - 1, "throughout"));
    if (!fiscal && prep && (is_w(c, j, "month") || is_w(c, j, "week")) && !is_w(c, j + 1, "'s") &&
        !is_w(c, j + 1, "before") && !is_w(c, j + 1, "after") && !is_w(c, j + 1, "of")) {
        shift_unit(c, m, is_w(c, j, "month") ? TU_MONTH : TU_WEEK, 0);
        return j + 1;
    }
    if (!is_w(c, j, "year"))
        return 0;
    size_t e = j + 1;
    if (is_w(c, e, "'s") || is_hyphen(c, e) || is_w(c, e, "ago") || is_w(c, e, "earlier"))
        return 0;
    if (is_w(c, e, "ended") || is_w(c, e, "ending") || is_w(c, e, "that") || is_w(c, e, "to")) {
        m->type = NX_TIMEX_DURATION;
        set_val(m, "P1Y");
        return e;
    }
    /* "the year" alone only after a preposition of time (for, in, during, of) */
    if (!fiscal && !(i > 0 && (is_w(c, i - 1, "for") || is_w(c, i - 1, "in") ||
                               is_w(c, i - 1, "during") || is_w(c, i - 1, "of") ||
                               is_w(c, i - 1, "through") || is_w(c, i - 1, "throughout"))))
        return 0;
    shift_unit(c, m, TU_YEAR, 0);
    return e;
}

/* A noun or adjective at e (not a function word or punctuation): "the
 * past president", "the short term debt" use the time word as a modifier. */
static int content_word_at(const ctx *c, size_t e)
{
    static const char *const fw[] = {"and", "or", "but",  "to", "when", "as", "of",
                                     "for", "in", "with", "at", "that", "is", "was"};
    if (e >= c->n || c->u[e].cls != TX_NONE || !is_alpha((uint8_t)c->u[e].lw[0]))
        return 0;
    for (size_t k = 0; k < sizeof(fw) / sizeof(fw[0]); k++)
        if (is_w(c, e, fw[k]))
            return 0;
    return 1;
}

/* now, currently, current, recently, recent, soon, the future, the past,
 * the present, the near term, a later date */
static size_t p_ref(ctx *c, size_t i, match *m)
{
    size_t j = i;
    int the = 0;
    if (is_w(c, j, "the")) {
        the = 1;
        j++;
    }
    m->type = NX_TIMEX_DATE;
    if (the) {
        if (is_w(c, j, "near") && is_w(c, j + 1, "future")) {
            set_val(m, "FUTURE_REF");
            return j + 2;
        }
        /* "in the near term", "for the short term" (not "the long-term
         * debt", split at its hyphen, nor "the short term rate") */
        if ((is_w(c, j, "near") || is_w(c, j, "short") || is_w(c, j, "long")) &&
            is_w(c, j + 1, "term") && !content_word_at(c, j + 2)) {
            set_val(m, "FUTURE_REF");
            return j + 2;
        }
        if (is_w(c, j, "future") || is_w(c, j, "present") || is_w(c, j, "past")) {
            size_t e = j + 1;
            /* "the past three months" belongs to p_rel; "the past year" too */
            if (is_w(c, j, "past") &&
                (cls_at(c, e) == TX_UNIT || cls_at(c, e) == TX_NUMWORD || cls_at(c, e) == TX_FUZZ ||
                 (e < c->n && (c->u[e].uflags & U_DIGIT)) || cls_at(c, e) == TX_WEEKDAY ||
                 cls_at(c, e) == TX_MONTH))
                return 0;
            int fixed = i > 0 &&
                        (is_w(c, i - 1, "in") || is_w(c, i - 1, "from") || is_w(c, i - 1, "into") ||
                         is_w(c, i - 1, "than") || is_w(c, i - 1, "for"));
            if (!fixed && content_word_at(c, e))
                return 0; /* "the past president" */
            set_val(m, is_w(c, j, "future") ? "FUTURE_REF"
                       : is_w(c, j, "past") ? "PAST_REF"
                                            : "PRESENT_REF");
            return e;
        }
        return 0;
    }
    const tunit *u = &c->u[j];

    if (modal_one_day(c, j)) {
        set_val(m, "FUTURE_REF");
        return j + 2;
    }
    /* "at a later date", "at a future date" */
    if ((is_w(c, j, "a") || is_w(c, j, "some")) &&
        (is_w(c, j + 1, "later") || is_w(c, j + 1, "future")) && is_w(c, j + 2, "date")) {
        set_val(m, "FUTURE_REF");
        return j + 3;
    }
    if (is_w(c, j, "right") && is_w(c, j + 1, "now")) {
        set_val(m, "PRESENT_REF");
        return j + 2;
    }
    if (is_w(c, j, "these") && is_w(c, j + 1, "days")) {
        set_val(m, "PRESENT_REF");
        return j + 2;
    }
    if (u->cls != TX_REF)
        return 0;
    switch (u->val) {
    case TF_NOW:
    case TF_CURRENTLY:
        set_val(m, "PRESENT_REF");
        return j + 1;
    case TF_CURRENT:
        if (cls_at(c, j + 1) == TX_UNIT || is_w(c, j + 1, "fiscal") || is_w(c, j + 1, "account") ||
            is_w(c, j + 1, "accounts") || is_w(c, j + 1, "events") || is_w(c, j + 1, "affairs"))
            return 0;
        /* "the then current price": current at a past time */
        set_val(m, j > 0 && is_w(c, j - 1, "then") ? "PAST_REF" : "PRESENT_REF");
        return j + 1;
    case TF_RECENTLY:
        if (!is_w(c, j, "recently") && !is_w(c, j, "lately"))
            return 0; /* previously, formerly: TimeBank leaves them */
        set_val(m, "PAST_REF");
        return j + 1;
    case TF_SOON:
        if (i > 0 && (is_w(c, i - 1, "as") || is_w(c, i - 1, "how")))
            return 0;
        if (is_w(c, j + 1, "after") || is_w(c, j + 1, "as"))
            return 0;
        /* "he was soon released": soon after a past event, not after now */
        if (tense_at(c, j, j + 1) == TENSE_PAST)
            return 0;
        set_val(m, "FUTURE_REF");
        return j + 1;
    case TF_FUTURE:
        return 0; /* "future earnings": an adjective, not a time */
    default:
        return 0;
    }
}

/* daily, weekly, every week, each year, every two years, each Thursday, each July */
static size_t p_set(ctx *c, size_t i, match *m)
{
    const tunit *u = &c->u[i];
    m->type = NX_TIMEX_SET;
    if (u->cls == TX_SETADV) {
        /* "quarterly dividend", "quarterly earnings": a report, not a set */
        if (u->val == TU_QUARTER && i + 1 < c->n && c->u[i + 1].cls == TX_NONE &&
            is_alpha((uint8_t)c->u[i + 1].lw[0]))
            return 0;
        val_duration(m, u->val, 1);
        return i + 1;
    }
    if (u->cls != TX_EVERY)
        return 0;
    size_t j = i + 1;
    if (is_w(c, i, "per")) {
        if (cls_at(c, j) == TX_UNIT && !(c->u[j].lflags & TXF_PLURAL)) {
            val_duration(m, c->u[j].val, 1);
            return j + 1;
        }
        return 0;
    }
    if (is_w(c, j, "other") && cls_at(c, j + 1) == TX_UNIT) {
        val_duration(m, c->u[j + 1].val, 2);
        return j + 2;
    }
    int kind = cls_at(c, j);
    if (kind == TX_UNIT && !(c->u[j].lflags & TXF_PLURAL)) {
        val_duration(m, c->u[j].val, 1);
        return j + 1;
    }
    if (kind == TX_WEEKDAY) {
        set_val(m, "XXXX-WXX-%d", c->u[j].val);
        return j + 1;
    }
    if (kind == TX_MONTH) {
        set_val(m, "XXXX-%02d", c->u[j].val);
        return j + 1;
    }
    if (kind == TX_SEASON) {
        set_val(m, "XXXX-%s", season_code[c->u[j].val]);
        return j + 1;
    }
    if (kind == TX_PART) {
        set_val(m, "XXXX-XX-XX%s", part_code[c->u[j].val]);
        return j + 1;
    }
    int n;
    size_t e = parse_num(c, j, &n);
    if (e && cls_at(c, e) == TX_UNIT && n > 0) {
        val_duration(m, c->u[e].val, n);
        return e + 1;
    }
    return 0;
}

/* Christmas, Christmas Eve, Thanksgiving Day, New Year's Day */
static size_t p_holiday(ctx *c, size_t i, match *m)
{
    int mo, d = 0;
    size_t e;
    const tunit *u = &c->u[i];
    if (u->cls == TX_HOLIDAY && (u->uflags & U_CAP)) {
        e = i + 1;
        switch (u->val) {
        case TH_CHRISTMAS:
            mo = 12;
            d = 25;
            if (is_w(c, e, "eve")) {
                d = 24;
                e++;
            } else if (is_w(c, e, "day")) {
                e++;
            }
            break;
        case TH_HALLOWEEN:
            mo = 10;
            d = 31;
            break;
        case TH_THANKSGIVING:
            mo = 11;
            if (is_w(c, e, "day"))
                e++;
            break;
        case TH_ELECTION:
            if (!is_w(c, e, "day") || !(c->u[e].uflags & U_CAP))
                return 0;
            mo = 11;
            e++;
            break;
        default:
            return 0;
        }
    } else if (is_w(c, i, "new") && (u->uflags & U_CAP) && is_w(c, i + 1, "year") &&
               is_w(c, i + 2, "'s") && (is_w(c, i + 3, "day") || is_w(c, i + 3, "eve"))) {
        e = i + 4;
        if (is_w(c, i + 3, "eve")) {
            mo = 12;
            d = 31;
        } else {
            mo = 1;
            d = 1;
        }
    } else {
        return 0;
    }
    m->type = NX_TIMEX_DATE;
    if (!c->has_anchor) {
        if (d)
            set_val(m, "XXXX-%02d-%02d", mo, d);
        else
            set_val(m, "XXXX-11-XX");
        return e;
    }
    int y;
    size_t ye = parse_year(c, e, &y);
    if (ye)
        e = ye;
    else
        y = resolve_month_year(c, mo, d ? d : 22, 0, tense_at(c, i, e));
    if (!d && u->val == TH_ELECTION) {
        /* the Tuesday after the first Monday of November: the 2nd to the 8th */
        d = 2 + (2 - weekday_of(nx_days_from_civil(y, 11, 2)) + 7) % 7;
    } else if (!d) {
        /* fourth Thursday of November */
        int wd1 = weekday_of(nx_days_from_civil(y, 11, 1));
        d = 1 + (4 - wd1 + 7) % 7 + 21;
    }
    set_val(m, "%04d-%02d-%02d", y, mo, d);
    return e;
}

typedef size_t (*pattern_fn)(ctx *c, size_t i, match *m);

/* A part of the day after a position word or "the": before a day
 * ("mid-afternoon yesterday", "late evening Friday") that day's date with
 * TMO, TAF, TEV or TNI; without one, see below. */
static size_t p_partday(ctx *c, size_t i, match *m)
{
    size_t p = i + is_w(c, i, "the");
    if (cls_at(c, p) != TX_PART || (c->u[p].lflags & TXF_PLURAL) || c->u[p].val == TP_DT)
        return 0;
    size_t j = p + 1, e = 0;
    match t;
    memset(&t, 0, sizeof(t));
    if (cls_at(c, j) == TX_DAYREF && c->u[j].val != 2)
        e = p_dayref(c, j, &t);
    else if (cls_at(c, j) == TX_WEEKDAY && !(c->u[j].lflags & TXF_PLURAL))
        e = p_weekday(c, j, &t);
    m->type = NX_TIMEX_TIME;
    if (e == j + 1 && strlen(t.value) == 10) {
        set_val(m, "%s%s", t.value, part_code[c->u[p].val]);
        return e;
    }
    /* without a day: "in the morning", "by mid afternoon" name a part of
     * the day the text speaks of (the last one named, else the anchor's);
     * "the night" and a part of a named day ("the morning of Oct. 23")
     * are left alone */
    if (e || c->u[p].val == TP_NI || is_w(c, j, "of") || is_w(c, j, "after") ||
        is_w(c, j, "before") ||
        !(p > i || (i > 0 && cls_at(c, i - 1) == TX_POSMOD) ||
          (i > 1 && is_hyphen(c, i - 1) && cls_at(c, i - 2) == TX_POSMOD)))
        return 0;
    if (!c->has_anchor && !c->has_last_day) {
        set_val(m, "XXXX-XX-XX%s", part_code[c->u[p].val]);
        return j;
    }
    int y, mo, d;
    nx_civil_from_days(c->has_last_day ? c->last_days : c->adays, &y, &mo, &d);
    set_val(m, "%04d-%02d-%02d%s", y, mo, d, part_code[c->u[p].val]);
    return j;
}

/* "today is the eighth day of the operation", "it's the second day of": an
 * ordinal day after a present copula is the anchor's day. */
static size_t p_nthday(ctx *c, size_t i, match *m)
{
    int ord;
    size_t e;
    if (!is_w(c, i, "the") || i == 0 || !(is_w(c, i - 1, "is") || is_w(c, i - 1, "'s")) ||
        (e = parse_ord(c, i + 1, &ord)) == 0 || ord < 1 || !is_w(c, e, "day") ||
        !is_w(c, e + 1, "of"))
        return 0;
    m->type = NX_TIMEX_DATE;
    if (c->has_anchor)
        set_val(m, "%04d-%02d-%02d", c->ay, c->am, c->ad);
    else
        set_val(m, "XXXX-XX-XX");
    return e + 1;
}

/* "the week of March 6": the ISO week of that day. */
static size_t p_weekof(ctx *c, size_t i, match *m)
{
    if (!is_w(c, i, "the") || !is_w(c, i + 1, "week") || !is_w(c, i + 2, "of") ||
        cls_at(c, i + 3) != TX_MONTH)
        return 0;
    match t;
    memset(&t, 0, sizeof(t));
    size_t e = p_month(c, i + 3, &t);
    int y, mo, d;
    if (!e || strlen(t.value) != 10 || t.value[0] == 'X')
        return 0;
    if (sscanf(t.value, "%d-%d-%d", &y, &mo, &d) != 3)
        return 0;
    m->type = NX_TIMEX_DATE;
    val_week(m, nx_days_from_civil(y, mo, d), "");
    return e;
}

static const pattern_fn patterns[] = {p_numdate, p_time,    p_month,        p_weekday, p_dayref,
                                      p_quarter, p_rel,     p_duration,     p_year,    p_season,
                                      p_set,     p_holiday, p_spelled_year, p_ref,     p_theyear,
                                      p_qcode,   p_partday, p_weekof,       p_nthday};

/* The longest pattern match starting at unit i; 0 when none. */
static size_t core_at(ctx *c, size_t i, match *best)
{
    size_t best_e = 0;
    int saved_qy = c->last_qy, saved_q = c->last_q, saved_y = c->last_y;
    int saved_qf = c->last_q_fiscal;
    int got_qy = saved_qy, got_q = saved_q, got_y = saved_y, got_qf = saved_qf;
    for (size_t p = 0; p < sizeof(patterns) / sizeof(patterns[0]); p++) {
        match t;
        memset(&t, 0, sizeof(t));
        c->last_qy = saved_qy;
        c->last_q = saved_q;
        c->last_y = saved_y;
        c->last_q_fiscal = saved_qf;
        size_t e = patterns[p](c, i, &t);
        if (e > best_e && t.value[0]) {
            best_e = e;
            *best = t;
            got_qy = c->last_qy;
            got_q = c->last_q;
            got_y = c->last_y;
            got_qf = c->last_q_fiscal;
        }
    }
    c->last_qy = got_qy;
    c->last_q = got_q;
    c->last_y = got_y;
    c->last_q_fiscal = got_qf;
    if (best_e) {
        best->b = i;
        best->e = best_e;
    }
    return best_e;
}

static int starter(const ctx *c, size_t i);

/* A match at i with its modifiers: early / late / mid(-), the end of, the
 * beginning of, earlier / later (this, today, Friday), about, nearly, more
 * than, at least, up to, no more than, over. */
static size_t match_at(ctx *c, size_t i, match *m)
{
    const tunit *u = &c->u[i];
    const char *mod = NULL;
    size_t j = i;
    int want_dur = 0;
    if (u->cls == TX_POSMOD) {
        switch (u->val) {
        case TM_EARLY:
            mod = "START";
            j = i + 1;
            break;
        case TM_LATE:
            mod = "END";
            j = i + 1;
            break;
        case TM_MID:
            mod = "MID";
            j = i + 1 + is_hyphen(c, i + 1);
            break;
        case TM_END:
        case TM_BEGIN:
        case TM_MIDDLE:
            if (is_w(c, i + 1, "of")) {
                mod = u->val == TM_END ? "END" : u->val == TM_BEGIN ? "START" : "MID";
                j = i + 2;
            }
            break;
        default:
            break;
        }
    } else if (u->cls == TX_DET && u->val == 0 && cls_at(c, i + 1) == TX_POSMOD &&
               (c->u[i + 1].val == TM_EARLY || c->u[i + 1].val == TM_LATE ||
                c->u[i + 1].val == TM_MID)) {
        int v = c->u[i + 1].val;
        mod = v == TM_EARLY ? "START" : v == TM_LATE ? "END" : "MID";
        j = i + 2 + is_hyphen(c, i + 2);
    } else if (u->cls == TX_DET && u->val == 0 && cls_at(c, i + 1) == TX_POSMOD &&
               is_w(c, i + 2, "of") &&
               (c->u[i + 1].val == TM_END || c->u[i + 1].val == TM_BEGIN ||
                c->u[i + 1].val == TM_MIDDLE)) {
        int v = c->u[i + 1].val;
        mod = v == TM_END ? "END" : v == TM_BEGIN ? "START" : "MID";
        j = i + 3;
    } else if (u->cls == TX_AGO && (u->val == TA_EARLIER || u->val == TA_LATER) &&
               (cls_at(c, i + 1) == TX_REL || cls_at(c, i + 1) == TX_DAYREF ||
                cls_at(c, i + 1) == TX_WEEKDAY)) {
        mod = u->val == TA_EARLIER ? "START" : "END";
        j = i + 1;
    } else if (u->cls == TX_QUANT) {
        want_dur = 1;
        switch (u->val) {
        case TQ_ABOUT:
            mod = "APPROX";
            j = i + 1;
            break;
        case TQ_NEARLY:
            mod = is_w(c, i, "almost") ? "LESS_THAN" : "APPROX";
            j = i + 1;
            break;
        case TQ_OVER:
            mod = "MORE_THAN";
            j = i + 1;
            break;
        case TQ_UNDER:
            mod = "LESS_THAN";
            j = i + 1;
            break;
        case TQ_MORE:
        case TQ_LESS:
            if (is_w(c, i + 1, "than")) {
                mod = u->val == TQ_MORE ? "MORE_THAN" : "LESS_THAN";
                j = i + 2;
            }
            break;
        case TQ_LEAST:
            if (i > 0 && is_w(c, i - 1, "at")) {
                mod = "EQUAL_OR_MORE";
                j = i + 1;
            }
            break;
        case TQ_UP:
            if (is_w(c, i + 1, "to")) {
                mod = "EQUAL_OR_LESS";
                j = i + 2;
            }
            break;
        case TQ_NO:
            if ((is_w(c, i + 1, "more") || is_w(c, i + 1, "longer")) && is_w(c, i + 2, "than")) {
                mod = "EQUAL_OR_LESS";
                j = i + 3;
            }
            break;
        default:
            break;
        }
    } else if (is_w(c, i, "at") && is_w(c, i + 1, "least")) {
        mod = "EQUAL_OR_MORE";
        want_dur = 1;
        j = i + 2;
    }
    /* "the day before last Tuesday's hearing", "the day after Christmas":
     * one day off the date that follows */
    if (is_w(c, i, "the") && is_w(c, i + 1, "day") &&
        (is_w(c, i + 2, "before") || is_w(c, i + 2, "after")) && i + 3 < c->n &&
        starter(c, i + 3)) {
        match inner;
        memset(&inner, 0, sizeof(inner));
        int y, mo, d;
        if (core_at(c, i + 3, &inner) && inner.type == NX_TIMEX_DATE && strlen(inner.value) == 10 &&
            sscanf(inner.value, "%d-%d-%d", &y, &mo, &d) == 3) {
            *m = inner;
            m->b = i;
            val_date(c, m, nx_days_from_civil(y, mo, d) + (is_w(c, i + 2, "after") ? 1 : -1));
            return m->e;
        }
    }
    if (want_dur && (is_w(c, j, "the") || cls_at(c, j) == TX_REL))
        mod = NULL; /* "over the next two years": a preposition */
    if (mod && j > i && j < c->n) {
        match inner;
        memset(&inner, 0, sizeof(inner));
        if (core_at(c, j, &inner)) {
            int ok = want_dur ? (inner.type == NX_TIMEX_DURATION ||
                                 (inner.type == NX_TIMEX_DATE && inner.value[0] != 'P' &&
                                  inner.e > inner.b + 1 &&
                                  (is_w(c, inner.e - 1, "ago") || is_w(c, inner.e - 1, "earlier"))))
                              : (inner.type == NX_TIMEX_DATE || inner.type == NX_TIMEX_TIME);
            if (ok) {
                *m = inner;
                m->b = i;
                /* "at least": the span starts at "at" */
                snprintf(m->mod, sizeof(m->mod), "%s", mod);
                return m->e;
            }
        }
    }
    return core_at(c, i, m);
}

/* ---------- the anchor and the dateline ---------- */

static int parse_iso_date(const char *s, size_t n, int *y, int *mo, int *d)
{
    if (n < 10)
        return 0;
    for (int k = 0; k < 10; k++)
        if ((k == 4 || k == 7) ? s[k] != '-' : !is_digit((uint8_t)s[k]))
            return 0;
    *y = atoi(s);
    *mo = atoi(s + 5);
    *d = atoi(s + 8);
    return *mo >= 1 && *mo <= 12 && *d >= 1 && *d <= nx_days_in_month(*y, *mo);
}

static void set_anchor(ctx *c, int y, int mo, int d)
{
    c->has_anchor = 1;
    c->ay = y;
    c->am = mo;
    c->ad = d;
    c->adays = nx_days_from_civil(y, mo, d);
}

/* A dateline at the start of the first sentence: one or more ALL-CAPS words
 * (a comma and a region may follow), then a date. */
static nx_err dateline(ctx *c)
{
    size_t i = 0;
    if (!c->n || !(c->u[0].uflags & U_ALLCAP))
        return NX_OK;
    while (i < c->n && i < 6 &&
           ((c->u[i].uflags & (U_ALLCAP | U_CAP)) || is_comma(c, i) || is_w(c, i, ".")) &&
           cls_at(c, i) != TX_MONTH)
        i++;
    if (i >= c->n)
        return NX_OK;
    match m;
    memset(&m, 0, sizeof(m));
    size_t e = p_numdate(c, i, &m);
    int y = 0, mo = 0, d = 0;
    if (e) {
        if (!parse_iso_date(m.value, strlen(m.value), &y, &mo, &d))
            return NX_OK;
    } else if (cls_at(c, i) == TX_MONTH) {
        mo = c->u[i].val;
        if (!parse_day(c, i + 1, &d))
            return NX_OK;
        size_t k = i + 2;
        if (is_comma(c, k))
            k++;
        size_t ye = parse_year(c, k, &y);
        e = ye ? ye : i + 2;
        if (!ye) {
            const nx_input_meta *meta = c->doc->meta;
            if (!meta || meta->timestamp_ms < 0)
                return NX_OK;
            int ty, tm, td;
            nx_civil_from_days(meta->timestamp_ms / 86400000, &ty, &tm, &td);
            y = ty;
            if (mo - tm > 6)
                y--;
            else if (tm - mo > 6)
                y++;
        }
        if (d > nx_days_in_month(y, mo))
            return NX_OK;
    } else {
        return NX_OK;
    }
    c->dateline_end = e ? e : i + 2;
    if (c->doc->published.data)
        return NX_OK;
    char iso[16];
    int n = snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y, mo, d);
    if (nx_str_set(&c->doc->published, iso, (size_t)n))
        return NX_ERR_NOMEM;
    c->doc->published_source = "dateline";
    set_anchor(c, y, mo, d);
    return NX_OK;
}

/* ---------- the stage ---------- */

/* Remember the day and month of an emitted DATE or TIME value. */
static void remember_date(ctx *c, const match *m)
{
    if (m->type != NX_TIMEX_DATE && m->type != NX_TIMEX_TIME)
        return;
    const char *v = m->value;
    for (int k = 0; k < 7; k++)
        if (k == 4 ? v[k] != '-' : !is_digit((uint8_t)v[k]))
            return;
    int y = atoi(v), mo = atoi(v + 5);
    if (mo < 1 || mo > 12)
        return;
    c->last_my = y;
    c->last_mm = mo;
    int d = 0;
    if (v[7] == '-' && is_digit((uint8_t)v[8]) && is_digit((uint8_t)v[9]))
        d = atoi(v + 8);
    if (d >= 1 && d <= nx_days_in_month(y, mo)) {
        c->last_days = nx_days_from_civil(y, mo, d);
        c->has_last_day = 1;
    }
}

static nx_err emit(ctx *c, const match *m)
{
    remember_date(c, m);
    nx_doc *doc = c->doc;
    if (nx_grow((void **)&doc->timexes, &doc->cap_timexes, doc->n_timexes + 1, sizeof(nx_timex)))
        return NX_ERR_NOMEM;
    nx_timex *t = &doc->timexes[doc->n_timexes++];
    memset(t, 0, sizeof(*t));
    t->start = c->u[m->b].s;
    t->end = c->u[m->e - 1].e;
    t->type = m->type;
    snprintf(t->value, sizeof(t->value), "%s", m->value);
    snprintf(t->mod, sizeof(t->mod), "%s", m->mod);
    return NX_OK;
}

/* Can a match start at unit i? One test per unit for most of the text. */
static int starter(const ctx *c, size_t i)
{
    const tunit *u = &c->u[i];
    switch (u->cls) {
    case TX_NONE:
        if (u->uflags & U_DIGIT)
            return 1;
        /* Q3, H1, FY2023 */
        return (u->lw[0] == 'q' || u->lw[0] == 'h' || u->lw[0] == 'f') && (u->uflags & U_CAP) &&
               (u->len == 2 || (u->len <= 6 && u->lw[1] == 'y'));
    case TX_AUX:
        return u->val == 1 || (u->val == 2 && is_w(c, i + 1, "least"));
    case TX_TENSE:
    case TX_PART:
    case TX_AMPM:
    case TX_ZONE:
    case TX_HALF:
        return 0;
    case TX_UNIT:
        return is_hyphen(c, i + 1) ||
               (is_w(c, i, "year") && (is_w(c, i + 1, "end") || is_w(c, i + 1, "'s"))) ||
               ((u->lflags & TXF_PLURAL) && i > 0 &&
                (is_w(c, i - 1, "for") || is_w(c, i - 1, "within") || is_w(c, i - 1, "in")));
    case TX_DET: {
        int k = cls_at(c, i + 1);
        if (k == TX_NONE)
            return i + 1 < c->n && (c->u[i + 1].uflags & U_DIGIT);
        return k != TX_TENSE && k != TX_DET && k != TX_AMPM &&
               (k != TX_PART || (u->val == 0 && c->u[i + 1].val != TP_NI));
    }
    default:
        return 1;
    }
}

/* "April 24 and 25": a day number after "and" / "or" that follows a
 * month-day date is a date of the same month. */
static size_t p_next_day(const ctx *c, size_t i, const match *prev, match *m)
{
    int d;
    size_t e;
    if (!prev->e || i != prev->e + 1 || !(is_w(c, i - 1, "and") || is_w(c, i - 1, "or")) ||
        prev->type != NX_TIMEX_DATE || strlen(prev->value) != 10 ||
        !(c->u[prev->e - 1].uflags & U_ALLDIG) || !(c->u[i].uflags & U_ALLDIG) ||
        (e = parse_day(c, i, &d)) == 0 || cls_at(c, e) == TX_MONTH || cls_at(c, e) == TX_UNIT ||
        is_w(c, e, "%"))
        return 0;
    int y = atoi(prev->value), mo = atoi(prev->value + 5);
    if (prev->value[0] != 'X' && d > nx_days_in_month(y, mo))
        return 0;
    memset(m, 0, sizeof(*m));
    m->b = i;
    m->e = e;
    m->type = NX_TIMEX_DATE;
    set_val(m, "%.8s%02d", prev->value, d);
    return e;
}

static nx_err run_sentence(ctx *c, size_t tb, size_t te, size_t skip)
{
    if (build_units(c, tb, te))
        return NX_ERR_NOMEM;
    size_t i = skip;
    match prev;
    memset(&prev, 0, sizeof(prev));
    while (i < c->n) {
        match nd;
        if (p_next_day(c, i, &prev, &nd)) {
            if (emit(c, &nd))
                return NX_ERR_NOMEM;
            prev = nd;
            i = nd.e;
            continue;
        }
        if (!starter(c, i)) {
            i++;
            continue;
        }
        match m;
        memset(&m, 0, sizeof(m));
        size_t e = match_at(c, i, &m);
        if (!e) {
            i++;
            continue;
        }
        /* "the quarter-to-quarter comparison", "day-to-day": an adjective
         * made of two units, not a time */
        if (is_hyphen(c, e) && is_w(c, e + 1, "to") && is_hyphen(c, e + 2) &&
            cls_at(c, e + 3) == TX_UNIT && cls_at(c, e - 1) == TX_UNIT) {
            i = e + 4;
            continue;
        }
        if (emit(c, &m))
            return NX_ERR_NOMEM;
        /* the period the text named last: a quarter or a longer one */
        int period = period_named_in(c, m.b, m.e);
        if (period >= 0)
            c->long_period = period;
        prev = m;
        i = e;
    }
    return NX_OK;
}

/* A sentence of one day number (1 to 31) and at most a period after it. */
static int day_number_sentence(const nx_doc *doc, const nx_sentence *sn)
{
    size_t n = sn->tok_end - sn->tok_begin;
    if (n < 1 || n > 2)
        return 0;
    const nx_token *t = &doc->toks[sn->tok_begin];
    const char *p = doc->text + t->start;
    size_t len = t->end - t->start, k = 0;
    int v = 0;
    while (k < len && k < 2 && is_digit((uint8_t)p[k]))
        v = v * 10 + (p[k++] - '0');
    if (!k || v < 1 || v > 31 || (k < len && !(k + 1 == len && p[k] == '.')))
        return 0;
    return n == 1 || (t[1].end - t[1].start == 1 && doc->text[t[1].start] == '.');
}

static nx_err dates_run(nx_doc *doc, const void *state, char *errstr, size_t errstr_size)
{
    nx_spend(doc->budget, doc->n_toks); /* one pass over the tokens, at least */
    const tx_state *st = state;
    tx_state *own = NULL;
    if (!st) {
        /* a doc run without a core (tests): build the table here */
        void *p = NULL;
        nx_err e = dates_init(NULL, &p, errstr, errstr_size);
        if (e)
            return e;
        own = p;
        st = own;
    }
    if (doc->lang_code[0] && strcmp(doc->lang_code, "en")) {
        /* another language: the data-driven engine (timex_intl.c) */
        nx_err e = nx_timex_intl_run(st->intl, doc);
        if (own)
            dates_free(own);
        return e ? nx_seterr(errstr, errstr_size, e, "out of memory in the date stage") : NX_OK;
    }
    ctx c;
    memset(&c, 0, sizeof(c));
    c.doc = doc;
    c.st = st;
    c.text = doc->text;
    doc->n_timexes = 0;
    nx_err err = NX_OK;
    int y, mo, d;
    if (doc->published.data && parse_iso_date(doc->published.data, doc->published.len, &y, &mo, &d))
        set_anchor(&c, y, mo, d);
    if (doc->text && doc->n_sents) {
        /* the dateline opens the text, or the line after a headline */
        for (size_t s = 0; s < doc->n_sents && s < 3 && !err && !c.dateline_end; s++) {
            const nx_sentence *sn = &doc->sents[s];
            if (sn->start > 400 || (sn->start > 0 && doc->text[sn->start - 1] != '\n'))
                continue;
            if ((err = build_units(&c, sn->tok_begin, sn->tok_end)) == NX_OK)
                err = dateline(&c);
            c.dateline_sent = s;
        }
        if (!err && !c.has_anchor && doc->meta && doc->meta->timestamp_ms >= 0) {
            nx_civil_from_days(doc->meta->timestamp_ms / 86400000, &y, &mo, &d);
            set_anchor(&c, y, mo, d);
        }
        for (size_t s = 0; s < doc->n_sents && !err; s++) {
            size_t skip = s == c.dateline_sent ? c.dateline_end : 0, tb = doc->sents[s].tok_begin;
            size_t te = doc->sents[s].tok_end;
            /* a "sentence" that is only a day number ends the one before:
             * "from August [6.] This" */
            if (s + 1 < doc->n_sents && doc->sents[s + 1].tok_begin == te && te > tb &&
                day_number_sentence(doc, &doc->sents[s + 1]))
                te = doc->sents[++s].tok_end;
            err = run_sentence(&c, tb, te, skip);
        }
    }
    nx_free(c.u);
    if (own)
        dates_free(own);
    if (err)
        return nx_seterr(errstr, errstr_size, err, "out of memory in the date stage");
    return NX_OK;
}

/* English by the rules above, the other languages by timex_intl.c (one
 * stage, so that extractor.stages has one "dates" entry whatever the
 * language; a language listed here without a config/lang/<code>/timex.tsv
 * gets no dates). */
const nx_stage nx_stage_dates = {"dates",    dates_init, dates_run,
                                 dates_free, NULL,       "en de es fr it nl pt"};
