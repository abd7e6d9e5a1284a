/*
 * wpool.c - the extraction threads and their queues (see wpool.h).
 */
#include "wpool.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "metrics.h"
#include "wlog.h"

/* ---- extraction threads ---- */

static void extract_job(const nx_core_t *core, job *j)
{
    nx_buf out, idb;
    nx_buf_init(&idb, 0);
    nx_input_meta meta = {.key = j->has_key ? j->key : NULL,
                          .key_len = j->has_key ? j->key_len : 0,
                          .timestamp_ms = j->timestamp};
    nx_err e = NX_OK;
    for (int attempt = 0; attempt < 3; attempt++) {
        nx_buf_init(&out, 0);
        j->errmsg[0] = '\0';
        nx_stage_times times;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        nx_buf_reset(&idb);
        e = nx_extract_id(core, j->val, j->val_len, &meta, &out, &idb, &times, j->errmsg,
                          sizeof j->errmsg);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        nxm_extracted(
            (uint64_t)((t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec)), &times);
        if (e == NX_OK || !nx_err_is_retriable(e))
            break;
        nx_buf_free(&out);
        usleep(100000u << attempt);
    }
    if (e != NX_OK) {
        nx_buf_free(&out);
        nx_buf_free(&idb);
        j->err = e;
        j->dead = 1;
        if (!j->errmsg[0])
            snprintf(j->errmsg, sizeof j->errmsg, "%s", nx_strerror(e));
        return;
    }
    j->record = nx_buf_steal(&out, &j->record_len);
    nx_buf_free(&out);
    /* the record id (nx_extract_id: no second parse of the record) is the output key */
    const char *id = idb.data && idb.len && !memchr(idb.data, '\0', idb.len) ? idb.data : NULL;
    if (id) {
        j->id_len = idb.len;
        j->id = malloc(j->id_len + 1);
        if (j->id)
            memcpy(j->id, id, j->id_len + 1);
        else
            j->id_len = 0;
    } else if (j->has_key) {
        j->id = malloc(j->key_len + 1);
        if (j->id) {
            memcpy(j->id, j->key, j->key_len);
            j->id[j->key_len] = '\0';
            j->id_len = j->key_len;
        }
    }
    nx_buf_free(&idb);
}

#ifdef NEWSX_TEST_HOOKS
/* True when key is one of the comma-separated list. */
static int key_listed(const char *list, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = list; *p;) {
        const char *c = strchr(p, ',');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        if (n == kl && memcmp(p, key, n) == 0)
            return 1;
        if (!c)
            break;
        p = c + 1;
    }
    return 0;
}
#endif

void *nxw_extract_thread(void *arg)
{
    wk *w = arg;
    workq *q = &w->q;
    for (;;) {
        pthread_mutex_lock(&q->mu);
        while (!q->head && !q->quit)
            pthread_cond_wait(&q->cv, &q->mu);
        if (!q->head) {
            pthread_mutex_unlock(&q->mu);
            break;
        }
        job *j = q->head;
        q->head = j->qnext;
        if (!q->head)
            q->tail = NULL;
        pthread_mutex_unlock(&q->mu);

        j->qnext = NULL;
#ifdef NEWSX_TEST_HOOKS
        if (w->slow_key && j->has_key && key_listed(w->slow_key, j->key)) {
            NXW_INFO("test hook: the extraction of key %s takes %lld ms more", j->key,
                     (long long)w->slow_ms);
            /* like a slow core: nothing interrupts it */
            int64_t until = nxw_now_ms() + w->slow_ms;
            while (nxw_now_ms() < until)
                usleep(10000);
        }
#endif
        extract_job(w->core, j);

        pthread_mutex_lock(&q->mu);
        if (q->done_tail)
            q->done_tail->qnext = j;
        else
            q->done_head = j;
        q->done_tail = j;
        pthread_mutex_unlock(&q->mu);
    }
    pthread_mutex_lock(&q->mu);
    q->exited++;
    pthread_cond_signal(&q->exit_cv);
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

void nxw_enqueue(wk *w, job *j)
{
    pthread_mutex_lock(&w->q.mu);
    j->qnext = NULL;
    if (w->q.tail)
        w->q.tail->qnext = j;
    else
        w->q.head = j;
    w->q.tail = j;
    pthread_cond_signal(&w->q.cv);
    pthread_mutex_unlock(&w->q.mu);
}

int nxw_done_pending(wk *w)
{
    pthread_mutex_lock(&w->q.mu);
    int r = w->q.done_head != NULL;
    pthread_mutex_unlock(&w->q.mu);
    return r;
}

void nxw_drain_done(wk *w)
{
    pthread_mutex_lock(&w->q.mu);
    job *j = w->q.done_head;
    w->q.done_head = w->q.done_tail = NULL;
    pthread_mutex_unlock(&w->q.mu);
    while (j) {
        job *nx = j->qnext;
        j->qnext = NULL;
        if (j->orphan) {
            nxw_job_free(j);
        } else {
            j->state = J_READY;
            j->bytes += j->record_len;
            w->inflight_bytes += j->record_len;
        }
        j = nx;
    }
}

/* Stop the extraction threads, waiting at most timeout_ms (< 0: as long as
 * it takes) for the ones still extracting an article. The core cannot be
 * interrupted, so a thread still busy then is left running: returns -1 and
 * the caller must end the process without freeing what the thread uses (w,
 * its job, the core). Returns 0 when every thread was joined. */
int nxw_stop_threads(wk *w, int64_t timeout_ms)
{
    struct timespec until = nxw_deadline_in(timeout_ms > 0 ? timeout_ms : 0);
    pthread_mutex_lock(&w->q.mu);
    w->q.quit = 1;
    pthread_cond_broadcast(&w->q.cv);
    while (w->q.exited < w->nthreads) {
        if (timeout_ms < 0)
            pthread_cond_wait(&w->q.exit_cv, &w->q.mu);
        else if (pthread_cond_timedwait(&w->q.exit_cv, &w->q.mu, &until) == ETIMEDOUT)
            break;
    }
    int all = w->q.exited >= w->nthreads;
    pthread_mutex_unlock(&w->q.mu);
    if (!all)
        return -1;
    for (int i = 0; i < w->nthreads; i++)
        pthread_join(w->threads[i], NULL);
    free(w->threads);
    w->threads = NULL;
    w->nthreads = 0;
    return 0;
}
