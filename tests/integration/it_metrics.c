/*
 * it_metrics.c - the worker's HTTP endpoint and JSON logs during a real run.
 *
 * 300 good articles, 5 NULL values and 4 articles over the input limit are
 * produced to 4 partitions. The worker runs with its endpoint on a free port
 * (http.port=0), debug logs (librdkafka's configuration dump included) and a
 * SASL password set that must never be printed. The test:
 *   - waits for /healthz and /readyz to answer 200;
 *   - scrapes /metrics until every article is accounted for, then checks the
 *     counters against what was produced and what the output and dead-letter
 *     topics hold (articles, records, dead letters by code, bytes in and out,
 *     extraction histogram, assigned partitions, consumer lag per partition
 *     down to 0, rebalances, process memory) and that every metric has HELP
 *     and TYPE lines;
 *   - checks that no configuration value appears on any endpoint;
 *   - stops the worker with SIGTERM (exit 0) and checks that every log line
 *     is a JSON object with time, level and msg, that a dead letter's line
 *     carries topic, partition, offset and code fields, that librdkafka's
 *     lines carry the client, and that the password is nowhere in the log.
 */
#include "it_metrics_util.h"
#include "nx_core.h"

#define N_GOOD       300
#define N_NULL       5
#define N_BIG        4
#define N_PARTITIONS 4
#define MAX_INPUT    4096
#define SECRET       "Pw-it-metrics-7c1e9f"

static char page[1 << 20];

