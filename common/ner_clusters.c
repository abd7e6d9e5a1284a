/*
 * ner_clusters.c - the word-cluster table of the entity tagger: Brown
 * cluster bit strings of words, read from a paths file (the trainer) or
 * from the model file's cluster section (see ner.h and docs/entities.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer.h"
#include "ner.h"
#include "nx_alloc.h"

/* Keys of the lower-case entries are told apart from the exact ones. */
#define LOWER_TAG 0x6c6f776572ull

static size_t pow2_at_least(size_t n)
{
    size_t p = 16;
    while (p < n)
        p <<= 1;
    return p;
}

/* A key's home slot comes from its low bits, its fingerprint (never 0,
 * the empty mark) from its high 32: 8 bytes a slot, one cache line a probe. */
static uint32_t fingerprint(uint64_t key)
{
    uint32_t fp = (uint32_t)(key >> 32);
    return fp ? fp : 1;
}

static void put(nx_ner_clusters *cl, uint64_t key, uint32_t code)
{
    uint32_t fp = fingerprint(key);
    size_t j = (size_t)(key ^ (key >> 29)) & cl->mask;
    while (cl->slots[2 * j] && cl->slots[2 * j] != fp)
        j = (j + 1) & cl->mask;
    if (!cl->slots[2 * j]) {
        cl->slots[2 * j] = fp;
        cl->slots[2 * j + 1] = code;
    }
}

uint32_t nx_ner_clusters_get(const nx_ner_clusters *cl, uint64_t word, uint64_t lower)
{
    for (int pass = 0; pass < 2; pass++) {
        uint64_t key = pass ? lower ^ LOWER_TAG : word;
        uint32_t fp = fingerprint(key);
        size_t j = (size_t)(key ^ (key >> 29)) & cl->mask;
        for (; cl->slots[2 * j]; j = (j + 1) & cl->mask)
            if (cl->slots[2 * j] == fp)
                return cl->slots[2 * j + 1];
    }
    return 0;
}

/* Section layout: magic[8], u32 n, u32 len, then n entries of u8 word
 * length, u8 path length, u8 path[3] (the first 24 bits, most significant
 * first), the word's bytes; len is the entries' byte count. */
#define SEC_HDR 16

static uint32_t get_u32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

nx_err nx_ner_clusters_parse(nx_ner_clusters *cl, const unsigned char *p, size_t len, size_t *used)
{
    memset(cl, 0, sizeof(*cl));
    if (len < SEC_HDR || memcmp(p, NX_NER_CLUS_MAGIC, 8) != 0)
        return NX_ERR_MODEL;
    uint32_t n = get_u32(p + 8), blen = get_u32(p + 12);
    if (blen > len - SEC_HDR)
        return NX_ERR_MODEL;
    cl->mask = pow2_at_least((size_t)n * 3 + 1) - 1; /* two keys a word, at most 2/3 full */
    cl->slots = nx_calloc((cl->mask + 1) * 2, sizeof(*cl->slots));
    cl->raw = nx_malloc(SEC_HDR + (size_t)blen);
    if (!cl->slots || !cl->raw) {
        nx_ner_clusters_free(cl);
        return NX_ERR_NOMEM;
    }
    memcpy(cl->raw, p, SEC_HDR + (size_t)blen);
    cl->raw_len = SEC_HDR + (size_t)blen;
    const unsigned char *q = p + SEC_HDR, *end = q + blen;
    for (uint32_t k = 0; k < n; k++) {
        if (end - q < 5 || (size_t)(end - q) < 5u + q[0] || q[1] == 0) {
            nx_ner_clusters_free(cl);
            return NX_ERR_MODEL;
        }
        unsigned wl = q[0], pl = q[1] > 24 ? 24 : q[1];
        uint32_t bits = (uint32_t)q[2] << 16 | (uint32_t)q[3] << 8 | q[4];
        /* code: path length in the top 8 bits, the path left-aligned below */
        uint32_t code = (uint32_t)pl << 24 | bits;
        const char *w = (const char *)q + 5;
        put(cl, nx_ner_word_hash(w, wl), code);
        put(cl, nx_gaz_key_add(NX_GAZ_KEY_INIT, w, wl) ^ LOWER_TAG, code);
        q += 5 + wl;
    }
    if (q != end) {
        nx_ner_clusters_free(cl);
        return NX_ERR_MODEL;
    }
    cl->n_words = n;
    cl->bytes = (cl->mask + 1) * 2 * sizeof(*cl->slots);
    if (used)
        *used = cl->raw_len;
    return NX_OK;
}

