/*
 * it_replay_time.c - replay from a timestamp in the middle of a topic, and
 * determinism.
 *
 * 2,000 articles over 4 partitions with explicit message timestamps one
 * second apart. A normal worker (at_least_once, one thread) processes them
 * all. Then `newsx-worker replay --from <time of article 1000>` (exactly_once,
 * four threads, other batch sizes) writes to a second output topic. It must
 * exit 0, produce exactly one record for each article at or after the time
 * and none for the others, each carrying the newsx-replay-id header, and
 * every replayed record must be byte-identical (key and value) to the first
 * run's record of the same input.
 */
#include "it_replay_util.h"

#define N_ARTICLES   2000
#define N_PARTITIONS 4
#define MID          1000

int main(void)
{
    wu_topics t;
    wu_topics_make(&t, "it-replay-time", N_PARTITIONS);
    char out2[128];
    itest_unique_name(out2, sizeof out2, "it-replay-time-out2");
    itest_create_topic(out2, 4);
    int64_t ts0 = rp_wall_ms() - 3 * 3600 * 1000LL; /* three hours ago, 1 s apart */
    rp_produce_timed(t.in, N_PARTITIONS, 0, N_ARTICLES, ts0, 1000);

    /* first run */
    const char *extra[] = {"threads=1", NULL};
    pid_t pid = wu_start(&t, extra, NULL);
    itest_msgs first = {0};
    wu_read_all(t.out, N_ARTICLES, 120000, 1000, &first);
    int rc = wu_stop(pid, SIGTERM, 40000);
    ITEST_CHECK(rc == 0, "first run exited with %d", rc);
    ITEST_CHECK(first.count == N_ARTICLES, "first run: %zu records", first.count);

    /* replay from the time of article MID */
    char iso[64];
    rp_iso(ts0 + (int64_t)MID * 1000, iso, sizeof iso);
    char out_path[128], err_path[128];
    snprintf(out_path, sizeof out_path, "/tmp/it-replay-time-%d.out", (int)getpid());
    snprintf(err_path, sizeof err_path, "/tmp/it-replay-time-%d.err", (int)getpid());
    const char *args[] = {"--set",       "processing.guarantee=exactly_once",
                          "--set",       "instance.id=replay-time",
                          "--set",       "threads=4",
                          "--set",       "eos.commit.articles=77",
                          "--set",       "log.level=info",
                          "--from",      iso,
                          "--replay-id", "rt-1",
                          NULL};
    rc = rp_run(&t, out2, args, out_path, err_path, 300000);
    char *so = wu_slurp(out_path);
    fprintf(stderr, "%s", so);
    ITEST_CHECK(rc == 0, "replay exited with %d (stderr in %s)", rc, err_path);
    ITEST_CHECK(strstr(so, "summary") && strstr(so, "complete"), "no complete summary printed");
    free(so);

    size_t want = N_ARTICLES - MID;
    rd_kafka_t *c = itest_consumer_new(NULL, out2, wu_read_committed);
    itest_msgs again = {0};
    itest_consume(c, want, 60000, 3000, &again);
    itest_consumer_destroy(c);

    /* coverage: article i is at partition i % 4, offset i / 4 */
    wu_cover cov;
    wu_cover_init(&cov, N_PARTITIONS, N_ARTICLES);
    size_t before = 0, no_header = 0, differ = 0;
    for (size_t i = 0; i < again.count; i++) {
        const itest_msg *m = &again.items[i];
        wu_cover_add(&cov, m);
        const char *rid = itest_msg_header(m, "newsx-replay-id");
        if (!rid || strcmp(rid, "rt-1") != 0)
            no_header++;
        int32_t p;
        int64_t o;
        ITEST_CHECK(wu_parse_source(itest_msg_header(m, "newsx-source"), &p, &o) == 0,
                    "replayed record without newsx-source");
        int64_t article = o * N_PARTITIONS + p;
        if (article < MID)
            before++;
        const itest_msg *f = rp_find_source(&first, p, o);
        if (!f || f->value_len != m->value_len || memcmp(f->value, m->value, m->value_len) != 0 ||
            f->key_len != m->key_len || (m->key_len && memcmp(f->key, m->key, m->key_len) != 0))
            differ++;
    }
    size_t missing_after = 0, dups = 0;
    for (int p = 0; p < N_PARTITIONS; p++)
        for (int64_t o = 0; o < cov.expect[p]; o++) {
            int64_t article = o * N_PARTITIONS + p;
            if (article >= MID && cov.seen[p][o] == 0)
                missing_after++;
            if (cov.seen[p][o] > 1)
                dups += (size_t)(cov.seen[p][o] - 1);
        }
    printf("it_replay_time: replay from %s: %zu records (want %zu), %zu before the time, %zu "
           "missing, %zu duplicates, %zu not byte-identical, %zu without replay id\n",
           iso, again.count, want, before, missing_after, dups, differ, no_header);
    ITEST_CHECK(before == 0, "%zu records of articles before the time", before);
    ITEST_CHECK(missing_after == 0, "%zu articles at or after the time not replayed",
                missing_after);
    ITEST_CHECK(dups == 0, "%zu duplicates", dups);
    ITEST_CHECK(again.count == want, "%zu records, want %zu", again.count, want);
    ITEST_CHECK(differ == 0, "%zu replayed records differ from the first run's", differ);
    ITEST_CHECK(no_header == 0, "%zu records without newsx-replay-id rt-1", no_header);
    unlink(out_path);
    unlink(err_path);
    wu_cover_free(&cov);
    itest_msgs_free(&again);
    itest_msgs_free(&first);
    return itest_pass();
}
