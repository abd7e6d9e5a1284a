/*
 * it_worker_poison.c - poison articles mixed into good ones.
 *
 * Eight kinds of bad input (over the size limit, invalid UTF-8 under the
 * strict policy, empty, a NULL value, a malformed JSON envelope, a JSON
 * envelope without a body, binary junk, whitespace only) are spread among good
 * articles over 3 partitions. Each bad one must land in the dead-letter topic
 * with its key and value byte-identical, the expected newsx-error-code and the
 * source headers; every good one must come out as a record; and no poison may
 * hold back the good articles behind it.
 */
#include "it_worker_util.h"

#define N_MESSAGES   280
#define N_PARTITIONS 3
#define MAX_INPUT    4096

typedef struct input {
    char *key;
    size_t key_len;
    char *val; /* NULL for a NULL value */
    size_t val_len;
    const char *code; /* expected error code, NULL for a good article */
    int32_t partition;
    int64_t offset;
} input;

static char *dupmem(const void *p, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        itest_fail("out of memory");
    memcpy(d, p, n);
    d[n] = '\0';
    return d;
}

/* Poison kind k into in (value and expected code). */
static void make_poison(input *in, int k, int i)
{
    char buf[8192];
    size_t n = 0;
    switch (k) {
    case 0: /* larger than core.max.input.bytes */
        n = (size_t)snprintf(buf, sizeof buf, "Title: Long %d\n\n", i);
        while (n < MAX_INPUT + 500)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "The river rose again today. ");
        in->code = "input_too_large";
        break;
    case 1: /* invalid UTF-8 under core.strict.utf8=true */
        n = (size_t)snprintf(buf, sizeof buf,
                             "Title: Broken %d\n\nThe mayor said \xC3\x28 the bridge will "
                             "reopen on Friday after repairs.\n",
                             i);
        in->code = "bad_utf8";
        break;
    case 2: /* empty value */
        n = 0;
        in->code = "empty_body";
        break;
    case 3: /* NULL value */
        in->val = NULL;
        in->val_len = 0;
        in->code = "empty_body";
        return;
    case 4: /* malformed JSON envelope */
        n = (size_t)snprintf(buf, sizeof buf, "{\"title\": \"Cut short %d\", \"text\": ", i);
        in->code = "bad_envelope";
        break;
    case 5: /* JSON envelope without a body field */
        n = (size_t)snprintf(buf, sizeof buf, "{\"title\": \"Only a title %d\"}", i);
        in->code = "bad_envelope";
        break;
    case 6: /* binary junk with NUL bytes */
        for (n = 0; n < 600; n++)
            buf[n] = (char)((n * 131u + (unsigned)i * 7u) & 0xFF);
        buf[3] = '\0';
        in->code = "binary_input";
        break;
    default: /* whitespace only */
        n = (size_t)snprintf(buf, sizeof buf, "   \n\t\n  \n");
        in->code = "empty_body";
        break;
    }
    in->val = dupmem(buf, n);
    in->val_len = n;
}

