/*
 * bench_core.c - throughput of the whole extraction core, per stage and in
 * total, on one thread and on all cores.
 *
 * Usage: bench-core [--threads N] [--rounds R] [--config DIR] CORPUS_DIR
 *
 * CORPUS_DIR is what bench-corpus wrote (corpus.jsonl, corpus.stats). The
 * program times nx_core_new() (startup: models and lexicons loaded), then
 * runs nx_extract() over every article R times (default 1) on one thread,
 * summing the per-stage times, then the same work spread over N threads
 * (default: every online CPU) sharing one core. It prints a human summary on
 * stderr and "key value" lines on stdout for tests/bench/run.sh:
 *   startup_ms, rss_after_load_kb, peak_rss_kb, articles, text_mb, words,
 *   errors, single_s, single_articles_s, single_mb_s, single_words_s,
 *   threads, multi_s, multi_articles_s, multi_mb_s, multi_words_s,
 *   multi_words_s_per_core, single_cpu_s, single_words_cpu_s (words per
 *   CPU second of the thread), multi_cpu_s, multi_words_cpu_s (words per CPU
 *   second summed over the threads), stage NAME SECONDS (one line per stage).
 * The CPU-time rates are what one core does whatever else the machine runs;
 * the wall-clock rates are what the machine did during this run.
 * MB/s counts article text bytes (1 MB = 10^6 bytes); words are the corpus
 * words as stats.words counts them. Records are built and dropped. Not a
 * ctest test.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench_clock.h"
#include "nx_core.h"

typedef struct corpus {
    char *data;     /* the whole corpus.jsonl */
    size_t *off;    /* start of each line */
    size_t *len;    /* length of each line, newline excluded */
    size_t n;       /* articles */
    double text_mb; /* article text, 10^6 bytes */
    double words;
} corpus;

typedef struct stage_sum {
    size_t n;
    const char *name[NX_STAGE_MAX];
    double s[NX_STAGE_MAX];
} stage_sum;

typedef struct worker_arg {
    const nx_core_t *core;
    const corpus *c;
    atomic_size_t *next;
    size_t total; /* articles * rounds */
    size_t errors;
    double cpu; /* CPU seconds the thread used */
} worker_arg;

static long rss_now_kb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (!f)
        return -1;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
        resident = -1;
    fclose(f);
    return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static int read_file(const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "bench-core: %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                buf = NULL;
            } else {
                buf = nb;
            }
        }
    }
    fclose(f);
    if (!buf) {
        fputs("bench-core: out of memory\n", stderr);
        return -1;
    }
    *data = buf;
    *len = n;
    return 0;
}

