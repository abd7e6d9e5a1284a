/*
 * timex_rel.c - the relative patterns of the dates stage: amounts of units,
 * durations, relative and narrative expressions (last week, two days ago,
 * the next day), "the year", vague references (now, recently), sets
 * (every week) and holidays.
 */
#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "timex_int.h"

size_t tx_parse_amount(const ctx *c, size_t i, int *n, int *approx)
{
    *approx = 0;
    if (i >= c->n)
        return 0;
    if (tx_is_w(c, i, "a") || tx_is_w(c, i, "an")) {
        if (tx_is_w(c, i + 1, "few")) {
            *n = -1;
            return i + 2;
        }
        if (tx_is_w(c, i + 1, "couple") && tx_is_w(c, i + 2, "of")) {
            *n = 2;
            *approx = 1;
            return i + 3;
        }
        if (tx_cls_at(c, i + 1) == TX_NUMWORD && c->u[i + 1].val >= 100) {
            *n = c->u[i + 1].val;
            return i + 2;
        }
        if (tx_is_w(c, i + 1, "half") && (tx_is_w(c, i + 2, "hour") || tx_is_w(c, i + 2, "day"))) {
            *n = -2; /* half a tunit */
            return i + 2;
        }
        *n = 1;
        return i + 1;
    }
    if (tx_is_w(c, i, "couple") && tx_is_w(c, i + 1, "of")) {
        *n = 2;
        *approx = 1;
        return i + 2;
    }
    if (tx_is_w(c, i, "another")) {
        *n = 1;
        return i + 1;
    }
    if (tx_cls_at(c, i) == TX_FUZZ && c->u[i].val == 1) {
        *n = -1;
        return i + 1;
    }
    int v;
    size_t e = tx_parse_num(c, i, &v);
    if (!e)
        return 0;
    if (v > 100000)
        return 0;
    *n = v;
    return e;
}

/* The unit after an amount (one-unit: 10-year, two-day). Returns index after it. */
size_t tx_parse_unit(const ctx *c, size_t i, int *unit, int *plural)
{
    size_t j = i;
    if (tx_is_hyphen(c, j))
        j++;
    if (tx_cls_at(c, j) != TX_UNIT)
        return 0;
    *unit = c->u[j].val;
    *plural = (c->u[j].lflags & TXF_PLURAL) != 0;
    return j + 1;
}

static void anchor_shift(ctx *c, match *m, int unit, int k, int amount_is_one)
{
    if (!c->has_anchor) {
        tx_shift_unit(c, m, unit, k);
        return;
    }
    if (unit == TU_YEAR && amount_is_one && tx_q_memory_ok(c)) {
        /* "a year earlier" in a report about a quarter */
        tx_set_val(m, "%04d-Q%d", c->last_qy + k, c->last_q);
        return;
    }
    if (unit == TU_WEEKEND)
        unit = TU_WEEK;
    tx_shift_unit(c, m, unit, k);
}

/* "will one day be", "could one day replace": "one day" after a modal is
 * an unspecified future, not a day's length. */
static int modal_one_day(const ctx *c, size_t i)
{
    if (!tx_is_w(c, i, "one") || !tx_is_w(c, i + 1, "day") || i == 0)
        return 0;
    const tunit *p = &c->u[i - 1];
    return (p->cls == TX_TENSE && p->val == TT_FUTURE) || !strcmp(p->lw, "could") ||
           !strcmp(p->lw, "might") || !strcmp(p->lw, "can") || !strcmp(p->lw, "may");
}

/* two days, 10-year, a week, several years, the nine months, the first nine
 * months, two years ago, a year earlier, 8-month-old, 2 1/2 years */
