/*
 * ner.c - development score of the entity stage on CoNLL-2003 JSON lines.
 *
 * Usage: eval-ner [--errors N] [--repeat N] [--lang CODE] [--config DIR]
 *                 [--source NAME] [--drop-orig LIST] [--min-f1 X] [--tag OUT]
 *                 FILE.jsonl
 *
 * --lang (default en) is the language the documents are tagged as (the
 * model config/models/ner-CODE.bin, ner.bin for en; only that one is
 * loaded); --config reads the models and gazetteers from DIR instead of
 * the repository's config/. --source scores only the documents whose
 * "source" field is NAME (otherwise all, and each source apart as well);
 * --drop-orig leaves out the gold spans whose "orig_type" is in the
 * comma-separated LIST (GermEval's part types).
 *
 * Each line holds "text" (the space-separated CoNLL tokens, one sentence a
 * line) and "entities" (gold spans in code points with types PER, ORG, LOC,
 * MISC). The text goes through the core's own stages as a doc: nx_segment()
 * and then the registered entity stage (model and gazetteers loaded by its
 * init, exactly as nx_core_new() does); every predicted mention is converted
 * from bytes to code points and takes its entity's type, as in the record.
 * Scores are entity-level, exact span and type (conlleval's rule):
 * precision, recall and F1 overall and per type. Also prints the stage's
 * speed (words/s on one core, words as stats.words counts them) and the
 * memory of the loaded model and gazetteers. --errors N prints N misses;
 * --min-f1 X exits 1 when the overall F1 is below X (the ctest test
 * unit.entities_xdomain runs it on tests/data/entities/xdomain.jsonl).
 * --tag OUT also writes each document back to OUT as a JSON line in the
 * input's own format ("id", "source", "text" and the predicted "entities"
 * in code points), so that any text (without gold entities) can be tagged
 * for self-training (tests/train/ner_selftrain.py).
 * Not a ctest test; the numbers are recorded in docs/quality.md.
 */
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
#include "stage.h"

static const char *const TYPES[4] = {"PER", "ORG", "LOC", "MISC"};

/* Counts of one source (or of all, index 0). */
#define MAX_SOURCES 8
typedef struct score {
    char name[32];
    size_t tp[4], fp[4], fn[4];
} score;

/* 1 when the comma-separated list has the word w. */
static int listed(const char *list, const char *w)
{
    size_t n = w ? strlen(w) : 0;
    for (const char *p = list; n && p && *p;) {
        size_t k = strcspn(p, ",");
        if (k == n && !memcmp(p, w, n))
            return 1;
        p += k + (p[k] == ',');
    }
    return 0;
}

typedef struct gspan {
    size_t start, end;
    int type;
    int hit;
} gspan;

static int type_of(const char *s)
{
    for (int t = 0; t < 4; t++)
        if (s && !strcmp(s, TYPES[t]))
            return t;
    return -1;
}

/* CPU time of this thread: the speed of one core, whatever else runs. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Writes the document j with its predicted mentions (code points cp[]) as
 * one JSON line to f; returns nonzero on failure. */
static int tag_doc(FILE *f, json_t *j, const nx_doc *doc, const size_t *cp)
{
    json_t *o = json_object();
    json_t *ents = json_array();
    if (!o || !ents)
        return 1;
    const char *keys[] = {"id", "source", "text"};
    for (int k = 0; k < 3; k++) {
        json_t *v = json_object_get(j, keys[k]);
        if (v)
            json_object_set(o, keys[k], v);
    }
    for (size_t m = 0; m < doc->n_mentions; m++) {
        const nx_mention *mn = &doc->mentions[m];
        json_t *e = json_object();
        json_object_set_new(e, "start", json_integer((json_int_t)cp[mn->start]));
        json_object_set_new(e, "end", json_integer((json_int_t)cp[mn->end]));
        json_object_set_new(e, "type", json_string(TYPES[doc->entities[mn->entity].type]));
        json_object_set_new(e, "text", json_stringn(doc->text + mn->start, mn->end - mn->start));
        json_array_append_new(ents, e);
    }
    json_object_set_new(o, "entities", ents);
    char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(o);
    if (!s)
        return 1;
    int bad = fprintf(f, "%s\n", s) < 0;
    free(s);
    return bad;
}

/* Prints the scores; returns F1. */
static double prf(const char *label, size_t tp, size_t fp, size_t fn)
{
    double p = tp + fp ? 100.0 * (double)tp / (double)(tp + fp) : 0.0;
    double r = tp + fn ? 100.0 * (double)tp / (double)(tp + fn) : 0.0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    printf("%-8s P %6.2f  R %6.2f  F1 %6.2f   (gold %zu, predicted %zu, correct %zu)\n", label, p,
           r, f, tp + fn, tp + fp, tp);
    return f;
}

