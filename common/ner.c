/*
 * ner.c - features, Viterbi decoding and the model file of the named-entity
 * tagger (see ner.h; the feature set is listed in docs/entities.md).
 */
#include "ner.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#include <xxhash.h>

#include "nx_alloc.h"

#define HB 0x9e3779b97f4a7c15ull

/* Feature templates (the numbers only need to be distinct). */
enum {
    F_BIAS = 1,
    F_WORD,
    F_LOWER,
    F_SHAPE,
    F_PRE,
    F_SUF = F_PRE + 4,
    F_LOWER_M1 = F_SUF + 4,
    F_LOWER_P1,
    F_LOWER_M2,
    F_LOWER_P2,
    F_SHAPE_M1,
    F_SHAPE_P1,
    F_BI_M1,
    F_BI_P1,
    F_SHAPE3,
    F_POS_SHAPE,
    F_GAZ,
    F_GAZ_M1,
    F_GAZ_P1,
    F_DOC,
    F_HEAD,
    F_DL,
    F_DL_SHAPE,
    F_DL_M1,
    F_DL_P1,
    F_FIRST_SENT,
    F_WORD_M1_CAP,
    F_GAZ_LOWER,
    F_P1,
    F_P1_M1,
    F_P1_P1,
    F_P1_DL
};

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

static uint32_t row_of(unsigned tmpl, uint64_t v, unsigned bits)
{
    return (uint32_t)(mix64(v ^ ((uint64_t)tmpl * HB)) >> (64 - bits));
}

static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

static uint64_t fnv_cps(const int32_t *cp, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (uint32_t)cp[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

#define TOK_CP_MAX 48

/* Shape and affixes of one token. */
static void token_hashes(const char *s, size_t len, nx_ner_tok *t)
{
    int32_t low[TOK_CP_MAX];
    char shape[TOK_CP_MAX];
    size_t n = 0, ns = 0;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len && n < TOK_CP_MAX) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) {
            cp = 0xFFFD;
            k = 1;
        }
        i += (size_t)k;
        char cls;
        if (cp < 0x80) {
            cls = cp >= 'A' && cp <= 'Z'   ? 'X'
                  : cp >= 'a' && cp <= 'z' ? 'x'
                  : cp >= '0' && cp <= '9' ? 'd'
                                           : (char)cp;
        } else {
            utf8proc_category_t cat = utf8proc_category(cp);
            cls = cat == UTF8PROC_CATEGORY_LU                                    ? 'X'
                  : cat == UTF8PROC_CATEGORY_LL                                  ? 'x'
                  : cat == UTF8PROC_CATEGORY_ND                                  ? 'd'
                  : (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ? 'x'
                                                                                 : 'o';
        }
        if (cp == 0x2019)
            cls = '\'';
        if (!ns || shape[ns - 1] != cls)
            shape[ns++] = cls;
        low[n++] = cp < 0x80 ? (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp) : utf8proc_tolower(cp);
    }
    t->shape = fnv(shape, ns);
    for (size_t k = 0; k < 4; k++) {
        size_t m = k + 1;
        t->pre[k] = n >= m ? fnv_cps(low, m) : 0;
        t->suf[k] = n >= m ? fnv_cps(low + n - m, m) : 0;
    }
}

static size_t pow2_at_least(size_t n)
{
    size_t p = 16;
    while (p < n)
        p <<= 1;
    return p;
}

#define GAZ_MAX_TOKS 5

