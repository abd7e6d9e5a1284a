/*
 * metrics.h - the worker's operational state for the HTTP endpoint
 * (http.c): Prometheus counters and gauges, the extraction time histogram,
 * consumer lag from librdkafka statistics, and the liveness and readiness
 * verdicts of /healthz and /readyz.
 *
 * One process-wide registry. Every function is thread-safe: the worker loop,
 * the extraction threads, librdkafka's callbacks and the HTTP thread call
 * them at once. No configuration value is ever stored or rendered here.
 */
#ifndef NXW_METRICS_H
#define NXW_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "nx_buf.h"
#include "nx_core.h"
#include "nx_err.h"

/* Counters fed directly by the code that sees the event (the others come
 * from nxm_publish's snapshot). */
typedef enum nxm_counter {
    NXM_BYTES_IN,     /* key + value bytes of consumed input messages */
    NXM_BYTES_OUT,    /* key + value bytes of acknowledged records and dead letters */
    NXM_AUTH_FAILURES /* Kafka authentication failures reported by librdkafka */
} nxm_counter;

/* The worker loop's counters (nxw_run() returns them too). */
typedef struct nxw_stats {
    uint64_t consumed;    /* input messages taken into work */
    uint64_t records;     /* records acknowledged on the output topic */
    uint64_t deadletters; /* dead letters acknowledged */
    uint64_t duplicates;  /* re-delivered input offsets skipped */
    uint64_t retries;     /* produce attempts repeated after a failure */
    uint64_t rebalances;  /* assignment changes */
    uint64_t pauses;      /* times fetching was paused for backpressure */
    uint64_t txn_commits; /* exactly_once: transactions committed */
    uint64_t txn_aborts;  /* exactly_once: transactions aborted (and rewound) */
} nxw_stats;

/* The worker loop's snapshot, published on every turn of the loop. */
typedef struct nxm_snapshot {
    nxw_stats st;
    size_t inflight, inflight_bytes;
    int paused;
    int stopping;
    int producer_queue; /* rd_kafka_outq_len() of the producer */
} nxm_snapshot;

/* Reset the registry (tests) and say whether librdkafka statistics are
 * enabled (statistics.interval.ms > 0): without them readiness cannot see
 * the consumer group state or the producer's brokers and relies on the error
 * callbacks alone. */
void nxm_init(int stats_enabled);

/* Add n to a counter. */
void nxm_add(nxm_counter c, uint64_t n);

/* n acknowledged dead letters with this error code. */
void nxm_deadletter(nx_err code, uint64_t n);

/* One extraction took total_ns; times (may be NULL) has the per-stage split.
 * Called from the extraction threads; times is borrowed. */
void nxm_extracted(uint64_t total_ns, const nx_stage_times *times);

/* Publish the loop's snapshot; also the liveness heartbeat of /healthz. s is
 * borrowed (copied). */
void nxm_publish(const nxm_snapshot *s);

/* The consumer's current assignment size (after each rebalance). */
void nxm_assigned(int n);

/* librdkafka statistics JSON (the stats callback's buffer, borrowed) of the
 * consumer (is_consumer 1) or the producer (0): consumer lag per partition,
 * group state, producer broker states. Malformed JSON is ignored. */
void nxm_kafka_stats(const char *json, size_t len, int is_consumer);

/* A client error from librdkafka's error callback (all brokers down,
 * authentication failure): makes /readyz fail until the statistics show a
 * broker up again. */
void nxm_kafka_down(int is_consumer);

/* Render every metric in the Prometheus text exposition format (0.0.4),
 * appended to out (the caller owns out). */
void nxm_render(nx_buf *out);

/* /healthz: 1 when the loop published within stall_ms (or has not started
 * yet within grace_ms of nxm_init), else 0. why receives a short reason. */
int nxm_alive(int64_t stall_ms, char *why, size_t why_size);

/* /readyz: 1 when alive, not stopping, the producer is connected and the
 * consumer has partitions or is a steady group member waiting for some.
 * why receives the reason either way. */
int nxm_ready(int64_t stall_ms, char *why, size_t why_size);

#endif
