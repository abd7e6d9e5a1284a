/*
 * brown_clusters.c - Brown word clusters from unlabelled text (Liang's
 * algorithm with a window of C clusters), for the entity tagger's cluster
 * features (docs/entities.md).
 *
 * Usage: zcat FILE.jsonl.gz ... | brown-clusters [--c N] [--min-count N] [--out FILE]
 *
 * Reads JSON lines with a "text" field from standard input, segments each
 * text with nx_segment() exactly as the core does (so the words are the
 * tagger's tokens, case kept) and counts the words and the bigrams of
 * adjacent tokens inside a document (a word seen fewer than --min-count
 * times breaks the chain). Then, with the words in order of falling count
 * (ties in byte order), Liang's algorithm (Liang 2005, "Semi-supervised
 * learning for natural language", section 2.2.2): the first C words are
 * clusters; each further word becomes cluster C+1 and the two clusters
 * whose merge loses the least average mutual information of adjacent
 * clusters are merged; when no word is left the last C clusters are merged
 * the same way into one tree. A word's bit string is its path from the
 * root to its cluster among the last C (0 = the cluster that held the lower
 * slot of a merge), so the words of one cluster share it. The merge
 * costs are kept up to date incrementally: O(C^2) per word.
 *
 * Writes "bits<TAB>word<TAB>count" lines, words in order of falling count,
 * as wcluster does. Deterministic: no random numbers, the same input gives
 * the same file.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "word_stream.h"

static void die(const char *msg)
{
    ws_die("brown-clusters", msg);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Neighbour lists in CSR form: the words w' and counts of the bigrams (w, w')
 * (right) or (w', w) (left). */
typedef struct adj {
    uint32_t *off; /* V + 1 */
    uint32_t *nb;
    double *cnt;
} adj;

static void build_adj(uint64_t *pairs, size_t n, uint32_t V, adj *a)
{
    qsort(pairs, n, sizeof(*pairs), cmp_u64);
    a->off = calloc((size_t)V + 1, sizeof(*a->off));
    a->nb = malloc((n + 1) * sizeof(*a->nb));
    a->cnt = malloc((n + 1) * sizeof(*a->cnt));
    if (!a->off || !a->nb || !a->cnt)
        die("out of memory");
    size_t m = 0;
    for (size_t i = 0; i < n;) {
        size_t k = i;
        while (k < n && pairs[k] == pairs[i])
            k++;
        uint32_t w = (uint32_t)(pairs[i] >> 32);
        a->nb[m] = (uint32_t)pairs[i];
        a->cnt[m] = (double)(k - i);
        a->off[w + 1]++;
        m++;
        i = k;
    }
    for (uint32_t w = 0; w < V; w++)
        a->off[w + 1] += a->off[w];
}

typedef struct brown {
    uint32_t C, S;   /* window, slots (C + 1) */
    double N;        /* number of bigrams */
    double *p1;      /* S: count of each slot's cluster */
    double *p2;      /* S x S: bigram counts slot -> slot */
    double *q2;      /* S x S: the MI term of each ordered slot pair */
    double *L;       /* S x S (upper half used): loss of merging two slots */
    uint32_t *act;   /* the active slots */
    uint32_t n_act;  /* number of active slots */
    uint32_t *scl;   /* cluster id in each slot */
    uint32_t *uf;    /* union-find over cluster ids: parent, self at a root */
    uint32_t *cslot; /* slot of each root cluster */
    uint32_t *tpar;  /* tree: parent of each cluster id, UINT32_MAX at the root */
    uint8_t *tbit;   /* its bit under the parent */
    uint32_t n_cl;   /* cluster ids used (words first) */
} brown;

#define P2(b, s, t) ((b)->p2[(size_t)(s) * (b)->S + (t)])
#define Q2(b, s, t) ((b)->q2[(size_t)(s) * (b)->S + (t)])
#define LL(b, s, t) ((b)->L[(size_t)(s) * (b)->S + (t)])

