/*
 * bench_segment.c - throughput of nx_segment() and nx_count_words().
 *
 * Usage: bench-segment FILE.jsonl [ROUNDS]
 *
 * Loads the "text" field of every line of FILE (news articles, e.g.
 * ../shared/data/polnear/train.jsonl), then segments each article ROUNDS
 * times (default 20) on one thread and prints MB/s and words/s; then the same
 * for nx_count_words(). Not a ctest test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_texts.h"
#include "bench_clock.h"
#include "nx_alloc.h"
#include "nx_doc.h"
#include "segment.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE.jsonl [ROUNDS]\n", argv[0]);
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 20;
    bench_texts bt;
    if (bench_texts_load(argv[1], &bt))
        return 1;
    char **texts = bt.text;
    size_t *lens = bt.len, n = bt.n, bytes = bt.bytes;

    nx_core_opts opts;
    memset(&opts, 0, sizeof(opts));
    size_t words = 0, sents = 0;
    char errstr[128];
    double t0 = bench_secs(CLOCK_MONOTONIC);
    for (int r = 0; r < rounds; r++) {
        for (size_t k = 0; k < n; k++) {
            nx_doc doc;
            nx_doc_init(&doc, NULL, &opts);
            doc.text = texts[k]; /* borrowed: detached before nx_doc_free */
            doc.text_len = lens[k];
            if (nx_segment(&doc, errstr, sizeof(errstr)) != NX_OK) {
                fprintf(stderr, "nx_segment: %s\n", errstr);
                return 1;
            }
            words += doc.n_words;
            sents += doc.n_sents;
            doc.text = NULL;
            nx_doc_free(&doc);
        }
    }
    double t1 = bench_secs(CLOCK_MONOTONIC);
    size_t cwords = 0;
    for (int r = 0; r < rounds; r++)
        for (size_t k = 0; k < n; k++)
            cwords += nx_count_words(texts[k], lens[k]);
    double t2 = bench_secs(CLOCK_MONOTONIC);
    double total = (double)bytes * rounds;
    printf("articles %zu, bytes %zu, rounds %d\n", n, bytes, rounds);
    printf("nx_segment:     %.1f MB/s, %.2f M words/s, %.0f articles/s (%zu words, %zu "
           "sentences per round)\n",
           total / (t1 - t0) / 1e6, (double)words / (t1 - t0) / 1e6, (double)n * rounds / (t1 - t0),
           words / (size_t)rounds, sents / (size_t)rounds);
    printf("nx_count_words: %.1f MB/s, %.2f M words/s (same count: %s)\n", total / (t2 - t1) / 1e6,
           (double)cwords / (t2 - t1) / 1e6, cwords == words ? "yes" : "NO");
    bench_texts_free(&bt);
    return cwords == words ? 0 : 1;
}