size_t tx_p_duration(ctx *c, size_t i, match *m)
{
    size_t j = i;
    int the = 0, first = 0;
    if (modal_one_day(c, i))
        return 0;
    if (tx_is_w(c, j, "the")) {
        the = 1;
        j++;
        if (tx_is_w(c, j, "first") || tx_is_w(c, j, "last") || tx_is_w(c, j, "next") ||
            tx_is_w(c, j, "past") || tx_is_w(c, j, "previous") || tx_is_w(c, j, "coming") ||
            tx_is_w(c, j, "following") || tx_is_w(c, j, "final") || tx_is_w(c, j, "remaining") ||
            tx_is_w(c, j, "latest")) {
            first = 1;
            j++;
        }
    }
    int n, approx, unit, plural;
    /* "for a while", "after a while": a vague duration; "a while ago" */
    if (tx_is_w(c, i, "a") && tx_is_w(c, i + 1, "while") && i > 0 &&
        (tx_is_w(c, i - 1, "for") || tx_is_w(c, i - 1, "in") || tx_is_w(c, i - 1, "after") ||
         tx_is_w(c, i - 1, "within") || tx_is_w(c, i - 1, "quite") || tx_is_w(c, i + 2, "ago"))) {
        if (tx_is_w(c, i + 2, "ago")) {
            m->type = NX_TIMEX_DATE;
            tx_set_val(m, "PAST_REF");
            return i + 3;
        }
        m->type = NX_TIMEX_DURATION;
        tx_set_val(m, "PXX");
        return i + 2;
    }
    /* "a day-long meeting", "a year-long effort": a length of one unit */
    if (!the && tx_cls_at(c, i) == TX_UNIT && !(c->u[i].lflags & TXF_PLURAL) &&
        tx_is_hyphen(c, i + 1) && tx_is_w(c, i + 2, "long") && c->u[i].val >= TU_MINUTE) {
        m->type = NX_TIMEX_DURATION;
        tx_val_duration(m, c->u[i].val, 1);
        return i + 3;
    }
    /* "in the weeks ahead", "the months ahead": a vague stretch to come */
    if (the && tx_cls_at(c, j) == TX_UNIT && (c->u[j].lflags & TXF_PLURAL) &&
        c->u[j].val >= TU_DAY && c->u[j].val != TU_WEEKEND && tx_is_w(c, j + 1, "ahead")) {
        m->type = NX_TIMEX_DURATION;
        tx_val_duration(m, c->u[j].val, -1);
        return j + 2;
    }
    /* "over the years", "in the early years": a vague span of years */
    if (the && i > 0 &&
        (tx_is_w(c, i - 1, "over") || tx_is_w(c, i - 1, "in") || tx_is_w(c, i - 1, "during") ||
         tx_is_w(c, i - 1, "through")) &&
        tx_is_w(c, j + tx_is_w(c, j, "early"), "years")) {
        m->type = NX_TIMEX_DURATION;
        tx_set_val(m, "PXY");
        return j + tx_is_w(c, j, "early") + 1;
    }
    if (!the && tx_cls_at(c, i) == TX_UNIT && (c->u[i].lflags & TXF_PLURAL) &&
        c->u[i].val >= TU_DAY && c->u[i].val != TU_WEEKEND && i > 0 &&
        (tx_is_w(c, i - 1, "for") || tx_is_w(c, i - 1, "within") ||
         (tx_is_w(c, i - 1, "in") && !tx_is_hyphen(c, i + 1)))) {
        /* "for years", "within weeks": a vague duration */
        m->type = NX_TIMEX_DURATION;
        tx_val_duration(m, c->u[i].val, -1);
        return i + 1;
    }
    size_t k = tx_parse_amount(c, j, &n, &approx);
    if (!k)
        return 0;
    if (the && (tx_is_w(c, j, "a") || tx_is_w(c, j, "an") || tx_is_w(c, j, "another")))
        return 0;
    /* 2 1/2 years, two and a half years */
    int half = 0;
    if (n >= 0 && k < c->n && !strcmp(c->u[k].lw, "1/2")) {
        half = 1;
        k++;
    } else if (n > 0 && tx_is_w(c, k, "and") && tx_is_w(c, k + 1, "a") &&
               tx_is_w(c, k + 2, "half")) {
        half = 1;
        k += 3;
    }
    if (tx_is_w(c, k, "more") || tx_is_w(c, k, "additional") || tx_is_w(c, k, "extra") ||
        tx_is_w(c, k, "full"))
        k++;
    /* "eight trading days", "ten business days" */
    else if (n > 0 &&
             (tx_is_w(c, k, "trading") || tx_is_w(c, k, "business") || tx_is_w(c, k, "working")) &&
             (tx_is_w(c, k + 1, "days") || tx_is_w(c, k + 1, "day")))
        k++;
    size_t e = tx_parse_unit(c, k, &unit, &plural);
    if (!e) {
        /* "the two" after a duration is not one */
        return 0;
    }
    /* "CBS's 60 Minutes": a capitalized unit after digits is a title */
    if ((c->u[e - 1].uflags & U_CAP) && !(c->u[e - 1].uflags & U_ALLCAP) &&
        (c->u[j].uflags & U_DIGIT))
        return 0;
    /* "a two-week-long strike" */
    if (tx_is_hyphen(c, e) && tx_is_w(c, e + 1, "long") && tx_is_hyphen(c, k))
        e += 2;
    /* "a minute and a half" */
    if (!half && n > 0 && tx_is_w(c, e, "and") && tx_is_w(c, e + 1, "a") &&
        tx_is_w(c, e + 2, "half")) {
        half = 1;
        e += 3;
    }
    int is_a = (tx_is_w(c, j, "a") || tx_is_w(c, j, "an") || tx_is_w(c, j, "another")) && n == 1;
    /* "three-quarters of", "a quarter of the shares": fractions */
    if (unit == TU_QUARTER && (tx_is_w(c, e, "of") || (plural && tx_is_hyphen(c, k))))
        return 0;
    /* "the 1988 quarter" is a year, "37 years old" an age */
    if (n >= 1000 && !plural)
        return 0;
    if (tx_is_w(c, e, "old") || (tx_is_hyphen(c, e) && tx_is_w(c, e + 1, "old")))
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
        if (tx_is_w(c, e, "ago") || (tx_is_w(c, e, "earlier") && !tx_is_w(c, e + 1, "than")) ||
            tx_is_w(c, e, "before")) {
            if (!tx_is_w(c, e, "before") || (e + 1 >= c->n || c->u[e + 1].cls == TX_NONE ? 0 : 0)) {
                k_ago = -1;
            }
            if (tx_is_w(c, e, "before"))
                k_ago = 0;
        } else if (tx_is_w(c, e, "from") && tx_is_w(c, e + 1, "now")) {
            k_ago = 1;
        } else if (tx_is_w(c, e, "hence")) {
            k_ago = 1;
        }
    }
    if (k_ago) {
        int amount = n < 0 ? 0 : n;
        m->type = NX_TIMEX_DATE;
        if (n < 0) {
            tx_set_val(m, k_ago < 0 ? "PAST_REF" : "FUTURE_REF");
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
                tx_set_val(m, k_ago < 0 ? "PAST_REF" : "FUTURE_REF");
            } else {
                anchor_shift(c, m, u2, k_ago * amt,
                             is_a && unit == TU_YEAR && !tx_long_period_before(c, i));
            }
        }
        return e + (tx_is_w(c, e, "from") ? 2 : 1);
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
            tx_val_duration(m, unit, 1);
            return e;
        }
        if (p &&
            ((p->uflags & U_DIGIT) || !strcmp(p->lw, "times") || !strcmp(p->lw, "twice") ||
             !strcmp(p->lw, "once") || !strcmp(p->lw, "million") || !strcmp(p->lw, "billion") ||
             !strcmp(p->lw, "dollars") || !strcmp(p->lw, "percent") || !strcmp(p->lw, "%") ||
             !strcmp(p->lw, "share") || !strcmp(p->lw, "hours") || !strcmp(p->lw, "days"))) {
            m->type = NX_TIMEX_SET;
            tx_val_duration(m, unit, 1);
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
        tx_set_val(m, "P%dY6M", n);
    else if (half && unit == TU_HOUR)
        tx_set_val(m, "PT%dH30M", n);
    else if (half && unit == TU_DAY)
        tx_set_val(m, "P%dDT12H", n);
    else if (half && unit == TU_MINUTE)
        tx_set_val(m, "PT%dM30S", n);
    else
        tx_val_duration(m, unit, n);
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
    else if (the && (tx_is_w(c, j, "following") || tx_is_w(c, j, "next")))
        shift = 1;
    else if (the &&
             (tx_is_w(c, j, "previous") || tx_is_w(c, j, "preceding") || tx_is_w(c, j, "prior")))
        shift = -1;
    else
        return 0;
    int kind = tx_cls_at(c, k);
    if (kind == TX_UNIT && c->u[k].val == TU_DAY && !(c->u[k].lflags & TXF_PLURAL) &&
        c->has_last_day && !tx_is_w(c, k + 1, "'s")) {
        int y, mo, d;
        nx_civil_from_days(c->last_days + shift, &y, &mo, &d);
        tx_set_val(m, "%04d-%02d-%02d", y, mo, d);
        return k + 1;
    }
    if (kind == TX_UNIT && c->u[k].val == TU_MONTH && !(c->u[k].lflags & TXF_PLURAL) &&
        c->last_mm && !tx_is_w(c, k + 1, "'s")) {
        int q = c->last_my * 12 + c->last_mm - 1 + shift;
        tx_set_val(m, "%04d-%02d", q / 12, q % 12 + 1);
        return k + 1;
    }
    if (kind == TX_WEEKDAY && shift && !(c->u[k].lflags & TXF_PLURAL) && c->has_last_day) {
        /* the weekday strictly before / after the day named last */
        int lw = tx_weekday_of(c->last_days), wd = c->u[k].val;
        int back = (lw - wd + 7) % 7, fwd = (wd - lw + 7) % 7;
        int64_t days =
            shift < 0 ? c->last_days - (back ? back : 7) : c->last_days + (fwd ? fwd : 7);
        int y, mo, d;
        nx_civil_from_days(days, &y, &mo, &d);
        tx_set_val(m, "%04d-%02d-%02d", y, mo, d);
        return k + 1;
    }
    return 0;
}

