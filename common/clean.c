/*
 * clean.c - raw body to clean text (see clean.h and docs/cleaning.md).
 *
 * One pass over raw. Printable ASCII (with single inner spaces) is copied in
 * runs with an identity offset map; everything else goes through small
 * stages: UTF-8 decoding (invalid bytes -> U+FFFD), HTML character
 * references, a per-character class (whitespace, line break, removed, kept),
 * NFC over the non-ASCII stretches (one composition cluster at a time, in
 * fixed buffers), and lazy whitespace (pending spaces and line breaks are
 * written only when the next visible character arrives). A second pass over
 * the clean text removes immediately repeated sentence-final tokens.
 */
#include "clean.h"

#include <stddef.h>
#include <string.h>
#include <utf8proc.h>

#include "html_entities.h"
#include "nx_alloc.h"

/* Byte classes of the fast path. */
enum { K_PLAIN = 0, K_SPACE, K_NL, K_CR, K_TAB, K_CTRL, K_AMP, K_HIGH };

#define K16(k) k, k, k, k, k, k, k, k, k, k, k, k, k, k, k, k
/* clang-format off */
static const unsigned char byte_class[256] = {
    /* 0x00 */ K_CTRL, K_CTRL, K_CTRL, K_CTRL, K_CTRL, K_CTRL, K_CTRL, K_CTRL,
               K_CTRL, K_TAB, K_NL, K_CTRL, K_CTRL, K_CR, K_CTRL, K_CTRL,
    /* 0x10 */ K16(K_CTRL),
    /* 0x20 */ K_SPACE, K_PLAIN, K_PLAIN, K_PLAIN, K_PLAIN, K_PLAIN, K_AMP, K_PLAIN,
               K_PLAIN, K_PLAIN, K_PLAIN, K_PLAIN, K_PLAIN, K_PLAIN, K_PLAIN, K_PLAIN,
    /* 0x30 */ K16(K_PLAIN), K16(K_PLAIN), K16(K_PLAIN), K16(K_PLAIN),
    /* 0x70 */ K_PLAIN, K_PLAIN, K_PLAIN, K_PLAIN, K_PLAIN, K_PLAIN, K_PLAIN, K_PLAIN,
               K_PLAIN, K_PLAIN, K_PLAIN, K_PLAIN, K_PLAIN, K_PLAIN, K_PLAIN, K_CTRL,
    /* 0x80 */ K16(K_HIGH), K16(K_HIGH), K16(K_HIGH), K16(K_HIGH),
               K16(K_HIGH), K16(K_HIGH), K16(K_HIGH), K16(K_HIGH)};
/* clang-format on */

/* Decomposed code points held for one NFC composition cluster. A cluster
 * longer than this (only in pathological runs of combining marks) is
 * normalized in pieces. */
#define CLUSTER_MAX 64

typedef struct cl_state {
    const unsigned char *raw;
    size_t n;
    nx_doc *doc;

    char *text; /* owned until handed to the doc */
    uint32_t *map;
    size_t len, cap; /* cap: entries of both text and map */

    /* Pending whitespace: written before the next visible character. */
    int started; /* a visible character was written */
    int sp;
    unsigned nl;
    uint32_t sp_off, nl_off[2];
    int pullable; /* the last text byte is ASCII written by a fast path */

    /* The open NFC cluster: decomposed code points with their source offsets,
     * and the source characters that started in it (slen 0: not a verbatim
     * UTF-8 copy of raw, e.g. from a character reference). */
    size_t nd, ns;
    int tainted; /* a source character was split across clusters */
    utf8proc_int32_t d[CLUSTER_MAX];
    uint32_t doff[CLUSTER_MAX];
    utf8proc_int32_t scp[CLUSTER_MAX];
    uint32_t soff[CLUSTER_MAX];
    unsigned char slen[CLUSTER_MAX];
} cl_state;

static nx_err reserve(cl_state *st, size_t extra)
{
    if (st->len + extra + 1 <= st->cap)
        return NX_OK;
    size_t ncap = st->cap * 2;
    if (ncap < st->len + extra + 1)
        ncap = st->len + extra + 1;
    if (ncap > SIZE_MAX / sizeof(uint32_t))
        return NX_ERR_NOMEM;
    char *t = nx_realloc(st->text, ncap);
    if (!t)
        return NX_ERR_NOMEM;
    st->text = t;
    uint32_t *m = nx_realloc(st->map, ncap * sizeof(uint32_t));
    if (!m)
        return NX_ERR_NOMEM;
    st->map = m;
    st->cap = ncap;
    return NX_OK;
}

