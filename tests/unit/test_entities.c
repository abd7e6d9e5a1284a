/*
 * test_entities.c - the entity stage: gazetteer look-ups, the model file,
 * Viterbi's tag constraints, the word-cluster table and the optional
 * feature sets, mention grouping, places, salience, the record's entity
 * fields and allocation failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "gazetteer.h"
#include "ner.h"
#include "nx_alloc.h"
#include "nx_core.h"
#include "nx_doc.h"
#include "segment.h"
#include "stage.h"

#define CONFIG NEWSX_SOURCE_DIR "/config"

static const char ARTICLE[] =
    "German Chancellor Angela Merkel met French President Emmanuel Macron in Paris on Monday.\n\n"
    "Merkel said Germany and France would work with the European Union and the "
    "International Monetary Fund (IMF) on the plan. Macron agreed.\n\n"
    "The IMF said in Washington that talks would go on. Reuters reported the meeting.\n";

/* Extract text with a default core; returns the parsed record. */
static json_t *extract(const char *text)
{
    char errstr[256];
    nx_core_opts opts;
    nx_core_opts_init(&opts);
    nx_core_t *core = nx_core_new(&opts, errstr, sizeof(errstr));
    assert_non_null(core);
    nx_buf out;
    nx_buf_init(&out, 0);
    assert_int_equal(nx_extract(core, text, strlen(text), NULL, &out, NULL, errstr, sizeof(errstr)),
                     NX_OK);
    json_error_t jerr;
    json_t *r = json_loadb(out.data, out.len, 0, &jerr);
    assert_non_null(r);
    nx_buf_free(&out);
    nx_core_destroy(core);
    return r;
}

static json_t *entity_named(json_t *r, const char *name)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(r, "entities"), i, e)
    {
        if (!strcmp(json_string_value(json_object_get(e, "name")), name))
            return e;
    }
    return NULL;
}

static int has_mention(json_t *e, const char *text)
{
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(e, "mentions"), i, m)
    {
        if (!strcmp(json_string_value(json_object_get(m, "text")), text))
            return 1;
    }
    return 0;
}

static void test_gazetteer(void **state)
{
    (void)state;
    nx_gaz *g = NULL;
    char errstr[256];
    assert_int_equal(nx_gaz_load(CONFIG "/gazetteers", &g, errstr, sizeof(errstr)), NX_OK);
    uint32_t first;
    /* case-insensitive, spaces ignored */
    unsigned f = nx_gaz_lookup(g, nx_gaz_key_add(NX_GAZ_KEY_INIT, "MOSCOW", 6), &first);
    assert_true(f & NX_GAZ_CITY);
    assert_true(f & NX_GAZ_CITY_BIG);
    int found_ru = 0;
    for (uint32_t i = first; i != UINT32_MAX; i = nx_gaz_place_at(g, i)->next)
        found_ru |= !strcmp(nx_gaz_place_at(g, i)->country, "RU");
    assert_true(found_ru);
    /* a key built token by token equals the name's key */
    uint64_t k = NX_GAZ_KEY_INIT;
    k = nx_gaz_key_add(k, "United", 6);
    k = nx_gaz_key_add(k, "States", 6);
    assert_int_equal(k, nx_gaz_key_add(NX_GAZ_KEY_INIT, "united states", 13));
    f = nx_gaz_lookup(g, k, &first);
    assert_true(f & NX_GAZ_COUNTRY);
    assert_string_equal(nx_gaz_place_at(g, first)->country, "US");
    assert_true(nx_gaz_lookup(g, nx_gaz_key_add(NX_GAZ_KEY_INIT, "Mary", 4), NULL) & NX_GAZ_GIVEN);
    assert_int_equal(nx_gaz_lookup(g, nx_gaz_key_add(NX_GAZ_KEY_INIT, "Qzxqzx", 6), &first), 0);
    assert_int_equal(first, UINT32_MAX);
    nx_gaz_free(g);
    /* a missing directory is a model error, not a crash */
    assert_int_equal(nx_gaz_load("/nonexistent", &g, errstr, sizeof(errstr)), NX_ERR_MODEL);
    assert_null(g);
}

