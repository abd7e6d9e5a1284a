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

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "nx_alloc.h"

#define HB 0x9e3779b97f4a7c15ull

/* Lanes that collect one token's score: both passes' 9 tags side by side
 * (18 lanes), with room for whole vectors; the stored weights are padded by
 * as many so that a load past the last row stays inside them. */
#define ACC_LANES 24

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
    F_P1_DL,
    F_CL, /* F_CL + k: prefix of CL_PREFIX[k] bits of the word's cluster path */
    F_CL_WHOLE = F_CL + 4,
    F_CL_M1,
    F_CL_P1,
    F_ORG,
    F_ORG_LOWER = F_ORG + 2,
    F_ORG_M1 = F_ORG_LOWER + 2,
    F_ORG_P1 = F_ORG_M1 + 2,
    F_AGG_M1 = F_ORG_P1 + 2,
    F_AGG_P1,
    F_CL2, /* F_CL2 + k: prefix of CL2_PREFIX[k] bits of the second table's path */
    F_CL2_WHOLE = F_CL2 + 3,
    F_CL2_M1,
    F_CL2_P1
};

/* NX_NER_FEAT_AGG: the other occurrences whose neighbours a token sees */
#define AGG_MAX 4

/* Prefix lengths of the cluster-path features. */
static const unsigned CL_PREFIX[4] = {4, 6, 10, 20};
/* ... and of the second table's (NX_NER_FEAT_CLUS2). */
static const unsigned CL2_PREFIX[3] = {3, 6, 9};

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

uint64_t nx_ner_word_hash(const char *s, size_t len)
{
    return fnv(s, len);
}

