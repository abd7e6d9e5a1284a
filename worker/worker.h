/*
 * worker.h - the Kafka worker loop: consume raw articles, extract them on a
 * pool of threads, produce one record (or one dead letter) per article in
 * per-partition input order, and store an input offset only once everything
 * up to it has been acknowledged by the broker (at-least-once delivery).
 */
#ifndef NXW_WORKER_H
#define NXW_WORKER_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include <librdkafka/rdkafka.h>

#include "metrics.h"
#include "nx_core.h"
#include "wconfig.h"

/* Exit codes of the worker. */
#define NXW_EXIT_OK         0
#define NXW_EXIT_UNFINISHED 1   /* shutdown timed out with work in flight (it will be redone) */
#define NXW_EXIT_CONFIG     2   /* bad configuration, including a property librdkafka rejects */
#define NXW_EXIT_FATAL      3   /* a fatal Kafka error or a failure to start */
#define NXW_EXIT_SIGNAL     130 /* a second SIGTERM/SIGINT: immediate exit */

/* Set to non-zero (by a signal handler) to begin a graceful shutdown. */
extern volatile sig_atomic_t nxw_stop_requested;

/* One partition of a bounded run (a replay): offsets [start, end) are
 * processed. topic is borrowed from the caller; the counters are written by
 * nxw_run on its main thread. */
typedef struct nxw_bound {
    const char *topic;
    int32_t partition;
    int64_t start, end;
    uint64_t processed;   /* records + dead letters acknowledged (exactly_once: committed) */
    uint64_t deadletters; /* of which dead letters */
    int64_t done_ms;      /* ms after the start when the partition reached end; -1 not yet */
} nxw_bound;

typedef struct nxw_run_opts {
    /* Stop gracefully once this many articles (records + dead letters) are
     * acknowledged; 0 runs until nxw_stop_requested or a fatal error. */
    uint64_t stop_after;
    /* Also stop gracefully after this long (ms); 0: no limit. */
    int64_t max_run_ms;
    /* Bounded run (replay): when bounds is set the consumer does not join the
     * group but is assigned exactly these partitions from their start
     * offsets, and the run stops once every one reached its end. The array is
     * borrowed; its counters are updated. */
    nxw_bound *bounds;
    size_t n_bounds;
    /* When set, every record and dead letter carries it as header
     * newsx-replay-id (borrowed). */
    const char *replay_id;
    /* Articles per second at most; 0: no limit. */
    double rate;
    /* Called on the main thread about every 100 ms and once at the end
     * (final = 1) with the bounds, e.g. to draw progress. */
    void (*tick)(void *ud, const nxw_bound *bounds, size_t n, int final);
    void *tick_ud;
} nxw_run_opts;

/* Milliseconds of the monotonic clock. */
int64_t nxw_now_ms(void);

/* Build the two librdkafka configurations from cfg (the managed settings
 * included). On failure returns NX_ERR_CONFIG naming the offending key and
 * leaves *cons and *prod NULL. The caller owns the results (rd_kafka_new()
 * takes them, rd_kafka_conf_destroy() frees them). */
nx_err nxw_kafka_confs(const nxw_config *cfg, rd_kafka_conf_t **cons, rd_kafka_conf_t **prod,
                       char *errstr, size_t errstr_size);

/* Run the worker until it is asked to stop. core and cfg are borrowed. The
 * statistics are written to *stats when given. Returns an NXW_EXIT_ code. */
int nxw_run(const nxw_config *cfg, const nx_core_t *core, const nxw_run_opts *ro, nxw_stats *stats);

/* Embedded demo (embedded.c): an in-memory broker, the samples produced to it,
 * the normal worker path over them, the records printed to stdout.
 * pretty: 1 indent, 0 one line per record, -1 decide by isatty(stdout). */
int nxw_embedded(nxw_config *cfg, const nx_core_t *core, const char *samples_dir, int pretty);

/* The replay subcommand (replay.c): argv holds the arguments after "replay"
 * (--from, --until, --dry-run, --output-topic, --rate, --replay-id, --group,
 * --progress-interval). cfg may be changed (group.id, output.topic; source
 * NXW_SRC_MODE); core and cfg stay the caller's. Returns an exit code:
 * NXW_EXIT_OK when every partition reached its bound, NXW_EXIT_CONFIG for bad
 * arguments, NXW_EXIT_REFUSED when the group has active members. */
#define NXW_EXIT_REFUSED 4
int nxw_replay(nxw_config *cfg, const nx_core_t *core, int argc, char **argv);

#endif
