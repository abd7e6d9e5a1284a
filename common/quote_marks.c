/*
 * quote_marks.c - quotations found by their marks; see quote_marks.h and
 * docs/quotes.md.
 */
#include "quote_marks.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "nx_alloc.h"

enum { M_NONE = 0, M_DOPEN, M_DCLOSE, M_DAMB, M_SOPEN, M_SCLOSE, M_SAMB };

/* Longest single quotation accepted: a longer pair of single marks is far
 * more often an apostrophe paired with a closing mark. */
#define MAX_SINGLE_BYTES 400
/* Most paragraphs one quotation may run over. */
#define MAX_QUOTE_PARAS 50

/* Can a mark start with this byte? (the scans skip other bytes fast) */
static inline int may_mark(unsigned char c)
{
    return c == '"' || c == '\'' || c == '`' || c == 0xC2 || c == 0xE2;
}

/* The first i' in [i, end) whose byte may start a mark, end if none (16
 * bytes at a time with SSE2). */
static inline size_t next_may_mark(const unsigned char *s, size_t i, size_t end)
{
#if defined(__SSE2__)
    const __m128i dq = _mm_set1_epi8('"'), sq = _mm_set1_epi8('\''), bq = _mm_set1_epi8('`'),
                  c2 = _mm_set1_epi8((char)0xC2), e2 = _mm_set1_epi8((char)0xE2);
    while (i + 16 <= end) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i m =
            _mm_or_si128(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, dq), _mm_cmpeq_epi8(x, sq)),
                                      _mm_cmpeq_epi8(x, bq)),
                         _mm_or_si128(_mm_cmpeq_epi8(x, c2), _mm_cmpeq_epi8(x, e2)));
        int bits = _mm_movemask_epi8(m);
        if (bits)
            return i + (size_t)__builtin_ctz((unsigned)bits);
        i += 16;
    }
#endif
    while (i < end && !may_mark(s[i]))
        i++;
    return i;
}

/* The mark at text[i] (0 if none); *len receives its byte length. */
static int mark_at(const unsigned char *s, size_t n, size_t i, size_t *len)
{
    unsigned char c = s[i];
    *len = 1;
    if (c == '"')
        return M_DAMB;
    if (c == '\'') {
        /* two apostrophes stand for a double mark in some wire text */
        if (i + 2 < n && s[i + 1] == '\'' && s[i + 2] == '\'')
            return M_SAMB; /* three apostrophes: a single closing mark, then a double one */
        if (i + 1 < n && s[i + 1] == '\'') {
            *len = 2;
            return M_DAMB;
        }
        return M_SAMB;
    }
    if (c == '`' && i + 1 < n && s[i + 1] == '`') {
        *len = 2;
        return M_DOPEN;
    }
    if (c == 0xC2 && i + 1 < n) {
        *len = 2;
        if (s[i + 1] == 0xAB)
            return M_DOPEN;
        if (s[i + 1] == 0xBB)
            return M_DCLOSE;
        return M_NONE;
    }
    if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80) {
        *len = 3;
        switch (s[i + 2]) {
        case 0x9C: /* “ */
        case 0x9E: /* „ */
        case 0x9F: /* ‟ */
            return M_DOPEN;
        case 0x9D: /* ” */
            return M_DCLOSE;
        case 0x98: /* ‘ */
        case 0x9B: /* ‛ */
        case 0xB9: /* ‹ */
            return M_SOPEN;
        case 0x99: /* ’ */
        case 0xBA: /* › */
            return M_SCLOSE;
        default:
            return M_NONE;
        }
    }
    return M_NONE;
}

/* Character classes around a mark. */
enum { C_EDGE = 0, C_SPACE, C_ALNUM, C_PUNCT };