static int load_corpus(const char *dir, corpus *c)
{
    char path[4096];
    size_t len;
    snprintf(path, sizeof(path), "%s/corpus.jsonl", dir);
    if (read_file(path, &c->data, &len))
        return -1;
    size_t cap = 1024;
    c->off = malloc(cap * sizeof(*c->off));
    c->len = malloc(cap * sizeof(*c->len));
    for (size_t p = 0; p < len && c->off && c->len;) {
        const char *nl = memchr(c->data + p, '\n', len - p);
        size_t end = nl ? (size_t)(nl - c->data) : len;
        if (end > p) {
            if (c->n == cap) {
                cap *= 2;
                c->off = realloc(c->off, cap * sizeof(*c->off));
                c->len = realloc(c->len, cap * sizeof(*c->len));
                if (!c->off || !c->len)
                    break;
            }
            c->off[c->n] = p;
            c->len[c->n++] = end - p;
        }
        p = end + 1;
    }
    if (!c->off || !c->len) {
        fputs("bench-core: out of memory\n", stderr);
        return -1;
    }
    snprintf(path, sizeof(path), "%s/corpus.stats", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "bench-core: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char key[64];
    unsigned long long v;
    while (fscanf(f, "%63s %llu", key, &v) == 2) {
        if (!strcmp(key, "text_bytes"))
            c->text_mb = (double)v / 1e6;
        else if (!strcmp(key, "words"))
            c->words = (double)v;
    }
    fclose(f);
    if (c->n == 0 || c->words <= 0 || c->text_mb <= 0) {
        fprintf(stderr, "bench-core: %s: empty corpus or stats\n", dir);
        return -1;
    }
    return 0;
}

/* One extraction; returns 0 on success. The record is built, then dropped. */
static int extract_one(const nx_core_t *core, const corpus *c, size_t i, nx_buf *out,
                       nx_stage_times *t)
{
    char errstr[256];
    nx_buf_reset(out);
    nx_err e =
        nx_extract(core, c->data + c->off[i], c->len[i], NULL, out, t, errstr, sizeof(errstr));
    return e != NX_OK;
}

static void *worker_main(void *p)
{
    worker_arg *a = p;
    nx_buf out;
    nx_stage_times t;
    nx_buf_init(&out, 0);
    double c0 = bench_secs(CLOCK_THREAD_CPUTIME_ID);
    for (;;) {
        size_t k = atomic_fetch_add(a->next, 1);
        if (k >= a->total)
            break;
        a->errors += (size_t)extract_one(a->core, a->c, k % a->c->n, &out, &t);
    }
    a->cpu = bench_secs(CLOCK_THREAD_CPUTIME_ID) - c0;
    nx_buf_free(&out);
    return NULL;
}

int main(int argc, char **argv)
{
    long threads = sysconf(_SC_NPROCESSORS_ONLN);
    long rounds = 1;
    const char *config = NULL, *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = atol(argv[++i]);
        else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
            rounds = atol(argv[++i]);
        else if (!strcmp(argv[i], "--config") && i + 1 < argc)
            config = argv[++i];
        else if (argv[i][0] != '-' && !dir)
            dir = argv[i];
        else
            dir = NULL, i = argc;
    }
    if (!dir || threads < 1 || rounds < 1) {
        fprintf(stderr, "usage: %s [--threads N] [--rounds R] [--config DIR] CORPUS_DIR\n",
                argv[0]);
        return 2;
    }

    nx_core_opts opts;
    nx_core_opts_init(&opts);
    opts.config_dir = config;
    char errstr[512];
    double t0 = bench_secs(CLOCK_MONOTONIC);
    nx_core_t *core = nx_core_new(&opts, errstr, sizeof(errstr));
    double startup = bench_secs(CLOCK_MONOTONIC) - t0;
    if (!core) {
        fprintf(stderr, "bench-core: nx_core_new: %s\n", errstr);
        return 1;
    }
    long rss_load = rss_now_kb();

    corpus c = {0};
    if (load_corpus(dir, &c))
        return 1;

    nx_buf out;
    nx_buf_init(&out, 0);
    nx_stage_times t;
    size_t warm = c.n < 500 ? c.n : 500;
    for (size_t i = 0; i < warm; i++)
        extract_one(core, &c, i, &out, &t);

    /* One thread, with per-stage sums. */
    stage_sum sum = {0};
    size_t errors = 0;
    double s0 = bench_secs(CLOCK_MONOTONIC), sc0 = bench_secs(CLOCK_THREAD_CPUTIME_ID);
    for (long r = 0; r < rounds; r++) {
        for (size_t i = 0; i < c.n; i++) {
            if (extract_one(core, &c, i, &out, &t)) {
                if (r == 0 && errors < 5) {
                    char es[256];
                    nx_buf_reset(&out);
                    nx_err e = nx_extract(core, c.data + c.off[i], c.len[i], NULL, &out, NULL, es,
                                          sizeof(es));
                    fprintf(stderr, "bench-core: article %zu: %s: %s\n", i, nx_err_name(e), es);
                }
                errors++;
            }
            for (size_t k = 0; k < t.n; k++) {
                if (k >= sum.n) {
                    sum.name[k] = t.name[k];
                    sum.n = k + 1;
                }
                sum.s[k] += (double)t.ns[k] * 1e-9;
            }
        }
    }
    double single = bench_secs(CLOCK_MONOTONIC) - s0,
           single_cpu = bench_secs(CLOCK_THREAD_CPUTIME_ID) - sc0;
    nx_buf_free(&out);

    /* All threads over the same work. */
    pthread_t *tid = calloc((size_t)threads, sizeof(*tid));
    worker_arg *args = calloc((size_t)threads, sizeof(*args));
    if (!tid || !args)
        return 1;
    atomic_size_t next = 0;
    double m0 = bench_secs(CLOCK_MONOTONIC);
    for (long k = 0; k < threads; k++) {
        args[k] = (worker_arg){core, &c, &next, c.n * (size_t)rounds, 0, 0};
        if (pthread_create(&tid[k], NULL, worker_main, &args[k])) {
            fputs("bench-core: pthread_create failed\n", stderr);
            return 1;
        }
    }
    size_t multi_errors = 0;
    double multi_cpu = 0;
    for (long k = 0; k < threads; k++) {
        pthread_join(tid[k], NULL);
        multi_errors += args[k].errors;
        multi_cpu += args[k].cpu;
    }
    double multi = bench_secs(CLOCK_MONOTONIC) - m0;

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double n_art = (double)c.n * (double)rounds, mb = c.text_mb * (double)rounds,
           words = c.words * (double)rounds;

    printf("startup_ms %.1f\n", startup * 1e3);
    printf("rss_after_load_kb %ld\n", rss_load);
    printf("peak_rss_kb %ld\n", ru.ru_maxrss);
    printf("articles %.0f\n", n_art);
    printf("text_mb %.2f\n", mb);
    printf("words %.0f\n", words);
    printf("errors %zu\n", errors + multi_errors);
    printf("single_s %.3f\n", single);
    printf("single_articles_s %.0f\n", n_art / single);
    printf("single_mb_s %.2f\n", mb / single);
    printf("single_words_s %.0f\n", words / single);
    printf("single_cpu_s %.3f\n", single_cpu);
    printf("single_words_cpu_s %.0f\n", words / single_cpu);
    printf("threads %ld\n", threads);
    printf("multi_s %.3f\n", multi);
    printf("multi_articles_s %.0f\n", n_art / multi);
    printf("multi_mb_s %.2f\n", mb / multi);
    printf("multi_words_s %.0f\n", words / multi);
    printf("multi_words_s_per_core %.0f\n", words / multi / (double)threads);
    printf("multi_cpu_s %.3f\n", multi_cpu);
    printf("multi_words_cpu_s %.0f\n", words / multi_cpu);
    for (size_t k = 0; k < sum.n; k++)
        printf("stage %s %.4f\n", sum.name[k], sum.s[k]);

    fprintf(stderr,
            "bench-core: startup %.1f ms; %.0f articles, %.1f MB, %.0f words; "
            "1 thread %.0f words/s (%.2f MB/s, %.0f articles/s); %ld threads %.0f words/s; "
            "peak RSS %ld kB; %zu errors\n",
            startup * 1e3, n_art, mb, words, words / single, mb / single, n_art / single, threads,
            words / multi, ru.ru_maxrss, errors + multi_errors);
    for (size_t k = 0; k < sum.n; k++)
        fprintf(stderr, "  %-10s %8.3f s %5.1f%%  %12.0f words/s\n", sum.name[k], sum.s[k],
                100.0 * sum.s[k] / single, sum.s[k] > 0 ? words / sum.s[k] : 0.0);

    free(tid);
    free(args);
    free(c.data);
    free(c.off);
    free(c.len);
    nx_core_destroy(core);
    return 0;
}
