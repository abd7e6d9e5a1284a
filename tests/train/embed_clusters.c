/*
 * embed_clusters.c - word clusters from small context embeddings, the
 * alternative to brown-clusters for the entity tagger's cluster features
 * (docs/entities.md, docs/quality.md).
 *
 * Usage: zcat FILE.jsonl.gz ... | embed-clusters [--dim N] [--depth N] [--min-count N]
 *                                                [--seed N] [--contexts N] [--out FILE]
 *                                                [--sgns EPOCHS] [--window N] [--negative N]
 *
 * Reads the text as brown-clusters does (word_stream.c). Each word of the
 * vocabulary gets a context vector by random indexing (Kanerva et al.
 * 2000; Sahlgren 2005): every word has a fixed random index vector of
 * --dim dimensions with 8 entries of +1 or -1 (from --seed); a word's
 * context vector sums the index vectors of the words one and two places
 * to its left and right (the right ones rotated by one place, so that order
 * counts; the outer ones at half weight), each damped by sqrt(1e-4 / its
 * frequency) as word2vec does for frequent words. With --contexts N the
 * vectors are instead the positive pointwise mutual information of the
 * word with each of the N most frequent words one or two places to its
 * left and right (2N dimensions, the outer places at half weight). With
 * --sgns EPOCHS they are dense embeddings trained with an objective instead:
 * word2vec's skip-gram with negative sampling (Mikolov et al. 2013) over
 * EPOCHS passes, --dim dimensions, a window of up to --window words each side
 * (the width drawn per word), --negative samples from the counts to the
 * power 0.75, frequent words subsampled at 1e-4, the step falling linearly
 * from 0.025; the input vectors are kept. The vectors are centred
 * and scaled to unit length, then quantized by bisecting 2-means on the
 * cosine: --depth levels of splits, so a word's bit string is its path in
 * that tree and a prefix of it a coarser cluster, as with Brown clusters.
 *
 * Writes "bits<TAB>word<TAB>count" lines (the paths format of
 * brown-clusters) in order of falling count. Deterministic for a seed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "word_stream.h"

static void die(const char *msg)
{
    ws_die("embed-clusters", msg);
}

static uint64_t rng_next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *s = x;
    return x;
}

#define NNZ 8

/* Split the words idx[0 .. n) (rows of v, dim d) into two by 2-means on the
 * cosine; the words of side 0 come first. Returns the size of side 0. */
static size_t split2(const float *v, unsigned d, uint32_t *idx, size_t n, uint8_t *side, double *c0,
                     double *c1)
{
    if (n < 2)
        return n;
    /* seeds: the most frequent word (lowest index) and the one least like it */
    uint32_t a = idx[0];
    size_t far = 0;
    double lo = 2;
    for (size_t k = 0; k < n; k++) {
        double s = 0;
        for (unsigned j = 0; j < d; j++)
            s += (double)v[(size_t)idx[k] * d + j] * v[(size_t)a * d + j];
        if (s < lo) {
            lo = s;
            far = k;
        }
    }
    for (unsigned j = 0; j < d; j++) {
        c0[j] = v[(size_t)a * d + j];
        c1[j] = v[(size_t)idx[far] * d + j];
    }
    for (int it = 0; it < 12; it++) {
        size_t n0 = 0;
        for (size_t k = 0; k < n; k++) {
            const float *x = &v[(size_t)idx[k] * d];
            double s0 = 0, s1 = 0;
            for (unsigned j = 0; j < d; j++) {
                s0 += c0[j] * x[j];
                s1 += c1[j] * x[j];
            }
            side[k] = s1 > s0;
            n0 += !side[k];
        }
        if (!n0 || n0 == n)
            break;
        memset(c0, 0, d * sizeof(*c0));
        memset(c1, 0, d * sizeof(*c1));
        for (size_t k = 0; k < n; k++) {
            double *c = side[k] ? c1 : c0;
            for (unsigned j = 0; j < d; j++)
                c[j] += v[(size_t)idx[k] * d + j];
        }
        double l0 = 0, l1 = 0;
        for (unsigned j = 0; j < d; j++) {
            l0 += c0[j] * c0[j];
            l1 += c1[j] * c1[j];
        }
        l0 = l0 > 0 ? 1 / sqrt(l0) : 0;
        l1 = l1 > 0 ? 1 / sqrt(l1) : 0;
        for (unsigned j = 0; j < d; j++) {
            c0[j] *= l0;
            c1[j] *= l1;
        }
    }
    /* stable partition: side 0 first, each side in rank order */
    uint32_t *tmp = malloc(n * sizeof(*tmp));
    if (!tmp)
        die("out of memory");
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (!side[k])
            tmp[m++] = idx[k];
    size_t n0 = m;
    for (size_t k = 0; k < n; k++)
        if (side[k])
            tmp[m++] = idx[k];
    memcpy(idx, tmp, n * sizeof(*idx));
    free(tmp);
    return n0;
}

