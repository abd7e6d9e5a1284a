/*
 * it_worker_util.h - helpers shared by the newsx-worker integration tests
 * (it_worker*.c): starting and stopping the worker binary as a child process,
 * making test articles, and checking that every input offset is accounted for
 * by a record or a dead letter (through the newsx-source headers).
 *
 * Everything here is static: each test includes this header once.
 */
#ifndef IT_WORKER_UTIL_H
#define IT_WORKER_UTIL_H

#include "itest.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define WU_MAX_PROCS 16
#define WU_FN        static __attribute__((unused))

WU_FN pid_t wu_pids[WU_MAX_PROCS];
WU_FN int wu_atexit_done;
/* Set by a test that expects the worker to end quickly by itself. */
WU_FN int wu_expect_early_exit;

/* Kill every worker still running (test failure path). */
WU_FN void wu_cleanup(void)
{
    for (int i = 0; i < WU_MAX_PROCS; i++) {
        if (wu_pids[i] > 0) {
            kill(wu_pids[i], SIGKILL);
            waitpid(wu_pids[i], NULL, 0);
            wu_pids[i] = 0;
        }
    }
}

WU_FN void wu_forget(pid_t pid)
{
    for (int i = 0; i < WU_MAX_PROCS; i++)
        if (wu_pids[i] == pid)
            wu_pids[i] = 0;
}

/* Consumer settings of a reader that sees committed transactions only. */
WU_FN const char *const wu_read_committed[] = {"isolation.level", "read_committed", NULL};

/* Fork and exec bin with argv (argv[0] included, NULL-terminated). env is
 * NULL or NULL-terminated "NAME=value" entries set in the child; out_path and
 * err_path are NULL to inherit stdout / stderr, else the file that receives
 * it (truncated, or appended to when append). The child is killed by
 * wu_cleanup() if the test ends before it. */
WU_FN pid_t wu_spawn(const char *bin, char *const *argv, const char *const *env,
                     const char *out_path, const char *err_path, int append)
{
    if (!wu_atexit_done) {
        atexit(wu_cleanup);
        wu_atexit_done = 1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        itest_fail("fork: %s", strerror(errno));
    if (pid == 0) {
        const char *paths[2] = {out_path, err_path};
        for (int k = 0; k < 2; k++) {
            if (!paths[k])
                continue;
            int fd = open(paths[k], O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0644);
            if (fd >= 0) {
                dup2(fd, k + 1);
                close(fd);
            }
        }
        for (size_t i = 0; env && env[i]; i++)
            putenv((char *)(uintptr_t)env[i]);
        execv(bin, argv);
        fprintf(stderr, "exec %s: %s\n", bin, strerror(errno));
        _exit(127);
    }
    for (int i = 0; i < WU_MAX_PROCS; i++) {
        if (wu_pids[i] == 0) {
            wu_pids[i] = pid;
            break;
        }
    }
    return pid;
}

/* The whole content of a file (malloc'd, NUL-terminated), or fails. */
WU_FN char *wu_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        itest_fail("cannot open %s", path);
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n - 1 == 0) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    fclose(f);
    if (!buf)
        itest_fail("out of memory reading %s", path);
    buf[n] = '\0';
    return buf;
}

/* Topic and group names of one scenario. */
typedef struct wu_topics {
    char in[128], out[128], dl[128], group[128];
    int partitions;
} wu_topics;

/* Fresh names for t's input, output and dead-letter topics and its group,
 * each prefix plus "-in", "-out", "-dl" or "-group" made unique. */
WU_FN void wu_topics_name(wu_topics *t, const char *prefix)
{
    char p[96];
    snprintf(p, sizeof p, "%s-in", prefix);
    itest_unique_name(t->in, sizeof t->in, p);
    snprintf(p, sizeof p, "%s-out", prefix);
    itest_unique_name(t->out, sizeof t->out, p);
    snprintf(p, sizeof p, "%s-dl", prefix);
    itest_unique_name(t->dl, sizeof t->dl, p);
    snprintf(p, sizeof p, "%s-group", prefix);
    itest_unique_name(t->group, sizeof t->group, p);
}

/* Make fresh names and create the topics (input with partitions partitions,
 * output with 4, dead letters with 2). out_config is NULL or the output
 * topic's configuration: name, value, ..., NULL (itest_create_topic_config()). */