/* The MI term of a bigram count c between clusters of counts a and b. */
static inline double hp(const brown *b, double c, double pa, double pb)
{
    return c > 0 ? c / b->N * log(c * b->N / (pa * pb)) : 0.0;
}

static uint32_t uf_find(brown *b, uint32_t x)
{
    uint32_t r = x;
    while (b->uf[r] != r)
        r = b->uf[r];
    while (b->uf[x] != r) {
        uint32_t n = b->uf[x];
        b->uf[x] = r;
        x = n;
    }
    return r;
}

/* The part of the loss of merging i and j that comes from their bigrams with
 * w (w not i, j). */
static inline double term(const brown *b, uint32_t i, uint32_t j, uint32_t w)
{
    double pij = b->p1[i] + b->p1[j];
    return Q2(b, i, w) + Q2(b, w, i) + Q2(b, j, w) + Q2(b, w, j) -
           hp(b, P2(b, i, w) + P2(b, j, w), pij, b->p1[w]) -
           hp(b, P2(b, w, i) + P2(b, w, j), b->p1[w], pij);
}

/* The loss of merging active slots i and j, from scratch: O(active). */
static double loss_full(const brown *b, uint32_t i, uint32_t j)
{
    double l = 0;
    for (uint32_t k = 0; k < b->n_act; k++) {
        uint32_t w = b->act[k];
        if (w != i && w != j)
            l += term(b, i, j, w);
    }
    double pij = b->p1[i] + b->p1[j];
    double self = P2(b, i, i) + P2(b, i, j) + P2(b, j, i) + P2(b, j, j);
    l += Q2(b, i, i) + Q2(b, i, j) + Q2(b, j, i) + Q2(b, j, j) - hp(b, self, pij, pij);
    return l;
}

static void set_q(brown *b, uint32_t s, uint32_t t)
{
    Q2(b, s, t) = hp(b, P2(b, s, t), b->p1[s], b->p1[t]);
}

/* Word w (cluster id w, all words before it already added) into free slot s. */
static void add_word(brown *b, uint32_t w, uint32_t s, const adj *R, const adj *Lf, double cw)
{
    for (uint32_t k = 0; k < b->n_act; k++) {
        uint32_t t = b->act[k];
        P2(b, s, t) = P2(b, t, s) = 0;
    }
    P2(b, s, s) = 0;
    b->p1[s] = cw;
    b->scl[s] = w;
    b->cslot[w] = s;
    for (uint32_t e = R->off[w]; e < R->off[w + 1]; e++) {
        uint32_t v = R->nb[e];
        if (v == w)
            P2(b, s, s) += R->cnt[e];
        else if (v < w)
            P2(b, s, b->cslot[uf_find(b, v)]) += R->cnt[e];
    }
    for (uint32_t e = Lf->off[w]; e < Lf->off[w + 1]; e++) {
        uint32_t v = Lf->nb[e];
        if (v < w)
            P2(b, b->cslot[uf_find(b, v)], s) += Lf->cnt[e];
    }
    for (uint32_t k = 0; k < b->n_act; k++) {
        uint32_t t = b->act[k];
        set_q(b, s, t);
        set_q(b, t, s);
    }
    set_q(b, s, s);
    /* the new cluster is one more w in every other pair's loss */
    for (uint32_t x = 0; x < b->n_act; x++)
        for (uint32_t y = x + 1; y < b->n_act; y++) {
            uint32_t i = b->act[x], j = b->act[y];
            if (i > j) {
                uint32_t z = i;
                i = j;
                j = z;
            }
            LL(b, i, j) += term(b, i, j, s);
        }
    b->act[b->n_act++] = s;
    for (uint32_t k = 0; k + 1 < b->n_act; k++) {
        uint32_t t = b->act[k];
        uint32_t i = t < s ? t : s, j = t < s ? s : t;
        LL(b, i, j) = loss_full(b, i, j);
    }
}

/* Merge the two active slots of least loss; the higher slot is freed and
 * returned. */
