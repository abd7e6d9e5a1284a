/*
 * replay.c - `newsx-worker replay`: reprocess a range of the input topics
 * (by offset, time or duration) through the normal worker path, with its own
 * consumer group, bounded by the high-water marks captured at the start.
 *
 * The plan (start and end offset of every partition) is resolved here with a
 * consumer handle that never joins a group: times with
 * rd_kafka_offsets_for_times, "earliest"/"latest"/"end" with the watermarks.
 * The run itself is nxw_run() with bounds (see worker.h).
 */
#define _GNU_SOURCE /* timegm */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "nx_doc.h"
#include "wconfig.h"
#include "wlog.h"
#include "worker.h"

#define RP_TIMEOUT_MS 15000

typedef enum { RP_EARLIEST, RP_LATEST, RP_TIME, RP_OFFSETS } rp_kind;

/* One parsed --from or --until. */
typedef struct rp_spec {
    rp_kind kind;
    int64_t time_ms; /* RP_TIME: ms since the epoch */
    char **topics;   /* RP_OFFSETS: parallel arrays, owned */
    int32_t *parts;
    int64_t *offs;
    size_t n;
} rp_spec;

static void spec_free(rp_spec *s)
{
    nxw_strv_free(s->topics, s->n);
    free(s->parts);
    free(s->offs);
    memset(s, 0, sizeof *s);
}

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "36h", "90m", "1h30m", "2d", "45s", "500ms": a duration in ms; -1 if not one. */
static int64_t parse_duration(const char *s)
{
    int64_t total = 0;
    const char *p = s;
    if (!*p)
        return -1;
    while (*p) {
        if (!isdigit((unsigned char)*p))
            return -1;
        char *end;
        long long v = strtoll(p, &end, 10);
        p = end;
        int64_t unit;
        if (strncmp(p, "ms", 2) == 0) {
            unit = 1;
            p += 2;
        } else if (*p == 's') {
            unit = 1000;
            p++;
        } else if (*p == 'm') {
            unit = 60000;
            p++;
        } else if (*p == 'h') {
            unit = 3600000;
            p++;
        } else if (*p == 'd') {
            unit = 86400000;
            p++;
        } else if (*p == 'w') {
            unit = 7 * 86400000LL;
            p++;
        } else {
            return -1;
        }
        total += (int64_t)v * unit;
    }
    return total;
}

/* ISO 8601: YYYY-MM-DD, optionally followed by THH:MM[:SS[.fff]] and Z or
 * +HH:MM / -HH:MM (no zone: UTC). Returns ms since the epoch or -1. */
static int64_t parse_iso(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    int y, mo, d, n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
        return -1;
    const char *p = s + n;
    int h = 0, mi = 0, sec = 0;
    int64_t frac_ms = 0;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        int k = 0;
        if (sscanf(p, "%2d:%2d%n", &h, &mi, &k) != 2 || k != 5)
            return -1;
        p += k;
        if (*p == ':') {
            if (!isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]))
                return -1;
            sec = (p[1] - '0') * 10 + (p[2] - '0');
            p += 3;
            if (*p == '.' || *p == ',') {
                p++;
                int64_t scale = 100;
                if (!isdigit((unsigned char)*p))
                    return -1;
                while (isdigit((unsigned char)*p)) {
                    frac_ms += (*p - '0') * scale;
                    scale /= 10;
                    p++;
                }
            }
        }
    }
    int64_t zone_s = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int zh, zm, k = 0;
        int sign = *p == '-' ? -1 : 1;
        if (sscanf(p + 1, "%2d:%2d%n", &zh, &zm, &k) == 2 && k == 5)
            p += 6;
        else if (sscanf(p + 1, "%2d%2d%n", &zh, &zm, &k) == 2 && k == 4)
            p += 5;
        else
            return -1;
        zone_s = sign * (zh * 3600 + zm * 60);
    }
    if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return -1;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    time_t t = timegm(&tm);
    return ((int64_t)t - zone_s) * 1000 + frac_ms;
}

