/*
 * timex_resolve.c - anchoring and normalization of the dates stage: calendar arithmetic,
 * the TIMEX3 value writers, the tense of an expression's context (tense
 * markers, signals) and the resolution of weekdays, months, seasons and
 * shifted units against the anchor (the publication date).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "timex_int.h"

/* ---------- calendar arithmetic (proleptic Gregorian) ---------- */

/* ISO weekday, Monday = 1 .. Sunday = 7. */
int tx_weekday_of(int64_t days)
{
    int64_t w = (days + 3) % 7; /* 1970-01-01 was a Thursday */
    if (w < 0)
        w += 7;
    return (int)w + 1;
}

static void iso_week(int64_t days, int *wy, int *wn)
{
    int64_t thu = days - tx_weekday_of(days) + 4;
    int y, m, d;
    nx_civil_from_days(thu, &y, &m, &d);
    *wy = y;
    *wn = (int)((thu - nx_days_from_civil(y, 1, 1)) / 7) + 1;
}

/* ---------- value writers ---------- */

void tx_set_val(match *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->value, sizeof(m->value), fmt, ap);
    va_end(ap);
}

void tx_val_date(const ctx *c, match *m, int64_t days)
{
    (void)c;
    int y, mo, d;
    nx_civil_from_days(days, &y, &mo, &d);
    tx_set_val(m, "%04d-%02d-%02d", y, mo, d);
}

void tx_val_week(match *m, int64_t days, const char *suffix)
{
    int wy, wn;
    iso_week(days, &wy, &wn);
    tx_set_val(m, "%04d-W%02d%s", wy, wn, suffix);
}

