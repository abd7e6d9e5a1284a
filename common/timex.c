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
 *
 * This file is the stage itself: the word table's hash (init), the pattern
 * table and the longest match with its modifiers, the anchor and the
 * dateline, and the walk over the sentences. The rest of the English rules:
 * timex_units.c (a sentence's units and the number, day and year parsers),
 * timex_resolve.c (values, tense, resolution against the anchor),
 * timex_patterns.c (calendar patterns), timex_rel.c (durations, relative
 * expressions, references, sets, holidays); their shared types are in
 * timex_int.h. Other languages: timex_intl.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "nx_alloc.h"
#include "stage.h"
#include "timex_int.h"

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

typedef size_t (*pattern_fn)(ctx *c, size_t i, match *m);

/* A part of the day after a position word or "the": before a day
 * ("mid-afternoon yesterday", "late evening Friday") that day's date with
 * TMO, TAF, TEV or TNI; without one, see below. */
static size_t p_partday(ctx *c, size_t i, match *m)
{
    size_t p = i + tx_is_w(c, i, "the");
    if (tx_cls_at(c, p) != TX_PART || (c->u[p].lflags & TXF_PLURAL) || c->u[p].val == TP_DT)
        return 0;
    size_t j = p + 1, e = 0;
    match t;
    memset(&t, 0, sizeof(t));
    if (tx_cls_at(c, j) == TX_DAYREF && c->u[j].val != 2)
        e = tx_p_dayref(c, j, &t);
    else if (tx_cls_at(c, j) == TX_WEEKDAY && !(c->u[j].lflags & TXF_PLURAL))
        e = tx_p_weekday(c, j, &t);
    m->type = NX_TIMEX_TIME;
    if (e == j + 1 && strlen(t.value) == 10) {
        tx_set_val(m, "%s%s", t.value, tx_part_code[c->u[p].val]);
        return e;
    }
    /* without a day: "in the morning", "by mid afternoon" name a part of
     * the day the text speaks of (the last one named, else the anchor's);
     * "the night" and a part of a named day ("the morning of Oct. 23")
     * are left alone */
    if (e || c->u[p].val == TP_NI || tx_is_w(c, j, "of") || tx_is_w(c, j, "after") ||
        tx_is_w(c, j, "before") ||
        !(p > i || (i > 0 && tx_cls_at(c, i - 1) == TX_POSMOD) ||
          (i > 1 && tx_is_hyphen(c, i - 1) && tx_cls_at(c, i - 2) == TX_POSMOD)))
        return 0;
    if (!c->has_anchor && !c->has_last_day) {
        tx_set_val(m, "XXXX-XX-XX%s", tx_part_code[c->u[p].val]);
        return j;
    }
    int y, mo, d;
    nx_civil_from_days(c->has_last_day ? c->last_days : c->adays, &y, &mo, &d);
    tx_set_val(m, "%04d-%02d-%02d%s", y, mo, d, tx_part_code[c->u[p].val]);
    return j;
}

/* "today is the eighth day of the operation", "it's the second day of": an
 * ordinal day after a present copula is the anchor's day. */
static size_t p_nthday(ctx *c, size_t i, match *m)
{
    int ord;
    size_t e;
    if (!tx_is_w(c, i, "the") || i == 0 || !(tx_is_w(c, i - 1, "is") || tx_is_w(c, i - 1, "'s")) ||
        (e = tx_parse_ord(c, i + 1, &ord)) == 0 || ord < 1 || !tx_is_w(c, e, "day") ||
        !tx_is_w(c, e + 1, "of"))
        return 0;
    m->type = NX_TIMEX_DATE;
    if (c->has_anchor)
        tx_set_val(m, "%04d-%02d-%02d", c->ay, c->am, c->ad);
    else
        tx_set_val(m, "XXXX-XX-XX");
    return e + 1;
}

/* "the week of March 6": the ISO week of that day. */
static size_t p_weekof(ctx *c, size_t i, match *m)
{
    if (!tx_is_w(c, i, "the") || !tx_is_w(c, i + 1, "week") || !tx_is_w(c, i + 2, "of") ||
        tx_cls_at(c, i + 3) != TX_MONTH)
        return 0;
    match t;
    memset(&t, 0, sizeof(t));
    size_t e = tx_p_month(c, i + 3, &t);
    int y, mo, d;
    if (!e || strlen(t.value) != 10 || t.value[0] == 'X')
        return 0;
    if (sscanf(t.value, "%d-%d-%d", &y, &mo, &d) != 3)
        return 0;
    m->type = NX_TIMEX_DATE;
    tx_val_week(m, nx_days_from_civil(y, mo, d), "");
    return e;
}

static const pattern_fn patterns[] = {
    tx_p_numdate,  tx_p_time,  tx_p_month,  tx_p_weekday, tx_p_dayref,  tx_p_quarter,      tx_p_rel,
    tx_p_duration, tx_p_year,  tx_p_season, tx_p_set,     tx_p_holiday, tx_p_spelled_year, tx_p_ref,
    tx_p_theyear,  tx_p_qcode, p_partday,   p_weekof,     p_nthday};

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
            j = i + 1 + tx_is_hyphen(c, i + 1);
            break;
        case TM_END:
        case TM_BEGIN:
        case TM_MIDDLE:
            if (tx_is_w(c, i + 1, "of")) {
                mod = u->val == TM_END ? "END" : u->val == TM_BEGIN ? "START" : "MID";
                j = i + 2;
            }
            break;
        default:
            break;
        }
    } else if (u->cls == TX_DET && u->val == 0 && tx_cls_at(c, i + 1) == TX_POSMOD &&
               (c->u[i + 1].val == TM_EARLY || c->u[i + 1].val == TM_LATE ||
                c->u[i + 1].val == TM_MID)) {
        int v = c->u[i + 1].val;
        mod = v == TM_EARLY ? "START" : v == TM_LATE ? "END" : "MID";
        j = i + 2 + tx_is_hyphen(c, i + 2);
    } else if (u->cls == TX_DET && u->val == 0 && tx_cls_at(c, i + 1) == TX_POSMOD &&
               tx_is_w(c, i + 2, "of") &&
               (c->u[i + 1].val == TM_END || c->u[i + 1].val == TM_BEGIN ||
                c->u[i + 1].val == TM_MIDDLE)) {
        int v = c->u[i + 1].val;
        mod = v == TM_END ? "END" : v == TM_BEGIN ? "START" : "MID";
        j = i + 3;
    } else if (u->cls == TX_AGO && (u->val == TA_EARLIER || u->val == TA_LATER) &&
               (tx_cls_at(c, i + 1) == TX_REL || tx_cls_at(c, i + 1) == TX_DAYREF ||
                tx_cls_at(c, i + 1) == TX_WEEKDAY)) {
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
            mod = tx_is_w(c, i, "almost") ? "LESS_THAN" : "APPROX";
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
            if (tx_is_w(c, i + 1, "than")) {
                mod = u->val == TQ_MORE ? "MORE_THAN" : "LESS_THAN";
                j = i + 2;
            }
            break;
        case TQ_LEAST:
            if (i > 0 && tx_is_w(c, i - 1, "at")) {
                mod = "EQUAL_OR_MORE";
                j = i + 1;
            }
            break;
        case TQ_UP:
            if (tx_is_w(c, i + 1, "to")) {
                mod = "EQUAL_OR_LESS";
                j = i + 2;
            }
            break;
        case TQ_NO:
            if ((tx_is_w(c, i + 1, "more") || tx_is_w(c, i + 1, "longer")) &&
                tx_is_w(c, i + 2, "than")) {
                mod = "EQUAL_OR_LESS";
                j = i + 3;
            }
            break;
        default:
            break;
        }
    } else if (tx_is_w(c, i, "at") && tx_is_w(c, i + 1, "least")) {
        mod = "EQUAL_OR_MORE";
        want_dur = 1;
        j = i + 2;
    }
    /* "the day before last Tuesday's hearing", "the day after Christmas":
     * one day off the date that follows */
    if (tx_is_w(c, i, "the") && tx_is_w(c, i + 1, "day") &&
        (tx_is_w(c, i + 2, "before") || tx_is_w(c, i + 2, "after")) && i + 3 < c->n &&
        starter(c, i + 3)) {
        match inner;
        memset(&inner, 0, sizeof(inner));
        int y, mo, d;
        if (core_at(c, i + 3, &inner) && inner.type == NX_TIMEX_DATE && strlen(inner.value) == 10 &&
            sscanf(inner.value, "%d-%d-%d", &y, &mo, &d) == 3) {
            *m = inner;
            m->b = i;
            tx_val_date(c, m, nx_days_from_civil(y, mo, d) + (tx_is_w(c, i + 2, "after") ? 1 : -1));
            return m->e;
        }
    }
    if (want_dur && (tx_is_w(c, j, "the") || tx_cls_at(c, j) == TX_REL))
        mod = NULL; /* "over the next two years": a preposition */
    if (mod && j > i && j < c->n) {
        match inner;
        memset(&inner, 0, sizeof(inner));
        if (core_at(c, j, &inner)) {
            int ok =
                want_dur
                    ? (inner.type == NX_TIMEX_DURATION ||
                       (inner.type == NX_TIMEX_DATE && inner.value[0] != 'P' &&
                        inner.e > inner.b + 1 &&
                        (tx_is_w(c, inner.e - 1, "ago") || tx_is_w(c, inner.e - 1, "earlier"))))
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
        if ((k == 4 || k == 7) ? s[k] != '-' : !tx_is_digit((uint8_t)s[k]))
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
           ((c->u[i].uflags & (U_ALLCAP | U_CAP)) || tx_is_comma(c, i) || tx_is_w(c, i, ".")) &&
           tx_cls_at(c, i) != TX_MONTH)
        i++;
    if (i >= c->n)
        return NX_OK;
    match m;
    memset(&m, 0, sizeof(m));
    size_t e = tx_p_numdate(c, i, &m);
    int y = 0, mo = 0, d = 0;
    if (e) {
        if (!parse_iso_date(m.value, strlen(m.value), &y, &mo, &d))
            return NX_OK;
    } else if (tx_cls_at(c, i) == TX_MONTH) {
        mo = c->u[i].val;
        if (!tx_parse_day(c, i + 1, &d))
            return NX_OK;
        size_t k = i + 2;
        if (tx_is_comma(c, k))
            k++;
        size_t ye = tx_parse_year(c, k, &y);
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
        if (k == 4 ? v[k] != '-' : !tx_is_digit((uint8_t)v[k]))
            return;
    int y = atoi(v), mo = atoi(v + 5);
    if (mo < 1 || mo > 12)
        return;
    c->last_my = y;
    c->last_mm = mo;
    int d = 0;
    if (v[7] == '-' && tx_is_digit((uint8_t)v[8]) && tx_is_digit((uint8_t)v[9]))
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
        return u->val == 1 || (u->val == 2 && tx_is_w(c, i + 1, "least"));
    case TX_TENSE:
    case TX_PART:
    case TX_AMPM:
    case TX_ZONE:
    case TX_HALF:
        return 0;
    case TX_UNIT:
        return tx_is_hyphen(c, i + 1) ||
               (tx_is_w(c, i, "year") && (tx_is_w(c, i + 1, "end") || tx_is_w(c, i + 1, "'s"))) ||
               ((u->lflags & TXF_PLURAL) && i > 0 &&
                (tx_is_w(c, i - 1, "for") || tx_is_w(c, i - 1, "within") ||
                 tx_is_w(c, i - 1, "in")));
    case TX_DET: {
        int k = tx_cls_at(c, i + 1);
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
    if (!prev->e || i != prev->e + 1 || !(tx_is_w(c, i - 1, "and") || tx_is_w(c, i - 1, "or")) ||
        prev->type != NX_TIMEX_DATE || strlen(prev->value) != 10 ||
        !(c->u[prev->e - 1].uflags & U_ALLDIG) || !(c->u[i].uflags & U_ALLDIG) ||
        (e = tx_parse_day(c, i, &d)) == 0 || tx_cls_at(c, e) == TX_MONTH ||
        tx_cls_at(c, e) == TX_UNIT || tx_is_w(c, e, "%"))
        return 0;
    int y = atoi(prev->value), mo = atoi(prev->value + 5);
    if (prev->value[0] != 'X' && d > nx_days_in_month(y, mo))
        return 0;
    memset(m, 0, sizeof(*m));
    m->b = i;
    m->e = e;
    m->type = NX_TIMEX_DATE;
    tx_set_val(m, "%.8s%02d", prev->value, d);
    return e;
}

static nx_err run_sentence(ctx *c, size_t tb, size_t te, size_t skip)
{
    if (tx_build_units(c, tb, te))
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
        if (tx_is_hyphen(c, e) && tx_is_w(c, e + 1, "to") && tx_is_hyphen(c, e + 2) &&
            tx_cls_at(c, e + 3) == TX_UNIT && tx_cls_at(c, e - 1) == TX_UNIT) {
            i = e + 4;
            continue;
        }
        if (emit(c, &m))
            return NX_ERR_NOMEM;
        /* the period the text named last: a quarter or a longer one */
        int period = tx_period_named_in(c, m.b, m.e);
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
    while (k < len && k < 2 && tx_is_digit((uint8_t)p[k]))
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
            if ((err = tx_build_units(&c, sn->tok_begin, sn->tok_end)) == NX_OK)
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