static void test_model_file(void **state)
{
    (void)state;
    nx_ner_model m;
    char errstr[256];
    assert_int_equal(nx_ner_model_load(CONFIG "/models/ner.bin", &m, errstr, sizeof(errstr)),
                     NX_OK);
    assert_int_equal(m.passes, 2);
    assert_true(m.n_rows > 1000);
    assert_true(m.mem_len <= 30u << 20);
    assert_non_null(strstr(m.version, "ner-1.0 (xxh64 "));
    nx_ner_model_free(&m);

    /* a truncated copy is rejected */
    char path[32] = "/tmp/nx-ner-";
    memset(path + strlen(path), 'X', 6); /* mkstemp's template */
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    fputs(NX_NER_MAGIC, f);
    uint32_t hdr[4] = {22, 2, NX_NER_NTAGS, 0};
    fwrite(hdr, 4, 4, f);
    fclose(f);
    assert_int_equal(nx_ner_model_load(path, &m, errstr, sizeof(errstr)), NX_ERR_MODEL);
    remove(path);
    assert_int_equal(nx_ner_model_load("/nonexistent/ner.bin", &m, errstr, sizeof(errstr)),
                     NX_ERR_MODEL);
}

/* A model with NX_NER_FEAT_LANG_PLACES: the place features also match the
 * language's own names ("Alemanha"); English models do not ask for them. */
static void test_lang_places(void **state)
{
    (void)state;
    char errstr[256];
    nx_gaz *g = NULL, *lg = NULL;
    assert_int_equal(nx_gaz_load(CONFIG "/gazetteers", &g, errstr, sizeof(errstr)), NX_OK);
    assert_int_equal(nx_gaz_load_places(CONFIG "/lang/pt/places.tsv", &lg, errstr, sizeof(errstr)),
                     NX_OK);
    nx_core_opts opts;
    nx_core_opts_init(&opts);
    nx_doc doc;
    nx_doc_init(&doc, NULL, &opts);
    static const char TEXT[] = "O governo da Alemanha reuniu-se em Lisboa.\n";
    doc.text = nx_strndup(TEXT, strlen(TEXT));
    doc.text_len = strlen(doc.text);
    assert_int_equal(nx_segment(&doc, errstr, sizeof(errstr)), NX_OK);
    size_t k = doc.n_toks;
    for (size_t i = 0; i < doc.n_toks; i++)
        if (doc.toks[i].end - doc.toks[i].start == 8 &&
            !memcmp(doc.text + doc.toks[i].start, "Alemanha", 8))
            k = i;
    assert_true(k < doc.n_toks);
    nx_ner_ctx a, b;
    assert_int_equal(
        nx_ner_ctx_build(&a, g, NULL, doc.text, doc.toks, doc.n_toks, doc.sents, doc.n_sents),
        NX_OK);
    assert_int_equal(
        nx_ner_ctx_build(&b, g, lg, doc.text, doc.toks, doc.n_toks, doc.sents, doc.n_sents), NX_OK);
    assert_false(a.tok[k].gaz & 1u); /* NX_GAZ_COUNTRY, first token of a match */
    assert_true(b.tok[k].gaz & 1u);
    assert_int_equal(a.tok[0].gaz, b.tok[0].gaz); /* "O": no place either way */
    nx_ner_ctx_free(&a);
    nx_ner_ctx_free(&b);
    nx_doc_free(&doc);
    nx_gaz_free(lg);
    nx_gaz_free(g);

    nx_ner_model m;
    assert_int_equal(nx_ner_model_load(CONFIG "/models/ner.bin", &m, errstr, sizeof(errstr)),
                     NX_OK);
    assert_false(m.feats & NX_NER_FEAT_LANG_PLACES);
    nx_ner_model_free(&m);
    if (!nx_ner_model_load(CONFIG "/models/ner-pt.bin", &m, errstr, sizeof(errstr))) {
        assert_true(m.feats & NX_NER_FEAT_LANG_PLACES);
        nx_ner_model_free(&m);
    }
}