/* Bisect idx[0 .. n) down to depth levels, appending each word's bit. */
static void bisect(const float *v, unsigned d, uint32_t *idx, size_t n, unsigned level,
                   unsigned depth, char (*path)[32], uint8_t *side, double *c0, double *c1)
{
    if (level == depth || n < 2)
        return;
    size_t n0 = split2(v, d, idx, n, side, c0, c1);
    if (!n0 || n0 == n)
        return;
    for (size_t k = 0; k < n; k++)
        path[idx[k]][level] = k < n0 ? '0' : '1';
    bisect(v, d, idx, n0, level + 1, depth, path, side, c0, c1);
    bisect(v, d, idx + n0, n - n0, level + 1, depth, path, side, c0, c1);
}

/* A uniform float in [0, 1). */
static float rng_unit(uint64_t *s)
{
    return (float)(rng_next(s) >> 40) / (float)(1u << 24);
}

/* Skip-gram with negative sampling: fill vec (V x dim) with the trained
 * input vectors of the vocabulary's words (see the top of the file). */
static void sgns_train(const stream *st, const wtab *t, const uint32_t *order, const uint32_t *rank,
                       uint32_t V, unsigned dim, unsigned epochs, unsigned window,
                       unsigned negative, uint64_t seed, float *vec)
{
    enum { TABLE = 1 << 22 };
    uint32_t *table = malloc(TABLE * sizeof(*table));
    float *out = calloc((size_t)V * dim, sizeof(*out)), *grad = malloc(dim * sizeof(*grad));
    float *keep = malloc((size_t)V * sizeof(*keep));
    uint32_t *sent = malloc((st->n + 1) * sizeof(*sent));
    if (!table || !out || !grad || !keep || !sent)
        die("out of memory");
    double z = 0, total = 0;
    for (uint32_t w = 0; w < V; w++) {
        z += pow((double)t->count[order[w]], 0.75);
        total += (double)t->count[order[w]];
    }
    uint32_t w = 0;
    double acc = V ? pow((double)t->count[order[0]], 0.75) / z : 1;
    for (uint32_t k = 0; k < TABLE; k++) {
        table[k] = w;
        if ((double)(k + 1) / TABLE > acc && w + 1 < V) {
            w++;
            acc += pow((double)t->count[order[w]], 0.75) / z;
        }
    }
    for (uint32_t v = 0; v < V; v++) {
        double f = (double)t->count[order[v]] / (1e-4 * total);
        double p = (sqrt(f) + 1) / f;
        keep[v] = (float)(p < 1 ? p : 1);
    }
    uint64_t rs = seed;
    for (size_t k = 0; k < (size_t)V * dim; k++)
        vec[k] = (rng_unit(&rs) - 0.5f) / (float)dim;
    double done = 0, all = total * epochs;
    const float lr0 = 0.025f;
    for (unsigned ep = 0; ep < epochs; ep++) {
        size_t i = 0;
        while (i < st->n) {
            /* one document: its kept words in order */
            size_t n = 0;
            for (; i < st->n && st->id[i] != WS_DOC_END; i++) {
                uint32_t r = rank[st->id[i]];
                if (r == UINT32_MAX)
                    continue;
                done++;
                if (keep[r] < 1 && rng_unit(&rs) >= keep[r])
                    continue;
                sent[n++] = r;
            }
            i++;
            float lr = lr0 * (float)(1 - done / (all + 1));
            if (lr < lr0 * 1e-4f)
                lr = lr0 * 1e-4f;
            for (size_t a = 0; a < n; a++) {
                unsigned b = 1 + (unsigned)(rng_next(&rs) % window);
                float *x = &vec[(size_t)sent[a] * dim];
                for (size_t c = a > b ? a - b : 0; c <= a + b && c < n; c++) {
                    if (c == a)
                        continue;
                    memset(grad, 0, dim * sizeof(*grad));
                    for (unsigned d = 0; d <= negative; d++) {
                        uint32_t target = sent[c];
                        float label = 1;
                        if (d) {
                            target = table[(rng_next(&rs) >> 16) % TABLE];
                            if (target == sent[c])
                                continue;
                            label = 0;
                        }
                        float *y = &out[(size_t)target * dim];
                        float dot = 0;
                        for (unsigned j = 0; j < dim; j++)
                            dot += x[j] * y[j];
                        float sg = dot > 6 ? 1 : dot < -6 ? 0 : 1 / (1 + expf(-dot));
                        float g = (label - sg) * lr;
                        for (unsigned j = 0; j < dim; j++) {
                            grad[j] += g * y[j];
                            y[j] += g * x[j];
                        }
                    }
                    for (unsigned j = 0; j < dim; j++)
                        x[j] += grad[j];
                }
            }
        }
        fprintf(stderr, "sgns: epoch %u done\n", ep + 1);
    }
    free(table);
    free(out);
    free(grad);
    free(keep);
    free(sent);
}

