/*
 * segment.c - paragraphs, sentences and tokens of the clean text.
 *
 * One pass of a table-driven scanner produces the tokens of a paragraph; a
 * second, token-level pass places the sentence boundaries. nx_count_words()
 * runs the same scanner without storing anything, so both count the same
 * words. The rules are documented in segment.h.
 */
#include "segment.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "lang_pack.h"
#include "nx_alloc.h"

/* ---------------------------------------------------------------------------
 * Character classes
 * ------------------------------------------------------------------------- */

enum {
    C_S = 0, /* space (and stray control characters) */
    C_N,     /* newline */
    C_U,     /* upper-case letter */
    C_L,     /* lower-case or uncased letter */
    C_D,     /* decimal digit */
    C_P,     /* punctuation or symbol */
    C_M,     /* combining mark (continues a word) */
    C_O,     /* anything else */
    C_H      /* ASCII table only: first byte of a multi-byte sequence */
};

#define S C_S
#define N C_N
#define U C_U
#define L C_L
#define D C_D
#define P C_P
#define H C_H
static const uint8_t ascii_class[256] = {
    S, S, S, S, S, S, S, S, S, S, N, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    S, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, D, D, D, D, D, D, D, D, D, D, P, P, P, P, P, P,
    P, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, P, P, P, P, P,
    P, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, P, P, P, P, S,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H};
#undef S
#undef N
#undef U
#undef L
#undef D
#undef P
#undef H

/* Decode the code point at s[i] (i < n); *len receives its byte length. An
 * invalid or truncated sequence decodes as U+FFFD of length 1. */