static int cp_class(utf8proc_int32_t cp)
{
    if (cp < 0)
        return C_PUNCT;
    if (cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' || cp == 0xA0)
        return C_SPACE;
    utf8proc_category_t cat = utf8proc_category(cp);
    if (cat == UTF8PROC_CATEGORY_ZS)
        return C_SPACE;
    if ((cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
        (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO))
        return C_ALNUM;
    return C_PUNCT;
}

static int class_after(const unsigned char *s, size_t n, size_t i)
{
    if (i >= n)
        return C_EDGE;
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
    return k > 0 ? cp_class(cp) : C_PUNCT;
}

static int class_before(const unsigned char *s, size_t lo, size_t i)
{
    if (i <= lo)
        return C_EDGE;
    size_t j = i - 1;
    while (j > lo && (s[j] & 0xC0) == 0x80)
        j--;
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(s + j, (utf8proc_ssize_t)(i - j), &cp);
    return k > 0 ? cp_class(cp) : C_PUNCT;
}

static int is_digit_before(const unsigned char *s, size_t lo, size_t i)
{
    return i > lo && s[i - 1] >= '0' && s[i - 1] <= '9';
}

typedef struct qlist {
    const unsigned char *text;
    nx_qspan *v;
    size_t n, cap;
} qlist;

static uint32_t rtrim(const unsigned char *s, uint32_t lo, uint32_t e)
{
    while (e > lo && (s[e - 1] == ' ' || s[e - 1] == '\n' || s[e - 1] == '\t'))
        e--;
    return e;
}

static nx_err push(qlist *l, uint32_t start, uint32_t cstart, uint32_t cend, uint32_t end,
                   int single, int unclosed, int paras)
{
    const unsigned char *s = l->text;
    uint32_t k = cstart;
    while (k < cend && (s[k] == ' ' || s[k] == '\n' || s[k] == '\t'))
        k++;
    if (k == cend)
        return NX_OK; /* nothing inside the marks */
    if (start > 0 && s[start - 1] == '=')
        return NX_OK; /* an attribute value of markup left in the text (author="...") */
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 16;
        nx_qspan *p = nx_realloc(l->v, ncap * sizeof(*p));
        if (!p)
            return NX_ERR_NOMEM;
        l->v = p;
        l->cap = ncap;
    }
    nx_qspan *q = &l->v[l->n++];
    q->start = start;
    q->end = end;
    q->cstart = cstart;
    q->cend = cend;
    q->single = (uint8_t)single;
    q->nested = 0;
    q->unclosed = (uint8_t)unclosed;
    q->paras = (uint8_t)(paras > 255 ? 255 : paras);
    return NX_OK;
}

/* Does the text use typographic double marks (“ or ”)? */
static int typographic(const unsigned char *s, size_t n)
{
    for (const unsigned char *p = s; (p = memchr(p, 0xE2, (size_t)(s + n - p))) != NULL; p++)
        if (p + 2 < s + n && p[1] == 0x80 && (p[2] == 0x9C || p[2] == 0x9D))
            return 1;
    return 0;
}

/* Is the mark at s[i] a straight one (" or '')? */
static int straight_at(const unsigned char *s, size_t i)
{
    return s[i] == '"' || s[i] == '\'';
}

/* Is there a straight double mark in s[i, pe) that can close a quotation
 * (one not preceded by a space)? */
static int straight_close_ahead(const unsigned char *s, size_t i, size_t pe)
{
    for (; i < pe; i++)
        if ((s[i] == '"' || (s[i] == '\'' && i + 1 < pe && s[i + 1] == '\'')) && s[i - 1] != ' ' &&
            s[i - 1] != '\n' && s[i - 1] != '\t')
            return 1;
    return 0;
}

/* Double marks over all paragraphs. */
static nx_err scan_double(const nx_doc *doc, const nx_span *paras, size_t np, qlist *l)
{
    const unsigned char *s = (const unsigned char *)doc->text;
    size_t n = doc->text_len;
    /* In a text written with typographic marks, a straight mark that opens
     * a quotation nothing closes is a stray one (left by an editor or a
     * copy): the quotation it opened is dropped, not ended at the next
     * opening mark or the end of the paragraph. */
    const int typo = typographic(s, n);
    int open = 0, nparas = 0;
    uint32_t qstart = 0, cstart = 0;
    size_t skip_at = (size_t)-1; /* the re-opening mark of a continued quotation */
    nx_err e;
    for (size_t p = 0; p < np; p++) {
        uint32_t ps = paras[p].start, pe = paras[p].end;
        for (size_t i = ps; (i = next_may_mark(s, i, pe)) < pe;) {
            size_t len;
            int m = mark_at(s, n, i, &len);
            if (m == M_NONE || m >= M_SOPEN) {
                i++;
                continue;
            }
            if (i == skip_at) {
                i += len;
                continue;
            }
            int before = class_before(s, ps, i), after = class_after(s, pe, i + len);
            if (m == M_DAMB) {
                /* inch marks (12") are not quotation marks */
                if (!open && is_digit_before(s, ps, i) && after != C_ALNUM) {
                    i += len;
                    continue;
                }
                /* with no quotation open, a straight mark after a word and
                 * before a space closes a quotation whose opening mark is
                 * missing: it opens nothing (systems" including ...) */
                if (!open && before == C_ALNUM && (after == C_SPACE || after == C_EDGE)) {
                    i += len;
                    continue;
                }
                m = open ? M_DCLOSE : M_DOPEN;
            }
            if (m == M_DOPEN && after == C_SPACE && s[i] == 0xE2) {
                /* “ before a space closes an open quotation (a misused
                 * mark: “It's unusual,“ said ...) and opens nothing */
                if (open && before != C_SPACE) {
                    if ((e = push(l, qstart, cstart, (uint32_t)i, (uint32_t)(i + len), 0, 0,
                                  nparas)))
                        return e;
                    open = 0;
                }
                i += len;
                continue;
            }
            if (m == M_DOPEN) {
                if (open &&
                    !(typo && straight_at(s, qstart) && !straight_close_ahead(s, i + len, pe))) {
                    /* an opening mark inside an open quotation: the earlier
                     * one was never closed; end it before this mark */
                    uint32_t ce = rtrim(s, cstart, (uint32_t)i);
                    if ((e = push(l, qstart, cstart, ce, ce, 0, 1, nparas)))
                        return e;
                }
                open = 1;
                nparas = 1;
                qstart = (uint32_t)i;
                cstart = (uint32_t)(i + len);
            } else if (open) {
                if ((e = push(l, qstart, cstart, (uint32_t)i, (uint32_t)(i + len), 0, 0, nparas)))
                    return e;
                open = 0;
            } else if ((before == C_SPACE && after == C_ALNUM) || before == C_EDGE) {
                /* a closing mark used as an opening one (before a word, or
                 * at the start of a paragraph: ”… he delivered ...”) */
                open = 1;
                nparas = 1;
                qstart = (uint32_t)i;
                cstart = (uint32_t)(i + len);
            }
            i += len;
        }
        if (!open)
            continue;
        /* The paragraph ends inside a quotation. */
        size_t len;
        if (p + 1 < np && nparas < MAX_QUOTE_PARAS) {
            uint32_t np0 = paras[p + 1].start;
            int m = mark_at(s, n, np0, &len);
            /* the re-opening mark is of the same style as the opening one
             * (straight or typographic): a paragraph opened by the other
             * style starts a quotation of its own */
            if ((m == M_DOPEN || m == M_DAMB) && straight_at(s, qstart) == straight_at(s, np0)) {
                skip_at = paras[p + 1].start;
                nparas++;
                continue;
            }
        }
        uint32_t ce = rtrim(s, cstart, pe);
        if (!(typo && straight_at(s, qstart)) &&
            (e = push(l, qstart, cstart, ce, ce, 0, 1, nparas)))
            return e;
        open = 0;
    }
    return NX_OK;
}

/* Single marks inside each paragraph. */
static nx_err scan_single(const nx_doc *doc, const nx_span *paras, size_t np, qlist *l)
{
    const unsigned char *s = (const unsigned char *)doc->text;
    size_t n = doc->text_len;
    nx_err e;
    for (size_t p = 0; p < np; p++) {
        uint32_t ps = paras[p].start, pe = paras[p].end;
        int open = 0;
        uint32_t qstart = 0, cstart = 0;
        for (size_t i = ps; (i = next_may_mark(s, i, pe)) < pe;) {
            size_t len;
            int m = mark_at(s, n, i, &len);
            if (m < M_SOPEN) {
                i += m == M_NONE ? 1 : len;
                continue;
            }
            int before = class_before(s, ps, i), after = class_after(s, pe, i + len);
            int can_close =
                open && before != C_SPACE && after != C_ALNUM && i - cstart <= MAX_SINGLE_BYTES;
            int can_open = before != C_ALNUM && (after == C_ALNUM || after == C_PUNCT);
            if (m == M_SOPEN) {
                if (before != C_ALNUM) {
                    open = 1;
                    qstart = (uint32_t)i;
                    cstart = (uint32_t)(i + len);
                }
            } else if (can_close && (m == M_SCLOSE || m == M_SAMB)) {
                if ((e = push(l, qstart, cstart, (uint32_t)i, (uint32_t)(i + len), 1, 0, 1)))
                    return e;
                open = 0;
            } else if (m == M_SAMB && can_open && after == C_ALNUM) {
                open = 1;
                qstart = (uint32_t)i;
                cstart = (uint32_t)(i + len);
            }
            i += len;
        }
    }
    return NX_OK;
}

static int cmp_q(const void *a, const void *b)
{
    const nx_qspan *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1; /* longer first */
    return 0;
}

nx_err nx_quote_marks(const nx_doc *doc, nx_qspan **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    if (!doc->text || !doc->text_len)
        return NX_OK;
    nx_span whole = {0, (uint32_t)doc->text_len};
    const nx_span *paras = doc->n_paras ? doc->paras : &whole;
    size_t np = doc->n_paras ? doc->n_paras : 1;
    qlist l = {(const unsigned char *)doc->text, NULL, 0, 0};
    nx_err e = scan_double(doc, paras, np, &l);
    if (!e)
        e = scan_single(doc, paras, np, &l);
    if (e) {
        nx_free(l.v);
        return e;
    }
    if (l.n > 1)
        qsort(l.v, l.n, sizeof(*l.v), cmp_q);
    /* Nesting: a quotation inside an earlier top-level one is nested; a
     * single-mark quotation crossing a double one is dropped. */
    size_t w = 0;
    long top = -1;
    for (size_t i = 0; i < l.n; i++) {
        nx_qspan q = l.v[i];
        if (top >= 0) {
            const nx_qspan *t = &l.v[top];
            if (q.start < t->end) {
                if (q.end <= t->end) {
                    q.nested = 1;
                } else if (q.single) {
                    continue;
                } else if (t->single) {
                    /* the single one was an apostrophe pair: drop it and
                     * what was nested in it */
                    w = (size_t)top;
                    top = -1;
                    for (size_t k = w; k-- > 0;) {
                        if (nx_spend(doc->budget, 1))
                            break; /* past the budget: the core reports too_complex */
                        if (!l.v[k].nested) {
                            top = (long)k;
                            break;
                        }
                    }
                }
            }
        }
        l.v[w] = q;
        if (!q.nested)
            top = (long)w;
        w++;
    }
    l.n = w;
    if (!l.n) {
        nx_free(l.v);
        l.v = NULL;
    }
    *out = l.v;
    *n_out = l.n;
    return NX_OK;
}
