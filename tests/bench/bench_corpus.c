/*
 * bench_corpus.c - build the benchmark corpus: news articles as JSON envelopes.
 *
 * Usage: bench-corpus [--min-mb N] [--data DIR | --file FILE ...] OUT_DIR
 *
 * Reads every document of the development texts under DIR (default
 * $NEWSX_SHARED_DIR/data, else ../shared/data beside the project: conll2003
 * train+dev, polnear train+dev, timebank) - or, with --file (repeatable),
 * of the given files instead: a .jsonl file holds one document a line, any
 * other file is one plain-text document (a bare clone's smoke tests use the
 * project's own texts under tests/data) - and writes them, as one JSON envelope a line
 * ({"id","title","published","text"}), to OUT_DIR/corpus.jsonl until the
 * article texts add up to at least N MB (default 20, 1 MB = 10^6 bytes). The
 * first pass keeps file order; pass p > 0 visits the documents in a fixed
 * pseudo-random order seeded with p and suffixes the ids with "#p", so the
 * corpus is byte-identical on every run. OUT_DIR/corpus.stats holds
 * "articles N", "text_bytes N", "input_bytes N" and "words N" (words counted
 * with nx_count_words(), the record's stats.words).
 *
 * OUT_DIR must lie outside the git tree or under tests/bench/out/ (ignored):
 * the development texts are never committed. Not a ctest test.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "nx_core.h"

typedef struct doc {
    char *id, *title, *published, *text;
    size_t text_len;
} doc;

typedef struct docs {
    doc *v;
    size_t n, cap;
} docs;

static const char *const sources[] = {
    "conll2003/train.jsonl", "conll2003/dev.jsonl", "polnear/train.jsonl",
    "polnear/dev.jsonl",     "timebank/tbaq.jsonl",
};

/* strdup of a JSON string member or NULL; exits on allocation failure. */
static char *member(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d) {
        fputs("bench-corpus: out of memory\n", stderr);
        exit(1);
    }
    return d;
}

static doc *push(docs *out)
{
    if (out->n == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 1024;
        out->v = realloc(out->v, out->cap * sizeof(*out->v));
        if (!out->v) {
            fputs("bench-corpus: out of memory\n", stderr);
            exit(1);
        }
    }
    doc *d = &out->v[out->n++];
    memset(d, 0, sizeof(*d));
    return d;
}

/* A plain-text file as one document, its id the file name. */
static int load_text(const char *path, docs *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "bench-corpus: %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, n = 0, k;
    char *buf = malloc(cap + 1);
    while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *nb = realloc(buf, (cap *= 2) + 1);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        fprintf(stderr, "bench-corpus: %s: read failed\n", path);
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    if (n == 0) {
        free(buf);
        return 0;
    }
    doc *d = push(out);
    const char *base = strrchr(path, '/');
    d->id = strdup(base ? base + 1 : path);
    if (!d->id) {
        fputs("bench-corpus: out of memory\n", stderr);
        exit(1);
    }
    d->text = buf;
    d->text_len = n;
    return 0;
}

static int load(const char *path, docs *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "bench-corpus: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t lcap = 0;
    ssize_t got;
    unsigned lineno = 0;
    while ((got = getline(&line, &lcap, f)) > 0) {
        lineno++;
        json_error_t jerr;
        json_t *root = json_loadb(line, (size_t)got, 0, &jerr);
        if (!root) {
            fprintf(stderr, "bench-corpus: %s:%u: %s\n", path, lineno, jerr.text);
            free(line);
            fclose(f);
            return -1;
        }
        json_t *text = json_object_get(root, "text");
        if (json_is_string(text) && json_string_length(text) > 0) {
            doc *d = push(out);
            d->id = member(root, "id");
            d->title = member(root, "title");
            d->published = member(root, "dct");
            d->text = member(root, "text");
            d->text_len = json_string_length(text);
        }
        json_decref(root);
    }
    free(line);
    fclose(f);
    return 0;
}

/* xorshift64*: a fixed generator, so the corpus is the same on every machine. */
static uint64_t next_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