int main(void)
{
    wu_topics t;
    wu_topics_make(&t, "it-poison", N_PARTITIONS);

    input *ins = calloc(N_MESSAGES, sizeof *ins);
    int64_t next_off[N_PARTITIONS] = {0};
    size_t n_poison = 0, n_good = 0;
    rd_kafka_t *p = itest_producer_new(NULL);
    for (int i = 0; i < N_MESSAGES; i++) {
        input *in = &ins[i];
        char key[64], buf[1024];
        int is_poison = i % 5 == 2;
        if (is_poison) {
            int kind = (int)(n_poison % 8);
            make_poison(in, kind, i);
            /* every fourth poison has no key at all */
            if (n_poison % 4 != 3) {
                int kl = snprintf(key, sizeof key, "poison-%d-kind-%d", i, kind);
                in->key = dupmem(key, (size_t)kl);
                in->key_len = (size_t)kl;
            }
            n_poison++;
        } else {
            size_t len = wu_article(buf, sizeof buf, i);
            in->val = dupmem(buf, len);
            in->val_len = len;
            int kl = snprintf(key, sizeof key, "good-%d", i);
            in->key = dupmem(key, (size_t)kl);
            in->key_len = (size_t)kl;
            n_good++;
        }
        in->partition = i % N_PARTITIONS;
        in->offset = next_off[in->partition]++;
        itest_produce(p, t.in, in->partition, in->key, in->key_len, in->val, in->val_len);
    }
    itest_producer_flush(p, N_MESSAGES);
    itest_producer_destroy(p);
    itest_log("produced %zu good and %zu poison articles", n_good, n_poison);

    char maxin[64];
    snprintf(maxin, sizeof maxin, "core.max.input.bytes=%d", MAX_INPUT);
    const char *extra[] = {"core.strict.utf8=true", maxin, "threads=2", NULL};
    pid_t pid = wu_start(&t, extra, NULL);

    itest_msgs recs = {0}, dls = {0};
    wu_read_all(t.out, n_good, 120000, 1000, &recs);
    wu_read_all(t.dl, n_poison, 60000, 1000, &dls);
    int rc = wu_stop(pid, SIGTERM, 40000);
    ITEST_CHECK(rc == 0, "worker exited with %d after SIGTERM, expected 0", rc);
    itest_log("records=%zu deadletters=%zu", recs.count, dls.count);

    int *seen = calloc(N_MESSAGES, sizeof *seen);
    size_t wrong = 0;
    for (size_t d = 0; d < dls.count; d++) {
        const itest_msg *m = &dls.items[d];
        const char *sp = itest_msg_header(m, "newsx-source-partition");
        const char *so = itest_msg_header(m, "newsx-source-offset");
        const char *st = itest_msg_header(m, "newsx-source-topic");
        const char *ts = itest_msg_header(m, "newsx-source-timestamp");
        const char *code = itest_msg_header(m, "newsx-error-code");
        const char *msg = itest_msg_header(m, "newsx-error");
        ITEST_CHECK(sp && so && st && ts && code && msg, "dead letter %zu lacks a header", d);
        ITEST_CHECK(strcmp(st, t.in) == 0, "newsx-source-topic is '%s'", st);
        int32_t part = (int32_t)atoi(sp);
        int64_t off = strtoll(so, NULL, 10);
        int idx = -1;
        for (int i = 0; i < N_MESSAGES; i++)
            if (ins[i].partition == part && ins[i].offset == off)
                idx = i;
        ITEST_CHECK(idx >= 0, "dead letter names unknown input %d/%" PRId64, part, off);
        input *in = &ins[idx];
        seen[idx]++;
        if (!in->code) {
            itest_log("good article %d dead-lettered: %s: %s", idx, code, msg);
            wrong++;
            continue;
        }
        int key_ok = (in->key == NULL) == (m->key == NULL) && in->key_len == m->key_len &&
                     (!in->key || memcmp(in->key, m->key, in->key_len) == 0);
        int val_ok = in->val_len == m->value_len &&
                     (in->val_len == 0 || memcmp(in->val, m->value, in->val_len) == 0) &&
                     (in->val != NULL || m->value == NULL);
        int code_ok = strcmp(code, in->code) == 0;
        if (!key_ok || !val_ok || !code_ok) {
            itest_log("input %d: key_ok=%d val_ok=%d code '%s' (expected '%s'): %s", idx, key_ok,
                      val_ok, code, in->code, msg);
            wrong++;
        }
        if (strtoll(ts, NULL, 10) <= 0) {
            itest_log("input %d: newsx-source-timestamp '%s'", idx, ts);
            wrong++;
        }
    }
    for (size_t r = 0; r < recs.count; r++) {
        int32_t part;
        int64_t off;
        ITEST_CHECK(
            wu_parse_source(itest_msg_header(&recs.items[r], "newsx-source"), &part, &off) == 0,
            "record without a newsx-source header");
        int idx = -1;
        for (int i = 0; i < N_MESSAGES; i++)
            if (ins[i].partition == part && ins[i].offset == off)
                idx = i;
        ITEST_CHECK(idx >= 0, "record names unknown input %d/%" PRId64, part, off);
        seen[idx]++;
        if (ins[idx].code) {
            itest_log("poison input %d (%s) became a record", idx, ins[idx].code);
            wrong++;
        }
    }
    size_t missing = 0, dups = 0;
    for (int i = 0; i < N_MESSAGES; i++) {
        if (!seen[i])
            missing++;
        else if (seen[i] > 1)
            dups += (size_t)seen[i] - 1;
    }
    itest_log("wrong=%zu missing=%zu duplicates=%zu", wrong, missing, dups);
    ITEST_CHECK(dls.count == n_poison, "expected %zu dead letters, got %zu", n_poison, dls.count);
    ITEST_CHECK(recs.count == n_good, "expected %zu records, got %zu", n_good, recs.count);
    ITEST_CHECK(wrong == 0, "%zu messages were handled wrongly", wrong);
    ITEST_CHECK(missing == 0, "%zu inputs have neither a record nor a dead letter", missing);
    ITEST_CHECK(dups == 0, "%zu duplicates", dups);
    int64_t committed = itest_committed_total(t.group, t.in, N_PARTITIONS);
    ITEST_CHECK(committed == N_MESSAGES, "committed %" PRId64 ", expected %d", committed,
                N_MESSAGES);

    for (int i = 0; i < N_MESSAGES; i++) {
        free(ins[i].key);
        free(ins[i].val);
    }
    free(ins);
    free(seen);
    itest_msgs_free(&recs);
    itest_msgs_free(&dls);
    return itest_pass();
}
