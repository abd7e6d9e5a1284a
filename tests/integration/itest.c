/*
 * itest.c - helpers for the integration tests; see itest.h.
 */
#include "itest.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int64_t start_ms = -1;
static unsigned name_counter;

int64_t itest_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double elapsed_s(void)
{
    int64_t now = itest_now_ms();
    if (start_ms < 0)
        start_ms = now;
    return (double)(now - start_ms) / 1000.0;
}

void itest_log(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "[itest %7.3f] ", elapsed_s());
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void itest_fail(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "FAIL: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(NULL);
    exit(1);
}

int itest_pass(void)
{
    extern char *program_invocation_short_name;
    printf("PASS: %s\n", program_invocation_short_name);
    fflush(stdout);
    return 0;
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        itest_fail("out of memory (%zu bytes)", n);
    return p;
}

static char *xstrndup(const void *s, size_t n)
{
    char *p = xmalloc(n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

const char *itest_env(const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v)
        itest_fail("environment variable %s is not set: run the integration tests with "
                   "tests/run.sh (it builds everything, starts a Kafka broker and runs ctest)",
                   name);
    return v;
}

const char *itest_bootstrap(void)
{
    const char *v = getenv("NEWSX_TEST_BOOTSTRAP");
    if (!v || !*v)
        itest_fail("NEWSX_TEST_BOOTSTRAP is not set: integration tests need a Kafka broker. "
                   "Run them with tests/run.sh, which starts one and runs every test "
                   "(or: tests/kafka/broker.sh exec -- ctest --test-dir build -L integration)");
    return v;
}

char *itest_unique_name(char *buf, size_t size, const char *prefix)
{
    int n = snprintf(buf, size, "%s-%ld-%lld-%u", prefix, (long)getpid(), (long long)time(NULL),
                     ++name_counter);
    if (n < 0 || (size_t)n >= size)
        itest_fail("unique name for prefix '%s' does not fit in %zu bytes", prefix, size);
    return buf;
}

static void log_cb(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
    fprintf(stderr, "[itest %7.3f] rdkafka %s %d %s: %s\n", elapsed_s(), rd_kafka_name(rk), level,
            fac, buf);
}

void itest_conf_set(rd_kafka_conf_t *conf, const char *name, const char *value)
{
    char errstr[512];
    if (rd_kafka_conf_set(conf, name, value, errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK)
        itest_fail("config %s=%s: %s", name, value, errstr);
}

rd_kafka_conf_t *itest_conf_new(void)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    itest_conf_set(conf, "bootstrap.servers", itest_bootstrap());
    itest_conf_set(conf, "log.connection.close", "false");
    rd_kafka_conf_set_log_cb(conf, log_cb);
    return conf;
}

static void apply_extra(rd_kafka_conf_t *conf, const char *const *extra)
{
    if (!extra)
        return;
    for (size_t i = 0; extra[i]; i += 2) {
        if (!extra[i + 1])
            itest_fail("extra configuration '%s' has no value", extra[i]);
        itest_conf_set(conf, extra[i], extra[i + 1]);
    }
}

static rd_kafka_t *new_handle(rd_kafka_type_t type, rd_kafka_conf_t *conf)
{
    char errstr[512];
    rd_kafka_t *rk = rd_kafka_new(type, conf, errstr, sizeof(errstr));
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        itest_fail("rd_kafka_new: %s", errstr);
    }
    return rk;
}

/* ---- topics ---- */

/* Wait for the admin result event of type on queue; fails after timeout_ms. */
static rd_kafka_event_t *wait_admin_event(rd_kafka_queue_t *q, rd_kafka_event_type_t type,
                                          int timeout_ms)
{
    int64_t deadline = itest_now_ms() + timeout_ms;
    while (itest_now_ms() < deadline) {
        rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 1000);
        if (!ev)
            continue;
        if (rd_kafka_event_type(ev) == type)
            return ev;
        if (rd_kafka_event_type(ev) == RD_KAFKA_EVENT_ERROR)
            itest_log("admin client error: %s", rd_kafka_event_error_string(ev));
        rd_kafka_event_destroy(ev);
    }
    itest_fail("no admin result within %d ms", timeout_ms);
}

