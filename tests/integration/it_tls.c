/*
 * it_tls.c - the worker against the real broker over TLS.
 *
 * The broker gets an SSL listener that requires a client certificate (mutual
 * TLS) and a SASL_SSL listener with a PLAIN user (tests/kafka/broker.sh --tls
 * --sasl-scram), with a throw-away CA, a broker certificate for 127.0.0.1 and a
 * client certificate. When the caller started it that way
 * (NEWSX_TEST_TLS_BOOTSTRAP and the rest set by broker.sh exec) the test uses
 * it; otherwise it starts its own such broker and stops it at the end.
 * librdkafka's default hostname check (ssl.endpoint.identification.algorithm
 * https) stays on in every run.
 *
 *   1. SSL with the CA and the client certificate: every article gets a
 *      record, every offset is committed.
 *   2. SSL with a CA that did not sign the broker's certificate: the worker
 *      exits by itself with code 3 and a message naming the TLS settings;
 *      nothing is consumed, committed or written.
 *   3. SSL without a client certificate on the listener that requires one:
 *      the broker closes each connection; the worker exits 3 the same way.
 *   4. SASL_SSL with PLAIN, the right password and the CA: every article gets
 *      a record.
 * The key file's contents and the password never appear in a log.
 */
#include "it_metrics_util.h"

#include <time.h>

#define N_ARTICLES   40
#define N_PARTITIONS 2

static char tls_bs[256], ca[512], cert[512], key[512], sasl_ssl_bs[256], user[128], pass[128];
static char other_dir[256];

static void remove_other_ca(void)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", other_dir);
    if (other_dir[0] && system(cmd) != 0)
        itest_log("removing %s failed", other_dir);
}

static void start_own_broker(void)
{
    snprintf(user, sizeof user, "newsx-it");
    snprintf(pass, sizeof pass, "Pw-it-tls-%08lx%04x", (unsigned long)time(NULL),
             (unsigned)getpid() & 0xffff);
    char opt[300];
    snprintf(opt, sizeof opt, "--tls --sasl-scram '%s:%s'", user, pass);
    im_broker_start("it-tls", opt);
    snprintf(tls_bs, sizeof tls_bs, "%s", im_broker_get("TLS_BOOTSTRAP"));
    snprintf(ca, sizeof ca, "%s", im_broker_get("TLS_CA"));
    snprintf(cert, sizeof cert, "%s", im_broker_get("TLS_CERT"));
    snprintf(key, sizeof key, "%s", im_broker_get("TLS_KEY"));
    snprintf(sasl_ssl_bs, sizeof sasl_ssl_bs, "%s", im_broker_get("SASL_SSL_BOOTSTRAP"));
}

/* A second CA that has signed nothing the broker presents. */
static void make_other_ca(char *path, size_t size)
{
    snprintf(other_dir, sizeof other_dir, "%s/it-tls-ca-%d",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    atexit(remove_other_ca);
    snprintf(path, size, "%s/ca.pem", other_dir);
    char cmd[1400];
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s' && openssl req -x509 -newkey rsa:2048 -nodes -days 1 "
             "-subj '/CN=newsx other CA' -keyout '%s/ca.key' -out '%s' >/dev/null 2>&1",
             other_dir, other_dir, path);
    if (system(cmd) != 0)
        itest_fail("could not make a second CA: %s", cmd);
}

/* Worker settings for one run; NULL members are left out. */
typedef struct tls_run {
    const char *tag, *bootstrap, *protocol, *ca, *cert, *key, *mechanism;
} tls_run;

static pid_t start(const tls_run *r, const wu_topics *t, const char *log, int expect_exit)
{
    static char s[8][700];
    const char *extra[12];
    int n = 0, k = 0;
#define ADD(...)                                                                                   \
    do {                                                                                           \
        snprintf(s[k], sizeof s[k], __VA_ARGS__);                                                  \
        extra[n++] = s[k++];                                                                       \
    } while (0)
    ADD("kafka.security.protocol=%s", r->protocol);
    ADD("kafka.ssl.ca.location=%s", r->ca);
    if (r->cert)
        ADD("kafka.ssl.certificate.location=%s", r->cert);
    if (r->key)
        ADD("kafka.ssl.key.location=%s", r->key);
    if (r->mechanism) {
        ADD("kafka.sasl.mechanism=%s", r->mechanism);
        ADD("kafka.sasl.username=%s", user);
        ADD("kafka.sasl.password=%s", pass);
    }
#undef ADD
    extra[n++] = "http.port=0";
    extra[n++] = "log.level=debug";
    extra[n++] = "kafka.debug=security,conf";
    extra[n] = NULL;
    wu_expect_early_exit = expect_exit;
    pid_t pid = wu_start_on(r->bootstrap, t, extra, log);
    wu_expect_early_exit = 0;
    return pid;
}

