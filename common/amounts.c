/*
 * amounts.c - the amounts stage: numbers with what they count or measure
 * ("105 children", "$3.2 billion", "two million barrels of oil",
 * "15 percent", "5 km"), after GDELT GKG's amounts field. The rules are
 * written down in docs/extras.md.
 *
 * State: the English words (currency words, scales, percent words, units of
 * measure, verbs, determiners, and the words the rules name: of, a, and,
 * in, people, square, ...), read from config/lang/en/amounts.tsv at
 * core creation into a pack of their own (nx_lang_pack_load_words; required).
 * The currency signs and ISO codes, written alike in every language, stay
 * here (nx_currency_sign serves amounts_lang.c too). Reads doc->toks, sents
 * and timexes (numbers inside a DATE, TIME or SET expression are dates, not
 * amounts) and the tokens' word classes (nx_doc_words, filled here when
 * absent); fills doc->amounts (owned by the doc).
 */
#include <stdio.h>
#include <string.h>

#include "extras.h"
#include "lang_pack.h"
#include "nx_alloc.h"
#include "stage.h"

#define AM_MAX_RUN 3 /* words between a number and its counted noun, the noun included */

/* The token's text equals the lower-case w (case-insensitive): compared up
 * to w's terminating NUL, without measuring w first. */
static int tok_is(const nx_doc *doc, size_t t, const char *w)
{
    const nx_token *k = &doc->toks[t];
    const char *p = doc->text + k->start;
    size_t n = k->end - k->start;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (!w[i] || c != w[i])
            return 0;
    }
    return w[n] == '\0';
}

/* The classes among cls of token t's text in the English words w (any
 * case), 0 for none; *v (may be NULL) gets the value of the first. */
static unsigned tok_word(const nx_lang_pack *w, const nx_doc *doc, size_t t, unsigned cls, int *v)
{
    const nx_token *k = &doc->toks[t];
    return nx_lang_pack_word_class(w, doc->text + k->start, k->end - k->start, cls, v);
}

static int tok_exact(const nx_doc *doc, size_t t, const char *w)
{
    const nx_token *k = &doc->toks[t];
    const char *p = doc->text + k->start;
    size_t n = k->end - k->start;
    for (size_t i = 0; i < n; i++)
        if (!w[i] || p[i] != w[i])
            return 0;
    return w[n] == '\0';
}

/* ---- currencies ---- */

static const struct {
    const char *sym, *code;
} symbols[] = {
    {"$", "USD"},
    {"\xE2\x82\xAC", "EUR"},
    {"\xC2\xA3", "GBP"},
    {"\xC2\xA5", "JPY"},
    {"\xE2\x82\xB9", "INR"},
    {"\xE2\x82\xBD", "RUB"},
    {"\xE2\x82\xA9", "KRW"},
    {"\xE2\x82\xBA", "TRY"},
    {"\xE2\x82\xB4", "UAH"},
    {"\xE2\x82\xAA", "ILS"},
};

/* Prefixes glued to "$": US$ A$ C$ HK$ NZ$ S$ R$. */
static const struct {
    const char *pre, *code;
} dollar_prefixes[] = {
    {"US", "USD"}, {"A", "AUD"}, {"C", "CAD"}, {"HK", "HKD"},
    {"NZ", "NZD"}, {"S", "SGD"}, {"R", "BRL"},
};

static const char *const iso_codes[] = {"USD", "EUR", "GBP", "JPY", "CNY", "RMB", "INR", "RUB",
                                        "CHF", "AUD", "CAD", "UAH", "TRY", "KRW", "Rs",  NULL};
static const char *const iso_map[] = {"USD", "EUR", "GBP", "JPY", "CNY", "CNY", "INR", "RUB",
                                      "CHF", "AUD", "CAD", "UAH", "TRY", "KRW", "INR"};

