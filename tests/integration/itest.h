/*
 * itest.h - helpers for the integration tests (tests/integration/it_*.c).
 *
 * An integration test is a plain executable that talks to a real Kafka
 * broker. tests/run.sh starts one (tests/kafka/broker.sh) and exports its
 * address in NEWSX_TEST_BOOTSTRAP; a test started without it fails and says
 * so. ctest also sets NEWSX_SOURCE_DIR and NEWSX_WORKER_BIN (the newsx-worker
 * binary) for every integration test.
 *
 * Failure model: every itest_* function that can fail prints "FAIL: ..." on
 * stderr and ends the process with exit status 1 (exit(), so atexit handlers
 * run: a test that starts processes or makes files registers its own cleanup
 * with atexit()). A test therefore reads straight through; ITEST_CHECK does
 * the same for the test's own assertions. A test passes by returning 0 from
 * main, usually through itest_pass().
 *
 * Typical use:
 *
 *     char topic[128];
 *     itest_unique_name(topic, sizeof(topic), "raw");
 *     itest_create_topic(topic, 4);
 *     rd_kafka_t *p = itest_producer_new(NULL);
 *     itest_produce(p, topic, RD_KAFKA_PARTITION_UA, "k", 1, "v", 1);
 *     itest_producer_flush(p, 1);              // fails unless 1 message delivered
 *     itest_producer_destroy(p);
 *     rd_kafka_t *c = itest_consumer_new(NULL, topic, NULL);
 *     itest_msgs msgs = {0};
 *     itest_consume(c, 1, 30000, 500, &msgs);   // up to 1 message, 30 s, then 0.5 s more
 *     ITEST_CHECK(msgs.count == 1, "got %zu messages", msgs.count);
 *     itest_msgs_free(&msgs);
 *     itest_consumer_destroy(c);
 *     return itest_pass();
 */
#ifndef NEWSX_ITEST_H
#define NEWSX_ITEST_H

#include <librdkafka/rdkafka.h>
#include <stddef.h>
#include <stdint.h>

/* Default time limits (milliseconds) used by the helpers that take none. */
#define ITEST_TIMEOUT_MS 60000

/* Print "FAIL: <message>" on stderr and exit(1). Never returns. */
void itest_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Fail the test with the formatted message unless cond holds. */
#define ITEST_CHECK(cond, ...)                                                                     \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            itest_log("check failed at %s:%d: %s", __FILE__, __LINE__, #cond);                     \
            itest_fail(__VA_ARGS__);                                                               \
        }                                                                                          \
    } while (0)

/* Print "[itest <seconds since start>] <message>" on stderr. */
void itest_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "PASS: <program name>" on stdout and return 0, for `return itest_pass();`. */
int itest_pass(void);

/* Monotonic clock in milliseconds. */
int64_t itest_now_ms(void);

/*
 * The broker's bootstrap address from NEWSX_TEST_BOOTSTRAP. Fails the test
 * (telling to use tests/run.sh) when it is unset or empty. The string belongs
 * to the environment; the caller does not free it.
 */
const char *itest_bootstrap(void);

/*
 * The value of the environment variable name; fails the test when it is
 * unset or empty. The string belongs to the environment. Used for
 * NEWSX_WORKER_BIN and NEWSX_SOURCE_DIR.
 */
const char *itest_env(const char *name);

/*
 * Write a name unique to this run into buf: "<prefix>-<pid>-<unix time>-<n>"
 * with n counting up in the process. Fails when it does not fit.
 * Returns buf (owned by the caller).
 */
char *itest_unique_name(char *buf, size_t size, const char *prefix);

/*
 * A new configuration with bootstrap.servers set and librdkafka's log lines
 * prefixed and sent to stderr. The caller owns it (rd_kafka_conf_destroy, or
 * pass it to rd_kafka_new which takes it).
 */
rd_kafka_conf_t *itest_conf_new(void);

/* Set name=value on conf; fails the test when librdkafka refuses it. */
void itest_conf_set(rd_kafka_conf_t *conf, const char *name, const char *value);

/*
 * Create topic with the given partition count (replication factor 1) through
 * the admin API (rd_kafka_CreateTopics), then wait until the metadata lists
 * it with a leader for every partition. Fails on any error, including
 * "already exists" (names come from itest_unique_name).
 */
void itest_create_topic(const char *topic, int partitions);

/* itest_create_topic() with topic configuration: config is NULL or a list of
 * name, value, name, value, ..., NULL (e.g. "max.message.bytes", "4000"). */