nx_err nx_ner_ctx_build(nx_ner_ctx *c, const nx_gaz *g, const char *text, const nx_token *toks,
                        size_t n_toks, const nx_sentence *sents, size_t n_sents)
{
    memset(c, 0, sizeof(*c));
    c->text = text;
    c->toks = toks;
    c->n_toks = n_toks;
    c->sents = sents;
    c->n_sents = n_sents;
    if (!n_toks)
        return NX_OK;
    size_t tsize = pow2_at_least(n_toks * 2);
    c->tok = nx_calloc(n_toks, sizeof(*c->tok));
    c->tsent = nx_malloc(n_toks * sizeof(*c->tsent));
    uint64_t *keys = nx_calloc(tsize, sizeof(*keys));
    uint32_t *ids = nx_malloc(tsize * sizeof(*ids));
    uint8_t *wflags = nx_calloc(n_toks, 1);
    if (!c->tok || !c->tsent || !keys || !ids || !wflags) {
        nx_free(keys);
        nx_free(ids);
        nx_free(wflags);
        nx_ner_ctx_free(c);
        return NX_ERR_NOMEM;
    }
    for (size_t i = 0; i < n_toks; i++)
        c->tsent[i] = UINT32_MAX;
    for (size_t s = 0; s < n_sents; s++) {
        const nx_sentence *se = &sents[s];
        /* an ALL-CAPS headline: no lower-case word and at least one ALL-CAPS word */
        int upper = 0, lower = 0;
        for (uint32_t i = se->tok_begin; i < se->tok_end && i < n_toks; i++) {
            c->tsent[i] = (uint32_t)s;
            if (toks[i].kind != NX_TOK_WORD)
                continue;
            if (toks[i].flags & NX_TOKF_ALLCAP) {
                if (toks[i].end - toks[i].start > 1)
                    upper++;
            } else if (!(toks[i].flags & NX_TOKF_CAP)) {
                lower++;
            } else {
                lower++; /* mixed case word: not a headline */
            }
        }
        if (upper && !lower)
            for (uint32_t i = se->tok_begin; i < se->tok_end && i < n_toks; i++)
                c->tok[i].doc |= NX_NER_DOC_HEADLINE;
    }
    /* per-token hashes and the document's word table */
    for (size_t i = 0; i < n_toks; i++) {
        const char *s = text + toks[i].start;
        size_t len = toks[i].end - toks[i].start;
        nx_ner_tok *t = &c->tok[i];
        t->word = fnv(s, len);
        t->lower = nx_gaz_key_add(NX_GAZ_KEY_INIT, s, len);
        token_hashes(s, len, t);
        uint64_t k = t->lower ? t->lower : 1;
        size_t j = (size_t)mix64(k) & (tsize - 1);
        while (keys[j] && keys[j] != k)
            j = (j + 1) & (tsize - 1);
        if (!keys[j]) {
            keys[j] = k;
            ids[j] = (uint32_t)c->n_words++;
        }
        t->word_id = ids[j];
        if (toks[i].kind == NX_TOK_WORD) {
            uint8_t f = toks[i].flags;
            if (!(f & NX_TOKF_CAP) && !(f & NX_TOKF_ALLCAP))
                wflags[t->word_id] |= NX_NER_DOC_SEEN_LOWER;
            else if ((f & NX_TOKF_CAP) && !(f & NX_TOKF_ALLCAP) && !(f & NX_TOKF_SENT_START) &&
                     !(t->doc & NX_NER_DOC_HEADLINE))
                wflags[t->word_id] |= NX_NER_DOC_SEEN_CAP_MID;
        }
    }
    for (size_t i = 0; i < n_toks; i++)
        c->tok[i].doc |= wflags[c->tok[i].word_id];
    nx_free(keys);
    nx_free(ids);
    nx_free(wflags);
    c->wcount = nx_calloc(c->n_words * 5, sizeof(*c->wcount));
    if (!c->wcount) {
        nx_ner_ctx_free(c);
        return NX_ERR_NOMEM;
    }
    /* gazetteer matches starting at capitalized tokens, up to GAZ_MAX_TOKS tokens */
    if (g) {
        for (size_t i = 0; i < n_toks; i++) {
            if (!(toks[i].flags & (NX_TOKF_CAP | NX_TOKF_ALLCAP)))
                continue;
            uint64_t key = NX_GAZ_KEY_INIT;
            for (size_t j = i; j < n_toks && j < i + GAZ_MAX_TOKS; j++) {
                if (c->tsent[j] != c->tsent[i])
                    break;
                key = nx_gaz_key_add(key, text + toks[j].start, toks[j].end - toks[j].start);
                unsigned fl = nx_gaz_lookup(g, key, NULL);
                if (j > i)
                    fl &= ~NX_GAZ_GIVEN;
                /* a match must end on a capitalized token or a period */
                if (!fl || (j > i && !(toks[j].flags & (NX_TOKF_CAP | NX_TOKF_ALLCAP))))
                    continue;
                for (unsigned l = 0; l < NX_GAZ_NLISTS; l++) {
                    if (!(fl & (1u << l)))
                        continue;
                    c->tok[i].gaz |= (uint16_t)(1u << (2 * l));
                    for (size_t k = i + 1; k <= j; k++)
                        c->tok[k].gaz |= (uint16_t)(1u << (2 * l + 1));
                }
            }
        }
    }
    return NX_OK;
}

