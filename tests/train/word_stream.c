/*
 * word_stream.c - the unlabelled text as word ids (see word_stream.h).
 */
#include "word_stream.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "nx_alloc.h"
#include "nx_doc.h"
#include "segment.h"

void ws_die(const char *tool, const char *msg)
{
    fprintf(stderr, "%s: %s\n", tool, msg);
    exit(1);
}

static void die(const char *msg)
{
    ws_die("word-stream", msg);
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ull;
    }
    return h ^ (h >> 29);
}

static uint32_t wtab_add(wtab *t, const char *s, uint32_t n)
{
    if ((uint64_t)(t->n + 1) * 2 > t->size) {
        uint32_t size = t->size ? t->size * 2 : 1u << 16;
        uint32_t *slot = calloc(size, sizeof(*slot));
        if (!slot)
            die("out of memory");
        for (uint32_t k = 0; k < t->n; k++) {
            uint32_t j = (uint32_t)hash_bytes(t->word[k], t->len[k]) & (size - 1);
            while (slot[j])
                j = (j + 1) & (size - 1);
            slot[j] = k + 1;
        }
        free(t->slot);
        t->slot = slot;
        t->size = size;
    }
    uint32_t j = (uint32_t)hash_bytes(s, n) & (t->size - 1);
    for (; t->slot[j]; j = (j + 1) & (t->size - 1)) {
        uint32_t k = t->slot[j] - 1;
        if (t->len[k] == n && !memcmp(t->word[k], s, n))
            return k;
    }
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1u << 15;
        t->word = xrealloc(t->word, t->cap * sizeof(*t->word));
        t->len = xrealloc(t->len, t->cap * sizeof(*t->len));
        t->count = xrealloc(t->count, t->cap * sizeof(*t->count));
    }
    uint32_t k = t->n++;
    t->word[k] = malloc(n + 1);
    if (!t->word[k])
        die("out of memory");
    memcpy(t->word[k], s, n);
    t->word[k][n] = 0;
    t->len[k] = n;
    t->count[k] = 0;
    t->slot[j] = k + 1;
    return k;
}

static void push(stream *s, uint32_t v)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 1u << 20;
        s->id = xrealloc(s->id, s->cap * sizeof(*s->id));
    }
    s->id[s->n++] = v;
}

void ws_read(FILE *f, wtab *t, stream *s, size_t *n_docs)
{
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    nx_core_opts opts;
    memset(&opts, 0, sizeof(opts));
    while ((len = getline(&line, &lcap, f)) > 0) {
        json_error_t jerr;
        json_t *j = json_loadb(line, (size_t)len, 0, &jerr);
        if (!j)
            die("bad JSON line");
        const char *text = json_string_value(json_object_get(j, "text"));
        size_t tlen = json_string_length(json_object_get(j, "text"));
        if (text && tlen) {
            nx_doc doc;
            nx_doc_init(&doc, NULL, &opts);
            doc.text = nx_strndup(text, tlen);
            doc.text_len = tlen;
            char errstr[256];
            if (!doc.text || nx_segment(&doc, errstr, sizeof(errstr)))
                die("segmentation failed");
            for (size_t i = 0; i < doc.n_toks; i++) {
                const nx_token *tk = &doc.toks[i];
                uint32_t k = wtab_add(t, doc.text + tk->start, (uint32_t)(tk->end - tk->start));
                t->count[k]++;
                push(s, k);
            }
            push(s, WS_DOC_END);
            nx_doc_free(&doc);
            (*n_docs)++;
        }
        json_decref(j);
    }
    free(line);
}

static const wtab *g_sort_tab;

static int by_count(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    const wtab *t = g_sort_tab;
    if (t->count[x] != t->count[y])
        return t->count[x] > t->count[y] ? -1 : 1;
    uint32_t n = t->len[x] < t->len[y] ? t->len[x] : t->len[y];
    int c = memcmp(t->word[x], t->word[y], n);
    if (c)
        return c;
    return t->len[x] < t->len[y] ? -1 : t->len[x] > t->len[y];
}

uint32_t ws_vocab(const wtab *t, uint64_t min_count, uint32_t **order_out, uint32_t **rank_out)
{
    uint32_t *order = malloc(((size_t)t->n + 1) * sizeof(*order));
    uint32_t *rank = malloc(((size_t)t->n + 1) * sizeof(*rank));
    if (!order || !rank)
        die("out of memory");
    for (uint32_t k = 0; k < t->n; k++)
        order[k] = k;
    g_sort_tab = t;
    qsort(order, t->n, sizeof(*order), by_count);
    uint32_t V = 0;
    while (V < t->n && t->count[order[V]] >= min_count)
        V++;
    for (uint32_t k = 0; k < t->n; k++)
        rank[order[k]] = k < V ? k : UINT32_MAX;
    *order_out = order;
    *rank_out = rank;
    return V;
}
