/*
 * wstate.h - the worker loop's state, shared by worker.c (the loop), wpool.c
 * (the extraction threads) and wtxn.c (exactly_once transactions): the jobs,
 * the partitions that keep them in input order, the work queues, the loop's
 * own struct, and the helpers on them (wstate.c). Internal to the worker.
 */
#ifndef NXW_WSTATE_H
#define NXW_WSTATE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <librdkafka/rdkafka.h>

#include "metrics.h"
#include "nx_core.h"
#include "wconfig.h"
#include "worker.h"

enum job_state {
    J_EXTRACTING, /* in the work queue or being extracted */
    J_READY,      /* extracted (or rejected), waiting for its turn to be produced */
    J_PRODUCING,  /* handed to the producer, waiting for the delivery report */
    J_RETRY,      /* delivery failed; produced again at retry_at */
    J_ACKED       /* delivery acknowledged */
};

struct part;

#define NXW_TOO_LARGE_MEMORY 16

typedef struct job {
    struct job *next;  /* partition list, input order */
    struct job *qnext; /* work queue or done queue */
    struct part *part; /* NULL once orphaned */
    int orphan;        /* the partition was given up; free when it comes back */
    int state;
    int64_t offset;
    int64_t timestamp;
    char *key; /* copies of the message's key and value */
    size_t key_len;
    int has_key;
    char *val;
    size_t val_len;
    int has_val;
    /* result, written by the extraction thread */
    nx_err err;
    int dead; /* goes to the dead-letter topic */
    char errmsg[256];
    char *record; /* nx_free */
    size_t record_len;
    char *id;
    size_t id_len;
    /* retries */
    int attempts;
    int64_t retry_at;
    int redo;    /* produce again after an earlier failed job of its partition (order) */
    int counted; /* its delivery was counted once already */
    size_t bytes;
} job;

typedef struct part {
    struct part *next;
    char *topic;
    int32_t partition;
    job *head, *tail; /* uncommitted jobs in input order */
    job *cursor;      /* first job not yet handed to the producer */
    size_t n_jobs;
    size_t n_retry;
    int64_t next_offset; /* next input offset expected; -1 unknown */
    int64_t stored;      /* last stored offset; -1 none */
    int64_t store_pending;
    int revoking;
    /* exactly_once */
    int64_t committed; /* first offset not covered by a committed transaction; -1 unknown */
    int64_t txn_pos;   /* offset after the last job produced in the open transaction; -1 */
    uint64_t txn_recs, txn_dead; /* acknowledged in the open transaction */
    /* offsets whose record the broker refused as too large in an aborted
     * transaction: after the rewind they go to the dead-letter topic */
    int64_t too_large[NXW_TOO_LARGE_MEMORY];
    unsigned n_too_large;
    /* bounded run (replay) */
    nxw_bound *bound;
    int bound_paused;
} part;

typedef struct workq {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    job *head, *tail;
    job *done_head, *done_tail;
    int quit;
    int exited;             /* extraction threads that have returned */
    pthread_cond_t exit_cv; /* signalled when one returns */
} workq;

typedef struct wk {
    const nxw_config *cfg;
    const nx_core_t *core;
    rd_kafka_t *cons, *prod;
    part *parts;
    workq q;
    pthread_t *threads;
    int nthreads;
    size_t inflight, inflight_bytes;
    size_t max_inflight, max_bytes;
    int paused;
    int prod_full;
    int stopping;
    int closing;
    const char *out_topic, *dl_topic;
    int64_t backoff_ms, backoff_max_ms, revoke_timeout_ms;
    uint64_t stop_after;
    uint64_t acked;
    nxw_stats st;
    int fatal;
    char fatal_msg[1024];
    int unknown_topic_warned;
    int64_t stall_since;    /* when the loop last hit the cap; 0 when not at it */
    int64_t pause_after_ms; /* backpressure.pause.ms */
    /* exactly_once */
    int eos;
    int64_t eos_max_articles, eos_interval_ms;
    int txn_open;
    int64_t txn_started;
    size_t txn_count;                       /* jobs produced in the open transaction */
    int txn_abort;                          /* an abortable error: abort and rewind */
    int txn_committing;                     /* a commit timed out: call it again */
    int64_t txn_budget_ms;                  /* one commit or abort call sequence, at most */
    int64_t txn_resume_at;                  /* after an abort, no new transaction before this */
    uint64_t txn_bytes_out;                 /* acknowledged in the open transaction */
    uint32_t txn_dead_codes[NX_ERR__COUNT]; /* its dead letters by code */
    /* bounded run */
    const nxw_run_opts *ro;
    int64_t t_start;
#ifdef NEWSX_TEST_HOOKS
    /* tests only (NEWSX_TEST_SLOW_KEY, NEWSX_TEST_SLOW_MS): the extraction
     * of the articles with these keys (a comma list) takes this much longer */
    const char *slow_key;
    int64_t slow_ms;
#endif
} wk;

/* Absolute CLOCK_REALTIME time timeout_ms from now, for timed waits. */
struct timespec nxw_deadline_in(int64_t timeout_ms);

/* Jobs and partitions (wstate.c). */
void nxw_job_free(job *j);
part *nxw_part_find(wk *w, const char *topic, int32_t partition);
part *nxw_part_get(wk *w, const char *topic, int32_t partition);
void nxw_part_clear(wk *w, part *p);
void nxw_part_drop(wk *w, part *p);

/* Record the first fatal error (w->fatal, w->fatal_msg). e is borrowed. */
void nxw_set_fatal(wk *w, const char *what, const rd_kafka_error_t *e);

/* The loop's state for the HTTP endpoint (metrics.h); also its heartbeat. */
void nxw_publish_metrics(const wk *w);

#endif