void nx_ner_ctx_free(nx_ner_ctx *c)
{
    nx_free(c->tok);
    nx_free(c->tsent);
    nx_free(c->wcount);
    c->tok = NULL;
    c->tsent = NULL;
    c->wcount = NULL;
}

void nx_ner_ctx_doclabels(nx_ner_ctx *c, const uint8_t *tags)
{
    memset(c->wcount, 0, c->n_words * 5 * sizeof(*c->wcount));
    for (size_t i = 0; i < c->n_toks; i++) {
        unsigned l = tags[i] ? NX_NER_TAG_TYPE(tags[i]) : 4;
        c->wcount[c->tok[i].word_id * 5 + l]++;
    }
    for (size_t i = 0; i < c->n_toks; i++) {
        unsigned own = tags[i] ? NX_NER_TAG_TYPE(tags[i]) : 4;
        const uint32_t *w = &c->wcount[c->tok[i].word_id * 5];
        uint8_t m = 0;
        for (unsigned l = 0; l < 5; l++)
            if (w[l] > (l == own))
                m |= (uint8_t)(1u << l);
        c->tok[i].dl = m;
        c->tok[i].p1 = tags[i];
    }
}

static int is_cap(const nx_token *t)
{
    return (t->flags & (NX_TOKF_CAP | NX_TOKF_ALLCAP)) != 0;
}

size_t nx_ner_features(const nx_ner_ctx *c, size_t i, int pass, unsigned bits, uint32_t *rows)
{
    size_t n = 0;
    const nx_ner_tok *t = &c->tok[i];
    uint32_t s = c->tsent[i];
    const nx_sentence *se = s < c->n_sents ? &c->sents[s] : NULL;
    size_t b = se ? se->tok_begin : i, e = se ? se->tok_end : i + 1;
    const nx_ner_tok *m1 = i > b ? &c->tok[i - 1] : NULL;
    const nx_ner_tok *p1 = i + 1 < e ? &c->tok[i + 1] : NULL;
    const nx_ner_tok *m2 = i > b + 1 ? &c->tok[i - 2] : NULL;
    const nx_ner_tok *p2 = i + 2 < e ? &c->tok[i + 2] : NULL;
    const uint64_t BOS = 0x1234567ull, EOS = 0x7654321ull;
    uint64_t lm1 = m1 ? m1->lower : BOS, lp1 = p1 ? p1->lower : EOS;
    uint64_t sm1 = m1 ? m1->shape : BOS, sp1 = p1 ? p1->shape : EOS;

    rows[n++] = row_of(F_BIAS, 0, bits);
    rows[n++] = row_of(F_WORD, t->word, bits);
    rows[n++] = row_of(F_LOWER, t->lower, bits);
    rows[n++] = row_of(F_SHAPE, t->shape, bits);
    for (unsigned k = 0; k < 4; k++) {
        if (t->pre[k])
            rows[n++] = row_of(F_PRE + k, t->pre[k], bits);
        if (t->suf[k])
            rows[n++] = row_of(F_SUF + k, t->suf[k], bits);
    }
    rows[n++] = row_of(F_LOWER_M1, lm1, bits);
    rows[n++] = row_of(F_LOWER_P1, lp1, bits);
    rows[n++] = row_of(F_LOWER_M2, m2 ? m2->lower : BOS, bits);
    rows[n++] = row_of(F_LOWER_P2, p2 ? p2->lower : EOS, bits);
    rows[n++] = row_of(F_SHAPE_M1, sm1, bits);
    rows[n++] = row_of(F_SHAPE_P1, sp1, bits);
    rows[n++] = row_of(F_BI_M1, lm1 * 31 + t->lower, bits);
    rows[n++] = row_of(F_BI_P1, t->lower * 31 + lp1, bits);
    rows[n++] = row_of(F_SHAPE3, (sm1 * 31 + t->shape) * 31 + sp1, bits);
    uint64_t pos = i == b ? 1 : i + 1 == e ? 2 : 3;
    rows[n++] = row_of(F_POS_SHAPE, pos * 131 + t->shape, bits);
    if (s == 0)
        rows[n++] = row_of(F_FIRST_SENT, t->shape, bits);
    if (m1 && is_cap(&c->toks[i]))
        rows[n++] = row_of(F_WORD_M1_CAP, m1->word, bits);
    for (unsigned k = 0; k < 2 * NX_GAZ_NLISTS; k++) {
        if (t->gaz & (1u << k)) {
            rows[n++] = row_of(F_GAZ, k, bits);
            rows[n++] = row_of(F_GAZ_LOWER, t->lower * 31 + k, bits);
        }
        if (m1 && (m1->gaz & (1u << k)))
            rows[n++] = row_of(F_GAZ_M1, k, bits);
        if (p1 && (p1->gaz & (1u << k)))
            rows[n++] = row_of(F_GAZ_P1, k, bits);
    }
    if (is_cap(&c->toks[i]) && c->toks[i].kind == NX_TOK_WORD) {
        unsigned sent0 = (c->toks[i].flags & NX_TOKF_SENT_START) ? 1 : 0;
        rows[n++] = row_of(F_DOC, (uint64_t)(t->doc * 2 + sent0), bits);
        if ((t->doc & NX_NER_DOC_HEADLINE))
            rows[n++] = row_of(F_HEAD, (uint64_t)t->doc * 131 + t->shape, bits);
    }
    if (pass)
        n += nx_ner_features_dl(c, i, bits, rows + n);
    return n;
}

