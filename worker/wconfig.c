/*
 * wconfig.c - the worker's configuration table and its sources (see wconfig.h).
 */
#include "wconfig.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nx_props.h"

#define MIB (1024LL * 1024LL)

static const nxw_key nxw_table[] = {
    {"input.topics", NXW_LIST, "newsx.articles.raw", 0, 0, NULL,
     "topics to consume: a comma list, or one regex starting with ^"},
    {"output.topic", NXW_STR, "newsx.articles.enriched", 0, 0, NULL,
     "topic the enriched records are written to"},
    {"deadletter.topic", NXW_STR, "newsx.articles.deadletter", 0, 0, NULL,
     "topic rejected articles are written to, bytes unchanged, with error headers"},
    {"group.id", NXW_STR, "newsx-worker", 0, 0, NULL,
     "consumer group; workers sharing it split the partitions"},
    {"processing.guarantee", NXW_ENUM, "at_least_once", 0, 0, "at_least_once|exactly_once",
     "at_least_once, or exactly_once: records, dead letters and input offsets in transactions"},
    {"instance.id", NXW_STR, "", 0, 0, NULL,
     "exactly_once: this worker's stable name (transactional.id newsx-<group.id>-<instance.id>); "
     "empty = host name"},
    {"eos.commit.articles", NXW_INT, "1000", 1, 10000000, NULL,
     "exactly_once: commit the open transaction after this many articles"},
    {"eos.commit.interval.ms", NXW_INT, "1000", 1, 3600000, NULL,
     "exactly_once: commit the open transaction at least this often"},
    {"core.max.input.bytes", NXW_INT, "4194304", 1, 1024 * MIB, NULL,
     "larger articles are dead-lettered as input_too_large"},
    {"core.max.record.bytes", NXW_INT, "16777216", 1, 1024 * MIB, NULL,
     "larger records are dead-lettered as record_too_large"},
    {"core.max.steps.per.byte", NXW_INT, "64", 1, 1000000, NULL,
     "work budget of an article per input byte (steps the core counts); articles that need more "
     "are dead-lettered as too_complex"},
    {"core.min.steps", NXW_INT, "1000000", 1, 1000000000, NULL,
     "work budget floor of an article, in steps (for small articles)"},
    {"core.strict.utf8", NXW_BOOL, "false", 0, 0, NULL,
     "true: invalid UTF-8 is dead-lettered as bad_utf8; false: it is repaired"},
    {"core.emit.sentences", NXW_BOOL, "true", 0, 0, NULL, "true: records carry the sentence list"},
    {"core.format", NXW_ENUM, "auto", 0, 0, "auto|text|json|html",
     "input format; auto detects it per article"},
    {"core.field.map", NXW_LIST, "", 0, 0, NULL,
     "extra envelope fields as from:to pairs, e.g. headline:title,body_html:html"},
    {"core.languages", NXW_LIST, "", 0, 0, NULL,
     "languages whose entity models load at start-up, e.g. en,de,fr (ISO 639-1); empty = every "
     "model shipped under config/models (en de fr nl pt); other languages' entities are "
     "\"skipped: language\""},
    {"threads", NXW_INT, "0", 0, 1024, NULL, "extraction threads; 0 = number of online cores"},
    {"inflight.max", NXW_INT, "1000", 1, 10000000, NULL,
     "articles consumed but not yet acknowledged; at the cap fetching pauses"},
    {"inflight.max.bytes", NXW_INT, "268435456", 1024, 64LL * 1024 * MIB, NULL,
     "bytes of those articles (input plus record); at the cap fetching pauses"},
    {"backpressure.pause.ms", NXW_INT, "1000", 0, 3600000, NULL,
     "at either cap (or with the producer queue full) this long, the partitions are paused; "
     "below half of max.poll.interval.ms (the consumer is not polled meanwhile)"},
    {"shutdown.timeout.ms", NXW_INT, "30000", 100, 3600000, NULL,
     "on SIGTERM/SIGINT: time to finish in-flight work, commit and leave the group; the "
     "process exits within it plus at most about 2 s, even with an article still being "
     "extracted"},
    {"revoke.timeout.ms", NXW_INT, "10000", 0, 3600000, NULL,
     "on a rebalance: time to finish revoked partitions' in-flight work before giving them up; "
     "below half of max.poll.interval.ms"},
    {"retry.backoff.ms", NXW_INT, "200", 1, 3600000, NULL,
     "first wait before re-producing a record the broker did not acknowledge"},
    {"retry.backoff.max.ms", NXW_INT, "10000", 1, 3600000, NULL,
     "longest wait between such retries (the wait doubles up to this)"},
    {"log.level", NXW_ENUM, "info", 0, 0, "error|warn|info|debug", "stderr log verbosity"},
    {"log.format", NXW_ENUM, "json", 0, 0, "json|logfmt|text",
     "stderr log line format: json (one object a line), logfmt, or text for people"},
    {"metrics.interval.ms", NXW_INT, "60000", 0, 86400000, NULL,
     "log a metrics line this often at level info; 0 = never"},
    {"http.enabled", NXW_BOOL, "true", 0, 0, NULL,
     "serve /metrics (Prometheus), /healthz and /readyz over HTTP"},
    {"http.address", NXW_STR, "127.0.0.1", 0, 0, NULL,
     "IPv4 or IPv6 address the HTTP endpoint listens on (0.0.0.0 in a container)"},
    {"http.port", NXW_INT, "9464", 0, 65535, NULL,
     "TCP port of the HTTP endpoint; 0 = any free port (logged at startup)"},
    {"health.stall.ms", NXW_INT, "60000", 1000, 3600000, NULL,
     "/healthz fails when the worker loop has not turned for this long; exactly_once: a "
     "commit or abort takes at most 40% of the smaller of this and max.poll.interval.ms"},
    {"kafka.bootstrap.servers", NXW_STR, "localhost:9092", 0, 0, NULL,
     "Kafka brokers, host:port comma list (librdkafka bootstrap.servers)"},
    {"kafka.statistics.interval.ms", NXW_STR, "5000", 0, 0, NULL,
     "librdkafka statistics period (consumer lag and readiness on the HTTP endpoint); 0 = off"},
    {"kafka.consumer.partition.assignment.strategy", NXW_STR, "cooperative-sticky", 0, 0, NULL,
     "cooperative-sticky, range or roundrobin"},
    {"kafka.consumer.auto.offset.reset", NXW_STR, "earliest", 0, 0, NULL,
     "where a group with no committed offset starts: earliest or latest"},
    {"kafka.consumer.session.timeout.ms", NXW_STR, "45000", 0, 0, NULL,
     "group session timeout; a silent worker is evicted after this"},
    {"kafka.consumer.queued.max.messages.kbytes", NXW_STR, "65536", 0, 0, NULL,
     "cap of the consumer's prefetch queue, KiB"},
    {"kafka.producer.queue.buffering.max.kbytes", NXW_STR, "65536", 0, 0, NULL,
     "cap of the producer's queue, KiB; when full fetching pauses"},
    {"kafka.producer.message.timeout.ms", NXW_STR, "300000", 0, 0, NULL,
     "producer delivery timeout; a record not acknowledged in time is produced again"},
};