/* A temporary file name (mkstemp); the file exists and is empty. */
static void temp_path(char *path, size_t size, const char *prefix)
{
    snprintf(path, size, "/tmp/%sXXXXXX", prefix);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
}

static void test_clusters(void **state)
{
    (void)state;
    char errstr[256], paths[64], model[64];
    temp_path(paths, sizeof(paths), "nx-paths-");
    FILE *f = fopen(paths, "w");
    assert_non_null(f);
    fputs("0110\tApple\t50\n0111\tapple\t40\n1011011011011011011011011\tParis\t30\n", f);
    fclose(f);
    nx_ner_clusters cl;
    assert_int_equal(nx_ner_clusters_read(paths, &cl, errstr, sizeof(errstr)), NX_OK);
    assert_int_equal(cl.n_words, 3);
    uint64_t lo = nx_gaz_key_add(NX_GAZ_KEY_INIT, "apple", 5);
    /* exact text first; the lower case gives the first (most frequent) casing */
    assert_int_equal(nx_ner_clusters_get(&cl, nx_ner_word_hash("Apple", 5), lo),
                     4u << 24 | 0x600000u);
    assert_int_equal(nx_ner_clusters_get(&cl, nx_ner_word_hash("apple", 5), lo),
                     4u << 24 | 0x700000u);
    assert_int_equal(nx_ner_clusters_get(&cl, nx_ner_word_hash("APPLE", 5), lo),
                     4u << 24 | 0x600000u);
    /* paths longer than 24 bits keep their first 24 */
    assert_int_equal(nx_ner_clusters_get(&cl, nx_ner_word_hash("Paris", 5), 0),
                     24u << 24 | 0xB6DB6Du);
    assert_int_equal(nx_ner_clusters_get(&cl, nx_ner_word_hash("Pear", 4),
                                         nx_gaz_key_add(NX_GAZ_KEY_INIT, "pear", 4)),
                     0);

    /* the features: a context with clusters has the rows of one without,
     * plus its own */
    nx_core_opts opts;
    nx_core_opts_init(&opts);
    nx_doc doc;
    nx_doc_init(&doc, NULL, &opts);
    doc.text = nx_strndup("Apple opened a shop in Paris on Monday.\n", 40);
    doc.text_len = strlen(doc.text);
    assert_int_equal(nx_segment(&doc, errstr, sizeof(errstr)), NX_OK);
    nx_ner_ctx a, b;
    assert_int_equal(
        nx_ner_ctx_build(&a, NULL, NULL, doc.text, doc.toks, doc.n_toks, doc.sents, doc.n_sents),
        NX_OK);
    assert_int_equal(
        nx_ner_ctx_build(&b, NULL, NULL, doc.text, doc.toks, doc.n_toks, doc.sents, doc.n_sents),
        NX_OK);
    nx_ner_ctx_clusters(&b, &cl);
    assert_true(b.clusters);
    assert_int_equal(b.tok[0].clus, 4u << 24 | 0x600000u);
    for (size_t i = 0; i < doc.n_toks; i++) {
        uint32_t ra[NX_NER_MAXF], rb[NX_NER_MAXF];
        size_t na = nx_ner_features_own(&a, i, 22, ra), nb = nx_ner_features_own(&b, i, 22, rb);
        assert_true(na <= NX_NER_OWN_MAXF && nb <= NX_NER_OWN_MAXF);
        assert_true(nb > na);
        assert_memory_equal(ra, rb, na * sizeof(uint32_t));
        na = nx_ner_features_ctx(&a, i, 22, ra);
        nb = nx_ner_features_ctx(&b, i, 22, rb);
        assert_int_equal(nb, na + 2);
    }
    /* a second table (NX_NER_FEAT_CLUS2) adds its own rows to both sets */
    nx_ner_ctx_clusters2(&b, &cl);
    assert_true(b.clusters2);
    assert_int_equal(b.tok[0].clus2, 4u << 24 | 0x600000u);
    for (size_t i = 0; i < doc.n_toks; i++) {
        uint32_t ra[NX_NER_MAXF], rb[NX_NER_MAXF];
        size_t na = nx_ner_features_own(&a, i, 22, ra), nb = nx_ner_features_own(&b, i, 22, rb);
        assert_true(nb <= NX_NER_OWN_MAXF);
        assert_true(nb >= na + 2);
        assert_memory_equal(ra, rb, na * sizeof(uint32_t));
        na = nx_ner_features_ctx(&a, i, 22, ra);
        nb = nx_ner_features_ctx(&b, i, 22, rb);
        assert_int_equal(nb, na + 4);
    }
    nx_ner_ctx_free(&a);
    nx_ner_ctx_free(&b);
    nx_doc_free(&doc);

    /* a model file with the table and a feature flag, and one without */
    temp_path(model, sizeof(model), "nx-ner-");
    size_t nw = ((size_t)1 << 12) * NX_NER_NTAGS;
    float *w = calloc(nw, sizeof(float)), tr[(NX_NER_NTAGS + 1) * NX_NER_NTAGS] = {0};
    assert_non_null(w);
    w[5 * NX_NER_NTAGS + 1] = 1.5f;
    const float *ws[2] = {w, w}, *ts[2] = {tr, tr};
    nx_ner_model m;
    assert_int_equal(
        nx_ner_model_write(model, 12, 2, NX_NER_FEAT_ORGS, ws, ts, errstr, sizeof(errstr)), NX_OK);
    assert_int_equal(nx_ner_clusters_append(model, &cl, errstr, sizeof(errstr)), NX_OK);
    assert_int_equal(nx_ner_model_load(model, &m, errstr, sizeof(errstr)), NX_OK);
    assert_int_equal(m.clus.n_words, 3);
    assert_int_equal(m.feats, NX_NER_FEAT_ORGS);
    assert_int_equal(nx_ner_clusters_get(&m.clus, nx_ner_word_hash("Apple", 5), 0),
                     4u << 24 | 0x600000u);
    nx_ner_model_free(&m);
    /* with NX_NER_FEAT_CLUS2 a second section follows; without the flag it is rejected */
    assert_int_equal(
        nx_ner_model_write(model, 12, 2, NX_NER_FEAT_CLUS2, ws, ts, errstr, sizeof(errstr)), NX_OK);
    assert_int_equal(nx_ner_clusters_append(model, &cl, errstr, sizeof(errstr)), NX_OK);
    assert_int_equal(nx_ner_clusters_append(model, &cl, errstr, sizeof(errstr)), NX_OK);
    assert_int_equal(nx_ner_model_load(model, &m, errstr, sizeof(errstr)), NX_OK);
    assert_int_equal(m.clus.n_words, 3);
    assert_int_equal(m.clus2.n_words, 3);
    assert_int_equal(nx_ner_clusters_get(&m.clus2, nx_ner_word_hash("Apple", 5), 0),
                     4u << 24 | 0x600000u);
    nx_ner_model_free(&m);
    assert_int_equal(nx_ner_model_write(model, 12, 2, 0, ws, ts, errstr, sizeof(errstr)), NX_OK);
    assert_int_equal(nx_ner_clusters_append(model, &cl, errstr, sizeof(errstr)), NX_OK);
    assert_int_equal(nx_ner_clusters_append(model, &cl, errstr, sizeof(errstr)), NX_OK);
    assert_int_equal(nx_ner_model_load(model, &m, errstr, sizeof(errstr)), NX_ERR_MODEL);
    assert_int_equal(nx_ner_model_write(model, 12, 2, 0, ws, ts, errstr, sizeof(errstr)), NX_OK);
    assert_int_equal(nx_ner_model_load(model, &m, errstr, sizeof(errstr)), NX_OK);
    assert_int_equal(m.clus.n_words, 0);
    assert_int_equal(m.feats, 0);
    nx_ner_model_free(&m);
    /* a cut cluster section is rejected */
    assert_int_equal(nx_ner_model_write(model, 12, 2, 0, ws, ts, errstr, sizeof(errstr)), NX_OK);
    f = fopen(model, "ab");
    assert_non_null(f);
    fwrite(cl.raw, 1, cl.raw_len - 3, f);
    fclose(f);
    assert_int_equal(nx_ner_model_load(model, &m, errstr, sizeof(errstr)), NX_ERR_MODEL);
    free(w);
    remove(model);
    remove(paths);
    nx_ner_clusters_free(&cl);
    /* a file that is not a paths file */
    assert_int_equal(
        nx_ner_clusters_read(CONFIG "/gazetteers/known-names.tsv", &cl, errstr, sizeof(errstr)),
        NX_ERR_MODEL);
}

