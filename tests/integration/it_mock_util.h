/*
 * it_mock_util.h - helpers for the tests that run librdkafka's mock cluster
 * inside the test process as the worker's broker (the worker, a separate
 * process, reaches it over TCP): start it, fill an input topic, read a topic
 * back whole. The mock lets a test inject broker errors deterministically
 * (rd_kafka_mock_push_request_errors), which a real broker cannot.
 *
 * Everything here is static: each test includes this header once, after
 * it_worker_util.h.
 */
#ifndef IT_MOCK_UTIL_H
#define IT_MOCK_UTIL_H

#include "it_worker_util.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/* Kafka API keys the tests inject errors into. */
#define MU_APIKEY_PRODUCE            0
#define MU_APIKEY_ADD_OFFSETS_TO_TXN 25
#define MU_APIKEY_END_TXN            26
#define MU_APIKEY_TXN_OFFSET_COMMIT  28

typedef struct mu_cluster {
    rd_kafka_t *rk; /* the handle that owns the mock cluster; also the test's producer */
    rd_kafka_mock_cluster_t *mc;
    const char *boot;
} mu_cluster;

/* Start a one-broker mock cluster; the topics of t are made with fresh names
 * (prefix) and created with in_parts input partitions, out_parts output
 * partitions and one dead-letter partition. */
WU_FN void mu_start(mu_cluster *m, wu_topics *t, const char *prefix, int in_parts, int out_parts)
{
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "test.mock.num.brokers", "1", errstr, sizeof errstr) !=
        RD_KAFKA_CONF_OK)
        itest_fail("mock cluster: %s", errstr);
    rd_kafka_conf_set(conf, "log_level", "2", errstr, sizeof errstr);
    m->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!m->rk)
        itest_fail("mock cluster: %s", errstr);
    m->mc = rd_kafka_handle_mock_cluster(m->rk);
    m->boot = rd_kafka_mock_cluster_bootstraps(m->mc);
    wu_topics_name(t, prefix);
    t->partitions = in_parts;
    rd_kafka_mock_topic_create(m->mc, t->in, in_parts, 1);
    rd_kafka_mock_topic_create(m->mc, t->out, out_parts, 1);
    rd_kafka_mock_topic_create(m->mc, t->dl, 1, 1);
    itest_log("mock broker at %s", m->boot);
}

/* Produce n articles (wu_article) to topic, article i to partition i % parts,
 * key "k<i>". */