static int retriable_admin_err(rd_kafka_resp_err_t err)
{
    return err == RD_KAFKA_RESP_ERR__TIMED_OUT || err == RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT ||
           err == RD_KAFKA_RESP_ERR_NOT_CONTROLLER || err == RD_KAFKA_RESP_ERR__TRANSPORT;
}

void itest_create_topic(const char *topic, int partitions)
{
    itest_create_topic_config(topic, partitions, NULL);
}

void itest_create_topic_config(const char *topic, int partitions, const char *const *config)
{
    char errstr[512];
    if (partitions < 1)
        itest_fail("create topic %s: %d partitions", topic, partitions);
    rd_kafka_t *rk = new_handle(RD_KAFKA_PRODUCER, itest_conf_new());
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
    const char *msg = "";
    for (int attempt = 1; attempt <= 5; attempt++) {
        rd_kafka_NewTopic_t *nt =
            rd_kafka_NewTopic_new(topic, partitions, 1, errstr, sizeof(errstr));
        if (!nt)
            itest_fail("create topic %s: %s", topic, errstr);
        for (size_t i = 0; config && config[i] && config[i + 1]; i += 2)
            if (rd_kafka_NewTopic_set_config(nt, config[i], config[i + 1]))
                itest_fail("create topic %s: bad config %s", topic, config[i]);
        rd_kafka_AdminOptions_t *opt =
            rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
        if (rd_kafka_AdminOptions_set_operation_timeout(opt, 30000, errstr, sizeof(errstr)) ||
            rd_kafka_AdminOptions_set_request_timeout(opt, 40000, errstr, sizeof(errstr)))
            itest_fail("create topic %s: %s", topic, errstr);
        rd_kafka_CreateTopics(rk, &nt, 1, opt, q);
        rd_kafka_event_t *ev = wait_admin_event(q, RD_KAFKA_EVENT_CREATETOPICS_RESULT, 60000);
        err = rd_kafka_event_error(ev);
        msg = "";
        if (!err) {
            size_t n = 0;
            const rd_kafka_topic_result_t **res =
                rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n);
            if (n != 1)
                itest_fail("create topic %s: %zu results", topic, n);
            err = rd_kafka_topic_result_error(res[0]);
            if (err && rd_kafka_topic_result_error_string(res[0]))
                snprintf(errstr, sizeof(errstr), "%s", rd_kafka_topic_result_error_string(res[0]));
            else
                snprintf(errstr, sizeof(errstr), "%s", rd_kafka_err2str(err));
        } else {
            snprintf(errstr, sizeof(errstr), "%s", rd_kafka_event_error_string(ev));
        }
        msg = errstr;
        rd_kafka_event_destroy(ev);
        rd_kafka_AdminOptions_destroy(opt);
        rd_kafka_NewTopic_destroy(nt);
        if (!err || !retriable_admin_err(err))
            break;
        itest_log("create topic %s: %s; retrying", topic, msg);
        sleep(1);
    }
    rd_kafka_queue_destroy(q);
    rd_kafka_destroy(rk);
    if (err)
        itest_fail("create topic %s (%d partitions): %s: %s", topic, partitions,
                   rd_kafka_err2name(err), msg);
    itest_wait_topic(topic, partitions, ITEST_TIMEOUT_MS);
    itest_log("created topic %s with %d partitions", topic, partitions);
}

