/*
 * bench_normseg.c - throughput of normalization + segmentation together
 * (nx_clean() then nx_segment()), the spine of the core, on one thread.
 *
 * Usage: bench-normseg FILE.jsonl [ROUNDS]
 *
 * Loads the "text" field of every line of FILE (e.g. the bench corpus
 * tests/bench/out/corpus/corpus.jsonl, 20 MB), then cleans and segments each
 * article ROUNDS times (default 5) and prints MB/s and words/s, by wall clock
 * and per CPU second of this thread. Not a ctest test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "clean.h"
#include "nx_doc.h"
#include "segment.h"

static double secs(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench-normseg FILE.jsonl [ROUNDS]\n");
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    char **texts = NULL;
    size_t *lens = NULL, n = 0, cap = 0, bytes = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t got;
    while ((got = getline(&line, &lcap, f)) > 0) {
        json_t *o = json_loadb(line, (size_t)got, 0, NULL);
        json_t *t = o ? json_object_get(o, "text") : NULL;
        if (t && json_is_string(t)) {
            if (n == cap) {
                cap = cap ? cap * 2 : 1024;
                texts = realloc(texts, cap * sizeof(*texts));
                lens = realloc(lens, cap * sizeof(*lens));
                if (!texts || !lens)
                    return 1;
            }
            lens[n] = json_string_length(t);
            texts[n] = malloc(lens[n] + 1);
            if (!texts[n])
                return 1;
            memcpy(texts[n], json_string_value(t), lens[n] + 1);
            bytes += lens[n];
            n++;
        }
        json_decref(o);
    }
    free(line);
    fclose(f);

    nx_core_opts opts;
    nx_core_opts_init(&opts);
    size_t words = 0, failed = 0;
    char err[256];
    double w0 = secs(CLOCK_MONOTONIC), c0 = secs(CLOCK_THREAD_CPUTIME_ID);
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < n; i++) {
            nx_doc doc;
            nx_doc_init(&doc, NULL, &opts);
            doc.raw = texts[i];
            doc.raw_len = lens[i];
            if (nx_clean(&doc, err, sizeof err) || nx_segment(&doc, err, sizeof err))
                failed++;
            else if (r == 0)
                words += doc.n_words;
            nx_doc_free(&doc);
        }
    }
    double wall = secs(CLOCK_MONOTONIC) - w0, cpu = secs(CLOCK_THREAD_CPUTIME_ID) - c0;
    double mb = (double)bytes * rounds / 1e6;
    printf("normalize+segment: %zu articles, %.2f MB, %zu words, %d rounds, %zu failed\n", n,
           (double)bytes / 1e6, words, rounds, failed);
    printf("wall: %.3f s  %.1f MB/s  %.0f words/s\n", wall, mb / wall,
           (double)words * rounds / wall);
    printf("cpu:  %.3f s  %.1f MB/s  %.0f words/s (per CPU second of this thread)\n", cpu, mb / cpu,
           (double)words * rounds / cpu);
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    free(lens);
    return failed ? 1 : 0;
}
