/*
 * ner_train.c - trains the named-entity model (config/models/ner.bin).
 *
 * Usage: ner-train [--lang CODE] [--train FILE] [--dev FILE] [--out FILE] [--gaz DIR]
 *                  [--source LIST] [--dev-source LIST] [--drop-orig LIST]
 *                  [--bits N] [--epochs N] [--passes 1|2] [--folds N] [--seed N]
 *                  [--clusters FILE] [--org-gazetteer 0|1] [--lang-places 0|1]
 *                  [--context-agg 0|1] [--clusters2 FILE]
 *                  [--jk-sets K] [--mix K] [--cost X] [--update perceptron|pa] [--pa-c X]
 *                  [--decay X] [--cutoff N] [--prune X] [--extra FILE] [--extra-max N]
 *                  [--extra-weight X]
 *
 * --lang CODE (other than en) trains a language's model from
 * ../shared/data/ner-multi/CODE/{train,dev}.jsonl into
 * config/models/ner-CODE.bin; without it (or with en) the English model
 * config/models/ner.bin from CoNLL-2003. The options of
 * config/lang/CODE/ner-train.tsv ("option<TAB>value" lines: source,
 * dev-source, drop-orig, epochs, ...) come first, so that `ner-train --lang
 * CODE` rebuilds the shipped model and options on the command line override
 * them; "ship no" there (a source whose license allows no shipped model)
 * writes ner-CODE.bin in the current directory instead of config/models/. --source keeps the
 * training documents whose "source" field is in the comma-separated LIST (all by default);
 * --dev-source does the same for the dev file (default: the
 * --source list). --drop-orig drops the gold spans whose "orig_type" is in
 * LIST (GermEval's part types: "ORGpart,LOCpart,PERpart,OTHpart"), so that
 * their tokens are trained as outside any name.
 *
 * Reads CoNLL-2003 documents as JSON lines ("text" with the space-separated
 * tokens, "entities" with code point spans and CoNLL types), segments each
 * text with nx_segment() exactly as the core does, and trains an averaged
 * structured perceptron over BIO tags with the features of ner.c. The dev
 * file only chooses the number of epochs (the best entity F1 over at most
 * --epochs); nothing is learnt from it. Pass 2 adds document-label features
 * computed from pass-1 tags; on the training set those tags come from
 * --folds jack-knife models so that pass 2 sees realistic pass-1 errors.
 * Sentences are visited in an order shuffled with --seed, so the same
 * inputs give a byte-identical model. --clusters FILE (a paths file of
 * brown-clusters) turns the word-cluster features on and stores the table
 * in the model file; without it the model has neither. --org-gazetteer 1
 * turns the organisation-gazetteer features on (config/gazetteers/
 * organisations.txt) and marks the model as using them. --lang-places 1
 * (with --lang) makes the place features also match the language's own
 * place names (config/lang/CODE/places.tsv: "Deutschland", "Alemanha") and
 * marks the model so that the entity stage does the same. --context-agg 1
 * (NX_NER_FEAT_AGG) adds, for a capitalized word, the neighbours of its other
 * capitalized occurrences in the document (at most four of them).
 * --clusters2 FILE (with --clusters; NX_NER_FEAT_CLUS2) adds a second paths
 * file's table: the 3-, 6- and 9-bit prefixes and the whole code of the
 * word's path and the codes of its neighbours; the model stores both.
 * --extra FILE adds the documents of FILE (the training file's JSON-lines
 * format; any text, segmented as the core does) to the training set after
 * it, at most --extra-max N of them (the first N; 0, the default, is all):
 * self-training from automatically tagged text (tests/train/
 * ner_selftrain.py makes such a file); --extra-weight X (default 1) scales
 * the perceptron step on their sentences. The --source list does not apply
 * to it, and the dev file still only picks the epochs.
 *
 * Training variants (docs/quality.md, "Training variants"; each off by
 * default, and the defaults give the same model as before byte for byte):
 * --jk-sets K tags the training set with K different jack-knife splits and
 * trains pass 2 on all K copies; --mix K trains each pass K times with
 * different shuffles and keeps the mean of the averaged weights; --cost X
 * adds X to every wrong tag's score while training decodes (loss-augmented
 * Viterbi); --update pa takes passive-aggressive (PA-I) steps, capped at
 * --pa-c, instead of perceptron steps of 1; --decay X scales epoch e's
 * steps by 1 / (1 + X (e - 1)); --cutoff N drops the feature rows seen
 * fewer than N times in the training set; --prune X zeroes the weights
 * smaller than X times the largest before the model is written.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "gazetteer.h"
#include "ner.h"
#include "nx_alloc.h"
#include "nx_doc.h"
#include "segment.h"

enum { T = NX_NER_NTAGS, TR = (NX_NER_NTAGS + 1) * NX_NER_NTAGS };

typedef struct span {
    uint32_t start, end;
    uint8_t type;
} span;

typedef struct tdoc {
    nx_doc doc;
    nx_ner_ctx ctx;
    uint8_t *gold, *p1;
    span *spans;
    size_t n_spans;
} tdoc;

typedef struct dataset {
    tdoc *d;
    size_t n;
    size_t toks, bad_spans;
} dataset;

static void die(const char *msg)
{
    fprintf(stderr, "ner-train: %s\n", msg);
    exit(1);
}

static int type_of(const char *s)
{
    if (!strcmp(s, "PER"))
        return NX_ENT_PER;
    if (!strcmp(s, "ORG"))
        return NX_ENT_ORG;
    if (!strcmp(s, "LOC"))
        return NX_ENT_LOC;
    if (!strcmp(s, "MISC"))
        return NX_ENT_MISC;
    return -1;
}

/* Byte offset of each code point index of s (n + 1 entries). */
static uint32_t *cp_to_byte(const char *s, size_t len, size_t *n_cp)
{
    uint32_t *m = malloc((len + 1) * sizeof(*m));
    if (!m)
        die("out of memory");
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            m[n++] = (uint32_t)i;
    m[n] = (uint32_t)len;
    *n_cp = n;
    return m;
}