nx_err nx_ner_clusters_read(const char *path, nx_ner_clusters *cl, char *errstr, size_t errstr_size)
{
    memset(cl, 0, sizeof(*cl));
    FILE *f = fopen(path, "r");
    if (!f)
        return nx_seterr(errstr, errstr_size, NX_ERR_IO, "cannot open %s", path);
    size_t cap = 1 << 16, len = SEC_HDR;
    unsigned char *buf = nx_malloc(cap);
    char *line = NULL;
    size_t lcap = 0;
    ssize_t n;
    uint32_t count = 0;
    nx_err e = buf ? NX_OK : NX_ERR_NOMEM;
    while (!e && (n = getline(&line, &lcap, f)) > 0) {
        char *tab = strchr(line, '\t');
        char *tab2 = tab ? strchr(tab + 1, '\t') : NULL;
        if (!tab)
            continue;
        size_t pl = (size_t)(tab - line),
               wl = tab2 ? (size_t)(tab2 - tab - 1) : strcspn(tab + 1, "\n");
        if (!pl || pl > 255 || !wl || wl > 255 || strspn(line, "01") != pl) {
            e = nx_seterr(errstr, errstr_size, NX_ERR_MODEL, "%s: bad line %u", path, count + 1);
            break;
        }
        if (len + 5 + wl > cap) {
            cap *= 2;
            unsigned char *nb = nx_realloc(buf, cap);
            if (!nb) {
                e = NX_ERR_NOMEM;
                break;
            }
            buf = nb;
        }
        uint32_t bits = 0;
        for (size_t k = 0; k < 24; k++)
            bits = bits << 1 | (k < pl && line[k] == '1');
        unsigned char *q = buf + len;
        q[0] = (unsigned char)wl;
        q[1] = (unsigned char)pl;
        q[2] = (unsigned char)(bits >> 16);
        q[3] = (unsigned char)(bits >> 8);
        q[4] = (unsigned char)bits;
        memcpy(q + 5, tab + 1, wl);
        len += 5 + wl;
        count++;
    }
    free(line);
    fclose(f);
    if (!e) {
        uint32_t blen = (uint32_t)(len - SEC_HDR);
        memcpy(buf, NX_NER_CLUS_MAGIC, 8);
        memcpy(buf + 8, &count, 4);
        memcpy(buf + 12, &blen, 4);
        e = nx_ner_clusters_parse(cl, buf, len, NULL);
        if (e == NX_ERR_MODEL)
            nx_seterr(errstr, errstr_size, e, "%s is not a cluster paths file", path);
    }
    if (e == NX_ERR_NOMEM)
        nx_seterr(errstr, errstr_size, e, "out of memory reading %s", path);
    nx_free(buf);
    return e;
}

nx_err nx_ner_clusters_append(const char *path, const nx_ner_clusters *cl, char *errstr,
                              size_t errstr_size)
{
    FILE *f = fopen(path, "ab");
    if (!f)
        return nx_seterr(errstr, errstr_size, NX_ERR_IO, "cannot write %s", path);
    int ok = fwrite(cl->raw, 1, cl->raw_len, f) == cl->raw_len;
    if (fclose(f) != 0)
        ok = 0;
    return ok ? NX_OK : nx_seterr(errstr, errstr_size, NX_ERR_IO, "cannot write %s", path);
}

void nx_ner_clusters_free(nx_ner_clusters *cl)
{
    nx_free(cl->slots);
    nx_free(cl->raw);
    memset(cl, 0, sizeof(*cl));
}

/* Set tok[].clus (second 0) or tok[].clus2 (second 1) from cl. */
static void set_codes(nx_ner_ctx *c, const nx_ner_clusters *cl, int second)
{
    /* one look-up per text seen more than once (codes never reach ~0u) */
    uint32_t *memo = c->n_forms ? nx_malloc(c->n_forms * sizeof(*memo)) : NULL;
    if (memo)
        memset(memo, 0xFF, c->n_forms * sizeof(*memo));
    for (size_t i = 0; i < c->n_toks; i++) {
        nx_ner_tok *t = &c->tok[i];
        uint32_t *dst = second ? &t->clus2 : &t->clus;
        if (memo && t->form != UINT32_MAX && memo[t->form] != UINT32_MAX) {
            *dst = memo[t->form];
            continue;
        }
        *dst = nx_ner_clusters_get(cl, t->word, t->lower);
        if (memo && t->form != UINT32_MAX)
            memo[t->form] = *dst;
    }
    nx_free(memo);
}

void nx_ner_ctx_clusters(nx_ner_ctx *c, const nx_ner_clusters *cl)
{
    c->clusters = cl && cl->n_words;
    if (c->clusters)
        set_codes(c, cl, 0);
}

void nx_ner_ctx_clusters2(nx_ner_ctx *c, const nx_ner_clusters *cl)
{
    c->clusters2 = cl && cl->n_words;
    if (c->clusters2)
        set_codes(c, cl, 1);
}
