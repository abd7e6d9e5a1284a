/*
 * amounts_lang.c - the amounts stage on languages other than English (de, fr,
 * es, it, pt, nl): numbers in the language's format with their scale,
 * currency, percent or counted word, from the article's language pack
 * (config/lang/<code>/numbers.tsv and amounts.tsv). docs/extras.md has the
 * rules; amounts.c calls nx_amounts_lang() for these languages.
 *
 *  - number format: the decimal mark is the pack's ("," in all six); a "."
 *    before exactly three digits groups thousands ("1.234,5" = 1234.5; a
 *    German "1.234" is 1234), so do spaces, no-break and narrow no-break
 *    spaces between a number of one to three digits and groups of three
 *    ("1 234,5"); any other "." makes the token no amount (a version, a
 *    time), and so does an ordinal ("3." where the pack has ordinal dots);
 *  - number words from the pack ("drei", "deux", "dos"); an article-like
 *    one ("ein", "un", "een") only before a scale word ("eine Milliarde");
 *  - scale: the next one or two words ("Millionen", "Mio.", "mil millones");
 *  - currency: a sign or ISO code before the number or after it (and its
 *    scale), or a currency word after it ("Euro", "dólares"), also after
 *    an "of" word ("millones de euros", "milliards d'euros");
 *  - percent: "%" or a percent word ("Prozent", "por ciento"); percentage
 *    points ("Prozentpunkte");
 *  - otherwise the counted word: the next word when it is a letter word that
 *    is no function, calendar or number word ("105 Kinder": unit "kinder",
 *    lower case, not lemmatised); in German the first capitalized word of
 *    the next three ("drei neue Fälle": "fälle"); a unit of time of the pack
 *    (timex.tsv or amounts.tsv "unit") is named as in English ("zwei
 *    Jahren": "year");
 *  - not amounts: numbers in DATE, TIME or SET expressions, bare years
 *    1800-2100, numbers after "Nr."-like abbreviations.
 */
#include <string.h>

#include "extras.h"
#include "lang_pack.h"
#include "nx_alloc.h"

/* Word tokens looked up in the pack (folded): one word, or two ("mil
 * millones", "por ciento") when t + 1 is in the sentence. Returns the
 * number of words matched (0, 1 or 2) with a class of cls; *value gets the
 * value of its first class among cls. The longer match wins. */
static size_t pack_words(const nx_doc *doc, size_t t, size_t end, unsigned cls, int *value)
{
    const nx_token *k = &doc->toks[t];
    if (k->kind != NX_TOK_WORD && k->kind != NX_TOK_PUNCT)
        return 0;
    if (t + 1 < end && doc->toks[t + 1].kind == NX_TOK_WORD &&
        doc->toks[t + 1].start == k->end + 1 && doc->text[k->end] == ' ' &&
        nx_lang_pack_word_class(doc->lang_pack, doc->text + k->start,
                                doc->toks[t + 1].end - k->start, cls, value))
        return 2;
    return nx_lang_pack_word_class(doc->lang_pack, doc->text + k->start, k->end - k->start, cls,
                                   value)
               ? 1
               : 0;
}

/* A space between tokens a and a + 1 that may group digits: " ", U+00A0,
 * U+202F, exactly one. */
static int group_space(const nx_doc *doc, size_t a)
{
    const unsigned char *s = (const unsigned char *)doc->text;
    size_t p = doc->toks[a].end, q = doc->toks[a + 1].start;
    return (q - p == 1 && s[p] == ' ') || (q - p == 2 && s[p] == 0xC2 && s[p + 1] == 0xA0) ||
           (q - p == 3 && s[p] == 0xE2 && s[p + 1] == 0x80 && s[p + 2] == 0xAF);
}

/* Digits-only length of token t, or 0 when it holds anything else. */
static size_t digits_only(const nx_doc *doc, size_t t)
{
    const nx_token *k = &doc->toks[t];
    for (size_t i = k->start; i < k->end; i++)
        if (doc->text[i] < '0' || doc->text[i] > '9')
            return 0;
    return k->end - k->start;
}

/* Parse the number starting at token t (a NUM token), joining space-grouped
 * thousands; *next receives the token after it. 0 when it is no amount. */
