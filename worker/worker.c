/*
 * worker.c - the Kafka worker loop (see worker.h): consuming, producing in
 * order, delivery reports, flow control, rebalances, the Kafka configuration
 * and the run with its shutdown. The loop's state is in wstate.h, the
 * extraction threads in wpool.c, the exactly_once transactions in wtxn.c.
 *
 * Threads: the main thread owns both Kafka handles and every piece of state
 * (wstate.h); it polls the consumer (which also runs the rebalance
 * callback), hands jobs to the extraction threads through a work queue,
 * takes finished jobs back from a done queue, produces them in per-partition
 * input order, polls the producer for delivery reports and stores the
 * contiguous offset watermark of each partition. The extraction threads
 * touch only the job they hold (its input and its result fields) and the two
 * queues.
 */
#include "worker.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "metrics.h"
#include "wlimits.h"
#include "wlog.h"
#include "wpool.h"
#include "wstate.h"
#include "wtxn.h"

volatile sig_atomic_t nxw_stop_requested = 0;

/* ---- jobs and partitions ---- */

static void set_retry(wk *w, job *j)
{
    part *p = j->part;
    int64_t wait = w->backoff_ms;
    for (int i = 1; i < j->attempts && wait < w->backoff_max_ms; i++)
        wait *= 2;
    if (wait > w->backoff_max_ms)
        wait = w->backoff_max_ms;
    j->retry_at = nxw_now_ms() + wait;
    j->state = J_RETRY;
    p->n_retry++;
}

/* ---- producing ---- */

static void add_header(rd_kafka_headers_t *h, const char *name, const char *value)
{
    rd_kafka_header_add(h, name, -1, value, -1);
}

static void make_dead(job *j, nx_err e, const char *msg)
{
    j->dead = 1;
    j->err = e;
    snprintf(j->errmsg, sizeof j->errmsg, "%s", msg);
}

/* True when the broker refused offset's record before. The memory stays
 * until a commit covers the offset: the transaction that carries the dead
 * letter instead may be aborted too (for another refused record). */
static int too_large_known(const part *p, int64_t offset)
{
    unsigned n = p->n_too_large < NXW_TOO_LARGE_MEMORY ? p->n_too_large : NXW_TOO_LARGE_MEMORY;
    for (unsigned i = 0; i < n; i++)
        if (p->too_large[i] == offset)
            return 1;
    return 0;
}

/* exactly_once: remember that the broker refused the record of offset as too
 * large (the transaction that held it is aborted and the partition rewound). */
static void too_large_remember(part *p, int64_t offset)
{
    if (!too_large_known(p, offset))
        p->too_large[p->n_too_large++ % NXW_TOO_LARGE_MEMORY] = offset;
}

/* Hand a job to the producer. Returns 0 when queued, 1 when the producer
 * queue is full (nothing changed), -1 when it failed and a retry is set. */
static int produce_job(wk *w, job *j)
{
    part *p = j->part;
    char buf[64];
    rd_kafka_resp_err_t err;
    if (w->eos && !j->dead && too_large_known(p, j->offset)) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "record of %zu bytes was refused by the broker (%s) in an aborted transaction",
                 j->record_len, rd_kafka_err2str(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE));
        make_dead(j, NX_ERR_RECORD_TOO_LARGE, msg);
    }
    rd_kafka_headers_t *h = rd_kafka_headers_new(9);
    if (w->ro && w->ro->replay_id)
        add_header(h, "newsx-replay-id", w->ro->replay_id);
    if (!j->dead) {
        char src[512];
        snprintf(src, sizeof src, "%s/%" PRId32 "/%" PRId64, p->topic, p->partition, j->offset);
        add_header(h, "newsx-source", src);
        add_header(h, "newsx-version", NX_EXTRACTOR_VERSION);
        add_header(h, "content-type", "application/json");
        err = rd_kafka_producev(w->prod, RD_KAFKA_V_TOPIC(w->out_topic),
                                RD_KAFKA_V_KEY(j->id, j->id ? j->id_len : 0),
                                RD_KAFKA_V_VALUE(j->record, j->record_len), RD_KAFKA_V_HEADERS(h),
                                RD_KAFKA_V_OPAQUE(j), RD_KAFKA_V_END);
    } else {
        add_header(h, "newsx-error-code", nx_err_name(j->err));
        add_header(h, "newsx-error", j->errmsg);
        add_header(h, "newsx-source-topic", p->topic);
        snprintf(buf, sizeof buf, "%" PRId32, p->partition);
        add_header(h, "newsx-source-partition", buf);
        snprintf(buf, sizeof buf, "%" PRId64, j->offset);
        add_header(h, "newsx-source-offset", buf);
        snprintf(buf, sizeof buf, "%" PRId64, j->timestamp);
        add_header(h, "newsx-source-timestamp", buf);
        err = rd_kafka_producev(
            w->prod, RD_KAFKA_V_TOPIC(w->dl_topic),
            RD_KAFKA_V_KEY(j->has_key ? j->key : NULL, j->has_key ? j->key_len : 0),
            RD_KAFKA_V_VALUE(j->has_val ? j->val : NULL, j->has_val ? j->val_len : 0),
            RD_KAFKA_V_HEADERS(h), RD_KAFKA_V_OPAQUE(j), RD_KAFKA_V_END);
    }
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        j->state = J_PRODUCING;
        if (w->eos) {
            p->txn_pos = j->offset + 1;
            w->txn_count++;
        }
        return 0;
    }
    rd_kafka_headers_destroy(h);
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL)
        return 1;
    j->attempts++;
    w->st.retries++;
    if (err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE && !j->dead) {
        char msg[200];
        snprintf(msg, sizeof msg, "record of %zu bytes is larger than the producer accepts (%s)",
                 j->record_len, rd_kafka_err2str(err));
        make_dead(j, NX_ERR_RECORD_TOO_LARGE, msg);
        return produce_job(w, j);
    }
    if (w->eos) {
        NXW_WARN("%s %s/%" PRId32 "/%" PRId64 ": produce failed: %s; aborting the transaction",
                 j->dead ? "dead letter for" : "record for", p->topic, p->partition, j->offset,
                 rd_kafka_err2str(err));
        w->txn_abort = 1;
        return -1;
    }
    NXW_WARN("%s %s/%" PRId32 "/%" PRId64 ": produce failed: %s; retrying",
             j->dead ? "dead letter for" : "record for", p->topic, p->partition, j->offset,
             rd_kafka_err2str(err));
    set_retry(w, j);
    return -1;
}

/* True when a job of p handed to the producer awaits its delivery report. */
static int in_producer(const part *p)
{
    for (const job *j = p->head; j && j != p->cursor; j = j->next)
        if (j->state == J_PRODUCING)
            return 1;
    return 0;
}