void itest_wait_topic(const char *topic, int partitions, int timeout_ms)
{
    rd_kafka_t *rk = new_handle(RD_KAFKA_PRODUCER, itest_conf_new());
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    int64_t deadline = itest_now_ms() + timeout_ms;
    char last[256] = "no metadata yet";
    int ok = 0;
    while (!ok && itest_now_ms() < deadline) {
        const struct rd_kafka_metadata *md = NULL;
        rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, rkt, &md, 5000);
        if (err) {
            snprintf(last, sizeof(last), "metadata: %s", rd_kafka_err2str(err));
        } else {
            if (md->topic_cnt != 1) {
                snprintf(last, sizeof(last), "metadata lists %d topics", md->topic_cnt);
            } else if (md->topics[0].err) {
                snprintf(last, sizeof(last), "topic error %s", rd_kafka_err2str(md->topics[0].err));
            } else if (md->topics[0].partition_cnt != partitions) {
                snprintf(last, sizeof(last), "%d of %d partitions", md->topics[0].partition_cnt,
                         partitions);
            } else {
                ok = 1;
                for (int i = 0; i < md->topics[0].partition_cnt; i++) {
                    const struct rd_kafka_metadata_partition *p = &md->topics[0].partitions[i];
                    if (p->err || p->leader < 0) {
                        snprintf(last, sizeof(last), "partition %d: leader %d, %s", p->id,
                                 p->leader, rd_kafka_err2str(p->err));
                        ok = 0;
                        break;
                    }
                }
            }
            rd_kafka_metadata_destroy(md);
        }
        if (!ok)
            usleep(100 * 1000);
    }
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
    if (!ok)
        itest_fail("topic %s not ready with %d partitions within %d ms (%s)", topic, partitions,
                   timeout_ms, last);
}

void itest_delete_topic(const char *topic)
{
    char errstr[512];
    rd_kafka_t *rk = new_handle(RD_KAFKA_PRODUCER, itest_conf_new());
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_DeleteTopic_t *dt = rd_kafka_DeleteTopic_new(topic);
    rd_kafka_AdminOptions_t *opt = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_DELETETOPICS);
    if (rd_kafka_AdminOptions_set_operation_timeout(opt, 30000, errstr, sizeof(errstr)))
        itest_fail("delete topic %s: %s", topic, errstr);
    rd_kafka_DeleteTopics(rk, &dt, 1, opt, q);
    rd_kafka_event_t *ev = wait_admin_event(q, RD_KAFKA_EVENT_DELETETOPICS_RESULT, 60000);
    rd_kafka_resp_err_t err = rd_kafka_event_error(ev);
    if (!err) {
        size_t n = 0;
        const rd_kafka_topic_result_t **res =
            rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(ev), &n);
        err = n == 1 ? rd_kafka_topic_result_error(res[0]) : RD_KAFKA_RESP_ERR__FAIL;
    }
    rd_kafka_event_destroy(ev);
    rd_kafka_AdminOptions_destroy(opt);
    rd_kafka_DeleteTopic_destroy(dt);
    rd_kafka_queue_destroy(q);
    rd_kafka_destroy(rk);
    if (err)
        itest_fail("delete topic %s: %s", topic, rd_kafka_err2str(err));
}

/* ---- producer ---- */

typedef struct producer_state {
    size_t produced;
    size_t delivered;
    size_t failed;
    rd_kafka_resp_err_t first_err;
} producer_state;

static void dr_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    (void)rk;
    producer_state *st = opaque;
    if (m->err) {
        if (!st->failed)
            st->first_err = m->err;
        st->failed++;
    } else {
        st->delivered++;
    }
}

rd_kafka_t *itest_producer_new(const char *const *extra_conf)
{
    rd_kafka_conf_t *conf = itest_conf_new();
    producer_state *st = xmalloc(sizeof(*st));
    memset(st, 0, sizeof(*st));
    itest_conf_set(conf, "acks", "all");
    itest_conf_set(conf, "enable.idempotence", "true");
    itest_conf_set(conf, "linger.ms", "5");
    itest_conf_set(conf, "message.timeout.ms", "60000");
    apply_extra(conf, extra_conf);
    rd_kafka_conf_set_dr_msg_cb(conf, dr_cb);
    rd_kafka_conf_set_opaque(conf, st);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, NULL, 0);
    if (!rk) {
        free(st);
        rd_kafka_conf_destroy(conf);
        itest_fail("rd_kafka_new (producer) failed");
    }
    return rk;
}

