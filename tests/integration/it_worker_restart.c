/*
 * it_worker_restart.c - the real broker is stopped for 10 seconds mid-stream
 * and started again (same data, same port).
 *
 * 20,000 articles over 4 partitions. Once a tenth of the records are out, the
 * test runs `tests/kafka/broker.sh down`, waits 10 s, checks the worker is
 * still running, and runs `broker.sh up`. Every input must then have at least
 * one record; duplicates are printed. (it_worker_outage does the same against
 * librdkafka's mock cluster, where the outage can be injected precisely.)
 */
#include "it_worker_util.h"

#define N_ARTICLES   20000
#define N_PARTITIONS 4

static void broker_cmd(const char *sub)
{
    const char *state = getenv("NEWSX_TEST_BROKER_STATE");
    if (!state || !*state)
        itest_fail(
            "NEWSX_TEST_BROKER_STATE is not set: run the integration tests with tests/run.sh");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s/tests/kafka/broker.sh' --state '%s' %s",
             itest_env("NEWSX_SOURCE_DIR"), state, sub);
    int rc = system(cmd);
    if (rc != 0)
        itest_fail("'%s' failed (status %d)", cmd, rc);
}

int main(void)
{
    wu_topics t;
    wu_topics_make(&t, "it-restart", N_PARTITIONS);
    wu_produce_articles(t.in, N_PARTITIONS, N_ARTICLES);
    const char *extra[] = {"threads=1", "kafka.consumer.auto.commit.interval.ms=500",
                           "shutdown.timeout.ms=30000", NULL};
    pid_t pid = wu_start(&t, extra, NULL);

    rd_kafka_t *watch = itest_consumer_new(NULL, t.out, NULL);
    itest_msgs seen = {0};
    itest_consume(watch, N_ARTICLES / 10, 180000, 0, &seen);
    ITEST_CHECK(seen.count >= N_ARTICLES / 10, "only %zu records before the outage", seen.count);
    itest_consumer_destroy(watch);
    itest_log("%zu records out; stopping the broker for 10 s", seen.count);

    broker_cmd("down");
    usleep(10000000);
    ITEST_CHECK(wu_wait(pid, 0) == -1, "the worker died while the broker was down");
    broker_cmd("up");
    itest_log("broker is back");

    wu_cover cov;
    wu_cover_init(&cov, N_PARTITIONS, N_ARTICLES);
    itest_msgs all = {0};
    size_t missing = N_ARTICLES, dups = 0, from = 0;
    rd_kafka_t *reader = itest_consumer_new(NULL, t.out, NULL);
    int64_t until = itest_now_ms() + 240000;
    while (missing > 0 && itest_now_ms() < until) {
        itest_consume(reader, all.count + missing, 5000, 0, &all);
        for (; from < all.count; from++)
            wu_cover_add(&cov, &all.items[from]);
        wu_cover_count(&cov, &missing, &dups);
    }
    itest_consume(reader, all.count + 1000000, 2000, 0, &all);
    for (; from < all.count; from++)
        wu_cover_add(&cov, &all.items[from]);
    wu_cover_count(&cov, &missing, &dups);
    itest_consumer_destroy(reader);
    int rc = wu_stop(pid, SIGTERM, 40000);
    printf("it_worker_restart: %d articles, %zu records, %zu duplicates after a 10 s broker stop\n",
           N_ARTICLES, all.count, dups);
    itest_log("records=%zu missing=%zu duplicates=%zu strays=%zu worker exit %d", all.count,
              missing, dups, cov.strays, rc);
    ITEST_CHECK(missing == 0, "%zu articles lost", missing);
    ITEST_CHECK(cov.strays == 0, "%zu stray records", cov.strays);
    ITEST_CHECK(rc == 0, "worker exited with %d after SIGTERM", rc);
    wu_cover_free(&cov);
    itest_msgs_free(&seen);
    itest_msgs_free(&all);
    return itest_pass();
}
