/*
 * bench_e2e.c - end-to-end throughput and latency of newsx-worker on a broker.
 *
 * Usage: bench-e2e [--count N] [--latency-count M] [--rate R] [--partitions P]
 *                  [--timeout S] CORPUS_DIR [-- WORKER_ARGS ...]
 *
 * Environment: NEWSX_TEST_BOOTSTRAP (the broker, e.g. from
 * tests/kafka/broker.sh) and NEWSX_WORKER_BIN (the newsx-worker binary).
 *
 * 1. Creates three topics unique to the run (input, output, dead letter; P
 *    partitions, default 2) and produces N articles (default 100000) to the
 *    input: the corpus envelopes of bench-corpus, cycled, each with a unique
 *    "id" and that id as key.
 * 2. Starts the worker on those topics (one process, its default thread
 *    count, WORKER_ARGS appended) and consumes output and dead-letter topics
 *    until all N came back. Throughput: N over the time from the worker's
 *    start to the last record, and over the time from the first record to the
 *    last (without start-up and group join).
 * 3. With the worker caught up, produces M more articles (default 2000) at R
 *    per second (default 100) and measures each one's latency: the time from
 *    just before the driver produced it to the driver receiving its record
 *    (one clock, one process). Prints p50, p99 and max.
 * 4. Stops the worker with SIGTERM and reports its exit status.
 *
 * Prints "key value" lines (e2e_articles, e2e_deadletters, e2e_wall_s,
 * e2e_articles_s, e2e_steady_articles_s, e2e_words_s, e2e_mb_s,
 * lat_articles, lat_rate, lat_p50_ms, lat_p99_ms, lat_max_ms,
 * worker_exit) for tests/bench/run.sh. Exits 1 when articles are lost.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <librdkafka/rdkafka.h>

#include "bench_clock.h"
#include "itest.h"
#include "nx_core.h"

typedef struct article {
    json_t *json; /* parsed, for re-writing the id */
    size_t words, text_bytes;
} article;

static article *load(const char *dir, size_t *n_out)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/corpus.jsonl", dir);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "bench-e2e: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    article *v = NULL;
    size_t n = 0, cap = 0, lcap = 0;
    char *line = NULL;
    ssize_t got;
    while ((got = getline(&line, &lcap, f)) > 0) {
        json_t *root = json_loadb(line, (size_t)got, 0, NULL);
        json_t *text = root ? json_object_get(root, "text") : NULL;
        if (!json_is_string(text)) {
            json_decref(root);
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            v = realloc(v, cap * sizeof(*v));
            if (!v)
                exit(1);
        }
        v[n].json = root;
        v[n].text_bytes = json_string_length(text);
        v[n].words = nx_count_words(json_string_value(text), v[n].text_bytes);
        n++;
    }
    free(line);
    fclose(f);
    if (!n) {
        fprintf(stderr, "bench-e2e: %s: no articles\n", path);
        exit(1);
    }
    *n_out = n;
    return v;
}