/* at_least_once: job f of p was not delivered. The jobs after it that are
 * with the producer or already delivered to the same topic are produced
 * again after f's retry, so that the last copy of every record on an output
 * topic follows the records before it (see docs/worker.md, Delivery). */
static void redo_after(wk *w, part *p, const job *f)
{
    for (job *j = f->next; j && j != p->cursor; j = j->next) {
        if (j->dead != f->dead)
            continue;
        if (j->state == J_PRODUCING) {
            j->redo = 1;
        } else if (j->state == J_ACKED) {
            j->state = J_RETRY;
            j->retry_at = 0;
            p->n_retry++;
            w->st.retries++;
        }
    }
}

/* Produce what is ready, in input order per partition. */
static void produce_ready(wk *w)
{
    w->prod_full = 0;
    int64_t now = nxw_now_ms();
    if (w->eos && (w->txn_abort || w->fatal))
        return;
    for (part *p = w->parts; p; p = p->next) {
        if (p->n_retry) {
            /* Order: a partition with a failed job produces nothing new, and
             * its retries go out in input order once none of its messages is
             * still with the producer (a later one in flight could otherwise
             * land after the retry it must follow, or before it for good). */
            if (in_producer(p))
                continue;
            for (job *j = p->head; j && j != p->cursor; j = j->next) {
                if (j->state != J_RETRY)
                    continue;
                if (j->retry_at > now)
                    break;
                p->n_retry--;
                j->state = J_READY;
                int r = produce_job(w, j);
                if (r == 1) {
                    p->n_retry++;
                    j->state = J_RETRY;
                    w->prod_full = 1;
                    return;
                }
                if (r < 0)
                    break;
            }
            if (p->n_retry)
                continue;
        }
        while (p->cursor && p->cursor->state == J_READY) {
            if (!nxw_txn_ready(w))
                return;
            int r = produce_job(w, p->cursor);
            if (r == 1) {
                w->prod_full = 1;
                return;
            }
            p->cursor = p->cursor->next;
            if (r < 0)
                break; /* the retry holds the jobs behind it */
        }
    }
}

/* Count a delivered job: at once under at_least_once, with its transaction
 * under exactly_once. A job produced again for order is counted once. */
static void count_delivery(wk *w, part *p, job *j, const rd_kafka_message_t *m)
{
    j->counted = 1;
    if (w->eos) {
        /* counted when the transaction commits: an aborted one's
         * messages are never seen by read_committed consumers */
        p->txn_recs++;
        p->txn_dead += j->dead ? 1 : 0;
        w->txn_bytes_out += m->len + m->key_len;
        if (j->dead)
            w->txn_dead_codes[(unsigned)j->err < NX_ERR__COUNT ? j->err : NX_ERR_INTERNAL]++;
    } else {
        if (j->dead)
            w->st.deadletters++;
        else
            w->st.records++;
        nxm_add(NXM_BYTES_OUT, m->len + m->key_len);
        if (j->dead)
            nxm_deadletter(j->err, 1);
        if (p->bound) {
            p->bound->processed++;
            p->bound->deadletters += j->dead ? 1 : 0;
        }
    }
    if (j->dead) {
        nxw_log_ctx ctx = {p->topic, p->partition, j->offset, nx_err_name(j->err), NULL, NULL};
        nxw_logc(NXW_LOG_INFO, &ctx, "dead letter %s/%" PRId32 "/%" PRId64 ": %s: %s", p->topic,
                 p->partition, j->offset, nx_err_name(j->err), j->errmsg);
    }
}

static void dr_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    (void)rk;
    wk *w = opaque;
    job *j = m->_private;
    if (!j)
        return;
    if (j->orphan) {
        nxw_job_free(j);
        return;
    }
    part *p = j->part;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR && j->redo) {
        /* delivered, but an earlier job of its partition failed meanwhile:
         * produce it again after that one's retry (order) */
        j->redo = 0;
        j->state = J_RETRY;
        j->retry_at = 0;
        p->n_retry++;
        w->st.retries++;
        if (!j->counted)
            count_delivery(w, p, j, m);
        return;
    }
    j->redo = 0;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        j->state = J_ACKED;
        w->acked++;
        if (!j->counted)
            count_delivery(w, p, j, m);
        return;
    }
    if (w->eos) {
        /* a transaction with an undelivered message cannot commit */
        NXW_WARN("%s %s/%" PRId32 "/%" PRId64 " not delivered: %s; aborting the transaction",
                 j->dead ? "dead letter for" : "record for", p->topic, p->partition, j->offset,
                 rd_kafka_err2str(m->err));
        if (m->err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE && !j->dead)
            too_large_remember(p, j->offset);
        j->state = J_READY;
        w->txn_abort = 1;
        return;
    }
    j->attempts++;
    w->st.retries++;
    if (m->err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE && !j->dead) {
        char msg[200];
        snprintf(msg, sizeof msg, "record of %zu bytes was refused by the broker (%s)",
                 j->record_len, rd_kafka_err2str(m->err));
        make_dead(j, NX_ERR_RECORD_TOO_LARGE, msg);
        j->state = J_RETRY;
        j->retry_at = 0;
        p->n_retry++;
        return;
    }
    NXW_WARN("%s %s/%" PRId32 "/%" PRId64 " not delivered (attempt %d): %s; retrying",
             j->dead ? "dead letter for" : "record for", p->topic, p->partition, j->offset,
             j->attempts, rd_kafka_err2str(m->err));
    set_retry(w, j);
    redo_after(w, p, j);
}

/* Pop acknowledged jobs off each partition's head and store the watermark. */
static void advance(wk *w)
{
    rd_kafka_topic_partition_list_t *l = NULL;
    for (part *p = w->parts; p; p = p->next) {
        int64_t store = -1;
        while (p->head && p->head->state == J_ACKED) {
            job *j = p->head;
            p->head = j->next;
            if (!p->head)
                p->tail = NULL;
            if (p->cursor == j)
                p->cursor = j->next;
            p->n_jobs--;
            w->inflight--;
            w->inflight_bytes -= j->bytes;
            store = j->offset + 1;
            nxw_job_free(j);
        }
        if (store >= 0) {
            p->stored = store;
            if (!l)
                l = rd_kafka_topic_partition_list_new(8);
            rd_kafka_topic_partition_list_add(l, p->topic, p->partition)->offset = store;
        }
    }
    if (l && w->eos) {
        /* the offsets travel in the transaction instead */
        rd_kafka_topic_partition_list_destroy(l);
        l = NULL;
    }
    if (l) {
        rd_kafka_resp_err_t err = rd_kafka_offsets_store(w->cons, l);
        if (err)
            NXW_DEBUG("offsets store: %s", rd_kafka_err2str(err));
        rd_kafka_topic_partition_list_destroy(l);
    }
    if (w->stop_after && w->acked >= w->stop_after)
        w->stopping = 1;
}

/* ---- bounded runs ---- */

