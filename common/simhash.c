/*
 * simhash.c - the fingerprint stage: a 64-bit SimHash (Charikar 2002) of the
 * clean text, for near-duplicate detection (Manku et al. 2007: Hamming
 * distance <= 3 of 64 bits). The rules are written down in docs/extras.md.
 *
 * Features are shingles of NX_SIMHASH_SHINGLE consecutive normalized content
 * words (one by default; each occurrence votes once, so a word weighs its
 * count): each word token is lower-cased, apostrophes, periods and commas
 * inside it are dropped (Russia’s = Russia's = russias, U.S. = us) and any
 * other mark splits it (face-to-face = face to face); British and American
 * spellings and a final plural s fold together (fold_spelling); number
 * tokens, function words (extras.c's list), punctuation and whitespace are
 * ignored. So the fingerprint does not change with whitespace, punctuation,
 * quotation mark style, capitalization or spelling conventions, and each
 * changed content word moves it a little.
 */
#include <string.h>

#include <utf8proc.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "extras.h"
#include "stage.h"

/* Per bit, the number of features with that bit set: every occurrence of a
 * feature votes once, so a word weighs its count in the text (heavier
 * weights made different stories on one subject collide: docs/extras.md).
 * The counting is bit-sliced: acc[j] holds eight byte-wide counters for
 * bits 8j..8j+7, flushed into ones[] before they can overflow. */
typedef struct fp_acc {
    uint64_t acc[8];
    uint32_t pending; /* features in acc */
    uint32_t ones[64];
    uint32_t n; /* features */
    uint64_t ring[NX_SIMHASH_SHINGLE];
    uint32_t words;
    const nx_words *table; /* the word table (doc->words) */
} fp_acc;

/* Byte k of SPREAD(x) is bit k of x (x < 256); spread[x] holds them all. */
#define SPREAD(x)                                                                                  \
    ((((x)&0x55) * 0x02040810204081ull | ((x)&0xAA) * 0x02040810204081ull) & 0x0101010101010101ull)
#define SPREAD4(x)  SPREAD(x), SPREAD((x) + 1), SPREAD((x) + 2), SPREAD((x) + 3)
#define SPREAD16(x) SPREAD4(x), SPREAD4((x) + 4), SPREAD4((x) + 8), SPREAD4((x) + 12)
#define SPREAD64(x) SPREAD16(x), SPREAD16((x) + 16), SPREAD16((x) + 32), SPREAD16((x) + 48)
static const uint64_t spread[256] = {SPREAD64(0), SPREAD64(64), SPREAD64(128), SPREAD64(192)};
#undef SPREAD64
#undef SPREAD16
#undef SPREAD4
#undef SPREAD

static void fp_flush(fp_acc *a)
{
    for (int j = 0; j < 8; j++) {
        for (int k = 0; k < 8; k++)
            a->ones[8 * j + k] += (uint32_t)((a->acc[j] >> (8 * k)) & 0xff);
        a->acc[j] = 0;
    }
    a->pending = 0;
}

static void fp_feature(fp_acc *a, uint64_t h)
{
    for (int j = 0; j < 8; j++)
        a->acc[j] += spread[(h >> (8 * j)) & 0xff];
    a->n++;
    if (++a->pending == 255)
        fp_flush(a);
}

/* Spelling variants that differ between outlets of one story fold together:
 * a final plural s; British -our- after b d l m n v (neighbourhood, labour,
 * honour), -tre, -ise, -yse, -ence, -lled, -lling. The folded form is only a
 * feature, never shown. Returns the new length. */
static size_t fold_spelling(char *w, size_t n, int *changed)
{
    size_t n0 = n;
    int ch = 0;
    if (n > 4 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i')
        n--;
    for (size_t i = 1; n > 5 && i + 3 <= n; i++) {
        if (w[i] == 'o' && w[i + 1] == 'u' && w[i + 2] == 'r' && strchr("bdlmnv", w[i - 1])) {
            memmove(w + i + 1, w + i + 2, n - i - 2);
            n--;
            break;
        }
    }
#define ENDS(suf)                                                                                  \
    (n >= sizeof(suf) + 1 && memcmp(w + n - (sizeof(suf) - 1), suf, sizeof(suf) - 1) == 0)
    switch (w[n - 1]) {
    case 'g':
        if (ENDS("lling")) { /* travelling -> traveling */
            memmove(w + n - 4, "ing", 3);
            n--;
        }
        break;
    case 'd':
        if (ENDS("lled")) { /* travelled -> traveled */
            memmove(w + n - 3, "ed", 2);
            n--;
        }
        break;
    case 'e':
        if (ENDS("ence")) { /* defence -> defense */
            w[n - 2] = 's';
            ch = 1;
        } else if (ENDS("tre")) { /* centre -> center */
            w[n - 2] = 'e';
            w[n - 1] = 'r';
            ch = 1;
        } else if (ENDS("ise") || ENDS("yse")) { /* organise -> organize */
            w[n - 2] = 'z';
            ch = 1;
        }
        break;
    default:
        break;
    }
#undef ENDS
    *changed = ch || n != n0;
    return n;
}

/* Add the word w[0, n) (lower case) with hash h = nx_word_hash(w, n) and
 * word classes cls. */
static void fp_word_hashed(fp_acc *a, char *w, size_t n, uint64_t h, unsigned cls)
{
    if (cls & NX_W_STOP)
        return;
    int changed;
    size_t f = fold_spelling(w, n, &changed);
    if (changed)
        h = nx_word_hash(w, f);
    a->ring[a->words % NX_SIMHASH_SHINGLE] = h;
    a->words++;
    if (a->words < NX_SIMHASH_SHINGLE)
        return;
    uint64_t sh[NX_SIMHASH_SHINGLE];
    for (uint32_t k = 0; k < NX_SIMHASH_SHINGLE; k++)
        sh[k] = a->ring[(a->words + k) % NX_SIMHASH_SHINGLE];
    fp_feature(a, XXH3_64bits(sh, sizeof(sh)));
}

static void fp_word(fp_acc *a, char *w, size_t n)
{
    if (!n)
        return;
    uint64_t h = nx_word_hash(w, n);
    fp_word_hashed(a, w, n, h, nx_word_class_hash(a->table, h, NULL));
}

/* 1 for a letter of a script written without spaces between words (Han,
 * kana, Thai, Lao, Khmer, Myanmar): the segmenter keeps a run of them as one
 * token, so the fingerprint takes its character pairs as words. */
static int unspaced(utf8proc_int32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF) ||
           (cp >= 0x0E00 && cp <= 0x0EFF) || (cp >= 0x1780 && cp <= 0x17FF) ||
           (cp >= 0x1000 && cp <= 0x109F);
}