const char *nx_currency_sign(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++)
        if (strlen(symbols[i].sym) == n && !memcmp(symbols[i].sym, s, n))
            return symbols[i].code;
    for (int i = 0; iso_codes[i]; i++)
        if (strlen(iso_codes[i]) == n && !memcmp(iso_codes[i], s, n))
            return iso_map[i];
    for (size_t i = 0;
         n > 1 && s[n - 1] == '$' && i < sizeof(dollar_prefixes) / sizeof(dollar_prefixes[0]); i++)
        if (strlen(dollar_prefixes[i].pre) == n - 1 && !memcmp(dollar_prefixes[i].pre, s, n - 1))
            return dollar_prefixes[i].code;
    return NULL;
}

/* A currency word at token t ("dollars", "euro"): its ISO code into code
 * (4 bytes), 1; 0 for none. */
static int currency_at(const nx_lang_pack *w, const nx_doc *doc, size_t t, char *code)
{
    int v;
    if (doc->toks[t].kind != NX_TOK_WORD || !tok_word(w, doc, t, NX_LW_CURRENCY, &v))
        return 0;
    nx_lang_currency(v, code);
    return 1;
}

/* A currency before the number at token t: its code and the number's token. */
static const char *currency_prefix(const nx_doc *doc, size_t t, size_t end, size_t *num)
{
    const nx_token *k = &doc->toks[t];
    unsigned char c = (unsigned char)doc->text[k->start];
    /* Every symbol starts with '$', 0xC2 or 0xE2. */
    for (size_t i = 0;
         (c == '$' || c == 0xC2 || c == 0xE2) && i < sizeof(symbols) / sizeof(symbols[0]); i++)
        if (tok_exact(doc, t, symbols[i].sym) && t + 1 < end &&
            doc->toks[t + 1].kind == NX_TOK_NUM) {
            *num = t + 1;
            return symbols[i].code;
        }
    if (k->kind == NX_TOK_WORD && t + 2 < end && tok_exact(doc, t + 1, "$") &&
        doc->toks[t + 1].start == k->end && doc->toks[t + 2].kind == NX_TOK_NUM) {
        for (size_t i = 0; i < sizeof(dollar_prefixes) / sizeof(dollar_prefixes[0]); i++)
            if (tok_exact(doc, t, dollar_prefixes[i].pre)) {
                *num = t + 2;
                return dollar_prefixes[i].code;
            }
    }
    if (k->kind == NX_TOK_WORD && t + 1 < end && doc->toks[t + 1].kind == NX_TOK_NUM) {
        for (int i = 0; iso_codes[i]; i++)
            if (tok_exact(doc, t, iso_codes[i])) {
                *num = t + 1;
                return iso_map[i];
            }
    }
    return NULL;
}

/* ---- numbers ---- */

static int word_value(const nx_words *w, const char *s, size_t n, double *v)
{
    /* Number words are 3-9 letters and start with one of z o t f s e n. */
    if (n < 3 || n > 9)
        return 0;
    switch (s[0] | 0x20) {
    case 'z':
    case 'o':
    case 't':
    case 'f':
    case 's':
    case 'e':
    case 'n':
        break;
    default:
        return 0;
    }
    return (nx_word_class(w, s, n, v) & NX_W_NUM) != 0;
}

/* The word classes of token t (nx_word_class of its text, from the doc's
 * per-token words). */
static unsigned tok_class(const nx_doc *doc, size_t t)
{
    const nx_token *k = &doc->toks[t];
    return k->end - k->start < NX_WORD_CLASS_MAX ? doc->tok_words[t].cls : 0;
}

/* A number word token, hyphenated compounds included ("twenty-five"); its
 * value goes to *v unless v is NULL. */
static int tok_word_value(const nx_doc *doc, size_t t, double *v)
{
    const nx_token *k = &doc->toks[t];
    if (k->kind != NX_TOK_WORD)
        return 0;
    const nx_tok_word *tw = &doc->tok_words[t];
    if (tw->alnum) /* no hyphen: the word itself */
        return (tok_class(doc, t) & NX_W_NUM) &&
               (!v || (nx_word_class_hash(doc->words, tw->hash, v) & NX_W_NUM));
    const char *s = doc->text + k->start;
    size_t n = k->end - k->start;
    const char *h = memchr(s, '-', n);
    if (!h)
        return word_value(doc->words, s, n, v);
    double a, b;
    if (word_value(doc->words, s, (size_t)(h - s), &a) && a >= 20 &&
        word_value(doc->words, h + 1, n - (size_t)(h - s) - 1, &b) && b >= 1 && b <= 9) {
        if (v)
            *v = a + b;
        return 1;
    }
    return 0;
}

