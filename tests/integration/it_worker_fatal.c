/*
 * it_worker_fatal.c - a fatal librdkafka error ends the worker non-zero.
 *
 * A mock cluster inside the test process (the worker reaches it over TCP)
 * answers the idempotent producer's InitProducerId with
 * CLUSTER_AUTHORIZATION_FAILED, which librdkafka treats as fatal. The worker
 * must exit by itself with code 3 and name the error in its log, without
 * committing anything.
 */
#include "it_worker_util.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define APIKEY_INIT_PRODUCER_ID 22

int main(void)
{
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "test.mock.num.brokers", "1", errstr, sizeof errstr) !=
        RD_KAFKA_CONF_OK)
        itest_fail("mock cluster: %s", errstr);
    rd_kafka_conf_set(conf, "log_level", "2", errstr, sizeof errstr);
    rd_kafka_t *mk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!mk)
        itest_fail("mock cluster: %s", errstr);
    rd_kafka_mock_cluster_t *mc = rd_kafka_handle_mock_cluster(mk);
    const char *boot = rd_kafka_mock_cluster_bootstraps(mc);

    wu_topics t;
    itest_unique_name(t.in, sizeof t.in, "it-fatal-in");
    itest_unique_name(t.out, sizeof t.out, "it-fatal-out");
    itest_unique_name(t.dl, sizeof t.dl, "it-fatal-dl");
    itest_unique_name(t.group, sizeof t.group, "it-fatal-group");
    t.partitions = 1;
    rd_kafka_mock_topic_create(mc, t.in, 1, 1);
    rd_kafka_mock_topic_create(mc, t.out, 1, 1);
    rd_kafka_mock_topic_create(mc, t.dl, 1, 1);
    rd_kafka_mock_push_request_errors(mc, APIKEY_INIT_PRODUCER_ID, 1,
                                      RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED);

    char log[256];
    snprintf(log, sizeof log, "/tmp/%s.log", t.group);
    const char *extra[] = {"kafka.consumer.session.timeout.ms=3000",
                           "kafka.consumer.heartbeat.interval.ms=300", NULL};
    wu_expect_early_exit = 1;
    pid_t pid = wu_start_on(boot, &t, extra, log);
    int rc = wu_wait(pid, 60000);
    if (rc < 0)
        kill(pid, SIGKILL);
    ITEST_CHECK(rc >= 0, "the worker did not end after a fatal error");
    itest_log("worker exit %d", rc);
    int named = wu_log_count(log, "fatal Kafka error");
    int code = wu_log_count(log, "CLUSTER_AUTHORIZATION_FAILED");
    ITEST_CHECK(rc == 3, "exit %d after a fatal error, expected 3", rc);
    ITEST_CHECK(named >= 1 && code >= 1, "the log does not name the fatal error (%d, %d)", named,
                code);
    unlink(log);
    rd_kafka_destroy(mk);
    return itest_pass();
}
