/*
 * timex_intl_values.c - the dates stage for languages other than English:
 * TIMEX3 values from calendar arithmetic (a date, the anchor shifted by a
 * unit, durations) and the number tokens that are themselves times or
 * dates (clock "14.30-18", year ranges "2009-2011", "23.3.1987", decades
 * "1990er", Roman centuries). The matcher is timex_intl.c.
 */
#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "timex_intl_ctx.h"

void ti_put_date(ti_match *m, int64_t days)
{
    int y, mo, d;
    nx_civil_from_days(days, &y, &mo, &d);
    snprintf(m->value, sizeof(m->value), "%04d-%02d-%02d", y, mo, d);
}

int ti_weekday_of(int64_t days)
{
    int64_t w = (days + 3) % 7; /* 1970-01-01 was a Thursday */
    return (int)(w < 0 ? w + 7 : w) + 1;
}

/* The anchor moved by n units u ('D', 'W', 'M', 'Y', 'Q', 'H'), at that
 * unit's granularity; 0 for a unit without one. */
int ti_put_shift(const ti_ctx *c, ti_match *m, char u, int n)
{
    int y = c->ay, mo = c->am;
    if (!c->has_anchor) { /* no publication date: under-specified, as in English */
        static const char *const under[] = {"DXXXX-XX-XX", "WXXXX-WXX", "MXXXX-XX",
                                            "YXXXX",       "QXXXX-QX",  "HXXXX-HX"};
        for (size_t k = 0; k < sizeof(under) / sizeof(under[0]); k++)
            if (under[k][0] == u) {
                snprintf(m->value, sizeof(m->value), "%s", under[k] + 1);
                return 1;
            }
        return 0;
    }
    switch (u) {
    case 'D':
        ti_put_date(m, c->adays + n);
        return 1;
    case 'W': {
        int64_t thu = c->adays + 7 * n - ti_weekday_of(c->adays + 7 * n) + 4;
        int ty, tm, td;
        nx_civil_from_days(thu, &ty, &tm, &td);
        int wn = (int)((thu - nx_days_from_civil(ty, 1, 1)) / 7) + 1;
        snprintf(m->value, sizeof(m->value), "%04d-W%02d", ty, wn);
        return 1;
    }
    case 'M': {
        int k = y * 12 + (mo - 1) + n;
        snprintf(m->value, sizeof(m->value), "%04d-%02d", k / 12, k % 12 + 1);
        return 1;
    }
    case 'Y':
        snprintf(m->value, sizeof(m->value), "%04d", y + n);
        return 1;
    case 'Q': {
        int k = y * 4 + (mo - 1) / 3 + n;
        snprintf(m->value, sizeof(m->value), "%04d-Q%d", k / 4, k % 4 + 1);
        return 1;
    }
    case 'H': {
        int k = y * 2 + (mo - 1) / 6 + n;
        snprintf(m->value, sizeof(m->value), "%04d-H%d", k / 2, k % 2 + 1);
        return 1;
    }
    case 'C': /* "este siglo": 19 for 1901-1999... as TimeML writes it, 20 for 2000 */
        snprintf(m->value, sizeof(m->value), "%02d", y / 100 + n);
        return 1;
    }
    return 0;
}

int ti_put_duration(ti_match *m, char u, int n)
{
    switch (u) {
    case 'D':
    case 'W':
    case 'M':
    case 'Y':
        snprintf(m->value, sizeof(m->value), "P%d%c", n, u);
        return 1;
    case 'Q':
        snprintf(m->value, sizeof(m->value), "P%dM", 3 * n);
        return 1;
    case 'h':
        snprintf(m->value, sizeof(m->value), "PT%dH", n);
        return 1;
    case 's':
        snprintf(m->value, sizeof(m->value), "PT%dS", n);
        return 1;
    case 'm':
        snprintf(m->value, sizeof(m->value), "PT%dM", n);
        return 1;
    case 'E':
        snprintf(m->value, sizeof(m->value), "P%dDE", n);
        return 1;
    }
    return 0;
}

/* A vague number of units: "varios meses" PXM, "viele Stunden" PTXH. */
int ti_put_vague(ti_match *m, char u)
{
    m->type = NX_TIMEX_DURATION;
    if (u == 'h' || u == 'm' || u == 's') {
        snprintf(m->value, sizeof(m->value), "PTX%c", u == 'h' ? 'H' : u == 'm' ? 'M' : 'S');
        return 1;
    }
    if (!strchr("DWMYQEC", u) || !u)
        return 0;
    snprintf(m->value, sizeof(m->value), "PX%c", u);
    return 1;
}

