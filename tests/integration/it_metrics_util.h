/*
 * it_metrics_util.h - helpers of the operations tests (it_metrics*.c,
 * it_sasl.c, it_tls.c): a minimal HTTP GET against the worker's endpoint,
 * reading one sample out of a Prometheus text page, finding the endpoint's
 * port in the worker's log, checking that every log line is a JSON object,
 * and a second broker of the test's own (tests/kafka/broker.sh with extra
 * listeners).
 *
 * Everything here is static: each test includes this header once.
 */
#ifndef IT_METRICS_UTIL_H
#define IT_METRICS_UTIL_H

#include "it_worker_util.h"

#include <arpa/inet.h>
#include <libgen.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <jansson.h>

/* GET path from 127.0.0.1:port. Returns the HTTP status (-1 when the
 * connection failed) and the body in body (NUL-terminated, truncated). */
WU_FN int im_http_get(int port, const char *path, char *body, size_t size)
{
    body[0] = '\0';
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    char req[512];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", path);
    if (write(fd, req, (size_t)n) != n) {
        close(fd);
        return -1;
    }
    static char resp[1 << 20];
    size_t got = 0;
    for (;;) {
        ssize_t r = read(fd, resp + got, sizeof resp - 1 - got);
        if (r <= 0)
            break;
        got += (size_t)r;
        if (got == sizeof resp - 1)
            break;
    }
    close(fd);
    resp[got] = '\0';
    int status = -1;
    if (sscanf(resp, "HTTP/1.%*d %d", &status) != 1)
        return -1;
    const char *b = strstr(resp, "\r\n\r\n");
    snprintf(body, size, "%s", b ? b + 4 : "");
    return status;
}

/* The value of the sample whose name and labels are exactly series (e.g.
 * "newsx_records_produced_total" or "newsx_dead_letters_total{code=\"x\"}")
 * in a Prometheus text page; -1 when absent. */
WU_FN double im_sample(const char *page, const char *series)
{
    size_t n = strlen(series);
    for (const char *p = page; p && *p;) {
        if (strncmp(p, series, n) == 0 && p[n] == ' ')
            return strtod(p + n + 1, NULL);
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    return -1;
}

/* Sum and number of the samples of a metric (every label set). */
WU_FN double im_sum(const char *page, const char *name, int *count)
{
    size_t n = strlen(name);
    double s = 0;
    int c = 0;
    for (const char *p = page; p && *p;) {
        if (strncmp(p, name, n) == 0 && (p[n] == '{' || p[n] == ' ')) {
            const char *sp = strchr(p, ' ');
            const char *nl = strchr(p, '\n');
            if (sp && (!nl || sp < nl)) {
                s += strtod(sp + 1, NULL);
                c++;
            }
        }
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    if (count)
        *count = c;
    return s;
}

/* The endpoint's port from a worker log ("listening on http://127.0.0.1:N"),
 * waiting up to timeout_ms for the line; fails the test without it. */
WU_FN int im_log_port(const char *log_path, int timeout_ms)
{
    static const char needle[] = "listening on http://127.0.0.1:";
    for (int64_t t0 = itest_now_ms(); itest_now_ms() - t0 < timeout_ms; usleep(100000)) {
        FILE *f = fopen(log_path, "r");
        if (!f)
            continue;
        char line[4096];
        int port = 0;
        while (!port && fgets(line, sizeof line, f)) {
            char *p = strstr(line, needle);
            if (p)
                port = atoi(p + sizeof needle - 1);
        }
        fclose(f);
        if (port > 0)
            return port;
    }
    itest_fail("no 'listening on' line in %s", log_path);
}

/* Poll GET path until it answers want_status; returns the last status. */
WU_FN int im_wait_status(int port, const char *path, int want_status, int timeout_ms, char *body,
                         size_t size)
{
    int st = -1;
    for (int64_t t0 = itest_now_ms(); itest_now_ms() - t0 < timeout_ms; usleep(200000)) {
        st = im_http_get(port, path, body, size);
        if (st == want_status)
            break;
    }
    return st;
}

/* Check every line of a worker log is one JSON object with string fields
 * time, level and msg; returns the number of lines. Fails the test
 * otherwise. */
WU_FN int im_check_json_log(const char *log_path)
{
    FILE *f = fopen(log_path, "r");
    if (!f)
        itest_fail("cannot open %s", log_path);
    static char line[1 << 16];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        json_error_t e;
        json_t *o = json_loads(line, 0, &e);
        if (!json_is_object(o) || !json_is_string(json_object_get(o, "time")) ||
            !json_is_string(json_object_get(o, "level")) ||
            !json_is_string(json_object_get(o, "msg")))
            itest_fail("log line %d of %s is not a JSON object with time, level, msg: %s", n + 1,
                       log_path, line);
        json_decref(o);
        n++;
    }
    fclose(f);
    return n;
}

/* Non-zero when the file contains s anywhere. */
WU_FN int im_file_contains(const char *path, const char *s)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        itest_fail("cannot open %s", path);
    static char buf[1 << 20];
    size_t keep = strlen(s), have = 0;
    int found = 0;
    for (;;) {
        size_t r = fread(buf + have, 1, sizeof buf - 1 - have, f);
        if (r == 0)
            break;
        have += r;
        buf[have] = '\0';
        for (size_t i = 0; !found && keep <= have && i <= have - keep; i++)
            found = memcmp(buf + i, s, keep) == 0;
        if (found)
            break;
        if (have > keep) {
            memmove(buf, buf + have - keep, keep);
            have = keep;
        }
    }
    fclose(f);
    return found;
}