#define NXW_NKEYS (sizeof nxw_table / sizeof nxw_table[0])

/* librdkafka properties newsx sets itself: at-least-once delivery depends on
 * the offset store and commit settings, exactly-once on those and on
 * isolation.level, idempotence and transactional.id. Refused under kafka.*
 * (aliases included). */
const char *const nxw_managed_kafka_keys[] = {
    "enable.auto.offset.store", "enable.auto.commit", "auto.commit.enable",
    "offset.store.method",      "enable.idempotence", "acks",
    "request.required.acks",    "group.id",           "enable.partition.eof",
    "transactional.id",         "isolation.level",    NULL};

const nxw_key *nxw_keys(size_t *n)
{
    if (n)
        *n = NXW_NKEYS;
    return nxw_table;
}

static long key_index(const char *key)
{
    for (size_t i = 0; i < NXW_NKEYS; i++)
        if (strcmp(nxw_table[i].key, key) == 0)
            return (long)i;
    return -1;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

nx_err nxw_config_init(nxw_config *cfg, char *errstr, size_t errstr_size)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->values = calloc(NXW_NKEYS, sizeof *cfg->values);
    cfg->srcs = calloc(NXW_NKEYS, sizeof *cfg->srcs);
    if (!cfg->values || !cfg->srcs) {
        nxw_config_free(cfg);
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < NXW_NKEYS; i++) {
        cfg->values[i] = xstrdup(nxw_table[i].def);
        if (!cfg->values[i]) {
            nxw_config_free(cfg);
            return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory");
        }
    }
    return NX_OK;
}