/* 1 when the comma-separated list has the word w (a NULL list has every word). */
static int listed(const char *list, const char *w)
{
    if (!list)
        return 1;
    size_t n = w ? strlen(w) : 0;
    for (const char *p = list; n && *p;) {
        size_t k = strcspn(p, ",");
        if (k == n && !memcmp(p, w, n))
            return 1;
        p += k + (p[k] == ',');
    }
    return 0;
}

static void load(const char *path, const nx_gaz *g, const nx_gaz *lg, const nx_ner_clusters *cl,
                 const nx_ner_clusters *cl2, unsigned feats, const char *sources, const char *drop,
                 size_t max_docs, dataset *ds)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die("cannot open a data file");
    memset(ds, 0, sizeof(*ds));
    size_t cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    nx_core_opts opts;
    memset(&opts, 0, sizeof(opts));
    while ((!max_docs || ds->n < max_docs) && (len = getline(&line, &lcap, f)) > 0) {
        json_error_t jerr;
        json_t *j = json_loadb(line, (size_t)len, 0, &jerr);
        if (!j)
            die("bad JSON line");
        const char *text = json_string_value(json_object_get(j, "text"));
        size_t tlen = json_string_length(json_object_get(j, "text"));
        if (!text)
            die("a line without text");
        if (!listed(sources, json_string_value(json_object_get(j, "source")))) {
            json_decref(j);
            continue;
        }
        if (ds->n == cap) {
            cap = cap ? cap * 2 : 256;
            ds->d = realloc(ds->d, cap * sizeof(*ds->d));
            if (!ds->d)
                die("out of memory");
        }
        tdoc *td = &ds->d[ds->n++];
        memset(td, 0, sizeof(*td));
        nx_doc_init(&td->doc, NULL, &opts);
        td->doc.text = nx_strndup(text, tlen);
        td->doc.text_len = tlen;
        char errstr[256];
        if (!td->doc.text || nx_segment(&td->doc, errstr, sizeof(errstr)))
            die("segmentation failed");
        if (nx_ner_ctx_build(&td->ctx, g, lg, td->doc.text, td->doc.toks, td->doc.n_toks,
                             td->doc.sents, td->doc.n_sents))
            die("out of memory");
        nx_ner_ctx_clusters(&td->ctx, cl);
        nx_ner_ctx_clusters2(&td->ctx, cl2);
        td->ctx.feats = feats;
        if (nx_ner_ctx_prepare(&td->ctx))
            die("out of memory");
        size_t ncp;
        uint32_t *cb = cp_to_byte(text, tlen, &ncp);
        json_t *ents = json_object_get(j, "entities");
        td->spans = calloc(json_array_size(ents) + 1, sizeof(span));
        td->gold = calloc(td->doc.n_toks + 1, 1);
        td->p1 = calloc(td->doc.n_toks + 1, 1);
        if (!td->spans || !td->gold || !td->p1)
            die("out of memory");
        size_t k;
        json_t *e;
        json_array_foreach(ents, k, e)
        {
            size_t s = (size_t)json_integer_value(json_object_get(e, "start"));
            size_t en = (size_t)json_integer_value(json_object_get(e, "end"));
            int ty = type_of(json_string_value(json_object_get(e, "type")));
            if (ty < 0 || s >= en || en > ncp)
                die("bad gold span");
            const char *orig = json_string_value(json_object_get(e, "orig_type"));
            if (drop && orig && listed(drop, orig))
                continue;
            span *sp = &td->spans[td->n_spans++];
            sp->start = cb[s];
            sp->end = cb[en];
            sp->type = (uint8_t)ty;
            int first = 1, exact_end = 0, exact_start = 0;
            for (size_t t = 0; t < td->doc.n_toks; t++) {
                const nx_token *tk = &td->doc.toks[t];
                if (tk->start == sp->start)
                    exact_start = 1;
                if (tk->end == sp->end)
                    exact_end = 1;
                if (tk->start >= sp->start && tk->end <= sp->end) {
                    td->gold[t] = (uint8_t)(first ? 1 + 2 * ty : 2 + 2 * ty);
                    first = 0;
                }
            }
            if (!exact_start || !exact_end)
                ds->bad_spans++;
        }
        free(cb);
        ds->toks += td->doc.n_toks;
        json_decref(j);
    }
    free(line);
    fclose(f);
}

/* Spans from tags over doc tokens. */
static size_t decode(const tdoc *td, const uint8_t *tags, span *out)
{
    size_t n = 0;
    for (size_t i = 0; i < td->doc.n_toks; i++) {
        if (!tags[i])
            continue;
        unsigned ty = NX_NER_TAG_TYPE(tags[i]);
        int cont = !NX_NER_TAG_IS_B(tags[i]) && n && i > 0 && tags[i - 1] &&
                   NX_NER_TAG_TYPE(tags[i - 1]) == ty && out[n - 1].type == (uint8_t)ty;
        if (cont) {
            out[n - 1].end = td->doc.toks[i].end;
        } else {
            out[n].start = td->doc.toks[i].start;
            out[n].end = td->doc.toks[i].end;
            out[n].type = (uint8_t)ty;
            n++;
        }
    }
    return n;
}

typedef struct model {
    unsigned bits;
    float *w, *u, *avg; /* weights, accumulated updates, averaged */
    float tw[TR], tu[TR], tavg[TR];
    double c;
} model;

static void model_init(model *m, unsigned bits)
{
    size_t nw = ((size_t)1 << bits) * T;
    m->bits = bits;
    m->w = calloc(nw, sizeof(float));
    m->u = calloc(nw, sizeof(float));
    m->avg = calloc(nw, sizeof(float));
    if (!m->w || !m->u || !m->avg)
        die("out of memory");
    memset(m->tw, 0, sizeof(m->tw));
    memset(m->tu, 0, sizeof(m->tu));
    m->c = 1;
}