/* The first n bits of a cluster code, with n (codes: see nx_ner_clusters). */
static uint64_t cl_prefix(uint32_t code, unsigned n)
{
    unsigned len = code >> 24;
    if (n > len)
        n = len;
    if (n > 24)
        n = 24;
    return (uint64_t)n << 24 | ((code & 0xFFFFFFu) >> (24 - n));
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
        if (p[i] < 0x80) {
            cp = p[i++];
        } else {
            utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
            if (k <= 0) {
                cp = 0xFFFD;
                k = 1;
            }
            i += (size_t)k;
        }
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
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t k = 0; k < 4; k++) {
        size_t m = k + 1;
        if (n >= m) {
            h ^= (uint32_t)low[k];
            h *= 0x100000001b3ull;
        }
        t->pre[k] = n >= m ? h : 0;
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

nx_err nx_ner_ctx_build(nx_ner_ctx *c, const nx_gaz *g, const nx_gaz *lg, const char *text,
                        const nx_token *toks, size_t n_toks, const nx_sentence *sents,
                        size_t n_sents)
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
    /* two tables: the document's lower-case words (keys, ids) and its exact
     * texts (tkeys: hash, rep: first token, tids: text number) */
    uint64_t *keys = nx_calloc(tsize * 2, sizeof(*keys));
    uint32_t *ids = nx_malloc(tsize * 3 * sizeof(*ids));
    uint8_t *wflags = nx_calloc(n_toks, 1);
    uint32_t *cnt = nx_calloc(n_toks, sizeof(*cnt));
    if (!c->tok || !c->tsent || !keys || !ids || !wflags || !cnt) {
        nx_free(keys);
        nx_free(ids);
        nx_free(wflags);
        nx_free(cnt);
        nx_ner_ctx_free(c);
        return NX_ERR_NOMEM;
    }
    uint64_t *tkeys = keys + tsize;
    uint32_t *rep = ids + tsize, *tids = rep + tsize;
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
    /* per-token hashes and the document's word table; a text seen before
     * (exact bytes, compared) takes its hashes from its first token */
    uint32_t n_texts = 0;
    for (size_t i = 0; i < n_toks; i++) {
        const char *s = text + toks[i].start;
        size_t len = toks[i].end - toks[i].start;
        nx_ner_tok *t = &c->tok[i];
        uint64_t w = fnv(s, len), tk = w ? w : 1;
        size_t j = (size_t)mix64(tk) & (tsize - 1);
        for (;; j = (j + 1) & (tsize - 1)) {
            if (!tkeys[j]) {
                tkeys[j] = tk;
                rep[j] = (uint32_t)i;
                tids[j] = n_texts++;
                break;
            }
            const nx_token *r = &toks[rep[j]];
            if (tkeys[j] == tk && r->end - r->start == len && !memcmp(text + r->start, s, len))
                break;
        }
        if (rep[j] != i) {
            /* everything set so far derives from the text, but the doc flags */
            uint8_t doc = t->doc;
            *t = c->tok[rep[j]];
            t->doc = doc;
        } else {
            t->word = w;
            t->lower = nx_gaz_key_add(NX_GAZ_KEY_INIT, s, len);
            token_hashes(s, len, t);
            uint64_t k = t->lower ? t->lower : 1;
            size_t jw = (size_t)mix64(k) & (tsize - 1);
            while (keys[jw] && keys[jw] != k)
                jw = (jw + 1) & (tsize - 1);
            if (!keys[jw]) {
                keys[jw] = k;
                ids[jw] = (uint32_t)c->n_words++;
            }
            t->word_id = ids[jw];
        }
        t->form = tids[j];
        cnt[tids[j]]++;
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
    nx_free(wflags);
    /* dense numbers for the texts seen twice or more: their own rows are
     * summed once per document (nx_ner_tag) */
    for (uint32_t f = 0; f < n_texts; f++)
        cnt[f] = cnt[f] > 1 ? (uint32_t)c->n_forms++ : UINT32_MAX;
    for (size_t i = 0; i < n_toks; i++)
        c->tok[i].form = cnt[c->tok[i].form];
    nx_free(cnt);
    nx_free(keys);
    nx_free(ids);
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
                /* the key of one token is its lower-case hash */
                key = j == i
                          ? c->tok[i].lower
                          : nx_gaz_key_add(key, text + toks[j].start, toks[j].end - toks[j].start);
                unsigned fl = nx_gaz_lookup(g, key, NULL);
                if (lg)
                    fl |= nx_gaz_lookup(lg, key, NULL) &
                          (NX_GAZ_COUNTRY | NX_GAZ_REGION | NX_GAZ_CITY | NX_GAZ_CITY_BIG);
                if (j > i)
                    fl &= ~NX_GAZ_GIVEN;
                /* a match must end on a capitalized token or a period */
                if (!fl || (j > i && !(toks[j].flags & (NX_TOKF_CAP | NX_TOKF_ALLCAP))))
                    continue;
                if (fl & NX_GAZ_ORG) {
                    c->tok[i].org |= 1;
                    for (size_t k = i + 1; k <= j; k++)
                        c->tok[k].org |= 2;
                }
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
    nx_free(c->agg_first);
    nx_free(c->agg_next);
    c->tok = NULL;
    c->tsent = NULL;
    c->wcount = NULL;
    c->agg_first = NULL;
    c->agg_next = NULL;
}

static int is_cap(const nx_token *t)
{
    return (t->flags & (NX_TOKF_CAP | NX_TOKF_ALLCAP)) != 0;
}

nx_err nx_ner_ctx_prepare(nx_ner_ctx *c)
{
    if (!(c->feats & NX_NER_FEAT_AGG) || c->agg_next || !c->n_toks)
        return NX_OK;
    c->agg_first = nx_malloc((c->n_words + 1) * sizeof(*c->agg_first));
    c->agg_next = nx_malloc(c->n_toks * sizeof(*c->agg_next));
    if (!c->agg_first || !c->agg_next) {
        nx_free(c->agg_first);
        nx_free(c->agg_next);
        c->agg_first = c->agg_next = NULL;
        return NX_ERR_NOMEM;
    }
    for (size_t w = 0; w <= c->n_words; w++)
        c->agg_first[w] = UINT32_MAX;
    /* backwards, each occurrence goes in front: the lists are in text order */
    for (size_t i = c->n_toks; i-- > 0;) {
        c->agg_next[i] = UINT32_MAX;
        if (c->toks[i].kind != NX_TOK_WORD || !is_cap(&c->toks[i]))
            continue;
        uint32_t w = c->tok[i].word_id;
        c->agg_next[i] = c->agg_first[w];
        c->agg_first[w] = (uint32_t)i;
    }
    return NX_OK;
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

size_t nx_ner_features_own(const nx_ner_ctx *c, size_t i, unsigned bits, uint32_t *rows)
{
    size_t n = 0;
    const nx_ner_tok *t = &c->tok[i];
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
    if (c->clusters) {
        if (t->clus) {
            for (unsigned k = 0; k < 4; k++)
                rows[n++] = row_of(F_CL + k, cl_prefix(t->clus, CL_PREFIX[k]), bits);
        }
        rows[n++] = row_of(F_CL_WHOLE, t->clus, bits);
    }
    if (c->clusters2) {
        if (t->clus2) {
            for (unsigned k = 0; k < 3; k++)
                rows[n++] = row_of(F_CL2 + k, cl_prefix(t->clus2, CL2_PREFIX[k]), bits);
        }
        rows[n++] = row_of(F_CL2_WHOLE, t->clus2, bits);
    }
    return n;
}

size_t nx_ner_features(const nx_ner_ctx *c, size_t i, int pass, unsigned bits, uint32_t *rows)
{
    size_t n = nx_ner_features_own(c, i, bits, rows);
    n += nx_ner_features_ctx(c, i, bits, rows + n);
    if (pass)
        n += nx_ner_features_dl(c, i, bits, rows + n);
    return n;
}

size_t nx_ner_features_ctx(const nx_ner_ctx *c, size_t i, unsigned bits, uint32_t *rows)
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
    /* the lists' bits of the token and its neighbours: no bit above the last set one */
    unsigned gz = t->gaz | (m1 ? m1->gaz : 0u) | (p1 ? p1->gaz : 0u);
    for (unsigned k = 0; k < 2 * NX_GAZ_NLISTS && (gz >> k); k++) {
        if (t->gaz & (1u << k)) {
            rows[n++] = row_of(F_GAZ, k, bits);
            rows[n++] = row_of(F_GAZ_LOWER, t->lower * 31 + k, bits);
        }
        if (m1 && (m1->gaz & (1u << k)))
            rows[n++] = row_of(F_GAZ_M1, k, bits);
        if (p1 && (p1->gaz & (1u << k)))
            rows[n++] = row_of(F_GAZ_P1, k, bits);
    }
    if ((c->feats & NX_NER_FEAT_ORGS) && (t->org | (m1 ? m1->org : 0u) | (p1 ? p1->org : 0u))) {
        for (unsigned k = 0; k < 2; k++) {
            if (t->org & (1u << k)) {
                rows[n++] = row_of(F_ORG + k, 1, bits);
                rows[n++] = row_of(F_ORG_LOWER + k, t->lower, bits);
            }
            if (m1 && (m1->org & (1u << k)))
                rows[n++] = row_of(F_ORG_M1 + k, 1, bits);
            if (p1 && (p1->org & (1u << k)))
                rows[n++] = row_of(F_ORG_P1 + k, 1, bits);
        }
    }
    if (c->clusters) {
        rows[n++] = row_of(F_CL_M1, m1 ? m1->clus : 0xB05u, bits);
        rows[n++] = row_of(F_CL_P1, p1 ? p1->clus : 0xE05u, bits);
    }
    if (c->clusters2) {
        rows[n++] = row_of(F_CL2_M1, m1 ? m1->clus2 : 0xB05u, bits);
        rows[n++] = row_of(F_CL2_P1, p1 ? p1->clus2 : 0xE05u, bits);
    }
    if ((c->feats & NX_NER_FEAT_AGG) && c->agg_next && is_cap(&c->toks[i]) &&
        c->toks[i].kind == NX_TOK_WORD) {
        unsigned k = 0;
        for (uint32_t j = c->agg_first[t->word_id]; j != UINT32_MAX && k < AGG_MAX;
             j = c->agg_next[j]) {
            if (j == i)
                continue;
            uint32_t sj = c->tsent[j];
            size_t bj = sj < c->n_sents ? c->sents[sj].tok_begin : j;
            size_t ej = sj < c->n_sents ? c->sents[sj].tok_end : j + 1;
            rows[n++] = row_of(F_AGG_M1, j > bj ? c->tok[j - 1].lower : BOS, bits);
            rows[n++] = row_of(F_AGG_P1, j + 1 < ej ? c->tok[j + 1].lower : EOS, bits);
            k++;
        }
    }
    if (is_cap(&c->toks[i]) && c->toks[i].kind == NX_TOK_WORD) {
        unsigned sent0 = (c->toks[i].flags & NX_TOKF_SENT_START) ? 1 : 0;
        rows[n++] = row_of(F_DOC, (uint64_t)(t->doc * 2 + sent0), bits);
        if ((t->doc & NX_NER_DOC_HEADLINE))
            rows[n++] = row_of(F_HEAD, (uint64_t)t->doc * 131 + t->shape, bits);
    }
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
    return NX_NER_DL_MAXF; /* always that many: pass 2 reads them at that stride */
}

int nx_ner_allowed(unsigned a, unsigned b)
{
    if (b == 0 || (b & 1))
        return 1; /* O and B-x may follow anything */
    return a == b || a == b - 1;
}

/* The best of prev[a] + row[a] (the first one on ties) and its a. */
static float best_prev(const float *prev, const float *row, uint8_t *arg)
{
    float best = prev[0] + row[0];
    unsigned k = 0;
    for (unsigned a = 1; a < NX_NER_NTAGS; a++) {
        float v = prev[a] + row[a];
        if (v > best) {
            best = v;
            k = a;
        }
    }
    *arg = (uint8_t)k;
    return best;
}

/* Transition scores laid out for decoding; built once per pass. */
typedef struct vit_prep {
    float tr[NX_NER_NTAGS * NX_NER_NTAGS]; /* tr[t * T + a]: from a to t, -1e30 if not allowed */
    float start[NX_NER_NTAGS];             /* from the sentence start */
#if defined(__SSE2__)
    __m128 trb[NX_NER_NTAGS]; /* the four B tags side by side: their scores from a */
#endif
} vit_prep;

static void vit_prepare(const float *trans, vit_prep *v)
{
    enum { T = NX_NER_NTAGS };
    for (unsigned a = 0; a < T; a++)
        for (unsigned t = 0; t < T; t++)
            v->tr[t * T + a] = nx_ner_allowed(a, t) ? trans[a * T + t] : -1e30f;
    for (unsigned t = 0; t < T; t++)
        v->start[t] = trans[T * T + t];
#if defined(__SSE2__)
    for (unsigned a = 0; a < T; a++)
        v->trb[a] =
            _mm_setr_ps(v->tr[1 * T + a], v->tr[3 * T + a], v->tr[5 * T + a], v->tr[7 * T + a]);
#endif
}

static void vit_run(const vit_prep *v, const float *emit, size_t n, uint8_t *back, uint8_t *out)
{
    enum { T = NX_NER_NTAGS };
    float prev[T], cur[T];
    const float *tr = v->tr;
    if (!n)
        return;
    for (unsigned t = 0; t < T; t++)
        prev[t] = nx_ner_allowed(T, t) ? v->start[t] + emit[t] : -1e30f;
    for (size_t i = 1; i < n; i++) {
        /* O and B-x may follow any tag: the first best predecessor wins */
        cur[0] = best_prev(prev, tr, &back[i * T]) + emit[i * T];
#if defined(__SSE2__)
        __m128 best = _mm_add_ps(_mm_set1_ps(prev[0]), v->trb[0]);
        __m128i arg = _mm_setzero_si128();
        for (unsigned a = 1; a < T; a++) {
            __m128 x = _mm_add_ps(_mm_set1_ps(prev[a]), v->trb[a]);
            __m128 gt = _mm_cmpgt_ps(x, best);
            __m128i gi = _mm_castps_si128(gt);
            best = _mm_or_ps(_mm_and_ps(gt, x), _mm_andnot_ps(gt, best));
            arg =
                _mm_or_si128(_mm_and_si128(gi, _mm_set1_epi32((int)a)), _mm_andnot_si128(gi, arg));
        }
        float bv[4];
        int32_t ai[4];
        _mm_storeu_ps(bv, best);
        _mm_storeu_si128((__m128i *)(void *)ai, arg);
        for (unsigned k = 0; k < 4; k++) {
            cur[1 + 2 * k] = bv[k] + emit[i * T + 1 + 2 * k];
            back[i * T + 1 + 2 * k] = (uint8_t)ai[k];
        }
#else
        for (unsigned t = 1; t < T; t += 2)
            cur[t] = best_prev(prev, &tr[t * T], &back[i * T + t]) + emit[i * T + t];
#endif
        /* I-x only B-x or I-x: the other tags' scores are -1e30 and never win,
         * since B-x always has a finite score */
        for (unsigned t = 2; t < T; t += 2) {
            float vb = prev[t - 1] + tr[t * T + t - 1], vi = prev[t] + tr[t * T + t];
            int take_i = vi > vb;
            cur[t] = (take_i ? vi : vb) + emit[i * T + t];
            back[i * T + t] = (uint8_t)(take_i ? t : t - 1);
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

void nx_ner_viterbi(const float *emit, size_t n, const float *trans, uint8_t *back, uint8_t *out)
{
    vit_prep v;
    vit_prepare(trans, &v);
    vit_run(&v, emit, n, back, out);
}

/* File layout (little-endian): magic[8], u32 bits, u32 passes, u32 ntags,
 * u32 feats (NX_NER_FEAT_*, 0 in models without optional features), then per pass: f32 scale, f32
 * trans[(ntags + 1) * ntags], u32 n, u32 rows[n] (ascending), i16 weights[n * ntags], padding to 4
 * bytes; then, optionally, the cluster table's section (ner_clusters.c): a model with one computes
 * the cluster features, one without does not; a model with NX_NER_FEAT_CLUS2 has a second section
 * after it, the second table. */
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

/* Parse a cluster table at mem + *off (of len bytes in all), move *off past
 * it and drop the table's copy of the raw section (the index is built). */
static nx_err parse_table(nx_ner_clusters *cl, const unsigned char *mem, size_t len, size_t *off)
{
    size_t used = 0;
    nx_err e = nx_ner_clusters_parse(cl, mem + *off, len - *off, &used);
    if (e)
        return e;
    *off += used;
    nx_free(cl->raw);
    cl->raw = NULL;
    return NX_OK;
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
    uint32_t feats = got >= HDR_LEN ? get_u32(mem + 20) : 0;
    if (got != (size_t)len || memcmp(mem, NX_NER_MAGIC, 8) != 0 || ntags != NX_NER_NTAGS ||
        bits < 10 || bits > 30 || passes < 1 || passes > 2 || (feats & ~NX_NER_FEAT_ALL))
        goto bad;
    m->feats = feats;
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
    /* the optional cluster table, then the second one when the header asks */
    nx_ner_clusters *tables[2] = {&m->clus, (feats & NX_NER_FEAT_CLUS2) ? &m->clus2 : NULL};
    for (int t = 0; t < 2 && tables[t] && off < (size_t)len; t++) {
        nx_err ce = parse_table(tables[t], mem, (size_t)len, &off);
        if (ce == NX_ERR_NOMEM) {
            nx_ner_model_free(m);
            return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading %s", path);
        }
        if (ce)
            goto bad;
    }
    if (off != (size_t)len)
        goto bad;
    /* one index over the rows of both passes */
    size_t size = pow2_at_least((n_p[0] + n_p[1]) * 2 + 1), stride = passes * NX_NER_NTAGS;
    m->slots = nx_malloc(size * sizeof(nx_ner_slot));
    m->cw = nx_calloc((n_p[0] + n_p[1] + 1) * stride + ACC_LANES, sizeof(int16_t));
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
    m->bytes = size * sizeof(nx_ner_slot) + m->n_rows * stride * sizeof(int16_t) + m->clus.bytes +
               m->clus2.bytes;
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
    nx_ner_clusters_free(&m->clus);
    nx_ner_clusters_free(&m->clus2);
    memset(m, 0, sizeof(*m));
}

nx_err nx_ner_model_write(const char *path, unsigned bits, unsigned passes, unsigned feats,
                          const float *const *w, const float *const *trans, char *errstr,
                          size_t errstr_size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return nx_seterr(errstr, errstr_size, NX_ERR_IO, "cannot write %s", path);
    size_t nrows = (size_t)1 << bits, nw = nrows * NX_NER_NTAGS;
    unsigned char hdr[HDR_LEN];
    memcpy(hdr, NX_NER_MAGIC, 8);
    uint32_t v[4] = {bits, passes, NX_NER_NTAGS, feats};
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

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* The stored weights of feature row r (both passes), NULL when the model
 * never saw it. */
static inline const int16_t *row_weights(const nx_ner_model *m, uint32_t r)
{
    const nx_ner_slot *slots = m->slots;
    size_t j = r & m->mask;
    while (slots[j].row != r && slots[j].row != UINT32_MAX)
        j = (j + 1) & m->mask;
    if (slots[j].row == UINT32_MAX)
        return NULL;
    return m->cw + (size_t)slots[j].idx * m->passes * NX_NER_NTAGS;
}

#if defined(__SSE2__)
/* LOAD8: the 8 int16 at p; load2: the 2 at p, the rest zero; LO32 / HI32:
 * the low / high 4 of them widened to int32. */
#define LOAD8(p)     _mm_loadu_si128((const __m128i *)(const void *)(p))
#define LO32(v)      _mm_srai_epi32(_mm_unpacklo_epi16((v), (v)), 16)
#define HI32(v)      _mm_srai_epi32(_mm_unpackhi_epi16((v), (v)), 16)
#define STORE4(p, v) _mm_storeu_si128((__m128i *)(void *)(p), (v))

static inline __m128i load2(const int16_t *p)
{
    int32_t v;
    memcpy(&v, p, 4);
    return _mm_cvtsi32_si128(v);
}
#endif

/* acc[k] = the sum over the feature rows rows[0 .. n) that the model holds
 * (rows it never saw score zero) of their stored weight first + k, for k <
 * `lanes` (18: both passes from lane 0, 9: pass 2 alone from lane 9).
 * Integer sums: the order of the additions does not change the result.
 * acc must have room for ACC_LANES values; the ones past `lanes` are not
 * meaningful. */
static void sum_rows(const nx_ner_model *m, unsigned first, unsigned lanes, const uint32_t *rows,
                     size_t n, int32_t *acc)
{
#if defined(__SSE2__)
    if (m->passes == 2) {
        /* row_weights() with the table's fields held in registers and one
         * test per probe */
        const nx_ner_slot *slots = m->slots;
        const int16_t *cw = m->cw;
        size_t mask = m->mask;
        __m128i a0 = _mm_setzero_si128(), a1 = a0, a2 = a0, a3 = a0, a4 = a0;
        int both = lanes == 2 * NX_NER_NTAGS && first == 0;
        for (size_t f = 0; f < n; f++) {
            uint32_t r = rows[f], sr;
            size_t j = r & mask;
            while ((sr = slots[j].row) != r) {
                if (sr == UINT32_MAX)
                    goto next;
                j = (j + 1) & mask;
            }
            const int16_t *x = cw + (size_t)slots[j].idx * (2 * NX_NER_NTAGS);
            if (both) {
                __m128i v0 = LOAD8(x), v1 = LOAD8(x + 8), v2 = load2(x + 16);
                a0 = _mm_add_epi32(a0, LO32(v0));
                a1 = _mm_add_epi32(a1, HI32(v0));
                a2 = _mm_add_epi32(a2, LO32(v1));
                a3 = _mm_add_epi32(a3, HI32(v1));
                a4 = _mm_add_epi32(a4, LO32(v2));
            } else {
                __m128i v0 = LOAD8(x + first), v1 = load2(x + first + 8);
                a0 = _mm_add_epi32(a0, LO32(v0));
                a1 = _mm_add_epi32(a1, HI32(v0));
                a2 = _mm_add_epi32(a2, LO32(v1));
            }
        next:;
        }
        STORE4(acc, a0);
        STORE4(acc + 4, a1);
        STORE4(acc + 8, a2);
        STORE4(acc + 12, a3);
        STORE4(acc + 16, a4);
        return;
    }
#endif
    memset(acc, 0, ACC_LANES * sizeof(*acc));
    size_t stride = m->passes * NX_NER_NTAGS;
    if (first + lanes > stride)
        lanes = first < stride ? (unsigned)(stride - first) : 0;
    for (size_t f = 0; f < n; f++) {
        const int16_t *x = row_weights(m, rows[f]);
        if (!x)
            continue;
        for (unsigned t = 0; t < lanes; t++)
            acc[t] += x[first + t];
    }
}

/* acc[k] += o[k] for the 2 * NX_NER_NTAGS lanes of both passes. */
static inline void add_lanes(int32_t *acc, const int32_t *o)
{
#if defined(__SSE2__)
    for (unsigned k = 0; k < 16; k += 4)
        STORE4(acc + k, _mm_add_epi32(LOAD8(acc + k), LOAD8(o + k)));
    for (unsigned k = 16; k < 2 * NX_NER_NTAGS; k++)
        acc[k] += o[k];
#else
    for (unsigned k = 0; k < 2 * NX_NER_NTAGS; k++)
        acc[k] += o[k];
#endif
}

/* out[t] = (float)(a[t] + b[t]) * scale for the NX_NER_NTAGS tags (b NULL:
 * a[t] alone); the same conversion and product as in scalar code. */
static inline void emit_row(float *out, const int32_t *a, const int32_t *b, float scale)
{
    unsigned t = 0;
#if defined(__SSE2__)
    __m128 sc = _mm_set1_ps(scale);
    for (; t + 4 <= NX_NER_NTAGS; t += 4) {
        __m128i v = LOAD8(a + t);
        if (b)
            v = _mm_add_epi32(v, LOAD8(b + t));
        _mm_storeu_ps(out + t, _mm_mul_ps(_mm_cvtepi32_ps(v), sc));
    }
#endif
    for (; t < NX_NER_NTAGS; t++)
        out[t] = (float)(a[t] + (b ? b[t] : 0)) * scale;
}

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
    if (m->clus.n_words && !c->clusters)
        nx_ner_ctx_clusters(c, &m->clus);
    if (m->clus2.n_words && !c->clusters2)
        nx_ner_ctx_clusters2(c, &m->clus2);
    c->feats = m->feats;
    if (nx_ner_ctx_prepare(c))
        return NX_ERR_NOMEM;
    if (maxlen > c->n_toks)
        maxlen = c->n_toks;
    int two = m->passes >= 2;
    float *emit = nx_malloc(maxlen * T * sizeof(*emit));
    uint8_t *back = nx_malloc(maxlen * T);
    uint32_t *rows = nx_malloc(maxlen * NX_NER_MAXF * sizeof(*rows));
    uint32_t *roff = nx_malloc((maxlen + 1) * 2 * sizeof(*roff));
    /* pass 2's sums over the pass-1 rows, T per token */
    int32_t *part = two ? nx_malloc(c->n_toks * T * sizeof(*part)) : NULL;
    /* the sums of the own rows of each text seen more than once */
    int32_t *facc = nx_malloc((c->n_forms + 1) * ACC_LANES * sizeof(*facc));
    uint8_t *fdone = nx_calloc(c->n_forms + 1, 1);
    nx_err e = NX_OK;
    if (!emit || !back || !rows || !roff || (two && !part) || !facc || !fdone) {
        e = NX_ERR_NOMEM;
        goto out;
    }
    int32_t acc[ACC_LANES];
    vit_prep vp;
    vit_prepare(m->trans[0], &vp);
    /* pass 1: every stored row carries both passes' weights, so one look-up
     * gives pass 1's scores and the pass-1 part of pass 2's. A token's rows
     * are its own rows (summed once per text: roff[2k] .. roff[2k + 1], empty
     * when an earlier token with the same text has them) and its context
     * rows (roff[2k + 1] .. roff[2k + 2]). */
    for (size_t s = 0; s < c->n_sents; s++) {
        size_t b = c->sents[s].tok_begin, en = c->sents[s].tok_end;
        if (en > c->n_toks)
            en = c->n_toks;
        if (b >= en)
            continue;
        size_t nr = 0;
        for (size_t i = b; i < en; i++) {
            uint32_t f = c->tok[i].form;
            roff[2 * (i - b)] = (uint32_t)nr;
            if (f == UINT32_MAX || !fdone[f]) {
                nr += nx_ner_features_own(c, i, m->bits, rows + nr);
                if (f != UINT32_MAX)
                    fdone[f] = 1;
            }
            roff[2 * (i - b) + 1] = (uint32_t)nr;
            nr += nx_ner_features_ctx(c, i, m->bits, rows + nr);
        }
        roff[2 * (en - b)] = (uint32_t)nr;
        for (size_t k = 0; k < nr; k++)
            PREFETCH(&m->slots[rows[k] & m->mask]);
        for (size_t i = b; i < en; i++) {
            const uint32_t *ro = &roff[2 * (i - b)];
            uint32_t f = c->tok[i].form;
            int32_t own[ACC_LANES];
            int32_t *o = f == UINT32_MAX ? own : facc + (size_t)f * ACC_LANES;
            if (ro[1] > ro[0] || f == UINT32_MAX)
                sum_rows(m, 0, 2 * T, rows + ro[0], ro[1] - ro[0], o);
            sum_rows(m, 0, 2 * T, rows + ro[1], ro[2] - ro[1], acc);
            add_lanes(acc, o);
            emit_row(emit + (i - b) * T, acc, NULL, m->scale[0]);
            if (two)
                memcpy(part + i * T, acc + T, T * sizeof(*part));
        }
        vit_run(&vp, emit, en - b, back, tags + b);
    }
    if (!two)
        goto out;
    /* pass 2: the pass-1 part plus the document-label rows */
    nx_ner_ctx_doclabels(c, tags);
    vit_prepare(m->trans[1], &vp);
    for (size_t s = 0; s < c->n_sents; s++) {
        size_t b = c->sents[s].tok_begin, en = c->sents[s].tok_end;
        if (en > c->n_toks)
            en = c->n_toks;
        if (b >= en)
            continue;
        size_t nr = 0;
        for (size_t i = b; i < en; i++)
            nr += nx_ner_features_dl(c, i, m->bits, rows + nr);
        for (size_t k = 0; k < nr; k++)
            PREFETCH(&m->slots[rows[k] & m->mask]);
        for (size_t i = b; i < en; i++) {
            sum_rows(m, T, T, rows + (i - b) * NX_NER_DL_MAXF, NX_NER_DL_MAXF, acc);
            emit_row(emit + (i - b) * T, part + i * T, acc, m->scale[1]);
        }
        vit_run(&vp, emit, en - b, back, tags + b);
    }
out:
    nx_free(emit);
    nx_free(back);
    nx_free(rows);
    nx_free(roff);
    nx_free(part);
    nx_free(facc);
    nx_free(fdone);
    return e;
}
