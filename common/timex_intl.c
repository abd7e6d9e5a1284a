/*
 * timex_intl.c - the dates stage for languages other than English
 * (timex_intl.h): one engine, every word from data.
 *
 * Words: month and weekday names and single relative-day words come from
 * the language pack (calendar.tsv, relative.tsv); the rest from the
 * hand-written config/lang/<code>/timex.tsv, loaded by timex_intl_words.c
 * (classes there and in config/lang/README.md). Each token is looked up
 * once; a match attempt at a token tries the patterns below in order and
 * matches never overlap:
 *
 *   phrase of the file (ref, set, relative)              "hoy por hoy", "cada año"
 *   each weekday | unit                                  "jeden Montag", "cada mes"
 *   [lead] [modifier] weekend                            "am Wochenende"
 *   [same] quarter|period [same] of last year            "el mismo periodo del año pasado"
 *   part [of] <any pattern>                              "Ende Juli", "final do ano"
 *   decade, century                                      "zwanziger Jahren", "siglo XIX"
 *   one number token: year range, d.m.yyyy               "2009-2011", "23.3.1987"
 *   [lead] día number | day [.] [of] month [year], lists "del 7 al 11 de septiembre"
 *   [lead] [modifier] month [[of|,] year | modifier]     "März 2024", "mayo pasado"
 *   [lead] [unit-year] year                              "el 2000", "Jahr 2012"
 *   [lead] [modifier] weekday [,] [date]                 "am Montag", "el próximo lunes"
 *   relative-day [daypart | , weekday]                   "gestern Abend", "hoy, jueves"
 *   [lead] modifier unit | unit modifier                 "letzte Woche", "mese scorso"
 *   [lead] ordinal quarter|half [of year]                "terceiro trimestre"
 *   [ago] vague unit, during + plural unit               "hace unos días", "seit Jahren"
 *   [modifier|ago] number unit [and number unit] [ago]   "los próximos tres meses"
 *   hour [.MM] clock, clock ranges and lists             "20 Uhr", "14.30-18 Uhr"
 *   ref, duration, relative-time, set, season, relative  "jetzt", "jahrelang", "anoche"
 *
 * Relative values are resolved against doc->published (YYYY-MM-DD...);
 * without it they are under-specified as in English ("am Montag"
 * XXXX-WXX-1, "gestern" XXXX-XX-XX). A bare weekday, day or month is the
 * latest one not after the publication date (news reports the past), the
 * next one with a future word near it; docs/dates.md lists the other rules.
 */
#include "timex_intl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "lang_pack.h"
#include "nx_alloc.h"
#include "timex_intl_ctx.h"
#include "timex_intl_words.h"

static void classify(ti_ctx *c, size_t i, const nx_lang_pack *pack)
{
    const nx_token *k = &c->doc->toks[i];
    ti_tok *t = &c->t[i];
    memset(t, 0, sizeof(*t));
    t->num = -1;
    t->dotnum = -1;
    const char *p = c->doc->text + k->start;
    size_t n = k->end - k->start;
    if (k->kind == NX_TOK_NUM) {
        size_t d = 0;
        int v = 0;
        while (d < n && d < 5 && p[d] >= '0' && p[d] <= '9')
            v = v * 10 + (p[d++] - '0');
        if (d == n && d <= 4) {
            t->num = v;
            t->ndig = (uint8_t)d;
        } else if (d + 1 == n && d <= 2 && p[d] == '.')
            t->dotnum = v;
        else if (d && d <= 2 && n - d < 8) { /* "1er", "1º": a day-suffix of the file */
            char suf[TI_WORD_MAX];
            suf[0] = '-';
            size_t sm = nx_lang_lower(p + d, n - d, suf + 1, sizeof(suf) - 1);
            const ti_slot *ss = sm ? ti_find(c->l, suf, sm + 1) : NULL;
            if (ss && (ss->cls & B(C_DAY_SUFFIX)))
                t->dotnum = v;
        }
        return;
    }
    if (k->kind != NX_TOK_WORD)
        return;
    char low[TI_WORD_MAX];
    size_t m = nx_lang_lower(p, n, low, sizeof(low));
    if (!m)
        return;
    t->s = ti_find(c->l, low, m);
    if (!t->s) { /* an elided article: "l'été", "dell'anno" */
        const char *ap = NULL;
        for (size_t a = 1; a < 6 && a < m && !ap; a++)
            if (low[a] == '\'')
                ap = low + a + 1;
            else if (a + 2 < m && !memcmp(low + a, "\xe2\x80\x99", 3))
                ap = low + a + 3;
        /* only after an article or preposition of the file ("l'", "dell'"),
         * not "vent'anni" */
        const ti_slot *pre = NULL;
        if (ap && ap < low + m) {
            char pw[16];
            size_t pl = (size_t)(ap - low);
            if (pl < sizeof(pw)) {
                memcpy(pw, low, pl);
                if (pl >= 3 && (uint8_t)pw[pl - 1] == 0x99) /* ’ -> ' */
                    pl -= 2, pw[pl - 1] = '\'';
                pre = ti_find(c->l, pw, pl);
            }
        }
        if (pre && (pre->cls & (B(C_LEAD) | B(C_OF) | B(C_TO) | B(C_LIST)))) {
            size_t rest = m - (size_t)(ap - low);
            memmove(low, ap, rest);
            m = rest;
            t->s = ti_find(c->l, low, m);
        }
    }
    if (t->s)
        t->cls = t->s->cls;
    if (pack && !t->cls && m >= 8) {
        /* a weekday and a part of the day in one word: "Dienstagabend" */
        for (size_t d = 0; d < c->l->n_dayparts; d++) {
            size_t dl = c->l->dayparts_len[d];
            int v = 0;
            if (m >= dl + 5 && !memcmp(low + m - dl, c->l->dayparts[d], dl) &&
                (nx_lang_pack_word(pack, low, m - dl, &v) & NX_LW_WEEKDAY)) {
                const ti_slot *ds = ti_find(c->l, c->l->dayparts[d], dl);
                t->cls |= B(C_WEEKDAY);
                t->pack_val = v;
                t->dp = ds ? ds->str[C_DAYPART] : NULL;
                return;
            }
        }
    }
    if (pack) {
        int v = 0;
        unsigned pc = nx_lang_pack_word(pack, low, m, &v);
        static const int map[6] = {C_MONTH,    C_WEEKDAY,   C_REL_DAY,
                                   C_REL_WEEK, C_REL_MONTH, C_REL_YEAR};
        for (int b = 0; b < 6; b++)
            if (pc & (1u << b)) {
                if (!(t->cls & B(map[b]))) {
                    t->cls |= B(map[b]);
                    t->pack_val = v;
                }
                break; /* the pack gives the value of its first class only */
            }
    }
}

/* The file's phrase starting at token i (2-3 words), its words in *n. */
static const ti_slot *phrase_scan(const ti_ctx *c, size_t i, size_t *n)
{
    for (size_t w = TI_PHRASE; w >= 2; w--) {
        if (i + w > c->te)
            continue;
        char buf[TI_WORD_MAX * 2], low[TI_WORD_MAX * 2];
        size_t k = 0;
        for (size_t j = i; j < i + w; j++) {
            const nx_token *t = &c->doc->toks[j];
            size_t len = t->end - t->start;
            if (k + len + 1 >= sizeof(buf))
                return NULL;
            if (j > i)
                buf[k++] = ' ';
            memcpy(buf + k, c->doc->text + t->start, len);
            k += len;
        }
        size_t m = nx_lang_lower(buf, k, low, sizeof(low));
        const ti_slot *s = m ? ti_find(c->l, low, m) : NULL;
        if (s && s->words == w) {
            *n = w;
            return s;
        }
    }
    return NULL;
}