static void model_free(model *m)
{
    free(m->w);
    free(m->u);
    free(m->avg);
}

static void model_average(model *m)
{
    size_t nw = ((size_t)1 << m->bits) * T;
    for (size_t i = 0; i < nw; i++)
        m->avg[i] = (float)(m->w[i] - m->u[i] / m->c);
    for (size_t i = 0; i < TR; i++)
        m->tavg[i] = (float)(m->tw[i] - m->tu[i] / m->c);
}

/* Per-token feature rows of a whole dataset for one pass. */
typedef struct fcache {
    uint32_t **off; /* per doc: n_toks + 1 offsets into rows */
    uint32_t **rows;
} fcache;

static void cache_build(const dataset *ds, int pass, unsigned bits, fcache *fc)
{
    fc->off = calloc(ds->n, sizeof(*fc->off));
    fc->rows = calloc(ds->n, sizeof(*fc->rows));
    if (!fc->off || !fc->rows)
        die("out of memory");
    uint32_t tmp[NX_NER_MAXF];
    for (size_t d = 0; d < ds->n; d++) {
        const tdoc *td = &ds->d[d];
        size_t n = td->doc.n_toks, cap = n * 48 + 16, used = 0;
        fc->off[d] = malloc((n + 1) * sizeof(uint32_t));
        fc->rows[d] = malloc(cap * sizeof(uint32_t));
        if (!fc->off[d] || !fc->rows[d])
            die("out of memory");
        for (size_t i = 0; i < n; i++) {
            size_t nf = nx_ner_features(&td->ctx, i, pass, bits, tmp);
            if (used + nf > cap) {
                cap = (used + nf) * 2;
                fc->rows[d] = realloc(fc->rows[d], cap * sizeof(uint32_t));
                if (!fc->rows[d])
                    die("out of memory");
            }
            fc->off[d][i] = (uint32_t)used;
            memcpy(fc->rows[d] + used, tmp, nf * sizeof(uint32_t));
            used += nf;
        }
        fc->off[d][n] = (uint32_t)used;
    }
}

static void cache_free(const dataset *ds, fcache *fc)
{
    for (size_t d = 0; d < ds->n; d++) {
        free(fc->off[d]);
        free(fc->rows[d]);
    }
    free(fc->off);
    free(fc->rows);
}

static float emit_buf[4096 * T];
static uint8_t back_buf[4096 * T];

/* Tag sentence s of doc d with weights w/trans into out (token-indexed). */
static void tag_sentence(const tdoc *td, const fcache *fc, size_t d, size_t s, const float *w,
                         const float *trans, uint8_t *out)
{
    size_t b = td->doc.sents[s].tok_begin, e = td->doc.sents[s].tok_end;
    if (e - b > 4096)
        die("sentence too long");
    for (size_t i = b; i < e; i++) {
        float *em = &emit_buf[(i - b) * T];
        memset(em, 0, T * sizeof(float));
        for (uint32_t k = fc->off[d][i]; k < fc->off[d][i + 1]; k++) {
            const float *r = w + (size_t)fc->rows[d][k] * T;
            for (unsigned t = 0; t < T; t++)
                em[t] += r[t];
        }
    }
    nx_ner_viterbi(emit_buf, e - b, trans, back_buf, out + b);
}

static void tag_doc(const tdoc *td, const fcache *fc, size_t d, const float *w, const float *trans,
                    uint8_t *out)
{
    memset(out, 0, td->doc.n_toks);
    for (size_t s = 0; s < td->doc.n_sents; s++)
        if (td->doc.sents[s].tok_end > td->doc.sents[s].tok_begin)
            tag_sentence(td, fc, d, s, w, trans, out);
}

typedef struct prf {
    size_t tp, fp, fn;
} prf;

static double f1_of(prf p)
{
    return p.tp ? 200.0 * p.tp / (2.0 * p.tp + p.fp + p.fn) : 0.0;
}

static prf evaluate(const dataset *ds, const fcache *fc, const float *w, const float *trans)
{
    prf r = {0, 0, 0};
    for (size_t d = 0; d < ds->n; d++) {
        const tdoc *td = &ds->d[d];
        uint8_t *tags = malloc(td->doc.n_toks + 1);
        span *pred = malloc((td->doc.n_toks + 1) * sizeof(span));
        if (!tags || !pred)
            die("out of memory");
        tag_doc(td, fc, d, w, trans, tags);
        size_t np = decode(td, tags, pred);
        size_t tp = 0;
        for (size_t a = 0; a < np; a++)
            for (size_t g = 0; g < td->n_spans; g++)
                if (pred[a].start == td->spans[g].start && pred[a].end == td->spans[g].end &&
                    pred[a].type == td->spans[g].type) {
                    tp++;
                    break;
                }
        r.tp += tp;
        r.fp += np - tp;
        r.fn += td->n_spans - tp;
        free(tags);
        free(pred);
    }
    return r;
}

/* How the weights are learnt (defaults: the plain averaged perceptron). */
typedef struct learn_opts {
    float cost;    /* --cost: Hamming cost added to every wrong tag while training decodes */
    int pa;        /* --update pa: passive-aggressive step (PA-I) instead of 1 */
    float pa_c;    /* --pa-c: the PA-I step's cap */
    float decay;   /* --decay: step 1 / (1 + decay * (epoch - 1)) */
    unsigned cut;  /* --cutoff: rows seen fewer times than this in training are dropped */
    float prune;   /* --prune: weights below prune x the largest become 0 */
    float extra_w; /* --extra-weight: the step on the --extra documents' sentences */
} learn_opts;

static learn_opts lo = {0, 0, 1, 0, 0, 0, 1};

/* The training set's first --extra document and its size without pass-2
 * copies (--jk-sets): doc d is extra when d % train_n >= extra_from. */
static size_t extra_from = (size_t)-1, train_n = 1;

/* Jack-knife fold of each training doc (NULL: doc index % folds). */
static const uint32_t *fold_of;

