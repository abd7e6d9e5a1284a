/*
 * it_mock_order.c - records of one input partition keep their order on the
 * output topic when a produce fails and is retried.
 *
 * A mock cluster inside the test process is the broker (it_mock_util.h). One
 * input partition of 3,000 articles, one output partition. The mock answers
 * the worker's first three Produce requests with a permanent error (INVALID_RECORD), so librdkafka
 * reports the records of those requests as not delivered and the worker produces them again. Read
 * back, the output must hold every input offset, and the source offsets must never go down: a
 * record produced after the failed one must not overtake its retry. Copies produced again
 * (at-least-once duplicates) are allowed only where they keep that order.
 */
#include "it_mock_util.h"

#define N_ARTICLES 1000

int main(void)
{
    mu_cluster m;
    wu_topics t;
    mu_start(&m, &t, "it-order", 1, 1);
    mu_produce_articles(&m, t.in, 1, N_ARTICLES);

    /* the first Produce requests of the worker fail: librdkafka does not
     * retry this error, the worker has to */
    for (int k = 0; k < 3; k++)
        rd_kafka_mock_push_request_errors(m.mc, MU_APIKEY_PRODUCE, 1,
                                          RD_KAFKA_RESP_ERR_INVALID_RECORD);
    char log[256];
    snprintf(log, sizeof log, "/tmp/%s.log", t.group);
    /* the mock delays group joins by about the session timeout: keep it short */
    const char *extra[] = {"threads=2",
                           "kafka.consumer.session.timeout.ms=4000",
                           "kafka.consumer.heartbeat.interval.ms=500",
                           "retry.backoff.ms=100",
                           "retry.backoff.max.ms=400",
                           "kafka.producer.batch.num.messages=10",
                           "kafka.producer.linger.ms=1",
                           NULL};
    pid_t pid = wu_start_on(m.boot, &t, extra, log);

    rd_kafka_t *reader = mu_reader(&m, t.out, 1, 0);
    itest_msgs seen = {0};
    wu_cover cov;
    wu_cover_init(&cov, 1, N_ARTICLES);
    size_t missing = N_ARTICLES, dups = 0, from = 0;
    int64_t until = itest_now_ms() + 60000;
    while (missing > 0 && itest_now_ms() < until) {
        mu_consume(reader, seen.count + missing, 3000, 0, &seen);
        for (; from < seen.count; from++)
            wu_cover_add(&cov, &seen.items[from]);
        wu_cover_count(&cov, &missing, &dups);
    }
    mu_consume(reader, seen.count + 1000000, 1000, 0, &seen);
    int rc = wu_stop(pid, SIGTERM, 30000);
    mu_reader_destroy(reader);

    /* order: the source offsets along the output partition */
    size_t inversions = 0, first_inv = 0;
    int64_t prev = -1;
    for (size_t i = 0; i < seen.count; i++) {
        int32_t p;
        int64_t o;
        if (wu_parse_source(itest_msg_header(&seen.items[i], "newsx-source"), &p, &o) != 0)
            itest_fail("record %zu has no newsx-source header", i);
        if (o < prev) {
            if (!inversions)
                first_inv = i;
            inversions++;
        }
        prev = o;
    }
    if (inversions)
        itest_log("first inversion at output offset %zu", first_inv);
    /* last copies: each offset's last copy comes after the previous offset's */
    int64_t *last = calloc(N_ARTICLES, sizeof *last);
    for (size_t i = 0; i < seen.count; i++) {
        int32_t p;
        int64_t o;
        wu_parse_source(itest_msg_header(&seen.items[i], "newsx-source"), &p, &o);
        if (o >= 0 && o < N_ARTICLES)
            last[o] = (int64_t)i;
    }
    size_t last_inv = 0;
    for (int o = 1; o < N_ARTICLES; o++)
        if (last[o] < last[o - 1])
            last_inv++;
    free(last);
    for (; from < seen.count; from++)
        wu_cover_add(&cov, &seen.items[from]);
    wu_cover_count(&cov, &missing, &dups);
    long retries = wu_log_counter(log, "produce_retries");
    long records = wu_log_counter(log, "records");
    printf("it_mock_order: %d articles, %zu records, %zu duplicates, %ld produce retries, "
           "%zu order inversions, %zu last-copy inversions\n",
           N_ARTICLES, seen.count, dups, retries, inversions, last_inv);
    ITEST_CHECK(missing == 0, "%zu articles lost", missing);
    ITEST_CHECK(cov.strays == 0, "%zu stray records", cov.strays);
    ITEST_CHECK(records == N_ARTICLES, "the worker counted %ld records, expected %d (once each)",
                records, N_ARTICLES);
    ITEST_CHECK(retries > 0, "no produce was retried: the injected errors did not bite");
    ITEST_CHECK(last_inv == 0, "%zu records overtook an earlier one for good", last_inv);
    ITEST_CHECK(rc == 0, "worker exited with %d after SIGTERM", rc);
    wu_cover_free(&cov);
    itest_msgs_free(&seen);
    unlink(log);
    rd_kafka_destroy(m.rk);
    return itest_pass();
}
