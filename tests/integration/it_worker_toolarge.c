/*
 * it_worker_toolarge.c - records the broker refuses as too large go to the
 * dead-letter topic, under both guarantees.
 *
 * The output topic has max.message.bytes=6000, so the broker (not the
 * producer, whose own limit is far higher) refuses every record above it.
 * Every fourth article is long enough for its record to be refused; the
 * others give records of about 2.5 kB (one message a batch, so small records
 * never share a refused batch). For at_least_once and then exactly_once:
 *   - every input offset ends exactly once as a record or a dead letter;
 *   - each long article is a dead letter with code record_too_large and its
 *     bytes intact; each short one is a record;
 *   - under exactly_once the refusal aborts its transaction once; after the
 *     rewind the article goes to the dead-letter topic instead of looping
 *     through abort and retry (at most two aborts per long article: one for
 *     its refusal, one when the abort catches a dead letter in flight);
 *   - the worker exits 0 on SIGTERM.
 */
#include "it_worker_util.h"

#define N_ARTICLES   40
#define N_PARTITIONS 2
#define N_LONG       (N_ARTICLES / 4)

static int is_long(int i)
{
    return i % 4 == 3;
}

/* Article i: wu_article(), and for the long ones 60 more sentences. */
static size_t article(char *buf, size_t size, int i)
{
    size_t n = wu_article(buf, size, i);
    for (int k = 0; is_long(i) && k < 60 && n + 200 < size; k++)
        n += (size_t)snprintf(buf + n, size - n,
                              "Councillor Ada Moreno of District %d said on Tuesday that the plan "
                              "would cost $%d million over %d years. ",
                              k, 2 + k % 7, 3 + k % 5);
    return n;
}

static void run(const char *guarantee)
{
    wu_topics t;
    char prefix[64];
    snprintf(prefix, sizeof prefix, "it-toolarge-%s", guarantee);
    static const char *const small_out[] = {"max.message.bytes", "6000", NULL};
    wu_topics_make_config(&t, prefix, N_PARTITIONS, small_out);

    rd_kafka_t *prod = itest_producer_new(NULL);
    static char buf[32768];
    char key[32];
    for (int i = 0; i < N_ARTICLES; i++) {
        size_t len = article(buf, sizeof buf, i);
        int kl = snprintf(key, sizeof key, "k%d", i);
        itest_produce(prod, t.in, i % N_PARTITIONS, key, (size_t)kl, buf, len);
    }
    itest_producer_flush(prod, N_ARTICLES);
    itest_producer_destroy(prod);

    char guar[80], log[256];
    snprintf(guar, sizeof guar, "processing.guarantee=%s", guarantee);
    snprintf(log, sizeof log, "/tmp/it-toolarge-%s-%d.log", guarantee, (int)getpid());
    unlink(log);
    const char *extra[] = {guar,
                           "instance.id=toolarge-1",
                           "eos.commit.articles=8",
                           "eos.commit.interval.ms=200",
                           "kafka.producer.batch.num.messages=1",
                           "http.port=0",
                           NULL};
    pid_t pid = wu_start(&t, extra, log);

    rd_kafka_t *rc_out = itest_consumer_new(NULL, t.out, wu_read_committed);
    rd_kafka_t *rc_dl = itest_consumer_new(NULL, t.dl, wu_read_committed);
    itest_msgs out = {0}, dl = {0};
    int64_t deadline = itest_now_ms() + 120000;
    while (out.count + dl.count < N_ARTICLES && itest_now_ms() < deadline) {
        itest_consume(rc_out, N_ARTICLES - N_LONG, 500, 0, &out);
        itest_consume(rc_dl, N_LONG, 500, 0, &dl);
    }
    /* anything surplus (a duplicate would show here) */
    itest_consume(rc_out, N_ARTICLES, 2000, 0, &out);
    itest_consume(rc_dl, N_ARTICLES, 2000, 0, &dl);
    int rc = wu_stop(pid, SIGTERM, 60000);
    itest_consumer_destroy(rc_out);
    itest_consumer_destroy(rc_dl);
    ITEST_CHECK(rc == 0, "%s: exit %d after SIGTERM", guarantee, rc);

    wu_cover cov;
    wu_cover_init(&cov, N_PARTITIONS, N_ARTICLES);
    for (size_t i = 0; i < out.count; i++)
        wu_cover_add(&cov, &out.items[i]);
    for (size_t i = 0; i < dl.count; i++)
        wu_cover_add(&cov, &dl.items[i]);
    size_t missing = 0, dups = 0;
    wu_cover_count(&cov, &missing, &dups);
    itest_log("%s: %zu records, %zu dead letters, %zu missing, %zu duplicates", guarantee,
              out.count, dl.count, missing, dups);
    ITEST_CHECK(missing == 0, "%s: %zu articles have neither record nor dead letter", guarantee,
                missing);
    ITEST_CHECK(dups == 0, "%s: %zu duplicates", guarantee, dups);
    ITEST_CHECK(cov.strays == 0, "%s: %zu strays", guarantee, cov.strays);
    ITEST_CHECK(out.count == N_ARTICLES - N_LONG, "%s: %zu records, want %d", guarantee, out.count,
                N_ARTICLES - N_LONG);
    ITEST_CHECK(dl.count == N_LONG, "%s: %zu dead letters, want %d", guarantee, dl.count, N_LONG);
    for (size_t k = 0; k < dl.count; k++) {
        const itest_msg *m = &dl.items[k];
        const char *code = itest_msg_header(m, "newsx-error-code");
        const char *so = itest_msg_header(m, "newsx-source-offset");
        const char *sp = itest_msg_header(m, "newsx-source-partition");
        ITEST_CHECK(code && strcmp(code, "record_too_large") == 0, "%s: dead letter code %s",
                    guarantee, code ? code : "(none)");
        if (!so || !sp)
            continue;
        int i = (int)strtol(so, NULL, 10) * N_PARTITIONS + atoi(sp);
        ITEST_CHECK(is_long(i), "%s: short article %d is a dead letter", guarantee, i);
        size_t len = article(buf, sizeof buf, i);
        ITEST_CHECK(m->value_len == len && memcmp(m->value, buf, len) == 0,
                    "%s: dead letter of article %d is not its bytes", guarantee, i);
    }
    int aborts = wu_log_count(log, "transaction aborted;");
    itest_log("%s: %d transaction abort(s)", guarantee, aborts);
    ITEST_CHECK(aborts <= 2 * N_LONG, "%s: %d aborts for %d refused records", guarantee, aborts,
                N_LONG);
    if (strcmp(guarantee, "exactly_once") == 0)
        ITEST_CHECK(aborts >= 1, "exactly_once: no abort, so the broker refused nothing");
    ITEST_CHECK(wu_log_counter(log, "deadletters") == N_LONG, "%s: deadletters=%ld, want %d",
                guarantee, wu_log_counter(log, "deadletters"), N_LONG);
    wu_cover_free(&cov);
    itest_msgs_free(&out);
    itest_msgs_free(&dl);
    unlink(log);
}

int main(void)
{
    run("at_least_once");
    run("exactly_once");
    return itest_pass();
}