static uint32_t merge_best(brown *b)
{
    uint32_t bi = 0, bj = 0;
    double best = INFINITY;
    for (uint32_t x = 0; x < b->n_act; x++)
        for (uint32_t y = x + 1; y < b->n_act; y++) {
            uint32_t i = b->act[x], j = b->act[y];
            if (i > j) {
                uint32_t z = i;
                i = j;
                j = z;
            }
            double l = LL(b, i, j);
            if (l < best || (l == best && (i < bi || (i == bi && j < bj)))) {
                best = l;
                bi = i;
                bj = j;
            }
        }
    uint32_t s = bi, t = bj;
    /* remove the terms of s and t from the other pairs' losses */
    for (uint32_t x = 0; x < b->n_act; x++)
        for (uint32_t y = x + 1; y < b->n_act; y++) {
            uint32_t i = b->act[x], j = b->act[y];
            if (i == s || i == t || j == s || j == t)
                continue;
            if (i > j) {
                uint32_t z = i;
                i = j;
                j = z;
            }
            LL(b, i, j) -= term(b, i, j, s) + term(b, i, j, t);
        }
    /* the tree and the cluster ids */
    uint32_t cs = b->scl[s], ct = b->scl[t], nc = b->n_cl++;
    b->tpar[cs] = nc;
    b->tbit[cs] = 0;
    b->tpar[ct] = nc;
    b->tbit[ct] = 1;
    b->uf[cs] = nc;
    b->uf[ct] = nc;
    b->uf[nc] = nc;
    b->scl[s] = nc;
    b->cslot[nc] = s;
    /* slot s becomes s + t */
    for (uint32_t k = 0; k < b->n_act; k++) {
        uint32_t w = b->act[k];
        if (w == s || w == t)
            continue;
        P2(b, s, w) += P2(b, t, w);
        P2(b, w, s) += P2(b, w, t);
    }
    P2(b, s, s) += P2(b, s, t) + P2(b, t, s) + P2(b, t, t);
    b->p1[s] += b->p1[t];
    uint32_t m = 0;
    for (uint32_t k = 0; k < b->n_act; k++)
        if (b->act[k] != t)
            b->act[m++] = b->act[k];
    b->n_act = m;
    for (uint32_t k = 0; k < b->n_act; k++) {
        uint32_t w = b->act[k];
        set_q(b, s, w);
        set_q(b, w, s);
    }
    /* add the terms of the merged cluster, and its own losses afresh */
    for (uint32_t x = 0; x < b->n_act; x++)
        for (uint32_t y = x + 1; y < b->n_act; y++) {
            uint32_t i = b->act[x], j = b->act[y];
            if (i == s || j == s)
                continue;
            if (i > j) {
                uint32_t z = i;
                i = j;
                j = z;
            }
            LL(b, i, j) += term(b, i, j, s);
        }
    for (uint32_t k = 0; k < b->n_act; k++) {
        uint32_t w = b->act[k];
        if (w == s)
            continue;
        uint32_t i = w < s ? w : s, j = w < s ? s : w;
        LL(b, i, j) = loss_full(b, i, j);
    }
    return t;
}