/* phrase_scan once per token (a match attempt asks several times). */
static const ti_slot *phrase_at(const ti_ctx *c, size_t i, size_t *n)
{
    ti_tok *t = &c->t[i];
    if (!t->ph_done) {
        size_t w = 0;
        t->ph_done = 1;
        t->ph = phrase_scan(c, i, &w);
        t->phn = (uint8_t)w;
    }
    if (t->ph)
        *n = t->phn;
    return t->ph;
}

/* A clock time on the day named last in the sentence ("morgen um 20 Uhr"),
 * else on the publication date. */
static void put_clock(const ti_ctx *c, ti_match *m, int h, int mi)
{
    m->type = NX_TIMEX_TIME;
    if (c->day[0])
        snprintf(m->value, sizeof(m->value), "%sT%02d:%02d", c->day, h, mi);
    else if (!c->has_anchor)
        snprintf(m->value, sizeof(m->value), "XXXX-XX-XXT%02d:%02d", h, mi);
    else
        snprintf(m->value, sizeof(m->value), "%04d-%02d-%02dT%02d:%02d", c->ay, c->am, c->ad, h,
                 mi);
}

/* The quarter named last in the document, n years back: in a quarterly
 * report "a year ago" and "last year" are that quarter of last year
 * (the TimeBank convention). */
static void put_quarter_back(const ti_ctx *c, ti_match *m, int n)
{
    snprintf(m->value, sizeof(m->value), "%04d-Q%d", c->qy - n, c->qn);
    m->from_quarter = 1;
}

/* The phrase of the file (2-3 words) or the word at token j with class cls:
 * its words, or 0. */
static size_t words_of(const ti_ctx *c, size_t j, int cls)
{
    size_t n = 0;
    if (has(c, j, C_PHSTART)) {
        const ti_slot *s = phrase_at(c, j, &n);
        if (s && (s->cls & B(cls)))
            return n;
    }
    return has(c, j, cls) ? 1 : 0;
}

/* [of|,] year after token i-1: the year's token + 1, or 0. */
static size_t year_after(const ti_ctx *c, size_t i, int *y)
{
    if (ti_is_year(c, i)) {
        *y = c->t[i].num;
        return i + 1;
    }
    if ((has(c, i, C_OF) || is_punct(c, i, ',')) && ti_is_year(c, i + 1)) {
        *y = c->t[i + 1].num;
        return i + 2;
    }
    return 0;
}

/* A month name standing alone: a full name (four letters or more, no dot,
 * or a short full name the file lists as a month: "Mai", "mei"). */
static int month_alone(const ti_ctx *c, size_t i)
{
    const nx_token *k = &c->doc->toks[i];
    const char *p = c->doc->text + k->start;
    size_t n = k->end - k->start, cps = 0;
    for (size_t j = 0; j < n; j++)
        cps += ((uint8_t)p[j] & 0xC0) != 0x80;
    const ti_slot *s = c->t[i].s;
    return (cps >= 4 || (s && (s->cls & B(C_MONTH)))) && p[n - 1] != '.';
}

/* The sentence speaks of the future: one of its words is of class future
 * ("wird", "vai") or ends with a future ending of the file ("-rá": "será",
 * "regresarán" ends with "-rán"; endings are entries starting with '-'). */
#define FUTURE_WINDOW 10

/* The tense marker of token i: 1 a future word or ending of the file
 * ("wird", "vai", "-rá"), -1 a past one ("hat", "a", "-ó"), else 0
 * (endings are entries starting with '-'). */
static int tense_scan(const ti_ctx *c, size_t i)
{
    if (c->t[i].cls & B(C_FUTURE))
        return 1;
    if (c->t[i].cls & B(C_PAST))
        return -1;
    const nx_token *k = &c->doc->toks[i];
    size_t n = k->end - k->start;
    if (k->kind != NX_TOK_WORD || n < 5)
        return 0;
    char low[TI_WORD_MAX];
    size_t m = nx_lang_lower(c->doc->text + k->start, n, low, sizeof(low));
    for (size_t e = 2; m && e <= 4 && e + 2 <= m; e++) {
        char suf[8];
        suf[0] = '-';
        memcpy(suf + 1, low + m - e, e);
        const ti_slot *sl = ti_find(c->l, suf, e + 1);
        if (sl && (sl->cls & B(C_FUTURE)))
            return 1;
        if (sl && (sl->cls & B(C_PAST)))
            return -1;
    }
    return 0;
}

/* tense_scan once per token. */
static int tense_of(const ti_ctx *c, size_t i)
{
    ti_tok *t = &c->t[i];
    if (!t->tense2)
        t->tense2 = (uint8_t)(tense_scan(c, i) + 2);
    return t->tense2 - 2;
}

/* The expression at c->mb speaks of the future: the nearest tense marker
 * within FUTURE_WINDOW tokens of its sentence is a future one. */
static int future_sentence(const ti_ctx *c)
{
    for (size_t d = 1; d <= FUTURE_WINDOW; d++) {
        int t = 0;
        if (c->mb >= c->tb + d)
            t = tense_of(c, c->mb - d);
        if (!t && c->mb + d < c->te)
            t = tense_of(c, c->mb + d);
        if (t)
            return t > 0;
    }
    return 0;
}
/* The expression at c->mb looks ahead: its sentence speaks of the future.
 * (A word of class to before it, "hasta marzo", "até agosto", is as often
 * in a past sentence: no cue.) */
static int ahead(const ti_ctx *c)
{
    return future_sentence(c);
}

/* A date without a year more than this many days after the publication
 * date is taken as last year's (news reports the past). */
#define PAST_BIAS_DAYS 60

/* A modifier after token k-1 ("el lunes pasado", "marzo próximo"): sets
 * *mod when it has none and returns the token after it, else k. */
static size_t mod_after(const ti_ctx *c, size_t k, int *mod)
{
    if (*mod == NOMOD && has(c, k, C_MODIFIER)) {
        *mod = val(c, k, C_MODIFIER);
        return k + 1;
    }
    return k;
}

/* [of] [modifier] year-unit [modifier] after a month ("Juli dieses Jahres",
 * "junho do ano passado"): the year it names in *y, the end token or 0. */
static size_t year_of_unit(const ti_ctx *c, size_t k, int *y)
{
    int mod = NOMOD;
    if (has(c, k, C_OF) || has(c, k, C_LEAD))
        k++;
    k = mod_after(c, k, &mod);
    if (!has(c, k, C_UNIT) || str(c, k, C_UNIT)[0] != 'Y')
        return 0;
    k = mod_after(c, k + 1, &mod);
    if (mod == NOMOD || !c->has_anchor)
        return 0;
    *y = c->ay + mod;
    return k;
}

/* [same] quarter|period [same] of [lead] (modifier year-unit | year-unit
 * modifier | relative-year): "o mesmo trimestre do ano passado", "período
 * homólogo do ano anterior", "dem gleichen Zeitraum des Vorjahres": in a
 * report on a quarter, that quarter a year back (the TimeBank convention);
 * "o trimestre correspondente de 1988": that quarter of the year named.
 * The end token, or 0 when no quarter was named before. */