/* The index of the first token of doc with text w (n_toks when none). */
static size_t tok_index(const nx_doc *doc, const char *w, size_t from)
{
    for (size_t i = from; i < doc->n_toks; i++)
        if (doc->toks[i].end - doc->toks[i].start == strlen(w) &&
            !memcmp(doc->text + doc->toks[i].start, w, strlen(w)))
            return i;
    return doc->n_toks;
}

/* 1 when every row of a[0 .. na) is among b[0 .. nb). */
static int rows_within(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    for (size_t i = 0; i < na; i++) {
        size_t k = 0;
        while (k < nb && b[k] != a[i])
            k++;
        if (k == nb)
            return 0;
    }
    return 1;
}

/* NX_NER_FEAT_AGG: a context with it has the rows of one without, plus, for
 * a capitalized word, two per other capitalized occurrence of it (at most
 * four): the words around that occurrence. */
static void test_document_features(void **state)
{
    (void)state;
    char errstr[256];
    nx_core_opts opts;
    nx_core_opts_init(&opts);
    nx_doc doc;
    nx_doc_init(&doc, NULL, &opts);
    static const char TEXT[] = "Magna rose on Monday.\n"
                               "Analysts said Magna would gain.\n"
                               "Magna, Magna and Magna, Magna or MAGNA.\n"
                               "Leeds won at home.\n";
    doc.text = nx_strndup(TEXT, strlen(TEXT));
    doc.text_len = strlen(doc.text);
    assert_int_equal(nx_segment(&doc, errstr, sizeof(errstr)), NX_OK);
    assert_int_equal(doc.n_sents, 4);
    size_t magna_n = 0;
    for (size_t i = tok_index(&doc, "Magna", 0); i < doc.n_toks;
         i = tok_index(&doc, "Magna", i + 1))
        magna_n++;
    assert_int_equal(magna_n, 6); /* and "MAGNA", the same word */
    nx_ner_ctx a, b;
    assert_int_equal(
        nx_ner_ctx_build(&a, NULL, NULL, doc.text, doc.toks, doc.n_toks, doc.sents, doc.n_sents),
        NX_OK);
    assert_int_equal(
        nx_ner_ctx_build(&b, NULL, NULL, doc.text, doc.toks, doc.n_toks, doc.sents, doc.n_sents),
        NX_OK);
    assert_int_equal(nx_ner_ctx_prepare(&a), NX_OK);
    assert_null(a.agg_next);
    b.feats = NX_NER_FEAT_AGG;
    assert_int_equal(nx_ner_ctx_prepare(&b), NX_OK);
    assert_non_null(b.agg_next);
    size_t magna = tok_index(&doc, "Magna", 0), rose = tok_index(&doc, "rose", 0),
           monday = tok_index(&doc, "Monday", 0), leeds = tok_index(&doc, "Leeds", 0);
    assert_true(magna < doc.n_toks && rose < doc.n_toks && monday < doc.n_toks &&
                leeds < doc.n_toks);
    for (size_t i = 0; i < doc.n_toks; i++) {
        uint32_t ra[NX_NER_MAXF], rb[NX_NER_MAXF];
        size_t na = nx_ner_features_ctx(&a, i, 22, ra), nb = nx_ner_features_ctx(&b, i, 22, rb);
        assert_true(rows_within(ra, na, rb, nb));
        /* "Magna" has seven other occurrences (one in capitals): four are read */
        size_t extra = i == magna ? 8 : i == monday || i == leeds || i == rose ? 0 : nb - na;
        assert_int_equal(nb, na + extra);
    }
    /* the second "Magna" sees the first one's neighbours: other rows */
    uint32_t r1[NX_NER_MAXF], r2[NX_NER_MAXF];
    size_t m2 = tok_index(&doc, "Magna", magna + 1);
    assert_true(m2 < doc.n_toks);
    size_t n1 = nx_ner_features_ctx(&b, magna, 22, r1), n2 = nx_ner_features_ctx(&b, m2, 22, r2);
    assert_false(rows_within(r1, n1, r2, n2));
    nx_ner_ctx_free(&a);
    nx_ner_ctx_free(&b);
    nx_doc_free(&doc);
}