/* The private key's base64 body and the password never reach the log. */
static void check_no_secret(const char *log)
{
    FILE *f = fopen(key, "r");
    if (!f)
        itest_fail("cannot read %s", key);
    char line[256];
    int checked = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "-----", 5) == 0 || strlen(line) < 40)
            continue;
        ITEST_CHECK(!im_file_contains(log, line), "a line of the private key is printed in %s",
                    log);
        checked++;
    }
    fclose(f);
    ITEST_CHECK(checked > 0, "no key line read from %s", key);
    ITEST_CHECK(!im_file_contains(log, pass), "the password is printed in %s", log);
    im_check_json_log(log);
}

/* Topics with N_ARTICLES articles for run r, and its log path (removed). */
static void prepare(const tls_run *r, wu_topics *t, char *log, size_t log_size)
{
    char prefix[64];
    snprintf(prefix, sizeof prefix, "it-tls-%s", r->tag);
    wu_topics_make(t, prefix, N_PARTITIONS);
    wu_produce_articles(t->in, N_PARTITIONS, N_ARTICLES);
    snprintf(log, log_size, "/tmp/it-tls-%s-%d.log", r->tag, (int)getpid());
    unlink(log);
}

static void accepted(const tls_run *r)
{
    wu_topics t;
    char log[256];
    prepare(r, &t, log, sizeof log);
    pid_t pid = start(r, &t, log, 0);
    itest_msgs out = {0};
    wu_read_all(t.out, N_ARTICLES, 120000, 1000, &out);
    ITEST_CHECK(out.count == N_ARTICLES, "%s: %zu records, want %d", r->tag, out.count, N_ARTICLES);
    int rc = wu_stop(pid, SIGTERM, 60000);
    ITEST_CHECK(rc == 0, "%s: exit %d after SIGTERM", r->tag, rc);
    int64_t committed = itest_committed_total(t.group, t.in, N_PARTITIONS);
    ITEST_CHECK(committed == N_ARTICLES, "%s: %" PRId64 " offsets committed, want %d", r->tag,
                committed, N_ARTICLES);
    ITEST_CHECK(wu_log_count(log, "Kafka TLS") == 0, "%s: a TLS failure with good settings",
                r->tag);
    ITEST_CHECK(wu_log_count(log, "Broker SSL certificate verified") > 0,
                "%s: librdkafka did not verify the broker certificate", r->tag);
    check_no_secret(log);
    itest_msgs_free(&out);
    itest_log("%s: %d records over TLS", r->tag, N_ARTICLES);
    unlink(log);
}

/* A run that must fail: exit 3 by itself, a message naming note, nothing
 * consumed, committed or written. */
static void refused(const tls_run *r, const char *note)
{
    wu_topics t;
    char log[256];
    prepare(r, &t, log, sizeof log);
    pid_t pid = start(r, &t, log, 1);
    int rc = wu_wait(pid, 90000);
    if (rc < 0)
        rc = wu_stop(pid, SIGKILL, 10000);
    ITEST_CHECK(rc == 3, "%s: exit %d, want 3", r->tag, rc);
    ITEST_CHECK(wu_log_count(log, note) >= 1, "%s: the message does not say '%s'", r->tag, note);
    im_check_nothing_taken(r->tag, log, &t);
    check_no_secret(log);
    itest_log("%s refused: exit 3, nothing consumed", r->tag);
    unlink(log);
}

int main(void)
{
    const char *e_bs = getenv("NEWSX_TEST_TLS_BOOTSTRAP");
    if (e_bs && *e_bs) {
        snprintf(tls_bs, sizeof tls_bs, "%s", e_bs);
        snprintf(ca, sizeof ca, "%s", itest_env("NEWSX_TEST_TLS_CA"));
        snprintf(cert, sizeof cert, "%s", itest_env("NEWSX_TEST_TLS_CERT"));
        snprintf(key, sizeof key, "%s", itest_env("NEWSX_TEST_TLS_KEY"));
        snprintf(sasl_ssl_bs, sizeof sasl_ssl_bs, "%s", itest_env("NEWSX_TEST_SASL_SSL_BOOTSTRAP"));
        snprintf(user, sizeof user, "%s", itest_env("NEWSX_TEST_SASL_USER"));
        snprintf(pass, sizeof pass, "%s", itest_env("NEWSX_TEST_SASL_PASSWORD"));
    } else {
        start_own_broker();
    }
    itest_log("TLS broker: SSL %s, SASL_SSL %s", tls_bs, sasl_ssl_bs);
    char other_ca[300];
    make_other_ca(other_ca, sizeof other_ca);

    tls_run mtls = {"mtls", tls_bs, "SSL", ca, cert, key, NULL};
    tls_run wrong_ca = {"wrong-ca", tls_bs, "SSL", other_ca, cert, key, NULL};
    tls_run no_cert = {"no-cert", tls_bs, "SSL", ca, NULL, NULL, NULL};
    tls_run plain = {"sasl-ssl-plain", sasl_ssl_bs, "SASL_SSL", ca, NULL, NULL, "PLAIN"};
    accepted(&mtls);
    refused(&wrong_ca, "kafka.ssl.ca.location");
    refused(&no_cert, "kafka.ssl.certificate.location");
    accepted(&plain);
    return itest_pass();
}