/* Mark partitions that reached their end; stop when all did. */
static void bounds_check(wk *w)
{
    if (!w->ro || !w->ro->bounds)
        return;
    int all = 1;
    for (part *p = w->parts; p; p = p->next) {
        nxw_bound *b = p->bound;
        if (!b || b->done_ms >= 0)
            continue;
        int64_t mark = w->eos ? p->committed : p->stored;
        int done = b->start >= b->end || mark >= b->end;
        if (!done && p->n_jobs == 0 && p->txn_pos < 0) {
            /* offsets without a message (transaction markers) end a partition too */
            rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);
            rd_kafka_topic_partition_list_add(l, p->topic, p->partition);
            if (rd_kafka_position(w->cons, l) == RD_KAFKA_RESP_ERR_NO_ERROR &&
                l->elems[0].offset >= b->end && (p->next_offset < 0 || p->next_offset >= b->end))
                done = 1;
            rd_kafka_topic_partition_list_destroy(l);
        }
        if (done) {
            b->done_ms = nxw_now_ms() - w->t_start;
            NXW_INFO("replay: %s/%" PRId32 " reached its end offset %" PRId64, p->topic,
                     p->partition, b->end);
        }
    }
    for (size_t i = 0; i < w->ro->n_bounds; i++)
        if (w->ro->bounds[i].done_ms < 0)
            all = 0;
    if (all && !w->stopping) {
        NXW_INFO("replay: every partition reached its end");
        w->stopping = 1;
    }
}

static void publish_assignment(rd_kafka_t *rk)
{
    rd_kafka_topic_partition_list_t *l = NULL;
    if (rd_kafka_assignment(rk, &l) == RD_KAFKA_RESP_ERR_NO_ERROR && l) {
        nxm_assigned(l->cnt);
        rd_kafka_topic_partition_list_destroy(l);
    }
}

static void service(wk *w, int poll_ms)
{
    nxw_publish_metrics(w);
    nxw_drain_done(w);
    produce_ready(w);
    rd_kafka_poll(w->prod, poll_ms);
    produce_ready(w);
    advance(w);
    nxw_eos_service(w);
    bounds_check(w);
}

/* ---- flow control ---- */

static void pause_all(wk *w)
{
    rd_kafka_topic_partition_list_t *l = NULL;
    if (rd_kafka_assignment(w->cons, &l) == RD_KAFKA_RESP_ERR_NO_ERROR && l) {
        if (l->cnt)
            rd_kafka_pause_partitions(w->cons, l);
        rd_kafka_topic_partition_list_destroy(l);
    }
    if (!w->paused)
        w->st.pauses++;
    w->paused = 1;
    NXW_DEBUG("fetching paused (in flight: %zu articles, %zu bytes)", w->inflight,
              w->inflight_bytes);
}

/* Resume fetching. A bounded partition that reached its end stays paused.
 * (librdkafka before 2.4.0 could rewind a resumed partition's fetch position,
 * librdkafka#4636, and the worker sought each one back to its next offset;
 * the build requires 2.12.0. An older offset that still arrives is skipped as
 * a duplicate by on_message.) */
static void resume_all(wk *w)
{
    rd_kafka_topic_partition_list_t *l = NULL;
    if (rd_kafka_assignment(w->cons, &l) == RD_KAFKA_RESP_ERR_NO_ERROR && l) {
        rd_kafka_topic_partition_list_t *all = l;
        l = rd_kafka_topic_partition_list_new(all->cnt > 0 ? all->cnt : 1);
        for (int i = 0; i < all->cnt; i++) {
            part *p = nxw_part_find(w, all->elems[i].topic, all->elems[i].partition);
            if (p && p->bound_paused)
                continue;
            rd_kafka_topic_partition_list_add(l, all->elems[i].topic, all->elems[i].partition);
        }
        rd_kafka_topic_partition_list_destroy(all);
        if (l->cnt)
            rd_kafka_resume_partitions(w->cons, l);
        rd_kafka_topic_partition_list_destroy(l);
    }
    w->paused = 0;
    NXW_DEBUG("fetching resumed (in flight: %zu articles)", w->inflight);
}

static int over_cap(const wk *w)
{
    return w->inflight >= w->max_inflight || w->inflight_bytes >= w->max_bytes;
}

/* Backpressure. At the in-flight cap (or with the producer queue full) the
 * loop first just stops taking messages from the consumer (librdkafka's own
 * prefetch queue is bounded by queued.max.messages.kbytes) and waits for work
 * to drain; the partitions are paused only when that lasts longer than
 * backpressure.pause.ms, because every pause/resume makes librdkafka drop and
 * re-fetch its prefetched messages. Returns 1 when the loop should not poll
 * the consumer now. */
static int update_flow(wk *w)
{
    int blocked = w->stopping || over_cap(w) || w->prod_full;
    if (blocked) {
        int64_t now = nxw_now_ms();
        if (!w->stall_since)
            w->stall_since = now;
        if (!w->paused && (w->stopping || now - w->stall_since >= w->pause_after_ms))
            pause_all(w);
        return !w->paused;
    }
    w->stall_since = 0;
    if (w->paused && w->inflight <= w->max_inflight - w->max_inflight / 4 &&
        w->inflight_bytes <= w->max_bytes - w->max_bytes / 4)
        resume_all(w);
    return 0;
}

/* ---- consuming ---- */

static char *dup_bytes(const void *p, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        if (n)
            memcpy(d, p, n);
        d[n] = '\0';
    }
    return d;
}