static size_t same_period(const ti_ctx *c, size_t k, ti_match *m)
{
    if (!c->qn)
        return 0;
    if (has(c, k, C_SAME))
        k++;
    if (!has(c, k, C_PERIOD) && !(has(c, k, C_UNIT) && str(c, k, C_UNIT)[0] == 'Q'))
        return 0;
    k++;
    if (has(c, k, C_SAME))
        k++;
    if (!has(c, k, C_OF))
        return 0;
    k++;
    if (has(c, k, C_LEAD))
        k++;
    int n;
    if (ti_is_year(c, k)) { /* "o trimestre correspondente de 1988" */
        snprintf(m->value, sizeof(m->value), "%04d-Q%d", c->t[k].num, c->qn);
        m->from_quarter = 1;
        return k + 1;
    }
    if (has(c, k, C_MODIFIER) && has(c, k + 1, C_UNIT) && str(c, k + 1, C_UNIT)[0] == 'Y')
        n = val(c, k, C_MODIFIER);
    else if (has(c, k, C_UNIT) && str(c, k, C_UNIT)[0] == 'Y' && has(c, k + 1, C_MODIFIER))
        n = val(c, k + 1, C_MODIFIER);
    else if (has(c, k, C_REL_YEAR)) {
        n = val(c, k, C_REL_YEAR);
        k--;
    } else
        return 0;
    if (n >= 0)
        return 0;
    put_quarter_back(c, m, -n);
    return k + 2;
}

/* day [.] [of] month [year]: the end token, or 0. */
static int day_at(const ti_ctx *c, size_t j)
{
    int day = j < c->te ? (c->t[j].num >= 0 ? c->t[j].num : c->t[j].dotnum) : -1;
    return day >= 1 && day <= 31 && c->t[j].ndig <= 2 ? day : 0;
}

/* The month of a list of days after token k-1 ("16. und 17. Jänner", "del 7
 * al 11 de septiembre", "11., 18., und 25. März"): its token, or 0. */
static size_t list_month(const ti_ctx *c, size_t k)
{
    /* the segmenter may end a sentence inside the list ("am 10 und | 11.
     * Februar"): the list may run past c->te */
    ti_ctx w = *c;
    w.te = c->doc->n_toks;
    for (size_t n = 0; k < w.te && n < 12; k++, n++) {
        if (has(&w, k, C_MONTH))
            return k;
        if (!day_at(&w, k) && !is_punct(&w, k, '.') && !is_punct(&w, k, ',') &&
            !(w.t[k].cls & (B(C_AND) | B(C_TO) | B(C_LEAD) | B(C_OF) | B(C_LIST))))
            return 0;
    }
    return 0;
}

/* The year of day/mo without a year, given its modifier: the last one
 * (news reports the past), the next one in a sentence of the future or
 * within PAST_BIAS_DAYS ahead. */
static int year_of_day(const ti_ctx *c, int mod, int mo, int day)
{
    int y = c->ay;
    int64_t dd = nx_days_from_civil(y, mo, day);
    if (mod == NOMOD && ahead(c))
        y += dd < c->adays; /* "se estrenará el 6 de septiembre" */
    else if (mod == NOMOD && day <= nx_days_in_month(y + 1, mo) &&
             nx_days_from_civil(y + 1, mo, day) - c->adays <= PAST_BIAS_DAYS)
        y++; /* "am 14. Jänner" in December: within two months ahead */
    else if (mod == NOMOD ? dd > c->adays + PAST_BIAS_DAYS : mod < 0 && dd > c->adays)
        y--;
    else if (mod != NOMOD && mod > 0 && dd < c->adays)
        y++;
    return y;
}

/* A holiday of fixed date at token j (class holiday, value MM-DD:
 * "Weihnachten", "Navidad", "Ano Novo"), [year] after it: the end token,
 * or 0. */
static size_t holiday(const ti_ctx *c, size_t j, int mod, ti_match *m)
{
    size_t n = words_of(c, j, C_HOLIDAY);
    if (!n)
        return 0;
    const ti_slot *s = n > 1 ? phrase_at(c, j, &n) : c->t[j].s;
    const char *v = s->str[C_HOLIDAY];
    int mo = atoi(v), day = atoi(v + 3), y;
    if (strlen(v) != 5 || v[2] != '-' || mo < 1 || mo > 12 || day < 1 || day > 31)
        return 0;
    size_t k = j + n, ye = year_after(c, k, &y);
    if (ye)
        k = ye;
    else if (!c->has_anchor) {
        snprintf(m->value, sizeof(m->value), "XXXX-%02d-%02d", mo, day);
        return k;
    } else
        y = year_of_day(c, mod, mo, day);
    snprintf(m->value, sizeof(m->value), "%04d-%02d-%02d", y, mo, day);
    return k;
}

/* day [.] [of] month [year], or the first day of a list before its month;
 * with day_only ("el día 8") a day without a month is in the publication
 * date's month. The end token, or 0. */
static size_t day_month(const ti_ctx *c, size_t j, int mod, ti_match *m, int day_only)
{
    int day = day_at(c, j);
    if (!day)
        return 0;
    size_t k = j + 1;
    if (c->t[j].num >= 0 && is_punct(c, k, '.'))
        k++;
    size_t mk = k, end = 0;
    if (has(c, mk, C_OF))
        mk++;
    if (!has(c, mk, C_MONTH)) {
        end = k;
        mk = list_month(c, k);
    }
    if (!mk && day_only && c->has_anchor) {
        if (day > nx_days_in_month(c->ay, c->am))
            return 0;
        snprintf(m->value, sizeof(m->value), "%04d-%02d-%02d", c->ay, c->am, day);
        return k;
    }
    if (!mk)
        return 0;
    k = mk;
    int mo = val(c, k, C_MONTH), y = 0;
    k++;
    size_t ye = year_after(c, k, &y);
    if (!ye)
        ye = year_of_unit(c, k, &y);
    if (ye)
        k = ye;
    else if (!c->has_anchor) {
        snprintf(m->value, sizeof(m->value), "XXXX-%02d-%02d", mo, day);
        return end ? end : k;
    } else {
        k = mod_after(c, k, &mod);
        y = year_of_day(c, mod, mo, day);
    }
    if (day > nx_days_in_month(y, mo))
        return 0;
    snprintf(m->value, sizeof(m->value), "%04d-%02d-%02d", y, mo, day);
    return end ? end : k;
}

static size_t match_at(const ti_ctx *c, size_t i, ti_match *m);

/* The number at token j counts a measure or money: "1400 Euro", "von 1450
 * bis 1850 Mark" (a word of class measure after it, or after the number
 * a word of class to leads to). */
static int quantity(const ti_ctx *c, size_t j)
{
    if (has(c, j + 1, C_MEASURE))
        return 1;
    return has(c, j + 1, C_TO) && j + 2 < c->te && c->doc->toks[j + 2].kind == NX_TOK_NUM &&
           has(c, j + 3, C_MEASURE);
}

/* A year phrase of duration ("ano fiscal", "ano findo") ending before token
 * k: the year named after it ("ano fiscal de 1989": 1989), else a year. */
static size_t fiscal_year(const ti_ctx *c, size_t k, ti_match *m)
{
    if (has(c, k, C_OF) && ti_is_year(c, k + 1)) {
        snprintf(m->value, sizeof(m->value), "%04d", c->t[k + 1].num);
        return k + 2;
    }
    m->type = NX_TIMEX_DURATION;
    snprintf(m->value, sizeof(m->value), "P1Y");
    return k;
}

/* The date named last in the document moved by n units u ('Y', 'M', 'D'):
 * "no ano seguinte" after "maio de 1995" is 1996. 0 when that date lacks
 * the unit (or none was named): the publication date is the anchor. */