/* Parse a NUM token: 12,000 3.2 1.5bn 5km. Fills the value, the scale of a
 * glued suffix (bn, m, k) or the byte range of a glued unit (km). */
static int parse_num(const nx_lang_pack *w, const nx_doc *doc, size_t t, int money, double *v,
                     uint32_t *unit_start)
{
    const nx_token *k = &doc->toks[t];
    const char *s = doc->text + k->start;
    size_t n = k->end - k->start, i = 0;
    double ip = 0, frac = 0, div = 1;
    int digits = 0, seen_dot = 0;
    *unit_start = 0;
    for (; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (seen_dot) {
                frac = frac * 10 + (c - '0');
                div *= 10;
            } else {
                ip = ip * 10 + (c - '0');
            }
            digits++;
        } else if (c == ',' && !seen_dot && i + 3 < n + 1 && i + 1 < n && s[i + 1] >= '0' &&
                   s[i + 1] <= '9') {
            continue;
        } else if (c == '.' && !seen_dot && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') {
            seen_dot = 1;
        } else {
            break;
        }
    }
    if (!digits || digits > 15) /* no digits, or an identifier rather than an amount */
        return 0;
    *v = ip + frac / div;
    if (i == n)
        return 1;
    /* A suffix: letters only (no dates, ranges, times, ordinals). */
    for (size_t j = i; j < n; j++) {
        char c = s[j];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return 0;
    }
    const char *suf = s + i;
    size_t sn = n - i;
    /* an ordinal or a decade ("5th", "1990s"): a suffix of the words,
     * written in lower case */
    size_t lower = 0;
    while (lower < sn && suf[lower] >= 'a')
        lower++;
    if (lower == sn && nx_lang_pack_word_class(w, suf, sn, NX_LW_SUFFIX, NULL))
        return 0;
    if ((sn == 2 && (!memcmp(suf, "bn", 2) || !memcmp(suf, "tn", 2))) ||
        (sn == 1 && suf[0] == 'b' && money)) {
        *v *= suf[0] == 'b' ? 1e9 : 1e12;
        return 1;
    }
    if ((sn == 1 && suf[0] == 'm' && money) || (sn == 2 && !memcmp(suf, "mn", 2)) ||
        (sn == 3 && !memcmp(suf, "mln", 3))) {
        *v *= 1e6;
        return 1;
    }
    if (sn == 1 && (suf[0] == 'k' || suf[0] == 'K') && money) {
        *v *= 1e3;
        return 1;
    }
    *unit_start = (uint32_t)(k->start + i);
    return 1;
}

/* A scale word at token t: its multiplier, 0 for none; *cls gets its class
 * (NX_LW_SCALE, NX_LW_FACTOR or NX_LW_SCALE_ABBR). Only a word of the
 * word table's scale class (nx_word_class) can be one. */
static double scale_at(const nx_lang_pack *w, const nx_doc *doc, size_t t, unsigned *cls)
{
    int p;
    unsigned c;
    if (!(tok_class(doc, t) & NX_W_SCALE) ||
        !(c = tok_word(w, doc, t, NX_LW_SCALE | NX_LW_FACTOR | NX_LW_SCALE_ABBR, &p)))
        return 0;
    /* p is the value of its first class of the three, in this order */
    *cls = c & NX_LW_SCALE ? NX_LW_SCALE : c & NX_LW_FACTOR ? NX_LW_FACTOR : NX_LW_SCALE_ABBR;
    if (*cls == NX_LW_FACTOR)
        return p;
    double m = 1;
    for (int i = 0; i < p && i < 15; i++)
        m *= 10;
    return m;
}