static void on_message(wk *w, rd_kafka_message_t *m)
{
    if (m->err) {
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            /* nothing */
        } else if (m->err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
                   m->err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED) {
            if (!w->unknown_topic_warned++)
                NXW_WARN("consumer: %s", rd_kafka_message_errstr(m));
        } else {
            NXW_WARN("consumer: %s", rd_kafka_message_errstr(m));
        }
        rd_kafka_message_destroy(m);
        return;
    }
    const char *topic = rd_kafka_topic_name(m->rkt);
    part *p = nxw_part_get(w, topic, m->partition);
    if (!p || w->stopping || p->revoking) {
        rd_kafka_message_destroy(m);
        return;
    }
    if (p->next_offset >= 0 && m->offset < p->next_offset) {
        w->st.duplicates++;
        rd_kafka_message_destroy(m);
        return;
    }
    if (p->bound && (m->offset >= p->bound->end || m->offset < p->bound->start)) {
        /* past the end of a bounded run: stop fetching this partition */
        if (m->offset >= p->bound->end && !p->bound_paused) {
            rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);
            rd_kafka_topic_partition_list_add(l, topic, m->partition);
            rd_kafka_pause_partitions(w->cons, l);
            rd_kafka_topic_partition_list_destroy(l);
            p->bound_paused = 1;
        }
        rd_kafka_message_destroy(m);
        return;
    }
    job *j = calloc(1, sizeof *j);
    if (j) {
        j->has_key = m->key != NULL;
        j->has_val = m->payload != NULL;
        j->key = j->has_key ? dup_bytes(m->key, m->key_len) : NULL;
        j->val = j->has_val ? dup_bytes(m->payload, m->len) : NULL;
        if ((j->has_key && !j->key) || (j->has_val && !j->val)) {
            nxw_job_free(j);
            j = NULL;
        }
    }
    if (!j) {
        /* Out of memory: skip this message without storing its offset; the
         * seek brings it back. */
        NXW_ERROR("out of memory taking %s/%" PRId32 "/%" PRId64 "; will re-fetch it", topic,
                  m->partition, m->offset);
        rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(l, topic, m->partition)->offset = m->offset;
        rd_kafka_error_t *e = rd_kafka_seek_partitions(w->cons, l, 0);
        if (e)
            rd_kafka_error_destroy(e);
        rd_kafka_topic_partition_list_destroy(l);
        rd_kafka_message_destroy(m);
        return;
    }
    p->next_offset = m->offset + 1;
    if (p->committed < 0)
        p->committed = m->offset; /* where the consumer started: the committed offset */
    j->part = p;
    j->offset = m->offset;
    j->key_len = m->key_len;
    j->val_len = m->len;
    rd_kafka_timestamp_type_t tst;
    j->timestamp = rd_kafka_message_timestamp(m, &tst);
    j->bytes = m->len + m->key_len + sizeof *j;
    rd_kafka_message_destroy(m);

    if (p->tail)
        p->tail->next = j;
    else
        p->head = j;
    p->tail = j;
    if (!p->cursor)
        p->cursor = j;
    p->n_jobs++;
    w->inflight++;
    w->inflight_bytes += j->bytes;
    w->st.consumed++;
    nxm_add(NXM_BYTES_IN, j->val_len + j->key_len);

    if (!j->has_val) {
        make_dead(j, NX_ERR_EMPTY_BODY, "message has no value (null)");
        j->state = J_READY;
    } else {
        j->state = J_EXTRACTING;
        nxw_enqueue(w, j);
    }
}

/* ---- rebalancing ---- */

static void log_parts(const char *what, const rd_kafka_topic_partition_list_t *l)
{
    char buf[1024];
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i < l->cnt && o + 64 < sizeof buf; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s/%" PRId32, i ? " " : "",
                              l->elems[i].topic, l->elems[i].partition);
    NXW_INFO("group: %s %d partition(s)%s%s", what, l->cnt, l->cnt ? ": " : "", buf);
}

static int revoking_busy(wk *w)
{
    for (part *p = w->parts; p; p = p->next)
        if (p->revoking && p->head)
            return 1;
    return 0;
}

static void rebalance_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                         rd_kafka_topic_partition_list_t *parts, void *opaque)
{
    wk *w = opaque;
    int coop = strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
    w->st.rebalances++;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        log_parts("assigned", parts);
        for (int i = 0; i < parts->cnt; i++) {
            part *p = nxw_part_find(w, parts->elems[i].topic, parts->elems[i].partition);
            if (p)
                nxw_part_drop(w, p); /* stale state from an earlier assignment */
            p = nxw_part_get(w, parts->elems[i].topic, parts->elems[i].partition);
            if (!p)
                NXW_ERROR("out of memory tracking %s/%" PRId32, parts->elems[i].topic,
                          parts->elems[i].partition);
        }
        if (coop) {
            rd_kafka_error_t *e = rd_kafka_incremental_assign(rk, parts);
            if (e) {
                NXW_ERROR("incremental assign: %s", rd_kafka_error_string(e));
                rd_kafka_error_destroy(e);
            }
        } else {
            rd_kafka_resp_err_t ae = rd_kafka_assign(rk, parts);
            if (ae)
                NXW_ERROR("assign: %s", rd_kafka_err2str(ae));
        }
        /* librdkafka keeps a partition's pause flag across assignments:
         * set it explicitly either way */
        if (w->paused || w->stopping)
            rd_kafka_pause_partitions(rk, parts);
        else
            rd_kafka_resume_partitions(rk, parts);
        publish_assignment(rk);
        return;
    }
    if (err != RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
        NXW_ERROR("rebalance error: %s", rd_kafka_err2str(err));
        if (coop) {
            rd_kafka_error_t *e = rd_kafka_incremental_unassign(rk, parts);
            if (e)
                rd_kafka_error_destroy(e);
        } else {
            rd_kafka_assign(rk, NULL);
        }
        return;
    }
    int lost = rd_kafka_assignment_lost(rk);
    log_parts(lost ? "lost" : "revoked", parts);
    for (int i = 0; i < parts->cnt; i++) {
        part *p = nxw_part_find(w, parts->elems[i].topic, parts->elems[i].partition);
        if (p)
            p->revoking = 1;
    }
    if (!lost) {
        /* finish what is in flight for these partitions, bounded */
        int64_t deadline = nxw_now_ms() + (w->closing ? 0 : w->revoke_timeout_ms);
        while (revoking_busy(w) && !w->fatal && nxw_now_ms() < deadline)
            service(w, 5);
        if (revoking_busy(w))
            NXW_WARN("revoke: in-flight work not finished in time; it will be redone by the "
                     "next owner");
        if (w->eos) {
            /* commit (or abort) the open transaction before giving partitions up:
             * the next owner starts from what it committed */
            if (!w->fatal && (w->txn_open || w->txn_abort)) {
                if (w->txn_abort && !w->txn_committing)
                    nxw_abort_and_rewind(w, w->txn_budget_ms);
                else
                    nxw_eos_commit(w, w->txn_budget_ms);
            }
        } else {
            rd_kafka_topic_partition_list_t *c = rd_kafka_topic_partition_list_new(parts->cnt);
            for (int i = 0; i < parts->cnt; i++) {
                part *p = nxw_part_find(w, parts->elems[i].topic, parts->elems[i].partition);
                if (p && p->stored >= 0)
                    rd_kafka_topic_partition_list_add(c, p->topic, p->partition)->offset =
                        p->stored;
            }
            if (c->cnt) {
                rd_kafka_resp_err_t ce = rd_kafka_commit(rk, c, 0);
                if (ce)
                    NXW_WARN("commit on revoke: %s", rd_kafka_err2str(ce));
                else
                    NXW_DEBUG("committed %d partition(s) on revoke", c->cnt);
            }
            rd_kafka_topic_partition_list_destroy(c);
        }
    } else {
        NXW_WARN("partitions lost: their in-flight work is dropped without committing");
        if (w->eos && !w->fatal && (w->txn_open || w->txn_abort)) {
            /* the open transaction holds records of partitions now owned by
             * another member: abort it and redo the rest from committed offsets */
            if (w->txn_committing) {
                /* a commit in progress cannot be aborted; the coordinator
                 * refuses its offsets (old generation) and it fails, or it
                 * succeeded before the partitions were lost */
                nxw_eos_commit(w, w->txn_budget_ms);
            } else {
                w->txn_abort = 1;
                nxw_abort_and_rewind(w, w->txn_budget_ms);
            }
        }
    }
    for (int i = 0; i < parts->cnt; i++) {
        part *p = nxw_part_find(w, parts->elems[i].topic, parts->elems[i].partition);
        if (p)
            nxw_part_drop(w, p);
    }
    if (coop) {
        rd_kafka_error_t *e = rd_kafka_incremental_unassign(rk, parts);
        if (e) {
            NXW_WARN("incremental unassign: %s", rd_kafka_error_string(e));
            rd_kafka_error_destroy(e);
        }
    } else {
        rd_kafka_assign(rk, NULL);
    }
    publish_assignment(rk);
}

