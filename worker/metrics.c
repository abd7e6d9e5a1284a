/*
 * metrics.c - the worker's metrics registry and health verdicts (see
 * metrics.h). One mutex guards everything; every update is a few stores.
 */
#include "metrics.h"
#include "nx_core.h"
#include "nx_doc.h"
#include "worker.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <librdkafka/rdkafka.h>

#define NXM_NCOUNTERS   3
#define NXM_MAX_STAGES  NX_STAGE_MAX
#define NXM_STAGE_NAME  48
#define NXM_TOPIC_NAME  250
#define NXM_STATE_NAME  32
#define NXM_MAX_LAG_ROW 8192

/* Upper bounds (seconds) of the extraction time histogram. */
static const double nxm_buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                     0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};
#define NXM_NBUCKETS (sizeof nxm_buckets / sizeof nxm_buckets[0])

typedef struct lag_row {
    char topic[NXM_TOPIC_NAME];
    int32_t partition;
    int64_t lag;
} lag_row;

typedef struct registry {
    uint64_t counters[NXM_NCOUNTERS];
    uint64_t deadletters[NX_ERR__COUNT];
    nxm_snapshot snap;
    int64_t heartbeat_ms; /* monotonic time of the last publish (or of init) */
    int assigned;
    /* extraction time */
    uint64_t hist[NXM_NBUCKETS];
    uint64_t hist_count;
    double hist_sum;
    size_t n_stages;
    char stage_name[NXM_MAX_STAGES][NXM_STAGE_NAME];
    double stage_sum[NXM_MAX_STAGES];
    /* from librdkafka statistics */
    int stats_enabled;
    lag_row *lag;
    size_t n_lag;
    char cgrp_state[NXM_STATE_NAME];
    int producer_up;   /* the last producer statistics showed a broker UP */
    int producer_down; /* an error callback said the producer lost its brokers */
    int consumer_down;
} registry;

static pthread_mutex_t nxm_mu = PTHREAD_MUTEX_INITIALIZER;
static registry R;

void nxm_init(int stats_enabled)
{
    pthread_mutex_lock(&nxm_mu);
    free(R.lag);
    memset(&R, 0, sizeof R);
    R.stats_enabled = stats_enabled;
    R.heartbeat_ms = nxw_now_ms();
    pthread_mutex_unlock(&nxm_mu);
}

void nxm_add(nxm_counter c, uint64_t n)
{
    if ((unsigned)c >= NXM_NCOUNTERS)
        return;
    pthread_mutex_lock(&nxm_mu);
    R.counters[c] += n;
    pthread_mutex_unlock(&nxm_mu);
}

void nxm_deadletter(nx_err code, uint64_t n)
{
    if ((unsigned)code >= NX_ERR__COUNT)
        code = NX_ERR_INTERNAL;
    pthread_mutex_lock(&nxm_mu);
    R.deadletters[code] += n;
    pthread_mutex_unlock(&nxm_mu);
}

void nxm_extracted(uint64_t total_ns, const nx_stage_times *times)
{
    double s = (double)total_ns / 1e9;
    pthread_mutex_lock(&nxm_mu);
    for (size_t i = 0; i < NXM_NBUCKETS; i++)
        if (s <= nxm_buckets[i])
            R.hist[i]++;
    R.hist_count++;
    R.hist_sum += s;
    for (size_t i = 0; times && i < times->n && i < NX_STAGE_MAX; i++) {
        const char *name = times->name[i] ? times->name[i] : "unnamed";
        size_t k = 0;
        while (k < R.n_stages && strcmp(R.stage_name[k], name) != 0)
            k++;
        if (k == R.n_stages) {
            if (R.n_stages == NXM_MAX_STAGES)
                continue;
            snprintf(R.stage_name[k], sizeof R.stage_name[k], "%s", name);
            R.n_stages++;
        }
        R.stage_sum[k] += (double)times->ns[i] / 1e9;
    }
    pthread_mutex_unlock(&nxm_mu);
}