/* Normalize one token into words (see the file comment). A run of unspaced
 * letters gives its overlapping character pairs ("ABC" -> "AB", "BC"; a
 * lone letter itself), so Chinese, Japanese or Thai text is not one word. */
static void fp_token(fp_acc *a, const char *s, size_t len)
{
    char w[256];
    size_t n = 0;
    size_t i = 0;
    char prev[4]; /* the previous unspaced letter, encoded */
    size_t prev_n = 0, run = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            i++;
            if (run == 1)
                fp_word(a, prev, prev_n);
            run = 0;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (n < sizeof(w))
                    w[n++] = (char)c;
            } else if (c >= 'A' && c <= 'Z') {
                if (n < sizeof(w))
                    w[n++] = (char)(c + 32);
            } else if (c != '\'' && c != '.' && c != ',') {
                fp_word(a, w, n);
                n = 0;
            }
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) {
            i++;
            continue;
        }
        i += (size_t)k;
        if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC)
            continue; /* apostrophes */
        if (unspaced(cp)) {
            fp_word(a, w, n);
            n = 0;
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t m = utf8proc_encode_char(cp, enc);
            if (run) {
                memcpy(w, prev, prev_n);
                memcpy(w + prev_n, enc, (size_t)m);
                fp_word(a, w, prev_n + (size_t)m);
            }
            memcpy(prev, enc, (size_t)m);
            prev_n = (size_t)m;
            run++;
            continue;
        }
        if (run == 1)
            fp_word(a, prev, prev_n);
        run = 0;
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO &&
            !(cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME)) {
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), enc);
            if (n + (size_t)m <= sizeof(w)) {
                memcpy(w + n, enc, (size_t)m);
                n += (size_t)m;
            }
        } else if (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) {
            continue; /* combining marks stay with their letter */
        } else {
            fp_word(a, w, n);
            n = 0;
        }
    }
    if (run == 1)
        fp_word(a, prev, prev_n);
    fp_word(a, w, n);
}

nx_err nx_simhash_text(nx_doc *doc, uint64_t *out)
{
    const nx_tok_word *words = nx_doc_words(doc);
    if (!words && doc->n_toks)
        return NX_ERR_NOMEM;
    fp_acc a;
    memset(&a, 0, sizeof(a));
    a.table = doc->words;
    for (size_t t = 0; t < doc->n_toks; t++) {
        const nx_token *tok = &doc->toks[t];
        if (tok->kind != NX_TOK_WORD)
            continue;
        const char *s = doc->text + tok->start;
        size_t n = tok->end - tok->start;
        if (!words[t].alnum) {
            fp_token(&a, s, n);
            continue;
        }
        /* Letters and digits only: the token is one word, already hashed. */
        if (words[t].cls & NX_W_STOP)
            continue;
        char w[NX_TOK_WORD_MAX + 1];
        nx_lower_ascii(s, n, w, sizeof w); /* an alnum token is ASCII and fits */
        fp_word_hashed(&a, w, n, words[t].hash, words[t].cls);
    }
    if (a.words && a.words < NX_SIMHASH_SHINGLE) {
        /* Fewer words than one shingle: the words themselves are the features. */
        for (uint32_t k = 0; k < a.words; k++)
            fp_feature(&a, a.ring[k]);
    }
    fp_flush(&a);
    uint64_t h = 0;
    for (int b = 0; b < 64; b++)
        if (2u * a.ones[b] > a.n)
            h |= 1ull << b;
    *out = h;
    return NX_OK;
}

int nx_hamming64(uint64_t a, uint64_t b)
{
    return __builtin_popcountll(a ^ b);
}

static nx_err fingerprint_run(nx_doc *doc, const void *state, char *errstr, size_t errstr_size)
{
    nx_spend(doc->budget, doc->n_toks); /* one pass over the tokens, at least */
    (void)state;
    nx_err e = nx_simhash_text(doc, &doc->fingerprint);
    if (e)
        return nx_seterr(errstr, errstr_size, e, "fingerprint: %s", nx_strerror(e));
    doc->has_fingerprint = 1;
    return NX_OK;
}

const nx_stage nx_stage_fingerprint = {"fingerprint", NULL, fingerprint_run, NULL, NULL, NULL};