void nxw_config_free(nxw_config *cfg)
{
    if (cfg->values)
        for (size_t i = 0; i < NXW_NKEYS; i++)
            free(cfg->values[i]);
    free(cfg->values);
    free(cfg->srcs);
    for (size_t i = 0; i < cfg->n_extra; i++) {
        free(cfg->extra[i].key);
        free(cfg->extra[i].value);
        free(cfg->extra[i].origin);
    }
    free(cfg->extra);
    memset(cfg, 0, sizeof *cfg);
}

static int parse_bool(const char *s, int *out)
{
    static const char *const yes[] = {"true", "1", "yes", "on"};
    static const char *const no[] = {"false", "0", "no", "off"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(s, yes[i]) == 0) {
            *out = 1;
            return 0;
        }
        if (strcasecmp(s, no[i]) == 0) {
            *out = 0;
            return 0;
        }
    }
    return -1;
}

static int parse_int(const char *s, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s)
        return -1;
    while (isspace((unsigned char)*end))
        end++;
    if (*end)
        return -1;
    *out = v;
    return 0;
}

static int enum_has(const char *choices, const char *v)
{
    size_t vl = strlen(v);
    const char *p = choices;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == vl && strncmp(p, v, n) == 0)
            return 1;
        if (!bar)
            break;
        p = bar + 1;
    }
    return 0;
}

/* The librdkafka property name of a kafka.* key, and which clients get it:
 * 1 consumer, 2 producer, 3 both. */
static const char *kafka_name(const char *key, int *which)
{
    if (strncmp(key, "kafka.consumer.", 15) == 0) {
        *which = 1;
        return key + 15;
    }
    if (strncmp(key, "kafka.producer.", 15) == 0) {
        *which = 2;
        return key + 15;
    }
    if (strncmp(key, "kafka.", 6) == 0) {
        *which = 3;
        return key + 6;
    }
    *which = 0;
    return NULL;
}

static nx_err check_value(const nxw_key *k, const char *value, const char *origin, char *errstr,
                          size_t errstr_size)
{
    long long v;
    int b;
    switch (k->type) {
    case NXW_INT:
        if (parse_int(value, &v) != 0)
            return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "%s: %s: '%s' is not an integer",
                             origin, k->key, value);
        if (v < k->min || v > k->max)
            return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                             "%s: %s: %lld is out of range [%lld, %lld]", origin, k->key, v, k->min,
                             k->max);
        break;
    case NXW_BOOL:
        if (parse_bool(value, &b) != 0)
            return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                             "%s: %s: '%s' is not a boolean (true/false)", origin, k->key, value);
        break;
    case NXW_ENUM:
        if (!enum_has(k->choices, value))
            return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "%s: %s: '%s' is not one of %s",
                             origin, k->key, value, k->choices);
        break;
    case NXW_STR:
    case NXW_LIST:
        break;
    }
    return NX_OK;
}