void nxm_publish(const nxm_snapshot *s)
{
    int64_t now = nxw_now_ms();
    pthread_mutex_lock(&nxm_mu);
    R.snap = *s;
    R.heartbeat_ms = now;
    pthread_mutex_unlock(&nxm_mu);
}

void nxm_assigned(int n)
{
    pthread_mutex_lock(&nxm_mu);
    R.assigned = n;
    pthread_mutex_unlock(&nxm_mu);
}

static int broker_up(json_t *brokers)
{
    const char *name;
    json_t *b;
    json_object_foreach(brokers, name, b)
    {
        const char *st = json_string_value(json_object_get(b, "state"));
        if (st && strcmp(st, "UP") == 0)
            return 1;
    }
    return 0;
}

/* The lag rows of a consumer statistics document; NULL when none. */
static lag_row *parse_lag(json_t *root, size_t *n_out)
{
    *n_out = 0;
    size_t n = 0, cap = 0;
    lag_row *rows = NULL;
    const char *tname;
    json_t *t;
    json_object_foreach(json_object_get(root, "topics"), tname, t)
    {
        const char *pname;
        json_t *p;
        json_object_foreach(json_object_get(t, "partitions"), pname, p)
        {
            json_int_t part = json_integer_value(json_object_get(p, "partition"));
            json_t *lagv = json_object_get(p, "consumer_lag");
            const char *fs = json_string_value(json_object_get(p, "fetch_state"));
            int desired = json_is_true(json_object_get(p, "desired"));
            if (part < 0 || !json_is_integer(lagv) || json_integer_value(lagv) < 0)
                continue;
            if (!desired && (!fs || strcmp(fs, "none") == 0 || strcmp(fs, "stopped") == 0))
                continue;
            if (n >= NXM_MAX_LAG_ROW || nx_grow((void **)&rows, &cap, n + 1, sizeof *rows) != NX_OK)
                break;
            snprintf(rows[n].topic, sizeof rows[n].topic, "%s", tname);
            rows[n].partition = (int32_t)part;
            rows[n].lag = (int64_t)json_integer_value(lagv);
            n++;
        }
    }
    *n_out = n;
    return rows;
}

void nxm_kafka_stats(const char *json, size_t len, int is_consumer)
{
    json_error_t jerr;
    json_t *root = json_loadb(json, len, 0, &jerr);
    if (!root)
        return;
    int up = broker_up(json_object_get(root, "brokers"));
    if (is_consumer) {
        size_t n;
        lag_row *rows = parse_lag(root, &n);
        const char *st = json_string_value(json_object_get(json_object_get(root, "cgrp"), "state"));
        pthread_mutex_lock(&nxm_mu);
        free(R.lag);
        R.lag = rows;
        R.n_lag = n;
        snprintf(R.cgrp_state, sizeof R.cgrp_state, "%s", st ? st : "");
        if (up)
            R.consumer_down = 0;
        pthread_mutex_unlock(&nxm_mu);
    } else {
        pthread_mutex_lock(&nxm_mu);
        R.producer_up = up;
        if (up)
            R.producer_down = 0;
        pthread_mutex_unlock(&nxm_mu);
    }
    json_decref(root);
}

void nxm_kafka_down(int is_consumer)
{
    pthread_mutex_lock(&nxm_mu);
    if (is_consumer) {
        R.consumer_down = 1;
    } else {
        R.producer_down = 1;
        R.producer_up = 0;
    }
    pthread_mutex_unlock(&nxm_mu);
}

/* Resident set size of this process in bytes (-1 when unknown). */
static int64_t rss_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f)
        return -1;
    long long size = 0, resident = -1;
    int n = fscanf(f, "%lld %lld", &size, &resident);
    fclose(f);
    if (n != 2 || resident < 0)
        return -1;
    long page = sysconf(_SC_PAGESIZE);
    return (int64_t)resident * (page > 0 ? page : 4096);
}