WU_FN void wu_topics_make_config(wu_topics *t, const char *prefix, int partitions,
                                 const char *const *out_config)
{
    wu_topics_name(t, prefix);
    t->partitions = partitions;
    itest_create_topic(t->in, partitions);
    itest_create_topic_config(t->out, 4, out_config);
    itest_create_topic(t->dl, 2);
}

WU_FN void wu_topics_make(wu_topics *t, const char *prefix, int partitions)
{
    wu_topics_make_config(t, prefix, partitions, NULL);
}

/* Whether extra settings choose the KIP-848 consumer group protocol. */
WU_FN int wu_kip848(const char *const *extra)
{
    for (size_t i = 0; extra && extra[i]; i++)
        if (strcmp(extra[i], "kafka.consumer.group.protocol=consumer") == 0 ||
            strcmp(extra[i], "kafka.group.protocol=consumer") == 0)
            return 1;
    return 0;
}

/* Start newsx-worker against bootstrap on the scenario's topics. extra is NULL or a
 * NULL-terminated list of "key=value" settings passed with --set after the
 * common ones. log_path: NULL to inherit stderr, else a file for its stderr. */
WU_FN pid_t wu_start_on(const char *bootstrap, const wu_topics *t, const char *const *extra,
                        const char *log_path)
{
    const char *bin = itest_env("NEWSX_WORKER_BIN");
    static char sets[16][300];
    static char setflag[] = "--set";
    char *argv[80];
    int a = 0, s = 0;
    argv[a++] = (char *)(uintptr_t)bin;
#define WU_SET(...)                                                                                \
    do {                                                                                           \
        snprintf(sets[s], sizeof sets[s], __VA_ARGS__);                                            \
        argv[a++] = setflag;                                                                       \
        argv[a++] = sets[s++];                                                                     \
    } while (0)
    WU_SET("kafka.bootstrap.servers=%s", bootstrap);
    WU_SET("input.topics=%s", t->in);
    WU_SET("output.topic=%s", t->out);
    WU_SET("deadletter.topic=%s", t->dl);
    WU_SET("group.id=%s", t->group);
    WU_SET("metrics.interval.ms=5000");
    if (!wu_kip848(extra)) {
        /* the classic protocol's; under KIP-848 the broker sets them and
         * librdkafka refuses them (tests/kafka/broker.sh) */
        WU_SET("kafka.consumer.session.timeout.ms=10000");
        WU_SET("kafka.consumer.heartbeat.interval.ms=1000");
    }
    WU_SET("kafka.consumer.topic.metadata.refresh.interval.ms=5000");
#undef WU_SET
    for (size_t i = 0; extra && extra[i] && a < 76; i++) {
        argv[a++] = setflag;
        argv[a++] = (char *)(uintptr_t)extra[i];
    }
    argv[a] = NULL;
    pid_t pid = wu_spawn(bin, argv, NULL, NULL, log_path, 1);
    itest_log("started newsx-worker pid %d (group %s)", (int)pid, t->group);
    /* a worker that cannot start (bad configuration, core) ends at once */
    if (wu_expect_early_exit)
        return pid;
    usleep(300000);
    int st;
    if (waitpid(pid, &st, WNOHANG) == pid) {
        wu_forget(pid);
        itest_fail("newsx-worker pid %d ended at startup (status 0x%x)", (int)pid, st);
    }
    return pid;
}

/* wu_start_on() the test broker (NEWSX_TEST_BOOTSTRAP). */
WU_FN pid_t wu_start(const wu_topics *t, const char *const *extra, const char *log_path)
{
    return wu_start_on(itest_bootstrap(), t, extra, log_path);
}

/* Wait up to timeout_ms for pid to end. Returns its exit code (128+signal
 * when killed by a signal) or -1 when it is still running. */
WU_FN int wu_wait(pid_t pid, int timeout_ms)
{
    int64_t until = itest_now_ms() + timeout_ms;
    for (;;) {
        int st;
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid) {
            wu_forget(pid);
            if (WIFEXITED(st))
                return WEXITSTATUS(st);
            if (WIFSIGNALED(st))
                return 128 + WTERMSIG(st);
            return -1;
        }
        if (r < 0)
            itest_fail("waitpid %d: %s", (int)pid, strerror(errno));
        if (itest_now_ms() >= until)
            return -1;
        usleep(20000);
    }
}

