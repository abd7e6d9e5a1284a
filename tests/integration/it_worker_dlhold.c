/*
 * it_worker_dlhold.c - a dead-letter topic that cannot be written.
 *
 * The worker starts while its dead-letter topic does not exist (the test
 * broker does not create topics on demand). A poison article at offset 1 must
 * not block the good articles behind it, but its partition's committed offset
 * must stay held at 1 while the dead letter keeps failing and being retried.
 * Once the topic is created the dead letter arrives byte-identical and the
 * commit moves past it.
 */
#include "it_worker_util.h"

#define N_MESSAGES 10

int main(void)
{
    wu_topics t;
    char p[96];
    snprintf(p, sizeof p, "it-dlhold-in");
    itest_unique_name(t.in, sizeof t.in, p);
    itest_unique_name(t.out, sizeof t.out, "it-dlhold-out");
    itest_unique_name(t.dl, sizeof t.dl, "it-dlhold-dl");
    itest_unique_name(t.group, sizeof t.group, "it-dlhold-group");
    t.partitions = 1;
    itest_create_topic(t.in, 1);
    itest_create_topic(t.out, 1);

    static const char poison[] = "{\"title\": \"no body here\"}";
    rd_kafka_t *prod = itest_producer_new(NULL);
    char art[1024], key[32];
    for (int i = 0; i < N_MESSAGES; i++) {
        int kl = snprintf(key, sizeof key, "k%d", i);
        if (i == 1) {
            itest_produce(prod, t.in, 0, key, (size_t)kl, poison, sizeof poison - 1);
        } else {
            size_t n = wu_article(art, sizeof art, i);
            itest_produce(prod, t.in, 0, key, (size_t)kl, art, n);
        }
    }
    itest_producer_flush(prod, N_MESSAGES);
    itest_producer_destroy(prod);

    const char *extra[] = {"kafka.producer.message.timeout.ms=1500", "retry.backoff.ms=200",
                           "retry.backoff.max.ms=1000",
                           "kafka.consumer.auto.commit.interval.ms=200", NULL};
    pid_t pid = wu_start(&t, extra, NULL);

    itest_msgs recs = {0};
    wu_read_all(t.out, N_MESSAGES - 1, 60000, 500, &recs);
    ITEST_CHECK(recs.count == N_MESSAGES - 1, "poison blocked the partition: %zu records",
                recs.count);
    /* let several dead-letter attempts fail */
    usleep(5000000);
    int64_t held = itest_committed_total(t.group, t.in, 1);
    itest_log("committed while the dead-letter topic is missing: %" PRId64, held);
    ITEST_CHECK(held == 1,
                "committed offset %" PRId64 " while the dead letter at offset 1 is "
                "not written, expected 1",
                held);

    itest_create_topic(t.dl, 1);
    itest_msgs dls = {0};
    wu_read_all(t.dl, 1, 60000, 500, &dls);
    ITEST_CHECK(dls.count == 1, "expected 1 dead letter, got %zu", dls.count);
    const itest_msg *m = &dls.items[0];
    ITEST_CHECK(m->value_len == sizeof poison - 1 && memcmp(m->value, poison, m->value_len) == 0,
                "dead letter value changed");
    const char *code = itest_msg_header(m, "newsx-error-code");
    ITEST_CHECK(code && strcmp(code, "bad_envelope") == 0, "code %s", code ? code : "(none)");

    int64_t committed = -1;
    for (int i = 0; i < 100 && committed != N_MESSAGES; i++) {
        usleep(200000);
        committed = itest_committed_total(t.group, t.in, 1);
    }
    itest_log("committed after the topic exists: %" PRId64, committed);
    ITEST_CHECK(committed == N_MESSAGES, "commit did not move past the dead letter: %" PRId64,
                committed);
    int rc = wu_stop(pid, SIGTERM, 40000);
    ITEST_CHECK(rc == 0, "worker exited with %d", rc);
    itest_msgs_free(&recs);
    itest_msgs_free(&dls);
    return itest_pass();
}
