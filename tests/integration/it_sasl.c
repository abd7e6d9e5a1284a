/*
 * it_sasl.c - the worker against the real broker over SASL_PLAINTEXT.
 *
 * The broker has a SASL_PLAINTEXT listener with one user, as SCRAM-SHA-512
 * credentials and as a PLAIN user (tests/kafka/broker.sh --sasl-scram). When
 * the caller started it that way (NEWSX_TEST_SASL_BOOTSTRAP, _USER and
 * _PASSWORD set by broker.sh exec) the test uses it; otherwise it starts its
 * own such broker next to the one of the test run and stops it at the end.
 *
 *   1. SCRAM-SHA-512 with a wrong password: the worker exits by itself with
 *      code 3 and a message naming the authentication failure; nothing is
 *      consumed (no offset committed, no record written, consumed=0).
 *   2. SCRAM-SHA-512 with the right password: every article gets a record
 *      and every offset is committed. (librdkafka before 2.6.1, Debian 12's
 *      2.0.2 among them, fails here against Kafka 4.x: librdkafka issue 4895;
 *      the build requires 2.12.0, deploy/librdkafka.sh.)
 *   3. PLAIN with the right password: every article gets a record.
 *   4. PLAIN with a wrong password: exit 3, nothing consumed.
 * Neither password ever appears in a log, at debug level with librdkafka's
 * security and configuration debug output on.
 */
#include "it_metrics_util.h"

#include <time.h>

#define N_ARTICLES   60
#define N_PARTITIONS 3
#define WRONG        "Wrong-pw-it-sasl-4d2b"

/* Start a broker with a SASL listener of our own; sets the test bootstrap
 * to its PLAINTEXT listener. */
static void start_own_broker(char *bs, size_t bs_size, char *user, size_t user_size, char *pass,
                             size_t pass_size)
{
    snprintf(user, user_size, "newsx-it");
    snprintf(pass, pass_size, "Pw-it-sasl-%08lx%04x", (unsigned long)time(NULL),
             (unsigned)getpid() & 0xffff);
    char opt[300];
    snprintf(opt, sizeof opt, "--sasl-scram '%s:%s'", user, pass);
    im_broker_start("it-sasl", opt);
    snprintf(bs, bs_size, "%s", im_broker_get("SASL_BOOTSTRAP"));
    itest_log("SASL broker: plaintext %s, SASL %s", itest_bootstrap(), bs);
}

typedef struct scenario {
    const char *bs, *user, *pass, *mechanism;
} scenario;

static pid_t start(const scenario *s, const wu_topics *t, const char *password, const char *log,
                   int expect_exit)
{
    static char u[300], pw[300], mech[300];
    snprintf(u, sizeof u, "kafka.sasl.username=%s", s->user);
    snprintf(pw, sizeof pw, "kafka.sasl.password=%s", password);
    snprintf(mech, sizeof mech, "kafka.sasl.mechanism=%s", s->mechanism);
    const char *extra[] = {"kafka.security.protocol=SASL_PLAINTEXT",
                           mech,
                           u,
                           pw,
                           "http.port=0",
                           "log.level=debug",
                           "kafka.debug=security,conf",
                           NULL};
    wu_expect_early_exit = expect_exit;
    pid_t pid = wu_start_on(s->bs, t, extra, log);
    wu_expect_early_exit = 0;
    return pid;
}

static void check_no_secret(const char *log, const scenario *s)
{
    ITEST_CHECK(!im_file_contains(log, s->pass), "the right password is printed in %s", log);
    ITEST_CHECK(!im_file_contains(log, WRONG), "the wrong password is printed in %s", log);
    im_check_json_log(log);
}

/* A run that must fail authentication with password: exit 3 by itself,
 * nothing consumed. note: a text the message must contain, or NULL. */
static void refused(const scenario *s, const char *tag, const char *password, const char *note)
{
    wu_topics t;
    char prefix[64], log[256];
    snprintf(prefix, sizeof prefix, "it-sasl-%s-bad", tag);
    wu_topics_make(&t, prefix, N_PARTITIONS);
    wu_produce_articles(t.in, N_PARTITIONS, N_ARTICLES);
    snprintf(log, sizeof log, "/tmp/it-sasl-%s-bad-%d.log", tag, (int)getpid());
    unlink(log);
    pid_t pid = start(s, &t, password, log, 1);
    int rc = wu_wait(pid, 90000);
    ITEST_CHECK(rc == 3, "%s: exit %d, want 3", tag, rc);
    ITEST_CHECK(!note || wu_log_count(log, note) >= 1, "%s: the message does not say '%s'", tag,
                note);
    ITEST_CHECK(wu_log_count(log, "Kafka authentication failed") >= 1,
                "%s: no clear authentication message in the log", tag);
    im_check_nothing_taken(tag, log, &t);
    check_no_secret(log, s);
    itest_log("%s refused: exit 3, nothing consumed", tag);
    unlink(log);
}

static void right_password(const scenario *s, const char *tag)
{
    wu_topics t;
    char prefix[64], log[256];
    snprintf(prefix, sizeof prefix, "it-sasl-%s-ok", tag);
    wu_topics_make(&t, prefix, N_PARTITIONS);
    wu_produce_articles(t.in, N_PARTITIONS, N_ARTICLES);
    snprintf(log, sizeof log, "/tmp/it-sasl-%s-ok-%d.log", tag, (int)getpid());
    unlink(log);
    pid_t pid = start(s, &t, s->pass, log, 0);
    itest_msgs out = {0};
    wu_read_all(t.out, N_ARTICLES, 120000, 1000, &out);
    ITEST_CHECK(out.count == N_ARTICLES, "%s: %zu records, want %d", tag, out.count, N_ARTICLES);
    int rc = wu_stop(pid, SIGTERM, 60000);
    ITEST_CHECK(rc == 0, "%s: exit %d after SIGTERM", tag, rc);
    int64_t committed = itest_committed_total(t.group, t.in, N_PARTITIONS);
    ITEST_CHECK(committed == N_ARTICLES, "%s: %" PRId64 " offsets committed, want %d", tag,
                committed, N_ARTICLES);
    ITEST_CHECK(wu_log_count(log, "Kafka authentication failed") == 0,
                "%s: authentication failure with the right password", tag);
    ITEST_CHECK(wu_log_count(log, "\"facility\":\"SASL\"") > 0,
                "%s: no librdkafka SASL debug line (the secret check would be vacuous)", tag);
    check_no_secret(log, s);
    itest_msgs_free(&out);
    itest_log("%s with the right password: %d records", tag, N_ARTICLES);
    unlink(log);
}

int main(void)
{
    char bs[256], user[128], pass[128];
    const char *e_bs = getenv("NEWSX_TEST_SASL_BOOTSTRAP");
    if (e_bs && *e_bs) {
        snprintf(bs, sizeof bs, "%s", e_bs);
        snprintf(user, sizeof user, "%s", itest_env("NEWSX_TEST_SASL_USER"));
        snprintf(pass, sizeof pass, "%s", itest_env("NEWSX_TEST_SASL_PASSWORD"));
    } else {
        start_own_broker(bs, sizeof bs, user, sizeof user, pass, sizeof pass);
    }
    scenario scram = {bs, user, pass, "SCRAM-SHA-512"};
    scenario plain = {bs, user, pass, "PLAIN"};
    refused(&scram, "scram-wrong", WRONG, NULL);
    right_password(&scram, "scram");
    right_password(&plain, "plain");
    refused(&plain, "plain-wrong", WRONG, NULL);
    return itest_pass();
}