/* [H]H[.MM] (1) or a range [H]H[.MM]-[H]H[.MM] (2) as the whole number
 * token i: hours and minutes in hm[0..3], the dash's byte offset in the
 * text in *dash; 0 for anything else. */
int ti_clock_token(const ti_ctx *c, size_t i, int hm[4], size_t *dash)
{
    if (i >= c->te || c->doc->toks[i].kind != NX_TOK_NUM)
        return 0;
    const nx_token *t = &c->doc->toks[i];
    const char *p = c->doc->text + t->start;
    size_t n = t->end - t->start, k = 0;
    for (int part = 0; part < 2; part++) {
        size_t d0 = k;
        int h = 0, mi = 0;
        while (k < n && k - d0 < 3 && p[k] >= '0' && p[k] <= '9')
            h = h * 10 + (p[k++] - '0');
        if (k == d0 || k - d0 > 2 || h > 24)
            return 0;
        if (k < n && (p[k] == '.' || p[k] == ':')) {
            if (k + 2 >= n || p[k + 1] < '0' || p[k + 1] > '5' || p[k + 2] < '0' || p[k + 2] > '9')
                return 0;
            mi = (p[k + 1] - '0') * 10 + (p[k + 2] - '0');
            k += 3;
        }
        hm[2 * part] = h;
        hm[2 * part + 1] = mi;
        if (k == n)
            return part + 1;
        if (part || p[k] != '-')
            return 0;
        *dash = t->start + k;
        k++;
    }
    return 0;
}

/* The value of a Roman numeral token of 1-39 ("XIX", "XXI"), else 0. */
static int roman_at(const ti_ctx *c, size_t i)
{
    if (i >= c->te || c->doc->toks[i].kind != NX_TOK_WORD)
        return 0;
    const nx_token *t = &c->doc->toks[i];
    const char *p = c->doc->text + t->start;
    int v = 0, last = 0;
    for (size_t k = t->end - t->start; k-- > 0;) {
        int d = p[k] == 'I' ? 1 : p[k] == 'V' ? 5 : p[k] == 'X' ? 10 : 0;
        if (!d)
            return 0;
        v += d < last ? -d : d;
        if (d > last)
            last = d;
    }
    return v < 40 ? v : 0;
}

/* A decade or a century at token j: "den zwanziger Jahren" 192, "1990er"
 * 199, "los años 30" 193, "la década de los noventa" 199, "década de 1970"
 * 197, "siglo XIX" 18, "20. Jahrhundert" 19, "diesem Jahrhundert". The end
 * token, or 0. */