/* "topic:partition:offset,..." */
static int parse_offsets(const char *s, rp_spec *out)
{
    char **items = NULL;
    size_t n = nxw_split_list(s, &items);
    if (n == 0)
        return -1;
    out->topics = calloc(n, sizeof *out->topics);
    out->parts = calloc(n, sizeof *out->parts);
    out->offs = calloc(n, sizeof *out->offs);
    if (!out->topics || !out->parts || !out->offs) {
        nxw_strv_free(items, n);
        return -1;
    }
    out->n = n;
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        char *last = strrchr(items[i], ':');
        char *mid = NULL;
        if (last) {
            *last = '\0';
            mid = strrchr(items[i], ':');
        }
        char *e1 = NULL, *e2 = NULL;
        if (!mid || mid == items[i] || !mid[1] || !last[1]) {
            bad = 1;
            out->topics[i] = NULL;
            continue;
        }
        *mid = '\0';
        long pv = strtol(mid + 1, &e1, 10);
        long long ov = strtoll(last + 1, &e2, 10);
        if (*e1 || *e2 || pv < 0 || ov < 0)
            bad = 1;
        out->topics[i] = items[i];
        items[i] = NULL;
        out->parts[i] = (int32_t)pv;
        out->offs[i] = (int64_t)ov;
    }
    nxw_strv_free(items, n);
    return bad ? -1 : 0;
}

static int parse_spec(const char *s, int is_until, rp_spec *out)
{
    memset(out, 0, sizeof *out);
    if (!is_until && strcmp(s, "earliest") == 0) {
        out->kind = RP_EARLIEST;
        return 0;
    }
    if ((!is_until && strcmp(s, "latest") == 0) || (is_until && strcmp(s, "end") == 0)) {
        out->kind = RP_LATEST;
        return 0;
    }
    int64_t t = parse_iso(s);
    if (t >= 0) {
        out->kind = RP_TIME;
        out->time_ms = t;
        return 0;
    }
    int64_t d = parse_duration(s);
    if (d >= 0) {
        out->kind = RP_TIME;
        out->time_ms = wall_ms() - d;
        return 0;
    }
    if (strchr(s, ':')) {
        out->kind = RP_OFFSETS;
        if (parse_offsets(s, out) == 0)
            return 0;
        spec_free(out);
    }
    return -1;
}

/* Offset given for topic/partition in an RP_OFFSETS spec, or -1. */
static int64_t spec_offset(const rp_spec *s, const char *topic, int32_t partition)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->parts[i] == partition && strcmp(s->topics[i], topic) == 0)
            return s->offs[i];
    return -1;
}

/* Resolve a time spec for every bound: the first offset at or after the
 * time, or the bound's end (its high-water mark) when there is none. */
static int resolve_times(rd_kafka_t *rk, const nxw_bound *b, size_t n, int64_t time_ms,
                         int64_t *out)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new((int)n);
    for (size_t i = 0; i < n; i++)
        rd_kafka_topic_partition_list_add(l, b[i].topic, b[i].partition)->offset = time_ms;
    rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(rk, l, RP_TIMEOUT_MS);
    if (err) {
        fprintf(stderr, "newsx-worker replay: offsets for times: %s\n", rd_kafka_err2str(err));
        rd_kafka_topic_partition_list_destroy(l);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        rd_kafka_topic_partition_t *e =
            rd_kafka_topic_partition_list_find(l, b[i].topic, b[i].partition);
        if (e && e->err) {
            fprintf(stderr, "newsx-worker replay: offsets for times of %s/%" PRId32 ": %s\n",
                    b[i].topic, b[i].partition, rd_kafka_err2str(e->err));
            rd_kafka_topic_partition_list_destroy(l);
            return -1;
        }
        out[i] = e && e->offset >= 0 ? e->offset : b[i].end;
    }
    rd_kafka_topic_partition_list_destroy(l);
    return 0;
}