size_t nx_ner_features_dl(const nx_ner_ctx *c, size_t i, unsigned bits, uint32_t *rows)
{
    const nx_ner_tok *t = &c->tok[i];
    uint32_t s = c->tsent[i];
    const nx_sentence *se = s < c->n_sents ? &c->sents[s] : NULL;
    size_t b = se ? se->tok_begin : i, e = se ? se->tok_end : i + 1;
    const nx_ner_tok *m1 = i > b ? &c->tok[i - 1] : NULL;
    const nx_ner_tok *p1 = i + 1 < e ? &c->tok[i + 1] : NULL;
    rows[0] = row_of(F_DL, t->dl, bits);
    rows[1] = row_of(F_DL_SHAPE, (uint64_t)t->dl * 131 + t->shape, bits);
    rows[2] = row_of(F_DL_M1, m1 ? m1->dl : 0x40, bits);
    rows[3] = row_of(F_DL_P1, p1 ? p1->dl : 0x40, bits);
    uint64_t pm1 = m1 ? m1->p1 : 0x40, pp1 = p1 ? p1->p1 : 0x40;
    rows[4] = row_of(F_P1, t->p1, bits);
    rows[5] = row_of(F_P1_M1, pm1 * 131 + t->p1, bits);
    rows[6] = row_of(F_P1_P1, pp1 * 131 + t->p1, bits);
    rows[7] = row_of(F_P1_DL, (uint64_t)t->p1 * 131 + t->dl, bits);
    return 8;
}

int nx_ner_allowed(unsigned a, unsigned b)
{
    if (b == 0 || (b & 1))
        return 1; /* O and B-x may follow anything */
    return a == b || a == b - 1;
}

void nx_ner_viterbi(const float *emit, size_t n, const float *trans, uint8_t *back, uint8_t *out)
{
    enum { T = NX_NER_NTAGS };
    float prev[T], cur[T], tr[T * T];
    if (!n)
        return;
    for (unsigned a = 0; a < T; a++)
        for (unsigned t = 0; t < T; t++)
            tr[t * T + a] = nx_ner_allowed(a, t) ? trans[a * T + t] : -1e30f;
    for (unsigned t = 0; t < T; t++)
        prev[t] = nx_ner_allowed(T, t) ? trans[T * T + t] + emit[t] : -1e30f;
    for (size_t i = 1; i < n; i++) {
        for (unsigned t = 0; t < T; t++) {
            float best = -3e30f;
            unsigned arg = 0;
            for (unsigned a = 0; a < T; a++) {
                float v = prev[a] + tr[t * T + a];
                if (v > best) {
                    best = v;
                    arg = a;
                }
            }
            cur[t] = best + emit[i * T + t];
            back[i * T + t] = (uint8_t)arg;
        }
        memcpy(prev, cur, sizeof(prev));
    }
    unsigned best = 0;
    for (unsigned t = 1; t < T; t++)
        if (prev[t] > prev[best])
            best = t;
    for (size_t i = n; i-- > 0;) {
        out[i] = (uint8_t)best;
        if (i)
            best = back[i * T + best];
    }
}

