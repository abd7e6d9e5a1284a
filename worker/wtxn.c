/*
 * wtxn.c - exactly_once transactions and their bounded retries (see wtxn.h).
 */
#include "wtxn.h"

#include <string.h>

#include "metrics.h"
#include "wlog.h"

/* exactly_once: commit and abort are called in attempts of at most this many
 * ms, with delivery reports served and the health state refreshed in between,
 * until the loop turn's budget (wk.txn_budget_ms) is spent */
#define NXW_TXN_ATTEMPT_MS 5000

/* exactly_once: make sure a transaction is open before producing. Returns 1
 * when producing may go on. */
int nxw_txn_ready(wk *w)
{
    if (!w->eos || w->txn_open)
        return !w->txn_abort && !w->txn_committing;
    if (w->txn_abort || w->fatal || nxw_now_ms() < w->txn_resume_at)
        return 0;
    rd_kafka_error_t *e = rd_kafka_begin_transaction(w->prod);
    if (e) {
        if (rd_kafka_error_is_fatal(e))
            nxw_set_fatal(w, "begin transaction", e);
        else
            NXW_WARN("begin transaction: %s", rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
        w->txn_resume_at = nxw_now_ms() + w->backoff_ms;
        return 0;
    }
    w->txn_open = 1;
    w->txn_started = nxw_now_ms();
    w->txn_count = 0;
    return 1;
}

/* ---- exactly_once ---- */

/* What to do about an error of a transactional call: 0 retry it, 1 abort the
 * transaction, 2 fatal (w->fatal set). Destroys e. */
static int txn_error(wk *w, rd_kafka_error_t *e, const char *what)
{
    int r;
    if (rd_kafka_error_is_fatal(e)) {
        nxw_set_fatal(w, what, e);
        r = 2;
    } else if (rd_kafka_error_txn_requires_abort(e)) {
        NXW_WARN("%s: %s; aborting the transaction", what, rd_kafka_error_string(e));
        r = 1;
    } else if (rd_kafka_error_is_retriable(e)) {
        NXW_INFO("%s: %s; retrying", what, rd_kafka_error_string(e));
        r = 0;
    } else {
        NXW_WARN("%s: %s; aborting the transaction", what, rd_kafka_error_string(e));
        r = 1;
    }
    rd_kafka_error_destroy(e);
    return r;
}

static void txn_counts_clear(wk *w)
{
    w->txn_bytes_out = 0;
    memset(w->txn_dead_codes, 0, sizeof w->txn_dead_codes);
}

/* Timeout of the next transactional call: what is left until end, at most
 * cap; 0 when nothing is left. */
static int txn_call_ms(int64_t end, int64_t cap)
{
    int64_t left = end - nxw_now_ms();
    return (int)(left <= 0 ? 0 : left < cap ? left : cap);
}

/* Abort the open transaction and rewind every partition to its committed
 * offset: the jobs in flight are dropped and their articles fetched again.
 * Spends at most budget_ms; when the abort is not done by then it stays
 * pending (w->txn_abort) and the next loop turn calls it again. */
void nxw_abort_and_rewind(wk *w, int64_t budget_ms)
{
    int64_t end = nxw_now_ms() + budget_ms;
    if (w->txn_open) {
        /* Short attempts with the delivery reports served in between. Kept
         * with librdkafka >= 2.12: a retriable abort error (coordinator
         * moved or loading, a timeout) must be retried by the application
         * with the same call, and a short attempt lets the loop serve
         * delivery reports meanwhile. (librdkafka 2.0.2 also held a refused
         * message's sibling in a sequence-number retry that only a new abort
         * call purged.) */
        for (;;) {
            int ms = txn_call_ms(end, NXW_TXN_ATTEMPT_MS);
            rd_kafka_error_t *e = rd_kafka_abort_transaction(w->prod, ms > 0 ? ms : 1);
            if (!e)
                break;
            if (rd_kafka_error_is_retriable(e) && !rd_kafka_error_is_fatal(e)) {
                NXW_INFO("abort transaction: %s; retrying", rd_kafka_error_string(e));
                rd_kafka_error_destroy(e);
                nxw_publish_metrics(w);
                rd_kafka_poll(w->prod, 100);
                if (nxw_now_ms() < end)
                    continue;
                w->txn_abort = 1; /* again on the next turn */
                return;
            }
            nxw_set_fatal(w, "abort transaction", e);
            rd_kafka_error_destroy(e);
            return;
        }
        w->st.txn_aborts++;
    }
    w->txn_open = 0;
    w->txn_abort = 0;
    w->txn_count = 0;
    txn_counts_clear(w);
    w->txn_resume_at = nxw_now_ms() + w->backoff_ms;
    rd_kafka_topic_partition_list_t *seek = rd_kafka_topic_partition_list_new(8);
    for (part *p = w->parts; p; p = p->next) {
        nxw_part_clear(w, p);
        p->txn_pos = -1;
        p->txn_recs = p->txn_dead = 0;
        if (p->committed >= 0) {
            p->next_offset = p->committed;
            rd_kafka_topic_partition_list_add(seek, p->topic, p->partition)->offset = p->committed;
        }
    }
    /* the aborted messages' delivery reports now find orphans */
    rd_kafka_poll(w->prod, 0);
    if (seek->cnt) {
        /* within the budget; with none left the seek is asynchronous */
        rd_kafka_error_t *e = rd_kafka_seek_partitions(w->cons, seek, txn_call_ms(end, 10000));
        if (e) {
            NXW_WARN("seek after abort: %s", rd_kafka_error_string(e));
            rd_kafka_error_destroy(e);
        }
    }
    NXW_WARN("transaction aborted; %d partition(s) rewound to their committed offsets", seek->cnt);
    rd_kafka_topic_partition_list_destroy(seek);
}

/* Commit the open transaction with the consumed offsets (everything produced
 * in it is flushed first), spending at most budget_ms. On failure the
 * transaction is aborted and the partitions rewound, or w->fatal is set.
 * Returns 0 when committed, 1 when the commit is still going on (budget
 * spent: w->txn_committing, the next call goes on with it; nothing is
 * produced meanwhile), -1 otherwise. */
int nxw_eos_commit(wk *w, int64_t budget_ms)
{
    if (!w->txn_open)
        return 0;
    if (w->fatal)
        return -1;
    if (w->txn_abort && !w->txn_committing) {
        nxw_abort_and_rewind(w, budget_ms);
        return -1;
    }
    int64_t end = nxw_now_ms() + budget_ms;
    int r = 0;
    if (!w->txn_committing) {
        rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(8);
        for (part *p = w->parts; p; p = p->next)
            if (p->txn_pos >= 0)
                rd_kafka_topic_partition_list_add(l, p->topic, p->partition)->offset = p->txn_pos;
        if (l->cnt) {
            rd_kafka_consumer_group_metadata_t *md = rd_kafka_consumer_group_metadata(w->cons);
            for (;;) {
                int ms = txn_call_ms(end, 30000);
                rd_kafka_error_t *e =
                    rd_kafka_send_offsets_to_transaction(w->prod, l, md, ms > 0 ? ms : 1);
                if (!e)
                    break;
                r = txn_error(w, e, "send offsets to transaction");
                if (r == 0 && nxw_now_ms() >= end)
                    r = 1; /* not sent within the budget: abort, redo */
                if (r != 0)
                    break;
                nxw_publish_metrics(w);
            }
            rd_kafka_consumer_group_metadata_destroy(md);
        }
        rd_kafka_topic_partition_list_destroy(l);
    }
    /* short attempts with delivery reports served in between, as in
     * nxw_abort_and_rewind(); a commit that times out goes on in the background
     * and is called again (librdkafka cannot abort it) */
    while (r == 0) {
        int ms = txn_call_ms(end, NXW_TXN_ATTEMPT_MS);
        rd_kafka_error_t *e = rd_kafka_commit_transaction(w->prod, ms > 0 ? ms : 1);
        if (!e)
            break;
        r = txn_error(w, e, "commit transaction");
        if (r == 0) {
            nxw_publish_metrics(w);
            rd_kafka_poll(w->prod, 100);
            if (nxw_now_ms() >= end) {
                w->txn_committing = 1;
                return 1;
            }
        }
    }
    w->txn_committing = 0;
    if (r == 0)
        w->txn_abort = 0; /* committed: a failed delivery would have failed the commit */
    if (r == 1) {
        w->txn_abort = 1;
        nxw_abort_and_rewind(w, budget_ms);
        return -1;
    }
    if (r == 2)
        return -1;
    for (part *p = w->parts; p; p = p->next) {
        if (p->txn_pos >= 0)
            p->committed = p->txn_pos;
        w->st.records += p->txn_recs - p->txn_dead;
        w->st.deadletters += p->txn_dead;
        if (p->bound) {
            p->bound->processed += p->txn_recs;
            p->bound->deadletters += p->txn_dead;
        }
        p->txn_pos = -1;
        p->txn_recs = p->txn_dead = 0;
    }
    nxm_add(NXM_BYTES_OUT, w->txn_bytes_out);
    for (unsigned c = 0; c < NX_ERR__COUNT; c++)
        if (w->txn_dead_codes[c])
            nxm_deadletter((nx_err)c, w->txn_dead_codes[c]);
    txn_counts_clear(w);
    NXW_DEBUG("transaction committed: %zu article(s)", w->txn_count);
    w->txn_open = 0;
    w->txn_count = 0;
    w->st.txn_commits++;
    return 0;
}

static int extracting(const wk *w)
{
    for (const part *p = w->parts; p; p = p->next)
        for (const job *j = p->cursor; j; j = j->next)
            if (j->state == J_EXTRACTING || j->state == J_READY)
                return 1;
    return 0;
}

/* Commit when the transaction is big or old enough, or when stopping and
 * everything taken has been produced; abort after an abortable error. */
void nxw_eos_service(wk *w)
{
    if (!w->eos || w->fatal)
        return;
    if (w->txn_committing) {
        /* librdkafka cannot abort a commit in progress: it goes on */
        nxw_eos_commit(w, w->txn_budget_ms);
        return;
    }
    if (w->txn_abort) {
        nxw_abort_and_rewind(w, w->txn_budget_ms);
        return;
    }
    if (!w->txn_open)
        return;
    int due = (int64_t)w->txn_count >= w->eos_max_articles ||
              nxw_now_ms() - w->txn_started >= w->eos_interval_ms;
    if (!due && w->stopping && !extracting(w))
        due = 1;
    if (due)
        nxw_eos_commit(w, w->txn_budget_ms);
}