static int in_fold(size_t d, size_t folds, size_t skip)
{
    return (fold_of ? fold_of[d] : d % folds) == skip;
}

/* Score of tag sequence y (n tokens) under emissions em less the cost
 * added to the tags that differ from gold. */
static double seq_score(const float *em, size_t n, const float *trans, const uint8_t *y,
                        const uint8_t *gold, float cost)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned p = i ? y[i - 1] : T;
        s += (double)em[i * T + y[i]] - (y[i] != gold[i] ? cost : 0) + trans[p * T + y[i]];
    }
    return s;
}

typedef struct fval {
    uint64_t key;
    float v;
} fval;

static int fval_cmp(const void *a, const void *b)
{
    uint64_t x = ((const fval *)a)->key, y = ((const fval *)b)->key;
    return x < y ? -1 : x > y;
}

/* Squared norm of phi(gold) - phi(out) for tokens b..b+n of doc d (the
 * transition features keyed after every row). */
static double diff_norm2(const fcache *fc, size_t d, size_t b, size_t n, const uint8_t *gold,
                         const uint8_t *out, unsigned bits)
{
    static fval *buf;
    static size_t cap;
    size_t k = 0;
    uint64_t tbase = ((uint64_t)1 << bits) * T;
    for (size_t i = 0; i < n; i++) {
        size_t need = k + 2 * (fc->off[d][b + i + 1] - fc->off[d][b + i]) + 2;
        if (need > cap) {
            cap = need * 2;
            buf = realloc(buf, cap * sizeof(*buf));
            if (!buf)
                die("out of memory");
        }
        unsigned pg = i ? gold[i - 1] : T, pp = i ? out[i - 1] : T;
        if (gold[i] != out[i] || pg != pp) {
            buf[k++] = (fval){tbase + pg * T + gold[i], 1};
            buf[k++] = (fval){tbase + pp * T + out[i], -1};
        }
        if (gold[i] == out[i])
            continue;
        for (uint32_t f = fc->off[d][b + i]; f < fc->off[d][b + i + 1]; f++) {
            uint64_t r = (uint64_t)fc->rows[d][f] * T;
            buf[k++] = (fval){r + gold[i], 1};
            buf[k++] = (fval){r + out[i], -1};
        }
    }
    qsort(buf, k, sizeof(*buf), fval_cmp);
    double s = 0;
    for (size_t i = 0; i < k;) {
        float v = 0;
        size_t j = i;
        for (; j < k && buf[j].key == buf[i].key; j++)
            v += buf[j].v;
        s += (double)v * v;
        i = j;
    }
    return s;
}

/* Drop from fc the rows seen fewer than `min` times over the docs of ds. */
static void cache_cutoff(const dataset *ds, fcache *fc, unsigned bits, unsigned min)
{
    uint16_t *cnt = calloc((size_t)1 << bits, sizeof(*cnt));
    if (!cnt)
        die("out of memory");
    for (size_t d = 0; d < ds->n; d++)
        for (uint32_t k = 0; k < fc->off[d][ds->d[d].doc.n_toks]; k++)
            if (cnt[fc->rows[d][k]] < UINT16_MAX)
                cnt[fc->rows[d][k]]++;
    size_t kept = 0, all = 0;
    for (size_t d = 0; d < ds->n; d++) {
        uint32_t used = 0;
        for (size_t i = 0; i < ds->d[d].doc.n_toks; i++) {
            uint32_t a = fc->off[d][i], e = fc->off[d][i + 1];
            fc->off[d][i] = used;
            for (uint32_t k = a; k < e; k++)
                if (cnt[fc->rows[d][k]] >= min)
                    fc->rows[d][used++] = fc->rows[d][k];
            all += e - a;
        }
        fc->off[d][ds->d[d].doc.n_toks] = used;
        kept += used;
    }
    fprintf(stderr, "cutoff %u: %zu of %zu feature occurrences kept\n", min, kept, all);
    free(cnt);
}

