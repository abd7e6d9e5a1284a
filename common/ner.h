/*
 * ner.h - the named-entity tagger: hashed features, an averaged-perceptron
 * model in two passes and Viterbi decoding over BIO tags (docs/entities.md).
 *
 * The model file (config/models/ner.bin, written by tests/train/ner-train)
 * is read once into memory; a loaded nx_ner_model is read-only and shared by
 * every thread. A nx_ner_ctx holds one document's per-token features; it is
 * built per call and owned by the caller.
 */
#ifndef NX_NER_H
#define NX_NER_H

#include <stddef.h>
#include <stdint.h>

#include "gazetteer.h"
#include "nx_doc.h"

/* Tags: 0 = O, then B and I of each nx_ent_type: B = 1 + 2*type, I = 2 + 2*type. */
#define NX_NER_NTAGS       9
#define NX_NER_TAG_TYPE(t) ((unsigned)((t)-1) / 2u)
#define NX_NER_TAG_IS_B(t) ((t) > 0 && ((t)&1))
/* Most feature rows one token yields. */
#define NX_NER_MAXF       112
#define NX_NER_DL_MAXF    8
#define NX_NER_OWN_MAXF   21
#define NX_NER_MAGIC      "NXNER02\n"
#define NX_NER_CLUS_MAGIC "NXCLUS1\n"
/* Optional feature sets a model asks for (its header's flags). */
#define NX_NER_FEAT_ORGS 0x1u /* the organisation gazetteer (NX_GAZ_ORG) */
/* the place features also match the place names of the model's language
 * (config/lang/<code>/places.tsv): the lg argument of nx_ner_ctx_build() */
#define NX_NER_FEAT_LANG_PLACES 0x2u
/* context aggregation: a capitalized word's neighbours at its other
 * capitalized occurrences in the document (nx_ner_ctx_prepare()) */
#define NX_NER_FEAT_AGG 0x8u
/* a second word-cluster table (the model file's second cluster section):
 * its path prefixes for the token and its code for the neighbours */
#define NX_NER_FEAT_CLUS2 0x40u
#define NX_NER_FEAT_ALL                                                                            \
    (NX_NER_FEAT_ORGS | NX_NER_FEAT_LANG_PLACES | NX_NER_FEAT_AGG | NX_NER_FEAT_CLUS2)

/* Per-token values the features are made of. */
typedef struct nx_ner_tok {
    uint64_t word, lower, shape; /* hashes of the text, its lower case, its shape */
    uint64_t pre[4], suf[4];     /* hashes of lower-case prefixes and suffixes, 1-4 code points */
    uint32_t word_id;            /* index of the lower-case form in the document's word table */
    uint32_t form;               /* index among the texts seen more than once, UINT32_MAX if once */
    uint32_t clus;               /* word cluster: path length << 24 | path (0: none) */
    uint32_t clus2;              /* the same in the second table (NX_NER_FEAT_CLUS2) */
    uint16_t gaz;                /* bit 2*list: a match starts here; bit 2*list+1: continues */
    uint8_t org;                 /* the same two bits for NX_GAZ_ORG */
    uint8_t doc;                 /* NX_NER_DOC_* */
    uint8_t dl; /* pass-1 types of the same word elsewhere (bit = type, 0x10 = O) */
    uint8_t p1; /* this token's pass-1 tag */
} nx_ner_tok;

#define NX_NER_DOC_SEEN_LOWER   0x01 /* the word occurs in lower case elsewhere */
#define NX_NER_DOC_SEEN_CAP_MID 0x02 /* ... capitalized inside a non-headline sentence */
#define NX_NER_DOC_HEADLINE     0x04 /* this token's sentence is an ALL-CAPS headline */

