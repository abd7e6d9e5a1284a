/*
 * it_mock_watermark.c - the stored offset is a contiguous watermark: work
 * that completes out of order never moves it past an article still in
 * flight.
 *
 * A mock cluster inside the test process is the broker (it_mock_util.h). One
 * input partition of 40 articles, four extraction threads; the extraction of
 * article 5 takes 4 s more (the test hook of test builds), so articles 6..39
 * finish their extraction before it. While it runs, the committed offset
 * (auto-commit every 200 ms) must stay at 5 and the records stop at 5 (input
 * order); once it is done, everything is committed, each record once.
 */
#include "it_mock_util.h"

#define N_ARTICLES 40
#define SLOW_INDEX 5

int main(void)
{
    mu_cluster m;
    wu_topics t;
    mu_start(&m, &t, "it-watermark", 1, 1);
    mu_produce_articles(&m, t.in, 1, N_ARTICLES);

    char log[256], key[32];
    snprintf(log, sizeof log, "/tmp/%s.log", t.group);
    snprintf(key, sizeof key, "k%d", SLOW_INDEX);
    setenv("NEWSX_TEST_SLOW_KEY", key, 1);
    setenv("NEWSX_TEST_SLOW_MS", "4000", 1);
    const char *extra[] = {"threads=4", "kafka.consumer.session.timeout.ms=4000",
                           "kafka.consumer.heartbeat.interval.ms=500",
                           "kafka.consumer.auto.commit.interval.ms=200", NULL};
    pid_t pid = wu_start_on(m.boot, &t, extra, log);
    unsetenv("NEWSX_TEST_SLOW_KEY");
    unsetenv("NEWSX_TEST_SLOW_MS");

    for (int i = 0; i < 300 && wu_log_count(log, "test hook: ") < 1; i++)
        usleep(50000);
    ITEST_CHECK(wu_log_count(log, "test hook: ") == 1, "the slow extraction did not start");
    usleep(2000000); /* the others are done; several auto-commits have run */
    int64_t during = mu_committed(&m, t.group, t.in, 1);
    rd_kafka_t *reader = mu_reader(&m, t.out, 1, 1);
    itest_msgs seen = {0};
    mu_consume(reader, SLOW_INDEX + 1, 1000, 0, &seen);
    size_t records_during = seen.count;
    itest_log("while article %d is extracted: committed %lld, %zu records", SLOW_INDEX,
              (long long)during, records_during);

    mu_consume(reader, N_ARTICLES, 20000, 1000, &seen);
    int64_t after = 0;
    for (int i = 0; i < 50 && after < N_ARTICLES; i++) {
        after = mu_committed(&m, t.group, t.in, 1);
        if (after < N_ARTICLES)
            usleep(200000);
    }
    int rc = wu_stop(pid, SIGTERM, 30000);
    mu_reader_destroy(reader);
    int64_t *src = calloc(seen.count + 1, sizeof *src);
    mu_sources(&seen, src);
    size_t disorder = 0;
    for (size_t i = 0; i < seen.count; i++)
        if (src[i] != (int64_t)i)
            disorder++;
    free(src);
    printf("it_mock_watermark: committed %lld while article %d was in flight, %lld after; "
           "%zu records (%zu out of place)\n",
           (long long)during, SLOW_INDEX, (long long)after, seen.count, disorder);
    ITEST_CHECK(during == SLOW_INDEX, "committed %lld while article %d was in flight",
                (long long)during, SLOW_INDEX);
    ITEST_CHECK(records_during == SLOW_INDEX, "%zu records while article %d was in flight",
                records_during, SLOW_INDEX);
    ITEST_CHECK(after == N_ARTICLES, "committed %lld of %d in the end", (long long)after,
                N_ARTICLES);
    ITEST_CHECK(seen.count == N_ARTICLES && disorder == 0, "%zu records, %zu out of input order",
                seen.count, disorder);
    ITEST_CHECK(rc == 0, "worker exited with %d after SIGTERM", rc);
    itest_msgs_free(&seen);
    unlink(log);
    rd_kafka_destroy(m.rk);
    return itest_pass();
}