static void test_viterbi_constraints(void **state)
{
    (void)state;
    enum { T = NX_NER_NTAGS };
    /* emissions that favour I-PER everywhere: the first tag must still be a
     * B (I may not start a sentence) and I-ORG may not follow B-PER */
    float emit[3 * T], trans[(T + 1) * T];
    uint8_t back[3 * T], out[3];
    memset(trans, 0, sizeof(trans));
    for (int i = 0; i < 3; i++)
        for (int t = 0; t < T; t++)
            emit[i * T + t] = t == 2 ? 5.0f : t == 4 ? 4.0f : t == 1 ? 3.0f : 0.0f;
    nx_ner_viterbi(emit, 3, trans, back, out);
    assert_int_equal(out[0], 1); /* B-PER */
    assert_int_equal(out[1], 2); /* I-PER */
    assert_int_equal(out[2], 2);
    assert_false(nx_ner_allowed(0, 2));
    assert_false(nx_ner_allowed(T, 4));
    assert_false(nx_ner_allowed(1, 4));
    assert_true(nx_ner_allowed(3, 4));
    assert_true(nx_ner_allowed(2, 7));
}

static void test_grouping_and_places(void **state)
{
    (void)state;
    json_t *r = extract(ARTICLE);
    const char *text = json_string_value(json_object_get(r, "text"));
    assert_non_null(text);
    json_t *merkel = entity_named(r, "Angela Merkel");
    assert_non_null(merkel);
    assert_string_equal(json_string_value(json_object_get(merkel, "type")), "PERSON");
    assert_true(has_mention(merkel, "Merkel"));
    assert_int_equal(json_integer_value(json_object_get(merkel, "count")), 2);
    json_t *macron = entity_named(r, "Emmanuel Macron");
    assert_non_null(macron);
    assert_true(has_mention(macron, "Macron"));
    /* acronym after its expansion */
    json_t *imf = entity_named(r, "International Monetary Fund");
    assert_non_null(imf);
    assert_string_equal(json_string_value(json_object_get(imf, "type")), "ORG");
    assert_true(has_mention(imf, "IMF"));
    assert_null(entity_named(r, "IMF"));
    /* places */
    json_t *paris = entity_named(r, "Paris");
    assert_non_null(paris);
    json_t *pl = json_object_get(paris, "place");
    assert_non_null(pl);
    assert_string_equal(json_string_value(json_object_get(pl, "country")), "FR");
    assert_string_equal(json_string_value(json_object_get(pl, "kind")), "city");
    json_t *de = json_object_get(entity_named(r, "Germany"), "place");
    assert_non_null(de);
    assert_string_equal(json_string_value(json_object_get(de, "country")), "DE");
    assert_string_equal(json_string_value(json_object_get(de, "kind")), "country");
    /* ids in order, offsets exact (code points), salience in range and ordered */
    size_t i;
    json_t *e;
    long prev_first = -1;
    json_array_foreach(json_object_get(r, "entities"), i, e)
    {
        char id[32];
        snprintf(id, sizeof(id), "E%zu", i + 1);
        assert_string_equal(json_string_value(json_object_get(e, "id")), id);
        double s = json_real_value(json_object_get(e, "salience"));
        assert_true(s >= 0.0 && s <= 1.0);
        size_t k;
        json_t *m;
        long first = -1;
        json_array_foreach(json_object_get(e, "mentions"), k, m)
        {
            long st = (long)json_integer_value(json_object_get(m, "start"));
            long en = (long)json_integer_value(json_object_get(m, "end"));
            const char *mt = json_string_value(json_object_get(m, "text"));
            /* ASCII article: code points are bytes */
            assert_true(st >= 0 && en > st && (size_t)en <= strlen(text));
            assert_int_equal((size_t)(en - st), strlen(mt));
            assert_memory_equal(text + st, mt, strlen(mt));
            if (first < 0)
                first = st;
        }
        assert_true(first > prev_first);
        prev_first = first;
    }
    /* Merkel: first, twice, in the lead; Reuters: last, once */
    double sm = json_real_value(json_object_get(merkel, "salience"));
    double sr = json_real_value(json_object_get(entity_named(r, "Reuters"), "salience"));
    assert_true(sm > sr);
    json_decref(r);
}