int main(int argc, char **argv)
{
    long errors = 0, repeat = 1;
    double min_f1 = -1, f1 = 0;
    const char *path = NULL, *lang = "en", *config = NULL, *only = NULL, *drop = NULL;
    const char *tag_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--errors") && i + 1 < argc)
            errors = atol(argv[++i]);
        else if (!strcmp(argv[i], "--lang") && i + 1 < argc)
            lang = argv[++i];
        else if (!strcmp(argv[i], "--config") && i + 1 < argc)
            config = argv[++i];
        else if (!strcmp(argv[i], "--source") && i + 1 < argc)
            only = argv[++i];
        else if (!strcmp(argv[i], "--drop-orig") && i + 1 < argc)
            drop = argv[++i];
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = atol(argv[++i]);
        else if (!strcmp(argv[i], "--min-f1") && i + 1 < argc)
            min_f1 = atof(argv[++i]);
        else if (!strcmp(argv[i], "--tag") && i + 1 < argc)
            tag_path = argv[++i];
        else
            path = argv[i];
    }
    if (!path || repeat < 1 || strlen(lang) > 7) {
        fprintf(stderr, "usage: eval-ner [--errors N] [--repeat N] [--lang CODE] [--config DIR] "
                        "[--source NAME] [--drop-orig LIST] [--min-f1 X] [--tag OUT] "
                        "FILE.jsonl\n");
        return 2;
    }
    nx_core_opts opts;
    nx_core_opts_init(&opts);
    opts.languages = lang;
    opts.config_dir = config;
    char errstr[512];
    void *state = NULL;
    double t0 = now_s();
    if (nx_stage_entities.init(&opts, &state, errstr, sizeof(errstr))) {
        fprintf(stderr, "eval-ner: %s\n", errstr);
        return 1;
    }
    double t_init = now_s() - t0;
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "eval-ner: cannot open %s\n", path);
        return 1;
    }
    FILE *tf = tag_path ? fopen(tag_path, "w") : NULL;
    if (tag_path && !tf) {
        fprintf(stderr, "eval-ner: cannot write %s\n", tag_path);
        return 1;
    }
    score sc[MAX_SOURCES + 1];
    memset(sc, 0, sizeof(sc));
    size_t n_sc = 1;
    size_t words = 0, docs = 0;
    double t_stage = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) > 0) {
        json_error_t jerr;
        json_t *j = json_loadb(line, (size_t)len, 0, &jerr);
        if (!j) {
            fprintf(stderr, "eval-ner: bad JSON: %s\n", jerr.text);
            return 1;
        }
        const char *src = json_string_value(json_object_get(j, "source"));
        if (only && (!src || strcmp(src, only))) {
            json_decref(j);
            continue;
        }
        size_t si = 1;
        while (src && si < n_sc && strcmp(sc[si].name, src))
            si++;
        if (src && si == n_sc && n_sc <= MAX_SOURCES)
            snprintf(sc[n_sc++].name, sizeof(sc[0].name), "%s", src);
        score *ss = src && si < n_sc ? &sc[si] : NULL;
        json_t *jt = json_object_get(j, "text");
        const char *text = json_string_value(jt);
        size_t tlen = json_string_length(jt);
        nx_doc doc;
        nx_doc_init(&doc, NULL, &opts);
        snprintf(doc.lang_code, sizeof(doc.lang_code), "%s", lang);
        doc.text = nx_strndup(text ? text : "", tlen);
        doc.text_len = tlen;
        if (!doc.text || nx_segment(&doc, errstr, sizeof(errstr))) {
            fprintf(stderr, "eval-ner: segmentation failed\n");
            return 1;
        }
        double t1 = now_s();
        for (long r = 0; r < repeat; r++)
            if (nx_stage_entities.run(&doc, state, errstr, sizeof(errstr))) {
                fprintf(stderr, "eval-ner: %s\n", errstr);
                return 1;
            }
        t_stage += now_s() - t1;
        words += doc.n_words * (size_t)repeat;
        docs++;
        /* byte -> code point offsets */
        size_t *cp = malloc((tlen + 1) * sizeof(*cp));
        if (!cp)
            return 1;
        size_t n = 0;
        for (size_t i = 0; i < tlen; i++) {
            cp[i] = n;
            if (((unsigned char)doc.text[i] & 0xC0) != 0x80)
                n++;
        }
        cp[tlen] = n;
        for (size_t i = tlen; i-- > 0;)
            if (((unsigned char)doc.text[i] & 0xC0) == 0x80)
                cp[i] = cp[i + 1];
        json_t *ents = json_object_get(j, "entities");
        size_t ng = json_array_size(ents);
        gspan *gold = calloc(ng + 1, sizeof(*gold));
        if (!gold)
            return 1;
        for (size_t k = 0; k < ng; k++) {
            json_t *e = json_array_get(ents, k);
            gold[k].start = (size_t)json_integer_value(json_object_get(e, "start"));
            gold[k].end = (size_t)json_integer_value(json_object_get(e, "end"));
            gold[k].type = type_of(json_string_value(json_object_get(e, "type")));
            if (drop && listed(drop, json_string_value(json_object_get(e, "orig_type"))))
                gold[k].type = -2; /* neither scored nor counted against a prediction */
        }
        for (size_t m = 0; m < doc.n_mentions; m++) {
            const nx_mention *mn = &doc.mentions[m];
            int ty = doc.entities[mn->entity].type;
            size_t s = cp[mn->start], e = cp[mn->end];
            int hit = 0;
            for (size_t k = 0; k < ng; k++)
                if (gold[k].start == s && gold[k].end == e &&
                    (gold[k].type == ty || gold[k].type == -2)) {
                    gold[k].hit = hit = gold[k].type == ty ? 1 : 2;
                    break;
                }
            if (hit == 1) {
                sc[0].tp[ty]++;
                if (ss)
                    ss->tp[ty]++;
            } else if (!hit) {
                sc[0].fp[ty]++;
                if (ss)
                    ss->fp[ty]++;
                if (errors > 0) {
                    errors--;
                    printf("FP %-4s %.*s\n", TYPES[ty], (int)(mn->end - mn->start),
                           doc.text + mn->start);
                }
            }
        }
        for (size_t k = 0; k < ng; k++) {
            if (gold[k].hit || gold[k].type < 0)
                continue;
            sc[0].fn[gold[k].type]++;
            if (ss)
                ss->fn[gold[k].type]++;
            if (errors > 0) {
                errors--;
                const char *gt =
                    json_string_value(json_object_get(json_array_get(ents, k), "text"));
                printf("FN %-4s %s\n", TYPES[gold[k].type], gt ? gt : "");
            }
        }
        if (tf && tag_doc(tf, j, &doc, cp)) {
            fprintf(stderr, "eval-ner: cannot write %s\n", tag_path);
            return 1;
        }
        free(gold);
        free(cp);
        nx_doc_free(&doc);
        json_decref(j);
    }
    free(line);
    fclose(f);
    if (tf && fclose(tf)) {
        fprintf(stderr, "eval-ner: cannot write %s\n", tag_path);
        return 1;
    }
    printf("%s: %zu documents, %zu words (lang %s)\n", path, docs, words / (size_t)repeat, lang);
    for (size_t k = 0; k < n_sc; k++) {
        size_t TP = 0, FP = 0, FN = 0;
        for (int t = 0; t < 4; t++) {
            TP += sc[k].tp[t];
            FP += sc[k].fp[t];
            FN += sc[k].fn[t];
        }
        if (k)
            printf("source %s:\n", sc[k].name);
        else if (n_sc == 2)
            continue; /* one source: its lines below are the overall ones */
        double kf = prf(k ? "overall" : "all", TP, FP, FN);
        if (k == 0 || n_sc == 2)
            f1 = kf;
        for (int t = 0; t < 4; t++)
            prf(TYPES[t], sc[k].tp[t], sc[k].fp[t], sc[k].fn[t]);
    }
    printf("entity stage: %.0f words/s (%zu words in %.3f s, CPU time of one thread)\n",
           t_stage > 0 ? (double)words / t_stage : 0.0, words, t_stage);
    nx_ner_model m;
    nx_gaz *g = NULL;
    char mpath[4096], gpath[4096];
    const char *cdir = config ? config : NEWSX_SOURCE_DIR "/config";
    if (!strcmp(lang, "en"))
        snprintf(mpath, sizeof(mpath), "%s/models/ner.bin", cdir);
    else
        snprintf(mpath, sizeof(mpath), "%s/models/ner-%s.bin", cdir, lang);
    snprintf(gpath, sizeof(gpath), "%s/gazetteers", cdir);
    if (!nx_ner_model_load(mpath, &m, errstr, sizeof(errstr)) &&
        !nx_gaz_load(gpath, &g, errstr, sizeof(errstr))) {
        printf("model: %s, file %.1f MiB, in memory %.1f MiB; gazetteers %.1f MiB; init %.3f s\n",
               m.version, (double)m.mem_len / 1048576.0, (double)m.bytes / 1048576.0,
               (double)nx_gaz_bytes(g) / 1048576.0, t_init);
        nx_ner_model_free(&m);
        nx_gaz_free(g);
    }
    nx_stage_entities.free_state(state);
    if (f1 < min_f1) {
        fprintf(stderr, "eval-ner: F1 %.2f is below the floor %.2f\n", f1, min_f1);
        return 1;
    }
    return 0;
}
