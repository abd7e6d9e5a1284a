/*
 * it_worker_basic.c - 10,000 articles over 8 partitions through newsx-worker.
 *
 * Every input offset must come out as exactly one record (or a dead letter);
 * records carry the record id as key and the newsx headers; within each
 * output partition the records of one input partition appear in input order;
 * after a SIGTERM (exit 0) the group has committed all 10,000 offsets. The
 * worker runs with a small in-flight cap and pauses at once when it is hit.
 */
#include "it_worker_util.h"

#include <jansson.h>

#define N_ARTICLES   10000
#define N_PARTITIONS 8

int main(void)
{
    wu_topics t;
    wu_topics_make(&t, "it-basic", N_PARTITIONS);
    wu_produce_articles(t.in, N_PARTITIONS, N_ARTICLES);

    /* a small in-flight cap with immediate pausing drives the pause / resume /
     * seek path hard: order and exactly-once-per-offset must still hold */
    const char *extra[] = {"threads=2", "inflight.max=300", "backpressure.pause.ms=0", NULL};
    pid_t pid = wu_start(&t, extra, NULL);

    itest_msgs recs = {0}, dls = {0};
    wu_read_all(t.out, N_ARTICLES, 240000, 2000, &recs);
    itest_log("read %zu records", recs.count);
    int rc = wu_stop(pid, SIGTERM, 40000);
    ITEST_CHECK(rc == 0, "worker exited with %d after SIGTERM, expected 0", rc);
    wu_read_all(t.dl, 1, 3000, 0, &dls);

    wu_cover cov;
    wu_cover_init(&cov, N_PARTITIONS, N_ARTICLES);
    size_t bad_key = 0, bad_hdr = 0, order_breaks = 0;
    /* last input offset seen per (output partition, input partition) */
    int64_t last[4][N_PARTITIONS];
    for (int i = 0; i < 4; i++)
        for (int p = 0; p < N_PARTITIONS; p++)
            last[i][p] = -1;
    for (size_t i = 0; i < recs.count; i++) {
        const itest_msg *m = &recs.items[i];
        wu_cover_add(&cov, m);
        const char *ver = itest_msg_header(m, "newsx-version");
        const char *ct = itest_msg_header(m, "content-type");
        if (!ver || !*ver || !ct || strcmp(ct, "application/json") != 0)
            bad_hdr++;
        json_error_t jerr;
        json_t *doc = json_loadb(m->value, m->value_len, 0, &jerr);
        const char *id = doc ? json_string_value(json_object_get(doc, "id")) : NULL;
        if (!id || !m->key || strlen(id) != m->key_len || memcmp(id, m->key, m->key_len) != 0)
            bad_key++;
        json_decref(doc);
        int32_t ip;
        int64_t io;
        if (m->partition >= 0 && m->partition < 4 &&
            wu_parse_source(itest_msg_header(m, "newsx-source"), &ip, &io) == 0 && ip >= 0 &&
            ip < N_PARTITIONS) {
            if (io <= last[m->partition][ip])
                order_breaks++;
            last[m->partition][ip] = io;
        }
    }
    for (size_t i = 0; i < dls.count; i++)
        wu_cover_add(&cov, &dls.items[i]);
    size_t missing, dups;
    wu_cover_count(&cov, &missing, &dups);
    itest_log("records=%zu deadletters=%zu missing=%zu duplicates=%zu strays=%zu "
              "bad_key=%zu bad_headers=%zu order_breaks=%zu",
              recs.count, dls.count, missing, dups, cov.strays, bad_key, bad_hdr, order_breaks);
    ITEST_CHECK(recs.count == N_ARTICLES, "expected %d records, got %zu", N_ARTICLES, recs.count);
    ITEST_CHECK(dls.count == 0, "expected no dead letters, got %zu", dls.count);
    ITEST_CHECK(missing == 0, "%zu input offsets have no record", missing);
    ITEST_CHECK(dups == 0, "%zu duplicate records", dups);
    ITEST_CHECK(cov.strays == 0, "%zu records name unknown offsets", cov.strays);
    ITEST_CHECK(bad_key == 0, "%zu records whose key is not the record id", bad_key);
    ITEST_CHECK(bad_hdr == 0, "%zu records without newsx-version/content-type", bad_hdr);
    ITEST_CHECK(order_breaks == 0, "%zu records out of input order", order_breaks);

    int64_t committed = itest_committed_total(t.group, t.in, N_PARTITIONS);
    itest_log("committed offsets total %" PRId64, committed);
    ITEST_CHECK(committed == N_ARTICLES, "group committed %" PRId64 " offsets, expected %d",
                committed, N_ARTICLES);

    wu_cover_free(&cov);
    itest_msgs_free(&recs);
    itest_msgs_free(&dls);
    return itest_pass();
}