/* File layout (little-endian): magic[8], u32 bits, u32 passes, u32 ntags,
 * u32 0, then per pass: f32 scale, f32 trans[(ntags + 1) * ntags], u32 n,
 * u32 rows[n] (ascending), i16 weights[n * ntags], padding to 4 bytes. */
#define HDR_LEN 24
#define TRANS_N ((NX_NER_NTAGS + 1) * NX_NER_NTAGS)

static uint32_t get_u32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static size_t pad4(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

nx_err nx_ner_model_load(const char *path, nx_ner_model *m, char *errstr, size_t errstr_size)
{
    memset(m, 0, sizeof(*m));
    FILE *f = fopen(path, "rb");
    if (!f)
        return nx_seterr(errstr, errstr_size, NX_ERR_MODEL, "cannot open NER model %s", path);
    long len = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        len = ftell(f);
    if (len < HDR_LEN || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return nx_seterr(errstr, errstr_size, NX_ERR_MODEL, "NER model %s is truncated", path);
    }
    unsigned char *mem = nx_malloc((size_t)len);
    if (!mem) {
        fclose(f);
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading %s", path);
    }
    size_t got = fread(mem, 1, (size_t)len, f);
    fclose(f);
    m->mem = mem;
    m->mem_len = (size_t)len;
    m->bytes = (size_t)len;
    uint32_t bits = got >= HDR_LEN ? get_u32(mem + 8) : 0;
    uint32_t passes = got >= HDR_LEN ? get_u32(mem + 12) : 0;
    uint32_t ntags = got >= HDR_LEN ? get_u32(mem + 16) : 0;
    if (got != (size_t)len || memcmp(mem, NX_NER_MAGIC, 8) != 0 || ntags != NX_NER_NTAGS ||
        bits < 10 || bits > 30 || passes < 1 || passes > 2)
        goto bad;
    m->bits = bits;
    m->passes = passes;
    size_t off = HDR_LEN, n_p[2] = {0, 0};
    const unsigned char *rows_p[2] = {NULL, NULL};
    const unsigned char *w_p[2] = {NULL, NULL};
    for (unsigned p = 0; p < passes; p++) {
        if (off + 4 + TRANS_N * 4 + 4 > (size_t)len)
            goto bad;
        memcpy(&m->scale[p], mem + off, 4);
        memcpy(m->trans[p], mem + off + 4, TRANS_N * 4);
        off += 4 + TRANS_N * 4;
        size_t n = get_u32(mem + off);
        off += 4;
        if (n > ((size_t)1 << bits) || off + n * 4 + n * NX_NER_NTAGS * 2 > (size_t)len)
            goto bad;
        n_p[p] = n;
        rows_p[p] = mem + off;
        off += n * 4;
        w_p[p] = mem + off;
        off = pad4(off + n * NX_NER_NTAGS * 2);
    }
    if (off != (size_t)len)
        goto bad;
    /* one index over the rows of both passes */
    size_t size = pow2_at_least((n_p[0] + n_p[1]) * 2 + 1), stride = passes * NX_NER_NTAGS;
    m->slots = nx_malloc(size * sizeof(nx_ner_slot));
    m->cw = nx_calloc((n_p[0] + n_p[1] + 1) * stride, sizeof(int16_t));
    if (!m->slots || !m->cw) {
        nx_ner_model_free(m);
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading %s", path);
    }
    m->mask = size - 1;
    for (size_t k = 0; k < size; k++)
        m->slots[k].row = UINT32_MAX;
    for (unsigned p = 0; p < passes; p++) {
        for (size_t k = 0; k < n_p[p]; k++) {
            uint32_t r = get_u32(rows_p[p] + 4 * k);
            if (r >> bits)
                goto bad;
            size_t j = r & m->mask;
            while (m->slots[j].row != UINT32_MAX && m->slots[j].row != r)
                j = (j + 1) & m->mask;
            if (m->slots[j].row == UINT32_MAX) {
                m->slots[j].row = r;
                m->slots[j].idx = (uint32_t)m->n_rows++;
            }
            memcpy(m->cw + m->slots[j].idx * stride + p * NX_NER_NTAGS,
                   w_p[p] + k * NX_NER_NTAGS * 2, NX_NER_NTAGS * 2);
        }
    }
    if (off != (size_t)len)
        goto bad;
    snprintf(m->version, sizeof(m->version), "ner-1.0 (xxh64 %016llx)",
             (unsigned long long)XXH64(mem, (size_t)len, 0));
    /* everything needed now lives in slots and cw */
    nx_free(m->mem);
    m->mem = NULL;
    m->bytes = size * sizeof(nx_ner_slot) + m->n_rows * stride * sizeof(int16_t);
    return NX_OK;
bad:
    nx_ner_model_free(m);
    return nx_seterr(errstr, errstr_size, NX_ERR_MODEL, "%s is not a valid NER model", path);
}

void nx_ner_model_free(nx_ner_model *m)
{
    nx_free(m->mem);
    nx_free(m->slots);
    nx_free(m->cw);
    memset(m, 0, sizeof(*m));
}

nx_err nx_ner_model_write(const char *path, unsigned bits, unsigned passes, const float *const *w,
                          const float *const *trans, char *errstr, size_t errstr_size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return nx_seterr(errstr, errstr_size, NX_ERR_IO, "cannot write %s", path);
    size_t nrows = (size_t)1 << bits, nw = nrows * NX_NER_NTAGS;
    unsigned char hdr[HDR_LEN];
    memcpy(hdr, NX_NER_MAGIC, 8);
    uint32_t v[4] = {bits, passes, NX_NER_NTAGS, 0};
    memcpy(hdr + 8, v, 16);
    int ok = fwrite(hdr, 1, HDR_LEN, f) == HDR_LEN;
    int16_t *q = nx_malloc(nw * sizeof(*q));
    uint32_t *ids = nx_malloc(nrows * sizeof(*ids));
    ok = ok && q && ids;
    for (unsigned p = 0; ok && p < passes; p++) {
        float maxabs = 0;
        for (size_t i = 0; i < nw; i++)
            if (fabsf(w[p][i]) > maxabs)
                maxabs = fabsf(w[p][i]);
        float scale = maxabs > 0 ? maxabs / 32767.0f : 1.0f;
        uint32_t n = 0;
        for (size_t r = 0; r < nrows; r++) {
            int nz = 0;
            for (unsigned t = 0; t < NX_NER_NTAGS; t++) {
                int16_t x = (int16_t)lrintf(w[p][r * NX_NER_NTAGS + t] / scale);
                q[(size_t)n * NX_NER_NTAGS + t] = x;
                nz |= x != 0;
            }
            if (nz)
                ids[n++] = (uint32_t)r;
        }
        size_t wl = (size_t)n * NX_NER_NTAGS * 2;
        static const unsigned char zero[4] = {0, 0, 0, 0};
        ok = fwrite(&scale, 4, 1, f) == 1 && fwrite(trans[p], 4, TRANS_N, f) == TRANS_N &&
             fwrite(&n, 4, 1, f) == 1 && fwrite(ids, 4, n, f) == n && fwrite(q, 1, wl, f) == wl &&
             fwrite(zero, 1, pad4(wl) - wl, f) == pad4(wl) - wl;
    }
    nx_free(q);
    nx_free(ids);
    if (fclose(f) != 0)
        ok = 0;
    return ok ? NX_OK : nx_seterr(errstr, errstr_size, NX_ERR_IO, "cannot write %s", path);
}

/* Stored-row indices of feature rows (rows the model never saw are dropped). */
static size_t resolve(const nx_ner_model *m, const uint32_t *rows, size_t n, uint32_t *out)
{
    size_t k = 0;
    for (size_t f = 0; f < n; f++) {
        uint32_t r = rows[f];
        size_t j = r & m->mask;
        while (m->slots[j].row != r && m->slots[j].row != UINT32_MAX)
            j = (j + 1) & m->mask;
        if (m->slots[j].row != UINT32_MAX)
            out[k++] = m->slots[j].idx;
    }
    return k;
}

/* Emission scores of pass p for tokens [b, e) from their stored-row indices. */
static void score(const nx_ner_model *m, unsigned p, const uint32_t *idx, const uint32_t *off,
                  size_t b, size_t e, float *emit)
{
    enum { T = NX_NER_NTAGS };
    size_t stride = m->passes * T;
    const int16_t *w = m->cw + p * T;
    for (size_t i = b; i < e; i++) {
        int32_t acc[T] = {0};
        for (uint32_t k = off[i]; k < off[i + 1]; k++) {
            const int16_t *x = w + (size_t)idx[k] * stride;
            for (unsigned t = 0; t < T; t++)
                acc[t] += x[t];
        }
        for (unsigned t = 0; t < T; t++)
            emit[(i - b) * T + t] = (float)acc[t] * m->scale[p];
    }
}

/* Documents up to this many tokens keep their pass-1 rows for pass 2;
 * longer ones compute them again (bounded memory). */
#define ROW_CACHE_TOKS 16384

nx_err nx_ner_tag(const nx_ner_model *m, nx_ner_ctx *c, uint8_t *tags)
{
    enum { T = NX_NER_NTAGS };
    size_t maxlen = 0;
    for (size_t s = 0; s < c->n_sents; s++) {
        size_t len = c->sents[s].tok_end - c->sents[s].tok_begin;
        if (len > maxlen)
            maxlen = len;
    }
    memset(tags, 0, c->n_toks);
    if (!maxlen)
        return NX_OK;
    int cache = c->n_toks <= ROW_CACHE_TOKS;
    size_t cap = cache ? c->n_toks * (NX_NER_MAXF - NX_NER_DL_MAXF) : maxlen * NX_NER_MAXF;
    float *emit = nx_malloc(maxlen * T * sizeof(*emit));
    uint8_t *back = nx_malloc(maxlen * T);
    uint32_t *idx = nx_malloc(cap * sizeof(*idx));
    uint32_t *off = nx_malloc((c->n_toks + 1) * sizeof(*off));
    uint32_t *idx2 = nx_malloc(maxlen * NX_NER_MAXF * sizeof(*idx2));
    uint32_t *off2 = nx_malloc((c->n_toks + 1) * sizeof(*off2));
    nx_err e = NX_OK;
    if (!emit || !back || !idx || !off || !idx2 || !off2) {
        e = NX_ERR_NOMEM;
        goto out;
    }
    uint32_t rows[NX_NER_MAXF];
    /* pass 1 */
    size_t used = 0;
    for (size_t s = 0; s < c->n_sents; s++) {
        size_t b = c->sents[s].tok_begin, en = c->sents[s].tok_end;
        if (en > c->n_toks)
            en = c->n_toks;
        if (b >= en)
            continue;
        if (!cache)
            used = 0;
        for (size_t i = b; i < en; i++) {
            off[i] = (uint32_t)used;
            size_t nf = nx_ner_features(c, i, 0, m->bits, rows);
            used += resolve(m, rows, nf, idx + used);
        }
        off[en] = (uint32_t)used;
        score(m, 0, idx, off, b, en, emit);
        nx_ner_viterbi(emit, en - b, m->trans[0], back, tags + b);
    }
    if (m->passes < 2)
        goto out;
    /* pass 2: the same rows plus the document-label rows */
    nx_ner_ctx_doclabels(c, tags);
    for (size_t s = 0; s < c->n_sents; s++) {
        size_t b = c->sents[s].tok_begin, en = c->sents[s].tok_end;
        if (en > c->n_toks)
            en = c->n_toks;
        if (b >= en)
            continue;
        size_t u = 0;
        for (size_t i = b; i < en; i++) {
            off2[i] = (uint32_t)u;
            size_t nf;
            if (cache) {
                memcpy(idx2 + u, idx + off[i], (off[i + 1] - off[i]) * sizeof(*idx));
                u += off[i + 1] - off[i];
                nf = nx_ner_features_dl(c, i, m->bits, rows);
            } else {
                nf = nx_ner_features(c, i, 1, m->bits, rows);
            }
            u += resolve(m, rows, nf, idx2 + u);
        }
        off2[en] = (uint32_t)u;
        score(m, 1, idx2, off2, b, en, emit);
        nx_ner_viterbi(emit, en - b, m->trans[1], back, tags + b);
    }
out:
    nx_free(emit);
    nx_free(back);
    nx_free(idx);
    nx_free(off);
    nx_free(idx2);
    nx_free(off2);
    return e;
}