WU_FN void mu_produce_articles(mu_cluster *m, const char *topic, int parts, int n)
{
    char buf[1024], key[32];
    for (int i = 0; i < n; i++) {
        size_t len = wu_article(buf, sizeof buf, i);
        int kl = snprintf(key, sizeof key, "k%d", i);
        for (;;) {
            rd_kafka_resp_err_t err =
                rd_kafka_producev(m->rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(i % parts),
                                  RD_KAFKA_V_KEY(key, (size_t)kl), RD_KAFKA_V_VALUE(buf, len),
                                  RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
            if (!err)
                break;
            if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
                itest_fail("produce: %s", rd_kafka_err2str(err));
            rd_kafka_poll(m->rk, 50);
        }
    }
    if (rd_kafka_flush(m->rk, 60000) != RD_KAFKA_RESP_ERR_NO_ERROR)
        itest_fail("flush to the mock broker timed out");
    itest_log("produced %d articles to %s", n, topic);
}

/* A consumer of the mock cluster assigned every partition of topic from the
 * start; read_committed when committed. */
WU_FN rd_kafka_t *mu_reader(const mu_cluster *m, const char *topic, int parts, int committed)
{
    char errstr[512], group[128];
    rd_kafka_conf_t *cc = rd_kafka_conf_new();
    itest_unique_name(group, sizeof group, "it-mock-reader");
    rd_kafka_conf_set(cc, "bootstrap.servers", m->boot, errstr, sizeof errstr);
    rd_kafka_conf_set(cc, "group.id", group, errstr, sizeof errstr);
    rd_kafka_conf_set(cc, "enable.auto.commit", "false", errstr, sizeof errstr);
    /* the mock drops a partition's oldest segments as it grows (a failed
     * it_mock_order run: log start 230, end 1,980): a fetch that falls below
     * the log start must go back to the earliest record kept, not to the end
     * (librdkafka's default; that reader stayed at its logical start and
     * read nothing, in 5 of 24 runs with two at once, while a new reader
     * read all 1,000 articles) */
    rd_kafka_conf_set(cc, "auto.offset.reset", "earliest", errstr, sizeof errstr);
    /* librdkafka 2.0.2's mock returns nothing to a read_uncommitted fetch of
     * what an idempotent producer wrote: read_committed either way (there
     * is no open transaction left when the tests read) */
    (void)committed;
    rd_kafka_conf_set(cc, "log_level", "2", errstr, sizeof errstr);
    rd_kafka_t *r = rd_kafka_new(RD_KAFKA_CONSUMER, cc, errstr, sizeof errstr);
    if (!r)
        itest_fail("reader: %s", errstr);
    rd_kafka_poll_set_consumer(r);
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(parts);
    for (int p = 0; p < parts; p++)
        rd_kafka_topic_partition_list_add(l, topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_assign(r, l);
    rd_kafka_topic_partition_list_destroy(l);
    return r;
}

/* Poll reader into out until it holds want messages or timeout_ms passed,
 * then settle_ms more. Returns out->count. */
WU_FN size_t mu_consume(rd_kafka_t *reader, size_t want, int timeout_ms, int settle_ms,
                        itest_msgs *out)
{
    int64_t until = itest_now_ms() + timeout_ms;
    int64_t settle_until = -1;
    for (;;) {
        int64_t now = itest_now_ms();
        if (settle_until < 0 && out->count >= want)
            settle_until = now + settle_ms;
        if ((settle_until >= 0 && now >= settle_until) || (settle_until < 0 && now >= until))
            break;
        rd_kafka_message_t *m = rd_kafka_consumer_poll(reader, 100);
        if (!m)
            continue;
        if (m->err && m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
            itest_log("reader: %s", rd_kafka_message_errstr(m));
        if (!m->err) {
            if (out->count == out->cap) {
                out->cap = out->cap ? out->cap * 2 : 256;
                out->items = realloc(out->items, out->cap * sizeof *out->items);
                if (!out->items)
                    itest_fail("out of memory");
            }
            itest_msg *d = &out->items[out->count++];
            memset(d, 0, sizeof *d);
            d->topic = strdup(rd_kafka_topic_name(m->rkt));
            d->partition = m->partition;
            d->offset = m->offset;
            rd_kafka_headers_t *h = NULL;
            if (rd_kafka_message_headers(m, &h) == RD_KAFKA_RESP_ERR_NO_ERROR && h) {
                size_t nh = 0;
                const char *name;
                const void *val;
                size_t vl;
                while (rd_kafka_header_get_all(h, nh, &name, &val, &vl) ==
                       RD_KAFKA_RESP_ERR_NO_ERROR)
                    nh++;
                d->headers = calloc(2 * nh + 2, sizeof *d->headers);
                for (size_t i = 0; d->headers && i < nh; i++) {
                    rd_kafka_header_get_all(h, i, &name, &val, &vl);
                    d->headers[2 * i] = strdup(name);
                    d->headers[2 * i + 1] = val ? strndup(val, vl) : NULL;
                }
                d->n_headers = d->headers ? nh : 0;
            }
        }
        rd_kafka_message_destroy(m);
    }
    return out->count;
}

/* Sum over partitions 0..parts-1 of topic of the offsets group committed
 * on the mock cluster (a partition without a commit counts 0). */
WU_FN int64_t mu_committed(const mu_cluster *m, const char *group, const char *topic, int parts)
{
    char errstr[512];
    rd_kafka_conf_t *cc = rd_kafka_conf_new();
    rd_kafka_conf_set(cc, "bootstrap.servers", m->boot, errstr, sizeof errstr);
    rd_kafka_conf_set(cc, "group.id", group, errstr, sizeof errstr);
    rd_kafka_conf_set(cc, "enable.auto.commit", "false", errstr, sizeof errstr);
    rd_kafka_conf_set(cc, "log_level", "2", errstr, sizeof errstr);
    rd_kafka_t *c = rd_kafka_new(RD_KAFKA_CONSUMER, cc, errstr, sizeof errstr);
    if (!c)
        itest_fail("committed: %s", errstr);
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(parts);
    for (int p = 0; p < parts; p++)
        rd_kafka_topic_partition_list_add(l, topic, p);
    rd_kafka_resp_err_t err = rd_kafka_committed(c, l, 10000);
    if (err)
        itest_fail("committed offsets of %s: %s", group, rd_kafka_err2str(err));
    int64_t total = 0;
    for (int i = 0; i < l->cnt; i++)
        if (l->elems[i].offset > 0)
            total += l->elems[i].offset;
    rd_kafka_topic_partition_list_destroy(l);
    rd_kafka_destroy(c);
    return total;
}

/* Offsets of topic's partition 0 carried by the records of list, in list
 * order (newsx-source headers), into out (at least list->count entries). */
WU_FN void mu_sources(const itest_msgs *list, int64_t *out)
{
    for (size_t i = 0; i < list->count; i++) {
        int32_t p;
        int64_t o;
        const char *src = itest_msg_header(&list->items[i], "newsx-source");
        if (wu_parse_source(src, &p, &o) != 0)
            itest_fail("record %zu has no newsx-source header", i);
        out[i] = o;
    }
}

WU_FN void mu_reader_destroy(rd_kafka_t *r)
{
    rd_kafka_consumer_close(r);
    rd_kafka_destroy(r);
}

#endif