static int anaphor_put(const ti_ctx *c, ti_match *m, char u, int n)
{
    const char *v = c->dlast;
    size_t len = strlen(v);
    int y = atoi(v);
    if (!v[0])
        return 0;
    if (u == 'Y') {
        snprintf(m->value, sizeof(m->value), "%04d", y + n);
        return 1;
    }
    if (len < 7 || v[4] != '-' || v[5] < '0' || v[5] > '1')
        return 0;
    int mo = atoi(v + 5);
    if (u == 'M') {
        int k = y * 12 + (mo - 1) + n;
        snprintf(m->value, sizeof(m->value), "%04d-%02d", k / 12, k % 12 + 1);
        return 1;
    }
    if (u == 'D' && len == 10 && v[7] == '-') {
        ti_put_date(m, nx_days_from_civil(y, mo, atoi(v + 8)) + n);
        return 1;
    }
    return 0;
}

static int anaphor(const ti_ctx *c, ti_match *m, char u, int n)
{
    return (m->anaphoric = anaphor_put(c, m, u, n));
}

/* The sentence of token j names a day or a time besides it: a clock word,
 * another relative day, a weekday, a part of the day, a day of a month;
 * or j follows a word of class to ("bis heute"). Without one, a word of
 * class general ("heute") states something of the present ("nowadays"). */
static int day_cue(const ti_ctx *c, size_t j)
{
    if (j > c->tb && has(c, j - 1, C_TO))
        return 1;
    for (size_t k = c->tb; k < c->te; k++)
        if (k != j && (has(c, k, C_CLOCK) || has(c, k, C_REL_DAY) || has(c, k, C_WEEKDAY) ||
                       has(c, k, C_DAYPART) || has(c, k, C_REL_TIME) || day_at(c, k)))
            return 1;
    return 0;
}

/* A part of the day after a day just matched ending before token k
 * ("sábado à noite", "el jueves por la tarde" with por as a word of class
 * to): the time, and the end token. */
static size_t with_daypart(const ti_ctx *c, size_t k, ti_match *m)
{
    size_t p = k;
    if (has(c, p, C_TO) || has(c, p, C_OF))
        p++;
    if (has(c, p, C_LEAD) && p > k)
        p++;
    if (!has(c, p, C_DAYPART) || strlen(m->value) != 10)
        return k;
    size_t len = strlen(m->value);
    snprintf(m->value + len, sizeof(m->value) - len, "T%s", str(c, p, C_DAYPART));
    m->type = NX_TIMEX_TIME;
    return p + 1;
}

/* The clock time h:mi whose number ends before token k, when a clock word
 * follows ("20 Uhr", "8.15 hora local", "13.00 GMT" with value Z), or
 * "of the <part of the day>" ("las 11 de la mañana", "às 10 horas da
 * noite" +12), or bare when bare_ok ("a las 21.30"); then "of <day>" names
 * its day. The end token, or 0. */
static size_t clock_at(const ti_ctx *c, size_t k, int h, int mi, int bare_ok, ti_match *m)
{
    int ok = bare_ok, z = 0;
    size_t n;
    if ((n = words_of(c, k, C_CLOCK))) {
        const ti_slot *s = n > 1 ? phrase_at(c, k, &n) : c->t[k].s;
        z = s && s->str[C_CLOCK][0] == 'Z';
        ok = 1;
        k += n;
        if ((n = words_of(c, k, C_CLOCK))) /* "horas locales" */
            k += n;
    }
    size_t p = k;
    if (has(c, p, C_OF) && has(c, p + 1, C_LEAD))
        p++;
    if (has(c, p, C_OF) || (p > k && has(c, p, C_LEAD)))
        p++;
    if (p > k && has(c, p, C_LEAD))
        p++;
    if (p > k && has(c, p, C_DAYPART) && h <= 12) {
        const char *dp = str(c, p, C_DAYPART);
        if (h < 12 && (!strcmp(dp, "AF") || !strcmp(dp, "EV") || (!strcmp(dp, "NI") && h >= 6)))
            h += 12;
        ok = 1;
        k = p + 1;
    }
    if (!ok)
        return 0;
    ti_match d;
    memset(&d, 0, sizeof(d));
    p = k;
    if (has(c, p, C_OF)) /* "de quarta-feira", "de ayer" */
        p++;
    size_t e = p > k && (has(c, p, C_WEEKDAY) || has(c, p, C_REL_DAY) || day_at(c, p))
                   ? match_at(c, p, &d)
                   : 0;
    put_clock(c, m, h, mi);
    if (e && d.type == NX_TIMEX_DATE && strlen(d.value) == 10) {
        snprintf(m->value, sizeof(m->value), "%.10sT%02u:%02u", d.value, (unsigned)h % 100u,
                 (unsigned)mi % 100u);
        k = e;
    }
    if (z) {
        size_t len = strlen(m->value);
        snprintf(m->value + len, sizeof(m->value) - len, "Z");
    }
    return k;
}

/* The number and year unit at [j, k) (match from i) are an age: an age
 * word before it after a comma ("Amir, de 27 anos"; "um mínimo de cinco
 * anos" is a time), or one of value "any" ("ab 16 Jahren"), or one of value
 * "after" right after it ("16 Jahre alt"). */
static int is_age(const ti_ctx *c, size_t i, size_t j, size_t k)
{
    if (i == j && i > c->tb && has(c, i - 1, C_AGE)) {
        const ti_slot *s = c->t[i - 1].s;
        const char *v = s && (s->cls & B(C_AGE)) ? s->str[C_AGE] : "";
        if (!strcmp(v, "any") || (strcmp(v, "after") && i > c->tb + 1 && is_punct(c, i - 2, ',')))
            return 1;
    }
    size_t n = words_of(c, k, C_AGE);
    const ti_slot *s = n > 1 ? phrase_at(c, k, &n) : n ? c->t[k].s : NULL;
    return s && (s->cls & B(C_AGE)) && !strcmp(s->str[C_AGE], "after");
}

/* A season at token j: "Sommer 2024", "Sommer des Jahres 2005", "letzten
 * Sommer", "outono passado", "el verano": the end token. */
static size_t season(const ti_ctx *c, size_t j, int mod, ti_match *m)
{
    static const char codes[] = "SPSUFAWI";
    const char *se = str(c, j, C_SEASON);
    const char *at = strstr(codes, se);
    int start = at && strlen(se) == 2 ? 3 + 3 * (int)((at - codes) / 2) : 3; /* 3 6 9 12 */
    int y = 0;
    size_t k = year_after(c, j + 1, &y);
    if (!k && has(c, j + 1, C_OF) && has(c, j + 2, C_UNIT) && str(c, j + 2, C_UNIT)[0] == 'Y' &&
        ti_is_year(c, j + 3)) { /* "Sommer des Jahres 2005" */
        y = c->t[j + 3].num;
        k = j + 4;
    }
    if (k) {
        snprintf(m->value, sizeof(m->value), "%04d-%s", y, se);
        return k;
    }
    k = mod_after(c, j + 1, &mod);
    if (!c->has_anchor) {
        snprintf(m->value, sizeof(m->value), "XXXX-%s", se);
        return k;
    }
    y = c->ay;
    if (mod < 0 && mod != NOMOD) /* "last summer": last year's, as TimeBank reads it */
        y -= start == 12 && c->am <= 2 ? 2 : 1;
    else if (mod > 0 && mod != NOMOD)
        y += start == 12 ? (c->am == 12) : (c->am >= start);
    snprintf(m->value, sizeof(m->value), "%04d-%s", y, se);
    return k;
}