static inline void put(cl_state *st, char c, uint32_t off)
{
    st->text[st->len] = c;
    st->map[st->len] = off;
    st->len++;
}

/* Write the pending whitespace before a visible character; needs 2 bytes reserved. */
static inline void emit_prep(cl_state *st)
{
    if (!st->started) {
        st->started = 1;
    } else if (st->nl >= 2) {
        put(st, '\n', st->nl_off[0]);
        put(st, '\n', st->nl_off[1]);
    } else if (st->nl == 1) {
        put(st, '\n', st->nl_off[0]);
    } else if (st->sp) {
        put(st, ' ', st->sp_off);
    }
    st->nl = 0;
    st->sp = 0;
}

/* Write cp as UTF-8, every byte mapped to off; needs 4 bytes reserved. */
static void put_cp(cl_state *st, utf8proc_int32_t cp, uint32_t off)
{
    utf8proc_uint8_t b[4];
    utf8proc_ssize_t k = utf8proc_encode_char(cp, b);
    for (utf8proc_ssize_t i = 0; i < k; i++)
        put(st, (char)b[i], off);
}

/* A decomposed code point before which NFC composition never reaches back:
 * a starter that is never the second half of a composition. */
static int is_boundary(utf8proc_int32_t c)
{
    if (c < 0x80)
        return 1;
    const utf8proc_property_t *p = utf8proc_get_property(c);
    if (p->combining_class != 0)
        return 0;
    if (c >= 0x1161 && c <= 0x11C2) /* Hangul medial vowels and final consonants */
        return 0;
    return p->comb_index == UINT16_MAX || p->comb_index < 0x8000;
}