static void test_headline_and_possessive(void **state)
{
    (void)state;
    json_t *r = extract("Russia's economy grew while China's slowed, officials in Moscow said.\n");
    json_t *ru = entity_named(r, "Russia");
    assert_non_null(ru);
    /* the possessive ending is not part of the mention */
    assert_true(has_mention(ru, "Russia"));
    assert_string_equal(json_string_value(json_object_get(ru, "type")), "LOC");
    json_decref(r);
}

static void test_empty_and_determinism(void **state)
{
    (void)state;
    json_t *r = extract("nothing to see here, all lower case.\n");
    assert_int_equal(json_array_size(json_object_get(r, "entities")), 0);
    json_decref(r);
    json_t *a = extract(ARTICLE), *b = extract(ARTICLE);
    assert_true(json_equal(json_object_get(a, "entities"), json_object_get(b, "entities")));
    json_decref(a);
    json_decref(b);
}

/* A document longer than the tagger's row cache (16,384 tokens) takes the
 * path that computes pass-1 rows again for pass 2: same entities per copy. */
static void test_long_document(void **state)
{
    (void)state;
    size_t copies = 300, n = strlen(ARTICLE);
    char *big = malloc(copies * n + 1);
    assert_non_null(big);
    for (size_t i = 0; i < copies; i++)
        memcpy(big + i * n, ARTICLE, n);
    big[copies * n] = '\0';
    json_t *one = extract(ARTICLE), *r = extract(big);
    free(big);
    json_t *m1 = entity_named(one, "Angela Merkel"), *m300 = entity_named(r, "Angela Merkel");
    assert_non_null(m300);
    assert_int_equal(json_integer_value(json_object_get(m300, "count")),
                     copies * (size_t)json_integer_value(json_object_get(m1, "count")));
    json_t *p300 = entity_named(r, "Paris");
    assert_non_null(p300);
    assert_int_equal(json_integer_value(json_object_get(p300, "count")), copies);
    json_decref(one);
    json_decref(r);
}