static void head(nx_buf *b, const char *name, const char *type, const char *help)
{
    nx_buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void metric_u(nx_buf *b, const char *name, const char *type, const char *help, uint64_t v)
{
    head(b, name, type, help);
    nx_buf_printf(b, "%s %" PRIu64 "\n", name, v);
}

/* A label value with \ " and newline escaped. */
static void label_value(nx_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\' || *s == '"')
            nx_buf_putc(b, '\\');
        if (*s == '\n') {
            nx_buf_puts(b, "\\n");
            continue;
        }
        nx_buf_putc(b, *s);
    }
}

void nxm_render(nx_buf *b)
{
    int64_t rss = rss_bytes();
    pthread_mutex_lock(&nxm_mu);
    const nxm_snapshot *s = &R.snap;
    head(b, "newsx_build_info", "gauge",
         "Always 1; the labels name the worker's version and the librdkafka in use.");
    nx_buf_printf(b, "newsx_build_info{version=\"%s\",librdkafka=\"", NX_EXTRACTOR_VERSION);
    label_value(b, rd_kafka_version_str());
    nx_buf_puts(b, "\"} 1\n");
    metric_u(b, "newsx_articles_consumed_total", "counter",
             "Input articles taken from Kafka into work.", s->st.consumed);
    metric_u(b, "newsx_records_produced_total", "counter",
             "Enriched records acknowledged by the broker on the output topic.", s->st.records);
    head(b, "newsx_dead_letters_total", "counter",
         "Dead letters acknowledged by the broker, by error code.");
    for (int c = 1; c < NX_ERR__COUNT; c++)
        nx_buf_printf(b, "newsx_dead_letters_total{code=\"%s\"} %" PRIu64 "\n",
                      nx_err_name((nx_err)c), R.deadletters[c]);
    metric_u(b, "newsx_bytes_in_total", "counter",
             "Key and value bytes of the input messages consumed.", R.counters[NXM_BYTES_IN]);
    metric_u(b, "newsx_bytes_out_total", "counter",
             "Key and value bytes of the records and dead letters acknowledged.",
             R.counters[NXM_BYTES_OUT]);
    head(b, "newsx_extraction_seconds", "histogram",
         "Wall time of one article's extraction by the core.");
    for (size_t i = 0; i < NXM_NBUCKETS; i++)
        nx_buf_printf(b, "newsx_extraction_seconds_bucket{le=\"%g\"} %" PRIu64 "\n", nxm_buckets[i],
                      R.hist[i]);
    nx_buf_printf(b, "newsx_extraction_seconds_bucket{le=\"+Inf\"} %" PRIu64 "\n", R.hist_count);
    nx_buf_printf(b, "newsx_extraction_seconds_sum %.9f\n", R.hist_sum);
    nx_buf_printf(b, "newsx_extraction_seconds_count %" PRIu64 "\n", R.hist_count);
    head(b, "newsx_stage_seconds_total", "counter",
         "Wall time spent in each extraction stage, summed over articles.");
    for (size_t i = 0; i < R.n_stages; i++) {
        nx_buf_puts(b, "newsx_stage_seconds_total{stage=\"");
        label_value(b, R.stage_name[i]);
        nx_buf_printf(b, "\"} %.9f\n", R.stage_sum[i]);
    }
    metric_u(b, "newsx_inflight_articles", "gauge",
             "Articles taken but not yet acknowledged (extracting, queued or producing).",
             s->inflight);
    metric_u(b, "newsx_inflight_bytes", "gauge", "Bytes of the in-flight articles and records.",
             s->inflight_bytes);
    head(b, "newsx_consumer_lag", "gauge",
         "Messages behind the partition's end, per assigned partition (librdkafka statistics).");
    for (size_t i = 0; i < R.n_lag; i++) {
        nx_buf_puts(b, "newsx_consumer_lag{topic=\"");
        label_value(b, R.lag[i].topic);
        nx_buf_printf(b, "\",partition=\"%" PRId32 "\"} %" PRId64 "\n", R.lag[i].partition,
                      R.lag[i].lag);
    }
    metric_u(b, "newsx_rebalances_total", "counter",
             "Consumer group rebalance events (assignments and revocations).", s->st.rebalances);
    metric_u(b, "newsx_assigned_partitions", "gauge", "Input partitions assigned to this worker.",
             (uint64_t)(R.assigned > 0 ? R.assigned : 0));
    metric_u(b, "newsx_producer_queue_messages", "gauge",
             "Messages and requests waiting in the producer's queue.",
             (uint64_t)(s->producer_queue > 0 ? s->producer_queue : 0));
    metric_u(b, "newsx_transaction_commits_total", "counter", "Producer transactions committed.",
             s->st.txn_commits);
    metric_u(b, "newsx_transaction_aborts_total", "counter", "Producer transactions aborted.",
             s->st.txn_aborts);
    metric_u(b, "newsx_produce_retries_total", "counter",
             "Produce attempts repeated after a failed or refused delivery.", s->st.retries);
    metric_u(b, "newsx_duplicates_skipped_total", "counter",
             "Re-delivered input offsets below the partition's watermark, skipped.",
             s->st.duplicates);
    metric_u(b, "newsx_pauses_total", "counter", "Times fetching was paused for backpressure.",
             s->st.pauses);
    metric_u(b, "newsx_paused", "gauge", "1 while fetching is paused for backpressure.",
             (uint64_t)(s->paused != 0));
    metric_u(b, "newsx_kafka_auth_failures_total", "counter",
             "Kafka authentication failures (SASL, TLS certificates) reported by librdkafka.",
             R.counters[NXM_AUTH_FAILURES]);
    metric_u(b, "newsx_process_resident_memory_bytes", "gauge",
             "Resident memory of the worker process.", (uint64_t)(rss > 0 ? rss : 0));
    pthread_mutex_unlock(&nxm_mu);
}

