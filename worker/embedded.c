/*
 * embedded.c - newsx-worker --embedded: a self-contained demo on librdkafka's
 * in-memory mock cluster. Nothing leaves the process.
 */
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "nx_doc.h"
#include "wlog.h"
#include "worker.h"

#define EMB_MAX_FILE (8u * 1024u * 1024u)

typedef struct sample {
    char *name;
    char *data;
    size_t len;
} sample;

static int cmp_names(const void *a, const void *b)
{
    return strcmp(((const sample *)a)->name, ((const sample *)b)->name);
}

static int read_file(const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 8192, n = 0;
    char *b = malloc(cap);
    while (b) {
        if (n == cap) {
            if (cap >= EMB_MAX_FILE) {
                free(b);
                b = NULL;
                break;
            }
            char *nb = realloc(b, cap * 2);
            if (!nb) {
                free(b);
                b = NULL;
                break;
            }
            b = nb;
            cap *= 2;
        }
        size_t r = fread(b + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    if (!b)
        return -1;
    *data = b;
    *len = n;
    return 0;
}

static size_t load_samples(const char *dir, sample **out)
{
    *out = NULL;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0, cap = 0;
    sample *v = NULL;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (nx_grow((void **)&v, &cap, n + 1, sizeof *v) != NX_OK)
            break;
        if (read_file(path, &v[n].data, &v[n].len) != 0) {
            NXW_WARN("embedded: cannot read %s", path);
            continue;
        }
        v[n].name = strdup(de->d_name);
        n++;
    }
    closedir(d);
    if (n)
        qsort(v, n, sizeof *v, cmp_names);
    *out = v;
    return n;
}

static void free_samples(sample *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].data);
    }
    free(v);
}

static void print_record(const rd_kafka_message_t *m, int pretty)
{
    json_error_t jerr;
    json_t *doc = pretty ? json_loadb(m->payload, m->len, 0, &jerr) : NULL;
    if (doc) {
        json_dumpf(doc, stdout, JSON_PRESERVE_ORDER | JSON_INDENT(2) | JSON_REAL_PRECISION(15));
        fputc('\n', stdout);
        json_decref(doc);
    } else {
        /* records are one line of JSON already */
        printf("%.*s\n", (int)m->len, (const char *)m->payload);
    }
}

static const char *header(const rd_kafka_message_t *m, const char *name, char *buf, size_t size)
{
    rd_kafka_headers_t *h = NULL;
    const void *v;
    size_t vl;
    buf[0] = '\0';
    if (rd_kafka_message_headers(m, &h) == RD_KAFKA_RESP_ERR_NO_ERROR &&
        rd_kafka_header_get_last(h, name, &v, &vl) == RD_KAFKA_RESP_ERR_NO_ERROR && v)
        snprintf(buf, size, "%.*s", (int)vl, (const char *)v);
    return buf;
}

/* Read want messages of topic (one partition, 0) from the start and show them. */
static size_t read_topic(const char *bootstraps, const char *topic, size_t want, int is_dl,
                         int pretty)
{
    if (want == 0)
        return 0;
    char errstr[512];
    rd_kafka_conf_t *c = rd_kafka_conf_new();
    rd_kafka_conf_set(c, "bootstrap.servers", bootstraps, errstr, sizeof errstr);
    rd_kafka_conf_set(c, "group.id", "newsx-embedded-reader", errstr, sizeof errstr);
    rd_kafka_conf_set(c, "enable.auto.commit", "false", errstr, sizeof errstr);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, c, errstr, sizeof errstr);
    if (!rk) {
        rd_kafka_conf_destroy(c);
        NXW_ERROR("embedded: reader: %s", errstr);
        return 0;
    }
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(l, topic, 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_assign(rk, l);
    rd_kafka_topic_partition_list_destroy(l);
    size_t got = 0;
    int idle = 0;
    while (got < want && idle < 50) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
        if (!m) {
            idle++;
            continue;
        }
        if (!m->err) {
            got++;
            if (is_dl) {
                char code[64], msg[300], off[32];
                header(m, "newsx-error-code", code, sizeof code);
                header(m, "newsx-error", msg, sizeof msg);
                header(m, "newsx-source-offset", off, sizeof off);
                fprintf(stderr, "newsx-worker: dead letter: key=%.*s offset=%s code=%s: %s\n",
                        (int)m->key_len, m->key ? (const char *)m->key : "", off, code, msg);
            } else {
                print_record(m, pretty);
            }
        }
        rd_kafka_message_destroy(m);
    }
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return got;
}

static void set_mode(nxw_config *cfg, const char *key, const char *value)
{
    char errstr[256];
    if (nxw_config_set(cfg, key, value, NXW_SRC_MODE, "--embedded", errstr, sizeof errstr) != NX_OK)
        NXW_WARN("embedded: %s", errstr);
}