/* A scale word that follows number words ("two hundred", "a dozen"): its
 * multiplier, 0 for none (an abbreviation: "two bn" is none). */
static double word_scale_at(const nx_lang_pack *w, const nx_doc *doc, size_t t)
{
    unsigned cls = 0;
    double m = scale_at(w, doc, t, &cls);
    return cls == NX_LW_SCALE_ABBR ? 0 : m;
}

/* Number words from token t: "two", "twenty-five", "two hundred and fifty
 * thousand", "a million", "a dozen". *next is the token after. */
static int parse_words(const nx_lang_pack *w, const nx_doc *doc, size_t t, size_t end, double *v,
                       size_t *next)
{
    double total = 0, cur = 0, x;
    int any = 0;
    size_t i = t;
    if (i + 1 < end && word_scale_at(w, doc, i + 1) > 0 &&
        tok_word(w, doc, i, NX_LW_ARTICLE, NULL)) {
        cur = 1;
        any = 1;
        i++;
    }
    for (; i < end; i++) {
        double m;
        if (tok_word_value(doc, i, &x)) {
            cur += x;
            any = 1;
        } else if (any && (m = word_scale_at(w, doc, i)) > 0) {
            if (m == 100 || m == 12) {
                cur = (cur ? cur : 1) * m;
            } else {
                total += (cur ? cur : 1) * m;
                cur = 0;
            }
        } else if (any && i + 1 < end && tok_word_value(doc, i + 1, &x) &&
                   tok_word(w, doc, i, NX_LW_AND, NULL)) {
            continue;
        } else {
            break;
        }
    }
    if (!any)
        return 0;
    *v = total + cur;
    *next = i;
    return 1;
}

/* ---- nouns ---- */

/* A unit of measure of the words, by its lemma ("barrel", "km"). */
static int is_measure(const nx_lang_pack *w, const char *lemma)
{
    return nx_lang_pack_word_class(w, lemma, strlen(lemma), NX_LW_MEASURE, NULL) != 0;
}

/* A word that can be part of a noun run: not a function word (but for the
 * modifiers more, other, new, ...), a number, a scale or a calendar name. */
static int run_word(const nx_doc *doc, size_t t)
{
    const nx_token *k = &doc->toks[t];
    if (k->kind != NX_TOK_WORD)
        return 0;
    unsigned char c = (unsigned char)doc->text[k->start];
    if (c == '\'' || c == 0xE2) /* clitics: 's n't */
        return 0;
    unsigned cls = tok_class(doc, t);
    if (cls & (NX_W_CAL | NX_W_NUM | NX_W_SCALE))
        return 0;
    if ((cls & NX_W_STOP) && !(cls & NX_W_MOD))
        return 0;
    double v;
    return !tok_word_value(doc, t, &v);
}

static int is_modifier(const nx_doc *doc, size_t t)
{
    return (tok_class(doc, t) & NX_W_MOD) != 0;
}

/* The run of noun-phrase words from t; *head is its counted noun (the first
 * plural word, or the first lower-case word when the value is one or no
 * word is plural), *lemma its lemma. Returns 0 when there is none. */
static int noun_run(const nx_lang_pack *w, const nx_doc *doc, size_t t, size_t end, double value,
                    size_t *head, char *lemma, size_t lemma_size)
{
    size_t n = 0;
    while (t + n < end && n < AM_MAX_RUN && run_word(doc, t + n))
        n++;
    for (size_t i = 0; i < n; i++) {
        const nx_token *k = &doc->toks[t + i];
        const char *s = doc->text + k->start;
        size_t len = k->end - k->start;
        if (is_modifier(doc, t + i))
            continue;
        size_t ln = nx_noun_lemma(doc->words, s, len, lemma, lemma_size);
        if (!ln)
            return 0;
        /* a plural: an inflected one, or one of the words' ("people") */
        if (value != 1 &&
            (ln != len || nx_lang_pack_word_class(w, lemma, ln, NX_LW_PLURAL, NULL))) {
            *head = t + i;
            return 1;
        }
    }
    /* No plural: the first word, when it is lower case and not a modifier. */
    if (n && !(doc->toks[t].flags & NX_TOKF_CAP) && !is_modifier(doc, t)) {
        const nx_token *k = &doc->toks[t];
        if (!nx_noun_lemma(doc->words, doc->text + k->start, k->end - k->start, lemma, lemma_size))
            return 0;
        *head = t;
        return 1;
    }
    return 0;
}