size_t tx_p_rel(ctx *c, size_t i, match *m)
{
    size_t j = i;
    int the = 0;
    if (tx_is_w(c, j, "the")) {
        the = 1;
        j++;
    }
    if (tx_cls_at(c, j) != TX_REL && !(tx_cls_at(c, j) == TX_REF && c->u[j].val == TF_CURRENT) &&
        !tx_is_w(c, j, "recent"))
        return 0;
    int rel = c->u[j].cls == TX_REL ? c->u[j].val : TR_THIS;
    /* "This Week" inside a sentence is a title */
    if (j > 0 && (c->u[j].uflags & U_CAP) && j + 1 < c->n && (c->u[j + 1].uflags & U_CAP))
        return 0;
    if (tx_is_w(c, j, "most") && tx_is_w(c, j + 1, "recent")) {
        rel = TR_LATEST;
        j++;
    }
    size_t k = j + 1;
    if (rel == TR_THIS && tx_is_w(c, k, "past") &&
        (tx_cls_at(c, k + 1) == TX_SEASON || tx_cls_at(c, k + 1) == TX_UNIT ||
         tx_cls_at(c, k + 1) == TX_WEEKDAY)) {
        rel = TR_LAST; /* "this past spring", "this past Sunday" */
        k++;
    } else if (rel == TR_THIS && tx_is_w(c, k, "coming") && tx_cls_at(c, k + 1) == TX_WEEKDAY) {
        rel = TR_NEXT; /* "this coming Sunday" */
        k++;
    }
    if (tx_is_w(c, k, "fiscal"))
        k++;
    if (tx_is_w(c, k, "near") && tx_is_w(c, k + 1, "future")) {
        if (rel != TR_THIS)
            return 0;
    }
    if (rel == TR_THAT && tx_is_w(c, k, "same"))
        k++; /* "that same day" */
    int kind = tx_cls_at(c, k);
    m->type = NX_TIMEX_DATE;
    size_t ne = narrative(c, i, j, k, rel, the, m);
    if (ne)
        return ne;
    /* the past three months, the next few days, last two years */
    int n, approx, unit, plural;
    if ((rel == TR_LAST || rel == TR_PAST || rel == TR_NEXT) && kind != TX_UNIT) {
        size_t a = tx_parse_amount(c, k, &n, &approx);
        if (a && !tx_is_w(c, k, "a") && !tx_is_w(c, k, "an")) {
            size_t e = tx_parse_unit(c, a, &unit, &plural);
            if (e && (n != 1 || !plural)) {
                m->type = NX_TIMEX_DURATION;
                if (tx_is_w(c, j, "coming") && n < 0) {
                    m->type = NX_TIMEX_DATE;
                    tx_set_val(m, "FUTURE_REF");
                } else {
                    tx_val_duration(m, unit, n);
                }
                return e;
            }
        }
        if (a && (tx_is_w(c, k, "few") || (tx_is_w(c, k, "a") && tx_is_w(c, k + 1, "few")))) {
            size_t e = tx_parse_unit(c, a, &unit, &plural);
            if (e) {
                m->type = NX_TIMEX_DURATION;
                tx_val_duration(m, unit, -1);
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
                tx_set_val(m, past ? "PAST_REF" : "FUTURE_REF");
            } else {
                m->type = NX_TIMEX_DURATION;
                tx_val_duration(m, unit, -1);
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
            if (!the && !(i > 0 && (tx_is_w(c, i - 1, "in") || tx_is_w(c, i - 1, "over") ||
                                    tx_is_w(c, i - 1, "for") || tx_is_w(c, i - 1, "during"))))
                return 0;
            shift = -1;
            break;
        case TR_NEXT:
            if (the && (tx_is_w(c, j, "following") || tx_is_w(c, j, "next")) && unit == TU_YEAR &&
                c->last_y && !tx_is_w(c, e, "or")) {
                /* "the following year": after the year last mentioned */
                tx_set_val(m, "%04d", c->last_y + 1);
                c->last_y++;
                return e;
            }
            shift = 1;
            break;
        case TR_THIS:
            if (the && !tx_is_w(c, j, "current"))
                return 0;
            shift = 0;
            break;
        case TR_THAT:
            if (unit == TU_YEAR && c->last_y) {
                tx_set_val(m, "%04d", c->last_y);
                return e;
            }
            if (unit == TU_QUARTER && c->last_q) {
                tx_set_val(m, "%04d-Q%d", c->last_qy, c->last_q);
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
            tx_set_val(m, "%04d-Q%d", c->last_qy, c->last_q);
            return e;
        }
        if (unit == TU_WEEKEND && shift == 0) {
            tx_shift_unit(c, m, TU_WEEKEND, 0);
            return e;
        }
        tx_shift_unit(c, m, unit, shift);
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
        if (tx_cls_at(c, e) == TX_PART) {
            suffix = tx_part_code[c->u[e].val];
            e++;
        }
        if (r == 2) {
            /* this Friday: the one of the current week */
            if (!c->has_anchor) {
                tx_set_val(m, "XXXX-WXX-%d%s", c->u[k].val, suffix);
            } else {
                int y, mo, d;
                nx_civil_from_days(c->adays - tx_weekday_of(c->adays) + c->u[k].val, &y, &mo, &d);
                tx_set_val(m, "%04d-%02d-%02d%s", y, mo, d, suffix);
            }
        } else {
            tx_resolve_weekday(c, m, c->u[k].val, r, TENSE_NONE, suffix);
        }
        return e;
    }
    if (kind == TX_MONTH && (c->u[k].uflags & U_CAP)) {
        int mo = c->u[k].val;
        if (!c->has_anchor) {
            tx_set_val(m, "XXXX-%02d", mo);
            return k + 1;
        }
        /* "last Oct. 23": the latest such day before the anchor */
        int d = 0;
        size_t de = r != 2 ? tx_parse_day(c, k + 1, &d) : 0;
        if (de && d <= nx_days_in_month(2000, mo) && !(mo == 2 && d == 29)) {
            int y = tx_resolve_month_year(c, mo, d, r, TENSE_NONE);
            tx_set_val(m, "%04d-%02d-%02d", y, mo, d);
            return de;
        }
        int y = r == 2 ? c->ay : tx_resolve_month_year(c, mo, 0, r, TENSE_NONE);
        tx_set_val(m, "%04d-%02d", y, mo);
        return k + 1;
    }
    if (kind == TX_SEASON && !(c->u[k].lflags & TXF_PLURAL)) {
        tx_resolve_season(c, m, c->u[k].val, r, TENSE_NONE);
        return k + 1;
    }
    if (kind == TX_PART && (r == 2 || (r == -1 && c->u[k].val == TP_NI))) {
        m->type = NX_TIMEX_TIME;
        int off = r == -1 ? -1 : 0;
        if (!c->has_anchor) {
            tx_set_val(m, "XXXX-XX-XX%s", tx_part_code[c->u[k].val]);
        } else {
            int y, mo, d;
            nx_civil_from_days(c->adays + off, &y, &mo, &d);
            tx_set_val(m, "%04d-%02d-%02d%s", y, mo, d, tx_part_code[c->u[k].val]);
        }
        return k + 1;
    }
    return 0;
}

/* the year, the fiscal year, the full year (DATE; DURATION before ended /
 * ending), year-end, year's end, the weekend */
size_t tx_p_theyear(ctx *c, size_t i, match *m)
{
    size_t j = i;
    m->type = NX_TIMEX_DATE;
    if (tx_is_w(c, j, "year") &&
        ((tx_is_hyphen(c, j + 1) && tx_is_w(c, j + 2, "end")) || tx_is_w(c, j + 1, "end"))) {
        size_t e = j + 2 + tx_is_hyphen(c, j + 1);
        if (c->has_anchor)
            tx_set_val(m, "%04d", c->last_y && c->last_y != c->ay ? c->last_y : c->ay);
        else
            tx_set_val(m, "XXXX");
        return e;
    }
    if (tx_is_w(c, j, "year") && tx_is_w(c, j + 1, "'s") && tx_is_w(c, j + 2, "end")) {
        tx_shift_unit(c, m, TU_YEAR, 0);
        return j + 3;
    }
    if (!tx_is_w(c, j, "the"))
        return 0;
    j++;
    if (tx_is_w(c, j, "weekend")) {
        tx_shift_unit(c, m, TU_WEEKEND, 0);
        return j + 1;
    }
    int fiscal = 0, latest = 0;
    if (tx_is_w(c, j, "full") || tx_is_w(c, j, "current") || tx_is_w(c, j, "whole") ||
        tx_is_w(c, j, "entire")) {
        fiscal = 2;
        j++;
    } else if (tx_is_w(c, j, "latest") || (tx_is_w(c, j, "most") && tx_is_w(c, j + 1, "recent"))) {
        latest = 1;
        j += 1 + tx_is_w(c, j, "most");
    }
    if (tx_is_w(c, j, "fiscal")) {
        fiscal = 1;
        j++;
    }
    /* "the latest fiscal year": the last one that has ended */
    if (latest && tx_is_w(c, j, "year") && !tx_is_w(c, j + 1, "ended") &&
        !tx_is_w(c, j + 1, "ending") && !tx_is_w(c, j + 1, "'s") && !tx_is_hyphen(c, j + 1)) {
        tx_shift_unit(c, m, TU_YEAR, -1);
        return j + 1;
    }
    if (latest)
        return 0;
    int prep = i > 0 && (tx_is_w(c, i - 1, "for") || tx_is_w(c, i - 1, "in") ||
                         tx_is_w(c, i - 1, "during") || tx_is_w(c, i - 1, "of") ||
                         tx_is_w(c, i - 1, "through") || tx_is_w(c, i - 1, "throughout"));
    if (!fiscal && prep && (tx_is_w(c, j, "month") || tx_is_w(c, j, "week")) &&
        !tx_is_w(c, j + 1, "'s") && !tx_is_w(c, j + 1, "before") && !tx_is_w(c, j + 1, "after") &&
        !tx_is_w(c, j + 1, "of")) {
        tx_shift_unit(c, m, tx_is_w(c, j, "month") ? TU_MONTH : TU_WEEK, 0);
        return j + 1;
    }
    if (!tx_is_w(c, j, "year"))
        return 0;
    size_t e = j + 1;
    if (tx_is_w(c, e, "'s") || tx_is_hyphen(c, e) || tx_is_w(c, e, "ago") ||
        tx_is_w(c, e, "earlier"))
        return 0;
    if (tx_is_w(c, e, "ended") || tx_is_w(c, e, "ending") || tx_is_w(c, e, "that") ||
        tx_is_w(c, e, "to")) {
        m->type = NX_TIMEX_DURATION;
        tx_set_val(m, "P1Y");
        return e;
    }
    /* "the year" alone only after a preposition of time (for, in, during, of) */
    if (!fiscal && !(i > 0 && (tx_is_w(c, i - 1, "for") || tx_is_w(c, i - 1, "in") ||
                               tx_is_w(c, i - 1, "during") || tx_is_w(c, i - 1, "of") ||
                               tx_is_w(c, i - 1, "through") || tx_is_w(c, i - 1, "throughout"))))
        return 0;
    tx_shift_unit(c, m, TU_YEAR, 0);
    return e;
}

/* A noun or adjective at e (not a function word or punctuation): "the
 * past president", "the short term debt" use the time word as a modifier. */
static int content_word_at(const ctx *c, size_t e)
{
    static const char *const fw[] = {"and", "or", "but",  "to", "when", "as", "of",
                                     "for", "in", "with", "at", "that", "is", "was"};
    if (e >= c->n || c->u[e].cls != TX_NONE || !tx_is_alpha((uint8_t)c->u[e].lw[0]))
        return 0;
    for (size_t k = 0; k < sizeof(fw) / sizeof(fw[0]); k++)
        if (tx_is_w(c, e, fw[k]))
            return 0;
    return 1;
}

/* now, currently, current, recently, recent, soon, the future, the past,
 * the present, the near term, a later date */
size_t tx_p_ref(ctx *c, size_t i, match *m)
{
    size_t j = i;
    int the = 0;
    if (tx_is_w(c, j, "the")) {
        the = 1;
        j++;
    }
    m->type = NX_TIMEX_DATE;
    if (the) {
        if (tx_is_w(c, j, "near") && tx_is_w(c, j + 1, "future")) {
            tx_set_val(m, "FUTURE_REF");
            return j + 2;
        }
        /* "in the near term", "for the short term" (not "the long-term
         * debt", split at its hyphen, nor "the short term rate") */
        if ((tx_is_w(c, j, "near") || tx_is_w(c, j, "short") || tx_is_w(c, j, "long")) &&
            tx_is_w(c, j + 1, "term") && !content_word_at(c, j + 2)) {
            tx_set_val(m, "FUTURE_REF");
            return j + 2;
        }
        if (tx_is_w(c, j, "future") || tx_is_w(c, j, "present") || tx_is_w(c, j, "past")) {
            size_t e = j + 1;
            /* "the past three months" belongs to tx_p_rel; "the past year" too */
            if (tx_is_w(c, j, "past") &&
                (tx_cls_at(c, e) == TX_UNIT || tx_cls_at(c, e) == TX_NUMWORD ||
                 tx_cls_at(c, e) == TX_FUZZ || (e < c->n && (c->u[e].uflags & U_DIGIT)) ||
                 tx_cls_at(c, e) == TX_WEEKDAY || tx_cls_at(c, e) == TX_MONTH))
                return 0;
            int fixed = i > 0 && (tx_is_w(c, i - 1, "in") || tx_is_w(c, i - 1, "from") ||
                                  tx_is_w(c, i - 1, "into") || tx_is_w(c, i - 1, "than") ||
                                  tx_is_w(c, i - 1, "for"));
            if (!fixed && content_word_at(c, e))
                return 0; /* "the past president" */
            tx_set_val(m, tx_is_w(c, j, "future") ? "FUTURE_REF"
                          : tx_is_w(c, j, "past") ? "PAST_REF"
                                                  : "PRESENT_REF");
            return e;
        }
        return 0;
    }
    const tunit *u = &c->u[j];

    if (modal_one_day(c, j)) {
        tx_set_val(m, "FUTURE_REF");
        return j + 2;
    }
    /* "at a later date", "at a future date" */
    if ((tx_is_w(c, j, "a") || tx_is_w(c, j, "some")) &&
        (tx_is_w(c, j + 1, "later") || tx_is_w(c, j + 1, "future")) && tx_is_w(c, j + 2, "date")) {
        tx_set_val(m, "FUTURE_REF");
        return j + 3;
    }
    if (tx_is_w(c, j, "right") && tx_is_w(c, j + 1, "now")) {
        tx_set_val(m, "PRESENT_REF");
        return j + 2;
    }
    if (tx_is_w(c, j, "these") && tx_is_w(c, j + 1, "days")) {
        tx_set_val(m, "PRESENT_REF");
        return j + 2;
    }
    if (u->cls != TX_REF)
        return 0;
    switch (u->val) {
    case TF_NOW:
    case TF_CURRENTLY:
        tx_set_val(m, "PRESENT_REF");
        return j + 1;
    case TF_CURRENT:
        if (tx_cls_at(c, j + 1) == TX_UNIT || tx_is_w(c, j + 1, "fiscal") ||
            tx_is_w(c, j + 1, "account") || tx_is_w(c, j + 1, "accounts") ||
            tx_is_w(c, j + 1, "events") || tx_is_w(c, j + 1, "affairs"))
            return 0;
        /* "the then current price": current at a past time */
        tx_set_val(m, j > 0 && tx_is_w(c, j - 1, "then") ? "PAST_REF" : "PRESENT_REF");
        return j + 1;
    case TF_RECENTLY:
        if (!tx_is_w(c, j, "recently") && !tx_is_w(c, j, "lately"))
            return 0; /* previously, formerly: TimeBank leaves them */
        tx_set_val(m, "PAST_REF");
        return j + 1;
    case TF_SOON:
        if (i > 0 && (tx_is_w(c, i - 1, "as") || tx_is_w(c, i - 1, "how")))
            return 0;
        if (tx_is_w(c, j + 1, "after") || tx_is_w(c, j + 1, "as"))
            return 0;
        /* "he was soon released": soon after a past event, not after now */
        if (tx_tense_at(c, j, j + 1) == TENSE_PAST)
            return 0;
        tx_set_val(m, "FUTURE_REF");
        return j + 1;
    case TF_FUTURE:
        return 0; /* "future earnings": an adjective, not a time */
    default:
        return 0;
    }
}

/* daily, weekly, every week, each year, every two years, each Thursday, each July */
size_t tx_p_set(ctx *c, size_t i, match *m)
{
    const tunit *u = &c->u[i];
    m->type = NX_TIMEX_SET;
    if (u->cls == TX_SETADV) {
        /* "quarterly dividend", "quarterly earnings": a report, not a set */
        if (u->val == TU_QUARTER && i + 1 < c->n && c->u[i + 1].cls == TX_NONE &&
            tx_is_alpha((uint8_t)c->u[i + 1].lw[0]))
            return 0;
        tx_val_duration(m, u->val, 1);
        return i + 1;
    }
    if (u->cls != TX_EVERY)
        return 0;
    size_t j = i + 1;
    if (tx_is_w(c, i, "per")) {
        if (tx_cls_at(c, j) == TX_UNIT && !(c->u[j].lflags & TXF_PLURAL)) {
            tx_val_duration(m, c->u[j].val, 1);
            return j + 1;
        }
        return 0;
    }
    if (tx_is_w(c, j, "other") && tx_cls_at(c, j + 1) == TX_UNIT) {
        tx_val_duration(m, c->u[j + 1].val, 2);
        return j + 2;
    }
    int kind = tx_cls_at(c, j);
    if (kind == TX_UNIT && !(c->u[j].lflags & TXF_PLURAL)) {
        tx_val_duration(m, c->u[j].val, 1);
        return j + 1;
    }
    if (kind == TX_WEEKDAY) {
        tx_set_val(m, "XXXX-WXX-%d", c->u[j].val);
        return j + 1;
    }
    if (kind == TX_MONTH) {
        tx_set_val(m, "XXXX-%02d", c->u[j].val);
        return j + 1;
    }
    if (kind == TX_SEASON) {
        tx_set_val(m, "XXXX-%s", tx_season_code[c->u[j].val]);
        return j + 1;
    }
    if (kind == TX_PART) {
        tx_set_val(m, "XXXX-XX-XX%s", tx_part_code[c->u[j].val]);
        return j + 1;
    }
    int n;
    size_t e = tx_parse_num(c, j, &n);
    if (e && tx_cls_at(c, e) == TX_UNIT && n > 0) {
        tx_val_duration(m, c->u[e].val, n);
        return e + 1;
    }
    return 0;
}

/* Christmas, Christmas Eve, Thanksgiving Day, New Year's Day */
size_t tx_p_holiday(ctx *c, size_t i, match *m)
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
            if (tx_is_w(c, e, "eve")) {
                d = 24;
                e++;
            } else if (tx_is_w(c, e, "day")) {
                e++;
            }
            break;
        case TH_HALLOWEEN:
            mo = 10;
            d = 31;
            break;
        case TH_THANKSGIVING:
            mo = 11;
            if (tx_is_w(c, e, "day"))
                e++;
            break;
        case TH_ELECTION:
            if (!tx_is_w(c, e, "day") || !(c->u[e].uflags & U_CAP))
                return 0;
            mo = 11;
            e++;
            break;
        default:
            return 0;
        }
    } else if (tx_is_w(c, i, "new") && (u->uflags & U_CAP) && tx_is_w(c, i + 1, "year") &&
               tx_is_w(c, i + 2, "'s") && (tx_is_w(c, i + 3, "day") || tx_is_w(c, i + 3, "eve"))) {
        e = i + 4;
        if (tx_is_w(c, i + 3, "eve")) {
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
            tx_set_val(m, "XXXX-%02d-%02d", mo, d);
        else
            tx_set_val(m, "XXXX-11-XX");
        return e;
    }
    int y;
    size_t ye = tx_parse_year(c, e, &y);
    if (ye)
        e = ye;
    else
        y = tx_resolve_month_year(c, mo, d ? d : 22, 0, tx_tense_at(c, i, e));
    if (!d && u->val == TH_ELECTION) {
        /* the Tuesday after the first Monday of November: the 2nd to the 8th */
        d = 2 + (2 - tx_weekday_of(nx_days_from_civil(y, 11, 2)) + 7) % 7;
    } else if (!d) {
        /* fourth Thursday of November */
        int wd1 = tx_weekday_of(nx_days_from_civil(y, 11, 1));
        d = 1 + (4 - wd1 + 7) % 7 + 21;
    }
    tx_set_val(m, "%04d-%02d-%02d", y, mo, d);
    return e;
}