void itest_produce_with_headers(rd_kafka_t *producer, const char *topic, int32_t partition,
                                const void *key, size_t key_len, const void *value,
                                size_t value_len, const char *const *hdrs)
{
    producer_state *st = rd_kafka_opaque(producer);
    for (;;) {
        rd_kafka_headers_t *h = NULL;
        if (hdrs) {
            size_t n = 0;
            while (hdrs[n])
                n += 2;
            h = rd_kafka_headers_new(n / 2);
            for (size_t i = 0; hdrs[i]; i += 2)
                rd_kafka_header_add(h, hdrs[i], -1, hdrs[i + 1], -1);
        }
        /* rd_kafka_producev takes the headers only on success. */
        rd_kafka_resp_err_t err = rd_kafka_producev(
            producer, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(partition),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(key, key_len),
            RD_KAFKA_V_VALUE((void *)(uintptr_t)value, value_len), RD_KAFKA_V_HEADERS(h),
            RD_KAFKA_V_END);
        if (!err) {
            st->produced++;
            rd_kafka_poll(producer, 0);
            return;
        }
        if (h)
            rd_kafka_headers_destroy(h);
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
            itest_fail("produce to %s [%d]: %s", topic, (int)partition, rd_kafka_err2str(err));
        rd_kafka_poll(producer, 100);
    }
}

void itest_produce(rd_kafka_t *producer, const char *topic, int32_t partition, const void *key,
                   size_t key_len, const void *value, size_t value_len)
{
    itest_produce_with_headers(producer, topic, partition, key, key_len, value, value_len, NULL);
}

void itest_producer_counts(rd_kafka_t *producer, size_t *delivered, size_t *failed)
{
    producer_state *st = rd_kafka_opaque(producer);
    if (delivered)
        *delivered = st->delivered;
    if (failed)
        *failed = st->failed;
}

void itest_producer_flush(rd_kafka_t *producer, size_t expect_delivered)
{
    producer_state *st = rd_kafka_opaque(producer);
    rd_kafka_resp_err_t err = rd_kafka_flush(producer, ITEST_TIMEOUT_MS);
    if (err)
        itest_fail("flush: %s (%d message(s) still queued)", rd_kafka_err2str(err),
                   rd_kafka_outq_len(producer));
    if (st->failed)
        itest_fail("%zu of %zu message(s) failed delivery, first error: %s", st->failed,
                   st->produced, rd_kafka_err2str(st->first_err));
    if (st->delivered != st->produced)
        itest_fail("%zu message(s) produced but %zu delivery report(s)", st->produced,
                   st->delivered);
    if (st->delivered != expect_delivered)
        itest_fail("%zu message(s) delivered, expected %zu", st->delivered, expect_delivered);
}

void itest_producer_destroy(rd_kafka_t *producer)
{
    if (!producer)
        return;
    producer_state *st = rd_kafka_opaque(producer);
    rd_kafka_flush(producer, ITEST_TIMEOUT_MS);
    rd_kafka_destroy(producer);
    free(st);
}

/* ---- consumer ---- */

