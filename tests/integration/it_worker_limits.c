/*
 * it_worker_limits.c - inputs the core cannot take end as dead letters.
 *
 * With default settings except a 64 KiB input limit, a 100 KiB article and a
 * message that is not UTF-8 at all (random high bytes, no text) go to the
 * dead-letter topic (input_too_large and binary_input), byte-identical, while
 * the good articles around them come out as records.
 */
#include "it_worker_util.h"

#define LIMIT    65536
#define BIG_SIZE (100 * 1024)

int main(void)
{
    wu_topics t;
    wu_topics_make(&t, "it-limits", 1);

    char *big = malloc(BIG_SIZE);
    size_t n = 0;
    n += (size_t)snprintf(big, BIG_SIZE, "Title: A very long report\n\n");
    while (n + 64 < BIG_SIZE)
        n += (size_t)snprintf(big + n, BIG_SIZE - n, "The harbour board met again this week. ");
    size_t big_len = n;

    unsigned char junk[3000];
    unsigned s = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        s = s * 1103515245u + 12345u;
        junk[i] = (unsigned char)(0x80 | ((s >> 16) & 0x7F));
    }

    char art[1024];
    rd_kafka_t *p = itest_producer_new(NULL);
    size_t l0 = wu_article(art, sizeof art, 1);
    itest_produce(p, t.in, 0, "good-1", 6, art, l0);
    itest_produce(p, t.in, 0, "big", 3, big, big_len);
    l0 = wu_article(art, sizeof art, 2);
    itest_produce(p, t.in, 0, "good-2", 6, art, l0);
    itest_produce(p, t.in, 0, "junk", 4, junk, sizeof junk);
    l0 = wu_article(art, sizeof art, 3);
    itest_produce(p, t.in, 0, "good-3", 6, art, l0);
    itest_producer_flush(p, 5);
    itest_producer_destroy(p);

    char lim[64];
    snprintf(lim, sizeof lim, "core.max.input.bytes=%d", LIMIT);
    const char *extra[] = {lim, NULL};
    pid_t pid = wu_start(&t, extra, NULL);
    itest_msgs recs = {0}, dls = {0};
    wu_read_all(t.out, 3, 60000, 1000, &recs);
    wu_read_all(t.dl, 2, 60000, 1000, &dls);
    int rc = wu_stop(pid, SIGTERM, 40000);
    ITEST_CHECK(rc == 0, "worker exited with %d", rc);

    ITEST_CHECK(recs.count == 3, "expected 3 records, got %zu", recs.count);
    ITEST_CHECK(dls.count == 2, "expected 2 dead letters, got %zu", dls.count);
    int got_big = 0, got_junk = 0;
    for (size_t i = 0; i < dls.count; i++) {
        const itest_msg *m = &dls.items[i];
        const char *code = itest_msg_header(m, "newsx-error-code");
        const char *off = itest_msg_header(m, "newsx-source-offset");
        ITEST_CHECK(code && off, "dead letter without headers");
        itest_log("dead letter key=%s offset=%s code=%s (%s)", m->key ? m->key : "(null)", off,
                  code, itest_msg_header(m, "newsx-error"));
        if (m->key && strcmp(m->key, "big") == 0) {
            ITEST_CHECK(strcmp(code, "input_too_large") == 0, "big article: code %s", code);
            ITEST_CHECK(m->value_len == big_len && memcmp(m->value, big, big_len) == 0,
                        "big article changed in the dead-letter topic");
            ITEST_CHECK(strcmp(off, "1") == 0, "big article: source offset %s", off);
            got_big = 1;
        } else if (m->key && strcmp(m->key, "junk") == 0) {
            ITEST_CHECK(strcmp(code, "binary_input") == 0, "junk: code %s", code);
            ITEST_CHECK(m->value_len == sizeof junk && memcmp(m->value, junk, sizeof junk) == 0,
                        "junk changed in the dead-letter topic");
            ITEST_CHECK(strcmp(off, "3") == 0, "junk: source offset %s", off);
            got_junk = 1;
        }
    }
    ITEST_CHECK(got_big && got_junk, "big=%d junk=%d", got_big, got_junk);
    free(big);
    itest_msgs_free(&recs);
    itest_msgs_free(&dls);
    return itest_pass();
}