/* ---------- tense of the context ---------- */

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
        (k > 0 && (tx_is_w(c, k - 1, "up") || tx_is_w(c, k - 1, "according"))))
        return 0;
    const tunit *v = &c->u[k + 1];
    if (v->cls == TX_TENSE)
        return v->val == TT_BE || v->val == TT_HAVE;
    if (v->cls != TX_NONE || (v->uflags & (U_CAP | U_DIGIT)) || v->len < 2 || v->len > 12 ||
        !tx_is_alpha((uint8_t)v->lw[0]) || !tx_is_alpha((uint8_t)v->lw[v->len - 1]))
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
        ((k > 0 && adj_det(c, k - 1)) || tx_is_w(c, k + 1, "for") || tx_is_w(c, k + 1, "of") ||
         tx_is_comma(c, k + 1)))
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
        u->lw[u->len - 2] == 'e' && tx_is_alpha((uint8_t)u->lw[0])) {
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
    while (k > 0 && (tx_cls_at(c, k - 1) == TX_POSMOD || tx_is_hyphen(c, k - 1)))
        k--;
    if (k < b && k > 0 && tx_is_w(c, k - 1, "the"))
        k--;
    if (k > 0 && (tx_is_w(c, k - 1, "on") || tx_is_w(c, k - 1, "in") || tx_is_w(c, k - 1, "of")))
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
        if (tx_is_w(c, k - 2, plan[i]))
            return TENSE_FUTURE;
    /* "as soon as Tuesday", "as early as next week" */
    if (!strcmp(w, "as") && k >= 2 && (tx_is_w(c, k - 2, "soon") || tx_is_w(c, k - 2, "early")))
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

int tx_tense_at(const ctx *c, size_t b, size_t e)
{
    int sig = signal_before(c, b);
    if (past_perfect_near(c, b, e) && !(b > 0 && tx_is_w(c, b - 1, "next")))
        return TENSE_PAST;
    if (sig != TENSE_NONE)
        return sig;
    size_t left = b, right = e;
    int clause = 1;
    /* an expression that opens its sentence ("On Tuesday, the league
     * plans ...") takes the tense of the clause after it: a wider reach */
    size_t lead = b;
    while (lead > 0 && (tx_is_w(c, lead - 1, "on") || tx_is_w(c, lead - 1, "by") ||
                        tx_is_w(c, lead - 1, "early") || tx_is_w(c, lead - 1, "late") ||
                        tx_is_w(c, lead - 1, "also") || tx_is_w(c, lead - 1, "in") ||
                        (c->u[lead - 1].len == 1 && !tx_is_alpha((uint8_t)c->u[lead - 1].lw[0]))))
        lead--;
    size_t window = lead == 0 ? 2 * TENSE_WINDOW : TENSE_WINDOW;
    for (size_t step = 0; step < window; step++) {
        int found = 0;
        if (left > 0) {
            left--;
            if (tx_is_comma(c, left))
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
        if (right < c->n && (tx_is_w(c, right, "''") || tx_is_w(c, right, "\"") ||
                             tx_is_w(c, right, ")") || tx_is_w(c, right, "\xe2\x80\x9d")))
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
int tx_resolve_month_year(const ctx *c, int mo, int d, int rel, int tense)
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

void tx_resolve_weekday(const ctx *c, match *m, int wd, int rel, int tense, const char *suffix)
{
    if (!c->has_anchor) {
        tx_set_val(m, "XXXX-WXX-%d%s", wd, suffix);
        return;
    }
    int aw = tx_weekday_of(c->adays);
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
    tx_set_val(m, "%04d-%02d-%02d%s", y, mo, d, suffix);
}

/* TIMEX3 codes of the seasons (tx_season order) and of the parts of the day
 * (tx_part order). */
const char *const tx_season_code[4] = {"SP", "SU", "FA", "WI"};
const char *const tx_part_code[5] = {"TMO", "TAF", "TEV", "TNI", "TDT"};
static const int season_start[4] = {3, 6, 9, 12};

/* Season s: rel < 0 last, > 0 next, 2 this, 0 by tense. */
void tx_resolve_season(const ctx *c, match *m, int s, int rel, int tense)
{
    if (!c->has_anchor) {
        tx_set_val(m, "XXXX-%s", tx_season_code[s]);
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
    tx_set_val(m, "%04d-%s", y, tx_season_code[s]);
}

void tx_shift_unit(const ctx *c, match *m, int unit, int k)
{
    if (!c->has_anchor) {
        switch (unit) {
        case TU_DAY:
            tx_set_val(m, "XXXX-XX-XX");
            break;
        case TU_WEEK:
            tx_set_val(m, "XXXX-WXX");
            break;
        case TU_WEEKEND:
            tx_set_val(m, "XXXX-WXX-WE");
            break;
        case TU_MONTH:
            tx_set_val(m, "XXXX-XX");
            break;
        case TU_QUARTER:
            tx_set_val(m, "XXXX-QX");
            break;
        case TU_DECADE:
            tx_set_val(m, "XXX");
            break;
        case TU_CENTURY:
            tx_set_val(m, "XX");
            break;
        default:
            tx_set_val(m, "XXXX");
        }
        return;
    }
    switch (unit) {
    case TU_SECOND:
    case TU_MINUTE:
    case TU_HOUR:
        tx_set_val(m, "PRESENT_REF");
        break;
    case TU_DAY:
        tx_val_date(c, m, c->adays + k);
        break;
    case TU_WEEK:
        tx_val_week(m, c->adays + 7 * k, "");
        break;
    case TU_WEEKEND:
        /* the weekend before a weekday anchor is the past one */
        tx_val_week(m, c->adays + 7 * k - (k == 0 && tx_weekday_of(c->adays) < 5 ? 7 : 0), "-WE");
        break;
    case TU_MONTH: {
        int mm = c->ay * 12 + (c->am - 1) + k;
        tx_set_val(m, "%04d-%02d", mm / 12, mm % 12 + 1);
        break;
    }
    case TU_QUARTER: {
        int q = c->ay * 4 + (c->am - 1) / 3 + k;
        tx_set_val(m, "%04d-Q%d", q / 4, q % 4 + 1);
        break;
    }
    case TU_HALFYEAR: {
        int h = c->ay * 2 + (c->am - 1) / 6 + k;
        tx_set_val(m, "%04d-H%d", h / 2, h % 2 + 1);
        break;
    }
    case TU_DECADE:
        tx_set_val(m, "%03d", c->ay / 10 + k);
        break;
    case TU_CENTURY:
        tx_set_val(m, "%02d", c->ay / 100 + k);
        break;
    case TU_MILLENNIUM:
        tx_set_val(m, "%d", c->ay / 1000 + k);
        break;
    default:
        tx_set_val(m, "%04d", c->ay + k);
    }
}

static const char unit_letter[TU__COUNT] = {'S', 'M', 'H', 'D', 'W', 'D', 'M',
                                            'M', 'M', 'Y', 'Y', 'C', 'L'};

/* A duration value: n of unit (n < 0: unknown amount, "X"). */
void tx_val_duration(match *m, int unit, int n)
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
        tx_set_val(m, "PXE");
        return;
    }
    if (n < 0)
        tx_set_val(m, "P%sX%c", time ? "T" : "", unit_letter[unit]);
    else
        tx_set_val(m, "P%s%d%c", time ? "T" : "", n * mult, unit_letter[unit]);
}