rd_kafka_t *itest_consumer_new(const char *group_id, const char *topic,
                               const char *const *extra_conf)
{
    char group[160];
    if (!group_id)
        group_id = itest_unique_name(group, sizeof(group), "itest-group");
    rd_kafka_conf_t *conf = itest_conf_new();
    itest_conf_set(conf, "group.id", group_id);
    itest_conf_set(conf, "auto.offset.reset", "earliest");
    itest_conf_set(conf, "enable.auto.commit", "true");
    itest_conf_set(conf, "auto.commit.interval.ms", "500");
    itest_conf_set(conf, "session.timeout.ms", "10000");
    itest_conf_set(conf, "heartbeat.interval.ms", "1000");
    apply_extra(conf, extra_conf);
    rd_kafka_t *rk = new_handle(RD_KAFKA_CONSUMER, conf);
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t *subs = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(subs, topic, RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t err = rd_kafka_subscribe(rk, subs);
    rd_kafka_topic_partition_list_destroy(subs);
    if (err)
        itest_fail("subscribe to %s: %s", topic, rd_kafka_err2str(err));
    return rk;
}

void itest_consumer_destroy(rd_kafka_t *consumer)
{
    if (!consumer)
        return;
    rd_kafka_resp_err_t err = rd_kafka_consumer_close(consumer);
    if (err)
        itest_log("consumer close: %s", rd_kafka_err2str(err));
    rd_kafka_destroy(consumer);
}

static void msgs_push(itest_msgs *out, const rd_kafka_message_t *m)
{
    if (out->count == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 64;
        itest_msg *items = realloc(out->items, cap * sizeof(*items));
        if (!items)
            itest_fail("out of memory growing the message list to %zu", cap);
        out->items = items;
        out->cap = cap;
    }
    itest_msg *dst = &out->items[out->count++];
    memset(dst, 0, sizeof(*dst));
    dst->topic = xstrndup(rd_kafka_topic_name(m->rkt), strlen(rd_kafka_topic_name(m->rkt)));
    dst->partition = m->partition;
    dst->offset = m->offset;
    if (m->key) {
        dst->key = xstrndup(m->key, m->key_len);
        dst->key_len = m->key_len;
    }
    if (m->payload) {
        dst->value = xstrndup(m->payload, m->len);
        dst->value_len = m->len;
    }
    rd_kafka_headers_t *h = NULL;
    if (rd_kafka_message_headers(m, &h) == RD_KAFKA_RESP_ERR_NO_ERROR && h) {
        size_t n = rd_kafka_header_cnt(h);
        dst->headers = xmalloc(2 * n * sizeof(char *));
        for (size_t i = 0; i < n; i++) {
            const char *name = NULL;
            const void *val = NULL;
            size_t size = 0;
            if (rd_kafka_header_get_all(h, i, &name, &val, &size))
                break;
            dst->headers[2 * i] = xstrndup(name, strlen(name));
            dst->headers[2 * i + 1] = val ? xstrndup(val, size) : NULL;
            dst->n_headers = i + 1;
        }
    }
}

size_t itest_consume(rd_kafka_t *consumer, size_t want, int timeout_ms, int settle_ms,
                     itest_msgs *out)
{
    int64_t deadline = itest_now_ms() + timeout_ms;
    int64_t settle_end = -1;
    for (;;) {
        int64_t now = itest_now_ms();
        if (settle_end < 0 && out->count >= want)
            settle_end = now + settle_ms;
        int64_t end = settle_end >= 0 ? settle_end : deadline;
        if (now >= end)
            break;
        int wait = (int)(end - now > 200 ? 200 : end - now);
        rd_kafka_message_t *m = rd_kafka_consumer_poll(consumer, wait);
        if (!m)
            continue;
        if (m->err) {
            if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                char what[512];
                snprintf(what, sizeof(what), "%s", rd_kafka_message_errstr(m));
                rd_kafka_message_destroy(m);
                itest_fail("consumer error: %s", what);
            }
            rd_kafka_message_destroy(m);
            continue;
        }
        msgs_push(out, m);
        rd_kafka_message_destroy(m);
    }
    return out->count;
}

const char *itest_msg_header(const itest_msg *msg, const char *name)
{
    for (size_t i = 0; i < msg->n_headers; i++)
        if (strcmp(msg->headers[2 * i], name) == 0)
            return msg->headers[2 * i + 1];
    return NULL;
}