/* Every partition of the input topics, with its watermarks as start (low)
 * and end (high). */
static int list_partitions(rd_kafka_t *rk, char **topics, size_t nt, nxw_bound **out, size_t *n_out)
{
    size_t n = 0, cap = 0;
    nxw_bound *b = NULL;
    for (size_t t = 0; t < nt; t++) {
        rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topics[t], NULL);
        const struct rd_kafka_metadata *md = NULL;
        rd_kafka_resp_err_t err =
            rkt ? rd_kafka_metadata(rk, 0, rkt, &md, RP_TIMEOUT_MS) : RD_KAFKA_RESP_ERR__FAIL;
        if (err || !md || md->topic_cnt != 1 || md->topics[0].err) {
            fprintf(stderr, "newsx-worker replay: topic '%s': %s\n", topics[t],
                    rd_kafka_err2str(err                        ? err
                                     : md && md->topic_cnt == 1 ? md->topics[0].err
                                                                : RD_KAFKA_RESP_ERR__FAIL));
            if (md)
                rd_kafka_metadata_destroy(md);
            if (rkt)
                rd_kafka_topic_destroy(rkt);
            goto fail;
        }
        int np = md->topics[0].partition_cnt;
        for (int p = 0; p < np; p++) {
            if (nx_grow((void **)&b, &cap, n + 1, sizeof *b) != NX_OK) {
                rd_kafka_metadata_destroy(md);
                rd_kafka_topic_destroy(rkt);
                goto fail;
            }
            memset(&b[n], 0, sizeof b[n]);
            b[n].topic = topics[t];
            b[n].partition = md->topics[0].partitions[p].id;
            b[n].done_ms = -1; /* until nxw_run() sees its end: a run that fails early is
                                  unfinished */
            err = rd_kafka_query_watermark_offsets(rk, topics[t], b[n].partition, &b[n].start,
                                                   &b[n].end, RP_TIMEOUT_MS);
            if (err) {
                fprintf(stderr, "newsx-worker replay: watermarks of %s/%" PRId32 ": %s\n",
                        topics[t], b[n].partition, rd_kafka_err2str(err));
                rd_kafka_metadata_destroy(md);
                rd_kafka_topic_destroy(rkt);
                goto fail;
            }
            n++;
        }
        rd_kafka_metadata_destroy(md);
        rd_kafka_topic_destroy(rkt);
    }
    *out = b;
    *n_out = n;
    return 0;
fail:
    free(b);
    return -1;
}

/* Number of active members of group (0 when it is empty or unknown), -1 on
 * error. DescribeConsumerGroups describes both classic groups and KIP-848
 * (group.protocol=consumer) groups; the classic rd_kafka_list_groups does not
 * see the members of the latter. */
static int group_members(rd_kafka_t *rk, const char *group, char *state, size_t state_size)
{
    char errstr[256];
    int members = -1;
    snprintf(state, state_size, "unknown");
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_AdminOptions_t *opt =
        rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS);
    if (rd_kafka_AdminOptions_set_request_timeout(opt, RP_TIMEOUT_MS, errstr, sizeof errstr)) {
        fprintf(stderr, "newsx-worker replay: describe group '%s': %s\n", group, errstr);
        goto out;
    }
    const char *groups[1] = {group};
    rd_kafka_DescribeConsumerGroups(rk, groups, 1, opt, q);
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, RP_TIMEOUT_MS + 5000);
    const rd_kafka_DescribeConsumerGroups_result_t *res =
        ev ? rd_kafka_event_DescribeConsumerGroups_result(ev) : NULL;
    if (!ev || rd_kafka_event_error(ev) || !res) {
        fprintf(stderr, "newsx-worker replay: describe group '%s': %s\n", group,
                ev ? rd_kafka_event_error_string(ev) : "timed out");
        goto out_ev;
    }
    size_t n = 0;
    const rd_kafka_ConsumerGroupDescription_t **d =
        rd_kafka_DescribeConsumerGroups_result_groups(res, &n);
    members = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(rd_kafka_ConsumerGroupDescription_group_id(d[i]), group) != 0)
            continue;
        const rd_kafka_error_t *e = rd_kafka_ConsumerGroupDescription_error(d[i]);
        if (e && rd_kafka_error_code(e) != RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND) {
            fprintf(stderr, "newsx-worker replay: describe group '%s': %s\n", group,
                    rd_kafka_error_string(e));
            members = -1;
            break;
        }
        if (e)
            break; /* no such group: nobody in it */
        members = (int)rd_kafka_ConsumerGroupDescription_member_count(d[i]);
        snprintf(state, state_size, "%s",
                 rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(d[i])));
    }