void itest_create_topic_config(const char *topic, int partitions, const char *const *config);

/*
 * Wait until the metadata lists topic with exactly partitions partitions,
 * each with a leader, or fail after timeout_ms.
 */
void itest_wait_topic(const char *topic, int partitions, int timeout_ms);

/* Delete topic through the admin API; fails on error. */
void itest_delete_topic(const char *topic);

/*
 * Producer.
 *
 * itest_producer_new makes a producer (acks=all, idempotent) that counts
 * delivery reports. extra_conf is NULL or a NULL-terminated list of
 * name, value pairs applied last. The caller owns the handle and frees it
 * with itest_producer_destroy (which flushes first).
 */
rd_kafka_t *itest_producer_new(const char *const *extra_conf);

/*
 * Produce one message (copied) to topic and partition (RD_KAFKA_PARTITION_UA
 * lets the partitioner choose by key). key may be NULL. Waits while the local
 * queue is full. Fails on any other error.
 */
void itest_produce(rd_kafka_t *producer, const char *topic, int32_t partition, const void *key,
                   size_t key_len, const void *value, size_t value_len);

/*
 * Produce one message with headers: hdrs is NULL or a NULL-terminated list of
 * name, value pairs (string values). Otherwise as itest_produce.
 */
void itest_produce_with_headers(rd_kafka_t *producer, const char *topic, int32_t partition,
                                const void *key, size_t key_len, const void *value,
                                size_t value_len, const char *const *hdrs);

/*
 * Flush the producer (up to ITEST_TIMEOUT_MS) and check its delivery reports:
 * fails unless every message produced so far was delivered and the number of
 * successful reports equals expect_delivered.
 */
void itest_producer_flush(rd_kafka_t *producer, size_t expect_delivered);

/* Numbers of successful and failed delivery reports seen so far. */
void itest_producer_counts(rd_kafka_t *producer, size_t *delivered, size_t *failed);

/* Flush (without checking) and destroy a producer from itest_producer_new. */
void itest_producer_destroy(rd_kafka_t *producer);

/*
 * Consumer.
 *
 * itest_consumer_new makes a consumer in group group_id (NULL: a new unique
 * group) subscribed to topic, reading from the earliest offset, auto commit
 * on. extra_conf as for the producer. Owned by the caller; free it with
 * itest_consumer_destroy.
 */
rd_kafka_t *itest_consumer_new(const char *group_id, const char *topic,
                               const char *const *extra_conf);

/* Close and destroy a consumer from itest_consumer_new. */
void itest_consumer_destroy(rd_kafka_t *consumer);

/* One consumed message; the strings are NUL-terminated copies. */
typedef struct itest_msg {
    char *topic;
    int32_t partition;
    int64_t offset;
    char *key; /* NULL when the message had no key */
    size_t key_len;
    char *value; /* NULL when the message had no value */
    size_t value_len;
    char **headers;   /* name, value, name, value, ... (values may be NULL) */
    size_t n_headers; /* number of pairs */
} itest_msg;

/* A growable list of messages; zero-initialise, free with itest_msgs_free. */
typedef struct itest_msgs {
    itest_msg *items;
    size_t count;
    size_t cap;
} itest_msgs;

/*
 * Poll consumer and append every message to out until out->count reaches
 * want or timeout_ms passes; once want is reached, go on for settle_ms more
 * so that surplus messages (duplicates, strays) are caught too. Consumer
 * errors other than partition EOF fail the test. Returns out->count; the
 * caller compares it with what it expects (fewer than want is no failure
 * here).
 */
size_t itest_consume(rd_kafka_t *consumer, size_t want, int timeout_ms, int settle_ms,
                     itest_msgs *out);

/* Value of header name of msg (first one), or NULL. Owned by msg. */
const char *itest_msg_header(const itest_msg *msg, const char *name);

/* Free the messages of list (not list itself) and zero it. */
void itest_msgs_free(itest_msgs *list);

/*
 * Sum over the partitions of topic of the offsets committed by group_id
 * (partitions without a commit count 0). Uses a short-lived consumer of that
 * group that does not subscribe.
 */
int64_t itest_committed_total(const char *group_id, const char *topic, int partitions);

/* The broker's description of consumer group group_id (DescribeConsumerGroups):
 * its type ("consumer" for a KIP-848 group, "classic"), state and member
 * count. Fails the test on an error. */
void itest_group_describe(const char *group_id, char *type, size_t type_size, char *state,
                          size_t state_size, int *members);

#endif