static uint64_t rng_state;
static uint64_t rng_next(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

typedef struct sref {
    uint32_t d, s;
} sref;

/* Train on the docs of ds whose index i satisfies (i % folds != skip), for
 * `epochs` epochs (or the best dev epoch up to it when dev is given). Leaves
 * the chosen averaged weights in m->avg / m->tavg; returns the epoch count. */
static unsigned train(model *m, const dataset *ds, const fcache *fc, size_t folds, size_t skip,
                      unsigned epochs, uint64_t seed, const dataset *dev, const fcache *dfc,
                      int verbose)
{
    size_t ns = 0;
    for (size_t d = 0; d < ds->n; d++)
        if (folds <= 1 || !in_fold(d, folds, skip))
            ns += ds->d[d].doc.n_sents;
    sref *order = malloc((ns + 1) * sizeof(*order));
    if (!order)
        die("out of memory");
    ns = 0;
    for (size_t d = 0; d < ds->n; d++)
        if (folds <= 1 || !in_fold(d, folds, skip))
            for (size_t s = 0; s < ds->d[d].doc.n_sents; s++)
                order[ns++] = (sref){(uint32_t)d, (uint32_t)s};
    rng_state = seed ? seed : 1;
    size_t nw = ((size_t)1 << m->bits) * T;
    float *best = dev ? malloc(nw * sizeof(float)) : NULL;
    float best_t[TR];
    double best_f1 = -1;
    unsigned best_ep = epochs;
    uint8_t *pred = malloc(8192), *tmp = NULL;
    (void)tmp;
    if (!pred || (dev && !best))
        die("out of memory");
    for (unsigned ep = 1; ep <= epochs; ep++) {
        for (size_t i = ns; i > 1; i--) {
            size_t j = (size_t)(rng_next() % i);
            sref t = order[i - 1];
            order[i - 1] = order[j];
            order[j] = t;
        }
        size_t errs = 0;
        for (size_t k = 0; k < ns; k++) {
            const tdoc *td = &ds->d[order[k].d];
            const nx_sentence *se = &td->doc.sents[order[k].s];
            size_t b = se->tok_begin, e = se->tok_end, d = order[k].d;
            if (e <= b)
                continue;
            if (e - b > 4096)
                die("sentence too long");
            uint8_t out[4096];
            memset(emit_buf, 0, (e - b) * T * sizeof(float));
            for (size_t i = b; i < e; i++) {
                float *em = &emit_buf[(i - b) * T];
                for (uint32_t f = fc->off[d][i]; f < fc->off[d][i + 1]; f++) {
                    const float *r = m->w + (size_t)fc->rows[d][f] * T;
                    for (unsigned t = 0; t < T; t++)
                        em[t] += r[t];
                }
            }
            const uint8_t *gold = td->gold + b;
            if (lo.cost > 0)
                for (size_t i = 0; i < e - b; i++)
                    for (unsigned t = 0; t < T; t++)
                        emit_buf[i * T + t] += t != gold[i] ? lo.cost : 0;
            nx_ner_viterbi(emit_buf, e - b, m->tw, back_buf, out);
            int diff = 0;
            size_t loss = 0;
            for (size_t i = 0; i < e - b; i++) {
                diff |= out[i] != gold[i];
                loss += out[i] != gold[i];
            }
            float step = 1.0f / (1.0f + lo.decay * (float)(ep - 1));
            if (d % train_n >= extra_from)
                step *= lo.extra_w;
            if (diff && lo.pa) {
                double marg = seq_score(emit_buf, e - b, m->tw, gold, gold, lo.cost) -
                              seq_score(emit_buf, e - b, m->tw, out, gold, lo.cost);
                double n2 = diff_norm2(fc, d, b, e - b, gold, out, m->bits);
                double tau = n2 > 0 ? ((double)loss - marg) / n2 : 0;
                step = (float)(tau < lo.pa_c ? tau : lo.pa_c);
                if (step <= 0)
                    diff = 0;
            }
            if (diff) {
                errs++;
                float c = (float)m->c * step;
                for (size_t i = 0; i < e - b; i++) {
                    unsigned pg = i ? gold[i - 1] : T, pp = i ? out[i - 1] : T;
                    if (gold[i] != out[i] || pg != pp) {
                        m->tw[pg * T + gold[i]] += step;
                        m->tu[pg * T + gold[i]] += c;
                        m->tw[pp * T + out[i]] -= step;
                        m->tu[pp * T + out[i]] -= c;
                    }
                    if (gold[i] == out[i])
                        continue;
                    for (uint32_t f = fc->off[d][b + i]; f < fc->off[d][b + i + 1]; f++) {
                        size_t r = (size_t)fc->rows[d][f] * T;
                        m->w[r + gold[i]] += step;
                        m->u[r + gold[i]] += c;
                        m->w[r + out[i]] -= step;
                        m->u[r + out[i]] -= c;
                    }
                }
            }
            m->c += 1;
        }
        if (dev) {
            model_average(m);
            prf r = evaluate(dev, dfc, m->avg, m->tavg);
            double f1 = f1_of(r);
            if (verbose)
                fprintf(stderr, "  epoch %u: %zu sentences wrong, dev F1 %.2f\n", ep, errs, f1);
            if (f1 > best_f1) {
                best_f1 = f1;
                best_ep = ep;
                memcpy(best, m->avg, nw * sizeof(float));
                memcpy(best_t, m->tavg, sizeof(best_t));
            }
        } else if (verbose) {
            fprintf(stderr, "  epoch %u: %zu sentences wrong\n", ep, errs);
        }
    }
    if (dev) {
        memcpy(m->avg, best, nw * sizeof(float));
        memcpy(m->tavg, best_t, sizeof(best_t));
        free(best);
    } else {
        model_average(m);
    }
    free(pred);
    free(order);
    return best_ep;
}

/* train() over all of ds `mix` times with different shuffles (seeds seed,
 * seed + 7919, ...), each stopping at its best dev epoch; m->avg / m->tavg
 * become the mean of the runs' averaged weights. Returns the first run's
 * epoch count. */
static unsigned train_mix(model *m, const dataset *ds, const fcache *fc, unsigned epochs,
                          uint64_t seed, const dataset *dev, const fcache *dfc, unsigned mix)
{
    unsigned ep = train(m, ds, fc, 1, 0, epochs, seed, dev, dfc, 1);
    if (mix <= 1)
        return ep;
    size_t nw = ((size_t)1 << m->bits) * T;
    double *sum = calloc(nw, sizeof(*sum)), tsum[TR];
    if (!sum)
        die("out of memory");
    for (size_t i = 0; i < nw; i++)
        sum[i] = m->avg[i];
    for (size_t i = 0; i < TR; i++)
        tsum[i] = m->tavg[i];
    for (unsigned k = 1; k < mix; k++) {
        model mk;
        model_init(&mk, m->bits);
        fprintf(stderr, " run %u of %u:\n", k + 1, mix);
        train(&mk, ds, fc, 1, 0, epochs, seed + 7919 * k, dev, dfc, 1);
        for (size_t i = 0; i < nw; i++)
            sum[i] += mk.avg[i];
        for (size_t i = 0; i < TR; i++)
            tsum[i] += mk.tavg[i];
        model_free(&mk);
    }
    for (size_t i = 0; i < nw; i++)
        m->avg[i] = (float)(sum[i] / mix);
    for (size_t i = 0; i < TR; i++)
        m->tavg[i] = (float)(tsum[i] / mix);
    free(sum);
    return ep;
}

/* argv with the options of config/lang/CODE/ner-train.tsv inserted after
 * the program name when argv has --lang CODE (not en). Never freed (the
 * program's lifetime). */
static char **lang_args(int argc, char **argv, int *n_out)
{
    const char *code = NULL;
    for (int i = 1; i + 1 < argc; i++)
        if (!strcmp(argv[i], "--lang"))
            code = argv[i + 1];
    size_t cap = (size_t)argc + 64, n = 0;
    char **v = calloc(cap + 1, sizeof(*v));
    if (!v)
        die("out of memory");
    v[n++] = argv[0];
    char path[4096];
    FILE *f = NULL;
    if (code && strcmp(code, "en") && strlen(code) <= 8 &&
        strspn(code, "abcdefghijklmnopqrstuvwxyz") == strlen(code)) {
        snprintf(path, sizeof(path), "%s/config/lang/%s/ner-train.tsv", NEWSX_SOURCE_DIR, code);
        f = fopen(path, "r");
    }
    char line[512];
    while (f && fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (!line[0] || line[0] == '#')
            continue;
        if (!tab || n + 2 >= cap)
            die("config/lang/<code>/ner-train.tsv: a line is not option<TAB>value");
        *tab = '\0';
        size_t k = strlen(line) + 3;
        char *opt = malloc(k), *val = strdup(tab + 1);
        if (!opt || !val)
            die("out of memory");
        snprintf(opt, k, "--%s", line);
        v[n++] = opt;
        v[n++] = val;
        fprintf(stderr, "%s: %s %s\n", path, opt, val);
    }
    if (f)
        fclose(f);
    if (n + (size_t)argc > cap)
        die("too many options");
    for (int i = 1; i < argc; i++)
        v[n++] = argv[i];
    *n_out = (int)n;
    return v;
}

int main(int argc, char **argv)
{
    argv = lang_args(argc, argv, &argc);
    const char *train_path = NEWSX_SHARED_DIR "/data/conll2003/train.jsonl";
    const char *dev_path = NEWSX_SHARED_DIR "/data/conll2003/dev.jsonl";
    const char *out_path = NEWSX_SOURCE_DIR "/config/models/ner.bin";
    const char *gaz_dir = NEWSX_SOURCE_DIR "/config/gazetteers";
    const char *sources = NULL, *dev_sources = NULL, *drop = NULL;
    int dev_sources_set = 0, ship = 1;
    const char *lang = NULL, *set_train = NULL, *set_dev = NULL, *set_out = NULL;
    char lang_train[4096], lang_dev[4096], lang_out[4096];
    const char *clus_path = NULL, *clus2_path = NULL, *extra_path = NULL;
    size_t extra_max = 0;
    unsigned feats = 0;
    unsigned bits = 22, epochs = 12, passes = 2;
    size_t folds = 4, jk_sets = 1;
    unsigned mix = 1;
    uint64_t seed = 20030601;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            die("usage: ner-train [--lang CODE] [--train F] [--dev F] [--out F] [--gaz DIR] "
                "[--source LIST] [--dev-source LIST] [--drop-orig LIST] [--ship yes|no] [--bits N] "
                "[--epochs N] [--passes 1|2] [--folds N] [--seed N] [--clusters F] "
                "[--org-gazetteer 0|1] [--lang-places 0|1] [--context-agg 0|1] [--clusters2 F] "
                "[--jk-sets K] [--mix K] [--cost X] "
                "[--update perceptron|pa] [--pa-c X] [--decay X] [--cutoff N] [--prune X] "
                "[--extra F] [--extra-max N] [--extra-weight X]");
        if (!strcmp(a, "--lang")) {
            if (strlen(v) > 8 || strspn(v, "abcdefghijklmnopqrstuvwxyz") != strlen(v))
                die("bad --lang");
            lang = strcmp(v, "en") ? v : NULL;
        } else if (!strcmp(a, "--ship"))
            ship = strcmp(v, "no") != 0;
        else if (!strcmp(a, "--source"))
            sources = v;
        else if (!strcmp(a, "--dev-source")) {
            dev_sources = v;
            dev_sources_set = 1;
        } else if (!strcmp(a, "--drop-orig"))
            drop = v;
        else if (!strcmp(a, "--train"))
            train_path = set_train = v;
        else if (!strcmp(a, "--dev"))
            dev_path = set_dev = v;
        else if (!strcmp(a, "--out"))
            out_path = set_out = v;
        else if (!strcmp(a, "--gaz"))
            gaz_dir = v;
        else if (!strcmp(a, "--bits"))
            bits = (unsigned)atoi(v);
        else if (!strcmp(a, "--epochs"))
            epochs = (unsigned)atoi(v);
        else if (!strcmp(a, "--passes"))
            passes = (unsigned)atoi(v);
        else if (!strcmp(a, "--folds"))
            folds = (size_t)atoi(v);
        else if (!strcmp(a, "--seed"))
            seed = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--mix"))
            mix = (unsigned)atoi(v);
        else if (!strcmp(a, "--jk-sets"))
            jk_sets = (size_t)atoi(v);
        else if (!strcmp(a, "--cost"))
            lo.cost = strtof(v, NULL);
        else if (!strcmp(a, "--update"))
            lo.pa = !strcmp(v, "pa") ? 1 : strcmp(v, "perceptron") ? -1 : 0;
        else if (!strcmp(a, "--pa-c"))
            lo.pa_c = strtof(v, NULL);
        else if (!strcmp(a, "--decay"))
            lo.decay = strtof(v, NULL);
        else if (!strcmp(a, "--cutoff"))
            lo.cut = (unsigned)atoi(v);
        else if (!strcmp(a, "--prune"))
            lo.prune = strtof(v, NULL);
        else if (!strcmp(a, "--extra"))
            extra_path = v;
        else if (!strcmp(a, "--extra-weight"))
            lo.extra_w = strtof(v, NULL);
        else if (!strcmp(a, "--extra-max"))
            extra_max = (size_t)atol(v);
        else if (!strcmp(a, "--clusters2"))
            clus2_path = v;
        else if (!strcmp(a, "--clusters"))
            clus_path = v;
        else if (!strcmp(a, "--org-gazetteer"))
            feats = atoi(v) ? feats | NX_NER_FEAT_ORGS : feats & ~NX_NER_FEAT_ORGS;
        else if (!strcmp(a, "--context-agg"))
            feats = atoi(v) ? feats | NX_NER_FEAT_AGG : feats & ~NX_NER_FEAT_AGG;
        else if (!strcmp(a, "--lang-places"))
            feats = atoi(v) ? feats | NX_NER_FEAT_LANG_PLACES : feats & ~NX_NER_FEAT_LANG_PLACES;
        else
            die("unknown option");
        i++;
    }
    if (lang) {
        snprintf(lang_train, sizeof(lang_train), "%s/data/ner-multi/%s/train.jsonl",
                 NEWSX_SHARED_DIR, lang);
        snprintf(lang_dev, sizeof(lang_dev), "%s/data/ner-multi/%s/dev.jsonl", NEWSX_SHARED_DIR,
                 lang);
        if (ship)
            snprintf(lang_out, sizeof(lang_out), "%s/config/models/ner-%s.bin", NEWSX_SOURCE_DIR,
                     lang);
        else
            snprintf(lang_out, sizeof(lang_out), "ner-%s.bin", lang);
        train_path = set_train ? set_train : lang_train;
        dev_path = set_dev ? set_dev : lang_dev;
        out_path = set_out ? set_out : lang_out;
        if (!ship && !set_out)
            fprintf(stderr,
                    "ner-train: the %s data's license allows no shipped model: writing %s "
                    "(research use only)\n",
                    lang, out_path);
    }
    if (bits < 12 || bits > 26 || passes < 1 || passes > 2 || folds < 2 || !epochs || !jk_sets ||
        jk_sets > 8 || !mix || mix > 16 || lo.pa < 0 || lo.cost < 0 || lo.pa_c <= 0 ||
        lo.decay < 0 || lo.prune < 0 || lo.extra_w <= 0)
        die("bad option value");
    clock_t t0 = clock();
    char errstr[256];
    nx_gaz *g = NULL;
    if (nx_gaz_load(gaz_dir, &g, errstr, sizeof(errstr)))
        die(errstr);
    nx_gaz *lg = NULL;
    if (feats & NX_NER_FEAT_LANG_PLACES) {
        char lpath[4096];
        if (!lang)
            die("--lang-places needs --lang");
        snprintf(lpath, sizeof(lpath), "%s/config/lang/%s/places.tsv", NEWSX_SOURCE_DIR, lang);
        if (nx_gaz_load_places(lpath, &lg, errstr, sizeof(errstr)))
            die(errstr);
    }
    nx_ner_clusters cl;
    memset(&cl, 0, sizeof(cl));
    if (clus_path && nx_ner_clusters_read(clus_path, &cl, errstr, sizeof(errstr)))
        die(errstr);
    if (clus_path)
        fprintf(stderr, "clusters: %zu words from %s\n", cl.n_words, clus_path);
    nx_ner_clusters cl2;
    memset(&cl2, 0, sizeof(cl2));
    if (clus2_path && !clus_path)
        die("--clusters2 needs --clusters");
    if (clus2_path && nx_ner_clusters_read(clus2_path, &cl2, errstr, sizeof(errstr)))
        die(errstr);
    if (clus2_path) {
        feats |= NX_NER_FEAT_CLUS2;
        fprintf(stderr, "second clusters: %zu words from %s\n", cl2.n_words, clus2_path);
    }
    dataset tr, dv;
    if (!dev_sources_set)
        dev_sources = sources;
    load(train_path, g, lg, &cl, &cl2, feats, sources, drop, 0, &tr);
    load(dev_path, g, lg, &cl, &cl2, feats, dev_sources, drop, 0, &dv);
    if (extra_path) {
        dataset ex;
        load(extra_path, g, lg, &cl, &cl2, feats, NULL, drop, extra_max, &ex);
        fprintf(stderr, "extra: %zu docs, %zu tokens, %zu spans not on token bounds\n", ex.n,
                ex.toks, ex.bad_spans);
        extra_from = tr.n;
        tr.d = realloc(tr.d, (tr.n + ex.n + 1) * sizeof(*tr.d));
        if (!tr.d)
            die("out of memory");
        if (ex.n)
            memcpy(tr.d + tr.n, ex.d, ex.n * sizeof(*ex.d));
        tr.n += ex.n;
        tr.toks += ex.toks;
        tr.bad_spans += ex.bad_spans;
        free(ex.d);
    }
    train_n = tr.n ? tr.n : 1;
    fprintf(stderr, "train: %zu docs, %zu tokens, %zu gold spans not on token bounds\n", tr.n,
            tr.toks, tr.bad_spans);
    fprintf(stderr, "dev: %zu docs, %zu tokens, %zu gold spans not on token bounds\n", dv.n,
            dv.toks, dv.bad_spans);

    fcache fc0, dfc0;
    cache_build(&tr, 0, bits, &fc0);
    cache_build(&dv, 0, bits, &dfc0);
    if (lo.cut > 1)
        cache_cutoff(&tr, &fc0, bits, lo.cut);
    model m0;
    model_init(&m0, bits);
    fprintf(stderr, "pass 1:\n");
    unsigned ep0 = train_mix(&m0, &tr, &fc0, epochs, seed, &dv, &dfc0, mix);
    prf r0 = evaluate(&dv, &dfc0, m0.avg, m0.tavg);
    fprintf(stderr, "pass 1: %u epochs, dev P %.2f R %.2f F1 %.2f\n", ep0,
            100.0 * r0.tp / (r0.tp + r0.fp + 1e-9), 100.0 * r0.tp / (r0.tp + r0.fn + 1e-9),
            f1_of(r0));
    const float *ws[2] = {m0.avg, NULL};
    const float *ts[2] = {m0.tavg, NULL};
    model m1;
    int have_m1 = 0;
    if (passes == 2) {
        /* pass-1 tags of the training set from jack-knife models; with
         * --jk-sets K, K different splits into folds, and pass 2 learns from
         * the training set K times, once with each split's tags */
        fcache *fcs = calloc(jk_sets, sizeof(*fcs));
        uint32_t *fo = malloc((tr.n + 1) * sizeof(*fo));
        if (!fcs || !fo)
            die("out of memory");
        for (size_t j = 0; j < jk_sets; j++) {
            for (size_t d = 0; d < tr.n; d++)
                fo[d] = (uint32_t)(d % folds);
            rng_state = seed + 1000 * j;
            for (size_t i = tr.n; j && i > 1; i--) {
                size_t r = (size_t)(rng_next() % i);
                uint32_t t = fo[i - 1];
                fo[i - 1] = fo[r];
                fo[r] = t;
            }
            fold_of = fo;
            for (size_t k = 0; k < folds; k++) {
                model mk;
                model_init(&mk, bits);
                train(&mk, &tr, &fc0, folds, k, ep0, seed + k + 1 + 1000 * j, NULL, NULL, 0);
                for (size_t d = 0; d < tr.n; d++)
                    if (fo[d] == k)
                        tag_doc(&tr.d[d], &fc0, d, mk.avg, mk.tavg, tr.d[d].p1);
                model_free(&mk);
            }
            fold_of = NULL;
            for (size_t d = 0; d < tr.n; d++)
                nx_ner_ctx_doclabels(&tr.d[d].ctx, tr.d[d].p1);
            cache_build(&tr, 1, bits, &fcs[j]);
            if (lo.cut > 1)
                cache_cutoff(&tr, &fcs[j], bits, lo.cut);
        }
        free(fo);
        for (size_t d = 0; d < dv.n; d++) {
            tag_doc(&dv.d[d], &dfc0, d, m0.avg, m0.tavg, dv.d[d].p1);
            nx_ner_ctx_doclabels(&dv.d[d].ctx, dv.d[d].p1);
        }
        fcache fc1, dfc1;
        dataset tr1 = tr;
        fc1 = fcs[0];
        if (jk_sets > 1) {
            tr1.n = tr.n * jk_sets;
            tr1.d = malloc(tr1.n * sizeof(*tr1.d));
            fc1.off = malloc(tr1.n * sizeof(*fc1.off));
            fc1.rows = malloc(tr1.n * sizeof(*fc1.rows));
            if (!tr1.d || !fc1.off || !fc1.rows)
                die("out of memory");
            for (size_t j = 0; j < jk_sets; j++) {
                memcpy(tr1.d + j * tr.n, tr.d, tr.n * sizeof(*tr.d));
                memcpy(fc1.off + j * tr.n, fcs[j].off, tr.n * sizeof(*fc1.off));
                memcpy(fc1.rows + j * tr.n, fcs[j].rows, tr.n * sizeof(*fc1.rows));
            }
        }
        cache_build(&dv, 1, bits, &dfc1);
        model_init(&m1, bits);
        have_m1 = 1;
        fprintf(stderr, "pass 2:\n");
        unsigned ep1 = train_mix(&m1, &tr1, &fc1, epochs, seed, &dv, &dfc1, mix);
        prf r1 = evaluate(&dv, &dfc1, m1.avg, m1.tavg);
        fprintf(stderr, "pass 2: %u epochs, dev P %.2f R %.2f F1 %.2f\n", ep1,
                100.0 * r1.tp / (r1.tp + r1.fp + 1e-9), 100.0 * r1.tp / (r1.tp + r1.fn + 1e-9),
                f1_of(r1));
        ws[1] = m1.avg;
        ts[1] = m1.tavg;
        for (size_t j = 0; j < jk_sets; j++)
            cache_free(&tr, &fcs[j]);
        if (jk_sets > 1) {
            free(tr1.d);
            free(fc1.off);
            free(fc1.rows);
        }
        free(fcs);
        cache_free(&dv, &dfc1);
    }
    if (lo.prune > 0)
        for (unsigned p = 0; p < passes; p++) {
            float *w = p ? m1.avg : m0.avg, mx = 0;
            size_t nw = ((size_t)1 << bits) * T, nz = 0;
            for (size_t i = 0; i < nw; i++)
                mx = fabsf(w[i]) > mx ? fabsf(w[i]) : mx;
            for (size_t i = 0; i < nw; i++)
                if (w[i] != 0 && fabsf(w[i]) < lo.prune * mx) {
                    w[i] = 0;
                    nz++;
                }
            fprintf(stderr, "pass %u: %zu weights below %g x %g pruned\n", p + 1, nz,
                    (double)lo.prune, (double)mx);
        }
    if (nx_ner_model_write(out_path, bits, passes, feats, ws, ts, errstr, sizeof(errstr)))
        die(errstr);
    if (cl.n_words && nx_ner_clusters_append(out_path, &cl, errstr, sizeof(errstr)))
        die(errstr);
    if (cl2.n_words && nx_ner_clusters_append(out_path, &cl2, errstr, sizeof(errstr)))
        die(errstr);
    fprintf(stderr, "wrote %s (%u bits, %u passes) in %.1f s CPU\n", out_path, bits, passes,
            (double)(clock() - t0) / CLOCKS_PER_SEC);
    model_free(&m0);
    if (have_m1)
        model_free(&m1);
    cache_free(&tr, &fc0);
    cache_free(&dv, &dfc0);
    for (size_t d = 0; d < tr.n; d++) {
        nx_ner_ctx_free(&tr.d[d].ctx);
        nx_doc_free(&tr.d[d].doc);
        free(tr.d[d].gold);
        free(tr.d[d].p1);
        free(tr.d[d].spans);
    }
    for (size_t d = 0; d < dv.n; d++) {
        nx_ner_ctx_free(&dv.d[d].ctx);
        nx_doc_free(&dv.d[d].doc);
        free(dv.d[d].gold);
        free(dv.d[d].p1);
        free(dv.d[d].spans);
    }
    free(tr.d);
    free(dv.d);
    nx_gaz_free(g);
    nx_gaz_free(lg);
    nx_ner_clusters_free(&cl);
    nx_ner_clusters_free(&cl2);
    return 0;
}