int main(int argc, char **argv)
{
    unsigned dim = 128, depth = 8;
    uint64_t min_count = 3, seed = 20030601;
    unsigned contexts = 0, sgns = 0, window = 2, negative = 5;
    const char *out_path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            die("usage: embed-clusters [--dim N] [--depth N] [--min-count N] [--seed N] "
                "[--contexts N] [--sgns EPOCHS] [--window N] [--negative N] [--out FILE] < JSONL");
        if (!strcmp(a, "--dim"))
            dim = (unsigned)atoi(v);
        else if (!strcmp(a, "--depth"))
            depth = (unsigned)atoi(v);
        else if (!strcmp(a, "--min-count"))
            min_count = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--seed"))
            seed = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--contexts"))
            contexts = (unsigned)atoi(v);
        else if (!strcmp(a, "--sgns"))
            sgns = (unsigned)atoi(v);
        else if (!strcmp(a, "--window"))
            window = (unsigned)atoi(v);
        else if (!strcmp(a, "--negative"))
            negative = (unsigned)atoi(v);
        else if (!strcmp(a, "--out"))
            out_path = v;
        else
            die("unknown option");
        i++;
    }
    if (dim < 16 || dim > 4096 || !depth || depth > 24 || !min_count || !seed || contexts > 2048 ||
        sgns > 50 || !window || window > 10 || negative > 50 || (sgns && contexts))
        die("bad option value");
    if (contexts)
        dim = 2 * contexts;
    time_t t0 = time(NULL);
    wtab t;
    memset(&t, 0, sizeof(t));
    stream st;
    memset(&st, 0, sizeof(st));
    size_t n_docs = 0;
    ws_read(stdin, &t, &st, &n_docs);
    uint32_t *order, *rank;
    uint32_t V = ws_vocab(&t, min_count, &order, &rank);
    fprintf(stderr, "%zu documents, %zu tokens, %u types, %u with count >= %llu\n", n_docs,
            st.n - n_docs, t.n, V, (unsigned long long)min_count);
    /* index vectors: NNZ positions and signs per word */
    uint16_t *ipos = malloc((size_t)V * NNZ * sizeof(*ipos));
    int8_t *isgn = malloc((size_t)V * NNZ);
    float *damp = malloc((size_t)V * sizeof(*damp));
    float *vec = calloc((size_t)V * dim, sizeof(*vec));
    if (!ipos || !isgn || !damp || !vec)
        die("out of memory");
    uint64_t rs = seed;
    double total = (double)(st.n - n_docs);
    for (uint32_t w = 0; w < V; w++) {
        for (unsigned k = 0; k < NNZ; k++) {
            uint64_t r = rng_next(&rs);
            ipos[(size_t)w * NNZ + k] = (uint16_t)(r % dim);
            isgn[(size_t)w * NNZ + k] = (r >> 32) & 1 ? 1 : -1;
        }
        double f = (double)t.count[order[w]] / total;
        double dmp = sqrt(1e-4 / f);
        damp[w] = (float)(dmp < 1 ? dmp : 1);
    }
    static const int off[4] = {-2, -1, 1, 2};
    if (sgns) {
        sgns_train(&st, &t, order, rank, V, dim, sgns, window, negative, seed, vec);
    } else if (contexts) {
        /* co-occurrence weights with the most frequent words, then PPMI */
        for (size_t i = 0; i < st.n; i++) {
            if (st.id[i] == WS_DOC_END || rank[st.id[i]] == UINT32_MAX)
                continue;
            float *x = &vec[(size_t)rank[st.id[i]] * dim];
            for (unsigned o = 0; o < 4; o++) {
                ptrdiff_t jj = (ptrdiff_t)i + off[o];
                if (jj < 0 || (size_t)jj >= st.n)
                    continue;
                size_t j = (size_t)jj, lo = off[o] < 0 ? j : i + 1, hi = off[o] < 0 ? i : j + 1;
                int crossed = 0;
                for (size_t k = lo; k < hi; k++)
                    crossed |= st.id[k] == WS_DOC_END;
                if (crossed || rank[st.id[j]] >= contexts)
                    continue;
                x[(off[o] > 0 ? contexts : 0) + rank[st.id[j]]] +=
                    off[o] == -1 || off[o] == 1 ? 1.0f : 0.5f;
            }
        }
        double *col = calloc(dim, sizeof(*col)), all = 0;
        if (!col)
            die("out of memory");
        for (uint32_t w = 0; w < V; w++)
            for (unsigned j = 0; j < dim; j++) {
                col[j] += vec[(size_t)w * dim + j];
                all += vec[(size_t)w * dim + j];
            }
        for (uint32_t w = 0; w < V; w++) {
            float *x = &vec[(size_t)w * dim];
            double row = 0;
            for (unsigned j = 0; j < dim; j++)
                row += x[j];
            for (unsigned j = 0; j < dim; j++) {
                double pmi = x[j] > 0 ? log((double)x[j] * all / (row * col[j])) : 0;
                x[j] = pmi > 0 ? (float)pmi : 0.0f;
            }
        }
        free(col);
    } else {
        /* random indexing: context vectors */
        for (size_t i = 0; i < st.n; i++) {
            if (st.id[i] == WS_DOC_END || rank[st.id[i]] == UINT32_MAX)
                continue;
            float *x = &vec[(size_t)rank[st.id[i]] * dim];
            for (unsigned o = 0; o < 4; o++) {
                size_t j = (size_t)((ptrdiff_t)i + off[o]);
                if ((ptrdiff_t)i + off[o] < 0 || j >= st.n)
                    continue;
                /* stop at the document's end */
                size_t lo = off[o] < 0 ? j : i + 1, hi = off[o] < 0 ? i : j + 1;
                int crossed = 0;
                for (size_t k = lo; k < hi; k++)
                    crossed |= st.id[k] == WS_DOC_END;
                if (crossed || rank[st.id[j]] == UINT32_MAX)
                    continue;
                uint32_t nb = rank[st.id[j]];
                float wgt = damp[nb] * (off[o] == -1 || off[o] == 1 ? 1.0f : 0.5f);
                unsigned rot = off[o] > 0 ? 1 : 0;
                for (unsigned k = 0; k < NNZ; k++) {
                    unsigned p = (ipos[(size_t)nb * NNZ + k] + rot) % dim;
                    x[p] += wgt * isgn[(size_t)nb * NNZ + k];
                }
            }
        }
    }
    /* unit length, centred, unit length */
    double *mean = calloc(dim, sizeof(*mean));
    if (!mean)
        die("out of memory");
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t w = 0; w < V; w++) {
            float *x = &vec[(size_t)w * dim];
            double l = 0;
            for (unsigned j = 0; j < dim; j++) {
                if (pass)
                    x[j] -= (float)mean[j];
                l += (double)x[j] * x[j];
            }
            l = l > 0 ? 1 / sqrt(l) : 0;
            for (unsigned j = 0; j < dim; j++)
                x[j] *= (float)l;
        }
        if (!pass) {
            for (uint32_t w = 0; w < V; w++)
                for (unsigned j = 0; j < dim; j++)
                    mean[j] += vec[(size_t)w * dim + j] / V;
        }
    }
    /* bisecting 2-means */
    char(*path)[32] = calloc(V ? V : 1, sizeof(*path));
    uint32_t *idx = malloc(((size_t)V + 1) * sizeof(*idx));
    uint8_t *side = malloc((size_t)V + 1);
    double *c0 = malloc(dim * sizeof(*c0)), *c1 = malloc(dim * sizeof(*c1));
    if (!path || !idx || !side || !c0 || !c1)
        die("out of memory");
    for (uint32_t w = 0; w < V; w++)
        idx[w] = w;
    bisect(vec, dim, idx, V, 0, depth, path, side, c0, c1);
    FILE *out = out_path ? fopen(out_path, "w") : stdout;
    if (!out)
        die("cannot write the output");
    for (uint32_t w = 0; w < V; w++) {
        uint32_t k = order[w];
        fprintf(out, "%s\t%s\t%llu\n", path[w][0] ? path[w] : "0", t.word[k],
                (unsigned long long)t.count[k]);
    }
    if (out != stdout && fclose(out) != 0)
        die("cannot write the output");
    fprintf(stderr, "%u words, depth %u, %ld s\n", V, depth, (long)(time(NULL) - t0));
    return 0;
}