/* Normalize and write the open cluster. */
static nx_err flush_cluster(cl_state *st)
{
    size_t nd = st->nd;
    if (nd == 0)
        return NX_OK;
    utf8proc_int32_t buf[CLUSTER_MAX];
    uint32_t off0 = st->doff[0];
    memcpy(buf, st->d, nd * sizeof(buf[0]));

    /* Canonical ordering: stable sort of each run of non-starters by class. */
    for (size_t i = 1; i < nd; i++) {
        utf8proc_int32_t c = buf[i];
        int cc = utf8proc_get_property(c)->combining_class;
        if (cc == 0)
            continue;
        size_t j = i;
        while (j > 0) {
            int pc = utf8proc_get_property(buf[j - 1])->combining_class;
            if (pc <= cc) /* includes starters (0) */
                break;
            buf[j] = buf[j - 1];
            j--;
        }
        buf[j] = c;
    }
    utf8proc_ssize_t m =
        utf8proc_normalize_utf32(buf, (utf8proc_ssize_t)nd, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (m < 0)
        m = (utf8proc_ssize_t)nd; /* cannot happen for valid code points */

    int same = !st->tainted && (size_t)m == st->ns;
    for (size_t i = 0; same && i < st->ns; i++)
        same = buf[i] == st->scp[i];

    nx_err e = reserve(st, (size_t)m * 4 + 2);
    if (e)
        return e;
    emit_prep(st);
    if (same) {
        for (size_t i = 0; i < st->ns; i++) {
            if (st->slen[i]) {
                memcpy(st->text + st->len, st->raw + st->soff[i], st->slen[i]);
                for (size_t k = 0; k < st->slen[i]; k++)
                    st->map[st->len + k] = st->soff[i] + (uint32_t)k;
                st->len += st->slen[i];
            } else {
                put_cp(st, st->scp[i], st->soff[i]);
            }
        }
    } else {
        for (utf8proc_ssize_t i = 0; i < m; i++)
            put_cp(st, buf[i], off0);
    }
    st->nd = st->ns = 0;
    st->tainted = 0;
    st->pullable = 0;
    return NX_OK;
}

static inline nx_err flush_nfc(cl_state *st)
{
    return st->nd ? flush_cluster(st) : NX_OK;
}

/* Feed one non-ASCII visible character (slen: its verbatim UTF-8 length in raw, or 0). */
static nx_err nfc_push(cl_state *st, utf8proc_int32_t cp, uint32_t off, size_t slen)
{
    utf8proc_int32_t dec[32];
    utf8proc_ssize_t nd = utf8proc_decompose_char(cp, dec, 32, UTF8PROC_DECOMPOSE, NULL);
    if (nd <= 0 || nd > 32) {
        dec[0] = cp;
        nd = 1;
    }
    nx_err e;
    for (utf8proc_ssize_t k = 0; k < nd; k++) {
        int b = is_boundary(dec[k]);
        if (k == 0) {
            if ((b || st->nd + 2 > CLUSTER_MAX) && (e = flush_nfc(st)))
                return e;
            if (!b && st->nd == 0 && st->pullable && st->len > 0) {
                /* Take back the ASCII character just written: it is the
                 * starter this mark may compose with. */
                st->len--;
                st->d[0] = st->scp[0] = (unsigned char)st->text[st->len];
                st->doff[0] = st->soff[0] = st->map[st->len];
                st->slen[0] = 0;
                st->nd = st->ns = 1;
            }
            st->pullable = 0;
            st->scp[st->ns] = cp;
            st->soff[st->ns] = off;
            st->slen[st->ns] = (unsigned char)slen;
            st->ns++;
        } else if (b || st->nd == CLUSTER_MAX) {
            st->tainted = 1;
            if ((e = flush_cluster(st)))
                return e;
            st->tainted = 1;
        }
        st->d[st->nd] = dec[k];
        st->doff[st->nd] = off;
        st->nd++;
    }
    return NX_OK;
}

static nx_err ws_space(cl_state *st, uint32_t off)
{
    nx_err e = flush_nfc(st);
    if (!st->sp && !st->nl) {
        st->sp = 1;
        st->sp_off = off;
    }
    st->pullable = 0;
    return e;
}

static nx_err ws_nl(cl_state *st, uint32_t off)
{
    nx_err e = flush_nfc(st);
    st->sp = 0;
    if (st->nl < 2)
        st->nl_off[st->nl] = off;
    st->nl++;
    st->pullable = 0;
    return e;
}

static nx_err emit_ascii(cl_state *st, char c, uint32_t off)
{
    nx_err e = flush_nfc(st);
    if (!e)
        e = reserve(st, 3);
    if (e)
        return e;
    emit_prep(st);
    put(st, c, off);
    st->pullable = 1;
    return NX_OK;
}

/* One decoded character that is not on the ASCII fast path. */
static nx_err process_cp(cl_state *st, utf8proc_int32_t cp, uint32_t off, size_t slen)
{
    if (cp < 0x80) {
        switch (cp) {
        case ' ':
        case '\t':
            return ws_space(st, off);
        case '\n':
        case '\r':
            return ws_nl(st, off);
        default:
            if (cp < 0x20 || cp == 0x7F)
                return NX_OK; /* control character: removed */
            return emit_ascii(st, (char)cp, off);
        }
    }
    if (cp < 0xA0)
        return NX_OK; /* C1 control: removed */
    switch (cp) {
    case 0x00A0: /* no-break space */
    case 0x1680:
    case 0x202F:
    case 0x205F:
    case 0x3000:
        return ws_space(st, off);
    case 0x2028: /* line separator */
        return ws_nl(st, off);
    case 0x2029: { /* paragraph separator */
        nx_err e = ws_nl(st, off);
        return e ? e : ws_nl(st, off);
    }
    case 0x00AD: /* soft hyphen */
    case 0x200B: /* zero width space */
    case 0x2060: /* word joiner */
    case 0xFEFF: /* zero width no-break space, byte order mark */
        return NX_OK;
    default:
        break;
    }
    if (cp >= 0x2000 && cp <= 0x200A)
        return ws_space(st, off);
    return nfc_push(st, cp, off, slen);
}

/* Decode one UTF-8 character at s[0..n), s[0] >= 0x80. Returns the code point
 * and its length, or -1 and the length of the maximal invalid subpart. */
static utf8proc_int32_t utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
    unsigned c = s[0];
    *len = 1;
    if (c < 0xC2 || c > 0xF4)
        return -1;
    if (c < 0xE0) {
        if (n < 2 || (s[1] & 0xC0) != 0x80)
            return -1;
        *len = 2;
        return (utf8proc_int32_t)(((c & 0x1F) << 6) | (s[1] & 0x3F));
    }
    unsigned lo = 0x80, hi = 0xBF;
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    if (n < 2 || s[1] < lo || s[1] > hi)
        return -1;
    *len = 2;
    if (n < 3 || (s[2] & 0xC0) != 0x80)
        return -1;
    *len = 3;
    if (c < 0xF0)
        return (utf8proc_int32_t)(((c & 0x0F) << 12) | ((s[1] & 0x3FU) << 6) | (s[2] & 0x3F));
    if (n < 4 || (s[3] & 0xC0) != 0x80)
        return -1;
    *len = 4;
    return (utf8proc_int32_t)(((c & 0x07) << 18) | ((s[1] & 0x3FU) << 12) | ((s[2] & 0x3FU) << 6) |
                              (s[3] & 0x3F));
}