size_t ti_era_at(const ti_ctx *c, size_t j, int mod, ti_match *m)
{
    const nx_token *t = &c->doc->toks[j];
    const char *p = c->doc->text + t->start;
    size_t n = t->end - t->start, d = 0;
    while (t->kind == NX_TOK_NUM && d < n && p[d] >= '0' && p[d] <= '9')
        d++;
    if ((d == 4 || d == 2) && p[d - 1] == '0' && d + 2 <= n && p[d] == 'e' && p[d + 1] == 'r') {
        /* "1990er", "1990er-Jahren", "80er Jahre" */
        if (d == 4)
            snprintf(m->value, sizeof(m->value), "%.3s", p);
        else
            snprintf(m->value, sizeof(m->value), "19%c", p[0]);
        return d + 2 == n && ti_plural_unit(c, j + 1) && str(c, j + 1, C_UNIT)[0] == 'Y' ? j + 2
                                                                                         : j + 1;
    }
    int dec = 0;
    size_t k = j;
    if (has(c, k, C_DECADE) && ti_plural_unit(c, k + 1) && str(c, k + 1, C_UNIT)[0] == 'Y')
        dec = val(c, k, C_DECADE), k += 2; /* "zwanziger Jahren" */
    else if (has(c, k, C_UNIT) && str(c, k, C_UNIT)[0] == 'E' && !ti_plural_unit(c, k) &&
             has(c, k + 1, C_OF)) { /* "la década de los noventa", "década de 1970" */
        k += 2;
        if (has(c, k, C_LEAD))
            k++;
        if (ti_plural_unit(c, k) && str(c, k, C_UNIT)[0] == 'Y')
            k++;
        if (ti_is_year(c, k) && c->t[k].num % 10 == 0) {
            snprintf(m->value, sizeof(m->value), "%03d", c->t[k].num / 10);
            return k + 1;
        }
        int v = has(c, k, C_NUMBER) ? val(c, k, C_NUMBER) : c->t[k].ndig == 2 ? c->t[k].num : 0;
        if (v < 10 || v > 90 || v % 10)
            return 0;
        dec = v / 10, k++;
    } else if (ti_plural_unit(c, k) && str(c, k, C_UNIT)[0] == 'Y' && k + 1 < c->doc->n_toks) {
        /* "años 30", "anos noventa" */
        int v = has(c, k + 1, C_NUMBER)    ? val(c, k + 1, C_NUMBER)
                : c->t[k + 1].ndig == 2    ? c->t[k + 1].num
                : c->t[k + 1].dotnum >= 10 ? c->t[k + 1].dotnum /* "años 30." */
                                           : 0;
        /* (the segmenter may start a sentence at "30. Las": the number may
         * lie past c->te) */
        if (v < 10 || v > 90 || v % 10)
            return 0;
        m->trim_dot = c->t[k + 1].dotnum >= 10;
        dec = v / 10, k += 2;
    }
    if (dec) {
        snprintf(m->value, sizeof(m->value), "19%d", dec);
        return k;
    }
    /* centuries */
    if (has(c, j, C_UNIT) && str(c, j, C_UNIT)[0] == 'C') {
        int r = roman_at(c, j + 1);
        if (r) {
            snprintf(m->value, sizeof(m->value), "%02d", r - 1);
            return j + 2;
        }
        if (mod != NOMOD && ti_put_shift(c, m, 'C', mod))
            return j + 1;
        return 0;
    }
    int ord = c->t[j].dotnum;
    k = j + 1;
    if (ord < 0 && c->t[j].num > 0 && c->t[j].ndig <= 2 && is_punct(c, k, '.'))
        ord = c->t[j].num, k++;
    if (ord > 0 && ord < 40 && has(c, k, C_UNIT) && str(c, k, C_UNIT)[0] == 'C') {
        snprintf(m->value, sizeof(m->value), "%02d", ord - 1);
        return k + 1;
    }
    return 0;
}

/* Digits p[0..n) as a number, or -1. */
static int digits_val(const char *p, size_t n)
{
    int v = 0;
    for (size_t k = 0; k < n; k++) {
        if (p[k] < '0' || p[k] > '9')
            return -1;
        v = v * 10 + (p[k] - '0');
    }
    return n ? v : -1;
}

/* One number token that is a date: "2009-2011", "2005/2010" (two years)
 * or "23.3.1987" (day.month.year). The end token, or 0. */
size_t ti_num_date(const ti_ctx *c, size_t j, ti_match *m)
{
    const nx_token *t = &c->doc->toks[j];
    if (t->kind != NX_TOK_NUM)
        return 0;
    const char *p = c->doc->text + t->start;
    size_t n = t->end - t->start;
    if (n == 9 && (p[4] == '-' || p[4] == '/')) {
        int y1 = digits_val(p, 4), y2 = digits_val(p + 5, 4);
        if (y1 < 1000 || y2 > 2099 || y2 <= y1)
            return 0;
        snprintf(m->value, sizeof(m->value), "%04d", y1);
        snprintf(m->value2, sizeof(m->value2), "%04d", y2);
        m->split = t->start + 4;
        return j + 1;
    }
    const char *d1 = memchr(p, '.', n);
    const char *d2 = d1 ? memchr(d1 + 1, '.', n - (size_t)(d1 + 1 - p)) : NULL;
    if (!d2)
        return 0;
    int day = digits_val(p, (size_t)(d1 - p)), mo = digits_val(d1 + 1, (size_t)(d2 - d1 - 1));
    int y = digits_val(d2 + 1, n - (size_t)(d2 + 1 - p));
    if (d1 - p > 2 || d2 - d1 - 1 > 2 || n - (size_t)(d2 + 1 - p) != 4 || y < 1000 || y > 2099 ||
        mo < 1 || mo > 12 || day < 1 || day > nx_days_in_month(y, mo))
        return 0;
    snprintf(m->value, sizeof(m->value), "%04d-%02d-%02d", y, mo, day);
    return j + 1;
}
