/*
 * it_worker_sigterm.c - graceful shutdown mid-stream.
 *
 * A worker is stopped with SIGTERM while it is working through 20,000
 * articles: it must exit 0 within shutdown.timeout.ms (plus a margin for the
 * process itself). A second worker in the same group then finishes the rest.
 * Every input must have exactly one record: nothing lost, nothing duplicated.
 * Last, with work that cannot be delivered: one signal ends with exit 1 after
 * the shutdown bound and commits nothing; two signals exit at once with 130.
 */
#include "it_worker_util.h"

#define N_ARTICLES   20000
#define N_PARTITIONS 4
#define SHUTDOWN_MS  15000

int main(void)
{
    wu_topics t;
    wu_topics_make(&t, "it-sigterm", N_PARTITIONS);
    wu_produce_articles(t.in, N_PARTITIONS, N_ARTICLES);

    char sd[64];
    snprintf(sd, sizeof sd, "shutdown.timeout.ms=%d", SHUTDOWN_MS);
    /* one thread keeps the first run from finishing everything before the signal */
    const char *extra[] = {sd, "threads=1", NULL};
    pid_t pid = wu_start(&t, extra, NULL);

    rd_kafka_t *watch = itest_consumer_new(NULL, t.out, NULL);
    itest_msgs seen = {0};
    itest_consume(watch, N_ARTICLES / 10, 120000, 0, &seen);
    ITEST_CHECK(seen.count >= N_ARTICLES / 10, "only %zu records before the signal", seen.count);
    itest_log("%zu records out; sending SIGTERM", seen.count);
    int rc = wu_stop(pid, SIGTERM, SHUTDOWN_MS + 5000);
    ITEST_CHECK(rc == 0, "worker exited with %d after SIGTERM, expected 0", rc);
    itest_consume(watch, N_ARTICLES, 3000, 0, &seen);
    itest_log("%zu records after the first run", seen.count);
    ITEST_CHECK(seen.count < N_ARTICLES, "the first run finished everything (%zu records)",
                seen.count);

    pid = wu_start(&t, extra, NULL);
    itest_consume(watch, N_ARTICLES, 240000, 3000, &seen);
    rc = wu_stop(pid, SIGTERM, SHUTDOWN_MS + 5000);
    ITEST_CHECK(rc == 0, "second worker exited with %d", rc);
    itest_consumer_destroy(watch);

    wu_cover cov;
    wu_cover_init(&cov, N_PARTITIONS, N_ARTICLES);
    for (size_t i = 0; i < seen.count; i++)
        wu_cover_add(&cov, &seen.items[i]);
    size_t missing, dups;
    wu_cover_count(&cov, &missing, &dups);
    itest_log("records=%zu missing=%zu duplicates=%zu strays=%zu", seen.count, missing, dups,
              cov.strays);
    ITEST_CHECK(missing == 0, "%zu articles lost", missing);
    ITEST_CHECK(dups == 0, "%zu duplicates after a graceful stop", dups);
    ITEST_CHECK(cov.strays == 0, "%zu stray records", cov.strays);
    wu_cover_free(&cov);
    itest_msgs_free(&seen);

    /* Work that cannot finish: the output topic of this second setup does not
     * exist, so the articles stay in flight. One signal then ends with exit 1
     * (unfinished, nothing committed) once shutdown.timeout.ms has passed; two
     * signals end it at once with 130. */
    wu_topics stuck;
    itest_unique_name(stuck.in, sizeof stuck.in, "it-sigterm-stuck-in");
    itest_unique_name(stuck.out, sizeof stuck.out, "it-sigterm-missing-out");
    itest_unique_name(stuck.dl, sizeof stuck.dl, "it-sigterm-missing-dl");
    itest_unique_name(stuck.group, sizeof stuck.group, "it-sigterm-stuck-group");
    stuck.partitions = 1;
    itest_create_topic(stuck.in, 1);
    wu_produce_articles(stuck.in, 1, 20);
    char log[256];
    snprintf(log, sizeof log, "/tmp/%s.log", stuck.group);
    const char *short_sd[] = {"shutdown.timeout.ms=2000", NULL};
    for (int round = 0; round < 2; round++) {
        unlink(log);
        pid = wu_start(&stuck, round == 0 ? short_sd : extra, log);
        for (int i = 0; i < 300 && wu_log_count(log, " assigned ") < 1; i++)
            usleep(100000);
        ITEST_CHECK(wu_log_count(log, " assigned ") >= 1, "stuck worker got no partitions");
        usleep(1000000);
        if (round == 0) {
            rc = wu_stop(pid, SIGTERM, 2000 + 5000);
            itest_log("stuck work, one signal: exit %d", rc);
            ITEST_CHECK(rc == 1, "stuck work, one signal: exit %d, expected 1", rc);
        } else {
            kill(pid, SIGTERM);
            usleep(500000);
            ITEST_CHECK(wu_wait(pid, 0) == -1, "worker ended with work still in flight");
            rc = wu_stop(pid, SIGTERM, 5000);
            itest_log("stuck work, two signals: exit %d", rc);
            ITEST_CHECK(rc == 130, "two signals: exit %d, expected 130", rc);
        }
    }
    ITEST_CHECK(itest_committed_total(stuck.group, stuck.in, 1) == 0,
                "offsets of undelivered work were committed");
    unlink(log);
    return itest_pass();
}
