/*
 * it_smoke.c - the broker and librdkafka work together end to end.
 *
 * Creates a topic with 4 partitions through the admin API, produces 1,000
 * distinct messages (every delivery report must succeed), consumes them back
 * through a fresh consumer group and checks that each of the 1,000 payloads
 * arrives exactly once and nothing else does. Then checks that the group
 * committed offsets covering all 1,000 messages.
 */
#include "itest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_MESSAGES   1000
#define N_PARTITIONS 4

/* Payload of message i; the number is recovered by parse_payload. */
static int make_payload(char *buf, size_t size, int i)
{
    return snprintf(buf, size, "smoke-message-%04d-%08x", i, (unsigned)(i * 2654435761u));
}

/* Index of a payload made by make_payload, or -1 for anything else. */
static int parse_payload(const char *value, size_t len)
{
    int i = -1;
    char expect[64];
    if (!value || sscanf(value, "smoke-message-%4d-", &i) != 1 || i < 0 || i >= N_MESSAGES)
        return -1;
    int n = make_payload(expect, sizeof(expect), i);
    if ((size_t)n != len || memcmp(expect, value, len) != 0)
        return -1;
    return i;
}

int main(void)
{
    char topic[128], group[128], buf[64], key[16];
    itest_log("bootstrap %s", itest_bootstrap());
    itest_unique_name(topic, sizeof(topic), "it-smoke");
    itest_unique_name(group, sizeof(group), "it-smoke-group");

    itest_create_topic(topic, N_PARTITIONS);

    rd_kafka_t *p = itest_producer_new(NULL);
    for (int i = 0; i < N_MESSAGES; i++) {
        int n = make_payload(buf, sizeof(buf), i);
        int kn = snprintf(key, sizeof(key), "k%d", i);
        itest_produce(p, topic, RD_KAFKA_PARTITION_UA, key, (size_t)kn, buf, (size_t)n);
    }
    itest_producer_flush(p, N_MESSAGES);
    itest_producer_destroy(p);
    itest_log("produced %d messages to %s", N_MESSAGES, topic);

    rd_kafka_t *c = itest_consumer_new(group, topic, NULL);
    itest_msgs msgs = {0};
    itest_consume(c, N_MESSAGES, ITEST_TIMEOUT_MS, 1000, &msgs);
    itest_log("consumed %zu messages", msgs.count);

    static int seen[N_MESSAGES];
    int partitions_seen[N_PARTITIONS] = {0};
    size_t unknown = 0, duplicates = 0, missing = 0;
    for (size_t j = 0; j < msgs.count; j++) {
        const itest_msg *m = &msgs.items[j];
        int i = parse_payload(m->value, m->value_len);
        if (i < 0) {
            if (unknown++ < 5)
                itest_log("unknown payload at %s [%d] @%lld: %.*s", m->topic, (int)m->partition,
                          (long long)m->offset, (int)m->value_len, m->value ? m->value : "");
            continue;
        }
        char expect_key[16];
        snprintf(expect_key, sizeof(expect_key), "k%d", i);
        ITEST_CHECK(m->key && strcmp(m->key, expect_key) == 0, "message %d has key '%s'", i,
                    m->key ? m->key : "(none)");
        ITEST_CHECK(strcmp(m->topic, topic) == 0, "message from topic %s", m->topic);
        ITEST_CHECK(m->partition >= 0 && m->partition < N_PARTITIONS, "partition %d",
                    (int)m->partition);
        partitions_seen[m->partition]++;
        if (seen[i]++)
            duplicates++;
    }
    for (int i = 0; i < N_MESSAGES; i++) {
        if (!seen[i] && missing++ < 5)
            itest_log("payload %d never arrived", i);
    }
    itest_log("per partition: %d %d %d %d", partitions_seen[0], partitions_seen[1],
              partitions_seen[2], partitions_seen[3]);
    ITEST_CHECK(unknown == 0 && duplicates == 0 && missing == 0,
                "%zu message(s) consumed: %zu missing, %zu duplicate(s), %zu unknown (expected "
                "each of the %d payloads exactly once)",
                msgs.count, missing, duplicates, unknown, N_MESSAGES);
    ITEST_CHECK(msgs.count == N_MESSAGES, "consumed %zu messages, expected %d", msgs.count,
                N_MESSAGES);
    for (int i = 0; i < N_PARTITIONS; i++)
        ITEST_CHECK(partitions_seen[i] > 0, "partition %d got no message of %d", i, N_MESSAGES);

    /* Commit what was consumed and read it back through the group coordinator. */
    rd_kafka_resp_err_t err = rd_kafka_commit(c, NULL, 0);
    ITEST_CHECK(err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR__NO_OFFSET,
                "commit: %s", rd_kafka_err2str(err));
    itest_consumer_destroy(c);
    itest_msgs_free(&msgs);
    int64_t committed = itest_committed_total(group, topic, N_PARTITIONS);
    itest_log("group %s committed offsets summing to %lld", group, (long long)committed);
    ITEST_CHECK(committed == N_MESSAGES, "group %s committed %lld offsets, expected %d", group,
                (long long)committed, N_MESSAGES);

    itest_delete_topic(topic);
    return itest_pass();
}