/* Send sig and wait up to timeout_ms; fails the test if it does not end. */
WU_FN int wu_stop(pid_t pid, int sig, int timeout_ms)
{
    kill(pid, sig);
    int rc = wu_wait(pid, timeout_ms);
    if (rc < 0)
        itest_fail("newsx-worker pid %d did not exit within %d ms of signal %d", (int)pid,
                   timeout_ms, sig);
    itest_log("newsx-worker pid %d exited with %d after signal %d", (int)pid, rc, sig);
    return rc;
}

/* A small news article, different for each i, with its id in a header. */
WU_FN size_t wu_article(char *buf, size_t size, int i)
{
    static const char *const places[] = {"Northfield", "Eastbrook", "Westmere", "Southgate"};
    int n = snprintf(buf, size,
                     "Title: Council report %d approved\n"
                     "Id: it-article-%d\n"
                     "Date: 2026-02-%02d\n"
                     "\n"
                     "The council of %s met on Monday to discuss report number %d. "
                     "Members approved a plan for %d new bike lanes by a large majority. "
                     "Mayor Helen Brandt said work would start in May and finish before winter.\n",
                     i, i, 1 + i % 28, places[i % 4], i, 2 + i % 9);
    return (size_t)n;
}

/* Produce n articles to topic, article i to partition i % partitions. */
/* Articles from..to-1 (wu_article(), keys "k<i>"), article i to partition
 * i % partitions. */
WU_FN void wu_produce_articles_range(const char *topic, int partitions, int from, int to)
{
    rd_kafka_t *p = itest_producer_new(NULL);
    char buf[1024], key[32];
    for (int i = from; i < to; i++) {
        size_t len = wu_article(buf, sizeof buf, i);
        int kl = snprintf(key, sizeof key, "k%d", i);
        itest_produce(p, topic, i % partitions, key, (size_t)kl, buf, len);
    }
    itest_producer_flush(p, (size_t)(to - from));
    itest_producer_destroy(p);
    itest_log("produced articles %d..%d to %s", from, to - 1, topic);
}

WU_FN void wu_produce_articles(const char *topic, int partitions, int n)
{
    wu_produce_articles_range(topic, partitions, 0, n);
}

/* Parse "topic/partition/offset". */
WU_FN int wu_parse_source(const char *s, int32_t *part, int64_t *off)
{
    if (!s)
        return -1;
    const char *last = strrchr(s, '/');
    if (!last || last == s)
        return -1;
    const char *prev = last - 1;
    while (prev > s && *prev != '/')
        prev--;
    if (*prev != '/')
        return -1;
    char *end;
    long p = strtol(prev + 1, &end, 10);
    if (end != last)
        return -1;
    long long o = strtoll(last + 1, &end, 10);
    if (*end)
        return -1;
    *part = (int32_t)p;
    *off = (int64_t)o;
    return 0;
}

/* How often each input (partition, offset) was seen. */
typedef struct wu_cover {
    int partitions;
    int64_t *expect; /* offsets 0..expect[p]-1 exist in partition p */
    int **seen;
    size_t strays; /* records naming an offset that does not exist */
} wu_cover;

/* n articles spread i % partitions as wu_produce_articles does. */
WU_FN void wu_cover_init(wu_cover *c, int partitions, int n)
{
    c->partitions = partitions;
    c->expect = calloc((size_t)partitions, sizeof *c->expect);
    c->seen = calloc((size_t)partitions, sizeof *c->seen);
    c->strays = 0;
    for (int p = 0; p < partitions; p++) {
        c->expect[p] = n / partitions + (p < n % partitions ? 1 : 0);
        c->seen[p] = calloc((size_t)c->expect[p] + 1, sizeof(int));
    }
}

WU_FN void wu_cover_free(wu_cover *c)
{
    for (int p = 0; p < c->partitions; p++)
        free(c->seen[p]);
    free(c->seen);
    free(c->expect);
}

/* Count one message by its source header (name: newsx-source for records;
 * dead letters carry newsx-source-partition/-offset). */