void itest_msgs_free(itest_msgs *list)
{
    for (size_t i = 0; i < list->count; i++) {
        itest_msg *m = &list->items[i];
        free(m->topic);
        free(m->key);
        free(m->value);
        for (size_t j = 0; j < 2 * m->n_headers; j++)
            free(m->headers[j]);
        free(m->headers);
    }
    free(list->items);
    memset(list, 0, sizeof(*list));
}

int64_t itest_committed_total(const char *group_id, const char *topic, int partitions)
{
    rd_kafka_conf_t *conf = itest_conf_new();
    itest_conf_set(conf, "group.id", group_id);
    itest_conf_set(conf, "enable.auto.commit", "false");
    rd_kafka_t *rk = new_handle(RD_KAFKA_CONSUMER, conf);
    rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new(partitions);
    for (int i = 0; i < partitions; i++)
        rd_kafka_topic_partition_list_add(parts, topic, i);
    /* A group coordinator that is still loading (a broker just started)
     * answers NOT_COORDINATOR or LOAD_IN_PROGRESS; librdkafka >= 2.1 returns
     * those instead of retrying them itself. */
    rd_kafka_resp_err_t err;
    for (int attempt = 0;; attempt++) {
        err = rd_kafka_committed(rk, parts, ITEST_TIMEOUT_MS);
        int retriable = err == RD_KAFKA_RESP_ERR_NOT_COORDINATOR ||
                        err == RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS ||
                        err == RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE;
        if (!retriable || attempt >= 50)
            break;
        usleep(200 * 1000);
    }
    if (err)
        itest_fail("committed offsets of group %s: %s", group_id, rd_kafka_err2str(err));
    int64_t total = 0;
    for (int i = 0; i < parts->cnt; i++) {
        if (parts->elems[i].err)
            itest_fail("committed offset of %s [%d]: %s", topic, parts->elems[i].partition,
                       rd_kafka_err2str(parts->elems[i].err));
        if (parts->elems[i].offset >= 0)
            total += parts->elems[i].offset;
    }
    rd_kafka_topic_partition_list_destroy(parts);
    rd_kafka_destroy(rk);
    return total;
}

void itest_group_describe(const char *group_id, char *type, size_t type_size, char *state,
                          size_t state_size, int *members)
{
    char errstr[512];
    rd_kafka_t *rk = new_handle(RD_KAFKA_PRODUCER, itest_conf_new());
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_AdminOptions_t *opt =
        rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS);
    if (rd_kafka_AdminOptions_set_request_timeout(opt, 30000, errstr, sizeof(errstr)))
        itest_fail("describe group %s: %s", group_id, errstr);
    const char *groups[1] = {group_id};
    rd_kafka_DescribeConsumerGroups(rk, groups, 1, opt, q);
    rd_kafka_event_t *ev = wait_admin_event(q, RD_KAFKA_EVENT_DESCRIBECONSUMERGROUPS_RESULT, 40000);
    if (rd_kafka_event_error(ev))
        itest_fail("describe group %s: %s", group_id, rd_kafka_event_error_string(ev));
    size_t n = 0;
    const rd_kafka_ConsumerGroupDescription_t **d = rd_kafka_DescribeConsumerGroups_result_groups(
        rd_kafka_event_DescribeConsumerGroups_result(ev), &n);
    if (n != 1)
        itest_fail("describe group %s: %zu results", group_id, n);
    const rd_kafka_error_t *e = rd_kafka_ConsumerGroupDescription_error(d[0]);
    if (e)
        itest_fail("describe group %s: %s", group_id, rd_kafka_error_string(e));
    snprintf(type, type_size, "%s",
             rd_kafka_consumer_group_type_name(rd_kafka_ConsumerGroupDescription_type(d[0])));
    snprintf(state, state_size, "%s",
             rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(d[0])));
    *members = (int)rd_kafka_ConsumerGroupDescription_member_count(d[0]);
    rd_kafka_event_destroy(ev);
    rd_kafka_AdminOptions_destroy(opt);
    rd_kafka_queue_destroy(q);
    rd_kafka_destroy(rk);
}