/* ---- callbacks shared by both clients ---- */

/* True when a TLS error reason from librdkafka (OpenSSL's words) says that a
 * certificate was refused: the broker's by us, or ours by the broker. These
 * come from the configuration, unlike a connection reset mid-handshake. */
static int tls_config_failure(const char *reason)
{
    static const char *const marks[] = {
        "certificate verify failed", /* the broker's certificate, our CA */
        "Failed to verify broker certificate",
        "did not provide a certificate",
        "alert certificate required", /* TLS 1.3: the broker wants ours */
        "alert unknown ca",           /* the broker does not trust ours */
        "alert bad certificate",
        "alert certificate expired",
        "alert certificate unknown",
        "client SSL authentication might be required",
    };
    for (size_t i = 0; reason && i < sizeof marks / sizeof marks[0]; i++)
        if (strstr(reason, marks[i]))
            return 1;
    return 0;
}

static void error_cb(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
    wk *w = opaque;
    if (err == RD_KAFKA_RESP_ERR__FATAL) {
        char buf[400];
        rd_kafka_resp_err_t orig = rd_kafka_fatal_error(rk, buf, sizeof buf);
        if (!w->fatal) {
            snprintf(w->fatal_msg, sizeof w->fatal_msg, "%s: %s (%s)", rd_kafka_name(rk),
                     rd_kafka_err2name(orig), buf);
            w->fatal = 1;
        }
        return;
    }
    int is_cons = rd_kafka_type(rk) == RD_KAFKA_CONSUMER;
    /* wrong credentials, or a certificate the other side does not trust, do
     * not heal by retrying: stop before consuming (a TLS handshake cut short
     * by a restart is retried like any connection error) */
    int sasl = err == RD_KAFKA_RESP_ERR__AUTHENTICATION;
    int tls = (err == RD_KAFKA_RESP_ERR__SSL || err == RD_KAFKA_RESP_ERR__TRANSPORT) &&
              tls_config_failure(reason);
    if (sasl || tls) {
        nxm_add(NXM_AUTH_FAILURES, 1);
        nxm_kafka_down(is_cons);
        if (!w->fatal && tls) {
            snprintf(w->fatal_msg, sizeof w->fatal_msg,
                     "%s: Kafka TLS handshake failed (check kafka.ssl.ca.location, "
                     "kafka.ssl.certificate.location, kafka.ssl.key.location, "
                     "kafka.ssl.endpoint.identification.algorithm): %s",
                     rd_kafka_name(rk), reason);
        } else if (!w->fatal) {
            snprintf(w->fatal_msg, sizeof w->fatal_msg,
                     "%s: Kafka authentication failed (check kafka.security.protocol, "
                     "kafka.sasl.mechanism, kafka.sasl.username, kafka.sasl.password): %s",
                     rd_kafka_name(rk), reason);
        }
        w->fatal = 1;
        return;
    }
    if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
        nxm_kafka_down(is_cons);
        NXW_WARN("%s: all brokers are down: %s", rd_kafka_name(rk), reason);
    } else if (err == RD_KAFKA_RESP_ERR__TRANSPORT || err == RD_KAFKA_RESP_ERR__RESOLVE)
        NXW_INFO("%s: %s", rd_kafka_name(rk), reason);
    else
        NXW_WARN("%s: %s: %s", rd_kafka_name(rk), rd_kafka_err2name((rd_kafka_resp_err_t)err),
                 reason);
}

static void log_cb(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
    nxw_level l = level <= 3   ? NXW_LOG_ERROR
                  : level == 4 ? NXW_LOG_WARN
                  : level <= 6 ? NXW_LOG_INFO
                               : NXW_LOG_DEBUG;
    nxw_log_ctx ctx = {NULL, -1, -1, NULL, rk ? rd_kafka_name(rk) : NULL, fac};
    nxw_logc(l, &ctx, "librdkafka %s %s: %s", rk ? rd_kafka_name(rk) : "", fac, buf);
}

static int stats_cb(rd_kafka_t *rk, char *json, size_t len, void *opaque)
{
    (void)opaque;
    nxm_kafka_stats(json, len, rd_kafka_type(rk) == RD_KAFKA_CONSUMER);
    return 0; /* librdkafka frees json */
}

/* ---- configuration ---- */

static nx_err conf_set(rd_kafka_conf_t *c, const char *name, const char *value, const char *key,
                       char *errstr, size_t errstr_size)
{
    char kerr[512];
    if (rd_kafka_conf_set(c, name, value, kerr, sizeof kerr) != RD_KAFKA_CONF_OK)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "%s: %s", key, kerr);
    return NX_OK;
}

static nx_err conf_cb(const char *name, const char *value, const char *key, void *ud, char *errstr,
                      size_t errstr_size)
{
    return conf_set(ud, name, value, key, errstr, errstr_size);
}