/* Every allocation of an extraction may fail: the result is NX_OK or
 * NX_ERR_NOMEM, never a crash (the sanitizer build checks for leaks). */
static void test_alloc_failures(void **state)
{
    (void)state;
    char errstr[256];
    nx_core_opts opts;
    nx_core_opts_init(&opts);
    nx_core_t *core = nx_core_new(&opts, errstr, sizeof(errstr));
    assert_non_null(core);
    int ok = 0;
    for (unsigned long n = 1; n < 2000 && !ok; n++) {
        nx_buf out;
        nx_buf_init(&out, 0);
        nx_alloc_fail_at(n);
        nx_err e =
            nx_extract(core, ARTICLE, strlen(ARTICLE), NULL, &out, NULL, errstr, sizeof(errstr));
        nx_alloc_fail_at(0);
        assert_true(e == NX_OK || e == NX_ERR_NOMEM);
        ok = e == NX_OK && nx_alloc_count() < n;
        nx_buf_free(&out);
    }
    assert_true(ok);
    nx_core_destroy(core);
    /* the stage's init under allocation failure */
    for (unsigned long n = 1; n < 64; n++) {
        void *st = NULL;
        nx_alloc_fail_at(n);
        nx_err e = nx_stage_entities.init(&opts, &st, errstr, sizeof(errstr));
        nx_alloc_fail_at(0);
        assert_true(e == NX_OK || e == NX_ERR_NOMEM);
        if (e == NX_OK)
            nx_stage_entities.free_state(st);
        else
            assert_null(st);
    }
    /* a config dir without the model */
    opts.config_dir = "/nonexistent";
    assert_null(nx_core_new(&opts, errstr, sizeof(errstr)));
}

