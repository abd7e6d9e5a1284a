/*
 * it_eos_group.c - exactly_once with three workers in one group
 * (cooperative-sticky): one is killed with SIGKILL mid-stream; the other two
 * take over its partitions. A read_committed reader of the output must see
 * every input exactly once.
 */
#include "it_worker_util.h"

#define N_ARTICLES   12000
#define N_PARTITIONS 6

int main(void)
{
    wu_topics t;
    wu_topics_make(&t, "it-eos-group", N_PARTITIONS);
    wu_produce_articles(t.in, N_PARTITIONS, N_ARTICLES);
    static const char *const ids[3] = {"instance.id=eos-a", "instance.id=eos-b",
                                       "instance.id=eos-c"};
    const char *extra[3][10];
    pid_t pids[3];
    for (int k = 0; k < 3; k++) {
        const char *e[] = {"processing.guarantee=exactly_once",
                           ids[k],
                           "eos.commit.articles=200",
                           "eos.commit.interval.ms=300",
                           "threads=1",
                           "inflight.max=200",
                           "kafka.producer.transaction.timeout.ms=15000",
                           NULL};
        memcpy(extra[k], e, sizeof e);
        pids[k] = wu_start(&t, extra[k], NULL);
    }
    rd_kafka_t *watch = itest_consumer_new(NULL, t.out, wu_read_committed);
    itest_msgs seen = {0};
    itest_consume(watch, N_ARTICLES / 3, 180000, 0, &seen);
    ITEST_CHECK(seen.count >= N_ARTICLES / 3, "only %zu committed records", seen.count);
    int rc = wu_stop(pids[1], SIGKILL, 10000);
    ITEST_CHECK(rc == 128 + SIGKILL, "exit %d, expected death by SIGKILL", rc);
    itest_log("worker b killed at %zu committed records", seen.count);

    /* the survivors finish the topic (the killed member is evicted after the
     * session timeout, its open transaction aborted by its timeout) */
    itest_consume(watch, N_ARTICLES, 240000, 8000, &seen);
    rc = wu_stop(pids[0], SIGTERM, 40000);
    ITEST_CHECK(rc == 0, "worker a exited with %d", rc);
    rc = wu_stop(pids[2], SIGTERM, 40000);
    ITEST_CHECK(rc == 0, "worker c exited with %d", rc);
    itest_consume(watch, seen.count + 1000000, 3000, 0, &seen);
    itest_consumer_destroy(watch);

    wu_cover cov;
    wu_cover_init(&cov, N_PARTITIONS, N_ARTICLES);
    for (size_t i = 0; i < seen.count; i++)
        wu_cover_add(&cov, &seen.items[i]);
    size_t missing = 0, dups = 0;
    wu_cover_count(&cov, &missing, &dups);
    printf("it_eos_group: %d articles, 3 workers, 1 killed: %zu committed records, %zu "
           "duplicates, %zu missing\n",
           N_ARTICLES, seen.count, dups, missing);
    ITEST_CHECK(missing == 0, "%zu articles have no record", missing);
    ITEST_CHECK(dups == 0, "%zu duplicate records under exactly_once", dups);
    ITEST_CHECK(cov.strays == 0, "%zu stray records", cov.strays);
    ITEST_CHECK(seen.count == N_ARTICLES, "%zu records for %d articles", seen.count, N_ARTICLES);
    wu_cover_free(&cov);
    itest_msgs_free(&seen);
    return itest_pass();
}