static uint32_t decode(const unsigned char *s, size_t i, size_t n, size_t *len)
{
    unsigned c = s[i];
    if (c < 0x80) {
        *len = 1;
        return c;
    }
    size_t need;
    uint32_t cp;
    if (c >= 0xF0 && c < 0xF5) {
        need = 4;
        cp = c & 0x07;
    } else if (c >= 0xE0) {
        need = 3;
        cp = c & 0x0F;
    } else if (c >= 0xC2 && c < 0xE0) {
        need = 2;
        cp = c & 0x1F;
    } else {
        *len = 1;
        return 0xFFFD;
    }
    if (c >= 0xF5 || i + need > n) {
        *len = 1;
        return 0xFFFD;
    }
    for (size_t k = 1; k < need; k++) {
        unsigned b = s[i + k];
        if ((b & 0xC0) != 0x80) {
            *len = 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    *len = need;
    return cp;
}

/* Class of a non-ASCII code point, from its Unicode general category. */
static int uclass(uint32_t cp)
{
    if (cp == 0xFFFD)
        return C_O;
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return C_U;
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return C_L;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_CF: /* soft hyphen, joiners: stay inside a word */
        return C_M;
    case UTF8PROC_CATEGORY_ND:
        return C_D;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK:
        return C_P;
    case UTF8PROC_CATEGORY_ZS:
        return C_S;
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return C_N;
    default:
        return C_O;
    }
}

/* Class of the code point at s[i]; *len receives its byte length. */
static inline int cls_at(const unsigned char *s, size_t i, size_t n, size_t *len)
{
    int c = ascii_class[s[i]];
    if (c != C_H) {
        *len = 1;
        return c;
    }
    uint32_t cp = decode(s, i, n, len);
    return uclass(cp);
}

/* Class at s[i], or C_S past the end. */
static inline int cls_or_space(const unsigned char *s, size_t i, size_t n)
{
    size_t len;
    return i < n ? cls_at(s, i, n, &len) : C_S;
}

static inline int is_wordish(int c)
{
    return c == C_U || c == C_L || c == C_D || c == C_M;
}

static inline int is_letter(int c)
{
    return c == C_U || c == C_L;
}

/* ---------------------------------------------------------------------------
 * Abbreviations
 * ------------------------------------------------------------------------- */

enum {
    AB_NONE = 0,
    AB_NOSPLIT, /* titles and pre-number forms: never end a sentence mid-line */
    AB_STARTER, /* may end a sentence: split before a common sentence starter */
    AB_LOOSE,   /* etc.: split before any capitalized word */
    AB_INITIAL, /* a single capital letter: split only before a sentence starter */
    AB_ORDINAL  /* "3." in a language with ordinal dots: see split_before() */
};

/* The class (AB_*) of a sentence-rules entry's class (NX_AB_*): the English
 * rules (config/lang/en/sentences.tsv) read exactly as written. */
static inline int ab_of(int cls)
{
    switch (cls) {
    case NX_AB_NOSPLIT:
        return AB_NOSPLIT;
    case NX_AB_LOOSE:
        return AB_LOOSE;
    case 0:
        return AB_NONE;
    default:
        return AB_STARTER;
    }
}

/* ---------------------------------------------------------------------------
 * The scanner
 * ------------------------------------------------------------------------- */

/* Is the ASCII text w[0..len) (after an apostrophe) an English clitic? */
static int is_clitic(const unsigned char *w, size_t len)
{
    unsigned a = len > 0 ? (w[0] | 0x20) : 0, b = len > 1 ? (w[1] | 0x20) : 0;
    if (len == 1)
        return a == 's' || a == 'd' || a == 'm';
    if (len == 2)
        return (a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l');
    return 0;
}

/* Length of the ASCII letter run at s[i]. */
static inline size_t ascii_letters(const unsigned char *s, size_t i, size_t n)
{
    size_t j = i;
    while (j < n && (ascii_class[s[j]] == C_U || ascii_class[s[j]] == C_L))
        j++;
    return j - i;
}

/* If an apostrophe of length alen at s[i] starts a clitic ('s 're 've 'll 'd
 * 'm) that ends the word, return the clitic's byte length (apostrophe
 * included), else 0. */
static size_t clitic_at(const unsigned char *s, size_t i, size_t n, size_t alen)
{
    size_t q = i + alen;
    size_t k = ascii_letters(s, q, n);
    if (k == 0 || !is_clitic(s + q, k))
        return 0;
    if (is_wordish(cls_or_space(s, q + k, n)))
        return 0;
    return alen + k;
}

/* Flags of a token from its bytes (used after a backtrack). */
static uint8_t case_flags(const unsigned char *s, size_t start, size_t end)
{
    int upper = 0, lower = 0, first = -1;
    for (size_t i = start; i < end;) {
        size_t len;
        int c = cls_at(s, i, end, &len);
        if (first < 0)
            first = c;
        if (c == C_U)
            upper = 1;
        else if (c == C_L && (s[i] >= 0x80 ? utf8proc_category((utf8proc_int32_t)decode(
                                                 s, i, end, &len)) == UTF8PROC_CATEGORY_LL
                                           : 1))
            lower = 1;
        i += len;
    }
    uint8_t f = 0;
    if (first == C_U)
        f |= NX_TOKF_CAP;
    if (upper && !lower)
        f |= NX_TOKF_ALLCAP;
    return f;
}

/* Scan a word starting at s[i] (a letter). Returns its end; *flags gets the
 * case flags. pack: the article's language rules, else en: the English
 * rules; with neither (nx_count_words) only dotted forms and initials keep
 * their final period. */
static size_t scan_word(const unsigned char *s, size_t i, size_t n, uint8_t *flags,
                        const nx_lang_pack *pack, const nx_lang_pack *en)
{
    size_t p = i;
    size_t seg = 0, max_seg = 0, letters = 0;
    int dots = 0, upper = 0, lower = 0, first_upper = -1;
    for (;;) {
        if (p >= n)
            break;
        unsigned c = s[p];
        int k = ascii_class[c];
        if (k == C_U || k == C_L) {
            if (first_upper < 0)
                first_upper = k == C_U;
            if (k == C_U)
                upper = 1;
            else
                lower = 1;
            p++;
            seg++;
            letters++;
            continue;
        }
        if (k == C_D) {
            p++;
            seg++;
            continue;
        }
        if (k == C_H) {
            size_t len;
            uint32_t cp = decode(s, p, n, &len);
            if (cp == 0x2019) {
                size_t cl = clitic_at(s, p, n, 3);
                if (cl)
                    break;
                int nk = cls_or_space(s, p + 3, n);
                if (!is_letter(nk))
                    break;
                if (s[p - 1] == 'n' || s[p - 1] == 'N') {
                    if (p - 1 > i && (s[p + 3] | 0x20) == 't' &&
                        !is_wordish(cls_or_space(s, p + 4, n))) {
                        p--;
                        *flags = case_flags(s, i, p);
                        return p;
                    }
                }
                p += 3;
                continue;
            }
            int uk = uclass(cp);
            if (uk == C_U || uk == C_L || uk == C_M || uk == C_D) {
                if (first_upper < 0 && uk != C_M)
                    first_upper = uk == C_U;
                if (uk == C_U)
                    upper = 1;
                else if (uk == C_L &&
                         utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL)
                    lower = 1;
                p += len;
                seg++;
                if (uk != C_D && uk != C_M)
                    letters++;
                continue;
            }
            break;
        }
        if (c == '-') {
            if (is_wordish(cls_or_space(s, p + 1, n)) && ascii_class[s[p + 1]] != C_S) {
                p++;
                seg = 0;
                continue;
            }
            break;
        }
        if (c == '.') {
            int nk = cls_or_space(s, p + 1, n);
            if (is_letter(nk)) {
                /* "said.The": a missing space, not an abbreviation */
                if (seg >= 3 && nk == C_U && ascii_class[s[p - 1]] == C_L)
                    break;
                dots++;
                if (seg > max_seg)
                    max_seg = seg;
                seg = 0;
                p++;
                continue;
            }
            /* A final period: keep it with dotted forms, initials and known
             * abbreviations. */
            int keep = 0;
            if (dots) {
                if (seg > max_seg)
                    max_seg = seg;
                keep = max_seg <= 2;
            } else if (letters == 1 && p - i <= 4 && first_upper == 1) {
                keep = 1;
            } else if (pack) {
                keep = nx_lang_pack_abbrev(pack, (const char *)s + i, p - i + 1) != 0;
            } else if (en) {
                keep = nx_lang_pack_abbrev_exact(en, (const char *)s + i, p - i + 1) != 0;
            }
            if (keep)
                p++;
            break;
        }
        if (c == '\'') {
            if (clitic_at(s, p, n, 1))
                break;
            if (!is_letter(cls_or_space(s, p + 1, n)))
                break;
            if ((s[p - 1] == 'n' || s[p - 1] == 'N') && p - 1 > i && (s[p + 1] | 0x20) == 't' &&
                !is_wordish(cls_or_space(s, p + 2, n))) {
                p--;
                *flags = case_flags(s, i, p);
                return p;
            }
            p++;
            continue;
        }
        if (c == '&') {
            if (p + 1 < n && ascii_class[s[p - 1]] == C_U && ascii_class[s[p + 1]] == C_U) {
                p++;
                continue;
            }
            break;
        }
        break;
    }
    uint8_t f = 0;
    if (first_upper == 1)
        f |= NX_TOKF_CAP;
    if (upper && !lower)
        f |= NX_TOKF_ALLCAP;
    *flags = f;
    return p;
}

/* Scan a number starting at s[i] (a digit, or a period before a digit);
 * ordinal: the language writes ordinals with a dot ("3. März"). */
static size_t scan_number(const unsigned char *s, size_t i, size_t n, uint8_t *flags, int ordinal)
{
    size_t p = i;
    int plain = 1; /* digits only so far */
    int upper = 0, lower = 0;
    if (s[p] == '.') {
        p++;
        plain = 0;
    }
    for (;;) {
        if (p >= n)
            break;
        unsigned c = s[p];
        int k = ascii_class[c];
        if (k == C_D) {
            p++;
            continue;
        }
        if (k == C_U || k == C_L) {
            upper |= k == C_U;
            lower |= k == C_L;
            plain = 0;
            p++;
            continue;
        }
        if (k == C_H) {
            size_t len;
            int uk = cls_at(s, p, n, &len);
            if (uk == C_D || uk == C_U || uk == C_L || uk == C_M) {
                upper |= uk == C_U;
                lower |= uk == C_L;
                plain = 0;
                p += len;
                continue;
            }
            break;
        }
        if (c == '.' || c == ',' || c == ':' || c == '/') {
            if (p + 1 < n && ascii_class[s[p + 1]] == C_D) {
                plain = 0;
                p += 2;
                continue;
            }
            /* "1. Michelle Freeman": a list number keeps its period; so
             * does an ordinal of up to three digits before any word */
            if (c == '.' && plain && p + 2 < n && s[p + 1] == ' ' &&
                (ordinal ? p - i <= 3 && (is_letter(cls_or_space(s, p + 2, n)) ||
                                          ascii_class[s[p + 2]] == C_D)
                         : p - i <= 2 && ascii_class[s[p + 2]] == C_U))
                p++;
            break;
        }
        if (c == '-') {
            if (is_wordish(cls_or_space(s, p + 1, n)) && ascii_class[s[p + 1]] != C_S) {
                plain = 0;
                p++;
                continue;
            }
            break;
        }
        break;
    }
    *flags = (uint8_t)(upper && !lower ? NX_TOKF_ALLCAP : 0);
    return p;
}

/* Scan the token starting at s[i] (not a space). Returns its end and fills
 * *kind and *flags. */
static size_t scan_token(const unsigned char *s, size_t i, size_t n, uint8_t *kind, uint8_t *flags,
                         const nx_lang_pack *pack, const nx_lang_pack *en)
{
    unsigned c = s[i];
    int k = ascii_class[c];
    *flags = 0;
    if (k == C_U || k == C_L) {
        *kind = NX_TOK_WORD;
        return scan_word(s, i, n, flags, pack, en);
    }
    if (k == C_D) {
        *kind = NX_TOK_NUM;
        return scan_number(s, i, n, flags, pack && nx_lang_pack_ordinal_dot(pack));
    }
    if (k == C_P) {
        *kind = NX_TOK_PUNCT;
        if (c == '.') {
            size_t j = i + 1;
            while (j < n && s[j] == '.')
                j++;
            if (j == i + 1 && j < n && ascii_class[s[j]] == C_D &&
                (i == 0 || ascii_class[s[i - 1]] == C_S || ascii_class[s[i - 1]] == C_N ||
                 s[i - 1] == '(')) {
                *kind = NX_TOK_NUM;
                return scan_number(s, i, n, flags, pack && nx_lang_pack_ordinal_dot(pack));
            }
            return j;
        }
        if (c == '-') {
            size_t j = i + 1;
            while (j < n && s[j] == '-')
                j++;
            return j;
        }
        if (c == '\'') {
            size_t cl = clitic_at(s, i, n, 1);
            if (cl) {
                *kind = NX_TOK_WORD;
                *flags = case_flags(s, i, i + cl);
                return i + cl;
            }
        }
        return i + 1;
    }
    /* non-ASCII */
    size_t len;
    uint32_t cp = decode(s, i, n, &len);
    if (cp == 0x2019) {
        size_t cl = clitic_at(s, i, n, 3);
        if (cl) {
            *kind = NX_TOK_WORD;
            *flags = case_flags(s, i, i + cl);
            return i + cl;
        }
    }
    int uk = uclass(cp);
    if (uk == C_U || uk == C_L) {
        *kind = NX_TOK_WORD;
        return scan_word(s, i, n, flags, pack, en);
    }
    if (uk == C_D) {
        *kind = NX_TOK_NUM;
        return scan_number(s, i, n, flags, pack && nx_lang_pack_ordinal_dot(pack));
    }
    if (uk == C_P) {
        *kind = NX_TOK_PUNCT;
        return i + len;
    }
    /* Symbols, emoji, marks without a base: one token with any marks,
     * variation selectors and zero-width-joined code points that follow. */
    *kind = NX_TOK_OTHER;
    size_t p = i + len;
    while (p < n && s[p] >= 0x80) {
        size_t l2;
        uint32_t c2 = decode(s, p, n, &l2);
        if (c2 == 0x200D && p + l2 < n) {
            size_t l3;
            decode(s, p + l2, n, &l3);
            p += l2 + l3;
            continue;
        }
        int k2 = uclass(c2);
        if (k2 == C_M || (c2 >= 0x1F3FB && c2 <= 0x1F3FF)) {
            p += l2;
            continue;
        }
        break;
    }
    return p;
}

/* Skip spaces (not newlines) and newlines; returns the next non-space
 * position. */
static inline size_t skip_space(const unsigned char *s, size_t i, size_t n)
{
    while (i < n) {
        int k = ascii_class[s[i]];
        if (k == C_S || k == C_N) {
            i++;
            continue;
        }
        if (k == C_H) {
            size_t len;
            int uk = cls_at(s, i, n, &len);
            if (uk == C_S || uk == C_N) {
                i += len;
                continue;
            }
        }
        break;
    }
    return i;
}

size_t nx_count_words(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t words = 0;
    size_t i = 0;
    if (!text)
        return 0;
    for (;;) {
        i = skip_space(s, i, len);
        if (i >= len)
            break;
        uint8_t kind, flags;
        /* no rules: whether a word keeps its final period changes no count
         * (the period is a token of its own otherwise, never a word) */
        i = scan_token(s, i, len, &kind, &flags, NULL, NULL);
        words += kind == NX_TOK_WORD || kind == NX_TOK_NUM;
    }
    return words;
}

/* ---------------------------------------------------------------------------
 * Sentences
 * ------------------------------------------------------------------------- */

enum {
    END_NONE = 0,
    END_STRONG,   /* . ? ! .... */
    END_ELLIPSIS, /* ... .. U+2026 */
    END_ABBREV    /* a word that keeps its period; class in ab */
};

typedef struct seg_ctx {
    const unsigned char *s;
    const nx_token *t;
    const nx_lang_pack *pack; /* the article's language rules, NULL: English */
    const nx_lang_pack *en;   /* the English rules (config/lang/en/sentences.tsv) */
} seg_ctx;

static inline size_t tlen(const nx_token *t)
{
    return t->end - t->start;
}

static inline int tok_is(const seg_ctx *c, const nx_token *t, const char *lit, size_t len)
{
    return tlen(t) == len && memcmp(c->s + t->start, lit, len) == 0;
}

/* The class of a word that keeps its period, from the article's pack: the
 * longest entry of up to three words ending at t ("z. B.", "EE. UU.", the
 * words one space apart), else a dotted form or an initial. */
__attribute__((noinline)) static int pack_abbrev_class(const seg_ctx *c, const nx_token *t)
{
    int cls = 0;
    const nx_token *first = t;
    while (first > c->t && t - first < 2 && first[-1].end + 1 == first->start &&
           c->s[first[-1].end] == ' ' && c->s[first[-1].end - 1] == '.')
        first--;
    for (; !cls && first <= t; first++)
        cls =
            nx_lang_pack_abbrev(c->pack, (const char *)c->s + first->start, t->end - first->start);
    if (cls == NX_AB_NOSPLIT || cls == NX_AB_LOOSE)
        return ab_of(cls);
    if (cls == NX_AB_SPLIT || cls == NX_AB_PART || memchr(c->s + t->start, '.', tlen(t) - 1))
        return AB_STARTER;
    return AB_INITIAL;
}

/* What kind of sentence end a token is; *ab receives the abbreviation class. */
static inline __attribute__((always_inline)) int end_kind(const seg_ctx *c, const nx_token *t,
                                                          int *ab)
{
    const unsigned char *w = c->s + t->start;
    size_t len = tlen(t);
    *ab = AB_NONE;
    if (t->kind == NX_TOK_PUNCT) {
        if (w[0] == '?' || w[0] == '!')
            return END_STRONG;
        if (w[0] == '.') {
            if (len == 1 || len >= 4)
                return END_STRONG;
            return END_ELLIPSIS;
        }
        if (len == 3 && w[0] == 0xE2 && w[1] == 0x80 && w[2] == 0xA6)
            return END_ELLIPSIS;
        /* fullwidth and CJK full stops, interrobang-like marks */
        if (len == 3 && w[0] == 0xE3 && w[1] == 0x80 && w[2] == 0x82)
            return END_STRONG;
        if (len == 3 && w[0] == 0xEF && w[1] == 0xBC && (w[2] == 0x81 || w[2] == 0x9F))
            return END_STRONG;
        return END_NONE;
    }
    if (len < 2 || w[len - 1] != '.')
        return END_NONE;
    if (t->kind == NX_TOK_NUM) {
        *ab = c->pack && nx_lang_pack_ordinal_dot(c->pack) ? AB_ORDINAL : AB_STARTER;
        return END_ABBREV;
    }
    if (t->kind != NX_TOK_WORD)
        return END_NONE;
    if (c->pack) {
        *ab = pack_abbrev_class(c, t);
        return END_ABBREV;
    }
    int a = ab_of(nx_lang_pack_abbrev_exact(c->en, (const char *)w, len));
    if (memchr(w, '.', len - 1)) {
        /* a dotted form (U.S.): a listed one ("e.g.") has its class */
        *ab = a == AB_NONE ? AB_STARTER : a;
        return END_ABBREV;
    }
    if (a == AB_NONE)
        a = AB_INITIAL;
    *ab = a;
    return END_ABBREV;
}

/* Closing marks that stay with the sentence before them. */
static int is_closer(const unsigned char *w, size_t len)
{
    if (len == 1)
        return w[0] == ')' || w[0] == ']' || w[0] == '}';
    if (len == 2 && w[0] == 0xC2 && w[1] == 0xBB) /* » */
        return 1;
    if (len == 3 && w[0] == 0xE2 && w[1] == 0x80)
        return w[2] == 0x9D || w[2] == 0x99 || w[2] == 0xBA; /* ” ’ › */
    return 0;
}

/* Opening quotation marks and brackets. */
static int is_opener(const unsigned char *w, size_t len)
{
    if (len == 1)
        return w[0] == '"' || w[0] == '\'' || w[0] == '(' || w[0] == '[';
    if (len == 2 && w[0] == 0xC2 && w[1] == 0xAB) /* « */
        return 1;
    if (len == 3 && w[0] == 0xE2 && w[1] == 0x80)
        return w[2] == 0x9C || w[2] == 0x98 || w[2] == 0xB9; /* “ ‘ ‹ */
    return 0;
}

/* Is there a newline between two tokens? */
static int newline_between(const seg_ctx *c, const nx_token *a, const nx_token *b)
{
    size_t n = b->start - a->end;
    if (n > 8) /* rare: a long gap */
        return memchr(c->s + a->end, '\n', n) != NULL;
    for (size_t k = 0; k < n; k++) /* mostly one space or none */
        if (c->s[a->end + k] == '\n')
            return 1;
    return 0;
}

/* Is the token a date written with digits (1996-08-30, 30/08/1996)? */
static int is_numeric_date(const seg_ctx *c, const nx_token *t)
{
    const unsigned char *w = c->s + t->start;
    size_t len = tlen(t);
    if (t->kind != NX_TOK_NUM || len < 8 || len > 10)
        return 0;
    int seps = 0;
    unsigned sep = 0;
    for (size_t k = 0; k < len; k++) {
        if (ascii_class[w[k]] == C_D)
            continue;
        if (w[k] != '-' && w[k] != '/' && w[k] != '.')
            return 0;
        if (sep && w[k] != sep)
            return 0;
        sep = w[k];
        seps++;
    }
    return seps == 2;
}

/* A single newline after token i (the line [line_start, i]): does it end the
 * sentence? Lines that end with sentence punctuation, ALL-CAPS lines and
 * short lines (headlines, datelines, table rows, list items) end it; a long
 * line that ends mid-phrase is a wrapped line of prose and does not, nor
 * does a line followed by one that starts in lower case. */
static int line_ends_sentence(const seg_ctx *c, size_t line_start, size_t i)
{
    const nx_token *t = c->t;
    const nx_token *last = &t[i], *next = &t[i + 1];
    const unsigned char *lw = c->s + last->start;
    size_t llen = tlen(last);
    if (next->kind == NX_TOK_WORD && !(next->flags & NX_TOKF_CAP) &&
        ascii_class[c->s[next->start]] == C_L)
        return 0;
    if (last->kind == NX_TOK_PUNCT && llen == 1 &&
        (lw[0] == ',' || lw[0] == ';' || lw[0] == '(' || lw[0] == '&'))
        return 0;
    if (last->kind == NX_TOK_WORD &&
        (c->pack ? !(last->flags & NX_TOKF_CAP) &&
                       nx_lang_pack_word_class(c->pack, (const char *)lw, llen, NX_LW_STOP, NULL)
                 : (nx_lang_pack_sentence_word(c->en, (const char *)lw, llen) & NX_SW_CONTINUE)))
        return 0;
    int letters = 0, allcap = 1;
    for (size_t k = line_start; k <= i; k++) {
        if (t[k].kind == NX_TOK_WORD) {
            letters = 1;
            if (!(t[k].flags & NX_TOKF_ALLCAP))
                allcap = 0;
        }
    }
    if (letters && allcap)
        return 1;
    return last->end - t[line_start].start < 60;
}

/* Does token i end a dateline ("LONDON 1996-08-30", "KHASAVYURT , Russia
 * 1996-08-31"): a numeric date after up to six capitalized words and commas,
 * the first of them in ALL CAPS? Returns the dateline's first token, or
 * SIZE_MAX. Capitalized words before the ALL-CAPS place name ("Larry Fine
 * NEW YORK 1996-08-30") are a byline, a sentence of their own. */
static size_t dateline_start(const seg_ctx *c, size_t sent_start, size_t i)
{
    const nx_token *t = c->t;
    if (i == sent_start || !is_numeric_date(c, &t[i]))
        return SIZE_MAX;
    size_t k = i;
    while (k > sent_start && i - k < 6) {
        const nx_token *p = &t[k - 1];
        if ((p->kind == NX_TOK_WORD && (p->flags & NX_TOKF_CAP)) ||
            (p->kind == NX_TOK_PUNCT && tok_is(c, p, ",", 1)))
            k--;
        else
            break;
    }
    for (; k < i; k++)
        if (t[k].kind == NX_TOK_WORD && (t[k].flags & NX_TOKF_ALLCAP) && tlen(&t[k]) >= 2)
            return k;
    return SIZE_MAX;
}

/* Is the token a list number ("1." before a capitalized word)? */
static int is_list_number(const seg_ctx *c, const nx_token *t)
{
    return t->kind == NX_TOK_NUM && c->s[t->end - 1] == '.';
}

/* Does the word token nx commonly open a sentence? English: the starters
 * list; another language: a capitalized function word of its pack ("Der",
 * "Le", "El"). */
static int starts_sentence(const seg_ctx *c, const nx_token *nx)
{
    const unsigned char *w = c->s + nx->start;
    if (nx->kind != NX_TOK_WORD)
        return 0;
    if (!c->pack)
        return (nx_lang_pack_sentence_word(c->en, (const char *)w, tlen(nx)) & NX_SW_STARTER) != 0;
    return (nx->flags & NX_TOKF_CAP) &&
           nx_lang_pack_word_class(c->pack, (const char *)w, tlen(nx), NX_LW_STOP, NULL);
}

/* Decide whether a sentence ending with a mark of kind ek (abbreviation class
 * ab) ends before token nx. */
static int split_before(const seg_ctx *c, int ek, int ab, const nx_token *nx)
{
    const unsigned char *w = c->s + nx->start;
    size_t len = tlen(nx);
    if (nx->kind == NX_TOK_WORD && ascii_class[w[0]] == C_L)
        return 0;
    if (nx->kind == NX_TOK_WORD && !(nx->flags & NX_TOKF_CAP) && w[0] >= 0x80 &&
        !(len >= 3 && w[0] == 0xE2)) /* lower-case non-ASCII letter */
        return 0;
    if (nx->kind == NX_TOK_PUNCT && len == 1 &&
        (w[0] == ',' || w[0] == ';' || w[0] == ':' || w[0] == ')' || w[0] == ']'))
        return 0;
    switch (ek) {
    case END_STRONG:
        return 1;
    case END_ELLIPSIS:
        return (nx->flags & NX_TOKF_CAP) || is_opener(w, len);
    case END_ABBREV:
        switch (ab) {
        case AB_NOSPLIT:
            return 0;
        case AB_LOOSE:
            return (nx->flags & NX_TOKF_CAP) || is_opener(w, len);
        case AB_STARTER:
            return starts_sentence(c, nx) || (is_opener(w, len) && w[0] != '(' && w[0] != '[');
        case AB_INITIAL:
            /* another language: "H. Van der Plancken", "J. De Smet" */
            return !c->pack && starts_sentence(c, nx);
        case AB_ORDINAL:
            /* "am 3. März", "der 2. Weltkrieg": an ordinal before a month or
             * a noun; a sentence ends only before a function word ("Der",
             * "Sie") or an opening quotation mark */
            if (nx->kind == NX_TOK_WORD &&
                nx_lang_pack_word_class(c->pack, (const char *)w, len, NX_LW_MONTH, NULL))
                return 0;
            return starts_sentence(c, nx) || (is_opener(w, len) && w[0] != '(' && w[0] != '[');
        default:
            return 0;
        }
    default:
        return 0;
    }
}

static nx_err add_sentence(nx_doc *doc, size_t b, size_t e, size_t para)
{
    nx_err err =
        nx_grow((void **)&doc->sents, &doc->cap_sents, doc->n_sents + 1, sizeof(nx_sentence));
    if (err)
        return err;
    nx_sentence *st = &doc->sents[doc->n_sents++];
    st->start = doc->toks[b].start;
    st->end = doc->toks[e - 1].end;
    st->tok_begin = (uint32_t)b;
    st->tok_end = (uint32_t)e;
    st->para = (uint32_t)para;
    doc->toks[b].flags |= NX_TOKF_SENT_START;
    return NX_OK;
}

/* Place the sentence boundaries of the paragraph made of tokens [a, b);
 * pack: the language's rules, NULL for English (the rules en). */
static nx_err split_paragraph(nx_doc *doc, size_t a, size_t b, size_t para,
                              const nx_lang_pack *pack, const nx_lang_pack *en)
{
    seg_ctx c = {(const unsigned char *)doc->text, doc->toks, pack, en};
    const nx_token *t = doc->toks;
    size_t sent_start = a, line_start = a;
    int dquotes = 0; /* straight double quotes seen in this paragraph */
    size_t i = a;
    while (i < b) {
        const unsigned char *w = c.s + t[i].start;
        if (t[i].kind == NX_TOK_PUNCT && tlen(&t[i]) == 1 && w[0] == '"')
            dquotes++;
        int ab;
        int ek = end_kind(&c, &t[i], &ab);
        size_t j = i + 1;
        int split = 0;
        if (ek != END_NONE) {
            /* absorb further end marks and closing quotes or brackets */
            while (j < b && !newline_between(&c, &t[j - 1], &t[j])) {
                const unsigned char *wj = c.s + t[j].start;
                size_t lj = tlen(&t[j]);
                int ab2;
                if (t[j].kind == NX_TOK_PUNCT && (wj[0] == '?' || wj[0] == '!' || wj[0] == '.') &&
                    end_kind(&c, &t[j], &ab2) != END_NONE) {
                    ek = END_STRONG;
                    j++;
                    continue;
                }
                if (is_closer(wj, lj)) {
                    j++;
                    continue;
                }
                if (lj == 1 && (wj[0] == '"' || wj[0] == '\'')) {
                    int attached_before = t[j].start == t[j - 1].end;
                    int attached_after = j + 1 < b && t[j + 1].start == t[j].end;
                    int closing;
                    if (attached_before != attached_after)
                        closing = attached_before;
                    else
                        closing = wj[0] == '"' ? (dquotes & 1) : 0;
                    if (closing) {
                        if (wj[0] == '"')
                            dquotes++;
                        j++;
                        continue;
                    }
                }
                break;
            }
            if (j >= b)
                split = 1;
            else if (newline_between(&c, &t[j - 1], &t[j]))
                split = split_before(&c, ek, ab == AB_NOSPLIT ? AB_STARTER : ab, &t[j]) ||
                        line_ends_sentence(&c, line_start, j - 1);
            else
                split = split_before(&c, ek, ab, &t[j]);
        } else if (j < b) {
            if (newline_between(&c, &t[i], &t[j]))
                split = line_ends_sentence(&c, line_start, i);
            else if (is_list_number(&c, &t[j]) && !is_opener(w, tlen(&t[i])) && !pack)
                split = 1;
            else if (t[j].kind == NX_TOK_WORD && (t[j].flags & NX_TOKF_CAP)) {
                size_t dl = dateline_start(&c, sent_start, i);
                if (dl != SIZE_MAX) {
                    split = 1;
                    if (dl > sent_start) {
                        nx_err err = add_sentence(doc, sent_start, dl, para);
                        if (err)
                            return err;
                        sent_start = dl;
                    }
                }
            }
        } else {
            split = 1;
        }
        if (j < b && newline_between(&c, &t[j - 1], &t[j]))
            line_start = j;
        if (split) {
            nx_err err = add_sentence(doc, sent_start, j, para);
            if (err)
                return err;
            sent_start = j;
        }
        i = j;
    }
    if (sent_start < b)
        return add_sentence(doc, sent_start, b, para);
    return NX_OK;
}

/* ---------------------------------------------------------------------------
 * Paragraphs
 * ------------------------------------------------------------------------- */

/* Tokenize text[i, e) (one paragraph) into doc->toks. */
static nx_err tokenize(nx_doc *doc, size_t i, size_t e, const nx_lang_pack *pack,
                       const nx_lang_pack *en)
{
    const unsigned char *s = (const unsigned char *)doc->text;
    for (;;) {
        i = skip_space(s, i, e);
        if (i >= e)
            return NX_OK;
        if (doc->n_toks == doc->cap_toks) {
            nx_err err =
                nx_grow((void **)&doc->toks, &doc->cap_toks, doc->n_toks + 1, sizeof(nx_token));
            if (err)
                return err;
        }
        nx_token *t = &doc->toks[doc->n_toks++];
        uint8_t kind, flags;
        size_t end = scan_token(s, i, e, &kind, &flags, pack, en);
        t->start = (uint32_t)i;
        t->end = (uint32_t)end;
        t->kind = kind;
        t->flags = flags;
        doc->n_words += kind == NX_TOK_WORD || kind == NX_TOK_NUM;
        i = end;
    }
}

/* End of the paragraph starting at i: the next blank line (a newline, then
 * optional spaces, then another newline) or the end of the text. *next gets
 * where the following paragraph's search starts. */
static size_t para_end(const char *text, size_t i, size_t n, size_t *next)
{
    for (;;) {
        const char *nl = memchr(text + i, '\n', n - i);
        if (!nl) {
            *next = n;
            return n;
        }
        size_t p = (size_t)(nl - text);
        size_t q = p + 1;
        while (q < n && text[q] == ' ')
            q++;
        if (q < n && text[q] == '\n') {
            *next = q + 1;
            return p;
        }
        i = p + 1;
    }
}

/* The article's own sentence rules: its pack's, unless it has none or is
 * English (the first pass already used the English rules). */
static const nx_lang_pack *lang_rules(const nx_doc *doc)
{
    const nx_lang_pack *p = doc->lang_pack;
    return p && nx_lang_pack_has_sentence_rules(p) && strcmp(nx_lang_pack_code(p), "en") != 0
               ? p
               : NULL;
}

/* Segment doc by pack's rules, or by the English rules en when pack is NULL
 * (en is not NULL then). */
static nx_err segment_doc(nx_doc *doc, const nx_lang_pack *pack, const nx_lang_pack *en,
                          char *errstr, size_t errstr_size)
{
    if (!doc || (!doc->text && doc->text_len))
        return nx_seterr(errstr, errstr_size, NX_ERR_INVALID_ARG, "segment: no text");
    if (doc->text_len >= UINT32_MAX)
        return nx_seterr(errstr, errstr_size, NX_ERR_INPUT_TOO_LARGE,
                         "segment: text of %zu bytes exceeds 32-bit offsets", doc->text_len);
    doc->n_paras = doc->n_sents = doc->n_toks = doc->n_words = 0;
    size_t n = doc->text_len;
    /* one token per 5 bytes is typical of news text: grow once up front */
    nx_err err = nx_grow((void **)&doc->toks, &doc->cap_toks, n / 5 + 16, sizeof(nx_token));
    size_t i = 0;
    while (!err && i < n) {
        size_t next;
        size_t e = para_end(doc->text, i, n, &next);
        size_t first = doc->n_toks;
        err = tokenize(doc, i, e, pack, en);
        if (!err && doc->n_toks > first) {
            err = nx_grow((void **)&doc->paras, &doc->cap_paras, doc->n_paras + 1, sizeof(nx_span));
            if (!err) {
                size_t pi = doc->n_paras++;
                doc->paras[pi].start = doc->toks[first].start;
                doc->paras[pi].end = doc->toks[doc->n_toks - 1].end;
                doc->toks[first].flags |= NX_TOKF_PARA_START;
                err = split_paragraph(doc, first, doc->n_toks, pi, pack, en);
            }
        }
        i = next;
    }
    if (err)
        return nx_seterr(errstr, errstr_size, err, "segment: out of memory");
    return NX_OK;
}

nx_err nx_segment_rules_load(const char *config_dir, nx_lang_pack **out, char *errstr,
                             size_t errstr_size)
{
    char dir[4096];
    *out = NULL;
    if (snprintf(dir, sizeof(dir), "%s/lang/en", config_dir ? config_dir : NEWSX_CONFIG_DIR) >=
        (int)sizeof(dir))
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "segment: config path too long");
    return nx_lang_pack_load_sentences(dir, "en", out, errstr, errstr_size);
}

/* The built-in config folder's English rules for nx_segment(): loaded at
 * the first call that finds them (a failed load is tried again at the next
 * call), read-only afterwards, never freed. */
static pthread_mutex_t default_mu = PTHREAD_MUTEX_INITIALIZER;
static nx_lang_pack *default_rules;

nx_err nx_segment(nx_doc *doc, char *errstr, size_t errstr_size)
{
    const nx_lang_pack *pack = doc ? lang_rules(doc) : NULL;
    if (pack)
        return segment_doc(doc, pack, NULL, errstr, errstr_size);
    nx_err e = NX_OK;
    pthread_mutex_lock(&default_mu);
    if (!default_rules)
        e = nx_segment_rules_load(NULL, &default_rules, errstr, errstr_size);
    const nx_lang_pack *en = default_rules;
    pthread_mutex_unlock(&default_mu);
    return e ? e : segment_doc(doc, NULL, en, errstr, errstr_size);
}

nx_err nx_segment_with(nx_doc *doc, const nx_lang_pack *en, char *errstr, size_t errstr_size)
{
    const nx_lang_pack *pack = doc ? lang_rules(doc) : NULL;
    if (!pack && !en)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "segment: no English sentence rules");
    return segment_doc(doc, pack, pack ? NULL : en, errstr, errstr_size);
}

nx_err nx_segment_lang(nx_doc *doc, char *errstr, size_t errstr_size)
{
    const nx_lang_pack *pack = doc ? lang_rules(doc) : NULL;
    if (!pack)
        return NX_OK;
    nx_spend(doc->budget, doc->text_len);
    return segment_doc(doc, pack, NULL, errstr, errstr_size);
}