/* A word that ends a noun phrase: a past tense or a common verb of change. */
static int verb_like(const nx_lang_pack *w, const nx_doc *doc, size_t t)
{
    const nx_token *k = &doc->toks[t];
    size_t n = k->end - k->start;
    const char *s = doc->text + k->start;
    return (n > 4 && s[n - 2] == 'e' && s[n - 1] == 'd') || tok_word(w, doc, t, NX_LW_VERB, NULL);
}

/* "of [the] N..." after token t: the object's span (at most two words). */
static int of_object(const nx_lang_pack *w, const nx_doc *doc, size_t t, size_t end, nx_span *obj)
{
    if (t >= end || !tok_word(w, doc, t, NX_LW_OF, NULL))
        return 0;
    t++;
    if (t < end && tok_word(w, doc, t, NX_LW_DET, NULL))
        t++;
    size_t n = 0;
    while (t + n < end && n < 2 && run_word(doc, t + n) && (n == 0 || !verb_like(w, doc, t + n)))
        n++;
    if (!n)
        return 0;
    obj->start = doc->toks[t].start;
    obj->end = doc->toks[t + n - 1].end;
    return 1;
}

/* Lower-case words right after t (at most two): "deal", "aid package". */
static int next_object(const nx_lang_pack *w, const nx_doc *doc, size_t t, size_t end, nx_span *obj)
{
    size_t n = 0;
    while (t + n < end && n < 2 && run_word(doc, t + n) &&
           !(doc->toks[t + n].flags & NX_TOKF_CAP) && !is_modifier(doc, t + n) &&
           !verb_like(w, doc, t + n))
        n++;
    if (!n)
        return 0;
    obj->start = doc->toks[t].start;
    obj->end = doc->toks[t + n - 1].end;
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

/* A percent word at token t ("percent", "per cent", "percentage points"):
 * its value (1 percent, 2 percentage point) and *n its tokens (1 or 2); 0
 * for none. A phrase (of two words) is looked up as its tokens joined by
 * one space. */
static int percent_at(const nx_lang_pack *w, const nx_doc *doc, size_t t, size_t end, size_t *n)
{
    int v;
    if (tok_word(w, doc, t, NX_LW_PERCENT, &v)) {
        *n = 1;
        return v;
    }
    if (t + 1 >= end || doc->toks[t].kind != NX_TOK_WORD || doc->toks[t + 1].kind != NX_TOK_WORD)
        return 0;
    const nx_token *a = &doc->toks[t], *b = &doc->toks[t + 1];
    size_t an = a->end - a->start, bn = b->end - b->start;
    char both[64];
    if (an + 1 + bn > sizeof(both))
        return 0;
    memcpy(both, doc->text + a->start, an);
    both[an] = ' ';
    memcpy(both + an + 1, doc->text + b->start, bn);
    if (!nx_lang_pack_word_class(w, both, an + 1 + bn, NX_LW_PERCENT, &v))
        return 0;
    *n = 2;
    return v;
}

/* Try an amount at token t; on success fill *a and *next. */
static int amount_at(const nx_lang_pack *w, const nx_doc *doc, size_t t, size_t end, size_t *ti,
                     nx_amount *a, size_t *next)
{
    memset(a, 0, sizeof(*a));
    size_t num = t;
    const char *cur = currency_prefix(doc, t, end, &num);
    const nx_token *nt = &doc->toks[num];
    double v = 0;
    size_t after;
    uint32_t unit_start = 0;
    int numeric = 0, commas = 0;
    if (nt->kind == NX_TOK_NUM) {
        if (!parse_num(w, doc, num, cur != NULL, &v, &unit_start))
            return 0;
        numeric = 1;
        commas = memchr(doc->text + nt->start, ',', nt->end - nt->start) != NULL;
        after = num + 1;
        /* a scale after digits: a power of ten above a hundred ("3.2
         * billion", "1.5 bn"), no factor ("5 dozen") */
        double m;
        unsigned sc = 0;
        if (!unit_start && after < end && (m = scale_at(w, doc, after, &sc)) > 0 &&
            sc != NX_LW_FACTOR && m != 100) {
            v *= m;
            after++;
        } else if (!unit_start && cur && after < end && tok_exact(doc, after, "m")) {
            v *= 1e6;
            after++;
        }
    } else if (!parse_words(w, doc, num, end, &v, &after)) {
        return 0;
    }
    if (in_date(doc, ti, nt->start))
        return 0;
    /* "No. 5", "#3", "number 10" name things, they do not count them. */
    if (t > 0 && !cur) {
        size_t p = t - 1;
        if (tok_exact(doc, p, "No.") || tok_exact(doc, p, "#") || tok_is(doc, p, "number") ||
            tok_exact(doc, p, "No"))
            return 0;
    }
    a->start = doc->toks[t].start;
    a->value = v;
    const char *unit = NULL;
    size_t last = after - 1; /* the amount's last token */
    int measure = 0;
    char lemma[sizeof(a->unit)], code[4];
    size_t pn = 0;
    int pct;
    if (cur) {
        unit = cur;
    } else if (unit_start) {
        /* A glued unit: 5km. */
        size_t ln = nx_noun_lemma(doc->words, doc->text + unit_start, nt->end - unit_start, lemma,
                                  sizeof(lemma));
        if (!ln || !is_measure(w, lemma))
            return 0;
        unit = lemma;
        measure = 1;
    } else if (after < end && tok_exact(doc, after, "%")) {
        unit = "percent";
        last = after;
    } else if (after < end && (pct = percent_at(w, doc, after, end, &pn))) {
        unit = pct == 2 ? "percentage point" : "percent";
        last = after + pn - 1;
    } else if (after < end && currency_at(w, doc, after, code)) {
        unit = code;
        last = after;
        cur = unit;
    } else if (after + 1 < end && (tok_exact(doc, after, "US") || tok_exact(doc, after, "U.S.")) &&
               currency_at(w, doc, after + 1, code) && !strcmp(code, "USD")) {
        unit = "USD";
        last = after + 1;
        cur = unit;
    } else {
        size_t head;
        if (!noun_run(w, doc, after, end, v, &head, lemma, sizeof(lemma)))
            return 0;
        measure = is_measure(w, lemma);
        if (head > after && tok_word(w, doc, head - 1, NX_LW_UNIT_PREFIX, NULL)) {
            char both[sizeof(a->unit)];
            const nx_token *q = &doc->toks[head - 1];
            size_t qn = q->end - q->start;
            if (qn + 1 + strlen(lemma) < sizeof(both)) {
                for (size_t i = 0; i < qn; i++) {
                    char c = doc->text[q->start + i];
                    both[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
                }
                both[qn] = ' ';
                memcpy(both + qn + 1, lemma, strlen(lemma) + 1);
                memcpy(lemma, both, strlen(both) + 1);
            }
        }
        unit = lemma;
        last = head;
        if (!measure) {
            a->has_object = 1;
            a->object.start = doc->toks[after].start;
            a->object.end = doc->toks[head].end;
        }
    }
    /* A bare year is a date, not a count: "in 2019 elections". */
    if (numeric && !cur && !commas && !unit_start && strcmp(unit, "percent") != 0 && v >= 1800 &&
        v <= 2100 && v == (double)(long)v && doc->toks[num].end - doc->toks[num].start == 4)
        return 0;
    if (!a->has_object) {
        nx_span obj;
        if (of_object(w, doc, last + 1, end, &obj) ||
            ((cur || !strcmp(unit, "percent")) && next_object(w, doc, last + 1, end, &obj)) ||
            (cur && last + 2 < end && tok_word(w, doc, last + 1, NX_LW_IN, NULL) &&
             next_object(w, doc, last + 2, end, &obj))) {
            a->has_object = 1;
            a->object = obj;
        }
    }
    size_t ul = strlen(unit);
    if (ul >= sizeof(a->unit))
        return 0;
    memcpy(a->unit, unit, ul + 1);
    a->end = doc->toks[last].end;
    *next = last + 1;
    return 1;
}

/* Cheap test of whether an amount can start at token t. */
static int may_start(const nx_lang_pack *w, const nx_doc *doc, size_t t, size_t end)
{
    const nx_token *k = &doc->toks[t];
    unsigned char c = (unsigned char)doc->text[k->start];
    if (k->kind == NX_TOK_NUM)
        return 1;
    if (k->kind != NX_TOK_WORD)
        return c == '$' || c >= 0x80; /* currency signs */
    if (t + 1 < end &&
        (doc->toks[t + 1].kind == NX_TOK_NUM || doc->text[doc->toks[t + 1].start] == '$'))
        return 1;
    /* "a million", "a dozen": an article of the words before a scale word;
     * English's is one letter, which keeps this test cheap */
    if (k->end - k->start == 1)
        return t + 1 < end && (tok_class(doc, t + 1) & NX_W_SCALE) &&
               tok_word(w, doc, t, NX_LW_ARTICLE, NULL);
    return tok_word_value(doc, t, NULL);
}

#ifndef NEWSX_CONFIG_DIR
#define NEWSX_CONFIG_DIR "config"
#endif

/* The English words: <config_dir>/lang/en/amounts.tsv (required). */
static nx_err amounts_init(const nx_core_opts *opts, void **state, char *errstr, size_t errstr_size)
{
    const char *dir = opts && opts->config_dir ? opts->config_dir : NEWSX_CONFIG_DIR;
    char path[4096];
    if (snprintf(path, sizeof(path), "%s/lang/en/amounts.tsv", dir) >= (int)sizeof(path))
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                         "amounts stage: config path too long: %s", dir);
    return nx_lang_pack_load_words(path, "en", (nx_lang_pack **)state, errstr, errstr_size);
}

static void amounts_free(void *state)
{
    nx_lang_pack_free(state);
}

static nx_err amounts_run(nx_doc *doc, const void *state, char *errstr, size_t errstr_size)
{
    nx_spend(doc->budget, doc->n_toks); /* one pass over the tokens, at least */
    const nx_lang_pack *w = state;
    doc->n_amounts = 0;
    /* another language: its pack's rules, never the English ones (no pack
     * loaded: the stage is skipped, and the record says so); a doc with no language set (a caller
     * other than the core) is read as English */
    if (doc->lang_code[0] && strcmp(doc->lang_code, "en") != 0) {
        if (!doc->lang_pack) {
            doc->stage_skip = "skipped: language";
            return NX_OK;
        }
        return nx_amounts_lang(doc)
                   ? nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory finding amounts")
                   : NX_OK;
    }
    if (!w)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                         "amounts stage: no English words (the stage was not initialised)");
    if (!nx_doc_words(doc))
        return doc->n_toks
                   ? nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory finding amounts")
                   : NX_OK;
    size_t ti = 0;
    for (size_t s = 0; s < doc->n_sents; s++) {
        const nx_sentence *se = &doc->sents[s];
        size_t t = se->tok_begin;
        while (t < se->tok_end) {
            if (!may_start(w, doc, t, se->tok_end)) {
                t++;
                continue;
            }
            nx_amount a;
            size_t next;
            if (!amount_at(w, doc, t, se->tok_end, &ti, &a, &next)) {
                t++;
                continue;
            }
            if (nx_grow((void **)&doc->amounts, &doc->cap_amounts, doc->n_amounts + 1,
                        sizeof(nx_amount)))
                return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM,
                                 "out of memory finding amounts");
            doc->amounts[doc->n_amounts++] = a;
            t = next;
        }
    }
    return NX_OK;
}

const nx_stage nx_stage_amounts = {"amounts",    amounts_init, amounts_run,
                                   amounts_free, NULL,         "en de fr es it pt nl"};
