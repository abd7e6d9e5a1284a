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

#include <jansson.h>

#include "nx_alloc.h"
#include "nx_doc.h"
#include "segment.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE.jsonl [ROUNDS]\n", argv[0]);
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 20;
    FILE *f = fopen(argv[1], "r");
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
        json_t *root = json_loadb(line, (size_t)got, 0, NULL);
        json_t *text = root ? json_object_get(root, "text") : NULL;
        if (json_is_string(text)) {
            if (n == cap) {
                cap = cap ? cap * 2 : 256;
                texts = realloc(texts, cap * sizeof(*texts));
                lens = realloc(lens, cap * sizeof(*lens));
                if (!texts || !lens)
                    return 1;
            }
            lens[n] = json_string_length(text);
            texts[n] = malloc(lens[n] + 1);
            if (!texts[n])
                return 1;
            memcpy(texts[n], json_string_value(text), lens[n] + 1);
            bytes += lens[n];
            n++;
        }
        json_decref(root);
    }
    free(line);
    fclose(f);

    nx_core_opts opts;
    memset(&opts, 0, sizeof(opts));
    size_t words = 0, sents = 0;
    char errstr[128];
    double t0 = now_s();
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
    double t1 = now_s();
    size_t cwords = 0;
    for (int r = 0; r < rounds; r++)
        for (size_t k = 0; k < n; k++)
            cwords += nx_count_words(texts[k], lens[k]);
    double t2 = now_s();
    double total = (double)bytes * rounds;
    printf("articles %zu, bytes %zu, rounds %d\n", n, bytes, rounds);
    printf("nx_segment:     %.1f MB/s, %.2f M words/s, %.0f articles/s (%zu words, %zu "
           "sentences per round)\n",
           total / (t1 - t0) / 1e6, (double)words / (t1 - t0) / 1e6, (double)n * rounds / (t1 - t0),
           words / (size_t)rounds, sents / (size_t)rounds);
    printf("nx_count_words: %.1f MB/s, %.2f M words/s (same count: %s)\n", total / (t2 - t1) / 1e6,
           (double)cwords / (t2 - t1) / 1e6, cwords == words ? "yes" : "NO");
    for (size_t k = 0; k < n; k++)
        free(texts[k]);
    free(texts);
    free(lens);
    return cwords == words ? 0 : 1;
}
