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

#include "bench_texts.h"
#include "bench_clock.h"
#include "clean.h"
#include "nx_doc.h"
#include "segment.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench-normseg FILE.jsonl [ROUNDS]\n");
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    bench_texts bt;
    if (bench_texts_load(argv[1], &bt))
        return 1;
    char **texts = bt.text;
    size_t *lens = bt.len, n = bt.n, bytes = bt.bytes;

    nx_core_opts opts;
    nx_core_opts_init(&opts);
    size_t words = 0, failed = 0;
    char err[256];
    double w0 = bench_secs(CLOCK_MONOTONIC), c0 = bench_secs(CLOCK_THREAD_CPUTIME_ID);
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
    double wall = bench_secs(CLOCK_MONOTONIC) - w0, cpu = bench_secs(CLOCK_THREAD_CPUTIME_ID) - c0;
    double mb = (double)bytes * rounds / 1e6;
    printf("normalize+segment: %zu articles, %.2f MB, %zu words, %d rounds, %zu failed\n", n,
           (double)bytes / 1e6, words, rounds, failed);
    printf("wall: %.3f s  %.1f MB/s  %.0f words/s\n", wall, mb / wall,
           (double)words * rounds / wall);
    printf("cpu:  %.3f s  %.1f MB/s  %.0f words/s (per CPU second of this thread)\n", cpu, mb / cpu,
           (double)words * rounds / cpu);
    bench_texts_free(&bt);
    return failed ? 1 : 0;
}