int main(int argc, char **argv)
{
    static const char usage[] = "usage: %s [--min-mb N] [--data DIR | --file FILE ...] OUT_DIR\n";
    double min_mb = 20;
    char data_dir[4096];
    const char *shared = getenv("NEWSX_SHARED_DIR");
    snprintf(data_dir, sizeof(data_dir), "%s/data", shared && *shared ? shared : NEWSX_SHARED_DIR);
    const char *data = data_dir;
    const char *out_dir = NULL;
    const char **files = calloc((size_t)argc, sizeof(*files));
    size_t n_files = 0;
    if (!files)
        return 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--min-mb") && i + 1 < argc)
            min_mb = atof(argv[++i]);
        else if (!strcmp(argv[i], "--data") && i + 1 < argc)
            data = argv[++i];
        else if (!strcmp(argv[i], "--file") && i + 1 < argc)
            files[n_files++] = argv[++i];
        else if (argv[i][0] != '-' && !out_dir)
            out_dir = argv[i];
        else {
            fprintf(stderr, usage, argv[0]);
            return 2;
        }
    }
    if (!out_dir || min_mb <= 0) {
        fprintf(stderr, usage, argv[0]);
        return 2;
    }
    docs all = {0};
    for (size_t s = 0; s < n_files; s++) {
        size_t fl = strlen(files[s]);
        int jsonl = fl > 6 && !strcmp(files[s] + fl - 6, ".jsonl");
        if (jsonl ? load(files[s], &all) : load_text(files[s], &all))
            return 1;
    }
    for (size_t s = 0; n_files == 0 && s < sizeof(sources) / sizeof(sources[0]); s++) {
        char path[4096];
        if (snprintf(path, sizeof(path), "%s/%s", data, sources[s]) >= (int)sizeof(path)) {
            fprintf(stderr, "bench-corpus: %s: path too long\n", data);
            return 1;
        }
        if (load(path, &all))
            return 1;
    }
    free(files);
    if (all.n == 0) {
        fputs("bench-corpus: no documents found\n", stderr);
        return 1;
    }
    if (mkdir(out_dir, 0777) && errno != EEXIST) {
        fprintf(stderr, "bench-corpus: %s: %s\n", out_dir, strerror(errno));
        return 1;
    }
    char path[4096];
    snprintf(path, sizeof(path), "%s/corpus.jsonl", out_dir);
    FILE *out = fopen(path, "wb");
    if (!out) {
        fprintf(stderr, "bench-corpus: %s: %s\n", path, strerror(errno));
        return 1;
    }
    size_t *order = malloc(all.n * sizeof(*order));
    if (!order)
        return 1;
    uint64_t articles = 0, text_bytes = 0, input_bytes = 0, words = 0;
    double target = min_mb * 1e6;
    for (unsigned pass = 0; (double)text_bytes < target; pass++) {
        for (size_t i = 0; i < all.n; i++)
            order[i] = i;
        if (pass > 0) {
            uint64_t seed = 0x9E3779B97F4A7C15ull * (pass + 1);
            for (size_t i = all.n - 1; i > 0; i--) {
                size_t j = (size_t)(next_rand(&seed) % (i + 1));
                size_t t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        for (size_t k = 0; k < all.n && (double)text_bytes < target; k++) {
            const doc *d = &all.v[order[k]];
            char id[512];
            if (pass == 0)
                snprintf(id, sizeof(id), "%s", d->id ? d->id : "doc");
            else
                snprintf(id, sizeof(id), "%s#%u", d->id ? d->id : "doc", pass);
            json_t *env = json_object();
            json_object_set_new(env, "id", json_string(id));
            if (d->title)
                json_object_set_new(env, "title", json_string(d->title));
            if (d->published)
                json_object_set_new(env, "published", json_string(d->published));
            json_object_set_new(env, "text", json_stringn(d->text, d->text_len));
            char *line = json_dumps(env, JSON_COMPACT | JSON_PRESERVE_ORDER);
            json_decref(env);
            if (!line)
                return 1;
            size_t n = strlen(line);
            fwrite(line, 1, n, out);
            fputc('\n', out);
            free(line);
            articles++;
            input_bytes += n;
            text_bytes += d->text_len;
            words += nx_count_words(d->text, d->text_len);
        }
    }
    if (fclose(out)) {
        fprintf(stderr, "bench-corpus: %s: %s\n", path, strerror(errno));
        return 1;
    }
    snprintf(path, sizeof(path), "%s/corpus.stats", out_dir);
    FILE *st = fopen(path, "w");
    if (!st)
        return 1;
    fprintf(st, "articles %llu\ntext_bytes %llu\ninput_bytes %llu\nwords %llu\n",
            (unsigned long long)articles, (unsigned long long)text_bytes,
            (unsigned long long)input_bytes, (unsigned long long)words);
    fclose(st);
    printf("bench-corpus: %llu articles, %.1f MB of text (%.1f MB as envelopes), %llu words "
           "-> %s/corpus.jsonl\n",
           (unsigned long long)articles, (double)text_bytes / 1e6, (double)input_bytes / 1e6,
           (unsigned long long)words, out_dir);
    for (size_t i = 0; i < all.n; i++) {
        free(all.v[i].id);
        free(all.v[i].title);
        free(all.v[i].published);
        free(all.v[i].text);
    }
    free(all.v);
    free(order);
    return 0;
}