static size_t match_at(const ti_ctx *c, size_t i, ti_match *m)
{
    size_t j = i;
    m->type = NX_TIMEX_DATE;
    int anchor = c->has_anchor;
    if (has(c, j, C_PHSTART)) {
        size_t n = 0;
        const ti_slot *s = phrase_at(c, j, &n);
        if (s && (s->cls & B(C_STOP)))
            return 0; /* never a time expression: "até agora" */
        if (s && (s->cls & (B(C_REF) | B(C_SET)))) {
            int set = !!(s->cls & B(C_SET));
            m->type = set ? NX_TIMEX_SET : NX_TIMEX_DATE;
            snprintf(m->value, sizeof(m->value), "%s", s->str[set ? C_SET : C_REF]);
            return j + n;
        }
        static const struct {
            int cls;
            char u;
        } rel[] = {{C_REL_DAY, 'D'}, {C_REL_WEEK, 'W'}, {C_REL_MONTH, 'M'}, {C_REL_YEAR, 'Y'}};
        for (size_t r = 0; s && r < 4; r++)
            if (s->cls & B(rel[r].cls)) {
                if ((s->cls & B(C_ANAPHOR)) && anaphor(c, m, rel[r].u, s->val[rel[r].cls]))
                    return j + n; /* "am Tag zuvor": the day before the one named */
                return ti_put_shift(c, m, rel[r].u, s->val[rel[r].cls]) ? j + n : 0;
            }
    }
    size_t ne = words_of(c, j, C_EACH);
    if (ne && j + ne < c->te) { /* "jeden Montag", "cada lunes", "todas as semanas" */
        size_t e = j + ne, nth = 0;
        m->type = NX_TIMEX_SET;
        if ((has(c, e, C_ORDINAL) || has(c, e, C_MODIFIER)) && has(c, e + 1, C_WEEKDAY)) {
            size_t pn = 0; /* "jeden letzten Samstag im Monat": monthly */
            const ti_slot *ps = has(c, e + 2, C_PHSTART) ? phrase_at(c, e + 2, &pn) : NULL;
            if (ps && (ps->cls & B(C_SET))) {
                snprintf(m->value, sizeof(m->value), "%s", ps->str[C_SET]);
                return e + 2 + pn;
            }
            nth = 1;
        }
        e += nth;
        if (has(c, e, C_WEEKDAY) && month_alone(c, e)) {
            snprintf(m->value, sizeof(m->value), "XXXX-WXX-%d%s%s", val(c, e, C_WEEKDAY),
                     c->t[e].dp ? "T" : "", c->t[e].dp ? c->t[e].dp : "");
            return e + 1;
        }
        char u = has(c, e, C_UNIT) ? str(c, e, C_UNIT)[0] : 0;
        if (u && strchr("DWMYQ", u)) {
            if (u == 'Q')
                snprintf(m->value, sizeof(m->value), "P3M");
            else
                snprintf(m->value, sizeof(m->value), "P1%c", u);
            return e + 1;
        }
        m->type = NX_TIMEX_DATE;
    }
    int ago = 0, lead = 0;
    size_t na = words_of(c, j, C_AGO);
    const ti_slot *as = na > 1 ? phrase_at(c, j, &na) : NULL;
    if (na && (as ? as->val[C_AGO] : val(c, j, C_AGO)) < 0) { /* "hace", "il y a" */
        ago = 1;
        j += na;
    } else if (has(c, j, C_LEAD) && j + 1 < c->te) {
        lead = 1;
        j++;
    }
    int mod = NOMOD;
    size_t mpos = j;
    if (!ago && has(c, j, C_MODIFIER)) {
        mod = val(c, j, C_MODIFIER);
        j++;
    }
    if (j >= c->te)
        return 0;
    size_t k, nw;
    if (!ago && (nw = words_of(c, j, C_WEEKEND))) {
        /* "am Wochenende", "el pasado fin de semana": the weekend before the
         * publication date (news reports the past), this week's on a
         * weekend or in a future sentence */
        int wk = mod;
        if (mod == NOMOD)
            wk = c->has_anchor && ti_weekday_of(c->adays) < 6 && !future_sentence(c) ? -1 : 0;
        if (!ti_put_shift(c, m, 'W', wk))
            return 0;
        size_t len = strlen(m->value);
        snprintf(m->value + len, sizeof(m->value) - len, "-WE");
        return j + nw;
    }
    if (!ago && mod == NOMOD && (k = same_period(c, j, m)))
        return k;
    if (!ago && (k = ti_era_at(c, j, mod, m)))
        return k;
    if (!ago && mod == NOMOD && has(c, j, C_PART) && j + 1 < c->te) {
        /* "Ende Juli", "Anfang des Jahres", "a finales del año": the value of
         * the time it is a part of */
        k = j + 1;
        if (has(c, k, C_OF))
            k++;
        size_t e = k < c->te && !has(c, k, C_PART) ? match_at(c, k, m) : 0; /* one level */
        if (e)
            return e;
        if (has(c, k, C_LEAD))
            k++;
        if (has(c, k, C_UNIT) && str(c, k, C_UNIT)[0] == 'Y' && !ti_plural_unit(c, k) &&
            ti_put_shift(c, m, 'Y', 0)) /* "final do ano": this year */
            return k + 1;
        m->type = NX_TIMEX_DATE;
        return 0;
    }
    if (!ago && mod == NOMOD && (k = ti_num_date(c, j, m)))
        return k;
    /* "el día 8", "los días 15 y 16 de marzo" */
    if (!ago && mod == NOMOD && j > i && has(c, j, C_UNIT) && str(c, j, C_UNIT)[0] == 'D' &&
        (k = day_month(c, j + 1, NOMOD, m, 1)))
        return k;
    if (!ago && (k = holiday(c, j, mod, m)))
        return k;
    if (!ago && (c->t[j].num >= 0 || c->t[j].dotnum >= 0) && (k = day_month(c, j, mod, m, 0)))
        return k;
    if (!ago && has(c, j, C_MONTH)) {
        int mo = val(c, j, C_MONTH), y = 0;
        if ((k = year_after(c, j + 1, &y)) || (k = year_of_unit(c, j + 1, &y))) {
            snprintf(m->value, sizeof(m->value), "%04d-%02d", y, mo);
            return k;
        }
        k = mod_after(c, j + 1, &mod);
        if (!anchor && (mod != NOMOD || month_alone(c, j))) {
            snprintf(m->value, sizeof(m->value), "XXXX-%02d", mo);
            return k;
        }
        if (anchor && (mod != NOMOD || month_alone(c, j))) {
            y = c->ay;
            if (mod == NOMOD && ahead(c))
                y += mo < c->am; /* "até agosto", "vai em janeiro" */
            else if (mod == NOMOD ? mo * 30 > c->am * 30 + PAST_BIAS_DAYS : mod < 0 && mo >= c->am)
                y--;
            else if (mod == NOMOD ? c->am - mo >= 10 : mod > 0 && mo <= c->am)
                y++;
            snprintf(m->value, sizeof(m->value), "%04d-%02d", y, mo);
            return k;
        }
    }
    if (!ago && mod == NOMOD && ti_is_year(c, j) && !is_punct(c, j + 1, '%') &&
        !has(c, j + 1, C_UNIT) && !(j == i && i > c->tb && has(c, i - 1, C_APPROX)) &&
        !quantity(c, j)) {
        /* (not after "rund", "mindestens": "rund 1200 Unterschriften") */
        snprintf(m->value, sizeof(m->value), "%04d", c->t[j].num);
        return j + 1;
    }
    if (!ago && has(c, j, C_UNIT) && str(c, j, C_UNIT)[0] == 'Y' && mod == NOMOD &&
        ti_is_year(c, j + 1)) {
        snprintf(m->value, sizeof(m->value), "%04d", c->t[j + 1].num);
        return j + 2;
    }
    if (!ago && has(c, j, C_WEEKDAY)) {
        k = j + 1;
        if (is_punct(c, k, ','))
            k++;
        size_t e;
        if (k < c->te && (c->t[k].num >= 0 || c->t[k].dotnum >= 0) &&
            (e = day_month(c, k, mod, m, 0)))
            return e;
        if (!month_alone(c, j))
            return 0;
        k = mod_after(c, j + 1, &mod);
        int w = val(c, j, C_WEEKDAY), dow = ti_weekday_of(c->adays);
        if (!anchor) { /* "am Montag" without a publication date, as in English */
            snprintf(m->value, sizeof(m->value), "XXXX-WXX-%d", w);
            return k;
        }
        int64_t d;
        if (mod == NOMOD && ahead(c))
            d = c->adays + (w - dow + 7) % 7;
        else if (mod == NOMOD)
            d = c->adays - (dow - w + 7) % 7;
        else if (mod < 0)
            d = c->adays - ((dow - w + 7) % 7 ? (dow - w + 7) % 7 : 7);
        else if (mod > 0)
            d = c->adays + ((w - dow + 7) % 7 ? (w - dow + 7) % 7 : 7);
        else
            d = c->adays - dow + w;
        ti_put_date(m, d);
        if (c->t[j].dp) { /* "Dienstagabend" */
            size_t len = strlen(m->value);
            snprintf(m->value + len, sizeof(m->value) - len, "T%s", c->t[j].dp);
            m->type = NX_TIMEX_TIME;
            return k;
        }
        return with_daypart(c, k, m);
    }
    /* "la noche del viernes", "noite de sábado", "die Nacht zum Sonntag": a
     * part of a day named after it */
    if (!ago && mod == NOMOD && has(c, j, C_DAYPART) &&
        (has(c, j + 1, C_OF) || has(c, j + 1, C_TO))) {
        k = j + 2;
        if (has(c, k, C_LEAD))
            k++;
        ti_match d;
        memset(&d, 0, sizeof(d));
        size_t e =
            k < c->te && (has(c, k, C_WEEKDAY) || has(c, k, C_REL_DAY)) ? match_at(c, k, &d) : 0;
        if (e && d.type == NX_TIMEX_DATE && strlen(d.value) == 10) {
            m->type = NX_TIMEX_TIME;
            snprintf(m->value, sizeof(m->value), "%.10sT%.8s", d.value, str(c, j, C_DAYPART));
            return e;
        }
    }
    /* "la mañana", "esta mañana": a part of the day, not tomorrow */
    if (!ago && !lead && mod == NOMOD && has(c, j, C_REL_DAY) &&
        !(j > 0 && (has(c, j - 1, C_LEAD) || has(c, j - 1, C_MODIFIER) || has(c, j - 1, C_AT)) &&
          has(c, j, C_DAYPART))) {
        if (has(c, j, C_GENERAL) && !has(c, j + 1, C_DAYPART) && !day_cue(c, j)) {
            snprintf(m->value, sizeof(m->value), "%s", str(c, j, C_GENERAL));
            return j + 1; /* "Jedes Kind hat heute ein Risiko": nowadays */
        }
        if (has(c, j, C_ANAPHOR) && anaphor(c, m, 'D', val(c, j, C_REL_DAY)))
            ; /* "vom Vortag": the day before the one named */
        else if (anchor)
            ti_put_date(m, c->adays + val(c, j, C_REL_DAY));
        else
            snprintf(m->value, sizeof(m->value), "XXXX-XX-XX");
        /* "gestern Abend", "hoje de manhã" */
        size_t dp = has(c, j + 1, C_DAYPART)                          ? j + 1
                    : has(c, j + 1, C_OF) && has(c, j + 2, C_DAYPART) ? j + 2
                                                                      : 0;
        if (dp) {
            size_t len = strlen(m->value);
            snprintf(m->value + len, sizeof(m->value) - len, "T%s", str(c, dp, C_DAYPART));
            m->type = NX_TIMEX_TIME;
            return dp + 1;
        }
        k = j + 1;
        if (is_punct(c, k, ','))
            k++;
        return has(c, k, C_WEEKDAY) ? k + 1 : j + 1;
    }
    if (!ago && mod == NOMOD && has(c, j, C_DAYPART) && c->mb > c->tb && has(c, c->mb - 1, C_AT) &&
        (lead || strcmp(str(c, c->mb - 1, C_AT), "lead") != 0) &&
        !(c->mb > c->tb + 1 && (has(c, c->mb - 2, C_REL_DAY) || has(c, c->mb - 2, C_WEEKDAY)))) {
        /* "am Nachmittag", "por la tarde", "à noite": on the day named last
         * in the sentence, else in the document, else the publication's
         * ("por noche" is a rate; "ontem à noite" leaves the part out) */
        const char *day = c->day[0] ? c->day : c->dday;
        m->type = NX_TIMEX_TIME;
        if (day[0])
            snprintf(m->value, sizeof(m->value), "%sT%s", day, str(c, j, C_DAYPART));
        else if (anchor)
            snprintf(m->value, sizeof(m->value), "%04d-%02d-%02dT%s", c->ay, c->am, c->ad,
                     str(c, j, C_DAYPART));
        else
            snprintf(m->value, sizeof(m->value), "XXXX-XX-XXT%s", str(c, j, C_DAYPART));
        return j + 1;
    }
    if (mod == 0 && has(c, j, C_DAYPART)) { /* "esta tarde" */
        m->type = NX_TIMEX_TIME;
        if (anchor)
            snprintf(m->value, sizeof(m->value), "%04d-%02d-%02dT%s", c->ay, c->am, c->ad,
                     str(c, j, C_DAYPART));
        else
            snprintf(m->value, sizeof(m->value), "XXXX-XX-XXT%s", str(c, j, C_DAYPART));
        return j + 1;
    }
    if (!ago && has(c, j, C_UNIT)) {
        char u = str(c, j, C_UNIT)[0];
        int md = mod;
        size_t mt = mod != NOMOD ? mpos : j + 1; /* the modifier's token */
        k = j + 1;
        if (md == NOMOD && has(c, k, C_MODIFIER))
            md = val(c, k++, C_MODIFIER);
        if (md != NOMOD && has(c, mt, C_ANAPHOR) && anaphor(c, m, u, md))
            return k; /* "no ano seguinte": the year after the one named */
        if (u == 'M' && md != NOMOD && has(c, k, C_OF) && has(c, k + 1, C_MONTH) && !anchor) {
            snprintf(m->value, sizeof(m->value), "XXXX-%02d", val(c, k + 1, C_MONTH));
            return k + 2;
        }
        if (u == 'M' && md != NOMOD && has(c, k, C_OF) && has(c, k + 1, C_MONTH)) {
            int mo = val(c, k + 1, C_MONTH), y = c->ay;
            if (md < 0 && mo >= c->am)
                y--;
            else if (md > 0 && mo <= c->am)
                y++;
            snprintf(m->value, sizeof(m->value), "%04d-%02d", y, mo);
            return k + 2;
        }
        if (u == 'Y' && md == NOMOD && !lead && (nw = words_of(c, j, C_DURATION)) > 1)
            return fiscal_year(c, j + nw, m); /* "no ano findo": the article is in "no" */
        if (md != NOMOD && md != 0 && str(c, j, C_UNIT)[1] == 's') {
            /* "los últimos días", "in den letzten Jahren": a duration */
            return ti_put_vague(m, u) ? k : 0;
        }
        if (u == 'Y' && md == NOMOD && lead && !ti_plural_unit(c, j)) {
            /* "el año", "del año en curso": this year; "o ano fiscal", "o
             * ano findo" (a duration phrase of the file): a year */
            size_t pn = 0;
            const ti_slot *ps = has(c, j, C_PHSTART) ? phrase_at(c, j, &pn) : NULL;
            if (ps && (ps->cls & B(C_REL_YEAR))) /* "del año que viene" */
                return ti_put_shift(c, m, 'Y', ps->val[C_REL_YEAR]) ? j + pn : 0;
            int yy;
            if (has(c, k, C_OF) && ti_is_year(c, k + 1) && (yy = c->t[k + 1].num) > 0) {
                snprintf(m->value, sizeof(m->value), "%04d", yy); /* "no ano de 1988" */
                return k + 2;
            }
            if ((nw = words_of(c, j, C_DURATION)) > 1)
                return fiscal_year(c, j + nw, m);
            return ti_put_shift(c, m, 'Y', 0) ? k : 0;
        }
        if (u == 'Q' && c->qn && (md == NOMOD || md == 0)) {
            /* "o trimestre", "neste trimestre": the quarter the report is on */
            put_quarter_back(c, m, 0);
            return k;
        }
        if (md != NOMOD && ti_put_shift(c, m, u, md))
            return k;
        /* "durante años", "seit Monaten": a bare plural unit after a word
         * of duration */
        if (md == NOMOD && i > c->tb && has(c, i - 1, C_DURING) && ti_plural_unit(c, j) &&
            (i == j || (lead && i + 1 == j)) && !has(c, k, C_OF))
            return ti_put_vague(m, u) ? k : 0;
        return 0;
    }
    if (!ago && mod == NOMOD && has(c, j, C_ORDINAL) && has(c, j + 1, C_UNIT)) {
        char u = str(c, j + 1, C_UNIT)[0];
        int n = val(c, j, C_ORDINAL), y = c->ay;
        k = j + 2;
        size_t ye = year_after(c, k, &y);
        if (!ye)
            ye = year_of_unit(c, k, &y); /* "el segundo semestre de este año" */
        if ((u != 'Q' || n < 1 || n > 4) && (u != 'H' || n < 1 || n > 2))
            return 0;
        if (!ye && !anchor) {
            snprintf(m->value, sizeof(m->value), "XXXX-%c%d", u, n);
            return k;
        }
        if (!ye && n > (u == 'Q' ? (c->am - 1) / 3 + 1 : (c->am - 1) / 6 + 1))
            y--; /* a quarter not begun yet: last year's */
        snprintf(m->value, sizeof(m->value), "%04d-%c%d", y, u, n);
        return ye ? ye : k;
    }
    /* "varios meses", "hace unos días", "seit vielen Jahren": a vague number */
    if (mod == NOMOD && has(c, j, C_VAGUE) && has(c, j + 1, C_UNIT))
        return ti_put_vague(m, str(c, j + 1, C_UNIT)[0]) ? j + 2 : 0;
    /* "hace meses": an ago word and a bare plural unit */
    if (mod == NOMOD && ago && ti_plural_unit(c, j))
        return ti_put_vague(m, str(c, j, C_UNIT)[0]) ? j + 1 : 0;
    if (mod == NOMOD && ago && has(c, j, C_APPROX)) {
        /* "hace más de 30 años", "há quase quatro anos" */
        j++;
        if (has(c, j, C_APPROX))
            j++;
        if (has(c, j, C_OF))
            j++;
    }
    if ((mod == NOMOD || (mod != 0 && !ago)) && j < c->te &&
        (has(c, j, C_NUMBER) || (c->t[j].num > 0 && c->t[j].ndig <= 3)) && has(c, j + 1, C_UNIT)) {
        /* "los próximos tres meses", "die letzten zwei Jahre": a duration */
        int n = has(c, j, C_NUMBER) ? val(c, j, C_NUMBER) : c->t[j].num;
        char u = str(c, j + 1, C_UNIT)[0];
        /* "à 15 heures", "às 10 horas da noite": a clock time */
        if (u == 'h' && !ago && mod == NOMOD && n <= 24 && has(c, j + 1, C_CLOCK) && i > c->tb &&
            has(c, i - 1, C_TO) && (k = clock_at(c, j + 1, n, 0, 0, m)))
            return k;
        k = j + 2;
        if (!ago && has(c, k, C_AGO) && val(c, k, C_AGO) > 0) {
            ago = 1;
            k++;
        }
        if (ago && u == 'Y' && c->qn) /* "há um ano" after a quarter: that quarter */
        {
            put_quarter_back(c, m, n);
            return k;
        }
        if (ago)
            return u != 'h' && u != 'm' && ti_put_shift(c, m, u, -n) ? k : 0;
        /* "Amir, de 27 anos": an age, not a time */
        if (u == 'Y' && is_age(c, i, j, k))
            return 0;
        m->type = NX_TIMEX_DURATION;
        if (!ti_put_duration(m, u, n))
            return 0;
        /* "2 anos e meio" P2Y6M, "um minuto e meio" PT1M30S */
        static const struct {
            char u;
            const char *half;
        } halves[] = {{'Y', "6M"}, {'M', "15D"}, {'D', "T12H"}, {'h', "30M"}, {'m', "30S"}};
        if (has(c, k, C_AND) && has(c, k + 1, C_HALF))
            for (size_t q = 0; q < sizeof(halves) / sizeof(halves[0]); q++)
                if (halves[q].u == u) {
                    size_t len = strlen(m->value);
                    snprintf(m->value + len, sizeof(m->value) - len, "%s", halves[q].half);
                    return k + 2;
                }
        /* "drei Jahre und vier Monate" -> P3Y4M */
        static const char order[] = "YMWD";
        const char *o1 = strchr(order, u);
        if (o1 && has(c, k, C_AND) && has(c, k + 2, C_UNIT)) {
            char u2 = str(c, k + 2, C_UNIT)[0];
            const char *o2 = u2 ? strchr(order, u2) : NULL;
            int n2 = has(c, k + 1, C_NUMBER) ? val(c, k + 1, C_NUMBER) : c->t[k + 1].num;
            if (n2 > 0 && o2 && o2 > o1) {
                size_t len = strlen(m->value);
                snprintf(m->value + len, sizeof(m->value) - len, "%d%c", n2, u2);
                k += 3;
            }
        }
        return k;
    }
    if (!ago && has(c, j, C_SEASON))
        return season(c, j, mod, m);
    /* "el pasado Mundial", "la próxima temporada": a modifier that is also
     * a reference word of the file, before a word that is not a time */
    if (!ago && mod != NOMOD && (c->t[mpos].cls & B(C_REF)) && c->t[mpos].s && !c->t[j].cls &&
        c->doc->toks[j].kind != NX_TOK_NUM) {
        snprintf(m->value, sizeof(m->value), "%s", c->t[mpos].s->str[C_REF]);
        return mpos + 1;
    }
    if (ago || mod != NOMOD)
        return 0;
    int hm[4], hm2[4];
    size_t dash, dash2;
    int rc = ti_clock_token(c, j, hm, &dash);
    int h = -1, mi = 0, mins = 0;
    if (c->t[j].num >= 0 && c->t[j].num <= 24 && c->t[j].ndig <= 2) {
        h = c->t[j].num;
        k = j + 1;
        if ((is_punct(c, k, '.') || is_punct(c, k, ':')) && k + 1 < c->te &&
            c->t[k + 1].ndig == 2 && c->t[k + 1].num < 60) {
            mi = c->t[k + 1].num;
            k += 2;
            mins = 1;
        }
    } else if (rc == 1) { /* "20.30" in one token */
        h = hm[0], mi = hm[1], k = j + 1;
        mins = c->doc->toks[j].end - c->doc->toks[j].start > 2;
    }
    if (h >= 0 && (k = clock_at(c, k, h, mi, lead && mins, m)))
        return k;
    if (rc == 1 && (has(c, j + 1, C_TO) || has(c, j + 1, C_AND)) &&
        ti_clock_token(c, j + 2, hm2, &dash2) && has(c, j + 3, C_CLOCK)) {
        /* "von 10 bis 15 Uhr", "14.00 und 17.40 Uhr": the first of two */
        put_clock(c, m, hm[0], hm[1]);
        return j + 1;
    }
    if (rc == 2 && (has(c, j + 1, C_CLOCK) ||
                    ((has(c, j + 1, C_AND) || is_punct(c, j + 1, ',')) &&
                     ti_clock_token(c, j + 2, hm2, &dash2) && has(c, j + 3, C_CLOCK)))) {
        /* "14.30-18 Uhr", "8.30-12 und 14.30-16.30 Uhr": two times */
        put_clock(c, m, hm[2], hm[3]);
        memcpy(m->value2, m->value, sizeof(m->value));
        put_clock(c, m, hm[0], hm[1]);
        m->split = (uint32_t)dash;
        return has(c, j + 1, C_CLOCK) ? j + 2 : j + 1;
    }
    if (has(c, j, C_REF)) {
        snprintf(m->value, sizeof(m->value), "%s", str(c, j, C_REF));
        return j + 1;
    }
    if ((nw = words_of(c, j, C_DURATION))) { /* "tagelang", "jahrelang" */
        const ti_slot *ds = nw > 1 ? phrase_at(c, j, &nw) : c->t[j].s;
        m->type = NX_TIMEX_DURATION;
        snprintf(m->value, sizeof(m->value), "%s", ds->str[C_DURATION]);
        return j + nw;
    }
    if ((nw = words_of(c, j, C_REL_TIME))) { /* "anoche": -1NI */
        const ti_slot *rs = nw > 1 ? phrase_at(c, j, &nw) : c->t[j].s;
        const char *dp = rs->str[C_REL_TIME];
        dp += strspn(dp, "+-0123456789");
        if (!ti_put_shift(c, m, 'D', (int)strtol(rs->str[C_REL_TIME], NULL, 10)))
            return 0;
        size_t len = strlen(m->value);
        snprintf(m->value + len, sizeof(m->value) - len, "T%s", dp);
        m->type = NX_TIMEX_TIME;
        return j + nw;
    }
    if (has(c, j, C_SET)) {
        m->type = NX_TIMEX_SET;
        snprintf(m->value, sizeof(m->value), "%s", str(c, j, C_SET));
        return j + 1;
    }
    static const struct {
        int cls;
        char u;
    } rel1[] = {{C_REL_WEEK, 'W'}, {C_REL_MONTH, 'M'}, {C_REL_YEAR, 'Y'}};
    for (size_t r = 0; r < 3; r++)
        if (has(c, j, rel1[r].cls))
            return ti_put_shift(c, m, rel1[r].u, val(c, j, rel1[r].cls)) ? j + 1 : 0;
    return 0;
}