typedef struct nx_ner_ctx {
    const char *text;
    const nx_token *toks;
    size_t n_toks;
    const nx_sentence *sents;
    size_t n_sents;
    nx_ner_tok *tok;  /* n_toks entries */
    uint32_t *tsent;  /* sentence index of each token */
    size_t n_words;   /* distinct lower-case forms */
    size_t n_forms;   /* distinct texts (exact bytes) that occur more than once */
    uint32_t *wcount; /* n_words x 5 counts of pass-1 labels (4 types, O) */
    /* NX_NER_FEAT_AGG: the capitalized occurrences of each word in order:
     * agg_first[word_id] and agg_next[token] (UINT32_MAX ends the list);
     * NULL until nx_ner_ctx_prepare() */
    uint32_t *agg_first, *agg_next;
    int clusters;   /* tok[].clus is set: the cluster features are on */
    int clusters2;  /* tok[].clus2 is set: the second table's features are on */
    unsigned feats; /* NX_NER_FEAT_* of the model (nx_ner_tag sets it) */
} nx_ner_ctx;

/* Fill c for the tokens and sentences of a text (all borrowed; they must
 * outlive c). g may be NULL (no gazetteer features). lg, the place names of
 * the model's language, is NULL unless the model has NX_NER_FEAT_LANG_PLACES;
 * its country, region and city flags add to g's. Free with nx_ner_ctx_free(). */
nx_err nx_ner_ctx_build(nx_ner_ctx *c, const nx_gaz *g, const nx_gaz *lg, const char *text,
                        const nx_token *toks, size_t n_toks, const nx_sentence *sents,
                        size_t n_sents);
void nx_ner_ctx_free(nx_ner_ctx *c);

/* The word-cluster table (ner_clusters.c): Brown cluster bit strings of
 * words, looked up by the exact text and, failing that, by its lower case
 * (the most frequent casing's cluster). Read-only once built. */
typedef struct nx_ner_clusters {
    /* open addressing, mask + 1 slots of two words: the key's fingerprint
     * (0 = empty) and its code, path length << 24 | the first 24 bits of
     * the path, left-aligned */
    uint32_t *slots;
    size_t mask;
    size_t n_words;
    unsigned char *raw; /* the serialized section (what the model file holds); may be NULL */
    size_t raw_len;
    size_t bytes; /* memory of keys and code */
} nx_ner_clusters;

/* Read a paths file ("bits<TAB>word[<TAB>count]" lines, as brown-clusters
 * and wcluster write them). Free with nx_ner_clusters_free(). */
nx_err nx_ner_clusters_read(const char *path, nx_ner_clusters *cl, char *errstr,
                            size_t errstr_size);
/* Build the table from a serialized section at p (len bytes available);
 * *used receives its length (used may be NULL). NX_ERR_MODEL when bad. */
nx_err nx_ner_clusters_parse(nx_ner_clusters *cl, const unsigned char *p, size_t len, size_t *used);
/* Append the table's section to a model file written by nx_ner_model_write(). */
nx_err nx_ner_clusters_append(const char *path, const nx_ner_clusters *cl, char *errstr,
                              size_t errstr_size);
void nx_ner_clusters_free(nx_ner_clusters *cl);
/* The code of a word (hashes as in nx_ner_tok: word and lower), 0 if unknown. */
uint32_t nx_ner_clusters_get(const nx_ner_clusters *cl, uint64_t word, uint64_t lower);
/* Hash of a token's exact bytes (nx_ner_tok.word). */
uint64_t nx_ner_word_hash(const char *s, size_t len);

/* Set each token's cluster from cl and turn the cluster features on; with cl
 * NULL or empty they stay off and the features are those of a model
 * without clusters. */
void nx_ner_ctx_clusters(nx_ner_ctx *c, const nx_ner_clusters *cl);
/* The same for the second table (tok[].clus2, NX_NER_FEAT_CLUS2). */
void nx_ner_ctx_clusters2(nx_ner_ctx *c, const nx_ner_clusters *cl);

/* Build the document-wide tables that the optional features of c->feats
 * read (NX_NER_FEAT_AGG: the capitalized occurrences of each word); nothing
 * without them. nx_ner_tag() calls it; NX_ERR_NOMEM on failure. */
nx_err nx_ner_ctx_prepare(nx_ner_ctx *c);

/* Set each token's dl from pass-1 tags (one per token). */
void nx_ner_ctx_doclabels(nx_ner_ctx *c, const uint8_t *tags);