nx_err nxw_config_set(nxw_config *cfg, const char *key, const char *value, nxw_source src,
                      const char *origin, char *errstr, size_t errstr_size)
{
    if (!origin)
        origin = "config";
    int which;
    const char *kname = kafka_name(key, &which);
    if (kname) {
        if (*kname == '\0' ||
            (which == 3 && (strcmp(kname, "consumer") == 0 || strcmp(kname, "producer") == 0)))
            return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                             "%s: '%s' names no librdkafka property", origin, key);
        for (size_t i = 0; nxw_managed_kafka_keys[i]; i++)
            if (strcmp(kname, nxw_managed_kafka_keys[i]) == 0)
                return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                                 "%s: '%s' is set by newsx itself (at-least-once and "
                                 "exactly-once delivery depend on it)%s",
                                 origin, key,
                                 strcmp(kname, "group.id") == 0 ? "; use group.id" : "");
    }
    long idx = key_index(key);
    if (idx >= 0) {
        nx_err e = check_value(&nxw_table[idx], value, origin, errstr, errstr_size);
        if (e != NX_OK)
            return e;
        char *v = xstrdup(value);
        if (!v)
            return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory");
        free(cfg->values[idx]);
        cfg->values[idx] = v;
        cfg->srcs[idx] = src;
        return NX_OK;
    }
    if (!kname)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                         "%s: unknown configuration key '%s' (newsx-worker --help lists them)",
                         origin, key);
    for (size_t i = 0; i < cfg->n_extra; i++) {
        if (strcmp(cfg->extra[i].key, key) == 0) {
            char *v = xstrdup(value), *o = xstrdup(origin);
            if (!v || !o) {
                free(v);
                free(o);
                return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory");
            }
            free(cfg->extra[i].value);
            free(cfg->extra[i].origin);
            cfg->extra[i].value = v;
            cfg->extra[i].origin = o;
            cfg->extra[i].src = src;
            return NX_OK;
        }
    }
    if (cfg->n_extra == cfg->cap_extra) {
        size_t nc = cfg->cap_extra ? cfg->cap_extra * 2 : 8;
        nxw_kv *ne = realloc(cfg->extra, nc * sizeof *ne);
        if (!ne)
            return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory");
        cfg->extra = ne;
        cfg->cap_extra = nc;
    }
    nxw_kv *kv = &cfg->extra[cfg->n_extra];
    kv->key = xstrdup(key);
    kv->value = xstrdup(value);
    kv->origin = xstrdup(origin);
    kv->src = src;
    if (!kv->key || !kv->value || !kv->origin) {
        free(kv->key);
        free(kv->value);
        free(kv->origin);
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory");
    }
    cfg->n_extra++;
    return NX_OK;
}

nx_err nxw_config_set_arg(nxw_config *cfg, const char *arg, char *errstr, size_t errstr_size)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "--set: expected key=value, got '%s'",
                         arg);
    size_t kl = (size_t)(eq - arg);
    char *key = malloc(kl + 1);
    if (!key)
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory");
    memcpy(key, arg, kl);
    key[kl] = '\0';
    nx_err e = nxw_config_set(cfg, key, eq + 1, NXW_SRC_SET, "--set", errstr, errstr_size);
    free(key);
    return e;
}

typedef struct file_ctx {
    nxw_config *cfg;
    const char *path;
} file_ctx;

static nx_err file_cb(const char *key, const char *value, unsigned line, void *ud, char *errstr,
                      size_t errstr_size)
{
    file_ctx *fc = ud;
    char origin[600];
    snprintf(origin, sizeof origin, "%s:%u", fc->path, line);
    return nxw_config_set(fc->cfg, key, value, NXW_SRC_FILE, origin, errstr, errstr_size);
}