/* The sentence [tb, c->te) ends with a day number and its dot. */
static int day_dot_end(const ti_ctx *c, size_t tb)
{
    size_t te = c->te;
    if (te > tb && c->t[te - 1].dotnum >= 1 && c->t[te - 1].dotnum <= 31)
        return 1;
    return te >= tb + 2 && is_punct(c, te - 1, '.') && c->t[te - 2].num >= 1 &&
           c->t[te - 2].num <= 31 && c->t[te - 2].ndig <= 2;
}

static nx_err emit(nx_doc *doc, const ti_match *m)
{
    if (nx_grow((void **)&doc->timexes, &doc->cap_timexes, doc->n_timexes + 2,
                sizeof(*doc->timexes)))
        return NX_ERR_NOMEM;
    nx_timex *t = &doc->timexes[doc->n_timexes++];
    memset(t, 0, sizeof(*t));
    t->start = doc->toks[m->b].start;
    t->end = m->split ? m->split : doc->toks[m->e - 1].end - (m->trim_dot ? 1 : 0);
    t->type = (uint8_t)m->type;
    snprintf(t->value, sizeof(t->value), "%s", m->value);
    if (m->split) { /* the second time of "14.30-18 Uhr" */
        nx_timex *t2 = &doc->timexes[doc->n_timexes++];
        memset(t2, 0, sizeof(*t2));
        t2->start = m->split + 1;
        t2->end = doc->toks[m->e - 1].end;
        t2->type = (uint8_t)m->type;
        snprintf(t2->value, sizeof(t2->value), "%s", m->value2);
    }
    return NX_OK;
}