/* Feature rows of token i for pass 0 or 1 (pass 1 adds the document-label
 * features); rows are reduced to `bits` bits. Returns the number written
 * (at most NX_NER_MAXF). The rows are those of nx_ner_features_own()
 * followed by those of nx_ner_features_ctx() (and, in pass 1, of
 * nx_ner_features_dl()). */
size_t nx_ner_features(const nx_ner_ctx *c, size_t i, int pass, unsigned bits, uint32_t *rows);
/* The rows that depend on the token's text alone (bias, word, lower case,
 * shape, affixes): the same for every token with the same text. At most
 * NX_NER_OWN_MAXF. */
size_t nx_ner_features_own(const nx_ner_ctx *c, size_t i, unsigned bits, uint32_t *rows);
/* The rows of token i that depend on its context (pass 0's other rows). */
size_t nx_ner_features_ctx(const nx_ner_ctx *c, size_t i, unsigned bits, uint32_t *rows);
/* The document-label rows alone (the part pass 1 adds): always
 * NX_NER_DL_MAXF of them. */
size_t nx_ner_features_dl(const nx_ner_ctx *c, size_t i, unsigned bits, uint32_t *rows);

/* Whether tag b may follow tag a (a == NX_NER_NTAGS: sentence start). */
int nx_ner_allowed(unsigned a, unsigned b);

/* Best tag sequence for n tokens given emission scores (n x NX_NER_NTAGS) and
 * transition scores ((NX_NER_NTAGS + 1) x NX_NER_NTAGS, the last row from the
 * start). back is scratch of n x NX_NER_NTAGS bytes. */
void nx_ner_viterbi(const float *emit, size_t n, const float *trans, uint8_t *back, uint8_t *out);

/* Slot of the row index of a loaded pass: feature row -> stored row. */
typedef struct nx_ner_slot {
    uint32_t row; /* feature row, UINT32_MAX when the slot is empty */
    uint32_t idx; /* its weights are w[idx * NX_NER_NTAGS ...] */
} nx_ner_slot;

typedef struct nx_ner_model {
    unsigned bits; /* feature rows are hashed to `bits` bits; only non-zero rows are stored */
    unsigned passes;
    unsigned feats; /* NX_NER_FEAT_* */
    /* The rows stored by either pass, in one index: row k's weights are
     * cw[k * passes * NX_NER_NTAGS + pass * NX_NER_NTAGS + tag]. */
    int16_t *cw;
    nx_ner_slot *slots;
    size_t mask;
    size_t n_rows;
    float scale[2]; /* weight = stored value * scale */
    float trans[2][(NX_NER_NTAGS + 1) * NX_NER_NTAGS];
    void *mem;             /* the file's bytes while loading (freed once cw and slots are built) */
    size_t mem_len;        /* the file's size */
    size_t bytes;          /* memory held after loading: row index plus weights */
    char version[64];      /* "ner-1.0 (xxh64 ...)" */
    nx_ner_clusters clus;  /* the file's cluster table; n_words 0 when it has none */
    nx_ner_clusters clus2; /* its second table (NX_NER_FEAT_CLUS2), else empty */
} nx_ner_model;

/* Load a model file (one read). Free with nx_ner_model_free(). */
nx_err nx_ner_model_load(const char *path, nx_ner_model *m, char *errstr, size_t errstr_size);
void nx_ner_model_free(nx_ner_model *m);

/* Write a model (feats: NX_NER_FEAT_* it was trained with): w[p] has (1 << bits) x NX_NER_NTAGS
 * float weights and trans[p] the transitions of pass p; the weights are stored as int16 and only
 * the rows that are not all zero are written. */
nx_err nx_ner_model_write(const char *path, unsigned bits, unsigned passes, unsigned feats,
                          const float *const *w, const float *const *trans, char *errstr,
                          size_t errstr_size);

/* Tag every sentence of c (both passes). tags receives one tag per token.
 * When the model carries clusters and c has none yet, they are set first. */
nx_err nx_ner_tag(const nx_ner_model *m, nx_ner_ctx *c, uint8_t *tags);

#endif