/* A worker refused at startup took nothing: its log's final metrics say
 * consumed=0, the group committed no offset of t's input and t's output
 * holds no record. */
WU_FN void im_check_nothing_taken(const char *tag, const char *log, const wu_topics *t)
{
    ITEST_CHECK(wu_log_count(log, "metrics final:") == 1, "%s: no final metrics line", tag);
    ITEST_CHECK(wu_log_counter(log, "consumed") == 0, "%s: consumed=%ld", tag,
                wu_log_counter(log, "consumed"));
    int64_t committed = itest_committed_total(t->group, t->in, t->partitions);
    ITEST_CHECK(committed == 0, "%s: %" PRId64 " offsets committed", tag, committed);
    itest_msgs out = {0};
    wu_read_all(t->out, 1, 5000, 0, &out);
    ITEST_CHECK(out.count == 0, "%s: %zu records written", tag, out.count);
    itest_msgs_free(&out);
}

/* ---- a broker of the test's own ---- */

static char im_broker_state[256], im_broker_sh[512];

static void im_broker_stop(void)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s' --state '%s' stop", im_broker_sh, im_broker_state);
    if (system(cmd) != 0)
        itest_log("stopping the test's own broker failed");
}

/* The value of KEY= in the own broker's state file (static buffer). */
WU_FN const char *im_broker_get(const char *key)
{
    static char val[512];
    FILE *f = fopen(im_broker_state, "r");
    if (!f)
        itest_fail("no state file %s", im_broker_state);
    char line[1024];
    size_t kl = strlen(key);
    val[0] = '\0';
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, key, kl) == 0 && line[kl] == '=') {
            snprintf(val, sizeof val, "%s", line + kl + 1);
            val[strcspn(val, "\n")] = '\0';
        }
    }
    fclose(f);
    return val;
}

/* Start a broker with broker.sh's extra listener options (e.g. "--tls"),
 * stopped at exit; NEWSX_TEST_BOOTSTRAP then names its PLAINTEXT listener.
 * tag names the state file. Read the other listeners with im_broker_get(). */
WU_FN void im_broker_start(const char *tag, const char *options)
{
    char exe[512], ping[600];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        itest_fail("readlink /proc/self/exe failed");
    exe[n] = '\0';
    const char *env_ping = getenv("NEWSX_TEST_KAFKA_PING");
    snprintf(ping, sizeof ping, "%s/kafka_ping", dirname(exe));
    if (env_ping && *env_ping)
        snprintf(ping, sizeof ping, "%s", env_ping);
    snprintf(im_broker_sh, sizeof im_broker_sh, "%s/tests/kafka/broker.sh",
             itest_env("NEWSX_SOURCE_DIR"));
    snprintf(im_broker_state, sizeof im_broker_state, "%s/%s-%d.state",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", tag, (int)getpid());
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' --state '%s' --ping '%s' --owner %d %s start >/dev/null",
             im_broker_sh, im_broker_state, ping, (int)getpid(), options);
    itest_log("starting a broker of the test's own (%s)", options);
    atexit(im_broker_stop);
    if (system(cmd) != 0)
        itest_fail("could not start the broker: %s", cmd);
    setenv("NEWSX_TEST_BOOTSTRAP", im_broker_get("BOOTSTRAP"), 1);
}

#endif
