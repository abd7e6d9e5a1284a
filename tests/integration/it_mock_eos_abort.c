/*
 * it_mock_eos_abort.c - exactly_once: an undelivered record aborts the
 * transaction and rewinds the input; the result is still exactly once.
 *
 * A mock cluster inside the test process is the broker (it_mock_util.h). The
 * worker runs with processing.guarantee=exactly_once over 600 articles in two
 * input partitions; the mock refuses some Produce requests with a permanent
 * error (INVALID_RECORD) while the transactions are running. Each refusal
 * must abort the open transaction and rewind both partitions to their
 * committed offsets: the worker counts the aborts, goes on, every input
 * reaches the output, and the worker counts each record once (only
 * committed transactions count).
 */
#include "it_mock_util.h"

#define N_ARTICLES 600
#define N_PARTS    2

int main(void)
{
    mu_cluster m;
    wu_topics t;
    mu_start(&m, &t, "it-eos-abort", N_PARTS, 1);
    mu_produce_articles(&m, t.in, N_PARTS, N_ARTICLES);

    char log[256];
    snprintf(log, sizeof log, "/tmp/%s.log", t.group);
    const char *extra[] = {"processing.guarantee=exactly_once",
                           "instance.id=it-eos-abort",
                           "eos.commit.articles=50",
                           "eos.commit.interval.ms=200",
                           "retry.backoff.ms=100",
                           "threads=2",
                           "kafka.consumer.session.timeout.ms=4000",
                           "kafka.consumer.heartbeat.interval.ms=500",
                           "kafka.producer.batch.num.messages=10",
                           "kafka.producer.linger.ms=1",
                           NULL};
    /* the first Produce requests pass, then two are refused */
    rd_kafka_mock_push_request_errors(m.mc, MU_APIKEY_PRODUCE, 6, RD_KAFKA_RESP_ERR_NO_ERROR,
                                      RD_KAFKA_RESP_ERR_NO_ERROR, RD_KAFKA_RESP_ERR_NO_ERROR,
                                      RD_KAFKA_RESP_ERR_NO_ERROR, RD_KAFKA_RESP_ERR_INVALID_RECORD,
                                      RD_KAFKA_RESP_ERR_INVALID_RECORD);
    pid_t pid = wu_start_on(m.boot, &t, extra, log);

    /* librdkafka 2.0.2's mock serves the records of aborted transactions to
     * read_committed readers too, and keeps no transactional offset commits:
     * exactly-once as a reader sees it is checked against a real broker
     * (it_eos_kill, it_eos_group). Here: every input reaches the output, the
     * worker aborted, and it counted each input once, in committed
     * transactions only. */
    rd_kafka_t *reader = mu_reader(&m, t.out, 1, 1);
    itest_msgs seen = {0};
    wu_cover cov;
    wu_cover_init(&cov, N_PARTS, N_ARTICLES);
    size_t missing = N_ARTICLES, dups = 0, from = 0;
    int64_t until = itest_now_ms() + 90000;
    while (missing > 0 && itest_now_ms() < until) {
        mu_consume(reader, seen.count + missing, 2000, 0, &seen);
        for (; from < seen.count; from++)
            wu_cover_add(&cov, &seen.items[from]);
        wu_cover_count(&cov, &missing, &dups);
    }
    usleep(2000000); /* the last commit */
    int rc = wu_stop(pid, SIGTERM, 30000);
    mu_reader_destroy(reader);
    long aborts = wu_log_counter(log, "txn_aborts");
    long commits = wu_log_counter(log, "txn_commits");
    long records = wu_log_counter(log, "records");
    printf("it_mock_eos_abort: %d articles, %zu records out (aborted ones included), "
           "%zu missing, %ld commits, %ld aborts, worker counted %ld records\n",
           N_ARTICLES, seen.count, missing, commits, aborts, records);
    ITEST_CHECK(aborts >= 1, "no transaction was aborted: the injected errors did not bite");
    ITEST_CHECK(missing == 0, "%zu articles missing", missing);
    ITEST_CHECK((long)dups <= aborts * 50 + 50, "%zu duplicates for %ld aborts", dups, aborts);
    ITEST_CHECK(cov.strays == 0, "%zu stray records", cov.strays);
    ITEST_CHECK(records == N_ARTICLES, "the worker counted %ld records (committed ones only: %d)",
                records, N_ARTICLES);
    ITEST_CHECK(rc == 0, "worker exited with %d after SIGTERM", rc);
    wu_cover_free(&cov);
    itest_msgs_free(&seen);
    unlink(log);
    rd_kafka_destroy(m.rk);
    return itest_pass();
}