nx_err nxw_config_load_file(nxw_config *cfg, const char *path, char *errstr, size_t errstr_size)
{
    file_ctx fc = {cfg, path};
    char sub[1024];
    sub[0] = '\0';
    nx_err e = nx_props_parse_file(path, 0, file_cb, &fc, sub, sizeof sub);
    if (e != NX_OK) {
        /* messages from the callback already name the file */
        if (strncmp(sub, path, strlen(path)) == 0)
            nx_seterr(errstr, errstr_size, e, "%s", sub);
        else
            nx_seterr(errstr, errstr_size, e, "%s: %s", path, sub);
    }
    return e;
}

void nxw_config_env_name(const char *key, char *buf, size_t size)
{
    if (!size)
        return;
    size_t o = (size_t)snprintf(buf, size, "NEWSX_");
    for (size_t i = 0; key[i] && o + 1 < size; i++) {
        char c = key[i];
        buf[o++] = (c == '.' || c == '-') ? '_' : (char)toupper((unsigned char)c);
    }
    buf[o < size ? o : size - 1] = '\0';
}

nx_err nxw_config_load_env(nxw_config *cfg, char *const *envp, char *errstr, size_t errstr_size)
{
    if (!envp)
        return NX_OK;
    char name[256];
    /* table keys first, in table order */
    for (size_t i = 0; i < NXW_NKEYS; i++) {
        nxw_config_env_name(nxw_table[i].key, name, sizeof name);
        size_t nl = strlen(name);
        for (char *const *e = envp; *e; e++) {
            if (strncmp(*e, name, nl) == 0 && (*e)[nl] == '=') {
                nx_err err = nxw_config_set(cfg, nxw_table[i].key, *e + nl + 1, NXW_SRC_ENV, name,
                                            errstr, errstr_size);
                if (err != NX_OK)
                    return err;
            }
        }
    }
    /* then other librdkafka properties */
    for (char *const *e = envp; *e; e++) {
        if (strncmp(*e, "NEWSX_KAFKA_", 12) != 0)
            continue;
        const char *eq = strchr(*e, '=');
        if (!eq)
            continue;
        size_t nl = (size_t)(eq - *e);
        if (nl >= sizeof name)
            continue;
        memcpy(name, *e, nl);
        name[nl] = '\0';
        int in_table = 0;
        char tname[256];
        for (size_t i = 0; i < NXW_NKEYS && !in_table; i++) {
            nxw_config_env_name(nxw_table[i].key, tname, sizeof tname);
            in_table = strcmp(tname, name) == 0;
        }
        if (in_table)
            continue;
        char key[256];
        size_t k = 0;
        for (size_t i = 6; i < nl && k + 1 < sizeof key; i++)
            key[k++] = name[i] == '_' ? '.' : (char)tolower((unsigned char)name[i]);
        key[k] = '\0';
        nx_err err = nxw_config_set(cfg, key, eq + 1, NXW_SRC_ENV, name, errstr, errstr_size);
        if (err != NX_OK)
            return err;
    }
    return NX_OK;
}

static long must_index(const char *key)
{
    long i = key_index(key);
    if (i < 0) {
        fprintf(stderr, "newsx: internal error: configuration key '%s' is not in the table\n", key);
        abort();
    }
    return i;
}

const char *nxw_cfg_str(const nxw_config *cfg, const char *key)
{
    return cfg->values[must_index(key)];
}

long long nxw_cfg_int(const nxw_config *cfg, const char *key)
{
    long long v = 0;
    if (parse_int(cfg->values[must_index(key)], &v) != 0)
        return 0;
    return v;
}

int nxw_cfg_bool(const nxw_config *cfg, const char *key)
{
    int b = 0;
    if (parse_bool(cfg->values[must_index(key)], &b) != 0)
        return 0;
    return b;
}

