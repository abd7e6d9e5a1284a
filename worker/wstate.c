/*
 * wstate.c - the worker loop's jobs and partitions, its clock and the small
 * helpers shared by the loop and the transactions (see wstate.h).
 */
#include "wstate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nx_alloc.h"

int64_t nxw_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Absolute CLOCK_REALTIME time timeout_ms from now, for timed waits. */
struct timespec nxw_deadline_in(int64_t timeout_ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    int64_t ns = (int64_t)until.tv_nsec + (timeout_ms % 1000) * 1000000;
    until.tv_sec += (time_t)(timeout_ms / 1000 + ns / 1000000000);
    until.tv_nsec = (long)(ns % 1000000000);
    return until;
}

/* ---- jobs and partitions ---- */

void nxw_job_free(job *j)
{
    if (!j)
        return;
    free(j->key);
    free(j->val);
    nx_free(j->record);
    free(j->id);
    free(j);
}

part *nxw_part_find(wk *w, const char *topic, int32_t partition)
{
    for (part *p = w->parts; p; p = p->next)
        if (p->partition == partition && strcmp(p->topic, topic) == 0)
            return p;
    return NULL;
}

part *nxw_part_get(wk *w, const char *topic, int32_t partition)
{
    part *p = nxw_part_find(w, topic, partition);
    if (p)
        return p;
    p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->topic = strdup(topic);
    if (!p->topic) {
        free(p);
        return NULL;
    }
    p->partition = partition;
    p->next_offset = -1;
    p->stored = -1;
    p->store_pending = -1;
    p->committed = -1;
    p->txn_pos = -1;
    if (w->ro)
        for (size_t i = 0; i < w->ro->n_bounds; i++)
            if (w->ro->bounds[i].partition == partition &&
                strcmp(w->ro->bounds[i].topic, topic) == 0)
                p->bound = &w->ro->bounds[i];
    p->next = w->parts;
    w->parts = p;
    return p;
}

/* Drop a partition's unfinished jobs: they become orphans, freed when the
 * extraction thread or the delivery report hands them back. */
void nxw_part_clear(wk *w, part *p)
{
    job *j = p->head;
    while (j) {
        job *nx = j->next;
        w->inflight--;
        w->inflight_bytes -= j->bytes;
        j->next = NULL;
        j->part = NULL;
        j->orphan = 1;
        if (j->state != J_EXTRACTING && j->state != J_PRODUCING)
            nxw_job_free(j);
        j = nx;
    }
    p->head = p->tail = p->cursor = NULL;
    p->n_jobs = 0;
    p->n_retry = 0;
}

/* Forget a partition (its jobs as in nxw_part_clear). */
void nxw_part_drop(wk *w, part *p)
{
    nxw_part_clear(w, p);
    for (part **pp = &w->parts; *pp; pp = &(*pp)->next) {
        if (*pp == p) {
            *pp = p->next;
            break;
        }
    }
    free(p->topic);
    free(p);
}

void nxw_set_fatal(wk *w, const char *what, const rd_kafka_error_t *e)
{
    if (!w->fatal) {
        snprintf(w->fatal_msg, sizeof w->fatal_msg, "%s: %s (%s)", what, rd_kafka_error_name(e),
                 rd_kafka_error_string(e));
        w->fatal = 1;
    }
}

/* The loop's state for the HTTP endpoint (metrics.h); also its heartbeat. */
void nxw_publish_metrics(const wk *w)
{
    nxm_snapshot s = {.st = w->st,
                      .inflight = w->inflight,
                      .inflight_bytes = w->inflight_bytes,
                      .paused = w->paused,
                      .stopping = w->stopping,
                      .producer_queue = rd_kafka_outq_len(w->prod)};
    nxm_publish(&s);
}