static int parse_number(const nx_doc *doc, size_t t, size_t end, char dec, double *v, size_t *next)
{
    char buf[64];
    size_t n = 0, last = t;
    int digits = 0;
    /* "1 234 567,5": a first group of 1-3 digits, then groups of three */
    size_t d0 = digits_only(doc, t);
    if (d0 && d0 <= 3)
        while (last + 1 < end && group_space(doc, last) && doc->toks[last + 1].kind == NX_TOK_NUM) {
            const nx_token *g = &doc->toks[last + 1];
            size_t gl = g->end - g->start, d = 0;
            while (d < gl && doc->text[g->start + d] >= '0' && doc->text[g->start + d] <= '9')
                d++;
            if (d != 3 || (d < gl && doc->text[g->start + d] != dec))
                break;
            last++;
        }
    for (size_t k = t; k <= last; k++) {
        const nx_token *tk = &doc->toks[k];
        const char *s = doc->text + tk->start;
        size_t len = tk->end - tk->start;
        for (size_t i = 0; i < len; i++) {
            char c = s[i];
            if (c >= '0' && c <= '9') {
                if (n + 1 >= sizeof(buf))
                    return 0;
                buf[n++] = c;
                digits++;
            } else if (c == dec && i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9' &&
                       !memchr(buf, '.', n)) {
                buf[n++] = '.';
            } else if ((c == '.' || (c == ',' && dec != ',')) && !memchr(buf, '.', n)) {
                /* a group mark: exactly three digits follow, then no digit */
                size_t j = i + 1;
                while (j < len && s[j] >= '0' && s[j] <= '9')
                    j++;
                if (j - i - 1 != 3)
                    return 0;
            } else {
                return 0; /* 3.5, 12:30, 3., 5km: no amount here */
            }
        }
    }
    if (!digits || digits > 15)
        return 0;
    buf[n] = '\0';
    double ip = 0, frac = 0, div = 1;
    int after = 0;
    for (size_t i = 0; i < n; i++) {
        if (buf[i] == '.') {
            after = 1;
        } else if (after) {
            frac = frac * 10 + (buf[i] - '0');
            div *= 10;
        } else {
            ip = ip * 10 + (buf[i] - '0');
        }
    }
    *v = ip + frac / div;
    *next = last + 1;
    return 1;
}

/* 1 when byte offset p lies in a DATE, TIME or SET expression. */
static int in_date(const nx_doc *doc, size_t *ti, uint32_t p)
{
    while (*ti < doc->n_timexes && doc->timexes[*ti].end <= p)
        (*ti)++;
    for (size_t i = *ti; i < doc->n_timexes && doc->timexes[i].start <= p; i++)
        if (doc->timexes[i].end > p && doc->timexes[i].type != NX_TIMEX_DURATION)
            return 1;
    return 0;
}

/* A currency at token t: a sign, an ISO code, or (after the number only)
 * a currency word of the pack. *n gets its token count; code (4 bytes) the
 * ISO code. */
static int currency_at(const nx_doc *doc, size_t t, size_t end, int after, char *code, size_t *n)
{
    const nx_token *k = &doc->toks[t];
    const char *c = nx_currency_sign(doc->text + k->start, k->end - k->start);
    int v;
    if (c) {
        memcpy(code, c, 4);
        *n = 1;
        return 1;
    }
    if (after && (*n = pack_words(doc, t, end, NX_LW_CURRENCY, &v))) {
        nx_lang_currency(v, code);
        return 1;
    }
    return 0;
}

/* A currency word after an elided "of" ("d'euros", "d’euros"): the word
 * after the apostrophe. */
static int elided_currency(const nx_doc *doc, size_t t, char *code)
{
    const nx_token *k = &doc->toks[t];
    const char *s = doc->text + k->start;
    size_t len = k->end - k->start, q;
    if (len > 2 && s[1] == '\'')
        q = 2;
    else if (len > 4 && !memcmp(s + 1, "\xE2\x80\x99", 3))
        q = 4;
    else
        return 0;
    int v;
    if (!nx_lang_pack_word_class(doc->lang_pack, s, 1, NX_LW_OF, NULL) ||
        !nx_lang_pack_word_class(doc->lang_pack, s + q, len - q, NX_LW_CURRENCY, &v))
        return 0;
    nx_lang_currency(v, code);
    return 1;
}