static nx_err add_repair(nx_doc *doc, size_t text_pos, size_t in_start, size_t in_end,
                         const char *kind, const char *removed, size_t removed_len)
{
    nx_err e =
        nx_grow((void **)&doc->repairs, &doc->cap_repairs, doc->n_repairs + 1, sizeof(nx_repair));
    if (e)
        return e;
    nx_repair *r = &doc->repairs[doc->n_repairs];
    memset(r, 0, sizeof(*r));
    r->text_pos = (uint32_t)text_pos;
    r->input_start = (uint32_t)in_start;
    r->input_end = (uint32_t)in_end;
    r->kind = kind;
    if ((e = nx_str_set(&r->removed, removed, removed_len)))
        return e;
    doc->n_repairs++;
    return NX_OK;
}

/* A run of invalid UTF-8 at raw[*pi]: one U+FFFD per maximal subpart, one repair. */
static nx_err invalid_run(cl_state *st, size_t *pi)
{
    static const char fffd[] = "\xEF\xBF\xBD";
    size_t i = *pi, start = i, count = 0, len;
    nx_err e = flush_nfc(st);
    if (e)
        return e;
    if ((e = reserve(st, 5)))
        return e;
    emit_prep(st);
    size_t pos = st->len;
    do {
        utf8_decode(st->raw + i, st->n - i, &len);
        if ((e = reserve(st, 3)))
            return e;
        put_cp(st, 0xFFFD, (uint32_t)i);
        i += len;
        count++;
    } while (i < st->n && st->raw[i] >= 0x80 && utf8_decode(st->raw + i, st->n - i, &len) < 0);
    *pi = i;
    st->pullable = 0;
    /* The removed text is shown as the replacement characters. */
    if (count > SIZE_MAX / 3)
        return NX_ERR_NOMEM;
    char *shown = nx_malloc(count * 3);
    if (!shown)
        return NX_ERR_NOMEM;
    for (size_t k = 0; k < count; k++)
        memcpy(shown + 3 * k, fffd, 3);
    e = add_repair(st->doc, pos, start, i, "invalid_utf8", shown, count * 3);
    nx_free(shown);
    return e;
}

/* Exact per-byte masks (high bit of each byte) over 8 bytes. */
#define ONES 0x0101010101010101ULL
#define HIGH 0x8080808080808080ULL
#define LOW7 0x7F7F7F7F7F7F7F7FULL

static inline uint64_t zero_bytes(uint64_t v)
{
    return ~(((v & LOW7) + LOW7) | v | LOW7);
}

/* 8 bytes that all stay as they are: printable ASCII except '&', and no two
 * spaces in a row (prev_space: the byte before them is a space). */
static inline int plain8(uint64_t v, int prev_space)
{
    uint64_t bad = v & HIGH;                            /* >= 0x80 */
    bad |= ~((v & LOW7) + ONES * (0x80 - 0x20)) & HIGH; /* < 0x20 */
    bad |= zero_bytes(v ^ (ONES * 0x7F));               /* DEL */
    bad |= zero_bytes(v ^ (ONES * '&'));
    uint64_t sp = zero_bytes(v ^ (ONES * ' '));
    bad |= sp & ((sp << 8) | (uint64_t)(prev_space ? 0x80 : 0)); /* little-endian order */
    return bad == 0;
}