nx_err nx_timex_intl_run(const nx_timex_intl *t, nx_doc *doc)
{
    doc->n_timexes = 0;
    const ti_lang *l = ti_lang_of(t, doc->lang_code);
    if (!l || !doc->text || !doc->n_toks)
        return NX_OK;
    nx_spend(doc->budget, doc->n_toks);
    ti_ctx c;
    memset(&c, 0, sizeof(c));
    c.doc = doc;
    c.l = l;
    const char *p = doc->published.data;
    if (p && doc->published.len >= 10 && p[4] == '-' && p[7] == '-') {
        int y = atoi(p), mo = atoi(p + 5), d = atoi(p + 8);
        if (y > 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= nx_days_in_month(y, mo)) {
            c.has_anchor = 1;
            c.ay = y;
            c.am = mo;
            c.ad = d;
            c.adays = nx_days_from_civil(y, mo, d);
        }
    }
    c.t = nx_malloc(doc->n_toks * sizeof(*c.t));
    if (!c.t)
        return NX_ERR_NOMEM;
    for (size_t i = 0; i < doc->n_toks; i++)
        classify(&c, i, doc->lang_pack);
    nx_err e = NX_OK;
    size_t done = 0; /* the end of the last match: a match may run into the next sentence */
    for (size_t s = 0; s < doc->n_sents && !e; s++) {
        size_t tb = doc->sents[s].tok_begin;
        c.te = doc->sents[s].tok_end;
        c.tb = tb;
        /* "am 3. März": the segmenter may end a sentence at a day's dot */
        while (s + 1 < doc->n_sents && day_dot_end(&c, tb))
            c.te = doc->sents[++s].tok_end;
        c.day[0] = '\0';
        for (size_t i = tb > done ? tb : done; i < c.te && !e;) {
            ti_match m;
            memset(&m, 0, sizeof(m));
            c.mb = i;
            size_t end = (c.t[i].cls || doc->toks[i].kind == NX_TOK_NUM) ? match_at(&c, i, &m) : 0;
            if (!end) {
                size_t n = 1;
                const ti_slot *st = (c.t[i].cls & B(C_PHSTART)) ? phrase_at(&c, i, &n) : NULL;
                i += st && (st->cls & B(C_STOP)) ? n : 1;
                continue;
            }
            m.b = i;
            m.e = end;
            e = emit(doc, &m);
            if (m.type == NX_TIMEX_DATE && !m.from_quarter && strlen(m.value) == 7 &&
                m.value[5] == 'Q' && m.value[0] != 'X' && m.value[6] >= '1' && m.value[6] <= '4') {
                c.qy = atoi(m.value);
                c.qn = m.value[6] - '0';
            }
            if (m.type == NX_TIMEX_DATE && strlen(m.value) == 10 && m.value[0] != 'X' &&
                m.value[4] == '-' && m.value[7] == '-')
                memcpy(c.day, m.value, 11), memcpy(c.dday, m.value, 11);
            if (m.type == NX_TIMEX_DATE && !m.from_quarter && !m.anaphoric &&
                strspn(m.value, "0123456789") == 4)
                snprintf(c.dlast, sizeof(c.dlast), "%.10s", m.value);
            i = done = end;
        }
    }
    nx_free(c.t);
    return e;
}
