/*
 * it_worker_group.c - two workers in one group share 8 partitions.
 *
 * Run with cooperative-sticky and with range assignment (the classic group
 * protocol), and with the KIP-848 protocol (group.protocol=consumer, the
 * broker assigns): two workers start on the first 10,000 of 20,000 articles;
 * both must do part of the work (their final metric lines); one is stopped
 * with SIGTERM mid-stream, the other 10,000 come, and the other worker takes
 * over its partitions. Together they must produce a record for every input.
 */
#include "it_worker_util.h"

#define N_ARTICLES   20000
#define N_PARTITIONS 8

static void scenario(const char *strategy)
{
    wu_topics t;
    char prefix[64];
    snprintf(prefix, sizeof prefix, "it-group-%s", strategy);
    wu_topics_make(&t, prefix, N_PARTITIONS);

    char strat[128], log_a[256], log_b[256];
    if (strcmp(strategy, "kip848") == 0)
        snprintf(strat, sizeof strat, "kafka.consumer.group.protocol=consumer");
    else
        snprintf(strat, sizeof strat, "kafka.consumer.partition.assignment.strategy=%s", strategy);
    snprintf(log_a, sizeof log_a, "/tmp/%s-a.log", t.group);
    snprintf(log_b, sizeof log_b, "/tmp/%s-b.log", t.group);
    const char *extra[] = {strat, "threads=1", NULL};
    pid_t a = wu_start(&t, extra, log_a);
    pid_t b = wu_start(&t, extra, log_b);
    /* the articles come once both hold partitions: a worker is fast enough
     * to take a fifth of them alone while the group is still forming */
    char what[64];
    snprintf(what, sizeof what, "%s: worker a", strategy);
    wu_wait_assigned(log_a, what, 60000);
    snprintf(what, sizeof what, "%s: worker b", strategy);
    wu_wait_assigned(log_b, what, 60000);
    /* the first half now, the second once worker a is stopped: however
     * fast a is, part of its partitions' articles come after it left, and
     * b must take them over */
    wu_produce_articles_range(t.in, N_PARTITIONS, 0, N_ARTICLES / 2);

    rd_kafka_t *watch = itest_consumer_new(NULL, t.out, NULL);
    itest_msgs seen = {0};
    itest_consume(watch, N_ARTICLES / 5, 240000, 0, &seen);
    ITEST_CHECK(seen.count >= N_ARTICLES / 5, "%s: only %zu records", strategy, seen.count);
    int rc = wu_stop(a, SIGTERM, 40000);
    ITEST_CHECK(rc == 0, "%s: worker a exited with %d", strategy, rc);
    itest_log("%s: worker a stopped at %zu records", strategy, seen.count);
    wu_produce_articles_range(t.in, N_PARTITIONS, N_ARTICLES / 2, N_ARTICLES);

    wu_cover cov;
    wu_cover_init(&cov, N_PARTITIONS, N_ARTICLES);
    size_t missing = 0, dups = 0, from = 0;
    int64_t until = itest_now_ms() + 240000;
    for (;;) {
        for (; from < seen.count; from++)
            wu_cover_add(&cov, &seen.items[from]);
        wu_cover_count(&cov, &missing, &dups);
        if (missing == 0 || itest_now_ms() > until)
            break;
        itest_consume(watch, seen.count + missing, 5000, 0, &seen);
    }
    rc = wu_stop(b, SIGTERM, 40000);
    ITEST_CHECK(rc == 0, "%s: worker b exited with %d", strategy, rc);
    itest_consumer_destroy(watch);

    long ca = wu_log_counter(log_a, "consumed"), cb = wu_log_counter(log_b, "consumed");
    itest_log("%s: records=%zu missing=%zu duplicates=%zu; worker a consumed %ld, b %ld", strategy,
              seen.count, missing, dups, ca, cb);
    ITEST_CHECK(missing == 0, "%s: %zu articles lost", strategy, missing);
    ITEST_CHECK(cov.strays == 0, "%s: %zu stray records", strategy, cov.strays);
    ITEST_CHECK(ca > 0 && cb > 0, "%s: the work was not split (a %ld, b %ld)", strategy, ca, cb);
    ITEST_CHECK(ca + cb >= N_ARTICLES, "%s: workers consumed %ld in all", strategy, ca + cb);
    ITEST_CHECK(ca < N_ARTICLES / 2, "%s: worker a was not stopped mid-stream (%ld)", strategy, ca);
    /* b was assigned partitions at least twice: its share, then a's (the
     * empty first round of a cooperative rebalance does not count) */
    int assigned = wu_log_count(log_b, " assigned ") - wu_log_count(log_b, " assigned 0 partition");
    itest_log("%s: worker b logged %d assignments", strategy, assigned);
    ITEST_CHECK(assigned >= 2, "%s: worker b did not take over (%d assignments)", strategy,
                assigned);
    wu_cover_free(&cov);
    itest_msgs_free(&seen);
    unlink(log_a);
    unlink(log_b);
}

int main(void)
{
    scenario("cooperative-sticky");
    scenario("range");
    scenario("kip848");
    return itest_pass();
}