/* The counted word after a number, from token t: a letter word that is no
 * function, calendar, number or scale word nor an abbreviation, after at
 * most one modifier of the pack ("três novas creches"); where the pack's
 * nouns are capitalized (German), the first capitalized one within three
 * words, after lower-case ones ("drei neue Fälle"; "zwei Millionen weniger
 * als" counts nothing). *head gets it. */
static int counted_word(const nx_doc *doc, size_t t, size_t end, size_t *head)
{
    int cap = nx_lang_pack_capitalized_nouns(doc->lang_pack), mods = 0;
    for (size_t k = t; k < end && k < t + (cap ? 3 : 1) + (size_t)mods; k++) {
        const nx_token *w = &doc->toks[k];
        const char *s = doc->text + w->start;
        size_t len = w->end - w->start;
        unsigned char c0 = (unsigned char)s[0];
        if (!mods && w->kind == NX_TOK_WORD &&
            nx_lang_pack_word_class(doc->lang_pack, s, len, NX_LW_MODIFIER, NULL)) {
            mods = 1;
            continue;
        }
        if (w->kind != NX_TOK_WORD || len < 2 || c0 == '\'' ||
            (c0 == 0xE2 && len > 3 && (unsigned char)s[1] == 0x80) ||
            nx_lang_pack_word_class(doc->lang_pack, s, len,
                                    NX_LW_STOP | NX_LW_MONTH | NX_LW_WEEKDAY | NX_LW_REL_DAY |
                                        NX_LW_SCALE | NX_LW_NUMBER | NX_LW_ARTICLE |
                                        NX_LW_CURRENCY | NX_LW_PERCENT,
                                    NULL) ||
            nx_lang_pack_abbrev(doc->lang_pack, s, len))
            return 0;
        if (!cap || (w->flags & NX_TOKF_CAP)) {
            *head = k;
            return 1;
        }
    }
    return 0;
}