size_t nxw_split_list(const char *s, char ***items)
{
    *items = NULL;
    size_t n = 0, cap = 0;
    char **v = NULL;
    const char *p = s;
    while (p && *p) {
        const char *comma = strchr(p, ',');
        const char *end = comma ? comma : p + strlen(p);
        const char *a = p, *b = end;
        while (a < b && isspace((unsigned char)*a))
            a++;
        while (b > a && isspace((unsigned char)b[-1]))
            b--;
        if (b > a) {
            if (n == cap) {
                size_t nc = cap ? cap * 2 : 4;
                char **nv = realloc(v, nc * sizeof *nv);
                if (!nv) {
                    nxw_strv_free(v, n);
                    return 0;
                }
                v = nv;
                cap = nc;
            }
            v[n] = malloc((size_t)(b - a) + 1);
            if (!v[n]) {
                nxw_strv_free(v, n);
                return 0;
            }
            memcpy(v[n], a, (size_t)(b - a));
            v[n][b - a] = '\0';
            n++;
        }
        if (!comma)
            break;
        p = comma + 1;
    }
    *items = v;
    return n;
}

void nxw_strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

int nxw_key_is_secret(const char *key)
{
    static const char *const marks[] = {"password", "secret", "token", "sasl.jaas", "ssl.key"};
    char low[512];
    size_t i = 0;
    for (; key[i] && i + 1 < sizeof low; i++)
        low[i] = (char)tolower((unsigned char)key[i]);
    low[i] = '\0';
    for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++)
        if (strstr(low, marks[m]))
            return 1;
    return 0;
}

const char *nxw_group_protocol(const nxw_config *cfg)
{
    const char *v = "classic";
    int rank = 0; /* kafka.consumer.X wins over kafka.X, as in nxw_config_each_kafka */
    for (size_t i = 0; i < cfg->n_extra; i++) {
        const char *k = cfg->extra[i].key;
        int r = strcmp(k, "kafka.consumer.group.protocol") == 0 ? 2
                : strcmp(k, "kafka.group.protocol") == 0        ? 1
                                                                : 0;
        if (r > rank) {
            rank = r;
            v = cfg->extra[i].value;
        }
    }
    return v;
}

/* Classic-protocol settings librdkafka refuses under group.protocol=consumer
 * (the broker owns them there). */
static int classic_only(const char *name)
{
    return strcmp(name, "session.timeout.ms") == 0 ||
           strcmp(name, "partition.assignment.strategy") == 0 ||
           strcmp(name, "heartbeat.interval.ms") == 0;
}

nx_err nxw_config_each_kafka(const nxw_config *cfg, int is_consumer, nxw_kafka_cb cb, void *ud,
                             char *errstr, size_t errstr_size)
{
    int want = is_consumer ? 1 : 2;
    int kip848 = is_consumer && strcmp(nxw_group_protocol(cfg), "consumer") == 0;
    /* pass 0: kafka.X (both clients); pass 1: kafka.consumer.X / kafka.producer.X */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < NXW_NKEYS + cfg->n_extra; i++) {
            const char *key = i < NXW_NKEYS ? nxw_table[i].key : cfg->extra[i - NXW_NKEYS].key;
            const char *val = i < NXW_NKEYS ? cfg->values[i] : cfg->extra[i - NXW_NKEYS].value;
            int which;
            const char *name = kafka_name(key, &which);
            if (!name || !(which & want) || (pass == 0) != (which == 3))
                continue;
            if (i < NXW_NKEYS && val[0] == '\0')
                continue; /* empty table default: leave librdkafka's */
            nxw_source src = i < NXW_NKEYS ? cfg->srcs[i] : cfg->extra[i - NXW_NKEYS].src;
            if (kip848 && classic_only(name) && (src == NXW_SRC_DEFAULT || src == NXW_SRC_MODE))
                continue; /* a default of the classic protocol; set by hand, librdkafka says no */
            nx_err e = cb(name, val, key, ud, errstr, errstr_size);
            if (e != NX_OK)
                return e;
        }
    }
    return NX_OK;
}

static const char *src_name(nxw_source s)
{
    switch (s) {
    case NXW_SRC_DEFAULT:
        return "default";
    case NXW_SRC_FILE:
        return "file";
    case NXW_SRC_ENV:
        return "environment";
    case NXW_SRC_SET:
        return "--set";
    case NXW_SRC_MODE:
        return "run mode";
    }
    return "?";
}

