/*
 * bench_clean.c - throughput of nx_clean() over the CoNLL-2003 dev texts.
 *
 * Not part of the ctest run. Build by hand against the core library, e.g.
 *   cc -O2 -I common tests/bench/bench_clean.c build/common/libnewsx_core.a \
 *      $(pkg-config --libs jansson libutf8proc libxxhash libxml-2.0) -lm -lpthread
 * and run it with the path of a .jsonl file (default: ../shared dev.jsonl).
 * Prints MB/s for the texts one by one and concatenated into one body.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "bench_clock.h"
#include "clean.h"
#include "nx_doc.h"

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "../shared/data/conll2003/dev.jsonl";
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    size_t cap = 1 << 20, len = 0, ndocs = 0;
    char *all = malloc(cap);
    size_t *ends = malloc(sizeof(size_t) * 100000);
    char *line = NULL;
    size_t lcap = 0;
    ssize_t n;
    while ((n = getline(&line, &lcap, f)) > 0 && ndocs < 100000) {
        json_error_t err;
        json_t *j = json_loadb(line, (size_t)n, 0, &err);
        const char *t = json_string_value(json_object_get(j, "text"));
        size_t tl = json_string_length(json_object_get(j, "text"));
        while (len + tl + 2 > cap)
            all = realloc(all, cap *= 2);
        if (len) {
            memcpy(all + len, "\n\n", 2);
            len += 2;
        }
        memcpy(all + len, t, tl);
        len += tl;
        ends[ndocs++] = len;
        json_decref(j);
    }
    free(line);
    fclose(f);

    nx_core_opts opts;
    nx_core_opts_init(&opts);
    int reps = 200;
    size_t bytes = 0;
    double t0 = bench_secs(CLOCK_MONOTONIC);
    for (int r = 0; r < reps; r++) {
        size_t start = 0;
        for (size_t d = 0; d < ndocs; d++) {
            nx_doc doc;
            nx_doc_init(&doc, NULL, &opts);
            doc.raw = all + start;
            doc.raw_len = ends[d] - start;
            if (nx_clean(&doc, NULL, 0) != NX_OK)
                return 1;
            bytes += doc.raw_len;
            nx_doc_free(&doc);
            start = ends[d] + 2;
        }
    }
    double t1 = bench_secs(CLOCK_MONOTONIC);
    printf("%zu documents, %zu bytes: per document %.0f MB/s\n", ndocs, len,
           (double)bytes / (t1 - t0) / 1e6);
    t0 = bench_secs(CLOCK_MONOTONIC);
    for (int r = 0; r < reps; r++) {
        nx_doc doc;
        nx_doc_init(&doc, NULL, &opts);
        doc.raw = all;
        doc.raw_len = len;
        if (nx_clean(&doc, NULL, 0) != NX_OK)
            return 1;
        nx_doc_free(&doc);
    }
    t1 = bench_secs(CLOCK_MONOTONIC);
    printf("concatenated body: %.0f MB/s\n", (double)len * reps / (t1 - t0) / 1e6);
    free(all);
    free(ends);
    return 0;
}