/* The envelope of corpus article a with its id replaced; the caller frees it. */
static char *envelope(article *a, const char *id, size_t *len)
{
    json_object_set_new(a->json, "id", json_string(id));
    char *s = json_dumps(a->json, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!s)
        exit(1);
    *len = strlen(s);
    return s;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Index of an e2e key "<prefix><n>", or -1. */
static long key_index(const rd_kafka_message_t *m, const char *prefix)
{
    size_t pl = strlen(prefix);
    if (!m->key || m->key_len <= pl || m->key_len > 40 || memcmp(m->key, prefix, pl))
        return -1;
    char buf[48];
    memcpy(buf, (const char *)m->key + pl, m->key_len - pl);
    buf[m->key_len - pl] = '\0';
    char *end;
    long v = strtol(buf, &end, 10);
    return *end ? -1 : v;
}

int main(int argc, char **argv)
{
    long count = 100000, lat_count = 2000, partitions = 2, timeout = 1800;
    double rate = 100;
    const char *dir = NULL;
    int extra = argc;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--")) {
            extra = i + 1;
            break;
        } else if (!strcmp(argv[i], "--count") && i + 1 < argc)
            count = atol(argv[++i]);
        else if (!strcmp(argv[i], "--latency-count") && i + 1 < argc)
            lat_count = atol(argv[++i]);
        else if (!strcmp(argv[i], "--rate") && i + 1 < argc)
            rate = atof(argv[++i]);
        else if (!strcmp(argv[i], "--partitions") && i + 1 < argc)
            partitions = atol(argv[++i]);
        else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
            timeout = atol(argv[++i]);
        else if (argv[i][0] != '-' && !dir)
            dir = argv[i];
        else {
            dir = NULL;
            break;
        }
    }
    if (!dir || count < 1 || lat_count < 0 || rate <= 0 || partitions < 1) {
        fprintf(stderr,
                "usage: %s [--count N] [--latency-count M] [--rate R] [--partitions P] "
                "[--timeout S] CORPUS_DIR [-- WORKER_ARGS ...]\n",
                argv[0]);
        return 2;
    }
    const char *bootstrap = itest_bootstrap();
    const char *worker_bin = itest_env("NEWSX_WORKER_BIN");
    size_t n_corpus;
    article *corpus = load(dir, &n_corpus);

    char in_topic[128], out_topic[128], dlq_topic[128], group[128];
    itest_unique_name(in_topic, sizeof(in_topic), "bench-in");
    itest_unique_name(out_topic, sizeof(out_topic), "bench-out");
    itest_unique_name(dlq_topic, sizeof(dlq_topic), "bench-dlq");
    itest_unique_name(group, sizeof(group), "bench-worker");
    itest_create_topic(in_topic, (int)partitions);
    itest_create_topic(out_topic, (int)partitions);
    itest_create_topic(dlq_topic, (int)partitions);

    /* 1. The backlog. */
    static const char *const prod_conf[] = {"linger.ms", "0", NULL};
    rd_kafka_t *prod = itest_producer_new(prod_conf);
    double words = 0, text_mb = 0, p0 = bench_secs(CLOCK_MONOTONIC);
    for (long i = 0; i < count; i++) {
        article *a = &corpus[(size_t)i % n_corpus];
        char id[64];
        size_t len;
        snprintf(id, sizeof(id), "e2e-t-%ld", i);
        char *env = envelope(a, id, &len);
        itest_produce(prod, in_topic, RD_KAFKA_PARTITION_UA, id, strlen(id), env, len);
        free(env);
        words += (double)a->words;
        text_mb += (double)a->text_bytes / 1e6;
    }
    itest_producer_flush(prod, (size_t)count);
    fprintf(stderr, "bench-e2e: produced %ld articles (%.1f MB of text) in %.1f s\n", count,
            text_mb, bench_secs(CLOCK_MONOTONIC) - p0);

    /* The driver's consumer reads output and dead letters from the start. */
    rd_kafka_conf_t *cc = itest_conf_new();
    char cgroup[128];
    itest_conf_set(cc, "group.id", itest_unique_name(cgroup, sizeof(cgroup), "bench-reader"));
    itest_conf_set(cc, "auto.offset.reset", "earliest");
    itest_conf_set(cc, "enable.auto.commit", "false");
    char errstr[512];
    rd_kafka_t *cons = rd_kafka_new(RD_KAFKA_CONSUMER, cc, errstr, sizeof(errstr));
    if (!cons) {
        fprintf(stderr, "bench-e2e: consumer: %s\n", errstr);
        return 1;
    }
    rd_kafka_poll_set_consumer(cons);
    rd_kafka_topic_partition_list_t *subs = rd_kafka_topic_partition_list_new(2);
    rd_kafka_topic_partition_list_add(subs, out_topic, RD_KAFKA_PARTITION_UA);
    rd_kafka_topic_partition_list_add(subs, dlq_topic, RD_KAFKA_PARTITION_UA);
    if (rd_kafka_subscribe(cons, subs)) {
        fputs("bench-e2e: subscribe failed\n", stderr);
        return 1;
    }
    rd_kafka_topic_partition_list_destroy(subs);

    /* 2. The worker. */
    char set_boot[512], set_in[160], set_out[160], set_dlq[160], set_group[160];
    snprintf(set_boot, sizeof(set_boot), "kafka.bootstrap.servers=%s", bootstrap);
    snprintf(set_in, sizeof(set_in), "input.topics=%s", in_topic);
    snprintf(set_out, sizeof(set_out), "output.topic=%s", out_topic);
    snprintf(set_dlq, sizeof(set_dlq), "deadletter.topic=%s", dlq_topic);
    snprintf(set_group, sizeof(set_group), "group.id=%s", group);
    const char *base[] = {worker_bin, "--set", set_boot,         "--set", set_in,
                          "--set",    set_out, "--set",          set_dlq, "--set",
                          set_group,  "--set", "log.level=warn", "--set", "metrics.interval.ms=0"};
    size_t nb = sizeof(base) / sizeof(base[0]);
    char **wargv = calloc(nb + (size_t)(argc - extra) + 1, sizeof(*wargv));
    if (!wargv)
        return 1;
    for (size_t k = 0; k < nb; k++)
        wargv[k] = (char *)(uintptr_t)base[k];
    for (int k = extra; k < argc; k++)
        wargv[nb + (size_t)(k - extra)] = argv[k];
    double w0 = bench_secs(CLOCK_MONOTONIC);
    pid_t pid = fork();
    if (pid < 0) {
        perror("bench-e2e: fork");
        return 1;
    }
    if (pid == 0) {
        /* The worker reads NEWSX_KAFKA_* as configuration keys: keep the
         * broker script's own variable away from it. */
        unsetenv("NEWSX_TEST_KAFKA_PING");
        execv(worker_bin, wargv);
        perror(worker_bin);
        _exit(127);
    }

    long got = 0, dead = 0;
    double first = 0, last = 0, deadline = w0 + (double)timeout;
    int status = 0, exited = 0;
    while (got + dead < count && bench_secs(CLOCK_MONOTONIC) < deadline) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(cons, 100);
        if (!m) {
            if (waitpid(pid, &status, WNOHANG) == pid) {
                exited = 1;
                fputs("bench-e2e: the worker exited early\n", stderr);
                break;
            }
            continue;
        }
        if (!m->err && key_index(m, "e2e-t-") >= 0) {
            double t = bench_secs(CLOCK_MONOTONIC);
            if (!first)
                first = t;
            last = t;
            if (!strcmp(rd_kafka_topic_name(m->rkt), dlq_topic))
                dead++;
            else
                got++;
        }
        rd_kafka_message_destroy(m);
    }
    int lost = got + dead < count;
    double e2e_wall = last - w0, steady = last - first;
    fprintf(stderr, "bench-e2e: %ld records and %ld dead letters back, last after %.1f s\n", got,
            dead, e2e_wall);

    /* 3. Latency at a steady rate. */
    double *lat = calloc((size_t)lat_count + 1, sizeof(*lat));
    double *sent = calloc((size_t)lat_count + 1, sizeof(*sent));
    long lat_got = 0, lat_sent = 0;
    if (!lat || !sent)
        return 1;
    double l0 = bench_secs(CLOCK_MONOTONIC);
    deadline = l0 + (double)lat_count / rate + 120;
    while (!lost && !exited && lat_got < lat_count && bench_secs(CLOCK_MONOTONIC) < deadline) {
        double now = bench_secs(CLOCK_MONOTONIC);
        while (lat_sent < lat_count && now >= l0 + (double)lat_sent / rate) {
            article *a = &corpus[(size_t)lat_sent % n_corpus];
            char id[64];
            size_t len;
            snprintf(id, sizeof(id), "e2e-l-%ld", lat_sent);
            char *env = envelope(a, id, &len);
            sent[lat_sent] = bench_secs(CLOCK_MONOTONIC);
            itest_produce(prod, in_topic, RD_KAFKA_PARTITION_UA, id, strlen(id), env, len);
            free(env);
            lat_sent++;
            now = bench_secs(CLOCK_MONOTONIC);
        }
        rd_kafka_poll(prod, 0);
        rd_kafka_message_t *m = rd_kafka_consumer_poll(cons, 1);
        if (!m)
            continue;
        long k = m->err ? -1 : key_index(m, "e2e-l-");
        if (k >= 0 && k < lat_sent && !lat[k]) {
            lat[k] = (bench_secs(CLOCK_MONOTONIC) - sent[k]) * 1e3;
            lat_got++;
        }
        rd_kafka_message_destroy(m);
    }
    double *sorted = calloc((size_t)lat_got + 1, sizeof(*sorted));
    size_t ns = 0;
    for (long k = 0; k < lat_sent && sorted; k++)
        if (lat[k] > 0)
            sorted[ns++] = lat[k];
    if (sorted && ns)
        qsort(sorted, ns, sizeof(*sorted), cmp_double);

    /* 4. Stop the worker. */
    if (!exited) {
        kill(pid, SIGTERM);
        waitpid(pid, &status, 0);
    }
    int wexit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);

    printf("e2e_articles %ld\n", got);
    printf("e2e_deadletters %ld\n", dead);
    printf("e2e_wall_s %.3f\n", e2e_wall);
    printf("e2e_articles_s %.0f\n", e2e_wall > 0 ? (double)(got + dead) / e2e_wall : 0);
    printf("e2e_steady_articles_s %.0f\n", steady > 0 ? (double)(got + dead) / steady : 0);
    printf("e2e_words_s %.0f\n", e2e_wall > 0 ? words / e2e_wall : 0);
    printf("e2e_mb_s %.2f\n", e2e_wall > 0 ? text_mb / e2e_wall : 0);
    printf("lat_articles %zu\n", ns);
    printf("lat_rate %.0f\n", rate);
    if (ns) {
        printf("lat_p50_ms %.1f\n", sorted[(ns - 1) / 2]);
        printf("lat_p99_ms %.1f\n", sorted[(size_t)((double)(ns - 1) * 0.99)]);
        printf("lat_max_ms %.1f\n", sorted[ns - 1]);
    }
    printf("worker_exit %d\n", wexit);

    rd_kafka_consumer_close(cons);
    rd_kafka_destroy(cons);
    itest_producer_destroy(prod);
    for (size_t k = 0; k < n_corpus; k++)
        json_decref(corpus[k].json);
    free(corpus);
    free(wargv);
    free(lat);
    free(sent);
    free(sorted);
    if (lost)
        fprintf(stderr, "bench-e2e: %ld of %ld articles never came back\n", count - got - dead,
                count);
    return lost || (long)ns < lat_count ? 1 : 0;
}
