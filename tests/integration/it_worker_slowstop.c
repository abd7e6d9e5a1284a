/*
 * it_worker_slowstop.c - SIGTERM with a slow article in flight exits within
 * shutdown.timeout.ms, and the article is not lost.
 *
 * The extraction of one article is made to take ten minutes with the test
 * hook of test builds (NEWSX_TEST_SLOW_KEY / NEWSX_TEST_SLOW_MS, see
 * docs/worker.md), like a core that is slow on some input: nothing can
 * interrupt it. With shutdown.timeout.ms=2000 the worker must exit 1 within
 * the bound plus a small margin, without committing that article's offset
 * (the committed offset stays at it). A restart without the hook then
 * produces its record: nothing is lost.
 */
#include "it_worker_util.h"

#define N_ARTICLES  20
#define SLOW_INDEX  10
#define SHUTDOWN_MS 2000
#define MARGIN_MS   2000

int main(void)
{
    wu_topics t;
    wu_topics_make(&t, "it-slowstop", 1);
    wu_produce_articles(t.in, 1, N_ARTICLES);

    char log[256], key[32];
    snprintf(log, sizeof log, "/tmp/%s.log", t.group);
    snprintf(key, sizeof key, "k%d", SLOW_INDEX);
    setenv("NEWSX_TEST_SLOW_KEY", key, 1);
    setenv("NEWSX_TEST_SLOW_MS", "600000", 1);
    char sd[64];
    snprintf(sd, sizeof sd, "shutdown.timeout.ms=%d", SHUTDOWN_MS);
    const char *extra[] = {sd, "threads=2", NULL};
    pid_t pid = wu_start(&t, extra, log);
    unsetenv("NEWSX_TEST_SLOW_KEY");
    unsetenv("NEWSX_TEST_SLOW_MS");

    rd_kafka_t *watch = itest_consumer_new(NULL, t.out, NULL);
    itest_msgs seen = {0};
    /* the records after the slow one wait for it (input order) */
    itest_consume(watch, SLOW_INDEX, 60000, 1000, &seen);
    ITEST_CHECK(seen.count == SLOW_INDEX, "%zu records before the signal, expected %d", seen.count,
                SLOW_INDEX);
    for (int i = 0; i < 100 && wu_log_count(log, "test hook: ") < 1; i++)
        usleep(100000);
    ITEST_CHECK(wu_log_count(log, "test hook: ") == 1, "the slow extraction did not start");

    int64_t t0 = itest_now_ms();
    int rc = wu_stop(pid, SIGTERM, SHUTDOWN_MS + 30000);
    int64_t took = itest_now_ms() - t0;
    printf("it_worker_slowstop: exit %d %lld ms after SIGTERM (shutdown.timeout.ms=%d)\n", rc,
           (long long)took, SHUTDOWN_MS);
    ITEST_CHECK(took <= SHUTDOWN_MS + MARGIN_MS, "exit took %lld ms, bound %d + %d ms",
                (long long)took, SHUTDOWN_MS, MARGIN_MS);
    ITEST_CHECK(rc == 1, "exit %d with an article in flight, expected 1", rc);
    int64_t committed = itest_committed_total(t.group, t.in, 1);
    itest_log("committed offset %lld", (long long)committed);
    ITEST_CHECK(committed == SLOW_INDEX, "committed offset %lld, expected %d (the slow article's)",
                (long long)committed, SLOW_INDEX);

    /* the restart processes the article that was in flight */
    pid = wu_start(&t, extra, log);
    int found = 0;
    int64_t until = itest_now_ms() + 60000;
    while (!found && itest_now_ms() < until) {
        itest_consume(watch, seen.count + 1, 2000, 0, &seen);
        for (size_t i = 0; i < seen.count && !found; i++) {
            int32_t p;
            int64_t o;
            if (wu_parse_source(itest_msg_header(&seen.items[i], "newsx-source"), &p, &o) == 0 &&
                o == SLOW_INDEX)
                found = 1;
        }
    }
    rc = wu_stop(pid, SIGTERM, 30000);
    itest_consumer_destroy(watch);
    ITEST_CHECK(found, "the article in flight at the signal was never processed");
    ITEST_CHECK(rc == 0, "restarted worker exited with %d", rc);
    ITEST_CHECK(itest_committed_total(t.group, t.in, 1) == N_ARTICLES,
                "not every offset committed after the restart");
    itest_msgs_free(&seen);
    unlink(log);
    return itest_pass();
}
