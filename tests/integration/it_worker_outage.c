/*
 * it_worker_outage.c - the broker goes away for 10 seconds mid-stream.
 *
 * The test broker's harness cannot stop and restart one broker in place, so
 * this test runs its own broker: librdkafka's mock cluster, started inside the
 * test process and listening on 127.0.0.1, which the worker (a separate
 * process) reaches over TCP like any broker. With 20,000 articles half-way
 * through, the broker is taken down (connections dropped, new ones refused)
 * for 10 s — longer than the group session, so the worker's partitions are
 * lost — and brought back. The worker must survive it, and every input must
 * end up with at least one record; duplicates are printed.
 */
#include "it_worker_util.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define N_ARTICLES   20000
#define N_PARTITIONS 4

int main(void)
{
    char errstr[512];
    rd_kafka_conf_t *mc_conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(mc_conf, "test.mock.num.brokers", "1", errstr, sizeof errstr) !=
        RD_KAFKA_CONF_OK)
        itest_fail("mock cluster: %s", errstr);
    rd_kafka_conf_set(mc_conf, "log_level", "2", errstr, sizeof errstr);
    rd_kafka_t *mk = rd_kafka_new(RD_KAFKA_PRODUCER, mc_conf, errstr, sizeof errstr);
    if (!mk)
        itest_fail("mock cluster: %s", errstr);
    rd_kafka_mock_cluster_t *mc = rd_kafka_handle_mock_cluster(mk);
    const char *boot = rd_kafka_mock_cluster_bootstraps(mc);
    itest_log("mock broker at %s", boot);

    wu_topics t;
    itest_unique_name(t.in, sizeof t.in, "it-outage-in");
    itest_unique_name(t.out, sizeof t.out, "it-outage-out");
    itest_unique_name(t.dl, sizeof t.dl, "it-outage-dl");
    itest_unique_name(t.group, sizeof t.group, "it-outage-group");
    t.partitions = N_PARTITIONS;
    rd_kafka_mock_topic_create(mc, t.in, N_PARTITIONS, 1);
    rd_kafka_mock_topic_create(mc, t.out, N_PARTITIONS, 1);
    rd_kafka_mock_topic_create(mc, t.dl, 1, 1);

    char buf[1024], key[32];
    for (int i = 0; i < N_ARTICLES; i++) {
        size_t n = wu_article(buf, sizeof buf, i);
        int kl = snprintf(key, sizeof key, "k%d", i);
        for (;;) {
            rd_kafka_resp_err_t err = rd_kafka_producev(
                mk, RD_KAFKA_V_TOPIC(t.in), RD_KAFKA_V_PARTITION(i % N_PARTITIONS),
                RD_KAFKA_V_KEY(key, (size_t)kl), RD_KAFKA_V_VALUE(buf, n),
                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
            if (!err)
                break;
            if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
                itest_fail("produce: %s", rd_kafka_err2str(err));
            rd_kafka_poll(mk, 50);
        }
    }
    if (rd_kafka_flush(mk, 60000) != RD_KAFKA_RESP_ERR_NO_ERROR)
        itest_fail("flush to the mock broker timed out");
    itest_log("produced %d articles", N_ARTICLES);

    /* the mock delays group joins by about the session timeout: keep it short */
    /* lz4: the mock broker keeps at most 5 MB a partition and drops the oldest
     * batches past it; compressed, the 20,000 records stay whole for the
     * readers below even when the worker outruns them */
    const char *extra[] = {"threads=1",
                           "kafka.consumer.session.timeout.ms=4000",
                           "kafka.consumer.heartbeat.interval.ms=500",
                           "kafka.producer.compression.type=lz4",
                           "shutdown.timeout.ms=20000",
                           NULL};
    pid_t pid = wu_start_on(boot, &t, extra, NULL);

    rd_kafka_conf_t *cc = rd_kafka_conf_new();
    rd_kafka_conf_set(cc, "bootstrap.servers", boot, errstr, sizeof errstr);
    rd_kafka_conf_set(cc, "group.id", "it-outage-reader", errstr, sizeof errstr);
    rd_kafka_conf_set(cc, "auto.offset.reset", "earliest", errstr, sizeof errstr);
    rd_kafka_conf_set(cc, "enable.auto.commit", "false", errstr, sizeof errstr);
    rd_kafka_conf_set(cc, "log_level", "2", errstr, sizeof errstr);
    rd_kafka_t *reader = rd_kafka_new(RD_KAFKA_CONSUMER, cc, errstr, sizeof errstr);
    if (!reader)
        itest_fail("reader: %s", errstr);
    rd_kafka_poll_set_consumer(reader);
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(N_PARTITIONS);
    for (int p = 0; p < N_PARTITIONS; p++)
        rd_kafka_topic_partition_list_add(l, t.out, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_assign(reader, l);
    rd_kafka_topic_partition_list_destroy(l);

    itest_msgs seen = {0};
    size_t polled = 0;
    int64_t until = itest_now_ms() + 120000;
    while (seen.count < N_ARTICLES / 10 && itest_now_ms() < until) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(reader, 200);
        if (!m)
            continue;
        if (!m->err)
            polled++;
        rd_kafka_message_destroy(m);
        if (polled >= N_ARTICLES / 10)
            break;
    }
    ITEST_CHECK(polled >= N_ARTICLES / 10, "only %zu records before the outage", polled);
    itest_log("%zu records out; taking the broker down for 10 s", polled);
    rd_kafka_mock_broker_set_down(mc, 1);
    usleep(10000000);
    ITEST_CHECK(wu_wait(pid, 0) == -1, "the worker died during the outage");
    rd_kafka_mock_broker_set_up(mc, 1);
    itest_log("broker is back");

    /* read the whole output from the start */
    rd_kafka_consumer_close(reader);
    rd_kafka_destroy(reader);
    cc = rd_kafka_conf_new();
    rd_kafka_conf_set(cc, "bootstrap.servers", boot, errstr, sizeof errstr);
    rd_kafka_conf_set(cc, "group.id", "it-outage-reader-2", errstr, sizeof errstr);
    rd_kafka_conf_set(cc, "auto.offset.reset", "earliest", errstr, sizeof errstr);
    rd_kafka_conf_set(cc, "enable.auto.commit", "false", errstr, sizeof errstr);
    rd_kafka_conf_set(cc, "log_level", "2", errstr, sizeof errstr);
    reader = rd_kafka_new(RD_KAFKA_CONSUMER, cc, errstr, sizeof errstr);
    rd_kafka_poll_set_consumer(reader);
    l = rd_kafka_topic_partition_list_new(N_PARTITIONS);
    for (int p = 0; p < N_PARTITIONS; p++)
        rd_kafka_topic_partition_list_add(l, t.out, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_assign(reader, l);
    rd_kafka_topic_partition_list_destroy(l);

    wu_cover cov;
    wu_cover_init(&cov, N_PARTITIONS, N_ARTICLES);
    size_t missing = N_ARTICLES, dups = 0, from = 0;
    until = itest_now_ms() + 180000;
    while (missing > 0 && itest_now_ms() < until) {
        itest_consume(reader, seen.count + missing, 5000, 0, &seen);
        for (; from < seen.count; from++)
            wu_cover_add(&cov, &seen.items[from]);
        wu_cover_count(&cov, &missing, &dups);
    }
    itest_consume(reader, seen.count + 1000000, 1000, 0, &seen);
    for (; from < seen.count; from++)
        wu_cover_add(&cov, &seen.items[from]);
    wu_cover_count(&cov, &missing, &dups);
    int rc = wu_stop(pid, SIGTERM, 30000);
    rd_kafka_consumer_close(reader);
    rd_kafka_destroy(reader);
    printf("it_worker_outage: %d articles, %zu records, %zu duplicates after a 10 s outage\n",
           N_ARTICLES, seen.count, dups);
    itest_log("records=%zu missing=%zu duplicates=%zu strays=%zu worker exit %d", seen.count,
              missing, dups, cov.strays, rc);
    ITEST_CHECK(missing == 0, "%zu articles lost", missing);
    ITEST_CHECK(cov.strays == 0, "%zu stray records", cov.strays);
    ITEST_CHECK(rc == 0, "worker exited with %d after SIGTERM", rc);
    wu_cover_free(&cov);
    itest_msgs_free(&seen);
    rd_kafka_destroy(mk);
    return itest_pass();
}
