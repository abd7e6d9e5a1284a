/*
 * it_worker_kill.c - kill -9 mid-stream, three times, with restarts.
 *
 * 8,000 articles over 4 partitions; the worker is killed with SIGKILL each
 * time the output has grown by another quarter, and restarted. At the end
 * every input must have at least one record (at-least-once); the number of
 * duplicates is printed (they are allowed: the killed worker's uncommitted
 * work is redone).
 */
#include "it_worker_util.h"

#define N_ARTICLES   8000
#define N_PARTITIONS 4

int main(void)
{
    wu_topics t;
    wu_topics_make(&t, "it-kill", N_PARTITIONS);
    wu_produce_articles(t.in, N_PARTITIONS, N_ARTICLES);
    /* a short auto-commit interval makes progress between kills likely */
    const char *extra[] = {"threads=1", "inflight.max=100",
                           "kafka.consumer.auto.commit.interval.ms=500", NULL};
    rd_kafka_t *watch = itest_consumer_new(NULL, t.out, NULL);
    itest_msgs seen = {0};
    for (int k = 1; k <= 3; k++) {
        pid_t pid = wu_start(&t, extra, NULL);
        size_t target = (size_t)k * N_ARTICLES / 4;
        itest_consume(watch, target, 180000, 0, &seen);
        ITEST_CHECK(seen.count >= target, "run %d: only %zu records", k, seen.count);
        int rc = wu_stop(pid, SIGKILL, 10000);
        ITEST_CHECK(rc == 128 + SIGKILL, "run %d: exit %d, expected death by SIGKILL", k, rc);
        itest_log("run %d killed at %zu records", k, seen.count);
    }
    pid_t pid = wu_start(&t, extra, NULL);
    wu_cover cov;
    wu_cover_init(&cov, N_PARTITIONS, N_ARTICLES);
    size_t missing = 0, dups = 0;
    int64_t until = itest_now_ms() + 240000;
    size_t from = 0;
    for (;;) {
        for (; from < seen.count; from++)
            wu_cover_add(&cov, &seen.items[from]);
        wu_cover_count(&cov, &missing, &dups);
        if (missing == 0 || itest_now_ms() > until)
            break;
        itest_consume(watch, seen.count + missing, 5000, 0, &seen);
    }
    itest_consume(watch, seen.count + 1000000, 2000, 0, &seen);
    for (; from < seen.count; from++)
        wu_cover_add(&cov, &seen.items[from]);
    wu_cover_count(&cov, &missing, &dups);
    int rc = wu_stop(pid, SIGTERM, 40000);
    ITEST_CHECK(rc == 0, "final run exited with %d", rc);
    itest_consumer_destroy(watch);
    printf("it_worker_kill: %d articles, %zu records, %zu duplicates after 3 kills\n", N_ARTICLES,
           seen.count, dups);
    itest_log("records=%zu missing=%zu duplicates=%zu strays=%zu", seen.count, missing, dups,
              cov.strays);
    ITEST_CHECK(missing == 0, "%zu articles have no record", missing);
    ITEST_CHECK(cov.strays == 0, "%zu stray records", cov.strays);
    wu_cover_free(&cov);
    itest_msgs_free(&seen);
    return itest_pass();
}