/* extractor.stages.entities and the number of entities of text extracted
 * with opts.languages = langs. */
static void extract_langs(const char *langs, const char *text, char *status, size_t status_size,
                          size_t *n_entities, char *model, size_t model_size)
{
    char errstr[256];
    nx_core_opts opts;
    nx_core_opts_init(&opts);
    opts.languages = langs;
    nx_core_t *core = nx_core_new(&opts, errstr, sizeof(errstr));
    assert_non_null(core);
    nx_buf out;
    nx_buf_init(&out, 0);
    assert_int_equal(nx_extract(core, text, strlen(text), NULL, &out, NULL, errstr, sizeof(errstr)),
                     NX_OK);
    json_error_t jerr;
    json_t *r = json_loadb(out.data, out.len, 0, &jerr);
    assert_non_null(r);
    json_t *ex = json_object_get(r, "extractor");
    snprintf(status, status_size, "%s",
             json_string_value(json_object_get(json_object_get(ex, "stages"), "entities")));
    snprintf(model, model_size, "%s",
             json_string_value(json_object_get(json_object_get(ex, "models"), "entities")));
    *n_entities = json_array_size(json_object_get(r, "entities"));
    json_decref(r);
    nx_buf_free(&out);
    nx_core_destroy(core);
}

/* A model per language: the German article is tagged by the German model
 * when it is loaded (by default: every model shipped), skipped when only
 * English is; a bad or missing language stops nx_core_new(). */
static void test_languages(void **state)
{
    (void)state;
    static const char DE[] =
        "{\"lang\": \"de\", \"text\": \"Berlin (dpa) - Bundeskanzler Friedrich Merz hat am "
        "Montag in Paris mit dem franz\u00f6sischen Pr\u00e4sidenten Emmanuel Macron \u00fcber "
        "weitere Hilfen f\u00fcr die Ukraine gesprochen. Die Gespr\u00e4che h\u00e4tten fast "
        "drei Stunden gedauert, hie\u00df es aus Regierungskreisen.\"}";
    char status[64], model[96], en_model[96];
    size_t n = 0;
    extract_langs("en", ARTICLE, status, sizeof(status), &n, en_model, sizeof(en_model));
    assert_string_equal(status, "ok");
    assert_true(n > 0);
    extract_langs("en", DE, status, sizeof(status), &n, model, sizeof(model));
    assert_string_equal(status, "skipped: language");
    assert_int_equal(n, 0);
    FILE *f = fopen(CONFIG "/models/ner-de.bin", "rb");
    if (f) {
        fclose(f);
        extract_langs(NULL, DE, status, sizeof(status), &n, model, sizeof(model));
        assert_string_equal(status, "ok");
        assert_true(n >= 4);
        assert_string_not_equal(model, en_model);
        extract_langs(" de, en ", DE, status, sizeof(status), &n, model, sizeof(model));
        assert_string_equal(status, "ok");
    }
    char errstr[256];
    nx_core_opts opts;
    nx_core_opts_init(&opts);
    static const char *const bad[] = {"EN", "en,xx", "e", "en;de"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        opts.languages = bad[i];
        assert_null(nx_core_new(&opts, errstr, sizeof(errstr)));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gazetteer),
        cmocka_unit_test(test_model_file),
        cmocka_unit_test(test_clusters),
        cmocka_unit_test(test_lang_places),
        cmocka_unit_test(test_document_features),
        cmocka_unit_test(test_viterbi_constraints),
        cmocka_unit_test(test_grouping_and_places),
        cmocka_unit_test(test_headline_and_possessive),
        cmocka_unit_test(test_empty_and_determinism),
        cmocka_unit_test(test_long_document),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_languages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
