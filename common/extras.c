/*
 * extras.c - helpers shared by the extra stages: lookups in the English
 * word table (loaded by extras_words.c), the per-token words of a doc, a
 * noun lemmatizer for counted nouns and a fixed-point formatter.
 */
#include "extras.h"

#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "extras_words.h"
#include "nx_alloc.h"

uint64_t nx_word_hash(const char *lower, size_t n)
{
    return XXH3_64bits(lower, n) | 1u;
}

unsigned nx_word_class_hash(const nx_words *w, uint64_t h, double *value)
{
    size_t i = nx_words_slot(w, h);
    if (!w->key[i])
        return 0;
    if (value)
        *value = w->value[i];
    return w->cls[i];
}

unsigned nx_word_class(const nx_words *w, const char *s, size_t n, double *value)
{
    char low[NX_WORD_CLASS_MAX];
    if (!nx_lower_ascii(s, n, low, sizeof(low)))
        return 0;
    return nx_word_class_hash(w, nx_word_hash(low, n), value);
}

int nx_is_stopword(const nx_words *w, const char *s, size_t n)
{
    return (nx_word_class(w, s, n, NULL) & NX_W_STOP) != 0;
}

/* Bit c % 64 of alnum_bits[c / 64]: byte c is an ASCII letter or digit. */
static const uint64_t alnum_bits[4] = {0x03FF000000000000ull, 0x07FFFFFE07FFFFFEull, 0, 0};

const nx_tok_word *nx_doc_words(nx_doc *doc)
{
    if (doc->tok_words || !doc->n_toks || !doc->words)
        return doc->tok_words;
    nx_tok_word *tw = nx_malloc(doc->n_toks * sizeof(*tw));
    if (!tw)
        return NULL;
    for (size_t t = 0; t < doc->n_toks; t++) {
        const nx_token *tok = &doc->toks[t];
        const unsigned char *s = (const unsigned char *)doc->text + tok->start;
        size_t n = tok->end - tok->start;
        char low[NX_TOK_WORD_MAX];
        unsigned any = 0, other = 0;
        tw[t].hash = 0;
        tw[t].cls = 0;
        tw[t].alnum = 0;
        if (tok->kind != NX_TOK_WORD || n == 0 || n > sizeof(low))
            continue;
        for (size_t i = 0; i < n; i++) {
            unsigned c = s[i];
            any |= c;
            other |= ~(alnum_bits[c >> 6] >> (c & 63)) & 1u;
            low[i] = (char)(c + ((c - 'A' < 26u) << 5));
        }
        if (any >= 0x80)
            continue;
        tw[t].hash = nx_word_hash(low, n);
        tw[t].cls = (uint8_t)nx_word_class_hash(doc->words, tw[t].hash, NULL);
        tw[t].alnum = !other;
    }
    doc->tok_words = tw;
    return tw;
}

size_t nx_noun_lemma(const nx_words *w, const char *s, size_t n, char *out, size_t out_size)
{
    if (n == 0 || n >= out_size)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out[n] = '\0';
    for (size_t k = 0; k < w->n_plurals; k++) {
        const nx_plural *p = &w->plurals[k];
        if (out[0] == p->plural[0] && strcmp(out, p->plural) == 0) {
            size_t m = strlen(p->lemma);
            memcpy(out, p->lemma, m + 1);
            return m;
        }
    }
#define ENDS(suf)                                                                                  \
    (n > sizeof(suf) && memcmp(out + n - (sizeof(suf) - 1), suf, sizeof(suf) - 1) == 0)
    if (n <= 3 || out[n - 1] != 's')
        return n;
    if (ENDS("ss") || ENDS("us") || ENDS("is"))
        return n;
    if (ENDS("ies")) { /* cities -> city */
        memcpy(out + n - 3, "y", 2);
        return n - 2;
    }
    if (ENDS("ches") || ENDS("shes") || ENDS("sses") || ENDS("xes") || ENDS("zes") ||
        ENDS("oes")) { /* boxes -> box, heroes -> hero */
        out[n - 2] = '\0';
        return n - 2;
    }
#undef ENDS
    out[n - 1] = '\0'; /* barrels -> barrel */
    return n - 1;
}

size_t nx_fmt_fixed(double v, int d, char *out)
{
    size_t n = 0;
    int neg = 0;
    if (v != v) /* NaN */
        v = 0;
    if (v < 0) {
        v = -v;
        neg = 1;
    }
    if (d < 0)
        d = 0;
    if (d > 9)
        d = 9;
    uint64_t scale = 1;
    for (int k = 0; k < d; k++)
        scale *= 10;
    if (v * (double)scale >= 1.8e19) { /* too large for the integer path: no decimals */
        d = 0;
        scale = 1;
    }
    if (v >= 1.8e19)
        v = 1.8e19;
    uint64_t x = (uint64_t)(v * (double)scale + 0.5);
    if (neg && x)
        out[n++] = '-';
    uint64_t ip = x / scale, fp = x % scale;
    char tmp[24];
    int t = 0;
    do {
        tmp[t++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    while (t)
        out[n++] = tmp[--t];
    if (d) {
        out[n++] = '.';
        for (int k = d - 1; k >= 0; k--) {
            out[n + (size_t)k] = (char)('0' + fp % 10);
            fp /= 10;
        }
        n += (size_t)d;
    }
    out[n] = '\0';
    return n;
}