static void print_kv(FILE *out, const char *key, const char *value, const char *src)
{
    nx_buf b;
    nx_buf_init(&b, 0);
    nx_props_escape(&b, key, 1);
    nx_buf_putc(&b, '=');
    if (nxw_key_is_secret(key))
        nx_buf_puts(&b, "***");
    else
        nx_props_escape(&b, value, 0);
    if (b.err == NX_OK)
        fprintf(out, "%s", b.data);
    if (src)
        fprintf(out, "    # %s", src);
    fputc('\n', out);
    nx_buf_free(&b);
}

void nxw_config_dump(const nxw_config *cfg, FILE *out)
{
    fprintf(out, "# newsx-worker effective configuration (secrets masked)\n");
    for (size_t i = 0; i < NXW_NKEYS; i++)
        print_kv(out, nxw_table[i].key, cfg->values[i], src_name(cfg->srcs[i]));
    for (size_t i = 0; i < cfg->n_extra; i++) {
        char src[640];
        snprintf(src, sizeof src, "%s (%s)", src_name(cfg->extra[i].src), cfg->extra[i].origin);
        print_kv(out, cfg->extra[i].key, cfg->extra[i].value, src);
    }
}

static const char *type_name(const nxw_key *k)
{
    switch (k->type) {
    case NXW_STR:
        return "string";
    case NXW_INT:
        return "integer";
    case NXW_BOOL:
        return "boolean";
    case NXW_LIST:
        return "list";
    case NXW_ENUM:
        return k->choices;
    }
    return "?";
}

void nxw_config_help(FILE *out)
{
    char env[256];
    fprintf(out, "Configuration keys (defaults < --config FILE < environment < --set):\n");
    for (size_t i = 0; i < NXW_NKEYS; i++) {
        const nxw_key *k = &nxw_table[i];
        nxw_config_env_name(k->key, env, sizeof env);
        fprintf(out, "  %s (%s, default '%s', env %s)\n      %s\n", k->key, type_name(k), k->def,
                env, k->help);
    }
    fprintf(out, "  kafka.<property>, kafka.consumer.<property>, kafka.producer.<property>\n"
                 "      any librdkafka property, for both clients or one; env NEWSX_KAFKA_...\n");
}

void nxw_config_example(FILE *out)
{
    fprintf(out, "# newsx-worker configuration. Every key with its default value.\n"
                 "# Precedence: defaults < this file (--config) < environment NEWSX_<KEY> <"
                 " --set key=value.\n"
                 "# Any librdkafka property can be added as kafka.<name> (both clients),\n"
                 "# kafka.consumer.<name> or kafka.producer.<name>.\n");
    for (size_t i = 0; i < NXW_NKEYS; i++) {
        const nxw_key *k = &nxw_table[i];
        fprintf(out, "\n# %s (%s)\n", k->help, type_name(k));
        print_kv(out, k->key, k->def, NULL);
    }
    fprintf(out, "\n# Security (docs/operations.md): TLS with a private CA, and mutual TLS\n"
                 "#kafka.security.protocol=SSL\n"
                 "#kafka.ssl.ca.location=/etc/newsx/ca.pem\n"
                 "#kafka.ssl.certificate.location=/etc/newsx/client.pem\n"
                 "#kafka.ssl.key.location=/etc/newsx/client.key\n"
                 "# SASL over TLS; the password from the environment "
                 "(NEWSX_KAFKA_SASL_PASSWORD), not this file.\n"
                 "# SCRAM needs librdkafka >= 2.6.1 against Kafka 4.x brokers.\n"
                 "#kafka.security.protocol=SASL_SSL\n"
                 "#kafka.sasl.mechanism=PLAIN\n"
                 "#kafka.sasl.username=newsx\n");
}