int nxw_embedded(nxw_config *cfg, const nx_core_t *core, const char *samples_dir, int pretty)
{
    if (pretty < 0)
        pretty = isatty(STDOUT_FILENO);
    sample *samples = NULL;
    size_t n = load_samples(samples_dir, &samples);
    if (n == 0) {
        fprintf(stderr, "newsx-worker: --embedded: no sample files in %s\n", samples_dir);
        free_samples(samples, n);
        return NXW_EXIT_CONFIG;
    }

    char errstr[512];
    rd_kafka_conf_t *c = rd_kafka_conf_new();
    if (rd_kafka_conf_set(c, "test.mock.num.brokers", "1", errstr, sizeof errstr) !=
        RD_KAFKA_CONF_OK) {
        fprintf(stderr, "newsx-worker: --embedded: %s\n", errstr);
        rd_kafka_conf_destroy(c);
        free_samples(samples, n);
        return NXW_EXIT_FATAL;
    }
    rd_kafka_conf_set(c, "log_level", "3", errstr, sizeof errstr);
    rd_kafka_t *mk = rd_kafka_new(RD_KAFKA_PRODUCER, c, errstr, sizeof errstr);
    if (!mk) {
        fprintf(stderr, "newsx-worker: --embedded: %s\n", errstr);
        rd_kafka_conf_destroy(c);
        free_samples(samples, n);
        return NXW_EXIT_FATAL;
    }
    rd_kafka_mock_cluster_t *mc = rd_kafka_handle_mock_cluster(mk);
    const char *bootstraps = rd_kafka_mock_cluster_bootstraps(mc);
    const char *in_topic = "newsx.embedded.raw";
    const char *out = nxw_cfg_str(cfg, "output.topic");
    const char *dl = nxw_cfg_str(cfg, "deadletter.topic");
    rd_kafka_mock_topic_create(mc, in_topic, 2, 1);
    rd_kafka_mock_topic_create(mc, out, 1, 1);
    rd_kafka_mock_topic_create(mc, dl, 1, 1);

    fprintf(stderr,
            "newsx-worker: EMBEDDED MODE: an in-memory Kafka broker (librdkafka mock cluster) "
            "is running inside this process at %s.\n"
            "newsx-worker: nothing is sent to a real broker and everything is gone at exit.\n"
            "newsx-worker: producing %zu sample article(s) from %s to '%s'\n",
            bootstraps, n, samples_dir, in_topic);

    for (size_t i = 0; i < n; i++) {
        rd_kafka_resp_err_t err =
            rd_kafka_producev(mk, RD_KAFKA_V_TOPIC(in_topic),
                              RD_KAFKA_V_KEY(samples[i].name, strlen(samples[i].name)),
                              RD_KAFKA_V_VALUE(samples[i].data, samples[i].len),
                              RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
        if (err)
            NXW_ERROR("embedded: produce %s: %s", samples[i].name, rd_kafka_err2str(err));
    }
    rd_kafka_flush(mk, 5000);

    set_mode(cfg, "kafka.bootstrap.servers", bootstraps);
    set_mode(cfg, "input.topics", in_topic);
    set_mode(cfg, "group.id", "newsx-embedded");
    set_mode(cfg, "kafka.consumer.auto.offset.reset", "earliest");
    set_mode(cfg, "kafka.consumer.session.timeout.ms", "3000");
    set_mode(cfg, "kafka.consumer.heartbeat.interval.ms", "300");
    set_mode(cfg, "kafka.producer.linger.ms", "0");
    set_mode(cfg, "metrics.interval.ms", "0");
    if (nxw_log_level() == NXW_LOG_INFO)
        nxw_log_set_level("warn");

    nxw_run_opts ro = {.stop_after = n, .max_run_ms = 60000};
    nxw_stats st;
    memset(&st, 0, sizeof st);
    int rc = nxw_run(cfg, core, &ro, &st);

    size_t shown = read_topic(bootstraps, out, (size_t)st.records, 0, pretty);
    size_t dls = read_topic(bootstraps, dl, (size_t)st.deadletters, 1, pretty);
    fflush(stdout);
    fprintf(stderr,
            "newsx-worker: embedded run done: %zu article(s) in, %" PRIu64 " record(s), %" PRIu64
            " dead letter(s); read back %zu record(s) and %zu dead letter(s)\n",
            n, st.records, st.deadletters, shown, dls);
    rd_kafka_destroy(mk);
    free_samples(samples, n);
    if (rc != NXW_EXIT_OK)
        return rc;
    if (st.records + st.deadletters != n || shown != st.records || dls != st.deadletters) {
        fprintf(stderr, "newsx-worker: embedded run incomplete: not every article was "
                        "accounted for\n");
        return NXW_EXIT_UNFINISHED;
    }
    return NXW_EXIT_OK;
}