/* End of the run of bytes copied unchanged, starting at a plain byte raw[i]:
 * printable ASCII except '&', single spaces between them. */
static size_t plain_run_end(const unsigned char *raw, size_t i, size_t n)
{
    size_t j = i + 1;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (j + 8 <= n) {
        uint64_t v;
        memcpy(&v, raw + j, 8);
        if (!plain8(v, raw[j - 1] == ' '))
            break;
        j += 8;
    }
#endif
    while (j < n) {
        unsigned char c = raw[j];
        if (byte_class[c] == K_PLAIN || (c == ' ' && raw[j - 1] != ' '))
            j++;
        else
            break;
    }
    if (raw[j - 1] == ' ')
        j--;
    return j;
}

static inline void fill_identity(uint32_t *m, uint32_t o, size_t k)
{
    size_t x = 0;
    for (; x + 4 <= k; x += 4) {
        m[x] = o + (uint32_t)x;
        m[x + 1] = o + (uint32_t)x + 1;
        m[x + 2] = o + (uint32_t)x + 2;
        m[x + 3] = o + (uint32_t)x + 3;
    }
    for (; x < k; x++)
        m[x] = o + (uint32_t)x;
}

static nx_err clean_pass(cl_state *st, int strict, char *errstr, size_t errstr_size)
{
    const unsigned char *raw = st->raw;
    size_t n = st->n, i = 0;
    nx_err e = NX_OK;
    while (i < n) {
        unsigned char c = raw[i];
        switch (byte_class[c]) {
        case K_PLAIN: {
            size_t j = plain_run_end(raw, i, n);
            if (st->nd && (e = flush_cluster(st)))
                return e;
            if ((e = reserve(st, j - i + 2)))
                return e;
            emit_prep(st);
            memcpy(st->text + st->len, raw + i, j - i);
            fill_identity(st->map + st->len, (uint32_t)i, j - i);
            st->len += j - i;
            st->pullable = 1;
            i = j;
            continue;
        }
        case K_SPACE:
        case K_TAB:
            e = ws_space(st, (uint32_t)i);
            i++;
            break;
        case K_NL:
            e = ws_nl(st, (uint32_t)i);
            i++;
            break;
        case K_CR:
            e = ws_nl(st, (uint32_t)i);
            i += (i + 1 < n && raw[i + 1] == '\n') ? 2 : 1;
            break;
        case K_CTRL:
            i++;
            break;
        case K_AMP: {
            uint32_t cp;
            size_t k = nx_html_entity_parse((const char *)raw + i, n - i, &cp);
            if (k) {
                e = process_cp(st, (utf8proc_int32_t)cp, (uint32_t)i, 0);
                i += k;
            } else {
                e = emit_ascii(st, '&', (uint32_t)i);
                i++;
            }
            break;
        }
        default: {
            size_t len;
            utf8proc_int32_t cp = utf8_decode(raw + i, n - i, &len);
            if (cp >= 0) {
                e = process_cp(st, cp, (uint32_t)i, len);
                i += len;
            } else if (strict) {
                return nx_seterr(errstr, errstr_size, NX_ERR_BAD_UTF8,
                                 "invalid UTF-8 at byte offset %zu of the body", i);
            } else {
                e = invalid_run(st, &i);
            }
            break;
        }
        }
        if (e)
            return e;
    }
    return flush_nfc(st);
}

/* ---- repeated sentence-final tokens ---------------------------------- */

/* Decode the character ending just before t[end] (t valid UTF-8); sets *start. */
static utf8proc_int32_t prev_cp(const char *t, size_t end, size_t *start)
{
    size_t s = end - 1;
    while (s > 0 && end - s < 4 && ((unsigned char)t[s] & 0xC0) == 0x80)
        s--;
    utf8proc_int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)t + s, (utf8proc_ssize_t)(end - s), &cp) <= 0)
        cp = 0xFFFD;
    *start = s;
    return cp;
}

/* The written text t[0..w) ends with a word and sentence-final punctuation;
 * t[r] is a space or line break. If t[r..] repeats that token, return the
 * length of the repeat with its leading separator, else 0. */
