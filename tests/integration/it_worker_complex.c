/*
 * it_worker_complex.c - articles over the work budget are too_complex dead
 * letters, and records are keyed by the id nx_extract_id() hands back.
 *
 * The worker runs with core.max.steps.per.byte=8 and core.min.steps=1: the
 * test's news articles need about 4.5 steps a byte, and every fourth article
 * is a run of quotation marks ('"a ' repeated, about 10.4 steps a byte).
 * Under at_least_once:
 *   - every input offset ends exactly once as a record or a dead letter;
 *   - each quotation-mark article is a dead letter with code too_complex and
 *     its bytes intact; each news article is a record;
 *   - each record's message key is the record's "id" (the article's Id
 *     header), as the worker no longer parses the record to find it;
 *   - the worker exits 0 on SIGTERM.
 */
#include <jansson.h>

#include "it_worker_util.h"

#define N_ARTICLES   24
#define N_PARTITIONS 2
#define N_COMPLEX    (N_ARTICLES / 4)

static int is_complex(int i)
{
    return i % 4 == 1;
}

static size_t article(char *buf, size_t size, int i)
{
    if (!is_complex(i))
        return wu_article(buf, size, i);
    size_t n = (size_t)snprintf(buf, size, "Id: it-complex-%d\n\n", i);
    for (int k = 0; k < 1000 && n + 4 < size; k++)
        n += (size_t)snprintf(buf + n, size - n, "\"a ");
    return n;
}

int main(void)
{
    wu_topics t;
    wu_topics_make(&t, "it-complex", N_PARTITIONS);

    rd_kafka_t *prod = itest_producer_new(NULL);
    static char buf[8192];
    char key[32];
    for (int i = 0; i < N_ARTICLES; i++) {
        size_t len = article(buf, sizeof buf, i);
        int kl = snprintf(key, sizeof key, "k%d", i);
        itest_produce(prod, t.in, i % N_PARTITIONS, key, (size_t)kl, buf, len);
    }
    itest_producer_flush(prod, N_ARTICLES);
    itest_producer_destroy(prod);

    char log[256];
    snprintf(log, sizeof log, "/tmp/it-complex-%d.log", (int)getpid());
    unlink(log);
    const char *extra[] = {"core.max.steps.per.byte=8", "core.min.steps=1", "http.port=0", NULL};
    pid_t pid = wu_start(&t, extra, log);

    rd_kafka_t *rc_out = itest_consumer_new(NULL, t.out, NULL);
    rd_kafka_t *rc_dl = itest_consumer_new(NULL, t.dl, NULL);
    itest_msgs out = {0}, dl = {0};
    int64_t deadline = itest_now_ms() + 120000;
    while (out.count + dl.count < N_ARTICLES && itest_now_ms() < deadline) {
        itest_consume(rc_out, N_ARTICLES - N_COMPLEX, 500, 0, &out);
        itest_consume(rc_dl, N_COMPLEX, 500, 0, &dl);
    }
    itest_consume(rc_out, N_ARTICLES, 2000, 0, &out); /* a duplicate would show here */
    itest_consume(rc_dl, N_ARTICLES, 2000, 0, &dl);
    int rc = wu_stop(pid, SIGTERM, 60000);
    itest_consumer_destroy(rc_out);
    itest_consumer_destroy(rc_dl);
    ITEST_CHECK(rc == 0, "exit %d after SIGTERM", rc);

    wu_cover cov;
    wu_cover_init(&cov, N_PARTITIONS, N_ARTICLES);
    for (size_t i = 0; i < out.count; i++)
        wu_cover_add(&cov, &out.items[i]);
    for (size_t i = 0; i < dl.count; i++)
        wu_cover_add(&cov, &dl.items[i]);
    size_t missing = 0, dups = 0;
    wu_cover_count(&cov, &missing, &dups);
    itest_log("%zu records, %zu dead letters, %zu missing, %zu duplicates", out.count, dl.count,
              missing, dups);
    ITEST_CHECK(missing == 0 && dups == 0 && cov.strays == 0,
                "%zu missing, %zu duplicates, %zu strays", missing, dups, cov.strays);
    ITEST_CHECK(out.count == N_ARTICLES - N_COMPLEX, "%zu records, want %d", out.count,
                N_ARTICLES - N_COMPLEX);
    ITEST_CHECK(dl.count == N_COMPLEX, "%zu dead letters, want %d", dl.count, N_COMPLEX);
    for (size_t k = 0; k < dl.count; k++) {
        const itest_msg *m = &dl.items[k];
        const char *code = itest_msg_header(m, "newsx-error-code");
        const char *so = itest_msg_header(m, "newsx-source-offset");
        const char *sp = itest_msg_header(m, "newsx-source-partition");
        ITEST_CHECK(code && strcmp(code, "too_complex") == 0, "dead letter code %s",
                    code ? code : "(none)");
        if (!so || !sp)
            continue;
        int i = (int)strtol(so, NULL, 10) * N_PARTITIONS + atoi(sp);
        ITEST_CHECK(is_complex(i), "news article %d is a dead letter", i);
        size_t len = article(buf, sizeof buf, i);
        ITEST_CHECK(m->value_len == len && memcmp(m->value, buf, len) == 0,
                    "dead letter of article %d is not its bytes", i);
    }
    for (size_t k = 0; k < out.count; k++) {
        const itest_msg *m = &out.items[k];
        json_error_t jerr;
        json_t *rec = json_loadb(m->value, m->value_len, 0, &jerr);
        const char *id = json_string_value(json_object_get(rec, "id"));
        ITEST_CHECK(id && strncmp(id, "it-article-", 11) == 0 && m->key_len == strlen(id) &&
                        memcmp(m->key, id, m->key_len) == 0,
                    "record %zu: key %.*s, id %s", k, (int)m->key_len, (const char *)m->key,
                    id ? id : "(none)");
        json_decref(rec);
    }
    ITEST_CHECK(wu_log_counter(log, "deadletters") == N_COMPLEX, "deadletters=%ld, want %d",
                wu_log_counter(log, "deadletters"), N_COMPLEX);
    wu_cover_free(&cov);
    itest_msgs_free(&out);
    itest_msgs_free(&dl);
    unlink(log);
    return itest_pass();
}
