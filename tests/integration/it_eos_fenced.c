/*
 * it_eos_fenced.c - exactly_once: a second process with the same instance.id
 * (hence the same transactional.id) fences the first.
 *
 * Worker A runs on the first 1,000 of 6,000 articles; once some output is
 * committed, worker B starts in the same group with A's instance.id, and the
 * other 5,000 articles are produced (so that A, however fast, still has work
 * and makes a transactional call after the fencing). B's init_transactions
 * fences A, which must exit 3 by itself and name the fencing error in its
 * log; B finishes, and a read_committed reader sees every input exactly
 * once.
 */
#include "it_worker_util.h"

#define N_ARTICLES   6000
#define N_FIRST      1000
#define N_PARTITIONS 4

int main(void)
{
    wu_topics t;
    wu_topics_make(&t, "it-eos-fenced", N_PARTITIONS);
    wu_produce_articles_range(t.in, N_PARTITIONS, 0, N_FIRST);
    const char *extra[] = {"processing.guarantee=exactly_once",
                           "instance.id=same-instance",
                           "eos.commit.articles=100",
                           "eos.commit.interval.ms=200",
                           "threads=1",
                           "inflight.max=50",
                           "log.level=info",
                           NULL};
    char log_a[128];
    snprintf(log_a, sizeof log_a, "/tmp/it-eos-fenced-a-%d.log", (int)getpid());
    unlink(log_a);
    pid_t a = wu_start(&t, extra, log_a);
    rd_kafka_t *watch = itest_consumer_new(NULL, t.out, wu_read_committed);
    itest_msgs seen = {0};
    itest_consume(watch, 500, 120000, 0, &seen);
    ITEST_CHECK(seen.count >= 500, "worker A committed only %zu records", seen.count);
    pid_t b = wu_start(&t, extra, NULL);
    wu_produce_articles_range(t.in, N_PARTITIONS, N_FIRST, N_ARTICLES);
    int rc = wu_wait(a, 120000);
    ITEST_CHECK(rc == 3, "fenced worker A exited with %d, want 3 (log %s)", rc, log_a);
    int named = wu_log_count(log_a, "FENCED") + wu_log_count(log_a, "fenced");
    ITEST_CHECK(named > 0, "worker A's log does not name the fencing (log %s)", log_a);
    itest_log("worker A exited 3, fencing named in %d log line(s)", named);

    itest_consume(watch, N_ARTICLES, 240000, 5000, &seen);
    rc = wu_stop(b, SIGTERM, 40000);
    ITEST_CHECK(rc == 0, "worker B exited with %d", rc);
    itest_consume(watch, seen.count + 1000000, 3000, 0, &seen);
    itest_consumer_destroy(watch);
    wu_cover cov;
    wu_cover_init(&cov, N_PARTITIONS, N_ARTICLES);
    for (size_t i = 0; i < seen.count; i++)
        wu_cover_add(&cov, &seen.items[i]);
    size_t missing = 0, dups = 0;
    wu_cover_count(&cov, &missing, &dups);
    printf("it_eos_fenced: %d articles, %zu committed records, %zu duplicates, %zu missing\n",
           N_ARTICLES, seen.count, dups, missing);
    ITEST_CHECK(missing == 0, "%zu articles have no record", missing);
    ITEST_CHECK(dups == 0, "%zu duplicates", dups);
    ITEST_CHECK(cov.strays == 0, "%zu stray records", cov.strays);
    unlink(log_a);
    wu_cover_free(&cov);
    itest_msgs_free(&seen);
    return itest_pass();
}