static size_t repeat_at(const nx_input_words *iw, const char *t, size_t w, size_t r, size_t n)
{
    size_t ws = w - 1, letters = 0;
    while (ws > 0) {
        unsigned char c = (unsigned char)t[ws - 1];
        if (c >= 'a' && c <= 'z') {
            ws--;
        } else if (c >= 0x80) {
            size_t s;
            utf8proc_int32_t cp = prev_cp(t, ws, &s);
            if (utf8proc_category(cp) != UTF8PROC_CATEGORY_LL)
                break;
            ws = s;
        } else {
            break;
        }
        letters++;
    }
    if (letters < 2)
        return 0;
    if (ws > 0) {
        /* The token must start at a word boundary. */
        unsigned char c = (unsigned char)t[ws - 1];
        if (c < 0x80) {
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("'-._@/&", c))
                return 0;
        } else {
            size_t s;
            utf8proc_int32_t cp = prev_cp(t, ws, &s);
            utf8proc_category_t cat = utf8proc_category(cp);
            if (cat <= UTF8PROC_CATEGORY_NO || cp == 0x2019)
                return 0; /* letters, marks, numbers (categories Lu..No) */
        }
    }
    size_t tok = w - ws; /* word + punctuation */
    if (r + 1 + tok > n || memcmp(t + r + 1, t + ws, tok) != 0)
        return 0;
    size_t after = r + 1 + tok;
    if (after < n) {
        unsigned char c = (unsigned char)t[after];
        if (c < 0x80) {
            if (!strchr(" \n)]}\"'", c))
                return 0;
        } else {
            utf8proc_int32_t cp;
            if (utf8proc_iterate((const utf8proc_uint8_t *)t + after, (utf8proc_ssize_t)(n - after),
                                 &cp) <= 0)
                return 0;
            if (cp != 0x201D && cp != 0x2019 && cp != 0x00BB)
                return 0;
        }
    }
    /* Lower-case words that legitimately repeat as a whole sentence ("No. No."
     * is capitalized and never matches): the `repeat` words of
     * config/lang/en/input-words.tsv. */
    if (nx_input_words_repeat(iw, t + ws, tok - 1))
        return 0;
    return 1 + tok;
}

/* Raw offset just after the source of text byte k (the punctuation mark
 * ending a removed token): one raw byte, or a character reference. */
static size_t source_end(const cl_state *st, size_t k)
{
    size_t o = st->map[k];
    if (o < st->n && st->raw[o] == (unsigned char)st->text[k])
        return o + 1;
    if (o < st->n && st->raw[o] == '&') {
        uint32_t cp;
        size_t len = nx_html_entity_parse((const char *)st->raw + o, st->n - o, &cp);
        if (len)
            return o + len;
    }
    return o + 1 <= st->n ? o + 1 : st->n;
}

/* Remove repeated tokens from the text in place. Repairs already recorded
 * (doc->repairs[first..]) get their text positions moved with the text. */
/* Finds the sentence-final punctuation marks with memchr, one per mark. */
typedef struct punct_finder {
    size_t next[3]; /* position of the next '.', '!', '?' (n: none) */
} punct_finder;

static const char final_marks[3] = {'.', '!', '?'};

static size_t find_byte(const char *t, size_t from, size_t n, char c)
{
    const char *p = from < n ? memchr(t + from, c, n - from) : NULL;
    return p ? (size_t)(p - t) : n;
}

/* Next separator (space or line break) at or after r that follows
 * sentence-final punctuation after a lower-case letter; n when there is none.
 * Bytes before r may be stale copies of a removed repeat: they equal the kept
 * copy, so reading t[r-1] and t[r-2] still sees the text as written. */
static size_t next_candidate(punct_finder *pf, const char *t, size_t r, size_t n)
{
    size_t from = r > 2 ? r - 1 : 1;
    for (;;) {
        size_t p = n;
        int which = 0;
        for (int m = 0; m < 3; m++) {
            if (pf->next[m] < from)
                pf->next[m] = find_byte(t, from, n, final_marks[m]);
            if (pf->next[m] < p) {
                p = pf->next[m];
                which = m;
            }
        }
        if (p + 1 >= n)
            return n;
        unsigned char l = (unsigned char)t[p - 1];
        if ((t[p + 1] == ' ' || t[p + 1] == '\n') && ((l >= 'a' && l <= 'z') || l >= 0x80))
            return p + 1;
        pf->next[which] = find_byte(t, p + 1, n, final_marks[which]);
    }
}