out_ev:
    if (ev)
        rd_kafka_event_destroy(ev);
out:
    rd_kafka_AdminOptions_destroy(opt);
    rd_kafka_queue_destroy(q);
    return members;
}

/* ---- progress ---- */

typedef struct rp_progress {
    int tty;
    int64_t interval_ms;
    int64_t t0, last;
    uint64_t total;
} rp_progress;

static void fmt_eta(char *buf, size_t size, double secs)
{
    if (secs < 0 || secs > 99 * 3600.0) {
        snprintf(buf, size, "--:--");
        return;
    }
    long s = (long)(secs + 0.5);
    if (s >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
}

static void progress_tick(void *ud, const nxw_bound *b, size_t n, int final)
{
    rp_progress *pg = ud;
    int64_t now = nxw_now_ms();
    if (!final && now - pg->last < (pg->tty ? 250 : pg->interval_ms))
        return;
    pg->last = now;
    uint64_t done = 0;
    for (size_t i = 0; i < n; i++)
        done += b[i].processed;
    double secs = (double)(now - pg->t0) / 1000.0;
    double rate = secs > 0 ? (double)done / secs : 0;
    char eta[32];
    fmt_eta(eta, sizeof eta,
            rate > 0 && pg->total >= done ? (double)(pg->total - done) / rate : -1.0);
    if (pg->tty) {
        char bar[31];
        size_t fill = pg->total ? (size_t)(30.0 * (double)done / (double)pg->total) : 30;
        if (fill > 30)
            fill = 30;
        for (size_t i = 0; i < 30; i++)
            bar[i] = i < fill ? '#' : '.';
        bar[30] = '\0';
        fprintf(stderr, "\rreplay [%s] %" PRIu64 "/%" PRIu64 " %.0f/s ETA %s   ", bar, done,
                pg->total, rate, eta);
        if (final)
            fputc('\n', stderr);
        fflush(stderr);
    } else {
        NXW_INFO("replay progress: %" PRIu64 "/%" PRIu64 " articles, %.0f/s, ETA %s", done,
                 pg->total, rate, eta);
    }
}

/* ---- the command ---- */

static void replay_usage(FILE *out)
{
    fprintf(out,
            "Usage: newsx-worker replay [--config FILE] [--set KEY=VALUE]... [OPTIONS]\n"
            "Reprocess a range of the input topics with the same configuration.\n"
            "\n"
            "  --from WHERE        earliest (default), latest, an ISO 8601 time\n"
            "                      (2026-03-01T12:00:00Z), a duration ago (36h, 90m, 2d), or\n"
            "                      topic:partition:offset,... (only those partitions)\n"
            "  --until BOUND       end (default: the high-water marks at the start), an ISO\n"
            "                      time, or topic:partition:offset,... (exclusive)\n"
            "  --dry-run           print the per-partition plan and change nothing\n"
            "  --output-topic T    write the records to T instead of output.topic\n"
            "  --rate N            at most N articles per second\n"
            "  --replay-id ID      the newsx-replay-id header (default: time and pid)\n"
            "  --group G           consumer group (default newsx-replay-<id>); refused while\n"
            "                      it has active members\n"
            "  --progress-interval S  without a terminal, a progress line every S seconds\n"
            "                      (default 10)\n"
            "\n"
            "Exit codes: 0 every partition reached its bound; 1 stopped early; 2 bad\n"
            "arguments or configuration; 3 fatal Kafka error; 4 the group has active members.\n");
}

/* --name value or --name=value */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
    size_t nl = strlen(name);
    if (strncmp(argv[*i], name, nl) != 0)
        return NULL;
    if (argv[*i][nl] == '=')
        return argv[*i] + nl + 1;
    if (argv[*i][nl] == '\0' && *i + 1 < argc) {
        (*i)++;
        return argv[*i];
    }
    return NULL;
}

