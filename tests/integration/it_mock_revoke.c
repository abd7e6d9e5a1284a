/*
 * it_mock_revoke.c - a revocation with work in flight gives the partition up
 * after revoke.timeout.ms without committing the unfinished work, and the
 * next owner does it: nothing is lost.
 *
 * A mock cluster inside the test process is the broker (it_mock_util.h). Two
 * input partitions of 30 articles each. Worker A holds both and the
 * extraction of article 10 of each partition takes a minute (the test hook
 * of test builds), so both partitions have work in flight. Worker B joins
 * the group: A must give one partition up within revoke.timeout.ms=1000
 * (logging that its in-flight work is left to the next owner), B processes
 * it from the committed offset, and once A is stopped (exit 1 within its
 * shutdown bound: its slow article is still being extracted) B takes the
 * other partition too. Every input offset must have a record.
 */
#include "it_mock_util.h"

#define N_ARTICLES 60
#define N_PARTS    2

int main(void)
{
    mu_cluster m;
    wu_topics t;
    mu_start(&m, &t, "it-revoke", N_PARTS, 1);
    mu_produce_articles(&m, t.in, N_PARTS, N_ARTICLES);

    char log_a[256], log_b[256];
    snprintf(log_a, sizeof log_a, "/tmp/%s-a.log", t.group);
    snprintf(log_b, sizeof log_b, "/tmp/%s-b.log", t.group);
    const char *extra[] = {"threads=2",
                           "revoke.timeout.ms=1000",
                           "shutdown.timeout.ms=2000",
                           "kafka.consumer.session.timeout.ms=4000",
                           "kafka.consumer.heartbeat.interval.ms=500",
                           "kafka.consumer.auto.commit.interval.ms=200",
                           NULL};
    /* article i is in partition i % 2: k20 and k21 are the tenth of each */
    setenv("NEWSX_TEST_SLOW_KEY", "k20,k21", 1);
    setenv("NEWSX_TEST_SLOW_MS", "60000", 1);
    pid_t a = wu_start_on(m.boot, &t, extra, log_a);
    unsetenv("NEWSX_TEST_SLOW_KEY");
    unsetenv("NEWSX_TEST_SLOW_MS");
    for (int i = 0; i < 300 && wu_log_count(log_a, "test hook: ") < 2; i++)
        usleep(100000);
    ITEST_CHECK(wu_log_count(log_a, "test hook: ") == 2, "the slow extractions did not start");
    int64_t before = 0;
    for (int i = 0; i < 30 && before < 20; i++) {
        usleep(200000);
        before = mu_committed(&m, t.group, t.in, N_PARTS);
    }
    itest_log("committed %lld", (long long)before);

    pid_t b = wu_start_on(m.boot, &t, extra, log_b);
    int64_t t0 = itest_now_ms();
    for (int i = 0; i < 300 && wu_log_count(log_a, "revoke: in-flight work not finished") < 1; i++)
        usleep(100000);
    int64_t revoke_ms = itest_now_ms() - t0;
    ITEST_CHECK(wu_log_count(log_a, "revoke: in-flight work not finished") == 1,
                "worker A did not give a partition up with work in flight");
    ITEST_CHECK(wu_wait(a, 0) == -1, "worker A ended at the revocation");

    rd_kafka_t *reader = mu_reader(&m, t.out, 1, 1);
    itest_msgs seen = {0};
    mu_consume(reader, N_ARTICLES / 2 + 10, 30000, 1000, &seen);
    itest_log("%zu records with one partition moved to B", seen.count);
    int rc_a = wu_stop(a, SIGTERM, 2000 + 5000);

    wu_cover cov;
    wu_cover_init(&cov, N_PARTS, N_ARTICLES);
    size_t missing = N_ARTICLES, dups = 0, from = 0;
    int64_t until = itest_now_ms() + 60000;
    while (missing > 0 && itest_now_ms() < until) {
        mu_consume(reader, seen.count + missing, 2000, 0, &seen);
        for (; from < seen.count; from++)
            wu_cover_add(&cov, &seen.items[from]);
        wu_cover_count(&cov, &missing, &dups);
    }
    int rc_b = wu_stop(b, SIGTERM, 30000);
    mu_reader_destroy(reader);
    printf("it_mock_revoke: committed %lld before B joined, revoke seen after %lld ms; "
           "%zu records, %zu missing, %zu duplicates; exits A %d B %d\n",
           (long long)before, (long long)revoke_ms, seen.count, missing, dups, rc_a, rc_b);
    ITEST_CHECK(before == 20, "committed %lld with both tenth articles in flight, expected 20",
                (long long)before);
    ITEST_CHECK(missing == 0, "%zu articles lost", missing);
    ITEST_CHECK(cov.strays == 0, "%zu stray records", cov.strays);
    ITEST_CHECK(rc_a == 1, "worker A exited %d with an article in flight, expected 1", rc_a);
    ITEST_CHECK(rc_b == 0, "worker B exited %d", rc_b);
    wu_cover_free(&cov);
    itest_msgs_free(&seen);
    unlink(log_a);
    unlink(log_b);
    rd_kafka_destroy(m.rk);
    return itest_pass();
}