static nx_err repair_pass(cl_state *st, const nx_input_words *iw, size_t first)
{
    char *t = st->text;
    uint32_t *map = st->map;
    size_t n = st->len, r = 0, w = 0;
    nx_repair *rep = st->doc->repairs;
    size_t k = first, kend = st->doc->n_repairs;
    punct_finder pf = {{0, 0, 0}};
    nx_err e;
    for (;;) {
        size_t q = next_candidate(&pf, t, r, n);
        if (w != r) {
            memmove(t + w, t + r, q - r);
            memmove(map + w, map + r, (q - r) * sizeof(map[0]));
        }
        while (k < kend && rep[k].text_pos < q)
            rep[k++].text_pos -= (uint32_t)(r - w);
        w += q - r;
        r = q;
        if (r >= n)
            break;
        size_t rm = repeat_at(iw, t, w, r, n);
        if (rm) {
            if ((e = add_repair(st->doc, w, map[r], source_end(st, r + rm - 1), "repeated_token",
                                t + r, rm)))
                return e;
            rep = st->doc->repairs;
            r += rm;
        } else {
            t[w] = t[r];
            map[w] = map[r];
            w++;
            r++;
        }
    }
    map[w] = map[n];
    st->len = w;
    /* Keep this call's repairs in text order (both kinds are already sorted). */
    for (size_t i = first + 1; i < st->doc->n_repairs; i++) {
        nx_repair tmp = rep[i];
        size_t j = i;
        while (j > first && rep[j - 1].text_pos > tmp.text_pos) {
            rep[j] = rep[j - 1];
            j--;
        }
        rep[j] = tmp;
    }
    return NX_OK;
}

nx_err nx_clean(nx_doc *doc, char *errstr, size_t errstr_size)
{
    const nx_input_words *iw = NULL;
    nx_err e = nx_input_words_default(&iw, errstr, errstr_size);
    return e ? e : nx_clean_with(doc, iw, errstr, errstr_size);
}

nx_err nx_clean_with(nx_doc *doc, const nx_input_words *iw, char *errstr, size_t errstr_size)
{
    if (!doc || (!doc->raw && doc->raw_len))
        return nx_seterr(errstr, errstr_size, NX_ERR_INVALID_ARG, "nx_clean: no body");
    if (doc->raw_len >= UINT32_MAX)
        return nx_seterr(errstr, errstr_size, NX_ERR_INPUT_TOO_LARGE,
                         "body of %zu bytes exceeds the 4 GiB offset range", doc->raw_len);
    int strict = doc->opts ? doc->opts->strict_utf8 : 0;
    size_t n_rep0 = doc->n_repairs;

    cl_state state, *st = &state;
    memset(st, 0, offsetof(cl_state, d));
    st->raw = (const unsigned char *)doc->raw;
    st->n = doc->raw_len;
    st->doc = doc;

    nx_err e = reserve(st, st->n + 15);
    if (!e)
        e = clean_pass(st, strict, errstr, errstr_size);
    if (!e) {
        st->map[st->len] = (uint32_t)st->n;
        e = repair_pass(st, iw, n_rep0);
    }
    if (!e && st->len == 0)
        e = nx_seterr(errstr, errstr_size, NX_ERR_EMPTY_BODY, "no text left after cleaning");
    if (e) {
        if (e == NX_ERR_NOMEM)
            nx_seterr(errstr, errstr_size, e, "out of memory cleaning the body");
        for (size_t i = n_rep0; i < doc->n_repairs; i++)
            nx_str_free(&doc->repairs[i].removed);
        doc->n_repairs = n_rep0;
        nx_free(st->text);
        nx_free(st->map);
        return e;
    }
    st->text[st->len] = '\0';
    nx_free(doc->text);
    nx_free(doc->text_map);
    doc->text = st->text;
    doc->text_len = st->len;
    doc->text_map = st->map;
    return NX_OK;
}
