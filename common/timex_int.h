/*
 * timex_int.h - what the files of the English dates stage share: the word
 * table's hash, a sentence's units, a match and the per-sentence context,
 * and the functions one file calls in another (timex.c runs the stage;
 * timex_units.c, timex_resolve.c, timex_patterns.c and timex_rel.c).
 * Internal to common/: nothing outside the dates stage includes it.
 */
#ifndef NX_TIMEX_INT_H
#define NX_TIMEX_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "nx_doc.h"
#include "timex_intl.h"
#include "timex_lex.h"

/* ---------- the word table's hash (built once at init) ---------- */

#define TX_HASH_SIZE 1024u

typedef struct tx_state {
    uint16_t slot[TX_HASH_SIZE]; /* lexicon index + 1, 0 = empty */
    uint8_t len[TX_HASH_SIZE];   /* the word's length in that slot */
    nx_timex_intl *intl;         /* the other languages' engine (timex_intl.c) */
} tx_state;

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

/* ---------- tense of the context ---------- */

enum { TENSE_PAST = -1, TENSE_NONE = 0, TENSE_FUTURE = 1, TENSE_PRESENT = 2 };

/* ---------- small helpers over units (inline: every pattern calls them) ---------- */

static inline int tx_is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int tx_is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static inline int tx_cls_at(const ctx *c, size_t i)
{
    return i < c->n ? c->u[i].cls : TX_NONE;
}

static inline int tx_is_w(const ctx *c, size_t i, const char *w)
{
    /* the first bytes first: w is a literal, most units differ there */
    return i < c->n && c->u[i].lw[0] == w[0] && strcmp(c->u[i].lw, w) == 0;
}

static inline int tx_is_hyphen(const ctx *c, size_t i)
{
    return i < c->n && c->u[i].len == 1 && c->u[i].lw[0] == '-';
}

static inline int tx_is_comma(const ctx *c, size_t i)
{
    return i < c->n && c->u[i].len == 1 && c->u[i].lw[0] == ',';
}

/* timex_units.c */
uint32_t tx_hash(const char *s, size_t n);
const tx_entry *tx_lookup(const tx_state *st, const char *w, size_t n);
nx_err tx_build_units(ctx *c, size_t tb, size_t te);
size_t tx_parse_num(const ctx *c, size_t i, int *v);
size_t tx_parse_ord(const ctx *c, size_t i, int *v);
size_t tx_parse_day(const ctx *c, size_t i, int *d);
size_t tx_parse_year(const ctx *c, size_t i, int *y);

/* timex_resolve.c */
extern const char *const tx_season_code[4];
extern const char *const tx_part_code[5];
int tx_weekday_of(int64_t days);
void tx_set_val(match *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tx_val_date(const ctx *c, match *m, int64_t days);
void tx_val_week(match *m, int64_t days, const char *suffix);
int tx_tense_at(const ctx *c, size_t b, size_t e);
int tx_resolve_month_year(const ctx *c, int mo, int d, int rel, int tense);
void tx_resolve_weekday(const ctx *c, match *m, int wd, int rel, int tense, const char *suffix);
void tx_resolve_season(const ctx *c, match *m, int s, int rel, int tense);
void tx_shift_unit(const ctx *c, match *m, int unit, int k);
void tx_val_duration(match *m, int unit, int n);

/* timex_patterns.c */
size_t tx_p_numdate(ctx *c, size_t i, match *m);
size_t tx_p_time(ctx *c, size_t i, match *m);
size_t tx_p_month(ctx *c, size_t i, match *m);
size_t tx_p_weekday(ctx *c, size_t i, match *m);
size_t tx_p_dayref(ctx *c, size_t i, match *m);
size_t tx_p_year(ctx *c, size_t i, match *m);
size_t tx_p_spelled_year(ctx *c, size_t i, match *m);
size_t tx_p_season(ctx *c, size_t i, match *m);
int tx_q_memory_ok(const ctx *c);
int tx_period_named_in(const ctx *c, size_t lo, size_t i);
int tx_long_period_before(const ctx *c, size_t i);
size_t tx_p_quarter(ctx *c, size_t i, match *m);
size_t tx_p_qcode(ctx *c, size_t i, match *m);

/* timex_rel.c */
size_t tx_parse_amount(const ctx *c, size_t i, int *n, int *approx);
size_t tx_parse_unit(const ctx *c, size_t i, int *unit, int *plural);
size_t tx_p_duration(ctx *c, size_t i, match *m);
size_t tx_p_rel(ctx *c, size_t i, match *m);
size_t tx_p_theyear(ctx *c, size_t i, match *m);
size_t tx_p_ref(ctx *c, size_t i, match *m);
size_t tx_p_set(ctx *c, size_t i, match *m);
size_t tx_p_holiday(ctx *c, size_t i, match *m);

#endif
