/*
 * it_group_kip848.c - the KIP-848 consumer group protocol
 * (kafka.consumer.group.protocol=consumer): the broker computes the
 * assignment and hands partitions out incrementally; no group-wide stop.
 *
 * Once at-least-once and once exactly-once, 9,000 articles on 6 partitions
 * in three batches: three workers start on the first; once all three hold
 * partitions the second batch is produced and one worker is killed with
 * SIGKILL while they work on it; a fourth joins, and once it holds
 * partitions the third batch is produced. The broker evicts the killed
 * member after its session timeout (group.consumer.session.timeout.ms,
 * tests/kafka/broker.sh) and moves its partitions; the joiner gets its share
 * from the survivors at once.
 *   - the group is a "consumer" type group on the broker with 3 members
 *     (DescribeConsumerGroups), and the worker's defaults for the classic
 *     protocol (session timeout, assignment strategy) did not stop it;
 *   - at-least-once: every article has a record (duplicates allowed, counted);
 *   - exactly-once: a read_committed reader sees every article exactly once;
 *   - the joiner consumed part of the work; the survivors and the joiner stop
 *     cleanly on SIGTERM.
 */
#include "it_worker_util.h"

#define N_BATCH      3000
#define N_ARTICLES   (3 * N_BATCH)
#define N_PARTITIONS 6

static void scenario(int eos)
{
    const char *name = eos ? "exactly_once" : "at_least_once";
    wu_topics t;
    wu_topics_make(&t, eos ? "it-kip848-eos" : "it-kip848", N_PARTITIONS);
    wu_produce_articles(t.in, N_PARTITIONS, N_BATCH);

    static const char *const ids[4] = {"instance.id=kip-a", "instance.id=kip-b",
                                       "instance.id=kip-c", "instance.id=kip-d"};
    const char *extra[4][12];
    char logs[4][256];
    pid_t pids[4];
    for (int k = 0; k < 4; k++) {
        const char *common[] = {"kafka.consumer.group.protocol=consumer",
                                "threads=1",
                                "inflight.max=200",
                                ids[k],
                                eos ? "processing.guarantee=exactly_once"
                                    : "kafka.consumer.auto.commit.interval.ms=500",
                                "eos.commit.articles=200",
                                "eos.commit.interval.ms=300",
                                "kafka.producer.transaction.timeout.ms=15000",
                                NULL};
        memcpy(extra[k], common, sizeof common);
        snprintf(logs[k], sizeof logs[k], "/tmp/%s-%c.log", t.group, 'a' + k);
        unlink(logs[k]);
    }
    for (int k = 0; k < 3; k++)
        pids[k] = wu_start(&t, extra[k], logs[k]);

    char what[64];
    for (int k = 0; k < 3; k++) {
        snprintf(what, sizeof what, "%s: worker %c", name, 'a' + k);
        wu_wait_assigned(logs[k], what, 60000);
    }
    char type[32], state[32];
    int members = 0;
    itest_group_describe(t.group, type, sizeof type, state, sizeof state, &members);
    itest_log("%s: group %s is a '%s' group, state %s, %d members", name, t.group, type, state,
              members);
    ITEST_CHECK(strcmp(type, "Consumer") == 0,
                "%s: the group's type is '%s', not the KIP-848 consumer protocol", name, type);
    ITEST_CHECK(members == 3, "%s: %d members, want 3", name, members);
    for (int k = 0; k < 3; k++)
        ITEST_CHECK(wu_log_count(logs[k], "group.protocol=consumer") >= 1,
                    "%s: worker %c did not start with group.protocol=consumer", name, 'a' + k);

    rd_kafka_t *watch = itest_consumer_new(NULL, t.out, eos ? wu_read_committed : NULL);
    itest_msgs seen = {0};
    wu_produce_articles(t.in, N_PARTITIONS, N_BATCH);
    int rc = wu_stop(pids[1], SIGKILL, 10000);
    ITEST_CHECK(rc == 128 + SIGKILL, "%s: exit %d, expected death by SIGKILL", name, rc);
    itest_consume(watch, seen.count + 1000000, 1000, 0, &seen);
    itest_log("%s: worker b killed at %zu records; worker d joins", name, seen.count);
    pids[3] = wu_start(&t, extra[3], logs[3]);
    snprintf(what, sizeof what, "%s: worker d", name);
    wu_wait_assigned(logs[3], what, 60000);
    wu_produce_articles(t.in, N_PARTITIONS, N_BATCH);

    wu_cover cov;
    wu_cover_init(&cov, N_PARTITIONS, N_ARTICLES);
    size_t missing = 0, dups = 0, from = 0;
    wu_consume_covered(watch, &seen, &cov, &from, 240000, &missing, &dups);
    for (int k = 0; k < 4; k++) {
        if (k == 1)
            continue;
        rc = wu_stop(pids[k], SIGTERM, 40000);
        ITEST_CHECK(rc == 0, "%s: worker %c exited with %d", name, 'a' + k, rc);
    }
    /* whatever the stops still delivered */
    itest_consume(watch, seen.count + 1000000, 3000, 0, &seen);
    wu_consume_covered(watch, &seen, &cov, &from, 0, &missing, &dups);
    itest_consumer_destroy(watch);

    long consumed[4];
    for (int k = 0; k < 4; k++)
        consumed[k] = k == 1 ? -1 : wu_log_counter(logs[k], "consumed");
    printf("it_group_kip848: %s: %d articles, 3 workers, 1 killed, 1 joined: %zu records, %zu "
           "duplicates, %zu missing (consumed a %ld, c %ld, d %ld)\n",
           name, N_ARTICLES, seen.count, dups, missing, consumed[0], consumed[2], consumed[3]);
    ITEST_CHECK(missing == 0, "%s: %zu articles lost", name, missing);
    ITEST_CHECK(cov.strays == 0, "%s: %zu stray records", name, cov.strays);
    ITEST_CHECK(consumed[3] > 0, "%s: the joining worker consumed nothing", name);
    ITEST_CHECK(wu_log_count(logs[3], " assigned ") >= 1, "%s: worker d was never assigned", name);
    if (eos) {
        ITEST_CHECK(dups == 0, "%s: %zu duplicate records", name, dups);
        ITEST_CHECK(seen.count == N_ARTICLES, "%s: %zu records for %d articles", name, seen.count,
                    N_ARTICLES);
    }
    wu_cover_free(&cov);
    itest_msgs_free(&seen);
    for (int k = 0; k < 4; k++)
        unlink(logs[k]);
}

int main(void)
{
    scenario(0);
    scenario(1);
    return itest_pass();
}