/* Try an amount at token t of a sentence ending at end. */
static int amount_at(const nx_doc *doc, size_t t, size_t end, size_t *ti, char dec, nx_amount *a,
                     size_t *next)
{
    memset(a, 0, sizeof(*a));
    char code[4] = "";
    size_t num = t, n;
    const nx_token *k = &doc->toks[t];
    const char *glued;
    double v;
    size_t after;
    int nv = 0, words = 0;
    unsigned ncls =
        k->kind == NX_TOK_WORD
            ? nx_lang_pack_word_class(doc->lang_pack, doc->text + k->start, k->end - k->start,
                                      NX_LW_NUMBER | NX_LW_ARTICLE, &nv)
            : 0;
    if (ncls) {
        /* a number word: "drei Kinder", "deux milliards"; an article
         * ("ein", "un") only before a scale word: "eine Milliarde" */
        v = nv;
        after = t + 1;
        words = ncls & NX_LW_NUMBER ? 1 : 2;
    } else if (k->kind == NX_TOK_WORD && t + 2 < end && doc->toks[t + 1].start == k->end &&
               doc->text[k->end] == '$' && doc->toks[t + 2].kind == NX_TOK_NUM &&
               (glued = nx_currency_sign(doc->text + k->start, doc->toks[t + 1].end - k->start))) {
        memcpy(code, glued, 4); /* "R$ 3,5", "US$ 10" */
        num = t + 2;
    } else if (doc->toks[t].kind != NX_TOK_NUM) {
        if (t + 1 >= end || doc->toks[t + 1].kind != NX_TOK_NUM ||
            !currency_at(doc, t, end, 0, code, &n))
            return 0;
        num = t + 1;
    }
    const nx_token *nt = &doc->toks[num];
    if ((!words && !parse_number(doc, num, end, dec, &v, &after)) || in_date(doc, ti, nt->start))
        return 0;
    /* "Nr. 5", "n.º 3", "art. 12" name things, they do not count them */
    if (num > 0 && doc->toks[num - 1].kind == NX_TOK_WORD &&
        nx_lang_pack_abbrev(doc->lang_pack, doc->text + doc->toks[num - 1].start,
                            doc->toks[num - 1].end - doc->toks[num - 1].start))
        return 0;
    int sc;
    if (after < end && (n = pack_words(doc, after, end, NX_LW_SCALE, &sc))) {
        for (int i = 0; i < sc && i < 15; i++)
            v *= 10;
        after += n;
    } else if (words == 2) {
        return 0; /* "ein Mann" counts nothing */
    }
    size_t last = after - 1;
    const char *unit = NULL;
    char low[sizeof(a->unit)];
    int pct;
    if (code[0]) {
        unit = code;
    } else if (after < end && currency_at(doc, after, end, 1, code, &n)) {
        unit = code;
        last = after + n - 1;
    } else if (after + 1 < end && pack_words(doc, after, after + 1, NX_LW_OF, NULL) &&
               currency_at(doc, after + 1, end, 1, code, &n)) {
        unit = code; /* "millones de euros", "miliardi di euro" */
        last = after + n;
    } else if (after < end && elided_currency(doc, after, code)) {
        unit = code; /* "milliards d'euros" */
        last = after;
    } else if (after < end && doc->toks[after].end - doc->toks[after].start == 1 &&
               doc->text[doc->toks[after].start] == '%') {
        unit = "percent";
        last = after;
    } else if (after < end && (n = pack_words(doc, after, end, NX_LW_PERCENT, &pct))) {
        unit = pct == 2 ? "percentage point" : "percent";
        last = after + n - 1;
    } else {
        /* the counted word */
        size_t head;
        if (!counted_word(doc, after, end, &head))
            return 0;
        const nx_token *w = &doc->toks[head];
        int tu;
        if (!nx_lang_lower(doc->text + w->start, w->end - w->start, low, sizeof(low)))
            return 0;
        unit = low;
        /* a unit of time has one name in every language: "zwei Jahren" and
         * "two years" both count "year" */
        if (nx_lang_pack_word_class(doc->lang_pack, doc->text + w->start, w->end - w->start,
                                    NX_LW_UNIT, &tu))
            unit = nx_lang_unit_name(tu);
        last = head;
        a->has_object = 1;
        a->object.start = doc->toks[after].start;
        a->object.end = w->end;
    }
    /* A bare year is a date, not a count: "im Jahr 2019 Wahlen". */
    if (!words && !code[0] && strcmp(unit, "percent") != 0 && after == num + 1 && v >= 1800 &&
        v <= 2100 && nt->end - nt->start == 4 && digits_only(doc, num) == 4)
        return 0;
    size_t ul = strlen(unit);
    if (ul >= sizeof(a->unit))
        return 0;
    memcpy(a->unit, unit, ul + 1);
    a->start = doc->toks[t].start;
    a->end = doc->toks[last].end;
    a->value = v;
    *next = last + 1;
    return 1;
}

nx_err nx_amounts_lang(nx_doc *doc)
{
    const char *d = nx_lang_pack_number(doc->lang_pack, "decimal");
    char dec = d && (d[0] == ',' || d[0] == '.') && !d[1] ? d[0] : ',';
    size_t ti = 0;
    for (size_t s = 0; s < doc->n_sents; s++) {
        const nx_sentence *se = &doc->sents[s];
        size_t t = se->tok_begin;
        while (t < se->tok_end) {
            nx_amount a;
            size_t next;
            unsigned char c = (unsigned char)doc->text[doc->toks[t].start];
            if ((doc->toks[t].kind != NX_TOK_NUM && c != '$' && c < 0x80 &&
                 doc->toks[t].kind != NX_TOK_WORD) ||
                !amount_at(doc, t, se->tok_end, &ti, dec, &a, &next)) {
                t++;
                continue;
            }
            if (nx_grow((void **)&doc->amounts, &doc->cap_amounts, doc->n_amounts + 1,
                        sizeof(nx_amount)))
                return NX_ERR_NOMEM;
            doc->amounts[doc->n_amounts++] = a;
            t = next;
        }
    }
    return NX_OK;
}