WU_FN void wu_cover_add(wu_cover *c, const itest_msg *m)
{
    int32_t p = -1;
    int64_t o = -1;
    const char *src = itest_msg_header(m, "newsx-source");
    if (src) {
        if (wu_parse_source(src, &p, &o) != 0)
            itest_fail("bad newsx-source header '%s'", src);
    } else {
        const char *sp = itest_msg_header(m, "newsx-source-partition");
        const char *so = itest_msg_header(m, "newsx-source-offset");
        if (!sp || !so)
            itest_fail("message at %s/%d/%" PRId64 " has no source headers", m->topic, m->partition,
                       m->offset);
        p = (int32_t)atoi(sp);
        o = strtoll(so, NULL, 10);
    }
    if (p < 0 || p >= c->partitions || o < 0 || o >= c->expect[p]) {
        c->strays++;
        return;
    }
    c->seen[p][o]++;
}

/* Numbers of inputs never seen and of extra sightings (duplicates). */
WU_FN void wu_cover_count(const wu_cover *c, size_t *missing, size_t *dups)
{
    *missing = *dups = 0;
    for (int p = 0; p < c->partitions; p++) {
        for (int64_t o = 0; o < c->expect[p]; o++) {
            if (c->seen[p][o] == 0)
                (*missing)++;
            else
                *dups += (size_t)(c->seen[p][o] - 1);
        }
    }
}

/* Read a topic from the start in a fresh group until want messages (or
 * timeout_ms), then settle_ms more. */
WU_FN void wu_read_all(const char *topic, size_t want, int timeout_ms, int settle_ms,
                       itest_msgs *out)
{
    rd_kafka_t *c = itest_consumer_new(NULL, topic, NULL);
    itest_consume(c, want, timeout_ms, settle_ms, out);
    itest_consumer_destroy(c);
}

/* Sum of a counter ("records=", "consumed=") over the "final:" metric lines
 * of a worker log. */
/* Consume watch into seen, adding each new record (from *from on) to cov,
 * until every input has a record or timeout_ms has passed; *missing and
 * *dups are the counts at the end. */
WU_FN void wu_consume_covered(rd_kafka_t *watch, itest_msgs *seen, wu_cover *cov, size_t *from,
                              int timeout_ms, size_t *missing, size_t *dups)
{
    int64_t until = itest_now_ms() + timeout_ms;
    for (;;) {
        for (; *from < seen->count; (*from)++)
            wu_cover_add(cov, &seen->items[*from]);
        wu_cover_count(cov, missing, dups);
        if (*missing == 0 || itest_now_ms() > until)
            break;
        itest_consume(watch, seen->count + *missing, 5000, 0, seen);
    }
}

WU_FN long wu_log_counter(const char *log_path, const char *name)
{
    FILE *f = fopen(log_path, "r");
    if (!f)
        return -1;
    char line[4096];
    long total = 0;
    size_t nl = strlen(name);
    while (fgets(line, sizeof line, f)) {
        if (!strstr(line, " final: "))
            continue;
        char *p = strstr(line, name);
        if (p && p[nl] == '=')
            total += strtol(p + nl + 1, NULL, 10);
    }
    fclose(f);
    return total;
}

/* Number of lines of a log file containing needle. */
WU_FN int wu_log_count(const char *log_path, const char *needle)
{
    FILE *f = fopen(log_path, "r");
    if (!f)
        return -1;
    char line[4096];
    int n = 0;
    while (fgets(line, sizeof line, f))
        if (strstr(line, needle))
            n++;
    fclose(f);
    return n;
}

/* Wait up to timeout_ms until the worker logging to log_path has been
 * assigned partitions (a " assigned N partition(s)" line with N > 0: the
 * first round of a cooperative rebalance assigns none); fails the test
 * otherwise. */
WU_FN void wu_wait_assigned(const char *log_path, const char *what, int timeout_ms)
{
    int64_t until = itest_now_ms() + timeout_ms;
    while (wu_log_count(log_path, " assigned ") - wu_log_count(log_path, " assigned 0 partition") <
           1) {
        if (itest_now_ms() > until)
            itest_fail("%s: no assignment within %d ms", what, timeout_ms);
        usleep(100 * 1000);
    }
}

#endif
