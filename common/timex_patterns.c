/*
 * timex_patterns.c - the calendar patterns of the dates stage: numeric dates, clock
 * times, months with their days and years, weekdays, today/yesterday,
 * years, spelled years, seasons and quarters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "timex_int.h"

/* ---------- patterns: each returns the unit after its match, or 0 ---------- */

/* 2023-01-24, 2023/01/24, 1/24/2023, 1/24/23, 2023-01 */
size_t tx_p_numdate(ctx *c, size_t i, match *m)
{
    const tunit *u = &c->u[i];
    if (!(u->uflags & U_DIGIT) || (u->uflags & U_ALLDIG) || u->len < 6)
        return 0;
    int f[3] = {0, 0, 0}, nf = 0, len[3] = {0, 0, 0};
    char sep = 0;
    for (size_t k = 0; k < u->len; k++) {
        char ch = u->lw[k];
        if (tx_is_digit((uint8_t)ch)) {
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
        tx_set_val(m, "%04d-%02d-%02d", y, mo, d);
    else
        tx_set_val(m, "%04d-%02d", y, mo);
    c->last_y = y;
    return i + 1;
}

/* A day expression after a clock time: Wednesday, today, Nov. 9. Writes the
 * date part to out ("YYYY-MM-DD" or an X form). */

static size_t day_tail(ctx *c, size_t i, char *out, size_t outsz)
{
    match t;
    memset(&t, 0, sizeof(t));
    size_t j = i;
    if (tx_is_w(c, j, "on") || tx_is_comma(c, j))
        j++;
    size_t e = 0;
    int kind = tx_cls_at(c, j);
    if (kind == TX_WEEKDAY && !(c->u[j].lflags & TXF_PLURAL))
        e = tx_p_weekday(c, j, &t);
    else if (kind == TX_MONTH)
        e = tx_p_month(c, j, &t);
    else if (kind == TX_DAYREF && c->u[j].val != 2)
        e = tx_p_dayref(c, j, &t);
    if (!e || strlen(t.value) < 10 || t.value[4] != '-' || t.value[7] != '-')
        return 0;
    snprintf(out, outsz, "%.10s", t.value);
    return e;
}

/* 2 p.m., 7:15 a.m. EST, 10 p.m. Wednesday, noon Thursday, 14:30 GMT */
size_t tx_p_time(ctx *c, size_t i, match *m)
{
    const tunit *u = &c->u[i];
    int h = -1, mi = 0;
    size_t j = i + 1;
    if (u->cls == TX_CLOCK) {
        if (i > 0 && tx_is_w(c, i - 1, "high"))
            return 0; /* "high noon": the idiom, not a clock time */
        h = u->val;
    } else if (u->uflags & U_DIGIT) {
        /* h, h:mm, h.mm, or 2pm in one tunit */
        size_t k = 0;
        int x = 0;
        while (k < u->len && tx_is_digit((uint8_t)u->lw[k]) && k < 2)
            x = x * 10 + (u->lw[k++] - '0');
        int has_min = 0;
        if (k < u->len && (u->lw[k] == ':' || u->lw[k] == '.') && k + 3 == u->len &&
            tx_is_digit((uint8_t)u->lw[k + 1]) && tx_is_digit((uint8_t)u->lw[k + 2])) {
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
        if (pm < 0 && tx_cls_at(c, j) == TX_AMPM &&
            (strchr(c->u[j].lw, '.') || (c->u[j].uflags & U_SPACE))) {
            pm = c->u[j].val;
            j++;
        } else if (pm < 0 && !has_min && tx_is_w(c, j, "in") && tx_is_w(c, j + 1, "the") &&
                   tx_cls_at(c, j + 2) == TX_PART && c->u[j + 2].val != TP_DT &&
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
        } else if (has_min == 2 &&
                   (tx_cls_at(c, j) == TX_ZONE ||
                    (i > 0 && (tx_is_w(c, i - 1, "at") || tx_is_w(c, i - 1, "until") ||
                               tx_is_w(c, i - 1, "by"))))) {
            h = x;
        } else {
            return 0;
        }
    } else {
        return 0;
    }
    if (tx_cls_at(c, j) == TX_ZONE)
        j++;
    else if (tx_is_w(c, j, "local") && tx_is_w(c, j + 1, "time"))
        j += 2;
    char date[16];
    /* the day after a clock time goes the way of the whole expression:
     * "until 9 a.m. EST Tuesday" */
    c->tense_hint = tx_tense_at(c, i, j);
    if (c->tense_hint == TENSE_NONE)
        c->tense_hint = TENSE_PAST;
    size_t e = day_tail(c, j, date, sizeof(date));
    size_t aside = 0;
    if (!e && tx_is_w(c, j, "(")) {
        /* "10:35 a.m. (0735 GMT) Friday", "4 in the morning (4 a.m. EDT
         * Thursday)": a day in or right after a bracketed aside dates the
         * time; the span stays the clock time */
        for (size_t k = j + 1; k < c->n && k <= j + 6 && !aside; k++) {
            int kc = tx_cls_at(c, k);
            if (kc == TX_WEEKDAY || kc == TX_DAYREF || kc == TX_MONTH)
                aside = day_tail(c, k, date, sizeof(date));
            if (tx_is_w(c, k, ")")) {
                aside = day_tail(c, k + 1, date, sizeof(date));
                break;
            }
        }
    }
    c->tense_hint = 0;
    if (e && !tx_is_w(c, j, "on") && !(tx_is_comma(c, j) && tx_cls_at(c, j + 1) != TX_MONTH))
        j = e;
    else if (!aside && c->has_anchor)
        snprintf(date, sizeof(date), "%04d-%02d-%02d", c->ay, c->am, c->ad);
    else if (!aside)
        snprintf(date, sizeof(date), "XXXX-XX-XX");
    m->type = NX_TIMEX_TIME;
    tx_set_val(m, "%sT%02d:%02d", date, h, mi);
    return j;
}

/* Year words after a month or season: 1996, this year, last year, '96. */
static size_t year_tail(ctx *c, size_t j, int *y)
{
    size_t k = j;
    if (tx_is_comma(c, k) || tx_is_w(c, k, "of"))
        k++;
    size_t e = tx_parse_year(c, k, y);
    if (e)
        return e;
    if (tx_cls_at(c, k) == TX_NUMWORD && c->u[k].val >= 11 && c->u[k].val <= 20) {
        match t;
        memset(&t, 0, sizeof(t));
        e = tx_p_spelled_year(c, k, &t);
        if (e) {
            *y = atoi(t.value);
            return e;
        }
    }
    if (tx_cls_at(c, j) == TX_REL && tx_is_w(c, j + 1, "year") && c->has_anchor) {
        int v = c->u[j].val;
        if (v == TR_THIS) {
            *y = c->ay;
            return j + 2;
        }
        if (v == TR_LAST) {
            *y = c->ay - 1;
            return j + 2;
        }
        if (v == TR_NEXT && tx_is_w(c, j, "next")) {
            *y = c->ay + 1;
            return j + 2;
        }
    }
    return 0;
}

/* [Weekday ,] Month Day [, Year] | Month Year | Day Month [Year] | Month */
size_t tx_p_month(ctx *c, size_t i, match *m)
{
    size_t j = i;
    int wd = 0;
    /* "this coming Sunday, March 8": the date names the day */
    while (j < i + 2 && tx_cls_at(c, j) == TX_REL)
        j++;
    if (j > i && tx_cls_at(c, j) != TX_WEEKDAY)
        return 0;
    if (tx_cls_at(c, j) == TX_WEEKDAY && !(c->u[j].lflags & TXF_PLURAL)) {
        size_t k = j + 1;
        if (tx_is_comma(c, k))
            k++;
        if (tx_cls_at(c, k) != TX_MONTH)
            return 0;
        wd = c->u[j].val;
        j = k;
    }
    int d = 0, y = 0, mo;
    size_t e;
    int day_first = 0;
    if (tx_cls_at(c, j) == TX_MONTH) {
        mo = c->u[j].val;
        e = j + 1;
    } else if ((e = tx_parse_day(c, j, &d)) != 0 && tx_cls_at(c, e) == TX_MONTH) {
        mo = c->u[e].val;
        j = e;
        e = j + 1;
        day_first = 1;
    } else if (tx_is_w(c, j, "the") && (e = tx_parse_ord(c, j + 1, &d)) != 0 &&
               tx_is_w(c, e, "of") && tx_cls_at(c, e + 1) == TX_MONTH && d >= 1 && d <= 31) {
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
        size_t de = tx_parse_day(c, k, &d);
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
            if (j == 0 || !(i > 0 && (tx_is_w(c, i - 1, "in") || tx_is_w(c, i - 1, "since") ||
                                      tx_is_w(c, i - 1, "until") || tx_is_w(c, i - 1, "by") ||
                                      tx_is_w(c, i - 1, "of") || tx_is_w(c, i - 1, "early") ||
                                      tx_is_w(c, i - 1, "late") || tx_is_w(c, i - 1, "mid") ||
                                      tx_is_w(c, i - 1, "-") || tx_cls_at(c, i - 1) == TX_REL ||
                                      tx_is_w(c, i - 1, "through") || tx_is_w(c, i - 1, "from") ||
                                      (tx_is_w(c, i - 1, "the") && (mu->lflags & TXF_CAPREQ) &&
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
            tx_set_val(m, "%04d-%02d-%02d", y, mo, d);
        else
            tx_set_val(m, "%04d-%02d", y, mo);
        c->last_y = y;
        return e;
    }
    if (!c->has_anchor) {
        if (d)
            tx_set_val(m, "XXXX-%02d-%02d", mo, d);
        else
            tx_set_val(m, "XXXX-%02d", mo);
        return e;
    }
    int rel = 0;
    if (i > 0 && tx_cls_at(c, i - 1) == TX_REL && !wd) {
        int v = c->u[i - 1].val;
        if (v == TR_LAST)
            rel = -1;
        else if (v == TR_NEXT)
            rel = 1;
    }
    int tense = tx_tense_at(c, i, e);
    if (wd && d) {
        /* the weekday decides between years when the tense does not */
        int yy = tx_resolve_month_year(c, mo, d, rel, tense);
        for (int k = -1; k <= 1; k++)
            if (d <= nx_days_in_month(c->ay + k, mo) &&
                tx_weekday_of(nx_days_from_civil(c->ay + k, mo, d)) == wd) {
                yy = c->ay + k;
                break;
            }
        y = yy;
    } else {
        y = tx_resolve_month_year(c, mo, d, rel, tense);
    }
    if (d) {
        if (d > nx_days_in_month(y, mo))
            return 0;
        tx_set_val(m, "%04d-%02d-%02d", y, mo, d);
    } else {
        tx_set_val(m, "%04d-%02d", y, mo);
    }
    return e;
}

/* Friday, Friday morning, Fridays */
size_t tx_p_weekday(ctx *c, size_t i, match *m)
{
    const tunit *u = &c->u[i];
    if (u->cls != TX_WEEKDAY)
        return 0;
    if (u->lflags & TXF_ABBR && !(u->uflags & U_DOT))
        return 0;
    size_t e = i + 1;
    if (u->lflags & TXF_PLURAL) {
        m->type = NX_TIMEX_SET;
        tx_set_val(m, "XXXX-WXX-%d", u->val);
        return e;
    }
    const char *suffix = "";
    m->type = NX_TIMEX_DATE;
    if (tx_cls_at(c, e) == TX_PART && !(c->u[e].lflags & TXF_PLURAL)) {
        suffix = tx_part_code[c->u[e].val];
        e++;
    }
    int rel = 0;
    if (i > 0 && tx_cls_at(c, i - 1) == TX_REL) {
        int v = c->u[i - 1].val;
        rel = v == TR_LAST ? -1 : v == TR_NEXT ? 1 : 0;
    }
    /* "Friday's session": a possessive weekday names a day that has come */
    int tense = tx_is_w(c, e, "'s") ? TENSE_PAST
                : c->tense_hint     ? c->tense_hint
                                    : tx_tense_at(c, i, e);
    tx_resolve_weekday(c, m, u->val, rel, tense, suffix);
    return e;
}

/* today, yesterday, tomorrow, tonight, yesterday morning */
size_t tx_p_dayref(ctx *c, size_t i, match *m)
{
    const tunit *u = &c->u[i];
    if (u->cls != TX_DAYREF)
        return 0;
    size_t e = i + 1;
    const char *suffix = "";
    int off = u->val;
    m->type = NX_TIMEX_DATE;
    /* "today's world", "today's youth": the present in general, no day */
    if (off == 0 && tx_is_w(c, e, "'s")) {
        static const char *const generic[] = {"world",     "youth",   "society", "generation",
                                              "children",  "kids",    "young",   "families",
                                              "standards", "culture", "people",  "personal"};
        for (size_t k = 0; k < sizeof(generic) / sizeof(generic[0]); k++)
            if (tx_is_w(c, e + 1, generic[k]))
                return 0;
    }
    /* "the people of tomorrow", "the world of today": an age, not a day */
    if (off >= 0 && off <= 1 && i >= 3 && tx_is_w(c, i - 1, "of") && tx_is_w(c, i - 3, "the") &&
        c->u[i - 2].cls == TX_NONE && tx_cls_at(c, e) != TX_PART)
        return 0;
    if (off == 2) {
        off = 0;
        suffix = "TNI";
        m->type = NX_TIMEX_TIME;
    } else if (tx_cls_at(c, e) == TX_PART && !(c->u[e].lflags & TXF_PLURAL)) {
        suffix = tx_part_code[c->u[e].val];
        m->type = NX_TIMEX_TIME;
        e++;
    }
    if (!c->has_anchor) {
        tx_set_val(m, "XXXX-XX-XX%s", suffix);
        return e;
    }
    int y, mo, d;
    nx_civil_from_days(c->adays + off, &y, &mo, &d);
    tx_set_val(m, "%04d-%02d-%02d%s", y, mo, d, suffix);
    return e;
}

/* 1990, the 1990s, '90s, fiscal 1989, the nineties, the 20th century */
size_t tx_p_year(ctx *c, size_t i, match *m)
{
    size_t j = i;
    int the = 0;
    if (tx_is_w(c, j, "the")) {
        the = 1;
        j++;
    }
    if (tx_is_w(c, j, "fiscal") && !the) {
        int y;
        size_t e = tx_parse_year(c, j + 1, &y);
        if (!e) {
            /* fiscal '90 */
            return 0;
        }
        m->type = NX_TIMEX_DATE;
        tx_set_val(m, "%04d", y);
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
            tx_set_val(m, "%03d", y / 10);
            return j + 1;
        }
    }
    if ((u->uflags & U_DIGIT) && u->len == 3 && u->lw[2] == 's' && j > 0 &&
        tx_is_w(c, j - 1, "'") && !(u->uflags & U_SPACE)) {
        int y = (u->lw[0] - '0') * 10 + (u->lw[1] - '0');
        if (y % 10 == 0) {
            m->type = NX_TIMEX_DATE;
            tx_set_val(m, "%03d", (y >= 30 ? 190 : 200) + y / 10);
            return j + 1;
        }
    }
    if (the && u->cls == TX_DECADEW) {
        m->type = NX_TIMEX_DATE;
        tx_set_val(m, "19%d", u->val);
        return j + 1;
    }
    /* centuries: the 20th century, the eleventh century */
    int ord;
    size_t oe = tx_parse_ord(c, j, &ord);
    if (oe && (tx_is_w(c, oe, "century")) && ord >= 1 && ord <= 21) {
        m->type = NX_TIMEX_DATE;
        tx_set_val(m, "%02d", ord - 1);
        return oe + 1;
    }
    if (the)
        return 0;
    int y;
    size_t e = tx_parse_year(c, j, &y);
    if (!e)
        return 0;
    /* a bare number in a list of numbers is not a year */
    if (j > 0 && (c->u[j - 1].uflags & U_DIGIT) && !(c->u[j - 1].uflags & U_SPACE))
        return 0;
    m->type = NX_TIMEX_DATE;
    tx_set_val(m, "%04d", y);
    c->last_y = y;
    return e;
}

/* nineteen ninety-six, the year two thousand */
size_t tx_p_spelled_year(ctx *c, size_t i, match *m)
{
    size_t j = i;
    int the_year = 0;
    if (tx_is_w(c, j, "the") && tx_is_w(c, j + 1, "year")) {
        j += 2;
        the_year = 1;
    }
    if (tx_cls_at(c, j) != TX_NUMWORD)
        return 0;
    int v = c->u[j].val;
    if (v >= 11 && v <= 20 && tx_cls_at(c, j + 1) == TX_NUMWORD && c->u[j + 1].val >= 10 &&
        c->u[j + 1].val < 100) {
        int rest;
        size_t e = tx_parse_num(c, j + 1, &rest);
        if (!e || rest >= 100)
            return 0;
        m->type = NX_TIMEX_DATE;
        tx_set_val(m, "%04d", v * 100 + rest);
        c->last_y = v * 100 + rest;
        return e;
    }
    if (v == 2 && tx_cls_at(c, j + 1) == TX_NUMWORD && c->u[j + 1].val == 1000) {
        size_t e = j + 2;
        int rest = 0;
        size_t k = e;
        if (tx_is_w(c, k, "and"))
            k++;
        size_t re = tx_parse_num(c, k, &rest);
        if (re && rest < 100)
            e = re;
        else
            rest = 0;
        if (!the_year && !rest)
            return 0;
        m->type = NX_TIMEX_DATE;
        tx_set_val(m, "%04d", 2000 + rest);
        return e;
    }
    return 0;
}

/* the spring, spring 2023, the spring of 2023, the winter of nineteen ninety-four */
size_t tx_p_season(ctx *c, size_t i, match *m)
{
    size_t j = i;
    int the = 0;
    if (tx_is_w(c, j, "the")) {
        the = 1;
        j++;
    }
    if (tx_cls_at(c, j) != TX_SEASON || (c->u[j].lflags & TXF_PLURAL))
        return 0;
    int s = c->u[j].val;
    size_t e = j + 1;
    int y = 0;
    size_t ye = 0;
    if (tx_is_w(c, e, "of")) {
        match t;
        memset(&t, 0, sizeof(t));
        ye = tx_parse_year(c, e + 1, &y);
        if (!ye && (ye = tx_p_spelled_year(c, e + 1, &t)) != 0)
            y = atoi(t.value);
    } else {
        ye = tx_parse_year(c, e, &y);
    }
    int prev_ok = i > 0 && (tx_is_w(c, i - 1, "in") || tx_is_w(c, i - 1, "during") ||
                            tx_is_w(c, i - 1, "until") || tx_is_w(c, i - 1, "since") ||
                            tx_is_w(c, i - 1, "by") || tx_is_w(c, i - 1, "this") ||
                            tx_is_w(c, i - 1, "early") || tx_is_w(c, i - 1, "late") ||
                            tx_is_w(c, i - 1, "mid") || tx_is_w(c, i - 1, "-"));
    if (!ye && !the && !prev_ok)
        return 0;
    if (!ye && the &&
        !(i > 0 &&
          (tx_is_w(c, i - 1, "in") || tx_is_w(c, i - 1, "during") || tx_is_w(c, i - 1, "until") ||
           tx_is_w(c, i - 1, "into") || tx_is_w(c, i - 1, "throughout") ||
           tx_is_w(c, i - 1, "since") || tx_is_w(c, i - 1, "by") || tx_is_w(c, i - 1, "of") ||
           tx_is_w(c, i - 1, "through") || tx_is_w(c, i - 1, "over"))))
        return 0;
    m->type = NX_TIMEX_DATE;
    if (ye) {
        tx_set_val(m, "%04d-%s", y, tx_season_code[s]);
        return ye;
    }
    tx_resolve_season(c, m, s, 0, tx_tense_at(c, i, e));
    return e;
}

/* Is the remembered quarter recent enough to anchor "a year earlier"? */
int tx_q_memory_ok(const ctx *c)
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
int tx_period_named_in(const ctx *c, size_t lo, size_t i)
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
                tx_cls_at(c, k - 1) == TX_NUMWORD && (c->u[k - 1].val == 9 || c->u[k - 1].val == 6))
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
int tx_long_period_before(const ctx *c, size_t i)
{
    int r = tx_period_named_in(c, 0, i);
    return r < 0 ? c->long_period : r;
}

/* the third quarter, third-quarter, the fiscal first quarter, the 1988 second
 * quarter, this year's third quarter, the first half, the year-ago quarter,
 * the quarter, the latest quarter, the latest period */
size_t tx_p_quarter(ctx *c, size_t i, match *m)
{
    size_t j = i;
    int the = 0, y = 0, rel_y = 0, has_y = 0;
    if (tx_is_w(c, j, "the")) {
        the = 1;
        j++;
    }
    if (tx_is_w(c, j, "comparable") || tx_is_w(c, j, "corresponding"))
        j++;
    /* "the corresponding period last year": the quarter the text named, a
     * year back */
    if (the && j > i + 1 && (tx_is_w(c, j, "period") || tx_is_w(c, j, "quarter")) &&
        tx_is_w(c, j + 1, "last") && tx_is_w(c, j + 2, "year") && c->has_anchor &&
        tx_q_memory_ok(c)) {
        m->type = NX_TIMEX_DATE;
        tx_set_val(m, "%04d-Q%d", c->last_qy - 1, c->last_q);
        return j + 3;
    }
    if (tx_is_w(c, j, "fiscal"))
        j++;
    /* year-ago / year-earlier quarter or period */
    if (tx_is_w(c, j, "year") && tx_is_hyphen(c, j + 1) &&
        (tx_is_w(c, j + 2, "ago") || tx_is_w(c, j + 2, "earlier"))) {
        size_t e = j + 3;
        int ord = 0, amt, approx, unit, plural;
        size_t oe = tx_parse_ord(c, e, &ord);
        size_t ae = the ? tx_parse_amount(c, e, &amt, &approx) : 0;
        size_t ue = ae && amt > 1 ? tx_parse_unit(c, ae, &unit, &plural) : 0;
        if (ue && plural && unit >= TU_MONTH) {
            /* "the year-earlier nine months": the length of that period */
            m->type = NX_TIMEX_DURATION;
            tx_val_duration(m, unit, amt);
            return ue;
        }
        if (oe && ord >= 1 && ord <= 4 && tx_is_w(c, oe + tx_is_hyphen(c, oe), "quarter"))
            e = oe + tx_is_hyphen(c, oe) + 1;
        else if (tx_is_w(c, e, "quarter") || tx_is_w(c, e, "period"))
            e++;
        else
            ord = -1;
        if (ord < 0 && the && i + 1 == j)
            return 0; /* "the year-ago results": the adjective alone, without "the" */
        m->type = NX_TIMEX_DATE;
        if (!c->has_anchor)
            tx_set_val(m, "XXXX");
        else if (ord > 0)
            tx_set_val(m, "%04d-Q%d",
                       (c->last_q ? c->last_qy : quarter_year(c, ord, TENSE_PAST)) - 1, ord);
        else if (tx_q_memory_ok(c) && !tx_long_period_before(c, i))
            tx_set_val(m, "%04d-Q%d", c->last_qy - 1, c->last_q);
        else
            tx_set_val(m, "%04d", c->ay - 1);
        return e;
    }
    size_t k;
    if ((k = tx_parse_year(c, j, &y)) != 0) {
        has_y = 1;
        if (tx_is_w(c, k, "'s"))
            k++;
        else if (the && (tx_is_w(c, k, "quarter") || tx_is_w(c, k, "period"))) {
            m->type = NX_TIMEX_DATE;
            if (c->last_q && !(tx_is_w(c, k, "period") && tx_long_period_before(c, i)))
                tx_set_val(m, "%04d-Q%d", y, c->last_q);
            else
                tx_set_val(m, "%04d", y);
            return k + 1;
        }
        j = k;
    } else if (tx_cls_at(c, j) == TX_REL && tx_is_w(c, j + 1, "year") && tx_is_w(c, j + 2, "'s")) {
        int v = c->u[j].val;
        rel_y = v == TR_LAST ? -1 : v == TR_NEXT ? 1 : v == TR_THIS ? 0 : 9;
        if (rel_y == 9)
            return 0;
        has_y = 2;
        j += 3;
        /* "last year's quarter": the quarter the text named, in that year */
        if (tx_is_w(c, j, "quarter") && c->has_anchor && tx_q_memory_ok(c)) {
            m->type = NX_TIMEX_DATE;
            tx_set_val(m, "%04d-Q%d", c->ay + rel_y, c->last_q);
            return j + 1;
        }
    }
    if (tx_is_w(c, j, "fiscal"))
        j++;
    int ord = 0;
    size_t e = 0;
    if ((k = tx_parse_ord(c, j, &ord)) != 0 && ord >= 1 && ord <= 4) {
        size_t q = k;
        if (tx_is_hyphen(c, q))
            q++;
        if (tx_is_w(c, q, "fiscal"))
            q++;
        if (tx_is_w(c, q, "quarter")) {
            e = q + 1;
        } else if (tx_is_w(c, q, "half") && ord <= 2) {
            e = q + 1;
            ord += 10;
        } else {
            return 0;
        }
        /* "the third-quarter loss": an adjective, without "the" */
        if (the && tx_is_hyphen(c, k) && e < c->n && c->u[e].cls == TX_NONE &&
            tx_is_alpha((uint8_t)c->u[e].lw[0]) && !tx_is_w(c, e, "of") &&
            !tx_is_w(c, e, "ended") && !tx_is_w(c, e, "ending"))
            return 0;
        if (!has_y && tx_is_w(c, e, "of")) {
            size_t ye = tx_parse_year(c, e + 1 + tx_is_w(c, e + 1, "fiscal"), &y);
            if (ye) {
                has_y = 1;
                e = ye;
            }
        }
    } else if (tx_is_w(c, j, "last") && tx_is_w(c, j + 1, "half") && the) {
        ord = 12;
        e = j + 2;
        if (tx_is_w(c, e, "of") && (k = tx_parse_year(c, e + 1, &y)) != 0) {
            has_y = 1;
            e = k;
        }
    } else if ((tx_is_w(c, j, "latest") || tx_is_w(c, j, "current") || tx_is_w(c, j, "this") ||
                tx_is_w(c, j, "last") || tx_is_w(c, j, "same") || tx_is_w(c, j, "previous")) &&
               (tx_is_w(c, j + 1, "quarter") ||
                (tx_is_w(c, j + 1, "period") && tx_is_w(c, j, "latest")))) {
        e = j + 2;
        m->type = NX_TIMEX_DATE;
        if (!c->has_anchor) {
            tx_set_val(m, "XXXX-QX");
            return e;
        }
        int aq = c->ay * 4 + (c->am - 1) / 3;
        int q;
        if (tx_is_w(c, j, "current") || tx_is_w(c, j, "this"))
            q = aq;
        else if ((tx_is_w(c, j, "latest") || tx_is_w(c, j, "same")) && tx_q_memory_ok(c))
            q = c->last_qy * 4 + c->last_q - 1;
        else
            q = aq - 1;
        /* the latest quarter has ended: never a calendar quarter the text
         * named ahead (a fiscal one is numbered otherwise) */
        int fiscal = (tx_is_w(c, j, "latest") || tx_is_w(c, j, "same")) && tx_q_memory_ok(c) &&
                     c->last_q_fiscal;
        if (tx_is_w(c, j, "latest") && q > aq - 1 && !fiscal)
            q = aq - 1;
        tx_set_val(m, "%04d-Q%d", q / 4, q % 4 + 1);
        c->last_qy = q / 4;
        c->last_q = q % 4 + 1;
        c->last_q_fiscal = fiscal;
        return e;
    } else if (the && !has_y && tx_is_w(c, j, "quarter") && !tx_is_w(c, j + 1, "of")) {
        e = j + 1;
        m->type = NX_TIMEX_DATE;
        if (!c->has_anchor) {
            tx_set_val(m, "XXXX-QX");
            return e;
        }
        int q =
            tx_q_memory_ok(c) ? c->last_qy * 4 + c->last_q - 1 : c->ay * 4 + (c->am - 1) / 3 - 1;
        if ((tx_is_w(c, e, "ended") || tx_is_w(c, e, "ending")) &&
            tx_cls_at(c, e + 1) == TX_MONTH) {
            /* "the quarter ended July 31": the three months up to that day,
             * named by the calendar quarter of their middle month (May to
             * July: Q2) */
            int em = c->u[e + 1].val, ed = 0;
            size_t de = tx_parse_day(c, e + 2, &ed);
            int ey = 0;
            if (!de || !year_tail(c, de, &ey))
                ey = tx_resolve_month_year(c, em, de ? ed : 0, 0, TENSE_PAST);
            int mid = em - 1 - (de && ed < 15);
            int mi = ey * 12 + mid - 1;
            q = (mi / 12) * 4 + (mi % 12) / 3;
        }
        if (tx_is_w(c, e, "a") && tx_is_w(c, e + 1, "year") &&
            (tx_is_w(c, e + 2, "ago") || tx_is_w(c, e + 2, "earlier"))) {
            /* "the quarter a year ago": the same quarter, a year back */
            q -= 4;
            e += 3;
        }
        tx_set_val(m, "%04d-Q%d", q / 4, q % 4 + 1);
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
        tx_set_val(m, "XXXX-%c%d", half ? 'H' : 'Q', ord);
        return e;
    } else if (has_y == 2) {
        y = c->ay + rel_y;
    } else if (half) {
        y = ord <= (c->am - 1) / 6 + 1 ? c->ay : c->ay - 1;
    } else {
        y = quarter_year(c, ord, tx_tense_at(c, i, e));
    }
    tx_set_val(m, "%04d-%c%d", y, half ? 'H' : 'Q', ord);
    /* the quarter the text names, a fiscal one too ("the fiscal first
     * quarter", "the fourth quarter ended Aug. 26"): "the quarter", "a
     * year earlier" refer back to it */
    if (!half) {
        int fiscal = 0;
        for (size_t k2 = i; k2 < e; k2++)
            fiscal |= tx_is_w(c, k2, "fiscal");
        if (tx_is_w(c, e, "ended") && tx_cls_at(c, e + 1) == TX_MONTH && c->u[e + 1].val != ord * 3)
            fiscal = 1;
        c->last_qy = y;
        c->last_q = ord;
        c->last_q_fiscal = fiscal;
    }
    return e;
}

/* Q3, Q1 2023, H1, FY2023, FY 2023, FY23 (fiscal periods written short) */
size_t tx_p_qcode(ctx *c, size_t i, match *m)
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
        size_t ye = tx_parse_year(c, e, &y);
        if (ye) {
            e = ye;
        } else if (!c->has_anchor) {
            tx_set_val(m, "XXXX-%c%d", kind, ord);
            return e;
        } else {
            y = kind == 'Q' ? quarter_year(c, ord, tx_tense_at(c, i, e))
                            : (ord <= (c->am - 1) / 6 + 1 ? c->ay : c->ay - 1);
        }
        tx_set_val(m, "%04d-%c%d", y, kind, ord);
        return e;
    }
    if (u->len >= 2 && u->lw[0] == 'f' && u->lw[1] == 'y') {
        int y;
        if (u->len == 2) {
            size_t e = tx_parse_year(c, i + 1, &y);
            if (!e)
                return 0;
            tx_set_val(m, "%04d", y);
            return e;
        }
        if ((u->len == 6 || u->len == 4) && tx_is_digit((uint8_t)u->lw[2]) &&
            tx_is_digit((uint8_t)u->lw[3])) {
            y = atoi(u->lw + 2);
            if (u->len == 4)
                y += y < 50 ? 2000 : 1900;
            if (y < 1900 || y > 2099)
                return 0;
            tx_set_val(m, "%04d", y);
            return i + 1;
        }
    }
    return 0;
}

/* A quantity before a unit: a number, a, an, several, a few, a couple of.
 * *n = -1 for a vague amount. Returns the unit index after it, or 0. */