static int alive_locked(int64_t stall_ms, int64_t now, char *why, size_t why_size)
{
    int64_t age = now - R.heartbeat_ms;
    if (age > stall_ms) {
        snprintf(why, why_size, "worker loop stalled for %" PRId64 " ms", age);
        return 0;
    }
    snprintf(why, why_size, "worker loop alive");
    return 1;
}

int nxm_alive(int64_t stall_ms, char *why, size_t why_size)
{
    int64_t now = nxw_now_ms();
    pthread_mutex_lock(&nxm_mu);
    int ok = alive_locked(stall_ms, now, why, why_size);
    pthread_mutex_unlock(&nxm_mu);
    return ok;
}

int nxm_ready(int64_t stall_ms, char *why, size_t why_size)
{
    int64_t now = nxw_now_ms();
    int ok = 0;
    pthread_mutex_lock(&nxm_mu);
    if (!alive_locked(stall_ms, now, why, why_size)) {
        /* why says it */
    } else if (R.snap.stopping) {
        snprintf(why, why_size, "stopping");
    } else if (R.producer_down || (R.stats_enabled && !R.producer_up)) {
        snprintf(why, why_size, "producer not connected to any broker");
    } else if (R.assigned > 0) {
        snprintf(why, why_size, "%d partition(s) assigned", R.assigned);
        ok = 1;
    } else if (R.consumer_down) {
        snprintf(why, why_size, "consumer not connected to any broker");
    } else if (R.stats_enabled && strcmp(R.cgrp_state, "up") != 0) {
        snprintf(why, why_size, "consumer group not joined (state '%s')",
                 R.cgrp_state[0] ? R.cgrp_state : "unknown");
    } else {
        snprintf(why, why_size, "group member, waiting for an assignment");
        ok = 1;
    }
    pthread_mutex_unlock(&nxm_mu);
    return ok;
}