nx_err nxw_kafka_confs(const nxw_config *cfg, rd_kafka_conf_t **cons, rd_kafka_conf_t **prod,
                       char *errstr, size_t errstr_size)
{
    *cons = rd_kafka_conf_new();
    *prod = rd_kafka_conf_new();
    nx_err e = NX_OK;
    const int eos = strcmp(nxw_cfg_str(cfg, "processing.guarantee"), "exactly_once") == 0;
    static const char *const cons_fixed[][2] = {{"enable.auto.offset.store", "false"},
                                                {"enable.auto.commit", "true"},
                                                {"enable.partition.eof", "false"},
                                                {"client.id", "newsx-worker"}};
    static const char *const prod_fixed[][2] = {
        {"enable.idempotence", "true"}, {"acks", "all"}, {"client.id", "newsx-worker"}};
    for (size_t i = 0; e == NX_OK && i < sizeof cons_fixed / sizeof cons_fixed[0]; i++)
        e = conf_set(*cons, cons_fixed[i][0], cons_fixed[i][1], cons_fixed[i][0], errstr,
                     errstr_size);
    if (e == NX_OK)
        e = conf_set(*cons, "group.id", nxw_cfg_str(cfg, "group.id"), "group.id", errstr,
                     errstr_size);
    for (size_t i = 0; e == NX_OK && i < sizeof prod_fixed / sizeof prod_fixed[0]; i++)
        e = conf_set(*prod, prod_fixed[i][0], prod_fixed[i][1], prod_fixed[i][0], errstr,
                     errstr_size);
    if (e == NX_OK && eos) {
        /* offsets are committed in the producer's transactions */
        char host[256] = "", tid[800];
        const char *inst = nxw_cfg_str(cfg, "instance.id");
        if (!inst[0]) {
            if (gethostname(host, sizeof host - 1) != 0 || !host[0])
                snprintf(host, sizeof host, "localhost");
            inst = host;
        }
        snprintf(tid, sizeof tid, "newsx-%s-%s", nxw_cfg_str(cfg, "group.id"), inst);
        e = conf_set(*cons, "enable.auto.commit", "false", "processing.guarantee", errstr,
                     errstr_size);
        if (e == NX_OK)
            e = conf_set(*cons, "isolation.level", "read_committed", "processing.guarantee", errstr,
                         errstr_size);
        if (e == NX_OK)
            e = conf_set(*prod, "transactional.id", tid, "instance.id", errstr, errstr_size);
    }
    if (e == NX_OK)
        e = nxw_config_each_kafka(cfg, 1, conf_cb, *cons, errstr, errstr_size);
    if (e == NX_OK)
        e = nxw_config_each_kafka(cfg, 0, conf_cb, *prod, errstr, errstr_size);
    if (e == NX_OK && eos) {
        /* librdkafka requires message.timeout.ms <= transaction.timeout.ms */
        char mt[32], tt[32];
        size_t ml = sizeof mt, tl = sizeof tt;
        if (rd_kafka_conf_get(*prod, "message.timeout.ms", mt, &ml) == RD_KAFKA_CONF_OK &&
            rd_kafka_conf_get(*prod, "transaction.timeout.ms", tt, &tl) == RD_KAFKA_CONF_OK &&
            atoll(mt) > atoll(tt))
            e = conf_set(*prod, "message.timeout.ms", tt, "kafka.producer.message.timeout.ms",
                         errstr, errstr_size);
    }
    if (e == NX_OK)
        e = nxw_check_timeouts(cfg, *cons, *prod, errstr, errstr_size);
    if (e != NX_OK) {
        rd_kafka_conf_destroy(*cons);
        rd_kafka_conf_destroy(*prod);
        *cons = *prod = NULL;
    }
    return e;
}

/* ---- shutdown helpers ---- */

typedef struct closer {
    rd_kafka_t *cons, *prod;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int done;
} closer;

static void *close_thread(void *arg)
{
    closer *c = arg;
    rd_kafka_resp_err_t err = rd_kafka_consumer_close(c->cons);
    if (err)
        NXW_WARN("consumer close: %s", rd_kafka_err2str(err));
    rd_kafka_destroy(c->cons);
    rd_kafka_flush(c->prod, 1000);
    rd_kafka_destroy(c->prod);
    pthread_mutex_lock(&c->mu);
    c->done = 1;
    pthread_cond_signal(&c->cv);
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

/* Close the consumer (leaving the group) and destroy both clients within
 * timeout_ms: the close runs on its own thread and is abandoned when late.
 * Kept with librdkafka >= 2.12: 2.0.2 could hang in close after a partition
 * was lost, and any version's close waits on an unreachable coordinator or a
 * final commit; shutdown.timeout.ms is a promise either way.
 * Returns 0 when closed in time. */
static int bounded_close(wk *w, int64_t timeout_ms)
{
    closer *c = calloc(1, sizeof *c);
    if (!c)
        return -1;
    c->cons = w->cons;
    c->prod = w->prod;
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cv, NULL);
    pthread_t t;
    if (pthread_create(&t, NULL, close_thread, c) != 0) {
        free(c);
        return -1;
    }
    struct timespec until = nxw_deadline_in(timeout_ms);
    pthread_mutex_lock(&c->mu);
    while (!c->done) {
        if (pthread_cond_timedwait(&c->cv, &c->mu, &until) == ETIMEDOUT)
            break;
    }
    int done = c->done;
    pthread_mutex_unlock(&c->mu);
    if (done) {
        pthread_join(t, NULL);
        pthread_mutex_destroy(&c->mu);
        pthread_cond_destroy(&c->cv);
        free(c);
        return 0;
    }
    pthread_detach(t); /* the caller ends the process; the thread and c go with it */
    return -1;
}

static void log_metrics(const wk *w, const char *what)
{
    NXW_INFO("%s: consumed=%" PRIu64 " records=%" PRIu64 " deadletters=%" PRIu64
             " inflight=%zu inflight_bytes=%zu paused=%d pauses=%" PRIu64
             " duplicates_skipped=%" PRIu64 " produce_retries=%" PRIu64 " rebalances=%" PRIu64
             " txn_commits=%" PRIu64 " txn_aborts=%" PRIu64,
             what, w->st.consumed, w->st.records, w->st.deadletters, w->inflight, w->inflight_bytes,
             w->paused, w->st.pauses, w->st.duplicates, w->st.retries, w->st.rebalances,
             w->st.txn_commits, w->st.txn_aborts);
}

/* ---- the run ---- */

static void free_all(wk *w)
{
    while (w->parts)
        nxw_part_drop(w, w->parts);
    /* after the threads are joined, whatever is left in the queues is ours */
    job *j = w->q.head;
    while (j) {
        job *nx = j->qnext;
        nxw_job_free(j);
        j = nx;
    }
    j = w->q.done_head;
    while (j) {
        job *nx = j->qnext;
        nxw_job_free(j);
        j = nx;
    }
    w->q.head = w->q.tail = w->q.done_head = w->q.done_tail = NULL;
}

