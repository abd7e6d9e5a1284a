/*
 * it_replay_util.h - helpers shared by the replay integration tests
 * (it_replay_*.c): running `newsx-worker replay` to completion with its
 * output captured, producing articles with explicit timestamps, and reading
 * a topic into a per-source map.
 *
 * Everything here is static: each test includes this header once, after
 * it_worker_util.h.
 */
#ifndef IT_REPLAY_UTIL_H
#define IT_REPLAY_UTIL_H

#include "it_worker_util.h"

#include <time.h>

/* Run `newsx-worker replay` on the scenario's topics (output to out_topic)
 * with the extra arguments args (NULL-terminated), stdout to out_path and
 * stderr to err_path, and wait up to timeout_ms. Returns the exit code
 * (fails the test when it does not end). */
WU_FN int rp_run(const wu_topics *t, const char *out_topic, const char *const *args,
                 const char *out_path, const char *err_path, int timeout_ms)
{
    const char *bin = itest_env("NEWSX_WORKER_BIN");
    static char sets[8][300];
    char *argv[64];
    int a = 0, s = 0;
    argv[a++] = (char *)(uintptr_t)bin;
    argv[a++] = (char *)(uintptr_t) "replay";
    snprintf(sets[s++], sizeof sets[0], "kafka.bootstrap.servers=%s", itest_bootstrap());
    snprintf(sets[s++], sizeof sets[0], "input.topics=%s", t->in);
    snprintf(sets[s++], sizeof sets[0], "output.topic=%s", out_topic);
    snprintf(sets[s++], sizeof sets[0], "deadletter.topic=%s", t->dl);
    snprintf(sets[s++], sizeof sets[0], "metrics.interval.ms=5000");
    for (int i = 0; i < s; i++) {
        argv[a++] = (char *)(uintptr_t) "--set";
        argv[a++] = sets[i];
    }
    for (size_t i = 0; args && args[i] && a < 62; i++)
        argv[a++] = (char *)(uintptr_t)args[i];
    argv[a] = NULL;
    pid_t pid = wu_spawn(bin, argv, NULL, out_path, err_path, 0);
    int rc = wu_wait(pid, timeout_ms);
    if (rc < 0)
        itest_fail("newsx-worker replay did not end within %d ms (stderr in %s)", timeout_ms,
                   err_path);
    itest_log("newsx-worker replay exited with %d", rc);
    return rc;
}

/* Produce n articles to topic, article i to partition i % partitions with
 * message timestamp ts0 + i * step_ms. */
WU_FN void rp_produce_timed(const char *topic, int partitions, int first, int n, int64_t ts0,
                            int64_t step_ms)
{
    rd_kafka_t *p = itest_producer_new(NULL);
    char buf[1024], key[32];
    for (int i = first; i < first + n; i++) {
        size_t len = wu_article(buf, sizeof buf, i);
        int kl = snprintf(key, sizeof key, "k%d", i);
        for (;;) {
            rd_kafka_resp_err_t err =
                rd_kafka_producev(p, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(i % partitions),
                                  RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                  RD_KAFKA_V_KEY(key, (size_t)kl), RD_KAFKA_V_VALUE(buf, len),
                                  RD_KAFKA_V_TIMESTAMP(ts0 + (int64_t)i * step_ms), RD_KAFKA_V_END);
            if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                rd_kafka_poll(p, 50);
                continue;
            }
            if (err)
                itest_fail("produce: %s", rd_kafka_err2str(err));
            break;
        }
        rd_kafka_poll(p, 0);
    }
    rd_kafka_flush(p, ITEST_TIMEOUT_MS);
    size_t delivered = 0, failed = 0;
    itest_producer_counts(p, &delivered, &failed);
    if (rd_kafka_outq_len(p) != 0 || failed != 0 || delivered != (size_t)n)
        itest_fail("timed produce: %zu delivered, %zu failed of %d", delivered, failed, n);
    itest_producer_destroy(p);
    itest_log("produced %d timed articles to %s", n, topic);
}

/* Milliseconds since the epoch as ISO 8601 UTC with milliseconds. */
WU_FN void rp_iso(int64_t ms, char *buf, size_t size)
{
    time_t s = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&s, &tm);
    size_t k = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + k, size - k, ".%03dZ", (int)(ms % 1000));
}

WU_FN int64_t rp_wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The message whose newsx-source header names (partition, offset), or NULL. */
WU_FN const itest_msg *rp_find_source(const itest_msgs *l, int32_t part, int64_t off)
{
    for (size_t i = 0; i < l->count; i++) {
        int32_t p;
        int64_t o;
        if (wu_parse_source(itest_msg_header(&l->items[i], "newsx-source"), &p, &o) == 0 &&
            p == part && o == off)
            return &l->items[i];
    }
    return NULL;
}

#endif