int main(int argc, char **argv)
{
    uint32_t C = 256;
    uint64_t min_count = 5;
    const char *out_path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            die("usage: brown-clusters [--c N] [--min-count N] [--out FILE] < JSONL");
        if (!strcmp(a, "--c"))
            C = (uint32_t)atoi(v);
        else if (!strcmp(a, "--min-count"))
            min_count = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--out"))
            out_path = v;
        else
            die("unknown option");
        i++;
    }
    if (C < 2 || C > 4096 || !min_count)
        die("bad option value");
    time_t t0 = time(NULL);
    wtab t;
    memset(&t, 0, sizeof(t));
    stream st;
    memset(&st, 0, sizeof(st));
    size_t n_docs = 0;
    ws_read(stdin, &t, &st, &n_docs);
    /* the vocabulary: words seen min_count times, by falling count */
    uint32_t *order, *rank;
    uint32_t V = ws_vocab(&t, min_count, &order, &rank);
    uint64_t *rp = malloc((st.n + 1) * sizeof(*rp)), *lp = malloc((st.n + 1) * sizeof(*lp));
    if (!rp || !lp)
        die("out of memory");
    size_t np = 0;
    for (size_t i = 0; i + 1 < st.n; i++) {
        uint32_t a = st.id[i], c = st.id[i + 1];
        if (a == WS_DOC_END || c == WS_DOC_END || rank[a] == UINT32_MAX || rank[c] == UINT32_MAX)
            continue;
        rp[np] = (uint64_t)rank[a] << 32 | rank[c];
        lp[np] = (uint64_t)rank[c] << 32 | rank[a];
        np++;
    }
    fprintf(stderr, "%zu documents, %zu tokens, %u types, %u with count >= %llu, %zu bigrams\n",
            n_docs, st.n - n_docs, t.n, V, (unsigned long long)min_count, np);
    adj R, Lf;
    build_adj(rp, np, V, &R);
    build_adj(lp, np, V, &Lf);
    free(rp);
    free(lp);
    if (C > V)
        C = V;
    brown b;
    memset(&b, 0, sizeof(b));
    b.C = C;
    b.S = C + 1;
    b.N = (double)np;
    size_t S2 = (size_t)b.S * b.S;
    b.p1 = calloc(b.S, sizeof(double));
    b.p2 = calloc(S2, sizeof(double));
    b.q2 = calloc(S2, sizeof(double));
    b.L = calloc(S2, sizeof(double));
    b.act = calloc(b.S, sizeof(uint32_t));
    b.scl = calloc(b.S, sizeof(uint32_t));
    size_t ncl = 2 * (size_t)V + 1;
    b.uf = malloc(ncl * sizeof(uint32_t));
    b.cslot = calloc(ncl, sizeof(uint32_t));
    b.tpar = malloc(ncl * sizeof(uint32_t));
    b.tbit = calloc(ncl, 1);
    if (!b.p1 || !b.p2 || !b.q2 || !b.L || !b.act || !b.scl || !b.uf || !b.cslot || !b.tpar ||
        !b.tbit)
        die("out of memory");
    for (size_t k = 0; k < ncl; k++) {
        b.uf[k] = (uint32_t)k;
        b.tpar[k] = UINT32_MAX;
    }
    b.n_cl = V;
    uint32_t free_slot = 0;
    for (uint32_t w = 0; w < V; w++) {
        uint32_t s = b.n_act < b.S && w < b.S ? w : free_slot;
        add_word(&b, w, s, &R, &Lf, (double)t.count[order[w]]);
        if (b.n_act == b.S)
            free_slot = merge_best(&b);
        if ((w + 1) % 2000 == 0)
            fprintf(stderr, "%u words, %ld s\n", w + 1, (long)(time(NULL) - t0));
    }
    /* each word's cluster among the last C; its path is that cluster's */
    uint32_t *wcl = malloc((size_t)V * sizeof(*wcl));
    if (!wcl)
        die("out of memory");
    for (uint32_t w = 0; w < V; w++)
        wcl[w] = uf_find(&b, w);
    while (b.n_act > 1)
        merge_best(&b);
    /* paths: from each word up to the root, then reversed */
    FILE *out = out_path ? fopen(out_path, "w") : stdout;
    if (!out)
        die("cannot write the output");
    char path[4096];
    for (uint32_t w = 0; w < V; w++) {
        size_t n = 0;
        for (uint32_t c = wcl[w]; b.tpar[c] != UINT32_MAX && n < sizeof(path) - 1; c = b.tpar[c])
            path[n++] = (char)('0' + b.tbit[c]);
        for (size_t k = 0; k < n / 2; k++) {
            char z = path[k];
            path[k] = path[n - 1 - k];
            path[n - 1 - k] = z;
        }
        path[n] = 0;
        uint32_t k = order[w];
        fprintf(out, "%s\t%s\t%llu\n", n ? path : "0", t.word[k], (unsigned long long)t.count[k]);
    }
    if (out != stdout && fclose(out) != 0)
        die("cannot write the output");
    fprintf(stderr, "%u words in %u clusters, %ld s\n", V, C, (long)(time(NULL) - t0));
    return 0;
}