static rd_kafka_resp_err_t subscribe(wk *w)
{
    char **topics = NULL;
    size_t n = nxw_split_list(nxw_cfg_str(w->cfg, "input.topics"), &topics);
    if (n == 0)
        return RD_KAFKA_RESP_ERR__INVALID_ARG;
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new((int)n);
    for (size_t i = 0; i < n; i++)
        rd_kafka_topic_partition_list_add(l, topics[i], RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t err = rd_kafka_subscribe(w->cons, l);
    rd_kafka_topic_partition_list_destroy(l);
    nxw_strv_free(topics, n);
    return err;
}

int nxw_run(const nxw_config *cfg, const nx_core_t *core, const nxw_run_opts *ro, nxw_stats *stats)
{
    wk *w = calloc(1, sizeof *w);
    if (!w) {
        NXW_ERROR("out of memory");
        return NXW_EXIT_FATAL;
    }
    w->cfg = cfg;
    w->core = core;
    w->out_topic = nxw_cfg_str(cfg, "output.topic");
    w->dl_topic = nxw_cfg_str(cfg, "deadletter.topic");
    w->max_inflight = (size_t)nxw_cfg_int(cfg, "inflight.max");
    w->max_bytes = (size_t)nxw_cfg_int(cfg, "inflight.max.bytes");
    w->backoff_ms = nxw_cfg_int(cfg, "retry.backoff.ms");
    w->backoff_max_ms = nxw_cfg_int(cfg, "retry.backoff.max.ms");
    w->revoke_timeout_ms = nxw_cfg_int(cfg, "revoke.timeout.ms");
    w->pause_after_ms = nxw_cfg_int(cfg, "backpressure.pause.ms");
    w->stop_after = ro ? ro->stop_after : 0;
    w->ro = ro;
    w->t_start = nxw_now_ms();
    w->eos = strcmp(nxw_cfg_str(cfg, "processing.guarantee"), "exactly_once") == 0;
    w->eos_max_articles = nxw_cfg_int(cfg, "eos.commit.articles");
    w->eos_interval_ms = nxw_cfg_int(cfg, "eos.commit.interval.ms");
    int64_t shutdown_ms = nxw_cfg_int(cfg, "shutdown.timeout.ms");
    int64_t metrics_ms = nxw_cfg_int(cfg, "metrics.interval.ms");
    pthread_mutex_init(&w->q.mu, NULL);
    pthread_cond_init(&w->q.cv, NULL);
    pthread_cond_init(&w->q.exit_cv, NULL);
#ifdef NEWSX_TEST_HOOKS
    w->slow_key = getenv("NEWSX_TEST_SLOW_KEY");
    w->slow_ms =
        w->slow_key && getenv("NEWSX_TEST_SLOW_MS") ? atoll(getenv("NEWSX_TEST_SLOW_MS")) : 0;
    if (w->slow_ms <= 0)
        w->slow_key = NULL;
#endif

    char errstr[512];
    rd_kafka_conf_t *cc = NULL, *pc = NULL;
    if (nxw_kafka_confs(cfg, &cc, &pc, errstr, sizeof errstr) != NX_OK) {
        NXW_ERROR("configuration: %s", errstr);
        free(w);
        return NXW_EXIT_CONFIG;
    }
    w->txn_budget_ms = nxw_txn_budget_ms(cfg, cc);
    rd_kafka_conf_set_opaque(cc, w);
    rd_kafka_conf_set_opaque(pc, w);
    rd_kafka_conf_set_rebalance_cb(cc, rebalance_cb);
    rd_kafka_conf_set_error_cb(cc, error_cb);
    rd_kafka_conf_set_error_cb(pc, error_cb);
    rd_kafka_conf_set_log_cb(cc, log_cb);
    rd_kafka_conf_set_log_cb(pc, log_cb);
    rd_kafka_conf_set_dr_msg_cb(pc, dr_cb);
    rd_kafka_conf_set_stats_cb(cc, stats_cb);
    rd_kafka_conf_set_stats_cb(pc, stats_cb);
    nxm_init(atoll(nxw_cfg_str(cfg, "kafka.statistics.interval.ms")) > 0);

    int rc = NXW_EXIT_OK;
    w->prod = rd_kafka_new(RD_KAFKA_PRODUCER, pc, errstr, sizeof errstr);
    if (!w->prod) {
        NXW_ERROR("producer: %s", errstr);
        rd_kafka_conf_destroy(pc);
        rd_kafka_conf_destroy(cc);
        free(w);
        return NXW_EXIT_CONFIG;
    }
    w->cons = rd_kafka_new(RD_KAFKA_CONSUMER, cc, errstr, sizeof errstr);
    if (!w->cons) {
        NXW_ERROR("consumer: %s", errstr);
        rd_kafka_conf_destroy(cc);
        rd_kafka_destroy(w->prod);
        free(w);
        return NXW_EXIT_CONFIG;
    }
    rd_kafka_poll_set_consumer(w->cons);

    long long nthreads = nxw_cfg_int(cfg, "threads");
    if (nthreads <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        nthreads = n > 0 ? n : 1;
    }
    w->threads = calloc((size_t)nthreads, sizeof *w->threads);
    for (long long i = 0; w->threads && i < nthreads; i++) {
        if (pthread_create(&w->threads[w->nthreads], NULL, nxw_extract_thread, w) != 0)
            break;
        w->nthreads++;
    }
    if (w->nthreads == 0) {
        NXW_ERROR("cannot start extraction threads");
        rd_kafka_destroy(w->cons);
        rd_kafka_destroy(w->prod);
        free(w->threads);
        free(w);
        return NXW_EXIT_FATAL;
    }

    if (w->eos) {
        rd_kafka_error_t *te = rd_kafka_init_transactions(w->prod, 60000);
        if (te) {
            nxw_set_fatal(w, "init transactions", te);
            rd_kafka_error_destroy(te);
            NXW_ERROR("fatal Kafka error: %s", w->fatal_msg);
            nxw_stop_threads(w, -1);
            rd_kafka_destroy(w->cons);
            rd_kafka_destroy(w->prod);
            free(w);
            return NXW_EXIT_FATAL;
        }
    }
    rd_kafka_resp_err_t serr = RD_KAFKA_RESP_ERR_NO_ERROR;
    if (ro && ro->bounds) {
        /* a bounded run is assigned its partitions: it does not join the group */
        rd_kafka_topic_partition_list_t *l =
            rd_kafka_topic_partition_list_new(ro->n_bounds ? (int)ro->n_bounds : 1);
        for (size_t i = 0; i < ro->n_bounds; i++) {
            nxw_part_get(w, ro->bounds[i].topic, ro->bounds[i].partition);
            ro->bounds[i].done_ms = -1;
            if (ro->bounds[i].start < ro->bounds[i].end)
                rd_kafka_topic_partition_list_add(l, ro->bounds[i].topic, ro->bounds[i].partition)
                    ->offset = ro->bounds[i].start;
        }
        serr = rd_kafka_assign(w->cons, l);
        rd_kafka_topic_partition_list_destroy(l);
    } else {
        serr = subscribe(w);
    }
    if (serr) {
        NXW_ERROR("subscribe to '%s': %s", nxw_cfg_str(cfg, "input.topics"),
                  rd_kafka_err2str(serr));
        rc = NXW_EXIT_CONFIG;
        w->fatal = 1;
        snprintf(w->fatal_msg, sizeof w->fatal_msg, "subscribe failed");
    } else {
        const char *proto = nxw_group_protocol(cfg);
        NXW_INFO("started: group=%s input=%s output=%s deadletter=%s threads=%d "
                 "inflight.max=%zu group.protocol=%s strategy=%s guarantee=%s librdkafka=%s",
                 nxw_cfg_str(cfg, "group.id"), nxw_cfg_str(cfg, "input.topics"), w->out_topic,
                 w->dl_topic, w->nthreads, w->max_inflight, proto,
                 strcmp(proto, "consumer") == 0
                     ? "broker"
                     : nxw_cfg_str(cfg, "kafka.consumer.partition.assignment.strategy"),
                 nxw_cfg_str(cfg, "processing.guarantee"), rd_kafka_version_str());
    }

    int64_t next_metrics = nxw_now_ms() + metrics_ms;
    int64_t run_until = ro && ro->max_run_ms > 0 ? nxw_now_ms() + ro->max_run_ms : 0;
    int64_t next_tick = 0;
    bounds_check(w);
    while (!w->fatal && !w->stopping && !nxw_stop_requested) {
        if (run_until && nxw_now_ms() >= run_until) {
            NXW_WARN("run time limit of %lld ms reached", (long long)ro->max_run_ms);
            break;
        }
        if (ro && ro->tick && nxw_now_ms() >= next_tick) {
            ro->tick(ro->tick_ud, ro->bounds, ro->n_bounds, 0);
            next_tick = nxw_now_ms() + 100;
        }
        if (ro && ro->rate > 0 &&
            (double)w->st.consumed >=
                ro->rate * (double)(nxw_now_ms() - w->t_start) / 1000.0 + 1.0) {
            /* --rate: take no more articles for now */
            service(w, 5);
            continue;
        }
        if (update_flow(w)) {
            /* soft backpressure: wait for deliveries, not for messages */
            service(w, nxw_done_pending(w) ? 0 : 2);
            continue;
        }
        int timeout = nxw_done_pending(w) ? 0 : (w->inflight ? 2 : 100);
        /* Poll at least once per round even at a cap: while paused this
         * returns no messages but serves rebalances and errors. */
        for (int k = 0; k < 500 && (k == 0 || (!over_cap(w) && !w->stopping)); k++) {
            rd_kafka_message_t *m = rd_kafka_consumer_poll(w->cons, k == 0 ? timeout : 0);
            if (!m)
                break;
            on_message(w, m);
        }
        service(w, 0);
        if (metrics_ms > 0 && nxw_now_ms() >= next_metrics) {
            log_metrics(w, "metrics");
            next_metrics = nxw_now_ms() + metrics_ms;
        }
    }

    int64_t t0 = nxw_now_ms();
    int64_t deadline = t0 + shutdown_ms;
    if (w->fatal && rc == NXW_EXIT_OK) {
        NXW_ERROR("fatal Kafka error: %s", w->fatal_msg);
        rc = NXW_EXIT_FATAL;
    }
    if (!w->fatal) {
        NXW_INFO("stopping: finishing %zu in-flight article(s)", w->inflight);
        uint64_t aborts_at_stop = w->st.txn_aborts;
        w->stopping = 1;
        pause_all(w);
        /* keep a quarter of the bound (at most 5 s) for leaving the group */
        int64_t reserve = shutdown_ms / 4 < 5000 ? shutdown_ms / 4 : 5000;
        while (w->inflight > 0 && !w->fatal && nxw_now_ms() < deadline - reserve) {
            rd_kafka_message_t *m = rd_kafka_consumer_poll(w->cons, 0);
            if (m)
                on_message(w, m);
            service(w, 5);
        }
        int64_t left = deadline - reserve - nxw_now_ms();
        rd_kafka_flush(w->prod, (int)(left > 0 ? left : 0));
        service(w, 0);
        if (w->eos && !w->fatal && (w->txn_open || w->txn_abort)) {
            /* within what is left of the bound (at least 1 s) */
            int64_t budget = deadline - reserve - nxw_now_ms();
            budget = budget < 1000 ? 1000 : budget;
            int cr = -1;
            if ((w->txn_committing || (w->inflight == 0 && !w->txn_abort)) &&
                (cr = nxw_eos_commit(w, budget)) == 0)
                NXW_INFO("final transaction committed");
            else if (cr == 1)
                NXW_WARN("shutdown: the final transaction commit did not finish in time; the "
                         "broker settles it");
            else if (!w->fatal)
                nxw_abort_and_rewind(w, budget);
            if (w->txn_committing || w->txn_abort)
                rc = NXW_EXIT_UNFINISHED;
        }
        if (w->eos && w->st.txn_aborts != aborts_at_stop) {
            NXW_WARN("shutdown: a transaction was aborted while stopping; its articles will be "
                     "processed again");
            rc = NXW_EXIT_UNFINISHED;
        }
        if (ro && ro->bounds && !w->eos && !w->fatal) {
            /* an assigned consumer has no revoke on close: commit here */
            rd_kafka_resp_err_t ce = rd_kafka_commit(w->cons, NULL, 0);
            if (ce && ce != RD_KAFKA_RESP_ERR__NO_OFFSET)
                NXW_WARN("final commit: %s", rd_kafka_err2str(ce));
        }
        if (w->inflight > 0) {
            NXW_WARN("shutdown: %zu article(s) still in flight; their offsets are not committed "
                     "and they will be processed again",
                     w->inflight);
            rc = NXW_EXIT_UNFINISHED;
        }
        if (w->fatal) {
            NXW_ERROR("fatal Kafka error: %s", w->fatal_msg);
            rc = NXW_EXIT_FATAL;
        }
        /* The final commit happens in the revoke callback that the consumer
         * close runs, inside the bounded close below. */
    }
    w->closing = 1;
    int64_t left = deadline - nxw_now_ms();
    if (left < 1000)
        left = 1000;
    if (w->fatal && left > 5000)
        left = 5000; /* after a fatal error the close is a courtesy */
    int closed = bounded_close(w, left) == 0;
    if (!closed)
        NXW_WARN("consumer close did not finish in %lld ms; leaving without it", (long long)left);
    /* an article still being extracted is not waited for past the bound:
     * its offset was never stored, so it is processed again after a restart */
    left = deadline - nxw_now_ms();
    int joined = nxw_stop_threads(w, left < 200 ? 200 : left) == 0;
    if (!joined) {
        NXW_WARN("shutdown: the extraction of an article did not end within shutdown.timeout.ms; "
                 "exiting without it (its offset is not committed)");
        if (rc == NXW_EXIT_OK)
            rc = NXW_EXIT_UNFINISHED;
    }
    log_metrics(w, "metrics final");
    if (ro && ro->tick)
        ro->tick(ro->tick_ud, ro->bounds, ro->n_bounds, 1);
    if (stats)
        *stats = w->st;
    if (!closed || !joined) {
        /* An abandoned close thread (its callbacks use w and the replay's
         * bounds) or extraction thread (w, its job, the core) may still run:
         * nothing they use may be freed, so the process ends here. */
        fflush(stdout);
        _exit(rc);
    }
    free_all(w);
    pthread_mutex_destroy(&w->q.mu);
    pthread_cond_destroy(&w->q.cv);
    pthread_cond_destroy(&w->q.exit_cv);
    free(w);
    return rc;
}