int nxw_replay(nxw_config *cfg, const nx_core_t *core, int argc, char **argv)
{
    const char *from = "earliest", *until = "end", *out_topic = NULL, *rid = NULL, *group = NULL;
    double rate = 0;
    long progress_s = 10;
    int dry = 0;
    for (int i = 0; i < argc; i++) {
        const char *v;
        if ((v = opt_value(argc, argv, &i, "--from"))) {
            from = v;
        } else if ((v = opt_value(argc, argv, &i, "--until"))) {
            until = v;
        } else if ((v = opt_value(argc, argv, &i, "--output-topic"))) {
            out_topic = v;
        } else if ((v = opt_value(argc, argv, &i, "--replay-id"))) {
            rid = v;
        } else if ((v = opt_value(argc, argv, &i, "--group"))) {
            group = v;
        } else if ((v = opt_value(argc, argv, &i, "--rate"))) {
            char *end;
            rate = strtod(v, &end);
            if (*end || rate < 0) {
                fprintf(stderr, "newsx-worker replay: --rate: '%s' is not a rate\n", v);
                return NXW_EXIT_CONFIG;
            }
        } else if ((v = opt_value(argc, argv, &i, "--progress-interval"))) {
            char *end;
            progress_s = strtol(v, &end, 10);
            if (*end || progress_s < 1) {
                fprintf(stderr, "newsx-worker replay: --progress-interval: '%s'\n", v);
                return NXW_EXIT_CONFIG;
            }
        } else if (strcmp(argv[i], "--dry-run") == 0) {
            dry = 1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            replay_usage(stdout);
            return NXW_EXIT_OK;
        } else {
            fprintf(stderr, "newsx-worker replay: unknown or incomplete option '%s'\n", argv[i]);
            replay_usage(stderr);
            return NXW_EXIT_CONFIG;
        }
    }
    rp_spec sf, su;
    if (parse_spec(from, 0, &sf) != 0) {
        fprintf(stderr,
                "newsx-worker replay: --from '%s': expected earliest, latest, an ISO 8601 time, "
                "a duration (36h) or topic:partition:offset,...\n",
                from);
        return NXW_EXIT_CONFIG;
    }
    if (parse_spec(until, 1, &su) != 0) {
        fprintf(stderr,
                "newsx-worker replay: --until '%s': expected end, an ISO 8601 time or "
                "topic:partition:offset,...\n",
                until);
        spec_free(&sf);
        return NXW_EXIT_CONFIG;
    }

    char idbuf[64], gbuf[320], errstr[512];
    if (!rid) {
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        size_t k = strftime(idbuf, sizeof idbuf, "%Y%m%dT%H%M%SZ", &tm);
        snprintf(idbuf + k, sizeof idbuf - k, "-%ld", (long)getpid());
        rid = idbuf;
    }
    if (!group) {
        snprintf(gbuf, sizeof gbuf, "newsx-replay-%s", rid);
        group = gbuf;
    }
    int rc = NXW_EXIT_CONFIG;
    if (nxw_config_set(cfg, "group.id", group, NXW_SRC_MODE, "replay --group", errstr,
                       sizeof errstr) != NX_OK ||
        (out_topic && nxw_config_set(cfg, "output.topic", out_topic, NXW_SRC_MODE,
                                     "replay --output-topic", errstr, sizeof errstr) != NX_OK)) {
        fprintf(stderr, "newsx-worker replay: %s\n", errstr);
        spec_free(&sf);
        spec_free(&su);
        return NXW_EXIT_CONFIG;
    }
    char **topics = NULL;
    size_t nt = nxw_split_list(nxw_cfg_str(cfg, "input.topics"), &topics);
    if (nt == 0 || topics[0][0] == '^') {
        fprintf(stderr, "newsx-worker replay: input.topics must be a list of topics (a regex "
                        "cannot be replayed)\n");
        nxw_strv_free(topics, nt);
        spec_free(&sf);
        spec_free(&su);
        return NXW_EXIT_CONFIG;
    }

    rd_kafka_conf_t *cc = NULL, *pc = NULL;
    rd_kafka_t *rk = NULL;
    nxw_bound *b = NULL, *plan = NULL;
    int64_t *tmp = NULL;
    size_t n = 0, np = 0;
    if (nxw_kafka_confs(cfg, &cc, &pc, errstr, sizeof errstr) != NX_OK) {
        fprintf(stderr, "newsx-worker replay: configuration: %s\n", errstr);
        goto out;
    }
    rd_kafka_conf_destroy(pc);
    rk = rd_kafka_new(RD_KAFKA_CONSUMER, cc, errstr, sizeof errstr);
    if (!rk) {
        rd_kafka_conf_destroy(cc);
        fprintf(stderr, "newsx-worker replay: consumer: %s\n", errstr);
        goto out;
    }
    rc = NXW_EXIT_FATAL;
    if (list_partitions(rk, topics, nt, &b, &n) != 0)
        goto out;
    tmp = calloc(n ? n : 1, sizeof *tmp);
    plan = calloc(n ? n : 1, sizeof *plan);
    if (!tmp || !plan)
        goto out;
    /* start offsets */
    if (sf.kind == RP_TIME && resolve_times(rk, b, n, sf.time_ms, tmp) != 0)
        goto out;
    for (size_t i = 0; i < n; i++) {
        int64_t start = b[i].start;
        if (sf.kind == RP_LATEST)
            start = b[i].end;
        else if (sf.kind == RP_TIME)
            start = tmp[i];
        else if (sf.kind == RP_OFFSETS) {
            start = spec_offset(&sf, b[i].topic, b[i].partition);
            if (start < 0)
                continue; /* not listed: not replayed */
        }
        plan[np] = b[i]; /* its end is the high-water mark */
        if (start > b[i].start)
            plan[np].start = start;
        np++;
    }
    if (sf.kind == RP_OFFSETS) {
        for (size_t k = 0; k < sf.n; k++) {
            int found = 0;
            for (size_t i = 0; i < np; i++)
                found |=
                    plan[i].partition == sf.parts[k] && strcmp(plan[i].topic, sf.topics[k]) == 0;
            if (!found) {
                fprintf(stderr,
                        "newsx-worker replay: --from names %s:%" PRId32
                        ", which is not a partition of input.topics\n",
                        sf.topics[k], sf.parts[k]);
                rc = NXW_EXIT_CONFIG;
                goto out;
            }
        }
    }
    /* end offsets (each planned end is still its high-water mark) */
    if (su.kind == RP_TIME) {
        int64_t *ends = calloc(np ? np : 1, sizeof *ends);
        if (!ends || resolve_times(rk, plan, np, su.time_ms, ends) != 0) {
            free(ends);
            goto out;
        }
        for (size_t i = 0; i < np; i++)
            plan[i].end = ends[i];
        free(ends);
    } else if (su.kind == RP_OFFSETS) {
        for (size_t i = 0; i < np; i++) {
            int64_t e = spec_offset(&su, plan[i].topic, plan[i].partition);
            if (e >= 0 && e < plan[i].end)
                plan[i].end = e;
        }
    }
    uint64_t total = 0;
    for (size_t i = 0; i < np; i++) {
        if (plan[i].start > plan[i].end)
            plan[i].start = plan[i].end;
        total += (uint64_t)(plan[i].end - plan[i].start);
    }

    printf("replay %s: group %s, output %s, guarantee %s\n", rid, group,
           nxw_cfg_str(cfg, "output.topic"), nxw_cfg_str(cfg, "processing.guarantee"));
    printf("%-40s %9s %12s %12s %12s\n", "topic", "partition", "start", "end", "count");
    for (size_t i = 0; i < np; i++)
        printf("%-40s %9" PRId32 " %12" PRId64 " %12" PRId64 " %12" PRId64 "\n", plan[i].topic,
               plan[i].partition, plan[i].start, plan[i].end, plan[i].end - plan[i].start);
    printf("total %" PRIu64 " article(s) in %zu partition(s)\n", total, np);
    fflush(stdout);

    char state[64];
    int members = group_members(rk, group, state, sizeof state);
    if (members < 0)
        goto out;
    if (members > 0) {
        fprintf(stderr,
                "newsx-worker replay: refused: consumer group '%s' has %d active member(s) "
                "(state %s); a replay does not move the offsets of a group in use. Stop its "
                "workers or choose another --group.\n",
                group, members, state);
        rc = NXW_EXIT_REFUSED;
        goto out;
    }
    if (dry) {
        printf("dry run: nothing consumed, produced or committed\n");
        rc = NXW_EXIT_OK;
        goto out;
    }
    rd_kafka_destroy(rk);
    rk = NULL;

    rp_progress pg = {.tty = isatty(STDERR_FILENO),
                      .interval_ms = progress_s * 1000,
                      .t0 = nxw_now_ms(),
                      .total = total};
    pg.last = pg.t0;
    nxw_run_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.bounds = plan;
    ro.n_bounds = np;
    ro.replay_id = rid;
    ro.rate = rate;
    ro.tick = progress_tick;
    ro.tick_ud = &pg;
    NXW_INFO("replay %s: %" PRIu64 " article(s) in %zu partition(s), group %s", rid, total, np,
             group);
    rc = nxw_run(cfg, core, &ro, NULL);
    double secs = (double)(nxw_now_ms() - pg.t0) / 1000.0;
    int complete = 1;
    uint64_t done = 0, dead = 0;
    printf("replay %s summary:\n", rid);
    printf("%-40s %9s %12s %12s %10s %8s %9s\n", "topic", "partition", "start", "end", "processed",
           "dead", "seconds");
    for (size_t i = 0; i < np; i++) {
        if (plan[i].done_ms < 0)
            complete = 0;
        done += plan[i].processed;
        dead += plan[i].deadletters;
        char dur[32];
        if (plan[i].done_ms >= 0)
            snprintf(dur, sizeof dur, "%.1f", (double)plan[i].done_ms / 1000.0);
        else
            snprintf(dur, sizeof dur, "unfinished");
        printf("%-40s %9" PRId32 " %12" PRId64 " %12" PRId64 " %10" PRIu64 " %8" PRIu64 " %9s\n",
               plan[i].topic, plan[i].partition, plan[i].start, plan[i].end, plan[i].processed,
               plan[i].deadletters, dur);
    }
    printf("total %" PRIu64 " processed, %" PRIu64 " dead letter(s) in %.1f s: %s\n", done, dead,
           secs, complete ? "complete" : "incomplete");
    fflush(stdout);
    if (rc == NXW_EXIT_OK && !complete)
        rc = NXW_EXIT_UNFINISHED;
out:
    if (rk)
        rd_kafka_destroy(rk);
    free(b);
    free(plan);
    free(tmp);
    nxw_strv_free(topics, nt);
    spec_free(&sf);
    spec_free(&su);
    return rc;
}