int main(void)
{
    wu_topics t;
    wu_topics_make(&t, "it-metrics", N_PARTITIONS);
    char log[256];
    snprintf(log, sizeof log, "%s/it-metrics-%d.log", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (int)getpid());
    unlink(log);

    /* produce, counting the bytes the worker will take in */
    rd_kafka_t *p = itest_producer_new(NULL);
    char buf[8192], key[32];
    uint64_t bytes_in = 0;
    int total = 0;
    for (int i = 0; i < N_GOOD + N_NULL + N_BIG; i++) {
        int kl = snprintf(key, sizeof key, "k%d", i);
        size_t len;
        const char *val = buf;
        if (i % 60 == 7 && i / 60 < N_NULL) {
            val = NULL;
            len = 0;
        } else if (i % 75 == 11 && i / 75 < N_BIG) {
            len = (size_t)snprintf(buf, sizeof buf, "Title: Long %d\n\n", i);
            while (len < MAX_INPUT + 300)
                len += (size_t)snprintf(buf + len, sizeof buf - len, "The river rose today. ");
        } else {
            len = wu_article(buf, sizeof buf, i);
        }
        itest_produce(p, t.in, i % N_PARTITIONS, key, (size_t)kl, val, len);
        bytes_in += (uint64_t)kl + len;
        total++;
    }
    itest_producer_flush(p, (size_t)total);
    itest_producer_destroy(p);
    ITEST_CHECK(total == N_GOOD + N_NULL + N_BIG, "produced %d, planned %d", total,
                N_GOOD + N_NULL + N_BIG);

    const char *extra[] = {"http.port=0",
                           "log.level=debug",
                           "kafka.debug=conf",
                           "kafka.statistics.interval.ms=1000",
                           "core.max.input.bytes=4096",
                           "kafka.sasl.password=" SECRET,
                           NULL};
    pid_t pid = wu_start(&t, extra, log);
    int port = im_log_port(log, 30000);
    itest_log("endpoint on port %d", port);

    int st = im_wait_status(port, "/healthz", 200, 30000, page, sizeof page);
    ITEST_CHECK(st == 200, "/healthz answered %d: %s", st, page);
    st = im_wait_status(port, "/readyz", 200, 60000, page, sizeof page);
    ITEST_CHECK(st == 200, "/readyz answered %d: %s", st, page);
    itest_log("/readyz: %s", page);
    ITEST_CHECK(im_http_get(port, "/nothing", page, sizeof page) == 404, "unknown path not 404");

    /* wait for every article, then for the lag statistics to catch up */
    double done = 0;
    for (int64_t t0 = itest_now_ms(); itest_now_ms() - t0 < 180000; usleep(300000)) {
        if (im_http_get(port, "/metrics", page, sizeof page) != 200)
            continue;
        done = im_sample(page, "newsx_records_produced_total") +
               im_sum(page, "newsx_dead_letters_total", NULL);
        if (done >= total)
            break;
    }
    ITEST_CHECK(done == total, "metrics account for %.0f of %d articles", done, total);
    int lag_rows = 0;
    double lag = -1;
    for (int64_t t0 = itest_now_ms(); itest_now_ms() - t0 < 60000; usleep(300000)) {
        if (im_http_get(port, "/metrics", page, sizeof page) != 200)
            continue;
        lag = im_sum(page, "newsx_consumer_lag", &lag_rows);
        if (lag_rows == N_PARTITIONS && lag == 0)
            break;
    }
    ITEST_CHECK(lag_rows == N_PARTITIONS, "consumer lag for %d partitions, want %d", lag_rows,
                N_PARTITIONS);
    ITEST_CHECK(lag == 0, "consumer lag %.0f after everything was processed", lag);
    char series[512];
    for (int i = 0; i < N_PARTITIONS; i++) {
        snprintf(series, sizeof series, "newsx_consumer_lag{topic=\"%s\",partition=\"%d\"}", t.in,
                 i);
        ITEST_CHECK(im_sample(page, series) == 0, "no lag sample %s", series);
    }

    /* what the topics hold */
    itest_msgs outs = {0}, dls = {0};
    wu_read_all(t.out, N_GOOD, 60000, 2000, &outs);
    wu_read_all(t.dl, N_NULL + N_BIG, 60000, 2000, &dls);
    ITEST_CHECK(outs.count == N_GOOD, "%zu records on the output topic, want %d", outs.count,
                N_GOOD);
    ITEST_CHECK(dls.count == N_NULL + N_BIG, "%zu dead letters, want %d", dls.count,
                N_NULL + N_BIG);
    uint64_t bytes_out = 0;
    for (size_t i = 0; i < outs.count; i++)
        bytes_out += outs.items[i].key_len + outs.items[i].value_len;
    for (size_t i = 0; i < dls.count; i++)
        bytes_out += dls.items[i].key_len + dls.items[i].value_len;

    ITEST_CHECK(im_sample(page, "newsx_articles_consumed_total") == total, "consumed %.0f, want %d",
                im_sample(page, "newsx_articles_consumed_total"), total);
    ITEST_CHECK(im_sample(page, "newsx_records_produced_total") == outs.count,
                "records %.0f, output topic %zu", im_sample(page, "newsx_records_produced_total"),
                outs.count);
    ITEST_CHECK(im_sample(page, "newsx_dead_letters_total{code=\"empty_body\"}") == N_NULL,
                "empty_body dead letters %.0f, want %d",
                im_sample(page, "newsx_dead_letters_total{code=\"empty_body\"}"), N_NULL);
    ITEST_CHECK(im_sample(page, "newsx_dead_letters_total{code=\"input_too_large\"}") == N_BIG,
                "input_too_large dead letters %.0f, want %d",
                im_sample(page, "newsx_dead_letters_total{code=\"input_too_large\"}"), N_BIG);
    ITEST_CHECK(im_sum(page, "newsx_dead_letters_total", NULL) == dls.count,
                "dead letters %.0f, topic %zu", im_sum(page, "newsx_dead_letters_total", NULL),
                dls.count);
    ITEST_CHECK(im_sample(page, "newsx_bytes_in_total") == (double)bytes_in,
                "bytes in %.0f, produced %" PRIu64, im_sample(page, "newsx_bytes_in_total"),
                bytes_in);
    ITEST_CHECK(im_sample(page, "newsx_bytes_out_total") == (double)bytes_out,
                "bytes out %.0f, topics hold %" PRIu64, im_sample(page, "newsx_bytes_out_total"),
                bytes_out);
    /* every article but the NULL values went through the core */
    double ext = im_sample(page, "newsx_extraction_seconds_count");
    ITEST_CHECK(ext == N_GOOD + N_BIG, "extraction count %.0f, want %d", ext, N_GOOD + N_BIG);
    ITEST_CHECK(im_sample(page, "newsx_extraction_seconds_bucket{le=\"+Inf\"}") == ext,
                "+Inf bucket differs from the count");
    ITEST_CHECK(im_sample(page, "newsx_extraction_seconds_sum") > 0, "extraction sum is 0");
    int n_stages = 0;
    double stage_sum = im_sum(page, "newsx_stage_seconds_total", &n_stages);
    ITEST_CHECK(n_stages > 0 && stage_sum > 0, "no per-stage time (%d stages)", n_stages);
    ITEST_CHECK(im_sample(page, "newsx_assigned_partitions") == N_PARTITIONS,
                "assigned partitions %.0f", im_sample(page, "newsx_assigned_partitions"));
    ITEST_CHECK(im_sample(page, "newsx_rebalances_total") >= 1, "no rebalance counted");
    ITEST_CHECK(im_sample(page, "newsx_inflight_articles") == 0, "in flight %.0f at rest",
                im_sample(page, "newsx_inflight_articles"));
    ITEST_CHECK(im_sample(page, "newsx_process_resident_memory_bytes") > 1e6, "process memory %.0f",
                im_sample(page, "newsx_process_resident_memory_bytes"));
    ITEST_CHECK(im_sample(page, "newsx_producer_queue_messages") >= 0, "no producer queue depth");
    /* the info metric names the librdkafka the worker runs with (this test
     * links the same one: the same rpath) */
    char info[160];
    snprintf(info, sizeof info, "newsx_build_info{version=\"%s\",librdkafka=\"%s\"}",
             NX_EXTRACTOR_VERSION, rd_kafka_version_str());
    ITEST_CHECK(im_sample(page, info) == 1, "no %s 1 on /metrics", info);
    ITEST_CHECK(im_sample(page, "newsx_transaction_commits_total") == 0 &&
                    im_sample(page, "newsx_transaction_aborts_total") == 0,
                "transactions counted in at-least-once mode");
    static const char *const names[] = {"newsx_articles_consumed_total",
                                        "newsx_records_produced_total",
                                        "newsx_dead_letters_total",
                                        "newsx_bytes_in_total",
                                        "newsx_bytes_out_total",
                                        "newsx_extraction_seconds",
                                        "newsx_stage_seconds_total",
                                        "newsx_inflight_articles",
                                        "newsx_consumer_lag",
                                        "newsx_rebalances_total",
                                        "newsx_assigned_partitions",
                                        "newsx_producer_queue_messages",
                                        "newsx_transaction_commits_total",
                                        "newsx_transaction_aborts_total",
                                        "newsx_process_resident_memory_bytes",
                                        "newsx_build_info",
                                        NULL};
    for (int i = 0; names[i]; i++) {
        char h[256], ty[256];
        snprintf(h, sizeof h, "# HELP %s ", names[i]);
        snprintf(ty, sizeof ty, "# TYPE %s ", names[i]);
        ITEST_CHECK(strstr(page, h) && strstr(page, ty), "no HELP/TYPE for %s", names[i]);
    }
    for (const char *l = page; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        ITEST_CHECK(*l == '#' || strncmp(l, "newsx_", 6) == 0,
                    "metric without newsx_ prefix: %.60s", l);

    /* no configuration value on any endpoint */
    static const char *const paths[] = {"/metrics", "/healthz", "/readyz", "/"};
    const char *values[] = {SECRET, t.group, t.out, t.dl, itest_bootstrap(), NULL};
    for (int i = 0; i < 4; i++) {
        ITEST_CHECK(im_http_get(port, paths[i], page, sizeof page) == 200, "%s failed", paths[i]);
        for (int k = 0; values[k]; k++)
            ITEST_CHECK(!strstr(page, values[k]), "%s exposes the configuration value '%s'",
                        paths[i], values[k]);
    }

    int rc = wu_stop(pid, SIGTERM, 60000);
    ITEST_CHECK(rc == 0, "worker exited %d after SIGTERM", rc);
    ITEST_CHECK(im_http_get(port, "/healthz", page, sizeof page) == -1,
                "endpoint still answers after exit");

    int lines = im_check_json_log(log);
    ITEST_CHECK(lines > 10, "only %d log lines", lines);
    ITEST_CHECK(wu_log_count(log, "\"code\":\"empty_body\"") == N_NULL,
                "dead-letter log lines with code empty_body: %d",
                wu_log_count(log, "\"code\":\"empty_body\""));
    snprintf(series, sizeof series, "\"topic\":\"%s\",\"partition\":", t.in);
    ITEST_CHECK(wu_log_count(log, series) == N_NULL + N_BIG,
                "dead-letter log lines with topic and partition: %d", wu_log_count(log, series));
    ITEST_CHECK(wu_log_count(log, "\"offset\":") >= N_NULL + N_BIG, "no offset fields");
    ITEST_CHECK(wu_log_count(log, "\"facility\":\"CONF\"") > 0,
                "librdkafka's log lines are not in the worker's log");
    ITEST_CHECK(wu_log_count(log, "sasl.password") > 0,
                "librdkafka's configuration dump is missing (the secret check would be vacuous)");
    ITEST_CHECK(!im_file_contains(log, SECRET), "the SASL password was printed in the log");
    ITEST_CHECK(wu_log_counter(log, "records") == N_GOOD, "final metrics line: records=%ld",
                wu_log_counter(log, "records"));

    itest_msgs_free(&outs);
    itest_msgs_free(&dls);
    unlink(log);
    return itest_pass();
}
